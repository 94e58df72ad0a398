"""``glossary admin``: set up a team workspace on PostgreSQL, bring it up to date, and give people their roles."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click
from rich.markup import escape

from glossary.cli.errors import errors_as_lines
from glossary.cli.options import json_option
from glossary.cli.output import out, print_json, print_table
from glossary.cli.state import State
from glossary.team import ROLES, Setup, grant, init, migrate, roles_of
from glossary.workspace import resolve_workspace_path

__all__ = ["admin"]


def _workspace_option(f: Callable[..., Any]) -> Callable[..., Any]:
    """``--workspace`` after the command too (``glossary admin init --workspace URL``), as the team's
    administrator types it; the global option works as well."""
    return click.option(
        "--workspace",
        "-w",
        "location",
        metavar="URL",
        help="The team workspace, postgresql://user@host/dbname (default: the global --workspace, else "
        "$GLOSSARY_WORKSPACE).",
    )(f)


def _location(location: str | None) -> str | Any:
    if location:
        with errors_as_lines():
            return resolve_workspace_path(location)
    state = click.get_current_context().find_object(State)
    with errors_as_lines():
        return state.path if state is not None else resolve_workspace_path(None)


@click.group()
def admin() -> None:
    """Set up a team workspace on PostgreSQL: its tables, roles and users (run by the database's owner).

    \b
    Example:
      glossary admin init --workspace postgresql://glossary_owner@db.example.org/terminology
      glossary admin grant li.wei translator --workspace postgresql://glossary_owner@db.example.org/terminology
    """


def _said(setup: Setup, as_json: bool, what: str) -> None:
    if as_json:
        print_json(
            {
                "workspace": setup.location,
                "created_roles": list(setup.created_roles),
                "versions": dict(setup.versions),
                "tables": setup.tables,
            }
        )
        return
    roles = ", ".join(f"{role} ({'created' if role in setup.created_roles else 'already there'})"
                      for role in ROLES.values())  # fmt: skip
    out.print(escape(f"{setup.location}: {what}; {setup.tables} tables granted to {roles}."))
    out.print("Add users with: glossary admin grant NAME reader|translator|reviewer")


@admin.command(name="init")
@_workspace_option
@json_option
def admin_init(location: str | None, as_json: bool) -> None:
    """Create the team workspace in a PostgreSQL database (schema glossary, its tables) and the roles
    glossary_reader, glossary_translator and glossary_reviewer with their privileges. Running it again
    changes nothing that is already there.

    \b
    Example:
      glossary admin init --workspace postgresql://glossary_owner@db.example.org/terminology
    """
    where = _location(location)
    with errors_as_lines():
        setup = init(where)
    _said(setup, as_json, "the team workspace is ready")


@admin.command(name="migrate")
@_workspace_option
@json_option
def admin_migrate(location: str | None, as_json: bool) -> None:
    """Bring a team workspace's schema up to date after glossary was upgraded (the only way on a shared
    database), and grant the roles their privileges on any new table. A schema newer than this glossary is
    refused.

    \b
    Example:
      glossary admin migrate --workspace postgresql://glossary_owner@db.example.org/terminology
    """
    where = _location(location)
    with errors_as_lines():
        setup = migrate(where)
    _said(setup, as_json, "the schema is up to date")


@admin.command(name="grant")
@click.argument("user")
@click.argument("role", type=click.Choice(tuple(ROLES)))
@click.option(
    "--password-prompt",
    is_flag=True,
    help="Ask for the new login's password (otherwise the role has none: IT sets it, or the server trusts "
    "its users another way).",
)
@_workspace_option
def admin_grant(user: str, role: str, password_prompt: bool, location: str | None) -> None:
    """Give USER the team role ROLE: reader (look up, export), translator (also import and edit units and
    concepts) or reviewer (also approve or reject concepts and lock segments). The login role is created
    when missing; a glossary role USER held before is revoked.

    \b
    Example:
      glossary admin grant li.wei translator --workspace postgresql://glossary_owner@db.example.org/terminology
      glossary admin grant wang reviewer --password-prompt
    """
    where = _location(location)
    password = (
        click.prompt(f"Password for {user}", hide_input=True, confirmation_prompt=True, err=True)
        if password_prompt
        else None
    )
    with errors_as_lines():
        granted = grant(where, user, role, password)
    line = f"{granted.user} is now a {role} ({granted.role})"
    if granted.created:
        line += "; the login role was created" + (
            " with the password given" if password else " without a password"
        )
    if granted.revoked:
        line += f"; revoked {', '.join(granted.revoked)}"
    out.print(escape(line + "."))


@admin.command(name="users")
@_workspace_option
@json_option
def admin_users(location: str | None, as_json: bool) -> None:
    """List the login roles holding a glossary role, with the role.

    \b
    Example:
      glossary admin users --workspace postgresql://glossary_owner@db.example.org/terminology
    """
    where = _location(location)
    with errors_as_lines():
        users = roles_of(where)
    if as_json:
        print_json([{"user": user, "role": role} for user, role in users])
        return
    print_table("Users", ("user", "role"), list(users))
