"""Class 1 of issue 20: a compressed file that inflates to gigabytes is refused with one line, under a memory
limit, and a damaged gzip stream is one line too; the workspace is left as it was. And class 9's last case: memory
running out during an import is one line, not libxml2's "unknown error" or a MemoryError."""

from __future__ import annotations

import gzip
import os
import re
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, dump, shared

MEMORY_LIMIT = 2 * 1024**3  # the address space each import may use: a bomb read into memory dies here
INFLATED = 4 * 1024**3  # what each bomb inflates to
_CHUNK = 8 * 1024**2


def _bomb(path: Path, head: bytes, body: bytes, tail: bytes = b"") -> Path:
    """A gzip file of several members (gzip allows it): ``head``, then ``body`` repeated to 4 GiB, then
    ``tail``: a few megabytes on disk."""
    unit = gzip.compress(body * (_CHUNK // len(body)), 9)
    with path.open("wb") as handle:
        handle.write(gzip.compress(head))
        for _ in range(INFLATED // _CHUNK):
            handle.write(unit)
        handle.write(gzip.compress(tail))
    return path


def _split(text: bytes, element: bytes) -> tuple[bytes, bytes, bytes]:
    """A real document cut around its first ``element``: what comes before, the element, what comes after."""
    match = re.search(rb"<%s[\s>].*?</%s>" % (element, element), text, re.DOTALL)
    assert match, element
    return text[: match.start()], match.group(), text[match.end() :]


@pytest.fixture(scope="module")
def bombs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("bombs")
    tmx = gzip.decompress(shared("formats", "omegat", "data", "tmx", "test-level2.tmx.gz").read_bytes())
    tbx = shared("formats", "tbx", "TBX-Min_dialect", "DCA", "Example_Astronomy_DCA_VALID.tbx").read_bytes()
    po = shared("formats", "po", "test_utf8.po").read_bytes()
    tsv = shared("seeds", "diplomatic-terms.en-zh.tsv").read_bytes()
    return {
        "zeros": _bomb(folder / "zeros.tmx.gz", b"", b"\0"),
        "elements": _bomb(folder / "elements.tmx.gz", *_split(tmx, b"tu")),
        "whitespace": _bomb(folder / "whitespace.tmx.gz", tmx[:200], b" \n\t"),
        "tbx inside": _bomb(folder / "glossary.tbx", *_split(tbx, b"conceptEntry")),
        "endless msgid": _bomb(folder / "endless.po.gz", po + b'\nmsgid "', b"A"),
        "endless line": _bomb(folder / "endless.tsv.gz", tsv, b"A"),
        "endless text": _bomb(folder / "endless.en.txt.gz", b"", b"word "),
    }


def _limited(limit: int = MEMORY_LIMIT) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def _import(
    workspace: Path, *args: str | Path, limit: int = MEMORY_LIMIT
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "PYTHONPATH": str(REPO)}
    return subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", str(workspace), "import", *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=600,
        preexec_fn=lambda: _limited(limit),
    )


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workspace = tmp_path_factory.mktemp("ws") / "w.glossary"
    done = _import(workspace, "--target", "es", shared("formats", "po", "test_utf8.po"))
    assert done.returncode == 0, done.stderr
    return workspace


def _stable(workspace: Path) -> list[str]:
    return [line for line in dump(workspace) if "sqlite_stat" not in line]


@pytest.mark.parametrize(
    "name", ["zeros", "elements", "whitespace", "tbx inside", "endless msgid", "endless line", "endless text"]
)
def test_a_decompression_bomb_is_refused_in_one_line_within_the_memory_limit(
    bombs: dict[str, Path], filled: Path, name: str
) -> None:
    before = _stable(filled)
    done = _import(filled, "--force", bombs[name])  # (the language check is not what is tested here)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"glossary: error: {bombs[name]}")
    if name != "zeros":  # zeros are not XML: refused at their first byte, before anything is inflated
        assert "decompression bomb" in line and "gunzip" in line
    assert _stable(filled) == before


@pytest.mark.parametrize("damage", ["truncated", "flipped"])
@pytest.mark.parametrize("name", ["test-level2.tmx.gz", "test_utf8.po.gz"])
def test_a_damaged_gzip_stream_is_one_line(tmp_path: Path, filled: Path, damage: str, name: str) -> None:
    if name.endswith(".tmx.gz"):
        data = shared("formats", "omegat", "data", "tmx", name).read_bytes()
    else:
        data = gzip.compress(shared("formats", "po", "test_utf8.po").read_bytes())
    middle = len(data) // 2
    if damage == "truncated":
        data = data[:middle]
    else:
        data = data[:middle] + bytes(b ^ 0xFF for b in data[middle : middle + 4]) + data[middle + 4 :]
    broken = tmp_path / name
    broken.write_bytes(data)
    before = _stable(filled)
    done = _import(filled, broken)
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert line.startswith(f"glossary: error: {broken}")
    assert re.search(r"compressed data (ends too early|is damaged)|not well-formed", line), line
    assert _stable(filled) == before


def test_memory_running_out_during_an_import_is_one_line(tmp_path: Path, filled: Path) -> None:
    """A 9 MB TMX (under the 10 MB a text may have) of 90 units whose English side is a 20,000-word paragraph:
    indexing it needs well over 400 MB. Under 280 MB of address space (what Python, numpy and lxml need to load
    is about 150 MB), memory runs out inside the import."""
    paragraph = "word " * 20_000
    units = "".join(
        f'<tu><tuv xml:lang="en"><seg>{paragraph}{n}</seg></tuv><tuv xml:lang="zh-CN"><seg>文本 {n}</seg></tuv></tu>'
        for n in range(90)
    )
    large = tmp_path / "large.tmx"
    large.write_text(
        '<?xml version="1.0"?><tmx version="1.4"><header srclang="en" datatype="plaintext" segtype="sentence" '
        f'adminlang="en" o-tmf="x" creationtool="x" creationtoolversion="1"/><body>{units}</body></tmx>',
        encoding="utf-8",
    )
    before = _stable(filled)
    done = _import(filled, "--force", large, limit=280 * 1024**2)
    assert done.returncode == 2, done.stderr
    assert "Traceback" not in done.stderr and "MemoryError" not in done.stderr
    (line,) = done.stderr.strip().splitlines()
    assert (
        line
        == "glossary: error: out of memory; nothing was changed (close other programs, or split the file)"
    )
    assert _stable(filled) == before
