"""Tampering: every byte of a package, and every character of an update sheet's locked
area, changed in turn (or an even sample of them); each must be refused with the store
unchanged. An audit row edited with a raw SQLCipher connection must be named by verify.
"""

from __future__ import annotations

import io
import json
import random
import re
import shutil
import tempfile
import time
from pathlib import Path

from dhrdesk.core.errors import DhrDeskError
from tests.reliability.common import PASSPHRASE, Tally, logical_dump, peak_mb


def _sample(count: int, limit: int | None, seed: str) -> list[int]:
    positions = list(range(count))
    if limit is None or count <= limit:
        return positions
    return sorted(random.Random(seed).sample(positions, limit))


def packages(limit: int | None, workdir: Path) -> Tally:
    from dhrdesk.exchange import package as pkg
    from dhrdesk.exchange import package_crypto as crypto
    from dhrdesk.store import Store
    from tests.exchange.test_package import (
        PACKAGE_PASS,
        build_chair_review,
        fill_workspace,
        make_workspace,
    )

    tally = Tally("tamper: package bytes")
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="tamper-package-", dir=workdir))
    saved = crypto.KDF_LOG2_N
    crypto.KDF_LOG2_N = crypto.MIN_LOG2_N
    try:
        store = Store.create(folder / "chair.dhrdesk", PASSPHRASE, "Tamper Chair")
        build_chair_review(store)
        workspace = make_workspace(store, folder)
        try:
            fill_workspace(workspace)
            valid = pkg.export_response(workspace, PACKAGE_PASS)
        finally:
            workspace.close()
        pkg.import_response(store, valid, PACKAGE_PASS)  # the untouched one is accepted
        before = logical_dump(store)
        tally.tamper_detected = tally.tamper_total = 0
        for position in _sample(len(valid), limit, "tamper-package"):
            tally.trials += 1
            tally.tamper_total += 1
            changed = bytearray(valid)
            changed[position] ^= 0xFF
            try:
                preview = pkg.import_response(store, bytes(changed), PACKAGE_PASS)
                pkg.apply_response(store, preview)
            except DhrDeskError:
                tally.tamper_detected += 1
            except Exception as exc:  # noqa: BLE001 - counted
                tally.tracebacks += 1
                tally.fail(f"byte {position}: {type(exc).__name__}: {exc}")
                continue
            else:
                tally.fail(f"byte {position} flipped: accepted")
            if logical_dump(store) != before:
                tally.changed_after_refusal += 1
                tally.fail(f"byte {position}: the store changed")
                before = logical_dump(store)
        tally.notes.append(f"package of {len(valid):,} bytes")
        store.close()
    finally:
        crypto.KDF_LOG2_N = saved
        shutil.rmtree(folder, ignore_errors=True)
    tally.seconds = time.perf_counter() - started
    tally.peak_mb = peak_mb()
    return tally


def update_sheets(limit: int | None, workdir: Path) -> Tally:
    import openpyxl

    from dhrdesk.exchange import update_sheet as us
    from dhrdesk.store import Store
    from tests.store.test_monitoring import POLICE, TODAY, seed

    tally = Tally("tamper: update-sheet locked area")
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="tamper-sheet-", dir=workdir))
    try:
        store = Store.create(folder / "chair.dhrdesk", PASSPHRASE, "Tamper Chair")
        seed(store)
        valid = us.export_sheet(store, POLICE, today=TODAY)
        us.read_sheet(store, "sheet.xlsx", valid, agency=POLICE, today=TODAY)  # accepted
        book = openpyxl.load_workbook(io.BytesIO(valid))
        sheet, control = book[us.SHEET_NAME], book[us.CONTROL_NAME]
        locked_columns = [*range(1, len(us.LOCKED_HEADERS) + 1), us.COL_KEY, us.COL_MAC]
        targets = []  # (sheet name, row, column, character position)
        for row in range(us.FIRST_ROW, sheet.max_row + 1):
            for column in locked_columns:
                text = str(sheet.cell(row, column).value or "")
                targets += [(us.SHEET_NAME, row, column, i) for i in range(max(1, len(text)))]
        for row in range(1, control.max_row + 1):
            text = str(control.cell(row, 2).value or "")
            targets += [(us.CONTROL_NAME, row, 2, i) for i in range(max(1, len(text)))]
        before = logical_dump(store)
        tally.tamper_detected = tally.tamper_total = 0
        for index in _sample(len(targets), limit, "tamper-sheet"):
            name, row, column, position = targets[index]
            changed = openpyxl.load_workbook(io.BytesIO(valid))
            cell = changed[name].cell(row, column)
            text = str(cell.value if cell.value is not None else "")
            if text:
                flipped = chr(ord(text[position]) ^ 0x01) if text[position] != "\x01" else "x"
                cell.value = text[:position] + flipped + text[position + 1 :]
            else:
                cell.value = "x"
            buffer = io.BytesIO()
            changed.save(buffer)
            tally.trials += 1
            tally.tamper_total += 1
            try:
                us.read_sheet(store, "sheet.xlsx", buffer.getvalue(), agency=POLICE, today=TODAY)
            except DhrDeskError:
                tally.tamper_detected += 1
            except Exception as exc:  # noqa: BLE001 - counted
                tally.tracebacks += 1
                tally.fail(f"{name}!R{row}C{column}[{position}]: {type(exc).__name__}: {exc}")
            else:
                tally.fail(f"{name}!R{row}C{column}[{position}] changed: accepted")
            if logical_dump(store) != before:
                tally.changed_after_refusal += 1
                tally.fail("the store changed")
        tally.notes.append(f"{len(targets):,} characters in the locked area")
        store.close()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    tally.seconds = time.perf_counter() - started
    tally.peak_mb = peak_mb()
    return tally


def audit_row(workdir: Path) -> Tally:
    """Edit one audit entry with a raw connection (dropping the guard trigger, as an
    attacker with the passphrase would); verify must fail and name that entry."""
    from dhrdesk.store import Store
    from dhrdesk.store.database import _raw_connect

    tally = Tally("tamper: audit row (verify)")
    started = time.perf_counter()
    folder = Path(tempfile.mkdtemp(prefix="tamper-audit-", dir=workdir))
    try:
        path = folder / "case.dhrdesk"
        with Store.create(path, PASSPHRASE, "Tamper Chair") as store:
            for i in range(6):
                store.repos.reviews.create(f"DHR 2026/{i:02d}", "Fictional review")
        tally.tamper_detected = 0
        tally.tamper_total = 0
        for seq in (2, 4):
            tally.trials += 1
            tally.tamper_total += 1
            copy = folder / f"copy{seq}.dhrdesk"
            shutil.copy(path, copy)
            conn = _raw_connect(copy, PASSPHRASE, create=False)
            triggers = conn.execute(
                "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'audit'"
            ).fetchall()
            for name, _sql in triggers:
                conn.execute(f'DROP TRIGGER "{name}"')
            conn.execute("UPDATE audit SET record = 'review:999' WHERE seq = ?", (seq,))
            for _name, sql in triggers:
                conn.execute(sql)
            conn.close()
            with Store.open(copy, PASSPHRASE) as opened:
                report = opened.verify()
            text = "\n".join(report.lines())
            if not report.ok and re.search(rf"\b{seq}\b", text):
                tally.tamper_detected += 1
            else:
                tally.fail(f"audit entry {seq} edited: verify said {json.dumps(text[:200])}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    tally.seconds = time.perf_counter() - started
    tally.peak_mb = peak_mb()
    return tally
