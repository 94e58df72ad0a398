"""The QA findings of the current segment: kind and message."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from glossary.qa import Issue
from tui.render import plain

__all__ = ["QaList"]


class QaList(DataTable[Text]):
    DEFAULT_CSS = """
    QaList { height: auto; max-height: 5; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")

    def show(self, issues: Sequence[Issue]) -> None:
        colour = self.app.theme_variables.get("warning")
        self.clear(columns=True)
        self.add_column("kind", width=12)
        self.add_column("finding", width=max(10, self.size.width - 12 - 2 * 3))
        for i, issue in enumerate(issues):
            self.add_row(Text(issue.kind, style=Style(color=colour)), plain(issue.message), key=str(i))
