"""Language checks on import: text not in its stated language is refused, unknown tags suggest the one meant."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

from glossary.model import Concept, Term
from glossary.termbase import Termbase, TermbaseError
from glossary.transfer import import_any
from memories.errors import InputError
from memories.formats import ReadOptions
from memories.importer import import_files, import_parallel
from memories.langid import identify, mismatch
from memories.langs import column_language, normalize_tag, suggest_tag
from memories.store import Workspace
from tests.conftest import shared

LANGS = ("ar", "en", "es", "fr", "ru", "zh")


@pytest.fixture(scope="module")
def devset() -> dict[str, list[str]]:
    """Lines 200-299 of the UN dev set in its six languages (the first lines are session titles)."""
    folder = shared("corpora", "unpc-devset-6way")
    return {
        lang: (folder / f"UNv1.0.devset.{lang}").read_text(encoding="utf-8").splitlines()[200:300]
        for lang in LANGS
    }


def _write(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _empty(ws: Workspace) -> bool:
    return ws.count_units() == 0 and not ws.origins()


@pytest.mark.parametrize("lang", LANGS)
def test_each_un_language_is_recognised_from_ten_short_segments(
    devset: dict[str, list[str]], lang: str
) -> None:
    short = [line[:8] if lang == "zh" else " ".join(line.split()[:3]) for line in devset[lang][:10]]
    assert identify(short)[0].lang == lang
    assert all(mismatch(lang, devset[lang][i : i + 20]) is None for i in range(0, 100, 20))


def test_chinese_text_imported_as_english_is_refused_and_nothing_is_written(
    workspace: Workspace, tmp_path: Path, devset: dict[str, list[str]]
) -> None:
    text = _write(tmp_path / "x.zh.txt", devset["zh"])
    with pytest.raises(InputError) as refused:
        import_files(workspace, [text], ReadOptions(lang="en"))
    assert str(refused.value).startswith(f"{text}: the en text looks like Chinese (zh), not English")
    assert "--force" in str(refused.value)
    assert _empty(workspace)
    (report,) = import_files(workspace, [text], ReadOptions(lang="en"), force=True)
    assert report.added > 0 and report.languages == {"en"}


def test_a_language_inferred_from_the_name_is_checked_too(
    workspace: Workspace, tmp_path: Path, devset: dict[str, list[str]]
) -> None:
    english = _write(tmp_path / "statement.zh.txt", devset["en"])
    with pytest.raises(InputError, match="the zh text looks like English"):
        import_files(workspace, [english])
    assert _empty(workspace)
    right = _write(tmp_path / "statement.en.txt", devset["en"])
    assert import_files(workspace, [right])[0].added > 0


def _po(path: Path, msgids: list[str], msgstrs: list[str], language: str | None = None) -> Path:
    catalogue = polib.POFile()
    catalogue.metadata = {"Content-Type": "text/plain; charset=UTF-8"}
    if language:
        catalogue.metadata["Language"] = language
    for msgid, msgstr in zip(msgids, msgstrs, strict=True):
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    catalogue.save(str(path))
    return path


def test_a_po_whose_msgid_and_msgstr_are_both_chinese_is_refused(
    workspace: Workspace, tmp_path: Path, devset: dict[str, list[str]]
) -> None:
    zh = devset["zh"][:30]
    both = _po(tmp_path / "zh_CN.po", zh, zh[::-1])
    with pytest.raises(InputError, match=r"source and target are both Chinese \(zh-CN, zh-CN\)"):
        import_files(workspace, [both], ReadOptions(source="zh-CN"))
    assert _empty(workspace)
    # The same catalogue with the source left at English: the msgids are what is wrong.
    with pytest.raises(InputError, match="the en text looks like Chinese"):
        import_files(workspace, [both])
    # Chinese msgstr in a catalogue that says it is French.
    french = _po(tmp_path / "fr.po", devset["en"][:30], zh, language="fr")
    with pytest.raises(InputError, match="the fr text looks like Chinese"):
        import_files(workspace, [french])
    assert _empty(workspace)
    good = _po(tmp_path / "good.po", devset["en"][:30], zh, language="zh_CN")
    assert import_files(workspace, [good])[0].added == 30


def test_parallel_files_in_the_wrong_languages_are_refused_naming_the_file(
    workspace: Workspace, tmp_path: Path, devset: dict[str, list[str]]
) -> None:
    a = _write(tmp_path / "a.zh", devset["zh"])
    b = _write(tmp_path / "b.zh", devset["zh"])
    with pytest.raises(InputError) as refused:
        import_parallel(workspace, [a, b], ("en", "zh"))
    assert str(refused.value).startswith(f"{a}: the en text looks like Chinese")
    assert _empty(workspace)
    # By their names both are Chinese: the same language twice is refused before anything is read.
    with pytest.raises(InputError, match=r"the same language \(zh\) as"):
        import_parallel(workspace, [a, b])
    en = _write(tmp_path / "b.en", devset["en"])
    with pytest.raises(InputError, match="the same language"):
        import_parallel(workspace, [a, en], ("zh", "zh-CN"))
    assert import_parallel(workspace, [a, en]).added == 100


def test_a_localisation_between_two_regions_of_a_language_is_not_refused(
    workspace: Workspace, tmp_path: Path, devset: dict[str, list[str]]
) -> None:
    # en-US -> en-GB is a real job; zh -> zh-CN is the same language twice.
    us_gb = _po(tmp_path / "en_GB.po", devset["en"][:20], devset["en"][20:40])
    assert import_files(workspace, [us_gb], ReadOptions(source="en-US"))[0].added == 20


def test_the_check_reads_only_the_first_segments(
    workspace: Workspace, tmp_path: Path, devset: dict[str, list[str]]
) -> None:
    # 300 English lines, then Chinese: the decision is made on the start of the file (fast on a large one).
    mixed = _write(tmp_path / "long.en.txt", devset["en"] * 3 + devset["zh"])
    assert import_files(workspace, [mixed])[0].added > 0


@pytest.mark.parametrize(
    ("written", "meant"), [("cn", "zh-CN"), ("CN", "zh-CN"), ("jp", "ja"), ("zh-chs", "zh-CN"), ("gr", "el")]
)
def test_an_invalid_tag_is_refused_with_the_tag_meant(written: str, meant: str) -> None:
    assert suggest_tag(written) == meant
    with pytest.raises(InputError, match=f"did you mean {meant}"):
        normalize_tag(written)


def test_real_tags_pass_and_nonsense_is_refused_without_a_guess() -> None:
    assert [normalize_tag(t) for t in ("zh_CN", "en-us", "iw", "x-klingon", "es-419")] == [
        "zh-CN", "en-US", "he", "x-klingon", "es-419",
    ]  # fmt: skip
    with pytest.raises(InputError) as refused:
        normalize_tag("qq")
    assert "did you mean" not in str(refused.value)


def test_a_table_header_that_writes_a_language_wrongly_is_refused(
    workspace: Workspace, tmp_path: Path
) -> None:
    table = tmp_path / "memory.tsv"
    table.write_text("en\tcn\nBelt and Road Initiative\t一带一路倡议\n", encoding="utf-8")
    with pytest.raises(InputError) as refused:
        import_any(workspace, [table])
    assert str(refused.value) == f"{table}: column 'cn' is not a language tag (did you mean zh-CN?)"
    assert column_language("domain") is None and column_language("zh_CN") == "zh-CN"
    terms = tmp_path / "terms.tsv"
    seed = shared("seeds", "diplomatic-terms.en-zh.tsv").read_text(encoding="utf-8")
    terms.write_text(seed.replace("zh-CN", "cn", 1), encoding="utf-8")
    with pytest.raises(InputError, match="did you mean zh-CN"):
        import_any(workspace, [terms], into="termbase")
    assert _empty(workspace) and not list(Termbase(workspace).concepts())


def test_a_term_in_an_invalid_language_is_refused_with_the_tag_meant(workspace: Workspace) -> None:
    with pytest.raises(TermbaseError, match="did you mean zh-CN"):
        Termbase(workspace).add(Concept((Term("en", "Belt and Road"), Term("cn", "一带一路"))))


def test_the_script_overrules_the_model_on_short_terms() -> None:
    # Short Chinese terms ending in a repeated word: fastText alone reads Catalan here.
    seed = shared("seeds", "diplomatic-terms.en-zh.tsv").read_text(encoding="utf-8").splitlines()
    chinese = [row.split("\t")[1] for row in seed[1:6]] + [f"恶意{n}" for n in range(7)]
    assert identify(chinese)[0].lang != "zh"
    assert mismatch("zh-CN", chinese) is None
    found = mismatch("en", chinese)
    assert found is not None and found.guess.lang == "zh"
