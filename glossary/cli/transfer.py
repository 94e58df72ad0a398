"""``glossary import`` and ``glossary export``: files into the workspace, and the workspace into files."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from glossary.cli.errors import fail
from glossary.cli.options import json_option, source_option, tag_option, tags_option, target_option
from glossary.cli.output import out, pick, print_json
from glossary.cli.progress import progress_bars
from glossary.cli.state import State, pass_state
from glossary.transfer import (
    DEFAULT_EXPORT_STATUSES,
    TERMBASE_FORMATS,
    export_memory,
    export_termbase,
    import_any,
    is_termbase_export,
    report_line,
)
from memories.formats import DEFAULT_TARGET, FORMATS, ReadOptions, WriteOptions
from memories.importer import import_parallel
from memories.model import ImportReport, Repairs

__all__ = ["export", "import_"]


def _report_json(report: ImportReport) -> dict[str, object]:
    counts = (
        "added",
        "already_present",
        "left_out",
        "repaired",
        "repaired_lines",
        "languages",
    )  # a set: sorted
    termbase = report.format in TERMBASE_FORMATS
    return {**pick(report, "file=path", "format"), "termbase": termbase, **pick(report, *counts)}


@click.command(name="import")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(FORMATS, case_sensitive=False), help="Format of every FILE."
)
@source_option
@click.option(
    "--target",
    callback=tag_option,
    help="Target language of files that do not name it (PO without a Language header, XLIFF without "
    f"target-language). Default: a PO's name (fr.po, fr/LC_MESSAGES/x.mo), else {DEFAULT_TARGET}.",
)
@click.option("--lang", callback=tag_option, help="Language of a plain-text file (default: from its name).")
@click.option("--parallel", is_flag=True, help="FILES are one text per language, aligned line by line.")
@click.option("--langs", callback=tags_option, help="With --parallel: the files' languages, comma-separated.")
@click.option("--skip-fuzzy", is_flag=True, help="Leave PO fuzzy entries out instead of marking them fuzzy.")
@click.option("--encoding", help="Encoding of text files without a BOM (default UTF-8).")
@click.option(
    "--termbase",
    "into",
    flag_value="termbase",
    help="Tables (.tsv/.csv) are termbases, whatever their header.",
)
@click.option("--tm", "into", flag_value="tm", help="Tables (.tsv/.csv) are translation memories.")
@click.option("--force", is_flag=True, help="Import even text that does not look like its stated language.")
@click.option(
    "--repair",
    is_flag=True,
    help="TMX/XLIFF/TBX: replace characters XML 1.0 forbids (a vertical tab) by U+FFFD and say where, "
    "instead of refusing the file.",
)
@json_option
@pass_state
def import_(
    state: State,
    files: tuple[Path, ...],
    fmt: str | None,
    source: str,
    target: str | None,
    lang: str | None,
    parallel: bool,
    langs: tuple[str, ...] | None,
    skip_fuzzy: bool,
    encoding: str | None,
    into: str | None,
    force: bool,
    repair: bool,
    as_json: bool,
) -> None:
    """Import translation memories and termbases into the workspace, all or nothing.

    Formats: TMX (.tmx, .tmx.gz), gettext (.po, .pot, .mo), tables whose header names languages (.tsv, .csv),
    plain text (.txt, split into sentences) and, with --parallel, texts aligned line by line. Importing the
    same file again adds nothing.

    Termbases: .tbx files (TBX v3 and v2), and tables whose header has a concept column (domain,
    definition, status, part of speech or concept) next to the languages; --termbase or --tm decides for
    every table. Synonyms share a cell, separated by " | ".

    A file whose first segments are not in the language given or inferred (x.zh.txt --lang en, a PO whose
    msgstr is in its msgid's language) is refused, naming the language it looks like; --force imports it.

    A TMX, XLIFF or TBX holding a character XML 1.0 forbids (a vertical tab from Trados) is refused at its line;
    --repair replaces each by U+FFFD, visible and searchable, rather than drop it and join two words.

    \b
    Examples:
      glossary import memory.tmx
      glossary import zh_CN.po --source en
      glossary import --parallel UNv1.0.devset.en UNv1.0.devset.zh
      glossary import seeds/diplomatic-terms.en-zh.tsv terms.tbx
    """
    if langs and not parallel:
        fail("--langs goes with --parallel (use --lang for a plain-text file)")
    with state.workspace() as ws, progress_bars(not as_json) as progress, ws.atomic():
        if parallel:
            reports = [import_parallel(ws, files, langs, encoding, progress, force)]
        else:
            options = ReadOptions(source, target, lang, skip_fuzzy, encoding, Repairs() if repair else None)
            reports = import_any(ws, files, options, fmt, into, progress, force)
    if as_json:
        print_json([_report_json(r) for r in reports])
        return
    for report in reports:
        out.print(escape(report_line(report)))


@click.command(name="export")
@click.argument("out_path", metavar="OUT", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tmx", "po", "tsv", "tbx", "xliff", "xliff12"]),
    help="Default: from OUT's name.",
)
@source_option
@target_option
@click.option("--langs", callback=tags_option, help="TMX/TSV: only these languages, comma-separated.")
@click.option("--termbase", is_flag=True, help="Write the termbase (implied by .tbx), not the memory.")
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(["approved", "candidate", "rejected"]),
    help="Termbase: concepts of this status (several times for several). Default: approved only.",
)
@click.option(
    "--monolingual",
    is_flag=True,
    help="TMX: also units in one language only (plain text imported for concordance), left out by default.",
)
@click.option(
    "--raw-cells",
    is_flag=True,
    help="CSV/TSV: write cells as they are, for pipelines. By default a cell that a spreadsheet would run "
    "as a formula (it begins with = + - @) gets a leading ' (glossary import reads it back unchanged).",
)
@pass_state
def export(
    state: State,
    out_path: Path,
    fmt: str | None,
    source: str,
    target: str,
    langs: tuple[str, ...] | None,
    termbase: bool,
    statuses: tuple[str, ...],
    monolingual: bool,
    raw_cells: bool,
) -> None:
    """Export the translation memory: TMX 1.4b (every language), PO (source -> target) or TSV; or the
    termbase: TBX-Basic (.tbx), or a TSV/CSV with --termbase.

    The file is written to a temporary name and renamed when complete. A termbase export holds the
    approved concepts (extraction's candidates and rejected concepts only with --status); a memory export
    holds translations: units in one language are left out unless --monolingual.

    \b
    Examples:
      glossary export memory.tmx
      glossary export fr.po --target fr
      glossary export memory.tsv --langs en,zh-CN,fr
      glossary export glossary.tbx
      glossary export glossary.csv --termbase --langs en,zh-CN
      glossary export review.tbx --status candidate
    """
    with state.workspace(read_only=True) as ws:
        if is_termbase_export(out_path, fmt, termbase):
            chosen = statuses or DEFAULT_EXPORT_STATUSES
            written = export_termbase(
                ws, out_path, fmt, source, langs, neutralize_cells=not raw_cells, statuses=chosen
            )
            what = "concepts"
            held = f" ({', '.join(chosen)})"
        else:
            options = WriteOptions(source, target, langs, neutralize_cells=not raw_cells)
            written = export_memory(ws, out_path, fmt, options, monolingual=monolingual)
            what, held = "units", ""
    out.print(f"{escape(str(out_path))}: {written:,} {what} written{escape(held)}")
