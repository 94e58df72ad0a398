"""`glossary translate FILE`: open a PO, XLIFF or document in the segment editor; and its statistics."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from glossary.cli import (
    State,
    _errors_as_lines,
    _print_table,
    cli,
    out,
    pass_state,
    source_option,
    target_option,
)

if TYPE_CHECKING:
    from glossary.editing import DocumentStats, Editing
    from memories.store import Workspace

__all__ = ["document_stats", "translate"]


@cli.command()
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
    from glossary.editing import open_document
    from tui.app import make_app  # imported here: the rest of the CLI must not pay for Textual

    ws = state.open()
    try:
        with _errors_as_lines():
            editing = open_document(ws, file, source, target)
        make_app(ws, source, target, editing).run()
    finally:
        ws.close()


def _analysed(ws: Workspace, file: Path, source: str, target: str) -> Editing:
    """The document with each new segment's best match score looked up (what an analysis reports)."""
    from glossary.editing import open_document
    from memories.search import lookup

    editing = open_document(ws, file, source, target)
    for segment in editing.segments:
        if segment.score is None and segment.status == "new" and segment.source_text.strip():
            found = lookup(ws, segment.source_text, editing.source_lang, target, min_score=50, limit=1)
            if found:
                editing.set_score(segment.number, found[0].score)
    return editing


def document_stats(state: State, file: Path, source: str, target: str, as_json: bool) -> None:
    """``glossary stats DOC``: segments and words by status and by match band."""
    ws = state.open()
    try:
        with _errors_as_lines():
            editing = _analysed(ws, file, source, target)
            figures = editing.stats()
    finally:
        ws.close()
    if as_json:
        out.print_json(data=_json(file, figures))
        return
    out.print(f"{escape(str(file))}: {figures.segments:,} segments, {figures.words:,} words")
    _print_table(
        "By status",
        ("status", "segments", "words"),
        [(s, f"{n:,}", f"{w:,}") for s, n, w in figures.by_status],
    )
    _print_table(
        "By match band",
        ("band", "segments", "words"),
        [(b, f"{n:,}", f"{w:,}") for b, n, w in figures.by_band],
    )


def _json(file: Path, figures: DocumentStats) -> dict[str, object]:
    return {
        "document": str(file),
        "segments": figures.segments,
        "words": figures.words,
        "by_status": {s: {"segments": n, "words": w} for s, n, w in figures.by_status},
        "by_band": {b: {"segments": n, "words": w} for b, n, w in figures.by_band},
    }
