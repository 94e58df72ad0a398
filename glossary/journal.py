"""The action journal: what a translator did to concepts and units, kept in the workspace for undo and redo.

Each person has their own: on a team workspace ctrl+z undoes what you did, never a colleague's newest change, and
a colleague's new action does not end what you can redo. Each entry holds the state of every concept or unit the
action touched, before and after, so undoing puts the "before" states back and redoing the "after" ones, also
after a restart. An entry is undone only while what it touched is still as it left it: undo never overwrites a
later change (another process's, or an extraction's).

>>> journal = Journal(workspace)
>>> journal.set_status([concept_id], ConceptStatus.APPROVED, "approve ASEAN way")
>>> journal.undo().label
'approve ASEAN way'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

import glossary.migrations  # noqa: F401  (the journal table exists in every workspace opened after this)
from glossary.model import Concept, ConceptChanges, ConceptStatus
from glossary.termbase import Termbase, concept_from_state, concept_state
from glossary.user import current_user
from memories.errors import GlossaryError
from memories.model import Change, TranslationUnit, Variant
from memories.store import Workspace

__all__ = ["KEEP", "Entry", "Journal", "JournalError"]

KEEP = 200
"""Entries kept per person: their oldest go once there are more (undo reaches back this far)."""

_KINDS = ("concepts", "units")

_VERBS = {
    ConceptStatus.APPROVED: "approve",
    ConceptStatus.REJECTED: "reject",
    ConceptStatus.CANDIDATE: "back to candidate",
}
"""What a status change is called in a concept's history."""

State = dict[str, Any] | None
"""A concept or unit as JSON-ready values; None when it does not exist."""


class JournalError(GlossaryError):
    """An undo or redo that cannot be carried out without losing a later change."""


@dataclass(frozen=True)
class Entry:
    """One action in the journal."""

    id: int
    label: str
    """What the action did, as the translator reads it (``approve "ASEAN way"``)."""
    kind: str
    """``concepts`` or ``units``: what it touched."""
    at: str
    by: str | None
    undone: bool


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _concept_state(concept: Concept | None) -> State:
    return concept_state(concept)


def _same(kind: str, a: State, b: State) -> bool:
    """Whether two states say the same; a concept's term ids are not part of what it says (they change
    whenever its terms are written again)."""
    if a is None or b is None:
        return a is b
    if kind == "concepts":
        # Nor is its revision: it moves on with every write, an undo's too.
        return {**a, "revision": None, "terms": [{**t, "id": None} for t in a["terms"]]} == {
            **b,
            "revision": None,
            "terms": [{**t, "id": None} for t in b["terms"]],
        }
    # A unit's history only grows (an undo is an edit too): it is kept to give a deleted unit back whole.
    return {**a, "history": None} == {**b, "history": None}


def _unit_state(unit: TranslationUnit | None, history: Sequence[Change]) -> State:
    if unit is None:
        return None
    return _plain({**asdict(unit), "history": [asdict(change) for change in history]})


def _pairs(values: Iterable[Iterable[str]]) -> tuple[tuple[str, str], ...]:
    return tuple((str(a), str(b)) for a, b in values)


def _variant(state: dict[str, Any]) -> Variant:
    return Variant(
        **{
            **state,
            "notes": tuple(state["notes"]),
            "props": _pairs(state["props"]),
            "attrs": _pairs(state["attrs"]),
        }
    )


def _unit(state: dict[str, Any]) -> TranslationUnit:
    fields = {name: value for name, value in state.items() if name != "history"}
    return TranslationUnit(
        **{
            **fields,
            "variants": tuple(_variant(v) for v in state["variants"]),
            "notes": tuple(state["notes"]),
            "props": _pairs(state["props"]),
            "attrs": _pairs(state["attrs"]),
        }
    )


def _plain(state: dict[str, Any]) -> dict[str, Any]:
    """The state as JSON gives it back (tuples become lists), so a stored state compares equal to a read one."""
    plain: dict[str, Any] = json.loads(json.dumps(state))
    return plain


