"""Shared fixtures: the real data in ../shared, fresh workspaces, a PostgreSQL server, and a dump to compare by."""

from __future__ import annotations

import os
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

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
def workspace(workspace_path: Path) -> Iterator[Workspace]:
    ws = Workspace(workspace_path)
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
