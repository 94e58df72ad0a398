"""The termbase library API: concepts and terms stored, found, edited and removed in a real workspace, on
both back ends (a SQLite file and a PostgreSQL database)."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossary.formats import tabular
from glossary.model import Concept, ConceptChanges, Term, TermChanges, TermStatus
from glossary.termbase import Termbase, TermbaseError
from memories.store import Workspace
from tests.conftest import REPO, dump_workspace

SEED = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"


def seed_rows() -> list[dict[str, str]]:
    with SEED.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t"))


@pytest.fixture
def workspace(backend: str) -> Iterator[Workspace]:
    """Every test here runs on a SQLite file and on a PostgreSQL database."""
    with Workspace(backend) as ws:
        yield ws


@pytest.fixture
def termbase(workspace: Workspace) -> Termbase:
    return Termbase(workspace)


def test_the_starter_termbase_loads_as_approved_concepts_one_per_row(termbase: Termbase) -> None:
    rows = seed_rows()
    result = termbase.add_many(tabular.read(SEED))
    assert result.added == len(rows) and termbase.count() == len(rows)
    concepts = list(termbase.concepts())
    assert {c.status for c in concepts} == {"approved"} and {c.origin for c in concepts} == {"imported"}
    for row, concept in zip(rows, concepts, strict=True):
        assert [t.text for t in concept.terms_in("en")] == [row["en"]]
        assert [t.text for t in concept.terms_in("zh-CN")] == [row["zh-CN"]]
        assert concept.domain == (row["domain"] or None) and concept.note == (row["note"] or None)


def test_importing_the_same_termbase_again_adds_nothing(termbase: Termbase, backend: str) -> None:
    termbase.add_many(tabular.read(SEED))
    before = dump_workspace(backend)
    again = termbase.add_many(tabular.read(SEED))
    assert again.added == 0 and again.already_present == len(seed_rows())
    assert dump_workspace(backend) == before


def test_find_ignores_case_and_width_and_puts_exact_matches_first(termbase: Termbase) -> None:
    termbase.add_many(tabular.read(SEED))
    found = termbase.find("SHARED FUTURE")
    assert found and all(any("shared future" in t.text.casefold() for t in c.terms_in("en")) for c in found)
    assert "命运共同体" in {t.text for c in found for t in c.terms_in("zh-CN")}
    exact = termbase.find("ASEAN way")
    assert exact[0].preferred("en") == Term("en", "ASEAN way", id=exact[0].terms[0].id)
    # Full-width Latin letters are the same letters.
    assert termbase.find("ＡＳＥＡＮ ｗａｙ")[0].id == exact[0].id
    assert termbase.find("ASEAN", lang="zh-CN") == []
    # A query in Traditional characters finds the Simplified term.
    assert [c.id for c in termbase.find("命運共同體")] == [c.id for c in termbase.find("命运共同体")] != []


def test_edit_changes_fields_and_term_status_and_records_who(termbase: Termbase) -> None:
    concept = termbase.add(Concept((Term("en", "Security Council"), Term("zh-CN", "安全理事会"))))
    revision = termbase.revision()
    edited = termbase.edit(
        concept.id or 0,
        ConceptChanges(domain="UN", terms=(*concept.terms, Term("zh-CN", "安理会", TermStatus.DEPRECATED))),
        by="reviewer",
    )
    assert edited.domain == "UN" and edited.changed_by == "reviewer"
    assert [(t.text, t.status) for t in edited.terms_in("zh")] == [
        ("安全理事会", "preferred"),
        ("安理会", "deprecated"),
    ]
    assert termbase.revision() > revision
    short = next(t for t in edited.terms if t.text == "安理会")
    admitted = termbase.edit_term(short.id or 0, TermChanges(status=TermStatus.ADMITTED))
    assert next(t for t in admitted.terms if t.text == "安理会").status == "admitted"
    assert termbase.get(concept.id or 0) == admitted


def test_bad_values_are_refused_and_change_nothing(termbase: Termbase, backend: str) -> None:
    concept = termbase.add(Concept((Term("en", "ASEAN way"),)))
    before = dump_workspace(backend)
    with pytest.raises(TermbaseError, match="term status"):
        termbase.add(Concept((Term("en", "x", status="obsolete"),)))
    with pytest.raises(TermbaseError, match="concept status"):
        termbase.edit(concept.id or 0, ConceptChanges(status="done"))  # type: ignore[arg-type]
    with pytest.raises(TermbaseError, match="empty"):
        termbase.add(Concept((Term("en", "  "),)))
    with pytest.raises(TermbaseError, match="no concept"):
        termbase.edit(9999, ConceptChanges(note="x"))
    assert dump_workspace(backend) == before


def test_remove_deletes_the_concept_and_its_terms(termbase: Termbase) -> None:
    first = termbase.add(Concept((Term("en", "ASEAN way"), Term("zh-CN", "东盟方式"))))
    second = termbase.add(Concept((Term("en", "ASEAN family"),)))
    assert termbase.remove(first.id or 0) and not termbase.remove(first.id or 0)
    assert [c.id for c in termbase.concepts()] == [second.id]
    assert termbase.find("东盟方式") == []
    assert termbase.remove_term(second.terms[0].id or 0) is None and termbase.count() == 0


def test_termbase_survives_reopening_the_workspace(backend: str) -> None:
    with Workspace(backend) as ws:
        added = Termbase(ws).add(Concept((Term("en", "Belt and Road Initiative", case_sensitive=True),)))
    with Workspace(backend) as ws:
        assert Termbase(ws).get(added.id or 0) == added
        assert ws.schema_version("glossary") == 2  # the termbase, then concept revisions


def test_termbase_table_round_trip_keeps_synonyms_and_statuses(termbase: Termbase, tmp_path: Path) -> None:
    concept = Concept(
        (
            Term("en", "Security Council"),
            Term("zh-CN", "安全理事会"),
            Term("zh-CN", "安理会", "admitted"),
            Term("zh-CN", "保安理事会", "forbidden"),
        ),
        domain="UN",
        definition="principal organ of the UN",
        note="Charter, Chapter V",
        status="candidate",
    )
    termbase.add(concept)
    for name in ("out.tsv", "out.csv"):
        path = tmp_path / name
        assert tabular.write(path, termbase.concepts()) == 1
        assert tabular.is_termbase(path)
        (back,) = tabular.read(path)
        assert [(t.lang, t.text, t.status) for t in back.terms] == [
            (t.lang, t.text, t.status) for t in concept.terms
        ]
        assert (back.domain, back.definition, back.note, back.status) == (
            concept.domain, concept.definition, concept.note, concept.status,
        )  # fmt: skip


def test_browse_combines_status_domain_language_and_text_in_one_query(termbase: Termbase) -> None:
    termbase.add_many(tabular.read(SEED))
    arabic = termbase.add(
        Concept((Term("en", "Security Council"), Term("ar", "مجلس الأمن")), domain="organization")
    )
    termbase.add(Concept((Term("en", "security council reform"),), status="candidate", domain="organization"))
    assert "ASEAN" in termbase.domains() and "organization" in termbase.domains()
    assert termbase.languages() == ("ar", "en", "zh-CN")

    organizations = termbase.browse(domain="organization")
    expected = [c.id for c in termbase.concepts() if c.domain == "organization"]
    assert [c.id for c in organizations] == expected and len(expected) == 8
    # A language is a concept with a term in it; zh answers zh-CN.
    assert [c.id for c in termbase.browse(lang="ar")] == [arabic.id]
    assert [c.id for c in termbase.browse(lang="zh")] == [c.id for c in termbase.concepts(lang="zh-CN")]
    assert [c.id for c in termbase.browse(domain="organization", lang="zh-CN")] == expected[:6]
    # Text, exact term first, then the order added; statuses filter as well.
    found = termbase.browse("security council", domain="organization")
    assert [c.preferred("en").text for c in found] == ["Security Council", "security council reform"]  # type: ignore[union-attr]
    assert [c.status for c in termbase.browse("security council", status="candidate")] == ["candidate"]
    assert termbase.browse("security council", lang="zh-CN") == []
    assert termbase.browse("命運共同體") == termbase.browse("命运共同体") != []
    assert len(termbase.browse(limit=5)) == 5 and termbase.browse(domain="no such domain") == []
