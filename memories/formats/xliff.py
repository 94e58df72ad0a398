"""XLIFF 1.2 and 2.0 bilingual files: import of translated segments, export, and a document to fill in place.

Reading
    The version is told by the root's namespace (``urn:oasis:names:tc:xliff:document:1.2`` or ``:2.0``; a
    1.0/1.1 file or a 1.x root without namespace reads as 1.2). A segment is an XLIFF 1.2 ``<trans-unit>``
    or an XLIFF 2.0 ``<segment>`` (``<ignorable>`` is whitespace between segments, never a segment). Each
    segment with a target becomes a ``TranslationUnit`` with a source and a target ``Variant``; the others
    are left out with why (untranslated, ``translate="no"``, a state that says the target is not a
    translation yet). Inline codes become TMX 1.4 inline XML in ``Variant.markup`` (1.2 ``g``/``bx``/``ex``
    and 2.0 ``pc``/``sc``/``ec`` -> ``bpt``/``ept`` or ``it``, ``x``/``ph`` -> ``ph``, ``mrk`` -> ``hi``;
    the 2.0 original data of a code is the code's content), ``Variant.text`` is what a translator reads.

    An XLIFF file is a document for translation, not a memory: it is parsed whole (nothing resolved, loaded
    or fetched: no entities, no DTD, no network), so that the specification's cross-references can be
    checked. A 2.0 file is checked against the core schema's structure (elements, their order, attributes
    and their values) and against the rules of the specification that a schema cannot say: ids unique in
    their scope, ``trgLang`` when there are targets, languages of source and target, ``ec`` after its ``sc``,
    ``em`` after its ``sm``, ``dataRef`` pointing to original data, unique ``order``, a skeleton with either
    ``href`` or content. A 1.2 file is checked for what reading needs (a ``source-language``, a ``<source>``
    in each unit, ids).

Writing
    ``write20`` (format ``xliff``) and ``write12`` (format ``xliff12``) make XLIFF from translation units,
    valid against the OASIS schemas. A unit's status is its segment's state: 2.0 ``final``, or ``translated``
    / ``initial`` with ``subState="glossary:review"`` / ``"glossary:fuzzy"``; 1.2 ``translated``, or
    ``needs-review-translation`` (with ``state-qualifier="fuzzy-match"`` when fuzzy), so it reads back the
    same. TMX code types that 2.0 lacks travel as ``subType="tmx:TYPE"``.

    ``XliffDocument`` keeps a whole file, comments and all, so that a file can be read, have targets filled
    in segment by segment (``set_target``, with the match score and origin: 1.2 ``<alt-trans>``, 2.0
    matches module), and be saved with everything else unchanged.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from lxml import etree

from memories.errors import InputError
from memories.formats import DEFAULT_TARGET, ReadOptions, Record, WriteOptions
from memories.formats._files import atomic_output, open_binary
from memories.formats._xml import (
    READ_ERRORS,
    Stream,
    check_doctype,
    check_prolog,
    line_of,
    read_error,
    syntax_error,
)
from memories.langs import normalize_tag, same_language
from memories.model import LeftOut, Repairs, TranslationUnit, Variant

__all__ = ["NS12", "NS20", "Segment", "XliffDocument", "read", "write", "write12", "write20"]

NS12 = "urn:oasis:names:tc:xliff:document:1.2"
NS20 = "urn:oasis:names:tc:xliff:document:2.0"
MTC = "urn:oasis:names:tc:xliff:matches:2.0"
# (lxml takes None as the default namespace's prefix; its stubs ask for str.)
_NSMAP20: dict[str, str] = {None: NS20}  # type: ignore[dict-item]
_NSMAP12: dict[str, str] = {None: NS12}  # type: ignore[dict-item]
_OLD_NAMESPACES = frozenset(
    {"urn:oasis:names:tc:xliff:document:1.1", "urn:oasis:names:tc:xliff:document:1.0"}
)
_XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_LANG = f"{{{_XML_NS}}}lang"
_XML_SPACE = f"{{{_XML_NS}}}space"
_DOCTYPE_HINT = "remove the DOCTYPE line (XLIFF needs none)"

# 1.2 target states that say the target is not a translation yet, and those that ask for a review.
_UNTRANSLATED_12 = frozenset({"new", "needs-translation"})
_REVIEW_12 = frozenset(
    {
        "needs-adaptation",
        "needs-l10n",
        "needs-review-adaptation",
        "needs-review-l10n",
        "needs-review-translation",
    }
)
# How glossary marks a fuzzy target (a translation not yet checked) and one to review.
_FUZZY_12 = "fuzzy-match"
_FUZZY_20 = "glossary:fuzzy"
_REVIEW_20 = "glossary:review"
# TMX code types beyond XLIFF 2.0's own travel in subType under this prefix (``tmx:bold``).
_TMX_PREFIX = "tmx:"
_NMTOKEN = re.compile(r"[\w.:-]+")


def _q(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}" if ns else name


def _local(tag: object) -> str:
    text = str(tag)
    return text.rsplit("}", 1)[-1]


def _ns(tag: object) -> str:
    text = str(tag)
    return text[1 : text.index("}")] if text.startswith("{") else ""


# ---------------------------------------------------------------------------------------------- parsing


def _parse(path: Path, keep_comments: bool, repair: Repairs | None = None) -> etree._ElementTree:
    """The file's tree, parsed safely; an ``InputError`` at a line for anything that is not XLIFF."""
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=not keep_comments,
        remove_pis=not keep_comments,
    )
    with open_binary(path) as raw:
        stream = Stream(path, raw, repair)
        doctype_line = check_prolog(path, stream.head, _DOCTYPE_HINT)
        try:
            tree = etree.parse(cast(IO[bytes], stream), parser)
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
        except READ_ERRORS as exc:
            raise read_error(path, exc, stream.lines) from exc
    root = tree.getroot()
    check_doctype(path, root, doctype_line, _DOCTYPE_HINT)
    entity = next(root.iter(etree.Entity), None)
    if entity is not None:
        raise InputError(
            path,
            f"undeclared entity {entity.text}",
            line_of(entity),
            hint="XML knows only &lt; &gt; &amp; &quot; &apos;; write the character itself",
        )
    _version(path, root)
    return tree


