"""The workbench app driven through Textual's Pilot on a real workspace."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable, Input, Static

from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from tui.app import make_app


def _fill(ws: Workspace) -> None:
    with ws.atomic():
        origin = ws.add_origin("press.tmx", "tmx")
        ws.add_unit(
            TranslationUnit(
                (Variant("en", "community with a shared future"), Variant("zh-CN", "命运共同体"))
            ),
            origin,
        )
        ws.add_unit(TranslationUnit((Variant("en", "the ASEAN way"), Variant("zh-CN", "东盟方式"))), origin)
        ws.add_unit(
            TranslationUnit((Variant("en", "[bold]not markup[/]"), Variant("zh-CN", "[/]不是标记"))), origin
        )


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_filtering_shows_matching_units_and_user_text_stays_literal(workspace: Workspace) -> None:
    _fill(workspace)
    app = make_app(workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        table = app.query_one("#units", DataTable)
        assert table.row_count == 3
        figures = app.query_one("#figures", Static).render()
        assert "3 translation units" in str(figures)
        app.query_one(Input).focus()
        await pilot.press(*"共同体")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert _cells(table) == [["community with a shared future", "命运共同体", "press.tmx"]]
        await pilot.press("escape")
        await app.workers.wait_for_complete()
        await pilot.pause()
        rows = _cells(table)
        assert ["[bold]not markup[/]", "[/]不是标记", "press.tmx"] in rows
        assert all(isinstance(cell, Text) for cell in table.get_row_at(0))


async def test_app_is_usable_at_80x24_with_an_empty_workspace(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert "0 translation units" in str(app.query_one("#figures", Static).render())
        await pilot.press("ctrl+q")
