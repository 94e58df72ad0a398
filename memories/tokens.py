"""The one tokeniser: every way the project cuts text into tokens, each script's rules in one place.

Four kinds of token, each for one job:

- *Words* (``tokenize``): sacremoses (Moses rules) for languages written with spaces, jieba for Chinese,
  single characters (Latin runs and numbers kept whole) for the other unsegmented scripts (Japanese, Thai,
  Khmer, Lao, Myanmar, Tibetan); on the normalised text. What QA, editing and the equivalents count.
- *Search tokens* (``search_tokens``, ``raw_tokens``, ``search_keys``): words and numbers for languages written
  with spaces, single characters for unsegmented scripts, punctuation left out, folded, every number one
  placeholder (``NUMBER``). What the fuzzy score compares and the index stores (``memories.index``).
- *Phrase tokens* (``phrase_tokens``): what term extraction counts, with the surface form kept and breaks
  (punctuation) as tokens of their own: hyphenated and possessive words whole for English-like scripts,
  jieba words for Chinese.
- *Matcher words* (``matcher_words``): words and single punctuation marks with their offsets, what the glossary
  matcher compares term by term; and ``lexicon_words``, what the alignment lexicon counts.

It also holds the function-word lists that decide where a term may begin, end or break.
"""

from __future__ import annotations

import re
import threading
import unicodedata
import warnings
from collections.abc import Iterator, Mapping
from functools import lru_cache
from typing import Any, NamedTuple

from memories.langs import UNSEGMENTED_LANGUAGES, base_language
from memories.text import normalize

__all__ = [
    "BOUND_ZH",
    "BREAKING_EN",
    "BREAKING_ZH",
    "FUNCTION_OTHER",
    "FUNCTION_ZH",
    "LINKING_EN",
    "LINKING_ZH",
    "NUMBER",
    "PhraseToken",
    "Token",
    "chinese_phrase_tokens",
    "chinese_verbs",
    "chinese_words",
    "english_phrase_tokens",
    "fold",
    "key_of",
    "lexicon_words",
    "matcher_words",
    "phrase_tokens",
    "raw_tokens",
    "search_keys",
    "search_token_matches",
    "search_tokens",
    "tokenize",
    "word_set",
]


# -- words: Moses, jieba, characters ----------------------------------------------------------------------

# Latin words and numbers stay whole inside Japanese or Thai text; every other character is a token.
_UNSEGMENTED_TOKEN = re.compile(r"[a-z\u00c0-\u024f]+|\d+(?:[.,]\d+)*|\S")

_moses_lock = threading.Lock()


@lru_cache(maxsize=64)
def _moses(lang: str) -> Any:  # sacremoses is untyped
    from sacremoses import MosesTokenizer

    class Tokenizer(MosesTokenizer):  # type: ignore[misc]  # untyped base
        """Moses with its character classes built once: sacremoses turns the string of every lower-case (or
        alphabetic) character into a set on each call, for every token that ends in a full stop."""

        _lower = frozenset(MosesTokenizer.IsLower)
        _alpha = frozenset(MosesTokenizer.IsAlpha)

        def islower(self, text: str) -> bool:
            return self._lower.issuperset(text)

        def isanyalpha(self, text: str) -> bool:
            return not self._alpha.isdisjoint(text)

    return Tokenizer(lang=lang)


_jieba_ready = False
_jieba_lock = threading.Lock()


def _jieba() -> Any:  # jieba is untyped
    global _jieba_ready
    with warnings.catch_warnings():
        # jieba imports the deprecated pkg_resources when setuptools is present; the warning is not ours to fix.
        warnings.simplefilter("ignore")
        import jieba

    if not _jieba_ready:
        with _jieba_lock:
            if not _jieba_ready:
                jieba.setLogLevel(60)  # it logs its dictionary loading to stderr otherwise
                jieba.initialize()
                _jieba_ready = True
    return jieba


