"""File helpers shared by the format modules: encoding sniffing, compressed input, atomic output."""

from __future__ import annotations

import codecs
import gzip
import io
import os
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any, TextIO, cast

from memories.errors import InputError

__all__ = [
    "MAX_INFLATED", "MAX_RATIO", "WHOLE_FILE_LIMIT", "atomic_output", "decode_text", "decoding_error", "is_compressed",
    "open_binary", "open_text", "read_text",
]  # fmt: skip

MAX_INFLATED = 4 * 1024**3
"""The most a compressed file may inflate to (4 GiB): a bigger .tmx.gz is refused, not read."""
MAX_RATIO = 100
"""The most a compressed file may inflate per compressed byte. Real memories and termbases compress 3 to 20
times (XML with repeated markup up to about 50); a decompression bomb (gigabytes of zeros or of one repeated
element in a few megabytes) inflates 150 to 1,000 times (deflate cannot go beyond 1,032)."""
_RATIO_FROM = 1024**2
"""The ratio is checked once this much has been inflated: a small file may be as repetitive as it likes."""

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


class _Inflated(io.RawIOBase):
    """The inflated bytes of a gzip file, refused past ``MAX_INFLATED`` or ``MAX_RATIO`` (a decompression
    bomb) with an InputError; a damaged stream (zlib.error, EOFError, a bad header) raises BadGzipFile, an
    OSError, with a sentence a translator can read, which every reader already reports as ``cannot read``."""

    def __init__(self, path: Path, max_size: int) -> None:
        super().__init__()
        self.path = path
        self.max_size = max_size
        # Opened by name: a GzipFile given a fileobj leaves it open on close (a ResourceWarning).
        self._gzip = gzip.open(path, "rb")  # noqa: SIM115 (closed by close())
        self._compressed = cast(IO[bytes], self._gzip.fileobj)

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def tell(self) -> int:
        return self._gzip.tell()

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        return self._gzip.seek(offset, whence)

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        try:
            data = self._gzip.read1(len(view))
        except (zlib.error, EOFError, gzip.BadGzipFile) as exc:
            raise gzip.BadGzipFile(_damaged(exc)) from exc
        view[: len(data)] = data
        self._check(self._gzip.tell())
        return len(data)

    def _check(self, inflated: int) -> None:
        if inflated > self.max_size:
            raise _bomb_error(self.path, f"it inflates to more than {_size(self.max_size)}")
        if inflated > _RATIO_FROM:
            compressed = max(self._compressed.tell(), 1)  # how far the decompressor has read
            if inflated > MAX_RATIO * compressed:
                raise _bomb_error(
                    self.path,
                    f"{_size(compressed)} of it inflate to more than {_size(inflated)} "
                    f"(over {MAX_RATIO} times)",
                )

    def close(self) -> None:
        self._gzip.close()
        super().close()


def _size(n: int) -> str:
    if n < 1024**2:
        return f"{n:,} bytes"
    if n < 1024**3:
        return f"{n / 1024**2:,.0f} MB"
    return f"{n / 1024**3:,.1f} GB"


def _bomb_error(path: Path, why: str) -> InputError:
    return InputError(
        path,
        f"refused as a decompression bomb: {why}",
        hint="decompress it yourself (gunzip) if you trust it, and import the result",
    )


def _damaged(exc: BaseException) -> str:
    reason = " ".join(str(exc).split())
    if isinstance(exc, EOFError):
        return "the compressed data ends too early (the .gz file is incomplete)"
    return f"the compressed data is damaged ({reason or type(exc).__name__})"


def is_compressed(handle: IO[bytes]) -> bool:
    """Whether ``open_binary`` inflates this handle's file."""
    return isinstance(getattr(handle, "raw", None), _Inflated)


def open_binary(path: Path, max_size: int = MAX_INFLATED) -> IO[bytes]:
    """The file's bytes, transparently un-gzipped when it is gzip-compressed (``.tmx.gz``). Every compressed
    input passes here, bounded: see ``MAX_INFLATED`` and ``MAX_RATIO`` (``max_size`` lowers the first for
    readers that hold the whole file in memory)."""
    try:
        handle = open(path, "rb")  # noqa: SIM115 (returned to the caller, who closes it)
    except OSError as exc:
        raise InputError(path, f"cannot open: {exc.strerror}", hint="check the path") from exc
    if handle.read(2) == b"\x1f\x8b":
        handle.close()
        try:
            return cast(IO[bytes], io.BufferedReader(_Inflated(path, max_size)))
        except OSError as exc:
            raise InputError(path, f"cannot open: {exc.strerror or exc}", hint="check the path") from exc
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
    except OSError as exc:
        handle.close()
        raise InputError(path, f"cannot read: {exc}", hint="the file is damaged or incomplete") from exc
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


WHOLE_FILE_LIMIT = 256 * 1024**2
"""The most a compressed file read whole into memory (a PO catalogue, a text to align) may inflate to."""


def read_text(path: Path, encoding: str | None = None) -> str:
    with open_binary(path, WHOLE_FILE_LIMIT) as handle:
        try:
            data = handle.read()
        except OSError as exc:
            raise InputError(path, f"cannot read: {exc}", hint="the file is damaged or incomplete") from exc
    return decode_text(data, path, encoding)


def _check_target(target: Path) -> None:
    """An export target whose folder cannot hold it, or a write-protected file, is refused in one line."""
    for parent in target.parents:
        if parent.exists():
            if not parent.is_dir():
                raise InputError(target, f"{parent} is a file, not a folder", hint="choose another place")
            break
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(
            target, f"cannot create its folder: {exc.strerror}", hint="choose another place"
        ) from exc
    if target.is_dir():
        raise InputError(target, "is a folder", hint="give a file name")
    if target.exists() and not os.access(target, os.W_OK):
        # Replacing by rename would succeed in a writable folder: the protection would be lost silently.
        raise InputError(
            target, "the file is write-protected; it was not replaced", hint="choose another name"
        )
    if not os.access(target.parent, os.W_OK):
        raise InputError(target, "its folder is read-only", hint="choose a folder you can write to")


def _remove_stale_parts(target: Path) -> None:
    for part in target.parent.glob(f".{target.name}.*.part"):
        pid = part.name[len(target.name) + 2 :].split(".", 1)[0]
        if pid.isdigit() and not _alive(int(pid)):
            part.unlink(missing_ok=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # another user's process: alive
    return True


@contextmanager
def atomic_output(path: str | Path, mode: str = "wb", encoding: str | None = None) -> Iterator[IO[Any]]:
    """Write to a temporary file beside ``path`` and rename it into place only when writing succeeded,
    so a failed export never leaves a half-written file behind (or destroys the previous one)."""
    target = Path(path)
    _check_target(target)
    _remove_stale_parts(target)
    # The process id in the name lets a later export remove what a killed one (SIGKILL) left behind.
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.{os.getpid()}.", suffix=".part", dir=target.parent)
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
