"""TBX termbases: TBX v3 (ISO 30042:2019) read and written in the TBX-Basic dialect, and TBX v2 ("martif") read.

Reading
    Each ``<conceptEntry>`` (v2: ``<termEntry>``) becomes a ``Concept``: ``subjectField`` is its domain,
    ``definition`` its definition (one per language is kept as ``lang: text`` lines), concept-level
    ``<note>`` its note. Each ``<termSec>`` (v2: ``<tig>`` or ``<ntig>``) is a ``Term`` whose status comes from
    ``administrativeStatus``, ``usageStatus`` or ``normativeAuthorization`` and whose part of speech and notes
    are kept. DCA style (``<descrip type="definition">``) and DCT style (``<basic:definition>``) both read.
    The file is parsed with ``iterparse`` one entry at a time, entities never expanded and nothing fetched.

    A file is refused with an ``InputError`` at the offending line when it is not well-formed, declares
    entities, breaks the TBX core structure (a ``<termSec>`` that does not start with its one ``<term>``, a
    group with more than one item, a data category without a type, header text outside ``<p>``, content
    directly in ``<text>``), or breaks its dialect's rules: for TBX-Basic and TBX-Min the data categories and
    picklists of the dialect and the levels where a category may stand.

Writing
    TBX-Basic, DCA style, valid against the TBX core RNG and the TBX-Basic DCA Schematron. What TBX-Basic
    has no data category for is kept in notes that ``read`` understands: ``glossary:forbidden`` on a term
    written as ``deprecatedTerm-admn-sts``, ``glossary:case-sensitive``, ``glossary:part-of-speech=...`` for
    a part of speech outside the picklist, and ``glossary:status=...`` for a concept that is not approved.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from glossary.formats.base import TermbaseFormat, TermbaseWriteOptions
from glossary.model import CONCEPT_STATUSES, Concept, ConceptStatus, Origin, Term, TermStatus
from memories.errors import InputError
from memories.formats._files import atomic_output, open_binary
from memories.formats._xml import PARSER_OPTIONS, Stream, syntax_error
from memories.langs import normalize_tag
from memories.model import Repairs

__all__ = ["NAMESPACE", "read", "write"]

NAMESPACE = "urn:iso:std:iso:30042:ed-2"
_NS = f"{{{NAMESPACE}}}"
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_MARK = "glossary:"

_STATUS_VALUES: dict[str, TermStatus] = {
    "preferredterm-admn-sts": TermStatus.PREFERRED, "admittedterm-admn-sts": TermStatus.ADMITTED,
    "deprecatedterm-admn-sts": TermStatus.DEPRECATED, "supersededterm-admn-sts": TermStatus.DEPRECATED,
    "preferred": TermStatus.PREFERRED, "preferredterm": TermStatus.PREFERRED,
    "admitted": TermStatus.ADMITTED, "admittedterm": TermStatus.ADMITTED,
    "deprecated": TermStatus.DEPRECATED, "deprecatedterm": TermStatus.DEPRECATED,
    "supersededterm": TermStatus.DEPRECATED, "superseded": TermStatus.DEPRECATED,
    "notrecommended": TermStatus.DEPRECATED, "obsolete": TermStatus.DEPRECATED,
    "forbidden": TermStatus.FORBIDDEN, "legalterm": TermStatus.PREFERRED, "regulatedterm": TermStatus.PREFERRED,
    "standardizedterm": TermStatus.PREFERRED,
}  # fmt: skip
_STATUS_TYPES = frozenset({"administrativeStatus", "usageStatus", "normativeAuthorization"})
_WRITTEN_STATUS = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.DEPRECATED: "deprecatedTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
_PARTS_OF_SPEECH = ("adjective", "noun", "other", "verb", "adverb")

# Data-category elements and, for DCT style, which element each dialect category stands for.
_CATEGORY_ELEMENTS = frozenset(
    {"admin", "descrip", "termNote", "transac", "transacNote", "xref", "ref", "adminNote", "descripNote"}
)
_DCT_KIND = {
    "definition": "descrip", "context": "descrip", "subjectField": "descrip",
    "source": "admin", "customerSubset": "admin", "projectSubset": "admin",
    "administrativeStatus": "termNote", "usageStatus": "termNote", "partOfSpeech": "termNote",
    "termType": "termNote", "grammaticalGender": "termNote", "termLocation": "termNote",
    "geographicalUsage": "termNote", "transactionType": "transac", "responsibility": "transacNote",
    "xGraphic": "xref", "externalCrossReference": "xref", "crossReference": "ref",
}  # fmt: skip
_GROUP_HEAD = {
    "descripGrp": "descrip",
    "adminGrp": "admin",
    "termNoteGrp": "termNote",
    "transacGrp": "transac",
}


@dataclass(frozen=True)
class _Dialect:
    """The data categories a dialect allows, by element, and its picklists."""

    name: str
    types: dict[str, frozenset[str]]
    picklists: dict[str, frozenset[str]] = field(default_factory=dict)


_BASIC = _Dialect(
    "TBX-Basic",
    {
        "admin": frozenset({"customerSubset", "projectSubset", "source"}),
        "descrip": frozenset({"subjectField", "context", "definition"}),
        "termNote": frozenset(
            {
                "administrativeStatus",
                "usageStatus",
                "partOfSpeech",
                "geographicalUsage",
                "grammaticalGender",
                "termLocation",
                "termType",
            }
        ),
        "transac": frozenset({"transactionType"}),
        "transacNote": frozenset({"responsibility"}),
        "xref": frozenset({"externalCrossReference", "xGraphic"}),
        "ref": frozenset({"crossReference"}),
    },
    {
        "partOfSpeech": frozenset((*_PARTS_OF_SPEECH, "properNoun")),
        "termType": frozenset({"fullForm", "acronym", "abbreviation", "shortForm", "variant", "phrase"}),
        "grammaticalGender": frozenset({"masculine", "feminine", "neuter", "other"}),
    },
)
_MIN = _Dialect(
    "TBX-Min",
    {
        "admin": frozenset({"customerSubset"}),
        "descrip": frozenset({"subjectField"}),
        "termNote": frozenset({"administrativeStatus", "usageStatus", "partOfSpeech"}),
        "xref": frozenset(),
        "ref": frozenset(),
        "transac": frozenset(),
        "transacNote": frozenset(),
    },
    {"partOfSpeech": frozenset((*_PARTS_OF_SPEECH, "properNoun"))},
)
_DIALECTS = {"TBX-Basic": _BASIC, "TBX-Min": _MIN}

# Where a data category may stand (the element it, or its group, is a child of), per TBX-Basic.
_LEVELS = {
    "definition": frozenset({"conceptEntry", "langSec"}),
    "context": frozenset({"termSec"}),
    "subjectField": frozenset({"conceptEntry"}),
}


# ---------------------------------------------------------------------------------------------- reading


def _local(elem: etree._Element) -> str:
    tag = elem.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def _line(elem: etree._Element) -> int | None:
    line = elem.sourceline
    return line if isinstance(line, int) else None


def _text(elem: etree._Element) -> str:
    """The element's text with its inline markup dropped and layout whitespace collapsed."""
    return " ".join("".join(str(part) for part in elem.itertext()).split())


