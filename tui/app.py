"""The workbench app; ``make_app(workspace)`` builds it for the CLI and for the tests alike."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.reactive import reactive
from textual.screen import ModalScreen, Screen
from textual.worker import WorkerFailed

from glossary.failures import known_failure
from glossary.journal import Entry, Journal
from glossary.terminal import shown
from memories.db import DatabaseError
from memories.errors import GlossaryError
from memories.store import Workspace
from tui.keys import chosen_on_purpose
from tui.messages import PairChosen
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.lookup import LookupScreen
from tui.screens.memory import MemoryScreen
from tui.workbench import KeepsWork, LanguagePair, Reloads, Workbench
from tui.writing import write_in_thread, writes_done

if TYPE_CHECKING:
    from glossary.aligning import Aligned
    from glossary.editing import Editing
    from tui.transfer import ExportDone, ExtractionDone, ImportDone

__all__ = ["GlossaryApp", "make_app", "review_app"]


class GlossaryApp(App[None]):
    """Three screens over one workspace: lookup (home), glossary and memory; the database holds the truth."""

    CSS_PATH = "app.tcss"
    TITLE = "glossary"
    MODES: ClassVar[dict[str, type[Screen[None]]]] = {  # type: ignore[assignment]
        "lookup": LookupScreen,
        "glossary": GlossaryScreen,
        "memory": MemoryScreen,
    }
    DEFAULT_MODE = "lookup"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("f1", "help", "Help"),
        Binding("f2", "switch_mode('lookup')", "Lookup"),
        Binding("f3", "switch_mode('glossary')", "Glossary"),
        Binding("f4", "switch_mode('memory')", "Memory"),
        # F-keys and ctrl+o: Input and TextArea keep ctrl+e (end of line) and ctrl+x (cut) for themselves.
        Binding("f5,ctrl+o", "import_file", "Import", show=False),
        Binding("f6", "export_file", "Export", show=False),
        Binding("f7", "extract_terms", "Extract terms", show=False),
        Binding("f8", "open_document", "Open a document", show=False),
        # ctrl+y copies on the lookup screen; ctrl+shift+z reaches terminals that report it (kitty protocol).
        Binding("ctrl+z", "undo", "Undo", show=False),
        Binding("ctrl+shift+z,ctrl+y", "redo", "Redo", show=False),
        Binding("f9", "align_documents", "Align documents", show=False),
    ]

    pair: reactive[LanguagePair] = reactive(LanguagePair("en", "zh-CN"), init=False)
    """The languages the translator works between; screens watch it and ask for another with ``PairChosen``."""

    def __init__(
        self,
        workspace: Workspace,
        source: str = "en",
        target: str = "zh-CN",
        document: Editing | None = None,
        review: Aligned | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.set_reactive(GlossaryApp.pair, LanguagePair(source, target))
        self._languages: tuple[str, ...] | None = None
        self._document = document
        self._review = review

    def on_mount(self) -> None:
        self.sub_title = self.workspace.name
        if self._document is not None:
            from tui.on_demand import EditorScreen

            self.push_screen(EditorScreen(self._document))
        if self._review is not None:
            from tui.on_demand import AlignReviewScreen

            self.push_screen(AlignReviewScreen.of(self._review))

    @on(PairChosen)
    def _pair_chosen(self, message: PairChosen) -> None:
        self.pair = message.pair

    def action_open_document(self) -> None:
        from tui.on_demand import OpenDocumentDialog, recent_documents

        if not self._dialog_open():
            self.push_screen(OpenDocumentDialog(recent_documents(self.workspace)), self._open_chosen)

    def _open_chosen(self, path: Path | None) -> None:
        from tui.on_demand import EditorScreen, open_document

        if path is None:
            return
        try:
            editing = open_document(self.workspace, path, self.pair.source, self.pair.target)
        except GlossaryError as exc:
            self.notify(str(exc), title="Cannot open", severity="error", markup=False)
            return
        self.push_screen(EditorScreen(editing))

    async def action_quit(self) -> None:
        # A change asked for just before quitting (a then ctrl+q) is written first; writes take milliseconds.
        # Lookups still running are not waited for: `glossary ui` interrupts them (Workspace.interrupt).
        await writes_done(self)
        # An editor with unsaved work asks first (its targets are in the workspace; the file is not written).
        editor = next((s for s in self.screen_stack if isinstance(s, KeepsWork) and s.unsaved), None)
        if editor is None:
            self.exit()
            return
        editor.ask_then(self.exit)

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        # Every notification of every screen passes here: a file name or segment in it may hold an ESC
        # sequence, which is shown, never sent to the terminal (glossary.terminal; cells use tui.render).
        super().notify(
            shown(message),
            title=shown(title, one_line=True),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    def _handle_exception(self, error: Exception) -> None:
        # A worker that fails on the workspace or the machine (a damaged file, a full disk, a lock held too
        # long) is said in a notification and the workbench stays open; Textual would exit with a traceback.
        # Anything else is a bug and ends the app as Textual does.
        cause = error.error if isinstance(error, WorkerFailed) else None
        if isinstance(cause, (DatabaseError, GlossaryError, OSError, MemoryError)):
            line = known_failure(cause) or " ".join(str(cause).split()) or type(cause).__name__
            self.notify(line, title="That did not work", severity="error", markup=False, timeout=15)
            return
        super()._handle_exception(error)

    def languages(self) -> tuple[str, ...]:
        """The memory's languages, most variants first (read once: switching targets must stay instant)."""
        if self._languages is None:
            self._languages = self.workspace.languages()
        return self._languages

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def _dialog_open(self) -> bool:
        # One dialog at a time: a key pressed in a dialog (or the help) must not stack another on it.
        return isinstance(self.screen, ModalScreen)

    def action_import_file(self) -> None:
        from tui.on_demand import ImportDialog

        if not self._dialog_open():
            self.push_screen(ImportDialog(self.workspace, self.pair.source), self._imported)

    def action_export_file(self) -> None:
        from tui.on_demand import ExportDialog

        if not self._dialog_open():
            self.push_screen(ExportDialog(self.workspace, self.pair.source, self.pair.target), self._exported)

    def action_extract_terms(self) -> None:
        from tui.on_demand import ExtractDialog

        if not self._dialog_open():
            self.push_screen(
                ExtractDialog(self.workspace, self.pair.source, self.pair.target), self._extracted
            )

    def action_undo(self) -> None:
        self._journal_step(undo=True)

    def action_redo(self) -> None:
        self._journal_step(undo=False)

    def _journal_step(self, undo: bool) -> None:
        """Undo or redo the last change to concepts or units, whichever screen made it (glossary.journal)."""
        if self._dialog_open():
            return
        screen = self.screen
        journal = Journal(self.workspace)
        done: list[Entry | None] = []

        def said() -> str:
            entry = done[0] if done else None
            if entry is None:
                return "Nothing to undo" if undo else "Nothing to redo"
            return f"{'Undone' if undo else 'Redone'}: {entry.label}"

        def reload() -> None:
            if isinstance(self.screen, Reloads):
                self.screen.reload()

        write_in_thread(screen, lambda: done.append(journal.undo() if undo else journal.redo()), said, reload)

    def action_align_documents(self) -> None:
        from tui.on_demand import AlignDialog

        if not self._dialog_open():
            self.push_screen(AlignDialog(self.workspace, self.pair.source, self.pair.target), self._aligned)

    def _aligned(self, aligned: Aligned | None) -> None:
        from tui.on_demand import AlignReviewScreen

        if aligned is not None:
            self.push_screen(AlignReviewScreen.of(aligned))

    def _imported(self, done: ImportDone | None) -> None:
        if done is not None:
            self._languages = None  # the file may have brought new languages
            self.notify("\n".join(done.lines), title="Imported", markup=False, timeout=10)

    def _exported(self, done: ExportDone | None) -> None:
        if done is not None:
            self.notify(done.line, title="Exported", markup=False, timeout=10)

    async def _extracted(self, done: ExtractionDone | None) -> None:
        if done is None:
            return
        self.notify(done.line, title="Extraction", markup=False, timeout=10)
        if done.found:
            # The review is the point of an extraction: show the candidate queue.
            await self.switch_mode("glossary")
            with chosen_on_purpose(self.screen):
                await self.run_action("candidates", self.screen)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Lookup", "TM matches, terms and concordance (F2)", self._mode("lookup"))
        yield SystemCommand("Glossary", "Concepts and the candidate queue (F3)", self._mode("glossary"))
        yield SystemCommand("Memory", "Browse, edit and delete translation units (F4)", self._mode("memory"))
        yield SystemCommand("Help", "Every key of the workbench (F1)", self.action_help)
        yield SystemCommand(
            "Import a file", "TMX, PO, tables, texts, TBX into the workspace (F5)", self.action_import_file
        )
        yield SystemCommand(
            "Export", "The memory to TMX, PO, TSV, XLIFF; the termbase to TBX (F6)", self.action_export_file
        )
        yield SystemCommand(
            "Extract terms", "Candidate terms with equivalents, for review (F7)", self.action_extract_terms
        )
        yield SystemCommand(
            "Open a document",
            "Translate a PO, XLIFF or document; recent documents (F8)",
            self.action_open_document,
        )
        yield SystemCommand(
            "Align two documents",
            "Pair the sentences of two versions, review, import (F9)",
            self.action_align_documents,
        )
        # The current screen's own actions, by their footer names.
        for binding in screen.BINDINGS:
            if isinstance(binding, Binding) and binding.description:
                yield SystemCommand(
                    binding.description, f"{binding.key} on this screen", self._screen_action(screen, binding)
                )

    def _mode(self, mode: str) -> Callable[[], object]:
        return lambda: self.switch_mode(mode)

    def _screen_action(self, screen: Screen[object], binding: Binding) -> Callable[[], Awaitable[object]]:
        async def run() -> None:
            with chosen_on_purpose(screen):
                await self.run_action(binding.action, screen)

        return run


def make_app(
    workspace: Workspace, source: str = "en", target: str = "zh-CN", document: Editing | None = None
) -> GlossaryApp:
    """The app; with ``document`` (``glossary.editing.open_document``) it opens on the segment editor."""
    return GlossaryApp(workspace, source, target, document)


def review_app(workspace: Workspace, aligned: Aligned, source: str, target: str) -> GlossaryApp:
    """The workbench opened on the review of ``aligned`` (``glossary align A B --review``); closing the
    review leaves the workbench open."""
    return GlossaryApp(workspace, source, target, review=aligned)


if TYPE_CHECKING:

    def _a_workbench(app: GlossaryApp) -> Workbench:
        return app  # mypy checks here that the app is what the screens take it for (tui.workbench)
