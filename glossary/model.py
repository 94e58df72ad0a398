"""The termbase's domain values: a concept (one meaning) and its terms (one per language and synonym)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from enum import Enum, StrEnum
from typing import TypeVar

from memories.langs import same_language

__all__ = [
    "AVOIDED_STATUSES",
    "CONCEPT_STATUSES",
    "KEEP",
    "ORIGINS",
    "TERM_STATUSES",
    "USABLE_STATUSES",
    "Concept",
    "ConceptChanges",
    "ConceptStatus",
    "Keep",
    "Origin",
    "Term",
    "TermChanges",
    "TermStatus",
]


# StrEnums: a member is its string, so the stored values, the JSON output and the files stay the same words.
class ConceptStatus(StrEnum):
    """Where a concept stands in review."""

    CANDIDATE = "candidate"
    APPROVED = "approved"
    REJECTED = "rejected"


class Origin(StrEnum):
    """Where a concept came from."""

    EXTRACTED = "extracted"
    MANUAL = "manual"
    IMPORTED = "imported"


class TermStatus(StrEnum):
    """How a term may be used for its concept, in the order a language's terms are listed."""

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    FORBIDDEN = "forbidden"


# The values as plain strings, for what takes a list of words (click.Choice would show an enum's member names).
CONCEPT_STATUSES: tuple[str, ...] = tuple(s.value for s in ConceptStatus)
ORIGINS: tuple[str, ...] = tuple(o.value for o in Origin)
TERM_STATUSES: tuple[str, ...] = tuple(s.value for s in TermStatus)
USABLE_STATUSES = frozenset({TermStatus.PREFERRED, TermStatus.ADMITTED})
"""A translation that uses one of these terms for the concept is right."""
AVOIDED_STATUSES = frozenset({TermStatus.DEPRECATED, TermStatus.FORBIDDEN})
"""A translation that uses one of these terms gets a finding."""


@dataclass(frozen=True)
class Term:
    """One way of naming a concept in one language."""

    lang: str
    """Canonical BCP-47 tag (``zh-CN``)."""
    text: str
    """The term exactly as entered or imported."""
    status: TermStatus = TermStatus.PREFERRED
    case_sensitive: bool = False
    """Whether a segment must match the term's case ("US" the country, not "us")."""
    part_of_speech: str | None = None
    note: str | None = None
    id: int | None = None
    """Row id in the workspace; None for a term not stored yet."""


@dataclass(frozen=True)
class Concept:
    """A glossary entry: one meaning, with its terms in every language."""

    terms: tuple[Term, ...] = ()
    status: ConceptStatus = ConceptStatus.APPROVED
    origin: Origin = Origin.MANUAL
    domain: str | None = None
    definition: str | None = None
    note: str | None = None
    score: float | None = None
    """Extraction score, for extracted candidates."""
    evidence: tuple[int, ...] = field(default=())
    """Ids of the translation units the extractor found the concept in."""
    source: str | None = None
    """Where an imported concept came from: the file name and the entry id in it (``x.tbx#c12``)."""
    created_at: str | None = None
    changed_at: str | None = None
    changed_by: str | None = None
    id: int | None = None
    revision: int | None = None
    """How many times the stored concept has been written (1 when added); None for one not stored yet. A
    save names the revision it started from, and is refused when the stored one has moved on since."""

    def terms_in(self, lang: str) -> tuple[Term, ...]:
        """The concept's terms in ``lang`` (``zh`` answers ``zh-CN``), preferred first, in stored order."""
        found = [t for t in self.terms if same_language(t.lang, lang)]
        return tuple(sorted(found, key=lambda t: TERM_STATUSES.index(t.status)))

    def preferred(self, lang: str) -> Term | None:
        return next(iter(self.terms_in(lang)), None)

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(t.lang for t in self.terms))

    def with_terms(self, terms: tuple[Term, ...]) -> Concept:
        return replace(self, terms=terms)


class Keep(Enum):
    """The value of a field that an edit leaves as it is (None is a value: it clears the field)."""

    KEEP = "keep"


KEEP = Keep.KEEP
T = TypeVar("T")


def _kept(value: T | Keep, current: T) -> T:
    return current if isinstance(value, Keep) else value


@dataclass(frozen=True)
class ConceptChanges:
    """What an edit changes in a concept: the fields given; the others are ``KEEP``."""

    status: ConceptStatus | Keep = KEEP
    origin: Origin | Keep = KEEP
    domain: str | Keep | None = KEEP
    definition: str | Keep | None = KEEP
    note: str | Keep | None = KEEP
    score: float | Keep | None = KEEP
    terms: tuple[Term, ...] | Keep = KEEP

    def apply(self, concept: Concept) -> Concept:
        """The concept with these changes made."""
        return replace(
            concept,
            status=_kept(self.status, concept.status),
            origin=_kept(self.origin, concept.origin),
            domain=_kept(self.domain, concept.domain),
            definition=_kept(self.definition, concept.definition),
            note=_kept(self.note, concept.note),
            score=_kept(self.score, concept.score),
            terms=_kept(self.terms, concept.terms),
        )


@dataclass(frozen=True)
class TermChanges:
    """What an edit changes in a term: the fields given; the others are ``KEEP``."""

    lang: str | Keep = KEEP
    text: str | Keep = KEEP
    status: TermStatus | Keep = KEEP
    case_sensitive: bool | Keep = KEEP
    part_of_speech: str | Keep | None = KEEP
    note: str | Keep | None = KEEP

    def apply(self, term: Term) -> Term:
        """The term with these changes made."""
        return replace(
            term,
            lang=_kept(self.lang, term.lang),
            text=_kept(self.text, term.text),
            status=_kept(self.status, term.status),
            case_sensitive=_kept(self.case_sensitive, term.case_sensitive),
            part_of_speech=_kept(self.part_of_speech, term.part_of_speech),
            note=_kept(self.note, term.note),
        )
