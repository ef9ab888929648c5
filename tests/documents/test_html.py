"""The HTML edition read back as a browser, a screen reader and the gate would: one
self-contained file, en-GB, headings in order, numbered paragraphs, captioned tables
with header cells, charts with text alternatives, escaped text, print styles."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from dhrdesk.core.files import FileWriteError
from dhrdesk.documents.html import css_string, render_html, write_html
from dhrdesk.documents.readback_a11y import css_printed_strings, html_units
from tests.documents.a11y_fixture import HOSTILE, UNICODE, sample_document

MARKING = "OFFICIAL-SENSITIVE"


class _Tree(HTMLParser):
    """Elements in order: (tag, attributes, text inside up to the next tag)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.texts: dict[int, list[str]] = {}
        self.open: list[int] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.elements.append((tag, dict(attrs)))
        if tag not in ("br", "meta", "link", "img", "input", "hr"):
            self.open.append(len(self.elements) - 1)

    def handle_endtag(self, tag) -> None:
        while self.open:
            index = self.open.pop()
            if self.elements[index][0] == tag:
                break

    def handle_data(self, data) -> None:
        for index in self.open:
            self.texts.setdefault(index, []).append(data)

    def text(self, index: int) -> str:
        return " ".join("".join(self.texts.get(index, [])).split())

    def find(self, tag: str) -> list[int]:
        return [i for i, (t, _) in enumerate(self.elements) if t == tag]


def _parse(data: bytes) -> _Tree:
    tree = _Tree()
    tree.feed(data.decode("utf-8"))
    return tree


@pytest.fixture(scope="module")
def publication() -> tuple[bytes, _Tree]:
    data = render_html(sample_document())
    return data, _parse(data)


@pytest.fixture(scope="module")
def restricted() -> tuple[bytes, _Tree]:
    data = render_html(sample_document(marking=MARKING))
    return data, _parse(data)


def test_language_title_and_one_h1(publication) -> None:
    data, tree = publication
    html = tree.elements[tree.find("html")[0]][1]
    assert html["lang"] == "en-GB"
    titles = [tree.text(i) for i in tree.find("title") if "svg" not in _ancestors(tree, i)]
    assert titles == ["DHR 2025/11 – Overview report"]
    assert len(tree.find("h1")) == 1
    assert tree.text(tree.find("h1")[0]) == "Overview Report into the death of Adult A"
    assert data.startswith(b"<!DOCTYPE html>")


def _ancestors(tree: _Tree, index: int) -> list[str]:
    # Good enough for the chart check: an svg element opened before and not yet closed.
    tags = [t for t, _ in tree.elements[:index]]
    return tags[tags.index("svg") :] if "svg" in tags else []


def test_headings_in_order_never_skip_a_level(publication) -> None:
    _, tree = publication
    levels = [int(tag[1]) for tag, _ in tree.elements if re.fullmatch(r"h[1-6]", tag)]
    assert levels[0] == 1
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"heading level jumps from {before} to {after}"
    headings = [tree.text(i) for i in tree.find("h2")]
    assert headings[:3] == ["Version control", "Condolences", "Contents"]
    assert "1 Introduction" in headings and "Appendix A Action plan" in headings
    # The model's level-3 heading straight under a part becomes h3, not h4.
    assert "Deep heading first" in [tree.text(i) for i in tree.find("h3")]


def test_paragraph_numbers_are_visible_text(publication) -> None:
    _, tree = publication
    numbered = [i for i, (tag, attrs) in enumerate(tree.elements) if tag == "p" and attrs.get("id")]
    texts = [tree.text(i) for i in numbered]
    assert texts[0].startswith("1.1 This review concerns Adult A")
    assert [t.split()[0] for t in texts] == sample_document().paragraph_numbers()
    assert f"1.2 Family members who spoke to the panel: {UNICODE}." in texts


def test_tables_have_captions_and_scoped_header_cells(publication) -> None:
    data, tree = publication
    tables = tree.find("table")
    assert len(tables) == 5  # version control, contributors, two chart data, action plan
    text = data.decode()
    assert text.count("<caption>") == len(tables)
    for tag, attrs in tree.elements:
        if tag == "th":
            assert attrs.get("scope") in ("col", "rowgroup")
    assert "<caption>Table 1: Agencies</caption>" in text
    # The theme group row is a row-group header, not a data cell.
    assert '<th scope="rowgroup" colspan="2">Police</th>' in text


