"""The Quick start's sample letters show what examples/README.md says they show."""

from __future__ import annotations

import re

from click.testing import CliRunner

from lettercheck.cli import main
from lettercheck.config import Config
from lettercheck.pipeline import check_path
from tests.conftest import ROOT

EXAMPLES = ROOT / "examples"


def documented() -> dict[str, set[str]]:
    rows = re.findall(r"^\| `([^`]+)` \| .*? \| ([^|]+) \|$", (EXAMPLES / "README.md").read_text(), re.M)
    return {
        name: set() if codes.strip() == "none" else {c.strip() for c in codes.split(",")}
        for name, codes in rows
    }


def test_every_example_is_documented_and_shows_its_codes():
    docs = documented()
    from lettercheck.readers import EXTENSIONS

    files = sorted(p.name for p in EXAMPLES.iterdir() if p.suffix in EXTENSIONS)  # not dask_batch.py
    assert sorted(docs) == files
    for name, codes in docs.items():
        got = {f.code for f in check_path(EXAMPLES / name, Config()).findings}
        assert got == codes, name
    shown = set().union(*docs.values())
    assert {"LC101", "LC103", "LC104", "LC105", "LC106", "LC107", "LC108"} <= shown


def test_quick_start_command_prints_findings_and_exits_1():
    result = CliRunner().invoke(main, ["check", str(EXAMPLES)])
    assert result.exit_code == 1
    assert "LC104 [error]" in result.stdout and "Found " in result.stdout