def chinese_words() -> Mapping[str, int]:
    """jieba's dictionary, word -> frequency (0 for a prefix that is not a word of its own)."""
    words: Mapping[str, int] = _jieba().dt.FREQ
    return words


@lru_cache(maxsize=8)
def chinese_verbs() -> frozenset[str]:
    """The words jieba's part-of-speech dictionary tags only as verbs (``v``)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        import jieba.posseg

    tags = jieba.posseg.dt.word_tag_tab if hasattr(jieba.posseg.dt, "word_tag_tab") else {}
    if not tags:
        jieba.posseg.dt.initialize()
        tags = jieba.posseg.dt.word_tag_tab
    return frozenset(w for w, tag in tags.items() if tag == "v")


def tokenize(text: str, lang: str) -> list[str]:
    """Tokens of the normalised text: words for space-delimited languages (Moses rules), jieba words for
    Chinese, single characters (Latin runs kept whole) for other unsegmented scripts."""
    norm = normalize(text)
    if not norm:
        return []
    base = base_language(lang)
    if base == "zh":
        return [t for t in _jieba().lcut(norm) if not t.isspace()]
    if base in UNSEGMENTED_LANGUAGES:
        return _UNSEGMENTED_TOKEN.findall(norm)
    moses_lang = base if len(base) == 2 else "en"
    with (
        _moses_lock
    ):  # MosesTokenizer holds compiled state; it is cheap to share but not documented thread-safe
        return list(_moses(moses_lang).tokenize(norm, escape=False))


# -- search tokens: what the fuzzy score compares and the index stores -------------------------------------

_UNSEGMENTED = (
    r"\u0e00-\u0eff\u0f00-\u0fff\u1000-\u109f\u1780-\u17ff\u2e80-\u2fdf\u3040-\u30ff\u3400-\u4dbf"
    r"\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f\U00020000-\U0003134f"
)
# Numbers first (with their inner separators), then one token per unsegmented character, then words.
_TOKEN = re.compile(rf"\d+(?:[.,]\d+)*|[{_UNSEGMENTED}]|(?:(?![{_UNSEGMENTED}])[^\W\d_])+")
NUMBER = "#"
"""The search token every number becomes: numbers differ by a penalty, not by an edit."""


class Token(NamedTuple):
    """A search token and its span in the text. A named tuple rather than a frozen dataclass: every lookup
    and concordance cuts texts into thousands of them, and a frozen dataclass costs 5x more to build."""

    start: int
    end: int
    key: str
    """The folded form compared by the score (``#`` for a number)."""
    value: str
    """The folded token itself (the digits for a number): what concordance compares."""
    raw: str


@lru_cache(maxsize=65536)
def fold(raw: str) -> str:
    """A search token's folded form: NFKC and casefolded."""
    if raw.isascii():
        return raw.lower()
    return unicodedata.normalize("NFKC", raw).casefold()


def search_tokens(text: str) -> list[Token]:
    """The search tokens of a text, with their character spans in it."""
    tokens = []
    for m in _TOKEN.finditer(text):
        raw = m.group()
        value = fold(raw)
        key = NUMBER if raw[0].isdigit() else value
        tokens.append(Token(m.start(), m.end(), key, value, raw))
    return tokens


def search_token_matches(text: str) -> list[re.Match[str]]:
    """The search tokens of a text as bare matches (``fold`` gives their values): cheaper than
    ``search_tokens`` where only a few of them are looked at."""
    return list(_TOKEN.finditer(text))


# Where a text holds no unsegmented character, _TOKEN's lookahead never fires: these simpler patterns find
# the same tokens, faster (tests/unit/test_search.py compares them on every language of the UN corpus).
_HAS_UNSEGMENTED = re.compile(rf"[{_UNSEGMENTED}]")
_WORD_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[^\W\d_]+")
_ASCII_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-z]+")  # on lower-cased ASCII, [^\W\d_] is [a-z]


