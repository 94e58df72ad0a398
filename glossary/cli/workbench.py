"""``glossary ui`` and ``glossary translate FILE``: the commands that open the Textual workbench."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from glossary.cli.errors import errors_as_lines
from glossary.cli.options import source_option, target_option
from glossary.cli.state import State, pass_state
from glossary.editing import open_document

__all__ = ["translate", "ui"]


@click.command()
@pass_state
def ui(state: State) -> None:
    """Open the workbench UI on the workspace.

    \b
    Example:
      glossary --workspace demo.glossary ui
    """
    from tui.app import make_app  # imported here: the rest of the CLI must not pay for Textual

    ws = state.open()
    app = make_app(ws)
    try:
        app.run()
    finally:
        ws.interrupt()  # a lookup still running in a worker thread would hold the exit up until it ends
        ws.close()
    # Quitting takes a fraction of a second only without Python's teardown of the ~600 modules the UI loaded
    # (0.3 to 0.9 s, measured) and without joining the worker threads; every change is committed and the
    # workspace closed by now, so nothing is lost by ending the process here.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or 0)


@click.command()
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@source_option
@target_option
@pass_state
def translate(state: State, file: Path, source: str, target: str) -> None:
    """Translate FILE (PO/POT, XLIFF 1.2/2.0, or a document: .docx, .html, .md, .txt) in the segment editor.

    Each confirmed segment goes into the memory at once; ctrl+s writes the file in its own format (a
    document is written beside the original, the target language before its suffix). What was done is kept
    in the workspace: translating the same file again restores targets, statuses and the cursor.

    \b
    Example:
      glossary translate statement.zh_CN.po
      glossary translate job.xlf --source en --target fr
    """
    from tui.app import make_app  # imported here: the rest of the CLI must not pay for Textual

    # Not state.workspace(): only opening the document turns library errors into lines; the UI handles its own.
    ws = state.open()
    try:
        with errors_as_lines():
            editing = open_document(ws, file, source, target)
        make_app(ws, source, target, editing).run()
    finally:
        ws.close()
