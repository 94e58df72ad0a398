"""Build the register list of extraction (glossary/extract/register-en.tsv) from the UN Parallel Corpus test set.

Provenance and use: see ``glossary.extract.register``. The reference corpus is the English side of the UN
Parallel Corpus v1.0 test set in ../shared (free use, acknowledging the United Nations).

    PYTHONPATH=$PWD .venv/bin/python -m benchmarks.extraction_register [--corpus FILE]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from glossary.extract.corpus import Corpus, Segment
from glossary.extract.register import LEAST, REGISTER_FILES

REPO = Path(__file__).resolve().parents[1]
REFERENCE = REPO.parent / "shared" / "corpora" / "unpc-testset-en-zh" / "UNv1.0.testset.en"


def build(lines: Iterable[str], lang: str = "en") -> dict[str, int]:
    """The register list of a reference corpus: each candidate phrase of two words or more, and each word
    usually written capitalised, with the number of segments holding it, for those in at least ``LEAST``
    segments."""
    corpus = Corpus(lang)
    for n, line in enumerate(lines):
        if line.strip():
            corpus.add(Segment(n, "reference", line))
    corpus.classify()
    corpus.counted = corpus.count(LEAST, None)
    segments: dict[tuple[int, ...], set[int]] = {}
    ids = corpus.ids
    for key in corpus.counted:
        # A single word only when it is usually written capitalised: a name, a title or an acronym
        # ("Secretary-General", "UNODC"), not the general vocabulary of UN prose.
        if corpus.is_candidate(key) and (len(key) > 1 or corpus.usually_capitalised(key[0])):
            segments[key] = set()
    longest = max((len(k) for k in segments), default=0)
    for i in range(len(ids)):
        for j in range(i + 1, min(len(ids), i + longest) + 1):
            if ids[j - 1] < 0:
                break
            key = tuple(ids[i:j])
            if key not in corpus.counted:
                break
            found = segments.get(key)
            if found is not None:
                found.add(corpus.segment_at[i])
    return {
        " ".join(corpus.words[t] for t in key): len(found)
        for key, found in segments.items()
        if len(found) >= LEAST
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REFERENCE, help="one sentence a line")
    args = parser.parse_args()
    if not args.corpus.is_file():
        sys.exit(f"the reference corpus is absent ({args.corpus})")
    counts = build(args.corpus.read_text(encoding="utf-8").splitlines())
    rows = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    text = "phrase\tsegments\n" + "".join(f"{phrase}\t{n}\n" for phrase, n in rows)
    REGISTER_FILES["en"].write_text(text, encoding="utf-8")
    print(f"{len(rows):,} phrases written to {REGISTER_FILES['en']}")


if __name__ == "__main__":
    main()
