"""Finding the letters to check, checking them on worker processes, and streaming results to a reporter.

Kept apart from the pipeline so the same pure ``check_bytes`` serves the CLI, the pre-commit hook, nightly
jobs and distributed engines; this module is only the plumbing of one machine:

* **discovery** — files, directories (recursive), globs, ``.zip`` archives (read member by member, never
  unpacked to disk), ``--files-from`` lists, with config ``exclude`` and ``--exclude``;
* **execution** — a small process pool of our own rather than ``concurrent.futures``: a pool whose worker dies
  in ``ProcessPoolExecutor`` is broken for every pending file, and ``multiprocessing.Pool`` waits forever for a
  task whose worker was killed. Here each worker runs one file at a time, so a crash or a hang is pinned to
  exactly that file (LC906), the worker is replaced and the batch goes on. A lone letter that is not a PDF
  (pre-commit's usual case) is checked in the CLI's own process under a SIGALRM timeout instead: forking
  and warming up a worker for one letter would double its start-up;
* **order** — results leave in input order whatever the worker timing (a bounded reorder window keeps memory
  flat), so two runs over the same batch print the same report;
* **cache and baseline** — see ``cache.py`` and ``baseline.py``; the runner only calls them.
"""

from __future__ import annotations

import fnmatch
import glob
import itertools
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any

from lettercheck import cpr
from lettercheck.config import Config, Limits
from lettercheck.model import FileResult, ReadError
from lettercheck.readers import EXTENSIONS
from lettercheck.records import field, record
from lettercheck.report import Reporter, Summary

if TYPE_CHECKING:
    import zipfile

    from lettercheck.baseline import Baseline
    from lettercheck.cache import Cache
    from lettercheck.progress import Progress

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".lettercheck_cache", "node_modules", ".venv"})
_GLOB_CHARS = frozenset("*?[")
ARCHIVE_EXTENSIONS = frozenset({".zip"})
#: separates an archive's path from a member's name in every report: ``batch.zip!brev1.pdf``
MEMBER_SEP = "!"
#: a worker is replaced after this many files, so slow leaks in parsing libraries cannot grow without bound
MAX_TASKS_PER_WORKER = 1000


@record(frozen=True, slots=True)
class Input:
    """One letter to check.

    ``path`` is the name every report uses: a path on disk, ``-`` for standard input, or
    ``archive.zip!member.pdf`` for a member of a zip archive (then ``archive`` and ``member`` say where to read
    it). ``problem`` is an (LC code, message) already known at discovery, e.g. a zip that cannot be opened.
    """

    path: str
    archive: str | None = None
    member: str | None = None
    problem: tuple[str, str] | None = None

    def load(self, limits: Limits) -> bytes:
        """The letter's bytes, refusing anything over the configured limits before reading it.

        Raises ReadError carrying the LC9xx code the file becomes.
        """
        if self.problem:
            raise ReadError(*self.problem)
        if self.archive is not None and self.member is not None:
            return _read_member(self.archive, self.member, limits)
        if self.path == "-":
            return sys.stdin.buffer.read()
        try:
            size = os.stat(self.path).st_size
        except OSError as e:
            raise ReadError("LC901", f"cannot read file: {e.strerror or e}") from None
        if size > limits.max_file_size:
            raise ReadError(
                "LC906",
                f"file is {size:,} bytes, over max-file-size={limits.max_file_size:,} "
                "(raise it with [tool.lettercheck.limits] max-file-size)",
            )
        try:
            with open(self.path, "rb") as fh:
                return fh.read(limits.max_file_size + 1)
        except OSError as e:
            raise ReadError("LC901", f"cannot read file: {e.strerror or e}") from None


# --------------------------------------------------------------------------------------------- archives

# Each process keeps its own open archives: a zip's central directory is parsed once per process rather than
# once per member (O(n²) for a batch of 100,000 members), and the pid in the key stops a forked worker from
# sharing the parent's file offset.
_OPEN_ARCHIVES: dict[tuple[int, str], zipfile.ZipFile] = {}
_MAX_OPEN_ARCHIVES = 4


