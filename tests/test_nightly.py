"""The nightly job's story, run the way docs/nightly.md runs it.

Tonight the sample letters pass: every known finding is in the baseline. Overnight a new lovbekendtgørelse
superseding the one the samples cite arrives as a corpus overlay. Tomorrow's run reports the new LC104 findings
— in the exit code, the JUnit file and the HTML page — and the baseline does not hide them, even with a warm
cache from the night before.

The samples are judged as of the night of the run (``--as-of``), as a template repository should be: a template
must be right on the day it is used. The overlay's LBK is fictional and dated 2099, like the other test-only
legal documents in this repository (docs/corpus.md), so it cannot be mistaken for a fact.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from lettercheck.cli import main
from tests.readers.test_pdf import BODY, make_pdf
from tests.readers.test_xml import LETTER

TONIGHT = "2099-03-01"
TOMORROW = "2099-03-02"
# aktivloven: a new LBK dated 2099-02-15 supersedes LBK 1004/2025, which the samples cite
OVERLAY = """\
# test-only, fictional: a lovbekendtgørelse 'published last night'
acts:
  - id: aktivloven
    versions:
      - type: LBK
        number: 9001
        date: "2099-02-15"
        source: "https://example.invalid/fictional/lbk-9001-2099"
        confidence: confirmed
"""
TEXT_LETTER = (
    "Aalborg, den 14. oktober 2025\n\nUdbetaling af kontanthjælp\n\n"
    "Du får kontanthjælp efter § 16 i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 1004 af "
    "30. juni 2025.\n"
)


def lettercheck(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("LETTERCHECK_CACHE_DIR", raising=False)
    samples = tmp_path / "samples"
    samples.mkdir()
    (samples / "01_afgoerelse.pdf").write_bytes(make_pdf([BODY]))  # cites LBK 1004/2025
    (samples / "02_udbetaling.txt").write_text(TEXT_LETTER, encoding="utf-8")  # cites LBK 1004/2025
    (samples / "03_udbetaling.xml").write_text(LETTER, encoding="utf-8")  # cites no LBK
    return tmp_path


def nightly(night: str, *extra: str) -> tuple[int, str]:
    """The job from docs/nightly.md: check with the baseline, write JUnit and HTML, fail on new errors."""
    code, _ = lettercheck(
        "check", "samples", "--as-of", night, "--baseline", "lettercheck-baseline.json",
        "--fail-on", "error", "--format", "junit", "-o", "reports/junit.xml", *extra,
    )  # fmt: skip
    lettercheck(
        "check", "samples", "--as-of", night, "--baseline", "lettercheck-baseline.json",
        "--format", "html", "-o", "reports/lettercheck.html", "--exit-zero", *extra,
    )  # fmt: skip
    return code, Path("reports/junit.xml").read_text(encoding="utf-8")


def test_a_new_lbk_overnight_shows_up_as_new_findings_the_baseline_does_not_hide(repo: Path):
    # once, when the job is set up: accept what the samples have today
    code, _ = lettercheck(
        "check", "samples", "--as-of", TONIGHT, "--baseline", "lettercheck-baseline.json", "--update-baseline"
    )
    assert code == 0
    baseline = json.loads((repo / "lettercheck-baseline.json").read_text(encoding="utf-8"))
    assert not [e for e in baseline["entries"] if e["code"] == "LC104"]  # 1004/2025 is current tonight

    # tonight: clean
    code, junit = nightly(TONIGHT)
    assert code == 0
    suite = ET.fromstring(junit).find("testsuite")
    assert suite.get("tests") == "3" and suite.get("failures") == "0"

    # overnight, the new LBK arrives as an overlay (docs/corpus.md: the LBK published last night)
    (repo / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    assert lettercheck("corpus", "validate", "overlay.yaml")[0] == 0

    # tomorrow: new LC104 findings on both letters that cite LBK 1004/2025, not hidden by the baseline
    code, junit = nightly(TOMORROW, "--corpus", "overlay.yaml")
    assert code == 1
    cases = {c.get("name"): c for c in ET.fromstring(junit).iter("testcase")}
    failed = {Path(n).name for n, c in cases.items() if c.find("failure") is not None}
    assert failed == {"01_afgoerelse.pdf", "02_udbetaling.txt"}
    for name in ("samples/01_afgoerelse.pdf", "samples/02_udbetaling.txt"):
        text = cases[name].find("failure").text
        assert "LC104" in text and "nr. 1004 af 30/06/2025" in text
        assert "lovbekendtgørelse nr. 9001 af 15. februar 2099" in text  # the suggestion: the new LBK
    html = Path("reports/lettercheck.html").read_text(encoding="utf-8")
    assert re.search(r'id="count-errors">2<', html) and 'data-code="LC104"' in html

    # and the JSON summary says the same: two new findings, the known ones still hidden
    code, out = lettercheck(
        "check", "samples", "--as-of", TOMORROW, "--baseline", "lettercheck-baseline.json",
        "--corpus", "overlay.yaml", "--format", "json",
    )  # fmt: skip
    doc = json.loads(out)
    assert doc["summary"]["by_code"].get("LC104") == 2
    assert doc["baseline"]["hidden"] == sum(e["count"] for e in baseline["entries"])


def test_a_warm_cache_never_hides_what_the_overlay_changes(repo: Path):
    """Nightly CI keeps .lettercheck_cache between runs: the overlay must invalidate it, nothing else must."""
    lettercheck("check", "samples", "--as-of", TOMORROW, "--baseline", "b.json", "--update-baseline")
    code, out = lettercheck(
        "check", "samples", "--as-of", TOMORROW, "--baseline", "b.json", "--format", "json"
    )
    assert code == 0 and json.loads(out)["summary"]["findings"] == 0
    assert (repo / ".lettercheck_cache" / "CACHEDIR.TAG").exists()
    (repo / "overlay.yaml").write_text(OVERLAY, encoding="utf-8")
    args = ("check", "samples", "--as-of", TOMORROW, "--baseline", "b.json", "--corpus", "overlay.yaml")
    code, out = lettercheck(*args, "--format", "json")
    assert code == 1 and json.loads(out)["summary"]["by_code"] == {"LC104": 2}
