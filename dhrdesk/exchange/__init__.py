"""Everything that crosses the machine boundary.

Today: the review interchange file (a whole review as versioned, plaintext JSON,
docs/interchange.md). Later issues add encrypted agency packages and
CSV/XLSX/DOCX imports beside it. Never imports Qt; writes only through the store.
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