def _archive(path: str) -> zipfile.ZipFile:
    import zipfile

    key = (os.getpid(), os.path.abspath(path))
    zf = _OPEN_ARCHIVES.get(key)
    if zf is None:
        if len(_OPEN_ARCHIVES) >= _MAX_OPEN_ARCHIVES:
            for k in list(_OPEN_ARCHIVES):
                old = _OPEN_ARCHIVES.pop(k)
                if k[0] == os.getpid():
                    old.close()
        zf = zipfile.ZipFile(path)
        _OPEN_ARCHIVES[key] = zf
    return zf


#: a member is inflated this much at a time (as the DOCX reader does)
_CHUNK = 1 << 20


def _read_member(archive: str, member: str, limits: Limits) -> bytes:
    """Read one member into memory, guarding against zip bombs twice.

    The header's declared size is checked before reading anything. The member is then inflated in 1 MiB
    steps and refused as soon as it passes the limit: ``ZipExtFile.read(n)`` inflates up to ``n`` bytes in
    one call, so a single bounded ``read(limit + 1)`` of a member whose header lies would still allocate up
    to the whole limit (max-decompressed-size, 200 MB by default) at once.
    """
    import zipfile

    limit = min(limits.max_decompressed_size, limits.max_file_size)
    try:
        zf = _archive(archive)
        info = zf.getinfo(member)
    except (OSError, zipfile.BadZipFile, KeyError) as e:
        raise ReadError("LC901", f"cannot read zip archive member: {e}") from None
    if info.flag_bits & 0x1:
        raise ReadError("LC901", "zip archive member is encrypted")
    if info.file_size > limit:
        raise ReadError(
            "LC906",
            f"zip member decompresses to {info.file_size:,} bytes, over the limit of {limit:,} "
            "(max-decompressed-size / max-file-size in [tool.lettercheck.limits])",
        )
    parts: list[bytes] = []
    total = 0
    try:
        with zf.open(info) as fh:
            while chunk := fh.read(_CHUNK):
                total += len(chunk)
                if total > limit:
                    raise ReadError("LC906", f"zip member decompresses to more than {limit:,} bytes")
                parts.append(chunk)
    except ReadError:
        raise
    except (OSError, zipfile.BadZipFile, EOFError, NotImplementedError, RuntimeError) as e:
        raise ReadError("LC901", f"cannot read zip archive member: {e}") from None
    except Exception as e:  # zlib/bz2/lzma errors differ by method; all mean a broken member
        raise ReadError("LC901", f"cannot decompress zip archive member: {type(e).__name__}: {e}") from None
    return b"".join(parts)


def _archive_members(path: str, config: Config) -> Iterator[Input]:
    """The letters inside a zip archive, in archive order; never extracts anything to disk."""
    import zipfile

    try:
        zf = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as e:
        yield Input(path, problem=("LC901", f"not a readable zip archive: {e}"))
        return
    with zf:
        for info in zf.infolist():
            name = info.filename
            base = PurePosixPath(name).name
            if info.is_dir() or not base or base.startswith(".") or name.startswith("__MACOSX/"):
                continue
            display = f"{path}{MEMBER_SEP}{name}"
            ext = os.path.splitext(base)[1].lower()
            if ext in ARCHIVE_EXTENSIONS:
                yield Input(
                    display,
                    problem=("LC905", "a zip archive inside a zip archive is not read; unpack the outer one"),
                )
                continue
            if ext not in EXTENSIONS:
                continue
            if is_excluded(path, config) or _matches_any(name, config.exclude):
                continue
            yield Input(display, archive=path, member=name)


# -------------------------------------------------------------------------------------------- discovery


def discover(
    paths: Iterable[str],
    config: Config,
    *,
    force_exclude: bool = False,
    expand_archives: bool = True,
) -> Iterator[Input]:
    """The letters named by ``paths``, in a deterministic order, each once.

    A directory is searched recursively for letter extensions (and ``.zip`` archives), skipping hidden and
    tool directories and anything ``exclude`` matches. A path that does not exist but contains ``*?[`` is a
    glob and selects like a directory does. A file named explicitly is always checked — whatever its extension
    and even if excluded — unless ``force_exclude`` (pre-commit passes every staged file explicitly, which
    would otherwise bypass ``exclude``, as Ruff's ``--force-exclude`` explains).
    """
    seen: set[str] = set()

    def once(key: str) -> bool:
        k = os.path.normpath(key) if key != "-" else key
        if k in seen:
            return False
        seen.add(k)
        return True

    for raw in paths:
        if raw == "-":
            if once("-"):
                yield Input("-")
            continue
        p = Path(raw)
        if p.is_dir():
            if force_exclude and is_excluded(raw, config):
                continue
            yield from _walk(raw, config, once, expand_archives)
        elif p.exists() or not (_GLOB_CHARS & set(raw)):
            if force_exclude and is_excluded(raw, config):
                continue
            if not once(raw):
                continue
            if expand_archives and p.suffix.lower() in ARCHIVE_EXTENSIONS and p.is_file():
                yield from _archive_members(raw, config)
            else:
                yield Input(raw)
        else:
            for match in sorted(glob.glob(raw, recursive=True)):
                if is_excluded(match, config):
                    continue
                if os.path.isdir(match):
                    yield from _walk(match, config, once, expand_archives)
                else:
                    yield from _selected_file(match, config, once, expand_archives)


