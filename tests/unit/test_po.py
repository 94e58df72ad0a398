"""gettext catalogues: the real PO/POT/MO samples read as a translator expects; PO written back for msgfmt."""

from __future__ import annotations

import gzip
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import polib
import pytest

from memories.errors import InputError
from memories.formats import ReadOptions, WriteOptions, po
from memories.langs import same_language
from memories.model import LeftOut, TranslationUnit, Variant
from tests.conftest import shared

LOCALE = Path("/usr/share/locale")


def sample(name: str) -> Path:
    return shared("formats", "po", name)


def records(path: Path, **options: object) -> list[TranslationUnit | LeftOut]:
    return list(po.read(path, ReadOptions(**options)))  # type: ignore[arg-type]


def units(path: Path, **options: object) -> list[TranslationUnit]:
    return [r for r in records(path, **options) if isinstance(r, TranslationUnit)]


def left_out(path: Path, **options: object) -> list[LeftOut]:
    return [r for r in records(path, **options) if isinstance(r, LeftOut)]


def by_msgid(found: list[TranslationUnit], msgid: str) -> list[TranslationUnit]:
    return [u for u in found if u.forms(u.srclang or "en")[0].text == msgid]


def target(unit: TranslationUnit) -> Variant:
    return unit.variants[-1]


def msgfmt_check(path: Path) -> subprocess.CompletedProcess[str]:
    if shutil.which("msgfmt") is None:
        print("msgfmt is not installed (gettext): the CI installs it")
        pytest.skip("msgfmt is not installed: install gettext to check PO output")
    return subprocess.run(["msgfmt", "--check", "-o", "/dev/null", str(path)], capture_output=True, text=True)


# --- reading the samples -----------------------------------------------------------------------------------

# name -> (translated units, fuzzy units, left out by reason), counted by reading each file.
EXPECTED = {
    "test_comment_ordering.po": (1, 0, {}),
    "test_fuzzy_header.po": (0, 0, {}),
    "test_indented.po": (2, 0, {}),
    "test_iso-8859-15.po": (5, 0, {}),
    "test_merge.pot": (1, 0, {"untranslated": 4}),
    "test_merge_after.po": (2, 1, {"untranslated": 2, "obsolete": 1}),
    "test_merge_before.po": (2, 1, {"obsolete": 1}),
    "test_msgctxt.po": (3, 0, {}),
    "test_noencoding.po": (10, 0, {}),
    "test_obsolete_is_not_fuzzy.po": (1, 1, {"obsolete": 1}),
    "test_obsolete_previousmsgid.po": (1, 0, {"obsolete": 1}),
    "test_pofile_helpers.po": (8, 2, {"untranslated": 3, "obsolete": 4}),
    "test_previous_msgid.po": (0, 0, {"untranslated": 3}),
    "test_save_as_mofile.po": (1, 0, {}),
    "test_save_as_pofile.po": (726, 0, {}),
    "test_set_fuzzy.po": (1, 1, {}),
    "test_trailing_comment.po": (1, 0, {}),
    "test_ufeff.po": (1, 0, {}),
    "test_unusual_metadata_location.po": (1, 0, {}),
    "test_utf8.po": (732, 0, {"untranslated": 1}),
    "test_weird_occurrences.po": (43, 0, {"untranslated": 4}),
    "test_word_garbage.po": (1, 0, {}),
    "test_wrap.po": (0, 0, {"untranslated": 3}),
    "test_iso-8859-15.mo": (1694, 0, {}),
    "test_msgctxt.mo": (3, 0, {}),
    "test_no_header.mo": (2, 0, {}),
    "test_utf8.mo": (726, 0, {}),
    "test_version_1.1.mo": (1, 0, {}),
}
BROKEN = {"test_syntax_error1.po", "test_invalid_version.mo"}


