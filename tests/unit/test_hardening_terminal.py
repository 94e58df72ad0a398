"""Class 3 of issue 20: escape sequences in imported text are shown on the terminal, never obeyed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import cli
from glossary.terminal import shown
from tests.conftest import dump, shared
from tui.render import visible

# What a hostile file carries: an OSC that retitles the window, OSC 52 writing the clipboard, clear screen,
# blink, an 8-bit CSI (C1), a carriage return that hides the start of the line.
TITLE = "\x1b]0;PWNED\x07"
CLIPBOARD = "\x1b]52;c;ZWNobyBvd25lZA==\x07"
CLEAR = "\x1b[2J\x1b[5m"
C1_CSI = "\x9b31m"
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding the starter termbase and a memory, both with escape sequences in their text."""
    folder = tmp_path_factory.mktemp("escapes")
    lines = shared("seeds", "diplomatic-terms.en-zh.tsv").read_text(encoding="utf-8").splitlines()
    header, first, *rest = lines
    en, zh, *others = first.split("\t")
    terms = folder / "terms.tsv"
    terms.write_text(
        "\n".join([header, "\t".join([en + TITLE + CLEAR, zh + C1_CSI, *others]), *rest]) + "\n", "utf-8"
    )
    memory = folder / "memory.tsv"
    memory.write_text(f"en\tzh-CN\nWe build a {en}{CLIPBOARD}\t我们构建{zh}{CLEAR}\n", "utf-8")
    ws = folder / "w.glossary"
    for args in (["import", "--termbase", terms], ["import", memory]):
        result = CliRunner().invoke(cli, ["--workspace", str(ws), *map(str, args)])
        assert result.exit_code == 0, result.output
    return ws


def _output(ws: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--workspace", str(ws), *args])
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize(
    "args", [["terms"], ["concordance", "We build"], ["lookup", "We build a community with a shared future"]]
)
def test_commands_show_escape_sequences_instead_of_sending_them(hostile: Path, args: list[str]) -> None:
    before = dump(hostile)
    text = _output(hostile, *args)
    assert not RAW.findall(text)
    assert "␛]" in text  # shown, where the translator can see that the file holds something odd
    assert [line for line in dump(hostile) if "sqlite_stat" not in line] == [
        line for line in before if "sqlite_stat" not in line
    ]


def test_json_keeps_the_exact_text_escaped(hostile: Path) -> None:
    text = _output(hostile, "terms", "--json")
    assert not RAW.findall(text)
    texts = {term["text"] for concept in json.loads(text) for term in concept["terms"]}
    assert any(TITLE + CLEAR in t for t in texts) and any(t.endswith(C1_CSI) for t in texts)


def test_shown_and_the_workbench_cells_replace_every_control_by_one_visible_character() -> None:
    sample = f"a{TITLE}b{C1_CSI}\rc\x7f\td\ne"
    assert shown(sample) == "a␛]0;PWNED␇b\ufffd31m␍c␡\td\ne"
    cell = visible(sample)
    assert not RAW.findall(cell) and "\n" not in cell and len(cell) == len(sample)
