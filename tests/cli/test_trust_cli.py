"""Exports say what they hold, reading commands refuse a missing workspace, a clean check says so."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from glossary.cli import cli
from glossary.extract import segments_of
from glossary.model import Concept, Term
from glossary.termbase import Termbase
from memories.formats import ReadOptions
from memories.importer import import_files
from memories.store import Workspace
from tests.conftest import shared

SEED = ("seeds", "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt")
TERMS = ("seeds", "diplomatic-terms.en-zh.tsv")


def run(workspace: Path, *args: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), *map(str, args)])
    return result.exit_code, result.output


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    """The seed press release (English only, for concordance) and the starter termbase as a memory table,
    plus one candidate and one rejected concept."""
    path = tmp_path / "ws.glossary"
    with Workspace(path) as ws:
        import_files(ws, [shared(*SEED)], ReadOptions())
        (report,) = import_files(ws, [shared(*TERMS)], format="tsv")
        assert report.added > 40
        termbase = Termbase(ws)
        termbase.add(Concept((Term("en", "ASEAN way"), Term("zh-CN", "东盟方式")), status="approved"))
        termbase.add(Concept((Term("en", "shared future"), Term("zh-CN", "共同未来")), status="candidate"))
        termbase.add(Concept((Term("en", "old formula"), Term("zh-CN", "旧提法")), status="rejected"))
    return path


def _units(tmx: Path) -> list[etree._Element]:
    return list(etree.parse(str(tmx)).iter("tu"))


def test_a_tmx_export_holds_translations_unless_monolingual_units_are_asked_for(
    filled: Path, tmp_path: Path
) -> None:
    out = tmp_path / "memory.tmx"
    code, output = run(filled, "export", out)
    assert code == 0, output
    tus = _units(out)
    assert tus and all(len(tu.findall("tuv")) == 2 for tu in tus)
    with Workspace(filled) as ws:
        everything = ws.count_units()
    assert len(tus) < everything
    # What we write, we read back, all of it.
    code, output = run(tmp_path / "again.glossary", "import", out)
    assert code == 0 and f"{len(tus)} added, 0 already present, 0 left out" in output, output
    code, _ = run(filled, "export", out, "--monolingual")
    assert code == 0 and len(_units(out)) == everything


@pytest.mark.parametrize("name", ["memory.tsv", "memory.tmx"])
def test_an_export_of_one_language_is_refused(filled: Path, tmp_path: Path, name: str) -> None:
    code, output = run(filled, "export", tmp_path / name, "--langs", "en")
    assert code == 2 and "a memory export needs two languages, not only en" in output
    assert not (tmp_path / name).exists()


def test_termbase_exports_hold_approved_concepts_unless_asked(filled: Path, tmp_path: Path) -> None:
    tbx = tmp_path / "glossary.tbx"
    code, output = run(filled, "export", tbx)
    assert code == 0 and "1 concepts written (approved)" in output
    text = tbx.read_text(encoding="utf-8")
    assert "ASEAN way" in text and "shared future" not in text and "old formula" not in text
    code, output = run(filled, "export", tbx, "--status", "candidate", "--status", "rejected")
    assert code == 0 and "2 concepts written (candidate, rejected)" in output
    table = tmp_path / "glossary.csv"
    code, _ = run(filled, "export", table, "--termbase", "--langs", "en,zh-CN")
    assert code == 0 and "shared future" not in table.read_text(encoding="utf-8-sig")


def test_commands_that_only_read_refuse_a_missing_workspace(tmp_path: Path) -> None:
    missing = tmp_path / "typo.glossary"
    for args in (["stats"], ["lookup", "peace"], ["concordance", "peace"], ["terms", "x"],
                 ["export", str(tmp_path / "out.tmx")], ["extract"]):  # fmt: skip
        code, output = run(missing, *args)
        assert code == 2, args
        assert f"no workspace at {missing}; `glossary import` creates one" in output
    assert not missing.exists()


def test_a_clean_check_says_so_in_one_line_and_candidates_are_checked_only_when_asked(
    filled: Path, tmp_path: Path
) -> None:
    po = tmp_path / "zh_CN.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: zh_CN\\n"\n\n'
        'msgid "The ASEAN way builds a shared future."\nmsgstr "东盟方式建设美好明天。"\n',
        encoding="utf-8",
    )
    code, output = run(filled, "check", po)
    assert code == 0
    assert output.strip().splitlines() == [f"{po}: no terminology problems (1 approved concepts checked)"]
    code, output = run(filled, "check", po, "--candidates")
    assert code == 1 and "shared future" in output and "共同未来" in output


def test_extraction_reads_the_origins_given_several_times(tmp_path: Path) -> None:
    path = tmp_path / "ws.glossary"
    un = tmp_path / "un-excerpt.en.txt"
    lines = shared("corpora", "unpc-devset-6way", "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    un.write_text("\n".join(lines[200:300]) + "\n", encoding="utf-8")
    other = tmp_path / "other.en.txt"
    other.write_text("\n".join(lines[300:400]) + "\n", encoding="utf-8")
    with Workspace(path) as ws:
        import_files(ws, [shared(*SEED), un, other], ReadOptions())
        assert {s.document for s in segments_of(ws, "en", [str(shared(*SEED)), str(un)])} == {
            str(shared(*SEED)),
            str(un),
        }
    code, output = run(
        path, "extract", "--dry-run", "--json", "--origin", shared(*SEED).name, "--origin", un.name
    )
    assert code == 0, output
    assert json.loads(output)
    code, output = run(path, "extract", "--dry-run", "--origin", "nowhere.txt")
    assert code == 2 and "no origin 'nowhere.txt'" in output
