"""Concept revisions: every write is kept in the concept's history, and a save over a change made meanwhile
(by another process on the same workspace) is refused with both versions, writing nothing; on both back ends
(a workspace file, and a team workspace on the session's throwaway PostgreSQL server)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from glossary.editing import open_document
from glossary.journal import Journal
from glossary.model import Concept, ConceptChanges, ConceptStatus, Origin, Term, TermChanges, TermStatus
from glossary.termbase import EXTRACTOR, ConceptConflict, Termbase
from glossary.user import ENV_VAR, FALLBACK, current_user, set_user
from memories.store import Workspace
from tests.editor_data import sentences, write_po

COUNCIL = Concept((Term("en", "Security Council"), Term("zh-CN", "安全理事会")), domain="UN")


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, workspace_path: Path) -> str:
    """Where the workspace is: a file, or a fresh database on the test PostgreSQL server (schema created)."""
    if request.param == "sqlite":
        return str(workspace_path)
    server = request.getfixturevalue("postgres_server")
    url: str = server.dsn(request.getfixturevalue("postgres_database"))
    Workspace(url, migrate=True).close()
    return url


@pytest.fixture
def shared_ws(location: str) -> Iterator[Workspace]:
    ws = Workspace(location)
    yield ws
    ws.close()


@pytest.fixture
def two(location: str) -> Iterator[tuple[Termbase, Termbase]]:
    """Two translators' termbases: two workspace objects (two connections) over the same workspace."""
    first, second = Workspace(location), Workspace(location)
    yield Termbase(first), Termbase(second)
    first.close()
    second.close()


def termbase_state(termbase: Termbase) -> tuple[object, ...]:
    """Everything a write to a concept changes: the concepts, their histories, the termbase's revision."""
    concepts = list(termbase.concepts())
    return concepts, [termbase.history(c.id or 0) for c in concepts], termbase.revision()


def test_the_second_writer_gets_a_conflict_with_both_versions_and_nothing_is_written(
    two: tuple[Termbase, Termbase],
) -> None:
    mine_tb, theirs_tb = two
    added = mine_tb.add(COUNCIL, by="li")
    read_by_me = mine_tb.get(added.id or 0)
    read_by_them = theirs_tb.get(added.id or 0)
    assert read_by_me is not None and read_by_them is not None and read_by_me.revision == 1

    theirs = theirs_tb.edit(
        added.id or 0, ConceptChanges(note="UN organ"), by="wang", expected_revision=read_by_them.revision
    )
    assert theirs.revision == 2
    before = termbase_state(mine_tb)
    with pytest.raises(ConceptConflict) as raised:
        mine_tb.edit(
            added.id or 0,
            ConceptChanges(definition="the UN's organ for peace and security"),
            by="li",
            expected_revision=read_by_me.revision,
        )
    conflict = raised.value
    assert termbase_state(theirs_tb) == before  # nothing written, not even a history row
    assert conflict.theirs is not None and conflict.theirs == theirs_tb.get(added.id or 0)
    assert conflict.theirs.note == "UN organ"
    assert conflict.mine is not None and conflict.mine.definition == "the UN's organ for peace and security"
    assert conflict.mine.revision == 1 and conflict.expected == 1
    assert conflict.by == "wang" and conflict.at == theirs.changed_at
    assert str(conflict).startswith(f"concept {added.id} was changed by wang at {theirs.changed_at}")
    assert "revision 2, you read revision 1; nothing was saved" in str(conflict)

    # Having seen theirs, saving on top of it (their revision) goes through.
    mine = mine_tb.edit(
        added.id or 0, ConceptChanges(definition="organ"), by="li", expected_revision=conflict.theirs.revision
    )
    assert (mine.revision, mine.note, mine.definition, mine.changed_by) == (3, "UN organ", "organ", "li")


