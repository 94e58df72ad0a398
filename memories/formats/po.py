"""gettext catalogues through polib: PO, POT and MO read; PO written for one language pair.

Reading
    ``msgid`` (and ``msgid_plural``) are the source variants, forms 0 and 1, in ``options.source``;
    ``msgstr`` (or each non-empty ``msgstr[n]``, form n) the target variants, in the language of the header's
    ``Language`` (a gettext locale: ``pt_BR``, ``sr@latin``, ``zh_CN.UTF-8``); without one, in
    ``options.target`` when the user gave it, else in the language of the catalogue's path under gettext's
    layout (``po/fr.po``, ``locale/pt_BR/LC_MESSAGES/vim.mo``), else ``DEFAULT_TARGET``: a French catalogue
    without a header is not filed as Chinese only because nobody said otherwise.
    ``msgctxt`` is the unit's context; a fuzzy entry is a unit with status ``fuzzy`` (or left out with
    ``options.skip_fuzzy``). Translator comments are notes; extracted comments, occurrences, flags other
    than fuzzy and the previous msgctxt/msgid/msgid_plural are props (``x-po-comment``, ``x-po-occurrence``
    as ``file:line``, ``x-po-flag``, ``x-po-previous-msgctxt``...), which ``write`` turns back into comments.
    A plural unit keeps the header's ``Plural-Forms`` as its attribute ``po-plural-forms``, since its forms
    only mean something under that rule. Left out: obsolete entries, untranslated ones, entries with an
    empty msgid other than the header. The position is the entry's first line (MO: its ordinal).

    The charset is the header's, as gettext has it; ``options.encoding`` is for a file whose header names
    none (or a template's ``CHARSET``), else UTF-8. A UTF-8 BOM is allowed. An empty file, or one with only
    a header, is a catalogue of no units, as polib and msgfmt read it. Refused with an ``InputError``: a PO
    syntax error (at polib's line), bytes not valid in the charset (at their line), a ``Language`` header
    that is not a language code, a broken MO file. polib reads the whole catalogue before the first unit is
    yielded (it has no streaming parser; catalogues are small next to TMX files). A gzip-compressed
    catalogue (``fr.po.gz``) is read too.

Writing
    PO in UTF-8 for ``options.source`` -> ``options.target``: every unit with a source variant (form 0) and a
    target variant, with ``msgid_plural`` when the source has a form 1. The header says ``Language`` as a
    gettext locale and a ``Plural-Forms`` rule: the one the written plural units carry from their file
    (the most common, when several), else this module's table for the target language; a form the rule
    does not have is not invented or dropped, so a unit with more forms than ``nplurals`` is not written,
    and missing forms are written empty (msgfmt accepts an empty ``msgstr[n]``). So that the output always
    passes ``msgfmt --check``, these are not written either: a second unit with the same msgctxt and msgid
    (the first is kept), a unit whose msgid is empty (it would read as the header), and a unit that is not
    fuzzy whose strings do not all begin and end alike with a newline (msgfmt rejects that). ``write``
    returns how many units it wrote. Format flags (``c-format``) are written as read; a translation edited
    since, whose format directives no longer match, makes msgfmt fail, as it should.
"""

from __future__ import annotations

import codecs
import gettext
import io
import re
import struct
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import langcodes
import polib

from memories.errors import InputError
from memories.formats._files import WHOLE_FILE_LIMIT, atomic_output, decode_text, is_compressed, open_binary
from memories.formats.options import DEFAULT_TARGET, ReadOptions, Record, WriteOptions
from memories.langs import base_language, normalize_tag
from memories.model import LeftOut, Property, TranslationUnit, Variant

__all__ = ["gettext_locale", "load_catalogue", "locale_tag", "plural_forms", "read", "write"]

Entry = polib.POEntry | polib.MOEntry

COMMENT_PROP = "x-po-comment"
OCCURRENCE_PROP = "x-po-occurrence"
FLAG_PROP = "x-po-flag"
PREVIOUS_PROPS = {
    "previous_msgctxt": "x-po-previous-msgctxt",
    "previous_msgid": "x-po-previous-msgid",
    "previous_msgid_plural": "x-po-previous-msgid-plural",
}
PLURAL_FORMS_ATTR = "po-plural-forms"
# The TMX writer turns an attribute it has no place for into <prop type="x-NAME">: accept it back from there.
_PLURAL_FORMS_PROP = f"x-{PLURAL_FORMS_ATTR}"

