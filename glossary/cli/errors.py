"""How the command line fails: one line on stderr and an exit code, never a traceback."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

from rich.markup import escape

from glossary.cli.output import err
from glossary.failures import known_failure, write_crash_report
from memories.errors import GlossaryError

__all__ = ["INTERNAL_ERROR", "USAGE_ERROR", "crashed", "errors_as_lines", "fail"]

USAGE_ERROR = 2
INTERNAL_ERROR = 70  # EX_SOFTWARE (sysexits.h): a bug, not the user's input


def fail(message: str) -> NoReturn:
    """One line on stderr, exit code 2: the convention for bad input and usage errors."""
    err.print(f"glossary: error: {escape(message)}")
    sys.exit(USAGE_ERROR)


@contextmanager
def errors_as_lines() -> Iterator[None]:
    """A library error becomes its one line and exit code 2; Ctrl+C says that nothing was changed."""
    try:
        yield
    except GlossaryError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        err.print("glossary: interrupted; nothing was changed")
        sys.exit(130)


def crashed(exc: Exception) -> NoReturn:
    """The last resort: a failure of the machine (a full disk, a read-only or damaged workspace) is one line
    saying what to do; anything else is one line and a crash report with the traceback, for a bug report."""
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
