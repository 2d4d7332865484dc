"""Reporters, one module per output format, all streaming.

A reporter sees each file's result as soon as it is checked (``file``) and the totals at the end
(``finish``), so a batch of any size is never held in memory for the sake of its report.
"""

from __future__ import annotations

import importlib
from collections import Counter
from typing import IO, Any

from lettercheck.model import FileResult, Finding, Severity
from lettercheck.records import field, record

FORMATS = {
    "text": "lettercheck.report.text:TextReporter",
    "concise": "lettercheck.report.text:ConciseReporter",
    "json": "lettercheck.report.json:JsonReporter",
    "json-lines": "lettercheck.report.json:JsonLinesReporter",
    "sarif": "lettercheck.report.sarif:SarifReporter",
    "junit": "lettercheck.report.junit:JunitReporter",
    "github": "lettercheck.report.github:GithubReporter",
    "csv": "lettercheck.report.csv:CsvReporter",
    "html": "lettercheck.report.html:HtmlReporter",
}


@record
class Summary:
    """Totals of a run, counted as results stream past (the reporter never holds the results)."""

    files: int = 0
    findings: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    files_with_findings: int = 0
    #: files answered from the cache
    cached: int = 0
    #: the baseline's report (``Baseline.report()``) when a baseline was applied: hidden and fixed findings
    baseline: dict[str, Any] | None = None

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.cached += result.from_cache
        self.findings += len(result.findings)
        if result.findings:
            self.files_with_findings += 1
        for f in result.findings:
            self.by_code[f.code] += 1
            self.by_severity[str(f.severity)] += 1

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "findings": self.findings, "by_code": dict(sorted(self.by_code.items()))}

    def failing(self, fail_on: Severity) -> bool:
        """Whether any finding is at or above ``fail_on`` (what makes the exit code 1)."""
        return any(Severity.parse(s) >= fail_on for s, n in self.by_severity.items() if n)


class Reporter:
    """Base class: subclasses write to ``self.out`` as results arrive."""

    def __init__(self, out: IO[str], *, options: dict[str, Any] | None = None) -> None:
        self.out = out
        self.options = options or {}

    def start(self) -> None:
        pass

    def file(self, result: FileResult) -> None:
        raise NotImplementedError

    def finish(self, summary: Summary) -> None:
        pass


def get_reporter(fmt: str, out: IO[str], **options: Any) -> Reporter:
    try:
        target = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})") from None
    mod, cls = target.split(":")
    return getattr(importlib.import_module(mod), cls)(out, options=options)


def location_str(path: str, f: Finding) -> str:
    """``path:page:line:col`` for PDF/text, ``path:line`` plus the XPath for XML, embedded name for MeMo."""
    loc = f.location
    parts = [path + (f"[{loc.document}]" if loc.document else "")]
    if loc.page is not None:
        parts.append(str(loc.page))
    if loc.line is not None:
        parts.append(str(loc.line))
        if loc.column is not None:
            parts.append(str(loc.column))
    return ":".join(parts)


class StatisticsReporter(Reporter):
    """``--statistics``: one line per rule code with its count, most frequent first, as Ruff prints them.

    With ``json=True`` the same as a JSON list (``[{"code", "name", "count"}]``) for dashboards.
    """

    def file(self, result: FileResult) -> None:
        pass  # the counts are in the summary

    def finish(self, summary: Summary) -> None:
        import json

        from lettercheck import registry

        rules = registry.load_all()
        rows = sorted(summary.by_code.items(), key=lambda kv: (-kv[1], kv[0]))
        if self.options.get("json"):
            out = [{"code": c, "name": rules[c].name if c in rules else "", "count": n} for c, n in rows]
            self.out.write(json.dumps(out, indent=2) + "\n")
            return
        width = max((len(str(n)) for _c, n in rows), default=1)
        for code, n in rows:
            name = rules[code].name if code in rules else ""
            self.out.write(f"{n:>{width}}\t{code}\t{name}\n")
