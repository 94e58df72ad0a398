"""Import, export and extraction from the workbench's dialogs, on a real workspace and real files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from lxml import etree
from textual.pilot import Pilot
from textual.widgets import Input, Select, Static

from glossary.termbase import Termbase
from glossary.transfer import import_any, report_line
from memories.errors import InputError
from memories.index.lookup import lookup
from memories.store import Workspace
from tests.conftest import dump, shared
from tests.tui.conftest import LINES
from tests.tui.test_app import REFORM_EN, rows, settle, table, type_query
from tui.app import GlossaryApp, make_app
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HELP
from tui.transfer import ExportDialog, ExtractDialog, ImportDialog, OverwriteDialog, parallel_paths
from tui.widgets.fields import PathSuggester
from tui.work import WorkDialog
from tui.workbench import LanguagePair

TMX = ("formats", "omegat", "data", "tmx")
EN_CA = "test-match-stat-en-ca11.tmx"
"""259 English-Catalan units (50 of them repeats), a TMX 1.1 file from OmegaT's tests."""


def safe_parse(path: Path) -> etree._ElementTree:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.parse(str(path), parser)


def toasts(app: GlossaryApp) -> list[str]:
    return [n.message for n in app._notifications]


async def open_dialog(app: GlossaryApp, pilot: Pilot[None], key: str) -> WorkDialog[Any]:
    await pilot.press(key)
    await pilot.pause()
    dialog = app.screen
    assert isinstance(dialog, WorkDialog)
    return dialog


async def run_import(app: GlossaryApp, pilot: Pilot[None], path: str, fmt: str = "auto") -> WorkDialog[Any]:
    dialog = await open_dialog(app, pilot, "f5")
    assert isinstance(dialog, ImportDialog)
    dialog.query_one("#format", Select).value = fmt
    dialog.query_one("#path", Input).value = path
    dialog.query_one("#path", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)
    return dialog


def problem(dialog: WorkDialog[Any]) -> str:
    return str(dialog.query_one("#problem", Static).render())


# -- import ----------------------------------------------------------------------------------------------


async def test_a_catalogue_without_a_language_header_is_read_in_the_language_of_its_name(
    ui_workspace: Workspace, tmp_path: Path
) -> None:
    # The real Spanish django catalogue has no Language header; saved as es.po it is Spanish, not the
    # pair's zh-CN: the dialog's Target starts empty, as `glossary import` without --target.
    spanish = tmp_path / "es.po"
    spanish.write_bytes(shared("formats", "po", "test_utf8.po").read_bytes())
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert "es" not in ui_workspace.languages()
        dialog = await open_dialog(app, pilot, "f5")
        assert dialog.query_one("#target", Input).value == ""
        await pilot.press("escape")
        await run_import(app, pilot, str(spanish))
        assert any(toast.startswith(f"{spanish} [po: en, es]: 732 added") for toast in toasts(app))
    assert "es" in ui_workspace.languages()


async def test_a_tmx_imported_from_the_dialog_is_found_by_lookup(
    ui_workspace: Workspace, tmp_path: Path
) -> None:
    path = shared(*TMX, EN_CA)
    before = ui_workspace.count_units()
    with Workspace(tmp_path / "alone.glossary") as alone:
        expected = [report_line(r) for r in import_any(alone, [path])]
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await run_import(app, pilot, str(path))
        assert not isinstance(app.screen, WorkDialog)
        # The summary is the line `glossary import` prints for the same file.
        assert expected == [f"{path} [tmx: ca, en]: 209 added, 50 already present, 0 left out"]
        assert "\n".join(expected) in toasts(app)
        app.pair = LanguagePair("en", "ca")
        await type_query(app, pilot, "Grant Admin Access")
        assert rows(table(app, "#matches"))[0][:3] == [
            "100%",
            "Grant Admin Access",
            "Atorga accés d'administrador",
        ]
    assert ui_workspace.count_units() == before + 209
    assert lookup(ui_workspace, "Confirm Admin Account", "en", "ca")[0].score == 100


async def test_a_termbase_table_goes_to_the_termbase(ui_workspace: Workspace, tmp_path: Path) -> None:
    # The seed table with its header kept and two rows that the workspace does not have yet.
    seed = (shared("seeds") / "diplomatic-terms.en-zh.tsv").read_text(encoding="utf-8").splitlines()
    new = tmp_path / "more-terms.tsv"
    new.write_text(
        f"{seed[0]}\nSouth-South cooperation\t南南合作\tconcept\t\n"
        "Shanghai Cooperation Organisation\t上海合作组织\t\t\n"
    )
    concepts, units = Termbase(ui_workspace).count(), ui_workspace.count_units()
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot, "f5")
        dialog.query_one("#path", Input).value = str(new)
        await pilot.pause()
        assert "termbase when it has a concept column" in str(dialog.query_one("#hint", Static).render())
        await pilot.press("enter")
        await settle(app, pilot)
        assert f"{new} [termbase table]: 2 concepts added, 0 already present" in toasts(app)
    assert (Termbase(ui_workspace).count(), ui_workspace.count_units()) == (concepts + 2, units)
    assert [t.text for t in Termbase(ui_workspace).find("Shanghai Cooperation Organisation")[0].terms] == [
        "Shanghai Cooperation Organisation",
        "上海合作组织",
    ]


