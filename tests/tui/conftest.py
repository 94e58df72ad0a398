"""A real workspace for the UI tests: the first UN dev-set documents (en, zh), the seed termbase, a candidate."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from glossary.formats import read_termbase
from glossary.model import Concept, Term
from glossary.termbase import Termbase
from glossary.workspace import open_workspace
from memories.importer import import_parallel
from memories.store import Workspace
from tests.conftest import REPO, shared

if TYPE_CHECKING:
    from tests.editor_data import Sentences

LINES = 600
"""The dev set's first lines: enough for real matches, small enough to import in a second or two."""

SEEDS = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"


def build(folder: Path, location: str | None = None) -> Path:
    """The UI tests' workspace: a file in ``folder``, or the team workspace at ``location`` (a URL)."""
    devset = shared("corpora", "unpc-devset-6way")
    files = []
    for lang in ("en", "zh"):
        lines = (devset / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines(keepends=True)
        part = folder / f"UNv1.0.devset.{lang}"
        part.write_text("".join(lines[:LINES]), encoding="utf-8")
        files.append(part)
    path = folder / "workspace.glossary"
    with Workspace(location or path, migrate=True) as ws:
        import_parallel(ws, files)
        termbase = Termbase(ws)
        termbase.add_many(read_termbase(SEEDS, None))
        termbase.add(
            Concept(
                (
                    Term("en", "United Nations"),
                    Term("zh-CN", "联合国"),
                    Term("zh-CN", "联合国组织", status="forbidden"),
                )
            )
        )
        evidence = tuple(u.id or 0 for u in ws.find_units("maternal mortality", limit=3))
        termbase.merge_candidates(
            [
                Concept(
                    (Term("en", "maternal mortality"), Term("zh-CN", "产妇死亡率")),
                    score=12.5,
                    evidence=evidence,
                )
            ],
            "en",
        )
    return path


@pytest.fixture(scope="session")
def built_workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("ui-workspace"))


@pytest.fixture
def ui_path(built_workspace: Path, tmp_path: Path) -> Path:
    """A fresh copy of the built workspace for one test (tests write to it)."""
    path = tmp_path / built_workspace.name
    shutil.copy(built_workspace, path)
    return path


@pytest.fixture
def ui_workspace(ui_path: Path) -> Iterator[Workspace]:
    ws = Workspace(ui_path)
    yield ws
    ws.close()


@pytest.fixture(scope="module")
def text() -> Sentences:
    """The UN sentences the editor tests translate: in the memory verbatim, edited, and new."""
    # Imported here: tests.editor_data reads LINES from this module, so a top-level import would be circular.
    from tests.editor_data import sentences

    return sentences()


@pytest.fixture
def ws(ui_path: Path) -> Iterator[Workspace]:
    """The UI workspace opened as the commands open it (the glossary's migrations included)."""
    workspace = open_workspace(ui_path)
    yield workspace
    workspace.close()
