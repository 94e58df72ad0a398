"""Fuzzy lookup and concordance over the translation memory: an inverted index finds candidates, rapidfuzz scores them.

The score (documented in the README): both texts are cut into *search tokens* — words and numbers for
languages written with spaces, single characters for unsegmented scripts (Chinese, Japanese, Thai, Khmer, Lao,
Myanmar, Tibetan), punctuation left out, each token NFKC-folded and casefolded, every number standing as one
placeholder. The similarity is rapidfuzz's normalised Levenshtein similarity over those token sequences,
``1 - edits / max(len(query), len(match))``, so one changed word in a ten-word sentence gives 90. Small
penalties then separate texts that differ only in what the tokens hide: 2 per differing number (the numbers are
reported), 1 for case, 1 for punctuation, 1 for whitespace. Only an identical text scores 100; anything else is
at most 99.

The index (tables ``search_term``, ``search_posting`` and ``search_form``, written by ``memories.store``):
one posting list per (language, token) holding the variants that contain the token, each posting packed with
the variant's token count and stored in length buckets, so that a lookup reads only the postings of plausible
lengths; and each variant's tokens coded as one character per term, which rapidfuzz compares as a string.
Imports buffer postings and write them as blobs when the transaction commits (one more chunk per term; a term's
chunks are merged once they pile up), so an import, an edit or a delete never rebuilds the index, and opening a
workspace loads nothing: a lookup reads the few posting lists it needs.

A lookup is exact, not approximate. A match of similarity ``s`` with a query of ``n`` tokens shares at least
``s * max(n, m)`` tokens with it (every edit removes at most one shared token), and has ``t*n <= m <= n/t``
tokens. The lookup reads the query's posting lists rarest first, counting for each variant seen how many query
tokens it holds. A variant not yet seen can reach at most ``remaining / n``, a seen one
``(count + remaining) / max(n, m)``; the seen candidates whose bound leads are scored exactly, the k-th best
score becomes the threshold, and once no unseen variant can reach it only the seen ones remain: more posting
lists are read to lower their bounds, or they are scored, whichever costs less, until no bound reaches the
threshold. Deleted and edited variants leave stale postings behind; they only ever add candidates, which
scoring against the stored tokens then drops, so the bounds stay upper bounds. The tests check the results
against an exhaustive scan (``ExhaustiveScan``).
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from memories.langs import _written_form, same_language
from memories.model import TranslationUnit, Variant

if TYPE_CHECKING:
    from typing import Any

    import numpy.typing as npt

    from memories.store import Workspace

    Array = npt.NDArray[Any]

__all__ = [
    "BANDS",
    "Difference",
    "ExhaustiveScan",
    "Hit",
    "Match",
    "band",
    "concordance",
    "lookup",
    "score_texts",
    "search_tokens",
]

BANDS: tuple[tuple[int, int, str], ...] = (
    (100, 100, "exact"),
    (95, 99, "95–99"),
    (85, 94, "85–94"),
    (75, 84, "75–84"),
    (50, 74, "50–74"),
)
"""Score bands the UI colours: (lowest, highest, label)."""

MAX_LENGTH_CODE = 255
"""Token counts are packed into postings as one byte; longer segments are stored as 255 (a safe lower bound)."""

_UNSEGMENTED = (
    r"\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
# Numbers first (with their inner separators), then one token per unsegmented character, then words.
_TOKEN = re.compile(rf"\d+(?:[.,]\d+)*|[{_UNSEGMENTED}]|(?:(?![{_UNSEGMENTED}])[^\W\d_])+")
_PUNCTUATION = re.compile(r"[^\w\s]")
_SPACE = re.compile(r"\s+")
NUMBER = "#"
"""The search token every number becomes: numbers differ by a penalty, not by an edit."""


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    key: str
    """The folded form compared by the score (``#`` for a number)."""
    value: str
    """The folded token itself (the digits for a number): what concordance compares."""
    raw: str


@lru_cache(maxsize=65536)
def _fold(raw: str) -> str:
    if raw.isascii():
        return raw.lower()
    return unicodedata.normalize("NFKC", raw).casefold()


def search_tokens(text: str) -> list[Token]:
    """The search tokens of a text, with their character spans in it."""
    tokens = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        value = _fold(raw)
        key = NUMBER if raw[0].isdigit() else value
        tokens.append(Token(m.start(), m.end(), key, value, raw))
    return tokens


def search_keys(text: str) -> list[str]:
    """Only the keys: what the index stores and the similarity compares (the import's fast path)."""
    if text.isascii():  # lowering ASCII keeps every offset, so the tokens are those of search_tokens
        return [NUMBER if raw[0].isdigit() else raw for raw in _TOKEN.findall(text.lower())]
    return [NUMBER if raw[0].isdigit() else _fold(raw) for raw in _TOKEN.findall(text)]


@lru_cache(maxsize=4096)
def language_key(tag: str) -> str:
    """Index key of a language: tags that ``same_language`` matches share it (``zh``, ``zh-CN``, ``zh-Hans``)."""
    language, script = _written_form(tag)
    return f"{language}-{script}" if script else language


def term_key(lang_key: str, token: str) -> str:
    return f"{lang_key}\x1f{token}"


def term_code(term_id: int) -> str:
    """One character per index term, so that rapidfuzz compares token sequences as strings (fast)."""
    # Surrogate code points cannot be stored as UTF-8 text: skip them.
    return chr(term_id if term_id < 0xD800 else min(term_id + 0x800, 0x10FFFF))


def term_id_of(code: str) -> int:
    number = ord(code)
    return number if number < 0xD800 else number - 0x800


def _unknown_code(n: int) -> str:
    """Codes for query tokens the index has never seen: from the top of Unicode down, unused by terms."""
    return chr(0x10FFFF - n)


def length_bucket(length: int) -> int:
    """Posting lists are split by segment length: exact up to 8 tokens, then buckets about 10% wide."""
    length = min(length, MAX_LENGTH_CODE)
    if length <= 8:
        return length
    return 8 + int(math.log(length / 8) / math.log(1.1))


def band(score: int) -> str:
    for low, high, label in BANDS:
        if low <= score <= high:
            return label
    return "below 50"


# -- the score -------------------------------------------------------------------------------------------


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
    from memories.text import normalize

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


# -- lookup ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Match:
    """A TM match for a lookup: the unit, its source and target variants, the score and what differs."""

    score: int
    value: float
    """The unrounded score that ranks matches (ties: the newer variant first)."""
    unit: TranslationUnit
    source: Variant
    target: Variant | None
    differences: tuple[Difference, ...]
    penalties: tuple[str, ...]
    numbers: tuple[tuple[str, ...], tuple[str, ...]]
    variant_id: int

    @property
    def band(self) -> str:
        return band(self.score)


@dataclass(frozen=True)
class _Candidate:
    variant_id: int
    tu_id: int
    text: str
    score: Score


class _Ranking:
    """The best ``limit`` candidates so far; its threshold is what an unseen candidate must reach."""

    def __init__(self, limit: int, min_score: float) -> None:
        self.limit = limit
        self.min_score = float(min_score)
        self.heap: list[tuple[float, int, _Candidate]] = []

    def offer(self, cand: _Candidate) -> None:
        if cand.score.value < self.min_score:
            return
        # Heap of (value, -id): its smallest is the worst of the best; ties prefer the newer variant.
        item = (cand.score.value, cand.variant_id, cand)
        if len(self.heap) < self.limit:
            heapq.heappush(self.heap, item)
        elif item[:2] > self.heap[0][:2]:
            heapq.heapreplace(self.heap, item)

    @property
    def threshold(self) -> float:
        """The similarity (0–1) a candidate needs to be worth scoring."""
        if len(self.heap) < self.limit:
            return self.min_score / 100
        return max(self.min_score, self.heap[0][0]) / 100

    @property
    def tie_id(self) -> int:
        """A candidate that can at best equal the threshold must also be newer than this to enter."""
        return self.heap[0][1] if len(self.heap) >= self.limit else -1

    def best(self) -> list[_Candidate]:
        return [c for _, _, c in sorted(self.heap, key=lambda item: (-item[0], -item[1]))]


_EPSILON = 1e-9
# rapidfuzz turns a normalised cutoff into an edit count and can drop a score equal to the cutoff (2/3 at 2/3):
# its cutoffs are loosened by this much, and the ranking then applies the exact threshold.
_CUTOFF_SLACK = 1e-4


def _length_range(n: int, threshold: float) -> tuple[int, int]:
    """Token counts a match of similarity ``threshold`` can have: ``t·n <= m <= n/t``."""
    if threshold <= 0:
        return 0, MAX_LENGTH_CODE
    low = min(MAX_LENGTH_CODE, math.ceil(threshold * n - _EPSILON))
    high = math.floor(n / threshold + _EPSILON)
    return max(1, low), high


class _Search:
    """One lookup: the threshold algorithm described in the module docstring."""

    BATCH = 8  # candidates scored per round once their bound leads

    def __init__(self, ws: Workspace, text: str, source: str, target: str | None, ranking: _Ranking) -> None:
        import numpy as np

        self.np = np
        self.ws = ws
        self.text = text
        self.source = source
        self.target = target
        self.ranking = ranking
        self.tokens = search_tokens(text)
        self.keys = [t.key for t in self.tokens]
        self.n = len(self.keys)
        size = ws.search_id_bound() + 1
        self.count = np.zeros(size, dtype=np.int32)
        # 255 minus the shortest token count seen for each variant: zeros (freshly mapped pages, no writing)
        # stand for "unknown", which bounds like the longest.
        self.shortness = np.zeros(size, dtype=np.uint8)
        self.seen = np.zeros(size, dtype=bool)
        self.candidates = np.zeros(0, dtype=np.int64)
        self.scored = np.zeros(size, dtype=bool)
        self.verified = 0
        self.codes = ""

    POSTINGS_PER_SCORE = 400  # scoring one candidate costs about as much as reading this many postings

    def run(self) -> None:
        if not self.n:
            return
        occurrences = Counter(self.keys)
        lang = language_key(self.source)
        terms = self.ws.search_terms([term_key(lang, k) for k in occurrences])
        unknown: dict[str, str] = {}
        self.codes = "".join(
            term_code(terms[term_key(lang, k)][0])
            if term_key(lang, k) in terms
            else unknown.setdefault(k, _unknown_code(len(unknown)))
            for k in self.keys
        )
        order = sorted(
            ((terms[term_key(lang, k)], occ) for k, occ in occurrences.items() if term_key(lang, k) in terms),
            key=lambda item: item[0][1],
        )
        # Tokens no variant holds are settled at once: no candidate can share them.
        remaining = sum(occ for _, occ in order)
        position = 0
        batch_done = False
        while True:
            threshold = self.ranking.threshold - _EPSILON
            unseen = remaining / self.n
            bounds, ids = self._bounds(remaining)
            # Ties go to the newer variant, so a candidate that can only tie must be newer than the k-th.
            live = (bounds > threshold + 2 * _EPSILON) | ((bounds >= threshold) & (ids > self.ranking.tie_id))
            bounds, ids = bounds[live], ids[live]
            if unseen < threshold and not ids.size:
                return
            if unseen >= threshold and position < len(order):
                leading = bounds > unseen
                if not batch_done and leading.any():
                    # Score the candidates whose bound leads: a good match found early raises the threshold
                    # and ends the reading of common tokens.
                    top = self.np.argsort(-bounds[leading], kind="stable")[: self.BATCH]
                    self._verify(ids[leading][top])
                    batch_done = True
                    continue
                position, remaining = self._next(order, position, remaining, expand=True)
                batch_done = False
                continue
            # Past the prefix no new candidate can qualify: either read one more token, which lowers the
            # bounds of the candidates that lack it, or score what is left, whichever reads less.
            if position < len(order) and order[position][0][1] < self.POSTINGS_PER_SCORE * ids.size:
                position, remaining = self._next(order, position, remaining, expand=False)
                continue
            self._verify(ids)

    def _next(
        self, order: list[tuple[tuple[int, int], int]], position: int, remaining: int, expand: bool
    ) -> tuple[int, int]:
        (term_id, _), occ = order[position]
        self._read(term_id, occ, expand)
        return position + 1, remaining - occ

    def _bounds(self, remaining: int) -> tuple[Array, Array]:
        """Upper bounds of the similarity of the seen candidates not yet scored, and their ids."""
        np = self.np
        ids = self.candidates = self.candidates[~self.scored[self.candidates]]
        lengths = MAX_LENGTH_CODE - self.shortness[ids].astype(np.int32)
        bounds = (self.count[ids] + remaining) / np.maximum(self.n, lengths)
        return bounds, ids

    def _read(self, term_id: int, occ: int, expand: bool) -> None:
        np = self.np
        low, high = _length_range(self.n, self.ranking.threshold)
        buckets = range(length_bucket(low), length_bucket(high) + 1)
        blobs = self.ws.search_postings(term_id, buckets)
        if not blobs:
            return
        packed = np.frombuffer(b"".join(blobs), dtype="<i8")
        lengths = (packed & 0xFF).astype(np.uint8)
        ids = packed >> 8
        fits = (lengths >= low) & ((lengths <= high) | (lengths == MAX_LENGTH_CODE))
        fits &= ids < self.count.size  # postings written after this lookup began
        ids, lengths = ids[fits], lengths[fits]
        self.count[ids] += occ
        self.shortness[ids] = np.maximum(self.shortness[ids], MAX_LENGTH_CODE - lengths)
        if expand:
            new = ids[~self.seen[ids]]
            self.seen[new] = True
            self.candidates = np.concatenate((self.candidates, np.unique(new)))

    def _verify(self, ids: Array) -> None:
        from rapidfuzz import process

        self.scored[ids] = True
        self.verified += int(ids.size)
        # Postings are per language, so every candidate is in the source language (an edit keeps it).
        rows = self.ws.search_codes(ids.tolist())
        # The similarity first, in bulk on the coded tokens: most candidates stop here.
        hits = process.extract(
            self.codes,
            [row[1] for row in rows],
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=max(self.ranking.threshold - _CUTOFF_SLACK, 1e-9),
            limit=None,
        )
        if not hits:
            return
        similarity = {rows[index][0]: sim for _, sim, index in hits}
        ranking = self.ranking
        found = self.ws.search_rows(list(similarity))
        # Best similarity first: once the ranking has filled up, the rest may no longer need a full score.
        found.sort(key=lambda row: (-similarity[row[0]], -row[0]))
        for variant_id, tu_id, _, text, langs in found:
            sim = similarity[variant_id]
            threshold = ranking.threshold - _EPSILON
            if sim < threshold or (sim < threshold + 2 * _EPSILON and variant_id < ranking.tie_id):
                continue  # penalties only lower a score: this one cannot enter
            if self.target is not None and not any(same_language(x, self.target) for x in langs):
                continue
            score = score_from(self.text, self.tokens, text, search_tokens(text), sim)
            ranking.offer(_Candidate(variant_id, tu_id, text, score))


def lookup(
    ws: Workspace,
    text: str,
    source: str = "en",
    target: str | None = "zh-CN",
    min_score: int = 50,
    limit: int = 5,
) -> list[Match]:
    """The best TM matches for ``text`` (a segment in ``source``), best first: units that also hold a
    ``target`` variant (any unit when target is None) scoring at least ``min_score``."""
    if limit <= 0:
        return []
    ws.flush_search_index()
    ranking = _Ranking(limit, max(min_score, 1))
    _Search(ws, text, source, target, ranking).run()
    return _matches(ws, text, source, target, ranking.best())


def _matches(
    ws: Workspace, text: str, source: str, target: str | None, best: Sequence[_Candidate]
) -> list[Match]:
    units = {u.id: u for u in ws.units_by_id([c.tu_id for c in best])}
    found = []
    for cand in best:
        unit = units.get(cand.tu_id)
        if unit is None:
            continue
        src = next((v for v in unit.variants if v.text == cand.text and same_language(v.lang, source)), None)
        if src is None:
            continue
        tgt = unit.variant(target, src.form) or unit.variant(target) if target else None
        found.append(
            Match(
                score=cand.score.shown, value=cand.score.value, unit=unit, source=src, target=tgt,
                differences=differences(text, cand.text), penalties=cand.score.penalties,
                numbers=cand.score.numbers, variant_id=cand.variant_id,
            )
        )  # fmt: skip
    return found


class ExhaustiveScan:
    """The reference the index is checked against: every source variant scored by ``rapidfuzz.process``.

    The variants are loaded once (the load is not part of a scan); each token becomes one character so that
    rapidfuzz runs its string Levenshtein, which is the same edit distance over tokens as the lookup's.
    """

    def __init__(self, ws: Workspace, source: str = "en", target: str | None = "zh-CN") -> None:
        self.ws = ws
        self.source = source
        self.target = target
        self.codes: dict[str, str] = {}
        self.ids: list[int] = []
        self.tu_ids: list[int] = []
        self.texts: list[str] = []
        self.choices: list[str] = []
        for variant_id, tu_id, text in ws.search_variants(source, target):
            self.ids.append(variant_id)
            self.tu_ids.append(tu_id)
            self.texts.append(text)
            self.choices.append(self._encode(search_keys(text), grow=True))

    def _encode(self, keys: Sequence[str], grow: bool) -> str:
        out = []
        for key in keys:
            code = self.codes.get(key)
            if code is None:
                number = len(self.codes) + 0x100
                code = chr(number + 0x800 if number >= 0xD800 else number)
                if grow:
                    self.codes[key] = code
            out.append(code)
        return "".join(out)

    def candidates(self, text: str, min_score: int = 50, limit: int = 5) -> list[_Candidate]:
        from rapidfuzz import process

        q = search_tokens(text)
        if not q:
            return []
        query = self._encode([t.key for t in q], grow=False)
        cutoff = max(min_score, 1) / 100 - _CUTOFF_SLACK
        ranking = _Ranking(limit, max(min_score, 1))
        hits = process.extract(
            query, self.choices, scorer=Levenshtein.normalized_similarity, score_cutoff=cutoff, limit=None
        )
        for _, sim, index in hits:
            tokens = search_tokens(self.texts[index])
            score = score_from(text, q, self.texts[index], tokens, sim)
            ranking.offer(_Candidate(self.ids[index], self.tu_ids[index], self.texts[index], score))
        return ranking.best()

    def lookup(self, text: str, min_score: int = 50, limit: int = 5) -> list[Match]:
        best = self.candidates(text, min_score, limit)
        return _matches(self.ws, text, self.source, self.target, best)


# -- concordance -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Hit:
    """A unit whose variant contains the phrase; spans are character offsets in the variant's text."""

    unit: TranslationUnit
    variant: Variant
    spans: tuple[tuple[int, int], ...]


def _occurrences(phrase: Sequence[str], tokens: Sequence[Token]) -> list[tuple[int, int]]:
    n = len(phrase)
    values = [t.value for t in tokens]
    return [
        (tokens[i].start, tokens[i + n - 1].end)
        for i in range(len(values) - n + 1)
        if values[i : i + n] == list(phrase)
    ]


def concordance(ws: Workspace, phrase: str, lang: str | None = None, limit: int = 100) -> list[Hit]:
    """Units (newest first) with a variant containing ``phrase`` as whole search tokens after normalisation:
    case, width, quotes and punctuation between the words do not matter; Chinese matches character by
    character, so 命运共同体 is found inside a longer sentence."""
    import numpy as np

    ws.flush_search_index()
    wanted = [t.value for t in search_tokens(phrase)]
    if not wanted or limit <= 0:
        return []
    keys = [NUMBER if t.key == NUMBER else t.value for t in search_tokens(phrase)]
    lang_keys = [language_key(lang)] if lang else ws.search_languages()
    found: list[tuple[int, Hit]] = []
    for lk in lang_keys:
        terms = ws.search_terms([term_key(lk, k) for k in set(keys)])
        if len(terms) < len(set(keys)):
            continue
        ids = None
        for term_id, _ in sorted(terms.values(), key=lambda item: item[1]):
            blobs = ws.search_postings(term_id, None)
            posted = np.unique(np.frombuffer(b"".join(blobs), dtype="<i8") >> 8)
            ids = posted if ids is None else np.intersect1d(ids, posted, assume_unique=True)
            if not ids.size:
                break
        if ids is None or not ids.size:
            continue
        found.extend(_concordance_hits(ws, wanted, [int(i) for i in ids[::-1]], lang, limit))
    found.sort(key=lambda item: -item[0])
    hits = [hit for _, hit in found[:limit]]
    return hits


def _concordance_hits(
    ws: Workspace, wanted: list[str], ids: Sequence[int], lang: str | None, limit: int
) -> list[tuple[int, Hit]]:
    hits: list[tuple[int, Hit]] = []
    for start in range(0, len(ids), 500):
        rows = ws.search_rows([int(i) for i in ids[start : start + 500]])
        matched = []
        for variant_id, tu_id, vlang, text, _ in sorted(rows, key=lambda r: -r[0]):
            if lang is not None and not same_language(vlang, lang):
                continue
            spans = tuple(_occurrences(wanted, search_tokens(text)))
            if spans:
                matched.append((variant_id, tu_id, text, spans))
        units = {u.id: u for u in ws.units_by_id([m[1] for m in matched])}
        for variant_id, tu_id, text, spans in matched:
            unit = units.get(tu_id)
            variant = next((v for v in unit.variants if v.text == text), None) if unit else None
            if unit is not None and variant is not None:
                hits.append((variant_id, Hit(unit, variant, spans)))
        if len(hits) >= limit:
            break
    return hits
