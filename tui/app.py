"""The workbench app; ``make_app(workspace)`` builds it for the CLI and for the tests alike."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Footer, Header, Input, Static

from memories.model import TranslationUnit, WorkspaceStats
from memories.store import Workspace

__all__ = ["GlossaryApp", "make_app"]


class GlossaryApp(App[None]):
    """Browse the translation memory: a filter box over the units, with the workspace's figures."""

    CSS_PATH = "app.tcss"
    TITLE = "glossary"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quit", priority=True),
        Binding("escape", "clear_filter", "Clear filter"),
        Binding("ctrl+f", "focus_filter", "Filter"),
    ]

    def __init__(self, workspace: Workspace, source: str = "en", target: str = "zh-CN") -> None:
        super().__init__()
        self.workspace = workspace
        self.source = source
        self.target = target

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="main"):
            yield Static(id="figures")
            yield Input(placeholder=f"Filter the memory ({self.source} → {self.target} shown)…", id="filter")
            yield DataTable(id="units", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = str(self.workspace.path)
        self._units: list[TranslationUnit] = []
        self.load_figures()
        self.filter_units("")

    @work(thread=True, exclusive=True, group="figures")
    def load_figures(self) -> None:
        figures = self.workspace.stats()
        self.call_from_thread(self._show_figures, figures)

    def _show_figures(self, figures: WorkspaceStats) -> None:
        languages = ", ".join(f"{lang} {n:,}" for lang, n in figures.variants_per_language[:8]) or "none yet"
        self.query_one("#figures", Static).update(
            Text(f"{figures.units:,} translation units · languages: {languages}")
        )

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.filter_units(event.value)

    @work(thread=True, exclusive=True, group="filter")
    def filter_units(self, phrase: str) -> None:
        units = self.workspace.find_units(phrase, limit=200)
        self.call_from_thread(self._show_units, phrase, units)

    def _show_units(self, phrase: str, units: list[TranslationUnit]) -> None:
        if phrase != self.query_one("#filter", Input).value:
            return  # a stale answer: the translator has typed on since
        self._units = units
        self._fill_table()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill_table)

    def _fill_table(self) -> None:
        table = self.query_one("#units", DataTable)
        # Source and target share the width; texts are long sentences, so auto-sized columns would push
        # the target off screen.
        origin_width = 18
        text_width = max(10, (table.size.width - origin_width - 8) // 2)
        table.clear(columns=True)
        table.add_column(self.source, width=text_width)
        table.add_column(self.target, width=text_width)
        table.add_column("origin", width=origin_width)
        for unit in self._units:
            source = unit.variant(self.source)
            target = unit.variant(self.target)
            if source is None and target is None:
                first = unit.variants[0]
                cells = (f"[{first.lang}] {first.text}", "")
            else:
                cells = (source.text if source else "", target.text if target else "")
            # DataTable reads plain str cells as markup; Text keeps "[bold]" in a segment literal.
            origin = " + ".join(Path(part).name for part in (unit.origin or "").split(" + ") if part)
            table.add_row(*(Text(cell, no_wrap=True) for cell in (*cells, origin)), key=str(unit.id))

    def action_clear_filter(self) -> None:
        self.query_one("#filter", Input).value = ""

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()


def make_app(workspace: Workspace, source: str = "en", target: str = "zh-CN") -> GlossaryApp:
    return GlossaryApp(workspace, source, target)
