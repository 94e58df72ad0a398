"""Filling an XLIFF file in place.

``XliffDocument`` keeps a whole file, comments and all, so that a file can be read, have targets filled
in segment by segment (``set_target``, with the match score and origin: 1.2 ``<alt-trans>``, 2.0
matches module), and be saved with everything else unchanged.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from memories.errors import InputError
from memories.formats._files import atomic_output
from memories.formats._xml import (
    line_of,
)
from memories.formats.xliff._common import MTC, NS20, _ns, _q, _version
from memories.formats.xliff.check20 import check
from memories.formats.xliff.inline import _DataSink, _fill, _free_id, _plain
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
