"""Beyond one machine: examples/dask_batch.py on a local Dask scheduler gives the same findings as the CLI.

The example is run as a user runs it (a script, ``--scheduler processes``), so the check function really is
shipped to other processes, over the committed fixture batch.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from lettercheck.cli import main
from tests.conftest import ROOT

pytest.importorskip("dask.bag")

BATCH = ROOT / "tests" / "fixtures" / "batch"
EXAMPLE = ROOT / "examples" / "dask_batch.py"


def by_name(files: list[dict]) -> dict[str, list[dict]]:
    return {Path(f["path"]).name: sorted(f["findings"], key=json.dumps) for f in files}


@pytest.mark.parametrize("scheduler", ["processes", "synchronous"])
def test_dask_example_finds_what_the_cli_finds(tmp_path: Path, scheduler: str):
    out = tmp_path / "findings"
    proc = subprocess.run(
        [sys.executable, str(EXAMPLE), str(BATCH), "--out", str(out), "--scheduler", scheduler, "--workers", "2",
         "--partition-size", "7"],
        capture_output=True, text=True, timeout=300, check=False, cwd=tmp_path,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    summary = json.loads(proc.stdout.strip().splitlines()[-1])
    parts = sorted(out.glob("part-*.jsonl"))
    assert len(parts) > 1  # really split into several tasks
    dask_files = [json.loads(line) for p in parts for line in p.read_text(encoding="utf-8").splitlines()]

    cli = CliRunner().invoke(
        main, ["check", str(BATCH), "--format", "json", "--no-cache"], catch_exceptions=False
    )
    cli_doc = json.loads(cli.stdout)

    assert by_name(dask_files) == by_name(cli_doc["files"])
    assert summary["files"] == cli_doc["summary"]["files"] == len(dask_files)
    assert summary["by_code"] == cli_doc["summary"]["by_code"]
    assert summary["findings"] > 0  # the batch has deliberate defects, so this compares something


def test_check_bytes_results_are_picklable_plain_values():
    import pickle

    from lettercheck import check_bytes

    data = (BATCH / "d01_lc104_aktiv269_2025.pdf").read_bytes()
    result = check_bytes(data, "d01.pdf")
    again = pickle.loads(pickle.dumps(result))
    assert [f.to_dict() for f in again.findings] == [f.to_dict() for f in result.findings]
    assert again.letter_dict() == result.letter_dict()
