"""DOCX filter: Word paragraphs to blocks of segments and back, by direct OOXML over the zip with lxml.

Why not python-docx: it sees only body paragraphs' direct runs (no hyperlinks' runs, fields, text boxes, footnotes
or tracked changes) and rewrites the package when it saves. Reading the parts with lxml lets the merge rewrite only
the paragraphs whose text changed and copy every other zip part byte for byte, in the same order and compression.

A paragraph is flattened into text and codes: adjacent runs with identical run properties are one stretch of text,
a stretch with properties is a paired ``fmt``/``bold``/``italic`` code carrying the ``w:rPr`` XML; hyperlinks,
``fldSimple``, ``ins``, ``smartTag``, ``customXml`` and inline ``sdt`` are paired codes around their content; tabs,
breaks, drawings, footnote references, bookmarks, deleted text (``w:del``) and the instruction of a complex field
(``fldChar`` begin ... separate, ``instrText`` included) are standalone or paired codes that are written back as they
were. Spelling marks (``proofErr``) and ``lastRenderedPageBreak`` are dropped from a translated paragraph: they
describe the source text's layout and spelling, not the translation's. Hidden runs (``w:vanish``) are one code
unless ``translate_hidden``; comments are left alone unless ``translate_comments``; ``mc:Fallback`` copies of text
boxes are left alone (Word reads ``mc:Choice``). A paragraph whose translation equals its source is not touched.
"""

from __future__ import annotations

import copy
import io
import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from memories.documents._common import RTL_LANGUAGES, write_atomically
from memories.documents._safety import ZipPart, parse_xml, read_zip
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

__all__ = ["FILTER", "DocxFilter"]

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_WP = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


_P, _R, _T, _RPR, _PPR, _LANG = _w("p"), _w("r"), _w("t"), _w("rPr"), _w("pPr"), _w("lang")
# What follows w:lang in w:rPr (CT_RPr's sequence), so a new w:lang goes before the first of these.
_AFTER_LANG = frozenset({_w("eastAsianLayout"), _w("specVanish"), _w("oMath"), _w("rPrChange")})
_EAST_ASIAN = frozenset({"zh", "ja", "ko", "yue", "wuu"})
# Elements around runs that become a paired code; the value is the child that holds their runs (None: themselves).
_CONTAINERS: dict[str, str | None] = {
    _w("hyperlink"): None,
    _w("fldSimple"): None,
    _w("ins"): None,
    _w("moveTo"): None,
    _w("smartTag"): None,
    _w("customXml"): None,
    _w("dir"): None,
    _w("bdo"): None,
    _w("sdt"): _w("sdtContent"),
}
_CONTAINER_TYPES = {_w("hyperlink"): "link", _w("fldSimple"): "field", _w("ins"): "inserted"}
_DROPPED = frozenset({_w("proofErr"), _w("lastRenderedPageBreak")})
_PIECE_TYPES = {
    _w("tab"): "tab",
    _w("ptab"): "tab",
    _w("br"): "break",
    _w("cr"): "break",
    _w("drawing"): "image",
    _w("pict"): "image",
    _w("object"): "image",
    f"{{{MC}}}AlternateContent": "image",
    _w("footnoteReference"): "footnote",
    _w("endnoteReference"): "footnote",
    _w("footnoteRef"): "footnote",
    _w("endnoteRef"): "footnote",
    _w("bookmarkStart"): "bookmark",
    _w("bookmarkEnd"): "bookmark",
    _w("commentReference"): "comment",
    _w("commentRangeStart"): "comment",
    _w("commentRangeEnd"): "comment",
    _w("annotationRef"): "comment",
    _w("del"): "deleted",
    _w("moveFrom"): "deleted",
}
_SIMPLE_FORMATS = {"b": "bold", "i": "italic", "u": "underline"}
_HEADING = re.compile(r"^heading\s*(\d)$", re.IGNORECASE)
_LETTER = re.compile(r"[^\W_]")
_PART_KINDS = {
    "/header": BlockKind.HEADER,
    "/footer": BlockKind.FOOTER,
    "/footnotes": BlockKind.FOOTNOTE,
    "/endnotes": BlockKind.FOOTNOTE,
    "/comments": BlockKind.OTHER,
}


