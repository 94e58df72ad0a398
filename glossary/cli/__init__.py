"""The ``glossary`` command line: a thin shell over the memories and glossary library APIs."""

# group.py holds the command group and main(); errors, output, options, state and progress are what the commands
# share; every other module is one command or group of commands, imported only when it runs (group.COMMANDS).

from glossary.cli.errors import INTERNAL_ERROR, USAGE_ERROR
from glossary.cli.group import cli, main

__all__ = ["INTERNAL_ERROR", "USAGE_ERROR", "cli", "main"]
