"""`glossary align` as a user runs it: the UN Charter extracted to text, real subprocesses, files checked after."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks.align import CHARTER, charter_text
from memories.formats import ReadOptions, tabular, tmx
from memories.model import TranslationUnit
from memories.store import Workspace
from tests.cli.test_import_cli import glossary
from tests.conftest import dump, shared


@pytest.fixture
def charter(tmp_path: Path) -> dict[str, Path]:
    """Chapters I-III in English, Chinese and Spanish, extracted to text files as the README shows."""
    shared("corpora", "un-charter-en-zh-es")
    files = {}
    for lang in ("en", "zh-CN", "es"):
        path = tmp_path / f"charter.{lang}.txt"
        path.write_text(
            "\n\n".join(charter_text(CHARTER / f"chapter{n}.md", lang) for n in (1, 2, 3)), "utf-8"
        )
        files[lang] = path
    return files


def test_align_prints_one_line_per_pair_and_a_summary(workspace_path: Path, charter: dict[str, Path]) -> None:
    result = glossary(workspace_path, "align", charter["en"], charter["zh-CN"], check=True)
    lines = result.stdout.strip().splitlines()
    assert lines[0].split("\t")[:2] == ["1", "1-1"]
    assert lines[0].split("\t")[3:] == ["Article 1", "第一条"]
    assert "\t3. To achieve international co-operation" in lines[4] and "\t3. 促成国际合作" in lines[4]
    assert lines[-1].startswith("30 pairs (")
    assert "0 sentences without counterpart; 30 en and 30 zh-CN sentences" in lines[-1]
    assert not workspace_path.exists()  # printing does not touch the workspace


def test_align_json_gives_beads_with_confidence(workspace_path: Path, charter: dict[str, Path]) -> None:
    result = glossary(
        workspace_path, "align", charter["en"], charter["es"], "--target", "es", "--json", check=True
    )
    data = json.loads(result.stdout)
    assert data["pairs"] == 30 and data["unaligned"] == 0 and 1.0 < data["length_ratio"] < 1.2
    first = data["beads"][0]
    assert first["source"] == "Article 1" and first["target"] == "Artículo 1"
    assert first["kind"] == "1-1" and 0 <= first["confidence"] <= 1
    assert first["review"] == (first["confidence"] < 0.5)
    assert data["review"] == sum(1 for b in data["beads"] if b["review"])


def test_align_out_writes_tmx_and_tsv_that_read_back(
    workspace_path: Path, charter: dict[str, Path], tmp_path: Path
) -> None:
    memory = tmp_path / "charter.tmx"
    table = tmp_path / "charter.tsv"
    result = glossary(workspace_path, "align", charter["en"], charter["zh-CN"], "--out", memory, check=True)
    assert f"{memory}: 30 units written" in result.stdout
    glossary(workspace_path, "align", charter["en"], charter["zh-CN"], "--out", table, check=True)
    units = [u for u in tmx.read(memory, ReadOptions()) if isinstance(u, TranslationUnit)]
    assert len(units) == 30
    article3 = units[16]
    en, zh = article3.variant("en"), article3.variant("zh-CN")
    assert en is not None and en.text.startswith("The original Members of the United Nations")
    assert zh is not None and zh.text.startswith("凡曾经参加金山联合国国际组织会议")
    rows = [u for u in tabular.read(table, ReadOptions()) if isinstance(u, TranslationUnit)]
    assert [u.variants for u in rows] == [u.variants for u in units]


def test_align_import_stores_units_with_review_status(workspace_path: Path, charter: dict[str, Path]) -> None:
    result = glossary(
        workspace_path, "align", charter["en"], charter["zh-CN"], "--import", "--json", check=True
    )
    data = json.loads(result.stdout)
    assert data["imported"] == {"added": 30, "already_present": 0}
    with Workspace(workspace_path) as ws:
        units = list(ws.units())
        (origin,) = ws.origins()
    assert len(units) == 30 and {u.languages for u in units} == {("en", "zh-CN")}
    assert sum(1 for u in units if u.status == "review") == data["review"]
    assert origin.name == f"{charter['en']} + {charter['zh-CN']}" and origin.format == "alignment"
    again = glossary(workspace_path, "align", charter["en"], charter["zh-CN"], "--import", check=True)
    assert "workspace: 0 added, 30 already present" in again.stdout


@pytest.fixture
def filled(workspace_path: Path, charter: dict[str, Path]) -> Path:
    glossary(workspace_path, "align", charter["en"], charter["es"], "--target", "es", "--import", check=True)
    return workspace_path


def _refused(workspace: Path, *args: str | Path) -> str:
    before = dump(workspace)
    result = glossary(workspace, "align", *args, "--import")
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("glossary: error: "), result.stderr
    assert dump(workspace) == before
    return lines[0]


def test_an_empty_side_is_one_line_error(filled: Path, charter: dict[str, Path], tmp_path: Path) -> None:
    empty = tmp_path / "empty.zh.txt"
    empty.write_text("\n\n", encoding="utf-8")
    assert "the document is empty" in _refused(filled, charter["en"], empty)


def test_a_binary_file_is_one_line_error(filled: Path, charter: dict[str, Path]) -> None:
    mo = next(Path("/usr/share/locale").glob("*/LC_MESSAGES/*.mo"), None)
    if mo is None:
        pytest.skip("no compiled gettext catalogue on this machine")
    message = _refused(filled, charter["en"], mo)
    assert str(mo) in message


def test_mismatched_languages_are_one_line_errors(filled: Path, charter: dict[str, Path]) -> None:
    assert "does not look like zh-CN" in _refused(filled, charter["en"], charter["es"])
    assert "does not look like en" in _refused(filled, charter["zh-CN"], charter["en"])
    assert "both en" in _refused(filled, charter["en"], charter["es"], "--target", "en-GB")


def test_out_must_be_tmx_or_tsv(filled: Path, charter: dict[str, Path], tmp_path: Path) -> None:
    message = _refused(filled, charter["en"], charter["zh-CN"], "--out", tmp_path / "charter.po")
    assert "--out writes tmx or tsv" in message
    assert not (tmp_path / "charter.po").exists()


def test_a_short_pair_takes_its_length_ratio_from_the_workspace(workspace_path: Path, tmp_path: Path) -> None:
    devset = shared("corpora", "unpc-devset-6way")
    english = (devset / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:12]
    chinese = (devset / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()[:12]
    (tmp_path / "short.en.txt").write_text("\n\n".join(english), encoding="utf-8")
    (tmp_path / "short.zh.txt").write_text("\n\n".join(chinese), encoding="utf-8")
    args = ("align", tmp_path / "short.en.txt", tmp_path / "short.zh.txt", "--json")
    alone = json.loads(glossary(workspace_path, *args, check=True).stdout)
    assert alone["length_model_from"] == "documents" and not workspace_path.exists()
    glossary(
        workspace_path,
        "import",
        "--parallel",
        devset / "UNv1.0.devset.en",
        devset / "UNv1.0.devset.zh",
        check=True,
    )
    with_tm = json.loads(glossary(workspace_path, *args, check=True).stdout)
    assert with_tm["length_model_from"] == "workspace"
    assert (
        0.28 < with_tm["length_ratio"] < 0.34
    )  # what 2,000 UN sentence pairs say of Chinese against English
    assert with_tm["pairs"] == 12 and with_tm["unaligned"] == 0


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Charter chapters as a translator keeps them: x.en.txt + x.zh.txt, en/x.txt + zh/x.txt, one alone."""
    shared("corpora", "un-charter-en-zh-es")
    root = tmp_path / "charter"
    (root / "en").mkdir(parents=True)
    (root / "zh").mkdir()
    for lang, tag in (("en", "en"), ("zh-CN", "zh")):
        (root / f"chapter1.{tag}.txt").write_text(charter_text(CHARTER / "chapter1.md", lang), "utf-8")
        (root / tag / "chapter2.txt").write_text(charter_text(CHARTER / "chapter2.md", lang), "utf-8")
    (root / "chapter3.en.txt").write_text(charter_text(CHARTER / "chapter3.md", "en"), "utf-8")
    return root


