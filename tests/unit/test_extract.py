"""Term extraction on real text: the seed press release, the UN dev set and the Chinese government reports."""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossary.extract import Candidate, Segment, extract, segments_of
from glossary.harvest import extract_into_termbase
from glossary.model import ConceptChanges, ConceptStatus, Term
from glossary.termbase import Termbase
from memories.formats import ReadOptions
from memories.importer import import_files, import_parallel
from memories.store import Workspace
from memories.tokens import BOUND_ZH, chinese_phrase_tokens
from tests.conftest import REPO, shared

SEED = REPO / "seeds" / "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt"
STARTER = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"
# The formulas issue 5 names for the seed press release (all of them are in the starter termbase).
FORMULAS = (
    "community with a shared future", "ASEAN way", "Treaty of Amity and Cooperation in Southeast Asia",
    "Global Development Initiative", "Belt and Road Initiative", "Global Civilization Initiative",
    "Regional Comprehensive Economic Partnership", "Declaration on the Conduct of Parties in the South China Sea",
    "Code of Conduct in the South China Sea", "Chinese path to modernization",
    "great rejuvenation of the Chinese nation", "good-neighborliness and friendship",
    "ASEAN Outlook on the Indo-Pacific", "people-to-people exchanges", "ASEAN centrality",
)  # fmt: skip
# What a translator calls a function word; a term does not begin or end with one.
FUNCTION_WORDS = frozenset(
    str.split(
        """a an the of and or but in on at to for with by from into onto among between against about as than
    that this these those which who whose is are was were be been has have had will would can could may
    its their his her our your my it they we he she not no"""
    )
)
SEED_HITS = 14
"""How many of FORMULAS the top 40 must hold: issue 17 keeps 14 of the 15."""


def _seed_workspace(path: Path) -> Workspace:
    ws = Workspace(path)
    with ws.atomic():
        import_files(ws, [SEED], ReadOptions())
    return ws


@pytest.fixture
def seed(tmp_path: Path) -> Iterator[Workspace]:
    ws = _seed_workspace(tmp_path / "seed.glossary")
    yield ws
    ws.close()


def _top(ws: Workspace, n: int | None = 40) -> list[Candidate]:
    return extract(segments_of(ws, "en"), "en", top=n)


def test_the_seed_top_40_holds_the_diplomatic_formulas(seed: Workspace) -> None:
    top = [c.text for c in _top(seed)]
    assert len(top) == 40
    found = [f for f in FORMULAS if f in top]
    missed = [f for f in FORMULAS if f not in top]
    assert len(found) >= SEED_HITS, f"{len(found)} found: {found}; missed: {missed}"
    # Names are written as in the text, not case-folded.
    assert "Treaty of Amity and Cooperation in Southeast Asia" in top and "ASEAN centrality" in top


def test_no_top_candidate_begins_or_ends_with_a_function_word(seed: Workspace) -> None:
    for candidate in _top(seed):
        words = candidate.text.lower().split()
        assert words[0] not in FUNCTION_WORDS and words[-1] not in FUNCTION_WORDS, candidate.text


def test_a_fragment_of_a_name_is_not_a_candidate(seed: Workspace) -> None:
    every = {c.text for c in _top(seed, None)}
    assert "Treaty of Amity and Cooperation in Southeast Asia" in every
    # Found three times, always inside the treaty's full name: C-value drops it.
    assert not {"Amity and Cooperation", "Treaty of Amity and Cooperation", "Treaty of Amity"} & every


def test_a_term_in_a_context_seen_once_is_proposed_without_the_context(seed: Workspace) -> None:
    top = [c.text for c in _top(seed)]
    for context, term in [
        ("benchmark of good-neighborliness and friendship", "good-neighborliness and friendship"),
        ("cultural and people-to-people exchanges", "people-to-people exchanges"),
        ("stage-based outcomes of negotiations", "stage-based outcomes"),
        ("member of the ASEAN family", "ASEAN family"),
    ]:
        assert term in top and context not in top, (term, context)
    # A name whose words are linked inside it is not a context of the name it holds.
    assert "Code of Conduct in the South China Sea" in top and "South China Sea" in top


def test_verbs_and_comparatives_do_not_begin_or_end_a_candidate(seed: Workspace) -> None:
    every = {c.text for c in _top(seed, None)}
    # "to" before a verb is the infinitive marker, before a noun a preposition inside the term.
    assert "Chinese path to modernization" in every and "ASEAN to advocate solidarity" not in every
    # A verb before an article, a particle or after an adverb; a comparative grades what follows it.
    clauses = {
        "joining the Treaty of Amity and Cooperation in Southeast Asia", "Qin Gang pointed",
        "China fully supports ASEAN", "closer China-ASEAN community", "stronger momentum",
        "Belt and Road Initiative and the ASEAN Outlook on the Indo-Pacific",
    }  # fmt: skip
    assert not clauses & every, clauses & every
    assert "China-ASEAN community with a shared future" in every