def test_the_table_names_every_sample() -> None:
    folder = sample("")
    names = {p.name for p in folder.iterdir() if p.suffix in (".po", ".pot", ".mo")}
    assert names == set(EXPECTED) | BROKEN


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_sample_reads_with_its_units_and_left_outs(name: str) -> None:
    translated, fuzzy, reasons = EXPECTED[name]
    found = records(sample(name), target="fr")
    unit_list = [r for r in found if isinstance(r, TranslationUnit)]
    counted: dict[str, int] = {}
    for record in found:
        if isinstance(record, LeftOut):
            counted[record.reason] = counted.get(record.reason, 0) + 1
    assert sum(u.status == "translated" for u in unit_list) == translated
    assert sum(u.status == "fuzzy" for u in unit_list) == fuzzy
    assert counted == reasons
    for unit in unit_list:
        assert unit.srclang == "en" and unit.variants[0].lang == "en" and unit.variants[0].form == 0
        assert target(unit).text  # an untranslated form is never a variant
        assert unit.position is not None and unit.position > 0


def test_units_that_differ_only_by_context_are_both_there() -> None:
    found = units(sample("test_msgctxt.po"), target="fr")
    some = {u.context: target(u).text for u in by_msgid(found, "some string")}
    assert some == {"Some message context": "une chaîne avec contexte", None: "une chaîne sans contexte"}
    assert [u.position for u in by_msgid(found, "some string")] == [6, 16]


def test_plural_entries_read_as_forms() -> None:
    (unit,) = by_msgid(units(sample("test_msgctxt.po"), target="fr"), "singular")
    assert unit.context == "Some other message context"
    assert [(v.text, v.form) for v in unit.forms("en")] == [("singular", 0), ("plural", 1)]
    assert [(v.text, v.form) for v in unit.forms("fr")] == [("singulier", 0), ("pluriel", 1)]
    # The header has no Plural-Forms: nothing to keep.
    assert unit.attrs == ()
    (year,) = by_msgid(units(sample("test_utf8.po"), target="es"), "year")
    assert [(v.text, v.form) for v in year.forms("es")] == [("año", 0), ("años", 1)]
    assert year.position == 518
    assert dict(year.attrs)[po.PLURAL_FORMS_ATTR] == "nplurals=2; plural=(n != 1);"


def test_iso_8859_15_text_is_decoded_from_its_declared_charset() -> None:
    found = units(sample("test_iso-8859-15.po"), target="fr")
    (e83,) = by_msgid(found, "E83: Cannot allocate buffer, using other one...")
    assert target(e83).text == "E83: L'allocation du tampon a échoué : arrêtez Vim, libérez de la mémoire"
    assert e83.position == 30
    assert "La version française est plus" in e83.notes[0]
    # The same catalogue compiled: the accents survive in the MO as well.
    mo = units(sample("test_iso-8859-15.mo"), target="fr")
    assert any("échoué" in target(u).text for u in mo)


def test_a_bom_file_reads() -> None:
    (unit,) = units(sample("test_ufeff.po"))
    assert (unit.variants[0].text, target(unit).text, unit.position) == ("foo", "bar", 6)


def test_obsolete_entries_are_left_out_and_fuzzy_ones_kept_as_fuzzy() -> None:
    path = sample("test_obsolete_is_not_fuzzy.po")
    assert left_out(path) == [LeftOut("obsolete", 13)]
    (fuzzy,) = [u for u in units(path) if u.status == "fuzzy"]
    assert (fuzzy.variants[0].text, target(fuzzy).text) == ("Line", "Ligne")


def test_skip_fuzzy_leaves_fuzzy_entries_out() -> None:
    path = sample("test_pofile_helpers.po")
    assert sum(u.status == "fuzzy" for u in units(path)) == 2
    kept = records(path, skip_fuzzy=True)
    assert sum(isinstance(r, LeftOut) and r.reason == "fuzzy" for r in kept) == 2
    assert all(r.status == "translated" for r in kept if isinstance(r, TranslationUnit))


