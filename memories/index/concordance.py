"""Concordance: the units whose text holds a phrase, newest first, found through the search index's posting lists."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from memories.index.codec import POSTING_ID_SHIFT, language_key, term_code, term_key
from memories.index.reader import IndexedMemory
from memories.langs import same_language
from memories.model import TranslationUnit, Variant
from memories.tokens import Token, fold, search_token_matches, search_tokens

if TYPE_CHECKING:
    from typing import Any

    import numpy.typing as npt

    Array = npt.NDArray[Any]

__all__ = ["Hit", "concordance"]


@dataclass(frozen=True)
class Hit:
    """A unit whose variant contains the phrase; spans are character offsets in the variant's text."""

    unit: TranslationUnit
    variant: Variant
    spans: tuple[tuple[int, int], ...]
    variant_id: int = 0
    """The variant's id: hits come in decreasing id order, and ``concordance(..., before=id)`` of the last
    hit of a page gives the next page."""


def _occurrences(phrase: Sequence[str], tokens: Sequence[Token]) -> list[tuple[int, int]]:
    n = len(phrase)
    values = [t.value for t in tokens]
    return [
        (tokens[i].start, tokens[i + n - 1].end)
        for i in range(len(values) - n + 1)
        if values[i : i + n] == list(phrase)
    ]


_WINDOW = 64
"""Fewest candidates checked at a time, newest first: each window costs one pass over the candidate ids."""
_NEWEST_BUDGET = 4000
"""Most variants whose codes a concordance reads newest first, before it reads the rarest word's list."""
_INTERSECT_BELOW = 0.25
"""When fewer than this share of a window's candidates hold the phrase, the candidates are narrowed by the
next rarest word's list before the next window (a phrase of common words, rarely together)."""


def concordance(
    ws: IndexedMemory, phrase: str, lang: str | None = None, limit: int = 100, before: int | None = None
) -> list[Hit]:
    """Variants containing ``phrase`` as whole search tokens after normalisation, newest first (decreasing
    variant id), at most ``limit``; ``before`` (a hit's ``variant_id``) gives the hits after that one, the
    next page. Case, width, quotes and punctuation between the words do not matter; Chinese matches
    character by character, so 命运共同体 is found inside a longer sentence, spaces or not.

    The search stops once ``limit`` hits are found: the rarest word's posting list gives the candidates; they
    are checked newest first, a window at a time, against the variants' coded tokens (the phrase's codes in
    a row) and then their texts; a phrase whose rarest word is common but whose words seldom meet narrows the
    candidates with the next word's list when a window finds too few."""
    ws.flush_search_index()
    tokens = search_tokens(phrase)
    wanted = [t.value for t in tokens]
    if not wanted or limit <= 0:
        return []
    keys = [t.key for t in tokens]
    lang_keys = [language_key(lang)] if lang else ws.search_index.languages()
    found: list[Hit] = []
    for lk in lang_keys:
        found += _concordance_in(ws, wanted, keys, lk, lang, limit, before)
    found.sort(key=lambda hit: -hit.variant_id)
    return found[:limit]


