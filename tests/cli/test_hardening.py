"""Issue 20 at the command line: two writers (class 2), URL workspaces (class 11), and the last resort that
keeps every traceback from the user."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from glossary import cli as cli_module
from memories.store import Workspace
from tests.conftest import REPO, dump, shared

PO = ("formats", "po", "test_utf8.po")

# A real second process that takes the workspace's write lock, says so, and keeps it for a while.
HOLDER = textwrap.dedent(
    """
    import sys, time
    from glossary.workspace import open_workspace
    ws = open_workspace(sys.argv[1])
    with ws.atomic() as conn:
        conn.execute("INSERT INTO origin(name, format, imported_at) VALUES ('holder', 'test', 'now')")
        print("locked", flush=True)
        time.sleep(float(sys.argv[2]))
    ws.close()
    """
)


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "PYTHONPATH": str(REPO), **extra}


def _glossary(workspace: Path | str, *args: str | Path, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", str(workspace), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=_env(**env),
        timeout=300,
    )


def _stable(workspace: Path) -> list[str]:
    return [line for line in dump(workspace) if "sqlite_stat" not in line]


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    workspace = tmp_path / "w.glossary"
    done = _glossary(workspace, "import", "--target", "es", shared(*PO))
    assert done.returncode == 0, done.stderr
    return workspace


def _hold(workspace: Path, seconds: float) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(workspace), str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=REPO,
        env=_env(),
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
    return holder


@pytest.mark.parametrize(
    "args", [("import", "--tm", "SEED"), ("term", "add", "Security Council", "安全理事会")]
)
def test_a_second_writer_waits_visibly_and_then_succeeds(filled: Path, args: tuple[str, ...]) -> None:
    args = tuple(str(shared("seeds", "diplomatic-terms.en-zh.tsv")) if a == "SEED" else a for a in args)
    holder = _hold(filled, 4)
    try:
        done = _glossary(filled, *args, GLOSSARY_LOCK_TIMEOUT="240")
    finally:
        assert holder.wait(timeout=120) == 0
        assert holder.stdout is not None
        holder.stdout.close()
    assert done.returncode == 0, done.stderr
    assert "waiting for another import" in done.stderr and "Traceback" not in done.stderr
    rows = "\n".join(dump(filled))
    assert "'holder'" in rows  # the first writer's work is kept, and the second's is there too
    assert ("安全理事会" in rows) if args[0] == "term" else ("命运共同体" in rows)


def test_a_writer_that_waits_too_long_gives_up_in_one_line_and_changes_nothing(filled: Path) -> None:
    before = _stable(filled)
    holder = _hold(filled, 60)
    try:
        done = _glossary(filled, "term", "add", "Security Council", "安全理事会", GLOSSARY_LOCK_TIMEOUT="2")
    finally:
        holder.kill()
        holder.wait()
        assert holder.stdout is not None
        holder.stdout.close()
    assert done.returncode == 2, done.stderr
    lines = done.stderr.strip().splitlines()
    assert "waiting for another import" in lines[0]
    assert lines[-1].startswith("glossary: error: ") and "another glossary process" in lines[-1]
    assert "Traceback" not in done.stderr
    assert _stable(filled) == before


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://translator@db.example/team", "cannot connect to the PostgreSQL server"),
        ("sqlite:///tmp/x.db", "not a workspace glossary can open"),
    ],
)
def test_a_workspace_url_it_cannot_open_is_one_line_and_creates_nothing(
    tmp_path: Path, url: str, said: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", url, "stats"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=_env(),
        timeout=120,
    )
    assert done.returncode == 2
    (line,) = done.stderr.strip().splitlines()
    assert said in line
    assert list(tmp_path.iterdir()) == []


def test_an_unexpected_exception_is_one_line_and_a_crash_report(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def broken(self: object) -> None:
        raise RuntimeError("an invariant that cannot fail failed")

    monkeypatch.setattr(Workspace, "stats", broken)
    with pytest.raises(SystemExit) as exit_:
        cli_module.main(["--workspace", str(filled), "stats"])
    assert exit_.value.code == cli_module.INTERNAL_ERROR
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line.startswith("glossary: internal error: RuntimeError: an invariant that cannot fail failed")
    (report,) = (tmp_path / "state").rglob("glossary-crash-*.txt")
    assert str(report) in line
    text = report.read_text(encoding="utf-8")
    assert "Traceback" in text and "an invariant that cannot fail failed" in text and "def broken" not in line


def test_a_failure_of_the_machine_is_one_line_without_a_report(
    filled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))

    def full(self: object) -> None:
        raise OSError(28, "No space left on device", str(filled))

    monkeypatch.setattr(Workspace, "stats", full)
    with pytest.raises(SystemExit) as exit_:
        cli_module.main(["--workspace", str(filled), "stats"])
    assert exit_.value.code == 2
    (line,) = capsys.readouterr().err.strip().splitlines()
    assert line == f"glossary: error: {filled}: the disk is full; nothing was changed " + (
        "(free some space and run the command again)"
    )
    assert not (tmp_path / "state").exists()
