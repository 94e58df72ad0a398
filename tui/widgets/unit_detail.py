"""A translation unit in full, below the memory's table: origin, dates and editors, and its edits here."""

from __future__ import annotations

from collections.abc import Mapping

from rich.style import Style
from rich.text import Text

from memories.model import Change, Origin, TranslationUnit
from tui.render import origin_name, visible, when

__all__ = ["UNIT_STATUSES", "unit_detail"]

UNIT_STATUSES = (
    ("translated", "translated"),
    ("review", "review: aligned by the machine, not yet checked"),
    ("fuzzy", "fuzzy: a translation not yet checked (PO)"),
)
"""A unit's statuses, each with what it tells the translator."""


def unit_detail(
    unit: TranslationUnit, origins: list[Origin], history: tuple[Change, ...] | None, theme: Mapping[str, str]
) -> Text:
    """Where the unit came from, its dates and editors as its file gave them, and every edit made here
    (``history`` None: not read yet)."""
    text = Text()
    text.append(f"unit {unit.id}", style="bold")
    text.append(f" · {visible(origin_name(unit.origin)) or 'no origin'}")
    if unit.position is not None:
        text.append(f", line {unit.position}")
    if origins:
        text.append(" · imported " + ", ".join(when(o.imported_at) for o in origins[:3]), style="dim")
    text.append(f" · {', '.join(v.lang for v in unit.variants)}", style="dim")
    if unit.status != "translated":
        said = dict(UNIT_STATUSES).get(unit.status, unit.status)
        text.append(f"\n? {said}", style=Style(color=theme.get("warning"), bold=True))
    dates = []
    if unit.tuid:
        dates.append(f"tuid {unit.tuid}")
    changed = (unit.changed_at, unit.changed_by) != (unit.created_at, unit.created_by)
    for label, at, by in (
        ("created", unit.created_at, unit.created_by),
        ("changed", unit.changed_at if changed else None, unit.changed_by if changed else None),
    ):
        if at or by:
            dates.append(" ".join(part for part in (label, when(at), f"by {by}" if by else "") if part))
    if dates:
        text.append("\n" + " · ".join(dates), style="dim")
    if history is None:
        return text
    if not history:
        text.append("\nno edits in this workspace", style="dim")
        return text
    text.append(f"\n{len(history)} edit{'s' if len(history) > 1 else ''} in this workspace, newest first:")
    for change in reversed(history):
        text.append(f"\n{when(change.at)} · {change.by or 'unknown editor'} · {change.lang}", style="bold")
        text.append("\n  − ", style=Style(color=theme.get("error")))
        text.append(visible(change.before) if change.before is not None else "(added)", style="dim")
        text.append("\n  + ", style=Style(color=theme.get("success")))
        text.append(visible(change.after))
    return text
