"""Fuzz every import path with deterministic cases: mutations of valid files and
structure-aware cases (huge fields, deep nesting, wrong types, zip bombs, formula and
CSV-injection cells, every text encoding Excel writes, BOMs, ``sep=`` lines).

Each case runs through the same functions the CLI and the GUI call, against a real
encrypted store. A case passes when it is imported, or refused with a DhrDeskError
(a message for the user) AND the store's full logical content is unchanged. A
traceback (any other exception), a case over 30 s, or a refusal that changed the
store is a failure, saved under tests/reliability/failures/<kind>-<seed>.bin.
Case ``i`` of kind ``k`` is built from ``random.Random(f"{k}:{i}")``: rerunning
gives the same bytes.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import json
import random
import shutil
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from dhrdesk.core.errors import DhrDeskError
from tests.reliability.common import (
    HANG_SECONDS,
    PASSPHRASE,
    Hang,
    Tally,
    logical_dump,
    peak_mb,
    save_failure,
    time_limit,
)

KINDS = (
    "review-json",
    "chronology-csv",
    "chronology-xlsx",
    "chronology-docx",
    "package",
    "update-sheet",
    "store-file",
)

HEADERS = [
    "Date",
    "Time",
    "Source of information",
    "Event/contact",
    "Action taken/outcome",
    "Agency comment",
    "Subjects",
    "Themes",
]
NASTY = [
    '=HYPERLINK("http://example.invalid","Click")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1",
    "\r=1",
    "=cmd|'/C calc'!A0",
    "#REF!",
    "#N/A",
    "43558",
    "43558.75",
    "1e308",
    "-0",
    "NaN",
    "TRUE",
    "",
    " ",
    "\x00",
    "\u202e",
    "Zoë Łukasz Nguyễn Siobhán",
    "\ufeff",
    "'quoted'",
    '"unbalanced',
    "a\nb",
    "a\r\nb",
    "31/02/2019",
    "2019",
    "March 2019",
    "25:61",
    "\u2028",
]
ENCODINGS = [
    "utf-8",
    "utf-8-sig",
    "utf-16",
    "utf-16-le",
    "utf-16-be",
    "cp1252",
    "latin-1",
    "mac-roman",
    "utf-32",
]


# ----------------------------------------------------------------------- byte mutations
def mutate_bytes(rng: random.Random, data: bytes, others: list[bytes] = ()) -> bytes:
    """One to four byte-level mutations (flip, delete, insert, duplicate, truncate, splice)."""
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        if not out:
            out.extend(rng.randbytes(rng.randint(1, 64)))
            continue
        op = rng.randrange(7)
        at = rng.randrange(len(out))
        if op == 0:
            out[at] ^= 1 << rng.randrange(8)
        elif op == 1:
            del out[at : at + rng.randint(1, 256)]
        elif op == 2:
            out[at:at] = rng.randbytes(rng.randint(1, 64))
        elif op == 3:
            end = min(len(out), at + rng.randint(1, 512))
            out[at:at] = out[at:end] * rng.randint(2, 50)
        elif op == 4:
            del out[at:]
        elif op == 5 and others:
            other = rng.choice(others)
            out[at:] = other[rng.randrange(max(1, len(other))) :]
        else:
            out[at] = rng.choice(b"\x00\xff\"',;\t\n\r<>&{}[]")
    return bytes(out)


def _text(rng: random.Random, scale: float) -> str:
    roll = rng.random()
    if roll < 0.5:
        return rng.choice(
            ["GP record", "Police log", "Home visit", "Referred", "Zoë", "03/04/2019"]
        )
    if roll < 0.8:
        return rng.choice(NASTY)
    if roll < 0.9:
        return "x" * rng.choice([1000, 33_000, int(200_000 * scale) + 1])
    return "".join(chr(rng.randrange(0x20, 0x2FFF)) for _ in range(rng.randint(1, 40)))


def _rows(rng: random.Random, scale: float) -> list[list[str]]:
    count = rng.choice([0, 1, 3, 20, 200, int(20_000 * scale) + 1, int(60_000 * scale) + 1])
    width = rng.choice([1, 2, 3, len(HEADERS), 30])
    headers = rng.choice([HEADERS[:width], [_text(rng, scale) for _ in range(width)], HEADERS])
    rows = [headers]
    budget = 22_000_000  # characters: just over the 20 MB file limit, never more
    for i in range(count):
        if rng.random() < 0.7:
            row = [f"{1 + i % 28:02d}/03/2019", "", f"Source {i % 7}", f"Event {i}", "Done", ""]
        else:
            row = [_text(rng, scale) for _ in range(rng.randint(0, width + 3))]  # ragged
        budget -= sum(len(c) for c in row) + len(row)
        if budget < 0:
            break
        rows.append(row)
    if rng.random() < 0.2:
        rows.insert(0, ["Chronology of a fictional agency"])
    return rows


# ----------------------------------------------------------------------- case builders
def csv_case(rng: random.Random, scale: float) -> bytes:
    rows = _rows(rng, scale)
    delimiter = rng.choice([",", ";", "\t", "|"])
    buffer = io.StringIO(newline="")
    csv.writer(
        buffer, delimiter=delimiter, lineterminator=rng.choice(["\r\n", "\n", "\r"])
    ).writerows(rows)
    text = buffer.getvalue()
    if rng.random() < 0.3:
        text = (
            rng.choice(
                [f"sep={delimiter}\n", f'"sep={delimiter}"\r\n', "sep=\n", 'sep="\n', "SEP=;\n"]
            )
            + text
        )
    encoding = rng.choice(ENCODINGS)
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.3:
        data = mutate_bytes(rng, data)
    return data


def xlsx_case(rng: random.Random, scale: float) -> bytes:
    import datetime as dt

    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = rng.choice(["Chronology", "Sheet1", "=1", "x" * 31])
    rows = _rows(rng, min(scale, 0.2))  # openpyxl writes slowly: fewer rows, same shapes
    for row in rows:
        cells: list[Any] = []
        for value in row:
            roll = rng.random()
            if roll < 0.05:
                value = dt.datetime(2019, 4, 3, rng.randrange(24), 0)
            elif roll < 0.08:
                value = rng.choice([43558, 43558.75, True, -1, 1e308])
            cells.append(value[:32_000] if isinstance(value, str) else value)
        try:
            sheet.append(cells)
        except Exception:  # noqa: BLE001 - openpyxl refuses some characters; skip the row
            continue
    if rng.random() < 0.3 and sheet.max_row > 2:
        sheet.merge_cells(rng.choice(["A2:C2", "A2:A5", "B3:H9"]))
    if rng.random() < 0.3:
        hidden = book.create_sheet("Lists", 0)
        hidden.append(["Date", "Source", "Event"])
        hidden.sheet_state = rng.choice(["hidden", "veryHidden"])
    buffer = io.BytesIO()
    book.save(buffer)
    return _zip_mutation(rng, buffer.getvalue())


def docx_case(rng: random.Random, scale: float) -> bytes:
    import docx

    document = docx.Document()
    document.add_paragraph("Chronology of a fictional agency")
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        rows = _rows(rng, min(scale, 0.02))[:400]
        width = max(1, max(len(r) for r in rows))
        table = document.add_table(rows=len(rows), cols=min(width, 12))
        for row, values in zip(table.rows, rows, strict=False):
            for cell, value in zip(row.cells, values, strict=False):
                try:
                    cell.text = value[:5000]
                except ValueError:
                    cell.text = "?"
        if rng.random() < 0.3 and len(table.rows) > 2 and len(table.columns) > 1:
            table.cell(1, 0).merge(table.cell(2, 1))
    buffer = io.BytesIO()
    document.save(buffer)
    return _zip_mutation(rng, buffer.getvalue())


def _zip_mutation(rng: random.Random, data: bytes) -> bytes:
    """Damage an Office file at the part level (or the bytes), or leave it valid."""
    roll = rng.random()
    if roll < 0.35:
        return data
    if roll < 0.55:
        return mutate_bytes(rng, data)
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    victim = rng.choice(names)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            content = source.read(name)
            if name == victim:
                choice = rng.randrange(6)
                if choice == 0:
                    continue  # a part missing
                if choice == 1:
                    content = mutate_bytes(rng, content)
                elif choice == 2:
                    content = b"<a>" * 20_000 + b"</a>" * 20_000  # deep nesting
                elif choice == 3:
                    content = content.replace(b"<", b"<!-- -->", 3)
                elif choice == 4:
                    content = (
                        b'<?xml version="1.0"?><!DOCTYPE a [<!ENTITY b "'
                        + b"x" * 1000
                        + (b'">]><a>&b;&b;&b;</a>')
                    )
                elif rng.random() < 0.5:
                    content = content.replace(b'r="', b'r="XFD1048', 2)
                else:  # a merged range over the whole sheet (written as XML: openpyxl
                    # itself would build a cell object for each of its 17 billion cells)
                    content = content.replace(
                        b"</sheetData>",
                        b'</sheetData><mergeCells count="1"><mergeCell ref="A2:XFD1048576"/>'
                        b"</mergeCells>",
                    )
            target.writestr(name, content)
        if rng.random() < 0.2:
            # A zip bomb: a part that expands enormously.
            target.writestr("xl/media/bomb.bin", b"\x00" * int(210 * 1024 * 1024))
    return out.getvalue()


def json_case(rng: random.Random, base: bytes) -> bytes:
    doc = json.loads(base)
    roll = rng.random()
    if roll < 0.3:
        return mutate_bytes(rng, base)
    if roll < 0.4:
        depth = rng.choice([100, 1000, 100_000])
        return ("[" * depth + "]" * depth).encode()
    for _ in range(rng.randint(1, 5)):
        _mutate_json(rng, doc)
    text = json.dumps(doc, ensure_ascii=rng.random() < 0.5)
    return text.encode(rng.choice(["utf-8", "utf-8-sig", "utf-16"]))


def _mutate_json(rng: random.Random, doc: Any) -> None:
    """Change one value somewhere in the tree: wrong type, deleted, huge, nested, nasty."""
    node, parent, key = doc, None, None
    for _ in range(rng.randint(0, 6)):
        if isinstance(node, dict) and node:
            parent, key = node, rng.choice(list(node))
        elif isinstance(node, list) and node:
            parent, key = node, rng.randrange(len(node))
        else:
            break
        node = parent[key]
    if parent is None:
        return
    replacement = rng.choice(
        [
            None,
            0,
            -1,
            2**63,
            1.5,
            True,
            "",
            "x" * 100_000,
            [],
            {},
            [[[[]]]],
            rng.choice(NASTY),
            {"$ref": "#"},
            "2019-02-31",
            "../../etc/passwd",
        ]
    )
    if isinstance(parent, dict) and rng.random() < 0.2:
        del parent[key]
    else:
        parent[key] = replacement


# ----------------------------------------------------------------------- the runner
def run_case(
    tally: Tally,
    kind: str,
    seed: int,
    content: bytes,
    attempt: Callable[[bytes], None],
    dump: Callable[[], str],
) -> str:
    """Run one case and count it; returns 'imported', 'refused' or 'failed'."""
    tally.trials += 1
    before = dump()
    started = time.perf_counter()
    try:
        with time_limit(HANG_SECONDS):
            attempt(content)
    except Hang:
        tally.hangs += 1
        tally.fail(f"case {seed}: over {HANG_SECONDS} s")
        save_failure(kind, seed, content, "hang")
        return "failed"
    except DhrDeskError as exc:
        if "unexpected error" in exc.message.lower():
            tally.fail(f"case {seed}: 'unexpected error' notice")
            save_failure(kind, seed, content, exc.message)
            return "failed"
        if dump() != before:
            tally.changed_after_refusal += 1
            tally.fail(f"case {seed}: refused ({exc.message[:60]}) but the store changed")
            save_failure(kind, seed, content, "changed after refusal: " + exc.message)
            return "failed"
        return "refused"
    except Exception as exc:  # noqa: BLE001 - the thing being counted
        tally.tracebacks += 1
        tally.fail(f"case {seed}: {type(exc).__name__}: {str(exc)[:80]}")
        save_failure(kind, seed, content, f"{type(exc).__name__}: {exc}")
        return "failed"
    finally:
        if time.perf_counter() - started > HANG_SECONDS and tally.hangs == 0:
            tally.hangs += 1
            tally.fail(f"case {seed}: took {time.perf_counter() - started:.0f} s")
    return "imported"


def fuzz(kind: str, cases: int, scale: float, workdir: Path, *, start: int = 0) -> Tally:
    """Run ``cases`` cases of one import path; ``scale`` (0..1) sizes the largest inputs."""
    from dhrdesk.store import Store

    tally = Tally(f"fuzz {kind}")
    started = time.perf_counter()
    previous = limit_memory()
    folder = Path(tempfile.mkdtemp(prefix=f"fuzz-{kind}-", dir=workdir))
    store = Store.create(folder / "fuzz.dhrdesk", PASSPHRASE, "Fuzz Chair")
    try:
        attempt, make = _path(kind, store, folder, scale)
        outcomes: dict[str, int] = {}
        for i in range(start, start + cases):
            rng = random.Random(f"{kind}:{i}")
            try:
                content = make(rng, i)
            except Exception as exc:  # noqa: BLE001 - the generator's own limits, not the app's
                tally.notes.append(f"case {i}: not generated ({type(exc).__name__}); skipped")
                continue
            outcome = run_case(
                tally,
                kind,
                i,
                content,
                lambda data, i=i: attempt(data, i),
                lambda: logical_dump(store),
            )
            outcomes[outcome] = outcomes.get(outcome, 0) + 1
        tally.notes.append(
            ", ".join(f"{count} {outcome}" for outcome, count in sorted(outcomes.items()))
        )
    finally:
        store.close()
        shutil.rmtree(folder, ignore_errors=True)
        restore_memory(previous)
    tally.seconds = time.perf_counter() - started
    tally.peak_mb = peak_mb()
    return tally


MEMORY_LIMIT = 3 * 1024**3


def limit_memory() -> tuple[int, int]:
    """Cap this process's address space, so that a memory bomb in a case shows as a
    MemoryError (which the import must turn into a clear refusal) instead of taking the
    machine down. Returns the previous limits for :func:`restore_memory`."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if soft == resource.RLIM_INFINITY or soft > MEMORY_LIMIT:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, hard))
    return soft, hard