def test_every_chart_has_a_text_alternative_and_its_data(publication) -> None:
    data, tree = publication
    svgs = tree.find("svg")
    assert len(svgs) == 2
    for index in svgs:
        attrs = tree.elements[index][1]
        assert attrs["role"] == "img"
        title_id, desc_id = attrs["aria-labelledby"].split()
        ids = {a.get("id"): i for i, (_, a) in enumerate(tree.elements)}
        assert tree.text(ids[title_id])
        assert tree.text(ids[desc_id]).startswith(("Bar chart:", "Line chart:"))
    text = data.decode()
    assert "Risk identification and assessment: 7; Information sharing: 5; Housing: 2." in text
    assert text.count("<caption>Data for figure") == 2
    assert text.count("<figcaption>") == 2


def test_ids_are_unique_and_every_link_lands(publication) -> None:
    _, tree = publication
    ids = [a["id"] for _, a in tree.elements if a.get("id")]
    assert len(ids) == len(set(ids))
    for tag, attrs in tree.elements:
        href = attrs.get("href")
        if tag == "a" and href:
            assert href.startswith("#") and href[1:] in ids, href
    contents = [tree.text(i) for i, (t, a) in enumerate(tree.elements) if t == "nav"]
    assert contents and contents[0].startswith("Contents 1 Introduction")


def test_self_contained_no_request_no_script(publication, restricted) -> None:
    for data, _ in (publication, restricted):
        text = data.decode()
        assert "<script" not in text.lower()
        assert re.search(r"\s(?:src|srcset|action|poster)=", text) is None
        assert "@import" not in text and "<link" not in text
        assert re.findall(r"url\((?!#)", text) == []
        assert re.findall(r'href="(?!#)', text) == []
        assert "default-src 'none'" in text  # a browser refuses any request anyway


def test_text_is_escaped_and_reads_back_as_typed(publication) -> None:
    data, _ = publication
    text = data.decode()
    assert "<script>alert(1)</script>" not in text
    assert "</style><script>" not in text
    units = html_units_from_bytes(data)
    body = next(u.text for u in units if u.where.endswith("› text"))
    assert HOSTILE in body
    assert UNICODE in body


def html_units_from_bytes(data: bytes, tmp: Path | None = None):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "doc.html"
        path.write_bytes(data)
        return html_units(path, "Overview")


def test_print_style_gives_a4_pages_with_the_marking(restricted, publication) -> None:
    data, _ = restricted
    text = data.decode()
    assert "@page { size: A4;" in text
    assert "@page landscape { size: A4 landscape;" in text
    assert 'counter(page) " of " counter(pages)' in text
    style = text[text.index("<style>") : text.index("</style>")]
    printed = css_printed_strings(style)
    assert printed.count(MARKING) == 2  # top and bottom of every printed page
    assert "DHR 2025/11 · Overview report · Version 1.0" in printed
    assert text.count(f'<p class="marking">{MARKING}</p>') == 2  # on screen too
    pub = publication[0].decode()
    assert MARKING not in pub and "@top-center" not in pub


@pytest.mark.parametrize(
    "value", ['A "quoted" } body { display:none } </style><script>', "Łukasz\\ \n 'x'", "a;b"]
)
def test_css_strings_cannot_break_out(value: str) -> None:
    literal = css_string(value)
    assert literal.startswith('"') and literal.endswith('"')
    inner = literal[1:-1]
    assert all(c.isalnum() or c in " .,-:()/\\" for c in inner)
    assert css_printed_strings(f"x {{ content: {literal}; }}") == [" ".join(value.split())]


def test_readback_sees_alternative_texts_attributes_and_meta(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        '<!DOCTYPE html><html lang="en-GB"><head><title>Report on Adult A</title>'
        '<meta name="author" content="Jane Secret"><style>@page { @top-center { '
        'content: "Marked \\0000c9  x"; } }</style></head><body>'
        '<img alt="Photo of Adam Smith"><a href="#x" title="Tip for Mary" '
        'aria-label="Label Kate">Link</a><svg role="img"><title>Chart by Tom</title>'
        "<desc>Described by Ann</desc></svg><!-- note by Bob --><p>Body text</p>"
        "</body></html>",
        encoding="utf-8",
    )
    units = html_units(page, "Test")
    everything = "\n".join(u.text for u in units)
    for word in (
        "Report on Adult A",
        "Jane Secret",
        "Marked É x",
        "Photo of Adam Smith",
        "Tip for Mary",
        "Label Kate",
        "Chart by Tom",
        "Described by Ann",
        "note by Bob",
        "Body text",
    ):
        assert word in everything, word
    assert all(u.where.startswith("Test (written HTML) › ") for u in units)


