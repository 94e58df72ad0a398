"""The segment editor: how long a 5,000-segment document takes to open, and how long moving to the next segment
takes to show its matches and terms.

Corpus: the translation memory that benchmarks/lookup.py builds (real UN, WMT and gettext en–zh pairs, recombined
beyond the 20,000 real ones), at --size segments, with the seed termbase (seeds/diplomatic-terms.en-zh.tsv) and
the UN terms of tests/data/unpc-terms-en-zh.tsv imported; a workspace built before is reused from --dir. The
document is a PO of --segments entries: the lookup benchmark's queries (memory segments with one to three words
changed, and held-out news sentences), as a translator's new version of old texts would be.
Method, each in a fresh process:
- open: ``glossary.editing.open_document`` on the PO the first time (nothing remembered) and again after 200
  segments were confirmed (their targets and statuses restored from the workspace);
- next segment: for --moves segments in document order, what the editor does when the translator moves on,
  timed from the move to both answers: the cursor stored (``Editing.move``), the five best matches
  (``memories.index.lookup``), the glossary terms of the source (``glossary.matcher``). The UI runs the last
  two in a thread worker; the time to draw the tables is not counted (benchmarks/ui_latency.py measures it).

    python benchmarks/editor.py [--size 1000000] [--segments 5000] [--moves 300] [--dir DIR]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.lookup import CORPORA, in_process, make_queries, tm_pairs  # noqa: E402

SEEDS = ROOT / "seeds" / "diplomatic-terms.en-zh.tsv"
UN_TERMS = ROOT / "tests" / "data" / "unpc-terms-en-zh.tsv"


def _ms(times: list[float]) -> dict[str, float]:
    ordered = sorted(times)
    return {
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "max_ms": ordered[-1] * 1000,
    }


def add_termbase(workspace: str) -> dict[str, int]:
    from glossary.formats import read_termbase
    from glossary.termbase import Termbase
    from glossary.workspace import open_workspace

    ws = open_workspace(workspace)
    termbase = Termbase(ws)
    if not termbase.count():
        termbase.add_many(read_termbase(SEEDS, None))
        termbase.add_many(read_termbase(UN_TERMS, None))
    count = termbase.count()
    ws.close()
    return {"concepts": count}


def write_document(path: str, size: int, segments: int) -> dict[str, int]:
    import polib

    queries = list(dict.fromkeys(make_queries(tm_pairs(size), segments * 2)))[:segments]
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    for n, text in enumerate(queries, 1):
        catalogue.append(polib.POEntry(msgid=text, msgstr="", occurrences=[("statement.txt", str(n))]))
    catalogue.save(path)
    return {"segments": len(queries)}


def open_time(workspace: str, document: str) -> dict[str, float]:
    from glossary.editing import open_document
    from glossary.workspace import open_workspace

    started = time.perf_counter()
    ws = open_workspace(workspace)
    editing = open_document(ws, Path(document))
    elapsed = time.perf_counter() - started
    ws.close()
    return {"open_s": elapsed, "segments": len(editing.segments)}


def confirm_some(workspace: str, document: str, count: int) -> dict[str, float]:
    from glossary.editing import open_document
    from glossary.workspace import open_workspace

    ws = open_workspace(workspace)
    editing = open_document(ws, Path(document))
    started = time.perf_counter()
    for segment in editing.segments[:count]:
        editing.confirm(segment.number, f"译文{segment.number}")
    elapsed = time.perf_counter() - started
    ws.close()
    return {"confirm_ms": elapsed / count * 1000}


def next_segment(workspace: str, document: str, moves: int) -> dict[str, Any]:
    from glossary.editing import open_document
    from glossary.matcher import matcher_for
    from glossary.termbase import Termbase
    from glossary.workspace import open_workspace
    from memories.index.lookup import lookup

    ws = open_workspace(workspace)
    editing = open_document(ws, Path(document))
    start = len(editing.segments) // 2  # past the confirmed ones: segments that still need work
    times: list[float] = []
    with_match = terms = 0
    for index in range(start, min(len(editing.segments), start + moves)):
        began = time.perf_counter()
        editing.move(index)
        text = editing.current.source_text
        matches = lookup(ws, text, editing.source_lang, editing.target_lang, min_score=50, limit=5)
        found = matcher_for(Termbase(ws), editing.source_lang).find(text)
        times.append(time.perf_counter() - began)
        with_match += bool(matches)
        terms += len(found)
    ws.close()
    return {**_ms(times), "moves": len(times), "with_match": with_match, "terms_found": terms}


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=1_000_000, help="segments in the memory")
    parser.add_argument("--segments", type=int, default=5000, help="segments in the document")
    parser.add_argument("--moves", type=int, default=300)
    parser.add_argument("--dir", type=Path, help="keep the built workspace here and reuse it")
    args = parser.parse_args()
    if not CORPORA.is_dir():
        print(f"../shared/corpora is absent ({CORPORA})", file=sys.stderr)
        return 2
    folder = args.dir or Path(tempfile.mkdtemp(prefix="editor-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    workspace = folder / f"tm-{args.size}.glossary"
    if workspace.exists():
        print(f"memory: {workspace} (reused), {args.size:,} segments")
    else:
        built = in_process("benchmarks.lookup", "build", str(workspace), args.size)
        print(f"memory: {workspace}, {args.size:,} segments built in {built['build_s']:.0f} s")
    terms = in_process("benchmarks.editor", "add_termbase", str(workspace))
    print(f"termbase: {terms['concepts']:,} concepts")
    document = folder / f"document-{args.segments}.zh_CN.po"
    written = in_process("benchmarks.editor", "write_document", str(document), args.size, args.segments)
    print(f"document: {document}, {written['segments']:,} segments")
    # Each run starts from a document the workspace has never seen.
    reset = in_process("benchmarks.editor", "forget", str(workspace), str(document))
    del reset
    first = in_process("benchmarks.editor", "open_time", str(workspace), str(document))
    print(f"open, first time: {first['open_s']:.2f} s for {first['segments']:,} segments")
    confirmed = in_process("benchmarks.editor", "confirm_some", str(workspace), str(document), 200)
    print(f"confirm (memory unit + document state): {confirmed['confirm_ms']:.1f} ms a segment")
    again = in_process("benchmarks.editor", "open_time", str(workspace), str(document))
    print(f"open, 200 segments done: {again['open_s']:.2f} s")
    moved = in_process("benchmarks.editor", "next_segment", str(workspace), str(document), args.moves)
    print(
        f"next segment -> matches and terms: p50 {moved['p50_ms']:.1f} ms, p95 {moved['p95_ms']:.1f} ms,"
        f" max {moved['max_ms']:.1f} ms over {moved['moves']} moves"
        f" ({moved['with_match']} with a match >= 50, {moved['terms_found']} terms found)"
    )
    return 0


def forget(workspace: str, document: str) -> dict[str, int]:
    """Drop what the workspace remembers of ``document`` and the units its confirms added (a fresh run)."""
    from glossary.workspace import open_workspace

    ws = open_workspace(workspace)
    path = str(Path(document).resolve())
    units = [u.id for u in ws.units(origin=path) if u.id is not None]
    for unit_id in units:
        ws.delete_unit(unit_id)
    with ws.atomic() as conn:
        conn.execute("DELETE FROM editing_document WHERE path = ?", (path,))
    ws.close()
    return {"units": len(units)}


if __name__ == "__main__":
    raise SystemExit(main())
