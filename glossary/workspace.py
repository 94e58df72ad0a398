"""Which workspace: ``--workspace``, else ``$GLOSSARY_WORKSPACE``, else the platform data folder's file; a
``postgresql://`` URL names a team workspace on a server."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

import glossary.migrations  # noqa: F401  (registers the termbase's tables before any workspace opens)
from memories.db import is_url
from memories.errors import WorkspaceError
from memories.store import Workspace

__all__ = ["default_workspace_path", "open_workspace", "resolve_workspace_path"]

ENV_VAR = "GLOSSARY_WORKSPACE"


def default_workspace_path() -> Path:
    return Path(platformdirs.user_data_dir("glossary", appauthor=False)) / "workspace.glossary"


# A URL, not a file name: ``postgresql://host/db``, ``sqlite:///x``. (``C:\\x`` has one letter and no //.)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+://")


def resolve_workspace_path(given: str | Path | None) -> Path | str:
    """The workspace named, else ``$GLOSSARY_WORKSPACE``, else the default file: a ``postgresql://`` URL as
    it is, anything else as a file's path. Another URL is refused before anything is created."""
    chosen = str(given) if given else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return default_workspace_path()
    if is_url(chosen):
        return chosen
    if _URL.match(chosen):
        scheme = chosen.split(":", 1)[0]
        raise WorkspaceError(
            f"{scheme}://…: not a workspace glossary can open; nothing was created (give a workspace file, "
            "e.g. --workspace team.glossary, or a team workspace, postgresql://user@host/dbname)"
        )
    return Path(chosen).expanduser()


def open_workspace(path: str | Path | None = None, *, migrate: bool = False) -> Workspace:
    """The workspace with every layer's tables: what the CLI and the UI open (``migrate``: bring a team
    workspace's schema up to date, which only ``glossary admin`` does)."""
    return Workspace(resolve_workspace_path(path), migrate=migrate)
