"""Fuzzy lookup on translation memories of 10k, 100k and 1M segments: speed and exactness against peers.

Corpus (real text only): the English–Chinese pairs of ../shared/corpora — the UN Parallel Corpus dev set and
test set, the WMT 2018–2020 news test sets — and the zh_CN gettext catalogues in
/usr/share/locale/zh_CN/LC_MESSAGES/*.mo (read with polib), about 20,000 distinct pairs. A TM of N segments takes
the real pairs in a fixed shuffled order; beyond them, unit i is a recombination of two real pairs a and b
(seeded random): the English is the first half of a's words followed by the second half of b's, the Chinese the
first half of a's characters followed by the second half of b's, so every segment is real language and many
segments share half a sentence with others, as revisions and boilerplate do in a real TM.
Queries (250 by default): 200 real TM segments with 1–3 words replaced, deleted or inserted (words taken from
other segments), and 50 held-out WMT sentences that are not in the TM (unrelated text).
Method: every TM is built through ``Workspace.add_units`` (the import path, index included) in its own process.
Then, each in a fresh process: ours (open the workspace, first answer, then every query through
``memories.index.lookup``); the exhaustive scan (``memories.index.ExhaustiveScan.lookup``: every source
segment scored by ``rapidfuzz.process.extract`` with the same scorer, segments loaded before timing starts,
and the same matches built as ours: units and differences); and
translate-toolkit's ``translate.search.match.matcher`` (optional ``bench`` extra) over the same pairs. Recall@k
compares our top-k to the exhaustive top-k over matches scoring >= min_score.

    python benchmarks/lookup.py [--sizes 10000,100000,1000000] [--queries 250] [--dir DIR] [--ttk-queries 50]
    python benchmarks/lookup.py --backend postgresql [--url postgresql://USER@/postgres?host=/SOCKET/DIR] ...

With ``--backend postgresql`` each SQLite workspace is also copied by ``glossary copy``'s code into a
PostgreSQL database (``lookup_tm_N`` on the server of ``--url``, reused while it holds as many units; without
``--url`` a throwaway server is started on a temporary directory, fsync on, shared_buffers 1GB, and removed at
the end). Then, each in a fresh process: ours and the exhaustive scan on SQLite, the same two on PostgreSQL
(the scan on each back end: the oracle is the same memory, read through either), and pg_trgm as the peer
(``benchmarks/pg_trgm.py``: a GIN trigram index on variant.text; the best matches by trigram similarity alone,
and pg_trgm's candidates re-scored exactly). PostgreSQL's figures are printed beside SQLite's as ratios.

(``--ttk-queries 0`` skips translate-toolkit, whose 1M-unit store takes minutes and a gigabyte to build.) Peak RSS
is the kernel's high-water mark of each measuring process (VmHWM), not ``ru_maxrss``, which Linux carries over
from the benchmark's own process into the processes it starts.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
CORPORA = ROOT.parent / "shared" / "corpora"
LOCALE = Path("/usr/share/locale/zh_CN/LC_MESSAGES")
SEED = 20260327
HELD_OUT = 50


def real_pairs() -> tuple[list[tuple[str, str]], list[str]]:
    """Distinct (en, zh) pairs, and held-out English sentences that stay out of every TM."""
    import polib

    pairs: list[tuple[str, str]] = []
    for name in ("unpc-devset-6way/UNv1.0.devset", "unpc-testset-en-zh/UNv1.0.testset"):
        english = (CORPORA / f"{name}.en").read_text(encoding="utf-8").splitlines()
        chinese = (CORPORA / f"{name}.zh").read_text(encoding="utf-8").splitlines()
        pairs += zip(english, chinese, strict=True)
    wmt: list[tuple[str, str]] = []
    for path in sorted((CORPORA / "wmt-newstest-zh-en").glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            wmt += [(row["1"], row["0"]) for row in csv.DictReader(f)]
    random.Random(SEED).shuffle(wmt)
    held_out = [en for en, _ in wmt[:HELD_OUT]]
    pairs += wmt[HELD_OUT:]
    for mo in sorted(LOCALE.glob("*.mo")):
        try:
            catalogue = polib.mofile(str(mo))
        except (OSError, ValueError):
            continue
        pairs += [(e.msgid, e.msgstr) for e in catalogue if e.msgid and e.msgstr and not e.msgid_plural]
    seen: set[str] = set()
    distinct = []
    for raw_en, raw_zh in pairs:
        en, zh = raw_en.strip(), raw_zh.strip()
        if en and zh and en not in seen and en not in held_out:
            seen.add(en)
            distinct.append((en, zh))
    random.Random(SEED).shuffle(distinct)
    return distinct, held_out


def tm_pairs(size: int) -> list[tuple[str, str]]:
    pairs, _ = real_pairs()
    chosen = pairs[:size]
    rng = random.Random(SEED + size)
    seen = {en for en, _ in chosen}
    while len(chosen) < size:
        (en_a, zh_a), (en_b, zh_b) = rng.choice(pairs), rng.choice(pairs)
        wa, wb = en_a.split(), en_b.split()
        en = " ".join(wa[: max(1, len(wa) // 2)] + wb[len(wb) // 2 :])
        zh = zh_a[: max(1, len(zh_a) // 2)] + zh_b[len(zh_b) // 2 :]
        if en not in seen:
            seen.add(en)
            chosen.append((en, zh))
    return chosen


def make_queries(tm: list[tuple[str, str]], count: int) -> list[str]:
    _, held_out = real_pairs()
    rng = random.Random(SEED + len(tm))
    vocabulary = [w for en, _ in tm[:2000] for w in en.split()]
    edited: list[str] = []
    while len(edited) < count - min(HELD_OUT, count // 5):
        words = rng.choice(tm)[0].split()
        if len(words) < 4:
            continue
        for _ in range(rng.randint(1, 3)):
            action = rng.choice(("replace", "delete", "insert"))
            at = rng.randrange(len(words))
            if action == "replace":
                words[at] = rng.choice(vocabulary)
            elif action == "delete" and len(words) > 3:
                del words[at]
            else:
                words.insert(at, rng.choice(vocabulary))
        edited.append(" ".join(words))
    return edited + held_out[: count - len(edited)]


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


def _peak_rss_mib() -> float:
    # Linux keeps ru_maxrss across exec, so a measuring process started by this (large) one would report
    # this one's size: the kernel's high-water mark of the process's own memory (VmHWM) is read first.
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the measurements, each run in a fresh process -------------------------------------------------------


def build(workspace: str, size: int) -> dict[str, float]:
    from memories.model import TranslationUnit, Variant
    from memories.store import Workspace

    pairs = tm_pairs(size)
    started = time.perf_counter()
    ws = Workspace(workspace)
    ws.add_units(TranslationUnit((Variant("en", en), Variant("zh-CN", zh))) for en, zh in pairs)
    ws.close()
    built = time.perf_counter() - started
    ws = Workspace(workspace)
    started = time.perf_counter()
    ws.rebuild_search_index()
    rebuilt = time.perf_counter() - started
    ws.close()
    return {"build_s": built, "index_s": rebuilt, "peak_rss_mib": _peak_rss_mib()}


def ours(workspace: str, queries: list[str], min_score: int) -> dict[str, object]:
    started = time.perf_counter()
    from memories.index.lookup import lookup
    from memories.store import Workspace

    opened = time.perf_counter()
    ws = Workspace(workspace)
    lookup(ws, queries[0], "en", "zh-CN", min_score)
    first = time.perf_counter()
    times, results = [], []
    for q in queries:
        t = time.perf_counter()
        found = lookup(ws, q, "en", "zh-CN", min_score)
        times.append(time.perf_counter() - t)
        results.append([m.variant_id for m in found])
    p50, p95 = _percentiles(times)
    return {
        "first_answer_s": first - opened,
        "first_answer_with_imports_s": first - started,
        "p50_ms": p50,
        "p95_ms": p95,
        "peak_rss_mib": _peak_rss_mib(),
        "results": results,
    }


def exhaustive(workspace: str, queries: list[str], min_score: int) -> dict[str, object]:
    from memories.index.lookup import ExhaustiveScan
    from memories.store import Workspace

    ws = Workspace(workspace)
    scan = ExhaustiveScan(ws, "en", "zh-CN")
    times, results = [], []
    for q in queries:
        t = time.perf_counter()
        found = scan.lookup(q, min_score)  # the matches ours returns, units and differences included
        times.append(time.perf_counter() - t)
        results.append([m.variant_id for m in found])
    p50, p95 = _percentiles(times)
    return {"p50_ms": p50, "p95_ms": p95, "peak_rss_mib": _peak_rss_mib(), "results": results}


def translate_toolkit(size: int, queries: list[str], min_score: int) -> dict[str, object]:
    try:
        from translate.search.match import matcher
        from translate.storage import base
    except ImportError:
        return {"missing": True}
    # matcher keeps (similarity, unit) in a heap and crashes on equal similarities (units do not compare):
    # an arbitrary but consistent order lets it run.
    setattr(base.TranslationUnit, "__lt__", lambda a, b: id(a) < id(b))  # noqa: B010
    store: base.TranslationStore = base.TranslationStore()
    for en, zh in tm_pairs(size):
        unit = base.TranslationUnit(en)
        unit.target = zh
        store.addunit(unit)
    tm = matcher(store, max_candidates=5, min_similarity=min_score, max_length=10_000)
    times = []
    for q in queries:
        t = time.perf_counter()
        tm.matches(q)
        times.append(time.perf_counter() - t)
    p50, p95 = _percentiles(times)
    return {"p50_ms": p50, "p95_ms": p95, "peak_rss_mib": _peak_rss_mib(), "queries": len(queries)}


def in_process(module: str, function: str, *args: object) -> dict[str, Any]:
    """``module.function(*args)`` in a fresh Python process (clean caches, its own peak RSS); its JSON result."""
    code = (
        "import json, sys, importlib; sys.path.insert(0, sys.argv[1]); b = importlib.import_module(sys.argv[2]); "
        "args = json.loads(sys.stdin.read()); print(json.dumps(getattr(b, sys.argv[3])(*args)))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), module, function],
        input=json.dumps(list(args)),
        capture_output=True,
        text=True,
    )
    if done.returncode:
        raise SystemExit(f"{function} failed:\n{done.stderr}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def _in_process(function: str, *args: object) -> dict[str, Any]:
    return in_process("benchmarks.lookup", function, *args)


# -- PostgreSQL ---------------------------------------------------------------------------------------------

BENCH_SETTINGS = {
    # Durable as a team's server is (the tests' server runs with fsync off): commits wait for the disk.
    "fsync": "on",
    "synchronous_commit": "on",
    "full_page_writes": "on",
    "shared_buffers": "1GB",
    "max_connections": "200",
}


@contextlib.contextmanager
def postgres_server(url: str | None) -> Iterator[str]:
    """The server to measure on, as a URL of its ``postgres`` database: ``url``'s server, or a throwaway one
    (tests/postgres.py) for the ``with`` block."""
    if url:
        yield database_url(url, "postgres")
        return
    sys.path.insert(0, str(ROOT))
    from tests.postgres import running_server

    with running_server(settings=BENCH_SETTINGS) as server:
        print(f"throwaway PostgreSQL server on {server.root} (fsync on, shared_buffers 1GB)")
        yield server.dsn("postgres")


def database_url(server: str, name: str) -> str:
    """``server``'s URL naming the database ``name`` instead."""
    parts = urlsplit(server)
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, parts.query, parts.fragment))


