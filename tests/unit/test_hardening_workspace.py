"""Classes 6 and 7 of issue 20: foreign and damaged workspace files, and export targets that cannot be
written, each refused in one line, the files left as they were."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from memories.db.sqlite import APPLICATION_ID
from tests.conftest import REPO, dump, shared

PO = ("formats", "po", "test_utf8.po")


def _glossary(
    workspace: Path, *args: str | Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PYTHONWARNINGS": "ignore::DeprecationWarning",
        "PYTHONPATH": str(REPO),
        **(env or {}),
    }
    return subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", str(workspace), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("glossary: error: ")
    return line


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("ws") / "w.glossary"
    done = _glossary(workspace, "import", "--target", "es", shared(*PO))
    assert done.returncode == 0, done.stderr
    return workspace


def test_a_sqlite_file_of_another_application_is_refused_untouched(tmp_path: Path) -> None:
    other = tmp_path / "places.sqlite"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
        conn.execute("INSERT INTO moz_places(url) VALUES ('https://www.un.org')")
    conn.close()
    before = other.read_bytes()
    line = _one_error_line(_glossary(other, "stats"))
    assert "another application" in line and "moz_places" in line and "left untouched" in line
    assert other.read_bytes() == before and sorted(p.name for p in tmp_path.iterdir()) == ["places.sqlite"]


def test_a_workspace_from_before_the_application_id_is_adopted(tmp_path: Path, filled: Path) -> None:
    old = tmp_path / "old.glossary"
    old.write_bytes(filled.read_bytes())
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA application_id = 0")
    conn.close()
    before = [line for line in dump(old) if "sqlite_stat" not in line]
    done = _glossary(old, "stats", "--json")
    assert done.returncode == 0, done.stderr
    conn = sqlite3.connect(old)
    assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    conn.close()
    assert [line for line in dump(old) if "sqlite_stat" not in line] == before


@pytest.fixture
def damaged(tmp_path: Path, filled: Path) -> Path:
    """The filled workspace with one page in the middle overwritten, as a disk fault leaves it."""
    path = tmp_path / "damaged.glossary"
    data = bytearray(filled.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    middle = (len(data) // page // 2) * page
    data[middle : middle + page] = bytes([0x5A]) * page
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("import", "--target", "es", "--force", shared("formats", "po", "test_wrap.po")),
        ("term", "add", "Security Council", "安全理事会"),
        ("stats",),
        ("concordance", "Django"),
        ("export", "OUT.tmx"),
    ],
)
def test_a_damaged_workspace_is_one_line_and_never_written(
    damaged: Path, tmp_path: Path, args: tuple[str | Path, ...]
) -> None:
    before = damaged.read_bytes()
    args = tuple(tmp_path / "out.tmx" if a == "OUT.tmx" else a for a in args)
    done = _glossary(damaged, *args)
    if done.returncode == 0:
        # SQLite read around the damaged page: a read that works is fine; a write never is.
        assert args[0] in ("stats", "concordance", "export"), done.stdout
    else:
        line = _one_error_line(done)
        assert "damaged" in line
    assert damaged.read_bytes() == before


# Past this size no full quick_check runs; 0 puts every test workspace on the large-file path.
LARGE = {"GLOSSARY_QUICK_CHECK_MAX_BYTES": "0"}


@pytest.fixture
def damaged_where_written(tmp_path: Path, filled: Path) -> Path:
    """The filled workspace with the root page of every table and index overwritten but schema_version's
    (the file still opens): the page count and freelist are right, so only the write itself meets the damage."""
    path = tmp_path / "damaged.glossary"
    path.write_bytes(filled.read_bytes())
    conn = sqlite3.connect(path)
    roots = [
        r for (r,) in conn.execute("SELECT rootpage FROM sqlite_master WHERE name != 'schema_version'") if r
    ]
    (keep,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 'schema_version'").fetchone()
    conn.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    for root in roots:
        if root not in (1, keep):
            data[(root - 1) * page : root * page] = bytes([0x5A]) * page
    path.write_bytes(bytes(data))
    return path


@pytest.mark.parametrize(
    "args",
    [
        ("import", "--target", "es", "--force", shared("formats", "po", "test_wrap.po")),
        ("term", "add", "Security Council", "安全理事会"),
    ],
)
def test_a_large_damaged_workspace_rolls_the_write_back_in_one_line(
    damaged_where_written: Path, args: tuple[str | Path, ...]
) -> None:
    before = damaged_where_written.read_bytes()
    line = _one_error_line(_glossary(damaged_where_written, *args, env=LARGE))
    assert "damaged" in line and "nothing was written" in line
    assert damaged_where_written.read_bytes() == before


def test_a_large_workspace_with_a_broken_freelist_is_refused_before_the_write(
    tmp_path: Path, filled: Path
) -> None:
    path = tmp_path / "freelist.glossary"
    data = bytearray(filled.read_bytes())
    data[32:40] = (0x7FFFFFF0).to_bytes(4, "big") + (3).to_bytes(4, "big")  # first trunk page, free pages
    path.write_bytes(bytes(data))
    line = _one_error_line(_glossary(path, "term", "add", "Security Council", "安全理事会", env=LARGE))
    assert "damaged" in line and "freelist" in line
    assert path.read_bytes() == bytes(data)


def test_a_large_workspace_longer_than_its_pages_is_refused_before_the_write(
    tmp_path: Path, filled: Path
) -> None:
    path = tmp_path / "long.glossary"
    data = filled.read_bytes() + bytes(1000)
    path.write_bytes(data)
    line = _one_error_line(_glossary(path, "term", "add", "Security Council", "安全理事会", env=LARGE))
    assert "damaged" in line and "pages of" in line
    assert path.read_bytes() == data


def test_a_large_sound_workspace_is_written_without_the_full_check(tmp_path: Path, filled: Path) -> None:
    path = tmp_path / "sound.glossary"
    path.write_bytes(filled.read_bytes())
    done = _glossary(path, "term", "add", "Security Council", "安全理事会", env=LARGE)
    assert done.returncode == 0, done.stderr
    added = set(dump(path)) - set(dump(filled))
    assert any("安全理事会" in line for line in added)


def test_an_export_into_a_file_used_as_a_folder_is_one_line(tmp_path: Path, filled: Path) -> None:
    blocker = tmp_path / "exports"
    blocker.write_text("not a folder", encoding="utf-8")
    line = _one_error_line(_glossary(filled, "export", blocker / "memory.tmx"))
    assert "is a file, not a folder" in line
    assert blocker.read_text(encoding="utf-8") == "not a folder"


def test_a_stale_part_file_of_a_killed_export_is_removed_by_the_next(tmp_path: Path, filled: Path) -> None:
    target = tmp_path / "memory.tmx"
    killed = subprocess.Popen([sys.executable, "-c", "pass"])
    killed.wait()  # a process id that no longer runs: the export it stood for was killed
    stale = tmp_path / f".memory.tmx.{killed.pid}.abc123.part"
    stale.write_text("<tmx half written", encoding="utf-8")
    done = _glossary(filled, "export", target)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["memory.tmx"]