@dataclass
class _Piece:
    """A node written back as it was: a run child (re-wrapped in a run with ``rpr``) or a paragraph child."""

    element: etree._Element
    rpr: etree._Element | None
    in_run: bool


@dataclass
class _Tok:
    kind: str
    """``text``, ``piece`` (standalone code), ``open``/``close`` (a container), ``fbegin``/``fend`` (a complex
    field's instruction and its end: paired when both are in the paragraph)."""
    text: str = ""
    rpr: etree._Element | None = None
    key: bytes = b""
    pieces: list[_Piece] = field(default_factory=list)
    type: str = "fmt"
    shell: etree._Element | None = None
    holder: str | None = None


@dataclass
class _Plan:
    """A paragraph as the merge needs it: the element, the codes' native form, and how its core was split."""

    block: Block
    paragraph: etree._Element
    prefix: list[str | Code]
    suffix: list[str | Code]
    split: BlockSplit
    natives: dict[tuple[CodeKind, int], _Tok]
    attribute: str | None = None
    """Set for an image's description or title: ``paragraph`` is then the ``wp:docPr`` that holds it."""


@dataclass
class _Styles:
    names: dict[str, str] = field(default_factory=dict)
    numbered: set[str] = field(default_factory=set)
    hidden: set[str] = field(default_factory=set)


@dataclass
class _Package:
    parts: list[ZipPart]
    trees: dict[str, etree._ElementTree]
    plans: dict[str, list[_Plan]]


def _c14n(element: etree._Element | None) -> bytes:
    return b"" if element is None else etree.tostring(element, method="c14n")


def _xml(element: etree._Element) -> str:
    """An element's XML for a code's data, without the dozen namespace declarations the document root carries."""
    alone = copy.deepcopy(element)
    etree.cleanup_namespaces(alone)
    return etree.tostring(alone, encoding="unicode")


def _rels(path: Path, parts: Mapping[str, bytes], source: str) -> list[tuple[str, str]]:
    """(type, target part name) of each internal relationship of ``source`` (``""``: the package)."""
    folder, name = posixpath.split(source)
    rels_name = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels_name not in parts:
        return []
    root = parse_xml(path, rels_name, parts[rels_name]).getroot()
    out: list[tuple[str, str]] = []
    for rel in root.iter(f"{{{_REL}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(folder, target))
        )
        out.append((rel.get("Type", ""), resolved))
    return out


def _styles(path: Path, parts: Mapping[str, bytes], name: str | None) -> _Styles:
    styles = _Styles()
    if name is None or name not in parts:
        return styles
    root = parse_xml(path, name, parts[name]).getroot()
    for style in root.iter(_w("style")):
        style_id = style.get(_w("styleId"), "")
        name_element = style.find(_w("name"))
        styles.names[style_id] = (
            name_element.get(_w("val"), "") if name_element is not None else ""
        ) or style_id
        if style.find(f"{_PPR}/{_w('numPr')}") is not None:
            styles.numbered.add(style_id)
        vanish = style.find(f"{_RPR}/{_w('vanish')}")
        if vanish is not None and vanish.get(_w("val"), "true") not in ("0", "false", "off"):
            styles.hidden.add(style_id)
    return styles


def _is_property(element: etree._Element) -> bool:
    """``smartTagPr``, ``customXmlPr``...: a container's own properties, which travel in its shell."""
    return isinstance(element.tag, str) and element.tag.endswith("Pr") and element.tag != _RPR


def _is_hidden(rpr: etree._Element | None, styles: _Styles) -> bool:
    if rpr is None:
        return False
    vanish = rpr.find(_w("vanish"))
    if vanish is not None:
        return vanish.get(_w("val"), "true") not in ("0", "false", "off")
    style = rpr.find(_w("rStyle"))
    return style is not None and style.get(_w("val"), "") in styles.hidden


