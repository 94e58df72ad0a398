"""File helpers shared by the format modules: encoding sniffing, compressed input, atomic output."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO, cast

from memories.errors import InputError

__all__ = ["atomic_output", "decode_text", "decoding_error", "open_binary", "open_text", "read_text"]

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def _current_umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


_UMASK = _current_umask()  # read once at import: os.umask can only be read by setting it


def open_binary(path: Path) -> IO[bytes]:
    """The file's bytes, transparently un-gzipped when it is gzip-compressed (``.tmx.gz``)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (returned to the caller, who closes it)
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror}", hint="check the path") from exc
    if handle.read(2) == b"\x1f\x8b":
        # Reopened by name: a GzipFile given a fileobj leaves it open on close (a ResourceWarning).
        handle.close()
        return cast(IO[bytes], gzip.open(path, "rb"))
    handle.seek(0)
    return handle


def decode_text(data: bytes, path: Path, encoding: str | None = None) -> str:
    """Bytes to text: a BOM wins, then the given encoding, then UTF-8. Undecodable bytes are an error at
    their line, never replaced silently."""
    chosen = _encoding_of(data[:4], encoding)
    try:
        text = data.decode(chosen)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            path,
            f"byte {data[exc.start : exc.start + 1]!r} is not valid {chosen}",
            line,
            hint="save the file as UTF-8, or give its encoding",
        ) from exc
    except LookupError as exc:
        raise InputError(path, f"unknown encoding {chosen!r}") from exc
    return text.removeprefix("\ufeff")


def _encoding_of(head: bytes, encoding: str | None) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return encoding or "utf-8"


def open_text(path: Path, encoding: str | None = None, newline: str | None = "\n") -> TextIO:
    """The file as text decoded while it is read, with the same choice of encoding as ``decode_text``: for
    files too big to decode at once. By default lines end at a line feed only (as ``wc -l`` counts them);
    an undecodable byte raises UnicodeDecodeError while reading, which ``decoding_error`` turns into an
    InputError at its line."""
    handle = open_binary(path)
    try:
        chosen = _encoding_of(handle.read(4), encoding)
        handle.seek(0)
        codecs.lookup(chosen)
    except LookupError as exc:
        handle.close()
        raise InputError(path, f"unknown encoding {chosen!r}") from exc
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        handle.close()
        raise InputError(path, f"cannot read: {exc}") from exc
    return io.TextIOWrapper(handle, encoding=chosen, errors="strict", newline=newline)


def decoding_error(path: Path, encoding: str | None, exc: UnicodeDecodeError) -> InputError:
    """The InputError for a decoding error met while streaming ``path``: a stream decodes in blocks and
    cannot say the line, so the file is decoded whole once more (only on this error path) to find it."""
    try:
        read_text(path, encoding)
    except InputError as located:
        return located
    return InputError(
        path, f"cannot decode: {exc.reason}", hint="save the file as UTF-8, or give its encoding"
    )


def read_text(path: Path, encoding: str | None = None) -> str:
    with open_binary(path) as handle:
        try:
            data = handle.read()
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            raise InputError(path, f"cannot read: {exc}") from exc
    return decode_text(data, path, encoding)


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place only when writing succeeded,
    so a failed export never leaves a half-written file behind (or destroys the previous one)."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    # mkstemp creates the file 0600; an export should get the permissions any new file of the user gets.
    os.chmod(tmp, 0o666 & ~_UMASK)
    try:
        with os.fdopen(fd, mode, encoding=encoding, newline="" if "b" not in mode else None) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
