"""The translation-memory layer: workspace store, units and variants, text processing and file formats."""

# Registers the canonical-tag table's migration wherever a workspace can be opened.
import memories.canonical  # noqa: F401
from memories.errors import GlossaryError, InputError, WorkspaceError, WorkspaceTooNewError
from memories.model import ImportReport, LeftOut, TranslationUnit, Variant
from memories.store import Workspace

__all__ = [
    "GlossaryError",
    "ImportReport",
    "InputError",
    "LeftOut",
    "TranslationUnit",
    "Variant",
    "Workspace",
    "WorkspaceError",
    "WorkspaceTooNewError",
]
