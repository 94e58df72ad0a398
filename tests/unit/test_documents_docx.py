"""DOCX filter: the Okapi Word files round-trip part by part, pseudo-translations keep runs' formatting, bad input is
refused with one line, and a press release built with python-docx comes out as sentences."""

from __future__ import annotations

import contextlib
import io
import signal
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from lxml import etree

from memories.documents import get_filter
from memories.documents.docx import FILTER as DOCX_FILTER
from memories.documents.model import (
    Code,
    CodeKind,
    Content,
    Document,
    ExtractOptions,
    MergeOptions,
    plain_text,
)
from memories.errors import InputError
from tests.cli.test_import_cli import glossary
from tests.conftest import SHARED, shared

DOCX = get_filter("docx")
FILES = sorted(p.name for p in (SHARED / "formats/documents/docx").glob("*.docx")) if SHARED.is_dir() else []
TEXT_PARTS = ("word/document.xml", "word/header", "word/footer", "word/footnotes.xml", "word/endnotes.xml")


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when a filter loops on a document (the Okapi set has a ``Hangs.docx``)."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def entries(path: Path) -> list[tuple[str, int, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(i.filename, i.compress_type, archive.read(i)) for i in archive.infolist()]


def c14n(data: bytes) -> bytes:
    return etree.tostring(etree.fromstring(data), method="c14n")


def segments(document: Document) -> dict[str, Content]:
    return {s.id: s.source for s in document.segments}


def pseudo(content: Content) -> Content:
    """Each vowel accented (case, punctuation and spaces kept, so sentences end where they did)."""
    table = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
    return tuple(p.translate(table) if isinstance(p, str) else p for p in content)


def shape(document: Document) -> list[tuple[str, str, list[tuple[CodeKind, str, str]]]]:
    """Each block's id, kind and codes (with their native data): what a translation must not change."""
    return [
        (
            b.id,
            b.kind.value,
            # An image's XML holds its alt text, which is translated as a block of its own.
            [
                (p.kind, p.type, "" if p.type == "image" else p.data)
                for s in b.segments
                for p in s.source
                if isinstance(p, Code)
            ],
        )
        for b in document.blocks
    ]


@pytest.mark.parametrize("name", FILES)
def test_identity_round_trip_keeps_every_part(name: str, tmp_path: Path) -> None:
    path = shared("formats", "documents", "docx", name)
    out = tmp_path / name
    with time_limit(60):
        document = DOCX.extract(path, ExtractOptions())
        report = DOCX.merge(path, segments(document), out, MergeOptions(target_lang="en"))
    assert (report.translated, report.untranslated) == (len(document.segments), 0)
    before, after = entries(path), entries(out)
    assert [(n, c) for n, c, _ in after] == [(n, c) for n, c, _ in before]  # same entries, order, compression
    for (name_, _, old), (_, _, new) in zip(before, after, strict=True):
        if name_.startswith(TEXT_PARTS):
            assert c14n(new) == c14n(old), name_
        else:
            assert new == old, name_


@pytest.mark.parametrize("name", FILES)
def test_rebuilding_every_paragraph_gives_the_same_segments(name: str, tmp_path: Path) -> None:
    """The merge rewrites a translated paragraph from its codes: rewritten unchanged, it extracts the same."""
    path = shared("formats", "documents", "docx", name)
    out = tmp_path / name
    with time_limit(60):
        document = DOCX.extract(path, ExtractOptions())
        DOCX_FILTER._merge(path, segments(document), out, MergeOptions(target_lang="en"), rebuild_all=True)
        again = DOCX.extract(out, ExtractOptions())
    assert [(b.id, b.kind, b.segments) for b in again.blocks] == [
        (b.id, b.kind, b.segments) for b in document.blocks
    ]


KEPT = ("ins", "del", "hyperlink", "fldSimple", "fldChar", "bookmarkStart", "bookmarkEnd", "footnoteReference",
        "endnoteReference", "drawing", "tab", "br", "sdt", "commentReference", "tbl", "tc", "p")  # fmt: skip


