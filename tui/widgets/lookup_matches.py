"""The lookup's translation-memory matches: score band with a review mark, source with the differences from the
query marked, target and origin."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from memories.index.lookup import Match
from tui.render import band_text, highlighted, origin_name, plain, review_mark, text_column_width

__all__ = ["LookupMatches"]

_ORIGIN_WIDTH = 14


class LookupMatches(DataTable[Text]):
    """One row per match, best first; the screen shows the highlighted one whole below (``MatchDetail``)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, matches: Sequence[Match], source: str, target: str) -> None:
        theme = self.app.theme_variables
        width = text_column_width(self.size.width, 5 + _ORIGIN_WIDTH, 4)
        self.clear(columns=True)
        self.add_column("%", width=5)
        self.add_column(source, width=width)
        self.add_column(target, width=width)
        self.add_column("origin", width=_ORIGIN_WIDTH)
        for i, match in enumerate(matches):
            # "?" after the score: a unit nobody has checked (aligned by the machine, a PO fuzzy entry).
            self.add_row(
                band_text(match.score, match.band, theme).append_text(review_mark(match.unit.status, theme)),
                highlighted(match.source.text, match.differences, theme),
                plain(match.target.text if match.target else ""),
                plain(origin_name(match.unit.origin)),
                key=str(i),
            )
