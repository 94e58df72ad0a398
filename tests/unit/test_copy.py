"""`glossary copy` (glossary.copying): a workspace holding a real TMX import, the seed termbase, unit and
concept edits with their history and an opened editor document, copied file -> PostgreSQL -> file, comes back
row for row, with the same lookups; a destination holding units or concepts is refused, changing nothing."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from click.testing import CliRunner

from glossary.cli import cli
from glossary.editing import open_document
from glossary.journal import Journal
from glossary.model import ConceptChanges, ConceptStatus
from glossary.termbase import Termbase
from glossary.transfer import import_any
from memories.errors import WorkspaceError
from memories.index.concordance import concordance
from memories.index.lookup import lookup
from memories.store import Workspace
from tests.conftest import REPO, dump, shared
from tests.editor_data import sentences, write_po
from tests.postgres import PostgresServer

KIT = ("formats", "omegat", "data", "tmx", "TMXComplianceKit")


def rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table's rows, sorted (a copy need not keep the physical order), SQLite's own tables aside."""
    with sqlite3.connect(path) as conn:
        tables = [
            r[0]
            for r in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%'"
            )
        ]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}


def schema(path: Path) -> list[tuple[str, ...]]:
    with sqlite3.connect(path) as conn:
        return sorted(
            conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite%'")
        )


def catalogue(url: str) -> list[tuple[object, ...]]:
    """The workspace schema's constraints, indexes and triggers (with whether each is enabled)."""
    with psycopg.connect(url) as conn:
        return conn.execute(
            """SELECT 'constraint', conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint
               WHERE connamespace = 'glossary'::regnamespace
               UNION ALL SELECT 'index', tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = 'glossary'
               UNION ALL SELECT 'trigger', tgrelid::regclass::text, tgname, tgenabled::text FROM pg_trigger
               WHERE NOT tgisinternal AND tgrelid::regclass::text NOT LIKE 'pg_%'
               ORDER BY 1, 2, 3"""
        ).fetchall()


