"""Team roles on PostgreSQL (glossary.team): init and migrate, the three roles and their privileges, and what
the database itself refuses a reader (any write) and a translator (approving a concept, adding, deleting or
merging one approved or rejected, locking a segment)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import psycopg
import pytest

from glossary.copying import copy_workspace
from glossary.editing import ConfirmRefused, open_document
from glossary.journal import Journal
from glossary.model import Concept, ConceptChanges, ConceptStatus, Term
from glossary.team import READER, REVIEWER, TRANSLATOR, grant, init, migrate, roles_of
from glossary.termbase import Termbase
from glossary.user import set_user
from memories.db import Connection
from memories.errors import ReviewerOnlyError, WorkspaceError, WorkspaceReadOnlyError, WorkspaceTooNewError
from memories.index.lookup import lookup
from memories.model import TranslationUnit, Variant
from memories.store import MIGRATIONS, Workspace
from tests.postgres import ADMIN, PostgresServer, running_server

UNIT = TranslationUnit(
    (Variant("en", "The Security Council met today."), Variant("zh-CN", "安全理事会今天开会。"))
)


def as_user(url: str, user: str) -> str:
    """``url`` (the server fixture's, which logs in as the superuser) logging in as ``user`` instead."""
    return url.replace(f"{ADMIN}@", f"{quote(user, safe='')}@", 1)


@pytest.fixture(scope="module")
def team(postgres_server: PostgresServer) -> Iterator[str]:
    """A team workspace set up once for the module (init), holding one unit; its URL (as the owner)."""
    name = postgres_server.new_database("team")
    url = postgres_server.dsn(name)
    init(url)
    with Workspace(url) as ws:
        ws.add_unit(UNIT, ws.add_origin("seed.tmx", "tmx"))
    yield url
    postgres_server.drop_database(name)


def user_named(team: str, prefix: str) -> str:
    """A login role name of this module's own: roles belong to the whole server, which the session shares."""
    return f"{prefix}_{team.rsplit('/', 1)[1].split('?')[0]}"


def one(conn: psycopg.Connection[Any], query: str, params: tuple[object, ...] = ()) -> object:
    row = conn.execute(query, params).fetchone()
    assert row is not None
    return row[0]


def test_init_twice_is_harmless_and_the_three_roles_hold_their_privileges(team: str) -> None:
    again = init(team)
    assert again.created_roles == ()
    assert dict(again.versions)["memories"] >= 5 and again.tables >= 15
    with psycopg.connect(team) as conn:
        roles: dict[str, bool] = dict(
            conn.execute(
                "SELECT rolname, rolcanlogin FROM pg_roles WHERE rolname IN (%s, %s, %s)",
                (READER, TRANSLATOR, REVIEWER),
            ).fetchall()
        )
        assert roles == {READER: False, TRANSLATOR: False, REVIEWER: False}
        tables = [r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'glossary'")]
        assert {"tu", "variant", "concept", "term", "editing_segment", "search_posting"} <= set(tables)
        for table in tables:
            privileges = {
                (role, privilege): one(
                    conn, "SELECT has_table_privilege(%s, %s, %s)", (role, f"glossary.{table}", privilege)
                )
                for role in (READER, TRANSLATOR, REVIEWER)
                for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE")
            }
            assert privileges == {
                (role, privilege): privilege == "SELECT" or role != READER
                for role in (READER, TRANSLATOR, REVIEWER)
                for privilege in ("SELECT", "INSERT", "UPDATE", "DELETE")
            }, table
        assert conn.execute(
            "SELECT pg_has_role(%s, %s, 'USAGE'), pg_has_role(%s, %s, 'USAGE'), pg_has_role(%s, %s, 'USAGE')",
            (REVIEWER, TRANSLATOR, TRANSLATOR, READER, READER, TRANSLATOR),
        ).fetchone() == (True, True, False)
        # A table a later migration creates is the readers' and translators' at once (default privileges).
        conn.execute("CREATE TABLE glossary.later_feature (id BIGINT PRIMARY KEY)")
        assert conn.execute(
            "SELECT has_table_privilege(%s, 'glossary.later_feature', 'SELECT'),"
            " has_table_privilege(%s, 'glossary.later_feature', 'INSERT'),"
            " has_table_privilege(%s, 'glossary.later_feature', 'INSERT')",
            (READER, READER, TRANSLATOR),
        ).fetchone() == (True, False, True)
        conn.execute("DROP TABLE glossary.later_feature")
        conn.commit()


def test_migrate_refuses_a_database_without_a_workspace_and_a_newer_schema(
    postgres_server: PostgresServer, postgres_database: str
) -> None:
    url = postgres_server.dsn(postgres_database)
    with pytest.raises(WorkspaceError, match=r"no glossary workspace in this database yet.*admin init"):
        migrate(url)
    init(url)
    assert migrate(url).created_roles == ()
    with psycopg.connect(url) as conn:
        conn.execute("UPDATE glossary.schema_version SET version = version + 1 WHERE component = 'memories'")
    with pytest.raises(WorkspaceTooNewError, match="written by a newer glossary"):
        migrate(url)


def test_migrate_brings_a_team_workspace_up_to_date_and_grants_the_new_table(
    postgres_server: PostgresServer, postgres_database: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = postgres_server.dsn(postgres_database)
    init(url)

    def later(conn: Connection) -> None:
        conn.execute("CREATE TABLE later_feature (id INTEGER PRIMARY KEY, note TEXT)")

    # A glossary upgraded since init: one more migration, of a component of its own.
    monkeypatch.setitem(MIGRATIONS, "later", [("later feature", later)])
    with pytest.raises(WorkspaceError, match=r"older than this glossary \(later\).*glossary admin migrate"):
        Workspace(url)
    done = migrate(url)
    assert dict(done.versions)["later"] == 1
    with Workspace(url) as ws, psycopg.connect(url) as conn:
        assert ws.connection.table_exists("later_feature")
        assert conn.execute(
            "SELECT has_table_privilege(%s, 'glossary.later_feature', 'SELECT'),"
            " has_table_privilege(%s, 'glossary.later_feature', 'INSERT'),"
            " has_table_privilege(%s, 'glossary.later_feature', 'DELETE')",
            (READER, READER, TRANSLATOR),
        ).fetchone() == (True, False, True)


def test_a_workspace_file_needs_no_admin(tmp_path: object) -> None:
    for act in (init, migrate, lambda where: grant(where, "alice", "reader"), roles_of):
        with pytest.raises(WorkspaceError, match="a workspace file needs no administration"):
            act(f"{tmp_path}/team.glossary")


def test_a_reader_looks_up_but_any_write_is_refused_in_one_line_changing_nothing(team: str) -> None:
    reader = user_named(team, "reader")
    done = grant(team, reader, "reader")
    assert (done.role, done.created, done.revoked) == (READER, True, ())
    with Workspace(as_user(team, reader)) as ws:
        (match,) = lookup(ws, "The Security Council met today.", "en", "zh-CN")
        assert match.score == 100
        with pytest.raises(WorkspaceReadOnlyError) as refused:
            ws.add_unit(TranslationUnit((Variant("en", "A new unit."), Variant("zh-CN", "新的。"))))
        (line,) = str(refused.value).splitlines()
        assert "your PostgreSQL role may only read this workspace" in line
        assert "nothing was changed" in line
        with pytest.raises(WorkspaceReadOnlyError):
            Termbase(ws).add(Concept((Term("en", "veto"), Term("zh-CN", "否决权"))))
        assert ws.count_units() == 1 and Termbase(ws).count() == 0


def test_a_translator_adds_and_edits_concepts_but_only_a_reviewer_approves_or_locks(team: str) -> None:
    translator, reviewer = user_named(team, "translator"), user_named(team, "reviewer")
    grant(team, translator, "translator")
    grant(team, reviewer, "reviewer")
    with Workspace(as_user(team, translator)) as mine, Workspace(as_user(team, reviewer)) as theirs:
        termbase = Termbase(mine)
        concept = termbase.add(
            Concept((Term("en", "General Assembly"), Term("zh-CN", "大会")), status=ConceptStatus.CANDIDATE)
        )
        edited = termbase.edit(concept.id or 0, ConceptChanges(note="UN organ"))
        assert (edited.note, edited.revision) == ("UN organ", 2)
        for status in (ConceptStatus.APPROVED, ConceptStatus.REJECTED):
            with pytest.raises(WorkspaceReadOnlyError) as refused:
                termbase.edit(concept.id or 0, ConceptChanges(status=status))
            (line,) = str(refused.value).splitlines()
            verb = "approve" if status == ConceptStatus.APPROVED else "reject"
            assert f"only a reviewer may {verb} concept {concept.id}" in line
            assert "glossary_reviewer" in line and "nothing was changed" in line
        assert termbase.get(concept.id or 0) == edited  # no history row, no revision: nothing written

        approved = Termbase(theirs).edit(concept.id or 0, ConceptChanges(status=ConceptStatus.APPROVED))
        assert approved.status == ConceptStatus.APPROVED
        # An approved concept's note is a translator's to edit; taking the approval back is not.
        assert termbase.edit(concept.id or 0, ConceptChanges(note="principal organ")).status == "approved"
        with pytest.raises(WorkspaceReadOnlyError, match="only a reviewer may reopen"):
            termbase.edit(concept.id or 0, ConceptChanges(status=ConceptStatus.CANDIDATE))

        with mine.atomic() as conn:
            document = conn.execute(
                "INSERT INTO editing_document(path, format, source_lang, target_lang, opened_at, changed_at)"
                " VALUES ('/tmp/statement.po', 'po', 'en', 'zh-CN', 'now', 'now') RETURNING id"
            ).fetchone()[0]
            conn.execute(
                "INSERT INTO editing_segment(document_id, key, number, source, status) VALUES (?, 'k1', 1, 'x', ?)",
                (document, "translated"),
            )
        # A reviewer's lock names the reviewer (locked_by); status 'locked' alone is the file's lock, which the
        # editor takes from the file on every open.
        lock = "UPDATE editing_segment SET status = 'locked', locked_by = ? WHERE document_id = ?"
        with (
            pytest.raises(WorkspaceReadOnlyError, match="only a reviewer may lock segment 1"),
            mine.atomic() as conn,
        ):
            conn.execute(lock, (translator, document))
        with theirs.atomic() as conn:
            conn.execute(lock, (reviewer, document))
        locked = mine.connection.execute(
            "SELECT status, locked_by FROM editing_segment WHERE document_id = ?", (document,)
        )
        assert locked.fetchone() == ("locked", reviewer)


def test_a_workspace_tells_whether_its_user_may_review_as_the_trigger_judges(
    team: str, tmp_path: Path
) -> None:
    reader, translator, reviewer = (
        user_named(team, f"may_{role}") for role in ("reader", "translator", "reviewer")
    )
    for user, role in ((reader, "reader"), (translator, "translator"), (reviewer, "reviewer")):
        grant(team, user, role)
    with Workspace(tmp_path / "mine.glossary") as file:
        assert file.may_review  # a file has no roles
    with Workspace(team) as superuser:
        assert superuser.may_review
    expected = {reader: False, translator: False, reviewer: True}
    for user, may in expected.items():
        with Workspace(as_user(team, user)) as ws:
            assert ws.may_review is may, user
    # Asked once a session: a translator made a reviewer meanwhile is told so when they open it again (the
    # trigger judges every write as it comes, whatever the session thinks).
    with Workspace(as_user(team, translator)) as session:
        assert not session.may_review
        grant(team, translator, "reviewer")
        assert not session.may_review
    with Workspace(as_user(team, translator)) as again:
        assert again.may_review


def history_rows(url: str) -> int:
    with psycopg.connect(url) as conn:
        return int(str(one(conn, "SELECT count(*) FROM glossary.concept_history")))


def test_a_translator_adds_candidates_but_only_a_reviewer_adds_approved_or_rejected_concepts(
    team: str,
) -> None:
    translator, reviewer = user_named(team, "adder"), user_named(team, "approver")
    grant(team, translator, "translator")
    grant(team, reviewer, "reviewer")
    with Workspace(as_user(team, translator)) as mine, Workspace(as_user(team, reviewer)) as theirs:
        termbase = Termbase(mine)
        before = (termbase.count(), history_rows(team))
        for status, adjective in (
            (ConceptStatus.APPROVED, "an approved"),
            (ConceptStatus.REJECTED, "a rejected"),
        ):
            with pytest.raises(WorkspaceReadOnlyError) as refused:
                termbase.add(Concept((Term("en", "veto"), Term("zh-CN", "否决权")), status=status))
            (line,) = str(refused.value).splitlines()
            assert f"only a reviewer may add {adjective} concept; nothing was changed" in line
            assert "add it as a candidate for a reviewer to approve or reject: glossary term add --status " \
                "candidate; or ask the team's administrator for the glossary_reviewer role" in line  # fmt: skip
        assert (termbase.count(), history_rows(team)) == before
        assert not termbase.find("veto")

        # An import is one transaction: the candidate before the approved concept is not kept either.
        with pytest.raises(WorkspaceReadOnlyError, match="only a reviewer may add an approved concept"):
            termbase.add_many(
                [
                    Concept(
                        (Term("en", "quorum"), Term("zh-CN", "法定人数")), status=ConceptStatus.CANDIDATE
                    ),
                    Concept((Term("en", "abstention"), Term("zh-CN", "弃权"))),
                ]
            )
        assert (termbase.count(), history_rows(team)) == before

        candidate = termbase.add(
            Concept((Term("en", "veto"), Term("zh-CN", "否决权")), status=ConceptStatus.CANDIDATE)
        )
        assert candidate.status == ConceptStatus.CANDIDATE and termbase.count() == before[0] + 1
        approved = Termbase(theirs).add(Concept((Term("en", "abstention"), Term("zh-CN", "弃权"))))
        assert termbase.get(approved.id or 0) == approved and approved.status == ConceptStatus.APPROVED


def test_a_translator_ignores_a_qa_finding_on_a_segment_its_file_locks(team: str, tmp_path: Path) -> None:
    translator = user_named(team, "segmenter")
    grant(team, translator, "translator")
    # A PO plural entry is locked by its file, not by a reviewer: the editor stores it locked the first time
    # it writes it (here, ignoring a QA finding), and a translator may.
    po = tmp_path / "zh_CN.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The Council met."\nmsgstr ""\n\n'
        'msgid "%d member voted."\nmsgid_plural "%d members voted."\nmsgstr[0] ""\n',
        "utf-8",
    )
    with Workspace(as_user(team, translator)) as mine:
        doc = open_document(mine, po)
        (locked,) = [s for s in doc.segments if not s.editable]
        assert doc.ignore(locked.number, "numbers").ignored == ("numbers",)
        assert doc.ignore(locked.number, "tags").ignored == ("numbers", "tags")
        stored = mine.connection.execute(
            "SELECT status, ignored FROM editing_segment WHERE document_id = ? AND key = ?",
            (doc.document_id, locked.key),
        ).fetchall()
        assert stored == [("locked", '["numbers", "tags"]')]
        assert [s.ignored for s in open_document(mine, po).segments] == [(), ("numbers", "tags")]


@pytest.fixture
def own_team(postgres_server: PostgresServer, postgres_database: str) -> str:
    """A team workspace of the test's own (its confirms add units, which the module's workspace counts)."""
    url = postgres_server.dsn(postgres_database)
    init(url)
    return url


def test_only_a_reviewer_locks_and_unlocks_a_segment_in_the_editor(own_team: str, tmp_path: Path) -> None:
    team = own_team
    translator, reviewer = user_named(team, "locker"), user_named(team, "signer")
    grant(team, translator, "translator")
    grant(team, reviewer, "reviewer")
    po = tmp_path / "zh_CN.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        'msgid "The Council met."\nmsgstr ""\n\nmsgid "The Assembly voted."\nmsgstr ""\n',
        "utf-8",
    )
    with Workspace(as_user(team, translator)) as mine, Workspace(as_user(team, reviewer)) as theirs:
        set_user(translator)
        try:
            doc = open_document(mine, po)
            doc.confirm(1, "理事会开会。")
            with pytest.raises(ReviewerOnlyError) as refused:
                doc.lock(1)
            assert refused.value.act == "only a reviewer may lock segment 1 of an editor document"
            assert (doc.segment(1).status, doc.segment(1).locked_by) == ("translated", None)
            assert not doc.segment(2).locked_by
        finally:
            set_user(None)

        set_user(reviewer)
        try:
            signed = open_document(theirs, po)
            assert signed.lock(1).locked_by == reviewer
        finally:
            set_user(None)

        set_user(translator)
        try:
            doc = open_document(mine, po)
            assert doc.segment(1).locked_by == reviewer
            with pytest.raises(ConfirmRefused, match=f"segment 1 is locked by {reviewer} \\(reviewer\\)"):
                doc.confirm(1, "理事会举行了会议。")
            unlock = f"only a reviewer may unlock segment 1 of an editor document \\(locked by {reviewer}\\)"
            with pytest.raises(ReviewerOnlyError, match=unlock):
                doc.unlock(1)
            assert (doc.segment(1).status, doc.segment(1).locked_by) == ("locked", reviewer)
            # Nor by another client: changing the row, or deleting it to add it again.
            for statement in (
                "UPDATE editing_segment SET status = 'reviewed', locked_by = NULL WHERE document_id = ?",
                "UPDATE editing_segment SET locked_by = 'someone' WHERE document_id = ?",
                "DELETE FROM editing_segment WHERE document_id = ?",
            ):
                with pytest.raises(ReviewerOnlyError, match=unlock), mine.atomic() as conn:
                    conn.execute(statement, (doc.document_id,))
            # A translator still ignores a QA finding on it (the lock stays as it was).
            assert doc.ignore(1, "numbers").ignored == ("numbers",)
        finally:
            set_user(None)

        set_user(reviewer)
        try:
            unlocked = open_document(theirs, po).unlock(1)
            assert (unlocked.status, unlocked.locked_by) == ("reviewed", None)
        finally:
            set_user(None)
        assert open_document(mine, po).segment(1).status == "reviewed"


def test_a_translator_reopens_a_file_that_now_locks_a_segment_or_no_longer_does(
    own_team: str, tmp_path: Path
) -> None:
    team = own_team
    # The file's own lock is the app's to store and drop as the file changes, whoever opens it.
    translator = user_named(team, "reopener")
    grant(team, translator, "translator")
    xlf = tmp_path / "statement.xlf"
    unit = '<trans-unit id="1" translate="{}"><source>UN-DOC/2026/1</source></trans-unit>'
    page = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">'
        '<file original="a.txt" source-language="en" target-language="zh-CN" datatype="plaintext"><body>'
        "{}</body></file></xliff>\n"
    )
    with Workspace(as_user(team, translator)) as mine:
        xlf.write_text(page.format(unit.format("yes")), "utf-8")
        open_document(mine, xlf).confirm(1, "UN-DOC/2026/1")
        xlf.write_text(page.format(unit.format("no")), "utf-8")
        doc = open_document(mine, xlf)
        assert doc.ignore(1, "numbers").status == "locked"  # stored: translated -> locked, the file's
        xlf.write_text(page.format(unit.format("yes")), "utf-8")
        doc = open_document(mine, xlf)
        assert (doc.segment(1).status, doc.segment(1).locked_by) == ("new", None)
        doc.confirm(1, "UN-DOC/2026/1")  # stored: locked -> translated
        assert open_document(mine, xlf).segment(1).status == "translated"


