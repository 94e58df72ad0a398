"""The workspace: one SQLite file holding the translation memory (and, through glossary, the termbase).

The ``Workspace`` object owns the connections (one per thread), transactions (``atomic()``; nested calls are
savepoints) and the numbered migrations applied when a file is opened. SQL stays behind its methods.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from memories.errors import WorkspaceBusyError, WorkspaceError, WorkspaceTooNewError
from memories.index.codec import ALL_LENGTHS
from memories.index.reader import Codes, IndexedVariant, IndexTerm, SourceVariant
from memories.index.writer import IndexWriter, recount
from memories.index.writer import create as create_index
from memories.langs import canonical_map, same_language
from memories.model import Change, Origin, Property, TranslationUnit, Variant, WorkspaceStats
from memories.schema import MIGRATIONS, register_migration, run_script
from memories.text import normalize, normalize_text

if TYPE_CHECKING:
    from typing import Any

    import numpy.typing as npt

    Array = npt.NDArray[Any]

__all__ = ["MIGRATIONS", "Workspace", "register_migration", "run_script"]


@register_migration("memories", "translation memory")
def _create_translation_memory(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE origin (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL,            -- the file (or document pair) as the user named it
            format TEXT NOT NULL,
            imported_at TEXT NOT NULL
        );
        CREATE TABLE tu (
            id INTEGER PRIMARY KEY,
            origin_id INTEGER REFERENCES origin(id) ON DELETE SET NULL,
            position INTEGER,
            fingerprint TEXT NOT NULL UNIQUE,  -- hash of context and variants: re-imports add nothing
            context TEXT,
            status TEXT NOT NULL DEFAULT 'translated'
                CHECK (status IN ('translated', 'fuzzy', 'review')),
            tuid TEXT,
            srclang TEXT,
            created_at TEXT, created_by TEXT, changed_at TEXT, changed_by TEXT,
            usage_count INTEGER,
            notes TEXT NOT NULL DEFAULT '[]',
            props TEXT NOT NULL DEFAULT '[]',
            attrs TEXT NOT NULL DEFAULT '[]',
            added_at TEXT NOT NULL
        );
        CREATE INDEX tu_origin ON tu(origin_id, position);
        CREATE TABLE variant (
            id INTEGER PRIMARY KEY,
            tu_id INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            form INTEGER NOT NULL DEFAULT 0,
            text TEXT NOT NULL,
            markup TEXT,
            normalized TEXT NOT NULL,
            tokens TEXT NOT NULL,          -- space-separated tokens of the normalised text
            notes TEXT NOT NULL DEFAULT '[]',
            props TEXT NOT NULL DEFAULT '[]',
            attrs TEXT NOT NULL DEFAULT '[]',
            seq INTEGER NOT NULL           -- order within the unit, as imported
        );
        CREATE INDEX variant_tu ON variant(tu_id, seq);
        CREATE INDEX variant_lang ON variant(lang);
        """,
    )


@register_migration("memories", "search index")
def _create_search_index(conn: sqlite3.Connection) -> None:
    """The search index's tables, filled from what is stored. They belong to the ``index`` component
    (``memories.index.writer``) since issue 12; this step stays, as it was, so that the versions existing
    workspaces recorded keep their meaning (a new workspace gets the tables here, and the ``index``
    component's first step then finds them)."""
    create_index(conn)


@register_migration("memories", "unit history")
def _create_unit_history(conn: sqlite3.Connection) -> None:
    """Every edit of a variant made in the workspace, so a translator can see who changed a unit and from what."""
    run_script(
        conn,
        """
        CREATE TABLE unit_history (
            id INTEGER PRIMARY KEY,
            tu_id INTEGER NOT NULL REFERENCES tu(id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            form INTEGER NOT NULL DEFAULT 0,
            before TEXT,                   -- NULL when the edit added the variant
            after TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            changed_by TEXT
        );
        CREATE INDEX unit_history_tu ON unit_history(tu_id, id)
        """,
    )


@register_migration("memories", "search index term counts")
def _count_terms_in_postings(conn: sqlite3.Connection) -> None:
    """Postings now carry how many times the variant holds the term (the lookup bounds a candidate with it):
    they are written again from the stored search codes, without tokenising the segments again."""
    recount(conn)


@register_migration("memories", "variant tokens dropped")
def _drop_variant_tokens(conn: sqlite3.Connection) -> None:
    """``variant.tokens`` held each text's Moses (or jieba) words; no query ever read them, and computing them
    was half of every import's time. The search index tokenises what lookup and concordance need."""
    conn.execute("ALTER TABLE variant DROP COLUMN tokens")


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _tmx_date(iso: str) -> str:
    """A unit's dates are kept as TMX writes them (``20261128T015500Z``): imported ones arrive that way."""
    return iso.replace("-", "").replace(":", "")


def _dump(items: Sequence[object]) -> str:
    if not items:
        return "[]"  # most units have no notes, props or attributes: json.dumps would cost as much as a row
    return json.dumps([list(i) if isinstance(i, tuple) else i for i in items], ensure_ascii=False)


