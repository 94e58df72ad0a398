"""File -> workspace -> file: what a translator imports comes back out of the workspace unchanged, from a SQLite
file and from a PostgreSQL database."""

from __future__ import annotations

import shutil
from pathlib import Path

import polib
import pytest

from memories.canonical import workspace_canonical_map
from memories.formats import ReadOptions, WriteOptions
from memories.formats.tmx import write as write_tmx
from memories.importer import export_file, import_files, import_parallel
from memories.store import Workspace
from tests.conftest import on_both_backends, shared
from tests.unit.test_po import ROUND_TRIPS, msgfmt_check, translated_entries
from tests.unit.test_po import sample as po_sample
from tests.unit.test_tmx import KIT, canonical_tu, header_srclang, parse, un_devset_units, valid_tmx14


def _kit_files() -> list[str]:
    return ["ImportTest1A.tmx", "ImportTest1C.tmx", "ImportTest1D.tmx", "ImportTest1E.tmx", "ImportTest1I.tmx",
            "ImportTest1J.tmx", "ImportTest1K.tmx", "ImportTest1L.tmx", "ImportTest2A.tmx", "ImportTest2B.tmx",
            "ImportTest2C.tmx"]  # fmt: skip


def _unique_tus(path: Path, srclang: str) -> list[object]:
    """The file's TUs as canonical trees, a repeated TU once (the workspace stores a unit once)."""
    seen: list[object] = []
    for tu in parse(path).iter("tu"):
        canonical = canonical_tu(tu, srclang)
        if len(canonical[2]) >= 2 and canonical not in seen:
            seen.append(canonical)
    return seen


@on_both_backends
@pytest.mark.parametrize("name", _kit_files())
def test_tmx_through_the_workspace_keeps_languages_text_markup_props_and_notes(
    workspace: Workspace, tmp_path: Path, name: str
) -> None:
    original = shared(*KIT, name)
    # The kit tests markup, not languages: its ja-JP and de-DE segments are English placeholders.
    import_files(workspace, [original], force=True)
    srclang = header_srclang(original)
    out = tmp_path / "out.tmx"
    export_file(workspace, out, options=WriteOptions(source=srclang))
    assert valid_tmx14(out)
    assert [canonical_tu(tu, srclang) for tu in parse(out).iter("tu")] == _unique_tus(original, srclang)


def test_six_language_un_devset_through_the_workspace(workspace: Workspace, tmp_path: Path) -> None:
    built = tmp_path / "unpc.tmx"
    write_tmx(built, un_devset_units(), WriteOptions(source="en"))
    (report,) = import_files(workspace, [built])
    assert report.added == 4000
    out = tmp_path / "out.tmx"
    assert export_file(workspace, out, options=WriteOptions(source="en")) == 4000
    assert valid_tmx14(out)
    # The set's Chinese is tagged zh: the workspace keeps that tag on each variant and exports the one tag it
    # uses for Simplified Chinese (zh-CN), so Trados and memoQ see one Chinese; everything else comes back as built.
    assert {v.lang for v in workspace.unit(1).variants} >= {"zh"}  # type: ignore[union-attr]
    tags = workspace_canonical_map(workspace)
    assert tags["zh"] == "zh-CN"
    assert [canonical_tu(tu, "en") for tu in parse(out).iter("tu")] == [
        (attrs, extra, [(tags.get(lang, lang), *rest) for lang, *rest in variants])
        for attrs, extra, variants in (canonical_tu(tu, "en") for tu in parse(built).iter("tu"))
    ]


def test_parallel_import_exports_a_valid_six_language_tmx(workspace: Workspace, tmp_path: Path) -> None:
    files = sorted(shared("corpora", "unpc-devset-6way").glob("UNv1.0.devset.??"))
    import_parallel(workspace, files)
    out = tmp_path / "out.tmx"
    assert export_file(workspace, out, options=WriteOptions(source="en")) == 4000
    assert valid_tmx14(out)
    tus = list(parse(out).iter("tu"))
    assert {len(tu.findall("tuv")) for tu in tus} == {6}
    english = (files[1].read_text(encoding="utf-8")).splitlines()
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    found = [
        next(tuv.findtext("seg") for tuv in tu.iter("tuv") if tuv.get(xml_lang) == "en") for tu in tus[:3]
    ]
    assert found == english[:3]


@on_both_backends
@pytest.mark.parametrize(("name", "lang"), ROUND_TRIPS)
def test_po_through_the_workspace_keeps_contexts_plurals_and_fuzzy_flags(
    workspace: Workspace, tmp_path: Path, name: str, lang: str
) -> None:
    original = po_sample(name)
    # force: polib's samples test PO structure; some tagged fr hold Spanish or Portuguese.
    import_files(workspace, [original], ReadOptions(source="en", target=lang), force=True)
    out = tmp_path / name
    export_file(workspace, out, options=WriteOptions(source="en", target=lang))
    before = translated_entries(polib.pofile(str(original)))
    after = translated_entries(polib.pofile(str(out)))
    assert after.keys() == before.keys()
    for key, old in before.items():
        new = after[key]
        assert (new.msgid_plural, new.msgstr, new.msgstr_plural) == (
            old.msgid_plural,
            old.msgstr,
            old.msgstr_plural,
        )
        assert new.fuzzy == old.fuzzy and new.flags == old.flags, key
    if shutil.which("msgfmt"):
        assert msgfmt_check(out).returncode == 0
