"""A throwaway PostgreSQL server (initdb and pg_ctl on a temporary directory, socket only) for tests and benchmarks."""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psycopg
from psycopg import sql

__all__ = ["ADMIN", "MISSING", "PostgresServer", "ServerError", "find_bindir", "running_server"]

ADMIN = "glossary_admin"
"""The superuser initdb creates: the tests connect as it, whatever user runs them."""

MISSING = "PostgreSQL server binaries not found: install the postgresql package"

# Enough for the concurrency test (16 processes, each with a pool) plus the tests' own connections.
MAX_CONNECTIONS = 300

# A server that must not outlive a crashed test run by long cannot be made durable; these settings also make
# CREATE DATABASE and every commit cheap, which is most of what the tests do.
_SETTINGS = {
    "listen_addresses": "",  # no TCP: only the socket in our directory, so parallel sessions never collide
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "max_connections": str(MAX_CONNECTIONS),
    "shared_buffers": "64MB",
    "log_min_messages": "warning",
}


# Run beside the tests: it waits for its stdin to close, which happens when the test process ends however it
# ends (killed by a CI timeout too), then stops the server at once and removes its directory, so that no server
# outlives the run that started it on a shared machine. After a normal stop it finds nothing left to do.
_WATCHDOG = """
import os, shutil, signal, sys, time
sys.stdin.buffer.read()
data, root = sys.argv[1:3]
try:
    with open(os.path.join(data, "postmaster.pid")) as handle:
        pid = int(handle.readline())
    os.kill(pid, signal.SIGQUIT)
    for _ in range(200):  # the server removes its pid file as it exits
        if not os.path.exists(os.path.join(data, "postmaster.pid")):
            break
        time.sleep(0.05)
except (OSError, ValueError):
    pass
shutil.rmtree(root, ignore_errors=True)
"""


