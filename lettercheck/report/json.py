"""JSON output (schema ``lettercheck.findings/1``, shipped as schemas/findings.schema.json).

Written incrementally — the opening, one file object at a time, the summary — so memory stays flat for
any batch size while the result is still a single valid JSON document.
"""

from __future__ import annotations

import json

from lettercheck import __version__, cpr
from lettercheck.model import FileResult
from lettercheck.report import Reporter, Summary

SCHEMA = "lettercheck.findings/1"


def file_dict(result: FileResult) -> dict:
    return {
        "path": cpr.mask(result.path),
        "letter": result.letter_dict(),
        "findings": [f.to_dict() for f in result.findings],
    }


class JsonReporter(Reporter):
    def start(self) -> None:
        self.out.write(f'{{"schema": "{SCHEMA}", "version": {json.dumps(__version__)}, "files": [')
        self._first = True

    def file(self, result: FileResult) -> None:
        self.out.write("\n  " if self._first else ",\n  ")
        self._first = False
        self.out.write(json.dumps(file_dict(result), ensure_ascii=False, default=str))

    def finish(self, summary: Summary) -> None:
        tail = f'\n], "summary": {json.dumps(summary.to_dict())}'
        if summary.baseline is not None:
            # hidden = known findings the baseline accepted; fixed = baseline entries that no longer match
            tail += f', "baseline": {json.dumps(summary.baseline, ensure_ascii=False)}'
        self.out.write(tail + "}\n")


class JsonLinesReporter(Reporter):
    """One JSON object per finding per line, for log pipelines."""

    def file(self, result: FileResult) -> None:
        for f in result.findings:
            d = f.to_dict()
            d["path"] = cpr.mask(result.path)
            self.out.write(json.dumps(d, ensure_ascii=False, default=str) + "\n")
