"""`glossary extract` as a user runs it: the seed press release and the UN dev set, in a real subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.test_import_cli import glossary
from tests.conftest import REPO, dump, shared

SEED = REPO / "seeds" / "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt"


def test_extract_prints_the_ranked_table_and_stores_candidates(workspace_path: Path) -> None:
    glossary(workspace_path, "import", SEED, check=True)
    shown = glossary(workspace_path, "extract", "--top", "40", check=True)
    header = shown.stdout.splitlines()[1]
    for column in ("rank", "term", "kind", "score", "freq", "docs", "proposed zh-CN", "confidence"):
        assert column in header
    assert "Treaty of Amity and Cooperation in Southeast Asia" in shown.stdout
    assert "Termbase: 40 candidates added" in shown.stdout
    listed = json.loads(
        glossary(workspace_path, "terms", "--status", "candidate", "--json", check=True).stdout
    )
    assert len(listed) == 40 and {c["origin"] for c in listed} == {"extracted"}

    again = glossary(workspace_path, "extract", "--top", "40", "--json", check=True)
    rows = json.loads(again.stdout)
    assert [r["rank"] for r in rows] == list(range(1, 41))
    assert all(r["equivalents"] == [] and r["units_with_target"] == 0 for r in rows)  # English only
    kinds = {r["term"]: r["kind"] for r in rows}
    assert kinds["Qin Gang"] == "person" and kinds["State Councilor and Foreign Minister"] == "title"
    assert kinds["Treaty of Amity and Cooperation in Southeast Asia"] == "meeting/document"
    assert kinds["people-to-people exchanges"] == "term" and kinds["South China Sea"] == "place"
    assert sorted(r["concept"] for r in rows) == sorted(c["id"] for c in listed)
    assert len(json.loads(glossary(workspace_path, "terms", "--json", check=True).stdout)) == 40


def test_extract_proposes_chinese_from_aligned_units(workspace_path: Path) -> None:
    devset = shared("corpora", "unpc-devset-6way")
    glossary(
        workspace_path,
        "import",
        "--parallel",
        devset / "UNv1.0.devset.en",
        devset / "UNv1.0.devset.zh",
        check=True,
    )
    rows = json.loads(
        glossary(workspace_path, "extract", "--top", "10", "--dry-run", "--json", check=True).stdout
    )
    council = next(r for r in rows if r["term"] == "Security Council")
    best = council["equivalents"][0]
    assert best["text"] == "安全理事会" and best["confidence"] > 0.9 and not best["known"]
    assert 2 <= len(best["evidence"]) <= 3 and "安全理事会" in best["evidence"][0]["target"]
    assert council["frequency"] >= council["units"] >= best["support"]
    # --dry-run stored nothing.
    assert json.loads(glossary(workspace_path, "terms", "--json", check=True).stdout) == []


def test_bad_requests_get_one_line_and_change_nothing(workspace_path: Path) -> None:
    glossary(workspace_path, "import", SEED, check=True)
    before = dump(workspace_path)
    for args in (
        ("--origin", "no-such-file.txt"),
        ("--lang", "en", "--target", "en"),
        ("--lang", "not a tag"),
    ):
        result = glossary(workspace_path, "extract", *args)
        assert result.returncode == 2, result
        # One error line (click adds its usage lines to a bad option value).
        errors = [line for line in result.stderr.splitlines() if "rror" in line]
        assert len(errors) == 1 and ("origin" in errors[0] or "en" in errors[0] or "tag" in errors[0])
        assert dump(workspace_path) == before


def test_extract_one_origin(workspace_path: Path) -> None:
    devset = shared("corpora", "unpc-devset-6way")
    glossary(workspace_path, "import", SEED, check=True)
    glossary(
        workspace_path,
        "import",
        "--parallel",
        devset / "UNv1.0.devset.en",
        devset / "UNv1.0.devset.zh",
        check=True,
    )
    rows = json.loads(
        glossary(workspace_path, "extract", "--origin", SEED.name, "--top", "40", "--json", check=True).stdout
    )
    terms = [r["term"] for r in rows]
    assert "Treaty of Amity and Cooperation in Southeast Asia" in terms and "Security Council" not in terms
