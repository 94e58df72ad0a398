"""Language tags: canonical BCP-47 through langcodes, and the rules for when two tags mean the same language."""

from __future__ import annotations

from functools import lru_cache

import langcodes

from memories.errors import InputError

__all__ = [
    "UNSEGMENTED_LANGUAGES",
    "base_language",
    "column_header",
    "column_language",
    "is_chinese",
    "normalize_tag",
    "same_language",
]

# Scripts written without spaces between words: tokenised by characters unless a real segmenter exists
# (Chinese has jieba).
UNSEGMENTED_LANGUAGES = frozenset({"zh", "ja", "th", "km", "lo", "my", "bo", "dz"})

# Scripts that ``zh`` with no script or region implies; Traditional is a different written language for a
# glossary (different characters), so zh-TW / zh-Hant do not match zh-CN.
_HANS = frozenset({"Hans"})
_HANT_REGIONS = frozenset({"TW", "HK", "MO"})


@lru_cache(maxsize=4096)
def normalize_tag(tag: str) -> str:
    """``zh_CN`` -> ``zh-CN``, ``en-us`` -> ``en-US``, ``iw`` -> ``he``; raises InputError for a non-tag."""
    cleaned = tag.strip().replace("_", "-")
    if not cleaned:
        raise InputError(None, "empty language tag", hint="give a BCP-47 tag such as en or zh-CN")
    try:
        return str(langcodes.standardize_tag(cleaned))
    except (ValueError, langcodes.tag_parser.LanguageTagError) as exc:
        raise InputError(
            None, f"{tag!r} is not a language tag", hint="give a BCP-47 tag such as en, fr-CA or zh-CN"
        ) from exc


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
    """The canonical tag when a table's header cell names a real language, else None (``domain``, ``term``)."""
    if name.casefold() in _NOT_COLUMN_LANGUAGES:
        return None
    try:
        tag = normalize_tag(name)
    except InputError:
        return None
    language = langcodes.Language.get(tag)
    if not language.is_valid() or language.language is None or language.language.startswith("x-"):
        return None
    return tag
