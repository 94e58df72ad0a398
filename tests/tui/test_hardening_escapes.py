"""Class 3 of issue 20 in the workbench: ESC sequences from an imported file reach the screen as visible
stand-ins, never as bytes the terminal obeys. Textual strips only BEL, BS, VT, FF and CR by itself (Content's
``_strip_control_codes``): ESC, DEL and C1 pass through it, so this holds only because every cell goes through
``tui.render.visible``; with that call removed, this test sees ``ESC [2J`` in what the driver writes."""

from __future__ import annotations

import re
from pathlib import Path

from rich.console import Console
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.widgets import Input, Select, TextArea

from glossary.aligning import align_files
from glossary.editing import open_document
from glossary.formats import read_termbase
from glossary.termbase import Termbase
from memories.formats import ReadOptions
from memories.importer import import_files
from memories.store import Workspace
from tui.app import make_app
from tui.dialogs import ConceptDialog
from tui.screens.align_review import AlignReviewScreen
from tui.screens.lookup import LookupScreen
from tui.widgets.segment_editor import TargetEditor

TITLE = "\x1b]0;owned\x07"  # OSC 0: sets the terminal window's title
CLEAR = "\x1b[2J"  # CSI 2 J: clears the screen
CLIPBOARD = "\x1b]52;c;ZWNobyBvd25lZA==\x07"  # OSC 52: writes the clipboard
C1_CSI = "\x9b5m"  # C1 CSI, ESC [ on many terminals: blink


async def test_escape_sequences_in_a_unit_are_shown_not_sent_to_the_terminal(tmp_path: Path) -> None:
    table = tmp_path / "hostile.tsv"
    table.write_text(
        "en\tzh-CN\n"
        f"maternal mortality ratio {TITLE} in {CLEAR} Africa {CLIPBOARD}\t孕产妇死亡率 {C1_CSI} 非洲\n"
        "maternal mortality rate\t孕产妇死亡率\n",
        encoding="utf-8",
    )
    path = tmp_path / "w.glossary"
    with Workspace(path) as ws, ws.atomic():
        import_files(ws, [table], ReadOptions())
    ws = Workspace(path)
    app = make_app(ws)
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            app.screen.query_one("#query", Input).value = "maternal mortality"
            for _ in range(20):
                await pilot.pause(LookupScreen.DEBOUNCE + 0.05)
                if "owned" in _screen_text(app):
                    break
            written = _written(app)
    finally:
        ws.close()
    assert "owned" in written, "the hostile unit was not shown"
    for sequence in (TITLE, CLEAR, CLIPBOARD, C1_CSI, "\x1b]", "\x9b"):
        assert sequence not in written, repr(sequence)
    assert "␛]0;owned" in written


async def test_escape_sequences_in_a_concept_are_shown_on_the_glossary_and_memory_screens(
    tmp_path: Path,
) -> None:
    """The glossary screen's detail (domain, definition, note) once wrote them raw: ESC [2J cleared the screen."""
    memory = tmp_path / "memory.tsv"
    memory.write_text(f"en\tzh-CN\nmaternal {CLEAR}mortality owned\t孕产妇{C1_CSI}死亡率\n", encoding="utf-8")
    table = tmp_path / "terms.tsv"
    table.write_text(
        "en\tzh-CN\tdomain\tdefinition\tnote\n"
        f'owned term\t术语\tpol{CLEAR}itics\t"first{TITLE} line\nsecond {CLIPBOARD}line"\tno{C1_CSI}te\n',
        encoding="utf-8",
    )
    path = tmp_path / "w.glossary"
    with Workspace(path) as ws, ws.atomic():
        import_files(ws, [memory], ReadOptions())
        Termbase(ws).add_many(read_termbase(table, None))
    ws = Workspace(path)
    app = make_app(ws)
    written = {}
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            for key in ("f3", "f4"):
                await pilot.press(key)
                for _ in range(20):
                    await pilot.pause(0.1)
                    if "owned" in _screen_text(app):
                        break
                written[key] = _written(app)
            # The domain filter offers the imported domains; chosen, it shows one in its box.
            await pilot.press("f3")
            await pilot.pause(0.2)
            app.screen.query_one("#domain-filter", Select).value = f"pol{CLEAR}itics"
            await pilot.pause(0.3)
            written["domain"] = _written(app)
    finally:
        ws.close()
    for key, output in written.items():
        assert "owned" in output, f"{key}: the hostile text was not shown"
        for sequence in (TITLE, CLEAR, CLIPBOARD, C1_CSI, "\x1b]", "\x1b[2J", "\x9b"):
            assert sequence not in output, (key, repr(sequence))
    glossary = written["f3"]
    text = re.sub(r"\x1b\[[0-9;]*[mH]", "", glossary)  # less the styles and moves Textual writes itself
    assert "pol␛[2Jitics" in text and "note: no\ufffd5mte" in text
    # A definition keeps its lines; each control character is one visible stand-in (BEL too: ␇).
    assert "definition: first␛]0;owned␇ line" in text and "\n second ␛]52;c;ZWNobyBvd25lZA==␇line" in text


