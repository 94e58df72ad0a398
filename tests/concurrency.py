"""Many processes writing one workspace at once: the worker each process runs, and the check of what they logged.

Each worker opens the workspace through the library API and, until its time is up, imports a small TMX file of
its own (and now and then a file every worker imports), edits units' Chinese variants (its own and the shared
ones), edits shared concepts and adds its own, confirms segments of its own document in the editor (each
confirmation goes into the memory at once), and looks up what it wrote. Every write the library acknowledged
(returned from without an error) is appended to the worker's log, one JSON object a line, after the call
returns; anything unexpected (an error, a lookup missing a unit it just wrote) is logged as ``error``. The
checker then reads every log and the workspace: each acknowledged write is there exactly once, and nothing
else was written.
"""

from __future__ import annotations

import itertools
import json
import random
import time
import traceback
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from multiprocessing.synchronize import Event
from pathlib import Path
from typing import Any

import polib

from glossary.editing import Editing, open_document
from glossary.model import Concept, ConceptChanges, Term
from glossary.termbase import ConceptConflict, Termbase
from memories.formats import WriteOptions
from memories.formats.tmx import write as write_tmx
from memories.importer import import_files
from memories.index.lookup import lookup
from memories.model import TranslationUnit, Variant
from memories.store import Workspace

__all__ = ["Job", "Setup", "Summary", "check", "prepare", "run_worker"]

SHARED_UNITS = 8
"""Units in the file every worker imports now and then: stored once, never edited (an edited unit is another
unit, and importing the file again would rightly add the original back)."""

TARGETS = 8
"""Units stored before the workers start, whose Chinese every worker edits."""

LOCK_TIMEOUT = 120.0
"""A write waits this long for another: far longer than any write here takes, so a wait that long is a bug."""


@dataclass(frozen=True)
class Job:
    """What one worker process is given (pickled to it: plain values only)."""

    location: str
    """The workspace: a file's path or a ``postgresql://`` URL."""
    worker: int
    seconds: float
    log: str
    """The worker's log file (JSON lines)."""
    folder: str
    """Where the worker writes the files it imports."""
    shared_file: str
    concepts: tuple[int, ...]
    """The concepts every worker edits."""
    targets: tuple[int, ...]
    """The units every worker edits."""
    seed: int


def shared_units() -> list[TranslationUnit]:
    return [
        TranslationUnit(
            (
                Variant("en", f"The Committee took note of report number {n} on regional cooperation."),
                Variant("zh-CN", f"委员会注意到关于区域合作的第{n}号报告。"),
            )
        )
        for n in range(SHARED_UNITS)
    ]


def target_units() -> list[TranslationUnit]:
    return [
        TranslationUnit(
            (
                Variant("en", f"The General Assembly adopted resolution {n} without a vote."),
                Variant("zh-CN", f"大会未经表决通过了第{n}号决议。"),
            )
        )
        for n in range(TARGETS)
    ]


def _own_units(worker: int, batch: int, count: int) -> list[TranslationUnit]:
    # Unique per worker and batch, so that each acknowledged import names exactly the units it added.
    return [
        TranslationUnit(
            (
                Variant(
                    "en", f"Delegation {worker} welcomed draft resolution {batch}.{k} on maritime security."
                ),
                Variant("zh-CN", f"第{worker}代表团欢迎关于海上安全的第{batch}.{k}号决议草案。"),
            )
        )
        for k in range(count)
    ]


DOCUMENT_SEGMENTS = 6


def _document(folder: Path, worker: int) -> Path:
    """The worker's own PO file to translate: sources no other unit has."""
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": "zh_CN", "Content-Type": "text/plain; charset=UTF-8"}
    for n in range(1, DOCUMENT_SEGMENTS + 1):
        text = f"Paragraph {n} of the statement by delegation {worker} on climate finance."
        catalogue.append(polib.POEntry(msgid=text, msgstr=""))
    path = folder / f"w{worker}-statement.zh_CN.po"
    catalogue.save(str(path))
    return path


def open_workspace(location: str) -> Workspace:
    import glossary.migrations  # noqa: F401  (the termbase's tables, as the CLI opens a workspace)

    ws = Workspace(location)
    ws.lock_timeout = LOCK_TIMEOUT
    return ws


