"""`glossary align`: turn two language versions of a document into aligned pairs, printed, written or imported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

from glossary.aligning import Aligned, WorkspaceMemory, align_pair, read_pair
from glossary.cli import (
    State,
    _errors_as_lines,
    cli,
    json_option,
    out,
    pass_state,
    source_option,
    target_option,
)

if TYPE_CHECKING:
    from memories.align import Alignment, Bead

_WRITABLE = ("tmx", "tsv")


def _bead_json(alignment: Alignment, number: int, bead: Bead) -> dict[str, object]:
    from memories.align import join_sentences

    return {
        "bead": number,
        "kind": bead.kind,
        "confidence": bead.confidence,
        "review": bead.flagged,
        "reason": bead.reason,
        "source_sentences": [i + 1 for i in bead.source],
        "target_sentences": [j + 1 for j in bead.target],
        "source": join_sentences((alignment.source[i].text for i in bead.source), alignment.source_lang),
        "target": join_sentences((alignment.target[j].text for j in bead.target), alignment.target_lang),
    }


def _print_beads(alignment: Alignment) -> None:
    """One line per bead: number, kind, confidence (with "review" when low), source, target; tab-separated
    so that the output can be piped."""
    from memories.align import join_sentences

    for number, bead in enumerate(alignment.beads, start=1):
        flag = " review" if bead.flagged else ""
        source = join_sentences((alignment.source[i].text for i in bead.source), alignment.source_lang)
        target = join_sentences((alignment.target[j].text for j in bead.target), alignment.target_lang)
        # click.echo, not the rich console: rich expands tabs into spaces.
        click.echo(f"{number}\t{bead.kind}\t{bead.confidence:.2f}{flag}\t{source}\t{target}")


def _summary(alignment: Alignment) -> dict[str, object]:
    pairs = [b for b in alignment.beads if b.source and b.target]
    return {
        "source_sentences": len(alignment.source),
        "target_sentences": len(alignment.target),
        "pairs": len(pairs),
        "review": sum(1 for b in pairs if b.flagged),
        "unaligned": len(alignment.unaligned),
        "length_ratio": round(alignment.model.ratio, 4),
        "length_variance": round(alignment.model.variance, 3),
    }


def _check_out(path: Path) -> None:
    """Refuse an --out file that is neither TMX nor TSV, before anything is read or aligned."""
    from memories.errors import InputError
    from memories.formats import detect_format, get_format

    fmt = get_format(detect_format(path))
    if fmt.name not in _WRITABLE or fmt.writer is None:
        raise InputError(path, f"--out writes {' or '.join(_WRITABLE)}", hint="name the file .tmx or .tsv")


def _write(path: Path, alignment: Alignment) -> int:
    from memories.align import translation_units
    from memories.formats import WriteOptions, detect_format, get_format

    _check_out(path)
    writer = get_format(detect_format(path)).writer
    assert writer is not None  # _check_out refuses a format without one
    languages = (alignment.source_lang, alignment.target_lang)
    options = WriteOptions(alignment.source_lang, alignment.target_lang, languages)
    return writer(path, list(translation_units(alignment)), options)


def _workspace_memory(state: State, source: str, target: str) -> WorkspaceMemory:
    """What the workspace knows of the pair; nothing when there is no workspace (an absent one is not
    created)."""
    if not state.path.is_file():
        return WorkspaceMemory()
    ws = state.open()
    try:
        return WorkspaceMemory.read(ws, source, target)
    finally:
        ws.close()


def _import(state: State, alignment: Alignment, origin: str) -> tuple[int, int]:
    """(added, already present): one transaction, so a failure leaves the workspace as it was."""
    from memories.align import translation_units

    ws = state.open()
    added = present = 0
    try:
        with _errors_as_lines(), ws.atomic():
            origin_id = ws.add_origin(origin, "alignment")
            for unit in translation_units(alignment):
                if ws.add_unit(unit, origin_id) is None:
                    present += 1
                else:
                    added += 1
            ws.drop_origin_if_empty(origin_id)
    finally:
        ws.close()
    return added, present


def _is_lang(tag: str, lang: str) -> bool:
    """Whether a file name's language tag ("zh", "en-GB") names ``lang``."""
    from memories.errors import GlossaryError
    from memories.langs import normalize_tag, same_language

    try:
        return same_language(normalize_tag(tag), lang)
    except GlossaryError:
        return False


