"""`glossary align`: turn two language versions of a document into aligned pairs, printed, written or imported."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click
from rich.markup import escape

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
    from memories.align import Alignment, Bead, LengthModel

_WRITABLE = ("tmx", "tsv")
SHORT = 30
"""Documents with fewer sentences than this take their length model from the workspace when it has one."""
_TM_SAMPLE = 2000


def _bead_json(alignment: Alignment, number: int, bead: Bead) -> dict[str, object]:
    from memories.align import join_sentences

    return {
        "bead": number,
        "kind": bead.kind,
        "confidence": bead.confidence,
        "review": bead.flagged,
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


def _model_source(model: LengthModel | None) -> str:
    return "workspace" if model is not None else "documents"


def _write(path: Path, alignment: Alignment) -> int:
    from memories.align import translation_units
    from memories.errors import InputError
    from memories.formats import WriteOptions, detect_format, get_format

    fmt = get_format(detect_format(path))
    if fmt.name not in _WRITABLE or fmt.writer is None:
        raise InputError(path, f"--out writes {' or '.join(_WRITABLE)}", hint="name the file .tmx or .tsv")
    languages = (alignment.source_lang, alignment.target_lang)
    options = WriteOptions(alignment.source_lang, alignment.target_lang, languages)
    return fmt.writer(path, list(translation_units(alignment)), options)


def _workspace_model(state: State, source: str, target: str) -> LengthModel | None:
    """The length model of the workspace's units in this language pair (the first ``_TM_SAMPLE``), or None
    when there is no workspace or too few units; an absent workspace is not created."""
    from memories.align import LengthModel

    if not state.path.is_file():
        return None
    ws = state.open()
    pairs: list[tuple[str, str]] = []
    try:
        for unit in ws.units():
            s, t = unit.variant(source), unit.variant(target)
            if s is not None and t is not None:
                pairs.append((s.text, t.text))
                if len(pairs) >= _TM_SAMPLE:
                    break
    finally:
        ws.close()
    return LengthModel.from_texts(pairs)


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


@cli.command()
@click.argument("source_path", metavar="SRC", type=click.Path(path_type=Path))
@click.argument("target_path", metavar="TGT", type=click.Path(path_type=Path))
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
@json_option
@pass_state
def align(
    state: State,
    source_path: Path,
    target_path: Path,
    source: str,
    target: str,
    do_import: bool,
    out_path: Path | None,
    encoding: str | None,
    as_json: bool,
) -> None:
    """Align two language versions of a document (plain text) sentence by sentence.

    Both texts are split into sentences (blank lines end paragraphs, which alignment respects) and
    aligned by length, numbers and names, allowing one sentence to match two. The length ratio of the
    languages comes from the documents, or, for documents under 30 sentences, from the workspace's units
    in the pair when it has enough. Each pair gets a confidence; pairs below 0.50 are flagged "review".
    Prints the pairs; --out writes them (TMX or TSV); --import stores them as translation units (origin:
    the two files), flagged ones with status "review". Sentences with no counterpart are shown but never
    stored.

    \b
    Examples:
      glossary align press.en.txt press.zh.txt
      glossary align charter.en.txt charter.es.txt --target es --out charter.tmx
      glossary align report.en.txt report.zh.txt --import --json
    """
    from memories.align import align as align_documents
    from memories.align import check_languages, read_document, segment

    with _errors_as_lines():
        source_text = read_document(source_path, encoding)
        target_text = read_document(target_path, encoding)
        check_languages(source_text, target_text, source, target, (source_path, target_path))
        source_sentences, target_sentences = segment(source_text, source), segment(target_text, target)
        # A short document pair says little about the length ratio of its languages; the translation memory
        # says more.
        short = min(len(source_sentences), len(target_sentences)) < SHORT
        model = _workspace_model(state, source, target) if short else None
        # The termbase is not consulted yet: term pairs are an optional anchor of memories.align.align.
        alignment = align_documents(source_sentences, target_sentences, source, target, model=model)
        written = _write(out_path, alignment) if out_path is not None else None
    imported = _import(state, alignment, f"{source_path} + {target_path}") if do_import else None
    summary = _summary(alignment)
    if as_json:
        data: dict[str, object] = {
            "source": {"file": str(source_path), "lang": source},
            "target": {"file": str(target_path), "lang": target},
            **summary,
            "length_model_from": _model_source(model),
            "beads": [_bead_json(alignment, n, b) for n, b in enumerate(alignment.beads, start=1)],
        }
        if written is not None:
            data["written"] = {"file": str(out_path), "units": written}
        if imported is not None:
            data["imported"] = {"added": imported[0], "already_present": imported[1]}
        out.print_json(data=data)
        return
    if written is None and imported is None:
        _print_beads(alignment)
    line = (
        f"{summary['pairs']:,} pairs ({summary['review']:,} to review), {summary['unaligned']:,} sentences "
        f"without counterpart; {summary['source_sentences']:,} {source} and {summary['target_sentences']:,} "
        f"{target} sentences"
    )
    out.print(escape(line))
    if written is not None:
        out.print(escape(f"{out_path}: {written:,} units written"))
    if imported is not None:
        out.print(escape(f"workspace: {imported[0]:,} added, {imported[1]:,} already present"))
