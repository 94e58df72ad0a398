"""Class 9 of issue 20 (tables): a long cell is read, a cell past the limit is refused with a true message
at its line, never called malformed with a quoting hint that does not apply."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from glossary.cli import cli
from memories.formats import ReadOptions
from memories.formats._cells import MAX_CELL
from memories.formats.tabular import read
from memories.model import TranslationUnit
from tests.conftest import dump, shared


def _table_with(tmp_path: Path, cell: str) -> Path:
    seed = shared("seeds", "diplomatic-terms.en-zh.tsv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "long.tsv"
    path.write_text("\n".join([*seed[:4], f"{cell}\t长\t\t", *seed[4:8]]) + "\n", encoding="utf-8")
    return path


def test_a_ten_megabyte_cell_is_read_whole(tmp_path: Path) -> None:
    cell = "The General Assembly, " * (10 * 1024**2 // 22)
    units = [r for r in read(_table_with(tmp_path, cell), ReadOptions()) if isinstance(r, TranslationUnit)]
    assert any(u.variants[0].text == cell for u in units) and len(units) == 8


def test_a_cell_past_the_limit_is_refused_at_its_line_and_imports_nothing(tmp_path: Path) -> None:
    path = _table_with(tmp_path, "x" * (MAX_CELL + 1))
    workspace = tmp_path / "w.glossary"
    seed = str(shared("seeds", "diplomatic-terms.en-zh.tsv"))
    assert CliRunner().invoke(cli, ["--workspace", str(workspace), "import", "--tm", seed]).exit_code == 0
    before = [line for line in dump(workspace) if "sqlite_stat" not in line]
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "import", "--tm", str(path)])
    assert result.exit_code == 2
    assert f"{path}:5: a cell is longer than 16 MB" in result.output and "quote" not in result.output
    assert [line for line in dump(workspace) if "sqlite_stat" not in line] == before
