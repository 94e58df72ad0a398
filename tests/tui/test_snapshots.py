"""Snapshots of every screen (pytest-textual-snapshot): what the translator sees, pixel for pixel."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from memories.store import Workspace
from tests.tui.test_app import REFORM_EN, settle, steady_cursor
from tui.app import GlossaryApp, make_app

SnapCompare = Callable[..., bool]


@pytest.fixture
def snapshot_app(ui_path: Path) -> Any:
    """The app on a copy of the UI workspace whose dates are fixed, so that snapshots do not drift."""
    conn = sqlite3.connect(ui_path)
    with conn:
        conn.execute("UPDATE tu SET created_at = '2026-01-02T03:04:05Z', changed_at = '2026-01-02T03:04:05Z'")
        conn.execute("UPDATE tu SET created_by = 'translator', changed_by = 'translator'")
        conn.execute("UPDATE origin SET imported_at = '2026-01-02T03:04:05Z'")
    conn.close()
    ws = Workspace(ui_path)
    yield make_app(ws)
    ws.close()


def _typing(text: str) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, GlossaryApp)
        await settle(app, pilot)
        app.screen.query_one("#query", Input).value = text
        await settle(app, pilot)

    return run_before


def _keys(*keys: str) -> Callable[[Pilot[None]], Any]:
    async def run_before(pilot: Pilot[None]) -> None:
        app = pilot.app
        assert isinstance(app, GlossaryApp)
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)

    return run_before


QUERY = REFORM_EN.replace("their", "its")


def test_lookup_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=_typing(QUERY))


def test_lookup_at_80x24(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(80, 24), run_before=_typing(QUERY))


def test_glossary_candidates_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=_keys("f3", "c"))


def test_glossary_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=_keys("f3"))


def test_concept_dialog_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _keys("f3", "e")(pilot)
        await steady_cursor(pilot, pilot.app.screen.query_one(TextArea))

    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=run_before)


def test_memory_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=_keys("f4"))


def test_help_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=_keys("f1"))


async def _steady(pilot: Pilot[None]) -> None:
    """The focused field's cursor without its blink, so that a snapshot cannot catch it half way."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
    await pilot.pause()
    await settle(pilot.app, pilot)  # type: ignore[arg-type]


def test_import_dialog_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _keys("f5")(pilot)
        # A name in a folder that does not exist: the hint follows the name, no completion is offered.
        await pilot.press(*"exports/memory.tmx")
        await _steady(pilot)

    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=run_before)


def test_extraction_dialog_at_100x30(snap_compare: SnapCompare, snapshot_app: GlossaryApp) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _keys("f7")(pilot)
        await _steady(pilot)

    assert snap_compare(snapshot_app, terminal_size=(100, 30), run_before=run_before)
