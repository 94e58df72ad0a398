"""Form fields the dialogs share: a file path that completes as it is typed, the language tags, and inputs and text
areas that never send an imported file's control characters to the terminal."""

from __future__ import annotations

import os
import re
from pathlib import Path

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.strip import Strip
from textual.suggester import Suggester
from textual.widgets import Input, Label, TextArea

from memories.errors import GlossaryError, InputError
from memories.langs import normalize_tag
from tui.render import visible

__all__ = [
    "FormError",
    "PathSuggester",
    "SafeInput",
    "SafeTextArea",
    "language_row",
    "path_input",
    "tag",
    "tags",
]


class SafeInput(Input):
    """An input whose value may come from an imported file: its control characters are drawn as visible
    stand-ins (``tui.render.visible``, one character for one, so the cursor's offsets hold), never written to
    the terminal; the value itself is kept as it is. Textual's Input draws ``_value`` as the text is."""

    @property
    def _value(self) -> Text:
        if self.password:
            return super()._value
        text = Text(visible(self.value), no_wrap=True, overflow="ignore", end="")
        return self.highlighter(text) if self.highlighter is not None else text


# C0 controls but tab and line feed, DEL and C1: what a terminal may take as (part of) a command.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class SafeTextArea(TextArea):
    """A text area whose text may come from an imported file (a term, a segment): its control characters are
    left out of what is drawn, never written to the terminal; the text itself is kept as it is. Textual strips only
    BEL, BS, VT, FF and CR; ESC, DEL and C1 would reach the terminal as commands (ESC [2J clears the screen).
    Left out rather than shown as stand-ins (as ``SafeInput`` does): the text area lays its lines out by the
    text's own cell widths, where a control character takes none, so a one-cell stand-in would move the cursor."""

    def render_line(self, y: int) -> Strip:
        strip = super().render_line(y)
        if not any(_CONTROLS.search(segment.text) for segment in strip):
            return strip
        segments = [
            Segment(_CONTROLS.sub("", segment.text), segment.style, segment.control) for segment in strip
        ]
        return Strip(segments, strip.cell_length)


class FormError(GlossaryError):
    """A field of the form the work cannot start with; shown as it is, under the form."""


class PathSuggester(Suggester):
    """Completes the file or folder name being typed (right arrow or end takes the suggestion)."""

    def __init__(self) -> None:
        super().__init__(use_cache=False, case_sensitive=True)

    async def get_suggestion(self, value: str) -> str | None:
        typed = value.rsplit(" + ", 1)[-1]  # parallel texts: complete the last file named
        folder, _, prefix = typed.rpartition("/")
        where = Path(os.path.expanduser(folder + "/" if folder else "") or ".")
        try:
            entries = sorted(os.scandir(where), key=lambda e: e.name)
        except OSError:
            return None
        for entry in entries:
            if entry.name.startswith(prefix) and (prefix.startswith(".") or not entry.name.startswith(".")):
                rest = entry.name[len(prefix) :] + ("/" if entry.is_dir() else "")
                return value + rest if rest else None
        return None


def path_input(placeholder: str, id: str = "path") -> Input:
    return Input(placeholder=placeholder, id=id, suggester=PathSuggester(), compact=True)


def language_row(
    source: str, target: str, languages_placeholder: str, target_placeholder: str = ""
) -> ComposeResult:
    """Source and Target tags on one row, the Languages (several, comma-separated) on the next."""
    with Horizontal(classes="dialog-row"):
        yield Label("Source", classes="field")
        yield Input(source, id="source", compact=True, classes="tag")
        yield Label("Target", classes="field")
        yield Input(target, placeholder=target_placeholder, id="target", compact=True, classes="tag")
    with Horizontal(classes="dialog-row"):
        yield Label("Languages", classes="field")
        yield Input(placeholder=languages_placeholder, id="languages", compact=True)


def tags(text: str, what: str) -> tuple[str, ...]:
    """Comma-separated language tags, normalised; a bad one raises FormError naming the field."""
    found = []
    for part in text.split(","):
        if part.strip():
            try:
                found.append(normalize_tag(part.strip()))
            except InputError as exc:
                hint = f" ({exc.hint})" if exc.hint else ""
                raise FormError(f"{what}: {exc.message}{hint}") from exc
    return tuple(found)


def tag(text: str, what: str) -> str:
    """One language tag; anything else raises FormError naming the field."""
    found = tags(text, what)
    if len(found) != 1:
        raise FormError(f"{what}: one language tag, such as en or zh-CN")
    return found[0]