def test_comments_occurrences_flags_and_previous_msgid_become_notes_and_props() -> None:
    found = units(sample("test_iso-8859-15.po"), target="fr")
    (wrapping,) = by_msgid(found, "Test wrapping")
    assert wrapping.notes[0].startswith("Added for wrapping test, this is a long translated comment")
    props = wrapping.props
    assert (po.OCCURRENCE_PROP, "/foo/bar/baz/spam.py:710") in props
    assert (po.OCCURRENCE_PROP, "/foo/bar/baz/spam-ham-foo-bar-baz-spam-something-bar.py") in props
    assert dict(props)[po.COMMENT_PROP].startswith("Added for wrapping test, this is a long extracted")
    (previous,) = by_msgid(found, "Some msgid")
    assert previous.context == "@context"
    assert dict(previous.props)["x-po-previous-msgid"] == "previous untranslated entry"
    assert dict(previous.props)["x-po-previous-msgctxt"] == "@previous_context"
    (percent,) = by_msgid(found, "1 line --%d%%--")
    assert (po.FLAG_PROP, "c-format") in percent.props


def test_the_language_header_is_the_target_language() -> None:
    found = units(sample("test_obsolete_previousmsgid.po"), target="zh-CN")
    assert {target(u).lang for u in found} == {"ca"}
    # Without the header, the option says.
    assert {target(u).lang for u in units(sample("test_msgctxt.po"), target="pt_BR")} == {"pt-BR"}


@pytest.mark.parametrize(
    ("locale", "tag"),
    [
        ("pt_BR", "pt-BR"),
        ("zh_CN", "zh-CN"),
        ("zh_CN.UTF-8", "zh-CN"),
        ("sr@latin", "sr-Latn"),
        ("sr_RS@latin", "sr-Latn-RS"),
        ("ca@valencia", "ca-valencia"),
        ("en@quot", "en"),
        ("fr", "fr"),
    ],
)
def test_gettext_locales_become_language_tags(locale: str, tag: str) -> None:
    assert po.locale_tag(locale) == tag


@pytest.mark.parametrize(
    ("tag", "locale"),
    [
        ("zh-CN", "zh_CN"),
        ("zh-Hans", "zh_CN"),
        ("zh-TW", "zh_TW"),
        ("fr", "fr"),
        ("pt-BR", "pt_BR"),
        ("sr-Latn", "sr@latin"),
        ("ca-valencia", "ca@valencia"),
        ("ar", "ar"),
    ],
)
def test_language_tags_become_gettext_locales(tag: str, locale: str) -> None:
    assert po.gettext_locale(tag) == locale
    assert same_language(po.locale_tag(locale), tag)


def test_a_catalogue_without_header_numbers_its_first_entry_by_its_line() -> None:
    (unit,) = units(sample("test_unusual_metadata_location.po"))
    assert unit.position == 4
    lines = sample("test_unusual_metadata_location.po").read_text(encoding="utf-8").splitlines()
    assert lines[unit.position - 1] == 'msgid "foo"'


def test_empty_and_header_only_files_are_catalogues_of_no_units(tmp_path: Path) -> None:
    empty = tmp_path / "empty.po"
    empty.write_bytes(b"")
    assert records(empty) == []
    assert records(sample("test_fuzzy_header.po")) == []


def test_a_gzipped_catalogue_reads_like_the_plain_one(tmp_path: Path) -> None:
    for name in ("test_msgctxt.po", "test_iso-8859-15.po", "test_msgctxt.mo"):
        packed = tmp_path / f"{name}.gz"
        packed.write_bytes(gzip.compress(sample(name).read_bytes()))
        assert records(packed, target="fr") == records(sample(name), target="fr")


def test_an_encoding_option_reads_a_file_whose_header_names_no_charset() -> None:
    path = shared("formats", "omegat", "data", "tmx", "TMXComplianceKit", "ExportTest1D.po")
    with pytest.raises(InputError) as refused:
        records(path)
    assert str(refused.value).startswith(f"{path}:11: byte b'\\xe9' is not valid utf-8")
    found = units(path, encoding="latin-1", target="fr")
    assert target(by_msgid(found, "103")[0]).text.startswith("é=eacute, \xa0=nbsp")


