"""XLIFF 2.0 conformance: the core schema's structure and the specification's rules a schema cannot say.

The OASIS schemas are not shipped with glossary, so the core schema's content models, attributes and value
types are written out here; the rules on ids, languages, codes and references follow the processing
requirements of XLIFF 2.0 (OASIS Standard, 2014). Every breach is an ``InputError`` at the element's line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from memories.errors import InputError
from memories.formats._xml import line_of
from memories.langs import normalize_tag

__all__ = ["check"]

NS = "urn:oasis:names:tc:xliff:document:2.0"
_XML = "http://www.w3.org/XML/1998/namespace"
_MODULE_PREFIX = "urn:oasis:names:tc:xliff:"
_FS = "urn:oasis:names:tc:xliff:fs:2.0"

_NMTOKEN = re.compile(r"[\w.:\-\u00b7\u0300-\u036f\u203f-\u2040]+")
_USER_DEFINED = re.compile(r"[^\s:]+:[^\s:]+")
_HEX = re.compile(r"(?:[0-9A-Fa-f]{2})+")


def _enum(*values: str) -> Callable[[str], bool]:
    allowed = frozenset(values)
    return allowed.__contains__


def _nmtoken(value: str) -> bool:
    return _NMTOKEN.fullmatch(value) is not None


def _nmtokens(value: str) -> bool:
    return bool(value.split()) and all(_nmtoken(v) for v in value.split())


def _user_defined(value: str) -> bool:
    return _USER_DEFINED.fullmatch(value) is not None


def _any(value: str) -> bool:
    return True


def _positive(value: str) -> bool:
    return value.strip().isdigit() and int(value) > 0


def _priority(value: str) -> bool:
    return value.strip().isdigit() and 1 <= int(value) <= 10


_YES_NO = _enum("yes", "no")
_DIR = _enum("ltr", "rtl", "auto")
_CODE_TYPE = _enum("fmt", "ui", "quote", "link", "image", "other")


def _needs_cp(value: str) -> bool:
    """Whether the character is one XML cannot carry: only those are written as ``<cp>``."""
    code = int(value, 16)
    return not (code in (0x9, 0xA, 0xD) or 0x20 <= code <= 0xD7FF or 0xE000 <= code <= 0xFFFD
                or 0x10000 <= code <= 0x10FFFF)  # fmt: skip


def _mrk_type(value: str) -> bool:
    return value in ("generic", "comment", "term") or _user_defined(value)


def _space(value: str) -> bool:
    return value in ("default", "preserve")


_Attrs = dict[str, Callable[[str], bool]]


@dataclass(frozen=True)
class _Element:
    content: str
    """The content model as a regular expression over the children's names (``#ext`` for an element of
    another namespace), each followed by a space."""
    attributes: _Attrs
    required: tuple[str, ...] = ()
    other_attributes: str = "any"
    """Attributes of other namespaces: ``any``, ``modules`` (XLIFF modules only) or ``none``."""


_CODE_COMMON: _Attrs = {
    "canCopy": _YES_NO, "canDelete": _YES_NO, "canReorder": _enum("yes", "firstNo", "no"), "copyOf": _nmtoken,
    "disp": _any, "equiv": _any, "dataRef": _nmtoken, "subFlows": _nmtokens, "subType": _user_defined,
    "type": _CODE_TYPE,
}  # fmt: skip
_INLINE = "((cp|ph|pc|sc|ec|mrk|sm|em) )*"
_STRUCTURE = {
    "canResegment": _YES_NO,
    "translate": _YES_NO,
    "srcDir": _DIR,
    "trgDir": _DIR,
    "xml:space": _space,
}
_MARKER: _Attrs = {"id": _nmtoken, "translate": _YES_NO, "type": _mrk_type, "ref": _any, "value": _any}
_ELEMENTS: dict[str, _Element] = {
    "xliff": _Element("(file )+", {"version": _enum("2.0"), "srcLang": _any, "trgLang": _any, "xml:space": _space},
                      ("version", "srcLang")),
    "file": _Element("(skeleton )?(#ext )*(notes )?((unit|group) )+", {"id": _nmtoken, "original": _any, **_STRUCTURE},
                     ("id",)),
    "skeleton": _Element("(#ext )*", {"href": _any}, other_attributes="none"),
    "group": _Element("(#ext )*(notes )?((unit|group) )*",
                      {"id": _nmtoken, "name": _any, "type": _user_defined, **_STRUCTURE}, ("id",)),
    "unit": _Element("(#ext )*(notes )?(originalData )?((segment|ignorable) )+",
                     {"id": _nmtoken, "name": _any, "type": _user_defined, **_STRUCTURE}, ("id",)),
    "segment": _Element("source (target )?", {"id": _nmtoken, "canResegment": _YES_NO,
                        "state": _enum("initial", "translated", "reviewed", "final"), "subState": _any},
                        other_attributes="none"),
    "ignorable": _Element("source (target )?", {"id": _nmtoken}, other_attributes="none"),
    "notes": _Element("(note )+", {}, other_attributes="none"),
    "note": _Element("", {"id": _nmtoken, "appliesTo": _enum("source", "target"), "category": _any,
                          "priority": _priority}),
    "originalData": _Element("(data )+", {}, other_attributes="none"),
    "data": _Element("(cp )*", {"id": _nmtoken, "dir": _DIR, "xml:space": _enum("preserve")}, ("id",),
                     other_attributes="none"),
    "source": _Element(_INLINE, {"xml:lang": _any, "xml:space": _space}, other_attributes="none"),
    "target": _Element(_INLINE, {"xml:lang": _any, "xml:space": _space, "order": _positive},
                       other_attributes="none"),
    "cp": _Element("", {"hex": lambda v: _HEX.fullmatch(v) is not None and _needs_cp(v)}, ("hex",),
                   other_attributes="none"),
    "ph": _Element("", {"id": _nmtoken, **_CODE_COMMON}, ("id",), "modules"),
    "pc": _Element(_INLINE, {
        "id": _nmtoken, "canCopy": _YES_NO, "canDelete": _YES_NO, "canOverlap": _YES_NO,
        "canReorder": _enum("yes", "firstNo", "no"), "copyOf": _nmtoken, "dispEnd": _any, "dispStart": _any,
        "equivEnd": _any, "equivStart": _any, "dataRefEnd": _nmtoken, "dataRefStart": _nmtoken,
        "subFlowsEnd": _nmtokens, "subFlowsStart": _nmtokens, "subType": _user_defined, "type": _CODE_TYPE,
        "dir": _DIR}, ("id",), "modules"),
    "sc": _Element("", {"id": _nmtoken, "canOverlap": _YES_NO, "dir": _DIR, "isolated": _YES_NO, **_CODE_COMMON},
                   ("id",), "modules"),
    "ec": _Element("", {"id": _nmtoken, "canOverlap": _YES_NO, "dir": _DIR, "isolated": _YES_NO,
                        "startRef": _nmtoken, **_CODE_COMMON}, (), "modules"),
    "mrk": _Element(_INLINE, _MARKER, ("id",)),
    "sm": _Element("", _MARKER, ("id",)),
    "em": _Element("", {"startRef": _nmtoken}, ("startRef",), other_attributes="none"),
}  # fmt: skip


@cache
def _content(name: str) -> re.Pattern[str]:
    """An element's content model as a pattern over its children's names, compiled on first use: compiling
    them all cost every import of the formats (the command line's and the workbench's start-up) 30 ms."""
    return re.compile(_ELEMENTS[name].content)


_MIXED = frozenset({"skeleton", "note", "data", "source", "target", "pc", "mrk"})

# The elements each module defines: an unknown name in a module's namespace is refused.
_MODULE_ELEMENTS = {
    "urn:oasis:names:tc:xliff:matches:2.0": {"matches", "match"},
    "urn:oasis:names:tc:xliff:glossary:2.0": {"glossary", "glossEntry", "term", "translation", "definition"},
    "urn:oasis:names:tc:xliff:metadata:2.0": {"metadata", "metaGroup", "meta"},
    "urn:oasis:names:tc:xliff:resourcedata:2.0": {"resourceData", "resourceItemRef", "resourceItem", "source",
                                                  "target", "reference"},
    "urn:oasis:names:tc:xliff:changetracking:2.0": {"changeTrack", "revisions", "revision", "item"},
    "urn:oasis:names:tc:xliff:sizerestriction:2.0": {"profiles", "normalization", "data"},
    "urn:oasis:names:tc:xliff:validation:2.0": {"validation", "rule"},
}  # fmt: skip
_FS_ELEMENTS = frozenset({
    "a", "b", "bdo", "big", "blockquote", "body", "br", "button", "caption", "center", "cite", "code",
    "col", "colgroup", "dd", "del", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "head",
    "hr", "html", "i", "img", "label", "legend", "li", "ol", "p", "pre", "q", "s", "samp", "select",
    "small", "span", "strike", "strong", "sub", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
    "title", "tr", "tt", "u", "ul",
})  # fmt: skip
# Reserved subType values and the type each requires.
_XLF_SUBTYPES = {
    "xlf:lb": "fmt",
    "xlf:pb": "fmt",
    "xlf:b": "fmt",
    "xlf:i": "fmt",
    "xlf:u": "fmt",
    "xlf:var": "ui",
}
_CODES = frozenset({"ph", "pc", "sc", "ec"})
_PAIR_ATTRIBUTES = {
    "canCopy": "yes", "canDelete": "yes", "canOverlap": "yes", "canReorder": "yes", "copyOf": "", "dir": "",
    "subType": "", "type": "",
}  # fmt: skip
# Fragment identifier prefixes: the core's, the modules', and TBX (registered for glossary entries).
_CORE_PREFIXES = ("f", "g", "u", "n", "d", "t")
_KNOWN_PREFIXES = frozenset({*_CORE_PREFIXES, "ctr", "gls", "mtc", "mda", "res", "slr", "val", "fs", "tbx"})


class _Checker:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, elem: etree._Element, message: str, hint: str | None = None) -> InputError:
        return InputError(self.path, message, line_of(elem), hint)

    # ------------------------------------------------------------------------------------- structure

    def structure(self, elem: etree._Element) -> None:
        """The core schema: every core element's children, their order, and its attributes."""
        name = _local(elem)
        spec = _ELEMENTS.get(name)
        if spec is None:
            raise self.fail(elem, f"<{name}> is not an XLIFF 2.0 element")
        self.attributes(elem, name, spec)
        children = [child for child in elem if isinstance(child.tag, str)]
        tokens = "".join(f"{_local(c) if _ns(c) == NS else '#ext'} " for c in children)
        if not _content(name).fullmatch(tokens):
            held = f"holds {_describe(tokens)}, which does not fit" if tokens else "is empty"
            raise self.fail(elem, f"<{name}> {held}", _expected(name))
        if name not in _MIXED:
            for child in [elem, *children]:
                text = elem.text if child is elem else child.tail
                if text and text.strip():
                    raise self.fail(child, f"<{name}> cannot hold text ({text.strip()[:20]!r})")
        for child in children:
            if _ns(child) == NS:
                self.structure(child)
            else:
                self.extension(child)

    def attributes(self, elem: etree._Element, name: str, spec: _Element) -> None:
        for raw_key, raw_value in elem.items():
            key, value = str(raw_key), str(raw_value)
            attribute = _attribute_name(key)
            ns = _ns_of(key)
            if ns and (ns != _XML or attribute not in spec.attributes):
                allowed = spec.other_attributes == "any" or (
                    spec.other_attributes == "modules" and ns.startswith(_MODULE_PREFIX)
                )
                if not allowed:
                    raise self.fail(elem, f"<{name}> cannot carry the attribute {attribute}")
                self.module_attribute(elem, name, ns, _local_name(key), value)
                continue
            check = spec.attributes.get(attribute)
            if check is None:
                raise self.fail(elem, f"<{name}> cannot carry the attribute {attribute}")
            if not check(value):
                raise self.fail(elem, f"<{name}> has an invalid {attribute}={value!r}")
        for required in spec.required:
            if elem.get(required) is None:
                raise self.fail(
                    elem, f"<{name}> has no {required}", f"XLIFF 2.0 requires {required} on <{name}>"
                )

    def module_attribute(self, elem: etree._Element, name: str, ns: str, local: str, value: str) -> None:
        if ns != _FS:
            return
        if local not in ("fs", "subFs"):
            raise self.fail(elem, f"fs:{local} is not an attribute of the format style module")
        if local == "fs" and value not in _FS_ELEMENTS:
            raise self.fail(elem, f"fs:fs={value!r} is not an HTML element the format style module knows")
        if name == "ec" and elem.get("isolated") != "yes":
            raise self.fail(elem, "fs attributes go on the <sc> of a pair, not on its <ec>")

    def extension(self, elem: etree._Element) -> None:
        """An element of another namespace: a module's must be one it defines; ids unique among siblings."""
        names = _MODULE_ELEMENTS.get(_ns(elem))
        if names is not None and _local(elem) not in names:
            raise self.fail(elem, f"<{_local(elem)}> is not an element of the module {_ns(elem)}")
        self.unique(
            (c for c in elem if isinstance(c.tag, str) and _ns(c) != NS and _extension_id(c) is not None),
            lambda c: _extension_id(c) or "",
            "extension element id",
        )
        for child in elem:
            if isinstance(child.tag, str) and _ns(child) != NS:
                self.extension(child)

    def unique(
        self, elems: Iterable[etree._Element], key: Callable[[etree._Element], str], what: str
    ) -> None:
        seen: set[str] = set()
        for elem in elems:
            value = key(elem)
            if value in seen:
                raise self.fail(elem, f"{what} {value!r} is used twice", "ids must be unique in their scope")
            seen.add(value)

    # ------------------------------------------------------------------------------------- rules

    def document(self, root: etree._Element) -> None:
        src = self.language(root, root.get("srcLang", ""), "srcLang")
        trg = self.language(root, root.get("trgLang", ""), "trgLang") if root.get("trgLang") else None
        files = root.findall(_q("file"))
        self.unique(files, lambda f: f.get("id", ""), "file id")
        for file in files:
            self.file(file)
        for part in root.iter(_q("segment"), _q("ignorable")):
            for elem in part:
                self.lang_of(elem, src, trg)
        for elem in root.iter():
            if isinstance(elem.tag, str) and _ns(elem) == NS and _local(elem) not in ("xliff",):
                for key in ("subState",):
                    if elem.get(key) is not None and elem.get("state") is None:
                        raise self.fail(elem, "subState without state", "give state= too")

    def language(self, elem: etree._Element, value: str, what: str) -> str:
        try:
            return normalize_tag(value)
        except InputError as exc:
            raise self.fail(elem, f"{what}: {exc.message}", exc.hint) from exc

    def lang_of(self, elem: etree._Element, src: str, trg: str | None) -> None:
        side = _local(elem)
        if side == "target" and trg is None:
            raise self.fail(elem, "a <target> in a file without trgLang", 'add trgLang="..." to <xliff>')
        value = _inherited(elem, f"{{{_XML}}}lang")
        if value is None:
            return
        lang = self.language(elem, value, "xml:lang")
        wanted = src if side == "source" else trg
        if lang.lower() != (wanted or "").lower():
            raise self.fail(elem, f"the <{side}> is in {lang}, the file says {wanted}")

    def file(self, file: etree._Element) -> None:
        skeleton = file.find(_q("skeleton"))
        if skeleton is not None:
            has_content = bool((skeleton.text or "").strip()) or len(skeleton) > 0
            if (skeleton.get("href") is None) == (not has_content):
                raise self.fail(
                    skeleton, "a <skeleton> has either an href or content, not both and not neither"
                )
        self.unique(file.iter(_q("group")), lambda g: g.get("id", ""), "group id")
        self.unique(file.iter(_q("unit")), lambda u: u.get("id", ""), "unit id")
        for notes in file.iter(_q("notes")):
            self.unique((n for n in notes if n.get("id")), lambda n: n.get("id", ""), "note id")
        units = {unit.get("id") for unit in file.iter(_q("unit"))}
        for unit in file.iter(_q("unit")):
            _Unit(self, unit).check()
            for code in unit.iter(_q("ph"), _q("pc"), _q("sc"), _q("ec")):
                for key in ("subFlows", "subFlowsStart", "subFlowsEnd"):
                    for ref in (code.get(key) or "").split():
                        if ref not in units:
                            raise self.fail(code, f"{key} names {ref!r}, no unit of the file")


