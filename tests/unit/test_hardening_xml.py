"""Class 9 of issue 20 (XML): libxml2's safety limits said in words a translator can act on, for TMX and
TBX alike, whatever comes before the DOCTYPE; ``glossary import`` of such a file changes nothing in the
workspace, dump for dump."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import cli
from glossary.formats import tbx
from memories.errors import InputError
from memories.formats import ReadOptions, tmx
from tests.conftest import dump, shared

COMMENT = "<!--" + "padding " * 9000 + "-->\n"  # 72 KB: past any prefix scan
ENTITIES = '<!ENTITY a "aaaaaaaaaa">' + "".join(
    f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8)
)
TMX = shared("formats", "omegat", "data", "tmx", "TMXComplianceKit", "ImportTest1C.tmx")
TBX = shared("formats", "tbx", "TBX-Min_dialect", "DCA", "Example_Astronomy_DCA_VALID.tbx")


def _bomb(source: Path, root: str, first: str, tmp_path: Path) -> Path:
    text = source.read_text(encoding=_encoding(source))
    text = re.sub(r"<\?xml[^>]*\?>", "", text, count=1)
    text = text.replace(first, first.replace(">", ">&i;", 1), 1)
    path = tmp_path / f"bomb{source.suffix}"
    path.write_text(f'<?xml version="1.0"?>\n{COMMENT}<!DOCTYPE {root} [{ENTITIES}]>\n{text}', "utf-8")
    return path


def _deep(source: Path, element: str, tmp_path: Path) -> Path:
    text = source.read_text(encoding=_encoding(source))
    text = text.replace(f"<{element}>", f"<{element}>" + "<hi>" * 300 + "x" + "</hi>" * 300, 1)
    path = tmp_path / f"deep{source.suffix}"
    path.write_text(text, "utf-8")
    return path


def _huge(source: Path, element: str, tmp_path: Path) -> Path:
    """The file with 10 MB and more of words in its first ``element``: past libxml2's limit for one text."""
    text = source.read_text(encoding=_encoding(source))
    text = text.replace(f"<{element}>", f"<{element}>" + "word " * (2 * 1024**2 + 10), 1)
    path = tmp_path / f"huge{source.suffix}"
    path.write_text(text, "utf-8")
    return path


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A workspace holding a memory and a termbase, for the refused imports to leave as they found it."""
    workspace = tmp_path_factory.mktemp("ws") / "w.glossary"
    for source in (TMX, shared("seeds", "diplomatic-terms.en-zh.tsv")):
        done = CliRunner().invoke(cli, ["--workspace", str(workspace), "import", "--force", str(source)])
        assert done.exit_code == 0, done.output
    return workspace


def _stable(workspace: Path) -> list[str]:
    return [line for line in dump(workspace) if "sqlite_stat" not in line]


def _refused_import(workspace: Path, path: Path) -> str:
    """What ``glossary import`` says of the file, having checked that it exits 2 and changes nothing."""
    before = _stable(workspace)
    done = CliRunner().invoke(cli, ["--workspace", str(workspace), "import", "--force", str(path)])
    assert done.exit_code == 2 and "Traceback" not in done.output, done.output
    assert _stable(workspace) == before
    assert done.output.startswith(f"glossary: error: {path}:")
    return done.output


def _encoding(path: Path) -> str:
    return "utf-16" if path.read_bytes()[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8"


def _tmx(path: Path) -> list[object]:
    return list(tmx.read(path, ReadOptions()))


def _tbx(path: Path) -> list[object]:
    return list(tbx.read(path))


@pytest.mark.parametrize(
    ("source", "root", "first", "reader"),
    [(TMX, "tmx", "<seg>", _tmx), (TBX, "tbx", "<term>", _tbx)],
)
def test_an_entity_bomb_after_a_long_comment_is_called_one(
    tmp_path: Path, filled: Path, source: Path, root: str, first: str, reader: Callable[[Path], list[object]]
) -> None:
    bomb = _bomb(source, root, first, tmp_path)
    with pytest.raises(InputError) as caught:
        reader(bomb)
    message = str(caught.value)
    assert "entit" in message and "xmlCtxt" not in message and "XML_PARSE" not in message
    said = _refused_import(filled, bomb)
    assert "entit" in said and "xmlCtxt" not in said and "XML_PARSE" not in said


@pytest.mark.parametrize(("source", "element", "reader"), [(TMX, "seg", _tmx), (TBX, "term", _tbx)])
def test_nesting_too_deep_is_said_without_libxml2_options(
    tmp_path: Path, filled: Path, source: Path, element: str, reader: Callable[[Path], list[object]]
) -> None:
    deep = _deep(source, element, tmp_path)
    with pytest.raises(InputError) as caught:
        reader(deep)
    message = str(caught.value)
    assert "nested more than 256 deep" in message and "XML_PARSE_HUGE" not in message
    said = _refused_import(filled, deep)
    assert "nested more than 256 deep" in said and "XML_PARSE_HUGE" not in said


@pytest.mark.parametrize(("source", "element", "reader"), [(TMX, "seg", _tmx), (TBX, "term", _tbx)])
def test_a_text_past_ten_megabytes_is_said_without_libxml2_options(
    tmp_path: Path, filled: Path, source: Path, element: str, reader: Callable[[Path], list[object]]
) -> None:
    huge = _huge(source, element, tmp_path)
    with pytest.raises(InputError) as caught:
        reader(huge)
    message = str(caught.value)
    assert "larger than glossary reads safely (10 MB)" in message and "XML_PARSE_HUGE" not in message
    said = _refused_import(filled, huge)
    assert "larger than glossary reads safely (10 MB)" in said and "XML_PARSE_HUGE" not in said