def document_pairs(folder: Path, source: str, target: str) -> tuple[list[tuple[Path, Path]], list[Path]]:
    """The (source, target) files of a folder, paired by name: ``x.en.txt`` with ``x.zh.txt``, or
    ``en/x.txt`` with ``zh/x.txt`` (the tags name --source and --target); and the files left without a
    counterpart. No pair at all is an InputError."""
    from memories.errors import InputError

    if not folder.is_dir():
        raise InputError(folder, "no such folder", hint="give a folder of document pairs, or two files")
    sources: dict[str, Path] = {}
    targets: dict[str, Path] = {}
    for path in sorted(folder.glob("*.txt")):
        stem, _, tag = path.name[: -len(".txt")].rpartition(".")
        if stem and _is_lang(tag, source):
            sources[stem] = path
        elif stem and _is_lang(tag, target):
            targets[stem] = path
    for sub in sorted(p for p in folder.iterdir() if p.is_dir()):
        side = sources if _is_lang(sub.name, source) else targets if _is_lang(sub.name, target) else None
        if side is not None:
            for path in sorted(sub.rglob("*.txt")):
                side[str(path.relative_to(sub))] = path
    pairs = [(sources[name], targets[name]) for name in sorted(sources.keys() & targets.keys())]
    alone = sorted(
        [path for name, path in sources.items() if name not in targets]
        + [path for name, path in targets.items() if name not in sources]
    )
    if not pairs:
        raise InputError(
            folder,
            f"no document pair: files named x.{source}.txt and x.{target}.txt, or {source}/x.txt and "
            f"{target}/x.txt, are aligned",
            hint="name the files after their language (the tag may be shorter: x.zh.txt for zh-CN)",
        )
    return pairs, alone


def _summary_line(summary: dict[str, object], source: str, target: str) -> str:
    return (
        f"{summary['pairs']:,} pairs ({summary['review']:,} to review), {summary['unaligned']:,} sentences "
        f"without counterpart; {summary['source_sentences']:,} {source} and {summary['target_sentences']:,} "
        f"{target} sentences"
    )


@cli.command()
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
    from memories.errors import InputError

    with _errors_as_lines():
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
                _check_out(out_path)
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
        written = _write(out_path, results[0].alignment) if out_path is not None else None
    if review:
        _review(state, results[0], source, target)
        return
    imported = [_import(state, r.alignment, r.origin) for r in results] if do_import else None
    if target_path is None:
        _print_folder(results, alone, imported, source, target, as_json)
        return
    (result,) = results
    alignment = result.alignment
    summary = _summary(alignment)
    if as_json:
        data: dict[str, object] = {
            "source": {"file": str(source_path), "lang": source},
            "target": {"file": str(target_path), "lang": target},
            **summary,
            "length_model_from": result.model_from,
            "beads": [_bead_json(alignment, n, b) for n, b in enumerate(alignment.beads, start=1)],
        }
        if written is not None:
            data["written"] = {"file": str(out_path), "units": written}
        if imported is not None:
            data["imported"] = {"added": imported[0][0], "already_present": imported[0][1]}
        out.print_json(data=data)
        return
    if written is None and imported is None:
        _print_beads(alignment)
    out.print(escape(_summary_line(summary, source, target)))
    if written is not None:
        out.print(escape(f"{out_path}: {written:,} units written"))
    if imported is not None:
        out.print(escape(f"workspace: {imported[0][0]:,} added, {imported[0][1]:,} already present"))


def _review(state: State, aligned: Aligned, source: str, target: str) -> None:
    from tui.screens.align_review import review_app  # Textual only for the review

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
                "source": str(result.source_path),
                "target": str(result.target_path),
                **_summary(result.alignment),
            }
            if imported is not None:
                entry["imported"] = {"added": imported[k][0], "already_present": imported[k][1]}
            documents.append(entry)
        out.print_json(data={"documents": documents, "without_counterpart": [str(p) for p in alone]})
        return
    for k, result in enumerate(results):
        line = f"{result.source_path.name} + {result.target_path.name}: "
        line += _summary_line(_summary(result.alignment), source, target)
        if imported is not None:
            line += f"; {imported[k][0]:,} added, {imported[k][1]:,} already present"
        out.print(escape(line))
    for path in alone:
        out.print(escape(f"{path}: no counterpart, not aligned"))
    beads = [b for r in results for b in r.alignment.beads if b.source and b.target]
    pairs, review = len(beads), sum(1 for b in beads if b.flagged)
    out.print(escape(f"{len(results):,} documents: {pairs:,} pairs ({review:,} to review)"))
