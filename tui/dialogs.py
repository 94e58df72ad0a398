"""Modal dialogs that return typed results: confirm, edit a concept (and settle a conflicting save of one),
edit a unit's variants."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from glossary.model import CONCEPT_STATUSES, TERM_STATUSES, Concept, ConceptStatus, Term, TermStatus
from glossary.termbase import ConceptConflict
from memories.errors import GlossaryError, InputError
from memories.langs import normalize_tag, same_language
from memories.model import TranslationUnit
from tui.widgets.fields import SafeInput, SafeTextArea

__all__ = [
    "ConceptDialog",
    "ConceptEdit",
    "ConfirmDialog",
    "ConflictChoice",
    "ConflictDialog",
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

    def new_concept(self) -> Concept:
        """The concept these fields make, to be added."""
        return Concept(
            terms=self.terms,
            status=ConceptStatus(self.status),
            domain=self.domain,
            definition=self.definition,
            note=self.note,
        )


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
    """Edit (or create) a concept: its terms per language with their statuses, status, definition, note.

    ``draft`` fills the fields with what the translator had typed (back from a conflict), over ``concept``,
    the stored version the save is checked against; ``notice`` says why under the title. A new concept starts
    with ``new_status`` (``Termbase.new_status``: a candidate for a translator on a team workspace)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(
        self,
        concept: Concept | None = None,
        languages: tuple[str, str] = ("en", "zh-CN"),
        draft: ConceptEdit | None = None,
        notice: str = "",
        new_status: ConceptStatus = ConceptStatus.APPROVED,
    ) -> None:
        super().__init__()
        self.concept = concept
        self.languages = languages
        self.draft = draft
        self.notice = notice
        self.new_status = new_status

    def compose(self) -> ComposeResult:
        concept, draft = self.concept, self.draft
        title = "New concept" if concept is None else f"Concept {concept.id}"
        if draft is not None:
            terms = format_terms(draft.terms)
            status, domain, definition, note = draft.status, draft.domain, draft.definition, draft.note
        elif concept is not None:
            terms = format_terms(concept.terms)
            status, domain, definition, note = (
                concept.status,
                concept.domain,
                concept.definition,
                concept.note,
            )
        else:
            terms = f"{self.languages[0]} |  | preferred\n{self.languages[1]} |  | preferred"
            status, domain, definition, note = self.new_status, None, None, None
        with VerticalScroll(classes="dialog wide"):
            yield Static(Text(title), classes="dialog-title")
            if self.notice:
                yield Static(Text(self.notice), id="notice", classes="dialog-detail")
            yield Label("Terms: language | term | status (preferred, admitted, deprecated, forbidden)")
            yield SafeTextArea(terms, id="terms-editor", soft_wrap=False, compact=True)
            with Horizontal(classes="dialog-row"):
                yield Select(
                    [(s, s) for s in CONCEPT_STATUSES],
                    value=status,
                    allow_blank=False,
                    id="status",
                    compact=True,
                )
                yield SafeInput(domain or "", placeholder="domain", id="domain", compact=True)
            yield SafeInput(definition or "", placeholder="definition", id="definition", compact=True)
            yield SafeInput(note or "", placeholder="note", id="note", compact=True)
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
            known = (*(self.draft.terms if self.draft else ()), *(self.concept.terms if self.concept else ()))
            terms = parse_terms(self.query_one("#terms-editor", TextArea).text, known)
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


class ConflictChoice(StrEnum):
    """What the translator does about a save over a concept changed meanwhile."""

    THEIRS = "theirs"
    """Keep the stored version: nothing of theirs is written; the screen shows it again."""
    MINE = "mine"
    """Write mine over theirs, knowingly: the history records it as an overwrite."""
    EDIT = "edit"
    """Back to the concept dialog, with what I typed, now checked against their version."""


def _when(at: str | None) -> str:
    return at.replace("T", " ").replace("Z", " UTC") if at else "an unknown time"