class ServerError(RuntimeError):
    """The server could not be set up or started; the message carries its log's last lines."""


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH, else ``pg_config --bindir``, else the highest
    /usr/lib/postgresql/*/bin (Debian keeps the server out of PATH)."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("pg_ctl"):
        return Path(on_path).resolve().parent
    candidates: list[Path] = []
    pg_config = shutil.which("pg_config")
    if pg_config:
        with contextlib.suppress(OSError, subprocess.SubprocessError):
            out = subprocess.run(
                [pg_config, "--bindir"], capture_output=True, text=True, check=True, timeout=30
            )
            candidates.append(Path(out.stdout.strip()))

    def version(path: str) -> tuple[int, ...]:
        return tuple(int(n) for n in re.findall(r"\d+", Path(path).parent.name))

    candidates += [Path(p) for p in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=version, reverse=True)]
    for bindir in candidates:
        if (bindir / "initdb").is_file() and (bindir / "pg_ctl").is_file():
            return bindir
    return None


def _unprivileged_user() -> pwd.struct_passwd | None:
    """Who runs the server when we are root (initdb refuses root): ``postgres`` where the package made it."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        with contextlib.suppress(KeyError):
            return pwd.getpwnam(name)
    raise ServerError("running as root and neither user 'postgres' nor 'nobody' exists to run the server")


@dataclass
class PostgresServer:
    """A running server: ``dsn(db)`` names a database on it, ``new_database(prefix)`` makes an empty one."""

    bindir: Path
    root: Path
    """The temporary directory: ``data/`` (the cluster), the socket, ``server.log``."""
    runner: pwd.struct_passwd | None = None
    settings: dict[str, str] = field(default_factory=lambda: dict(_SETTINGS))
    """The server's settings (``-c``): the tests' by default; a benchmark measures with fsync on."""
    _count: Iterator[int] = field(default_factory=itertools.count, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _running: bool = False
    _watchdog: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def log(self) -> Path:
        return self.root / "server.log"

    def dsn(self, dbname: str = "postgres") -> str:
        """``postgresql://glossary_admin@/DB?host=%2Ftmp%2F...``: libpq reads ``host`` from the query (a value
        starting with ``/`` is a socket directory) and decodes it; encoded, the URL's last ``/`` stays the one
        before the database's name, where simpler URL parsing looks for it."""
        return f"postgresql://{ADMIN}@/{quote(dbname, safe='')}?host={quote(str(self.root), safe='')}"

    def new_database(self, prefix: str = "test") -> str:
        """A fresh empty database (from template0, so nothing a test adds to template1 leaks); its name."""
        with self._lock:
            n = next(self._count)
        # Identifiers longer than 63 bytes are truncated by the server: keep the prefix short and the count whole.
        name = f"{re.sub(r'[^a-z0-9_]', '_', prefix.lower())[:40]}_{n}"
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("CREATE DATABASE {} TEMPLATE template0").format(sql.Identifier(name)))
        return name

    def drop_database(self, name: str) -> None:
        """Remove a database, closing whatever connections a test left open on it."""
        with psycopg.connect(self.dsn("postgres"), autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))

    def _run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
        user = self.runner
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        env.update(LC_ALL="C", LANG="C", TZ="UTC")
        if user is not None:
            env.update(HOME=user.pw_dir, USER=user.pw_name, LOGNAME=user.pw_name)
        try:
            return subprocess.run(
                args,
                capture_output=True,
                text=True,
                env=env,
                cwd=self.root,
                timeout=timeout,
                check=True,
                # Python's own setuid/setgid before exec: what runuser does, without needing it installed.
                user=user.pw_uid if user else None,
                group=user.pw_gid if user else None,
                extra_groups=[] if user else None,
            )
        except subprocess.CalledProcessError as error:
            raise ServerError(
                f"{Path(args[0]).name} failed ({error.returncode}): {self._tail(error)}"
            ) from None
        except subprocess.TimeoutExpired:
            raise ServerError(
                f"{Path(args[0]).name} did not finish in {timeout:g} s: {self._tail(None)}"
            ) from None

    def _tail(self, error: subprocess.CalledProcessError | None) -> str:
        text = (error.stderr or error.stdout or "") if error else ""
        with contextlib.suppress(OSError):
            text += self.log.read_text(errors="replace")
        return " | ".join(text.strip().splitlines()[-8:])

    def start(self) -> None:
        if self.runner is not None:
            os.chown(self.root, self.runner.pw_uid, self.runner.pw_gid)
        self._run(
            str(self.bindir / "initdb"),
            "-D",
            str(self.data),
            "-U",
            ADMIN,
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C",
            "--no-sync",
        )
        options = " ".join(f"-c {key}='{value}'" for key, value in self.settings.items())
        self._watchdog = subprocess.Popen(
            [sys.executable, "-c", _WATCHDOG, str(self.data), str(self.root)],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # a Ctrl-C to the tests' process group must not stop it before them
        )
        self._running = True  # from here on, stop() must run even if the start fails half-way
        self._run(
            str(self.bindir / "pg_ctl"),
            "start",
            "-w",
            "-t",
            "120",
            "-D",
            str(self.data),
            "-l",
            str(self.log),
            "-o",
            f"{options} -p 5432 -k '{self.root}'",
            timeout=180,
        )

    def stop(self) -> None:
        """Stop the server (immediate: nothing in it is worth a checkpoint) and remove the directory."""
        try:
            if self._running:
                self._running = False
                with contextlib.suppress(ServerError):
                    self._run(
                        str(self.bindir / "pg_ctl"), "stop", "-m", "immediate", "-w", "-D", str(self.data)
                    )
        finally:
            shutil.rmtree(self.root, ignore_errors=True)
            if self._watchdog is not None:
                assert self._watchdog.stdin is not None
                self._watchdog.stdin.close()
                self._watchdog.wait(timeout=30)
                self._watchdog = None


@contextlib.contextmanager
def running_server(
    bindir: Path | None = None, settings: dict[str, str] | None = None
) -> Iterator[PostgresServer]:
    """A server on a fresh temporary directory for the ``with`` block, stopped and removed after it, also on error;
    ``settings`` override the tests' ones. Raises ``ServerError`` (with ``MISSING`` when there are no binaries)."""
    bindir = bindir or find_bindir()
    if bindir is None:
        raise ServerError(MISSING)
    # Under /tmp, not pytest's tmp_path: a socket path must stay under ~100 bytes.
    root = Path(tempfile.mkdtemp(prefix="glossary-pg-"))
    server = PostgresServer(bindir=bindir, root=root, settings={**_SETTINGS, **(settings or {})})
    try:
        server.runner = _unprivileged_user()
        server.start()
        yield server
    finally:
        server.stop()