def answers(ws: Workspace) -> list[Any]:
    """What a translator would look at: units with their history, concepts with theirs, lookups, concordance."""
    termbase = Termbase(ws)
    units = list(ws.units())
    return [
        units,
        [ws.history(u.id or 0) for u in units],
        list(termbase.concepts()),
        [termbase.history(c.id or 0) for c in termbase.concepts()],
        lookup(ws, "Du texte avec une portion surlignée.", "fr-CA", "en-US"),
        lookup(ws, sentences().new[0].replace("peace", "calm"), "en", "zh-CN"),
        concordance(ws, "sentence", "en-US"),
        concordance(ws, "第一稿"),
    ]


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A workspace as a translator's is after a while: a real TMX import and the seed termbase, edits of
    units and concepts (with their history and undo journal), and a document open in the editor."""
    folder = tmp_path_factory.mktemp("copy")
    path = folder / "mine.glossary"
    with Workspace(path) as ws:
        import_any(ws, [shared(*KIT, "ImportTest2A.tmx"), shared(*KIT, "ImportTest1D.tmx")])
        import_any(ws, [REPO / "seeds" / "diplomatic-terms.en-zh.tsv"])
        first = next(ws.units())
        ws.update_variant(first.id or 0, first.variants[-1].lang, "Texte révisé.", by="li.wei")
        journal = Journal(ws, by="wang")
        journal.edit_unit(first.id or 0, {first.variants[0].lang: "Revised text."})
        termbase = Termbase(ws)
        concept = termbase.concepts().__next__()
        termbase.edit(
            concept.id or 0,
            ConceptChanges(note="UN usage", status=ConceptStatus.CANDIDATE, score=0.7312),
            by="zhao",
        )
        doc = open_document(ws, write_po(folder / "zh_CN.po", sentences().new[:3]))
        doc.confirm(1, "第一稿。")
        doc.draft(2, "草稿")
        assert ws.count_units() > 10 and termbase.count() > 50
    yield path


def test_a_workspace_copied_to_postgresql_and_back_is_the_same(
    source: Path, postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> None:
    from glossary.copying import copy_workspace

    url = postgres_server.dsn(postgres_database)
    seen: list[tuple[str, int, int | None]] = []
    there = copy_workspace(source, url, lambda stage, done, total: seen.append((stage, done, total)))
    assert there.created and there.units > 10 and there.concepts > 50
    assert {t.name for t in there.tables} >= {"tu", "variant", "unit_history", "concept", "concept_history",
                                               "term", "journal", "editing_document", "editing_segment",
                                               "search_posting", "search_form", "canonical_tag"}  # fmt: skip
    assert seen[-1] == ("Tables", len(there.tables), len(there.tables))
    assert ("Rows", there.rows, there.rows) in seen
    # The foreign keys, indexes and triggers set aside for the copy are all back, as a new workspace has them.
    fresh = postgres_server.new_database("fresh")
    Workspace(postgres_server.dsn(fresh), migrate=True).close()
    assert catalogue(url) == catalogue(postgres_server.dsn(fresh)) and len(catalogue(url)) > 30
    postgres_server.drop_database(fresh)

    back = tmp_path / "snapshot.glossary"
    home = copy_workspace(url, back)
    assert home.created and [(t.name, t.rows) for t in home.tables] == [
        (t.name, t.rows) for t in there.tables
    ]
    assert rows(back) == rows(source)
    assert schema(back) == schema(source)  # the indexes set aside for the copy are back
    with Workspace(source) as mine, Workspace(url) as team, Workspace(back) as snapshot:
        expected = answers(mine)
        assert (
            all(expected[4:]) and expected[1][0]
        )  # the lookups find something, the first unit has a history
        assert answers(team) == expected
        assert answers(snapshot) == expected
        # The editor reopens the document where the translator left it, on every copy.
        for ws in (team, snapshot):
            doc = open_document(ws, source.parent / "zh_CN.po")
            assert [(s.status, s.target) for s in doc.segments[:2]] == [
                (s.status, s.target) for s in open_document(mine, source.parent / "zh_CN.po").segments[:2]
            ]


def test_a_destination_holding_units_or_concepts_is_refused_and_left_as_it_was(
    source: Path, postgres_server: PostgresServer, postgres_database: str, tmp_path: Path
) -> None:
    from glossary.copying import copy_workspace

    url = postgres_server.dsn(postgres_database)
    copy_workspace(source, url)
    with psycopg.connect(url) as conn:
        before = conn.execute("SELECT count(*), max(id) FROM glossary.tu").fetchone()
    with pytest.raises(WorkspaceError, match=r"holds \d+ units and \d+ concepts; nothing was changed"):
        copy_workspace(source, url)
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*), max(id) FROM glossary.tu").fetchone() == before

    other = tmp_path / "other.glossary"
    with Workspace(other) as ws:
        import_any(ws, [REPO / "seeds" / "diplomatic-terms.en-zh.tsv"])
    kept = dump(other)
    result = CliRunner().invoke(cli, ["copy", str(source), str(other)])
    assert result.exit_code == 2 and result.stdout == ""
    (line,) = result.stderr.splitlines()
    assert line == (
        f"glossary: error: {other}: holds 0 units and 54 concepts; nothing was changed (copy into a new "
        "workspace, or an empty one)"
    )
    assert dump(other) == kept
    for args, said in (
        ([str(source), str(source)], "the source and the destination are the same workspace"),
        ([str(tmp_path / "absent.glossary"), str(tmp_path / "new.glossary")], "no workspace there to copy"),
    ):
        result = CliRunner().invoke(cli, ["copy", *args])
        assert result.exit_code == 2 and said in result.stderr
    assert not (tmp_path / "new.glossary").exists()


@pytest.fixture
def disk_full(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Copies fail half-way, as the variants are written (until the test ends, or ``monkeypatch.undo()``)."""
    import glossary.copying

    written = glossary.copying._write

    def failing(conn: object, table: str, *args: object) -> Iterator[int]:
        if table == "variant":
            raise WorkspaceError("the disk is full")
        return written(conn, table, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(glossary.copying, "_write", failing)
    yield


@pytest.mark.usefixtures("disk_full")
def test_a_copy_that_fails_half_way_leaves_nothing(source: Path, tmp_path: Path) -> None:
    import glossary.copying

    target = tmp_path / "new.glossary"
    result = CliRunner().invoke(cli, ["copy", str(source), str(target)])
    assert (result.exit_code, result.stderr) == (2, "glossary: error: the disk is full\n")
    assert not target.exists()
    existing = tmp_path / "empty.glossary"
    Workspace(existing).close()
    kept = dump(existing)
    with pytest.raises(WorkspaceError, match="the disk is full"):
        glossary.copying.copy_workspace(source, existing)
    assert dump(existing) == kept


def test_a_copy_into_postgresql_that_fails_half_way_leaves_the_database_as_it_was(
    source: Path,
    postgres_server: PostgresServer,
    postgres_database: str,
    disk_full: None,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import glossary.copying

    url = postgres_server.dsn(postgres_database)
    result = CliRunner().invoke(cli, ["copy", str(source), url])
    assert (result.exit_code, result.stderr) == (2, "glossary: error: the disk is full\n")
    with psycopg.connect(url) as conn:  # no workspace schema left behind: a later copy or init starts afresh
        assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'glossary'").fetchone() == (0,)

    # A database whose administrator made the (empty) schema beforehand, to grant on it: the schema stays,
    # empty again.
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("CREATE SCHEMA glossary")
    with pytest.raises(WorkspaceError, match="the disk is full"):
        glossary.copying.copy_workspace(source, url)
    with psycopg.connect(url) as conn:
        left = conn.execute(
            """SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'glossary' AND c.relkind IN ('r', 'S', 'i', 'v')
               UNION ALL SELECT p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
               WHERE n.nspname = 'glossary'"""
        ).fetchall()
    assert left == []
    with psycopg.connect(url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'glossary'").fetchone() == (1,)

    monkeypatch.undo()
    glossary.copying.copy_workspace(source, url)  # and a copy that works afterwards
    with Workspace(url) as ws:
        assert ws.count_units() == Workspace(source).count_units()


def test_the_cli_copies_with_json_figures(source: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["copy", str(source), str(tmp_path / "copy.glossary"), "--json"])
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["created"] and report["rows"] == sum(report["tables"].values())
    assert report["tables"]["tu"] == report["units"] > 10
