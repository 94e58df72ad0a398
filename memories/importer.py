"""Import and export between files and the workspace: readers feed the store in one transaction per command."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

# Loaded before any file is read, though only the index writer uses it: numpy's OpenBLAS reserves its buffers as
# numpy loads, and if memory has already run out by then (a large file read first) it ends the process with its own
# message, where a MemoryError later is caught and said in one line with the workspace unchanged.
import numpy  # noqa: F401

from memories.canonical import asked_for, canonical_unit, workspace_canonical_map
from memories.errors import InputError
from memories.formats import detect_format, get_format
from memories.formats.options import ReadOptions, Record, WriteOptions
from memories.formats.plaintext import read_parallel
from memories.langid import SAMPLE_SEGMENTS, check_language
from memories.langs import language_name, one_language
from memories.model import ImportReport, LeftOut, TranslationUnit, Variant
from memories.progress import Progress
from memories.store import Workspace

__all__ = ["export_file", "import_files", "import_parallel"]


_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class _Source:
    name: str
    format: str
    records: Callable[[], Iterator[Record]]
    how: str = "--source/--target"
    """The options that state this file's languages, for the hint of a language error."""
    files: tuple[tuple[str, str], ...] = ()
    """(language, file) for sources read from one file per language: an error names the file."""
    size: int = 0
    """Bytes on disk, from which the variants to come are guessed (``_BYTES_PER_VARIANT``)."""


_BYTES_PER_VARIANT = 200
"""About what a variant takes in a file: 218 bytes in a TMX with one short <tuv> per language, ~150 per line of a
UN parallel text. A guess only, telling the workspace early that an import is large (``expect_variants``); a
compressed file is guessed too small, and its import then starts its second process a little later."""

_SAMPLE_UNITS = 200
"""Units read before the language check decides, whatever languages are still short of a full sample."""


class _LanguageSample:
    """The first segments of a file, per language, held against the language they are tagged with."""

    def __init__(self, source: _Source) -> None:
        self.source = source
        self.texts: dict[str, list[str]] = {}
        self.units = 0
        self.done = False

    def add(self, unit: TranslationUnit) -> None:
        self.units += 1
        seen: list[Variant] = []
        for variant in unit.variants:
            twin = next(
                (v for v in seen if v.form == variant.form and one_language(v.lang, variant.lang)), None
            )
            if twin is not None:
                raise InputError(
                    self.source.name,
                    f"source and target are both {language_name(variant.lang)} ({twin.lang}, {variant.lang})",
                    unit.position,
                    hint=f"give the right languages with {self.source.how}, or --force to import it anyway",
                )
            seen.append(variant)
            texts = self.texts.setdefault(variant.lang, [])
            if len(texts) < SAMPLE_SEGMENTS and variant.text.strip():
                texts.append(variant.text)
        full = all(len(texts) >= SAMPLE_SEGMENTS for texts in self.texts.values())
        if full or self.units >= _SAMPLE_UNITS:
            self.check()

    def check(self) -> None:
        if self.done:
            return
        self.done = True
        files = dict(self.source.files)
        for lang, texts in self.texts.items():
            check_language(lang, texts, files.get(lang, self.source.name), self.source.how)


def _feed(ws: Workspace, source: _Source, progress: Progress | None, force: bool = False) -> ImportReport:
    report = ImportReport(path=source.name, format=source.format)
    origin_id = ws.add_origin(source.name, source.format)
    sample = None if force else _LanguageSample(source)
    try:
        _read(ws, source, progress, report, origin_id, sample)
    except InputError as exc:
        # A reader that sees only a stream, or a helper that sees only a value, does not know the file.
        if exc.path is None:
            raise exc.at(source.name) from exc
        raise
    ws.drop_origin_if_empty(origin_id)
    return report


def _read(
    ws: Workspace,
    source: _Source,
    progress: Progress | None,
    report: ImportReport,
    origin_id: int,
    sample: _LanguageSample | None,
) -> None:
    seen = 0
    batch: list[TranslationUnit] = []

    def store() -> None:
        # Units go to the store a batch at a time: a few statements per batch instead of several per unit.
        added = sum(unit_id is not None for unit_id in ws.add_batch(batch, origin_id))
        report.added += added
        report.already_present += len(batch) - added
        batch.clear()

    for record in source.records():
        seen += 1
        if isinstance(record, LeftOut):
            report.leave_out(record.reason)
        else:
            if sample is not None and not sample.done:
                sample.add(record)
            report.languages.update(variant.lang for variant in record.variants)
            batch.append(record)
            if len(batch) == ws.BATCH:
                store()
        if progress is not None and seen % _PROGRESS_EVERY == 0:
            progress(source.name, seen, None)
    store()
    if sample is not None:
        sample.check()
    if progress is not None:
        progress(source.name, seen, None)


