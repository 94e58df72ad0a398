"""HTML filter: the Okapi pages round-trip as parsed trees, pseudo-translations keep structure, bad input is refused."""

from __future__ import annotations

import contextlib
import re
import signal
from collections.abc import Iterator
from html import escape as html_escape
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from memories.documents import get_filter
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

HTML = get_filter("html")
FILES = sorted(p.name for p in (SHARED / "formats/documents/html").glob("*")) if SHARED.is_dir() else []
# The pages the pseudo-translation test runs on: every kind of page, without the three largest (their identity
# round trip above already covers them and pysbd makes them slow).
LARGE = {"ugly_big.htm", "We-The-People-Foundation.htm", "sanitizer.html", "burlington_ufo_center.html"}


@contextlib.contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    """Fail, rather than hang, when a filter loops on a page."""

    def expire(signum: int, frame: object) -> None:
        raise TimeoutError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def parse(data: bytes, encoding: str | None) -> etree._Element:
    text = data.decode(encoding or "utf-8").removeprefix("\ufeff")
    # lxml refuses a str that declares its encoding; the text is decoded already.
    return lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*>", "", text))


def tree_items(root: etree._Element) -> list[tuple[str, dict[str, str], str, str]]:
    """Every node's tag, attributes, text and tail: the lang/dir the merge sets on <html> left out."""
    items = []
    for element in root.iter():
        attrs: dict[str, str] = {str(k): str(v) for k, v in element.attrib.items()}
        if element.tag == "html":
            for name in ("lang", "xml:lang", "dir"):
                attrs.pop(name, None)
        items.append((str(element.tag), attrs, element.text or "", element.tail or ""))
    return items


def segments(document: Document) -> dict[str, Content]:
    return {s.id: s.source for s in document.segments}


def pseudo(content: Content) -> Content:
    """Each letter accented (case, punctuation and spaces kept, so sentence ends stay where they were)."""
    table = str.maketrans("aeiouAEIOUcnyCNY", "áéíóúÁÉÍÓÚçñýÇÑÝ")
    return tuple(p.translate(table) if isinstance(p, str) else p for p in content)


def codes(document: Document) -> list[list[tuple[CodeKind, str]]]:
    return [
        [(p.kind, p.type) for s in b.segments for p in s.source if isinstance(p, Code)]
        for b in document.blocks
    ]


@pytest.mark.slow  # ugly_big.htm alone takes about 20 s: pysbd splits its 3,000 blocks twice
@pytest.mark.parametrize("name", FILES)
def test_identity_round_trip_gives_the_same_tree(name: str, tmp_path: Path) -> None:
    path = shared("formats", "documents", "html", name)
    out = tmp_path / name
    with time_limit(120):
        document = HTML.extract(path, ExtractOptions(source_lang="en"))
        report = HTML.merge(path, segments(document), out, MergeOptions(target_lang="en", source_lang="en"))
    assert report.translated == len(document.segments)
    assert report.untranslated == 0
    assert tree_items(parse(out.read_bytes(), document.encoding)) == tree_items(
        parse(path.read_bytes(), document.encoding)
    )


@pytest.mark.parametrize("name", [n for n in FILES if n not in LARGE])
def test_pseudo_translation_keeps_blocks_and_codes(name: str, tmp_path: Path) -> None:
    path = shared("formats", "documents", "html", name)
    out = tmp_path / name
    with time_limit(120):
        document = HTML.extract(path, ExtractOptions())
        translations = {sid: pseudo(content) for sid, content in segments(document).items()}
        HTML.merge(path, translations, out, MergeOptions(target_lang="fr"))
        again = HTML.extract(out, ExtractOptions())
    assert [b.kind for b in again.blocks] == [b.kind for b in document.blocks]
    assert codes(again) == codes(document)
    for before, after in zip(document.blocks, again.blocks, strict=True):
        # Sentence ends may move (pysbd knows "e.g." but not "é.g."): compare the block's text, spaces aside.
        expected = "".join(plain_text(pseudo(s.source)) for s in before.segments)
        assert "".join("".join(plain_text(s.source) for s in after.segments).split()) == "".join(
            expected.split()
        )
    # The same elements in the same order: only text changed.
    assert [e.tag for e in parse(out.read_bytes(), document.encoding).iter()] == [
        e.tag for e in parse(path.read_bytes(), document.encoding).iter()
    ]


