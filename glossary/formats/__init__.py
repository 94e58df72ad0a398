"""Every file format the workspace reads or writes, in one registry by kind: memory, termbase, document.

Memory formats are ``memories.formats``'s and documents ``memories.documents``'s (each registered there);
the termbase formats are here: ``tbx`` (TBX v3 TBX-Basic, v2 "martif" read) and ``table`` (CSV/TSV with
language-tag headers). A termbase format is one module exposing ``FORMAT`` (a ``TermbaseFormat``), registered
once in ``_TERMBASE_MODULES`` and ``_TERMBASE_SUFFIXES`` below. The CLI (through ``glossary.transfer``) and the
workbench ask ``detect``/``find`` which format a file's name says, instead of reading suffixes themselves.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from glossary.formats.base import TermbaseFormat, TermbaseWriteOptions
from glossary.model import Concept
from memories.documents import detect_document_format
from memories.errors import InputError
from memories.formats import detect_format
from memories.model import Repairs

__all__ = [
    "TABLE_SUFFIXES",
    "TBX",
    "TERMBASE_SUFFIXES",
    "TERMBASE_TABLE",
    "FileFormat",
    "Kind",
    "TermbaseFormat",
    "TermbaseWriteOptions",
    "detect",
    "find",
    "is_table",
    "is_termbase_table",
    "read_termbase",
    "termbase_format",
    "write_termbase",
]


class Kind(StrEnum):
    """What a file holds."""

    MEMORY = "memory"
    TERMBASE = "termbase"
    DOCUMENT = "document"


@dataclass(frozen=True)
class FileFormat:
    """A format of the registry: its kind and its name (what ``--format`` takes)."""

    kind: Kind
    name: str


# name -> module holding FORMAT, loaded on first use (TBX needs lxml). Add a termbase format here once.
_TERMBASE_MODULES: dict[str, str] = {
    "tbx": "glossary.formats.tbx",
    "table": "glossary.formats.tabular",
}
TABLE_SUFFIXES = (".tsv", ".csv", ".tab")
"""A table: a memory (``tsv``) or a termbase (``table``), as its header or the user says."""
_TERMBASE_SUFFIXES: dict[str, str] = {".tbx": "tbx", **dict.fromkeys(TABLE_SUFFIXES, "table")}
TERMBASE_SUFFIXES = tuple(_TERMBASE_SUFFIXES)

TBX = FileFormat(Kind.TERMBASE, "tbx")
TERMBASE_TABLE = FileFormat(Kind.TERMBASE, "table")


def detect(path: Path, kind: Kind | None = None) -> FileFormat:
    """The format of ``kind`` a file's name says it has. Without a kind, what ``glossary import`` reads: a
    .tbx is a termbase, anything else a memory format (a table is a memory until its header or the user
    says termbase: see ``glossary.transfer.is_termbase_file``); documents are asked for by kind."""
    suffix = path.suffix.lower()
    if kind is Kind.TERMBASE:
        if suffix not in _TERMBASE_SUFFIXES:
            raise InputError(path, "not a termbase file name", hint="termbases are .tbx, .tsv or .csv")
        return FileFormat(Kind.TERMBASE, _TERMBASE_SUFFIXES[suffix])
    if kind is Kind.DOCUMENT:
        return FileFormat(Kind.DOCUMENT, detect_document_format(path))
    if kind is None and _TERMBASE_SUFFIXES.get(suffix) == "tbx":
        return TBX
    return FileFormat(Kind.MEMORY, detect_format(path))


def find(path: Path, kind: Kind | None = None) -> FileFormat | None:
    """``detect``, or None when the name says no format of ``kind``."""
    try:
        return detect(path, kind)
    except InputError:
        return None


def is_table(path: Path) -> bool:
    """Whether the file's name is a CSV/TSV table's."""
    return path.suffix.lower() in TABLE_SUFFIXES


def termbase_format(name: str) -> TermbaseFormat:
    """The termbase format registered under ``name``."""
    if name not in _TERMBASE_MODULES:
        raise InputError(
            None, f"unknown termbase format {name!r}", hint=f"choose one of {', '.join(_TERMBASE_MODULES)}"
        )
    found: TermbaseFormat = importlib.import_module(_TERMBASE_MODULES[name]).FORMAT
    return found


def is_termbase_table(path: Path, encoding: str | None = None) -> bool:
    """Whether a CSV/TSV file's header marks it as a termbase (see ``glossary.formats.tabular``)."""
    is_termbase: bool = importlib.import_module(_TERMBASE_MODULES["table"]).is_termbase(path, encoding)
    return is_termbase


def read_termbase(
    path: Path, encoding: str | None = None, repair: Repairs | None = None
) -> Iterator[Concept]:
    """The concepts of a termbase file, in the format its name says; ``repair`` as in ``ReadOptions``."""
    return termbase_format(detect(path, Kind.TERMBASE).name).read(path, encoding, repair)


def write_termbase(
    path: Path,
    concepts: Iterable[Concept],
    options: TermbaseWriteOptions | None = None,
    fmt: str | None = None,
) -> int:
    """Write concepts in ``fmt``, else in the format the file's name says; how many were written."""
    name = fmt or detect(path, Kind.TERMBASE).name
    return termbase_format(name).write(path, concepts, options or TermbaseWriteOptions())
