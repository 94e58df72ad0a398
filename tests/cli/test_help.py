"""Every command explains itself with an example (sqlite-utils' rule)."""

from __future__ import annotations

import click
import pytest
from click.testing import CliRunner

from glossary.cli import cli

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
