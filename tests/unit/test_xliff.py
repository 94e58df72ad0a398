"""XLIFF 1.2 and 2.0: the OASIS test suite reads or is refused, files round-trip, our output is schema-valid."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from memories.errors import InputError
from memories.formats import ReadOptions, WriteOptions, detect_format, get_format
from memories.formats.xliff import NS20, XliffDocument, read, write12, write20
from memories.model import LeftOut, TranslationUnit, Variant
from tests.cli.test_import_cli import glossary
from tests.conftest import SHARED, shared

SUITE = ("formats", "xliff2-oasis")
SAMPLES = ("formats", "xliff12", "samples")
MODULES = {
    "changetracking": "change_tracking",
    "fs": "fs",
    "glossary": "glossary",
    "matches": "matches",
    "metadata": "metadata",
    "resourcedata": "resource_data",
    "sizerestriction": "size_restriction",
    "validation": "validation",
}

# The core/invalid files that glossary still reads, with why. (None at present: every file is refused.)
STILL_ACCEPTED: dict[str, str] = {}

# The specification's id-uniqueness and ordering rules, which no schema checks: each file is refused for
# the reason it was written to show.
SPEC_RULES = {
    "bad_FileIdNotUnique.xlf": "file id '1twice' is used twice",
    "bad_GroupIdNotUnique.xlf": "group id '1twice' is used twice",
    "bad_SegmentIdNotUnique.xlf": "'s1twice' is used twice",
    "bad_IgnorableIdNotUnique.xlf": "'i1twice' is used twice",
    "bad_PartIdNotUnique.xlf": "'1twice' is used twice",
    "bad_DataIdNotUnique.xlf": "data id 'd1twice' is used twice",
    "bad_DuplicateNoteIdsInFile.xlf": "note id 'n1' is used twice",
    "bad_DuplicateNoteIdsInGroup.xlf": "note id 'n1' is used twice",
    "bad_DuplicateNoteIdsInUnit.xlf": "note id 'n1' is used twice",
    "bad_DuplicateExtElemIdsInUnit.xlf": "extension element id 'x1' is used twice",
    "bad_OrderNotUnique1.xlf": "target order '1' is used twice",
    "bad_OrderNotUnique2.xlf": "target order '2' is used twice",
    "bad_EcBeforeSc.xlf": "<ec startRef='1'> comes before its <sc>",
    "bad_EmBeforeSm.xlf": "<em startRef='1'> comes before its <sm>",
    "bad_WrongReordering1.xlf": "breaks a sequence of codes that cannot be reordered",
    "bad_WrongReordering2.xlf": "breaks a sequence of codes that cannot be reordered",
    "bad_MissingReorderFirstNo.xlf": 'canReorder="no" without a canReorder="firstNo"',
    "bad_NoTrgLang.xlf": "a <target> in a file without trgLang",
    "bad_WrongTargetLang.xlf": "the <target> is in de, the file says fr",
}


def suite_files(*folder: str) -> list[str]:
    path = SHARED.joinpath(*SUITE, *folder)
    return sorted(p.name for p in path.glob("*.xlf")) if path.is_dir() else ["(../shared is absent)"]


class _LocalSchemas(etree.Resolver):
    """Every schema a schema imports (xml.xsd...) from the schema folder, never from the network."""

    def __init__(self, folder: Path) -> None:
        super().__init__()
        self.folder = folder

    def resolve(self, system_url: str, public_id: str, context: object) -> object:
        name = system_url.rsplit("/", 1)[-1]
        found = sorted(self.folder.rglob(name))
        return self.resolve_filename(str(found[0]), context) if found else None


def _parser(folder: Path) -> etree.XMLParser:
    parser = etree.XMLParser(no_network=True, resolve_entities=False, load_dtd=False)
    parser.resolvers.add(_LocalSchemas(folder))
    return parser


def schema12(kind: str = "strict") -> etree.XMLSchema:
    folder = shared("formats", "xliff12", "schema")
    path = folder / f"xliff-core-1.2-{kind}.xsd"
    return etree.XMLSchema(etree.parse(str(path), _parser(folder)))


def schema20() -> etree.XMLSchema:
    """The 2.0 core schema with every module's, so that module elements are validated too."""
    folder = shared("formats", "schemas", "xliff2.0")
    imports = [(NS20, folder / "xliff_core_2.0.xsd")] + [
        (f"urn:oasis:names:tc:xliff:{name}:2.0", folder / "modules" / f"{file}.xsd")
        for name, file in MODULES.items()
    ]
    text = "".join(f'<xs:import namespace="{ns}" schemaLocation="{p.as_uri()}"/>' for ns, p in imports)
    wrapper = f'<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">{text}</xs:schema>'
    return etree.XMLSchema(etree.fromstring(wrapper, _parser(folder)))


