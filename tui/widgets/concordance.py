"""Concordance hits: where the phrase occurs in the memory, in context and marked, with each unit's target."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from memories.index.concordance import Hit
from tui.render import keyword_in_context, plain, text_column_width

__all__ = ["Concordance"]


class Concordance(DataTable[Text]):
    """One row per hit: the source cut around the phrase (keyword in context), the target whole."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(self, hits: Sequence[Hit], source: str, target: str) -> None:
        width = text_column_width(self.size.width, 0, 2)
        self.clear(columns=True)
        self.add_column(source, width=width)
        self.add_column(target, width=width)
        mark = Style(color=self.app.theme_variables.get("accent"), bold=True)
        for i, hit in enumerate(hits):
            shown = hit.unit.variant(target)
            self.add_row(
                keyword_in_context(hit.variant.text, hit.spans, width, mark),
                plain(shown.text if shown else ""),
                key=str(i),
            )
