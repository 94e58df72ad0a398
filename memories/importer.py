"""Import and export between files and the workspace: readers feed the store in one transaction per command."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from memories.errors import InputError
from memories.formats import ReadOptions, Record, WriteOptions, detect_format, get_format
from memories.model import ImportReport, LeftOut, TranslationUnit
from memories.store import Workspace

__all__ = ["Progress", "export_file", "import_files", "import_parallel"]

Progress = Callable[[str, int], None]
"""Called as ``progress(file_name, units_read_so_far)`` every few hundred units, for progress bars."""

_PROGRESS_EVERY = 500


@dataclass(frozen=True)
class _Source:
    name: str
    format: str
    records: Callable[[], Iterator[Record]]


def _feed(ws: Workspace, source: _Source, progress: Progress | None) -> ImportReport:
    report = ImportReport(path=source.name, format=source.format)
    origin_id = ws.add_origin(source.name, source.format)
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
            report.languages.update(variant.lang for variant in record.variants)
            batch.append(record)
            if len(batch) == ws.BATCH:
                store()
        if progress is not None and seen % _PROGRESS_EVERY == 0:
            progress(source.name, seen)
    store()
    if progress is not None:
        progress(source.name, seen)
    ws.drop_origin_if_empty(origin_id)
    return report


def _run(ws: Workspace, sources: Sequence[_Source], progress: Progress | None) -> list[ImportReport]:
    # One transaction for the whole command: a bad file anywhere leaves the workspace exactly as it was,
    # and a process killed mid-import leaves only an uncommitted WAL tail that SQLite discards.
    with ws.atomic():
        return [_feed(ws, source, progress) for source in sources]


def import_files(
    ws: Workspace,
    paths: Sequence[Path],
    options: ReadOptions | None = None,
    format: str | None = None,
    progress: Progress | None = None,
) -> list[ImportReport]:
    """Import files into the workspace, all or nothing; the format comes from each name unless given."""
    options = options or ReadOptions()
    sources: list[_Source] = []
    for path in paths:
        if not path.is_file():
            raise InputError(
                path, "no such file" if not path.exists() else "not a file", hint="check the path"
            )
        fmt = get_format(format or detect_format(path))
        sources.append(_Source(str(path), fmt.name, partial(fmt.reader, path, options)))
    return _run(ws, sources, progress)


def import_parallel(
    ws: Workspace,
    paths: Sequence[Path],
    langs: Sequence[str] | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
) -> ImportReport:
    """Import files aligned line by line, one per language, as one set of multilingual units."""
    from memories.formats.plaintext import read_parallel

    for path in paths:
        if not path.is_file():
            raise InputError(
                path, "no such file" if not path.exists() else "not a file", hint="check the path"
            )
    if len(paths) < 2:
        raise InputError(paths[0] if paths else None, "--parallel needs at least two files, one per language")
    name = _parallel_name(paths)
    source = _Source(name, "parallel", lambda: read_parallel(paths, langs, encoding))
    return _run(ws, [source], progress)[0]


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
    return fmt.writer(path, ws.units() if units is None else units, options or WriteOptions())
