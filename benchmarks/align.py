"""Sentence alignment quality (F1 per language pair) and speed, on real UN text.

Corpora:
- ../shared/corpora/unpc-devset-6way: the dev set's lines are grouped into documents by their UN symbol
  (UNv1.0.devset.ids, first field; lines ordered by their English line number in the original document),
  each document's lines are joined into running text per language, and in a third of the documents (those
  with two lines or more, drawn with a fixed seed) one random line is dropped from one random side. The
  documents are split into sentences again (pysbd) and realigned en-zh, en-fr and en-ar.
- ../shared/corpora/un-charter-en-zh-es: chapters I-III, each language extracted to text as the README
  shows, against the gold alignment in tests/data/un-charter-gold.tsv (see tests/data/README.md).

Scoring: F1 over sentence-pair links. A bead of source sentences S and target sentences T implies the links
S x T. Gold links come from the known alignment of lines (or Charter units): a source and a target sentence
are linked when they share a line, where a sentence covers the line holding most of its non-space
characters and every line of which it holds more than half (pysbd may split a line in two, or join two
lines, differently on the two sides: a link is right when both sentences come from the same aligned line;
a paragraph number that pysbd leaves at the end of the previous sentence does not make it cover the next).
The counterpart of a dropped line has no gold link; a 1-0 bead implies no link.

Stress cases (en-zh): the dev-set documents of three paragraphs or more, rebuilt with the paragraphs of the
English original (UNv1.0.devset.ids gives each line's paragraph), and the Charter's chapters I-III, each with
one change applied with a fixed seed: one side cut short, a paragraph deleted on one side, a paragraph of
another document inserted on one side, two paragraphs merged on one side, the Chinese written without spaces
and with full-width punctuation, the title line (the first line, made a paragraph) shorter in Chinese. Scored
by F1 over links, the precision of the unflagged pairs, the share of pairs flagged and the longest run of
consecutive pairs with no gold link (a shift). The short dev-set documents take the length model a workspace
would give (the UNPC test set's pairs), the Charter its own.

Speed: dev-set documents (nothing dropped) are concatenated, one paragraph each, until about 2,000 English
sentences; the pair is aligned (sentence splitting, done by pysbd beforehand, is not counted) and scored.

    python benchmarks/align.py
"""

from __future__ import annotations

import csv
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEVSET = SHARED / "corpora" / "unpc-devset-6way"
CHARTER = SHARED / "corpora" / "un-charter-en-zh-es"
CHARTER_GOLD = ROOT / "tests" / "data" / "un-charter-gold.tsv"
SEED = 20151
UNSPACED = ("zh", "ja")

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from memories.align import Alignment, LengthModel, Sentence, align, estimate_model, links, scores, segment  # noqa: E402
from memories.align_lexicon import Lexicon  # noqa: E402


@dataclass(frozen=True)
class Document:
    """One side of a rebuilt document: its sentences and, per sentence, the gold units (lines) it covers."""

    sentences: list[Sentence]
    units: list[frozenset[str]]


def covered_units(
    text: str, unit_of_char: Sequence[str], sentences: Sequence[Sentence]
) -> list[frozenset[str]]:
    """For each sentence (in order, found in the text with whitespace left out), the units it covers."""
    size: dict[str, int] = defaultdict(int)
    for unit in unit_of_char:
        size[unit] += 1
    covered: list[frozenset[str]] = []
    cursor = 0
    for sentence in sentences:
        squeezed = re.sub(r"\s+", "", sentence.text)
        found = text.find(squeezed, cursor)
        if found < 0:
            covered.append(frozenset({unit_of_char[min(cursor, len(unit_of_char) - 1)]}))
            continue
        counts: dict[str, int] = defaultdict(int)
        for unit in unit_of_char[found : found + len(squeezed)]:
            if unit:  # characters outside every unit (Markdown underlines) are labelled ""
                counts[unit] += 1
        if not counts:
            covered.append(frozenset())
            cursor = found + len(squeezed)
            continue
        majority = max(counts, key=lambda u: counts[u])
        covered.append(frozenset(u for u, n in counts.items() if u == majority or 2 * n > size[u]))
        cursor = found + len(squeezed)
    return covered


