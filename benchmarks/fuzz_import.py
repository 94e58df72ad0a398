"""Mutation fuzzing of the importers: 10,000 mutated real TMX/PO files, counting each outcome.

Corpus: the TMX Compliance Kit and OmegaT TMX samples, polib's PO/MO test files (../shared/formats).
Method: each run takes a random file, applies 1-3 random mutations (bit flip, truncation, inserted byte,
duplicated or deleted element; for an MO file also a table entry whose offset or length points past the end),
then with probability --gzip-share compresses it (``.gz``), half of those with the compressed stream damaged
instead (a flipped byte or a truncation), imports it into a fresh workspace, and classifies the outcome:
imported, refused (InputError: one line with file:line), or CRASH (any other exception: a bug).
A refused import must leave the workspace's dump unchanged; otherwise it is counted as DIRTY (a bug).

    python benchmarks/fuzz_import.py [--runs 10000] [--seed 1] [--gzip-share 0.25]
"""

from __future__ import annotations

import argparse
import collections
import gzip
import random
import struct
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from memories.errors import InputError  # noqa: E402
from memories.importer import import_files  # noqa: E402
from memories.store import Workspace  # noqa: E402
from tests.conftest import dump  # noqa: E402
from tests.mutations import random_mutation, sample_files  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gzip-share", type=float, default=0.25, help="Share of runs on a .gz file.")
    args = parser.parse_args()
    files = sample_files(ROOT.parent / "shared")
    if not files:
        print("../shared/formats is absent: nothing to fuzz")
        return 1
    rng = random.Random(args.seed)
    outcomes: collections.Counter[str] = collections.Counter()
    by_kind: collections.Counter[str] = collections.Counter()
    crashes: list[str] = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        for run in range(args.runs):
            original = rng.choice(files)
            mutations = [random_mutation(rng) for _ in range(rng.randint(1, 3))]
            data = original.read_bytes()
            for mutation in mutations:
                data = mutation.apply(data)
                by_kind[mutation.kind] += 1
            name = original.name
            if original.suffix == ".mo" and rng.random() < 0.5:
                data = _mo_table_mutation(data, rng)
                by_kind["mo-table"] += 1
            if rng.random() < args.gzip_share:
                data, name = gzip.compress(data), name + ".gz"
                by_kind["gzip"] += 1
                if rng.random() < 0.5:
                    data = _damage_stream(data, rng)
                    by_kind["gzip-damaged"] += 1
            mutated = Path(tmp) / f"{run}-{name}"
            mutated.write_bytes(data)
            ws_path = Path(tmp) / f"{run}.glossary"
            ws = Workspace(ws_path)
            before = dump(ws_path)
            try:
                import_files(ws, [mutated])
                outcomes["imported"] += 1
            except InputError:
                outcomes["refused" if dump(ws_path) == before else "DIRTY"] += 1
            except Exception:
                outcomes["CRASH"] += 1
                crashes.append(f"{original.name} {mutations}: {traceback.format_exc(limit=3)}")
            finally:
                ws.close()
                for suffix in ("", "-wal", "-shm"):
                    Path(f"{ws_path}{suffix}").unlink(missing_ok=True)
                mutated.unlink()
    elapsed = time.perf_counter() - started
    print(f"runs: {args.runs}  files: {len(files)}  seed: {args.seed}  time: {elapsed:.1f} s")
    print("mutations applied: " + ", ".join(f"{k} {n}" for k, n in sorted(by_kind.items())))
    for outcome in ("imported", "refused", "DIRTY", "CRASH"):
        print(f"{outcome:>9}: {outcomes[outcome]}")
    for crash in crashes[:10]:
        print("---\n" + crash)
    return 1 if outcomes["CRASH"] or outcomes["DIRTY"] else 0


def _mo_table_mutation(data: bytes, rng: random.Random) -> bytes:
    """An MO whose table entry (length, offset) of a random string points past the end of the file."""
    if len(data) < 28 or data[:4] not in (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde"):
        return data
    order = "<" if data[:4] == b"\xde\x12\x04\x95" else ">"
    count, originals, translations = struct.unpack_from(f"{order}3I", data, 8)
    table = rng.choice((originals, translations))
    at = table + 8 * rng.randrange(max(count, 1))
    if count == 0 or at + 8 > len(data):
        return data[: len(data) // 2]
    length, offset = struct.unpack_from(f"{order}2I", data, at)
    if rng.random() < 0.5:
        length += len(data)
    else:
        offset = len(data) + rng.randrange(1, 1000)
    out = bytearray(data)
    struct.pack_into(f"{order}2I", out, at, length, offset)
    return bytes(out)


def _damage_stream(data: bytes, rng: random.Random) -> bytes:
    pos = rng.randrange(10, max(len(data), 11))
    if rng.random() < 0.5:
        return data[:pos]
    return data[:pos] + bytes([data[pos % len(data)] ^ 0xFF]) + data[pos + 1 :]


if __name__ == "__main__":
    raise SystemExit(main())
