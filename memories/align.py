"""Sentence alignment of two language versions of a document: a length-based dynamic programme with anchors.

In the manner of Gale & Church (1993): both texts are split into sentences, and a dynamic programme finds the
cheapest sequence of beads (1-1, 1-2, 2-1, 1-0, 0-1, 2-2 sentences) where a bead costs the improbability of its
character lengths under a length model (ratio and variance estimated from the documents themselves, not
assumed) plus the prior of its kind. Anchors lower the cost of beads whose two sides share numbers, Latin-script
names kept in a non-Latin text, or term pairs; paragraph breaks are strong boundaries. The programme runs in a
band around the diagonal that widens when the best path touches its edge, so long documents stay fast; after
the length model is re-estimated from that first alignment, the second pass runs in a narrow band around it.
A bead's confidence is its posterior probability (forward-backward over the same band).
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from memories.errors import InputError
from memories.langs import is_chinese, same_language
from memories.model import TranslationUnit, Variant

__all__ = [
    "Alignment",
    "Bead",
    "LengthModel",
    "Sentence",
    "align",
    "align_texts",
    "check_languages",
    "estimate_model",
    "join_sentences",
    "links",
    "read_document",
    "scores",
    "segment",
    "translation_units",
]

REVIEW_BELOW = 0.5
"""Beads with a lower confidence are flagged, and stored for review when imported."""
MIN_PAIRS = 10
"""Fewer 1-1 pairs than this do not make a length model: the ratio of the documents' lengths is used."""

# Prior probabilities of bead kinds (Gale & Church's figures, the shared ones split evenly).
_PRIORS = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445, (2, 2): 0.011}
_KIND_COST = {kind: -math.log(p) for kind, p in _PRIORS.items()}
_ANCHOR_BONUS = 1.5  # nats per shared anchor
_MAX_ANCHORS = 4  # a bead cannot buy more than this: a long list of numbers must not pull the path astray
_CROSS_PARAGRAPH = 6.0  # a bead that joins sentences across a paragraph break on one side
_BREAK_DISAGREES = 2.0  # a bead boundary at a paragraph break on one side only
_INITIAL_BAND = 12
_REFINE_BAND = 6
_LAPLACE_SCALE = math.sqrt(2)  # -log of a Laplace law's two-tailed probability, per standard deviation
_DEFAULT_VARIANCE = 6.8
_PRIOR_PAIRS = 20
_SPACE = re.compile(r"\s+")
# Commas (Latin, Arabic, full-width, ideographic) and colons do not end sentences.
_INCOMPLETE = re.compile(r"[,\u060c\uff0c\u3001:\uff1a]\s*$")
_ENUMERATOR = re.compile(r"[(\[]?(?:\d{1,4}|[ivxlcIVXLC]{1,6}|[a-zA-Z])[.)\]`'\u066b]?\s*[-\u2013]?")
_DIGITS = re.compile(r"\d+")
_LATIN_WORD = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'\-]+")
_ACRONYM = re.compile(r"\b(?:[A-Z][A-Za-z]*[A-Z][A-Za-z]*|[A-Za-z]+/[\w/.\-]+)\b")

