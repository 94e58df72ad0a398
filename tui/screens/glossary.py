"""The glossary screen: concepts with filters, the candidate queue with evidence, approve/reject/edit/merge."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input, Select, Static
from textual.worker import get_current_worker

from glossary.extract import KINDS
from glossary.harvest import candidate_kinds
from glossary.journal import Journal
from glossary.model import CONCEPT_STATUSES, Concept, ConceptChanges, ConceptStatus
from glossary.termbase import ConceptConflict, Termbase
from glossary.terminal import shown
from memories.errors import GlossaryError, ReviewerOnlyError, WorkspaceReadOnlyError
from memories.langs import same_language
from memories.model import TranslationUnit
from tui.dialogs import ConceptDialog, ConceptEdit, ConfirmDialog, ConflictChoice, ConflictDialog
from tui.keys import typing_in_a_field
from tui.render import visible
from tui.widgets.concept_table import ConceptTable
from tui.workbench import LanguagePair, workbench
from tui.writing import read_after_writes, write_in_thread, writes_pending

__all__ = ["GlossaryScreen"]

_ALL = "all"
_SHOWN = 500


@dataclass(frozen=True)
class Filters:
    """What the filter row asks for; None means any."""

    text: str = ""
    status: str | None = None
    domain: str | None = None
    lang: str | None = None
    kind: str | None = None
    """What an extracted candidate names (``glossary.extract.KINDS``)."""


@dataclass(frozen=True)
class Loaded:
    """One answer of the loading worker: the concepts for ``filters`` and the choices the filters offer."""

    filters: Filters
    concepts: list[Concept]
    domains: tuple[str, ...]
    languages: tuple[str, ...]
    kinds: dict[int, str] = field(default_factory=dict)
    """Concept id -> the kind extraction gave it."""
    may_review: bool = True
    """Whether the translator may approve and reject (``Workspace.may_review``, asked here off the UI thread)."""


class GlossaryScreen(Screen[None]):
    """Every concept, filtered by text, status, domain and language; the selected one's definition and
    evidence below."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Plain letters act on the table only: in the filter box (or a select box) they are typed.
        Binding("a", "approve", "Approve"),
        Binding("r", "reject", "Reject"),
        Binding("e", "edit", "Edit"),
        Binding("n", "add", "Add"),
        Binding("d", "delete", "Delete"),
        Binding("space", "mark", "Mark", show=False),
        Binding("m", "merge", "Merge", show=False),
        Binding("c", "candidates", "Candidates"),
        Binding("ctrl+f", "focus_filter", "Filter", show=False),
    ]

    def __init__(self) -> None:
        super().__init__()
        self._concepts: list[Concept] = []
        self._kinds: dict[int, str] = {}
        self._offered: dict[str, tuple[str, ...]] = {}
        self._marked: set[int] = set()
        """Concepts marked with space: approve, reject, delete and merge act on them all."""
        self._own: dict[int, int] = {}
        """Concept id -> its revision after this screen's latest write to it (written by the worker thread)."""
        self._may_review: bool | None = None
        """Whether the translator may approve and reject, once the first load has asked the workspace."""

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="concept-filters"):
            yield Input(placeholder="Filter terms, notes…", id="concept-filter")
            yield Select(
                [("Status", _ALL), *((s, s) for s in CONCEPT_STATUSES)],
                value=_ALL,
                allow_blank=False,
                id="status-filter",
            )
            # Filled from the termbase by the loading worker.
            yield Select([("Domain", _ALL)], value=_ALL, allow_blank=False, id="domain-filter")
            yield Select([("Language", _ALL)], value=_ALL, allow_blank=False, id="lang-filter")
            yield Select(
                [("Kind", _ALL), *((k, k) for k in KINDS)], value=_ALL, allow_blank=False, id="kind-filter"
            )
        with Vertical(id="concept-panes"):
            yield ConceptTable(id="concepts")
            yield Static(id="concept-detail")
        yield Footer()

    def on_mount(self) -> None:
        # The pair names the table's two term columns.
        self.watch(self.app, "pair", self._fill, init=False)
        self.query_one(ConceptTable).focus()

    @property
    def journal(self) -> Journal:
        """Where every change goes, so that ctrl+z undoes it."""
        return Journal(workbench(self).workspace)

    @property
    def pair(self) -> LanguagePair:
        return workbench(self).pair

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if typing_in_a_field(self, action):
            return None  # the key is typed into the field; the footer shows the action greyed out
        return True

    def on_screen_resume(self) -> None:
        self.reload()

    def on_resize(self) -> None:
        self.call_after_refresh(self._fill)

    # -- loading ------------------------------------------------------------------------------------------

    def _filters(self) -> Filters:
        def chosen(selector: str) -> str | None:
            value = self.query_one(selector, Select).value
            return None if value == _ALL else str(value)

        return Filters(
            self.query_one("#concept-filter", Input).value,
            chosen("#status-filter"),
            chosen("#domain-filter"),
            chosen("#lang-filter"),
            chosen("#kind-filter"),
        )

    @on(Input.Submitted, "#concept-filter")
    def _filter_submitted(self) -> None:
        self.query_one(ConceptTable).focus()

    @on(Input.Changed, "#concept-filter")
    @on(Select.Changed, "#status-filter")
    @on(Select.Changed, "#domain-filter")
    @on(Select.Changed, "#lang-filter")
    @on(Select.Changed, "#kind-filter")
    def reload(self) -> None:
        self.load_concepts(self._filters())

    @work(thread=True, exclusive=True, group="concepts")
    def load_concepts(self, filters: Filters) -> None:
        termbase = Termbase(workbench(self).workspace)
        # A kind is known for extracted concepts only: look further, then keep those of the kind.
        limit = _SHOWN if filters.kind is None else _SHOWN * 20
        concepts = termbase.browse(filters.text, filters.status, filters.domain, filters.lang, limit=limit)
        kinds = candidate_kinds(workbench(self).workspace)
        if filters.kind is not None:
            concepts = [c for c in concepts if c.id is not None and kinds.get(c.id) == filters.kind][:_SHOWN]
        may_review = workbench(self).workspace.may_review
        loaded = Loaded(filters, concepts, termbase.domains(), termbase.languages(), kinds, may_review)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, loaded)

    def _show(self, loaded: Loaded) -> None:
        if loaded.filters != self._filters():
            return  # stale: the filters changed while this was loading
        gone = not self._offer("#domain-filter", "Domain", loaded.domains)
        gone |= not self._offer("#lang-filter", "Language", loaded.languages)
        if gone:
            self.reload()  # the chosen domain or language has left the termbase: show them all
            return
        selected = self.selected
        self._may_review = loaded.may_review
        self._concepts = loaded.concepts
        self._kinds = loaded.kinds
        self._marked &= {c.id for c in loaded.concepts if c.id is not None}
        self._fill()
        if selected is not None:
            self._select(selected.id)

    def _offer(self, selector: str, label: str, values: Sequence[str]) -> bool:
        """Make ``values`` the filter's choices, keeping the chosen one; False when it is no longer offered."""
        select: Select[str] = self.query_one(selector, Select)
        if self._offered.get(selector) == tuple(values):
            return True
        chosen = select.value
        with self.prevent(Select.Changed):
            # Domains are user text: literal, controls made visible, and cut rather than wrapped in the narrow box.
            select.set_options(
                [(label, _ALL), *((Text(visible(v), no_wrap=True, overflow="ellipsis"), v) for v in values)]
            )
            self._offered[selector] = tuple(values)
            if chosen in values:
                select.value = chosen
        return chosen == _ALL or chosen in values

    def _fill(self) -> None:
        if not self.is_mounted:
            return
        self.query_one(ConceptTable).show(self._concepts, self._kinds, self._marked, *self._languages())
        self._show_detail()

    def _languages(self) -> tuple[str, str]:
        """The table's two term columns: the pair, or the source and the language filtered on."""
        source, target = self.pair.source, self.pair.target
        lang = self._filters().lang
        if lang is not None and not any(same_language(lang, shown) for shown in (source, target)):
            target = lang
        return source, target

    def _select(self, concept_id: int | None) -> None:
        for row, concept in enumerate(self._concepts):
            if concept.id == concept_id:
                self.query_one(ConceptTable).move_cursor(row=row)
                return

    @property
    def selected(self) -> Concept | None:
        if not self._concepts:
            return None
        row = self.query_one(ConceptTable).cursor_row
        return self._concepts[row] if 0 <= row < len(self._concepts) else None

    @on(DataTable.RowHighlighted, "#concepts")
    def _show_detail(self) -> None:
        concept = self.selected
        detail = self.query_one("#concept-detail", Static)
        if concept is None:
            detail.update(Text("No concept matches the filters.", style="dim"))
            return
        text = Text()
        text.append(f"{concept.origin}, {concept.status}", style="bold")
        if concept.domain:
            text.append(f" · {visible(concept.domain)}")
        for label, value in (("definition", concept.definition), ("note", concept.note)):
            if value:
                text.append(f"\n{label}: ", style="dim")
                text.append(shown(value))  # an imported definition keeps its lines, never its ESC sequences
        detail.update(text)
        if concept.evidence:
            self.load_evidence(concept)

    @work(thread=True, exclusive=True, group="evidence")
    def load_evidence(self, concept: Concept) -> None:
        units = workbench(self).workspace.units_by_id(list(concept.evidence[:3]))
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_evidence, concept, units)

    def _show_evidence(self, concept: Concept, units: list[TranslationUnit]) -> None:
        if self.selected is None or self.selected.id != concept.id:
            return
        detail = self.query_one("#concept-detail", Static)
        text = Text()
        text.append(f"{concept.origin}, {concept.status}", style="bold")
        text.append(f" · evidence in {len(concept.evidence)} units", style="dim")
        for unit in units:
            for lang in self._languages():
                variant = unit.variant(lang)
                if variant is not None:
                    text.append(f"\n{lang}: ", style="dim")
                    text.append(visible(variant.text))
        detail.update(text)

    # -- actions ------------------------------------------------------------------------------------------
    #
    # Each action reads the concepts it acts on when its key arrives and moves the cursor on at once, so that
    # the next key of a quick burst acts on the next row, whenever the workspace answers. Every change goes
    # through the journal: ctrl+z undoes it.

    def _targets(self) -> list[Concept]:
        """The marked concepts on screen, else the one under the cursor."""
        marked = [c for c in self._concepts if c.id in self._marked]
        if marked:
            return marked
        concept = self.selected
        return [concept] if concept is not None and concept.id is not None else []

    def _step(self) -> int | None:
        """The cursor to the next row, before the change is written; the row it is on now, if it moved."""
        table = self.query_one(ConceptTable)
        if table.cursor_row < table.row_count - 1:
            table.move_cursor(row=table.cursor_row + 1)
            return table.cursor_row
        return None

    def _change(
        self, change: Callable[[], object], done: str, refused: Callable[[GlossaryError], bool] | None = None
    ) -> None:
        write_in_thread(self, change, done, self.reload, refused)

    def _expected(self, shown: dict[int, int | None]) -> dict[int, int | None]:
        """The revision each concept must still be at for a write the translator asked for while the table
        showed ``shown``: what was shown, or what this screen wrote since (keys pressed in one burst act on
        what the earlier ones wrote, not on a change of another process's)."""
        return {i: self._own[i] if self._own.get(i, 0) > (r or 0) else r for i, r in shown.items()}

    def _remember(self, ids: Sequence[int]) -> None:
        """After a write of this screen's: the revisions it left (run in the writing thread)."""
        termbase = Termbase(workbench(self).workspace)
        for concept_id in ids:
            concept = termbase.get(concept_id)
            if concept is not None and concept.revision is not None:
                self._own[concept_id] = concept.revision

    def _stale(self, exc: GlossaryError) -> bool:
        """A status change or deletion of a concept another process changed since it was shown: said in a
        toast, nothing written, and the table shows what is there now."""
        if not isinstance(exc, ConceptConflict):
            return False
        self.notify(str(exc), severity="warning", markup=False, timeout=10)
        self.reload()
        return True

    def _set_status(self, status: str) -> None:
        targets = self._targets()
        if not targets:
            return
        verb = {"approved": "approve", "rejected": "reject"}.get(status, status)
        if self._may_review is False:
            # The workspace's trigger would refuse it: said at once, as its refusal is said, the cursor left
            # where it is.
            self.notify(
                f"Only a reviewer may {verb} {self._names(targets)}; nothing was changed (ask a reviewer, or the "
                "team's administrator for the reviewer role)",
                severity="error",
                markup=False,
            )
            return
        ids = [c.id or 0 for c in targets]
        shown = {c.id or 0: c.revision for c in targets}
        label = f"{verb} {self._names(targets)}"
        stepped_to = None
        if len(targets) > 1 or targets[0].id in self._marked:
            self._clear_marks()
        else:
            stepped_to = self._step()

        def change() -> None:
            self.journal.set_status(ids, ConceptStatus(status), label, self._expected(shown))
            self._remember(ids)

        def refused(exc: GlossaryError) -> bool:
            # The cursor went on before the change was written: back on the concept it was refused for, unless
            # the translator has moved it since.
            if stepped_to is not None and self.query_one(ConceptTable).cursor_row == stepped_to:
                self._select(ids[0])
            return self._stale(exc)

        self._change(change, f"{self._names(targets)}: {status}", refused)

    def _names(self, concepts: Sequence[Concept]) -> str:
        if len(concepts) == 1:
            return _label(concepts[0], self.pair.source)
        return f"{len(concepts)} concepts"

    def _clear_marks(self) -> None:
        self._marked.clear()
        self._refresh_marks()

    def _refresh_marks(self) -> None:
        table = self.query_one(ConceptTable)
        for concept in self._concepts:
            table.show_mark(concept.id, concept.id in self._marked)

    def action_approve(self) -> None:
        self._set_status("approved")

    def action_reject(self) -> None:
        self._set_status("rejected")

    def action_mark(self) -> None:
        concept = self.selected
        if concept is None or concept.id is None:
            return
        self._marked ^= {concept.id}
        self.query_one(ConceptTable).show_mark(concept.id, concept.id in self._marked)
        self._step()

    def action_merge(self) -> None:
        concept = self.selected
        if concept is None or concept.id is None:
            return
        others = [c for c in self._concepts if c.id in self._marked and c.id != concept.id]
        if not others:
            self.notify(
                "Mark the concepts to merge with space, then press m on the one to keep", severity="warning"
            )
            return
        keep_id, other_ids = concept.id, [c.id or 0 for c in others]
        label = f"merge {self._names(others)} into {_label(concept, self.pair.source)}"
        self._clear_marks()
        self._change(lambda: self.journal.merge_concepts(keep_id, other_ids, label), label)

    def action_candidates(self) -> None:
        self.query_one("#status-filter", Select).value = "candidate"
        self.query_one(ConceptTable).focus()

    def action_focus_filter(self) -> None:
        self.query_one("#concept-filter", Input).focus()

    def action_edit(self) -> None:
        concept = self.selected
        if concept is None or concept.id is None:
            return
        concept_id = concept.id
        if writes_pending(self.app) or self._own.get(concept_id, 0) > (concept.revision or 0):
            # A change this screen asked for is not in the table yet (a save, then e before the reload): the
            # dialog opens on the concept as stored once it is written, not on the version shown, which the
            # save would then take for another translator's change.
            def opened(latest: Concept | None) -> None:
                if latest is None:
                    self.notify("This concept is no longer in the termbase", severity="warning")
                    self.reload()
                else:
                    self._edit(latest)

            read_after_writes(self, lambda: Termbase(workbench(self).workspace).get(concept_id), opened)
            return
        self._edit(concept)

    def _edit(self, base: Concept, draft: ConceptEdit | None = None, notice: str = "") -> None:
        """The concept dialog on ``base``: the stored version the save is checked against (the one shown,
        or theirs after a conflict, with what the translator typed as ``draft``)."""

        def save(edit: ConceptEdit | None) -> None:
            if edit is not None:
                self._save(base, edit)

        languages = (self.pair.source, self.pair.target)
        self.app.push_screen(ConceptDialog(base, languages, draft, notice), save)

    def _save(self, base: Concept, edit: ConceptEdit, overwriting: ConceptConflict | None = None) -> None:
        """Write ``edit`` over ``base`` if the stored concept is still at ``base``'s revision; a concept
        changed meanwhile (another process) opens the conflict view instead of being overwritten."""
        concept_id = base.id or 0
        label = f"edit {_label(base, self.pair.source)}"
        what = "edit"
        if overwriting is not None:
            label = f"overwrite {_label(base, self.pair.source)}"
            what = f"overwrite revision {base.revision} by {overwriting.by or 'someone'}"
        changes = ConceptChanges(
            terms=edit.terms,
            status=ConceptStatus(edit.status),
            domain=edit.domain,
            definition=edit.definition,
            note=edit.note,
        )

        def refused(exc: GlossaryError) -> bool:
            if isinstance(exc, WorkspaceReadOnlyError):
                self._edit(base, edit, _refusal(exc, "Save it with the status it had"))
                return True
            if not isinstance(exc, ConceptConflict):
                return False
            self._conflict(exc, edit)
            return True

        def change() -> None:
            self.journal.edit_concept(concept_id, changes, label, base.revision, what)
            self._remember([concept_id])

        write_in_thread(
            self,
            change,
            "Concept saved" if overwriting is None else "Concept saved over their version",
            self.reload,
            refused,
        )

    def _conflict(self, conflict: ConceptConflict, edit: ConceptEdit) -> None:
        """Both versions side by side; the translator keeps theirs, writes theirs over, or edits again."""
        self.reload()  # the table shows their version behind the dialog

        def chosen(choice: ConflictChoice | None) -> None:
            theirs = conflict.theirs
            if choice == ConflictChoice.THEIRS:
                self.notify("Kept their version; yours was not saved")
            elif choice == ConflictChoice.MINE and theirs is not None:
                self._save(theirs, edit, overwriting=conflict)
            elif choice == ConflictChoice.MINE:
                self._add(edit)
            elif theirs is not None:
                who = conflict.by or "someone"
                notice = (
                    f"{who} changed this concept (revision {theirs.revision}) while you edited it: "
                    "saving now replaces their version with yours"
                )
                self._edit(theirs, edit, notice)
            else:
                self._add_dialog(
                    edit, f"{conflict.by or 'someone'} deleted this concept: saving adds it anew"
                )

        self.app.push_screen(ConflictDialog(conflict, edit), chosen)

    def action_add(self) -> None:
        if self._may_review is None:
            # Before the first load has asked the workspace (one query on a team workspace): asked off the UI
            # thread, then the dialog.
            termbase = Termbase(workbench(self).workspace)
            read_after_writes(self, lambda: termbase.new_status, lambda _: self._add_dialog())
            return
        self._add_dialog()

    def _add_dialog(self, draft: ConceptEdit | None = None, notice: str = "") -> None:
        def save(edit: ConceptEdit | None) -> None:
            if edit is not None:
                self._add(edit)

        # A translator's new concept on a team workspace starts as a candidate: approved, it would be refused.
        # (Known by now: the first load asked, or action_add did; reading it again takes no connection.)
        new_status = Termbase(workbench(self).workspace).new_status
        languages = (self.pair.source, self.pair.target)
        self.app.push_screen(ConceptDialog(None, languages, draft, notice, new_status), save)

    def _add(self, edit: ConceptEdit) -> None:
        concept = edit.new_concept()
        label = f"add {_label(concept, self.pair.source)}"

        def refused(exc: GlossaryError) -> bool:
            if not isinstance(exc, WorkspaceReadOnlyError):
                return False
            self._add_dialog(edit, _refusal(exc, "Save it as a candidate for a reviewer to approve"))
            return True

        self._change(lambda: self.journal.add_concept(concept, label), "Concept added", refused)

    def action_delete(self) -> None:
        targets = self._targets()
        if not targets:
            return
        ids = [c.id or 0 for c in targets]
        names = self._names(targets)
        shown = {c.id or 0: c.revision for c in targets}

        def delete(sure: bool | None) -> None:
            if sure:
                self._clear_marks()
                self._change(
                    lambda: self.journal.remove_concepts(ids, f"delete {names}", self._expected(shown)),
                    "Deleted " + names,
                    self._stale,
                )

        question = (
            "Delete this concept and all its terms?"
            if len(targets) == 1
            else f"Delete {len(targets)} concepts and all their terms?"
        )
        self.app.push_screen(ConfirmDialog(question, names + " (ctrl+z undoes it)"), delete)


def _refusal(exc: WorkspaceReadOnlyError, advice: str) -> str:
    """What the concept dialog, opened again on what was typed, says of a save the workspace refused: a team
    workspace's review (only a reviewer approves or rejects), or a role that may only read."""
    if isinstance(exc, ReviewerOnlyError):
        return f"Not saved: {exc.act}. {advice}, or ask the team's administrator for the reviewer role"
    return f"Not saved: {exc}"


def _label(concept: Concept, lang: str) -> str:
    term = concept.preferred(lang) or (concept.terms[0] if concept.terms else None)
    return term.text if term else f"concept {concept.id}"
