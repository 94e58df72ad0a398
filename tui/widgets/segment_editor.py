"""The target of the current segment: text with inline codes as tags that are deleted whole, never broken."""

from __future__ import annotations

from textual import events

from tui.messages import ConfirmRequested, EditRefused, MatchPicked
from tui.render import CODE_TAG
from tui.widgets.fields import SafeTextArea

__all__ = ["TargetEditor"]


class TargetEditor(SafeTextArea):
    """A text area (control characters never drawn: the segment comes from a file) where Enter confirms
    (``ConfirmRequested``), a digit 1-5 right after ctrl+n picks a match (``MatchPicked``), typing into a
    locked segment (read-only) is told (``EditRefused``), and Backspace/Delete next to a code tag (``{1}``,
    ``{/1}``, ``{2/}``) remove the whole tag, so that a code is moved or dropped, never half-cut."""

    DEFAULT_CSS = """
    TargetEditor { height: 5; }
    """

    picking = False
    """ctrl+n was pressed: the next key, a digit 1-5, picks a match (``MatchPicked``) instead of typing it."""

    async def _on_key(self, event: events.Key) -> None:
        if self.picking:
            self.picking = False
            if event.character is not None and event.character in "12345" and len(event.character) == 1:
                event.stop()
                event.prevent_default()
                self.post_message(MatchPicked(int(event.character)))
                return
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(ConfirmRequested())
            return
        if self.read_only and (event.is_printable or event.key in ("backspace", "delete")):
            self.post_message(EditRefused())  # a locked segment: typing changes nothing, and is told why
        await super()._on_key(event)

    def _tag_at(self, row: int, column: int, before: bool) -> tuple[int, int] | None:
        line = self.document[row]
        for found in CODE_TAG.finditer(line):
            if (before and found.end() == column) or (not before and found.start() == column):
                return found.start(), found.end()
        return None

    def action_delete_left(self) -> None:
        if self.selection.is_empty:
            row, column = self.cursor_location
            tag = self._tag_at(row, column, before=True)
            if tag is not None:
                self._delete_via_keyboard((row, tag[0]), (row, tag[1]))
                return
        super().action_delete_left()

    def action_delete_right(self) -> None:
        if self.selection.is_empty:
            row, column = self.cursor_location
            tag = self._tag_at(row, column, before=False)
            if tag is not None:
                self._delete_via_keyboard((row, tag[0]), (row, tag[1]))
                return
        super().action_delete_right()