def write(tmp_path: Path, text: str, name: str = "page.html", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_blocks_inline_codes_and_what_is_not_translated(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        "<!DOCTYPE html><html><head><title>Joint statement</title><style>p{color:red}</style>"
        "<script>var x = 'Not text.';</script></head><body>"
        "<h2>Talks in Jakarta</h2>"
        '<p>State Councilor <b>Qin Gang</b> met <a href="https://asean.org">ASEAN</a> Secretary-General '
        '<i>Kao Kim Hourn</i>.<br>Both sides <span translate="no">ASEAN-China</span> agreed. '
        "Run <code>ls -l</code> now."
        '<img src="a.png" alt="The two ministers"></p>'
        "<pre>Not translated either.</pre>"
        '<p translate="no">Nor this.</p>'
        '<ul><li>First item</li><li>Second <em>item</em></li></ul><table><tr><td title="A cell">Cell text</td></tr>'
        '</table><input type="text" placeholder="Your name"></body></html>',
    )
    document = HTML.extract(path, ExtractOptions())
    kinds = [
        (b.kind.value, plain_text(tuple(p for s in b.segments for p in s.source))) for b in document.blocks
    ]
    assert kinds == [
        ("title", "Joint statement"),
        ("heading", "Talks in Jakarta"),
        (
            "paragraph",
            "State Councilor Qin Gang met ASEAN Secretary-General Kao Kim Hourn.Both sides  agreed.Run  now.",
        ),
        ("attribute", "The two ministers"),
        ("list-item", "First item"),
        ("list-item", "Second item"),
        ("attribute", "A cell"),
        ("table-cell", "Cell text"),
        ("attribute", "Your name"),
    ]
    paragraph = document.blocks[2]
    first = paragraph.segments[0].source
    assert [(p.kind, p.type) for p in first if isinstance(p, Code)] == [
        (CodeKind.OPEN, "bold"),
        (CodeKind.CLOSE, "bold"),
        (CodeKind.OPEN, "link"),
        (CodeKind.CLOSE, "link"),
        (CodeKind.OPEN, "italic"),
        (CodeKind.CLOSE, "italic"),
        (CodeKind.STANDALONE, "break"),  # the <br> after the full stop goes with its sentence
    ]
    link = next(p for p in first if isinstance(p, Code) and p.type == "link")
    assert link.display == "https://asean.org"
    last = paragraph.segments[-1].source
    assert any(isinstance(p, Code) and p.type == "code" and p.data == "<code>ls -l</code>" for p in last)
    assert document.blocks[4].level == 1


def test_merge_writes_translations_and_sets_lang_and_dir(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<html lang="en"><head><title>Press release</title></head><body><p>Hello <b>world</b>.'
        '<img alt="A photo" src="x.png"></p></body></html>',
    )
    document = HTML.extract(path, ExtractOptions())
    by_text = {plain_text(s.source): s for s in document.segments}
    hello = by_text["Hello world."]
    bold_open, bold_close = (p for p in hello.source if isinstance(p, Code))
    translations: dict[str, Content] = {
        by_text["Press release"].id: ("新闻稿",),
        hello.id: ("你好", bold_open, "世界 & <人>", bold_close, "。"),
        by_text["A photo"].id: ('一张"照片"',),
    }
    out = tmp_path / "zh.html"
    report = HTML.merge(path, translations, out, MergeOptions(target_lang="zh-CN"))
    assert report.translated == 3 and report.untranslated == 0
    text = out.read_text("utf-8")
    assert text == (
        '<html lang="zh-CN"><head><title>新闻稿</title></head><body><p>你好<b>世界 &amp; &lt;人&gt;</b>。'
        '<img alt="一张&quot;照片&quot;" src="x.png"></p></body></html>'
    )
    arabic = tmp_path / "ar.html"
    HTML.merge(path, {}, arabic, MergeOptions(target_lang="ar"))
    root = parse(arabic.read_bytes(), "utf-8")
    assert (root.get("lang"), root.get("dir")) == ("ar", "rtl")
    assert "Hello <b>world</b>." in arabic.read_text("utf-8")


def test_chinese_into_a_latin1_page_is_written_as_character_references(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<html><head><meta charset="iso-8859-1"></head><body><p>Café crème</p></body></html>',
        encoding="latin-1",
    )
    document = HTML.extract(path, ExtractOptions())
    assert document.encoding == "windows-1252"
    assert plain_text(document.segments[0].source) == "Café crème"
    out = tmp_path / "out.html"
    HTML.merge(path, {document.segments[0].id: ("咖啡",)}, out, MergeOptions(target_lang="zh-CN"))
    assert b"&#21654;&#21857;" in out.read_bytes()
    assert parse(out.read_bytes(), "windows-1252").findtext(".//p") == "咖啡"


def test_bom_and_xml_declaration_decide_the_encoding(tmp_path: Path) -> None:
    utf16 = tmp_path / "utf16.html"
    utf16.write_bytes(b"\xff\xfe" + "<html><body><p>Übersetzung</p></body></html>".encode("utf-16-le"))
    document = HTML.extract(utf16, ExtractOptions())
    assert (document.encoding, plain_text(document.segments[0].source)) == ("utf-16-le", "Übersetzung")
    out = tmp_path / "out.html"
    HTML.merge(utf16, segments(document), out, MergeOptions(target_lang="de"))
    assert out.read_bytes().startswith(b"\xff\xfe")
    xml = write(
        tmp_path,
        '<?xml version="1.0" encoding="iso-8859-15"?><html><body><p>Prix en €</p></body></html>',
        name="xml.xhtml",
        encoding="iso-8859-15",
    )
    assert plain_text(HTML.extract(xml, ExtractOptions()).segments[0].source) == "Prix en €"


def test_a_declared_encoding_the_bytes_contradict_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "liar.html"
    path.write_bytes(
        '<html><head><meta charset="utf-8"></head><body><p>Café</p></body></html>'.encode("latin-1")
    )
    with pytest.raises(InputError) as caught:
        HTML.extract(path, ExtractOptions())
    message = str(caught.value)
    assert message.startswith(f"{path}:1: the bytes are not utf-8 as its meta tag declares")
    assert "\n" not in message
    out = tmp_path / "out.html"
    with pytest.raises(InputError):
        HTML.merge(path, {}, out, MergeOptions())
    assert not out.exists()
    # Told the right encoding, the same file reads.
    assert plain_text(HTML.extract(path, ExtractOptions(encoding="latin-1")).segments[0].source) == "Café"


def test_an_unknown_declared_encoding_is_refused(tmp_path: Path) -> None:
    path = write(tmp_path, '<html><head><meta charset="klingon-8"></head><body><p>Qapla</p></body></html>')
    with pytest.raises(InputError, match="unknown encoding 'klingon-8'"):
        HTML.extract(path, ExtractOptions())


def test_broken_markup_keeps_every_byte_outside_translated_text(tmp_path: Path) -> None:
    page = "<HTML><body><p>Unclosed <b>bold <i>and italic</b> text<p>Next <table><td>cell</tr></p><!-- x --></html>"
    path = write(tmp_path, page)
    document = HTML.extract(path, ExtractOptions())
    assert [plain_text(s.source) for s in document.segments] == [
        "Unclosed bold and italic text",
        "Next",
        "cell",
    ]
    out = tmp_path / "out.html"
    HTML.merge(path, {s.id: pseudo(s.source) for s in document.segments}, out, MergeOptions(target_lang="es"))

    def accent(text: str) -> str:
        return plain_text(pseudo((text,)))

    expected = page.replace("<HTML>", '<HTML lang="es">')
    for words in ("Unclosed ", "bold ", "and italic", " text", "Next", "cell"):
        expected = expected.replace(words, accent(words))
    assert out.read_text("utf-8") == expected


def press_release_html(path: Path) -> list[str]:
    """The seed press release as a web page: title, heading, bold names, a link, a numbered list."""
    text = shared("seeds", "2023-03-27-qin-gang-meets-asean-secretary-general.en.txt").read_text("utf-8")
    paragraphs = [line.strip() for line in text.splitlines() if line.strip()]

    def body(paragraph: str) -> str:
        escaped = html_escape(paragraph, quote=False)
        for name in ("Qin Gang", "Kao Kim Hourn"):
            escaped = escaped.replace(name, f"<b>{name}</b>")
        return escaped

    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html_escape(paragraphs[2])}</title>\n</head>\n<body>\n"
        f"<h1>{html_escape(paragraphs[0])}</h1>\n"
        + "".join(f"<p>{body(p)}</p>\n" for p in paragraphs[1:])
        + '<p>Source: <a href="https://www.mfa.gov.cn/eng/">Ministry of Foreign Affairs</a>.</p>\n'
        "<ol>\n<li>Political and security cooperation.</li>\n<li>Economic cooperation.</li>\n</ol>\n"
        "</body>\n</html>\n"
    )
    path.write_text(page, encoding="utf-8")
    return paragraphs


