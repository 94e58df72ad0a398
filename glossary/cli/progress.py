"""Progress bars on stderr for long commands, fed through the one progress protocol (memories.progress)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePath

from rich.markup import escape
from rich.progress import (
    BarColumn,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.progress import Progress as Bars
from rich.text import Text

from glossary.cli.output import err
from memories.progress import Progress

__all__ = ["progress_bars"]

# Extraction's stages, as a translator reads them; a stage that is a file path (an import) shows its name.
_STAGES = {"reading": "Reading segments", "counting": "Counting phrases", "scoring": "Scoring"}


class _Count(ProgressColumn):
    """``done/total`` when the total is known, else ``done read`` (a file read as a stream)."""

    def render(self, task: Task) -> Text:
        done = int(task.completed)
        if task.total is None:
            return Text(f"{done:,} read")
        return Text(f"{done:,}/{int(task.total):,}")


def _label(stage: str) -> str:
    return _STAGES.get(stage) or PurePath(stage).name or stage


@contextmanager
def progress_bars(enabled: bool) -> Iterator[Progress | None]:
    """A transient progress display on stderr, one bar per stage, started only when the first figures arrive,
    so that a command refused at once prints its one error line and nothing else. None when not ``enabled``
    (--json: the output is for a program)."""
    if not enabled:
        yield None
        return
    bars: Bars | None = None
    tasks: dict[str, TaskID] = {}

    def update(stage: str, done: int, total: int | None, /) -> None:
        nonlocal bars
        if bars is None:
            bars = Bars(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(bar_width=None),
                _Count(),
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            bars.start()
        if stage not in tasks:
            tasks[stage] = bars.add_task(escape(_label(stage)), total=total)
        bars.update(tasks[stage], completed=done, total=total)

    try:
        yield update
    finally:
        if bars is not None:
            bars.stop()
