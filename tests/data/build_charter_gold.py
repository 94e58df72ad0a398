"""Rebuild un-charter-gold.tsv from the Charter files: the units of each article, matched across languages.

Run from the repository root: ``.venv/bin/python tests/data/build_charter_gold.py``. See README.md here for
the rules; the output was then read side by side, unit by unit, before it was committed.
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from benchmarks.align import CHARTER, CHARTER_GOLD, charter_text  # noqa: E402

LANGS = ("en", "zh-CN", "es")
HEADING = re.compile(r"^(?:Article (\d+)|第(\S+)条|Artículo (\d+))$")
ITEM = re.compile(r"^(\d+)\. ")
UNDERLINE = re.compile(r"^-+$")
# The one unit with two sentences in every language (Article 5) is split at its full stop; the two halves
# correspond one to one in all three languages.
SPLIT = {"a5": re.compile(r"(?<=[.。])\s*(?=\S)")}


def units(lang: str) -> list[tuple[str, str]]:
    """(unit id, text) in document order: ``aN`` for the heading of article N, ``aN.0`` for an unnumbered
    paragraph, ``aN.k`` for numbered paragraph k; indented lines continue the unit before them."""
    found: list[tuple[str, str]] = []
    article = 0
    for chapter in (1, 2, 3):
        for line in charter_text(CHARTER / f"chapter{chapter}.md", lang).splitlines():
            if not line.strip() or UNDERLINE.match(line.strip()):
                continue
            if HEADING.match(line):
                article += 1
                found.append((f"a{article}", line))
            elif line.startswith((" ", "\t")):
                unit, text = found[-1]
                found[-1] = (unit, f"{text} {line.strip()}")
            else:
                item = ITEM.match(line)
                unit = f"a{article}.{item.group(1) if item else 0}"
                parts = SPLIT[unit[: unit.index(".")]].split(line) if unit.startswith("a5.") else [line]
                suffixes = [""] if len(parts) == 1 else [chr(ord("a") + k) for k in range(len(parts))]
                found.extend((unit + s, p) for s, p in zip(suffixes, parts, strict=True))
    return found


def main() -> None:
    columns = {lang: units(lang) for lang in LANGS}
    ids = [[u for u, _ in columns[lang]] for lang in LANGS]
    if not all(i == ids[0] for i in ids):
        raise SystemExit("the languages do not have the same units")
    with open(CHARTER_GOLD, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        writer.writerow(("unit", *LANGS))
        for k, unit in enumerate(ids[0]):
            writer.writerow((unit, *(columns[lang][k][1] for lang in LANGS)))
    print(f"{CHARTER_GOLD}: {len(ids[0])} units")


if __name__ == "__main__":
    main()
