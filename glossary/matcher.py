"""Find glossary terms in a segment: longest match first, non-overlapping, robust to inflection and script.

How a term is compared with a segment
    Space-delimited languages (English, French...) are compared word by word. A word's key is its NFKC,
    casefolded form with a possessive ``'s`` removed, stemmed by the language's Snowball stemmer when there
    is one ("Initiatives" and "Initiative" share a key, "State's" is "State"). A case-sensitive term also
    needs each word of the segment to start with the term's word exactly as written ("US", not "us").
    Unsegmented languages (Chinese, Japanese, Thai...) are compared character by character after folding:
    NFKC (full-width to half-width), casefold, dashes unified (－ — –), book-title marks and quotation marks
    (《》〈〉 “” 「」) and spaces removed, and Traditional Chinese converted to Simplified (OpenCC ``t2s``),
    so 命運共同體 finds 命运共同体 and 中国—东盟 finds 中国－东盟.

The terms are held in one trie (of word keys, or of characters) built once per termbase revision; a segment
is scanned once from each word (or character) that starts some term, so the cost grows with the segment,
not with the number of terms.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from glossary.model import Concept, Term
from memories.langs import UNSEGMENTED_LANGUAGES, base_language, is_chinese, same_language

__all__ = ["Match", "Matcher", "matcher_for", "to_simplified"]

_WORD = re.compile(r"\w+(?:['\u2019]\w+)*|[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s$")
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_DROPPED = "《》〈〉«»“”‘’\"'「」『』﹁﹂﹃﹄"
_FOLD = str.maketrans({**{d: "-" for d in _DASHES}, **{q: None for q in _DROPPED}})

_SNOWBALL = {
    "ar": "arabic", "da": "danish", "de": "german", "el": "greek", "en": "english", "es": "spanish",
    "fi": "finnish", "fr": "french", "hu": "hungarian", "id": "indonesian", "it": "italian", "nl": "dutch",
    "no": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sv": "swedish", "tr": "turkish",
}  # fmt: skip

_END = ""  # the key, in a trie node, of the entries that end there (no word or character is empty)


@dataclass(frozen=True)
class Match:
    """A glossary term found in a segment."""

    start: int
    """Offset of the first character in the segment."""
    end: int
    """Offset after the last character."""
    text: str
    """The segment's text at the match, as written (it may be inflected: "Initiatives")."""
    entries: tuple[tuple[Concept, Term], ...]
    """The concepts (and which of their terms) this text names; usually one."""

    @property
    def concept(self) -> Concept:
        return self.entries[0][0]

    @property
    def term(self) -> Term:
        return self.entries[0][1]


@cache
def _stemmer(lang: str) -> Any:
    import snowballstemmer

    name = _SNOWBALL.get(lang)
    return snowballstemmer.stemmer(name) if name else None


_opencc_lock = threading.Lock()


