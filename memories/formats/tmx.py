"""TMX 1.1–1.4b translation memories: a streaming, hostile-input-safe reader and a TMX 1.4b writer.

Reading
    Each ``<tu>`` becomes one ``TranslationUnit`` with a ``Variant`` per ``<tuv>`` (a language repeated in a
    unit gets forms 0, 1, ...). A unit without its own ``srclang`` takes the header's, so that the source
    language is always what the file says. ``<prop type="x-context">`` and ``<prop type="x-status">``
    (``fuzzy`` or ``review``) on a unit are the context and status that ``write`` stores there. The file is
    parsed with ``iterparse`` and every unit is dropped once read, so memory does not grow with the file.

    Refused with an ``InputError`` at a line: malformed XML or encoding; a DOCTYPE that declares entities or
    names a URL (never expanded, never fetched); a root that is not ``<tmx>``; a header without ``srclang``;
    a ``<tuv>`` without language or ``<seg>``; an element in a segment that is not a TMX inline code; inline
    codes that do not pair (an ``<ept>`` without its ``<bpt>``, a ``<bpt>`` never closed). A unit with fewer
    than two languages that have text is left out. Header notes, props and ``<ude>`` are not kept, nor the
    attributes of ``<note>`` and ``<prop>`` other than ``type`` (the model holds notes as text and props as
    (type, value) pairs).

Writing
    TMX 1.4b in UTF-8, valid against ``tmx14.dtd``. The header's ``srclang`` is ``options.source``; a unit
    whose source language differs says so in its own ``srclang`` (the header is written before the first unit
    is seen, so it cannot summarise them). Attributes that TMX 1.4b does not allow on ``<tu>``/``<tuv>`` are
    written as ``<prop type="x-NAME">`` rather than lost; characters XML 1.0 cannot carry are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

from lxml import etree

from memories.errors import InputError
from memories.formats._files import atomic_output, open_binary
from memories.formats._xml import (
    PARSER_OPTIONS,
    READ_ERRORS,
    Stream,
    check_doctype,
    check_prolog,
    line_of,
    read_error,
    syntax_error,
)
from memories.formats.options import ReadOptions, Record, WriteOptions
from memories.langs import normalize_tag, same_language
from memories.model import LeftOut, Property, TranslationUnit, Variant

__all__ = ["read", "write"]

_XML_NS = "http://www.w3.org/XML/1998/namespace"
_XML_LANG = f"{{{_XML_NS}}}lang"
_ALL = "*all*"

# Inline elements whose content is native code (formatting of the original document), not text to read.
_NATIVE_CODES = frozenset({"bpt", "ept", "ph", "it", "ut"})
_INLINE = _NATIVE_CODES | {"hi", "sub"}

_TU_FIELDS = {
    "tuid": "tuid",
    "creationdate": "created_at",
    "creationid": "created_by",
    "changedate": "changed_at",
    "changeid": "changed_by",
}
_CONTEXT_PROP = "x-context"
_STATUS_PROP = "x-status"
_STATUSES = frozenset({"fuzzy", "review"})
_DOCTYPE_HINT = 'remove the DOCTYPE line, or write <!DOCTYPE tmx SYSTEM "tmx14.dtd">'


# ---------------------------------------------------------------------------------------------- reading


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """The translation units of a TMX file (plain or gzip-compressed), one ``<tu>`` at a time."""
    with open_binary(path) as raw:
        stream = Stream(path, raw, options.repair)
        doctype_line = check_prolog(path, stream.head, _DOCTYPE_HINT)
        yield from _records(path, stream, doctype_line)


# A prolog that cannot hold an entity or a namespace on the root: then the root is <tmx>, its DOCTYPE (if any)
# is the one check_prolog has read, and the parser may report only the elements the reader uses.
_PLAIN_PROLOG = re.compile(
    rb"(?:\xef\xbb\xbf)?(?:<\?xml[^>]*\?>)?"
    rb"(?:\s+|<!--(?:(?!-->).)*-->|<\?(?:(?!\?>).)*\?>|<!DOCTYPE\s+tmx(?:\s+[^\[>]*)?>)*"
    rb"<tmx(?:\s[^>]*)?>",
    re.DOTALL,
)


def _records(path: Path, stream: Stream, doctype_line: int | None) -> Iterator[Record]:
    plain = _PLAIN_PROLOG.match(stream.head)
    if plain is not None and b"xmlns" not in plain.group()[plain.group().rfind(b"<tmx") :]:
        # Only the units and the header come to Python: lxml skips the other elements' events (a unit's
        # <tuv> and <seg>), and the root and DOCTYPE are checked at the first event all the same.
        context = etree.iterparse(stream, events=("end",), tag=("tu", "header"), **PARSER_OPTIONS)
    else:
        # Only end events, for speed: the first one comes right after the first leaf element, early
        # enough to check the root and the DOCTYPE before any content is read.
        context = etree.iterparse(stream, events=("end",), **PARSER_OPTIONS)
    events = iter(context)
    root: etree._Element | None = None
    header_srclang: str | None = None
    langs: dict[str, str] = {}
    while True:
        try:
            _, elem = next(events)
        except StopIteration:
            break
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
        except READ_ERRORS as exc:
            raise read_error(path, exc, stream.lines) from exc
        if root is None:
            root = elem.getroottree().getroot()
            _check_root(path, root, doctype_line)
        tag = elem.tag
        if tag == "tu":
            if header_srclang is None:
                raise InputError(path, "TMX has no <header> before its first <tu>", _line(elem))
            yield _unit(path, elem, header_srclang, langs)
            _forget(elem)
        elif tag == "header" and elem.getparent() is root:
            header_srclang = _header_srclang(path, elem)
    if root is None and context.root is not None:
        # A file without a header or a unit gave no event: its root is checked now.
        root = context.root
        _check_root(path, root, doctype_line)
    if root is not None and header_srclang is None:
        raise InputError(path, "TMX has no <header>", _line(root), hint="a TMX file starts with <header>")


def _check_root(path: Path, root: etree._Element, doctype_line: int | None) -> None:
    check_doctype(path, root, doctype_line, _DOCTYPE_HINT)
    if root.tag != "tmx":
        raise InputError(
            path,
            f"the root element is <{_name(root.tag)}>, not <tmx>",
            _line(root),
            hint="this is not a TMX file; give --format if its name misleads",
        )


def _header_srclang(path: Path, header: etree._Element) -> str:
    value = header.get("srclang")
    if value is None or not value.strip():
        raise InputError(
            path,
            "TMX header has no srclang",
            _line(header),
            hint='add the source language to <header>, e.g. srclang="en"',
        )
    return _language(path, value, _line(header), allow_all=True)


def _forget(tu: etree._Element) -> None:
    """Free a unit that has been read, and the ones before it, so a 1 GB file needs no 1 GB of memory."""
    tu.clear()
    parent = tu.getparent()
    if parent is not None:
        while tu.getprevious() is not None:
            del parent[0]


def _language(path: Path, value: str, line: int | None, allow_all: bool = False) -> str:
    if allow_all and value.strip().lower() == _ALL:
        return _ALL
    try:
        return normalize_tag(value)
    except InputError as exc:
        raise InputError(path, exc.message, line, exc.hint) from exc


_line = line_of


def _attributes(items: Iterable[tuple[Any, Any]]) -> list[Property]:
    """An element's attributes (``elem.items()``) in document order, named as written (``xml:lang``)."""
    return [(_name(key), str(value)) for key, value in items]


