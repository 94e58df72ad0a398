"""QA: each check on real UN sentences (en -> zh), as the editor and `glossary check --all` run them."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from glossary.model import Concept, Term
from glossary.qa import Checker, Issue, Pair, check_pair, check_pairs, numbers_in
from glossary.termbase import Termbase
from glossary.workspace import open_workspace
from memories.documents.model import Code, CodeKind, Content
from tests.conftest import REPO, shared

COUNCIL = "安全理事会"


@pytest.fixture(scope="module")
def un() -> list[tuple[str, str]]:
    folder = shared("corpora", "unpc-devset-6way")
    en = (folder / "UNv1.0.devset.en").read_text(encoding="utf-8").splitlines()
    zh = (folder / "UNv1.0.devset.zh").read_text(encoding="utf-8").splitlines()
    return list(zip(en, zh, strict=True))


@pytest.fixture(scope="module")
def termbase(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Termbase]:
    ws = open_workspace(tmp_path_factory.mktemp("qa") / "workspace.glossary")
    tb = Termbase(ws)
    tb.add(
        Concept(
            (
                Term("en", "Security Council"),
                Term("zh-CN", COUNCIL),
                Term("zh-CN", "安理会", status="forbidden"),
            )
        )
    )
    yield tb
    ws.close()


def kinds(issues: list[Issue]) -> list[str]:
    return [i.kind for i in issues]


def run(source: str | Content, target: str | Content, checker: Checker | None = None) -> list[Issue]:
    pair = Pair(
        1,
        (source,) if isinstance(source, str) else source,
        (target,) if isinstance(target, str) else target,
    )
    return check_pair(pair, checker or Checker("en", "zh-CN"))


def council(un: list[tuple[str, str]]) -> tuple[str, str]:
    return next((en, zh) for en, zh in un if en.startswith("The Security Council recalls") and COUNCIL in zh)


def test_the_un_translation_of_a_council_sentence_is_clean(
    un: list[tuple[str, str]], termbase: Termbase
) -> None:
    en, zh = council(un)
    assert run(en, zh, Checker.build(termbase, "en", "zh-CN")) == []


def test_a_wrong_term_is_missing_and_a_forbidden_one_is_named(
    un: list[tuple[str, str]], termbase: Termbase
) -> None:
    en, zh = council(un)
    checker = Checker.build(termbase, "en", "zh-CN")
    wrong = run(en, zh.replace(COUNCIL, "理事会"), checker)
    assert kinds(wrong) == ["term"] and COUNCIL in wrong[0].message
    forbidden = run(en, zh.replace(COUNCIL, "安理会"), checker)
    assert kinds(forbidden) == ["term"] and "安理会" in forbidden[0].message
    # the forbidden term beside the right one: the concept is rendered, the avoided term still flagged
    both = run(en, zh.replace(COUNCIL, f"{COUNCIL}（安理会）"), checker)
    assert kinds(both) == ["forbidden"]


def test_a_dropped_number_is_found_and_chinese_ways_of_writing_numbers_are_understood(
    un: list[tuple[str, str]],
) -> None:
    en, zh = next((en, zh) for en, zh in un if "211 per 100,000" in en)
    assert run(en, zh) == []  # 100,000 is 100 000 in the Chinese
    dropped = run(en, zh.replace("211", ""))
    assert kinds(dropped) == ["numbers"] and "211" in dropped[0].message
    assert run(en, zh.replace("211", "２１１")) == []  # full-width digits
    assert numbers_in("二〇一五年") == {2015.0}
    assert numbers_in("二十一") == {21.0} and numbers_in("三千五百万") == {35_000_000.0}
    dated = next(
        (en, zh) for en, zh in un if en.startswith("To be held on") and "2015年" in zh and "a.m." in en
    )
    assert run(*dated) == []  # 10.15 a.m. is 上午10时15分
    assert run(dated[0], dated[1].replace("2015年", "二〇一五年")) == []


def test_scaled_amounts_match_their_chinese_form(un: list[tuple[str, str]]) -> None:
    en, zh = next((en, zh) for en, zh in un if "1.5 million people" in en)
    assert "150万" in zh and run(en, zh) == []


def coded(text: str, first_word_bold: bool = True) -> Content:
    bold_open = Code(CodeKind.OPEN, 1, "bold", "<b>")
    bold_close = Code(CodeKind.CLOSE, 1, "bold", "</b>")
    br = Code(CodeKind.STANDALONE, 2, "break", "<br/>")
    head, tail = text[:4], text[4:]
    return (bold_open, head, bold_close, tail, br)


def test_codes_missing_extra_and_swapped(un: list[tuple[str, str]]) -> None:
    en, zh = council(un)
    source = coded(en)
    target = coded(zh)
    assert run(source, target) == []
    missing = run(source, target[:-1])
    assert kinds(missing) == ["codes"] and "{2/}" in missing[0].message
    swapped = (target[4], target[0], target[1], target[2], target[3])
    found = run(source, swapped)
    assert kinds(found) == ["codes"] and "order" in found[0].message
    extra = run(source, (*target, target[4]))
    assert kinds(extra) == ["codes"] and "more than once" in extra[0].message


def test_untranslated_and_copied_source(un: list[tuple[str, str]]) -> None:
    en, _ = council(un)
    assert kinds(run(en, "")) == ["untranslated"]
    assert "identical" in kinds(run(en, en))


def test_a_doubled_word(un: list[tuple[str, str]]) -> None:
    en, zh = council(un)
    doubled = run(en, zh.replace(COUNCIL, COUNCIL + COUNCIL, 1))
    assert kinds(doubled) == ["doubled"]
    assert kinds(run(en, zh.replace("它", "它的的", 1))) == ["doubled"]
    # into English: "the the"
    assert kinds(run(zh, en.replace("the ", "the the ", 1), Checker("zh-CN", "en"))) == ["doubled"]


def test_whitespace_and_end_punctuation(un: list[tuple[str, str]]) -> None:
    en, zh = council(un)
    assert zh.endswith("。")
    assert kinds(run(en, zh + " ")) == ["whitespace"]
    latin = run(en, zh[:-1] + ".")
    assert kinds(latin) == ["punctuation"] and "'。'" in latin[0].message
    assert kinds(run(en, zh[:-1])) == ["punctuation"]
    assert kinds(run(zh, en[:-1] + "。", Checker("zh-CN", "en"))) == ["punctuation"]


def test_the_same_source_translated_two_ways(un: list[tuple[str, str]]) -> None:
    en, zh = council(un)
    other = zh.replace("回顾", "忆及")
    pairs = [Pair(1, (en,), (zh,)), Pair(2, (en,), (zh,)), Pair(3, (en,), (other,))]
    issues = check_pairs(pairs, Checker("en", "zh-CN"))
    assert [(i.segment, i.kind) for i in issues] == [(3, "consistency")] and "segment 1" in issues[0].message
    memory = check_pairs(pairs[:1], Checker("en", "zh-CN"), lambda text: [(other, "memory.tmx")])
    assert kinds(memory) == ["consistency"] and "memory.tmx" in memory[0].message


def test_check_all_on_a_po_file(un: list[tuple[str, str]], tmp_path: Path) -> None:
    import polib

    en, zh = council(un)
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid=en, msgstr=zh.replace(COUNCIL, "安理会")))
    dated = next((en, zh) for en, zh in un if "211 per 100,000" in en)
    catalogue.append(polib.POEntry(msgid=dated[0], msgstr=dated[1].replace("211", "")))
    path = tmp_path / "zh_CN.po"
    catalogue.save(str(path))
    workspace = tmp_path / "w.glossary"
    args = [sys.executable, "-m", "glossary", "-w", str(workspace)]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    subprocess.run(
        [*args, "term", "add", "Security Council", COUNCIL, "--forbidden", "安理会"], check=True, env=env
    )
    result = subprocess.run(
        [*args, "check", str(path), "--all", "--json"], capture_output=True, text=True, env=env
    )
    assert result.returncode == 1, result.stderr
    found = json.loads(result.stdout)
    lines = [e.linenum for e in polib.pofile(str(path))]
    assert [(f["kind"], f["line"]) for f in found] == [("term", lines[0]), ("numbers", lines[1])]
    human = subprocess.run([*args, "check", str(path), "--all"], capture_output=True, text=True, env=env)
    assert f"{path}:{lines[1]}: numbers: 211 of the source not in the target" in human.stdout.splitlines()


def test_check_all_compares_with_the_memory(un: list[tuple[str, str]], tmp_path: Path) -> None:
    import polib

    en, zh = council(un)
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    catalogue.append(polib.POEntry(msgid=en, msgstr=zh.replace("回顾", "忆及")))
    path = tmp_path / "zh_CN.po"
    catalogue.save(str(path))
    memory = tmp_path / "memory.tsv"
    memory.write_text(f"en\tzh-CN\n{en}\t{zh}\n", encoding="utf-8")
    args = [sys.executable, "-m", "glossary", "-w", str(tmp_path / "w.glossary")]
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    subprocess.run([*args, "import", str(memory), "--tm"], check=True, env=env, capture_output=True)
    result = subprocess.run(
        [*args, "check", str(path), "--all", "--json"], capture_output=True, text=True, env=env
    )
    (finding,) = json.loads(result.stdout)
    assert (
        finding["kind"] == "consistency" and "memory.tsv" in finding["message"] and zh in finding["message"]
    )