def raw_tokens(text: str) -> list[str]:
    """The tokens of a text as written (lower-cased when the text is ASCII): ``key_of`` gives their keys."""
    if text.isascii():  # lowering ASCII keeps every offset, so the tokens are those of search_tokens
        return _ASCII_TOKEN.findall(text.lower())
    return (_TOKEN if _HAS_UNSEGMENTED.search(text) else _WORD_TOKEN).findall(text)


def key_of(raw: str) -> str:
    """The search key of a token of ``raw_tokens``."""
    return NUMBER if raw[0].isdigit() else fold(raw)


def search_keys(text: str) -> list[str]:
    """Only the keys: what the index stores and the similarity compares (the import's fast path)."""
    if text.isascii():
        return [NUMBER if raw[0].isdigit() else raw for raw in _ASCII_TOKEN.findall(text.lower())]
    return [key_of(raw) for raw in raw_tokens(text)]


# -- phrase tokens: what term extraction counts ------------------------------------------------------------


class PhraseToken(NamedTuple):
    """A token of term extraction. A named tuple: extraction cuts every segment of a corpus into them."""

    key: str
    """The folded form counted (NFKC, casefolded, apostrophes and hyphens unified); "" for a break."""
    surface: str
    """The token as written."""
    capital: bool
    """Capitalised away from a sentence start (English-like scripts only)."""


_WORD_EN = re.compile(r"[^\W_]+(?:[-'\u2019\u2010\u2011][^\W_]+)*", re.UNICODE)
# A plural possessive before a capitalised word belongs to the name: "G20 Leaders' Summit".
_PLURAL_POSSESSIVE = re.compile(r"[s]['\u2019](?=\s+[A-Z])")
_SENTENCE_END = frozenset(".!?:;\u3002\uff01\uff1f")


def english_phrase_tokens(text: str) -> list[PhraseToken]:
    """Words (hyphenated and possessive words whole) and, between them, the breaks (whatever else is written,
    stripped), for English and the other languages written with spaces."""
    tokens: list[PhraseToken] = []
    last = 0
    start_of_sentence = True
    for m in _WORD_EN.finditer(text):
        between = text[last : m.start()]
        if between.strip():
            tokens.append(PhraseToken("", between.strip(), False))
            if any(ch in _SENTENCE_END for ch in between):
                start_of_sentence = True
        word = m.group()
        if _PLURAL_POSSESSIVE.match(text, m.end() - 1):
            word += text[m.end()]
            last = m.end() + 1
        else:
            last = m.end()
        key = unicodedata.normalize("NFKC", word).casefold().replace("\u2019", "'")
        key = key.replace("\u2010", "-").replace("\u2011", "-")
        capital = word[0].isupper() and not start_of_sentence
        tokens.append(PhraseToken(key, word, capital))
        start_of_sentence = False
    if text[last:].strip():
        tokens.append(PhraseToken("", text[last:].strip(), False))
    return tokens


def chinese_phrase_tokens(text: str) -> list[PhraseToken]:
    """jieba's words of the normalised text; a token with no letter or digit is a break."""
    return [PhraseToken(t if any(ch.isalnum() for ch in t) else "", t, False) for t in tokenize(text, "zh")]


def phrase_tokens(text: str, chinese: bool) -> list[PhraseToken]:
    """``chinese_phrase_tokens`` or ``english_phrase_tokens``."""
    return chinese_phrase_tokens(text) if chinese else english_phrase_tokens(text)


# -- matcher words and lexicon words ----------------------------------------------------------------------

_MATCHER_WORD = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")


def matcher_words(text: str) -> Iterator[tuple[str, int, int]]:
    """(word as written, start, end) for each word (apostrophes inside kept) and each punctuation mark."""
    for m in _MATCHER_WORD.finditer(text):
        yield m.group(), m.start(), m.end()


