"""Terminology check: a translation held against the termbase, segment by segment.

For every segment, each glossary term found in the source whose concept has a preferred or admitted term in
the target language must have one of them in the target; and no deprecated or forbidden target term may be
used. Source terms are found longest first (``glossary.matcher``); target terms are looked for nested too,
so that 命运共同体 inside 人类命运共同体 counts.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from glossary.matcher import Matcher, matcher_for
from glossary.model import AVOIDED_STATUSES, USABLE_STATUSES, Concept, Term
from glossary.termbase import Termbase
from memories.formats import ReadOptions, detect_format, get_format
from memories.model import LeftOut

__all__ = ["Finding", "check_file", "check_segment"]


@dataclass(frozen=True)
class Finding:
    """One concept rendered wrongly in one segment."""

    path: str
    line: int | None
    source_term: str
    """The term as the source segment has it (or the concept's source term, for a stray avoided term)."""
    expected: tuple[str, ...]
    """The concept's preferred and admitted target terms."""
    found: tuple[str, ...]
    """Deprecated or forbidden target terms of the concept that the target uses, each with its status."""
    missing: bool
    """Whether none of the expected terms is in the target."""
    concept_id: int | None
    source: str
    target: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line is not None else self.path
        expected = " | ".join(self.expected) or "(no target term)"
        return f"{where}: {self.source_term} -> {expected} (found: {', '.join(self.found) or 'none'})"


@dataclass(frozen=True)
class _Problem:
    concept: Concept
    source_term: str
    missing: bool
    found: tuple[str, ...]


def _usable(concept: Concept, lang: str) -> tuple[Term, ...]:
    return tuple(t for t in concept.terms_in(lang) if t.status in USABLE_STATUSES)


def check_segment(
    source: str, target: str, source_matcher: Matcher, target_matcher: Matcher
) -> list[_Problem]:
    """The problems of one segment pair, one per concept, in source order."""
    target_lang = target_matcher.lang
    rendered = {
        concept.id
        for match in target_matcher.find(target, overlapping=True)
        for concept, term in match.entries
        if term.status in USABLE_STATUSES
    }
    avoided: dict[int | None, list[str]] = {}
    avoided_concepts: dict[int | None, Concept] = {}
    for match in target_matcher.find(target):
        if any(term.status in USABLE_STATUSES for _, term in match.entries):
            continue  # the same text is a right term of another concept
        for concept, term in match.entries:
            if term.status in AVOIDED_STATUSES:
                avoided.setdefault(concept.id, []).append(f"{match.text} [{term.status}]")
                avoided_concepts[concept.id] = concept
    problems: dict[int | None, _Problem] = {}
    for match in source_matcher.find(source):
        expecting = [c for c, _ in match.entries if _usable(c, target_lang)]
        if not expecting or any(c.id in rendered for c in expecting):
            continue
        concept = expecting[0]
        if concept.id not in problems:
            found = tuple(avoided.get(concept.id, ()))
            problems[concept.id] = _Problem(concept, match.text, True, found)
    for concept_id, used in avoided.items():
        if concept_id not in problems:
            concept = avoided_concepts[concept_id]
            named = concept.preferred(source_matcher.lang)
            problems[concept_id] = _Problem(concept, named.text if named else "?", False, tuple(used))
    return list(problems.values())


def check_file(
    termbase: Termbase, path: Path, source: str = "en", target: str = "zh-CN", format: str | None = None
) -> Iterator[Finding]:
    """Findings of a TMX, PO or TSV file, in file order; raises InputError for a file it cannot read."""
    fmt = get_format(format or detect_format(path))
    source_matcher = matcher_for(termbase, source)
    target_matcher = matcher_for(termbase, target)
    for record in fmt.reader(path, ReadOptions(source, target)):
        if isinstance(record, LeftOut):
            continue
        src = record.variant(source)
        tgt = record.variant(target)
        if src is None or tgt is None:
            continue
        for problem in check_segment(src.text, tgt.text, source_matcher, target_matcher):
            yield Finding(
                path=str(path),
                line=record.position,
                source_term=problem.source_term,
                expected=tuple(t.text for t in _usable(problem.concept, target)),
                found=problem.found,
                missing=problem.missing,
                concept_id=problem.concept.id,
                source=src.text,
                target=tgt.text,
            )