class _Unit:
    """The rules inside one ``<unit>``: ids, codes, references, order."""

    def __init__(self, checker: _Checker, unit: etree._Element) -> None:
        self.c = checker
        self.unit = unit
        self.parts = [p for p in unit if _ns(p) == NS and _local(p) in ("segment", "ignorable")]
        original = unit.find(_q("originalData"))
        self.data = [] if original is None else list(original)
        notes = unit.find(_q("notes"))
        self.notes = {n.get("id") for n in notes} if notes is not None else set()

    def check(self) -> None:
        c = self.c
        c.unique(self.data, lambda d: d.get("id", ""), "data id")
        if not any(_local(p) == "segment" for p in self.parts):
            raise c.fail(self.unit, f"<unit id={self.unit.get('id')!r}> has no <segment>")
        data_ids = {d.get("id") for d in self.data}
        part_ids = [p for p in self.parts if p.get("id") is not None]
        for side in ("source", "target"):
            contents = [p.find(_q(side)) for p in self.parts]
            elems = [e for e in contents if e is not None]
            inline = [i for e in elems for i in e.iterdescendants() if isinstance(i.tag, str)]
            with_id = [i for i in inline if i.get("id") is not None and _local(i) != "cp"]
            c.unique([*part_ids, *with_id], lambda e: e.get("id", ""), f"id in unit {self.unit.get('id')!r},")
            self.codes(inline, data_ids)
        self.order()
        self.reordering()
        self.spaces()
        self.non_removable()

    def codes(self, inline: list[etree._Element], data_ids: set[str | None]) -> None:
        c = self.c
        opened: dict[str, etree._Element] = {}
        markers: set[str] = set()
        closed_refs = {e.get("startRef") for e in inline if _local(e) == "ec" and e.get("isolated") != "yes"}
        by_id = {e.get("id"): e for e in inline if _local(e) in _CODES and e.get("id")}
        for elem in inline:
            name = _local(elem)
            for key in ("dataRef", "dataRefStart", "dataRefEnd"):
                ref = elem.get(key)
                if ref is not None and ref not in data_ids:
                    raise c.fail(elem, f"{key}={ref!r} names no <data> of the unit's <originalData>")
            if name in _CODES:
                self.code_type(elem)
                self.copy_of(elem, by_id)
            if name == "sc":
                if elem.get("isolated") == "yes" and elem.get("id") in closed_refs:
                    raise c.fail(elem, '<sc isolated="yes"> has its <ec> in the unit', "drop isolated")
                if elem.get("isolated") != "yes" and elem.get("id") not in closed_refs:
                    raise c.fail(elem, "<sc> without its <ec> in the unit", 'write isolated="yes"')
                opened[elem.get("id", "")] = elem
            elif name == "ec":
                self.end_code(elem, opened)
            elif name == "sm":
                markers.add(elem.get("id", ""))
            elif name == "em" and elem.get("startRef") not in markers:
                raise c.fail(elem, f"<em startRef={elem.get('startRef')!r}> comes before its <sm>")
            if name in ("mrk", "sm"):
                self.annotation(elem)

    def end_code(self, elem: etree._Element, opened: dict[str, etree._Element]) -> None:
        c = self.c
        if elem.get("isolated") == "yes":
            if elem.get("startRef") is not None or elem.get("id") is None:
                raise c.fail(elem, '<ec isolated="yes"> takes an id, not a startRef')
            return
        if elem.get("id") is not None or elem.get("startRef") is None:
            raise c.fail(elem, "an <ec> that is not isolated takes a startRef, not an id")
        start = opened.get(elem.get("startRef", ""))
        if start is None:
            raise c.fail(elem, f"<ec startRef={elem.get('startRef')!r}> comes before its <sc>")
        for key, default in _PAIR_ATTRIBUTES.items():
            if elem.get(key, default) != start.get(key, default):
                raise c.fail(elem, f"<ec> and its <sc> differ in {key}")

    def code_type(self, elem: etree._Element) -> None:
        sub = elem.get("subType")
        if sub is None:
            return
        kind = elem.get("type")
        if kind is None:
            raise self.c.fail(elem, "subType without type")
        if sub.startswith("xlf:") and _XLF_SUBTYPES.get(sub) != kind:
            raise self.c.fail(elem, f"subType {sub!r} does not go with type {kind!r}")

    def copy_of(self, elem: etree._Element, by_id: dict[str | None, etree._Element]) -> None:
        ref = elem.get("copyOf")
        if ref is None:
            return
        original = by_id.get(ref)
        if original is None:
            raise self.c.fail(elem, f"copyOf={ref!r} names no code of the unit")
        if original.get("canCopy") == "no":
            raise self.c.fail(elem, f'copyOf={ref!r} copies a code marked canCopy="no"')
        if any(elem.get(key) for key in ("dataRef", "dataRefStart", "dataRefEnd")):
            raise self.c.fail(elem, "a code with copyOf has no original data of its own")

    def annotation(self, elem: etree._Element) -> None:
        ref = elem.get("ref")
        if ref is not None and ref.startswith("#"):
            self.fragment(elem, ref)
        if elem.get("type") != "comment":
            return
        if (elem.get("value") is None) == (ref is None):
            raise self.c.fail(
                elem, "a comment annotation has either a value or a ref to a note, and not both"
            )
        if ref is not None and not self.own_note(ref):
            raise self.c.fail(elem, f"ref={ref!r} names no note of the unit")

    def own_note(self, ref: str) -> bool:
        """Whether ``ref`` names a note of this unit: ``#n=n1``, or a path through this file and unit."""
        parts = dict(part.partition("=")[::2] for part in ref.lstrip("#/").split("/"))
        file = self.unit.getparent()
        while file is not None and _local(file) != "file":
            file = file.getparent()
        if "u" in parts and parts["u"] != self.unit.get("id"):
            return False
        if "f" in parts and ("u" not in parts or file is None or parts["f"] != file.get("id")):
            return False
        return parts.get("n") in self.notes

    def fragment(self, elem: etree._Element, ref: str) -> None:
        _check_fragment(self.c, elem, ref)

    def order(self) -> None:
        """Target ``order`` values: a target without one takes its own place; no two may be equal."""
        placed = {str(n): t for n, p in enumerate(self.parts, 1) if (t := p.find(_q("target"))) is not None}
        targets = list(placed.values())
        self.c.unique(targets, lambda t: t.get("order") or next(k for k, v in placed.items() if v is t),
                      "target order")  # fmt: skip
        for target in targets:
            if target.get("order") is None:
                continue
            if int(target.get("order", "0")) > len(self.parts):
                raise self.c.fail(
                    target, f"order={target.get('order')} is beyond the unit's {len(self.parts)} parts"
                )

    def reordering(self) -> None:
        """Codes that cannot be reordered: a sequence starts with ``firstNo`` and goes on with ``no``; such
        codes cannot be copied or deleted; a target keeps each sequence whole, in order and nesting."""
        for part in self.parts:
            source, target = part.find(_q("source")), part.find(_q("target"))
            if source is None:
                continue
            sequences: list[list[tuple[str | None, str | None]]] = []
            for code, parent in _codes(source):
                value = code.get("canReorder", "yes")
                fixed = value in ("no", "firstNo") and _local(code) != "ec"
                if fixed and (code.get("canCopy") != "no" or code.get("canDelete") != "no"):
                    raise self.c.fail(
                        code,
                        f'a code with canReorder="{value}" must have canCopy="no" and canDelete="no"',
                    )
                if value == "firstNo" and _local(code) != "ec":
                    sequences.append([(code.get("id"), parent)])
                elif value == "no":
                    if not sequences or sequences[-1][-1][0] is None:
                        raise self.c.fail(
                            code, 'canReorder="no" without a canReorder="firstNo" code before it'
                        )
                    sequences[-1].append((code.get("id"), parent))
                elif sequences:
                    sequences[-1].append((None, None))  # the sequence ends here
            if target is not None:
                self.sequences_kept(target, [[c for c in seq if c[0] is not None] for seq in sequences])

    def sequences_kept(
        self, target: etree._Element, sequences: list[list[tuple[str | None, str | None]]]
    ) -> None:
        found = [(code.get("id"), parent) for code, parent in _codes(target) if _local(code) != "ec"]
        ids = [ident for ident, _ in found]
        for sequence in sequences:
            if sequence[0][0] not in ids:
                continue
            start = ids.index(sequence[0][0])
            if found[start : start + len(sequence)] != sequence:
                raise self.c.fail(target, "the target breaks a sequence of codes that cannot be reordered")

    def spaces(self) -> None:
        for part in self.parts:
            source, target = part.find(_q("source")), part.find(_q("target"))
            if source is None or target is None:
                continue
            space = f"{{{_XML}}}space"
            if (_inherited(source, space) or "default") != (_inherited(target, space) or "default"):
                raise self.c.fail(target, "the <target>'s xml:space differs from its <source>'s")

    def non_removable(self) -> None:
        kept = {
            code.get("id")
            for part in self.parts
            if (target := part.find(_q("target"))) is not None
            for code in target.iterdescendants()
            if isinstance(code.tag, str)
        }
        for part in self.parts:
            source, target = part.find(_q("source")), part.find(_q("target"))
            if source is None or target is None:
                continue
            for code in source.iterdescendants():
                if isinstance(code.tag, str) and code.get("canDelete") == "no" and code.get("id") not in kept:
                    raise self.c.fail(
                        target, f'the target drops code {code.get("id")!r}, marked canDelete="no"'
                    )