# Letters of the scripts whose languages glossary can tell apart by script (ISO 15924 codes from langcodes).
_SCRIPT_LETTERS = {
    "Latn": r"A-Za-z\u00c0-\u024f\u1e00-\u1eff",
    "Hans": r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Hant": r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff",
    "Jpan": r"\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff",
    "Kore": r"\uac00-\ud7af\u1100-\u11ff\u3130-\u318f\u4e00-\u9fff",
    "Arab": r"\u0600-\u06ff\u0750-\u077f\u08a0-\u08ff\ufb50-\ufdff\ufe70-\ufeff",
    "Cyrl": r"\u0400-\u04ff\u0500-\u052f",
    "Grek": r"\u0370-\u03ff\u1f00-\u1fff",
    "Hebr": r"\u0590-\u05ff",
    "Deva": r"\u0900-\u097f",
    "Thai": r"\u0e00-\u0e7f",
}


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document, with the paragraph it belongs to (blank lines separate paragraphs)."""

    text: str
    paragraph: int = 0


@dataclass(frozen=True)
class Bead:
    """Sentences of the source and of the target that translate each other (either side may be empty)."""

    source: tuple[int, ...]
    target: tuple[int, ...]
    confidence: float
    """0 to 1: the bead's probability among all alignments of the two documents (each weighted by exp(-cost)),
    so low when another reading is almost as good; beads below ``REVIEW_BELOW`` deserve a look."""

    @property
    def kind(self) -> str:
        return f"{len(self.source)}-{len(self.target)}"

    @property
    def flagged(self) -> bool:
        return self.confidence < REVIEW_BELOW


@dataclass(frozen=True)
class LengthModel:
    """Target characters per source character (``ratio``) and the variance of the difference per character."""

    ratio: float
    variance: float = 6.8  # Gale & Church's figure for English, French and German characters

    @classmethod
    def from_lengths(cls, pairs: Iterable[tuple[int, int]]) -> LengthModel | None:
        """The model of (source, target) lengths of segments known to translate each other; None for fewer
        than ``MIN_PAIRS``. The variance is that of the length difference per character of mean length."""
        kept = [(s, t) for s, t in pairs if s > 0 and t > 0]
        if len(kept) < MIN_PAIRS:
            return None
        ratio = sum(t for _, t in kept) / sum(s for s, _ in kept)
        spread = [(t / ratio - s) ** 2 / ((s + t / ratio) / 2) for s, t in kept]
        # A few dozen pairs estimate a variance poorly: it is drawn towards Gale & Church's figure as if
        # that figure had been seen in _PRIOR_PAIRS pairs.
        variance = (sum(spread) + _PRIOR_PAIRS * _DEFAULT_VARIANCE) / (len(spread) + _PRIOR_PAIRS)
        return cls(ratio, min(max(variance, 1.0), 60.0))

    @classmethod
    def from_texts(cls, pairs: Iterable[tuple[str, str]]) -> LengthModel | None:
        """The model of a translation memory's pairs of (source, target) segments."""
        return cls.from_lengths((_length(s), _length(t)) for s, t in pairs)


@dataclass(frozen=True)
class Alignment:
    """The beads aligning two documents, in order, and the length model they were found with."""

    source_lang: str
    target_lang: str
    source: tuple[Sentence, ...]
    target: tuple[Sentence, ...]
    beads: tuple[Bead, ...]
    model: LengthModel
    band: int = 0

    def pairs(self) -> Iterator[tuple[str, str, Bead]]:
        """(source text, target text, bead) of every bead with both sides: sentences joined by a space, or
        by nothing in Chinese or Japanese."""
        for bead in self.beads:
            if bead.source and bead.target:
                yield (
                    join_sentences((self.source[i].text for i in bead.source), self.source_lang),
                    join_sentences((self.target[j].text for j in bead.target), self.target_lang),
                    bead,
                )

    @property
    def unaligned(self) -> tuple[Bead, ...]:
        """Beads with one empty side: sentences with no counterpart (left out of translation units)."""
        return tuple(b for b in self.beads if not (b.source and b.target))


def join_sentences(texts: Iterable[str], lang: str) -> str:
    return _separator(lang).join(texts)


# -- reading and checking documents ----------------------------------------------------------------------


def read_document(path: Path, encoding: str | None = None) -> str:
    """A document's text; a missing, binary, undecodable or empty file is an InputError."""
    from memories.formats._files import read_text

    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a file", hint="check the path")
    text = read_text(path, encoding)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(
            path, "NUL byte in text: this looks like a binary file", line, hint="give a text file"
        )
    if not text.strip():
        raise InputError(path, "the document is empty", hint="give a text with at least one sentence")
    return text


@lru_cache(maxsize=64)
def _script(lang: str) -> str | None:
    import langcodes

    script = langcodes.Language.get(lang).maximize().script
    return script if script in _SCRIPT_LETTERS else None