# --- refusing what cannot be read --------------------------------------------------------------------------


def test_a_syntax_error_is_refused_at_its_line() -> None:
    path = sample("test_syntax_error1.po")
    with pytest.raises(InputError) as refused:
        records(path)
    assert str(refused.value).startswith(f"{path}:5: PO syntax error")
    # Line 5 is a second msgstr with no msgid before it.
    assert path.read_text(encoding="utf-8").splitlines()[4] == 'msgstr ""'


def test_a_broken_mo_file_is_refused() -> None:
    path = sample("test_invalid_version.mo")
    with pytest.raises(InputError) as refused:
        records(path)
    assert str(refused.value).startswith(f"{path}: not a readable MO file")


def test_bytes_not_valid_in_the_declared_charset_are_refused_at_their_line(tmp_path: Path) -> None:
    lines = sample("test_utf8.po").read_bytes().split(b"\n")
    assert b"charset=UTF-8" in b"\n".join(lines[:20])
    assert lines[99] == b'msgid "This field cannot be null."'
    lines[99] = lines[99].replace(b"field", b"field\xff")
    broken = tmp_path / "broken.po"
    broken.write_bytes(b"\n".join(lines))
    with pytest.raises(InputError) as refused:
        records(broken)
    assert str(refused.value).startswith(f"{broken}:100: byte b'\\xff' is not valid UTF-8")


def test_a_language_header_that_is_no_language_is_refused_at_its_line(tmp_path: Path) -> None:
    text = sample("test_msgctxt.po").read_text(encoding="utf-8")
    bad = tmp_path / "bad.po"
    bad.write_text(
        text.replace('"Content-Type', '"Language: Klingonese\\n"\n"Content-Type', 1), encoding="utf-8"
    )
    with pytest.raises(InputError) as refused:
        records(bad)
    assert str(refused.value).startswith(f"{bad}:4: the Language header 'Klingonese' is not a language code")


def target_languages(path: Path, **options: object) -> set[str]:
    return {target(u).lang for u in units(path, **options)}


def test_a_catalogue_without_a_language_header_takes_the_language_its_path_names(tmp_path: Path) -> None:
    # test_utf8.po is a real Spanish catalogue (django, "Castellano") with no Language header.
    spanish = sample("test_utf8.po")
    assert "Language:" not in spanish.read_text(encoding="utf-8").split('msgid "Some msgid"')[0]
    named = {
        "es.po": {"es"},
        "pt_BR.po": {"pt-BR"},
        "sr@latin.po": {"sr-Latn"},
        "locale/es/LC_MESSAGES/django.po": {"es"},
        "locale/ca@valencia/LC_MESSAGES/django.po": {"ca-valencia"},
        # A domain's name is not a language, though "vim" and "gui" are ISO 639-3 codes: the default.
        "vim.po": {"zh-CN"},
        "django.po": {"zh-CN"},
    }
    for name, expected in named.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(spanish, path)
        assert target_languages(path) == expected, name
    # The user's word beats the file's name; the file's header beats both.
    assert target_languages(tmp_path / "es.po", target="es-MX") == {"es-MX"}
    declared = tmp_path / "es" / "LC_MESSAGES" / "fr.po"
    declared.parent.mkdir(parents=True)
    shutil.copyfile(sample("test_obsolete_previousmsgid.po"), declared)  # its header says Language: ca
    assert target_languages(declared, target="de") == {"ca"}
    # A compiled catalogue (no header either) under the system's layout: the directory names the language.
    mo = tmp_path / "locale" / "es" / "LC_MESSAGES" / "django.mo"
    mo.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(sample("test_utf8.mo"), mo)
    assert "Language" not in polib.mofile(str(mo)).metadata
    assert target_languages(mo) == {"es"}


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot open"):
        records(tmp_path / "nope.po")


