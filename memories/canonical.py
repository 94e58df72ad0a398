"""One tag per language in a workspace: variants keep the tag they were imported with, while the language
list, the statistics and every export use one canonical tag per language and script (``zh``, ``zh-Hans``
and ``zh-CN`` are all written ``zh-CN``), so that other tools do not see two languages where there is one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from memories.db import Connection
from memories.langs import (
    CanonicalKey,
    canonical_key,
    canonical_map,
    normalize_tag,
    same_language,
    tag_region,
)
from memories.model import TranslationUnit
from memories.store import Workspace, register_migration, run_script

__all__ = [
    "Merge",
    "asked_for",
    "canonical_unit",
    "prefer",
    "preferences",
    "workspace_canonical_map",
    "workspace_merges",
]


@register_migration("languages", "canonical tags")
def _create_preferences(conn: Connection) -> None:
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
        tag: next((a for a in asked if same_language(a, canonical) and tag_region(a) in (None, tag_region(canonical))),
                  canonical)
        for tag, canonical in mapping.items()
    }  # fmt: skip


def preferences(ws: Workspace) -> dict[CanonicalKey, str]:
    """The workspace's chosen tags, per (language, script)."""
    return ws.tag_preferences()


def prefer(ws: Workspace, tag: str) -> str:
    """Make ``tag`` the canonical tag of its language and script in this workspace; returns it normalised."""
    tag = normalize_tag(tag)
    language, script = canonical_key(tag)
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