_MO_MAGIC = (b"\xde\x12\x04\x95", b"\x95\x04\x12\xde")
_MO_SUFFIXES = (".mo", ".gmo")

# --- gettext locales (ll_CC.codeset@modifier) and BCP 47 tags --------------------------------------------

_MODIFIER_SCRIPTS = {
    "latin": "Latn",
    "cyrillic": "Cyrl",
    "arabic": "Arab",
    "devanagari": "Deva",
    "shaw": "Shaw",
    "iqtelif": "Latn",
}
_MODIFIER_VARIANTS = {"valencia": "valencia", "ije": "ijekavsk"}
_SCRIPT_MODIFIERS = {
    "Latn": "latin",
    "Cyrl": "cyrillic",
    "Arab": "arabic",
    "Deva": "devanagari",
    "Shaw": "shaw",
}
_VARIANT_MODIFIERS = {tag: modifier for modifier, tag in _MODIFIER_VARIANTS.items()}


def locale_tag(value: str) -> str:
    """A gettext locale as a BCP-47 tag: ``pt_BR`` -> ``pt-BR``, ``sr@latin`` -> ``sr-Latn``,
    ``ca@valencia`` -> ``ca-valencia``; modifiers that only change typography (``en@quot``) are dropped.
    Raises InputError (without a path) for a value that is not a locale."""
    locale, _, modifier = value.strip().partition("@")
    tag = normalize_tag(locale.split(".", 1)[0])
    script = _MODIFIER_SCRIPTS.get(modifier.lower())
    variant = _MODIFIER_VARIANTS.get(modifier.lower())
    if script is None and variant is None:
        return tag
    lang = langcodes.Language.get(tag)
    return normalize_tag(
        str(
            langcodes.Language.make(
                language=lang.language,
                script=script or lang.script,
                territory=lang.territory,
                variants=[*(lang.variants or []), *([variant] if variant else [])],
            )
        )
    )


def gettext_locale(tag: str) -> str:
    """The ``Language`` header value gettext expects for a tag: ``zh-CN`` -> ``zh_CN``, ``fr`` -> ``fr``,
    ``sr-Latn`` -> ``sr@latin``; Chinese without a region gets its script's (``zh_CN``, ``zh_TW``)."""
    lang = langcodes.Language.get(normalize_tag(tag))
    code = lang.language or "und"
    territory = lang.territory
    script = lang.script
    if code == "zh":
        territory = territory or ("TW" if script == "Hant" else "CN")
        script = None
    locale = f"{code}_{territory}" if territory else code
    modifier = _SCRIPT_MODIFIERS.get(script or "") or next(
        (_VARIANT_MODIFIERS[v] for v in lang.variants or [] if v in _VARIANT_MODIFIERS), None
    )
    return f"{locale}@{modifier}" if modifier else locale


# --- plural rules ------------------------------------------------------------------------------------------

# The rules as gettext's msginit writes them (gettext 0.21) and, for Arabic, the gettext manual's.
_ONE_FORM = "nplurals=1; plural=0;"
_ONE_OTHER = "nplurals=2; plural=(n != 1);"
_ZERO_ONE_OTHER = "nplurals=2; plural=(n > 1);"
_SLAVIC = (
    "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
)
_ONE_OTHER_LANGUAGES = (
    "en de nl sv da nb nn no es it pt el bg fi et hu he eo ca eu gl af sw tr az ka kk mn ur bn hi ta te"
)
_PLURAL_FORMS = {
    **dict.fromkeys(("zh", "ja", "ko", "vi", "th", "id", "ms", "lo", "km", "my"), _ONE_FORM),
    **dict.fromkeys(_ONE_OTHER_LANGUAGES.split(), _ONE_OTHER),
    **dict.fromkeys(("fr", "oc", "wa", "ti"), _ZERO_ONE_OTHER),
    **dict.fromkeys(("ru", "uk", "be", "sr", "hr", "bs"), _SLAVIC),
    "pl": "nplurals=3; plural=(n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "cs": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "sk": "nplurals=3; plural=(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2;",
    "lt": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "lv": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n != 0 ? 1 : 2);",
    "ro": "nplurals=3; plural=n==1 ? 0 : (n==0 || (n%100 > 0 && n%100 < 20)) ? 1 : 2;",
    "sl": "nplurals=4; plural=(n%100==1 ? 0 : n%100==2 ? 1 : n%100==3 || n%100==4 ? 2 : 3);",
    "ga": "nplurals=3; plural=n==1 ? 0 : n==2 ? 1 : 2;",
    "ar": (
        "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);"
    ),
}

