"""Bilingual equivalents: for a source term, the target phrases that its translation units' target sides share.

Method
    ``S`` is the set of translation units that contain the source term and have a target variant. Every
    target n-gram (1 to ``MAX_LENGTH`` tokens: jieba words for Chinese, a compound split into two dictionary
    words of two characters or more where it is one, since jieba keeps 苏丹政府 whole in "南 | 苏丹政府" and
    南苏丹 would never be an n-gram; Moses words otherwise; never
    across punctuation, never beginning or ending with a function word such as 的 or "the") is counted once
    per unit: ``a(t)`` units of ``S`` contain ``t``, ``df(t)`` units of the whole bilingual memory do. The
    association is Dice's coefficient::

        dice(term, t) = 2 * a(t) / (|S| + df(t))

    which is 1 when ``t`` occurs in exactly the units where the term does. Ties go to the longer phrase
    (安全理事会 over 理事会). The confidence shown is the Dice value computed with one unit more in the
    denominator, ``2 a / (|S| + df + 1)``, so that few units never look certain (one co-occurrence: 0.67);
    ``support`` is ``a(t)``. A phrase seen with the term in fewer than ``MIN_SUPPORT`` (2) units is ``weak``:
    shown as a guess, never stored.

Known equivalents
    When the termbase already has the term (an approved concept with it in the source language), its target terms are
    proposed first, marked ``known``, with the Dice value of their occurrences. In every unit, the target
    words of known terms of *other* concepts whose source term is in the unit are masked before counting,
    so that a frequent neighbour ("ASEAN" → 东盟) does not pass for the equivalent of the term.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from glossary.extract import Candidate, Origins, units_of
from glossary.matcher import Matcher
from glossary.model import ConceptStatus
from glossary.termbase import Termbase
from memories.langs import base_language, same_language
from memories.progress import Progress
from memories.store import Workspace
from memories.text import normalize
from memories.tokens import FUNCTION_OTHER, FUNCTION_ZH, chinese_words, tokenize

__all__ = ["MIN_SUPPORT", "Equivalent", "Pair", "Proposal", "bilingual_pairs", "propose"]

MAX_LENGTH = 8
MIN_SUPPORT = 2
"""Units in which a term and a phrase must occur together before the phrase is proposed as its equivalent."""
EVIDENCE_SEGMENTS = 3
_PUNCTUATION = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class Pair:
    """A translation unit's source and target text."""

    unit_id: int
    source: str
    target: str


@dataclass(frozen=True)
class Equivalent:
    """A proposed target-language equivalent of a source term."""

    text: str
    confidence: float
    """Dice's coefficient between the term's units and the phrase's units (0 to 1)."""
    support: int
    """Units in which both the term and this phrase occur."""
    evidence: tuple[Pair, ...] = ()
    """Two or three of those units."""
    known: bool = False
    """The termbase already gives this equivalent."""

    @property
    def weak(self) -> bool:
        """Seen in fewer than ``MIN_SUPPORT`` units: shown as a guess, never stored as a proposal."""
        return self.support < MIN_SUPPORT


@dataclass(frozen=True)
class Proposal:
    """The equivalents proposed for one source term, best first."""

    term: str
    units: int
    """Units that contain the term and have a target variant."""
    equivalents: tuple[Equivalent, ...] = ()

    @property
    def best(self) -> Equivalent | None:
        return self.equivalents[0] if self.equivalents else None


def bilingual_pairs(
    workspace: Workspace, source: str, target: str, origin: Origins = None
) -> dict[int, Pair]:
    """Every unit with a variant in both languages (the first of each), by unit id; of the given
    origin(s) only, when given."""
    pairs: dict[int, Pair] = {}
    for unit in units_of(workspace, origin):
        src = next((v.text for v in unit.variants if same_language(v.lang, source)), None)
        tgt = next((v.text for v in unit.variants if same_language(v.lang, target)), None)
        if src and tgt and unit.id is not None:
            pairs[unit.id] = Pair(unit.id, src, tgt)
    return pairs


