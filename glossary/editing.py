"""A document in progress: its segments, statuses, confirm -> memory, repetitions, save, and statistics.

A document is any source of segments: a PO/POT catalogue (one entry, one segment), an XLIFF 1.2/2.0 file (one
trans-unit or segment), or a document the filters in ``memories.documents`` read (Word, HTML, Markdown, text).
Each source is an adapter with ``load`` and ``save``; the editor, QA and statistics see only ``EditSegment``s,
whose content is text and inline ``Code``s (``memories.documents.model``).

Confirming a segment stores its target at once as a translation unit in the memory (origin: the document,
position: the segment's number, changed by: the login name); confirming it again updates that unit, with
history, never adds another. What the translator did (targets, statuses, cursor) is kept in the workspace's
``editing_*`` tables, so reopening the document restores it even before the file is saved.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Any, Protocol
from xml.sax.saxutils import escape as xml_escape

import polib

from glossary.catalogues import header_language, newlines_as, save_catalogue
from glossary.user import current_user
from memories.documents import detect_document_format, get_filter
from memories.documents.model import (
    Code,
    CodeKind,
    Content,
    ExtractOptions,
    MergeOptions,
    compact,
    plain_text,
)
from memories.documents.segment import expand_joined
from memories.errors import GlossaryError, InputError, WorkspaceError
from memories.formats.po import gettext_locale, load_catalogue
from memories.formats.xliff import Segment as XliffSegment
from memories.formats.xliff import XliffDocument, can_resegment, ignorable_before
from memories.langs import normalize_tag, same_language
from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from memories.tokens import tokenize

__all__ = [
    "BANDS",
    "STATUSES",
    "CodeProblem",
    "ConfirmRefused",
    "DocumentStats",
    "EditSegment",
    "Editing",
    "SegmentStatus",
    "code_problems",
    "document_kind",
    "from_tagged",
    "match_band",
    "match_tagged",
    "open_document",
    "recent_documents",
    "to_tagged",
]


class SegmentStatus(StrEnum):
    """A segment's status (a StrEnum: stored and shown as these words)."""

    NEW = "new"
    """No target yet."""
    DRAFT = "draft"
    """A target not confirmed (a fuzzy match, an edit in progress)."""
    TRANSLATED = "translated"
    """Confirmed by the translator."""
    REVIEWED = "reviewed"
    """Confirmed by a reviewer."""
    LOCKED = "locked"
    """Not to be changed: the file says not to translate it (``translate="no"``, a PO plural entry), or a
    reviewer locked it (``EditSegment.locked_by``)."""


NEW, DRAFT, TRANSLATED, REVIEWED, LOCKED = SegmentStatus
STATUSES: tuple[str, ...] = tuple(s.value for s in SegmentStatus)
"""The statuses' words, in order (see ``SegmentStatus``)."""
DONE = frozenset({TRANSLATED, REVIEWED, LOCKED})
"""Statuses of segments that need no more work."""
BANDS = ("100", "95–99", "85–94", "75–84", "50–74", "no match")
"""Match bands of the statistics, best first (the pre-translation summary's)."""

_TAG = re.compile(r"\{(/?)(\d+)(/?)\}")


def match_band(score: int | None) -> str:
    if score is None or score < 50:
        return "no match"
    if score >= 100:
        return "100"
    for label, low in (("95–99", 95), ("85–94", 85), ("75–84", 75)):
        if score >= low:
            return label
    return "50–74"


class ConfirmRefused(GlossaryError):
    """A confirm the editor refuses, with the reason (a missing or broken inline code, a locked segment)."""


# ---------------------------------------------------------------------------------------------- inline codes


def to_tagged(content: Content) -> str:
    """Content as the editor shows it: codes as compact tags ``{1}`` ... ``{/1}`` and ``{2/}``."""
    parts = []
    for part in content:
        if isinstance(part, str):
            parts.append(part)
        elif part.kind is CodeKind.OPEN:
            parts.append(f"{{{part.id}}}")
        elif part.kind is CodeKind.CLOSE:
            parts.append(f"{{/{part.id}}}")
        else:
            parts.append(f"{{{part.id}/}}")
    return "".join(parts)


def _tag_of(code: Code) -> str:
    return to_tagged((code,))


def from_tagged(text: str, source: Content) -> Content:
    """Tagged text back to content: a tag naming one of the source's codes becomes that code; any other
    text in braces stays text (a PO ``{0}`` placeholder is text, not a code)."""
    codes = {_tag_of(part): part for part in source if isinstance(part, Code)}
    out: list[str | Code] = []
    at = 0
    for found in _TAG.finditer(text):
        code = codes.get(found.group(0))
        if code is None:
            continue
        if found.start() > at:
            out.append(text[at : found.start()])
        out.append(code)
        at = found.end()
    if at < len(text):
        out.append(text[at:])
    return compact(out)


@dataclass(frozen=True)
class CodeProblem:
    """What is wrong with a target's inline codes: ``missing``, ``extra``, ``broken`` (a pair closed before
    it opens) or ``order`` (the codes stand in another order than the source's: allowed, but shown)."""

    kind: str
    message: str

    @property
    def refuses(self) -> bool:
        return self.kind != "order"


def code_problems(source: Content, target: Content) -> list[CodeProblem]:
    """The inline-code problems of ``target`` against ``source``."""
    wanted = [_tag_of(p) for p in source if isinstance(p, Code)]
    have = [_tag_of(p) for p in target if isinstance(p, Code)]
    problems = []
    missing = [t for t in wanted if t not in have]
    if missing:
        problems.append(
            CodeProblem("missing", f"missing code{'s' if len(missing) > 1 else ''} {' '.join(missing)}")
        )
    extra = sorted({t for t in have if have.count(t) > wanted.count(t)})
    if extra:
        problems.append(
            CodeProblem("extra", f"code{'s' if len(extra) > 1 else ''} {' '.join(extra)} more than once")
        )
    opened: set[int] = set()
    for part in target:
        if isinstance(part, Code) and part.kind is CodeKind.OPEN:
            opened.add(part.id)
        elif isinstance(part, Code) and part.kind is CodeKind.CLOSE and part.id not in opened:
            problems.append(CodeProblem("broken", f"{{/{part.id}}} comes before {{{part.id}}}"))
    if not problems and have != wanted:
        problems.append(CodeProblem("order", f"codes in another order than the source: {' '.join(have)}"))
    return problems


# TMX inline markup (what the XLIFF reader and the memory keep) <-> content.
_TMX_PAIRS = {"bpt": CodeKind.OPEN, "ept": CodeKind.CLOSE}


def content_from_tmx(text: str, markup: str | None) -> Content:
    """A segment's content from its plain text and TMX 1.4 inline markup: each code keeps its own XML in
    ``Code.data`` so that it is written back exactly."""
    if markup is None:
        return (text,) if text else ()
    try:
        seg = ET.fromstring(f"<seg>{markup}</seg>")  # our own reader's output: no DTD, no entities
    except ET.ParseError:
        return (text,) if text else ()
    out: list[str | Code] = [seg.text or ""]
    numbers: dict[str, int] = {}
    counter = [0]

    def fresh() -> int:
        counter[0] += 1
        return counter[0]

    def walk(parent: ET.Element) -> None:
        for child in parent:
            tail, child.tail = child.tail, None
            if child.tag == "hi":
                # A highlighted span: its text is translatable, its tags are a pair of codes.
                number = fresh()
                # A type with a prefix of its own (an XLIFF 2.0 mrk's "my:type") would be written back as
                # "tmx:my:type", which the schema refuses: such a span is kept, its type dropped.
                attrs = "".join(
                    f' {k}="{xml_escape(v, {chr(34): "&quot;"})}"'
                    for k, v in child.attrib.items()
                    if not (k == "type" and ":" in v)
                )
                out.append(Code(CodeKind.OPEN, number, child.get("type", "hi"), f"<hi{attrs}>", "<hi>"))
                out.append(child.text or "")
                walk(child)
                out.append(Code(CodeKind.CLOSE, number, child.get("type", "hi"), "</hi>", "</hi>"))
            else:
                kind = _TMX_PAIRS.get(child.tag, CodeKind.STANDALONE)
                if kind is CodeKind.STANDALONE:
                    number = fresh()
                else:
                    key = child.get("i", "")
                    if key not in numbers:
                        numbers[key] = fresh()
                    number = numbers[key]
                native = "".join(child.itertext())
                out.append(
                    Code(kind, number, child.get("type", child.tag), ET.tostring(child, "unicode"), native)
                )
            out.append(tail or "")

    walk(seg)
    return compact(out)


