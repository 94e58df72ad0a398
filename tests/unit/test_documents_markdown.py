"""The Markdown document filter: byte-identical round trips of real files, inline codes, untranslated parts."""

from __future__ import annotations

from pathlib import Path

import pytest

from memories.documents import get_filter
from memories.documents.model import BlockKind, Code, CodeKind, ExtractOptions, MergeOptions, plain_text
from tests.conftest import SHARED, shared
from tests.unit.documents_support import identity_round_trip, pseudo_round_trip, time_limit

MARKDOWN = get_filter("markdown")
FOLDER = SHARED / "formats" / "documents" / "markdown"
SAMPLES = sorted(p.name for p in FOLDER.iterdir()) if FOLDER.is_dir() else ["lists_original.md"]

# Constructs the samples do not all have: blockquotes, hard breaks, reference links, images, escapes,
# entities, inline HTML, autolinks, an escaped pipe in a table, an HTML block, an indented code block.
STRESS = """# Title with *emphasis* ##

Setext *heading*
===

> Quote line one *spans
> two lines* and ends.{HARD_BREAK}
> Hard break above. Another sentence\\
after a backslash break.

A [link](http://x.org "Title") and [ref][r] and [short] and ![alt *text*](img.png).
Escapes: \\*not em\\*, &amp; &copy; 1 < 2 <span class="x">html</span> `` code ` here `` <http://auto.link>.

[r]: http://ref.org
[short]: http://short.org

- item with
lazy continuation. Second sentence.
  - nested **bold
    across** lines

| a \\| b | c |
|---|---|
| *x* | y |

    indented code stays.

<div>
html block stays
</div>
""".replace("{HARD_BREAK}", "  ")  # two trailing spaces: a hard line break


@pytest.mark.parametrize("name", SAMPLES)
def test_every_sample_round_trips_byte_for_byte(name: str, tmp_path: Path) -> None:
    path = shared("formats", "documents", "markdown", name)
    with time_limit(20):
        document = identity_round_trip(MARKDOWN, path, tmp_path)
        pseudo_round_trip(MARKDOWN, path, tmp_path)
    assert document.segments, name


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_constructs_round_trip_with_codes(newline: str, tmp_path: Path) -> None:
    path = tmp_path / "stress.md"
    path.write_bytes(STRESS.replace("\n", newline).encode())
    with time_limit(20):
        document = identity_round_trip(MARKDOWN, path, tmp_path)
        pseudo_round_trip(MARKDOWN, path, tmp_path)
    texts = [plain_text(s.source) for s in document.segments]
    assert "indented code stays." not in " ".join(texts) and "html block stays" not in " ".join(texts)
    assert texts[0] == "Title with emphasis" and document.blocks[0].level == 1
    assert document.blocks[1].kind is BlockKind.HEADING
    link_paragraph = next(b for b in document.blocks if "link" in plain_text(b.segments[0].source))
    codes = [p for s in link_paragraph.segments for p in s.source if isinstance(p, Code)]
    link_close = next(c for c in codes if c.type == "link" and c.kind is CodeKind.CLOSE)
    assert (
        link_close.data == '](http://x.org "Title")'
    )  # the target stays in the code, the text is translated
    assert any(c.type == "image" for c in codes) and "alt text" in plain_text(
        link_paragraph.segments[0].source
    )
    assert [c.type for c in codes if c.kind is CodeKind.STANDALONE][-2:] == ["code", "link"]
    items = [b for b in document.blocks if b.kind is BlockKind.LIST_ITEM]
    assert [b.level for b in items] == [1, 2]
    cells = [b for b in document.blocks if b.kind is BlockKind.TABLE_CELL]
    assert [plain_text(b.segments[0].source) for b in cells] == ["a \\| b", "c", "x", "y"]


def test_front_matter_and_code_are_not_translated() -> None:
    document = MARKDOWN.extract(
        shared("formats", "documents", "markdown", "metadata_header.md"), ExtractOptions()
    )
    assert [plain_text(s.source) for s in document.segments] == [
        "This should be the only translatable segment."
    ]
    code = MARKDOWN.extract(
        shared("formats", "documents", "markdown", "code_and_codeblock_tests.md"), ExtractOptions()
    )
    texts = [plain_text(s.source) for s in code.segments]
    assert not any("should remain in English" in t for t in texts)
    inline = next(s for s in code.segments if "Inline code contain" in plain_text(s.source))
    assert [p.data for p in inline.source if isinstance(p, Code)] == ["`variable names`"]


def test_merge_writes_translations_in_place(tmp_path: Path) -> None:
    path = shared("formats", "documents", "markdown", "parser-table1.md")
    document = MARKDOWN.extract(path, ExtractOptions())
    cell = next(s for s in document.segments if "List all" in plain_text(s.source))
    bold, italic = [p for p in cell.source if isinstance(p, Code) and p.kind is CodeKind.OPEN]
    closes = {p.id: p for p in cell.source if isinstance(p, Code) and p.kind is CodeKind.CLOSE}
    translation = (
        "列出所有",
        bold,
        "新",
        closes[bold.id],
        "或",
        italic,
        "已修改",
        closes[italic.id],
        "的文件",
    )
    out = tmp_path / "zh.md"
    report = MARKDOWN.merge(path, {cell.id: translation}, out, MergeOptions(target_lang="zh-CN"))
    original = path.read_text(encoding="utf-8")
    assert out.read_text(encoding="utf-8") == original.replace(
        "List all **new** or _modified_ files", "列出所有**新**或_已修改_的文件"
    )
    assert report.translated == 1 and report.untranslated == len(document.segments) - 1


def test_a_translation_cannot_break_a_table_or_a_heading(tmp_path: Path) -> None:
    path = tmp_path / "t.md"
    path.write_text("# Title\n\n| a | b |\n|---|---|\n| one | two |\n", encoding="utf-8")
    document = MARKDOWN.extract(path, ExtractOptions())
    ids = {plain_text(s.source): s.id for s in document.segments}
    translations = {ids["Title"]: ("标题\n第二行",), ids["one"]: ("甲|乙",), ids["two"]: ("丙\\|丁",)}
    MARKDOWN.merge(path, translations, tmp_path / "zh.md", MergeOptions(target_lang="zh-CN"))
    merged = (tmp_path / "zh.md").read_text(encoding="utf-8")
    assert merged == "# 标题 第二行\n\n| a | b |\n|---|---|\n| 甲\\|乙 | 丙\\|丁 |\n"
    again = MARKDOWN.extract(tmp_path / "zh.md", ExtractOptions())
    assert [b.kind for b in again.blocks] == [b.kind for b in document.blocks]
