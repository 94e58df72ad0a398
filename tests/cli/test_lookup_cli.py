"""`glossary lookup` and `glossary concordance` as a user runs them, on the UN dev set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.cli.test_import_cli import glossary
from tests.conftest import dump, shared


@pytest.fixture(scope="module")
def un(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("cli") / "un.glossary"
    folder = shared("corpora", "unpc-devset-6way")
    glossary(
        workspace,
        "import",
        "--parallel",
        folder / "UNv1.0.devset.en",
        folder / "UNv1.0.devset.zh",
        check=True,
    )
    return workspace


QUERY = "Security Council Committee established pursuant to resolution 2140 (2015) today"


def test_lookup_json_gives_scores_bands_translations_and_differences(un: Path) -> None:
    result = glossary(un, "lookup", QUERY, "--json", "--limit", "3", check=True)
    data = json.loads(result.stdout)
    best = data["matches"][0]
    assert (
        best["source"]["text"] == "Security Council Committee established pursuant to resolution 2140 (2014)"
    )
    assert best["target"]["text"].startswith("安全理事会第2140(2014)号决议")
    assert best["band"] == "85–94" and 85 <= best["score"] <= 94
    assert best["numbers"] == {"query_only": ["2015"], "match_only": ["2014"]}
    assert {"kind": "delete", "query_text": "today", "match_text": ""}.items() <= best["differences"][
        -1
    ].items()
    assert len(data["matches"]) == 3
    assert [m["score"] for m in data["matches"]] == sorted(
        (m["score"] for m in data["matches"]), reverse=True
    )


def test_lookup_human_output_names_the_score_and_what_differs(un: Path) -> None:
    out = glossary(un, "lookup", QUERY, "--limit", "1", check=True).stdout
    assert out.lstrip().startswith("88%")
    assert "安全理事会第2140(2014)号决议所设委员会" in out
    assert "numbers differ: 2015 → 2014" in out and "today → ∅" in out


def test_lookup_chinese_source(un: Path) -> None:
    text = "安全理事会第2140(2014)号决议所设委员会"
    data = json.loads(glossary(un, "lookup", text, "--source", "zh-CN", "--target", "en", "--json").stdout)
    assert data["matches"][0]["score"] == 100
    assert data["matches"][0]["target"]["text"].startswith("Security Council Committee")


def test_lookup_min_score_leaves_weaker_matches_out(un: Path) -> None:
    data = json.loads(glossary(un, "lookup", QUERY, "--min", "87", "--limit", "10", "--json").stdout)
    assert [m["score"] for m in data["matches"]] == [88]
    assert "No match" in glossary(un, "lookup", "Bonjour tout le monde", check=True).stdout


def test_concordance_marks_the_phrase_in_every_hit(un: Path) -> None:
    data = json.loads(glossary(un, "concordance", "安全理事会", "--json", "--limit", "5", check=True).stdout)
    assert len(data["hits"]) == 5
    for hit in data["hits"]:
        assert {hit["text"][a:b] for a, b in hit["spans"]} == {"安全理事会"}
        assert {v["lang"] for v in hit["variants"]} == {"en", "zh"}
    human = glossary(un, "concordance", "Security Council", "--lang", "en", "--limit", "2", check=True).stdout
    assert human.count("\nen ") + human.startswith("en ") == 2


def test_concordance_pages_follow_each_other(un: Path) -> None:
    def page(*more: str) -> list[dict[str, object]]:
        found = glossary(un, "concordance", "Security Council", "--lang", "en", "--json", *more, check=True)
        hits: list[dict[str, object]] = json.loads(found.stdout)["hits"]
        return hits

    every = page("--limit", "30")
    first = page("--limit", "12")
    second = page("--limit", "18", "--before", str(first[-1]["variant"]))
    assert [h["unit"] for h in first + second] == [h["unit"] for h in every]
    human = glossary(
        un, "concordance", "Security Council", "--lang", "en", "--limit", "12", check=True
    ).stdout
    assert f"next page: --before {first[-1]['variant']}" in human


@pytest.mark.parametrize(
    "args",
    [
        ("lookup", ""),
        ("lookup", "peace", "--min", "0"),
        ("lookup", "peace", "--source", "not a tag!"),
        ("concordance", "  "),
    ],
)
def test_bad_input_is_one_line_exit_2_and_changes_nothing(un: Path, args: tuple[str, ...]) -> None:
    before = dump(un)
    result = glossary(un, *args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert dump(un) == before


def test_numbers_only_in_the_match_read_none_on_the_query_side(un: Path) -> None:
    query = "Security Council Committee established pursuant to resolution"
    out = glossary(un, "lookup", query, "--limit", "1", check=True).stdout
    assert "numbers differ: none → 2014, 2140" in out
    assert "numbers differ:  →" not in out
