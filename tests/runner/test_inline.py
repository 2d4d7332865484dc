"""A lone letter is checked in the CLI's own process (issue 10: pre-commit on one letter must start fast),
with the guarantees a worker gives short of crash isolation: the per-file timeout (LC906), a failure of
lettercheck itself as LC900, and the same result a worker would give. PDFs still go to a worker.
"""

from __future__ import annotations

import signal
import sys
import time
from pathlib import Path

import pytest

from lettercheck import runner
from lettercheck.config import Config, Limits
from lettercheck.model import FileResult
from tests.runner.conftest import PLACEHOLDER_LETTER, cli, config, write_letters

_real_check = runner._check_bytes


class _NoPool(runner.WorkerPool):
    def __init__(self, *a, **k) -> None:
        raise AssertionError("a worker pool was started for a lone letter")


def test_a_lone_letter_is_checked_without_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (f,) = write_letters(tmp_path / "l", 1)
    monkeypatch.setattr(runner, "WorkerPool", _NoPool)
    (result,) = list(runner.execute([runner.Input(str(f))], config(), jobs=4))
    assert result.path == str(f)
    assert [x.code for x in result.findings] == ["LC401"]


def test_inline_and_worker_results_are_the_same(tmp_path: Path):
    files = write_letters(tmp_path / "l", 2)
    cfg = config()
    alone = [next(runner.execute([runner.Input(str(f))], cfg)) for f in files]
    pooled = list(runner.execute([runner.Input(str(f)) for f in files], cfg, jobs=2))
    assert [(r.path, [x.to_dict() for x in r.findings], r.context) for r in alone] == [
        (r.path, [x.to_dict() for x in r.findings], r.context) for r in pooled
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the pool relies on fork here")
def test_a_lone_pdf_still_goes_to_a_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    started: list[int] = []
    real_start = runner.WorkerPool._start

    def start(self: runner.WorkerPool) -> object:
        started.append(1)
        return real_start(self)

    monkeypatch.setattr(runner.WorkerPool, "_start", start)
    pdf = tmp_path / "brev.pdf"
    pdf.write_bytes(b"%PDF-1.4 not really a pdf")
    (result,) = list(runner.execute([runner.Input(str(pdf))], config(), jobs=4))
    assert started == [1]  # one worker for one file, however many jobs were allowed
    assert [x.code for x in result.findings] == ["LC901"]


@pytest.mark.skipif(not hasattr(signal, "setitimer"), reason="needs SIGALRM")
def test_a_lone_letter_that_hangs_is_stopped_at_the_timeout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (f,) = write_letters(tmp_path / "l", 1)

    def hangs(data: bytes, name: str, config: Config) -> FileResult:
        time.sleep(600)
        raise AssertionError("not stopped")

    monkeypatch.setattr(runner, "_check_bytes", hangs)
    before = signal.getsignal(signal.SIGALRM)
    t = time.monotonic()
    (result,) = list(runner.execute([runner.Input(str(f))], config(limits=Limits(timeout=0.3))))
    assert time.monotonic() - t < 30
    assert [x.code for x in result.findings] == ["LC906"]
    assert "timeout=0.3 s" in result.findings[0].message
    assert signal.getsignal(signal.SIGALRM) == before  # the handler is put back
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)  # and no alarm is left pending


def test_the_timeout_does_not_fire_after_the_letter(tmp_path: Path):
    (f,) = write_letters(tmp_path / "l", 1)
    (result,) = list(runner.execute([runner.Input(str(f))], config(limits=Limits(timeout=0.2))))
    assert [x.code for x in result.findings] == ["LC401"]
    time.sleep(0.4)  # an alarm left armed would raise here


def test_a_lone_letter_that_breaks_lettercheck_is_lc900(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    (f,) = write_letters(tmp_path / "l", 1)

    def boom(data: bytes, name: str, config: Config) -> FileResult:
        raise RuntimeError("kaput")

    monkeypatch.setattr(runner, "_check_bytes", boom)
    (result,) = list(runner.execute([runner.Input(str(f))], config()))
    assert [x.code for x in result.findings] == ["LC900"]
    assert "kaput" in result.findings[0].message


def test_a_lone_letter_on_stdin_and_from_the_cache(tmp_path: Path):
    code, out, _ = cli("check", "-", "--format", "json", "--no-cache", input=PLACEHOLDER_LETTER)
    assert code == 1 and '"LC401"' in out
    (f,) = write_letters(tmp_path / "l", 1)
    first = cli("check", str(f), "--format", "json")
    second = cli("check", str(f), "--format", "json")
    assert first == second
