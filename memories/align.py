"""Sentence alignment of two language versions of a document: paragraphs, then sentences, by length and more.

In the manner of Gale & Church (1993) and hunalign: a dynamic programme finds the cheapest sequence of beads
(1-1, 1-2, 2-1, 1-0, 0-1) where a bead costs the prior of its kind, the improbability of its character
lengths under a length model (ratio and variance estimated from the documents themselves, again until they
settle), minus what the two sides share: anchors (numbers and dates in both writings, Latin-script names
kept in Chinese, quoted titles, the caller's term pairs) and the words of a bilingual lexicon learned from a
translation memory (memories.align_lexicon), which count for the bead when found and against it when
missed. When both texts are cut into comparable paragraphs, paragraphs are aligned first and sentences
inside each group of aligned paragraphs, so that a paragraph missing, added or merged on one side stays a
local matter: a region without counterpart comes out as 1-0 or 0-1 beads, not as shifted pairs. The
programme runs in a band around the diagonal that widens when the best path touches its edge.

A bead's confidence is its posterior probability (forward-backward over the same band); a pair next to a
sentence without counterpart, whose words or numbers disagree with it, whose lengths are far apart with
nothing to vouch for it, or which joins sentences of two paragraphs is flagged for review whatever its
probability (its confidence is put below ``REVIEW_BELOW``, and its ``reason`` says why). So is every pair
between a sentence without counterpart (or a join across paragraphs) and the nearest pair an anchor or the
lexicon confirms: without a lexicon the lengths cannot say where such a region starts, and a misplaced one
leaves shifted pairs that look plausible. A paragraph's leading number or letter ("12.", "(b)") counts as an
anchor when both sides have the same, never against a pair: versions number their paragraphs differently.
"""

from __future__ import annotations

import bisect
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from memories.errors import InputError
from memories.formats._files import read_text
from memories.langs import UNSEGMENTED_LANGUAGES, base_language, is_chinese, same_language
from memories.model import TranslationUnit, Variant
from memories.text import normalize, split_sentences
from memories.tokens import lexicon_words

