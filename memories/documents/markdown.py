"""Markdown documents (CommonMark with tables): headings, paragraphs, list items and table cells as blocks.

Extraction parses with markdown-it-py and then finds every block's inline text in the original bytes: a
block's content is a slice of the source, its text parts are source text as written (escapes and entities
included) and its codes carry the exact source markup in ``data``. Emphasis, strong, strikethrough, links and
images are paired codes (link text and alt text are translated; the ``](target "title")`` stays in the
closing code's data); inline code, autolinks, inline HTML and hard breaks are standalone codes. Code blocks,
HTML blocks and front matter are never blocks: they are skeleton. Merge splices each block's translation into
the original text by offset, so the rest of the file is written back byte for byte; it never re-renders.

A block whose inline markup cannot be matched to the source exactly (a construct this reader does not know)
becomes one text with no codes: still translatable and still byte-identical, only less comfortable.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from memories.documents.model import (
    Block,
    BlockKind,
    Code,
    CodeKind,
    Content,
    Document,
    ExtractOptions,
    MergeOptions,
    MergeReport,
    compact,
)
from memories.documents.segment import BlockSplit, join_block, make_segments, split_block
from memories.documents.text import DecodedText, decode_document, write_document
from memories.errors import InputError

__all__ = ["FILTER", "MarkdownFilter"]

_SOURCE_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n|\Z)")
_FRONT_MATTER_OPEN = re.compile(r"(?:---|\+\+\+)[ \t]*$")
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_HARDBREAK = re.compile(r"(?:\\| {2,}|[ \t]*)\n[ \t]*")
_SOFTBREAK = re.compile(r"[ \t]*\n[ \t]*")
_LINK_TAIL = re.compile(r"\](?:\((?:[^()\\\n]|\\.|\((?:[^()\\]|\\.)*\)|\n)*\)|\[(?:[^\[\]\\]|\\.)*\])?")
_AUTOLINK = re.compile(r"<[^<>\s]*>")
_PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")  # what a backslash escapes in CommonMark
_PAIRED = {"em": "italic", "strong": "bold", "s": "strike"}


class _Mismatch(Exception):
    """The inline tokens do not line up with the source text: the block falls back to plain text."""


@dataclass(frozen=True)
class _MdBlock:
    id: str
    kind: BlockKind
    level: int | None
    start: int
    end: int
    split: BlockSplit


class MarkdownFilter:
    """CommonMark (plus GFM tables and strikethrough); merge splices translations into the original text."""

    name = "markdown"
    suffixes = (".md", ".markdown")
    description = "Markdown (CommonMark with tables): headings, paragraphs, list items, table cells"

    def _read(self, path: Path, options: ExtractOptions) -> tuple[DecodedText, list[_MdBlock], list[str]]:
        from markdown_it import MarkdownIt

        try:
            data = path.read_bytes()
        except OSError as exc:
            raise InputError(path, f"cannot open: {exc.strerror}", hint="check the path") from exc
        decoded = decode_document(data, path, options.encoding)
        text = decoded.text
        lines = [m.group(0) for m in _SOURCE_LINE.finditer(text)]
        if lines and lines[-1] == "":
            lines.pop()
        starts: list[int] = []
        offset = 0
        for line in lines:
            starts.append(offset)
            offset += len(line)
        bodies = [line.rstrip("\r\n") for line in lines]
        # Front matter (YAML between --- lines at the very top) is not Markdown: blanked out for the parser,
        # with its lines kept so that token line numbers still match the file's.
        parse_lines = list(bodies)
        if bodies and _FRONT_MATTER_OPEN.match(bodies[0]):
            closing = "---" if bodies[0].startswith("-") else "+++"
            for index in range(1, len(bodies)):
                if bodies[index].rstrip() in (closing, "..."):
                    for blank in range(index + 1):
                        parse_lines[blank] = ""
                    break
        markdown = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        tokens = markdown.parse("\n".join(parse_lines))
        blocks: list[_MdBlock] = []
        warnings: list[str] = []
        kinds: list[tuple[BlockKind, int | None]] = []
        list_depth = 0
        row_cursor: dict[int, int] = {}  # table row line -> where the next cell's search starts
        for token in tokens:
            if token.type in ("bullet_list_open", "ordered_list_open"):
                list_depth += 1
            elif token.type in ("bullet_list_close", "ordered_list_close"):
                list_depth -= 1
            elif token.type == "heading_open":
                kinds.append((BlockKind.HEADING, int(token.tag[1:])))
            elif token.type in ("th_open", "td_open"):
                kinds.append((BlockKind.TABLE_CELL, None))
            elif token.type == "paragraph_open":
                if list_depth:
                    kinds.append((BlockKind.LIST_ITEM, list_depth))
                else:
                    kinds.append((BlockKind.PARAGRAPH, None))
            elif token.type == "inline" and token.map is not None:
                kind, level = kinds.pop() if kinds else (BlockKind.OTHER, None)
                block_id = f"b{len(blocks) + 1}"
                first = token.map[0]
                cursor = row_cursor.get(first, 0) if kind is BlockKind.TABLE_CELL else 0
                located = _locate(token.content, bodies, starts, first, cursor)
                if located is None:
                    warnings.append(
                        f"{path}:{first + 1}: a block could not be found in the source; left as is"
                    )
                    continue
                start, end, line_map = located
                if kind is BlockKind.TABLE_CELL:
                    row_cursor[first] = end - starts[first]
                try:
                    content = _content(token, text, line_map, start, end)
                except _Mismatch:
                    content = (text[start:end],)
                split = split_block(content, options.source_lang)
                blocks.append(_MdBlock(block_id, kind, level, start, end, split))
        return decoded, blocks, warnings

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        decoded, blocks, _ = self._read(path, options)
        return Document(
            path,
            self.name,
            options.source_lang,
            tuple(
                Block(b.id, b.kind, make_segments(b.id, b.split), b.level) for b in blocks if b.split.segments
            ),
            encoding=decoded.codec,
        )

    def merge(
        self, path: Path, translations: Mapping[str, Content], out: Path, options: MergeOptions
    ) -> MergeReport:
        decoded, blocks, warnings = self._read(path, options.extract_options())
        report = MergeReport(out, warnings=warnings)
        pieces: list[str] = []
        cursor = 0
        for block in blocks:
            ids = [s.id for s in make_segments(block.id, block.split)]
            targets = [_fit(translations.get(i), block.kind) for i in ids]
            report.count(targets)
            pieces.append(decoded.text[cursor : block.start])
            rendered = _render(
                join_block(block.split, targets, options.target_lang), _shortcut_labels(block.split)
            )
            pieces.append(rendered)
            cursor = block.end
        pieces.append(decoded.text[cursor:])
        write_document(decoded, "".join(pieces), out, options.encoding)
        return report


_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def _fit(content: Content | None, kind: BlockKind) -> Content | None:
    """A translation made to fit its block: a table cell or heading is one line (a line break would end it),
    and a pipe in a table cell is escaped (it would start another cell)."""
    if content is None or kind not in (BlockKind.TABLE_CELL, BlockKind.HEADING):
        return content
    fitted: list[str | Code] = []
    for part in content:
        if isinstance(part, str):
            part = re.sub(r"\s*[\r\n]+\s*", " ", part)
            if kind is BlockKind.TABLE_CELL:
                part = _UNESCAPED_PIPE.sub(r"\\|", part)
        fitted.append(part)
    return tuple(fitted)


def _render(content: Content, labels: Mapping[int, str] | None = None) -> str:
    """Content -> Markdown source. A shortcut reference link (``[text]`` or ``[text][]``) whose text was
    translated gets its original text as an explicit label (``[texte][text]``), or it would point nowhere."""
    out: list[str] = []
    inside: dict[int, int] = {}  # open link id -> where its text starts in out
    for part in content:
        if isinstance(part, str):
            out.append(part)
        elif part.kind is CodeKind.OPEN:
            out.append(part.data)
            inside[part.id] = len(out)
        elif labels and part.kind is CodeKind.CLOSE and part.id in labels and part.id in inside:
            label = labels[part.id]
            out.append(part.data if "".join(out[inside[part.id] :]) == label else f"][{label}]")
        else:
            out.append(part.data)
    return "".join(out)


def _shortcut_labels(split: BlockSplit) -> dict[int, str]:
    """Link code id -> the text of each shortcut reference link of the block (its label)."""
    labels: dict[int, str] = {}
    for segment in split.segments:
        started: dict[int, list[str]] = {}
        for part in segment:
            for pieces in started.values():
                if isinstance(part, str) or part.kind is not CodeKind.CLOSE or part.id not in started:
                    pieces.append(part if isinstance(part, str) else part.data)
            if isinstance(part, Code) and part.type == "link" and part.kind is CodeKind.OPEN:
                started[part.id] = []
            elif isinstance(part, Code) and part.kind is CodeKind.CLOSE and part.id in started:
                pieces = started.pop(part.id)
                if part.type == "link" and part.data in ("]", "][]"):
                    labels[part.id] = "".join(pieces)
    return labels


def _locate(
    content: str, bodies: list[str], starts: list[int], first: int, cursor: int
) -> tuple[int, int, list[tuple[int, int]]] | None:
    """Where the inline content lies in the source: (start, end, per content line (content offset, source
    offset)). Each content line is found in its source line (block prefixes such as ``> `` or list indentation
    are what markdown-it stripped)."""
    line_map: list[tuple[int, int]] = []
    content_offset = 0
    for k, piece in enumerate(content.split("\n")):
        number = first + k
        if number >= len(bodies):
            return None
        at = bodies[number].find(piece, cursor if k == 0 else 0)
        if at < 0 and "|" in piece:  # a table cell's escaped pipe, which markdown-it unescapes
            piece = piece.replace("|", "\\|")
            at = bodies[number].find(piece, cursor if k == 0 else 0)
        if at < 0:
            return None
        line_map.append((content_offset, starts[number] + at))
        content_offset += len(piece) + 1
        last_length = len(piece)
    return line_map[0][1], line_map[-1][1] + last_length, line_map


def _content(token: Any, text: str, line_map: list[tuple[int, int]], start: int, end: int) -> Content:
    """The block's content: source slices for text, codes for markup, in source order."""
    content: str = token.content
    spans: list[tuple[int, int, Code]] = []  # content offsets [a, b) that are one code
    walker = _Walker(content, spans)
    walker.walk(token.children or [])
    if walker.at != len(content):
        raise _Mismatch

    def source_at(offset: int) -> int:
        for content_offset, source_offset in reversed(line_map):
            if offset >= content_offset:
                return source_offset + (offset - content_offset)
        raise _Mismatch

    # Content newlines stand for the source's line end plus the next line's block prefix.
    newline_spans: list[tuple[int, int]] = []
    for index in range(1, len(line_map)):
        content_offset, source_offset = line_map[index]
        newline_spans.append((content_offset - 1, source_offset))

    parts: list[str | Code] = []
    position = start
    code_iter = iter(sorted(spans, key=lambda s: s[0]))
    pending = next(code_iter, None)
    content_pos = 0
    while content_pos < len(content):
        if pending is not None and pending[0] == content_pos:
            a, b, code = pending
            source_a = source_at(a) if content[a] != "\n" else _newline_start(a, line_map, content)
            source_b = _source_end(b, line_map, content)
            if source_a != position:
                raise _Mismatch
            parts.append(Code(code.kind, code.id, code.type, text[source_a:source_b], code.display))
            position = source_b
            content_pos = b
            pending = next(code_iter, None)
            continue
        if content[content_pos] == "\n":
            newline_source_start = _newline_start(content_pos, line_map, content)
            next_start = dict(newline_spans)[content_pos]
            raw = text[newline_source_start:next_start]
            if raw.strip():  # a blockquote marker: structure, not text
                parts.append(Code(CodeKind.STANDALONE, 10_000 + content_pos, "break", raw, "↵"))
            else:
                parts.append(raw)
            position = next_start
        else:
            parts.append(text[position])
            position += 1
        content_pos += 1
    if position != end:
        raise _Mismatch
    rebuilt = "".join(p if isinstance(p, str) else p.data for p in parts)
    if rebuilt != text[start:end]:
        raise _Mismatch
    return _renumber(compact(parts))


