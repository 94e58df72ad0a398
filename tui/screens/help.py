"""The help screen: every key of the workbench, screen by screen."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

__all__ = ["HELP", "HelpScreen"]

HELP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    (
        "Everywhere",
        (
            ("F1", "this help"),
            ("F2 / F3 / F4", "lookup / glossary / memory screen"),
            ("F5, ctrl+o", "import a file: TMX, PO, tables, texts, XLIFF, TBX"),
            ("F6", "export the memory or the termbase: TMX, PO, TSV, XLIFF, TBX"),
            ("F7", "extract candidate terms (with equivalents) for review"),
            ("F9", "align two documents: pair their sentences, review, import"),
            ("ctrl+z / ctrl+y", "undo / redo the last change to concepts or units, also after a restart"),
            ("ctrl+shift+z", "redo too (where the terminal reports it; ctrl+y copies on the lookup screen)"),
            ("ctrl+p", "command palette: every action by name"),
            ("tab, shift+tab", "next / previous pane"),
            ("ctrl+q", "quit"),
        ),
    ),
    (
        "Lookup",
        (
            ("type", "TM matches, glossary terms and concordance update as you type"),
            ("enter, ↓", "go to the matches"),
            ("ctrl+y", "copy the selected match's target to the clipboard"),
            ("ctrl+r", "swap source and target languages"),
            ("ctrl+t", "next target language in the memory"),
            ("ctrl+g", "show / hide proposed terms (extraction candidates, dimmed)"),
            ("escape", "clear the query"),
        ),
    ),
    (
        "Glossary",
        (
            ("c", "candidate queue (extracted terms to review)"),
            ("a / r", "approve / reject the selected concept (or every marked one); the cursor moves on"),
            ("space", "mark / unmark the selected concept"),
            ("m", "merge the marked concepts into the selected one (their terms become synonyms)"),
            ("e / n", "edit the selected concept / add a new one"),
            ("d", "delete the selected concept, or the marked ones (asks first)"),
            ("ctrl+f, enter", "filter by text / back to the table (letters typed there never act)"),
        ),
    ),
    (
        "Memory",
        (
            ("ctrl+f, escape", "filter the units / clear the filters"),
            ("Status", "only units to review (?: aligned by the machine), fuzzy or translated"),
            ("e", "edit the selected unit's variants"),
            ("d", "delete the selected unit (asks first)"),
        ),
    ),
    (
        "Editor (F8 or glossary translate FILE)",
        (
            ("enter", "confirm the segment (into the memory at once), go to the next that needs work"),
            ("alt+r", "confirm the segment as reviewed"),
            (
                "ctrl+r / ctrl+n 1…5",
                "insert the next memory match / match 1…5 (alt+1…5 with the kitty protocol)",
            ),
            ("ctrl+t", "insert the selected term's translation"),
            ("alt+c", "copy the source (with its code tags) to the target"),
            ("alt+↓ / alt+↑, ctrl+↓ / ctrl+↑", "next / previous segment"),
            (
                "ctrl+g / ctrl+f / ctrl+l",
                "go to a segment number / find, replace in targets / filter by status",
            ),
            ("alt+i", "ignore the first QA finding of this kind for this segment"),
            ("alt+s", "concordance: where a phrase (the selected text, or one typed) occurs in the memory"),
            ("alt+t", "add a concept to the glossary, the selected target text as its target term"),
            ("alt+l", "lock a confirmed segment (a reviewer's sign-off: no edit until unlocked) / unlock it"),
            (
                "alt+j / alt+k",
                "join with the next segment / split at the cursor in the source copied by alt+c (a document's "
                "sentences of one paragraph; PO and XLIFF segments are fixed)",
            ),
            ("ctrl+s", "save the file in its own format"),
            ("escape", "close the editor (asks when there is unsaved work)"),
        ),
    ),
    (
        "Alignment review (F9 or glossary align A B --review)",
        (
            ("← / →", "choose the side (English or the other) that the moves and the split act on"),
            ("u / d", "move the selected pair's sentence up / down that side"),
            ("j / s", "join the pair with the next / split it at the cursor"),
            ("x", "mark the pair as having no counterpart"),
            ("a / A", "accept the pair / accept every unflagged pair"),
            ("i", "import the accepted pairs into the memory"),
            ("escape", "close the review"),
        ),
    ),
    (
        "Dialogs",
        (
            ("ctrl+s", "save"),
            ("escape", "cancel; stop an import, export or extraction (nothing is changed)"),
            ("→, end", "take the suggested path completion"),
        ),
    ),
)


def _table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    for section, keys in HELP:
        table.add_row(Text(section, style="underline"), "")
        for key, what in keys:
            table.add_row(Text(key), Text(what))
        table.add_row("", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Keys of every screen; any of escape, F1 or q closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,f1,q", "dismiss", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(_table())
