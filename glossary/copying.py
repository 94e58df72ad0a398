"""``glossary copy``: a whole workspace (every table the migrations create) from a file or a team database into
another, new or empty, in one transaction: a team starts from a translator's file, a translator takes a
snapshot home."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass
from functools import partial
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any

import glossary.migrations  # noqa: F401  (every layer's tables, as the CLI opens a workspace)
from memories.db import Connection, DatabaseError, display_url, is_url
from memories.db.postgres import SCHEMA, PostgresDatabase
from memories.errors import WorkspaceError
from memories.progress import Progress
from memories.store import Workspace

__all__ = ["CopyReport", "TableCopy", "copy_workspace"]

BATCH = 5000
"""Rows read (and, into a file, written) at a time: memory stays flat on a million units."""

_SKIPPED = ("schema_version",)
"""Tables not copied: both workspaces are at this code's schema versions already."""


@dataclass(frozen=True)
class TableCopy:
    """One table copied."""

    name: str
    rows: int


@dataclass(frozen=True)
class CopyReport:
    """What ``copy_workspace`` did."""

    source: str
    destination: str
    """Both as messages name them (a URL without its password)."""
    tables: tuple[TableCopy, ...]
    units: int
    concepts: int
    seconds: float
    created: bool
    """Whether the destination workspace was created by the copy (a new file, or a database with none)."""

    @property
    def rows(self) -> int:
        return sum(t.rows for t in self.tables)

    @property
    def rows_per_second(self) -> float:
        return self.rows / self.seconds if self.seconds > 0 else float(self.rows)


def _same(source: str | Path, destination: str | Path) -> bool:
    if is_url(source) or is_url(destination):
        return str(source) == str(destination)
    return Path(source).resolve() == Path(destination).resolve()


def _open_source(source: str | Path) -> Workspace:
    if not is_url(source) and not Path(source).is_file():
        raise WorkspaceError(f"{source}: no workspace there to copy; nothing was changed")
    try:
        return Workspace(source)
    except WorkspaceError as exc:
        if "older than this glossary" in str(exc):
            raise WorkspaceError(
                f"{display_url(str(source))}: the workspace to copy is older than this glossary; nothing was "
                f"changed (migrate it first: glossary admin migrate --workspace {display_url(str(source))})"
            ) from exc
        raise


def _open_destination(destination: str | Path) -> tuple[Workspace, bool, Callable[[], None] | None]:
    """The destination workspace, whether this copy created it, and what undoes that creation (the copy is all
    or nothing: a workspace it created goes if it fails)."""
    if not is_url(destination):
        created = not Path(destination).exists()
        return Workspace(destination), created, (partial(_remove_file, destination) if created else None)
    url = str(destination)
    database = PostgresDatabase(url)
    conn = database.connect()
    try:
        created = not database.has_schema(conn)
        schema_existed = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = ?", (SCHEMA,)).fetchone()
        before = _schema_objects(conn) if schema_existed else None
    finally:
        database.close([conn])
    # Copying is an administrator's act: a database with no workspace gets one, as `admin init` makes it. Its
    # tables are made in a transaction of their own, before the copy's: a failed copy drops them again.
    return Workspace(url, migrate=created), created, (partial(_drop_made, url, before) if created else None)


def _remove_file(path: str | Path) -> None:
    for suffix in ("", "-wal", "-shm"):
        with suppress(OSError):
            Path(f"{path}{suffix}").unlink()


def _schema_objects(conn: Connection) -> set[tuple[str, str]]:
    """The tables and functions of the workspace's schema on PostgreSQL, as (kind, name to drop)."""
    tables = conn.execute(
        """SELECT c.oid::regclass::text FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = ? AND c.relkind = 'r'""",
        (SCHEMA,),
    ).fetchall()
    routines = conn.execute(
        """SELECT CASE WHEN p.prokind = 'a' THEN 'AGGREGATE' ELSE 'FUNCTION' END, p.oid::regprocedure::text
           FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = ?""",
        (SCHEMA,),
    ).fetchall()
    return {("TABLE", str(t[0])) for t in tables} | {(str(kind), str(name)) for kind, name in routines}