def read(path: Path, repair: Repairs | None = None) -> Iterator[Concept]:
    """The concepts of a TBX file, one entry at a time. With ``repair``, characters XML 1.0 forbids (a vertical
    tab in a term) become U+FFFD and are counted there, as for TMX and XLIFF (``import --repair``)."""
    with open_binary(path) as raw:
        stream = Stream(path, raw, repair)
        context = etree.iterparse(stream, events=("start", "end"), **PARSER_OPTIONS)
        reader = _Reader(path)
        try:
            for event, elem in context:
                yield from reader.event(event, elem)
        except etree.XMLSyntaxError as exc:
            raise syntax_error(path, exc) from exc
        except (etree.LxmlError, OSError, EOFError, ValueError) as exc:
            raise InputError(path, f"cannot read: {exc}") from exc
        reader.finish()


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.root: etree._Element | None = None
        self.v2 = False
        self.dialect: _Dialect | None = None
        self.seen_text = False

    def error(self, elem: etree._Element | None, message: str, hint: str | None = None) -> InputError:
        return InputError(self.path, message, _line(elem) if elem is not None else None, hint)

    def event(self, event: str, elem: etree._Element) -> Iterator[Concept]:
        if self.root is None:
            self._start(elem)
        name = _local(elem)
        if event == "start":
            if name == "text" and elem.getparent() is self.root:
                self.seen_text = True
            return
        if name in ("tbxHeader", "martifHeader"):
            self._check_header(elem)
        elif name == "text" and elem.getparent() is self.root:
            self._check_text(elem)
        elif name in ("conceptEntry", "termEntry"):
            self._check_entry(elem)
            yield self._concept(elem)
            # (lxml-stubs lacks keep_tail, which lxml has had since 2.x)
            elem.clear(keep_tail=True)  # type: ignore[call-arg]
            parent = elem.getparent()
            # Entries already read are dropped from the tree too, so memory stays flat on a big file.
            while parent is not None and elem.getprevious() is not None:
                del parent[0]

    def _start(self, root: etree._Element) -> None:
        self.root = root
        info = root.getroottree().docinfo
        dtd = info.internalDTD
        if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]
            raise self.error(root, "the file declares XML entities; glossary refuses them for safety")
        name = _local(root)
        if name == "martif":
            self.v2 = True
            return
        if name != "tbx" or root.tag != f"{_NS}tbx":
            raise self.error(
                root,
                f"the root element is <{name}>, not <tbx> in the TBX namespace {NAMESPACE}",
                "this is not a TBX v3 (or v2 martif) file",
            )
        kind = root.get("type")
        if not kind or not kind.startswith("TBX-"):
            raise self.error(root, "<tbx> has no type naming its dialect", 'write type="TBX-Basic"')
        self.dialect = _DIALECTS.get(kind)

    def finish(self) -> None:
        if self.root is not None and not self.seen_text:
            raise self.error(self.root, "the file has no <text> with entries")

    # -- the core structure ---------------------------------------------------------------------------

    def _check_header(self, header: etree._Element) -> None:
        for desc in header.iter():
            if _local(desc) in ("titleStmt", "publicationStmt", "sourceDesc", "encodingDesc", "revisionDesc"):
                stray = [desc.text or ""] + [c.tail or "" for c in desc]
                if any(s.strip() for s in stray):
                    text = next(s for s in stray if s.strip())
                    line = (_line(desc) or 1) + text[: len(text) - len(text.lstrip())].count("\n")
                    raise InputError(
                        self.path, f"text directly in <{_local(desc)}>", line, "wrap it in <p>...</p>"
                    )

    def _check_text(self, text: etree._Element) -> None:
        for child in text:
            if _local(child) not in ("body", "back"):
                raise self.error(
                    child, f"<{_local(child)}> directly in <text>", "only <body> and <back> go there"
                )

    def _check_entry(self, entry: etree._Element) -> None:
        for elem in entry.iter():
            name = _local(elem)
            if not name:
                continue
            if name == "termSec":
                self._check_term_section(elem)
            elif name in _GROUP_HEAD:
                heads = [
                    c for c in elem if _local(c) == _GROUP_HEAD[name] or self._kind(c) == _GROUP_HEAD[name]
                ]
                if len(heads) != 1:
                    raise self.error(elem, f"<{name}> holds {len(heads)} <{_GROUP_HEAD[name]}>, not one")
            if not self.v2 and name == "langSec" and not elem.get(_XML_LANG):
                raise self.error(elem, "<langSec> has no xml:lang")
            if self.v2 and name == "langSet" and not elem.get(_XML_LANG):
                raise self.error(elem, "<langSet> has no xml:lang")
            kind, category = self._category(elem)
            if kind is None:
                continue
            if not category:
                raise self.error(elem, f"<{name}> has no type", "every data category names its type")
            if self.dialect is not None:
                self._check_dialect(elem, kind, category)

    def _check_term_section(self, section: etree._Element) -> None:
        children = [c for c in section if isinstance(c.tag, str)]
        terms = [c for c in children if _local(c) == "term"]
        if not children or _local(children[0]) != "term":
            raise self.error(section, "<termSec> must start with its <term>")
        if len(terms) > 1:
            raise self.error(terms[1], "a second <term> in one <termSec>", "give each term its own <termSec>")

    def _kind(self, elem: etree._Element) -> str | None:
        tag = elem.tag
        if not isinstance(tag, str) or self.v2 or tag.startswith(_NS):
            return None
        return _DCT_KIND.get(_local(elem))

    def _category(self, elem: etree._Element) -> tuple[str | None, str]:
        """(element kind, data category) of a data-category element, DCA or DCT style; (None, "") else."""
        name = _local(elem)
        if name in _CATEGORY_ELEMENTS and (self.v2 or elem.tag == f"{_NS}{name}"):
            return name, (elem.get("type") or "").strip()
        kind = self._kind(elem)
        if kind is not None:
            return kind, name
        return None, ""

    def _level(self, elem: etree._Element) -> str:
        parent = elem.getparent()
        if parent is not None and _local(parent).endswith("Grp"):
            parent = parent.getparent()
        return _local(parent) if parent is not None else ""

    def _check_dialect(self, elem: etree._Element, kind: str, category: str) -> None:
        dialect = self.dialect
        assert dialect is not None
        allowed = dialect.types.get(kind)
        if allowed is not None and category not in allowed:
            listed = ", ".join(sorted(allowed)) or "none"
            raise self.error(
                elem, f"{dialect.name} has no {kind} of type {category!r}", f"{kind} types allowed: {listed}"
            )
        level = self._level(elem)
        levels = _LEVELS.get(category)
        if levels is not None and level not in levels:
            raise self.error(
                elem, f"a {category} at the {level} level", f"put it at {' or '.join(sorted(levels))}"
            )
        if kind == "termNote" and level != "termSec":
            raise self.error(elem, f"a termNote ({category}) outside a termSec")
        parent = elem.getparent()
        if (
            category == "source"
            and dialect is _BASIC
            and parent is not None
            and _local(parent) == "conceptEntry"
        ):
            raise self.error(
                elem,
                "a source directly at the concept level",
                "group it in a descripGrp with what it supports",
            )
        value = _text(elem)
        if category in _STATUS_TYPES and value.casefold() not in _STATUS_VALUES:
            raise self.error(
                elem, f"{category} {value!r} is not a term status", "use e.g. preferredTerm-admn-sts"
            )
        picklist = dialect.picklists.get(category)
        if picklist is not None and value not in picklist:
            raise self.error(
                elem, f"{category} {value!r} is not in the picklist", ", ".join(sorted(picklist))
            )

    # -- entries to concepts --------------------------------------------------------------------------

    def _concept(self, entry: etree._Element) -> Concept:
        domain: str | None = None
        definitions: list[tuple[str | None, str]] = []
        notes: list[str] = []
        status: str = ConceptStatus.APPROVED
        terms: list[Term] = []
        for child in entry:
            _, category = self._described(child)
            if category == "subjectField" and domain is None:
                domain = _text(self._head(child))
            elif category == "definition":
                definitions.append((None, _text(self._head(child))))
            elif _local(child) == "note":
                note = _text(child)
                if note.startswith(f"{_MARK}status="):
                    status = note.removeprefix(f"{_MARK}status=")
                    if status not in CONCEPT_STATUSES:
                        raise self.error(child, f"concept status {status!r}")
                else:
                    notes.append(note)
            elif _local(child) in ("langSec", "langSet"):
                terms.extend(self._language_section(child, definitions))
        if not terms:
            raise self.error(entry, "an entry without terms")
        ident = entry.get("id")
        return Concept(
            terms=tuple(terms),
            status=ConceptStatus(status),
            origin=Origin.IMPORTED,
            domain=domain,
            definition=_definition(definitions),
            note="\n".join(notes) or None,
            source=f"{self.path.name}#{ident or _line(entry)}",
        )

    def _described(self, elem: etree._Element) -> tuple[str | None, str]:
        return self._category(self._head(elem))

    def _head(self, elem: etree._Element) -> etree._Element:
        """A group's data-category element (``descripGrp`` -> its ``descrip``), or the element itself."""
        if _local(elem).endswith("Grp"):
            for child in elem:
                if self._category(child)[0] is not None:
                    return child
        return elem

    def _language_section(
        self, section: etree._Element, definitions: list[tuple[str | None, str]]
    ) -> list[Term]:
        try:
            lang = normalize_tag(section.get(_XML_LANG) or "")
        except InputError as exc:
            raise self.error(section, exc.message, exc.hint) from exc
        terms: list[Term] = []
        for child in section:
            name = _local(child)
            if name in ("termSec", "tig", "ntig"):
                terms.append(self._term(child, lang))
            elif self._described(child)[1] == "definition":
                definitions.append((lang, _text(self._head(child))))
        return terms

    def _term(self, section: etree._Element, lang: str) -> Term:
        holder = section
        if _local(section) == "ntig":
            holder = next((c for c in section if _local(c) == "termGrp"), section)
        term_elem = next((c for c in holder.iter() if _local(c) == "term"), None)
        if term_elem is None or not _text(term_elem):
            raise self.error(section, "a term section without a term")
        status: TermStatus | None = None
        forbidden = case = False
        pos: str | None = None
        notes: list[str] = []
        for elem in section.iter():
            _, category = self._category(elem)
            value = _text(elem)
            if category in _STATUS_TYPES:
                status = _STATUS_VALUES.get(value.casefold())
                if status is None:
                    raise self.error(elem, f"{category} {value!r} is not a term status")
            elif category == "partOfSpeech":
                pos = pos or value
            elif _local(elem) == "note":
                if value == f"{_MARK}forbidden":
                    forbidden = True
                elif value == f"{_MARK}case-sensitive":
                    case = True
                elif value.startswith(f"{_MARK}part-of-speech="):
                    pos = value.removeprefix(f"{_MARK}part-of-speech=")
                else:
                    notes.append(value)
        return Term(
            lang=lang,
            text=_text(term_elem),
            status=TermStatus.FORBIDDEN if forbidden else (status or TermStatus.PREFERRED),
            case_sensitive=case,
            part_of_speech=pos,
            note="\n".join(notes) or None,
        )