def _check_fragment(c: _Checker, elem: etree._Element, ref: str) -> None:
    """A fragment identifier (``#m1``, ``#n=n1``, ``#/f=f1/u=u1/t=m2``): syntax, prefixes and their order."""
    body = ref[1:]
    absolute = body.startswith("/")
    parts = body[1:].split("/") if absolute else body.split("/")
    if len(parts) == 1 and "=" not in parts[0] and not absolute:
        if not _nmtoken(parts[0]):
            raise c.fail(elem, f"ref={ref!r} is not a fragment identifier")
        return
    seen: list[str] = []
    for part in parts:
        prefix, equals, ident = part.partition("=")
        if not equals:
            raise c.fail(elem, f"ref={ref!r}: {part!r} has no prefix (write prefix=id)")
        if not _nmtoken(prefix):
            raise c.fail(elem, f"ref={ref!r}: the prefix {prefix!r} is not an NMTOKEN")
        if len(prefix) == 1 and prefix not in _CORE_PREFIXES:
            raise c.fail(elem, f"ref={ref!r}: one-letter prefixes are the core's own")
        if prefix not in _KNOWN_PREFIXES:
            raise c.fail(elem, f"ref={ref!r}: unknown prefix {prefix!r}")
        if prefix in seen and prefix != "g":
            raise c.fail(elem, f"ref={ref!r}: prefix {prefix!r} twice")
        if not _nmtoken(ident):
            raise c.fail(elem, f"ref={ref!r}: {ident!r} is not an id")
        seen.append(prefix)
    ranks = [{"f": 0, "g": 1, "u": 2}.get(p, 3) for p in seen]
    if ranks != sorted(ranks) or ranks.count(3) > 1:
        raise c.fail(
            elem, f"ref={ref!r}: the parts are out of order (f=, g=, u=, then one of n= d= t= or a module's)"
        )


