"""Reading the accessible editions back, for the publication gate's second scan.

Like readback.py (whose conventions this follows, and whose PDF reader it reuses),
this reads the *file* as its readers would, including the texts only assistive
technology or a search engine sees:

* HTML (:func:`html_units`): the visible text of the body; the ``<title>``; every
  ``<meta>`` content; every attribute that carries words (``alt``, ``title``,
  ``aria-label``, ``aria-description``, ``placeholder``, ``value``, ``summary``,
  ``content``); the SVG ``<title>`` and ``<desc>`` of each chart; the strings the
  style sheet prints in the page margins (``content: "..."``); comments; link targets.
* Tagged PDF (:func:`tagged_pdf_units`): everything :func:`readback.pdf_units` reads
  (page text through pypdf and pdftotext, bookmarks, file properties, XMP), plus the
  structure tree's alternative texts (``/Alt``), replacement texts (``/ActualText``),
  expansions (``/E``) and element titles (``/T``).

Each text is given raw, with line breaks joined and with hyphenation undone
(readback.variants), its place naming the file and the part.
"""

from __future__ import annotations

import html
import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from dhrdesk.core.anonymise import TextUnit
from dhrdesk.documents.readback import _units, pdf_units

_WORD_ATTRIBUTES = (
    "alt",
    "title",
    "aria-label",
    "aria-description",
    "aria-roledescription",
    "aria-valuetext",
    "placeholder",
    "value",
    "summary",
    "content",
    "label",
    "abbr",
    "download",
)
_LINK_ATTRIBUTES = ("href", "src", "xlink:href", "action", "cite", "poster", "data")
_BLOCK_TAGS = {
    "p", "div", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "br",
    "section", "nav", "header", "footer", "main", "caption", "figcaption", "dt", "dd",
    "blockquote", "table", "ol", "ul", "dl", "figure", "title", "desc", "text", "tspan",
}  # fmt: skip
_CSS_STRINGS = re.compile(r"""content\s*:\s*((?:"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[^;}"']+)+)""")
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)")


def _css_unescape(value: str) -> str:
    def one(match: re.Match[str]) -> str:
        if match.group(1):
            try:
                return chr(int(match.group(1), 16))
            except (ValueError, OverflowError):
                return "\ufffd"
        return match.group(2)

    return _CSS_ESCAPE.sub(one, value)