def test_a_translator_deletes_and_merges_candidates_but_only_a_reviewer_approved_or_rejected_ones(
    team: str,
) -> None:
    translator, reviewer = user_named(team, "deleter"), user_named(team, "remover")
    grant(team, translator, "translator")
    grant(team, reviewer, "reviewer")
    with Workspace(as_user(team, translator)) as mine, Workspace(as_user(team, reviewer)) as theirs:
        termbase, reviewers = Termbase(mine), Termbase(theirs)
        approved = reviewers.add(Concept((Term("en", "veto"), Term("zh-CN", "否决权"))))
        rejected = reviewers.add(
            Concept((Term("en", "vote"), Term("zh-CN", "投票")), status=ConceptStatus.REJECTED)
        )
        candidates = [
            termbase.add(Concept((Term("en", en), Term("zh-CN", zh)), status=ConceptStatus.CANDIDATE))
            for en, zh in (("quorum", "法定人数"), ("quorum call", "法定人数"), ("motion", "动议"))
        ]
        before = {c.id: c for c in (approved, rejected, *candidates)}, history_rows(team)

        def unchanged() -> None:
            assert {c.id: termbase.get(c.id or 0) for c in before[0].values()} == before[0]
            assert history_rows(team) == before[1]

        for concept in (approved, rejected):
            with pytest.raises(WorkspaceReadOnlyError) as refused:
                termbase.remove(concept.id or 0)
            (line,) = str(refused.value).splitlines()
            assert line.endswith(
                f"only a reviewer may delete {concept.status} concept {concept.id}; nothing was changed (ask a "
                "reviewer to delete it; a merge deletes the concepts merged into the one kept, so keep this one "
                "instead; or ask the team's administrator for the glossary_reviewer role: glossary admin grant "
                "YOUR_NAME reviewer)"
            )
            unchanged()

        # A merge deletes the concepts merged into the one kept: all or nothing, the candidate merged first too.
        quorum, call, motion = candidates
        entries = Journal(mine).entries()
        refusal = f"only a reviewer may delete approved concept {approved.id}; nothing was changed"
        with pytest.raises(WorkspaceReadOnlyError, match=refusal):
            Journal(mine).merge_concepts(quorum.id or 0, [call.id or 0, approved.id or 0])
        unchanged()
        assert Journal(mine).entries() == entries

        # Candidates are a translator's to delete and merge, and to undo that; merging into an approved concept
        # keeps it.
        journal = Journal(mine)
        journal.merge_concepts(approved.id or 0, [call.id or 0])
        assert termbase.get(call.id or 0) is None
        assert journal.undo() is not None and termbase.get(call.id or 0) is not None
        journal.remove_concepts([motion.id or 0])
        assert journal.undo() is not None and termbase.get(motion.id or 0) is not None
        assert journal.redo() is not None and termbase.get(motion.id or 0) is None
        termbase.merge(quorum.id or 0, [call.id or 0])
        assert termbase.get(call.id or 0) is None

        # A reviewer deletes and merges either.
        reviewers.merge(quorum.id or 0, [rejected.id or 0])
        assert reviewers.remove(approved.id or 0)
        assert termbase.get(approved.id or 0) is None and termbase.get(rejected.id or 0) is None