def errors(schema: etree.XMLSchema, path: Path) -> list[str]:
    schema.validate(etree.parse(str(path)))
    return [error.message for error in schema.error_log]


def units_of(records: list[TranslationUnit | LeftOut]) -> list[TranslationUnit]:
    return [r for r in records if isinstance(r, TranslationUnit)]


# ---------------------------------------------------------------------------------------------- OASIS suite


@pytest.mark.parametrize("folder", [("core", "valid"), ("modules", "valid")])
def test_every_valid_file_of_the_suite_reads(folder: tuple[str, str]) -> None:
    names = suite_files(*folder)
    base = shared(*SUITE, *folder)
    read_files = 0
    for name in names:
        records = list(read(base / name, ReadOptions()))
        # Every segment is accounted for: a unit or a reason.
        segments = len(list(XliffDocument.load(base / name).segments()))
        assert len(records) == segments, name
        read_files += 1
    assert read_files == len(names) > 20


def test_the_suite_sample_reads_with_its_codes() -> None:
    path = shared(*SUITE, "core", "valid", "everything-core.xlf")
    units = units_of(list(read(path, ReadOptions())))
    assert [(u.tuid, u.variants[0].text, u.variants[1].text, u.variants[1].lang) for u in units] == [
        ("tu1/1", "Sample segment.", "Exemple de segment.", "fr"),
        ("tu1/2", "Segment's content.", "Contenu du segment.", "fr"),
    ]
    segments = {s.unit_id: s for s in XliffDocument.load(path).segments()}
    coded = segments["tu2"]
    assert coded.source == "special text and more\n."
    # The original data of each code is the TMX code's content.
    assert coded.source_markup == (
        '<bpt i="1">[b [#$tu3]   ]</bpt>special text<ept i="1">[/b [#t3end]   ]</ept> and more\n'
        "<ph>[rtl-data   ]</ph>."
    )


@pytest.mark.parametrize("name", suite_files("core", "invalid"))
def test_every_invalid_file_of_the_suite_is_refused_at_a_line(name: str) -> None:
    path = shared(*SUITE, "core", "invalid", name)
    if name in STILL_ACCEPTED:
        assert units_of(list(read(path, ReadOptions()))) is not None
        return
    with pytest.raises(InputError) as caught:
        list(read(path, ReadOptions()))
    assert caught.value.line is not None
    assert re.match(rf"{re.escape(str(path))}:\d+: \S", str(caught.value))
    if name in SPEC_RULES:
        assert SPEC_RULES[name] in caught.value.message
    # The document API refuses the same file the same way.
    with pytest.raises(InputError) as again:
        XliffDocument.load(path)
    assert str(again.value) == str(caught.value)


def test_what_the_schema_rejects_is_refused_and_the_suite_agrees_with_the_schema() -> None:
    schema = schema20()
    folder = shared(*SUITE, "core")
    rejected = [
        p for p in sorted((folder / "invalid").glob("*.xlf")) if not schema.validate(etree.parse(str(p)))
    ]
    assert len(rejected) == 30  # the rest break rules of the specification that the schema cannot say
    for path in rejected:
        with pytest.raises(InputError):
            list(read(path, ReadOptions()))
    assert all(schema.validate(etree.parse(str(p))) for p in sorted((folder / "valid").glob("*.xlf")))


# ---------------------------------------------------------------------------------------------- XLIFF 1.2


@pytest.mark.parametrize(
    "name", ["Sample_AlmostEverything_1.2_strict.xlf", "Sample_AlmostEverything_1.2_transitional.xlf"]
)
def test_xliff12_samples_round_trip_unchanged(name: str, tmp_path: Path) -> None:
    path = shared(*SAMPLES, name)
    out = tmp_path / name
    XliffDocument.load(path).save(out)
    assert etree.tostring(etree.parse(str(out)), method="c14n2") == etree.tostring(
        etree.parse(str(path)), method="c14n2"
    )