def _selected_file(
    full: str, config: Config, once: Callable[[str], bool], expand_archives: bool
) -> Iterator[Input]:
    ext = os.path.splitext(full)[1].lower()
    if ext in ARCHIVE_EXTENSIONS and expand_archives:
        if once(full):
            yield from _archive_members(full, config)
    elif ext in EXTENSIONS and once(full):
        yield Input(full)


def _walk(top: str, config: Config, once: Callable[[str], bool], expand_archives: bool) -> Iterator[Input]:
    for root, dirs, files in os.walk(top):
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIP_DIRS
            and not d.startswith(".")
            and not is_excluded(os.path.join(root, d), config)
        )
        for name in sorted(files):
            full = os.path.join(root, name)
            if is_excluded(full, config):
                continue
            yield from _selected_file(full, config, once, expand_archives)


def is_excluded(path: str, config: Config) -> bool:
    """Whether a config/CLI ``exclude`` glob matches the path, its name, or any directory above it.

    Globs are tried against the path as given and relative to the project root (where the config file is),
    so ``archive/*`` works from any working directory, and ``archive`` alone excludes the whole folder.
    """
    if not config.exclude:
        return False
    posix = PurePosixPath(Path(path).as_posix())
    candidates = {posix.as_posix(), posix.name}
    candidates.update(parent.as_posix() for parent in posix.parents if parent.as_posix() not in (".", "/"))
    if config.root:
        try:
            rel = PurePosixPath(Path(path).resolve().relative_to(Path(config.root).resolve()).as_posix())
        except (ValueError, OSError):
            rel = None
        if rel is not None:
            candidates.add(rel.as_posix())
            candidates.update(parent.as_posix() for parent in rel.parents if parent.as_posix() != ".")
    return any(_matches_any(c, config.exclude) for c in candidates)


def _matches_any(name: str, globs: Iterable[str]) -> bool:
    return any(fnmatch.fnmatch(name, g) or fnmatch.fnmatch(name, g.rstrip("/") + "/*") for g in globs)


def read_files_from(source: str) -> list[str]:
    """Paths listed one per line in a file (``-``: standard input); blank lines are skipped."""
    if source == "-":
        text = sys.stdin.read()
    else:
        with open(source, encoding="utf-8") as fh:
            text = fh.read()
    return [line.rstrip("\r") for line in text.split("\n") if line.strip()]


# -------------------------------------------------------------------------------------------- one file


def check_input(
    item: Input,
    config: Config,
    cache: Cache | None = None,
    data: bytes | None = None,
    before_check: Callable[[], None] | None = None,
    after_check: Callable[[], None] | None = None,
) -> FileResult:
    """Check one input: read it within the limits, answer from the cache or run the pipeline.

    Never raises for a bad letter. Runs in a worker process (or in the CLI's own for a lone letter); the
    pipeline function is looked up at call time so tests can replace it. ``before_check`` runs only on a
    cache miss, just before the pipeline, and ``after_check`` right after it: they bracket the time a
    letter's timeout applies to.
    """
    from lettercheck import pipeline

    try:
        if data is None:
            data = item.load(config.limits)
    except ReadError as e:
        return pipeline._error_result(item.path, config, e.code, e.message, e.location)
    key = cache.key(item.path, data) if cache is not None else None
    if cache is not None and key is not None:
        hit = cache.get(key, item.path)
        if hit is not None:
            return hit
    if before_check is not None:
        before_check()
    result = _check_bytes(data, item.path, config)
    if after_check is not None:
        after_check()
    if cache is not None and key is not None:
        cache.put(key, result)
    return result


