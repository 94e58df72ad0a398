"""A team workspace's roles and privileges on PostgreSQL: ``glossary admin init``, ``migrate`` and ``grant``.

Three NOLOGIN roles carry the privileges, and people's login roles are made members of one of them:
``glossary_reader`` reads, ``glossary_translator`` also writes units and concepts (adding, deleting and merging
candidates), ``glossary_reviewer`` also approves or rejects concepts, adds, deletes or merges approved or
rejected ones, and locks editor segments. What only a reviewer may do is refused by the database itself (a
trigger), so that another client on the same database cannot do it either.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import glossary.migrations  # noqa: F401  (registers the termbase's tables before a workspace is created)
from memories.db import Connection, DatabaseError, display_url, is_url
from memories.db.postgres import REVIEWER, SCHEMA, PostgresDatabase
from memories.errors import WorkspaceError, WorkspaceReadOnlyError
from memories.store import Workspace

__all__ = [
    "READER",
    "REVIEWER",
    "ROLES",
    "TRANSLATOR",
    "Granted",
    "Setup",
    "grant",
    "init",
    "migrate",
    "roles_of",
    "team_url",
]

READER = "glossary_reader"
TRANSLATOR = "glossary_translator"
# REVIEWER, glossary_reviewer, is named in memories.db.postgres: a workspace tells whether its user holds it.
ROLES = {"reader": READER, "translator": TRANSLATOR, "reviewer": REVIEWER}
"""The roles ``glossary admin grant`` gives, by the word it takes; each holds the one before."""

_REVIEWER_HINT = (
    f"ask the team's administrator for the {REVIEWER} role: glossary admin grant YOUR_NAME reviewer"
)

# Run on every init and migrate, so that a table a migration added is covered and a role created by hand
# since gets what it needs. Everything here can run twice.
_PRIVILEGES = (
    f"GRANT USAGE ON SCHEMA {SCHEMA} TO {READER}",
    f"GRANT SELECT ON ALL TABLES IN SCHEMA {SCHEMA} TO {READER}",
    f"GRANT SELECT ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {READER}",
    f"GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {SCHEMA} TO {READER}",
    f"GRANT INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {SCHEMA} TO {TRANSLATOR}",
    f"GRANT USAGE, UPDATE ON ALL SEQUENCES IN SCHEMA {SCHEMA} TO {TRANSLATOR}",
    # Tables a later migration creates (run by the same owner) get the same privileges at once; `admin
    # migrate` grants again anyway, for a migration run by another administrator.
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA {SCHEMA} GRANT SELECT ON TABLES TO {READER}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA {SCHEMA} GRANT SELECT ON SEQUENCES TO {READER}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA {SCHEMA} GRANT EXECUTE ON FUNCTIONS TO {READER}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA {SCHEMA} GRANT INSERT, UPDATE, DELETE ON TABLES TO {TRANSLATOR}",
    f"ALTER DEFAULT PRIVILEGES IN SCHEMA {SCHEMA} GRANT USAGE, UPDATE ON SEQUENCES TO {TRANSLATOR}",
)

_ADD_HINT = (
    "add it as a candidate for a reviewer to approve or reject: glossary term add --status candidate; or "
    + _REVIEWER_HINT
)

_DELETE_HINT = (
    "ask a reviewer to delete it; a merge deletes the concepts merged into the one kept, so keep this one "
    "instead; or " + _REVIEWER_HINT
)

# The reviewer's acts, refused by the database for everyone else (the tables' owner and superusers aside:
# an administrator copying or repairing a workspace is not a translator): adding a concept approved or
# rejected (it would skip the review), changing a concept's status to or from approved or rejected, deleting
# an approved or rejected concept (a merge deletes the concepts merged into the one kept; undo and redo write
# with the same statements, guarded alike), and locking an editor segment or unlocking one a reviewer locked.
# A reviewer's lock is status 'locked' with locked_by, the reviewer's name (glossary.editing): setting one,
# and changing or deleting a row holding one, are refused. A segment stored locked without locked_by is one its
# file locks (a PO plural entry, XLIFF translate="no"): the editor stores it so, and drops it, as the file says
# on every open, which is no reviewer's act. A row whose source changes is another segment of a changed file
# (the editor replaces it when the file changed under it): the lock was given to a text that is gone. The
# editor writes a segment with an upsert, whose BEFORE INSERT fires before the conflict is found: an insert of
# the lock the row already holds goes on to the update.
# SQLSTATE 42501 is insufficient_privilege; the hint tells memories.db.postgres that the message is for the
# user as it is. On an INSERT OLD is NULL, on a DELETE NEW is: a BEFORE DELETE trigger returning NULL would
# skip the delete silently, so it returns OLD.
_REVIEWER_ONLY = f"""CREATE OR REPLACE FUNCTION {SCHEMA}.glossary_reviewer_only() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
    locking boolean;
