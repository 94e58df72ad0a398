"""Rich ``Text`` for the workbench's cells: user text is always literal, colours come from the active theme."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

import regex
from rich.cells import cell_len
from rich.console import Console, ConsoleOptions
from rich.segment import Segment
from rich.style import Style
from rich.text import Text

from glossary.model import Concept, Term
from glossary.terminal import shown
from memories.index.scoring import Difference

__all__ = [
    "CODE_TAG",
    "CellText",
    "band_text",
    "fit",
    "highlighted",
    "keyword_in_context",
    "origin_name",
    "plain",
    "review_mark",
    "tagged_text",
    "term_text",
    "terms_text",
    "text_column_width",
    "visible",
    "when",
]

# Which theme variable colours each band: an exact match reads as success, a weak one as a warning.
_BAND_COLOURS = {"exact": "success", "95–99": "success", "85–94": "primary", "75–84": "warning"}


_GRAPHEME = regex.compile(r"\X")
"""One user-perceived character: a letter with its combining marks, a flag, an emoji ZWJ sequence."""

_ELLIPSIS = "…"


# Control characters in a segment (a line break in a PO entry, a stray escape in a TMX) would end the row
# or reach the terminal as commands; each shows as one visible character instead (glossary.terminal, which
# the command line uses too), so offsets stay valid.
# Terminals that measure by wcwidth (tmux, xterm, VTE) count ❤️ (emoji presentation selector) as 1 cell and
# 👍🏽 (skin-tone modifier) as 4, where rich, which lays the tables out, counts 2 and 2: the rest of the row
# would slide. Shown without them (a zero-width space keeps the offsets), every terminal agrees on the width.
_PRESENTATION = regex.compile("[\ufe0f\U0001f3fb-\U0001f3ff]")
_ZERO_WIDTH_SPACE = "\u200b"


def visible(text: str) -> str:
    """``text`` as a cell shows it: each control character replaced by one printable stand-in, emoji
    presentation selectors and skin tones by a zero-width space (same length, so offsets stay valid)."""
    text = shown(text.replace("\t", " "), one_line=True)
    cell: str = _PRESENTATION.sub(_ZERO_WIDTH_SPACE, text)
    return cell


def fit(text: str, width: int) -> str:
    """``text`` cut to ``width`` terminal cells with an ellipsis, never inside a wide character, a letter's
    combining marks, a flag or an emoji sequence (cut by grapheme clusters, measured with rich's cell_len as
    the layout is)."""
    if cell_len(text) <= width:
        return text
    room = width - cell_len(_ELLIPSIS)
    used = end = 0
    for cluster in _GRAPHEME.finditer(text):
        size = cell_len(cluster.group())
        if used + size > room:
            break
        used += size
        end = cluster.end()
    return text[:end] + _ELLIPSIS if width > 0 else ""


class CellText(Text):
    """A one-line table cell, cut to its column between grapheme clusters: rich alone would split a flag
    in two, or leave a blank where a Chinese character did not fit before the ellipsis."""

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> Iterable[Segment]:
        width = options.max_width
        if cell_len(self.plain) > width:
            cut = fit(self.plain, width)
            shown = self[: len(cut) - 1] if cut else Text("")
            shown.append(_ELLIPSIS if cut else "")
            shown.no_wrap, shown.overflow, shown.end = True, "crop", self.end
            yield from shown.__rich_console__(console, options)
            return
        yield from super().__rich_console__(console, options)


def plain(text: str | None, no_wrap: bool = True) -> Text:
    """A cell holding ``text`` as written (``[bold]`` in a segment is not markup), controls made visible."""
    return CellText(visible(text or ""), no_wrap=no_wrap, overflow="ellipsis")


def _colour(theme: Mapping[str, str], name: str) -> str | None:
    return theme.get(name)


def band_text(score: int, band: str, theme: Mapping[str, str]) -> Text:
    colour = _colour(theme, _BAND_COLOURS.get(band, "error"))
    return Text(f"{score:>3}%", style=Style(color=colour, bold=score == 100), no_wrap=True)


def highlighted(
    text: str, differences: Sequence[Difference], theme: Mapping[str, str], no_wrap: bool = True
) -> Text:
    """The match's source with the stretches that differ from the query marked: a table cell, or, with
    ``no_wrap`` False, a text that wraps whole (the offsets are the same: ``visible`` keeps lengths)."""
    cell = plain(text) if no_wrap else Text(visible(text))
    style = Style(color=_colour(theme, "warning"), bold=True, underline=True)
    for diff in differences:
        start, end = diff.match
        if end > start:
            cell.stylize(style, start, end)
    return cell


def review_mark(status: str, theme: Mapping[str, str]) -> Text:
    """``?`` for a unit nobody has checked (status ``review``: aligned by the machine; ``fuzzy``: a PO fuzzy
    entry), nothing for a translation."""
    if status == "translated":
        return Text("")
    return Text("?", style=Style(color=_colour(theme, "warning"), bold=True), no_wrap=True)


def term_text(term: Term, theme: Mapping[str, str]) -> Text:
    """A term with its status when it is not simply preferred; forbidden and deprecated ones stand out."""
    cell = CellText(visible(term.text), no_wrap=True, overflow="ellipsis")
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
    cell = CellText(no_wrap=True, overflow="ellipsis")
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
        # Back from the hit by whole grapheme clusters, measured in cells: a cut never splits a character.
        for cluster in reversed(list(_GRAPHEME.finditer(text, 0, start))):
            if cell_len(text[cluster.start() : start]) > lead:
                break
            cut = cluster.start()
    line = plain(("…" if cut else "") + text[cut:])
    shift = cut - (1 if cut else 0)
    for start, end in spans:
        if start >= cut:
            line.stylize(style, start - shift, end - shift)
    return line


def origin_name(origin: str | None) -> str:
    """File names only: a parallel import is named after both of its files."""
    return " + ".join(Path(part).name for part in (origin or "").split(" + ") if part)


def when(stamp: str | None) -> str:
    """A stored date for reading: TMX's ``20260102T030405Z`` and ISO 8601 alike become ``2026-01-02 03:04 UTC``."""
    if not stamp:
        return ""
    for form in ("%Y%m%dT%H%M%SZ", "%Y-%m-%dT%H:%M:%SZ"):
        try:
            return datetime.strptime(stamp, form).strftime("%Y-%m-%d %H:%M UTC")
        except ValueError:
            continue
    return stamp


def text_column_width(table_width: int, fixed: int, columns: int) -> int:
    """The width of each of a table's two text columns (source and target): what ``fixed`` cells and the
    padding of the table's ``columns`` columns leave of its width, halved; 10 at least."""
    return max(10, (table_width - fixed - 2 * (columns + 1)) // 2)


CODE_TAG = re.compile(r"\{/?\d+/?\}")
"""An inline code as the editor shows it: ``{1}`` opens, ``{/1}`` closes, ``{2/}`` stands alone."""


def tagged_text(content_tagged: str, theme: dict[str, str]) -> Text:
    """A segment as the editor shows it, its code tags dimmed in the accent colour; never markup."""
    text = Text(visible(content_tagged))
    style = Style(color=theme.get("accent"), bold=True)
    for found in CODE_TAG.finditer(content_tagged):
        text.stylize(style, found.start(), found.end())
    return text
