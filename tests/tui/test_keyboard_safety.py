"""The keyboard cannot destroy work: letters typed in fields, quick bursts, undo and redo across a restart,
marking several concepts, merging two (Pilot on a real workspace, asserting on what the store holds)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Select, TextArea

from glossary.model import Concept, ConceptChanges, ConceptStatus
from glossary.termbase import Termbase
from memories.model import TranslationUnit
from memories.store import Workspace
from tests.conftest import dump
from tests.tui.test_app import REFORM_EN, open_glossary, open_memory, rows, settle, table
from tui.app import GlossaryApp, make_app
from tui.dialogs import ConceptDialog, ConfirmDialog, VariantDialog
from tui.screens.glossary import GlossaryScreen


def _candidates(ws: Workspace, texts: list[str]) -> list[Concept]:
    """Make the concepts named by ``texts`` (English terms of the starter termbase) candidates to review;
    returns them in the queue's order (the order they were added)."""
    termbase = Termbase(ws)
    found = [termbase.find(text)[0] for text in texts]
    for concept in found:
        termbase.edit(concept.id or 0, ConceptChanges(status=ConceptStatus.CANDIDATE))
    return sorted((termbase.get(c.id or 0) for c in found), key=lambda c: c.id or 0)  # type: ignore[union-attr]


def _name(concept: Concept) -> str:
    term = concept.preferred("en")
    assert term is not None
    return term.text


async def _queue(app: GlossaryApp, pilot: object) -> GlossaryScreen:
    screen = await open_glossary(app, pilot)  # type: ignore[arg-type]
    await pilot.press("c")  # type: ignore[attr-defined]
    await settle(app, pilot)  # type: ignore[arg-type]
    return screen


def _status(ws: Workspace, concept: Concept) -> str | None:
    found = Termbase(ws).get(concept.id or 0)
    return found.status if found else None


# -- letters typed in a field ----------------------------------------------------------------------------


async def test_typing_words_in_the_glossary_filter_never_changes_a_concept(ui_path: Path) -> None:
    before = dump(ui_path)
    ws = Workspace(ui_path)
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        field = screen.query_one("#concept-filter", Input)
        # Each way into the box: its key, a click, tab from the table (it wraps round to the box).
        for reach, word in (("ctrl+f", "ready"), ("click", "merged"), ("tab", "candidate")):
            screen.query_one("#concepts", DataTable).focus()
            field.value = ""
            if reach == "click":
                await pilot.click("#concept-filter")
            else:
                await pilot.press(reach)
            assert app.focused is field
            await pilot.press(*word, "space", "a", "r", "e", "d")
            await settle(app, pilot)
            assert app.screen is screen  # no editor, no confirmation opened
            assert field.value == f"{word} ared"
        # A select box has the focus: its letters are not actions either.
        screen.query_one("#status-filter", Select).focus()
        await pilot.press("a", "r", "d", "m", "space", "escape")
        await settle(app, pilot)
        assert app.screen is screen
    ws.close()
    assert dump(ui_path) == before


async def test_typing_in_the_memory_filter_never_edits_or_deletes_a_unit(ui_path: Path) -> None:
    before = dump(ui_path)
    ws = Workspace(ui_path)
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_memory(app, pilot, "")
        await pilot.press("ctrl+f", *"edited")
        await settle(app, pilot)
        assert app.screen is screen
        assert screen.query_one("#filter", Input).value == "edited"
    ws.close()
    assert dump(ui_path) == before


# -- quick bursts ----------------------------------------------------------------------------------------


async def test_approve_and_reject_in_one_burst_act_on_two_rows(ui_workspace: Workspace) -> None:
    first, second, third = _candidates(ui_workspace, ["ASEAN way", "Cold War mentality", "zero-sum game"])
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _queue(app, pilot)
        names = [row[2] for row in rows(table(app, "#concepts"))]
        assert names[:3] == [_name(first), _name(second), _name(third)]
        await pilot.press("a", "r")  # one burst: the second key may arrive before the first change is written
        await settle(app, pilot)
        assert [row[2] for row in rows(table(app, "#concepts"))][:2] == [_name(third), "maternal mortality"]
    assert (_status(ui_workspace, first), _status(ui_workspace, second)) == ("approved", "rejected")
    assert _status(ui_workspace, third) == "candidate"


