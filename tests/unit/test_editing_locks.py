"""A reviewer's lock in the editor's headless core (glossary.editing), on both back ends: a confirmed segment
locked, every edit refused saying whose lock, unlocked back to reviewed; told from the file's own lock; saved as
reviewed and still locked when the document is opened again; an existing workspace upgraded to hold it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import polib
import pytest

import glossary.migrations  # noqa: F401  (the editing tables)
from glossary.editing import ConfirmRefused, open_document
from glossary.user import set_user
from memories.store import MIGRATIONS, Workspace
from tests.conftest import on_both_backends

SOURCES = [
    "The Security Council met today.",
    "The General Assembly adopted the resolution.",
    "The Secretary-General welcomed the report.",
    "The Committee took note of the report.",
]


@pytest.fixture
def wang() -> Iterator[str]:
    """Who the workspace's user is (``--user wang``): the reviewer."""
    set_user("wang")
    yield "wang"
    set_user(None)


def write_po(path: Path) -> Path:
    """Four entries to translate, then a plural entry (which its file locks in the editor)."""
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    for text in SOURCES:
        catalogue.append(polib.POEntry(msgid=text, msgstr=""))
    catalogue.append(
        polib.POEntry(msgid="one report", msgid_plural="{n} reports", msgstr_plural={0: "", 1: ""})
    )
    catalogue.save(str(path))
    return path


def refusal(act: object) -> str:
    with pytest.raises(ConfirmRefused) as refused:
        assert callable(act)
        act()
    return str(refused.value)


@on_both_backends
def test_a_reviewer_locks_a_confirmed_segment_every_edit_is_refused_and_unlocking_makes_it_reviewed(
    workspace: Workspace, wang: str, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "zh_CN.po")
    doc = open_document(workspace, po)
    doc.confirm(1, "安全理事会今天开会。")
    doc.confirm(2, "大会通过了该决议。", status="reviewed")
    doc.draft(3, "秘书长")

    locked = doc.lock(1)
    assert (locked.status, locked.locked_by, locked.target_text) == ("locked", "wang", "安全理事会今天开会。")
    assert doc.lock(2).status == "locked"
    said = "segment 1 is locked by wang (reviewer)"
    assert refusal(lambda: doc.draft(1, "改")) == said
    assert refusal(lambda: doc.confirm(1, "改。")) == said
    assert refusal(lambda: doc.confirm(1, "改。", status="reviewed")) == said
    assert refusal(lambda: doc.set_status(1, "draft")) == said
    assert refusal(lambda: doc.join(1)) == said
    assert refusal(lambda: doc.split(1, 3)) == said
    assert refusal(lambda: doc.lock(1)) == "segment 1 is locked by wang (reviewer) already"
    # Find/replace skips the locked targets: only the draft changes.
    assert doc.replace_in_targets("会", "會") == []
    assert doc.replace_in_targets("秘书长", "秘书长先生") == [3]
    assert doc.segment(1).target_text == "安全理事会今天开会。"

    # Not confirmed: nothing to sign off.
    assert refusal(lambda: doc.lock(3)) == (
        "segment 3 is draft: only a confirmed segment (translated or reviewed) is locked; confirm it first"
    )
    assert refusal(lambda: doc.lock(4)).startswith("segment 4 is new: only a confirmed segment")
    # The file's own lock: told apart, and not the reviewer's to take back.
    assert refusal(lambda: doc.draft(5, "报告")) == "segment 5 is locked (the file says not to translate it)"
    assert refusal(lambda: doc.unlock(5)) == (
        "segment 5 is locked by its file (not to translate): it cannot be unlocked"
    )
    assert refusal(lambda: doc.unlock(4)) == "segment 4 is not locked"

    done = dict((status, n) for status, n, _ in doc.stats().by_status)
    assert (done["locked"], done["draft"], done["new"]) == (3, 1, 1)

    again = open_document(workspace, po)
    assert [(s.status, s.locked_by) for s in again.segments] == [
        ("locked", "wang"), ("locked", "wang"), ("draft", None), ("new", None), ("locked", None),
    ]  # fmt: skip
    assert refusal(lambda: again.confirm(1, "改。")) == said
    unlocked = again.unlock(1)
    assert (unlocked.status, unlocked.locked_by) == ("reviewed", None)
    again.confirm(1, "安全理事会今天举行会议。")
    reopened = open_document(workspace, po).segment(1)
    assert (reopened.status, reopened.locked_by, reopened.target_text) == (
        "translated", None, "安全理事会今天举行会议。",
    )  # fmt: skip


XLIFF12 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="statement.txt" source-language="en" target-language="zh-CN" datatype="plaintext">
  <body>
   <trans-unit id="1"><source>The Security Council met today.</source></trans-unit>
   <trans-unit id="2"><source>The General Assembly adopted the resolution.</source></trans-unit>
   <trans-unit id="3" translate="{translate}"><source>UN-DOC/2026/1</source></trans-unit>
  </body>
 </file>
