"""The embedded document font family: Liberation Sans (shipped in resources/fonts).

Why Liberation Sans
-------------------
The PDF and the DOCX must show the same face, and a chair opens the DOCX in Word on
Windows or macOS. Liberation Sans (SIL Open Font License) has the same metrics as
Arial, which both systems ship, and covers Latin Extended and Vietnamese, so names
such as Łukasz, Siobhán, Zoë and Nguyễn render. The PDF embeds a subset of it with
a ToUnicode map (the text stays searchable); the DOCX embeds the font files
themselves and names Arial as the substitute, so even a Word that ignores embedded
fonts lays the text out on the same widths (docs/decisions.md).
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dhrdesk.core.resources import required_resource as resource_path

#: The face's name as Word and LibreOffice know it, and the metric-compatible substitute.
FACE = "Liberation Sans"
SUBSTITUTE = "Arial"

FAMILY = "LiberationSans"
BOLD = "LiberationSans-Bold"
ITALIC = "LiberationSans-Italic"
BOLD_ITALIC = "LiberationSans-BoldItalic"

FILES = {
    FAMILY: "LiberationSans-Regular.ttf",
    BOLD: "LiberationSans-Bold.ttf",
    ITALIC: "LiberationSans-Italic.ttf",
    BOLD_ITALIC: "LiberationSans-BoldItalic.ttf",
}
_lock = threading.Lock()
_registered = False


def font_path(name: str):  # Path
    """The TTF file of one style (FAMILY, BOLD, ITALIC or BOLD_ITALIC)."""
    return resource_path("fonts", FILES[name])


def register_fonts() -> str:
    """Register the family with ReportLab once (thread-safe); return the regular name."""
    global _registered
    with _lock:
        if not _registered:
            for name in FILES:
                pdfmetrics.registerFont(TTFont(name, str(font_path(name))))
            pdfmetrics.registerFontFamily(
                FAMILY, normal=FAMILY, bold=BOLD, italic=ITALIC, boldItalic=BOLD_ITALIC
            )
            # <b>/<i> inside paragraphs resolve through these mappings.
            addMapping(FAMILY, 0, 0, FAMILY)
            addMapping(FAMILY, 1, 0, BOLD)
            addMapping(FAMILY, 0, 1, ITALIC)
            addMapping(FAMILY, 1, 1, BOLD_ITALIC)
            _registered = True
    return FAMILY
