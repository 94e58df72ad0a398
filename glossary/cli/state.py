"""The workspace a command works on: chosen on the command line, opened only by the commands that need it."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from glossary.cli.errors import errors_as_lines, fail
from glossary.cli.output import err
from glossary.workspace import open_workspace
from memories.store import Workspace

__all__ = ["LOCK_TIMEOUT_VAR", "State", "pass_state"]

LOCK_TIMEOUT_VAR = "GLOSSARY_LOCK_TIMEOUT"


class State:
    """The workspace path chosen on the command line; the workspace is opened only by commands that need it."""

    def __init__(self, path: Path | str) -> None:
        self.path = path
        """The workspace file, or a team workspace's ``postgresql://`` URL."""

    def open(self, read_only: bool = False) -> Workspace:
        """The workspace; a command that only reads (``read_only``) refuses a path with no workspace
        rather than create an empty one and report that it found nothing."""
        if read_only and isinstance(self.path, Path) and not self.path.exists():
            fail(f"no workspace at {self.path}; `glossary import` creates one")
        with errors_as_lines():
            ws = open_workspace(self.path)
        ws.lock_timeout = _lock_timeout()
        ws.on_wait = _say_waiting
        return ws

    @contextmanager
    def workspace(self, read_only: bool = False) -> Iterator[Workspace]:
        """The workspace open for the block, closed after it; a library error in the block is its one line."""
        ws = self.open(read_only)
        try:
            with errors_as_lines():
                yield ws
        finally:
            ws.close()


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
