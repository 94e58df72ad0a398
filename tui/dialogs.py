"""Modal dialogs that return typed results: confirm, edit a concept, edit a unit's variants."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from glossary.model import CONCEPT_STATUSES, TERM_STATUSES, Concept, Term, TermStatus
from memories.errors import GlossaryError, InputError
from memories.langs import normalize_tag, same_language
from memories.model import TranslationUnit
from tui.widgets.fields import SafeInput, SafeTextArea

__all__ = [
    "ConceptDialog",
    "ConceptEdit",
    "ConfirmDialog",
    "VariantDialog",
    "format_terms",
    "parse_terms",
]


class ConfirmDialog(ModalScreen[bool]):
    """Ask before something that cannot be undone; True means go ahead."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(False)", "Cancel"),
        Binding("y", "answer(True)", "Yes", show=False),
        Binding("n", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str, detail: str = "") -> None:
        super().__init__()
        self.question = question
        self.detail = detail

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            if self.detail:
                yield Static(Text(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Delete", variant="error", id="yes")
                yield Button("Cancel", id="no")

    def on_mount(self) -> None:
        self.query_one("#no", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)


@dataclass(frozen=True)
class ConceptEdit:
    """What the concept dialog gives back: every field of the concept a person may change."""

    terms: tuple[Term, ...]
    status: str
    domain: str | None
    definition: str | None
    note: str | None


def format_terms(terms: tuple[Term, ...]) -> str:
    """One term a line, ``lang | text | status``: the editable form of a concept's terms."""
    return "\n".join(f"{t.lang} | {t.text} | {t.status}" for t in terms)


def parse_terms(text: str, known: tuple[Term, ...] = ()) -> tuple[Term, ...]:
    """Read the lines back; raises ValueError naming the line at fault. A term kept from ``known`` keeps
    its other fields (case sensitivity, part of speech, note)."""
    terms: list[Term] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        parts = [p.strip() for p in line.split("|")]
        if len(parts) == 2:
            parts.append("preferred")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            raise ValueError(f"line {number}: write it as  language | term | status")
        lang, term, status = parts
        if status not in TERM_STATUSES:
            raise ValueError(f"line {number}: status is one of {', '.join(TERM_STATUSES)}")
        try:
            lang = normalize_tag(lang)
        except InputError as exc:  # "cn | 一带一路": say which tag was meant, on the line at fault
            raise ValueError(
                f"line {number}: {exc.message}" + (f" ({exc.hint})" if exc.hint else "")
            ) from exc
        old = next((t for t in known if t.lang == lang and t.text == term), None)
        if old is not None:
            terms.append(
                Term(lang, term, TermStatus(status), old.case_sensitive, old.part_of_speech, old.note)
            )
        else:
            terms.append(Term(lang, term, TermStatus(status)))
    if not terms:
        raise ValueError("a concept needs at least one term")
    return tuple(terms)


def _same_language(a: str, b: str) -> bool:
    try:
        return same_language(a, b)
    except GlossaryError:
        return False  # a tag the translator is still typing


def _optional(value: str) -> str | None:
    return value.strip() or None


class ConceptDialog(ModalScreen[ConceptEdit | None]):
    """Edit (or create) a concept: its terms per language with their statuses, status, definition, note."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, concept: Concept | None = None, languages: tuple[str, str] = ("en", "zh-CN")) -> None:
        super().__init__()
        self.concept = concept
        self.languages = languages

    def compose(self) -> ComposeResult:
        concept = self.concept
        title = "New concept" if concept is None else f"Concept {concept.id}"
        terms = (
            format_terms(concept.terms)
            if concept is not None
            else f"{self.languages[0]} |  | preferred\n{self.languages[1]} |  | preferred"
        )
        with VerticalScroll(classes="dialog wide"):
            yield Static(Text(title), classes="dialog-title")
            yield Label("Terms: language | term | status (preferred, admitted, deprecated, forbidden)")
            yield SafeTextArea(terms, id="terms-editor", soft_wrap=False, compact=True)
            with Horizontal(classes="dialog-row"):
                yield Select(
                    [(s, s) for s in CONCEPT_STATUSES],
                    value=concept.status if concept else "approved",
                    allow_blank=False,
                    id="status",
                    compact=True,
                )
                yield SafeInput(
                    concept.domain or "" if concept else "", placeholder="domain", id="domain", compact=True
                )
            yield SafeInput(
                concept.definition or "" if concept else "",
                placeholder="definition",
                id="definition",
                compact=True,
            )
            yield SafeInput(
                concept.note or "" if concept else "", placeholder="note", id="note", compact=True
            )
            yield Static(id="problem", classes="dialog-problem")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        editor = self.query_one("#terms-editor", TextArea)
        editor.focus()
        # The cursor where the translator came to type: after the target term of a concept being edited
        # (the source's is usually right already), in the empty source slot of a new one.
        lines = editor.text.splitlines()
        want = self.languages[1] if self.concept is not None else self.languages[0]
        for row, line in enumerate(lines):
            lang, bar, rest = line.partition("|")
            if bar and _same_language(lang.strip(), want):
                term = rest.split("|")[0]
                column = len(lang) + 1 + (len(term.rstrip()) if term.strip() else min(1, len(term)))
                editor.cursor_location = (row, column)
                break

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        try:
            terms = parse_terms(
                self.query_one("#terms-editor", TextArea).text, self.concept.terms if self.concept else ()
            )
        except ValueError as exc:
            self.query_one("#problem", Static).update(Text(str(exc)))
            return
        status = self.query_one("#status", Select).value
        self.dismiss(
            ConceptEdit(
                terms=terms,
                status=str(status),
                domain=_optional(self.query_one("#domain", Input).value),
                definition=_optional(self.query_one("#definition", Input).value),
                note=_optional(self.query_one("#note", Input).value),
            )
        )

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class VariantDialog(ModalScreen[dict[str, str] | None]):
    """Edit a unit's variants; returns the texts that changed, by language (None when cancelled)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, unit: TranslationUnit, languages: tuple[str, ...], focus: str | None = None) -> None:
        super().__init__()
        self.unit = unit
        self.languages = languages
        self.focus_lang = focus
        """The language whose text the cursor starts in (the target): the one a translator comes to fix."""

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Static(Text(f"Translation unit {self.unit.id}"), classes="dialog-title")
            for i, lang in enumerate(self.languages):
                variant = self.unit.variant(lang)
                yield Label(Text(lang))
                # No select-all on focus: one key would replace the whole segment.
                yield SafeInput(
                    variant.text if variant else "", id=f"variant-{i}", compact=True, select_on_focus=False
                )
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save", variant="primary", id="save")
                yield Button("Cancel", id="cancel")

    def on_mount(self) -> None:
        index = next(
            (i for i, lang in enumerate(self.languages) if _same_language(lang, self.focus_lang or "")), 0
        )
        field = self.query_one(f"#variant-{index}", Input)
        field.focus()
        field.cursor_position = len(field.value)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        changed: dict[str, str] = {}
        for i, lang in enumerate(self.languages):
            variant = self.unit.variant(lang)
            text = self.query_one(f"#variant-{i}", Input).value
            if text != (variant.text if variant else "") and text.strip():
                changed[lang] = text
        self.dismiss(changed)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