def test_xliff12_sample_imports_its_translated_units_only() -> None:
    records = list(read(shared(*SAMPLES, "Sample_AlmostEverything_1.2_strict.xlf"), ReadOptions()))
    units = units_of(records)
    assert [u.tuid for u in units] == ["_1_ski_2203", "_1_ski_374", "_1_ski_410"]
    assert all(u.srclang == "en-US" and u.languages == ("en-US",) for u in units)
    left_out = [r.reason for r in records if isinstance(r, LeftOut)]
    assert left_out.count("untranslated") == 6
    assert left_out.count("not translated yet (state needs-translation)") == 6
    marked = units[0].variants[0]
    assert marked.markup is not None and marked.markup.count('<hi type="protected">') == 2
    assert "<" not in marked.text and "XML Localisation Interchange File Format" in marked.text


def test_xliff12_inline_codes_become_tmx_codes(tmp_path: Path) -> None:
    path = tmp_path / "codes.xlf"
    path.write_text(
        """<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="x" source-language="en" target-language="fr" datatype="plaintext"><body>
  <trans-unit id="1">
   <source>A <g id="1" ctype="bold">bold</g> word<x id="2"/>, <bpt id="3">&lt;i&gt;</bpt>it<ept
     id="3">&lt;/i&gt;</ept> <bx id="4"/>end</source>
   <target state="translated">Un mot <g id="1" ctype="bold">gras</g><x id="2"/>, <bpt id="3">&lt;i&gt;</bpt>it<ept
     id="3">&lt;/i&gt;</ept> <bx id="4"/>fin</target>
  </trans-unit>
  <trans-unit id="2" translate="no"><source>Keep</source><target>Keep</target></trans-unit>
  <trans-unit id="3"><source>Check</source><target state="needs-review-translation">Vérifier</target></trans-unit>
 </body></file>
</xliff>""",
        encoding="utf-8",
    )
    first, second, third = read(path, ReadOptions())
    assert isinstance(first, TranslationUnit) and first.position == 4
    source = first.variants[0]
    assert source.text == "A bold word, it end"
    assert source.markup == (
        'A <bpt i="1" type="bold"/>bold<ept i="1"/> word<ph/>, '
        '<bpt i="2">&lt;i&gt;</bpt>it<ept i="2">&lt;/i&gt;</ept> <it pos="begin"/>end'
    )
    assert second == LeftOut('not to translate (translate="no")', 10)
    assert isinstance(third, TranslationUnit) and third.status == "review"


# ---------------------------------------------------------------------------------------------- documents


def test_filled_xliff12_documents_stay_schema_valid(tmp_path: Path) -> None:
    for name, kind in [("Sample_AlmostEverything_1.2_transitional.xlf", "transitional"),
                       ("Sample_AlmostEverything_1.2_strict.xlf", "strict")]:  # fmt: skip
        path = shared(*SAMPLES, name)
        schema = schema12(kind)
        doc = XliffDocument.load(path)
        empty = [s for s in doc.segments() if s.target is None]
        for n, segment in enumerate(empty):
            markup = (
                '<bpt i="1">&lt;b&gt;</bpt>Texte<ept i="1">&lt;/b&gt;</ept><ph>{x}</ph>' if n % 2 else None
            )
            doc.set_target(segment, "Texte", markup, score=100.0 if n % 3 else 82.5, origin="memory.tmx")
        out = tmp_path / name
        doc.save(out)
        # The strict sample carries a tektronix extension that no schema declares; filling adds no error.
        assert errors(schema, out) == errors(schema, path)
        filled = {s.id: s for s in XliffDocument.load(out).segments()}
        assert len(empty) == {"transitional": 6, "strict": 5}[kind]
        for n, segment in enumerate(empty):
            after = filled[segment.id]
            assert after.target == "Texte"
            assert after.state == ("translated" if n % 3 else "needs-review-translation")
            assert after.qualifier == ("exact-match" if n % 3 else "fuzzy-match")
    tree = etree.parse(str(out))
    qualities = tree.getroot().xpath(
        "//x:alt-trans/@match-quality", namespaces={"x": tree.getroot().nsmap[None]}
    )
    assert "82.5" in qualities


