"""The workspace store: migrations, transactions, deduplication, threads; what a workspace holds and how it
changes on both back ends (a SQLite file and a PostgreSQL database), what is particular to a file on SQLite."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from memories.errors import WorkspaceError, WorkspaceTooNewError
from memories.index.concordance import concordance
from memories.index.lookup import lookup
from memories.model import TranslationUnit, Variant
from memories.store import MIGRATIONS, Workspace
from tests.conftest import dump, dump_workspace, on_both_backends


def unit(en: str, zh: str, context: str | None = None) -> TranslationUnit:
    return TranslationUnit((Variant("en", en), Variant("zh-CN", zh)), context=context)


@pytest.fixture
def workspace(backend: str) -> Iterator[Workspace]:
    """The tests taking ``workspace`` run on a SQLite file and on a PostgreSQL database."""
    with Workspace(backend) as ws:
        yield ws


def test_new_workspace_is_wal_with_foreign_keys_and_current_schema(workspace_path: Path) -> None:
    with Workspace(workspace_path) as workspace:
        conn = workspace.connection
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert conn.execute("PRAGMA busy_timeout").fetchone()[0] > 0
        assert workspace.schema_version("memories") == len(MIGRATIONS["memories"])


def test_workspace_from_a_newer_glossary_is_refused_and_left_untouched(workspace_path: Path) -> None:
    Workspace(workspace_path).close()
    conn = sqlite3.connect(workspace_path)
    with conn:
        conn.execute("UPDATE schema_version SET version = version + 5 WHERE component = 'memories'")
    conn.close()
    before = workspace_path.read_bytes()
    with pytest.raises(WorkspaceTooNewError, match="newer glossary"):
        Workspace(workspace_path)
    assert workspace_path.read_bytes() == before


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)  # the file's case is the test above
def test_a_team_workspace_from_a_newer_glossary_is_refused_and_left_untouched(backend: str) -> None:
    with Workspace(backend) as ws:
        ws.add_unit(unit("Open", "打开"))
        with ws.atomic() as conn:
            conn.execute("UPDATE schema_version SET version = version + 5 WHERE component = 'memories'")
    before = dump_workspace(backend)
    with pytest.raises(WorkspaceTooNewError, match="newer glossary"):
        Workspace(backend)
    with pytest.raises(WorkspaceTooNewError, match="newer glossary"):
        Workspace(backend, migrate=True)  # what `glossary admin migrate` does: refused too
    assert dump_workspace(backend) == before


def test_a_component_this_code_does_not_know_is_left_alone(workspace_path: Path) -> None:
    # A layer that is not loaded (say the termbase, for code using memories alone) keeps its own version.
    Workspace(workspace_path).close()
    conn = sqlite3.connect(workspace_path)
    with conn:
        conn.execute("INSERT INTO schema_version VALUES ('a-future-layer', 3)")
    conn.close()
    with Workspace(workspace_path) as ws:
        assert ws.schema_version("a-future-layer") == 3
        assert ws.schema_version("memories") == len(MIGRATIONS["memories"])


def test_a_file_that_is_not_a_workspace_is_refused(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.glossary"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(WorkspaceError, match="not a glossary workspace"):
        Workspace(bogus)
    assert bogus.read_text().startswith("these are my notes")


def test_same_unit_twice_is_stored_once_but_a_different_context_is_new(workspace: Workspace) -> None:
    with workspace.atomic():
        first = workspace.add_unit(unit("Open", "打开"))
        again = workspace.add_unit(unit("Open", "打开"))
        other = workspace.add_unit(unit("Open", "打开", context="menu"))
    assert first is not None and other is not None and again is None
    assert workspace.count_units() == 2


def test_atomic_rolls_back_everything_and_nested_blocks_are_savepoints(workspace: Workspace) -> None:
    with pytest.raises(RuntimeError), workspace.atomic():
        workspace.add_unit(unit("one", "一"))
        raise RuntimeError("boom")
    assert workspace.count_units() == 0

    with workspace.atomic():
        workspace.add_unit(unit("two", "二"))
        with pytest.raises(RuntimeError), workspace.atomic():
            workspace.add_unit(unit("three", "三"))
            raise RuntimeError("inner")
    assert [u.variants[0].text for u in workspace.units()] == ["two"]


def test_units_read_back_with_metadata_and_origin(workspace: Workspace) -> None:
    stored = TranslationUnit(
        (Variant("en", "Hello", props=(("x-a", "1"),)), Variant("fr-CA", "Bonjour", notes=("n",))),
        position=7,
        status="fuzzy",
        tuid="t1",
        notes=("a note",),
        props=(("domain", "diplomacy"),),
        attrs=(("datatype", "plaintext"),),
        created_at="20230327T000000Z",
        usage_count=3,
    )
    with workspace.atomic():
        origin = workspace.add_origin("memory.tmx", "tmx")
        workspace.add_unit(stored, origin)
    (back,) = workspace.units()
    assert back.origin == "memory.tmx"
    for field in (
        "variants",
        "position",
        "status",
        "tuid",
        "notes",
        "props",
        "attrs",
        "created_at",
        "usage_count",
    ):
        assert getattr(back, field) == getattr(stored, field), field


def test_delete_unit_removes_its_variants(workspace: Workspace) -> None:
    with workspace.atomic():
        tu_id = workspace.add_unit(unit("Peace", "和平"))
    assert tu_id is not None and workspace.delete_unit(tu_id)
    assert workspace.connection.execute("SELECT count(*) FROM variant").fetchone()[0] == 0


def test_each_thread_gets_its_own_connection(workspace: Workspace) -> None:
    seen: list[object] = []

    def work() -> None:
        seen.append(workspace.connection)
        with workspace.atomic():
            workspace.add_unit(unit("from a thread", "来自线程"))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    assert seen[0] is not workspace.connection
    assert workspace.count_units() == 1


def test_stats_count_pairs_once_per_unit_whatever_the_plural_forms(workspace: Workspace) -> None:
    plural = TranslationUnit(
        (
            Variant("en", "%d file", form=0),
            Variant("en", "%d files", form=1),
            Variant("ru", "%d файл", form=0),
            Variant("ru", "%d файла", form=1),
            Variant("ru", "%d файлов", form=2),
        )
    )
    with workspace.atomic():
        workspace.add_unit(plural)
        workspace.add_unit(TranslationUnit((Variant("en", "x"), Variant("ru", "икс"), Variant("fr", "ix"))))
    stats = workspace.stats()
    assert stats.units == 2
    assert dict(((a, b), n) for a, b, n in stats.units_per_pair) == {
        ("en", "ru"): 2,
        ("en", "fr"): 1,
        ("fr", "ru"): 1,
    }
    assert dict(stats.variants_per_language) == {"en": 3, "ru": 4, "fr": 1}


def test_find_units_matches_normalised_text(workspace: Workspace) -> None:
    with workspace.atomic():
        workspace.add_unit(unit("A community with a shared future", "人类命运共同体"))
        workspace.add_unit(unit("100% sure_thing", "百分之百"))
    assert [u.variants[1].text for u in workspace.find_units("命运 共同体")] == ["人类命运共同体"]
    assert len(workspace.find_units("SHARED   Future")) == 1
    assert len(workspace.find_units("0% s")) == 1 and workspace.find_units("x%") == []


@on_both_backends
def test_the_filter_finds_texts_whose_normalised_form_is_not_stored(workspace: Workspace) -> None:
    # Most English and French texts are stored without a normalised copy ("": it is lower(text)); the filter
    # finds them as it finds the others, and the others (accented capitals, full-width signs) keep theirs.
    with workspace.atomic():
        workspace.add_unit(unit("The Rule of Law", "法治"))
        workspace.add_unit(TranslationUnit((Variant("en", "State of law"), Variant("fr", "État de droit"))))
        workspace.add_unit(unit("Report  of the   Secretary-General", "秘书长的报告（续）"))
    stored = dict(workspace.connection.execute("SELECT text, normalized FROM variant").fetchall())
    assert stored["The Rule of Law"] == "" and stored["State of law"] == ""
    assert stored["État de droit"] == "état de droit"
    assert stored["Report  of the   Secretary-General"] == "report of the secretary-general"
    assert stored["秘书长的报告（续）"] == "秘书长的报告(续)"
    assert [u.variants[0].text for u in workspace.find_units("RULE of law")] == ["The Rule of Law"]
    assert [u.variants[1].text for u in workspace.find_units("état DE")] == ["État de droit"]
    assert workspace.find_units("etat de") == []
    assert len(workspace.find_units("report of the secretary")) == 1
    assert len(workspace.find_units("报告(续")) == 1
    ruled, state = workspace.find_units("rule of law")[0].id, workspace.find_units("état de")[0].id
    workspace.update_variant(ruled or 0, "en", "ÉTAT de droit")  # an edit stores its text the same way
    assert [u.id for u in workspace.find_units("état de droit")] == [state, ruled]


def test_a_database_with_foreign_tables_is_refused_unchanged(tmp_path: Path) -> None:
    # Another program's SQLite file whose tables clash with ours: one clear error, the file as it was.
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    with conn:
        conn.execute("CREATE TABLE origin (x)")
        conn.execute("INSERT INTO origin VALUES (1)")
    conn.close()
    before = dump(other)
    with pytest.raises(WorkspaceError, match="a SQLite file of another application"):
        Workspace(other)
    assert dump(other) == before


def test_an_edit_is_kept_in_the_units_history(workspace: Workspace) -> None:
    unit_id = workspace.add_unit(TranslationUnit((Variant("en", "ASEAN way"), Variant("zh-CN", "东盟方法"))))
    assert unit_id is not None
    assert workspace.history(unit_id) == ()
    workspace.update_variant(unit_id, "zh-CN", "东盟方式", by="translator")
    workspace.update_variant(unit_id, "zh-CN", "东盟方式", by="someone else")  # the same text: no edit
    workspace.update_variant(unit_id, "fr", "la méthode de l'ASEAN")
    first, second = workspace.history(unit_id)
    assert (first.lang, first.before, first.after, first.by) == (
        "zh-CN",
        "东盟方法",
        "东盟方式",
        "translator",
    )
    assert (second.lang, second.before, second.after, second.by) == (
        "fr",
        None,
        "la méthode de l'ASEAN",
        None,
    )
    assert first.at <= second.at
    unit = workspace.unit(unit_id)
    assert unit is not None and unit.changed_by == "translator"  # exported as the TMX changeid
    workspace.delete_unit(unit_id)
    assert workspace.history(unit_id) == ()


def test_a_workspace_of_the_previous_schema_gains_the_history_table(tmp_path: Path) -> None:
    path = tmp_path / "old.glossary"
    with Workspace(path) as ws:
        ws.add_unit(TranslationUnit((Variant("en", "civil society"), Variant("zh-CN", "民间社会"))))
        conn = ws.connection
        with ws.atomic():
            conn.execute("DROP TABLE unit_history")
            conn.execute("ALTER TABLE variant ADD COLUMN tokens TEXT NOT NULL DEFAULT ''")  # dropped later
            conn.execute("UPDATE schema_version SET version = 2 WHERE component = 'memories'")
    with Workspace(path) as ws:
        assert ws.schema_version("memories") == len(MIGRATIONS["memories"])
        unit = next(ws.units())
        ws.update_variant(unit.id or 0, "zh-CN", "公民社会")
        assert [c.after for c in ws.history(unit.id or 0)] == ["公民社会"]


def test_an_edited_unit_is_known_by_its_new_content_when_imported_again(workspace: Workspace) -> None:
    unit_id = workspace.add_unit(unit("civil society", "公民社会", context="UN"))
    assert unit_id is not None
    workspace.update_variant(unit_id, "zh-CN", "民间社会")
    workspace.update_variant(unit_id, "fr", "société civile")
    edited = (Variant("en", "civil society"), Variant("fr", "société civile"), Variant("zh-CN", "民间社会"))
    assert workspace.add_unit(TranslationUnit(edited, context="UN")) is None
    assert workspace.add_unit(unit("civil society", "公民社会", context="UN")) is not None  # no longer held


def test_an_edited_unit_carries_a_tmx_change_date(workspace: Workspace) -> None:
    unit_id = workspace.add_unit(unit("civil society", "公民社会"))
    assert unit_id is not None
    workspace.update_variant(unit_id, "zh-CN", "民间社会")
    edited = workspace.unit(unit_id)
    assert edited is not None and edited.changed_at is not None
    # TMX 1.4b: changedate is YYYYMMDDThhmmssZ, what OmegaT and Trados parse.
    assert len(edited.changed_at) == 16 and edited.changed_at[8] == "T" and edited.changed_at.endswith("Z")


def test_a_workspace_written_before_the_tokens_column_was_dropped_opens_migrated(tmp_path: Path) -> None:
    # tests/data/build_workspace_before_perf.py wrote it with the code on main before issue 19.
    path = tmp_path / "old.glossary"
    shutil.copyfile(Path(__file__).parents[1] / "data" / "workspace-before-perf.glossary", path)
    old = sqlite3.connect(path)
    assert "tokens" in [r[1] for r in old.execute("PRAGMA table_info(variant)")]
    old_rows = old.execute(
        "SELECT id, tu_id, lang, text, normalized, notes, props, seq FROM variant"
    ).fetchall()
    old.close()
    with Workspace(path) as ws:
        assert ws.schema_version("memories") == len(MIGRATIONS["memories"])
        conn = ws.connection
        assert "tokens" not in [r[1] for r in conn.execute("PRAGMA table_info(variant)")]
        assert (
            conn.execute(
                "SELECT id, tu_id, lang, text, normalized, notes, props, seq FROM variant"
            ).fetchall()
            == old_rows
        )
        first = ws.unit(1)
        assert first is not None and first.tuid == "js-1" and first.props == (("x-domain", "diplomacy"),)
        assert first.variants[0].notes == ("checked",) and first.variants[0].props == (("x-client", "MFA"),)
        assert [c.by for c in ws.history(1)] == ["reviewer"]
        # The index written by the old code still answers, and new units join it.
        assert (
            lookup(ws, "China and ASEAN will build an even closer community with a shared future.")[0].score
            == 100
        )
        assert [h.unit.id for h in concordance(ws, "安全理事会", "zh-CN")] == [2]
        new = ws.add_unit(
            unit("The Security Council decided to remain seized of the matter.", "安理会决定继续处理此案。")
        )
        assert [h.unit.id for h in concordance(ws, "Security Council", "en")] == [new, 2]


def test_a_batch_stores_each_new_unit_once_and_says_which_were_present(workspace: Workspace) -> None:
    stored = workspace.add_unit(unit("Open", "打开"))
    batch = [unit("Close", "关闭"), unit("Open", "打开"), unit("Close", "关闭"), unit("Save", "保存")]
    ids = workspace.add_batch(batch)
    assert ids[1] is None and ids[2] is None  # stored before; earlier in the same batch
    assert ids[0] is not None and ids[3] is not None and stored is not None and ids[0] > stored
    assert [(u.id, u.variants[0].text) for u in workspace.units()] == [
        (stored, "Open"),
        (ids[0], "Close"),
        (ids[3], "Save"),
    ]
    assert [m.unit.id for m in lookup(workspace, "Save", min_score=100)] == [ids[3]]
