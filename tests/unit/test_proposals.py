"""Machine proposals stay proposals: extracted concepts are candidates, not glossary hits, not exported by
default, and a proposal seen in one unit is weak; units aligned by machine carry their review status out."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import polib
import pytest
from lxml import etree

from glossary.equivalents import MIN_SUPPORT, Equivalent
from glossary.formats import read_termbase
from glossary.harvest import Extraction, extract_into_termbase
from glossary.matcher import matcher_for
from glossary.model import Concept, Term
from glossary.termbase import Termbase
from glossary.transfer import export_memory, export_termbase
from memories.formats import WriteOptions
from memories.importer import import_files, import_parallel
from memories.index.lookup import lookup
from memories.model import TranslationUnit, Variant
from memories.store import Workspace
from tests.conftest import shared


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, Extraction]]:
    """120 aligned en/zh-CN sentences of the UN dev set, extracted into the termbase."""
    folder = shared("corpora", "unpc-devset-6way")
    here = tmp_path_factory.mktemp("proposals")
    for lang in ("en", "zh"):
        lines = (folder / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()[200:320]
        (here / f"un.{lang}").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ws = Workspace(here / "ws.glossary")
    import_parallel(ws, [here / "un.en", here / "un.zh"], ("en", "zh-CN"))
    found = extract_into_termbase(ws, "en", "zh-CN", top=60)
    yield ws, found
    ws.close()


def test_a_single_co_occurrence_is_weak_and_never_reads_certain(
    extracted: tuple[Workspace, Extraction],
) -> None:
    _, found = extracted
    equivalents = [e for p in found.proposals for e in p.equivalents if not e.known]
    once = [e for e in equivalents if e.support == 1]
    assert once, "the sample should hold phrases seen with their term once"
    assert all(e.weak and e.confidence <= 0.67 for e in once)
    assert all(e.confidence < 1 for e in equivalents)
    assert Equivalent("x", 0.9, MIN_SUPPORT).weak is False


def test_extracted_concepts_are_candidates_and_store_only_supported_proposals(
    extracted: tuple[Workspace, Extraction],
) -> None:
    ws, found = extracted
    termbase = Termbase(ws)
    stored = list(termbase.concepts())
    assert stored and {c.status for c in stored} == {"candidate"}
    by_id = {c.id: c for c in stored}
    for candidate, proposal, concept_id in zip(
        found.candidates, found.proposals, found.concept_ids, strict=True
    ):
        concept = by_id[concept_id]
        targets = [t.text for t in concept.terms if t.lang == "zh-CN"]
        best = proposal.best
        if best is None or best.weak:
            assert targets == [], (candidate.text, best)
        elif targets:
            assert best.support >= MIN_SUPPORT and targets == [best.text]


def test_a_proposal_with_one_supporting_unit_is_no_glossary_hit_and_is_not_exported(
    extracted: tuple[Workspace, Extraction], tmp_path: Path
) -> None:
    ws, found = extracted
    termbase = Termbase(ws)
    weak = next(
        c
        for c, p in zip(found.candidates, found.proposals, strict=True)
        if p.best is not None and p.best.weak
    )
    text = f"We recall the {weak.text} once more."
    assert matcher_for(termbase, "en").find(text) == []
    asked = matcher_for(termbase, "en", candidates=True).find(text)
    assert asked and {c.status for m in asked for c, _ in m.entries} == {"candidate"}
    # Exports hold approved concepts unless asked.
    tbx = tmp_path / "glossary.tbx"
    assert export_termbase(ws, tbx) == 0
    assert export_termbase(ws, tbx, statuses=("candidate",)) == len(list(termbase.concepts()))
    table = tmp_path / "glossary.tsv"
    assert export_termbase(ws, table, langs=("en", "zh-CN")) == 0
    assert weak.text not in table.read_text(encoding="utf-8")


def test_an_approved_concept_is_a_hit_and_exported(tmp_path: Path) -> None:
    with Workspace(tmp_path / "ws.glossary") as ws:
        termbase = Termbase(ws)
        termbase.add(Concept((Term("en", "ASEAN way"), Term("zh-CN", "东盟方式")), status="approved"))
        termbase.add(Concept((Term("en", "shared future"), Term("zh-CN", "共同未来")), status="candidate"))
        termbase.add(Concept((Term("en", "old term"), Term("zh-CN", "旧")), status="rejected"))
        assert [m.text for m in matcher_for(termbase, "en").find("the ASEAN way and a shared future")] == [
            "ASEAN way"
        ]
        out = tmp_path / "out.tbx"
        assert export_termbase(ws, out) == 1
        assert [c.terms[0].text for c in read_termbase(out)] == ["ASEAN way"]
        assert export_termbase(ws, out, statuses=("approved", "candidate", "rejected")) == 3


@pytest.fixture
def flagged(workspace: Workspace) -> Workspace:
    """Two units aligned by machine: one a person has not reviewed."""
    workspace.add_unit(
        TranslationUnit(
            (
                Variant("en", "The Security Council remains seized of the matter."),
                Variant("zh-CN", "安理会继续处理此案。"),
            ),
            status="review",
        )
    )
    workspace.add_unit(
        TranslationUnit(
            (
                Variant("en", "The General Assembly adopted the resolution."),
                Variant("zh-CN", "大会通过了该决议。"),
            )
        )
    )
    return workspace


def test_units_flagged_for_review_are_found_flagged_and_exported_flagged(
    flagged: Workspace, tmp_path: Path
) -> None:
    (match,) = lookup(flagged, "The Security Council remains seized of the matter", min_score=90)
    assert match.unit.status == "review"
    assert [u.status for u in flagged.find_units("", status="review")] == ["review"]
    assert [u.status for u in flagged.find_units("council", status="review")] == ["review"]
    assert flagged.find_units("assembly", status="review") == []
    po = tmp_path / "zh_CN.po"
    export_memory(flagged, po, options=WriteOptions("en", "zh-CN"))
    entries = {e.msgid: e for e in polib.pofile(str(po))}
    assert entries["The Security Council remains seized of the matter."].fuzzy
    assert not entries["The General Assembly adopted the resolution."].fuzzy
    tmx = tmp_path / "out.tmx"
    export_memory(flagged, tmx)
    props = [p.text for p in etree.parse(str(tmx)).iter("prop") if p.get("type") == "x-status"]
    assert props == ["review"]
    with Workspace(tmp_path / "again.glossary") as again:
        import_files(again, [tmx])
        assert sorted(u.status for u in again.units()) == ["review", "translated"]


@pytest.fixture(scope="module")
def press_in_memory(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Workspace, str]]:
    """The UN dev set as the memory, and a four-sentence 'press release' of the UN test set (no sentence
    shared) imported beside it, as a translator extracts one new document."""
    here = tmp_path_factory.mktemp("widen")
    test = shared("corpora", "unpc-testset-en-zh")
    en = (test / "UNv1.0.testset.en").read_text(encoding="utf-8").splitlines()
    zh = (test / "UNv1.0.testset.zh").read_text(encoding="utf-8").splitlines()
    picked = [i for i, line in enumerate(en) if "sustainable development" in line.lower()][:2]
    picked += [i for i, line in enumerate(en) if "Security Council" in line][:2]
    for lang, lines in (("en", en), ("zh", zh)):
        (here / f"press.{lang}").write_text("\n".join(lines[i] for i in picked) + "\n", encoding="utf-8")
    dev = shared("corpora", "unpc-devset-6way")
    ws = Workspace(here / "ws.glossary")
    import_parallel(ws, [dev / "UNv1.0.devset.en", dev / "UNv1.0.devset.zh"], ("en", "zh-CN"))
    import_parallel(ws, [here / "press.en", here / "press.zh"], ("en", "zh-CN"))
    yield ws, ws.origins()[-1].name
    ws.close()


def test_a_document_with_little_evidence_takes_its_equivalents_from_the_whole_memory(
    press_in_memory: tuple[Workspace, str],
) -> None:
    ws, press = press_in_memory
    found = extract_into_termbase(ws, "en", "zh-CN", origin=press, top=30, store=False)
    best = {c.text: p.best for c, p in zip(found.candidates, found.proposals, strict=True) if p.best}
    # In the press release alone each formula is in two sentences: the memory's units are the evidence.
    assert all(
        len(c.units) <= 2
        for c in found.candidates
        if c.text in ("sustainable development", "Security Council")
    )
    sustainable = best["sustainable development"]
    assert sustainable is not None and sustainable.text == "可 持续 发展"
    assert sustainable.support >= 20 and not sustainable.weak
    council = best["Security Council"]
    assert council is not None and council.text == "安全 理事会" and not council.weak
    # What is stored as the candidate's evidence stays its own document's units.
    assert {u for c in found.candidates for u in c.units} <= {u.id for u in ws.units(origin=press)}
