"""The chair's rich-text section editor and its conversion to and from structured blocks."""

from dhrdesk.ui.editor.convert import (
    blocks_to_document,
    document_to_blocks,
    normalise_blocks,
    sanitise_html,
)

__all__ = ["blocks_to_document", "document_to_blocks", "normalise_blocks", "sanitise_html"]
