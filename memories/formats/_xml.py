"""Safe XML input shared by the XML formats (TMX, XLIFF): nothing resolved, loaded or fetched, and every
problem an ``InputError`` at a line."""

from __future__ import annotations

import codecs
import re
import zlib
from pathlib import Path
from typing import IO

from lxml import etree

from memories.errors import InputError
from memories.model import Repairs

__all__ = [
    "PARSER_OPTIONS", "READ_ERRORS", "Stream", "check_doctype", "check_prolog", "entities_error", "limit_error",
    "line_of", "read_error", "syntax_error", "url_error",
]  # fmt: skip

READ_ERRORS = (etree.LxmlError, OSError, EOFError, zlib.error, ValueError, LookupError)

# How much of the file is looked at before parsing for a DOCTYPE that declares entities or names a URL.
_PROLOG_BYTES = 64 * 1024
_CHUNK = 8 * 1024
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_ELEMENT_START = re.compile(r"<[A-Za-z_:]")
_LITERAL = r"(\"[^\"]*\"|'[^']*')"
_DOCTYPE = re.compile(
    rf"<!DOCTYPE\s+[^\s\[>]+(?:\s+(?:SYSTEM\s+{_LITERAL}|PUBLIC\s+{_LITERAL}(?:\s+{_LITERAL})?))?"
)
# A scheme of two letters or more: ``C:\tmx14.dtd`` is a Windows path, not a URL.
_URL = re.compile(r"\s*[A-Za-z][A-Za-z0-9+.-]+:")

# Nothing resolved, loaded or fetched; comments and processing instructions are not content.
PARSER_OPTIONS = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
    "remove_comments": True,
    "remove_pis": True,
}


# Characters XML 1.0 forbids (C0 controls but tab, LF, CR; U+FFFE, U+FFFF), raw or as a character reference.
_FORBIDDEN = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]"
    r"|&#(?:[xX]0*(?:[0-8bBcCeEfF]|1[0-9a-fA-F]|[fF]{3}[eEfF])|0*(?:[0-8]|1[124-9]|2[0-9]|3[01]|6553[45]));"
)
_ENCODING = re.compile(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._-]+)")


class _Repairer:
    """Replaces each character XML 1.0 forbids by U+FFFD in the bytes on their way to the parser, noting the
    line of each. UTF-8 and UTF-16 are decoded incrementally (a character may straddle two chunks); another
    declared encoding is ASCII-compatible, where such characters are single bytes, and gets ``&#xFFFD;``."""

    def __init__(self, path: Path, head: bytes, newline: bytes, repairs: Repairs) -> None:
        self._path = str(path)
        self._repairs = repairs
        declared = _ENCODING.search(head[:1024])
        name = codecs.lookup(declared.group(1).decode("ascii")).name if declared else "utf-8"
        if newline == b"\n\x00":
            self._codec, self._errors, self._mark = "utf-16-le", "surrogatepass", "\ufffd"
        elif newline == b"\x00\n":
            self._codec, self._errors, self._mark = "utf-16-be", "surrogatepass", "\ufffd"
        elif name == "utf-8":
            self._codec, self._errors, self._mark = "utf-8", "surrogateescape", "\ufffd"
        else:
            self._codec, self._errors, self._mark = "latin-1", "strict", "&#xFFFD;"
        self._decoder = codecs.getincrementaldecoder(self._codec)(self._errors)
        self._tail = ""  # a possible character reference cut by the chunk's end
        self._line = 1

    def __call__(self, data: bytes) -> bytes:
        text = self._tail + self._decoder.decode(data, final=not data)
        self._tail = ""
        amp = text.rfind("&", max(len(text) - 12, 0))
        if data and amp >= 0 and ";" not in text[amp:]:
            text, self._tail = text[:amp], text[amp:]
        pieces = []
        start = 0
        for match in _FORBIDDEN.finditer(text):
            self._line += text.count("\n", start, match.start())
            self._repairs.add(self._path, self._line)
            pieces.append(text[start : match.start()])
            pieces.append(self._mark)
            start = match.end()
        self._line += text.count("\n", start)
        pieces.append(text[start:])
        return "".join(pieces).encode(self._codec, self._errors)