_RULE = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)[\s;]*", re.DOTALL)
# msgfmt --check refuses a rule whose value reaches nplurals for some n; it tries small n, so do we.
_RULE_PROBES = range(1000)
_MAX_NPLURALS = 10


def plural_forms(tag: str) -> str:
    """The ``Plural-Forms`` header for a target language; two forms (one, other) when not in the table."""
    if base_language(tag) == "pt" and langcodes.Language.get(normalize_tag(tag)).territory == "BR":
        return _ZERO_ONE_OTHER
    return _PLURAL_FORMS.get(base_language(tag), _ONE_OTHER)


@dataclass(frozen=True)
class _Rule:
    nplurals: int
    header: str


def _parse_rule(text: str) -> _Rule | None:
    """A ``Plural-Forms`` value that msgfmt would accept, normalised; None for anything else."""
    match = _RULE.fullmatch(text)
    if match is None:
        return None
    nplurals, expression = int(match[1]), " ".join(match[2].split())
    if not 1 <= nplurals <= _MAX_NPLURALS:
        return None
    try:
        choose = gettext.c2py(expression)
        if any(not 0 <= choose(n) < nplurals for n in _RULE_PROBES):
            return None
    except (ValueError, SyntaxError, RecursionError, ZeroDivisionError):
        return None
    return _Rule(nplurals, f"nplurals={nplurals}; plural={expression};")


# --- reading -----------------------------------------------------------------------------------------------


def read(path: Path, options: ReadOptions) -> Iterator[Record]:
    """The catalogue's entries as units (or LeftOut), in file order; see the module's docstring."""
    source = _option_tag(options.source, path)
    catalogue = load_catalogue(path, options.encoding)
    target = (
        _header_language(catalogue, path)
        or (_option_tag(options.target, path) if options.target else None)
        or _path_language(path)
        or DEFAULT_TARGET
    )
    rule = _parse_rule(catalogue.metadata.get("Plural-Forms", ""))
    attrs: tuple[Property, ...] = ((PLURAL_FORMS_ATTR, rule.header),) if rule else ()
    first_line: int | None = None
    entries: list[Entry] = list(catalogue)
    for ordinal, entry in enumerate(entries, 1):
        if isinstance(entry, polib.POEntry):
            position = entry.linenum
            if not position:
                # polib numbers the file's first entry 0; only a file without a header shows it.
                first_line = first_line or _first_entry_line(path, catalogue.encoding)
                position = first_line
        else:
            position = ordinal
        yield _record(entry, position, source, target, attrs, options.skip_fuzzy)


# gettext's names for a catalogue: po/pt_BR.po, sr@latin.po, ast_ES.po. A bare three-letter stem is left
# out: "vim.po" or "gui.po" name a domain far more often than a language (and both are ISO 639-3 codes).
_LOCALE_STEM = re.compile(r"[a-z]{2}(?:_[A-Z]{2})?(?:@[a-z]+)?|[a-z]{3}_[A-Z]{2}(?:@[a-z]+)?")


def _path_language(path: Path) -> str | None:
    """The language gettext's layout gives a catalogue by its path: ``locale/fr/LC_MESSAGES/vim.mo`` (the
    directory) or ``po/pt_BR.po`` (the name); None when the path says nothing."""
    if path.parent.name == "LC_MESSAGES":
        name = path.parent.parent.name
    else:
        name = path.name.removesuffix(".gz")
        name = name[: -len(Path(name).suffix)] if Path(name).suffix else name
        if not _LOCALE_STEM.fullmatch(name):
            return None
    try:
        return locale_tag(name)
    except InputError:
        return None


