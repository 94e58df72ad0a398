"""Keystroke-to-results time of the workbench's lookup screen, and its start-up time, measured through Pilot.

Workspace: ``--workspace PATH`` (e.g. the 1M-segment TM that benchmarks/lookup.py builds; opened once before any
timing, so that a pending schema migration is reported apart and not counted), or else a TM of ``--size``
real en–zh segments built as benchmarks/lookup.py builds them (``tm_pairs`` through ``Workspace.add_units``).
Queries (``--queries``, 120 by default): real segments drawn at random from the workspace with 1–3 words
replaced, deleted or inserted, plus held-out WMT sentences that are not in the TM, all by benchmarks/lookup.py's
``make_queries``.

Keystroke to results: the app (``tui.app.make_app``) runs headless under ``App.run_test`` at 100x30 on the
lookup screen. For each query the translator's earlier words are already in the box (set at once, which starts
the lookups a paste would), then its last 12 characters are typed key by key through ``Pilot.press`` (a
character Pilot has no key for, such as ‘ ’ « », is inserted at the cursor as its key would) with
pauses drawn from 40–200 ms (a seeded random typist: pauses longer than the debounce start lookups that
the next key makes stale). The clock runs from the press of the last key to the moment the lookup screen's
``_show`` has put that query's answer in the match table (an instance hook on the screen, set by this script;
the terminal repaint follows on the next frame, at most 1/60 s later). Two parts are printed: the whole time,
and the time after the debounce timer fires (lookup in its worker, the matches and terms shown; the concordance
follows them), which is what the work costs; the debounce itself is ``LookupScreen.DEBOUNCE`` (``--debounce``
overrides it). To read those figures, the three calls the screen's worker makes (``lookup``, the glossary
matcher, ``concordance`` of the query or of its first term) are then timed alone on the same queries, in another
fresh process.

Start-up, measured in a fresh process: from the moment this script starts that process (Python, imports, the
workspace opened, the app built) to (a) the query box focused on the first screen and (b) the first lookup
answered in the match table.

    python benchmarks/ui_latency.py [--workspace PATH] [--size 20000] [--queries 120] [--dir DIR]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.lookup import SEED, build, in_process, make_queries  # noqa: E402

TYPED = 12
"""Characters typed key by key at the end of each query; the rest is in the box already."""
PAUSES = (0.04, 0.2)
"""Seconds between two keys: a fast typist and one who hesitates longer than the debounce."""
SIZE = (100, 30)


def sample_pairs(workspace: Path, count: int) -> list[tuple[str, str]]:
    """Real (en, zh) segments drawn at random from the workspace, for ``make_queries`` to edit."""
    from memories.store import Workspace

    with Workspace(workspace) as ws:
        top = int(ws.connection.execute("SELECT coalesce(max(id), 0) FROM tu").fetchone()[0])
        chosen = random.Random(SEED).sample(range(1, top + 1), min(top, count))
        pairs: list[tuple[str, str]] = []
        for unit in ws.units_by_id(chosen):
            en, zh = unit.variant("en"), unit.variant("zh-CN")
            if en is not None and zh is not None:
                pairs.append((en.text, zh.text))
        return pairs


def _percentiles(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    return statistics.median(ordered) * 1000, ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000


async def _type_queries(workspace: Path, queries: list[str], debounce: float | None) -> dict[str, Any]:
    from textual.widgets import Input

    from memories.store import Workspace
    from tui.app import make_app
    from tui.screens.lookup import LookupResults, LookupScreen

    ws = Workspace(workspace)
    app = make_app(ws)
    total: list[float] = []
    after_debounce: list[float] = []
    rng = random.Random(SEED)
    async with app.run_test(size=SIZE) as pilot:
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        if debounce is not None:
            screen.DEBOUNCE = debounce
        box = screen.query_one("#query", Input)
        shown: dict[str, float] = {}
        started: dict[str, float] = {}
        arrived = asyncio.Event()
        wanted = [""]  # the query whose answer ends the clock
        show, search = screen._show, screen.search

        def timed_show(results: LookupResults) -> None:
            show(results)
            if results.query == box.value == wanted[0]:
                shown.setdefault(results.query, time.perf_counter())
                arrived.set()

        def timed_search() -> None:
            started[box.value] = time.perf_counter()
            search()

        screen._show = timed_show  # type: ignore[method-assign]
        screen.search = timed_search  # type: ignore[method-assign]
        await pilot.pause(0.5)
        for query in queries:
            shown.clear()
            started.clear()
            arrived.clear()
            wanted[0] = query
            cut = max(0, len(query) - TYPED)
            box.value = query[:cut]
            box.cursor_position = cut
            await pilot.pause(rng.uniform(*PAUSES))
            for char in query[cut:-1]:
                await _type(pilot, box, char)
                await asyncio.sleep(rng.uniform(*PAUSES))
            pressed = time.perf_counter()
            await _type(pilot, box, query[-1])
            try:
                await asyncio.wait_for(arrived.wait(), timeout=60)
            except TimeoutError:
                raise SystemExit(f"no answer shown for {query!r} (the box holds {box.value!r})") from None
            total.append(shown[query] - pressed)
            after_debounce.append(shown[query] - started[query])
            await pilot.pause(0.05)
    ws.close()
    p50, p95 = _percentiles(total)
    w50, w95 = _percentiles(after_debounce)
    return {
        "queries": len(total),
        "p50_ms": p50,
        "p95_ms": p95,
        "max_ms": max(total) * 1000,
        "work_p50_ms": w50,
        "work_p95_ms": w95,
        "debounce_ms": (debounce if debounce is not None else LookupScreen.DEBOUNCE) * 1000,
    }


async def _type(pilot: Any, box: Any, char: str) -> None:
    """Type one character as a key press; a character Pilot has no key for (it drops ‘ ’ « » silently)
    goes in as the text a key would insert, at the cursor, which changes the box as the key would."""
    expected = box.value[: box.cursor_position] + char + box.value[box.cursor_position :]
    await pilot.press(char)
    if box.value != expected:
        box.insert_text_at_cursor(char)
        await pilot.pause()


def latency(workspace: str, queries: list[str], debounce: float | None) -> dict[str, Any]:
    return asyncio.run(_type_queries(Path(workspace), queries, debounce))


async def _start(workspace: Path, query: str) -> dict[str, float]:
    from textual.widgets import Input

    from memories.store import Workspace
    from tui.app import make_app
    from tui.screens.lookup import LookupResults, LookupScreen

    imported = time.time()
    ws = Workspace(workspace)
    app = make_app(ws)
    marks: dict[str, float] = {"imported": imported}
    async with app.run_test(size=SIZE) as pilot:
        while not isinstance(app.focused, Input) or app.focused.id != "query":
            await asyncio.sleep(0.001)
        marks["focused"] = time.time()
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        arrived = asyncio.Event()
        show = screen._show

        def timed_show(results: LookupResults) -> None:
            show(results)
            if results.query == query:
                arrived.set()

        screen._show = timed_show  # type: ignore[method-assign]
        typed = time.time()
        screen.query_one("#query", Input).value = query
        await asyncio.wait_for(arrived.wait(), timeout=60)
        marks["answered"] = time.time()
        marks["lookup"] = marks["answered"] - typed
        await pilot.pause()
    ws.close()
    return marks


def start_up(workspace: str, query: str) -> dict[str, float]:
    return asyncio.run(_start(Path(workspace), query))


def breakdown(workspace: str, queries: list[str]) -> dict[str, Any]:
    """The three calls the lookup screen's worker makes for a query, timed without the UI, same queries."""
    from glossary.matcher import matcher_for
    from glossary.termbase import Termbase
    from memories.index.concordance import concordance
    from memories.index.lookup import lookup
    from memories.store import Workspace

    ws = Workspace(workspace)
    lookup(ws, queries[0], "en", "zh-CN", min_score=50, limit=10)
    times: dict[str, list[float]] = {"lookup": [], "terms": [], "concordance": []}
    for query in queries:
        started = time.perf_counter()
        lookup(ws, query, "en", "zh-CN", min_score=50, limit=10)
        looked = time.perf_counter()
        terms = matcher_for(Termbase(ws), "en").find(query)
        matched = time.perf_counter()
        if not concordance(ws, query, "en", limit=30) and terms:
            concordance(ws, terms[0].text, "en", limit=30)
        done = time.perf_counter()
        times["lookup"].append(looked - started)
        times["terms"].append(matched - looked)
        times["concordance"].append(done - matched)
    ws.close()
    return {name: _percentiles(values) for name, values in times.items()}


