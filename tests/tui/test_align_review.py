"""The alignment review screen driven through Textual's Pilot on a real document pair and a real workspace."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding
from textual.widgets import DataTable, Input

from benchmarks.align import devset_sides
from glossary.aligning import align_files
from memories.store import Workspace
from tests.conftest import shared
from tests.tui.test_app import finish_workers
from tui.app import make_app, review_app
from tui.screens.align_review import AlignDialog, AlignReviewScreen
from tui.screens.help import HELP


@pytest.fixture
def pair(tmp_path: Path) -> tuple[Path, Path]:
    """A UN document whose Chinese copy lacks its heading paragraph (as a copy that left the title out)."""
    shared("corpora", "unpc-devset-6way")
    english, chinese = devset_sides()["2015/a/69/793"]
    source, target = tmp_path / "res.en.txt", tmp_path / "res.zh.txt"
    source.write_text("\n\n".join(p[0][1] for p in english), encoding="utf-8")
    target.write_text("\n\n".join(p[0][1] for p in chinese[1:]), encoding="utf-8")
    return source, target


def _cells(screen: AlignReviewScreen) -> list[list[str]]:
    table: DataTable[object] = screen.query_one("#align-pairs", DataTable)
    return [[str(cell) for cell in table.get_row_at(k)] for k in range(table.row_count)]


async def test_a_flagged_pair_is_fixed_by_moving_a_sentence_and_only_accepted_pairs_are_imported(
    ui_workspace: Workspace, pair: tuple[Path, Path]
) -> None:
    aligned = align_files(ui_workspace, *pair, "en", "zh-CN")
    before = len(list(ui_workspace.units()))
    app = make_app(ui_workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(AlignReviewScreen.of(aligned))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlignReviewScreen)
        cells = _cells(screen)
        # The aligner joined the English heading to the next paragraph, and flagged the pair.
        assert (
            cells[0][1] == "⚑"
            and cells[0][2].startswith("Revitalization of the work")
            and "2. In" in cells[0][2]
        )
        await pilot.press("u")  # the heading's sentence up, out of the pair: a row of its own
        cells = _cells(screen)
        assert cells[0][2] == "Revitalization of the work of the General Assembly" and cells[0][3] == ""
        assert cells[1][2].startswith("2. In paragraph 5") and cells[1][3].startswith("2. 大会在同一决议")
        await pilot.press("x")  # no counterpart: never imported
        await pilot.press("a")  # the fixed pair, accepted
        cells = _cells(screen)
        # The last pair has no anchor to confirm it after the joined heading (no lexicon in this workspace):
        # flagged, and not imported until accepted.
        assert [c[1] for c in cells] == ["✗", "✓", "⚑"]
        await pilot.press("i")
        await pilot.pause()
        assert not isinstance(app.screen, AlignReviewScreen)
    units = list(ui_workspace.units())
    assert len(units) == before + 1
    new = units[-1]
    assert new.variants[0].text.startswith("2. In paragraph 5") and new.variants[1].text.startswith("2. 大会")
    assert new.status == "translated"
    origins = [o.name for o in ui_workspace.origins()]
    assert f"{pair[0]} + {pair[1]}" in origins
    assert not any(u.variants[0].text == "Revitalization of the work" for u in units)


async def test_f9_aligns_two_files_and_only_the_accepted_pair_is_imported(
    ui_workspace: Workspace, pair: tuple[Path, Path]
) -> None:
    before = len(list(ui_workspace.units()))
    app = make_app(ui_workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("f9")
        await pilot.pause()
        assert isinstance(app.screen, AlignDialog)
        app.screen.query_one("#path", Input).value = str(pair[0])
        app.screen.query_one("#target-path", Input).value = str(pair[1])
        app.screen.query_one("#path", Input).focus()
        await pilot.press("enter")
        await finish_workers(app)
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlignReviewScreen)
        # Without a lexicon nothing vouches for the pair after the joined heading: both are flagged, and
        # accepting the unflagged ones accepts neither.
        assert [c[1] for c in _cells(screen)] == ["⚑", "⚑"]
        await pilot.press("A")
        assert [c[1] for c in _cells(screen)] == ["⚑", "⚑"]
        await pilot.press("down", "a")
        assert [c[1] for c in _cells(screen)] == ["⚑", "✓"]
        await pilot.press("i")
        await pilot.pause()
    units = list(ui_workspace.units())
    assert len(units) == before + 1 and units[-1].variants[1].text == "决议"


async def test_split_at_the_cursor_makes_a_row_of_what_follows(
    ui_workspace: Workspace, pair: tuple[Path, Path]
) -> None:
    aligned = align_files(ui_workspace, *pair, "en", "zh-CN")
    app = make_app(ui_workspace)
    async with app.run_test(size=(120, 30)) as pilot:
        await app.push_screen(AlignReviewScreen.of(aligned))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, AlignReviewScreen)
        await pilot.press("s")
        await pilot.pause()
        # The cursor after "Revitalization of the work of the General Assembly" (50 characters) and its space.
        await pilot.press(*["right"] * 51, "enter")
        await pilot.pause()
        cells = _cells(screen)
        assert cells[0][2] == "Revitalization of the work of the General Assembly"
        assert cells[1][2].startswith("2. In paragraph 5") and cells[1][3] == ""


async def test_glossary_align_review_opens_the_workbench_on_the_review(
    ui_workspace: Workspace, pair: tuple[Path, Path]
) -> None:
    aligned = align_files(ui_workspace, *pair, "en", "zh-CN")
    app = review_app(ui_workspace, aligned, "en", "zh-CN")
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, AlignReviewScreen)
        assert app.screen.sub_title == f"{pair[0]} + {pair[1]}"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, AlignReviewScreen)  # the workbench stays open


def test_the_help_lists_f9_and_every_key_of_the_review_screen() -> None:
    sections = dict(HELP)
    assert "F9" in {key for key, _ in sections["Everywhere"]}
    review = next(keys for title, keys in HELP if title.startswith("Alignment review"))
    listed = " ".join(key for key, _ in review).replace(" / ", " ").split()
    for binding in AlignReviewScreen.BINDINGS:
        assert isinstance(binding, Binding)
        assert binding.key in listed, binding.key