def restore_memory(previous: tuple[int, int]) -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, previous)


def _path(kind: str, store: Any, folder: Path, scale: float) -> tuple[Callable, Callable]:
    """(attempt(content, i), make(rng, i)) for one import path."""
    if kind.startswith("chronology-"):
        from dhrdesk.exchange import chronology_import as ci

        review = store.repos.reviews.create("DHR 2026/90", "Fictional fuzz review")
        suffix = kind.split("-")[1]

        def attempt(content: bytes, i: int) -> None:
            raw = ci.read_table(f"case{i}.{suffix}", content)
            mapping = ci.guess_mapping(raw.headers)
            found = ci.preview(raw, mapping, review, None)
            ci.apply_import(store, review, f"Agency {i % 5}", f"case{i}.{suffix}", content, found)

        builder = {"csv": csv_case, "xlsx": xlsx_case, "docx": docx_case}[suffix]
        return attempt, lambda rng, i: builder(rng, scale)

    if kind == "review-json":
        from dhrdesk.exchange import review_json
        from tests.exchange.builders import build_rich_review

        build_rich_review(store, "DHR 2026/03")
        base = review_json.dumps(review_json.export_review(store, "DHR 2026/03")).encode()

        def attempt(content: bytes, i: int) -> None:
            data = review_json.check_document(review_json.parse_bytes(content, f"case{i}.json"))
            review_json.import_review(store, data, "as_new", f"DHR FZ/{i}")

        return attempt, lambda rng, i: json_case(rng, base)

    if kind == "package":
        return _package_path(store, folder)

    if kind == "update-sheet":
        return _update_sheet_path(store)

    if kind == "store-file":
        return _store_file_path(store, folder)
    raise ValueError(kind)


