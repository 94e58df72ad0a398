"""The workbench's glossary filters, a unit's history, and tables that stay aligned with Chinese, Arabic and emoji."""

from __future__ import annotations

import getpass
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import regex
from rich.cells import cell_len
from rich.text import Text
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Select, Static

from glossary.model import Concept, ConceptChanges, Term
from glossary.termbase import Termbase
from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from tests.conftest import shared
from tests.tui.test_app import REFORM_EN, REFORM_ZH, open_glossary, open_memory, rows, settle, table
from tui.app import GlossaryApp, make_app
from tui.dialogs import VariantDialog
from tui.render import fit, keyword_in_context, plain, visible

GRAPHEME = regex.compile(r"\X")

# -- glossary filters ------------------------------------------------------------------------------------


def add_arabic_concept(ws: Workspace) -> Concept:
    return Termbase(ws).add(
        Concept(
            (Term("en", "Security Council"), Term("zh-CN", "安全理事会"), Term("ar", "مجلس الأمن")),
            domain="organization",
        )
    )


async def choose(app: GlossaryApp, pilot: Pilot[None], selector: str, typed: str) -> None:
    """Open a filter with the keyboard and pick the option whose label starts with ``typed``."""
    select = app.screen.query_one(selector, Select)
    select.focus()
    await pilot.press("enter", *typed, "enter")
    await settle(app, pilot)


async def test_the_domain_filter_offers_the_termbase_domains_and_keeps_only_theirs(
    ui_workspace: Workspace,
) -> None:
    add_arabic_concept(ui_workspace)
    termbase = Termbase(ui_workspace)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        domains = screen.query_one("#domain-filter", Select)
        offered = [str(prompt) for prompt, _ in domains._options]
        assert offered == ["Domain", *termbase.domains()]
        assert {"ASEAN", "organization", "treaty"} <= set(offered)
        await choose(app, pilot, "#domain-filter", "org")
        assert domains.value == "organization"
        organizations = [c for c in termbase.concepts() if c.domain == "organization"]
        assert len(organizations) == 7
        assert [row[2] for row in rows(table(app, "#concepts"))] == [
            c.preferred("en").text  # type: ignore[union-attr]
            for c in organizations
        ]
        # Text and domain together.
        screen.query_one("#concept-filter", Input).value = "council"
        await settle(app, pilot)
        assert [row[2:4] for row in rows(table(app, "#concepts"))] == [["Security Council", "安全理事会"]]


async def test_the_language_filter_shows_concepts_with_a_term_in_it_and_that_column(
    ui_workspace: Workspace,
) -> None:
    arabic = add_arabic_concept(ui_workspace)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        languages = screen.query_one("#lang-filter", Select)
        assert [str(prompt) for prompt, _ in languages._options] == ["Language", "ar", "en", "zh-CN"]
        await choose(app, pilot, "#lang-filter", "ar")
        assert languages.value == "ar"
        concepts = table(app, "#concepts")
        assert [str(c.label) for c in concepts.ordered_columns][:4] == ["", "status", "en", "ar"]
        # mark, status, the two languages, score (none: added by hand) and kind (none: not extracted)
        assert rows(concepts) == [["", "approved", "Security Council", "مجلس الأمن", "", ""]]
        assert screen.selected is not None and screen.selected.id == arabic.id
        # Status narrows further: no candidate has an Arabic term.
        screen.query_one("#status-filter", Select).value = "candidate"
        await settle(app, pilot)
        assert rows(concepts) == []
        assert "No concept matches" in str(screen.query_one("#concept-detail", Static).render())


async def test_a_chosen_domain_that_leaves_the_termbase_falls_back_to_all(ui_workspace: Workspace) -> None:
    concept = add_arabic_concept(ui_workspace)
    termbase = Termbase(ui_workspace)
    termbase.edit(concept.id or 0, ConceptChanges(domain="security"))
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_glossary(app, pilot)
        domains = screen.query_one("#domain-filter", Select)
        domains.value = "security"
        await settle(app, pilot)
        assert len(rows(table(app, "#concepts"))) == 1
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(app, pilot)
        assert domains.value == "all"
        assert "security" not in [value for _, value in domains._options]
        assert len(rows(table(app, "#concepts"))) == termbase.count()


