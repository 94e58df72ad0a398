"""The register model of extraction: its committed list is what its script builds, and the score uses it."""

from __future__ import annotations

from benchmarks.extraction_register import build
from glossary.extract import Segment, extract
from glossary.extract.register import REGISTER_FILES, register
from tests.conftest import shared


def test_the_committed_register_is_what_the_script_builds_from_the_un_test_set() -> None:
    reference = shared("corpora", "unpc-testset-en-zh") / "UNv1.0.testset.en"
    built = build(reference.read_text(encoding="utf-8").splitlines())
    assert built == register("en")
    assert REGISTER_FILES["en"].is_file() and len(built) > 4000
    # Recurring diplomatic phrases, with the number of sentences holding them.
    assert (
        built["terms of reference"] >= 2
        and built["entry into force"] >= 2
        and built["secretary-general"] >= 2
    )
    assert all(n >= 2 for n in built.values()) and "development" not in built


def test_a_phrase_recurring_in_diplomatic_text_outranks_an_equally_frequent_one() -> None:
    # Both phrases are seen once, made of common words, in the same shape; only the register tells them apart.
    found = extract(
        [
            Segment(1, "a", "The mission agreed on its terms of reference last week."),
            Segment(2, "a", "The mission agreed on its kinds of weather last week."),
        ],
        "en",
        top=None,
    )
    factors = {c.text: c.factors for c in found}
    assert factors["terms of reference"]["G"] > 3 and factors["kinds of weather"]["G"] == 1.0
    ranked = [c.text for c in found]
    assert ranked.index("terms of reference") < ranked.index("kinds of weather")


def test_chinese_has_no_register_list_yet() -> None:
    assert register("zh-CN") == {}
