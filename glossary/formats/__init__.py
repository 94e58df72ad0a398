"""Termbase exchange formats: TBX (v3 TBX-Basic, and v2 "martif") and CSV/TSV with language-tag headers.

Each module offers ``read(path) -> Iterator[Concept]`` (raising ``InputError`` at a line for input it cannot
read) and ``write(path, concepts) -> int`` (atomic: a temporary file, then rename).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path

from glossary.model import Concept
from memories.errors import InputError

__all__ = ["TERMBASE_SUFFIXES", "is_termbase_table", "read_termbase", "write_termbase"]

TERMBASE_SUFFIXES = (".tbx", ".tsv", ".csv", ".tab")


def _kind(path: Path) -> str:
    suffix = path.suffix.lower()
    if suffix == ".tbx":
        return "tbx"
    if suffix in (".tsv", ".csv", ".tab"):
        return "table"
    raise InputError(path, "not a termbase file name", hint="termbases are .tbx, .tsv or .csv")


def is_termbase_table(path: Path, encoding: str | None = None) -> bool:
    """Whether a CSV/TSV file's header marks it as a termbase (see ``glossary.formats.tabular``)."""
    from glossary.formats import tabular

    return tabular.is_termbase(path, encoding)


def read_termbase(path: Path, encoding: str | None = None) -> Iterator[Concept]:
    if _kind(path) == "tbx":
        from glossary.formats import tbx

        return tbx.read(path)
    from glossary.formats import tabular

    return tabular.read(path, encoding)


def write_termbase(
    path: Path,
    concepts: Iterable[Concept],
    languages: tuple[str, ...] | None = None,
    neutralize_cells: bool = True,
) -> int:
    if _kind(path) == "tbx":
        from glossary.formats import tbx

        return tbx.write(path, concepts)
    from glossary.formats import tabular

    return tabular.write(path, concepts, languages, neutralize_cells)
