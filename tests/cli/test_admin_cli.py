"""`glossary admin` on a throwaway PostgreSQL server: init (twice), grant, and what a reader's import and a
translator's approval, or approved concepts added, imported or removed, get: one line, exit 2, nothing
changed."""

from __future__ import annotations

import json
import re
from pathlib import Path

import psycopg
from click.testing import CliRunner, Result

from glossary.cli import cli
from memories.db import display_url
from tests.conftest import shared
from tests.postgres import PostgresServer
from tests.unit.test_team import as_user

KIT = ("formats", "omegat", "data", "tmx", "TMXComplianceKit")
ENV = {"GLOSSARY_WORKSPACE": None, "GLOSSARY_USER": None, "COLUMNS": "200"}


def glossary(*args: str, workspace: str | None = None) -> Result:
    """The command run in this process (a subprocess each would cost seconds: the test runs some twenty)."""
    return CliRunner().invoke(cli, [*(("--workspace", workspace) if workspace else ()), *args], env=ENV)


def counts(url: str) -> tuple[int, int, int]:
    with psycopg.connect(url) as conn:
        row = conn.execute(
            "SELECT (SELECT count(*) FROM glossary.tu), (SELECT count(*) FROM glossary.concept),"
            " (SELECT count(*) FROM glossary.concept_history)"
        ).fetchone()
        assert row is not None
        return int(row[0]), int(row[1]), int(row[2])