def kept_markup(path: Path) -> dict[str, object]:
    """Per text part: how many of each structural element, and the field codes and deleted text in order."""
    found: dict[str, object] = {}
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as archive:
        for name in archive.namelist():
            if not name.startswith(TEXT_PARTS):
                continue
            root = etree.fromstring(archive.read(name))
            found[name] = (
                {tag: len(list(root.iter(w + tag))) for tag in KEPT},
                [e.text for e in root.iter(w + "instrText")],
                [e.text for e in root.iter(w + "delText")],
            )
    return found


def languages_removed(path: Path, out: Path) -> Path:
    """The package with every w:lang (and every empty w:rPr) taken out of its text parts: the merge names the
    target language on the runs it writes, which is not formatting and would change the codes' data."""
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    with zipfile.ZipFile(path) as archive, zipfile.ZipFile(out, "w") as written:
        for info in archive.infolist():
            data = archive.read(info)
            if info.filename.startswith(TEXT_PARTS):
                root = etree.fromstring(data)
                for element in list(root.iter(w + "lang")):
                    properties = element.getparent()
                    assert properties is not None
                    properties.remove(element)
                # An empty w:rPr says nothing either (a source may have one; a run that had none gets one).
                for properties in list(root.iter(w + "rPr")):
                    run = properties.getparent()
                    if len(properties) == 0 and not properties.attrib and run is not None:
                        run.remove(properties)
                data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
            written.writestr(info, data)
    return out


def bold_text(paragraph: Paragraph) -> str:
    return "".join(run.text for run in paragraph.runs if run.bold)


@pytest.mark.parametrize("name", FILES)
def test_pseudo_translation_keeps_structure_and_formatting(name: str, tmp_path: Path) -> None:
    path = shared("formats", "documents", "docx", name)
    out = tmp_path / name
    with time_limit(60):
        document = DOCX.extract(path, ExtractOptions())
        translations = {sid: pseudo(content) for sid, content in segments(document).items()}
        DOCX.merge(path, translations, out, MergeOptions(target_lang="fr"))
        again = DOCX.extract(out, ExtractOptions())
        bare_source = DOCX.extract(languages_removed(path, tmp_path / "source.docx"), ExtractOptions())
        bare_out = DOCX.extract(languages_removed(out, tmp_path / "out.docx"), ExtractOptions())
    assert shape(bare_out) == shape(bare_source)
    assert [b.id for b in again.blocks] == [b.id for b in document.blocks]
    for before, after in zip(document.blocks, again.blocks, strict=True):
        # Sentence ends may move ("A. C." splits where "Á. C." does not): compare the block's text, spaces aside.
        expected = "".join(plain_text(pseudo(s.source)) for s in before.segments)
        assert "".join(plain_text(s.source) for s in after.segments).replace(" ", "") == expected.replace(
            " ", ""
        )
    assert kept_markup(out) == kept_markup(path)
    try:
        source = docx.Document(str(path))
    except (
        Exception
    ) as error:  # python-docx cannot open every file Word can (no styles part, odd content types)
        print(f"python-docx cannot open {name}: {error}: the structure check above stands alone")
        return
    translated = docx.Document(str(out))
    assert len(translated.paragraphs) == len(source.paragraphs)
    assert len(translated.tables) == len(source.tables)
    table = str.maketrans("aeiouAEIOU", "áéíóúÁÉÍÓÚ")
    for old, new in zip(source.paragraphs, translated.paragraphs, strict=True):
        if old.text.strip():
            assert bold_text(new).replace(" ", "") == bold_text(old).translate(table).replace(" ", "")


# --- bad input: one line, InputError, nothing written -------------------------------------------------------


