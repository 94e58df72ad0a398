"""``glossary copy``: a whole workspace from a file or a team database into another, new or empty."""

from __future__ import annotations

import click
from rich.markup import escape

from glossary.cli.errors import errors_as_lines
from glossary.cli.options import json_option
from glossary.cli.output import err, out, print_json
from glossary.cli.progress import progress_bars
from glossary.copying import copy_workspace
from glossary.workspace import resolve_workspace_path

__all__ = ["copy"]


@click.command()
@click.argument("source")
@click.argument("destination")
@json_option
def copy(source: str, destination: str, as_json: bool) -> None:
    """Copy a whole workspace (memory, termbase, editor documents, history, undo journal, search index)
    from SOURCE into DESTINATION, each a workspace file or a team's postgresql:// URL. DESTINATION must be new
    or empty; the copy is one transaction on it.

    \b
    Example:
      glossary copy mine.glossary postgresql://glossary_owner@db.example.org/terminology
      glossary copy postgresql://li.wei@db.example.org/terminology snapshot.glossary
    """
    with errors_as_lines():
        src, dst = resolve_workspace_path(source), resolve_workspace_path(destination)
        # Bars only for a person watching: on a pipe or in a log they would leave blank lines behind.
        with progress_bars(not as_json and err.is_terminal) as progress:
            report = copy_workspace(src, dst, progress)
    if as_json:
        print_json(
            {
                "source": report.source,
                "destination": report.destination,
                "created": report.created,
                "units": report.units,
                "concepts": report.concepts,
                "rows": report.rows,
                "seconds": round(report.seconds, 3),
                "tables": {t.name: t.rows for t in report.tables},
            }
        )
        return
    out.print(
        escape(
            f"Copied {report.source} into {report.destination}"
            + (" (created)" if report.created else "")
            + f": {report.units:,} units, {report.concepts:,} concepts, {report.rows:,} rows in "
            f"{len(report.tables)} tables, each count checked ({report.seconds:.1f} s, "
            f"{report.rows_per_second:,.0f} rows/s)"
        )
    )
