"""A translator on a team workspace (PostgreSQL) on the glossary screen: a new concept starts as a candidate for
a reviewer, `a` and `r` say at once that only a reviewer approves or rejects, and what only a reviewer may do
(approving, adding a concept approved) is refused by the database: the dialog opens again on what was typed,
saying why, so that it can be saved as a candidate."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static, TextArea

from glossary.model import Concept, ConceptStatus, Term
from glossary.team import grant, init
from glossary.termbase import Termbase
from glossary.user import set_user
from memories.store import Workspace
from tests.postgres import PostgresServer
from tests.tui.test_app import open_glossary, rows, settle, table
from tests.tui.test_concept_conflict import edit_selected, filtered
from tests.unit.test_team import as_user, user_named
from tui.app import GlossaryApp, make_app
from tui.dialogs import ConceptDialog

REVIEW = "only a reviewer may"


@pytest.fixture
def translator(postgres_server: PostgresServer, postgres_database: str) -> Iterator[Workspace]:
    """The workspace as a translator sees it: a team workspace holding a candidate concept and an approved one."""
    url = postgres_server.dsn(postgres_database)
    init(url)
    with Workspace(url) as owner:
        Termbase(owner).add(
            Concept((Term("en", "zero-sum game"), Term("zh-CN", "零和博弈")), status=ConceptStatus.CANDIDATE)
        )
        Termbase(owner).add(Concept((Term("en", "veto"), Term("zh-CN", "否决权"))))
    name = user_named(url, "translator")
    grant(url, name, "translator")
    set_user(name)
    ws = Workspace(as_user(url, name))
    yield ws
    ws.close()
    set_user(None)


def notice(dialog: ConceptDialog) -> str:
    return str(dialog.query_one("#notice", Static).render())


def errors(app: GlossaryApp) -> list[str]:
    return [str(n.message) for n in app._notifications if n.severity == "error"]


async def add_concept(app: GlossaryApp, pilot: Pilot[None], terms: str) -> ConceptDialog:
    """n on the glossary screen, the terms typed: the dialog, not saved yet."""
    await pilot.press("n")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ConceptDialog)
    dialog.query_one("#terms-editor", TextArea).text = terms
    return dialog


async def test_a_translators_new_concept_starts_as_a_candidate_and_is_saved_for_review(
    translator: Workspace,
) -> None:
    app = make_app(translator)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_glossary(app, pilot)
        dialog = await add_concept(app, pilot, "en | ASEAN centrality\nzh-CN | 东盟中心地位")
        assert dialog.query_one("#status", Select).value == "candidate"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen and errors(app) == []
        assert "Concept added" in [str(n.message) for n in app._notifications]
        screen.query_one("#concept-filter", Input).value = "ASEAN centrality"
        await settle(app, pilot)
        assert rows(table(app, "#concepts"))[0][1:4] == ["candidate", "ASEAN centrality", "东盟中心地位"]
    (added,) = Termbase(translator).find("ASEAN centrality")
    assert added.status == "candidate"


async def test_a_translators_edit_keeps_an_approved_concept_approved(translator: Workspace) -> None:
    app = make_app(translator)
    async with app.run_test(size=(100, 36)) as pilot:
        await filtered(app, pilot, "veto")
        dialog = await edit_selected(app, pilot)
        assert dialog.query_one("#status", Select).value == "approved"
        dialog.query_one("#note", Input).value = "Security Council"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConceptDialog) and errors(app) == []
    (concept,) = Termbase(translator).find("veto")
    assert (concept.status, concept.note) == ("approved", "Security Council")


async def test_a_translator_pressing_a_or_r_is_told_at_once_that_only_a_reviewer_may(
    translator: Workspace,
) -> None:
    (before,) = Termbase(translator).find("zero-sum game")
    app = make_app(translator)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await filtered(app, pilot, "game")
        for key, verb in (("a", "approve"), ("r", "reject")):
            await pilot.press(key)
            await pilot.pause()
            assert errors(app)[-1] == (
                f"Only a reviewer may {verb} zero-sum game; nothing was changed (ask a reviewer, or the team's "
                "administrator for the reviewer role)"
            )
            assert screen.selected == before  # the cursor stays on it
        await settle(app, pilot)
        assert len(errors(app)) == 2
    assert Termbase(translator).find("zero-sum game") == [before]


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


async def test_a_concept_a_translator_adds_approved_is_offered_again_to_save_as_a_candidate(
    translator: Workspace,
) -> None:
    before = Termbase(translator).count()
    app = make_app(translator)
    async with app.run_test(size=(100, 36)) as pilot:
        await open_glossary(app, pilot)
        dialog = await add_concept(app, pilot, "en | ASEAN centrality\nzh-CN | 东盟中心地位")
        dialog.query_one("#status", Select).value = "approved"  # chosen: a candidate is the default
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
