"""The headless core never imports the UI: memories and glossary work without Textual."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import REPO

CORE_MODULES = [
    "memories",
    "memories.store",
    "memories.importer",
    "memories.formats.tmx",
    "memories.formats.po",
    "memories.formats.tabular",
    "memories.formats.plaintext",
    "glossary",
    "glossary.cli",
    "glossary.workspace",
]


@pytest.mark.parametrize("module", CORE_MODULES)
def test_core_module_does_not_import_textual_or_tui(module: str) -> None:
    code = (
        f"import importlib, sys; importlib.import_module({module!r}); "
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'tui')); print(bad)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]", result.stdout


def test_memories_does_not_import_glossary() -> None:
    code = (
        "import sys, memories.store, memories.importer; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'glossary'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert result.stdout.strip() == "[]"