def match_tagged(source: Content, matched: Variant, translation: Variant) -> str | None:
    """A memory match's translation as tagged text, with the segment's own codes where the match's codes stood,
    or None when that cannot be told: the matched unit kept no codes (markup), its source's codes are not the
    segment's one for one (the same kinds in the same order), or a code of its translation is not one of its
    source's (each told by its markup, which is the same on both sides of a unit this editor stored). A match
    of an earlier version of the document then comes back with its bold and links in place."""
    here = [part for part in source if isinstance(part, Code)]
    if not here or matched.markup is None or translation.markup is None:
        return None
    there = [part for part in content_from_tmx(matched.text, matched.markup) if isinstance(part, Code)]
    if [code.kind for code in there] != [code.kind for code in here]:
        return None
    ours: dict[str, Code] = {}
    for theirs, code in zip(there, here, strict=True):
        if theirs.data in ours:
            return None  # two codes written alike: which is which cannot be told
        ours[theirs.data] = code
    placed: list[str | Code] = []
    for part in content_from_tmx(translation.text, translation.markup):
        if isinstance(part, Code):
            if part.data not in ours:
                return None
            placed.append(ours[part.data])
        else:
            placed.append(part)
    content = compact(placed)
    if any(problem.kind != "order" for problem in code_problems(source, content)):
        return None
    return to_tagged(content)


def content_to_tmx(content: Content) -> str | None:
    """TMX inline markup of content whose codes came from ``content_from_tmx`` (None when it has no codes)."""
    if not any(isinstance(p, Code) for p in content):
        return None
    return "".join(xml_escape(p) if isinstance(p, str) else p.data for p in content)


def _document_tmx(content: Content) -> str | None:
    """TMX inline markup for a document filter's codes (their data is native markup, kept inside the code)."""
    if not any(isinstance(p, Code) for p in content):
        return None
    parts = []
    for p in content:
        if isinstance(p, str):
            parts.append(xml_escape(p))
        else:
            tag = {CodeKind.OPEN: "bpt", CodeKind.CLOSE: "ept", CodeKind.STANDALONE: "ph"}[p.kind]
            i = f' i="{p.id}"' if p.kind is not CodeKind.STANDALONE else f' x="{p.id}"'
            parts.append(f'<{tag}{i} type="{xml_escape(p.type)}">{xml_escape(p.data)}</{tag}>')
    return "".join(parts)


# ---------------------------------------------------------------------------------------------- segments


@dataclass(frozen=True)
class EditSegment:
    """One segment of a document in the editor."""

    number: int
    """1-based, in document order: what the translator jumps to and what the memory's position says."""
    key: str
    """The segment's identity in its file (a PO msgctxt+msgid, an XLIFF unit/segment id, a document
    segment id): how a reopened document finds what was done to it."""
    source: Content
    target: Content | None
    status: SegmentStatus
    score: int | None = None
    """The match score the segment started from (from the file, or the best match the editor found)."""
    line: int | None = None
    propagated: bool = False
    """The target was filled from an identical segment confirmed earlier (a repetition)."""
    unit_id: int | None = None
    """The memory unit that a confirm stored."""
    ignored: tuple[str, ...] = ()
    """QA finding kinds the translator chose to ignore for this segment."""
    note: str = ""
    locked_by: str | None = None
    """Who locked the segment as a reviewer (status locked, ``Editing.lock``); None for a segment its file
    locks, or one not locked."""

    @property
    def source_text(self) -> str:
        return plain_text(self.source)

    @property
    def target_text(self) -> str:
        return plain_text(self.target) if self.target is not None else ""

    @property
    def editable(self) -> bool:
        return self.status != LOCKED

    @property
    def needs_work(self) -> bool:
        return self.status not in DONE


@dataclass(frozen=True)
class Loaded:
    """What an adapter reads from a file."""

    segments: tuple[EditSegment, ...]
    source_lang: str
    target_lang: str | None


class Adapter(Protocol):
    """One kind of file the editor translates."""

    format: str
    joins: bool
    """Whether segments can be joined and split (a document's sentences can; a PO entry cannot)."""

    block: str
    """What holds segments that join (a document's ``paragraph``, an XLIFF 2.0 ``unit``), for messages."""

    def group(self, key: str) -> str | None:
        """The block (a document's paragraph) a segment belongs to: only segments of one block are joined."""
        ...

    def gap(self, key: str) -> str | None:
        """What the file holds between segment ``key`` and the one before it (an XLIFF 2.0 ``<ignorable>``'s
        text), kept inside a joined source; None where sentences join as their language writes them."""
        ...

    def load(self, path: Path, source: str, target: str) -> Loaded: ...

    def save(self, path: Path, segments: Sequence[EditSegment], target: str) -> Path: ...

    def markup(self, content: Content) -> str | None: ...


_PO_SUFFIXES = (".po", ".pot")
_XLIFF_SUFFIXES = (".xlf", ".xliff", ".xlf2", ".sdlxliff")


def document_kind(path: Path) -> str:
    """``po``, ``xliff`` or a document filter's name, from the file's name; InputError for anything else."""
    name = path.name.lower()
    if name.endswith(_PO_SUFFIXES):
        return "po"
    if name.endswith(_XLIFF_SUFFIXES):
        return "xliff"
    try:
        return detect_document_format(path)
    except InputError as exc:
        raise InputError(
            path, "the editor opens PO, XLIFF and documents (.docx, .html, .md, .txt)", hint=exc.hint
        ) from exc


def _adapter(kind: str) -> Adapter:
    if kind == "po":
        return _PoAdapter()
    if kind == "xliff":
        return _XliffAdapter()
    return _DocumentAdapter(kind)


# -- PO


def _po_key(context: str | None, msgid: str) -> str:
    return f"{context}\x04{msgid}" if context else msgid


_PO_SCORE = re.compile(r"glossary: (\d+)% match")


