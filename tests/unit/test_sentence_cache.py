"""pysbd over a large pattern cache and with spans found by ``str.find`` splits exactly as pysbd alone does."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pysbd
import pytest

from memories.text import _segmenter, split_sentences
from tests.conftest import shared

LANGUAGES = ("en", "fr", "es", "ru", "zh")
# Every 40th group of four dev-set lines: 25 paragraphs (100 lines) a language, spread over the file.
STEP = 40


@contextmanager
def plain_pysbd() -> Iterator[None]:
    """pysbd's modules with the standard ``re`` back, as pysbd runs when nothing has touched it."""
    modules = [m for name, m in list(sys.modules.items()) if name == "pysbd" or name.startswith("pysbd.")]
    saved = {m: m.re for m in modules if hasattr(m, "re")}
    try:
        for module in saved:
            module.re = re
        yield
    finally:
        for module, value in saved.items():
            module.re = value


def paragraphs(lang: str) -> list[str]:
    lines = shared("corpora", "unpc-devset-6way", f"UNv1.0.devset.{lang}").read_text("utf-8").splitlines()
    glue = "" if lang == "zh" else " "
    groups = [glue.join(s.strip() for s in lines[i : i + 4]) for i in range(0, len(lines), 4)]
    return groups[::STEP]


@pytest.fixture(scope="module")
def seed() -> list[str]:
    text = shared("seeds", "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt").read_text("utf-8")
    return [p for p in text.split("\n\n") if p.strip()]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_dev_set_paragraphs_split_as_plain_pysbd_splits_them(lang: str) -> None:
    texts = paragraphs(lang)
    ours = [_segmenter(lang).segment(text) for text in texts]
    with plain_pysbd():
        theirs = [pysbd.Segmenter(language=lang, clean=False).segment(text) for text in texts]
    assert ours == theirs
    assert sum(map(len, ours)) > len(texts)  # paragraphs of several sentences, so boundaries were compared


def test_seed_press_release_splits_as_plain_pysbd_splits_it(seed: list[str]) -> None:
    ours = [_segmenter("en").segment(p) for p in seed]
    with plain_pysbd():
        theirs = [pysbd.Segmenter(language="en", clean=False).segment(p) for p in seed]
    assert ours == theirs
    assert split_sentences("\n\n".join(seed), "en") == [s.strip() for p in theirs for s in p if s.strip()]


def test_a_sentence_repeated_in_a_text_is_found_at_each_place() -> None:
    # The spans come from str.find after the previous sentence's end, as pysbd's re.finditer finds them.
    text = "It was adopted. It was adopted.  It was adopted.\nThe end."
    ours = _segmenter("en").segment(text)
    with plain_pysbd():
        theirs = pysbd.Segmenter(language="en", clean=False).segment(text)
    assert ours == theirs == ["It was adopted. ", "It was adopted.  ", "It was adopted.\n", "The end."]


def test_pysbd_modules_read_the_cached_re() -> None:
    _segmenter("en")
    from pysbd import abbreviation_replacer

    assert abbreviation_replacer.re is not re  # the cache is in place, so the comparisons above compare it
