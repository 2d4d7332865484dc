"""The worker pool: deterministic order whatever the timing, crashes and hangs pinned to one file (LC906),
and results streamed — not collected — so memory stays flat.

The tests replace ``runner._check_bytes`` before the pool starts; workers are forked, so they inherit it.
"""

from __future__ import annotations

import os
import random
import sys
import time
from pathlib import Path

import pytest

from lettercheck import runner
from lettercheck.config import Config, Limits
from lettercheck.model import FileResult
from lettercheck.report import Reporter, Summary
from tests.runner.conftest import config, write_letters

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="tests rely on fork inheritance")

_real_check = runner._check_bytes


def _jittery(data: bytes, name: str, config: Config) -> FileResult:
    time.sleep(random.Random(name).random() * 0.05)  # finish out of order
    return _real_check(data, name, config)


def _crashy(data: bytes, name: str, config: Config) -> FileResult:
    if name.endswith("brev_003.txt"):
        os._exit(3)  # the worker dies the way a segfaulting C library would take it down
    if name.endswith("brev_005.txt"):
        os.kill(os.getpid(), 9)
    return _real_check(data, name, config)


def _hangs(data: bytes, name: str, config: Config) -> FileResult:
    if name.endswith("brev_002.txt"):
        time.sleep(600)
    return _real_check(data, name, config)


def test_results_come_out_in_input_order_whatever_the_timing(tmp_path: Path, monkeypatch):
    files = write_letters(tmp_path / "l", 24, bad_every=3)
    monkeypatch.setattr(runner, "_check_bytes", _jittery)
    cfg = config()
    items = [runner.Input(str(f)) for f in files]
    for jobs in (1, 2, 4):
        got = list(runner.execute(items, cfg, jobs=jobs))
        assert [r.path for r in got] == [str(f) for f in files]
        assert [[x.code for x in r.findings] for r in got] == [
            ["LC401"] if i % 3 == 0 else [] for i in range(24)
        ]


def test_a_crashing_worker_costs_only_its_file(tmp_path: Path, monkeypatch):
    files = write_letters(tmp_path / "l", 8, bad_every=100)
    monkeypatch.setattr(runner, "_check_bytes", _crashy)
    got = list(runner.execute([runner.Input(str(f)) for f in files], config(), jobs=2))
    assert [r.path for r in got] == [str(f) for f in files]
    codes = {Path(r.path).name: [f.code for f in r.findings] for r in got}
    assert codes["brev_003.txt"] == ["LC906"]
    assert codes["brev_005.txt"] == ["LC906"]
    assert codes["brev_000.txt"] == ["LC401"]
    assert all(c == [] for n, c in codes.items() if n not in ("brev_000.txt", "brev_003.txt", "brev_005.txt"))
    msg3 = got[3].findings[0].message
    msg5 = got[5].findings[0].message
    assert "exit code 3" in msg3 and "SIGKILL" in msg5


def test_a_hanging_file_times_out_and_the_batch_goes_on(tmp_path: Path, monkeypatch):
    files = write_letters(tmp_path / "l", 6, bad_every=100)
    monkeypatch.setattr(runner, "_check_bytes", _hangs)
    cfg = config(limits=Limits(timeout=0.5))
    got = list(runner.execute([runner.Input(str(f)) for f in files], cfg, jobs=2))
    assert [r.path for r in got] == [str(f) for f in files]
    assert [f.code for f in got[2].findings] == ["LC906"]
    assert "timeout=0.5 s" in got[2].findings[0].message
    assert [f.code for f in got[0].findings] == ["LC401"]
    assert all(r.findings == [] for i, r in enumerate(got) if i not in (0, 2))


def test_no_worker_outlives_the_run(tmp_path: Path, monkeypatch):
    import multiprocessing

    files = write_letters(tmp_path / "l", 5)
    monkeypatch.setattr(runner, "_check_bytes", _hangs)
    list(runner.execute([runner.Input(str(f)) for f in files], config(limits=Limits(timeout=0.3)), jobs=3))
    assert [p for p in multiprocessing.active_children() if p.name == "lettercheck-worker"] == []


def test_results_stream_to_the_reporter_before_the_inputs_run_out(tmp_path: Path):
    """The reporter sees the first files while later inputs are not even discovered yet."""
    files = write_letters(tmp_path / "l", 40)
    events: list[str] = []

    def inputs():
        for f in files:
            events.append(f"in:{f.name}")
            yield runner.Input(str(f))

    class Recorder(Reporter):
        def file(self, result: FileResult) -> None:
            events.append(f"out:{Path(result.path).name}")

    pool = runner.WorkerPool(2, config(), window=4)
    summary = Summary()
    reporter = Recorder(None)  # type: ignore[arg-type]
    for r in pool.imap(inputs()):
        summary.add(r)
        reporter.file(r)
    assert events.index("out:brev_000.txt") < events.index("in:brev_039.txt")
    # never more than the window ahead of what has been reported
    ins = outs = 0
    for e in events:
        ins += e.startswith("in:")
        outs += e.startswith("out:")
        assert ins - outs <= 4 + 1
    assert summary.files == 40


def test_a_failing_runner_step_is_lc900_not_a_dead_batch(tmp_path: Path, monkeypatch):
    files = write_letters(tmp_path / "l", 3)

    def boom(data: bytes, name: str, config: Config) -> FileResult:
        if name.endswith("brev_001.txt"):
            raise RuntimeError("kaput")
        return _real_check(data, name, config)

    monkeypatch.setattr(runner, "_check_bytes", boom)
    got = list(runner.execute([runner.Input(str(f)) for f in files], config(), jobs=1))
    assert [f.code for f in got[1].findings] == ["LC900"]
    assert "kaput" in got[1].findings[0].message
    assert [f.code for f in got[2].findings] == ["LC401"]
