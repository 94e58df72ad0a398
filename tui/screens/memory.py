"""The memory screen: browse and filter translation units, see their origin and history, edit, delete."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Static
from textual.worker import get_current_worker

from memories.langs import same_language
from memories.model import TranslationUnit, WorkspaceStats
from tui.dialogs import ConfirmDialog, VariantDialog
from tui.render import origin_name, plain
from tui.writing import write_in_thread

if TYPE_CHECKING:
    from tui.app import GlossaryApp

__all__ = ["MemoryScreen"]


class MemoryScreen(Screen[None]):
    """A filter box over the units, the workspace's figures, and the selected unit in full."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", "Edit unit"),
        Binding("d", "delete", "Delete unit"),
        Binding("ctrl+f", "focus_filter", "Filter", show=False),
        Binding("escape", "clear_filter", "Clear filter", show=False),
    ]

    app: GlossaryApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Static(id="figures")
            yield Input(placeholder="Filter the memory…", id="filter")
            yield DataTable(id="units", cursor_type="row", zebra_stripes=True)
            yield Static(id="unit-detail")
        yield Footer()

    def on_mount(self) -> None:
        self._units: list[TranslationUnit] = []
        self.query_one("#units", DataTable).focus()

    def on_screen_resume(self) -> None:
        self.load_figures()
        self.filter_units(self.query_one("#filter", Input).value)

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill_table)

    @work(thread=True, exclusive=True, group="figures")
    def load_figures(self) -> None:
        figures = self.app.workspace.stats()
        self.app.call_from_thread(self._show_figures, figures)

    def _show_figures(self, figures: WorkspaceStats) -> None:
        languages = ", ".join(f"{lang} {n:,}" for lang, n in figures.variants_per_language[:8]) or "none yet"
        self.query_one("#figures", Static).update(
            Text(f"{figures.units:,} translation units · languages: {languages}")
        )

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.query_one("#units", DataTable).focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_units(event.value)

    @work(thread=True, exclusive=True, group="filter")
    def filter_units(self, phrase: str) -> None:
        units = self.app.workspace.find_units(phrase, limit=200)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_units, phrase, units)

    def _show_units(self, phrase: str, units: list[TranslationUnit]) -> None:
        if phrase != self.query_one("#filter", Input).value:
            return  # a stale answer: the translator has typed on since
        self._units = units
        self._fill_table()

    def _fill_table(self) -> None:
        table = self.query_one("#units", DataTable)
        source, target = self.app.source, self.app.target
        # Source and target share the width; texts are long sentences, so auto-sized columns would push
        # the target off screen.
        origin_width = 18
        text_width = max(10, (table.size.width - origin_width - 8) // 2)
        table.clear(columns=True)
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
            table.add_row(*(plain(cell) for cell in (*cells, origin_name(unit.origin))), key=str(unit.id))
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
        text = Text()
        text.append(f"unit {unit.id}", style="bold")
        text.append(f" · {origin_name(unit.origin) or 'no origin'}")
        if unit.position is not None:
            text.append(f":{unit.position}")
        if unit.created_at:
            text.append(f" · created {unit.created_at}", style="dim")
        if unit.changed_at and unit.changed_at != unit.created_at:
            text.append(f" · changed {unit.changed_at}", style="dim")
            if unit.changed_by:
                text.append(f" by {unit.changed_by}", style="dim")
        text.append(f" · {', '.join(v.lang for v in unit.variants)}", style="dim")
        detail.update(text)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    def action_edit(self) -> None:
        unit = self.selected
        if unit is None or unit.id is None:
            return
        unit_id = unit.id
        languages: list[str] = []
        for lang in (self.app.source, self.app.target, *(v.lang for v in unit.variants)):
            # The unit's own tag where it has one: zh-CN on screen may be stored as zh.
            if not any(same_language(lang, known) for known in languages):
                variant = unit.variant(lang)
                languages.append(variant.lang if variant else lang)

        def save(changed: dict[str, str] | None) -> None:
            if not changed:
                return

            def change() -> None:
                with self.app.workspace.atomic():
                    for lang, text in changed.items():
                        self.app.workspace.update_variant(unit_id, lang, text)

            write_in_thread(self, change, "Unit saved", self.on_screen_resume)

        self.app.push_screen(VariantDialog(unit, tuple(languages[:6])), save)

    def action_delete(self) -> None:
        unit = self.selected
        if unit is None or unit.id is None:
            return
        unit_id = unit.id
        first = unit.variant(self.app.source) or unit.variants[0]

        def delete(sure: bool | None) -> None:
            if sure:
                write_in_thread(
                    self,
                    lambda: self.app.workspace.delete_unit(unit_id),
                    "Unit deleted",
                    self.on_screen_resume,
                )

        self.app.push_screen(ConfirmDialog("Delete this translation unit?", first.text), delete)
