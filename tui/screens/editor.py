"""The segment editor: translate a document segment by segment with the memory's matches, the glossary's terms
and QA beside each segment; every confirmed segment goes into the memory at once."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Label, Static
from textual.worker import get_current_worker

from glossary.editing import (
    STATUSES,
    ConfirmRefused,
    Editing,
    EditSegment,
    SegmentStatus,
    from_tagged,
    match_tagged,
    to_tagged,
)
from glossary.journal import Journal
from glossary.matcher import Match as TermMatch
from glossary.matcher import matcher_for
from glossary.model import ConceptStatus, Term
from glossary.qa import Checker, Issue, Pair, check_pair
from glossary.termbase import Termbase
from memories.documents.model import Code, plain_text
from memories.errors import ReviewerOnlyError, WorkspaceReadOnlyError
from memories.index.lookup import Match, lookup
from tui.dialogs import ConceptDialog, ConceptEdit
from tui.editor_dialogs import ConcordanceDialog, FindReplace, FindReplaceDialog, JumpDialog, UnsavedDialog
from tui.messages import ConfirmRequested, EditRefused, MatchPicked, SegmentChosen
from tui.render import tagged_text
from tui.widgets.match_list import MatchList
from tui.widgets.qa_list import QaList
from tui.widgets.segment_editor import TargetEditor
from tui.widgets.segment_list import SegmentList
from tui.widgets.term_list import TermList
from tui.workbench import workbench
from tui.writing import write_in_thread

__all__ = ["EditorScreen", "Found"]

_FILTERS: tuple[str | None, ...] = (None, *STATUSES)


@dataclass(frozen=True)
class Found:
    """What the memory and the glossary hold for one segment; ``number`` and ``text`` tell a stale answer."""

    number: int
    text: str
    matches: tuple[Match, ...]
    terms: tuple[TermMatch, ...]


class EditorScreen(Screen[None]):
    """One document: its segments, the current segment's source and target, matches, terms and QA."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", priority=True),
        Binding("alt+down,ctrl+down", "move(1)", "Next", priority=True),
        Binding("alt+up,ctrl+up", "move(-1)", "Previous", priority=True),
        # alt+digit reaches Textual as alt+1 only with the kitty keyboard protocol: tmux and xterm send ESC 1,
        # which Textual reads as macOS's option+1 character (¡), and binding those characters would eat a typed
        # £ or ¢; shift+F3 is read as a cursor position report. So ctrl+n then a digit picks match 1-5 in any
        # terminal (ctrl+b would be tmux's prefix), and ctrl+r inserts the next match on each press.
        Binding("ctrl+r", "next_match", "Match", priority=True),
        Binding("ctrl+n", "pick_match", "Match n", priority=True),
        *(
            Binding(f"alt+{n}", f"insert_match({n - 1})", f"Match {n}", show=False, priority=True)
            for n in range(1, 6)
        ),
        Binding("alt+r", "confirm('reviewed')", "Reviewed", priority=True),
        Binding("ctrl+t", "insert_term", "Term", priority=True),
        Binding("alt+c", "copy_source", "Copy source", priority=True),
        Binding("ctrl+g", "jump", "Go to", priority=True),
        Binding("ctrl+f", "find_replace", "Find", priority=True),
        Binding("ctrl+l", "filter_status", "Filter", priority=True),
        Binding("alt+i", "ignore_qa", "Ignore QA", show=False, priority=True),
        Binding("alt+s", "concordance", "Concordance", show=False, priority=True),
        Binding("alt+t", "add_term", "Add term", show=False, priority=True),
        Binding("alt+j", "join", "Join", priority=True),
        Binding("alt+k", "split", "Split", priority=True),
        Binding("alt+l", "lock", "Lock", priority=True),
        Binding("escape", "close_editor", "Close", show=False),
    ]

    def __init__(self, editing: Editing) -> None:
        super().__init__()
        self.editing = editing
        self._found = Found(0, "", (), ())
        self._filter: str | None = None
        self._checker: Checker | None = None
        self._match_index = 0
        self._match_number = 0
        self._applied: tuple[int, str] | None = None
        """(segment number, text) of the exact match put in as that segment was entered (``_exact_to_insert``)."""
        """Which match ctrl+r inserted last, and into which segment."""
        self._told_locked = 0
        """The locked segment whose refusal of typing was said (once a segment, not once a key)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label(id="ed-status")
        with Horizontal(id="ed-body"):
            with Vertical(id="ed-left"):
                yield SegmentList(id="ed-segments")
                yield Static(id="ed-source")
                yield TargetEditor(id="ed-target", soft_wrap=True, show_line_numbers=False)
            with Vertical(id="ed-right"):
                yield Label("Matches (ctrl+r)", classes="pane-title")
                yield MatchList(id="ed-matches")
                yield Label("Terms (ctrl+t)", classes="pane-title")
                yield TermList(id="ed-terms")
                yield Label("QA", classes="pane-title", id="ed-qa-title")
                yield QaList(id="ed-qa")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.editing.path.name
        self.call_after_refresh(self._start)

    def _start(self) -> None:
        self._fill_list()
        self._load(self.editing.cursor)

    def on_resize(self) -> None:
        if self.is_mounted:
            self.call_after_refresh(self._fill_list)

    # -- what is shown ------------------------------------------------------------------------------------

    @property
    def current(self) -> EditSegment:
        return self.editing.current

    @property
    def unsaved(self) -> bool:
        return self.editing.dirty or self._typed()

    def _visible(self) -> list[EditSegment]:
        if self._filter is None:
            return list(self.editing.segments)
        return [s for s in self.editing.segments if s.status == self._filter]

    def _fill_list(self) -> None:
        self.query_one(SegmentList).show(self._visible(), self.current.number)

    def _show_status(self) -> None:
        figures = self.editing.stats()
        done = sum(n for status, n, _ in figures.by_status if status in ("translated", "reviewed", "locked"))
        words = sum(w for status, _, w in figures.by_status if status in ("translated", "reviewed", "locked"))
        segment = self.current
        reviewer = segment.locked_by and not self.editing.file_locks(segment)
        by = f" by {segment.locked_by}" if reviewer else ""
        parts = [
            f"{self.editing.source_lang} → {self.editing.target_lang}",
            f"{segment.number}/{figures.segments} {segment.status}{by}"
            + (" (repetition)" if segment.propagated else ""),
            f"done {done}/{figures.segments}, {words:,}/{figures.words:,} words",
        ]
        if self._filter:
            parts.append(f"showing {self._filter}")
        if self.editing.dirty:
            parts.append("unsaved")
        self.query_one("#ed-status", Label).update(Text("  ·  ".join(parts)))

    def _load(self, index: int) -> None:
        """Make segment ``index`` (0-based) the current one: its source, its target in the editor, and a
        lookup of its matches and terms."""
        self.editing.move(index)
        segment = self.current
        self._told_locked = 0
        theme = self.app.theme_variables
        self.query_one("#ed-source", Static).update(tagged_text(to_tagged(segment.source), theme))
        editor = self.query_one(TargetEditor)
        editor.load_text(to_tagged(segment.target) if segment.target is not None else "")
        editor.read_only = not segment.editable
        editor.move_cursor(editor.document.end)
        editor.focus()
        self.query_one(SegmentList).point_at(segment.number)
        self._found = Found(segment.number, segment.source_text, (), ())
        self.query_one(MatchList).show((), self.editing.source_lang, self.editing.target_lang)
        self.query_one(TermList).show((), self.editing.target_lang)
        self._show_qa()
        self._show_status()
        self.run_lookup(
            segment.number, segment.source_text, self.editing.source_lang, self.editing.target_lang
        )

    @work(thread=True, exclusive=True, group="editor-lookup")
    def run_lookup(self, number: int, text: str, source: str, target: str) -> None:
        ws = workbench(self).workspace
        worker = get_current_worker()
        matches = lookup(ws, text, source, target, min_score=50, limit=5) if text.strip() else []
        if worker.is_cancelled:
            return
        terms = matcher_for(Termbase(ws), source).find(text)
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show_found, Found(number, text, tuple(matches), tuple(terms)))

    def _show_found(self, found: Found) -> None:
        if (found.number, found.text) != (self.current.number, self.current.source_text):
            return  # a stale answer: the translator has moved on
        self._found = found
        self.query_one(MatchList).show(found.matches, self.editing.source_lang, self.editing.target_lang)
        self.query_one(TermList).show(found.terms, self.editing.target_lang)
        if found.matches:
            self.editing.set_score(found.number, found.matches[0].score)
            self.query_one(SegmentList).refresh_segment(self.current)
            if self._exact_to_insert(found.matches[0]):
                self.action_insert_match(0)
                self._applied = (found.number, self.query_one(TargetEditor).text)
        self._show_qa()

    def _exact_to_insert(self, best: Match) -> bool:
        """Whether the best match goes into the target as the segment is entered, as CAT tools apply an exact
        match: a new segment, nothing typed, an exact match that someone checked (not a machine alignment or
        a fuzzy PO entry waiting for review: those stay a ctrl+r away), and a source whose inline codes the
        match puts in their places (``match_tagged``: else they would only be appended for the translator to
        place, and an Enter would confirm them misplaced). It is not confirmed: Enter confirms it; leaving the
        segment with it untouched leaves the segment new (``_typed``), changed keeps it as a draft."""
        segment = self.current
        return (
            best.score >= 100
            and best.target is not None
            and best.unit.status == "translated"
            and segment.status == SegmentStatus.NEW
            and segment.editable
            and not segment.target
            and (
                not any(isinstance(part, Code) for part in segment.source)
                or match_tagged(segment.source, best.source, best.target) is not None
            )
            and not self.query_one(TargetEditor).text
        )

    # -- QA -----------------------------------------------------------------------------------------------

    def _issues(self, segment: EditSegment) -> list[Issue]:
        if segment.target is None:
            return []
        if self._checker is None:
            ws = workbench(self).workspace
            self._checker = Checker.build(Termbase(ws), self.editing.source_lang, self.editing.target_lang)
        issues = check_pair(Pair(segment.number, segment.source, segment.target), self._checker)
        target = plain_text(segment.target)
        for other in self.editing.segments:
            if (
                other.number != segment.number
                and other.source == segment.source
                and other.target is not None
                and other.status in ("translated", "reviewed")
                and plain_text(other.target) != target
            ):
                message = f"translated differently in segment {other.number}: {plain_text(other.target)}"
                issues.append(Issue(segment.number, "consistency", message))
                break
        if self._found.number == segment.number:
            for match in self._found.matches:
                if match.score < 100 or match.target is None or match.unit.id == segment.unit_id:
                    continue
                if match.target.text != target:
                    message = f"the memory has {match.target.text}"
                    issues.append(Issue(segment.number, "consistency", message))
                    break
        return [i for i in issues if i.kind not in segment.ignored]

    def _show_qa(self) -> None:
        issues = self._issues(self.current)
        self.query_one(QaList).show(issues)
        title = (
            f"QA: {len(issues)} finding{'s' if len(issues) != 1 else ''} (alt+i ignores)" if issues else "QA"
        )
        self.query_one("#ed-qa-title", Label).update(Text(title))

    # -- moving -------------------------------------------------------------------------------------------

    def _typed(self) -> bool:
        """Whether the editor holds text that differs from the segment's stored target (an exact match put in
        as the segment was entered, left as it was, is not: passing through a document leaves no drafts)."""
        if not self.is_mounted:
            return False
        stored = to_tagged(self.current.target) if self.current.target is not None else ""
        text = self.query_one(TargetEditor).text
        return text != stored and self._applied != (self.current.number, text)

    def _keep_draft(self) -> None:
        if self._typed() and self.current.editable:
            segment = self.editing.draft(self.current.number, self.query_one(TargetEditor).text)
            self.query_one(SegmentList).refresh_segment(segment)

    def go(self, index: int) -> None:
        self._keep_draft()
        self._load(index)

    def action_move(self, step: int) -> None:
        shown = [s.number - 1 for s in self._visible()] or [self.editing.cursor]
        here = self.editing.cursor
        later = [i for i in shown if (i > here if step > 0 else i < here)]
        if not later:
            self.notify("No more segments this way", severity="warning")
            return
        self.go(later[0] if step > 0 else later[-1])

    @on(SegmentChosen)
    def _chosen(self, event: SegmentChosen) -> None:
        if event.number != self.current.number:
            self.go(event.number - 1)
        else:
            self.query_one(TargetEditor).focus()

    # -- confirming ---------------------------------------------------------------------------------------

    @on(ConfirmRequested)
    def _confirm_requested(self) -> None:
        self.action_confirm()

    def action_confirm(self, status: str = "translated") -> None:
        segment = self.current
        text = self.query_one(TargetEditor).text
        try:
            filled = self.editing.confirm(segment.number, text, status=status)
        except ConfirmRefused as exc:
            self.notify(str(exc), title="Not confirmed", severity="error", markup=False)
            return
        segments = self.query_one(SegmentList)
        segments.refresh_segment(self.current)
        for number in filled:
            segments.refresh_segment(self.editing.segment(number))
        issues = self._issues(self.current)
        if issues:
            lines = "\n".join(f"{i.kind}: {i.message}" for i in issues[:3])
            self.notify(lines, title=f"Segment {segment.number}: QA", severity="warning", markup=False)
        if filled:
            numbers = ", ".join(map(str, filled))
            self.notify(f"Repetitions filled: {numbers}", markup=False)
        following = self.editing.next_needing_work()
        if following is None:
            self.notify("Every segment is done: ctrl+s saves the document", title="Done")
            self._load(self.editing.cursor)
        else:
            self._load(following)

    # -- inserting ----------------------------------------------------------------------------------------

    def _locked(self) -> bool:
        """Whether the current segment is locked (said so, with whose lock): its target is not to be changed
        by any key."""
        segment = self.current
        if segment.editable:
            return False
        if self.editing.file_locks(segment):
            message = f"Segment {segment.number} is locked: the file says not to translate it"
        else:
            message = f"Segment {segment.number} is locked by {segment.locked_by} (reviewer)"
        self.notify(message, severity="warning", markup=False)
        return True

    @on(EditRefused)
    def _edit_refused(self) -> None:
        # Typed into a locked segment: said once a segment, not once a key.
        if self._told_locked != self.current.number:
            self._told_locked = self.current.number
            self._locked()

    def action_lock(self) -> None:
        """Lock the current confirmed segment as a reviewer's sign-off, or unlock one a reviewer locked."""
        segment = self.current
        if segment.editable and self._typed():
            self.notify(
                f"Segment {segment.number} has changes not confirmed: confirm it (alt+r) before locking it",
                title="Not locked",
                severity="warning",
            )
            return
        unlocking = not segment.editable
        try:
            changed = (self.editing.unlock if unlocking else self.editing.lock)(segment.number)
        except ConfirmRefused as exc:
            title = "Not unlocked" if unlocking else "Not locked"
            self.notify(str(exc), title=title, severity="warning", markup=False)
            return
        except WorkspaceReadOnlyError as exc:  # a team workspace: only a reviewer locks and unlocks
            if isinstance(exc, ReviewerOnlyError):
                said = (
                    f"Not {'unlocked' if unlocking else 'locked'}: {exc.act}; nothing was changed (ask a "
                    "reviewer, or the team's administrator for the reviewer role)"
                )
            else:
                said = str(exc)
            self.notify(said, severity="error", markup=False)
            return
        self.query_one(SegmentList).refresh_segment(changed)
        self._load(self.editing.cursor)
        if unlocking:
            self.notify(f"Segment {changed.number} unlocked: reviewed", timeout=3)
        else:
            self.notify(f"Segment {changed.number} locked by {changed.locked_by}", timeout=3)

    def action_next_match(self) -> None:
        if self._locked():
            return
        count = min(5, len(self._found.matches))
        if not count:
            self.notify("No match for this segment", severity="warning")
            return
        self._match_index = (self._match_index + 1) % count if self._inserted_here() else 0
        self.action_insert_match(self._match_index)

    def action_pick_match(self) -> None:
        if self._locked():
            return
        editor = self.query_one(TargetEditor)
        editor.picking = True
        editor.focus()
        self.notify("Which match? 1-5", timeout=2)

    @on(MatchPicked)
    def _match_picked(self, event: MatchPicked) -> None:
        self.action_insert_match(event.number - 1)

    def _inserted_here(self) -> bool:
        return self._match_number == self.current.number

    def action_insert_match(self, index: int) -> None:
        if self._locked():
            return
        matches = self._found.matches
        if index >= len(matches) or matches[index].target is None:
            self.notify(f"No match {index + 1}", severity="warning")
            return
        target = matches[index].target
        assert target is not None
        editor = self.query_one(TargetEditor)
        # The segment's codes where the match's own stood, when the matched unit kept them and they are the
        # segment's; else the match's plain text with the codes appended for the translator to place (a target
        # without them would be refused on confirm).
        text = match_tagged(self.current.source, matches[index].source, target)
        if text is None:
            text = target.text + "".join(
                tag
                for tag in (to_tagged((p,)) for p in self.current.source if not isinstance(p, str))
                if tag not in target.text
            )
        editor.load_text(text)
        editor.move_cursor(editor.document.end)
        editor.focus()
        self._match_index, self._match_number = index, self.current.number

    def action_insert_term(self) -> None:
        if self._locked():
            return
        terms = self._found.terms
        if not terms:
            self.notify("No glossary term in this segment", severity="warning")
            return
        table = self.query_one(TermList)
        found = terms[min(table.cursor_row, len(terms) - 1)] if table.row_count else terms[0]
        usable = [
            t
            for t in found.concept.terms_in(self.editing.target_lang)
            if t.status in ("preferred", "admitted")
        ]
        if not usable:
            self.notify(
                f"{found.text} has no {self.editing.target_lang} term", severity="warning", markup=False
            )
            return
        editor = self.query_one(TargetEditor)
        # Through the editor's own queue: characters typed just before ctrl+t (a burst from an input method)
        # may still wait there, and the term goes after them, where the translator's cursor will be.
        editor.call_later(editor.insert, usable[0].text)
        editor.focus()

    def action_concordance(self) -> None:
        """The memory's concordance of the text selected in the target, or of a phrase the translator types."""
        phrase = self._selected_words()
        self.app.push_screen(ConcordanceDialog(self.editing.source_lang, self.editing.target_lang, phrase))

    def _selected_words(self) -> str:
        """The text selected in the target, without its code tags (no words to look for or to keep as a term;
        a PO ``{0}`` placeholder, no code of the segment, stays) and with its spaces collapsed."""
        selected = from_tagged(self.query_one(TargetEditor).selected_text, self.current.source)
        return " ".join(plain_text(selected).split())

    def action_add_term(self) -> None:
        """Add a concept to the glossary while translating: the text selected in the target as its target term,
        the source term typed in the concept dialog (as a candidate for review when the translator is not a
        reviewer of a team workspace, as ``n`` on the glossary screen)."""
        self._ask_new_status(self._selected_words())

    @work(thread=True, group="editor-add-term")
    def _ask_new_status(self, selected: str) -> None:
        # Off the UI thread: on a team workspace the first ask is a query to the server.
        status = Termbase(workbench(self).workspace).new_status
        self.app.call_from_thread(self._term_dialog, selected, status)

    def _term_dialog(self, selected: str, status: ConceptStatus) -> None:
        source, target = self.editing.source_lang, self.editing.target_lang
        draft = ConceptEdit((Term(source, ""), Term(target, selected)), status, None, None, None)
        notice = f"From segment {self.current.number}: {self.current.source_text}"

        def save(edit: ConceptEdit | None) -> None:
            if edit is None:
                return
            concept = edit.new_concept()
            named = next((t.text for t in edit.terms if t.lang == source), edit.terms[0].text)
            ws = workbench(self).workspace
            write_in_thread(
                self,
                lambda: Journal(ws).add_concept(concept, f"add {named}"),
                f"Added to the glossary ({concept.status}): {named}",
                self._look_up_again,
            )

        self.app.push_screen(ConceptDialog(None, (source, target), draft, notice, status), save)

    def _look_up_again(self) -> None:
        """The current segment's matches and terms again (a concept was just added)."""
        segment = self.current
        self.run_lookup(
            segment.number, segment.source_text, self.editing.source_lang, self.editing.target_lang
        )

    def action_copy_source(self) -> None:
        if self._locked():
            return
        editor = self.query_one(TargetEditor)
        editor.load_text(to_tagged(self.current.source))
        editor.move_cursor(editor.document.end)
        editor.focus()

    # -- finding, jumping, filtering ----------------------------------------------------------------------

    def action_jump(self) -> None:
        self.app.push_screen(JumpDialog(len(self.editing.segments)), self._jumped)

    def _jumped(self, number: int | None) -> None:
        if number is not None:
            self.go(number - 1)

    def action_find_replace(self) -> None:
        self.app.push_screen(FindReplaceDialog(), self._find_replace)

    def _find_replace(self, request: FindReplace | None) -> None:
        if request is None or not request.find:
            return
        if request.replace is None:
            count = len(self.editing.segments)
            for step in range(1, count + 1):
                i = (self.editing.cursor + step) % count
                segment = self.editing.segments[i]
                if request.find in segment.source_text or request.find in segment.target_text:
                    self.go(i)
                    return
            self.notify(f"{request.find!r} is in no segment", severity="warning", markup=False)
            return
        self._keep_draft()
        changed = self.editing.replace_in_targets(request.find, request.replace)
        locked = [
            str(s.number) for s in self.editing.segments if not s.editable and request.find in s.target_text
        ]
        self._fill_list()
        self._load(self.editing.cursor)
        said = f"Replaced in {len(changed)} segment(s); they are drafts to confirm again"
        if locked:
            said += f" (locked, left as they were: {', '.join(locked)})"
        self.notify(said, markup=False)

    def action_filter_status(self) -> None:
        self._filter = _FILTERS[(_FILTERS.index(self._filter) + 1) % len(_FILTERS)]
        shown = self._visible()
        if shown and self.current not in shown:
            self.go(shown[0].number - 1)
        self._fill_list()
        self._show_status()
        self.notify(f"Showing {self._filter or 'all'} segments", timeout=2)

    def action_ignore_qa(self) -> None:
        issues = self._issues(self.current)
        if not issues:
            self.notify("No QA finding to ignore", severity="warning")
            return
        self.editing.ignore(self.current.number, issues[0].kind)
        self._show_qa()

    def action_join(self) -> None:
        """Join the current segment with the next one (sentences of one paragraph of a document, or segments of one
        XLIFF 2.0 unit)."""
        self._keep_draft()
        try:
            joined = self.editing.join(self.current.number)
        except ConfirmRefused as exc:
            self.notify(str(exc), title="Not joined", severity="warning", markup=False)
            return
        self._fill_list()
        self._load(joined.number - 1)
        self.notify(f"Segments {joined.number} and {joined.number + 1} joined", timeout=3)

    def action_split(self) -> None:
        """Split the current segment where the cursor stands in a copy of its source (alt+c copies it)."""
        editor = self.query_one(TargetEditor)
        tagged = to_tagged(self.current.source)
        if editor.text != tagged:
            self.notify(
                "Copy the source with alt+c, put the cursor where the segment should break, then alt+k",
                title="Not split",
                severity="warning",
            )
            return
        row, column = editor.cursor_location
        at = sum(len(line) + 1 for line in tagged.split("\n")[:row]) + column
        try:
            left, _right = self.editing.split(self.current.number, at)
        except ConfirmRefused as exc:
            self.notify(str(exc), title="Not split", severity="warning", markup=False)
            return
        self._fill_list()
        self._load(left.number - 1)
        self.notify(f"Segment {left.number} split in two", timeout=3)

    # -- saving and closing -------------------------------------------------------------------------------

    def action_save(self) -> None:
        self._keep_draft()
        try:
            written = self.editing.save()
        except Exception as exc:  # an unwritable folder, a full disk: say so, keep the work in the workspace
            self.notify(f"Not saved: {exc}", severity="error", markup=False)
            return
        self._show_status()
        self.notify(str(written), title="Saved", markup=False)

    def action_close_editor(self) -> None:
        self.ask_then(self.dismiss_editor)

    def ask_then(self, then: object) -> None:
        """Run ``then`` (closing the editor, quitting), asking first when there is unsaved work."""
        assert callable(then)
        if not self.unsaved:
            then()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self.action_save()
                if not self.editing.dirty:
                    then()
            elif answer == "discard":
                self.editing.dirty = False
                then()

        self.app.push_screen(UnsavedDialog(self.editing.path.name), answered)

    def dismiss_editor(self) -> None:
        self._keep_draft()
        self.app.pop_screen()
