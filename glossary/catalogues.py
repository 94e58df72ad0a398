"""gettext catalogues as the editor and pre-translation fill them: the target language check, newlines, saving."""

from __future__ import annotations

from pathlib import Path

import polib

from memories.errors import InputError
from memories.formats._files import atomic_output
from memories.formats.po import locale_tag
from memories.langs import same_language

__all__ = ["header_language", "newlines_as", "save_catalogue"]


def header_language(path: Path, catalogue: polib.POFile | polib.MOFile, target: str) -> str:
    """The catalogue's Language header ("" when it has none); InputError when it names no language or
    another language than ``target``."""
    said: str = catalogue.metadata.get("Language", "").strip()
    if said:
        try:
            given = locale_tag(said)
        except InputError as exc:
            raise InputError(path, f"the Language header {said!r} is not a language code") from exc
        if not same_language(given, target):
            raise InputError(
                path, f"the file's target language is {given}, not {target}", hint=f"give --target {given}"
            )
    return said


def newlines_as(msgid: str, text: str) -> str:
    """``text`` beginning and ending with a newline exactly when ``msgid`` does, as msgfmt requires."""
    text = text.strip("\n")
    if msgid.startswith("\n"):
        text = "\n" + text
    if msgid.endswith("\n"):
        text += "\n"
    return text


def save_catalogue(path: Path, catalogue: polib.POFile | polib.MOFile) -> None:
    """Write the catalogue as PO text, atomically (a temporary file, then rename)."""
    with atomic_output(path, "w", encoding=catalogue.encoding) as handle:
        handle.write(catalogue.__unicode__())
