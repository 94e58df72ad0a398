"""Table cells made safe for spreadsheets on export, and read back unchanged on import (OWASP CSV injection).

A spreadsheet runs a cell that begins with ``=``, ``+``, ``-`` or ``@`` (and, in some, a tab or a carriage
return) as a formula: ``=HYPERLINK(...)`` or a DDE payload in an imported memory would run on the machine of
whoever opens the export. Such a cell is written with a leading apostrophe, which spreadsheets show as text and
do not keep as part of the value. So that the mapping can be undone exactly, a cell that already begins with
apostrophes followed by one of those characters gets one apostrophe more; reading removes exactly one from any
cell of that shape. A cell of any other shape is written and read as it is.
"""

from __future__ import annotations

import csv
import re

__all__ = ["FORMULA_STARTS", "MAX_CELL", "is_cell_too_long", "neutralize_cell", "restore_cell"]

MAX_CELL = 16 * 1024**2
"""The longest table cell read, in characters (the csv module's own limit, 128 KB, would refuse a long
definition or a whole document in one cell, and call it malformed)."""
csv.field_size_limit(MAX_CELL)  # the limit is the csv module's, for the whole process: set once, here


def is_cell_too_long(exc: csv.Error) -> bool:
    """Whether the csv module refused a cell for its length (not for its quoting)."""
    return "field larger than field limit" in str(exc)


FORMULA_STARTS = "=+-@\t\r"
"""The first characters that make a spreadsheet read a cell as a formula (OWASP's list)."""

_GUARDED = re.compile(r"'*[=+\-@\t\r]")
_NEUTRALIZED = re.compile(r"'+[=+\-@\t\r]")


def neutralize_cell(text: str) -> str:
    """``text`` as a cell that no spreadsheet runs as a formula."""
    return "'" + text if _GUARDED.match(text) else text


def restore_cell(text: str) -> str:
    """The text of a cell that ``neutralize_cell`` wrote (a cell of any other shape is returned as it is)."""
    return text[1:] if _NEUTRALIZED.match(text) else text
