"""A second process for a large import: it normalises, tokenises and codes the texts while the first one stores them.

An import spends about half its time on the search index and the normalised text, work that needs no database:
the words of each text looked up as index terms (one character each, ``IndexWriter.code``), their postings
counted and sorted (``IndexWriter.prepare``), the text normalised. On a machine with a second core that work
runs in a coding process, one batch behind the importing one, which meanwhile parses the file and inserts the
units. The coding process owns the numbering of new terms for the rest of the transaction: it starts with every
term the index holds (read by the importing process inside its transaction, so the terms it has just created
are among them) and numbers the new ones from the next free id, which is safe because the transaction holds the
write lock and the importing process writes no index term of its own while the coder runs (the workspace
settles the coder before any other index write). What comes back is what the importing process stores: the
normalised texts, the search codes, the terms created, and the prepared postings.

Texts cross the process boundary pickled, a few hundred kilobytes per batch, which costs a small part of what
the coding saves; the coder is started only for imports large enough to pay its start-up (``START_AFTER``).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import queue
import subprocess
import sys
import threading
import traceback
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any, NamedTuple

from memories.db.base import Connection
from memories.errors import WorkspaceError
from memories.index.codec import term_code, term_key
from memories.index.writer import IndexWriter, Prepared
from memories.text import stored_normalized

__all__ = ["Coded", "Coder", "CoderFailed"]


class Coded(NamedTuple):
    """One batch coded, in the order it was sent."""

    payload: Any
    """What the sender kept with the batch (the variant rows waiting for their normalised texts)."""
    variant_ids: list[int]
    """The ids sent, kept on this side: they do not travel back."""
    normalized: list[str]
    coded: list[str]
    new_terms: list[tuple[int, str]]
    """(id, key) of the index terms created for this batch: the importing process inserts them."""
    prepared: Prepared | None
    """Postings the coder had gathered enough of to write (``IndexWriter.FLUSH_AT``)."""


class CoderFailed(WorkspaceError):
    """The coding process stopped with an error or died: the import rolls back, and says so in one line."""


_BEHIND = 2
"""Batches sent and not yet received: the coder works on one while the next waits, so neither process idles
(three in flight measured slower on this project's 2-core machine: 100,000 units in 17.7-21.3 s against 15.1 s)."""

_ROOT = str(Path(__file__).resolve().parents[2])
"""Where the ``memories`` package is: the coding process imports this copy of it, whatever its sys.path."""


class Coder:
    """The coding process of one transaction, seen from the importing process.

    A plain child process (``python -c``) fed pickled messages through its standard input and answering on its
    standard output, not ``multiprocessing``: a spawned ``multiprocessing`` child runs the parent's main script
    again, which a script calling the library without a ``__main__`` guard does not survive. Messages to it go
    through a thread, so that the importing process never blocks on a full pipe while the coder blocks on
    its answer."""

    START_AFTER = 50_000
    """Variants a transaction stores in process before the coder starts (at once when the importer expects that
    many from the size of its files: ``Workspace.expect_variants``). Below this, starting a process (about
    0.3 s) and sharing the machine's cores costs what it saves: the six-language UN dev set (24,000 variants)
    took 2.4-2.6 s alone and 2.5-3.0 s with a coder started at its 6,000th variant."""

    @staticmethod
    def available() -> bool:
        """A second core: on one, the two processes would only take turns."""
        try:
            return len(os.sched_getaffinity(0)) > 1
        except AttributeError:  # not Linux
            return (os.cpu_count() or 1) > 1

    def __init__(self, conn: Connection) -> None:
        terms: dict[str, dict[str, str]] = {}
        last = 0
        for term_id, key in conn.execute("SELECT id, key FROM search_term"):
            lang_key, _, token = key.partition("\x1f")
            terms.setdefault(lang_key, {})[token] = term_code(term_id)
            last = max(last, term_id)
        self._process = subprocess.Popen(
            [sys.executable, "-c", f"import sys; sys.path.insert(0, {_ROOT!r}); "
             "from memories.index.coder import serve; serve()"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # failures come back as messages; a terminal UI must not be written on
            start_new_session=True,  # Ctrl+C is the importing process's to handle (it rolls back and stops this)
        )  # fmt: skip
        assert self._process.stdin is not None and self._process.stdout is not None
        self._answers: IO[bytes] = self._process.stdout
        self._outgoing: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._sender = threading.Thread(
            target=_send, args=(self._outgoing, self._process.stdin), name="glossary-coder-feed", daemon=True
        )
        self._sender.start()
        self._outgoing.put((terms, last + 1))
        self._payloads: deque[tuple[Any, list[int]]] = deque()
        self.peak_rss_mib: float | None = None
        """The coding process's peak memory (VmHWM), known once it has finished: the import's benchmark
        reports it beside the importing process's own."""

    @property
    def behind(self) -> bool:
        return len(self._payloads) >= _BEHIND

    @property
    def waiting(self) -> int:
        return len(self._payloads)

    def send(self, payload: Any, variants: Sequence[tuple[int, str, str]]) -> None:
        """Code (variant id, language, text) triples; ``payload`` comes back with them."""
        ids = [v[0] for v in variants]
        self._payloads.append((payload, ids))
        self._outgoing.put((ids, [v[1] for v in variants], [v[2] for v in variants]))

    def receive(self) -> Coded:
        """The oldest batch sent, coded (waiting for it)."""
        normalized, coded, new_terms, prepared = self._get()
        payload, ids = self._payloads.popleft()
        return Coded(payload, ids, normalized, coded, new_terms, prepared)

    def finish(self) -> Prepared:
        """The postings still held, once every batch has been received; the process ends."""
        assert not self._payloads, "receive every batch first"
        self._outgoing.put("finish")
        prepared: Prepared
        prepared, self.peak_rss_mib = self._get()
        self.close()
        return prepared

    def _get(self) -> Any:
        try:
            answer = pickle.load(self._answers)
        except (EOFError, pickle.UnpicklingError, OSError):
            self._process.poll()
            raise CoderFailed(
                f"the import's second process (coding the texts for the search index) ended unexpectedly "
                f"(exit code {self._process.returncode}); nothing was imported"
            ) from None
        if isinstance(answer, _Failure):
            raise CoderFailed(f"the import's second process failed ({answer.message}); nothing was imported")
        return answer

    def close(self) -> None:
        """End the process (after ``finish``, or at once on a rollback)."""
        self._outgoing.put(None)
        if self._process.poll() is None:
            self._process.terminate()  # it has nothing left to do, or its work is being rolled back
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._answers.close()
        self._sender.join(timeout=10)


def _send(outgoing: queue.SimpleQueue[object], pipe: IO[bytes]) -> None:
    """Pickle messages into the coder's standard input until ``None`` (or until the coder is gone)."""
    try:
        while (message := outgoing.get()) is not None:
            pickle.dump(message, pipe, protocol=pickle.HIGHEST_PROTOCOL)
            pipe.flush()
    except (BrokenPipeError, OSError, ValueError):
        pass  # the coder ended; the importing process learns it from the answers it reads
    finally:
        with contextlib.suppress(OSError, ValueError):
            pipe.close()


class _Failure(NamedTuple):
    message: str


def _peak_rss_mib() -> float | None:
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return None


def _where(exc: BaseException) -> str:
    """file:line of the innermost frame: a one-line error still says where the coder failed."""
    frames = traceback.extract_tb(exc.__traceback__)
    return f"{Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else "?"


def serve() -> None:
    """The coding process: messages from standard input, answers on standard output, until the input ends."""
    incoming, answers = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by accident may end up among the answers
    terms, next_id = pickle.load(incoming)
    writer = IndexWriter()
    writer.terms = terms
    following = [next_id]
    new_terms: list[tuple[int, str]] = []

    def create(lang_key: str, unknown: list[str], known: dict[str, str]) -> None:
        prefix = term_key(lang_key, "")
        for key in unknown:
            known[key] = term_code(following[0])
            new_terms.append((following[0], prefix + key))
            following[0] += 1

    def answer(message: object) -> None:
        pickle.dump(message, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()

    try:
        while True:
            try:
                message = pickle.load(incoming)
            except EOFError:
                return
            if message == "finish":
                answer((writer.prepare(), _peak_rss_mib()))
                continue
            ids, langs, texts = message
            new_terms.clear()
            coded = writer.code(zip(ids, langs, texts, strict=True), create)
            writer.add_codes(ids, coded)
            prepared = writer.prepare() if writer.size >= IndexWriter.FLUSH_AT else None
            answer((list(map(stored_normalized, texts)), coded, list(new_terms), prepared))
    except BrokenPipeError:
        return  # the importing process is gone (it rolled back, or was stopped)
    except BaseException as exc:  # said to the importing process, which raises it
        with contextlib.suppress(OSError):
            answer(_Failure(f"{exc!r} at {_where(exc)}"))
