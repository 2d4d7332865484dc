"""Baselines: accept today's findings, report only new ones, and notice when known ones are fixed.

What nightly users need — and what Ruff users have asked for since 2022 (astral-sh/ruff#1149), where the
objection was that a baseline of line numbers breaks as soon as the text moves. So a fingerprint here is

    (file path relative to the baseline file, rule code, the offending text normalised) + an occurrence count

as in ESLint's baseline RFC: no line numbers, no columns, no page numbers. Editing a letter elsewhere, moving a
paragraph or re-flowing a PDF keeps the fingerprint; changing the cited text, or adding one more occurrence of
the same problem, does not. When a file has more occurrences than the baseline allows, the surplus (the later
ones in the letter) are new; when it has fewer, the difference is *fixed*, so the baseline can shrink.

The file is JSON with sorted entries (stable diffs in review) and holds only masked text.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Any

from lettercheck import __version__, cpr
from lettercheck.model import FileResult, Finding
from lettercheck.records import field, record

SCHEMA = "lettercheck.baseline/1"
_MASKED_CPR = re.compile(r"\d{6}-xxxx")

Key = tuple[str, str, str]  # (path, code, normalised text)


class BaselineError(Exception):
    """A baseline file that cannot be read; the CLI turns it into exit code 2."""


def normalise(text: str) -> str:
    """The offending text as the baseline compares it: masked, NFKC, whitespace collapsed, case-folded."""
    text = cpr.mask(unicodedata.normalize("NFKC", text))
    return " ".join(text.split()).casefold()


def finding_text(f: Finding) -> str:
    """What identifies a finding within its file: its offending text, or its message when it has none."""
    return normalise(f.text or f.message)


def relative_path(name: str, base_dir: Path) -> str:
    """``name`` relative to the baseline's folder, in POSIX form; zip members keep their ``!member`` part."""
    if name == "-":
        return name
    archive, sep, member = name.partition("!")
    if sep and not archive.lower().endswith(".zip"):
        archive, sep, member = name, "", ""
    try:
        rel = os.path.relpath(os.path.abspath(archive), base_dir)
    except ValueError:  # another drive on Windows
        rel = os.path.abspath(archive)
    rel = Path(rel).as_posix()
    return f"{rel}!{member}" if sep else rel


def fingerprints(result: FileResult, base_dir: Path) -> list[tuple[Key, Finding]]:
    path = relative_path(result.path, base_dir)
    return [((path, f.code, finding_text(f)), f) for f in result.findings]


