"""``glossary stats``: what the workspace holds, or what a document holds by status and match band."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from glossary.analysis import analysed
from glossary.cli.options import json_option, source_option, target_option
from glossary.cli.output import out, pick, print_json, print_table
from glossary.cli.state import State, pass_state
from glossary.editing import DocumentStats
from memories.canonical import workspace_merges

__all__ = ["stats"]


@click.command()
@click.argument("document", required=False, type=click.Path(dir_okay=False, path_type=Path))
@source_option
@target_option
@json_option
@pass_state
def stats(state: State, document: Path | None, source: str, target: str, as_json: bool) -> None:
    """Show what the workspace holds: units per language pair, variants per language, origins, and the
    language tags merged into one (zh and zh-Hans are listed and exported as zh-CN); or, given a
    DOCUMENT (PO, XLIFF, .docx...), its segments and words by status and by match band.

    \b
    Example:
      glossary stats --json
      glossary stats statement.zh_CN.po
    """
    if document is not None:
        _document_stats(state, document, source, target, as_json)
        return
    with state.workspace(read_only=True) as ws:
        figures = ws.stats()
        merges = workspace_merges(ws)
    if as_json:
        print_json(
            {
                "workspace": state.path,
                "units": figures.units,
                "variants_per_language": dict(figures.variants_per_language),
                "units_per_pair": [{"pair": [a, b], "units": n} for a, b, n in figures.units_per_pair],
                "origins": [pick(o, "name", "format", "imported_at", "units") for o in figures.origins],
                "merged_tags": {m.canonical: m.tags for m in merges},
            }
        )
        return
    out.print(f"Workspace {escape(str(state.path))}: {figures.units:,} translation units")
    print_table(
        "Language pairs", ("pair", "units"), [(f"{a} ↔ {b}", f"{n:,}") for a, b, n in figures.units_per_pair]
    )
    print_table(
        "Languages", ("language", "variants"), [(lang, f"{n:,}") for lang, n in figures.variants_per_language]
    )
    for merge in merges:
        out.print(
            escape(f"Tags {', '.join(merge.tags)} are one language: listed and exported as {merge.canonical}")
        )
    print_table(
        "Origins",
        ("origin", "format", "imported", "units"),
        [(o.name, o.format, o.imported_at, f"{o.units:,}") for o in figures.origins],
    )


def _document_stats(state: State, file: Path, source: str, target: str, as_json: bool) -> None:
    """``glossary stats DOC``: segments and words by status and by match band."""
    with state.workspace() as ws:
        figures = analysed(ws, file, source, target).stats()
    if as_json:
        print_json(_json(file, figures))
        return
    out.print(f"{escape(str(file))}: {figures.segments:,} segments, {figures.words:,} words")
    print_table(
        "By status",
        ("status", "segments", "words"),
        [(s, f"{n:,}", f"{w:,}") for s, n, w in figures.by_status],
    )
    print_table(
        "By match band",
        ("band", "segments", "words"),
        [(b, f"{n:,}", f"{w:,}") for b, n, w in figures.by_band],
    )


def _json(file: Path, figures: DocumentStats) -> dict[str, object]:
    return {
        "document": file,
        "segments": figures.segments,
        "words": figures.words,
        "by_status": {s: {"segments": n, "words": w} for s, n, w in figures.by_status},
        "by_band": {b: {"segments": n, "words": w} for b, n, w in figures.by_band},
    }
