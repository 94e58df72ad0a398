"""The concept dialog saving over a concept another process changed meanwhile: both versions side by side,
and the translator keeps theirs, overwrites theirs (recorded as such) or goes back to editing."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static, TextArea

from glossary.model import Concept, ConceptChanges, ConceptStatus
from glossary.termbase import Termbase
from glossary.user import set_user
from memories.store import Workspace
from tests.tui.test_app import open_glossary, settle
from tui.app import GlossaryApp, make_app
from tui.dialogs import ConceptDialog, ConflictDialog
from tui.screens.glossary import GlossaryScreen
from tui.widgets.concept_table import ConceptTable

DEFINITION = "a game where one side's [b]gain[/b] is the other's loss"
THEIR_NOTE = "avoid in [i]joint statements[/i]"


@pytest.fixture
def other(ui_path: Path) -> Iterator[Termbase]:
    """Another translator's termbase on the same workspace file (its own connection, as another process)."""
    ws = Workspace(ui_path)
    yield Termbase(ws)
    ws.close()


@pytest.fixture(autouse=True)
def me() -> Iterator[None]:
    set_user("li.wei")
    yield
    set_user(None)


def stored(termbase: Termbase) -> Concept:
    return termbase.find("zero-sum game")[0]


async def filtered(app: GlossaryApp, pilot: Pilot[None], text: str) -> GlossaryScreen:
    """The glossary screen showing the concepts that match ``text``."""
    screen = await open_glossary(app, pilot)
    screen.query_one("#concept-filter", Input).value = text
    await settle(app, pilot)
    return screen


async def edit_selected(app: GlossaryApp, pilot: Pilot[None]) -> ConceptDialog:
    """e on the concept under the cursor: the concept dialog."""
    await pilot.press("e")
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, ConceptDialog)
    return dialog


async def edit_while_they_change_it(
    app: GlossaryApp, pilot: Pilot[None], other: Termbase, note: str = THEIR_NOTE
) -> ConflictDialog:
    """Open zero-sum game in the dialog, let the other translator save ``note``, then save a definition."""
    await filtered(app, pilot, "zero-sum game")
    dialog = await edit_selected(app, pilot)
    concept = stored(other)
    other.edit(concept.id or 0, ConceptChanges(note=note), by="wang")
    dialog.query_one("#definition", Input).value = DEFINITION
    await pilot.press("ctrl+s")
    await settle(app, pilot)
    conflict = app.screen
    assert isinstance(conflict, ConflictDialog)
    return conflict


def shown(dialog: ConflictDialog, selector: str) -> str:
    return str(dialog.query_one(selector, Static).render())


async def test_a_save_over_their_change_shows_both_versions_and_overwrites_only_when_asked(
    ui_workspace: Workspace, other: Termbase
) -> None:
    before = stored(other)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 36)) as pilot:
        dialog = await edit_while_they_change_it(app, pilot, other)
        theirs = stored(other)
        when = (theirs.changed_at or "").replace("T", " ").replace("Z", " UTC")
        title = shown(dialog, ".dialog-title")
        assert title == f"Concept {before.id} was changed by wang at {when} while you edited it"
        their_side, my_side = shown(dialog, "#theirs"), shown(dialog, "#mine")
        assert f"Theirs: revision {theirs.revision}, by wang at {when}" in their_side
        assert f"┃ note: {THEIR_NOTE}" in their_side and "┃ definition: —" in their_side
        assert f"Yours: your edit of revision {before.revision}" in my_side
        assert f"┃ definition: {DEFINITION}" in my_side and "┃ note: —" in my_side
        assert "  en: zero-sum game\n  zh-CN: 零和博弈\n" in my_side  # the same on both sides: not marked
        # Nothing of mine was written.
        assert stored(other) == theirs and theirs.definition is None

        await pilot.press("o")  # overwrite theirs with mine, knowingly
        await settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog | ConceptDialog)
    after = stored(other)
    assert (after.definition, after.note, after.revision) == (DEFINITION, None, (theirs.revision or 0) + 1)
    last = other.history(after.id or 0)[-1]
    assert (last.what, last.by) == (f"overwrite revision {theirs.revision} by wang", "li.wei")
    assert last.before is not None and last.before.note == THEIR_NOTE


async def test_keeping_theirs_writes_nothing_and_going_back_edits_on_top_of_theirs(
    ui_workspace: Workspace, other: Termbase
) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 36)) as pilot:
        await edit_while_they_change_it(app, pilot, other)
        theirs = stored(other)
        await pilot.click("#keep-theirs")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog | ConceptDialog)
        assert stored(other) == theirs

        await edit_while_they_change_it(app, pilot, other, note="their second thought")
        theirs = stored(other)
        await pilot.press("escape")  # back to editing: my text, now checked against their version
        await pilot.pause()
        editing = app.screen
        assert isinstance(editing, ConceptDialog) and editing.concept == theirs
        assert editing.query_one("#definition", Input).value == DEFINITION
        # What I had (their first note, read when I opened it): theirs is beside it, not merged in.
        assert editing.query_one("#note", Input).value == THEIR_NOTE
        notice = str(editing.query_one("#notice", Static).render())
        assert notice.startswith(
            f"wang changed this concept (revision {theirs.revision}) while you edited it"
        )
        editing.query_one("#note", Input).value = THEIR_NOTE + " (kept)"
        assert editing.query_one("#terms-editor", TextArea).text.startswith("en | zero-sum game | preferred")
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog | ConceptDialog)
    after = stored(other)
    assert (after.definition, after.note) == (DEFINITION, THEIR_NOTE + " (kept)")
    history = [(h.what, h.by) for h in other.history(after.id or 0)]
    # Keeping theirs wrote nothing of mine: their two edits, then my save on top of the second.
    assert history[-3:] == [("edit", "wang"), ("edit", "wang"), ("edit", "li.wei")]