def build_document(
    lines: Sequence[tuple[str, str]], lang: str, paragraphs: bool = False
) -> tuple[str, Document]:
    """The running text of (unit id, line) pairs and its sentences with their units. With ``paragraphs``, a
    blank line separates units whose id says they start a new paragraph (ids ending in '/p')."""
    joiner = "" if lang.split("-")[0] in UNSPACED else " "
    parts: list[str] = []
    squeezed: list[str] = []
    unit_of_char: list[str] = []
    for unit, line in lines:
        if parts:
            parts.append("\n\n" if paragraphs and unit.endswith("/p") else joiner)
        parts.append(line)
        chars = re.sub(r"\s+", "", line)
        squeezed.append(chars)
        unit_of_char.extend([unit] * len(chars))
    text = "".join(parts)
    sentences = segment(text, lang)
    return text, Document(sentences, covered_units("".join(squeezed), unit_of_char, sentences))


def gold_links(source: Document, target: Document) -> set[tuple[int, int]]:
    by_unit: dict[str, list[int]] = defaultdict(list)
    for j, units in enumerate(target.units):
        for unit in units:
            by_unit[unit].append(j)
    return {(i, j) for i, units in enumerate(source.units) for unit in units for j in by_unit.get(unit, ())}


def devset_documents() -> dict[str, list[int]]:
    """Line numbers (0-based) of the dev set per UN symbol, in the order of the English original."""
    documents: dict[str, list[tuple[int, int]]] = defaultdict(list)
    with open(DEVSET / "UNv1.0.devset.ids", encoding="utf-8") as ids:
        for number, line in enumerate(ids):
            fields = line.split()
            english = next(f for f in fields[1:] if f.startswith("en:"))
            documents[fields[0]].append((int(english.split(":")[1]), number))
    return {symbol: [n for _, n in sorted(lines)] for symbol, lines in sorted(documents.items())}


