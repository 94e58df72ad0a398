"""``glossary extract``: candidate terms of the memory, with proposed equivalents, stored as candidates."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape
from rich.table import Table

from glossary.cli import State, _errors_as_lines, _tag_option, cli, err, fail, json_option, out, pass_state

if TYPE_CHECKING:
    from glossary.harvest import Extraction

_STAGES = {"reading": "Reading segments", "counting": "Counting phrases", "scoring": "Scoring"}


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int, int | None], None] | None]:
    """A transient progress bar on stderr, one task per stage, started when the first figures arrive."""
    if not enabled:
        yield None
        return
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    bar: Progress | None = None
    tasks: dict[str, Any] = {}

    def update(stage: str, done: int, total: int | None) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(bar_width=None),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            bar.start()
        if stage not in tasks:
            tasks[stage] = bar.add_task(_STAGES.get(stage, stage.capitalize()), total=total)
        bar.update(tasks[stage], completed=done, total=total)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


@cli.command()
@click.option("--lang", default="en", show_default=True, callback=_tag_option, help="Language of the terms.")
@click.option(
    "--target",
    default="zh-CN",
    show_default=True,
    callback=_tag_option,
    help="Language of the proposed equivalents.",
)
@click.option(
    "--origin",
    "origins",
    multiple=True,
    help="Only the units imported from this file (as `glossary stats` names it); give it several times "
    "for several files.",
)
@click.option("--top", type=click.IntRange(min=1), default=50, show_default=True, help="How many candidates.")
@click.option("--dry-run", is_flag=True, help="Show the candidates without storing them in the termbase.")
@json_option
@pass_state
def extract(
    state: State, lang: str, target: str, origins: tuple[str, ...], top: int, dry_run: bool, as_json: bool
) -> None:
    """Find the fixed phrases of the memory's LANG segments and propose their TARGET equivalents.

    Candidates are ranked by termhood against general language, unithood, C-value, recurrence across
    documents and the shape of names; equivalents come from the aligned units (Dice), termbase entries
    first. The candidates are stored in the termbase with status "candidate"; running again updates them
    and never touches a concept a person approved, edited or rejected.

    \b
    Example:
      glossary extract --top 40
      glossary extract --lang zh-CN --target en --origin reports.tsv --json
      glossary extract --origin press-2023.tmx --origin press-2024.tmx
    """
    from glossary.harvest import extract_into_termbase

    ws = state.open(read_only=True)
    try:
        with _errors_as_lines():
            chosen = [name for name in (_origin(ws, o) for o in origins) if name is not None]
            origin = ", ".join(chosen) if chosen else None
            if lang == target:
                fail(f"--lang and --target are both {lang}: choose two languages")
            with _progress(not as_json) as progress:
                result = extract_into_termbase(ws, lang, target, chosen or None, top, not dry_run, progress)
    finally:
        ws.close()
    if as_json:
        out.print_json(data=_as_json(result))
        return
    if not result.candidates:
        out.print(
            f"No candidate terms: the memory has no {lang} segments" + (f" in {origin}." if origin else ".")
        )
        return
    _print_table(result, target)
    if result.stored is not None:
        s = result.stored
        out.print(
            f"Termbase: {s.added} candidates added, {s.updated} updated, {s.unchanged} unchanged, "
            f"{s.kept} left as they were "
            "(approved, rejected, edited or from a termbase)."
        )


def _origin(ws: Any, origin: str | None) -> str | None:
    """The origin's stored name; a file name without its folder is accepted when it is unambiguous."""
    if origin is None:
        return None
    names: list[str] = [o.name for o in ws.origins()]
    if origin in names:
        return origin
    from pathlib import PurePath

    same = [n for n in names if PurePath(n).name == PurePath(origin).name]
    if len(same) == 1:
        return same[0]
    known = ", ".join(names[:5]) or "none"
    fail(f"no origin {origin!r} in the workspace (origins: {known})")


def _print_table(result: Extraction, target: str) -> None:
    table = Table()
    table.add_column("rank", justify="right")
    table.add_column("term")
    table.add_column("kind")
    table.add_column("score", justify="right")
    table.add_column("freq", justify="right")
    table.add_column("docs", justify="right")
    table.add_column(f"proposed {target}")
    table.add_column("confidence", justify="right")
    for n, candidate in enumerate(result.candidates):
        best = result.proposals[n].best if result.proposals else None
        equivalent = "" if best is None else escape(best.text) + (" (termbase)" if best.known else "")
        confidence = (
            "" if best is None else f"{best.confidence:.2f} ({best.support})" + (" weak" if best.weak else "")
        )
        table.add_row(
            str(n + 1),
            escape(candidate.text),
            candidate.kind,
            f"{candidate.score:.1f}",
            str(candidate.frequency),
            str(candidate.documents),
            equivalent,
            confidence,
        )
    out.print(table)


def _as_json(result: Extraction) -> list[dict[str, Any]]:
    rows = []
    for n, candidate in enumerate(result.candidates):
        proposal = result.proposals[n] if result.proposals else None
        rows.append(
            {
                "rank": n + 1,
                "term": candidate.text,
                "kind": candidate.kind,
                "score": candidate.score,
                "frequency": candidate.frequency,
                "documents": candidate.documents,
                "units": candidate.unit_count,
                "factors": candidate.factors,
                "concept": result.concept_ids[n],
                "units_with_target": proposal.units if proposal else 0,
                "equivalents": [
                    {
                        "text": e.text,
                        "confidence": e.confidence,
                        "support": e.support,
                        "known": e.known,
                        "weak": e.weak,
                        "evidence": [
                            {"unit": p.unit_id, "source": p.source, "target": p.target} for p in e.evidence
                        ],
                    }
                    for e in (proposal.equivalents if proposal else ())
                ],
            }
        )
    return rows
