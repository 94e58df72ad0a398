"""The lookup's highlighted match in full, below the table whose columns cut long segments."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from memories.index.lookup import Match
from tui.render import highlighted, origin_name, visible, when

__all__ = ["MatchDetail", "match_detail"]


class MatchDetail(VerticalScroll):
    """A box that scrolls when the match is long; hidden while there is no match to show."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Static(id="match-detail")

    def compose(self) -> ComposeResult:
        yield self._text

    def show(self, match: Match | None, source: str, target: str) -> None:
        if match is None:
            self._text.update("")
            self.display = False
            return
        self.display = True
        self.scroll_home(animate=False)
        self._text.update(match_detail(match, source, target, self.app.theme_variables))


def match_detail(match: Match, source: str, target: str, theme: Mapping[str, str]) -> Text:
    """A match in full: first what to know about it (score, status, origin, dates, the words that differ from
    the query), then both texts wrapped whole; the box scrolls when they are long."""
    unit = match.unit
    text = Text()
    if unit.status != "translated":
        said = {
            "review": "aligned by the machine: review it",
            "fuzzy": "fuzzy: a translation not yet checked",
        }
        text.append(
            f"? {said.get(unit.status, unit.status)} · ", style=Style(color=theme.get("warning"), bold=True)
        )
    facts = [f"{match.score}%", visible(origin_name(unit.origin)) or "no origin"]
    if unit.created_at:
        facts.append(f"created {when(unit.created_at)}")
    if unit.changed_at and unit.changed_at != unit.created_at:
        facts.append(
            f"changed {when(unit.changed_at)}" + (f" by {unit.changed_by}" if unit.changed_by else "")
        )
    text.append(" · ".join(facts), style="dim")
    # As the stored source would have to change to read as the query.
    changes = [f"{visible(d.match_text) or '∅'} → {visible(d.query_text) or '∅'}" for d in match.differences]
    if changes:
        text.append("\ndiffers from the query: ", style="dim")
        text.append(" · ".join(changes))
    text.append(f"\n{source}  ", style="dim")
    text.append_text(highlighted(match.source.text, match.differences, theme, no_wrap=False))
    text.append(f"\n{target}  ", style="dim")
    text.append(visible(match.target.text) if match.target else "(no target)")
    return text