def _package_path(store: Any, folder: Path) -> tuple[Callable, Callable]:
    from dhrdesk.exchange import package as pkg
    from dhrdesk.exchange import package_crypto as crypto
    from tests.exchange.test_package import (
        PACKAGE_PASS,
        build_chair_review,
        fill_workspace,
        make_workspace,
    )

    crypto.KDF_LOG2_N = crypto.MIN_LOG2_N  # the harness's own packages: cheap to open
    build_chair_review(store)
    workspace = make_workspace(store, folder)
    try:
        fill_workspace(workspace)
        valid = pkg.export_response(workspace, PACKAGE_PASS)
    finally:
        workspace.close()
    plain = json.loads(crypto.unseal(valid, PACKAGE_PASS))

    def make(rng: random.Random, i: int) -> bytes:
        roll = rng.random()
        if roll < 0.4:
            return mutate_bytes(rng, valid)
        payload = json.loads(json.dumps(plain))
        for _ in range(rng.randint(1, 4)):
            _mutate_json(rng, payload)
        body = json.dumps(payload).encode()
        if roll > 0.9:
            body = mutate_bytes(rng, body)
        return crypto.seal(body, PACKAGE_PASS)

    def attempt(content: bytes, i: int) -> None:
        preview = pkg.import_response(store, content, PACKAGE_PASS, filename=f"case{i}.dhrpkg")
        pkg.apply_response(store, preview)

    return attempt, make


