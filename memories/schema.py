"""The registry of numbered schema migrations, per component: each layer registers its own at import time."""

from __future__ import annotations

from collections.abc import Callable

from memories.db.base import Connection

__all__ = ["MIGRATIONS", "Migration", "register_migration", "run_script"]

Migration = Callable[[Connection], None]

# The translation memory's tables come first: every other component (the search index, canonical tags, the
# termbase) builds on them, and components are brought up to date in the order they first registered.
MIGRATIONS: dict[str, list[tuple[str, Migration]]] = {"memories": []}
"""Numbered schema changes per component (``memories``, ``index``, ``languages``, and ``glossary`` for the
termbase): migration n (1-based) of a component brings it from version n-1 to n. Each layer registers its own
at import time, so the translation-memory layer never needs to know about terminology tables; a component's
version is kept in the ``schema_version`` table (``memories.store.Workspace`` applies them when it opens a
file)."""


def register_migration(component: str, name: str) -> Callable[[Migration], Migration]:
    def decorate(func: Migration) -> Migration:
        steps = MIGRATIONS.setdefault(component, [])
        if any(existing == name for existing, _ in steps):
            raise RuntimeError(f"migration {component}/{name} registered twice")
        steps.append((name, func))
        return func

    return decorate


def run_script(conn: Connection, script: str) -> None:
    """Run ``;``-separated DDL inside the current transaction (``executescript`` would commit it first)."""
    for statement in script.split(";\n"):
        if statement.strip():
            conn.execute(statement)
