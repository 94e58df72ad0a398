"""The floor an import is measured against: lxml iterparse of a TMX and a plain SQLite insert of its segments.

What every TMX import must do at the least, and nothing more: parse the file as a stream (lxml ``iterparse``
on ``<tu>``, each unit cleared once read), and insert one row per segment (unit number, language, text) into
a table without indexes, in one transaction, with executemany. No validation, no inline codes, no
deduplication, no search index. ``benchmarks/import_tm.py`` runs it beside our import on the same file, in
the same run, and prints the ratio.

    python benchmarks/import_floor.py FILE.tmx
"""

from __future__ import annotations

import contextlib
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from lxml import etree

_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def peak_rss_mib() -> float:
    """The kernel's high-water mark of this process (VmHWM): Linux carries ``ru_maxrss`` over exec from the
    process that started this one, so that figure could be the parent's."""
    with contextlib.suppress(OSError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """CPU time of this process (user + system): what compares on a machine others are using too."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def floor(tmx: str, database: str, trigram: bool = False) -> dict[str, float]:
    """The floor of a TMX import; with ``trigram``, the peer: the same segments in an FTS5 table with a trigram
    index (what SQLite itself offers for searching them, substring search without words or scores)."""
    started = time.perf_counter()
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    if trigram:
        conn.execute(
            "CREATE VIRTUAL TABLE segment USING fts5(unit UNINDEXED, lang UNINDEXED, text, tokenize='trigram')"
        )
    else:
        conn.execute("CREATE TABLE segment (unit INTEGER NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL)")
    conn.execute("BEGIN")
    rows: list[tuple[int, str, str]] = []
    units = 0
    for _, tu in etree.iterparse(tmx, events=("end",), tag="tu", resolve_entities=False, no_network=True):
        units += 1
        for tuv in tu.iterchildren("tuv"):
            seg = tuv.find("seg")
            if seg is not None:
                rows.append((units, tuv.get(_LANG) or "", "".join(seg.itertext())))
        tu.clear()
        while tu.getprevious() is not None:  # drop the units already read, as a streaming reader must
            del tu.getparent()[0]
        if len(rows) >= 5000:
            conn.executemany("INSERT INTO segment VALUES (?, ?, ?)", rows)
            rows.clear()
    conn.executemany("INSERT INTO segment VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    elapsed = time.perf_counter() - started
    return {"units": units, "seconds": elapsed, "cpu_s": cpu_seconds(), "peak_rss_mib": peak_rss_mib()}


def floor_parallel(files: list[str], database: str) -> dict[str, float]:
    """The floor of a ``--parallel`` import: the files read together line by line, and one row per non-blank
    line (unit number, language from the file's last suffix, text) inserted as ``floor`` inserts."""
    started = time.perf_counter()
    conn = sqlite3.connect(database, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("CREATE TABLE segment (unit INTEGER NOT NULL, lang TEXT NOT NULL, text TEXT NOT NULL)")
    conn.execute("BEGIN")
    langs = [Path(f).suffix.lstrip(".") for f in files]
    rows: list[tuple[int, str, str]] = []
    units = 0
    with contextlib.ExitStack() as stack:
        streams = [stack.enter_context(open(f, encoding="utf-8")) for f in files]
        for units, lines in enumerate(zip(*streams, strict=True), start=1):
            rows.extend(
                (units, lang, line.rstrip("\n"))
                for lang, line in zip(langs, lines, strict=True)
                if line.strip()
            )
            if len(rows) >= 5000:
                conn.executemany("INSERT INTO segment VALUES (?, ?, ?)", rows)
                rows.clear()
    conn.executemany("INSERT INTO segment VALUES (?, ?, ?)", rows)
    conn.execute("COMMIT")
    conn.close()
    elapsed = time.perf_counter() - started
    return {"units": units, "seconds": elapsed, "cpu_s": cpu_seconds(), "peak_rss_mib": peak_rss_mib()}


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        f = floor(sys.argv[1], str(Path(tmp) / "floor.sqlite"))
    print(f"{int(f['units']):,} units in {f['seconds']:.2f} s ({f['units'] / f['seconds']:,.0f} units/s), "
          f"peak RSS {f['peak_rss_mib']:.1f} MiB")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
