"""The embedded Unicode font family (DejaVu Sans, shipped in resources/fonts).

ReportLab's built-in Helvetica only covers Latin-1, so names such as Łukasz
or Nguyễn would come out as black boxes. DejaVu Sans covers Latin Extended and
Vietnamese; ReportLab embeds a subset of it with a ToUnicode map, so the text
stays selectable and searchable.
"""

from __future__ import annotations

import threading

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from dhrdesk.core.resources import required_resource as resource_path

FAMILY = "DejaVuSans"
BOLD = "DejaVuSans-Bold"
ITALIC = "DejaVuSans-Oblique"
BOLD_ITALIC = "DejaVuSans-BoldOblique"

_FILES = {
    FAMILY: "DejaVuSans.ttf",
    BOLD: "DejaVuSans-Bold.ttf",
    ITALIC: "DejaVuSans-Oblique.ttf",
    BOLD_ITALIC: "DejaVuSans-BoldOblique.ttf",
}
_lock = threading.Lock()
_registered = False


def register_fonts() -> str:
    """Register the family with ReportLab once (thread-safe); return the regular name."""
    global _registered
    with _lock:
        if not _registered:
            for name, filename in _FILES.items():
                pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", filename))))
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
