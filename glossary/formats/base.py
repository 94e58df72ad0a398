"""What a termbase format module offers the registry: ``FORMAT``, a reader and a writer of concepts."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from glossary.model import Concept
from memories.model import Repairs

__all__ = ["TermbaseFormat", "TermbaseWriteOptions"]


@dataclass(frozen=True)
class TermbaseWriteOptions:
    """What a termbase writer may need beyond the concepts."""

    source: str = "en"
    """The source language (TBX names it on the root element)."""
    languages: tuple[str, ...] | None = None
    """Tables: the language columns, in order; None gives every language of the concepts."""
    neutralize_cells: bool = True
    """Tables: a cell a spreadsheet would run as a formula gets a leading apostrophe."""


@dataclass(frozen=True)
class TermbaseFormat:
    """A termbase exchange format, as its module registers it (``FORMAT``)."""

    name: str
    read: Callable[[Path, str | None, Repairs | None], Iterator[Concept]]
    """``read(path, encoding, repair)``: the concepts, raising ``InputError`` at a line for input it cannot read;
    with ``repair``, an XML format replaces the characters XML 1.0 forbids and records them there."""
    write: Callable[[Path, Iterable[Concept], TermbaseWriteOptions], int]
    """``write(path, concepts, options)``: atomic (a temporary file, then rename); how many were written."""
