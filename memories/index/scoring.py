"""The fuzzy match score of two texts, as the README documents it.

Both texts are cut into *search tokens* — words and numbers for languages written with spaces, single
characters for unsegmented scripts (Chinese, Japanese, Thai, Khmer, Lao, Myanmar, Tibetan), punctuation left
out, each token NFKC-folded and casefolded, every number standing as one placeholder. The similarity is
rapidfuzz's normalised Levenshtein similarity over those token sequences, ``1 - edits / max(len(query),
len(match))``, so one changed word in a ten-word sentence gives 90. Small penalties then separate texts that
differ only in what the tokens hide: 2 per differing number (the numbers are reported), 1 for case, 1 for
punctuation, 1 for whitespace. Only an identical text scores 100; anything else is at most 99.

Pure functions of two texts: no workspace, no index.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from memories.text import normalize
from memories.tokens import NUMBER, Token, search_tokens

__all__ = ["BANDS", "Difference", "Score", "band", "differences", "score_from", "score_texts"]

BANDS: tuple[tuple[int, int, str], ...] = (
    (100, 100, "exact"),
    (95, 99, "95–99"),
    (85, 94, "85–94"),
    (75, 84, "75–84"),
    (50, 74, "50–74"),
)
"""Score bands the UI colours: (lowest, highest, label)."""


def band(score: int) -> str:
    for low, high, label in BANDS:
        if low <= score <= high:
            return label
    return "below 50"


_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Difference:
    """A stretch where the query and the match's source differ, as character spans in each text."""

    kind: str
    """``replace``, ``insert`` (only in the match), ``delete`` (only in the query) or ``number``."""
    query: tuple[int, int]
    match: tuple[int, int]
    query_text: str
    match_text: str


@dataclass(frozen=True)
class Score:
    value: float
    """100 × similarity minus penalties; ranks the matches (the shown score is its rounding)."""
    similarity: float
    penalties: tuple[str, ...]
    numbers: tuple[tuple[str, ...], tuple[str, ...]]
    """Numbers of the query missing from the match, and numbers of the match missing from the query."""

    @property
    def shown(self) -> int:
        if self.value >= 100:
            return 100
        return min(99, max(0, round(self.value)))


def _numbers(tokens: Sequence[Token]) -> Counter[str]:
    return Counter(t.value for t in tokens if t.key == NUMBER)


def _case_differs(q: Sequence[Token], c: Sequence[Token]) -> bool:
    """Whether tokens the edit alignment pairs as equal are written with different case (or width)."""
    for op in Levenshtein.opcodes([t.key for t in q], [t.key for t in c]):
        if op.tag == "equal":
            for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True):
                if q[i].key != NUMBER and q[i].raw != c[j].raw:
                    return True
    return False


def _punctuation(text: str) -> list[str]:
    return _PUNCTUATION.findall(normalize(text))


def score_from(
    query: str, q: Sequence[Token], candidate: str, c: Sequence[Token], similarity: float
) -> Score:
    """The full score once the token similarity is known (the search computes that in bulk)."""
    if query == candidate:
        return Score(100.0, 1.0, (), ((), ()))
    penalties: list[str] = []
    nq, nc = _numbers(q), _numbers(c)
    missing = tuple(sorted((nq - nc).elements()))
    extra = tuple(sorted((nc - nq).elements()))
    penalty = 2.0 * max(len(missing), len(extra))
    if missing or extra:
        penalties.append("numbers")
    if _case_differs(q, c):
        penalties.append("case")
        penalty += 1
    if _punctuation(query) != _punctuation(candidate):
        penalties.append("punctuation")
        penalty += 1
    if _SPACE.sub("", query) == _SPACE.sub("", candidate):
        penalties.append("whitespace")
        penalty += 1
    value = min(99.0, 100.0 * similarity - penalty)
    return Score(max(0.0, value), similarity, tuple(penalties), (missing, extra))


def score_texts(query: str, candidate: str) -> Score:
    """The fuzzy match score of ``candidate`` (a TM segment) for ``query``, as the README explains it."""
    q, c = search_tokens(query), search_tokens(candidate)
    similarity = Levenshtein.normalized_similarity([t.key for t in q], [t.key for t in c])
    return score_from(query, q, candidate, c, similarity)


def differences(query: str, candidate: str) -> tuple[Difference, ...]:
    """Token spans where the two texts differ (differing numbers included), for display."""
    q, c = search_tokens(query), search_tokens(candidate)
    found: list[Difference] = []

    def span(tokens: Sequence[Token], start: int, end: int, text: str) -> tuple[tuple[int, int], str]:
        if start == end:  # an insertion point: the position before the next token (or the end)
            at = tokens[start].start if start < len(tokens) else len(text)
            return (at, at), ""
        first, last = tokens[start].start, tokens[end - 1].end
        return (first, last), text[first:last]

    for op in Levenshtein.opcodes([t.key for t in q], [t.key for t in c]):
        if op.tag == "equal":
            for i, j in zip(range(op.src_start, op.src_end), range(op.dest_start, op.dest_end), strict=True):
                if q[i].key == NUMBER and q[i].value != c[j].value:
                    found.append(
                        Difference(
                            "number", (q[i].start, q[i].end), (c[j].start, c[j].end), q[i].raw, c[j].raw
                        )
                    )
            continue
        qs, qt = span(q, op.src_start, op.src_end, query)
        cs, ct = span(c, op.dest_start, op.dest_end, candidate)
        found.append(Difference(op.tag, qs, cs, qt, ct))
    return tuple(found)