async def test_every_filter_fits_at_80x24(ui_workspace: Workspace) -> None:
    domain = "[b]international organizations[/b]"
    Termbase(ui_workspace).add(Concept((Term("en", "Bretton Woods institutions"),), domain=domain))
    app = make_app(ui_workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_glossary(app, pilot)
        query = screen.query_one("#concept-filter", Input)
        assert query.region.width >= 24
        right = query.region.right
        for selector in ("#status-filter", "#domain-filter", "#lang-filter", "#kind-filter"):
            region = screen.query_one(selector, Select).region
            assert region.x >= right and region.right <= 80 and region.height == 3, selector
            right = region.right
        assert table(app, "#concepts").size.height >= 5
        # A long domain is cut on its one line, and shown literally.
        domains = screen.query_one("#domain-filter", Select)
        domains.value = domain
        await settle(app, pilot)
        assert domains.region.height == 3
        label = domains.query_one("#label", Static)
        assert label.region.height == 1
        shown = "".join(s.text for s in label.render_lines(label.region.reset_offset))
        assert shown.startswith("[b]intern") and shown.rstrip().endswith("…")
        assert [row[2] for row in rows(table(app, "#concepts"))] == ["Bretton Woods institutions"]


# -- a unit's history ------------------------------------------------------------------------------------


async def test_an_edit_made_in_the_ui_shows_in_the_units_history(ui_workspace: Workspace) -> None:
    edited = "联合国的任何改革都不得重新定义《宪章》的原则。"
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_memory(app, pilot, "No reform of the United Nations")
        detail = screen.query_one("#unit-detail", Static)
        before = str(detail.render())
        origin = ui_workspace.origins()[0]
        assert "UNv1.0.devset" in before and ", line 3 " in before
        assert f"imported {origin.imported_at[:10]}" in before
        assert "no edits in this workspace" in before
        await pilot.press("e")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, VariantDialog)
        dialog.query_one("#variant-1", Input).value = edited
        await pilot.press("ctrl+s")
        await settle(app, pilot)
        after = str(detail.render())
        assert "1 edit in this workspace" in after
        assert f"− {REFORM_ZH}" in after and f"+ {edited}" in after
        assert f"· {getpass.getuser()} · zh" in after
        assert f"changed {datetime.now(UTC):%Y-%m-%d} " in after and f"UTC by {getpass.getuser()}" in after
    unit_id = ui_workspace.find_units("No reform of the United Nations")[0].id or 0
    [change] = ui_workspace.history(unit_id)
    assert (change.before, change.after, change.by) == (REFORM_ZH, edited, getpass.getuser())
    assert ui_workspace.unit(unit_id).changed_by == getpass.getuser()  # type: ignore[union-attr]


async def test_the_history_lists_every_edit_newest_first(ui_workspace: Workspace) -> None:
    unit_id = ui_workspace.find_units("No reform of the United Nations")[0].id or 0
    ui_workspace.update_variant(unit_id, "zh-CN", "第一稿", by="alice")
    ui_workspace.update_variant(unit_id, "zh-CN", "第二稿", by="bob")
    ui_workspace.update_variant(unit_id, "fr", "Aucune réforme [bold]de l'ONU[/]", by=None)
    app = make_app(ui_workspace)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await open_memory(app, pilot, "No reform of the United Nations")
        shown = str(screen.query_one("#unit-detail", Static).render())
    assert "3 edits in this workspace, newest first" in shown
    lines = shown.splitlines()
    heads = [line for line in lines if " · " in line and line[:4].isdigit()]
    assert [head.split(" · ", 1)[1] for head in heads] == ["unknown editor · fr", "bob · zh", "alice · zh"]
    assert "− (added)" in shown and "+ Aucune réforme [bold]de l'ONU[/]" in shown
    assert lines.index("  − 第一稿") < lines.index("  − " + REFORM_ZH)


