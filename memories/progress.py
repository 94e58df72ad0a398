"""The one way long work reports how far it has got: imports, extraction, alignment, exports, the UI's transfers."""

from __future__ import annotations

from typing import Protocol

__all__ = ["Progress"]


class Progress(Protocol):
    """Called as ``progress(stage, done, total)`` while work runs, every few hundred items at most.

    ``stage`` is what is being done, in words a translator reads on a progress bar ("statement.tmx",
    "counting phrases"); ``done`` counts the items finished in that stage so far; ``total`` is how many there will
    be, or None when it is not known in advance (a file read as a stream). A new ``stage`` starts a new bar.
    """

    def __call__(self, stage: str, done: int, total: int | None, /) -> None: ...