def _update_sheet_path(store: Any) -> tuple[Callable, Callable]:
    import openpyxl

    from dhrdesk.exchange import update_sheet as us
    from tests.store.test_monitoring import POLICE, TODAY, seed

    seed(store)
    valid = us.export_sheet(store, POLICE, today=TODAY)

    def make(rng: random.Random, i: int) -> bytes:
        roll = rng.random()
        if roll < 0.3:
            return mutate_bytes(rng, valid)
        if roll < 0.45:
            return _zip_mutation(rng, valid)
        book = openpyxl.load_workbook(io.BytesIO(valid))
        sheet = book[us.SHEET_NAME]
        for _ in range(rng.randint(1, 5)):
            row = rng.randint(1, sheet.max_row + 2)
            col = rng.randint(1, us.COL_MAC + 1)
            value: Any = rng.choice(
                [
                    _text(rng, 0.01),
                    None,
                    42,
                    "Completed",
                    "In progress",
                    "03/11/2026",
                    "01/01/2099",
                    "=TODAY()",
                ]
            )
            try:
                sheet.cell(row, col).value = value
            except Exception:  # noqa: BLE001 - a character openpyxl cannot write: another value
                sheet.cell(row, col).value = "x"
        if rng.random() < 0.1:
            book[us.CONTROL_NAME].cell(rng.randint(1, 8), 2).value = _text(rng, 0.01)
        buffer = io.BytesIO()
        book.save(buffer)
        return buffer.getvalue()

    def attempt(content: bytes, i: int) -> None:
        preview = us.read_sheet(store, f"case{i}.xlsx", content, agency=POLICE, today=TODAY)
        us.apply_sheet(store, preview, today=TODAY)

    return attempt, make


