"""Reading XLIFF 1.2 and 2.0: the segments of a file, and the translated ones as translation units.

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
in each unit, ids)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, cast

from lxml import etree

from memories.errors import InputError
from memories.formats._files import open_binary
from memories.formats._xml import (
    READ_ERRORS,
    Stream,
    check_doctype,
    check_prolog,
    line_of,
    read_error,
    syntax_error,
)
from memories.formats.options import DEFAULT_TARGET, ReadOptions, Record
from memories.formats.xliff._common import (
    _DOCTYPE_HINT,
    _FUZZY_12,
    _FUZZY_20,
    _REVIEW_12,
    _REVIEW_20,
    _UNTRANSLATED_12,
    NS20,
    _local,
    _ns,
    _q,
    _version,
)
from memories.formats.xliff.check20 import check
from memories.formats.xliff.inline import _code_point, _content
from memories.langs import normalize_tag
from memories.model import LeftOut, Repairs, TranslationUnit, Variant


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


def _language(path: Path, value: str | None, elem: etree._Element, what: str) -> str:
    if value is None or not value.strip():
        raise InputError(path, f"<{_local(elem.tag)}> has no {what}", line_of(elem))
    try:
        return normalize_tag(value)
    except InputError as exc:
        raise InputError(path, f"{what}: {exc.message}", line_of(elem), exc.hint) from exc


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


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """The translated segments of an XLIFF 1.2 or 2.0 file, as translation units."""
    tree = _parse(path, keep_comments=False, repair=options.repair)
    root = tree.getroot()
    if _version(path, root) == "2.0":
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