def _name(tag: object) -> str:
    """An element or attribute name as it is written (``xml:lang``), not in lxml's ``{uri}name`` form."""
    text = str(tag)
    if text[:1] == "{" and text.startswith(f"{{{_XML_NS}}}"):
        return "xml:" + text[len(_XML_NS) + 2 :]
    return text


def _unit(
    path: Path, tu: etree._Element, header_srclang: str, langs: dict[str, str]
) -> TranslationUnit | LeftOut:
    line = _line(tu)
    entity = next(tu.iter(etree.Entity), None)
    if entity is not None:
        raise InputError(
            path,
            f"undeclared entity {entity.text}",
            _line(entity) or line,
            hint="TMX knows only &lt; &gt; &amp; &quot; &apos;; write the character itself",
        )
    fields: dict[str, str] = {}
    attrs: list[Property] = []
    srclang = header_srclang
    usage_count: int | None = None
    for name, value in _attributes(tu.items()):
        if name in _TU_FIELDS:
            fields[_TU_FIELDS[name]] = value
        elif name == "srclang":
            srclang = _language(path, value, line, allow_all=True)
        elif name == "usagecount" and value.strip().isdigit():
            usage_count = int(value)
        else:
            attrs.append((name, value))
    # One pass over the children: notes and props are collected, variants made in document order (so the
    # first faulty <tuv> is the one reported).
    notes: list[str] = []
    props: list[Property] = []
    variants: list[Variant] = []
    forms: dict[str, int] = {}
    for child in tu:
        tag = child.tag
        if tag == "tuv":
            variants.append(_variant(path, child, langs, forms))
        elif tag == "note":
            notes.append(child.text or "")
        elif tag == "prop":
            props.append((child.get("type", ""), child.text or ""))
    if len({variant.lang for variant in variants if variant.text.strip()}) < 2:
        return LeftOut("fewer than two languages", line)
    context, status, kept = _context_and_status(tuple(props)) if props else (None, "translated", ())
    return TranslationUnit(
        tuple(variants),
        position=line,
        context=context,
        status=status,
        srclang=srclang,
        tuid=fields.get("tuid"),
        created_at=fields.get("created_at"),
        created_by=fields.get("created_by"),
        changed_at=fields.get("changed_at"),
        changed_by=fields.get("changed_by"),
        usage_count=usage_count,
        notes=tuple(notes),
        props=kept,
        attrs=tuple(attrs),
    )


