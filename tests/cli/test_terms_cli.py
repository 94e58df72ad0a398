"""`glossary terms`, `term add|edit|remove`, termbase import/export and `glossary check`, run as a user runs them."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from glossary.formats import tbx
from memories.formats import WriteOptions
from memories.formats import tmx as tmx_format
from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from tests.cli.test_import_cli import glossary
from tests.conftest import REPO, dump, shared

SEED = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"


def seed_rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


def terms_json(workspace: Path, *args: str) -> list[dict]:
    return json.loads(glossary(workspace, "terms", *args, "--json", "--limit", "100000", check=True).stdout)


def test_the_starter_termbase_imports_and_shared_future_shows_its_chinese(workspace_path: Path) -> None:
    result = glossary(workspace_path, "import", SEED, "--json", check=True)
    (report,) = json.loads(result.stdout)
    assert report["termbase"] and report["added"] == len(seed_rows())
    found = terms_json(workspace_path, "shared future")
    wanted = {row["zh-CN"] for row in seed_rows() if "shared future" in row["en"]}
    assert wanted and {t["text"] for c in found for t in c["terms"] if t["lang"] == "zh-CN"} == wanted
    assert all(c["status"] == "approved" for c in found)
    human = glossary(workspace_path, "terms", "shared future", check=True).stdout
    assert "命运共同体" in human
    # The translation memory is untouched: the table was a termbase.
    stats = json.loads(glossary(workspace_path, "stats", "--json", check=True).stdout)
    assert stats["units"] == 0
    again = json.loads(glossary(workspace_path, "import", SEED, "--json", check=True).stdout)
    assert again[0]["added"] == 0 and again[0]["already_present"] == len(seed_rows())


def test_a_table_without_concept_columns_is_a_translation_memory_unless_told(
    workspace_path: Path, tmp_path: Path
) -> None:
    table = tmp_path / "pairs.tsv"
    table.write_text("en\tzh-CN\nASEAN way\t东盟方式\nASEAN family\t东盟大家庭\n", encoding="utf-8")
    (memory,) = json.loads(glossary(workspace_path, "import", table, "--json", check=True).stdout)
    assert not memory["termbase"] and memory["added"] == 2
    assert terms_json(workspace_path) == []
    (terms,) = json.loads(
        glossary(workspace_path, "import", table, "--termbase", "--json", check=True).stdout
    )
    assert terms["termbase"] and terms["added"] == 2
    assert {t["text"] for c in terms_json(workspace_path) for t in c["terms"]} == {
        "ASEAN way", "东盟方式", "ASEAN family", "东盟大家庭",
    }  # fmt: skip
    forced = glossary(workspace_path, "import", SEED, "--tm", "--json", check=True)
    assert not json.loads(forced.stdout)[0]["termbase"]


def test_term_add_edit_remove(workspace_path: Path) -> None:
    added = json.loads(
        glossary(
            workspace_path, "term", "add", "Security Council", "安全理事会", "--admitted", "安理会",
            "--domain", "UN", "--json", check=True,
        ).stdout
    )  # fmt: skip
    assert [(t["lang"], t["text"], t["status"]) for t in added["terms"]] == [
        ("en", "Security Council", "preferred"), ("zh-CN", "安全理事会", "preferred"), ("zh-CN", "安理会", "admitted"),
    ]  # fmt: skip
    concept_id = str(added["id"])
    edited = json.loads(
        glossary(
            workspace_path, "term", "edit", concept_id, "--deprecated", "安理会", "--add", "fr=Conseil de sécurité",
            "--note", "Charter, Chapter V", "--json", check=True,
        ).stdout
    )  # fmt: skip
    statuses = {t["text"]: t["status"] for t in edited["terms"]}
    assert statuses["安理会"] == "deprecated" and statuses["Conseil de sécurité"] == "admitted"
    assert edited["note"] == "Charter, Chapter V"
    assert terms_json(workspace_path, "安理会")[0]["id"] == added["id"]
    before = dump(workspace_path)
    for bad in (
        ("term", "edit", concept_id, "--forbidden", "no such term"),
        ("term", "edit", "999", "--note", "x"),
        ("term", "add", "x", "y", "--target", "not a tag!"),
        ("term", "remove", concept_id, "999"),
    ):
        result = glossary(workspace_path, *bad)
        assert result.returncode == 2, result
        # One line saying what is wrong (click adds its usage lines above a bad option value).
        assert "rror" in result.stderr.strip().splitlines()[-1]
        assert dump(workspace_path) == before
    glossary(workspace_path, "term", "remove", concept_id, check=True)
    assert terms_json(workspace_path) == []


@pytest.mark.parametrize(
    "name", ["basic_bad.tbx", "core_structure_bad.tbx", "min_bad.tbx", "poorly_formed_xml.tbx"]
)
def test_an_invalid_tbx_is_refused_with_one_line_and_changes_nothing(workspace_path: Path, name: str) -> None:
    glossary(workspace_path, "import", SEED, check=True)
    before = dump(workspace_path)
    path = shared("formats", "tbx", "TBX_test_files", name)
    good = shared("formats", "tbx", "TBX_test_files", "basic_good.tbx")
    result = glossary(workspace_path, "import", good, path)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert re.match(rf"glossary: error: {re.escape(str(path))}:\d+: ", line), line
    assert dump(workspace_path) == before


def test_tbx_import_export_and_table_export_round_trip(workspace_path: Path, tmp_path: Path) -> None:
    good = shared("formats", "tbx", "TBX_test_files", "basic_good.tbx")
    (report,) = json.loads(glossary(workspace_path, "import", good, "--json", check=True).stdout)
    assert report["format"] == "tbx" and report["added"] == len(list(tbx.read(good)))
    out = tmp_path / "out.tbx"
    assert (
        f"{report['added']:,} concepts written" in glossary(workspace_path, "export", out, check=True).stdout
    )
    table = tmp_path / "out.csv"
    glossary(workspace_path, "export", table, "--termbase", check=True)
    other = tmp_path / "other.glossary"
    (from_tbx,) = json.loads(glossary(other, "import", out, "--json", check=True).stdout)
    (from_table,) = json.loads(glossary(other, "import", table, "--json", check=True).stdout)
    # Both exports hold the same concepts: the second import finds every one already present.
    assert from_tbx["added"] == report["added"] and from_table["already_present"] == report["added"]


# -- glossary check on the UN dev set ---------------------------------------------------------------------

FULL, SHORT = "安全理事会", "安理会"


def un_pairs() -> list[tuple[str, str]]:
    folder = shared("corpora", "unpc-devset-6way")
    en = (folder / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    zh = (folder / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    return [(a, b) for a, b in zip(en, zh, strict=True) if a.strip() and b.strip()]


def write_tsv(path: Path, pairs: list[tuple[str, str]]) -> dict[int, int]:
    """The pairs as a TM table; returns the line of each pair (header on line 1, one pair per line)."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(["en", "zh-CN"])
        writer.writerows(pairs)
    assert not any("\n" in a or "\n" in b for a, b in pairs)
    return {i: i + 2 for i in range(len(pairs))}