def _drop_made(url: str, before: set[tuple[str, str]] | None) -> None:
    """Drop what creating the workspace made in a PostgreSQL database: the schema, if there was none (roles are
    ``admin init``'s, never a copy's), else the tables and functions that were not there before."""
    database = PostgresDatabase(url)
    conn = database.connect()
    try:
        conn.execute("BEGIN")
        if before is None:
            conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
        else:
            made = _schema_objects(conn) - before
            # Tables first (their triggers go with them), then aggregates, then the functions they call.
            for kind in ("TABLE", "AGGREGATE", "FUNCTION"):
                for _, name in sorted(m for m in made if m[0] == kind):
                    conn.execute(f"DROP {kind} IF EXISTS {name} CASCADE")
        conn.execute("COMMIT")
    except DatabaseError:
        with suppress(DatabaseError):
            conn.execute("ROLLBACK")
        raise
    finally:
        database.close([conn])


def _tables(conn: Connection) -> list[str]:
    # The catalogues differ by back end (the one place here that branches on it, as table listing must).
    if conn.dialect == "postgresql":
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = ?", (SCHEMA,))
    else:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'")
    return sorted(str(r[0]) for r in rows if r[0] not in _SKIPPED)


def _references(conn: Connection, tables: Sequence[str]) -> dict[str, set[str]]:
    """Each table's foreign-key targets: a table is filled after those it references."""
    found: dict[str, set[str]] = {t: set() for t in tables}
    if conn.dialect == "postgresql":
        for table, target in conn.execute(
            """SELECT src.relname, dst.relname FROM pg_constraint c
               JOIN pg_class src ON src.oid = c.conrelid JOIN pg_class dst ON dst.oid = c.confrelid
               JOIN pg_namespace n ON n.oid = src.relnamespace WHERE c.contype = 'f' AND n.nspname = ?""",
            (SCHEMA,),
        ):
            if table in found and target != table:
                found[table].add(str(target))
    else:
        for table in tables:
            for (target,) in conn.execute('SELECT "table" FROM pragma_foreign_key_list(?)', (table,)):
                if target != table:
                    found[table].add(str(target))
    return found


def _columns(conn: Connection, table: str) -> list[str]:
    cursor: Any = conn.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')
    return [str(d[0]) for d in cursor.description]


def _count(conn: Connection, table: str) -> int:
    return int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])


def _snapshot(conn: Connection) -> None:
    """One read transaction over the whole copy: the tables as they were at one moment, though the team goes
    on writing (a file's readers never block its writer either)."""
    if conn.dialect == "postgresql":
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")
    else:
        conn.execute("BEGIN")


def _names(columns: Sequence[str]) -> str:
    return ", ".join('"' + c + '"' for c in columns)


def _rows(conn: Connection, table: str, columns: Sequence[str]) -> Iterator[Sequence[Any]]:
    select = f'SELECT {_names(columns)} FROM "{table}"'
    raw = getattr(conn, "raw", None)
    # A team database's table is read through a server-side cursor: a client-side one would hold all of
    # variant (two million rows on a million units) in memory at once.
    cursor: Any = raw.cursor(name=f"glossary_copy_{table}") if raw is not None else conn.execute(select)
    if raw is not None:
        cursor.itersize = BATCH
        cursor.execute(select)
    try:
        while batch := cursor.fetchmany(BATCH):
            yield from batch
    finally:
        cursor.close()


