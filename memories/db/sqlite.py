"""The embedded back end: one SQLite file (WAL mode), the workspace of a single translator."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from memories.db.base import Connection, Database, LockWait
from memories.errors import WorkspaceError

__all__ = ["APPLICATION_ID", "SQLiteConnection", "SQLiteDatabase", "quick_check_max_bytes"]

APPLICATION_ID = 0x476C6F73
"""``PRAGMA application_id`` of a glossary workspace ("Glos"): a SQLite file of another application is refused."""

_BUSY_TIMEOUT_MS = 30000
"""How long one statement waits for a lock; a whole write waits ``Workspace.lock_timeout`` (see ``begin``)."""

_QUICK_CHECK_MAX_BYTES = 64 << 20
"""Workspaces up to this size get a full ``PRAGMA quick_check`` before a session's first write (about 1 s)."""


def quick_check_max_bytes() -> int:
    """``GLOSSARY_QUICK_CHECK_MAX_BYTES`` when set (tests lower it to reach the large-file path cheaply)."""
    raw = os.environ.get("GLOSSARY_QUICK_CHECK_MAX_BYTES", "")
    return int(raw) if raw.strip().isdigit() else _QUICK_CHECK_MAX_BYTES


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class SQLiteConnection(sqlite3.Connection):
    """sqlite3's connection, with what ``memories.db.Connection`` adds (the SQL is SQLite's own)."""

    dialect = "sqlite"

    def table_exists(self, name: str) -> bool:
        return bool(
            self.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        )