def test_filled_xliff20_documents_stay_valid_for_the_schema_and_for_us(tmp_path: Path) -> None:
    schema = schema20()
    folder = shared(*SUITE, "core", "valid")
    filled_segments = 0
    untranslated = 0
    for path in sorted(folder.glob("*.xlf")):
        untranslated += len(
            etree.parse(str(path)).xpath("//x:segment[not(x:target)]", namespaces={"x": NS20})
        )
        doc = XliffDocument.load(path)
        if all(s.target_lang is None for s in doc.segments()):
            doc.set_target_language("fr")
        for n, segment in enumerate(s for s in doc.segments() if s.target is None):
            markup = '<bpt i="1" type="bold">&lt;b&gt;</bpt>Texte<ept i="1"/><ph>{0}</ph>' if n % 2 else None
            doc.set_target(segment, "Texte", markup, score=None if n % 3 else 91.0, origin="memory.tmx")
            filled_segments += 1
        out = tmp_path / path.name
        doc.save(out)
        assert errors(schema, out) == [], path.name
        after = list(XliffDocument.load(out).segments())
        assert all(s.target is not None for s in after), path.name
    assert filled_segments == untranslated > 10
    # A fuzzy match is marked translated (not final) and keeps its score in the matches module.
    sample = tmp_path / "toSegment.xlf"
    root = etree.parse(str(sample)).getroot()
    states = root.xpath("//x:segment/@state", namespaces={"x": NS20})
    matches = root.xpath("//m:match", namespaces={"m": "urn:oasis:names:tc:xliff:matches:2.0"})
    assert "translated" in states and "final" in states
    assert matches and all(
        m.get("matchQuality") == "91.00" and m.get("origin") == "memory.tmx" for m in matches
    )


def test_codes_that_may_not_be_deleted_are_kept_in_a_filled_target(tmp_path: Path) -> None:
    path = tmp_path / "fixed.xlf"
    fixed = 'canDelete="no" canCopy="no" canReorder="firstNo"'
    path.write_text(
        f"""<xliff xmlns="{NS20}" version="2.0" srcLang="en" trgLang="fr"><file id="f"><unit id="u">
<segment id="s"><source><sc id="1" {fixed}/>Bold<ec startRef="1" {fixed}/> and <ph id="2" canDelete="no"/></source>
</segment></unit></file></xliff>""",
        encoding="utf-8",
    )
    doc = XliffDocument.load(path)
    doc.set_target(next(doc.segments()), "Gras et", score=90.0)
    doc.save(path)
    (unit,) = read(path, ReadOptions())
    assert isinstance(unit, TranslationUnit) and unit.variants[1].text == "Gras et"
    assert unit.variants[1].markup == 'Gras et<bpt i="1"/><ept i="1"/><ph/>'
    assert errors(schema20(), path) == []


def test_a_target_language_is_needed_and_must_agree(tmp_path: Path) -> None:
    source_only = XliffDocument.load(shared(*SUITE, "core", "valid", "sourceOnly.xlf"))
    with pytest.raises(InputError, match="names no target language"):
        source_only.set_target(next(source_only.segments()), "Texte")
    source_only.set_target_language("fr-CA")
    source_only.set_target(next(source_only.segments()), "Texte")
    german = XliffDocument.load(shared(*SUITE, "core", "valid", "sample1.xlf"))
    with pytest.raises(InputError, match="target language is de, not fr"):
        german.set_target_language("fr")


def test_unchanged_xliff20_documents_save_as_they_were(tmp_path: Path) -> None:
    for path in sorted(shared(*SUITE, "core", "valid").glob("*.xlf")):
        out = tmp_path / path.name
        XliffDocument.load(path).save(out)
        assert etree.tostring(etree.parse(str(out)), method="c14n2") == etree.tostring(
            etree.parse(str(path)), method="c14n2"
        ), path.name


# ---------------------------------------------------------------------------------------------- writing

