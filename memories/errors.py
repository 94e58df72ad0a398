"""Typed errors raised by the translation-memory layer; the CLI turns them into one-line messages."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "GlossaryError",
    "InputError",
    "ReviewerOnlyError",
    "WorkspaceBusyError",
    "WorkspaceError",
    "WorkspaceReadOnlyError",
    "WorkspaceTooNewError",
]


class GlossaryError(Exception):
    """Base of every error this project raises on purpose."""


@dataclass
class InputError(GlossaryError):
    """A file (or an argument naming one) that cannot be read as asked.

    Rendered as ``file:line: what is wrong (how to fix)``, the format compilers and
    linters use, so editors and terminals can jump to the place.
    """

    path: str | Path | None
    message: str
    line: int | None = None
    hint: str | None = None

    def __post_init__(self) -> None:
        super().__init__(str(self))

    def __str__(self) -> str:
        where = str(self.path) if self.path is not None else "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    def at(self, path: str | Path) -> InputError:
        """The same error, attributed to ``path`` (readers that see only a stream use this)."""
        return InputError(path, self.message, self.line, self.hint)


class WorkspaceError(GlossaryError):
    """The workspace file cannot be opened or used."""


class WorkspaceTooNewError(WorkspaceError):
    """The workspace was written by a newer version of glossary; it is refused, never rewritten."""


class WorkspaceBusyError(WorkspaceError):
    """Another process kept the workspace's write lock for longer than this one would wait."""


class WorkspaceReadOnlyError(WorkspaceError):
    """A write the workspace refuses: a read-only file, or a PostgreSQL role that may only read."""


class ReviewerOnlyError(WorkspaceReadOnlyError):
    """A write a team workspace refuses to anyone but a reviewer (approving a concept, adding one approved...)."""

    def __init__(self, message: str, act: str) -> None:
        super().__init__(message)
        self.act = act
        """What was refused, as the database says it: ``only a reviewer may approve concept 12 (...)``."""
