"""Term extraction on the diplomatic development set: per-document recall/precision@20, collection recall@K.

Documents and gold terms: tests/data/devset-diplomatic-terms.tsv (see tests/data/devset-diplomatic-terms.README.md
for provenance and the guidelines the gold list follows). Each document is extracted alone (top 20) and all of
them together as one collection (top 200, one origin per document). A candidate matches a gold term when the
two are equal after Unicode normalisation and case folding; a gold entry may list accepted variants separated
by "|" ("safeguards agreement|safeguards agreements") and counts once.

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.extraction_devset [--misses]
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from glossary.extract import Candidate, Segment, extract

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpora"
GOLD = REPO / "tests" / "data" / "devset-diplomatic-terms.tsv"
CHARTER = "un-charter-i-iii"
"""The document name of the UN Charter, chapters I-III (English), in the gold list."""
PER_DOCUMENT = 20
COLLECTION = (50, 100, 200)


def key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().replace("\u2019", "'").split())


Entry = frozenset[str]
"""A gold term: its accepted variants, normalised."""


def gold_terms(path: Path = GOLD) -> dict[str, set[Entry]]:
    """Gold terms of each document."""
    gold: dict[str, set[Entry]] = defaultdict(set)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            gold[row["document"]].add(frozenset(key(v) for v in row["term"].split("|")))
    return dict(gold)


def _found(entries: set[Entry], ranked: list[str]) -> int:
    """How many gold entries one of the ranked keys matches."""
    keys = set(ranked)
    return sum(1 for entry in entries if entry & keys)


def _charter_lines() -> list[str]:
    lines: list[str] = []
    for n in (1, 2, 3):
        text = (SHARED / "un-charter-en-zh-es" / f"chapter{n}.md").read_text(encoding="utf-8").splitlines()
        end = text.index("---", 1)  # the English body follows the front matter
        lines += [line for line in text[end + 1 :] if line.strip() and not re.fullmatch(r"\s*-+\s*", line)]
    return lines


def documents(names: set[str]) -> dict[str, list[Segment]]:
    """The English segments of each named document: UN dev-set lines grouped by symbol, or the Charter."""
    devset = SHARED / "unpc-devset-6way"
    ids = (devset / "UNv1.0.devset.ids").read_text(encoding="utf-8").splitlines()
    english = (devset / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    found: dict[str, list[Segment]] = {name: [] for name in names}
    unit = 0
    for line_id, text in zip(ids, english, strict=True):
        symbol = line_id.split()[0]
        if symbol in found and text.strip():
            unit += 1
            found[symbol].append(Segment(unit, symbol, text))
    if CHARTER in found:
        for text in _charter_lines():
            unit += 1
            found[CHARTER].append(Segment(unit, CHARTER, text))
    empty = sorted(name for name, segments in found.items() if not segments)
    if empty:
        raise ValueError(f"no text for {', '.join(empty)} in {SHARED}")
    return found


@dataclass(frozen=True)
class Figures:
    """What the development set measures."""

    per_document: dict[str, tuple[float, float]]
    """Document -> (recall@20, precision@20)."""
    recall: float
    """Mean per-document recall@20."""
    precision: float
    """Mean per-document precision@20."""
    collection: dict[int, float]
    """K -> the share of the distinct gold terms in the collection's top K."""
    misses: dict[str, list[str]]
    """Document -> the top-20 candidates that are not gold (for --misses)."""


def measure() -> Figures:
    gold = gold_terms()
    texts = documents(set(gold))
    per_document: dict[str, tuple[float, float]] = {}
    misses: dict[str, list[str]] = {}
    for name, segments in texts.items():
        top: list[Candidate] = extract(segments, "en", top=PER_DOCUMENT)
        variants = set().union(*gold[name])
        right = sum(1 for c in top if key(c.text) in variants)
        per_document[name] = (
            _found(gold[name], [key(c.text) for c in top]) / len(gold[name]),
            right / max(1, len(top)),
        )
        misses[name] = [c.text for c in top if key(c.text) not in variants]
    every = [segment for segments in texts.values() for segment in segments]
    ranked = [key(c.text) for c in extract(every, "en", top=max(COLLECTION))]
    distinct: set[Entry] = set().union(*gold.values())
    collection = {k: _found(distinct, ranked[:k]) / len(distinct) for k in COLLECTION}
    n = len(per_document)
    return Figures(
        per_document,
        sum(r for r, _ in per_document.values()) / n,
        sum(p for _, p in per_document.values()) / n,
        collection,
        misses,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses", action="store_true", help="Also list the top-20 candidates that are not gold."
    )
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"../shared/corpora is absent ({SHARED})")
    figures = measure()
    for name, (recall, precision) in sorted(figures.per_document.items()):
        print(f"{name:28} recall@20 {recall:.2f}  precision@20 {precision:.2f}")
        if args.misses:
            print("    not gold: " + "; ".join(figures.misses[name]))
    print(f"{'mean':28} recall@20 {figures.recall:.2f}  precision@20 {figures.precision:.2f}")
    print("collection: " + ", ".join(f"recall@{k} {v:.2f}" for k, v in figures.collection.items()))


if __name__ == "__main__":
    main()
