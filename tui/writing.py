"""Changes to the workspace run in thread workers: another process may hold the write lock for a while."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.screen import Screen
from textual.worker import Worker

from memories.errors import GlossaryError

__all__ = ["write_in_thread"]


def write_in_thread(
    screen: Screen[Any], change: Callable[[], object], done: str, then: Callable[[], object]
) -> Worker[None]:
    """Run ``change`` off the UI thread (an import in another process can keep SQLite's write lock for
    seconds: the screen must keep answering meanwhile), then toast ``done`` and call ``then``; a refused
    change toasts the store's one-line reason instead."""

    def finish() -> None:
        screen.notify(done, markup=False)
        then()

    def work() -> None:
        try:
            change()
        except GlossaryError as exc:
            screen.app.call_from_thread(screen.notify, str(exc), severity="error", markup=False)
            return
        screen.app.call_from_thread(finish)

    return screen.run_worker(work, name=done, group="write", thread=True)