if TYPE_CHECKING:
    from memories.align_lexicon import Lexicon

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
_PRIORS = {(1, 1): 0.89, (1, 0): 0.005, (0, 1): 0.005, (2, 1): 0.0445, (1, 2): 0.0445}
_KIND_COST = {kind: -math.log(p) for kind, p in _PRIORS.items()}
_ANCHOR_BONUS = 1.5  # nats per shared anchor
_MAX_ANCHORS = 4  # a bead cannot buy more than this: a long list of numbers must not pull the path astray
_CROSS_PARAGRAPH = 6.0  # a bead that joins sentences across a paragraph break on one side
_BREAK_DISAGREES = 2.0  # a bead boundary at a paragraph break on one side only
# The lexicon's evidence, per word: a word of one side whose translation is in the other side is found in
# about half the right pairs and a twentieth of the wrong ones (in a UN memory: 0.55-0.65 and 0.04), so a
# word found says log(0.5 / 0.05) and a word missed log(0.5 / 0.95).
_FOUND = math.log(0.5 / 0.05)
_MISSED = math.log(0.5 / 0.95)
_MAX_EVIDENCE = 60.0
_ESTIMATIONS = 3  # passes after the first, at most, each with the model the previous one gives
_MIN_RATIO_PAIRS = 3  # 1-1 beads that give a ratio (not a variance)
_UNMATCHED_NUMBER = 1.0  # nats per number on one side of a bead only
_UNSUPPORTED_MERGE = 3.0  # a 2-1 bead one of whose sentences has nothing in common with the other side
# A pair is flagged when its words say it is wrong (fewer than a fifth found) and no anchor vouches for
# it, or when its lengths are far apart (a Laplace cost of 4: beyond two standard deviations and a half)
# with neither words nor anchors to vouch for it.
_DISAGREEING_EVIDENCE = -1.5
_DISAGREEING_LENGTH = 4.0
_CONFIRMING_EVIDENCE = 3.0
_INITIAL_BAND = 12
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
    so low when another reading is almost as good; beads below ``REVIEW_BELOW`` deserve a look. A bead
    flagged for a ``reason`` is put below it whatever its probability."""
    reason: str = ""
    """Why a pair is flagged for review: next to a sentence without counterpart, words or lengths that
    disagree, or a rival alignment almost as likely; "" for a pair that is not flagged."""

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


_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",),
            ("june", "jun"), ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"),
            ("october", "oct"), ("november", "nov"), ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}  # fmt: skip
_MONTH = re.compile(r"\b(" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\b\.?", re.IGNORECASE)
# A quoted or bracketed title: “…” or "…" of two words or more, 《…》, 〈…〉, 「…」.
_QUOTED = re.compile(
    r"[\u201c\"][^\u201d\"]{3,}\s[^\u201d\"]*[\u201d\"]|[\u300a\u3008\u300c][^\u300b\u3009\u300d]+"
)


# A leading paragraph label: "12. ", "12) ", "(12) ", "(b) ", "(iv) ", "一、" (after NFKC: full-width
# brackets and digits are ASCII).
_LABEL = re.compile(
    r"^\s*(?:\(?\d{1,4}[.)]\s|\((?:\d{1,4}|[a-zA-Z]{1,2}|[ivxlcIVXLC]{1,6})\)\s?|[一二三四五六七八九十]+、)"
)


def _anchors(sentence: str, lang: str, terms: Sequence[str], keep_latin_words: bool) -> set[str]:
    """What should appear on both sides of a bead: numbers (with month names as numbers: "27 March 2023"
    and 2023年3月27日 share 27, 3 and 2023), Latin-script names, quoted titles, terms of the term pairs."""
    # A paragraph's number or letter ("12. ", "(b) ") is a label, not content: two versions number their
    # paragraphs differently after an insertion or a deletion, so labels that differ are no evidence against
    # a pair (as numbers that differ are); labels that agree still count as a shared anchor.
    text = unicodedata.normalize("NFKC", sentence)
    label = _LABEL.match(text)
    found = {"n:" + re.sub(r"[\s.)(、]", "", label.group())} if label else set()
    if label:
        text = text[label.end() :]
    found.update(_numbers(text))
    if is_chinese(lang):
        found.update(f"#{_chinese_number(n)}" for n in _CHINESE_NUMBER.findall(text))
    elif _is_latin(lang):
        # Only a capitalised month name with a number near it is a date ("may" is a verb).
        found.update(
            f"#{_MONTHS[m.group(1).lower()]}"
            for m in _MONTH.finditer(text)
            if m.group(1)[0].isupper() and re.search(r"\d", text[max(0, m.start() - 5) : m.end() + 6])
        )
    if _QUOTED.search(sentence):
        found.add("q")
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
    """One side's sentences (or paragraphs) as the programme sees them: lengths, anchors, lexicon words."""

    lengths: list[int]
    anchors: list[set[str]]
    paragraphs: list[int]
    entries: list[frozenset[int]]
    """Per sentence: the lexicon entries (numbered) whose word on this side it holds."""
    words: list[frozenset[str]]
    """Per sentence: its words that the lexicon knows."""

    def __post_init__(self) -> None:
        n = len(self.lengths)
        self.cumulative = [0]
        for length in self.lengths:
            self.cumulative.append(self.cumulative[-1] + length)
        # Looked up millions of times by the programme, so computed once: the length, the anchors and the
        # lexicon words of every span of one and of two sentences, and where paragraphs break.
        self.span = {
            d: [self.cumulative[min(i + d, n)] - self.cumulative[i] for i in range(n + 1)] for d in (0, 1, 2)
        }
        self.sets = {
            d: [frozenset().union(*self.anchors[i : i + d]) for i in range(n + 1)] for d in (0, 1, 2)
        }
        self.numbers = {
            d: [frozenset(a for a in anchors if a[0] == "#") for anchors in self.sets[d]] for d in (0, 1, 2)
        }
        self.entry_sets = {
            d: [frozenset().union(*self.entries[i : i + d]) for i in range(n + 1)] for d in (0, 1, 2)
        }
        self.word_counts = {
            d: [len(frozenset().union(*self.words[i : i + d])) for i in range(n + 1)] for d in (0, 1, 2)
        }
        self.breaks = [i == 0 or i >= n or self.paragraphs[i] != self.paragraphs[i - 1] for i in range(n + 2)]

    def __len__(self) -> int:
        return len(self.lengths)

    def paragraph_starts(self) -> list[int]:
        """The index of each paragraph's first sentence, and the number of sentences at the end."""
        return [i for i in range(len(self.lengths)) if self.breaks[i]] + [len(self.lengths)]

    def part(self, start: int, end: int) -> _Side:
        """Sentences [start, end) as a side of their own, one paragraph: the paragraphs of a group that the
        paragraph alignment joined (two merged on the other side) may be joined by a bead."""
        return _Side(
            self.lengths[start:end],
            self.anchors[start:end],
            [0] * (end - start),
            self.entries[start:end],
            self.words[start:end],
        )

    def by_paragraph(self) -> tuple[_Side, list[int]]:
        """The side with one item per paragraph (its sentences' lengths summed, their features joined), and
        the index of each paragraph's first sentence (and the number of sentences at the end)."""
        starts = self.paragraph_starts()
        spans = list(itertools.pairwise(starts))
        side = _Side(
            [sum(self.lengths[a:b]) for a, b in spans],
            [set().union(*self.anchors[a:b]) for a, b in spans],
            # One paragraph of paragraphs: a bead of two of them is a merge, not a crossing of a break.
            [0] * len(spans),
            [frozenset().union(*self.entries[a:b]) for a, b in spans],
            [frozenset().union(*self.words[a:b]) for a, b in spans],
        )
        return side, starts