def _newline_start(content_offset: int, line_map: list[tuple[int, int]], content: str) -> int:
    """Source offset of the line end that the content newline at ``content_offset`` stands for."""
    for index in range(len(line_map) - 1):
        line_start_content, line_start_source = line_map[index]
        next_content = line_map[index + 1][0]
        if next_content - 1 == content_offset:
            return line_start_source + (content_offset - line_start_content)
    raise _Mismatch


def _source_end(content_end: int, line_map: list[tuple[int, int]], content: str) -> int:
    """Source offset just after content offset ``content_end - 1`` (a span ending in a newline takes the next
    line's prefix too)."""
    for content_offset, source_offset in line_map:
        if content_offset == content_end and content_end > 0 and content[content_end - 1] == "\n":
            return source_offset
    for content_offset, source_offset in reversed(line_map):
        if content_end - 1 >= content_offset:
            return source_offset + (content_end - content_offset)
    raise _Mismatch


class _Walker:
    """Walks inline tokens over the inline content, recording which content spans are codes."""

    def __init__(self, content: str, spans: list[tuple[int, int, Code]]) -> None:
        self.content = content
        self.spans = spans
        self.at = 0
        self.next_id = 1
        self.stack: list[tuple[str, int]] = []

    def _code(self, kind: CodeKind, code_type: str, length: int, display: str = "", code_id: int = 0) -> int:
        if code_id == 0:
            code_id = self.next_id
            self.next_id += 1
        self.spans.append((self.at, self.at + length, Code(kind, code_id, code_type, "", display)))
        self.at += length
        return code_id

    def _match(self, pattern: re.Pattern[str]) -> int:
        found = pattern.match(self.content, self.at)
        if found is None:
            raise _Mismatch
        return found.end() - self.at

    def walk(self, children: list[Any]) -> None:
        for child in children:
            kind = child.type
            if kind == "text":
                self._text(child.content)
            elif kind == "softbreak":
                self.at += self._match(_SOFTBREAK)
            elif kind == "hardbreak":
                self._code(CodeKind.STANDALONE, "break", self._match(_HARDBREAK), "↵")
            elif kind == "code_inline":
                ticks = child.markup
                close = self.content.find(ticks, self.at + len(ticks))
                if not self.content.startswith(ticks, self.at) or close < 0:
                    raise _Mismatch
                self._code(CodeKind.STANDALONE, "code", close + len(ticks) - self.at, child.content[:40])
            elif kind == "html_inline":
                if not self.content.startswith(child.content, self.at):
                    raise _Mismatch
                self._code(CodeKind.STANDALONE, "fmt", len(child.content), child.content[:40])
            elif kind.endswith("_open") and kind[:-5] in _PAIRED:
                if not self.content.startswith(child.markup, self.at):
                    raise _Mismatch
                code_id = self._code(CodeKind.OPEN, _PAIRED[kind[:-5]], len(child.markup), child.markup)
                self.stack.append((kind[:-5], code_id))
            elif kind.endswith("_close") and kind[:-6] in _PAIRED:
                if not self.stack or not self.content.startswith(child.markup, self.at):
                    raise _Mismatch
                _, code_id = self.stack.pop()
                self._code(CodeKind.CLOSE, _PAIRED[kind[:-6]], len(child.markup), child.markup, code_id)
            elif kind == "link_open" and child.markup == "autolink":
                self._code(
                    CodeKind.STANDALONE, "link", self._match(_AUTOLINK), str(child.attrs.get("href", ""))
                )
                self.stack.append(("autolink", 0))
            elif kind == "link_open":
                if not self.content.startswith("[", self.at):
                    raise _Mismatch
                code_id = self._code(CodeKind.OPEN, "link", 1, str(child.attrs.get("href", "")))
                self.stack.append(("link", code_id))
            elif kind == "link_close":
                if not self.stack:
                    raise _Mismatch
                what, code_id = self.stack.pop()
                if what == "autolink":
                    continue
                self._code(CodeKind.CLOSE, "link", self._match(_LINK_TAIL), "", code_id)
            elif kind == "image":
                if not self.content.startswith("![", self.at):
                    raise _Mismatch
                code_id = self._code(CodeKind.OPEN, "image", 2, str(child.attrs.get("src", "")))
                self.walk(child.children or [])
                self._code(CodeKind.CLOSE, "image", self._match(_LINK_TAIL), "", code_id)
            else:
                raise _Mismatch

    def _text(self, expected: str) -> None:
        # Skip over autolink text: it is inside the autolink's code already.
        if self.stack and self.stack[-1][0] == "autolink":
            return
        content, i = self.content, 0
        while i < len(expected):
            if self.at >= len(content):
                raise _Mismatch
            char = content[self.at]
            entity = _ENTITY.match(content, self.at) if char == "&" else None
            decoded = html.unescape(entity.group(0)) if entity else ""
            if (
                char == "\\"
                and content[self.at + 1 : self.at + 2] == expected[i]
                and expected[i] in _PUNCTUATION
            ):
                self.at += 2
                i += 1
            elif entity is not None and decoded != entity.group(0) and expected.startswith(decoded, i):
                self.at = entity.end()
                i += len(decoded)
            elif char == expected[i] or (expected[i] == "\ufffd" and char == "\0"):
                self.at += 1
                i += 1
            else:
                raise _Mismatch


def _renumber(content: Content) -> Content:
    """Code ids 1, 2, 3... in reading order (blockquote markers got provisional ids)."""
    mapping: dict[int, int] = {}
    out: list[str | Code] = []
    for part in content:
        if isinstance(part, Code):
            if part.id not in mapping:
                mapping[part.id] = len(mapping) + 1
            out.append(Code(part.kind, mapping[part.id], part.type, part.data, part.display))
        else:
            out.append(part)
    return tuple(out)


FILTER = MarkdownFilter()
