"""The same commands on a team workspace (PostgreSQL) as on a workspace file, giving the same answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from glossary.workspace import open_workspace
from tests.cli.test_import_cli import glossary
from tests.conftest import shared
from tests.postgres import PostgresServer

UN = shared("corpora", "unpc-devset-6way")
SEED_TEXT = Path("seeds/2023-03-27-qin-gang-meets-asean-secretary-general.en.txt")
SEED_TERMS = Path("seeds/diplomatic-terms.en-zh.tsv")
_TIMES = re.compile(r"\d{4}-\d\d-\d\dT[\d:.]+Z|\d{8}T\d{6}Z")


def _fill(workspace: str) -> None:
    glossary(workspace, "import", "--parallel", UN / "UNv1.0.devset.en", UN / "UNv1.0.devset.zh", check=True)
    glossary(workspace, "import", SEED_TEXT, SEED_TERMS, check=True)
    glossary(workspace, "extract", "--top", "30", check=True)


@pytest.fixture(scope="module")
def both(
    postgres_server: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[dict[str, str]]:
    """The same files imported into a workspace file and into a team workspace (made as `admin init` makes it)."""
    name = postgres_server.new_database("team_cli")
    url = postgres_server.dsn(name)
    open_workspace(url, migrate=True).close()
    file = str(tmp_path_factory.mktemp("team") / "file.glossary")
    for workspace in (file, url):
        _fill(workspace)
    yield {"sqlite": file, "postgresql": url}
    postgres_server.drop_database(name)


def _json(workspace: str, *args: str | Path) -> Any:
    return json.loads(glossary(workspace, *args, "--json", check=True).stdout)


def _same(both: dict[str, str], *args: str | Path) -> Any:
    """The command's JSON on both back ends, asserted equal (times aside); the team workspace's."""
    on_file, on_server = (
        _TIMES.sub("<time>", json.dumps(_json(w, *args))).replace(json.dumps(w)[1:-1], "<workspace>")
        for w in both.values()
    )
    assert on_server == on_file
    return json.loads(on_server)


def test_stats_count_the_same_units_languages_and_origins(both: dict[str, str]) -> None:
    stats = _same(both, "stats")
    assert stats["units"] == 4016


@pytest.mark.parametrize(
    "query",
    [
        "Security Council Committee established pursuant to resolution 2140 (2015) today",
        "The second constraint is the efficiency of the United Nations Office at Nairobi, cited in evaluations",
        "安全理事会第2140(2014)号决议所设委员会",
    ],
)
def test_lookup_gives_the_same_matches(both: dict[str, str], query: str) -> None:
    source = ["--source", "zh-CN", "--target", "en"] if "安" in query else []
    found = _same(both, "lookup", query, *source, "--limit", "10", "--min", "30")
    assert found["matches"], "a lookup that finds nothing proves nothing"


@pytest.mark.parametrize("phrase", ["Security Council", "the", "安全 理事会", "sustainable development"])
def test_concordance_gives_the_same_hits(both: dict[str, str], phrase: str) -> None:
    found = _same(both, "concordance", phrase, "--limit", "50")
    assert found["hits"]


def test_the_glossary_and_extraction_agree(both: dict[str, str]) -> None:
    concepts = _same(both, "terms", "--limit", "500")
    assert len(concepts) > 54  # the starter termbase and the extracted candidates
    assert _same(both, "terms", "ASEAN way")[0]["terms"][1]["text"] == "东盟方式"


def test_pretranslation_fills_the_same_segments(both: dict[str, str], tmp_path: Path) -> None:
    xliff = tmp_path / "seed.xlf"
    glossary(both["sqlite"], "prepare", SEED_TEXT, "--target", "zh-CN", "-o", xliff, check=True)
    outputs = []
    for backend, workspace in both.items():
        out = tmp_path / f"{backend}.xlf"
        glossary(workspace, "pretranslate", xliff, out, check=True)
        outputs.append(out.read_text(encoding="utf-8"))
    assert outputs[0] == outputs[1]


def test_export_writes_the_same_memory(both: dict[str, str], tmp_path: Path) -> None:
    written = []
    for backend, workspace in both.items():
        out = tmp_path / f"{backend}.tmx"
        glossary(workspace, "export", out, check=True)
        written.append(_TIMES.sub("<time>", out.read_text(encoding="utf-8")))
    assert written[0] == written[1] and len(re.findall(r"<tu[ >]", written[0])) == 4000


def test_a_team_workspace_not_yet_created_is_one_line(postgres_server: PostgresServer) -> None:
    name = postgres_server.new_database("team_missing")
    try:
        result = glossary(postgres_server.dsn(name), "stats")
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "glossary admin init" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    finally:
        postgres_server.drop_database(name)


def test_a_server_that_does_not_answer_is_one_line(tmp_path: Path) -> None:
    url = f"postgresql://nobody@/nowhere?host={tmp_path}"
    result = glossary(url, "stats", "--json")
    assert result.returncode == 2 and "Traceback" not in result.stderr, result.stderr
    assert "cannot connect to the PostgreSQL server" in result.stderr
    assert "secret" not in result.stderr
