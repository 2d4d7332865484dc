"""JUnit XML: one test case per letter, so CI dashboards (GitLab, Jenkins, Azure, GitHub test reporters) show
the nightly run as a test suite — a letter with findings at or above ``--fail-on`` is a failed test whose
failure text lists its findings; findings below that level go to the test case's ``system-out``.

Dashboards read the totals from the ``<testsuite>`` attributes, which come first in the file but are known only
at the end; test cases are therefore spooled to a temporary file (in memory while small, on disk after), so
memory stays flat for any batch size.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from xml.sax.saxutils import escape, quoteattr

from lettercheck import __version__, cpr
from lettercheck.model import FileResult, Finding, Severity
from lettercheck.report import Reporter, Summary, location_str

# characters XML 1.0 cannot carry at all (a PDF's text layer can contain them)
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _clean(text: str) -> str:
    return _INVALID_XML.sub("\ufffd", cpr.mask(text))


def _attr(text: str) -> str:
    return quoteattr(_clean(text))


def _finding_lines(path: str, f: Finding) -> str:
    lines = [f"{location_str(path, f)}: {f.code} [{f.severity}] {f.message}"]
    if f.location.xpath:
        lines.append(f"  at {f.location.xpath}")
    if f.text:
        lines.append(f"  | {f.text}")
    if f.suggestion:
        lines.append(f"  = suggestion: {f.suggestion}")
    return "\n".join(lines)


class JunitReporter(Reporter):
    def start(self) -> None:
        # closed in finish(); a context manager cannot span start() .. finish()
        self._body = tempfile.SpooledTemporaryFile(max_size=4 * 1024 * 1024, mode="w+", encoding="utf-8")  # noqa: SIM115
        self._tests = 0
        self._failures = 0
        self._errors = 0
        self._fail_on = Severity.parse(self.options.get("fail_on") or "warning")

    def file(self, result: FileResult) -> None:
        path = cpr.mask(result.path)
        self._tests += 1
        classname = f"lettercheck.{result.letter_type}" if result.letter_type else "lettercheck"
        w = self._body.write
        w(f"    <testcase classname={_attr(classname)} name={_attr(path)} file={_attr(path)}")
        if not result.findings:
            w("/>\n")
            return
        w(">\n")
        internal = [f for f in result.findings if f.code == "LC900"]
        failing = [f for f in result.findings if f.severity >= self._fail_on and f.code != "LC900"]
        below = [f for f in result.findings if f.severity < self._fail_on and f.code != "LC900"]
        if internal:
            self._errors += 1
            text = "\n".join(_finding_lines(path, f) for f in internal)
            w(
                f'      <error type="LC900" message={_attr(internal[0].message)}>{escape(_clean(text))}</error>\n'
            )
        elif failing:
            self._failures += 1
            codes = ", ".join(dict.fromkeys(f.code for f in failing))
            n = len(failing)
            msg = f"{n} finding{'s' * (n != 1)}: {codes}"
            text = "\n".join(_finding_lines(path, f) for f in failing)
            w(
                f"      <failure type={_attr(failing[0].code)} message={_attr(msg)}>{escape(_clean(text))}</failure>\n"
            )
        if below or (internal and failing):
            rest = below + (failing if internal else [])
            text = "\n".join(_finding_lines(path, f) for f in rest)
            w(f"      <system-out>{escape(_clean(text))}</system-out>\n")
        w("    </testcase>\n")

    def finish(self, summary: Summary) -> None:
        counts = f'tests="{self._tests}" failures="{self._failures}" errors="{self._errors}" skipped="0"'
        self.out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
        self.out.write(f'<testsuites name="lettercheck" {counts}>\n')
        self.out.write(f'  <testsuite name="lettercheck" {counts}>\n')
        self.out.write(
            f'    <properties><property name="lettercheck.version" value="{__version__}"/></properties>\n'
        )
        self._body.seek(0)
        shutil.copyfileobj(self._body, self.out)
        self._body.close()
        self.out.write("  </testsuite>\n</testsuites>\n")