</xliff>
"""

XLIFF20 = """<?xml version="1.0" encoding="UTF-8"?>
<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN">
 <file id="f1">
  <unit id="u1"><segment id="s1"><source>The Security Council met today.</source></segment></unit>
  <unit id="u2"><segment id="s2"><source>The General Assembly adopted the resolution.</source></segment></unit>
 </file>
</xliff>
"""


def test_a_locked_segment_is_saved_as_reviewed_and_reopening_keeps_it_locked(
    workspace: Workspace, wang: str, tmp_path: Path
) -> None:
    po = write_po(tmp_path / "zh_CN.po")
    xlf12 = tmp_path / "statement.xlf"
    xlf12.write_text(XLIFF12.format(translate="no"), encoding="utf-8")
    xlf20 = tmp_path / "statement20.xlf"
    xlf20.write_text(XLIFF20, encoding="utf-8")
    md = tmp_path / "statement.md"
    md.write_text(
        "The Security Council met today.\n\nThe General Assembly adopted the resolution.\n", "utf-8"
    )
    for path in (po, xlf12, xlf20, md):
        doc = open_document(workspace, path)
        doc.confirm(1, "安全理事会今天开会。")
        doc.draft(2, "大会")
        doc.lock(1)
        doc.save()

    entries = {e.msgid: e for e in polib.pofile(str(po))}
    assert entries[SOURCES[0]].msgstr == "安全理事会今天开会。" and not entries[SOURCES[0]].fuzzy
    assert entries[SOURCES[1]].fuzzy
    assert '<target state="signed-off">安全理事会今天开会。</target>' in xlf12.read_text("utf-8")
    assert '<segment id="s1" state="reviewed">' in xlf20.read_text("utf-8")
    assert "安全理事会今天开会。" in (tmp_path / "statement.zh-CN.md").read_text("utf-8")

    for path in (po, xlf12, xlf20, md):
        first = open_document(workspace, path).segment(1)
        assert (first.status, first.locked_by) == ("locked", "wang"), path.name

    # The file says reviewed of a locked segment: unlocking it, or locking a reviewed one, leaves nothing to
    # save (quitting does not ask); locking a translated one does.
    doc = open_document(workspace, md)
    doc.unlock(1)
    assert doc.segment(1).status == "reviewed" and not doc.dirty
    doc.lock(1)
    assert not doc.dirty
    doc.confirm(2, "大会通过了该决议。")
    doc.save()
    doc.lock(2)
    assert doc.dirty

    # A unit the file locked and no longer locks is the file's again (the workspace's copy of the file's lock
    # goes); the reviewer's lock stays.
    doc = open_document(workspace, xlf12)
    doc.ignore(3, "numbers")  # stored, as the file locks it
    xlf12.write_text(XLIFF12.format(translate="yes"), encoding="utf-8")
    reopened = open_document(workspace, xlf12)
    assert [(s.status, s.locked_by) for s in reopened.segments] == [
        ("locked", "wang"), ("draft", None), ("new", None),
    ]  # fmt: skip
    assert reopened.segment(3).ignored == ("numbers",)


def test_a_workspace_from_before_reviewer_locks_is_upgraded_and_keeps_its_documents(
    tmp_path: Path, wang: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, po = tmp_path / "old.glossary", write_po(tmp_path / "zh_CN.po")
    with monkeypatch.context() as before:  # the glossary of before: the editing tables without locked_by
        before.setitem(MIGRATIONS, "editing", MIGRATIONS["editing"][:1])
        with Workspace(path) as old, old.atomic() as conn:
            assert old.schema_version("editing") == 1
            # What the editor of before stored of a segment confirmed and of one its file locks.
            conn.execute(
                "INSERT INTO editing_document(id, path, format, source_lang, target_lang, opened_at, changed_at)"
                " VALUES (1, ?, 'po', 'en', 'zh-CN', 'now', 'now')",
                (str(po.resolve()),),
            )
            conn.executemany(
                "INSERT INTO editing_segment(document_id, key, number, source, target, status, ignored)"
                " VALUES (1, ?, ?, ?, ?, ?, ?)",
                [
                    (SOURCES[0], 1, SOURCES[0], "安全理事会今天开会。", "translated", "[]"),
                    ("one report", 5, "one report", None, "locked", '["numbers"]'),
                ],
            )
    columns = [r[1] for r in sqlite3.connect(path).execute("PRAGMA table_info(editing_segment)")]
    assert "locked_by" not in columns

    with Workspace(path) as ws:
        assert ws.schema_version("editing") == len(MIGRATIONS["editing"]) == 2
        doc = open_document(ws, po)
        assert [(s.status, s.locked_by) for s in doc.segments] == [
            ("translated", None), ("new", None), ("new", None), ("new", None), ("locked", None),
        ]  # fmt: skip
        assert doc.segment(5).ignored == ("numbers",)
        assert doc.lock(1).locked_by == "wang"
        assert open_document(ws, po).segment(1).locked_by == "wang"