@dataclass(frozen=True)
class _Lexical:
    """The lexicon's entries, numbered: (source word, target word)."""

    entries: tuple[tuple[str, str], ...]


def _sides(
    source: Sequence[Sentence],
    target: Sequence[Sentence],
    source_lang: str,
    target_lang: str,
    terms: Sequence[tuple[str, str]],
    lexicon: Lexicon | None = None,
) -> tuple[_Side, _Side, _Lexical]:
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
    empty: dict[str, tuple[int, ...]] = {}
    by_source = lexicon.by_source if lexicon is not None else empty
    by_target = lexicon.by_target if lexicon is not None else empty
    pairs = lexicon.entries if lexicon is not None else ()

    def features(
        sentences: Sequence[Sentence], lang: str, index: dict[str, tuple[int, ...]]
    ) -> tuple[list[frozenset[int]], list[frozenset[str]]]:
        if not index:
            return [frozenset()] * len(sentences), [frozenset()] * len(sentences)
        words = [frozenset(w for w in lexicon_words(s.text, lang) if w in index) for s in sentences]
        return [frozenset(e for w in found for e in index[w]) for found in words], words

    src_entries, src_words = features(source, source_lang, by_source)
    tgt_entries, tgt_words = features(target, target_lang, by_target)
    src = _Side(
        [_length(s.text) for s in source], src_anchors, [s.paragraph for s in source], src_entries, src_words
    )
    tgt = _Side(
        [_length(t.text) for t in target], tgt_anchors, [t.paragraph for t in target], tgt_entries, tgt_words
    )
    return src, tgt, _Lexical(pairs)


# -- the dynamic programme -------------------------------------------------------------------------------


# No 2-2 bead: it is two 1-1 beads that the lengths of a loose translation happen to fit better together,
# and it pairs each sentence with the wrong one as well as the right one.
_MOVES = ((1, 1), (1, 0), (0, 1), (2, 1), (1, 2))


