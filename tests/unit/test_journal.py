"""The action journal: undo and redo of concept and unit changes, across restarts, never over a later change."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from glossary.formats import read_termbase
from glossary.journal import KEEP, Journal, JournalError
from glossary.model import Concept, ConceptChanges, ConceptStatus, Term, TermStatus
from glossary.termbase import Termbase, TermbaseError
from memories.importer import import_files
from memories.store import Workspace
from tests.conftest import REPO, on_both_backends, shared

SEED = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"


@pytest.fixture
def filled(workspace: Workspace) -> Workspace:
    """The starter termbase and a TMX whose segments carry inline codes (the TMX compliance kit; forced: its
    tags do not name the languages its test sentences are in, and the language check is not what is tested)."""
    Termbase(workspace).add_many(read_termbase(SEED, None))
    import_files(workspace, [shared("formats", "omegat", "data", "tmx", "test-level2.tmx")], force=True)
    return workspace


def concept(ws: Workspace, text: str) -> Concept:
    """The concept found by ``text``, without its revision: an undo puts back what a concept says, while
    its revision moves on (never back), as every write's does."""
    return replace(Termbase(ws).find(text)[0], revision=None)


def test_undo_and_redo_an_approval_and_a_rejection(filled: Workspace) -> None:
    journal = Journal(filled)
    a, b = concept(filled, "ASEAN way"), concept(filled, "Cold War mentality")
    Termbase(filled).edit(a.id or 0, ConceptChanges(status=ConceptStatus.CANDIDATE))
    a = concept(filled, "ASEAN way")
    journal.set_status([a.id or 0], "approved", "approve ASEAN way")
    journal.set_status([b.id or 0], "rejected", "reject Cold War mentality")
    assert concept(filled, "ASEAN way").status == "approved"

    undone = journal.undo()
    assert undone is not None and undone.label == "reject Cold War mentality"
    assert concept(filled, "Cold War mentality") == b  # every field as it was, dates included
    assert journal.undo() is not None
    assert concept(filled, "ASEAN way") == a
    assert journal.undo() is None  # nothing older in the journal

    redone = journal.redo()
    assert redone is not None and redone.label == "approve ASEAN way"
    assert concept(filled, "ASEAN way").status == "approved"
    assert concept(filled, "Cold War mentality").status == "approved"  # its rejection is not redone yet


def test_undo_an_edit_and_a_delete_of_concepts_brings_back_terms_and_ids(filled: Workspace) -> None:
    journal = Journal(filled)
    termbase = Termbase(filled)
    before = concept(filled, "zero-sum game")
    journal.edit_concept(
        before.id or 0,
        ConceptChanges(
            terms=(*before.terms, Term("zh-CN", "零和游戏", TermStatus.FORBIDDEN)),
            definition="one side's gain is the other's loss",
        ),
    )
    count = termbase.count()
    journal.remove_concepts([before.id or 0])
    assert termbase.count() == count - 1

    journal.undo()
    restored = termbase.get(before.id or 0)
    assert restored is not None and [t.text for t in restored.terms] == [
        "zero-sum game",
        "零和博弈",
        "零和游戏",
    ]
    journal.undo()
    again = termbase.get(before.id or 0)
    assert again is not None and replace(again, revision=None) == concept(filled, "zero-sum game")
    assert [(t.lang, t.text, t.status) for t in concept(filled, "zero-sum game").terms] == [
        (t.lang, t.text, t.status) for t in before.terms
    ]
    assert concept(filled, "zero-sum game").definition == before.definition
    # The matcher rebuilds on the revision: an undo must move it like any change.
    revision = termbase.revision()
    journal.redo()
    assert termbase.revision() > revision


def test_undo_of_an_added_concept_deletes_it_and_redo_adds_it_back(filled: Workspace) -> None:
    journal = Journal(filled)
    termbase = Termbase(filled)
    journal.add_concept(
        Concept((Term("en", "Kunming Biodiversity Fund"), Term("zh-CN", "昆明生物多样性基金")))
    )
    added = concept(filled, "Kunming Biodiversity Fund")
    journal.undo()
    assert termbase.find("Kunming Biodiversity Fund") == []
    journal.redo()
    assert concept(filled, "Kunming Biodiversity Fund") == added


def test_undo_and_redo_an_edit_and_a_delete_of_units_keep_markup_and_history(filled: Workspace) -> None:
    journal = Journal(filled)
    unit = next(u for u in filled.units() if any(v.markup for v in u.variants))
    unit_id = unit.id or 0
    marked = next(v for v in unit.variants if v.markup)
    journal.edit_unit(unit_id, {marked.lang: "a new text"})
    edited = filled.unit(unit_id)
    assert edited is not None and edited.variant(marked.lang) is not None
    journal.delete_unit(unit_id)
    assert filled.unit(unit_id) is None

    journal.undo()
    assert filled.unit(unit_id) == edited
    journal.undo()
    assert filled.unit(unit_id) == unit  # the inline codes are back, not just the text
    history = filled.history(unit_id)
    assert [(c.before, c.after) for c in history] == [
        (marked.text, "a new text"),
        ("a new text", marked.text),
    ]
    journal.redo()
    journal.redo()
    assert filled.unit(unit_id) is None


def test_the_journal_survives_closing_the_workspace(workspace_path: Path) -> None:
    with Workspace(workspace_path) as ws:
        Termbase(ws).add_many(read_termbase(SEED, None))
        target = concept(ws, "ASEAN way")
        Journal(ws).set_status([target.id or 0], "rejected", "reject ASEAN way")
    with Workspace(workspace_path) as ws:
        entry = Journal(ws).undo()
        assert entry is not None and entry.label == "reject ASEAN way"
        assert concept(ws, "ASEAN way") == target