def _context_and_status(props: tuple[Property, ...]) -> tuple[str | None, str, tuple[Property, ...]]:
    context: str | None = None
    status = "translated"
    kept: list[Property] = []
    for kind, value in props:
        if kind == _CONTEXT_PROP and context is None:
            context = value
        elif kind == _STATUS_PROP and value in _STATUSES and status == "translated":
            status = value
        else:
            kept.append((kind, value))
    return context, status, tuple(kept)


_LANGS_KEPT = 1000
"""Language values remembered per file with their tags (a file names a handful; a hostile one, any number)."""


def _variant(path: Path, tuv: etree._Element, langs: dict[str, str], forms: dict[str, int]) -> Variant:
    value = tuv.get(_XML_LANG) or tuv.get("lang")
    if value is None:
        raise InputError(path, "<tuv> has no language", _line(tuv), hint='add xml:lang="..." to the <tuv>')
    lang = langs.get(value)
    if lang is None:
        lang = _language(path, value, _line(tuv))
        if len(langs) < _LANGS_KEPT:
            langs[value] = lang
    form = forms.get(lang, 0)
    forms[lang] = form + 1
    notes: list[str] = []
    props: list[Property] = []
    seg = None
    for child in tuv:
        tag = child.tag
        if tag == "seg":
            if seg is None:
                seg = child
        elif tag == "note":
            notes.append(child.text or "")
        elif tag == "prop":
            props.append((child.get("type", ""), child.text or ""))
    if seg is None:
        raise InputError(path, "<tuv> has no <seg>", _line(tuv), hint="every <tuv> holds its text in a <seg>")
    items = tuv.items()
    # The language attribute is most often the only one: nothing else to keep.
    attrs = (
        tuple((name, v) for name, v in _attributes(items) if name not in ("xml:lang", "lang"))
        if len(items) > 1
        else ()
    )
    if not len(seg):
        return Variant(lang, seg.text or "", None, form, tuple(notes), tuple(props), attrs)
    _check_inline(path, seg)
    return Variant(lang, _plain_text(seg), _markup(seg), form, tuple(notes), tuple(props), attrs)


