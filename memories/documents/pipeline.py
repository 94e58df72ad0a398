"""Documents in, documents out: a document -> an XLIFF file of its segments (``prepare``) -> the translated
document (``merge``).

``prepare`` extracts the document with its filter and writes one XLIFF unit per segment (unit id = segment id;
in 2.0, where an id is an NMTOKEN, a segment id such as ``word/document.xml#p4.s1`` becomes the unit id
``word_document.xml_p4.s1`` and stays whole in the unit's ``name``)
with the segment's inline codes as XLIFF codes: 2.0 ``sc``/``ec``/``ph`` whose native markup is in
``originalData``, 1.2 ``bpt``/``ept``/``ph`` holding the native markup. The file points back to the original
(2.0 ``<skeleton href>``, 1.2 ``<skl><external-file href>``; the path is relative to the XLIFF) and names the
filter (2.0 metadata module ``mda:meta type="format"``, 1.2 ``datatype``) and, when one was given, the encoding
the original was read in and the extraction's options (a Word document's comments and hidden text translated), so
that ``merge`` re-extracts the original the same way and needs nothing but the XLIFF.

``merge`` reads the XLIFF with the project's reader (``memories.formats.xliff``, which checks the file),
turns each target back into a content whose codes are the original's (matched by id), and has the filter
re-extract the original and write it with the translations. A segment with no usable target (none, empty, or
in a state that says it is not a translation yet) keeps its source and is counted as untranslated.
Pre-translation from a memory is ``glossary.pretranslate`` run on the prepared file (``glossary prepare
--pretranslate`` does that).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote, unquote, urlparse

from lxml import etree

from memories.documents import detect_document_format, get_filter
from memories.documents.model import (
    Code,
    CodeKind,
    Content,
    Document,
    ExtractOptions,
    MergeOptions,
    MergeReport,
)
from memories.errors import InputError
from memories.formats._files import atomic_output
from memories.formats.xliff import Segment as XliffSegment
from memories.formats.xliff import XliffDocument
from memories.langs import normalize_tag

__all__ = ["PrepareReport", "merge", "prepare", "xliff_content"]

NS20 = "urn:oasis:names:tc:xliff:document:2.0"
NS12 = "urn:oasis:names:tc:xliff:document:1.2"
MDA = "urn:oasis:names:tc:xliff:metadata:2.0"
_META_GROUP = "glossary:document"
_NSMAP20: dict[str, str] = {None: NS20, "mda": MDA}  # type: ignore[dict-item]  # lxml-stubs lack None
_NOT_NMTOKEN = re.compile(r"[^\w.:-]")
_NSMAP12: dict[str, str] = {None: NS12}  # type: ignore[dict-item]
# 1.2 datatype values for our filters (the schema's list has html and plaintext; others take an x- name).
_DATATYPES = {"text": "plaintext", "html": "html", "markdown": "x-markdown", "docx": "x-docx"}
# Target states that say the target is not a translation yet (as glossary.pretranslate reads them).
_NOT_YET = frozenset({"new", "needs-translation", "initial"})
# 2.0 code types: formatting with its xlf: subtype where the specification has one.
_SUBTYPES_20 = {"bold": "xlf:b", "italic": "xlf:i", "underline": "xlf:u", "break": "xlf:lb"}
_TYPES_20 = {"link": "link", "image": "image"}
# 1.2 ctype: the schema's names for delimiters (bpt, it) and placeholders (ph); others take an x- name.
_DELIMITERS_12 = {"bold": "bold", "italic": "italic", "underline": "underlined", "link": "link"}
_PLACEHOLDERS_12 = {"image": "image", "break": "lb"}


@dataclass
class PrepareReport:
    """What ``prepare`` wrote."""

    document: Document
    xliff: Path
    version: str
    segments: int = 0
    codes: int = 0
    warnings: list[str] = field(default_factory=list)


def prepare(
    path: Path,
    target: str,
    out: Path,
    version: str = "2.0",
    source_lang: str = "en",
    format: str | None = None,
    encoding: str | None = None,
    translate_comments: bool = False,
    translate_hidden: bool = False,
) -> PrepareReport:
    """Extract ``path`` and write its segments to the XLIFF ``out`` (``version`` "2.0" or "1.2");
    ``translate_comments`` and ``translate_hidden`` take a Word document's comments and hidden text too."""
    if version not in ("2.0", "1.2"):
        raise InputError(
            None, f"XLIFF version {version!r} is not one glossary writes", hint="give 2.0 or 1.2"
        )
    if out.resolve() == path.resolve():
        raise InputError(path, "the XLIFF would overwrite the document", hint="give another output file")
    name = format or detect_document_format(path)
    if (translate_comments or translate_hidden) and name != "docx":
        raise InputError(
            path,
            f"comments and hidden text are options of Word documents, not of {name}",
            hint="leave them out",
        )
    options = ExtractOptions(source_lang, encoding, translate_comments, translate_hidden)
    document = get_filter(name).extract(path, options)
    if not document.segments:
        # An XLIFF file holds at least one unit: there is nothing to write.
        raise InputError(path, "the document has no text to translate", hint=f"is it a {name} document?")
    source, target = normalize_tag(source_lang), normalize_tag(target)
    href = _href(path, out)
    # What merge needs to extract the original again exactly so, recorded in the XLIFF.
    settings = {"format": name, "encoding": encoding or ""}
    settings.update({"comments": "yes"} if translate_comments else {})
    settings.update({"hidden": "yes"} if translate_hidden else {})
    settings = {key: value for key, value in settings.items() if value}
    if version == "2.0":
        root = _xliff20(document, source, target, href, settings)
    else:
        root = _xliff12(document, source, target, href, settings)
    with atomic_output(out) as handle:
        _indent(root)
        etree.ElementTree(root).write(handle, xml_declaration=True, encoding="utf-8")
    codes = sum(isinstance(p, Code) for s in document.segments for p in s.source)
    return PrepareReport(document, out, version, len(document.segments), codes)


