"""CSV/TSV memories: a header of language tags, encodings, delimiters, errors at their line, round trips."""

from __future__ import annotations

import codecs
import gzip
from pathlib import Path

import pytest

from memories.errors import InputError
from memories.formats import ReadOptions, WriteOptions, tabular
from memories.model import LeftOut, TranslationUnit, Variant
from tests.conftest import REPO, shared

SEED_TERMS = REPO / "seeds" / "diplomatic-terms.en-zh.tsv"
GLOSSARIES = ("formats", "omegat", "data", "glossaries")


def read(path: Path) -> list[TranslationUnit | LeftOut]:
    return list(tabular.read(path, ReadOptions()))


def units(path: Path) -> list[TranslationUnit]:
    records = read(path)
    assert all(isinstance(r, TranslationUnit) for r in records), records
    return [r for r in records if isinstance(r, TranslationUnit)]


def content(unit: TranslationUnit) -> tuple[object, ...]:
    """What a round trip must keep: not the position (where the row happens to stand), nor the variants'
    order (the order of the columns)."""
    return (sorted(unit.variants, key=lambda v: v.lang), unit.notes, unit.context, unit.props)


def test_seed_termbase_reads_as_a_memory() -> None:
    terms = units(SEED_TERMS)
    data_rows = SEED_TERMS.read_text(encoding="utf-8").count("\n") - 1
    assert len(terms) == data_rows == 54
    first = terms[0]
    assert [(v.lang, v.text) for v in first.variants] == [
        ("en", "community with a shared future"),
        ("zh-CN", "命运共同体"),
    ]
    assert first.position == 2
    assert first.props == (("domain", "concept"),)
    assert first.notes == ('fixed formula; often "closer China-ASEAN community with a shared future"',)
    # A row with an empty note cell has no note, and every row kept its domain.
    assert terms[2].notes == ()
    assert all(len(t.props) == 1 and t.props[0][0] == "domain" for t in terms)
    last = terms[-1]
    assert (last.position, last.variants[1]) == (55, Variant("zh-CN", "东盟秘书长"))


@pytest.mark.parametrize(
    ("name", "not_a_tag"),
    [
        ("test.tab", "koo moo"),  # UTF-8 OmegaT glossary: source<TAB>target<TAB>comment, no header
        ("test.csv", "csv kde"),
        ("testUTF16LE.txt", "Unicode Transformation Format"),  # UTF-16 LE with BOM, CRLF
        ("test-magiccomment-bom.tab", "# foobar -*- coding: utf-8 -*-"),  # UTF-8 BOM: it must not show
    ],
)
def test_headerless_glossary_is_an_error_at_line_1(name: str, not_a_tag: str) -> None:
    path = shared(*GLOSSARIES, name)
    with pytest.raises(InputError) as caught:
        read(path)
    error = caught.value
    assert error.line == 1 and error.path == path
    assert error.message.startswith("the first row must name the languages (e.g. en")
    assert repr(not_a_tag) in str(error.hint)  # the cells were decoded right, the BOM left out


def test_empty_file_holds_no_units() -> None:
    assert read(shared(*GLOSSARIES, "empty.txt")) == []


def test_utf16_header_with_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "memory.tsv"
    rows = [
        "EN\tzh_cn\tfr\tNote\tContext\tDomain",
        "Security Council\t安全理事会\tConseil de sécurité\tUN organ\tUN\tinstitution",
        "  General Assembly \t大会\t\t\t\t",
    ]
    path.write_bytes(codecs.BOM_UTF16_LE + "".join(row + "\r\n" for row in rows).encode("utf-16-le"))
    first, second = units(path)
    assert first.languages == ("en", "zh-CN", "fr")
    assert (
        first.notes == ("UN organ",) and first.context == "UN" and first.props == (("Domain", "institution"),)
    )
    assert first.position == 2
    assert [v.text for v in second.variants] == ["  General Assembly ", "大会"]  # kept exactly, no \r
    assert (second.notes, second.context, second.props) == ((), None, ())


def test_quoted_multiline_cells_count_physical_lines(tmp_path: Path) -> None:
    path = tmp_path / "memory.csv"
    text = 'en,zh-CN\r\n"Article 1\r\nPurposes","第一条\r\n宗旨"\r\n"He said ""yes""",他说“是”\r\n'
    path.write_bytes(codecs.BOM_UTF8 + text.encode())
    first, second = units(path)
    assert first.position == 2 and second.position == 5
    assert first.variants[0].text == "Article 1\r\nPurposes"
    assert second.variants[0].text == 'He said "yes"' and second.variants[1].text == "他说“是”"


