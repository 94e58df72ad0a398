"""Text for matching: normalisation and sentence splitting (pysbd); tokens are memories.tokens' job.

The original text is always kept; everything here derives the forms that search and matching compare.
"""

from __future__ import annotations

import re
import sys
import threading
import types
import unicodedata
from functools import lru_cache
from typing import Any

from memories.langs import UNSEGMENTED_LANGUAGES, base_language

__all__ = ["normalize", "normalize_text", "split_sentences", "stored_normalized"]

_QUOTES = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"', "\u00ab": '"', "\u00bb": '"',
        "\u300c": '"', "\u300d": '"', "\u300e": '"', "\u300f": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
        "\u2212": "-", "\ufe58": "-", "\ufe63": "-", "\uff0d": "-",
    }
)  # fmt: skip
# A space with a CJK character (or CJK punctuation) on both sides is an artefact of word-segmented input
# ("第 7439 次 会议 ，"), not part of the text.
_CJK = (
    r"[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff9f]"  # full-width punctuation and half-width kana
)
# Digits and punctuation next to a CJK character count too: "第 7439 次" and "会议 ，" are one word each.
_CJK_SPACE = re.compile(rf"(?<={_CJK})\s+(?={_CJK}|[\d]|[^\w\s])|(?<=[\d]|[^\w\s])\s+(?={_CJK})")


_HAS_CJK = re.compile(_CJK)
_SPACE_RUN = re.compile(r"\s+")
_BEFORE_CJK = re.compile(rf"{_CJK}|\d|[^\w\s]")  # what may touch a removable space on its other side
_IS_CJK = re.compile(_CJK)
_QUOTE_CHARS = re.compile("[" + "".join(map(chr, _QUOTES)) + "]")


def _remove_cjk_spaces(text: str) -> str:
    """``_CJK_SPACE.sub("", text)``, run by run: the pattern's leading look-behind makes re try it at every
    character, which costs more than the rest of normalisation together."""
    if "\u3000" in text:
        # The ideographic space is both a space and in the CJK class: a run holding one can be removed in
        # part, which the rule below does not follow. Rare enough to leave to the pattern itself.
        return _CJK_SPACE.sub("", text)

    def space(run: re.Match[str]) -> str:
        start, end = run.span()
        if start == 0 or end == len(text):
            return run.group()
        before, after = text[start - 1], text[end]
        if (_IS_CJK.match(before) and _BEFORE_CJK.match(after)) or (
            _IS_CJK.match(after) and _BEFORE_CJK.match(before)
        ):
            return ""
        return run.group()

    return _SPACE_RUN.sub(space, text)


def normalize_text(text: str) -> str:
    """``normalize`` without its cache: what an import calls once per text (caching would only cost)."""
    if text.isascii():
        # ASCII holds no CJK, no character NFKC changes, none of _QUOTES, and casefolds as it lowers;
        # str.split() splits on exactly the characters re's \s matches (tests/unit/test_text.py checks it).
        return " ".join(text.lower().split())
    # Spaces next to CJK are removed before NFKC (which turns full-width punctuation into ASCII and would
    # hide that it was Chinese punctuation) and after it (the ideographic space becomes a plain one). Every
    # match of _CJK_SPACE touches a CJK character, so a text without one skips the (slow) substitution.
    if _HAS_CJK.search(text):
        folded = _nfkc(_remove_cjk_spaces(text)).casefold()
    else:
        folded = unicodedata.normalize("NFKC", text).casefold()
    if _QUOTE_CHARS.search(folded):  # translate() looks every character up in a dict: slow, seldom needed
        folded = folded.translate(_QUOTES)
    folded = " ".join(folded.split())
    # Only a space can be removed, and after the join above every space is " ".
    return _remove_cjk_spaces(folded) if " " in folded and _HAS_CJK.search(folded) else folded


def stored_normalized(text: str) -> str:
    """``normalize_text(text)`` as the workspace keeps it (``variant.normalized``): "" when it is the text with its
    ASCII letters lowered, which SQL's ``lower(text)`` gives back (``Workspace.find_units``). Most English and
    French segments are; not writing them again makes a large import's workspace a sixth smaller."""
    normalized = normalize_text(text)
    if text.isascii():
        return "" if normalized == text.lower() else normalized
    # bytes.lower() lowers the ASCII letters only, as SQLite's lower() does. A text it leaves equal to its
    # normalised form holds no other letter that any lower() changes: normalize_text casefolds, so one would
    # show as a difference. Then PostgreSQL's lower(), whatever its locale, gives the same text.
    ascii_lowered = text.encode("utf-8", "surrogatepass").lower().decode("utf-8", "surrogatepass")
    return "" if normalized == ascii_lowered else normalized


_FULL_WIDTH = re.compile("[\uff01-\uff5e]")


def _half_width(match: re.Match[str]) -> str:
    return chr(ord(match.group()) - 0xFEE0)


