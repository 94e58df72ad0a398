"""The import contracts in pyproject.toml hold: tui -> glossary -> memories, and the core never imports Textual."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import REPO


def test_import_contracts_are_kept() -> None:
    # lint-imports reads the contracts from pyproject.toml and analyses every module statically, function-level
    # imports included, so a new module is covered without being listed anywhere.
    result = subprocess.run(
        [sys.executable, "-c", "import sys; from importlinter.cli import lint_imports_command; "
         "sys.argv = ['lint-imports', '--no-cache']; lint_imports_command()"],
        capture_output=True, text=True, cwd=REPO,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "BROKEN" not in result.stdout


def test_memories_does_not_import_glossary_at_run_time() -> None:
    code = (
        "import sys, memories.store, memories.importer, memories.index, memories.align; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('glossary', 'tui', 'textual')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"