def _codes(content: etree._Element) -> Iterable[tuple[etree._Element, str | None]]:
    """The codes of a source or target in document order, each with the id of the ``<pc>`` holding it."""
    for code in content.iterdescendants(_q("ph"), _q("pc"), _q("sc"), _q("ec")):
        parent = code.getparent()
        yield code, parent.get("id") if parent is not None and _local(parent) == "pc" else None


def _extension_id(elem: etree._Element) -> str | None:
    return elem.get("id") or elem.get(f"{{{_XML}}}id")


def _inherited(elem: etree._Element, attribute: str) -> str | None:
    node: etree._Element | None = elem
    while node is not None:
        value = node.get(attribute)
        if value is not None:
            return value
        node = node.getparent()
    return None


def _q(name: str) -> str:
    return f"{{{NS}}}{name}"


def _local(elem: etree._Element) -> str:
    return str(elem.tag).rsplit("}", 1)[-1]


def _ns(elem: etree._Element) -> str:
    return _ns_of(str(elem.tag))


def _ns_of(key: str) -> str:
    return key[1 : key.index("}")] if key.startswith("{") else ""


def _local_name(key: str) -> str:
    return key.rsplit("}", 1)[-1]


def _attribute_name(key: str) -> str:
    if key.startswith(f"{{{_XML}}}"):
        return "xml:" + _local_name(key)
    return _local_name(key)


def _describe(tokens: str) -> str:
    names = [("an extension element" if t == "#ext" else f"<{t}>") for t in tokens.split()]
    return ", ".join(names)


def _expected(name: str) -> str:
    readable = _ELEMENTS[name].content.replace("#ext", "extension").replace(" ", "")
    return f"XLIFF 2.0 allows {readable or 'no element'} in <{name}>, in that order"


def check(path: Path, root: etree._Element) -> None:
    """Refuse, at its line, anything in an XLIFF 2.0 document that the standard does not allow."""
    checker = _Checker(path)
    checker.structure(root)
    checker.document(root)