def _nfkc(text: str) -> str:
    """``unicodedata.normalize("NFKC", text)``, cheaper for Chinese (texts holding CJK): full-width punctuation
    (U+FF01-FF5E) is what NFKC changes in most Chinese texts, and a full normalisation costs three times a
    substitution of those characters by the ASCII they decompose to. The substituted text is
    compatibility-equivalent to the original, so its NFKC form is the same; most often it is already NFKC,
    which a quick check tells."""
    if not _FULL_WIDTH.search(text):
        return unicodedata.normalize("NFKC", text)
    half = _FULL_WIDTH.sub(_half_width, text)
    return half if unicodedata.is_normalized("NFKC", half) else unicodedata.normalize("NFKC", half)


@lru_cache(maxsize=4096)  # repeated lookups of the same query
def normalize(text: str) -> str:
    """The form texts are compared in: NFKC, casefolded, quotes and dashes unified, whitespace collapsed,
    and spaces between CJK characters removed."""
    return normalize_text(text)


_PYSBD_LANGUAGES = frozenset(
    {"en", "hi", "mr", "zh", "es", "am", "ar", "hy", "bg", "ur", "ru", "pl", "fa", "nl", "da", "fr", "my",
     "el", "it", "ja", "de", "kk", "sk"}
)  # fmt: skip


@lru_cache(maxsize=8192)
def _compiled(pattern: str, flags: int) -> re.Pattern[str]:
    return re.compile(pattern, flags)


def _pattern(pattern: str | re.Pattern[str], flags: int) -> re.Pattern[str]:
    if isinstance(pattern, re.Pattern):
        return re.compile(pattern, flags)  # what re does: the pattern itself, or its ValueError for flags
    return _compiled(pattern, flags)


def _pysbd_re() -> Any:
    """``re`` as pysbd's modules see it: the same functions over a cache of compiled patterns large enough for
    pysbd's rules. pysbd builds several patterns per abbreviation it meets (hundreds a language) and calls
    ``re.sub(pattern_string, ...)``: more patterns than ``re``'s own 512-entry cache holds, so most calls
    compiled their pattern again, half of pysbd's time. Each function is what ``re`` does: compile, then call
    the pattern's method."""
    shim = types.SimpleNamespace(**vars(re))
    shim.sub = lambda p, repl, string, count=0, flags=0: _pattern(p, flags).sub(repl, string, count)
    shim.subn = lambda p, repl, string, count=0, flags=0: _pattern(p, flags).subn(repl, string, count)
    shim.findall = lambda p, string, flags=0: _pattern(p, flags).findall(string)
    shim.finditer = lambda p, string, flags=0: _pattern(p, flags).finditer(string)
    shim.search = lambda p, string, flags=0: _pattern(p, flags).search(string)
    shim.match = lambda p, string, flags=0: _pattern(p, flags).match(string)
    shim.fullmatch = lambda p, string, flags=0: _pattern(p, flags).fullmatch(string)
    shim.split = lambda p, string, maxsplit=0, flags=0: _pattern(p, flags).split(string, maxsplit)
    shim.compile = _pattern
    return shim


_SPACES = re.compile(r"\s*")
_pysbd_lock = threading.Lock()


@lru_cache(maxsize=32)
def _segmenter(lang: str) -> Any:  # pysbd is untyped
    import pysbd
    import pysbd.languages
    from pysbd.utils import TextSpan

    with _pysbd_lock:
        shim = None
        for name, module in list(sys.modules.items()):
            if (name == "pysbd" or name.startswith("pysbd.")) and getattr(module, "re", None) is re:
                shim = shim or _pysbd_re()
                module.re = shim  # type: ignore[attr-defined]

    class Segmenter(pysbd.Segmenter):  # type: ignore[misc]  # untyped base
        """pysbd's segmenter finding each sentence back in the text with ``str.find`` instead of compiling the
        escaped sentence as a pattern (one compilation a sentence, never reused): the same spans, as
        ``re.finditer(escape(sentence) + r"\\s*", text)`` would give them."""

        def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
            if not all(sentences):  # an empty sentence's pattern matches everywhere: pysbd's own way
                plain: list[Any] = super().sentences_with_char_spans(sentences)
                return plain
            text: str = self.original_text
            spans: list[Any] = []
            prior_end = 0
            for sentence in sentences:
                position = 0
                while (at := text.find(sentence, position)) >= 0:
                    end = _SPACES.match(text, at + len(sentence)).end()  # type: ignore[union-attr]
                    if end > prior_end:
                        spans.append(TextSpan(text[at:end], at, end))
                        prior_end = end
                        break
                    position = end
            return spans

    return Segmenter(language=lang, clean=False)


def split_sentences(text: str, lang: str) -> list[str]:
    """Sentences of a running text. Blank lines are hard boundaries; inside a paragraph pysbd decides
    (falling back to English rules for languages it lacks). Sentences are stripped of surrounding space."""
    base = base_language(lang)
    segmenter = _segmenter(base if base in _PYSBD_LANGUAGES else "en")
    sentences: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        paragraph = paragraph.strip()
        if not paragraph:
            continue
        # A single newline inside a paragraph is line wrapping, not a boundary.
        joined = paragraph if base in UNSEGMENTED_LANGUAGES else re.sub(r"\s*\n\s*", " ", paragraph)
        if base in UNSEGMENTED_LANGUAGES:
            joined = re.sub(r"\s*\n\s*", "", joined)
        sentences.extend(s.strip() for s in segmenter.segment(joined) if s.strip())
    return sentences