def devset_lines(lang: str) -> list[str]:
    return (DEVSET / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()


def drops(documents: dict[str, list[int]], seed: int = SEED) -> dict[str, tuple[int, int]]:
    """For a third of the documents with two lines or more: (side 0 = source or 1 = target, line dropped)."""
    rng = random.Random(seed)
    eligible = [s for s, lines in documents.items() if len(lines) >= 2]
    chosen = rng.sample(eligible, len(documents) // 3)
    return {s: (rng.randrange(2), rng.choice(documents[s])) for s in sorted(chosen)}


def devset_pairs(target_lang: str) -> list[tuple[Document, Document]]:
    """The rebuilt en-``target_lang`` document pairs, with the drops applied."""
    documents = devset_documents()
    dropped = drops(documents)
    english, other = devset_lines("en"), devset_lines(target_lang)
    pairs = []
    for symbol, numbers in documents.items():
        side, line = dropped.get(symbol, (-1, -1))
        source = [(str(n), english[n]) for n in numbers if not (side == 0 and n == line)]
        target = [(str(n), other[n]) for n in numbers if not (side == 1 and n == line)]
        pairs.append((build_document(source, "en")[1], build_document(target, target_lang)[1]))
    return pairs


def devset_f1(target_lang: str, pooled: bool = True) -> tuple[float, float, float, LengthModel | None]:
    """(precision, recall, F1, model) of realigning the rebuilt en-``target_lang`` documents."""
    pairs = devset_pairs(target_lang)
    model = (
        estimate_model(((s.sentences, t.sentences) for s, t in pairs), "en", target_lang) if pooled else None
    )
    predicted: set[tuple[int, int, int]] = set()
    gold: set[tuple[int, int, int]] = set()
    for number, (source, target) in enumerate(pairs):
        alignment = align(source.sentences, target.sentences, "en", target_lang, model=model)
        predicted |= {(number, i, j) for i, j in links(alignment.beads)}
        gold |= {(number, i, j) for i, j in gold_links(source, target)}
    precision, recall, f1 = _scores(predicted, gold)
    return precision, recall, f1, model


def devset_confidence(target_lang: str) -> tuple[tuple[int, int], tuple[int, int]]:
    """((right, all) of the confident beads with two sides, (right, all) of the flagged ones): a bead is right
    when every link it implies is a gold link."""
    pairs = devset_pairs(target_lang)
    model = estimate_model(((s.sentences, t.sentences) for s, t in pairs), "en", target_lang)
    counts = {False: [0, 0], True: [0, 0]}
    for source, target in pairs:
        gold = gold_links(source, target)
        for bead in align(source.sentences, target.sentences, "en", target_lang, model=model).beads:
            if bead.source and bead.target:
                counts[bead.flagged][0] += links([bead]) <= gold
                counts[bead.flagged][1] += 1
    return (counts[False][0], counts[False][1]), (counts[True][0], counts[True][1])


def _scores(
    predicted: set[tuple[int, int, int]], gold: set[tuple[int, int, int]]
) -> tuple[float, float, float]:
    correct = len(predicted & gold)
    precision = correct / len(predicted)
    recall = correct / len(gold)
    return precision, recall, 2 * precision * recall / (precision + recall)


# -- the UN Charter -----------------------------------------------------------------------------------------


def charter_text(path: Path, lang: str) -> str:
    """One language of a Charter chapter file, as the README tells a user to extract it: the English body
    after the front matter, or the front matter's ``body-zh-cn`` / ``body-es`` block, unindented; without
    the Markdown underlines of the article headings."""
    lines = path.read_text(encoding="utf-8").splitlines()
    end = lines.index("---", 1)  # the front matter ends at the second line that is only "---"
    front, block = lines[1:end], lines[end + 1 :]
    if lang != "en":
        key = {"zh-CN": "body-zh-cn:", "es": "body-es:"}[lang]
        start = next(i for i, line in enumerate(front) if line.startswith(key)) + 1
        block = []
        for line in front[start:]:
            if line and not line.startswith(" "):
                break
            block.append(line[2:])
    # Markdown heading underlines ("-----") are markup, not text.
    return "\n".join(line for line in block if not re.fullmatch(r"\s*-+\s*", line)).strip() + "\n"


def charter_gold() -> list[dict[str, str]]:
    with open(CHARTER_GOLD, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def charter_document(lang: str) -> Document:
    """The three chapters of one language as a user feeds them (chapters separated by blank lines), with
    each sentence's gold units found by locating the gold units' text in it."""
    text = "\n\n".join(charter_text(CHARTER / f"chapter{n}.md", lang) for n in (1, 2, 3))
    sentences = segment(text, lang)
    unit_of_char: list[str] = []
    squeezed_text = re.sub(r"\s+", "", text)
    cursor = 0
    for row in charter_gold():
        chars = re.sub(r"\s+", "", row[lang])
        found = squeezed_text.find(chars, cursor)
        assert found >= 0, (lang, row["unit"])
        unit_of_char.extend([""] * (found - cursor) + [row["unit"]] * len(chars))
        cursor = found + len(chars)
    unit_of_char.extend([""] * (len(squeezed_text) - cursor))
    return Document(sentences, covered_units(squeezed_text, unit_of_char, sentences))


def charter_f1(target_lang: str) -> tuple[float, float, float]:
    source, target = charter_document("en"), charter_document(target_lang)
    alignment = align(source.sentences, target.sentences, "en", target_lang)
    gold = {(i, j) for i, j in gold_links(source, target)}
    return scores(links(alignment.beads), gold)


# -- speed ----------------------------------------------------------------------------------------------------


def long_pair(target_lang: str, lines: int = 2350) -> tuple[Document, Document]:
    """A long document pair: dev-set documents (no line dropped) one after the other, each a paragraph,
    until ``lines`` English lines (about 2,000 sentences once split)."""
    english, other = devset_lines("en"), devset_lines(target_lang)
    source: list[tuple[str, str]] = []
    target: list[tuple[str, str]] = []
    for numbers in devset_documents().values():
        for k, n in enumerate(numbers):
            unit = f"{n}/p" if k == 0 else str(n)
            source.append((unit, english[n]))
            target.append((unit, other[n]))
        if len(source) >= lines:
            break
    return build_document(source, "en", paragraphs=True)[1], build_document(
        target, target_lang, paragraphs=True
    )[1]


def timed_long_pair(target_lang: str = "zh") -> tuple[int, int, float, float]:
    """(source sentences, target sentences, processor seconds to align, F1) of the long pair: processor
    time, not wall-clock time, which on a machine shared with other jobs says more of the load than of the
    aligner."""
    source, target = long_pair(target_lang)
    started = time.process_time()
    alignment = align(source.sentences, target.sentences, "en", target_lang)
    seconds = time.process_time() - started
    f1 = scores(links(alignment.beads), gold_links(source, target))[2]
    return len(source.sentences), len(target.sentences), seconds, f1


# -- stress cases ----------------------------------------------------------------------------------------------
#
# Real document pairs are not the same sentences twice: one copy is cut short, has a paragraph more or less,
# merges two paragraphs, writes Chinese without spaces and with full-width punctuation, or has a shorter title.
# Each case is applied, with a fixed seed, to every rebuilt dev-set document of three paragraphs or more
# (paragraphs are the English original's, from UNv1.0.devset.ids) and to the Charter's chapters I-III.

Piece = tuple[str, str, bool]
"""(gold unit, text, starts a new line): a piece of a paragraph; pieces of a line are joined by a space (or
nothing in Chinese), lines by a line break."""
Side = tuple[tuple[Piece, ...], ...]
"""A document side as paragraphs of pieces; paragraphs are separated by blank lines."""

STRESS_CASES = ("clean", "cut", "deleted", "inserted", "merged", "unspaced", "title", "renumbered")
STRESS_TARGET = "zh"
MIN_PARAGRAPHS = 3
_FULL_WIDTH = str.maketrans({",": "，", ";": "；", ":": "：", "(": "（", ")": "）", "!": "！", "?": "？"})


@dataclass(frozen=True)
class StressPair:
    """A stressed document pair: its sides' sentences with their gold units."""

    name: str
    source: Document
    target: Document


def build_side(side: Side, lang: str) -> tuple[str, Document]:
    """The running text of a side and its sentences with the gold units they cover."""
    joiner = "" if lang.split("-")[0] in UNSPACED else " "
    paragraphs: list[str] = []
    unit_of_char: list[str] = []
    for paragraph in side:
        text = ""
        for unit, piece, new_line in paragraph:
            if text:
                text += "\n" if new_line else joiner
            text += piece
            unit_of_char.extend([unit] * len(re.sub(r"\s+", "", piece)))
        paragraphs.append(text)
    text = "\n\n".join(paragraphs)
    sentences = _segment(text, lang)
    return text, Document(sentences, covered_units(re.sub(r"\s+", "", text), unit_of_char, sentences))


def devset_sides(target_lang: str = STRESS_TARGET) -> dict[str, tuple[Side, Side]]:
    """The dev-set documents by UN symbol with their paragraphs (the English line's paragraph number in the
    original document, first number of ``en:P:S`` in UNv1.0.devset.ids): every line is a piece."""
    paragraph_of: dict[int, int] = {}
    with open(DEVSET / "UNv1.0.devset.ids", encoding="utf-8") as ids:
        for number, line in enumerate(ids):
            field = next(f for f in line.split()[1:] if f.startswith("en:"))
            paragraph_of[number] = int(field.split(":")[1])
    english, other = devset_lines("en"), devset_lines(target_lang)
    sides = {}
    for symbol, numbers in devset_documents().items():
        groups: dict[int, list[int]] = defaultdict(list)
        for n in numbers:
            groups[paragraph_of[n]].append(n)
        source = tuple(tuple((str(n), english[n], False) for n in group) for group in groups.values())
        target = tuple(tuple((str(n), other[n], False) for n in group) for group in groups.values())
        sides[symbol] = (source, target)
    return sides


def charter_sides(target_lang: str = "zh-CN") -> tuple[Side, Side]:
    """Chapters I-III as paragraphs (blank lines) of lines, each line cut into its gold units."""
    rows = charter_gold()
    result = []
    for lang in ("en", target_lang):
        text = "\n\n".join(charter_text(CHARTER / f"chapter{n}.md", lang) for n in (1, 2, 3))
        queue = list(rows)
        paragraphs = []
        for block in re.split(r"\n\s*\n", text.strip()):
            pieces: list[Piece] = []
            for line in block.split("\n"):
                rest = re.sub(r"\s+", "", line)
                first = True
                while rest:
                    row = queue.pop(0)
                    squeezed = re.sub(r"\s+", "", row[lang])
                    assert rest.startswith(squeezed), (lang, row["unit"])
                    pieces.append((row["unit"], row[lang], first))
                    rest = rest[len(squeezed) :]
                    first = False
            paragraphs.append(tuple(pieces))
        result.append(tuple(paragraphs))
    return result[0], result[1]


def _unspaced(piece: Piece) -> Piece:
    """A Chinese piece without any space and with full-width punctuation (a full stop only where it ends a
    sentence: "1.5" and "A/69/767" keep theirs)."""
    unit, text, new_line = piece
    text = re.sub(r"\s+", "", text).translate(_FULL_WIDTH)
    text = re.sub(r"\.$", "。", text)
    return unit, text, new_line


def _shorter_title(side: Side, rng: random.Random) -> Side:
    """The first line of the side cut to a share of its characters (two at least), as a copy abbreviates a
    title."""
    unit, text, new_line = side[0][0]
    keep = max(2, int(len(text) * rng.uniform(0.35, 0.6)))
    return (((unit, text[:keep].rstrip(), new_line), *side[0][1:]), *side[1:])


def stress(
    case: str, source: Side, target: Side, rng: random.Random, other: tuple[Side, Side]
) -> tuple[Side, Side]:
    """The pair with one stress ``case`` applied; ``other`` is another document, for inserted text."""
    sides = [source, target]
    if case == "clean":
        return source, target
    if case == "title":
        # A title line (the document's first line as a paragraph of its own), shorter on the Chinese side.
        head_source, head_target = source[0][0], target[0][0]
        rest_source = ((source[0][1:],) if len(source[0]) > 1 else ()) + source[1:]
        rest_target = ((target[0][1:],) if len(target[0]) > 1 else ()) + target[1:]
        short = _shorter_title(((head_target,),), rng)
        return ((head_source,), *rest_source), (short[0], *rest_target)
    if case == "unspaced":
        return source, tuple(tuple(_unspaced(p) for p in paragraph) for paragraph in target)
    side = rng.randrange(2)
    chosen = sides[side]
    if case == "cut":
        positions = [(p, k) for p, paragraph in enumerate(chosen) for k in range(len(paragraph))]
        p, k = positions[rng.randrange(max(1, len(positions) // 3), len(positions))]
        cut = chosen[:p] + ((chosen[p][:k],) if k else ())
        sides[side] = cut
    elif case == "deleted":
        p = rng.randrange(len(chosen))
        sides[side] = chosen[:p] + chosen[p + 1 :]
    elif case == "inserted":
        extra = other[side][rng.randrange(len(other[side]))]
        extra = tuple((f"x{unit}", text, new_line) for unit, text, new_line in extra)
        p = rng.randrange(len(chosen) + 1)
        sides[side] = (*chosen[:p], extra, *chosen[p:])
    elif case == "renumbered":
        # A paragraph inserted on one side, and that side's numbered paragraphs after it numbered on ("12."
        # becomes "13.", "(a)" becomes "(b)"), as a version that gained a paragraph renumbers the rest.
        extra = other[side][rng.randrange(len(other[side]))]
        extra = tuple((f"x{unit}", text, new_line) for unit, text, new_line in extra)
        p = rng.randrange(len(chosen))
        after = tuple((_renumbered(paragraph[0]), *paragraph[1:]) for paragraph in chosen[p:])
        sides[side] = (*chosen[:p], extra, *after)
    elif case == "merged":
        p = rng.randrange(len(chosen) - 1)
        sides[side] = (*chosen[:p], chosen[p] + chosen[p + 1], *chosen[p + 2 :])
    else:
        raise ValueError(case)
    return sides[0], sides[1]


_NUMBERED = re.compile(r"^(\s*)(\d{1,3})(\.\s)|^(\s*[(（])([a-y])([)）]\s?)")


def _renumbered(piece: Piece) -> Piece:
    """A paragraph's first piece with its number one higher: "12. " -> "13. ", "(a) " -> "(b) "."""
    unit, text, new_line = piece

    def higher(m: re.Match[str]) -> str:
        if m.group(2):
            return f"{m.group(1)}{int(m.group(2)) + 1}{m.group(3)}"
        return f"{m.group(4)}{chr(ord(m.group(5)) + 1)}{m.group(6)}"

    return unit, _NUMBERED.sub(higher, text, count=1), new_line


@cache
def _segment(text: str, lang: str) -> list[Sentence]:
    # Most stress cases leave one side as it was: pysbd splits it once.
    return segment(text, lang)


@lru_cache(maxsize=1)
def _devset_sides() -> dict[str, tuple[Side, Side]]:
    return devset_sides()


def stress_pairs(case: str, every: int = 1, seed: int = SEED) -> list[StressPair]:
    """The stressed dev-set document pairs (en-zh; with ``every`` > 1, one document in ``every``) and the
    stressed Charter (en-zh-CN, named "charter")."""
    rng = random.Random(f"{seed}/{case}")
    documents = {s: pair for s, pair in _devset_sides().items() if len(pair[0]) >= MIN_PARAGRAPHS}
    symbols = sorted(documents)[::every]
    pairs = []
    for number, symbol in enumerate(symbols):
        other = documents[symbols[(number + len(symbols) // 2) % len(symbols)]]
        source, target = stress(case, *documents[symbol], rng, other)
        pairs.append(StressPair(symbol, build_side(source, "en")[1], build_side(target, STRESS_TARGET)[1]))
    charter = charter_sides()
    other = documents[symbols[0]]
    source, target = stress(case, *charter, rng, (other[0], other[1]))
    pairs.append(StressPair("charter", build_side(source, "en")[1], build_side(target, "zh-CN")[1]))
    return pairs


@dataclass(frozen=True)
class StressScore:
    """How an aligner did on a set of stressed pairs."""

    f1: float
    unflagged_precision: float
    flagged_share: float
    longest_shifted_run: int
    pairs: int
    longest_unflagged_shifted_run: int = 0
    """The longest run of consecutive unflagged pairs none of whose links is right (flagged pairs break it:
    the review screen shows them)."""

    def line(self) -> str:
        return (
            f"F1 {self.f1:.4f}, unflagged precision {self.unflagged_precision:.4f}, "
            f"flagged {self.flagged_share:.1%}, longest shifted run {self.longest_shifted_run} "
            f"(unflagged {self.longest_unflagged_shifted_run}; {self.pairs} pairs)"
        )


def score_alignments(
    alignments: Sequence[tuple[Alignment, set[tuple[int, int]]]],
) -> StressScore:
    """F1 over links (pooled), precision of the unflagged two-sided beads (right when every link they imply
    is gold), the share of two-sided beads flagged, and the longest run of consecutive two-sided beads with
    no gold link at all (a shift)."""
    predicted: set[tuple[int, int, int]] = set()
    gold_all: set[tuple[int, int, int]] = set()
    unflagged = right = flagged = pairs = longest = longest_unflagged = 0
    for number, (alignment, gold) in enumerate(alignments):
        predicted |= {(number, i, j) for i, j in links(alignment.beads)}
        gold_all |= {(number, i, j) for i, j in gold}
        run = unflagged_run = 0
        for bead in alignment.beads:
            if not (bead.source and bead.target):
                continue
            implied = links([bead])
            pairs += 1
            if bead.flagged:
                flagged += 1
            else:
                unflagged += 1
                right += implied <= gold
            run = run + 1 if not implied & gold else 0
            longest = max(longest, run)
            unflagged_run = unflagged_run + 1 if not implied & gold and not bead.flagged else 0
            longest_unflagged = max(longest_unflagged, unflagged_run)
    correct = len(predicted & gold_all)
    precision = correct / len(predicted) if predicted else 1.0
    recall = correct / len(gold_all) if gold_all else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return StressScore(
        f1,
        right / unflagged if unflagged else 1.0,
        flagged / max(pairs, 1),
        longest,
        pairs,
        longest_unflagged,
    )


def stress_model() -> LengthModel | None:
    """The en-zh length model a workspace would give: from the UNPC test set's pairs (not the dev set)."""
    return LengthModel.from_texts(memory_pairs())


def memory_pairs(limit: int = 4000) -> list[tuple[str, str]]:
    """The UNPC test set's en-zh pairs, its word-segmented Chinese unsegmented: a workspace's memory."""
    folder = SHARED / "corpora" / "unpc-testset-en-zh"
    english = next(folder.glob("*.en")).read_text(encoding="utf-8").splitlines()
    chinese = next(folder.glob("*.zh")).read_text(encoding="utf-8").splitlines()
    return [(e, re.sub(r"(?<=\S) (?=\S)", "", z)) for e, z in zip(english, chinese, strict=True)][:limit]


@lru_cache(maxsize=1)
def stress_lexicon() -> Lexicon:
    """The en-zh lexicon a workspace holding the UNPC test set would give."""
    return Lexicon.learn(memory_pairs(), "en", "zh-CN")


def stress_scores(
    case: str, model: LengthModel | None = None, every: int = 1, lexicon: Lexicon | None = None
) -> tuple[StressScore, StressScore]:
    """(dev-set documents, Charter) scores of the aligner on one stress case. The dev-set documents are
    short: they take the length model ``model`` (a workspace's), the Charter its own (as `glossary align`);
    both take the workspace's ``lexicon``."""
    results: list[tuple[Alignment, set[tuple[int, int]]]] = []
    charter: list[tuple[Alignment, set[tuple[int, int]]]] = []
    for pair in stress_pairs(case, every):
        is_charter = pair.name == "charter"
        alignment = align(
            pair.source.sentences,
            pair.target.sentences,
            "en",
            "zh-CN",
            model=None if is_charter else model,
            lexicon=lexicon,
        )
        (charter if is_charter else results).append((alignment, gold_links(pair.source, pair.target)))
    return score_alignments(results), score_alignments(charter)


def main() -> None:
    for lang in ("zh", "fr", "ar"):
        started = time.perf_counter()
        p, r, f, model = devset_f1(lang)
        assert model is not None
        print(
            f"UNPC dev set en-{lang}: P {p:.4f} R {r:.4f} F1 {f:.4f} "
            f"(ratio {model.ratio:.3f}, variance {model.variance:.2f}; {time.perf_counter() - started:.1f} s)"
        )
        p, r, f, _ = devset_f1(lang, pooled=False)
        print(f"UNPC dev set en-{lang}, each document's own length model: P {p:.4f} R {r:.4f} F1 {f:.4f}")
    for lang in ("zh", "fr", "ar"):
        (right, confident), (flagged_right, flagged) = devset_confidence(lang)
        print(
            f"UNPC dev set en-{lang}: confident beads {right}/{confident} right ({right / confident:.1%}), "
            f"flagged {flagged_right}/{flagged} right ({flagged_right / max(flagged, 1):.1%})"
        )
    for lang in ("zh-CN", "es"):
        p, r, f = charter_f1(lang)
        print(f"UN Charter I-III en-{lang}: P {p:.4f} R {r:.4f} F1 {f:.4f}")
    for lang in ("zh", "fr", "ar"):
        n, m, seconds, f1 = timed_long_pair(lang)
        print(f"speed en-{lang}: {n:,} + {m:,} sentences aligned in {seconds:.2f} s of CPU (F1 {f1:.4f})")
    stress_main()


def stress_main(every: int = 1) -> None:
    """Every stress case with the lexicon of a workspace holding a memory in the pair, and without (an empty
    workspace: a new user's first alignment)."""
    model = stress_model()
    for name, lexicon in (("with a lexicon", stress_lexicon()), ("without a lexicon", None)):
        for case in STRESS_CASES:
            devset, charter = stress_scores(case, model, every, lexicon)
            print(f"stress {case:9} {name}, UN documents: {devset.line()}")
            print(f"stress {case:9} {name}, Charter I-III: {charter.line()}")


if __name__ == "__main__":
    main()
