"""Schema migrations of the glossary layer (the termbase tables, the action journal), registered on import."""

from __future__ import annotations

from memories.db import Connection
from memories.store import register_migration, run_script


@register_migration("glossary", "termbase")
def _create_termbase(conn: Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE concept (
            id INTEGER PRIMARY KEY,
            status TEXT NOT NULL DEFAULT 'approved' CHECK (status IN ('candidate', 'approved', 'rejected')),
            origin TEXT NOT NULL DEFAULT 'manual' CHECK (origin IN ('extracted', 'manual', 'imported')),
            domain TEXT,
            definition TEXT,
            note TEXT,
            score REAL,
            evidence TEXT NOT NULL DEFAULT '[]',   -- JSON list of tu ids
            source TEXT,                           -- file#entry of an imported concept
            fingerprint TEXT NOT NULL,             -- its terms, normalised: a re-import adds nothing
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            changed_by TEXT
        );
        CREATE INDEX concept_fingerprint ON concept(fingerprint);
        CREATE TABLE term (
            id INTEGER PRIMARY KEY,
            concept_id INTEGER NOT NULL REFERENCES concept(id) ON DELETE CASCADE,
            lang TEXT NOT NULL,
            text TEXT NOT NULL,
            normalized TEXT NOT NULL,
            status TEXT NOT NULL DEFAULT 'preferred'
                CHECK (status IN ('preferred', 'admitted', 'deprecated', 'forbidden')),
            case_sensitive INTEGER NOT NULL DEFAULT 0,
            part_of_speech TEXT,
            note TEXT,
            seq INTEGER NOT NULL
        );
        CREATE INDEX term_concept ON term(concept_id, seq);
        CREATE INDEX term_normalized ON term(normalized);
        CREATE TABLE termbase_revision (id INTEGER PRIMARY KEY CHECK (id = 1), revision INTEGER NOT NULL);
        INSERT INTO termbase_revision(id, revision) VALUES (1, 0)
        """,
    )


@register_migration("editing", "documents in progress")
def _create_editing(conn: Connection) -> None:
    # What the translator did to a document in the editor, so that reopening it restores targets, statuses
    # and the cursor even before the file is saved (glossary.editing).
    run_script(
        conn,
        """
        CREATE TABLE editing_document (
            id INTEGER PRIMARY KEY,
            path TEXT NOT NULL UNIQUE,
            format TEXT NOT NULL,
            source_lang TEXT NOT NULL,
            target_lang TEXT NOT NULL,
            cursor INTEGER NOT NULL DEFAULT 0,
            dirty INTEGER NOT NULL DEFAULT 0,         -- changed since the file was last saved
            origin_id INTEGER REFERENCES origin(id) ON DELETE SET NULL,
            opened_at TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        CREATE TABLE editing_segment (
            document_id INTEGER NOT NULL REFERENCES editing_document(id) ON DELETE CASCADE,
            key TEXT NOT NULL,                         -- the segment's identity in its file
            number INTEGER NOT NULL,
            source TEXT NOT NULL,                      -- as tagged text: a changed file is noticed
            target TEXT,
            status TEXT NOT NULL CHECK (status IN ('new', 'draft', 'translated', 'reviewed', 'locked')),
            score INTEGER,
            propagated INTEGER NOT NULL DEFAULT 0,
            unit_id INTEGER,
            ignored TEXT NOT NULL DEFAULT '[]',        -- JSON list of QA finding kinds ignored here
            PRIMARY KEY (document_id, key)
        )
        """,
    )


@register_migration("journal", "action journal")
def _create_journal(conn: Connection) -> None:
    """What a translator did to concepts and units, with the state before and after, so that undo and redo
    work across restarts (glossary.journal reads and writes it)."""
    run_script(
        conn,
        """
        CREATE TABLE journal (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            by TEXT,
            label TEXT NOT NULL,             -- what it did, as the translator reads it
            kind TEXT NOT NULL CHECK (kind IN ('concepts', 'units')),
            before TEXT NOT NULL,            -- JSON [[id, state or null], ...]: null when it did not exist
            after TEXT NOT NULL,
            undone INTEGER NOT NULL DEFAULT 0
        )
        """,
    )


@register_migration("extraction", "candidate kinds")
def _create_extraction_kind(conn: Connection) -> None:
    """What an extracted candidate names (a term, a person, an organisation, a meeting or document, a place,
    a title), so that the candidate queue shows and filters it (glossary.extract writes it)."""
    run_script(
        conn,
        """
        CREATE TABLE extraction_kind (
            concept_id INTEGER PRIMARY KEY REFERENCES concept(id) ON DELETE CASCADE,
            kind TEXT NOT NULL
                CHECK (kind IN ('term', 'person', 'organisation', 'meeting/document', 'place', 'title'))
        )
        """,
    )


@register_migration("glossary", "concept revisions")
def _add_concept_revisions(conn: Connection) -> None:
    """Each concept counts its writes, and each write is kept: who, when, what, and the concept before and
    after, so that a save over someone else's change is caught (optimistic concurrency on ``revision``) and
    a concept's history can be read (glossary.termbase writes both, in the write's transaction)."""
    run_script(
        conn,
        """
        ALTER TABLE concept ADD COLUMN revision INTEGER NOT NULL DEFAULT 1;
        CREATE TABLE concept_history (
            id INTEGER PRIMARY KEY,
            concept_id INTEGER NOT NULL,     -- no foreign key: a deleted concept keeps its history
            revision INTEGER NOT NULL,       -- the concept's revision after this write
            at TEXT NOT NULL,
            by TEXT,
            what TEXT NOT NULL,              -- add, edit, remove, import, extraction, merge, undo, overwrite...
            before TEXT,                     -- JSON of the concept before; NULL when it did not exist
            after TEXT,                      -- JSON of the concept after; NULL when it was deleted
            UNIQUE (concept_id, revision)
        )
        """,
    )


@register_migration("editing", "reviewer locks")
def _add_reviewer_locks(conn: Connection) -> None:
    """Who locked a segment as a reviewer (alt+l in the editor): a segment whose status is ``locked`` with a
    ``locked_by`` is a reviewer's sign-off, which a reviewer may take back; without one its file locks it (a
    PO plural entry, XLIFF ``translate="no"``). A team workspace's trigger lets only a reviewer set or clear it
    (glossary.team)."""
    run_script(conn, "ALTER TABLE editing_segment ADD COLUMN locked_by TEXT")