def test_write_html_is_atomic(tmp_path: Path) -> None:
    target = tmp_path / "overview.html"
    target.write_bytes(b"yesterday")
    write_html(sample_document(), target)
    assert target.read_bytes().startswith(b"<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir()] == ["overview.html"]
    with pytest.raises(FileWriteError, match="does not exist"):
        write_html(sample_document(), tmp_path / "missing" / "x.html")


# --------------------------------------------------- from the store, and the command line
@pytest.fixture(scope="module")
def store_review(tmp_path_factory: pytest.TempPathFactory):
    from dhrdesk.core import model as m
    from dhrdesk.store import Store
    from tests.conftest import DISPLAY_NAME, PASSPHRASE
    from tests.documents import fixture_review as fx

    folder = tmp_path_factory.mktemp("html-store")
    path = folder / "s.dhrdesk"
    store = Store.create(path, PASSPHRASE, DISPLAY_NAME)
    try:
        rid = fx.populate(store)
        store.repos.records.save(
            m.RegisterEntry(rid, "full_name", "Marguerite Kowalczyk", replacement="Adult A")
        )
        store.repos.drafting.save_section(
            m.ReportSection(
                rid,
                "overview",
                "family_involvement",
                [fx.para("Marguerite Kowalczyk's brother spoke to the panel.")],
            )
        )
    finally:
        store.close()
    secret = folder / "pass.txt"
    secret.write_text(PASSPHRASE + "\n")
    secret.chmod(0o600)
    return {"folder": folder, "store": path, "secret": secret, "ref": fx.REF}


def test_cli_report_writes_the_restricted_html_edition(store_review, capsys) -> None:
    from dhrdesk import cli

    out = store_review["folder"] / "overview.html"
    code = cli.main(
        [
            "--store",
            str(store_review["store"]),
            "--passphrase-file",
            str(store_review["secret"]),
            "report",
            store_review["ref"],
            "--document",
            "overview",
            "--format",
            "html",
            "--out",
            str(out),
        ]
    )
    assert code == 0, capsys.readouterr()
    data = out.read_bytes()
    tree = _parse(data)
    assert tree.elements[tree.find("html")[0]][1]["lang"] == "en-GB"
    assert b'<p class="marking">OFFICIAL-SENSITIVE</p>' in data
    units = html_units(out, "Overview report")
    body = next(u.text for u in units if u.where.endswith("› text"))
    assert "Contents" in body and "1.1 " in body
    assert "Marguerite Kowalczyk's brother" in body  # the restricted edition is not substituted


def test_publication_edition_from_the_gate_carries_no_registered_name(store_review) -> None:
    from dhrdesk.documents.builders import build_document
    from dhrdesk.documents.gate import anonymiser_for, prepare
    from dhrdesk.store import Store
    from tests.conftest import PASSPHRASE

    store = Store.open(store_review["store"], PASSPHRASE)
    try:
        review = store.repos.reviews.get(store_review["ref"])
        anon = anonymiser_for(store, review.id)
        document = prepare(anon, build_document(store, review.reference, "overview", marking=None))
    finally:
        store.close()
    path = write_html(document, store_review["folder"] / "overview-publication.html")
    everything = "\n".join(u.text for u in html_units(path, "Overview report"))
    assert "Adult A's brother spoke to the panel." in everything
    assert "Kowalczyk" not in everything
    assert "OFFICIAL-SENSITIVE" not in everything


def test_merged_cells_alignment_and_status_colours(publication) -> None:
    data, _ = publication
    text = data.decode()
    assert '<td rowspan="2">1 Train staff</td>' in text
    # The covered cell is left out, so the second row starts with its action.
    assert "<tr><td>Audit the training</td>" in text
    assert '<td class="num" style="background-color: #C6EFCE">Complete</td>' in text


def test_a_chart_label_that_looks_like_markup_stays_text() -> None:
    from dhrdesk.documents.charts import themes_bar
    from dhrdesk.documents.pdf_tagged import render_tagged_pdf

    document = sample_document()
    label = '<script>alert(1)</script> & "A" \x0b'
    document.sections[2].blocks.append(themes_bar([label], [1], caption="Cap </title><x>"))
    text = render_html(document).decode()
    assert "<script>" not in text and "</title><x>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert render_tagged_pdf(document).startswith(b"%PDF")