async def test_a_burst_on_the_last_row_is_written_in_the_order_pressed(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        screen.query_one("#concept-filter", Input).value = "maternal mortality"
        await settle(app, pilot)
        assert [row[2] for row in rows(table(app, "#concepts"))] == ["maternal mortality"]
        await pilot.press("a", "r", "a", "r")  # the cursor has nowhere to go: four changes of one concept
        await settle(app, pilot)
        assert [row[1] for row in rows(table(app, "#concepts"))] == ["rejected"]
    assert Termbase(ui_workspace).find("maternal mortality")[0].status == "rejected"


# -- undo and redo ---------------------------------------------------------------------------------------


def _concept_state(ws: Workspace, concept_id: int) -> tuple[object, ...] | None:
    concept = Termbase(ws).get(concept_id)
    if concept is None:
        return None
    return (concept.status, [(t.lang, t.text, t.status) for t in concept.terms], concept.definition)


def _unit_state(ws: Workspace, unit_id: int) -> TranslationUnit | None:
    return ws.unit(unit_id)


async def test_undo_restores_every_kind_of_change_also_after_a_restart(ui_path: Path) -> None:
    ws = Workspace(ui_path)
    approved, rejected = _candidates(ws, ["ASEAN way", "Cold War mentality"])
    edited, deleted = (Termbase(ws).find(text)[0] for text in ("zero-sum game", "peaceful coexistence"))
    concept_ids = [c.id or 0 for c in (approved, rejected, edited, deleted)]
    unit_edited = ws.find_units(REFORM_EN)[0]
    unit_deleted = ws.find_units("maternal mortality")[0]
    unit_ids = [unit_edited.id or 0, unit_deleted.id or 0]
    concepts_before = [_concept_state(ws, i) for i in concept_ids]
    units_before = [_unit_state(ws, i) for i in unit_ids]

    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await _queue(app, pilot)
        await pilot.press("a", "r")
        await settle(app, pilot)
        screen = app.screen
        screen.query_one("#status-filter", Select).value = "approved"
        screen.query_one("#concept-filter", Input).value = "zero-sum game"
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConceptDialog)
        dialog.query_one("#terms-editor", TextArea).text = "en | zero-sum game\nzh-CN | 零和游戏 | forbidden"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        screen.query_one("#concept-filter", Input).value = "peaceful coexistence"
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)

        await open_memory(app, pilot, REFORM_EN[:30])
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, VariantDialog)
        app.screen.query_one("#variant-1", Input).value = "改过的译文"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        await open_memory(app, pilot, "maternal mortality")
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert [_unit_state(ws, i) for i in unit_ids][1] is None

        # Within the session: undo the unit's deletion, redo it.
        await pilot.press("ctrl+z")
        await settle(app, pilot)
        assert _unit_state(ws, unit_ids[1]) == units_before[1]
        assert rows(table(app, "#units"))[0][1] == units_before[1].variants[0].text  # type: ignore[union-attr]
        await pilot.press("ctrl+y")
        await settle(app, pilot)
        assert _unit_state(ws, unit_ids[1]) is None

    assert [_concept_state(ws, i) for i in concept_ids] == [
        ("approved", concepts_before[0][1], None),  # type: ignore[index]
        ("rejected", concepts_before[1][1], None),  # type: ignore[index]
        ("approved", [("en", "zero-sum game", "preferred"), ("zh-CN", "零和游戏", "forbidden")], None),
        None,
    ]
    edited_unit = ws.unit(unit_ids[0])
    assert edited_unit is not None and edited_unit.variants[1].text == "改过的译文"
    ws.close()

    ws = Workspace(ui_path)
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_glossary(app, pilot)
        for _ in range(6):
            await pilot.press("ctrl+z")
            await settle(app, pilot)
        assert [_concept_state(ws, i) for i in concept_ids] == concepts_before
        assert [_unit_state(ws, i) for i in unit_ids] == units_before
        await pilot.press("ctrl+z")  # nothing older: nothing changes
        await settle(app, pilot)
        assert [_concept_state(ws, i) for i in concept_ids] == concepts_before
    ws.close()


