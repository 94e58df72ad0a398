"""Fuzzy lookup: the index finds the candidates, rapidfuzz scores them; ``ExhaustiveScan`` is the reference.

A lookup is exact, not approximate. A match of similarity ``s`` with a query of ``n`` tokens has ``m`` tokens
with ``s*n <= m <= n/s`` and shares at least ``s * max(n, m)`` tokens with it, counted as a multiset (every edit
removes at most one shared token); a token the query holds ``q`` times and the variant ``c`` times is shared at
most ``min(q, c)`` times. The lookup reads the query's posting lists rarest first, adding up ``min(q, c)`` for
each variant seen, and keeps, for every length ``m``, how many query tokens are still unread for variants of
that length (``remaining[m]``). A variant of length ``m`` not seen yet can reach at most
``remaining[m] / max(n, m)``, a seen one ``(count + remaining[m]) / max(n, m)`` (and never more than
``min(n, m) / max(n, m)``). Each list is read only for the lengths at which an unseen variant could still reach
the threshold, so the common lists, read last, are read only for the shorter lengths. After each read, the few
candidates of the read whose bound leads and that hold half the tokens read are scored exactly; once ``limit``
matches are found, the k-th best score becomes the threshold (it starts at ``min_score``). Once no unseen
variant can reach it, only the seen ones remain: the next list is read (for their lengths only) to lower their
bounds, or they are scored, best bound first, whichever costs less, until no bound reaches the threshold.
Deleted and edited variants leave stale postings behind; they only ever add candidates (and counts), which
scoring against the stored tokens then drops, and a variant found listed at two lengths is bounded by the
largest remaining count, so the bounds stay upper bounds. The tests check the results against an exhaustive
scan (``ExhaustiveScan``).

"""

from __future__ import annotations

import heapq
import math
import threading
import weakref
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rapidfuzz.distance import Levenshtein

from memories.index.codec import (
    ALL_LENGTHS,
    MAX_LENGTH_CODE,
    POSTING_ID_SHIFT,
    language_key,
    length_bucket,
    term_code,
    term_key,
    unknown_code,
)
from memories.index.reader import Forms, IndexedMemory, PostingChunk
from memories.index.scoring import Difference, Score, band, differences, score_from
from memories.langs import same_language
from memories.model import TranslationUnit, Variant
from memories.tokens import search_keys, search_tokens

if TYPE_CHECKING:
    from typing import Any

    import numpy.typing as npt

    Array = npt.NDArray[Any]

__all__ = ["SCAN_BELOW", "ExhaustiveScan", "Match", "lookup"]


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

    def admits(self, similarity: float, variant_id: int) -> bool:
        """Whether a candidate of this similarity can still enter (penalties only lower it)."""
        threshold = self.threshold - _EPSILON
        if similarity < threshold:
            return False
        return similarity >= threshold + 2 * _EPSILON or variant_id > self.tie_id


_EPSILON = 1e-9
# rapidfuzz turns a normalised cutoff into an edit count and can drop a score equal to the cutoff (2/3 at 2/3):
# its cutoffs are loosened by this much, and the ranking then applies the exact threshold.
_CUTOFF_SLACK = 1e-4


def _length_range(n: int, threshold: float) -> tuple[int, int]:
    """Token counts a match of similarity ``threshold`` can have: ``t·n <= m <= n/t`` (as length codes)."""
    if threshold <= 0:
        return 1, MAX_LENGTH_CODE
    low = min(MAX_LENGTH_CODE, math.ceil(threshold * n - _EPSILON))
    high = min(MAX_LENGTH_CODE, math.floor(n / threshold + _EPSILON))
    return max(1, low), high


MIXED = MAX_LENGTH_CODE + 1
"""Length code of a variant seen with postings of different lengths (an edit left stale ones behind)."""

_scratch = threading.local()