class _Aligner:
    def __init__(
        self, src: _Side, tgt: _Side, model: LengthModel, paragraphs_match: bool, lexical: _Lexical
    ) -> None:
        self.src = src
        self.tgt = tgt
        self.model = model
        self.paragraphs_match = paragraphs_match
        self.lexical = lexical
        self.cache: dict[tuple[int, int, int, int], tuple[float, float, int, float, bool]] = {}

    def evidence(self, i: int, j: int, di: int, dj: int) -> float:
        """In nats, how much more likely the lexicon's words found and missed in the bead make it a
        translation than a chance pairing; 0 without lexicon words."""
        src, tgt = self.src, self.tgt
        source_words, target_words = src.word_counts[di][i], tgt.word_counts[dj][j]
        if not (source_words or target_words):
            return 0.0
        matched = src.entry_sets[di][i] & tgt.entry_sets[dj][j]
        entries = self.lexical.entries
        found_source = len({entries[e][0] for e in matched})
        found_target = len({entries[e][1] for e in matched})
        llr = (
            found_source * _FOUND
            + (source_words - found_source) * _MISSED
            + found_target * _FOUND
            + (target_words - found_target) * _MISSED
        ) / 2  # the two directions count the same evidence twice
        return max(-_MAX_EVIDENCE, min(_MAX_EVIDENCE, llr))

    def unsupported(self, i: int, j: int, di: int, dj: int) -> bool:
        """Whether one of the two sentences of a 2-1 or 1-2 bead has words the lexicon knows or anchors, and
        none of them is found on the other side: a short sentence with no counterpart (a heading, a line
        deleted on the other side) joined to its neighbour because that is cheaper than leaving it alone."""
        src, tgt = self.src, self.tgt
        if di == 2:
            parts = (
                (src, i, tgt.entry_sets[dj][j], tgt.sets[dj][j]),
                (src, i + 1, tgt.entry_sets[dj][j], tgt.sets[dj][j]),
            )
        else:
            parts = (
                (tgt, j, src.entry_sets[di][i], src.sets[di][i]),
                (tgt, j + 1, src.entry_sets[di][i], src.sets[di][i]),
            )
        for side, k, entries, anchors in parts:
            own_entries, own_anchors = side.entries[k], side.anchors[k]
            if (own_entries or own_anchors) and not (own_entries & entries or own_anchors & anchors):
                return True
        return False

    def bead_cost(self, i: int, j: int, di: int, dj: int) -> tuple[float, float, int, float, bool]:
        """(cost, length cost, shared anchors, lexical evidence, a part of a merge unsupported) of the bead
        of source [i, i+di) and target [j, j+dj)."""
        key = (i, j, di, dj)
        cached = self.cache.get(key)
        if cached is not None:
            return cached
        src, tgt = self.src, self.tgt
        cost = _KIND_COST[(di, dj)]
        length = 0.0
        shared = 0
        evidence = 0.0
        unsupported = False
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
                # Numbers on one side only, where both sides have numbers, are evidence against the bead:
                # without it a heading ("Article 4") joins its neighbour to save a sentence without
                # counterpart, and "Article 6" pairs with 第四条.
                numbers_a, numbers_b = src.numbers[di][i], tgt.numbers[dj][j]
                if numbers_a and numbers_b:
                    unmatched = min(_MAX_ANCHORS, len(numbers_a ^ numbers_b))
                    cost += _UNMATCHED_NUMBER * unmatched
                    if not numbers_a & numbers_b:
                        shared = -1
            evidence = self.evidence(i, j, di, dj)
            cost += length - _ANCHOR_BONUS * max(shared, 0) - evidence
            if di + dj == 3 and self.unsupported(i, j, di, dj):
                unsupported = True
                cost += _UNSUPPORTED_MERGE
        if (di == 2 and src.breaks[i + 1]) or (dj == 2 and tgt.breaks[j + 1]):
            cost += _CROSS_PARAGRAPH
        if self.paragraphs_match and src.breaks[i + di] != tgt.breaks[j + dj]:
            cost += _BREAK_DISAGREES
        result = (cost, length, shared, evidence, unsupported)
        self.cache[key] = result
        return result

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


@dataclass(frozen=True)
class _Found:
    """A bead of a path with what the programme knew of it."""

    i: int
    j: int
    di: int
    dj: int
    posterior: float
    length: float = 0.0
    shared: int = 0
    """Anchors the two sides share; -1 when both have numbers and share none."""
    evidence: float = 0.0
    unsupported: bool = False


def _run_level(
    src: _Side,
    tgt: _Side,
    model: LengthModel,
    paragraphs_match: bool,
    lexical: _Lexical,
    posteriors: bool = True,
) -> tuple[list[_Found], int]:
    """The best path of one programme (sentences, or paragraphs) with each bead's posterior (1 when
    ``posteriors`` is false: a pass whose path only serves to estimate the length model)."""
    if not len(src) or not len(tgt):
        return [_Found(i, 0, 1, 0, 1.0) for i in range(len(src))] + [
            _Found(len(src), j, 0, 1, 1.0) for j in range(len(tgt))
        ], 0
    aligner = _Aligner(src, tgt, model, paragraphs_match, lexical)
    centres = aligner.diagonal()
    path, band = aligner.best_path(centres, _INITIAL_BAND)
    probabilities = aligner.posteriors(centres, band, path) if posteriors else [1.0] * len(path)
    found = []
    for (i, j, di, dj), posterior in zip(path, probabilities, strict=True):
        _, length, shared, evidence, unsupported = aligner.bead_cost(i, j, di, dj)
        found.append(_Found(i, j, di, dj, posterior, length, shared, evidence, unsupported))
    return found, band


