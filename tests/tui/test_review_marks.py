"""What the machine guessed looks like a guess: units to review are marked and can be filtered, proposed terms
are hidden unless asked for and then dimmed, and the selected match is shown whole."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Input, Select, Static

from memories.store import Workspace
from tests.tui.test_app import REFORM_EN, REFORM_ZH, open_memory, rows, settle, table, type_query
from tui.app import make_app


def _flag_for_review(path: Path, phrase: str) -> int:
    """Flag the unit holding ``phrase`` as an aligner does with a link it is unsure of."""
    with Workspace(path) as ws:
        unit_id = ws.find_units(phrase)[0].id or 0
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE tu SET status = 'review' WHERE id = ?", (unit_id,))
    conn.close()
    return unit_id


async def test_units_to_review_are_marked_and_filtered_in_the_memory(ui_path: Path) -> None:
    _flag_for_review(ui_path, REFORM_EN)
    with Workspace(ui_path) as ws:
        app = make_app(ws)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await open_memory(app, pilot, "United Nations")
            shown = rows(table(app, "#units"))
            assert len(shown) > 1
            assert [row[0] for row in shown if row[1] == REFORM_EN] == ["?"]
            assert {row[0] for row in shown if row[1] != REFORM_EN} == {""}
            screen.query_one("#unit-status", Select).value = "review"
            await settle(app, pilot)
            assert [row[1:3] for row in rows(table(app, "#units"))] == [[REFORM_EN, REFORM_ZH]]
            detail = str(screen.query_one("#unit-detail", Static).render())
            assert "review: aligned by the machine, not yet checked" in detail
            # Review and an empty filter: every unit to review, whatever its text.
            screen.query_one("#filter", Input).value = ""
            await settle(app, pilot)
            assert len(rows(table(app, "#units"))) == 1
            await pilot.press("escape")  # clears the text and the status
            await settle(app, pilot)
            assert len(rows(table(app, "#units"))) > 1


async def test_the_lookup_marks_a_match_to_review_and_shows_it_whole(ui_path: Path) -> None:
    _flag_for_review(ui_path, REFORM_EN)
    with Workspace(ui_path) as ws:
        app = make_app(ws)
        async with app.run_test(size=(80, 24)) as pilot:
            query = REFORM_EN.replace("their", "its")
            await type_query(app, pilot, query)
            first = rows(table(app, "#matches"))[0]
            assert first[0].endswith("%?") and first[1] == REFORM_EN
            detail = app.screen.query_one("#match-detail", Static)
            said = str(detail.render())
            # Both whole texts (the 80-column table cuts them), the words that differ, status and origin.
            for part in (REFORM_ZH, "undermine", "their → its", "aligned by the machine", "UNv1.0.devset"):
                assert part in said.replace("\n", " ") or part in said, part


async def test_proposed_terms_are_hidden_until_asked_for_then_dimmed(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(app, pilot, "The maternal mortality ratio of the United Nations")
        assert [row[0] for row in rows(table(app, "#terms"))] == ["United Nations"]
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        shown = rows(table(app, "#terms"))
        assert ["maternal mortality", "产妇死亡率", "proposed"] in shown
        assert ["United Nations", "联合国 · 联合国组织 (forbidden)", "approved"] in shown
        proposed = table(app, "#terms").get_row_at([row[0] for row in shown].index("maternal mortality"))[0]
        assert any(span.style.dim for span in proposed.spans if not isinstance(span.style, str))
        await pilot.press("ctrl+g")
        await settle(app, pilot)
        assert [row[0] for row in rows(table(app, "#terms"))] == ["United Nations"]
