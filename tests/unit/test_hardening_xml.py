"""Class 9 of issue 20 (XML): libxml2's safety limits said in words a translator can act on, for TMX and
TBX alike, whatever comes before the DOCTYPE."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from glossary.formats import tbx
from memories.errors import InputError
from memories.formats import ReadOptions, tmx
from tests.conftest import shared

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
    tmp_path: Path, source: Path, root: str, first: str, reader: Callable[[Path], list[object]]
) -> None:
    with pytest.raises(InputError) as caught:
        reader(_bomb(source, root, first, tmp_path))
    message = str(caught.value)
    assert "entit" in message and "xmlCtxt" not in message and "XML_PARSE" not in message


@pytest.mark.parametrize(("source", "element", "reader"), [(TMX, "seg", _tmx), (TBX, "term", _tbx)])
def test_nesting_too_deep_is_said_without_libxml2_options(
    tmp_path: Path, source: Path, element: str, reader: Callable[[Path], list[object]]
) -> None:
    with pytest.raises(InputError) as caught:
        reader(_deep(source, element, tmp_path))
    message = str(caught.value)
    assert "nested more than 256 deep" in message and "XML_PARSE_HUGE" not in message
