"""Concordance on translation memories of 10k, 100k and 1M segments: ours against SQLite FTS5 on the same segments.

Corpus: the workspaces of ``benchmarks/lookup.py`` (real en–zh pairs, recombined beyond the ~20,000 real ones),
built the same way (``--dir`` shares them with it). Peers, built in the same run on the same variants (English
and Chinese text, rowid = our variant id): an FTS5 ``trigram`` index (substring search: "the" also finds
"other"; Chinese found inside sentences) and, for English only, an FTS5 word index (``unicode61``; it cannot cut
Chinese into words). Queries: a common word, an English phrase, a Chinese phrase, and the Chinese phrase
written with a space (UN texts often are): the first 50 hits, newest first (``ORDER BY rowid DESC LIMIT 50``
for the peers, which return rowid and text; ours returns the units with the phrase's spans), and every hit.
Method: each engine in a fresh process, one warm-up query, then the median of ``--repeat`` runs, wall and
CPU time (the machine is shared: the CPU time is the figure that compares; below 0.01 ms it reads as 0.01);
the ratio ours / peer of CPU times is printed from the same run, with the machine's load.

    python benchmarks/concordance.py [--sizes 10000,100000] [--dir DIR] [--repeat 20]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.lookup import in_process  # noqa: E402

QUERIES = (
    ("common word", "the", "en"),
    ("English phrase", "the Security Council", "en"),
    ("Chinese phrase", "安全理事会", "zh-CN"),
    ("Chinese, spaced", "安全 理事会", "zh-CN"),
)


def _median_ms(run: Any, repeat: int) -> tuple[float, float]:
    """Median wall and CPU milliseconds: on a shared machine the CPU time is the figure that compares."""
    run()
    times, cpu = [], []
    for _ in range(repeat):
        started, used = time.perf_counter(), time.process_time()
        run()
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - used)
    return statistics.median(times) * 1000, statistics.median(cpu) * 1000


def ours(workspace: str, repeat: int) -> dict[str, list[float]]:
    from memories.index.concordance import concordance
    from memories.store import Workspace

    ws = Workspace(workspace)
    figures: dict[str, list[float]] = {}
    for label, phrase, lang in QUERIES:
        first, cpu = _median_ms(lambda p=phrase, g=lang: concordance(ws, p, g, limit=50), repeat)
        started = time.perf_counter()
        count = len(concordance(ws, phrase, lang, limit=10**9))
        every = (time.perf_counter() - started) * 1000
        figures[label] = [first, cpu, every, count]
    ws.close()
    return figures


def build_fts(workspace: str, fts: str) -> dict[str, float]:
    source = sqlite3.connect(workspace)
    conn = sqlite3.connect(fts, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE VIRTUAL TABLE tri USING fts5(text, tokenize='trigram')")
    conn.execute("CREATE VIRTUAL TABLE word USING fts5(text)")
    started = time.perf_counter()
    conn.execute("BEGIN")
    rows = source.execute("SELECT id, text, lang FROM variant ORDER BY id")
    while chunk := rows.fetchmany(10_000):
        conn.executemany("INSERT INTO tri(rowid, text) VALUES (?, ?)", [(i, t) for i, t, _ in chunk])
        conn.executemany(
            "INSERT INTO word(rowid, text) VALUES (?, ?)", [(i, t) for i, t, lang in chunk if lang == "en"]
        )
    conn.execute("COMMIT")
    built = time.perf_counter() - started
    conn.close()
    # This index's own files only: the folder also holds the other sizes' indexes.
    files = Path(fts).parent.glob(Path(fts).name + "*")
    return {"seconds": built, "mib": sum(p.stat().st_size for p in files) / 2**20}


def peers(fts: str, repeat: int) -> dict[str, dict[str, list[float]]]:
    conn = sqlite3.connect(fts)
    figures: dict[str, dict[str, list[float]]] = {"trigram": {}, "word": {}}
    for label, phrase, lang in QUERIES:
        quoted = '"' + phrase.replace('"', '""') + '"'
        for table in ("tri", "word"):
            if table == "word" and lang != "en":
                continue
            first_query = (
                f"SELECT rowid, text FROM {table} WHERE {table} MATCH ? ORDER BY rowid DESC LIMIT 50"
            )
            first, cpu = _median_ms(lambda q=first_query, m=quoted: conn.execute(q, (m,)).fetchall(), repeat)
            started = time.perf_counter()
            count = len(
                conn.execute(f"SELECT rowid, text FROM {table} WHERE {table} MATCH ?", (quoted,)).fetchall()
            )
            every = (time.perf_counter() - started) * 1000
            figures["trigram" if table == "tri" else "word"][label] = [first, cpu, every, count]
    conn.close()
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--dir", type=Path, help="keep the built workspaces here and reuse them")
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    folder = args.dir or Path(tempfile.mkdtemp(prefix="concordance-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    for size in (int(s) for s in args.sizes.split(",")):
        workspace = folder / f"tm-{size}.glossary"
        if not workspace.exists():
            in_process("benchmarks.lookup", "build", str(workspace), size)
        fts = folder / f"fts-{size}.sqlite"
        built = None
        if not fts.exists():
            built = in_process("benchmarks.concordance", "build_fts", str(workspace), str(fts))
        mine = in_process("benchmarks.concordance", "ours", str(workspace), args.repeat)
        other = in_process("benchmarks.concordance", "peers", str(fts), args.repeat)
        load = " ".join(f"{x:.2f}" for x in os.getloadavg())
        print(f"TM of {size:,} segments ({2 * size:,} variants); load {load}")
        if built:
            print(f"  FTS5 trigram + word indexes built in {built['seconds']:.1f} s, {built['mib']:.0f} MiB")
        print(
            f"  {'query':<18} {'engine':<14} {'first 50 ms':>12} {'CPU ms':>8} {'every hit ms':>13} {'hits':>8}"
            f" {'ours/peer CPU':>14}"
        )
        for label, _, _ in QUERIES:
            first, cpu, every, count = mine[label]
            print(f"  {label:<18} {'ours':<14} {first:>12.2f} {cpu:>8.2f} {every:>13.1f} {int(count):>8,}")
            for engine in ("trigram", "word"):
                if label in other[engine]:
                    pf, pc, pe, pn = other[engine][label]
                    print(
                        f"  {'':<18} {'FTS5 ' + engine:<14} {pf:>12.2f} {pc:>8.2f} {pe:>13.1f} {int(pn):>8,} "
                        f"{cpu / max(pc, 0.01):>13.1f}x"
                    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
