"""prepare/merge: the XLIFF a document becomes is schema-valid, reads back as the same segments, and merges."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from lxml import etree

from memories.documents import get_filter
from memories.documents.model import Code, CodeKind, ExtractOptions, plain_text
from memories.documents.pipeline import merge, prepare, segments_of, xliff_content
from memories.errors import InputError
from memories.formats.xliff import XliffDocument
from tests.conftest import SHARED, shared
from tests.unit.documents_support import pseudo, time_limit
from tests.unit.test_documents_markdown import STRESS
from tests.unit.test_xliff import errors, schema12, schema20

DOCUMENTS = SHARED / "formats" / "documents"
SAMPLES = (
    sorted(f"{kind}/{p.name}" for kind in ("plaintext", "markdown") for p in (DOCUMENTS / kind).iterdir())
    if DOCUMENTS.is_dir()
    else ["plaintext/lf.txt"]
)


@pytest.fixture(scope="module")
def schemas() -> dict[str, etree.XMLSchema]:
    return {"2.0": schema20(), "1.2": schema12()}


@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("sample", SAMPLES)
def test_prepared_xliff_is_valid_and_reads_back_as_the_segments(
    sample: str, version: str, schemas: dict[str, etree.XMLSchema], tmp_path: Path
) -> None:
    path = shared("formats", "documents", *sample.split("/"))
    xliff = tmp_path / "job.xlf"
    with time_limit(30):
        report = prepare(path, "zh-CN", xliff, version)
        assert errors(schemas[version], xliff) == []
        read = list(segments_of(xliff))
        assert [i for i, _ in read] == [s.id for s in report.document.segments]
        assert [t for _, t in read] == [plain_text(s.source) for s in report.document.segments]
        out = tmp_path / path.name
        merged = merge(xliff, out)
    assert out.read_bytes() == path.read_bytes()
    assert (merged.translated, merged.untranslated) == (0, report.segments)


def fill_targets(xliff: Path, version: str, pseudo_text: bool = True) -> None:
    """A translator's work: every target is the source with its text pseudo-translated, codes kept."""
    tree = etree.parse(str(xliff))
    ns = tree.getroot().nsmap[None]
    for source in tree.iter(f"{{{ns}}}source"):
        target = copy.deepcopy(source)
        target.tag = f"{{{ns}}}target"
        for node in target.iter():
            if pseudo_text and node.text and node.tag in (target.tag, f"{{{ns}}}pc", f"{{{ns}}}g"):
                node.text = plain_text(pseudo((node.text,)))
            if pseudo_text and node is not target and node.tail:
                node.tail = plain_text(pseudo((node.tail,)))
        source.addnext(target)
        if version == "1.2":
            target.set("state", "translated")
        else:
            segment = source.getparent()
            assert segment is not None
            segment.set("state", "translated")
    tree.write(str(xliff), xml_declaration=True, encoding="utf-8")


@pytest.mark.parametrize("version", ["2.0", "1.2"])
def test_translated_markdown_keeps_its_codes(version: str, tmp_path: Path) -> None:
    path = tmp_path / "stress.md"
    path.write_text(STRESS, encoding="utf-8")
    xliff = tmp_path / "stress.xlf"
    with time_limit(30):
        report = prepare(path, "fr", xliff, version)
        fill_targets(xliff, version)
        out = tmp_path / "stress.fr.md"
        merged = merge(xliff, out)
    assert (merged.translated, merged.untranslated) == (report.segments, 0)
    assert merged.warnings == []
    markdown = get_filter("markdown")
    again = markdown.extract(out, ExtractOptions())
    assert [b.id for b in again.blocks] == [b.id for b in report.document.blocks]
    codes = [[(p.type, p.kind) for p in s.source if isinstance(p, Code)] for s in report.document.segments]
    assert [[(p.type, p.kind) for p in s.source if isinstance(p, Code)] for s in again.segments] == codes
    text = out.read_text(encoding="utf-8")
    assert "Àlt" not in text and "àlt *téxt*" in text and '](http://x.org "Title")' in text
    assert "[shõrt][short]" in text  # a shortcut reference keeps its label when its text is translated


def test_codes_map_back_by_id_and_unknown_codes_are_reported(tmp_path: Path) -> None:
    bold_open = Code(CodeKind.OPEN, 1, "bold", "**")
    bold_close = Code(CodeKind.CLOSE, 1, "bold", "**")
    target = etree.fromstring(
        '<target xmlns="urn:oasis:names:tc:xliff:document:2.0">很<sc id="1"/>重要<ec startRef="1"/>'
        '<ph id="9"/><mrk id="m1" translate="no">UN</mrk><cp hex="0001"/></target>'
    )
    content, lost = xliff_content(target, ("Very ", bold_open, "important", bold_close))
    assert content == ("很", bold_open, "重要", bold_close, "UN\x01")
    assert lost == ["9"]
    # Half a pair, or a code twice, would break the markup: left out, and said.
    link_open, link_close = Code(CodeKind.OPEN, 2, "link", "["), Code(CodeKind.CLOSE, 2, "link", "](x)")
    tab = Code(CodeKind.STANDALONE, 3, "tab", "\t")
    source = ("A ", bold_open, "b", bold_close, " ", link_open, "c", link_close, tab)
    target = etree.fromstring(
        '<target xmlns="urn:oasis:names:tc:xliff:document:2.0"><ec id="1" isolated="yes"/>乙<sc id="1" isolated="yes"/>'
        '<sc id="2" isolated="yes"/>丙<ph id="3"/><ph id="3"/></target>'
    )
    content, lost = xliff_content(target, source)
    assert content == ("乙丙", tab)
    assert lost == ["3 (placed twice)", "1 (without its pair)", "2 (without its pair)"]