def _option_tag(tag: str, path: Path) -> str:
    try:
        return normalize_tag(tag)
    except InputError as exc:
        raise exc.at(path) from exc


def load_catalogue(path: Path, fallback: str | None) -> polib.POFile | polib.MOFile:
    """The catalogue, or an InputError: polib's exceptions never leave this function."""
    if fallback is not None:
        _check_codec(path, fallback)
    compressed, head = _peek(path)
    is_mo = head in _MO_MAGIC or path.name.lower().removesuffix(".gz").endswith(_MO_SUFFIXES)
    # polib reads a plain file itself (by its path); a compressed one is given to it as content.
    content = _read_all(path) if compressed else None
    # polib reads past a broken MO table or an unterminated PO string and keeps what it got (cut strings):
    # both are checked first, so that a damaged catalogue is refused, never imported cut.
    if is_mo:
        _check_mo(path, content if content is not None else _read_all(path))
    else:
        _check_po_strings(path, content if content is not None else _read_all(path))
    try:
        encoding = _charset(polib.detect_encoding(str(path) if content is None else content, is_mo), fallback)
        if is_mo:
            if content is None:
                mo: polib.MOFile = polib.mofile(str(path), encoding=encoding)
                return mo
            # polib takes the bytes themselves as well as a path
            return polib.mofile(content, encoding=encoding)  # type: ignore[call-overload,no-any-return]
        if content is None:
            try:
                return polib.pofile(str(path), encoding=encoding)
            except UnicodeDecodeError as exc:
                raise _charset_error(path, _read_all(path), encoding) from exc
        return polib.pofile(_decode(path, content, encoding), encoding=encoding)
    except InputError:
        raise
    # polib reports a broken file with whatever its parser hits: OSError for syntax errors and bad MO
    # headers, struct.error for a truncated MO, UnicodeDecodeError, ValueError, IndexError...
    except Exception as exc:
        raise _parse_error(path, exc, is_mo) from exc


_MO_HINT = "the file is truncated or damaged; compile it again with msgfmt"


def _check_mo(path: Path, data: bytes) -> None:
    """Every table and string an MO file's header points to lies inside the file and ends with its NUL,
    as GNU gettext requires; said in a translator's words, never the parser's."""
    size = len(data)
    if size < 28:
        raise InputError(
            path, f"not a complete MO file: {size} bytes, shorter than an MO header", hint=_MO_HINT
        )
    order = "<" if data[:4] == _MO_MAGIC[0] else ">" if data[:4] == _MO_MAGIC[1] else None
    if order is None:
        raise InputError(path, "not an MO file (it does not start with the MO magic number)", hint=_MO_HINT)
    count, originals, translations = struct.unpack_from(f"{order}3I", data, 8)
    for name, start in (("original", originals), ("translation", translations)):
        if start + 8 * count > size:
            raise InputError(
                path,
                f"the table of {count:,} {name}s (at byte {start:,}) runs past the end of the file "
                f"({size:,} bytes)",
                hint=_MO_HINT,
            )
        for number in range(count):
            length, offset = struct.unpack_from(f"{order}2I", data, start + 8 * number)
            if offset + length >= size or data[offset + length] != 0:
                where = "past the end of the file" if offset + length >= size else "without its final NUL"
                raise InputError(
                    path,
                    f"{name} string {number + 1:,} of {count:,} ({length:,} bytes at byte {offset:,}) "
                    f"runs {where} ({size:,} bytes)",
                    hint=_MO_HINT,
                )


# A keyword line or a continuation line whose string is closed: "..." with backslash escapes, then nothing.
_PO_KEYWORD = re.compile(r"(?:#[~|]\s*)?(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\b|(?:#[~|]\s*)?\"")
_PO_STRING_LINE = re.compile(
    r'(?:#[~|]\s*)?(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?\s*"(?:[^"\\]|\\.)*"\s*'
)


