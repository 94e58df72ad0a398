"""Alignment of real document pairs that are not the same sentences twice: the stress cases of benchmarks/align.py.

Each case (a side cut short, a paragraph deleted, a paragraph from another document inserted, two paragraphs
merged, Chinese without spaces and with full-width punctuation, a shorter title) is applied with a fixed seed
to the UN dev-set documents rebuilt with their paragraphs (one document in four here, to stay fast; the
benchmark takes all) and to the Charter's chapters I-III.
"""

from __future__ import annotations

import random
import re

import pytest

from benchmarks.align import (
    MIN_PARAGRAPHS,
    Side,
    build_side,
    charter_sides,
    devset_sides,
    stress,
)
from tests.conftest import shared


@pytest.fixture(scope="module")
def documents() -> dict[str, tuple[Side, Side]]:
    shared("corpora", "unpc-devset-6way")
    return {s: pair for s, pair in devset_sides().items() if len(pair[0]) >= MIN_PARAGRAPHS}


def _units(side: Side) -> list[str]:
    return [unit for paragraph in side for unit, _, _ in paragraph]


def _stressed(case: str, documents: dict[str, tuple[Side, Side]]) -> list[tuple[Side, Side, Side, Side]]:
    """(source, target, stressed source, stressed target) of every document."""
    rng = random.Random(case)
    symbols = sorted(documents)
    result = []
    for number, symbol in enumerate(symbols):
        source, target = documents[symbol]
        other = documents[symbols[number - 1]]
        result.append((source, target, *stress(case, source, target, rng, other)))
    return result


def test_dev_set_documents_keep_their_paragraphs_and_the_charter_its_units(
    documents: dict[str, tuple[Side, Side]],
) -> None:
    assert len(documents) > 500
    assert all(_units(s) == _units(t) and len(s) == len(t) for s, t in documents.values())
    assert any(len(paragraph) > 1 for s, _ in documents.values() for paragraph in s)
    shared("corpora", "un-charter-en-zh-es")
    english, chinese = charter_sides()
    assert len(english) == len(chinese) == 18 and _units(english) == _units(chinese)
    assert _units(english)[:3] == ["a1", "a1.0", "a1.1"] and len(_units(english)) == 30
    text, document = build_side(english, "en")
    assert text.startswith("Article 1\n\nThe Purposes") and len(document.sentences) == 30


def test_a_cut_side_loses_a_tail_and_nothing_else(documents: dict[str, tuple[Side, Side]]) -> None:
    sides_cut = set()
    for source, target, new_source, new_target in _stressed("cut", documents):
        before, after = (_units(source), _units(new_source)), (_units(target), _units(new_target))
        cut = [k for k, (old, new) in enumerate((before, after)) if old != new]
        assert len(cut) == 1
        old, new = (before, after)[cut[0]]
        assert 0 < len(new) < len(old) and old[: len(new)] == new
        sides_cut.add(cut[0])
    assert sides_cut == {0, 1}


def test_a_deleted_paragraph_merged_paragraphs_and_an_inserted_paragraph_change_one_side(
    documents: dict[str, tuple[Side, Side]],
) -> None:
    for source, _target, new_source, new_target in _stressed("deleted", documents):
        changed = new_source if new_source != source else new_target
        assert len(changed) == len(source) - 1 and set(_units(changed)) < set(_units(source))
    for source, _target, new_source, new_target in _stressed("merged", documents):
        changed = new_source if new_source != source else new_target
        assert len(changed) == len(source) - 1 and _units(changed) == _units(source)
    for source, target, new_source, new_target in _stressed("inserted", documents):
        changed = new_source if new_source != source else new_target
        extra = [paragraph for paragraph in changed if paragraph not in source + target]
        assert len(extra) == 1 and all(unit.startswith("x") for unit, _, _ in extra[0])
        assert [u for u in _units(changed) if not u.startswith("x")] == _units(source)


def test_unspaced_chinese_has_no_space_and_full_width_punctuation(
    documents: dict[str, tuple[Side, Side]],
) -> None:
    stressed = _stressed("unspaced", documents)
    texts = [text for _, _, _, target in stressed for paragraph in target for _, text, _ in paragraph]
    assert not any(re.search(r"\s", t) for t in texts)
    assert not any(re.search(r"[,;:()!?]", t) for t in texts)
    assert sum("，" in t for t in texts) > 1000
    before = [text for _, target, _, _ in stressed for paragraph in target for _, text, _ in paragraph]
    assert sum(" " in t for t in before) > 100  # the dev set's Chinese had spaces to take out


def test_a_title_line_is_a_paragraph_of_its_own_and_shorter_in_chinese(
    documents: dict[str, tuple[Side, Side]],
) -> None:
    for source, target, new_source, new_target in _stressed("title", documents):
        assert len(new_source[0]) == len(new_target[0]) == 1
        (unit, title, _), (target_unit, short, _) = new_source[0][0], new_target[0][0]
        assert unit == target_unit == source[0][0][0] and title == source[0][0][1]
        assert target[0][0][1].startswith(short) and len(short) <= max(2, 0.6 * len(target[0][0][1]))
        assert _units(new_source) == _units(source)
