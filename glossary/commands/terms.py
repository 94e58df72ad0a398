"""``glossary terms``, ``glossary term add|edit|remove`` and ``glossary check``: the termbase on the command line."""

from __future__ import annotations

import sys
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.markup import escape
from rich.table import Table

from glossary.cli import (
    State,
    _errors_as_lines,
    _tag_option,
    cli,
    err,
    fail,
    json_option,
    out,
    pass_state,
    source_option,
    target_option,
)
from glossary.model import CONCEPT_STATUSES, TERM_STATUSES

if TYPE_CHECKING:
    from glossary.model import Concept, Term
    from glossary.termbase import Termbase

FINDINGS_EXIT = 1


def concept_json(concept: Concept) -> dict[str, Any]:
    return {
        "id": concept.id,
        "status": concept.status,
        "origin": concept.origin,
        "domain": concept.domain,
        "definition": concept.definition,
        "note": concept.note,
        "source": concept.source,
        "changed_at": concept.changed_at,
        "changed_by": concept.changed_by,
        "terms": [
            {
                "id": t.id,
                "lang": t.lang,
                "text": t.text,
                "status": t.status,
                "case_sensitive": t.case_sensitive,
                "part_of_speech": t.part_of_speech,
                "note": t.note,
            }
            for t in concept.terms
        ],
    }


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


@cli.command()
@click.argument("query", required=False, default="")
@click.option("--lang", callback=_tag_option, help="Only terms in this language.")
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
    from glossary.termbase import Termbase

    ws = state.open(read_only=True)
    try:
        with _errors_as_lines():
            termbase = Termbase(ws)
            if query:
                found = termbase.find(query, lang, status, limit)
            else:
                found = []
                for concept in termbase.concepts(lang, status):
                    found.append(concept)
                    if len(found) >= limit:
                        break
    finally:
        ws.close()
    if as_json:
        out.print_json(data=[concept_json(c) for c in found])
        return
    if not found:
        out.print("No concepts found.")
        return
    _print_concepts(found)