def _write(
    conn: Connection, table: str, columns: Sequence[str], rows: Iterator[Sequence[Any]]
) -> Iterator[int]:
    """Write ``rows`` into ``table``, yielding how many so far every batch."""
    names = _names(columns)
    raw = getattr(conn, "raw", None)
    done = 0
    if raw is not None:
        # COPY is what makes a million units take seconds rather than minutes on PostgreSQL; in binary, so
        # that the search index's posting blobs (a quarter of a gigabyte on a million units) are not sent as
        # hex text. Binary values must be of the column's type: each column's is taken from the table.
        types = dict(
            conn.execute(
                """SELECT a.attname, a.atttypid::bigint FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
                   JOIN pg_namespace n ON n.oid = c.relnamespace
                   WHERE n.nspname = ? AND c.relname = ? AND a.attnum > 0 AND NOT a.attisdropped""",
                (SCHEMA, table),
            ).fetchall()
        )
        with raw.cursor().copy(f'COPY "{table}" ({names}) FROM STDIN (FORMAT BINARY)') as copy:
            copy.set_types([int(types[c]) for c in columns])
            for row in rows:
                copy.write_row(row)
                done += 1
                if done % BATCH == 0:
                    yield done
        yield done
        return
    insert = f'INSERT INTO "{table}" ({names}) VALUES ({", ".join("?" * len(columns))})'
    batch: list[Sequence[Any]] = []
    for row in rows:
        batch.append(row)
        if len(batch) == BATCH:
            conn.executemany(insert, batch)
            done += len(batch)
            batch.clear()
            yield done
    conn.executemany(insert, batch)
    yield done + len(batch)


def copy_workspace(
    source: str | Path, destination: str | Path, progress: Progress | None = None
) -> CopyReport:
    """Copy every table of the workspace at ``source`` (a file or a ``postgresql://`` URL) into
    ``destination``, which must be new or hold no units and no concepts, in one transaction on the
    destination; the row count of each table is checked before it commits. Raises WorkspaceError (nothing
    changed) when it cannot."""
    started = time.perf_counter()
    if _same(source, destination):
        raise WorkspaceError(
            f"{display_url(str(source))}: the source and the destination are the same workspace"
        )
    src = _open_source(source)
    dst: Workspace | None = None
    undo: Callable[[], None] | None = None
    ok = False
    try:
        dst, created, undo = _open_destination(destination)
        report = _copy(src, dst, created, progress, started)
        ok = True
        return report
    finally:
        src.close()
        if dst is not None:
            dst.close()
        if not ok and undo is not None:
            # All or nothing: a workspace this copy created goes with it (should that fail too, the copy's own
            # error is the one to say).
            with suppress(DatabaseError):
                undo()


