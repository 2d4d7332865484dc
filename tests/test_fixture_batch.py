"""The committed fixture batch: every expected finding, and no finding at all on a clean letter.

The manifest was written from the rule definitions and the generator's deliberate defects (see
tests/fixtures/README.md), so this compares lettercheck with an independent ground truth.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from lettercheck.config import Config
from lettercheck.pipeline import check_bytes

BATCH = Path(__file__).resolve().parent / "fixtures" / "batch"
MANIFEST = yaml.safe_load((BATCH / "manifest.yaml").read_text(encoding="utf-8"))["letters"]


def test_the_batch_is_large_and_mixed():
    assert len(MANIFEST) >= 40
    clean = [e for e in MANIFEST if not e["expected"]]
    defective = [e for e in MANIFEST if e["expected"]]
    assert len(clean) >= 20 and len(defective) >= 20
    codes = {c for e in defective for c in e["expected"]}
    for code in ("LC101", "LC103", "LC104", "LC105", "LC106", "LC107", "LC108"):
        assert code in codes, code
    assert {e["file"].rsplit(".", 1)[-1] for e in MANIFEST} >= {"pdf", "xml"}


@pytest.mark.parametrize("entry", MANIFEST, ids=[e["file"] for e in MANIFEST])
def test_letter_gives_exactly_the_expected_codes(entry):
    path = BATCH / entry["file"]
    result = check_bytes(path.read_bytes(), str(path), Config())
    got = sorted({f.code for f in result.findings})
    assert got == sorted(set(entry["expected"])), [f"{f.code}: {f.message}" for f in result.findings]
    if not entry["expected"]:
        assert result.findings == []
    assert result.letter_date is not None and result.letter_date.isoformat() == entry["letter_date"]
