"""Where the workspace file lives: ``--workspace``, else ``$GLOSSARY_WORKSPACE``, else the platform data folder."""

from __future__ import annotations

import os
import re
from pathlib import Path

import platformdirs

import glossary.migrations  # noqa: F401  (registers the termbase's tables before any workspace opens)
from memories.errors import WorkspaceError
from memories.store import Workspace

__all__ = ["default_workspace_path", "open_workspace", "resolve_workspace_path"]

ENV_VAR = "GLOSSARY_WORKSPACE"


def default_workspace_path() -> Path:
    return Path(platformdirs.user_data_dir("glossary", appauthor=False)) / "workspace.glossary"


# A URL, not a file name: ``postgresql://host/db``, ``sqlite:///x``. (``C:\\x`` has one letter and no //.)
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:/")  # click.Path has already made :// into :/


def resolve_workspace_path(given: str | Path | None) -> Path:
    """The workspace file named, else ``$GLOSSARY_WORKSPACE``, else the default. A URL (a team workspace on
    a server) is refused before anything is created: only workspace files are supported so far."""
    chosen = str(given) if given else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return default_workspace_path()
    if _URL.match(chosen):
        scheme = chosen.split(":", 1)[0]
        raise WorkspaceError(
            f"{scheme}://…: team workspaces on a server are not supported yet; nothing was created "
            "(give a workspace file, e.g. --workspace team.glossary)"
        )
    return Path(chosen).expanduser()


def open_workspace(path: str | Path | None = None) -> Workspace:
    """The workspace with every layer's tables: what the CLI and the UI open."""
    return Workspace(resolve_workspace_path(path))