async def test_a_tbx_goes_to_the_termbase_and_shows_on_the_glossary_screen(ui_workspace: Workspace) -> None:
    path = shared("formats", "tbx", "TBX_test_files", "basic_good.tbx")
    concepts, units = Termbase(ui_workspace).count(), ui_workspace.count_units()
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("f3")
        await settle(app, pilot)
        assert isinstance(app.screen, GlossaryScreen)
        app.pair = LanguagePair("en", "es")
        await run_import(app, pilot, str(path))
        assert f"{path} [tbx]: 45 concepts added, 0 already present" in toasts(app)
        app.screen.query_one("#concept-filter", Input).value = "open cluster"
        await settle(app, pilot)
        assert rows(table(app, "#concepts"))[0][2:4] == [
            "open cluster · galactic cluster (deprecated)",
            "cúmulo abierto",
        ]
    assert (Termbase(ui_workspace).count(), ui_workspace.count_units()) == (concepts + 45, units)


async def test_a_bad_file_shows_the_error_line_and_changes_nothing(
    ui_path: Path, ui_workspace: Workspace, tmp_path: Path
) -> None:
    # A real TMX cut off in the middle: its first hundred units read well, then the XML ends.
    text = shared(*TMX, EN_CA).read_text(encoding="utf-8")
    broken = tmp_path / "broken.tmx"
    broken.write_text(text[: len(text) // 2], encoding="utf-8")
    with Workspace(tmp_path / "alone.glossary") as alone, pytest.raises(InputError) as refused:
        import_any(alone, [broken])
    before = dump(ui_path)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        dialog = await run_import(app, pilot, str(broken))
        assert app.screen is dialog, "the dialog stays open so that the path can be corrected"
        assert problem(dialog) == str(refused.value)
        assert problem(dialog).startswith(f"{broken}:")
        assert dump(ui_path) == before
        dialog.query_one("#path", Input).value = str(tmp_path / "missing.tmx")
        await pilot.press("enter")
        await settle(app, pilot)
        assert problem(dialog) == f"{tmp_path / 'missing.tmx'}: no such file (check the path)"
    assert dump(ui_path) == before


async def test_a_cancelled_import_changes_nothing(
    ui_path: Path, ui_workspace: Workspace, tmp_path: Path
) -> None:
    devset = shared("corpora", "unpc-devset-6way")
    for lang in ("en", "zh", "fr"):
        lines = (devset / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines(keepends=True)
        (tmp_path / f"later.{lang}").write_text("".join(lines[LINES : LINES + 3000]), encoding="utf-8")
    before = dump(ui_path)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        dialog = await open_dialog(app, pilot, "f5")
        # The format is left to the name: braces name parallel texts, as the store names them.
        dialog.query_one("#path", Input).value = str(tmp_path / "later.{en,zh,fr}")
        await pilot.pause()
        assert str(dialog.query_one("#hint", Static).render()).startswith("One file per language")
        # Escape as soon as the work has started (a key pressed after enter would wait for the work).
        dialog.action_start()
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, WorkDialog)
        assert "Import a file: cancelled, nothing was changed" in toasts(app)
    assert dump(ui_path) == before


def test_parallel_files_are_named_as_the_store_names_them() -> None:
    assert parallel_paths("corpus/UN.{en, zh,fr}") == [
        Path("corpus/UN.en"),
        Path("corpus/UN.zh"),
        Path("corpus/UN.fr"),
    ]
    assert parallel_paths("a.en.txt + b/c.zh.txt") == [Path("a.en.txt"), Path("b/c.zh.txt")]
    assert parallel_paths("memory.tmx") == [Path("memory.tmx")]


async def test_the_path_is_completed_from_the_folder() -> None:
    folder = shared(*TMX)
    suggester = PathSuggester()
    assert await suggester.get_suggestion(f"{folder}/test-match-stat-en-ca1") == f"{folder}/{EN_CA}"
    assert await suggester.get_suggestion(f"{folder.parent}/tm") == f"{folder}/"
    assert await suggester.get_suggestion(f"{folder}/no-such-name") is None


# -- export ----------------------------------------------------------------------------------------------


async def run_export(app: GlossaryApp, pilot: Pilot[None], path: Path) -> WorkDialog[Any]:
    dialog = await open_dialog(app, pilot, "f6")
    assert isinstance(dialog, ExportDialog)
    dialog.query_one("#path", Input).value = str(path)
    dialog.query_one("#path", Input).focus()
    await pilot.press("enter")
    await settle(app, pilot)
    return dialog


async def test_a_tmx_exported_from_the_dialog_validates_against_the_dtd(
    ui_workspace: Workspace, tmp_path: Path
) -> None:
    out = tmp_path / "exported" / "memory.tmx"
    # A TMX holds translations: units in one language are left out.
    units = sum(1 for u in ui_workspace.units() if len({v.lang for v in u.variants}) >= 2)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await run_export(app, pilot, out)
        assert not isinstance(app.screen, WorkDialog)
        assert f"{out}: {units:,} units written" in toasts(app)
    dtd = etree.DTD(str(shared("formats", "schemas", "tmx", "tmx14.dtd")))
    tree = safe_parse(out)
    assert dtd.validate(tree), dtd.error_log
    assert len(tree.findall("body/tu")) == units
    segments = [seg.text for seg in tree.iter("seg")]
    assert REFORM_EN in segments
    # The UN set's "zh" is written with the workspace's one tag for Simplified Chinese.
    assert {tuv.get("{http://www.w3.org/XML/1998/namespace}lang") for tuv in tree.iter("tuv")} == {
        "en",
        "zh-CN",
    }


async def test_exporting_over_a_file_asks_first(ui_workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    out.write_text("an older file\n", encoding="utf-8")
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await run_export(app, pilot, out)
        assert isinstance(app.screen, OverwriteDialog)
        await pilot.press("n")
        await settle(app, pilot)
        assert app.screen is dialog
        assert out.read_text(encoding="utf-8") == "an older file\n"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, OverwriteDialog)
        await pilot.press("y")
        await settle(app, pilot)
        assert not isinstance(app.screen, WorkDialog)
    assert len(safe_parse(out).findall("body/tu")) == ui_workspace.count_units()


async def test_the_termbase_exports_as_tbx(ui_workspace: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "glossary.tbx"
    # The export holds the approved concepts: the workspace's extraction candidate stays out.
    concepts = sum(1 for c in Termbase(ui_workspace).concepts() if c.status == "approved")
    assert concepts < Termbase(ui_workspace).count()
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await run_export(app, pilot, out)
        assert f"{out}: {concepts:,} concepts written" in toasts(app)
    entries = safe_parse(out).getroot().iter("{urn:iso:std:iso:30042:ed-2}conceptEntry")
    assert sum(1 for _ in entries) == concepts


# -- extraction ------------------------------------------------------------------------------------------


def candidates(ws: Workspace) -> dict[str, str]:
    """Extracted candidates by their English term: what the candidate queue holds."""
    found = {}
    for concept in Termbase(ws).concepts(status="candidate"):
        term = concept.preferred("en")
        if concept.origin == "extracted" and term is not None:
            found[term.text] = concept.status
    return found


async def test_an_extraction_from_the_dialog_fills_the_candidate_queue(ui_workspace: Workspace) -> None:
    before = candidates(ui_workspace)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        dialog = await open_dialog(app, pilot, "f7")
        assert isinstance(dialog, ExtractDialog)
        assert [dialog.query_one(f"#{name}", Input).value for name in ("source", "target", "top")] == [
            "en",
            "zh-CN",
            "50",
        ]
        dialog.query_one("#top", Input).value = "12"
        await pilot.press("enter")
        await settle(app, pilot)
        assert isinstance(app.screen, GlossaryScreen)
        after = candidates(ui_workspace)
        assert len(after) >= len(before) + 10
        shown = {row[2].split(" · ")[0] for row in rows(table(app, "#concepts"))}
        assert set(after) <= shown
        assert all(row[1] == "candidate" for row in rows(table(app, "#concepts")))
        assert any(n.startswith("12 candidates: ") for n in toasts(app))


async def test_a_cancelled_extraction_stores_nothing(ui_path: Path, ui_workspace: Workspace) -> None:
    before = dump(ui_path)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        dialog = await open_dialog(app, pilot, "f7")
        dialog.action_start()
        await pilot.press("escape")
        await settle(app, pilot)
        assert not isinstance(app.screen, WorkDialog)
        assert "Extract candidate terms: cancelled, nothing was changed" in toasts(app)
    assert dump(ui_path) == before


async def test_the_same_language_twice_is_refused(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        dialog = await open_dialog(app, pilot, "f7")
        dialog.query_one("#target", Input).value = "EN"
        await pilot.press("enter")
        await pilot.pause()
        assert problem(dialog) == "terms and equivalents are both en: choose two languages"
        dialog.query_one("#target", Input).value = "not a tag!"
        await pilot.press("enter")
        await pilot.pause()
        assert problem(dialog).startswith("Equivalents: ")


# -- reaching the dialogs --------------------------------------------------------------------------------


async def test_the_dialogs_are_in_the_palette_the_help_and_on_keys(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Import a file", "Export", "Extract terms"} <= set(commands)
        commands["Export"].callback()
        await pilot.pause()
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("f5")  # no dialog on top of a dialog
        assert isinstance(app.screen, ExportDialog)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, ImportDialog)
        # Every field and both buttons are on screen at 80x24.
        for widget in (*app.screen.query(Input), *app.screen.query("Button")):
            assert widget.region.bottom <= 24 and widget.region.width > 0
    keys = {key for _, section in HELP for key, _ in section}
    assert {"F5, ctrl+o", "F6", "F7"} <= keys
