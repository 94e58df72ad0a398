"""``glossary check``: a translation held against the glossary (and, with --all, every QA check)."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from rich.markup import escape

from glossary.analysis import exact_matches
from glossary.cli.errors import fail
from glossary.cli.options import json_option, source_option, target_option
from glossary.cli.output import err, out, pick, print_json
from glossary.cli.state import State, pass_state
from glossary.qa import Finding, Issue, check_bilingual, check_file
from glossary.termbase import Termbase

__all__ = ["check"]

FINDINGS_EXIT = 1


def _finding_json(f: Finding) -> dict[str, object]:
    return pick(
        f,
        "file=path",
        "line",
        "source_term",
        "expected",
        "found",
        "missing",
        "concept=concept_id",
        "source",
        "target",
    )


def _issue_json(file: Path, i: Issue) -> dict[str, object]:
    return {"file": file, **pick(i, "line", "segment", "kind", "message")}


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["tmx", "po", "tsv", "xliff"]), help="Default: from FILE's name."
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Every QA check (numbers, inline codes, untranslated, doubled words, whitespace, end punctuation,"
    " consistency), not only terminology.",
)
@click.option(
    "--candidates",
    is_flag=True,
    help="Hold the file against extraction's unreviewed candidate concepts too, not only approved ones.",
)
@source_option
@target_option
@json_option
@pass_state
def check(
    state: State,
    file: Path,
    fmt: str | None,
    every: bool,
    candidates: bool,
    source: str,
    target: str,
    as_json: bool,
) -> None:
    """Check a translation against the glossary's approved concepts (--candidates: extraction's
    unreviewed ones too): missing target terms and deprecated or forbidden ones. A clean file gets one line
    saying so.

    Prints `file:line: source term -> expected target (found: ...)` for each problem; with --all, every
    QA check as `file:line: kind: message`. Exit status: 0 when clean, 1 when something was found, 2 when
    the file cannot be read.

    \b
    Example:
      glossary check translated.tmx --source en --target zh-CN
      glossary check statement.zh_CN.po --all --json
    """
    if not file.is_file():
        fail(f"{file}: no such file" if not file.exists() else f"{file}: not a file")
    with state.workspace(read_only=True) as ws:
        termbase = Termbase(ws)
        if not termbase.count():
            err.print("glossary: warning: the termbase is empty (glossary import terms.tbx fills it)")
        if every:
            memory = exact_matches(ws, file, source, target)
            issues = check_bilingual(file, source, target, fmt, termbase, memory)
        else:
            findings = list(check_file(termbase, file, source, target, fmt, candidates))
            wanted = ("approved", "candidate") if candidates else ("approved",)
            checked = sum(1 for c in termbase.concepts() if c.status in wanted)
    if every:
        _print_issues(file, issues, as_json)
        if issues:
            sys.exit(FINDINGS_EXIT)
        if not as_json:
            out.print(escape(f"{file}: no problems found by any QA check"))
        return
    if as_json:
        print_json([_finding_json(f) for f in findings])
    elif findings:
        for finding in findings:
            out.print(escape(str(finding)))
    else:
        # Silence would look the same as a check that did not run.
        what = "approved and candidate" if candidates else "approved"
        out.print(escape(f"{file}: no terminology problems ({checked:,} {what} concepts checked)"))
    if findings:
        sys.exit(FINDINGS_EXIT)


def _print_issues(file: Path, issues: list[Issue], as_json: bool) -> None:
    """Every QA finding of ``file``, as JSON or one line each."""
    if as_json:
        print_json([_issue_json(file, i) for i in issues])
        return
    for issue in issues:
        where = f"{file}:{issue.line}" if issue.line is not None else f"{file}: segment {issue.segment}"
        out.print(escape(f"{where}: {issue.kind}: {issue.message}"))
