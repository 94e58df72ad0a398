"""Messages the workbench's widgets post up to their screens, and screens up to the app ("attributes down,
messages up")."""

from __future__ import annotations

from textual.message import Message

from tui.workbench import LanguagePair

__all__ = ["ConfirmRequested", "EditRefused", "MatchPicked", "PairChosen", "SegmentChosen"]


class ConfirmRequested(Message):
    """The translator pressed Enter in the target editor: confirm the segment and go on."""


class EditRefused(Message):
    """The translator typed into the target editor of a locked segment (read-only): the screen says why."""


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


class PairChosen(Message):
    """The translator chose another language pair (swapped it, or the next target): the app makes it its
    ``pair``, and every screen watching that reactive follows."""

    def __init__(self, pair: LanguagePair) -> None:
        super().__init__()
        self.pair = pair
