"""The import contracts in pyproject.toml hold (tui -> glossary -> memories, the core never imports Textual, no
import cycles), and the project's own modules are imported at the top of a module, where a reader sees them."""

from __future__ import annotations

import ast
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


# The exceptions: the commands that open the workbench load Textual only when they run, so that every other
# command starts without it; and the workbench loads what its first screen does not show (the dialogs of F5-F9,
# the editor, the aligner: file formats, numpy) when one of them is opened, through tui.on_demand, so that its
# query box is ready without them (they were half of its start-up).
LAZY_UI_IMPORTS = {
    ("glossary/cli/workbench.py", "tui.app"),
    ("glossary/cli/align.py", "tui.app"),
    ("tui/app.py", "tui.on_demand"),
}


def test_own_modules_are_imported_at_the_top() -> None:
    inside_functions = set()
    for package in ("memories", "glossary", "tui"):
        for path in sorted((REPO / package).rglob("*.py")):
            tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom):
                        names = [node.module or ""] if node.level == 0 else ["." * node.level]
                    elif isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    else:
                        continue
                    for name in names:
                        if name.startswith(".") or name.split(".")[0] in ("memories", "glossary", "tui"):
                            inside_functions.add((path.relative_to(REPO).as_posix(), name))
    assert inside_functions == LAZY_UI_IMPORTS