_LEXICON_WORD = re.compile(r"[^\W\d_][^\W\d_'\-]+")
_IDEOGRAPHS = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def lexicon_words(text: str, lang: str) -> frozenset[str]:
    """The words of a text as the alignment lexicon counts them: lower-cased words of three letters or more,
    or pairs of adjacent ideographs (kana) in Chinese, Japanese and the other unsegmented scripts."""
    if base_language(lang) in UNSEGMENTED_LANGUAGES:
        found: set[str] = set()
        for run in _IDEOGRAPHS.findall(text):
            found.update(run[k : k + 2] for k in range(len(run) - 1))
        return frozenset(found)
    return frozenset(w for w in _LEXICON_WORD.findall(text.lower()) if len(w) > 2)


# -- function words -----------------------------------------------------------------------------------------


def word_set(text: str) -> frozenset[str]:
    """The words of a whitespace-separated list."""
    return frozenset(text.split())


LINKING_EN = word_set(
    "of and in on for the to with a an by from among between against into or & within under over"
)
"""Words that may link the words of a term but never begin or end one (term extraction)."""
BREAKING_EN = word_set(
    """i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
    this that these those which who whom whose what whatever whichever whoever where when why how
    is are was were be been being am do does did doing done have has had having will would shall should
    can could may might must ought not no nor but if than then because while whereas although though
    unless until since as so also very too just only even still yet already again ever never always
    often here there thus hence therefore however moreover furthermore indeed such each every all any
    some both either neither other another more most less least much many few several own same
    said says say says about above after before during up down out off once further well via per
    upon whether shall let made make makes making stands stand ready through throughout towards toward
    around across along beyond despite like near without behind beside besides beneath onto unto
    including following regarding concerning except instead rather at
    one two three four five six seven eight nine ten eleven twelve twenty thirty hundred thousand million
    first second third fourth fifth sixth seventh eighth ninth tenth"""
)
"""Words that never belong to a term: a phrase containing one is not a candidate (term extraction)."""
LINKING_ZH = word_set("的 和 与 及 、 之")
"""Chinese words that may link the words of a term but never begin or end one."""
BREAKING_ZH = word_set(
    """了 是 在 把 被 将 对 也 都 而 并 要 我们 我国 他们 你们 这 那 这些 那些 其 该 此 就 还 又 很 更 最
    已 已经 没有 没 着 过 地 得 所 以 为 从 向 于 到 给 由 等 等等 各 每 个 这个 这种 一些 我 你 他 同 跟
    她 它 会 能 可以 应 应该 必须 使 让 以及 或 或者 但 但是 如果 因为 所以 虽然 而且 并且 同时 通过
    进一步 继续 不断 切实 大力 努力 积极 坚持 推动 推进 加强 加快 实现 提高 促进 进行 开展 深化 扩大
    第 号 次 届 上 中 下 里 内 外 基础上 基础 过程中 之中 之下 以来 期间 方面 问题上 前提下 条件下 情况下"""
)
"""Chinese words that never belong to a term."""
BOUND_ZH = word_set("一个 不")
"""Chinese words that belong to a term only as part of a fixed formula: the numeral-classifier 一个 ("a",
"one") and the negation 不 ("not"). 一个国家 ("a country") is general language, 一个中国原则 and 不干涉内政
formulas: term extraction keeps such a word only in a phrase whose words after it are seldom said without it."""
FUNCTION_ZH = word_set(
    "的 了 和 与 及 在 是 对 把 被 将 也 都 而 并 等 或 之 其 该 为 以 于 从 向 到 由 就 还 又 这 那 中 上 下 时"
)
"""Chinese function words an equivalent never begins or ends with (the equivalents' target n-grams)."""
FUNCTION_OTHER = word_set(
    "the a an of and or in on for to with at by from as is are was were be been that this these those it its"
)
"""The same for the other languages."""