class _PoAdapter:
    format = "po"
    joins = False
    block = "entry"

    def group(self, key: str) -> str | None:
        return None

    def gap(self, key: str) -> str | None:
        return None

    def _catalogue(self, path: Path) -> polib.POFile:
        catalogue = load_catalogue(path, None)

        if not isinstance(catalogue, polib.POFile):
            raise InputError(path, "the editor opens PO and POT files, not compiled MO files")
        return catalogue

    def _entries(self, catalogue: polib.POFile) -> Iterator[polib.POEntry]:
        for entry in catalogue:
            if not entry.obsolete and entry.msgid:
                yield entry

    def load(self, path: Path, source: str, target: str) -> Loaded:
        catalogue = self._catalogue(path)
        header_language(path, catalogue, target)
        segments: list[EditSegment] = []
        for entry in self._entries(catalogue):
            if entry.msgid_plural:
                status, text = LOCKED, entry.msgstr_plural.get(0, "")
            else:
                text = entry.msgstr
                status = NEW if not text else DRAFT if "fuzzy" in entry.flags else TRANSLATED
            found = _PO_SCORE.search(entry.tcomment or "")
            segments.append(
                EditSegment(
                    number=len(segments) + 1,
                    key=_po_key(entry.msgctxt, entry.msgid),
                    source=(entry.msgid,),
                    target=(text,) if text else None,
                    status=status,
                    score=int(found.group(1)) if found else None,
                    line=entry.linenum or None,
                    note=entry.comment or "",
                )
            )
        return Loaded(tuple(segments), source, target)

    def save(self, path: Path, segments: Sequence[EditSegment], target: str) -> Path:
        catalogue = self._catalogue(path)
        by_key = {s.key: s for s in segments}
        for entry in self._entries(catalogue):
            segment = by_key.get(_po_key(entry.msgctxt, entry.msgid))
            if segment is None or segment.status == LOCKED or entry.msgid_plural:
                continue
            entry.msgstr = newlines_as(entry.msgid, segment.target_text) if segment.target else ""
            fuzzy = segment.status == DRAFT and bool(entry.msgstr)
            flags = [f for f in entry.flags if f != "fuzzy"]
            entry.flags = ["fuzzy", *flags] if fuzzy else flags
            if not fuzzy:
                entry.previous_msgid = None
                entry.previous_msgctxt = None
        if not catalogue.metadata.get("Language", "").strip():
            catalogue.metadata["Language"] = gettext_locale(target)
        save_catalogue(path, catalogue)
        return path

    def markup(self, content: Content) -> str | None:
        return None


# -- XLIFF

# XLIFF state <-> editor status. 1.2 keeps the state on <target>, 2.0 on <segment>.
_STATUS_12 = {
    "new": NEW,
    "needs-translation": NEW,
    "needs-adaptation": DRAFT,
    "needs-l10n": DRAFT,
    "needs-review-adaptation": DRAFT,
    "needs-review-l10n": DRAFT,
    "needs-review-translation": DRAFT,
    "translated": TRANSLATED,
    "signed-off": REVIEWED,
    "final": REVIEWED,
}
_STATE_12 = {DRAFT: "needs-review-translation", TRANSLATED: "translated", REVIEWED: "signed-off"}
_STATUS_20 = {"initial": DRAFT, "translated": TRANSLATED, "reviewed": REVIEWED, "final": REVIEWED}
_STATE_20 = {DRAFT: "initial", TRANSLATED: "translated", REVIEWED: "reviewed"}


def _xliff_key(unit_id: str, segment_id: str | None, n: int) -> str:
    return f"{unit_id}/{segment_id if segment_id is not None else f'#{n}'}"


class _XliffAdapter:
    """XLIFF 1.2 and 2.0. A 2.0 unit's segments join and split (the format allows it): the editor keys them
    as documents' sentences (``u1/s2+s3``, ``u1/s2@40``) and saving writes them as segments of the unit."""

    format = "xliff"
    block = "unit"

    def __init__(self) -> None:
        self.joins = False
        """True for an XLIFF 2.0 file (known once loaded): 1.2 trans-units are fixed."""
        self._gaps: dict[str, str] = {}
        self._fixed: set[str] = set()
        self.renamed: dict[str, str] = {}
        """Editor keys of joined and split segments -> the keys the file gives them since the last save."""

    def group(self, key: str) -> str | None:
        return key.rpartition("/")[0] if self.joins and "@" not in key else None

    def gap(self, key: str) -> str | None:
        return self._gaps.get(key)

    def fixed(self, key: str) -> bool:
        """Whether the file says not to join or split the segment (``canResegment="no"``)."""
        return key.partition("@")[0] in self._fixed

    def _keyed(self, doc: XliffDocument) -> Iterator[tuple[str, XliffSegment]]:
        counts: dict[str, int] = {}
        for segment in doc.segments():
            n = counts[segment.unit_id] = counts.get(segment.unit_id, 0) + 1
            yield _xliff_key(segment.unit_id, segment.id, n), segment

    def _segments(self, path: Path, target: str | None) -> Iterator[tuple[XliffDocument, str, XliffSegment]]:
        doc = XliffDocument.load(path)
        if target is not None:
            doc.set_target_language(target)
        for key, segment in self._keyed(doc):
            yield doc, key, segment

    def load(self, path: Path, source: str, target: str) -> Loaded:
        segments: list[EditSegment] = []
        source_lang = source
        self._gaps, self._fixed = {}, set()
        for doc, key, seg in self._segments(path, None):
            self.joins = doc.version == "2.0"
            if self.joins:
                gap = ignorable_before(seg)
                if gap is not None:
                    self._gaps[key] = gap
                if not can_resegment(seg):
                    self._fixed.add(key)
            source_lang = seg.source_lang
            if seg.target_lang is not None and not same_language(seg.target_lang, target):
                raise InputError(
                    path,
                    f"the file's target language is {seg.target_lang}, not {target}",
                    seg.line,
                    hint=f"give --target {seg.target_lang}",
                )
            has_target = seg.target is not None and bool(seg.target.strip())
            if not seg.translate:
                status = LOCKED
            elif not has_target:
                status = NEW
            elif _is12(seg):
                status = _STATUS_12.get(seg.state or "", TRANSLATED)
            else:
                status = _STATUS_20.get(seg.state or "", DRAFT)
            if seg.qualifier in ("fuzzy-match", "glossary:fuzzy") and status == TRANSLATED:
                status = DRAFT
            segments.append(
                EditSegment(
                    number=len(segments) + 1,
                    key=key,
                    source=content_from_tmx(seg.source, seg.source_markup),
                    target=content_from_tmx(seg.target, seg.target_markup)
                    if seg.target and has_target
                    else None,
                    status=status,
                    line=seg.line,
                    note="\n".join(seg.notes),
                )
            )
        if segments and not same_language(source_lang, source):
            raise InputError(
                path,
                f"the file's source language is {source_lang}, not {source}",
                hint=f"give --source {source_lang}",
            )
        return Loaded(tuple(segments), source_lang, target)

    def save(self, path: Path, segments: Sequence[EditSegment], target: str) -> Path:
        doc = XliffDocument.load(path)
        doc.set_target_language(target)
        self.renamed = self._reshape(doc, segments) if doc.version == "2.0" else {}
        by_key = {self.renamed.get(s.key, s.key): s for s in segments}
        for key, seg in self._keyed(doc):
            segment = by_key.get(key)
            if segment is None or segment.status in (LOCKED, NEW) or segment.target is None:
                continue
            old_target = content_from_tmx(seg.target, seg.target_markup) if seg.target else None
            old_status = _state_status(seg)
            if old_target == segment.target and old_status == segment.status:
                continue  # untouched: left exactly as the file had it
            doc.set_target(seg, segment.target_text, content_to_tmx(segment.target))
            _set_state(seg, segment.status)
        doc.save(path)
        return path

    def _reshape(self, doc: XliffDocument, segments: Sequence[EditSegment]) -> dict[str, str]:
        """Write the segments joined and split in the editor as segments of their units; returns their new
        keys. A segment the file no longer has as it was is left alone (the file changed under us)."""
        found = dict(self._keyed(doc))
        renamed: dict[str, str] = {}
        pieces: dict[str, list[EditSegment]] = {}
        # A segment without an id is known by its place in its unit, which a join or a split changes.
        touched = {s.key.rpartition("/")[0] for s in segments if "+" in s.key or "@" in s.key}
        for key, seg in list(found.items()):
            if seg.id is None and seg.unit_id in touched:
                renamed[key] = f"{seg.unit_id}/{doc.name_segment(seg)}"
                found[renamed[key]] = seg
        for s in segments:
            if "@" in s.key:
                pieces.setdefault(s.key.partition("@")[0], []).append(s)
            elif "+" in s.key:
                parts = [found.get(renamed.get(p, p)) for p in _parts(s.key, "/")]
                if all(p is not None for p in parts):
                    joined = doc.join_segments([p for p in parts if p is not None], s.target is not None)
                    renamed[s.key] = f"{s.key.rpartition('/')[0]}/{joined}"
        for whole, split in pieces.items():
            cut = found.get(renamed.get(whole, whole))
            if cut is None:
                continue
            content = content_from_tmx(cut.source, cut.source_markup)
            original = to_tagged(content)
            # Where each piece after the first begins: the text and the codes before it.
            before = [from_tagged(original[: int(p.key.partition("@")[2])], content) for p in split[1:]]
            ids = doc.split_segment(
                cut, [(len(plain_text(b)), sum(isinstance(x, Code) for x in b)) for b in before]
            )
            unit = cut.unit_id
            renamed.update({p.key: f"{unit}/{i}" for p, i in zip(split, ids, strict=True)})
        return renamed

    def markup(self, content: Content) -> str | None:
        return content_to_tmx(content)