def _concordance_in(
    ws: IndexedMemory,
    wanted: list[str],
    keys: list[str],
    lang_key: str,
    lang: str | None,
    limit: int,
    before: int | None,
) -> list[Hit]:
    """The first ``limit`` hits among the variants of one language key."""
    import numpy as np

    terms = ws.search_index.terms([term_key(lang_key, k) for k in set(keys)])
    if len(terms) < len(set(keys)):
        return []  # a word no variant of this language holds
    phrase_codes = "".join(term_code(terms[term_key(lang_key, k)].id) for k in keys)
    rarest_first = sorted(terms.values(), key=lambda term: term.postings)
    hits: list[Hit] = []
    bound = ws.search_index.id_bound() + 1
    # A common rarest word ("the") is in so many variants that the newest few hundred hold the first hits:
    # reading those variants' codes costs less than reading its posting list. The newest variants are read
    # up to a budget; the posting list answers for what lies below them.
    per_hit = bound / max(rarest_first[0].postings, 1)  # variants read per variant holding the rarest word
    if 2 * limit * per_hit <= _NEWEST_BUDGET:
        read = 0
        top = before if before is not None else bound
        while len(hits) < limit and read < _NEWEST_BUDGET:
            rows = int(1.5 * (limit - len(hits)) * per_hit) + 16  # a little more than the hits still needed
            newest = ws.search_index.codes_before(top, rows)
            read += len(newest.ids)
            ids = [
                variant_id
                for variant_id, codes in zip(newest.ids, newest.codes, strict=True)
                if phrase_codes in codes
            ]
            hits += _check_window(ws, wanted, phrase_codes, ids, lang, limit - len(hits))[0]
            if len(newest.ids) < rows:
                return hits  # every variant below ``before`` was read
            top = newest.ids[-1]
        if len(hits) >= limit:
            return hits
        before = top
    candidates = _posted_ids(ws, rarest_first[0].id)
    unread = [term.id for term in rarest_first[1:]]
    if before is not None:
        candidates = candidates[candidates < before]
    while candidates.size and len(hits) < limit:
        size = max(_WINDOW, 2 * (limit - len(hits)))
        if candidates.size > size:
            window = np.partition(candidates, candidates.size - size)[candidates.size - size :]
        else:
            window = candidates
        window = np.sort(window)[::-1]  # newest first, stale duplicates once (np.unique would load numpy.ma)
        window = window[np.r_[True, window[1:] != window[:-1]]]
        candidates = candidates[candidates < window[-1]]
        matched, coded = _check_window(
            ws, wanted, phrase_codes, [int(i) for i in window], lang, limit - len(hits)
        )
        hits += matched
        if unread and coded < _INTERSECT_BELOW * window.size and candidates.size > size:
            mark = np.zeros(ws.search_index.id_bound() + 1, dtype=bool)
            posted = _posted_ids(ws, unread.pop(0))
            mark[posted[posted < mark.size]] = True
            candidates = candidates[mark[candidates]]
    return hits


def _posted_ids(ws: IndexedMemory, term_id: int) -> Array:
    import numpy as np

    blobs = ws.search_index.postings(term_id, None)
    packed = np.frombuffer(blobs[0] if len(blobs) == 1 else b"".join(blobs), dtype="<i8")
    return packed >> POSTING_ID_SHIFT


def _phrase_spans(wanted: list[str], phrase_codes: str, codes: str, text: str) -> tuple[tuple[int, int], ...]:
    """Where the phrase is in ``text``, from where its codes are in the text's ``codes`` (one per token, so a
    position in the codes is a token's index): only the token spans are needed, and the numbers compared."""
    n = len(phrase_codes)
    numbers = [j for j, value in enumerate(wanted) if value[:1].isdigit()]
    matches = search_token_matches(text)
    if len(matches) != len(codes):  # the text changed since its codes were read: the slow, sure way
        return tuple(_occurrences(wanted, search_tokens(text)))
    found = []
    at = codes.find(phrase_codes)
    while at >= 0:
        if all(fold(matches[at + j].group()) == wanted[j] for j in numbers):
            found.append((matches[at].start(), matches[at + n - 1].end()))
        at = codes.find(phrase_codes, at + 1)
    return tuple(found)


def _check_window(
    ws: IndexedMemory, wanted: list[str], phrase_codes: str, ids: Sequence[int], lang: str | None, need: int
) -> tuple[list[Hit], int]:
    """The first ``need`` hits among ``ids`` (newest first), and how many of ``ids`` hold the phrase's codes in
    a row: the coded tokens are checked first (numbers are one code), then, a few at a time and only until
    ``need`` hits are found, the texts (where the phrase is; the numbers too) and the units."""
    found = ws.search_index.codes(ids)
    coded = {
        variant_id: codes
        for variant_id, codes in zip(found.ids, found.codes, strict=True)
        if phrase_codes in codes
    }
    order = sorted(coded, reverse=True)
    hits: list[Hit] = []
    start = 0
    while start < len(order) and len(hits) < need:
        size = max(8, need - len(hits))
        part = order[start : start + size]
        start += size
        matched = []
        for row in sorted(ws.search_index.variants(part), key=lambda v: -v.id):
            variant_id, tu_id, vlang, text = row.id, row.unit_id, row.lang, row.text
            if lang is not None and not same_language(vlang, lang):
                continue
            spans = _phrase_spans(wanted, phrase_codes, coded[variant_id], text)
            if spans:
                matched.append((variant_id, tu_id, text, spans))
        units = {u.id: u for u in ws.units_by_id([m[1] for m in matched])}
        for variant_id, tu_id, text, spans in matched:
            unit = units.get(tu_id)
            variant = next((v for v in unit.variants if v.text == text), None) if unit else None
            if unit is not None and variant is not None and len(hits) < need:
                hits.append(Hit(unit, variant, spans, variant_id))
    return hits, len(coded)
