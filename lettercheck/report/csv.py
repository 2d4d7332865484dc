"""CSV: one row per finding, for the spreadsheet a team lead sorts by template or rule.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``@``, a tab, or a ``-`` that does
not start a number) get a leading apostrophe — the usual defence against CSV injection, since letter text
comes from case data that anyone can influence. ``-1.234,00`` stays a number.
"""

from __future__ import annotations

import csv
import re

from lettercheck import cpr
from lettercheck.model import FileResult
from lettercheck.report import Reporter, Summary

COLUMNS = [
    "path",
    "page",
    "line",
    "column",
    "xpath",
    "document",
    "code",
    "severity",
    "message",
    "text",
    "suggestion",
    "letter_type",
    "letter_date",
    "date_source",
]
_NUMBER = re.compile(r"-\s?\d")


def safe_cell(value: object) -> str:
    if value is None:
        return ""
    text = cpr.mask(str(value))
    if text[:1] in ("=", "+", "@", "\t", "\r") or (text.startswith("-") and not _NUMBER.match(text)):
        return "'" + text
    return text


class CsvReporter(Reporter):
    def start(self) -> None:
        self._w = csv.writer(self.out, lineterminator="\n")
        self._w.writerow(COLUMNS)

    def file(self, result: FileResult) -> None:
        for f in result.findings:
            loc = f.location
            self._w.writerow(
                [
                    safe_cell(v)
                    for v in (
                        result.path,
                        loc.page,
                        loc.line,
                        loc.column,
                        loc.xpath,
                        loc.document,
                        f.code,
                        str(f.severity),
                        f.message,
                        f.text,
                        f.suggestion,
                        result.letter_type,
                        result.letter_date.isoformat() if result.letter_date else None,
                        result.date_source,
                    )
                ]
            )

    def finish(self, summary: Summary) -> None:
        pass
