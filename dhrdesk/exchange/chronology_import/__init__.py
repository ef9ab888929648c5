"""Agency chronologies from CSV, XLSX and Word tables: read, map, preview, then import.

Why this module exists
----------------------
Agencies without DHR Desk keep sending their chronology as a spreadsheet or as a
table in a Word document. Retyping it is slow and error-prone, so the chair
imports it in three steps that never change anything until the last one:

1. :func:`read_table` turns the received bytes into a :class:`RawTable` (header
   row + text cells). The kind of file is found from its *content* (magic bytes),
   not its name, because a file's name is whatever the sender typed. Every file
   is untrusted input: size, row count and zip expansion are bounded before the
   content is loaded, and every failure is an :class:`InputFileError` whose
   message a chair can act on.
2. :func:`guess_mapping` proposes which column holds which chronology field
   (:data:`FIELDS`) from the header names; the chair confirms or corrects it
   (the GUI mapping dialog, or the CLI's printout).
3. :func:`preview` converts every row into a :class:`ChronologyEntry` and lists
   the problems found per row (bad date, missing source) before anything is
   written; :func:`apply_import` then writes the good rows, the agency and the
   received file (as an encrypted attachment with its SHA-256: the receipt log)
   in ONE transaction.

Re-importing the same file adds no duplicate rows: each row carries an
``external_key`` (SHA-256 of its normalised date, time, source and event, plus
an occurrence number for rows that repeat inside one file), and rows the chair
already annotated keep their significance, key-event flag and themes.

Nothing here writes the received file to disk; everything works on bytes in memory.

The package: ``base`` (limits, progress and cancel, fields, :class:`RawTable`, the
kind of a file), ``reading`` (:func:`read_table`), one reader per format
(``csv_reader``, ``xlsx_reader``, ``docx_reader``) sharing ``grid`` (header row,
blank rows and columns), ``mapping``, ``previewing`` and ``apply``.
"""

from __future__ import annotations

from dhrdesk.exchange.chronology_import.apply import ImportResult, apply_import
from dhrdesk.exchange.chronology_import.base import (
    FIELD_KEYS,
    FIELDS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    MAX_UNCOMPRESSED_BYTES,
    REQUIRED_FIELDS,
    ChronologyField,
    ImportCancelledError,
    ImportProgress,
    RawTable,
    detect_kind,
    normalise_cell,
)
from dhrdesk.exchange.chronology_import.mapping import (
    Mapping,
    describe_mapping,
    guess_mapping,
    mapping_problems,
)
from dhrdesk.exchange.chronology_import.previewing import (
    ImportPreview,
    PreviewRow,
    external_key,
    preview,
)
from dhrdesk.exchange.chronology_import.reading import read_table

__all__ = [
    "FIELDS",
    "FIELD_KEYS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "MAX_UNCOMPRESSED_BYTES",
    "REQUIRED_FIELDS",
    "ChronologyField",
    "ImportCancelledError",
    "ImportPreview",
    "ImportProgress",
    "ImportResult",
    "Mapping",
    "PreviewRow",
    "RawTable",
    "apply_import",
    "describe_mapping",
    "detect_kind",
    "external_key",
    "guess_mapping",
    "mapping_problems",
    "normalise_cell",
    "preview",
    "read_table",
]
