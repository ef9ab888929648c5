"""Everything that crosses the machine boundary.

- review_json: a whole review as versioned, plaintext JSON (format version 2,
  docs/interchange.md), with the upgrade path from older versions;
- package*: encrypted IMR request/response packages for agencies (docs/packages.md);
- chronology_import, imr_template: CSV/XLSX/DOCX chronology imports and the blank
  IMR template for agencies without DHR Desk;
- update_sheet, aggregate: action update sheets and the anonymised aggregate export.

Everything read here is untrusted input. Never imports Qt; writes only through the store.
"""

from dhrdesk.exchange.review_json import (
    FORMAT,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    ReviewExistsError,
    dumps,
    export_review,
    export_to_file,
    import_review,
    load_review_file,
    upgrade,
)

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "MAX_FILE_BYTES",
    "ReviewExistsError",
    "dumps",
    "export_review",
    "export_to_file",
    "import_review",
    "load_review_file",
    "upgrade",
]