# -- Chinese, Arabic and emoji keep the columns aligned ----------------------------------------------------

# Wide and composed characters a cut could split: a ZWJ family, a flag, a skin tone, an emoji with VS16, a
# letter with two combining accents, an Arabic ligature.
MARKS = ("👨\u200d👩\u200d👧", "🇺🇳", "👍🏽", "❤️", "é\u0301\u0302", "ﷺ")
MARK_NAMES = ["zwj-family", "flag", "skin-tone", "vs16", "combining", "ligature"]


def devset(lang: str, count: int) -> list[str]:
    path = shared("corpora", "unpc-devset-6way", f"UNv1.0.devset.{lang}")
    return path.read_text(encoding="utf-8").splitlines()[:count]


@pytest.fixture
def wide_workspace(tmp_path: Path) -> Iterator[Workspace]:
    """Real en/zh/ar segments of the UN dev set, with emoji and composed characters put where cuts fall."""
    english, chinese, arabic = devset("en", 40), devset("zh", 40), devset("ar", 40)
    ws = Workspace(tmp_path / "wide.glossary")
    units = []
    for i in range(24):
        mark = MARKS[i % len(MARKS)]
        zh, ar = chinese[2], arabic[2]
        at = 8 + i  # the mark moves across the cut of a narrow and of a wide column
        units.append(
            TranslationUnit(
                (
                    Variant("en", f"{REFORM_EN[: 30 + i]}{mark}{REFORM_EN[30 + i :]}"),
                    Variant("zh-CN", zh[:at] + mark + zh[at:]),
                    Variant("ar", ar[: 2 * at] + mark + ar[2 * at :]),
                )
            )
        )
    for en, zh, ar in zip(english, chinese, arabic, strict=True):
        units.append(TranslationUnit((Variant("en", en), Variant("zh-CN", zh), Variant("ar", ar))))
    # A line break inside a segment must not end the row early.
    units.append(
        TranslationUnit((Variant("en", f"{REFORM_EN[:40]}\n{REFORM_EN[40:]}"), Variant("zh-CN", "一\n二")))
    )
    with ws.atomic():
        ws.add_units(units, ws.add_origin("联合国 🇺🇳 dev set.tmx", "tmx"))
    termbase = Termbase(ws)
    for i, mark in enumerate(MARKS):
        termbase.add(
            Concept(
                (
                    Term("en", f"United Nations {mark} reform of the principles of the Charter"),
                    Term("zh-CN", chinese[2][: 14 + i] + mark + chinese[2][14 + i :]),
                    Term("ar", arabic[2][: 30 + i] + mark),
                )
            )
        )
    yield ws
    ws.close()


def screen_lines(app: GlossaryApp, grid: DataTable[Text]) -> list[str]:
    """What the terminal is sent for the table's rows, one string a line."""
    strips = app.screen._compositor.render_strips()
    region = grid.region
    return [strips[y].crop(region.x, region.right).text for y in range(region.y, region.bottom)]


def cells_at(line: str, start: int, end: int) -> str:
    """The characters occupying cells ``start`` to ``end`` of a line; fails when a character straddles either
    edge (a column edge inside a wide character means the columns have slipped)."""
    position, kept = 0, []
    boundaries = {0}
    for cluster in GRAPHEME.findall(line):
        if start <= position and position + cell_len(cluster) <= end:
            kept.append(cluster)
        position += cell_len(cluster)
        boundaries.add(position)
    assert start in boundaries and end in boundaries, f"a character straddles cells {start}-{end}: {line!r}"
    return "".join(kept)


