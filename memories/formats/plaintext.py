"""Plain text: a monolingual document split into sentences, or parallel files aligned line by line."""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import TextIO

import langcodes

from memories.errors import InputError
from memories.formats._files import decoding_error, open_text
from memories.formats.options import ReadOptions, Record
from memories.langs import normalize_tag, same_language
from memories.model import LeftOut, TranslationUnit, Variant
from memories.text import split_sentences

__all__ = ["language_from_name", "read", "read_parallel"]

TOO_FEW_LANGUAGES = "fewer than two languages"

_TEXT_SUFFIXES = frozenset({".txt", ".text"})
_BLANK = re.compile(r"\s*")
_SPACE = re.compile(r"\s+")
_BINARY_HINT = "this looks like a binary file; if it is UTF-16 or UTF-32 without a BOM, give its encoding"


def language_from_name(path: Path) -> str | None:
    """The language a file's name gives: ``press.en.txt`` and ``UNv1.0.devset.en`` -> en, ``doc.zh-CN`` ->
    zh-CN; None when the name gives none.

    Only tags whose language has a two-letter code count: many three-letter ISO 639-3 codes are also
    common file suffixes (``src``, ``tgt``, ``txt``, ``doc``, ``dev``), so those must be given explicitly."""
    suffixes = path.suffixes
    if suffixes and suffixes[-1].lower() == ".gz":
        suffixes.pop()
    if suffixes and suffixes[-1].lower() in _TEXT_SUFFIXES:
        suffixes.pop()
    if not suffixes:
        return None
    try:
        tag = normalize_tag(suffixes[-1].removeprefix("."))
    except InputError:
        return None
    language = langcodes.Language.get(tag)
    if not language.is_valid() or language.language is None or len(language.language) != 2:
        return None
    return tag


def _given_language(tag: str, path: Path) -> str:
    try:
        return normalize_tag(tag)
    except InputError as exc:
        raise exc.at(path) from exc


def _lines(path: Path, stream: TextIO, encoding: str | None) -> Iterator[str]:
    """The file's lines without their line ending; a NUL or undecodable byte is an InputError at its line."""
    number = 0
    try:
        for number, line in enumerate(stream, start=1):
            if "\x00" in line:
                raise InputError(path, "NUL byte in text", number, hint=_BINARY_HINT)
            yield line.removesuffix("\n").removesuffix("\r")
    except UnicodeDecodeError as exc:
        raise decoding_error(path, encoding, exc) from exc
    except (OSError, EOFError) as exc:  # a truncated or corrupt .gz
        raise InputError(path, f"cannot read: {exc}", number + 1) from exc


def _paragraphs(lines: Iterator[str]) -> Iterator[tuple[int, list[str]]]:
    """(first line number, lines) of each run of non-blank lines: blank lines end paragraphs."""
    first = 0
    paragraph: list[str] = []
    for number, line in enumerate(lines, start=1):
        if _BLANK.fullmatch(line):
            if paragraph:
                yield first, paragraph
            paragraph = []
        else:
            if not paragraph:
                first = number
            paragraph.append(line)
    if paragraph:
        yield first, paragraph


def _sentence_lines(first: int, paragraph: list[str], sentences: list[str]) -> list[int]:
    """The line each sentence starts on. The splitter joins wrapped lines, so sentences are found in the
    paragraph with all whitespace left out of both, in order."""
    starts: list[int] = []  # offset in the squeezed paragraph where each line begins
    squeezed_lines: list[str] = []
    offset = 0
    for line in paragraph:
        starts.append(offset)
        squeezed = _SPACE.sub("", line)
        squeezed_lines.append(squeezed)
        offset += len(squeezed)
    squeezed_paragraph = "".join(squeezed_lines)
    lines: list[int] = []
    cursor = 0
    for sentence in sentences:
        squeezed = _SPACE.sub("", sentence)
        found = squeezed_paragraph.find(squeezed, cursor)
        at = found if found >= 0 else cursor  # the splitter changed the text: the previous sentence's end
        lines.append(first + bisect.bisect_right(starts, at) - 1)
        if found >= 0:
            cursor = found + len(squeezed)
    return lines


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """One-variant units, one per sentence of a monolingual text (``press.en.txt``): kept for concordance
    and term extraction. Language: ``options.lang``, else the file name's, else ``options.source``."""
    if options.lang is not None:
        lang = _given_language(options.lang, path)
    else:
        lang = language_from_name(path) or _given_language(options.source, path)
    with open_text(path, options.encoding) as stream:
        for first, paragraph in _paragraphs(_lines(path, stream, options.encoding)):
            sentences = split_sentences("\n".join(paragraph), lang)
            for sentence, line in zip(sentences, _sentence_lines(first, paragraph, sentences), strict=True):
                yield TranslationUnit(variants=(Variant(lang, sentence),), position=line, srclang=lang)


def _parallel_languages(paths: Sequence[Path], langs: Sequence[str] | None) -> list[str]:
    if len(paths) < 2:
        raise InputError(
            paths[0] if paths else None, "parallel text needs two files or more", hint="one file per language"
        )
    if langs is not None:
        if len(langs) != len(paths):
            raise InputError(
                None,
                f"{len(langs)} languages for {len(paths)} files",
                hint="give one language per file, in the order of the files",
            )
        tags = [_given_language(tag, path) for tag, path in zip(langs, paths, strict=True)]
    else:
        tags = []
        for path in paths:
            tag = language_from_name(path)
            if tag is None:
                raise InputError(
                    path,
                    "the file name does not give its language",
                    hint="name the files like doc.en and doc.zh, or give the languages",
                )
            tags.append(tag)
    for index, (tag, path) in enumerate(zip(tags, paths, strict=True)):
        # zh and zh-CN are one language here: two files in it are not a translation of each other.
        twin = next((i for i, earlier in enumerate(tags[:index]) if same_language(earlier, tag)), None)
        if twin is not None:
            raise InputError(
                path, f"the same language ({tag}) as {paths[twin]}", hint="give one file per language"
            )
    return tags


def _short_file(paths: Sequence[Path], row: Sequence[str | None], lines: int) -> InputError:
    """The error for parallel files that do not end together: the first one that ended, at its last line."""
    short = paths[row.index(None)]
    longer = paths[next(i for i, line in enumerate(row) if line is not None)]
    return InputError(
        short,
        f"ends after line {lines}, but {longer} has more lines"
        if lines
        else f"is empty, but {longer} is not",
        lines or None,
        hint="parallel files must hold the same segments, one per line",
    )


def read_parallel(
    paths: Sequence[Path], langs: Sequence[str] | None = None, encoding: str | None = None
) -> Iterator[Record]:
    """Units of files aligned line by line, one file per language (``UNv1.0.devset.en``, ``.zh``...): line n
    of every file makes the unit at position n. Languages come from ``langs`` (one per path) or the files'
    last suffixes. The files are read together, never loaded whole; they must have as many lines each."""
    tags = _parallel_languages(paths, langs)
    with ExitStack() as stack:
        readers = [_lines(path, stack.enter_context(open_text(path, encoding)), encoding) for path in paths]
        for number, row in enumerate(itertools.zip_longest(*readers), start=1):
            if None in row:
                raise _short_file(paths, row, number - 1)
            variants = tuple(Variant(tag, line) for tag, line in zip(tags, row, strict=True) if line.strip())
            if len(variants) < 2:
                yield LeftOut(TOO_FEW_LANGUAGES, number)
            else:
                yield TranslationUnit(variants=variants, position=number)