def copy_to_postgres(source: str, url: str) -> dict[str, Any]:
    """Copy a workspace file into the empty PostgreSQL database at ``url`` with ``glossary copy``'s code
    (``glossary.copying.copy_workspace``: every table, ids kept, so that a lookup's answers name the same
    variants on both), then VACUUM ANALYZE, as a loaded database is once autovacuum has been by."""
    import psycopg

    from glossary.copying import copy_workspace

    report = copy_workspace(source, url)
    started = time.perf_counter()
    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute("VACUUM ANALYZE")
        size = pg.execute("SELECT pg_database_size(current_database())").fetchone()
    return {
        "copy_s": report.seconds,
        "vacuum_s": time.perf_counter() - started,
        "rows": {t.name: t.rows for t in report.tables},
        "size_mib": int(size[0]) / 2**20 if size else 0.0,
    }


def ensure_postgres_copy(server: str, workspace: Path, size: int) -> str:
    """The URL of a PostgreSQL database holding ``workspace``: reused when it holds as many units, else
    (re)made by ``copy_to_postgres`` in a fresh process."""
    import psycopg
    from psycopg import sql

    name = f"lookup_tm_{size}"
    url = database_url(server, name)
    import sqlite3

    with contextlib.closing(sqlite3.connect(f"file:{workspace}?mode=ro", uri=True)) as src:
        units = src.execute("SELECT count(*) FROM tu").fetchone()[0]
    with psycopg.connect(server, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    if exists:
        with contextlib.suppress(psycopg.Error), psycopg.connect(url) as conn:
            row = conn.execute("SELECT count(*) FROM glossary.tu").fetchone()
            if row and row[0] == units:
                print(f"[{size:,}] PostgreSQL copy reused: {name} ({units:,} units)")
                return url
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        admin.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
    done = _in_process("copy_to_postgres", str(workspace), url)
    print(
        f"[{size:,}] copied into PostgreSQL {name} in {done['copy_s']:.1f} s (VACUUM ANALYZE {done['vacuum_s']:.1f} s;"
        f" {done['size_mib']:.0f} MiB; rows {sum(done['rows'].values()):,})"
    )
    return url


def recall(ours: list[list[int]], reference: list[list[int]], k: int) -> float:
    found = wanted = 0
    for mine, best in zip(ours, reference, strict=True):
        expected = set(best[:k])
        wanted += len(expected)
        found += len(expected & set(mine[:k]))
    return found / wanted if wanted else 1.0


def _ratio(a: object, b: object) -> str:
    return f"{float(a) / max(float(b), 1e-9):.2f}x"  # type: ignore[arg-type]


def _load() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--queries", type=int, default=250)
    parser.add_argument(
        "--ttk-queries",
        type=int,
        help="queries given to translate-toolkit (0: skip it; default 250, 0 with --backend postgresql)",
    )
    parser.add_argument("--min-score", type=int, default=50)
    parser.add_argument("--dir", type=Path, help="keep the built workspaces here and reuse them")
    parser.add_argument("--backend", choices=("sqlite", "postgresql"), default="sqlite")
    parser.add_argument(
        "--url", help="a PostgreSQL server to measure on (libpq URL; default: start a throwaway one)"
    )
    parser.add_argument(
        "--trgm-thresholds",
        default="0.3",
        help="pg_trgm similarity thresholds to measure (0.3 is pg_trgm's default; 0.1 takes seconds a query "
        "at 1M segments); empty: skip pg_trgm",
    )
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"{CORPORA} is absent: the benchmark needs ../shared/corpora")
        return 1
    if args.ttk_queries is None:
        args.ttk_queries = 250 if args.backend == "sqlite" else 0
    folder = args.dir or Path(tempfile.mkdtemp(prefix="lookup-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    with contextlib.ExitStack() as stack:
        server = stack.enter_context(postgres_server(args.url)) if args.backend == "postgresql" else None
        for size in (int(s) for s in args.sizes.split(",")):
            _measure(args, folder, size, server)
    return 0


def _measure(args: argparse.Namespace, folder: Path, size: int, server: str | None) -> None:
    workspace = folder / f"tm-{size}.glossary"
    if not workspace.exists():
        built = _in_process("build", str(workspace), size)
        print(
            f"[{size:,}] built through the store in {built['build_s']:.1f} s "
            f"(index rebuilt from scratch: {built['index_s']:.1f} s; peak RSS {built['peak_rss_mib']:.0f} MiB)"
        )
    url = ensure_postgres_copy(server, workspace, size) if server else None
    queries = make_queries(tm_pairs(size), args.queries)
    mine = _in_process("ours", str(workspace), queries, args.min_score)
    scan = _in_process("exhaustive", str(workspace), queries, args.min_score)
    ttk = (
        _in_process("translate_toolkit", size, queries[: args.ttk_queries], args.min_score)
        if args.ttk_queries > 0
        else {"skipped": True}
    )
    size_mib = sum(p.stat().st_size for p in folder.glob(workspace.name + "*")) / 2**20
    ours_r, scan_r = mine["results"], scan["results"]
    assert isinstance(ours_r, list) and isinstance(scan_r, list)
    print(f"TM of {size:,} segments, {len(queries)} queries, min score {args.min_score} (load {_load()}):")
    print(f"  ours        p50 {mine['p50_ms']:8.2f} ms  p95 {mine['p95_ms']:8.2f} ms")
    print(
        f"  exhaustive  p50 {scan['p50_ms']:8.2f} ms  p95 {scan['p95_ms']:8.2f} ms  (rapidfuzz.process.extract)"
    )
    if ttk.get("skipped"):
        print("  translate-toolkit: skipped (--ttk-queries 0)")
    elif ttk.get("missing"):
        print("  translate-toolkit: not installed (pip install translate-toolkit)")
    else:
        print(
            f"  translate-toolkit p50 {ttk['p50_ms']:8.2f} ms  p95 {ttk['p95_ms']:8.2f} ms"
            f"  ({ttk['queries']} queries; peak RSS {ttk['peak_rss_mib']:.0f} MiB)"
        )
    speedup = float(scan["p50_ms"]) / max(float(mine["p50_ms"]), 1e-9)
    print(f"  speed-up at p50 vs exhaustive: {speedup:.1f}x")
    print(
        f"  ours / exhaustive: p50 {_ratio(mine['p50_ms'], scan['p50_ms'])}, "
        f"p95 {_ratio(mine['p95_ms'], scan['p95_ms'])} (same run; load {_load()})"
    )
    print(f"  recall@1 {recall(ours_r, scan_r, 1):.4f}   recall@5 {recall(ours_r, scan_r, 5):.4f}")
    with_answers = sum(1 for r in scan_r if r)
    print(f"  queries with a match >= {args.min_score}: {with_answers}/{len(queries)}")
    print(
        f"  first answer {mine['first_answer_s']:.3f} s after opening "
        f"({mine['first_answer_with_imports_s']:.3f} s including Python imports)"
    )
    print(f"  workspace {size_mib:.1f} MiB; peak RSS of our lookup process {mine['peak_rss_mib']:.0f} MiB")
    if url is None:
        return
    pg_mine = _in_process("ours", url, queries, args.min_score)
    pg_scan = _in_process("exhaustive", url, queries, args.min_score)
    pg_r, pg_scan_r = pg_mine["results"], pg_scan["results"]
    print(f"  PostgreSQL (load {_load()}):")
    print(
        f"    ours        p50 {pg_mine['p50_ms']:8.2f} ms  p95 {pg_mine['p95_ms']:8.2f} ms"
        f"   PostgreSQL / SQLite: p50 {_ratio(pg_mine['p50_ms'], mine['p50_ms'])}, "
        f"p95 {_ratio(pg_mine['p95_ms'], mine['p95_ms'])}"
    )
    print(
        f"    exhaustive  p50 {pg_scan['p50_ms']:8.2f} ms  p95 {pg_scan['p95_ms']:8.2f} ms"
        f"   PostgreSQL / SQLite: p50 {_ratio(pg_scan['p50_ms'], scan['p50_ms'])}, "
        f"p95 {_ratio(pg_scan['p95_ms'], scan['p95_ms'])}"
    )
    print(
        f"    recall@1 {recall(pg_r, scan_r, 1):.4f}   recall@5 {recall(pg_r, scan_r, 5):.4f}  (against SQLite's scan)"
    )
    same = sum(1 for a, b in zip(pg_r, ours_r, strict=True) if a == b)
    oracle_same = sum(1 for a, b in zip(pg_scan_r, scan_r, strict=True) if a == b)
    print(
        f"    answers identical to SQLite's: ours {same}/{len(queries)}, exhaustive scan {oracle_same}/{len(queries)}"
    )
    print(
        f"    first answer {pg_mine['first_answer_s']:.3f} s after opening; peak RSS of the lookup process "
        f"{pg_mine['peak_rss_mib']:.0f} MiB"
    )
    thresholds = [float(t) for t in args.trgm_thresholds.split(",") if t.strip()]
    if not thresholds:
        return
    trgm = in_process("benchmarks.pg_trgm", "measure", url, queries, args.min_score, thresholds)
    print(
        f"  pg_trgm (GIN gin_trgm_ops on variant.text, built in {trgm['index_s']:.1f} s, "
        f"{trgm['index_mib']:.0f} MiB; load {_load()}):"
    )
    for run in trgm["runs"]:
        label = f"{run['mode']:<9} t={run['threshold']:.2f}"
        print(
            f"    {label}  p50 {run['p50_ms']:8.2f} ms  p95 {run['p95_ms']:8.2f} ms  "
            f"recall@1 {recall(run['results'], scan_r, 1):.4f}  recall@5 {recall(run['results'], scan_r, 5):.4f}  "
            f"candidates p50 {run['candidates_p50']:.0f}  / ours p50 {_ratio(run['p50_ms'], pg_mine['p50_ms'])}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
