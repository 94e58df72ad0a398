"""The one tokeniser: phrase tokens for extraction, matcher words with offsets, lexicon words, function words."""

from __future__ import annotations

from memories.tokens import (
    BOUND_ZH,
    BREAKING_EN,
    BREAKING_ZH,
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


def test_a_numeral_classifier_and_a_negation_are_bound_words_not_breaking_ones() -> None:
    # 一个 and 不 break a general phrase (一个重要方面, 不能) but belong to a formula (一个中国原则, 不干涉内政):
    # extraction decides which by counting, so they are kept as words, not breaks.
    assert {"一个", "不"} <= BOUND_ZH and not BOUND_ZH & BREAKING_ZH and not BOUND_ZH & LINKING_ZH
    # The words jieba makes of them with a verb or an adverb still break.
    assert {"不断", "这个", "个"} <= BREAKING_ZH
    keys = [t.key for t in chinese_phrase_tokens("坚持一个中国原则和不干涉内政。")]
    assert keys == ["坚持", "一个", "中国", "原则", "和", "不", "干涉内政", ""]