def _set_aside(conn: Connection) -> list[str]:
    """On PostgreSQL, drop the foreign keys and secondary indexes of the (empty) tables and disable their
    triggers; return the statements that make them again. Checked and built once over the copied rows, as
    pg_restore does, rather than row by row (a foreign-key check per row is a query per row), the copy is
    several times faster. Only the tables' owner may; for anyone else nothing is set aside. In a file, the
    secondary indexes are dropped and made again alike (a unit's fingerprint index, written in random order,
    is most of the time otherwise). The whole copy is one transaction (DDL included, on both), so a failure
    leaves them as they were."""
    if conn.dialect == "sqlite":
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        return [str(sql) for _, sql in indexes]
    owner = conn.execute(
        """SELECT coalesce(bool_and(pg_has_role(current_user, c.relowner, 'USAGE')), false) FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind = 'r'""",
        (SCHEMA,),
    ).fetchone()[0]
    if not owner:
        return []
    keys = conn.execute(
        """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c
           JOIN pg_namespace n ON n.oid = c.connamespace WHERE n.nspname = ? AND c.contype = 'f'""",
        (SCHEMA,),
    ).fetchall()
    indexes = conn.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
           JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE n.nspname = ? AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)""",
        (SCHEMA,),
    ).fetchall()
    # A row trigger (the one filling a left-out id: every copied row has its id) makes COPY insert row by row
    # instead of in batches.
    triggers = conn.execute(
        """SELECT t.tgrelid::regclass::text, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND NOT t.tgisinternal
           AND t.tgenabled <> 'D'""",
        (SCHEMA,),
    ).fetchall()
    for table, name in triggers:
        conn.execute(f'ALTER TABLE {table} DISABLE TRIGGER "{name}"')
    for table, name, _ in keys:
        conn.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    for name, _ in indexes:
        conn.execute(f"DROP INDEX {name}")
    return [
        *(definition for _, definition in indexes),
        *(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}' for table, name, definition in keys),
        *(f'ALTER TABLE {table} ENABLE TRIGGER "{name}"' for table, name in triggers),
    ]


def _copy(
    src: Workspace, dst: Workspace, created: bool, progress: Progress | None, started: float
) -> CopyReport:
    out = dst.connection
    units, concepts = _count(out, "tu"), _count(out, "concept")
    if units or concepts:
        raise WorkspaceError(
            f"{dst.location}: holds {units:,} units and {concepts:,} concepts; nothing was changed (copy into a "
            "new workspace, or an empty one)"
        )
    tables = _tables(src.connection)
    theirs = _tables(out)
    if tables != theirs:
        raise WorkspaceError(
            f"{dst.location}: its tables differ from {src.location}'s ({', '.join(sorted(set(tables) ^ set(theirs)))})"
            "; nothing was changed (bring both up to date with this glossary first)"
        )
    try:
        order = list(TopologicalSorter(_references(out, tables)).static_order())
    except CycleError as exc:  # the migrations make none; a copy in a wrong order would fail half-way
        raise WorkspaceError(
            f"{dst.location}: tables reference each other in a cycle ({exc.args[1]})"
        ) from exc
    inp = src.connection
    copied: list[TableCopy] = []
    _snapshot(inp)
    try:
        counts = {table: _count(inp, table) for table in order}
        total = sum(counts.values())
        moved = 0
        with dst.atomic() as conn:
            for table in reversed(order):  # what the destination's migrations put in (a revision counter)
                conn.execute(f'DELETE FROM "{table}"')
            rebuilt = _set_aside(conn)
            for number, table in enumerate(order):
                if progress is not None:
                    progress("Tables", number, len(order))
                columns = _columns(inp, table)
                missing = set(columns) - set(_columns(conn, table))
                if missing:
                    raise WorkspaceError(
                        f"{dst.location}: table {table} has no column {', '.join(sorted(missing))}; nothing was "
                        "changed (bring both workspaces up to date with this glossary first)"
                    )
                done = 0
                for done in _write(conn, table, columns, _rows(inp, table, columns)):
                    if progress is not None:
                        progress("Rows", moved + done, total)
                moved += done
                written = _count(conn, table)
                if written != counts[table]:
                    raise WorkspaceError(
                        f"{dst.location}: table {table} got {written:,} rows of {src.location}'s "
                        f"{counts[table]:,}; nothing was changed"
                    )
                copied.append(TableCopy(table, written))
            for number, statement in enumerate(rebuilt):
                if progress is not None:  # building them takes a while on a large workspace: say so
                    progress("Indexes and keys", number, len(rebuilt))
                conn.execute(statement)
            if progress is not None:
                progress("Tables", len(order), len(order))
    except DatabaseError as exc:
        raise WorkspaceError(
            f"{dst.location}: the copy from {src.location} failed ({exc}); nothing was changed"
        ) from exc
    finally:
        with suppress(DatabaseError):
            inp.execute("ROLLBACK")
    if dst.dialect == "postgresql":
        # The planner's statistics, which autovacuum would gather only later: the first lookups need them.
        with suppress(DatabaseError):
            out.execute("ANALYZE")
    sizes = {t.name: t.rows for t in copied}
    return CopyReport(
        src.location,
        dst.location,
        tuple(copied),
        sizes.get("tu", 0),
        sizes.get("concept", 0),
        time.perf_counter() - started,
        created,
    )
