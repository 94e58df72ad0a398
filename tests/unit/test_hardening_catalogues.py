"""Class 5 of issue 20: a damaged MO or a PO with an unterminated string is refused at its place, in a
translator's words, and imports nothing (it used to import cut strings and exit 0)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest
from click.testing import CliRunner

from glossary.cli import cli
from memories.errors import InputError
from memories.formats import ReadOptions
from memories.formats.po import read
from tests.conftest import dump, shared

MO = shared("formats", "po", "test_utf8.mo")


def _mutated_mo(how: str) -> bytes:
    data = bytearray(MO.read_bytes())
    count, originals, translations = struct.unpack_from("<3I", data, 8)
    if how == "length past the end":
        length, offset = struct.unpack_from("<2I", data, originals + 8)
        struct.pack_into("<2I", data, originals + 8, length + 100_000, offset)
    elif how == "offset past the end":
        struct.pack_into("<2I", data, translations + 8 * (count - 1), 10, len(data) + 5)
    elif how == "truncated":
        return bytes(data[: len(data) * 2 // 3])
    elif how == "header only":
        return bytes(data[:30])
    elif how == "table past the end":
        struct.pack_into("<I", data, 8, count * 1000)
    return bytes(data)


@pytest.mark.parametrize(
    "how", ["length past the end", "offset past the end", "truncated", "header only", "table past the end"]
)
def test_a_damaged_mo_is_refused_in_words_a_translator_can_act_on(tmp_path: Path, how: str) -> None:
    broken = tmp_path / "fr.mo"
    broken.write_bytes(_mutated_mo(how))
    with pytest.raises(InputError) as caught:
        list(read(broken, ReadOptions()))
    message = str(caught.value)
    assert message.startswith(f"{broken}: ") and "msgfmt" in message
    assert "runs past the end" in message or "shorter than an MO header" in message
    assert "unpack" not in message and "buffer" not in message


def test_the_real_mo_files_still_read(tmp_path: Path) -> None:
    for name in ("test_utf8.mo", "test_msgctxt.mo", "test_iso-8859-15.mo", "test_no_header.mo"):
        assert list(read(shared("formats", "po", name), ReadOptions()))


def _with_line(text: str, at: int, line: str) -> str:
    lines = text.split("\n")
    lines[at - 1] = line
    return "\n".join(lines)


@pytest.mark.parametrize(
    "line",
    ['msgid "Ope', 'msgstr "Open the door', '"continued', 'msgstr[0] "a\\"', '#~ msgid "old', "msgid Open"],
)
def test_a_po_string_left_open_is_an_error_at_its_line_and_imports_nothing(tmp_path: Path, line: str) -> None:
    original = shared("formats", "po", "test_utf8.po").read_text(encoding="utf-8")
    lines = original.split("\n")
    at = next(n for n, text in enumerate(lines, 1) if n > 40 and text.startswith("msgid "))
    if line.startswith(("msgstr", '"')):
        at += 1 if line.startswith("msgstr ") else 0
    broken = tmp_path / "es.po"
    broken.write_text(_with_line(original, at, line), encoding="utf-8")
    workspace = tmp_path / "w.glossary"
    mo = str(shared("formats", "po", "test_utf8.mo"))
    filled = CliRunner().invoke(cli, ["--workspace", str(workspace), "import", "--target", "es", mo])
    assert filled.exit_code == 0, filled.output
    before = dump(workspace)
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "import", str(broken)])
    assert result.exit_code == 2
    assert f"{broken}:{at}: " in result.output and "not closed" in result.output
    assert [x for x in dump(workspace) if "sqlite_stat" not in x] == [
        x for x in before if "sqlite_stat" not in x
    ]


def test_escaped_quotes_and_obsolete_and_previous_strings_still_read(tmp_path: Path) -> None:
    for name in ("test_utf8.po", "test_obsolete_previousmsgid.po", "test_previous_msgid.po", "test_wrap.po"):
        list(read(shared("formats", "po", name), ReadOptions()))
