"""The batch options of ``lettercheck check`` as a user runs them: --jobs, --statistics, exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from tests.runner.conftest import cli, write_letters


def test_jobs_1_and_jobs_4_print_the_same_report(tmp_path: Path):
    write_letters(tmp_path / "l", 15, bad_every=4)
    one = cli("check", str(tmp_path / "l"), "-j", "1", "--no-cache")
    four = cli("check", str(tmp_path / "l"), "--jobs", "4", "--no-cache")
    assert one == four
    assert one[0] == 1 and one[1].count("LC401 [error]") == 4


def test_statistics_like_ruff(tmp_path: Path):
    write_letters(tmp_path / "l", 6, bad_every=2)
    (tmp_path / "l" / "broken.pdf").write_bytes(b"%PDF-1.4 broken")
    code, out, _ = cli("check", str(tmp_path / "l"), "--statistics")
    assert code == 1
    lines = [line.split("\t") for line in out.strip().splitlines()]
    assert lines[0] == ["3", "LC401", "unresolved-placeholder"]
    assert lines[1][1] == "LC901"
    code, out, _ = cli("check", str(tmp_path / "l"), "--statistics", "--format", "json")
    assert json.loads(out)[0] == {"code": "LC401", "name": "unresolved-placeholder", "count": 3}
    code, _, _err = cli("check", str(tmp_path / "l"), "--statistics", "--format", "sarif")
    assert code == 2


def test_exit_codes_with_a_baseline_count_only_new_findings(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_letters(tmp_path / "l", 4, bad_every=2)
    assert cli("check", "l")[0] == 1
    assert cli("check", "l", "--baseline", "b.json", "--update-baseline")[0] == 0
    assert cli("check", "l", "--baseline", "b.json")[0] == 0
    assert cli("check", "l", "--exit-zero")[0] == 0


def test_output_file_for_every_format(tmp_path: Path):
    write_letters(tmp_path / "l", 3)
    for fmt in ("text", "concise", "json", "json-lines", "sarif", "junit", "github", "csv", "html"):
        target = tmp_path / "out" / f"report.{fmt}"
        code, out, _ = cli("check", str(tmp_path / "l"), "--format", fmt, "-o", str(target))
        assert code == 1 and out == ""
        assert target.read_text(encoding="utf-8").strip(), fmt