def merge(xliff: Path, out: Path | None = None, encoding: str | None = None) -> MergeReport:
    """Write the translated document that ``xliff`` (made by ``prepare``) describes; ``out`` defaults to the
    original's name with the target language before the suffix (``statement.zh-CN.docx``). ``encoding``
    writes a text format in that encoding instead of the original's."""
    xliff_doc = XliffDocument.load(xliff)
    root = xliff_doc.tree.getroot()
    original, settings = _skeleton(xliff, root, xliff_doc.version)
    name = settings.get("format") or detect_document_format(original)
    segments = list(xliff_doc.segments())
    if not segments:
        raise InputError(xliff, "the XLIFF has no segments", hint="give a file that glossary prepare wrote")
    source_lang = segments[0].source_lang
    target_lang = segments[0].target_lang or ""
    if not original.is_file():
        raise InputError(
            xliff, f"the original document {original} is not there", hint="keep it where it was when prepared"
        )
    document_filter = get_filter(name)
    options = MergeOptions(
        target_lang=target_lang or "zh-CN",
        encoding=encoding,
        source_lang=source_lang,
        source_encoding=settings.get("encoding") or None,
        translate_comments=settings.get("comments") == "yes",
        translate_hidden=settings.get("hidden") == "yes",
    )
    document = document_filter.extract(original, options.extract_options())
    by_id = {s.id: s for s in document.segments}
    translations: dict[str, Content] = {}
    warnings: list[str] = []
    # A tool may have cut a unit into several segments (2.0): they are one segment of the document again.
    units: dict[str, list[XliffSegment]] = {}
    for segment in segments:
        units.setdefault(_segment_id(segment, xliff_doc.version), []).append(segment)
    for ident, unit_segments in units.items():
        original_segment = by_id.get(ident)
        if original_segment is None:
            raise InputError(
                xliff,
                f"unit {ident!r} is not a segment of {original.name}",
                unit_segments[0].line,
                hint="the original changed since it was prepared: prepare it again",
            )
        content, lost = _unit_translation(unit_segments, xliff_doc.version, original_segment.source)
        for code in lost:
            warnings.append(
                f"{xliff}:{unit_segments[0].line}: unit {ident}: code {code} is not in the source; left out"
            )
        if content is not None:
            translations[ident] = content
    if out is None:
        out = original.with_name(f"{original.stem}.{target_lang or 'translated'}{original.suffix}")
    if out.resolve() == original.resolve():
        raise InputError(
            out, "the merge would overwrite the original", hint="give another output file with -o"
        )
    report = document_filter.merge(original, translations, out, options)
    report.warnings[:0] = warnings
    return report