@cli.group()
def term() -> None:
    """Add, edit or remove glossary concepts and their terms.

    \b
    Example:
      glossary term add "Security Council" 安全理事会 --admitted 安理会
      glossary term edit 12 --deprecated 安理会
      glossary term remove 12
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


@term.command(name="add")
@click.argument("source_term")
@click.argument("target_term", required=False)
@source_option
@target_option
@_status_options
@click.option("--domain", help="Subject field, e.g. 'treaties'.")
@click.option("--definition")
@click.option("--note")
@click.option("--status", type=click.Choice(CONCEPT_STATUSES), default="approved", show_default=True)
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
    status: str,
    case_sensitive: bool,
    part_of_speech: str | None,
    as_json: bool,
    **by_status: tuple[str, ...],
) -> None:
    """Add a concept: SOURCE_TERM in --source, and its preferred TARGET_TERM in --target.

    \b
    Example:
      glossary term add "Security Council" 安全理事会 --admitted 安理会 --domain UN
    """
    from glossary.model import Concept, Term
    from glossary.termbase import Termbase

    def make(lang: str, text: str, term_status: str) -> Term:
        return Term(lang, text, term_status, case_sensitive, part_of_speech)

    new_terms = [make(source, source_term, "preferred")]
    if target_term:
        new_terms.append(make(target, target_term, "preferred"))
    for term_status in TERM_STATUSES:
        new_terms.extend(make(target, text, term_status) for text in by_status.get(f"as_{term_status}", ()))
    ws = state.open()
    try:
        with _errors_as_lines():
            concept = Termbase(ws).add(Concept(tuple(new_terms), status, "manual", domain, definition, note))
    finally:
        ws.close()
    if as_json:
        out.print_json(data=concept_json(concept))
    else:
        out.print(f"concept {concept.id} added: " + escape(" = ".join(_shown(t) for t in concept.terms)))


def _parse_added(value: str) -> tuple[str, str]:
    lang, sep, text = value.partition("=")
    if not sep or not text.strip():
        fail(f"--add {value!r}: write LANG=TEXT, e.g. --add zh-CN=安理会")
    return lang.strip(), text.strip()


@term.command(name="edit")
@click.argument("concept_id", type=int)
@click.option("--add", "added", multiple=True, metavar="LANG=TEXT", help="Add an admitted term (repeatable).")
@click.option("--drop", multiple=True, metavar="TEXT", help="Remove the concept's term with this text.")
@_status_options
@click.option("--domain")
@click.option("--definition")
@click.option("--note")
@click.option("--status", type=click.Choice(CONCEPT_STATUSES), help="The concept's status.")
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
    as_json: bool,
    **by_status: tuple[str, ...],
) -> None:
    """Edit concept CONCEPT_ID: its fields, and the status of its terms (--deprecated TEXT marks TEXT).

    \b
    Example:
      glossary term edit 12 --add zh-CN=安理会 --deprecated 安理会 --note "UN usage"
    """
    from glossary.model import Term
    from glossary.termbase import Termbase

    ws = state.open(read_only=True)
    try:
        with _errors_as_lines():
            termbase = Termbase(ws)
            concept = termbase.get(concept_id)
            if concept is None:
                fail(f"no concept {concept_id} (glossary terms lists them)")
            new_terms = list(concept.terms)
            for value in added:
                lang, text = _parse_added(value)
                new_terms.append(Term(lang, text, "admitted"))
            known = {t.text for t in new_terms}
            for text in drop:
                if text not in known:
                    fail(f"concept {concept_id} has no term {text!r}")
                new_terms = [t for t in new_terms if t.text != text]
            for term_status in TERM_STATUSES:
                for text in by_status.get(f"as_{term_status}", ()):
                    if text not in known:
                        fail(f"concept {concept_id} has no term {text!r} (add it with --add LANG={text})")
                    new_terms = [replace(t, status=term_status) if t.text == text else t for t in new_terms]
            changes: dict[str, Any] = {"terms": tuple(new_terms)}
            fields: dict[str, str | None] = {"domain": domain, "definition": definition, "note": note}
            # An empty value clears a field: --note "" removes the note.
            changes.update((name, value or None) for name, value in fields.items() if value is not None)
            if status is not None:
                changes["status"] = status
            concept = termbase.edit(concept_id, **changes)
    finally:
        ws.close()
    if as_json:
        out.print_json(data=concept_json(concept))
    else:
        out.print(f"concept {concept.id}: " + escape(" = ".join(_shown(t) for t in concept.terms)))


@term.command(name="remove")
@click.argument("concept_ids", nargs=-1, type=int, required=True)
@pass_state
def term_remove(state: State, concept_ids: tuple[int, ...]) -> None:
    """Remove concepts (with all their terms).

    \b
    Example:
      glossary term remove 12 13
    """
    from glossary.termbase import Termbase

    ws = state.open(read_only=True)
    try:
        with _errors_as_lines(), ws.atomic():
            termbase = Termbase(ws)
            missing = [i for i in concept_ids if termbase.get(i) is None]
            if missing:
                fail(f"no concept {', '.join(map(str, missing))}; nothing removed")
            for concept_id in concept_ids:
                termbase.remove(concept_id)
    finally:
        ws.close()
    out.print(f"{len(concept_ids)} concept(s) removed")


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option(
    "--format", "fmt", type=click.Choice(["tmx", "po", "tsv", "xliff"]), help="Default: from FILE's name."
)
@click.option(
    "--all",
    "every",
    is_flag=True,
    help="Every QA check (numbers, inline codes, untranslated, doubled words, whitespace, end punctuation,"
    " consistency), not only terminology.",
)
@click.option(
    "--candidates",
    is_flag=True,
    help="Hold the file against extraction's unreviewed candidate concepts too, not only approved ones.",
)
@source_option
@target_option
@json_option
@pass_state
def check(
    state: State,
    file: Path,
    fmt: str | None,
    every: bool,
    candidates: bool,
    source: str,
    target: str,
    as_json: bool,
) -> None:
    """Check a translation against the glossary's approved concepts (--candidates: extraction's
    unreviewed ones too): missing target terms and deprecated or forbidden ones. A clean file gets one line
    saying so.

    Prints `file:line: source term -> expected target (found: ...)` for each problem; with --all, every
    QA check as `file:line: kind: message`. Exit status: 0 when clean, 1 when something was found, 2 when
    the file cannot be read.

    \b
    Example:
      glossary check translated.tmx --source en --target zh-CN
      glossary check statement.zh_CN.po --all --json
    """
    from glossary.qa import check_file
    from glossary.termbase import Termbase

    if not file.is_file():
        fail(f"{file}: no such file" if not file.exists() else f"{file}: not a file")
    checked = 0
    ws = state.open(read_only=True)
    try:
        with _errors_as_lines():
            termbase = Termbase(ws)
            if not termbase.count():
                err.print("glossary: warning: the termbase is empty (glossary import terms.tbx fills it)")
            if every:
                issues = _check_all(termbase, file, fmt, source, target, as_json)
            else:
                findings = list(check_file(termbase, file, source, target, fmt, candidates))
                wanted = ("approved", "candidate") if candidates else ("approved",)
                checked = sum(1 for c in termbase.concepts() if c.status in wanted)
    finally:
        ws.close()
    if every:
        if issues:
            sys.exit(FINDINGS_EXIT)
        if not as_json:
            out.print(escape(f"{file}: no problems found by any QA check"))
        return
    if as_json:
        out.print_json(
            data=[
                {
                    "file": f.path,
                    "line": f.line,
                    "source_term": f.source_term,
                    "expected": list(f.expected),
                    "found": list(f.found),
                    "missing": f.missing,
                    "concept": f.concept_id,
                    "source": f.source,
                    "target": f.target,
                }
                for f in findings
            ]
        )
    elif findings:
        for finding in findings:
            out.print(escape(str(finding)))
    else:
        # Silence would look the same as a check that did not run.
        what = "approved and candidate" if candidates else "approved"
        out.print(escape(f"{file}: no terminology problems ({checked:,} {what} concepts checked)"))
    if findings:
        sys.exit(FINDINGS_EXIT)


def _check_all(
    termbase: Termbase, file: Path, fmt: str | None, source: str, target: str, as_json: bool
) -> int:
    """Print every QA finding of ``file``; returns how many."""
    from glossary.qa import check_bilingual
    from memories.search import lookup

    def memory(text: str) -> list[tuple[str, str]]:
        # The memory's exact matches from other files: the file's own units, once imported, agree with it.
        found = lookup(termbase.workspace, text, source, target, min_score=100, limit=3)
        return [
            (m.target.text, m.unit.origin or "")
            for m in found
            if m.target is not None and m.score >= 100 and Path(m.unit.origin or "").name != file.name
        ]

    issues = check_bilingual(file, source, target, fmt, termbase, memory)
    if as_json:
        out.print_json(
            data=[
                {
                    "file": str(file),
                    "line": i.line,
                    "segment": i.segment,
                    "kind": i.kind,
                    "message": i.message,
                }
                for i in issues
            ]
        )
    else:
        for issue in issues:
            where = f"{file}:{issue.line}" if issue.line is not None else f"{file}: segment {issue.segment}"
            out.print(escape(f"{where}: {issue.kind}: {issue.message}"))
    return len(issues)
