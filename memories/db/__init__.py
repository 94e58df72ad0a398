"""Storage back ends behind ``memories.store.Workspace``: a SQLite file, or a PostgreSQL database for a team.

Errors from either arrive as the standard DB-API classes re-exported here (sqlite3's: the PostgreSQL back end
translates psycopg's into them), so the code above never imports a driver.
"""

from __future__ import annotations

from pathlib import Path
from sqlite3 import DatabaseError, IntegrityError, OperationalError

from memories.db.base import Connection, Cursor, Database
from memories.db.postgres import PostgresDatabase, display_url, is_url
from memories.db.sqlite import SQLiteDatabase

__all__ = [
    "Connection",
    "Cursor",
    "Database",
    "DatabaseError",
    "IntegrityError",
    "OperationalError",
    "display_url",
    "is_url",
    "open_database",
]


def open_database(location: str | Path) -> Database:
    """The back end for ``location``: a ``postgresql://`` URL, else a workspace file's path."""
    if is_url(location):
        return PostgresDatabase(str(location))
    return SQLiteDatabase(Path(location))