class SQLiteDatabase(Database):
    """A workspace file. Connections are opened in autocommit mode (``Workspace.atomic`` issues BEGIN), WAL,
    foreign keys on; a file of another application, or a damaged one, is refused before anything is written."""

    dialect = "sqlite"
    migrates_on_open = True

    def __init__(self, path: Path) -> None:
        if path.exists() and path.is_dir():
            raise WorkspaceError(f"{path}: is a folder, not a workspace file")
        path.parent.mkdir(parents=True, exist_ok=True)
        self.path = path
        self.location = str(path)
        self.name = path.name
        self._identified = False
        self._integrity_checked = False
        self.damaged = False
        """Set when damage was met: nothing more is written this session (not even PRAGMA optimize)."""
        self.wrote = False
        """Whether a write committed this session: a session that changed nothing leaves the file as it was
        (a refused import included), so PRAGMA optimize runs only after one that did."""

    @property
    def read_only(self) -> str | None:
        """Why this workspace can only be read (a read-only file or folder), or None when it can be written.
        Permission bits do not bind root, so as root this is None and SQLite has the last word."""
        if not self.path.exists():
            return None
        if not os.access(self.path.parent, os.W_OK | os.X_OK):
            return "its folder is read-only"
        if not os.access(self.path, os.W_OK):
            return "the file is read-only"
        return None

    def read_only_error(self, why: str) -> WorkspaceError:
        return WorkspaceError(
            f"{self.path}: the workspace is read-only ({why}); nothing was changed "
            "(make the file and its folder writable, or work on a copy)"
        )

    def connect(self) -> Connection:
        why = self.read_only
        if why is not None:
            return self._connect_read_only(why)
        try:
            conn = sqlite3.connect(
                self.path,
                isolation_level=None,
                check_same_thread=False,
                timeout=30,
                factory=SQLiteConnection,
            )
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            if not self._identified:
                # Before WAL mode is set: switching it writes to the file, and a foreign file stays untouched.
                self._check_identity(conn)
                self._identified = True
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = NORMAL")
            # Imports write several tables at once; the default 2 MB page cache would spill them mid-transaction.
            conn.execute("PRAGMA cache_size = -131072")
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(f"{self.path}: not a glossary workspace ({exc})") from exc
        if mode != "wal":
            raise WorkspaceError(f"{self.path}: cannot switch the workspace to WAL mode (got {mode})")
        return conn

    def _connect_read_only(self, why: str) -> Connection:
        """A connection that never writes: ``mode=ro`` when the folder is writable (SQLite still makes the WAL
        index it needs to read); ``immutable=1`` when it is not, so no -wal or -shm is even tried (what an
        uncheckpointed -wal left there holds is then not seen)."""
        folder_writable = why != "its folder is read-only"
        uri = self.path.resolve().as_uri() + ("?mode=ro" if folder_writable else "?immutable=1")
        try:
            conn = sqlite3.connect(
                uri,
                uri=True,
                isolation_level=None,
                check_same_thread=False,
                timeout=30,
                factory=SQLiteConnection,
            )
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
            conn.execute("PRAGMA query_only = ON")
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(
                f"{self.path}: cannot read the workspace ({why}: {exc}); the file was not changed"
            ) from exc
        if app_id != APPLICATION_ID and (app_id != 0 or "schema_version" not in tables):
            conn.close()
            raise WorkspaceError(
                f"{self.path}: not a glossary workspace; it was left untouched (give another --workspace)"
            )
        return conn

    def _check_identity(self, conn: sqlite3.Connection) -> None:
        """Refuse a SQLite file of another application: ours carry ``APPLICATION_ID``; one without it is
        ours when it already holds our schema_version table (a workspace from before the id), and is then
        given the id; a new, empty file is given it too."""
        try:
            app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
            tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise WorkspaceError(
                f"{self.path}: not a glossary workspace, or a damaged one ({exc}); the file was not changed"
            ) from exc
        if app_id == APPLICATION_ID:
            return
        if app_id != 0 or (tables and "schema_version" not in tables):
            conn.close()
            shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
            raise WorkspaceError(
                f"{self.path}: a SQLite file of another application"
                + (f" (tables: {shown})" if tables else f" (application id {app_id:#x})")
                + ", not a glossary workspace; it was left untouched (give another --workspace)"
            )
        conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")

    def check_integrity(self, conn: Connection) -> None:
        """Once per session, before its first write: a damaged file (a page overwritten) is refused before
        anything is written into it, where SQLite alone would write around the damage. A full quick_check
        reads the whole file (19.5 s on a 922 MiB workspace), so it runs only up to ``quick_check_max_bytes``;
        a larger file gets the structural checks of ``_check_structure`` here, and any page found damaged
        during the write itself rolls the write back (``Workspace.atomic``)."""
        if self._integrity_checked:
            return
        size = self.path.stat().st_size if self.path.exists() else 0
        if size <= quick_check_max_bytes():
            problems = [" ".join(str(r[0]).split()) for r in conn.execute("PRAGMA quick_check(3)")]
        else:
            problems = self._check_structure(conn, size)
        if problems != ["ok"]:
            self.damaged = True
            raise WorkspaceError(
                f"{self.path}: the workspace file is damaged ({'; '.join(problems)[:200]}); nothing was written "
                "(restore it from a backup, or export what can still be read)"
            )
        self._integrity_checked = True

    def _check_structure(self, conn: Connection, size: int) -> list[str]:
        """What can be checked without reading every page: the header, the page count against the file's
        size (when no WAL holds newer pages), the freelist's bounds; ``["ok"]`` when all hold."""
        with self.path.open("rb") as f:
            header = f.read(100)
        if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
            return ["the file header is not SQLite's"]
        page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])
        pages = int(conn.execute("PRAGMA page_count").fetchone()[0])
        problems = []
        wal = self.path.with_name(self.path.name + "-wal")
        if not (wal.exists() and wal.stat().st_size > 0) and pages * page_size != size:
            problems.append(f"{pages} pages of {page_size} bytes in a file of {size} bytes")
        first_trunk = int.from_bytes(header[32:36], "big")
        free = int(conn.execute("PRAGMA freelist_count").fetchone()[0])
        if first_trunk > pages or free > pages:
            problems.append(f"the freelist points past the end ({first_trunk}, {free} of {pages} pages)")
        return problems or ["ok"]

    def begin(self, conn: Connection, lock_timeout: float, on_wait: Callable[[], None] | None) -> None:
        """BEGIN IMMEDIATE, waiting for another process's write as long as ``lock_timeout`` allows. SQLite's
        busy timeout alone would end a second import with "database is locked" after 30 s while the first
        runs for minutes; here the wait is said at once (``on_wait``) and bounded, with a clear error."""
        why = self.read_only
        if why is not None:
            raise self.read_only_error(why)
        wait = LockWait(str(self.path), lock_timeout, on_wait)
        # Each try waits a second at most: the wait is announced early and the timeout kept to the second.
        conn.execute("PRAGMA busy_timeout = 1000")
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.OperationalError as exc:
                    if not _is_busy(exc):
                        raise
                    wait.failed(exc)
        finally:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        try:
            self.check_integrity(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def committed(self) -> None:
        self.wrote = True

    def is_corrupt(self, exc: BaseException) -> bool:
        """SQLITE_CORRUPT or SQLITE_NOTADB (extended codes keep the primary code in the low byte)."""
        code = getattr(exc, "sqlite_errorcode", None)
        return isinstance(exc, sqlite3.DatabaseError) and code is not None and code & 0xFF in (11, 26)

    def change_stamp(self, conn: Connection) -> tuple[int, int]:
        """This connection's own row changes (committed or not) and ``data_version``, which moves when another
        connection commits."""
        assert isinstance(conn, sqlite3.Connection)
        return conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0])

    def integrity_check(self, conn: Connection) -> str:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])

    def interrupt(self, conns: Iterable[Connection]) -> None:
        for conn in conns:
            assert isinstance(conn, sqlite3.Connection)
            with suppress(sqlite3.Error):
                conn.interrupt()

    def close(self, conns: Iterable[Connection]) -> None:
        for conn in conns:
            assert isinstance(conn, sqlite3.Connection)
            # Another thread may be mid-statement; closing still releases the file.
            # PRAGMA optimize writes (ANALYZE): ask first what it would do (mask 0x01 only reports), and
            # when it would write, let the file pass the write gate first: a damaged one stays untouched.
            with suppress(sqlite3.Error, WorkspaceError):
                if self.wrote and not self.damaged and conn.execute("PRAGMA optimize(3)").fetchall():
                    self.check_integrity(conn)
                    conn.execute("PRAGMA optimize")
            conn.close()
