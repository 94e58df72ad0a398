"""The candidate queue shows what each extracted candidate names, and filters on it."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Select

from glossary.harvest import candidate_kinds, extract_into_termbase
from memories.importer import import_files
from memories.store import Workspace
from tests.conftest import REPO
from tests.tui.test_app import open_glossary, rows, settle, table
from tui.app import make_app

SEED = REPO / "seeds" / "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt"


async def test_the_candidate_queue_filters_on_the_kind(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "seed.glossary")
    try:
        import_files(ws, [SEED])
        extract_into_termbase(ws, "en", None, top=40)
        kinds = candidate_kinds(ws)
        assert "person" in kinds.values() and "title" in kinds.values()
        app = make_app(ws)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = await open_glossary(app, pilot)
            await pilot.press("c")
            await settle(app, pilot)
            assert rows(table(app, "#concepts"))[0][-1] in ("meeting/document", "organisation", "term")
            screen.query_one("#kind-filter", Select).value = "person"
            await settle(app, pilot)
            shown = rows(table(app, "#concepts"))
            assert {row[-1] for row in shown} == {"person"}
            assert any("Qin Gang" in cell for row in shown for cell in row)
    finally:
        ws.close()