def _is12(seg: XliffSegment) -> bool:
    return seg.element is not None and seg.element.tag.endswith("trans-unit")


def _state_status(seg: XliffSegment) -> str:
    if not seg.translate:
        return LOCKED
    if seg.target is None or not seg.target.strip():
        return NEW
    table = _STATUS_12 if _is12(seg) else _STATUS_20
    status = table.get(seg.state or "", TRANSLATED if _is12(seg) else DRAFT)
    if seg.qualifier in ("fuzzy-match", "glossary:fuzzy") and status == TRANSLATED:
        return DRAFT
    return status


def _set_state(seg: XliffSegment, status: SegmentStatus) -> None:
    """The file's own state for an editor status, replacing what ``set_target`` (made for pre-translation)
    wrote: a confirmed segment is translated, not an exact match awaiting its final state."""
    element = seg.element
    assert element is not None
    if _is12(seg):
        holder = next(c for c in element if isinstance(c.tag, str) and c.tag.endswith("target"))
        holder.set("state", _STATE_12[status])
        if "state-qualifier" in holder.attrib:
            del holder.attrib["state-qualifier"]
    else:
        element.set("state", _STATE_20[status])
        if "subState" in element.attrib:
            del element.attrib["subState"]


# -- documents (memories.documents filters)


class _DocumentAdapter:
    joins = True
    block = "paragraph"

    def __init__(self, kind: str) -> None:
        self.format = kind
        self.source_lang = "en"

    def group(self, key: str) -> str | None:
        block, dot, sentence = key.rpartition(".s")
        return block if dot and sentence.isdigit() else None

    def gap(self, key: str) -> str | None:
        return None

    def load(self, path: Path, source: str, target: str) -> Loaded:
        self.source_lang = source
        document = get_filter(self.format).extract(path, ExtractOptions(source_lang=source))
        segments = tuple(
            EditSegment(number=n, key=s.id, source=s.source, target=None, status=NEW)
            for n, s in enumerate(document.segments, 1)
        )
        return Loaded(segments, document.source_lang, target)

    def save(self, path: Path, segments: Sequence[EditSegment], target: str) -> Path:
        out = translated_path(path, target)
        translations: dict[str, Content] = {}
        pieces: dict[str, list[EditSegment]] = {}
        for s in segments:
            if "@" in s.key:
                pieces.setdefault(s.key.partition("@")[0], []).append(s)
            elif s.target is not None and s.status != NEW:
                translations[s.key] = s.target
        for key, parts in pieces.items():
            # A sentence split in the editor goes back as one: its pieces' targets (a piece not translated
            # yet keeps its source) one after the other.
            if any(p.target is not None and p.status != NEW for p in parts):
                texts = [p.target if p.target is not None and p.status != NEW else p.source for p in parts]
                translations[key] = compact(_concat(texts, target))
        translations = dict(expand_joined(translations))
        # The merge re-extracts the original with the rules it was extracted with, so the segment ids match.
        options = MergeOptions(target_lang=target, source_lang=self.source_lang)
        get_filter(self.format).merge(path, translations, out, options)
        return out

    def markup(self, content: Content) -> str | None:
        return _document_tmx(content)


def _concat(contents: Sequence[Content], lang: str) -> list[str | Code]:
    """Contents one after the other, as sentences of one paragraph: a space between them, none in Chinese or
    Japanese (whose sentences touch)."""
    cjk = lang.split("-")[0].lower() in ("zh", "ja", "yue")
    out: list[str | Code] = []
    for n, content in enumerate(contents):
        if n and not cjk:
            out.append(" ")
        out.extend(content)
    return out


def _parts(key: str, sep: str = ".") -> list[str]:
    """The sentence keys of a joined segment's key (``b2.s1+s2`` -> ``b2.s1``, ``b2.s2``; with ``sep`` "/", an
    XLIFF 2.0 unit's segments ``u1/s1+s2``); one for any other."""
    first, *more = key.split("+")
    block = first.rpartition(sep)[0]
    return [first, *(f"{block}{sep}{m}" for m in more)]


def _join_key(*keys: str, sep: str = ".") -> str:
    """The key of sentences joined, as the merge reads it (``memories.documents.segment.expand_joined``)."""
    parts = [p for k in keys for p in _parts(k, sep)]
    return "+".join([parts[0], *(p.rpartition(sep)[2] for p in parts[1:])])


def _top_code(content: Iterable[str | Code]) -> int:
    return max((p.id for p in content if isinstance(p, Code)), default=0)


_TMX_I = re.compile(r'^(<(?:bpt|ept)\b[^>]*?\bi=")(\d+)(")')


def _renumbered(content: Content, by: int) -> Content:
    """Content whose codes are numbered ``by`` higher (their TMX ``i`` too): the second of two XLIFF 2.0
    segments joined, whose codes the file numbers after the first's once they are one segment."""
    if not by:
        return content
    return tuple(
        replace(p, id=p.id + by, data=_TMX_I.sub(lambda m: f"{m[1]}{int(m[2]) + by}{m[3]}", p.data))
        if isinstance(p, Code)
        else p
        for p in content
    )


def _join_contents(
    adapter: Adapter,
    keys: Sequence[str],
    sources: Sequence[Content],
    targets: Sequence[Content | None],
    langs: tuple[str, str],
) -> tuple[Content, Content | None]:
    """The source and target of segments ``keys`` joined: a document's sentences with a space between them
    (none in Chinese or Japanese); an XLIFF 2.0 unit's segments with what the file holds between them (its
    ``<ignorable>``s) in the source, codes numbered on as the file will number them."""
    gaps = [adapter.gap(_parts(k, "/")[0]) for k in keys[1:]]
    kept: list[Content] = [t for t in targets if t is not None]
    if any(g is None for g in gaps):
        source = compact(_concat(sources, langs[0]))
    else:
        out: list[str | Code] = list(sources[0])
        kept = [targets[0]] if targets[0] is not None else []
        for gap, src, tgt in zip(gaps, sources[1:], targets[1:], strict=True):
            by = _top_code(out)
            out.extend([gap or "", *_renumbered(src, by)])
            if tgt is not None:
                kept.append(_renumbered(tgt, by))
        source = compact(out)
    return source, (compact(_concat(kept, langs[1])) if kept else None)