class Stream:
    """The file's bytes for the parser. The first ones are kept for the prolog checks, and the lines read
    are counted, so that a read error (a truncated gzip) still names the line where the data stops. With
    ``repair``, characters XML 1.0 forbids reach the parser as U+FFFD (see ``_Repairer``)."""

    def __init__(self, path: Path, raw: IO[bytes], repair: Repairs | None = None) -> None:
        # read1 returns what one read of the file gives: a buffered read() of a truncated gzip raises and
        # loses the data it had already decompressed, and with it the line where the data stops.
        self._read1 = getattr(raw, "read1", raw.read)
        self._path = path
        self._newline = b"\n"
        self.lines = 1
        first = self._read_raw(_CHUNK)
        if first[:2] == codecs.BOM_UTF16_LE or first[:4] == b"<\x00?\x00":
            self._newline = b"\n\x00"
        elif first[:2] == codecs.BOM_UTF16_BE or first[:4] == b"\x00<\x00?":
            self._newline = b"\x00\n"
        self.lines = 1 + first.count(self._newline)  # counted again now that the encoding is known
        chunks = [first]
        while chunks[-1] and sum(map(len, chunks)) < _PROLOG_BYTES:
            chunks.append(self._read_raw(_CHUNK))
        self.head = b"".join(chunks)
        self._pending = self.head
        self._repairer = _Repairer(path, self.head, self._newline, repair) if repair is not None else None
        self._out = b""
        self._ended = False

    def _read_raw(self, size: int) -> bytes:
        try:
            data = self._read1(size)
        except (OSError, EOFError, zlib.error) as exc:
            raise read_error(self._path, exc, self.lines) from exc
        self.lines += data.count(self._newline)
        return data

    def read(self, size: int = -1) -> bytes:
        if self._repairer is None:
            return self._read(size)
        # Repairs change the length of what was read: hand out at most ``size`` bytes, keep the rest.
        want = size if size > 0 else _CHUNK
        while len(self._out) < want and not self._ended:
            data = self._read(want)
            self._ended = not data
            self._out += self._repairer(data)
        result, self._out = self._out[:want], self._out[want:]
        return result

    def _read(self, size: int) -> bytes:
        if not self._pending:
            return self._read_raw(size if size > 0 else _CHUNK)
        cut = len(self._pending) if size < 0 else size
        data, self._pending = self._pending[:cut], self._pending[cut:]
        return data


def read_error(path: Path, exc: Exception, line: int) -> InputError:
    reason = " ".join(str(exc).split()) or type(exc).__name__
    return InputError(path, f"cannot read: {reason}", line, hint="the file is damaged or incomplete")


def check_prolog(path: Path, head: bytes, hint: str = "remove the DOCTYPE line") -> int | None:
    """Refuse a DOCTYPE that declares entities or names a URL before the parser sees any of it; return the
    DOCTYPE's line. The parser's own view of the DOCTYPE is checked again at its first element."""
    text = _COMMENT.sub(_blank, _decode_prolog(head))
    element = _ELEMENT_START.search(text)
    prolog = text[: element.start()] if element else text
    doctype = _DOCTYPE.search(prolog)
    start = doctype.start() if doctype else prolog.find("<!ENTITY")
    if start < 0:
        return None
    line = prolog.count("\n", 0, start) + 1
    if "<!ENTITY" in prolog[start:]:
        raise entities_error(path, line)
    if doctype is not None:
        for literal in doctype.groups():
            if literal is not None and _URL.match(literal[1:-1]):
                raise url_error(path, line, literal[1:-1], hint)
    return line


