"""TMX: the Compliance Kit and OmegaT samples read, round trips keep everything, hostile XML is refused."""

from __future__ import annotations

import dataclasses
import gzip
import http.server
import re
import tempfile
import threading
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from memories.errors import InputError
from memories.formats import ReadOptions, Record, WriteOptions
from memories.formats._files import read_text
from memories.formats.tmx import read, write
from memories.langs import normalize_tag
from memories.model import LeftOut, TranslationUnit, Variant
from tests.conftest import SHARED, shared
from tests.mutations import KINDS, Mutation

TMX_DIR = ("formats", "omegat", "data", "tmx")
KIT = (*TMX_DIR, "TMXComplianceKit")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
UN_LANGS = ("ar", "en", "es", "fr", "ru", "zh")

# The samples that are not valid TMX, with the line of the first fault. invalid.tmx closes <ept i="1">
# before any <bpt i="1"> opens and opens <bpt i="1"> twice. (test-omegat-invalid.tmx is read: its only
# oddity is xml:lang on one <tuv> of a TMX 1.1 file, which en-ca.tmx does on every <tuv>.)
REFUSED = {"invalid.tmx": 12}


def _files(parts: tuple[str, ...], *patterns: str, recursive: bool = False) -> list[Any]:
    """Files under ../shared for parametrisation; a single skipped case when ../shared is absent."""
    if not SHARED.is_dir():
        reason = f"../shared is absent ({SHARED}): the real data files are needed for this test"
        return [pytest.param(None, marks=pytest.mark.skip(reason=reason))]
    folder = SHARED.joinpath(*parts)
    found = {
        p for pattern in patterns for p in (folder.rglob(pattern) if recursive else folder.glob(pattern))
    }
    return [pytest.param(p, id=str(p.relative_to(folder))) for p in sorted(found)]


KIT_IMPORTS = _files(KIT, "ImportTest*.tmx")
ALL_SAMPLES = _files(TMX_DIR, "*.tmx", "*.tmx.gz", recursive=True)
LEVERAGE = _files(KIT, "ImportTest1?.txt")


def records(path: Path) -> list[Record]:
    return list(read(path, ReadOptions()))


def units(path: Path) -> list[TranslationUnit]:
    return [r for r in records(path) if isinstance(r, TranslationUnit)]


