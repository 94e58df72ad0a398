"""The review of an alignment before it enters the memory: pairs a translator moves, joins, splits, accepts.

Headless: the alignment review screen (tui/screens/align_review.py) drives this model and only shows it.
Each row is a pair of sentence lists (either may be empty: a sentence without counterpart); editing a row
takes back its acceptance, and only accepted rows with both sides become translation units.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Literal

from memories.align import Alignment, join_sentences
from memories.model import TranslationUnit, Variant
from memories.store import Workspace

__all__ = [
    "ACCEPTED",
    "PENDING",
    "UNALIGNED",
    "AlignmentReview",
    "Row",
    "SideName",
    "import_reviewed",
    "store_aligned",
]

SideName = Literal["source", "target"]
PENDING, ACCEPTED, UNALIGNED = "pending", "accepted", "unaligned"


@dataclass(frozen=True)
class Row:
    """One pair of the review: the sentences of each side, whether the aligner flagged it and why, and what
    the translator decided (``pending``, ``accepted``, or ``unaligned``: not a pair, never imported)."""

    source: tuple[str, ...]
    target: tuple[str, ...]
    flagged: bool = False
    reason: str = ""
    confidence: float = 1.0
    state: str = PENDING

    def side(self, name: SideName) -> tuple[str, ...]:
        return self.source if name == "source" else self.target

    def with_side(self, name: SideName, sentences: tuple[str, ...]) -> Row:
        """The row with one side replaced: an edited row is pending again, and no longer the aligner's."""
        changed = replace(self, source=sentences) if name == "source" else replace(self, target=sentences)
        return replace(changed, state=PENDING, confidence=1.0)

    @property
    def paired(self) -> bool:
        return bool(self.source and self.target)


