"""The HTML report: one self-contained page, rendered by a real browser (headless Chromium).

The browser test checks what a person opening the nightly artifact sees: the summary counts, the charts, the
table populated and filterable by its inline script — with every network feature of the browser switched off,
and a Content-Security-Policy in the page that would block any external asset anyway.

Set ``LETTERCHECK_UPDATE_SCREENSHOT=1`` to refresh ``docs/report-screenshot.png`` from the fixture batch.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.report.conftest import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or "/usr/bin/chromium"
needs_chromium = pytest.mark.skipif(
    not os.path.exists(CHROMIUM) and os.environ.get("CI") is None,
    reason="chromium not installed (.ci/run installs it; in CI this test must run)",
)


def chromium(tmp_path: Path, *args: str) -> str:
    profile = tmp_path / "chromium-profile"
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--no-first-run",
        "--no-default-browser-check",
        "--mute-audio",
        f"--user-data-dir={profile}",
        *args,
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=90, check=False)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for k, v in attrs:
            if k in ("src", "href", "srcset", "action", "poster", "data") and v:
                self.refs.append(v)


def test_page_is_self_contained():
    page = render("html")
    p = _Refs()
    p.feed(page)
    assert p.refs == []  # no src/href at all: nothing to fetch
    assert not {"link", "img", "iframe", "object", "embed"} & set(p.tags)
    assert "default-src 'none'" in page
    assert not re.search(r"url\(|@import|https?://(?!www\.w3\.org/2000/svg)", page)


def test_everything_from_a_letter_is_escaped_and_masked():
    from lettercheck.model import FileResult, Finding, Severity

    evil = FileResult(
        "<script>x</script>.txt", [Finding("LC401", Severity.ERROR, "<img src=x>", "010190-1234")]
    )
    page = render("html", [evil])
    assert "<script>x</script>" not in page and "<img src=x>" not in page
    assert "&lt;img src=x&gt;" in page and "1234" not in page


@needs_chromium
def test_chromium_renders_the_counts_charts_and_table(tmp_path: Path):
    report = tmp_path / "report.html"
    report.write_text(render("html"), encoding="utf-8")
    dom = chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", report.as_uri())
    counts = dict(re.findall(r'id="count-([a-z-]+)">(\d+)<', dom))
    assert counts == {
        "files": "4",
        "files-with-findings": "3",
        "findings": "5",
        "errors": "3",
        "warnings": "1",
        "infos": "1",
    }
    assert 'id="shown-count">5<' in dom  # the inline script ran over the table
    assert re.findall(r'<option value="(LC\d+)">', dom) == ["LC001", "LC104", "LC304", "LC401", "LC906"]
    assert dom.count('class="bar"') == 5 + 3  # five rules, three letter types
    assert "<mark>lovbekendtgørelse nr. 269 af 21. marts 2017</mark>" in dom


@needs_chromium
def test_chromium_filter_and_sort_from_a_shared_link(tmp_path: Path):
    report = tmp_path / "report.html"
    report.write_text(render("html"), encoding="utf-8")
    dom = chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", report.as_uri() + "#code=LC304")
    assert 'id="shown-count">1<' in dom
    visible = re.findall(r'<tr class="finding [a-z]+" data-code="(LC\d+)" data-severity="[a-z]+">', dom)
    hidden = re.findall(
        r'<tr class="finding [a-z]+" data-code="(LC\d+)" data-severity="[a-z]+" hidden="">', dom
    )
    assert visible == ["LC304"] and len(hidden) == 4
    dom = chromium(tmp_path, "--virtual-time-budget=3000", "--dump-dom", report.as_uri() + "#sort=3:asc")
    order = re.findall(r'data-code="(LC\d+)" data-severity="([a-z]+)"', dom)
    assert [sev for _c, sev in order] == ["info", "warning", "error", "error", "error"]


@needs_chromium
def test_chromium_screenshot(tmp_path: Path):
    report = tmp_path / "report.html"
    update = os.environ.get("LETTERCHECK_UPDATE_SCREENSHOT") == "1"
    if update:  # the documented picture: the real fixture batch, as the nightly job would show it
        from click.testing import CliRunner

        from lettercheck.cli import main

        cwd = os.getcwd()
        os.chdir(ROOT)  # relative paths in the table, as a CI job run from the repository root shows them
        try:
            CliRunner().invoke(
                main, ["check", "tests/fixtures/batch", "--no-cache", "--format", "html", "-o", str(report)]
            )
        finally:
            os.chdir(cwd)
    else:
        report.write_text(render("html"), encoding="utf-8")
    shot = tmp_path / "shot.png"
    chromium(
        tmp_path,
        "--hide-scrollbars",
        "--window-size=1400,1100",
        "--virtual-time-budget=3000",
        f"--screenshot={shot}",
        report.as_uri(),
    )
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    if update:
        (ROOT / "docs" / "report-screenshot.png").write_bytes(data)