def _paragraphs_comparable(src: _Side, tgt: _Side) -> bool:
    """Whether the two sides are cut into paragraphs alike enough to align paragraphs first: both have
    several, of about as many sentences (a side without blank lines, or with one line a paragraph against
    long paragraphs, is aligned sentence by sentence)."""
    src_paragraphs, tgt_paragraphs = len(src.paragraph_starts()) - 1, len(tgt.paragraph_starts()) - 1
    if src_paragraphs < 2 or tgt_paragraphs < 2:
        return False
    per_src, per_tgt = len(src) / src_paragraphs, len(tgt) / tgt_paragraphs
    return 0.5 <= per_src / per_tgt <= 2.0


def _two_levels(
    src: _Side, tgt: _Side, model: LengthModel, lexical: _Lexical, posteriors: bool = True
) -> tuple[list[_Found], int]:
    """Paragraphs aligned first, then the sentences inside each group of aligned paragraphs; a paragraph
    without counterpart gives sentences without counterpart. A sentence bead's posterior is its own in its
    group times its group's."""
    if not _paragraphs_comparable(src, tgt):
        src_paragraphs = len(src.paragraph_starts()) - 1
        tgt_paragraphs = len(tgt.paragraph_starts()) - 1
        matching = src_paragraphs > 1 and abs(src_paragraphs - tgt_paragraphs) <= 0.1 * src_paragraphs
        return _run_level(src, tgt, model, matching, lexical, posteriors)
    src_by_paragraph, src_starts = src.by_paragraph()
    tgt_by_paragraph, tgt_starts = tgt.by_paragraph()
    groups, band = _run_level(src_by_paragraph, tgt_by_paragraph, model, False, lexical, posteriors)
    found: list[_Found] = []
    for group in groups:
        a, b = src_starts[group.i], src_starts[group.i + group.di]
        c, d = tgt_starts[group.j], tgt_starts[group.j + group.dj]
        inner, _ = _run_level(src.part(a, b), tgt.part(c, d), model, False, lexical, posteriors)
        for bead in inner:
            found.append(
                _Found(
                    bead.i + a,
                    bead.j + c,
                    bead.di,
                    bead.dj,
                    bead.posterior * group.posterior,
                    bead.length,
                    bead.shared,
                    bead.evidence,
                    bead.unsupported or group.unsupported,
                )
            )
    return found, band


def _reason(found: Sequence[_Found], k: int) -> str:
    """Why the two-sided bead ``found[k]`` must be reviewed whatever its posterior, or ""."""
    bead = found[k]
    neighbours = [*found[max(0, k - 1) : k], *found[k + 1 : k + 2]]
    if any(not (n.di and n.dj) for n in neighbours):
        return "next to a sentence without counterpart"
    if bead.shared < 0:
        return "the numbers differ"
    if bead.unsupported:
        return "a sentence joined to its neighbour has nothing in common with the other side"
    if bead.evidence <= _DISAGREEING_EVIDENCE and bead.shared <= 0:
        return "the words do not translate each other"
    if bead.length >= _DISAGREEING_LENGTH and bead.evidence < _CONFIRMING_EVIDENCE and not bead.shared:
        return "the lengths do not match"
    return ""


def _uncertain_stretches(found: Sequence[_Found], src: _Side, tgt: _Side) -> set[int]:
    """The two-sided beads between a sentence without counterpart (or a join across a paragraph break, where
    such a sentence may hide) and the nearest pair that an anchor or the lexicon confirms: where the region
    without counterpart starts or ends is only known up to there (lengths alone place it anywhere in the
    stretch; without a lexicon, a new user's first alignment, a misplaced gap gives a run of shifted pairs
    that the lengths find plausible)."""
    uncertain: set[int] = set()
    for k, bead in enumerate(found):
        if bead.di and bead.dj and not _crosses(bead, src, tgt) and not bead.unsupported:
            continue
        for step in (-1, 1):
            n = k + step
            while 0 <= n < len(found) and found[n].di and found[n].dj and not _confirmed(found[n]):
                uncertain.add(n)
                n += step
    return uncertain


def _confirmed(bead: _Found) -> bool:
    """Whether a pair has more than its lengths for it: a shared anchor or the lexicon's words."""
    return bead.shared > 0 or bead.evidence >= _CONFIRMING_EVIDENCE