# The same test over the whole text at once, for the lines after the first: a newline, then a line that opens
# like a keyword line and is not a closed string line to its end. [^\S\n] is the whitespace str.strip() removes,
# inside a line; the leading newline lets re jump from line to line instead of trying every character.
_PO_UNCLOSED_LINE = re.compile(
    r"\n[^\S\n]*"
    r"(?=(?:#[~|][^\S\n]*)?(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\b|(?:#[~|][^\S\n]*)?\")"
    r"(?!(?:#[~|][^\S\n]*)?(?:msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)?[^\S\n]*"
    r"\"[^\"\\\n]*(?:\\.[^\"\\\n]*)*\"[^\S\n]*$)",  # (?:[^"\\\n]|\\.)*, unrolled: one loop per run
    re.MULTILINE,
)


def _check_po_strings(path: Path, data: bytes) -> None:
    """Every string of a PO file is closed on its line: polib takes ``msgid "Ope`` as the msgid ``Ope``."""
    # Only ASCII quotes and backslashes are looked at: Latin-1 keeps every byte (and its line) where it is.
    text = data.decode("latin-1")
    first, newline, _ = text.partition("\n")
    if not _closed(first.strip().removeprefix("\xef\xbb\xbf")):
        number = 1
    else:
        # One regular expression over the rest: a line at a time in Python took a quarter of opening a PO.
        found = _PO_UNCLOSED_LINE.search(text, len(first)) if newline else None
        if found is None:
            return
        number = text.count("\n", 0, found.start()) + 2  # the line after the newline found
    raise InputError(
        path,
        "a string is not closed on its line (or is missing)",
        number,
        hint='a string is "text" in double quotes; write \\" for a quote inside it',
    )


def _closed(stripped: str) -> bool:
    return not _PO_KEYWORD.match(stripped) or _PO_STRING_LINE.fullmatch(stripped) is not None


def _charset(declared: str, fallback: str | None) -> str:
    # polib answers its default when the header names no charset it knows (none, or a template's "CHARSET").
    return fallback if fallback and declared == polib.default_encoding else declared


def _check_codec(path: Path, encoding: str) -> None:
    try:
        codecs.lookup(encoding)
    except LookupError as exc:
        raise InputError(
            path, f"unknown encoding {encoding!r}", hint="give an encoding such as latin-1"
        ) from exc


def _peek(path: Path) -> tuple[bool, bytes]:
    """(gzip-compressed?, the first four bytes of the content)."""
    with open_binary(path) as handle:
        try:
            return is_compressed(handle), handle.read(4)
        except (OSError, EOFError) as exc:
            raise InputError(path, f"cannot read: {_one_line(str(exc))}") from exc


def _read_all(path: Path) -> bytes:
    with open_binary(path, WHOLE_FILE_LIMIT) as handle:
        try:
            return handle.read()
        except (OSError, EOFError) as exc:
            raise InputError(path, f"cannot read: {_one_line(str(exc))}") from exc


def _decode(path: Path, data: bytes, encoding: str) -> str:
    try:
        return decode_text(data, path, encoding)
    except InputError as exc:
        raise InputError(path, exc.message, exc.line, hint=_CHARSET_HINT) from exc


_CHARSET_HINT = "correct the charset in the header's Content-Type, or give the encoding if it names none"


def _charset_error(path: Path, data: bytes, encoding: str) -> InputError:
    try:
        _decode(path, data, encoding)
    except InputError as exc:
        return exc
    return InputError(path, f"the text is not valid {encoding}", hint=_CHARSET_HINT)


_POLIB_LINE = re.compile(r"\(line (\d+)\)(?::\s*(.*))?", re.DOTALL)


def _parse_error(path: Path, exc: Exception, is_mo: bool) -> InputError:
    reason = _one_line(str(exc)) or type(exc).__name__
    if is_mo:
        if isinstance(exc, UnicodeDecodeError):
            return InputError(path, f"a message is not valid {exc.encoding}", hint=_CHARSET_HINT)
        return InputError(path, f"not a readable MO file: {reason}", hint="recompile it with msgfmt")
    match = _POLIB_LINE.search(reason)
    if match is None:
        return InputError(path, f"not a readable PO file: {reason}")
    detail = f": {match[2]}" if match[2] else ""
    return InputError(
        path,
        f"PO syntax error{detail}",
        int(match[1]),
        hint="an entry is [msgctxt] msgid msgstr, each followed by a string in double quotes",
    )


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _header_language(catalogue: polib.POFile | polib.MOFile, path: Path) -> str | None:
    value = catalogue.metadata.get("Language", "").strip()
    if not value:
        return None
    try:
        return locale_tag(value)
    except InputError as exc:
        line = None
        if isinstance(catalogue, polib.POFile):
            line = _find_line(path, catalogue.encoding, lambda text: text.lstrip().startswith('"Language:'))
        raise InputError(
            path,
            f"the Language header {value!r} is not a language code",
            line,
            hint="write a code such as fr or pt_BR there, or empty it and give the target language",
        ) from exc


