"""The editor's headless core: a PO or XLIFF of UN sentences translated, confirmed into the memory, saved, reopened."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from lxml import etree

from glossary.editing import ConfirmRefused, open_document, recent_documents, to_tagged
from glossary.workspace import open_workspace
from memories.index.lookup import lookup
from memories.store import Workspace
from tests.conftest import REPO, shared
from tests.editor_data import Sentences, sentences, write_po, write_xliff20
from tests.tui.conftest import build
from tests.unit.test_xliff import errors, schema20


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("editing-workspace"))


@pytest.fixture(scope="module")
def text() -> Sentences:
    return sentences()


@pytest.fixture
def ws(built: Path, tmp_path: Path) -> Iterator[Workspace]:
    path = tmp_path / built.name
    shutil.copy(built, path)
    workspace = open_workspace(path)
    yield workspace
    workspace.close()


def test_the_sentences_are_what_the_tests_say(ws: Workspace, text: Sentences) -> None:
    assert lookup(ws, text.verbatim[0])[0].score == 100
    assert 50 <= lookup(ws, text.edited[0])[0].score < 100
    assert all(not lookup(ws, s, min_score=90) for s in text.new)


def test_confirm_stores_in_the_memory_saves_the_po_and_reopens_where_it_was(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all, repeat=text.new[0])
    doc = open_document(ws, po)
    assert len(doc.segments) == 31
    assert {s.status for s in doc.segments} == {"new"}
    edited = doc.segment(11)
    match = lookup(ws, edited.source_text)[0]
    assert match.target is not None
    doc.confirm(11, match.target.text)
    filled = doc.confirm(21, "秘书长的报告载有委员会的建议。")
    assert filled == [31]  # the repetition under another context
    assert doc.segment(31).propagated and doc.segment(31).target_text == "秘书长的报告载有委员会的建议。"
    doc.move(20)
    assert doc.dirty
    doc.save()
    assert not doc.dirty

    entries = {e.msgid: e for e in polib.pofile(str(po)) if not e.msgctxt}
    assert entries[edited.source_text].msgstr == match.target.text
    assert entries[text.new[0]].msgstr == "秘书长的报告载有委员会的建议。"
    assert entries[text.new[1]].msgstr == ""
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr

    mine = list(ws.units(origin=str(po.resolve())))
    assert sorted(u.position or 0 for u in mine) == [11, 21]
    assert {u.variant("zh-CN").text for u in mine if u.variant("zh-CN")} == {  # type: ignore[union-attr]
        match.target.text,
        "秘书长的报告载有委员会的建议。",
    }
    assert all(u.changed_by for u in mine)
    # Another process sees the confirmed segment at once.
    found = subprocess.run(
        [sys.executable, "-m", "glossary", "-w", str(ws.path), "lookup", text.new[0], "--json"],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
        check=True,
    )  # fmt: skip
    best = json.loads(found.stdout)["matches"][0]
    assert best["score"] == 100 and best["target"]["text"] == "秘书长的报告载有委员会的建议。"
    assert best["origin"] == str(po.resolve())

    again = open_document(ws, po)
    assert again.cursor == 20
    assert again.segment(11).status == "translated" and again.segment(11).target_text == match.target.text
    assert again.segment(31).propagated
    assert [r.path for r in recent_documents(ws)] == [str(po.resolve())]


def test_an_edit_of_a_confirmed_segment_updates_its_unit_with_history(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    doc = open_document(ws, write_po(tmp_path / "zh_CN.po", text.new[:3]))
    before = ws.count_units()
    doc.confirm(2, "第一稿。")
    doc.confirm(2, "第二稿。")
    assert ws.count_units() == before + 1
    unit_id = doc.segment(2).unit_id
    assert unit_id is not None
    [change] = ws.history(unit_id)
    assert (change.before, change.after) == ("第一稿。", "第二稿。")


def test_a_draft_is_written_fuzzy_and_a_reviewed_segment_plain(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "zh_CN.po", text.new[:3])
    doc = open_document(ws, po)
    doc.draft(1, "草稿")
    doc.confirm(2, "审校过的译文。", status="reviewed")
    doc.save()
    entries = {e.msgid: e for e in polib.pofile(str(po))}
    assert entries[text.new[0]].fuzzy and entries[text.new[0]].msgstr == "草稿"
    assert not entries[text.new[1]].fuzzy
    assert open_document(ws, po).segment(2).status == "reviewed"
    assert open_document(ws, po).segment(1).status == "draft"


def test_xliff20_codes_are_tags_a_dropped_code_is_refused_and_the_saved_file_validates(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    path = write_xliff20(tmp_path / "statement.xlf", text.all)
    doc = open_document(ws, path)
    first = doc.segment(21)
    tagged = to_tagged(first.source)
    assert tagged.startswith("{1}") and "{/1}" in tagged and tagged.endswith("{2/}")
    with pytest.raises(ConfirmRefused, match="missing code"):
        doc.confirm(21, "{1}秘书长{/1}的报告。")
    with pytest.raises(ConfirmRefused, match="before"):
        doc.confirm(21, "{/1}秘书长{1}的报告。{2/}")
    doc.confirm(21, "{1}秘书长{/1}的报告。{2/}")
    doc.confirm(22, "报告{1}称{/1}。{2/}")
    doc.save()
    assert errors(schema20(), path) == []
    reopened = open_document(ws, path)
    assert to_tagged(reopened.segment(21).target or ()) == "{1}秘书长{/1}的报告。{2/}"
    assert reopened.segment(21).status == "translated"
    [unit] = [u for u in ws.units(origin=str(path.resolve())) if u.position == 21]
    target = unit.variant("zh-CN")
    assert target is not None and target.markup is not None and "<bpt" in target.markup
    # The saved file itself reads back with the target and state the editor gave it.
    tree = etree.parse(str(path))
    ns = {"x": "urn:oasis:names:tc:xliff:document:2.0"}
    segment = tree.find(".//x:segment[@id='s21']", ns)
    assert segment is not None and segment.get("state") == "translated"
    assert "".join(segment.find("x:target", ns).itertext()) == "秘书长的报告。"  # type: ignore[union-attr]


def test_reconfirming_a_coded_segment_keeps_its_codes_in_the_memory_unit(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    path = write_xliff20(tmp_path / "statement.xlf", text.all)
    doc = open_document(ws, path)
    doc.confirm(21, "{1}秘书长{/1}的报告。{2/}")
    doc.confirm(21, "{1}秘书长{/1}提交的报告。{2/}")
    unit_id = doc.segment(21).unit_id
    assert unit_id is not None
    unit = ws.unit(unit_id)
    assert unit is not None
    target = unit.variant("zh-CN")
    assert target is not None and target.text == "秘书长提交的报告。"
    assert target.markup is not None and "<bpt" in target.markup and "提交的报告" in target.markup
    [change] = ws.history(unit_id)
    assert (change.before, change.after) == ("秘书长的报告。", "秘书长提交的报告。")


def test_statistics_count_segments_and_words_by_status_and_band(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    doc = open_document(ws, write_po(tmp_path / "zh_CN.po", text.all))
    doc.set_score(1, 100)
    doc.confirm(2, "译文。")
    figures = doc.stats()
    assert figures.segments == 30
    by_status = {s: n for s, n, _ in figures.by_status}
    assert by_status["translated"] == 1 and by_status["new"] == 29
    assert dict((b, n) for b, n, _ in figures.by_band)["100"] == 1
    assert figures.words == sum(w for _, _, w in figures.by_status) > 300


def test_a_file_in_another_target_language_is_refused(ws: Workspace, text: Sentences, tmp_path: Path) -> None:
    from memories.errors import InputError

    po = write_po(tmp_path / "zh_CN.po", text.new[:2])
    with pytest.raises(InputError, match="target language is zh-CN, not fr"):
        open_document(ws, po, target="fr")


def test_every_oasis_and_sample_xliff_confirmed_and_saved_stays_schema_valid(tmp_path: Path) -> None:
    """The OASIS 2.0 valid files and the 1.2 samples: three segments confirmed (codes kept), saved, and the
    file has no schema error it did not have before."""
    import re

    from memories.errors import InputError
    from tests.conftest import shared
    from tests.unit.test_xliff import schema12

    files = [
        *sorted(shared("formats", "xliff2-oasis", "core", "valid").glob("*.xlf")),
        *sorted(shared("formats", "xliff12", "samples").glob("*.xlf")),
    ]
    schemas = {"2.0": schema20(), "1.2": schema12()}
    workspace = open_workspace(tmp_path / "w.glossary")
    saved = 0
    for original in files:
        path = tmp_path / original.name
        shutil.copy(original, path)
        languages = {"source": "en", "target": "fr"}
        doc = None
        for _ in range(3):  # the file says which languages it holds
            try:
                doc = open_document(workspace, path, languages["source"], languages["target"])
                break
            except InputError as exc:
                said = re.search(r"give --(source|target) (\S+)\)", str(exc))
                if said is None:
                    assert "no segments" in str(exc), exc
                    break
                languages[said.group(1)] = said.group(2)
        editable = [s for s in doc.segments if s.editable and s.source_text.strip()] if doc else []
        if doc is None or not editable:
            continue
        schema = schemas["2.0" if "xliff2" in str(original) else "1.2"]
        before = errors(schema, path)
        for segment in editable[:3]:
            doc.confirm(segment.number, "X " + to_tagged(segment.source))
        doc.save()
        assert errors(schema, path) == before, original.name
        saved += 1
    workspace.close()
    assert saved >= 20


def test_two_sentences_of_a_word_paragraph_joined_and_one_split_are_merged_right(
    ws: Workspace, tmp_path: Path
) -> None:
    """Gettysburg, paragraph 3: sentences 2 and 3 joined and translated as one, sentence 4 split in two and
    both pieces translated; saved as Word, read back with python-docx; reopened, the layout is the same."""
    import docx

    original = tmp_path / "gettysburg_en.docx"
    shutil.copy(shared("formats", "documents", "docx", "gettysburg_en.docx"), original)
    doc = open_document(ws, original)
    count = len(doc.segments)
    assert [s.key for s in doc.segments[2:6]] == [f"document.p3.s{n}" for n in (1, 2, 3, 4)]
    joined = doc.join(4)
    assert joined.key == "document.p3.s2+s3" and len(doc.segments) == count - 1
    assert joined.source_text.startswith("We are met on a great battle-field of that war. We have come")
    doc.confirm(4, "我们在那场战争的一个伟大战场上集会，来把这个战场的一部分献给那些在此献出生命的人。")
    fitting = doc.segment(5)
    assert fitting.source_text == "It is altogether fitting and proper that we should do this."
    left, right = doc.split(5, len("It is altogether fitting and proper"))
    assert (left.source_text, right.source_text) == (
        "It is altogether fitting and proper",
        "that we should do this.",
    )
    assert len(doc.segments) == count
    doc.confirm(5, "这样做是完全")
    doc.confirm(6, "合情合理的。")
    written = doc.save()

    paragraphs = [p.text for p in docx.Document(str(written)).paragraphs if p.text.strip()]
    third = next(p for p in paragraphs if p.startswith("N") or "我们在那场战争" in p)
    joined_zh = "我们在那场战争的一个伟大战场上集会，来把这个战场的一部分献给那些在此献出生命的人。"
    assert joined_zh + "这样做是完全合情合理的。" in third  # no space between Chinese sentences
    assert "battle-field" not in third and "fitting" not in third
    assert third.startswith("Now we are engaged in a great civil war")  # the sentence not translated stays

    reopened = open_document(ws, original)
    assert [s.key for s in reopened.segments[3:6]] == [
        "document.p3.s2+s3",
        "document.p3.s4@0",
        f"document.p3.s4@{len('It is altogether fitting and proper ')}",
    ]
    assert reopened.segment(5).target_text == "这样做是完全" and reopened.segment(6).status == "translated"
    # Splitting the joined segment where it was joined and joining the pieces give the file's sentences back.
    reopened.split(4, len("We are met on a great battle-field of that war."))
    reopened.join(6)
    assert [s.key for s in reopened.segments[2:6]] == [f"document.p3.s{n}" for n in (1, 2, 3, 4)]


def test_joining_and_splitting_are_refused_with_the_reason_where_the_file_fixes_segments(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    doc = open_document(ws, write_po(tmp_path / "zh_CN.po", text.new[:3]))
    with pytest.raises(ConfirmRefused, match="PO file's segments are fixed by the file: they cannot join"):
        doc.join(1)
    with pytest.raises(ConfirmRefused, match="cannot split"):
        doc.split(1, 5)
    original = tmp_path / "gettysburg_en.docx"
    shutil.copy(shared("formats", "documents", "docx", "gettysburg_en.docx"), original)
    word = open_document(ws, original)
    with pytest.raises(ConfirmRefused, match="different paragraphs"):
        word.join(2)  # the last sentence of paragraph 2 and the first of paragraph 3
    with pytest.raises(ConfirmRefused, match="inside a code tag"):
        word.split(3, 2)  # N{2/}ow: inside the tag {2/}
