"""Plain text: monolingual documents split into sentences, and parallel corpora aligned line by line."""

from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from memories.errors import InputError
from memories.formats import ReadOptions, plaintext
from memories.model import LeftOut, TranslationUnit, Variant
from tests.conftest import REPO, shared

PRESS_RELEASE = REPO / "seeds" / "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt"
DEVSET = ("corpora", "unpc-devset-6way")
TESTSET = ("corpora", "unpc-testset-en-zh")


def first_line(path: Path) -> str:
    with open(path, encoding="utf-8") as handle:
        return handle.readline().rstrip("\n")


def units_of(records: list[TranslationUnit | LeftOut]) -> list[TranslationUnit]:
    assert all(isinstance(r, TranslationUnit) for r in records), [
        r for r in records if isinstance(r, LeftOut)
    ]
    return [r for r in records if isinstance(r, TranslationUnit)]


def test_un_devset_six_languages() -> None:
    folder = shared(*DEVSET)
    paths = sorted(p for p in folder.glob("UNv1.0.devset.*") if p.suffix != ".ids")
    units = units_of(list(plaintext.read_parallel(paths, None)))
    assert len(units) == 4000
    assert all(u.languages == ("ar", "en", "es", "fr", "ru", "zh") for u in units)
    assert [u.position for u in units] == list(range(1, 4001))
    first = units[0]
    for lang in ("en", "zh"):
        variant = first.variant(lang)
        assert variant is not None and variant.text == first_line(folder / f"UNv1.0.devset.{lang}")
    assert first.variant("en") == Variant("en", "Sixty-ninth session")


def test_un_testset_en_zh_keeps_segmented_chinese() -> None:
    folder = shared(*TESTSET)
    units = units_of(
        list(plaintext.read_parallel([folder / "UNv1.0.testset.en", folder / "UNv1.0.testset.zh"], None))
    )
    assert len(units) == 4000
    assert units[0].variants == (
        Variant("en", "7439th meeting, held on 11 May 2015."),
        Variant("zh", "第 7439 次 会议 ， 2015 年 5 月 11 日 举行 。"),
    )


def test_languages_given_override_the_names() -> None:
    folder = shared(*TESTSET)
    paths = [folder / "UNv1.0.testset.zh", folder / "UNv1.0.testset.en"]
    first = next(plaintext.read_parallel(paths, ["zh-Hans", "en-GB"]))
    assert isinstance(first, TranslationUnit) and first.languages == ("zh-Hans", "en-GB")


def test_language_count_must_match_the_files() -> None:
    folder = shared(*TESTSET)
    paths = [folder / "UNv1.0.testset.en", folder / "UNv1.0.testset.zh"]
    with pytest.raises(InputError, match="1 languages for 2 files"):
        list(plaintext.read_parallel(paths, ["en"]))
    with pytest.raises(InputError, match=r"the same language \(en\)"):
        list(plaintext.read_parallel(paths, ["en", "EN"]))


def test_parallel_files_of_different_lengths(tmp_path: Path) -> None:
    en, zh = tmp_path / "charter.en", tmp_path / "charter.zh"
    en.write_text("Article 1\nArticle 2\nArticle 3\n", encoding="utf-8")
    zh.write_text("第一条\n第二条\n", encoding="utf-8")
    records = plaintext.read_parallel([en, zh], None)
    assert next(records) == TranslationUnit((Variant("en", "Article 1"), Variant("zh", "第一条")), position=1)
    with pytest.raises(InputError) as caught:
        list(records)
    assert caught.value.path == zh and caught.value.line == 2 and str(en) in caught.value.message


def test_parallel_blank_lines_are_left_out(tmp_path: Path) -> None:
    en, fr = tmp_path / "doc.en", tmp_path / "doc.fr"
    en.write_bytes(b"Charter\r\n\r\nPreamble\r\n")  # CRLF: no \r may stay in the text
    fr.write_text("Charte\nNations Unies\n   \n", encoding="utf-8")
    records = list(plaintext.read_parallel([en, fr], None))
    assert records == [
        TranslationUnit((Variant("en", "Charter"), Variant("fr", "Charte")), position=1),
        LeftOut("fewer than two languages", 2),
        LeftOut("fewer than two languages", 3),
    ]


