"""`glossary import/export/stats` as a user runs them: real files, a real subprocess, the workspace checked after."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from memories.store import Workspace
from tests.conftest import REPO, dump, shared

KIT = ("formats", "omegat", "data", "tmx", "TMXComplianceKit")


def glossary(workspace: Path, *args: str | Path, check: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONWARNINGS": "ignore::DeprecationWarning", "COLUMNS": "200"}
    return subprocess.run(
        [sys.executable, "-m", "glossary", "--workspace", str(workspace), *map(str, args)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        check=check,
        timeout=300,
    )


@pytest.fixture
def filled(workspace_path: Path) -> Path:
    """A workspace that already holds something, so that 'unchanged' means something."""
    # --force: the compliance kit tests markup; its ja-JP segments are English placeholders.
    glossary(workspace_path, "import", shared(*KIT, "ImportTest1C.tmx"), "--force", check=True)
    return workspace_path


def test_import_reports_counts_and_a_second_import_adds_nothing(workspace_path: Path) -> None:
    po = shared("formats", "po", "test_utf8.po")  # Spanish, without a Language header
    first = glossary(workspace_path, "import", po, "--target", "es", "--json", check=True)
    (report,) = json.loads(first.stdout)
    assert report["added"] > 0 and report["format"] == "po"
    second = glossary(workspace_path, "import", po, "--target", "es", "--json", check=True)
    (again,) = json.loads(second.stdout)
    assert again["added"] == 0 and again["already_present"] == report["added"]
    human = glossary(workspace_path, "import", po, "--target", "es", check=True).stdout
    assert "0 added" in human and f"{report['added']:,} already present" in human


def test_the_report_names_the_languages_read_so_a_headerless_catalogue_shows_where_it_went(
    workspace_path: Path, tmp_path: Path
) -> None:
    # A real Spanish catalogue without a Language header, saved under gettext's name for Spanish.
    spanish = tmp_path / "es.po"
    spanish.write_bytes(shared("formats", "po", "test_utf8.po").read_bytes())
    (report,) = json.loads(glossary(workspace_path, "import", spanish, "--json", check=True).stdout)
    assert report["languages"] == ["en", "es"]
    with Workspace(workspace_path) as ws:
        assert set(ws.languages()) == {"en", "es"}
    # Named by the user, the language is theirs; the human line says which languages each file held.
    other = tmp_path / "django.po"
    other.write_bytes(shared("formats", "po", "test_msgctxt.po").read_bytes())
    line = glossary(workspace_path, "import", other, "--target", "fr", check=True).stdout.strip()
    assert line.startswith(f"{other} [po: en, fr]: ")


def test_six_language_un_devset_gives_4000_units_for_each_of_15_pairs(workspace_path: Path) -> None:
    files = sorted(shared("corpora", "unpc-devset-6way").glob("UNv1.0.devset.??"))
    assert len(files) == 6
    result = glossary(workspace_path, "import", "--parallel", *files, "--json", check=True)
    (report,) = json.loads(result.stdout)
    assert report["added"] == 4000
    stats = json.loads(glossary(workspace_path, "stats", "--json", check=True).stdout)
    assert stats["units"] == 4000
    pairs = {tuple(p["pair"]): p["units"] for p in stats["units_per_pair"]}
    assert len(pairs) == 15 and set(pairs.values()) == {4000}
    assert set(stats["variants_per_language"]) == {"ar", "en", "es", "fr", "ru", "zh"}


BOMB = """<?xml version="1.0"?>
<!DOCTYPE tmx [
 <!ENTITY a "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa">
 <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
 <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
 <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"
 creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>&d;</seg></tuv><tuv xml:lang="fr"><seg>&d;</seg></tuv></tu></body></tmx>
"""
EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"
 creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>&secret;</seg></tuv><tuv xml:lang="fr"><seg>x</seg></tuv></tu></body></tmx>
"""
REMOTE_DOCTYPE = """<?xml version="1.0"?>
<!DOCTYPE tmx SYSTEM "http://127.0.0.1:9/tmx14.dtd">
<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"
 creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu></body></tmx>
"""
NO_SRCLANG = """<?xml version="1.0"?>
<tmx version="1.4">
<header segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext" creationtool="x" creationtoolversion="1"/>
<body><tu><tuv xml:lang="en"><seg>a</seg></tuv><tuv xml:lang="fr"><seg>b</seg></tuv></tu></body></tmx>
"""
MALFORMED = """<?xml version="1.0"?>
<tmx version="1.4"><header srclang="en" segtype="sentence" o-tmf="x" adminlang="en" datatype="plaintext"
 creationtool="x" creationtoolversion="1"/><body>
<tu><tuv xml:lang="en"><seg>fine</seg></tuv><tuv xml:lang="fr"><seg>bien</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>broken</tuv></tu></body></tmx>
"""
WRONG_ENCODING = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header srclang="en" segtype="sentence" '
    b'o-tmf="x" adminlang="en" datatype="plaintext" creationtool="x" creationtoolversion="1"/><body>\n'
    b'<tu><tuv xml:lang="en"><seg>caf\xe9</seg></tuv><tuv xml:lang="fr"><seg>caf\xe9</seg></tuv></tu>\n'
    b"</body></tmx>\n"
)