def _first_entry_line(path: Path, encoding: str) -> int | None:
    # polib takes the comments that open a file ("# ...") as the file's header, not the entry's.
    def opens_entry(text: str) -> bool:
        token = text.split(None, 1)[0] if text.strip() else ""
        return bool(token) and token != "#" and not token.startswith("##") and token != "#~|"

    return _find_line(path, encoding, opens_entry)


def _find_line(path: Path, encoding: str, wanted: Callable[[str], bool]) -> int | None:
    with open_binary(path) as raw, io.TextIOWrapper(raw, encoding=encoding, errors="replace") as text:
        for number, line in enumerate(text, 1):
            if wanted(line.removeprefix("\ufeff")):
                return number
    return None


def _record(
    entry: Entry,
    position: int | None,
    source: str,
    target: str,
    plural_attrs: tuple[Property, ...],
    skip_fuzzy: bool,
) -> Record:
    if entry.obsolete:
        return LeftOut("obsolete", position)
    if not entry.msgid:
        return LeftOut("empty msgid", position)
    translations = _translations(entry)
    if not translations:
        return LeftOut("untranslated", position)
    fuzzy = "fuzzy" in entry.flags
    if fuzzy and skip_fuzzy:
        return LeftOut("fuzzy", position)
    variants = [Variant(source, entry.msgid)]
    if entry.msgid_plural:
        variants.append(Variant(source, entry.msgid_plural, form=1))
    variants += [Variant(target, text, form=form) for form, text in translations]
    return TranslationUnit(
        tuple(variants),
        position=position,
        context=entry.msgctxt,
        status="fuzzy" if fuzzy else "translated",
        srclang=source,
        notes=(entry.tcomment,) if entry.tcomment else (),
        props=_props(entry),
        attrs=plural_attrs if entry.msgid_plural else (),
    )


def _translations(entry: Entry) -> list[tuple[int, str]]:
    """(form, text) of the non-empty translations: an empty msgstr[n] is a form not translated yet."""
    if entry.msgstr_plural:
        return [(form, text) for form, text in sorted(entry.msgstr_plural.items()) if text]
    return [(0, entry.msgstr)] if entry.msgstr else []


def _props(entry: Entry) -> tuple[Property, ...]:
    props: list[Property] = []
    if entry.comment:
        props.append((COMMENT_PROP, entry.comment))
    props += [(OCCURRENCE_PROP, f"{file}:{line}" if line else file) for file, line in entry.occurrences]
    props += [(FLAG_PROP, flag) for flag in entry.flags if flag and flag != "fuzzy"]
    for field, kind in PREVIOUS_PROPS.items():
        value = getattr(entry, field)
        if value is not None:
            props.append((kind, value))
    return tuple(props)


# --- writing -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """What one unit would be as a PO entry, before the plural rule of the file is known."""

    unit: TranslationUnit
    msgid: str
    msgid_plural: str | None
    translations: dict[int, str]
    notes: tuple[str, ...]

    @property
    def key(self) -> tuple[str | None, str]:
        return self.unit.context, self.msgid

    @property
    def fuzzy(self) -> bool:
        # A unit aligned by machine and not yet reviewed is as unchecked as a fuzzy one: gettext flags both.
        return self.unit.status in ("fuzzy", "review")


