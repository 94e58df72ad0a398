"""Class 8 of issue 20: characters XML 1.0 forbids (a vertical tab in a Trados TMX, or in a TBX term) are refused
at their line by default; ``import --repair`` replaces each by U+FFFD, says how many and where, and imports the
rest: the workspace holds what the same file, cleaned by hand, would have given."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from glossary.model import Concept
from glossary.termbase import Termbase
from glossary.workspace import open_workspace
from tests.conftest import REPO, dump, shared

TMX = ("formats", "omegat", "data", "tmx", "test-match-stat-en-ca.tmx")
TBX = ("formats", "tbx", "TBX-Basic_dialect", "DCA", "Example_Astronomy_DCA_VALID.tbx")
_TIME = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z?")


def _glossary(workspace: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", str(workspace), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )


def _mutated() -> tuple[str, str, list[int]]:
    """The real TMX, and a copy whose 11th long segment holds a raw vertical tab where a space was and
    whose 41st one holds ``&#x0B;``, as Trados writes them; with the lines of both."""
    original = shared(*TMX).read_text(encoding="utf-8")
    lines = original.split("\n")
    long_segments = [i for i, line in enumerate(lines) if "<seg>" in line and " " in line.split("<seg>")[1]]
    first, second = long_segments[10], long_segments[40]
    indent, text = lines[first].split("<seg>", 1)
    lines[first] = indent + "<seg>\v" + text.replace(" ", "\v", 1)
    indent, text = lines[second].split("<seg>", 1)
    lines[second] = indent + "<seg>" + text.replace(" ", "&#x0B;", 1)
    return original, "\n".join(lines), [first + 1, second + 1]


def _by_hand(mutated: str) -> str:
    """The mutated file as a translator would clean it by hand: each forbidden character typed as U+FFFD."""
    return mutated.replace("\v", "\ufffd").replace("&#x0B;", "\ufffd")


def _rows(workspace: Path) -> list[str]:
    """The workspace's dump less the times of the import (two imports of one file differ by nothing else),
    sorted: a table such as ``search_language`` is filled from a set, in an order each process draws anew."""
    return sorted(_TIME.sub("<time>", line) for line in dump(workspace) if "sqlite_stat" not in line)


def _texts(workspace: Path) -> list[tuple[str, str]]:
    """Every segment of the workspace with its language, in import order (the dump less its times)."""
    ws = open_workspace(workspace)
    try:
        return [(v.lang, v.text) for unit in ws.units() for v in unit.variants]
    finally:
        ws.close()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16"])
def test_forbidden_characters_are_refused_then_repaired_with_their_lines(
    tmp_path: Path, encoding: str
) -> None:
    original, mutated, lines = _mutated()
    if encoding == "utf-16":
        original = original.replace('encoding="UTF-8"', 'encoding="UTF-16"')
        mutated = mutated.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    tmx = tmp_path / "trados.tmx"
    tmx.write_text(original, encoding=encoding)
    clean = tmp_path / "clean.glossary"
    done = _glossary(clean, "import", "--force", tmx)
    assert done.returncode == 0, done.stderr

    tmx.write_text(mutated, encoding=encoding)
    repaired = tmp_path / "repaired.glossary"
    open_workspace(repaired).close()
    before = dump(repaired)
    refused = _glossary(repaired, "import", "--force", tmx)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert f"{tmx}:{lines[0]}:" in refused.stderr and "--repair" in refused.stderr
    assert dump(repaired) == before

    done = _glossary(repaired, "import", "--force", "--repair", "--json", tmx)
    assert done.returncode == 0, done.stderr
    (report,) = json.loads(done.stdout)
    assert report["repaired"] == 3 and report["repaired_lines"] == [lines[0], lines[0], lines[1]]
    # Every unit is there; the three characters became U+FFFD: one at a segment's start, two for spaces.
    texts = _texts(repaired)
    assert sum(text.count("\ufffd") for _, text in texts) == 3
    # (A set: a unit the file holds twice is one unit in the clean import, two once one copy is changed.)
    assert {(lang, text.removeprefix("\ufffd").replace("\ufffd", " ")) for lang, text in texts} == set(
        _texts(clean)
    )
    # The workspace differs from the empty one by exactly the rows the same file cleaned by hand adds.
    # (The same path: the workspace records where each import came from.)
    tmx.write_text(_by_hand(mutated), encoding=encoding)
    cleaned = tmp_path / "cleaned.glossary"
    done = _glossary(cleaned, "import", "--force", tmx)
    assert done.returncode == 0, done.stderr
    assert _rows(repaired) == _rows(cleaned) != _rows_of_empty(tmp_path)