def test_merge_refuses_a_changed_original_and_a_foreign_xliff(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("First paragraph.\n\nSecond paragraph.\n", encoding="utf-8")
    xliff = tmp_path / "note.xlf"
    prepare(path, "zh-CN", xliff)
    path.write_text("Only one paragraph now.\n", encoding="utf-8")
    with pytest.raises(InputError, match="prepare it again"):
        merge(xliff, tmp_path / "out.txt")
    assert not (tmp_path / "out.txt").exists()
    document = XliffDocument.load(xliff)
    assert document.version == "2.0"
    path.unlink()
    with pytest.raises(InputError, match="is not there"):
        merge(xliff, tmp_path / "out.txt")
    foreign = tmp_path / "foreign.xlf"
    foreign.write_text(
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="en">'
        '<file id="f"><unit id="u"><segment><source>Hi</source></segment></unit></file></xliff>',
        encoding="utf-8",
    )
    with pytest.raises(InputError, match="does not name its original"):
        merge(foreign, tmp_path / "out.txt")


# The HTML and DOCX filters (memories.documents.html, .docx) through the same pipeline: pages with inline markup,
# forms, ruby, a UTF-16 BOM, a declared encoding; Word files with formatting runs, hyperlinks, soft line breaks,
# comments, and segment ids that are not XML names (word/document.xml#p1.s1).
OFFICE_SAMPLES = [
    *(f"html/{n}" for n in ("324.html", "form.html", "okapi_intro_test.html", "ruby.html", "testBOM.html",
                            "withEncoding.html")),
    *(f"docx/{n}" for n in ("HelloWorld.docx", "BoldWorld.docx", "hyperlink.docx", "Addcomments.docx",
                            "Document-with-soft-linebreaks.docx", "gettysburg_en.docx")),
]  # fmt: skip


@pytest.mark.parametrize("version", ["2.0", "1.2"])
@pytest.mark.parametrize("sample", OFFICE_SAMPLES)
def test_html_and_word_documents_prepare_and_merge_their_translations(
    sample: str, version: str, schemas: dict[str, etree.XMLSchema], tmp_path: Path
) -> None:
    kind, name = sample.split("/")
    path = shared("formats", "documents", kind, name)
    xliff = tmp_path / "job.xlf"
    with time_limit(60):
        report = prepare(path, "fr", xliff, version)
        assert errors(schemas[version], xliff) == []
        assert [i for i, _ in segments_of(xliff)] == [s.id for s in report.document.segments]
        fill_targets(xliff, version)
        out = tmp_path / f"fr-{name}"
        merged = merge(xliff, out)
        again = get_filter(kind).extract(out, ExtractOptions())
    assert (merged.translated, merged.untranslated) == (report.segments, 0)
    pseudo_texts = [plain_text(pseudo(s.source)) for s in report.document.segments]
    assert " ".join(plain_text(s.source) for s in again.segments).split() == " ".join(pseudo_texts).split()


def test_a_document_with_nothing_to_translate_is_refused(tmp_path: Path) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_text("\n   \n\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text to translate"):
        prepare(blank, "zh-CN", tmp_path / "blank.xlf")
    assert not (tmp_path / "blank.xlf").exists()


def test_a_unit_a_tool_cut_into_segments_merges_as_one(tmp_path: Path) -> None:
    path = tmp_path / "note.txt"
    path.write_text("Hello world, this is the note.\n", encoding="utf-8")
    xliff = tmp_path / "note.xlf"
    prepare(path, "zh-CN", xliff)
    text = xliff.read_text(encoding="utf-8")
    whole = "<segment>\n        <source>Hello world, this is the note.</source>\n      </segment>"
    assert whole in text
    xliff.write_text(
        text.replace(
            whole,
            '<segment state="final"><source>Hello world,</source><target>你好，世界，</target></segment>'
            "<ignorable><source> </source></ignorable>"
            "<segment><source>this is the note.</source></segment>",
        ),
        encoding="utf-8",
    )
    report = merge(xliff, tmp_path / "out.txt")
    assert (tmp_path / "out.txt").read_text(encoding="utf-8") == "你好，世界， this is the note.\n"
    assert (report.translated, report.untranslated) == (1, 0)


def test_a_chinese_document_translated_into_english(tmp_path: Path) -> None:
    zh = shared("corpora", "unpc-devset-6way", "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    path = tmp_path / "zh.md"
    path.write_text(f"# 报告\n\n{zh[1]}{zh[2]}\n", encoding="utf-8")
    xliff = tmp_path / "zh.xlf"
    report = prepare(path, "en", xliff, source_lang="zh-CN")
    assert [plain_text(s.source) for s in report.document.segments] == ["报告", zh[1], zh[2]]
    job = XliffDocument.load(xliff)
    english = {"b1.s1": "Report", "b2.s1": "First sentence.", "b2.s2": "Second sentence."}
    for segment in list(job.segments()):
        job.set_target(segment, english[segment.unit_id])
    job.save(xliff)
    merge(xliff, tmp_path / "en.md")
    assert (tmp_path / "en.md").read_text(
        encoding="utf-8"
    ) == "# Report\n\nFirst sentence. Second sentence.\n"
