"""The storage interface: what ``memories.store.Workspace`` asks of a database, whichever one it is."""

from __future__ import annotations

import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Protocol

from memories.errors import WorkspaceBusyError

__all__ = ["Connection", "Cursor", "Database", "LockWait"]


class Cursor(Protocol):
    """What a statement gives back (sqlite3's and psycopg's cursors both are one)."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    """One connection, used by one thread. SQL is written once for both back ends: ``?`` placeholders (``?1``
    numbered), ``INSERT ... ON CONFLICT``, ``RETURNING id``, no PRAGMA, no ``rowid``, SQLite's type names in DDL
    (``memories.db.postgres`` translates them)."""

    dialect: str
    """``sqlite`` or ``postgresql``: for the few statements that must differ (say why where you branch)."""

    @property
    def in_transaction(self) -> bool: ...

    def execute(self, sql: str, parameters: Any = ..., /) -> Cursor: ...

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor: ...

    def table_exists(self, name: str) -> bool: ...


class LockWait:
    """A writer's wait for the write lock, one try at a time: the wait is said once, when it begins
    (``on_wait``), and ends after ``timeout`` seconds with a one-line error."""

    def __init__(self, location: str, timeout: float, on_wait: Callable[[], None] | None) -> None:
        self.location = location
        self.timeout = timeout
        self.on_wait = on_wait
        self.deadline: float | None = None

    def failed(self, exc: BaseException) -> None:
        """A try found the lock taken: go on waiting, or raise WorkspaceBusyError when the time is up."""
        now = time.monotonic()
        if self.deadline is None:
            self.deadline = now + self.timeout
            if self.on_wait is not None:
                self.on_wait()
        if now >= self.deadline:
            raise WorkspaceBusyError(
                f"{self.location}: another glossary process has been writing to this workspace for over "
                f"{self.timeout:g} s; nothing was changed (run the command again when it has finished)"
            ) from exc


class Database(ABC):
    """One workspace's database: how to connect, how a write takes the workspace's write lock, and what can be
    checked. ``Workspace`` owns transactions (``atomic``), threads and migrations on top of it."""

    dialect: str
    location: str
    """The workspace as messages name it: the file's path, or the server URL without its password."""
    name: str
    """Short: the file's name, or the database's."""
    migrates_on_open: bool
    """A workspace file is brought up to date when opened; a shared database only by ``glossary admin
    migrate``, since a translator's newer glossary must not change the schema under the whole team."""

    @abstractmethod
    def connect(self) -> Connection:
        """A connection for the calling thread."""

    def release(self, conn: Connection) -> None:  # noqa: B027  (a file's connections live until close)
        """The thread that used ``conn`` is done with it."""

    @property
    def read_only(self) -> str | None:
        """Why this workspace can only be read, when that is known before writing; None otherwise."""
        return None

    def may_review(self, conn: Connection) -> bool:
        """Whether this workspace's user may do a reviewer's acts (approve or reject a concept, add one approved,
        delete or merge one approved or rejected, lock a segment): a workspace file has no roles, so always."""
        return True

    @abstractmethod
    def begin(self, conn: Connection, lock_timeout: float, on_wait: Callable[[], None] | None) -> None:
        """Start a write transaction holding the workspace's write lock, waiting up to ``lock_timeout`` s for
        another writer (``on_wait`` is called once when it has to wait)."""

    def committed(self) -> None:  # noqa: B027  (what a back end may want to know)
        """A write transaction has just committed."""

    def is_corrupt(self, exc: BaseException) -> bool:
        """Whether ``exc`` says the storage itself is damaged."""
        return False

    @abstractmethod
    def change_stamp(self, conn: Connection) -> tuple[int, int]:
        """A value that changes when anyone commits a change (equal stamps: nothing changed)."""

    @abstractmethod
    def integrity_check(self, conn: Connection) -> str:
        """``ok``, or what is wrong."""

    def interrupt(self, conns: Iterable[Connection]) -> None:  # noqa: B027  (where nothing can be stopped)
        """Stop the statements these connections are running (they end with an error)."""

    @abstractmethod
    def close(self, conns: Iterable[Connection]) -> None:
        """Close every connection and whatever the database holds open."""
