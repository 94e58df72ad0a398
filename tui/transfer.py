"""Import, export and extraction dialogs: a form, then the work in a thread worker with a progress bar (tui.work)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, SelectionList, Static
from textual.widgets.selection_list import Selection

from glossary.formats import find, is_table
from glossary.harvest import extract_into_termbase, store_candidates
from glossary.termbase import Termbase
from glossary.transfer import (
    export_memory,
    export_termbase,
    import_any,
    is_termbase_export,
    report_line,
)
from memories.errors import InputError
from memories.formats import ReadOptions, WriteOptions
from memories.importer import import_parallel
from memories.model import ImportReport
from memories.progress import Progress
from memories.store import Workspace
from tui.dialogs import ConfirmDialog
from tui.render import origin_name
from tui.widgets.fields import FormError, language_row, path_input, tag, tags
from tui.work import WorkDialog

__all__ = [
    "ExportDialog",
    "ExportDone",
    "ExtractDialog",
    "ExtractionDone",
    "ImportDialog",
    "ImportDone",
    "parallel_paths",
]

R = TypeVar("R")


# -- results ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportDone:
    """What an import from the dialog did, one report per file."""

    reports: tuple[ImportReport, ...]

    @property
    def lines(self) -> tuple[str, ...]:
        return tuple(report_line(r) for r in self.reports)


@dataclass(frozen=True)
class ExportDone:
    path: Path
    written: int
    what: str
    """"units" (the memory) or "concepts" (the termbase)."""

    @property
    def line(self) -> str:
        return f"{self.path}: {self.written:,} {self.what} written"


@dataclass(frozen=True)
class ExtractionDone:
    lang: str
    target: str
    found: int
    """How many candidate terms the extraction found."""
    added: int
    updated: int
    unchanged: int
    kept: int

    @property
    def line(self) -> str:
        if not self.found:
            return f"No candidate terms: the memory has no {self.lang} segments."
        return (
            f"{self.found} candidates: {self.added} added, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.kept} left as they were"
        )


# -- paths -----------------------------------------------------------------------------------------------


def parallel_paths(text: str) -> list[Path]:
    """The files of a parallel import, written as the store names them: ``corpus/UN.{en,zh}`` or
    ``a.txt + b.txt``."""
    parts = [part.strip() for part in text.split(" + ") if part.strip()]
    if len(parts) == 1:
        braces = re.fullmatch(r"(.*)\{([^{}]*,[^{}]*)\}(.*)", parts[0])
        if braces:
            head, alternatives, tail = braces.groups()
            parts = [f"{head}{alt.strip()}{tail}" for alt in alternatives.split(",")]
    return [Path(part).expanduser() for part in parts]


# -- import ----------------------------------------------------------------------------------------------

_AUTO = "auto"


class _FileDialog(WorkDialog[R]):
    """A file, its format and the languages: the form the import and export dialogs share."""

    STAGES: ClassVar[dict[str, str]] = {"start": "Starting"}
    FILE_EXAMPLES = ""
    FORMATS: ClassVar[tuple[tuple[str, str], ...]] = ()
    LANGUAGES_HINT = ""
    TARGET_HINT = ""

    def __init__(self, workspace: Workspace, source: str = "en", target: str = "zh-CN") -> None:
        super().__init__(workspace)
        self.source, self.target = source, target

    def form(self) -> ComposeResult:
        with Horizontal(classes="dialog-row"):
            yield Label("File", classes="field")
            yield path_input(self.FILE_EXAMPLES)
        with Horizontal(classes="dialog-row"):
            yield Label("Format", classes="field")
            yield Select(self.FORMATS, value=_AUTO, allow_blank=False, id="format", compact=True)
        yield from language_row(self.source, self.target, self.LANGUAGES_HINT, self.TARGET_HINT)


_IMPORT_FORMATS = (
    ("From the file name", _AUTO),
    ("TMX", "tmx"),
    ("gettext PO / MO", "po"),
    ("Table (.tsv, .csv) as a memory", "tsv"),
    ("Table (.tsv, .csv) as a termbase", "termbase"),
    ("Plain text, split into sentences", "text"),
    ("XLIFF 1.2 or 2.0", "xliff"),
    ("Parallel texts, one per language", "parallel"),
)
_IMPORT_HINTS = {
    "tmx": "TMX keeps every language of each unit; Source is the language of units without srclang.",
    "po": "PO: msgid is in Source; msgstr in the Language header's language, else Target, else the "
    "file's name (fr.po, fr/LC_MESSAGES/x.mo).",
    "tsv": "A table whose header names the languages (en, zh-CN …), one unit a row.",
    "table": "A table whose header names the languages: a termbase when it has a concept column "
    "(domain, definition, status …), else a memory.",
    "termbase": "A termbase table: the header names the languages; synonyms share a cell, split by ' | '.",
    "tbx": "A TBX termbase (v3 or v2): every concept with its terms.",
    "text": "Plain text split into sentences; Languages: its language (default: from the name, else Source).",
    "xliff": "XLIFF 1.2 or 2.0: the file names its languages.",
    "parallel": "One file per language, aligned line by line: write UN.{en,zh} or a.txt + b.txt; "
    "Languages: theirs, comma-separated (default: from the names).",
    _AUTO: "The format comes from the name: .tmx .po .mo .tsv .csv .txt .xlf .tbx, or parallel texts "
    "named UN.{en,zh}; → takes a suggested path.",
}


def _import_kind(fmt: str, path: str) -> str:
    """Which hint fits: the chosen format, or the one the file's name says."""
    if fmt != _AUTO or not path.strip():
        return fmt
    if len(parallel_paths(path)) > 1:
        return "parallel"
    detected = find(Path(path.strip()))
    if detected is None:
        return _AUTO
    return "table" if detected.name == "tsv" else detected.name


