"""The ``glossary`` command group, its commands loaded one module at a time, and ``main()``."""

from __future__ import annotations

import importlib
import signal
from collections.abc import Iterator, MutableMapping, Sequence
from typing import NamedTuple

import click

from glossary import __version__
from glossary.cli.errors import crashed, errors_as_lines
from glossary.cli.state import State
from glossary.user import ENV_VAR as USER_VAR
from glossary.user import set_user
from glossary.workspace import ENV_VAR, resolve_workspace_path
from memories.errors import GlossaryError

__all__ = ["COMMANDS", "cli", "main"]


class Entry(NamedTuple):
    """Where a command is defined, and the first paragraph of its help (what ``glossary --help`` lists)."""

    where: str
    """``module:attribute`` of the click command."""
    summary: str


# Each command's module is imported only when the command runs (or its own --help is asked): a command pays
# for its own libraries only (numpy, lxml, jieba, Textual...), and `glossary --help` lists every command from
# this table without importing any. tests/cli/test_help.py checks each summary against the command's help.
COMMANDS: dict[str, Entry] = {
    "admin": Entry(
        "glossary.cli.admin:admin",
        "Set up a team workspace on PostgreSQL: its tables, roles and users (run by the database's owner).",
    ),
    "align": Entry(
        "glossary.cli.align:align",
        "Align two language versions of a document (plain text) sentence by sentence, or every document pair "
        "of a folder.",
    ),
    "check": Entry(
        "glossary.cli.check:check",
        "Check a translation against the glossary's approved concepts (--candidates: extraction's unreviewed "
        "ones too): missing target terms and deprecated or forbidden ones. A clean file gets one line saying "
        "so.",
    ),
    "concordance": Entry(
        "glossary.cli.lookup:concordance",
        "Find the segments that contain PHRASE (case, width and punctuation between words do not matter).",
    ),
    "copy": Entry(
        "glossary.cli.copy:copy",
        "Copy a whole workspace (memory, termbase, editor documents, history, undo journal, search index) "
        "from SOURCE into DESTINATION, each a workspace file or a team's postgresql:// URL. DESTINATION must "
        "be new or empty; the copy is one transaction on it.",
    ),
    "export": Entry(
        "glossary.cli.transfer:export",
        "Export the translation memory: TMX 1.4b (every language), PO (source -> target) or TSV; or the "
        "termbase: TBX-Basic (.tbx), or a TSV/CSV with --termbase.",
    ),
    "extract": Entry(
        "glossary.cli.extract:extract",
        "Find the fixed phrases of the memory's LANG segments and propose their TARGET equivalents.",
    ),
    "import": Entry(
        "glossary.cli.transfer:import_",
        "Import translation memories and termbases into the workspace, all or nothing.",
    ),
    "lookup": Entry(
        "glossary.cli.lookup:lookup",
        "Fuzzy-match TEXT (a segment in the source language) against the translation memory.",
    ),
    "merge": Entry(
        "glossary.cli.documents:merge",
        "Write the translated document of XLIFF, a file that `glossary prepare` wrote and a translator filled.",
    ),
    "prepare": Entry(
        "glossary.cli.documents:prepare",
        "Cut DOCUMENT (text, Markdown, HTML, Word .docx) into segments and write them to an XLIFF file.",
    ),
    "pretranslate": Entry(
        "glossary.cli.pretranslate:pretranslate",
        "Fill the untranslated segments of IN (XLIFF 1.2, XLIFF 2.0 or PO) from the memory; write OUT.",
    ),
    "stats": Entry(
        "glossary.cli.stats:stats",
        "Show what the workspace holds: units per language pair, variants per language, origins, and the "
        "language tags merged into one (zh and zh-Hans are listed and exported as zh-CN); or, given a "
        "DOCUMENT (PO, XLIFF, .docx...), its segments and words by status and by match band.",
    ),
    "term": Entry("glossary.cli.terms:term", "Add, edit or remove glossary concepts and their terms."),
    "terms": Entry(
        "glossary.cli.terms:terms",
        "List glossary concepts whose terms contain QUERY (all concepts without one).",
    ),
    "translate": Entry(
        "glossary.cli.workbench:translate",
        "Translate FILE (PO/POT, XLIFF 1.2/2.0, or a document: .docx, .html, .md, .txt) in the segment editor.",
    ),
    "ui": Entry("glossary.cli.workbench:ui", "Open the workbench UI on the workspace."),
}