def test_only_one_of_many_writers_that_read_the_same_revision_gets_through(location: str) -> None:
    with Workspace(location) as ws:
        concept_id = Termbase(ws).add(COUNCIL).id or 0
    writers = 6
    barrier = threading.Barrier(writers)
    outcomes: list[str] = []

    def write(n: int) -> None:
        ws = Workspace(location)
        try:
            barrier.wait()
            Termbase(ws).edit(concept_id, ConceptChanges(note=f"writer {n}"), f"w{n}", expected_revision=1)
            outcomes.append("saved")
        except ConceptConflict:
            outcomes.append("conflict")
        finally:
            ws.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["conflict"] * (writers - 1) + ["saved"]
    with Workspace(location) as ws:
        history = Termbase(ws).history(concept_id)
    assert [h.revision for h in history] == [1, 2]
    saved = history[1]
    assert saved.after is not None and saved.by is not None and saved.after.note == f"writer {saved.by[1:]}"


def test_every_write_bumps_the_revision_and_keeps_one_history_row(shared_ws: Workspace) -> None:
    termbase = Termbase(shared_ws)
    concept = termbase.add(COUNCIL, by="li")
    zh = concept.terms[1].id or 0
    termbase.edit(concept.id or 0, ConceptChanges(status=ConceptStatus.CANDIDATE), by="wang")
    termbase.edit_term(zh, TermChanges(status=TermStatus.ADMITTED), by="li", expected_revision=2)
    now = termbase.get(concept.id or 0)
    assert now is not None
    termbase.edit(concept.id or 0, ConceptChanges(terms=(*now.terms, Term("zh-CN", "安理会"))))
    termbase.remove_term(zh, by="zhao")
    termbase.remove(concept.id or 0, by="li")

    history = termbase.history(concept.id or 0)
    assert [(h.revision, h.by, h.what) for h in history] == [
        (1, "li", "add"),
        (2, "wang", "edit"),
        (3, "li", "edit"),
        (4, current_user(), "edit"),
        (5, "zhao", "edit"),
        (6, "li", "remove"),
    ]
    assert history[0].before is None and history[-1].after is None
    for earlier, later in pairwise(history):
        assert later.before == earlier.after  # a complete chain: no write went unrecorded
    assert history[1].after is not None and history[1].after.status == "candidate"
    last = history[4].after
    assert last is not None and [t.text for t in last.terms] == ["Security Council", "安理会"]


def test_a_stale_delete_is_refused_and_an_edit_of_a_deleted_concept_says_who_deleted_it(
    two: tuple[Termbase, Termbase],
) -> None:
    mine_tb, theirs_tb = two
    concept = mine_tb.add(COUNCIL)
    theirs_tb.edit(concept.id or 0, ConceptChanges(note="changed"), by="wang")
    with pytest.raises(ConceptConflict) as stale:
        mine_tb.remove(concept.id or 0, by="li", expected_revision=1)
    assert stale.value.mine is None and stale.value.theirs is not None
    assert mine_tb.get(concept.id or 0) is not None

    theirs_tb.remove(concept.id or 0, by="wang", expected_revision=2)
    with pytest.raises(ConceptConflict) as gone:
        mine_tb.edit(concept.id or 0, ConceptChanges(note="mine"), by="li", expected_revision=2)
    assert gone.value.theirs is None and gone.value.by == "wang"
    assert str(gone.value).startswith(f"concept {concept.id} was deleted by wang at ")
    assert mine_tb.get(concept.id or 0) is None


def test_imports_extraction_merges_and_undo_are_in_the_history(shared_ws: Workspace) -> None:
    termbase = Termbase(shared_ws)
    termbase.add_many([COUNCIL], by="li")
    candidate = Concept((Term("en", "ASEAN way"), Term("zh-CN", "东盟方式")), score=3.0)
    termbase.merge_candidates([candidate], "en")
    termbase.merge_candidates([replace(candidate, score=4.0, evidence=(1,))], "en")
    council, asean = termbase.find("Security Council")[0], termbase.find("ASEAN way")[0]
    assert [(h.what, h.by) for h in termbase.history(council.id or 0)] == [("import", "li")]
    assert [(h.what, h.by, h.revision) for h in termbase.history(asean.id or 0)] == [
        ("extraction", EXTRACTOR, 1),
        ("extraction", EXTRACTOR, 2),
    ]
    assert asean.revision == 2 and asean.score == 4.0

    journal = Journal(shared_ws, by="zhao")
    journal.merge_concepts(council.id or 0, [asean.id or 0], "merge")
    assert [h.what for h in termbase.history(asean.id or 0)][-1] == f"merge into {council.id}"
    assert [h.what for h in termbase.history(council.id or 0)][-1] == f"merge {asean.id}"
    journal.undo()
    back = termbase.get(asean.id or 0)
    # The undone concept says what it said, at a revision past every earlier one.
    assert back is not None and back.revision == 4 and back.origin == Origin.EXTRACTED
    assert [(h.revision, h.what, h.by) for h in termbase.history(asean.id or 0)][-2:] == [
        (3, f"merge into {council.id}", "zhao"),
        (4, "undo merge", "zhao"),
    ]
    assert journal.redo() is not None and termbase.get(asean.id or 0) is None


