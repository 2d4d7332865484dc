"""The data that flows through lettercheck: letters, locations, findings.

Everything here is a plain, picklable value so the same objects travel between the CLI, worker
processes, the cache and distributed engines without conversion.
"""

from __future__ import annotations

import bisect
import enum
import operator
from collections.abc import Iterator
from datetime import date
from typing import Any, NamedTuple

from lettercheck.records import field, record


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


@record(frozen=True, slots=True)
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


#: where text with no source comes from (a map without runs)
_NOWHERE = Location()


class _Run(NamedTuple):
    """A stretch of the letter text from one source place (a named tuple: a letter has hundreds of runs, and
    ``tuple.__new__`` makes one several times faster than a dataclass's ``__init__``)."""

    start: int  # offset in the letter text where the run begins
    page: int | None
    line: int | None
    column: int | None  # column of the run's first character; None if columns do not advance
    xpath: str | None
    document: str | None
    advances: bool  # whether each following character moves one column on


_START = operator.itemgetter(0)
_LINE = operator.itemgetter(2)
_DOC_PAGE_LINE = operator.itemgetter(5, 1, 2)
_new = tuple.__new__  # _Run(...) without the Python-level __new__ of a named tuple


class SourceMap:
    """Maps every offset of a letter's text back to the place it came from.

    Readers rewrite text (joining hyphenated words, turning line breaks into spaces), so offsets in the
    letter text no longer match the source. Rather than one entry per character, the map keeps runs of
    characters that come from one source line with consecutive columns; a lookup is a binary search.
    """

    __slots__ = ("_fixed", "_runs", "_starts")

    def __init__(self) -> None:
        self._runs: list[_Run] = []
        self._starts: list[int] = []
        #: the Location of each run whose characters all share one (no advancing column), made once
        self._fixed: dict[int, Location] = {}

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
        self._add(_new(_Run, (start, page, line, column, xpath, document, advances)))

    def _add(self, run: _Run) -> None:
        """Add a ready-made run (the builders' fast path: no keyword arguments, no checks twice)."""
        starts = self._starts
        if starts:
            last = starts[-1]
            if run.start < last:
                raise ValueError("runs must be added in text order")
            if run.start == last:
                self._runs[-1] = run
                self._fixed.pop(len(starts) - 1, None)
                return
        starts.append(run.start)
        self._runs.append(run)

    def locate(self, offset: int) -> Location:
        runs = self._runs
        if not runs:
            return _NOWHERE
        i = bisect.bisect_right(self._starts, offset) - 1
        if i < 0:
            i = 0
        run = runs[i]
        column = run.column
        if column is not None and run.advances:
            return Location(run.page, run.line, column + max(offset - run.start, 0), run.xpath, run.document)
        # every character of the run has the same Location (XML blocks, synthetic text): share one, it is frozen
        loc = self._fixed.get(i)
        if loc is None:
            loc = self._fixed[i] = Location(run.page, run.line, column, run.xpath, run.document)
        return loc

    def __len__(self) -> int:
        return len(self._runs)

    def run_starts(self) -> list[int]:
        """Where each run begins in the text, in text order (the map's own list: do not change it)."""
        return self._starts

    def line_keys(self) -> tuple[list[int], list[tuple[Any, ...]]]:
        """Each run's start and source line key ``(document, page, line or xpath)``, as two lists in text order.

        What :meth:`runs` yields, made by C-level item getters: structure building walks every run of every
        letter, and a Python loop over hundreds of PDF runs cost more than the rest of the walk.
        """
        return list(map(_START, self._runs)), self.line_key_list()

    def line_key_list(self) -> list[tuple[Any, ...]]:
        """Each run's source line key, in text order: the second list of :meth:`line_keys` (the first is
        :meth:`run_starts`)."""
        runs = self._runs
        if None in set(map(_LINE, runs)):  # a run without a line number is keyed by its XPath
            return [(r.document, r.page, r.line if r.line is not None else r.xpath) for r in runs]
        return list(map(_DOC_PAGE_LINE, runs))

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
        self.map._add(_new(_Run, (self._length, page, line, column, xpath, document, advances)))
        self._parts.append(text)
        self._length += len(text)

    def append_synthetic(self, text: str) -> None:
        """Add text that is not in the source (a joining space); it maps to where the previous text ended."""
        if not text:
            return
        length = self._length
        if length:
            runs = self.map._runs
            if runs and runs[-1].start < length:
                # the last run holds the previous character (always so for text built here): no search needed
                run = runs[-1]
                col = run.column
                if col is not None:
                    col += (length - 1 - run.start if run.advances else 0) + 1
                self.map._add(_new(_Run, (length, run.page, run.line, col, run.xpath, run.document, False)))
            else:
                prev = self.map.locate(length - 1)
                col = prev.column + 1 if prev.column is not None else None
                self.map._add(
                    _new(_Run, (length, prev.page, prev.line, col, prev.xpath, prev.document, False))
                )
        self._parts.append(text)
        self._length = length + len(text)

    def append_line(self, text: str, line: int | None, xpath: str | None) -> None:
        """``append(text, line=line, xpath=xpath)`` then ``append_synthetic("\\n")`` in one step (XML blocks).

        Readers call it once per paragraph of every letter, so it writes the two runs directly.
        """
        start = self._length
        starts = self.map._starts
        if not text or (starts and starts[-1] >= start):
            self.append(text, line=line, xpath=xpath)
            self.append_synthetic("\n")
            return
        end = start + len(text)
        starts.extend((start, end))
        self.map._runs.extend(
            (
                _new(_Run, (start, None, line, None, xpath, None, True)),
                _new(_Run, (end, None, line, None, xpath, None, False)),
            )
        )
        self._parts.extend((text, "\n"))
        self._length = end + 1

    def append_lines(self, items: list[tuple[str, int | None, str | None]]) -> None:
        """:meth:`append_line` for each ``(text, line, xpath)`` in turn (the XML reader's blocks), in one call.

        A letter has dozens of blocks; one loop here saves a method call and the lookups per block.
        """
        start = self._length
        starts = self.map._starts
        if (starts and starts[-1] >= start) or not all(map(_START, items)):
            for text, line, xpath in items:
                self.append_line(text, line, xpath)
            return
        runs = self.map._runs
        parts = self._parts
        pos = start
        for text, line, xpath in items:
            end = pos + len(text)
            starts += (pos, end)
            runs += (
                _new(_Run, (pos, None, line, None, xpath, None, True)),
                _new(_Run, (end, None, line, None, xpath, None, False)),
            )
            parts += (text, "\n")
            pos = end + 1
        self._length = pos

    def append_source_line(
        self, text: str, page: int | None, line: int | None, column: int, sep: str | None
    ) -> None:
        """``append(text, page=, line=, column=)`` then ``append_synthetic(sep)`` if ``sep``, in one step.

        The PDF reader joins every visual line this way; the separator maps to the column after the text.
        """
        start = self._length
        starts = self.map._starts
        if not text or (starts and starts[-1] >= start):
            self.append(text, page=page, line=line, column=column)
            if sep:
                self.append_synthetic(sep)
            return
        end = start + len(text)
        self._parts.append(text)
        if sep:
            starts.extend((start, end))
            self.map._runs.extend(
                (
                    _new(_Run, (start, page, line, column, None, None, True)),
                    _new(_Run, (end, page, line, column + len(text), None, None, False)),
                )
            )
            self._parts.append(sep)
            self._length = end + len(sep)
        else:
            starts.append(start)
            self.map._runs.append(_new(_Run, (start, page, line, column, None, None, True)))
            self._length = end

    def append_source_lines(self, items: list[tuple[str, int | None, int | None, int, str | None]]) -> None:
        """:meth:`append_source_line` for each ``(text, page, line, column, sep)`` in turn, in one call.

        The PDF reader joins every visual line of a letter this way: one loop here instead of a method call
        and its lookups per line.
        """
        start = self._length
        starts = self.map._starts
        if (starts and starts[-1] >= start) or not all(map(_START, items)):
            for text, page, line, column, sep in items:
                self.append_source_line(text, page, line, column, sep)
            return
        runs = self.map._runs
        parts = self._parts
        pos = start
        for text, page, line, column, sep in items:
            end = pos + len(text)
            parts.append(text)
            if sep:
                starts += (pos, end)
                runs += (
                    _new(_Run, (pos, page, line, column, None, None, True)),
                    _new(_Run, (end, page, line, column + len(text), None, None, False)),
                )
                parts.append(sep)
                pos = end + len(sep)
            else:
                starts.append(pos)
                runs.append(_new(_Run, (pos, page, line, column, None, None, True)))
                pos = end
        self._length = pos

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


