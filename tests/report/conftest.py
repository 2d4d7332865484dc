"""Results to feed the reporters: every kind of location, every severity, a clean letter, a zip member."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from lettercheck.model import FileResult, Finding, Location, Severity
from lettercheck.report import Summary, get_reporter

LBK = "lovbekendtgørelse nr. 269 af 21. marts 2017"


def sample_results() -> list[FileResult]:
    pdf = FileResult(
        "letters/brev 1.pdf",
        [
            Finding(
                "LC104",
                Severity.ERROR,
                "aktivloven is cited as LBK 269/2017, superseded on the letter's date by LBK 1004/2025",
                LBK,
                Location(page=1, line=3, column=21),
                suggestion="cite lovbekendtgørelse nr. 1004 af 30. juni 2025",
            ),
            Finding(
                "LC304",
                Severity.WARNING,
                "Det Sociale Nævn was abolished; complaints go to Ankestyrelsen",
                "Det Sociale Nævn",
                Location(page=2, line=7, column=1),
            ),
            Finding("LC001", Severity.INFO, "suppression of LC303 matched no finding; remove it", ""),
        ],
        letter_date=date(2025, 9, 22),
        date_source="text",
        letter_type="kh_udbetaling",
        context={(None, 1, 3): f"Hjælpen gives efter {LBK}, § 11."},
    )
    xml = FileResult(
        "letters/b.xml",
        [
            Finding(
                "LC401",
                Severity.ERROR,
                "unresolved placeholder '«Navn»' (010190-1234 is the citizen)",
                "«Navn»",
                Location(line=12, xpath="/letter/body/p[2]"),
            )
        ],
        letter_date=date(2025, 10, 1),
        date_source="data",
        letter_type="kh_afgoerelse",
    )
    clean = FileResult(
        "letters/c.txt", [], letter_date=date(2024, 1, 2), date_source="text", letter_type=None
    )
    member = FileResult(
        "batch.zip!mappe/d.pdf",
        [Finding("LC906", Severity.ERROR, "zip member decompresses to 9,999,999 bytes, over the limit", "")],
    )
    return [pdf, xml, clean, member]


def render(fmt: str, results: list[FileResult] | None = None, **options: Any) -> str:
    out = io.StringIO()
    reporter = get_reporter(fmt, out, **options)
    summary = Summary()
    reporter.start()
    for r in results if results is not None else sample_results():
        summary.add(r)
        reporter.file(r)
    reporter.finish(summary)
    return out.getvalue()


@pytest.fixture
def results() -> list[FileResult]:
    return sample_results()
