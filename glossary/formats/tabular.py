"""Termbases as CSV/TSV: a header of language tags plus concept columns, one concept per row.

Reading
    The header names languages (``en``, ``zh-CN``) and optionally ``domain``, ``definition``, ``note``,
    ``status`` (the concept's: candidate, approved, rejected), ``part of speech`` and ``concept`` (an id kept
    as the concept's source). A cell may hold synonyms separated by `` | ``; the first is the preferred term,
    the others admitted, and a term followed by a status in brackets (``安理会 [deprecated]``) has that
    status. A file is a termbase, not a translation memory, when its header has one of those concept columns
    (``is_termbase``).

Writing
    The same layout: one column per language, then ``domain``, ``definition``, ``note``, ``status``.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from glossary.formats.base import TermbaseFormat, TermbaseWriteOptions
from glossary.model import CONCEPT_STATUSES, TERM_STATUSES, Concept, ConceptStatus, Origin, Term, TermStatus
from memories.errors import InputError
from memories.formats._cells import neutralize_cell
from memories.formats._files import decoding_error, open_text
from memories.formats.tables import TableRows, sniff_delimiter, table_output
from memories.langs import column_header, column_language
from memories.model import Repairs

__all__ = ["CONCEPT_COLUMNS", "is_termbase", "read", "write"]

SYNONYM_SEPARATOR = " | "
CONCEPT_COLUMNS = frozenset(
    {"domain", "definition", "status", "part of speech", "part-of-speech", "pos", "concept", "subject"}
)
"""Header names that make a CSV/TSV a termbase rather than a translation memory."""
_KNOWN = CONCEPT_COLUMNS | {"note"}
_MARKED = re.compile(r"^(?P<text>.*?)\s*\[(?P<status>" + "|".join(TERM_STATUSES) + r")\]$")


def _language(name: str) -> str | None:
    if name.casefold() in _KNOWN:
        return None
    return column_language(name)


def _expected(path: Path) -> str:
    """The delimiter the file's name says: a comma for .csv, else a tab."""
    return "," if path.suffix.lower() == ".csv" else "\t"


def is_termbase(path: Path, encoding: str | None = None) -> bool:
    """Whether the first row names a concept column (domain, definition, status, part of speech, concept)."""
    try:
        with open_text(path, encoding, newline="") as stream:
            first = stream.readline()
    except (OSError, UnicodeDecodeError, InputError):
        return False
    cells = next(csv.reader([first], delimiter=sniff_delimiter(first, _expected(path))), [])
    return any(cell.strip().casefold() in CONCEPT_COLUMNS for cell in cells)


@dataclass(frozen=True)
class _Columns:
    width: int
    languages: tuple[tuple[int, str], ...]
    named: dict[str, int]


def _columns(path: Path, header: list[str]) -> _Columns:
    languages: list[tuple[int, str]] = []
    named: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip()
        key = name.casefold().replace("-", " ")
        if key in _KNOWN or key == "part of speech":
            named[key if key != "pos" else "part of speech"] = index
            continue
        tag = _language(name) if name else None
        if tag is None:
            continue  # an unknown column (a spreadsheet's comment column) is not termbase data
        if any(tag == seen for _, seen in languages):
            raise InputError(
                path, f"two columns for language {tag}", 1, hint="put synonyms in one cell, a | b"
            )
        languages.append((index, tag))
    if not languages:
        raise InputError(
            path, "the first row must name the languages (e.g. en, zh-CN)", 1, hint="add a header row"
        )
    return _Columns(len(header), tuple(languages), named)


def _terms(path: Path, cell: str, lang: str, pos: str | None, line: int) -> list[Term]:
    terms: list[Term] = []
    for i, part in enumerate(p.strip() for p in cell.split(SYNONYM_SEPARATOR.strip())):
        if not part:
            continue
        marked = _MARKED.match(part)
        status = (
            TermStatus(marked["status"])
            if marked
            else (TermStatus.PREFERRED if i == 0 else TermStatus.ADMITTED)
        )
        text = marked["text"] if marked else part
        if not text:
            raise InputError(path, f"a {status} term with no text", line)
        terms.append(Term(lang, text, status, part_of_speech=pos))
    return terms


