"""Who makes a change: ``--user``, else ``$GLOSSARY_USER``, else the login name; the one place that says it."""

from __future__ import annotations

import getpass
import os

from memories.errors import GlossaryError

__all__ = ["ENV_VAR", "FALLBACK", "current_user", "set_user"]

ENV_VAR = "GLOSSARY_USER"

FALLBACK = "translator"
"""The name recorded when the system has no login name (a container without a passwd entry)."""

_chosen: str | None = None


def _checked(name: str, where: str) -> str:
    name = name.strip()
    if not name:
        raise GlossaryError(
            f"{where}: a user name cannot be empty (give the name to record, e.g. --user li.wei)"
        )
    if any(not ch.isprintable() for ch in name):
        raise GlossaryError(f"{where}: {name!r} has a control character (give a plain name)")
    return name


def set_user(name: str | None) -> None:
    """The name given on the command line (``--user``) for this process; None forgets it."""
    global _chosen
    _chosen = None if name is None else _checked(name, "--user")


def current_user() -> str:
    """Who is changing the workspace now: recorded in concept history, unit history, the journal and the
    editor's confirmations (and so in TMX's ``changeid``)."""
    if _chosen is not None:
        return _chosen
    given = os.environ.get(ENV_VAR)
    if given is not None:
        return _checked(given, f"${ENV_VAR}")
    try:
        return getpass.getuser() or FALLBACK
    except (OSError, KeyError, ImportError):  # no login name in a container without a passwd entry
        return FALLBACK
