"""Team throughput: mixed operations by several client processes on one workspace, PostgreSQL and SQLite.

Memory: ``benchmarks/lookup.py``'s workspace of ``--size`` segments (real en–zh pairs; built, or reused from
``--dir``), copied afresh for every run: for PostgreSQL a database made from the copy ``lookup.py`` makes
(``CREATE DATABASE ... TEMPLATE``), for SQLite a copy of the file; then 200 concepts added through the termbase.
Each client is a process of its own (spawned) that opens the workspace as the CLI does
(``glossary.workspace.open_workspace``), warms up with one lookup and one concordance, waits for the others,
then for ``--seconds`` runs operations drawn at random (seeded per client) with these weights:

    lookup 40        memories.index.lookup of one of lookup.py's queries (min score 50, 5 matches)
    concordance 20   memories.index.concordance of a word or phrase (en or zh), the first 50 hits
    unit edit 20     Workspace.update_variant of a random unit's Chinese (a new text, by the client's user)
    concept edit 15  Termbase.edit of a random concept's note, half naming the revision read (a conflict
                     is counted, not retried: it writes nothing)
    small import 5   memories.importer.import_files of a TMX of 5 new units (written off the clock)

Throughput is every operation completed by all clients divided by the run's wall time; latency is per
operation, p50/p95 over all clients, per kind and overall. An error ends the run with its traceback.
With ``--backend postgresql`` and no ``--url``, a throwaway server is started (fsync on, shared_buffers 1GB,
as lookup.py's). Clients 1, 4 and 16 on PostgreSQL and 1 and 4 on SQLite by default.

    python benchmarks/team.py [--size 100000] [--seconds 60] [--dir DIR] [--url URL]
        [--postgresql-clients 1,4,16] [--sqlite-clients 1,4]
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import traceback
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.lookup import (  # noqa: E402
    CORPORA,
    _in_process,
    database_url,
    ensure_postgres_copy,
    make_queries,
    postgres_server,
    tm_pairs,
)

MIX = {"lookup": 40, "concordance": 20, "unit edit": 20, "concept edit": 15, "small import": 5}
CONCEPTS = 200
IMPORT_UNITS = 5
PHRASES = (
    ("the", "en"),
    ("the Security Council", "en"),
    ("human rights", "en"),
    ("sustainable development", "en"),
    ("resolution", "en"),
    ("安全理事会", "zh-CN"),
    ("发展", "zh-CN"),
    ("人权", "zh-CN"),
)


@dataclass(frozen=True)
class Client:
    """What one client process is given (pickled to it: plain values only)."""

    location: str
    number: int
    seconds: float
    queries: tuple[str, ...]
    units: int
    """Unit ids 1..units exist (lookup.py's memory)."""
    concepts: tuple[int, ...]
    folder: str
    """Where the client writes the files it imports."""


def _percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000 if ordered else 0.0


def _units(client: int, batch: int, rng: random.Random) -> list[Any]:
    """Five new units (never stored before: the client, the batch and a random number in each)."""
    from memories.model import TranslationUnit, Variant

    return [
        TranslationUnit(
            (
                Variant("en", f"Client {client} notes item {batch}.{k} of the agenda on {rng.random()}."),
                Variant("zh-CN", f"第{client}客户注意到议程项目{batch}.{k}：{rng.random()}。"),
            )
        )
        for k in range(IMPORT_UNITS)
    ]


def _client(client: Client, ready: Any, start: Any, results: Any) -> None:
    """One client's run (the target of the spawn context); puts (kind, seconds) pairs, or an error."""
    try:
        from glossary.model import ConceptChanges
        from glossary.termbase import ConceptConflict, Termbase
        from glossary.workspace import open_workspace
        from memories.formats import WriteOptions
        from memories.formats.tmx import write as write_tmx
        from memories.importer import import_files
        from memories.index.concordance import concordance
        from memories.index.lookup import lookup

        rng = random.Random(1000 + client.number)
        user = f"translator{client.number}"
        ws = open_workspace(client.location)
        ws.lock_timeout = 600
        termbase = Termbase(ws)
        lookup(ws, client.queries[0], "en", "zh-CN", 50)
        concordance(ws, "the", "en", limit=50)
        ready.release()
        start.wait()
        kinds, weights = list(MIX), list(MIX.values())
        timings: list[tuple[str, float]] = []
        conflicts = edits = imports = 0
        deadline = time.monotonic() + client.seconds
        while time.monotonic() < deadline:
            kind = rng.choices(kinds, weights)[0]
            started = time.perf_counter()
            if kind == "lookup":
                lookup(ws, rng.choice(client.queries), "en", "zh-CN", 50)
            elif kind == "concordance":
                phrase, lang = rng.choice(PHRASES)
                concordance(ws, phrase, lang, limit=50)
            elif kind == "unit edit":
                edits += 1
                unit_id = rng.randint(1, client.units)
                ws.update_variant(
                    unit_id, "zh-CN", f"译文{client.number}-{edits}：委员会重申其承诺。", by=user
                )
            elif kind == "concept edit":
                edits += 1
                concept_id = rng.choice(client.concepts)
                read = termbase.get(concept_id) if rng.random() < 0.5 else None
                try:
                    termbase.edit(
                        concept_id,
                        ConceptChanges(note=f"note {client.number}-{edits}"),
                        by=user,
                        expected_revision=read.revision if read is not None else None,
                    )
                except ConceptConflict:
                    conflicts += 1
            else:
                # The file is written first, off the clock: the import, not the writing, is measured.
                imports += 1
                path = Path(client.folder) / f"c{client.number}-{imports}.tmx"
                write_tmx(path, _units(client.number, imports, rng), WriteOptions(source="en"))
                started = time.perf_counter()
                import_files(ws, [path], force=True)
            timings.append((kind, time.perf_counter() - started))
        ws.close()
        results.put({"client": client.number, "timings": timings, "conflicts": conflicts})
    except BaseException:
        results.put({"client": client.number, "error": traceback.format_exc()})
        raise


def prepare(location: str) -> list[int]:
    """Add the concepts the clients edit; their ids."""
    from glossary.model import Concept, Term
    from glossary.termbase import Termbase
    from glossary.workspace import open_workspace

    ws = open_workspace(location)
    termbase = Termbase(ws)
    ids = [
        termbase.add(
            Concept((Term("en", f"team concept {n}"), Term("zh-CN", f"团队概念{n}")), note="start"),
            by="setup",
        ).id
        or 0
        for n in range(CONCEPTS)
    ]
    ws.close()
    return ids


def run(
    location: str, clients: int, seconds: float, queries: list[str], units: int, folder: Path
) -> dict[str, Any]:
    """One configuration: ``clients`` processes on ``location``; throughput and latencies."""
    concepts = prepare(location)
    context = multiprocessing.get_context("spawn")
    ready, start, results = context.Semaphore(0), context.Event(), context.Queue()
    processes = []
    for number in range(clients):
        own = folder / f"client-{number}"
        own.mkdir(parents=True, exist_ok=True)
        job = Client(location, number, seconds, tuple(queries), units, tuple(concepts), str(own))
        process = context.Process(target=_client, args=(job, ready, start, results))
        process.start()
        processes.append(process)
    for _ in processes:
        ready.acquire()
    load_before = os.getloadavg()[0]
    started = time.perf_counter()
    start.set()
    reports = [results.get() for _ in processes]
    wall = time.perf_counter() - started
    for process in processes:
        process.join()
    errors = [r["error"] for r in reports if "error" in r]
    if errors:
        raise SystemExit(f"a client failed:\n{errors[0]}")
    timings = [t for r in reports for t in r["timings"]]
    by_kind: dict[str, list[float]] = {}
    for kind, seconds_taken in timings:
        by_kind.setdefault(kind, []).append(seconds_taken)
    return {
        "clients": clients,
        "ops": len(timings),
        "ops_per_s": len(timings) / wall,
        "p50_ms": statistics.median([t for _, t in timings]) * 1000,
        "p95_ms": _percentile([t for _, t in timings], 0.95),
        "kinds": {
            k: {"n": len(v), "p50_ms": statistics.median(v) * 1000, "p95_ms": _percentile(v, 0.95)}
            for k, v in sorted(by_kind.items())
        },
        "conflicts": sum(r["conflicts"] for r in reports),
        "load": (load_before, os.getloadavg()[0]),
    }


def _print(backend: str, figures: dict[str, Any]) -> None:
    kinds = "  ".join(
        f"{k} {v['n']} p50 {v['p50_ms']:.1f} p95 {v['p95_ms']:.1f}" for k, v in figures["kinds"].items()
    )
    print(
        f"{backend:<10} {figures['clients']:>2} clients: {figures['ops_per_s']:7.1f} ops/s  "
        f"p50 {figures['p50_ms']:7.1f} ms  p95 {figures['p95_ms']:7.1f} ms  ({figures['ops']} ops, "
        f"{figures['conflicts']} concept conflicts; load {figures['load'][0]:.2f} -> {figures['load'][1]:.2f})"
    )
    print(f"{'':13}{kinds}")


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--dir", type=Path, help="keep lookup.py's workspace here and reuse it")
    parser.add_argument("--url", help="a PostgreSQL server (libpq URL; default: start a throwaway one)")
    parser.add_argument("--postgresql-clients", default="1,4,16")
    parser.add_argument("--sqlite-clients", default="1,4")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"{CORPORA} is absent: the benchmark needs ../shared/corpora")
        return 1
    folder = args.dir or Path(tempfile.mkdtemp(prefix="team-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    workspace = folder / f"tm-{args.size}.glossary"
    if not workspace.exists():
        _in_process("build", str(workspace), args.size)
    queries = make_queries(tm_pairs(args.size), 250)
    work = Path(tempfile.mkdtemp(prefix="team-run-", dir=folder))
    mix = ", ".join(f"{k} {v}" for k, v in MIX.items())
    print(
        f"Team benchmark: memory of {args.size:,} segments, {args.seconds:g} s per run, mix (weights) {mix}"
    )
    try:
        pg_clients = [int(n) for n in args.postgresql_clients.split(",") if n.strip()]
        if pg_clients:
            with postgres_server(args.url) as server:
                import psycopg
                from psycopg import sql

                ensure_postgres_copy(server, workspace, args.size)
                base = f"lookup_tm_{args.size}"  # the database lookup.py copies the workspace into
                for clients in pg_clients:
                    name = f"team_{args.size}_{clients}"
                    with psycopg.connect(server, autocommit=True) as admin:
                        admin.execute(
                            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
                        )
                        admin.execute(
                            sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
                                sql.Identifier(name), sql.Identifier(base)
                            )
                        )
                    url = database_url(server, name)
                    _print("PostgreSQL", run(url, clients, args.seconds, queries, args.size, work))
                    with psycopg.connect(server, autocommit=True) as admin:
                        admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))
        for clients in (int(n) for n in args.sqlite_clients.split(",") if n.strip()):
            copy = work / f"team-{clients}.glossary"
            shutil.copyfile(workspace, copy)
            _print("SQLite", run(str(copy), clients, args.seconds, queries, args.size, work))
            for leftover in work.glob(copy.name + "*"):
                leftover.unlink()
    finally:
        with contextlib.suppress(OSError):
            shutil.rmtree(work)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