def _concept(path: Path, row: list[str], columns: _Columns, line: int) -> Concept | None:
    row = row + [""] * (columns.width - len(row))

    def cell(name: str) -> str | None:
        index = columns.named.get(name)
        value = row[index].strip() if index is not None else ""
        return value or None

    pos = cell("part of speech")
    terms = [t for index, lang in columns.languages for t in _terms(path, row[index], lang, pos, line)]
    if not terms:
        return None
    status = (cell("status") or ConceptStatus.APPROVED).casefold()
    if status not in CONCEPT_STATUSES:
        raise InputError(
            path, f"concept status {status!r}", line, hint=f"use one of {', '.join(CONCEPT_STATUSES)}"
        )
    concept_id = cell("concept")
    return Concept(
        terms=tuple(terms),
        status=ConceptStatus(status),
        origin=Origin.IMPORTED,
        domain=cell("domain") or cell("subject"),
        definition=cell("definition"),
        note=cell("note"),
        source=f"{path.name}#{concept_id or line}",
    )


def _concepts(path: Path, stream: TextIO) -> Iterator[Concept]:
    rows = TableRows(path, stream, _expected(path)).rows("malformed table", "check the quotes")
    header = next(rows, None)
    if header is None:
        return
    columns = _columns(path, header[1])
    for line, row in rows:
        concept = _concept(path, row, columns, line)
        if concept is not None:
            yield concept


def read(path: Path, encoding: str | None = None) -> Iterator[Concept]:
    """The concepts of a termbase table, one per row with at least one term."""
    with open_text(path, encoding, newline="") as stream:
        try:
            yield from _concepts(path, stream)
        except UnicodeDecodeError as exc:
            raise decoding_error(path, encoding, exc) from exc


def _cell(concept: Concept, lang: str) -> str:
    parts: list[str] = []
    for term in (t for t in concept.terms if t.lang == lang):
        # Position carries preferred (first) and admitted (the rest); other statuses are written out.
        first = not parts
        plain = (term.status == TermStatus.PREFERRED and first) or (
            term.status == TermStatus.ADMITTED and not first
        )
        parts.append(term.text if plain else f"{term.text} [{term.status}]")
    return SYNONYM_SEPARATOR.join(parts)


def write(
    path: Path,
    concepts: Iterable[Concept],
    languages: tuple[str, ...] | None = None,
    neutralize_cells: bool = True,
) -> int:
    """Write concepts as a table; languages default to every language of the concepts, in order seen. A cell
    a spreadsheet would run as a formula gets a leading apostrophe unless ``neutralize_cells`` is False
    (see ``memories.formats._cells``)."""
    items = list(concepts)
    if languages is None:
        languages = tuple(dict.fromkeys(t.lang for c in items for t in c.terms))
    is_csv = path.suffix.lower() == ".csv"
    count = 0
    with table_output(path, is_csv) as writer:
        writer.writerow([*map(column_header, languages), "domain", "definition", "note", "status"])
        for concept in items:
            # Preferred terms first so that the first synonym of a cell reads back as the preferred one.
            ordered = concept.with_terms(
                tuple(sorted(concept.terms, key=lambda t: TERM_STATUSES.index(t.status)))
            )
            cells = [_cell(ordered, lang) for lang in languages]
            if not any(cells):
                continue
            row = [*cells, concept.domain or "", concept.definition or "", concept.note or "", concept.status]
            writer.writerow([neutralize_cell(cell) for cell in row] if neutralize_cells else row)
            count += 1
    return count


def _write(path: Path, concepts: Iterable[Concept], options: TermbaseWriteOptions) -> int:
    return write(path, concepts, options.languages, options.neutralize_cells)


def _read(path: Path, encoding: str | None, repair: Repairs | None) -> Iterator[Concept]:
    return read(path, encoding)  # a table holds no XML: a control character is text, nothing to repair


FORMAT = TermbaseFormat("table", _read, _write)
