"""The termbase: concepts and their terms, stored in the workspace next to the translation memory.

``Termbase(workspace)`` is the library API the CLI, the UI and the importers use; the SQL stays here. Every
write to a concept bumps its revision and keeps one history row (who, when, what, before and after) in the
same transaction; a write that names the revision it started from is refused with ``ConceptConflict`` when
the stored concept has moved on since.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, fields, replace
from datetime import UTC, datetime
from enum import Enum
from typing import Any

import glossary.migrations  # noqa: F401  (the termbase tables exist in every workspace opened after this)
from glossary.matcher import to_simplified
from glossary.model import (
    CONCEPT_STATUSES,
    ORIGINS,
    TERM_STATUSES,
    Concept,
    ConceptChanges,
    ConceptStatus,
    Keep,
    Origin,
    Term,
    TermChanges,
    TermStatus,
)
from glossary.user import current_user
from memories.db import Connection
from memories.errors import GlossaryError
from memories.langs import normalize_tag, same_language
from memories.store import Workspace
from memories.text import normalize

__all__ = [
    "EXTRACTOR",
    "ConceptConflict",
    "ImportResult",
    "MergeResult",
    "Revision",
    "Termbase",
    "TermbaseError",
    "concept_from_state",
    "concept_state",
]

EXTRACTOR = "glossary extract"
"""Who stored an extracted candidate: a concept changed by anyone else has been touched by a person."""

_RETRIES = 5
"""Writes that named no revision re-read and try again this often when another writer got in between (a
PostgreSQL workspace; SQLite's write lock, taken before the read, keeps others out)."""


class TermbaseError(GlossaryError):
    """A request the termbase cannot carry out: an unknown id, a status that does not exist, an empty term."""


class ConceptConflict(TermbaseError):
    """A save over a concept that someone else changed (or deleted) since the caller read it: nothing was
    written. Carries both versions, and who made the change that got in first, and when."""

    def __init__(
        self,
        concept_id: int,
        expected: int,
        theirs: Concept | None,
        mine: Concept | None,
        by: str | None,
        at: str | None,
    ) -> None:
        self.concept_id = concept_id
        self.expected = expected
        """The revision the caller read."""
        self.theirs = theirs
        """The concept as it is stored now; None when it was deleted."""
        self.mine = mine
        """The concept as the caller wanted it (their changes made to ``theirs``); None for a deletion."""
        self.by = by
        self.at = at
        who = f" by {by}" if by else ""
        when = f" at {at}" if at else ""
        if theirs is None:
            what = f"concept {concept_id} was deleted{who}{when} after you read it (revision {expected})"
        else:
            what = (
                f"concept {concept_id} was changed{who}{when}: it is at revision {theirs.revision}, "
                f"you read revision {expected}"
            )
        super().__init__(f"{what}; nothing was saved (read it again, then redo your change)")


@dataclass(frozen=True)
class Revision:
    """One write to a concept, as its history keeps it."""

    concept_id: int
    revision: int
    """The concept's revision after this write."""
    at: str
    by: str | None
    what: str
    """``add``, ``edit``, ``remove``, ``import``, ``extraction``, ``merge``, ``undo``, ``overwrite``..."""
    before: Concept | None
    """None when the write created the concept."""
    after: Concept | None
    """None when the write deleted it."""


@dataclass
class ImportResult:
    """What an import of concepts did."""

    added: int = 0
    already_present: int = 0


@dataclass
class MergeResult:
    """What storing extraction results did."""

    added: int = 0
    updated: int = 0
    """Untouched candidates from an earlier extraction, given a new score, evidence or equivalent."""
    unchanged: int = 0
    """Untouched candidates from an earlier extraction that this one found the same."""
    kept: int = 0
    """Concepts left as they were: approved, rejected or edited by a person, or from a termbase."""


def extraction_key(lang: str, text: str) -> str:
    """The ``source`` of an extracted concept: it stays when a person edits the terms, so a candidate that
    was renamed is still recognised."""
    return f"extracted:{lang}:{normalize(text)}"


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


_CONCEPT_FIELDS = tuple(f.name for f in fields(Concept))
_TERM_FIELDS = tuple(f.name for f in fields(Term))


def _plain(value: object) -> object:
    return value.value if isinstance(value, Enum) else value


def concept_state(concept: Concept | None) -> dict[str, Any] | None:
    """The concept as JSON-ready values (what the history and the journal store), as ``asdict`` gives them
    with tuples as lists and enums as their strings, so a state read back from JSON compares equal; None
    stays None. Built by hand: ``asdict`` was half the cost of adding a concept."""
    if concept is None:
        return None
    state: dict[str, Any] = {}
    for name in _CONCEPT_FIELDS:
        value = getattr(concept, name)
        if name == "terms":
            state[name] = [{n: _plain(getattr(t, n)) for n in _TERM_FIELDS} for t in value]
        elif name == "evidence":
            state[name] = list(value)
        else:
            state[name] = _plain(value)
    return state


def concept_from_state(state: dict[str, Any]) -> Concept:
    """The concept ``concept_state`` gave (a state stored before revisions existed has none)."""
    values = dict(state)
    values["terms"] = tuple(Term(**{**term, "status": TermStatus(term["status"])}) for term in state["terms"])
    values["evidence"] = tuple(state["evidence"])
    values["status"] = ConceptStatus(state["status"])
    values["origin"] = Origin(state["origin"])
    return Concept(**values)


def fingerprint(terms: Iterable[Term]) -> str:
    """Identity of a concept's content: its terms' languages and normalised texts."""
    key = sorted({f"{t.lang}\x1f{normalize(t.text)}" for t in terms})
    return hashlib.blake2b("\x1e".join(key).encode("utf-8"), digest_size=16).hexdigest()


_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _same_text(a: Term, b: Term) -> bool:
    return normalize(a.text) == normalize(b.text)


def _like(text: str) -> str:
    """``text`` with LIKE's wildcards escaped."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _check(concept: Concept) -> Concept:
    if concept.status not in CONCEPT_STATUSES:
        raise TermbaseError(f"concept status {concept.status!r}: choose one of {', '.join(CONCEPT_STATUSES)}")
    if concept.origin not in ORIGINS:
        raise TermbaseError(f"concept origin {concept.origin!r}: choose one of {', '.join(ORIGINS)}")
    if not concept.terms:
        raise TermbaseError("a concept needs at least one term")
    return replace(concept, terms=tuple(_check_term(t) for t in concept.terms))


def _check_term(term: Term) -> Term:
    if term.status not in TERM_STATUSES:
        raise TermbaseError(f"term status {term.status!r}: choose one of {', '.join(TERM_STATUSES)}")
    if not term.text.strip():
        raise TermbaseError("a term cannot be empty")
    try:
        lang = normalize_tag(term.lang)
    except GlossaryError as exc:
        raise TermbaseError(f"term language: {exc}") from exc
    return replace(term, lang=lang)


_CONCEPT_COLUMNS = """id, status, origin, domain, definition, note, score, evidence, source, created_at,
    changed_at, changed_by"""
_TERM_COLUMNS = "id, concept_id, lang, text, status, case_sensitive, part_of_speech, note"


class Termbase:
    """Concepts and terms in a workspace.

    >>> tb = Termbase(workspace)
    >>> concept = tb.add(Concept((Term("en", "ASEAN way"), Term("zh-CN", "东盟方式"))))
    >>> [c.id for c in tb.find("asean")] == [concept.id]
    True
    """

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace

    @property
    def _conn(self) -> Connection:
        return self.workspace.connection

    # -- writing ----------------------------------------------------------------------------------------

    @property
    def new_status(self) -> ConceptStatus:
        """The status of a concept a person adds without choosing one: approved when they may review (on a
        file, always), else a candidate in the review queue; a team workspace refuses an approved concept
        from a translator, so defaulting to approved would only make them fail first."""
        return ConceptStatus.APPROVED if self.workspace.may_review else ConceptStatus.CANDIDATE

    def add(self, concept: Concept, by: str | None = None, what: str = "add") -> Concept:
        """Store a new concept with its terms; returns it with its ids, dates and revision."""
        concept = _check(concept)
        now = _now()
        who = by or current_user()
        with self.workspace.atomic() as conn:
            row = conn.execute(
                f"""INSERT INTO concept({_CONCEPT_COLUMNS.replace("id, ", "", 1)}, fingerprint)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id""",
                (
                    concept.status, concept.origin, concept.domain, concept.definition, concept.note,
                    concept.score, json.dumps(list(concept.evidence)), concept.source,
                    concept.created_at or now, concept.changed_at or now, concept.changed_by or who,
                    fingerprint(concept.terms),
                ),
            ).fetchone()  # fmt: skip
            concept_id = int(row[0])
            self._insert_terms(concept_id, concept.terms)
            # A new concept may get the id of a deleted one (SQLite reuses the highest): its history goes on.
            revision = self._next_revision(concept_id, stored=False)
            if revision != 1:
                conn.execute("UPDATE concept SET revision = ? WHERE id = ?", (revision, concept_id))
            added = self._get(concept_id)
            self._record(added.id or 0, added.revision or 1, what, who, None, added, now)
            self._bump()
            return added

    def _insert_terms(self, concept_id: int, terms: Iterable[Term], keep_ids: bool = False) -> None:
        rows = [
            (
                concept_id, t.lang, t.text, normalize(t.text), t.status, int(t.case_sensitive),
                t.part_of_speech, t.note, seq, t.id,
            )
            for seq, t in enumerate(terms)
        ]  # fmt: skip
        columns = "concept_id, lang, text, normalized, status, case_sensitive, part_of_speech, note, seq"
        # A term without an id lets the database give one (PostgreSQL refuses an explicit NULL id).
        given = [r for r in rows if keep_ids and r[-1] is not None]
        fresh = [r[:-1] for r in rows if not (keep_ids and r[-1] is not None)]
        if given:
            self._conn.executemany(
                f"INSERT INTO term({columns}, id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", given
            )
        if fresh:
            self._conn.executemany(f"INSERT INTO term({columns}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", fresh)

    def add_many(
        self, concepts: Iterable[Concept], by: str | None = None, what: str = "import"
    ) -> ImportResult:
        """Store concepts in one transaction; a concept whose terms are all already one concept's is skipped,
        so importing the same file again adds nothing."""
        result = ImportResult()
        with self.workspace.atomic():
            for concept in concepts:
                known = self._conn.execute(
                    "SELECT 1 FROM concept WHERE fingerprint = ? LIMIT 1", (fingerprint(concept.terms),)
                ).fetchone()
                if known:
                    result.already_present += 1
                else:
                    self.add(concept, by, what)
                    result.added += 1
        return result

    def edit(
        self,
        concept_id: int,
        changes: ConceptChanges,
        by: str | None = None,
        expected_revision: int | None = None,
        what: str = "edit",
    ) -> Concept:
        """Change a concept's fields (status, domain, definition, note, terms...); returns the new concept.

        ``expected_revision`` is the revision the caller read the concept at: when the stored one differs
        (someone changed or deleted it since), ``ConceptConflict`` is raised and nothing is written. Without
        it the changes are made to the concept as it is stored now."""
        for _ in range(_RETRIES):
            with self.workspace.atomic():
                current = self.get(concept_id)
                if current is None:
                    if expected_revision is not None:
                        raise self._conflict(concept_id, expected_revision, None)
                    raise TermbaseError(f"no concept {concept_id}")
                updated = _check(changes.apply(current))
                if expected_revision is not None and current.revision != expected_revision:
                    raise self._conflict(concept_id, expected_revision, updated)
                written = self._write(current, updated, by, what, terms=not isinstance(changes.terms, Keep))
                if written is not None:
                    return written
                if expected_revision is not None:
                    raise self._conflict(concept_id, expected_revision, updated)
        raise TermbaseError(
            f"concept {concept_id} kept changing under this edit; nothing was saved (try again)"
        )

    def _write(
        self, current: Concept, updated: Concept, by: str | None, what: str, terms: bool = True
    ) -> Concept | None:
        """Store ``updated`` over ``current`` if the stored concept is still at ``current``'s revision (the
        check and the write are one statement, so two writers cannot both pass it); None when it is not."""
        concept_id = current.id or 0
        now = _now()
        who = by or current_user()
        changed = self._conn.execute(
            """UPDATE concept SET status = ?, origin = ?, domain = ?, definition = ?, note = ?, score = ?,
                   evidence = ?, fingerprint = ?, changed_at = ?, changed_by = ?, revision = revision + 1
               WHERE id = ? AND revision = ?""",
            (
                updated.status, updated.origin, updated.domain, updated.definition, updated.note, updated.score,
                json.dumps(list(updated.evidence)), fingerprint(updated.terms), now, who, concept_id,
                current.revision,
            ),
        ).rowcount  # fmt: skip
        if changed != 1:
            return None
        if terms:
            self._conn.execute("DELETE FROM term WHERE concept_id = ?", (concept_id,))
            self._insert_terms(concept_id, updated.terms)
        after = self._get(concept_id)
        self._record(concept_id, after.revision or 0, what, who, current, after, now)
        self._bump()
        return after

    def edit_term(
        self, term_id: int, changes: TermChanges, by: str | None = None, expected_revision: int | None = None
    ) -> Concept:
        """Change one term (text, status, case_sensitive, part_of_speech, note, lang); returns its concept.
        ``expected_revision`` is the concept's, as for ``edit``."""
        with self.workspace.atomic():
            row = self._conn.execute("SELECT concept_id FROM term WHERE id = ?", (term_id,)).fetchone()
            if row is None:
                raise TermbaseError(f"no term {term_id}")
            concept = self._get(row[0])
            terms = tuple(changes.apply(t) if t.id == term_id else t for t in concept.terms)
            return self.edit(concept.id or 0, ConceptChanges(terms=terms), by, expected_revision)

    def remove(
        self,
        concept_id: int,
        by: str | None = None,
        expected_revision: int | None = None,
        what: str = "remove",
    ) -> bool:
        """Delete a concept and its terms; False when there was no such concept. With ``expected_revision``,
        a concept changed since the caller read it raises ``ConceptConflict`` and stays."""
        for _ in range(_RETRIES):
            with self.workspace.atomic() as conn:
                current = self.get(concept_id)
                if current is None:
                    return False
                if expected_revision is not None and current.revision != expected_revision:
                    raise self._conflict(concept_id, expected_revision, None)
                gone = conn.execute(
                    "DELETE FROM concept WHERE id = ? AND revision = ?", (concept_id, current.revision)
                ).rowcount
                if gone == 1:
                    revision = (current.revision or 0) + 1
                    self._record(concept_id, revision, what, by or current_user(), current, None, _now())
                    self._bump()
                    return True
                if expected_revision is not None:
                    raise self._conflict(concept_id, expected_revision, None)
        raise TermbaseError(f"concept {concept_id} kept changing; it was not deleted (try again)")

    def remove_term(
        self, term_id: int, by: str | None = None, expected_revision: int | None = None
    ) -> Concept | None:
        """Delete one term; a concept left without terms is deleted too (returns None then)."""
        with self.workspace.atomic():
            row = self._conn.execute("SELECT concept_id FROM term WHERE id = ?", (term_id,)).fetchone()
            if row is None:
                raise TermbaseError(f"no term {term_id}")
            concept = self._get(row[0])
            rest = tuple(t for t in concept.terms if t.id != term_id)
            if not rest:
                self.remove(row[0], by, expected_revision)
                return None
            return self.edit(row[0], ConceptChanges(terms=rest), by, expected_revision)

    def merge(self, keep_id: int, other_ids: Iterable[int], by: str | None = None) -> Concept:
        """Merge concepts ``other_ids`` into ``keep_id``: one meaning named several ways. Every term of the
        others joins the kept concept (one already there in the same language is not repeated); a term that
        was preferred in a language the kept concept already prefers a term in becomes admitted, a synonym.
        Empty fields are filled from the others, evidence is joined, the others are deleted; one transaction.
        """
        others = [i for i in dict.fromkeys(other_ids) if i != keep_id]
        with self.workspace.atomic():
            kept = self.get(keep_id)
            if kept is None:
                raise TermbaseError(f"no concept {keep_id}")
            if not others:
                raise TermbaseError("merging needs a second concept")
            terms = list(kept.terms)
            evidence = list(kept.evidence)
            domain, definition, note = kept.domain, kept.definition, kept.note
            for other_id in others:
                other = self.get(other_id)
                if other is None:
                    raise TermbaseError(f"no concept {other_id}")
                for term in other.terms:
                    if any(same_language(t.lang, term.lang) and _same_text(t, term) for t in terms):
                        continue
                    if term.status == TermStatus.PREFERRED and any(
                        same_language(t.lang, term.lang) and t.status == TermStatus.PREFERRED for t in terms
                    ):
                        term = replace(term, status=TermStatus.ADMITTED)
                    terms.append(replace(term, id=None))
                evidence += [e for e in other.evidence if e not in evidence]
                domain, definition, note = (
                    domain or other.domain,
                    definition or other.definition,
                    note or other.note,
                )
                self.remove(other_id, by, what=f"merge into {keep_id}")
            merged = replace(
                kept,
                domain=domain,
                definition=definition,
                note=note,
                terms=tuple(terms),
                evidence=tuple(evidence),
            )
            written = self._write(kept, _check(merged), by, f"merge {', '.join(map(str, others))}")
            assert written is not None  # inside the transaction that read it
            return written

    def restore(
        self, concept_id: int, state: Concept | None, by: str | None = None, what: str = "restore"
    ) -> None:
        """Make concept ``concept_id`` exactly ``state`` (its fields, dates and terms), re-creating it when it
        was deleted, or delete it when ``state`` is None: what undo and redo use. The revision moves on
        (never back), and the history keeps the write as ``what`` by ``by``."""
        with self.workspace.atomic() as conn:
            if state is None:
                self.remove(concept_id, by, what=what)
                return
            state = _check(state)
            current = self.get(concept_id)
            values = (
                state.status, state.origin, state.domain, state.definition, state.note, state.score,
                json.dumps(list(state.evidence)), state.source, state.created_at or _now(),
                state.changed_at or _now(), state.changed_by, fingerprint(state.terms),
            )  # fmt: skip
            columns = _CONCEPT_COLUMNS.replace("id, ", "", 1) + ", fingerprint"
            revision = self._next_revision(concept_id)
            if current is not None:
                assignments = ", ".join(f"{name.strip()} = ?" for name in columns.split(","))
                conn.execute(
                    f"UPDATE concept SET {assignments}, revision = ? WHERE id = ?",
                    (*values, revision, concept_id),
                )
                conn.execute("DELETE FROM term WHERE concept_id = ?", (concept_id,))
            else:
                conn.execute(
                    f"INSERT INTO concept({columns}, revision, id) VALUES ({', '.join('?' * 14)})",
                    (*values, revision, concept_id),
                )
            # The terms get their ids back where no other term took them meanwhile.
            terms = tuple(
                t
                if t.id is None or not conn.execute("SELECT 1 FROM term WHERE id = ?", (t.id,)).fetchone()
                else replace(t, id=None)
                for t in state.terms
            )
            self._insert_terms(concept_id, terms, keep_ids=True)
            self._record(
                concept_id, revision, what, by or current_user(), current, self._get(concept_id), _now()
            )
            self._bump()

    def merge_candidates(self, concepts: Iterable[Concept], lang: str) -> MergeResult:
        """Store extracted candidates idempotently, in one transaction.

        A candidate is the same as a stored concept when that concept has the same term in ``lang``
        (compared normalised) or came from extracting it. A new one is added (changed by ``EXTRACTOR``);
        an earlier candidate nobody touched gets the new score, evidence and terms; anything a person
        approved, rejected or edited, and every manual or imported concept, stays exactly as it was.
        """
        result = MergeResult()
        with self.workspace.atomic():
            for concept in concepts:
                term = concept.preferred(lang)
                if term is None:
                    raise TermbaseError(f"an extracted concept needs a term in {lang}")
                key = extraction_key(lang, term.text)
                existing = self.same_concept(lang, term.text)
                if existing is None:
                    self.add(
                        replace(concept, status=ConceptStatus.CANDIDATE, origin=Origin.EXTRACTED, source=key),
                        by=EXTRACTOR,
                        what="extraction",
                    )
                    result.added += 1
                elif (
                    existing.status == ConceptStatus.CANDIDATE
                    and existing.origin == Origin.EXTRACTED
                    and existing.changed_by == EXTRACTOR
                ):
                    if self._refresh(existing, concept):
                        result.updated += 1
                    else:
                        result.unchanged += 1
                else:
                    result.kept += 1
        return result

    def same_concept(self, lang: str, text: str) -> Concept | None:
        """The concept that stands for an extracted term: the one extracted from it, else one with the same
        term in ``lang`` (compared normalised)."""
        key = extraction_key(lang, text)
        row = self._conn.execute("SELECT id FROM concept WHERE source = ? LIMIT 1", (key,)).fetchone()
        if row is not None:
            return self._get(row[0])
        for concept_id, term_lang in self._conn.execute(
            "SELECT concept_id, lang FROM term WHERE normalized = ? ORDER BY concept_id", (normalize(text),)
        ):
            if same_language(term_lang, lang):
                return self._get(concept_id)
        return None

    def set_extraction_kinds(self, kinds: Iterable[tuple[int, str]]) -> None:
        """Record what extraction says each concept names (concept id, one of ``glossary.extract.KINDS``)."""
        # The kind follows the extractor while the concept is a candidate; a person's concept keeps its own.
        self._conn.executemany(
            "INSERT INTO extraction_kind(concept_id, kind) VALUES (?, ?) ON CONFLICT(concept_id) DO UPDATE "
            "SET kind = excluded.kind WHERE (SELECT status FROM concept WHERE id = excluded.concept_id) = "
            "'candidate'",
            list(kinds),
        )

    def extraction_kinds(self) -> dict[int, str]:
        """Concept id -> the kind extraction gave it, for the concepts it stored."""
        rows = self._conn.execute("SELECT concept_id, kind FROM extraction_kind").fetchall()
        return {int(cid): str(kind) for cid, kind in rows}

    def _refresh(self, existing: Concept, concept: Concept) -> bool:
        """Give an untouched earlier candidate the new figures; False when nothing changed."""
        terms = _check(concept).terms
        if (
            existing.score == concept.score
            and existing.evidence == concept.evidence
            and [(t.lang, t.text, t.status, t.note) for t in existing.terms]
            == [(t.lang, t.text, t.status, t.note) for t in terms]
        ):
            return False
        updated = replace(existing, score=concept.score, evidence=concept.evidence, terms=terms)
        written = self._write(existing, updated, EXTRACTOR, "extraction")
        assert written is not None  # read in this transaction
        return True

    def _bump(self) -> None:
        self._conn.execute("UPDATE termbase_revision SET revision = revision + 1 WHERE id = 1")

    def _next_revision(self, concept_id: int, stored: bool = True) -> int:
        """The revision the next write to ``concept_id`` gets: past its history's (a deleted concept brought
        back by undo goes on from where it was) and, with ``stored``, past the stored concept's."""
        row = self._conn.execute(
            "SELECT coalesce(max(revision), 0) FROM concept_history WHERE concept_id = ?", (concept_id,)
        ).fetchone()
        revision = int(row[0])
        if stored:
            current = self._conn.execute(
                "SELECT revision FROM concept WHERE id = ?", (concept_id,)
            ).fetchone()
            revision = max(revision, int(current[0]) if current is not None else 0)
        return revision + 1

    def _record(
        self,
        concept_id: int,
        revision: int,
        what: str,
        by: str | None,
        before: Concept | None,
        after: Concept | None,
        at: str,
    ) -> None:
        """One history row for a write, in the write's transaction; the unique (concept, revision) pair
        stops two writers that both read the same revision from both recording it."""
        self._conn.execute(
            "INSERT INTO concept_history(concept_id, revision, at, by, what, before, after)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                concept_id, revision, at, by, what,
                None if before is None else json.dumps(concept_state(before), ensure_ascii=False),
                None if after is None else json.dumps(concept_state(after), ensure_ascii=False),
            ),
        )  # fmt: skip

    def _conflict(self, concept_id: int, expected: int, mine: Concept | None) -> ConceptConflict:
        """The conflict of a write that read revision ``expected``: the concept as stored now, and who made
        the write that got in first, and when (from its history; from the concept itself without one).
        Raises TermbaseError for a concept that never existed."""
        theirs = self.get(concept_id)
        last = self._conn.execute(
            "SELECT by, at, revision FROM concept_history WHERE concept_id = ? ORDER BY revision DESC LIMIT 1",
            (concept_id,),
        ).fetchone()
        if theirs is None and last is None:
            raise TermbaseError(f"no concept {concept_id}")  # there never was one: nobody else's change
        if last is not None and (theirs is None or int(last[2]) == theirs.revision):
            by, at = last[0], last[1]
        else:
            by, at = (theirs.changed_by, theirs.changed_at) if theirs is not None else (None, None)
        return ConceptConflict(
            concept_id, expected, theirs, None if mine is None else replace(mine, revision=expected), by, at
        )

    # -- reading ----------------------------------------------------------------------------------------

    def revision(self) -> int:
        """A number that changes whenever the termbase does: matchers built on it know when to rebuild."""
        return int(self._conn.execute("SELECT revision FROM termbase_revision").fetchone()[0])

    def check_revision(self, concept_id: int, expected: int) -> None:
        """Raise ``ConceptConflict`` when concept ``concept_id`` is no longer at revision ``expected`` (changed
        or deleted since); a check before preparing a write, which checks again as it writes."""
        current = self.get(concept_id)
        if current is None or current.revision != expected:
            raise self._conflict(concept_id, expected, None)

    def history(self, concept_id: int) -> list[Revision]:
        """Every recorded write to concept ``concept_id``, oldest first (a deleted concept's too)."""
        rows = self._conn.execute(
            "SELECT revision, at, by, what, before, after FROM concept_history WHERE concept_id = ?"
            " ORDER BY revision",
            (concept_id,),
        ).fetchall()
        return [
            Revision(
                concept_id, int(r[0]), r[1], r[2], r[3],
                None if r[4] is None else concept_from_state(json.loads(r[4])),
                None if r[5] is None else concept_from_state(json.loads(r[5])),
            )
            for r in rows
        ]  # fmt: skip

    def count(self) -> int:
        return int(self._conn.execute("SELECT count(*) FROM concept").fetchone()[0])

    def get(self, concept_id: int) -> Concept | None:
        return next(self._concepts("WHERE id = ?", (concept_id,)), None)

    def _get(self, concept_id: int) -> Concept:
        concept = self.get(concept_id)
        assert concept is not None
        return concept

    def concepts(
        self, lang: str | None = None, status: str | None = None, batch: int = 1000
    ) -> Iterator[Concept]:
        """Every concept in the order they were added, optionally only those with a term in ``lang`` and
        of concept status ``status``; read in batches."""
        last = 0
        while True:
            where, params = "WHERE id > ?", [last]
            if status is not None:
                where += " AND status = ?"
                params.append(status)  # type: ignore[arg-type]
            chunk = list(self._concepts(f"{where} ORDER BY id LIMIT {int(batch)}", tuple(params)))
            if not chunk:
                return
            for concept in chunk:
                if lang is None or concept.terms_in(lang):
                    yield concept
            last = chunk[-1].id or last

    def find(
        self, query: str, lang: str | None = None, status: str | None = None, limit: int = 100
    ) -> list[Concept]:
        """Concepts with a term containing ``query`` (compared normalised: case, width, spaces), or whose
        definition or note contains it; exact term matches first."""
        needle = normalize(query)
        escaped = _like(needle)
        # A query in Traditional characters finds the Simplified terms too.
        simplified = normalize(to_simplified(query)) if _HAN.search(query) else needle
        rows = self._conn.execute(
            """SELECT concept_id, lang, min(CASE WHEN normalized IN (?, ?) THEN 0 ELSE 1 END) FROM term
               WHERE normalized LIKE ? ESCAPE '\\' OR normalized LIKE ? ESCAPE '\\' GROUP BY concept_id, lang""",
            (needle, simplified, f"%{escaped}%", f"%{_like(simplified)}%"),
        ).fetchall()
        rank: dict[int, int] = {}
        for concept_id, term_lang, exact in rows:
            if lang is None or same_language(term_lang, lang):
                rank[concept_id] = min(rank.get(concept_id, 2), exact)
        if lang is None:
            for (concept_id,) in self._conn.execute(
                """SELECT id FROM concept WHERE lower(coalesce(definition, '') || ' ' || coalesce(note, ''))
                   LIKE ? ESCAPE '\\'""",
                (f"%{escaped}%",),
            ):
                rank.setdefault(concept_id, 3)
        ids = sorted(rank, key=lambda i: (rank[i], i))
        found: list[Concept] = []
        for concept_id in ids:
            concept = self.get(concept_id)
            if concept is not None and (status is None or concept.status == status):
                found.append(concept)
            if len(found) >= limit:
                break
        return found

    def browse(
        self,
        text: str = "",
        status: str | None = None,
        domain: str | None = None,
        lang: str | None = None,
        limit: int = 500,
    ) -> list[Concept]:
        """Concepts for a screen's filters, chosen by one query: of concept status ``status``, in ``domain``,
        with a term in ``lang``, and, when ``text`` is given, with a term (compared normalised, as ``find``
        does), definition or note containing it; exact term matches first, then in the order added."""
        where: list[str] = []
        params: list[object] = []
        order = "c.id"
        order_params: tuple[str, ...] = ()
        if status is not None:
            where.append("c.status = ?")
            params.append(status)
        if domain is not None:
            where.append("c.domain = ?")
            params.append(domain)
        if lang is not None:
            tags = [tag for tag in self.languages() if same_language(tag, lang)] or [lang]
            where.append(
                f"EXISTS (SELECT 1 FROM term l WHERE l.concept_id = c.id AND l.lang IN ({','.join('?' * len(tags))}))"
            )
            params += tags
        needle = normalize(text)
        if needle:
            simplified = normalize(to_simplified(text)) if _HAN.search(text) else needle
            where.append(
                """(EXISTS (SELECT 1 FROM term t WHERE t.concept_id = c.id
                        AND (t.normalized LIKE ? ESCAPE '\\' OR t.normalized LIKE ? ESCAPE '\\'))
                    OR lower(coalesce(c.definition, '') || ' ' || coalesce(c.note, '')) LIKE ? ESCAPE '\\')"""
            )
            params += [f"%{_like(needle)}%", f"%{_like(simplified)}%", f"%{_like(needle)}%"]
            order = (
                "NOT EXISTS (SELECT 1 FROM term e WHERE e.concept_id = c.id AND e.normalized IN (?, ?)), c.id"
            )
            order_params = (needle, simplified)
        ids = [
            row[0]
            for row in self._conn.execute(
                f"SELECT c.id FROM concept c {'WHERE ' + ' AND '.join(where) if where else ''}"
                f" ORDER BY {order} LIMIT ?",
                (*params, *order_params, int(limit)),
            )
        ]
        if not ids:
            return []
        found = {c.id: c for c in self._concepts(f"WHERE id IN ({','.join('?' * len(ids))})", tuple(ids))}
        return [found[i] for i in ids if i in found]

    def domains(self) -> tuple[str, ...]:
        """The domains the concepts are filed under, alphabetically."""
        rows = self._conn.execute(
            "SELECT DISTINCT domain FROM concept WHERE domain IS NOT NULL AND domain != '' ORDER BY domain"
        )
        return tuple(str(r[0]) for r in rows)

    def languages(self) -> tuple[str, ...]:
        """The languages the terms are in, alphabetically."""
        return tuple(str(r[0]) for r in self._conn.execute("SELECT DISTINCT lang FROM term ORDER BY lang"))

    def terms_for_matching(
        self, langs: Iterable[str] | None = None, candidates: bool = False
    ) -> list[tuple[Concept, Term]]:
        """Every (concept, term) pair of approved concepts, for building a matcher; with ``candidates``,
        those of candidate concepts too (machine proposals are glossary hits only when asked for)."""
        wanted = tuple(langs) if langs is not None else None
        pairs: list[tuple[Concept, Term]] = []
        for concept in self.concepts():
            if concept.status == ConceptStatus.REJECTED or (
                concept.status == ConceptStatus.CANDIDATE and not candidates
            ):
                continue
            for term in concept.terms:
                if wanted is None or any(same_language(term.lang, w) for w in wanted):
                    pairs.append((concept, term))
        return pairs

    def _concepts(self, where: str, params: tuple[object, ...]) -> Iterator[Concept]:
        conn = self._conn
        rows = conn.execute(f"SELECT {_CONCEPT_COLUMNS}, revision FROM concept {where}", params).fetchall()
        if not rows:
            return
        terms: dict[int, list[Term]] = {r[0]: [] for r in rows}
        ids = list(terms)
        for start in range(0, len(ids), 500):
            part = ids[start : start + 500]
            marks = ",".join("?" * len(part))
            for tid, cid, lang, text, status, case, pos, note in conn.execute(
                f"SELECT {_TERM_COLUMNS} FROM term WHERE concept_id IN ({marks}) ORDER BY concept_id, seq",
                part,
            ):
                terms[cid].append(Term(lang, text, TermStatus(status), bool(case), pos, note, tid))
        for r in rows:
            yield Concept(
                terms=tuple(terms[r[0]]), status=ConceptStatus(r[1]), origin=Origin(r[2]), domain=r[3],
                definition=r[4], note=r[5], score=r[6], evidence=tuple(json.loads(r[7])), source=r[8],
                created_at=r[9], changed_at=r[10], changed_by=r[11], id=r[0], revision=r[12],
            )  # fmt: skip
