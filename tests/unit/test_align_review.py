"""The review model of an alignment: moves, joins, splits, acceptance, and what enters the memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from memories.align import Alignment, align
from memories.align_review import ACCEPTED, PENDING, UNALIGNED, AlignmentReview, import_reviewed
from memories.store import Workspace

ENGLISH = [
    "Article 1",
    "The Purposes of the United Nations are:",
    "1. To maintain international peace and security.",
    "2. To develop friendly relations among nations.",
]
CHINESE = ["第一条", "联合国之宗旨为：", "1. 维持国际和平及安全。", "2. 发展国际间友好关系。"]


@pytest.fixture
def alignment() -> Alignment:
    return align(ENGLISH, CHINESE, "en", "zh-CN")


def _pairs(review: AlignmentReview) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    return [(row.source, row.target) for row in review.rows]


def test_rows_follow_the_beads_and_keep_the_flags(alignment: Alignment) -> None:
    review = AlignmentReview(alignment)
    assert _pairs(review) == [((e,), (z,)) for e, z in zip(ENGLISH, CHINESE, strict=True)]
    assert [row.flagged for row in review.rows] == [b.flagged for b in alignment.beads]
    assert all(row.state == PENDING for row in review.rows)


def test_a_shifted_pair_is_fixed_by_moving_a_sentence_down_and_up(alignment: Alignment) -> None:
    review = AlignmentReview(alignment)
    # What a shifted aligner gives: the second Chinese sentence joined to the first.
    review.join(0)
    review.rows[0] = review.rows[0].with_side("source", ("Article 1",))
    review.rows.insert(1, review.rows[0].with_side("target", ()).with_side("source", (ENGLISH[1],)))
    assert _pairs(review)[:2] == [(("Article 1",), ("第一条", "联合国之宗旨为：")), ((ENGLISH[1],), ())]
    assert review.move_down(0, "target") == 1
    assert _pairs(review)[:2] == [(("Article 1",), ("第一条",)), ((ENGLISH[1],), ("联合国之宗旨为：",))]
    assert review.move_up(1, "target") == 0
    assert _pairs(review)[0] == (("Article 1",), ("第一条", "联合国之宗旨为："))
    assert review.move_down(0, "target") == 1 and len(review) == 4


def test_moving_the_last_sentence_out_of_a_row_removes_the_empty_row(alignment: Alignment) -> None:
    review = AlignmentReview(alignment)
    review.move_up(1, "source")
    review.move_up(1, "target")
    assert len(review) == 3
    assert review.rows[0].source == ("Article 1", ENGLISH[1])
    moved = review.move_down(3 - 1, "source")
    assert moved == 3 and review.rows[3].source == (ENGLISH[3],) and review.rows[3].target == ()


def test_join_split_unalign_and_accept(alignment: Alignment) -> None:
    review = AlignmentReview(alignment)
    review.accept(2)
    review.join(2)
    assert review.rows[2].source == tuple(ENGLISH[2:]) and review.rows[2].state == PENDING  # edited
    # Split at the cursor: after the first sentence (the join adds a space in English, nothing in Chinese).
    assert review.split(2, "source", len(ENGLISH[2]) + 1) == 3
    assert review.rows[2].source == (ENGLISH[2],) and review.rows[3].source == (ENGLISH[3],)
    assert not review.rows[3].target
    review.move_down(2, "target")
    assert review.rows[2].target == (CHINESE[2],) and review.rows[3].target == (CHINESE[3],)
    # A split inside a sentence cuts it in two.
    review.split(0, "source", 3)
    assert review.rows[0].source == ("Art",) and review.rows[1].source == ("icle 1",)
    review.join(0)
    review.unalign(1)
    assert review.rows[1].state == UNALIGNED
    assert review.accept_unflagged() == sum(
        1 for row in review.rows if row.paired and not row.flagged and row.state == ACCEPTED
    )


def test_only_accepted_pairs_are_imported_with_the_document_pair_as_origin(
    alignment: Alignment, tmp_path: Path
) -> None:
    review = AlignmentReview(alignment)
    review.accept(0)
    review.accept(2)
    review.unalign(1)
    with Workspace(tmp_path / "w.glossary") as ws:
        assert import_reviewed(ws, review, "a.en.txt + a.zh.txt") == (2, 0)
        units = list(ws.units())
        (origin,) = ws.origins()
    assert sorted(u.variants[0].text for u in units) == sorted([ENGLISH[0], ENGLISH[2]])
    assert all(u.status == "translated" for u in units)
    assert origin.name == "a.en.txt + a.zh.txt" and origin.format == "alignment"


def test_a_row_out_of_range_is_an_error(alignment: Alignment) -> None:
    with pytest.raises(IndexError):
        AlignmentReview(alignment).accept(9)