def _version(heading: str, fields: list[tuple[str, str]], other: list[tuple[str, str]]) -> Text:
    """One side of the conflict: its heading, then its terms and fields, each line the other side does not
    have marked with a bar and in bold (the text itself stays literal: it is the translator's)."""
    text = Text(heading + "\n", style="bold")
    theirs = set(other)
    for name, value in fields:
        differs = (name, value) not in theirs
        text.append("┃ " if differs else "  ", style="bold" if differs else "")
        text.append(f"{name}: ", style="dim")
        text.append(value + "\n", style="bold" if differs else "")
    return text


def _fields(
    terms: tuple[Term, ...], status: str, domain: str | None, definition: str | None, note: str | None
) -> list[tuple[str, str]]:
    """A concept as (label, value) lines: a term is its language and text (its status when not preferred)."""
    shown = [
        (t.lang, t.text if t.status == TermStatus.PREFERRED else f"{t.text} ({t.status})") for t in terms
    ]
    return [
        *shown,
        ("status", str(status)),
        ("domain", domain or "—"),
        ("definition", definition or "—"),
        ("note", note or "—"),
    ]


class ConflictDialog(ModalScreen[ConflictChoice]):
    """A save over a concept that someone changed (or deleted) while the translator edited it: their
    version and mine side by side, with who changed it and when; keep theirs, overwrite theirs with mine
    (explicitly), or go back to editing. Never a silent overwrite."""

    DEFAULT_CSS = """
    ConflictDialog .conflict-versions {
        height: auto;
    }
    ConflictDialog .conflict-version {
        width: 1fr;
        height: auto;
        padding: 0 1;
        border: round $panel;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "choose('edit')", "Back to editing"),
        Binding("t", "choose('theirs')", "Keep theirs", show=False),
        Binding("o", "choose('mine')", "Overwrite with mine", show=False),
    ]

    def __init__(self, conflict: ConceptConflict, mine: ConceptEdit) -> None:
        super().__init__()
        self.conflict = conflict
        self.mine = mine

    def compose(self) -> ComposeResult:
        conflict, mine = self.conflict, self.mine
        theirs = conflict.theirs
        who = conflict.by or "someone"
        when = _when(conflict.at)
        mine_fields = _fields(mine.terms, mine.status, mine.domain, mine.definition, mine.note)
        if theirs is None:
            title = f"Concept {conflict.concept_id} was deleted by {who} at {when} while you edited it"
            theirs_text = Text(f"Theirs: deleted by {who} at {when}\n", style="bold")
            overwrite = "Save mine as a new concept"
        else:
            title = f"Concept {conflict.concept_id} was changed by {who} at {when} while you edited it"
            theirs_fields = _fields(
                theirs.terms, theirs.status, theirs.domain, theirs.definition, theirs.note
            )
            theirs_text = _version(
                f"Theirs: revision {theirs.revision}, by {who} at {when}", theirs_fields, mine_fields
            )
            overwrite = "Overwrite theirs with mine"
        mine_text = _version(
            f"Yours: your edit of revision {conflict.expected}",
            mine_fields,
            mine_fields if theirs is None else theirs_fields,  # nothing to compare with a deletion
        )
        with VerticalScroll(classes="dialog wide"):
            yield Static(Text(title), classes="dialog-title")
            yield Static(Text("Nothing was saved. Fields that differ are marked ┃."), classes="dialog-detail")
            with Horizontal(classes="conflict-versions"):
                yield Static(theirs_text, id="theirs", classes="conflict-version")
                yield Static(mine_text, id="mine", classes="conflict-version")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Keep theirs", id="keep-theirs")
                yield Button(overwrite, variant="warning", id="overwrite")
                yield Button("Back to editing", variant="primary", id="back")

    def on_mount(self) -> None:
        self.query_one("#back", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        choice = {"keep-theirs": ConflictChoice.THEIRS, "overwrite": ConflictChoice.MINE}
        self.dismiss(choice.get(event.button.id or "", ConflictChoice.EDIT))

    def action_choose(self, choice: str) -> None:
        self.dismiss(ConflictChoice(choice))


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
