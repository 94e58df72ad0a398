"""Mutations of real TMX and PO files for the import property test and benchmarks/fuzz_import.py."""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from pathlib import Path

KINDS = ("flip", "truncate", "duplicate", "delete", "insert")

# Elements and entries whose duplication or deletion keeps a file plausible, so that the reader's own
# checks (not only the XML parser) are exercised.
_UNITS = re.compile(rb"<tu[ >]|<tuv[ >]|<seg>|<prop |<note>|<header|\n\nmsgid|\nmsgstr|\nmsgctxt|\n#")


def sample_files(shared: Path) -> list[Path]:
    tmx = shared / "formats" / "omegat" / "data" / "tmx"
    files = sorted(tmx.glob("TMXComplianceKit/ImportTest*.tmx")) + sorted(tmx.glob("*.tmx"))
    files += sorted((shared / "formats" / "po").glob("*.po")) + sorted(
        (shared / "formats" / "po").glob("*.mo")
    )
    return files


@dataclass(frozen=True)
class Mutation:
    kind: str
    at: float
    """Where, as a fraction of the file (or of its element starts, for duplicate and delete)."""
    value: int

    def apply(self, data: bytes) -> bytes:
        if not data:
            return data
        pos = min(int(self.at * len(data)), len(data) - 1)
        if self.kind == "flip":
            return data[:pos] + bytes([data[pos] ^ (1 << (self.value % 8))]) + data[pos + 1 :]
        if self.kind == "truncate":
            return data[:pos]
        if self.kind == "insert":
            return data[:pos] + bytes([self.value % 256]) + data[pos:]
        starts = [m.start() for m in _UNITS.finditer(data)]
        if len(starts) < 2:
            return data[:pos]
        i = min(int(self.at * (len(starts) - 1)), len(starts) - 2)
        piece = data[starts[i] : starts[i + 1]]
        if self.kind == "duplicate":
            return data[: starts[i + 1]] + piece + data[starts[i + 1] :]
        return data[: starts[i]] + data[starts[i + 1] :]


def random_mutation(rng: random.Random) -> Mutation:
    return Mutation(rng.choice(KINDS), rng.random(), rng.randrange(256))