UNITS = [
    TranslationUnit((Variant("en", "Security Council"), Variant("fr", "Conseil de sécurité")), tuid="1"),
    TranslationUnit(
        (
            Variant(
                "en",
                "Press Enter now",
                '<bpt i="1" type="bold">&lt;b&gt;</bpt>Press<ept i="1">&lt;/b&gt;</ept> <ph>&lt;br/&gt;</ph>'
                '<hi type="term">Enter</hi> now<it pos="begin">&lt;i&gt;</it>',
            ),
            Variant(
                "fr",
                "Appuyez sur Entrée",
                '<bpt i="1" type="bold">&lt;b&gt;</bpt>Appuyez<ept i="1">&lt;/b&gt;</ept> sur Entrée',
            ),
        ),
        notes=("UI string",),
        status="review",
    ),
    TranslationUnit((Variant("en", "Draft"), Variant("fr", "Projet")), status="fuzzy", context="menu"),
    TranslationUnit((Variant("de", "Nur Deutsch"),)),
]


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_written_xliff_is_schema_valid_and_reads_back(version: str, tmp_path: Path) -> None:
    path = tmp_path / f"out{version}.xlf"
    writer, schema = (write20, schema20()) if version == "2.0" else (write12, schema12())
    assert writer(path, UNITS, WriteOptions("en", "fr")) == 3
    assert errors(schema, path) == []
    back = units_of(list(read(path, ReadOptions())))
    assert [(u.variants, u.status, u.notes) for u in back] == [
        (u.variants, u.status, u.notes) for u in UNITS[:3]
    ]


def test_an_empty_export_is_still_valid(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlf"
    assert write20(path, [], WriteOptions("en", "fr")) == 0
    assert errors(schema20(), path) == []
    assert list(read(path, ReadOptions())) == [LeftOut("untranslated", 4)]


def test_the_registry_knows_xliff() -> None:
    assert detect_format(Path("job.xlf")) == detect_format(Path("job.XLIFF")) == "xliff"
    assert get_format("xliff12").writer is write12 and get_format("xlf").writer is write20


# ---------------------------------------------------------------------------------------------- bad input

BAD = {
    "entities": (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff [<!ENTITY e "boom">]>\n<xliff/>',
        2,
        "declares XML entities",
    ),
    "network": (
        '<?xml version="1.0"?>\n<!DOCTYPE xliff SYSTEM "http://example.org/x.dtd">\n<xliff/>',
        2,
        "never fetches anything",
    ),
    "not-xliff": ('<?xml version="1.0"?>\n<tmx version="1.4"/>', 2, "not an XLIFF 1.2 or 2.0"),
    "broken": (
        f'<xliff xmlns="{NS20}" version="2.0" srcLang="en">\n<file id="f">\n<unit',
        3,
        "not well-formed",
    ),
    "no-source-language": (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n<file original="x" datatype="x">'
        '<body><trans-unit id="1"><source>a</source></trans-unit></body></file></xliff>',
        2,
        "<file> has no source-language",
    ),
    "undeclared-entity": (
        f'<xliff xmlns="{NS20}" version="2.0" srcLang="en"><file id="f"><unit id="u">\n'
        "<segment><source>a&nbsp;b</source></segment></unit></file></xliff>",
        2,
        "Entity 'nbsp' not defined",
    ),
}


@pytest.mark.parametrize("kind", sorted(BAD))
def test_bad_input_is_refused_at_its_line(kind: str, tmp_path: Path) -> None:
    text, line, message = BAD[kind]
    path = tmp_path / f"{kind}.xlf"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        list(read(path, ReadOptions()))
    assert caught.value.line == line and message in caught.value.message


# ---------------------------------------------------------------------------------------------- commands


def test_import_and_check_read_xliff(workspace_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "council.xlf"
    units = [
        TranslationUnit((Variant("en", "The Security Council met."), Variant("zh-CN", "安全理事会开会了。"))),
        TranslationUnit((Variant("en", "The Security Council decided."), Variant("zh-CN", "安理会决定。"))),
        TranslationUnit((Variant("en", "Untranslated."),)),
    ]
    write20(path, units, WriteOptions("en", "zh-CN"))
    (report,) = json.loads(glossary(workspace_path, "import", path, "--json", check=True).stdout)
    assert report["added"] == 2 and sum(report["left_out"].values()) == 1
    exported = tmp_path / "exported.xlf"
    glossary(workspace_path, "export", exported, "--format", "xliff12", check=True)
    assert errors(schema12(), exported) == []
    assert [u.variants for u in units_of(list(read(exported, ReadOptions())))] == [
        u.variants for u in units[:2]
    ]
    glossary(workspace_path, "term", "add", "Security Council", "安全理事会", check=True)
    result = glossary(workspace_path, "check", path, "--json")
    assert result.returncode == 1, result.stderr
    (finding,) = json.loads(result.stdout)
    second = next(
        s for s in XliffDocument.load(path).segments() if s.source == "The Security Council decided."
    )
    assert finding["line"] == second.line and finding["expected"] == ["安全理事会"]
