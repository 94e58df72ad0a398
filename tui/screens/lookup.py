"""The home screen: type a segment, see TM matches, glossary terms and concordance hits as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Header, Input, Label
from textual.worker import get_current_worker

from glossary.matcher import Match as TermMatch
from glossary.matcher import matcher_for
from glossary.termbase import Termbase
from memories.search import Hit, Match, concordance, lookup
from tui.render import band_text, highlighted, keyword_in_context, origin_name, plain, term_text, terms_text

if TYPE_CHECKING:
    from tui.app import GlossaryApp

__all__ = ["LookupResults", "LookupScreen"]


@dataclass(frozen=True)
class LookupResults:
    """What one query found; ``query``, ``source`` and ``target`` tell a stale answer from a fresh one."""

    query: str
    source: str
    target: str
    matches: tuple[Match, ...]
    terms: tuple[TermMatch, ...]
    hits: tuple[Hit, ...]
    phrase: str = ""
    """What the concordance looked for: the selected text, the query, or else the first term in it."""
    partial: bool = False
    """Matches and terms only: the concordance is still being looked up."""


class LookupScreen(Screen[None]):
    """TM matches, glossary hits and concordance for what the translator types."""

    DEBOUNCE = 0.05
    """Seconds of quiet typing before a lookup starts: each keystroke would otherwise start one. Shorter
    than the gap between a typist's keys, so the answer follows the last key at once."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+y", "copy_target", "Copy target"),
        Binding("ctrl+r", "swap_languages", "Swap pair"),
        Binding("ctrl+t", "next_target", "Target lang"),
        Binding("ctrl+f", "focus_query", "Query", show=False),
        # Only reached from the query box: the tables use down themselves.
        Binding("down", "focus_matches", "Matches", show=False),
        Binding("escape", "clear_query", "Clear", show=False),
    ]

    app: GlossaryApp

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="query-row"):
            yield Label(id="pair")
            yield Input(placeholder="Type a segment or a phrase…", id="query")
        with Vertical(id="panes"):
            yield Label("Translation memory", classes="pane-title")
            yield DataTable(id="matches", cursor_type="row", zebra_stripes=True)
            yield Label("Glossary terms in the query", classes="pane-title")
            yield DataTable(id="terms", cursor_type="row")
            yield Label("Concordance", classes="pane-title", id="hits-title")
            yield DataTable(id="hits", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self._timer: Timer | None = None
        self._results = LookupResults("", self.app.source, self.app.target, (), (), ())
        self._show_pair()
        self._fill()
        query = self.query_one("#query", Input)
        self.watch(query, "selection", self._selection_changed, init=False)
        query.focus()

    def on_screen_resume(self) -> None:
        # An edit on another screen may have changed what the query finds.
        self._show_pair()
        self.search()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    # -- the query ----------------------------------------------------------------------------------------

    @property
    def query_text(self) -> str:
        return self.query_one("#query", Input).value

    @property
    def selected_text(self) -> str:
        query = self.query_one("#query", Input)
        start, end = sorted(query.selection)
        return query.value[start:end]

    def _selection_changed(self) -> None:
        if self.selected_text.strip():
            self._query_changed()

    @on(Input.Changed, "#query")
    def _query_changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(self.DEBOUNCE, self.search)

    @on(Input.Submitted, "#query")
    def _query_submitted(self) -> None:
        self.query_one("#matches", DataTable).focus()

    def search(self) -> None:
        self._timer = None
        self.run_lookup(self.query_text, self.selected_text, self.app.source, self.app.target)

    @work(thread=True, exclusive=True, group="lookup")
    def run_lookup(self, query: str, selected: str, source: str, target: str) -> None:
        ws = self.app.workspace
        worker = get_current_worker()
        matches: list[Match] = []
        terms: list[TermMatch] = []
        hits: list[Hit] = []
        phrase = selected.strip() or query.strip()
        if query.strip():
            matches = lookup(ws, query, source, target, min_score=50, limit=10)
            if worker.is_cancelled:
                return
            terms = matcher_for(Termbase(ws), source).find(query)
            if worker.is_cancelled:
                return
            # Matches and terms first: the concordance of common words can take longer than both.
            early = LookupResults(
                query, source, target, tuple(matches), tuple(terms), (), phrase, partial=True
            )
            self.app.call_from_thread(self._show, early)
            hits = concordance(ws, phrase, source, limit=30)
            if not hits and not selected.strip() and terms:
                # A whole sentence is rarely found elsewhere; its first glossary term often is.
                phrase = terms[0].text
                hits = concordance(ws, phrase, source, limit=30)
        if not worker.is_cancelled:
            results = LookupResults(query, source, target, tuple(matches), tuple(terms), tuple(hits), phrase)
            self.app.call_from_thread(self._show, results)

    def _show(self, results: LookupResults) -> None:
        if (results.query, results.source, results.target) != (
            self.query_text,
            self.app.source,
            self.app.target,
        ):
            return  # a stale answer: the translator has typed on since
        completes = self._results.partial and self._results.query == results.query and not results.partial
        self._results = results
        if completes:
            self._fill_hits()  # the matches shown a moment ago stay, with the cursor where it is
        else:
            self._fill()

    # -- the panes ----------------------------------------------------------------------------------------

    def _fill(self) -> None:
        if not self.is_mounted:
            return
        self._fill_matches()
        self._fill_terms()
        self._fill_hits()

    def _text_width(self, table: DataTable[Text], fixed: int, columns: int) -> int:
        return max(10, (table.size.width - fixed - 2 * (columns + 1)) // 2)

    def _fill_matches(self) -> None:
        table: DataTable[Text] = self.query_one("#matches", DataTable)
        theme = self.app.theme_variables
        origin_width = 14
        width = self._text_width(table, 4 + origin_width, 4)
        table.clear(columns=True)
        table.add_column("%", width=4)
        table.add_column(self._results.source, width=width)
        table.add_column(self._results.target, width=width)
        table.add_column("origin", width=origin_width)
        for i, match in enumerate(self._results.matches):
            table.add_row(
                band_text(match.score, match.band, theme),
                highlighted(match.source.text, match.differences, theme),
                plain(match.target.text if match.target else ""),
                plain(origin_name(match.unit.origin)),
                key=str(i),
            )

    def _fill_terms(self) -> None:
        table: DataTable[Text] = self.query_one("#terms", DataTable)
        theme = self.app.theme_variables
        width = self._text_width(table, 10, 3)
        table.clear(columns=True)
        table.add_column("term", width=width)
        table.add_column(self._results.target, width=width)
        table.add_column("status", width=10)
        for i, found in enumerate(self._results.terms):
            table.add_row(
                term_text(found.term, theme),
                terms_text(found.concept, self._results.target, theme),
                plain(found.concept.status),
                key=str(i),
            )

    def _fill_hits(self) -> None:
        table: DataTable[Text] = self.query_one("#hits", DataTable)
        theme = self.app.theme_variables
        title = Text("Concordance")
        if self._results.phrase:
            title.append(": ")
            title.append(self._results.phrase, style="italic")
        if self._results.partial:
            title.append(" …", style="dim")
        self.query_one("#hits-title", Label).update(title)
        width = self._text_width(table, 0, 2)
        table.clear(columns=True)
        table.add_column(self._results.source, width=width)
        table.add_column(self._results.target, width=width)
        mark = Style(color=theme.get("accent"), bold=True)
        for i, hit in enumerate(self._results.hits):
            source = keyword_in_context(hit.variant.text, hit.spans, width, mark)
            target = hit.unit.variant(self._results.target)
            table.add_row(source, plain(target.text if target else ""), key=str(i))

    # -- actions ------------------------------------------------------------------------------------------

    def _show_pair(self) -> None:
        self.query_one("#pair", Label).update(Text(f"{self.app.source} → {self.app.target}"))

    def action_copy_target(self) -> None:
        table = self.query_one("#matches", DataTable)
        matches = self._results.matches
        if not matches:
            self.notify("No match to copy", severity="warning")
            return
        match = matches[min(table.cursor_row, len(matches) - 1)]
        if match.target is None:
            self.notify("This match has no target", severity="warning")
            return
        self.app.copy_to_clipboard(match.target.text)
        self.notify(match.target.text, title="Copied to the clipboard", markup=False)

    def action_swap_languages(self) -> None:
        self.app.set_pair(self.app.target, self.app.source)
        self._show_pair()
        self.search()

    def action_next_target(self) -> None:
        languages = [lang for lang in self.app.languages() if lang != self.app.source]
        if not languages:
            self.notify("The memory holds no other language yet", severity="warning")
            return
        current = languages.index(self.app.target) if self.app.target in languages else -1
        self.app.set_pair(self.app.source, languages[(current + 1) % len(languages)])
        self._show_pair()
        self.search()

    def action_focus_matches(self) -> None:
        self.query_one("#matches", DataTable).focus()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_clear_query(self) -> None:
        self.query_one("#query", Input).value = ""
        self.action_focus_query()
