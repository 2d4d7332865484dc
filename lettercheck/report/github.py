"""GitHub Actions workflow commands: each finding becomes an annotation on the pull request or run.

``::error file=letters/a.xml,line=12,col=5,title=LC104::message``. ``error``/``warning``/``notice`` follow
the finding's severity. Values are escaped as the Actions runner expects (``%``, CR and LF everywhere;
``:`` and ``,`` also inside properties), or a message with a colon would cut the annotation short.
"""

from __future__ import annotations

from lettercheck import cpr
from lettercheck.model import FileResult, Severity
from lettercheck.report import Reporter, Summary

LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


class GithubReporter(Reporter):
    def file(self, result: FileResult) -> None:
        path = cpr.mask(result.path)
        for f in result.findings:
            loc = f.location
            props = [f"file={escape_property(path.partition('!')[0] if '.zip!' in path.lower() else path)}"]
            if loc.line is not None and loc.line >= 1:
                props.append(f"line={loc.line}")
                if loc.column is not None:
                    props.append(f"col={loc.column}")
            props.append(f"title={escape_property(f.code)}")
            where = [
                w for w in (path.partition("!")[2] if ".zip!" in path.lower() else None, loc.document) if w
            ]
            if loc.page is not None:
                where.append(f"page {loc.page}")
            message = f.message + (f" ({', '.join(where)})" if where else "")
            if f.suggestion:
                message += f"\nSuggestion: {f.suggestion}"
            self.out.write(
                f"::{LEVEL.get(f.severity, 'warning')} {','.join(props)}::{escape_data(cpr.mask(message))}\n"
            )

    def finish(self, summary: Summary) -> None:
        pass
