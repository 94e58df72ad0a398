"""A file held against the translation memory: match scores for a document's statistics, exact matches for QA."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from glossary.editing import Editing, open_document
from memories.index.lookup import lookup
from memories.store import Workspace

__all__ = ["analysed", "exact_matches"]


def analysed(ws: Workspace, file: Path, source: str, target: str) -> Editing:
    """The document with each new segment's best match score looked up (what an analysis reports)."""
    editing = open_document(ws, file, source, target)
    for segment in editing.segments:
        if segment.score is None and segment.status == "new" and segment.source_text.strip():
            found = lookup(ws, segment.source_text, editing.source_lang, target, min_score=50, limit=1)
            if found:
                editing.set_score(segment.number, found[0].score)
    return editing


def exact_matches(
    ws: Workspace, file: Path, source: str, target: str
) -> Callable[[str], list[tuple[str, str]]]:
    """For QA's consistency check: a source text's exact matches in the memory as (target, origin), from
    files other than ``file`` (the file's own units, once imported, agree with it)."""

    def memory(text: str) -> list[tuple[str, str]]:
        found = lookup(ws, text, source, target, min_score=100, limit=3)
        return [
            (m.target.text, m.unit.origin or "")
            for m in found
            if m.target is not None and m.score >= 100 and Path(m.unit.origin or "").name != file.name
        ]

    return memory
