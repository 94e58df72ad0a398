"""Documents to translate for the editor's tests: a PO and an XLIFF 2.0 made of real UN dev-set sentences."""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape

import polib

from tests.conftest import edit_words, shared
from tests.tui.conftest import LINES


@dataclass(frozen=True)
class Sentences:
    verbatim: list[str]
    """In the memory as they are (the UI workspace holds the dev set's first LINES lines)."""
    edited: list[str]
    """Memory sentences with one to three words changed: fuzzy matches."""
    new: list[str]
    """Sentences from far beyond the memory's lines."""

    @property
    def all(self) -> list[str]:
        return [*self.verbatim, *self.edited, *self.new]


def _lines(lang: str) -> list[str]:
    path = shared("corpora", "unpc-devset-6way", f"UNv1.0.devset.{lang}")
    return path.read_text(encoding="utf-8").splitlines()


def sentences() -> Sentences:
    """Ten of each: sentences of 10 to 30 words, no digit-free filter, taken in file order (deterministic)."""
    en = _lines("en")

    def usable(line: str) -> bool:
        return 10 <= len(line.split()) <= 30 and '"' not in line

    memory = [line for line in en[:LINES] if usable(line)]
    verbatim = memory[:10]
    rng = random.Random(14)
    vocabulary = " ".join(memory[40:80]).split()
    edited = [" ".join(edit_words(line.split(), rng, vocabulary)) for line in memory[20:30]]
    new = [line for line in en[3000:] if usable(line)][:10]
    return Sentences(verbatim, edited, new)


def write_po(path: Path, items: list[str], repeat: str | None = None) -> Path:
    """A PO to translate into Chinese: one entry per sentence; ``repeat`` again under a context."""
    catalogue = polib.POFile()
    catalogue.metadata = {
        "Project-Id-Version": "UN statement",
        "PO-Revision-Date": "2026-12-03 12:00+0000",
        "Last-Translator": "Translator <t@example.org>",
        "Language-Team": "Chinese",
        "Language": "zh_CN",
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
    }
    for n, text in enumerate(items, 1):
        catalogue.append(polib.POEntry(msgid=text, msgstr="", occurrences=[("statement.txt", str(n))]))
    if repeat is not None:
        catalogue.append(polib.POEntry(msgctxt="closing", msgid=repeat, msgstr=""))
    catalogue.save(str(path))
    return path


def write_xliff20(path: Path, items: list[str]) -> Path:
    """An XLIFF 2.0 to translate into Chinese: each sentence's first word bold (``pc``), a line break
    (``ph``) at its end, as a tool extracting a formatted document writes them."""
    units = []
    for n, text in enumerate(items, 1):
        first, _, rest = text.partition(" ")
        units.append(
            f'  <unit id="u{n}">\n'
            "   <originalData>"
            '<data id="d1">&lt;b&gt;</data><data id="d2">&lt;/b&gt;</data><data id="d3">&lt;br/&gt;</data>'
            "</originalData>\n"
            f'   <segment id="s{n}">\n'
            f'    <source><pc id="1" dataRefStart="d1" dataRefEnd="d2">{escape(first)}</pc> {escape(rest)}'
            '<ph id="2" dataRef="d3"/></source>\n'
            "   </segment>\n"
            "  </unit>\n"
        )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en" trgLang="zh-CN">\n'
        ' <file id="f1">\n' + "".join(units) + " </file>\n</xliff>\n",
        encoding="utf-8",
    )
    return path