def _definition(definitions: list[tuple[str | None, str]]) -> str | None:
    if not definitions:
        return None
    general = [text for lang, text in definitions if lang is None]
    if general:
        return general[0]
    if len(definitions) == 1:
        return definitions[0][1]
    return "\n".join(f"{lang}: {text}" for lang, text in definitions)


# ---------------------------------------------------------------------------------------------- writing


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str) -> etree._Element:
    elem = etree.SubElement(parent, f"{_NS}{name}", attrib=attrs or None)
    if text is not None:
        elem.text = _xml_safe(text)
    return elem


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(text: str) -> str:
    return _NOT_XML.sub("", text)


_LANG_LINE = re.compile(r"^(?P<lang>[A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*): (?P<text>.+)$")


def _definitions_by_language(concept: Concept) -> dict[str, str] | None:
    """Per-language definitions (read from langSec levels as ``lang: text`` lines), or None."""
    lines = (concept.definition or "").split("\n")
    found = [_LANG_LINE.match(line) for line in lines]
    if len(lines) < 2 or not all(found):
        return None
    by_lang = {m["lang"]: m["text"] for m in found if m}
    return by_lang if set(by_lang) <= set(concept.languages) and len(by_lang) == len(lines) else None


def _notes(parent: etree._Element, text: str | None) -> None:
    # TBX readers collapse layout whitespace, so each line of a note is its own <note>.
    for line in (text or "").split("\n"):
        if line.strip():
            _sub(parent, "note", line)


