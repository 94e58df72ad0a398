"""``glossary align``: two language versions of a document (or a folder of pairs) aligned, shown, written, imported."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import click
from rich.markup import escape

from glossary.aligning import (
    Aligned,
    Summary,
    WorkspaceMemory,
    align_pair,
    check_writable,
    document_pairs,
    import_alignment,
    pairs_of,
    read_pair,
    summary,
    write_alignment,
)
from glossary.cli.errors import errors_as_lines
from glossary.cli.options import json_option, source_option, target_option
from glossary.cli.output import out, print_json
from glossary.cli.state import State, pass_state
from memories.align import Alignment
from memories.errors import InputError

__all__ = ["align"]


def _print_beads(alignment: Alignment) -> None:
    """One line per bead: number, kind, confidence (with "review" when low), source, target; tab-separated
    so that the output can be piped."""
    for pair in pairs_of(alignment):
        flag = " review" if pair.review else ""
        # click.echo, not the rich console: rich expands tabs into spaces.
        click.echo(f"{pair.bead}\t{pair.kind}\t{pair.confidence:.2f}{flag}\t{pair.source}\t{pair.target}")


def _workspace_memory(state: State, source: str, target: str) -> WorkspaceMemory:
    """What the workspace knows of the pair; nothing when there is no workspace (an absent one is not
    created)."""
    if isinstance(state.path, Path) and not state.path.is_file():
        return WorkspaceMemory()
    with state.workspace() as ws:
        return WorkspaceMemory.read(ws, source, target)


def _import(state: State, aligned: Aligned) -> tuple[int, int]:
    """(added, already present) of one document pair's units."""
    with state.workspace() as ws:
        return import_alignment(ws, aligned.alignment, aligned.origin)


def _summary_line(figures: Summary, source: str, target: str) -> str:
    return (
        f"{figures.pairs:,} pairs ({figures.review:,} to review), {figures.unaligned:,} sentences "
        f"without counterpart; {figures.source_sentences:,} {source} and {figures.target_sentences:,} "
        f"{target} sentences"
    )