def refused(path: Path, tmp_path: Path) -> str:
    out = tmp_path / "out.docx"
    with pytest.raises(InputError) as caught:
        DOCX.extract(path, ExtractOptions())
    with pytest.raises(InputError):
        DOCX.merge(path, {}, out, MergeOptions())
    assert not out.exists()
    assert list(tmp_path.glob(".out.docx*")) == []
    message = str(caught.value)
    assert "\n" not in message and message.startswith(str(path))
    return message


def test_an_encrypted_docx_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "secret.docx"
    # What Word writes for a password-protected document: an OLE compound file holding the encrypted package.
    path.write_bytes(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00"
    )
    assert "OLE compound file" in refused(path, tmp_path)


def test_a_corrupt_zip_is_refused(tmp_path: Path) -> None:
    data = shared("formats", "documents", "docx", "BoldWorld.docx").read_bytes()
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(data[: len(data) // 2])
    assert "corrupt zip" in refused(truncated, tmp_path)
    # Flip bytes inside the compressed document.xml: the CRC (or inflate) catches it.
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    damaged = bytearray(data)
    for i in range(start, start + 40):
        damaged[i] ^= 0x5A
    broken = tmp_path / "damaged.docx"
    broken.write_bytes(bytes(damaged))
    assert "corrupt zip" in refused(broken, tmp_path)
    text = tmp_path / "text.docx"
    text.write_text("not a zip at all")
    assert "not a zip package" in refused(text, tmp_path)


def test_a_zip_bomb_is_refused_before_it_expands(tmp_path: Path) -> None:
    source = shared("formats", "documents", "docx", "BoldWorld.docx")
    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, original.read(info))
        with out.open("word/media/padding.bin", "w") as stream:  # 32 MB of zeros deflate to about 32 KB
            chunk = bytes(16 * 1024 * 1024)
            for _ in range(2):
                stream.write(chunk)
    assert bomb.stat().st_size < 100_000
    assert "zip bomb" in refused(bomb, tmp_path)


def test_a_zip_entry_that_lies_about_its_size_is_refused(tmp_path: Path) -> None:
    source = shared("formats", "documents", "docx", "BoldWorld.docx")
    liar = tmp_path / "liar.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(liar, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            out.writestr(info, original.read(info))
    data = bytearray(liar.read_bytes())
    # Shrink the declared size in the central directory (the last mention of the name; the XML is deflated):
    # reading must stop at what the entry declares and notice the rest.
    central = data.rfind(b"word/document.xml") - 46
    assert data[central : central + 4] == b"PK\x01\x02"
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    liar.write_bytes(bytes(data))
    refused(liar, tmp_path)


@pytest.mark.parametrize(
    "prolog",
    [
        '<!DOCTYPE w:document [<!ENTITY lol "lol">]>',
        '<!DOCTYPE w:document SYSTEM "file:///etc/passwd">',
    ],
)
def test_an_xml_part_with_a_doctype_or_entities_is_refused_unexpanded(prolog: str, tmp_path: Path) -> None:
    source = shared("formats", "documents", "docx", "BoldWorld.docx")
    path = tmp_path / "dtd.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"?>", b"?>" + prolog.encode(), 1).replace(b"bold", b"&lol;")
            out.writestr(info, data)
    message = refused(path, tmp_path)
    assert "word/document.xml" in message and "DOCTYPE" in message


def test_a_part_that_is_not_well_formed_is_refused(tmp_path: Path) -> None:
    source = shared("formats", "documents", "docx", "BoldWorld.docx")
    path = tmp_path / "broken.docx"
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as out:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"")
            out.writestr(info, data)
    message = refused(path, tmp_path)
    assert message.startswith(f"{path}: word/document.xml:2: not well-formed XML"), message


# --- what the filter extracts ---------------------------------------------------------------------------------


