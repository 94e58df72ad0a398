"""Quitting does not wait for lookups: Workspace.interrupt stops the queries other threads are running."""

from __future__ import annotations

import sqlite3
import threading

from memories.store import Workspace

# Counts to a billion: seconds to minutes of SQLite work, far longer than the test waits.
_ENDLESS = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000000000) SELECT count(*) FROM n"


def test_interrupt_stops_another_threads_query_and_leaves_this_one(workspace: Workspace) -> None:
    started = threading.Event()
    outcome: list[BaseException | int] = []

    def lookup() -> None:
        conn = workspace.connection  # this thread's own connection, as a worker's
        started.set()
        try:
            outcome.append(conn.execute(_ENDLESS).fetchone()[0])
        except sqlite3.OperationalError as exc:
            outcome.append(exc)

    worker = threading.Thread(target=lookup)
    worker.start()
    assert started.wait(30)
    while not outcome and worker.is_alive():
        workspace.interrupt()  # again until it lands: the query may not have started at the first call
        worker.join(0.05)
    worker.join(60)
    assert not worker.is_alive()
    assert isinstance(outcome[0], sqlite3.OperationalError) and "interrupted" in str(outcome[0])
    assert workspace.count_units() == 0  # this thread's connection still answers
