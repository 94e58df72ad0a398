"""The workbench driven through Textual's Pilot on a real workspace, asserting on what the store holds."""

from __future__ import annotations

import asyncio
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Label, Select, Static, TextArea
from textual.worker import WorkerCancelled

from glossary.model import Concept, Term
from glossary.termbase import Termbase
from memories.index.lookup import lookup
from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from tests.conftest import shared
from tests.tui.conftest import LINES
from tui.app import GlossaryApp, make_app
from tui.dialogs import ConceptDialog, ConfirmDialog, VariantDialog, parse_terms
from tui.render import keyword_in_context
from tui.screens.glossary import GlossaryScreen
from tui.screens.help import HelpScreen
from tui.screens.lookup import LookupResults, LookupScreen
from tui.screens.memory import MemoryScreen

REFORM_EN = (
    "No reform of the United Nations can redefine the principles of the Charter "
    "or undermine their implementation."
)
REFORM_ZH = "联合国的任何改革都不应重新定义《宪章》的这些原则，也不应破坏这些原则的实行。"


async def settle(app: GlossaryApp, pilot: Pilot[None]) -> None:
    """Wait out the debounce, the workers and the refresh that shows their results."""
    for _ in range(3):
        await pilot.pause(LookupScreen.DEBOUNCE + 0.05)
        await finish_workers(app)
        await pilot.pause()


async def steady_cursor(pilot: Pilot[None], area: TextArea) -> None:
    """Focus a text area with its cursor drawn steadily, so that a snapshot cannot catch a blink half way.

    TextArea caches its rendered lines under a key that leaves out focus, and with the blink off it leaves out the
    cursor too: a line drawn before the focus arrived (no cursor) would be reused under load. So the blink goes
    off, the focus comes back, and the cache is dropped before the last redraw.
    """
    area.cursor_blink = False
    pilot.app.set_focus(None)
    area.focus()
    await pilot.pause()
    area.notify_style_update()
    area.refresh()
    await pilot.pause()
    await settle(pilot.app, pilot)  # type: ignore[arg-type]


async def finish_workers(app: GlossaryApp) -> None:
    """Wait for every worker; one that failed fails the test, one that was superseded does not.

    Screens run their loads as exclusive workers, so a load started while an older one runs cancels the
    older one: that is the design (stale results are dropped), not an error. Textual's
    `wait_for_complete` raises WorkerCancelled for it, which made the tests depend on timing.
    """
    outcomes = await asyncio.gather(*(worker.wait() for worker in list(app.workers)), return_exceptions=True)
    for outcome in outcomes:
        if isinstance(outcome, BaseException) and not isinstance(outcome, WorkerCancelled):
            raise outcome