def _version(path: Path, root: etree._Element) -> str:
    """``1.2`` or ``2.0`` from the root's namespace."""
    ns = _ns(root.tag)
    if _local(root.tag) == "xliff":
        if ns == NS20:
            return "2.0"
        if ns == NS12 or ns in _OLD_NAMESPACES or (ns == "" and root.get("version", "").startswith("1.")):
            return "1.2"
    raise InputError(
        path,
        f"the root element is <{_local(root.tag)}> in namespace {ns or '(none)'!r}, not an XLIFF 1.2 or 2.0 <xliff>",
        line_of(root),
        hint="this is not an XLIFF file; give --format if its name misleads",
    )


def _language(path: Path, value: str | None, elem: etree._Element, what: str) -> str:
    if value is None or not value.strip():
        raise InputError(path, f"<{_local(elem.tag)}> has no {what}", line_of(elem))
    try:
        return normalize_tag(value)
    except InputError as exc:
        raise InputError(path, f"{what}: {exc.message}", line_of(elem), exc.hint) from exc


# ---------------------------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class Segment:
    """One segment of an XLIFF file: a 1.2 ``<trans-unit>`` or a 2.0 ``<segment>``."""

    id: str | None
    """The segment's id (1.2: the trans-unit's id; 2.0: the segment's, which may be absent)."""
    unit_id: str
    source: str
    """Plain source text, inline codes left out."""
    source_markup: str | None
    """The source with its inline codes as TMX 1.4 inline XML, or None when it has none."""
    target: str | None
    """Plain target text; None when the segment has no target."""
    target_markup: str | None
    state: str | None
    """The state the file gives (1.2 target ``state``, 2.0 segment ``state``), or None."""
    qualifier: str | None
    """What qualifies the state (1.2 ``state-qualifier``, 2.0 ``subState``), or None."""
    line: int | None
    translate: bool
    """False when the file says not to translate it (``translate="no"`` here or on an enclosing element)."""
    source_lang: str
    target_lang: str | None
    notes: tuple[str, ...] = ()
    element: etree._Element | None = field(default=None, compare=False, repr=False)


def _segments(path: Path, root: etree._Element) -> Iterator[Segment]:
    if _version(path, root) == "2.0":
        yield from _segments20(path, root)
    else:
        yield from _segments12(path, root)


def _translate(elem: etree._Element, ns: str, stop: str) -> bool:
    """Whether ``translate`` (inherited from the enclosing elements up to ``stop``) allows translation."""
    node: etree._Element | None = elem
    while node is not None:
        value = node.get("translate")
        if value is not None:
            return value != "no"
        if node.tag == _q(ns, stop):
            return True
        node = node.getparent()
    return True


def _segments12(path: Path, root: etree._Element) -> Iterator[Segment]:
    ns = _ns(root.tag)
    for file in root.iter(_q(ns, "file")):
        source_lang = _language(path, file.get("source-language"), file, "source-language")
        target_value = file.get("target-language")
        target_lang = _language(path, target_value, file, "target-language") if target_value else None
        for unit in file.iter(_q(ns, "trans-unit")):
            unit_id = unit.get("id")
            if unit_id is None:
                raise InputError(path, "<trans-unit> has no id", line_of(unit))
            source = unit.find(_q(ns, "source"))
            if source is None:
                raise InputError(path, f"<trans-unit id={unit_id!r}> has no <source>", line_of(unit))
            target = unit.find(_q(ns, "target"))
            notes = tuple(note.text or "" for note in unit.findall(_q(ns, "note")))
            yield _segment(
                (unit_id, unit_id),
                (source, target, None),
                (target.get("state"), target.get("state-qualifier")) if target is not None else (None, None),
                (unit, _translate(unit, ns, "file")),
                (source_lang, target_lang),
                notes,
            )