class _Flattener:
    """One paragraph's children as tokens, in reading order."""

    def __init__(self, styles: _Styles, options: ExtractOptions) -> None:
        self.styles = styles
        self.options = options
        self.tokens: list[_Tok] = []
        self.fields: list[_Tok] = []
        """Complex fields whose instruction is being read (begin seen, separate not yet)."""

    def paragraph(self, paragraph: etree._Element) -> list[_Tok]:
        self._children(paragraph, top=True)
        for pending in self.fields:  # an instruction still open at the paragraph's end stays one code
            pending.kind = "piece"
            self.tokens.append(pending)
        self.fields = []
        return self.tokens

    def _children(self, parent: etree._Element, top: bool = False) -> None:
        self._children_list(list(parent), top)

    def _children_list(self, children: list[etree._Element], top: bool = False) -> None:
        for child in children:
            tag = child.tag
            if not isinstance(tag, str):  # an XML comment or processing instruction
                self._piece(child, None, False, "fmt")
            elif top and tag == _PPR:
                continue
            elif tag == _R:
                self._run(child)
            elif self.fields:
                self.fields[-1].pieces.append(_Piece(child, None, False))
            elif tag in _CONTAINERS and (
                _CONTAINERS[tag] is None or child.find(_CONTAINERS[tag] or "") is not None
            ):
                self._container(child, tag)
            elif tag in _DROPPED:
                continue
            else:
                self._piece(child, None, False, _PIECE_TYPES.get(tag, "fmt"))

    def _container(self, element: etree._Element, tag: str) -> None:
        holder = _CONTAINERS[tag]
        # The element's own namespace map, so that the code's data reads w:hyperlink, not ns0:hyperlink.
        shell = etree.Element(element.tag, nsmap=element.nsmap)  # type: ignore[arg-type]
        shell.attrib.update(element.attrib)
        content = element if holder is None else element.find(holder)
        assert content is not None
        for child in element:
            if child is content:
                holder_element = etree.SubElement(shell, child.tag)
                holder_element.attrib.update(child.attrib)
            elif holder is not None or _is_property(child):
                shell.append(copy.deepcopy(child))
        kind = _CONTAINER_TYPES.get(tag, "fmt")
        self.tokens.append(_Tok("open", shell=shell, holder=holder, type=kind))
        self._children_list([child for child in content if not _is_property(child)])
        self.tokens.append(_Tok("close", type=kind))

    def _piece(self, element: etree._Element, rpr: etree._Element | None, in_run: bool, kind: str) -> None:
        if self.fields:
            self.fields[-1].pieces.append(_Piece(element, rpr, in_run))
            return
        self.tokens.append(_Tok("piece", pieces=[_Piece(element, rpr, in_run)], type=kind))

    def _run(self, run: etree._Element) -> None:
        rpr = run.find(_RPR)
        if _is_hidden(rpr, self.styles) and not self.options.translate_hidden:
            self._piece(run, None, False, "hidden")
            return
        key = _c14n(rpr)
        for child in run:
            tag = child.tag
            if tag == _RPR:
                continue
            if tag == _w("fldChar"):
                self._field_char(child, rpr)
            elif self.fields:
                self.fields[-1].pieces.append(_Piece(child, rpr, True))
            elif tag == _T:
                text = child.text or ""
                if text:
                    self.tokens.append(_Tok("text", text=text, rpr=rpr, key=key))
            elif tag in _DROPPED:
                continue
            else:
                self._piece(child, rpr, True, _PIECE_TYPES.get(tag, "fmt") if isinstance(tag, str) else "fmt")

    def _field_char(self, char: etree._Element, rpr: etree._Element | None) -> None:
        kind = char.get(_w("fldCharType"))
        piece = _Piece(char, rpr, True)
        if kind == "begin":
            self.fields.append(_Tok("fbegin", pieces=[piece], type="field"))
        elif kind == "separate" and self.fields:
            begun = self.fields.pop()
            begun.pieces.append(piece)
            if self.fields:  # a field nested in another's instruction: all of it is the outer instruction
                self.fields[-1].pieces.extend(begun.pieces)
            else:
                self.tokens.append(begun)
        elif kind == "end" and self.fields:
            begun = self.fields.pop()
            begun.pieces.append(piece)
            if self.fields:
                self.fields[-1].pieces.extend(begun.pieces)
            else:
                begun.kind = "piece"  # a field with no result: one standalone code
                self.tokens.append(begun)
        elif kind == "end":
            self.tokens.append(_Tok("fend", pieces=[piece], type="field"))
        else:
            self.tokens.append(_Tok("piece", pieces=[piece], type="field"))


