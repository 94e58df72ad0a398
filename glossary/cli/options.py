"""Options several commands share: languages (BCP-47, checked and normalised) and --json."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from memories.errors import InputError
from memories.langs import normalize_tag, same_language

__all__ = [
    "json_option",
    "min_score_option",
    "output_option",
    "source_option",
    "tag_option",
    "tags_option",
    "target_option",
]


def _tag(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        return normalize_tag(value)
    except InputError as exc:
        raise click.BadParameter(exc.message + (f" ({exc.hint})" if exc.hint else "")) from exc


def tag_option(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Callback of an option naming one language: its canonical BCP-47 tag."""
    return _tag(value)


def tags_option(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple[str, ...] | None:
    """Callback of an option naming languages, comma-separated: their tags, each language once."""
    if not value:
        return None
    tags = tuple(t for t in (_tag(part) for part in value.split(",") if part.strip()) if t)
    for index, tag in enumerate(tags):
        twin = next((earlier for earlier in tags[:index] if same_language(earlier, tag)), None)
        if twin is not None:
            raise click.BadParameter(f"{twin} and {tag} are the same language; give each language once")
    return tags


def source_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--source", default="en", show_default=True, callback=tag_option, help="Source language (BCP-47)."
    )(f)


def target_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--target", default="zh-CN", show_default=True, callback=tag_option, help="Target language (BCP-47)."
    )(f)


def json_option(f: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")(f)


def min_score_option(default: int, help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """--min: the lowest fuzzy-match score (1-100) a command uses."""
    return click.option(
        "--min", "min_score", type=click.IntRange(1, 100), default=default, show_default=True, help=help
    )


def output_option(help: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """-o/--output: the file a command writes."""
    return click.option(
        "-o", "--output", "output", type=click.Path(dir_okay=False, path_type=Path), help=help
    )
