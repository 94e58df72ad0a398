"""HTML filter: real-world web pages to blocks of segments and back, writing translations into the original text.

Why byte splicing and the standard library's tolerant tokenizer rather than a tree parser (lxml.html, html5lib,
selectolax): a tree parser rebuilds the page from its tree, so the output loses what the tree does not keep
(attribute quoting and order, character references, whitespace between attributes, the case of tags, comments in
odd places, misnested tags the parser repaired, the exact DOCTYPE). ``html.parser.HTMLParser`` tokenizes broken
markup without repairing it and tells where every token starts, so extraction records the offsets of each block
and each translatable attribute value, and the merge writes the translations over those offsets only: every byte
outside a translated block stays as it was, and a page whose blocks are unchanged comes back byte for byte (the
``lang`` attribute aside). The tree comparison lxml gives is what the tests check the result with.

Decisions: ``script``, ``style``, ``code``, ``pre`` (preformatted text is usually code or ASCII layout that a
translation would break), ``textarea`` and any element with ``translate="no"`` are not translated; inline
``code`` and inline ``translate="no"`` elements inside a paragraph are one standalone code the translator moves
but does not edit. Whitespace inside a block is collapsed to single spaces as a browser shows it, so segments
read as sentences; a block whose translation equals its source is left untouched.
"""

from __future__ import annotations

import codecs
import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

from memories.documents._common import RTL_LANGUAGES, write_atomically
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
)
from memories.documents.segment import BlockSplit, join_block, make_segments, split_block
from memories.errors import InputError
from memories.langs import base_language

__all__ = ["FILTER", "HtmlFilter"]