def write(path: Path, units: Iterable[TranslationUnit], options: WriteOptions) -> int:
    """A PO file of the units for options.source -> options.target; returns how many units it holds."""
    if options.target is None:
        raise InputError(path, "a PO file holds one language pair", hint="give the target language")
    source = _option_tag(options.source, path)
    target = _option_tag(options.target, path)
    drafts = [draft for unit in units if (draft := _draft(unit, source, target)) is not None]
    rule = _chosen_rule(drafts, target)
    catalogue = polib.POFile()
    catalogue.header = f"Translation memory exported by glossary: {source} -> {target}"
    catalogue.metadata = _metadata(target, rule)
    seen: set[tuple[str | None, str]] = set()
    for draft in drafts:
        entry = _entry(draft, rule)
        if entry is None or draft.key in seen:
            continue
        seen.add(draft.key)
        catalogue.append(entry)
    with atomic_output(path, "w", encoding="utf-8") as handle:
        handle.write(catalogue.__unicode__())
    return len(catalogue)


def _draft(unit: TranslationUnit, source: str, target: str) -> _Draft | None:
    sources = {v.form: v for v in reversed(unit.forms(source))}
    # A tag pair such as en-US -> en-GB matches the same variants both ways: a variant is one or the other.
    targets = [v for v in unit.forms(target) if all(v is not s for s in sources.values())]
    msgid = sources.get(0)
    if msgid is None or not msgid.text or not targets:
        return None
    plural = sources.get(1)
    translations: dict[int, str] = {}
    for variant in targets:
        translations.setdefault(variant.form, variant.text)
    if plural is None and 0 not in translations:
        return None
    notes = dict.fromkeys([*unit.notes, *msgid.notes, *(n for v in targets for n in v.notes)])
    return _Draft(unit, msgid.text, plural.text if plural else None, translations, tuple(notes))


def _chosen_rule(drafts: list[_Draft], target: str) -> _Rule:
    """The plural rule the plural units were translated under, when they say; else the target's."""
    said = Counter(
        value
        for draft in drafts
        if draft.msgid_plural is not None
        for kind, value in (*draft.unit.attrs, *draft.unit.props)
        if kind in (PLURAL_FORMS_ATTR, _PLURAL_FORMS_PROP)
    )
    for value, _ in said.most_common():
        rule = _parse_rule(value)
        if rule is not None:
            return rule
    rule = _parse_rule(plural_forms(target))
    assert rule is not None, "every rule of the table is valid"
    return rule


def _metadata(target: str, rule: _Rule) -> dict[str, str]:
    return {
        "Project-Id-Version": "glossary translation memory",
        "PO-Revision-Date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M+0000"),
        "Last-Translator": "",
        "Language-Team": "",
        "Language": gettext_locale(target),
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": rule.header,
    }


def _entry(draft: _Draft, rule: _Rule) -> polib.POEntry | None:
    """The PO entry for a unit, or None when msgfmt --check would refuse it."""
    entry = polib.POEntry(msgid=draft.msgid, msgctxt=draft.unit.context)
    if draft.msgid_plural is not None:
        if max(draft.translations) >= rule.nplurals:
            return None
        entry.msgid_plural = draft.msgid_plural
        entry.msgstr_plural = {n: draft.translations.get(n, "") for n in range(rule.nplurals)}
        strings = [draft.msgid, draft.msgid_plural, *entry.msgstr_plural.values()]
    else:
        entry.msgstr = draft.translations[0]
        strings = [draft.msgid, entry.msgstr]
    if not draft.fuzzy and not _newlines_agree(strings):
        return None
    _annotate(entry, draft)
    return entry


def _newlines_agree(strings: list[str]) -> bool:
    return len({(s.startswith("\n"), s.endswith("\n")) for s in strings}) == 1


def _annotate(entry: polib.POEntry, draft: _Draft) -> None:
    props = draft.unit.props
    entry.tcomment = "\n".join(draft.notes)
    entry.comment = "\n".join(value for kind, value in props if kind == COMMENT_PROP)
    entry.occurrences = [_occurrence(value) for kind, value in props if kind == OCCURRENCE_PROP]
    flags = ["fuzzy"] if draft.fuzzy else []
    entry.flags = flags + list(dict.fromkeys(v for k, v in props if k == FLAG_PROP and v and v != "fuzzy"))
    for field, kind in PREVIOUS_PROPS.items():
        value = next((v for k, v in props if k == kind), None)
        setattr(entry, field, value)


def _occurrence(value: str) -> tuple[str, str]:
    file, _, line = value.rpartition(":")
    return (file, line) if file and line.isdigit() else (value, "")