def _run(
    ws: Workspace, sources: Sequence[_Source], progress: Progress | None, force: bool = False
) -> list[ImportReport]:
    # One transaction for the whole command: a bad file anywhere leaves the workspace exactly as it was,
    # and a process killed mid-import leaves only an uncommitted WAL tail that SQLite discards. The
    # language check runs inside it too, on the units already stored: a refused file leaves nothing.
    with ws.atomic():
        ws.expect_variants(sum(source.size for source in sources) // _BYTES_PER_VARIANT)
        return [_feed(ws, source, progress, force) for source in sources]


def import_files(
    ws: Workspace,
    paths: Sequence[Path],
    options: ReadOptions | None = None,
    format: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> list[ImportReport]:
    """Import files into the workspace, all or nothing; the format comes from each name unless given.

    A file whose first segments are not in the language they are tagged with is refused (InputError,
    nothing imported) unless ``force``."""
    options = options or ReadOptions()
    sources: list[_Source] = []
    for path in paths:
        if not path.is_file():
            raise InputError(
                path, "no such file" if not path.exists() else "not a file", hint="check the path"
            )
        fmt = get_format(format or detect_format(path))
        how = "--lang" if fmt.name == "text" else "--source/--target"
        reader = partial(fmt.reader, path, options)
        sources.append(_Source(str(path), fmt.name, reader, how, size=path.stat().st_size))
    reports = _run(ws, sources, progress, force)
    if options.repair is not None:
        for report in reports:
            report.repaired = options.repair.count.get(report.path, 0)
            report.repaired_lines = tuple(options.repair.lines.get(report.path, ()))
    return reports


def import_parallel(
    ws: Workspace,
    paths: Sequence[Path],
    langs: Sequence[str] | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> ImportReport:
    """Import files aligned line by line, one per language, as one set of multilingual units; refused like
    ``import_files`` when a file is not in its language."""
    for path in paths:
        if not path.is_file():
            raise InputError(
                path, "no such file" if not path.exists() else "not a file", hint="check the path"
            )
    if len(paths) < 2:
        raise InputError(paths[0] if paths else None, "--parallel needs at least two files, one per language")
    name = _parallel_name(paths)
    files = tuple(zip(langs, map(str, paths), strict=False)) if langs else ()
    size = sum(path.stat().st_size for path in paths)
    source = _Source(name, "parallel", lambda: read_parallel(paths, langs, encoding), "--langs", files, size)
    return _run(ws, [source], progress, force)[0]


def _parallel_name(paths: Sequence[Path]) -> str:
    """``corpus/UNv1.0.devset.{en,zh}`` for files that differ only by their language suffix."""
    stems = {(p.parent, p.stem) for p in paths}
    if len(stems) == 1:
        parent, stem = stems.pop()
        return str(parent / f"{stem}.{{{','.join(p.suffix.lstrip('.') for p in paths)}}}")
    return " + ".join(str(p) for p in paths)


def export_file(
    ws: Workspace,
    path: Path,
    format: str | None = None,
    options: WriteOptions | None = None,
    units: Iterable[TranslationUnit] | None = None,
) -> int:
    """Write the workspace's units (or the given ones) to ``path``; returns how many units were written."""
    fmt = get_format(format or detect_format(path))
    if fmt.writer is None:
        raise InputError(path, f"glossary cannot write {fmt.description}", hint="export to .tmx, .po or .tsv")
    options = options or WriteOptions()
    # One tag per language in what other tools read: zh and zh-CN units are both written zh-CN (or as
    # the languages asked for name them), never as two languages.
    mapping = workspace_canonical_map(ws)
    if options.languages:
        mapping = asked_for(mapping, options.languages)
    chosen = ws.units() if units is None else units
    return fmt.writer(path, (canonical_unit(unit, mapping) for unit in chosen), options)