class _Target:
    """Target-side n-grams of units, computed once per unit."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.chinese = base_language(lang) == "zh"
        self.function = FUNCTION_ZH if self.chinese else FUNCTION_OTHER
        self.sep = "" if self.chinese else " "

    def ngrams(self, text: str) -> set[str]:
        found: set[str] = set()
        chunk: list[str] = []
        tokens = tokenize(text, self.lang)
        if self.chinese:
            tokens = [part for token in tokens for part in _dictionary_parts(token)]
        for token in [*tokens, "。"]:
            if _PUNCTUATION.match(token) or token == "\x00":
                self._add(chunk, found)
                chunk = []
            else:
                chunk.append(token)
        return found

    def _add(self, chunk: list[str], found: set[str]) -> None:
        function = self.function
        for i, first in enumerate(chunk):
            if first in function:
                continue
            for j in range(i, min(len(chunk), i + MAX_LENGTH)):
                if chunk[j] not in function:
                    found.add(self.sep.join(chunk[i : j + 1]))


@lru_cache(maxsize=100_000)
def _dictionary_parts(token: str) -> tuple[str, ...]:
    """A jieba word split into two dictionary words where it is one: 苏丹政府 -> 苏丹 政府, 苏丹共和国 -> 苏丹
    共和国. jieba keeps such compounds whole in one sentence and splits them in the next, so 南苏丹 (South
    Sudan) would never be an n-gram of "南 | 苏丹政府"; split, the n-grams recombine every phrase."""
    if len(token) < 4 or not _is_han(token):
        return (token,)
    words = chinese_words()
    # Words of two characters at least: 非政府 stays whole, not 非 | 政府; the longest head first.
    for k in range(len(token) - 2, 1, -1):
        head, tail = token[:k], token[k:]
        if words.get(head) and words.get(tail):
            return (*_dictionary_parts(head), *_dictionary_parts(tail))
    return (token,)


def _is_han(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" for c in text)


def propose(
    candidates: Sequence[Candidate],
    pairs: dict[int, Pair],
    source: str,
    target: str,
    termbase: Termbase | None = None,
    limit: int = 3,
    progress: Progress | None = None,
) -> list[Proposal]:
    """Equivalents for each candidate (in the same order), from the units in ``pairs``."""
    side = _Target(target)
    known_source, known_target = _known(termbase, source, target)
    grams: dict[int, set[str]] = {}

    def ngrams_of(unit_id: int, exclude: int | None) -> set[str]:
        cached = grams.get(unit_id) if exclude is None else None
        if cached is not None:
            return cached
        pair = pairs[unit_id]
        text = _masked(pair, known_source, known_target, exclude)
        found = side.ngrams(text)
        if exclude is None:
            grams[unit_id] = found
        return found

    proposals: list[tuple[Candidate, list[int], Counter[str], int | None]] = []
    wanted: set[str] = set()
    for n, candidate in enumerate(candidates, 1):
        units = [u for u in candidate.units if u in pairs]
        concept = _concept_of(known_source, candidate.text)
        counts: Counter[str] = Counter()
        for unit_id in units:
            counts.update(ngrams_of(unit_id, concept))
        floor = max(1, int(0.2 * len(units)))
        kept = Counter({t: a for t, a in counts.items() if a >= floor})
        wanted.update(kept)
        proposals.append((candidate, units, kept, concept))
        if progress is not None:
            progress("equivalents", n, len(candidates))
    df: Counter[str] = Counter()
    for unit_id in pairs:
        df.update(ngrams_of(unit_id, None) & wanted)
    return [
        _proposal(candidate, units, counts, concept, df, pairs, side, known_target, limit)
        for candidate, units, counts, concept in proposals
    ]


def _dice(together: int, term_units: int, phrase_units: int) -> float:
    """Dice's coefficient with one unit more in the denominator: the one that might yet disagree. Large
    counts barely move (50 of 50: 0.99), while a single co-occurrence reads 0.67, never 1.00."""
    return 2 * together / (term_units + max(phrase_units, together) + 1)


def _proposal(
    candidate: Candidate,
    units: list[int],
    counts: Counter[str],
    concept: int | None,
    df: Counter[str],
    pairs: dict[int, Pair],
    side: _Target,
    known_target: dict[int, list[str]],
    limit: int,
) -> Proposal:
    size = len(units)
    ranked = sorted(counts, key=lambda t: (-_dice(counts[t], size, df[t]), -len(t), t))
    equivalents: list[Equivalent] = []
    if concept is not None:
        for text in known_target.get(concept, []):
            inside = [u for u in units if normalize(text) in _plain(pairs[u].target)]
            dice = _dice(len(inside), size, len(inside)) if size else 0.0
            equivalents.append(
                Equivalent(text, round(dice, 3), len(inside), _evidence(inside, pairs), known=True)
            )
    for text in ranked:
        if len(equivalents) >= limit:
            break
        if any(text == e.text or normalize(text) == normalize(e.text) for e in equivalents):
            continue
        a = counts[text]
        dice = _dice(a, size, df[text])
        inside = [u for u in units if text in _plain(pairs[u].target)] or units
        equivalents.append(Equivalent(text, round(dice, 3), a, _evidence(inside, pairs)))
    equivalents = [_as_written(e, side.chinese) for e in equivalents]
    return Proposal(candidate.text, size, tuple(equivalents[:limit]))


def _as_written(equivalent: Equivalent, chinese: bool) -> Equivalent:
    """The equivalent as its first evidence segment writes it: "Security Council", not "security council";
    in Chinese, a Latin name or acronym with its capitals and spaces ("Ahtem Chiygoz", "G20"), not the
    folded tokens joined without spaces ("ahtemchiygoz")."""
    if equivalent.known or not equivalent.evidence:
        return equivalent
    if chinese:
        # The n-gram joined jieba tokens without spaces: any character may have had spaces after it.
        body = r"\s*".join(re.escape(c) for c in equivalent.text if not c.isspace())
        pattern = _latin_edge(equivalent.text[0], r"(?<![a-z0-9])") + body
        pattern += _latin_edge(equivalent.text[-1], r"(?![a-z0-9])")
    else:
        words = equivalent.text.split()
        pattern = r"(?<!\w)" + r"\W{0,3}".join(re.escape(w) for w in words) + r"(?!\w)"
    for pair in equivalent.evidence:
        found = re.search(pattern, unicodedata.normalize("NFKC", pair.target), re.IGNORECASE)
        if found:
            return replace(equivalent, text=found.group())
    return equivalent


def _latin_edge(char: str, boundary: str) -> str:
    """Where a Latin letter or digit ends the phrase, no Latin letter or digit may follow it ("g20" is not
    inside "g2000"; a Chinese character may: "之一Ahtem Chiygoz在"). Beside a Chinese character, nothing."""
    return boundary if char.isascii() and char.isalnum() else ""


def _plain(text: str) -> str:
    """The target text as n-grams are joined: normalised, without the spaces between CJK characters."""
    return normalize(text)


def _evidence(units: Iterable[int], pairs: dict[int, Pair]) -> tuple[Pair, ...]:
    return tuple(pairs[u] for u in list(units)[:EVIDENCE_SEGMENTS])


def _known(
    termbase: Termbase | None, source: str, target: str
) -> tuple[Matcher | None, dict[int, list[str]]]:
    """A matcher of the termbase's source terms, and each concept's target terms."""
    if termbase is None:
        return None, {}
    # Candidates (an earlier extraction's guesses) are not knowledge; approved concepts are.
    entries = [
        (c, t) for c, t in termbase.terms_for_matching([source, target]) if c.status == ConceptStatus.APPROVED
    ]
    targets: dict[int, list[str]] = {}
    for concept, term in entries:
        if same_language(term.lang, target) and concept.id is not None:
            targets.setdefault(concept.id, []).append(term.text)
    source_entries = [(c, t) for c, t in entries if same_language(t.lang, source) and c.id in targets]
    return (Matcher(source_entries, source) if source_entries else None), targets


def _concept_of(matcher: Matcher | None, term: str) -> int | None:
    """The termbase concept whose source term is exactly ``term`` (inflection aside), if any."""
    if matcher is None:
        return None
    for match in matcher.find(term):
        if match.start == 0 and match.end == len(term):
            return match.concept.id
    return None


def _masked(pair: Pair, matcher: Matcher | None, targets: dict[int, list[str]], exclude: int | None) -> str:
    """The target text with the known equivalents of the other known terms in the source replaced by a
    break, so that they cannot be proposed for this term."""
    if matcher is None:
        return pair.target
    text = normalize(pair.target)
    for match in matcher.find(pair.source):
        concept = match.concept.id
        if concept is None or concept == exclude:
            continue
        for known in targets.get(concept, []):
            needle = normalize(known)
            if needle:
                text = text.replace(needle, "\x00")
    return text
