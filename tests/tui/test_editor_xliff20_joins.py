"""Joining and splitting the segments of an XLIFF 2.0 unit in the editor (alt+j, alt+k): saved as segments of
the unit, valid against the 2.0 schema, found again on reopening; refused across units, inside a ``<pc>``, in
XLIFF 1.2 and where the file says ``canResegment="no"``."""

from __future__ import annotations

import re
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from lxml import etree

from glossary.editing import ConfirmRefused, open_document, to_tagged
from memories.formats.xliff import NS20
from memories.store import Workspace
from tests.editor_data import Sentences
from tests.tui.test_app import settle
from tests.tui.test_editor import editor, jump, notices
from tests.unit.test_xliff import errors, schema20
from tui.app import make_app
from tui.widgets.segment_editor import TargetEditor

TYPED = "{1}秘书长{/1}的报告{2}委员会{/2}的建议{3/}"
"""The joined segment's translation, its codes where the source has them (typed key by key)."""


def _bold_first(text: str, code: int) -> str:
    """A UN sentence whose first word (a paragraph number, ``45.``) is bold, as a ``pc``."""
    first, _, rest = text.partition(" ")
    return f'<pc id="{code}" dataRefStart="d1" dataRefEnd="d2">{escape(first)}</pc> {escape(rest)}'


def write_units(path: Path, items: list[str], resegment: str = "yes") -> Path:
    """Two units of real UN sentences: ``u1`` holds three segments (codes in the first two) with
    ``<ignorable>`` white space between them, ``u2`` one."""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN">\n'
        ' <file id="f1">\n'
        f'  <unit id="u1" canResegment="{resegment}">\n'
        '   <originalData><data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data>'
        '<data id="d3">&lt;br/&gt;</data></originalData>\n'
        f'   <segment id="s1">\n    <source>{_bold_first(items[0], 1)}</source>\n   </segment>\n'
        "   <ignorable>\n    <source> </source>\n   </ignorable>\n"
        f'   <segment id="s2">\n    <source>{_bold_first(items[1], 2)}<ph id="3" dataRef="d3"/></source>\n'
        "   </segment>\n"
        "   <ignorable>\n    <source> </source>\n   </ignorable>\n"
        f'   <segment id="s3">\n    <source>{escape(items[2])}</source>\n   </segment>\n'
        "  </unit>\n"
        f'  <unit id="u2">\n   <segment id="s1">\n    <source>{escape(items[3])}</source>\n   </segment>\n'
        "  </unit>\n"
        " </file>\n</xliff>\n",
        encoding="utf-8",
    )
    return path


def unit_layout(path: Path, unit_id: str) -> list[tuple[str, str]]:
    """A unit's children as (segment id or "ignorable", source text) in file order."""
    unit = next(u for u in etree.parse(str(path)).iter(f"{{{NS20}}}unit") if u.get("id") == unit_id)
    out = []
    for child in unit:
        source = child.find(f"{{{NS20}}}source")
        if source is not None:
            name = child.get("id", "") if child.tag == f"{{{NS20}}}segment" else "ignorable"
            out.append((name, "".join(source.itertext())))
    return out