def test_runs_split_by_word_are_one_segment_with_formatting_as_codes() -> None:
    document = DOCX.extract(shared("formats", "documents", "docx", "BoldWorld.docx"), ExtractOptions())
    (segment,) = document.segments
    assert [p if isinstance(p, str) else (p.kind, p.type) for p in segment.source] == [
        "Hello ",
        (CodeKind.OPEN, "bold"),
        "bold",
        (CodeKind.CLOSE, "bold"),
        " world.",
    ]
    bold = segment.source[1]
    assert isinstance(bold, Code) and "<w:b/>" in bold.data


def test_fields_tabs_hyperlinks_and_footnotes_are_codes() -> None:
    docs = {
        name: DOCX.extract(shared("formats", "documents", "docx", name), ExtractOptions())
        for name in ("ComplexTextfield.docx", "Document-with-tabs.docx", "hyperlink.docx", "docxtest.docx")
    }
    types = {
        name: {p.type for s in d.segments for p in s.source if isinstance(p, Code)}
        for name, d in docs.items()
    }
    assert "field" in types["ComplexTextfield.docx"]
    assert all("instrText" not in plain_text(s.source) for s in docs["ComplexTextfield.docx"].segments)
    assert "tab" in types["Document-with-tabs.docx"]
    assert "link" in types["hyperlink.docx"]
    assert {b.kind.value for b in docs["docxtest.docx"].blocks} >= {"paragraph"}


def test_hidden_text_and_comments_only_when_asked() -> None:
    hidden = shared("formats", "documents", "docx", "HiddenExcluded.docx")
    default = " ".join(plain_text(s.source) for s in DOCX.extract(hidden, ExtractOptions()).segments)
    asked = " ".join(
        plain_text(s.source) for s in DOCX.extract(hidden, ExtractOptions(translate_hidden=True)).segments
    )
    assert len(asked) > len(default)
    comments = shared("formats", "documents", "docx", "Addcomments.docx")
    plain = DOCX.extract(comments, ExtractOptions())
    with_comments = DOCX.extract(comments, ExtractOptions(translate_comments=True))
    assert not any(b.id.startswith("comments.") for b in plain.blocks)
    assert any(b.id.startswith("comments.") for b in with_comments.blocks)


# --- the seed press release as a Word document ---------------------------------------------------------------


def add_hyperlink(paragraph: Paragraph, url: str, text: str) -> None:
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    properties.append(style)
    run.append(properties)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def seed_paragraphs() -> list[str]:
    text = shared("seeds", "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt").read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip()]


def build_press_release(path: Path) -> list[str]:
    """The seed press release in Word: title as Heading 1, the names in bold, a hyperlink, a numbered list."""
    paragraphs = seed_paragraphs()
    document = docx.Document()
    if "Hyperlink" not in [s.name for s in document.styles]:
        document.styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    document.add_heading(paragraphs[0], level=1)
    names = ("Qin Gang", "Kao Kim Hourn")
    for text in paragraphs[1:]:
        paragraph = document.add_paragraph()
        rest = text
        while rest:
            hits = [(rest.find(n), n) for n in names if n in rest]
            if not hits:
                paragraph.add_run(rest)
                break
            at, name = min(hits)
            paragraph.add_run(rest[:at])
            paragraph.add_run(name).bold = True
            rest = rest[at + len(name) :]
    source = document.add_paragraph("Source: ")
    add_hyperlink(source, "https://www.mfa.gov.cn/eng/", "Ministry of Foreign Affairs")
    source.add_run(".")
    for item in (
        "Political and security cooperation.",
        "Economic cooperation.",
        "People-to-people exchanges.",
    ):
        document.add_paragraph(item, style="List Number")
    document.save(str(path))
    return paragraphs


