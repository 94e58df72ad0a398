"""Long work started from a dialog: a form, then the work in a thread worker with a progress bar; escape stops it
and its transaction rolls back."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, ProgressBar, Static
from textual.worker import Worker, WorkerState

from memories.db import DatabaseError
from memories.errors import GlossaryError
from memories.progress import Progress
from memories.store import Workspace

__all__ = ["Cancelled", "WorkDialog"]

R = TypeVar("R")
_GROUP = "transfer"


class Cancelled(Exception):
    """The translator cancelled: raised inside the work's transaction, so that nothing is stored."""


@dataclass(frozen=True)
class _Outcome:
    """Work that did not finish: cancelled, or refused with a one-line problem."""

    cancelled: bool = False
    problem: str = ""


class WorkDialog(ModalScreen[R | None], Generic[R]):
    """A form whose button starts the work in a thread worker; a progress bar shows its stages. Escape
    closes the form, or, while the work runs, stops it: the work's transaction rolls back."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    HEADING = ""
    GO = "Start"
    STAGES: ClassVar[dict[str, str]] = {}

    def __init__(self, workspace: Workspace) -> None:
        super().__init__()
        self.workspace = workspace
        self._stop = threading.Event()
        self.running = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide transfer"):
            yield Static(Text(self.HEADING), classes="dialog-title")
            with Vertical(id="form"):
                yield from self.form()
            yield Static(id="hint", classes="dialog-detail")
            yield Static(id="problem", classes="dialog-problem")
            with Vertical(id="work"):
                yield Label(id="stage")
                yield ProgressBar(id="bar", show_eta=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button(self.GO, variant="primary", id="go")
                yield Button("Cancel", id="cancel")

    def form(self) -> ComposeResult:
        """The dialog's fields; every subclass (import, export, extraction, alignment) gives its own."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.query(Input).first().focus()
        self.show_hint()

    def show_hint(self) -> None:
        """Subclasses say here what the chosen format will do with the fields."""

    def problem(self, message: str) -> None:
        self.query_one("#problem", Static).update(Text(message))

    @on(Input.Submitted)
    @on(Button.Pressed, "#go")
    def action_start(self) -> None:
        """The form's button (or enter in a field): read the form and start the work."""
        if not self.running:
            self.problem("")
            try:
                self.submit()
            except GlossaryError as exc:
                self.problem(str(exc))

    def submit(self) -> None:
        """Read the form (raising FormError or InputError for a bad field) and call ``start`` with the work;
        every subclass gives its own."""
        raise NotImplementedError

    def start(self, work: Callable[[Progress], R], first_stage: str) -> None:
        """Run ``work(progress)`` in a thread: ``progress(stage, done, total)`` moves the bar (``STAGES`` names
        the stages) and raises ``Cancelled`` once the translator asked to stop."""
        self.running = True
        self._stop.clear()
        self.add_class("running")
        self.query_one("#form").disabled = True
        self.query_one("#go", Button).display = False
        self.query_one("#cancel", Button).focus()
        self._show_progress(first_stage, 0, None)
        self.run_worker(
            lambda: self._work(work), name=self.HEADING, group=_GROUP, thread=True, exit_on_error=False
        )

    def _work(self, work: Callable[[Progress], R]) -> R | _Outcome:
        """Runs in the worker thread; what it returns comes back in ``Worker.StateChanged``."""
        try:
            return work(self._report)
        except Cancelled:
            return _Outcome(cancelled=True)
        except GlossaryError as exc:
            return _Outcome(problem=str(exc))
        except OSError as exc:
            return _Outcome(problem=f"{exc.filename or ''}: {exc.strerror or exc}")
        except DatabaseError as exc:
            # Another process may hold the write lock longer than the store waits for it.
            return _Outcome(problem=f"{self.workspace.location}: {exc}")

    @on(Worker.StateChanged)
    def _finished(self, event: Worker.StateChanged) -> None:
        if event.worker.group != _GROUP:
            return
        if event.state == WorkerState.ERROR:
            # A fault of the program, not of the input: the transaction rolled back; say so and stay open.
            self._stopped()
            self.problem(f"{self.HEADING} failed: {event.worker.error!r}; nothing was changed")
            return
        if event.state != WorkerState.SUCCESS:
            return
        outcome = event.worker.result
        if not isinstance(outcome, _Outcome):
            self.dismiss(outcome)
        elif outcome.cancelled:
            self.notify(f"{self.HEADING}: cancelled, nothing was changed", markup=False)
            self.dismiss(None)
        else:
            self._stopped()
            self.problem(outcome.problem)

    def _report(self, stage: str, done: int, total: int | None) -> None:
        if self._stop.is_set():
            raise Cancelled
        self.app.call_from_thread(self._show_progress, stage, done, total)

    def _show_progress(self, stage: str, done: int, total: int | None) -> None:
        label = self.STAGES.get(stage, stage)
        figure = f"{done:,}" if total is None else f"{done:,} of {total:,}"
        self.query_one("#stage", Label).update(Text(f"{label}: {figure}" if done else f"{label}…"))
        self.query_one("#bar", ProgressBar).update(total=total, progress=done)

    def _stopped(self) -> None:
        self.running = False
        self.remove_class("running")
        self.query_one("#form").disabled = False
        self.query_one("#go", Button).display = True
        self.query(Input).first().focus()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if self.running:
            self._stop.set()
            self.query_one("#stage", Label).update(Text("Cancelling…"))
        else:
            self.dismiss(None)
