"""One extraction run: extract candidates, propose their equivalents, store both as candidate concepts."""

from __future__ import annotations

from dataclasses import dataclass, replace

from glossary.equivalents import Pair, Proposal, bilingual_pairs, propose
from glossary.extract import Candidate, Origins, extract, segments_of
from glossary.model import Concept, ConceptStatus, Origin, Term, TermStatus
from glossary.termbase import MergeResult, Termbase
from memories.index.concordance import concordance
from memories.langs import same_language
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
WIDEN_BELOW = 5
"""A candidate found in fewer aligned units of its own documents than this takes its evidence from the whole
memory as well: one press release holds a formula once or twice, too few to tell its translation."""
WIDEN_TO = 60
"""Most units of the whole memory read for one such candidate (the newest first)."""
BACKGROUND = 2000
"""Aligned units of the whole memory counted beside them, so that a phrase common everywhere (安全 beside
安全理事会) is told from the one that goes with the term: Dice needs units without the term too."""


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
        evidence = candidates
        if origin is not None:
            evidence, pairs = _with_memory_evidence(workspace, candidates, pairs, lang, target)
        if pairs:
            proposals = propose(evidence, pairs, lang, target, termbase, progress=progress)
    found = Extraction(candidates, proposals, None, [None] * len(candidates))
    return store_candidates(workspace, found, lang, target) if store and candidates else found


def _with_memory_evidence(
    workspace: Workspace, candidates: list[Candidate], pairs: dict[int, Pair], lang: str, target: str
) -> tuple[list[Candidate], dict[int, Pair]]:
    """Candidates of a few documents (``--origin``) seen in few of their aligned units, with the units of the
    whole memory that hold them too (the concordance: whole words, normalised), and the pairs to count in.
    The glossary comes first anyway (``propose`` gives a known term's equivalents first); this is the memory."""
    pairs = dict(pairs)
    widened = []
    for candidate in candidates:
        own = [u for u in candidate.units if u in pairs]
        if len(own) >= WIDEN_BELOW:
            widened.append(candidate)
            continue
        more: list[int] = []
        for hit in concordance(workspace, candidate.text, lang, limit=WIDEN_TO):
            unit_id = hit.unit.id
            if unit_id is None or unit_id in candidate.units or unit_id in more:
                continue
            translated = next((v.text for v in hit.unit.variants if same_language(v.lang, target)), None)
            if translated:
                pairs.setdefault(unit_id, Pair(unit_id, hit.variant.text, translated))
                more.append(unit_id)
        widened.append(replace(candidate, units=(*candidate.units, *more)) if more else candidate)
    if widened != candidates:
        background = 0
        for unit in workspace.units():
            if background >= BACKGROUND:
                break
            src = next((v.text for v in unit.variants if same_language(v.lang, lang)), None)
            tgt = next((v.text for v in unit.variants if same_language(v.lang, target)), None)
            if src and tgt and unit.id is not None and unit.id not in pairs:
                pairs[unit.id] = Pair(unit.id, src, tgt)
                background += 1
    return widened, pairs


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