def test_migrate_puts_the_insert_and_delete_guards_on_a_workspace_set_up_before_them(
    postgres_server: PostgresServer, postgres_database: str
) -> None:
    url = postgres_server.dsn(postgres_database)
    init(url)
    with psycopg.connect(url) as conn:  # the trigger as glossary installed it before: on UPDATE only
        conn.execute("DROP TRIGGER concept_reviewer_only ON glossary.concept")
        conn.execute(
            "CREATE TRIGGER concept_reviewer_only BEFORE UPDATE OF status ON glossary.concept FOR EACH ROW "
            "EXECUTE FUNCTION glossary.glossary_reviewer_only()"
        )
    translator = f"translator_{postgres_database}"
    grant(url, translator, "translator")
    approved = Concept((Term("en", "veto"), Term("zh-CN", "否决权")))
    with Workspace(as_user(url, translator)) as mine:
        hole = Termbase(mine).add(approved)
        assert hole.status == ConceptStatus.APPROVED  # the hole
    migrate(url)
    with Workspace(as_user(url, translator)) as mine:
        with pytest.raises(WorkspaceReadOnlyError, match="only a reviewer may add an approved concept"):
            Termbase(mine).add(Concept((Term("en", "quorum"), Term("zh-CN", "法定人数"))))
        with pytest.raises(WorkspaceReadOnlyError, match="only a reviewer may delete approved concept"):
            Termbase(mine).remove(hole.id or 0)
        assert Termbase(mine).count() == 1