def _format_type(rpr: etree._Element | None) -> tuple[str, str]:
    """The code type and display label of a run's properties: ``bold`` for <w:b/> alone, else ``fmt``."""
    if rpr is None:
        return "fmt", ""
    names = [etree.QName(child).localname for child in rpr if isinstance(child.tag, str)]
    meaningful = [n for n in names if n not in ("bCs", "iCs", "lang", "noProof", "rFonts")]
    if len(meaningful) == 1 and meaningful[0] in _SIMPLE_FORMATS:
        return _SIMPLE_FORMATS[meaningful[0]], f"<{meaningful[0]}>"
    align = rpr.find(_w("vertAlign"))
    if len(meaningful) == 1 and align is not None:
        return "fmt", f"<{align.get(_w('val'), 'vertAlign')}>"
    return "fmt", "<" + ",".join(meaningful[:4]) + ">"


def _content(tokens: list[_Tok]) -> tuple[list[str | Code], dict[tuple[CodeKind, int], _Tok]]:
    """Tokens -> a content with codes numbered, and each code's token for the merge."""
    out: list[str | Code] = []
    natives: dict[tuple[CodeKind, int], _Tok] = {}
    next_id = 0
    open_format: tuple[int, bytes] | None = None
    containers: list[tuple[int, str]] = []
    # Pair complex fields' begin and end inside the paragraph; the others stay standalone.
    partner: dict[int, int] = {}
    stack: list[int] = []
    for index, token in enumerate(tokens):
        if token.kind == "fbegin":
            stack.append(index)
        elif token.kind == "fend" and stack:
            begin = stack.pop()
            partner[begin], partner[index] = index, begin

    def new_id() -> int:
        nonlocal next_id
        next_id += 1
        return next_id

    def close_format() -> None:
        nonlocal open_format
        if open_format is not None:
            code_id, _ = open_format
            opened = natives[(CodeKind.OPEN, code_id)]
            kind, display = _format_type(opened.rpr)
            out.append(Code(CodeKind.CLOSE, code_id, kind, "", display.replace("<", "</", 1)))
            natives[(CodeKind.CLOSE, code_id)] = opened
            open_format = None

    def piece_code(kind: CodeKind, code_id: int, token: _Tok) -> Code:
        data = "".join(_xml(p.element) for p in token.pieces)
        display = {"tab": "⇥", "break": "↵"}.get(token.type, f"<{token.type}>")
        return Code(kind, code_id, token.type, data, display)

    field_ids: dict[int, int] = {}
    for index, token in enumerate(tokens):
        if token.kind == "text":
            if open_format is None or open_format[1] != token.key:
                close_format()
                if token.rpr is not None and token.key:
                    code_id = new_id()
                    kind, display = _format_type(token.rpr)
                    out.append(Code(CodeKind.OPEN, code_id, kind, _xml(token.rpr), display))
                    natives[(CodeKind.OPEN, code_id)] = token
                    open_format = (code_id, token.key)
            out.append(token.text)
        elif token.kind == "piece" or (token.kind in ("fbegin", "fend") and index not in partner):
            code_id = new_id()
            out.append(piece_code(CodeKind.STANDALONE, code_id, token))
            natives[(CodeKind.STANDALONE, code_id)] = token
        elif token.kind == "fbegin":
            code_id = new_id()
            field_ids[index] = code_id
            out.append(piece_code(CodeKind.OPEN, code_id, token))
            natives[(CodeKind.OPEN, code_id)] = token
        elif token.kind == "fend":
            code_id = field_ids[partner[index]]
            out.append(piece_code(CodeKind.CLOSE, code_id, token))
            natives[(CodeKind.CLOSE, code_id)] = token
        elif token.kind == "open":
            close_format()
            code_id = new_id()
            assert token.shell is not None
            display = token.shell.get(_w("anchor")) or token.shell.get(_w("instr")) or f"<{token.type}>"
            out.append(Code(CodeKind.OPEN, code_id, token.type, _xml(token.shell), display.strip()))
            natives[(CodeKind.OPEN, code_id)] = token
            containers.append((code_id, token.type))
        elif token.kind == "close":
            close_format()
            code_id, kind_name = containers.pop()
            out.append(Code(CodeKind.CLOSE, code_id, kind_name, "", f"</{kind_name}>"))
            natives[(CodeKind.CLOSE, code_id)] = natives[(CodeKind.OPEN, code_id)]
    close_format()
    return out, natives