def _timeout_message(timeout: float) -> str:
    return (
        f"checking this file took longer than timeout={timeout:g} s; it was stopped "
        "(raise [tool.lettercheck.limits] timeout if the file is legitimate)"
    )


_WARM = False


def _warm_up(config: Config) -> None:
    """Load what every check needs (rule packs, corpus, extractors) once per worker, outside any file's time.

    Done lazily on the first cache miss, so a run answered entirely from the cache never pays for it.
    """
    global _WARM
    if _WARM:
        return
    _WARM = True
    from lettercheck.pipeline import check_bytes

    try:
        check_bytes(b"Dato: 1. januar 2025\nKaere modtager\n", "warm-up.txt", config)
    except Exception:  # the real file will show any problem as its own finding
        pass


def _load_for_letters(config: Config) -> None:
    """Load the rules, the corpus and the rule packs, which every letter needs — without checking a warm-up
    letter, which for a lone letter would be pure cost."""
    try:
        from lettercheck import registry
        from lettercheck.pipeline import preflight

        registry.load_all()
        preflight(config)
    except Exception:  # the letter reports the broken piece as its own finding
        pass


def _warm_up_before_fork(config: Config, first: Input | None = None) -> None:
    """What the letters will need, loaded in the parent just before it forks the workers, which inherit it.

    Beyond :func:`_warm_up` (one small text letter): the corpus and rule packs as the run's config names them
    (:func:`~lettercheck.pipeline.preflight`), the citation grammar for that corpus, the payment vocabulary,
    and the letter XSD when the batch starts with an XML file. Everything here is on the critical path
    before any worker starts, so it holds only what nearly every letter needs: the citation patterns only
    some letters use (half of them, for a batch of ordinary PDFs) are compiled by a worker that meets such a
    letter. Only for ``fork``: a spawned worker inherits nothing, and loads what its own letters need.
    """
    _warm_up(config)
    try:
        from lettercheck.corpus import load_corpus
        from lettercheck.extract import citation_grammar
        from lettercheck.extract.payments import spec_for_config
        from lettercheck.pipeline import preflight

        preflight(config)
        citation_grammar.grammar_for(load_corpus(config.corpus))
        spec_for_config(config)
        if first is not None and _kind(first) == "xml":
            from lettercheck.readers.xml import _schema

            _schema()
    except Exception:  # each letter that needs the broken piece reports it as its own finding
        pass


def _kind(item: Input) -> str | None:
    """The reader an input's name points to (``pdf``, ``xml``, ...), without reading it."""
    name = item.member if item.member is not None else item.path
    return EXTENSIONS.get(os.path.splitext(name)[1].lower())


def _check_bytes(data: bytes, name: str, config: Config) -> FileResult:
    from lettercheck.pipeline import check_bytes

    return check_bytes(data, name, config)


def _limit_result(item: Input, config: Config, message: str) -> FileResult:
    from lettercheck import pipeline

    return pipeline._error_result(item.path, config, "LC906", message)


# ----------------------------------------------------------------------------------- a lone letter, inline


class _Timeout(BaseException):
    """Raised by SIGALRM in an inline check; a BaseException, so no library's ``except Exception`` eats it."""


class _Deadline:
    """The per-file timeout for a letter checked in this process: SIGALRM after ``timeout`` seconds.

    The handler runs between bytecodes, and the ``re`` and ``regex`` engines check for signals while they
    match, so pure-Python readers and every rule can be stopped. Only the main thread can take signals;
    elsewhere (a library caller's thread) the letter runs without a timeout.
    """

    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout if timeout and timeout > 0 else None
        self._previous: Any = None
        self._armed = False

    def start(self) -> None:
        if self.timeout is None or not hasattr(signal, "setitimer"):
            return
        if threading.current_thread() is not threading.main_thread():
            return
        previous = signal.signal(signal.SIGALRM, self._expired)
        self._previous = signal.SIG_DFL if previous is None else previous  # None: a handler set from C
        self._armed = True
        signal.setitimer(signal.ITIMER_REAL, self.timeout)

    def stop(self) -> None:
        if not self._armed:
            return
        self._armed = False
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, self._previous)

    @staticmethod
    def _expired(signum: int, frame: Any) -> None:
        raise _Timeout


