"""Pre-translation: fill the untranslated segments of an XLIFF or PO file from the translation memory."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import polib

from glossary.catalogues import header_language, newlines_as, save_catalogue
from memories.errors import InputError
from memories.formats.po import gettext_locale, load_catalogue
from memories.formats.xliff import Segment, XliffDocument
from memories.index.lookup import Match, lookup
from memories.langs import normalize_tag, same_language
from memories.store import Workspace

__all__ = ["BANDS", "NO_MATCH", "Filled", "PretranslateReport", "file_kind", "pretranslate"]

NO_MATCH = "no match"
BANDS = ("100", "95–99", "85–94", "75–84", "50–74", NO_MATCH)
"""The summary's score bands, best first."""

_XLIFF_SUFFIXES = (".xlf", ".xliff", ".sdlxliff")
_PO_SUFFIXES = (".po", ".pot")
# Targets in these states were put there to be translated over (a copied source, a placeholder).
_NOT_YET = frozenset({"new", "needs-translation", "initial"})


@dataclass(frozen=True)
class Filled:
    """One segment the memory filled in."""

    segment: str
    """The segment's id (XLIFF) or msgid (PO)."""
    line: int | None
    source: str
    score: int
    match_source: str
    """The memory's source text that matched."""
    target: str
    origin: str | None

    @property
    def exact(self) -> bool:
        return self.score >= 100


@dataclass
class PretranslateReport:
    """What ``pretranslate`` did: the counts per score band and each filled segment."""

    format: str
    """``xliff 1.2``, ``xliff 2.0`` or ``po``."""
    bands: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BANDS, 0))
    already_translated: int = 0
    not_to_translate: int = 0
    """Segments marked translate="no", empty sources, PO plural entries: left as they are."""
    filled: list[Filled] = field(default_factory=list)

    @property
    def segments(self) -> int:
        return sum(self.bands.values()) + self.already_translated + self.not_to_translate

    def count(self, score: int | None) -> None:
        self.bands[_band(score)] += 1


def _band(score: int | None) -> str:
    if score is None:
        return NO_MATCH
    if score >= 100:
        return "100"
    for label, low in (("95–99", 95), ("85–94", 85), ("75–84", 75), ("50–74", 50)):
        if score >= low:
            return label
    return NO_MATCH


def file_kind(path: Path) -> str:
    """``xliff`` or ``po``, from the file's name; anything else is refused."""
    name = path.name.lower().removesuffix(".gz")
    if name.endswith(_XLIFF_SUFFIXES):
        return "xliff"
    if name.endswith(_PO_SUFFIXES):
        return "po"
    raise InputError(path, "pre-translation takes an XLIFF (.xlf, .xliff) or PO (.po, .pot) file")


def pretranslate(
    ws: Workspace,
    in_path: Path,
    out_path: Path,
    source: str = "en",
    target: str = "zh-CN",
    min_score: int = 75,
) -> PretranslateReport:
    """Write ``out_path``: ``in_path`` with each untranslated segment given its best TM match scoring at least
    ``min_score`` (exact matches marked translated, the others as needing review). ``in_path`` is only read.
    """
    source, target = normalize_tag(source), normalize_tag(target)
    if in_path.resolve() == out_path.resolve():
        raise InputError(in_path, "the output would overwrite the input", hint="give another output file")
    kind = file_kind(in_path)
    if kind == "xliff":
        return _xliff(ws, in_path, out_path, source, target, min_score)
    return _po(ws, in_path, out_path, source, target, min_score)


def _best(ws: Workspace, text: str, source: str, target: str, min_score: int) -> Match | None:
    # The lookup's threshold applies to the unrounded score; one point lower lets in a match whose shown
    # score reaches the threshold (94.6 shows as 95), and the best one by value is also the best shown.
    for match in lookup(ws, text, source, target, min_score=max(1, min_score - 1), limit=1):
        if match.score >= min_score and match.target is not None and match.target.text:
            return match
    return None


