"""Reading untrusted zip packages and XML parts: encrypted files, corrupt zips, zip bombs and DTDs refused."""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from memories.errors import InputError

__all__ = ["MAX_PART", "MAX_RATIO", "MAX_TOTAL", "ZipPart", "parse_xml", "read_zip"]

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_TOTAL = 512 * 1024 * 1024
"""Uncompressed bytes a package may hold in all: a 1,000-page report with pictures is far below it."""
MAX_PART = 256 * 1024 * 1024
MAX_RATIO = 200
"""Expansion a part may have once it is larger than ``_RATIO_FLOOR``: XML deflates 5-20 times, bombs 1,000+."""
_RATIO_FLOOR = 1024 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class ZipPart:
    info: zipfile.ZipInfo
    data: bytes


def read_zip(path: Path, what: str = "DOCX") -> list[ZipPart]:
    """Every entry of a zip package, in archive order, with its bytes; refused with one line when unsafe."""
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise InputError(path, f"cannot read: {error.strerror or error}") from None
    if raw.startswith(OLE_MAGIC):
        raise InputError(
            path,
            f"not a {what} but an OLE compound file: an encrypted (password-protected) or old binary Office document",
            hint="remove the password or save it as .docx in Word",
        )
    if not raw.startswith(b"PK"):
        raise InputError(path, f"not a {what}: not a zip package")
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise InputError(path, f"corrupt zip package: {error}") from None
    declared = sum(info.file_size for info in infos)
    if declared > MAX_TOTAL:
        raise InputError(
            path, f"zip package would expand to {declared:,} bytes (limit {MAX_TOTAL:,}): refused"
        )
    parts: list[ZipPart] = []
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise InputError(path, f"{info.filename}: encrypted zip entry", hint="remove the password")
        if info.file_size > MAX_PART or (
            info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1)
        ):
            raise InputError(
                path,
                f"{info.filename}: expands from {info.compress_size:,} to {info.file_size:,} bytes: "
                "a zip bomb or not a document",
            )
        chunks: list[bytes] = []
        size = 0
        try:
            with archive.open(info) as stream:
                while chunk := stream.read(_CHUNK):
                    size += len(chunk)
                    total += len(chunk)
                    # Checked while reading: the declared sizes in a crafted header may lie.
                    if size > info.file_size or total > MAX_TOTAL:
                        raise InputError(path, f"{info.filename}: holds more than its declared size: refused")
                    chunks.append(chunk)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as error:
            raise InputError(path, f"corrupt zip package: {info.filename}: {error}") from None
        parts.append(ZipPart(info, b"".join(chunks)))
    return parts


def parse_xml(path: Path, name: str, data: bytes) -> etree._ElementTree:
    """An XML part parsed with no DTD, no entities, no network; a part that declares any is refused unread."""
    head = data
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        head = data.decode("utf-16").encode("utf-8")
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise InputError(
            path, f"{name}: XML part with a DOCTYPE or entity declarations (refused, not expanded)"
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True)
    try:
        return etree.ElementTree(etree.fromstring(data, parser))
    except etree.XMLSyntaxError as error:
        # The line is the part's, not the file's: it goes with the part's name.
        raise InputError(path, f"{name}:{error.lineno}: not well-formed XML: {error.msg}") from None
