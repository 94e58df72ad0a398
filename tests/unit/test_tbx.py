"""TBX read and write on the LTAC test files: valid ones import, invalid ones are refused at a line, and
exports are valid against the TBX core RNG and the TBX-Basic DCA Schematron (both run by lxml)."""

from __future__ import annotations

import dataclasses
import difflib
from pathlib import Path

import pytest
from lxml import etree, isoschematron

from glossary.formats import tbx
from glossary.model import Concept, Term
from glossary.termbase import Termbase
from memories.errors import InputError
from memories.store import Workspace
from tests.conftest import shared

TBX_NS = {"t": tbx.NAMESPACE}


def ltac_files() -> list[Path]:
    return sorted(shared("formats", "tbx", "TBX_test_files").glob("*.tbx"))


def is_valid(path: Path) -> bool:
    # The folder's README: each level has a file that is valid ("_good") and one its schema rejects ("_bad"),
    # plus one file that is not well-formed XML.
    return path.stem.endswith("_good")


def core_rng() -> etree.RelaxNG:
    return etree.RelaxNG(etree.parse(str(shared("formats", "tbx", "TBX_Core_RNG", "TBXcoreStructV03.rng"))))


def basic_schematron() -> isoschematron.Schematron:
    """The TBX-Basic DCA Schematron. It declares XPath 2 (which lxml lacks) but uses only two XPath 2
    features: ``./local-name()`` inside predicates and ``matches()`` on URLs; both are rewritten to XPath 1."""
    path = shared("formats", "tbx", "TBX-Basic_dialect", "DCA", "TBX-Basic_DCA.sch")
    text = path.read_text(encoding="utf-8-sig")
    text = text.replace('queryBinding="xslt2"', 'queryBinding="xslt"').replace(
        "./local-name()", "local-name()"
    )
    text = text.replace("matches(@target,'https?://.+')", "starts-with(@target,'http')")
    return isoschematron.Schematron(etree.fromstring(text.encode("utf-8")), store_report=True)


def entries(path: Path) -> int:
    root = etree.parse(str(path)).getroot()
    return len(root.findall(".//t:conceptEntry", TBX_NS)) + len(root.findall(".//termEntry"))


def comparable(concept: Concept) -> Concept:
    """A concept without what a file cannot carry: ids, dates and where it was read from."""
    return dataclasses.replace(
        concept,
        id=None,
        source=None,
        created_at=None,
        changed_at=None,
        changed_by=None,
        origin="imported",
        terms=tuple(dataclasses.replace(t, id=None) for t in concept.terms),
    )


@pytest.mark.parametrize("path", ltac_files(), ids=lambda p: p.name)
def test_valid_test_files_import_and_invalid_ones_are_refused_at_a_line(path: Path) -> None:
    if is_valid(path):
        concepts = list(tbx.read(path))
        assert len(concepts) == entries(path)
        terms = etree.parse(str(path)).getroot().findall(".//t:term", TBX_NS)
        assert [t.text for c in concepts for t in c.terms] == [
            " ".join("".join(t.itertext()).split()) for t in terms
        ]
        return
    with pytest.raises(InputError) as caught:
        list(tbx.read(path))
    error = caught.value
    assert error.line is not None and str(error).startswith(f"{path}:{error.line}: ")
    good = path.with_name(path.name.replace("_bad", "_good"))
    if "_bad" in path.name and good.exists():
        # The line named is one the invalid file added or changed, not a line it shares with the valid one.
        changed = _changed_lines(good, path)
        assert error.line in changed, (str(error), sorted(changed))


def _changed_lines(good: Path, bad: Path) -> set[int]:
    a = good.read_text(encoding="utf-8-sig").splitlines()
    b = bad.read_text(encoding="utf-8-sig").splitlines()
    changed: set[int] = set()
    for tag, _, _, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag in ("replace", "insert"):
            changed.update(range(j1 + 1, j2 + 1))
    return changed


@pytest.mark.parametrize("style", ["DCA", "DCT"])
def test_the_tbx_basic_dialect_examples_read_alike_in_both_styles(style: str) -> None:
    folder = shared("formats", "tbx", "TBX-Basic_dialect", style)
    (path,) = folder.glob("*.tbx")
    concepts = list(tbx.read(path))
    other = shared("formats", "tbx", "TBX-Basic_dialect", "DCA" if style == "DCT" else "DCT")
    (other_path,) = other.glob("*.tbx")
    # The two examples hold the same terminology (their notes differ, so notes are not compared).
    assert [_terminology(c) for c in concepts] == [_terminology(c) for c in tbx.read(other_path)]
    assert len(concepts) == entries(path)
    dca = next(p for p in (path, other_path) if "DCA" in p.name)
    defined = etree.parse(str(dca)).xpath(
        "//t:conceptEntry[.//t:descrip[@type='definition']]", namespaces=TBX_NS
    )
    assert sum(bool(c.definition) for c in concepts) == len(defined) > 0
    assert {t.status for c in concepts for t in c.terms} >= {"preferred", "admitted"}