def assert_aligned(app: GlossaryApp, grid: DataTable[Text]) -> int:
    """Every visible row's cells sit exactly in their columns and show their text, or a prefix of it cut
    between characters and ended with an ellipsis; returns how many rows were checked."""
    lines = screen_lines(app, grid)
    padding = grid.cell_padding
    edges = []
    left = 0
    for column in grid.ordered_columns:
        width = column.get_render_width(grid)
        edges.append((left + padding, left + width - padding))
        left += width
    assert left <= grid.region.width
    assert all(cell_len(line) == grid.region.width for line in lines)
    header = lines[0]
    for column, (start, end) in zip(grid.ordered_columns, edges, strict=True):
        assert cells_at(header, start, end).rstrip() == str(column.label)
    visible_rows = min(grid.row_count, len(lines) - 1)
    for row in range(visible_rows):
        line = lines[1 + row]
        for cell, (start, end) in zip(grid.get_row_at(row), edges, strict=True):
            assert cells_at(line, start - padding, start) == " " * padding
            shown = cells_at(line, start, end).rstrip()
            full = str(cell)
            if shown != full.rstrip():
                assert shown.endswith("…"), (shown, full)
                cut = len(shown) - 1
                assert full[:cut] == shown[:-1], (shown, full)
                assert cut in {m.end() for m in GRAPHEME.finditer(full)}, f"cut inside a character: {shown!r}"
                assert cell_len(shown) >= end - start - 2, f"cut too early: {shown!r}"
    return visible_rows


@pytest.mark.parametrize("size", [(100, 30), (80, 24)])
@pytest.mark.parametrize("target", ["zh-CN", "ar"])
async def test_wide_and_right_to_left_text_keeps_every_table_aligned(
    wide_workspace: Workspace, size: tuple[int, int], target: str
) -> None:
    app = make_app(wide_workspace, "en", target)
    async with app.run_test(size=size) as pilot:
        await settle(app, pilot)
        app.screen.query_one("#query", Input).value = REFORM_EN
        await settle(app, pilot)
        assert assert_aligned(app, table(app, "#matches")) >= 3
        assert any(mark in str(row[1]) for row in rows(table(app, "#matches")) for mark in MARKS)
        assert assert_aligned(app, table(app, "#hits")) >= 1
        await pilot.press("f3")
        await settle(app, pilot)
        assert assert_aligned(app, table(app, "#concepts")) == len(MARKS)
        await pilot.press("f4")
        await settle(app, pilot)
        assert assert_aligned(app, table(app, "#units")) >= 8
        app.screen.query_one("#filter", Input).value = "principles"
        await settle(app, pilot)
        assert assert_aligned(app, table(app, "#units")) >= 8


def test_a_cut_keeps_whole_characters_and_fills_the_width() -> None:
    assert fit("联合国的任何改革", 7) == "联合国…"
    assert fit("🇺🇳🇺🇳🇺🇳", 5) == "🇺🇳🇺🇳…"
    assert fit("ab👨\u200d👩\u200d👧cd", 4) == "ab…"
    assert fit("ae\u0301\u0302bc", 3) == "ae\u0301\u0302…"
    assert fit("short", 10) == "short"
    assert str(plain("line one\nline\ttwo\x1b[31m")) == "line one␊line two␛[31m"
    # tmux 3.3 puts ❤️ in 1 cell and 👍🏽 in 4, rich in 2 and 2: shown without the selector and the skin tone,
    # both agree (1 and 2), and the offsets of highlighted words do not move.
    assert str(plain("❤️ and 👍🏽")) == "❤\u200b and 👍\u200b"


@pytest.mark.parametrize("mark", [*MARKS, "か\u3099"], ids=[*MARK_NAMES, "wide-combining"])
def test_a_concordance_cut_at_the_start_never_splits_a_character(mark: str) -> None:
    text = f"联合国{mark}安全理事会第7364次会议临时议程"
    start = text.index("安全理事会")
    for width in range(3, 16):
        line = keyword_in_context(text, [(start, start + 5)], width, "bold")
        body = line.plain.removeprefix("…")
        assert visible(text).endswith(body)
        assert len(text) - len(body) in {0, *(m.end() for m in GRAPHEME.finditer(text))}, (width, line.plain)
        assert [line.plain[s.start : s.end] for s in line.spans] == ["安全理事会"]