def _scratch_arrays(size: int) -> tuple[Array, Array, Array]:
    """Per-variant counters reused by the lookups of a thread (zeroed again after each one): allocating and
    faulting in fresh megabytes for every lookup costs more than the lookup of a short segment."""
    import numpy as np

    arrays: tuple[Array, Array, Array] | None = getattr(_scratch, "arrays", None)
    if arrays is None or arrays[0].size < size:
        size = max(size + size // 4, 1024)
        arrays = (np.zeros(size, np.int32), np.zeros(size, np.uint16), np.zeros(size, bool))
        _scratch.arrays = arrays
    return arrays


class _Search:
    """One lookup: the threshold algorithm described in the module docstring."""

    BATCH = 8  # leading candidates scored after each posting list read, to raise the threshold early
    POSTINGS_PER_SCORE = 100  # scoring a candidate costs ~130 postings read, and a read leaves some to score
    # Terms of up to this many postings are read whole with the query's terms, in one statement: the rare
    # terms are nearly always read, and reading their short lists costs less than a statement each (a round
    # trip to a server). Measured at 100k units (benchmarks/lookup.py's, paired with the lists read one by
    # one): 512 takes SQLite 0.95x the time and PostgreSQL 0.81x; from 1,024 SQLite reads more than it saves.
    READ_AT_ONCE = 512

    def __init__(
        self, ws: IndexedMemory, text: str, source: str, target: str | None, ranking: _Ranking, size: int
    ) -> None:
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
        self.size = size  # the largest variant id + 1
        # Per variant: query tokens found in the lists read (min of the counts in query and variant), its
        # length code (0: not seen yet), whether it was scored.
        self.count, self.length, self.scored = _scratch_arrays(self.size)
        self.seen: list[Array] = []
        self.candidates = np.zeros(0, dtype=np.int64)
        # Query tokens whose posting lists are still unread, per length code of the variants they would
        # count for; the slot MIXED holds the largest of them.
        self.remaining = np.zeros(MIXED + 1, dtype=np.int64)
        self.codes = ""
        self.held: dict[int, tuple[PostingChunk, ...] | None] = {}
        """The posting lists read with the query's terms, by term id (None: a longer list, not read)."""
        self.verified = 0
        self.postings = 0

    def run(self) -> None:
        try:
            self._run()
        finally:
            for ids in self.seen:
                self.count[ids] = 0
                self.length[ids] = 0
                self.scored[ids] = False

    def _run(self) -> None:
        if not self.n:
            return
        order = self._order()
        # Tokens no variant holds are settled at once: no candidate can share them.
        self.remaining[:] = sum(occ for _, _, occ in order)
        position = 0
        while position < len(order):
            span = self._open_lengths()
            if span is None:
                break  # no variant not seen yet can reach the threshold
            term_id, _, occ = order[position]
            touched = self._read(term_id, occ, span, expand=True)
            position += 1
            self._score_leading(touched, (position + 1) // 2)
        self.candidates = self.np.concatenate([self.candidates, *self.seen])
        while True:
            ids, bounds, lengths = self._live()
            if not ids.size:
                return
            # Either read one more token, which lowers the bounds of the candidates that lack it, or score
            # the candidates, whichever reads less.
            if position < len(order):
                term_id, _, occ = order[position]
                plain = lengths[lengths != MIXED]
                low, high = _length_range(self.n, self.ranking.threshold)
                span = (int(plain.min()), int(plain.max())) if plain.size else (low, high)
                cost = self._count(term_id, length_bucket(span[0]), length_bucket(span[1]))
                if cost < self.POSTINGS_PER_SCORE * ids.size:
                    self._read(term_id, occ, span, expand=False)
                    position += 1
                    continue
            # Best bounds first, newest first among equals (ties go to the newer variant): their scores may
            # raise the threshold and spare the others.
            top = self.np.lexsort((-ids, -bounds))[:64]
            self._verify(ids[top])

    def _order(self) -> list[tuple[int, int, int]]:
        """(term id, postings, occurrences in the query) of the query's index terms, rarest first."""
        occurrences = Counter(self.keys)
        lang = language_key(self.source)
        found_terms = self.ws.search_index.term_postings(
            [term_key(lang, k) for k in occurrences], self.READ_AT_ONCE
        )
        terms = {key: found.term for key, found in found_terms.items()}
        self.held = {found.term.id: found.chunks for found in found_terms.values()}
        unknown: dict[str, str] = {}
        self.codes = "".join(
            term_code(terms[term_key(lang, k)].id)
            if term_key(lang, k) in terms
            else unknown.setdefault(k, unknown_code(len(unknown)))
            for k in self.keys
        )
        found = [
            (terms[term_key(lang, k)].id, terms[term_key(lang, k)].postings, occ)
            for k, occ in occurrences.items()
            if term_key(lang, k) in terms
        ]
        return sorted(found, key=lambda item: item[1])

    def _open_lengths(self) -> tuple[int, int] | None:
        """The span of length codes at which a variant not seen yet could still reach the threshold."""
        np = self.np
        low, high = _length_range(self.n, self.ranking.threshold)
        lengths = np.arange(low, high + 1)
        reachable = self.remaining[low : high + 1] >= (self.ranking.threshold - _EPSILON) * np.maximum(
            self.n, lengths
        )
        if not reachable.any():
            return None
        found = lengths[reachable]
        return int(found[0]), int(found[-1])

    def _bounds(self, ids: Array) -> tuple[Array, Array]:
        """Upper bounds of the similarity of seen candidates, and their length codes."""
        np = self.np
        lengths = self.length[ids]
        self.remaining[MIXED] = self.remaining[:MIXED].max()
        plain = np.where(lengths == MIXED, 0, lengths)
        longest = np.maximum(self.n, plain)
        bounds = (self.count[ids] + self.remaining[lengths]) / longest
        # Length alone: m tokens share at most min(n, m) (a code of 255 means 255 or more: no such cap).
        capped = (lengths < MAX_LENGTH_CODE) & (lengths > 0)
        bounds = np.where(capped, np.minimum(bounds, np.minimum(self.n, plain) / longest), bounds)
        return bounds, lengths

    def _live(self) -> tuple[Array, Array, Array]:
        """The seen candidates not yet scored whose bound still reaches the threshold."""
        ids = self.candidates = self.candidates[~self.scored[self.candidates]]
        bounds, lengths = self._bounds(ids)
        threshold = self.ranking.threshold - _EPSILON
        # Ties go to the newer variant, so a candidate that can only tie must be newer than the k-th.
        live = (bounds > threshold + 2 * _EPSILON) | ((bounds >= threshold) & (ids > self.ranking.tie_id))
        self.candidates = ids[live]
        return ids[live], bounds[live], lengths[live]

    def _count(self, term_id: int, first: int, last: int) -> int:
        """How many postings a read of length buckets ``first`` to ``last`` of a term reads."""
        held = self.held[term_id]
        if held is None:
            return self.ws.search_index.posting_count(term_id, first, last)
        return sum(c.postings for c in held if first <= c.bucket <= last or c.bucket == ALL_LENGTHS)

    def _postings(self, term_id: int, first: int, last: int) -> list[bytes]:
        """A term's posting chunks for length buckets ``first`` to ``last`` (as ``postings`` gives them)."""
        held = self.held[term_id]
        if held is None:
            return self.ws.search_index.postings(term_id, range(first, last + 1))
        return [c.ids for c in held if first <= c.bucket <= last or c.bucket == ALL_LENGTHS]

    def _read(self, term_id: int, occ: int, span: tuple[int, int], expand: bool) -> Array:
        """Count a term's postings for variants of lengths in ``span`` (seen ones only unless ``expand``);
        returns the ids it counted for."""
        np = self.np
        low, high = span
        self.remaining[low : high + 1] -= occ
        blobs = self._postings(term_id, length_bucket(low), length_bucket(high))
        if not blobs:
            empty: Array = np.zeros(0, dtype=np.int64)
            return empty
        packed: Array = np.frombuffer(blobs[0] if len(blobs) == 1 else b"".join(blobs), dtype="<i8")
        self.postings += packed.size
        ids = packed >> POSTING_ID_SHIFT
        if ids.max() >= self.size:  # postings written after this lookup began
            packed, ids = packed[ids < self.size], ids[ids < self.size]
        # The end buckets may hold lengths outside the span: counting them too only loosens bounds (their
        # remaining tokens were not lowered) and adds candidates, which costs less than sorting them out.
        known = self.length[ids]
        if not expand:
            seen = known != 0
            packed, ids, known = packed[seen], ids[seen], known[seen]
        lengths = packed & 0xFF
        if expand:
            new = known == 0
            fresh, fresh_lengths = ids[new], lengths[new]
            self.seen.append(fresh)  # before any counter moves: run() zeroes the counters of what it saw
        np.add.at(self.count, ids, np.minimum((packed >> 8) & 0xFF, occ).astype(np.int32))
        # An id listed with two lengths (or listed twice in this read) carries stale postings.
        conflict = ids[(known != 0) & (known != lengths)]
        if expand:
            self.length[fresh] = fresh_lengths
            conflict = np.concatenate((conflict, fresh[self.length[fresh] != fresh_lengths]))
        if conflict.size:
            self.length[conflict] = MIXED
        return ids

    def _score_leading(self, touched: Array, shared: int) -> None:
        """Score the few candidates of this read whose bound leads and that hold at least ``shared`` of the
        tokens read (half of them): a good match found early raises the threshold, which narrows the lengths
        read and ends the reading of common tokens sooner."""
        np = self.np
        ids = touched[(self.count[touched] >= shared) & ~self.scored[touched]]
        if ids.size > 8 * self.BATCH:  # the bounds of the most frequent are enough to pick from
            ids = ids[np.argpartition(-self.count[ids], 8 * self.BATCH - 1)[: 8 * self.BATCH]]
        if not ids.size:
            return
        bounds, _ = self._bounds(ids)
        low, high = _length_range(self.n, self.ranking.threshold)
        lengths = np.arange(low, high + 1)
        unseen = (self.remaining[low : high + 1] / np.maximum(self.n, lengths)).max()
        leading = (bounds >= self.ranking.threshold - _EPSILON) & (bounds > unseen)
        if not leading.any():
            return
        ids, bounds = ids[leading], bounds[leading]
        if ids.size > self.BATCH:
            ids = ids[np.argpartition(-bounds, self.BATCH - 1)[: self.BATCH]]
        self._verify(np.unique(ids))

    def _verify(self, ids: Array) -> None:
        self.scored[ids] = True
        self.verified += int(ids.size)
        # Postings are per language, so every candidate is in the source language (an edit keeps it).
        found = self.ws.search_index.codes(ids.tolist())
        self._rank(found.ids, found.codes)

    def _rank(self, ids: Sequence[int], codes: Sequence[str]) -> None:
        from rapidfuzz import process

        # The similarity first, in bulk on the coded tokens: most candidates stop here.
        hits = process.extract(
            self.codes,
            codes,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=max(self.ranking.threshold - _CUTOFF_SLACK, 1e-9),
            limit=None,
        )
        # Best similarity first, a few at a time: once the ranking has filled up, penalties only lower a
        # score, so the hits below its threshold need no text, no full score.
        ordered = sorted(((sim, ids[index]) for _, sim, index in hits), key=lambda h: (-h[0], -h[1]))
        ranking = self.ranking
        for start in range(0, len(ordered), self.BATCH):
            part = [
                (sim, variant_id)
                for sim, variant_id in ordered[start : start + self.BATCH]
                if self._may_enter(sim, variant_id)
            ]
            if not part:
                if ordered[start][0] < ranking.threshold - _EPSILON:
                    return
                continue
            similarity = {variant_id: sim for sim, variant_id in part}
            found = self.ws.search_index.variants(list(similarity))
            found.sort(key=lambda v: (-similarity[v.id], -v.id))
            for variant in found:
                variant_id, tu_id, text, langs = variant.id, variant.unit_id, variant.text, variant.unit_langs
                sim = similarity[variant_id]
                if not self._may_enter(sim, variant_id):
                    continue
                if self.target is not None and not any(same_language(x, self.target) for x in langs):
                    continue
                score = score_from(self.text, self.tokens, text, search_tokens(text), sim)
                ranking.offer(_Candidate(variant_id, tu_id, text, score))

    def _may_enter(self, similarity: float, variant_id: int) -> bool:
        return self.ranking.admits(similarity, variant_id)


def lookup(
    ws: IndexedMemory,
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
    held, size = _held_forms(ws, source, target)
    if held is not None:
        held.scan(text, ranking)
    else:
        _Search(ws, text, source, target, ranking, size).run()
    return _matches(ws, text, source, target, ranking.best())


SCAN_BELOW = 30_000
"""Variant ids (the largest id stands for the memory's size) up to which a lookup scans every source variant
in memory rather than reading posting lists. Measured on en-zh memories (benchmarks/lookup.py's): the scan
took 0.65x the index's time at 10,000 units (20,000 variants) and 3.9x at 100,000; they cross near 16,000
units, 32,000 variants."""


class _HeldForms:
    """A small memory's source variants as a scan compares and scores them, held while nothing changes: their
    search codes, texts and units, the term ids of the source language (to code a query), and which variants
    hold each term how many times (postings in memory), so that a lookup reads nothing from the workspace but
    the change stamp, and compares only the variants that share enough tokens with the query."""

    def __init__(self, stamp: object, size: int, forms: Forms, terms: dict[str, int]) -> None:
        import numpy as np

        self.stamp = stamp
        self.size = size
        self.forms = forms
        self.terms = terms
        codes = forms.codes
        self.lengths: Array = np.fromiter(map(len, codes), dtype=np.int64, count=len(codes))
        chars = np.frombuffer("".join(codes).encode("utf-32-le"), dtype=np.uint32).astype(np.int64)
        owners = np.repeat(np.arange(len(codes), dtype=np.int64), self.lengths)
        # One posting per variant and distinct term, sorted by term: the variant's index and its count.
        pairs, counts = np.unique(chars << 32 | owners, return_counts=True)
        self.variants: Array = (pairs & 0xFFFFFFFF).astype(np.int32)
        self.counts: Array = counts.astype(np.int32)
        self.chars, self.starts = np.unique(pairs >> 32, return_index=True)
        self.ends: Array = np.append(self.starts[1:], pairs.size)

    def scan(self, text: str, ranking: _Ranking) -> None:
        """Score every held variant that can reach the threshold: below a few ten thousand variants, this
        costs less than the fixed cost of the posting lists."""
        import numpy as np
        from rapidfuzz import process

        tokens = search_tokens(text)
        if not tokens:
            return
        terms = self.terms
        unknown: dict[str, str] = {}
        query = "".join(
            term_code(terms[t.key])
            if t.key in terms
            else unknown.setdefault(t.key, unknown_code(len(unknown)))
            for t in tokens
        )
        # A variant of m tokens reaching similarity s shares at least s * max(n, m) of the query's n tokens
        # (the module docstring): count the shared ones (a term held c times, asked q times: min(c, q)) from
        # the postings of the query's terms, and compare only the variants whose count reaches that.
        cutoff = max(ranking.threshold - _CUTOFF_SLACK, 1e-9)
        found, weights = [], []
        for char, occ in Counter(query).items():
            at = int(np.searchsorted(self.chars, ord(char)))
            if at < self.chars.size and self.chars[at] == ord(char):
                start, end = self.starts[at], self.ends[at]
                found.append(self.variants[start:end])
                weights.append(np.minimum(self.counts[start:end], occ))
        if not found:
            return
        shared = np.bincount(np.concatenate(found), np.concatenate(weights), minlength=self.lengths.size)
        near = np.flatnonzero(shared >= cutoff * np.maximum(len(query), self.lengths) - _EPSILON).tolist()
        codes, ids = self.forms.codes, self.forms.ids
        hits = process.extract(
            query,
            [codes[i] for i in near],
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=cutoff,
            limit=None,
        )
        # Best similarity first, newest first among equals: once the ranking has filled up, penalties only
        # lower a score, so the hits below its threshold need no full score. The variants are those of units
        # holding the target (``forms``), no other check needed.
        for sim, index in sorted(((h[1], near[h[2]]) for h in hits), key=lambda h: (-h[0], -ids[h[1]])):
            variant_id = ids[index]
            if not ranking.admits(sim, variant_id):
                if sim < ranking.threshold - _EPSILON:
                    return
                continue
            variant_text = self.forms.texts[index]
            score = score_from(text, tokens, variant_text, search_tokens(variant_text), sim)
            ranking.offer(_Candidate(variant_id, self.forms.unit_ids[index], variant_text, score))


_forms = weakref.WeakKeyDictionary[IndexedMemory, threading.local]()
_forms_lock = threading.Lock()


def _held_forms(ws: IndexedMemory, source: str, target: str | None) -> tuple[_HeldForms | None, int]:
    """What a scan needs, kept per workspace and thread while nothing changes (and the memory's size, the
    largest variant id + 1); None (read the index) for a large memory, or when the memory changed since the
    last lookup: loading costs more than one lookup, so the forms are loaded again only once the memory has
    stayed the same from one lookup to the next."""
    with _forms_lock:
        local = _forms.setdefault(ws, threading.local())
    cached: dict[tuple[str, str | None], _HeldForms] = local.__dict__.setdefault("cached", {})
    seen: dict[tuple[str, str | None], object] = local.__dict__.setdefault("seen", {})
    key = (language_key(source), language_key(target) if target else None)
    # Taken before anything is read: a change committed meanwhile moves the next stamp (a reload, never a miss).
    stamp = ws.change_stamp()
    entry = cached.get(key)
    if entry is not None and entry.stamp == stamp:
        return entry, entry.size
    cached.pop(key, None)
    # The memory's size is kept while nothing changes, too: asking it is a round trip to a server.
    known: tuple[object, int] | None = getattr(local, "size", None)
    if known is not None and known[0] == stamp:
        size = known[1]
    else:
        size = ws.search_index.id_bound() + 1
        local.size = (stamp, size)
    if size > SCAN_BELOW:
        return None, size
    if seen.get(key) != stamp:
        seen[key] = stamp
        return None, size
    entry = _HeldForms(stamp, size, ws.search_index.forms(source, target), ws.search_index.term_ids(key[0]))
    cached[key] = entry
    return entry, size


def _matches(
    ws: IndexedMemory, text: str, source: str, target: str | None, best: Sequence[_Candidate]
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

    def __init__(self, ws: IndexedMemory, source: str = "en", target: str | None = "zh-CN") -> None:
        self.ws = ws
        self.source = source
        self.target = target
        self.codes: dict[str, str] = {}
        self.ids: list[int] = []
        self.tu_ids: list[int] = []
        self.texts: list[str] = []
        self.choices: list[str] = []
        for variant in ws.search_index.source_variants(source, target):
            self.ids.append(variant.id)
            self.tu_ids.append(variant.unit_id)
            self.texts.append(variant.text)
            self.choices.append(self._encode(search_keys(variant.text), grow=True))

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