def _props(raw: str) -> tuple[Property, ...]:
    if raw == "[]":  # most units: json.loads would cost more than the rest of reading the row
        return ()
    return tuple((str(k), str(v)) for k, v in json.loads(raw))


def _notes(raw: str) -> tuple[str, ...]:
    return () if raw == "[]" else tuple(json.loads(raw))


def fingerprint(unit: TranslationUnit) -> str:
    """Identity of a unit's content: its context and every variant's language, form, text and markup.
    Metadata (dates, notes, origin) does not make a unit new."""
    key = [
        unit.context or "",
        *sorted(f"{v.lang}\x1f{v.form}\x1f{v.text}\x1f{v.markup or ''}" for v in unit.variants),
    ]
    return hashlib.blake2b("\x1e".join(key).encode("utf-8"), digest_size=16).hexdigest()


APPLICATION_ID = 0x476C6F73
"""``PRAGMA application_id`` of a glossary workspace ("Glos"): a SQLite file of another application is refused."""

_BUSY_TIMEOUT_MS = 30000
"""How long one statement waits for a lock; a whole write waits ``Workspace.lock_timeout`` (see ``_begin``)."""


_QUICK_CHECK_MAX_BYTES = 64 << 20
"""Workspaces up to this size get a full ``PRAGMA quick_check`` before a session's first write (about 1 s)."""


def quick_check_max_bytes() -> int:
    """``GLOSSARY_QUICK_CHECK_MAX_BYTES`` when set (tests lower it to reach the large-file path cheaply)."""
    raw = os.environ.get("GLOSSARY_QUICK_CHECK_MAX_BYTES", "")
    return int(raw) if raw.strip().isdigit() else _QUICK_CHECK_MAX_BYTES


def _is_corrupt(exc: BaseException) -> bool:
    """SQLITE_CORRUPT or SQLITE_NOTADB (extended codes keep the primary code in the low byte)."""
    code = getattr(exc, "sqlite_errorcode", None)
    return isinstance(exc, sqlite3.DatabaseError) and code is not None and code & 0xFF in (11, 26)


def _is_busy(exc: sqlite3.OperationalError) -> bool:
    return "locked" in str(exc) or "busy" in str(exc)