# ------------------------------------------------------------------------------------------------ writing


def _href(path: Path, out: Path) -> str:
    relative = Path(posixpath.relpath(path.resolve().as_posix(), out.resolve().parent.as_posix()))
    return quote(relative.as_posix())


def _xliff20(
    document: Document, source: str, target: str, href: str, settings: dict[str, str]
) -> etree._Element:
    root = etree.Element(
        f"{{{NS20}}}xliff",
        {"version": "2.0", "srcLang": source, "trgLang": target},
        nsmap=_NSMAP20,
    )
    file = etree.SubElement(root, f"{{{NS20}}}file", {"id": "f1", "original": document.path.name})
    etree.SubElement(file, f"{{{NS20}}}skeleton", {"href": href})
    metadata = etree.SubElement(file, f"{{{MDA}}}metadata")
    group = etree.SubElement(metadata, f"{{{MDA}}}metaGroup", {"category": _META_GROUP})
    for key, value in settings.items():
        etree.SubElement(group, f"{{{MDA}}}meta", {"type": key}).text = value
    unit_ids = _nmtokens([s.id for s in document.segments])
    for block in document.blocks:
        for segment in block.segments:
            unit = etree.SubElement(
                file, f"{{{NS20}}}unit", {"id": unit_ids[segment.id], "type": f"glossary:{block.kind.value}"}
            )
            if unit_ids[segment.id] != segment.id:
                unit.set("name", segment.id)
            codes = [p for p in segment.source if isinstance(p, Code)]
            data: etree._Element | None = None
            if codes:
                data = etree.SubElement(unit, f"{{{NS20}}}originalData")
            seg = etree.SubElement(unit, f"{{{NS20}}}segment")
            src = etree.SubElement(seg, f"{{{NS20}}}source")
            _fill20(src, segment.source, data)
    return root


def _nmtokens(ids: list[str]) -> dict[str, str]:
    """Segment id -> an XLIFF 2.0 unit id (an NMTOKEN, unique in the file)."""
    taken: set[str] = set()
    out: dict[str, str] = {}
    for ident in ids:
        token = _NOT_NMTOKEN.sub("_", ident) or "u"
        candidate, n = token, 1
        while candidate in taken:
            n += 1
            candidate = f"{token}_{n}"
        taken.add(candidate)
        out[ident] = candidate
    return out


def _fill(
    parent: etree._Element,
    content: Content,
    code: Callable[[etree._Element, Code, set[int], set[int]], etree._Element],
) -> None:
    """Write ``content`` into ``parent``: its text as text, each code as the element ``code(parent, part,
    opens, closes)`` adds (``opens`` and ``closes``: the ids of the codes that open and close in it)."""
    closes = {p.id for p in content if isinstance(p, Code) and p.kind is CodeKind.CLOSE}
    opens = {p.id for p in content if isinstance(p, Code) and p.kind is CodeKind.OPEN}
    last: etree._Element | None = None
    for part in content:
        if isinstance(part, str):
            if last is None:
                parent.text = (parent.text or "") + _xml_text(part)
            else:
                last.tail = (last.tail or "") + _xml_text(part)
        else:
            last = code(parent, part, opens, closes)


def _fill20(parent: etree._Element, content: Content, data: etree._Element | None) -> None:
    _fill(parent, content, lambda into, part, opens, closes: _code20(into, part, opens, closes, data))