def parse(path: Path) -> etree._ElementTree:
    """The file as one tree, independently of the reader (comments dropped, nothing resolved)."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, remove_comments=True)
    if path.name.endswith(".gz"):
        with gzip.open(path) as handle:
            return etree.parse(handle, parser)
    return etree.parse(str(path), parser)


def header_srclang(path: Path) -> str:
    header = parse(path).getroot().find("header")
    assert header is not None
    return normalize_tag(header.get("srclang", ""))


def valid_tmx14(path: Path) -> bool:
    dtd = etree.DTD(str(shared("formats", "schemas", "tmx", "tmx14.dtd")))
    return bool(dtd.validate(etree.parse(str(path))))


# ------------------------------------------------------------------------------- Compliance Kit, reading


def test_the_samples_are_all_found() -> None:
    shared()
    assert len(KIT_IMPORTS) == 17 and len(LEVERAGE) == 9 and len(ALL_SAMPLES) == 48


@pytest.mark.parametrize("path", KIT_IMPORTS)
def test_every_compliance_kit_import_file_reads_one_unit_per_tu(path: Path) -> None:
    read_back = records(path)
    tus = list(parse(path).iter("tu"))
    assert len(read_back) == len(tus) > 0
    assert [r.position for r in read_back] == [tu.sourceline for tu in tus]
    for unit, tu in zip(read_back, tus, strict=True):
        assert isinstance(unit, TranslationUnit)
        assert [v.lang for v in unit.variants] == [
            normalize_tag(tuv.get(XML_LANG, "")) for tuv in tu.iterchildren("tuv")
        ]


@pytest.mark.parametrize("source_file", LEVERAGE)
def test_compliance_kit_leverage_finds_every_expected_translation(source_file: Path) -> None:
    # ImportTestXX.txt holds the source document, ImportTestXX_<lang>.txt its expected translation, line
    # for line: importing ImportTestXX.tmx must leverage exactly that (tabs and spaces included).
    (translation_file,) = source_file.parent.glob(f"{source_file.stem}_*.txt")
    lang = normalize_tag(translation_file.stem.split("_", 1)[1])
    sources = [line for line in read_text(source_file).split("\n") if line]
    expected = [line for line in read_text(translation_file).split("\n") if line]
    assert len(sources) == len(expected) > 0
    srclang = header_srclang(source_file.with_suffix(".tmx"))
    memory = units(source_file.with_suffix(".tmx"))
    for source, translation in zip(sources, expected, strict=True):
        matches = [u for u in memory if (v := u.variant(srclang)) is not None and v.text == source]
        assert len(matches) == 1, source
        target = matches[0].variant(lang)
        assert target is not None and target.text == translation


def test_whitespace_written_as_character_references_survives_exactly() -> None:
    first, second = units(shared(*KIT, "ImportTest1A.tmx"))
    assert first.variants[0].text == "First segment with [\t\t   ]"
    assert second.variants[1].text == "Second segment avec [  \t\t]"
    (japanese,) = units(shared(*KIT, "ImportTest1I.tmx"))
    assert japanese.variant("ja").text == "Japanese segment with [\u3000\u3000]"  # type: ignore[union-attr]


def test_language_tags_are_normalised_whatever_their_case_and_spacing() -> None:
    (unit,) = units(shared(*KIT, "ImportTest1B.tmx"))
    assert unit.languages == ("en-US", "fr-CA")
    assert [v.text for v in unit.variants] == ["Text of the segment", "Texte du segment"]


def test_five_languages_per_unit_in_document_order() -> None:
    memory = units(shared(*KIT, "ImportTest1C.tmx"))
    assert [u.languages for u in memory] == [
        ("en-US", "en-GB", "ja-JP", "fr-CA", "es-ES"),
        ("ja-JP", "en-US", "fr-CA", "en-GB", "es-ES"),
        ("fr-CA", "ja-JP", "es-ES", "en-US", "en-GB"),
    ]
    assert memory[2].variant("es-ES").text == "Third entry in Spanish"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["ImportTest1D.tmx", "ImportTest1E.tmx", "ImportTest1F.tmx",
                                  "ImportTest1G.tmx", "ImportTest1H.tmx"])  # fmt: skip
def test_utf8_utf16_and_character_references_give_the_same_text(name: str) -> None:
    # BOM UTF-8, UTF-8, UTF-16 LE, UTF-16 BE and ASCII with references all encode the same three lines.
    texts = [[v.text for v in u.variants] for u in units(shared(*KIT, name))]
    assert texts == [
        ["à=agrave, é=eacute, æ=aelig"] * 2,
        ["ÿ=U+00FF, ™=U+2122, ’=U+2019"] * 2,
        ["“=U+201C, –=U+2013, ¤=U+00A4"] * 2,
    ]


def test_unit_and_variant_metadata_are_kept() -> None:
    (unit,) = units(shared(*KIT, "ImportTest1L.tmx"))
    assert (unit.tuid, unit.srclang, unit.usage_count) == ("tu001", "en-US", 100)
    assert (unit.created_at, unit.created_by, unit.changed_at, unit.changed_by) == (
        "20020523T091200Z", "ys", "20020523T091200Z", "ys",
    )  # fmt: skip
    assert unit.notes == ("Text of tu note 1", "Text of tu note 2")
    assert unit.props == (("myPropeType", "Data"),)
    assert unit.attrs == (
        ("o-encoding", "iso-8859-1"), ("datatype", "plaintext"), ("lastusagedate", "20020523T091200Z"),
        ("creationtool", "myTool"), ("creationtoolversion", "v10"), ("segtype", "block"), ("o-tmf", "myTM"),
    )  # fmt: skip
    french = unit.variant("fr")
    assert french is not None and french.text == "Texte du segment."
    assert french.notes == ("Text of tuv fr note 1",) * 2
    assert french.props == (("myPropeType", "Data"),) * 2
    assert ("creationid", "ys") in french.attrs and ("usagecount", "100") in french.attrs
    assert all(name not in ("xml:lang", "lang") for name, _ in french.attrs)


def test_inline_codes_are_left_out_of_the_text_and_kept_as_markup() -> None:
    memory = {u.tuid or str(u.position): u for u in units(shared(*KIT, "ImportTest2A.tmx"))}
    big_cat = memory["1"].variant("en-US")
    assert big_cat is not None and big_cat.text == "The big black cat sleeps."
    assert big_cat.markup == (
        'The big <bpt i="1" x="1" type="bold">&lt;b&gt;</bpt>black<ept i="1">&lt;/b&gt;</ept> '
        '<bpt i="2" x="2" type="ulined">&lt;u&gt;</bpt>cat<ept i="2">&lt;/u&gt;</ept> sleeps.'
    )
    special = memory["2"].variant("fr-CA")
    assert (
        special is not None and special.text == 'Test pour caractères spéciaux = <=lt, >=gt, &=amp, "=quot.'
    )
    assert memory["4"].variant("en-US").text == "First sentence."  # type: ignore[union-attr]
    picture, highlighted = [u for u in memory.values() if u.tuid is None]
    assert picture.variant("fr-CA").text == "Image: "  # type: ignore[union-attr]
    assert highlighted.languages == ("fr-CA", "en-US")
    assert highlighted.variant("en-US").text == "Some text with a part highlighted."  # type: ignore[union-attr]
    plain = units(shared(*KIT, "ImportTest1A.tmx"))[0].variants[0]
    assert plain.markup is None


def test_sub_flows_inside_native_code_are_left_out_of_the_text() -> None:
    (unit,) = units(shared(*KIT, "ImportTest2C.tmx"))
    english = unit.variant("en-US")
    assert english is not None and english.text == "Click  to start."
    assert english.markup is not None and "<sub>Start Here!</sub>" in english.markup
    assert "xmlns" not in english.markup


def test_unit_srclang_overrides_the_header_and_is_inherited_from_it() -> None:
    memory = units(shared(*KIT, "ImportTest1J_many.tmx"))
    assert [u.srclang for u in memory] == ["en-US", "en-US", "es-ES"]
    # A srclang naming a language the unit lacks is not an error.
    assert [u.srclang for u in units(shared(*KIT, "ImportTest1K.tmx"))] == ["de-DE", "fr-CA"]


def test_a_repeated_language_gets_successive_forms() -> None:
    first = units(shared(*TMX_DIR, "test-multiple-tuv.tmx"))[0]
    assert [v.text for v in first.forms("fr-CA")] == [
        "fr_CA Bonjour le monde\N{NO-BREAK SPACE}!",
        "fr_CA Bonjour tout le monde\N{NO-BREAK SPACE}!",
    ]
    assert [v.form for v in first.forms("fr-CA")] == [0, 1]


def test_tmx_11_lang_attribute_and_tuv_metadata() -> None:
    first = units(shared(*TMX_DIR, "project_save.tmx"))[0]
    assert first.languages == ("en", "fr")
    assert first.variants[1].attrs == (
        ("changeid", "Hiroshi Miura"), ("changedate", "20241127T035017Z"),
        ("creationid", "Hiroshi Miura"), ("creationdate", "20241127T035017Z"),
    )  # fmt: skip


def test_a_unit_with_one_language_is_left_out_with_its_line() -> None:
    read_back = records(shared(*TMX_DIR, "test-missingSource.tmx"))
    assert [type(r).__name__ for r in read_back] == [
        "TranslationUnit",
        "LeftOut",
        "TranslationUnit",
        "TranslationUnit",
    ]
    assert read_back[1] == LeftOut("fewer than two languages", 23)


def test_gzipped_tmx_reads_like_the_plain_one_and_astral_characters_survive() -> None:
    assert units(shared(*TMX_DIR, "test-level2.tmx.gz")) == units(shared(*TMX_DIR, "test-level2.tmx"))
    (smp,) = units(shared(*TMX_DIR, "test-SMP.tmx"))
    assert [v.text for v in smp.variants] == ["𝐀𝐁𝐂", "𝐃𝐄𝐅"]


def test_exactly_the_invalid_samples_are_refused_at_their_line() -> None:
    refused = {}
    for param in ALL_SAMPLES:
        (path,) = param.values
        if path is None:
            pytest.skip(param.marks[0].kwargs["reason"])
        try:
            records(path)
        except InputError as exc:
            assert re.match(rf"{re.escape(str(path))}:\d+: \S", str(exc)), str(exc)
            refused[path.name] = exc.line
    assert refused == REFUSED


# ------------------------------------------------------------------------------------------ round trips


def canonical_inline(elem: etree._Element) -> tuple[Any, ...]:
    return (elem.tag, dict(elem.attrib), elem.text or "", [(canonical_inline(c), c.tail or "") for c in elem])


def canonical_tuv(tuv: etree._Element) -> tuple[Any, ...]:
    lang = normalize_tag(tuv.get(XML_LANG) or tuv.get("lang") or "")
    attrs = {k: v for k, v in tuv.attrib.items() if k not in (XML_LANG, "lang")}
    seg = tuv.find("seg")
    assert seg is not None
    return (lang, attrs, notes_and_props(tuv), canonical_inline(seg))


def notes_and_props(elem: etree._Element) -> tuple[list[str], list[tuple[str, str]]]:
    # Notes and props are compared by kind, in order: the DTD allows them interleaved and the model keeps
    # them apart. Their attributes other than type (xml:lang, o-encoding) are not kept by the model.
    notes = [n.text or "" for n in elem.iterchildren("note")]
    props = [(p.get("type", ""), p.text or "") for p in elem.iterchildren("prop")]
    return notes, props


def canonical_tu(tu: etree._Element, srclang: str) -> tuple[Any, ...]:
    attrs = {k: v for k, v in tu.attrib.items() if k != "srclang"}
    attrs["srclang"] = normalize_tag(tu.get("srclang", srclang))
    return (attrs, notes_and_props(tu), [canonical_tuv(tuv) for tuv in tu.iterchildren("tuv")])


def without_position(memory: list[TranslationUnit]) -> list[TranslationUnit]:
    return [dataclasses.replace(u, position=None) for u in memory]


READABLE = [p for p in ALL_SAMPLES if p.values[0] is None or p.values[0].name not in REFUSED]


@pytest.mark.parametrize("path", READABLE)
def test_round_trip_keeps_every_unit_element_for_element(path: Path, tmp_path: Path) -> None:
    read_back = records(path)
    memory = [r for r in read_back if isinstance(r, TranslationUnit)]
    left_out = {r.position for r in read_back if isinstance(r, LeftOut)}
    srclang = header_srclang(path)
    out = tmp_path / "out.tmx"
    assert write(out, memory, WriteOptions(source=srclang)) == len(memory)
    assert valid_tmx14(out)
    assert without_position(units(out)) == without_position(memory)
    original = [canonical_tu(tu, srclang) for tu in parse(path).iter("tu") if tu.sourceline not in left_out]
    ours = [canonical_tu(tu, srclang) for tu in parse(out).iter("tu")]
    assert ours == original


def un_devset_units() -> list[TranslationUnit]:
    folder = shared("corpora", "unpc-devset-6way")
    columns = [read_text(folder / f"UNv1.0.devset.{lang}").split("\n")[:-1] for lang in UN_LANGS]
    symbols = [line.split()[0] for line in read_text(folder / "UNv1.0.devset.ids").split("\n")[:-1]]
    assert {len(column) for column in columns} == {len(symbols)} == {4000}
    return [
        TranslationUnit(
            tuple(Variant(lang, column[i]) for lang, column in zip(UN_LANGS, columns, strict=True)),
            tuid=f"unpc-devset-{i + 1}",
            srclang="en",
            props=(("x-document", symbols[i]),),
        )
        for i in range(len(symbols))
    ]


def test_un_devset_six_languages_round_trip(tmp_path: Path) -> None:
    built = un_devset_units()
    out = tmp_path / "unpc-devset.tmx"
    assert write(out, built, WriteOptions(source="en")) == 4000
    assert valid_tmx14(out)
    read_back = units(out)
    assert without_position(read_back) == built
    tree = parse(out)
    assert [tu.sourceline for tu in tree.iter("tu")] == [u.position for u in read_back]
    assert tree.getroot().find("header").get("srclang") == "en"  # type: ignore[union-attr]
    assert all(tu.get("srclang") is None for tu in tree.iter("tu"))


# ---------------------------------------------------------------------------------------------- writing


def test_writer_header_follows_the_brief_and_validates(tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    write(out, [TranslationUnit((Variant("en", "Hello"), Variant("zh-CN", "你好")))], WriteOptions())
    data = out.read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<!DOCTYPE tmx SYSTEM \"tmx14.dtd\">")
    header = parse(out).getroot().find("header")
    assert header is not None
    names = ("creationtool", "segtype", "o-tmf", "adminlang", "srclang", "datatype")
    assert {k: header.get(k) for k in names} == {
        "creationtool": "glossary", "segtype": "sentence", "o-tmf": "glossary", "adminlang": "en",
        "srclang": "en", "datatype": "plaintext",
    }  # fmt: skip
    assert header.get("creationtoolversion")
    assert valid_tmx14(out)


def test_writer_chooses_languages_in_order_and_skips_units_without_them(tmp_path: Path) -> None:
    memory = [
        TranslationUnit((Variant("en-US", "one"), Variant("fr-CA", "un"), Variant("ja", "一"))),
        TranslationUnit((Variant("ja", "二"), Variant("de", "zwei"))),
        TranslationUnit((Variant("en", "three"), Variant("zh-CN", "三"))),
    ]
    out = tmp_path / "chosen.tmx"
    assert write(out, memory, WriteOptions(languages=("fr", "en"))) == 2
    # The third unit keeps only its English: it is written, but reads back as a one-language unit.
    assert [u.languages for u in units(out)] == [("fr-CA", "en-US")]
    assert [[tuv.get(XML_LANG) for tuv in tu.iterchildren("tuv")] for tu in parse(out).iter("tu")] == [
        ["fr-CA", "en-US"],
        ["en"],
    ]
    assert valid_tmx14(out)


def test_writer_writes_markup_as_elements_and_source_language_per_unit(tmp_path: Path) -> None:
    markup = 'Press <bpt i="1" x="1">&lt;b&gt;</bpt>OK<ept i="1">&lt;/b&gt;</ept> now'
    memory = [
        TranslationUnit(
            (Variant("en", "Press OK now", markup), Variant("fr", "Appuyez sur OK")), srclang="en"
        ),
        TranslationUnit((Variant("fr", "Bonjour"), Variant("en", "Hello")), srclang="fr"),
    ]
    out = tmp_path / "codes.tmx"
    write(out, memory, WriteOptions(source="en"))
    tus = list(parse(out).iter("tu"))
    assert [tu.get("srclang") for tu in tus] == [None, "fr"]
    seg = tus[0].find("tuv/seg")
    assert seg is not None and [c.tag for c in seg] == ["bpt", "ept"] and seg[0].text == "<b>"
    assert without_position(units(out)) == memory
    assert valid_tmx14(out)


def test_context_status_and_foreign_attributes_survive_a_valid_file(tmp_path: Path) -> None:
    memory = [
        TranslationUnit(
            (Variant("en", "Open", attrs=(("x-po-flag", "c-format"),)), Variant("zh-CN", "打开")),
            context="menu",
            status="fuzzy",
            attrs=(("segtype", "phrase"), ("msgid-plural", "Opens")),
        )
    ]
    out = tmp_path / "po-like.tmx"
    write(out, memory, WriteOptions())
    assert valid_tmx14(out)
    (unit,) = units(out)
    assert (unit.context, unit.status, unit.attrs) == ("menu", "fuzzy", (("segtype", "phrase"),))
    assert unit.props == (("x-msgid-plural", "Opens"),)
    assert unit.variants[0].props == (("x-x-po-flag", "c-format"),)


def test_characters_xml_cannot_carry_are_dropped_and_the_file_stays_valid(tmp_path: Path) -> None:
    out = tmp_path / "controls.tmx"
    write(out, [TranslationUnit((Variant("en", "a\x0bb\x00c\r\n"), Variant("fr", "x\x1fy")))], WriteOptions())
    assert valid_tmx14(out)
    assert [v.text for v in units(out)[0].variants] == ["abc\r\n", "xy"]


def test_markup_that_is_not_tmx_inline_xml_is_written_as_its_plain_text(tmp_path: Path) -> None:
    memory = [
        TranslationUnit((Variant("en", "a b", "a <g>b</g>"), Variant("fr", "a b", "a <bpt i='1'>b"))),
    ]
    out = tmp_path / "fallback.tmx"
    write(out, memory, WriteOptions())
    assert valid_tmx14(out)
    assert [(v.text, v.markup) for v in units(out)[0].variants] == [("a b", None), ("a b", None)]


def test_a_failed_export_leaves_the_previous_file_untouched(tmp_path: Path) -> None:
    out = tmp_path / "memory.tmx"
    out.write_text("previous export")

    def failing() -> Iterator[TranslationUnit]:
        yield TranslationUnit((Variant("en", "one"), Variant("fr", "un")))
        raise InputError("source.po", "broken entry", 3)

    with pytest.raises(InputError):
        write(out, failing(), WriteOptions())
    assert out.read_text() == "previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["memory.tmx"]


# ------------------------------------------------------------------------------------ hostile and broken

HEADER = '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" ' + (
    'srclang="en" datatype="plaintext"/>'
)
BODY = '<body>\n<tu><tuv xml:lang="en"><seg>{}</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu>\n</body>'


def tmx(doctype: str = "", seg: str = "hello", header: str = HEADER, root: str = "tmx") -> str:
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{doctype}\n<{root} version="1.4">\n{header}\n' + (
        f"{BODY.format(seg)}\n</{root}>\n"
    )


# The classic: lol9 expands to 10^9 "lol"s.
LAUGHS = (
    "<!DOCTYPE tmx [\n"
    + "".join(
        f' <!ENTITY lol{n} "{(f"&lol{n - 1};" if n else "lol") * (10 if n else 1)}">\n' for n in range(10)
    )
    + "]>"
)
PASSWD = Path("/etc/passwd")

HOSTILE = {
    "billion-laughs": (tmx(LAUGHS, seg="&lol9;").encode(), 2, "declares XML entities"),
    "external-entity": (
        tmx('<!DOCTYPE tmx [\n<!ENTITY xxe SYSTEM "file:///etc/passwd">\n]>', seg="&xxe;").encode(),
        2,
        "declares XML entities",
    ),
    "doctype-system-url": (
        tmx('<!DOCTYPE tmx SYSTEM "https://example.org/tmx14.dtd">').encode(),
        2,
        "network",
    ),
    "doctype-public-url": (
        tmx('<!DOCTYPE tmx PUBLIC "-//LISA OSCAR:1998//DTD TMX//EN" "ftp://example.org/tmx14.dtd">').encode(),
        2,
        "network",
    ),
    "doctype-file-url": (tmx('<!DOCTYPE tmx SYSTEM "file:///etc/passwd">').encode(), 2, "network"),
    # A processing instruction holding "<x" hides the entity from the prolog check; the parser's view of
    # the DOCTYPE refuses it all the same.
    "entity-behind-pi": (
        tmx('<!DOCTYPE tmx [\n<?pi <x?>\n<!ENTITY e SYSTEM "file:///etc/passwd">\n]>', seg="&e;").encode(),
        2,
        "declares XML entities",
    ),
    "utf16-entity": (
        tmx('<!DOCTYPE tmx [\n<!ENTITY e "boom">\n]>', seg="&e;").replace("UTF-8", "UTF-16").encode("utf-16"),
        2,
        "declares XML entities",
    ),
    "malformed": (tmx(seg="<b>bold</i>"), 6, "not well-formed XML"),
    "latin-1-in-utf-8": (tmx(seg="caf\u00e9").encode("latin-1"), 6, "not well-formed XML"),
    "undeclared-entity": (
        tmx('<!DOCTYPE tmx SYSTEM "tmx14.dtd">', seg="a&nbsp;b"),
        6,
        "undeclared entity &nbsp;",
    ),
    "missing-srclang": (tmx(header=HEADER.replace('srclang="en" ', "")), 4, "TMX header has no srclang"),
    "root-not-tmx": (tmx(root="xliff"), 3, "the root element is <xliff>, not <tmx>"),
    "truncated": (tmx()[:-40], 6, "not well-formed XML"),
    "bad-language": (tmx().replace('xml:lang="fr"', 'xml:lang="fr!!"'), 6, "is not a language tag"),
    "foreign-inline": (tmx(seg="a <g id='1'>b</g>"), 6, "<g> is not a TMX inline element"),
    "unclosed-bpt": (tmx(seg='a <bpt i="1">&lt;b&gt;</bpt>b'), 6, "inline codes do not pair"),
    "empty": (b"", 1, "not well-formed XML"),
}


@pytest.mark.parametrize(("content", "line", "message"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_and_broken_files_are_refused_at_their_line(
    tmp_path: Path, content: str | bytes, line: int, message: str
) -> None:
    path = tmp_path / "hostile.tmx"
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    seen: list[Record] = []
    with pytest.raises(InputError) as refused:
        seen.extend(read(path, ReadOptions()))
    assert str(refused.value).startswith(f"{path}:{line}: "), str(refused.value)
    assert message in str(refused.value)
    assert "\n" not in str(refused.value)
    if PASSWD.is_file():
        assert PASSWD.read_text().split("\n")[0] not in str(refused.value) + repr(seen)


def test_gzipped_hostile_file_is_refused_too(tmp_path: Path) -> None:
    path = tmp_path / "hostile.tmx.gz"
    path.write_bytes(gzip.compress(HOSTILE["external-entity"][0]))
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:2: the file declares XML entities"):
        records(path)


def test_truncated_gzip_is_refused_at_the_line_where_its_data_stops(tmp_path: Path) -> None:
    whole = gzip.compress(shared(*TMX_DIR, "test-match-stat-en-ca.tmx").read_bytes())
    cut = whole[: len(whole) // 2]
    readable = zlib.decompressobj(wbits=31).decompress(cut)
    path = tmp_path / "cut.tmx.gz"
    path.write_bytes(cut)
    line = readable.count(b"\n") + 1
    assert line > 100
    with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:{line}: cannot read: "):
        records(path)


class _Recorder(http.server.BaseHTTPRequestHandler):
    requests: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Recorder.requests.append(self.path)
        self.send_response(200)
        self.end_headers()
        self.wfile.write(b"<!ENTITY % leak \"<!ENTITY exfil SYSTEM 'file:///etc/passwd'>\"> %leak;")

    def log_message(self, format: str, *args: Any) -> None:
        pass


def test_external_dtd_parameter_entity_is_never_fetched(tmp_path: Path) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/evil.dtd"
        doctypes = [
            f'<!DOCTYPE tmx [\n<!ENTITY % remote SYSTEM "{url}">\n%remote;\n]>',
            f'<!DOCTYPE tmx [\n<?pi <x?>\n<!ENTITY % remote SYSTEM "{url}">\n%remote;\n]>',
            f'<!DOCTYPE tmx SYSTEM "{url}">',
        ]
        for number, doctype in enumerate(doctypes):
            path = tmp_path / f"remote{number}.tmx"
            path.write_text(tmx(doctype, seg="&exfil;" if number < 2 else "hello"))
            with pytest.raises(InputError, match=rf"^{re.escape(str(path))}:2: "):
                records(path)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    assert _Recorder.requests == []


def test_the_ordinary_doctype_is_accepted_and_never_loaded(tmp_path: Path) -> None:
    path = tmp_path / "plain.tmx"
    path.write_text(tmx('<!DOCTYPE tmx SYSTEM "tmx14.dtd">'))
    (unit,) = units(path)
    assert [v.text for v in unit.variants] == ["hello", "x"]


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["ImportTest2C.tmx", "ImportTest2A.tmx", "ImportTest1L.tmx", "ImportTest1G.tmx"]),
    st.lists(st.builds(Mutation, st.sampled_from(KINDS), st.floats(0, 1), st.integers(0, 255)), min_size=1,
             max_size=3),
)  # fmt: skip
def test_a_mutated_tmx_reads_or_is_refused_with_an_input_error_only(
    name: str, mutations: list[Mutation]
) -> None:
    if not SHARED.is_dir():
        shared()  # skips with the reason
    data = SHARED.joinpath(*KIT, name).read_bytes()
    for mutation in mutations:
        data = mutation.apply(data)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        try:
            records(path)
        except InputError as exc:
            assert str(exc).startswith(f"{path}:"), str(exc)
