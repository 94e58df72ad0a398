"""CSV and TSV translation memories: a header row of language tags, then one translation unit per row."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from memories.errors import InputError
from memories.formats._cells import neutralize_cell
from memories.formats._files import decoding_error, open_text
from memories.formats.options import ReadOptions, Record, WriteOptions
from memories.formats.tables import TableRows, table_output
from memories.langs import column_header, column_language, normalize_tag
from memories.model import LeftOut, TranslationUnit, Variant

__all__ = ["read", "write"]

NOTE = "note"
CONTEXT = "context"
ID = "id"
"""The unit's identifier (TMX ``tuid``): a CAT tool's or a spreadsheet's ``ID`` column."""
TOO_FEW_LANGUAGES = "fewer than two languages"

_QUOTING_HINT = "quote a cell that holds the delimiter, a quote or a line break, and double its quotes"


@dataclass(frozen=True)
class _Columns:
    """What each column of the file holds, by index."""

    width: int
    languages: tuple[tuple[int, str], ...]
    notes: tuple[int, ...]
    context: int | None
    tuid: int | None
    props: tuple[tuple[int, str], ...]
    unnamed: tuple[int, ...]


def _suffixes(path: Path) -> list[str]:
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    return suffixes


def _is_csv(path: Path) -> bool:
    suffixes = _suffixes(path)
    return bool(suffixes) and suffixes[-1] == ".csv"


def _language(name: str) -> str | None:
    return column_language(name)


def _shown(delimiter: str) -> str:
    return "<TAB>" if delimiter == "\t" else delimiter


def _columns(path: Path, header: list[str], delimiter: str) -> _Columns:
    languages: list[tuple[int, str]] = []
    notes: list[int] = []
    context: int | None = None
    tuid: int | None = None
    props: list[tuple[int, str]] = []
    unnamed: list[int] = []
    for index, cell in enumerate(header):
        name = cell.strip()
        key = name.casefold()
        tag = _language(name) if name else None
        if not name:
            unnamed.append(index)
        elif key == NOTE:
            notes.append(index)
        elif key == CONTEXT:
            if context is not None:
                raise InputError(path, "two context columns", 1, hint="keep one")
            context = index
        elif key == ID:
            if tuid is not None:
                raise InputError(path, "two id columns", 1, hint="keep one")
            tuid = index
        elif tag is not None:
            if any(tag == seen for _, seen in languages):
                raise InputError(
                    path, f"two columns for language {tag}", 1, hint="each language may have one column only"
                )
            languages.append((index, tag))
        else:
            props.append((index, name))
    if len(languages) < 2:
        sep = _shown(delimiter)
        found = ", ".join(tag for _, tag in languages) or "none"
        others = ", ".join(repr(name) for _, name in props[:3])
        hint = f"language tags found: {found}" + (f"; not language tags: {others}" if others else "")
        raise InputError(
            path,
            f"the first row must name the languages (e.g. en{sep}zh-CN)",
            1,
            hint=f"{hint}; add a header row such as en{sep}zh-CN{sep}note",
        )
    return _Columns(len(header), tuple(languages), tuple(notes), context, tuid, tuple(props), tuple(unnamed))


def _record(path: Path, row: list[str], columns: _Columns, line: int) -> Record | None:
    """The row as a unit, a LeftOut, or None for a blank row (not a record at all). A cell of whitespace
    only counts as empty; any other cell is kept exactly."""
    width = columns.width
    if len(row) > width:
        if "".join(row[width:]).strip():
            raise InputError(
                path, f"{len(row)} cells, but the header names {width} columns", line, hint=_QUOTING_HINT
            )
    elif len(row) < width:
        row = row + [""] * (width - len(row))
    if not "".join(row).strip():
        return None
    if any(row[index].strip() for index in columns.unnamed):
        raise InputError(path, "a value in a column with no name", line, hint="give every column a header")
    variants = tuple(Variant(tag, row[index]) for index, tag in columns.languages if row[index].strip())
    if len(variants) < 2:
        return LeftOut(TOO_FEW_LANGUAGES, line)
    context = row[columns.context] if columns.context is not None else ""
    tuid = row[columns.tuid].strip() if columns.tuid is not None else ""
    return TranslationUnit(
        variants=variants,
        position=line,
        context=context if context.strip() else None,
        tuid=tuid or None,
        notes=tuple(row[index] for index in columns.notes if row[index].strip()),
        props=tuple((name, row[index]) for index, name in columns.props if row[index].strip()),
    )