@record
class Baseline:
    """Known findings read from a baseline file, applied to results as they stream past."""

    path: Path
    entries: Counter[Key] = field(default_factory=Counter)
    #: current occurrences per key, for the files checked in this run
    seen: Counter[Key] = field(default_factory=Counter)
    checked: set[str] = field(default_factory=set)
    hidden: int = 0
    _paths: set[str] | None = field(default=None, repr=False)

    @property
    def base_dir(self) -> Path:
        return self.path.resolve().parent

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> Baseline:
        p = Path(path)
        try:
            obj = json.loads(p.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BaselineError(f"{p}: no such baseline file (create it with --update-baseline)") from None
        except (OSError, ValueError) as e:
            raise BaselineError(f"{p}: not a readable baseline file: {e}") from None
        if not isinstance(obj, dict) or obj.get("schema") != SCHEMA:
            raise BaselineError(f"{p}: not a lettercheck baseline (expected schema {SCHEMA!r})")
        entries: Counter[Key] = Counter()
        try:
            for e in obj["entries"]:
                entries[(str(e["path"]), str(e["code"]), normalise(str(e["text"])))] += int(e["count"])
        except (KeyError, TypeError, ValueError) as e:
            raise BaselineError(f"{p}: malformed entry: {e}") from None
        return cls(p, entries)

    def apply(self, result: FileResult) -> FileResult:
        """``result`` with only the findings the baseline does not already know, in their original order.

        Only what the baseline itself mentions is remembered (to report fixed entries at the end), so memory
        follows the baseline's size, not the batch's.
        """
        if self._paths is None:
            self._paths = {p for p, _c, _t in self.entries}
        prints = fingerprints(result, self.base_dir)
        path = relative_path(result.path, self.base_dir)
        if path in self._paths:
            self.checked.add(path)
        kept: list[Finding] = []
        used: Counter[Key] = Counter()
        for key, f in prints:
            if key in self.entries:
                self.seen[key] += 1
            if used[key] < self.entries.get(key, 0):
                used[key] += 1
                self.hidden += 1
            else:
                kept.append(f)
        result.findings = kept
        return result

    def fixed(self) -> list[dict[str, Any]]:
        """Baseline entries no longer matched: fewer occurrences in a checked file, or the file is gone."""
        out = []
        for (path, code, text), count in sorted(self.entries.items()):
            if path in self.checked:
                gone = count - self.seen.get((path, code, text), 0)
            elif self._removed(path):
                gone = count
            else:
                continue  # not part of this run: nothing known
            if gone > 0:
                out.append({"path": path, "code": code, "text": text, "count": gone})
        return out

    def _removed(self, path: str) -> bool:
        if path == "-" or _MASKED_CPR.search(path):
            return False  # a masked name cannot be looked up; say nothing rather than something wrong
        on_disk = path.partition("!")[0]
        return not (self.base_dir / on_disk).exists()

    def report(self) -> dict[str, Any]:
        fixed = self.fixed()
        return {
            "file": str(self.path),
            "entries": sum(self.entries.values()),
            "hidden": self.hidden,
            "fixed_count": sum(e["count"] for e in fixed),
            "fixed": fixed,
        }


class BaselineWriter:
    """Collects every finding of a run and writes the baseline that accepts them all.

    Entries for files that were not part of this run but still exist are kept, so updating the baseline from
    a run over some of the files does not forget the others.
    """

    def __init__(self, path: str | os.PathLike[str], previous: Baseline | None = None) -> None:
        self.path = Path(path)
        self.base_dir = self.path.resolve().parent
        self.previous = previous
        self.counts: Counter[Key] = Counter()
        self.checked: set[str] = set()

    def observe(self, result: FileResult) -> None:
        self.checked.add(relative_path(result.path, self.base_dir))
        for key, _f in fingerprints(result, self.base_dir):
            self.counts[key] += 1

    def entries(self) -> Counter[Key]:
        out = Counter(self.counts)
        if self.previous is not None:
            for key, n in self.previous.entries.items():
                path = key[0]
                if path in self.checked or self.previous._removed(path):
                    continue
                out[key] += n
        return out

    def write(self) -> int:
        """Write the baseline atomically; returns the number of findings it accepts."""
        entries = self.entries()
        doc = {
            "schema": SCHEMA,
            "generated_by": f"lettercheck {__version__}",
            "entries": [
                {"path": p, "code": c, "text": t, "count": n} for (p, c, t), n in sorted(entries.items()) if n
            ],
        }
        text = json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
                fh.write(cpr.mask(text))
            os.replace(tmp, self.path)
        except BaseException:
            try:
                os.unlink(tmp)
            except OSError:
                pass
            raise
        return sum(entries.values())


def format_text(report: dict[str, Any], limit: int = 50) -> str:
    """The baseline part of the text summary: how many known findings were hidden, and what was fixed."""
    lines = [
        f"Baseline {report['file']}: {report['hidden']} known finding{'s' * (report['hidden'] != 1)} hidden."
    ]
    fixed = report["fixed"]
    if fixed:
        n = report["fixed_count"]
        lines.append(
            f"{n} baseline finding{'s' * (n != 1)} fixed (update the baseline with --update-baseline to drop them):"
        )
        for e in fixed[:limit]:
            times = f" ×{e['count']}" if e["count"] != 1 else ""
            lines.append(f"  {e['path']}: {e['code']} {e['text']!r}{times}")
        if len(fixed) > limit:
            lines.append(f"  … and {len(fixed) - limit} more (see --format json)")
    return "\n".join(lines) + "\n"
