"""The alignment review screen: two versions of a document pair by pair, fixed and accepted before import."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.coordinate import Coordinate
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, Footer, Header, Input, Label, Static, TextArea

from glossary.aligning import Aligned, align_files
from glossary.terminal import shown
from memories.align_review import ACCEPTED, UNALIGNED, AlignmentReview, SideName, import_reviewed
from memories.errors import GlossaryError
from memories.progress import Progress
from memories.store import Workspace
from tui.widgets.fields import FormError, SafeTextArea, language_row, path_input, tag
from tui.work import WorkDialog
from tui.workbench import workbench

__all__ = ["AlignDialog", "AlignReviewScreen", "SplitDialog"]

_MARKS = {ACCEPTED: "✓", UNALIGNED: "✗"}
_SOURCE_COLUMN, _TARGET_COLUMN = 2, 3


class AlignDialog(WorkDialog[Aligned]):
    """Two files and their languages; aligns them in a thread (learning the workspace's lexicon takes a few
    seconds) and gives the alignment back for review."""

    HEADING = "Align two documents"
    GO = "Align"
    STAGES: ClassVar[dict[str, str]] = {"align": "Aligning"}

    def __init__(self, workspace: Workspace, source: str = "en", target: str = "zh-CN") -> None:
        super().__init__(workspace)
        self.source, self.target = source, target

    def form(self) -> ComposeResult:
        with Horizontal(classes="dialog-row"):
            yield Label("Source file", classes="field")
            yield path_input("press.en.txt")
        with Horizontal(classes="dialog-row"):
            yield Label("Target file", classes="field")
            yield path_input("press.zh.txt", id="target-path")
        yield from language_row(self.source, self.target, "not used here")

    def submit(self) -> None:
        source_text = self.query_one("#path", Input).value.strip()
        target_text = self.query_one("#target-path", Input).value.strip()
        if not source_text or not target_text:
            raise FormError("name both files: the source version and the target version")
        source = tag(self.query_one("#source", Input).value, "Source")
        target = tag(self.query_one("#target", Input).value, "Target")
        source_path, target_path = Path(source_text).expanduser(), Path(target_text).expanduser()
        ws = self.workspace

        def run(report: Progress) -> Aligned:
            return align_files(ws, source_path, target_path, source, target)

        self.start(run, "align")


class SplitDialog(ModalScreen[int | None]):
    """One side of a pair, read-only, with a cursor: enter splits the pair where the cursor is."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "split", "Split here", priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(
                Text("Move the cursor where the pair should split, then press enter"), classes="dialog-title"
            )
            yield SafeTextArea(self.text, read_only=True, soft_wrap=True, id="split-text")

    def on_mount(self) -> None:
        self.query_one(TextArea).focus()

    def action_split(self) -> None:
        area = self.query_one(TextArea)
        row, column = area.cursor_location
        lines = self.text.split("\n")
        self.dismiss(sum(len(line) + 1 for line in lines[:row]) + column)

    def action_cancel(self) -> None:
        self.dismiss(None)


