"""The matcher on the starter termbase and the seed press release: every term that occurs is found, once."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from glossary.formats import tabular
from glossary.matcher import Match, Matcher, matcher_for
from glossary.model import Concept, Term
from glossary.termbase import Termbase
from memories.store import Workspace
from tests.conftest import REPO

SEED_TERMS = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"
(PRESS_RELEASE,) = (REPO / "seeds").glob("*.en.txt")


def seed_entries() -> list[tuple[Concept, Term]]:
    return [(concept, term) for concept in tabular.read(SEED_TERMS) for term in concept.terms]


def occurrences(term: str, text: str) -> list[tuple[int, int]]:
    """Where a term is written in a text as it is in the termbase (case aside), at word boundaries."""
    return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(term)}(?!\w)", text, re.IGNORECASE)]


def test_every_seed_term_in_the_press_release_is_found_once_and_longest_first() -> None:
    text = PRESS_RELEASE.read_text(encoding="utf-8")
    matches = Matcher(seed_entries(), "en").find(text)
    spans = [(m.start, m.end) for m in matches]
    # Non-overlapping: no nested double hits.
    assert all(a_end <= b_start for (_, a_end), (b_start, _) in itertools.pairwise(spans))
    expected = {
        (term.text, span)
        for _, term in seed_entries()
        if term.lang == "en"
        for span in occurrences(term.text, text)
    }
    assert expected, "the seed text holds starter terms"
    for term, (start, end) in expected:
        covering = [m for m in matches if m.start <= start and end <= m.end]
        assert covering, f"{term!r} at {start} is not found"
        # A term found inside a longer one is that longer term's occurrence (longest match first).
        assert covering[0].term.text == term or len(covering[0].text) > len(term)
    # Each match is a real occurrence of its term.
    for match in matches:
        assert (match.term.text, (match.start, match.end)) in expected
    found = {m.term.text for m in matches}
    assert {
        "ASEAN way",
        "Treaty of Amity and Cooperation in Southeast Asia",
        "Declaration on the Conduct of Parties in the South China Sea",
    } <= found


def entries(*terms: Term) -> list[tuple[Concept, Term]]:
    return [(Concept((term,)), term) for term in terms]


def texts(matches: list[Match]) -> list[str]:
    return [m.text for m in matches]


def test_english_plural_and_possessive_forms_are_matched() -> None:
    matcher = Matcher(
        entries(
            Term("en", "Global Development Initiative"), Term("en", "Member State"), Term("en", "country")
        ),
        "en",
    )
    text = "The Global Development Initiatives of each Member State's mission and of all countries."
    assert texts(matcher.find(text)) == ["Global Development Initiatives", "Member State's", "countries"]
    assert texts(matcher.find("The Member States' views")) == ["Member States"]


def test_derived_words_are_not_inflections() -> None:
    matcher = Matcher(entries(Term("en", "multilateralism")), "en")
    assert matcher.find("a multilateral approach") == []
    assert texts(matcher.find("true multilateralism")) == ["multilateralism"]


def test_the_longest_term_wins_and_nested_ones_only_when_asked() -> None:
    matcher = Matcher(seed_entries(), "en")
    text = "a community with a shared future for mankind"
    (match,) = matcher.find(text)
    assert match.text == "community with a shared future for mankind"
    nested = matcher.find(text, overlapping=True)
    assert texts(nested) == ["community with a shared future", "community with a shared future for mankind"]


def test_case_insensitive_unless_the_term_says_so() -> None:
    matcher = Matcher(entries(Term("en", "US", case_sensitive=True), Term("en", "ASEAN way")), "en")
    assert texts(matcher.find("Let us follow the asean WAY with the US")) == ["asean WAY", "US"]
    assert texts(matcher.find("the US's position")) == ["US's"]


def test_full_width_letters_match_their_half_width_forms() -> None:
    matcher = Matcher(seed_entries(), "en")
    assert [m.term.text for m in matcher.find("the ＡＳＥＡＮ ｗａｙ")] == ["ASEAN way"]


@pytest.mark.parametrize(
    ("segment", "term"),
    [
        ("构建命運共同體", "命运共同体"),  # Traditional characters, Simplified term
        (
            "构建更为紧密的中国—东盟命运共同体",
            "更为紧密的中国－东盟命运共同体",
        ),  # em dash for the full-width hyphen
        ("构建更为紧密的中国-东盟命运共同体", "更为紧密的中国－东盟命运共同体"),  # ASCII hyphen
        ("遵守东南亚友好合作条约", "《东南亚友好合作条约》"),  # without the book-title marks
        ("推进一带一路倡议", "“一带一路”倡议"),  # without the quotation marks
        ("推进 “一带一路” 倡议", "“一带一路”倡议"),  # spaces of word-segmented text
    ],
)
def test_chinese_is_matched_on_folded_simplified_text(segment: str, term: str) -> None:
    matcher = Matcher(seed_entries(), "zh-CN")
    found = matcher.find(segment)
    assert [m.term.text for m in found] == [term]
    # The span points into the segment as written.
    assert found[0].text == segment[found[0].start : found[0].end] and found[0].text.strip()


def test_the_chinese_seed_terms_are_found_in_their_own_text() -> None:
    matcher = Matcher(seed_entries(), "zh-CN")
    for concept, term in seed_entries():
        if term.lang == "zh-CN":
            found = matcher.find(f"我们强调{term.text}。")
            assert [m.concept.source for m in found] == [concept.source], term.text


def test_a_matcher_is_rebuilt_when_the_termbase_changes(tmp_path: Path) -> None:
    with Workspace(tmp_path / "w.glossary") as ws:
        termbase = Termbase(ws)
        termbase.add(Concept((Term("en", "ASEAN way"),)))
        first = matcher_for(termbase, "en")
        assert matcher_for(termbase, "en") is first
        termbase.add(Concept((Term("en", "ASEAN family"),)))
        second = matcher_for(termbase, "en")
        assert second is not first and texts(second.find("the ASEAN family")) == ["ASEAN family"]