@pytest.mark.parametrize(
    ("name", "content", "line", "says"),
    [
        ("bomb.tmx", BOMB, 2, "entit"),
        ("xxe.tmx", EXTERNAL_ENTITY, 2, "entit"),
        ("remote.tmx", REMOTE_DOCTYPE, 2, "http://127.0.0.1:9/tmx14.dtd"),
        ("nosrc.tmx", NO_SRCLANG, 3, "srclang"),
        ("malformed.tmx", MALFORMED, 5, ""),
        ("latin1.tmx", WRONG_ENCODING, 3, ""),
        ("memory.xyz", "en\tfr\na\tb\n", None, "format"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_leaves_the_workspace_as_it_was(
    filled: Path, tmp_path: Path, name: str, content: str | bytes, line: int | None, says: str
) -> None:
    bad = tmp_path / name
    if isinstance(content, bytes):
        bad.write_bytes(content)
    else:
        bad.write_text(content, encoding="utf-8")
    before = dump(filled)
    good = shared(*KIT, "ImportTest1A.tmx")  # a good file in the same command is not imported either
    result = glossary(filled, "import", good, bad)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    where = f"{bad}:{line}:" if line is not None else f"{bad}:"
    assert where in lines[0] and "Traceback" not in result.stderr
    assert says.lower() in lines[0].lower()
    assert "root:" not in result.stdout + result.stderr  # /etc/passwd never read into anything
    assert dump(filled) == before


def test_po_syntax_error_is_refused_with_its_line(filled: Path) -> None:
    bad = shared("formats", "po", "test_syntax_error1.po")
    before = dump(filled)
    result = glossary(filled, "import", bad)
    assert result.returncode == 2
    (line,) = result.stderr.strip().splitlines()
    assert f"{bad}:" in line and line.split(f"{bad}:")[1].split(":")[0].isdigit()
    assert dump(filled) == before


def test_missing_file_and_bad_language_are_usage_errors(filled: Path, tmp_path: Path) -> None:
    before = dump(filled)
    missing = glossary(filled, "import", tmp_path / "nope.tmx")
    assert missing.returncode == 2 and "nope.tmx" in missing.stderr and "no such file" in missing.stderr
    bad_tag = glossary(filled, "import", shared(*KIT, "ImportTest1A.tmx"), "--source", "not a language!")
    assert bad_tag.returncode == 2 and "not a language tag" in bad_tag.stderr
    assert dump(filled) == before


def test_sigkill_mid_import_leaves_a_sound_workspace_without_that_import(
    filled: Path, tmp_path: Path
) -> None:
    big = tmp_path / "big.tsv"
    with big.open("w", encoding="utf-8") as out:
        out.write("en\tfr\n")
        for i in range(200_000):
            out.write(
                f"Sentence number {i} about the Charter of the United Nations\tPhrase {i} sur la Charte\n"
            )
    units_before = Workspace(filled).count_units()
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "glossary", "--workspace", str(filled), "import", str(big), "--json"],
        cwd=REPO,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = Path(f"{filled}-wal")
    deadline = time.monotonic() + 120
    # Wait until the import has written a good part of its transaction, then kill it without warning.
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 4_000_000:
            break
        time.sleep(0.05)
    assert proc.poll() is None, "the import finished before it could be killed: make the file bigger"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    ws = Workspace(filled)
    try:
        assert ws.integrity_check() == "ok"
        assert ws.count_units() == units_before
        assert all(o.format != "tsv" for o in ws.origins())
    finally:
        ws.close()


def test_export_tmx_po_tsv_from_the_command_line(filled: Path, tmp_path: Path) -> None:
    tmx, tsv = tmp_path / "out.tmx", tmp_path / "out.tsv"
    assert "3 units written" in glossary(filled, "export", tmx, check=True).stdout
    assert tmx.read_text(encoding="utf-8").count("<tu") >= 3
    glossary(filled, "export", tsv, check=True)
    header = tsv.read_text(encoding="utf-8").splitlines()[0].split("\t")
    assert set(header) - {"note"} == {"en-US", "en-GB", "ja-JP", "fr-CA", "es-ES"}
    po = tmp_path / "out.po"
    glossary(filled, "export", po, "--source", "en-US", "--target", "fr-CA", check=True)
    assert 'msgstr "First entry in French Canadian"' in po.read_text(encoding="utf-8")
