"""Glossary matching speed: every segment of a 100,000-segment file against the termbase, English and Chinese.

Corpus: ../shared/corpora/unpc-devset-6way (4,000 real UN sentences per language), repeated to the size asked
with the segment's number appended so that no two segments are equal. Termbases: the starter termbase
(seeds/diplomatic-terms.en-zh.tsv), and the same plus a large one of real word trigrams and four-character runs
taken from the dev set (thousands of terms, and dense hits: a worst case for the number of matches).
Method: build the matcher once (timed), then ``find`` on every segment, in one process; the peer is the
simple approach of one case-insensitive regular expression search per term per segment, run on the starter
termbase only (it grows with the number of terms, so on the large termbase it would take minutes).

    python benchmarks/match_terms.py [--segments 100000]
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "corpora" / "unpc-devset-6way"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--segments", type=int, default=100_000)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from glossary.formats import tabular
    from glossary.matcher import Matcher
    from glossary.model import Concept, Term

    en = [line for line in (DEVSET / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines() if line]
    zh = [line for line in (DEVSET / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines() if line]
    segments = {
        "en": [f"{en[i % len(en)]} {i}" for i in range(args.segments)],
        "zh-CN": [f"{zh[i % len(zh)]}{i}" for i in range(args.segments)],
    }
    seed = [(c, t) for c in tabular.read(ROOT / "seeds" / "diplomatic-terms.en-zh.tsv") for t in c.terms]
    large = [
        Term("en", " ".join(words[k : k + 3]))
        for words in (line.split() for line in en[:2000])
        for k in range(0, len(words) - 2, 7)
    ] + [Term("zh-CN", line[k : k + 4]) for line in zh[:2000] for k in range(0, len(line) - 4, 9)]
    termbases = {"starter": seed, "starter+large": seed + [(Concept((t,)), t) for t in large]}
    print(f"{args.segments:,} segments per language")
    for name, entries in termbases.items():
        for lang, texts in segments.items():
            started = time.perf_counter()
            matcher = Matcher(entries, lang)
            built = time.perf_counter() - started
            started = time.perf_counter()
            hits = sum(len(matcher.find(text)) for text in texts)
            took = time.perf_counter() - started
            print(
                f"{name:14} {lang:6} {matcher.size:6,} terms  build {built:5.2f} s  match {took:6.2f} s  "
                f"({args.segments / took:,.0f} segments/s, {hits:,} matches)"
            )
    for lang, texts in segments.items():
        patterns = [re.compile(re.escape(t.text), re.IGNORECASE) for _, t in seed if t.lang == lang]
        started = time.perf_counter()
        hits = sum(1 for text in texts for p in patterns if p.search(text))
        took = time.perf_counter() - started
        print(
            f"{'peer: regex':14} {lang:6} {len(patterns):6,} terms  one search per term     {took:6.2f} s  "
            f"(exact surface only: no inflection, folding or longest match; {hits:,} segment-term hits)"
        )


if __name__ == "__main__":
    main()
