"""File formats of the translation memory: each module offers a ``read()`` generator and a ``write()``.

``read(path, options)`` yields ``TranslationUnit`` records (and ``LeftOut`` for records it skips, with why);
it raises ``InputError`` with the file and line for input it cannot read. ``write(path, units, options)``
writes atomically (temporary file, then rename). The options they take are ``memories.formats.options``'; this
module is the registry: each format registered once, found by name or by a file's suffix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from memories.errors import InputError
from memories.formats import plaintext, po, tabular, tmx, xliff
from memories.formats.options import DEFAULT_TARGET, Reader, ReadOptions, Record, WriteOptions, Writer

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


@dataclass(frozen=True)
class Format:
    name: str
    suffixes: tuple[str, ...]
    reader: Reader
    writer: Writer | None
    description: str


_REGISTRY: dict[str, Format] = {
    "tmx": Format("tmx", (".tmx", ".tmx.gz"), tmx.read, tmx.write, "TMX 1.1-1.4b translation memory"),
    "po": Format("po", (".po", ".pot", ".mo"), po.read, po.write, "gettext PO/POT/MO catalogue"),
    "tsv": Format(
        "tsv", (".tsv", ".csv", ".tab"), tabular.read, tabular.write, "CSV/TSV with language-tag headers"
    ),
    "text": Format("text", (".txt",), plaintext.read, None, "plain text, split into sentences"),
    "xliff": Format("xliff", (".xlf", ".xliff"), xliff.read, xliff.write20, "XLIFF 2.0 (reads 1.2 and 2.0)"),
    "xliff12": Format("xliff12", (), xliff.read, xliff.write12, "XLIFF 1.2 (reads 1.2 and 2.0)"),
}
FORMATS: tuple[str, ...] = tuple(_REGISTRY)
_ALIASES = {
    "csv": "tsv", "tab": "tsv", "pot": "po", "mo": "po", "txt": "text", "plaintext": "text",
    "xlf": "xliff", "xliff2": "xliff", "xliff20": "xliff", "xliff1": "xliff12",
}  # fmt: skip


def get_format(name: str) -> Format:
    key = _ALIASES.get(name.lower(), name.lower())
    if key not in _REGISTRY:
        raise InputError(None, f"unknown format {name!r}", hint=f"choose one of {', '.join(FORMATS)}")
    return _REGISTRY[key]


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