def test_the_press_release_extracts_as_sentences(tmp_path: Path) -> None:
    path = tmp_path / "press-release.docx"
    paragraphs = build_press_release(path)
    document = DOCX.extract(path, ExtractOptions())
    kinds = [b.kind.value for b in document.blocks]
    assert kinds[0] == "heading" and document.blocks[0].level == 1
    assert kinds[-3:] == ["list-item"] * 3
    texts = [plain_text(s.source) for s in document.segments]
    assert texts[0] == paragraphs[0]
    # Every sentence of the body is a segment of its own, bold names and all.
    body = " ".join(paragraphs[1:])
    assert "".join(t.replace(" ", "") for t in texts[1 : 1 + len(texts) - 5]) == body.replace(" ", "")
    assert any(isinstance(p, Code) and p.type == "bold" for s in document.segments for p in s.source), (
        "the bold names are codes"
    )
    link_segment = next(s for s in document.segments if plain_text(s.source).startswith("Source:"))
    assert [(p.kind, p.type) for p in link_segment.source if isinstance(p, Code)][:1] == [
        (CodeKind.OPEN, "link")
    ]


def test_the_press_release_merges_into_chinese_with_the_same_structure(tmp_path: Path) -> None:
    path = tmp_path / "press-release.docx"
    build_press_release(path)
    document = DOCX.extract(path, ExtractOptions())
    translations = {
        s.id: tuple(f"〔译{i}〕" if isinstance(p, str) and p.strip() else p for p in s.source)
        for i, s in enumerate(document.segments)
    }
    out = tmp_path / "press-release.zh.docx"
    report = DOCX.merge(path, translations, out, MergeOptions(target_lang="zh-CN"))
    assert report.untranslated == 0
    source, translated = docx.Document(str(path)), docx.Document(str(out))

    def styles(document: docx.document.Document) -> list[str]:
        return [p.style.name if p.style is not None else "" for p in document.paragraphs]

    assert styles(translated) == styles(source)
    assert translated.paragraphs[0].text == "〔译0〕"
    assert [bool(r.bold) for r in translated.paragraphs[1].runs if r.text] == [
        bool(r.bold) for r in source.paragraphs[1].runs if r.text
    ]
    assert translated.paragraphs[-4]._p.xpath("./w:hyperlink/w:r/w:t/text()") != []


@pytest.mark.parametrize(
    ("target", "attribute"),
    [("zh-CN", "w:eastAsia"), ("ja", "w:eastAsia"), ("ar", "w:bidi"), ("fr", "w:val")],
)
def test_translated_runs_name_the_target_language(target: str, attribute: str, tmp_path: Path) -> None:
    path = tmp_path / "press-release.docx"
    build_press_release(path)
    document = DOCX.extract(path, ExtractOptions())
    # The first paragraph of several sentences keeps its first one untranslated; blocks are the body's paragraphs.
    index = next(i for i, b in enumerate(document.blocks) if len(b.segments) > 1)
    body = document.blocks[index]
    kept = body.segments[0].id  # one sentence of the first body paragraph left untranslated
    translations = {
        s.id: tuple(f"〔{target}{i}〕" if isinstance(p, str) and p.strip() else p for p in s.source)
        for i, s in enumerate(document.segments)
        if s.id != kept
    }
    out = tmp_path / f"press-release.{target}.docx"
    DOCX.merge(path, translations, out, MergeOptions(target_lang=target))
    translated = docx.Document(str(out))

    def languages(paragraph: Paragraph) -> list[str | None]:
        found = []
        for run in paragraph.runs:
            if run.text:
                rpr = run._r.rPr
                lang = rpr.find(qn("w:lang")) if rpr is not None else None
                found.append(lang.get(qn(attribute)) if lang is not None else None)
        return found

    assert len(translated.paragraphs) == len(document.blocks)
    for number, paragraph in enumerate(translated.paragraphs):
        if number == index:
            # A paragraph that keeps a source sentence is in two languages: its runs do not claim the target's.
            assert plain_text(body.segments[0].source) in paragraph.text
            assert set(languages(paragraph)) == {None}
        else:
            assert paragraph.text.startswith("〔") and set(languages(paragraph)) == {target}, number
    assert any(run.bold for p in translated.paragraphs for run in p.runs), "bold runs carry the language too"


