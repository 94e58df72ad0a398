"""Plain text documents: paragraphs (blank-line separated) as blocks, every byte outside the sentences kept.

Encoding: a BOM (UTF-8, UTF-16 LE/BE, UTF-32) wins and is written back; else the encoding the caller gives;
else UTF-8. A byte that is not in the encoding is refused at its ``file:line``. Line endings (LF, CR, CRLF,
U+0085, U+2028) are kept exactly where they are: between paragraphs they are skeleton, inside a paragraph they
are whitespace of the segment that wraps over them (or of the gap between two sentences), so merging the
sources back gives the original bytes. U+2029 (PARAGRAPH SEPARATOR) ends a paragraph like a blank line does.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from memories.documents.model import (
    Block,
    BlockKind,
    Content,
    Document,
    ExtractOptions,
    MergeOptions,
    MergeReport,
)
from memories.documents.segment import BlockSplit, join_block, make_segments, split_block
from memories.errors import InputError
from memories.formats._files import atomic_output

__all__ = ["FILTER", "TextFilter", "decode_document", "encode_document", "write_document"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
# A line: its text, then its terminator (empty on the last line when the file does not end in one).
_LINE_END = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_LINE = re.compile(r"([^\r\n\x85\u2028\u2029]*)(\r\n|[\r\n\x85\u2028\u2029]|\Z)")


@dataclass(frozen=True)
class DecodedText:
    """A text file as read: its BOM (bytes, possibly empty), the codec of the rest, and the text."""

    bom: bytes
    codec: str
    text: str


def decode_document(data: bytes, path: Path, encoding: str | None) -> DecodedText:
    """Bytes -> text the way every text-format filter reads: BOM, then the given encoding, then UTF-8."""
    bom, codec = b"", encoding or "utf-8"
    for mark, name in _BOMS:
        if data.startswith(mark):
            bom, codec = mark, name
            break
    try:
        codecs.lookup(codec)
    except LookupError as exc:
        raise InputError(
            path, f"unknown encoding {codec!r}", hint="give an encoding Python knows, e.g. cp1252"
        ) from exc
    body = data[len(bom) :]
    try:
        text = body.decode(codec)
    except UnicodeDecodeError as exc:
        before = body[: exc.start].decode(codec, errors="replace")
        line = _line_number(before)
        bad = body[exc.start : exc.end]
        raise InputError(
            path,
            f"bytes {bad!r} are not valid {codec}",
            line,
            hint="save the file as UTF-8, or give its encoding with --encoding",
        ) from exc
    return DecodedText(bom, codec, text)


def write_document(decoded: DecodedText, text: str, out: Path, encoding: str | None) -> None:
    """Write a merged text document atomically, encoded as ``encode_document`` says."""
    data = encode_document(decoded, text, out, encoding)
    with atomic_output(out) as handle:
        handle.write(data)


def encode_document(decoded: DecodedText, text: str, path: Path, encoding: str | None) -> bytes:
    """Text -> bytes in the original's encoding (BOM included), or in ``encoding`` when given (no BOM then,
    unless it is the original's own encoding)."""
    codec, bom = decoded.codec, decoded.bom
    if encoding is not None and codecs.lookup(encoding).name != codecs.lookup(codec).name:
        codec, bom = encoding, b""
    try:
        return bom + text.encode(codec)
    except UnicodeEncodeError as exc:
        char = exc.object[exc.start : exc.end]
        line = _line_number(text[: exc.start])
        raise InputError(
            path,
            f"the translation has {char!r}, which {codec} cannot write",
            line,
            hint="merge with --encoding utf-8",
        ) from exc


def _line_number(text_before: str) -> int:
    """The 1-based line a position is on, given the text before it."""
    return len(_LINE_END.findall(text_before)) + 1


@dataclass(frozen=True)
class _Paragraph:
    id: str
    start: int
    end: int
    split: BlockSplit


class TextFilter:
    """Plain text: one block per paragraph; merge splices translations between the original's bytes."""

    name = "text"
    suffixes = (".txt", ".text")
    description = (
        "plain text (paragraphs separated by blank lines; any line endings; UTF-8/16 or a given encoding)"
    )

    def _read(self, path: Path, options: ExtractOptions) -> tuple[DecodedText, list[_Paragraph]]:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot open: {exc.strerror}", hint="check the path") from exc
        decoded = decode_document(data, path, options.encoding)
        paragraphs: list[_Paragraph] = []
        start: int | None = None  # where the paragraph being read began
        end = 0
        position = 0
        while True:
            match = _LINE.match(decoded.text, position)
            assert match is not None  # the pattern matches the empty string at the end
            line, terminator = match.group(1), match.group(2)
            if line.strip():
                if start is None:
                    start = position
                end = position + len(line)
            if start is not None and (not line.strip() or terminator == "\u2029"):
                paragraphs.append(self._paragraph(decoded.text, len(paragraphs), start, end, options))
                start = None
            if not terminator:
                break
            position = match.end()
        if start is not None:
            paragraphs.append(self._paragraph(decoded.text, len(paragraphs), start, end, options))
        return decoded, paragraphs

    @staticmethod
    def _paragraph(text: str, index: int, start: int, end: int, options: ExtractOptions) -> _Paragraph:
        return _Paragraph(f"p{index + 1}", start, end, split_block((text[start:end],), options.source_lang))

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        decoded, paragraphs = self._read(path, options)
        blocks = tuple(
            Block(p.id, BlockKind.PARAGRAPH, make_segments(p.id, p.split))
            for p in paragraphs
            if p.split.segments
        )
        return Document(path, self.name, options.source_lang, blocks, encoding=decoded.codec)

    def merge(
        self, path: Path, translations: Mapping[str, Content], out: Path, options: MergeOptions
    ) -> MergeReport:
        decoded, paragraphs = self._read(path, options.extract_options())
        report = MergeReport(out)
        pieces: list[str] = []
        cursor = 0
        for paragraph in paragraphs:
            ids = [s.id for s in make_segments(paragraph.id, paragraph.split)]
            targets = [translations.get(i) for i in ids]
            report.count(targets)
            pieces.append(decoded.text[cursor : paragraph.start])
            pieces.append(_render(join_block(paragraph.split, targets, options.target_lang)))
            cursor = paragraph.end
        pieces.append(decoded.text[cursor:])
        write_document(decoded, "".join(pieces), out, options.encoding)
        return report


def _render(content: Content) -> str:
    # Plain text has no codes of its own; a code a translation brings in is written as its native data.
    return "".join(part if isinstance(part, str) else part.data for part in content)


FILTER = TextFilter()