@lru_cache(maxsize=1)
def _t2s() -> Any:
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Traditional Chinese characters as Simplified ones (OpenCC ``t2s``), one for one where possible."""
    with _opencc_lock:  # the converter is a C object: one call at a time
        converted = str(_t2s().convert(text))
    # t2s maps characters one to one in almost every case; when it does not, convert character by character
    # so that offsets still point into the original text.
    if len(converted) == len(text):
        return converted
    with _opencc_lock:
        return "".join(c if len(s := str(_t2s().convert(c))) != 1 else s for c in text)


def _fold_char(char: str) -> str:
    folded = unicodedata.normalize("NFKC", char).casefold().translate(_FOLD)
    return "" if folded.isspace() else folded


def _folded_word(word: str) -> str:
    # The possessive goes before the quotes are dropped: "State's" is "State", not "States".
    return _POSSESSIVE.sub("", unicodedata.normalize("NFKC", word).casefold()).translate(_FOLD)


_ENDINGS = ("s", "es", "d", "ed", "ing")


def _inflects(surface: str, term: str) -> bool:
    """Whether two folded words differ at most by an inflectional ending: a stemmer also joins derived
    words ("multilateral" and "multilateralism"), which name different concepts."""
    if surface == term:
        return True
    short, long = sorted((surface, term), key=len)
    if any(long == short + ending for ending in _ENDINGS):
        return True
    if short.endswith("y") and long in (short[:-1] + "ies", short[:-1] + "ied"):
        return True
    return short.endswith("e") and long in (short[:-1] + "ing", short + "d")


_Units = tuple[list[str], list[tuple[int, int]], list[str]]
"""Trie keys of a text's units, each unit's span in the text, and each unit folded (not stemmed)."""


class _Words:
    """Word keys of a space-delimited language."""

    def __init__(self, lang: str) -> None:
        self._stem = _stemmer(base_language(lang))
        self._cache: dict[str, tuple[str, str]] = {}

    def key(self, word: str) -> tuple[str, str]:
        """(folded word, trie key) of a word as written."""
        found = self._cache.get(word)
        if found is None:
            folded = _folded_word(word)
            # Numbers and punctuation have no inflection to remove.
            stemmed = self._stem.stemWord(folded) if self._stem is not None and folded.isalpha() else folded
            found = (folded, stemmed)
            if len(self._cache) < 500_000:  # a cache, not a copy of a whole corpus' vocabulary
                self._cache[word] = found
        return found

    def units(self, text: str) -> _Units:
        keys: list[str] = []
        spans: list[tuple[int, int]] = []
        words: list[str] = []
        for m in _WORD.finditer(text):
            folded, key = self.key(m.group())
            if key:  # a quotation mark folds to nothing: terms match across quotes, as in Chinese
                keys.append(key)
                spans.append(m.span())
                words.append(folded)
        return keys, spans, words


class _Characters:
    """Folded characters of an unsegmented language; dropped characters (marks, spaces) have no unit."""

    def __init__(self, lang: str) -> None:
        self._chinese = is_chinese(lang)
        self._folded: dict[str, str] = {}

    def units(self, text: str) -> _Units:
        source = to_simplified(text) if self._chinese else text
        folded = self._folded
        keys: list[str] = []
        spans: list[tuple[int, int]] = []
        for i, char in enumerate(source):
            parts = folded.get(char)
            if parts is None:
                parts = folded[char] = _fold_char(char)
            for part in parts:
                keys.append(part)
                spans.append((i, i + 1))
        return keys, spans, keys


class Matcher:
    """Every glossary term of one language, ready to be found in segments of that language.

    >>> matcher = Matcher(termbase.terms_for_matching(["en"]), "en")
    >>> [m.text for m in matcher.find("The ASEAN way and ASEAN centrality")]
    ['ASEAN way', 'ASEAN centrality']
    """

    def __init__(self, entries: Iterable[tuple[Concept, Term]], lang: str) -> None:
        self.lang = lang
        self._units: _Words | _Characters = (
            _Characters(lang) if base_language(lang) in UNSEGMENTED_LANGUAGES else _Words(lang)
        )
        self._root: dict[str, Any] = {}
        self.size = 0
        for concept, term in entries:
            if same_language(term.lang, lang):
                self._add(concept, term)

    def _add(self, concept: Concept, term: Term) -> None:
        keys, _, _ = self._units.units(term.text)
        if not keys:
            return
        node = self._root
        for key in keys:
            node = node.setdefault(key, {})
        node.setdefault(_END, []).append((concept, term, self._words(term)))
        self.size += 1

    def _words(self, term: Term) -> tuple[str, ...] | None:
        """The words a segment's words are checked against (None for unsegmented languages)."""
        if isinstance(self._units, _Characters):
            return None
        words = (m.group() for m in _WORD.finditer(term.text))
        return tuple(w if term.case_sensitive else _folded_word(w) for w in words if _folded_word(w))

    def find(self, text: str, overlapping: bool = False) -> list[Match]:
        """The terms in ``text`` in reading order. By default the longest match wins and matches do not
        overlap ("ASEAN way" is one match, not "ASEAN" and a stray "way"); with ``overlapping`` every term
        found is returned, nested ones too."""
        keys, spans, words = self._units.units(text)
        found: list[tuple[int, int, tuple[tuple[Concept, Term], ...]]] = []
        root = self._root
        for i, key in enumerate(keys):
            node = root.get(key)
            if node is None:
                continue
            j = i
            longest: tuple[int, int, tuple[tuple[Concept, Term], ...]] | None = None
            while True:
                ends = node.get(_END)
                if ends:
                    entries = self._accepted(ends, text, spans[i : j + 1], words[i : j + 1])
                    if entries:
                        longest = (i, j + 1, entries)
                        if overlapping:
                            found.append(longest)
                j += 1
                if j >= len(keys):
                    break
                node = node.get(keys[j])
                if node is None:
                    break
            if longest is not None and not overlapping:
                found.append(longest)
        chosen = found if overlapping else _longest_first(found)
        return [
            Match(spans[a][0], spans[b - 1][1], text[spans[a][0] : spans[b - 1][1]], entries)
            for a, b, entries in chosen
        ]

    def _accepted(
        self,
        ends: list[tuple[Concept, Term, tuple[str, ...] | None]],
        text: str,
        spans: Sequence[tuple[int, int]],
        words: Sequence[str],
    ) -> tuple[tuple[Concept, Term], ...]:
        accepted = []
        for concept, term, term_words in ends:
            if term_words is not None and not _same_words(term, term_words, text, spans, words):
                continue
            accepted.append((concept, term))
        return tuple(accepted)


