"""Filling an XLIFF file in place.

``XliffDocument`` keeps a whole file, comments and all, so that a file can be read, have targets filled
in segment by segment (``set_target``, with the match score and origin: 1.2 ``<alt-trans>``, 2.0
matches module), have the segments of a 2.0 unit joined and split (``join_segments``, ``split_segment``),
and be saved with everything else unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator, Sequence
from pathlib import Path

from lxml import etree

from memories.errors import InputError
from memories.formats._files import atomic_output
from memories.formats._xml import (
    line_of,
)
from memories.formats.xliff._common import MTC, NS20, _local, _ns, _q, _version
from memories.formats.xliff.check20 import check
from memories.formats.xliff.inline import _append_text, _code_point, _DataSink, _fill, _free_id, _plain
from memories.formats.xliff.reading import Segment, _parse, _segments
from memories.langs import normalize_tag, same_language


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

    def join_segments(self, segments: Sequence[Segment], keep_target: bool) -> str:
        """Join consecutive 2.0 ``segments`` of one unit into the first: their sources one after the other,
        the ``<ignorable>``s between them inside it (the unit's text stays the same); the others go, and so
        does any match of the matches module made for them. The first keeps its target only if
        ``keep_target`` (else it has none, to be set anew). Returns the joined segment's id."""
        elements = [self._element20(s) for s in segments]
        first, last = elements[0], elements[-1]
        unit = first.getparent()
        run = [first]
        node = first.getnext()
        while run[-1] is not last and node is not None:
            run.append(node)
            node = node.getnext()
        if run[-1] is not last or any(
            isinstance(e.tag, str) and e.tag != _q(NS20, "ignorable") and e not in elements for e in run[1:]
        ):
            raise ValueError("only consecutive segments of one unit join")
        source = first.find(_q(NS20, "source"))
        assert source is not None and unit is not None
        gone: list[str] = []
        for elem in run[1:]:
            if not isinstance(elem.tag, str):  # a comment between them stays where it was
                continue
            moved = elem.find(_q(NS20, "source"))
            if moved is not None:
                _append_text(source, moved.text or "")
                for child in list(moved):
                    source.append(child)  # with its tail
            if elem.get("id") is not None and elem.tag == _q(NS20, "segment"):
                gone.append(elem.get("id", ""))
            first.tail = elem.tail
            unit.remove(elem)
        if not keep_target:
            target = first.find(_q(NS20, "target"))
            if target is not None:
                first.remove(target)
            for attribute in ("state", "subState"):
                first.attrib.pop(attribute, "")
        _forget_matches(unit, gone)
        if first.get("id") is None:
            first.set("id", _free_id(unit, "s"))
        return first.get("id", "")

    def split_segment(self, segment: Segment, cuts: Sequence[tuple[int, int]]) -> list[str]:
        """Split a 2.0 ``segment`` into segments of its unit where its source has ``cuts`` before it (each:
        the characters of text and the inline codes before the cut, counted as the TMX inline markup counts
        them: a ``<pc>`` or ``<mrk>`` two, a ``<ph>``, ``<sc>`` or ``<ec>`` one). The codes move whole, with
        their ids and original data; the white space at each cut goes into an ``<ignorable>``; none of the
        segments has a target. A cut inside a ``<pc>`` or ``<mrk>`` raises ValueError. Returns their ids."""
        elem = self._element20(segment)
        unit = elem.getparent()
        source = elem.find(_q(NS20, "source"))
        assert unit is not None and source is not None
        pieces = _cut(source, list(cuts))
        between = [""]
        for piece in pieces:
            if piece and isinstance(piece[0], str):
                between[-1] += piece[0][: len(piece[0]) - len(piece[0].lstrip())]
                piece[0] = piece[0].lstrip()
            if piece and isinstance(piece[-1], str):
                between.append(piece[-1][len(piece[-1].rstrip()) :])
                piece[-1] = piece[-1].rstrip()
            else:
                between.append("")
        for child in list(elem):
            if child.tag != _q(NS20, "source"):
                elem.remove(child)
        for attribute in ("state", "subState"):
            elem.attrib.pop(attribute, "")
        _forget_matches(unit, [elem.get("id", "")])
        if elem.get("id") is None:
            elem.set("id", _free_id(unit, "s"))
        ids, anchor = [], elem
        if between[0]:
            _ignorable(elem, between[0], before=True)
        for n, piece in enumerate(pieces):
            if n:
                if between[n]:
                    anchor = _ignorable(anchor, between[n])
                new = etree.Element(_q(NS20, "segment"), id=_free_id(unit, "s"))
                inner = etree.SubElement(new, _q(NS20, "source"))
                # Laid out as the segment split: its indentation inside.
                new.text, inner.tail = elem.text, source.tail
                _insert_after(anchor, new)
                anchor = new
            holder = anchor.find(_q(NS20, "source"))
            assert holder is not None
            holder.text = None
            for item in piece:
                if isinstance(item, str):
                    _append_text(holder, item)
                else:
                    holder.append(item)  # moved from the segment split, tail cleared by _cut
            ids.append(anchor.get("id", ""))
        if between[-1]:
            _ignorable(anchor, between[-1])
        return ids

    def name_segment(self, segment: Segment) -> str:
        """The id of a 2.0 segment, given one free in its unit when it has none (before its unit's segments
        are joined or split, so that those after it are still found by id)."""
        elem = self._element20(segment)
        unit = elem.getparent()
        if elem.get("id") is None and unit is not None:
            elem.set("id", _free_id(unit, "s"))
        return elem.get("id", "")

    def _element20(self, segment: Segment) -> etree._Element:
        if self.version != "2.0" or segment.element is None:
            raise ValueError("only the segments of an XLIFF 2.0 document join and split")
        return segment.element

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


def can_resegment(segment: Segment) -> bool:
    """Whether a 2.0 segment may be joined or split: ``canResegment``, inherited from the segment's unit,
    group or file (default yes)."""
    node = segment.element
    while node is not None:
        value = node.get("canResegment")
        if value is not None:
            return value != "no"
        node = node.getparent()
    return True


def ignorable_before(segment: Segment) -> str | None:
    """The text of the ``<ignorable>``s between a 2.0 segment and the segment before it in its unit ("" when
    they touch); None for a unit's first segment."""
    texts: list[str] = []
    node = segment.element.getprevious() if segment.element is not None else None
    while node is not None:
        if node.tag == _q(NS20, "segment"):
            return "".join(reversed(texts))
        if node.tag == _q(NS20, "ignorable"):
            source = node.find(_q(NS20, "source"))
            texts.append(_plain(source) if source is not None else "")
        elif isinstance(node.tag, str):
            return None  # originalData, notes...: nothing before is a segment
        node = node.getprevious()
    return None


def _counts(code: etree._Element) -> tuple[int, int]:
    """The characters of text and the inline codes of a code element, as the TMX inline markup has them."""
    name = _local(code.tag)
    if not isinstance(code.tag, str) or name in ("sm", "em"):
        return 0, 0
    if name == "cp":
        return len(_code_point(code)), 0
    if name not in ("pc", "mrk"):
        return 0, 1
    chars, codes = len(code.text or ""), 2
    for child in code:
        inner = _counts(child)
        chars, codes = chars + inner[0] + len(child.tail or ""), codes + inner[1]
    return chars, codes


def _cut(source: etree._Element, cuts: list[tuple[int, int]]) -> list[list[str | etree._Element]]:
    """A source's content (its text and its code elements, taken out of it) in pieces at ``cuts``."""
    items: list[str | etree._Element] = [source.text or ""]
    source.text = None
    for child in list(source):
        tail, child.tail = child.tail or "", None
        source.remove(child)
        items.extend([child, tail])
    pieces: list[list[str | etree._Element]] = [[]]
    chars = codes = 0
    for item in items:
        if isinstance(item, str):
            rest = item
            while cuts and cuts[0][1] == codes and chars <= cuts[0][0] <= chars + len(rest):
                k = cuts.pop(0)[0] - chars
                pieces[-1].append(rest[:k])
                pieces.append([])
                rest, chars = rest[k:], chars + k
            pieces[-1].append(rest)
            chars += len(rest)
        else:
            pieces[-1].append(item)
            more = _counts(item)
            chars, codes = chars + more[0], codes + more[1]
    if cuts:
        raise ValueError(f"no cut at {cuts[0]}: a segment splits between its codes, never inside a <pc>")
    return [[i for i in piece if not isinstance(i, str) or i] for piece in pieces]


def _ignorable(anchor: etree._Element, text: str, before: bool = False) -> etree._Element:
    """An ``<ignorable>`` holding white space ``text``, after ``anchor`` (or before it)."""
    new = etree.Element(_q(NS20, "ignorable"))
    source = etree.SubElement(new, _q(NS20, "source"))
    source.text = text
    new.text, source.tail = anchor.text, anchor[0].tail if len(anchor) else None
    if before:
        previous = anchor.getprevious()
        holder = anchor.getparent()
        indent = previous.tail if previous is not None else holder.text if holder is not None else None
        anchor.addprevious(new)
        new.tail = indent
    else:
        _insert_after(anchor, new)
    return new


def _forget_matches(unit: etree._Element, ids: Sequence[str]) -> None:
    """Matches (matches module) of segments that are gone: their ``ref`` would point nowhere."""
    refs = {f"#{i}" for i in ids if i}
    matches = unit.find(_q(MTC, "matches"))
    if matches is None or not refs:
        return
    for match in list(matches):
        if match.get("ref") in refs:
            matches.remove(match)
    if not len(matches):
        unit.remove(matches)


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
