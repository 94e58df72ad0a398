"""Where the workspace file lives: ``--workspace``, else ``$GLOSSARY_WORKSPACE``, else the platform data folder."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

import glossary.migrations  # noqa: F401  (registers the termbase's tables before any workspace opens)
from memories.store import Workspace

__all__ = ["default_workspace_path", "open_workspace", "resolve_workspace_path"]

ENV_VAR = "GLOSSARY_WORKSPACE"


def default_workspace_path() -> Path:
    return Path(platformdirs.user_data_dir("glossary", appauthor=False)) / "workspace.glossary"


def resolve_workspace_path(given: str | Path | None) -> Path:
    if given:
        return Path(given).expanduser()
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    return default_workspace_path()


def open_workspace(path: str | Path | None = None) -> Workspace:
    """The workspace with every layer's tables: what the CLI and the UI open."""
    return Workspace(resolve_workspace_path(path))