def test_the_score_is_the_documented_product_of_its_factors(seed: Workspace) -> None:
    for candidate in _top(seed):
        assert set(candidate.factors) == {"C", "T", "U", "B", "S", "R", "G"}
        assert math.isclose(candidate.score, math.prod(candidate.factors.values()), rel_tol=0.01)


def test_figures_count_occurrences_units_and_documents(seed: Workspace) -> None:
    by_text = {c.text: c for c in _top(seed, None)}
    treaty = by_text["Treaty of Amity and Cooperation in Southeast Asia"]
    text = SEED.read_text(encoding="utf-8")
    assert treaty.frequency == text.count("Treaty of Amity and Cooperation in Southeast Asia") == 3
    assert treaty.documents == 1 and treaty.unit_count == len(treaty.units) == 3
    for unit_id in treaty.units:
        unit = seed.unit(unit_id)
        assert unit is not None and "Treaty of Amity" in unit.variants[0].text


def test_a_large_corpus_keeps_only_recurring_candidates(tmp_path: Path) -> None:
    devset = shared("corpora", "unpc-devset-6way")
    ws = Workspace(tmp_path / "un.glossary")
    with ws.atomic():
        import_parallel(ws, [devset / "UNv1.0.devset.en", devset / "UNv1.0.devset.zh"], ("en", "zh-CN"))
    found = _top(ws, 200)
    ws.close()
    assert all(c.frequency >= 2 for c in found)
    texts = [c.text for c in found]
    assert {"Security Council", "General Assembly", "Charter of the United Nations", "civil society"} <= set(
        texts
    )


def test_a_single_word_is_proposed_only_where_no_longer_term_explains_it(tmp_path: Path) -> None:
    # On the UN dev set, "Republic", "United", "Security" and "States" occur mostly inside names ("Syrian
    # Arab Republic", "United Nations", "Security Council", "Member States") and "development", "countries"
    # or "implementation" are the general vocabulary of UN prose: none is a glossary entry of its own.
    devset = shared("corpora", "unpc-devset-6way")
    ws = Workspace(tmp_path / "un.glossary")
    with ws.atomic():
        import_parallel(ws, [devset / "UNv1.0.devset.en", devset / "UNv1.0.devset.zh"], ("en", "zh-CN"))
    top = [c.text for c in _top(ws, 50)]
    ws.close()
    fragments = {"Republic", "United", "Security", "States", "Council", "development", "countries"}
    assert not fragments & set(top), sorted(fragments & set(top))
    singles = [t for t in top if " " not in t]
    # Acronyms written in capitals name organisations and missions (IAEA, UNDP, MINUSCA): glossary entries.
    words = [t for t in singles if not t.isupper()]
    assert "Secretary-General" in singles and len(words) <= 3, singles
    assert {"Syrian Arab Republic", "United Nations", "Security Council", "Member States"} <= set(top)


def _government_reports() -> Iterator[Segment]:
    folder = shared("corpora", "zh-government-reports")
    n = 0
    for name in ("government_work_reports.jsonl", "cpc_congress_reports.jsonl"):
        for line in (folder / name).read_text(encoding="utf-8").splitlines():
            report = json.loads(line)
            for paragraph in report["content"].split("\n"):
                if paragraph.strip():
                    n += 1
                    yield Segment(n, report["title"], paragraph)


@pytest.fixture(scope="module")
def government_ranking() -> list[Candidate]:
    """Every candidate of the 88 Chinese government and congress reports, extracted once for the module."""
    return extract(_government_reports(), "zh-CN", top=None)


def test_chinese_formulas_come_out_whole(government_ranking: list[Candidate]) -> None:
    ranked = [c.text for c in government_ranking]
    rank = {text: i for i, text in enumerate(ranked)}
    for term in ("人类命运共同体", "一带一路", "和平共处五项原则"):
        assert term in rank, term
        # Neither a longer phrase around it (构建人类命运共同体) nor a piece of it (命运共同体, 五项原则) ranks
        # above it; single characters are not phrases.
        related = [t for t in ranked if t != term and len(t) > 1 and (t in term or term in t)]
        assert all(rank[t] > rank[term] for t in related), [t for t in related if rank[t] < rank[term]]


def test_the_missions_signature_formulas_are_in_the_chinese_top_50(
    government_ranking: list[Candidate],
) -> None:
    # Issue 17's acceptance: a translator working from the reports finds these among the first 50 proposals.
    rank = {c.text: i for i, c in enumerate(government_ranking)}
    ranks = {term: rank.get(term) for term in ("人类命运共同体", "一带一路", "和平共处五项原则")}
    assert all(r is not None and r < 50 for r in ranks.values()), ranks