def _inline_ok(item: Input) -> bool:
    """Whether a lone input may be checked in this process rather than on a worker.

    Forking a worker, and loading in the parent what workers would share, is pure cost for one letter — the
    pre-commit case, usually one XML or text letter. PDFs still go to a worker: the PDF libraries are where
    hostile input hangs or crashes, and only a separate process turns a crash into LC906 for the file.
    """
    return _kind(item) != "pdf"


def check_inline(item: Input, config: Config, cache: Cache | None = None) -> FileResult:
    """Check one input in this process, with the same guarantees a worker gives short of crash isolation:
    a timeout (LC906), and any failure of lettercheck itself as LC900 for the file."""
    deadline = _Deadline(config.limits.timeout)

    def started() -> None:
        _load_for_letters(config)  # as a worker does: one-off loading never counts against the letter
        deadline.start()

    try:
        return check_input(item, config, cache, before_check=started, after_check=deadline.stop)
    except _Timeout:
        return _limit_result(item, config, _timeout_message(config.limits.timeout))
    except Exception as e:  # even a bug in the runner must not end in a traceback
        from lettercheck import pipeline

        return pipeline._error_result(
            item.path, config, "LC900", f"lettercheck failed on this file: {type(e).__name__}: {e}"
        )
    finally:
        deadline.stop()


# ------------------------------------------------------------------------------------------ the workers


