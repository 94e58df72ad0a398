"""Messages the workbench's widgets post up to their screens ("attributes down, messages up")."""

from __future__ import annotations

from textual.message import Message

__all__ = ["ConfirmRequested", "MatchPicked", "SegmentChosen"]


class ConfirmRequested(Message):
    """The translator pressed Enter in the target editor: confirm the segment and go on."""


class SegmentChosen(Message):
    """The translator chose a segment in the list (by its 1-based number)."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class MatchPicked(Message):
    """The translator pressed a digit 1-5 right after ctrl+n in the target editor: insert that match."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number
