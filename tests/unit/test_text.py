"""Normalisation, tokenisation, sentence splitting and language tags."""

from __future__ import annotations

import pytest

from memories.errors import InputError
from memories.langs import normalize_tag, same_language
from memories.text import normalize, split_sentences, tokenize
from tests.conftest import shared


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＳＥＡＮ　Way", "asean way"),  # full-width letters and space
        ("“community”  with\ta — shared future", '"community" with a - shared future'),
        ("第 7439 次 会议 ，", "第7439次会议,"),  # word-segmented Chinese (the UNPC test set)
        ("东盟 ASEAN 秘书长", "东盟 asean 秘书长"),  # a space between Chinese and Latin is real
        ("《东南亚友好合作条约》", "《东南亚友好合作条约》"),
    ],
)
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_tokenize_by_language() -> None:
    assert tokenize("The UN’s Charter.", "en") == ["the", "un", "'s", "charter", "."]
    assert tokenize("构建人类命运共同体", "zh-CN") == ["构建", "人类", "命运", "共同体"]
    assert tokenize("東京でAPEC会議", "ja") == ["東", "京", "で", "apec", "会", "議"]


def test_split_sentences_keeps_paragraphs_and_abbreviations() -> None:
    text = "Mr. Wang met the delegation. Both sides agreed.\n\nSecond paragraph\nwrapped over lines."
    assert split_sentences(text, "en") == [
        "Mr. Wang met the delegation.",
        "Both sides agreed.",
        "Second paragraph wrapped over lines.",
    ]
    assert split_sentences("秦刚会见东盟秘书长。双方讨论了合作！", "zh-CN") == [
        "秦刚会见东盟秘书长。",
        "双方讨论了合作！",
    ]


@pytest.mark.parametrize(("raw", "tag"), [("zh_CN", "zh-CN"), ("en-us", "en-US"), ("EN", "en"), ("iw", "he")])
def test_normalize_tag(raw: str, tag: str) -> None:
    assert normalize_tag(raw) == tag


def test_not_a_tag_is_an_input_error() -> None:
    with pytest.raises(InputError, match="not a language tag"):
        normalize_tag("english please!")


def test_chinese_scripts() -> None:
    assert same_language("zh", "zh-CN") and same_language("zh-Hans", "zh-CN") and same_language("zh-SG", "zh")
    assert not same_language("zh-TW", "zh-CN") and same_language("zh-Hant", "zh-TW")
    assert same_language("en-GB", "en") and not same_language("en", "fr")


@pytest.mark.parametrize("lang", ["en", "fr", "es", "ru"])
def test_words_are_moses_words_on_real_un_text(lang: str) -> None:
    # tokenize uses a Moses tokenizer whose character classes are built once; it must cut exactly as
    # sacremoses does, abbreviations before a full stop included ("No.", "art.", "S/RES/2231 (2015).").
    from sacremoses import MosesTokenizer

    path = shared("corpora", "unpc-devset-6way", f"UNv1.0.devset.{lang}")
    lines = path.read_text(encoding="utf-8").splitlines()[:1500]
    stock = MosesTokenizer(lang=lang)
    with_stop = 0
    for line in lines:
        words = tokenize(line, lang)
        assert words == stock.tokenize(normalize(line), escape=False), line
        with_stop += any(w.endswith(".") and len(w) > 1 for w in words)
    assert with_stop > 20  # the lines exercise the abbreviation rules the override speeds up