def _decode_prolog(head: bytes) -> str:
    # Only ASCII markup is looked for, so any ASCII-compatible encoding reads as Latin-1 here.
    if head.startswith(codecs.BOM_UTF16_LE) or head.startswith(b"<\x00?\x00"):
        return head.decode("utf-16-le", errors="replace")
    if head.startswith(codecs.BOM_UTF16_BE) or head.startswith(b"\x00<\x00?"):
        return head.decode("utf-16-be", errors="replace")
    return head.decode("latin-1")


def _blank(match: re.Match[str]) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def entities_error(path: Path, line: int | None) -> InputError:
    return InputError(
        path,
        "the file declares XML entities; glossary refuses them for safety",
        line,
        hint="remove the <!ENTITY ...> declarations (TMX and XLIFF need none)",
    )


def url_error(path: Path, line: int | None, url: str, hint: str) -> InputError:
    return InputError(
        path,
        f"the DOCTYPE names {url!r}; glossary never fetches anything from the network",
        line,
        hint=hint,
    )


# libxml2's safety limits speak of its own options; each is said as what the file does and what to do.
_LIBXML_LIMITS = (
    (re.compile(r"amplification", re.I), "the file declares XML entities that expand enormously (an entity "
     "bomb); glossary refuses them for safety", "remove the <!DOCTYPE ...> with its <!ENTITY ...> declarations"),
    (re.compile(r"excessive depth", re.I), "elements are nested more than 256 deep, more than any real file "
     "needs; refused for safety", "check how the file was produced; nesting that deep is a fault or an attack"),
    (re.compile(r"XML_PARSE_HUGE|huge input|too (long|large)|limit exceeded", re.I), "a text, name or "
     "attribute is larger than glossary reads safely (10 MB)", "split the file, or shorten that element"),
    (re.compile(r"memory|unknown error", re.I), "the computer ran out of memory while reading the file",
     "close other programs, or split the file"),
)  # fmt: skip


def limit_error(path: Path, message: str, line: int | None) -> InputError | None:
    """libxml2's message for a safety limit, said in words a translator can act on; None for others."""
    for pattern, said, hint in _LIBXML_LIMITS:
        if pattern.search(message):
            return InputError(path, said, line, hint=hint)
    return None


def syntax_error(path: Path, exc: etree.XMLSyntaxError) -> InputError:
    message = " ".join(str(exc.msg or exc).split())
    # libxml2 ends its messages with the position; the line already leads the error.
    message = re.sub(r", line \d+, column (\d+)$", r" (column \1)", message)
    limited = limit_error(path, message, max(exc.lineno or 1, 1))
    if limited is not None:
        return limited
    hint = None
    if re.search(r"invalid (xml)?char", message, re.I):
        hint = (
            "a control character XML 1.0 forbids, such as a vertical tab: import with --repair to replace "
            "each by U+FFFD and import the rest"
        )
    elif "encoding" in message.lower() or "utf-8" in message.lower():
        hint = "save the file as UTF-8, or declare its real encoding in the <?xml ...?> line"
    # An empty file has no line yet; its first line is where the document should have started.
    return InputError(path, f"not well-formed XML: {message}", max(exc.lineno or 1, 1), hint=hint)


def check_doctype(path: Path, root: etree._Element, doctype_line: int | None, hint: str) -> None:
    """The parser's own view of the DOCTYPE, checked at the first element: no entities, no URL."""
    info = root.getroottree().docinfo
    dtd = info.internalDTD
    # (lxml-stubs predates DTD.iterentities and DocInfo.system_url, which lxml has had since 2.x/3.x.)
    if dtd is not None and any(True for _ in dtd.iterentities()):  # type: ignore[attr-defined]
        raise entities_error(path, doctype_line or line_of(root))
    for identifier in (info.system_url, info.public_id):  # type: ignore[attr-defined]
        if identifier and _URL.match(identifier):
            raise url_error(path, doctype_line or line_of(root), identifier, hint)


def line_of(elem: etree._Element) -> int | None:
    line = elem.sourceline
    return line if isinstance(line, int) else None
