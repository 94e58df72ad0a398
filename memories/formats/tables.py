"""Delimited tables (CSV, TSV) as every table format reads and writes them: the memory's and the termbase's."""

from __future__ import annotations

import csv
import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

from memories.errors import InputError
from memories.formats._cells import MAX_CELL, is_cell_too_long, restore_cell
from memories.formats._files import atomic_output

__all__ = ["DELIMITERS", "TableRows", "sniff_delimiter", "table_output"]

DELIMITERS = ("\t", ",", ";")
"""A header of language tags contains none of these, so the one it contains is the file's delimiter."""


def sniff_delimiter(header_line: str, expected: str) -> str:
    """The delimiter of a table whose first line is ``header_line``: ``expected`` (what the file's name says)
    when the line holds it, else the first of ``DELIMITERS`` it holds."""
    if expected in header_line:
        return expected
    return next((d for d in DELIMITERS if d in header_line), expected)


class TableRows:
    """The rows of a table read from ``stream``, with the line each starts on (a quoted cell may span lines).

    Cells our own export neutralised (``'=x``) read back as they were before (``=x``). The csv module is
    strict: a stray quote is an error at its row's line, never a cell that silently swallows the rest.
    """

    def __init__(self, path: Path, stream: TextIO, expected: str) -> None:
        self.path = path
        first = stream.readline()
        self.empty = not first
        """An empty file holds no rows; that is not an error."""
        self.delimiter = sniff_delimiter(first, expected)
        self._reader = csv.reader(itertools.chain([first], stream), delimiter=self.delimiter, strict=True)

    def rows(self, malformed: str, hint: str) -> Iterator[tuple[int, list[str]]]:
        """(first line, cells) of each row, the header first; a row the csv module refuses is an
        ``InputError`` saying ``malformed: why`` with ``hint``, at the line the row starts on."""
        if self.empty:
            return
        reader = self._reader
        end = 0  # the line the previous row ended on
        while True:
            try:
                row = [restore_cell(cell) for cell in next(reader)]
            except StopIteration:
                return
            except csv.Error as exc:
                if is_cell_too_long(exc):
                    raise InputError(
                        self.path,
                        f"a cell is longer than {MAX_CELL // 1024**2} MB",
                        end + 1,
                        hint="a table holds terms or segments; import a long text as plain text",
                    ) from exc
                # At the row's first line: an unterminated quote is only noticed at the end of the file.
                raise InputError(self.path, f"{malformed}: {exc}", end + 1, hint=hint) from exc
            start, end = end + 1, reader.line_num
            yield start, row


@contextmanager
def table_output(path: Path, is_csv: bool) -> Iterator[Any]:  # csv's writer type is private (_csv._writer)
    """A csv writer into ``path``, written atomically: a CSV (comma, CRLF) or a TSV (tab, LF)."""
    # Excel reads a CSV as the machine's legacy code page unless it starts with a BOM.
    with atomic_output(path, "w", encoding="utf-8-sig" if is_csv else "utf-8") as handle:
        yield csv.writer(handle, delimiter="," if is_csv else "\t", lineterminator="\r\n" if is_csv else "\n")
