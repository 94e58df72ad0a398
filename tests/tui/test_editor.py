"""The segment editor driven through Pilot on the real UI workspace: a PO and an XLIFF 2.0 of UN sentences
translated, confirmed into the memory, saved, reopened; snapshots at 100x30 and 80x24."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import polib
import pytest
from textual import events
from textual.pilot import Pilot
from textual.widgets import Static, TextArea

from glossary.editing import Editing, open_document, to_tagged
from glossary.termbase import Termbase
from memories.index.concordance import concordance
from memories.index.lookup import lookup
from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from tests.conftest import REPO, shared
from tests.editor_data import Sentences, write_po, write_xliff20
from tests.tui.test_app import settle, steady_cursor
from tests.unit.test_xliff import errors, schema20
from tui.app import GlossaryApp, make_app
from tui.dialogs import ConceptDialog
from tui.editor_dialogs import ConcordanceDialog, UnsavedDialog
from tui.screens.editor import EditorScreen
from tui.widgets.concordance import Concordance
from tui.widgets.segment_editor import TargetEditor

SnapCompare = Callable[..., bool]
# Typed key by key: Pilot turns CJK punctuation (。) into key names that type nothing, so the text has none.
TYPED = "秘书长的报告载有委员会的建议"


def editor(app: GlossaryApp) -> EditorScreen:
    screen = app.screen
    assert isinstance(screen, EditorScreen)
    return screen


def target_text(app: GlossaryApp) -> str:
    return app.screen.query_one(TargetEditor).text


async def jump(app: GlossaryApp, pilot: Pilot[None], number: int) -> None:
    await pilot.press("ctrl+g", *str(number), "enter")
    await settle(app, pilot)
    assert editor(app).current.number == number


def notices(app: GlossaryApp) -> list[str]:
    return [n.message for n in app._notifications]


async def test_a_po_translated_confirmed_saved_and_reopened(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all, repeat=text.new[0])
    app = make_app(ws, document=open_document(ws, po))
    edited = text.edited[0]
    best = lookup(ws, edited)[0]
    assert best.target is not None and best.score < 100
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await jump(app, pilot, 11)
        await pilot.press("ctrl+r")  # match 1
        await settle(app, pilot)
        assert target_text(app) == best.target.text
        await pilot.press("enter")
        await settle(app, pilot)
        assert editor(app).editing.segment(11).status == "translated"
        assert editor(app).current.number == 12  # the next segment that needs work
        await jump(app, pilot, 21)
        await pilot.press(*TYPED)
        await pilot.press("enter")
        await settle(app, pilot)
        repetition = editor(app).editing.segment(31)
        assert repetition.propagated and repetition.target == (TYPED,)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert not editor(app).unsaved
        await pilot.press("ctrl+q")
        await pilot.pause()
    assert app.return_code == 0

    entries = {e.msgid: e for e in polib.pofile(str(po)) if not e.msgctxt}
    assert entries[edited].msgstr == best.target.text and not entries[edited].fuzzy
    assert entries[text.new[0]].msgstr == TYPED
    check = subprocess.run(["msgfmt", "--check", "-o", os.devnull, str(po)], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    mine = {u.position: u for u in ws.units(origin=str(po.resolve()))}
    assert set(mine) == {11, 21}
    assert mine[21].variant("zh-CN") is not None and mine[21].changed_by
    found = subprocess.run(
        [sys.executable, "-m", "glossary", "-w", ws.location, "lookup", text.new[0], "--json"],
        capture_output=True, text=True, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)}, check=True,
    )  # fmt: skip
    match = json.loads(found.stdout)["matches"][0]
    assert (match["score"], match["target"]["text"], match["origin"]) == (100, TYPED, str(po.resolve()))

    again = make_app(ws, document=open_document(ws, po))
    async with again.run_test(size=(100, 30)) as pilot:
        await settle(again, pilot)
        screen = editor(again)
        assert screen.current.number == 22  # where the translator was
        assert screen.editing.segment(11).status == "translated"
        assert screen.editing.segment(31).propagated
        await jump(again, pilot, 21)
        assert target_text(again) == TYPED


async def test_quitting_with_unsaved_work_asks(ws: Workspace, text: Sentences, tmp_path: Path) -> None:
    po = write_po(tmp_path / "zh_CN.po", text.new[:3])
    app = make_app(ws, document=open_document(ws, po))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press(*"草稿")
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, UnsavedDialog)
        await pilot.press("escape")  # cancel: back to the work
        await pilot.pause()
        assert isinstance(app.screen, EditorScreen) and target_text(app) == "草稿"
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("s")  # save, then quit
        await pilot.pause()
    entry = next(e for e in polib.pofile(str(po)) if e.msgid == text.new[0])
    assert entry.msgstr == "草稿" and entry.fuzzy  # typed, never confirmed: a draft


async def test_xliff20_a_confirm_that_drops_a_code_is_refused(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    path = write_xliff20(tmp_path / "statement.xlf", text.all)
    app = make_app(ws, document=open_document(ws, path))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        # An exact match, but the segment has codes that a plain match would leave unplaced: not put in.
        assert target_text(app) == ""
        await pilot.press("ctrl+r")  # the memory's match is plain text: the segment's tags come after it
        memory = lookup(ws, text.all[0])[0].target
        assert memory is not None and target_text(app) == memory.text + "{1}{/1}{2/}"
        await jump(app, pilot, 21)
        await pilot.press(*"{1}秘书长{/1}的报告{2/}")
        await pilot.press("backspace")  # the whole {2/} goes, not its brace
        assert target_text(app) == "{1}秘书长{/1}的报告"
        await pilot.press("enter")
        await settle(app, pilot)
        assert editor(app).current.number == 21 and editor(app).current.status == "new"
        assert any("missing code {2/}" in n for n in notices(app))
        await pilot.press(*"{2/}", "enter")
        await settle(app, pilot)
        assert editor(app).editing.segment(21).status == "translated"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    assert errors(schema20(), path) == []
    reopened = open_document(ws, path)
    assert reopened.segment(21).target_text == "秘书长的报告"


async def test_the_palette_and_f8_open_a_document(ws: Workspace, text: Sentences, tmp_path: Path) -> None:
    po = write_po(tmp_path / "zh_CN.po", text.new[:3])
    open_document(ws, po)  # opened once before: it is a recent document
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Open a document" in commands
        await pilot.press("f8")
        await pilot.pause()
        await pilot.press("tab", "enter")  # the first recent document
        await settle(app, pilot)
        assert editor(app).editing.path == po.resolve()


# -- snapshots ---------------------------------------------------------------------------------------------


@pytest.fixture
def snapshot_editor(ws: Workspace, text: Sentences, tmp_path: Path) -> Any:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    document: Editing = open_document(ws, po)
    document.who = "translator"
    return make_app(ws, document=document)


async def _at_edited_segment(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, GlossaryApp)
    await settle(app, pilot)
    await jump(app, pilot, 11)
    await pilot.press("ctrl+r")
    await steady_cursor(pilot, app.screen.query_one(TargetEditor))


def test_editor_at_100x30(snap_compare: SnapCompare, snapshot_editor: GlossaryApp) -> None:
    assert snap_compare(snapshot_editor, terminal_size=(100, 30), run_before=_at_edited_segment)


def test_editor_at_80x24(snap_compare: SnapCompare, snapshot_editor: GlossaryApp) -> None:
    assert snap_compare(snapshot_editor, terminal_size=(80, 24), run_before=_at_edited_segment)


async def test_a_word_document_translated_in_the_editor_is_saved_as_word(
    ws: Workspace, tmp_path: Path
) -> None:
    import docx

    original = tmp_path / "gettysburg_en.docx"
    shutil.copy(shared("formats", "documents", "docx", "gettysburg_en.docx"), original)
    app = make_app(ws, document=open_document(ws, original))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert to_tagged(editor(app).current.source) == "{1}Gettysburg{/1}{2} {/2}{3}Address{/3}"
        await pilot.press(*"{1}葛底斯堡{/1}{2} {/2}{3}演说{/3}", "enter")
        await settle(app, pilot)
        assert editor(app).current.number == 2
        await pilot.press(*"八十七年前", "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    translated = docx.Document(str(tmp_path / "gettysburg_en.zh-CN.docx"))
    source = docx.Document(str(original))
    assert translated.paragraphs[0].text == "葛底斯堡 演说"
    # the title's runs keep their formatting, run for run
    assert [r.bold for r in translated.paragraphs[0].runs] == [r.bold for r in source.paragraphs[0].runs]
    assert translated.paragraphs[1].text.startswith("八十七年前")
    assert translated.paragraphs[2].text == source.paragraphs[2].text  # untranslated: the source stays
    assert {u.position for u in ws.units(origin=str(original.resolve()))} == {1, 2}


async def test_terms_filter_find_and_replace(ws: Workspace, text: Sentences, tmp_path: Path) -> None:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    app = make_app(ws, document=open_document(ws, po))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        screen = editor(app)
        assert "United Nations" in screen.current.source_text
        await pilot.press(
            "f7", "backspace"
        )  # the exact match put in, cleared: this translator writes their own
        await pilot.press("ctrl+t")  # the glossary's United Nations -> 联合国
        assert target_text(app) == "联合国"
        await pilot.press(*"的报告", "enter")
        await settle(app, pilot)
        await pilot.press("f7", "backspace", *"报告", "enter")
        await settle(app, pilot)
        assert [s.target_text for s in screen.editing.segments[:2]] == ["联合国的报告", "报告"]
        await pilot.press("ctrl+l")  # only the new segments
        await settle(app, pilot)
        assert screen.query_one("#ed-segments").row_count == 28  # type: ignore[attr-defined]
        await pilot.press("ctrl+l", "ctrl+l", "ctrl+l", "ctrl+l", "ctrl+l")  # back round to all
        await settle(app, pilot)
        assert screen.query_one("#ed-segments").row_count == 30  # type: ignore[attr-defined]
        await pilot.press("ctrl+f", *"报告", "enter", *"文件", "enter")
        await settle(app, pilot)
        assert [s.target_text for s in screen.editing.segments[:2]] == ["联合国的文件", "文件"]
        assert [s.status for s in screen.editing.segments[:2]] == ["draft", "draft"]


async def test_alt_r_confirms_as_reviewed_and_a_locked_segment_cannot_be_changed(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "zh_CN.po", text.new[:2])
    catalogue = polib.pofile(str(po))
    plural = polib.POEntry(msgid="one report", msgid_plural="{n} reports", msgstr_plural={0: "", 1: ""})
    catalogue.append(plural)  # a plural entry: locked in the editor
    catalogue.save(str(po))
    app = make_app(ws, document=open_document(ws, po))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press(*TYPED, "alt+r")
        await settle(app, pilot)
        assert editor(app).editing.segment(1).status == "reviewed"
        await jump(app, pilot, 3)
        assert editor(app).current.status == "locked"
        await pilot.press("alt+c", "ctrl+r", *"abc", "enter")
        await settle(app, pilot)
        assert target_text(app) == ""
        assert editor(app).editing.segment(3).status == "locked"
        assert any("locked" in n for n in notices(app))
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    entries = {e.msgid: e for e in polib.pofile(str(po))}
    assert entries[text.new[0]].msgstr == TYPED and not entries[text.new[0]].fuzzy
    assert entries["one report"].msgstr_plural == {0: "", 1: ""}
    assert open_document(ws, po).segment(1).status == "reviewed"


async def test_alt_l_locks_a_confirmed_segment_typing_is_refused_saying_whose_lock_and_alt_l_unlocks(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "zh_CN.po", text.new[:3])
    document = open_document(ws, po)
    document.who = "wang"
    app = make_app(ws, document=document)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("alt+l")  # a new segment: nothing to sign off
        await settle(app, pilot)
        assert notices(app)[-1] == (
            "segment 1 is new: only a confirmed segment (translated or reviewed) is locked; confirm it first"
        )
        await pilot.press(*TYPED, "alt+r")
        await settle(app, pilot)
        await jump(app, pilot, 1)
        await pilot.press("alt+l")
        await settle(app, pilot)
        segment = editor(app).editing.segment(1)
        assert (segment.status, segment.locked_by) == ("locked", "wang")
        assert notices(app)[-1] == "Segment 1 locked by wang"
        assert "1/3 locked by wang" in str(app.screen.query_one("#ed-status").render())

        await pilot.press(*"改动")
        await settle(app, pilot)
        assert target_text(app) == TYPED
        assert notices(app)[-1] == "Segment 1 is locked by wang (reviewer)"
        assert notices(app).count("Segment 1 is locked by wang (reviewer)") == 1  # once, not once a key
        await pilot.press("alt+c", "enter")
        await settle(app, pilot)
        assert target_text(app) == TYPED
        assert notices(app)[-2:] == [
            "Segment 1 is locked by wang (reviewer)",
            "segment 1 is locked by wang (reviewer)",
        ]

        await pilot.press("ctrl+f", *"报告", "enter", *"文件", "enter")  # replace in every target
        await settle(app, pilot)
        assert notices(app)[-1] == (
            "Replaced in 0 segment(s); they are drafts to confirm again (locked, left as they were: 1)"
        )
        assert editor(app).editing.segment(1).target_text == TYPED

        # The command palette has it too, by its footer name: this time it unlocks.
        commands = {c.title: c for c in app.get_system_commands(app.screen)}
        await commands["Lock"].callback()
        await settle(app, pilot)
        segment = editor(app).editing.segment(1)
        assert (segment.status, segment.locked_by) == ("reviewed", None)
        assert notices(app)[-1] == "Segment 1 unlocked: reviewed"
        await pilot.press("end", "了")
        await settle(app, pilot)
        assert target_text(app) == TYPED + "了"


async def test_alt_j_joins_and_alt_k_splits_a_word_paragraphs_sentences(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    import docx

    original = tmp_path / "gettysburg_en.docx"
    shutil.copy(shared("formats", "documents", "docx", "gettysburg_en.docx"), original)
    app = make_app(ws, document=open_document(ws, original))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await jump(app, pilot, 4)
        await pilot.press("alt+j")
        await settle(app, pilot)
        assert editor(app).current.key == "document.p3.s2+s3"
        await pilot.press("alt+k")  # the target is no copy of the source: it says how
        await settle(app, pilot)
        assert any("alt+c" in n for n in notices(app))
        await pilot.press("alt+c")
        target = app.screen.query_one(TargetEditor)
        target.move_cursor((0, len("We are met on a great battle-field of that war.")))
        await pilot.press("alt+k")
        await settle(app, pilot)
        assert [s.key for s in editor(app).editing.segments[3:5]] == ["document.p3.s2", "document.p3.s3"]
        await pilot.press("alt+j")
        await settle(app, pilot)
        await pilot.press(*"我们在伟大战场上集会", "enter")
        await settle(app, pilot)
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    paragraph = docx.Document(str(tmp_path / "gettysburg_en.zh-CN.docx")).paragraphs[2].text
    assert paragraph.endswith(
        "can long endure. 我们在伟大战场上集会 It is altogether fitting and proper that we should do this."
    )
    assert open_document(ws, original).segment(4).key == "document.p3.s2+s3"

    po = open_document(ws, write_po(tmp_path / "zh_CN.po", text.new[:2]))
    app = make_app(ws, document=po)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(app, pilot)
        await pilot.press("alt+j")
        await settle(app, pilot)
        assert any("fixed by the file" in n for n in notices(app)) and len(editor(app).editing.segments) == 2


async def test_ctrl_n_then_a_digit_inserts_that_match_and_a_digit_alone_is_typed(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    app = make_app(ws, document=open_document(ws, po))
    # The first of the 30 sentences with two matches or more (the memory has several near ones).
    number, matches = next(
        (n, found)
        for n, sentence in enumerate(text.all, 1)
        if len(found := [m.target.text for m in lookup(ws, sentence, min_score=50, limit=5) if m.target]) >= 2
    )
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await jump(app, pilot, number)
        await pilot.press("ctrl+n", "2")
        await settle(app, pilot)
        assert target_text(app) == matches[1]
        await pilot.press("ctrl+n", "1", "5")  # the digit after the pick is typed
        await settle(app, pilot)
        assert target_text(app) == matches[0] + "5"


async def test_an_exact_match_checked_by_someone_is_put_in_as_the_segment_is_entered_not_confirmed(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    # The memory holds the verbatim sentences as translated units, and one new sentence only as a machine
    # alignment waiting for review: its exact match is offered, not put in.
    unchecked = TranslationUnit(
        (Variant("en", text.new[0]), Variant("zh-CN", "机器对齐的译文")), status="review"
    )
    ws.add_batch([unchecked])
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    app = make_app(ws, document=open_document(ws, po))
    first, second = (lookup(ws, sentence)[0] for sentence in text.verbatim[:2])
    assert first.score == second.score == 100 and first.target and second.target
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert target_text(app) == first.target.text
        assert editor(app).current.status == "new" and not editor(app).unsaved  # put in, not confirmed
        await pilot.press("alt+down")  # passing through leaves no draft
        await settle(app, pilot)
        assert (
            editor(app).editing.segment(1).status == "new" and editor(app).editing.segment(1).target is None
        )
        assert target_text(app) == second.target.text
        await pilot.press("enter")
        await settle(app, pilot)
        assert editor(app).editing.segment(2).status == "translated"
        assert editor(app).editing.segment(2).target_text == second.target.text
        await pilot.press("alt+up", "alt+up")  # segment 1 again: put in again, then changed by the translator
        await settle(app, pilot)
        assert editor(app).current.number == 1 and target_text(app) == first.target.text
        await pilot.press("end", "!")
        await pilot.press("alt+down")
        await settle(app, pilot)
        assert editor(app).editing.segment(1).status == "draft"
        await jump(app, pilot, 21)
        assert lookup(ws, text.new[0])[0].score == 100 and target_text(app) == ""
        await pilot.press("ctrl+r")
        assert target_text(app) == "机器对齐的译文"


async def test_alt_s_shows_where_a_phrase_occurs_in_the_memory_in_either_language(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    app = make_app(ws, document=open_document(ws, po))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        before = target_text(app)
        await pilot.press("alt+s")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConcordanceDialog)
        await pilot.press(*"General Assembly", "enter")
        await settle(app, pilot)
        table = dialog.query_one(Concordance)
        expected = concordance(ws, "General Assembly", "en", limit=ConcordanceDialog.LIMIT)
        assert expected and table.row_count == len(expected)
        assert [str(c.label) for c in table.ordered_columns] == ["en", "zh-CN"]
        first = table.get_row_at(0)
        assert (
            "General Assembly" in first[0].plain and first[1].plain == expected[0].unit.variant("zh-CN").text
        )
        # A phrase only the translations hold: looked up in the target language, its column first.
        await pilot.press("ctrl+u", *"大会", "enter")
        await settle(app, pilot)
        assert table.row_count > 0 and [str(c.label) for c in table.ordered_columns] == ["zh-CN", "en"]
        in_chinese = concordance(ws, "大会", "zh-CN", limit=ConcordanceDialog.LIMIT)
        assert table.row_count == len(in_chinese)
        assert table.get_row_at(0)[1].plain == in_chinese[0].unit.variant("en").text
        await pilot.press("ctrl+u", *"xqzv", "enter")
        await settle(app, pilot)
        assert table.row_count == 0
        assert "no unit of the memory holds xqzv" in str(
            dialog.query_one("#concordance-said", Static).content
        )
        await pilot.press("escape")
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen) and target_text(app) == before


async def test_alt_t_adds_the_selected_target_text_to_the_glossary_with_a_source_term_typed(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    app = make_app(ws, document=open_document(ws, po))
    source_term = " ".join(text.new[0].split()[1:3])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await jump(app, pilot, 21)
        assert source_term not in [t.text for t in editor(app)._found.terms]
        await pilot.press(*"秘书长的报告", "f7")  # typed, then selected
        await pilot.press("alt+t")
        await settle(app, pilot)
        dialog = app.screen
        assert isinstance(dialog, ConceptDialog)
        assert dialog.query_one("#terms-editor", TextArea).text == (
            "en |  | preferred\nzh-CN | 秘书长的报告 | preferred"
        )
        await pilot.press(*source_term, "ctrl+s")  # the cursor waits in the source term's place
        await settle(app, pilot)
        assert isinstance(app.screen, EditorScreen) and target_text(app) == "秘书长的报告"
        assert [t.text for t in editor(app)._found.terms] == [source_term]
    (concept,) = Termbase(ws).find(source_term)
    assert concept.status == "approved"  # a workspace file: its translator reviews
    assert {(t.lang, t.text) for t in concept.terms} == {("en", source_term), ("zh-CN", "秘书长的报告")}


async def test_ctrl_t_right_after_a_burst_of_typed_characters_puts_the_term_after_them(
    ws: Workspace, text: Sentences, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "statement.zh_CN.po", text.all)
    app = make_app(ws, document=open_document(ws, po))
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        area = app.screen.query_one(TargetEditor)
        await pilot.press("f7", "backspace")
        # An input method commits its characters as one burst of keys; ctrl+t comes before the editor has
        # taken them in (a terminal sends both at once).
        for character in "关于":
            area.post_message(events.Key(character, character))
        editor(app).action_insert_term()  # the glossary's United Nations -> 联合国
        await settle(app, pilot)
        assert target_text(app) == "关于联合国"