def rows(table: DataTable[Text]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


def table(app: GlossaryApp, selector: str) -> DataTable[Text]:
    found: DataTable[Text] = app.screen.query_one(selector, DataTable)
    return found


async def type_query(app: GlossaryApp, pilot: Pilot[None], text: str) -> None:
    query = app.screen.query_one("#query", Input)
    query.focus()
    query.value = ""
    await pilot.press(*text)
    await settle(app, pilot)


# -- lookup ----------------------------------------------------------------------------------------------


async def test_typing_a_query_shows_matches_terms_and_concordance(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        assert isinstance(app.screen, LookupScreen)
        assert str(app.screen.query_one("#pair", Label).render()) == "en → zh-CN"
        query = REFORM_EN.replace("their", "its")
        await type_query(app, pilot, query)

        matches = rows(table(app, "#matches"))
        assert matches, "no TM match for a sentence one word away from a stored one"
        score, source, target, origin = matches[0]
        assert (source, target) == (REFORM_EN, REFORM_ZH)
        assert 80 <= int(score.rstrip("%")) < 100
        assert origin.startswith("UNv1.0.devset")
        # The word that differs from the query is marked in the match's source.
        cell = table(app, "#matches").get_row_at(0)[1]
        marked = {cell.plain[span.start : span.end] for span in cell.spans}
        assert "their" in marked
        expected = lookup(ui_workspace, query, "en", "zh-CN", limit=10)
        assert [m[2] for m in matches] == [m.target.text if m.target else "" for m in expected]

        terms = rows(table(app, "#terms"))
        assert ["United Nations", "联合国 · 联合国组织 (forbidden)", "approved"] in terms

        hits = rows(table(app, "#hits"))
        assert hits and all("united nations" in source.lower() for source, _ in hits)
        assert str(app.screen.query_one("#hits-title", Label).render()) == "Concordance: United Nations"


async def test_a_stale_answer_is_dropped(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(app, pilot, REFORM_EN)
        shown = rows(table(app, "#matches"))
        assert shown
        screen = app.screen
        assert isinstance(screen, LookupScreen)
        screen._show(LookupResults(REFORM_EN[:-1], "en", "zh-CN", (), (), ()))
        await pilot.pause()
        assert rows(table(app, "#matches")) == shown


async def test_the_copy_key_puts_the_selected_target_on_the_clipboard(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(app, pilot, REFORM_EN)
        await pilot.press("enter")  # from the query to the matches
        assert app.focused is table(app, "#matches")
        await pilot.press("ctrl+f", "down")
        assert app.focused is table(app, "#matches")
        await pilot.press("ctrl+y")
        assert app.clipboard == REFORM_ZH
        await pilot.pause()
        assert any(REFORM_ZH in n.message for n in app._notifications)


async def test_swapping_the_pair_looks_up_chinese(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        await pilot.press("ctrl+r")
        assert str(app.screen.query_one("#pair", Label).render()) == "zh-CN → en"
        await type_query(app, pilot, REFORM_ZH)
        assert rows(table(app, "#matches"))[0][1:3] == [REFORM_ZH, REFORM_EN]


async def test_user_text_with_markup_shows_literally(ui_workspace: Workspace) -> None:
    with ui_workspace.atomic():
        origin = ui_workspace.add_origin("[red]press[.tmx", "tmx")
        ui_workspace.add_unit(
            TranslationUnit((Variant("en", "[bold]not markup[/] at all"), Variant("zh-CN", "[/]不是标记"))),
            origin,
        )
    Termbase(ui_workspace).add(Concept((Term("en", "not markup"), Term("zh-CN", "[i]非标记[/i]"))))
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(app, pilot, "[bold]not markup[/] at all")
        assert rows(table(app, "#matches"))[0] == [
            "100%",
            "[bold]not markup[/] at all",
            "[/]不是标记",
            "[red]press[.tmx",
        ]
        assert ["not markup", "[i]非标记[/i]", "approved"] in rows(table(app, "#terms"))
        assert all(isinstance(cell, Text) for cell in table(app, "#matches").get_row_at(0))
        await pilot.press("enter", "ctrl+y")
        await pilot.pause()
        assert app.clipboard == "[/]不是标记"
        await pilot.press("f4")
        await settle(app, pilot)
        assert ["", "[bold]not markup[/] at all", "[/]不是标记", "[red]press[.tmx"] in rows(
            table(app, "#units")
        )


# -- glossary --------------------------------------------------------------------------------------------


async def open_glossary(app: GlossaryApp, pilot: Pilot[None]) -> GlossaryScreen:
    await pilot.press("f3")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, GlossaryScreen)
    return screen


async def test_approving_a_candidate_from_the_queue(ui_workspace: Workspace) -> None:
    termbase = Termbase(ui_workspace)
    candidate = next(termbase.concepts(status="candidate"))
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        assert screen.query_one("#status-filter", Select).value == "candidate"
        assert rows(table(app, "#concepts"))[0][1:4] == ["candidate", "maternal mortality", "产妇死亡率"]
        detail = str(screen.query_one("#concept-detail", Static).render())
        assert "evidence in" in detail and "maternal mortality" in detail.lower()
        await pilot.press("a")
        await settle(app, pilot)
        assert rows(table(app, "#concepts")) == []  # the queue is empty now
    approved = Termbase(ui_workspace).get(candidate.id or 0)
    assert approved is not None and approved.status == "approved"


async def test_rejecting_a_candidate(ui_workspace: Workspace) -> None:
    candidate = next(Termbase(ui_workspace).concepts(status="candidate"))
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_glossary(app, pilot)
        await pilot.press("c")
        await settle(app, pilot)
        await pilot.press("r")
        await settle(app, pilot)
    rejected = Termbase(ui_workspace).get(candidate.id or 0)
    assert rejected is not None and rejected.status == "rejected"


async def test_an_edited_term_is_there_after_a_restart(ui_path: Path) -> None:
    ws = Workspace(ui_path)
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        screen.query_one("#concept-filter", Input).value = "zero-sum game"
        await settle(app, pilot)
        assert rows(table(app, "#concepts"))[0][2] == "zero-sum game"
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConceptDialog)
        editor = dialog.query_one("#terms-editor", TextArea)
        assert editor.text == "en | zero-sum game | preferred\nzh-CN | 零和博弈 | preferred"
        editor.text = (
            "en | zero-sum game | preferred\nzh-CN | 零和博弈 | preferred\nzh-CN | 零和游戏 | forbidden"
        )
        dialog.query_one(
            "#definition", Input
        ).value = "a [b]game[/b] where one side's gain is the other's loss"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert app.screen is screen
    ws.close()

    ws = Workspace(ui_path)
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        screen.query_one("#concept-filter", Input).value = "zero-sum game"
        await settle(app, pilot)
        assert rows(table(app, "#concepts"))[0][3] == "零和博弈 · 零和游戏 (forbidden)"
        detail = str(screen.query_one("#concept-detail", Static).render())
        assert "a [b]game[/b] where one side's gain is the other's loss" in detail
    concept = Termbase(ws).find("zero-sum game")[0]
    assert [(t.text, t.status) for t in concept.terms_in("zh-CN")] == [
        ("零和博弈", "preferred"),
        ("零和游戏", "forbidden"),
    ]
    ws.close()


async def test_a_bad_term_line_keeps_the_dialog_open(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_glossary(app, pilot)
        await pilot.press("n")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, ConceptDialog)
        dialog.query_one("#terms-editor", TextArea).text = "en | ASEAN centrality | favourite"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is dialog
        assert "status is one of" in str(dialog.query_one("#problem", Static).render())
        dialog.query_one("#terms-editor", TextArea).text = "en | ASEAN centrality\nzh-CN | 东盟中心地位"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
    added = Termbase(ui_workspace).find("ASEAN centrality")
    assert [(t.lang, t.text) for t in added[0].terms] == [
        ("en", "ASEAN centrality"),
        ("zh-CN", "东盟中心地位"),
    ]


async def test_deleting_a_concept_asks_first(ui_workspace: Workspace) -> None:
    termbase = Termbase(ui_workspace)
    before = termbase.count()
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        screen.query_one("#concept-filter", Input).value = "Cold War mentality"
        await settle(app, pilot)
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert termbase.count() == before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
    assert termbase.count() == before - 1
    assert termbase.find("Cold War mentality") == []


# -- memory ----------------------------------------------------------------------------------------------


async def open_memory(app: GlossaryApp, pilot: Pilot[None], phrase: str) -> MemoryScreen:
    await pilot.press("f4")
    await settle(app, pilot)
    screen = app.screen
    assert isinstance(screen, MemoryScreen)
    screen.query_one("#filter", Input).value = phrase
    await settle(app, pilot)
    return screen


async def test_a_deleted_unit_is_gone_from_lookup(ui_workspace: Workspace) -> None:
    before = ui_workspace.count_units()
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(app, pilot, REFORM_EN)
        assert rows(table(app, "#matches"))[0][1] == REFORM_EN
        screen = await open_memory(app, pilot, "No reform of the United Nations")
        assert rows(table(app, "#units"))[0][1:3] == [REFORM_EN, REFORM_ZH]
        assert "UNv1.0.devset" in str(screen.query_one("#unit-detail", Static).render())
        await pilot.press("d")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        await pilot.pause()
        assert ui_workspace.count_units() == before
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert ui_workspace.count_units() == before - 1
        assert rows(table(app, "#units")) == []
        await pilot.press("f2")
        await settle(app, pilot)
        assert REFORM_EN not in [row[1] for row in rows(table(app, "#matches"))]
    assert all(m.source.text != REFORM_EN for m in lookup(ui_workspace, REFORM_EN, "en", "zh-CN"))


async def test_editing_a_variant_reaches_the_store_and_lookup(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await open_memory(app, pilot, "No reform of the United Nations")
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VariantDialog)
        assert len(dialog.query(Input)) == 2
        target = dialog.query_one("#variant-1", Input)
        assert target.value == REFORM_ZH
        target.value = "联合国的任何改革都不得重新定义《宪章》的原则。"
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        assert rows(table(app, "#units"))[0][2] == "联合国的任何改革都不得重新定义《宪章》的原则。"
        await pilot.press("f2")
        await type_query(app, pilot, REFORM_EN)
        assert rows(table(app, "#matches"))[0][2] == "联合国的任何改革都不得重新定义《宪章》的原则。"
    unit = ui_workspace.find_units("No reform of the United Nations")[0]
    edited = unit.variant("zh-CN")
    assert edited is not None and edited.text == "联合国的任何改革都不得重新定义《宪章》的原则。"
    assert [v.lang for v in unit.variants] == ["en", "zh"]  # edited in place, no second Chinese variant


# -- the whole app ----------------------------------------------------------------------------------------


async def test_every_screen_is_usable_at_80x24(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(app, pilot, REFORM_EN)
        assert table(app, "#matches").row_count > 0
        assert table(app, "#matches").size.height >= 3
        assert table(app, "#hits").size.height >= 3
        await pilot.press("f3")
        await settle(app, pilot)
        assert table(app, "#concepts").size.height >= 5
        await pilot.press("f4")
        await settle(app, pilot)
        assert table(app, "#units").size.height >= 5
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, MemoryScreen)
        await pilot.press("ctrl+q")


async def test_the_command_palette_offers_every_screen_and_action(ui_workspace: Workspace) -> None:
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Lookup", "Glossary", "Memory", "Help", "Copy target", "Swap pair"} <= titles
        await pilot.press("f3")
        await settle(app, pilot)
        glossary_commands = {c.title: c for c in app.get_system_commands(app.screen)}
        assert {"Approve", "Reject", "Edit", "Add", "Delete", "Candidates"} <= set(glossary_commands)
        await glossary_commands["Candidates"].callback()
        await settle(app, pilot)
        assert app.screen.query_one("#status-filter", Select).value == "candidate"


async def test_an_empty_workspace_opens(workspace: Workspace) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(app, pilot, "anything")
        assert table(app, "#matches").row_count == 0
        await pilot.press("f4")
        await settle(app, pilot)
        assert "0 translation units" in str(app.screen.query_one("#figures", Static).render())


def test_term_lines_read_back_and_keep_what_the_dialog_does_not_show() -> None:
    known = (Term("en", "US", case_sensitive=True, part_of_speech="noun"),)
    assert parse_terms("en | US | preferred\n\nzh-CN | 美国", known) == (
        Term("en", "US", case_sensitive=True, part_of_speech="noun"),
        Term("zh-CN", "美国"),
    )
    for bad in ("en | US | best", "en |  | preferred", "just text", ""):
        try:
            parse_terms(bad)
        except ValueError:
            continue
        raise AssertionError(f"{bad!r} was accepted")


def test_a_concordance_line_shows_the_hit_even_deep_in_a_long_segment() -> None:
    text = (
        "Widows need to be represented in peace processes, as the Security Council said in resolution 1325."
    )
    start = text.index("Security Council")
    line = keyword_in_context(text, [(start, start + len("Security Council"))], 30, "bold")
    assert line.plain.startswith("…") and "Security Council" in line.plain
    assert line.plain.index("Security Council") <= 11
    assert [line.plain[s.start : s.end] for s in line.spans] == ["Security Council"]
    short = keyword_in_context("the Security Council", [(4, 20)], 30, "bold")
    assert short.plain == "the Security Council"


def stop_while_writing(process: subprocess.Popen[bytes], workspace: Path) -> None:
    """Stop ``process`` (SIGSTOP) at a moment it holds the workspace's write lock, however fast it writes.

    Timing alone cannot promise that an import is still writing when the UI is tried: imports got fast enough
    to finish first on a quick machine."""
    probe = sqlite3.connect(workspace, timeout=0, isolation_level=None)
    try:
        deadline = time.monotonic() + 120
        while process.poll() is None and time.monotonic() < deadline:
            process.send_signal(signal.SIGSTOP)
            # Stopped for sure before the probe: a signal is delivered asynchronously.
            while process.poll() is None and _state(process.pid) not in "Tt":
                time.sleep(0.001)
            try:
                probe.execute("BEGIN IMMEDIATE")
                probe.execute("ROLLBACK")
            except sqlite3.OperationalError:  # "database is locked": it is writing, and it is stopped
                return
            process.send_signal(signal.SIGCONT)
            time.sleep(0.01)
        pytest.fail(f"the import ended (exit code {process.poll()}) before it was caught writing")
    finally:
        probe.close()


def _state(pid: int) -> str:
    """The one-letter state of a process from /proc (``T`` stopped); "" when it has ended."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return ""


async def test_the_ui_keeps_answering_while_another_process_imports(ui_path: Path, tmp_path: Path) -> None:
    devset = shared("corpora", "unpc-devset-6way")
    files = []
    for lang in ("en", "zh", "ar", "es", "fr", "ru"):
        lines = (devset / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines(keepends=True)
        part = tmp_path / f"later.{lang}"
        part.write_text("".join(lines[LINES:]), encoding="utf-8")
        files.append(part)
    newcomer = files[0].read_text(encoding="utf-8").splitlines()[1000]
    ws = Workspace(ui_path)
    app = make_app(ws)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#query", Input).value = newcomer
        await settle(app, pilot)
        assert all(row[1] != newcomer for row in rows(table(app, "#matches")))
        importer = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "glossary",
                "--workspace",
                str(ui_path),
                "import",
                "--parallel",
                *map(str, files),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            stop_while_writing(importer, ui_path)
            # While the other process holds the write lock, lookups answer and an edit waits for its turn in a
            # worker.
            app.screen.query_one("#query", Input).value = REFORM_EN
            await settle(app, pilot)
            assert rows(table(app, "#matches"))[0][1] == REFORM_EN
            await open_memory(app, pilot, "No reform of the United Nations")
            await pilot.press("e")
            await pilot.pause()
            dialog = app.screen
            assert isinstance(dialog, VariantDialog)
            dialog.query_one("#variant-1", Input).value = "改革不得重新定义《宪章》的原则。"
            await pilot.press("ctrl+s")
            # Not settle(): it waits for the edit's worker, which waits for the stopped import.
            await pilot.pause(0.5)
            assert importer.poll() is None, "the import ended before the UI was tried during it"
            with Workspace(ui_path) as other:
                unit = other.find_units("No reform of the United Nations")[0]
                waiting = unit.variant("zh-CN")
                # The edit waits for its turn: not written yet.
                assert waiting is not None and waiting.text != "改革不得重新定义《宪章》的原则。"
        finally:
            importer.send_signal(signal.SIGCONT)
            _, err = importer.communicate(timeout=300)
        await settle(app, pilot)
        assert importer.returncode == 0, err.decode()
        await pilot.press("f2")
        app.screen.query_one("#query", Input).value = newcomer
        await settle(app, pilot)
        assert rows(table(app, "#matches"))[0][:2] == ["100%", newcomer]
    ws.close()
    with Workspace(ui_path) as fresh:
        unit = fresh.find_units("No reform of the United Nations")[0]
        edited = unit.variant("zh-CN")
        assert edited is not None and edited.text == "改革不得重新定义《宪章》的原则。"
        assert fresh.count_units() > LINES + 3000
