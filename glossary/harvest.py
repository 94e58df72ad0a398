"""One extraction run: extract candidates, propose their equivalents, store both as candidate concepts."""

from __future__ import annotations

from dataclasses import dataclass

from glossary.equivalents import Proposal, bilingual_pairs, propose
from glossary.extract import Candidate, Origins, extract, segments_of
from glossary.model import Concept, ConceptStatus, Origin, Term, TermStatus
from glossary.termbase import MergeResult, Termbase
from memories.progress import Progress
from memories.store import Workspace

__all__ = [
    "EVIDENCE",
    "MIN_CONFIDENCE",
    "Extraction",
    "candidate_kinds",
    "extract_into_termbase",
    "store_candidates",
]

EVIDENCE = 20
"""How many translation units a stored candidate keeps as evidence."""
MIN_CONFIDENCE = 0.3
"""A proposed equivalent below this Dice value is shown but not stored with the candidate."""


@dataclass(frozen=True)
class Extraction:
    """What one extraction run found and stored."""

    candidates: list[Candidate]
    proposals: list[Proposal]
    """The proposal for each candidate (empty when no unit has the target language)."""
    stored: MergeResult | None
    """What storing did, or None when nothing was stored."""
    concept_ids: list[int | None]
    """The termbase concept that stands for each candidate (None when not stored)."""


def extract_into_termbase(
    workspace: Workspace,
    lang: str = "en",
    target: str | None = "zh-CN",
    origin: Origins = None,
    top: int = 50,
    store: bool = True,
    progress: Progress | None = None,
) -> Extraction:
    """Extract the ``top`` candidates of ``lang``, propose ``target`` equivalents from the aligned units,
    and store them as candidate concepts (idempotently: see ``Termbase.merge_candidates``)."""
    termbase = Termbase(workspace)
    candidates = extract(segments_of(workspace, lang, origin), lang, top, progress)
    proposals: list[Proposal] = []
    if target is not None and candidates:
        pairs = bilingual_pairs(workspace, lang, target, origin)
        if pairs:
            proposals = propose(candidates, pairs, lang, target, termbase, progress=progress)
    found = Extraction(candidates, proposals, None, [None] * len(candidates))
    return store_candidates(workspace, found, lang, target) if store and candidates else found


def store_candidates(workspace: Workspace, found: Extraction, lang: str, target: str | None) -> Extraction:
    """Store what ``extract_into_termbase(..., store=False)`` found as candidate concepts, in one
    transaction: the workbench computes first (cancellable, nothing written), then stores."""
    termbase = Termbase(workspace)
    candidates, proposals = found.candidates, found.proposals
    ids: list[int | None] = [None] * len(candidates)
    concepts = []
    for n, candidate in enumerate(candidates):
        terms = [Term(lang, candidate.text)]
        best = proposals[n].best if proposals else None
        # A proposal is stored only on evidence: two units at least (one co-occurrence is chance as often
        # as not), and a confidence above MIN_CONFIDENCE. It stays a candidate until a person approves it.
        if (
            best is not None
            and target is not None
            and not best.known
            and not best.weak
            and best.confidence >= MIN_CONFIDENCE
        ):
            terms.append(
                Term(target, best.text, status=TermStatus.ADMITTED, note=f"confidence {best.confidence}")
            )
        concepts.append(
            Concept(
                terms=tuple(terms),
                status=ConceptStatus.CANDIDATE,
                origin=Origin.EXTRACTED,
                score=candidate.score,
                evidence=candidate.units[:EVIDENCE],
                note=f"{candidate.frequency} occurrences in {candidate.documents} documents",
            )
        )
    with workspace.atomic():
        stored = termbase.merge_candidates(concepts, lang)
        for n, candidate in enumerate(candidates):
            same = termbase.same_concept(lang, candidate.text)
            ids[n] = same.id if same is not None else None
        termbase.set_extraction_kinds(
            (cid, c.kind) for cid, c in zip(ids, candidates, strict=True) if cid is not None
        )
    return Extraction(candidates, proposals, stored, ids)


def candidate_kinds(workspace: Workspace) -> dict[int, str]:
    """Concept id -> the kind extraction gave it (``glossary.extract.KINDS``), for the concepts it stored."""
    return Termbase(workspace).extraction_kinds()
