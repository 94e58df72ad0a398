"""What every format's reader and writer take and give: the options, and a record read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from memories.model import LeftOut, Repairs, TranslationUnit

__all__ = ["DEFAULT_TARGET", "ReadOptions", "Reader", "Record", "WriteOptions", "Writer"]

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
