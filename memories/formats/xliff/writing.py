"""Writing translation units as XLIFF 2.0 or 1.2.

``write20`` (format ``xliff``) and ``write12`` (format ``xliff12``) make XLIFF from translation units,
valid against the OASIS schemas. A unit's status is its segment's state: 2.0 ``final``, or ``translated``
/ ``initial`` with ``subState="glossary:review"`` / ``"glossary:fuzzy"``; 1.2 ``translated``, or
``needs-review-translation`` (with ``state-qualifier="fuzzy-match"`` when fuzzy), so it reads back the
same. TMX code types that 2.0 lacks travel as ``subType="tmx:TYPE"``.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextlib import nullcontext
from pathlib import Path

from lxml import etree

from memories.formats._files import atomic_output
from memories.formats.options import WriteOptions
from memories.formats.xliff._common import (
    _FUZZY_12,
    _FUZZY_20,
    _NMTOKEN,
    _NSMAP12,
    _NSMAP20,
    _REVIEW_20,
    NS12,
    NS20,
    _q,
)
from memories.formats.xliff.inline import _DataSink, _fill, _xml_safe
from memories.langs import normalize_tag
from memories.model import TranslationUnit, Variant


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
