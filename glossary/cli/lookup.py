"""``glossary lookup`` (fuzzy TM matches) and ``glossary concordance`` (segments containing a phrase)."""

from __future__ import annotations

import click
from rich.markup import escape

from glossary.cli.errors import fail
from glossary.cli.options import json_option, min_score_option, source_option, tag_option, target_option
from glossary.cli.output import out, pick, print_json
from glossary.cli.state import State, pass_state
from memories.index.concordance import Hit
from memories.index.concordance import concordance as find_concordance
from memories.index.lookup import Match
from memories.index.lookup import lookup as find_matches

__all__ = ["concordance", "lookup"]

# Band colours the terminal shows; the UI uses its own theme variables.
_BAND_STYLE = {
    "exact": "bold green",
    "95–99": "green",
    "85–94": "cyan",
    "75–84": "yellow",
    "50–74": "magenta",
}


def _marked(text: str, spans: list[tuple[int, int]], style: str) -> str:
    """Rich markup of ``text`` with ``spans`` highlighted; the text itself is escaped, never markup."""
    parts = []
    at = 0
    for start, end in sorted(spans):
        if start < at:
            continue
        parts.append(escape(text[at:start]))
        if start == end:
            parts.append(f"[{style}]^[/]")
        else:
            parts.append(f"[{style}]{escape(text[start:end])}[/]")
        at = end
    parts.append(escape(text[at:]))
    return "".join(parts)


_FLAGS = {
    "review": "aligned by machine, not yet reviewed",
    "fuzzy": "marked fuzzy: a translation not yet checked",
}


def _flag(status: str) -> str:
    """A visible flag for a unit no person has confirmed (``review``: aligned by machine; ``fuzzy``)."""
    return f"  [bold yellow]⚑ {escape(status)}[/] [yellow]({_FLAGS[status]})[/]" if status in _FLAGS else ""


def _match_json(m: Match) -> dict[str, object]:
    return {
        **pick(m, "score", "band", "unit=unit.id", "origin=unit.origin", "status=unit.status"),
        "source": pick(m.source, "lang", "text"),
        "target": pick(m.target, "lang", "text") if m.target else None,
        "penalties": m.penalties,
        "numbers": {"query_only": m.numbers[0], "match_only": m.numbers[1]},
        "differences": m.differences,
    }


def _hit_json(h: Hit) -> dict[str, object]:
    return {
        **pick(h, "unit=unit.id", "origin=unit.origin", "lang=variant.lang", "text=variant.text", "spans"),
        "variants": [pick(v, "lang", "text") for v in h.unit.variants],
        "variant": h.variant_id,  # --before this gives the next page
    }


@click.command()
@click.argument("text")
@source_option
@target_option
@min_score_option(50, "Lowest score shown.")
@click.option("--limit", type=click.IntRange(1, 1000), default=5, show_default=True, help="Matches shown.")
@json_option
@pass_state
def lookup(
    state: State, text: str, source: str, target: str, min_score: int, limit: int, as_json: bool
) -> None:
    """Fuzzy-match TEXT (a segment in the source language) against the translation memory.

    Shows the best matches with their score (100 = identical; 95–99, 85–94, 75–84, 50–74 are the bands),
    the words of the match that differ from TEXT, and the target-language translation. A unit nobody has
    confirmed is flagged: "review" (aligned by machine) or "fuzzy"; --json gives every match's "status".

    \b
    Example:
      glossary lookup "The Security Council decided to remain seized of the matter."
      glossary lookup "构建人类命运共同体" --source zh-CN --target en --min 70 --json
    """
    if not text.strip():
        fail("nothing to look up: give a segment of text")
    with state.workspace(read_only=True) as ws:
        matches = find_matches(ws, text, source, target, min_score, limit)
    if as_json:
        print_json(
            {"query": text, "source": source, "target": target, "matches": [_match_json(m) for m in matches]}
        )
        return
    if not matches:
        out.print(f"No match scoring {min_score} or more.")
        return
    for m in matches:
        style = _BAND_STYLE.get(m.band, "")
        marks = [d.match for d in m.differences if d.kind != "delete"]
        out.print(f"[{style}]{m.score:>3}%[/] " + _marked(m.source.text, marks, "reverse"))
        if m.target is not None:
            out.print("     " + escape(m.target.text))
        notes = []
        if m.numbers[0] or m.numbers[1]:
            query_only, match_only = (", ".join(side) or "none" for side in m.numbers)
            notes.append(f"numbers differ: {query_only} → {match_only}")
        changed = [
            f"{d.query_text or '∅'} → {d.match_text or '∅'}" for d in m.differences if d.kind != "number"
        ]
        if changed:
            notes.append("differs: " + " / ".join(changed))
        other = [p for p in m.penalties if p != "numbers"]
        if other:
            notes.append("differs in " + ", ".join(other))
        where = f"unit {m.unit.id}" + (f", {m.unit.origin}" if m.unit.origin else "")
        out.print("     [dim]" + escape("; ".join([where, *notes])) + "[/]" + _flag(m.unit.status))


@click.command()
@click.argument("phrase")
@click.option("--lang", callback=tag_option, help="Only segments in this language (default: every language).")
@click.option("--limit", type=click.IntRange(1, 10000), default=50, show_default=True, help="Segments shown.")
@click.option(
    "--before",
    type=click.IntRange(1),
    help="Only segments older than this one (the number the last page ends with): the next page.",
)
@json_option
@pass_state
def concordance(
    state: State, phrase: str, lang: str | None, limit: int, before: int | None, as_json: bool
) -> None:
    """Find the segments that contain PHRASE (case, width and punctuation between words do not matter).

    Each hit shows the segment with PHRASE marked, and the unit's other languages; newest first, LIMIT at a
    time (a full page ends with the --before value of the next one).

    \b
    Example:
      glossary concordance "shared future" --lang en
      glossary concordance 命运共同体 --json
      glossary concordance "the" --limit 20 --before 81234
    """
    if not phrase.strip():
        fail("nothing to search for: give a word or phrase")
    with state.workspace(read_only=True) as ws:
        hits = find_concordance(ws, phrase, lang, limit, before=before)
    if as_json:
        print_json({"phrase": phrase, "lang": lang, "hits": [_hit_json(h) for h in hits]})
        return
    if not hits:
        out.print("No segment contains this phrase.")
        return
    for h in hits:
        out.print(f"[bold]{escape(h.variant.lang)}[/] " + _marked(h.variant.text, list(h.spans), "reverse"))
        for v in h.unit.variants:
            if v is not h.variant:
                out.print(f"   [dim]{escape(v.lang)}[/] {escape(v.text)}")
    if len(hits) == limit:
        out.print(f"[dim]next page: --before {hits[-1].variant_id}[/]")