def _check_inline(path: Path, seg: etree._Element) -> None:
    """Refuse what a TMX 1.4b segment cannot hold: foreign elements, and paired codes that do not pair."""
    opened: dict[str | None, etree._Element] = {}
    for code in seg.iterdescendants():
        tag = code.tag
        if tag not in _INLINE:
            raise InputError(
                path,
                f"<{_name(tag)}> is not a TMX inline element",
                _line(code),
                hint="a segment holds text and <bpt> <ept> <ph> <it> <hi> <ut> <sub> only",
            )
        i = code.get("i")
        if tag == "bpt":
            if i in opened:
                raise _pairing_error(path, code, f'a second <bpt i="{i}"> opens before the first is closed')
            opened[i] = code
        elif tag == "ept":
            if i not in opened:
                raise _pairing_error(path, code, f'<ept i="{i}"> closes no <bpt i="{i}"> before it')
            del opened[i]
    if opened:
        i, code = next(iter(opened.items()))
        raise _pairing_error(path, code, f'<bpt i="{i}"> is never closed by an <ept i="{i}">')


def _pairing_error(path: Path, code: etree._Element, message: str) -> InputError:
    return InputError(
        path,
        f"inline codes do not pair: {message}",
        _line(code),
        hint='a code without its partner in the segment is written <it pos="begin|end">',
    )