def _filled(segment: str, line: int | None, text: str, match: Match) -> Filled:
    assert match.target is not None
    return Filled(segment, line, text, match.score, match.source.text, match.target.text, match.unit.origin)


# ---------------------------------------------------------------------------------------------------- XLIFF


def _xliff(
    ws: Workspace, in_path: Path, out_path: Path, source: str, target: str, min_score: int
) -> PretranslateReport:
    doc = XliffDocument.load(in_path)
    report = PretranslateReport(f"xliff {doc.version}")
    segments = list(doc.segments())
    _check_source(in_path, segments, source)
    if any(_untranslated(s) for s in segments):
        doc.set_target_language(target)
        # The segments read before the file named its target language do not know it yet.
        segments = list(doc.segments())
    for segment in segments:
        if not segment.translate or not segment.source.strip():
            report.not_to_translate += 1
        elif not _untranslated(segment):
            report.already_translated += 1
        else:
            match = _best(ws, segment.source, source, target, min_score)
            report.count(match.score if match else None)
            if match is not None and match.target is not None:
                doc.set_target(
                    segment, match.target.text, match.target.markup, score=float(match.score),
                    origin=match.unit.origin,
                )  # fmt: skip
                ident = segment.id or segment.unit_id
                report.filled.append(_filled(ident, segment.line, segment.source, match))
    doc.save(out_path)
    return report


def _check_source(path: Path, segments: list[Segment], source: str) -> None:
    for segment in segments[:1]:
        if not same_language(segment.source_lang, source):
            raise InputError(
                path,
                f"the file's source language is {segment.source_lang}, not {source}",
                segment.line,
                hint=f"give --source {segment.source_lang}",
            )


def _untranslated(segment: Segment) -> bool:
    if not segment.translate or not segment.source.strip():
        return False
    return segment.target is None or not segment.target.strip() or segment.state in _NOT_YET


# ------------------------------------------------------------------------------------------------------- PO


def _po(
    ws: Workspace, in_path: Path, out_path: Path, source: str, target: str, min_score: int
) -> PretranslateReport:
    catalogue = load_catalogue(in_path, None)
    said = header_language(in_path, catalogue, target)
    report = PretranslateReport("po")
    for entry in _entries(catalogue):
        if entry.msgid_plural or not entry.msgid.strip():
            report.not_to_translate += 1
        elif entry.msgstr or "fuzzy" in entry.flags:
            report.already_translated += 1
        else:
            match = _best(ws, entry.msgid, source, target, min_score)
            report.count(match.score if match else None)
            if match is not None:
                _fill_entry(entry, match)
                report.filled.append(_filled(entry.msgid, entry.linenum or None, entry.msgid, match))
    if report.filled and not said:
        catalogue.metadata["Language"] = gettext_locale(target)
    save_catalogue(out_path, catalogue)
    return report


def _entries(catalogue: polib.POFile | polib.MOFile) -> Iterator[polib.POEntry]:
    for entry in catalogue:
        if isinstance(entry, polib.POEntry) and not entry.obsolete:
            yield entry


def _fill_entry(entry: polib.POEntry, match: Match) -> None:
    assert match.target is not None
    entry.msgstr = newlines_as(entry.msgid, match.target.text)
    if match.score >= 100:
        return
    entry.flags = ["fuzzy", *(f for f in entry.flags if f != "fuzzy")]
    # gettext's own way to show what a fuzzy translation was made for (msgmerge writes it too)
    entry.previous_msgid = match.source.text
    # The file name only: polib wraps long comments, which would cut a full path in two.
    origin = f" from {Path(match.unit.origin).name}" if match.unit.origin else ""
    note = f"glossary: {match.score}% match{origin}"
    entry.tcomment = f"{entry.tcomment}\n{note}" if entry.tcomment else note