def _store_file_path(store: Any, folder: Path) -> tuple[Callable, Callable]:
    """Damaged store files: opened (and verified) or refused, never changed by refusing."""
    from dhrdesk.store import Store
    from tests.exchange.builders import build_rich_review

    source = Store.create(folder / "source.dhrdesk", PASSPHRASE, "Fuzz Chair")
    try:
        build_rich_review(source, "DHR 2026/03")
    finally:
        source.close()
    valid = (folder / "source.dhrdesk").read_bytes()
    target = folder / "case.dhrdesk"

    def make(rng: random.Random, i: int) -> bytes:
        roll = rng.random()
        if roll < 0.1:
            return b"SQLite format 3\x00" + rng.randbytes(4096 * 3 - 16)
        if roll < 0.15:
            return rng.randbytes(rng.choice([0, 1, 100, 4096, 40960]))
        data = bytearray(valid)
        if roll < 0.3:
            page = rng.randrange(len(data) // 4096)
            data[page * 4096 : (page + 1) * 4096] = bytes(4096)
            return bytes(data)
        for _ in range(rng.randint(1, 3)):
            at = rng.randrange(len(data))
            data[at] ^= 1 << rng.randrange(8)
        if rng.random() < 0.2:
            del data[rng.randrange(len(data)) :]
        return bytes(data)

    def attempt(content: bytes, i: int) -> None:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        target.write_bytes(content)
        digest = hashlib.sha256(content).hexdigest()
        try:
            opened = Store.open(target, PASSPHRASE, migrate=False)
        except DhrDeskError:
            if hashlib.sha256(target.read_bytes()).hexdigest() != digest:
                raise AssertionError("a refused store file was changed") from None
            raise
        try:
            report = opened.verify(baseline=False, settings=False)
        finally:
            opened.close()
        if not report.ok:
            raise DhrDeskError("verify named the damage")
        if content != valid:
            raise AssertionError("a damaged store opened and verified as sound")

    return attempt, make


def available_encodings() -> list[str]:
    return [e for e in ENCODINGS if codecs.lookup(e)]