BEGIN
    IF pg_has_role(current_user, '{REVIEWER}', 'USAGE')
       OR pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE') THEN
        RETURN COALESCE(NEW, OLD);
    END IF;
    IF TG_TABLE_NAME = 'concept' AND TG_OP = 'DELETE' THEN
        IF OLD.status IN ('approved', 'rejected') THEN
            RAISE EXCEPTION USING
                ERRCODE = '42501',
                MESSAGE = format('only a reviewer may delete %s concept %s', OLD.status, OLD.id),
                HINT = '{_DELETE_HINT.replace("'", "''")}';
        END IF;
        RETURN OLD;
    ELSIF TG_TABLE_NAME = 'concept' AND TG_OP = 'INSERT' THEN
        IF NEW.status IN ('approved', 'rejected') THEN
            RAISE EXCEPTION USING
                ERRCODE = '42501',
                MESSAGE = format('only a reviewer may add %s concept',
                    CASE NEW.status WHEN 'approved' THEN 'an approved' ELSE 'a rejected' END),
                HINT = '{_ADD_HINT.replace("'", "''")}';
        END IF;
    ELSIF TG_TABLE_NAME = 'concept' THEN
        IF NEW.status IS DISTINCT FROM OLD.status
           AND (NEW.status IN ('approved', 'rejected') OR OLD.status IN ('approved', 'rejected')) THEN
            RAISE EXCEPTION USING
                ERRCODE = '42501',
                MESSAGE = format('only a reviewer may %s concept %s (%s -> %s)',
                    CASE NEW.status WHEN 'approved' THEN 'approve' WHEN 'rejected' THEN 'reject'
                        ELSE 'reopen' END,
                    NEW.id, OLD.status, NEW.status),
                HINT = '{_REVIEWER_HINT.replace("'", "''")}';
        END IF;
    ELSIF TG_OP = 'DELETE' THEN
        IF OLD.status = 'locked' AND OLD.locked_by IS NOT NULL THEN
            RAISE EXCEPTION USING
                ERRCODE = '42501',
                MESSAGE = format('only a reviewer may unlock segment %s of an editor document (locked by %s)',
                    OLD.number, OLD.locked_by),
                HINT = '{_REVIEWER_HINT.replace("'", "''")}';
        END IF;
        RETURN OLD;
    ELSIF TG_OP = 'UPDATE' AND OLD.status = 'locked' AND OLD.locked_by IS NOT NULL
          AND NEW.source IS NOT DISTINCT FROM OLD.source
          AND (NEW.status IS DISTINCT FROM 'locked' OR NEW.locked_by IS DISTINCT FROM OLD.locked_by) THEN
        RAISE EXCEPTION USING
            ERRCODE = '42501',
            MESSAGE = format('only a reviewer may unlock segment %s of an editor document (locked by %s)',
                OLD.number, OLD.locked_by),
            HINT = '{_REVIEWER_HINT.replace("'", "''")}';
    ELSIF NEW.status = 'locked' AND NEW.locked_by IS NOT NULL THEN
        IF TG_OP = 'INSERT' THEN
            locking := NOT EXISTS (
                SELECT 1 FROM {SCHEMA}.editing_segment s WHERE s.document_id = NEW.document_id
                   AND s.key = NEW.key AND s.status = 'locked' AND s.locked_by = NEW.locked_by);
        ELSE
            locking := OLD.status IS DISTINCT FROM 'locked' OR OLD.locked_by IS DISTINCT FROM NEW.locked_by;
        END IF;
        IF locking THEN
            RAISE EXCEPTION USING
                ERRCODE = '42501',
                MESSAGE = format('only a reviewer may lock segment %s of an editor document', NEW.number),
                HINT = '{_REVIEWER_HINT.replace("'", "''")}';
        END IF;
    END IF;
    RETURN NEW;
END $$"""

_GUARDED = {
    "concept": "INSERT OR UPDATE OF status OR DELETE",
    "editing_segment": "INSERT OR UPDATE OF status, locked_by OR DELETE",
}
"""The tables the reviewer's trigger guards, and the writes it fires before."""

_ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.@-]{0,62}$")


@dataclass(frozen=True)
class Setup:
    """What ``init`` or ``migrate`` did."""

    location: str
    """The workspace, as messages name it (the URL without its password)."""
    created_roles: tuple[str, ...]
    """The roles that did not exist before (the others were left as they were)."""
    versions: tuple[tuple[str, int], ...]
    """Each component's schema version, now the code's."""
    tables: int
    """Tables in the workspace's schema, each granted to the roles."""


