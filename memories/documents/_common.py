"""What the HTML and DOCX filters share: a cached sentence split with a fast path, and atomic writing."""

from __future__ import annotations

import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

from memories.documents.model import Code, Content
from memories.documents.segment import BlockSplit, split_block

__all__ = ["split", "write_atomically"]

# Characters after which any sentence splitter may cut; a block holding none of them is one sentence.
_MAY_END = re.compile(r"[.!?;:。！？；：…‼⁇⁈⁉։؟۔।॥\u3002\uff61]")


def split(content: Content, lang: str) -> BlockSplit:
    """``segment.split_block``, answered at once for a block with no sentence punctuation, and cached.

    pysbd costs milliseconds a call, and merge re-extracts the original: a page's navigation labels, table
    cells and headings (most blocks of a real page) cannot hold two sentences, and a merge or a second extraction
    in the same process splits the same contents again. The fast path gives what ``split_block`` gives for such a
    block: leading white space as ``lead``, the rest up to trailing white space as the one segment.
    """
    return _split(content, lang)


@lru_cache(maxsize=16384)
def _split(content: Content, lang: str) -> BlockSplit:
    text = "".join(part for part in content if isinstance(part, str))
    if _MAY_END.search(text):
        return split_block(content, lang)
    atoms: list[str | Code] = []
    for part in content:
        atoms.extend(part if isinstance(part, str) else (part,))
    if not text.strip():
        return split_block(content, lang)
    lead_end = 0
    while lead_end < len(atoms) and isinstance(atoms[lead_end], str) and str(atoms[lead_end]).isspace():
        lead_end += 1
    trail = len(atoms)
    while trail > lead_end and isinstance(atoms[trail - 1], str) and str(atoms[trail - 1]).isspace():
        trail -= 1
    return BlockSplit(
        lead=_compact(atoms[:lead_end]),
        segments=(_compact(atoms[lead_end:trail]),),
        gaps=(_compact(atoms[trail:]),),
    )


def _compact(atoms: list[str | Code]) -> Content:
    out: list[str | Code] = []
    for atom in atoms:
        if isinstance(atom, str):
            if not atom:
                continue
            if out and isinstance(out[-1], str):
                out[-1] += atom
                continue
        out.append(atom)
    return tuple(out)


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
