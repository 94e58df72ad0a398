"""One tag per language in a workspace: variants keep the tag they were imported with, while the language
list, the statistics and every export use one canonical tag per language and script (``zh``, ``zh-Hans``
and ``zh-CN`` are all written ``zh-CN``), so that other tools do not see two languages where there is one.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import langcodes

from memories.errors import InputError
from memories.langs import normalize_tag, same_language
from memories.model import TranslationUnit
from memories.store import Workspace, register_migration, run_script

__all__ = [
    "DEFAULT_PREFERENCES",
    "Merge",
    "asked_for",
    "canonical_map",
    "canonical_unit",
    "prefer",
    "preferences",
    "workspace_canonical_map",
    "workspace_merges",
]

Key = tuple[str, str]
"""(language, script) with Chinese's script implied by its region: what one canonical tag stands for."""

DEFAULT_PREFERENCES: Mapping[Key, str] = {("zh", "Hans"): "zh-CN", ("zh", "Hant"): "zh-TW"}
"""Tags used when the workspace has no preference: the desk this tool serves writes Simplified Chinese
``zh-CN`` (as Trados and memoQ do) and Traditional ``zh-TW``."""


@register_migration("languages", "canonical tags")
def _create_preferences(conn: sqlite3.Connection) -> None:
    run_script(
        conn,
        """
        CREATE TABLE canonical_tag (
            language TEXT NOT NULL,
            script TEXT NOT NULL,   -- '' for a language written in one script
            tag TEXT NOT NULL,
            PRIMARY KEY (language, script)
        )
        """,
    )


def _parsed(tag: str) -> langcodes.Language:
    # A tag stored before tags were checked (``cn``) is its own language rather than an error on listing.
    try:
        return langcodes.Language.get(normalize_tag(tag))
    except InputError:
        return langcodes.Language.make(language=tag.lower())


def _key(tag: str) -> Key:
    lang = _parsed(tag)
    language = lang.language or tag.lower()
    script = lang.script or ""
    if language == "zh" and not script:
        script = "Hant" if lang.territory in ("TW", "HK", "MO") else "Hans"
    return language, script


def _region(tag: str) -> str | None:
    return _parsed(tag).territory


def canonical_map(tags: Sequence[str], preferred: Mapping[Key, str] | None = None) -> dict[str, str]:
    """Each of ``tags`` (most used first) -> the tag it is listed and exported as.

    A language's tags without a region (``zh``, ``zh-Hans``) and those with the preferred tag's region
    become the preferred tag; without a preference, a language used with one region only is written with
    it (``en`` and ``en-US`` -> ``en-US``), and one used with several (a localisation, ``en-US`` and
    ``en-GB``) keeps them apart, its bare tag too.
    """
    chosen = {**DEFAULT_PREFERENCES, **(preferred or {})}
    groups: dict[Key, list[str]] = {}
    for tag in tags:
        groups.setdefault(_key(tag), []).append(tag)
    mapping: dict[str, str] = {}
    for key, members in groups.items():
        target = chosen.get(key)
        regions = [region for region in dict.fromkeys(map(_region, members)) if region is not None]
        if target is None and len(regions) <= 1:
            # The most used tag with the region, or the most used bare one: members are most used first.
            target = next((t for t in members if _region(t) is not None), members[0])
        # A chosen tag without a region (zh-Hans) stands for its language's main region (CN) too.
        home = None if target is None else (_region(target) or _parsed(target).maximize().territory)
        for tag in members:
            region = _region(tag)
            if target is not None and (region is None or region == home):
                mapping[tag] = target
            else:
                # Another region: the most used tag with that region stands for it (zh-Hans-SG -> zh-SG).
                mapping[tag] = next(t for t in members if _region(t) == region)
    return mapping


def canonical_unit(unit: TranslationUnit, mapping: Mapping[str, str]) -> TranslationUnit:
    """``unit`` with its variants' tags replaced by their canonical tags."""
    if all(mapping.get(v.lang, v.lang) == v.lang for v in unit.variants):
        return unit
    return replace(unit, variants=tuple(replace(v, lang=mapping.get(v.lang, v.lang)) for v in unit.variants))


def asked_for(mapping: Mapping[str, str], languages: Iterable[str]) -> dict[str, str]:
    """``mapping`` with the tags a person asked for winning over the canonical ones (``--langs en,zh``
    writes ``zh``)."""
    asked = [normalize_tag(tag) for tag in languages]
    return {
        tag: next((a for a in asked if same_language(a, canonical) and _region(a) in (None, _region(canonical))),
                  canonical)
        for tag, canonical in mapping.items()
    }  # fmt: skip


def _table_exists(conn: sqlite3.Connection) -> bool:
    return bool(
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'canonical_tag'").fetchone()
    )


def preferences(ws: Workspace) -> dict[Key, str]:
    """The workspace's chosen tags, per (language, script)."""
    conn = ws.connection
    if not _table_exists(conn):
        return {}
    rows = conn.execute("SELECT language, script, tag FROM canonical_tag").fetchall()
    return {(str(language), str(script)): str(tag) for language, script, tag in rows}


def prefer(ws: Workspace, tag: str) -> str:
    """Make ``tag`` the canonical tag of its language and script in this workspace; returns it normalised."""
    tag = normalize_tag(tag)
    language, script = _key(tag)
    with ws.atomic() as conn:
        conn.execute(
            "INSERT INTO canonical_tag(language, script, tag) VALUES (?, ?, ?) "
            "ON CONFLICT(language, script) DO UPDATE SET tag = excluded.tag",
            (language, script, tag),
        )
    return tag


def workspace_canonical_map(ws: Workspace) -> dict[str, str]:
    """Every tag of the workspace's memory -> its canonical tag."""
    return canonical_map([lang for lang, _ in ws.stats_languages()], preferences(ws))


@dataclass(frozen=True)
class Merge:
    """Tags listed and exported as one."""

    canonical: str
    tags: tuple[str, ...]
    """The tags as imported, most used first (the canonical one among them only if it was imported)."""


def workspace_merges(ws: Workspace) -> tuple[Merge, ...]:
    """The workspace's tags that are listed and exported as another: what ``stats`` reports."""
    groups: dict[str, list[str]] = {}
    for tag, canonical in workspace_canonical_map(ws).items():
        groups.setdefault(canonical, []).append(tag)
    return tuple(Merge(canonical, tuple(tags)) for canonical, tags in groups.items() if tags != [canonical])
