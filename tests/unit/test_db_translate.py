"""The PostgreSQL back end's translation of the stores' SQL (memories.db.postgres), without a server."""

from __future__ import annotations

import pytest

from memories.db import display_url, is_url
from memories.db.postgres import translate, translate_ddl


def test_placeholders_become_psycopgs_and_percent_signs_are_kept() -> None:
    assert translate("SELECT a FROM t WHERE b = ? AND c LIKE '%x?' AND d = ?") == (
        "SELECT a FROM t WHERE b = %s AND c LIKE '%%x?' AND d = %s",
        None,
    )


def test_numbered_placeholders_pass_their_parameters_in_order() -> None:
    sql, order = translate("SELECT 1 WHERE a = ?1 AND b BETWEEN ?2 AND ?3 UNION SELECT 2 WHERE a = ?1")
    assert sql == "SELECT 1 WHERE a = %s AND b BETWEEN %s AND %s UNION SELECT 2 WHERE a = %s"
    assert order == (0, 1, 2, 0)


def test_a_doubled_quote_stays_inside_its_string() -> None:
    assert translate("SELECT 'it''s ?' , ?")[0] == "SELECT 'it''s ?' , %s"


def test_create_table_gets_postgresql_types_and_an_id_filled_as_sqlite_fills_it() -> None:
    statements = translate_ddl(
        "CREATE TABLE origin (id INTEGER PRIMARY KEY, name TEXT NOT NULL, score REAL, ids BLOB NOT NULL)"
    )
    assert statements[0] == (
        "CREATE TABLE origin (id BIGINT PRIMARY KEY, name TEXT NOT NULL, score DOUBLE PRECISION, ids BYTEA NOT NULL)"
    )
    assert "BEFORE INSERT ON origin" in statements[1] and "WHEN (NEW.id IS NULL)" in statements[1]


def test_a_table_keyed_by_another_column_gets_no_trigger() -> None:
    assert translate_ddl("CREATE TABLE f (variant_id INTEGER PRIMARY KEY, codes TEXT)") == (
        "CREATE TABLE f (variant_id BIGINT PRIMARY KEY, codes TEXT)",
    )


@pytest.mark.parametrize(
    ("location", "expected"),
    [
        ("postgresql://alice@db.example.org/terms", True),
        ("postgres://alice:secret@db/terms", True),
        ("team.glossary", False),
        ("/home/alice/postgresql://x", False),
    ],
)
def test_a_url_names_a_team_workspace(location: str, expected: bool) -> None:
    assert is_url(location) is expected


def test_the_password_never_shows_in_messages() -> None:
    assert display_url("postgresql://alice:s3cret@db.example.org:5432/terms") == (
        "postgresql://alice@db.example.org:5432/terms"
    )