def _terminology(concept: Concept) -> tuple[object, ...]:
    terms = tuple((t.lang, t.text, t.status, t.part_of_speech) for t in concept.terms)
    return terms, concept.domain, concept.definition


def test_tbx_v2_martif_reads() -> None:
    path = shared("formats", "omegat", "data", "glossaries", "sampleTBXfile.tbx")
    root = etree.parse(str(path), etree.XMLParser(load_dtd=False, no_network=True)).getroot()
    (concept,) = tbx.read(path)
    assert [t.text for t in concept.terms] == [t.text for t in root.iter("term")]
    assert concept.languages == ("en", "hu")
    assert concept.domain == root.findtext(".//descrip[@type='subjectField']")
    assert concept.definition == root.findtext(".//descrip[@type='definition']")
    assert concept.terms[0].part_of_speech == "noun"


def test_tbx_to_workspace_to_tbx_keeps_everything(tmp_path: Path) -> None:
    source = shared("formats", "tbx", "TBX_test_files", "basic_good.tbx")
    original = list(tbx.read(source))
    with Workspace(tmp_path / "w.glossary") as ws:
        termbase = Termbase(ws)
        assert termbase.add_many(original).added == len(original)
        out = tmp_path / "out.tbx"
        assert tbx.write(out, termbase.concepts()) == len(original)
    back = list(tbx.read(out))
    assert [comparable(c) for c in back] == [comparable(c) for c in original]
    # The languages, synonyms and statuses are really there, not just equal by accident.
    in_file = set(etree.parse(str(source)).getroot().xpath("//t:langSec/@xml:lang", namespaces=TBX_NS))
    assert {lang for c in back for lang in c.languages} == in_file
    assert {t.status for c in back for t in c.terms} >= {"preferred", "admitted", "deprecated"}
    assert max(len(c.terms_in("en")) for c in back) > 1


def test_export_is_valid_tbx_basic_and_keeps_what_tbx_basic_cannot_say(tmp_path: Path) -> None:
    concepts = [
        Concept(
            (
                Term("en", "Security Council", case_sensitive=True, part_of_speech="noun", note="UN organ"),
                Term("en", "UNSC", "admitted", part_of_speech="properNoun"),
                Term("zh-CN", "安全理事会"),
                Term("zh-CN", "安理会", "deprecated"),
                Term("zh-CN", "保安理事会", "forbidden", note="old rendering\nseen in 1946"),
                Term("fr", "Conseil de sécurité"),
            ),
            status="candidate",
            domain="UN",
            definition="A principal organ of the United Nations <Charter & Article 7>",
            note="first line\nsecond line",
        ),
        Concept((Term("en", "ASEAN way"), Term("zh-CN", "东盟方式")), definition="en: the way\nzh-CN: 方式"),
    ]
    out = tmp_path / "out.tbx"
    assert tbx.write(out, concepts) == 2
    document = etree.parse(str(out))
    rng = core_rng()
    assert rng.validate(document), rng.error_log
    schematron = basic_schematron()
    assert schematron.validate(document), schematron.validation_report
    assert [comparable(c) for c in tbx.read(out)] == [comparable(c) for c in concepts]


def test_the_schematron_check_can_fail() -> None:
    bad = etree.parse(str(shared("formats", "tbx", "TBX_test_files", "basic_bad.tbx")))
    assert not basic_schematron().validate(bad)


def test_entities_are_refused_not_expanded(tmp_path: Path) -> None:
    path = tmp_path / "entities.tbx"
    path.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE tbx [\n<!ENTITY a "aaaaaaaaaa">\n]>\n'
        f'<tbx xmlns="{tbx.NAMESPACE}" type="TBX-Basic" style="dca" xml:lang="en"><tbxHeader/><text><body>'
        '<conceptEntry id="c1"><langSec xml:lang="en"><termSec><term>&a;</term></termSec></langSec>'
        "</conceptEntry></body></text></tbx>\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="entities") as caught:
        list(tbx.read(path))
    assert caught.value.line is not None


def test_a_file_that_is_not_tbx_is_refused(tmp_path: Path) -> None:
    tmx = shared("formats", "omegat", "data", "tmx", "TMXComplianceKit", "ImportTest1C.tmx")
    with pytest.raises(InputError, match="not <tbx>"):
        list(tbx.read(tmx))