def _code20(
    parent: etree._Element, part: Code, opens: set[int], closes: set[int], data: etree._Element | None
) -> etree._Element:
    attributes: dict[str, str] = {}
    if part.kind is CodeKind.OPEN:
        tag = "sc"
        attributes["id"] = str(part.id)
        if part.id not in closes:
            attributes["isolated"] = "yes"
    elif part.kind is CodeKind.CLOSE:
        tag = "ec"
        if part.id in opens:
            attributes["startRef"] = str(part.id)
        else:
            attributes["id"] = str(part.id)
            attributes["isolated"] = "yes"
    else:
        tag = "ph"
        attributes["id"] = str(part.id)
    if part.type in _SUBTYPES_20:
        attributes["type"] = "fmt"
        attributes["subType"] = _SUBTYPES_20[part.type]
    else:
        attributes["type"] = _TYPES_20.get(
            part.type, "fmt" if part.type in ("tab", "fmt", "strike") else "other"
        )
    if part.display:
        attributes["disp"] = _xml_text(part.display)
    if data is not None and part.data:
        data_id = f"d{len(data) + 1}"
        etree.SubElement(data, f"{{{NS20}}}data", {"id": data_id}).text = _xml_text(part.data)
        attributes["dataRef"] = data_id
    return etree.SubElement(parent, f"{{{NS20}}}{tag}", attributes)


def _xliff12(
    document: Document, source: str, target: str, href: str, settings: dict[str, str]
) -> etree._Element:
    name = settings["format"]
    root = etree.Element(f"{{{NS12}}}xliff", {"version": "1.2"}, nsmap=_NSMAP12)
    file = etree.SubElement(
        root,
        f"{{{NS12}}}file",
        {"original": document.path.name, "source-language": source, "target-language": target,
         "datatype": _DATATYPES.get(name, f"x-{name}")},
    )  # fmt: skip
    header = etree.SubElement(file, f"{{{NS12}}}header")
    skl = etree.SubElement(header, f"{{{NS12}}}skl")
    etree.SubElement(skl, f"{{{NS12}}}external-file", {"href": href})
    note = "\n".join(f"{key}={value}" for key, value in settings.items())
    etree.SubElement(header, f"{{{NS12}}}note", {"from": _META_GROUP}).text = note
    body = etree.SubElement(file, f"{{{NS12}}}body")
    for block in document.blocks:
        for segment in block.segments:
            unit = etree.SubElement(
                body, f"{{{NS12}}}trans-unit", {"id": segment.id, "restype": f"x-{block.kind.value}"}
            )
            src = etree.SubElement(unit, f"{{{NS12}}}source")
            _fill12(src, segment.source)
    return root


def _fill12(parent: etree._Element, content: Content) -> None:
    _fill(parent, content, _code12)


def _code12(parent: etree._Element, part: Code, opens: set[int], closes: set[int]) -> etree._Element:
    attributes = {"id": str(part.id)}
    if part.kind is CodeKind.OPEN and part.id in closes:
        tag = "bpt"
    elif part.kind is CodeKind.CLOSE and part.id in opens:
        tag = "ept"
    elif part.kind is CodeKind.STANDALONE:
        tag = "ph"
    else:
        tag = "it"
        attributes["pos"] = "open" if part.kind is CodeKind.OPEN else "close"
    if tag != "ept":
        known = _PLACEHOLDERS_12 if tag == "ph" else _DELIMITERS_12
        attributes["ctype"] = known.get(part.type, f"x-{part.type or 'code'}")
    elem = etree.SubElement(parent, f"{{{NS12}}}{tag}", attributes)
    elem.text = _xml_text(part.data) or None
    return elem


_TEXT_ELEMENTS = frozenset({"source", "target", "data", "meta", "note", "external-file"})


