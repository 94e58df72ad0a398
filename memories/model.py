"""The translation memory's domain values: translation units, their variants, origins and import results."""

from __future__ import annotations

from dataclasses import dataclass, field

from memories.langs import same_language

__all__ = [
    "Change",
    "ImportReport",
    "LeftOut",
    "Origin",
    "Property",
    "TranslationUnit",
    "Variant",
    "WorkspaceStats",
]

Property = tuple[str, str]
"""A (type, value) pair: a TMX ``<prop type=...>``, a PO flag or occurrence, a CSV extra column."""


@dataclass(frozen=True)
class Variant:
    """The text of a translation unit in one language."""

    lang: str
    """Canonical BCP-47 tag (``zh-CN``, ``en-US``)."""
    text: str
    """Plain text exactly as imported, whitespace included, inline codes left out: what a translator reads."""
    markup: str | None = None
    """The segment's content with its inline codes, as TMX 1.4 inline XML (``bpt/ept/ph/it/hi/ut/sub``);
    ``None`` when the segment has no inline codes, in which case ``text`` is the whole content."""
    form: int = 0
    """Ordinal among the unit's variants in this language: PO plural forms (msgid = 0, msgid_plural = 1;
    msgstr[n] = n), or a TMX unit that repeats a language."""
    notes: tuple[str, ...] = ()
    props: tuple[Property, ...] = ()
    attrs: tuple[Property, ...] = ()
    """Other attributes of the source format (TMX ``tuv`` creationdate, changeid...), kept for round trips."""


@dataclass(frozen=True)
class TranslationUnit:
    """One translation unit: the same segment in several languages, with its metadata."""

    variants: tuple[Variant, ...]
    position: int | None = None
    """Where the unit stood in its origin: the line number of the file, or the sentence number."""
    context: str | None = None
    """Disambiguating context (PO ``msgctxt``); two units that differ only by context are different."""
    status: str = "translated"
    """``translated``, ``fuzzy`` (a PO fuzzy entry: a translation not yet checked) or ``review``."""
    tuid: str | None = None
    srclang: str | None = None
    """The unit's source language as its file says (TMX ``srclang``), or ``None``."""
    created_at: str | None = None
    created_by: str | None = None
    changed_at: str | None = None
    changed_by: str | None = None
    usage_count: int | None = None
    notes: tuple[str, ...] = ()
    props: tuple[Property, ...] = ()
    attrs: tuple[Property, ...] = ()
    """Other attributes of the source format, kept for round trips."""
    id: int | None = None
    """The unit's id in the workspace; ``None`` before it is stored."""
    origin: str | None = None
    """The name of the file or document pair it came from (filled when read back from the workspace)."""

    @property
    def languages(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for variant in self.variants:
            seen.setdefault(variant.lang, None)
        return tuple(seen)

    def variant(self, lang: str, form: int = 0) -> Variant | None:
        """The variant in language ``lang`` (any tag that means the same language), or None."""
        for variant in self.variants:
            if variant.form == form and variant.lang == lang:
                return variant
        for variant in self.variants:
            if variant.form == form and same_language(variant.lang, lang):
                return variant
        return None

    def forms(self, lang: str) -> tuple[Variant, ...]:
        """All variants in ``lang`` ordered by form: the plural forms of a PO entry."""
        exact = [v for v in self.variants if v.lang == lang]
        chosen = exact or [v for v in self.variants if same_language(v.lang, lang)]
        return tuple(sorted(chosen, key=lambda v: v.form))


@dataclass(frozen=True)
class LeftOut:
    """A record a reader saw but did not turn into a unit, and why (untranslated, obsolete, one language...)."""

    reason: str
    position: int | None = None


@dataclass
class Repairs:
    """Where a reader asked to repair (``import --repair``) replaced characters XML 1.0 forbids, per file:
    how many, and the lines of the first ``KEEP``. Filled while the file is read, so it is not frozen."""

    KEEP = 5
    count: dict[str, int] = field(default_factory=dict)
    lines: dict[str, list[int]] = field(default_factory=dict)

    def add(self, path: str, line: int) -> None:
        self.count[path] = self.count.get(path, 0) + 1
        kept = self.lines.setdefault(path, [])
        if len(kept) < self.KEEP:
            kept.append(line)


@dataclass(frozen=True)
class Origin:
    """A file or document pair that units were imported from."""

    id: int
    name: str
    format: str
    imported_at: str
    units: int


@dataclass(frozen=True)
class Change:
    """One edit of a unit's variant made in the workspace (``Workspace.history``)."""

    lang: str
    form: int
    before: str | None
    """The text before the edit; ``None`` when the edit added the variant."""
    after: str
    at: str
    """When, as an ISO 8601 UTC timestamp."""
    by: str | None
    """Who, as the editor named them (the UI uses the login name); ``None`` when not said."""


@dataclass
class ImportReport:
    """What one import did: counted by the importer, printed by the CLI."""

    path: str
    format: str
    added: int = 0
    already_present: int = 0
    left_out: dict[str, int] = field(default_factory=dict)
    languages: set[str] = field(default_factory=set)
    """The languages of the units read (added or already present), so a user sees what the file held."""

    repaired: int = 0
    """Characters XML 1.0 forbids that ``import --repair`` replaced by U+FFFD."""
    repaired_lines: tuple[int, ...] = ()
    """The lines of the first few of them."""

    def leave_out(self, reason: str) -> None:
        self.left_out[reason] = self.left_out.get(reason, 0) + 1

    @property
    def left_out_total(self) -> int:
        return sum(self.left_out.values())


@dataclass(frozen=True)
class WorkspaceStats:
    """Counts for ``glossary stats``."""

    units: int
    variants_per_language: tuple[tuple[str, int], ...]
    units_per_pair: tuple[tuple[str, str, int], ...]
    origins: tuple[Origin, ...]
