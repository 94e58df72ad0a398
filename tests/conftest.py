"""Shared fixtures: the real data in ../shared, fresh workspaces on either back end (a SQLite file, a database on
a throwaway PostgreSQL server), and dumps to compare workspaces by."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import psycopg
import pytest
from psycopg import sql

from memories.db import is_url
from memories.db.postgres import SCHEMA
from memories.store import Workspace
from tests import postgres
from tests.postgres import MISSING, PostgresServer, ServerError, running_server

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


def shared(*parts: str) -> Path:
    """A path under ../shared; the test skips, saying why, when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not SHARED.is_dir():
        pytest.skip(f"../shared is absent ({SHARED}): the real data files are needed for this test")
    return path


def dump(path: Path) -> list[str]:
    """Every row of every table, as SQL: two dumps are equal exactly when the workspaces hold the same data."""
    conn = sqlite3.connect(path)
    try:
        return list(conn.iterdump())
    finally:
        conn.close()


LOCK_TIMEOUT = 120.0
"""How long a write waits for another in tests: a lock left held by mistake fails the test with the workspace's
"busy" error in two minutes, instead of the 600 s a translator's second import waits, times every write after it."""


@pytest.fixture(autouse=True)
def _short_lock_wait(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(Workspace, "lock_timeout", LOCK_TIMEOUT)
    monkeypatch.setenv("GLOSSARY_LOCK_TIMEOUT", f"{LOCK_TIMEOUT:g}")


@pytest.fixture
def workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "workspace.glossary"


@pytest.fixture
def workspace(workspace_path: Path, request: pytest.FixtureRequest) -> Iterator[Workspace]:
    """A fresh workspace file; on both back ends for a test marked ``@on_both_backends``."""
    kind = getattr(request, "param", "sqlite")
    ws = Workspace(
        workspace_path if kind == "sqlite" else new_workspace_location(kind, request, workspace_path)
    )
    yield ws
    ws.close()


def edit_words(words: list[str], rng: random.Random, vocabulary: list[str]) -> list[str]:
    """``words`` with 1–3 words replaced, deleted or inserted (from ``vocabulary``): a revised segment."""
    for _ in range(rng.randint(1, 3)):
        at = rng.randrange(len(words))
        action = rng.choice(("replace", "delete", "insert"))
        if action == "replace":
            words[at] = rng.choice(vocabulary)
        elif action == "delete":
            del words[at]
        else:
            words.insert(at, rng.choice(vocabulary))
    return words


def postgres_bindir() -> Path:
    """Where initdb and pg_ctl are; without them the test skips, saying so, except on CI (``$CI`` set), where
    it fails: CI installs the package, and a silent skip there would leave the PostgreSQL back end untested."""
    bindir = postgres.find_bindir()
    if bindir is None:
        if os.environ.get("CI"):
            pytest.fail(f"{MISSING} (.ci/run installs it; CI is set, so this is not skipped)", pytrace=False)
        pytest.skip(MISSING)
    return bindir


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """One throwaway PostgreSQL server for the whole session (a second or two to start), removed at the end."""
    try:
        with running_server(postgres_bindir()) as server:
            yield server
    except ServerError as error:
        pytest.fail(f"the test PostgreSQL server did not start: {error}", pytrace=False)


@pytest.fixture
def postgres_database(postgres_server: PostgresServer, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh empty database on the session's server, named after the test, dropped after it."""
    name = postgres_server.new_database(request.node.originalname or "test")
    yield name
    postgres_server.drop_database(name)


BACKENDS = ("sqlite", "postgresql")
"""What the storage tests run against: ``@pytest.fixture(params=BACKENDS)``, or the ``backend`` fixture."""


def new_workspace_location(kind: str, request: pytest.FixtureRequest, folder: Path) -> str:
    """A fresh workspace of ``kind`` for ``request``'s fixture scope: a file path under ``folder`` (created when
    first opened), or the URL of a new database on the session's server holding the current schema (a shared
    database is migrated by an administrator, never on open), dropped when the scope ends."""
    if kind == "sqlite":
        return str(folder / "workspace.glossary")
    server: PostgresServer = request.getfixturevalue("postgres_server")
    name = server.new_database(request.node.name)
    request.addfinalizer(partial(server.drop_database, name))
    url = server.dsn(name)
    # Every component's tables, as the CLI's workspaces have them: a component registered only after this
    # would leave the database behind the code, which a shared database refuses to open.
    import glossary.migrations  # noqa: F401
    import memories.canonical  # noqa: F401

    Workspace(url, migrate=True).close()
    return url


on_both_backends = pytest.mark.parametrize("workspace", BACKENDS, indirect=True)
"""Runs a test taking the ``workspace`` fixture (directly or through another fixture) on a SQLite file and on a
PostgreSQL database: ``test_x[sqlite]``, ``test_x[postgresql]``."""


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A fresh workspace location, once a SQLite file and once a PostgreSQL database: a test taking it runs on
    both (``test_x[sqlite]``, ``test_x[postgresql]``)."""
    return new_workspace_location(request.param, request, tmp_path)


def dump_workspace(location: str | Path) -> list[str]:
    """Every row of every table of the workspace at ``location``, either back end: equal dumps of the same
    workspace mean nothing was changed (compare dumps of one back end only)."""
    if not is_url(location):
        return dump(Path(location))
    lines: list[str] = []
    with psycopg.connect(str(location)) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = %s"
            " AND table_type = 'BASE TABLE' ORDER BY table_name",
            (SCHEMA,),
        ).fetchall()
        for (table,) in tables:
            columns = conn.execute(
                "SELECT column_name, data_type FROM information_schema.columns"
                " WHERE table_schema = %s AND table_name = %s ORDER BY ordinal_position",
                (SCHEMA, table),
            ).fetchall()
            lines.append(f"TABLE {table} {columns}")
            query = sql.SQL("SELECT * FROM {}.{}").format(sql.Identifier(SCHEMA), sql.Identifier(table))
            lines += sorted(f"{table} {row!r}" for row in conn.execute(query))
    return lines