def _same_words(
    term: Term, term_words: tuple[str, ...], text: str, spans: Sequence[tuple[int, int]], words: Sequence[str]
) -> bool:
    """Whether the segment's words at a trie match are the term's, inflection (and, for a case-sensitive
    term, case) checked: the stems that led here also join derived words."""
    if len(words) != len(term_words):
        return False
    if term.case_sensitive:
        # The case written, inflection allowed after it: "US" matches "US's", not "us".
        written = [text[a:b] for a, b in spans]
        return all(w.startswith(t) for w, t in zip(written, term_words, strict=True))
    return all(w == t or _inflects(w, t) for w, t in zip(words, term_words, strict=True))


def _longest_first(
    found: list[tuple[int, int, tuple[tuple[Concept, Term], ...]]],
) -> list[tuple[int, int, tuple[tuple[Concept, Term], ...]]]:
    """Non-overlapping matches, longer ones (in units) chosen before shorter ones, then earlier ones."""
    taken = [False] * (max((b for _, b, _ in found), default=0))
    chosen = []
    for a, b, entries in sorted(found, key=lambda f: (f[0] - f[1], f[0])):
        if not any(taken[a:b]):
            for k in range(a, b):
                taken[k] = True
            chosen.append((a, b, entries))
    return sorted(chosen, key=lambda f: f[0])


_cache: dict[tuple[str, int, str, bool], Matcher] = {}
_cache_lock = threading.Lock()


def matcher_for(termbase: Any, lang: str, candidates: bool = False) -> Matcher:
    """The matcher of ``termbase`` (a ``glossary.termbase.Termbase``) for ``lang``, rebuilt only when the
    termbase has changed since the last call. It finds approved concepts' terms; with ``candidates``,
    extraction's unreviewed proposals too (a match's ``concept.status`` is then ``candidate``)."""
    key = (termbase.workspace.location, termbase.revision(), lang, candidates)
    with _cache_lock:
        matcher = _cache.get(key)
    if matcher is None:
        matcher = Matcher(termbase.terms_for_matching([lang], candidates), lang)
        with _cache_lock:
            for old in [k for k in _cache if k[0] == key[0] and k[2:] == key[2:]]:
                del _cache[old]
            _cache[key] = matcher
    return matcher
