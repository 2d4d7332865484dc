"""Every rule is documented the same way, and docs/rules/ is generated from that documentation."""

from __future__ import annotations

import subprocess
import sys

from lettercheck import registry
from tests.conftest import ROOT


def test_every_rule_has_the_documentation_sections():
    for r in registry.load_all().values():
        assert r.summary and r.summary.endswith("."), r.code
        assert "## What it does" in r.doc, r.code
        assert "## How to fix" in r.doc, r.code


def test_codes_are_unique_well_formed_and_families_known():
    rules = registry.load_all()
    for code, r in rules.items():
        assert code == r.code and len(code) == 5 and code.startswith("LC"), code
        assert r.family in ("meta", "citations", "payments", "content", "template", "privacy", "input"), code


def test_generated_rule_pages_are_current():
    proc = subprocess.run(
        [sys.executable, "scripts/gen_rule_docs.py", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout
