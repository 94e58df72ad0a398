"""The one tokeniser: phrase tokens for extraction, matcher words with offsets, lexicon words, function words."""

from __future__ import annotations

from memories.tokens import (
    BREAKING_EN,
    LINKING_EN,
    LINKING_ZH,
    PhraseToken,
    chinese_phrase_tokens,
    english_phrase_tokens,
    lexicon_words,
    matcher_words,
    phrase_tokens,
)


def test_english_phrase_tokens_keep_hyphenated_and_possessive_words_whole_and_mark_breaks() -> None:
    text = "The G20 Leaders' Summit, and the Secretary‑General’s report."
    tokens = english_phrase_tokens(text)
    assert [t.surface for t in tokens] == [
        "The", "G20", "Leaders'", "Summit", ",", "and", "the", "Secretary‑General’s", "report", ".",
    ]  # fmt: skip
    assert tokens[2] == PhraseToken("leaders'", "Leaders'", True)
    assert tokens[4] == PhraseToken("", ",", False)  # a break
    assert tokens[7].key == "secretary-general's"  # hyphens and apostrophes unified
    assert not tokens[0].capital  # capitalised at the start of the sentence only
    assert phrase_tokens(text, chinese=False) == tokens


def test_chinese_phrase_tokens_are_jieba_words_and_punctuation_breaks() -> None:
    tokens = chinese_phrase_tokens("构建人类命运共同体。")
    assert [t.key for t in tokens] == ["构建", "人类", "命运", "共同体", ""]
    assert phrase_tokens("构建人类命运共同体。", chinese=True) == tokens


def test_matcher_words_carry_their_offsets_in_the_text() -> None:
    text = "The State’s  role: ASEAN-led"
    words = list(matcher_words(text))
    assert [w for w, _, _ in words] == ["The", "State’s", "role", ":", "ASEAN", "-", "led"]
    assert all(text[start:end] == word for word, start, end in words)


def test_lexicon_words_are_long_words_or_pairs_of_ideographs() -> None:
    assert lexicon_words("The UN and its Charter", "en") == {"the", "and", "its", "charter"}
    assert lexicon_words("命运共同体", "zh-CN") == {"命运", "运共", "共同", "同体"}


def test_function_words_link_or_break_a_term() -> None:
    assert {"of", "and", "the"} <= LINKING_EN
    assert not LINKING_EN & BREAKING_EN
    assert "的" in LINKING_ZH