def _trim(content: list[str | Code]) -> tuple[list[str | Code], list[str | Code], list[str | Code]]:
    """(prefix, core, suffix): standalone codes at the edges and pairs that wrap the whole text stay outside."""
    start, end = 0, len(content)
    while True:
        moved = False
        while start < end and (
            (isinstance(content[start], Code) and content[start].kind is CodeKind.STANDALONE)  # type: ignore[union-attr]
            or (isinstance(content[start], str) and not str(content[start]).strip())
        ):
            start += 1
            moved = True
        while end > start and (
            (isinstance(content[end - 1], Code) and content[end - 1].kind is CodeKind.STANDALONE)  # type: ignore[union-attr]
            or (isinstance(content[end - 1], str) and not str(content[end - 1]).strip())
        ):
            end -= 1
            moved = True
        first, last = (content[start], content[end - 1]) if end - start >= 2 else (None, None)
        if (
            isinstance(first, Code)
            and isinstance(last, Code)
            and first.kind is CodeKind.OPEN
            and last.kind is CodeKind.CLOSE
            and first.id == last.id
        ):
            start += 1
            end -= 1
            moved = True
        if not moved:
            break
    return content[:start], content[start:end], content[end:]


def _paragraphs(root: etree._Element) -> Iterator[tuple[int, etree._Element]]:
    fallback = f"{{{MC}}}Fallback"
    for index, paragraph in enumerate(root.iter(_P)):
        if any(ancestor.tag == fallback for ancestor in paragraph.iterancestors()):
            continue
        yield index, paragraph


def _block_kind(
    paragraph: etree._Element, part_kind: BlockKind, styles: _Styles
) -> tuple[BlockKind, int | None]:
    if part_kind is not BlockKind.PARAGRAPH:
        return part_kind, None
    ppr = paragraph.find(_PPR)
    style_id = ""
    if ppr is not None:
        style = ppr.find(_w("pStyle"))
        style_id = style.get(_w("val"), "") if style is not None else ""
    name = styles.names.get(style_id, style_id)
    if match := _HEADING.match(name.replace("Heading", "heading ").replace("  ", " ")):
        return BlockKind.HEADING, int(match.group(1))
    if name.lower() == "title":
        return BlockKind.TITLE, None
    numbered = ppr is not None and ppr.find(_w("numPr")) is not None
    if numbered or style_id in styles.numbered:
        level = ppr.find(f"{_w('numPr')}/{_w('ilvl')}") if ppr is not None else None
        return BlockKind.LIST_ITEM, int(level.get(_w("val"), "0")) + 1 if level is not None else 1
    if any(ancestor.tag == _w("tc") for ancestor in paragraph.iterancestors()):
        return BlockKind.TABLE_CELL, None
    return BlockKind.PARAGRAPH, None