def test_prepare_pretranslate_and_merge_the_press_release_into_chinese(tmp_path: Path) -> None:
    """The acceptance: a memory holding the release's sentences with Chinese gives 100 % exact matches for the
    Word file, and the merge writes a Chinese Word file with the same paragraphs, styles and list."""
    path = tmp_path / "press-release.docx"
    build_press_release(path)
    sentences = [plain_text(s.source) for s in DOCX.extract(path, ExtractOptions()).segments]
    chinese = {s: f"新闻稿第{n}句的中文译文。" for n, s in enumerate(sentences, start=1)}
    (tmp_path / "tm.en").write_text("\n".join(chinese) + "\n", encoding="utf-8")
    (tmp_path / "tm.zh").write_text("\n".join(chinese.values()) + "\n", encoding="utf-8")
    ws = tmp_path / "ws.glossary"
    glossary(ws, "import", "--parallel", tmp_path / "tm.en", tmp_path / "tm.zh", check=True)
    xliff = tmp_path / "press.xlf"
    prepared = glossary(ws, "prepare", path, "--target", "zh-CN", "--pretranslate", "-o", xliff, check=True)
    assert prepared.stdout.strip().endswith(f"pre-translated by score: 100: {len(sentences)}")
    out = tmp_path / "press-release.zh.docx"
    merged = glossary(ws, "merge", xliff, "-o", out, check=True)
    assert f"{len(sentences)} segments translated, 0 untranslated" in merged.stdout
    source, translated = docx.Document(str(path)), docx.Document(str(out))
    assert [p.style.name for p in translated.paragraphs if p.style] == [
        p.style.name for p in source.paragraphs if p.style
    ]
    text = "\n".join(p.text for p in translated.paragraphs)
    assert all(zh in text for zh in chinese.values())
    assert not any(english in text for english in chinese if len(english) > 20)
    assert translated.paragraphs[0].style.name == "Heading 1"  # type: ignore[union-attr]


def test_alt_text_is_translated_and_file_names_are_not(tmp_path: Path) -> None:
    path = shared("formats", "documents", "docx", "simple_chart.docx")
    document = DOCX.extract(path, ExtractOptions())
    (title,) = [b for b in document.blocks if b.kind.value == "attribute"]
    assert plain_text(title.segments[0].source) == "This is the title of the chart."
    out = tmp_path / "chart.docx"
    DOCX.merge(path, {title.segments[0].id: ("图表标题。",)}, out, MergeOptions(target_lang="zh-CN"))
    assert [plain_text(b.segments[0].source) for b in DOCX.extract(out, ExtractOptions()).blocks] == [
        "图表标题。"
    ]
    picture = DOCX.extract(shared("formats", "documents", "docx", "picture.docx"), ExtractOptions())
    assert all(b.kind.value != "attribute" for b in picture.blocks)  # its descr is "Okapi2.jpg"


@pytest.mark.parametrize(
    ("name", "options"),
    [
        ("Addcomments.docx", ExtractOptions(translate_comments=True)),
        ("HiddenExcluded.docx", ExtractOptions(translate_hidden=True)),
    ],
)
def test_comments_and_hidden_text_merge_when_they_were_extracted(
    name: str, options: ExtractOptions, tmp_path: Path
) -> None:
    path = shared("formats", "documents", "docx", name)
    document = DOCX.extract(path, options)
    out = tmp_path / name
    # MergeOptions says how the original was extracted (glossary merge reads it from the XLIFF).
    merge_options = MergeOptions(
        "fr", translate_comments=options.translate_comments, translate_hidden=options.translate_hidden
    )
    report = DOCX.merge(path, {s.id: pseudo(s.source) for s in document.segments}, out, merge_options)
    assert (report.translated, report.untranslated) == (len(document.segments), 0)
    again = DOCX.extract(out, options)
    assert [plain_text(s.source) for s in again.segments] == [
        plain_text(pseudo(s.source)) for s in document.segments
    ]
