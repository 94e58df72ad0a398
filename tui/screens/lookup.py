"""The home screen: type a segment, see TM matches, glossary terms and concordance hits as you type."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

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
from memories.index.concordance import Hit, concordance
from memories.index.lookup import Match, lookup
from tui.messages import PairChosen
from tui.widgets.concordance import Concordance
from tui.widgets.lookup_matches import LookupMatches
from tui.widgets.lookup_terms import LookupTerms
from tui.widgets.match_detail import MatchDetail
from tui.workbench import LanguagePair, workbench

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
        Binding("ctrl+g", "toggle_proposals", "Proposals"),
        Binding("ctrl+f", "focus_query", "Query", show=False),
        # Only reached from the query box: the tables use down themselves.
        Binding("down", "focus_matches", "Matches", show=False),
        Binding("escape", "clear_query", "Clear", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._proposals = False
        """Whether glossary hits include candidates (machine proposals nobody approved yet), dimmed."""
        self._timer: Timer | None = None
        self._results = LookupResults("", "", "", (), (), ())

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="query-row"):
            yield Label(id="pair")
            yield Input(placeholder="Type a segment or a phrase…", id="query")
        with Vertical(id="panes"):
            yield Label("Translation memory", classes="pane-title")
            yield LookupMatches(id="matches")
            yield MatchDetail(id="match-detail-box")
            yield Label("Glossary terms in the query", classes="pane-title")
            yield LookupTerms(id="terms")
            yield Label("Concordance", classes="pane-title", id="hits-title")
            yield Concordance(id="hits")
        yield Footer()

    def on_mount(self) -> None:
        pair = workbench(self).pair
        self._results = LookupResults("", pair.source, pair.target, (), (), ())
        self._show_pair()
        self._fill()
        query = self.query_one("#query", Input)
        self.watch(query, "selection", self._selection_changed, init=False)
        self.watch(self.app, "pair", self.reload, init=False)
        query.focus()

    def on_screen_resume(self) -> None:
        # An edit on another screen may have changed what the query finds.
        self.reload()

    def reload(self) -> None:
        """Look the query up again: the workspace changed (an undo, an edit elsewhere)."""
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
        self.query_one(LookupMatches).focus()

    def search(self) -> None:
        self._timer = None
        pair = workbench(self).pair
        self.run_lookup(self.query_text, self.selected_text, pair.source, pair.target)

    @work(thread=True, exclusive=True, group="lookup")
    def run_lookup(self, query: str, selected: str, source: str, target: str) -> None:
        ws = workbench(self).workspace
        worker = get_current_worker()
        matches: list[Match] = []
        terms: list[TermMatch] = []
        hits: list[Hit] = []
        phrase = selected.strip() or query.strip()
        if query.strip():
            matches = lookup(ws, query, source, target, min_score=50, limit=10)
            if worker.is_cancelled:
                return
            # Candidates too: the table hides them unless the translator asks (ctrl+g), then dims them.
            terms = matcher_for(Termbase(ws), source, candidates=True).find(query)
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
        pair = workbench(self).pair
        if (results.query, results.source, results.target) != (self.query_text, pair.source, pair.target):
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

    def _fill_matches(self) -> None:
        self.query_one(LookupMatches).show(self._results.matches, self._results.source, self._results.target)
        self._show_match()

    @on(DataTable.RowHighlighted, "#matches")
    def _show_match(self) -> None:
        """The selected match whole, below the table: the columns cut long segments."""
        matches = self._results.matches
        row = self.query_one(LookupMatches).cursor_row
        match = matches[row] if 0 <= row < len(matches) else None
        self.query_one(MatchDetail).show(match, self._results.source, self._results.target)

    def _fill_terms(self) -> None:
        self.query_one(LookupTerms).show(self._results.terms, self._results.target, self._proposals)

    def _fill_hits(self) -> None:
        title = Text("Concordance")
        if self._results.phrase:
            title.append(": ")
            title.append(self._results.phrase, style="italic")
        if self._results.partial:
            title.append(" …", style="dim")
        self.query_one("#hits-title", Label).update(title)
        self.query_one(Concordance).show(self._results.hits, self._results.source, self._results.target)

    # -- actions ------------------------------------------------------------------------------------------

    def _show_pair(self) -> None:
        pair = workbench(self).pair
        self.query_one("#pair", Label).update(Text(f"{pair.source} → {pair.target}"))

    def action_copy_target(self) -> None:
        table = self.query_one(LookupMatches)
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

    # The pair is the app's: these ask for another one, and ``reload`` follows when it changes.

    def action_swap_languages(self) -> None:
        self.post_message(PairChosen(workbench(self).pair.swapped()))

    def action_next_target(self) -> None:
        app = workbench(self)
        source, target = app.pair.source, app.pair.target
        languages = [lang for lang in app.languages() if lang != source]
        if not languages:
            self.notify("The memory holds no other language yet", severity="warning")
            return
        current = languages.index(target) if target in languages else -1
        self.post_message(PairChosen(LanguagePair(source, languages[(current + 1) % len(languages)])))

    def action_toggle_proposals(self) -> None:
        self._proposals = not self._proposals
        self.notify("Proposed terms shown, dimmed" if self._proposals else "Proposed terms hidden", timeout=2)
        self._fill_terms()

    def action_focus_matches(self) -> None:
        self.query_one(LookupMatches).focus()

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_clear_query(self) -> None:
        self.query_one("#query", Input).value = ""
        self.action_focus_query()
