"""Files in and out of the workspace, memory and termbase alike: the routing the CLI and the workbench share."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TypeVar

from glossary.formats import (
    TBX,
    Kind,
    TermbaseWriteOptions,
    detect,
    find,
    is_table,
    is_termbase_table,
    read_termbase,
    write_termbase,
)
from glossary.model import CONCEPT_STATUSES, ConceptStatus
from glossary.termbase import Termbase
from memories.errors import InputError
from memories.formats import ReadOptions, WriteOptions
from memories.importer import export_file, import_files
from memories.langs import one_language, same_language
from memories.model import ImportReport, Repairs, TranslationUnit
from memories.progress import Progress
from memories.store import Workspace

__all__ = [
    "DEFAULT_EXPORT_STATUSES",
    "TERMBASE_FORMATS",
    "export_memory",
    "export_termbase",
    "import_any",
    "import_termbase",
    "is_termbase_export",
    "is_termbase_file",
    "report_line",
]

TERMBASE_FORMATS = ("tbx", "termbase table")
"""The ``ImportReport.format`` of a termbase import: its figures count concepts, not units."""

_EVERY = 500

T = TypeVar("T")


def _counted(items: Iterable[T], name: str, progress: Progress | None) -> Iterator[T]:
    """``items`` unchanged, telling ``progress`` how many have gone by (a raise there stops the work)."""
    seen = 0
    for seen, item in enumerate(items, 1):
        if progress is not None and seen % _EVERY == 0:
            progress(name, seen, None)
        yield item
    if progress is not None:
        progress(name, seen, None)


def is_termbase_file(
    path: Path, fmt: str | None = None, into: str | None = None, encoding: str | None = None
) -> bool:
    """A .tbx is a termbase; a table is one when ``into`` is "termbase", or when its header has a concept
    column (``into`` "tm" makes every table a memory)."""
    if find(path) == TBX:
        return True
    if not is_table(path) or into == "tm" or fmt not in (None, "tsv"):
        return False
    return into == "termbase" or is_termbase_table(path, encoding)


def import_termbase(
    ws: Workspace,
    path: Path,
    encoding: str | None = None,
    progress: Progress | None = None,
    repair: Repairs | None = None,
) -> ImportReport:
    if not path.is_file():
        raise InputError(path, "no such file" if not path.exists() else "not a file", hint="check the path")
    try:
        concepts = read_termbase(path, encoding, repair)
        result = Termbase(ws).add_many(_counted(concepts, str(path), progress))
    except InputError as exc:  # a header such as "cn" is refused by a helper that does not know the file
        if exc.path is None:
            raise exc.at(path) from exc
        raise
    kind = "tbx" if detect(path, Kind.TERMBASE) == TBX else "termbase table"
    report = ImportReport(
        path=str(path), format=kind, added=result.added, already_present=result.already_present
    )
    if repair is not None:  # the memory importer says its repairs the same way (memories.importer)
        report.repaired = repair.count.get(report.path, 0)
        report.repaired_lines = tuple(repair.lines.get(report.path, ()))
    return report


def import_any(
    ws: Workspace,
    files: Sequence[Path],
    options: ReadOptions | None = None,
    fmt: str | None = None,
    into: str | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> list[ImportReport]:
    """Import memories and termbases in one transaction (all or nothing); reports in the files' order.

    ``force`` imports memories whose text is not in the language they are tagged with."""
    options = options or ReadOptions()
    with ws.atomic():
        glossaries = [f for f in files if is_termbase_file(f, fmt, into, options.encoding)]
        memories = [f for f in files if f not in glossaries]
        reports = import_files(ws, memories, options, fmt, progress, force) if memories else []
        reports += [import_termbase(ws, f, options.encoding, progress, options.repair) for f in glossaries]
    order = {str(f): i for i, f in enumerate(files)}
    reports.sort(key=lambda r: order.get(r.path, 0))
    return reports


def _repaired(report: ImportReport) -> list[str]:
    """What ``import --repair`` replaced, and where, as a part of the import line; nothing if it replaced none."""
    if not report.repaired:
        return []
    where = ", ".join(f"{report.path}:{line}" for line in report.repaired_lines)
    more = ", …" if report.repaired > len(report.repaired_lines) else ""
    return [f"{report.repaired:,} characters XML forbids replaced by U+FFFD (at {where}{more})"]


def report_line(report: ImportReport) -> str:
    """One line per imported file, as ``glossary import`` prints it."""
    if report.format in TERMBASE_FORMATS:
        parts = [f"{report.added:,} concepts added", f"{report.already_present:,} already present"]
        return f"{report.path} [{report.format}]: " + ", ".join(parts + _repaired(report))
    parts = [f"{report.added:,} added", f"{report.already_present:,} already present"]
    if report.left_out:
        why = ", ".join(f"{reason}: {n:,}" for reason, n in sorted(report.left_out.items()))
        parts.append(f"{report.left_out_total:,} left out ({why})")
    else:
        parts.append("0 left out")
    parts += _repaired(report)
    languages = f": {', '.join(sorted(report.languages))}" if report.languages else ""
    return f"{report.path} [{report.format}{languages}]: " + ", ".join(parts)


def is_termbase_export(path: Path, fmt: str | None = None, termbase: bool = False) -> bool:
    """Whether an export writes the termbase: asked for, or a TBX by format or name."""
    return termbase or fmt == "tbx" or find(path) == TBX


DEFAULT_EXPORT_STATUSES = (ConceptStatus.APPROVED,)
"""The concepts a termbase export holds unless asked: those a person approved, not extraction's candidates
(machine proposals) nor rejected ones."""


def export_termbase(
    ws: Workspace,
    path: Path,
    fmt: str | None = None,
    source: str = "en",
    langs: tuple[str, ...] | None = None,
    progress: Progress | None = None,
    neutralize_cells: bool = True,
    statuses: Sequence[str] = DEFAULT_EXPORT_STATUSES,
) -> int:
    """Write the concepts of status ``statuses`` (approved ones by default) as TBX-Basic (by format or a
    .tbx name), else as a CSV/TSV table (cells a spreadsheet would run as formulas neutralised unless
    ``neutralize_cells`` is False)."""
    unknown = [status for status in statuses if status not in CONCEPT_STATUSES]
    if unknown or not statuses:
        raise InputError(
            None,
            f"concept status {', '.join(unknown) or 'none'}",
            hint=f"choose {', '.join(CONCEPT_STATUSES)}",
        )
    chosen = (c for c in Termbase(ws).concepts() if c.status in statuses)
    concepts = _counted(chosen, str(path), progress)
    options = TermbaseWriteOptions(source, langs, neutralize_cells)
    return write_termbase(path, concepts, options, "tbx" if fmt == "tbx" else None)


def export_memory(
    ws: Workspace,
    path: Path,
    fmt: str | None = None,
    options: WriteOptions | None = None,
    progress: Progress | None = None,
    monolingual: bool = False,
) -> int:
    """Write the memory's units; a table without chosen languages gets a column for every language.

    A TMX or a table holds translations: units with fewer than two of the chosen languages (plain text
    imported for concordance, say) are left out unless ``monolingual``, and an export of one language is
    refused, since glossary's own import would refuse the table or leave out every unit of the TMX."""
    options = options or WriteOptions()
    table = fmt == "tsv" or is_table(path)
    if options.languages is None and table:
        options = dataclasses.replace(options, languages=ws.languages())
    multilingual = table or (fmt or detect(path, Kind.MEMORY).name) == "tmx"
    languages = options.languages
    if multilingual and languages is not None and len(languages) == 1 and (table or not monolingual):
        raise InputError(
            path,
            f"a memory export needs two languages, not only {languages[0]}",
            hint="give them with --langs, such as --langs en,zh-CN"
            + ("" if table else ", or --monolingual for one language"),
        )
    units: Iterable[TranslationUnit] = ws.units()
    if multilingual and not monolingual:
        units = (unit for unit in units if _bilingual(unit, languages))
    return export_file(ws, path, fmt, options, _counted(units, str(path), progress))


def _bilingual(unit: TranslationUnit, languages: Sequence[str] | None) -> bool:
    """Whether ``unit`` holds two languages (of ``languages`` when given): a translation."""
    found: list[str] = []
    for variant in unit.variants:
        if languages is not None and not any(same_language(variant.lang, lang) for lang in languages):
            continue
        if not any(one_language(variant.lang, seen) for seen in found):
            found.append(variant.lang)
            if len(found) == 2:
                return True
    return False
