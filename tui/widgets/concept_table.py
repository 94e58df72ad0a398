"""The glossary's concepts: mark, status, terms in the two languages, extraction score and kind."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from rich.style import Style
from rich.text import Text
from textual.widgets import DataTable

from glossary.model import Concept
from tui.render import plain, terms_text

__all__ = ["ConceptTable"]


class ConceptTable(DataTable[Text]):
    """One row per concept, keyed by its id; a ✓ in the first column marks the concepts that approve, reject,
    delete and merge act on together."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row", zebra_stripes=True)

    def show(
        self,
        concepts: Sequence[Concept],
        kinds: Mapping[int, str],
        marked: Collection[int],
        source: str,
        target: str,
    ) -> None:
        theme = self.app.theme_variables
        # mark 1, status 10, score 6, kind 12, and two cells of padding for each of the six columns
        width = max(10, (self.size.width - 1 - 1 - 10 - 6 - 12 - 12) // 2)
        self.clear(columns=True)
        self.add_column("", width=1, key="mark")
        self.add_column("status", width=10)
        self.add_column(source, width=width)
        self.add_column(target, width=width)
        self.add_column("score", width=6)
        self.add_column("kind", width=12)
        for concept in concepts:
            self.add_row(
                self._mark(concept.id in marked),
                plain(concept.status),
                terms_text(concept, source, theme),
                terms_text(concept, target, theme),
                plain(_score(concept.score)),
                plain(kinds.get(concept.id, "") if concept.id is not None else ""),
                key=str(concept.id),
            )

    def show_mark(self, concept_id: int | None, marked: bool) -> None:
        """Mark or unmark one concept's row (no row: the concept is not shown)."""
        if str(concept_id) in self.rows:
            self.update_cell(str(concept_id), "mark", self._mark(marked))

    def _mark(self, marked: bool) -> Text:
        return Text(
            "✓" if marked else "", style=Style(color=self.app.theme_variables.get("accent"), bold=True)
        )


def _score(score: float | None) -> str:
    if score is None:
        return ""
    return f"{score:.1f}" if score < 100 else f"{score:.0f}"
