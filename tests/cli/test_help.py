"""Every command explains itself with an example (sqlite-utils' rule)."""

from __future__ import annotations

import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from glossary.cli import cli
from glossary.cli.group import COMMANDS as ENTRIES
from tests.conftest import REPO

COMMANDS = sorted(cli.commands) if isinstance(cli, click.Group) else []


def test_there_are_commands() -> None:
    assert {"import", "export", "stats", "ui"} <= set(COMMANDS)


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_has_an_example(command: str | None) -> None:
    args = [command, "--help"] if command else ["--help"]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "glossary " in result.output.split("Example", 1)[1]


@pytest.mark.parametrize("command", COMMANDS)
def test_the_command_list_says_what_each_command_says(command: str) -> None:
    # `glossary --help` lists the commands from glossary.cli.group.COMMANDS without importing them: each summary
    # must be the first paragraph of the command's own help, shortened the same way at every width.
    real = cli.commands[command]
    listed = click.Command(command, help=ENTRIES[command].summary)
    for width in (30, 45, 74, 200):
        assert listed.get_short_help_str(width) == real.get_short_help_str(width)


def test_help_lists_the_commands_without_importing_them() -> None:
    # Start-up stays fast: `glossary --help` imports no command module, hence none of their libraries.
    code = (
        "import sys; from click.testing import CliRunner; from glossary.cli import cli; "
        "result = CliRunner().invoke(cli, ['--help']); assert result.exit_code == 0, result.output; "
        "print(' '.join(sorted(m for m in sys.modules if m.startswith(('glossary.cli.', 'numpy', 'textual')))))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    shared = ["glossary.cli.errors", "glossary.cli.group", "glossary.cli.output", "glossary.cli.state"]
    assert result.stdout.split() == shared