class AlignmentReview:
    """The rows of an alignment under review, and the edits a translator makes to them."""

    def __init__(self, alignment: Alignment) -> None:
        self.source_lang = alignment.source_lang
        self.target_lang = alignment.target_lang
        self.rows: list[Row] = [
            Row(
                tuple(alignment.source[i].text for i in bead.source),
                tuple(alignment.target[j].text for j in bead.target),
                bead.flagged and bool(bead.source and bead.target),
                bead.reason,
                bead.confidence,
            )
            for bead in alignment.beads
        ]

    def __len__(self) -> int:
        return len(self.rows)

    def text(self, k: int, side: SideName) -> str:
        lang = self.source_lang if side == "source" else self.target_lang
        return join_sentences(self.rows[k].side(side), lang)

    def _check(self, k: int) -> None:
        if not 0 <= k < len(self.rows):
            raise IndexError(f"no row {k + 1}: the review has {len(self.rows)}")

    def _drop_empty(self) -> None:
        self.rows = [row for row in self.rows if row.source or row.target]

    # -- edits: each returns the row the cursor should go to -------------------------------------------

    def move_up(self, k: int, side: SideName) -> int:
        """Move the first sentence of row ``k``'s side to the end of the row above (a new row at the top
        for the first row)."""
        self._check(k)
        sentences = self.rows[k].side(side)
        if not sentences:
            return k
        if k == 0:
            self.rows.insert(0, Row((), ()))
            k = 1
        above = self.rows[k - 1]
        self.rows[k - 1] = above.with_side(side, (*above.side(side), sentences[0]))
        self.rows[k] = self.rows[k].with_side(side, sentences[1:])
        empty_before = len(self.rows)
        self._drop_empty()
        return min(k - 1, len(self.rows) - 1) if len(self.rows) < empty_before else k - 1

    def move_down(self, k: int, side: SideName) -> int:
        """Move the last sentence of row ``k``'s side to the start of the row below (a new row at the end
        for the last row)."""
        self._check(k)
        sentences = self.rows[k].side(side)
        if not sentences:
            return k
        if k == len(self.rows) - 1:
            self.rows.append(Row((), ()))
        below = self.rows[k + 1]
        self.rows[k + 1] = below.with_side(side, (sentences[-1], *below.side(side)))
        self.rows[k] = self.rows[k].with_side(side, sentences[:-1])
        if not (self.rows[k].source or self.rows[k].target):
            del self.rows[k]
            return k
        return k + 1

    def join(self, k: int) -> int:
        """Join row ``k`` with the next one, side by side."""
        self._check(k)
        if k == len(self.rows) - 1:
            return k
        first, second = self.rows[k], self.rows.pop(k + 1)
        joined = first.with_side("source", first.source + second.source)
        self.rows[k] = joined.with_side("target", first.target + second.target)
        return k

    def split(self, k: int, side: SideName, offset: int) -> int:
        """Split row ``k``'s side at character ``offset`` of its text: what follows goes to a new row below,
        whose other side is empty (move a sentence into it to pair it). A split inside a sentence makes two
        sentences."""
        self._check(k)
        lang = self.source_lang if side == "source" else self.target_lang
        sentences = self.rows[k].side(side)
        separator = len(join_sentences(["", ""], lang))
        before: list[str] = []
        after: list[str] = []
        position = 0
        for sentence in sentences:
            end = position + len(sentence)
            if end <= offset:
                before.append(sentence)
            elif position >= offset:
                after.append(sentence)
            else:
                head, tail = sentence[: offset - position].rstrip(), sentence[offset - position :].lstrip()
                before.extend([head] if head else [])
                after.extend([tail] if tail else [])
            position = end + separator
        if not before or not after:
            return k
        self.rows[k] = self.rows[k].with_side(side, tuple(before))
        other: SideName = "target" if side == "source" else "source"
        new = Row((), ()).with_side(side, tuple(after)).with_side(other, ())
        self.rows.insert(k + 1, new)
        return k + 1

    def unalign(self, k: int) -> int:
        """Mark row ``k`` as no pair: its sentences have no counterpart and are not imported."""
        self._check(k)
        self.rows[k] = replace(self.rows[k], state=UNALIGNED)
        return k

    def accept(self, k: int) -> int:
        """Accept row ``k`` as a pair (a row with an empty side cannot be)."""
        self._check(k)
        if self.rows[k].paired:
            self.rows[k] = replace(self.rows[k], state=ACCEPTED)
        return k

    def accept_unflagged(self) -> int:
        """Accept every pending pair the aligner did not flag; how many were accepted."""
        accepted = 0
        for k, row in enumerate(self.rows):
            if row.paired and not row.flagged and row.state == PENDING:
                self.rows[k] = replace(row, state=ACCEPTED)
                accepted += 1
        return accepted

    # -- results -------------------------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        """Rows per state, and pairs still flagged and pending."""
        result = {PENDING: 0, ACCEPTED: 0, UNALIGNED: 0, "flagged": 0}
        for row in self.rows:
            result[row.state] += 1
            result["flagged"] += row.flagged and row.state == PENDING
        return result

    def units(self) -> list[TranslationUnit]:
        """The accepted pairs as translation units: reviewed by a person, so not marked for review."""
        units = []
        for k, row in enumerate(self.rows):
            if row.state == ACCEPTED and row.paired:
                units.append(
                    TranslationUnit(
                        variants=(
                            Variant(self.source_lang, self.text(k, "source")),
                            Variant(self.target_lang, self.text(k, "target")),
                        ),
                        position=k + 1,
                        srclang=self.source_lang,
                        props=(("x-alignment", f"{len(row.source)}-{len(row.target)} reviewed"),),
                    )
                )
        return units


def import_reviewed(ws: Workspace, review: AlignmentReview, origin: str) -> tuple[int, int]:
    """Store the accepted pairs with the document pair as origin; (added, already present). One
    transaction: a failure leaves the workspace as it was."""
    return store_aligned(ws, review.units(), origin)


def store_aligned(ws: Workspace, units: Iterable[TranslationUnit], origin: str) -> tuple[int, int]:
    """Store aligned units with the document pair ``origin`` as their origin (format "alignment");
    (added, already present). One transaction: a failure leaves the workspace as it was."""
    added = present = 0
    with ws.atomic():
        origin_id = ws.add_origin(origin, "alignment")
        for unit in units:
            if ws.add_unit(unit, origin_id) is None:
                present += 1
            else:
                added += 1
        ws.drop_origin_if_empty(origin_id)
    return added, present
