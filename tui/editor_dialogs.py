"""The segment editor's dialogs, each returning a typed result: open a document, go to a segment, find and
replace, save unsaved work first, and the memory's concordance of a phrase."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import get_current_worker

from glossary.editing import Recent, document_kind
from memories.index.concordance import Hit, concordance
from tui.widgets.concordance import Concordance
from tui.workbench import workbench

__all__ = [
    "ConcordanceDialog",
    "FindReplace",
    "FindReplaceDialog",
    "JumpDialog",
    "OpenDocumentDialog",
    "UnsavedDialog",
]


@dataclass(frozen=True)
class FindReplace:
    find: str
    replace: str | None
    """None: find the next segment holding ``find``; else replace it in every target."""


class FindReplaceDialog(ModalScreen[FindReplace | None]):
    """Find a text in the segments, or replace it in every target."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text("Find and replace in targets"), classes="dialog-title")
            yield Input(placeholder="Find…", id="find")
            yield Input(placeholder="Replace with… (empty: only find)", id="replace")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Find next", variant="primary", id="find-next")
                yield Button("Replace all", id="replace-all")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#find", Input).focus()

    @on(Input.Submitted, "#find")
    def _find_submitted(self) -> None:
        self.query_one("#replace", Input).focus()

    @on(Input.Submitted, "#replace")
    def _replace_submitted(self) -> None:
        self._answer(bool(self.query_one("#replace", Input).value))

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "cancel":
            self.dismiss(None)
        else:
            self._answer(event.button.id == "replace-all")

    def _answer(self, replace: bool) -> None:
        find = self.query_one("#find", Input).value
        by = self.query_one("#replace", Input).value
        self.dismiss(FindReplace(find, by if replace else None))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConcordanceDialog(ModalScreen[None]):
    """Where a phrase occurs in the memory, in context, with each unit's translation: how it was translated
    before. Looked up in the document's source language, and in its target language when the source has no
    hit (a translator checking a rendering they are about to use)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "close", "Close")]

    LIMIT = 50
    """Hits shown: the newest first, as the lookup screen's concordance."""

    def __init__(self, source: str, target: str, phrase: str = "") -> None:
        super().__init__()
        self.source = source
        self.target = target
        self.phrase = phrase

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide concordance"):
            yield Static(Text("Concordance in the memory"), classes="dialog-title")
            yield Input(
                value=self.phrase, placeholder="A phrase in either language, then enter…", id="phrase"
            )
            yield Static(id="concordance-said", classes="dialog-detail")
            yield Concordance(id="concordance-hits")

    def on_mount(self) -> None:
        self.query_one("#phrase", Input).focus()
        if self.phrase.strip():
            self.search(self.phrase)

    @on(Input.Submitted, "#phrase")
    def _submitted(self, event: Input.Submitted) -> None:
        if event.value.strip():
            self.query_one("#concordance-said", Static).update(Text("Looking…"))
            self.search(event.value)

    @work(thread=True, exclusive=True, group="editor-concordance")
    def search(self, phrase: str) -> None:
        ws = workbench(self).workspace
        lang, other = self.source, self.target
        hits = concordance(ws, phrase, lang, limit=self.LIMIT)
        if not hits and not get_current_worker().is_cancelled:
            lang, other = self.target, self.source
            hits = concordance(ws, phrase, lang, limit=self.LIMIT)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, phrase, hits, lang, other)

    def _show(self, phrase: str, hits: list[Hit], lang: str, other: str) -> None:
        if phrase != self.query_one("#phrase", Input).value:
            return  # a stale answer: the translator has typed another phrase since
        table = self.query_one(Concordance)
        table.show(hits, lang, other)
        if not hits:
            said = f"no unit of the memory holds {phrase.strip()} ({self.source} or {self.target})"
        else:
            more = f"the newest {self.LIMIT}" if len(hits) >= self.LIMIT else f"{len(hits)}"
            said = f"{more} unit{'s' if len(hits) != 1 else ''} holding it in {lang}"
        said += "  ·  escape closes"
        self.query_one("#concordance-said", Static).update(Text(said))

    def action_close(self) -> None:
        self.dismiss(None)


class JumpDialog(ModalScreen[int | None]):
    """Go to a segment by its number."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Go to segment (1–{self.count})"), classes="dialog-title")
            yield Input(type="integer", id="number")
            yield Static(id="jump-problem", classes="dialog-problem")

    def on_mount(self) -> None:
        self.query_one("#number", Input).focus()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        try:
            number = int(event.value)
        except ValueError:
            number = 0
        if not 1 <= number <= self.count:
            self.query_one("#jump-problem", Static).update(Text(f"give a number from 1 to {self.count}"))
            return
        self.dismiss(number)

    def action_cancel(self) -> None:
        self.dismiss(None)


class UnsavedDialog(ModalScreen[str | None]):
    """The document has unsaved work: ``save``, ``discard`` (the targets stay in the workspace) or cancel."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer('cancel')", "Cancel"),
        Binding("s", "answer('save')", "Save", show=False),
        Binding("d", "answer('discard')", "Don't save", show=False),
    ]

    def __init__(self, name: str) -> None:
        super().__init__()
        self.name_shown = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(f"Save {self.name_shown} first?"), classes="dialog-title")
            yield Static(
                Text("Confirmed segments are in the memory already; the file itself is not written yet."),
                classes="dialog-detail",
            )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Don't save", id="discard")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        self.query_one("#save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id)

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


class OpenDocumentDialog(ModalScreen[Path | None]):
    """Open a document to translate: a path, or one of the workspace's recent documents."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, recent: list[Recent]) -> None:
        super().__init__()
        self.recent = recent

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                Text("Open a document (PO, XLIFF, DOCX, HTML, Markdown, text)"), classes="dialog-title"
            )
            yield Input(placeholder="Path of the file…", id="path")
            yield Static(id="open-problem", classes="dialog-problem")
            if self.recent:
                yield Label("Recent documents")
                yield OptionList(
                    *(
                        Option(
                            Text(f"{Path(r.path).name}  {r.done}/{r.segments} done  ({r.path})"), id=str(i)
                        )
                        for i, r in enumerate(self.recent)
                    ),
                    id="recent",
                )

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def _submitted(self, event: Input.Submitted) -> None:
        path = Path(event.value.strip()).expanduser()
        problem = self.query_one("#open-problem", Static)
        if not event.value.strip() or not path.is_file():
            problem.update(Text(f"{path}: no such file"))
            return
        try:
            document_kind(path)
        except Exception as exc:
            problem.update(Text(str(exc)))
            return
        self.dismiss(path)

    @on(OptionList.OptionSelected, "#recent")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(Path(self.recent[int(event.option.id or 0)].path))

    def action_cancel(self) -> None:
        self.dismiss(None)
