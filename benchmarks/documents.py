"""Document filter speed and memory: a 200-page Word file (and the same text as a web page) from real UN text.

Corpus: ../shared/corpora/unpc-devset-6way, the English side (4,000 sentences of 2015 General Assembly and
Security Council documents). The DOCX is built with python-docx the way such a report looks: a Heading 1 per UN
document symbol, numbered paragraphs of four sentences with a bold opening and an italic phrase, a small table every
fifty paragraphs, a footer. The HTML page holds the same paragraphs.
Method: each step runs in a fresh subprocess (so its peak RSS is its own): the filter's extract, its merge with
every segment pseudo-translated (vowels accented, codes kept), and, through the pipeline the CLI uses,
``prepare`` to XLIFF 2.0 and ``merge`` of that XLIFF with every target filled. Prints wall time, CPU time (the
honest figure on a loaded machine) and peak RSS.

    python benchmarks/documents.py [--sentences 4000] [--format docx|html|both]
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from html import escape
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEVSET = ROOT.parent / "shared" / "corpora" / "unpc-devset-6way"


def _paragraphs(count: int) -> list[tuple[str, list[str]]]:
    """(document symbol, its paragraphs) in dev-set order; a paragraph is four consecutive sentences."""
    english = (DEVSET / "UNv1.0.devset.en").read_text("utf-8").splitlines()[:count]
    symbols = (DEVSET / "UNv1.0.devset.ids").read_text("utf-8").splitlines()[:count]
    sections: list[tuple[str, list[str]]] = []
    for start in range(0, len(english), 4):
        symbol = symbols[start].split()[0] if symbols[start].split() else "A/70/1"
        if not sections or sections[-1][0] != symbol or len(sections[-1][1]) >= 25:
            sections.append((symbol, []))
        sections[-1][1].append(" ".join(s.strip() for s in english[start : start + 4]))
    return sections


def build_docx(path: Path, sentences: int) -> int:
    import docx

    document = docx.Document()
    document.sections[0].footer.paragraphs[
        0
    ].text = "United Nations documents, 2015 (UN Parallel Corpus dev set)"
    number = 0
    words = 0
    for symbol, paragraphs in _paragraphs(sentences):
        document.add_heading(f"Document {symbol}", level=1)
        for text in paragraphs:
            number += 1
            words += len(text.split())
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{number}. ")
            head, _, rest = text.partition(" ")
            paragraph.add_run(head).bold = True
            middle = rest.split(" ")
            cut = len(middle) // 2
            paragraph.add_run(" " + " ".join(middle[:cut]) + " ")
            paragraph.add_run(middle[cut] if cut < len(middle) else "").italic = True
            paragraph.add_run(" " + " ".join(middle[cut + 1 :]))
            if number % 50 == 0:
                table = document.add_table(rows=2, cols=3)
                for row in table.rows:
                    for cell in row.cells:
                        cell.text = head + " " + " ".join(middle[:6])
    document.save(str(path))
    return words


def build_html(path: Path, sentences: int) -> int:
    parts = [
        '<!DOCTYPE html>\n<html lang="en">\n<head><meta charset="utf-8"><title>UN documents</title></head>\n<body>\n'
    ]
    words = 0
    for symbol, paragraphs in _paragraphs(sentences):
        parts.append(f"<h1>Document {escape(symbol)}</h1>\n")
        for text in paragraphs:
            words += len(text.split())
            head, _, rest = text.partition(" ")
            parts.append(f"<p><b>{escape(head)}</b> {escape(rest)}</p>\n")
    parts.append("</body>\n</html>\n")
    path.write_text("".join(parts), encoding="utf-8")
    return words


def _fill(xliff: Path) -> None:
    """Every target = its source with vowels accented: a translator's finished work."""
    from lxml import etree

    table = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
    tree = etree.parse(str(xliff))
    ns = tree.getroot().nsmap[None]
    for source in list(tree.iter(f"{{{ns}}}source")):
        segment = source.getparent()
        if segment is None or segment.tag != f"{{{ns}}}segment":
            continue
        target = etree.fromstring(etree.tostring(source))
        target.tag = f"{{{ns}}}target"
        for node in target.iter():
            node.text = node.text.translate(table) if node.text else node.text
            if node is not target:
                node.tail = node.tail.translate(table) if node.tail else node.tail
        source.addnext(target)
        segment.set("state", "translated")
    tree.write(str(xliff), xml_declaration=True, encoding="utf-8")