def _indent(elem: etree._Element, level: int = 0) -> None:
    """Indent the structure (file, units, segments) but never inside text elements: whitespace added to a
    ``<source>`` would be whitespace of the segment (what lxml's pretty printing may do)."""
    children = list(elem)
    if not children or etree.QName(elem).localname in _TEXT_ELEMENTS:
        return
    elem.text = "\n" + "  " * (level + 1)
    for child in children:
        _indent(child, level + 1)
        child.tail = "\n" + "  " * (level + 1)
    children[-1].tail = "\n" + "  " * level


def _xml_text(text: str) -> str:
    """Text XML 1.0 can hold (a control character in a document's markup is dropped from the XLIFF copy only;
    merge writes the original's codes, never these)."""
    return "".join(
        c
        for c in text
        if c in "\t\n\r" or "\x20" <= c <= "\ud7ff" or "\ue000" <= c <= "\ufffd" or c >= "\U00010000"
    )


# ------------------------------------------------------------------------------------------------ reading


def _skeleton(xliff: Path, root: etree._Element, version: str) -> tuple[Path, dict[str, str]]:
    """The original document that the XLIFF names, and the settings ``prepare`` recorded (format, encoding,
    comments, hidden)."""
    href: str | None = None
    settings: dict[str, str] = {}
    if version == "2.0":
        for skeleton in root.iter(f"{{{NS20}}}skeleton"):
            href = skeleton.get("href")
            break
        for group in root.iter(f"{{{MDA}}}metaGroup"):
            if group.get("category") == _META_GROUP:
                for meta in group.iter(f"{{{MDA}}}meta"):
                    settings[meta.get("type", "")] = (meta.text or "").strip()
    else:
        ns = root.tag.split("}")[0].lstrip("{") if root.tag.startswith("{") else ""
        q = (lambda local: f"{{{ns}}}{local}") if ns else (lambda local: local)
        for external in root.iter(q("external-file")):
            href = external.get("href")
            break
        for note in root.iter(q("note")):
            if note.get("from") == _META_GROUP:
                for line in (note.text or "").splitlines():
                    key, _, value = line.partition("=")
                    settings[key.strip()] = value.strip()
    if not href:
        raise InputError(
            xliff,
            "the XLIFF does not name its original document",
            hint="merge takes a file that glossary prepare wrote",
        )
    parsed = urlparse(href)
    if parsed.scheme not in ("", "file"):
        raise InputError(xliff, f"the original {href!r} is not a local file")
    relative = Path(unquote(parsed.path))
    original = relative if relative.is_absolute() else (xliff.parent / relative)
    return original, settings


def _segment_id(segment: XliffSegment, version: str) -> str:
    """The document's segment id a unit stands for: 2.0 the unit's ``name`` (or id), 1.2 the trans-unit's id."""
    if version != "2.0":
        return segment.id or segment.unit_id
    unit = segment.element.getparent() if segment.element is not None else None
    name = unit.get("name") if unit is not None else None
    return name or segment.unit_id


def _unit_translation(
    segments: list[XliffSegment], version: str, source: Content
) -> tuple[Content | None, list[str]]:
    """The translation of one document segment from its unit's segments (None when none is translated): a
    segment with a usable target gives its target, any other its source, an ignorable its text."""
    first = segments[0].element
    assert first is not None  # the reader's segments of a loaded document
    parent = first.getparent() if version == "2.0" else None
    pieces = (
        [c for c in parent if etree.QName(c).localname in ("segment", "ignorable")]
        if parent is not None
        else [s.element for s in segments if s.element is not None]
    )
    parts: list[str | Code] = []
    lost: list[str] = []
    translated = False
    for piece in pieces:
        ns = etree.QName(piece).namespace
        found_source = piece.find(f"{{{ns}}}source" if ns else "source")
        target = piece.find(f"{{{ns}}}target" if ns else "target")
        state = (
            piece.get("state") if version == "2.0" else (target.get("state") if target is not None else None)
        )
        content: Content = ()
        if target is not None and state not in _NOT_YET:
            content, missing = xliff_content(target, source)
            lost.extend(missing)
        if content and (
            any(isinstance(p, Code) for p in content)
            or "".join(p for p in content if isinstance(p, str)).strip()
        ):
            translated = translated or etree.QName(piece).localname != "ignorable"
        elif found_source is not None:
            content, _ = xliff_content(found_source, source)
        parts.extend(content)
    merged: list[str | Code] = []
    for part in parts:
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        else:
            merged.append(part)
    return (tuple(merged) if translated else None), lost


