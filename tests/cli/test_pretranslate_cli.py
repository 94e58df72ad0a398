"""`glossary pretranslate` as a translator runs it: the summary, the JSON report, bad input in one line."""

from __future__ import annotations

import json
from pathlib import Path

import polib
import pytest

from memories.index.scoring import score_texts
from tests.cli.test_import_cli import glossary
from tests.conftest import shared

DEVSET = ("corpora", "unpc-devset-6way")


@pytest.fixture(scope="module")
def small_memory(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str], list[str]]:
    """A workspace holding the dev set's first 300 sentence pairs (a quick import)."""
    folder = tmp_path_factory.mktemp("memory")
    en = shared(*DEVSET, "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()[:300]
    zh = shared(*DEVSET, "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()[:300]
    (folder / "un.en").write_text("\n".join(en) + "\n", encoding="utf-8")
    (folder / "un.zh").write_text("\n".join(zh) + "\n", encoding="utf-8")
    ws = folder / "ws.glossary"
    glossary(ws, "import", "--parallel", folder / "un.en", folder / "un.zh", check=True)
    return ws, en, zh


def _job(path: Path, en: list[str]) -> tuple[str, str]:
    """A PO file with one sentence as in the memory, one edited, one unknown and one already translated."""
    exact = en[20]
    assert " the " in exact
    edited = exact.replace(" the ", " a ", 1)
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": "zh_CN"}
    for msgid, msgstr in [(exact, ""), (edited, ""), ("Bonjour tout le monde, ceci est inconnu", ""),
                          (en[30], "已有的译文")]:  # fmt: skip
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save(str(path))
    return exact, edited


def test_the_summary_counts_segments_per_band_and_the_input_is_untouched(
    small_memory: tuple[Path, list[str], list[str]], tmp_path: Path
) -> None:
    ws, en, zh = small_memory
    job = tmp_path / "job.po"
    exact, edited = _job(job, en)
    before = job.read_bytes()
    result = glossary(ws, "pretranslate", job, tmp_path / "job.pre.po")
    assert result.returncode == 0, result.stderr
    assert job.read_bytes() == before
    score = score_texts(edited, exact).shown
    band = next(label for low, label in [(95, "95–99"), (85, "85–94"), (75, "75–84")] if score >= low)
    rows = {line.strip("│ ").split("│")[0].strip(): line.split("│")[-2].strip()
            for line in result.stdout.splitlines() if line.startswith("│")}  # fmt: skip
    assert rows["100"] == "1" and rows[band] == "1" and rows["no match"] == "1"
    assert rows["already translated"] == "1"
    assert "2 of 4 segments filled (1 exact, 1 fuzzy to review)" in result.stdout
    entries = {e.msgid: e for e in polib.pofile(str(tmp_path / "job.pre.po"))}
    assert entries[exact].msgstr == zh[20] and not entries[exact].fuzzy
    assert entries[edited].fuzzy and entries[edited].msgstr == zh[20]
    assert entries[edited].tcomment.startswith(f"glossary: {score}% match from ")
    assert entries[en[30]].msgstr == "已有的译文"


def test_json_report_and_threshold(small_memory: tuple[Path, list[str], list[str]], tmp_path: Path) -> None:
    ws, en, _ = small_memory
    job = tmp_path / "job.po"
    exact, edited = _job(job, en)
    result = glossary(ws, "pretranslate", job, tmp_path / "out.po", "--min", "100", "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["format"] == "po" and report["segments"] == 4
    assert report["bands"]["100"] == 1 and report["bands"]["no match"] == 2
    assert [(f["source"], f["score"]) for f in report["filled"]] == [(exact, 100)]
    assert edited not in {f["source"] for f in report["filled"]}


def test_bad_input_is_one_line_and_exit_2(
    small_memory: tuple[Path, list[str], list[str]], tmp_path: Path
) -> None:
    ws, en, _ = small_memory
    broken = tmp_path / "broken.xlf"
    broken.write_text('<xliff version="2.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file', "utf-8")
    out = tmp_path / "out.xlf"
    result = glossary(ws, "pretranslate", broken, out)
    assert result.returncode == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"glossary: error: {broken}:1: ")
    assert not out.exists()
    wrong = tmp_path / "job.po"
    _job(wrong, en)
    result = glossary(ws, "pretranslate", wrong, out, "--target", "fr")
    assert result.returncode == 2
    assert "the file's target language is zh-CN, not fr" in result.stderr