@dataclass(frozen=True)
class Granted:
    """What ``grant`` did."""

    user: str
    role: str
    """The glossary role now held (``glossary_translator``...)."""
    created: bool
    """Whether the login role was created (without a password unless one was given)."""
    revoked: tuple[str, ...]
    """The other glossary roles the user held before, revoked: a user holds one of them."""


def team_url(location: str | Path) -> str:
    """``location`` when it names a team workspace; a workspace file is refused (it needs no administrator)."""
    if not is_url(location):
        raise WorkspaceError(
            f"{location}: a workspace file needs no administration (roles and migrations are for a team "
            "workspace: --workspace postgresql://user@host/dbname); nothing was changed"
        )
    return str(location)


def _quote(name: str) -> str:
    """``name`` as a PostgreSQL identifier (roles are named in statements, which take no parameters)."""
    return '"' + name.replace('"', '""') + '"'


def _literal(value: str) -> str:
    """``value`` as a string literal (standard_conforming_strings is on in every supported server)."""
    return "'" + value.replace("'", "''") + "'"


def _role_exists(conn: Connection, name: str) -> bool:
    return conn.execute("SELECT 1 FROM pg_roles WHERE rolname = ?", (name,)).fetchone() is not None


def _may_create_roles(conn: Connection) -> bool:
    row = conn.execute(
        "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    return bool(row and row[0])


def _administering(location: str, action: str) -> WorkspaceError:
    """The error for a privilege the administrator's own role lacks (it is not a translator's)."""
    return WorkspaceError(
        f"{location}: your PostgreSQL role may not {action}; nothing was changed (run it as the database's "
        "owner, with CREATEROLE, or as a superuser)"
    )


def _cause(exc: BaseException) -> str:
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    return str(getattr(diag, "message_primary", None) or cause or exc)


def _missing_roles(conn: Connection, location: str) -> list[str]:
    """The glossary roles that do not exist yet; refused when this login may not create them."""
    missing = [role for role in (READER, TRANSLATOR, REVIEWER) if not _role_exists(conn, role)]
    if missing and not _may_create_roles(conn):
        statements = "; ".join(f"CREATE ROLE {role} NOLOGIN" for role in missing)
        raise WorkspaceError(
            f"{location}: the roles {', '.join(missing)} do not exist and your PostgreSQL role may not create "
            f"roles; nothing was changed (ask the server's administrator to run `{statements}`, or for "
            "CREATEROLE, then run this again)"
        )
    return missing


def _secure(ws: Workspace) -> tuple[str, ...]:
    """The roles (created when missing), the privileges on every table and function, and the reviewer's
    trigger, in one transaction."""
    created: list[str] = []
    with ws.atomic() as conn:
        missing = _missing_roles(conn, ws.location)
        for role in missing:
            # Another init on another database of the server may create it meanwhile: roles are the server's.
            conn.execute(
                f"DO $$ BEGIN CREATE ROLE {role} NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$"
            )
            created.append(role)
        if not conn.execute(
            "SELECT pg_has_role(?, ?, 'MEMBER') AND pg_has_role(?, ?, 'MEMBER')",
            (TRANSLATOR, READER, REVIEWER, TRANSLATOR),
        ).fetchone()[0]:
            conn.execute(f"GRANT {READER} TO {TRANSLATOR}")
            conn.execute(f"GRANT {TRANSLATOR} TO {REVIEWER}")
        for statement in _PRIVILEGES:
            conn.execute(statement)
        conn.execute(_REVIEWER_ONLY)
        for table, events in _GUARDED.items():
            conn.execute(f"DROP TRIGGER IF EXISTS {table}_reviewer_only ON {table}")
            conn.execute(
                f"CREATE TRIGGER {table}_reviewer_only BEFORE {events} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {SCHEMA}.glossary_reviewer_only()"
            )
    return tuple(created)


def _tables(ws: Workspace) -> int:
    row = ws.connection.execute("SELECT count(*) FROM pg_tables WHERE schemaname = ?", (SCHEMA,)).fetchone()
    return int(row[0])


def _set_up(location: str | Path, *, existing: bool) -> Setup:
    url = team_url(location)
    # Checked before anything is created: a workspace whose roles cannot be made would be half set up.
    if not _inspect(url) and existing:
        raise WorkspaceError(
            f"{display_url(url)}: no glossary workspace in this database yet; nothing was changed (create it "
            f"with `glossary admin init --workspace {display_url(url)}`)"
        )
    try:
        ws = Workspace(url, migrate=True)
    except WorkspaceReadOnlyError as exc:
        raise _administering(display_url(url), f"create the workspace's tables ({_cause(exc)})") from exc
    try:
        try:
            created = _secure(ws)
        except WorkspaceReadOnlyError as exc:
            raise _administering(ws.location, f"grant privileges on this workspace ({_cause(exc)})") from exc
        except DatabaseError as exc:
            raise WorkspaceError(
                f"{ws.location}: cannot set up the team roles ({exc}); nothing was changed"
            ) from exc
        versions = tuple(
            (str(c), int(v))
            for c, v in ws.connection.execute(
                "SELECT component, version FROM schema_version ORDER BY component"
            )
        )
        return Setup(ws.location, created, versions, _tables(ws))
    finally:
        ws.close()


def _inspect(url: str) -> bool:
    """Whether the database holds a workspace; refused when the glossary roles are missing and this login may
    not create them."""
    database = PostgresDatabase(url)
    conn = database.connect()
    try:
        _missing_roles(conn, database.location)
        return database.has_schema(conn)
    finally:
        database.close([conn])


def init(location: str | Path) -> Setup:
    """Create the team workspace (schema, tables) when the database has none, bring it up to date, and set up
    the roles and privileges. Roles that exist are left as they are: running it twice is harmless."""
    return _set_up(location, existing=False)


def migrate(location: str | Path) -> Setup:
    """Bring a team workspace's schema up to date (a schema newer than the code is refused) and grant the
    roles the privileges again, on the tables the migrations added."""
    return _set_up(location, existing=True)


def grant(location: str | Path, user: str, role: str, password: str | None = None) -> Granted:
    """Make ``user`` a login role holding the glossary role ``role`` (``reader``, ``translator`` or
    ``reviewer``), created when missing (no password unless ``password``: IT may set it), the other glossary
    roles revoked. The workspace must exist (``init``)."""
    url = team_url(location)
    if role not in ROLES:
        raise WorkspaceError(f"role {role!r}: choose one of {', '.join(ROLES)}")
    if not _ROLE_NAME.match(user) or user.lower().startswith("pg_") or user in ROLES.values():
        raise WorkspaceError(
            f"user {user!r}: not a name glossary gives a login role (letters, digits, _ . @ -, at most 63, not "
            "starting with pg_ nor one of the glossary roles)"
        )
    granted = ROLES[role]
    with Workspace(url) as ws:
        conn = ws.connection
        if not _role_exists(conn, granted):
            raise WorkspaceError(
                f"{ws.location}: the role {granted} does not exist; nothing was changed (run `glossary admin "
                f"init --workspace {ws.location}` first)"
            )
        try:
            with ws.atomic():
                row = conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = ?", (user,)).fetchone()
                created = row is None
                secret = f" PASSWORD {_literal(_encrypted(conn, user, password))}" if password else ""
                if created:
                    conn.execute(f"CREATE ROLE {_quote(user)} LOGIN{secret}")
                elif secret:
                    conn.execute(f"ALTER ROLE {_quote(user)}{secret}")
                held = [
                    other
                    for other in ROLES.values()
                    if other != granted and _direct_member(conn, user, other)
                ]
                for other in held:
                    conn.execute(f"REVOKE {other} FROM {_quote(user)}")
                conn.execute(f"GRANT {granted} TO {_quote(user)}")
        except WorkspaceReadOnlyError as exc:
            raise _administering(ws.location, f"create or grant roles ({_cause(exc)})") from exc
        except DatabaseError as exc:
            raise WorkspaceError(
                f"{ws.location}: cannot grant {granted} to {user} ({exc}); nothing was changed"
            ) from exc
    return Granted(user, granted, created, tuple(held))


def _direct_member(conn: Connection, user: str, role: str) -> bool:
    return (
        conn.execute(
            """SELECT 1 FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid JOIN pg_roles u
               ON u.oid = m.member WHERE r.rolname = ? AND u.rolname = ?""",
            (role, user),
        ).fetchone()
        is not None
    )


def _encrypted(conn: Connection, user: str, password: str) -> str:
    """The password as the server stores it (SCRAM), computed here: the clear text never reaches the server's
    statement log."""
    raw = getattr(conn, "raw", None)
    if raw is None:
        return password
    hashed: bytes = raw.pgconn.encrypt_password(password.encode(), user.encode())
    return hashed.decode()


def roles_of(location: str | Path) -> Sequence[tuple[str, str]]:
    """Every login role holding a glossary role, with the strongest it holds (for ``glossary admin users``)."""
    url = team_url(location)
    with Workspace(url) as ws:
        rows = ws.connection.execute(
            """SELECT u.rolname, r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.roleid
               JOIN pg_roles u ON u.oid = m.member WHERE u.rolcanlogin AND r.rolname IN (?, ?, ?)
               ORDER BY u.rolname""",
            (READER, TRANSLATOR, REVIEWER),
        ).fetchall()
    order = list(ROLES.values())
    best: dict[str, str] = {}
    for user, role in rows:
        if user not in best or order.index(role) > order.index(best[user]):
            best[str(user)] = str(role)
    return sorted(best.items())
