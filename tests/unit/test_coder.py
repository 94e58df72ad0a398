"""A large import codes its texts in a second process: the workspace it leaves is the one a single process leaves."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from memories.db.base import Connection
from memories.errors import WorkspaceError
from memories.importer import import_parallel
from memories.index.codec import POSTING_ID_SHIFT
from memories.index.coder import Coder
from memories.index.concordance import concordance
from memories.index.writer import IndexWriter
from memories.store import Workspace
from tests.conftest import dump_workspace, new_workspace_location, shared

DEVSET = shared("corpora", "unpc-devset-6way")
LANGS = ("en", "zh", "fr")  # 4,000 units, 12,000 variants


def _files() -> list[Path]:
    return [DEVSET / f"UNv1.0.devset.{lang}" for lang in LANGS]


@pytest.fixture
def started(monkeypatch: pytest.MonkeyPatch) -> list[Coder]:
    """The coders started during the test; three languages of the dev set (12,000 variants) stand for a large
    import (the real threshold is a few times that: the tests would take minutes)."""
    monkeypatch.setattr(Coder, "START_AFTER", 6_000)
    coders: list[Coder] = []
    original = Coder.__init__

    def spy(self: Coder, conn: Connection) -> None:
        original(self, conn)
        coders.append(self)

    monkeypatch.setattr(Coder, "__init__", spy)
    return coders


def _index(ws: Workspace) -> dict[str, object]:
    """What the index says, by term key and variant text rather than by id: term ids may be numbered apart."""
    conn = ws.connection
    keys = dict(conn.execute("SELECT id, key FROM search_term").fetchall())
    postings: dict[str, list[tuple[int, int, int]]] = {}
    for term_id, blob in conn.execute("SELECT term_id, ids FROM search_posting"):
        values = np.frombuffer(blob, dtype="<i8")
        postings.setdefault(keys[term_id], []).extend(
            zip(
                (values >> POSTING_ID_SHIFT).tolist(),
                ((values >> 8) & 255).tolist(),
                (values & 255).tolist(),
                strict=True,
            )
        )
    codes = {
        variant_id: [keys[ord(c) if ord(c) < 0xD800 else ord(c) - 0x800] for c in text]
        for variant_id, text in conn.execute("SELECT variant_id, codes FROM search_form")
    }
    return {
        "variants": conn.execute(
            "SELECT id, tu_id, lang, text, normalized, seq FROM variant ORDER BY id"
        ).fetchall(),
        "units": conn.execute("SELECT id, position, fingerprint FROM tu ORDER BY id").fetchall(),
        "df": {keys[i]: df for i, df in conn.execute("SELECT id, df FROM search_term")},
        "postings": {key: sorted(p) for key, p in postings.items()},
        "codes": codes,
        "languages": sorted(r[0] for r in conn.execute("SELECT key FROM search_language")),
    }


@pytest.fixture(params=("sqlite", "postgresql"))
def two_workspaces(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Workspace, Workspace]]:
    one = Workspace(new_workspace_location(request.param, request, tmp_path / "one"))
    (tmp_path / "two").mkdir()
    two = Workspace(new_workspace_location(request.param, request, tmp_path / "two"))
    yield one, two
    one.close()
    two.close()


def test_a_large_import_coded_in_a_second_process_stores_what_one_process_stores(
    two_workspaces: tuple[Workspace, Workspace], started: list[Coder], monkeypatch: pytest.MonkeyPatch
) -> None:
    one, two = two_workspaces
    with monkeypatch.context() as patch:
        patch.setattr(Coder, "available", staticmethod(lambda: False))
        alone = import_parallel(one, _files(), list(LANGS))
    assert started == []
    coded = import_parallel(two, _files(), list(LANGS))
    assert len(started) == 1, "the dev set is large enough for the coding process"
    assert coded.added == alone.added == 4000
    expected, got = _index(one), _index(two)
    for part in expected:
        assert got[part] == expected[part], part
    # And as a translator sees it: the same concordance, Chinese and English.
    for phrase, lang in (("Security Council", "en"), ("安全理事会", "zh")):
        assert [h.unit.id for h in concordance(two, phrase, lang, limit=500)] == [
            h.unit.id for h in concordance(one, phrase, lang, limit=500)
        ]


def test_a_second_process_that_dies_leaves_the_workspace_as_it_was(
    tmp_path: Path, started: list[Coder], monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "workspace.glossary"
    with Workspace(location) as ws:
        import_parallel(ws, [DEVSET / "UNv1.0.devset.en", DEVSET / "UNv1.0.devset.ru"], ["en", "ru"])
    before = dump_workspace(location)
    original = Coder.send
    sent: list[int] = []

    def send_then_die(self: Coder, payload: object, variants: list[tuple[int, str, str]]) -> None:
        original(self, payload, variants)
        sent.append(len(variants))
        if len(sent) == 2:
            self._process.kill()

    monkeypatch.setattr(Coder, "send", send_then_die)
    with Workspace(location) as ws, pytest.raises(WorkspaceError) as failure:
        import_parallel(ws, _files(), list(LANGS))
    assert "ended unexpectedly" in str(failure.value) and "nothing was imported" in str(failure.value)
    assert "\n" not in str(failure.value)
    assert len(started) == 2 and started[-1]._process.poll() is not None  # the first import had its own
    assert dump_workspace(location) == before


def test_an_error_in_the_second_process_is_one_line_and_rolls_back(
    tmp_path: Path, started: list[Coder], monkeypatch: pytest.MonkeyPatch
) -> None:
    location = tmp_path / "workspace.glossary"
    Workspace(location).close()
    before = dump_workspace(location)
    original = Coder.send

    def send_garbage(self: Coder, payload: object, variants: list[tuple[int, str, str]]) -> None:
        original(self, payload, [(variant_id, lang, None) for variant_id, lang, _ in variants])  # type: ignore[misc]

    monkeypatch.setattr(Coder, "send", send_garbage)
    with Workspace(location) as ws, pytest.raises(WorkspaceError) as failure:
        import_parallel(ws, _files(), list(LANGS))
    message = str(failure.value)
    assert "second process failed" in message and "nothing was imported" in message and "\n" not in message
    assert started[0]._process.poll() is not None
    assert dump_workspace(location) == before


def test_writes_after_a_large_import_in_the_same_transaction_see_every_unit(
    tmp_path: Path, started: list[Coder]
) -> None:
    location = tmp_path / "workspace.glossary"
    with Workspace(location) as ws:
        with ws.atomic():
            import_parallel(ws, _files(), list(LANGS))
            assert len(started) == 1
            # An edit inside the import's transaction: the coder's variants are stored before it runs.
            last = ws.connection.execute("SELECT max(id) FROM tu").fetchone()[0]
            ws.update_variant(last, "en", "A decision the Security Council took twice over.")
            assert started[0]._process.poll() is not None, "the edit ended the coding process"
        assert ws.count_units() == 4000
        hits = concordance(ws, "took twice over", "en", limit=10)
        assert [h.unit.id for h in hits] == [last]
        assert len(ws.unit(last).variants) == 3  # type: ignore[union-attr]


def test_a_large_import_rolled_back_leaves_nothing_and_no_process(
    tmp_path: Path, started: list[Coder]
) -> None:
    location = tmp_path / "workspace.glossary"
    Workspace(location).close()
    before = dump_workspace(location)
    with Workspace(location) as ws, pytest.raises(KeyError), ws.atomic():
        import_parallel(ws, _files(), list(LANGS))
        raise KeyError("stop")
    assert len(started) == 1 and started[0]._process.poll() is not None
    assert dump_workspace(location) == before


def test_the_coding_process_is_started_only_for_a_large_import(tmp_path: Path, started: list[Coder]) -> None:
    lines = {
        lang: (DEVSET / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines() for lang in LANGS
    }
    with Workspace(tmp_path / "workspace.glossary") as ws:
        # Three imports of 1,000 units (3,000 variants) each, one transaction each: none is large enough.
        for part in range(3):
            files = []
            for lang in LANGS:
                path = tmp_path / f"part{part}.{lang}"
                path.write_text(
                    "\n".join(lines[lang][part * 1000 : (part + 1) * 1000]) + "\n", encoding="utf-8"
                )
                files.append(path)
            assert import_parallel(ws, files, list(LANGS)).added == 1000
    assert started == []


def test_a_file_known_to_be_large_is_coded_in_the_second_process_from_its_first_unit(
    tmp_path: Path, started: list[Coder], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The three files hold 12,000 variants in 2.8 MB: guessed from their size, enough for a threshold of 10,000,
    # so no variant is coded in the importing process (without the guess, the first 10,000 would be).
    monkeypatch.setattr(Coder, "START_AFTER", 10_000)
    coded_here: list[int] = []
    original = IndexWriter.add_many

    def spy(self: IndexWriter, conn: Connection, variants: Sequence[tuple[int, str, str]]) -> None:
        coded_here.append(len(variants))
        original(self, conn, variants)

    monkeypatch.setattr(IndexWriter, "add_many", spy)
    with Workspace(tmp_path / "workspace.glossary") as ws:
        assert import_parallel(ws, _files(), list(LANGS)).added == 4000
        assert len(started) == 1 and coded_here == []
        # Afterwards an edit is indexed in process, as ever: the guess ended with the import's transaction.
        ws.update_variant(1, "en", "The Council took note of the report twice over.")
        assert coded_here == [1] and len(started) == 1
