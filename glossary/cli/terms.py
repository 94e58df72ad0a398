"""``glossary terms`` and ``glossary term add|edit|remove``: the termbase on the command line."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import click
from rich.markup import escape
from rich.table import Table

from glossary.cli.options import json_option, source_option, tag_option, target_option
from glossary.cli.output import out, pick, print_json
from glossary.cli.state import State, pass_state
from glossary.model import CONCEPT_STATUSES, TERM_STATUSES, Concept, ConceptStatus, Term
from glossary.termbase import Termbase
from glossary.termlists import edit_concept, listed, new_concept, remove_concepts

__all__ = ["concept_json", "term", "terms"]


def concept_json(concept: Concept) -> dict[str, object]:
    fields = (
        "id", "status", "origin", "domain", "definition", "note", "source", "changed_at", "changed_by", "revision",
    )  # fmt: skip
    term_fields = ("id", "lang", "text", "status", "case_sensitive", "part_of_speech", "note")
    return {**pick(concept, *fields), "terms": [pick(t, *term_fields) for t in concept.terms]}


def _shown(term: Term) -> str:
    return term.text if term.status == "preferred" else f"{term.text} [{term.status}]"


def _print_concepts(concepts: list[Concept]) -> None:
    languages = list(dict.fromkeys(t.lang for c in concepts for t in c.terms))
    table = Table(show_lines=False)
    table.add_column("id", justify="right")
    for lang in languages:
        table.add_column(lang)
    table.add_column("domain")
    table.add_column("status")
    for concept in concepts:
        cells = [" | ".join(_shown(t) for t in concept.terms if t.lang == lang) for lang in languages]
        table.add_row(
            str(concept.id), *(escape(c) for c in cells), escape(concept.domain or ""), concept.status
        )
    out.print(table)


@click.command()
@click.argument("query", required=False, default="")
@click.option("--lang", callback=tag_option, help="Only terms in this language.")
@click.option("--status", type=click.Choice(CONCEPT_STATUSES), help="Only concepts with this status.")
@click.option("--limit", type=click.IntRange(min=1), default=100, show_default=True)
@json_option
@pass_state
def terms(state: State, query: str, lang: str | None, status: str | None, limit: int, as_json: bool) -> None:
    """List glossary concepts whose terms contain QUERY (all concepts without one).

    Matching ignores case, width (全角/半角) and spacing; exact matches come first.

    \b
    Example:
      glossary terms "shared future"
      glossary terms 东盟 --lang zh-CN --json
    """
    with state.workspace(read_only=True) as ws:
        found = listed(Termbase(ws), query, lang, status, limit)
    if as_json:
        print_json([concept_json(c) for c in found])
        return
    if not found:
        out.print("No concepts found.")
        return
    _print_concepts(found)


@click.group()
def term() -> None:
    """Add, edit or remove glossary concepts and their terms.

    \b
    Example:
      glossary term add "Security Council" 安全理事会 --admitted 安理会
      glossary term edit 12 --deprecated 安理会
      glossary term remove 12
      glossary term history 12
    """


def _status_options(f: Any) -> Any:
    for status in reversed(TERM_STATUSES):
        f = click.option(
            f"--{status}",
            f"as_{status}",
            multiple=True,
            metavar="TEXT",
            help=f"A target-language term with status {status} (repeatable)."
            if status != "preferred"
            else "A further preferred target-language term (repeatable).",
        )(f)
    return f


def _by_status(options: dict[str, tuple[str, ...]]) -> dict[str, tuple[str, ...]]:
    """The --preferred, --admitted... options by term status."""
    return {status: options.get(f"as_{status}", ()) for status in TERM_STATUSES}


@term.command(name="add")
@click.argument("source_term")
@click.argument("target_term", required=False)
@source_option
@target_option
@_status_options
@click.option("--domain", help="Subject field, e.g. 'treaties'.")
@click.option("--definition")
@click.option("--note")
@click.option(
    "--status",
    type=click.Choice(CONCEPT_STATUSES),
    help="The concept's status. Default: approved, but candidate for a translator on a team workspace.",
)
@click.option("--case-sensitive", is_flag=True, help="The terms match only with the case written.")
@click.option("--pos", "part_of_speech", help="Part of speech (noun, verb, adjective...).")
@json_option
@pass_state
def term_add(
    state: State,
    /,
    source_term: str,
    target_term: str | None,
    source: str,
    target: str,
    domain: str | None,
    definition: str | None,
    note: str | None,
    status: str | None,
    case_sensitive: bool,
    part_of_speech: str | None,
    as_json: bool,
    **by_status: tuple[str, ...],
) -> None:
    """Add a concept: SOURCE_TERM in --source, and its preferred TARGET_TERM in --target.

    On a team workspace a translator's concept goes to the review queue as a candidate, for a reviewer to
    approve; a reviewer's is approved, as is anyone's on a workspace file.

    \b
    Example:
      glossary term add "Security Council" 安全理事会 --admitted 安理会 --domain UN
    """
    concept = new_concept(
        source_term,
        target_term,
        source,
        target,
        _by_status(by_status),
        status or ConceptStatus.APPROVED,
        domain,
        definition,
        note,
        case_sensitive,
        part_of_speech,
    )
    with state.workspace() as ws:
        termbase = Termbase(ws)
        if status is None:
            concept = replace(concept, status=termbase.new_status)
        concept = termbase.add(concept)
    if as_json:
        print_json(concept_json(concept))
        return
    out.print(f"concept {concept.id} added: " + escape(" = ".join(_shown(t) for t in concept.terms)))
    if status is None and concept.status == ConceptStatus.CANDIDATE:
        out.print(
            "added as a candidate: a reviewer approves it (only a reviewer may add an approved concept)"
        )


@term.command(name="edit")
@click.argument("concept_id", type=int)
@click.option("--add", "added", multiple=True, metavar="LANG=TEXT", help="Add an admitted term (repeatable).")
@click.option("--drop", multiple=True, metavar="TEXT", help="Remove the concept's term with this text.")
@_status_options
@click.option("--domain")
@click.option("--definition")
@click.option("--note")
@click.option("--status", type=click.Choice(CONCEPT_STATUSES), help="The concept's status.")
@click.option(
    "--revision",
    type=click.IntRange(min=1),
    help="The revision you read (`glossary terms --json` shows it): if someone changed the concept since, "
    "nothing is changed and the command says who and when (exit code 2).",
)
@json_option
@pass_state
def term_edit(
    state: State,
    /,
    concept_id: int,
    added: tuple[str, ...],
    drop: tuple[str, ...],
    domain: str | None,
    definition: str | None,
    note: str | None,
    status: str | None,
    revision: int | None,
    as_json: bool,
    **by_status: tuple[str, ...],
) -> None:
    """Edit concept CONCEPT_ID: its fields, and the status of its terms (--deprecated TEXT marks TEXT).

    Each edit is recorded in the concept's history under --user (`glossary term history`).

    \b
    Example:
      glossary term edit 12 --add zh-CN=安理会 --deprecated 安理会 --note "UN usage"
      glossary --user li.wei term edit 12 --note "UN usage" --revision 3
    """
    fields = {"domain": domain, "definition": definition, "note": note}
    with state.workspace(read_only=True) as ws:
        concept = edit_concept(
            Termbase(ws), concept_id, added, drop, _by_status(by_status), fields, status, revision
        )
    if as_json:
        print_json(concept_json(concept))
    else:
        out.print(
            f"concept {concept.id} (revision {concept.revision}): "
            + escape(" = ".join(_shown(t) for t in concept.terms))
        )


@term.command(name="remove")
@click.argument("concept_ids", nargs=-1, type=int, required=True)
@click.option(
    "--revision",
    type=click.IntRange(min=1),
    help="The revision you read (one concept only): if someone changed it since, it stays and the command "
    "says who and when (exit code 2).",
)
@pass_state
def term_remove(state: State, concept_ids: tuple[int, ...], revision: int | None) -> None:
    """Remove concepts (with all their terms).

    \b
    Example:
      glossary term remove 12 13
      glossary term remove 12 --revision 4
    """
    with state.workspace(read_only=True) as ws:
        removed = remove_concepts(Termbase(ws), concept_ids, revision)
    out.print(f"{removed} concept(s) removed")


def _what_changed(before: Concept | None, after: Concept | None) -> str:
    """The fields a write changed, named (``terms, note``); the whole concept for an add or a delete."""
    if before is None or after is None:
        shown = after or before
        return " = ".join(_shown(t) for t in shown.terms) if shown is not None else ""
    names = ("terms", "status", "origin", "domain", "definition", "note", "score", "evidence")

    def said(concept: Concept, name: str) -> object:
        value = getattr(concept, name)
        return [(t.lang, t.text, t.status) for t in value] if name == "terms" else value

    return ", ".join(name for name in names if said(before, name) != said(after, name))


@term.command(name="history")
@click.argument("concept_id", type=int)
@json_option
@pass_state
def term_history(state: State, concept_id: int, as_json: bool) -> None:
    """Show every change to concept CONCEPT_ID, oldest first: revision, when, who, what and which fields.

    \b
    Example:
      glossary term history 12
      glossary term history 12 --json
    """
    with state.workspace(read_only=True) as ws:
        history = Termbase(ws).history(concept_id)
    if as_json:
        print_json(
            [
                {
                    **pick(h, "revision", "at", "by", "what"),
                    "before": None if h.before is None else concept_json(h.before),
                    "after": None if h.after is None else concept_json(h.after),
                }
                for h in history
            ]
        )
        return
    if not history:
        out.print(f"No recorded changes to concept {concept_id}.")
        return
    table = Table(show_lines=False)
    for name in ("revision", "when", "who", "what", "changed"):
        table.add_column(name, justify="right" if name == "revision" else "left")
    for h in history:
        table.add_row(
            str(h.revision),
            h.at,
            escape(h.by or ""),
            escape(h.what),
            escape(_what_changed(h.before, h.after)),
        )
    out.print(table)
