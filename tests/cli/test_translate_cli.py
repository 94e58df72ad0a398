"""`glossary stats DOC` and `glossary translate FILE` as a translator runs them: figures, and bad input in one line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.cli.test_import_cli import glossary
from tests.editor_data import sentences, write_po
from tests.tui.conftest import build


@pytest.fixture(scope="module")
def built_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("translate-workspace"))


def test_stats_of_a_document_count_segments_and_words_by_status_and_band(
    built_workspace: Path, tmp_path: Path
) -> None:
    workspace = tmp_path / built_workspace.name
    shutil.copy(built_workspace, workspace)
    text = sentences()
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    figures = json.loads(glossary(workspace, "stats", po, "--json", check=True).stdout)
    assert figures["segments"] == 30
    assert figures["by_status"]["new"]["segments"] == 30
    bands = {band: v["segments"] for band, v in figures["by_band"].items()}
    assert bands["100"] == 10  # the sentences the memory holds verbatim
    assert bands["no match"] >= 8 and sum(bands.values()) == 30
    assert figures["words"] == sum(v["words"] for v in figures["by_status"].values())
    human = glossary(workspace, "stats", po, check=True).stdout
    assert "30 segments" in human and "By match band" in human


def test_translate_refuses_what_it_cannot_open_in_one_line(tmp_path: Path) -> None:
    workspace = tmp_path / "w.glossary"
    missing = glossary(workspace, "translate", tmp_path / "nothing.po")
    assert missing.returncode == 2 and "no such file" in missing.stderr
    odd = tmp_path / "table.xlsx"
    odd.write_bytes(b"PK")
    refused = glossary(workspace, "translate", odd)
    assert refused.returncode == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert str(odd) in refused.stderr