def _text_parts(
    path: Path, raw: Mapping[str, bytes], options: ExtractOptions
) -> tuple[list[tuple[str, BlockKind]], _Styles]:
    """The parts holding text, main document first, and the styles that tell headings, lists, hidden text."""
    main = next(
        (t for kind, t in _rels(path, raw, "") if kind.endswith("/officeDocument")), "word/document.xml"
    )
    if main not in raw:
        raise InputError(path, f"not a Word document: no {main} part")
    related = _rels(path, raw, main)
    styles_name = next((t for kind, t in related if kind.endswith("/styles")), None)
    parts: list[tuple[str, BlockKind]] = [(main, BlockKind.PARAGRAPH)]
    for suffix in ("/footnotes", "/endnotes", "/header", "/footer", "/comments"):
        if suffix == "/comments" and not options.translate_comments:
            continue
        for kind, target in related:
            if kind.endswith(suffix) and target in raw and (target, _PART_KINDS[suffix]) not in parts:
                parts.append((target, _PART_KINDS[suffix]))
    return parts, _styles(path, raw, styles_name)


def _part_id(name: str) -> str:
    """``word/footnotes.xml`` -> ``footnotes``: block ids are XLIFF unit ids, which must be NMTOKENs."""
    stem = name.removeprefix("word/").removesuffix(".xml")
    return re.sub(r"[^A-Za-z0-9._-]", "_", stem)


def _read(path: Path, options: ExtractOptions) -> _Package:
    parts = read_zip(path)
    raw = {part.info.filename: part.data for part in parts}
    for name, data in raw.items():  # a DTD anywhere is refused, even in parts this filter does not parse
        if name.endswith((".xml", ".rels")) and (b"<!DOCTYPE" in data or b"<!ENTITY" in data):
            parse_xml(path, name, data)
    text_parts, styles = _text_parts(path, raw, options)
    trees: dict[str, etree._ElementTree] = {}
    plans: dict[str, list[_Plan]] = {}
    for name, part_kind in text_parts:
        tree = parse_xml(path, name, raw[name])
        trees[name] = tree
        plans[name] = []
        for index, paragraph in _paragraphs(tree.getroot()):
            tokens = _Flattener(styles, options).paragraph(paragraph)
            content, natives = _content(tokens)
            prefix, core, suffix = _trim(content)
            text = "".join(p for p in core if isinstance(p, str))
            if not _LETTER.search(text):
                continue
            cut = split_block(tuple(core), options.source_lang)
            if not cut.segments:
                continue
            block_id = f"{_part_id(name)}.p{index + 1}"
            kind, level = _block_kind(paragraph, part_kind, styles)
            block = Block(block_id, kind, make_segments(block_id, cut), level)
            plans[name].append(_Plan(block, paragraph, prefix, suffix, cut, natives))
        plans[name].extend(_image_texts(tree.getroot(), name, options.source_lang))
    return _Package(parts, trees, plans)


def _image_texts(root: etree._Element, name: str, lang: str) -> Iterator[_Plan]:
    """The alt text (``descr``) and title of each picture, shape or chart: what a screen reader says."""
    fallback = f"{{{MC}}}Fallback"
    for index, properties in enumerate(root.iter(f"{{{_WP}}}docPr")):
        if any(ancestor.tag == fallback for ancestor in properties.iterancestors()):
            continue
        for attribute in ("descr", "title"):
            value = properties.get(attribute, "")
            # Word fills descr with the picture's file name or URL when nobody wrote alt text: not text.
            if not _LETTER.search(value) or (" " not in value.strip() and re.search(r"[/._%\\]", value)):
                continue
            cut = split_block((value,), lang)
            if not cut.segments:
                continue
            block_id = f"{_part_id(name)}.image{index + 1}.{attribute}"
            block = Block(block_id, BlockKind.ATTRIBUTE, make_segments(block_id, cut))
            yield _Plan(block, properties, [], [], cut, {}, attribute)