def _script_share(text: str, script: str) -> float:
    """The share of the text's letters written in ``script``."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return 0.0
    inside = re.compile(f"[{_SCRIPT_LETTERS[script]}]")
    return sum(1 for c in letters if inside.match(c)) / len(letters)


def check_languages(
    source_text: str, target_text: str, source_lang: str, target_lang: str, paths: tuple[object, object]
) -> None:
    """Refuse a pair whose languages are the same, or whose text is not written in its language's script."""
    if same_language(source_lang, target_lang):
        raise InputError(None, f"source and target are both {source_lang}", hint="give --source and --target")
    for text, lang, path in ((source_text, source_lang, paths[0]), (target_text, target_lang, paths[1])):
        script = _script(lang)
        if script is None:
            continue
        sample = text[:200_000]
        if _script_share(sample, script) < 0.5:
            found = max(_SCRIPT_LETTERS, key=lambda s: _script_share(sample, s))
            raise InputError(
                str(path),
                f"does not look like {lang}: most of its letters are not in the {script} script ({found})",
                hint="check --source/--target and the order of the files",
            )
    if source_text.split() == target_text.split():
        raise InputError(str(paths[1]), f"holds the same text as {paths[0]}", hint="give the translation")


# -- sentences and their features ------------------------------------------------------------------------


def segment(text: str, lang: str) -> list[Sentence]:
    """The document's sentences (pysbd via memories.text), each with its paragraph number.

    Pieces that are not sentences are joined to the next one: a bare paragraph number ("57.", "2.", "(a)"),
    which pysbd cuts off on some sides and not others, and a piece ending in a comma or a colon (pysbd's
    Arabic rules end sentences at both)."""
    from memories.text import split_sentences

    sentences: list[Sentence] = []
    paragraphs = [p for p in re.split(r"\n\s*\n", text) if p.strip()]
    for number, paragraph in enumerate(paragraphs):
        pieces = split_sentences(paragraph, lang)
        joined: list[str] = []
        pending = ""
        for piece in pieces:
            # "2." + "发展…" is "2. 发展…": after a Latin character or a digit even Chinese has a space.
            separator = " " if pending and pending[-1].isascii() else _separator(lang)
            text_so_far = f"{pending}{separator}{piece}" if pending else piece
            if _INCOMPLETE.search(piece) or _ENUMERATOR.fullmatch(piece):
                pending = text_so_far
            else:
                joined.append(text_so_far)
                pending = ""
        if pending:
            joined.append(pending)
        sentences.extend(Sentence(s, number) for s in joined)
    return sentences


def _separator(lang: str) -> str:
    from memories.langs import UNSEGMENTED_LANGUAGES, base_language

    return "" if base_language(lang) in UNSEGMENTED_LANGUAGES else " "


def _length(text: str) -> int:
    """Characters that carry text: spaces are left out, so word-segmented Chinese counts like plain Chinese."""
    return len(_SPACE.sub("", text))


def _numbers(text: str) -> list[str]:
    # Digit runs, not formatted numbers: "1,000", "1 000" and "1.000" all give "1" and "000"; int() reads
    # Arabic-Indic and full-width digits too.
    found = []
    for run in _DIGITS.findall(text):
        try:
            found.append("#" + str(int(run)) if len(run) < 20 else "#" + run)
        except ValueError:  # a digit int() does not read (superscripts)
            continue
    return found


