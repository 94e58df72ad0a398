"""What the command line writes: the two consoles, JSON of the library's dataclasses, and tables."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from operator import attrgetter
from pathlib import PurePath

from rich.markup import escape
from rich.table import Table

from glossary.terminal import SafeConsole

__all__ = ["err", "jsonable", "out", "pick", "print_json", "print_table"]

# Every line the CLI writes goes through these two: SafeConsole shows control characters from imported text
# (an ESC sequence in a segment) instead of letting the terminal obey them.
out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def jsonable(value: object) -> object:
    """``value`` as JSON data: a dataclass becomes an object of its fields in their order, a mapping an object,
    a tuple, list or set an array (a set sorted), a path its string; anything else is left as it is."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): jsonable(item) for key, item in value.items()}
    if isinstance(value, set | frozenset):
        return [jsonable(item) for item in sorted(value)]
    if isinstance(value, list | tuple):
        return [jsonable(item) for item in value]
    if isinstance(value, PurePath):
        return str(value)
    return value


def pick(value: object, *keys: str) -> dict[str, object]:
    """Attributes of ``value`` as a JSON object, in the order given: ``"name"`` is the attribute of that name,
    ``"key=path"`` puts the attribute at ``path`` (dotted: ``unit.id``) under ``key``."""
    chosen: dict[str, object] = {}
    for spec in keys:
        key, _, path = spec.partition("=")
        chosen[key] = attrgetter(path or key)(value)
    return chosen


def print_json(value: object) -> None:
    """``value`` (dataclasses, mappings, sequences, paths) printed as indented JSON, non-ASCII text as it is."""
    out.print_json(data=jsonable(value))


def print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    """A titled table, its last column right-aligned (the figures); nothing at all when there are no rows."""
    if not rows:
        return
    table = Table(title=title, title_justify="left")
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i == len(headers) - 1 else "left")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    out.print(table)
