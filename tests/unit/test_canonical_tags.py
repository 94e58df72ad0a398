"""One tag per language: zh and zh-CN units are listed and exported as one language, each kept as imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from glossary.transfer import export_memory
from memories.canonical import prefer, workspace_merges
from memories.formats import WriteOptions
from memories.importer import import_files, import_parallel
from memories.langs import canonical_map
from memories.store import Workspace
from tests.conftest import shared

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


@pytest.fixture
def mixed(workspace: Workspace, tmp_path: Path) -> Workspace:
    """The UN set tagged zh (by its file names) next to the translator's own work tagged zh-CN."""
    folder = shared("corpora", "unpc-devset-6way")
    lines = {
        lang: (folder / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()[200:260]
        for lang in ("en", "zh")
    }
    for lang, text in lines.items():
        (tmp_path / f"un.{lang}").write_text("\n".join(text[:50]) + "\n", encoding="utf-8")
    import_parallel(workspace, [tmp_path / "un.en", tmp_path / "un.zh"])
    own = tmp_path / "own.tsv"
    own.write_text(
        "en\tzh-CN\n"
        + "".join(f"{en}\t{zh}\n" for en, zh in zip(lines["en"][50:], lines["zh"][50:], strict=True)),
        encoding="utf-8",
    )
    import_files(workspace, [own])
    return workspace


def test_variants_keep_their_tags_but_the_workspace_lists_one_language(mixed: Workspace) -> None:
    assert {lang for lang, _ in mixed.stats_languages()} == {"en", "zh", "zh-CN"}
    assert mixed.languages() == ("en", "zh-CN")
    (merge,) = workspace_merges(mixed)
    assert merge.canonical == "zh-CN" and set(merge.tags) == {"zh", "zh-CN"}


def test_a_tmx_export_for_en_and_zh_cn_writes_zh_cn_only(mixed: Workspace, tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    assert export_memory(mixed, out, options=WriteOptions("en", "zh-CN", ("en", "zh-CN"))) == 60
    tags = {tuv.get(XML_LANG) for tuv in etree.parse(str(out)).iter("tuv")}
    assert tags == {"en", "zh-CN"}
    # Every language, unasked: still one Chinese.
    everything = tmp_path / "all.tmx"
    export_memory(mixed, everything)
    assert {tuv.get(XML_LANG) for tuv in etree.parse(str(everything)).iter("tuv")} == {"en", "zh-CN"}
    table = tmp_path / "all.tsv"
    export_memory(mixed, table)
    assert table.read_text(encoding="utf-8").splitlines()[0].split("\t")[:2] == ["en", "zh-CN"]


def test_the_workspace_chooses_the_tag(mixed: Workspace, tmp_path: Path) -> None:
    assert prefer(mixed, "zh-hans") == "zh-Hans"
    assert mixed.languages() == ("en", "zh-Hans")
    out = tmp_path / "out.tmx"
    export_memory(mixed, out)
    assert {tuv.get(XML_LANG) for tuv in etree.parse(str(out)).iter("tuv")} == {"en", "zh-Hans"}


def test_regions_of_a_localisation_stay_apart_and_traditional_chinese_is_another_language() -> None:
    assert canonical_map(["en-US", "en-GB", "zh", "zh-TW", "zh-Hant"]) == {
        "en-US": "en-US", "en-GB": "en-GB", "zh": "zh-CN", "zh-TW": "zh-TW", "zh-Hant": "zh-TW",
    }  # fmt: skip
    assert canonical_map(["en", "en-US", "fr"]) == {"en": "en-US", "en-US": "en-US", "fr": "fr"}


def test_stats_says_which_tags_were_merged(mixed: Workspace) -> None:
    from click.testing import CliRunner

    from glossary.cli import cli

    path = str(mixed.path)
    result = CliRunner().invoke(cli, ["--workspace", path, "stats", "--json"])
    assert result.exit_code == 0, result.output
    merged = json.loads(result.output)["merged_tags"]
    assert {key: sorted(tags) for key, tags in merged.items()} == {"zh-CN": ["zh", "zh-CN"]}
    human = CliRunner().invoke(cli, ["--workspace", path, "stats"]).output
    assert "listed and exported as zh-CN" in human
