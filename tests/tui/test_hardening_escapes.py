"""Class 3 of issue 20 in the workbench: ESC sequences from an imported file reach the screen as visible
stand-ins, never as bytes the terminal obeys. Textual strips only BEL, BS, VT, FF and CR by itself (Content's
``_strip_control_codes``): ESC, DEL and C1 pass through it, so this holds only because every cell goes through
``tui.render.visible``; with that call removed, this test sees ``ESC [2J`` in what the driver writes."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from textual._compositor import CompositorUpdate
from textual.app import App
from textual.widgets import Input

from memories.formats import ReadOptions
from memories.importer import import_files
from memories.store import Workspace
from tui.app import make_app
from tui.screens.lookup import LookupScreen

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
            # What the driver would write to the terminal for the whole screen (headless, it writes nothing).
            update = app.screen._compositor.render_update(full=True)
            assert isinstance(update, CompositorUpdate)
            console = Console(width=120, height=40, force_terminal=True, color_system="truecolor")
            written = update.render_segments(console)
    finally:
        ws.close()
    assert "owned" in written, "the hostile unit was not shown"
    for sequence in (TITLE, CLEAR, CLIPBOARD, C1_CSI, "\x1b]", "\x9b"):
        assert sequence not in written, repr(sequence)
    assert "␛]0;owned" in written


def _screen_text(app: App[None]) -> str:
    return "".join(strip.text for strip in app.screen._compositor.render_strips())