def _written(app: App[None]) -> str:
    """What the driver would write to the terminal for the whole screen (headless, it writes nothing)."""
    update = app.screen._compositor.render_update(full=True)
    assert isinstance(update, CompositorUpdate)
    console = Console(width=120, height=40, force_terminal=True, color_system="truecolor")
    return update.render_segments(console)


def _screen_text(app: App[None]) -> str:
    return "".join(strip.text for strip in app.screen._compositor.render_strips())


async def test_escape_sequences_in_documents_being_aligned_are_shown_on_the_review_screen(
    tmp_path: Path,
) -> None:
    source, target = tmp_path / "owned.en.txt", tmp_path / "owned.zh.txt"
    source.write_text(
        f"The General Assembly{CLEAR} owned the agenda.\n\nIt adopted{TITLE} the report.\n", "utf-8"
    )
    target.write_text(f"大会{C1_CSI}通过了议程。\n\n大会通过了{CLIPBOARD}报告。\n", encoding="utf-8")
    with Workspace(tmp_path / "w.glossary") as ws:
        aligned = align_files(ws, source, target, "en", "zh-CN")
        app = make_app(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await app.push_screen(AlignReviewScreen.of(aligned))
            await pilot.pause()
            written = _written(app)
    assert "owned the agenda" in written
    for sequence in (TITLE, CLEAR, CLIPBOARD, C1_CSI, "\x1b]", "\x1b[2J", "\x9b"):
        assert sequence not in written, repr(sequence)
    assert "Assembly␛[2J owned" in re.sub(r"\x1b\[[0-9;]*[mH]", "", written)


async def test_escape_sequences_in_a_concept_being_edited_are_shown_and_kept(tmp_path: Path) -> None:
    """The edit dialog's fields draw them as stand-ins and its terms editor (a text area, which once wrote
    ``owned ESC [2J term`` raw) leaves them out; both keep the value as it is (saving changes nothing)."""
    table = tmp_path / "terms.tsv"
    table.write_text(
        "en\tzh-CN\tdomain\tdefinition\tnote\n"
        f"owned{CLEAR} term{TITLE}\t术{C1_CSI}语\tpol{CLEAR}itics\tfirst{TITLE} line\tno{C1_CSI}te\n",
        encoding="utf-8",
    )
    path = tmp_path / "w.glossary"
    with Workspace(path) as ws, ws.atomic():
        Termbase(ws).add_many(read_termbase(table, None))
    with Workspace(path) as ws:
        app = make_app(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.press("f3")
            await pilot.pause(0.3)
            app.screen.query_one("#concepts").focus()
            await pilot.press("e")
            await pilot.pause(0.3)
            assert isinstance(app.screen, ConceptDialog)
            written = _written(app)
            values = [
                app.screen.query_one(f"#{name}", Input).value for name in ("domain", "definition", "note")
            ]
            terms = app.screen.query_one("#terms-editor", TextArea).text
    assert values == [f"pol{CLEAR}itics", f"first{TITLE} line", f"no{C1_CSI}te"]
    assert f"owned{CLEAR} term{TITLE}" in terms and f"术{C1_CSI}语" in terms
    for sequence in (TITLE, CLEAR, C1_CSI, "\x1b]", "\x1b[2J", "\x9b"):
        assert sequence not in written, repr(sequence)
    shown = re.sub(r"\x1b\[[0-9;]*[mH]", "", written)
    assert "pol␛[2Jitics" in shown and "owned[2J term]0;owned" in shown


async def test_escape_sequences_in_a_segment_being_translated_never_reach_the_terminal(
    tmp_path: Path,
) -> None:
    """The editor's target (a text area) holds the source after alt+c: it is drawn without ESC, and kept."""
    document = tmp_path / "owned.en.txt"
    document.write_text(f"The General Assembly{CLEAR} adopted{TITLE} the report.\n", encoding="utf-8")
    with Workspace(tmp_path / "w.glossary") as ws:
        app = make_app(ws, document=open_document(ws, document, target="zh-CN"))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.3)
            await pilot.press("alt+c")
            await pilot.pause(0.3)
            kept = app.screen.query_one(TargetEditor).text
            written = _written(app)
    assert kept == f"The General Assembly{CLEAR} adopted{TITLE} the report."
    assert "Assembly[2J adopted]0;owned the report." in re.sub(r"\x1b\[[0-9;]*[mH]", "", written)
    for sequence in (TITLE, CLEAR, "\x1b]", "\x1b[2J"):
        assert sequence not in written, repr(sequence)