class LazyMetadata(dict):  # type: ignore[type-arg]
    """A ``dict`` whose entries are read from the source only when someone first looks at them.

    A PDF's document information (title, creation date …) costs a parse of its info dictionary, and the
    pipeline needs it only for a letter whose date is not in its text; reports and ``lettercheck extract``
    show it. Every way of reading the dict loads it first, so it behaves as the dict it would have been; a
    pickle or copy of it is a plain dict.
    """

    __slots__ = ("_loader",)

    def __init__(self, loader: Any) -> None:
        super().__init__()
        self._loader = loader

    def _load(self) -> None:
        loader = self._loader
        if loader is None:
            return
        self._loader = None
        written = dict(self.items()) if dict.__len__(self) else {}
        dict.clear(self)
        dict.update(self, loader())
        dict.update(self, written)  # entries set before loading were set after it in eager reading

    def items(self) -> Any:
        self._load()
        return dict.items(self)

    def keys(self) -> Any:
        self._load()
        return dict.keys(self)

    def values(self) -> Any:
        self._load()
        return dict.values(self)

    def get(self, key: Any, default: Any = None) -> Any:
        self._load()
        return dict.get(self, key, default)

    def setdefault(self, key: Any, default: Any = None) -> Any:
        self._load()
        return dict.setdefault(self, key, default)

    def pop(self, key: Any, *default: Any) -> Any:
        self._load()
        return dict.pop(self, key, *default)

    def popitem(self) -> Any:
        self._load()
        return dict.popitem(self)

    def update(self, *args: Any, **kwargs: Any) -> None:
        self._load()
        dict.update(self, *args, **kwargs)

    def copy(self) -> dict[Any, Any]:
        self._load()
        return dict(dict.items(self))

    def __getitem__(self, key: Any) -> Any:
        self._load()
        return dict.__getitem__(self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        self._load()
        dict.__setitem__(self, key, value)

    def __delitem__(self, key: Any) -> None:
        self._load()
        dict.__delitem__(self, key)

    def __contains__(self, key: object) -> bool:
        self._load()
        return dict.__contains__(self, key)

    def __iter__(self) -> Iterator[Any]:
        self._load()
        return dict.__iter__(self)

    def __reversed__(self) -> Iterator[Any]:
        self._load()
        return dict.__reversed__(self)

    def __len__(self) -> int:
        self._load()
        return dict.__len__(self)

    def __eq__(self, other: object) -> bool:
        self._load()
        if isinstance(other, LazyMetadata):
            other._load()
        return dict.__eq__(self, other)

    def __ne__(self, other: object) -> bool:
        return not self == other

    __hash__ = None  # type: ignore[assignment]

    def __or__(self, other: Any) -> Any:
        self._load()
        return dict(dict.items(self)) | other

    def __ror__(self, other: Any) -> Any:
        self._load()
        return other | dict(dict.items(self))

    def __ior__(self, other: Any) -> LazyMetadata:
        self._load()
        dict.update(self, other)
        return self

    def __repr__(self) -> str:
        self._load()
        return dict.__repr__(self)

    def __reduce__(self) -> tuple[Any, ...]:
        self._load()
        return (dict, (dict(dict.items(self)),))


@record(slots=True)
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


@record(frozen=True, slots=True)
class Suppression:
    """A ``lettercheck: ignore LC304 -- reason`` comment found in the letter's source."""

    codes: tuple[str, ...]  # empty = all codes
    reason: str | None
    location: Location
    scope_start: int = 0  # span of the letter text the suppression covers
    scope_end: int = 2**62


@record(slots=True)
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


@record(slots=True)
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