def _worker_main(conn: Any, config: Config, cache: Cache | None, close: list[Any]) -> None:
    """A worker: receive ``(index, Input, bytes | None)``, send back ``("result", index, FileResult)``.

    Before a cache miss it warms up (loads rule packs and corpus) and sends ``("started", index)``: the
    parent starts the file's timeout only then, so the one-off loading never counts against a letter.
    Ctrl-C is the parent's business (it stops the workers), so the worker ignores SIGINT. A worker whose
    parent is gone (killed with SIGKILL) stops by itself rather than lingering. ``None`` ends it.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for c in close:  # pipe ends inherited through fork that belong to the parent and the other workers
        try:
            c.close()
        except OSError:
            pass
    parent = os.getppid()
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            msg = conn.recv()
        except (EOFError, OSError):
            return
        if msg is None:
            return
        index, item, data = msg

        def started(index: int = index) -> None:
            if not _WARM:
                _warm_up(config)
            conn.send(("started", index))

        try:
            result = check_input(item, config, cache, data, before_check=started)
        except (EOFError, OSError, BrokenPipeError):
            return
        except BaseException as e:  # even a bug in the runner must not cost the batch
            from lettercheck import pipeline

            result = pipeline._error_result(
                item.path, config, "LC900", f"lettercheck failed on this file: {type(e).__name__}: {e}"
            )
        try:
            conn.send(("result", index, result))
        except (EOFError, OSError, BrokenPipeError):
            return
        except Exception as e:  # a result that cannot be pickled
            from lettercheck import pipeline

            conn.send(
                (
                    "result",
                    index,
                    pipeline._error_result(
                        item.path, config, "LC900", f"cannot pass this file's result back: {type(e).__name__}"
                    ),
                )
            )


class _Slot:
    """One worker process, its pipe, and the file it is checking (a plain class: cheaper to define at
    start-up than a dataclass, and slots are only ever compared by identity)."""

    __slots__ = ("conn", "deadline", "proc", "served", "task")

    def __init__(self, proc: Any, conn: Any) -> None:
        self.proc = proc
        self.conn = conn
        self.task: tuple[int, Input] | None = None
        self.deadline: float | None = None
        self.served = 0


def _mp_context() -> Any:
    """``fork`` on Linux when no other thread runs (fast, and workers inherit the loaded rules); else ``spawn``."""
    import multiprocessing

    if sys.platform.startswith("linux") and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("spawn")


class WorkerPool:
    """Checks inputs on ``jobs`` worker processes and yields results in input order.

    One file per worker at a time, so a crash (the worker's process ends) or a hang (past
    ``config.limits.timeout`` seconds) is pinned to that file: it becomes LC906, the worker is replaced, and
    the rest of the batch goes on. At most ``window`` files are in flight or waiting to be emitted, so memory
    stays flat however long the batch is.
    """

    def __init__(
        self, jobs: int, config: Config, cache: Cache | None = None, window: int | None = None
    ) -> None:
        self.jobs = max(1, jobs)
        self.config = config
        self.cache = cache
        self.timeout = config.limits.timeout if config.limits.timeout and config.limits.timeout > 0 else None
        self.window = window or max(64, self.jobs * 16)
        # reading a file (within max-file-size), a cache lookup and the one-off warm-up
        self._allowance = max(120.0, 4 * self.timeout) if self.timeout else 0.0
        self._ctx = _mp_context()
        self._slots: list[_Slot] = []

    # -- worker lifecycle
    def _start(self) -> _Slot:
        parent_end, child_end = self._ctx.Pipe(duplex=True)
        close = [s.conn for s in self._slots] + [parent_end]
        if self._ctx.get_start_method() != "fork":
            close = []  # spawned workers inherit nothing
        proc = self._ctx.Process(
            target=_worker_main,
            args=(child_end, self.config, self.cache, close),
            daemon=True,
            name="lettercheck-worker",
        )
        proc.start()
        child_end.close()
        slot = _Slot(proc, parent_end)
        self._slots.append(slot)
        return slot

    def _stop(self, slot: _Slot, kill: bool = False) -> None:
        if slot in self._slots:
            self._slots.remove(slot)
        if kill:
            slot.proc.kill()
        else:
            try:
                slot.conn.send(None)
            except (OSError, BrokenPipeError):
                pass
        slot.proc.join(timeout=5)
        if slot.proc.is_alive():
            slot.proc.kill()
            slot.proc.join(timeout=5)
        slot.conn.close()

    def close(self) -> None:
        for slot in list(self._slots):
            self._stop(slot, kill=slot.task is not None)

    def _idle_slot(self) -> _Slot | None:
        for s in self._slots:
            if s.task is None:
                return s
        return None

    # -- the loop
    def imap(self, items: Iterable[Input]) -> Iterator[FileResult]:
        from multiprocessing.connection import wait

        source = enumerate(items)
        exhausted = False
        done: dict[int, FileResult] = {}
        next_out = 0
        dispatched = 0
        try:
            while True:
                while not exhausted and dispatched - next_out < self.window:
                    slot = self._idle_slot()
                    if slot is None and len(self._slots) >= self.jobs:
                        break
                    try:
                        index, item = next(source)
                    except StopIteration:
                        exhausted = True
                        break
                    if slot is None:  # a new worker only for a file that is there to check
                        slot = self._start()
                    data = None
                    if item.path == "-" and item.archive is None:
                        data = sys.stdin.buffer.read()  # the workers have no stdin of their own
                    slot.task = (index, item)
                    # until the worker says it started checking (after reading, the cache and its
                    # warm-up), only a generous allowance applies; then the file's own timeout
                    slot.deadline = time.monotonic() + self._allowance if self.timeout else None
                    slot.conn.send((index, item, data))
                    dispatched += 1
                while next_out in done:
                    yield done.pop(next_out)
                    next_out += 1
                busy = [s for s in self._slots if s.task is not None]
                if exhausted and not busy:
                    break
                if not busy:
                    continue
                wait_for: float | None = None
                deadlines = [s.deadline for s in busy if s.deadline is not None]
                if deadlines:
                    wait_for = max(0.0, min(deadlines) - time.monotonic())
                handles: list[Any] = [s.conn for s in busy] + [s.proc.sentinel for s in busy]
                ready = wait(handles, timeout=wait_for)
                now = time.monotonic()
                for s in busy:
                    assert s.task is not None
                    index, item = s.task
                    # A slot that woke nothing up is looked at again only when the wait timed out (or its
                    # process ended): the extra poll() and waitpid() per slot and wake-up would otherwise cost
                    # the parent — which shares the cores with the workers — more than a small letter's check.
                    died = s.proc.sentinel in ready
                    if s.conn in ready or ((died or not ready) and s.conn.poll()):
                        try:
                            msg = s.conn.recv()
                            if msg[0] == "started":
                                s.deadline = time.monotonic() + self.timeout if self.timeout else None
                                if not s.conn.poll():
                                    continue
                                msg = s.conn.recv()  # a quick letter's result is often there already
                        except (EOFError, OSError):
                            done[index] = self._crashed(s, item)
                            continue
                        _tag, got_index, result = msg
                        done[got_index] = result
                        s.task, s.deadline = None, None
                        s.served += 1
                        if s.served >= MAX_TASKS_PER_WORKER:
                            self._stop(s)
                    elif died or (not ready and not s.proc.is_alive()):
                        done[index] = self._crashed(s, item)
                    elif s.deadline is not None and now >= s.deadline:
                        self._stop(s, kill=True)
                        done[index] = _limit_result(item, self.config, _timeout_message(self.timeout))
        finally:
            self.close()

    def _crashed(self, slot: _Slot, item: Input) -> FileResult:
        slot.proc.join(timeout=5)
        code = slot.proc.exitcode
        self._stop(slot, kill=True)
        how = f"exit code {code}"
        if code is not None and code < 0:
            try:
                how = f"signal {signal.Signals(-code).name}"
            except ValueError:
                how = f"signal {-code}"
        return _limit_result(
            item,
            self.config,
            f"the worker checking this file stopped abruptly ({how}); the file may be hostile or trigger a "
            "bug in a PDF/XML library",
        )


def execute(
    items: Iterable[Input], config: Config, jobs: int | None = None, cache: Cache | None = None
) -> Iterator[FileResult]:
    """Results for ``items`` in their order, checked on ``jobs`` worker processes (default: every core).

    A lone letter that is not a PDF is checked in this process (:func:`check_inline`): no pool, no
    ``multiprocessing`` import, no warm-up — what a pre-commit run on one letter needs.
    """
    source = iter(items)
    first = next(source, None)
    if first is None:
        return
    second = next(source, None)
    if second is None and _inline_ok(first):
        yield check_inline(first, config, cache)
        return
    from lettercheck import registry

    registry.load_all()  # once in the parent, so forked workers inherit the rules instead of importing them
    n = jobs or config.jobs or os.cpu_count() or 1
    workers = 1 if second is None else n
    if (
        workers > 1
        and _mp_context().get_start_method() == "fork"
        and not _probably_cached(first, config, cache)
    ):
        # The batch needs real checking on several workers: load rule packs and corpus once here, and every
        # forked worker inherits them, instead of each worker loading its own copy. A lone worker loads
        # what its letters need itself (the same work, minus what they never touch). A batch whose first
        # file is in the cache is probably a re-run, which never needs them.
        _warm_up_before_fork(config, first)
    pool = WorkerPool(n, config, cache)
    head = [first] if second is None else [first, second]
    yield from pool.imap(itertools.chain(head, source))


def _probably_cached(item: Input, config: Config, cache: Cache | None) -> bool:
    if cache is None or item.path == "-" or item.problem:
        return False
    try:
        data = item.load(config.limits)
    except ReadError:
        return False
    return cache.get(cache.key(item.path, data), item.path) is not None


# ------------------------------------------------------------------------------------------- the run


def mask_result(result: FileResult) -> FileResult:
    """Mask CPR numbers in what the pipeline does not mask itself: the file name (a letter's file is often
    named after the citizen's CPR number)."""
    result.path = cpr.mask(result.path)
    return result


@record
class RunOptions:
    """How a run goes, beyond the config that decides what a letter's findings are."""

    jobs: int | None = None
    cache: Cache | None = None
    baseline: Baseline | None = None
    progress: Progress | None = None
    #: called with each result as checked, before the baseline hides known findings (``--update-baseline``)
    observers: list[Callable[[FileResult], None]] = field(default_factory=list)


def run(
    inputs: Iterable[Input], config: Config, reporter: Reporter, options: RunOptions | None = None
) -> Summary:
    """Check every input and stream each result to the reporter as soon as its turn comes."""
    opts = options or RunOptions()
    summary = Summary()
    if opts.progress is not None:
        inputs = list(inputs)  # the bar needs a total; paths only, never letter contents
        opts.progress.start(len(inputs))
    reporter.start()
    try:
        for result in execute(inputs, config, opts.jobs, opts.cache):
            mask_result(result)
            for observe in opts.observers:
                observe(result)
            if opts.baseline is not None:
                result = opts.baseline.apply(result)
            summary.add(result)
            if opts.progress is not None:
                if result.findings:
                    opts.progress.clear()
                opts.progress.advance()
            reporter.file(result)
    finally:
        if opts.progress is not None:
            opts.progress.close()
    if opts.baseline is not None:
        summary.baseline = opts.baseline.report()
    reporter.finish(summary)
    return summary