def _in_process(function: str, *args: object) -> dict[str, Any]:
    return in_process("benchmarks.ui_latency", function, *args)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--workspace", type=Path, help="an existing workspace (it is opened, migrated if need be)"
    )
    parser.add_argument(
        "--size", type=int, default=20_000, help="segments of the TM built without --workspace"
    )
    parser.add_argument("--queries", type=int, default=120)
    parser.add_argument("--starts", type=int, default=3, help="fresh processes timed for the start-up")
    parser.add_argument(
        "--debounce", type=float, help="seconds of quiet typing before a lookup (default: the app's)"
    )
    parser.add_argument("--dir", type=Path, help="keep the built workspace here and reuse it")
    args = parser.parse_args()
    if args.workspace is not None:
        workspace = args.workspace
        if not workspace.is_file():
            print(f"{workspace}: no such workspace")
            return 2
    else:
        folder = args.dir or Path(tempfile.mkdtemp(prefix="ui-latency-"))
        folder.mkdir(parents=True, exist_ok=True)
        workspace = folder / f"tm-{args.size}.glossary"
        if not workspace.exists():
            built = _in_process("_build", str(workspace), args.size)
            print(f"built a TM of {args.size:,} segments in {built['build_s']:.1f} s")
    from memories.store import Workspace

    opened = time.perf_counter()
    with Workspace(workspace) as ws:
        units = ws.count_units()
    print(
        f"{workspace}: {units:,} units; first opening (migrations included) {time.perf_counter() - opened:.1f} s"
    )
    queries = make_queries(sample_pairs(workspace, 5000), args.queries)
    starts = []
    for _ in range(args.starts):
        launched = time.time()
        marks = _in_process("start_up", str(workspace), queries[0])
        starts.append(
            {k: v - launched for k, v in marks.items() if k != "lookup"} | {"lookup": marks["lookup"]}
        )
    typed = _in_process("latency", str(workspace), queries, args.debounce)
    parts = _in_process("breakdown", str(workspace), queries)
    print(f"Start-up at {SIZE[0]}x{SIZE[1]}, headless, {args.starts} fresh processes (best / worst):")
    for label, key in (
        ("Python and imports done", "imported"),
        ("query box focused", "focused"),
        ("first lookup answered", "answered"),
    ):
        values = sorted(s[key] for s in starts)
        print(f"  {label:<26} {values[0]:6.2f} s / {values[-1]:6.2f} s after the process started")
    print(
        f"  of which the first lookup (after its {typed['debounce_ms']:.0f} ms debounce): "
        f"{min(s['lookup'] for s in starts):.2f} s"
    )
    print(f"Keystroke to results, {typed['queries']} queries typed through Pilot:")
    print(
        f"  last key -> match table   p50 {typed['p50_ms']:7.1f} ms  p95 {typed['p95_ms']:7.1f} ms"
        f"  max {typed['max_ms']:7.1f} ms  (includes the {typed['debounce_ms']:.0f} ms debounce)"
    )
    print(
        f"  after the debounce        p50 {typed['work_p50_ms']:7.1f} ms  p95 {typed['work_p95_ms']:7.1f} ms"
        "  (lookup and glossary terms, shown; the concordance follows)"
    )
    print("The lookup screen's three calls for the same queries, without the UI:")
    for name, (p50, p95) in parts.items():
        print(f"  {name:<24}  p50 {p50:7.1f} ms  p95 {p95:7.1f} ms")
    return 0


def _build(workspace: str, size: int) -> dict[str, float]:
    return build(workspace, size)


if __name__ == "__main__":
    raise SystemExit(main())
