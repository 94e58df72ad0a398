"""The ``glossary`` command line: a thin shell over the memories and glossary library APIs."""

from __future__ import annotations

import importlib
import os
import pkgutil
import signal
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

import click
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from glossary import __version__
from glossary.failures import known_failure, write_crash_report
from glossary.terminal import SafeConsole
from glossary.workspace import ENV_VAR, open_workspace, resolve_workspace_path
from memories.errors import GlossaryError, InputError
from memories.formats import DEFAULT_TARGET, FORMATS, ReadOptions, WriteOptions
from memories.langs import normalize_tag, same_language
from memories.model import Repairs
from memories.store import Workspace

__all__ = ["main"]

USAGE_ERROR = 2
INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h): a bug, not the user's input

# Every line the CLI writes goes through these two: SafeConsole shows control characters from imported text
# (an ESC sequence in a segment) instead of letting the terminal obey them.
out = SafeConsole(highlight=False, soft_wrap=True)
err = SafeConsole(stderr=True, highlight=False, soft_wrap=True)


def fail(message: str) -> NoReturn:
    """One line on stderr, exit code 2: the convention for bad input and usage errors."""
    err.print(f"glossary: error: {escape(message)}")
    sys.exit(USAGE_ERROR)


@contextmanager
def _errors_as_lines() -> Iterator[None]:
    try:
        yield
    except GlossaryError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        err.print("glossary: interrupted; nothing was changed")
        sys.exit(130)


def _tag(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return normalize_tag(value)
    except InputError as exc:
        raise click.BadParameter(exc.message + (f" ({exc.hint})" if exc.hint else "")) from exc


def _tag_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    return _tag(value)


def _tags_option(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    if not value:
        return None
    tags = tuple(t for t in (_tag(part) for part in value.split(",") if part.strip()) if t)
    for index, tag in enumerate(tags):
        twin = next((earlier for earlier in tags[:index] if same_language(earlier, tag)), None)
        if twin is not None:
            raise click.BadParameter(f"{twin} and {tag} are the same language; give each language once")
    return tags


def source_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--source", default="en", show_default=True, callback=_tag_option, help="Source language (BCP-47)."
    )(f)


def target_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--target", default="zh-CN", show_default=True, callback=_tag_option, help="Target language (BCP-47)."
    )(f)


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


