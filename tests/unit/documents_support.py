"""Helpers the document filter tests share: a time limit per test, identity and pseudo-translated round trips."""

from __future__ import annotations

import re
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from memories.documents.model import Code, Content, Document, ExtractOptions, MergeOptions, plain_text

_VOWELS = str.maketrans("aeiouAEIOU", "àéîõüÀÉÎÕÜ")
_KEEP = re.compile(r"&#?\w+;|\\.|https?://\S+")  # entities, escapes and URLs are markup, not text


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail (instead of hanging the suite) when the block runs longer than ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def pseudo(content: Content) -> Content:
    """A pseudo-translation: vowels accented in the text, codes kept where they are."""

    def text(part: str) -> str:
        pieces, last = [], 0
        for match in _KEEP.finditer(part):
            pieces.append(part[last : match.start()].translate(_VOWELS))
            pieces.append(match.group(0))
            last = match.end()
        pieces.append(part[last:].translate(_VOWELS))
        return "".join(pieces)

    return tuple(text(p) if isinstance(p, str) else p for p in content)


def identity_round_trip(document_filter: object, path: Path, tmp: Path) -> Document:
    """Extract, merge every segment's source back, and return the document (the caller compares bytes)."""
    document: Document = document_filter.extract(path, ExtractOptions())  # type: ignore[attr-defined]
    out = tmp / f"identity-{path.name}"
    report = document_filter.merge(  # type: ignore[attr-defined]
        path, {s.id: s.source for s in document.segments}, out, MergeOptions(target_lang="fr")
    )
    assert out.read_bytes() == path.read_bytes(), path.name
    assert report.translated == len(document.segments) and report.untranslated == 0
    return document


def pseudo_round_trip(document_filter: object, path: Path, tmp: Path) -> None:
    """Merge a pseudo-translation; re-extracting the result gives the same blocks holding the pseudo text."""
    document: Document = document_filter.extract(path, ExtractOptions())  # type: ignore[attr-defined]
    translations = {s.id: pseudo(s.source) for s in document.segments}
    out = tmp / f"pseudo-{path.name}"
    document_filter.merge(path, translations, out, MergeOptions(target_lang="fr"))  # type: ignore[attr-defined]
    again: Document = document_filter.extract(out, ExtractOptions())  # type: ignore[attr-defined]
    assert [(b.id, b.kind, b.level) for b in again.blocks] == [
        (b.id, b.kind, b.level) for b in document.blocks
    ]

    def block_text(doc: Document) -> list[str]:
        return [re.sub(r"\s+", " ", " ".join(plain_text(s.source) for s in b.segments)) for b in doc.blocks]

    assert block_text(again) == [plain_text(pseudo((t,))) for t in block_text(document)]
    codes = [[p for s in b.segments for p in s.source if isinstance(p, Code)] for b in document.blocks]
    codes_again = [[p for s in b.segments for p in s.source if isinstance(p, Code)] for b in again.blocks]
    assert [[c.type for c in cs] for cs in codes_again] == [[c.type for c in cs] for cs in codes]