@dataclass(frozen=True)
class Setup:
    """What every worker starts from."""

    shared_file: str
    concepts: tuple[int, ...]
    targets: tuple[int, ...]


def prepare(location: str, folder: Path, concepts: int = 6) -> Setup:
    """The shared file, the units and the concepts every worker edits, in a workspace already created."""
    shared_file = folder / "shared.tmx"
    write_tmx(shared_file, shared_units(), WriteOptions(source="en"))
    targets_file = folder / "targets.tmx"
    write_tmx(targets_file, target_units(), WriteOptions(source="en"))
    ws = open_workspace(location)
    try:
        import_files(ws, [targets_file], force=True)
        targets = tuple(_find_unit(ws, u.variants[0].text) or 0 for u in target_units())
        termbase = Termbase(ws)
        ids = tuple(
            termbase.add(
                Concept((Term("en", f"shared concept {n}"), Term("zh-CN", f"共享概念{n}")), note="start"),
                by="setup",
            ).id
            or 0
            for n in range(concepts)
        )
    finally:
        ws.close()
    return Setup(str(shared_file), ids, targets)


class _Log:
    def __init__(self, path: str, worker: int) -> None:
        self._handle = open(path, "a", encoding="utf-8")  # noqa: SIM115  (held for the worker's whole run)
        self.worker = worker

    def __call__(self, op: str, **fields: Any) -> None:
        # One line per acknowledged write, flushed at once: the checker reads what reached the file.
        self._handle.write(json.dumps({"op": op, "worker": self.worker, **fields}, ensure_ascii=False) + "\n")
        self._handle.flush()

    def close(self) -> None:
        self._handle.close()


def run_worker(job: Job, ready: Any, start: Event) -> None:
    """One process's run (the target of ``multiprocessing``'s spawn context)."""
    log = _Log(job.log, job.worker)
    try:
        ws = open_workspace(job.location)
        termbase = Termbase(ws)
        ready.release()  # this process has paid for its imports and its connection: the clock may start
        start.wait()
        _work(job, ws, termbase, log)
        ws.close()
        log("done")
    except BaseException:
        log("error", what="worker stopped", traceback=traceback.format_exc())
        raise
    finally:
        log.close()


def _work(job: Job, ws: Workspace, termbase: Termbase, log: _Log) -> None:
    rng = random.Random(job.seed)
    user = f"translator{job.worker}"
    deadline = time.monotonic() + job.seconds
    own: list[tuple[int, str]] = []  # (unit id, English) of this worker's acknowledged units
    batch = edits = concept_edits = confirmations = 0
    folder = Path(job.folder)
    document: Editing | None = None
    while time.monotonic() < deadline:
        action = rng.choices(
            ("import", "edit unit", "edit concept", "add concept", "confirm", "lookup"), (3, 4, 4, 1, 2, 3)
        )[0]
        if not own:
            action = "import"
        try:
            if action == "import":
                batch += 1
                units = _own_units(job.worker, batch, rng.randint(1, 4))
                path = folder / f"w{job.worker}-{batch}.tmx"
                write_tmx(path, units, WriteOptions(source="en"))
                paths = [path, Path(job.shared_file)] if rng.random() < 0.3 else [path]
                reports = import_files(ws, paths, force=True)
                log(
                    "import",
                    file=path.name,
                    english=[u.variants[0].text for u in units],
                    added=reports[0].added,
                )
                for u in units:
                    found = _find_unit(ws, u.variants[0].text)
                    if found is None:
                        log("error", what=f"imported unit not found: {u.variants[0].text}")
                    else:
                        own.append((found, u.variants[0].text))
            elif action == "edit unit":
                edits += 1
                unit_id = rng.choice(job.targets) if rng.random() < 0.5 else rng.choice(own)[0]
                text = f"译文{job.worker}-{edits}：委员会重申其承诺。"
                ws.update_variant(unit_id, "zh-CN", text, by=user)
                log("edit unit", unit=unit_id, after=text, by=user)
            elif action == "edit concept":
                concept_edits += 1
                concept_id = rng.choice(job.concepts)
                note = f"note {job.worker}-{concept_edits}"
                # Half the edits say which revision they read, as the editor's dialog does: another process
                # may get in between (a conflict, nothing written); the others apply to what is stored.
                read = termbase.get(concept_id) if rng.random() < 0.5 else None
                expected = read.revision if read is not None else None
                try:
                    edited = termbase.edit(
                        concept_id, ConceptChanges(note=note), by=user, expected_revision=expected
                    )
                except ConceptConflict as conflict:
                    theirs = conflict.theirs.revision if conflict.theirs else None
                    log("concept conflict", concept=concept_id, note=note, expected=expected, theirs=theirs)
                else:
                    log("edit concept", concept=concept_id, note=note, by=user, revision=edited.revision)
            elif action == "confirm":
                if document is None:
                    document = open_document(ws, _document(folder, job.worker), "en", "zh-CN")
                confirmations += 1
                number = rng.randint(1, DOCUMENT_SEGMENTS)
                target = f"第{job.worker}代表团关于气候融资的发言第{number}段（第{confirmations}稿）。"
                document.confirm(number, target)
                segment = document.segment(number)
                log("confirm", unit=segment.unit_id, english=segment.source_text, target=target)
            elif action == "add concept":
                batch += 1
                term = f"term of worker {job.worker} number {batch}"
                added = termbase.add(
                    Concept((Term("en", term), Term("zh-CN", f"术语{job.worker}-{batch}"))), by=user
                )
                log("add concept", concept=added.id, term=term, by=user)
            else:
                unit_id, english = rng.choice(own)
                # Read-your-writes: a unit this process stored is found at 100 on the next lookup.
                matches = lookup(ws, english, min_score=100, limit=3)
                if unit_id not in [m.unit.id for m in matches]:
                    log("error", what=f"lookup of {english!r} missed unit {unit_id}: {matches}")
                else:
                    log("lookup", unit=unit_id)
        except Exception as exc:  # every failure is the checker's to report, with its stack
            log("error", what=f"{action}: {type(exc).__name__}: {exc}", traceback=traceback.format_exc())