def test_the_press_release_page_extracts_as_sentences(tmp_path: Path) -> None:
    path = tmp_path / "press.html"
    paragraphs = press_release_html(path)
    document = HTML.extract(path, ExtractOptions())
    assert [b.kind.value for b in document.blocks][:2] == ["title", "heading"]
    texts = [plain_text(s.source) for s in document.segments]
    assert "".join(texts).replace(" ", "").startswith((paragraphs[2] + "".join(paragraphs)).replace(" ", ""))
    assert any(isinstance(p, Code) and p.type == "bold" for s in document.segments for p in s.source)


def test_prepare_pretranslate_and_merge_the_press_release_page_into_chinese(tmp_path: Path) -> None:
    path = tmp_path / "press.html"
    press_release_html(path)
    sentences = [plain_text(s.source) for s in HTML.extract(path, ExtractOptions()).segments]
    chinese = {s: f"新闻稿第{n}句的中文译文。" for n, s in enumerate(dict.fromkeys(sentences), start=1)}
    (tmp_path / "tm.en").write_text("\n".join(chinese) + "\n", encoding="utf-8")
    (tmp_path / "tm.zh").write_text("\n".join(chinese.values()) + "\n", encoding="utf-8")
    ws = tmp_path / "ws.glossary"
    glossary(ws, "import", "--parallel", tmp_path / "tm.en", tmp_path / "tm.zh", check=True)
    xliff = tmp_path / "press.xlf"
    prepared = glossary(ws, "prepare", path, "--target", "zh-CN", "--pretranslate", "-o", xliff, check=True)
    assert prepared.stdout.strip().endswith(f"pre-translated by score: 100: {len(sentences)}")
    out = tmp_path / "press.zh.html"
    merged = glossary(ws, "merge", xliff, "-o", out, check=True)
    assert f"{len(sentences)} segments translated, 0 untranslated" in merged.stdout
    before, after = parse(path.read_bytes(), "utf-8"), parse(out.read_bytes(), "utf-8")
    assert after.get("lang") == "zh-CN"
    assert [e.tag for e in after.iter() if e.tag not in ("b", "a")] == [
        e.tag for e in before.iter() if e.tag not in ("b", "a")
    ]
    text = out.read_text("utf-8")
    assert all(zh in text for zh in chinese.values())
    assert not any(english in text for english in chinese if len(english) > 20)