def modified(pairs: list[tuple[str, str]]) -> tuple[list[tuple[str, str]], int]:
    """A copy where the first target that names the Security Council in full names it short instead."""
    index = next(
        i
        for i, (en, zh) in enumerate(pairs)
        if "Security Council" in en and zh.count(FULL) == 1 and SHORT not in zh
    )
    copy = list(pairs)
    copy[index] = (copy[index][0], copy[index][1].replace(FULL, SHORT))
    return copy, index


def findings(workspace: Path, path: Path) -> tuple[int, list[dict]]:
    result = glossary(workspace, "check", path, "--json")
    assert result.returncode in (0, 1), result.stderr
    return result.returncode, json.loads(result.stdout)


@pytest.fixture
def un_files(tmp_path: Path) -> tuple[Path, Path, int]:
    pairs = un_pairs()
    clean = tmp_path / "un.tsv"
    lines = write_tsv(clean, pairs)
    changed, index = modified(pairs)
    copy = tmp_path / "un-modified.tsv"
    write_tsv(copy, changed)
    return clean, copy, lines[index]


def add_security_council(workspace: Path, short_status: str | None) -> None:
    extra = [f"--{short_status}", SHORT] if short_status else []
    glossary(workspace, "term", "add", "Security Council", FULL, *extra, check=True)