_CHINESE_DIGITS = {
    "〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
# Chinese numerals count only where they are surely numbers: after 第 (ordinals: 第一百一十条) or before a
# counter (一九四二年, 六十九届); a bare 一 is as often "a" or "one" as a number.
_CHINESE_NUMBER = re.compile(
    r"(?<=第)[〇零一二三四五六七八九十百千万两]+|[〇零一二三四五六七八九十百千万两]+(?=[年月日条章届次项段款节])"
)


def _chinese_number(numeral: str) -> int:
    """The value of a Chinese numeral: digit by digit (一九四二 = 1942) or with units (一百一十 = 110)."""
    if not any(c in _CHINESE_UNITS or c == "万" for c in numeral):
        return int("".join(str(_CHINESE_DIGITS[c]) for c in numeral))
    total, section, digit = 0, 0, None
    for c in numeral:
        if c in _CHINESE_DIGITS:
            digit = _CHINESE_DIGITS[c]
        elif c in _CHINESE_UNITS:
            section += (1 if digit is None else digit) * _CHINESE_UNITS[c]
            digit = None
        elif c == "万":
            total += (section + (digit or 0)) * 10_000
            section, digit = 0, None
    return total + section + (digit or 0)


def _is_latin(lang: str) -> bool:
    return _script(lang) in (None, "Latn")


def _anchors(sentence: str, lang: str, terms: Sequence[str], keep_latin_words: bool) -> set[str]:
    """What should appear on both sides of a bead: numbers, Latin-script names, terms of the term pairs."""
    from memories.text import normalize

    text = unicodedata.normalize("NFKC", sentence)
    found = set(_numbers(text))
    if is_chinese(lang):
        found.update(f"#{_chinese_number(n)}" for n in _CHINESE_NUMBER.findall(text))
    if keep_latin_words:
        # One side is not in Latin script: Latin words in it are names or acronyms kept as they are.
        found.update("w:" + w.casefold() for w in _LATIN_WORD.findall(text) if len(w) > 1)
    else:
        found.update("a:" + w for w in _ACRONYM.findall(text))
    if terms:
        normalized = normalize(sentence)
        found.update(f"t:{k}" for k, term in enumerate(terms) if term and term in normalized)
    return found


@dataclass
class _Side:
    lengths: list[int]
    anchors: list[set[str]]
    paragraphs: list[int]

    def __post_init__(self) -> None:
        n = len(self.lengths)
        self.cumulative = [0]
        for length in self.lengths:
            self.cumulative.append(self.cumulative[-1] + length)
        # Looked up millions of times by the programme, so computed once: the length and the anchors of
        # every span of one and of two sentences, and where paragraphs break.
        self.span = {
            d: [self.cumulative[min(i + d, n)] - self.cumulative[i] for i in range(n + 1)] for d in (0, 1, 2)
        }
        self.sets = {
            d: [frozenset().union(*self.anchors[i : i + d]) for i in range(n + 1)] for d in (0, 1, 2)
        }
        self.breaks = [i == 0 or i >= n or self.paragraphs[i] != self.paragraphs[i - 1] for i in range(n + 2)]

    def __len__(self) -> int:
        return len(self.lengths)

    def paragraph_starts(self) -> list[int]:
        """The index of each paragraph's first sentence, and the number of sentences at the end."""
        return [i for i in range(len(self.lengths)) if self.breaks[i]] + [len(self.lengths)]


def _sides(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    source_lang: str,
    target_lang: str,
    terms: Sequence[tuple[str, str]],
) -> tuple[_Side, _Side]:
    from memories.text import normalize

    latin = _is_latin(source_lang) != _is_latin(target_lang)
    source_terms = [normalize(s) for s, _ in terms]
    target_terms = [normalize(t) for _, t in terms]
    src_anchors = [_anchors(s.text, source_lang, source_terms, latin) for s in source]
    tgt_anchors = [_anchors(t.text, target_lang, target_terms, latin) for t in target]
    if latin:
        # Latin words are anchors only where the non-Latin side kept them: the Latin side's other words are
        # not names.
        non_latin = tgt_anchors if _is_latin(source_lang) else src_anchors
        kept = {k for a in non_latin for k in a}
        src_anchors = [{k for k in a if k in kept or k[0] != "w"} for a in src_anchors]
        tgt_anchors = [{k for k in a if k in kept or k[0] != "w"} for a in tgt_anchors]
    src = _Side([_length(s.text) for s in source], src_anchors, [s.paragraph for s in source])
    tgt = _Side([_length(t.text) for t in target], tgt_anchors, [t.paragraph for t in target])
    return src, tgt


# -- the dynamic programme -------------------------------------------------------------------------------


_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2), (2, 2))


