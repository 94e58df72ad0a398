"""The termbase edited as the command line says it: concepts from terms' texts, terms changed by their text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import islice

from glossary.model import (
    KEEP,
    TERM_STATUSES,
    Concept,
    ConceptChanges,
    ConceptStatus,
    Origin,
    Term,
    TermStatus,
)
from glossary.termbase import Termbase
from memories.errors import GlossaryError

__all__ = ["edit_concept", "listed", "new_concept", "parse_added", "remove_concepts"]


def listed(termbase: Termbase, query: str, lang: str | None, status: str | None, limit: int) -> list[Concept]:
    """The concepts whose terms contain ``query`` (exact matches first), or the first ``limit`` concepts when
    there is no query."""
    if query:
        return termbase.find(query, lang, status, limit)
    return list(islice(termbase.concepts(lang, status), limit))


def new_concept(
    source_term: str,
    target_term: str | None,
    source: str,
    target: str,
    by_status: Mapping[str, Sequence[str]],
    status: str = "approved",
    domain: str | None = None,
    definition: str | None = None,
    note: str | None = None,
    case_sensitive: bool = False,
    part_of_speech: str | None = None,
) -> Concept:
    """A manual concept: ``source_term`` preferred in ``source``, ``target_term`` preferred in ``target``, and
    further target terms by term status (``by_status["admitted"]``...)."""

    def make(lang: str, text: str, term_status: str) -> Term:
        return Term(lang, text, TermStatus(term_status), case_sensitive, part_of_speech)

    terms = [make(source, source_term, TermStatus.PREFERRED)]
    if target_term:
        terms.append(make(target, target_term, TermStatus.PREFERRED))
    for term_status in TERM_STATUSES:
        terms.extend(make(target, text, term_status) for text in by_status.get(term_status, ()))
    return Concept(tuple(terms), ConceptStatus(status), Origin.MANUAL, domain, definition, note)


def parse_added(value: str) -> tuple[str, str]:
    """``LANG=TEXT`` as (lang, text)."""
    lang, sep, text = value.partition("=")
    if not sep or not text.strip():
        raise GlossaryError(f"--add {value!r}: write LANG=TEXT, e.g. --add zh-CN=安理会")
    return lang.strip(), text.strip()


def edit_concept(
    termbase: Termbase,
    concept_id: int,
    added: Iterable[str] = (),
    dropped: Iterable[str] = (),
    by_status: Mapping[str, Sequence[str]] | None = None,
    fields: Mapping[str, str | None] | None = None,
    status: str | None = None,
    revision: int | None = None,
) -> Concept:
    """Concept ``concept_id`` with admitted terms ``added`` (``LANG=TEXT``), the terms of texts ``dropped``
    removed, the terms of texts ``by_status[s]`` given status ``s``, ``fields`` (domain, definition, note) set
    where given (an empty value clears one) and its ``status`` changed; stored, and returned. ``revision`` is
    the one the caller read: a concept changed since raises ``ConceptConflict`` (so does one changed between
    this function's read and its write), and nothing is written."""
    if revision is not None:
        termbase.check_revision(concept_id, revision)  # before any complaint about terms it no longer has
    concept = termbase.get(concept_id)
    if concept is None:
        raise GlossaryError(f"no concept {concept_id} (glossary terms lists them)")
    terms = list(concept.terms)
    for value in added:
        lang, text = parse_added(value)
        terms.append(Term(lang, text, TermStatus.ADMITTED))
    known = {t.text for t in terms}
    for text in dropped:
        if text not in known:
            raise GlossaryError(f"concept {concept_id} has no term {text!r}")
        terms = [t for t in terms if t.text != text]
    for term_status in TERM_STATUSES:
        for text in (by_status or {}).get(term_status, ()):
            if text not in known:
                raise GlossaryError(
                    f"concept {concept_id} has no term {text!r} (add it with --add LANG={text})"
                )
            terms = [replace(t, status=TermStatus(term_status)) if t.text == text else t for t in terms]
    given = {name: value or None for name, value in (fields or {}).items() if value is not None}
    changes = ConceptChanges(
        status=KEEP if status is None else ConceptStatus(status),
        domain=given.get("domain", KEEP),
        definition=given.get("definition", KEEP),
        note=given.get("note", KEEP),
        terms=tuple(terms),
    )
    # The terms were built from what was read just now: a write in between must not be overwritten.
    return termbase.edit(concept_id, changes, expected_revision=concept.revision)


def remove_concepts(termbase: Termbase, concept_ids: Sequence[int], revision: int | None = None) -> int:
    """Remove the concepts (with their terms), all or none: one unknown id removes nothing. ``revision`` (one
    concept only) is the one the caller read: a concept changed since raises ``ConceptConflict`` and stays."""
    if revision is not None and len(concept_ids) != 1:
        raise GlossaryError(
            "--revision names the revision of one concept: remove one concept at a time with it"
        )
    with termbase.workspace.atomic():
        if revision is not None:
            termbase.check_revision(concept_ids[0], revision)
        missing = [i for i in concept_ids if termbase.get(i) is None]
        if missing:
            raise GlossaryError(f"no concept {', '.join(map(str, missing))}; nothing removed")
        for concept_id in concept_ids:
            termbase.remove(concept_id, expected_revision=revision)
    return len(concept_ids)
