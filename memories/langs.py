"""Language tags: canonical BCP-47 through langcodes, and the rules for when two tags mean the same language."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

import langcodes

from memories.errors import InputError

__all__ = [
    "DEFAULT_PREFERENCES",
    "UNSEGMENTED_LANGUAGES",
    "CanonicalKey",
    "base_language",
    "canonical_key",
    "canonical_map",
    "column_header",
    "column_language",
    "is_chinese",
    "language_name",
    "normalize_tag",
    "one_language",
    "same_language",
    "suggest_tag",
    "tag_region",
]

# Scripts written without spaces between words: tokenised by characters unless a real segmenter exists
# (Chinese has jieba).
UNSEGMENTED_LANGUAGES = frozenset({"zh", "ja", "th", "km", "lo", "my", "bo", "dz"})

# Scripts that ``zh`` with no script or region implies; Traditional is a different written language for a
# glossary (different characters), so zh-TW / zh-Hant do not match zh-CN.
_HANS = frozenset({"Hans"})
_HANT_REGIONS = frozenset({"TW", "HK", "MO"})


# Codes people write for a language that are no language's code (most are the country's): what they meant.
_MISTAKES = {
    "cn": "zh-CN", "chs": "zh-CN", "zhs": "zh-CN", "sc": "zh-CN", "zh-chs": "zh-CN",
    "tw": "zh-TW", "cht": "zh-TW", "zht": "zh-TW", "tc": "zh-TW", "zh-cht": "zh-TW", "hk": "zh-HK",
    "jp": "ja", "kr": "ko", "gr": "el", "cz": "cs", "dk": "da", "se": "sv", "ua": "uk", "rs": "sr",
    "ee": "et", "by": "be", "vn": "vi", "ir": "fa", "il": "he", "in": "hi", "si": "sl",
    "chinese": "zh-CN", "english": "en", "french": "fr", "spanish": "es", "russian": "ru", "arabic": "ar",
    "german": "de", "japanese": "ja", "korean": "ko", "portuguese": "pt", "italian": "it",
}  # fmt: skip
# "kr" (Kanuri), "se" (Northern Sami), "si" (Sinhala), "in" (old Indonesian) and "by"... are real or
# deprecated codes, but a diplomatic desk that writes them means the country's language: they are refused
# with the suggestion, and the rare translator of Kanuri writes "kau".


def suggest_tag(tag: str) -> str | None:
    """The tag someone writing ``tag`` most likely meant (``cn`` -> ``zh-CN``), or None."""
    key = tag.strip().replace("_", "-").casefold()
    if key in _MISTAKES:
        return _MISTAKES[key]
    if len(key) == 2 and key.isalpha():
        # A country code written as a language: the country's main language (und-CN -> zh-Hans-CN).
        likely = langcodes.Language.get(f"und-{key.upper()}").maximize()
        # langcodes fills in English for a region it does not know: trust English only for these.
        unknown = likely.language == "en" and key not in ("us", "gb", "au", "nz", "ie")
        if not unknown and likely.language and likely.language != "und" and likely.territory == key.upper():
            return f"zh-{key.upper()}" if likely.language == "zh" else likely.language
    return None


def _refuse(tag: str) -> InputError:
    suggestion = suggest_tag(tag)
    hint = f"did you mean {suggestion}?" if suggestion else "give a BCP-47 tag such as en, fr-CA or zh-CN"
    return InputError(None, f"{tag.strip()!r} is not a language tag", hint=hint)


@lru_cache(maxsize=4096)
def normalize_tag(tag: str) -> str:
    """``zh_CN`` -> ``zh-CN``, ``en-us`` -> ``en-US``, ``iw`` -> ``he``; raises InputError, with the tag
    likely meant, for a non-tag or a tag that names no language (``cn``, ``jp``)."""
    cleaned = tag.strip().replace("_", "-")
    if not cleaned:
        raise InputError(None, "empty language tag", hint="give a BCP-47 tag such as en or zh-CN")
    if cleaned.casefold() in _MISTAKES:
        raise _refuse(tag)
    try:
        standard = str(langcodes.standardize_tag(cleaned))
    except (ValueError, langcodes.tag_parser.LanguageTagError) as exc:
        raise _refuse(tag) from exc
    language = langcodes.Language.get(standard)
    # Private-use tags (x-...) and "und" are valid on purpose; an unregistered subtag is a typo.
    if not language.is_valid():
        raise _refuse(tag)
    return standard


_NAMES = {
    "ar": "Arabic", "de": "German", "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "id": "Indonesian", "it": "Italian", "ja": "Japanese",
    "ko": "Korean", "ms": "Malay", "nl": "Dutch", "pl": "Polish", "pt": "Portuguese", "ru": "Russian",
    "sv": "Swedish", "th": "Thai", "tr": "Turkish", "uk": "Ukrainian", "vi": "Vietnamese", "zh": "Chinese",
    "yue": "Cantonese", "wuu": "Wu Chinese", "km": "Khmer", "lo": "Lao", "my": "Burmese",
}  # fmt: skip


def language_name(tag: str) -> str:
    """An English name for messages (``zh-CN`` -> ``Chinese``); the tag itself for languages not listed
    (langcodes' names need a 20 MB data package this one line does not justify)."""
    try:
        return _NAMES.get(base_language(tag), tag)
    except InputError:
        return _NAMES.get(tag, tag)


@lru_cache(maxsize=4096)
def base_language(tag: str) -> str:
    """The language subtag: ``zh-CN`` -> ``zh``."""
    return langcodes.Language.get(normalize_tag(tag)).language or tag.lower()


@lru_cache(maxsize=4096)
def _written_form(tag: str) -> tuple[str, str | None]:
    """(language, script) with the script implied by the region filled in, for Chinese only."""
    lang = langcodes.Language.get(normalize_tag(tag))
    language = lang.language or ""
    script = lang.script
    if language == "zh" and script is None:
        script = "Hant" if lang.territory in _HANT_REGIONS else "Hans"
    return language, script


def same_language(a: str, b: str) -> bool:
    """Whether a segment in tag ``a`` answers a request for tag ``b``.

    Matching is by language (and, for Chinese, script): ``en-US`` answers ``en``; ``zh``, ``zh-CN`` and
    ``zh-Hans`` answer each other; ``zh-TW``/``zh-Hant`` answer only each other.
    """
    return _written_form(a) == _written_form(b)


def one_language(a: str, b: str) -> bool:
    """Whether two sides of a unit are in one language: ``zh`` and ``zh-CN`` are; ``en-US`` and ``en-GB``
    (two regions named) are a localisation, two languages for a memory."""
    if not same_language(a, b):
        return False
    return a == b or None in {langcodes.Language.get(normalize_tag(tag)).territory for tag in (a, b)}


def is_chinese(tag: str) -> bool:
    return base_language(tag) == "zh"


# Codes that in a spreadsheet header mean something else: "src"/"tgt" (Sardinian, Tagbanwa) are source and
# target, "ID" (Indonesian) and "No" (Norwegian) the unit's identifier and number, which a table exported
# from a CAT tool or a spreadsheet carries far more often than those two languages written as bare codes.
# A table names them "ind"/"id-ID" and "nb"/"nn"/"nor"; column_header writes them so.
_NOT_COLUMN_LANGUAGES = frozenset({"src", "tgt", "id", "no"})


def column_header(tag: str) -> str:
    """The header cell a table writes for a language: its tag, or, for a tag that would read back as
    something else (``id``, ``no``), its three-letter ISO 639 code (``ind``, ``nor``), which reads back as
    the same tag."""
    if tag.casefold() not in _NOT_COLUMN_LANGUAGES:
        return tag
    return langcodes.Language.get(tag).to_alpha3()


def column_language(name: str) -> str | None:
    """The canonical tag when a table's header cell names a real language, else None (``domain``, ``term``);
    raises InputError, with the tag meant, for a header that writes a language wrongly (``cn``, ``jp``)."""
    if name.casefold() in _NOT_COLUMN_LANGUAGES:
        return None
    if name.strip().replace("_", "-").casefold() in _MISTAKES:
        # "cn" or "Chinese" over a column is a language meant, not a property: refused with the tag.
        raise InputError(
            None, f"column {name.strip()!r} is not a language tag", hint=f"did you mean {suggest_tag(name)}?"
        )
    try:
        tag = normalize_tag(name)
    except InputError:
        return None
    language = langcodes.Language.get(tag)
    if not language.is_valid() or language.language is None or language.language.startswith("x-"):
        return None
    return tag


# -- one tag per language: what a workspace lists and exports (memories.canonical keeps its choices) ------

CanonicalKey = tuple[str, str]
"""(language, script) with Chinese's script implied by its region: what one canonical tag stands for."""

DEFAULT_PREFERENCES: Mapping[CanonicalKey, str] = {("zh", "Hans"): "zh-CN", ("zh", "Hant"): "zh-TW"}
"""Tags used when the workspace has no preference: the desk this tool serves writes Simplified Chinese
``zh-CN`` (as Trados and memoQ do) and Traditional ``zh-TW``."""


def _parsed(tag: str) -> langcodes.Language:
    # A tag stored before tags were checked (``cn``) is its own language rather than an error on listing.
    try:
        return langcodes.Language.get(normalize_tag(tag))
    except InputError:
        return langcodes.Language.make(language=tag.lower())


def canonical_key(tag: str) -> CanonicalKey:
    """What one canonical tag stands for: (language, script), Chinese's script implied by its region."""
    lang = _parsed(tag)
    language = lang.language or tag.lower()
    script = lang.script or ""
    if language == "zh" and not script:
        script = "Hant" if lang.territory in ("TW", "HK", "MO") else "Hans"
    return language, script


def tag_region(tag: str) -> str | None:
    return _parsed(tag).territory


def canonical_map(tags: Sequence[str], preferred: Mapping[CanonicalKey, str] | None = None) -> dict[str, str]:
    """Each of ``tags`` (most used first) -> the tag it is listed and exported as.

    A language's tags without a region (``zh``, ``zh-Hans``) and those with the preferred tag's region
    become the preferred tag; without a preference, a language used with one region only is written with
    it (``en`` and ``en-US`` -> ``en-US``), and one used with several (a localisation, ``en-US`` and
    ``en-GB``) keeps them apart, its bare tag too.
    """
    chosen = {**DEFAULT_PREFERENCES, **(preferred or {})}
    groups: dict[CanonicalKey, list[str]] = {}
    for tag in tags:
        groups.setdefault(canonical_key(tag), []).append(tag)
    mapping: dict[str, str] = {}
    for key, members in groups.items():
        target = chosen.get(key)
        regions = [region for region in dict.fromkeys(map(tag_region, members)) if region is not None]
        if target is None and len(regions) <= 1:
            # The most used tag with the region, or the most used bare one: members are most used first.
            target = next((t for t in members if tag_region(t) is not None), members[0])
        # A chosen tag without a region (zh-Hans) stands for its language's main region (CN) too.
        home = None if target is None else (tag_region(target) or _parsed(target).maximize().territory)
        for tag in members:
            region = tag_region(tag)
            if target is not None and (region is None or region == home):
                mapping[tag] = target
            else:
                # Another region: the most used tag with that region stands for it (zh-Hans-SG -> zh-SG).
                mapping[tag] = next(t for t in members if tag_region(t) == region)
    return mapping
