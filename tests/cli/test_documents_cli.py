"""`glossary prepare` and `glossary merge` as a translator runs them: the press release pre-translated and merged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from memories.documents import get_filter
from memories.documents.model import ExtractOptions, plain_text
from tests.cli.test_import_cli import glossary
from tests.conftest import shared

PRESS = ("seeds", "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt")


@pytest.fixture(scope="module")
def press_memory(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """The press release as a text file, and a workspace holding each of its sentences with a Chinese text."""
    folder = tmp_path_factory.mktemp("press")
    press = folder / "press.txt"
    shutil.copyfile(shared(*PRESS), press)
    sentences = [plain_text(s.source) for s in get_filter("text").extract(press, ExtractOptions()).segments]
    assert len(sentences) > 10 and all("\n" not in s for s in sentences)
    chinese = {s: f"新闻稿第{n}句的中文译文。" for n, s in enumerate(sentences, start=1)}
    (folder / "tm.en").write_text("\n".join(chinese) + "\n", encoding="utf-8")
    (folder / "tm.zh").write_text("\n".join(chinese.values()) + "\n", encoding="utf-8")
    ws = folder / "ws.glossary"
    glossary(ws, "import", "--parallel", folder / "tm.en", folder / "tm.zh", check=True)
    return ws, press, chinese


def test_pretranslated_press_release_merges_into_chinese(
    press_memory: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    ws, press, chinese = press_memory
    xliff = tmp_path / "press.xlf"
    prepared = glossary(ws, "prepare", press, "--target", "zh-CN", "--pretranslate", "-o", xliff, check=True)
    assert prepared.stdout.strip() == (
        f"{len(chinese)} segments (0 inline codes) from {press} -> {xliff}; "
        f"pre-translated by score: 100: {len(chinese)}"
    )
    assert 'state="final"' in xliff.read_text(encoding="utf-8")
    out = tmp_path / "press.zh.txt"
    merged = glossary(ws, "merge", xliff, "-o", out, check=True)
    assert (
        merged.stdout.strip() == f"{len(chinese)} segments translated, 0 untranslated (source kept) -> {out}"
    )
    text = out.read_text(encoding="utf-8")
    for english, translation in chinese.items():
        assert english not in text and translation in text
    # Paragraphs stay paragraphs; sentences of one paragraph join without the English space between them.
    assert text.count("\n\n") == press.read_text(encoding="utf-8").count("\n\n")
    assert "新闻稿第5句的中文译文。新闻稿第6句的中文译文。" in text


def test_prepare_then_merge_without_translations_gives_the_document_back(tmp_path: Path) -> None:
    path = tmp_path / "lists.md"
    shutil.copyfile(shared("formats", "documents", "markdown", "lists_original.md"), path)
    ws = tmp_path / "unused.glossary"
    prepared = glossary(ws, "prepare", path, "--target", "fr", "--xliff", "1.2", "--json", check=True)
    report = json.loads(prepared.stdout)
    assert report["xliff"] == f"{path}.xlf" and report["version"] == "1.2" and report["segments"] == 23
    merged = glossary(ws, "merge", f"{path}.xlf", check=True)
    out = tmp_path / "lists.fr.md"
    assert merged.stdout.strip() == f"0 segments translated, 23 untranslated (source kept) -> {out}"
    assert out.read_bytes() == path.read_bytes()
    assert not ws.exists()  # neither command needed the workspace


def test_bad_input_is_one_line_exit_2_and_nothing_written(tmp_path: Path) -> None:
    ws = tmp_path / "ws.glossary"
    broken = tmp_path / "broken.txt"
    broken.write_bytes(b"Fine.\n\nNot \xff UTF-8.\n")
    cases: list[tuple[list[str | Path], str]] = [
        (["prepare", broken, "--target", "zh-CN"], f"{broken}:3: "),
        (["prepare", tmp_path / "missing.txt", "--target", "zh-CN"], "missing.txt: no such file"),
        (["prepare", tmp_path / "notes.rtf", "--target", "zh-CN"], "cannot tell the document format"),
        (["merge", tmp_path / "missing.xlf"], "missing.xlf: no such file"),
    ]
    (tmp_path / "notes.rtf").write_text("{\\rtf1 Hello}", encoding="utf-8")
    for args, expected in cases:
        result = glossary(ws, *args)
        assert result.returncode == 2, result
        assert result.stderr.count("\n") == 1 and expected in result.stderr, result.stderr
        assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["broken.txt", "notes.rtf"]


def test_a_declared_encoding_travels_in_the_xliff_and_merge_can_change_it(tmp_path: Path) -> None:
    from memories.formats.xliff import XliffDocument

    notes = tmp_path / "notes.txt"
    notes.write_bytes("Première note.\n\nDeuxième note, café.\n".encode("cp1252"))
    ws = tmp_path / "unused.glossary"
    xliff = tmp_path / "notes.xlf"
    glossary(
        ws,
        "prepare",
        notes,
        "--source",
        "fr",
        "--target",
        "zh-CN",
        "--encoding",
        "cp1252",
        "-o",
        xliff,
        check=True,
    )
    job = XliffDocument.load(xliff)
    second = next(s for s in job.segments() if s.unit_id == "p2.s1")
    job.set_target(second, "第二条说明。")
    job.save(xliff)
    out = tmp_path / "notes.zh.txt"
    refused = glossary(ws, "merge", xliff, "-o", out)
    assert refused.returncode == 2 and f"{out}:3: " in refused.stderr and "--encoding utf-8" in refused.stderr
    assert not out.exists()
    merged = glossary(ws, "merge", xliff, "-o", out, "--encoding", "utf-8", check=True)
    assert merged.stdout.startswith("1 segment translated, 1 untranslated")
    assert out.read_text(encoding="utf-8") == "Première note.\n\n第二条说明。\n"


def test_an_edited_sentence_is_a_fuzzy_match_to_review(
    press_memory: tuple[Path, Path, dict[str, str]], tmp_path: Path
) -> None:
    ws, press, chinese = press_memory
    edited = tmp_path / "edited.txt"
    text = press.read_text(encoding="utf-8")
    assert text.count("in Beijing.") == 1
    edited.write_text(text.replace("in Beijing.", "in Jakarta."), encoding="utf-8")
    xliff = tmp_path / "edited.xlf"
    result = glossary(
        ws, "prepare", edited, "--target", "zh-CN", "--pretranslate", "--xliff", "1.2", "--json"
    )
    report = json.loads(result.stdout)
    bands = report["bands"]
    assert bands["100"] == len(chinese) - 1 and bands["95–99"] + bands["85–94"] == 1, bands
    assert report["xliff"] == str(edited) + ".xlf"
    job = Path(report["xliff"]).read_text(encoding="utf-8")
    assert (
        job.count('state="needs-review-translation"') == 1
        and job.count('state="translated"') == len(chinese) - 1
    )
    assert not xliff.exists() and sorted(p.name for p in tmp_path.iterdir()) == [
        "edited.txt",
        "edited.txt.xlf",
    ]


@pytest.mark.parametrize(
    ("name", "flag", "version", "segment_id", "translation"),
    [
        ("Addcomments.docx", "--comments", "2.0", "comments.p1.s1", "Joli commentaire"),
        ("HiddenExcluded.docx", "--hidden", "1.2", "document.p3.s1", "Voici le message de Daniel."),
    ],
)
def test_comments_and_hidden_text_prepared_on_request_merge_the_same_way(
    name: str, flag: str, version: str, segment_id: str, translation: str, tmp_path: Path
) -> None:
    from memories.formats.xliff import XliffDocument

    path = tmp_path / name
    shutil.copyfile(shared("formats", "documents", "docx", name), path)
    ws = tmp_path / "unused.glossary"
    xliff = tmp_path / "job.xlf"
    glossary(ws, "prepare", path, "--target", "fr", flag, "--xliff", version, "-o", xliff, check=True)
    job = XliffDocument.load(xliff)
    segment = next(s for s in job.segments() if s.unit_id == segment_id)
    job.set_target(segment, translation)
    job.save(xliff)
    out = tmp_path / f"out-{name}"
    merged = glossary(ws, "merge", xliff, "-o", out, check=True)  # merge is not told: the XLIFF says it
    assert merged.stdout.startswith("1 segment translated")
    options = ExtractOptions(translate_comments=flag == "--comments", translate_hidden=flag == "--hidden")
    again = {s.id: plain_text(s.source) for s in get_filter("docx").extract(out, options).segments}
    assert again[segment_id] == translation


def test_comments_and_hidden_text_are_options_of_word_documents_only(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><body><p>One sentence.</p></body></html>", encoding="utf-8")
    refused = glossary(tmp_path / "unused.glossary", "prepare", page, "--target", "fr", "--comments")
    assert refused.returncode == 2 and refused.stderr.count("\n") == 1
    assert "options of Word documents, not of html" in refused.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.html"]
