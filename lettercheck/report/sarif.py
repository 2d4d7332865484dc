"""SARIF 2.1.0, the format GitHub code scanning and most CI dashboards ingest.

Validates against the official OASIS schema (a copy ships in ``lettercheck/schemas/sarif-2.1.0.json`` for the
test). Every registered rule is listed with its full documentation — the same docstring ``lettercheck explain``
prints — as ``help.text``/``help.markdown``, so a reader of the SARIF log needs nothing else.

``helpUri``: the schema requires an absolute URI (``"format": "uri"``), and lettercheck has no hosted docs
site. We use ``https://lettercheck.invalid/rules/<CODE>``: ``.invalid`` is reserved (RFC 2606) and can never
resolve, so the link can never be squatted or lead a municipal user to a stranger's page, and since the full
documentation is embedded in ``help`` nothing is lost. When a docs site exists, change ``HELP_URI`` only.

Written as a stream (head, one result at a time, tail), so memory stays flat for any batch size.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from lettercheck import __version__, cpr
from lettercheck.model import FileResult, Finding, Severity
from lettercheck.report import Reporter, Summary

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
HELP_URI = "https://lettercheck.invalid/rules/{code}"
INFORMATION_URI = "https://lettercheck.invalid/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
SRCROOT = "%SRCROOT%"


def artifact_uri(path: str, cwd: str | None = None) -> tuple[str, str | None, str | None]:
    """(uri, uriBaseId, zip member) for a reported path: relative to the working directory where possible.

    GitHub code scanning resolves relative URIs against the repository root, where CI runs lettercheck.
    """
    archive, sep, member = path.partition("!")
    if not (sep and archive.lower().endswith(".zip")):
        archive, member = path, ""
    cwd = cwd or os.getcwd()
    p = Path(archive)
    if p.is_absolute():
        try:
            rel = p.resolve().relative_to(Path(cwd).resolve())
        except (ValueError, OSError):
            return p.as_uri(), None, member or None
        archive = rel.as_posix()
    uri = quote(Path(archive).as_posix(), safe="/-._~!$&'()*+,;=:@")
    return uri, SRCROOT, member or None


def rule_descriptor(rule: Any) -> dict[str, Any]:
    """A SARIF reportingDescriptor with the rule's whole documentation (masked: examples may show a CPR)."""
    level = LEVELS[rule.severity]
    doc = cpr.mask(rule.doc or rule.summary)
    summary = cpr.mask(rule.summary)
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": summary},
        "help": {"text": doc, "markdown": doc},
        "helpUri": HELP_URI.format(code=rule.code),
        "defaultConfiguration": {"level": level},
        "properties": {"tags": ["lettercheck", rule.family]},
    }


class SarifReporter(Reporter):
    def start(self) -> None:
        from lettercheck import registry

        rules = list(registry.load_all().values())
        self._index = {r.code: i for i, r in enumerate(rules)}
        self._cwd = os.getcwd()
        self._first = True
        driver = {
            "name": "lettercheck",
            "version": __version__,
            "semanticVersion": __version__,
            "informationUri": INFORMATION_URI,
            "rules": [rule_descriptor(r) for r in rules],
        }
        head = {
            "$schema": SCHEMA_URI,
            "version": "2.1.0",
        }
        text = json.dumps(head, ensure_ascii=False)[:-1]
        self.out.write(text + ', "runs": [{"tool": {"driver": ')
        self.out.write(json.dumps(driver, ensure_ascii=False, indent=1))
        self.out.write('}, "columnKind": "unicodeCodePoints", "results": [')

    def file(self, result: FileResult) -> None:
        counts: dict[tuple[str, str], int] = {}
        for f in result.findings:
            key = (f.code, " ".join((f.text or f.message).split()))
            n = counts.get(key, 0)
            counts[key] = n + 1
            obj = self._result(result, f, n)
            self.out.write("\n  " if self._first else ",\n  ")
            self._first = False
            self.out.write(json.dumps(obj, ensure_ascii=False))

    def _result(self, result: FileResult, f: Finding, occurrence: int) -> dict[str, Any]:
        path = cpr.mask(result.path)
        uri, base, member = artifact_uri(path, self._cwd)
        loc = f.location
        message = f.message
        where = [w for w in (member, loc.document, f"page {loc.page}" if loc.page else None) if w]
        if where:
            message = f"{message} ({', '.join(where)})"
        if f.suggestion:
            message = f"{message}. Suggestion: {f.suggestion}"
        artifact: dict[str, Any] = {"uri": uri}
        if base:
            artifact["uriBaseId"] = base
        physical: dict[str, Any] = {"artifactLocation": artifact}
        if loc.line is not None and loc.line >= 1:
            region: dict[str, Any] = {"startLine": loc.line}
            if loc.column is not None and loc.column >= 1:
                region["startColumn"] = loc.column
                if f.text:
                    region["endColumn"] = loc.column + len(f.text.split("\n")[0])
            if f.text:
                region["snippet"] = {"text": f.text}
            physical["region"] = region
        location: dict[str, Any] = {"physicalLocation": physical}
        if loc.xpath:
            location["logicalLocations"] = [{"fullyQualifiedName": loc.xpath, "kind": "element"}]
        fp = hashlib.sha256(
            f"{path}\0{f.code}\0{' '.join((f.text or f.message).split())}\0{occurrence}".encode()
        )
        props: dict[str, Any] = {"severity": str(f.severity)}
        for k, v in (
            ("page", loc.page),
            ("document", loc.document),
            ("member", member),
            ("xpath", loc.xpath),
            ("suggestion", f.suggestion),
            ("letterType", result.letter_type),
            ("letterDate", result.letter_date.isoformat() if result.letter_date else None),
            ("dateSource", result.date_source),
        ):
            if v is not None:
                props[k] = v
        out: dict[str, Any] = {
            "ruleId": f.code,
            "level": LEVELS.get(f.severity, "warning"),
            "message": {"text": cpr.mask(message)},
            "locations": [location],
            "partialFingerprints": {"lettercheckFindingHash/v1": fp.hexdigest()},
            "properties": props,
        }
        if f.code in self._index:
            out["ruleIndex"] = self._index[f.code]
        return out

    def finish(self, summary: Summary) -> None:
        cwd_uri = Path(self._cwd).resolve().as_uri() + "/"
        tail = {
            "originalUriBaseIds": {SRCROOT: {"uri": cwd_uri}},
            "invocations": [{"executionSuccessful": True}],
            "properties": {"summary": summary.to_dict()},
        }
        body = json.dumps(tail, ensure_ascii=False)[1:]  # continue the run object
        self.out.write("\n], " + body + "]}\n")