class _Aligner:
    def __init__(self, src: _Side, tgt: _Side, model: LengthModel, paragraphs_match: bool) -> None:
        self.src = src
        self.tgt = tgt
        self.model = model
        self.paragraphs_match = paragraphs_match

    def bead_cost(self, i: int, j: int, di: int, dj: int) -> tuple[float, float, int]:
        """(cost, length cost, shared anchors) of the bead of source [i, i+di) and target [j, j+dj)."""
        src, tgt = self.src, self.tgt
        cost = _KIND_COST[(di, dj)]
        length = 0.0
        shared = 0
        # A sentence without counterpart costs its prior only: the length of what is missing says nothing
        # about what is there (Gale & Church charge it as a length mismatch, which makes a long sentence
        # missing on one side look like a merge with its neighbour).
        if di and dj:
            # Gale & Church's match cost with a Laplace law of the same variance instead of their normal one:
            # real length differences have heavy tails, and under a normal law a loose but correct 1-1 pair
            # costs more than a deletion on each side.
            ls, lt = src.span[di][i], tgt.span[dj][j]
            scaled = lt / self.model.ratio
            length = (
                _LAPLACE_SCALE
                * abs(scaled - ls)
                / math.sqrt(self.model.variance * max((ls + scaled) / 2, 1.0))
            )
            a, b = src.sets[di][i], tgt.sets[dj][j]
            if a and b:
                shared = min(_MAX_ANCHORS, len(a & b))
            cost += length - _ANCHOR_BONUS * shared
        if (di == 2 and src.breaks[i + 1]) or (dj == 2 and tgt.breaks[j + 1]):
            cost += _CROSS_PARAGRAPH
        if self.paragraphs_match and src.breaks[i + di] != tgt.breaks[j + dj]:
            cost += _BREAK_DISAGREES
        return cost, length, shared

    def diagonal(self) -> list[int]:
        """For each source sentence, the target sentence at the same share of the text's characters; of
        the paragraph's characters when both texts have as many paragraphs (paragraph k against paragraph k)."""
        src, tgt = self.src, self.tgt
        n = len(src)
        if not src.cumulative[-1] or not tgt.cumulative[-1]:
            return [round(i * len(tgt) / max(n, 1)) for i in range(n + 1)]
        src_starts, tgt_starts = src.paragraph_starts(), tgt.paragraph_starts()
        if len(src_starts) != len(tgt_starts):
            src_starts, tgt_starts = [0, n], [0, len(tgt)]
        centres = []
        p = 0
        for i in range(n + 1):
            while p + 2 < len(src_starts) and src_starts[p + 1] <= i:
                p += 1
            s0, s1 = src.cumulative[src_starts[p]], src.cumulative[src_starts[p + 1]]
            t0, t1 = tgt.cumulative[tgt_starts[p]], tgt.cumulative[tgt_starts[p + 1]]
            share = (src.cumulative[i] - s0) / (s1 - s0) if s1 > s0 else 0.0
            centres.append(bisect.bisect_left(tgt.cumulative, t0 + share * (t1 - t0)))
        return centres

    def bounds(self, centres: Sequence[int], band: int) -> tuple[list[int], list[int]]:
        """The first and last target index of the band in each row."""
        n, m = len(self.src), len(self.tgt)
        lows = [max(0, c - band) for c in centres]
        highs = [min(m, c + band) for c in centres]
        lows[0], highs[n] = 0, m
        # Rows may not leave gaps: every cell must be reachable from the row above.
        for i in range(1, n + 1):
            lows[i] = min(lows[i], highs[i - 1])
            highs[i - 1] = max(highs[i - 1], lows[i])
        return lows, highs

    def posteriors(
        self, centres: Sequence[int], band: int, path: Sequence[tuple[int, int, int, int]]
    ) -> list[float]:
        """The probability of each bead of ``path`` among all the alignments in the band, each weighted by
        exp(-cost) (forward-backward): a bead with a close rival (a missing sentence or a merge with its
        neighbour, say) gets a low one."""
        n, m = len(self.src), len(self.tgt)
        lows, highs = self.bounds(centres, band)
        bead_cost = self.bead_cost
        forward: list[dict[int, float]] = [{} for _ in range(n + 1)]
        forward[0][0] = 0.0
        for i in range(n + 1):
            for j in range(lows[i], highs[i] + 1):
                if i == 0 and j == 0:
                    continue
                terms = [
                    previous - bead_cost(i - di, j - dj, di, dj)[0]
                    for di, dj in _MOVES
                    if di <= i and dj <= j and (previous := forward[i - di].get(j - dj)) is not None
                ]
                if terms:
                    forward[i][j] = _log_sum_exp(terms)
        backward: list[dict[int, float]] = [{} for _ in range(n + 1)]
        backward[n][m] = 0.0
        for i in range(n, -1, -1):
            for j in range(highs[i], lows[i] - 1, -1):
                if i == n and j == m:
                    continue
                terms = [
                    following - bead_cost(i, j, di, dj)[0]
                    for di, dj in _MOVES
                    if i + di <= n and j + dj <= m and (following := backward[i + di].get(j + dj)) is not None
                ]
                if terms:
                    backward[i][j] = _log_sum_exp(terms)
        total = forward[n][m]
        return [
            min(1.0, math.exp(forward[i][j] - bead_cost(i, j, di, dj)[0] + backward[i + di][j + dj] - total))
            for i, j, di, dj in path
        ]

    def run(self, centres: Sequence[int], band: int) -> tuple[list[tuple[int, int, int, int]], bool]:
        """The best path as (i, j, di, dj) beads within ``band`` sentences of ``centres`` (one target index
        per source index), and whether it came near the edge of the band."""
        n, m = len(self.src), len(self.tgt)
        lows, highs = self.bounds(centres, band)
        cost: list[dict[int, float]] = [{} for _ in range(n + 1)]
        back: list[dict[int, tuple[int, int]]] = [{} for _ in range(n + 1)]
        cost[0][0] = 0.0
        bead_cost = self.bead_cost
        inf = math.inf
        for i in range(n + 1):
            row, row_back = cost[i], back[i]
            for j in range(lows[i], highs[i] + 1):
                if i == 0 and j == 0:
                    continue
                best, best_move = inf, (0, 0)
                for di, dj in _MOVES:
                    if di > i or dj > j:
                        continue
                    previous = cost[i - di].get(j - dj)
                    if previous is None:
                        continue
                    total = previous + bead_cost(i - di, j - dj, di, dj)[0]
                    if total < best:
                        best, best_move = total, (di, dj)
                if best < inf:
                    row[j] = best
                    row_back[j] = best_move
        path: list[tuple[int, int, int, int]] = []
        i, j = n, m
        near_edge = False
        while i > 0 or j > 0:
            di, dj = back[i][j]
            i, j = i - di, j - dj
            path.append((i, j, di, dj))
            if (lows[i] > 0 and j - lows[i] < 2) or (highs[i] < m and highs[i] - j < 2):
                near_edge = True
        path.reverse()
        return path, near_edge

    def best_path(self, centres: Sequence[int], band: int) -> tuple[list[tuple[int, int, int, int]], int]:
        """The best path, widening the band until the path keeps away from its edges."""
        while True:
            path, near_edge = self.run(centres, band)
            if not near_edge or band >= max(len(self.src), len(self.tgt)):
                return path, band
            band *= 2