def _plain_text(elem: etree._Element) -> str:
    """What a translator reads: text and ``<hi>`` content, with native codes and their ``<sub>`` left out."""
    parts = [elem.text or ""]
    for child in elem:
        if child.tag == "hi":
            parts.append(_plain_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _markup(seg: etree._Element) -> str:
    # Serialising the whole <seg> and cutting its tags keeps namespace declarations off the children.
    xml = etree.tostring(seg, encoding="unicode", with_tail=False)
    return xml[xml.index(">") + 1 : -len("</seg>")]


# ---------------------------------------------------------------------------------------------- writing

_SEGTYPES = frozenset({"block", "paragraph", "sentence", "phrase"})
_COMMON_ATTRIBUTES = frozenset(
    {
        "o-encoding",
        "datatype",
        "usagecount",
        "lastusagedate",
        "creationtool",
        "creationtoolversion",
        "creationdate",
        "creationid",
        "changedate",
        "changeid",
        "o-tmf",
    }
)
_TU_ATTRIBUTES = _COMMON_ATTRIBUTES | {"tuid", "segtype", "srclang"}
_TUV_ATTRIBUTES = _COMMON_ATTRIBUTES
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_FRAGMENT_PARSER = etree.XMLParser(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)


def write(path: Path, units: Iterable[TranslationUnit], options: WriteOptions) -> int:
    """Write ``units`` as TMX 1.4b; returns how many units were written (a unit left with no variant in the
    chosen languages is skipped)."""
    srclang = _ALL if options.source.strip().lower() == _ALL else normalize_tag(options.source)
    written = 0
    with atomic_output(path) as handle, etree.xmlfile(handle, encoding="utf-8") as xf:
        xf.write_declaration()
        xf.write_doctype('<!DOCTYPE tmx SYSTEM "tmx14.dtd">')
        with xf.element("tmx", version="1.4"):
            xf.write("\n  ", _header(srclang), "\n  ")
            with xf.element("body"):
                for unit in units:
                    tu = _tu_element(unit, srclang, options.languages)
                    if tu is not None:
                        xf.write("\n    ", tu)
                        written += 1
                xf.write("\n  ")
            xf.write("\n")
    return written


def _header(srclang: str) -> etree._Element:
    try:
        version = metadata.version("glossary")
    except metadata.PackageNotFoundError:
        version = "unknown"
    return etree.Element(
        "header",
        {
            "creationtool": "glossary",
            "creationtoolversion": version,
            "segtype": "sentence",
            "o-tmf": "glossary",
            "adminlang": "en",
            "srclang": srclang,
            "datatype": "plaintext",
        },
    )


def _tu_element(
    unit: TranslationUnit, srclang: str, languages: Sequence[str] | None
) -> etree._Element | None:
    variants = _chosen(unit.variants, languages)
    if not variants:
        return None
    attributes: dict[str, str] = {}
    for name, value in (
        ("tuid", unit.tuid),
        ("srclang", unit.srclang if unit.srclang != srclang else None),
        ("creationdate", unit.created_at),
        ("creationid", unit.created_by),
        ("changedate", unit.changed_at),
        ("changeid", unit.changed_by),
        ("usagecount", None if unit.usage_count is None else str(unit.usage_count)),
    ):
        if value is not None:
            attributes[name] = value
    props = list(unit.props)
    if unit.context is not None:
        props.append((_CONTEXT_PROP, unit.context))
    if unit.status != "translated":
        props.append((_STATUS_PROP, unit.status))
    props += _place_attributes(unit.attrs, _TU_ATTRIBUTES, attributes)
    tu = _element("tu", attributes)
    children = [*_annotations(unit.notes, props), *(_tuv_element(v) for v in variants)]
    _indent(tu, children, "\n      ", "\n    ")
    return tu


def _chosen(variants: tuple[Variant, ...], languages: Sequence[str] | None) -> list[Variant]:
    """The variants to write, in the order of ``languages`` when given (a language matches its regional
    variants: ``en`` takes ``en-US``)."""
    if languages is None:
        return list(variants)
    taken: set[int] = set()
    chosen = []
    for lang in languages:
        for index, variant in enumerate(variants):
            if index not in taken and same_language(variant.lang, lang):
                taken.add(index)
                chosen.append(variant)
    return chosen


def _place_attributes(
    attrs: Iterable[Property], allowed: frozenset[str], attributes: dict[str, str]
) -> list[Property]:
    """Put the attributes TMX 1.4b allows on the element into ``attributes``; return the others as props."""
    extra = []
    for name, value in attrs:
        if name in attributes:
            continue
        if name in allowed and (name != "segtype" or value in _SEGTYPES):
            attributes[name] = value
        else:
            extra.append((f"x-{name}", value))
    return extra


def _tuv_element(variant: Variant) -> etree._Element:
    attributes = {_XML_LANG: variant.lang}
    props = list(variant.props)
    props += _place_attributes(
        ((name, value) for name, value in variant.attrs if name not in ("xml:lang", "lang")),
        _TUV_ATTRIBUTES,
        attributes,
    )
    tuv = _element("tuv", attributes)
    _indent(tuv, [*_annotations(variant.notes, props), _seg(variant)], "\n        ", "\n      ")
    return tuv


def _element(tag: str, attributes: dict[str, str]) -> etree._Element:
    return etree.Element(tag, {name: _xml_safe(value) for name, value in attributes.items()})


def _annotations(notes: Iterable[str], props: Iterable[Property]) -> list[etree._Element]:
    elements = []
    for text in notes:
        note = etree.Element("note")
        note.text = _xml_safe(text)
        elements.append(note)
    for kind, value in props:
        prop = _element("prop", {"type": kind})
        prop.text = _xml_safe(value)
        elements.append(prop)
    return elements


def _indent(parent: etree._Element, children: list[etree._Element], inner: str, closing: str) -> None:
    # Whitespace goes only between structural elements: a segment's content is never touched.
    parent.text = inner
    for child in children:
        child.tail = inner
        parent.append(child)
    children[-1].tail = closing


def _seg(variant: Variant) -> etree._Element:
    if variant.markup is not None:
        parsed = _parse_markup(variant.markup)
        if parsed is not None:
            return parsed
    seg = etree.Element("seg")
    seg.text = _xml_safe(variant.text)
    return seg


def _parse_markup(markup: str) -> etree._Element | None:
    """The segment with its inline codes as elements, or None when the markup is not TMX inline XML (the
    plain text is written instead, so the file stays valid)."""
    try:
        seg = etree.fromstring(f"<seg>{markup}</seg>", _FRAGMENT_PARSER)
    except etree.XMLSyntaxError:
        return None
    if any(not isinstance(node.tag, str) or node.tag not in _INLINE for node in seg.iterdescendants()):
        return None
    return seg


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)