def test_merge_into_another_encoding_rewrites_the_declaration(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1"></head>'
        "<body><p>Café</p></body></html>",
        encoding="latin-1",
    )
    document = HTML.extract(path, ExtractOptions())
    out = tmp_path / "out.html"
    HTML.merge(
        path, {document.segments[0].id: ("咖啡馆",)}, out, MergeOptions(target_lang="zh-CN", encoding="utf-8")
    )
    assert out.read_text("utf-8") == (
        '<html lang="zh-CN"><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head>'
        "<body><p>咖啡馆</p></body></html>"
    )
    again = HTML.extract(out, ExtractOptions())
    assert (again.encoding, plain_text(again.segments[0].source)) == ("utf-8", "咖啡馆")


def test_an_unquoted_attribute_gets_quotes_when_translated(tmp_path: Path) -> None:
    path = write(tmp_path, "<html><body><p>Photo <img src=a.png alt=Minister></p></body></html>")
    document = HTML.extract(path, ExtractOptions())
    alt = next(b for b in document.blocks if b.kind.value == "attribute")
    out = tmp_path / "out.html"
    HTML.merge(path, {alt.segments[0].id: ('The "new" minister',)}, out, MergeOptions(target_lang="en"))
    image = parse(out.read_bytes(), "utf-8").find(".//img")
    assert image is not None and image.get("alt") == 'The "new" minister'