def test_check_with_the_short_form_admitted_finds_nothing(
    workspace_path: Path, un_files: tuple[Path, Path, int]
) -> None:
    clean, copy, _ = un_files
    add_security_council(workspace_path, "admitted")
    # Segments that name the Council in English but neither way in Chinese would be findings; the UN
    # translations have none, so the clean copy reports nothing, and neither does the one using the short form.
    expected = {
        i + 2
        for i, (en, zh) in enumerate(un_pairs())
        if re.search(r"\bSecurity Council", en, re.IGNORECASE) and FULL not in zh and SHORT not in zh
    }
    code, found = findings(workspace_path, clean)
    assert {f["line"] for f in found} == expected and code == (1 if expected else 0)
    assert findings(workspace_path, copy) == (code, found)
    if not expected:
        # A clean file gets one line saying so: silence would look like a check that did not run.
        assert glossary(workspace_path, "check", clean).stdout.strip() == (
            f"{clean}: no terminology problems (1 approved concepts checked)"
        )


@pytest.mark.parametrize("short_status", [None, "deprecated"])
def test_check_reports_exactly_the_changed_segment(
    workspace_path: Path, un_files: tuple[Path, Path, int], short_status: str | None
) -> None:
    clean, copy, line = un_files
    add_security_council(workspace_path, short_status)
    clean_code, before = findings(workspace_path, clean)
    # What the clean copy reports comes from the data: the UN's own targets that use the short form.
    pairs = un_pairs()
    uses_short = {i + 2 for i, (_, zh) in enumerate(pairs) if SHORT in zh}
    assert {f["line"] for f in before} <= uses_short
    assert all(SHORT in f["target"] for f in before)
    code, after = findings(workspace_path, copy)
    assert code == 1
    new = [
        f
        for f in after
        if (f["line"], f["source_term"]) not in {(b["line"], b["source_term"]) for b in before}
    ]
    (finding,) = new
    assert finding["line"] == line and finding["expected"] == [FULL]
    assert finding["found"] == ([f"{SHORT} [deprecated]"] if short_status else [])
    human = glossary(workspace_path, "check", copy).stdout.splitlines()
    found = f"{SHORT} [deprecated]" if short_status else "none"
    assert f"{copy}:{line}: {finding['source_term']} -> {FULL} (found: {found})" in human
    assert clean_code == (1 if before else 0)


def test_check_reads_tmx_and_points_at_the_unit(workspace_path: Path, tmp_path: Path) -> None:
    pairs, index = modified(un_pairs())
    units = [TranslationUnit((Variant("en", en), Variant("zh-CN", zh))) for en, zh in pairs[: index + 5]]
    path = tmp_path / "un.tmx"
    tmx_format.write(path, units, WriteOptions("en", "zh-CN"))
    add_security_council(workspace_path, None)
    code, found = findings(workspace_path, path)
    text = path.read_text(encoding="utf-8").splitlines()
    changed_line = next(i for i, line in enumerate(text, 1) if pairs[index][1].replace("&", "&amp;") in line)
    unit_line = max(
        i for i, line in enumerate(text[:changed_line], 1) if "<tu" in line and "<tuv" not in line
    )
    assert code == 1 and unit_line in {f["line"] for f in found}


def test_check_reads_po_and_points_at_the_entry(workspace_path: Path, tmp_path: Path) -> None:
    import polib

    from memories.formats import po as po_format

    pairs, index = modified(un_pairs())
    units = [TranslationUnit((Variant("en", en), Variant("zh-CN", zh))) for en, zh in pairs[: index + 5]]
    path = tmp_path / "un.po"
    po_format.write(path, units, WriteOptions("en", "zh-CN"))
    add_security_council(workspace_path, "deprecated")
    code, found = findings(workspace_path, path)
    entries = [e for e in polib.pofile(str(path)) if SHORT in e.msgstr]
    assert code == 1 and entries
    assert {f["line"] for f in found} == {e.linenum for e in entries}


def test_check_refuses_bad_input_with_exit_2(workspace_path: Path, tmp_path: Path) -> None:
    Workspace(workspace_path).close()  # a missing workspace is refused first, with its own line
    missing = glossary(workspace_path, "check", tmp_path / "nothing.tmx")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    broken = tmp_path / "broken.tmx"
    broken.write_text(
        '<?xml version="1.0"?>\n<tmx version="1.4"><header srclang="en"/>\n<body><tu>\n', encoding="utf-8"
    )
    result = glossary(workspace_path, "check", broken)
    assert result.returncode == 2 and re.search(rf"{re.escape(str(broken))}:\d+: ", result.stderr)
