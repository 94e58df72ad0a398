"""Text bound for a terminal made safe: control characters from imported files are shown, never obeyed.

A segment or term from a file may hold ESC sequences (an OSC that sets the window title or, with OSC 52,
writes the clipboard; CSI that clears the screen), 8-bit C1 controls (``\\x9b`` is CSI on many terminals),
or a carriage return that hides what came before it on the line. ``shown`` replaces each such character by
a visible stand-in; ``SafeConsole`` applies it to every piece of text rich writes, so no command can forget
it. The workbench's cells use the same ``shown`` (``tui.render.visible``).
"""

from __future__ import annotations

import json as _json
import re
from collections.abc import Iterable
from typing import Any

from rich.console import Console, ConsoleOptions, RenderableType
from rich.highlighter import JSONHighlighter
from rich.segment import Segment
from rich.text import Text

__all__ = ["SafeConsole", "shown"]

# C0 controls except tab and line feed, DEL, and the C1 range.
_UNSAFE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_UNSAFE_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)  # Unicode's control pictures: ␛ for ESC, ␍ for CR
    if code == 0x7F:
        return "␡"
    return "\ufffd"  # C1 has no pictures; one visible character keeps offsets and widths simple


def shown(text: str, one_line: bool = False) -> str:
    """``text`` with every control character (but tab and line feed, unless ``one_line``) replaced by one
    visible character: ``\\x1b`` -> ``␛``, ``\\r`` -> ``␍``, DEL -> ``␡``, a C1 control -> ``\\ufffd``."""
    pattern = _UNSAFE_ONE_LINE if one_line else _UNSAFE
    return pattern.sub(_picture, text) if pattern.search(text) else text


def _json_safe(text: str) -> str:
    # JSON escapes C0 itself; C1 and DEL are escaped the same way so that the data stays exact.
    return re.sub(r"[\x7f-\x9f]", lambda m: f"\\u{ord(m.group()):04x}", text)


class SafeConsole(Console):
    """A rich console that never writes a control character it did not put there itself: every text
    segment of every renderable (tables, progress, errors) passes through ``shown``."""

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterable[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and _UNSAFE.search(segment.text):
                yield Segment(shown(segment.text), segment.style)
            else:
                yield segment

    def print_json(
        self, json: str | None = None, *, data: Any = None, indent: int | str | None = 2, **_: Any
    ) -> None:
        # rich's own print_json dumps with ensure_ascii=False, so C1 controls would reach ``render`` raw and
        # be replaced there: the JSON would no longer hold the data. Escaped here, it holds it exactly.
        if json is not None:
            data = _json.loads(json)
        text = Text(_json_safe(_json.dumps(data, indent=indent, ensure_ascii=False)))
        JSONHighlighter().highlight(text)
        self.print(text, soft_wrap=True)
