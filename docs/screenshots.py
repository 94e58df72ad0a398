"""Regenerate the README's SVG screenshots of every screen from the demo workspace (`make screenshots`).

Each screen is driven through Textual's Pilot exactly as a translator would reach it (keys, typing), at 100x30,
and saved with ``App.save_screenshot``. The demo workspace is opened read-only in spirit: nothing is edited.

    python docs/screenshots.py [--workspace .demo/workspace.glossary] [--out docs]
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled

from glossary.editing import open_document
from memories.store import Workspace
from tui.app import GlossaryApp, make_app
from tui.screens.lookup import LookupScreen

ROOT = Path(__file__).resolve().parents[1]
SIZE = (100, 30)
QUERY = "The Security Council recalls its decision to place Boko Haram on the sanctions list."

# (file name, keys pressed from the home screen, text typed into the lookup input first)
SHOTS: Sequence[tuple[str, tuple[str, ...], str]] = (
    ("lookup.svg", (), QUERY),
    ("glossary.svg", ("f3",), ""),
    ("candidates.svg", ("f3", "c"), ""),
    ("memory.svg", ("f4",), ""),
    ("help.svg", ("f1",), ""),
    ("import.svg", ("f5",), ""),
    ("extract.svg", ("f7",), ""),
)


async def _settle(app: GlossaryApp, pilot: Pilot[None]) -> None:
    """Wait out the lookup's debounce, the workers and the refresh that shows their results."""
    for _ in range(3):
        await pilot.pause(LookupScreen.DEBOUNCE + 0.05)
        # A load superseded by a newer one is cancelled by design; gather it without failing.
        outcomes = await asyncio.gather(*(w.wait() for w in list(app.workers)), return_exceptions=True)
        for outcome in outcomes:
            if isinstance(outcome, BaseException) and not isinstance(outcome, WorkerCancelled):
                raise outcome
        await pilot.pause()


async def _shoot(workspace: Path, out: Path, name: str, keys: tuple[str, ...], query: str) -> None:
    with Workspace(workspace) as ws:
        app = make_app(ws)
        async with app.run_test(size=SIZE) as pilot:
            await _settle(app, pilot)
            if query:
                app.screen.query_one("#query", Input).value = query
                await _settle(app, pilot)
            for key in keys:
                await pilot.press(key)
                await _settle(app, pilot)
            app.save_screenshot(name, str(out))


# The editor's document: a short statement whose sentences the demo memory holds nearly (matches to show).
STATEMENT = (
    QUERY,
    "The Security Council welcomes the report of the Secretary-General.",
    "The General Assembly decides to include the item in the provisional agenda of its next session.",
    "The Council will remain seized of the matter.",
)


async def _shoot_editor(workspace: Path, out: Path) -> None:
    """The editor on a PO of ``STATEMENT``, match 1 inserted into its first segment; on a copy of the
    workspace, since opening a document remembers it there."""
    import polib

    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / workspace.name
        shutil.copy(workspace, copy)
        catalogue = polib.POFile()
        catalogue.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
        for n, sentence in enumerate(STATEMENT, 1):
            catalogue.append(
                polib.POEntry(msgid=sentence, msgstr="", occurrences=[("statement.txt", str(n))])
            )
        po = Path(folder) / "statement.zh_CN.po"
        catalogue.save(str(po))
        with Workspace(copy) as ws:
            app = make_app(ws, document=open_document(ws, po))
            async with app.run_test(size=SIZE) as pilot:
                await _settle(app, pilot)
                await pilot.press("ctrl+r")  # match 1 into the first segment, as a translator starts
                await _settle(app, pilot)
                app.save_screenshot("editor.svg", str(out))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workspace", type=Path, default=ROOT / ".demo" / "workspace.glossary")
    parser.add_argument("--out", type=Path, default=ROOT / "docs")
    args = parser.parse_args(argv)
    if not args.workspace.exists():
        print(f"{args.workspace}: no such workspace (run `make demo-workspace` first)", file=sys.stderr)
        return 2
    for name, keys, query in SHOTS:
        asyncio.run(_shoot(args.workspace, args.out, name, keys, query))
        print(args.out / name)
    asyncio.run(_shoot_editor(args.workspace, args.out))
    print(args.out / "editor.svg")
    return 0


if __name__ == "__main__":
    sys.exit(main())