@pytest.mark.parametrize(
    ("name", "text"), [("comma.tsv", "en,zh-CN\nyes,是\n"), ("tab.csv", "en\tzh-CN\nyes, sir\t是\n")]
)
def test_header_tells_the_delimiter(tmp_path: Path, name: str, text: str) -> None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (unit,) = units(path)
    assert unit.variant("en") is not None and unit.variant("zh-CN") == Variant("zh-CN", "是")


def test_rows_with_one_language_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "memory.tsv"
    path.write_text(
        "en\tzh-CN\tnote\nTreaty\t条约\t\n\n\t \t\nPeace\t\tno translation yet\n", encoding="utf-8"
    )
    records = read(path)
    assert [type(r) for r in records] == [TranslationUnit, LeftOut]  # blank rows are not records at all
    assert records[1] == LeftOut("fewer than two languages", 5)


def test_gzipped_tsv(tmp_path: Path) -> None:
    path = tmp_path / "memory.tsv.gz"
    path.write_bytes(gzip.compress("en\tzh-CN\nTreaty\t条约\n".encode()))
    assert [v.text for v in units(path)[0].variants] == ["Treaty", "条约"]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("en\tzh-CN\nTreaty\t条约\nPeace\t和平\textra\n", 3, "3 cells, but the header names 2 columns"),
        ("en\tzh-CN\tEN\nTreaty\t条约\tTreaty\n", 1, "two columns for language en"),
        ("en\tdomain\nTreaty\tlaw\n", 1, "the first row must name the languages (e.g. en<TAB>zh-CN)"),
        ("source\ttarget\nTreaty\t条约\n", 1, "the first row must name the languages"),
        ("src\ttgt\nTreaty\t条约\n", 1, "the first row must name the languages"),
        ('en\tzh-CN\nTreaty\t条约\n"Peace" talks\t和平谈判\n', 3, "malformed TSV"),
        ('en\tzh-CN\n"Peace\t和平\nTreaty\t条约\nCharter\t宪章\n', 2, "malformed TSV"),  # never closed
        ("en\tzh-CN\t\nTreaty\t条约\tstray\n", 2, "a value in a column with no name"),
    ],
)
def test_errors_name_their_line(tmp_path: Path, text: str, line: int, message: str) -> None:
    path = tmp_path / "memory.tsv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read(path)
    assert caught.value.line == line and caught.value.message.startswith(message), caught.value


def test_trailing_empty_cells_are_not_extra_columns(tmp_path: Path) -> None:
    path = tmp_path / "memory.csv"
    path.write_text("en,zh-CN\nTreaty,条约,,\n", encoding="utf-8")
    assert len(units(path)) == 1


def test_undecodable_byte_far_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "memory.tsv"
    rows = b"".join(f"segment {n}\t\xe7\xac\xac{n}\n".encode() for n in range(2, 5000))
    path.write_bytes(b"en\tzh-CN\n" + rows + b"bad \xff byte\t\xe5\x9d\x8f\n")
    records = tabular.read(path, ReadOptions())
    with pytest.raises(InputError) as caught:
        list(records)
    assert caught.value.line == 5000 and "not valid utf-8" in caught.value.message


def test_latin1_file_with_its_encoding(tmp_path: Path) -> None:
    path = tmp_path / "memory.tsv"
    path.write_bytes("en\tfr\nSecurity Council\tConseil de sécurité\n".encode("latin-1"))
    with pytest.raises(InputError):
        read(path)
    (unit,) = tabular.read(path, ReadOptions(encoding="latin-1"))
    assert isinstance(unit, TranslationUnit) and unit.variants[1].text == "Conseil de sécurité"


def tricky_units() -> list[TranslationUnit]:
    return [
        TranslationUnit(
            (
                Variant("en", 'The "Five Principles"\tof Peaceful Coexistence'),
                Variant("zh-CN", "和平共处五项原则"),
            ),
            notes=("a note\nover two lines",),
            context="1954",
            props=(("domain", "principle"),),
        ),
        TranslationUnit(
            (Variant("en", " leading space, trailing tab\t"), Variant("fr", "ligne 1\r\nligne 2"))
        ),
        TranslationUnit((Variant("zh-CN", "东盟"), Variant("fr", "ASEAN"), Variant("en", "ASEAN"))),
    ]


