"""How the search index encodes what it stores: postings as int64, index terms as one character each, length buckets."""

from __future__ import annotations

import math
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from memories.langs import _written_form

if TYPE_CHECKING:
    from typing import Any

    import numpy.typing as npt

    Array = npt.NDArray[Any]

__all__ = [
    "ALL_LENGTHS",
    "MAX_LENGTH_CODE",
    "POSTING_ID_SHIFT",
    "buckets_of_lengths",
    "language_key",
    "length_bucket",
    "posting",
    "term_code",
    "term_id_of",
    "term_key",
    "unknown_code",
]

MAX_LENGTH_CODE = 255
"""Token counts are packed into postings as one byte; longer segments are stored as 255 (a safe lower bound)."""

POSTING_ID_SHIFT = 16

ALL_LENGTHS = 63
"""The bucket of a chunk that holds postings of every length: a term with few postings has one such chunk
rather than one per length bucket (buckets go up to ``length_bucket(255)`` = 44)."""


def posting(variant_id: int, length: int, count: int) -> int:
    """A posting as the index stores it (little-endian int64): the variant id, how many times the variant
    holds the term and its token count, the two counts capped at 255 (one byte each)."""
    return variant_id << POSTING_ID_SHIFT | min(count, 255) << 8 | min(length, MAX_LENGTH_CODE)


@lru_cache(maxsize=4096)
def language_key(tag: str) -> str:
    """Index key of a language: tags that ``same_language`` matches share it (``zh``, ``zh-CN``, ``zh-Hans``)."""
    language, script = _written_form(tag)
    return f"{language}-{script}" if script else language


def term_key(lang_key: str, token: str) -> str:
    return f"{lang_key}\x1f{token}"


def term_code(term_id: int) -> str:
    """One character per index term, so that rapidfuzz compares token sequences as strings (fast)."""
    # Surrogate code points cannot be stored as UTF-8 text: skip them.
    return chr(term_id if term_id < 0xD800 else min(term_id + 0x800, 0x10FFFF))


def term_id_of(code: str) -> int:
    number = ord(code)
    return number if number < 0xD800 else number - 0x800


def unknown_code(n: int) -> str:
    """Codes for query tokens the index has never seen: from the top of Unicode down, unused by terms."""
    return chr(0x10FFFF - n)


def length_bucket(length: int) -> int:
    """Posting lists are split by segment length: exact up to 8 tokens, then buckets about 10% wide."""
    length = min(length, MAX_LENGTH_CODE)
    if length <= 8:
        return length
    return 8 + int(math.log(length / 8) / math.log(1.1))


@cache
def buckets_of_lengths() -> Array:
    """``length_bucket`` of every length code, for numpy to index."""
    import numpy as np

    return np.array([length_bucket(n) for n in range(MAX_LENGTH_CODE + 1)], dtype=np.int64)
