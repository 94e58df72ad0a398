"""What the index reads from a workspace: the reader interface the store implements and the values it returns.

The store (``memories.store.Workspace.search_index``) answers these questions with SQL; the index never sees a
connection or a row, so that another back end (PostgreSQL) can answer them too.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Protocol

from memories.model import TranslationUnit

__all__ = [
    "Codes",
    "Forms",
    "IndexReader",
    "IndexTerm",
    "IndexedMemory",
    "IndexedVariant",
    "PostingChunk",
    "SourceVariant",
    "TermPostings",
]


@dataclass(frozen=True, slots=True)
class IndexTerm:
    """An index term (a language's search token) as stored."""

    id: int
    postings: int
    """Postings written for it, stale ones included: what orders the reading, rarest first."""


@dataclass(frozen=True, slots=True)
class PostingChunk:
    """One stored chunk of a term's posting list."""

    bucket: int
    """Its length bucket (``codec.length_bucket``), or ``codec.ALL_LENGTHS``."""
    postings: int
    ids: bytes
    """The postings (``codec.posting``)."""


@dataclass(frozen=True, slots=True)
class TermPostings:
    """An index term, with its whole posting list when it is short."""

    term: IndexTerm
    chunks: tuple[PostingChunk, ...] | None
    """Every chunk of the term, by bucket, the all-lengths ones last; None: not read (a longer list)."""


@dataclass(frozen=True, slots=True)
class Codes:
    """Variants' search codes (one character per search token, ``codec.term_code``), as two parallel
    columns: a lookup reads thousands at a time, and one object per variant would cost more than the read."""

    ids: tuple[int, ...]
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Forms:
    """What a scan of a small memory compares and shows, as parallel columns: the variants ``source_variants``
    gives that have search codes, with their unit, text and codes."""

    ids: tuple[int, ...]
    unit_ids: tuple[int, ...]
    texts: tuple[str, ...]
    codes: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class IndexedVariant:
    """A stored variant as a lookup scores it."""

    id: int
    unit_id: int
    lang: str
    text: str
    unit_langs: tuple[str, ...]
    """The languages of all the unit's variants (a lookup wants units that hold its target)."""


@dataclass(frozen=True, slots=True)
class SourceVariant:
    """A variant an exhaustive scan reads."""

    id: int
    unit_id: int
    text: str


class IndexReader(Protocol):
    """The questions the index asks the store; every answer is as this thread's connection sees it."""

    def id_bound(self) -> int:
        """The largest variant id (0 for an empty memory)."""
        ...

    def terms(self, keys: Sequence[str]) -> dict[str, IndexTerm]:
        """The index terms among ``keys`` (``codec.term_key``), by key."""
        ...

    def term_ids(self, lang_key: str) -> dict[str, int]:
        """The id of every index term of a language (``codec.language_key``), by search token."""
        ...

    def term_postings(self, keys: Sequence[str], read_up_to: int) -> dict[str, TermPostings]:
        """The index terms among ``keys`` (``codec.term_key``), by key, with the posting lists of those that
        have at most ``read_up_to`` postings: what a lookup asks once rather than once per term (each question
        is a round trip to a server)."""
        ...

    def postings(self, term_id: int, buckets: range | None) -> list[bytes]:
        """A term's posting chunks for a range of length buckets (None: every length). Chunks of every
        length (``codec.ALL_LENGTHS``) are always part of the answer: they may hold postings outside it."""
        ...

    def posting_count(self, term_id: int, first_bucket: int, last_bucket: int) -> int:
        """How many postings reading a range of length buckets reads (stale ones included)."""
        ...

    def codes(self, variant_ids: Sequence[int]) -> Codes:
        """The search codes of those of ``variant_ids`` still stored."""
        ...

    def codes_before(self, bound: int, count: int) -> Codes:
        """The search codes of the ``count`` newest variants whose id is below ``bound``, newest first."""
        ...

    def variants(self, variant_ids: Sequence[int]) -> list[IndexedVariant]:
        """Those of ``variant_ids`` still stored."""
        ...

    def languages(self) -> list[str]:
        """The language keys (``codec.language_key``) the index holds, sorted."""
        ...

    def source_variants(self, source: str, target: str | None) -> Iterator[SourceVariant]:
        """Every variant in ``source`` whose unit has a ``target`` variant (any unit for None), by id."""
        ...

    def forms(self, source: str, target: str | None) -> Forms:
        """The variants ``source_variants`` gives, with their search codes: what a scan compares."""
        ...


class IndexedMemory(Protocol):
    """What lookup and concordance need of a workspace (``memories.store.Workspace`` is one)."""

    @property
    def search_index(self) -> IndexReader: ...

    def flush_search_index(self) -> None:
        """Write the postings this thread's open transaction holds, so that its own lookups see them."""
        ...

    def change_stamp(self) -> tuple[int, int]:
        """Equal stamps: nothing changed in between."""
        ...

    def units_by_id(self, unit_ids: Sequence[int]) -> list[TranslationUnit]: ...
