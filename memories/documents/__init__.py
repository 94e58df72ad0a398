"""Documents a translator receives (text, Markdown, HTML, Word): one filter per format, registered once here.

Each filter module exposes a module-level ``FILTER`` object satisfying ``model.DocumentFilter``. The registry
loads a filter on first use so that importing this package does not import lxml, python-docx or markdown-it.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from memories.documents.model import DocumentFilter
from memories.errors import InputError

__all__ = ["DOCUMENT_FORMATS", "detect_document_format", "get_filter"]

# name -> module holding FILTER. Add a format here once, in one line.
_MODULES: dict[str, str] = {
    "text": "memories.documents.text",
    "markdown": "memories.documents.markdown",
    "html": "memories.documents.html",
    "docx": "memories.documents.docx",
}
_SUFFIXES: dict[str, str] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".docx": "docx",
}  # fmt: skip
DOCUMENT_FORMATS: tuple[str, ...] = tuple(_MODULES)


def get_filter(name: str) -> DocumentFilter:
    key = name.lower()
    if key not in _MODULES:
        raise InputError(
            None, f"unknown document format {name!r}", hint=f"choose one of {', '.join(_MODULES)}"
        )
    module = importlib.import_module(_MODULES[key])
    document_filter: DocumentFilter = module.FILTER
    return document_filter


def detect_document_format(path: Path) -> str:
    """The document format a file's name says it has: ``statement.docx`` -> docx."""
    suffix = path.suffix.lower()
    if suffix in _SUFFIXES:
        return _SUFFIXES[suffix]
    raise InputError(path, "cannot tell the document format from the file name", hint="give --format")