def test_formulas_holding_a_numeral_classifier_or_a_verb_tagged_head_are_candidates(
    government_ranking: list[Candidate],
) -> None:
    # 一个中国原则 (31 times in 22 reports) held 一个, a breaking word, and 区域全面经济伙伴关系协定 (10 times)
    # ended with 协定, which jieba's dictionary knows only as a verb: neither was a candidate, and the
    # fragment 中国原则 stood in for the first, 6,310th. 一个中国原则 ranks 2,689th of 41,617 (its words are
    # all common and 原则 recurs in many formulas): the bound of 5,000, the first eighth of the list, leaves
    # room for re-weighting elsewhere and fails if the formula sinks to where its fragment was.
    rank = {c.text: i for i, c in enumerate(government_ranking)}
    assert rank.get("一个中国原则", len(rank)) < 5000, rank.get("一个中国原则")
    assert rank.get("区域全面经济伙伴关系协定", len(rank)) < 1000, rank.get("区域全面经济伙伴关系协定")
    assert "中国原则" not in rank and "区域全面经济伙伴关系" not in rank
    # Phrases opened by 一个 or 不 as words of their own (一个大台阶 "a big step", 2,320th) do not crowd the
    # top; jieba's words that hold them (不忘初心) are not such phrases.
    assert not [t for t in list(rank)[:200] if chinese_phrase_tokens(t)[0].key in BOUND_ZH]


def test_wikisource_boilerplate_and_general_phrases_are_not_proposed(
    government_ranking: list[Candidate],
) -> None:
    top = [c.text for c in government_ranking[:200]]
    # The licence notice Wikisource puts under most reports (中华人民共和国著作权法, 公有领域 ...).
    notice = [t for t in top if "著作权" in t or "公有领域" in t or "publicdomain" in t or "维基" in t]
    assert not notice, notice
    # Phrases that only quantify or compare (各级政府, 比上年), and the commonest words alone.
    assert not [t for t in top if t.startswith(("各", "比"))], top
    assert "发展" not in top[:50] and "改革" not in top[:50]


def test_a_quoted_formula_counts_its_quotation_marks(government_ranking: list[Candidate]) -> None:
    # “一带一路” is written in quotation marks 46 times out of 47: a coined expression.
    belt_and_road = next(c for c in government_ranking if c.text == "一带一路")
    assert belt_and_road.factors["S"] > 1.9, belt_and_road.factors


# -- stored in the termbase, idempotently ------------------------------------------------------------------


def test_extraction_stores_candidates_once(seed: Workspace) -> None:
    first = extract_into_termbase(seed, "en", "zh-CN", top=30)
    termbase = Termbase(seed)
    assert first.stored.added == 30 and termbase.count() == 30
    concept = termbase.get(first.concept_ids[0] or 0)
    assert concept is not None and concept.status == "candidate" and concept.origin == "extracted"
    assert concept.score == first.candidates[0].score and concept.evidence == first.candidates[0].units[:20]
    again = extract_into_termbase(seed, "en", "zh-CN", top=30)
    assert (again.stored.added, again.stored.unchanged) == (0, 30) and termbase.count() == 30
    assert again.concept_ids == first.concept_ids


def test_rerunning_never_changes_what_a_person_decided(seed: Workspace) -> None:
    first = extract_into_termbase(seed, "en", "zh-CN", top=30)
    termbase = Termbase(seed)
    approved, edited, rejected = (first.concept_ids[i] or 0 for i in (0, 1, 2))
    termbase.edit(approved, ConceptChanges(status=ConceptStatus.APPROVED), by="translator")
    current = termbase.get(edited)
    assert current is not None
    renamed = (Term("en", current.terms[0].text + " (renamed)"), Term("zh-CN", "译名"))
    termbase.edit(edited, ConceptChanges(terms=renamed, note="checked"), by="translator")
    termbase.edit(rejected, ConceptChanges(status=ConceptStatus.REJECTED), by="translator")
    decided = {i: termbase.get(i) for i in (approved, edited, rejected)}
    count = termbase.count()

    again = extract_into_termbase(seed, "en", "zh-CN", top=30)

    assert again.stored.kept == 3 and again.stored.added == 0
    assert termbase.count() == count  # the rejected and the renamed one did not come back
    assert {i: termbase.get(i) for i in decided} == decided
    assert [c.status for c in termbase.concepts()].count("rejected") == 1


def test_a_starter_termbase_entry_is_not_duplicated_as_a_candidate(seed: Workspace) -> None:
    termbase = Termbase(seed)
    from glossary.formats import read_termbase

    termbase.add_many(read_termbase(STARTER, None))
    with STARTER.open(encoding="utf-8", newline="") as handle:
        starter = {row["en"].casefold() for row in csv.DictReader(handle, delimiter="\t")}
    before = termbase.count()
    result = extract_into_termbase(seed, "en", "zh-CN", top=40)
    known = [c for c in result.candidates if c.text.casefold() in starter]
    assert known and result.stored.kept == len(known)
    assert termbase.count() == before + result.stored.added == before + 40 - len(known)