class AlignReviewScreen(Screen[None]):
    """The pairs in two columns, flagged ones marked ⚑ and coloured; left and right choose the side that
    the moves and the split act on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("u", "move_up", "Sentence up"),
        Binding("d", "move_down", "Sentence down"),
        Binding("j", "join", "Join with next"),
        Binding("s", "split", "Split at cursor"),
        Binding("x", "unalign", "No counterpart"),
        Binding("a", "accept", "Accept pair"),
        Binding("A", "accept_unflagged", "Accept unflagged"),
        Binding("i", "import_accepted", "Import accepted"),
        Binding("escape", "close", "Close"),
    ]

    def __init__(self, review: AlignmentReview, origin: str) -> None:
        super().__init__()
        self.review = review
        self.origin = origin

    @classmethod
    def of(cls, aligned: Aligned) -> AlignReviewScreen:
        return cls(AlignmentReview(aligned.alignment), aligned.origin)

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Static(id="align-summary")
            yield DataTable(id="align-pairs", cursor_type="cell", zebra_stripes=True)
            yield Static(id="align-reason")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "Alignment review"
        self.sub_title = self.origin
        table = self._table
        width = max(40, self.app.size.width - 12)
        table.add_column("#", width=4)
        table.add_column("", width=1)
        table.add_column(self.review.source_lang, width=width // 2)
        table.add_column(self.review.target_lang, width=width - width // 2)
        self._show(0)
        table.move_cursor(row=0, column=_SOURCE_COLUMN)
        table.focus()

    @property
    def _table(self) -> DataTable[Text]:
        table: DataTable[Text] = self.query_one("#align-pairs", DataTable)
        return table

    @property
    def row(self) -> int:
        return self._table.cursor_coordinate.row

    @property
    def side(self) -> SideName:
        return "target" if self._table.cursor_coordinate.column == _TARGET_COLUMN else "source"

    def _show(self, row: int) -> None:
        """Draw every row again and put the cursor on ``row`` (same column)."""
        table = self._table
        column = max(table.cursor_coordinate.column, _SOURCE_COLUMN)
        table.clear()
        for k, pair in enumerate(self.review.rows):
            flagged = pair.flagged and pair.state not in _MARKS
            style = "bold yellow" if flagged else "dim" if pair.state == UNALIGNED else ""
            mark = _MARKS.get(pair.state, "⚑" if flagged else "")
            table.add_row(
                Text(str(k + 1), style=style),
                Text(mark, style=style),
                # Sentences of the documents being aligned: shown, never obeyed (ESC [2J would clear the screen).
                Text(shown(self.review.text(k, "source")), style=style),
                Text(shown(self.review.text(k, "target")), style=style),
                height=None,
            )
        if self.review.rows:
            table.cursor_coordinate = Coordinate(min(row, len(self.review.rows) - 1), column)
        self._summarise()

    def _summarise(self) -> None:
        counts = self.review.counts()
        self.query_one("#align-summary", Static).update(
            Text(
                f"{len(self.review):,} rows: {counts[ACCEPTED]:,} accepted, {counts['flagged']:,} flagged to "
                f"check, {counts[UNALIGNED]:,} without counterpart"
            )
        )
        reason = ""
        if self.review.rows and 0 <= self.row < len(self.review.rows):
            pair = self.review.rows[self.row]
            reason = f"Flagged: {pair.reason}" if pair.flagged and pair.reason else ""
        self.query_one("#align-reason", Static).update(Text(reason))

    @on(DataTable.CellHighlighted)
    def _moved(self) -> None:
        self._summarise()

    def _edit(self, row: int) -> None:
        self._show(row)

    def action_move_up(self) -> None:
        if self.review.rows:
            self._edit(self.review.move_up(self.row, self.side))

    def action_move_down(self) -> None:
        if self.review.rows:
            self._edit(self.review.move_down(self.row, self.side))

    def action_join(self) -> None:
        if self.review.rows:
            self._edit(self.review.join(self.row))

    def action_unalign(self) -> None:
        if self.review.rows:
            self._edit(min(self.review.unalign(self.row) + 1, len(self.review.rows) - 1))

    def action_accept(self) -> None:
        if self.review.rows:
            self._edit(min(self.review.accept(self.row) + 1, len(self.review.rows) - 1))

    def action_accept_unflagged(self) -> None:
        accepted = self.review.accept_unflagged()
        self.notify(f"{accepted:,} unflagged pairs accepted", markup=False)
        self._edit(self.row)

    def action_split(self) -> None:
        if not self.review.rows:
            return
        row, side = self.row, self.side

        def split(offset: int | None) -> None:
            if offset is not None:
                self._edit(self.review.split(row, side, offset))

        self.app.push_screen(SplitDialog(self.review.text(row, side)), split)

    def action_import_accepted(self) -> None:
        try:
            added, present = import_reviewed(workbench(self).workspace, self.review, self.origin)
        except GlossaryError as exc:
            self.notify(str(exc), severity="error", markup=False)
            return
        self.notify(
            f"{added:,} pairs imported, {present:,} already present (origin {self.origin})",
            title="Alignment",
            markup=False,
            timeout=10,
        )
        self.app.pop_screen()

    def action_close(self) -> None:
        self.notify("Alignment review closed: nothing imported", markup=False)
        self.app.pop_screen()
