"""Proposed Chinese equivalents on the UN dev set, held against a gold list checked by hand."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossary.equivalents import Pair, Proposal, bilingual_pairs, propose
from glossary.extract import Candidate, extract, segments_of
from glossary.formats import read_termbase
from glossary.termbase import Termbase
from memories.importer import import_parallel
from memories.store import Workspace
from memories.text import normalize
from tests.conftest import REPO, shared

GOLD = REPO / "tests" / "data" / "unpc-terms-en-zh.tsv"
STARTER = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"


@pytest.fixture(scope="module")
def un(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    devset = shared("corpora", "unpc-devset-6way")
    ws = Workspace(tmp_path_factory.mktemp("un") / "un.glossary")
    with ws.atomic():
        import_parallel(ws, [devset / "UNv1.0.devset.en", devset / "UNv1.0.devset.zh"], ("en", "zh-CN"))
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def candidates(un: Workspace) -> list[Candidate]:
    return extract(segments_of(un, "en"), "en", top=None)


@pytest.fixture(scope="module")
def pairs(un: Workspace) -> dict[int, Pair]:
    return bilingual_pairs(un, "en", "zh-CN")


def gold() -> dict[str, str]:
    with GOLD.open(encoding="utf-8", newline="") as handle:
        return {normalize(row["en"]): row["zh-CN"] for row in csv.DictReader(handle, delimiter="\t")}


def _proposals(candidates: list[Candidate], pairs: dict[int, Pair], terms: set[str]) -> dict[str, Proposal]:
    wanted = [c for c in candidates if normalize(c.text) in terms]
    return {normalize(c.text): p for c, p in zip(wanted, propose(wanted, pairs, "en", "zh-CN"), strict=True)}


def test_the_top_equivalent_is_the_official_chinese_for_the_gold_terms(
    candidates: list[Candidate], pairs: dict[int, Pair]
) -> None:
    expected = gold()
    recurring = {normalize(c.text) for c in candidates if c.unit_count >= 3} & set(expected)
    # Almost every gold term is found by the extractor, in at least 3 units.
    assert len(recurring) >= 0.9 * len(expected)
    proposals = _proposals(candidates, pairs, recurring)
    wrong = {t: p.best.text if p.best else None for t, p in proposals.items() if not _right(p, expected[t])}
    assert len(wrong) <= 0.15 * len(recurring), wrong


def _right(proposal: Proposal, expected: str) -> bool:
    return proposal.best is not None and normalize(proposal.best.text) == normalize(expected)


@pytest.mark.parametrize(
    ("term", "chinese"),
    [
        ("Security Council", "安全理事会"),
        ("territorial integrity", "领土完整"),
        ("civil society", "民间社会"),
    ],
)
def test_examples_from_the_issue(
    candidates: list[Candidate], pairs: dict[int, Pair], term: str, chinese: str
) -> None:
    proposal = _proposals(candidates, pairs, {normalize(term)})[normalize(term)]
    assert proposal.best is not None and proposal.best.text == chinese
    assert 0.5 < proposal.best.confidence <= 1 and proposal.best.support >= 3
    assert not proposal.best.known  # no termbase in this workspace


def test_evidence_segments_hold_the_term_and_its_equivalent(
    candidates: list[Candidate], pairs: dict[int, Pair]
) -> None:
    proposals = _proposals(candidates, pairs, {"security council", "civil society", "human rights"})
    for proposal in proposals.values():
        best = proposal.best
        assert best is not None and 2 <= len(best.evidence) <= 3
        for pair in best.evidence:
            assert proposal.term.lower() in pair.source.lower()
            assert best.text in normalize(pair.target)
        assert proposal.units >= best.support
        assert [e.confidence for e in proposal.equivalents] == sorted(
            (e.confidence for e in proposal.equivalents), reverse=True
        )


def test_a_termbase_entry_anchors_its_equivalent(un: Workspace, candidates: list[Candidate]) -> None:
    termbase = Termbase(un)
    termbase.add_many(read_termbase(STARTER, None))
    try:
        pairs = bilingual_pairs(un, "en", "zh-CN")
        charter = [c for c in candidates if c.text == "Charter of the United Nations"]
        (proposal,) = propose(charter, pairs, "en", "zh-CN", termbase)
        first = proposal.equivalents[0]
        # The starter termbase writes the title with book-title marks, as Chinese style wants.
        assert first.known and first.text == "《联合国宪章》" and first.support >= 10
        assert not any(e.known for e in proposal.equivalents[1:])
    finally:
        for concept in list(termbase.concepts()):
            termbase.remove(concept.id or 0)


def test_units_without_the_target_language_give_no_proposal(tmp_path: Path) -> None:
    ws = Workspace(tmp_path / "fr.glossary")
    devset = shared("corpora", "unpc-devset-6way")
    with ws.atomic():
        import_parallel(ws, [devset / "UNv1.0.devset.en", devset / "UNv1.0.devset.fr"], ("en", "fr"))
    assert bilingual_pairs(ws, "en", "zh-CN") == {}
    french = bilingual_pairs(ws, "en", "fr")
    found = extract(segments_of(ws, "en"), "en", top=5)
    proposals = propose(found, french, "en", "fr")
    ws.close()
    council = next(p for p in proposals if p.term == "Security Council")
    assert council.best is not None and council.best.text.casefold() == "conseil de sécurité"


def test_a_latin_name_in_the_chinese_is_proposed_as_written(
    candidates: list[Candidate], pairs: dict[int, Pair]
) -> None:
    # The Chinese of these units keeps the name in Latin letters; tokens are case-folded and joined
    # without spaces for counting ("ahtemchiygoz"), but the translator is shown the name as written.
    proposal = _proposals(candidates, pairs, {"ahtem chiygoz"})["ahtem chiygoz"]
    assert proposal.best is not None and proposal.best.text == "Ahtem Chiygoz"
    assert all(proposal.best.text in pair.target for pair in proposal.best.evidence)
    # A Chinese equivalent is unchanged: it is written as it is counted.
    council = _proposals(candidates, pairs, {"security council"})["security council"]
    assert council.best is not None and council.best.text == "安全理事会"


def test_a_name_that_jieba_splits_across_a_compound_is_proposed_whole(
    candidates: list[Candidate], pairs: dict[int, Pair]
) -> None:
    # jieba cuts 南苏丹政府 as 南 | 苏丹政府 and 南苏丹共和国 as 南 | 苏丹共和国: South Sudan is 南苏丹, not 南.
    proposal = _proposals(candidates, pairs, {"south sudan"})["south sudan"]
    assert proposal.best is not None and proposal.best.text == "南苏丹", proposal.equivalents
