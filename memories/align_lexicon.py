"""A bilingual lexicon learned from a translation memory's aligned units, as hunalign's dictionary, for alignment.

Words that co-occur across many aligned units (Dice coefficient of their unit counts) are taken as
translations of each other: each source word keeps its best target word and each target word its best source
word. Chinese and Japanese have no spaces between words: their "words" are pairs of adjacent characters,
which catch most two-character words and compounds. Words found in more than a tenth of the units (function
words, "United Nations" in a UN memory) say little about which sentence is which and are left out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from memories.tokens import lexicon_words

MIN_UNITS = 200
"""A memory with fewer aligned units in the language pair teaches nothing reliable: no lexicon."""
MIN_COOCCURRENCES = 2
MIN_DICE = 0.3
_COMMON = 0.1  # words in more units than this share are left out


@dataclass(frozen=True)
class Lexicon:
    """Pairs of (source word, target word) that translate each other, for one language pair."""

    source_lang: str
    target_lang: str
    pairs: frozenset[tuple[str, str]] = frozenset()
    entries: tuple[tuple[str, str], ...] = field(default=(), compare=False, repr=False)
    """The pairs in a fixed order: entry k is ``entries[k]``."""
    by_source: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    """The entries of each source word."""
    by_target: dict[str, tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    """The entries of each target word."""

    def __post_init__(self) -> None:
        # Derived once here, not at every alignment: a lexicon is learned once and used for many documents.
        entries = tuple(sorted(self.pairs))
        by_source: dict[str, list[int]] = {}
        by_target: dict[str, list[int]] = {}
        for number, (s, t) in enumerate(entries):
            by_source.setdefault(s, []).append(number)
            by_target.setdefault(t, []).append(number)
        object.__setattr__(self, "entries", entries)
        object.__setattr__(self, "by_source", {w: tuple(e) for w, e in by_source.items()})
        object.__setattr__(self, "by_target", {w: tuple(e) for w, e in by_target.items()})

    def __len__(self) -> int:
        return len(self.pairs)

    @classmethod
    def learn(cls, units: Iterable[tuple[str, str]], source_lang: str, target_lang: str) -> Lexicon:
        """The lexicon of (source text, target text) units; empty below ``MIN_UNITS`` units."""
        sources: list[frozenset[str]] = []
        targets: list[frozenset[str]] = []
        for source, target in units:
            sources.append(lexicon_words(source, source_lang))
            targets.append(lexicon_words(target, target_lang))
        if len(sources) < MIN_UNITS:
            return cls(source_lang, target_lang)
        source_count = Counter(w for words in sources for w in words)
        target_count = Counter(w for words in targets for w in words)
        common = _COMMON * len(sources)
        source_vocabulary = sorted(w for w, n in source_count.items() if 2 <= n <= common)
        target_vocabulary = sorted(w for w, n in target_count.items() if 2 <= n <= common)
        source_id = {w: k for k, w in enumerate(source_vocabulary)}
        target_id = {w: k for k, w in enumerate(target_vocabulary)}
        width = len(target_vocabulary)
        # Every (source word, target word) of every unit as one number, counted by numpy: a million pairs
        # or more for a few thousand units, too many for a Python loop at the command line.
        products = []
        for source_words, target_words in zip(sources, targets, strict=True):
            kept_source = np.fromiter((source_id[w] for w in source_words if w in source_id), np.int64)
            kept_target = np.fromiter((target_id[w] for w in target_words if w in target_id), np.int64)
            if kept_source.size and kept_target.size:
                products.append(np.add.outer(kept_source * width, kept_target).ravel())
        if not products:
            return cls(source_lang, target_lang)
        codes, counts = np.unique(np.concatenate(products), return_counts=True)
        seen = counts >= MIN_COOCCURRENCES
        codes, counts = codes[seen], counts[seen]
        source_index, target_index = codes // width, codes % width
        source_units = np.array([source_count[w] for w in source_vocabulary], dtype=np.float64)
        target_units = np.array([target_count[w] for w in target_vocabulary], dtype=np.float64)
        dice = 2 * counts / (source_units[source_index] + target_units[target_index])
        pairs: set[tuple[str, str]] = set()
        for mine, theirs in ((source_index, target_index), (target_index, source_index)):
            # The best partner of each word: sorted by word, then by falling Dice (ties by partner).
            order = np.lexsort((theirs, -dice, mine))
            first = np.ones(order.size, dtype=bool)
            first[1:] = mine[order][1:] != mine[order][:-1]
            best = order[first]
            best = best[dice[best] >= MIN_DICE]
            pairs.update(
                (source_vocabulary[s], target_vocabulary[t])
                for s, t in zip(source_index[best].tolist(), target_index[best].tolist(), strict=True)
            )
        return cls(source_lang, target_lang, frozenset(pairs))
