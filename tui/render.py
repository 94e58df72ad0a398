"""Rich ``Text`` for the workbench's cells: user text is always literal, colours come from the active theme."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rich.cells import cell_len
from rich.style import Style
from rich.text import Text

from glossary.model import Concept, Term
from memories.search import Difference

__all__ = [
    "band_text",
    "highlighted",
    "keyword_in_context",
    "origin_name",
    "plain",
    "term_text",
    "terms_text",
]

# Which theme variable colours each band: an exact match reads as success, a weak one as a warning.
_BAND_COLOURS = {"exact": "success", "95–99": "success", "85–94": "primary", "75–84": "warning"}


def plain(text: str | None, no_wrap: bool = True) -> Text:
    """A cell holding ``text`` exactly as written: ``[bold]`` in a segment is not markup."""
    return Text(text or "", no_wrap=no_wrap, overflow="ellipsis")


def _colour(theme: Mapping[str, str], name: str) -> str | None:
    return theme.get(name)


def band_text(score: int, band: str, theme: Mapping[str, str]) -> Text:
    colour = _colour(theme, _BAND_COLOURS.get(band, "error"))
    return Text(f"{score:>3}%", style=Style(color=colour, bold=score == 100), no_wrap=True)


def highlighted(text: str, differences: Sequence[Difference], theme: Mapping[str, str]) -> Text:
    """The match's source with the stretches that differ from the query marked."""
    cell = plain(text)
    style = Style(color=_colour(theme, "warning"), bold=True, underline=True)
    for diff in differences:
        start, end = diff.match
        if end > start:
            cell.stylize(style, start, end)
    return cell


def term_text(term: Term, theme: Mapping[str, str]) -> Text:
    """A term with its status when it is not simply preferred; forbidden and deprecated ones stand out."""
    cell = Text(term.text)
    if term.status == "forbidden":
        cell.stylize(Style(color=_colour(theme, "error"), strike=True))
        cell.append(" (forbidden)", style=Style(color=_colour(theme, "error")))
    elif term.status == "deprecated":
        cell.stylize(Style(color=_colour(theme, "warning")))
        cell.append(" (deprecated)", style=Style(color=_colour(theme, "warning")))
    elif term.status == "admitted":
        cell.append(" (admitted)", style=Style(dim=True))
    return cell


def terms_text(concept: Concept, lang: str, theme: Mapping[str, str]) -> Text:
    cell = Text(no_wrap=True, overflow="ellipsis")
    for i, term in enumerate(concept.terms_in(lang)):
        if i:
            cell.append(" · ")
        cell.append_text(term_text(term, theme))
    return cell


def keyword_in_context(text: str, spans: Sequence[tuple[int, int]], width: int, style: Style | str) -> Text:
    """A concordance line: the first hit a third of the way into a column ``width`` cells wide, every hit
    marked, the start cut with an ellipsis when the hit would otherwise be off screen."""
    cut = 0
    if spans:
        start = spans[0][0]
        lead = max(1, width // 3)
        cut = start
        while cut > 0 and cell_len(text[cut - 1 : start]) <= lead:
            cut -= 1
    line = plain(("…" if cut else "") + text[cut:])
    shift = cut - (1 if cut else 0)
    for start, end in spans:
        if start >= cut:
            line.stylize(style, start - shift, end - shift)
    return line


def origin_name(origin: str | None) -> str:
    """File names only: a parallel import is named after both of its files."""
    return " + ".join(Path(part).name for part in (origin or "").split(" + ") if part)
