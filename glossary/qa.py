"""Quality checks of a translation, segment by segment: terminology, numbers, inline codes, untranslated or
copied targets, doubled words, whitespace and end punctuation, consistency.

``check_pairs`` runs them all on (source, target) pairs (the editor's segments, or any bilingual file's units
through ``check_bilingual``); each finding names the segment, its kind and a message a translator reads.

Terminology: for every segment, each glossary term found in the source whose concept has a preferred or admitted term in
the target language must have one of them in the target; and no deprecated or forbidden target term may be
used. Source terms are found longest first (``glossary.matcher``); target terms are looked for nested too,
so that 命运共同体 inside 人类命运共同体 counts.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from glossary.editing import code_problems, content_from_tmx
from glossary.matcher import Matcher, matcher_for
from glossary.model import AVOIDED_STATUSES, USABLE_STATUSES, Concept, ConceptStatus, Term
from glossary.termbase import Termbase
from memories.documents.model import Content, plain_text
from memories.formats import ReadOptions, detect_format, get_format
from memories.langs import is_chinese
from memories.model import LeftOut
from memories.text import normalize
from memories.tokens import tokenize

__all__ = [
    "KINDS",
    "Finding",
    "Issue",
    "Pair",
    "check_bilingual",
    "check_file",
    "check_pair",
    "check_pairs",
    "check_segment",
    "numbers_in",
]


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
    termbase: Termbase,
    path: Path,
    source: str = "en",
    target: str = "zh-CN",
    format: str | None = None,
    candidates: bool = False,
) -> Iterator[Finding]:
    """Findings of a TMX, PO or TSV file, in file order; raises InputError for a file it cannot read.
    Approved concepts are checked; extraction's candidates too only with ``candidates``."""
    fmt = get_format(format or detect_format(path))
    source_matcher = matcher_for(termbase, source, candidates)
    target_matcher = matcher_for(termbase, target, candidates)
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


# ---------------------------------------------------------------------------------------------- every check

KINDS = (
    "term",
    "forbidden",
    "numbers",
    "codes",
    "untranslated",
    "identical",
    "doubled",
    "whitespace",
    "punctuation",
    "consistency",
)
"""The kinds of finding, in the order a segment's findings are listed."""


@dataclass(frozen=True)
class Pair:
    """A segment to check: its source and target as content (text and inline codes)."""

    number: int
    """The segment's number in the document, or the unit's position in a file."""
    source: Content
    target: Content
    line: int | None = None


@dataclass(frozen=True)
class Issue:
    """One QA finding: in which segment, what kind (one of ``KINDS``), and what is wrong."""

    segment: int
    kind: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.line}" if self.line is not None else f"segment {self.segment}"
        return f"{where}: {self.kind}: {self.message}"


@dataclass(frozen=True)
class Checker:
    """What the checks need besides the segment: the languages, the termbase's matchers, the memory."""

    source_lang: str
    target_lang: str
    source_matcher: Matcher | None = None
    target_matcher: Matcher | None = None

    @classmethod
    def build(cls, termbase: Termbase | None, source: str, target: str) -> Checker:
        if termbase is None:
            return cls(source, target)
        return cls(source, target, matcher_for(termbase, source), matcher_for(termbase, target))


def check_pair(pair: Pair, checker: Checker) -> list[Issue]:
    """The findings of one segment that need nothing but the segment (consistency needs the others)."""
    source, target = plain_text(pair.source), plain_text(pair.target)
    found: list[tuple[str, str]] = []
    if not target.strip():
        return [Issue(pair.number, "untranslated", "the target is empty", pair.line)]
    if checker.source_matcher is not None and checker.target_matcher is not None:
        found.extend(_terms(source, target, checker))
    found.extend(_numbers(source, target))
    found.extend(
        (p.kind if p.kind == "order" else "codes", p.message) for p in code_problems(pair.source, pair.target)
    )
    if _comparable(source) == _comparable(target) and any(ch.isalpha() for ch in source):
        found.append(("identical", "the target is the same as the source"))
    found.extend(_doubled(target, checker.target_lang))
    found.extend(_whitespace(source, target))
    found.extend(_punctuation(source, target, checker.target_lang))
    kinds = {kind: i for i, kind in enumerate(KINDS)}
    found.sort(key=lambda f: kinds.get(f[0] if f[0] != "order" else "codes", len(KINDS)))
    return [
        Issue(pair.number, "codes" if kind == "order" else kind, message, pair.line)
        for kind, message in found
    ]


