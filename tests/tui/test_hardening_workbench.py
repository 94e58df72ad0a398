"""Class 10 of issue 20: the workbench on a damaged workspace says so in a notification and stays open."""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

from textual.widgets import Input

from memories.formats import ReadOptions
from memories.importer import import_files
from memories.store import Workspace
from tests.conftest import shared
from tui.app import make_app
from tui.screens.lookup import LookupScreen


def _damaged_workspace(path: Path) -> Path:
    """A real workspace (a real catalogue imported) whose search-index and variant pages are overwritten,
    as a disk fault leaves them: it opens, and the first lookup reads the damage."""
    with Workspace(path) as ws, ws.atomic():
        import_files(ws, [shared("formats", "po", "test_utf8.po")], ReadOptions(target="es"))
    conn = sqlite3.connect(path)
    roots = [
        int(r[0])
        for r in conn.execute(
            "SELECT rootpage FROM sqlite_master WHERE name IN ('search_term', 'search_posting', 'variant')"
        )
    ]
    page = int(conn.execute("PRAGMA page_size").fetchone()[0])
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    data = bytearray(path.read_bytes())
    for root in roots:
        data[(root - 1) * page : root * page] = b"\x5a" * page
    path.write_bytes(bytes(data))
    return path


async def test_a_lookup_on_a_damaged_workspace_is_a_notification_and_the_app_stays_open(
    tmp_path: Path,
) -> None:
    path = _damaged_workspace(tmp_path / "damaged.glossary")
    before = path.read_bytes()
    ws = Workspace(path)
    app = make_app(ws)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            app.screen.query_one("#query", Input).value = "Django administration"
            for _ in range(20):
                await pilot.pause(LookupScreen.DEBOUNCE + 0.05)
                if any(n.severity == "error" for n in app._notifications):
                    break
            errors = [n for n in app._notifications if n.severity == "error"]
            assert errors, "the failed lookup was not shown"
            assert "damaged" in errors[0].message
            assert app.is_running and isinstance(app.screen, LookupScreen)
            await asyncio.sleep(0)
    finally:
        ws.close()
    assert app.return_code in (0, None)
    assert path.read_bytes() == before  # never written: the lookup only reads
