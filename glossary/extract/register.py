"""The register model: how often a phrase recurs in diplomatic text the project may ship, for the score's G factor.

A phrase a translator of diplomatic texts keeps ("terms of reference", "entry into force", "technical
assistance") is often made of common words, so termhood against general language underrates it; what marks it
is that it recurs across diplomatic documents. ``register-en.tsv`` (beside this module) lists the English
candidate phrases of two words or more, and the words usually written capitalised (names, titles, acronyms),
that recur (in two segments or more) in a reference corpus of UN documents, with the number of segments
holding each; the score multiplies a candidate found there by ``1 + log2(1 + segments)`` (a single word only
when it is technical enough to be a term of its own: see ``glossary.extract``).

Provenance: the English side of the United Nations Parallel Corpus v1.0 test set (``UNv1.0.testset.en``, 4,000
sentences of 2015 UN documents; free use, acknowledging the United Nations and citing Ziemski, Junczys-Dowmunt
and Pouliquen, LREC 2016). It shares no sentence with the eleven documents of the project's extraction
development set (tests/data/devset-diplomatic-terms.README.md) nor with the seed press release (94 of its
lines, agenda items and the like, also occur elsewhere in the UN dev set).
Phrases are cut exactly as extraction cuts candidates (``Corpus``), so their keys match. The list is built by
``benchmarks/extraction_register.py`` (a test checks that it rebuilds the committed file exactly)::

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.extraction_register
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from memories.langs import base_language

__all__ = ["LEAST", "REGISTER_FILES", "register"]

REGISTER_FILES = {"en": Path(__file__).with_name("register-en.tsv")}
"""The register list of each language that has one."""
LEAST = 2
"""A phrase is in the register when it occurs in at least this many segments of the reference corpus."""


@lru_cache(maxsize=4)
def register(lang: str) -> dict[str, int]:
    """Phrase key (the words' folded forms joined by spaces) -> segments of the reference corpus holding it;
    empty for a language without a register list."""
    path = REGISTER_FILES.get(base_language(lang))
    if path is None or not path.is_file():
        return {}
    counts: dict[str, int] = {}
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        phrase, _, segments = line.rpartition("\t")
        counts[phrase] = int(segments)
    return counts