async def test_a_save_over_a_concept_deleted_meanwhile_can_add_mine_anew(
    ui_workspace: Workspace, other: Termbase
) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 36)) as pilot:
        await filtered(app, pilot, "zero-sum game")
        dialog = await edit_selected(app, pilot)
        gone = stored(other)
        other.remove(gone.id or 0, by="wang")
        dialog.query_one("#definition", Input).value = DEFINITION
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        conflict = app.screen
        assert isinstance(conflict, ConflictDialog)
        assert shown(conflict, ".dialog-title").startswith(f"Concept {gone.id} was deleted by wang at ")
        assert shown(conflict, "#theirs").startswith("Theirs: deleted by wang at ")
        assert str(conflict.query_one("#overwrite").render()) == "Save mine as a new concept"
        assert other.get(gone.id or 0) is None  # nothing of mine was written
        await pilot.press("o")
        await settle(app, pilot)
    again = stored(other)
    assert again.definition == DEFINITION and again.changed_by == "li.wei"
    assert [t.text for t in again.terms] == [t.text for t in gone.terms]


async def test_approving_or_deleting_a_concept_changed_since_it_was_shown_is_refused(
    ui_workspace: Workspace, other: Termbase
) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 36)) as pilot:
        await filtered(app, pilot, "zero-sum game")
        shown_concept = stored(other)
        # They reword it while it is on my screen: my approval would approve what I have not read.
        other.edit(
            shown_concept.id or 0, ConceptChanges(status=ConceptStatus.CANDIDATE, note=THEIR_NOTE), by="wang"
        )
        theirs = stored(other)
        await pilot.press("r")
        await settle(app, pilot)
        assert stored(other) == theirs  # not rejected
        toasts = [str(n.message) for n in app._notifications]
        assert any(t.startswith(f"concept {shown_concept.id} was changed by wang at ") for t in toasts)
        # The table now shows their version: a second press acts on it.
        await pilot.press("r")
        await settle(app, pilot)
        assert stored(other).status == "rejected"
        other.edit(shown_concept.id or 0, ConceptChanges(note="once more"), by="wang")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert other.get(shown_concept.id or 0) is not None  # not deleted over their change
    history = [(h.what, h.by) for h in other.history(shown_concept.id or 0)][-3:]
    assert history == [("edit", "wang"), ("reject", "li.wei"), ("edit", "wang")]


async def test_a_concept_saved_and_opened_again_before_the_table_reloads_opens_what_was_saved(
    ui_workspace: Workspace, other: Termbase
) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await filtered(app, pilot, "zero-sum game")
        shown_before = screen.selected
        assert shown_before is not None and shown_before.definition is None
        # The table keeps what it showed: as when e comes before the reload after a save has landed.
        screen.load_concepts = lambda filters: None  # type: ignore[method-assign,assignment]
        dialog = await edit_selected(app, pilot)
        dialog.query_one("#definition", Input).value = DEFINITION
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert screen.selected == shown_before  # the table still shows the version before my save
        await pilot.press("e")
        await settle(app, pilot)
        again = app.screen
        assert isinstance(again, ConceptDialog)
        assert again.query_one("#definition", Input).value == DEFINITION  # my save, not the table's version
        again.query_one("#note", Input).value = "my second thought"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not isinstance(app.screen, ConflictDialog | ConceptDialog)  # no conflict with my own save
    after = stored(other)
    assert (after.definition, after.note) == (DEFINITION, "my second thought")
    assert [(h.what, h.by) for h in other.history(after.id or 0)][-2:] == [
        ("edit", "li.wei"),
        ("edit", "li.wei"),
    ]


async def test_a_refused_approval_puts_the_cursor_back_on_the_concept(
    ui_workspace: Workspace, other: Termbase
) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 36)) as pilot:
        screen = await open_glossary(app, pilot)
        table = screen.query_one(ConceptTable)
        assert table.row_count > 2
        table.move_cursor(row=1)
        concept = screen.selected
        assert concept is not None and concept.id is not None
        other.edit(concept.id, ConceptChanges(note=THEIR_NOTE), by="wang")
        await pilot.press("a")  # the cursor goes on at once; the approval is refused (changed since shown)
        await settle(app, pilot)
        now = other.get(concept.id)
        assert now is not None and now.status == concept.status  # not approved
        assert screen.selected is not None and screen.selected.id == concept.id
        assert table.cursor_row == 1
