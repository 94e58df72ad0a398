"""The document model that every document filter produces and merges: blocks of segments with inline codes."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Protocol

__all__ = [
    "Block",
    "BlockKind",
    "Code",
    "CodeKind",
    "Content",
    "Document",
    "DocumentFilter",
    "ExtractOptions",
    "MergeOptions",
    "MergeReport",
    "Segment",
    "compact",
    "plain_text",
]


class CodeKind(Enum):
    """Where an inline code stands: it opens a span, closes one, or stands alone (a tab, a break, a field)."""

    OPEN = "open"
    CLOSE = "close"
    STANDALONE = "standalone"


@dataclass(frozen=True)
class Code:
    """An inline code: formatting or structure inside a segment that the translator moves but never edits.

    The same kinds the TMX/XLIFF layer knows: ``OPEN``/``CLOSE`` are TMX ``bpt``/``ept`` (XLIFF 2.0 ``sc``/``ec``
    or ``pc``), ``STANDALONE`` is ``ph``.
    """

    kind: CodeKind
    id: int
    """Pairs an OPEN with its CLOSE; unique among the standalone codes and pairs of one segment."""
    type: str
    """What it is, in the translator's words: ``bold``, ``italic``, ``underline``, ``link``, ``footnote``,
    ``field``, ``tab``, ``break``, ``image``, ``fmt`` (other formatting), ``code`` (inline code span)."""
    data: str = ""
    """The native markup the filter needs to write the code back (opaque to everyone else): an HTML tag,
    the XML of a Word run's properties, a Markdown delimiter."""
    display: str = ""
    """A short human label (``<b>``, ``**``, the URL of a link), shown in the editor's tooltip."""


Content = tuple[str | Code, ...]
"""A segment's content: text and codes in reading order. Adjacent strings are never split needlessly."""


def compact(parts: Iterable[str | Code]) -> Content:
    """Text and codes as a content: adjacent strings joined, empty strings dropped."""
    out: list[str | Code] = []
    for part in parts:
        if isinstance(part, str):
            if not part:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += part
                continue
        out.append(part)
    return tuple(out)


def plain_text(content: Content) -> str:
    """The text of a content with its codes left out: what matching, QA and lookup read."""
    return "".join(part for part in content if isinstance(part, str))


class BlockKind(Enum):
    """The kinds of translatable block a filter finds; a segment never crosses a block."""

    PARAGRAPH = "paragraph"
    HEADING = "heading"
    TITLE = "title"
    LIST_ITEM = "list-item"
    TABLE_CELL = "table-cell"
    FOOTNOTE = "footnote"
    HEADER = "header"
    FOOTER = "footer"
    ATTRIBUTE = "attribute"
    """Translatable attribute text: HTML ``title``/``alt``, a Word image's description."""
    OTHER = "other"


@dataclass(frozen=True)
class Segment:
    """One sentence (or a sentence-like unit) of a block: what the translator translates and the memory stores."""

    id: str
    """Stable across extractions of the same file: the merge re-extracts the original and finds segments by
    id, so an id must depend only on the document (``p12.s2``, ``word/document.xml#p40.s1``)."""
    source: Content


@dataclass(frozen=True)
class Block:
    """A translatable block: a paragraph, heading, table cell, list item, footnote, attribute..."""

    id: str
    kind: BlockKind
    segments: tuple[Segment, ...]
    level: int | None = None
    """A heading's level, a list item's depth; None otherwise."""


@dataclass(frozen=True)
class Document:
    """A document as segments: what ``prepare`` writes to XLIFF and what the editor shows."""

    path: Path
    format: str
    """The filter's registered name (``text``, ``markdown``, ``html``, ``docx``)."""
    source_lang: str
    blocks: tuple[Block, ...]
    encoding: str | None = None
    """The encoding the file was read in (text formats); None for binary formats."""

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(s for block in self.blocks for s in block.segments)


@dataclass(frozen=True)
class ExtractOptions:
    source_lang: str = "en"
    encoding: str | None = None
    """Read a text format in this encoding instead of the one it declares or the one detected."""
    translate_comments: bool = False
    """DOCX: comments become segments (default: left alone)."""
    translate_hidden: bool = False
    """DOCX: hidden text (``w:vanish``) becomes segments (default: each hidden run is one code)."""


@dataclass(frozen=True)
class MergeOptions:
    target_lang: str = "zh-CN"
    encoding: str | None = None
    """Write a text format in this encoding (default: the original's)."""
    source_lang: str = "en"
    """The language the original was extracted in: merge re-extracts (and re-segments) it with the same rules,
    so the segment ids match the ones ``prepare`` wrote."""
    source_encoding: str | None = None
    """Read a text-format original in this encoding, as ``ExtractOptions.encoding`` did when it was prepared."""
    translate_comments: bool = False
    """DOCX: the original was extracted with its comments as segments (``ExtractOptions.translate_comments``)."""
    translate_hidden: bool = False
    """DOCX: the original was extracted with its hidden text as segments (``ExtractOptions.translate_hidden``)."""

    def extract_options(self) -> ExtractOptions:
        """The options that re-extract the original exactly as it was prepared."""
        return ExtractOptions(
            source_lang=self.source_lang,
            encoding=self.source_encoding,
            translate_comments=self.translate_comments,
            translate_hidden=self.translate_hidden,
        )


@dataclass
class MergeReport:
    """What a merge did: counted by the filter, printed by ``glossary merge``."""

    output: Path
    translated: int = 0
    untranslated: int = 0
    """Segments with no translation: the merge kept their source text."""
    warnings: list[str] = field(default_factory=list)

    def count(self, targets: Sequence[object | None]) -> None:
        """Count a block's segments: those with a translation (not None) and those without."""
        self.translated += sum(t is not None for t in targets)
        self.untranslated += sum(t is None for t in targets)


class DocumentFilter(Protocol):
    """One document format: a module registered once in ``memories.documents``.

    ``extract`` turns a file into a ``Document``; ``merge`` re-extracts the original, replaces each segment
    whose id is in ``translations`` by its translation (codes included, in the translation's order), keeps
    the source of the others, and writes ``out`` atomically (temporary file, then rename). Both raise
    ``InputError`` (file, line where known, hint) for input they refuse; neither leaves a partial file.
    """

    name: str
    suffixes: tuple[str, ...]
    description: str

    def extract(self, path: Path, options: ExtractOptions) -> Document: ...

    def merge(
        self, path: Path, translations: Mapping[str, Content], out: Path, options: MergeOptions
    ) -> MergeReport: ...
