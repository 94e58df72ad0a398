"""What the app and its screens know of each other without importing each other: the language pair, the
workbench the screens run in, the screens that can show the workspace again, and those that hold unsaved work."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, cast, runtime_checkable

from textual.dom import DOMNode

from memories.store import Workspace

__all__ = ["KeepsWork", "LanguagePair", "Reloads", "Workbench", "workbench"]


@dataclass(frozen=True)
class LanguagePair:
    """The languages the translator works between: lookups, tables and dialogs read them."""

    source: str
    """What the translator types and looks up (``en``)."""
    target: str
    """What the matches and terms are shown in (``zh-CN``)."""

    def swapped(self) -> LanguagePair:
        return LanguagePair(self.target, self.source)


class Workbench(Protocol):
    """The app as the screens see it (``tui.app.GlossaryApp`` is one): screens read these attributes and watch
    ``pair``; they change the pair by posting ``tui.messages.PairChosen``, never by setting it."""

    @property
    def workspace(self) -> Workspace: ...

    @property
    def pair(self) -> LanguagePair:
        """A reactive: ``watch(app, "pair", ...)`` follows its changes."""
        ...

    def languages(self) -> tuple[str, ...]:
        """The memory's languages, most variants first."""
        ...


def workbench(node: DOMNode) -> Workbench:
    """The app ``node`` runs in, as a ``Workbench``: the screens run in the workbench app only (make_app)."""
    return cast(Workbench, node.app)


@runtime_checkable
class Reloads(Protocol):
    """A screen that reads the workspace again when it changed under it (an undo, an edit elsewhere)."""

    def reload(self) -> None: ...


@runtime_checkable
class KeepsWork(Protocol):
    """A screen that may hold work not written yet (the segment editor): quitting asks it first."""

    @property
    def unsaved(self) -> bool: ...

    def ask_then(self, then: object) -> None:
        """Run ``then``, asking first when there is unsaved work."""
        ...
