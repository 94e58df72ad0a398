"""The team back end: a workspace in a PostgreSQL database (schema ``glossary``), through psycopg 3 and a pool.

The stores' SQL is written once (``memories.db.base.Connection`` says how); this module turns it into
PostgreSQL's: ``?`` placeholders into psycopg's, SQLite's type names in DDL into PostgreSQL's, and an
``INTEGER PRIMARY KEY`` column into one filled as SQLite fills it (the next id after the largest) when an
INSERT leaves it out. Writers take one advisory lock per transaction, as SQLite's ``BEGIN IMMEDIATE`` takes the
file's: writes are serial, so no two can deadlock or fail to serialise, while reads never wait.
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from memories.db.base import Connection, Cursor, Database, LockWait
from memories.errors import ReviewerOnlyError, WorkspaceError, WorkspaceReadOnlyError

if TYPE_CHECKING:
    import psycopg
    import psycopg_pool

__all__ = [
    "REVIEWER",
    "SCHEMA",
    "WRITE_LOCK",
    "PostgresConnection",
    "PostgresDatabase",
    "display_url",
    "is_url",
]

SCHEMA = "glossary"
"""The PostgreSQL schema holding a workspace's tables: a database the team already has keeps its own apart."""

REVIEWER = "glossary_reviewer"
"""The role whose members may do a reviewer's acts on a team workspace: ``glossary.team`` creates it, and the
trigger that refuses those acts to everyone else (but the tables' owner and superusers)."""

WRITE_LOCK = 0x476C6F73
"""The advisory lock a write transaction holds (``pg_advisory_xact_lock``): the workspace's write lock."""

_URL = re.compile(r"^(postgres|postgresql)://", re.IGNORECASE)


def is_url(location: object) -> bool:
    """Whether ``location`` names a PostgreSQL workspace (``postgresql://…``) rather than a file."""
    return isinstance(location, str) and bool(_URL.match(location))


def display_url(url: str) -> str:
    """``url`` without its password, as messages show it."""
    return re.sub(r"^([a-z]+://[^:/@]*):[^@/]*@", r"\1@", url, flags=re.IGNORECASE)


# -- SQL --------------------------------------------------------------------------------------------------


@lru_cache(maxsize=4096)
def translate(sql: str) -> tuple[str, tuple[int, ...] | None]:
    """``sql`` with ``?``/``?N`` placeholders as psycopg's ``%s`` (``%`` doubled), and for numbered ones the
    order in which to pass the parameters. Quoted strings and identifiers are left as they are."""
    out: list[str] = []
    order: list[int] = []
    numbered = False
    i, n = 0, len(sql)
    while i < n:
        c = sql[i]
        if c in "'\"":
            end = i + 1
            while end < n:
                if sql[end] == c:
                    if end + 1 < n and sql[end + 1] == c:  # a doubled quote inside the string
                        end += 2
                        continue
                    break
                end += 1
            out.append(sql[i : end + 1].replace("%", "%%"))
            i = end + 1
            continue
        if c == "?":
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if j > i + 1:
                numbered = True
                order.append(int(sql[i + 1 : j]) - 1)
            else:
                order.append(len(order))
            out.append("%s")
            i = j
            continue
        out.append("%%" if c == "%" else c)
        i += 1
    return "".join(out), tuple(order) if numbered else None


