"""Aligning document pairs with what the workspace knows: its units (length model, lexicon) and term pairs."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from memories.align import Alignment, LengthModel, Sentence
    from memories.align_lexicon import Lexicon
    from memories.store import Workspace

__all__ = ["SHORT", "TM_SAMPLE", "Aligned", "WorkspaceMemory", "align_files", "align_pair", "read_pair"]

SHORT = 30
"""Documents with fewer sentences than this take their length model from the workspace when it has one."""
TM_SAMPLE = 4000
"""Units of the workspace read for its length model and lexicon: enough for both, quick to learn from."""


@dataclass(frozen=True)
class WorkspaceMemory:
    """What the workspace knows of the language pair: a sample of its units and the termbase's term pairs."""

    units: tuple[tuple[str, str], ...] = ()
    terms: tuple[tuple[str, str], ...] = ()

    @classmethod
    def read(cls, ws: Workspace, source: str, target: str, limit: int = TM_SAMPLE) -> WorkspaceMemory:
        """The first ``limit`` units of the workspace in this language pair and the term pairs of its
        concepts that are not rejected."""
        from glossary.termbase import Termbase
        from memories.langs import same_language

        pairs: list[tuple[str, str]] = []
        terms: list[tuple[str, str]] = []
        for unit in ws.units():
            s, t = unit.variant(source), unit.variant(target)
            if s is not None and t is not None:
                pairs.append((s.text, t.text))
                if len(pairs) >= limit:
                    break
        for concept in Termbase(ws).concepts():
            if concept.status == "rejected":
                continue
            sources = [term.text for term in concept.terms if same_language(term.lang, source)]
            targets = [term.text for term in concept.terms if same_language(term.lang, target)]
            terms.extend((s, t) for s in sources for t in targets)
        return cls(tuple(pairs), tuple(terms))

    def model(self) -> LengthModel | None:
        from memories.align import LengthModel

        return LengthModel.from_texts(self.units)

    def lexicon(self, source: str, target: str) -> Lexicon:
        from memories.align_lexicon import Lexicon

        return Lexicon.learn(self.units, source, target)


@dataclass(frozen=True)
class Aligned:
    """A document pair aligned, and where its length model came from ("workspace" or "documents")."""

    source_path: Path
    target_path: Path
    alignment: Alignment
    model_from: str

    @property
    def origin(self) -> str:
        """The origin of the units it gives: the pair of files."""
        return f"{self.source_path} + {self.target_path}"


def read_pair(
    source_path: Path, target_path: Path, source: str, target: str, encoding: str | None = None
) -> tuple[list[Sentence], list[Sentence]]:
    """The two documents' sentences; an unreadable, empty or mislabelled document is an InputError."""
    from memories.align import check_languages, read_document, segment

    source_text = read_document(source_path, encoding)
    target_text = read_document(target_path, encoding)
    check_languages(source_text, target_text, source, target, (source_path, target_path))
    return segment(source_text, source), segment(target_text, target)


def align_pair(
    paths: tuple[Path, Path],
    sentences: tuple[list[Sentence], list[Sentence]],
    source: str,
    target: str,
    memory: WorkspaceMemory,
    lexicon: Lexicon,
) -> Aligned:
    """Align read documents with the workspace's term pairs and lexicon (and, for short documents, its
    length model)."""
    from memories.align import align

    source_sentences, target_sentences = sentences
    # A short document pair says little about the length ratio of its languages; the translation memory
    # says more.
    short = min(len(source_sentences), len(target_sentences)) < SHORT
    model = memory.model() if short else None
    alignment = align(
        source_sentences, target_sentences, source, target, terms=memory.terms, model=model, lexicon=lexicon
    )
    return Aligned(paths[0], paths[1], alignment, "workspace" if model is not None else "documents")


def align_files(
    ws: Workspace, source_path: Path, target_path: Path, source: str, target: str, encoding: str | None = None
) -> Aligned:
    """Read and align one document pair with what ``ws`` knows."""
    sentences = read_pair(source_path, target_path, source, target, encoding)
    memory = WorkspaceMemory.read(ws, source, target)
    return align_pair(
        (source_path, target_path), sentences, source, target, memory, memory.lexicon(source, target)
    )