def _log_sum_exp(values: Sequence[float]) -> float:
    top = max(values)
    return top + math.log(sum(math.exp(v - top) for v in values))


def _beads(
    aligner: _Aligner, path: Sequence[tuple[int, int, int, int]], centres: Sequence[int], band: int
) -> list[Bead]:
    posteriors = aligner.posteriors(centres, band, path)
    return [
        Bead(tuple(range(i, i + di)), tuple(range(j, j + dj)), round(posterior, 4))
        for (i, j, di, dj), posterior in zip(path, posteriors, strict=True)
    ]


def _path_centres(path: Sequence[tuple[int, int, int, int]], n: int) -> list[int]:
    """For each source index, the target index where a path passes it."""
    centres = [0] * (n + 1)
    for i, j, di, dj in path:
        centres[i] = j
        centres[i + di] = j + dj
    return centres


def align(
    source: Sequence[Sentence | str],
    target: Sequence[Sentence | str],
    source_lang: str,
    target_lang: str,
    terms: Sequence[tuple[str, str]] = (),
    model: LengthModel | None = None,
) -> Alignment:
    """Align two documents' sentences. Without a length model, one is estimated from the documents: the
    ratio of their lengths first, then again from the confident 1-1 beads of that first alignment.
    ``terms`` are (source term, target term) pairs whose presence on both sides of a bead is an anchor."""
    src_sentences = tuple(s if isinstance(s, Sentence) else Sentence(s) for s in source)
    tgt_sentences = tuple(t if isinstance(t, Sentence) else Sentence(t) for t in target)
    src, tgt = _sides(src_sentences, tgt_sentences, source_lang, target_lang, terms)
    src_paragraphs = len(set(src.paragraphs))
    tgt_paragraphs = len(set(tgt.paragraphs))
    paragraphs_match = src_paragraphs > 1 and abs(src_paragraphs - tgt_paragraphs) <= 0.1 * src_paragraphs
    if not src_sentences or not tgt_sentences:
        beads = [Bead((i,), (), 0.0) for i in range(len(src))] + [
            Bead((), (j,), 0.0) for j in range(len(tgt))
        ]
        return Alignment(
            source_lang, target_lang, src_sentences, tgt_sentences, tuple(beads), model or LengthModel(1.0)
        )
    aligner = _Aligner(src, tgt, model or _first_model(src, tgt), paragraphs_match)
    centres = aligner.diagonal()
    path, band = aligner.best_path(centres, _INITIAL_BAND)
    if model is None:
        estimated = LengthModel.from_lengths(
            (src.lengths[i], tgt.lengths[j]) for i, j, di, dj in path if di == dj == 1
        )
        if estimated is not None:
            # Realigned with the estimated model, in a narrow band around the first path: it moves little.
            aligner = _Aligner(src, tgt, estimated, paragraphs_match)
            centres = _path_centres(path, len(src))
            path, band = aligner.best_path(centres, _REFINE_BAND)
    found = tuple(_beads(aligner, path, centres, band))
    return Alignment(source_lang, target_lang, src_sentences, tgt_sentences, found, aligner.model, band)


