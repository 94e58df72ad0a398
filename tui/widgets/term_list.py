"""The glossary terms found in the current segment's source, with their target terms (forbidden marked)."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.widgets import DataTable

from glossary.matcher import Match as TermMatch
from tui.render import term_text, terms_text

__all__ = ["TermList"]


class TermList(DataTable[Text]):
    DEFAULT_CSS = """
    TermList { height: auto; max-height: 6; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")

    def show(self, terms: Sequence[TermMatch], target: str) -> None:
        theme = self.app.theme_variables
        width = max(8, (self.size.width - 2 * 3) // 2)
        self.clear(columns=True)
        self.add_column("term", width=width)
        self.add_column(target, width=width)
        for i, found in enumerate(terms):
            self.add_row(term_text(found.term, theme), terms_text(found.concept, target, theme), key=str(i))