_CREATE_TABLE = re.compile(r"^\s*CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)
_ALTER_TABLE = re.compile(r"^\s*ALTER\s+TABLE\s", re.IGNORECASE)
_ROW_ID = re.compile(r"\bid\s+INTEGER\s+PRIMARY\s+KEY\b", re.IGNORECASE)
_TYPES = (
    (re.compile(r"\bINTEGER\b", re.IGNORECASE), "BIGINT"),
    (re.compile(r"\bREAL\b", re.IGNORECASE), "DOUBLE PRECISION"),
    (re.compile(r"\bBLOB\b", re.IGNORECASE), "BYTEA"),
)


@lru_cache(maxsize=256)
def translate_ddl(sql: str) -> tuple[str, ...]:
    """A CREATE or ALTER TABLE in SQLite's words as PostgreSQL statements: BIGINT for INTEGER (SQLite's are
    64-bit), DOUBLE PRECISION, BYTEA; a table whose ``id INTEGER PRIMARY KEY`` an INSERT may leave out gets
    the trigger that fills it. Any other statement comes back unchanged."""
    table = _CREATE_TABLE.match(sql)
    if table is None and not _ALTER_TABLE.match(sql):
        return (sql,)
    fills_id = table is not None and _ROW_ID.search(sql) is not None
    for pattern, name in _TYPES:
        sql = pattern.sub(name, sql)
    if not fills_id or table is None:
        return (sql,)
    name = table.group(1)
    return (
        sql,
        f"CREATE TRIGGER {name}_fill_id BEFORE INSERT ON {name} FOR EACH ROW "
        "WHEN (NEW.id IS NULL) EXECUTE FUNCTION glossary_fill_id()",
    )


BOOTSTRAP = (
    f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}",
    # SQLite gives a row left without an id the largest id + 1; the write lock makes that safe here too.
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.glossary_fill_id() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE next_id BIGINT;
    BEGIN
        PERFORM pg_advisory_xact_lock({WRITE_LOCK});
        EXECUTE format('SELECT coalesce(max(id), 0) + 1 FROM %I.%I', TG_TABLE_SCHEMA, TG_TABLE_NAME)
            INTO next_id;
        NEW.id := next_id;
        RETURN NEW;
    END $$""",
    # SQLite's group_concat(text, separator), which the stores use.
    f"""CREATE OR REPLACE FUNCTION {SCHEMA}.glossary_concat(acc TEXT, item TEXT, sep TEXT) RETURNS TEXT
    LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN item IS NULL THEN acc WHEN acc IS NULL THEN item ELSE acc || sep || item END
    $$""",
    f"""DO $$ BEGIN
        CREATE AGGREGATE {SCHEMA}.group_concat(TEXT, TEXT) (SFUNC = {SCHEMA}.glossary_concat, STYPE = TEXT);
    EXCEPTION WHEN duplicate_function THEN NULL;
    END $$""",
)
"""What a workspace's schema holds before the first migration: the schema, and the functions the translated
SQL relies on."""


# -- errors -----------------------------------------------------------------------------------------------


def _translated(exc: Exception, location: str) -> Exception:
    """A psycopg error as the stores know errors (sqlite3's DB-API classes, ``memories.db``'s vocabulary), or
    as a one-line WorkspaceError when it is the user's to act on."""
    import psycopg
    from psycopg import errors

    if isinstance(exc, errors.InsufficientPrivilege):
        primary = exc.diag.message_primary or str(exc)
        if exc.diag.message_hint:
            # Raised by the workspace's own triggers (glossary.team: what only a reviewer may do), whose
            # message and hint are written for the translator who meets them.
            return ReviewerOnlyError(
                f"{location}: {primary}; nothing was changed ({exc.diag.message_hint})", primary
            )
        if primary.startswith("permission denied for schema"):
            return WorkspaceReadOnlyError(
                f"{location}: your PostgreSQL role has no access to this workspace ({primary}); nothing was "
                "changed (ask the team's administrator for a glossary role: glossary admin grant YOUR_NAME "
                "reader, translator or reviewer)"
            )
        return WorkspaceReadOnlyError(
            f"{location}: your PostgreSQL role may only read this workspace "
            f"({exc.diag.message_primary or exc}); nothing was changed (ask the team's administrator for "
            "the glossary_translator role)"
        )
    text = (exc.diag.message_primary if isinstance(exc, psycopg.Error) else None) or str(exc)
    if isinstance(exc, psycopg.IntegrityError):
        return sqlite3.IntegrityError(text)
    if isinstance(exc, errors.QueryCanceled):
        return sqlite3.OperationalError("interrupted")
    if isinstance(exc, psycopg.OperationalError):
        return sqlite3.OperationalError(text)
    return sqlite3.DatabaseError(text)


# -- connections ------------------------------------------------------------------------------------------


class PostgresConnection:
    """A pooled psycopg connection in autocommit mode (``Workspace.atomic`` issues BEGIN), taking the stores'
    SQL."""

    dialect = "postgresql"

    def __init__(self, raw: psycopg.Connection[Any], location: str) -> None:
        self.raw = raw
        self.location = location
        self.writes = 0
        """Write statements run: with the server's transaction counter, what ``change_stamp`` compares."""

    @property
    def in_transaction(self) -> bool:
        from psycopg import pq

        return self.raw.info.transaction_status in (
            pq.TransactionStatus.INTRANS,
            pq.TransactionStatus.INERROR,
        )

    def _prepare(self, sql: str) -> tuple[tuple[str, ...], tuple[int, ...] | None]:
        statements = translate_ddl(sql)
        translated = [translate(s) for s in statements]
        return tuple(t[0] for t in translated), translated[0][1]

    def execute(self, sql: str, parameters: Any = (), /) -> Cursor:
        statements, order = self._prepare(sql)
        params = _ordered(parameters, order)
        if sql.lstrip()[:6].upper() in ("INSERT", "UPDATE", "DELETE"):
            self.writes += 1
        cur = self.raw.cursor()
        try:
            for i, statement in enumerate(statements):
                if i == 0 and params:
                    cur.execute(statement, params)
                else:
                    # Without parameters psycopg sends the text as it is: the doubled % must be single again.
                    cur.execute(statement.replace("%%", "%"))
        except Exception as exc:
            raise _translated(exc, self.location) from exc
        return cur

    def executemany(self, sql: str, parameters: Iterable[Any], /) -> Cursor:
        (statement,), order = self._prepare(sql)
        rows = [_ordered(p, order) for p in parameters]
        self.writes += 1
        cur = self.raw.cursor()
        if rows:
            try:
                cur.executemany(statement, rows)
            except Exception as exc:
                raise _translated(exc, self.location) from exc
        return cur

    def table_exists(self, name: str) -> bool:
        return self.execute("SELECT to_regclass(?) IS NOT NULL", (f"{SCHEMA}.{name}",)).fetchone()[0] is True

    def close(self) -> None:
        self.raw.close()


def _ordered(parameters: Any, order: tuple[int, ...] | None) -> Sequence[Any]:
    if not parameters:
        return ()
    if order is None:
        return tuple(parameters)
    return tuple(parameters[i] for i in order)


class PostgresDatabase(Database):
    """A team workspace on a PostgreSQL server: ``postgresql://user@host/dbname`` (any libpq URL; the password
    from ``~/.pgpass`` or ``PGPASSWORD`` rather than the command line)."""

    dialect = "postgresql"
    migrates_on_open = False

    POOL_SIZE = 8
    """Connections one process keeps at most: the UI's workers each hold one while they run."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.location = display_url(url)
        self.name = unquote(urlsplit(url).path.lstrip("/")) or self.location
        self._pool: psycopg_pool.ConnectionPool[Any] | None = None
        self._lock = threading.Lock()
        self._wrapped: dict[int, PostgresConnection] = {}

    def _open_pool(self) -> psycopg_pool.ConnectionPool[Any]:
        with self._lock:
            if self._pool is None:
                import psycopg
                import psycopg_pool

                # One plain connection first: a wrong URL, a server that is down or a refused password is said
                # at once in libpq's words, where the pool would retry until its timeout and say only that.
                timeout = os.environ.get("GLOSSARY_CONNECT_TIMEOUT", "15")
                try:
                    psycopg.connect(self.url, connect_timeout=int(float(timeout))).close()
                except Exception as exc:
                    raise WorkspaceError(
                        f"{self.location}: cannot connect to the PostgreSQL server ({_first_line(exc)}); nothing "
                        "was changed (check the URL, that the server runs, and your password in ~/.pgpass)"
                    ) from exc

                def configure(conn: psycopg.Connection[Any]) -> None:
                    conn.execute(f"SET search_path TO {SCHEMA}, public")

                pool: psycopg_pool.ConnectionPool[Any] = psycopg_pool.ConnectionPool(
                    self.url,
                    min_size=1,
                    max_size=self.POOL_SIZE,
                    kwargs={"autocommit": True, "application_name": "glossary"},
                    configure=configure,
                    open=False,
                    timeout=float(os.environ.get("GLOSSARY_POOL_TIMEOUT", "30")),
                )
                try:
                    pool.open(wait=True, timeout=float(timeout))
                except Exception as exc:
                    pool.close()
                    raise WorkspaceError(
                        f"{self.location}: cannot connect to the PostgreSQL server ({_first_line(exc)}); nothing "
                        "was changed (check the URL, that the server runs, and your password in ~/.pgpass)"
                    ) from exc
                self._pool = pool
            return self._pool

    def connect(self) -> Connection:
        pool = self._open_pool()
        try:
            raw = pool.getconn()
        except Exception as exc:
            raise WorkspaceError(
                f"{self.location}: no connection to the PostgreSQL server ({_first_line(exc)}); nothing was "
                "changed (try again, or ask whether the server is up)"
            ) from exc
        conn = PostgresConnection(raw, self.location)
        with self._lock:
            self._wrapped[id(raw)] = conn
        return conn

    def release(self, conn: Connection) -> None:
        assert isinstance(conn, PostgresConnection)
        with self._lock:
            self._wrapped.pop(id(conn.raw), None)
            pool = self._pool
        if pool is not None and not pool.closed:
            pool.putconn(conn.raw)

    def bootstrap(self, conn: Connection) -> None:
        """The schema and the functions the translated SQL needs (``glossary admin init`` and ``migrate``)."""
        for statement in BOOTSTRAP:
            conn.execute(statement)

    def has_schema(self, conn: Connection) -> bool:
        return bool(
            conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = ?", (SCHEMA,)).fetchone()
        ) and conn.table_exists("schema_version")

    def may_review(self, conn: Connection) -> bool:
        """Whether this login may do what the reviewer's trigger (``glossary.team``) refuses to everyone else,
        asked as the trigger asks it: a member of glossary_reviewer, or of the role owning the guarded tables
        (``admin init`` and ``migrate`` create them all as one owner); ``pg_has_role`` counts a superuser a
        member of every role. One query (``Workspace.may_review`` keeps the answer for the session)."""
        row = conn.execute(
            """SELECT EXISTS (SELECT 1 FROM pg_roles r WHERE r.rolname = ?
                              AND pg_has_role(current_user, r.oid, 'USAGE'))
                   OR EXISTS (SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                              WHERE n.nspname = ? AND c.relname = 'concept'
                              AND pg_has_role(current_user, c.relowner, 'USAGE'))""",
            (REVIEWER, SCHEMA),
        ).fetchone()
        return bool(row[0])

    def begin(self, conn: Connection, lock_timeout: float, on_wait: Callable[[], None] | None) -> None:
        """BEGIN, then the write lock, one second of waiting at a time so that the wait is said at once and
        the timeout kept to the second."""
        from psycopg import errors

        assert isinstance(conn, PostgresConnection)
        wait = LockWait(self.location, lock_timeout, on_wait)
        while True:
            conn.raw.execute("BEGIN")
            try:
                conn.raw.execute("SET LOCAL lock_timeout = '1s'")
                conn.raw.execute("SELECT pg_advisory_xact_lock(%s)", (WRITE_LOCK,))
                conn.raw.execute("SET LOCAL lock_timeout = 0")
                return
            except errors.LockNotAvailable as exc:
                conn.raw.execute("ROLLBACK")
                wait.failed(exc)
            except Exception as exc:
                if conn.in_transaction:
                    conn.raw.execute("ROLLBACK")
                raise _translated(exc, self.location) from exc

    def change_stamp(self, conn: Connection) -> tuple[int, int]:
        """This connection's own writes, and the next transaction id, which moves when anyone on the server
        writes (other databases too: a change seen where there was none costs one refresh, never a miss)."""
        assert isinstance(conn, PostgresConnection)
        row = conn.execute("SELECT pg_snapshot_xmax(pg_current_snapshot())::text").fetchone()
        return conn.writes, int(row[0])

    def integrity_check(self, conn: Connection) -> str:
        # The server keeps its own files consistent; what can go wrong here is a workspace half migrated.
        return "ok" if self.has_schema(conn) else f"no {SCHEMA} schema"

    def interrupt(self, conns: Iterable[Connection]) -> None:
        for conn in conns:
            assert isinstance(conn, PostgresConnection)
            try:
                conn.raw.cancel_safe(timeout=2)
            except Exception:  # a connection already gone has nothing to stop
                continue

    def close(self, conns: Iterable[Connection]) -> None:
        for conn in list(conns):
            try:
                self.release(conn)
            except Exception:  # a broken connection is dropped with the pool
                continue
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
