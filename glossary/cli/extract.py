"""``glossary extract``: candidate terms of the memory, with proposed equivalents, stored as candidates."""

from __future__ import annotations

from pathlib import PurePath

import click
from rich.markup import escape
from rich.table import Table

from glossary.cli.errors import fail
from glossary.cli.options import json_option, tag_option
from glossary.cli.output import out, pick, print_json
from glossary.cli.progress import progress_bars
from glossary.cli.state import State, pass_state
from glossary.harvest import Extraction, extract_into_termbase
from memories.store import Workspace

__all__ = ["extract"]


@click.command()
@click.option("--lang", default="en", show_default=True, callback=tag_option, help="Language of the terms.")
@click.option(
    "--target",
    default="zh-CN",
    show_default=True,
    callback=tag_option,
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
    with state.workspace(read_only=True) as ws:
        chosen = [name for name in (_origin(ws, o) for o in origins) if name is not None]
        origin = ", ".join(chosen) if chosen else None
        if lang == target:
            fail(f"--lang and --target are both {lang}: choose two languages")
        with progress_bars(not as_json) as progress:
            result = extract_into_termbase(ws, lang, target, chosen or None, top, not dry_run, progress)
    if as_json:
        print_json(_as_json(result))
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


def _origin(ws: Workspace, origin: str | None) -> str | None:
    """The origin's stored name; a file name without its folder is accepted when it is unambiguous."""
    if origin is None:
        return None
    names: list[str] = [o.name for o in ws.origins()]
    if origin in names:
        return origin
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


def _as_json(result: Extraction) -> list[dict[str, object]]:
    candidate_fields = ("term=text", "kind", "score", "frequency", "documents", "units=unit_count", "factors")
    rows = []
    for n, candidate in enumerate(result.candidates):
        proposal = result.proposals[n] if result.proposals else None
        equivalents = [
            {
                **pick(e, "text", "confidence", "support", "known", "weak"),
                "evidence": [pick(p, "unit=unit_id", "source", "target") for p in e.evidence],
            }
            for e in (proposal.equivalents if proposal else ())
        ]
        rows.append(
            {
                "rank": n + 1,
                **pick(candidate, *candidate_fields),
                "concept": result.concept_ids[n],
                "units_with_target": proposal.units if proposal else 0,
                "equivalents": equivalents,
            }
        )
    return rows