class Workspace:
    """A translation-memory workspace stored in one SQLite file.

    >>> with Workspace(path) as ws, ws.atomic():
    ...     ws.add_unit(unit, origin_id=ws.add_origin("memory.tmx", "tmx"))
    """

    lock_timeout: float = 600.0
    """Seconds a write waits for another process's write (an import) to finish before giving up."""
    on_wait: Callable[[], None] | None = None
    """Called once when a write has to wait for another process (the CLI says so on stderr)."""

    BATCH = 500
    """Units an import stores per ``add_batch``: large enough for executemany to pay, small enough for memory."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        self._search_index = _SearchIndex(self)
        if self.path.exists() and self.path.is_dir():
            raise WorkspaceError(f"{self.path}: is a folder, not a workspace file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self._migrate(self.connection)
        except sqlite3.DatabaseError as exc:
            # The migrations ran in one transaction, so the file is as it was; say so instead of a traceback.
            self.close()
            raise WorkspaceError(
                f"{self.path}: cannot bring the workspace up to date ({exc}); the file was not changed"
            ) from exc

    # -- connections and transactions -------------------------------------------------------------------

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not cross threads; workers get their own)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            self._local.depth = 0
            self._local.index_writer = IndexWriter()
            with self._lock:
                self._connections.append(conn)
        return conn

    @property
    def _index_writer(self) -> IndexWriter:
        self.connection  # noqa: B018  (creates this thread's writer with its connection)
        writer: IndexWriter = self._local.index_writer
        return writer

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

    def _read_only_error(self, why: str) -> WorkspaceError:
        return WorkspaceError(
            f"{self.path}: the workspace is read-only ({why}); nothing was changed "
            "(make the file and its folder writable, or work on a copy)"
        )

    def _connect(self) -> sqlite3.Connection:
        why = self.read_only
        if why is not None:
            return self._connect_read_only(why)
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
            if not getattr(self, "_identified", False):
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

    def _connect_read_only(self, why: str) -> sqlite3.Connection:
        """A connection that never writes: ``mode=ro`` when the folder is writable (SQLite still makes the WAL
        index it needs to read); ``immutable=1`` when it is not, so no -wal or -shm is even tried (what an
        uncheckpointed -wal left there holds is then not seen)."""
        folder_writable = why != "its folder is read-only"
        uri = self.path.resolve().as_uri() + ("?mode=ro" if folder_writable else "?immutable=1")
        try:
            conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False, timeout=30)
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

    def _versions(self, conn: sqlite3.Connection) -> dict[str, int]:
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
        ).fetchone()
        if not exists:
            return {}
        return {str(c): int(v) for c, v in conn.execute("SELECT component, version FROM schema_version")}

    def _migrate(self, conn: sqlite3.Connection) -> None:
        try:
            versions = self._versions(conn)
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(f"{self.path}: not a glossary workspace ({exc})") from exc
        for component, steps in MIGRATIONS.items():
            if versions.get(component, 0) > len(steps):
                raise WorkspaceTooNewError(
                    f"{self.path}: written by a newer glossary ({component} schema {versions[component]}, "
                    f"this one knows {len(steps)}); upgrade glossary to open it"
                )
        if all(versions.get(c, 0) == len(steps) for c, steps in MIGRATIONS.items()):
            return
        why = self.read_only
        if why is not None:
            raise WorkspaceError(
                f"{self.path}: the workspace is read-only ({why}) and was written by an older glossary; "
                "make it writable once so that it can be brought up to date"
            )
        with self.atomic():
            conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_version (component TEXT PRIMARY KEY, version INTEGER NOT NULL)"
            )
            # Re-read inside the write lock: another process may have migrated meanwhile.
            versions = self._versions(conn)
            for component, steps in MIGRATIONS.items():
                for number in range(versions.get(component, 0) + 1, len(steps) + 1):
                    steps[number - 1][1](conn)
                    conn.execute(
                        "INSERT INTO schema_version(component, version) VALUES (?, ?) "
                        "ON CONFLICT(component) DO UPDATE SET version = excluded.version",
                        (component, number),
                    )

    def schema_version(self, component: str = "memories") -> int:
        return self._versions(self.connection).get(component, 0)

    @contextmanager
    def atomic(self) -> Iterator[sqlite3.Connection]:
        """A transaction; nested calls become savepoints. Everything inside commits or nothing does."""
        conn = self.connection
        depth: int = self._local.depth
        if depth == 0:
            self._begin(conn)
        else:
            conn.execute(f"SAVEPOINT sp{depth}")
        self._local.depth = depth + 1
        try:
            yield conn
            if depth == 0:
                self._index_writer.flush(conn)
        except BaseException as exc:
            self._local.depth = depth
            self._index_writer.forget_terms()
            corrupt = _is_corrupt(exc)
            if depth == 0:
                self._index_writer.clear()
            # After some errors (out of memory, disk full, I/O error, a damaged page) SQLite has already rolled
            # the whole transaction back, savepoints included: rolling back again would raise and hide the error.
            if conn.in_transaction:
                with suppress(sqlite3.OperationalError) if corrupt else nullcontext():
                    if depth == 0:
                        conn.execute("ROLLBACK")
                    else:
                        conn.execute(f"ROLLBACK TO sp{depth}")
                        conn.execute(f"RELEASE sp{depth}")
            if corrupt:
                # A damaged page met during the write (past the size a full quick_check is run for): the
                # write is rolled back and nothing more is written this session (not even PRAGMA optimize).
                self._damaged = True
                if depth == 0:
                    raise WorkspaceError(
                        f"{self.path}: the workspace file is damaged ({exc}); nothing was written "
                        "(restore it from a backup, or export what can still be read)"
                    ) from exc
            raise
        else:
            self._local.depth = depth
            if depth == 0:
                conn.execute("COMMIT")
            else:
                conn.execute(f"RELEASE sp{depth}")

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

    def _check_integrity(self, conn: sqlite3.Connection) -> None:
        """Once per session, before its first write: a damaged file (a page overwritten) is refused before
        anything is written into it, where SQLite alone would write around the damage. A full quick_check
        reads the whole file (19.5 s on a 922 MiB workspace), so it runs only up to ``quick_check_max_bytes``;
        a larger file gets the structural checks of ``_check_structure`` here, and any page found damaged
        during the write itself rolls the write back (``atomic``)."""
        if getattr(self, "_integrity_checked", False):
            return
        size = self.path.stat().st_size if self.path.exists() else 0
        if size <= quick_check_max_bytes():
            problems = [" ".join(str(r[0]).split()) for r in conn.execute("PRAGMA quick_check(3)")]
        else:
            problems = self._check_structure(conn, size)
        if problems != ["ok"]:
            self._damaged = True
            raise WorkspaceError(
                f"{self.path}: the workspace file is damaged ({'; '.join(problems)[:200]}); nothing was written "
                "(restore it from a backup, or export what can still be read)"
            )
        self._integrity_checked = True

    def _check_structure(self, conn: sqlite3.Connection, size: int) -> list[str]:
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

    def _begin(self, conn: sqlite3.Connection) -> None:
        """BEGIN IMMEDIATE, waiting for another process's write as long as ``lock_timeout`` allows. SQLite's
        busy timeout alone would end a second import with "database is locked" after 30 s while the first
        runs for minutes; here the wait is said at once (``on_wait``) and bounded, with a clear error."""
        why = self.read_only
        if why is not None:
            raise self._read_only_error(why)
        deadline: float | None = None
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
                    now = time.monotonic()
                    if deadline is None:
                        deadline = now + self.lock_timeout
                        if self.on_wait is not None:
                            self.on_wait()
                    if now >= deadline:
                        raise WorkspaceBusyError(
                            f"{self.path}: another glossary process has been writing to this workspace for "
                            f"over {self.lock_timeout:g} s; nothing was changed (run the command again when "
                            "it has finished)"
                        ) from exc
        finally:
            conn.execute(f"PRAGMA busy_timeout = {_BUSY_TIMEOUT_MS}")
        try:
            self._check_integrity(conn)
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def interrupt(self) -> None:
        """Stop the queries other threads' connections are running (SQLite's interrupt: each ends with an
        error, an open transaction rolls back): a program that quits does not wait for lookups it no longer
        needs. This thread's connection is left alone."""
        mine = getattr(self._local, "conn", None)
        with self._lock:
            for conn in self._connections:
                if conn is not mine:
                    with suppress(sqlite3.Error):
                        conn.interrupt()

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                # Another thread may be mid-statement; closing still releases the file.
                # PRAGMA optimize writes (ANALYZE): ask first what it would do (mask 0x01 only reports), and
                # when it would write, let the file pass the write gate first: a damaged one stays untouched.
                with suppress(sqlite3.Error, WorkspaceError):
                    if (
                        not getattr(self, "_damaged", False)
                        and self.read_only is None
                        and conn.execute("PRAGMA optimize(3)").fetchall()
                    ):
                        self._check_integrity(conn)
                        conn.execute("PRAGMA optimize")
                conn.close()
            self._connections.clear()
        self._local = threading.local()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------------

    def add_origin(self, name: str, format: str) -> int:
        cur = self.connection.execute(
            "INSERT INTO origin(name, format, imported_at) VALUES (?, ?, ?)", (name, format, _now())
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def drop_origin_if_empty(self, origin_id: int) -> None:
        """Forget an origin that contributed no unit (a re-import of a file already present)."""
        self.connection.execute(
            "DELETE FROM origin WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tu WHERE origin_id = ?)",
            (origin_id, origin_id),
        )

    def add_unit(self, unit: TranslationUnit, origin_id: int | None = None) -> int | None:
        """Store a unit; returns its new id, or None when a unit with the same content is already present."""
        return self.add_batch([unit], origin_id)[0]

    def add_batch(self, units: Sequence[TranslationUnit], origin_id: int | None = None) -> list[int | None]:
        """Store units in order: for each, its new id, or None when a unit with the same content is already
        present (stored before, or earlier in ``units``). Rows go in a few statements per batch, which is
        what makes an import fast; an importer passes a few hundred units at a time."""
        if not units:
            return []
        conn = self.connection  # first: it sets up this thread's transaction depth
        if self._local.depth == 0:
            # The units, their variants and their index postings (flushed at commit) go in together or not at all.
            with self.atomic():
                return self.add_batch(units, origin_id)
        prints = [fingerprint(unit) for unit in units]
        present: set[str] = set()
        for start in range(0, len(prints), 500):
            part = prints[start : start + 500]
            marks = ",".join("?" * len(part))
            present.update(
                r[0] for r in conn.execute(f"SELECT fingerprint FROM tu WHERE fingerprint IN ({marks})", part)
            )
        # Ids are given here rather than by SQLite, so that the rows can go in with executemany; this
        # transaction holds the write lock, so max + 1 is what SQLite itself would have given.
        next_tu = int(conn.execute("SELECT coalesce(max(id), 0) FROM tu").fetchone()[0]) + 1
        next_variant = int(conn.execute("SELECT coalesce(max(id), 0) FROM variant").fetchone()[0]) + 1
        now = _now()
        ids: list[int | None] = []
        tu_rows: list[tuple[object, ...]] = []
        variant_rows: list[tuple[object, ...]] = []
        indexed: list[tuple[int, str, str]] = []
        for unit, print_ in zip(units, prints, strict=True):
            if print_ in present:
                ids.append(None)
                continue
            present.add(print_)
            tu_id = next_tu
            next_tu += 1
            ids.append(tu_id)
            tu_rows.append(
                (
                    tu_id, origin_id, unit.position, print_, unit.context, unit.status, unit.tuid,
                    unit.srclang, unit.created_at, unit.created_by, unit.changed_at, unit.changed_by,
                    unit.usage_count, _dump(unit.notes), _dump(unit.props), _dump(unit.attrs), now,
                )
            )  # fmt: skip
            for seq, v in enumerate(unit.variants):
                variant_rows.append(self._variant_row(next_variant, tu_id, v, seq))
                indexed.append((next_variant, v.lang, v.text))
                next_variant += 1
        if not tu_rows:
            return ids
        conn.executemany(
            """INSERT INTO tu(id, origin_id, position, fingerprint, context, status, tuid, srclang,
                   created_at, created_by, changed_at, changed_by, usage_count, notes, props, attrs, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            tu_rows,
        )
        conn.executemany(
            """INSERT INTO variant(id, tu_id, lang, form, text, markup, normalized, notes, props, attrs, seq)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            variant_rows,
        )
        writer = self._index_writer
        writer.add_many(conn, indexed)
        if writer.size >= IndexWriter.FLUSH_AT:
            writer.flush(conn)
        return ids

    @staticmethod
    def _variant_row(variant_id: int | None, tu_id: int, v: Variant, seq: int) -> tuple[object, ...]:
        return (
            variant_id, tu_id, v.lang, v.form, v.text, v.markup, normalize_text(v.text), _dump(v.notes),
            _dump(v.props), _dump(v.attrs), seq,
        )  # fmt: skip

    def _insert_variant(self, conn: sqlite3.Connection, tu_id: int, v: Variant, seq: int) -> int:
        cur = conn.execute(
            """INSERT INTO variant(id, tu_id, lang, form, text, markup, normalized, notes, props, attrs, seq)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            self._variant_row(None, tu_id, v, seq),
        )
        assert cur.lastrowid is not None
        return cur.lastrowid

    def delete_unit(self, unit_id: int) -> bool:
        # The unit's postings stay behind as stale entries: lookup scores what is stored, so they only
        # ever add a candidate that is then dropped (see memories.index.lookup).
        with self.atomic() as conn:
            return conn.execute("DELETE FROM tu WHERE id = ?", (unit_id,)).rowcount > 0

    def update_variant(
        self,
        unit_id: int,
        lang: str,
        text: str,
        form: int = 0,
        by: str | None = None,
        markup: str | None = None,
    ) -> int:
        """Replace the text of a unit's variant in ``lang`` (adding the variant when the unit has none in that
        language); returns the variant's id. ``markup`` is the new text's TMX inline markup (None: the new text
        is plain and any old markup is dropped; the same text again keeps its markup). The edit is kept in the
        unit's history (``history()``), and ``by`` becomes the unit's ``changed_by`` (TMX changeid)."""
        with self.atomic() as conn:
            rows = conn.execute(
                "SELECT id, lang, form, seq, text, markup FROM variant WHERE tu_id = ? ORDER BY seq",
                (unit_id,),
            ).fetchall()
            if not rows and conn.execute("SELECT 1 FROM tu WHERE id = ?", (unit_id,)).fetchone() is None:
                raise WorkspaceError(f"no translation unit {unit_id} in {self.path}")
            same = [r for r in rows if r[2] == form and r[1] == lang] or [
                r for r in rows if r[2] == form and same_language(r[1], lang)
            ]
            if same and same[0][4] == text and markup in (None, same[0][5]):
                return int(same[0][0])  # nothing changed: no history entry, no new fingerprint
            before = same[0][4] if same else None
            if same:
                variant_id, stored_lang = int(same[0][0]), str(same[0][1])
                conn.execute(
                    "UPDATE variant SET text = ?, markup = ?, normalized = ? WHERE id = ?",
                    (text, markup, normalize_text(text), variant_id),
                )
            else:
                stored_lang = lang
                seq = max((r[3] for r in rows), default=-1) + 1
                variant_id = self._insert_variant(conn, unit_id, Variant(lang, text, markup, form=form), seq)
            self._index_writer.add(conn, variant_id, stored_lang, text)
            edited = self.unit(unit_id)
            assert edited is not None
            now = _now()
            try:
                conn.execute(
                    "UPDATE tu SET fingerprint = ?, changed_at = ?, changed_by = coalesce(?, changed_by)"
                    " WHERE id = ?",
                    (fingerprint(edited), _tmx_date(now), by, unit_id),
                )
            except sqlite3.IntegrityError as exc:
                raise WorkspaceError(f"another unit already holds exactly this content ({exc})") from exc
            conn.execute(
                "INSERT INTO unit_history(tu_id, lang, form, before, after, changed_at, changed_by)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (unit_id, stored_lang, form, before, text, now, by),
            )
            return variant_id

    def restore_unit(
        self,
        unit_id: int,
        state: TranslationUnit | None,
        by: str | None = None,
        history: Sequence[Change] = (),
    ) -> None:
        """Make unit ``unit_id`` exactly ``state`` (fields, dates, variants with their markup), re-creating it
        with its ``history`` when it was deleted, or delete it when ``state`` is None: what undo and redo use.
        A text that changes in a unit still stored goes into its history, as an edit does."""
        with self.atomic() as conn:
            current = self.unit(unit_id)
            if state is None:
                self.delete_unit(unit_id)
                return
            origin = conn.execute(
                "SELECT id FROM origin WHERE name = ? ORDER BY id LIMIT 1", (state.origin,)
            ).fetchone()
            values = (
                origin[0] if origin else None, state.position, fingerprint(state), state.context, state.status,
                state.tuid, state.srclang, state.created_at, state.created_by, state.changed_at,
                state.changed_by, state.usage_count, _dump(state.notes), _dump(state.props), _dump(state.attrs),
            )  # fmt: skip
            columns = """origin_id, position, fingerprint, context, status, tuid, srclang, created_at, created_by,
                changed_at, changed_by, usage_count, notes, props, attrs"""
            try:
                if current is None:
                    conn.execute(
                        f"INSERT INTO tu({columns}, added_at, id) VALUES ({', '.join('?' * 17)})",
                        (*values, _now(), unit_id),
                    )
                else:
                    assignments = ", ".join(f"{name.strip()} = ?" for name in columns.split(","))
                    conn.execute(f"UPDATE tu SET {assignments} WHERE id = ?", (*values, unit_id))
                    conn.execute("DELETE FROM variant WHERE tu_id = ?", (unit_id,))
            except sqlite3.IntegrityError as exc:
                raise WorkspaceError(f"another unit already holds exactly this content ({exc})") from exc
            for seq, variant in enumerate(state.variants):
                self._index_writer.add(
                    conn, self._insert_variant(conn, unit_id, variant, seq), variant.lang, variant.text
                )
            if current is None:
                conn.executemany(
                    "INSERT INTO unit_history(tu_id, lang, form, before, after, changed_at, changed_by)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(unit_id, c.lang, c.form, c.before, c.after, c.at, c.by) for c in history],
                )
            was = {(v.lang, v.form): v.text for v in current.variants} if current else {}
            for variant in state.variants if current else ():
                if was.get((variant.lang, variant.form)) != variant.text:
                    conn.execute(
                        "INSERT INTO unit_history(tu_id, lang, form, before, after, changed_at, changed_by)"
                        " VALUES (?, ?, ?, ?, ?, ?, ?)",
                        (unit_id, variant.lang, variant.form, was.get((variant.lang, variant.form)),
                         variant.text, _now(), by),
                    )  # fmt: skip

    def history(self, unit_id: int) -> tuple[Change, ...]:
        """The edits made to a unit in this workspace, oldest first (what it was imported as is its origin)."""
        rows = self.connection.execute(
            "SELECT lang, form, before, after, changed_at, changed_by FROM unit_history"
            " WHERE tu_id = ? ORDER BY id",
            (unit_id,),
        ).fetchall()
        return tuple(Change(*row) for row in rows)

    # -- the search index (memories.index) -----------------------------------------------------------------

    def flush_search_index(self) -> None:
        """Write the postings this thread's open transaction holds, so that its own lookups see them."""
        if getattr(self._local, "depth", 0):
            self._index_writer.flush(self.connection)

    def rebuild_search_index(self) -> None:
        """Index every variant again from scratch, dropping stale postings (never needed for correctness)."""
        with self.atomic() as conn:
            self._index_writer.rebuild(conn)

    @property
    def search_index(self) -> _SearchIndex:
        """What the search index reads (``memories.index.reader.IndexReader``), as this thread sees it."""
        return self._search_index

    def change_stamp(self) -> tuple[int, int]:
        """Changes as this thread's connection sees them: its own row changes (committed or not) and
        ``data_version``, which moves when another connection commits. Equal stamps: nothing changed."""
        conn = self.connection
        return conn.total_changes, int(conn.execute("PRAGMA data_version").fetchone()[0])

    def units_by_id(self, unit_ids: Sequence[int]) -> list[TranslationUnit]:
        if not unit_ids:
            return []
        found: list[TranslationUnit] = []
        for start in range(0, len(unit_ids), 500):
            part = tuple(unit_ids[start : start + 500])
            found.extend(self._units(f"WHERE tu.id IN ({','.join('?' * len(part))})", part))
        return found

    # -- reading ----------------------------------------------------------------------------------------

    _UNIT_COLUMNS = """tu.id, tu.position, tu.context, tu.status, tu.tuid, tu.srclang, tu.created_at,
        tu.created_by, tu.changed_at, tu.changed_by, tu.usage_count, tu.notes, tu.props, tu.attrs, origin.name"""

    def count_units(self) -> int:
        return int(self.connection.execute("SELECT count(*) FROM tu").fetchone()[0])

    def unit(self, unit_id: int) -> TranslationUnit | None:
        return next(self._units("WHERE tu.id = ?", (unit_id,)), None)

    def units(self, origin: str | None = None, batch: int = 2000) -> Iterator[TranslationUnit]:
        """Every unit in import order (optionally of one origin), read in batches so that memory stays flat."""
        last = 0
        while True:
            where = "WHERE tu.id > ?" + (" AND origin.name = ?" if origin is not None else "")
            params: tuple[object, ...] = (last,) if origin is None else (last, origin)
            chunk = list(self._units(where + f" ORDER BY tu.id LIMIT {int(batch)}", params))
            if not chunk:
                return
            yield from chunk
            last = chunk[-1].id or last

    def _units(self, where: str, params: tuple[object, ...]) -> Iterator[TranslationUnit]:
        conn = self.connection
        rows = conn.execute(
            f"SELECT {self._UNIT_COLUMNS} FROM tu LEFT JOIN origin ON origin.id = tu.origin_id {where}",
            params,
        ).fetchall()
        if not rows:
            return
        ids = [r[0] for r in rows]
        variants: dict[int, list[Variant]] = {i: [] for i in ids}
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            for tu_id, lang, form, text, markup, notes, props, attrs in conn.execute(
                f"""SELECT tu_id, lang, form, text, markup, notes, props, attrs FROM variant
                    WHERE tu_id IN ({marks}) ORDER BY tu_id, seq""",
                part,
            ):
                variants[tu_id].append(
                    Variant(lang, text, markup, form, _notes(notes), _props(props), _props(attrs))
                )
        for r in rows:
            yield TranslationUnit(
                variants=tuple(variants[r[0]]), position=r[1], context=r[2], status=r[3], tuid=r[4],
                srclang=r[5], created_at=r[6], created_by=r[7], changed_at=r[8], changed_by=r[9],
                usage_count=r[10], notes=_notes(r[11]), props=_props(r[12]), attrs=_props(r[13]),
                id=r[0], origin=r[14],
            )  # fmt: skip

    def find_units(self, phrase: str, limit: int = 100, status: str | None = None) -> list[TranslationUnit]:
        """Units with a variant whose normalised text contains ``phrase`` (normalised too), newest first;
        only those of ``status`` (``translated``, ``fuzzy``, ``review``) when it is given.

        A plain scan: the indexed concordance belongs to memories.index.concordance.
        """
        needle = normalize(phrase)
        of_status = "" if status is None else " AND (SELECT status FROM tu WHERE tu.id = variant.tu_id) = ?"
        if not needle:
            ids = [
                r[0]
                for r in self.connection.execute(
                    f"SELECT id FROM tu WHERE {'1' if status is None else 'status = ?'} ORDER BY id DESC LIMIT ?",
                    (limit,) if status is None else (status, limit),
                )
            ]
        else:
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            ids = [
                r[0]
                for r in self.connection.execute(
                    f"""SELECT DISTINCT tu_id FROM variant WHERE normalized LIKE ? ESCAPE '\\'{of_status}
                   ORDER BY tu_id DESC LIMIT ?""",
                    (f"%{escaped}%", *(() if status is None else (status,)), limit),
                )
            ]
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        return sorted(self._units(f"WHERE tu.id IN ({marks})", tuple(ids)), key=lambda u: -(u.id or 0))

    def origins(self) -> tuple[Origin, ...]:
        rows = self.connection.execute(
            """SELECT origin.id, origin.name, origin.format, origin.imported_at, count(tu.id)
               FROM origin LEFT JOIN tu ON tu.origin_id = origin.id GROUP BY origin.id ORDER BY origin.id"""
        ).fetchall()
        return tuple(Origin(*row) for row in rows)

    def stats(self) -> WorkspaceStats:
        conn = self.connection
        # A pair counts each unit once, whatever number of plural forms it has.
        pairs = conn.execute(
            """WITH langs AS (SELECT DISTINCT tu_id, lang FROM variant)
               SELECT a.lang, b.lang, count(*) FROM langs a JOIN langs b
                 ON a.tu_id = b.tu_id AND a.lang < b.lang
               GROUP BY a.lang, b.lang ORDER BY count(*) DESC, a.lang, b.lang"""
        ).fetchall()
        return WorkspaceStats(
            units=self.count_units(),
            variants_per_language=tuple(self.stats_languages()),
            units_per_pair=tuple((str(a), str(b), int(n)) for a, b, n in pairs),
            origins=self.origins(),
        )

    def languages(self) -> tuple[str, ...]:
        """Every language of the memory by its canonical tag (``zh`` and ``zh-CN`` are one: see
        memories.langs.canonical_map), most variants first."""
        mapping = canonical_map([lang for lang, _ in self.stats_languages()], self.tag_preferences())
        counts: dict[str, int] = {}
        for lang, n in self.stats_languages():
            counts[mapping.get(lang, lang)] = counts.get(mapping.get(lang, lang), 0) + n
        return tuple(sorted(counts, key=lambda lang: (-counts[lang], lang)))

    def tag_preferences(self) -> dict[tuple[str, str], str]:
        """The tags this workspace lists and exports each (language, script) as, where someone chose one
        (``memories.canonical.prefer``)."""
        conn = self.connection
        exists = conn.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'canonical_tag'"
        ).fetchone()
        if not exists:
            return {}
        rows = conn.execute("SELECT language, script, tag FROM canonical_tag").fetchall()
        return {(str(language), str(script)): str(tag) for language, script, tag in rows}

    def stats_languages(self) -> list[tuple[str, int]]:
        rows = self.connection.execute(
            "SELECT lang, count(*) FROM variant GROUP BY lang ORDER BY count(*) DESC, lang"
        ).fetchall()
        return [(str(lang), int(n)) for lang, n in rows]

    def integrity_check(self) -> str:
        return str(self.connection.execute("PRAGMA integrity_check").fetchone()[0])

    def add_units(self, units: Iterable[TranslationUnit], origin_id: int | None = None) -> int:
        """Store several units in one transaction; returns how many were new."""
        added = 0
        batch: list[TranslationUnit] = []
        with self.atomic():
            for unit in units:
                batch.append(unit)
                if len(batch) == self.BATCH:
                    added += sum(i is not None for i in self.add_batch(batch, origin_id))
                    batch.clear()
            added += sum(i is not None for i in self.add_batch(batch, origin_id))
        return added


