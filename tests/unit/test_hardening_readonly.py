"""Class 6 of issue 20, read-only cases: a read-only workspace file or folder can still be read (stats,
lookup, concordance, terms, export) and a writing command says in one line that it is read-only; a
write-protected export target is refused. The commands run in a subprocess where permission bits bind."""

from __future__ import annotations

import ctypes
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO, dump, shared

# Root ignores permission bits through these capabilities; without them the bits bind root as any user.
# (Switching to nobody is not possible here: the interpreter lives under /root, which nobody cannot enter.)
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3
_PR_CAPBSET_DROP = 24


def _bound_by_permissions() -> None:
    """In the child before exec: drop the capabilities from the bounding set, so the program run has none."""
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER):
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _glossary(workspace: Path, *args: str | Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "PYTHONPATH": str(REPO)}
    if os.geteuid() != 0:
        print("not root: permission bits bind this user already; the commands run as it")
    return subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", str(workspace), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
        preexec_fn=_bound_by_permissions if os.geteuid() == 0 else None,
    )


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith("glossary: error: ")
    return line


PO = shared("formats", "po", "test_utf8.po")


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("ws") / "w.glossary"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "glossary",
            "--workspace",
            str(workspace),
            "import",
            "--target",
            "es",
            str(PO),
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    # One file, no -wal or -shm left beside it, as a workspace copied onto a read-only medium.
    assert sorted(p.name for p in workspace.parent.iterdir()) == ["w.glossary"]
    return workspace


@pytest.fixture(params=["file", "folder"])
def read_only(request: pytest.FixtureRequest, filled: Path) -> Iterator[Path]:
    folder = Path(tempfile.mkdtemp(prefix="glossary-ro-"))
    workspace = folder / "w.glossary"
    shutil.copyfile(filled, workspace)
    workspace.chmod(0o444)
    if request.param == "folder":
        folder.chmod(0o555)
    yield workspace
    folder.chmod(0o755)
    shutil.rmtree(folder)


@pytest.mark.parametrize(
    "args",
    [("stats",), ("concordance", "Django"), ("lookup", "Django admin"), ("terms",), ("export", "OUT.tmx")],
)
def test_a_read_only_workspace_can_be_read(read_only: Path, args: tuple[str, ...]) -> None:
    out = Path(tempfile.mkdtemp(prefix="glossary-out-")) / "out.tmx"
    try:
        before = read_only.read_bytes()
        done = _glossary(read_only, *(out if a == "OUT.tmx" else a for a in args))
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        if args[0] == "concordance":
            assert "Django" in done.stdout
        if args[0] == "export":
            assert out.read_text(encoding="utf-8").count("<tu>") == 732
        assert read_only.read_bytes() == before
    finally:
        shutil.rmtree(out.parent)


@pytest.mark.parametrize(
    "args",
    [
        ("import", "--target", "es", "--force", shared("formats", "po", "test_wrap.po")),
        ("term", "add", "Security Council", "安全理事会"),
    ],
)
def test_a_read_only_workspace_refuses_a_write_in_one_line(read_only: Path, args: tuple[str, ...]) -> None:
    before = dump(read_only) if os.access(read_only.parent, os.W_OK) else None
    raw = read_only.read_bytes()
    line = _one_error_line(_glossary(read_only, *args))
    assert "read-only" in line and "nothing was changed" in line
    assert read_only.read_bytes() == raw
    if before is not None:
        assert dump(read_only) == before


def test_a_write_protected_export_target_is_refused(filled: Path) -> None:
    folder = Path(tempfile.mkdtemp(prefix="glossary-out-"))
    try:
        target = folder / "memory.tmx"
        target.write_text("kept", encoding="utf-8")
        target.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
        line = _one_error_line(_glossary(filled, "export", target))
        assert "write-protected" in line
        assert target.read_text(encoding="utf-8") == "kept"
        assert sorted(p.name for p in folder.iterdir()) == ["memory.tmx"]
    finally:
        shutil.rmtree(folder)