def test_the_repair_is_said_in_the_import_line(tmp_path: Path) -> None:
    _, mutated, lines = _mutated()
    tmx = tmp_path / "trados.tmx"
    tmx.write_text(mutated, encoding="utf-8")
    done = _glossary(tmp_path / "w.glossary", "import", "--force", "--repair", tmx)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert "3 characters XML forbids replaced by U+FFFD" in said
    assert f"{tmx}:{lines[0]}, {tmx}:{lines[0]}, {tmx}:{lines[1]}" in said.replace(" ", "").replace(",", ", ")


def _rows_of_empty(tmp_path: Path) -> list[str]:
    empty = tmp_path / "empty.glossary"
    open_workspace(empty).close()
    return _rows(empty)


def test_a_tbx_with_forbidden_characters_is_refused_then_repaired_like_a_tmx(tmp_path: Path) -> None:
    lines = shared(*TBX).read_text(encoding="utf-8").split("\n")
    first, second = (
        lines.index("\t\t\t\t\t\t<term>open cluster</term>"),
        lines.index("\t\t\t\t\t\t<term>black hole</term>"),
    )
    lines[first] = lines[first].replace("open cluster", "open\vcluster")
    lines[second] = lines[second].replace("black hole", "black&#x0B;hole")
    mutated = "\n".join(lines)
    tbx = tmp_path / "astronomy.tbx"
    tbx.write_text(mutated, encoding="utf-8")
    workspace = tmp_path / "w.glossary"
    seed = shared("seeds", "diplomatic-terms.en-zh.tsv")
    assert _glossary(workspace, "import", seed).returncode == 0
    before = _rows(workspace)

    refused = _glossary(workspace, "import", tbx)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr, refused.stderr
    assert f"{tbx}:{first + 1}:" in refused.stderr and "--repair" in refused.stderr
    assert _rows(workspace) == before
    refused = _glossary(workspace, "import", "--json", tbx)  # the same without --repair, in any output mode
    assert refused.returncode == 2 and _rows(workspace) == before

    done = _glossary(workspace, "import", "--repair", tbx)
    assert done.returncode == 0, done.stderr
    said = " ".join(done.stdout.split())
    assert "45 concepts added" in said
    assert f"2 characters XML forbids replaced by U+FFFD (at {tbx}:{first + 1}, {tbx}:{second + 1})" in said
    terms = {t.text for c in _concepts(workspace) for t in c.terms}
    assert {"open\ufffdcluster", "black\ufffdhole"} <= terms and "open cluster" not in terms

    # What was imported is what the file cleaned by hand gives: the seed's rows, then the same 45 concepts.
    tbx.write_text(_by_hand(mutated), encoding="utf-8")  # the same path: the workspace records it
    cleaned = tmp_path / "cleaned.glossary"
    assert _glossary(cleaned, "import", seed).returncode == 0
    assert _glossary(cleaned, "import", tbx).returncode == 0
    assert _rows(workspace) == _rows(cleaned) != before


def _concepts(workspace: Path) -> list[Concept]:
    ws = open_workspace(workspace)
    try:
        return list(Termbase(ws).concepts())
    finally:
        ws.close()