def _language_attribute(lang: str) -> str:
    """The ``w:lang`` attribute that names a run's language for ``lang``'s script: Word keeps one language for
    Latin text (``w:val``), one for East Asian text (``w:eastAsia``) and one for right-to-left text
    (``w:bidi``), and picks spelling, fonts and line breaking by the one that matches the characters."""
    base = base_language(lang)
    if base in _EAST_ASIAN:
        return _w("eastAsia")
    if base in RTL_LANGUAGES:
        return _w("bidi")
    return _w("val")


class _Writer:
    """Rebuilds one paragraph's children from a translated content and the source's native nodes."""

    def __init__(self, plan: _Plan, report: MergeReport, lang: str | None = None) -> None:
        """``lang``: the language the written text is in, set as ``w:lang`` on each run of text (None: left as
        the source's runs had it)."""
        self.plan = plan
        self.report = report
        self.lang = lang
        self.used: set[int] = set()

    def _take(self, element: etree._Element) -> etree._Element:
        """The original node the first time (so nested text boxes already merged stay), a copy after."""
        if id(element) in self.used:
            return copy.deepcopy(element)
        self.used.add(id(element))
        return element

    def write(self, content: list[str | Code]) -> None:
        paragraph = self.plan.paragraph
        for child in list(paragraph):
            if child.tag != _PPR:
                paragraph.remove(child)
        targets: list[tuple[int, etree._Element]] = [(0, paragraph)]
        formats: list[tuple[int, etree._Element | None]] = []
        for part in self._complete(content):
            target = targets[-1][1]
            if isinstance(part, str):
                self._text(target, part, formats[-1][1] if formats else None)
                continue
            token = self.plan.natives.get((part.kind, part.id))
            if token is None:
                self.report.warnings.append(
                    f"{self.plan.block.id}: code {part.id} is not in the source: left out"
                )
                continue
            if token.kind == "text":  # run formatting
                if part.kind is CodeKind.OPEN:
                    formats.append((part.id, token.rpr))
                else:
                    formats = [f for f in formats if f[0] != part.id]
            elif token.kind == "open":
                if part.kind is CodeKind.OPEN:
                    assert token.shell is not None
                    shell = copy.deepcopy(token.shell)
                    target.append(shell)
                    holder = shell.find(token.holder) if token.holder else shell
                    targets.append((part.id, holder if holder is not None else shell))
                else:
                    targets = [t for t in targets if t[0] != part.id] or [(0, paragraph)]
            else:
                for piece in token.pieces:
                    node = self._take(piece.element)
                    if piece.in_run:
                        run = etree.SubElement(target, _R)
                        if piece.rpr is not None:
                            run.append(copy.deepcopy(piece.rpr))
                        run.append(node)
                    else:
                        target.append(node)

    def _complete(self, content: list[str | Code]) -> list[str | Code]:
        """The content with the source's codes that the translation left out added at the end."""
        present = {(p.kind, p.id) for p in content if isinstance(p, Code)}
        missing = [k for k in self.plan.natives if k not in present]
        if not missing:
            return content
        out = list(content)
        for kind, code_id in missing:
            token = self.plan.natives[(kind, code_id)]
            # A tab, a footnote reference, a field, a hyperlink (empty, so its relationship stays used) are
            # document structure: kept at the end. Character formatting that lost its text is dropped.
            if kind is CodeKind.STANDALONE or token.kind in ("fbegin", "fend", "open"):
                self.report.warnings.append(
                    f"{self.plan.block.id}: code {code_id} missing in the translation: kept"
                )
                out.append(Code(kind, code_id, token.type))
        return out

    def _text(self, target: etree._Element, text: str, rpr: etree._Element | None) -> None:
        # Written as it stands: a tab or newline character in a translation is what the source's w:t held
        # (tabs and breaks Word made are codes), so it stays a character, not new markup.
        if not text:
            return
        run = etree.SubElement(target, _R)
        if rpr is not None:
            run.append(copy.deepcopy(rpr))
        if self.lang:
            _set_language(run, self.lang)
        t = etree.SubElement(run, _T)
        t.text = text
        t.set(_XML_SPACE, "preserve")


