"""Changes to the workspace run in a thread, one after another in the order the keys asked for them."""

from __future__ import annotations

import asyncio
import threading
import weakref
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

from memories.db import OperationalError
from memories.errors import GlossaryError

__all__ = ["read_after_writes", "write_in_thread", "writes_done", "writes_pending"]


@dataclass(frozen=True)
class _Write:
    screen: Screen[Any]
    change: Callable[[], object]
    done: str | Callable[[], str] | None
    """The toast once written (None: none, a read)."""
    then: Callable[[], object]
    refused: Callable[[GlossaryError], bool] | None = None


class _Queue:
    """The app's pending writes and whether a worker is draining them."""

    def __init__(self) -> None:
        self.pending: deque[_Write] = deque()
        self.lock = threading.Lock()
        self.draining = False


T = TypeVar("T")

_QUEUES: weakref.WeakKeyDictionary[App[Any], _Queue] = weakref.WeakKeyDictionary()
"""One queue per app, gone with it; only the UI thread adds one."""


def write_in_thread(
    screen: Screen[Any],
    change: Callable[[], object],
    done: str | Callable[[], str] | None,
    then: Callable[[], object],
    refused: Callable[[GlossaryError], bool] | None = None,
) -> None:
    """Run ``change`` off the UI thread (an import in another process can keep SQLite's write lock for
    seconds: the screen must keep answering meanwhile), then toast ``done`` (or what it returns, once the
    change is made) and call ``then``; a refused change toasts the store's one-line reason instead, unless
    ``refused`` (called on the UI thread with the error) returns True: it has shown the translator itself
    (the concept dialog's conflict view).

    Changes run one at a time in the order asked: two keys pressed in one burst (approve, then reject the
    same concept) must reach the workspace in that order, not in whichever order two threads finish."""
    app = screen.app
    queue = _QUEUES.setdefault(app, _Queue())
    with queue.lock:
        queue.pending.append(_Write(screen, change, done, then, refused))
        if queue.draining:
            return
        queue.draining = True
    app.run_worker(lambda: _drain(app, queue), name="writes", group="write", thread=True)


def _drain(app: App[Any], queue: _Queue) -> None:
    while True:
        with queue.lock:
            if not queue.pending:
                queue.draining = False  # under the lock: a write queued from now on starts a new worker
                return
            write = queue.pending.popleft()
        try:
            write.change()
        except GlossaryError as exc:
            app.call_from_thread(_refuse, write, exc)
            continue
        except OperationalError as exc:
            # Another process held the write lock past the workspace's busy timeout (a long import).
            said = f"The workspace is busy ({exc}): nothing was changed; try again when the import is done"
            app.call_from_thread(write.screen.notify, said, severity="error", markup=False)
            continue
        except BaseException:
            with queue.lock:
                queue.draining = False
            raise
        app.call_from_thread(_finish, write)


def _refuse(write: _Write, exc: GlossaryError) -> None:
    if write.refused is None or not write.refused(exc):
        write.screen.notify(str(exc), severity="error", markup=False)


def _finish(write: _Write) -> None:
    if write.done is not None:
        write.screen.notify(write.done if isinstance(write.done, str) else write.done(), markup=False)
    write.then()


def read_after_writes(screen: Screen[Any], read: Callable[[], T], then: Callable[[T], object]) -> None:
    """Run ``read`` off the UI thread once the changes asked for so far are written, then ``then`` with what it
    read, on the UI thread: a key that opens what an earlier key changed (a concept saved, then opened again
    before the table has reloaded) sees the change, not the version the table still shows."""
    got: list[T] = []
    write_in_thread(screen, lambda: got.append(read()), None, lambda: then(got[0]))


def writes_pending(app: App[Any]) -> bool:
    """Changes asked for and not written yet."""
    queue = _QUEUES.get(app)
    return queue is not None and queue.draining


async def writes_done(app: App[Any]) -> None:
    """Wait (without blocking the screen) until every change asked for so far is written: quitting right
    after a key must not lose what the key asked for."""
    queue = _QUEUES.get(app)
    while queue is not None and queue.draining:
        await asyncio.sleep(0.01)