def test_truncated_catalogues_are_refused_cleanly(tmp_path: Path) -> None:
    """Every prefix of a real PO or MO reads, or raises an InputError naming the file: never a traceback."""
    for name in ("test_msgctxt.po", "test_msgctxt.mo", "test_pofile_helpers.po"):
        data = sample(name).read_bytes()
        for end in range(0, len(data), max(1, len(data) // 150)):
            cut = tmp_path / f"cut-{end}-{name}"
            cut.write_bytes(data[:end])
            try:
                records(cut)
            except InputError as exc:
                assert str(exc).startswith(str(cut)) and "\n" not in str(exc)


# --- MO files ----------------------------------------------------------------------------------------------


def test_an_mo_file_holds_the_same_units_as_its_po() -> None:
    def texts(path: Path) -> set[tuple[str | None, tuple[str, ...]]]:
        return {(u.context, tuple(v.text for v in u.variants)) for u in units(path, target="fr")}

    assert texts(sample("test_msgctxt.mo")) == texts(sample("test_msgctxt.po"))
    assert len(units(sample("test_utf8.mo"))) == len(units(sample("test_save_as_pofile.po"))) == 726


def test_an_mo_file_is_known_by_its_magic_number_whatever_its_name(tmp_path: Path) -> None:
    renamed = tmp_path / "catalogue.po"
    renamed.write_bytes(sample("test_msgctxt.mo").read_bytes())
    assert records(renamed, target="fr") == records(sample("test_msgctxt.mo"), target="fr")


def installed_catalogues(locales: tuple[str, ...], per_locale: int) -> Iterator[tuple[str, Path]]:
    """Up to ``per_locale`` compiled catalogues of each locale, smallest first (a few seconds in all)."""
    for locale in locales:
        found = sorted(
            (LOCALE / locale / "LC_MESSAGES").glob("*.mo"), key=lambda p: (p.stat().st_size, p.name)
        )
        yield from ((locale, p) for p in found[:per_locale])


def test_installed_mo_files_read_with_their_language() -> None:
    locales = ("fr", "de", "ru", "zh_CN", "zh_TW", "pt_BR", "ar", "ja", "es", "sr@latin")
    catalogues = list(installed_catalogues(locales, per_locale=12))
    if not catalogues:
        pytest.skip(
            f"no compiled catalogues under {LOCALE}/{{{','.join(locales)}}}/LC_MESSAGES on this machine"
        )
    checked = 0
    for locale, path in catalogues:
        declared = polib.mofile(str(path)).metadata.get("Language", "").strip()
        found = units(path, target="und")
        languages = {target(u).lang for u in found}
        if not found:
            continue
        if declared:
            (lang,) = languages
            assert same_language(lang, po.locale_tag(locale)), (path, lang)
            checked += 1
        else:
            assert languages == {"und"}, path
    assert checked > len(catalogues) // 2
    pt_br = [p for locale, p in catalogues if locale == "pt_BR"]
    if pt_br:
        assert {target(u).lang for u in units(pt_br[0], target="und")} <= {"pt-BR"}


# --- writing -----------------------------------------------------------------------------------------------

ROUND_TRIPS = [
    ("test_msgctxt.po", "fr"),
    ("test_pofile_helpers.po", "fr"),
    ("test_utf8.po", "es"),
    ("test_iso-8859-15.po", "fr"),
    ("test_merge_after.po", "fr"),
    ("test_obsolete_previousmsgid.po", "ca"),
    ("test_weird_occurrences.po", "fr"),
    ("test_indented.po", "fr"),
    ("test_set_fuzzy.po", "fr"),
]


def translated_entries(catalogue: polib.POFile) -> dict[tuple[str | None, str], polib.POEntry]:
    kept: dict[tuple[str | None, str], polib.POEntry] = {}
    for entry in catalogue:
        if entry.obsolete or not entry.msgid:
            continue
        if entry.msgstr or any(entry.msgstr_plural.values()):
            kept.setdefault((entry.msgctxt, entry.msgid), entry)
    return kept


@pytest.mark.parametrize(("name", "lang"), ROUND_TRIPS)
def test_po_to_units_to_po_keeps_contexts_plurals_fuzzy_flags_and_comments(
    tmp_path: Path, name: str, lang: str
) -> None:
    original = sample(name)
    out = tmp_path / name
    written = po.write(out, units(original, target=lang), WriteOptions(source="en", target=lang))
    before = translated_entries(polib.pofile(str(original)))
    after = translated_entries(polib.pofile(str(out)))
    assert written == len(after) == len(before)
    assert after.keys() == before.keys()
    for key, old in before.items():
        new = after[key]
        assert new.msgid_plural == old.msgid_plural, key
        if old.msgid_plural:
            assert new.msgstr_plural == old.msgstr_plural, key
        else:
            assert new.msgstr == old.msgstr, key
        assert new.fuzzy == old.fuzzy, key
        assert new.flags == old.flags, key
        assert (new.tcomment, new.comment) == (old.tcomment, old.comment), key
        assert new.occurrences == old.occurrences, key
        assert (new.previous_msgctxt, new.previous_msgid) == (old.previous_msgctxt, old.previous_msgid), key
    header = polib.pofile(str(out)).metadata
    assert same_language(po.locale_tag(header["Language"]), lang)
    if shutil.which("msgfmt"):
        result = msgfmt_check(out)
        assert result.returncode == 0, result.stderr


def plural_unit(
    lang: str, forms: list[str], msgid: str = "%d file", context: str | None = None
) -> TranslationUnit:
    source = (Variant("en", msgid), Variant("en", msgid.replace("file", "files"), form=1))
    return TranslationUnit(
        source + tuple(Variant(lang, text, form=n) for n, text in enumerate(forms)), context=context
    )


def simple_unit(lang: str, source: str, text: str, **fields: object) -> TranslationUnit:
    return TranslationUnit((Variant("en", source), Variant(lang, text)), **fields)  # type: ignore[arg-type]


# target -> (Language header, nplurals, the forms of "%d file" in that language)
PLURAL_TARGETS = {
    "zh-CN": ("zh_CN", 1, ["%d 个文件"]),
    "fr": ("fr", 2, ["%d fichier", "%d fichiers"]),
    "ru": ("ru", 3, ["%d файл", "%d файла", "%d файлов"]),
    "ar": ("ar", 6, ["لا ملفات", "ملف واحد", "ملفان", "%d ملفات", "%d ملفًا", "%d ملف"]),
}


@pytest.mark.parametrize("lang", sorted(PLURAL_TARGETS))
def test_po_output_passes_msgfmt_check(tmp_path: Path, lang: str) -> None:
    locale, nplurals, forms = PLURAL_TARGETS[lang]
    batch = [
        plural_unit(lang, forms),
        plural_unit(lang, forms, context="dialog"),
        plural_unit(lang, forms[:1], msgid="%d folder"),  # fewer forms: the rest are written empty
        plural_unit(
            lang, [*forms, "extra"], msgid="%d disk"
        ),  # more forms than the language has: not written
        simple_unit(lang, "Charter of the United Nations", forms[0], status="fuzzy"),
        simple_unit(lang, "Charter of the United Nations", "duplicate"),  # same msgctxt + msgid: not written
        simple_unit(
            lang, "Done\n", "OK"
        ),  # newline at the end of the msgid only: msgfmt refuses, not written
        simple_unit(lang, "Done\n", "OK", status="fuzzy", context="fuzzy ones are not checked"),
        simple_unit("de", "Only German", "Nur Deutsch"),  # no variant in the target language
    ]
    out = tmp_path / f"{lang}.po"
    assert po.write(out, batch, WriteOptions(source="en", target=lang)) == 5
    result = msgfmt_check(out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == "", result.stderr  # not even a warning about the header
    catalogue = polib.pofile(str(out))
    assert catalogue.metadata["Language"] == locale
    assert catalogue.metadata["Plural-Forms"].startswith(f"nplurals={nplurals};")
    file_entry = catalogue.find("%d file")
    assert file_entry is not None and file_entry.msgstr_plural == dict(enumerate(forms))
    folder = catalogue.find("%d folder")
    assert folder is not None and folder.msgstr_plural == {
        n: forms[0] if n == 0 else "" for n in range(nplurals)
    }
    charter = catalogue.find("Charter of the United Nations")
    assert charter is not None and charter.fuzzy and charter.msgstr == forms[0]
    back = units(out, target="und")
    assert {target(u).lang for u in back} == {lang}
    assert [u.context for u in back if u.variants[0].text == "%d file"] == [None, "dialog"]


def test_units_keep_the_plural_rule_of_their_file(tmp_path: Path) -> None:
    """Forms mean something only under the rule they were translated for: that rule goes in the header."""
    # test_utf8.po (Spanish, no Language header) says plural=(n != 1); the table's French rule is (n > 1).
    found = units(sample("test_utf8.po"), target="fr")
    out = tmp_path / "fr.po"
    assert po.write(out, found, WriteOptions(source="en", target="fr")) == len(found) == 732
    assert polib.pofile(str(out)).metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    # A Ukrainian catalogue with a four-form rule (as in OmegaT's file-POFilter-multiple2.po).
    four = (
        "nplurals=4; plural=n==1 ? 3 : n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4"
        " && (n%100<10 || n%100>=20)"
        " ? 1 : 2;"
    )
    forms = ["%d файл", "%d файли", "%d файлів", "один файл"]
    uk = [
        replace(plural_unit("uk", forms), attrs=((po.PLURAL_FORMS_ATTR, four),)),
        plural_unit("uk", forms[:3], "%d key"),
    ]
    out = tmp_path / "uk.po"
    assert po.write(out, uk, WriteOptions(source="en", target="uk")) == 2
    assert polib.pofile(str(out)).metadata["Plural-Forms"] == four
    result = msgfmt_check(out)
    assert result.returncode == 0, result.stderr
    # Without it, the table's three Ukrainian forms: a unit with four is not written (no form is dropped).
    assert po.write(out, [replace(uk[0], attrs=()), uk[1]], WriteOptions(source="en", target="uk")) == 1
    assert polib.pofile(str(out)).metadata["Plural-Forms"].startswith("nplurals=3;")


def plural_entries(path: Path) -> int:
    return sum(1 for e in polib.mofile(str(path)) if e.msgid_plural)


def test_installed_catalogues_with_plurals_export_for_msgfmt(tmp_path: Path) -> None:
    catalogues = list(installed_catalogues(("zh_CN", "fr", "ru", "ar"), per_locale=200))
    with_plurals = [(loc, p) for loc, p in catalogues if p.stat().st_size < 200_000 and plural_entries(p)]
    if not with_plurals:
        pytest.skip(f"no compiled catalogue with plural entries under {LOCALE} on this machine")
    seen_languages = set()
    for locale, path in with_plurals[:30]:
        found = units(path, target="und")
        lang = target(found[0]).lang
        out = tmp_path / f"{locale}-{path.stem}.po"
        assert po.write(out, found, WriteOptions(source="en", target=lang)) == len(found)
        result = msgfmt_check(out)
        assert result.returncode == 0, (path, result.stderr)
        seen_languages.add(locale)
    assert len(seen_languages) >= 2


def test_writing_needs_a_target_language(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="one language pair"):
        po.write(tmp_path / "x.po", [], WriteOptions(source="en", target=None))


def test_a_failed_write_leaves_the_previous_file(tmp_path: Path) -> None:
    out = tmp_path / "fr.po"
    out.write_text("previous", encoding="utf-8")

    def exploding() -> Iterator[TranslationUnit]:
        yield simple_unit("fr", "Hello", "Bonjour")
        raise RuntimeError("the workspace went away")

    with pytest.raises(RuntimeError):
        po.write(out, exploding(), WriteOptions(source="en", target="fr"))
    assert out.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["fr.po"]