def test_align_a_folder_aligns_every_pair_with_a_line_each(workspace_path: Path, folder: Path) -> None:
    result = glossary(workspace_path, "align", folder, "--import", check=True)
    lines = result.stdout.strip().splitlines()
    assert lines[0].startswith("chapter1.en.txt + chapter1.zh.txt: 15 pairs (")
    assert lines[0].endswith("15 added, 0 already present")
    assert lines[1].startswith("chapter2.txt + chapter2.txt: 10 pairs (")
    assert lines[2] == f"{folder / 'chapter3.en.txt'}: no counterpart, not aligned"
    assert lines[3].startswith("2 documents: 25 pairs (")
    with Workspace(workspace_path) as ws:
        origins = sorted(o.name for o in ws.origins())
        assert len(list(ws.units())) == 25
    assert origins == [
        f"{folder / 'chapter1.en.txt'} + {folder / 'chapter1.zh.txt'}",
        f"{folder / 'en' / 'chapter2.txt'} + {folder / 'zh' / 'chapter2.txt'}",
    ]
    data = json.loads(glossary(workspace_path, "align", folder, "--json", check=True).stdout)
    assert [d["pairs"] for d in data["documents"]] == [15, 10]
    assert data["without_counterpart"] == [str(folder / "chapter3.en.txt")]


def test_a_bad_file_in_a_folder_changes_nothing(filled: Path, folder: Path) -> None:
    (folder / "zh" / "chapter2.txt").write_text("\n", "utf-8")
    assert "the document is empty" in _refused(filled, folder)
    assert "no document pair" in _refused(filled, folder / "en")
    assert "--out writes one document pair" in _refused(filled, folder, "--out", folder / "x.tmx")
    assert "--review opens one document pair" in _refused(filled, folder, "--review")