def check_pairs(
    pairs: Sequence[Pair], checker: Checker, memory: Callable[[str], list[tuple[str, str]]] | None = None
) -> list[Issue]:
    """Every finding of every pair, in segment order; ``memory`` (a source text -> [(target, origin)] of
    its exact matches) adds the memory's side of the consistency check."""
    issues: list[Issue] = []
    first: dict[str, tuple[int, str]] = {}
    for pair in pairs:
        issues.extend(check_pair(pair, checker))
        target = plain_text(pair.target)
        if not target.strip():
            continue
        key = normalize(plain_text(pair.source))
        earlier = first.setdefault(key, (pair.number, target))
        if earlier[0] != pair.number and normalize(earlier[1]) != normalize(target):
            issues.append(
                Issue(
                    pair.number,
                    "consistency",
                    f"the same source is translated differently in segment {earlier[0]}: {earlier[1]}",
                    pair.line,
                )
            )
        if memory is not None:
            issues.extend(_memory_consistency(pair, target, memory))
    return issues


def _memory_consistency(
    pair: Pair, target: str, memory: Callable[[str], list[tuple[str, str]]]
) -> Iterator[Issue]:
    for other, origin in memory(plain_text(pair.source)):
        if normalize(other) != normalize(target):
            where = f" ({origin})" if origin else ""
            yield Issue(
                pair.number, "consistency", f"the memory translates it differently{where}: {other}", pair.line
            )
            return


def check_bilingual(
    path: Path,
    source: str = "en",
    target: str = "zh-CN",
    format: str | None = None,
    termbase: Termbase | None = None,
    memory: Callable[[str], list[tuple[str, str]]] | None = None,
) -> list[Issue]:
    """Every check on a TMX, PO, XLIFF or TSV file's units (the unit's line as its segment number); ``memory``
    as for ``check_pairs``."""
    fmt = get_format(format or detect_format(path))
    pairs = []
    for n, record in enumerate(fmt.reader(path, ReadOptions(source, target)), 1):
        if isinstance(record, LeftOut):
            continue
        src, tgt = record.variant(source), record.variant(target)
        if src is None or tgt is None:
            continue
        pairs.append(
            Pair(
                record.position or n,
                content_from_tmx(src.text, src.markup),
                content_from_tmx(tgt.text, tgt.markup),
                record.position,
            )
        )
    return check_pairs(pairs, Checker.build(termbase, source, target), memory)


# -- terminology


def _terms(source: str, target: str, checker: Checker) -> Iterator[tuple[str, str]]:
    assert checker.source_matcher is not None and checker.target_matcher is not None
    for problem in check_segment(source, target, checker.source_matcher, checker.target_matcher):
        expected = " | ".join(t.text for t in _usable(problem.concept, checker.target_lang))
        if problem.missing and problem.concept.status == ConceptStatus.APPROVED and expected:
            used = f" (uses {', '.join(problem.found)})" if problem.found else ""
            yield "term", f"{problem.source_term} should be {expected}{used}"
        elif problem.found:
            yield (
                "forbidden",
                f"{', '.join(problem.found)} used for {problem.source_term}; write {expected or '?'}",
            )


# -- numbers

_ARABIC = re.compile(r"\d+(?:[,\u00a0 ]\d{3})*(?:\.\d+)?")
_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "○": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_BIG = {"万": 10_000, "亿": 100_000_000}
_CN_NUMERAL = re.compile(f"[{''.join(_CN_DIGITS)}{''.join(_CN_UNITS)}{''.join(_CN_BIG)}]+")
_ARABIC_WITH_BIG = re.compile(r"(\d+(?:\.\d+)?)\s*([万亿])")


def _chinese_value(numeral: str) -> int | None:
    """二〇一五 -> 2015, 二十一 -> 21, 十一 -> 11, 三千五百万 -> 35000000; None for a lone unit (万)."""
    if all(ch in _CN_DIGITS for ch in numeral):
        return int("".join(str(_CN_DIGITS[ch]) for ch in numeral))
    total, section, digit = 0, 0, None
    for ch in numeral:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit if digit is not None else 1) * _CN_UNITS[ch]
            digit = None
        else:
            section += digit or 0
            if section == 0:
                return None
            total = (total + section) * _CN_BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


def numbers_in(text: str) -> set[float]:
    """The numbers a text names: Arabic digits (full-width too, with thousands separators), Chinese numerals
    (二〇一五, 二十一), and Arabic numbers scaled by 万 or 亿 (10万 = 100000)."""
    text = unicodedata.normalize("NFKC", text)
    values: set[float] = set()
    for number, big in _ARABIC_WITH_BIG.findall(text):
        values.add(round(float(number) * _CN_BIG[big], 6))
    for found in _ARABIC.finditer(text):
        raw = re.sub(r"[,\u00a0 ]", "", found.group(0))
        values.add(round(float(raw), 6))
    for found in _CN_NUMERAL.finditer(text):
        value = _chinese_value(found.group(0))
        if value is not None:
            values.add(float(value))
    return values


_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_SCALED = re.compile(r"\s*(thousand|million|billion|trillion)\b", re.IGNORECASE)


