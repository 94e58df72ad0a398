"""What the workbench opens on demand, not on its first screen: the import, export and extraction dialogs
(F5-F7), the segment editor and its document dialog (F8, ``glossary translate``), the aligner and its review
(F9, ``glossary align --review``).

They bring in the file formats (lxml, polib), numpy and the aligner, about half of the workbench's imports:
``tui.app`` imports this module inside the actions that open them (tests/unit/test_layering.py names that
exception), so that the lookup screen's query box is ready without them."""

from __future__ import annotations

from glossary.editing import open_document, recent_documents
from tui.editor_dialogs import OpenDocumentDialog
from tui.screens.align_review import AlignDialog, AlignReviewScreen
from tui.screens.editor import EditorScreen
from tui.transfer import ExportDialog, ExtractDialog, ImportDialog

__all__ = [
    "AlignDialog",
    "AlignReviewScreen",
    "EditorScreen",
    "ExportDialog",
    "ExtractDialog",
    "ImportDialog",
    "OpenDocumentDialog",
    "open_document",
    "recent_documents",
]
