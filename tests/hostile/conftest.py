"""Fixtures for hostile-input tests: a canary the network must never reach, and a measured CLI run.

The in-process guard in ``tests/conftest.py`` patches Python's socket module; it cannot see a connection made
from C (libxml2 fetching an external DTD) or from a subprocess. So every hostile file points at a *listening*
local socket — any connection to it, from any language, lands in its backlog where the test finds it — and the
CLI runs with a ``sitecustomize`` that refuses and records any Internet-socket connection in the child.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.hostile.generate import Env

#: the most memory one CLI run over a hostile batch may use (max RSS of the run's processes)
MEMORY_BOUND_MB = 400
#: a CLI run must end well inside pytest's own 120 s per test
SUBPROCESS_TIMEOUT = 100

_SITECUSTOMIZE = textwrap.dedent(
    '''
    """Installed by tests/hostile: any Internet socket or connection in this process fails and is recorded."""
    import os
    import socket

    _MARKER = os.environ.get("LETTERCHECK_NET_MARKER")
    _INET = (socket.AF_INET, getattr(socket, "AF_INET6", socket.AF_INET))


    def _record(what, args):
        if _MARKER:
            with open(_MARKER, "a", encoding="utf-8") as f:
                f.write(f"{os.getpid()} {what} {args!r}\\n")
        raise OSError(f"lettercheck test guard: network access refused ({what})")


    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex


    def connect(self, address):
        # AF_UNIX stays allowed: multiprocessing talks to its workers over local sockets
        if self.family in _INET:
            _record("connect", address)
        return _connect(self, address)


    def connect_ex(self, address):
        if self.family in _INET:
            _record("connect_ex", address)
        return _connect_ex(self, address)


    def create_connection(address, *args, **kwargs):
        _record("create_connection", address)


    _getaddrinfo = socket.getaddrinfo


    def getaddrinfo(host, *args, **kwargs):
        if host not in (None, "", "localhost", "127.0.0.1", "::1"):
            _record("getaddrinfo", host)
        return _getaddrinfo(host, *args, **kwargs)


    _init = socket.socket.__init__


    def __init__(self, family=-1, type=-1, proto=-1, fileno=None):
        # an Internet socket is refused at birth (a fileno means an inherited socket, e.g. a socketpair)
        if fileno is None and family in _INET:
            _record("socket", (family, type))
        _init(self, family, type, proto, fileno)


    socket.socket.__init__ = __init__
    socket.socket.connect = connect
    socket.socket.connect_ex = connect_ex
    socket.create_connection = create_connection
    socket.getaddrinfo = getaddrinfo
    '''
)

# runs the command as its only child, passes its output through, and records the child's peak memory
_MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys
    out, cmd = sys.argv[1], sys.argv[2:]
    try:
        rc = subprocess.run(cmd, timeout=float(__import__("os").environ["LC_TEST_TIMEOUT"])).returncode
        timed_out = False
    except subprocess.TimeoutExpired:
        rc, timed_out = -9, True
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(out, "w") as f:
        json.dump({"rc": rc, "maxrss_kb": usage.ru_maxrss, "timed_out": timed_out}, f)
    sys.exit(0)
    """
)


class Canary:
    """A listening local TCP socket: a connection to it is proof that something reached for the network."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.setblocking(False)
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}/letter.dtd"

    def connections(self) -> int:
        """Connections made so far (each is accepted and closed)."""
        n = 0
        while True:
            try:
                conn, _ = self.sock.accept()
            except (BlockingIOError, InterruptedError):
                return n
            conn.close()
            n += 1

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def canary() -> Iterator[Canary]:
    c = Canary()
    try:
        yield c
        assert c.connections() == 0, "something connected to the canary URL named in a hostile file"
    finally:
        c.close()


def make_env(directory: Path, canary: Canary) -> Env:
    """A secret file in ``directory`` for XXE to aim at, and the canary's URL for everything that fetches."""
    secrets = directory / "secrets"
    secrets.mkdir(exist_ok=True)
    marker = "HEMMELIG-KANARIE-0xC0FFEE"
    secret = secrets / "secret.txt"
    secret.write_text(marker + "\n", encoding="utf-8")
    return Env(secret_file=secret, secret_marker=marker, canary_url=canary.url)


@pytest.fixture
def hostile_env(tmp_path: Path, canary: Canary) -> Env:
    return make_env(tmp_path, canary)


@pytest.fixture(scope="session")
def guard_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    d = tmp_path_factory.mktemp("netguard")
    (d / "sitecustomize.py").write_text(_SITECUSTOMIZE, encoding="utf-8")
    (d / "_measure.py").write_text(_MEASURE, encoding="utf-8")
    return d


@dataclass
class CliRun:
    rc: int
    stdout: str
    stderr: str
    maxrss_mb: float
    timed_out: bool
    net_attempts: str  # what the socket guard recorded ("" when nothing)

    def json(self) -> dict:
        return json.loads(self.stdout)

    def file(self, name_endswith: str) -> dict:
        """The JSON report's entry for the file whose path ends with ``name_endswith``."""
        hits = [f for f in self.json()["files"] if f["path"].endswith(name_endswith)]
        assert len(hits) == 1, f"{name_endswith!r} in report: {[f['path'] for f in self.json()['files']]}"
        return hits[0]


def run_lettercheck(
    args: list[str], *, cwd: Path, guard: Path, timeout: float = SUBPROCESS_TIMEOUT
) -> CliRun:
    """``python -m lettercheck ARGS`` in ``cwd`` under the socket guard, with its peak memory measured."""
    marker = cwd / ".net-attempts"
    stats = cwd / ".run-stats.json"
    for p in (marker, stats):
        if p.exists():
            p.unlink()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(guard), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    env["LETTERCHECK_NET_MARKER"] = str(marker)
    env["LC_TEST_TIMEOUT"] = str(timeout)
    env.pop("LETTERCHECK_CACHE_DIR", None)
    proc = subprocess.run(
        [sys.executable, str(guard / "_measure.py"), str(stats), sys.executable, "-m", "lettercheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=timeout + 15,
    )
    s = json.loads(stats.read_text())
    attempts = marker.read_text(encoding="utf-8") if marker.exists() else ""
    for p in (marker, stats):
        if p.exists():
            p.unlink()
    return CliRun(s["rc"], proc.stdout, proc.stderr, s["maxrss_kb"] / 1024, s["timed_out"], attempts)


@pytest.fixture
def lettercheck_cli(guard_dir: Path):
    """Call as ``lettercheck_cli(args, cwd=...)``."""

    def call(args: list[str], *, cwd: Path, timeout: float = SUBPROCESS_TIMEOUT) -> CliRun:
        return run_lettercheck(args, cwd=cwd, guard=guard_dir, timeout=timeout)

    return call