@click.command()
@click.argument("source_path", metavar="SRC", type=click.Path(path_type=Path))
@click.argument("target_path", metavar="[TGT]", type=click.Path(path_type=Path), required=False)
@source_option
@target_option
@click.option("--import", "do_import", is_flag=True, help="Store the pairs in the workspace as units.")
@click.option(
    "--out",
    "out_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the pairs to FILE.tsv or FILE.tmx.",
)
@click.option("--encoding", help="Encoding of files without a BOM (default UTF-8).")
@click.option(
    "--review",
    is_flag=True,
    help="Open the pairs in the workbench's review screen, to fix and accept them before import.",
)
@json_option
@pass_state
def align(
    state: State,
    source_path: Path,
    target_path: Path | None,
    source: str,
    target: str,
    do_import: bool,
    out_path: Path | None,
    encoding: str | None,
    review: bool,
    as_json: bool,
) -> None:
    """Align two language versions of a document (plain text) sentence by sentence, or every document
    pair of a folder.

    Both texts are split into sentences (blank lines end paragraphs: paragraphs are aligned first) and
    aligned by length, numbers, dates and names, the termbase's term pairs and a lexicon learned from the
    workspace's units in the pair, allowing one sentence to match two or none. The length ratio of the
    languages comes from the documents, or, for documents under 30 sentences, from the workspace's units
    when it has enough. Each pair gets a confidence; pairs below 0.50 are flagged "review", and so is
    every pair next to a sentence without counterpart or whose words, numbers or lengths disagree.
    Prints the pairs; --out writes them (TMX or TSV); --import stores them as translation units (origin:
    the two files), flagged ones with status "review". Sentences with no counterpart are shown but never
    stored.

    --review opens the pairs in the workbench, two columns, flagged ones highlighted: move a sentence
    up or down a side, join, split, mark a sentence as without counterpart, accept pairs, then import
    the accepted ones (keys in the footer; F9 in the workbench does the same for any two files).

    Given a folder (SRC alone), aligns every pair of files in it named x.en.txt + x.zh.txt, or
    en/x.txt + zh/x.txt (after --source and --target), and prints one summary line per pair.

    \b
    Examples:
      glossary align press.en.txt press.zh.txt
      glossary align charter.en.txt charter.es.txt --target es --out charter.tmx
      glossary align report.en.txt report.zh.txt --import --json
      glossary align releases/ --import
      glossary align press.en.txt press.zh.txt --review
    """
    with errors_as_lines():
        if review and (target_path is None or do_import or out_path is not None or as_json):
            raise InputError(
                None,
                "--review opens one document pair in the workbench",
                hint="give two files, without --import, --out or --json: the review screen imports",
            )
        if target_path is None:
            if out_path is not None:
                raise InputError(None, "--out writes one document pair", hint="give two files, or --import")
            pairs, alone = document_pairs(source_path, source, target)
        else:
            if out_path is not None:
                check_writable(out_path)
            pairs, alone = [(source_path, target_path)], []
        # Every document is read and checked before the workspace is opened, and every pair aligned before
        # anything is stored: a bad file changes nothing.
        documents = [read_pair(s, t, source, target, encoding) for s, t in pairs]
        memory = _workspace_memory(state, source, target)
        lexicon = memory.lexicon(source, target)
        results = [
            align_pair(paths, sentences, source, target, memory, lexicon)
            for paths, sentences in zip(pairs, documents, strict=True)
        ]
        written = write_alignment(out_path, results[0].alignment) if out_path is not None else None
    if review:
        _review(state, results[0], source, target)
        return
    imported = [_import(state, r) for r in results] if do_import else None
    if target_path is None:
        _print_folder(results, alone, imported, source, target, as_json)
        return
    (result,) = results
    alignment = result.alignment
    figures = summary(alignment)
    if as_json:
        data: dict[str, object] = {
            "source": {"file": source_path, "lang": source},
            "target": {"file": target_path, "lang": target},
            **asdict(figures),
            "length_model_from": result.model_from,
            "beads": pairs_of(alignment),
        }
        if written is not None:
            data["written"] = {"file": out_path, "units": written}
        if imported is not None:
            data["imported"] = {"added": imported[0][0], "already_present": imported[0][1]}
        print_json(data)
        return
    if written is None and imported is None:
        _print_beads(alignment)
    out.print(escape(_summary_line(figures, source, target)))
    if written is not None:
        out.print(escape(f"{out_path}: {written:,} units written"))
    if imported is not None:
        out.print(escape(f"workspace: {imported[0][0]:,} added, {imported[0][1]:,} already present"))


def _review(state: State, aligned: Aligned, source: str, target: str) -> None:
    from tui.app import review_app  # Textual only for the review

    ws = state.open()
    try:
        review_app(ws, aligned, source, target).run()
    finally:
        ws.close()


def _print_folder(
    results: list[Aligned],
    alone: list[Path],
    imported: list[tuple[int, int]] | None,
    source: str,
    target: str,
    as_json: bool,
) -> None:
    """One summary per document pair, the files without counterpart, and the totals."""
    if as_json:
        documents = []
        for k, result in enumerate(results):
            entry: dict[str, object] = {
                "source": result.source_path,
                "target": result.target_path,
                **asdict(summary(result.alignment)),
            }
            if imported is not None:
                entry["imported"] = {"added": imported[k][0], "already_present": imported[k][1]}
            documents.append(entry)
        print_json({"documents": documents, "without_counterpart": alone})
        return
    for k, result in enumerate(results):
        line = f"{result.source_path.name} + {result.target_path.name}: "
        line += _summary_line(summary(result.alignment), source, target)
        if imported is not None:
            line += f"; {imported[k][0]:,} added, {imported[k][1]:,} already present"
        out.print(escape(line))
    for path in alone:
        out.print(escape(f"{path}: no counterpart, not aligned"))
    beads = [b for r in results for b in r.alignment.beads if b.source and b.target]
    pairs, review = len(beads), sum(1 for b in beads if b.flagged)
    out.print(escape(f"{len(results):,} documents: {pairs:,} pairs ({review:,} to review)"))