@pytest.mark.parametrize("name", ["out.tsv", "out.csv"])
def test_write_then_read_gives_the_same_units(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    original = tricky_units()
    assert tabular.write(path, original, WriteOptions()) == 3
    header = path.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.split("," if name.endswith(".csv") else "\t") == [
        "en",
        "zh-CN",
        "fr",
        "note",
        "context",
        "domain",
    ]
    back = units(path)
    assert [content(u) for u in back] == [content(u) for u in original]


def test_csv_is_written_for_excel(tmp_path: Path) -> None:
    path = tmp_path / "out.csv"
    tabular.write(path, tricky_units()[2:], WriteOptions())
    assert path.read_bytes() == codecs.BOM_UTF8 + "zh-CN,fr,en\r\n东盟,ASEAN,ASEAN\r\n".encode()


def test_seed_termbase_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "terms.tsv"
    original = units(SEED_TERMS)
    assert tabular.write(path, original, WriteOptions()) == len(original)
    assert [content(u) for u in units(path)] == [content(u) for u in original]
    assert path.read_text(encoding="utf-8").splitlines()[0] == "en\tzh-CN\tnote\tdomain"


def test_write_streams_given_languages(tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    spanish_only = TranslationUnit((Variant("es", "Consejo de Seguridad"),))
    stream = iter([*tricky_units(), spanish_only])  # one-shot: the writer must not need two passes
    assert tabular.write(path, stream, WriteOptions(languages=("zh_CN", "en"))) == 3  # not the Spanish one
    assert path.read_text(encoding="utf-8").splitlines()[:2] == [
        "zh-CN\ten\tnote",
        '和平共处五项原则\t"The ""Five Principles""\tof Peaceful Coexistence"\t"a note',
    ]
    first, english_only, asean = read(path)
    assert isinstance(first, TranslationUnit) and first.notes == ("a note\nover two lines",)
    assert english_only == LeftOut("fewer than two languages", 4)
    assert isinstance(asean, TranslationUnit)
    assert asean.variants == (Variant("zh-CN", "东盟"), Variant("en", "ASEAN"))


def test_write_matches_languages_by_meaning(tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    unit = TranslationUnit((Variant("en-GB", "programme"), Variant("zh", "方案")))
    tabular.write(path, [unit], WriteOptions(languages=("en", "zh-CN")))
    assert path.read_text(encoding="utf-8") == "en\tzh-CN\nprogramme\t方案\n"


def test_write_every_language_keeps_tags_apart(tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    original = [
        TranslationUnit((Variant("en", "Taiwan region"), Variant("zh-CN", "台湾地区"))),
        TranslationUnit((Variant("en-GB", "programme"), Variant("zh", "方案"))),
    ]
    assert tabular.write(path, original, WriteOptions()) == 2
    assert path.read_text(encoding="utf-8").splitlines() == [
        "en\tzh-CN\ten-GB\tzh",
        "Taiwan region\t台湾地区\t\t",
        "\t\tprogramme\t方案",
    ]
    assert [content(u) for u in units(path)] == [content(u) for u in original]


def test_write_nothing_leaves_an_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "out.tsv"
    assert tabular.write(path, iter([]), WriteOptions()) == 0
    assert path.read_bytes() == b"" and read(path) == []


def test_an_id_or_no_column_is_the_units_identifier_not_indonesian_or_norwegian(tmp_path: Path) -> None:
    # A spreadsheet as translators keep them: a running number, an identifier, then the languages.
    sheet = tmp_path / "sheet.csv"
    sheet.write_text(
        "No,ID,en,zh-CN\n1,UN-A-70-1,Security Council,安全理事会\n2,,civil society,民间社会\n",
        encoding="utf-8",
    )
    first, second = units(sheet)
    assert [v.lang for v in first.variants] == ["en", "zh-CN"]
    assert (first.tuid, first.props) == ("UN-A-70-1", (("No", "1"),))
    assert (second.tuid, second.props) == (None, (("No", "2"),))


def test_indonesian_and_norwegian_are_written_so_that_they_read_back(tmp_path: Path) -> None:
    original = [
        TranslationUnit(
            (
                Variant("en", "civil society"),
                Variant("id", "masyarakat sipil"),
                Variant("no", "sivilsamfunn"),
            ),
            tuid="cs-1",
        )
    ]
    path = tmp_path / "out.tsv"
    assert tabular.write(path, original, WriteOptions()) == 1
    assert path.read_text(encoding="utf-8").splitlines()[0].split("\t") == ["en", "ind", "nor", "id"]
    (back,) = units(path)
    assert content(back) == content(original[0])
    assert back.tuid == "cs-1"


def test_two_id_columns_are_an_error_at_line_1(tmp_path: Path) -> None:
    path = tmp_path / "twice.tsv"
    path.write_text("id\ten\tfr\tID\n1\ta\tb\t2\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        read(path)
    assert str(refused.value).startswith(f"{path}:1: two id columns")
