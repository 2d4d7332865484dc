"""The progress bar: on an interactive terminal only, never in a pipe or CI, with files/s and an ETA."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from lettercheck import progress, runner
from lettercheck.report import get_reporter
from tests.runner.conftest import cli, config, write_letters


class FakeTTY(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_wanted_only_on_a_terminal_outside_ci(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("TERM", raising=False)
    assert progress.wanted(FakeTTY())
    assert not progress.wanted(io.StringIO())  # a pipe or a file
    assert not progress.wanted(FakeTTY(), quiet=True)
    monkeypatch.setenv("CI", "true")
    assert not progress.wanted(FakeTTY())


def test_bar_shows_count_rate_and_eta():
    clock = Clock()
    out = FakeTTY()
    bar = progress.Progress(out, clock=clock)
    bar.start(100)
    clock.t += 10
    bar.advance(50)
    line = bar.line()
    assert "50/100 files" in line and "5.0 files/s" in line and "ETA 0:10" in line
    assert out.getvalue().startswith("\r[")
    bar.close()
    assert out.getvalue().endswith("\r\x1b[K")  # the bar erases itself at the end


def test_small_batches_get_no_bar():
    out = FakeTTY()
    bar = progress.Progress(out, clock=Clock())
    bar.start(progress.MIN_FILES)
    bar.advance(progress.MIN_FILES)
    bar.close()
    assert out.getvalue() == ""


def test_the_bar_is_cleared_before_a_finding_is_printed(tmp_path: Path):
    files = write_letters(tmp_path / "l", 12)
    err = FakeTTY()
    report = io.StringIO()
    opts = runner.RunOptions(jobs=2, progress=progress.Progress(err))
    runner.run([runner.Input(str(f)) for f in files], config(), get_reporter("concise", report), opts)
    assert report.getvalue().count("LC401") == 6
    assert "files/s" in err.getvalue()
    assert err.getvalue().endswith("\r\x1b[K")


def test_nothing_on_stderr_when_not_a_terminal(tmp_path: Path):
    write_letters(tmp_path / "l", 12)
    _code, _out, err = cli("check", str(tmp_path / "l"))
    assert err == ""