class ImportDialog(_FileDialog[ImportDone]):
    """Import a memory or termbase file: path, format, languages; the whole import is one transaction."""

    HEADING = "Import a file"
    GO = "Import"
    FILE_EXAMPLES = "memory.tmx, fr.po, terms.tbx, corpus/UN.{en,zh} …"
    FORMATS = _IMPORT_FORMATS
    LANGUAGES_HINT = "plain text: its language; parallel: en, zh"
    TARGET_HINT = "from file"

    def __init__(self, workspace: Workspace, source: str = "en", target: str = "") -> None:
        # Target is left empty: a file that names its languages (TMX, XLIFF, a PO header or name) is read
        # in them, and only a file that names none needs it (else zh-CN, as on the command line).
        super().__init__(workspace, source, target)

    @on(Select.Changed, "#format")
    @on(Input.Changed, "#path")
    def show_hint(self) -> None:
        kind = _import_kind(self._format, self.query_one("#path", Input).value)
        self.query_one("#hint", Static).update(Text(_IMPORT_HINTS.get(kind, "")))

    @property
    def _format(self) -> str:
        return str(self.query_one("#format", Select).value)

    def submit(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise FormError("name the file to import")
        source = tag(self.query_one("#source", Input).value, "Source")
        target_text = self.query_one("#target", Input).value
        target = tag(target_text, "Target") if target_text.strip() else None
        languages = tags(self.query_one("#languages", Input).value, "Languages")
        fmt = self._format
        ws = self.workspace
        if _import_kind(fmt, text) == "parallel":
            paths = parallel_paths(text)

            def run_parallel(report: Progress) -> ImportDone:
                done = import_parallel(ws, paths, languages or None, None, _units(report))
                return ImportDone((done,))

            self.start(run_parallel, "start")
            return
        path = Path(text).expanduser()
        kind = _import_kind(fmt, text)
        if len(languages) > 1:
            raise FormError("Languages: one tag for a plain text (several go with parallel texts)")
        options = ReadOptions(source, target, languages[0] if languages else None)
        into = {"termbase": "termbase", "tsv": "tm"}.get(fmt)
        reader = None if fmt in (_AUTO, "termbase") else fmt
        if kind == "termbase" and not is_table(path):
            raise InputError(path, "a termbase table is a .tsv or .csv file", hint="or choose another format")

        def run(report: Progress) -> ImportDone:
            return ImportDone(tuple(import_any(ws, [path], options, reader, into, _units(report))))

        self.start(run, "start")


def _units(report: Progress) -> Progress:
    """The importer's progress (stage: the file's name) as a dialog stage."""
    return lambda name, count, total: report(f"Reading {Path(name).name}", count, total)


# -- export ----------------------------------------------------------------------------------------------

_EXPORT_FORMATS = (
    ("From the file name", _AUTO),
    ("TMX 1.4b: the memory, every language", "tmx"),
    ("PO: the memory, Source → Target", "po"),
    ("TSV: the memory", "tsv"),
    ("XLIFF 2.0: the memory", "xliff"),
    ("XLIFF 1.2: the memory", "xliff12"),
    ("TBX-Basic: the termbase", "tbx"),
    ("Table (.tsv, .csv): the termbase", "termbase"),
)
_EXPORT_HINTS = {
    "tmx": "Every unit in every language (or only Languages), TMX 1.4b.",
    "po": "One entry per unit with Source and Target variants.",
    "tsv": "A column per language (every language, or only Languages).",
    "xliff": "XLIFF 2.0, Source → Target.",
    "xliff12": "XLIFF 1.2, Source → Target.",
    "tbx": "Every concept of the termbase, TBX-Basic.",
    "termbase": "Every concept, a column per language (every language, or only Languages).",
    _AUTO: "The format comes from the name: .tmx .po .tsv .xlf .tbx (a .csv/.tsv is the memory).",
}


class ExportDialog(_FileDialog[ExportDone]):
    """Export the memory or the termbase to a file; an existing file is replaced only when confirmed."""

    HEADING = "Export"
    GO = "Export"
    FILE_EXAMPLES = "memory.tmx, fr.po, memory.tsv, glossary.tbx …"
    FORMATS = _EXPORT_FORMATS
    LANGUAGES_HINT = "TMX, TSV, tables: only these, e.g. en, zh-CN"

    @on(Select.Changed, "#format")
    @on(Input.Changed, "#path")
    def show_hint(self) -> None:
        fmt = str(self.query_one("#format", Select).value)
        if fmt == _AUTO:
            name = Path(self.query_one("#path", Input).value.strip() or "-")
            detected = find(name)
            fmt = _AUTO if detected is None else detected.name
        self.query_one("#hint", Static).update(Text(_EXPORT_HINTS.get(fmt, "")))

    def submit(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            raise FormError("name the file to write")
        path = Path(text).expanduser()
        source = tag(self.query_one("#source", Input).value, "Source")
        target = tag(self.query_one("#target", Input).value, "Target")
        languages = tags(self.query_one("#languages", Input).value, "Languages") or None
        choice = str(self.query_one("#format", Select).value)
        termbase = choice in ("tbx", "termbase") or is_termbase_export(path)
        fmt = None if choice in (_AUTO, "termbase") else choice
        if choice == "termbase" and not is_table(path):
            raise InputError(path, "a termbase table is a .tsv or .csv file", hint="or choose TBX")
        if path.is_dir():
            raise InputError(path, "is a folder", hint="name a file in it")
        ws = self.workspace

        def run(report: Progress) -> ExportDone:
            total = Termbase(ws).count() if termbase else ws.count_units()

            def written(name: str, count: int, _: int | None) -> None:
                report(f"Writing {path.name}", count, total)

            if termbase:
                return ExportDone(
                    path, export_termbase(ws, path, fmt, source, languages, written), "concepts"
                )
            options = WriteOptions(source, target, languages)
            return ExportDone(path, export_memory(ws, path, fmt, options, written), "units")

        if path.exists():

            def overwrite(sure: bool | None) -> None:
                if sure:
                    self.start(run, "start")

            self.app.push_screen(OverwriteDialog(f"Replace {path.name}?", str(path)), overwrite)
            return
        self.start(run, "start")


class OverwriteDialog(ConfirmDialog):
    """Ask before an export replaces a file."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(self.question), classes="dialog-title")
            yield Static(Text(self.detail), classes="dialog-detail")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Replace", variant="warning", id="yes")
                yield Button("Cancel", id="no")


# -- extraction ------------------------------------------------------------------------------------------


class ExtractDialog(WorkDialog[ExtractionDone]):
    """Extract candidate terms with proposed equivalents and store them for review, as `glossary extract`."""

    HEADING = "Extract candidate terms"
    GO = "Extract"
    STAGES: ClassVar[dict[str, str]] = {
        "start": "Starting",
        "reading": "Reading segments",
        "counting": "Counting phrases (by length)",
        "scoring": "Scoring",
        "equivalents": "Proposing equivalents",
        "storing": "Storing the candidates",
    }
    TOP = 50
    """As ``glossary extract --top``."""

    def __init__(self, workspace: Workspace, source: str = "en", target: str = "zh-CN") -> None:
        super().__init__(workspace)
        self.source, self.target = source, target

    def form(self) -> ComposeResult:
        # Several origins may be picked (the translator's own press releases without the UN set); none
        # picked is every unit. Names are files: literal text, never markup.
        names = list(dict.fromkeys(o.name for o in self.workspace.origins()))
        origins = [Selection(Text(_short(name)), name) for name in names]
        with Horizontal(classes="dialog-row"):
            yield Label("Terms in", classes="field")
            yield Input(self.source, id="source", compact=True, classes="tag")
            yield Label("Equivalents", classes="field")
            yield Input(self.target, id="target", compact=True, classes="tag")
        with Horizontal(classes="dialog-row"):
            yield Label("Top", classes="field")
            yield Input(str(self.TOP), id="top", type="integer", compact=True, classes="tag")
        with Horizontal(classes="dialog-row"):
            yield Label("From", classes="field")
            yield SelectionList[str](*origins, id="origins", compact=True)

    def show_hint(self) -> None:
        self.query_one("#hint", Static).update(
            Text(
                "From: space picks the files to extract from (none picked: every unit). Candidates go to "
                "the glossary's candidate queue (F3, c); concepts a person approved, rejected or edited stay "
                "as they are."
            )
        )

    def submit(self) -> None:
        lang = tag(self.query_one("#source", Input).value, "Terms in")
        target = tag(self.query_one("#target", Input).value, "Equivalents")
        if lang == target:
            raise FormError(f"terms and equivalents are both {lang}: choose two languages")
        top_text = self.query_one("#top", Input).value.strip()
        if not top_text.isdigit() or int(top_text) < 1:
            raise FormError("Top: how many candidates, 1 or more")
        top = int(top_text)
        picked = self.query_one("#origins", SelectionList).selected
        origin: str | list[str] | None = (picked[0] if len(picked) == 1 else list(picked)) if picked else None
        ws = self.workspace

        def run(report: Progress) -> ExtractionDone:
            found = extract_into_termbase(ws, lang, target, origin, top, store=False, progress=report)
            report("storing", 0, None)
            stored = None
            if found.candidates:
                with ws.atomic():
                    stored = store_candidates(ws, found, lang, target).stored
                    # A cancel pressed while storing still stores nothing: the transaction rolls back.
                    report("storing", len(found.candidates), len(found.candidates))
            figures = (
                (stored.added, stored.updated, stored.unchanged, stored.kept) if stored else (0, 0, 0, 0)
            )
            return ExtractionDone(lang, target, len(found.candidates), *figures)

        self.start(run, "start")


def _short(name: str) -> str:
    return origin_name(name) or name
