"""Which key bindings may act now: a single-letter action key never acts while the translator types in a field."""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any

from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Input, Select, TextArea

__all__ = ["chosen_on_purpose", "letter_actions", "typing_in_a_field"]

_TEXT_FIELDS = (Input, TextArea, Select)
"""Widgets a letter belongs to: a field types it, a select box searches its options with it."""

_ON_PURPOSE: weakref.WeakSet[Screen[Any]] = weakref.WeakSet()
"""Screens running an action that was chosen, not typed (``chosen_on_purpose``)."""


def _is_letter(key: str) -> bool:
    # "space" too: in a field it is part of the text, on a table it marks a row.
    return key == "space" or (len(key) == 1 and key.isprintable())


@cache
def letter_actions(screen_class: type[Screen[Any]]) -> frozenset[str]:
    """The actions of ``screen_class`` that only plain, printable keys are bound to (``a`` approve, ``space``
    mark...): those a keystroke meant for a text field could set off."""
    keys: dict[str, list[str]] = {}
    for base in reversed(screen_class.__mro__):
        for binding in getattr(base, "BINDINGS", ()):
            if isinstance(binding, Binding):
                for key in binding.key.split(","):
                    keys.setdefault(binding.action, []).append(key.strip())
    return frozenset(action for action, bound in keys.items() if all(_is_letter(k) for k in bound))


def typing_in_a_field(screen: Screen[Any], action: str) -> bool:
    """True when ``action`` is one of the screen's letter actions and the translator is typing in a field of
    it, so the key must go to the field. Only keystrokes are held back: the screen must be the one keys reach
    (an action chosen in the command palette, on top of it, still runs)."""
    if action not in letter_actions(type(screen)) or screen.app.screen is not screen:
        return False
    if screen in _ON_PURPOSE:
        return False
    focused = screen.focused
    return focused is not None and any(isinstance(node, _TEXT_FIELDS) for node in focused.ancestors_with_self)


@contextmanager
def chosen_on_purpose(screen: Screen[Any]) -> Iterator[None]:
    """Run actions of ``screen`` that were chosen, not typed (the command palette, the app itself): a field
    with the focus does not hold them back."""
    _ON_PURPOSE.add(screen)
    try:
        yield
    finally:
        _ON_PURPOSE.discard(screen)