def _entry(concept: Concept, number: int) -> etree._Element:
    entry = etree.Element(f"{_NS}conceptEntry", id=f"c{concept.id or number}", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    if concept.domain:
        _sub(entry, "descrip", concept.domain, type="subjectField")
    by_lang = _definitions_by_language(concept)
    if concept.definition and by_lang is None:
        _sub(entry, "descrip", concept.definition, type="definition")
    _notes(entry, concept.note)
    if concept.status != ConceptStatus.APPROVED:
        _sub(entry, "note", f"{_MARK}status={concept.status}")
    if concept.changed_at:
        group = _sub(entry, "transacGrp")
        _sub(group, "transac", "modification", type="transactionType")
        _sub(group, "date", concept.changed_at[:10])
    for lang in concept.languages:
        section = _sub(entry, "langSec", **{str(_XML_LANG): lang})
        if by_lang and lang in by_lang:
            _sub(section, "descrip", by_lang[lang], type="definition")
        for term in (t for t in concept.terms if t.lang == lang):
            _term_section(section, term)
    return entry


def _term_section(parent: etree._Element, term: Term) -> None:
    section = _sub(parent, "termSec")
    _sub(section, "term", term.text)
    _sub(section, "termNote", _WRITTEN_STATUS[term.status], type="administrativeStatus")
    pos = term.part_of_speech
    if pos:
        _sub(section, "termNote", pos if pos in _PARTS_OF_SPEECH else "other", type="partOfSpeech")
    _notes(section, term.note)
    if term.status == TermStatus.FORBIDDEN:
        _sub(section, "note", f"{_MARK}forbidden")
    if term.case_sensitive:
        _sub(section, "note", f"{_MARK}case-sensitive")
    if pos and pos not in _PARTS_OF_SPEECH:
        _sub(section, "note", f"{_MARK}part-of-speech={pos}")


def write(path: Path, concepts: Iterable[Concept], source_lang: str = "en") -> int:
    """Write the concepts as TBX-Basic (DCA style); returns how many entries were written. Entries are
    serialised one at a time, so a large termbase is never held as one XML tree."""
    count = 0
    header = etree.Element(f"{_NS}tbxHeader", nsmap={None: NAMESPACE})  # type: ignore[dict-item]
    _sub(_sub(_sub(header, "fileDesc"), "sourceDesc"), "p", "Exported by glossary")
    with atomic_output(path, "wb") as handle:
        handle.write(b'<?xml version="1.0" encoding="UTF-8"?>\n')
        lang = normalize_tag(source_lang)  # a tag holds no character that needs escaping
        handle.write(f'<tbx xmlns="{NAMESPACE}" type="TBX-Basic" style="dca" xml:lang="{lang}">\n'.encode())
        handle.write(_serialise(header))
        handle.write(b"<text>\n<body>\n")
        for concept in concepts:
            count += 1
            handle.write(_serialise(_entry(concept, count)))
        handle.write(b"</body>\n</text>\n</tbx>\n")
    return count


def _serialise(elem: etree._Element) -> bytes:
    # The default namespace is declared once on <tbx>; each element is written inside it.
    text = etree.tostring(elem, encoding="unicode", pretty_print=True)
    return text.replace(f' xmlns="{NAMESPACE}"', "", 1).encode("utf-8")


def _read(path: Path, encoding: str | None, repair: Repairs | None) -> Iterator[Concept]:
    return read(path, repair)  # XML says its own encoding


def _write(path: Path, concepts: Iterable[Concept], options: TermbaseWriteOptions) -> int:
    return write(path, concepts, options.source)


FORMAT = TermbaseFormat("tbx", _read, _write)
