"""The document's segments in order: number, status, the match score it started from, source and target."""

from __future__ import annotations

from collections.abc import Sequence

from rich.style import Style
from rich.text import Text
from textual import on
from textual.widgets import DataTable

from glossary.editing import EditSegment, to_tagged
from tui.messages import SegmentChosen
from tui.render import plain

__all__ = ["STATUS_LABELS", "SegmentList"]

STATUS_LABELS = {"new": "new", "draft": "draft", "translated": "done", "reviewed": "revd", "locked": "lock"}
_STATUS_COLOURS = {"draft": "warning", "translated": "success", "reviewed": "primary", "locked": "secondary"}


class SegmentList(DataTable[Text]):
    """One row per segment; choosing a row posts ``SegmentChosen``. The screen says which segments to show."""

    DEFAULT_CSS = """
    SegmentList { height: 1fr; }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)
        self._numbers: list[int] = []

    def show(self, segments: Sequence[EditSegment], current: int | None) -> None:
        """List ``segments``; the cursor on segment number ``current`` when it is among them."""
        width = max(10, (self.size.width - 5 - 5 - 4 - 2 * 6) // 2)
        self.clear(columns=True)
        self.add_column("#", width=5)
        self.add_column("st", width=5)
        self.add_column("%", width=4)
        self.add_column("source", width=width)
        self.add_column("target", width=width)
        self._numbers = [s.number for s in segments]
        for segment in segments:
            self.add_row(*self._cells(segment), key=str(segment.number))
        if current in self._numbers:
            self.move_cursor(row=self._numbers.index(current), scroll=True)

    def refresh_segment(self, segment: EditSegment) -> None:
        if segment.number not in self._numbers:
            return
        for column, cell in zip(self.columns, self._cells(segment), strict=True):
            self.update_cell(str(segment.number), column, cell)

    def point_at(self, number: int) -> None:
        if number in self._numbers:
            self.move_cursor(row=self._numbers.index(number), scroll=True)

    def _cells(self, segment: EditSegment) -> tuple[Text, ...]:
        theme = self.app.theme_variables
        status = Text(STATUS_LABELS[segment.status], no_wrap=True)
        colour = theme.get(_STATUS_COLOURS.get(segment.status, ""))
        if colour:
            status.stylize(Style(color=colour))
        if segment.propagated:
            status.append("+", style=Style(color=theme.get("accent")))
        score = Text("" if segment.score is None else f"{segment.score:>3}", no_wrap=True)
        target = to_tagged(segment.target) if segment.target is not None else ""
        return (
            Text(f"{segment.number:>4}", no_wrap=True),
            status,
            score,
            plain(to_tagged(segment.source)),
            plain(target),
        )

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(SegmentChosen(int(event.row_key.value)))