# -- several concepts at once ----------------------------------------------------------------------------


async def test_marked_concepts_are_approved_at_once(ui_workspace: Workspace) -> None:
    concepts = _candidates(ui_workspace, ["ASEAN way", "Cold War mentality", "zero-sum game"])
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _queue(app, pilot)
        await pilot.press("space", "down", "space")  # the first and the third (space moves on by itself)
        await settle(app, pilot)
        assert [row[0] for row in rows(table(app, "#concepts"))][:3] == ["✓", "", "✓"]
        await pilot.press("a")
        await settle(app, pilot)
        assert [row[2] for row in rows(table(app, "#concepts"))] == [_name(concepts[1]), "maternal mortality"]
        assert [row[0] for row in rows(table(app, "#concepts"))] == ["", ""]
        await pilot.press("ctrl+z")  # one undo takes back the whole batch
        await settle(app, pilot)
        assert len(rows(table(app, "#concepts"))) == 4
        assert [_status(ui_workspace, c) for c in concepts] == ["candidate"] * 3
        await pilot.press("ctrl+y")
        await settle(app, pilot)
    assert [_status(ui_workspace, c) for c in concepts] == ["approved", "candidate", "approved"]


async def test_merging_keeps_every_term_of_both_concepts(ui_workspace: Workspace) -> None:
    termbase = Termbase(ui_workspace)
    kept, other = (
        termbase.find(text)[0] for text in ("win-win cooperation", "mutually beneficial cooperation")
    )
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        screen.query_one("#concept-filter", Input).value = "cooperation"
        await settle(app, pilot)
        names = [row[2] for row in rows(table(app, "#concepts"))]
        table(app, "#concepts").move_cursor(row=names.index("mutually beneficial cooperation"))
        await pilot.press("space")
        table(app, "#concepts").move_cursor(row=names.index("win-win cooperation"))
        await pilot.press("m")
        await settle(app, pilot)
        assert "mutually beneficial cooperation" not in [row[2] for row in rows(table(app, "#concepts"))]
    merged = termbase.get(kept.id or 0)
    assert merged is not None and termbase.get(other.id or 0) is None
    assert {(t.lang, t.text) for t in merged.terms} == {(t.lang, t.text) for t in (*kept.terms, *other.terms)}
    assert [t.status for t in merged.terms_in("zh-CN")] == ["preferred", "admitted"]


# -- edit dialogs start where the translator types ---------------------------------------------------------


async def test_edit_dialogs_start_in_the_target_language(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        screen.query_one("#concept-filter", Input).value = "zero-sum game"
        await settle(app, pilot)
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen.query_one("#terms-editor", TextArea)
        assert app.focused is editor
        assert editor.cursor_location == (1, len("zh-CN | 零和博弈"))
        await pilot.press("escape")
        await pilot.press("n")
        await pilot.pause()
        editor = app.screen.query_one("#terms-editor", TextArea)
        await pilot.press(*"ASEAN")
        assert editor.text.splitlines()[0] == "en | ASEAN | preferred"
        await pilot.press("escape")

        await open_memory(app, pilot, REFORM_EN[:30])
        await pilot.press("e")
        await pilot.pause()
        field = app.screen.query_one("#variant-1", Input)
        assert app.focused is field and field.cursor_position == len(field.value)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ConfirmDialog)


# -- quitting --------------------------------------------------------------------------------------------


async def test_a_change_asked_for_just_before_quitting_is_written(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await _queue(app, pilot)
        await pilot.press("a", "ctrl+q")
    assert Termbase(ui_workspace).find("maternal mortality")[0].status == "approved"