async def test_alt_j_joins_and_alt_k_splits_segments_of_an_xliff20_unit(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    first, second, third, fourth = text.new[:4]
    path = write_units(tmp_path / "statement.xlf", [first, second, third, fourth])
    app = make_app(ws, document=open_document(ws, path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await jump(app, pilot, 3)
        await pilot.press("alt+j")  # the last segment of u1 with the first of u2
        await settle(app, pilot)
        assert any("different units" in n for n in notices(app))
        assert len(editor(app).editing.segments) == 4

        await jump(app, pilot, 1)
        await pilot.press("alt+j")
        await settle(app, pilot)
        joined = editor(app).current
        assert joined.key == "u1/s1+s2"
        # The ignorable space between them is inside; the second segment's codes are numbered on.
        assert joined.source_text == f"{first} {second}"
        assert to_tagged(joined.source).startswith("{1}") and to_tagged(joined.source).endswith("{3/}")
        assert "{2}" + second.partition(" ")[0] + "{/2}" in to_tagged(joined.source)

        await pilot.press("alt+c")
        target = app.screen.query_one(TargetEditor)
        target.move_cursor((0, len("{1}4")))  # inside the bold paragraph number: inside the <pc>
        await pilot.press("alt+k")
        await settle(app, pilot)
        assert any("inside the code pair" in n and "<pc>" in n for n in notices(app))
        assert len(editor(app).editing.segments) == 3
        target.clear()
        await pilot.press(*TYPED, "enter")
        await settle(app, pilot)
        assert editor(app).editing.segment(1).status == "translated"

        await jump(app, pilot, 2)
        await pilot.press("alt+c")
        cut = third.index(" ", len(third) // 2)
        target.move_cursor((0, cut))
        await pilot.press("alt+k")
        await settle(app, pilot)
        pieces = editor(app).editing.segments[1:3]
        assert [p.source_text for p in pieces] == [third[:cut], third[cut + 1 :]]
        await pilot.press("ctrl+s")
        await settle(app, pilot)

    assert errors(schema20(), path) == []
    assert unit_layout(path, "u1") == [
        ("s1", f"{first} {second}"),
        ("ignorable", " "),
        ("s3", third[:cut]),
        ("ignorable", " "),
        ("s2", third[cut + 1 :]),
    ]
    reopened = open_document(ws, path)
    assert [s.key for s in reopened.segments] == ["u1/s1", "u1/s3", "u1/s2", "u2/s1"]
    assert reopened.segment(1).status == "translated"
    assert to_tagged(reopened.segment(1).target or ()) == TYPED
    assert [s.source_text for s in reopened.segments[1:3]] == [third[:cut], third[cut + 1 :]]


def test_joined_and_split_before_saving_are_so_again_on_reopening(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    path = write_units(tmp_path / "statement.xlf", text.new[:4])
    doc = open_document(ws, path)
    doc.join(1)
    doc.confirm(1, TYPED)
    tagged = to_tagged(doc.segment(2).source)
    doc.split(2, tagged.index(" ", len(tagged) // 2))
    reopened = open_document(ws, path)  # nothing saved: the workspace remembers
    assert [s.key for s in reopened.segments] == [s.key for s in doc.segments]
    assert [s.source for s in reopened.segments] == [s.source for s in doc.segments]
    assert reopened.segment(1).status == "translated" and to_tagged(reopened.segment(1).target or ()) == TYPED
    # Split back where the two segments were joined: the file's own two segments again.
    left, right = reopened.split(1, len(text.new[0]) + len("{1}{/1}"))
    assert (left.key, right.key) == ("u1/s1", "u1/s2")
    reopened.save()
    assert errors(schema20(), path) == []
    assert [s[0] for s in unit_layout(path, "u1")] == [
        "s1",
        "ignorable",
        "s2",
        "ignorable",
        "s3",
        "ignorable",
        "s4",
    ]


def test_joins_refused_in_xliff12_and_where_the_file_says_not_to_resegment(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    fixed = open_document(ws, write_units(tmp_path / "fixed.xlf", text.new[:4], resegment="no"))
    with pytest.raises(ConfirmRefused, match="not to resegment"):
        fixed.join(1)
    with pytest.raises(ConfirmRefused, match="not to resegment"):
        fixed.split(3, 10)
    units = "".join(
        f'<trans-unit id="{n}"><source>{escape(line)}</source></trans-unit>\n'
        for n, line in enumerate(text.new[:2], 1)
    )
    path = tmp_path / "statement12.xlf"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" '
        'version="1.2">\n<file original="statement.txt" source-language="en" target-language="zh-CN" '
        f'datatype="plaintext">\n<body>\n{units}</body>\n</file>\n</xliff>\n',
        encoding="utf-8",
    )
    doc12 = open_document(ws, path)
    with pytest.raises(ConfirmRefused, match="XLIFF file's segments are fixed by the file: they cannot join"):
        doc12.join(1)
    with pytest.raises(ConfirmRefused, match="cannot split"):
        doc12.split(1, 20)


def test_segments_without_ids_keep_their_targets_when_their_unit_is_joined(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    path = write_units(tmp_path / "statement.xlf", text.new[:4])
    path.write_text(
        re.sub(r'<segment id="s\d"', "<segment", path.read_text(encoding="utf-8")), encoding="utf-8"
    )
    doc = open_document(ws, path)
    assert [s.key for s in doc.segments] == ["u1/#1", "u1/#2", "u1/#3", "u2/#1"]
    doc.join(1)
    doc.confirm(2, "第三句")  # the unit's third segment, known by its place, which the join changes
    doc.save()
    assert errors(schema20(), path) == []
    reopened = open_document(ws, path)
    assert [(s.key, s.target_text) for s in reopened.segments] == [
        ("u1/s1", ""),
        ("u1/s3", "第三句"),
        ("u2/#1", ""),
    ]


def test_a_split_keeps_the_files_own_codes_whole(ws: Workspace, text: Sentences, tmp_path: Path) -> None:
    path = write_units(tmp_path / "statement.xlf", text.new[:4])
    doc = open_document(ws, path)
    second = text.new[1]
    tagged = to_tagged(doc.segment(2).source)
    cut = tagged.index(" ", len(tagged) // 2)
    left, right = doc.split(2, cut)
    assert to_tagged(left.source).startswith("{1}") and to_tagged(right.source).endswith("{2/}")
    doc.save()
    assert errors(schema20(), path) == []
    sources = {
        s.get("id"): etree.tostring(s.find(f"{{{NS20}}}source"), encoding="unicode", with_tail=False)
        for s in etree.parse(str(path)).iter(f"{{{NS20}}}segment")
    }
    first_word = escape(second.partition(" ")[0])
    # The <pc> and the <ph> moved whole, ids and original data kept: no copy of them made.
    assert f'<pc id="2" dataRefStart="d1" dataRefEnd="d2">{first_word}</pc>' in sources["s2"]
    assert sources["s4"].endswith('<ph id="3" dataRef="d3"/></source>')
    reopened = open_document(ws, path)
    assert [to_tagged(s.source) for s in reopened.segments[1:3]] == [
        to_tagged(left.source),
        to_tagged(right.source).replace("{2/}", "{1/}"),
    ]
    assert len(etree.parse(str(path)).findall(f".//{{{NS20}}}data")) == 3
