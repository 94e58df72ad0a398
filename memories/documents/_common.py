"""What the HTML and DOCX filters share: the languages written right to left, writing the merged document."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["RTL_LANGUAGES", "write_atomically"]

# Base languages written right to left: HTML gets dir="rtl", a Word run w:lang w:bidi.
RTL_LANGUAGES = frozenset({"ar", "he", "fa", "ur", "yi", "ps", "sd", "ug", "dv", "ckb", "syr"})


def write_atomically(out: Path, data: bytes) -> None:
    """Write ``out`` through a temporary file in its folder and a rename: never a partial file."""
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(prefix=f".{out.name}.", dir=out.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
