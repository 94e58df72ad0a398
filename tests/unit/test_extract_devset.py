"""Extraction on the diplomatic development set (tests/data/devset-diplomatic-terms.tsv): figures pinned as floors."""

from __future__ import annotations

import pytest

from benchmarks.extraction_devset import Figures, measure
from tests.conftest import shared


@pytest.fixture(scope="module")
def figures() -> Figures:
    shared("corpora", "unpc-devset-6way")
    return measure()


def test_every_document_has_a_reading(figures: Figures) -> None:
    assert len(figures.per_document) == 11


def test_per_document_recall_and_precision_at_20_hold_their_floor(figures: Figures) -> None:
    assert figures.recall >= 0.55, figures.per_document
    assert figures.precision >= 0.61, figures.per_document


def test_collection_recall_holds_its_floor(figures: Figures) -> None:
    assert figures.collection[50] >= 0.19
    assert figures.collection[100] >= 0.33
    assert figures.collection[200] >= 0.52
