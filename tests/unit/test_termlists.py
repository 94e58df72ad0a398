"""Term-list editing as the command line says it: concepts from texts, terms changed by their text, all or none."""

from __future__ import annotations

import re

import pytest

from glossary.termbase import Termbase
from glossary.termlists import edit_concept, listed, new_concept, parse_added, remove_concepts
from memories.errors import GlossaryError
from memories.store import Workspace
from tests.conftest import dump


@pytest.fixture
def termbase(workspace: Workspace) -> Termbase:
    termbase = Termbase(workspace)
    termbase.add(new_concept("Security Council", "安全理事会", "en", "zh-CN", {"admitted": ["安理会"]}))
    termbase.add(new_concept("General Assembly", "大会", "en", "zh-CN", {}, domain="UN"))
    return termbase


def test_a_new_concept_has_its_source_and_target_terms_by_status(termbase: Termbase) -> None:
    (concept,) = listed(termbase, "Security Council", None, None, 10)
    assert [(t.lang, t.text, t.status) for t in concept.terms] == [
        ("en", "Security Council", "preferred"),
        ("zh-CN", "安全理事会", "preferred"),
        ("zh-CN", "安理会", "admitted"),
    ]
    assert concept.origin == "manual" and concept.status == "approved"
    assert [c.domain for c in listed(termbase, "", None, None, 1)] == [None]
    assert len(listed(termbase, "", None, None, 10)) == 2


def test_an_edit_adds_drops_and_marks_terms_by_their_text(termbase: Termbase) -> None:
    (concept,) = listed(termbase, "Security Council", None, None, 10)
    assert concept.id is not None
    edited = edit_concept(
        termbase,
        concept.id,
        added=["fr=Conseil de sécurité"],
        by_status={"deprecated": ["安理会"]},
        fields={"note": "UN usage", "domain": ""},
    )
    assert {(t.lang, t.text, t.status) for t in edited.terms} >= {
        ("zh-CN", "安理会", "deprecated"),
        ("fr", "Conseil de sécurité", "admitted"),
    }
    assert edited.note == "UN usage" and edited.domain is None
    dropped = edit_concept(termbase, concept.id, dropped=["安理会"], status="candidate")
    assert "安理会" not in {t.text for t in dropped.terms} and dropped.status == "candidate"
    assert termbase.get(concept.id) == dropped


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"added": ["bad"]}, "--add 'bad': write LANG=TEXT, e.g. --add zh-CN=安理会"),
        ({"dropped": ["nothing"]}, "has no term 'nothing'"),
        ({"by_status": {"forbidden": ["nothing"]}}, "has no term 'nothing' (add it with --add LANG=nothing)"),
    ],
)
def test_an_edit_naming_what_is_not_there_changes_nothing(
    termbase: Termbase, changes: dict[str, object], message: str
) -> None:
    before = dump(termbase.workspace.path)
    (concept,) = listed(termbase, "Security Council", None, None, 10)
    assert concept.id is not None
    with pytest.raises(GlossaryError, match=re.escape(message)):
        edit_concept(termbase, concept.id, **changes)
    with pytest.raises(GlossaryError, match="no concept 999 "):
        edit_concept(termbase, 999)
    assert dump(termbase.workspace.path) == before
    assert parse_added(" zh-CN = 安理会 ") == ("zh-CN", "安理会")


def test_removing_is_all_or_none(termbase: Termbase) -> None:
    ids = [c.id for c in listed(termbase, "", None, None, 10) if c.id is not None]
    assert len(ids) == 2
    with pytest.raises(GlossaryError, match="no concept 999; nothing removed"):
        remove_concepts(termbase, [*ids, 999])
    assert termbase.count() == 2
    assert remove_concepts(termbase, ids) == 2
    assert termbase.count() == 0
