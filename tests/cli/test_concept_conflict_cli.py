"""`glossary --user` and `term edit --revision`: who is recorded, and a conflicting edit is one line, exit 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossary import migrations  # noqa: F401  (the schema created below includes the termbase's tables)
from memories.store import Workspace
from tests.conftest import REPO

STATE = (("terms", "--json"), ("term", "history", "1", "--json"))
"""What a refused edit must leave as it was: the concepts and the history (the first concept's: the only one)."""


@pytest.fixture(params=["sqlite", "postgresql"])
def location(request: pytest.FixtureRequest, workspace_path: Path) -> str:
    """A workspace file, or a team workspace on the test PostgreSQL server (schema created, as an admin would)."""
    if request.param == "sqlite":
        return str(workspace_path)
    server = request.getfixturevalue("postgres_server")
    url: str = server.dsn(request.getfixturevalue("postgres_database"))
    Workspace(url, migrate=True).close()
    return url


def glossary(workspace: Path | str, *args: str, user: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "COLUMNS": "200"}
    env.pop("GLOSSARY_USER", None)
    if user is not None:
        env["GLOSSARY_USER"] = user
    return subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", str(workspace), *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=300,
    )


def test_a_stale_edit_is_one_line_and_exit_2_and_every_change_says_who(location: str) -> None:
    workspace_path = location
    added = glossary(
        workspace_path, "--user", "li.wei", "term", "add", "Security Council", "安全理事会", "--json"
    )
    assert added.returncode == 0, added.stderr
    concept = json.loads(added.stdout)
    assert (concept["revision"], concept["changed_by"]) == (1, "li.wei")
    concept_id = str(concept["id"])

    # Two translators read revision 1; wang (named by $GLOSSARY_USER) saves first.
    first = glossary(
        workspace_path, "term", "edit", concept_id, "--note", "UN organ", "--revision", "1", user="wang"
    )
    assert first.returncode == 0 and "(revision 2)" in first.stdout, first.stderr
    before = [glossary(workspace_path, *show).stdout for show in STATE]
    second = glossary(
        workspace_path,
        "--user",
        "zhao",
        "term",
        "edit",
        concept_id,
        "--definition",
        "organ",
        "--revision",
        "1",
    )
    assert second.returncode == 2 and second.stdout == ""
    (line,) = second.stderr.splitlines()
    assert line.startswith(f"glossary: error: concept {concept_id} was changed by wang at ")
    assert line.endswith(
        "it is at revision 2, you read revision 1; nothing was saved (read it again, then redo your change)"
    )
    assert [glossary(workspace_path, *show).stdout for show in STATE] == before

    # --user wins over $GLOSSARY_USER; the history keeps each write with its author.
    third = glossary(
        workspace_path, "--user", "zhao", "term", "edit", concept_id, "--definition", "organ", "--revision", "2",
        user="wang",
    )  # fmt: skip
    assert third.returncode == 0, third.stderr
    history = json.loads(glossary(workspace_path, "term", "history", concept_id, "--json").stdout)
    assert [(h["revision"], h["by"], h["what"]) for h in history] == [
        (1, "li.wei", "add"),
        (2, "wang", "edit"),
        (3, "zhao", "edit"),
    ]
    assert history[0]["before"] is None and history[2]["after"]["definition"] == "organ"
    assert history[2]["before"]["note"] == "UN organ" == history[2]["after"]["note"]
    shown = glossary(workspace_path, "term", "history", concept_id).stdout
    assert "zhao" in shown and "definition" in shown

    stale = glossary(workspace_path, "term", "remove", concept_id, "--revision", "2", user="wang")
    assert stale.returncode == 2 and len(stale.stderr.splitlines()) == 1
    assert "it is at revision 3, you read revision 2; nothing was saved" in stale.stderr
    removed = glossary(workspace_path, "term", "remove", concept_id, "--revision", "3", user="wang")
    assert removed.returncode == 0, removed.stderr
    gone = glossary(workspace_path, "term", "edit", concept_id, "--note", "x", "--revision", "3")
    assert gone.returncode == 2
    assert gone.stderr.startswith(f"glossary: error: concept {concept_id} was deleted by wang at ")


def test_an_empty_user_name_is_refused_before_anything_is_opened(workspace_path: Path) -> None:
    result = glossary(workspace_path, "--user", " ", "term", "add", "ASEAN way")
    assert result.returncode == 2 and "a user name cannot be empty" in result.stderr
    assert not workspace_path.exists()