def xliff_content(target: etree._Element, source: Content) -> tuple[Content, list[str]]:
    """An XLIFF ``<target>`` (2.0 or 1.2) as a content whose codes are ``source``'s, matched by id and kind.
    Codes the source does not have are left out and named in the second value."""
    codes: dict[tuple[str, CodeKind], Code] = {}
    for part in source:
        if isinstance(part, Code):
            codes.setdefault((str(part.id), part.kind), part)
    parts: list[str | Code] = []
    lost: list[str] = []

    def code(ident: str | None, kind: CodeKind) -> None:
        found = codes.get((ident or "", kind))
        if found is None:
            lost.append(f"{ident or '?'}")
        else:
            parts.append(found)

    def walk(elem: etree._Element) -> None:
        if elem.text:
            parts.append(elem.text)
        for child in elem:
            if not isinstance(child.tag, str):  # a comment or processing instruction
                if child.tail:
                    parts.append(child.tail)
                continue
            local = etree.QName(child).localname
            if local in ("sc", "bx", "bpt"):
                code(child.get("id") if local != "bx" else child.get("rid") or child.get("id"), CodeKind.OPEN)
            elif local in ("ec", "ex", "ept"):
                ident = child.get("startRef") or child.get("rid") or child.get("id")
                code(ident, CodeKind.CLOSE)
            elif local in ("ph", "x"):
                code(child.get("id"), CodeKind.STANDALONE)
            elif local == "it":
                code(child.get("id"), CodeKind.OPEN if child.get("pos") == "open" else CodeKind.CLOSE)
            elif local in ("pc", "g"):
                code(child.get("id"), CodeKind.OPEN)
                walk(child)
                code(child.get("id"), CodeKind.CLOSE)
            elif local == "cp":
                parts.append(chr(int(child.get("hex", "FFFD"), 16)))
            else:  # mrk, sm/em and other annotations: their text is the translation
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(target)
    # A code placed twice, or half of a pair (an opening without its closing, a closing before its opening),
    # would write broken markup: a second copy is left out, and so is a broken pair, and both are named.
    paired = {p.id for p in source if isinstance(p, Code) and p.kind is CodeKind.CLOSE} & {
        p.id for p in source if isinstance(p, Code) and p.kind is CodeKind.OPEN
    }
    seen: set[tuple[int, CodeKind]] = set()
    broken: set[int] = set()
    twice: set[int] = set()
    for part in parts:
        if isinstance(part, Code):
            if (part.id, part.kind) in seen:
                twice.add(part.id)
            elif part.kind is CodeKind.CLOSE and part.id in paired and (part.id, CodeKind.OPEN) not in seen:
                broken.add(part.id)
            seen.add((part.id, part.kind))
    broken |= {i for i in paired if ((i, CodeKind.OPEN) in seen) != ((i, CodeKind.CLOSE) in seen)}
    lost.extend(f"{i} (placed twice)" for i in sorted(twice - broken))
    lost.extend(f"{i} (without its pair)" for i in sorted(broken))
    merged: list[str | Code] = []
    written: set[tuple[int, CodeKind]] = set()
    for part in parts:
        if isinstance(part, Code):
            if part.id in broken or (part.id, part.kind) in written:
                continue
            written.add((part.id, part.kind))
        if isinstance(part, str) and merged and isinstance(merged[-1], str):
            merged[-1] += part
        elif part != "":
            merged.append(part)
    return tuple(merged), lost


def segments_of(xliff: Path) -> Iterator[tuple[str, str]]:
    """(unit id, plain source) of each segment of a prepared XLIFF, read with the project's reader."""
    document = XliffDocument.load(xliff)
    for segment in document.segments():
        yield (
            _segment_id(segment, document.version),
            segment.source,
        )
