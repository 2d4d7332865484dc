"""A non-editable install works from any directory: rules/, corpus/ and schemas ship inside the wheel."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.readers.test_xml import LETTER


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (whl,) = out.glob("lettercheck-*.whl")
    return whl


def test_wheel_contains_data_and_schemas(wheel: Path):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "lettercheck/_data/corpus/legal_refs.yaml" in names
    for pack in (ROOT / "rules").glob("*.yaml"):
        assert f"lettercheck/_data/rules/{pack.name}" in names
    assert "lettercheck/schemas/letter.xsd" in names
    assert "lettercheck/schemas/findings.schema.json" in names


def test_installed_wheel_runs_outside_the_checkout(wheel: Path, tmp_path: Path):
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "l.xml").write_text(LETTER, encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    proc = subprocess.run(
        [sys.executable, "-c", "import lettercheck.resources as r; print(r.data_root())"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert proc.stdout.strip() == str(site / "lettercheck" / "_data")
    proc = subprocess.run(
        [sys.executable, "-m", "lettercheck", "check", "l.xml", "--format", "json"],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode in (0, 1), proc.stderr
    assert '"schema": "lettercheck.findings/1"' in proc.stdout