def _crosses(bead: _Found, src: _Side, tgt: _Side) -> bool:
    """Whether a bead joins sentences of two paragraphs on one side."""
    return bool((bead.di == 2 and src.breaks[bead.i + 1]) or (bead.dj == 2 and tgt.breaks[bead.j + 1]))


def _beads(found: Sequence[_Found], src: _Side, tgt: _Side) -> list[Bead]:
    beads = []
    uncertain = _uncertain_stretches(found, src, tgt)
    for k, bead in enumerate(found):
        source, target = tuple(range(bead.i, bead.i + bead.di)), tuple(range(bead.j, bead.j + bead.dj))
        reason = _reason(found, k) if source and target else ""
        if not reason and k in uncertain:
            reason = "between a sentence without counterpart and the nearest pair an anchor confirms"
        if not reason and source and target and _crosses(bead, src, tgt):
            # Sentences of two paragraphs against one: two paragraphs merged in one version, or a short
            # paragraph (a heading) missing in it and joined to its neighbour.
            reason = "joins sentences of two paragraphs"
        confidence = min(1.0, bead.posterior)
        if not reason and confidence < REVIEW_BELOW:
            reason = "another alignment is almost as likely"
        if reason:
            # A bead flagged for a reason is below the review threshold, so that the confidence alone
            # says which pairs to review.
            confidence = min(confidence, REVIEW_BELOW - 0.01)
        beads.append(Bead(source, target, round(confidence, 4), reason if source and target else ""))
    return beads


def align(
    source: Sequence[Sentence | str],
    target: Sequence[Sentence | str],
    source_lang: str,
    target_lang: str,
    terms: Sequence[tuple[str, str]] = (),
    model: LengthModel | None = None,
    lexicon: Lexicon | None = None,
) -> Alignment:
    """Align two documents' sentences: paragraphs first, then sentences inside aligned paragraphs. Without
    a length model, one is estimated from the documents: the ratio of their lengths first, then again from
    the 1-1 beads of that first alignment. ``terms`` are (source term, target term) pairs whose presence on
    both sides of a bead is an anchor; ``lexicon`` (learned from a memory: memories.align_lexicon) tells
    how well the words of a bead's two sides translate each other."""
    src_sentences = tuple(s if isinstance(s, Sentence) else Sentence(s) for s in source)
    tgt_sentences = tuple(t if isinstance(t, Sentence) else Sentence(t) for t in target)
    src, tgt, lexical = _sides(src_sentences, tgt_sentences, source_lang, target_lang, terms, lexicon)
    if not src_sentences or not tgt_sentences:
        beads = [Bead((i,), (), 0.0) for i in range(len(src))] + [
            Bead((), (j,), 0.0) for j in range(len(tgt))
        ]
        return Alignment(
            source_lang, target_lang, src_sentences, tgt_sentences, tuple(beads), model or LengthModel(1.0)
        )
    used = model or _first_model(src, tgt)
    with_posteriors = model is not None
    found, band = _two_levels(src, tgt, used, lexical, with_posteriors)
    for _ in range(_ESTIMATIONS if model is None else 0):
        # The ratio of the documents' lengths is wrong when one is cut short or has extra paragraphs: the
        # model is estimated again from the 1-1 beads found with it, until it settles.
        lengths = [(src.lengths[b.i], tgt.lengths[b.j]) for b in found if b.di == b.dj == 1]
        estimated = LengthModel.from_lengths(lengths)
        if estimated is None and len(lengths) >= _MIN_RATIO_PAIRS:
            estimated = LengthModel(sum(t for _, t in lengths) / max(sum(s for s, _ in lengths), 1))
        if estimated is None or (
            abs(estimated.ratio - used.ratio) < 0.02 * used.ratio
            and abs(estimated.variance - used.variance) < 0.1 * used.variance
        ):
            break
        used = estimated
        with_posteriors = True
        found, band = _two_levels(src, tgt, used, lexical)
    if not with_posteriors:
        found, band = _two_levels(src, tgt, used, lexical)
    return Alignment(
        source_lang, target_lang, src_sentences, tgt_sentences, tuple(_beads(found, src, tgt)), used, band
    )


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
            props=(("x-alignment", bead.kind), ("x-confidence", f"{bead.confidence:.2f}"))
            + ((("x-review", bead.reason),) if bead.reason else ()),
        )