def _segments20(path: Path, root: etree._Element) -> Iterator[Segment]:
    source_lang = _language(path, root.get("srcLang"), root, "srcLang")
    target_value = root.get("trgLang")
    target_lang = _language(path, target_value, root, "trgLang") if target_value else None
    for unit in root.iter(_q(NS20, "unit")):
        unit_id = unit.get("id", "")
        data = _original_data(unit)
        notes_elem = unit.find(_q(NS20, "notes"))
        notes = tuple(n.text or "" for n in notes_elem) if notes_elem is not None else ()
        for segment in unit.findall(_q(NS20, "segment")):
            source = segment.find(_q(NS20, "source"))
            target = segment.find(_q(NS20, "target"))
            assert source is not None  # checked by _check20
            yield _segment(
                (segment.get("id"), unit_id),
                (source, target, data),
                (segment.get("state"), segment.get("subState")),
                (segment, _translate(unit, NS20, "file")),
                (source_lang, target_lang),
                notes,
            )


def _segment(
    ids: tuple[str | None, str],
    content: tuple[etree._Element, etree._Element | None, dict[str, str] | None],
    state: tuple[str | None, str | None],
    where: tuple[etree._Element, bool],
    languages: tuple[str, str | None],
    notes: tuple[str, ...],
) -> Segment:
    source, target, data = content
    source_text, source_markup = _content(source, data)
    target_text, target_markup = _content(target, data) if target is not None else (None, None)
    return Segment(
        id=ids[0],
        unit_id=ids[1],
        source=source_text,
        source_markup=source_markup,
        target=target_text,
        target_markup=target_markup,
        state=state[0],
        qualifier=state[1],
        line=line_of(where[0]),
        translate=where[1],
        source_lang=languages[0],
        target_lang=languages[1],
        notes=notes,
        element=where[0],
    )


def _original_data(unit: etree._Element) -> dict[str, str]:
    data: dict[str, str] = {}
    original = unit.find(_q(NS20, "originalData"))
    if original is not None:
        for item in original:
            data[item.get("id", "")] = _data_text(item)
    return data