class State:
    """The workspace path chosen on the command line; the workspace is opened only by commands that need it."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def open(self, read_only: bool = False) -> Workspace:
        """The workspace; a command that only reads (``read_only``) refuses a path with no workspace
        rather than create an empty one and report that it found nothing."""
        if read_only and not self.path.exists():
            fail(f"no workspace at {self.path}; `glossary import` creates one")
        with _errors_as_lines():
            ws = open_workspace(self.path)
        ws.lock_timeout = _lock_timeout()
        ws.on_wait = _say_waiting
        return ws


LOCK_TIMEOUT_VAR = "GLOSSARY_LOCK_TIMEOUT"


def _lock_timeout() -> float:
    """Seconds a command waits for another one writing the same workspace ($GLOSSARY_LOCK_TIMEOUT, else 600)."""
    try:
        return max(float(os.environ.get(LOCK_TIMEOUT_VAR, "600")), 0.0)
    except ValueError:
        fail(f"${LOCK_TIMEOUT_VAR} must be a number of seconds")


def _say_waiting() -> None:
    err.print(
        f"glossary: waiting for another import into this workspace to finish… (up to {_lock_timeout():g} s; "
        "Ctrl+C stops, changing nothing)"
    )


pass_state = click.make_pass_decorator(State)


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--workspace",
    "-w",
    type=click.Path(dir_okay=False, path_type=Path),
    help=f"Workspace file (default: ${ENV_VAR}, else the platform data folder).",
)
@click.version_option(__version__, prog_name="glossary")
@click.pass_context
def cli(ctx: click.Context, workspace: Path | None) -> None:
    """A glossary and translation-memory workbench for translators of diplomatic texts.

    With no command, opens the workbench UI on the workspace.

    \b
    Example:
      glossary import memory.tmx fr.po --target fr
      glossary stats
    """
    with _errors_as_lines():
        ctx.obj = State(resolve_workspace_path(workspace))
    if ctx.invoked_subcommand is None:
        ctx.invoke(ui)


@cli.command()
@pass_state
def ui(state: State) -> None:
    """Open the workbench UI on the workspace.

    \b
    Example:
      glossary --workspace demo.glossary ui
    """
    from tui.app import make_app  # imported here: the rest of the CLI must not pay for Textual

    ws = state.open()
    app = make_app(ws)
    try:
        app.run()
    finally:
        ws.interrupt()  # a lookup still running in a worker thread would hold the exit up until it ends
        ws.close()
    # Quitting takes a fraction of a second only without Python's teardown of the ~600 modules the UI loaded
    # (0.3 to 0.9 s, measured) and without joining the worker threads; every change is committed and the
    # workspace closed by now, so nothing is lost by ending the process here.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(app.return_code or 0)


@contextmanager
def _progress(enabled: bool) -> Iterator[Callable[[str, int], None] | None]:
    """A live progress display on stderr, started only when the first figures arrive, so that a command
    refused at once prints its one error line and nothing else."""
    if not enabled:
        yield None
        return
    bar: Progress | None = None
    tasks: dict[str, Any] = {}

    def update(name: str, count: int) -> None:
        nonlocal bar
        if bar is None:
            bar = Progress(
                SpinnerColumn(),
                TextColumn("{task.description}"),
                BarColumn(bar_width=None),
                TextColumn("{task.completed:,} read"),  # units or concepts: the file decides
                TimeElapsedColumn(),
                console=err,
                transient=True,
            )
            bar.start()
        if name not in tasks:
            tasks[name] = bar.add_task(escape(Path(name).name), total=None)
        bar.update(tasks[name], completed=count)

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()


@cli.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), help="Format of every FILE."
)
@source_option
@click.option(
    "--target",
    callback=_tag_option,
    help="Target language of files that do not name it (PO without a Language header, XLIFF without "
    f"target-language). Default: a PO's name (fr.po, fr/LC_MESSAGES/x.mo), else {DEFAULT_TARGET}.",
)
@click.option("--lang", callback=_tag_option, help="Language of a plain-text file (default: from its name).")
@click.option("--parallel", is_flag=True, help="FILES are one text per language, aligned line by line.")
@click.option(
    "--langs", callback=_tags_option, help="With --parallel: the files' languages, comma-separated."
)
@click.option("--skip-fuzzy", is_flag=True, help="Leave PO fuzzy entries out instead of marking them fuzzy.")
@click.option("--encoding", help="Encoding of text files without a BOM (default UTF-8).")
@click.option(
    "--termbase",
    "into",
    flag_value="termbase",
    help="Tables (.tsv/.csv) are termbases, whatever their header.",
)
@click.option("--tm", "into", flag_value="tm", help="Tables (.tsv/.csv) are translation memories.")
@click.option("--force", is_flag=True, help="Import even text that does not look like its stated language.")
@click.option(
    "--repair",
    is_flag=True,
    help="TMX/XLIFF: replace characters XML 1.0 forbids (a vertical tab) by U+FFFD and say where, "
    "instead of refusing the file.",
)
@json_option
@pass_state
def import_(
    state: State,
    files: tuple[Path, ...],
    fmt: str | None,
    source: str,
    target: str | None,
    lang: str | None,
    parallel: bool,
    langs: tuple[str, ...] | None,
    skip_fuzzy: bool,
    encoding: str | None,
    into: str | None,
    force: bool,
    repair: bool,
    as_json: bool,
) -> None:
    """Import translation memories and termbases into the workspace, all or nothing.

    Formats: TMX (.tmx, .tmx.gz), gettext (.po, .pot, .mo), tables whose header names languages (.tsv, .csv),
    plain text (.txt, split into sentences) and, with --parallel, texts aligned line by line. Importing the
    same file again adds nothing.

    Termbases: .tbx files (TBX v3 and v2), and tables whose header has a concept column (domain,
    definition, status, part of speech or concept) next to the languages; --termbase or --tm decides for
    every table. Synonyms share a cell, separated by " | ".

    A file whose first segments are not in the language given or inferred (x.zh.txt --lang en, a PO whose
    msgstr is in its msgid's language) is refused, naming the language it looks like; --force imports it.

    A TMX or XLIFF holding a character XML 1.0 forbids (a vertical tab from Trados) is refused at its line;
    --repair replaces each by U+FFFD, visible and searchable, rather than drop it and join two words.

    \b
    Examples:
      glossary import memory.tmx
      glossary import zh_CN.po --source en
      glossary import --parallel UNv1.0.devset.en UNv1.0.devset.zh
      glossary import seeds/diplomatic-terms.en-zh.tsv terms.tbx
    """
    from glossary.transfer import TERMBASE_FORMATS, import_any, report_line
    from memories.importer import import_parallel

    if langs and not parallel:
        fail("--langs goes with --parallel (use --lang for a plain-text file)")
    ws = state.open()
    try:
        with _errors_as_lines(), _progress(not as_json) as progress, ws.atomic():
            if parallel:
                reports = [import_parallel(ws, files, langs, encoding, progress, force)]
            else:
                options = ReadOptions(
                    source, target, lang, skip_fuzzy, encoding, Repairs() if repair else None
                )
                reports = import_any(ws, files, options, fmt, into, progress, force)
    finally:
        ws.close()
    if as_json:
        out.print_json(
            data=[
                {
                    "file": r.path,
                    "format": r.format,
                    "termbase": r.format in TERMBASE_FORMATS,
                    "added": r.added,
                    "already_present": r.already_present,
                    "left_out": r.left_out,
                    "repaired": r.repaired,
                    "repaired_lines": list(r.repaired_lines),
                    "languages": sorted(r.languages),
                }
                for r in reports
            ]
        )
        return
    for report in reports:
        out.print(escape(report_line(report)))


@cli.command(name="export")
@click.argument("out_path", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tmx", "po", "tsv", "tbx", "xliff", "xliff12"]),
    help="Default: from OUT's name.",
)
@source_option
@target_option
@click.option("--langs", callback=_tags_option, help="TMX/TSV: only these languages, comma-separated.")
@click.option("--termbase", is_flag=True, help="Write the termbase (implied by .tbx), not the memory.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["approved", "candidate", "rejected"]),
    help="Termbase: concepts of this status (several times for several). Default: approved only.",
)
@click.option(
    "--monolingual",
    is_flag=True,
    help="TMX: also units in one language only (plain text imported for concordance), left out by default.",
)
@click.option(
    "--raw-cells",
    is_flag=True,
    help="CSV/TSV: write cells as they are, for pipelines. By default a cell that a spreadsheet would run "
    "as a formula (it begins with = + - @) gets a leading ' (glossary import reads it back unchanged).",
)
@pass_state
def export(
    state: State,
    out_path: Path,
    fmt: str | None,
    source: str,
    target: str,
    langs: tuple[str, ...] | None,
    termbase: bool,
    statuses: tuple[str, ...],
    monolingual: bool,
    raw_cells: bool,
) -> None:
    """Export the translation memory: TMX 1.4b (every language), PO (source -> target) or TSV; or the
    termbase: TBX-Basic (.tbx), or a TSV/CSV with --termbase.

    The file is written to a temporary name and renamed when complete. A termbase export holds the
    approved concepts (extraction's candidates and rejected concepts only with --status); a memory export
    holds translations: units in one language are left out unless --monolingual.

    \b
    Examples:
      glossary export memory.tmx
      glossary export fr.po --target fr
      glossary export memory.tsv --langs en,zh-CN,fr
      glossary export glossary.tbx
      glossary export glossary.csv --termbase --langs en,zh-CN
      glossary export review.tbx --status candidate
    """
    from glossary.transfer import DEFAULT_EXPORT_STATUSES, export_memory, export_termbase, is_termbase_export

    ws = state.open(read_only=True)
    try:
        with _errors_as_lines():
            if is_termbase_export(out_path, fmt, termbase):
                chosen = statuses or DEFAULT_EXPORT_STATUSES
                written = export_termbase(
                    ws, out_path, fmt, source, langs, neutralize_cells=not raw_cells, statuses=chosen
                )
                what = "concepts"
                held = f" ({', '.join(chosen)})"
            else:
                options = WriteOptions(source, target, langs, neutralize_cells=not raw_cells)
                written = export_memory(ws, out_path, fmt, options, monolingual=monolingual)
                what, held = "units", ""
    finally:
        ws.close()
    out.print(f"{escape(str(out_path))}: {written:,} {what} written{escape(held)}")


@cli.command()
@click.argument("document", required=False, type=click.Path(dir_okay=False, path_type=Path))
@source_option
@target_option
@json_option
@pass_state
def stats(state: State, document: Path | None, source: str, target: str, as_json: bool) -> None:
    """Show what the workspace holds: units per language pair, variants per language, origins, and the
    language tags merged into one (zh and zh-Hans are listed and exported as zh-CN); or, given a
    DOCUMENT (PO, XLIFF, .docx...), its segments and words by status and by match band.

    \b
    Example:
      glossary stats --json
      glossary stats statement.zh_CN.po
    """
    if document is not None:
        from glossary.commands.translate import document_stats

        document_stats(state, document, source, target, as_json)
        return
    from memories.canonical import workspace_merges

    ws = state.open(read_only=True)
    try:
        figures = ws.stats()
        merges = workspace_merges(ws)
    finally:
        ws.close()
    if as_json:
        out.print_json(
            data={
                "workspace": str(state.path),
                "units": figures.units,
                "variants_per_language": dict(figures.variants_per_language),
                "units_per_pair": [{"pair": [a, b], "units": n} for a, b, n in figures.units_per_pair],
                "origins": [
                    {"name": o.name, "format": o.format, "imported_at": o.imported_at, "units": o.units}
                    for o in figures.origins
                ],
                "merged_tags": {m.canonical: list(m.tags) for m in merges},
            }
        )
        return
    out.print(f"Workspace {escape(str(state.path))}: {figures.units:,} translation units")
    _print_table(
        "Language pairs", ("pair", "units"), [(f"{a} ↔ {b}", f"{n:,}") for a, b, n in figures.units_per_pair]
    )
    _print_table(
        "Languages", ("language", "variants"), [(lang, f"{n:,}") for lang, n in figures.variants_per_language]
    )
    for merge in merges:
        out.print(
            escape(f"Tags {', '.join(merge.tags)} are one language: listed and exported as {merge.canonical}")
        )
    _print_table(
        "Origins",
        ("origin", "format", "imported", "units"),
        [(o.name, o.format, o.imported_at, f"{o.units:,}") for o in figures.origins],
    )


def _print_table(title: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    if not rows:
        return
    table = Table(title=title, title_justify="left")
    for i, header in enumerate(headers):
        table.add_column(header, justify="right" if i == len(headers) - 1 else "left")
    for row in rows:
        table.add_row(*(escape(cell) for cell in row))
    out.print(table)


def _load_command_modules() -> None:
    # Each module in glossary/commands adds its commands to `cli`; their heavy imports stay inside the commands.
    import glossary.commands as package

    for info in pkgutil.iter_modules(package.__path__):
        importlib.import_module(f"{package.__name__}.{info.name}")


_load_command_modules()


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> None:
    """The command line, with a last resort: no Python traceback reaches the user. A failure of the machine
    (a full disk, a read-only or damaged workspace) is one line saying what to do; anything else is one line
    and a crash report with the traceback, for a bug report."""
    # A terminated command unwinds like an interrupted one: its transaction rolls back, its .part file goes.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="glossary")
    except Exception as exc:  # the last resort: every exception becomes one line
        known = known_failure(exc)
        if known is not None:
            err.print(f"glossary: error: {escape(known)}")
            sys.exit(USAGE_ERROR)
        report = write_crash_report(exc)
        where = f"the details are in {report}" if report else "no crash report could be written"
        reason = " ".join(str(exc).split())[:200]
        err.print(
            f"glossary: internal error: {escape(type(exc).__name__)}"
            + (f": {escape(reason)}" if reason else "")
            + f" ({where}; please report it)"
        )
        sys.exit(INTERNAL_ERROR)
