"""Inline codes: XLIFF 1.2 and 2.0 codes to plain text and TMX 1.4 inline XML, and TMX inline XML back to
the file's own codes."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from memories.formats.xliff._common import _TMX_PREFIX, NS20, _local, _ns, _q


def _code_point(cp: etree._Element) -> str:
    try:
        return chr(int(cp.get("hex", ""), 16))
    except (ValueError, OverflowError):
        return ""


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
