"""The extraction dialog (F7) extracts from the files the translator picks: one, several, or every unit."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import SelectionList

from glossary.termbase import Termbase
from memories.importer import import_parallel
from memories.store import Workspace
from tests.conftest import shared
from tests.tui.test_app import settle
from tests.tui.test_transfer import open_dialog
from tui.app import make_app
from tui.transfer import ExtractDialog


def _second_origin(ws: Workspace, folder: Path) -> None:
    """The UN test set's first 400 lines beside the dev set: a second origin with other texts."""
    files = []
    for lang in ("en", "zh"):
        lines = shared("corpora", "unpc-testset-en-zh", f"UNv1.0.testset.{lang}").read_text(encoding="utf-8")
        part = folder / f"UNv1.0.testset.{lang}"
        part.write_text("".join(lines.splitlines(keepends=True)[:400]), encoding="utf-8")
        files.append(part)
    import_parallel(ws, files)


def _units_of(ws: Workspace, fragment: str) -> set[int]:
    return {u.id or 0 for u in ws.units() if fragment in (u.origin or "")}


def _evidence(ws: Workspace) -> set[int]:
    return {
        e for c in Termbase(ws).concepts(status="candidate") if c.origin == "extracted" for e in c.evidence
    }


async def _extract(ws: Workspace, pick: list[str]) -> None:
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        dialog = await open_dialog(app, pilot, "f7")
        assert isinstance(dialog, ExtractDialog)
        origins: SelectionList[str] = dialog.query_one("#origins", SelectionList)
        offered = [str(origins.get_option_at_index(i).prompt) for i in range(origins.option_count)]
        assert offered == ["UNv1.0.devset.{en,zh}", "UNv1.0.testset.{en,zh}"]
        origins.focus()
        for i, name in enumerate(offered):
            if any(fragment in name for fragment in pick):
                origins.highlighted = i
                await pilot.press("space")
        assert len(origins.selected) == len(pick)
        dialog.action_start()
        await settle(app, pilot)


async def test_extraction_from_one_picked_origin_uses_only_its_units(
    ui_workspace: Workspace, tmp_path: Path
) -> None:
    _second_origin(ui_workspace, tmp_path)
    before = _evidence(ui_workspace)
    await _extract(ui_workspace, ["testset"])
    found = _evidence(ui_workspace) - before
    assert found and found <= _units_of(ui_workspace, "testset")


async def test_extraction_from_two_picked_origins_uses_both(ui_workspace: Workspace, tmp_path: Path) -> None:
    _second_origin(ui_workspace, tmp_path)
    await _extract(ui_workspace, ["devset", "testset"])
    found = _evidence(ui_workspace)
    devset, testset = _units_of(ui_workspace, "devset"), _units_of(ui_workspace, "testset")
    assert found <= devset | testset
    assert found & devset and found & testset
