"""What a candidate names: a person, a title, an organisation, a meeting or document, a place, or a term."""

from __future__ import annotations

from glossary.extract.lexicon import (
    COMPLEMENT_WORDS,
    MEETING_DOCUMENT_HEADS,
    ORGANISATION_HEADS,
    PLACE_HEADS,
    TITLE_WORDS,
    ZH_KINDS,
)
from memories.langs import base_language
from memories.tokens import LINKING_EN

__all__ = ["KINDS", "kind_of"]

KINDS = ("term", "person", "organisation", "meeting/document", "place", "title")
"""What a candidate can name; a translator files and checks each differently."""


def kind_of(text: str, lang: str, after_title: bool = False) -> str:
    """What a candidate names, from its form: a person (a name seen right after a title of office), a title
    of office, an organisation, a meeting or document, a place (by the head word of a capitalised name, or
    a single name), else a term."""
    if base_language(lang) == "zh":
        for kind, endings in ZH_KINDS:
            if text.endswith(endings):
                return kind
        return "term"
    if after_title:
        return "person"
    words = text.split()
    content = [w for w in words if w.casefold() not in LINKING_EN]
    head = next((words[k - 1] for k in range(1, len(words)) if words[k] in COMPLEMENT_WORDS), words[-1])
    key = head.casefold().replace("\u2019", "'")
    if key in TITLE_WORDS or key.rsplit("-", 1)[-1] in TITLE_WORDS:
        return "title"
    if not all(w[:1].isupper() or w[:1].isdigit() for w in content):
        return "term"
    if key in MEETING_DOCUMENT_HEADS:
        return "meeting/document"
    if key in ORGANISATION_HEADS:
        return "organisation"
    if key in PLACE_HEADS:
        return "place"
    if len(words) == 1:
        return "organisation" if len(text) > 1 and text.replace("-", "").isupper() else "place"
    return "term"
