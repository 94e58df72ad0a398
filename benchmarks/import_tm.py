"""Import throughput and memory: the six-language UN dev set, and generated TMX files of growing size.

Corpus: ../shared/corpora/unpc-devset-6way (4,000 six-language sentences, real UN text). Larger TMX files are
built by recombining real dev-set sentences: unit i pairs the English sentence i mod 4000 with the Chinese
and French sentences of the same line, with the unit's number appended to every side so that each unit is new
(otherwise deduplication would make the import trivially cheap).
The dev set's floor (``floor_parallel``) reads the six files line by line and inserts the same segments.
Method: each measurement runs in a fresh subprocess (so peak RSS is that import's own) through the same
library call the CLI makes, and prints wall time, units per second, peak RSS and workspace size. A large import
codes its texts in a second process (``memories.index.coder``): its CPU time is counted in the CPU column (and
shown apart, "coder"), its peak RSS shown beside the importing process's. Beside each
TMX import, in the same run, the floor of ``benchmarks/import_floor.py`` (lxml iterparse + a plain SQLite
insert of the same segments, no index) reads the same file, and the ratio ours / floor is printed: the machine
is shared, so the ratio is the figure to compare between runs. A peer runs too: the same segments stored in an
SQLite FTS5 table with a trigram index, what SQLite itself offers for searching them (substring search, no
words, no scores, no deduplication), with the ratio ours / peer. Flat memory means the peak RSS does not grow
with the file: compare the rows.

    python benchmarks/import_tm.py [--sizes 10000,100000]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "corpora" / "unpc-devset-6way"


def _measure(kind: str, files: list[str], workspace: str) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    import resource

    from benchmarks.import_floor import cpu_seconds, peak_rss_mib
    from memories.importer import import_files, import_parallel
    from memories.index.coder import Coder
    from memories.store import Workspace

    coders: list[Coder] = []
    finish = Coder.finish

    def finished(coder: Coder) -> object:
        coders.append(coder)
        return finish(coder)

    Coder.finish = finished  # type: ignore[method-assign]  # to read the coding process's peak memory
    started = time.perf_counter()
    ws = Workspace(workspace)
    if kind == "parallel":
        report = import_parallel(ws, [Path(f) for f in files])
    else:
        (report,) = import_files(ws, [Path(f) for f in files])
    ws.close()
    elapsed = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    coder_cpu = children.ru_utime + children.ru_stime
    return {
        "units": report.added,
        "seconds": elapsed,
        "cpu_s": cpu_seconds() + coder_cpu,
        "coder_cpu_s": coder_cpu,
        "peak_rss_mib": peak_rss_mib(),
        "coder_rss_mib": max((c.peak_rss_mib or 0.0 for c in coders), default=0.0),
    }


def _generate_tmx(path: Path, size: int) -> None:
    lines = {
        lang: (DEVSET / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()
        for lang in ("en", "zh", "fr")
    }
    with path.open("w", encoding="utf-8") as out:
        out.write('<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n')
        out.write(
            '<header creationtool="bench" creationtoolversion="1" segtype="sentence" o-tmf="x" '
            'adminlang="en" srclang="en" datatype="plaintext"/>\n<body>\n'
        )
        for i in range(size):
            n = i % 4000
            out.write("<tu>")
            for lang, tag in (("en", "en"), ("zh", "zh-CN"), ("fr", "fr")):
                out.write(f'<tuv xml:lang="{tag}"><seg>{escape(lines[lang][n])} ({i})</seg></tuv>')
            out.write("</tu>\n")
        out.write("</body>\n</tmx>\n")


def _run(kind: str, files: list[str], workspace: Path) -> dict[str, float]:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from benchmarks.import_tm import _measure; "
        "print(json.dumps(_measure(sys.argv[2], sys.argv[3:-1], sys.argv[-1])))"
    )
    if kind == "floor":
        code = (
            "import json, sys; sys.path.insert(0, sys.argv[1]); from benchmarks.import_floor import floor; "
            "print(json.dumps(floor(sys.argv[3], sys.argv[4])))"
        )
    elif kind == "trigram":
        code = (
            "import json, sys; sys.path.insert(0, sys.argv[1]); from benchmarks.import_floor import floor; "
            "print(json.dumps(floor(sys.argv[3], sys.argv[4], trigram=True)))"
        )
    elif kind == "floor-parallel":
        code = (
            "import json, sys; sys.path.insert(0, sys.argv[1]); "
            "from benchmarks.import_floor import floor_parallel; "
            "print(json.dumps(floor_parallel(sys.argv[3:-1], sys.argv[-1])))"
        )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), kind, *files, str(workspace)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    figures["workspace_mib"] = (
        sum(p.stat().st_size for p in workspace.parent.glob(workspace.name + "*")) / 2**20
    )
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="10000,100000", help="TMX sizes in units, comma-separated")
    args = parser.parse_args()
    if not DEVSET.is_dir():
        print(f"{DEVSET} is absent: the benchmark needs the UN dev set")
        return 1
    print(
        f"{'input':<34} {'units':>9} {'seconds':>8} {'CPU s':>7} {'coder':>6} {'units/s':>9} {'peak RSS MiB':>13}"
        f" {'coder':>6} {'workspace MiB':>14}"
    )
    with tempfile.TemporaryDirectory() as tmp:
        rows = []
        ratios: list[tuple[str, float, float, str]] = []  # label, wall and CPU ratios, against what
        six = sorted(str(p) for p in DEVSET.glob("UNv1.0.devset.??"))
        six_ours = _run("parallel", six, Path(tmp) / "six.glossary")
        rows.append(("UN dev set, 6 languages, --parallel", six_ours))
        six_floor = _run("floor-parallel", six, Path(tmp) / "six-floor.sqlite")
        rows.append(("  floor: read lines + SQLite insert", six_floor))
        ratios.append(
            (
                "UN dev set",
                six_ours["seconds"] / six_floor["seconds"],
                six_ours["cpu_s"] / six_floor["cpu_s"],
                "floor",
            )
        )
        for size in (int(s) for s in args.sizes.split(",")):
            tmx = Path(tmp) / f"gen{size}.tmx"
            _generate_tmx(tmx, size)
            ours = _run("file", [str(tmx)], Path(tmp) / f"g{size}.glossary")
            rows.append((f"generated TMX en/zh-CN/fr {size:,}", ours))
            for kind, label, against in (
                ("floor", "  floor: iterparse + SQLite insert", "floor"),
                ("trigram", "  peer: same + FTS5 trigram index", "FTS5 peer"),
            ):
                other = _run(kind, [str(tmx)], Path(tmp) / f"{kind}{size}.sqlite")
                rows.append((label, other))
                ratios.append(
                    (
                        f"TMX {size:,} units",
                        ours["seconds"] / other["seconds"],
                        ours["cpu_s"] / other["cpu_s"],
                        against,
                    )
                )
            tmx.unlink()
        for label, f in rows:
            print(
                f"{label:<34} {int(f['units']):>9,} {f['seconds']:>8.2f} {f['cpu_s']:>7.2f} "
                f"{f.get('coder_cpu_s', 0.0):>6.2f} {f['units'] / f['seconds']:>9,.0f} "
                f"{f['peak_rss_mib']:>13.1f} {f.get('coder_rss_mib', 0.0):>6.1f} {f['workspace_mib']:>14.1f}"
            )
        for label, ratio, cpu_ratio, against in ratios:
            print(f"{label}: ours / {against} = {ratio:.2f}x wall, {cpu_ratio:.2f}x CPU (same run)")
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
