"""The CLI's shared output: library dataclasses as JSON, and progress bars that stay out of JSON's way."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rich.console import Console

from glossary.aligning import Aligned, AlignedPair, Summary
from glossary.cli import progress as cli_progress
from glossary.cli.output import jsonable, pick
from glossary.cli.progress import progress_bars
from memories.index.scoring import Difference


def test_dataclasses_become_json_objects_of_their_fields_in_order() -> None:
    pair = AlignedPair(3, "2-1", 0.5, True, "rival", (3, 4), (2,), "A. B.", "甲。")
    assert jsonable([pair, {"file": Path("a/b.txt"), "tags": {"zh", "en"}}]) == [
        {
            "bead": 3,
            "kind": "2-1",
            "confidence": 0.5,
            "review": True,
            "reason": "rival",
            "source_sentences": [3, 4],
            "target_sentences": [2],
            "source": "A. B.",
            "target": "甲。",
        },
        {"file": "a/b.txt", "tags": ["en", "zh"]},
    ]
    assert list(jsonable(Summary(1, 2, 3, 4, 5, 1.5, 0.25))) == [
        "source_sentences",
        "target_sentences",
        "pairs",
        "review",
        "unaligned",
        "length_ratio",
        "length_variance",
    ]
    assert jsonable(Difference("replace", (0, 3), (0, 4), "the", "that")) == {
        "kind": "replace",
        "query": [0, 3],
        "match": [0, 4],
        "query_text": "the",
        "match_text": "that",
    }


def test_pick_takes_attributes_in_order_renamed_or_reached_through_a_path() -> None:
    aligned = Aligned(Path("press/x.en.txt"), Path("press/x.zh.txt"), None, "documents")  # type: ignore[arg-type]
    shape = pick(aligned, "model_from", "source=source_path.name", "target_path")
    assert shape == {"model_from": "documents", "source": "x.en.txt", "target_path": Path("press/x.zh.txt")}
    assert list(shape) == ["model_from", "source", "target_path"]


def test_no_progress_for_json_and_bars_per_stage_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    with progress_bars(False) as progress:
        assert progress is None
    screen = io.StringIO()
    monkeypatch.setattr(cli_progress, "err", Console(file=screen, force_terminal=True, width=100))
    with progress_bars(True) as progress:
        assert progress is not None
        progress("/data/memory.tmx", 1500, None)  # an import: a stream, its total unknown
        progress("counting", 2, 6)  # extraction: stages with totals
        progress("counting", 6, 6)
    shown = screen.getvalue()
    assert "memory.tmx" in shown and "/data" not in shown and "1,500 read" in shown
    assert "Counting phrases" in shown and "6/6" in shown