def _recoded(target: Content | None, old: Content, new: Content) -> Content | None:
    """``target`` with the codes of source ``old`` replaced by those of ``new`` (the same codes, numbered
    anew), one for one in order; unchanged when the two sources' codes differ in number or kind."""
    before = [p for p in old if isinstance(p, Code)]
    after = [p for p in new if isinstance(p, Code)]
    if (
        target is None
        or len(before) != len(after)
        or any(a.kind != b.kind for a, b in zip(before, after, strict=True))
    ):
        return target
    codes = {(a.kind, a.id): b for a, b in zip(before, after, strict=True)}
    return tuple(codes.get((p.kind, p.id), p) if isinstance(p, Code) else p for p in target)


def _inside_tag(tagged: str, at: int) -> bool:
    return any(found.start() < at < found.end() for found in _TAG.finditer(tagged))


def _piece(original: Content, start: int, end: int | None) -> Content:
    """The piece of a sentence split in the editor: its source (codes as tags) from ``start`` to ``end``,
    white space at the cut left out."""
    return from_tagged(to_tagged(original)[start:end].strip(), original)


def _pieces(keys: Iterable[str], whole: str) -> list[int]:
    """Where the pieces of sentence ``whole`` start (offsets into its tagged source), in order."""
    return sorted(int(k.partition("@")[2]) for k in keys if k.partition("@")[0] == whole and "@" in k)


def _laid_out(
    loaded: Sequence[EditSegment], keys: Iterable[str], adapter: Adapter, langs: tuple[str, str]
) -> list[EditSegment]:
    """The file's segments joined and split as the workspace remembers (``keys`` of the segments it holds):
    what a translator joined or split is so again when the document is reopened."""
    sep = "/" if adapter.format == "xliff" else "."
    keys = [k for k in keys if "+" in k or "@" in k]
    if not keys:
        return list(loaded)
    index = {s.key: i for i, s in enumerate(loaded)}
    joins: dict[str, tuple[str, list[str]]] = {}
    for key in keys:
        parts = _parts(key, sep)
        if "+" in key and all(p in index for p in parts):
            at = [index[p] for p in parts]
            if at == list(range(at[0], at[0] + len(at))):
                joins[parts[0]] = (key, parts)
    out: list[EditSegment] = []
    i = 0
    while i < len(loaded):
        segment = loaded[i]
        if segment.key in joins:
            key, parts = joins[segment.key]
            sources = [loaded[index[p]].source for p in parts]
            source = _join_contents(adapter, parts, sources, [None] * len(parts), langs)[0]
            out.append(EditSegment(0, key, source, None, NEW, line=segment.line, note=segment.note))
            i += len(parts)
            continue
        starts = _pieces(keys, segment.key)
        if starts and starts[0] == 0 and segment.status != LOCKED:
            for start, end in zip(starts, [*starts[1:], None], strict=True):
                piece = _piece(segment.source, start, end)
                out.append(EditSegment(0, f"{segment.key}@{start}", piece, None, NEW, line=segment.line))
        else:
            out.append(segment)
        i += 1
    return [replace(s, number=n) for n, s in enumerate(out, 1)]


def translated_path(path: Path, target: str) -> Path:
    """Where a translated document is written: beside the original, the target language before the suffix
    (``statement.docx`` -> ``statement.zh-CN.docx``); the original is never overwritten."""
    return path.with_name(f"{path.stem}.{target}{path.suffix}")


# ---------------------------------------------------------------------------------------------- statistics


@dataclass(frozen=True)
class DocumentStats:
    """Segments and words by status and by match band."""

    segments: int
    words: int
    by_status: tuple[tuple[str, int, int], ...]
    """(status, segments, words) for each status."""
    by_band: tuple[tuple[str, int, int], ...]
    """(band, segments, words) for each match band."""


def _words(text: str, lang: str) -> int:
    return sum(1 for token in tokenize(text, lang) if any(ch.isalnum() for ch in token))


def _stats(segments: Sequence[EditSegment], lang: str) -> DocumentStats:
    status: dict[str, list[int]] = {s: [0, 0] for s in STATUSES}
    band: dict[str, list[int]] = {b: [0, 0] for b in BANDS}
    total = 0
    for segment in segments:
        words = _words(segment.source_text, lang)
        total += words
        status[segment.status][0] += 1
        status[segment.status][1] += words
        label = "100" if segment.propagated else match_band(segment.score)
        band[label][0] += 1
        band[label][1] += words
    return DocumentStats(
        len(segments),
        total,
        tuple((k, v[0], v[1]) for k, v in status.items()),
        tuple((k, v[0], v[1]) for k, v in band.items()),
    )


# ---------------------------------------------------------------------------------------------- the session


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class Recent:
    """A document the workspace remembers (the workbench's recent documents)."""

    path: str
    format: str
    source_lang: str
    target_lang: str
    segments: int
    done: int
    changed_at: str


def recent_documents(ws: Workspace, limit: int = 10) -> list[Recent]:
    rows = ws.connection.execute(
        "SELECT d.path, d.format, d.source_lang, d.target_lang, d.changed_at,"
        " (SELECT count(*) FROM editing_segment s WHERE s.document_id = d.id),"
        " (SELECT count(*) FROM editing_segment s WHERE s.document_id = d.id"
        "   AND s.status IN ('translated', 'reviewed', 'locked'))"
        " FROM editing_document d ORDER BY d.changed_at DESC, d.id DESC LIMIT ?",
        (limit,),
    ).fetchall()
    return [Recent(r[0], r[1], r[2], r[3], r[5], r[6], r[4]) for r in rows]