def test_migrate_puts_the_reviewer_lock_guard_on_a_workspace_set_up_before_it(
    postgres_server: PostgresServer, postgres_database: str
) -> None:
    url = postgres_server.dsn(postgres_database)
    init(url)
    with psycopg.connect(url) as conn:  # the segments' trigger as glossary installed it before: on UPDATE
        conn.execute("DROP TRIGGER editing_segment_reviewer_only ON glossary.editing_segment")
        conn.execute(
            "CREATE TRIGGER editing_segment_reviewer_only BEFORE UPDATE OF status ON glossary.editing_segment "
            "FOR EACH ROW EXECUTE FUNCTION glossary.glossary_reviewer_only()"
        )
        document = one(
            conn,
            "INSERT INTO glossary.editing_document(path, format, source_lang, target_lang, opened_at,"
            " changed_at) VALUES ('/tmp/statement.po', 'po', 'en', 'zh-CN', 'now', 'now') RETURNING id",
        )
    translator = f"translator_{postgres_database}"
    grant(url, translator, "translator")
    lock = (
        "INSERT INTO editing_segment(document_id, key, number, source, status, locked_by)"
        " VALUES (?, 'k1', 1, 'x', 'locked', 'wang')"
    )
    unlock = "DELETE FROM editing_segment WHERE document_id = ?"
    with Workspace(as_user(url, translator)) as mine:
        with mine.atomic() as conn:  # the holes: a lock added, and taken back by deleting the row
            conn.execute(lock, (document,))
            conn.execute(unlock, (document,))
        with Workspace(url) as owner, owner.atomic() as conn:
            conn.execute(lock, (document,))
        migrate(url)
        with (
            pytest.raises(ReviewerOnlyError, match="only a reviewer may unlock segment 1"),
            mine.atomic() as conn,
        ):
            conn.execute(unlock, (document,))
        with (
            pytest.raises(ReviewerOnlyError, match="only a reviewer may lock segment 2"),
            mine.atomic() as conn,
        ):
            conn.execute(lock.replace("'k1', 1", "'k2', 2"), (document,))
        stored = mine.connection.execute(
            "SELECT key, locked_by FROM editing_segment WHERE document_id = ?", (document,)
        )
        assert stored.fetchall() == [("k1", "wang")]


