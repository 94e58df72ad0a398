"""The CLI's last resort: failures of the machine said in one line, anything else a crash report on disk."""

from __future__ import annotations

import errno
import os
import platform
import sys
import tempfile
import traceback
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from glossary import __version__
from memories.db import DatabaseError

__all__ = ["crash_folder", "known_failure", "write_crash_report"]

_OS_ERRORS = {
    errno.ENOSPC: "the disk is full; nothing was changed (free some space and run the command again)",
    errno.EDQUOT: "the disk quota is used up; nothing was changed (free some space and run it again)",
    errno.EFBIG: "the file would grow beyond what this file system allows; nothing was changed "
    "(write to another disk)",
    errno.EROFS: "the disk is read-only; nothing was changed (choose a folder you can write to)",
    errno.EACCES: "permission denied; nothing was changed (check the file's and its folder's permissions)",
    errno.EPERM: "permission denied; nothing was changed (check the file's and its folder's permissions)",
    errno.ENOTDIR: "a part of the path is a file, not a folder (choose another path)",
    errno.EIO: "the disk reported an input/output error; nothing was changed (check the disk)",
}

_SQLITE_ERRORS = (
    ("locked", "another glossary process is writing to the workspace; nothing was changed (run the command "
     "again when it has finished)"),
    ("readonly", "the workspace is read-only; nothing was changed (make the file and its folder writable)"),
    ("full", "the disk is full; nothing was changed (free some space and run the command again)"),
    ("disk i/o", "the disk failed while writing the workspace; nothing was changed (check the disk's free "
     "space and health)"),
    ("malformed", "the workspace file is damaged (restore it from a backup, or export what you can)"),
    ("not a database", "the workspace file is damaged or not a glossary workspace (restore it from a backup)"),
    ("unable to open", "the workspace cannot be opened (check that its folder exists and is writable)"),
)  # fmt: skip


def known_failure(exc: BaseException) -> str | None:
    """One line for a failure of the machine or the environment (not of glossary), else None."""
    if isinstance(exc, MemoryError):
        return "out of memory; nothing was changed (close other programs, or split the file)"
    if isinstance(exc, DatabaseError):
        text = str(exc).lower()
        for needle, line in _SQLITE_ERRORS:
            if needle in text:
                return line
        return None
    if isinstance(exc, OSError) and exc.errno in _OS_ERRORS:
        name = f"{exc.filename}: " if exc.filename else ""
        return name + _OS_ERRORS[exc.errno]
    return None


def crash_folder() -> Path:
    """Where crash reports go: the platform's log folder for glossary."""
    return Path(platformdirs.user_log_dir("glossary", appauthor=False))


def write_crash_report(exc: BaseException) -> Path | None:
    """The traceback and what it ran on, written to a new file in ``crash_folder()`` (else the temporary
    folder); None when neither can be written."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = "".join(
        [
            f"glossary {__version__} crashed at {stamp}\n",
            f"command: {' '.join(sys.argv)}\n",
            f"python {platform.python_version()} on {platform.platform()}\n\n",
            *traceback.format_exception(exc),
        ]
    )
    for folder in (crash_folder(), Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, name = tempfile.mkstemp(prefix=f"glossary-crash-{stamp}-", suffix=".txt", dir=folder)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            return Path(name)
        except OSError:
            continue
    return None
