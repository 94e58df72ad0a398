"""Many processes importing, editing units and concepts, and looking up in one workspace at once lose nothing.

$GLOSSARY_CONCURRENCY_SECONDS sets how long the workers run (60 unless set; CI runs 60).
"""

from __future__ import annotations

import multiprocessing
import os
import time
from pathlib import Path

import pytest

from memories.store import Workspace
from tests.concurrency import Job, Summary, check, prepare, run_worker
from tests.conftest import new_workspace_location

SECONDS = float(os.environ.get("GLOSSARY_CONCURRENCY_SECONDS", "60"))
STARTUP = 300.0
"""Seconds the workers may take to start (spawn imports the library afresh in each, on a shared 2-core machine)."""


def run_workers(location: str, folder: Path, workers: int) -> Summary:
    """``workers`` processes on the workspace at ``location`` for SECONDS, then the check of their logs."""
    folder.mkdir(exist_ok=True)
    setup = prepare(location, folder)
    context = multiprocessing.get_context("spawn")
    ready = context.Semaphore(0)
    start = context.Event()
    logs = [folder / f"worker-{n}.jsonl" for n in range(workers)]
    processes = [
        context.Process(
            target=run_worker,
            args=(
                Job(
                    location,
                    worker=n,
                    seconds=SECONDS,
                    log=str(logs[n]),
                    folder=str(folder),
                    shared_file=setup.shared_file,
                    concepts=setup.concepts,
                    targets=setup.targets,
                    seed=1000 + n,
                ),
                ready,
                start,
            ),
            name=f"writer-{n}",
        )
        for n in range(workers)
    ]
    for process in processes:
        process.start()
    try:
        # The clock starts once every process has imported the library and opened the workspace.
        deadline = time.monotonic() + STARTUP
        for _ in processes:
            while not ready.acquire(timeout=1):
                dead = [p.name for p in processes if p.exitcode is not None]
                assert not dead, f"{dead} stopped before starting: see {folder}"
                assert time.monotonic() < deadline, f"the workers did not start in {STARTUP:g} s"
        start.set()
        for process in processes:
            process.join(timeout=SECONDS + STARTUP)
        assert [p.exitcode for p in processes] == [0] * workers, f"logs in {folder}"
    finally:
        for process in processes:
            if process.is_alive():
                process.kill()
                process.join()
    return check(location, logs, workers)


def assert_busy(summary: Summary, workers: int) -> None:
    # The check was not vacuous: every process wrote, and each kind of operation ran several times (how many
    # depends on the machine's load: the figures are printed, not held to a rate).
    print(f"{workers} workers, {SECONDS:g} s: {summary}")
    assert summary.writers == workers
    assert min(summary.imports, summary.unit_edits, summary.concept_edits, summary.confirmations) >= 3
    assert summary.lookups >= 3


@pytest.mark.slow
def test_sixteen_processes_on_a_postgresql_workspace_lose_nothing(
    request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    location = new_workspace_location("postgresql", request, tmp_path)
    assert_busy(run_workers(location, tmp_path / "run", 16), 16)


@pytest.mark.slow
def test_four_processes_on_a_sqlite_workspace_lose_nothing(tmp_path: Path) -> None:
    location = str(tmp_path / "team.glossary")
    Workspace(location).close()
    assert_busy(run_workers(location, tmp_path / "run", 4), 4)