def css_printed_strings(css: str) -> list[str]:
    """The quoted strings of every ``content:`` declaration (what the page margins of a
    printed page show), unescaped."""
    out: list[str] = []
    for declaration in _CSS_STRINGS.findall(css):
        for quoted in re.findall(r'"((?:[^"\\]|\\.)*)"|\'((?:[^\'\\]|\\.)*)\'', declaration):
            text = _css_unescape(quoted[0] or quoted[1])
            if text.strip():
                out.append(text)
    return out


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.body: list[str] = []
        self.title: list[str] = []
        self.svg_titles: list[str] = []
        self.attributes: list[str] = []
        self.links: list[str] = []
        self.meta: list[str] = []
        self.styles: list[str] = []
        self.comments: list[str] = []
        self.scripts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        if tag in _BLOCK_TAGS:
            self.body.append("\n")
        if tag not in ("br", "meta", "link", "img", "input", "hr", "wbr", "source"):
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._attributes(tag, attrs)
        if tag in _BLOCK_TAGS:
            self.body.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass
        if tag in _BLOCK_TAGS:
            self.body.append("\n")

    def _attributes(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for name, value in attrs:
            if not value or not value.strip():
                continue
            if name in _WORD_ATTRIBUTES:
                target = self.meta if tag == "meta" else self.attributes
                if tag == "meta":
                    key = values.get("name") or values.get("http-equiv") or "meta"
                    target.append(f"{key}: {value}")
                else:
                    target.append(value)
            elif name in _LINK_ATTRIBUTES:
                self.links.append(value)
            elif name == "style" and "content" in value:
                self.styles.append(value)

    def handle_data(self, data: str) -> None:
        inside = self.stack[-1] if self.stack else ""
        if inside == "style":
            self.styles.append(data)
        elif inside == "script":
            self.scripts.append(data)
        elif inside == "title" and "svg" not in self.stack:
            self.title.append(data)
        else:
            if inside in ("title", "desc") and "svg" in self.stack:
                self.svg_titles.append(data)
            self.body.append(data)

    def handle_comment(self, data: str) -> None:
        self.comments.append(data)


def _body_text(parts: list[str]) -> str:
    text = "".join(parts)
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def html_units(path: Path, label: str) -> list[TextUnit]:
    """Every text a reader, a screen reader or a search engine can get out of the HTML
    file at ``path``."""
    raw = Path(path).read_bytes().decode("utf-8", "replace")
    reader = _Reader()
    reader.feed(raw)
    reader.close()
    where = f"{label} (written HTML)"
    units: list[TextUnit] = []
    units += _units(f"{where} › title", " ".join("".join(reader.title).split()))
    units += _units(f"{where} › text", _body_text(reader.body))
    units += _units(f"{where} › chart titles and descriptions", "\n".join(reader.svg_titles))
    units += _units(
        f"{where} › attributes (alternative text, labels)", "\n".join(reader.attributes)
    )
    units += _units(f"{where} › meta", "\n".join(reader.meta))
    printed = [s for css in reader.styles for s in css_printed_strings(css)]
    units += _units(f"{where} › page margins (print style)", "\n".join(printed))
    units += _units(f"{where} › comments", "\n".join(reader.comments))
    units += _units(f"{where} › scripts", "\n".join(reader.scripts))
    units += _units(f"{where} › link targets", "\n".join(html.unescape(v) for v in reader.links))
    return units


# ------------------------------------------------------------------------ tagged PDF
_STRUCT_KEYS = ("/Alt", "/ActualText", "/E", "/T")
_KEY_NAMES = {
    "/Alt": "alternative text",
    "/ActualText": "replacement text",
    "/E": "expansion",
    "/T": "element titles",
}


def structure_texts(reader) -> dict[str, list[str]]:
    """The texts held in the structure tree of a pypdf ``PdfReader``: key -> texts in
    tree order. A file without a structure tree gives empty lists."""
    from pypdf.generic import ArrayObject, DictionaryObject

    found: dict[str, list[str]] = {key: [] for key in _STRUCT_KEYS}
    root = reader.trailer["/Root"]
    if "/StructTreeRoot" not in root:
        return found
    seen: set[int] = set()
    stack = [root["/StructTreeRoot"]]
    while stack:
        item = stack.pop()
        ref = getattr(item, "idnum", None)
        obj = item.get_object() if hasattr(item, "get_object") else item
        if ref is not None:
            if ref in seen:
                continue
            seen.add(ref)
        if isinstance(obj, ArrayObject):
            stack.extend(reversed(list(obj)))
            continue
        if not isinstance(obj, DictionaryObject):
            continue
        for key in _STRUCT_KEYS:
            if key in obj:
                value = obj[key]
                text = str(value.get_object() if hasattr(value, "get_object") else value)
                if text.strip():
                    found[key].append(text)
        if "/K" in obj:
            stack.append(obj["/K"])
    return found


def _parent_tree(reader) -> dict[int, object]:
    """The structure tree's ParentTree (a number tree) as ``key -> value``."""
    root = reader.trailer["/Root"]
    out: dict[int, object] = {}
    if "/StructTreeRoot" not in root:
        return out
    tree = root["/StructTreeRoot"].get_object().get("/ParentTree")
    stack = [tree] if tree is not None else []
    while stack:
        node = stack.pop().get_object()
        nums = node.get("/Nums")
        if nums is not None:
            for index in range(0, len(nums) - 1, 2):
                out[int(nums[index])] = nums[index + 1]
        stack.extend(node.get("/Kids", []))
    return out


def _cell_of(element, cache: dict[int, int | None]) -> int | None:
    """The object number of the table cell (TD/TH) an element lies in, or None."""
    chain = []
    node = element
    found: int | None = None
    for _ in range(64):
        ref = getattr(node, "idnum", None)
        if ref is not None and ref in cache:
            found = cache[ref]
            break
        obj = node.get_object() if hasattr(node, "get_object") else node
        if ref is not None:
            chain.append(ref)
        if not hasattr(obj, "get") or "/S" not in obj:
            break
        if str(obj["/S"]) in ("/TD", "/TH"):
            found = ref
            break
        if "/P" not in obj:
            break
        node = obj.raw_get("/P") if hasattr(obj, "raw_get") else obj["/P"]
    for ref in chain:
        cache[ref] = found
    return found


def page_texts(reader) -> list[str]:
    """The text of each page with every table cell on its own line, as a screen reader
    reads a tagged table cell by cell (pypdf alone joins the cells of a row with a
    space, so "0.1" and "December 2026" in two cells would read "0.1 December 2026").
    Nothing is left out: every fragment pypdf extracts is kept, only the separator
    between two cells changes; untagged and artifact text is kept as extracted."""
    parents = _parent_tree(reader)
    cache: dict[int, int | None] = {}
    texts: list[str] = []
    for page in reader.pages:
        key = page.get("/StructParents")
        mcids: Any = parents.get(int(key)) if key is not None else None
        mcids = mcids.get_object() if mcids is not None else None
        stack: list[int | None] = []
        pieces: list[str] = []
        previous: list[int | None] = [None]

        def before(operator, operands, cm, tm, stack=stack) -> None:
            if operator in (b"BDC", b"BMC"):
                mcid = None
                if operator == b"BDC" and len(operands) > 1:
                    props = operands[1]
                    props = props.get_object() if hasattr(props, "get_object") else props
                    if hasattr(props, "get") and "/MCID" in props:
                        mcid = int(props["/MCID"])
                stack.append(mcid)
            elif operator == b"EMC" and stack:
                stack.pop()

        def text(
            value, cm, tm, font, size, stack=stack, pieces=pieces, previous=previous, mcids=mcids
        ):
            if not value:
                return
            mcid = next((m for m in reversed(stack) if m is not None), None)
            cell = None
            if mcid is not None and mcids is not None and 0 <= mcid < len(mcids):
                cell = _cell_of(mcids[mcid], cache)
            if cell is not None and previous[0] is not None and cell != previous[0]:
                if pieces and not pieces[-1].endswith("\n"):
                    pieces.append("\n")
                value = value.lstrip(" ")
            pieces.append(value)
            previous[0] = cell if value.strip() else previous[0]

        page.extract_text(visitor_operand_before=before, visitor_text=text)
        texts.append("".join(pieces))
    return texts


def tagged_pdf_units(path: Path, label: str) -> list[TextUnit]:
    """Every text of the tagged PDF at ``path``: what :func:`readback.pdf_units` reads
    (pages, bookmarks, properties, XMP, pdftotext's layout text) and the structure
    tree's texts, with each page's pypdf text read cell by cell (:func:`page_texts`)."""
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    page_prefix = f"{label} (written PDF) › page "
    units = [u for u in pdf_units(path, label) if not u.where.startswith(page_prefix)]
    for number, text in enumerate(page_texts(reader), start=1):
        units += _units(f"{page_prefix}{number}", text)
    for key, texts in structure_texts(reader).items():
        units += _units(
            f"{label} (written PDF) › structure tree {_KEY_NAMES[key]}", "\n".join(texts)
        )
    return units


def file_units(path: Path, fmt: str, label: str) -> list[TextUnit]:
    """The read-back texts of a written publication file: ``fmt`` "html", "pdf" (the
    tagged PDF: everything readback.pdf_units reads plus the structure tree) or "docx"
    (readback.docx_units). A drop-in for readback.file_units in the gate."""
    if fmt == "html":
        return html_units(path, label)
    if fmt == "pdf":
        return tagged_pdf_units(path, label)
    from dhrdesk.documents.readback import file_units as other_units

    return other_units(path, fmt, label)


__all__ = [
    "css_printed_strings",
    "file_units",
    "html_units",
    "structure_texts",
    "tagged_pdf_units",
]
