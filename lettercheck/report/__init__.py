"""Reporters, one module per output format, all streaming.

A reporter sees each file's result as soon as it is checked (``file``) and the totals at the end
(``finish``), so a batch of any size is never held in memory for the sake of its report.
"""

from __future__ import annotations

import importlib
from collections import Counter
from dataclasses import dataclass, field
from typing import IO, Any

from lettercheck.model import FileResult, Finding

FORMATS = {
    "text": "lettercheck.report.text:TextReporter",
    "concise": "lettercheck.report.text:ConciseReporter",
    "json": "lettercheck.report.json:JsonReporter",
}


@dataclass
class Summary:
    files: int = 0
    findings: int = 0
    by_code: Counter[str] = field(default_factory=Counter)
    by_severity: Counter[str] = field(default_factory=Counter)
    files_with_findings: int = 0

    def add(self, result: FileResult) -> None:
        self.files += 1
        self.findings += len(result.findings)
        if result.findings:
            self.files_with_findings += 1
        for f in result.findings:
            self.by_code[f.code] += 1
            self.by_severity[str(f.severity)] += 1

    def to_dict(self) -> dict[str, Any]:
        return {"files": self.files, "findings": self.findings, "by_code": dict(sorted(self.by_code.items()))}


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