def _step(step: str, path: str, work: str) -> dict[str, float]:
    sys.path.insert(0, str(ROOT))
    from memories.documents import detect_document_format, get_filter
    from memories.documents.model import Code, ExtractOptions, MergeOptions

    document_filter = get_filter(detect_document_format(Path(path)))
    table = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
    result: dict[str, float] = {}

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    started, cpu_before = time.perf_counter(), cpu()
    if step == "extract":
        document = document_filter.extract(Path(path), ExtractOptions())
        result["segments"] = len(document.segments)
        result["codes"] = sum(isinstance(p, Code) for s in document.segments for p in s.source)
    elif step == "merge":
        document = document_filter.extract(Path(path), ExtractOptions())
        translations = {
            s.id: tuple(p.translate(table) if isinstance(p, str) else p for p in s.source)
            for s in document.segments
        }
        # The merge alone (it re-extracts the original itself), not the extraction that made the translations;
        # the sentence-split cache is emptied so the merge pays for its own re-extraction as the CLI does.
        from memories.documents import segment

        segment._split_block.cache_clear()
        started, cpu_before = time.perf_counter(), cpu()
        report = document_filter.merge(
            Path(path), translations, Path(work) / ("out" + Path(path).suffix), MergeOptions(target_lang="fr")
        )
        result["translated"] = report.translated
    elif step == "prepare":
        from memories.documents.pipeline import prepare

        report_p = prepare(Path(path), "fr", Path(work) / "job.xlf")
        result["segments"] = report_p.segments
    elif step == "pipeline-merge":
        from memories.documents.pipeline import merge

        xliff = Path(work) / "job.xlf"
        _fill(xliff)
        started, cpu_before = time.perf_counter(), cpu()
        report_m = merge(xliff, Path(work) / ("piped" + Path(path).suffix))
        result["translated"] = report_m.translated
    result["seconds"] = time.perf_counter() - started
    result["cpu_seconds"] = cpu() - cpu_before
    result["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=4000)
    parser.add_argument("--format", choices=("docx", "html", "both"), default="both")
    parser.add_argument("--step", help=argparse.SUPPRESS)
    parser.add_argument("--path", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        print(json.dumps(_step(args.step, args.path, args.work)))
        return
    formats = ("docx", "html") if args.format == "both" else (args.format,)
    with tempfile.TemporaryDirectory() as work:
        for kind in formats:
            path = Path(work) / f"un-devset.{kind}"
            words = (build_docx if kind == "docx" else build_html)(path, args.sentences)
            print(
                f"{kind}: {args.sentences:,} sentences, {words:,} words (about {words // 500} pages at 500 words "
                f"a page), {path.stat().st_size / 1e6:.1f} MB"
            )
            for step in ("extract", "merge", "prepare", "pipeline-merge"):
                output = subprocess.run(
                    [sys.executable, __file__, "--step", step, "--path", str(path), "--work", work],
                    capture_output=True,
                    text=True,
                    check=True,
                ).stdout
                figures = json.loads(output.strip().splitlines()[-1])
                extra = ", ".join(
                    f"{k} {int(v):,}"
                    for k, v in figures.items()
                    if k not in ("seconds", "cpu_seconds", "peak_rss_mib")
                )
                wall, cpu, rss = figures["seconds"], figures["cpu_seconds"], figures["peak_rss_mib"]
                print(f"  {step:<15} {wall:7.2f} s wall {cpu:7.2f} s CPU   peak RSS {rss:6.0f} MiB   {extra}")


if __name__ == "__main__":
    main()
