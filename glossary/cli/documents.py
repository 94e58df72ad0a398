"""``glossary prepare`` and ``glossary merge``: a document to an XLIFF of its segments, and back translated."""

from __future__ import annotations

from pathlib import Path

import click
from rich.markup import escape

from glossary.cli.errors import errors_as_lines
from glossary.cli.options import json_option, min_score_option, output_option, source_option
from glossary.cli.output import err, out, print_json
from glossary.cli.state import State, pass_state
from glossary.documents import prepare as prepare_document
from glossary.pretranslate import BANDS
from memories.documents import DOCUMENT_FORMATS
from memories.documents.pipeline import merge as write_document
from memories.errors import InputError

__all__ = ["merge", "prepare"]


@click.command()
@click.argument("document", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--target", required=True, help="Target language (BCP-47), e.g. zh-CN.")
@output_option("The XLIFF to write (default: DOCUMENT.xlf beside the document).")
@click.option(
    "--xliff",
    "version",
    type=click.Choice(["2.0", "1.2"]),
    default="2.0",
    show_default=True,
    help="XLIFF version.",
)
@click.option("--pretranslate", is_flag=True, help="Fill segments from the workspace's memory.")
@min_score_option(75, "With --pretranslate: the lowest match score inserted.")
@click.option(
    "--format",
    "format_name",
    type=click.Choice(DOCUMENT_FORMATS),
    help="Document format (default: from the file name).",
)
@click.option(
    "--encoding", help="Read a text or Markdown document in this encoding (default: BOM, else UTF-8)."
)
@click.option("--comments", is_flag=True, help="Word: translate the comments too (default: left alone).")
@click.option("--hidden", is_flag=True, help="Word: translate hidden text too (default: kept as a code).")
@source_option
@json_option
@pass_state
def prepare(
    state: State,
    document: Path,
    target: str,
    output: Path | None,
    version: str,
    pretranslate: bool,
    min_score: int,
    format_name: str | None,
    encoding: str | None,
    comments: bool,
    hidden: bool,
    source: str,
    as_json: bool,
) -> None:
    """Cut DOCUMENT (text, Markdown, HTML, Word .docx) into segments and write them to an XLIFF file.

    One XLIFF unit per sentence, its formatting as inline codes; the XLIFF points back to the document so
    that `glossary merge` can write the translated document. With --pretranslate, exact memory matches are
    filled in as final (1.2 translated) and fuzzy ones of at least --min as needing review. DOCUMENT is never
    changed; a document glossary cannot read is refused with nothing written. A Word document's comments and
    hidden text are translated on request (--comments, --hidden); the XLIFF records it for `glossary merge`.

    \b
    Example:
      glossary prepare statement.docx --target zh-CN
      glossary --workspace un.glossary prepare press.md --target zh-CN --pretranslate --min 85 -o press.xlf
      glossary prepare notes.txt --target fr --xliff 1.2 --encoding cp1252
      glossary prepare report.docx --target es --comments --hidden
    """
    xliff = output or document.with_name(document.name + ".xlf")
    with errors_as_lines():
        if not document.is_file():
            raise InputError(document, "no such file", hint="check the path")
    # The workspace is opened only to pre-translate: a document alone needs none.
    with state.workspace() if pretranslate else errors_as_lines() as ws:
        prepared = prepare_document(
            document, target, xliff, version, ws, min_score, source, format_name, encoding, comments, hidden
        )
    report = prepared.report
    bands = prepared.pretranslation.bands if prepared.pretranslation is not None else None
    summary = f"{_segments(report.segments)} ({report.codes} inline codes) from {document} -> {xliff}"
    if bands is not None:
        filled = ", ".join(f"{band}: {bands[band]}" for band in BANDS if bands[band])
        summary += f"; pre-translated by score: {filled or 'none'}"
    if as_json:
        payload = {"document": str(document), "xliff": str(xliff), "version": version, "segments": report.segments,
                   "codes": report.codes, "bands": bands}  # fmt: skip
        print_json(payload)
        return
    out.print(escape(summary))


@click.command()
@click.argument("xliff", type=click.Path(dir_okay=False, path_type=Path))
@output_option(
    "The document to write (default: the original's name with the target language, e.g. press.zh-CN.md)."
)
@click.option(
    "--encoding", help="Write a text or Markdown document in this encoding (default: the original's)."
)
@json_option
def merge(xliff: Path, output: Path | None, encoding: str | None, as_json: bool) -> None:
    """Write the translated document of XLIFF, a file that `glossary prepare` wrote and a translator filled.

    The original document is read again (it must still be where the XLIFF says) and each segment is replaced
    by its translation, formatting codes put back where the translation has them. Segments with no translation
    keep their source text and are counted. Everything that is not text is written back unchanged.

    \b
    Example:
      glossary merge statement.docx.xlf
      glossary merge press.xlf -o press.zh-CN.md
      glossary merge notes.txt.xlf --encoding utf-8
    """
    with errors_as_lines():
        if not xliff.is_file():
            raise InputError(xliff, "no such file", hint="check the path")
        report = write_document(xliff, output, encoding)
    for warning in report.warnings:
        err.print(f"glossary: warning: {escape(warning)}")
    if as_json:
        payload = {"output": str(report.output), "translated": report.translated,
                   "untranslated": report.untranslated, "warnings": report.warnings}  # fmt: skip
        print_json(payload)
        return
    out.print(
        escape(f"{_segments(report.translated)} translated, {report.untranslated} untranslated (source kept)")
        + f" -> {escape(str(report.output))}"
    )


def _segments(count: int) -> str:
    return f"{count} segment" if count == 1 else f"{count} segments"