def _find_unit(ws: Workspace, english: str) -> int | None:
    for unit in ws.find_units(english, limit=10):
        if unit.variants[0].text == english:
            return unit.id
    return None


def read_logs(logs: Sequence[Path]) -> Iterator[dict[str, Any]]:
    for path in logs:
        with path.open(encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)


WRITES = ("import", "edit unit", "edit concept", "add concept", "confirm")


@dataclass(frozen=True)
class Summary:
    """What the workers did, as the checker counted it."""

    imports: int
    unit_edits: int
    concept_edits: int
    concept_conflicts: int
    confirmations: int
    lookups: int
    units: int
    writers: int
    """Workers with at least one acknowledged write."""


def check(location: str, logs: Sequence[Path], workers: int) -> Summary:
    """Every acknowledged write is in the workspace exactly once and nothing else was written; raises
    AssertionError saying what is wrong."""
    entries = list(read_logs(logs))
    errors = [e for e in entries if e["op"] == "error"]
    assert not errors, "workers failed:\n" + "\n".join(
        f"{e['worker']}: {e['what']}\n{e.get('traceback', '')}" for e in errors[:5]
    )
    done = Counter(e["worker"] for e in entries if e["op"] == "done")
    assert sorted(done) == list(range(workers)) and set(done.values()) == {1}, (
        f"workers that finished: {done}"
    )
    by_op: dict[str, list[dict[str, Any]]] = {}
    for e in entries:
        by_op.setdefault(e["op"], []).append(e)

    ws = open_workspace(location)
    try:
        units = list(ws.units())
        english = Counter(u.variants[0].text for u in units if u.variants and u.variants[0].lang == "en")
        by_id = {u.id: u for u in units}
        imported = [text for e in by_op.get("import", []) for text in e["english"]]
        assert len(imported) == len(set(imported))
        for text in imported:
            assert english[text] == 1, f"{text!r} stored {english[text]} times"
        confirmed = {e["english"] for e in by_op.get("confirm", [])}
        expected = (
            set(imported) | confirmed | {u.variants[0].text for u in (*shared_units(), *target_units())}
        )
        assert set(english) == expected, f"units nobody acknowledged: {sorted(set(english) - expected)[:5]}"
        assert all(n == 1 for n in english.values())

        # Unit edits: each unit's history is exactly the acknowledged edits, each once, chained (each edit's
        # "before" is the previous one's "after"), and the unit holds the last.
        edits: dict[int, list[str]] = {}
        for e in by_op.get("edit unit", []):
            edits.setdefault(e["unit"], []).append(e["after"])
        # A segment's first confirmation adds its unit; each one after it is an edit of that unit.
        confirmations: dict[int, list[str]] = {}
        for e in by_op.get("confirm", []):
            confirmations.setdefault(e["unit"], []).append(e["target"])
        for unit_id, targets in confirmations.items():
            assert unit_id not in edits
            edits[unit_id] = targets[1:]
            zh = next(v.text for v in by_id[unit_id].variants if v.lang == "zh-CN")
            assert zh == targets[-1], f"unit {unit_id}: not the segment's last confirmation"
        for unit in units:
            history = ws.history(unit.id or 0)
            acknowledged = edits.get(unit.id or 0, [])
            assert sorted(c.after for c in history) == sorted(acknowledged), (
                f"unit {unit.id}: history differs"
            )
            for earlier, later in itertools.pairwise(history):
                assert later.before == earlier.after, f"unit {unit.id}: an edit was lost between two others"
            if history:
                zh = next(v.text for v in by_id[unit.id].variants if v.lang == "zh-CN")
                assert zh == history[-1].after
            # Each worker's own edits of a unit are in the order it made them.
            for worker in range(workers):
                mine = [
                    e["after"]
                    for e in by_op.get("edit unit", [])
                    if e["worker"] == worker and e["unit"] == unit.id
                ]
                assert [c.after for c in history if c.after in set(mine)] == mine

        termbase = Termbase(ws)
        added = Counter(e["term"] for e in by_op.get("add concept", []))
        stored_terms = Counter(t.text for c in termbase.concepts() for t in c.terms if t.lang == "en")
        for term in added:
            assert stored_terms[term] == 1, f"concept {term!r} stored {stored_terms[term]} times"
        for e in by_op.get("add concept", []):
            (added_history,) = termbase.history(e["concept"])
            assert (added_history.revision, added_history.what, added_history.by) == (1, "add", e["by"])
        _check_concepts(termbase, by_op.get("edit concept", []), by_op.get("concept conflict", []))
        return Summary(
            imports=len(by_op.get("import", [])),
            unit_edits=len(by_op.get("edit unit", [])),
            concept_edits=len(by_op.get("edit concept", [])),
            concept_conflicts=len(by_op.get("concept conflict", [])),
            confirmations=len(by_op.get("confirm", [])),
            lookups=len(by_op.get("lookup", [])),
            units=len(units),
            writers=len({e["worker"] for op in WRITES for e in by_op.get(op, [])}),
        )
    finally:
        ws.close()


