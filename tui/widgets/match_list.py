"""The memory's matches for the current segment: number to insert it, score band, source with the
differences marked, target and origin."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from memories.index.lookup import Match
from tui.render import band_text, highlighted, origin_name, plain

__all__ = ["MatchList"]


class MatchList(DataTable[Text]):
    DEFAULT_CSS = """
    MatchList { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, matches: Sequence[Match], source: str, target: str) -> None:
        theme = self.app.theme_variables
        width = max(8, (self.size.width - 2 - 4 - 10 - 2 * 5) // 2)
        self.clear(columns=True)
        self.add_column("", width=2)
        self.add_column("%", width=4)
        self.add_column(source, width=width)
        self.add_column(target, width=width)
        self.add_column("origin", width=10)
        for i, match in enumerate(matches):
            self.add_row(
                Text(str(i + 1) if i < 5 else ""),
                band_text(match.score, match.band, theme),
                highlighted(match.source.text, match.differences, theme),
                plain(match.target.text if match.target else ""),
                plain(origin_name(match.unit.origin)),
                key=str(i),
            )
