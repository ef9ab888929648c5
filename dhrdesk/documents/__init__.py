"""Generated documents: one model (model.py), built from the store (builders/, build.py),
rendered by two backends (pdf.py with ReportLab, docx.py with python-docx) and written
atomically (output.py). The publication edition goes through the gate (gate.py).

Never imports PySide6; never runs SQL (the store's repositories do).
"""

from dhrdesk.documents.build import ReviewDetails, build_overview_skeleton
from dhrdesk.documents.builders import build_document
from dhrdesk.documents.docx import render_docx, write_docx
from dhrdesk.documents.model import Document
from dhrdesk.documents.output import DocumentError
from dhrdesk.documents.pdf import render_pdf, write_pdf

__all__ = [
    "Document",
    "DocumentError",
    "ReviewDetails",
    "build_document",
    "build_overview_skeleton",
    "render_docx",
    "render_pdf",
    "write_docx",
    "write_pdf",
]