def test_grant_gives_one_glossary_role_sets_a_password_and_refuses_odd_names(team: str) -> None:
    user = user_named(team, "li.wei")
    assert grant(team, user, "reviewer", password="s3cret pass").created
    demoted = grant(team, user, "translator")
    assert (demoted.created, demoted.revoked) == (False, (REVIEWER,))
    assert (user, TRANSLATOR) in roles_of(team)
    with psycopg.connect(team) as conn:
        stored = str(one(conn, "SELECT rolpassword FROM pg_authid WHERE rolname = %s", (user,)))
        assert stored.startswith("SCRAM-SHA-256$") and "s3cret" not in stored
    for name in ("pg_monitor2", "glossary_reader", 'x"; DROP ROLE y; --', ""):
        with pytest.raises(WorkspaceError, match="not a name glossary gives a login role"):
            grant(team, name, "reader")
    with pytest.raises(WorkspaceError, match="choose one of reader, translator, reviewer"):
        grant(team, user, "owner")


def test_the_databases_owner_sets_it_up_without_being_a_superuser(postgres_server: PostgresServer) -> None:
    # What IT gives a department: a database and its owner with CREATEROLE, no superuser.
    name = postgres_server.new_database("owned")
    owner = f"owner_{name}"
    with psycopg.connect(postgres_server.dsn(), autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{owner}" LOGIN CREATEROLE')
        conn.execute(f'ALTER DATABASE "{name}" OWNER TO "{owner}"')
    url = as_user(postgres_server.dsn(name), owner)
    init(url)
    translator = f"translator_{name}"
    grant(url, translator, "translator")
    with Workspace(url) as mine, Workspace(as_user(postgres_server.dsn(name), translator)) as theirs:
        concept = Termbase(theirs).add(
            Concept((Term("en", "veto"), Term("zh-CN", "否决权")), status=ConceptStatus.CANDIDATE)
        )
        with pytest.raises(WorkspaceReadOnlyError, match="only a reviewer may approve"):
            Termbase(theirs).edit(concept.id or 0, ConceptChanges(status=ConceptStatus.APPROVED))
        # The owner administers the workspace: what only a reviewer may do, it may too.
        assert mine.may_review and not theirs.may_review
        approved = Termbase(mine).edit(concept.id or 0, ConceptChanges(status=ConceptStatus.APPROVED))
        assert approved.status == ConceptStatus.APPROVED
    postgres_server.drop_database(name)


def test_a_reader_takes_a_snapshot_home(team: str, tmp_path: Path) -> None:
    reader = user_named(team, "snapshot")
    grant(team, reader, "reader")
    report = copy_workspace(as_user(team, reader), tmp_path / "home.glossary")
    assert report.created and report.units == 1
    with Workspace(tmp_path / "home.glossary") as ws:
        (match,) = lookup(ws, "The Security Council met today.", "en", "zh-CN")
        assert match.score == 100


def test_a_login_without_a_glossary_role_is_told_to_ask_for_one(team: str) -> None:
    nobody = user_named(team, "nobody")
    with psycopg.connect(team, autocommit=True) as conn:
        conn.execute(f'CREATE ROLE "{nobody}" LOGIN')
    with pytest.raises(WorkspaceReadOnlyError) as refused:
        Workspace(as_user(team, nobody))
    (line,) = str(refused.value).splitlines()
    assert (
        "your PostgreSQL role has no access to this workspace (permission denied for schema glossary)" in line
    )
    assert line.endswith("(ask the team's administrator for a glossary role: glossary admin grant YOUR_NAME "
                         "reader, translator or reviewer)")  # fmt: skip


@pytest.mark.slow  # a server of its own: a few seconds
def test_an_owner_who_may_not_create_the_roles_is_told_what_to_ask_and_nothing_is_created(
    postgres_server: PostgresServer,
) -> None:
    # Roles belong to a whole server, and the session's has them by now: this needs a server of its own.
    with running_server(postgres_server.bindir) as server:
        name = server.new_database("plain")
        with psycopg.connect(server.dsn(), autocommit=True) as conn:
            conn.execute("CREATE ROLE plain LOGIN")
            conn.execute(f'ALTER DATABASE "{name}" OWNER TO plain')
        with pytest.raises(WorkspaceError) as refused:
            init(as_user(server.dsn(name), "plain"))
        assert str(refused.value).endswith(
            "the roles glossary_reader, glossary_translator, glossary_reviewer do not exist and your PostgreSQL "
            "role may not create roles; nothing was changed (ask the server's administrator to run `CREATE ROLE "
            "glossary_reader NOLOGIN; CREATE ROLE glossary_translator NOLOGIN; CREATE ROLE glossary_reviewer "
            "NOLOGIN`, or for CREATEROLE, then run this again)"
        )
        with psycopg.connect(server.dsn(name)) as conn:
            assert conn.execute(
                "SELECT count(*) FROM pg_namespace WHERE nspname = 'glossary'"
            ).fetchone() == (0,)