def _accepted(written: str, after: str) -> list[set[float]]:
    """The ways a source number may appear in a target: as written; scaled by the word after it (1.5 million
    = 150万); a time or decimal written as its parts (12.40 p.m. = 12时40分). Each set must be wholly there."""
    value = round(float(re.sub(r"[,\u00a0 ]", "", written)), 6)
    ways = [{value}]
    scale = _SCALED.match(after)
    if scale:
        ways.append({round(value * _SCALES[scale.group(1).lower()], 6)})
    if "." in written:
        whole, _, part = written.partition(".")
        ways.append({float(re.sub(r"[,\u00a0 ]", "", whole)), float(part)})
    return ways


def _numbers(source: str, target: str) -> Iterator[tuple[str, str]]:
    have = numbers_in(target)
    source = unicodedata.normalize("NFKC", source)
    missing = []
    for found in _ARABIC.finditer(source):
        ways = _accepted(found.group(0), source[found.end() :])
        if not any(way <= have for way in ways):
            missing.append(found.group(0))
    if missing:
        yield "numbers", f"{', '.join(dict.fromkeys(missing))} of the source not in the target"


# -- text


def _comparable(text: str) -> str:
    return normalize(text).strip()


_DOUBLED_LATIN = re.compile(r"\b(\w+)(\s+)\1\b", re.IGNORECASE)
# Chinese doubles words on purpose (常常, 人人, 谢谢); a doubled particle or a doubled word of two or more
# characters is a slip.
_DOUBLED_HAN = re.compile(r"([\u4e00-\u9fff]{2,})\1")
_CHINESE_PARTICLES = frozenset("的了和在是与及对为将")


def _doubled(target: str, lang: str) -> Iterator[tuple[str, str]]:
    if is_chinese(lang):
        repeated = _DOUBLED_HAN.search(target)
        if repeated:
            yield "doubled", f"{repeated.group(0)}: {repeated.group(1)} written twice"
            return
        tokens = [t for t in tokenize(target, lang) if t.strip()]
        for a, b in itertools.pairwise(tokens):
            if a == b and (len(a) >= 2 or a in _CHINESE_PARTICLES) and any(ch.isalpha() for ch in a):
                yield "doubled", f"{a}{b}: a word written twice"
                return
        return
    for found in _DOUBLED_LATIN.finditer(target):
        if not found.group(1).isdigit():
            yield "doubled", f"{found.group(0)!r}: a word written twice"
            return


def _whitespace(source: str, target: str) -> Iterator[tuple[str, str]]:
    lead = (source[: len(source) - len(source.lstrip())], target[: len(target) - len(target.lstrip())])
    trail = (source[len(source.rstrip()) :], target[len(target.rstrip()) :])
    if bool(lead[0]) != bool(lead[1]):
        yield "whitespace", "leading whitespace differs from the source's"
    if bool(trail[0]) != bool(trail[1]):
        yield "whitespace", "trailing whitespace differs from the source's"


_CLOSERS = "\"'”’)]}）】」』》〉"
_LATIN_END = {".": "stop", "!": "exclamation", "?": "question", ":": "colon", ";": "semicolon", ",": "comma"}
_CHINESE_END = {
    "。": "stop",
    "！": "exclamation",
    "？": "question",
    "：": "colon",
    "；": "semicolon",
    "，": "comma",
}
_FULL = {v: k for k, v in _CHINESE_END.items()}
_HALF = {v: k for k, v in _LATIN_END.items()}


def _end(text: str) -> str:
    stripped = text.rstrip().rstrip(_CLOSERS).rstrip()
    return stripped[-1:] if stripped else ""


# A final period that belongs to an abbreviation (11 a.m., etc.) is not the sentence's punctuation.
_ABBREVIATION = re.compile(
    r"(?:\b[a-z]\.[a-z]\.|\b(?:etc|No|Nos|Inc|Ltd|Co|Corp|Jr|Sr|Distr|Rev|Add|Corr)\.)$"
)


def _punctuation(source: str, target: str, lang: str) -> Iterator[tuple[str, str]]:
    src, tgt = _end(source), _end(target)
    src_kind = _LATIN_END.get(src) or _CHINESE_END.get(src)
    tgt_kind = _LATIN_END.get(tgt) or _CHINESE_END.get(tgt)
    if src_kind == "stop" and tgt_kind is None and _ABBREVIATION.search(source.rstrip().rstrip(_CLOSERS)):
        return
    chinese = is_chinese(lang)
    expected = (_FULL if chinese else _HALF).get(src_kind or "", "")
    if src_kind != tgt_kind:
        if src_kind is None:
            yield "punctuation", f"the target ends with {tgt!r}, the source with no punctuation"
        else:
            yield "punctuation", f"the source ends with {src!r}; the target should end with {expected!r}"
    elif tgt_kind is not None and tgt != expected:
        script = "Chinese" if chinese else "Latin"
        yield "punctuation", f"the target ends with {tgt!r}; {script} punctuation is {expected!r}"