# Elements whose tags stay inside a block as inline codes; any other known element starts or ends a block.
# Unknown elements (``o:p``, ``blink``, custom tags) are treated as inline: splitting a sentence is worse.
_BLOCK_ELEMENTS = frozenset({
    "html", "head", "body", "title", "meta", "link", "base", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6",
    "ul", "ol", "li", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "col",
    "colgroup", "form", "fieldset", "legend", "blockquote", "hr", "pre", "address", "article", "aside", "header",
    "footer", "nav", "section", "main", "figure", "figcaption", "details", "summary", "dialog", "menu",
    "noscript", "option", "optgroup", "select", "textarea", "button", "center", "frameset", "frame", "iframe",
    "object", "embed", "applet", "map", "area", "script", "style", "template", "svg", "math", "canvas", "video",
    "audio", "source", "track", "param", "dir", "listing", "xmp", "plaintext", "noframes", "hgroup", "search",
})  # fmt: skip
_VOID = frozenset({
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
    "keygen",
})  # fmt: skip
# Not translated: their whole element is kept as it is (a standalone code when it sits inside a sentence).
_SKIPPED = frozenset(
    {"script", "style", "code", "pre", "textarea", "xmp", "listing", "plaintext", "samp", "kbd"}
)
_CODE_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "a": "link",
    "br": "break",
    "wbr": "break",
    "img": "image",
    "code": "code",
}
_SPACE = re.compile(r"[ \t\n\r\f]+")
_LETTER = re.compile(r"[^\W\d_]")
# The same attribute grammar as html.parser, so offsets agree with what the tokenizer read.
_TAG_NAME = re.compile(r"<([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")
_ATTR = re.compile(
    r"((?<=['\"\s/])[^\s/>][^\s/=>]*)(\s*=+\s*('[^']*'|\"[^\"]*\"|(?!['\"])[^>\s]*))?(?:\s|/(?!>))*"
)
_META_CHARSET = re.compile(rb"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE)
_XML_DECL = re.compile(rb"^<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)[\"']")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


@dataclass(frozen=True)
class _Token:
    kind: str
    """``text``, ``start``, ``end``, ``void`` (a start tag that needs no end), ``opaque`` (a skipped element,
    a comment, a declaration)."""
    start: int
    end: int
    name: str = ""
    attrs: tuple[tuple[str, str | None], ...] = ()


@dataclass(frozen=True)
class _Attr:
    """A translatable attribute value: where its text lies in the page and the element it belongs to."""

    start: int
    end: int
    value: str
    quote: str


@dataclass(frozen=True)
class _BlockPlan:
    """One block as the merge needs it: its span in the page, how it was split, and its codes' native text."""

    block: Block
    start: int
    end: int
    split: BlockSplit
    code_spans: Mapping[tuple[CodeKind, int], tuple[int, int]]
    attribute: _Attr | None = None


@dataclass(frozen=True)
class _Page:
    text: str
    encoding: str
    bom: bytes
    plans: tuple[_BlockPlan, ...]
    html_tag: tuple[int, int] | None
    """The span of the ``<html ...>`` start tag, where the merge sets ``lang`` and ``dir``."""


class _Tokenizer(HTMLParser):
    """html.parser with every token's offsets recorded: the tokenizer forgives broken markup and repairs none."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=False)
        self.text = text
        self.starts: list[tuple[str, int, str, tuple[tuple[str, str | None], ...]]] = []
        self._line_starts = [0]
        for match in re.finditer("\n", text):
            self._line_starts.append(match.end())

    def _here(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append(("void" if tag in _VOID else "start", self._here(), tag, tuple(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.starts.append(("void", self._here(), tag, tuple(attrs)))

    def handle_endtag(self, tag: str) -> None:
        self.starts.append(("end", self._here(), tag, ()))

    def handle_data(self, data: str) -> None:
        self.starts.append(("text", self._here(), "", ()))

    def handle_entityref(self, name: str) -> None:
        self.handle_data(name)

    def handle_charref(self, name: str) -> None:
        self.handle_data(name)

    def handle_comment(self, data: str) -> None:
        self.starts.append(("opaque", self._here(), "", ()))

    def handle_decl(self, decl: str) -> None:
        self.handle_comment(decl)

    def handle_pi(self, data: str) -> None:
        self.handle_comment(data)

    def unknown_decl(self, data: str) -> None:
        self.handle_comment(data)

    def tokens(self) -> list[_Token]:
        self.feed(self.text)
        self.close()
        out: list[_Token] = []
        for index, (kind, start, name, attrs) in enumerate(self.starts):
            end = self.starts[index + 1][1] if index + 1 < len(self.starts) else len(self.text)
            if end <= start:
                continue
            if kind == "text" and out and out[-1].kind == "text" and out[-1].end == start:
                out[-1] = _Token("text", out[-1].start, end)
                continue
            out.append(_Token(kind, start, end, name, attrs))
        return out


def _decode(path: Path, data: bytes, forced: str | None) -> tuple[str, str, bytes]:
    """(text, encoding, BOM bytes): a BOM first, then ``--encoding``, then an XML declaration or a meta tag."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(path, data[len(bom) :], name, "its byte order mark"), name, bom
    declared: tuple[str, str] | None = None
    if forced:
        declared = (forced, "--encoding")
    elif match := _XML_DECL.match(data):
        declared = (match.group(1).decode("ascii"), "its XML declaration")
    elif match := _META_CHARSET.search(data[:8192]):
        declared = (match.group(1).decode("ascii"), "its meta tag")
    if declared is None:
        try:
            return data.decode("utf-8"), "utf-8", b""
        except UnicodeDecodeError:
            return _single_byte(data), "windows-1252", b""
    name, where = declared
    try:
        encoding = codecs.lookup(name).name
    except LookupError:
        raise InputError(
            path, f"unknown encoding {name!r} declared in {where}", hint="give --encoding"
        ) from None
    if encoding.startswith(("utf-16", "utf-32")):
        encoding = "utf-8"  # a page with no BOM cannot be UTF-16 whatever it says (HTML5 reads it as UTF-8)
    if encoding in ("latin-1", "iso8859-1", "ascii", "cp1252"):
        return _single_byte(data), "windows-1252", b""  # HTML5 reads these labels as windows-1252
    return _strict(path, data, encoding, where), encoding, b""


def _single_byte(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes cp1252 leaves undefined: read them as Latin-1 controls
        return data.decode("latin-1")


def _strict(path: Path, data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise InputError(
            path,
            f"the bytes are not {encoding} as {where} declares (byte 0x{data[error.start]:02X} at offset "
            f"{error.start})",
            line=line,
            hint="fix the declaration or give --encoding",
        ) from None


def _attr_spans(raw: str, offset: int) -> dict[str, _Attr]:
    """Each attribute of a start tag with the offsets of its value (first occurrence wins, as in browsers)."""
    found: dict[str, _Attr] = {}
    match = _TAG_NAME.match(raw)
    if not match:
        return found
    position = match.end()
    while position < len(raw):
        attr = _ATTR.match(raw, position)
        if not attr or attr.end() == position:
            break
        name = attr.group(1).lower()
        value = attr.group(3)
        if value is not None and name not in found:
            quote = value[0] if value[:1] in ("'", '"') else ""
            start = attr.start(3) + len(quote)
            end = attr.end(3) - len(quote)
            found[name] = _Attr(offset + start, offset + end, html.unescape(raw[start:end]), quote)
        position = attr.end()
    return found


def _translatable_attrs(token: _Token, text: str) -> list[tuple[str, _Attr]]:
    attrs = {name.lower(): (value or "") for name, value in token.attrs}
    wanted = ["title", "alt", "placeholder"]
    if token.name == "input" and attrs.get("type", "").lower() in ("submit", "button", "reset"):
        wanted.append("value")
    if token.name == "meta" and attrs.get("name", "").lower() in ("description", "keywords"):
        wanted.append("content")
    if not any(name in attrs for name in wanted):
        return []
    spans = _attr_spans(text[token.start : token.end], token.start)
    return [(name, spans[name]) for name in wanted if name in spans and _LETTER.search(spans[name].value)]


def _block_kind(stack: list[str]) -> tuple[BlockKind, int | None]:
    for name in reversed(stack):
        if name == "title":
            return BlockKind.TITLE, None
        if len(name) == 2 and name[0] == "h" and name[1] in "123456":
            return BlockKind.HEADING, int(name[1])
        if name == "li":
            return BlockKind.LIST_ITEM, sum(1 for n in stack if n in ("ul", "ol"))
        if name in ("td", "th"):
            return BlockKind.TABLE_CELL, None
        if name in ("p", "div", "blockquote", "dd", "dt", "caption", "figcaption", "body"):
            return BlockKind.PARAGRAPH, None
    return BlockKind.OTHER, None


class _Builder:
    """Walks the tokens once: text runs between block boundaries become blocks, attributes their own blocks."""

    def __init__(self, text: str, lang: str) -> None:
        self.text = text
        self.lang = lang
        self.plans: list[_BlockPlan] = []
        self.pending_attrs: list[tuple[str, _Attr]] = []
        self.run: list[_Token] = []
        self.stack: list[str] = []
        self.html_tag: tuple[int, int] | None = None

    def build(self, tokens: list[_Token]) -> None:
        index = 0
        while index < len(tokens):
            token = tokens[index]
            if token.kind in ("start", "void") and self.html_tag is None and token.name == "html":
                self.html_tag = (token.start, token.end)
            skip = token.kind == "start" and (
                token.name in _SKIPPED
                or any(n.lower() == "translate" and (v or "").lower() == "no" for n, v in token.attrs)
            )
            if skip:
                end_index = self._skip_end(tokens, index)
                opaque = _Token("opaque", token.start, tokens[end_index].end, token.name)
                if self._inline(token.name):
                    self.run.append(opaque)
                else:
                    self._flush()
                index = end_index + 1
                continue
            if token.kind == "opaque":
                self._flush()
            elif token.kind == "text":
                self.run.append(token)
            elif self._inline(token.name):
                self.run.append(token)
                if token.kind != "end" and not self._translate_no(token):
                    self.pending_attrs.extend(_translatable_attrs(token, self.text))
            else:
                self._flush()
                if token.kind == "start":
                    self.stack.append(token.name)
                elif token.kind == "end" and token.name in self.stack:
                    while self.stack and self.stack.pop() != token.name:
                        pass
                if token.kind != "end" and not self._translate_no(token):
                    self.pending_attrs.extend(_translatable_attrs(token, self.text))
                    self._flush()
            index += 1
        self._flush()

    @staticmethod
    def _inline(name: str) -> bool:
        return name not in _BLOCK_ELEMENTS

    @staticmethod
    def _translate_no(token: _Token) -> bool:
        return any(n.lower() == "translate" and (v or "").lower() == "no" for n, v in token.attrs)

    @staticmethod
    def _skip_end(tokens: list[_Token], index: int) -> int:
        """The index of the end tag that closes ``tokens[index]`` (same-name nesting counted); the last token of
        the page if it never closes, so an unclosed ``pre`` hides the rest rather than mistranslating it."""
        name = tokens[index].name
        depth = 0
        for j in range(index, len(tokens)):
            token = tokens[j]
            if token.name == name and token.kind == "start":
                depth += 1
            elif token.name == name and token.kind == "end":
                depth -= 1
                if depth == 0:
                    return j
        # Unclosed: end at the next block boundary of an enclosing element rather than at the end of the page.
        for j in range(index + 1, len(tokens)):
            if tokens[j].kind == "end" and tokens[j].name in _BLOCK_ELEMENTS and tokens[j].name != name:
                return j - 1
        return len(tokens) - 1

    def _flush(self) -> None:
        run, self.run = self.run, []
        if run:
            self._run_block(run)
        for name, attr in self.pending_attrs:
            self._attribute_block(name, attr)
        self.pending_attrs = []

    def _next_id(self) -> str:
        return f"b{len(self.plans) + 1}"

    def _attribute_block(self, name: str, attr: _Attr) -> None:
        content: Content = (_SPACE.sub(" ", attr.value),)
        cut = split_block(content, self.lang)
        if not cut.segments:
            return
        block_id = self._next_id()
        block = Block(block_id, BlockKind.ATTRIBUTE, make_segments(block_id, cut))
        self.plans.append(_BlockPlan(block, attr.start, attr.end, cut, {}, attr))

    def _run_block(self, run: list[_Token]) -> None:
        texts = [i for i, t in enumerate(run) if t.kind == "text" and self._content_text(t).strip()]
        if not texts or not any(_LETTER.search(self._content_text(run[i])) for i in texts):
            return
        partner = self._pairs(run)
        first, last = texts[0], texts[-1]
        while True:
            lo, hi = first, last
            for i in range(first, last + 1):
                j = partner.get(i)
                if j is not None:
                    lo, hi = min(lo, j), max(hi, j)
            if (lo, hi) != (first, last):
                first, last = lo, hi
                continue
            if partner.get(first) == last and first < last:
                inner = [i for i in texts if first < i < last]
                first, last = inner[0], inner[-1]
                continue
            break
        kind, level = _block_kind(self.stack)
        content: list[str | Code] = []
        spans: dict[tuple[CodeKind, int], tuple[int, int]] = {}
        ids: dict[int, int] = {}
        for i in range(first, last + 1):
            token = run[i]
            if token.kind == "text":
                content.append(_SPACE.sub(" ", html.unescape(self.text[token.start : token.end])))
                continue
            code_id = ids.get(partner[i]) if i in partner and partner[i] < i else None
            if code_id is None:
                code_id = len(ids) + 1
            ids[i] = code_id
            code_kind = CodeKind.STANDALONE
            if i in partner:
                code_kind = CodeKind.OPEN if partner[i] > i else CodeKind.CLOSE
            raw = self.text[token.start : token.end]
            href = dict(token.attrs).get("href") if token.name == "a" else None
            code_type = "code" if token.kind == "opaque" else _CODE_TYPES.get(token.name, "fmt")
            display = href or (
                "</" + token.name + ">" if code_kind is CodeKind.CLOSE else "<" + token.name + ">"
            )
            content.append(Code(code_kind, code_id, code_type, raw, display))
            spans[(code_kind, code_id)] = (token.start, token.end)
        merged: list[str | Code] = []
        for part in content:
            if isinstance(part, str) and merged and isinstance(merged[-1], str):
                merged[-1] = _SPACE.sub(" ", merged[-1] + part)
            elif part != "":
                merged.append(part)
        cut = split_block(tuple(merged), self.lang)
        if not cut.segments:
            return
        block_id = self._next_id()
        block = Block(block_id, kind, make_segments(block_id, cut), level)
        self.plans.append(_BlockPlan(block, run[first].start, run[last].end, cut, spans))

    def _content_text(self, token: _Token) -> str:
        return html.unescape(self.text[token.start : token.end])

    @staticmethod
    def _pairs(run: list[_Token]) -> dict[int, int]:
        """Start and end tags of the same element inside one run, matched innermost first; others stay alone."""
        partner: dict[int, int] = {}
        open_stack: list[int] = []
        for i, token in enumerate(run):
            if token.kind == "start":
                open_stack.append(i)
            elif token.kind == "end":
                for depth in range(len(open_stack) - 1, -1, -1):
                    if run[open_stack[depth]].name == token.name:
                        j = open_stack[depth]
                        partner[i], partner[j] = j, i
                        del open_stack[depth:]
                        break
        return partner


def _read(path: Path, lang: str, encoding: str | None) -> _Page:
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    text, name, bom = _decode(path, data, encoding)
    builder = _Builder(text, lang)
    builder.build(_Tokenizer(text).tokens())
    return _Page(text, name, bom, tuple(builder.plans), builder.html_tag)


_DECLARED = (
    re.compile(r"^\s*<\?xml[^>]*encoding\s*=\s*[\"']([A-Za-z0-9_.:-]+)"),
    re.compile(r"<meta[^>]+charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.IGNORECASE),
)


def _declarations(text: str, encoding: str) -> list[tuple[int, int, str]]:
    """Edits that make the XML declaration and the meta tag name ``encoding``."""
    edits = []
    for pattern in _DECLARED:
        if match := pattern.search(text, 0, 8192):
            edits.append((match.start(1), match.end(1), encoding))
    return edits


def _with_lang(tag: str, lang: str) -> str:
    """The ``<html ...>`` start tag with ``lang`` (and ``xml:lang`` if present) set, and ``dir`` for rtl."""
    rtl = base_language(lang) in RTL_LANGUAGES
    edits: list[tuple[int, int, str]] = []
    spans = _attr_spans(tag, 0)
    insert_at = len(_TAG_NAME.match(tag).group(0).rstrip()) if _TAG_NAME.match(tag) else 5  # type: ignore[union-attr]
    additions = ""
    for name, value in (("lang", lang), ("xml:lang", lang), ("dir", "rtl" if rtl else "ltr")):
        if name in spans:
            attr = spans[name]
            quote = attr.quote or '"'
            new = value if attr.quote else f"{quote}{value}{quote}"
            edits.append((attr.start, attr.end, new))
        elif name == "lang" or (name == "dir" and rtl):
            additions += f' {name}="{value}"'
    edits.append((insert_at, insert_at, additions))
    for start, end, new in sorted(edits, reverse=True):
        tag = tag[:start] + new + tag[end:]
    return tag


def _render(text: str, start: int, end: int, edits: list[tuple[int, int, str]]) -> str:
    """``text[start:end]`` with the edits that fall inside it applied (a translated ``alt`` inside an ``img``)."""
    out: list[str] = []
    position = start
    for a, b, new in edits:
        if a >= start and b <= end and a >= position:
            out.append(text[position:a])
            out.append(new)
            position = b
    out.append(text[position:end])
    return "".join(out)


class HtmlFilter:
    """Web pages: blocks between block-level tags, inline tags as codes, title/alt/placeholder attributes."""

    name = "html"
    suffixes = (".html", ".htm", ".xhtml")
    description = (
        "HTML web pages (inline tags as codes; script, style, code, pre and translate=no kept as is)"
    )

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        page = _read(path, options.source_lang, options.encoding)
        return Document(
            path=path,
            format=self.name,
            source_lang=options.source_lang,
            blocks=tuple(plan.block for plan in page.plans),
            encoding=page.encoding,
        )

    def merge(
        self, path: Path, translations: Mapping[str, Content], out: Path, options: MergeOptions
    ) -> MergeReport:
        page = _read(path, options.source_lang, options.source_encoding)
        report = MergeReport(output=out)
        attr_edits: list[tuple[int, int, str]] = []
        block_edits: list[tuple[int, int, _BlockPlan, Content]] = []
        for plan in page.plans:
            targets: list[Content | None] = []
            for segment in plan.block.segments:
                target = translations.get(segment.id)
                if target is None:
                    report.untranslated += 1
                else:
                    report.translated += 1
                targets.append(target)
            joined = join_block(plan.split, targets, options.target_lang)
            source = join_block(plan.split, [None] * len(targets))
            if joined == source:
                continue
            if plan.attribute is not None:
                value = "".join(p for p in joined if isinstance(p, str))
                escaped = html.escape(value, quote=True)
                if not plan.attribute.quote:  # an unquoted value gets quotes: a translation has spaces
                    escaped = f'"{escaped}"'
                attr_edits.append((plan.attribute.start, plan.attribute.end, escaped))
            else:
                block_edits.append((plan.start, plan.end, plan, joined))
        attr_edits.sort()
        edits: list[tuple[int, int, str]] = []
        for start, end, plan, joined in block_edits:
            edits.append((start, end, self._write_block(page.text, plan, joined, attr_edits, report)))
        if page.html_tag is not None:
            start, end = page.html_tag
            tag = _render(page.text, start, end, attr_edits)  # a translated title on <html> itself
            edits.append((start, end, _with_lang(tag, options.target_lang)))
        covered = [(s, e) for s, e, _ in edits]
        for a, b, new in attr_edits:
            if not any(s <= a and b <= e for s, e in covered):
                edits.append((a, b, new))
        if page.html_tag is None:
            report.warnings.append(f"{path}: no <html> tag: lang not set")
        encoding, bom = page.encoding, page.bom
        if options.encoding:
            try:
                encoding = codecs.lookup(options.encoding).name
            except LookupError:
                raise InputError(
                    None, f"unknown encoding {options.encoding!r}", hint="give another --encoding"
                ) from None
            if encoding != page.encoding:
                # The page must say what it is now: its declarations name the new encoding, a BOM only for UTF-16.
                edits.extend(_declarations(page.text, encoding))
                bom = {"utf-16-le": codecs.BOM_UTF16_LE, "utf-16-be": codecs.BOM_UTF16_BE}.get(encoding, b"")
        edits.sort()
        result = _render(page.text, 0, len(page.text), edits)
        write_atomically(out, bom + result.encode(encoding, errors="xmlcharrefreplace"))
        return report

    @staticmethod
    def _write_block(
        text: str,
        plan: _BlockPlan,
        content: Content,
        attr_edits: list[tuple[int, int, str]],
        report: MergeReport,
    ) -> str:
        out: list[str] = []
        used: set[tuple[CodeKind, int]] = set()
        for part in content:
            if isinstance(part, str):
                out.append(html.escape(part, quote=False))
                continue
            key = (part.kind, part.id)
            span = plan.code_spans.get(key)
            if span is None:
                report.warnings.append(f"{plan.block.id}: code {part.id} is not in the source: left out")
                continue
            used.add(key)
            out.append(_render(text, span[0], span[1], attr_edits))
        for key, span in plan.code_spans.items():
            if (
                key not in used
            ):  # a tag the translation dropped is written at the end so the markup stays whole
                report.warnings.append(
                    f"{plan.block.id}: code {key[1]} missing in the translation: kept at the end"
                )
                out.append(_render(text, span[0], span[1], attr_edits))
        return "".join(out)


FILTER = HtmlFilter()
