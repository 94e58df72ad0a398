"""XLIFF 1.2 and 2.0 bilingual files: import of translated segments, export, and a document to fill in place.

Modules, one job each: ``reading`` (parse, check, segments, ``read``), ``inline`` (inline codes both ways),
``writing`` (``write20``, ``write12``), ``editing`` (``XliffDocument``), ``check20`` (XLIFF 2.0 conformance).
Each module's docstring says how it does its job.
"""

from __future__ import annotations

from memories.formats.xliff._common import MTC, NS12, NS20
from memories.formats.xliff.editing import XliffDocument, can_resegment, ignorable_before
from memories.formats.xliff.reading import Segment, read
from memories.formats.xliff.writing import write, write12, write20

__all__ = [
    "MTC",
    "NS12",
    "NS20",
    "Segment",
    "XliffDocument",
    "can_resegment",
    "ignorable_before",
    "read",
    "write",
    "write12",
    "write20",
]
