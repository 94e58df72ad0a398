"""Term extraction: runtime and peak memory on about 1M words, and the accuracy of proposed equivalents.

Corpus: the English sides of the UN Parallel Corpus dev and test sets and of the WMT18-20 zh-en news test
sets (about 400,000 words), repeated as separate documents until 1,000,000 words (said in the output), read
as segments; and the Chinese Government Work Reports and CPC Congress reports (about 1.45M characters) for
Chinese. Quality: the UN dev set imported as en-zh units, equivalents proposed for every extracted candidate,
compared with tests/data/unpc-terms-en-zh.tsv (terms checked by hand, see its README).

Method: wall time of ``glossary.extract.extract`` (top 50) and the process's peak RSS; with ``--trace``, the
peak memory the extraction allocates (tracemalloc, in a second, slower run).
Peers: translate-toolkit's poterminology and Okapi's extractor are not installed here (and do not attach
equivalents the way this does); none is run side by side.

    .venv/bin/python -m benchmarks.extraction [--words 1000000]
"""

from __future__ import annotations

import argparse
import csv
import json
import resource
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

from glossary.equivalents import bilingual_pairs, propose
from glossary.extract import Segment, extract, segments_of
from memories.importer import import_parallel
from memories.store import Workspace
from memories.text import normalize

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpora"
GOLD = REPO / "tests" / "data" / "unpc-terms-en-zh.tsv"


def english_lines() -> list[tuple[str, str]]:
    """(document, line) of the real English text available."""
    lines: list[tuple[str, str]] = []
    for path in (
        SHARED / "unpc-devset-6way" / "UNv1.0.devset.en",
        SHARED / "unpc-testset-en-zh" / "UNv1.0.testset.en",
    ):
        lines += [(path.name, line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for path in sorted((SHARED / "wmt-newstest-zh-en").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as handle:
            lines += [(path.name, row["1"]) for row in csv.DictReader(handle) if row.get("1")]
    return lines


def english_segments(words: int) -> tuple[list[Segment], int, int]:
    """Segments totalling at least ``words`` words; returns them, the words and how many passes it took."""
    lines = english_lines()
    segments: list[Segment] = []
    total = passes = 0
    while total < words:
        passes += 1
        for doc, line in lines:
            segments.append(Segment(len(segments), f"{doc}#{passes}", line))
            total += len(line.split())
            if total >= words:
                break
    return segments, total, passes


def chinese_segments() -> Iterator[Segment]:
    n = 0
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        for line in (SHARED / "zh-government-reports" / name).read_text(encoding="utf-8").splitlines():
            report = json.loads(line)
            for paragraph in report["content"].split("\n"):
                if paragraph.strip():
                    n += 1
                    yield Segment(n, report["title"], paragraph)


def measure(label: str, segments: list[Segment], lang: str, trace: bool) -> None:
    """Wall time untraced; with ``trace``, a second run under tracemalloc (several times slower) gives the
    peak memory the extraction itself allocates."""
    start = time.perf_counter()
    found = extract(segments, lang, top=50)
    elapsed = time.perf_counter() - start
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {elapsed:.1f} s, process peak RSS so far {rss:.0f} MiB")
    print("  top 10: " + "; ".join(c.text for c in found[:10]))
    if trace:
        tracemalloc.start()
        extract(segments, lang, top=50)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"  peak memory allocated by the extraction (tracemalloc): {peak / 2**20:.0f} MiB")


def accuracy() -> None:
    gold = {}
    with GOLD.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            gold[normalize(row["en"])] = row["zh-CN"]
    with tempfile.TemporaryDirectory() as tmp:
        ws = Workspace(Path(tmp) / "un.glossary")
        devset = SHARED / "unpc-devset-6way"
        with ws.atomic():
            import_parallel(ws, [devset / "UNv1.0.devset.en", devset / "UNv1.0.devset.zh"], ("en", "zh-CN"))
        start = time.perf_counter()
        candidates = extract(segments_of(ws, "en"), "en", top=None)
        pairs = bilingual_pairs(ws, "en", "zh-CN")
        wanted = [c for c in candidates if normalize(c.text) in gold and c.unit_count >= 3]
        proposals = propose(wanted, pairs, "en", "zh-CN")
        elapsed = time.perf_counter() - start
        ws.close()
    right = 0
    print(f"UN dev set: {len(candidates):,} candidates, equivalents in {elapsed:.1f} s (extraction included)")
    for candidate, proposal in zip(wanted, proposals, strict=True):
        expected = gold[normalize(candidate.text)]
        got = proposal.best.text if proposal.best else ""
        ok = normalize(got) == normalize(expected)
        right += ok
        if not ok:
            print(f"  wrong: {candidate.text} -> {got} (gold {expected})")
    recall = len(wanted) / len(gold)
    print(
        f"  gold terms found as candidates in >= 3 units: {len(wanted)}/{len(gold)} ({recall:.0%}); "
        f"top equivalent right: {right}/{len(wanted)} ({right / max(1, len(wanted)):.1%})"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=1_000_000)
    parser.add_argument("--trace", action="store_true", help="Also measure allocated memory (slow).")
    args = parser.parse_args()
    if not SHARED.is_dir():
        sys.exit(f"../shared/corpora is absent ({SHARED})")
    segments, words, passes = english_segments(args.words)
    repeated = f", the corpus read {passes} times (repeated as new documents)" if passes > 1 else ""
    measure(f"English, {words:,} words in {len(segments):,} segments{repeated}", segments, "en", args.trace)
    chinese = list(chinese_segments())
    chars = sum(len(s.text) for s in chinese)
    measure(f"Chinese, {chars:,} characters in {len(chinese):,} paragraphs", chinese, "zh", args.trace)
    accuracy()


if __name__ == "__main__":
    main()