@dataclass
class Editing:
    """A document open in the editor: its segments, where the translator is, and what is unsaved.

    >>> doc = open_document(ws, Path("statement.po"), "en", "zh-CN")
    >>> doc.confirm(3, "安全理事会")
    >>> doc.save()
    """

    ws: Workspace
    path: Path
    adapter: Adapter
    source_lang: str
    target_lang: str
    segments: list[EditSegment]
    document_id: int
    cursor: int = 0
    """0-based index of the current segment."""
    dirty: bool = False
    """Targets or statuses changed since the file was last saved."""
    who: str = field(default_factory=current_user)
    """Who confirms: ``--user``, else ``$GLOSSARY_USER``, else the login name (glossary.user)."""
    _origin_id: int | None = None
    _originals: dict[str, Content] = field(default_factory=dict)
    """The sources of the file's own segments by key: what joined and split segments are made of."""
    _file_locks: frozenset[str] = frozenset()
    """The keys of the segments the file locks (a reviewer may have locked one too before the file did)."""

    # -- reading

    @property
    def format(self) -> str:
        return self.adapter.format

    @property
    def current(self) -> EditSegment:
        return self.segments[self.cursor]

    def segment(self, number: int) -> EditSegment:
        if not 1 <= number <= len(self.segments):
            raise IndexError(f"no segment {number} (the document has {len(self.segments)})")
        return self.segments[number - 1]

    def stats(self) -> DocumentStats:
        return _stats(self.segments, self.source_lang)

    def next_needing_work(self, after: int | None = None) -> int | None:
        """The index of the next segment after ``after`` (default: the cursor) that needs work, wrapping
        round to the start; None when every segment is done."""
        start = self.cursor if after is None else after
        count = len(self.segments)
        for step in range(1, count + 1):
            i = (start + step) % count
            if self.segments[i].needs_work:
                return i
        return None

    def markup(self, content: Content) -> str | None:
        return self.adapter.markup(content)

    # -- changing

    def move(self, index: int) -> None:
        """Put the cursor on segment ``index`` (0-based); remembered in the workspace at once."""
        self.cursor = max(0, min(index, len(self.segments) - 1))
        with self.ws.atomic() as conn:
            conn.execute(
                "UPDATE editing_document SET cursor = ?, changed_at = ? WHERE id = ?",
                (self.cursor, _now(), self.document_id),
            )

    def set_score(self, number: int, score: int | None) -> None:
        """Remember the best match score a segment had when it was first looked up (what it started from)."""
        segment = self.segment(number)
        if segment.score is None and score is not None and segment.status == NEW:
            self._put(replace(segment, score=score), dirty=False)  # nothing the file holds has changed

    def draft(self, number: int, tagged: str) -> EditSegment:
        """Keep a target typed but not confirmed (status draft): inline codes are not checked yet."""
        segment = self._editable(number)
        content = from_tagged(tagged, segment.source)
        status = segment.status if segment.status != NEW else DRAFT
        if not plain_text(content).strip() and not any(isinstance(p, Code) for p in content):
            return segment
        return self._put(replace(segment, target=content, status=status, propagated=False))

    def confirm(self, number: int, tagged: str, status: str = TRANSLATED) -> list[int]:
        """Confirm segment ``number`` with ``tagged`` (its target, codes as tags): stored in the document and
        in the memory at once; identical segments still needing work are filled from it (repetitions).
        Returns the numbers of the segments so filled. Raises ``ConfirmRefused`` with the reason for a target
        whose codes are missing or broken, an empty target, or a locked segment."""
        if status not in (TRANSLATED, REVIEWED):
            raise ValueError(f"confirm as translated or reviewed, not {status}")
        segment = self._editable(number)
        content = from_tagged(tagged, segment.source)
        if not plain_text(content).strip():
            raise ConfirmRefused(f"segment {number}: the target is empty")
        refusing = [p.message for p in code_problems(segment.source, content) if p.refuses]
        if refusing:
            raise ConfirmRefused(f"segment {number}: {'; '.join(refusing)}")
        filled: list[int] = []
        with self.ws.atomic():
            unit_id = self._remember(segment, content, status)
            confirmed = SegmentStatus(status)
            self._put(replace(segment, target=content, status=confirmed, propagated=False, unit_id=unit_id))
            for other in self.segments:
                if (
                    other.number != number
                    and other.source == segment.source
                    and other.editable
                    and (other.status in (NEW, DRAFT) or other.propagated)
                ):
                    self._put(replace(other, target=content, status=TRANSLATED, propagated=True))
                    filled.append(other.number)
        return filled

    def set_status(self, number: int, status: str) -> EditSegment:
        if status not in STATUSES or status == LOCKED:
            raise ValueError(f"unknown status {status}")
        return self._put(replace(self._editable(number), status=SegmentStatus(status)))

    def file_locks(self, segment: EditSegment) -> bool:
        """Whether the segment's file says not to translate it (a lock no one takes back in the editor)."""
        return segment.status == LOCKED and (segment.locked_by is None or segment.key in self._file_locks)

    def why_locked(self, segment: EditSegment) -> str:
        """Which lock holds a locked segment, as the refusal of an edit says it."""
        if self.file_locks(segment):
            return f"segment {segment.number} is locked (the file says not to translate it)"
        return f"segment {segment.number} is locked by {segment.locked_by} (reviewer)"

    def lock(self, number: int) -> EditSegment:
        """Lock a confirmed segment (translated or reviewed) as a reviewer's sign-off: every edit is refused
        until a reviewer unlocks it, and saving writes it as reviewed. Raises ``ConfirmRefused`` with the
        reason for a segment not confirmed or already locked; a team workspace refuses a translator's lock
        (``memories.errors.ReviewerOnlyError``), the segment left as it was."""
        segment = self.segment(number)
        if segment.status == LOCKED:
            raise ConfirmRefused(f"{self.why_locked(segment)} already")
        if segment.status not in (TRANSLATED, REVIEWED):
            raise ConfirmRefused(
                f"segment {number} is {segment.status}: only a confirmed segment (translated or reviewed) is "
                "locked; confirm it first"
            )
        # The file says reviewed for a lock: only a translated segment's state there changes.
        return self._put(
            replace(segment, status=LOCKED, locked_by=self.who), dirty=segment.status != REVIEWED
        )

    def unlock(self, number: int) -> EditSegment:
        """Take a reviewer's lock back: the segment is reviewed again (the lock was a reviewer's sign-off). A
        segment its file locks stays locked (``ConfirmRefused``); a team workspace refuses a translator's
        unlock (``memories.errors.ReviewerOnlyError``)."""
        segment = self.segment(number)
        if segment.status != LOCKED:
            raise ConfirmRefused(f"segment {number} is not locked")
        if self.file_locks(segment):
            raise ConfirmRefused(
                f"segment {number} is locked by its file (not to translate): it cannot be unlocked"
            )
        # Reviewed, as the file already says of a locked segment: nothing there to save.
        return self._put(replace(segment, status=REVIEWED, locked_by=None), dirty=False)

    def ignore(self, number: int, kind: str) -> EditSegment:
        """Ignore QA findings of ``kind`` for this segment from now on."""
        segment = self.segment(number)
        if kind in segment.ignored:
            return segment
        return self._put(replace(segment, ignored=(*segment.ignored, kind)), dirty=False)

    def replace_in_targets(self, find: str, by: str, numbers: Iterable[int] | None = None) -> list[int]:
        """Replace ``find`` by ``by`` in the targets (of ``numbers``, default all editable ones); the changed
        segments become drafts to confirm again. Returns their numbers. Codes are never touched."""
        changed = []
        wanted = set(numbers) if numbers is not None else None
        with self.ws.atomic():
            for segment in list(self.segments):
                if segment.target is None or not segment.editable:
                    continue
                if wanted is not None and segment.number not in wanted:
                    continue
                new = compact(p.replace(find, by) if isinstance(p, str) else p for p in segment.target)
                if new != segment.target:
                    self._put(replace(segment, target=new, status=DRAFT, propagated=False))
                    changed.append(segment.number)
        return changed

    # -- joining and splitting

    def join(self, number: int) -> EditSegment:
        """Join segment ``number`` with the next one into one segment (two sentences of one paragraph of a
        document, or two pieces of a sentence split before); raises ``ConfirmRefused`` with the reason where the
        file does not allow it. The joined segment keeps what both targets held, as a draft."""
        first = self._editable(number)
        if not self.adapter.joins:
            raise ConfirmRefused(
                f"a {self.format.upper()} file's segments are fixed by the file: they cannot join"
            )
        if number >= len(self.segments):
            raise ConfirmRefused(f"segment {number} is the last one: there is nothing after it to join")
        second = self._editable(number + 1)
        whole_a, whole_b = first.key.partition("@")[0], second.key.partition("@")[0]
        if "@" in first.key or "@" in second.key:
            if whole_a != whole_b:
                raise ConfirmRefused(
                    f"segments {number} and {number + 1} are pieces of different sentences: join the pieces "
                    "of each sentence first"
                )
            # The pieces of one sentence become one piece, or the whole sentence again.
            starts = _pieces((s.key for s in self.segments), whole_a)
            start = int(first.key.partition("@")[2])
            after = [x for x in starts if x > int(second.key.partition("@")[2])]
            key = whole_a if len(starts) == 2 else f"{whole_a}@{start}"
            piece_source = (
                self._originals[whole_a]
                if key == whole_a
                else _piece(self._originals[whole_a], start, after[0] if after else None)
            )
        else:
            last_a = _parts(first.key, self._sep)[-1]
            group_a, group_b = self.adapter.group(last_a), self.adapter.group(second.key)
            block = self.adapter.block
            if self._fixed(last_a) or self._fixed(second.key):
                raise ConfirmRefused(
                    f"segments {number} and {number + 1}: the file says not to resegment them (canResegment)"
                )
            if group_a is None or group_a != group_b:
                raise ConfirmRefused(
                    f"segments {number} and {number + 1} are in different {block}s: only segments of one "
                    f"{block} join"
                )
            key = _join_key(first.key, second.key, sep=self._sep)
            piece_source = None
        codes_a = {(p.kind, p.id) for p in first.source if isinstance(p, Code)}
        # An XLIFF unit numbers its codes once for all its segments: the joined segment numbers them on.
        if self.format != "xliff" and any(
            (p.kind, p.id) in codes_a for p in second.source if isinstance(p, Code)
        ):
            raise ConfirmRefused(
                f"segments {number} and {number + 1} number their codes alike: they cannot join"
            )
        source, target = _join_contents(
            self.adapter,
            [first.key, second.key],
            [first.source, second.source],
            [first.target, second.target],
            (self.source_lang, self.target_lang),
        )
        if piece_source is not None:
            source = piece_source
        joined = EditSegment(
            number, key, source, target, DRAFT if target is not None else NEW,
            line=first.line, note=first.note,
        )  # fmt: skip
        self._relayout(number - 1, 2, [joined])
        return joined

    def split(self, number: int, at: int) -> tuple[EditSegment, EditSegment]:
        """Split segment ``number`` in two where its source (codes as tags) has ``at`` characters before the
        cut; the two pieces are new. A joined segment splits only where its sentences were joined."""
        segment = self._editable(number)
        if not self.adapter.joins:
            raise ConfirmRefused(
                f"a {self.format.upper()} file's segments are fixed by the file: they cannot split"
            )
        if self._fixed(segment.key):
            raise ConfirmRefused(f"segment {number}: the file says not to resegment it (canResegment)")
        tagged = to_tagged(segment.source)
        if _inside_tag(tagged, at):
            raise ConfirmRefused(f"segment {number}: the cut is inside a code tag")
        left_text, right_text = tagged[:at], tagged[at:]
        if not left_text.strip() or not right_text.strip():
            raise ConfirmRefused(
                f"segment {number}: put the cursor inside the source (alt+c copies it), where it should break"
            )
        left, right = (
            from_tagged(left_text.rstrip(), segment.source),
            from_tagged(right_text.strip(), segment.source),
        )
        opened = {p.id for p in left if isinstance(p, Code) and p.kind is CodeKind.OPEN}
        if any(isinstance(p, Code) and p.kind is CodeKind.CLOSE and p.id in opened for p in right):
            raise ConfirmRefused(
                f"segment {number}: the cut is inside the code pair of the source (an inline code's span, "
                "an XLIFF <pc>): put the cursor before it opens or after it closes"
            )
        parts = _parts(segment.key, self._sep)
        if len(parts) > 1:
            cuts = [len(to_tagged(self._original_source(parts[: i + 1]))) for i in range(len(parts) - 1)]
            sep = len(tagged) - len(to_tagged(self._original_source(parts)))
            where = [i for i, c in enumerate(cuts) if c <= at <= c + max(sep, 0) + 1]
            if not where:
                raise ConfirmRefused(
                    f"segment {number} joins sentences: it splits only where they were joined"
                )
            i = where[0] + 1
            keys = (_join_key(*parts[:i], sep=self._sep), _join_key(*parts[i:], sep=self._sep))
            if self.format == "xliff":
                # The segments the file had: their own sources, codes numbered as the file numbers them.
                left, right = self._original_source(parts[:i]), self._original_source(parts[i:])
        else:
            whole, _, start = segment.key.partition("@")
            original = to_tagged(self._originals[whole])
            offset = int(start or 0)
            offset += len(original[offset:]) - len(
                original[offset:].lstrip()
            )  # where the piece's text begins
            right_at = offset + at + len(right_text) - len(right_text.lstrip())
            keys = (f"{whole}@{int(start or 0)}", f"{whole}@{right_at}")
            left = _piece(self._originals[whole], int(start or 0), right_at)
            right = _piece(
                self._originals[whole], right_at, None if not start else self._next_piece(whole, start)
            )
        pieces = (
            EditSegment(number, keys[0], left, None, NEW, line=segment.line, note=segment.note),
            EditSegment(number + 1, keys[1], right, None, NEW, line=segment.line),
        )
        self._relayout(number - 1, 1, list(pieces))
        return pieces

    def _next_piece(self, whole: str, start: str) -> int | None:
        after = [x for x in _pieces((s.key for s in self.segments), whole) if x > int(start)]
        return after[0] if after else None

    def _original_source(self, keys: Sequence[str]) -> Content:
        """The source that joining ``keys`` (whole sentences) gives, as ``join`` makes it."""
        found = [self._originals[k] for k in keys]
        langs = (self.source_lang, self.target_lang)
        return _join_contents(self.adapter, keys, found, [None] * len(found), langs)[0]

    @property
    def _sep(self) -> str:
        """What separates a block from its segment in a key: ``b2.s1`` (documents), ``u1/s1`` (XLIFF)."""
        return "/" if self.format == "xliff" else "."

    def _fixed(self, key: str) -> bool:
        return isinstance(self.adapter, _XliffAdapter) and self.adapter.fixed(key)

    def _relayout(self, start: int, count: int, new: list[EditSegment]) -> None:
        """Replace ``count`` segments from index ``start`` by ``new``; every segment is numbered again, and the
        workspace forgets the replaced ones and remembers the new ones (so reopening lays them out alike)."""
        gone = self.segments[start : start + count]
        self.segments[start : start + count] = new
        self.segments = [replace(s, number=n) for n, s in enumerate(self.segments, 1)]
        with self.ws.atomic() as conn:
            conn.executemany(
                "DELETE FROM editing_segment WHERE document_id = ? AND key = ?",
                [(self.document_id, s.key) for s in gone],
            )
            conn.execute(
                "UPDATE editing_segment SET number = number + ? WHERE document_id = ? AND number > ?",
                (len(new) - count, self.document_id, start + count),
            )
            for segment in self.segments[start : start + len(new)]:
                self._put(segment)
        if self.cursor > start:
            self.cursor = max(start, self.cursor + len(new) - count)

    def save(self) -> Path:
        """Write the document in its own format (a temporary file, then renamed); returns the path written
        (a translated document goes beside the original)."""
        # A reviewer's lock is a sign-off: the file has it as reviewed (XLIFF signed-off / reviewed).
        written = self.adapter.save(
            self.path,
            [
                replace(s, status=REVIEWED) if s.status == LOCKED and not self.file_locks(s) else s
                for s in self.segments
            ],
            self.target_lang,
        )
        self.dirty = False
        with self.ws.atomic() as conn:
            conn.execute("UPDATE editing_document SET dirty = 0 WHERE id = ?", (self.document_id,))
        if isinstance(self.adapter, _XliffAdapter) and self.adapter.renamed:
            self._resync(self.adapter.renamed)
        return written

    def _resync(self, renamed: dict[str, str]) -> None:
        """After a save that wrote joined and split XLIFF segments as segments of the file: each is known by
        its new key and its source as the file now reads (codes numbered anew), so reopening finds it."""
        fresh = {s.key: s for s in self.adapter.load(self.path, self.source_lang, self.target_lang).segments}
        with self.ws.atomic() as conn:
            for segment in list(self.segments):
                now = fresh.get(renamed.get(segment.key, ""))
                if now is None:
                    continue
                # Renamed in place rather than deleted and added again: a team workspace lets only a
                # reviewer delete a segment a reviewer locked.
                if now.key != segment.key:
                    conn.execute(
                        "DELETE FROM editing_segment WHERE document_id = ? AND key = ?",
                        (self.document_id, now.key),
                    )
                    conn.execute(
                        "UPDATE editing_segment SET key = ? WHERE document_id = ? AND key = ?",
                        (now.key, self.document_id, segment.key),
                    )
                target = _recoded(segment.target, segment.source, now.source)
                self._put(replace(segment, key=now.key, source=now.source, target=target), dirty=False)
        self._originals = {s.key: s.source for s in fresh.values()}
        self._file_locks = frozenset(s.key for s in fresh.values() if s.status == LOCKED)

    def close(self) -> None:
        """Nothing to release but the cursor's last position, which is already stored."""

    # -- internals

    def _editable(self, number: int) -> EditSegment:
        segment = self.segment(number)
        if not segment.editable:
            raise ConfirmRefused(self.why_locked(segment))
        return segment

    def _put(self, segment: EditSegment, dirty: bool = True) -> EditSegment:
        """Store ``segment`` in the workspace, then in the document: a write the workspace refuses (a team
        workspace's reviewer-only lock) leaves the segment as it was."""
        now_dirty = self.dirty or dirty
        with self.ws.atomic() as conn:
            conn.execute(
                "INSERT INTO editing_segment(document_id, key, number, source, target, status, score,"
                " propagated, unit_id, ignored, locked_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(document_id, key) DO UPDATE SET number = excluded.number,"
                " source = excluded.source, target = excluded.target, status = excluded.status,"
                " score = excluded.score, propagated = excluded.propagated, unit_id = excluded.unit_id,"
                " ignored = excluded.ignored, locked_by = excluded.locked_by",
                (
                    self.document_id, segment.key, segment.number, to_tagged(segment.source),
                    to_tagged(segment.target) if segment.target is not None else None, segment.status,
                    segment.score, int(segment.propagated), segment.unit_id, json.dumps(list(segment.ignored)),
                    segment.locked_by,
                ),
            )  # fmt: skip
            conn.execute(
                "UPDATE editing_document SET changed_at = ?, dirty = ? WHERE id = ?",
                (_now(), int(now_dirty), self.document_id),
            )
        self.segments[segment.number - 1] = segment
        self.dirty = now_dirty
        return segment

    def _origin(self) -> int:
        if self._origin_id is None:
            row = self.ws.connection.execute(
                "SELECT origin_id FROM editing_document WHERE id = ?", (self.document_id,)
            ).fetchone()
            origin_id: int | None = row[0] if row else None
            exists = (
                origin_id is not None
                and self.ws.connection.execute("SELECT 1 FROM origin WHERE id = ?", (origin_id,)).fetchone()
            )
            if origin_id is None or not exists:
                origin_id = self.ws.add_origin(str(self.path), self.format)
                self.ws.connection.execute(
                    "UPDATE editing_document SET origin_id = ? WHERE id = ?", (origin_id, self.document_id)
                )
            self._origin_id = origin_id
        return self._origin_id

    def _remember(self, segment: EditSegment, content: Content, status: str) -> int | None:
        """Store a confirmed target in the memory: a new unit the first time, an edit of it afterwards."""
        text = plain_text(content)
        if segment.unit_id is not None and self.ws.unit(segment.unit_id) is not None:
            # Another unit may already hold exactly this pair: the memory has it then; ours stays as it was.
            with suppress(WorkspaceError):
                self.ws.update_variant(
                    segment.unit_id, self.target_lang, text, by=self.who, markup=self.markup(content)
                )
            return segment.unit_id
        now = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        unit = TranslationUnit(
            (
                Variant(self.source_lang, segment.source_text, self.markup(segment.source)),
                Variant(self.target_lang, text, self.markup(content)),
            ),
            position=segment.number,
            status="translated" if status in (TRANSLATED, REVIEWED) else "review",
            srclang=self.source_lang,
            created_at=now,
            created_by=self.who,
            changed_at=now,
            changed_by=self.who,
            props=(("x-segment", segment.key),),
        )
        return self.ws.add_unit(unit, self._origin())


