"""The termbase's domain values: a concept (one meaning) and its terms (one per language and synonym)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from memories.langs import same_language

__all__ = [
    "AVOIDED_STATUSES",
    "CONCEPT_STATUSES",
    "ORIGINS",
    "TERM_STATUSES",
    "USABLE_STATUSES",
    "Concept",
    "Term",
]

CONCEPT_STATUSES = ("candidate", "approved", "rejected")
ORIGINS = ("extracted", "manual", "imported")
TERM_STATUSES = ("preferred", "admitted", "deprecated", "forbidden")
USABLE_STATUSES = frozenset({"preferred", "admitted"})
"""A translation that uses one of these terms for the concept is right."""
AVOIDED_STATUSES = frozenset({"deprecated", "forbidden"})
"""A translation that uses one of these terms gets a finding."""


@dataclass(frozen=True)
class Term:
    """One way of naming a concept in one language."""

    lang: str
    """Canonical BCP-47 tag (``zh-CN``)."""
    text: str
    """The term exactly as entered or imported."""
    status: str = "preferred"
    """``preferred | admitted | deprecated | forbidden``."""
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
    status: str = "approved"
    """``candidate | approved | rejected``."""
    origin: str = "manual"
    """``extracted | manual | imported``."""
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
