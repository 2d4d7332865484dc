"""The data that flows through lettercheck: letters, locations, findings.

Everything here is a plain, picklable value so the same objects travel between the CLI, worker
processes, the cache and distributed engines without conversion.
"""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any


class Severity(enum.IntEnum):
    """Ordered so that ``--fail-on`` can compare levels with ``>=``."""

    INFO = 1
    WARNING = 2
    ERROR = 3

    def __str__(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, value: str | Severity) -> Severity:
        if isinstance(value, Severity):
            return value
        try:
            return cls[value.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {value!r} (use error, warning or info)") from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a character of the letter text came from in the source file.

    PDF and text letters fill page/line/column; XML letters fill line and xpath; letters embedded in a
    Digital Post MeMo message also carry the embedded document's file name.
    """

    page: int | None = None
    line: int | None = None
    column: int | None = None
    xpath: str | None = None
    document: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.page,
            "line": self.line,
            "column": self.column,
            "xpath": self.xpath,
            "document": self.document,
        }


@dataclass(slots=True)
class _Run:
    start: int  # offset in the letter text where the run begins
    page: int | None
    line: int | None
    column: int | None  # column of the run's first character; None if columns do not advance
    xpath: str | None
    document: str | None
    advances: bool  # whether each following character moves one column on


class SourceMap:
    """Maps every offset of a letter's text back to the place it came from.

    Readers rewrite text (joining hyphenated words, turning line breaks into spaces), so offsets in the
    letter text no longer match the source. Rather than one entry per character, the map keeps runs of
    characters that come from one source line with consecutive columns; a lookup is a binary search.
    """

    __slots__ = ("_runs", "_starts")

    def __init__(self) -> None:
        self._runs: list[_Run] = []
        self._starts: list[int] = []

    def add_run(
        self,
        start: int,
        *,
        page: int | None = None,
        line: int | None = None,
        column: int | None = None,
        xpath: str | None = None,
        document: str | None = None,
        advances: bool = True,
    ) -> None:
        if self._starts and start < self._starts[-1]:
            raise ValueError("runs must be added in text order")
        run = _Run(start, page, line, column, xpath, document, advances)
        if self._starts and self._starts[-1] == start:
            self._runs[-1] = run
        else:
            self._starts.append(start)
            self._runs.append(run)

    def locate(self, offset: int) -> Location:
        if not self._runs:
            return Location()
        i = bisect.bisect_right(self._starts, offset) - 1
        run = self._runs[max(i, 0)]
        column = run.column
        if column is not None and run.advances:
            column += max(offset - run.start, 0)
        return Location(run.page, run.line, column, run.xpath, run.document)

    def __len__(self) -> int:
        return len(self._runs)

    def runs(self) -> Iterator[tuple[int, tuple[Any, ...]]]:
        """Each run's start and source line key ``(document, page, line or xpath)``, in text order."""
        for r in self._runs:
            yield r.start, (r.document, r.page, r.line if r.line is not None else r.xpath)


class TextBuilder:
    """Assembles a letter's text piece by piece while recording where each piece came from."""

    __slots__ = ("_length", "_parts", "lines", "map")

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.map = SourceMap()
        #: original source lines, keyed by (document, page, line), for showing context in reports
        self.lines: dict[tuple[str | None, int | None, int], str] = {}

    @property
    def length(self) -> int:
        return self._length

    def append(
        self,
        text: str,
        *,
        page: int | None = None,
        line: int | None = None,
        column: int | None = None,
        xpath: str | None = None,
        document: str | None = None,
        advances: bool = True,
    ) -> None:
        """Add text whose first character sits at the given source location."""
        if not text:
            return
        self.map.add_run(
            self._length,
            page=page,
            line=line,
            column=column,
            xpath=xpath,
            document=document,
            advances=advances,
        )
        self._parts.append(text)
        self._length += len(text)

    def append_synthetic(self, text: str) -> None:
        """Add text that is not in the source (a joining space); it maps to where the previous text ended."""
        if not text:
            return
        if self._length:
            prev = self.map.locate(self._length - 1)
            col = prev.column + 1 if prev.column is not None else None
            self.map.add_run(
                self._length,
                page=prev.page,
                line=prev.line,
                column=col,
                xpath=prev.xpath,
                document=prev.document,
                advances=False,
            )
        self._parts.append(text)
        self._length += len(text)

    def ends_with(self, chars: str) -> bool:
        return bool(self._parts) and self._parts[-1][-1:] in chars

    def text(self) -> str:
        return "".join(self._parts)

    def extend_letter(self, letter: Letter, document: str | None) -> None:
        """Append an embedded letter's text, keeping its locations and tagging them with ``document``."""
        base = self._length
        for run in letter.map._runs:
            self.map.add_run(
                base + run.start,
                page=run.page,
                line=run.line,
                column=run.column,
                xpath=run.xpath,
                document=document,
                advances=run.advances,
            )
        self._parts.append(letter.text)
        self._length += len(letter.text)
        for (_doc, page, line), src in letter.lines.items():
            self.lines[(document, page, line)] = src


@dataclass(slots=True)
class Letter:
    """A letter as lettercheck sees it: one text, a way back to the source, and what the source said of itself.

    ``data`` holds structured fields the source carried (letter XML, MeMo header, mappings): id, type,
    sender, recipient, payment. ``fields`` maps a named header field (MeMo ``label``, ``notification``)
    to its span in ``text`` so privacy rules can look at exactly those parts.
    """

    path: str
    format: str
    text: str
    map: SourceMap = field(default_factory=SourceMap)
    lines: dict[tuple[str | None, int | None, int], str] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    data: dict[str, Any] = field(default_factory=dict)
    fields: dict[str, tuple[int, int]] = field(default_factory=dict)
    date: date | None = None
    date_source: str | None = None
    letter_type: str | None = None
    letter_type_reason: str | None = None
    #: suppressions read from comments in the source: list of (codes or None for all, reason, Location)
    suppressions: list[Suppression] = field(default_factory=list)
    #: True when the letter is a template, where placeholders are allowed
    is_template: bool = False
    #: problems met while reading parts of the letter (an embedded document that could not be read)
    problems: list[ReadError] = field(default_factory=list)

    def locate(self, offset: int) -> Location:
        return self.map.locate(offset)

    def source_line(self, loc: Location) -> str | None:
        if loc.line is None:
            return None
        return self.lines.get((loc.document, loc.page, loc.line))

    @classmethod
    def from_builder(cls, path: str, fmt: str, builder: TextBuilder, **kw: Any) -> Letter:
        return cls(path=path, format=fmt, text=builder.text(), map=builder.map, lines=builder.lines, **kw)


@dataclass(frozen=True, slots=True)
class Suppression:
    """A ``lettercheck: ignore LC304 -- reason`` comment found in the letter's source."""

    codes: tuple[str, ...]  # empty = all codes
    reason: str | None
    location: Location
    scope_start: int = 0  # span of the letter text the suppression covers
    scope_end: int = 2**62


@dataclass(slots=True)
class Finding:
    """One problem in one letter: what, how bad, where, and how to fix it."""

    code: str
    severity: Severity
    message: str
    text: str = ""
    location: Location = field(default_factory=Location)
    suggestion: str | None = None
    start: int | None = None
    end: int | None = None
    #: extra structured context for JSON output (e.g. ``citation``, ``corpus``)
    extra: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "code": self.code,
            "severity": str(self.severity),
            "message": self.message,
            "text": self.text,
            "location": self.location.to_dict(),
            "suggestion": self.suggestion,
        }
        d.update(self.extra)
        return d

    def sort_key(self) -> tuple[Any, ...]:
        loc = self.location
        return (
            loc.document or "",
            loc.page or 0,
            loc.line or 0,
            loc.column or 0,
            self.start if self.start is not None else -1,
            self.code,
            self.message,
        )


@dataclass(slots=True)
class FileResult:
    """Everything known about one checked file, as the reporters need it."""

    path: str
    findings: list[Finding]
    letter_date: date | None = None
    date_source: str | None = None
    letter_type: str | None = None
    #: lines of the source by (document, page, line) for the findings only, for text reports
    context: dict[tuple[str | None, int | None, int], str] = field(default_factory=dict)
    #: the baseline (or cache) may mark results
    from_cache: bool = False

    def letter_dict(self) -> dict[str, Any]:
        return {
            "date": self.letter_date.isoformat() if self.letter_date else None,
            "date_source": self.date_source,
            "type": self.letter_type,
        }


class ReadError(Exception):
    """A file that cannot be read as a letter; carries the LC9xx code it becomes."""

    def __init__(self, code: str, message: str, location: Location | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.location = location or Location()
