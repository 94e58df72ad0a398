"""The workbench and the editor on a team workspace (PostgreSQL): the UI tests' own steps, run against the server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from psycopg import sql
from textual.widgets import Input

from glossary.editing import open_document
from glossary.team import grant, init
from glossary.termbase import Termbase
from glossary.user import set_user
from glossary.workspace import open_workspace
from memories.store import Workspace
from tests.editor_data import Sentences, write_po
from tests.postgres import PostgresServer
from tests.tui import test_app, test_concept_conflict, test_editor
from tests.tui.conftest import build
from tests.unit.test_team import as_user
from tui.app import make_app
from tui.dialogs import ConfirmDialog
from tui.widgets.segment_editor import TargetEditor


@pytest.fixture(scope="module")
def built_team(postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The UI tests' workspace built once on the server; each test works on a copy (CREATE DATABASE ...
    TEMPLATE), as the file-based tests work on a copy of the file."""
    name = postgres_server.new_database("team_ui_built")
    build(tmp_path_factory.mktemp("team-ui"), postgres_server.dsn(name))
    yield name
    postgres_server.drop_database(name)


@pytest.fixture
def team_url(
    postgres_server: PostgresServer, built_team: str, request: pytest.FixtureRequest
) -> Iterator[str]:
    name = f"team_ui_{abs(hash(request.node.name)) % 10**8}"
    with psycopg.connect(postgres_server.dsn("postgres"), autocommit=True) as conn:
        conn.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(sql.Identifier(name), sql.Identifier(built_team))
        )
    yield postgres_server.dsn(name)
    postgres_server.drop_database(name)


@pytest.fixture
def team(team_url: str) -> Iterator[Workspace]:
    workspace = open_workspace(team_url)
    yield workspace
    workspace.close()


async def test_typing_a_query_shows_matches_terms_and_concordance(team: Workspace) -> None:
    assert team.dialect == "postgresql"
    await test_app.test_typing_a_query_shows_matches_terms_and_concordance(team)


async def test_approving_and_rejecting_candidates_from_the_queue(team: Workspace) -> None:
    await test_app.test_approving_a_candidate_from_the_queue(team)


async def test_an_edited_term_is_there_after_a_restart(team_url: str) -> None:
    await test_app.test_an_edited_term_is_there_after_a_restart(team_url)  # type: ignore[arg-type]


async def test_a_po_translated_confirmed_saved_and_reopened(
    team: Workspace, text: Sentences, tmp_path: Path
) -> None:
    await test_editor.test_a_po_translated_confirmed_saved_and_reopened(team, text, tmp_path)


async def test_a_locked_segment_cannot_be_changed(team: Workspace, text: Sentences, tmp_path: Path) -> None:
    await test_editor.test_alt_r_confirms_as_reviewed_and_a_locked_segment_cannot_be_changed(
        team, text, tmp_path
    )


async def test_a_save_over_another_translators_change_opens_the_conflict_view(team_url: str) -> None:
    # Two connections to the server: the workbench's, and the other translator's.
    mine, theirs = open_workspace(team_url), open_workspace(team_url)
    set_user("li.wei")
    try:
        await test_concept_conflict.test_a_save_over_their_change_shows_both_versions_and_overwrites_only_when_asked(
            mine, Termbase(theirs)
        )
    finally:
        set_user(None)
        mine.close()
        theirs.close()


async def test_a_translator_deleting_an_approved_concept_is_told_why_in_a_toast_and_it_stays(
    team_url: str,
) -> None:
    init(team_url)  # the roles and the reviewer's trigger (the built workspace was only migrated)
    translator = f"translator_{team_url.rsplit('/', 1)[1].split('?')[0]}"
    grant(team_url, translator, "translator")
    theirs = Termbase(open_workspace(team_url))
    (concept,) = theirs.find("Cold War mentality")
    assert concept.status == "approved"
    mine = open_workspace(as_user(team_url, translator))
    try:
        app = make_app(mine)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await test_app.open_glossary(app, pilot)
            screen.query_one("#concept-filter", Input).value = "Cold War mentality"
            await test_app.settle(app, pilot)
            await pilot.press("d")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press("y")
            await test_app.settle(app, pilot)
            assert app.screen is screen  # still running: no traceback, no crash
            assert [str(n.message) for n in app._notifications if n.severity == "error"] == [
                f"{mine.location}: only a reviewer may delete approved concept {concept.id}; nothing was changed "
                "(ask a reviewer to delete it; a merge deletes the concepts merged into the one kept, so keep this "
                "one instead; or ask the team's administrator for the glossary_reviewer role: glossary admin grant "
                "YOUR_NAME reviewer)"
            ]
        assert theirs.get(concept.id or 0) == concept
    finally:
        mine.close()
        theirs.workspace.close()


async def test_a_translators_alt_l_is_refused_in_one_line_and_a_reviewers_lock_holds_for_them(
    team_url: str, text: Sentences, tmp_path: Path
) -> None:
    init(team_url)
    tail = team_url.rsplit("/", 1)[1].split("?")[0]
    translator, reviewer = f"translator_{tail}", f"reviewer_{tail}"
    grant(team_url, translator, "translator")
    grant(team_url, reviewer, "reviewer")
    po = write_po(tmp_path / "zh_CN.po", text.new[:3])
    mine, theirs = open_workspace(as_user(team_url, translator)), open_workspace(as_user(team_url, reviewer))
    try:
        document = open_document(mine, po)
        document.who = translator
        app = make_app(mine, document=document)
        async with app.run_test(size=(100, 30)) as pilot:
            await test_app.settle(app, pilot)
            await pilot.press(*test_editor.TYPED, "enter")
            await test_app.settle(app, pilot)
            await test_editor.jump(app, pilot, 1)
            await pilot.press("alt+l")
            await test_app.settle(app, pilot)
            assert [str(n.message) for n in app._notifications if n.severity == "error"] == [
                "Not locked: only a reviewer may lock segment 1 of an editor document; nothing was changed (ask a "
                "reviewer, or the team's administrator for the reviewer role)"
            ]
            segment = test_editor.editor(app).current
            assert (segment.status, segment.locked_by) == ("translated", None)
            assert not test_editor.editor(app).query_one(TargetEditor).read_only

        signing = open_document(theirs, po)
        signing.who = reviewer
        signing.lock(1)

        again = make_app(mine, document=open_document(mine, po))
        async with again.run_test(size=(100, 30)) as pilot:
            await test_app.settle(again, pilot)
            await test_editor.jump(again, pilot, 1)
            await pilot.press("a")
            await test_app.settle(again, pilot)
            assert test_editor.notices(again)[-1] == f"Segment 1 is locked by {reviewer} (reviewer)"
            await pilot.press("alt+l")
            await test_app.settle(again, pilot)
            assert [str(n.message) for n in again._notifications if n.severity == "error"] == [
                f"Not unlocked: only a reviewer may unlock segment 1 of an editor document (locked by {reviewer}); "
                "nothing was changed (ask a reviewer, or the team's administrator for the reviewer role)"
            ]
            segment = test_editor.editor(again).current
            assert (segment.status, segment.locked_by) == ("locked", reviewer)
        assert open_document(mine, po).segment(1).locked_by == reviewer
    finally:
        mine.close()
        theirs.close()