def _data_text(item: etree._Element) -> str:
    parts = [item.text or ""]
    for child in item:
        if _local(child.tag) == "cp":
            parts.append(_code_point(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _code_point(cp: etree._Element) -> str:
    try:
        return chr(int(cp.get("hex", ""), 16))
    except (ValueError, OverflowError):
        return ""


# ---------------------------------------------------------------------------------------------- inline codes


@dataclass
class _Converter:
    """XLIFF inline content to plain text and TMX 1.4 inline XML."""

    data: dict[str, str] | None
    """The unit's original data (2.0), by id; None for 1.2, whose codes hold their native code."""
    codes: int = 0
    paired: set[str] = field(default_factory=set)
    numbers: dict[str, str] = field(default_factory=dict)

    def convert(self, elem: etree._Element) -> tuple[str, etree._Element]:
        seg = etree.Element("seg")
        self.paired = self._pairs(elem)
        text = self._into(elem, seg)
        return text, seg

    def _pairs(self, elem: etree._Element) -> set[str]:
        """Keys of the paired codes whose both halves are in this content (the others become ``it``)."""
        opened: set[str] = set()
        closed: set[str] = set()
        for code in elem.iterdescendants():
            name = _local(code.tag)
            if name in ("bpt", "bx") or (name == "sc" and code.get("isolated") != "yes"):
                opened.add(code.get("rid") or code.get("id") or "")
            elif name in ("ept", "ex") or (name == "ec" and code.get("isolated") != "yes"):
                closed.add(code.get("rid") or code.get("startRef") or code.get("id") or "")
        return opened & closed

    def _into(self, source: etree._Element, out: etree._Element) -> str:
        """Copy ``source``'s content into ``out`` as TMX; return its plain text."""
        plain = [source.text or ""]
        _append_text(out, source.text or "")
        for child in source:
            if isinstance(child.tag, str):
                plain.append(self._code(child, out))
            _append_text(out, child.tail or "")
            plain.append(child.tail or "")
        return "".join(plain)

    def _code(self, code: etree._Element, out: etree._Element) -> str:
        name = _local(code.tag)
        if name == "cp":
            char = _code_point(code)
            _append_text(out, _xml_safe(char))
            return char
        if name in ("g", "pc"):
            i = self._next()
            begin = etree.SubElement(out, "bpt", i=i)
            begin.text = self._data(code.get("dataRefStart")) or None
            self._type(code, begin)
            text = self._into(code, out)
            end = etree.SubElement(out, "ept", i=i)
            end.text = self._data(code.get("dataRefEnd")) or None
            return text
        if name == "mrk":
            hi = etree.SubElement(out, "hi")
            kind = code.get("mtype") or code.get("type")
            if kind and kind.startswith(_TMX_PREFIX):
                kind = kind[len(_TMX_PREFIX) :]
            if kind:
                hi.set("type", kind)
            return self._into(code, hi)
        if name in ("sm", "em"):
            return ""
        key = code.get("rid") or code.get("id") or code.get("startRef") or ""
        isolated = code.get("isolated") == "yes" or key not in self.paired
        if name in ("bpt", "bx", "sc"):
            tmx = etree.SubElement(out, "it", pos="begin") if isolated else etree.SubElement(out, "bpt")
        elif name in ("ept", "ex", "ec"):
            tmx = etree.SubElement(out, "it", pos="end") if isolated else etree.SubElement(out, "ept")
        elif name == "it":
            tmx = etree.SubElement(out, "it", pos="begin" if code.get("pos") == "open" else "end")
        else:  # x, ph, and anything else in a segment is a placeholder
            tmx = etree.SubElement(out, "ph")
        if tmx.tag in ("bpt", "ept"):
            tmx.set("i", self._number(key))
        self._type(code, tmx)
        if self.data is None:
            self._native(code, tmx)
        else:
            tmx.text = self._data(code.get("dataRef")) or None
        return ""

    def _data(self, ref: str | None) -> str:
        return _xml_safe(self.data.get(ref or "", "")) if self.data else ""

    def _native(self, code: etree._Element, tmx: etree._Element) -> None:
        """A 1.2 native code's content (code text with ``<sub>`` flows) into the TMX code."""
        _append_text(tmx, code.text or "")
        for child in code:
            if _local(child.tag) == "sub":
                sub = etree.SubElement(tmx, "sub")
                self._into(child, sub)
            _append_text(tmx, child.tail or "")

    def _type(self, code: etree._Element, tmx: etree._Element) -> None:
        if tmx.tag == "ept":
            return  # TMX gives a pair's type on its <bpt> only
        sub = code.get("subType") or ""
        kind = (
            sub[len(_TMX_PREFIX) :] if sub.startswith(_TMX_PREFIX) else code.get("ctype") or code.get("type")
        )
        if kind and tmx.tag != "hi":
            tmx.set("type", kind)

    def _next(self) -> str:
        self.codes += 1
        return str(self.codes)

    def _number(self, key: str) -> str:
        """The TMX ``i`` of the pair whose XLIFF id is ``key``, the same for both halves."""
        if key not in self.numbers:
            self.numbers[key] = self._next()
        return self.numbers[key]


def _append_text(out: etree._Element, text: str) -> None:
    if not text:
        return
    if len(out):
        last = out[-1]
        last.tail = (last.tail or "") + text
    else:
        out.text = (out.text or "") + text


def _content(elem: etree._Element, data: dict[str, str] | None) -> tuple[str, str | None]:
    """The plain text of a source or target, and its TMX inline markup (None when it has no codes)."""
    if not len(elem):
        return elem.text or "", None
    text, seg = _Converter(data).convert(elem)
    if not len(seg):
        return text, None  # only <cp> characters
    xml = etree.tostring(seg, encoding="unicode", with_tail=False)
    return text, xml[xml.index(">") + 1 : -len("</seg>")]


# ---------------------------------------------------------------------------------------------- reading


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """The translated segments of an XLIFF 1.2 or 2.0 file, as translation units."""
    tree = _parse(path, keep_comments=False, repair=options.repair)
    root = tree.getroot()
    if _version(path, root) == "2.0":
        from memories.formats._xliff20 import check

        check(path, root)
    for segment in _segments(path, root):
        yield _record(segment, options)


def _record(segment: Segment, options: ReadOptions) -> Record:
    if not segment.translate:
        return LeftOut('not to translate (translate="no")', segment.line)
    if segment.target is None or not segment.target.strip():
        return LeftOut("untranslated", segment.line)
    state = segment.state or ""
    if (state in _UNTRANSLATED_12 or state == "initial") and segment.qualifier != _FUZZY_20:
        return LeftOut(f"not translated yet (state {state})", segment.line)
    if segment.qualifier in (_FUZZY_12, _FUZZY_20):
        status = "fuzzy"
    elif state in _REVIEW_12 or segment.qualifier == _REVIEW_20:
        status = "review"
    else:
        status = "translated"
    if options.skip_fuzzy and status == "fuzzy":
        return LeftOut("fuzzy", segment.line)
    target_lang = segment.target_lang or normalize_tag(options.target or DEFAULT_TARGET)
    return TranslationUnit(
        (
            Variant(segment.source_lang, segment.source, segment.source_markup),
            Variant(target_lang, segment.target, segment.target_markup),
        ),
        position=segment.line,
        status=status,
        tuid=segment.unit_id if segment.id in (None, segment.unit_id) else f"{segment.unit_id}/{segment.id}",
        srclang=segment.source_lang,
        notes=segment.notes,
    )


# ---------------------------------------------------------------------------------------------- document


class XliffDocument:
    """A whole XLIFF file kept as it is, so that targets can be filled in and the rest written back unchanged.

    Example::

        doc = XliffDocument.load(Path("job.xlf"))
        for segment in doc.segments():
            if segment.target is None:
                doc.set_target(segment, "译文", score=100.0, origin="memory.tmx")
        doc.save(Path("job.pre.xlf"))
    """

    def __init__(self, path: Path, tree: etree._ElementTree) -> None:
        self.path = path
        self.tree = tree
        self.version = _version(path, tree.getroot())

    @classmethod
    def load(cls, path: Path) -> XliffDocument:
        tree = _parse(path, keep_comments=True)
        if _version(path, tree.getroot()) == "2.0":
            from memories.formats._xliff20 import check

            check(path, tree.getroot())
        return cls(path, tree)

    def segments(self) -> Iterator[Segment]:
        return _segments(self.path, self.tree.getroot())

    def set_target_language(self, lang: str) -> None:
        """Name the target language where the file does not (a 2.0 ``trgLang``, a 1.2 ``target-language``),
        as targets need one; a file that names another language is refused."""
        lang = normalize_tag(lang)
        root = self.tree.getroot()
        if self.version == "2.0":
            holders, attribute = [root], "trgLang"
        else:
            holders, attribute = list(root.iter(_q(_ns(root.tag), "file"))), "target-language"
        for holder in holders:
            given = holder.get(attribute)
            if given is None:
                holder.set(attribute, lang)
            elif not same_language(given, lang):
                raise InputError(
                    self.path,
                    f"the file's target language is {given}, not {lang}",
                    line_of(holder),
                    hint="give the file's own target language",
                )

    def set_target(
        self,
        segment: Segment,
        text: str,
        markup: str | None = None,
        *,
        score: float | None = None,
        origin: str | None = None,
    ) -> None:
        """Put a target into ``segment``: an exact match (``score`` None or 100 and more) is marked translated
        (1.2 ``state="translated"``, 2.0 ``state="final"``), a fuzzy one as needing review with its score
        (1.2 ``state="needs-review-translation" state-qualifier="fuzzy-match"`` and an ``<alt-trans
        match-quality>``; 2.0 ``state="translated"`` and an ``mtc:match`` with its ``matchQuality``).
        ``markup`` is TMX inline XML; its codes are written as the file's own codes."""
        if segment.element is None:
            raise ValueError("the segment does not belong to a document")
        if segment.target_lang is None:
            raise InputError(
                self.path,
                "the file names no target language",
                segment.line,
                hint="call set_target_language() first (a 2.0 trgLang, a 1.2 target-language)",
            )
        exact = score is None or score >= 100
        if self.version == "2.0":
            _set_target20(segment.element, text, markup, exact, score, origin)
        else:
            _set_target12(segment.element, text, markup, exact, score, origin)

    def save(self, path: Path) -> None:
        encoding = self.tree.docinfo.encoding or "utf-8"
        with atomic_output(path) as handle:
            self.tree.write(handle, xml_declaration=True, encoding=encoding)


def _set_target12(
    unit: etree._Element, text: str, markup: str | None, exact: bool, score: float | None, origin: str | None
) -> None:
    ns = _ns(unit.tag)
    target = unit.find(_q(ns, "target"))
    if target is None:
        target = etree.Element(_q(ns, "target"))
        anchor = unit.find(_q(ns, "seg-source"))
        if anchor is None:
            anchor = unit.find(_q(ns, "source"))
        assert anchor is not None
        _insert_after(anchor, target)
    _fill(target, text, markup, ns, "1.2")
    target.set("state", "translated" if exact else "needs-review-translation")
    target.set("state-qualifier", "exact-match" if exact else "fuzzy-match")
    if score is not None:
        alt = etree.SubElement(unit, _q(ns, "alt-trans"), {"match-quality": f"{score:g}"})
        if origin:
            alt.set("origin", origin)
        alt.tail = target.tail
        alt_target = etree.SubElement(alt, _q(ns, "target"))
        _fill(alt_target, text, markup, ns, "1.2")


def _set_target20(
    segment: etree._Element,
    text: str,
    markup: str | None,
    exact: bool,
    score: float | None,
    origin: str | None,
) -> None:
    target = segment.find(_q(NS20, "target"))
    if target is None:
        source = segment.find(_q(NS20, "source"))
        assert source is not None
        target = etree.Element(_q(NS20, "target"))
        _insert_after(source, target)
    unit = segment.getparent()
    assert unit is not None
    data = _DataSink(unit)
    _fill(target, text, markup, NS20, "2.0", data)
    source = segment.find(_q(NS20, "source"))
    assert source is not None
    _keep_codes(source, target)
    segment.set("state", "final" if exact else "translated")
    # A subState qualified the state just replaced; it would misname the new one.
    if "subState" in segment.attrib:
        del segment.attrib["subState"]
    if score is None:
        return
    if segment.get("id") is None:
        segment.set("id", _free_id(unit, "s"))
    matches = unit.find(_q(MTC, "matches"))
    if matches is None:
        matches = etree.Element(_q(MTC, "matches"), nsmap={"mtc": MTC})
        unit.insert(0, matches)
        matches.tail = unit.text
    match = etree.SubElement(
        matches,
        _q(MTC, "match"),
        {"ref": f"#{segment.get('id')}", "matchQuality": f"{min(score, 100.0):.2f}", "type": "tm"},
    )
    if origin:
        match.set("origin", origin)
    source = segment.find(_q(NS20, "source"))
    assert source is not None
    match_source = etree.SubElement(match, _q(NS20, "source"))
    _fill(match_source, _plain(source), None, NS20, "2.0")
    match_target = etree.SubElement(match, _q(NS20, "target"))
    _fill(match_target, text, None, NS20, "2.0")


def _insert_after(anchor: etree._Element, new: etree._Element) -> None:
    """Put ``new`` after ``anchor``, indented as ``anchor`` is."""
    parent = anchor.getparent()
    indent = parent.text if parent is not None and anchor.getprevious() is None else None
    previous = anchor.getprevious()
    if previous is not None:
        indent = previous.tail
    new.tail = anchor.tail
    anchor.addnext(new)
    if indent is not None and not indent.strip():
        anchor.tail = indent


def _keep_codes(source: etree._Element, target: etree._Element) -> None:
    """Put the source's codes that may not be deleted (``canDelete="no"``) at the end of a target that lacks
    them, with their nesting but without their text, so the file stays valid; the translator places them."""
    present = {code.get("id") for code in target.iterdescendants() if isinstance(code.tag, str)} - {None}
    for code in source:
        # An <ec> has no id of its own: it goes with its <sc>.
        if not isinstance(code.tag, str) or (code.get("id") or code.get("startRef")) in present:
            continue
        fixed = [c for c in code.iter() if isinstance(c.tag, str) and c.get("canDelete") == "no"]
        if fixed:
            kept = copy.deepcopy(code)
            for node in kept.iter():
                node.text = None
                node.tail = None
            target.append(kept)


def _plain(elem: etree._Element) -> str:
    return _content(elem, None)[0]


def _free_id(unit: etree._Element, prefix: str) -> str:
    taken = {elem.get("id") for elem in unit.iter() if isinstance(elem.tag, str)}
    n = 1
    while f"{prefix}{n}" in taken:
        n += 1
    return f"{prefix}{n}"


class _DataSink:
    """Where the native code of a 2.0 code goes: a ``<data>`` in the unit's ``<originalData>``."""

    def __init__(self, unit: etree._Element) -> None:
        self.unit = unit

    def add(self, code: str) -> str:
        original = self.unit.find(_q(NS20, "originalData"))
        if original is None:
            original = etree.Element(_q(NS20, "originalData"))
            first = self.unit.find(_q(NS20, "segment"))
            if first is None:
                first = self.unit.find(_q(NS20, "ignorable"))
            assert first is not None
            first.addprevious(original)
            original.tail = self.unit.text
        ident = _free_id(self.unit, "d")
        etree.SubElement(original, _q(NS20, "data"), id=ident).text = _xml_safe(code)
        return ident


def _fill(
    target: etree._Element,
    text: str,
    markup: str | None,
    ns: str,
    version: str,
    data: _DataSink | None = None,
) -> None:
    """Replace ``target``'s content with ``text``, or with ``markup``'s codes as the file's own codes."""
    for child in list(target):
        target.remove(child)
    target.text = None
    seg = _parse_markup(markup) if markup is not None else None
    if seg is None:
        target.text = _xml_safe(text)
        return
    ids = _IdMaker(target)
    if version == "2.0":
        _tmx_to_20(seg, target, ids, data)
    else:
        _tmx_to_12(seg, target, ids)


_FRAGMENT_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
_TMX_INLINE = frozenset({"bpt", "ept", "ph", "it", "hi", "ut", "sub"})
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


def _parse_markup(markup: str) -> etree._Element | None:
    """TMX inline XML as a ``<seg>``, or None when it is not TMX inline XML (the plain text is written)."""
    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>", _FRAGMENT_PARSER)
    except etree.XMLSyntaxError:
        return None
    if any(not isinstance(node.tag, str) or node.tag not in _TMX_INLINE for node in seg.iterdescendants()):
        return None
    return seg


class _IdMaker:
    """Fresh ids for the codes of one target: ``t1``, ``t2``... none already in the enclosing unit."""

    def __init__(self, target: etree._Element) -> None:
        unit = target.getparent()
        while unit is not None and _local(unit.tag) not in ("unit", "trans-unit", "alt-trans", "match"):
            unit = unit.getparent()
        scope = unit if unit is not None else target
        self.taken = {elem.get("id") for elem in scope.iter() if isinstance(elem.tag, str)}
        self.n = 0
        self.by_i: dict[str, str] = {}
        self.kinds: dict[str, dict[str, str]] = {}
        """The type attributes of each opened pair, by TMX ``i``."""

    def new(self) -> str:
        self.n += 1
        while f"t{self.n}" in self.taken:
            self.n += 1
        return f"t{self.n}"

    def pair(self, i: str | None) -> str:
        key = i or ""
        if key not in self.by_i:
            self.by_i[key] = self.new()
        return self.by_i[key]


def _code_text(code: etree._Element) -> str:
    return "".join(str(text) for text in code.itertext())


def _tmx_to_12(seg: etree._Element, out: etree._Element, ids: _IdMaker) -> None:
    ns = _ns(out.tag)
    _append_text(out, _xml_safe(seg.text or ""))
    for code in seg:
        tag = str(code.tag)
        if tag == "hi":
            mrk = etree.SubElement(out, _q(ns, "mrk"), mtype=code.get("type") or "x-hi")
            _tmx_to_12(code, mrk, ids)
        elif tag in ("bpt", "ept"):
            name = _q(ns, tag)
            elem = etree.SubElement(out, name, id=ids.new(), rid=ids.pair(code.get("i")))
            _native12(code, elem, ids)
        elif tag == "it":
            pos = "open" if code.get("pos") == "begin" else "close"
            elem = etree.SubElement(out, _q(ns, "it"), id=ids.new(), pos=pos)
            _native12(code, elem, ids)
        elif tag in ("ph", "ut"):
            elem = etree.SubElement(out, _q(ns, "ph"), id=ids.new())
            _native12(code, elem, ids)
        _append_text(out, _xml_safe(code.tail or ""))


def _native12(code: etree._Element, elem: etree._Element, ids: _IdMaker) -> None:
    ns = _ns(elem.tag)
    if code.get("type"):
        elem.set("ctype", _ctype12(code.get("type", "")))
    _append_text(elem, _xml_safe(code.text or ""))
    for child in code:
        if child.tag == "sub":
            sub = etree.SubElement(elem, _q(ns, "sub"))
            _tmx_to_12(child, sub, ids)
        _append_text(elem, _xml_safe(child.tail or ""))


_CTYPES_12 = frozenset(
    {"image", "pb", "lb", "bold", "italic", "underlined", "link"}
)  # the values 1.2 allows without an x- prefix


def _ctype12(kind: str) -> str:
    return kind if kind in _CTYPES_12 or kind.startswith("x-") else f"x-{kind}"


_TYPES_20 = frozenset({"fmt", "ui", "quote", "link", "image", "other"})


def _tmx_to_20(seg: etree._Element, out: etree._Element, ids: _IdMaker, data: _DataSink | None) -> None:
    _append_text(out, _xml_safe(seg.text or ""))
    for code in seg:
        tag = str(code.tag)
        attributes: dict[str, str] = {}
        if tag == "hi":
            mrk = etree.SubElement(out, _q(NS20, "mrk"), id=ids.new())
            kind = code.get("type")
            if kind:
                mrk.set("type", kind if kind in ("generic", "comment", "term") else _TMX_PREFIX + kind)
            _tmx_to_20(code, mrk, ids, data)
        else:
            native = _code_text(code)
            if native and data is not None:
                attributes["dataRef"] = data.add(native)
            kind = code.get("type")
            if kind in _TYPES_20:
                attributes["type"] = kind
            elif kind:
                attributes.update(type="other", subType=_TMX_PREFIX + kind)
            if tag == "bpt":
                ids.kinds[code.get("i") or ""] = {k: v for k, v in attributes.items() if k != "dataRef"}
                etree.SubElement(out, _q(NS20, "sc"), {"id": ids.pair(code.get("i")), **attributes})
            elif tag == "ept":
                # An <ec> has the type of its <sc>, which TMX gives on the <bpt> only.
                attributes = {k: v for k, v in attributes.items() if k == "dataRef"}
                attributes.update(ids.kinds.get(code.get("i") or "", {}))
                etree.SubElement(out, _q(NS20, "ec"), {"startRef": ids.pair(code.get("i")), **attributes})
            elif tag == "it" and code.get("pos") == "begin":
                etree.SubElement(out, _q(NS20, "sc"), {"id": ids.new(), "isolated": "yes", **attributes})
            elif tag == "it":
                etree.SubElement(out, _q(NS20, "ec"), {"id": ids.new(), "isolated": "yes", **attributes})
            else:
                etree.SubElement(out, _q(NS20, "ph"), {"id": ids.new(), **attributes})
        _append_text(out, _xml_safe(code.tail or ""))


# ---------------------------------------------------------------------------------------------- writing


def write(path: Path, units: Iterable[TranslationUnit], options: WriteOptions) -> int:
    """Write ``units`` as XLIFF 2.0 (one ``<unit>`` with one ``<segment>`` each)."""
    return write20(path, units, options)


def _pair(unit: TranslationUnit, options: WriteOptions) -> tuple[Variant, Variant | None] | None:
    source = unit.variant(options.source)
    if source is None:
        return None
    target = unit.variant(options.target) if options.target else None
    return source, target


def _unit_id(unit: TranslationUnit, n: int, taken: set[str]) -> str:
    ident = unit.tuid if unit.tuid and _NMTOKEN.fullmatch(unit.tuid) else f"u{n}"
    while ident in taken:
        ident = f"{ident}-{n}"
    taken.add(ident)
    return ident


def write20(path: Path, units: Iterable[TranslationUnit], options: WriteOptions) -> int:
    """Write ``units`` as XLIFF 2.0 (one ``<unit>`` with one ``<segment>`` each)."""
    return _write(path, units, options, "2.0")


def write12(path: Path, units: Iterable[TranslationUnit], options: WriteOptions) -> int:
    """Write ``units`` as XLIFF 1.2 (one ``<trans-unit>`` each)."""
    return _write(path, units, options, "1.2")


def _write(path: Path, units: Iterable[TranslationUnit], options: WriteOptions, version: str) -> int:
    source = normalize_tag(options.source)
    target = normalize_tag(options.target) if options.target else None
    with atomic_output(path) as handle, etree.xmlfile(handle, encoding="utf-8") as xf:
        xf.write_declaration()
        if version == "2.0":
            languages = {"srcLang": source, **({"trgLang": target} if target else {})}
            root = xf.element(_q(NS20, "xliff"), {"version": "2.0", **languages}, nsmap=_NSMAP20)
            file = xf.element(_q(NS20, "file"), {"id": "f1", "original": path.name})
            body = nullcontext()
        else:
            languages = {"source-language": source, **({"target-language": target} if target else {})}
            root = xf.element(_q(NS12, "xliff"), {"version": "1.2"}, nsmap=_NSMAP12)
            file = xf.element(_q(NS12, "file"), {"original": path.name, "datatype": "plaintext", **languages})
            body = xf.element(_q(NS12, "body"))
        with root:
            xf.write("\n")
            with file, body:
                written = _units(xf, units, options, version, source)
            xf.write("\n")
    return written


def _units(
    xf: etree.xmlfile, units: Iterable[TranslationUnit], options: WriteOptions, version: str, source: str
) -> int:
    make = _unit20 if version == "2.0" else _unit12
    written = 0
    taken: set[str] = set()
    for unit in units:
        pair = _pair(unit, options)
        if pair is None:
            continue
        written += 1
        xf.write("\n", make(unit, pair[0], pair[1], _unit_id(unit, written, taken)))
    if not written:
        # A file needs one unit to be valid: an empty one says there was nothing.
        empty = TranslationUnit((Variant(source, ""),))
        xf.write("\n", make(empty, empty.variants[0], None, "u0"))
    xf.write("\n")
    return written


def _unit20(unit: TranslationUnit, source: Variant, target: Variant | None, ident: str) -> etree._Element:
    elem = etree.Element(_q(NS20, "unit"), id=ident, nsmap=_NSMAP20)
    if unit.context is not None:
        elem.set("name", _xml_safe(unit.context))
    if unit.notes:
        notes = etree.SubElement(elem, _q(NS20, "notes"))
        for text in unit.notes:
            etree.SubElement(notes, _q(NS20, "note")).text = _xml_safe(text)
    segment = etree.SubElement(elem, _q(NS20, "segment"))
    data = _DataSink(elem)
    src = etree.SubElement(segment, _q(NS20, "source"))
    _fill(src, source.text, source.markup, NS20, "2.0", data)
    if target is not None:
        segment.set("state", {"translated": "final", "review": "translated"}.get(unit.status, "initial"))
        if unit.status != "translated":
            segment.set("subState", _FUZZY_20 if unit.status == "fuzzy" else _REVIEW_20)
        tgt = etree.SubElement(segment, _q(NS20, "target"))
        _fill(tgt, target.text, target.markup, NS20, "2.0", data)
    return elem


def _unit12(unit: TranslationUnit, source: Variant, target: Variant | None, ident: str) -> etree._Element:
    elem = etree.Element(_q(NS12, "trans-unit"), id=ident, nsmap=_NSMAP12)
    if unit.context is not None:
        elem.set("resname", _xml_safe(unit.context))
    src = etree.SubElement(elem, _q(NS12, "source"))
    _fill(src, source.text, source.markup, NS12, "1.2")
    if target is not None:
        tgt = etree.SubElement(elem, _q(NS12, "target"))
        _fill(tgt, target.text, target.markup, NS12, "1.2")
        tgt.set("state", "translated" if unit.status == "translated" else "needs-review-translation")
        if unit.status == "fuzzy":
            tgt.set("state-qualifier", _FUZZY_12)
    for text in unit.notes:
        etree.SubElement(elem, _q(NS12, "note")).text = _xml_safe(text)
    return elem