def _set_language(run: etree._Element, lang: str) -> None:
    """Name ``lang`` in the run's ``w:rPr/w:lang`` (made if missing, in the place the schema's sequence gives
    it), keeping the languages it names for the other scripts."""
    rpr = run.find(_RPR)
    if rpr is None:
        rpr = etree.Element(_RPR)
        run.insert(0, rpr)
    element = rpr.find(_LANG)
    if element is None:
        element = etree.Element(_LANG)
        after = next((child for child in rpr if child.tag in _AFTER_LANG), None)
        if after is None:
            rpr.append(element)
        else:
            after.addprevious(element)
    element.set(_language_attribute(lang), lang)


def _serialise(tree: etree._ElementTree) -> bytes:
    docinfo = tree.docinfo
    encoding = docinfo.encoding or "UTF-8"
    if docinfo.standalone is None:
        data = etree.tostring(tree, xml_declaration=True, encoding=encoding)
    else:
        data = etree.tostring(tree, xml_declaration=True, encoding=encoding, standalone=docinfo.standalone)
    assert isinstance(data, bytes)  # an encoding was given: lxml returns bytes
    return data


def _write_zip(parts: list[ZipPart], replaced: Mapping[str, bytes]) -> bytes:
    """The package again: same entries in the same order and compression, replaced parts' bytes swapped in."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as out:
        for part in parts:
            info = zipfile.ZipInfo(part.info.filename, date_time=part.info.date_time)
            info.compress_type = part.info.compress_type
            info.external_attr = part.info.external_attr
            info.create_system = part.info.create_system
            info.comment = part.info.comment
            out.writestr(info, replaced.get(part.info.filename, part.data))
    return buffer.getvalue()


class DocxFilter:
    """Word documents: body, tables, text boxes, headers, footers, footnotes and endnotes; runs merged into codes."""

    name = "docx"
    suffixes = (".docx",)
    description = "Word DOCX (runs as codes; fields, tracked changes, drawings and comments kept as they are)"

    def extract(self, path: Path, options: ExtractOptions) -> Document:
        package = _read(path, options)
        blocks = tuple(plan.block for plans in package.plans.values() for plan in plans)
        return Document(path=path, format=self.name, source_lang=options.source_lang, blocks=blocks)

    def merge(
        self, path: Path, translations: Mapping[str, Content], out: Path, options: MergeOptions
    ) -> MergeReport:
        return self._merge(path, translations, out, options, rebuild_all=False)

    def _merge(
        self,
        path: Path,
        translations: Mapping[str, Content],
        out: Path,
        options: MergeOptions,
        rebuild_all: bool,
    ) -> MergeReport:
        """``rebuild_all`` rewrites unchanged paragraphs too: the tests use it to check the rebuild itself."""
        package = _read(path, options.extract_options())
        report = MergeReport(output=out)
        replaced: dict[str, bytes] = {}
        for name, plans in package.plans.items():
            changed = False
            for plan in plans:
                targets: list[Content | None] = []
                for segment in plan.block.segments:
                    target = translations.get(segment.id)
                    if target is None:
                        report.untranslated += 1
                    else:
                        report.translated += 1
                    targets.append(target)
                joined = join_block(plan.split, targets, options.target_lang)
                unchanged = joined == join_block(plan.split, [None] * len(targets))
                if unchanged and not rebuild_all:
                    continue
                if plan.attribute is not None:
                    plan.paragraph.set(plan.attribute, "".join(p for p in joined if isinstance(p, str)))
                else:
                    # w:lang names the target language where the paragraph's text changed and every sentence
                    # is translated: a paragraph that keeps some source text is in two languages, and its runs
                    # do not say which is which.
                    translated = not unchanged and all(t is not None for t in targets)
                    lang = options.target_lang if translated else None
                    _Writer(plan, report, lang).write([*plan.prefix, *joined, *plan.suffix])
                changed = True
            if changed:
                replaced[name] = _serialise(package.trees[name])
        write_atomically(out, _write_zip(package.parts, replaced))
        return report


FILTER = DocxFilter()
