"""The glossary terms found in the lookup's query: term, its target terms and the concept's status; machine
proposals only when asked for, dimmed."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from glossary.matcher import Match as TermMatch
from tui.render import plain, term_text, terms_text, text_column_width

__all__ = ["LookupTerms"]


class LookupTerms(DataTable[Text]):
    """One row per term found; a candidate (a machine's proposal nobody approved yet) only with ``proposals``."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")

    def show(self, terms: Sequence[TermMatch], target: str, proposals: bool) -> None:
        theme = self.app.theme_variables
        width = text_column_width(self.size.width, 10, 3)
        self.clear(columns=True)
        self.add_column("term", width=width)
        self.add_column(target, width=width)
        self.add_column("status", width=10)
        for i, found in enumerate(terms):
            if found.concept.status == "candidate":
                if not proposals:
                    continue
                # A machine's proposal: shown only when asked, dimmed, and named for what it is.
                cells = (
                    term_text(found.term, theme),
                    terms_text(found.concept, target, theme),
                    plain("proposed"),
                )
                for cell in cells:
                    cell.stylize(Style(dim=True, italic=True))
                self.add_row(*cells, key=str(i))
                continue
            self.add_row(
                term_text(found.term, theme),
                terms_text(found.concept, target, theme),
                plain(found.concept.status),
                key=str(i),
            )