class Journal:
    """Changes to concepts and units that are recorded for undo; reading and writing go through the workspace.

    Every method runs in one transaction: the change and its entry are stored together or not at all.
    """

    def __init__(self, workspace: Workspace, by: str | None = None) -> None:
        self.workspace = workspace
        self.termbase = Termbase(workspace)
        self.by = by or current_user()

    # -- concepts -----------------------------------------------------------------------------------------

    def set_status(
        self,
        concept_ids: Sequence[int],
        status: ConceptStatus,
        label: str = "",
        revisions: Mapping[int, int | None] | None = None,
    ) -> Entry:
        """Approve, reject (or make candidates of) several concepts at once: one entry, one undo. With
        ``revisions`` (concept id -> the revision the caller read), a concept changed since raises
        ``ConceptConflict`` and none of them changes."""

        def change() -> None:
            for concept_id in concept_ids:
                expected = (revisions or {}).get(concept_id)
                self.termbase.edit(
                    concept_id, ConceptChanges(status=status), self.by, expected, _VERBS[status]
                )

        return self._record(
            "concepts", label or f"{status}: {len(concept_ids)} concepts", concept_ids, change
        )

    def edit_concept(
        self,
        concept_id: int,
        changes: ConceptChanges,
        label: str = "",
        revision: int | None = None,
        what: str = "edit",
    ) -> Entry:
        """``Termbase.edit`` with an entry (terms, status, domain, definition, note); ``revision`` is the one
        the caller read (a concept changed since raises ``ConceptConflict``), ``what`` goes in its history."""
        return self._record(
            "concepts",
            label or f"edit concept {concept_id}",
            [concept_id],
            lambda: self.termbase.edit(concept_id, changes, self.by, revision, what),
        )

    def add_concept(self, concept: Concept, label: str = "") -> Entry:
        """Store a new concept; undo deletes it."""
        return self._record(
            "concepts", label or "add a concept", [], lambda: [self.termbase.add(concept, self.by).id or 0]
        )

    def remove_concepts(
        self, concept_ids: Sequence[int], label: str = "", revisions: Mapping[int, int | None] | None = None
    ) -> Entry:
        """Delete concepts and their terms; undo brings them back with the same ids. With ``revisions``, as
        for ``set_status``."""

        def change() -> None:
            for concept_id in concept_ids:
                self.termbase.remove(concept_id, self.by, (revisions or {}).get(concept_id))

        return self._record("concepts", label or f"delete {len(concept_ids)} concepts", concept_ids, change)

    def merge_concepts(self, keep_id: int, other_ids: Sequence[int], label: str = "") -> Entry:
        """``Termbase.merge`` with an entry: undo splits them again."""
        return self._record(
            "concepts",
            label or f"merge {len(other_ids) + 1} concepts",
            [keep_id, *other_ids],
            lambda: self.termbase.merge(keep_id, other_ids, self.by),
        )

    # -- units --------------------------------------------------------------------------------------------

    def edit_unit(self, unit_id: int, texts: Mapping[str, str], label: str = "") -> Entry:
        """Replace the unit's text in each language of ``texts`` (``Workspace.update_variant``)."""

        def change() -> None:
            for lang, text in texts.items():
                self.workspace.update_variant(unit_id, lang, text, by=self.by)

        return self._record("units", label or f"edit unit {unit_id}", [unit_id], change)

    def delete_unit(self, unit_id: int, label: str = "") -> Entry:
        """Delete a unit; undo brings it back with the same id (concepts' evidence points at it)."""
        return self._record(
            "units", label or f"delete unit {unit_id}", [unit_id], lambda: self.workspace.delete_unit(unit_id)
        )

    # -- undo and redo ------------------------------------------------------------------------------------

    def undo(self) -> Entry | None:
        """Undo this person's newest action not undone yet; None when there is none. Raises JournalError, changing
        nothing, when what it touched has changed since."""
        return self._step(undo=True)

    def redo(self) -> Entry | None:
        """Do again the action this person undid last; None when there is none (a new action of theirs ends what
        they can redo)."""
        return self._step(undo=False)

    def entries(self, limit: int = KEEP) -> list[Entry]:
        """This person's journal, newest first."""
        rows = self.workspace.connection.execute(
            "SELECT id, label, kind, at, by, undone FROM journal WHERE by = ? ORDER BY id DESC LIMIT ?",
            (self.by, limit),
        ).fetchall()
        return [Entry(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]

    # -- inside -------------------------------------------------------------------------------------------

    def _state(self, kind: str, item_id: int) -> State:
        if kind == "concepts":
            return _concept_state(self.termbase.get(item_id))
        unit = self.workspace.unit(item_id)
        return _unit_state(unit, self.workspace.history(item_id) if unit is not None else ())

    def _put(self, kind: str, item_id: int, state: State, what: str) -> None:
        if kind == "concepts":
            self.termbase.restore(
                item_id, None if state is None else concept_from_state(state), by=self.by, what=what
            )
        else:
            history = [Change(**change) for change in state["history"]] if state is not None else []
            self.workspace.restore_unit(
                item_id, None if state is None else _unit(state), by=self.by, history=history
            )

    def _record(
        self, kind: str, label: str, ids: Sequence[int], change: Callable[[], Iterable[int] | object]
    ) -> Entry:
        with self.workspace.atomic() as conn:
            before = {item_id: self._state(kind, item_id) for item_id in dict.fromkeys(ids)}
            added = change()
            # An action that creates (add) returns the new ids: they did not exist before it.
            for item_id in added if isinstance(added, list) else ():
                before.setdefault(int(item_id), None)
            after = {item_id: self._state(kind, item_id) for item_id in before}
            # A new action ends what its author can redo (not what a colleague can).
            conn.execute("DELETE FROM journal WHERE undone = 1 AND by = ?", (self.by,))
            at = _now()
            row = conn.execute(
                "INSERT INTO journal(at, by, label, kind, before, after) VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
                (at, self.by, label, kind, json.dumps(list(before.items())), json.dumps(list(after.items()))),
            ).fetchone()
            conn.execute(
                "DELETE FROM journal WHERE by = ? AND id <= "
                "(SELECT id FROM journal WHERE by = ? ORDER BY id DESC LIMIT 1 OFFSET ?)",
                (self.by, self.by, KEEP),
            )
            return Entry(int(row[0]), label, kind, at, self.by, False)

    def _step(self, undo: bool) -> Entry | None:
        with self.workspace.atomic() as conn:
            row = conn.execute(
                "SELECT id, label, kind, at, by, before, after FROM journal WHERE undone = ? AND by = ? ORDER BY id "
                + ("DESC" if undo else "ASC")
                + " LIMIT 1",
                (0 if undo else 1, self.by),
            ).fetchone()
            if row is None:
                return None
            entry_id, label, kind, at, by, before, after = row
            if kind not in _KINDS:
                raise JournalError(f"journal entry {entry_id}: unknown kind {kind!r}")
            now, then = (after, before) if undo else (before, after)
            expected = {int(item_id): state for item_id, state in json.loads(now)}
            for item_id, state in expected.items():
                if not _same(kind, self._state(kind, item_id), state):
                    what = "concept" if kind == "concepts" else "unit"
                    raise JournalError(
                        f"cannot {'undo' if undo else 'redo'} {label!r}: {what} {item_id} has changed since"
                        " (edit it by hand instead)"
                    )
            for item_id, state in json.loads(then):
                self._put(kind, int(item_id), state, f"{'undo' if undo else 'redo'} {label}")
            conn.execute("UPDATE journal SET undone = ? WHERE id = ?", (int(undo), entry_id))
            return Entry(entry_id, label, kind, at, by, undo)
