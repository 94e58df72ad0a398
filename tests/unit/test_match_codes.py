"""A memory match of a segment with inline codes comes back with the segment's codes in its places
(``glossary.editing.match_tagged``), on a real Word file from the Okapi tests translated, then a new copy of it
opened: the bold, italics and underline stand where the translator put them, on both back ends."""

from __future__ import annotations

import shutil
from pathlib import Path

import glossary.migrations  # noqa: F401  (the editing tables)
from glossary.editing import match_tagged, open_document, to_tagged
from memories.documents.model import Code, CodeKind
from memories.index.lookup import lookup
from memories.model import Variant
from memories.store import Workspace
from tests.conftest import on_both_backends, shared

SOURCE = "This paragraph has some {1}bold{/1}, {2}itaclics{/2}, and {3}underlined{/3} text."
# The translation puts the codes in another order than the source's, as Chinese often does.
TARGET = "这一段有一些{3}下划线{/3}文字、{1}粗体{/1}和{2}斜体{/2}。"


def _copy(tmp_path: Path, name: str) -> Path:
    path = tmp_path / name
    shutil.copy(shared("formats", "documents", "docx", "docxtest.docx"), path)
    return path


@on_both_backends
def test_a_match_of_an_earlier_version_comes_back_with_its_codes_in_place(
    workspace: Workspace, tmp_path: Path
) -> None:
    first = open_document(workspace, _copy(tmp_path, "statement-v1.docx"))
    (number,) = [s.number for s in first.segments if to_tagged(s.source) == SOURCE]
    first.confirm(number, TARGET)

    second = open_document(workspace, _copy(tmp_path, "statement-v2.docx"))
    segment = second.segment(number)
    best = lookup(workspace, segment.source_text, "en", "zh-CN")[0]
    assert best.score == 100 and best.target is not None
    assert best.target.text == "这一段有一些下划线文字、粗体和斜体。"  # the memory's plain text...
    assert match_tagged(segment.source, best.source, best.target) == TARGET  # ...and the codes in place
    assert second.confirm(number, TARGET) == [] and second.segment(number).status == "translated"


def test_codes_that_do_not_correspond_are_left_for_the_translator_to_place() -> None:
    bold = Code(CodeKind.OPEN, 1, "bold", "<b>"), Code(CodeKind.CLOSE, 1, "bold", "</b>")
    source = ("The ", bold[0], "Charter", bold[1], " applies.")
    open_bold, close_bold = '<bpt i="1" type="bold">&lt;b&gt;</bpt>', '<ept i="1">&lt;/b&gt;</ept>'
    matched = Variant("en", "The Charter applies.", f"The {open_bold}Charter{close_bold} applies.")
    translation = Variant("zh-CN", "宪章适用。", f"{open_bold}宪章{close_bold}适用。")
    assert match_tagged(source, matched, translation) == "{1}宪章{/1}适用。"
    # A unit kept without its codes (a TMX of plain text), or a translation lacking one: nothing to place.
    assert match_tagged(source, Variant("en", matched.text), Variant("zh-CN", translation.text)) is None
    dropped = Variant("zh-CN", "宪章适用。", f"{open_bold}宪章适用。")
    assert match_tagged(source, matched, dropped) is None
    # The segment's codes are not the match's: a line break where the match had bold.
    brk = Code(CodeKind.STANDALONE, 1, "break", "<br/>")
    assert match_tagged(("The Charter", brk, "applies."), matched, translation) is None
    # A code of the translation that its source does not hold.
    other_close = close_bold.replace('i="1"', 'i="2"')
    stray = Variant("zh-CN", "宪章适用。", f"{open_bold}宪章{other_close}适用。")
    assert match_tagged(source, matched, stray) is None
