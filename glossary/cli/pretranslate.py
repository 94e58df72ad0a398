"""``glossary pretranslate``: fill an XLIFF or PO file's untranslated segments from the translation memory."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from glossary.cli.options import json_option, min_score_option, source_option, target_option
from glossary.cli.output import out, pick, print_json, print_table
from glossary.cli.state import State, pass_state
from glossary.pretranslate import PretranslateReport
from glossary.pretranslate import pretranslate as fill

__all__ = ["pretranslate"]


@click.command()
@click.argument("in_path", metavar="IN", type=click.Path(dir_okay=False, path_type=Path))
@click.argument("out_path", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path))
@min_score_option(75, "Lowest match score inserted.")
@source_option
@target_option
@json_option
@pass_state
def pretranslate(
    state: State, in_path: Path, out_path: Path, min_score: int, source: str, target: str, as_json: bool
) -> None:
    """Fill the untranslated segments of IN (XLIFF 1.2, XLIFF 2.0 or PO) from the memory; write OUT.

    Each untranslated segment gets its best match scoring at least --min. An exact match (100) is marked
    translated (XLIFF 1.2 state="translated", 2.0 state="final", PO a plain entry); a fuzzy one as needing
    review (1.2 needs-review-translation with the match in <alt-trans>, 2.0 state="translated" with the
    match in the matches module, PO the fuzzy flag and a "# glossary: 87% match from ..." comment).
    Segments that already have a translation are left alone. IN is never changed.

    \b
    Example:
      glossary pretranslate job.xlf job.pre.xlf
      glossary pretranslate fr.po fr.pre.po --target fr --min 85 --json
    """
    with state.workspace() as ws:
        report = fill(ws, in_path, out_path, source, target, min_score)
    if as_json:
        print_json(_report_json(report, out_path))
        return
    _print_summary(report, out_path)


def _report_json(report: PretranslateReport, out_path: Path) -> dict[str, object]:
    figures = pick(report, "format", "segments", "bands", "already_translated", "not_to_translate")
    filled = ("segment", "line", "score", "source", "match_source", "target", "origin")
    return {"output": out_path, **figures, "filled": [pick(f, *filled) for f in report.filled]}


def _print_summary(report: PretranslateReport, out_path: Path) -> None:
    rows = [[band, str(count)] for band, count in report.bands.items()]
    rows.append(["already translated", str(report.already_translated)])
    if report.not_to_translate:
        rows.append(["not to translate", str(report.not_to_translate)])
    print_table(f"Pre-translation ({report.format})", ["score", "segments"], rows)
    exact = report.bands["100"]
    fuzzy = len(report.filled) - exact
    out.print(
        f"{len(report.filled)} of {report.segments} segments filled ({exact} exact, {fuzzy} fuzzy to review)"
        f" -> {escape(str(out_path))}"
    )