def _records(path: Path, stream: TextIO) -> Iterator[Record]:
    table = TableRows(path, stream, "," if _is_csv(path) else "\t")
    kind = "CSV" if table.delimiter != "\t" else "TSV"
    rows = table.rows(f"malformed {kind}", _QUOTING_HINT)
    header = next(rows, None)
    if header is None:
        return  # an empty file holds no units; that is not an error
    columns = _columns(path, header[1], table.delimiter)
    for start, row in rows:
        record = _record(path, row, columns, start)
        if record is not None:
            yield record


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """Units of a CSV/TSV file whose first row names the languages (``en<TAB>zh-CN``); extra columns
    ``note`` and ``context`` fill those fields, ``id`` is the unit's tuid, any other column becomes a
    (column name, value) property. ``id`` and ``no`` are never languages: see ``langs.column_language``."""
    with open_text(path, options.encoding, newline="") as stream:
        try:
            yield from _records(path, stream)
        except UnicodeDecodeError as exc:
            raise decoding_error(path, options.encoding, exc) from exc
        except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
            raise InputError(path, f"cannot read: {exc}") from exc


@dataclass(frozen=True)
class _Extras:
    """The columns written after the languages."""

    note: bool
    context: bool
    props: tuple[str, ...]
    tuid: bool = False

    @property
    def header(self) -> list[str]:
        return [ID] * self.tuid + [NOTE] * self.note + [CONTEXT] * self.context + list(self.props)

    def cells(self, unit: TranslationUnit) -> list[str]:
        # Repeated notes or properties share one cell, a line each: a cell cannot hold a list.
        cells = [unit.tuid or ""] * self.tuid
        cells += ["\n".join(unit.notes)] * self.note + [unit.context or ""] * self.context
        return cells + ["\n".join(value for kind, value in unit.props if kind == name) for name in self.props]


def _languages_of(units: Iterable[TranslationUnit]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for unit in units:
        for variant in unit.variants:
            seen.setdefault(variant.lang, None)
    return tuple(seen)


def _text(unit: TranslationUnit, lang: str, exact: bool) -> str:
    if exact:
        return next((v.text for v in unit.variants if v.lang == lang and v.form == 0), "")
    variant = unit.variant(lang)
    return variant.text if variant else ""


def _reads_back_as_property(name: str) -> bool:
    """Whether a column with this header reads back as a property (not a language, note or context)."""
    return (
        bool(name)
        and name.strip() == name
        and name.casefold() not in (NOTE, CONTEXT, ID)
        and not _language(name)
    )


def _extras_of(units: Collection[TranslationUnit]) -> _Extras:
    prop_names: dict[str, None] = {}
    for unit in units:
        for name, _ in unit.props:
            if _reads_back_as_property(name):
                prop_names.setdefault(name, None)
    return _Extras(
        note=any(unit.notes for unit in units),
        context=any(unit.context for unit in units),
        props=tuple(prop_names),
        tuid=any(unit.tuid for unit in units),
    )


def write(path: Path, units: Iterable[TranslationUnit], options: WriteOptions) -> int:
    """Write a TSV (a CSV for a ``.csv`` path) with a header of languages, then ``note``, ``context`` and
    property columns when units have them. Returns the number of rows written.

    Columns must be known before the first row. With ``options.languages`` None, or ``units`` a list, the
    units are looked at first (a one-shot iterator is collected into a list). For a big export, pass the
    languages and an iterator: the units then stream, with a ``note`` column always and no context or
    property columns. Variant-level notes and forms other than the first are not written."""
    # Columns taken from the units hold exactly their tags; asked-for languages take any variant that
    # means the same (en-GB for en), so that a zh-CN column does not also fill a zh one.
    if options.languages is None:
        units = list(units)
        languages, exact = _languages_of(units), True
    else:
        languages, exact = tuple(dict.fromkeys(normalize_tag(tag) for tag in options.languages)), False
    # A one-shot iterator cannot be read twice, so its columns are decided before the units are seen.
    extras = (
        _extras_of(units) if isinstance(units, Collection) else _Extras(note=True, context=False, props=())
    )
    is_csv = _is_csv(path)
    count = 0
    with table_output(path, is_csv) as writer:
        if not languages:
            return 0
        writer.writerow([*map(column_header, languages), *extras.header])
        safe = neutralize_cell if options.neutralize_cells else str
        for unit in units:
            cells = [_text(unit, lang, exact) for lang in languages]
            if not any(cells):
                continue
            writer.writerow([safe(cell) for cell in cells + extras.cells(unit)])
            count += 1
    return count