def _first_model(src: _Side, tgt: _Side) -> LengthModel:
    """Before any alignment, the ratio of the two documents' lengths."""
    return LengthModel(max(tgt.cumulative[-1], 1) / max(src.cumulative[-1], 1))


def estimate_model(
    documents: Iterable[tuple[Sequence[Sentence | str], Sequence[Sentence | str]]],
    source_lang: str,
    target_lang: str,
) -> LengthModel | None:
    """The length model of a language pair from many document pairs: each is aligned with its own lengths,
    then the 1-1 beads of all of them make the model (short documents alone give too few)."""
    lengths: list[tuple[int, int]] = []
    for source, target in documents:
        alignment = align(source, target, source_lang, target_lang)
        for bead in alignment.beads:
            if len(bead.source) == len(bead.target) == 1:
                lengths.append(
                    (
                        _length(alignment.source[bead.source[0]].text),
                        _length(alignment.target[bead.target[0]].text),
                    )
                )
    return LengthModel.from_lengths(lengths)


def align_texts(
    source_text: str,
    target_text: str,
    source_lang: str,
    target_lang: str,
    terms: Sequence[tuple[str, str]] = (),
    model: LengthModel | None = None,
) -> Alignment:
    """Split two running texts into sentences and align them."""
    return align(
        segment(source_text, source_lang),
        segment(target_text, target_lang),
        source_lang,
        target_lang,
        terms,
        model,
    )


# -- results -----------------------------------------------------------------------------------------------


def links(beads: Iterable[Bead]) -> set[tuple[int, int]]:
    """Every (source sentence, target sentence) pair a bead implies: the unit F1 is counted in."""
    return {(i, j) for bead in beads for i in bead.source for j in bead.target}


def scores(predicted: set[tuple[int, int]], gold: set[tuple[int, int]]) -> tuple[float, float, float]:
    """(precision, recall, F1) of predicted sentence-pair links against gold links."""
    correct = len(predicted & gold)
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def translation_units(alignment: Alignment, threshold: float = REVIEW_BELOW) -> Iterator[TranslationUnit]:
    """One unit per bead with both sides; beads below the threshold are marked for review. The position
    is the bead's first source sentence, counted from 1."""
    for source_text, target_text, bead in alignment.pairs():
        yield TranslationUnit(
            variants=(
                Variant(alignment.source_lang, source_text),
                Variant(alignment.target_lang, target_text),
            ),
            position=bead.source[0] + 1,
            status="review" if bead.confidence < threshold else "translated",
            srclang=alignment.source_lang,
            props=(("x-alignment", bead.kind), ("x-confidence", f"{bead.confidence:.2f}")),
        )
