"""Human output: ``path:page:line:col: LC104 [error] message``, the source line with a caret, the fix."""

from __future__ import annotations

from lettercheck.model import FileResult
from lettercheck.report import Reporter, Summary, location_str


class TextReporter(Reporter):
    def file(self, result: FileResult) -> None:
        for f in result.findings:
            self.out.write(f"{location_str(result.path, f)}: {f.code} [{f.severity}] {f.message}\n")
            if f.location.xpath and f.location.page is None:
                self.out.write(f"  at {f.location.xpath}\n")
            line = result.context.get((f.location.document, f.location.page, f.location.line or 0))
            if line is not None and f.location.column is not None and f.text:
                col = max(f.location.column - 1, 0)
                span = max(1, min(len(f.text), max(len(line) - col, 1)))
                self.out.write(f"  | {line}\n  | {' ' * col}{'^' * span}\n")
            elif f.text:
                self.out.write(f"  | {f.text}\n")
            if f.suggestion:
                self.out.write(f"  = suggestion: {f.suggestion}\n")
        if result.findings and not self.options.get("quiet"):
            self.out.write("\n")

    def finish(self, summary: Summary) -> None:
        if self.options.get("quiet") and not summary.findings:
            return
        if summary.findings:
            codes = ", ".join(f"{c} ×{n}" for c, n in sorted(summary.by_code.items()))
            self.out.write(
                f"Found {summary.findings} finding{'s' * (summary.findings != 1)} in "
                f"{summary.files_with_findings} of {summary.files} file{'s' * (summary.files != 1)} ({codes}).\n"
            )
        else:
            self.out.write(f"All checks passed ({summary.files} file{'s' * (summary.files != 1)}).\n")


class ConciseReporter(Reporter):
    """One line per finding, for editors and grep."""

    def file(self, result: FileResult) -> None:
        for f in result.findings:
            self.out.write(f"{location_str(result.path, f)}: {f.code} [{f.severity}] {f.message}\n")

    def finish(self, summary: Summary) -> None:
        if not self.options.get("quiet"):
            self.out.write(f"Found {summary.findings} findings in {summary.files} files.\n")
