"""File formats of the translation memory: each module offers a ``read()`` generator and a ``write()``.

``read(path, options)`` yields ``TranslationUnit`` records (and ``LeftOut`` for records it skips, with why);
it raises ``InputError`` with the file and line for input it cannot read. ``write(path, units, options)``
writes atomically (temporary file, then rename).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from memories.errors import InputError
from memories.model import LeftOut, Repairs, TranslationUnit

__all__ = [
    "DEFAULT_TARGET",
    "FORMATS",
    "Format",
    "ReadOptions",
    "Record",
    "WriteOptions",
    "detect_format",
    "get_format",
]

DEFAULT_TARGET = "zh-CN"
"""The target language of a file that names none, when the user named none: the desk this tool serves."""

Record = TranslationUnit | LeftOut


@dataclass(frozen=True)
class ReadOptions:
    """What a reader may need beyond the file itself."""

    source: str = "en"
    """Source language: PO msgid language, the language of TMX units that lack srclang, etc."""
    target: str | None = None
    """Target language when the file does not say; None when the user did not say either: a PO then takes
    it from its name (``fr.po``, ``fr/LC_MESSAGES/vim.mo``), and any file that still has none gets
    ``DEFAULT_TARGET``."""
    lang: str | None = None
    """Language of a monolingual plain text; when None the file name's suffix (``.zh.txt``) tells, else source."""
    skip_fuzzy: bool = False
    """Leave PO fuzzy entries out instead of importing them marked fuzzy."""
    encoding: str | None = None
    """Encoding of a text-based file without a BOM (default UTF-8)."""
    repair: Repairs | None = None
    """XML formats: None refuses a character XML 1.0 forbids (a vertical tab), at its line; a ``Repairs``
    has each replaced by U+FFFD instead and records how many and where (``import --repair``)."""


@dataclass(frozen=True)
class WriteOptions:
    """What a writer needs: the languages, in order, and the pair for bilingual formats."""

    source: str = "en"
    target: str | None = "zh-CN"
    languages: tuple[str, ...] | None = None
    """Languages to write for multilingual formats (TMX, TSV); None writes every language of each unit."""
    neutralize_cells: bool = True
    """CSV/TSV: a cell a spreadsheet would run as a formula (``=``, ``+``, ``-``, ``@``...) is written with a
    leading apostrophe (see ``memories.formats._cells``); False writes cells as they are, for pipelines."""


Reader = Callable[[Path, ReadOptions], Iterator[Record]]
Writer = Callable[[Path, Iterable[TranslationUnit], WriteOptions], int]


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    reader: Reader
    writer: Writer | None
    description: str


def _tmx() -> Format:
    from memories.formats import tmx

    return Format("tmx", (".tmx", ".tmx.gz"), tmx.read, tmx.write, "TMX 1.1-1.4b translation memory")


def _po() -> Format:
    from memories.formats import po

    return Format("po", (".po", ".pot", ".mo"), po.read, po.write, "gettext PO/POT/MO catalogue")


def _tabular() -> Format:
    from memories.formats import tabular

    return Format(
        "tsv", (".tsv", ".csv", ".tab"), tabular.read, tabular.write, "CSV/TSV with language-tag headers"
    )


def _text() -> Format:
    from memories.formats import plaintext

    return Format("text", (".txt",), plaintext.read, None, "plain text, split into sentences")


def _xliff() -> Format:
    from memories.formats import xliff

    return Format("xliff", (".xlf", ".xliff"), xliff.read, xliff.write20, "XLIFF 2.0 (reads 1.2 and 2.0)")


def _xliff12() -> Format:
    from memories.formats import xliff

    return Format("xliff12", (), xliff.read, xliff.write12, "XLIFF 1.2 (reads 1.2 and 2.0)")


# Loaded on first use so that importing the package does not import lxml, polib or pysbd.
_FACTORIES: dict[str, Callable[[], Format]] = {
    "tmx": _tmx, "po": _po, "tsv": _tabular, "text": _text, "xliff": _xliff, "xliff12": _xliff12,
}  # fmt: skip
FORMATS: tuple[str, ...] = tuple(_FACTORIES)
_ALIASES = {
    "csv": "tsv", "tab": "tsv", "pot": "po", "mo": "po", "txt": "text", "plaintext": "text",
    "xlf": "xliff", "xliff2": "xliff", "xliff20": "xliff", "xliff1": "xliff12",
}  # fmt: skip


def get_format(name: str) -> Format:
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in _FACTORIES:
        raise InputError(None, f"unknown format {name!r}", hint=f"choose one of {', '.join(FORMATS)}")
    return _FACTORIES[key]()


_SUFFIXES = {
    ".tmx": "tmx", ".po": "po", ".pot": "po", ".mo": "po", ".gmo": "po",
    ".tsv": "tsv", ".csv": "tsv", ".tab": "tsv", ".txt": "text", ".text": "text",
    ".xlf": "xliff", ".xliff": "xliff",
}  # fmt: skip


def detect_format(path: Path) -> str:
    """The format a file's name says it has: ``memory.tmx.gz`` -> tmx, ``fr.po`` -> po."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    if suffixes and suffixes[-1] in _SUFFIXES:
        return _SUFFIXES[suffixes[-1]]
    raise InputError(
        path,
        "cannot tell the format from the file name",
        hint=f"give --format ({', '.join(FORMATS)})",
    )