def test_undo_never_overwrites_a_later_change(filled: Workspace) -> None:
    journal = Journal(filled)
    target = concept(filled, "ASEAN way")
    journal.set_status([target.id or 0], "rejected")
    Termbase(filled).edit(target.id or 0, ConceptChanges(note="changed outside the journal"))
    with pytest.raises(JournalError, match="has changed since"):
        journal.undo()
    assert concept(filled, "ASEAN way").note == "changed outside the journal"
    assert concept(filled, "ASEAN way").status == "rejected"


def test_a_new_action_ends_what_can_be_redone(filled: Workspace) -> None:
    journal = Journal(filled)
    a, b = concept(filled, "ASEAN way"), concept(filled, "Cold War mentality")
    journal.set_status([a.id or 0], "rejected")
    journal.undo()
    journal.set_status([b.id or 0], "rejected")
    assert journal.redo() is None
    assert concept(filled, "ASEAN way").status == "approved"


@on_both_backends
def test_each_translator_undoes_and_redoes_their_own_actions_only(filled: Workspace) -> None:
    mine, theirs = Journal(filled, by="li.wei"), Journal(filled, by="wang")
    a, b, c = (concept(filled, t) for t in ("ASEAN way", "Cold War mentality", "zero-sum game"))
    mine.set_status([a.id or 0], "rejected", "reject ASEAN way")
    theirs.set_status([b.id or 0], "rejected", "reject Cold War mentality")  # their action is the newest
    undone = mine.undo()
    assert undone is not None and (undone.label, undone.by) == ("reject ASEAN way", "li.wei")
    assert concept(filled, "ASEAN way").status == "approved"
    assert concept(filled, "Cold War mentality").status == "rejected"  # theirs stands
    # Their new action does not end what I can redo; mine ends only my own redo.
    theirs.set_status([c.id or 0], "rejected", "reject zero-sum game")
    redone = mine.redo()
    assert redone is not None and redone.label == "reject ASEAN way"
    assert [e.label for e in theirs.entries()] == ["reject zero-sum game", "reject Cold War mentality"]
    assert [e.label for e in mine.entries()] == ["reject ASEAN way"]
    assert theirs.undo() is not None and concept(filled, "zero-sum game").status == "approved"
    assert mine.undo() is not None and mine.undo() is None  # nothing of theirs to undo for me
    assert concept(filled, "Cold War mentality").status == "rejected"


def test_several_concepts_change_in_one_entry_and_undo_together(filled: Workspace) -> None:
    journal = Journal(filled)
    ids = [c.id or 0 for c in Termbase(filled).concepts()][:5]
    journal.set_status(ids, "rejected", "reject 5 concepts")
    assert {Termbase(filled).get(i).status for i in ids} == {"rejected"}  # type: ignore[union-attr]
    journal.undo()
    assert {Termbase(filled).get(i).status for i in ids} == {"approved"}  # type: ignore[union-attr]


def test_the_journal_keeps_the_newest_entries_and_undoes_at_least_fifty(filled: Workspace) -> None:
    journal = Journal(filled)
    target = concept(filled, "ASEAN way")
    for n in range(KEEP + 5):
        journal.set_status([target.id or 0], "rejected" if n % 2 == 0 else "approved")
    assert len(journal.entries()) == KEEP
    for _ in range(KEEP):
        assert journal.undo() is not None
    assert journal.undo() is None
    # KEEP + 5 actions alternated the status and the last KEEP were undone: five remain done.
    assert concept(filled, "ASEAN way").status == "rejected"


def test_merge_keeps_every_term_of_both_concepts_as_synonyms(filled: Workspace) -> None:
    termbase = Termbase(filled)
    kept = termbase.add(
        Concept(
            (Term("en", "win-win cooperation"), Term("zh-CN", "合作共赢")), definition="kept", domain="econ"
        )
    )
    other = termbase.add(
        Concept(
            (
                Term("en", "mutually beneficial cooperation"),
                Term("zh-CN", "互利合作"),
                Term("zh-CN", "合作共赢"),
            ),
            note="from the other",
            evidence=(3, 4),
        )
    )
    count = termbase.count()
    merged = termbase.merge(kept.id or 0, [other.id or 0])
    assert termbase.count() == count - 1 and termbase.get(other.id or 0) is None
    assert [(t.lang, t.text, t.status) for t in merged.terms] == [
        ("en", "win-win cooperation", "preferred"),
        ("zh-CN", "合作共赢", "preferred"),
        ("en", "mutually beneficial cooperation", "admitted"),
        ("zh-CN", "互利合作", "admitted"),
    ]
    assert (merged.definition, merged.domain, merged.note, merged.evidence) == (
        "kept",
        "econ",
        "from the other",
        (3, 4),
    )
    with pytest.raises(TermbaseError, match="second concept"):
        termbase.merge(kept.id or 0, [kept.id or 0])


def test_undo_of_a_merge_splits_the_concepts_again(filled: Workspace) -> None:
    journal = Journal(filled)
    a, b = concept(filled, "ASEAN way"), concept(filled, "Cold War mentality")
    journal.merge_concepts(a.id or 0, [b.id or 0])
    assert Termbase(filled).get(b.id or 0) is None
    journal.undo()
    assert (concept(filled, "ASEAN way"), concept(filled, "Cold War mentality")) == (a, b)