def _check_concepts(termbase: Termbase, edits: list[dict[str, Any]], conflicts: list[dict[str, Any]]) -> None:
    """Each shared concept's history is complete: revisions 1, 2, 3... with none missing or twice, each one
    starting from the one before, one row per acknowledged edit (at the revision the edit returned, by its
    author) and none for an edit refused as a conflict; the concept holds its last revision."""
    refused = {e["note"] for e in conflicts}
    for concept_id in sorted({e["concept"] for e in edits} | {e["concept"] for e in conflicts}):
        history = termbase.history(concept_id)
        assert [r.revision for r in history] == list(range(1, len(history) + 1)), f"concept {concept_id}"
        for earlier, later in itertools.pairwise(history):
            assert later.before is not None and earlier.after is not None
            assert later.before.note == earlier.after.note, f"concept {concept_id}: a write was lost"
        mine = {(e["revision"], e["note"], e["by"]) for e in edits if e["concept"] == concept_id}
        recorded = {
            (r.revision, r.after.note if r.after else None, r.by) for r in history if r.what == "edit"
        }
        assert recorded == mine, (
            f"concept {concept_id}: history {sorted(recorded ^ mine)[:3]} not acknowledged"
        )
        assert not refused & {r.after.note for r in history if r.after}, (
            f"concept {concept_id}: conflict written"
        )
        concept = termbase.get(concept_id)
        assert concept is not None and history[-1].after is not None
        assert (concept.revision, concept.note) == (history[-1].revision, history[-1].after.note)
