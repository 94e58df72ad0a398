"""The workspace: one SQLite file holding the translation memory (and, through glossary, the termbase).

The ``Workspace`` object owns the connections (one per thread), transactions (``atomic()``; nested calls are
savepoints) and the numbered migrations applied when a file is opened. SQL stays behind its methods.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

from memories.errors import WorkspaceError, WorkspaceTooNewError
from memories.model import Origin, Property, TranslationUnit, Variant, WorkspaceStats
from memories.text import normalize, tokenize

__all__ = ["MIGRATIONS", "Workspace", "register_migration", "run_script"]

Migration = Callable[[sqlite3.Connection], None]

MIGRATIONS: dict[str, list[tuple[str, Migration]]] = {}
"""Numbered schema changes per component (``memories``, and ``glossary`` for the termbase): migration n
(1-based) of a component brings it from version n-1 to n. Each layer registers its own at import time, so
the translation-memory layer never needs to know about terminology tables; a component's version is kept in
the ``schema_version`` table."""


def register_migration(component: str, name: str) -> Callable[[Migration], Migration]:
    def decorate(func: Migration) -> Migration:
        steps = MIGRATIONS.setdefault(component, [])
        if any(existing == name for existing, _ in steps):
            raise RuntimeError(f"migration {component}/{name} registered twice")
        steps.append((name, func))
        return func

    return decorate


def run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the current transaction (``executescript`` would commit it first)."""
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)


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


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _dump(items: Sequence[object]) -> str:
    return json.dumps([list(i) if isinstance(i, tuple) else i for i in items], ensure_ascii=False)


def _props(raw: str) -> tuple[Property, ...]:
    return tuple((str(k), str(v)) for k, v in json.loads(raw))


def fingerprint(unit: TranslationUnit) -> str:
    """Identity of a unit's content: its context and every variant's language, form, text and markup.
    Metadata (dates, notes, origin) does not make a unit new."""
    key = [
        unit.context or "",
        *sorted(f"{v.lang}\x1f{v.form}\x1f{v.text}\x1f{v.markup or ''}" for v in unit.variants),
    ]
    return hashlib.blake2b("\x1e".join(key).encode("utf-8"), digest_size=16).hexdigest()


class Workspace:
    """A translation-memory workspace stored in one SQLite file.

    >>> with Workspace(path) as ws, ws.atomic():
    ...     ws.add_unit(unit, origin_id=ws.add_origin("memory.tmx", "tmx"))
    """

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._connections: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        if self.path.exists() and self.path.is_dir():
            raise WorkspaceError(f"{self.path}: is a folder, not a workspace file")
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._migrate(self.connection)

    # -- connections and transactions -------------------------------------------------------------------

    @property
    def connection(self) -> sqlite3.Connection:
        """This thread's connection (SQLite connections must not cross threads; workers get their own)."""
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._connect()
            self._local.conn = conn
            self._local.depth = 0
            with self._lock:
                self._connections.append(conn)
        return conn

    def _connect(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA busy_timeout = 30000")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            conn.execute("PRAGMA synchronous = NORMAL")
        except sqlite3.DatabaseError as exc:
            raise WorkspaceError(f"{self.path}: not a glossary workspace ({exc})") from exc
        if mode != "wal":
            raise WorkspaceError(f"{self.path}: cannot switch the workspace to WAL mode (got {mode})")
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
            conn.execute("BEGIN IMMEDIATE")
        else:
            conn.execute(f"SAVEPOINT sp{depth}")
        self._local.depth = depth + 1
        try:
            yield conn
        except BaseException:
            self._local.depth = depth
            if depth == 0:
                conn.execute("ROLLBACK")
            else:
                conn.execute(f"ROLLBACK TO sp{depth}")
                conn.execute(f"RELEASE sp{depth}")
            raise
        else:
            self._local.depth = depth
            if depth == 0:
                conn.execute("COMMIT")
            else:
                conn.execute(f"RELEASE sp{depth}")

    def close(self) -> None:
        with self._lock:
            for conn in self._connections:
                # Another thread may be mid-statement; closing still releases the file.
                with suppress(sqlite3.Error):
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
        conn = self.connection
        cur = conn.execute(
            """INSERT OR IGNORE INTO tu(origin_id, position, fingerprint, context, status, tuid, srclang,
                   created_at, created_by, changed_at, changed_by, usage_count, notes, props, attrs, added_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (
                origin_id, unit.position, fingerprint(unit), unit.context, unit.status, unit.tuid,
                unit.srclang, unit.created_at, unit.created_by, unit.changed_at, unit.changed_by,
                unit.usage_count, _dump(unit.notes), _dump(unit.props), _dump(unit.attrs), _now(),
            ),
        )  # fmt: skip
        if cur.rowcount == 0:
            return None
        tu_id = cur.lastrowid
        conn.executemany(
            """INSERT INTO variant(tu_id, lang, form, text, markup, normalized, tokens, notes, props, attrs, seq)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [
                (
                    tu_id, v.lang, v.form, v.text, v.markup, normalize(v.text),
                    " ".join(tokenize(v.text, v.lang)), _dump(v.notes), _dump(v.props), _dump(v.attrs), seq,
                )
                for seq, v in enumerate(unit.variants)
            ],
        )  # fmt: skip
        return tu_id

    def delete_unit(self, unit_id: int) -> bool:
        with self.atomic() as conn:
            return conn.execute("DELETE FROM tu WHERE id = ?", (unit_id,)).rowcount > 0

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
                    Variant(lang, text, markup, form, tuple(json.loads(notes)), _props(props), _props(attrs))
                )
        for r in rows:
            yield TranslationUnit(
                variants=tuple(variants[r[0]]), position=r[1], context=r[2], status=r[3], tuid=r[4],
                srclang=r[5], created_at=r[6], created_by=r[7], changed_at=r[8], changed_by=r[9],
                usage_count=r[10], notes=tuple(json.loads(r[11])), props=_props(r[12]), attrs=_props(r[13]),
                id=r[0], origin=r[14],
            )  # fmt: skip

    def find_units(self, phrase: str, limit: int = 100) -> list[TranslationUnit]:
        """Units with a variant whose normalised text contains ``phrase`` (normalised too), newest first.

        A plain scan: the indexed concordance belongs to memories.search.
        """
        needle = normalize(phrase)
        if not needle:
            ids = [
                r[0] for r in self.connection.execute("SELECT id FROM tu ORDER BY id DESC LIMIT ?", (limit,))
            ]
        else:
            escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            ids = [
                r[0]
                for r in self.connection.execute(
                    """SELECT DISTINCT tu_id FROM variant WHERE normalized LIKE ? ESCAPE '\\'
                   ORDER BY tu_id DESC LIMIT ?""",
                    (f"%{escaped}%", limit),
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
        """Every language tag in the memory, most variants first."""
        return tuple(lang for lang, _ in self.stats_languages())

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
        with self.atomic():
            for unit in units:
                added += self.add_unit(unit, origin_id) is not None
        return added