def open_document(
    ws: Workspace, path: Path, source: str = "en", target: str = "zh-CN", kind: str | None = None
) -> Editing:
    """Open ``path`` for translation; what was done to it before in this workspace (targets, statuses,
    cursor) is restored over what the file holds. Raises InputError for a file it cannot read."""
    source, target = normalize_tag(source), normalize_tag(target)
    path = path.expanduser().resolve()
    if not path.is_file():
        raise InputError(path, "no such file", hint="give the path of a PO, XLIFF or document file")
    adapter = _adapter(kind or document_kind(path))
    loaded = adapter.load(path, source, target)
    if not loaded.segments:
        raise InputError(path, "the file has no segments to translate")
    with ws.atomic() as conn:
        row = conn.execute("SELECT id, cursor FROM editing_document WHERE path = ?", (str(path),)).fetchone()
        if row is None:
            inserted = conn.execute(
                "INSERT INTO editing_document(path, format, source_lang, target_lang, cursor, opened_at,"
                " changed_at) VALUES (?, ?, ?, ?, 0, ?, ?) RETURNING id",
                (str(path), adapter.format, loaded.source_lang, target, _now(), _now()),
            ).fetchone()
            document_id, cursor = int(inserted[0]), 0
        else:
            document_id, cursor = int(row[0]), int(row[1])
            conn.execute(
                "UPDATE editing_document SET opened_at = ?, changed_at = ?, target_lang = ? WHERE id = ?",
                (_now(), _now(), target, document_id),
            )
        saved = {
            r[0]: r[1:]
            for r in conn.execute(
                "SELECT key, source, target, status, score, propagated, unit_id, ignored, number, locked_by"
                " FROM editing_segment WHERE document_id = ?",
                (document_id,),
            )
        }
        dirty_row = conn.execute("SELECT dirty FROM editing_document WHERE id = ?", (document_id,)).fetchone()
    langs = (loaded.source_lang, target)
    laid_out = _laid_out(loaded.segments, saved, adapter, langs) if adapter.joins else loaded.segments
    segments = [_restored(s, saved.get(s.key)) for s in laid_out]
    editing = Editing(
        ws, path, adapter, loaded.source_lang, target, segments, document_id,
        cursor=min(cursor, len(segments) - 1), dirty=bool(dirty_row and dirty_row[0]),
        _originals={s.key: s.source for s in loaded.segments},
        _file_locks=frozenset(s.key for s in loaded.segments if s.status == LOCKED),
    )  # fmt: skip
    return editing


def _restored(segment: EditSegment, row: tuple[Any, ...] | None) -> EditSegment:
    """A segment as the file has it, with what the workspace remembers of it (when its source is the same)."""
    if row is None:
        return segment
    source, target, status, score, propagated, unit_id, ignored, _number, locked_by = row
    if source != to_tagged(segment.source):
        return segment  # the file changed under us: its segment is another one now
    if segment.status != LOCKED and status == LOCKED and locked_by is None:
        # Stored locked by its file, which no longer locks it: the file says what it is now.
        return replace(segment, unit_id=unit_id, ignored=tuple(json.loads(ignored or "[]")))
    return replace(
        segment,
        target=from_tagged(target, segment.source) if target is not None else segment.target,
        status=SegmentStatus(status) if segment.status != LOCKED else LOCKED,
        locked_by=locked_by if status == LOCKED else None,
        score=score if score is not None else segment.score,
        propagated=bool(propagated),
        unit_id=unit_id,
        ignored=tuple(json.loads(ignored or "[]")),
    )
