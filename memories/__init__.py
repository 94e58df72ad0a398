"""The translation-memory layer: workspace store, units and variants, text processing and file formats."""

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
