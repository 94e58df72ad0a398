"""Documents in, documents out, with the memory: ``prepare`` a document's XLIFF (pre-translated when given a
workspace) and ``merge`` it back; the format work is ``memories.documents.pipeline``'s, the filling
``glossary.pretranslate``'s."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from glossary.pretranslate import PretranslateReport, pretranslate
from memories.documents.pipeline import PrepareReport, merge
from memories.documents.pipeline import prepare as write_xliff
from memories.langs import normalize_tag
from memories.store import Workspace

__all__ = ["PreparedDocument", "merge", "prepare"]


@dataclass(frozen=True)
class PreparedDocument:
    """What ``prepare`` wrote: the XLIFF's segments, and the pre-translation's counts when there was one."""

    report: PrepareReport
    pretranslation: PretranslateReport | None


def prepare(
    path: Path,
    target: str,
    out: Path,
    version: str = "2.0",
    workspace: Workspace | None = None,
    min_score: int = 75,
    source: str = "en",
    format: str | None = None,
    encoding: str | None = None,
    translate_comments: bool = False,
    translate_hidden: bool = False,
) -> PreparedDocument:
    """Write the XLIFF ``out`` of the document ``path``; with a ``workspace``, its segments are pre-translated
    from the memory (exact matches final, fuzzy ones of at least ``min_score`` for review). All or nothing:
    ``out`` is written whole or not at all. ``translate_comments``/``translate_hidden``: a Word document's
    comments and hidden text are segments too (the XLIFF records it, so ``merge`` extracts the same way)."""
    extra = (translate_comments, translate_hidden)

    source, target = normalize_tag(source), normalize_tag(target)
    if workspace is None:
        return PreparedDocument(
            write_xliff(path, target, out, version, source, format, encoding, *extra), None
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    # Pre-translation reads one XLIFF and writes another: the bare one goes to a temporary file beside ``out``.
    handle, name = tempfile.mkstemp(prefix=f".{out.name}.", suffix=".xlf", dir=out.parent)
    os.close(handle)
    try:
        report = write_xliff(path, target, Path(name), version, source, format, encoding, *extra)
        filled = pretranslate(workspace, Path(name), out, source, target, min_score)
    finally:
        Path(name).unlink(missing_ok=True)
    return PreparedDocument(report, filled)
