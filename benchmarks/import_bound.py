"""What the search index costs an import, and what storing less of it could win: the TMX import three ways.

Corpus: the generated TMX of ``benchmarks/import_tm.py`` (real UN dev-set sentences, en/zh-CN/fr, each unit new).
Method: each measurement in a fresh process, beside the floor of ``benchmarks/import_floor.py`` in the same run,
as ``import_tm.py`` does; three imports of the same file:
- as it is;
- storing nothing of the search index: the importing process writes no index term, search code or posting (the
  second process computes them all as always), which bounds any change that stores the index in fewer bytes;
- with no search index at all: no second process, no tokens, no normalised texts, so only what the floor does
  plus deduplication and the unit rows.
The two cut-down imports leave a workspace no lookup can use: they measure, they are not a mode of the program.

    python benchmarks/import_bound.py [--size 100000] [--runs 2]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

_CUTS = {
    "as it is": "",
    "storing no index": """
from memories.index.writer import IndexWriter
def nothing(*args, **kwargs):
    return None
for name in ("write_terms", "write_codes", "write", "merge_piled"):
    setattr(IndexWriter, name, nothing)
""",
    "no index at all": """
import memories.store
from memories.index.writer import IndexWriter
memories.store.Workspace._coder_for = lambda self, conn, variants: None
memories.store.stored_normalized = lambda text: ""
IndexWriter.add_many = lambda self, conn, variants: None
""",
}


def _import(cut: str, tmx: Path, workspace: Path) -> dict[str, float]:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]);\n"
        + _CUTS[cut]
        + "\nfrom benchmarks.import_tm import _measure\n"
        "print(json.dumps(_measure('file', [sys.argv[2]], sys.argv[3])))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(tmx), str(workspace)],
        capture_output=True,
        text=True,
        check=True,
    )
    figures: dict[str, float] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000, help="units in the generated TMX")
    parser.add_argument("--runs", type=int, default=2, help="rounds of the three imports")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from benchmarks.import_tm import _generate_tmx, _run

    with tempfile.TemporaryDirectory() as tmp:
        tmx = Path(tmp) / "bound.tmx"
        _generate_tmx(tmx, args.size)
        print(f"{'import of ' + format(args.size, ',') + ' units':<22} {'seconds':>8} {'CPU s':>7} {'coder':>6} "
              f"{'floor s':>8} {'ours / floor':>13}")  # fmt: skip
        for _ in range(args.runs):
            for cut in _CUTS:
                workspace = Path(tmp) / "bound.glossary"
                ours = _import(cut, tmx, workspace)
                for path in Path(tmp).glob("bound.glossary*"):
                    path.unlink()
                base = _run("floor", [str(tmx)], Path(tmp) / "floor.sqlite")
                for path in Path(tmp).glob("floor.sqlite*"):
                    path.unlink()
                print(f"{cut:<22} {ours['seconds']:>8.2f} {ours['cpu_s']:>7.2f} {ours['coder_cpu_s']:>6.2f} "
                      f"{base['seconds']:>8.2f} {ours['seconds'] / base['seconds']:>12.2f}x", flush=True)  # fmt: skip
    print(f"load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f} (1, 5, 15 min)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
