"""The memory screen: browse and filter translation units, see their origin and history, edit, delete."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from glossary.journal import Journal
from memories.langs import same_language
from memories.model import Change, Origin, TranslationUnit, WorkspaceStats
from tui.dialogs import ConfirmDialog, VariantDialog
from tui.keys import typing_in_a_field
from tui.render import origin_name, plain, review_mark
from tui.widgets.unit_detail import UNIT_STATUSES, unit_detail
from tui.workbench import workbench
from tui.writing import write_in_thread

__all__ = ["MemoryScreen"]

_ANY = "any"


class MemoryScreen(Screen[None]):
    """A filter box over the units, the workspace's figures, and the selected unit in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit unit"),
        Binding("d", "delete", "Delete unit"),
        Binding("ctrl+f", "focus_filter", "Filter", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._units: list[TranslationUnit] = []
        self._origins: dict[str, list[Origin]] = {}
        self._history: tuple[int | None, tuple[Change, ...]] = (None, ())

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Static(id="figures")
            with Horizontal(id="unit-filters"):
                yield Input(placeholder="Filter the memory…", id="filter")
                yield Select(
                    [("Status", _ANY), *((status, status) for status, _ in UNIT_STATUSES)],
                    value=_ANY,
                    allow_blank=False,
                    id="unit-status",
                )
            yield DataTable(id="units", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="unit-detail-box"):
                yield Static(id="unit-detail")
        yield Footer()

    def on_mount(self) -> None:
        # The pair names the table's two text columns.
        self.watch(self.app, "pair", self._fill_table, init=False)
        self.query_one("#units", DataTable).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if typing_in_a_field(self, action):
            return None  # the key is typed into the filter; the footer shows the action greyed out
        return True

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        """Read the figures and the units again: the workspace changed."""
        self.load_figures()
        self.filter_units(self.query_one("#filter", Input).value, self._status())

    def _status(self) -> str | None:
        value = self.query_one("#unit-status", Select).value
        return None if value == _ANY else str(value)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill_table)

    @work(thread=True, exclusive=True, group="figures")
    def load_figures(self) -> None:
        figures = workbench(self).workspace.stats()
        self.app.call_from_thread(self._show_figures, figures)

    def _show_figures(self, figures: WorkspaceStats) -> None:
        self._origins = {}
        for origin in figures.origins:
            self._origins.setdefault(origin.name, []).append(origin)
        self._show_detail()
        languages = ", ".join(f"{lang} {n:,}" for lang, n in figures.variants_per_language[:8]) or "none yet"
        self.query_one("#figures", Static).update(
            Text(f"{figures.units:,} translation units · languages: {languages}")
        )

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one("#units", DataTable).focus()

    @on(Input.Changed, "#filter")
    @on(Select.Changed, "#unit-status")
    def _filter_changed(self) -> None:
        self.filter_units(self.query_one("#filter", Input).value, self._status())

    @work(thread=True, exclusive=True, group="filter")
    def filter_units(self, phrase: str, status: str | None = None) -> None:
        units = workbench(self).workspace.find_units(phrase, limit=200, status=status)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_units, phrase, status, units)

    def _show_units(self, phrase: str, status: str | None, units: list[TranslationUnit]) -> None:
        if (phrase, status) != (self.query_one("#filter", Input).value, self._status()):
            return  # a stale answer: the translator has typed on since
        self._units = units
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one("#units", DataTable)
        source, target = workbench(self).pair.source, workbench(self).pair.target
        # Source and target share the width; texts are long sentences, so auto-sized columns would push
        # the target off screen.
        origin_width = 18
        text_width = max(10, (table.size.width - 1 - origin_width - 10) // 2)
        table.clear(columns=True)
        # "?": aligned by the machine or fuzzy, nobody has checked it (the detail says which).
        table.add_column("", width=1)
        table.add_column(source, width=text_width)
        table.add_column(target, width=text_width)
        table.add_column("origin", width=origin_width)
        for unit in self._units:
            src, tgt = unit.variant(source), unit.variant(target)
            if src is None and tgt is None:
                first = unit.variants[0]
                cells = (f"[{first.lang}] {first.text}", "")
            else:
                cells = (src.text if src else "", tgt.text if tgt else "")
            table.add_row(
                review_mark(unit.status, self.app.theme_variables),
                *(plain(cell) for cell in (*cells, origin_name(unit.origin))),
                key=str(unit.id),
            )
        self._show_detail()

    @property
    def selected(self) -> TranslationUnit | None:
        row = self.query_one("#units", DataTable).cursor_row
        return self._units[row] if 0 <= row < len(self._units) else None

    @on(DataTable.RowHighlighted, "#units")
    def _show_detail(self) -> None:
        unit = self.selected
        detail = self.query_one("#unit-detail", Static)
        if unit is None:
            detail.update(Text("No unit matches the filter.", style="dim"))
            return
        shown_id, history = self._history
        origins = self._origins.get(unit.origin or "", [])
        # Another unit's history must not show under this one while its own is read.
        known = history if shown_id == unit.id else None
        detail.update(unit_detail(unit, origins, known, self.app.theme_variables))
        if unit.id is not None and unit.id != shown_id:
            self.load_history(unit.id)

    @work(thread=True, exclusive=True, group="history")
    def load_history(self, unit_id: int) -> None:
        history = workbench(self).workspace.history(unit_id)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_history, unit_id, history)

    def _show_history(self, unit_id: int, history: tuple[Change, ...]) -> None:
        self._history = (unit_id, history)
        unit = self.selected
        if unit is not None and unit.id == unit_id:
            self._show_detail()

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""
        self.query_one("#unit-status", Select).value = _ANY

    def action_edit(self) -> None:
        unit = self.selected
        if unit is None or unit.id is None:
            return
        unit_id = unit.id
        pair = workbench(self).pair
        languages: list[str] = []
        for lang in (pair.source, pair.target, *(v.lang for v in unit.variants)):
            # The unit's own tag where it has one: zh-CN on screen may be stored as zh.
            if not any(same_language(lang, known) for known in languages):
                variant = unit.variant(lang)
                languages.append(variant.lang if variant else lang)

        def save(changed: dict[str, str] | None) -> None:
            if not changed:
                return
            journal = Journal(workbench(self).workspace)

            def saved() -> None:
                self._history = (None, ())  # read the unit's history again
                self.reload()

            label = f"edit unit {unit_id}"
            write_in_thread(self, lambda: journal.edit_unit(unit_id, changed, label), "Unit saved", saved)

        self.app.push_screen(VariantDialog(unit, tuple(languages[:6]), pair.target), save)

    def action_delete(self) -> None:
        unit = self.selected
        if unit is None or unit.id is None:
            return
        unit_id = unit.id
        first = unit.variant(workbench(self).pair.source) or unit.variants[0]

        def delete(sure: bool | None) -> None:
            if sure:
                journal = Journal(workbench(self).workspace)
                label = f"delete unit {unit_id}"
                write_in_thread(
                    self, lambda: journal.delete_unit(unit_id, label), "Unit deleted", self.reload
                )

        self.app.push_screen(
            ConfirmDialog("Delete this translation unit?", first.text + " (ctrl+z undoes it)"), delete
        )