def test_admin_init_twice_grant_and_what_each_role_may_do(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> None:
    url = postgres_server.dsn(postgres_database)
    first = glossary("admin", "init", "--workspace", url)
    assert first.exit_code == 0, first.stderr
    assert "the team workspace is ready" in first.stdout
    again = glossary("admin", "init", "--json", workspace=url)  # the global --workspace works as well
    assert again.exit_code == 0, again.stderr
    assert json.loads(again.stdout)["created_roles"] == []

    names = {role: f"{role}_{postgres_database}" for role in ("reader", "translator")}
    for role, name in names.items():
        granted = glossary("admin", "grant", name, role, "--workspace", url)
        assert granted.exit_code == 0, granted.stderr
        assert f"{name} is now a {role} (glossary_{role}); the login role was created" in granted.stdout
    tmx = shared(*KIT, "ImportTest2A.tmx")
    assert glossary("import", str(tmx), workspace=url).exit_code == 0
    before = counts(url)

    reader = as_user(url, names["reader"])
    refused = glossary("import", str(shared(*KIT, "ImportTest1A.tmx")), workspace=reader)
    assert (refused.exit_code, refused.stdout) == (2, "")
    (line,) = refused.stderr.splitlines()
    assert line.startswith("glossary: error: ") and "may only read this workspace" in line
    assert counts(url) == before
    found = glossary("concordance", "the", "--json", workspace=reader)
    assert found.exit_code == 0, found.stderr
    assert json.loads(found.stdout)

    translator = as_user(url, names["translator"])
    added = glossary("term", "add", "Security Council", "安全理事会", "--status", "candidate", "--json",
                     workspace=translator)  # fmt: skip
    assert added.exit_code == 0, added.stderr
    concept = str(json.loads(added.stdout)["id"])
    assert glossary("term", "edit", concept, "--note", "UN organ", workspace=translator).exit_code == 0
    before = counts(url)
    approve = glossary("term", "edit", concept, "--status", "approved", workspace=translator)
    assert (approve.exit_code, approve.stdout) == (2, "")
    (line,) = approve.stderr.splitlines()
    assert f"only a reviewer may approve concept {concept} (candidate -> approved)" in line
    assert "glossary admin grant YOUR_NAME reviewer" in line
    assert counts(url) == before

    promoted = glossary("admin", "grant", names["translator"], "reviewer", workspace=url)
    assert "revoked glossary_translator" in promoted.stdout, promoted.stderr
    assert glossary("term", "edit", concept, "--status", "approved", workspace=translator).exit_code == 0
    reviser = f"reviser_{postgres_database}"
    prompted = CliRunner().invoke(
        cli, ["--workspace", url, "admin", "grant", reviser, "reviewer", "--password-prompt"], env=ENV,
        input="s3cret pass\ns3cret pass\n",
    )  # fmt: skip
    assert prompted.exit_code == 0, prompted.stderr
    assert "the login role was created with the password given" in prompted.stdout
    with psycopg.connect(url) as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = %s", (reviser,)).fetchone()
        assert stored is not None and str(stored[0]).startswith("SCRAM-SHA-256$")
    listed = glossary("admin", "users", "--json", workspace=url)
    assert {"user": names["translator"], "role": "glossary_reviewer"} in json.loads(listed.stdout)


def test_admin_refuses_a_workspace_file_in_one_line(tmp_path: Path) -> None:
    path = tmp_path / "mine.glossary"
    for args in (("admin", "init"), ("admin", "migrate"), ("admin", "grant", "alice", "reader")):
        result = glossary(*args, workspace=str(path))
        assert (result.exit_code, result.stdout) == (2, ""), result.stderr
        (line,) = result.stderr.splitlines()
        assert line == (
            f"glossary: error: {path}: a workspace file needs no administration (roles and migrations are for a "
            "team workspace: --workspace postgresql://user@host/dbname); nothing was changed"
        )
    assert not path.exists()


def test_a_translators_approved_concepts_are_refused_by_term_add_import_and_remove_changing_nothing(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> None:
    url = postgres_server.dsn(postgres_database)
    assert glossary("admin", "init", workspace=url).exit_code == 0
    name = f"translator_{postgres_database}"
    assert glossary("admin", "grant", name, "translator", workspace=url).exit_code == 0
    translator = as_user(url, name)
    before = counts(url)
    refusal = (
        f"glossary: error: {display_url(translator)}: only a reviewer may add an approved concept; nothing was "
        "changed (add it as a candidate for a reviewer to approve or reject: glossary term add --status "
        "candidate; or ask the team's administrator for the glossary_reviewer role: glossary admin grant "
        "YOUR_NAME reviewer)"
    )

    added = glossary(
        "term", "add", "Security Council", "安全理事会", "--status", "approved", workspace=translator
    )
    assert (added.exit_code, added.stdout, added.stderr.splitlines()) == (2, "", [refusal])
    assert counts(url) == before

    # A termbase file is imported in one transaction: its candidate, first, is not kept either.
    table = tmp_path / "terms.tsv"
    table.write_text("en\tzh-CN\tstatus\nquorum\t法定人数\tcandidate\nabstention\t弃权\tapproved\n", "utf-8")
    imported = glossary("import", str(table), workspace=translator)
    assert (imported.exit_code, imported.stdout, imported.stderr.splitlines()) == (2, "", [refusal])
    assert counts(url) == before

    candidate = glossary("term", "add", "Security Council", "安全理事会", "--json", workspace=translator)
    assert candidate.exit_code == 0, candidate.stderr
    assert json.loads(candidate.stdout)["status"] == "candidate"  # a translator's default
    assert counts(url) == (before[0], before[1] + 1, before[2] + 1)

    # Removing an approved concept is a reviewer's act too; term remove is all or none: the candidate named
    # first stays as well.
    approved = glossary("term", "add", "veto", "否决权", "--json", workspace=url)  # by the owner
    assert approved.exit_code == 0, approved.stderr
    ids = [str(json.loads(added.stdout)["id"]) for added in (candidate, approved)]
    before = counts(url)
    removed = glossary("term", "remove", *ids, workspace=translator)
    assert (removed.exit_code, removed.stdout, removed.stderr.splitlines()) == (
        2,
        "",
        [
            f"glossary: error: {display_url(translator)}: only a reviewer may delete approved concept {ids[1]}; "
            "nothing was changed (ask a reviewer to delete it; a merge deletes the concepts merged into the one "
            "kept, so keep this one instead; or ask the team's administrator for the glossary_reviewer role: "
            "glossary admin grant YOUR_NAME reviewer)"
        ],
    )
    assert counts(url) == before
    assert glossary("term", "remove", ids[0], workspace=translator).exit_code == 0
    assert counts(url) == (before[0], before[1] - 1, before[2] + 1)


def test_term_add_without_a_status_adds_a_translators_concept_as_a_candidate_and_a_reviewers_approved(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> None:
    url = postgres_server.dsn(postgres_database)
    assert glossary("admin", "init", workspace=url).exit_code == 0
    names = {role: f"{role}_{postgres_database}" for role in ("translator", "reviewer")}
    for role, name in names.items():
        assert glossary("admin", "grant", name, role, workspace=url).exit_code == 0
    translator, reviewer = (as_user(url, name) for name in names.values())

    def statuses(query: str, workspace: str) -> list[str]:
        listed = glossary("terms", query, "--json", workspace=workspace)
        assert listed.exit_code == 0, listed.stderr
        return [concept["status"] for concept in json.loads(listed.stdout)]

    added = glossary("term", "add", "Security Council", "安全理事会", workspace=translator)
    assert (added.exit_code, added.stderr) == (0, "")
    first, said = added.stdout.splitlines()
    assert re.fullmatch(r"concept \d+ added: Security Council = 安全理事会", first)
    assert (
        said == "added as a candidate: a reviewer approves it (only a reviewer may add an approved concept)"
    )
    assert statuses("Security Council", translator) == ["candidate"]
    # Asked for, a candidate is no news.
    asked = glossary("term", "add", "quorum", "法定人数", "--status", "candidate", workspace=translator)
    assert re.fullmatch(r"concept \d+ added: quorum = 法定人数\n", asked.stdout), asked.stderr

    for who, term, workspace in (("reviewer", "veto", reviewer), ("owner", "abstention", url)):
        approved = glossary("term", "add", term, "否决权", workspace=workspace)
        assert approved.exit_code == 0, approved.stderr
        assert re.fullmatch(rf"concept \d+ added: {term} = 否决权\n", approved.stdout), who
        assert statuses(term, workspace) == ["approved"], who

    file = str(tmp_path / "mine.glossary")
    alone = glossary("term", "add", "veto", "否决权", workspace=file)
    assert (alone.exit_code, alone.stdout) == (0, "concept 1 added: veto = 否决权\n"), alone.stderr
    assert statuses("veto", file) == ["approved"]
