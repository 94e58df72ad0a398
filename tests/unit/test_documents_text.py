"""The plain text document filter: byte-identical round trips of real files, encodings, line endings."""

from __future__ import annotations

from pathlib import Path

import pytest

from memories.documents import get_filter
from memories.documents.model import BlockKind, ExtractOptions, MergeOptions, plain_text
from memories.errors import InputError
from tests.conftest import SHARED, shared
from tests.unit.documents_support import identity_round_trip, pseudo_round_trip, time_limit

TEXT = get_filter("text")


FOLDER = SHARED / "formats" / "documents" / "plaintext"
# Without ../shared the one parameter's test skips, saying why (tests.conftest.shared).
SAMPLES = sorted(p.name for p in FOLDER.iterdir()) if FOLDER.is_dir() else ["lf.txt"]


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_round_trips_byte_for_byte(name: str, tmp_path: Path) -> None:
    path = shared("formats", "documents", "plaintext", name)
    with time_limit(20):
        document = identity_round_trip(TEXT, path, tmp_path)
        pseudo_round_trip(TEXT, path, tmp_path)
    assert document.segments, name


def test_line_endings_and_paragraphs() -> None:
    cr = TEXT.extract(shared("formats", "documents", "plaintext", "test_paragraphs1.txt"), ExtractOptions())
    assert [plain_text(s.source) for s in cr.segments] == ["Line 1\rLine 2", "Line 3\rLine 4\rLine 5"]
    assert all(b.kind is BlockKind.PARAGRAPH for b in cr.blocks)
    # U+2029 separates paragraphs; U+2028 is a line break inside one.
    u2029 = TEXT.extract(shared("formats", "documents", "plaintext", "u2029.txt"), ExtractOptions())
    assert [plain_text(s.source) for s in u2029.segments] == ["Line 1", "Line 2", "Line 3", "Line 4"]
    u2028 = TEXT.extract(shared("formats", "documents", "plaintext", "u2028.txt"), ExtractOptions())
    assert len(u2028.segments) == 1


def test_utf16_with_bom_is_written_back_with_its_bom(tmp_path: Path) -> None:
    path = shared("formats", "documents", "plaintext", "BOM_MacUTF16withBOM2.txt")
    document = TEXT.extract(path, ExtractOptions())
    assert document.encoding == "utf-16-le"
    out = tmp_path / "zh.txt"
    segment = document.segments[0]
    report = TEXT.merge(path, {segment.id: ("第一行\r第二行",)}, out, MergeOptions(target_lang="zh-CN"))
    assert out.read_bytes() == b"\xff\xfe" + "第一行\r第二行\r".encode("utf-16-le")
    assert (report.translated, report.untranslated) == (1, 0)


def test_declared_encoding_and_refused_bytes(tmp_path: Path) -> None:
    latin = tmp_path / "latin.txt"
    latin.write_bytes("Première ligne.\n\nDeuxième paragraphe, café.\n".encode("cp1252"))
    with pytest.raises(InputError) as refused:
        TEXT.extract(latin, ExtractOptions())
    assert refused.value.line == 1 and "utf-8" in str(refused.value) and "--encoding" in str(refused.value)
    document = TEXT.extract(latin, ExtractOptions(encoding="cp1252"))
    assert [plain_text(s.source) for s in document.segments] == [
        "Première ligne.",
        "Deuxième paragraphe, café.",
    ]
    out = tmp_path / "out.txt"
    TEXT.merge(latin, {}, out, MergeOptions(source_encoding="cp1252"))
    assert out.read_bytes() == latin.read_bytes()
    # Chinese cannot be written in cp1252: refused, at its line, and no file is left behind.
    bad = tmp_path / "bad.txt"
    first = document.segments[1].id
    with pytest.raises(InputError) as unwritable:
        TEXT.merge(latin, {first: ("第二段。",)}, bad, MergeOptions(source_encoding="cp1252"))
    assert unwritable.value.line == 3 and not bad.exists()
    TEXT.merge(latin, {first: ("第二段。",)}, bad, MergeOptions(source_encoding="cp1252", encoding="utf-8"))
    assert bad.read_text(encoding="utf-8") == "Première ligne.\n\n第二段。\n"


def test_invalid_utf8_is_refused_at_its_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes(b"Fine line.\nAnother.\nBad \xff byte.\n")
    with pytest.raises(InputError) as refused:
        TEXT.extract(path, ExtractOptions())
    assert str(refused.value).startswith(f"{path}:3: ")


def test_sentences_merge_with_their_whitespace(tmp_path: Path) -> None:
    path = tmp_path / "two.txt"
    path.write_bytes(b"  First sentence.  Second one\nwraps here.\r\n\r\n\r\nNext paragraph.\n")
    document = TEXT.extract(path, ExtractOptions())
    assert [s.id for s in document.segments] == ["p1.s1", "p1.s2", "p2.s1"]
    assert [plain_text(s.source) for s in document.segments] == [
        "First sentence.",
        "Second one\nwraps here.",
        "Next paragraph.",
    ]
    out = tmp_path / "zh.txt"
    report = TEXT.merge(path, {"p1.s1": ("第一句。",), "p1.s2": ("第二句。",)}, out, MergeOptions("zh-CN"))
    assert out.read_bytes() == "  第一句。第二句。\r\n\r\n\r\nNext paragraph.\n".encode()
    assert (report.translated, report.untranslated) == (2, 1)