class _SearchIndex:
    """The store's answers to the search index's questions (``memories.index.reader.IndexReader``): SQL
    in, the index's dataclasses out."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def _conn(self) -> sqlite3.Connection:
        return self._workspace.connection

    def id_bound(self) -> int:
        return int(self._conn.execute("SELECT coalesce(max(id), 0) FROM variant").fetchone()[0])

    def terms(self, keys: Sequence[str]) -> dict[str, IndexTerm]:
        found: dict[str, IndexTerm] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            marks = ",".join("?" * len(part))
            for key, term_id, df in self._conn.execute(
                f"SELECT key, id, df FROM search_term WHERE key IN ({marks})", part
            ):
                found[key] = IndexTerm(term_id, df)
        return found

    def postings(self, term_id: int, buckets: range | None) -> list[bytes]:
        if buckets is None:
            rows = self._conn.execute("SELECT ids FROM search_posting WHERE term_id = ?", (term_id,))
        else:
            rows = self._conn.execute(
                """SELECT ids FROM search_posting WHERE term_id = ?1 AND bucket BETWEEN ?2 AND ?3
                   UNION ALL SELECT ids FROM search_posting WHERE term_id = ?1 AND bucket = ?4""",
                (term_id, min(buckets), max(buckets), ALL_LENGTHS),
            )
        return [r[0] for r in rows]

    def posting_count(self, term_id: int, first_bucket: int, last_bucket: int) -> int:
        row = self._conn.execute(
            """SELECT coalesce(sum(n), 0) FROM search_posting
               WHERE term_id = ?1 AND (bucket BETWEEN ?2 AND ?3 OR bucket = ?4)""",
            (term_id, first_bucket, last_bucket, ALL_LENGTHS),
        ).fetchone()
        return int(row[0])

    def codes(self, variant_ids: Sequence[int]) -> Codes:
        found: list[tuple[int, str]] = []
        for start in range(0, len(variant_ids), 500):
            part = list(variant_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            found += self._conn.execute(
                f"SELECT variant_id, codes FROM search_form WHERE variant_id IN ({marks})", part
            ).fetchall()
        return _codes(found)

    def codes_before(self, bound: int, count: int) -> Codes:
        return _codes(
            self._conn.execute(
                "SELECT variant_id, codes FROM search_form WHERE variant_id < ? ORDER BY variant_id DESC LIMIT ?",
                (bound, count),
            ).fetchall()
        )

    def variants(self, variant_ids: Sequence[int]) -> list[IndexedVariant]:
        found = []
        for start in range(0, len(variant_ids), 500):
            part = list(variant_ids[start : start + 500])
            marks = ",".join("?" * len(part))
            for variant_id, tu_id, lang, text, langs in self._conn.execute(
                f"""SELECT v.id, v.tu_id, v.lang, v.text,
                        (SELECT group_concat(o.lang, ' ') FROM variant o WHERE o.tu_id = v.tu_id)
                    FROM variant v WHERE v.id IN ({marks})""",
                part,
            ):
                found.append(IndexedVariant(variant_id, tu_id, lang, text, tuple(langs.split(" "))))
        return found

    def languages(self) -> list[str]:
        return [r[0] for r in self._conn.execute("SELECT key FROM search_language ORDER BY key")]

    def source_variants(self, source: str, target: str | None) -> Iterator[SourceVariant]:
        for variant_id, tu_id, text in self._source_rows(source, target):
            yield SourceVariant(variant_id, tu_id, text)

    def _source_rows(self, source: str, target: str | None) -> Iterator[tuple[int, int, str]]:
        langs = [lang for lang, _ in self._workspace.stats_languages()]
        sources = [lang for lang in langs if same_language(lang, source)]
        targets = [lang for lang in langs if target is not None and same_language(lang, target)]
        if not sources:
            return
        marks = ",".join("?" * len(sources))
        query = f"SELECT v.id, v.tu_id, v.text FROM variant v WHERE v.lang IN ({marks})"
        params: list[str] = list(sources)
        if target is not None:
            tmarks = ",".join("?" * len(targets)) or "NULL"
            # The unary plus keeps SQLite from scanning the language index for each row (it would, unanalysed).
            query += (
                f" AND EXISTS (SELECT 1 FROM variant t WHERE t.tu_id = v.tu_id AND +t.lang IN ({tmarks}))"
            )
            params += targets
        yield from self._conn.execute(query + " ORDER BY v.id", params)

    def forms(self, source: str, target: str | None) -> Codes:
        ids = [variant_id for variant_id, _, _ in self._source_rows(source, target)]
        found = self.codes(ids)
        codes = dict(zip(found.ids, found.codes, strict=True))
        kept = tuple(i for i in ids if i in codes)
        return Codes(kept, tuple(codes[i] for i in kept))


def _codes(rows: Sequence[tuple[int, str]]) -> Codes:
    return Codes(tuple(r[0] for r in rows), tuple(r[1] for r in rows))