def test_parallel_needs_languages_from_the_names(tmp_path: Path) -> None:
    paths = [tmp_path / "train.src", tmp_path / "train.tgt"]  # src and tgt are ISO 639-3 codes, not meant so
    for path in paths:
        path.write_text("x\n", encoding="utf-8")
    with pytest.raises(InputError, match="does not give its language") as caught:
        list(plaintext.read_parallel(paths, None))
    assert caught.value.path == paths[0]


@pytest.mark.parametrize(
    ("name", "lang"),
    [
        ("press.en.txt", "en"),
        ("report.zh_CN.txt", "zh-CN"),
        ("UNv1.0.devset.zh", "zh"),
        ("doc.fr.txt.gz", "fr"),
        ("press.txt", None),
        ("v1.0.txt", None),
        ("notes.final.txt", None),
        ("notes.doc.txt", None),
        ("UNv1.0.devset.ids", None),
    ],
)
def test_language_from_name(name: str, lang: str | None) -> None:
    assert plaintext.language_from_name(Path(name)) == lang


def test_press_release_sentences() -> None:
    units = units_of(list(plaintext.read(PRESS_RELEASE, ReadOptions(source="fr"))))
    assert all(len(u.variants) == 1 and u.variants[0].lang == "en" for u in units)  # the name says en
    texts = [u.variants[0].text for u in units]
    assert (
        texts[0] == "Ministry of Foreign Affairs of the People's Republic of China" and units[0].position == 1
    )
    meeting = (
        "On March 27, 2023, State Councilor and Foreign Minister Qin Gang met with Secretary-General of the "
        "Association of Southeast Asian Nations (ASEAN) Kao Kim Hourn in Beijing."
    )
    assert meeting in texts and units[texts.index(meeting)].position == 7
    lines = PRESS_RELEASE.read_text(encoding="utf-8").splitlines()
    for unit in units:  # each sentence starts on the line its position gives
        assert unit.position is not None and unit.variants[0].text[:20] in lines[unit.position - 1]


def test_wrapped_lines_and_positions(tmp_path: Path) -> None:
    path = tmp_path / "statement.txt"
    path.write_text(
        "\n  \nThe Council met today. It adopted\nresolution 2231\n(2015).  Members spoke.\n\n\nEnd.",
        encoding="utf-8",
    )
    records = list(plaintext.read(path, ReadOptions()))
    assert [(r.position, r.variants[0].text) for r in units_of(records)] == [
        (3, "The Council met today."),
        (3, "It adopted resolution 2231 (2015)."),
        (5, "Members spoke."),
        (8, "End."),
    ]


def test_chinese_text_language_option_wins(tmp_path: Path) -> None:
    path = tmp_path / "讲话.en.txt"
    path.write_bytes(
        codecs.BOM_UTF8 + "秦刚会见东盟秘书长。双方讨论了\n合作！\n\n中国愿同东盟一道。".encode()
    )
    units = units_of(list(plaintext.read(path, ReadOptions(lang="zh_CN"))))
    assert [(u.position, u.variants[0]) for u in units] == [
        (1, Variant("zh-CN", "秦刚会见东盟秘书长。")),
        (1, Variant("zh-CN", "双方讨论了合作！")),
        (4, Variant("zh-CN", "中国愿同东盟一道。")),
    ]


def test_utf16_text_without_language_in_name_uses_source(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_bytes(codecs.BOM_UTF16_LE + "Note verbale.\r\n".encode("utf-16-le"))
    (unit,) = units_of(list(plaintext.read(path, ReadOptions(source="en-GB"))))
    assert unit.variants == (Variant("en-GB", "Note verbale."),)


def test_empty_file_has_no_units(tmp_path: Path) -> None:
    path = tmp_path / "empty.en.txt"
    path.write_bytes(b"")
    assert list(plaintext.read(path, ReadOptions())) == []


@pytest.mark.parametrize(
    ("data", "line", "message"),
    [
        (b"Text.\nMore text.\nPK\x03\x04\x14\x00\x00\x00\n", 3, "NUL byte in text"),  # a zip file
        (b"Text.\n" * 5000 + b"caf\xe9\n", 5001, "byte b'\\xe9' is not valid utf-8"),
        ("Text.\n".encode("utf-16-le"), 1, "NUL byte in text"),  # UTF-16 without a BOM
    ],
)
def test_binary_or_undecodable_text(tmp_path: Path, data: bytes, line: int, message: str) -> None:
    path = tmp_path / "file.en.txt"
    path.write_bytes(data)
    with pytest.raises(InputError) as caught:
        list(plaintext.read(path, ReadOptions()))
    assert (caught.value.line, caught.value.message) == (line, message)
