"""Generated documents: one model (model.py), built from the store (build.py),
rendered by backends (pdf.py now, docx later) and written atomically (output.py).

Never imports PySide6; never runs SQL (the store's repositories do).
"""

from dhrdesk.documents.build import ReviewDetails, build_overview_skeleton
from dhrdesk.documents.model import Document
from dhrdesk.documents.output import DocumentError
from dhrdesk.documents.pdf import render_pdf, write_pdf

__all__ = [
    "Document",
    "DocumentError",
    "ReviewDetails",
    "build_overview_skeleton",
    "render_pdf",
    "write_pdf",
]
