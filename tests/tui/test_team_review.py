"""A translator on a team workspace (PostgreSQL) in the concept dialog: what only a reviewer may do (approving,
adding a concept approved) is refused by the database, and the dialog opens again on what was typed, saying why,
so that it can be saved as a candidate."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.widgets import Input, Select, Static, TextArea

from glossary.model import Concept, ConceptStatus, Term
from glossary.team import grant, init
from glossary.termbase import Termbase
from glossary.user import set_user
from memories.store import Workspace
from tests.postgres import PostgresServer
from tests.tui.test_app import open_glossary, settle
from tests.tui.test_concept_conflict import edit_selected, filtered
from tests.unit.test_team import as_user, user_named
from tui.app import make_app
from tui.dialogs import ConceptDialog

REVIEW = "only a reviewer may"


@pytest.fixture
def translator(postgres_server: PostgresServer, postgres_database: str) -> Iterator[Workspace]:
    """The workspace as a translator sees it: a team workspace holding one candidate concept."""
    url = postgres_server.dsn(postgres_database)
    init(url)
    with Workspace(url) as owner:
        Termbase(owner).add(
            Concept((Term("en", "zero-sum game"), Term("zh-CN", "零和博弈")), status=ConceptStatus.CANDIDATE)
        )
    name = user_named(url, "translator")
    grant(url, name, "translator")
    set_user(name)
    ws = Workspace(as_user(url, name))
    yield ws
    ws.close()
    set_user(None)


def notice(dialog: ConceptDialog) -> str:
    return str(dialog.query_one("#notice", Static).render())


async def test_an_approval_refused_to_a_translator_keeps_what_was_typed(translator: Workspace) -> None:
    app = make_app(translator)
    async with app.run_test(size=(100, 36)) as pilot:
        await filtered(app, pilot, "zero-sum game")
        dialog = await edit_selected(app, pilot)
        dialog.query_one("#status", Select).value = "approved"
        dialog.query_one("#definition", Input).value = "a game where one side's gain is the other's loss"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, ConceptDialog) and again is not dialog
        said = notice(again)
        assert said.startswith(f"Not saved: {REVIEW} approve concept ")
        assert said.endswith(
            "Save it with the status it had, or ask the team's administrator for the reviewer role"
        )
        assert (
            again.query_one("#definition", Input).value == "a game where one side's gain is the other's loss"
        )
        again.query_one("#status", Select).value = "candidate"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConceptDialog)
    (concept,) = Termbase(translator).find("zero-sum game")
    assert concept.status == "candidate"
    assert concept.definition == "a game where one side's gain is the other's loss"


async def test_a_concept_added_approved_by_a_translator_is_offered_again_to_save_as_a_candidate(
    translator: Workspace,
) -> None:
    before = Termbase(translator).count()
    app = make_app(translator)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_glossary(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConceptDialog)
        assert dialog.query_one("#status", Select).value == "approved"  # the dialog's default
        dialog.query_one("#terms-editor", TextArea).text = "en | ASEAN centrality\nzh-CN | 东盟中心地位"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, ConceptDialog) and again is not dialog
        assert notice(again).startswith(
            f"Not saved: {REVIEW} add an approved concept. Save it as a candidate"
        )
        assert again.query_one("#terms-editor", TextArea).text.startswith("en | ASEAN centrality")
        assert Termbase(translator).count() == before
        again.query_one("#status", Select).value = "candidate"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConceptDialog)
    (added,) = Termbase(translator).find("ASEAN centrality")
    assert added.status == "candidate" and [t.text for t in added.terms] == [
        "ASEAN centrality",
        "东盟中心地位",
    ]
