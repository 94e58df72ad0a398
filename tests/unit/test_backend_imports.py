"""Bad input on both back ends: a command importing a broken file beside good ones is refused at the broken
file's line and leaves the workspace exactly as it was, on a SQLite file and on a PostgreSQL database alike."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from memories.errors import InputError
from memories.importer import import_files
from memories.store import Workspace
from tests.conftest import dump_workspace, on_both_backends, shared
from tests.unit.test_tmx import HOSTILE, KIT, TMX_DIR


def _invalid_tmx(tmp_path: Path) -> tuple[Path, int]:
    return shared(*TMX_DIR, "invalid.tmx"), 12  # an <ept> closing what no <bpt> opened (test_tmx.REFUSED)


def _hostile(name: str, tmp_path: Path) -> tuple[Path, int]:
    content, line, _ = HOSTILE[name]
    assert isinstance(content, str | bytes) and isinstance(line, int)
    path = tmp_path / f"{name}.tmx"
    path.write_bytes(content if isinstance(content, bytes) else content.encode())
    return path, line


def _truncated_tmx(tmp_path: Path) -> tuple[Path, int]:
    return _hostile("truncated", tmp_path)


def _entity_bomb(tmp_path: Path) -> tuple[Path, int]:
    return _hostile("billion-laughs", tmp_path)


def _po_syntax_error(tmp_path: Path) -> tuple[Path, int]:
    return shared("formats", "po", "test_syntax_error1.po"), 5  # a second msgstr with no msgid (test_po)


BAD: dict[str, Callable[[Path], tuple[Path, int]]] = {
    "invalid-tmx": _invalid_tmx,
    "truncated-tmx": _truncated_tmx,
    "entity-bomb": _entity_bomb,
    "po-syntax-error": _po_syntax_error,
}


@on_both_backends
@pytest.mark.parametrize("kind", BAD)
def test_a_broken_file_among_good_ones_imports_nothing(
    workspace: Workspace, tmp_path: Path, kind: str
) -> None:
    (first,) = import_files(workspace, [shared(*KIT, "ImportTest1A.tmx")], force=True)
    assert first.added > 0
    before = dump_workspace(workspace.location)
    bad, line = BAD[kind](tmp_path)
    good = [shared(*KIT, "ImportTest2A.tmx"), shared("formats", "po", "test_utf8.po")]
    with pytest.raises(InputError) as refused:
        import_files(workspace, [*good, bad], force=True)
    message = str(refused.value)
    assert message.startswith(f"{bad}:{line}: ") and "\n" not in message.strip(), message
    # Nothing of the good files either: the command is one transaction.
    assert dump_workspace(workspace.location) == before
    # The workspace takes the good files once the broken one is left out.
    assert sum(r.added for r in import_files(workspace, good, force=True)) > 0
