"""The workspace: the translation memory (and, through glossary, the termbase) in one SQLite file or a team's
PostgreSQL database.

The ``Workspace`` object owns the connections (one per thread), transactions (``atomic()``; nested calls are
savepoints) and the numbered migrations; ``memories.db`` is the back end under it. SQL stays behind its methods.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, nullcontext, suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from memories.db import Connection, Database, DatabaseError, IntegrityError, OperationalError, open_database
from memories.db.postgres import PostgresDatabase
from memories.db.sqlite import APPLICATION_ID, SQLiteDatabase, quick_check_max_bytes
from memories.errors import WorkspaceError, WorkspaceTooNewError
from memories.index.codec import ALL_LENGTHS, term_key
from memories.index.coder import Coded, Coder
from memories.index.reader import (
    Codes,
    Forms,
    IndexedVariant,
    IndexTerm,
    PostingChunk,
    SourceVariant,
    TermPostings,
)
from memories.index.writer import IndexWriter, Prepared, recount
from memories.index.writer import create as create_index
from memories.langs import canonical_map, same_language
from memories.model import Change, Origin, Property, TranslationUnit, Variant, WorkspaceStats
from memories.schema import MIGRATIONS, register_migration, run_script
from memories.text import normalize, stored_normalized

if TYPE_CHECKING:
    from typing import Any

    import numpy.typing as npt

    Array = npt.NDArray[Any]

__all__ = [
    "APPLICATION_ID",
    "MIGRATIONS",
    "Workspace",
    "quick_check_max_bytes",
    "register_migration",
    "run_script",
]


@register_migration("memories", "translation memory")
def _create_translation_memory(conn: Connection) -> None:
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
def _create_search_index(conn: Connection) -> None:
    """The search index's tables, filled from what is stored. They belong to the ``index`` component
    (``memories.index.writer``) since issue 12; this step stays, as it was, so that the versions existing
    workspaces recorded keep their meaning (a new workspace gets the tables here, and the ``index``
    component's first step then finds them)."""
    create_index(conn)


@register_migration("memories", "unit history")
def _create_unit_history(conn: Connection) -> None:
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
def _count_terms_in_postings(conn: Connection) -> None:
    """Postings now carry how many times the variant holds the term (the lookup bounds a candidate with it):
    they are written again from the stored search codes, without tokenising the segments again."""
    recount(conn)


@register_migration("memories", "variant tokens dropped")
def _drop_variant_tokens(conn: Connection) -> None:
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


# ``variant.normalized`` holds the text as compared (``normalize_text``), or "" when that is ``lower(text)``
# (``memories.text.stored_normalized``): the memory screen's filter (``find_units``) reads it.
_INSERT_VARIANT = """INSERT INTO variant(id, tu_id, lang, form, text, markup, notes, props, attrs, seq, normalized)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"""


def fingerprint(unit: TranslationUnit) -> str:
    """Identity of a unit's content: its context and every variant's language, form, text and markup.
    Metadata (dates, notes, origin) does not make a unit new."""
    key = [
        unit.context or "",
        *sorted(f"{v.lang}\x1f{v.form}\x1f{v.text}\x1f{v.markup or ''}" for v in unit.variants),
    ]
    return hashlib.blake2b("\x1e".join(key).encode("utf-8"), digest_size=16).hexdigest()


class Workspace:
    """A translation-memory workspace: one SQLite file, or a team's PostgreSQL database (``memories.db``).

    >>> with Workspace(path) as ws, ws.atomic():
    ...     ws.add_unit(unit, origin_id=ws.add_origin("memory.tmx", "tmx"))
    """

    lock_timeout: float = 600.0
    """Seconds a write waits for another process's write (an import) to finish before giving up."""
    on_wait: Callable[[], None] | None = None
    """Called once when a write has to wait for another process (the CLI says so on stderr)."""

    BATCH = 500
    """Units an import stores per ``add_batch``: large enough for executemany to pay, small enough for memory."""

    def __init__(self, location: str | Path, *, migrate: bool = False) -> None:
        """Open the workspace at ``location`` (a file's path, or a ``postgresql://`` URL). A file is brought up
        to date as it opens; a shared database only with ``migrate=True`` (``glossary admin migrate``), which
        also creates its schema when the database has none."""
        self.database: Database = open_database(location)
        self.location = self.database.location
        """The workspace as messages name it: the file, or the server URL without its password."""
        self.name = self.database.name
        self.path = Path(location) if self.database.dialect == "sqlite" else Path(self.database.name)
        """The workspace file (for a team workspace, only the database's name: use ``location``)."""
        self._local = threading.local()
        self._connections: list[Connection] = []
        self._lock = threading.RLock()  # re-entrant: a lease may be dropped (thread ending) while held
        self._search_index = _SearchIndex(self)
        self._may_review: bool | None = None
        try:
            self._migrate(self.connection, migrate or self.database.migrates_on_open)
        except DatabaseError as exc:
            # The migrations ran in one transaction, so the workspace is as it was; say so instead of a traceback.
            self.close()
            raise WorkspaceError(
                f"{self.location}: cannot bring the workspace up to date ({exc}); it was not changed"
            ) from exc
        except BaseException:
            self.close()
            raise

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.database.dialect

    # -- connections and transactions -------------------------------------------------------------------

    @property
    def connection(self) -> Connection:
        """This thread's connection (connections must not cross threads; workers get their own). A pooled
        connection goes back to the pool when its thread ends."""
        conn: Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self.database.connect()
            self._local.conn = conn
            self._local.depth = 0
            self._local.index_writer = IndexWriter()
            self._local.lease = _Lease(self, conn)
            with self._lock:
                self._connections.append(conn)
        return conn

    def _release(self, conn: Connection) -> None:
        with self._lock:
            if not any(c is conn for c in self._connections):
                return
            self._connections = [c for c in self._connections if c is not conn]
        self.database.release(conn)

    @property
    def _index_writer(self) -> IndexWriter:
        self.connection  # noqa: B018  (creates this thread's writer with its connection)
        writer: IndexWriter = self._local.index_writer
        return writer

    @property
    def read_only(self) -> str | None:
        """Why this workspace can only be read, when that is known before writing (a read-only file or
        folder); None when it can be written, or when only the server can say (a PostgreSQL role)."""
        return self.database.read_only

    @property
    def may_review(self) -> bool:
        """Whether this workspace's user may do a reviewer's acts (approve or reject a concept, add one approved):
        on a file always; on a team workspace when the database's trigger would let them (a member of
        glossary_reviewer, the tables' owner, a superuser).

        Asked of the server once and kept for the session (any thread reads it without a connection): roles
        rarely change while someone works. A translator made a reviewer meanwhile gets a reviewer's defaults
        from the next start; the trigger judges every write as it comes, whatever this said."""
        if self._may_review is None:
            self._may_review = self.database.may_review(self.connection)
        return self._may_review

    def _versions(self, conn: Connection) -> dict[str, int]:
        if not conn.table_exists("schema_version"):
            return {}
        return {str(c): int(v) for c, v in conn.execute("SELECT component, version FROM schema_version")}

    def _migrate(self, conn: Connection, migrate: bool) -> None:
        try:
            versions = self._versions(conn)
        except DatabaseError as exc:
            raise WorkspaceError(f"{self.location}: not a glossary workspace ({exc})") from exc
        for component, steps in MIGRATIONS.items():
            if versions.get(component, 0) > len(steps):
                raise WorkspaceTooNewError(
                    f"{self.location}: written by a newer glossary ({component} schema {versions[component]}, "
                    f"this one knows {len(steps)}); upgrade glossary to open it"
                )
        behind = [c for c, steps in MIGRATIONS.items() if versions.get(c, 0) < len(steps)]
        if not behind:
            return
        if not migrate:
            if not versions:
                raise WorkspaceError(
                    f"{self.location}: no glossary workspace in this database yet; nothing was changed "
                    f"(an administrator creates it with `glossary admin init --workspace {self.location}`)"
                )
            raise WorkspaceError(
                f"{self.location}: the team workspace's schema is older than this glossary ({', '.join(behind)}); "
                f"nothing was changed (an administrator updates it with `glossary admin migrate --workspace "
                f"{self.location}`)"
            )
        why = self.read_only
        if why is not None:
            raise WorkspaceError(
                f"{self.location}: the workspace is read-only ({why}) and was written by an older glossary; "
                "make it writable once so that it can be brought up to date"
            )
        with self.atomic():
            if isinstance(self.database, PostgresDatabase):
                self.database.bootstrap(conn)
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
    def atomic(self) -> Iterator[Connection]:
        """A transaction; nested calls become savepoints. Everything inside commits or nothing does."""
        conn = self.connection
        depth: int = self._local.depth
        if depth == 0:
            self.database.begin(conn, self.lock_timeout, self.on_wait)
        else:
            # What the coding process holds belongs to the transaction before the savepoint: stored first, so
            # that rolling the savepoint back undoes only what came after it.
            self._settle(conn)
            conn.execute(f"SAVEPOINT sp{depth}")
        self._local.depth = depth + 1
        try:
            yield conn
            if depth == 0:
                self._settle(conn)
                self._index_writer.flush(conn)
        except BaseException as exc:
            self._local.depth = depth
            self._drop_coder()
            self._index_writer.forget_terms()
            corrupt = self.database.is_corrupt(exc)
            if depth == 0:
                self._index_writer.clear()
            # After some errors (out of memory, disk full, I/O error, a damaged page) SQLite has already rolled
            # the whole transaction back, savepoints included: rolling back again would raise and hide the error.
            if conn.in_transaction:
                with suppress(OperationalError) if corrupt else nullcontext():
                    if depth == 0:
                        conn.execute("ROLLBACK")
                    else:
                        conn.execute(f"ROLLBACK TO sp{depth}")
                        conn.execute(f"RELEASE sp{depth}")
            if corrupt:
                # A damaged page met during the write (past the size a full quick_check is run for): the
                # write is rolled back and nothing more is written this session (not even PRAGMA optimize).
                if isinstance(self.database, SQLiteDatabase):
                    self.database.damaged = True
                if depth == 0:
                    raise WorkspaceError(
                        f"{self.location}: the workspace file is damaged ({exc}); nothing was written "
                        "(restore it from a backup, or export what can still be read)"
                    ) from exc
            raise
        else:
            self._local.depth = depth
            if depth == 0:
                conn.execute("COMMIT")
                self.database.committed()
            else:
                conn.execute(f"RELEASE sp{depth}")

    def interrupt(self) -> None:
        """Stop the queries other threads' connections are running (each ends with an error, an open
        transaction rolls back): a program that quits does not wait for lookups it no longer needs. This
        thread's connection is left alone."""
        mine = getattr(self._local, "conn", None)
        with self._lock:
            others = [conn for conn in self._connections if conn is not mine]
        self.database.interrupt(others)

    def close(self) -> None:
        with self._lock:
            conns, self._connections = list(self._connections), []
        self.database.close(conns)
        self._local = threading.local()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ----------------------------------------------------------------------------------------

    def add_origin(self, name: str, format: str) -> int:
        row = self.connection.execute(
            "INSERT INTO origin(name, format, imported_at) VALUES (?, ?, ?) RETURNING id",
            (name, format, _now()),
        ).fetchone()
        return int(row[0])

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
        if getattr(self._local, "coder", None) is not None:
            next_variant = max(next_variant, self._local.next_variant)  # the coder's rows are not stored yet
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
        coder = self._coder_for(conn, len(indexed))
        if coder is not None:
            # The coding process normalises and indexes the texts; the variants are stored when they come back.
            self._local.next_variant = next_variant
            coder.send(variant_rows, indexed)
            while coder.behind:
                self._store_coded(conn, coder.receive())
            return ids
        conn.executemany(
            _INSERT_VARIANT,
            [
                (*row, stored_normalized(text))
                for row, (_, _, text) in zip(variant_rows, indexed, strict=True)
            ],
        )
        writer = self._index_writer
        writer.add_many(conn, indexed)
        if writer.size >= IndexWriter.FLUSH_AT:
            writer.flush(conn)
        return ids

    def expect_variants(self, count: int) -> None:
        """What an importer expects to add in the open transaction, about (from the size of its files): enough
        variants start the coding process (``memories.index.coder``) with the first batch, rather than after the
        first ``Coder.START_AFTER`` have been coded in this process (a third of a 100,000-unit TMX file)."""
        assert self._local.depth > 0, "inside the import's transaction"
        self._local.expected = count

    def _coder_for(self, conn: Connection, variants: int) -> Coder | None:
        """The transaction's coding process (``memories.index.coder``), started once it has stored enough
        variants in process for a second process to pay, or at once when the importer expects that many."""
        coder: Coder | None = getattr(self._local, "coder", None)
        if coder is None:
            self._local.coded_here = getattr(self._local, "coded_here", 0) + variants
            expected = getattr(self._local, "expected", 0)
            if max(self._local.coded_here, expected) < Coder.START_AFTER or not Coder.available():
                return None
            self._index_writer.flush(conn)  # postings so far first: a term's chunks stay in id order
            coder = self._local.coder = Coder(conn)
            self._local.unmerged = set()
        return coder

    def _store_coded(self, conn: Connection, batch: Coded) -> None:
        IndexWriter.write_terms(conn, batch.new_terms)
        conn.executemany(
            _INSERT_VARIANT, [(*row, norm) for row, norm in zip(batch.payload, batch.normalized, strict=True)]
        )
        IndexWriter.write_codes(conn, batch.variant_ids, batch.coded)
        if batch.prepared is not None:
            self._write_coded_postings(conn, batch.prepared)

    def _write_coded_postings(self, conn: Connection, prepared: Prepared) -> None:
        # Piled-up chunks are merged once, when the coder ends: merging at every flush of a long import rewrote
        # the common terms' postings again and again (a sixth of the importing process's time at 1,000,000 units).
        self._index_writer.write(conn, prepared, merge=False)
        self._local.unmerged.update(prepared.terms)

    def _settle(self, conn: Connection) -> None:
        """Store what the coding process still holds and end it: before the commit, a savepoint (every other
        write to the variants or the index runs in one: ``atomic``) or a read of the open transaction's
        postings."""
        coder: Coder | None = getattr(self._local, "coder", None)
        self._local.coded_here = self._local.expected = 0
        if coder is None:
            return
        try:
            while coder.waiting:
                self._store_coded(conn, coder.receive())
            self._write_coded_postings(conn, coder.finish())
            self._index_writer.merge_piled(conn, sorted(self._local.unmerged))
        finally:
            coder.close()
            self._local.coder = None

    def _drop_coder(self) -> None:
        coder: Coder | None = getattr(self._local, "coder", None)
        self._local.coded_here = self._local.expected = 0
        if coder is not None:
            self._local.coder = None
            coder.close()

    @staticmethod
    def _variant_row(variant_id: int | None, tu_id: int, v: Variant, seq: int) -> tuple[object, ...]:
        """A variant's row for ``_INSERT_VARIANT`` but its normalised text (last)."""
        return (
            variant_id, tu_id, v.lang, v.form, v.text, v.markup, _dump(v.notes), _dump(v.props), _dump(v.attrs),
            seq,
        )  # fmt: skip

    def _insert_variant(self, conn: Connection, tu_id: int, v: Variant, seq: int) -> int:
        row = conn.execute(
            _INSERT_VARIANT + " RETURNING id",
            (*self._variant_row(None, tu_id, v, seq), stored_normalized(v.text)),
        ).fetchone()
        return int(row[0])

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
            # The unit's context and variants, all that its fingerprint is made of: the edited unit's is then
            # computed here, not read back (two statements fewer, each a round trip to a server).
            found = conn.execute(
                "SELECT tu.context, v.id, v.lang, v.form, v.seq, v.text, v.markup FROM tu"
                " LEFT JOIN variant v ON v.tu_id = tu.id WHERE tu.id = ? ORDER BY v.seq",
                (unit_id,),
            ).fetchall()
            if not found:
                raise WorkspaceError(f"no translation unit {unit_id} in {self.location}")
            context = found[0][0]
            rows = [r[1:] for r in found if r[1] is not None]
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
                    (text, markup, stored_normalized(text), variant_id),
                )
            else:
                stored_lang = lang
                seq = max((r[3] for r in rows), default=-1) + 1
                variant_id = self._insert_variant(conn, unit_id, Variant(lang, text, markup, form=form), seq)
            self._index_writer.add(conn, variant_id, stored_lang, text)
            edited = TranslationUnit(
                (
                    *(Variant(r[1], r[4], r[5], form=r[2]) for r in rows if r[0] != variant_id),
                    Variant(stored_lang, text, markup, form=form),
                ),
                context=context,
            )
            now = _now()
            try:
                conn.execute(
                    "UPDATE tu SET fingerprint = ?, changed_at = ?, changed_by = coalesce(?, changed_by)"
                    " WHERE id = ?",
                    (fingerprint(edited), _tmx_date(now), by, unit_id),
                )
            except IntegrityError as exc:
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
            except IntegrityError as exc:
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
            self._settle(self.connection)
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
        return self.database.change_stamp(self.connection)

    def units_by_id(self, unit_ids: Sequence[int]) -> list[TranslationUnit]:
        if not unit_ids:
            return []
        # One statement, the unit's columns repeated on each of its variants' rows, rather than _units' two:
        # every lookup ends here, and on a server a statement is a round trip.
        found: list[TranslationUnit] = []
        for start in range(0, len(unit_ids), 500):
            part = tuple(unit_ids[start : start + 500])
            rows = self.connection.execute(
                f"""SELECT {self._UNIT_COLUMNS}, v.lang, v.form, v.text, v.markup, v.notes, v.props, v.attrs
                    FROM tu LEFT JOIN origin ON origin.id = tu.origin_id LEFT JOIN variant v ON v.tu_id = tu.id
                    WHERE tu.id IN ({",".join("?" * len(part))}) ORDER BY tu.id, v.seq""",
                part,
            ).fetchall()
            variants: dict[int, list[Variant]] = {}
            for r in rows:
                held = variants.setdefault(r[0], [])
                if r[15] is not None:
                    lang, form, text, markup, notes, props, attrs = r[15:]
                    held.append(
                        Variant(lang, text, markup, form, _notes(notes), _props(props), _props(attrs))
                    )
            found.extend(self._unit(r, variants[r[0]]) for r in {r[0]: r for r in rows}.values())
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
            yield self._unit(r, variants[r[0]])

    @staticmethod
    def _unit(r: Sequence[Any], variants: list[Variant]) -> TranslationUnit:
        """A unit from a row of ``_UNIT_COLUMNS`` and its variants."""
        return TranslationUnit(
            variants=tuple(variants), position=r[1], context=r[2], status=r[3], tuid=r[4],
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
            # A text stored without its normalised form ("") is its normalised form but for ASCII capitals:
            # SQLite's LIKE folds those itself (lower() on every row would double the time of a scan that finds
            # nothing); PostgreSQL's LIKE folds nothing.
            text = "text" if self.connection.dialect == "sqlite" else "lower(text)"
            ids = [
                r[0]
                for r in self.connection.execute(
                    f"""SELECT DISTINCT tu_id FROM variant
                   WHERE CASE WHEN normalized = '' THEN {text} ELSE normalized END LIKE ? ESCAPE '\\'{of_status}
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
        stats = self.stats_languages()  # a count over every variant: once (0.5-3 s at 1M segments)
        mapping = canonical_map([lang for lang, _ in stats], self.tag_preferences())
        counts: dict[str, int] = {}
        for lang, n in stats:
            counts[mapping.get(lang, lang)] = counts.get(mapping.get(lang, lang), 0) + n
        return tuple(sorted(counts, key=lambda lang: (-counts[lang], lang)))

    def tag_preferences(self) -> dict[tuple[str, str], str]:
        """The tags this workspace lists and exports each (language, script) as, where someone chose one
        (``memories.canonical.prefer``)."""
        conn = self.connection
        if not conn.table_exists("canonical_tag"):
            return {}
        rows = conn.execute("SELECT language, script, tag FROM canonical_tag").fetchall()
        return {(str(language), str(script)): str(tag) for language, script, tag in rows}

    def stats_languages(self) -> list[tuple[str, int]]:
        rows = self.connection.execute(
            "SELECT lang, count(*) FROM variant GROUP BY lang ORDER BY count(*) DESC, lang"
        ).fetchall()
        return [(str(lang), int(n)) for lang, n in rows]

    def integrity_check(self) -> str:
        return self.database.integrity_check(self.connection)

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


class _Lease:
    """Gives a thread's connection back when the thread ends (its thread-local data is dropped then): the UI's
    workers are threads that come and go, and a team workspace's pool must not run dry."""

    def __init__(self, workspace: Workspace, conn: Connection) -> None:
        self._workspace = workspace
        self._conn = conn

    def __del__(self) -> None:
        with suppress(Exception):
            self._workspace._release(self._conn)


class _SearchIndex:
    """The store's answers to the search index's questions (``memories.index.reader.IndexReader``): SQL
    in, the index's dataclasses out."""

    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    @property
    def _conn(self) -> Connection:
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

    def term_postings(self, keys: Sequence[str], read_up_to: int) -> dict[str, TermPostings]:
        terms: dict[str, IndexTerm] = {}
        chunks: dict[str, list[PostingChunk]] = {}
        for start in range(0, len(keys), 500):
            part = list(keys[start : start + 500])
            marks = ",".join("?" * len(part))
            # A term of more postings gives one row, its chunk columns NULL. (``AND t.df <= ?`` in the join
            # condition would have PostgreSQL read every chunk of the common terms, then drop them.)
            for key, term_id, df, bucket, n, ids in self._conn.execute(
                f"""SELECT t.key, t.id, t.df, p.bucket, p.n, p.ids FROM search_term t
                    LEFT JOIN search_posting p ON p.term_id = CASE WHEN t.df <= ? THEN t.id END
                    WHERE t.key IN ({marks})""",
                [read_up_to, *part],
            ):
                terms[key] = IndexTerm(term_id, df)
                if df <= read_up_to:
                    found = chunks.setdefault(key, [])
                    if bucket is not None:
                        found.append(PostingChunk(bucket, n, ids))
        return {
            key: TermPostings(
                term,
                tuple(sorted(chunks[key], key=lambda c: (c.bucket == ALL_LENGTHS, c.bucket)))
                if key in chunks
                else None,
            )
            for key, term in terms.items()
        }

    def term_ids(self, lang_key: str) -> dict[str, int]:
        prefix = term_key(lang_key, "")
        cut = len(prefix)
        rows = self._conn.execute(
            "SELECT key, id FROM search_term WHERE substr(key, 1, ?) = ?", (cut, prefix)
        )
        return {key[cut:]: term_id for key, term_id in rows}

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

    def _source_rows(self, source: str, target: str | None, codes: bool = False) -> Iterator[tuple[Any, ...]]:
        """(id, unit id, text) of the variants ``source_variants`` gives, by id; with ``codes``, those that
        have search codes, the codes fourth."""
        langs = [lang for lang, _ in self._workspace.stats_languages()]
        sources = [lang for lang in langs if same_language(lang, source)]
        targets = [lang for lang in langs if target is not None and same_language(lang, target)]
        if not sources:
            return
        marks = ",".join("?" * len(sources))
        query = "SELECT v.id, v.tu_id, v.text FROM variant v"
        if codes:
            query = "SELECT v.id, v.tu_id, v.text, f.codes FROM variant v JOIN search_form f ON f.variant_id = v.id"
        query += f" WHERE v.lang IN ({marks})"
        params: list[str] = list(sources)
        if target is not None:
            tmarks = ",".join("?" * len(targets)) or "NULL"
            # The unary plus keeps SQLite from scanning the language index for each row (it would, unanalysed);
            # PostgreSQL has no unary plus for text, and its planner needs no such hint.
            plus = "+" if self._conn.dialect == "sqlite" else ""
            query += f" AND EXISTS (SELECT 1 FROM variant t WHERE t.tu_id = v.tu_id AND {plus}t.lang IN ({tmarks}))"
            params += targets
        yield from self._conn.execute(query + " ORDER BY v.id", params)

    def forms(self, source: str, target: str | None) -> Forms:
        rows = list(self._source_rows(source, target, codes=True))
        return Forms(
            tuple(r[0] for r in rows),
            tuple(r[1] for r in rows),
            tuple(r[2] for r in rows),
            tuple(r[3] for r in rows),
        )


def _codes(rows: Sequence[tuple[int, str]]) -> Codes:
    return Codes(tuple(r[0] for r in rows), tuple(r[1] for r in rows))
