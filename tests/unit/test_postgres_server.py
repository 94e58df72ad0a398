"""The test suite's throwaway PostgreSQL server: it answers on its socket, databases are separate, it cleans up."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from click.testing import CliRunner
from psycopg.conninfo import conninfo_to_dict
from psycopg_pool import ConnectionPool

from tests import conftest, postgres
from tests.conftest import REPO
from tests.postgres import MISSING, PostgresServer, find_bindir, running_server


def test_the_server_answers_on_its_unix_socket(postgres_server: PostgresServer) -> None:
    with psycopg.connect(postgres_server.dsn("postgres")) as conn:
        version = conn.execute("SELECT version()").fetchone()
        assert version is not None and version[0].startswith("PostgreSQL ")
        # A socket in the session's own directory, never TCP: parallel test sessions cannot meet.
        assert conn.info.host == str(postgres_server.root)
        assert (postgres_server.root / ".s.PGSQL.5432").is_socket()
        settings: dict[str, str] = dict(
            conn.execute(
                "SELECT name, setting FROM pg_settings WHERE name IN "
                "('listen_addresses', 'fsync', 'max_connections', 'server_encoding', 'lc_collate')"
            ).fetchall()
        )
    assert settings == {
        "listen_addresses": "",
        "fsync": "off",
        "max_connections": "300",  # the concurrency test's 16 processes each hold a pool
        "server_encoding": "UTF8",
        "lc_collate": "C",
    }


def test_the_dsn_names_the_socket_directory_as_a_query_parameter(postgres_server: PostgresServer) -> None:
    dsn = postgres_server.dsn("some_db")
    assert dsn == f"postgresql://glossary_admin@/some_db?host={quote(str(postgres_server.root), safe='')}"
    assert dsn.rsplit("/", 1)[1].split("?")[0] == "some_db"  # no "/" after the database's name
    assert conninfo_to_dict(dsn) == {
        "user": "glossary_admin",
        "dbname": "some_db",
        "host": str(postgres_server.root),
    }
    # The pool (what team workspaces use) takes the same URL.
    with (
        ConnectionPool(postgres_server.dsn("postgres"), min_size=1, max_size=2, open=True) as pool,
        pool.connection() as conn,
    ):
        assert conn.execute("SELECT current_user").fetchone() == ("glossary_admin",)


def test_new_databases_are_separate_and_empty(postgres_server: PostgresServer) -> None:
    first = postgres_server.new_database("separate")
    second = postgres_server.new_database("separate")
    assert first != second
    with psycopg.connect(postgres_server.dsn(first)) as conn:
        conn.execute("CREATE TABLE unit (id integer PRIMARY KEY, text text NOT NULL)")
        conn.execute("INSERT INTO unit VALUES (1, '命运共同体')")
    with psycopg.connect(postgres_server.dsn(first)) as conn:
        assert conn.execute("SELECT text FROM unit").fetchall() == [("命运共同体",)]
    with psycopg.connect(postgres_server.dsn(second)) as conn:
        tables = conn.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
        )
        assert tables.fetchall() == []
    for name in (first, second):
        postgres_server.drop_database(name)


def test_a_test_database_is_dropped_after_the_test(postgres_server: PostgresServer) -> None:
    def databases() -> set[str]:
        with psycopg.connect(postgres_server.dsn("postgres")) as conn:
            return {row[0] for row in conn.execute("SELECT datname FROM pg_database")}

    before = databases()
    name = postgres_server.new_database("dropped")
    held = psycopg.connect(postgres_server.dsn(name))  # left open, as a failing test would leave it
    try:
        assert databases() == before | {name}
        postgres_server.drop_database(name)
        assert databases() == before
    finally:
        held.close()


def test_the_server_and_its_directory_are_gone_after_a_failure() -> None:
    bindir = conftest.postgres_bindir()
    seen: list[PostgresServer] = []
    with pytest.raises(ZeroDivisionError), running_server(bindir) as server:
        seen.append(server)
        psycopg.connect(server.dsn("postgres")).close()
        1 / 0  # noqa: B018  (the failing test)
    (server,) = seen
    assert not server.root.exists()
    with pytest.raises(psycopg.OperationalError):
        psycopg.connect(server.dsn("postgres"), connect_timeout=5).close()


def test_the_binaries_are_found_off_path_in_the_distribution_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    debian = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if not debian:
        pytest.skip(
            "no /usr/lib/postgresql/*/bin/initdb here: the fallback this test checks has nothing to find"
        )
    monkeypatch.setenv("PATH", "")  # neither initdb nor pg_config on PATH
    found = find_bindir()
    assert found is not None and found.parent.parent == Path("/usr/lib/postgresql")
    assert (found / "initdb").is_file() and (found / "pg_ctl").is_file()


def test_without_binaries_the_tests_skip_saying_why_except_on_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(postgres, "find_bindir", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match=MISSING):
        conftest.postgres_bindir()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match=MISSING):
        conftest.postgres_bindir()


def test_a_killed_test_run_leaves_no_server_behind() -> None:
    # What a CI timeout does: the test process is killed, no teardown runs; the watchdog still stops the server.
    conftest.postgres_bindir()
    script = (
        "import sys, time\n"
        "from tests.postgres import running_server\n"
        "with running_server() as server:\n"
        "    print(server.root, flush=True)\n"
        "    time.sleep(600)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    with subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=env) as run:
        assert run.stdout is not None
        root = Path(run.stdout.readline().strip())
        pid = int((root / "data" / "postmaster.pid").read_text().split()[0])
        run.kill()
    deadline = time.monotonic() + 60
    while root.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not root.exists()
    assert _gone(pid)


def _gone(pid: int) -> bool:
    """Whether process ``pid`` has exited (a zombie nobody has reaped yet counts as exited)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def test_the_dsn_opens_a_team_workspace_through_our_url_parsing_and_the_cli(
    postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> None:
    import glossary.migrations  # noqa: F401  (the termbase's tables, which the CLI's commands expect)
    from glossary.cli import cli
    from memories.db import display_url, is_url, open_database
    from memories.store import Workspace

    dsn = postgres_server.dsn(postgres_database)
    assert is_url(dsn) and display_url(dsn) == dsn  # no password to hide
    assert open_database(dsn).name == postgres_database
    Workspace(dsn, migrate=True).close()  # what `glossary admin init` does first
    units = tmp_path / "units.tsv"
    units.write_text("en\tzh-CN\nSecurity Council\t安全理事会\n", encoding="utf-8")
    runner = CliRunner()
    imported = runner.invoke(
        cli, ["--workspace", dsn, "import", str(units)], env={"GLOSSARY_WORKSPACE": None}
    )
    assert imported.exit_code == 0, imported.output
    stats = runner.invoke(cli, ["stats", "--json"], env={"GLOSSARY_WORKSPACE": dsn})
    assert stats.exit_code == 0, stats.output
    assert {k: v for k, v in json.loads(stats.output).items() if k in ("workspace", "units")} == {
        "workspace": dsn,
        "units": 1,
    }