def test_a_workspace_from_before_revisions_gets_them_at_one(workspace_path: Path) -> None:
    with Workspace(workspace_path) as ws:
        concept_id = Termbase(ws).add(COUNCIL).id or 0
        # Back to the schema before the migration: no revision column, no history.
        with ws.atomic() as conn:
            conn.execute("DROP TABLE concept_history")
            conn.execute("ALTER TABLE concept DROP COLUMN revision")
            conn.execute("UPDATE schema_version SET version = 1 WHERE component = 'glossary'")
    with Workspace(workspace_path) as ws:
        termbase = Termbase(ws)
        assert ws.schema_version("glossary") == 2
        old = termbase.get(concept_id)
        assert old is not None and old.revision == 1 and termbase.history(concept_id) == []
        assert termbase.edit(concept_id, ConceptChanges(note="n"), expected_revision=1).revision == 2


def test_who_is_the_user_option_else_the_variable_else_the_login_name(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(ENV_VAR, "wang.fang")
    assert current_user() == "wang.fang"
    set_user("li.wei")
    try:
        assert current_user() == "li.wei"
    finally:
        set_user(None)
    monkeypatch.delenv(ENV_VAR)

    def no_login() -> str:
        raise OSError("no passwd entry")

    monkeypatch.setattr("getpass.getuser", no_login)
    assert current_user() == FALLBACK


def test_the_user_is_recorded_on_unit_edits_the_journal_and_the_editors_confirmations(
    workspace: Workspace, tmp_path: Path
) -> None:
    set_user("li.wei")
    try:
        doc = open_document(workspace, write_po(tmp_path / "zh_CN.po", sentences().new[:2]))
        doc.confirm(1, "第一稿。")
        unit_id = doc.segment(1).unit_id
        assert unit_id is not None
        journal = Journal(workspace)
        entry = journal.edit_unit(unit_id, {"zh-CN": "第二稿。"})
        concept = journal.add_concept(COUNCIL)
        added = Termbase(workspace).find("Security Council")[0]
        journal.set_status([added.id or 0], ConceptStatus.REJECTED, "reject Security Council")
    finally:
        set_user(None)
    unit = workspace.unit(unit_id)
    assert unit is not None and (unit.created_by, unit.changed_by) == ("li.wei", "li.wei")
    assert [change.by for change in workspace.history(unit_id)] == ["li.wei"]
    assert entry.by == "li.wei" and journal.entries()[0].by == "li.wei" and concept.by == "li.wei"
    assert added.changed_by == "li.wei"
    history = [(h.what, h.by) for h in Termbase(workspace).history(added.id or 0)]
    assert history == [("add", "li.wei"), ("reject", "li.wei")]


def test_a_new_concept_given_a_deleted_ones_id_goes_on_with_its_history(shared_ws: Workspace) -> None:
    termbase = Termbase(shared_ws)
    termbase.add(COUNCIL)
    last = termbase.add(Concept((Term("en", "ASEAN way"),)), by="li")
    termbase.remove(last.id or 0, by="li")
    again = termbase.add(Concept((Term("en", "zero-sum game"),)), by="wang")
    # Both back ends give a new row the highest id + 1, so the deleted concept's id comes back: the
    # revision goes on past its history's, so no (concept, revision) is recorded twice.
    assert again.id == last.id and again.revision == 3
    history = [(h.revision, h.what, h.by) for h in termbase.history(again.id or 0)]
    assert history == [(1, "add", "li"), (2, "remove", "li"), (3, "add", "wang")]