class _Commands(MutableMapping[str, click.Command]):
    """The group's commands by name, each imported from its module the first time it is asked for."""

    def __init__(self, entries: dict[str, Entry]) -> None:
        self._entries = dict(entries)
        self._loaded: dict[str, click.Command] = {}

    def __getitem__(self, name: str) -> click.Command:
        if name not in self._loaded:
            module, _, attribute = self._entries[name].where.partition(":")
            command = getattr(importlib.import_module(module), attribute)
            assert isinstance(command, click.Command), f"{module}:{attribute} is not a click command"
            self._loaded[name] = command
        return self._loaded[name]

    def __setitem__(self, name: str, command: click.Command) -> None:
        self._loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self._loaded.pop(name, None)
        self._entries.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        return iter(dict.fromkeys([*self._entries, *self._loaded]))

    def __len__(self) -> int:
        return len(set(self._entries) | set(self._loaded))

    def loaded(self, name: str) -> click.Command | None:
        """The command if its module is imported already, else None."""
        return self._loaded.get(name)

    def summary(self, name: str) -> str:
        """The first paragraph of a command's help, read from the table rather than from its module."""
        return self._entries[name].summary


def _user(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """Callback of --user: the name every change this command makes is recorded under (glossary.user)."""
    if value is None:
        return
    try:
        set_user(value)
    except GlossaryError as exc:
        raise click.BadParameter(str(exc).removeprefix("--user: ")) from exc


class _LazyGroup(click.Group):
    """A group whose commands are imported when they run (click's LazyGroup pattern), listed without that."""

    commands: _Commands

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        names = self.list_commands(ctx)
        if not names:
            return
        # The same layout as click.Group.format_commands, the help of a command not yet imported taken from
        # its summary (click shortens it the same way).
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            command = self.commands.loaded(name)
            if command is not None:
                if command.hidden:
                    continue
                rows.append((name, command.get_short_help_str(limit)))
            else:
                # A bare command with the same help: click shortens it exactly as it shortens the real one's.
                rows.append(
                    (name, click.Command(name, help=self.commands.summary(name)).get_short_help_str(limit))
                )
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=_LazyGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--workspace",
    "-w",
    help=f"Workspace file, or a team's postgresql://user@host/dbname (default: ${ENV_VAR}, else the platform "
    "data folder).",
)
@click.option(
    "--user",
    metavar="NAME",
    callback=_user,
    expose_value=False,
    is_eager=True,
    help=f"Who the changes are recorded as: concept and unit history, undo journal, the editor's "
    f"confirmations, TMX changeid (default: ${USER_VAR}, else your login name).",
)
@click.version_option(__version__, prog_name="glossary")
@click.pass_context
def cli(ctx: click.Context, workspace: str | None) -> None:
    """A glossary and translation-memory workbench for translators of diplomatic texts.

    With no command, opens the workbench UI on the workspace.

    \b
    Example:
      glossary import memory.tmx fr.po --target fr
      glossary --user li.wei term edit 12 --note "UN usage"
      glossary stats
    """
    with errors_as_lines():
        ctx.obj = State(resolve_workspace_path(workspace))
    if ctx.invoked_subcommand is None:
        ctx.invoke(cli.commands["ui"])


cli.commands = _Commands(COMMANDS)


def _terminated(signum: int, frame: object) -> None:
    raise SystemExit(128 + signum)


def main(argv: Sequence[str] | None = None) -> None:
    """The command line, with a last resort: no Python traceback reaches the user (glossary.cli.errors.crashed)."""
    # A terminated command unwinds like an interrupted one: its transaction rolls back, its .part file goes.
    signal.signal(signal.SIGTERM, _terminated)
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="glossary")
    except Exception as exc:  # the last resort: every exception becomes one line
        crashed(exc)
