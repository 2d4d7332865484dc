"""Danish dates and periods in letter text, and the date a letter was written.

Generated benefit letters write dates in every form the case systems know: "3. marts 2025", "3. mar. 2025",
"03.03.2025", "3/3-2025", "2025-03-03", "den 3. marts" (the year taken from the rest of the letter), and
periods as "perioden 1. marts – 31. marts 2025", "01.03.2025-31.03.2025", "1.-31. marts 2025" or simply
"marts 2025". Every match keeps its offsets in the letter text so a finding can point at it.

A date that cannot exist ("31. september 2025") is not silently dropped: :func:`find_invalid_dates` returns
it, because an impossible date in a payment period is exactly the kind of defect LC203 reports.
"""

from __future__ import annotations

import bisect
import calendar
import functools
import re
from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, NamedTuple

from lettercheck.danish import MONTHS
from lettercheck.extract.amounts import _lazy, fold_phrase, matches_at, text_scan
from lettercheck.records import record

if TYPE_CHECKING:
    from lettercheck.model import Letter

_ABBREVIATIONS: dict[str, int] = {
    "jan": 1,
    "feb": 2,
    "febr": 2,
    "mar": 3,
    "mart": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
}
_FULL = "|".join(sorted(MONTHS, key=len, reverse=True))
_ABBR = "|".join(sorted(_ABBREVIATIONS, key=len, reverse=True))
_MONTH = rf"(?:{_FULL}|(?:{_ABBR})\.?)"

# One alternation, tried left to right at each position: ISO first so "2025-03-03" is not read as "25-03-..".
# Every alternative starts at a digit after no word character, ".", "," or "/": _tokens tries the pattern only
# at the digits text_scan lists as number starts.
_DATE_RE = _lazy(
    rf"""
    (?<![\w.,/])
    (?:
        (?P<iso_y>\d{{4}})-(?P<iso_m>\d{{2}})-(?P<iso_d>\d{{2}})(?![\d])
      | (?P<t_d>[0-3]?\d)(?P<t_dot>\.)?\s*(?P<t_mon>{_MONTH})(?!\w)(?:\s*(?P<t_y>\d{{4}})(?!\d))?
      | (?P<n_d>[0-3]?\d)\.(?P<n_m>[01]?\d)\.(?:(?P<n_y>\d{{4}})(?![\d]|[.,]\d)|(?P<n_yy>\d{{2}})(?![\d]|[.,]\d|[-/]?\w))
      | (?P<s_d>[0-3]?\d)/(?P<s_m>[01]?\d)(?:\s*-\s*|/|\s+)(?P<s_y>\d{{4}})(?!\d)
      | (?P<h_d>[0-3]?\d)-(?P<h_m>[01]?\d)-(?P<h_y>\d{{4}})(?!\d)
    )
    """,
    re.IGNORECASE | re.VERBOSE,
)
# "1.-31. marts 2025": two days sharing one month and year
_DAY_RANGE_RE = _lazy(
    rf"(?<![\w.,/])(?P<d1>[0-3]?\d)\.\s*(?:-|–|—|til)\s*(?P<d2>[0-3]?\d)\.\s*(?P<mon>{_MONTH})(?!\w)\s*"
    r"(?P<y>\d{4})(?!\d)",
    re.IGNORECASE,
)
# "marts 2025" as a whole month
_MONTH_RE = _lazy(rf"(?<![\w.])(?P<mon>{_FULL})\s+(?P<y>\d{{4}})(?!\d)", re.IGNORECASE)
#: the longest month name; a word before a year that is longer is not a month
_MONTH_MAX = max(map(len, MONTHS))
#: how far back from a year the whitespace before it is looked at; a longer run is searched the slow way
_MONTH_WS_WINDOW = 64
# what may stand between the two ends of a period
_CONNECTOR_RE = _lazy(
    r"\s*(?:-|–|—|‐|til\s+og\s+med|til|t\.\s?o\.\s?m\.?)\s*(?:den\s+|d\.\s*)?",
    re.IGNORECASE,
)
_DEN_RE = _lazy(r"^(?:den|d\.)\s+", re.IGNORECASE)
#: the letters a month name can start with, as re.IGNORECASE sees them ("ſ" is an "s" to it)
_MONTH_FIRST = frozenset("jfmasondJFMASONDſ")
#: what can follow the day of a numeric date: 3/3-2025, 3-3-2025
_DATE_SEPARATORS = frozenset("/-")
#: what can follow "1." in a day range ("1.-31.", "1. til 31.")
_RANGE_NEXT = frozenset("-–—tT")
_FOUR_DIGITS_RE = _lazy(r"\d{4}")


@record(frozen=True, slots=True)
class DateMatch:
    """A date written in the letter, with its offsets in the letter text."""

    value: date
    start: int
    end: int
    text: str


@record(frozen=True, slots=True)
class PeriodMatch:
    """A period (start and end date, both inclusive) written in the letter; ``span`` is its offsets.

    ``kind`` is ``"range"`` (two dates), ``"days"`` ("1.-31. marts 2025") or ``"month"`` ("marts 2025"); a
    month is a coarse statement that a more exact period inside it does not contradict.
    """

    start: date
    end: date
    span: tuple[int, int]
    text: str
    kind: str = "range"


@record(frozen=True, slots=True)
class InvalidDate:
    """Something written as a date that no calendar has ("31. september 2025", "29.02.2025")."""

    start: int
    end: int
    text: str
    reason: str


class SpanIndex:
    """Half-open text spans ``[start, end)``, merged, answering "does this overlap / lie inside" in log time.

    Extraction asks these questions for every date, amount and label of a letter; a list scan per question made
    a 100-page letter quadratic.
    """

    __slots__ = ("_ends", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        # sorted spans merge in one pass; add() would search and splice the lists for each
        starts: list[int] = []
        ends: list[int] = []
        for s, e in sorted(spans):
            if e <= s:
                continue
            if ends and s <= ends[-1]:
                if e > ends[-1]:
                    ends[-1] = e
            else:
                starts.append(s)
                ends.append(e)
        self._starts = starts
        self._ends = ends

    def add(self, start: int, end: int) -> None:
        if end <= start:
            return
        i = bisect.bisect_left(self._ends, start)  # first span that ends at or after our start
        j = bisect.bisect_right(self._starts, end)  # spans starting after our end stay
        if i < j:
            start = min(start, self._starts[i])
            end = max(end, self._ends[j - 1])
        self._starts[i:j] = [start]
        self._ends[i:j] = [end]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self._starts, end) - 1  # last span starting before our end
        return i >= 0 and self._ends[i] > start

    def contains(self, pos: int) -> bool:
        i = bisect.bisect_right(self._starts, pos) - 1
        return i >= 0 and pos < self._ends[i]

    def covers(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` lies inside one (merged) span."""
        i = bisect.bisect_right(self._starts, start) - 1
        return i >= 0 and end <= self._ends[i]


class _Token(NamedTuple):
    """A date-shaped piece of text (a tuple: made for every date of every letter, so it must be cheap)."""

    start: int
    end: int
    day: int
    month: int
    year: int | None
    text: str
    #: written with a month name ("3. marts"), not in digits only
    worded: bool


@functools.lru_cache(maxsize=256)
def _month_number(word: str) -> int | None:
    w = word.lower().rstrip(".")
    return MONTHS.get(w) or _ABBREVIATIONS.get(w)


def _year(raw: str) -> int:
    y = int(raw)
    return 2000 + y if len(raw) == 2 else y


@functools.lru_cache(maxsize=8)
def _tokens(text: str) -> tuple[_Token, ...]:
    """Every date-shaped piece of text, valid or not, with the year left out where the text has none.

    Cached: the date, period, letter-date and invalid-date searches all start from the same tokens.
    """
    return _to_tokens(matches_at(_DATE_RE(), text, _date_candidates(text)[0]))


@functools.lru_cache(maxsize=8)
def _date_candidates(text: str) -> tuple[list[int], list[int], list[int]]:
    """Where the date patterns can match, from one look at each number of the text (:func:`text_scan`).

    (date starts, day-range starts, year starts). A date (_DATE_RE) is four digits and "-" (ISO), or one or
    two digits and "/" or "-" (3/3-2025, 3-3-2025), "." and a digit (03.03.2025), or a month name, maybe
    after a "." and whitespace ("3. marts", "3 marts"). A day range ("1.-31. marts 2025") starts with one or
    two digits, a "." and then "-", "–", "—" or "til". A whole month's year ("marts 2025") is four digits
    after whitespace. Every other number needs no try: a pattern tried in vain costs more than this look.
    """
    scan = text_scan(text)
    # a month word starts with one of twelve three-letter stems ("1. Opfølgning" is no date)
    folded, prefixes = scan.folded, _month_stems()
    dates: list[int] = []
    ranges: list[int] = []
    years: list[int] = []
    n = len(text)
    for s, e in zip(scan.digits, scan.digit_ends, strict=True):
        r = e - s
        if r == 4:
            if text[e : e + 1] == "-":
                dates.append(s)
            if text[s - 1 : s].isspace():
                years.append(s)
        elif r < 3:
            c = text[e : e + 1]
            if c in _DATE_SEPARATORS:
                dates.append(s)
                continue
            k = e + 1 if c == "." else e
            a = k  # where ``after`` is
            after = text[k : k + 1]
            if after.isspace():
                # the first character after whitespace (a long run of it: "?", and the pattern decides)
                window = text[k : k + 16]
                rest = window.lstrip()
                after = rest[:1] or ("?" if k + 16 <= n else "")
                a = k + len(window) - len(rest)
            if c == ".":
                if after in _RANGE_NEXT or after == "?":
                    ranges.append(s)
                elif a == k and after.isdecimal():
                    # 03.03.2025: the month is one or two digits and a "." ("10.000 kr." is no date)
                    if "." in text[k + 1 : k + 3]:
                        dates.append(s)
                    continue
            if after == "?" or (
                after in _MONTH_FIRST and (folded is None or folded[a + 1 : a + 4] in prefixes)
            ):
                dates.append(s)
    return dates, ranges, years


@functools.cache
def _month_stems() -> frozenset[bytes]:
    """The first three letters of every month name and abbreviation, as :attr:`TextScan.folded` writes them."""
    return frozenset(fold_phrase(word[:3]) for word in (*MONTHS, *_ABBREVIATIONS))


def _to_tokens(matches: Iterable[re.Match[str]]) -> tuple[_Token, ...]:
    out: list[_Token] = []
    for m in matches:
        (iso_y, iso_m, iso_d, t_d, t_dot, t_mon, t_y, n_d, n_m, n_y, n_yy, s_d, s_m, s_y, h_d, h_m, h_y) = (
            m.groups()
        )
        if iso_y:
            d, mo, y = int(iso_d), int(iso_m), int(iso_y)
        elif t_mon:
            # "3 marts" without the ordinal dot is only a date when a year follows ("3 marts 2025")
            if not t_dot and not t_y:
                continue
            month = _month_number(t_mon)
            if month is None:
                continue
            d, mo, y = int(t_d), month, int(t_y) if t_y else None
        elif n_d:
            d, mo, y = int(n_d), int(n_m), _year(n_y or n_yy)
        elif s_d:
            d, mo, y = int(s_d), int(s_m), int(s_y)
        else:
            d, mo, y = int(h_d), int(h_m), int(h_y)
        out.append(_Token(m.start(), m.end(), d, mo, y, m.group(0), t_mon is not None))
    return tuple(out)


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _resolve(tokens: Sequence[_Token], default_year: int | None) -> list[tuple[_Token, int | None]]:
    """Each token with its year; a yearless one takes ``default_year`` or the nearest year in the text
    ("den 3. marts" in a 2025 letter is 2025; the one before wins a tie)."""
    if default_year or all(t.year is not None for t in tokens):
        # (the common case: no year to look for)
        return [(t, t.year if t.year is not None else default_year) for t in tokens]
    with_year = [t for t in tokens if t.year is not None]
    starts = [t.start for t in with_year]
    out: list[tuple[_Token, int | None]] = []
    for t in tokens:
        if t.year is not None or default_year:
            out.append((t, t.year if t.year is not None else default_year))
            continue
        k = bisect.bisect_left(starts, t.start)
        before = with_year[k - 1] if k > 0 else None
        after = with_year[k] if k < len(with_year) else None
        if before and (after is None or t.start - before.end <= after.start - t.end):
            out.append((t, before.year))
        else:
            out.append((t, after.year if after else None))
    return out


def find_dates(text: str, default_year: int | None = None) -> list[DateMatch]:
    """Every valid date in ``text``, in text order.

    A date written without a year ("den 3. marts") takes ``default_year`` if given (the letter's own
    year), else the year of the nearest date in the text that has one; with neither it is left out, since a
    guessed year would put it in the wrong legal period.
    """
    out: list[DateMatch] = []
    tokens = _tokens(text)
    for tok, year in _resolve(tokens, default_year):
        if year is None:
            continue
        value = _valid(year, tok.month, tok.day)
        if value is not None:
            out.append(DateMatch(value, tok.start, tok.end, tok.text))
    return out


def find_invalid_dates(text: str, default_year: int | None = None) -> list[InvalidDate]:
    """Dates written in ``text`` that do not exist ("31. september 2025", "29.02.2025"), with the reason.

    Only forms that are surely meant as dates are judged: a month written as a word, or a numeric date with a
    four-digit year and a month of 1–12. "32.18.02" is a KL journal number, not a broken date.
    """
    out: list[InvalidDate] = []
    tokens = _tokens(text)
    if not tokens:
        return out
    for tok, year in _resolve(tokens, default_year):
        # a month name is the only letter a date token can hold
        if not 1 <= tok.month <= 12 or not (tok.worded or _FOUR_DIGITS_RE().search(tok.text)):
            continue
        if tok.day == 0:
            out.append(InvalidDate(tok.start, tok.end, tok.text, "there is no day 0"))
            continue
        y = year if year is not None else 2000  # a leap year, so only 29 February needs the real year
        if _valid(y, tok.month, tok.day) is None:
            last = calendar.monthrange(y, tok.month)[1]
            when = f"{_month_name(tok.month)} {y}" if year is not None else _month_name(tok.month)
            out.append(InvalidDate(tok.start, tok.end, tok.text, f"{when} has only {last} days"))
    return out


def _month_name(month: int) -> str:
    return next(name for name, n in MONTHS.items() if n == month)


def parse_danish_date(s: str, default_year: int | None = None) -> date | None:
    """The date ``s`` spells, if the whole string is one date in any of the forms above; else None."""
    s = s.strip()
    s = _DEN_RE().sub("", s)
    # a data field is short: search it directly, and keep it out of the per-letter caches
    tokens = _to_tokens(_DATE_RE().finditer(s))
    if len(tokens) != 1 or tokens[0].start != 0 or s[tokens[0].end :].strip(" .,") != "":
        return None
    tok = tokens[0]
    year = tok.year if tok.year is not None else default_year
    if year is None:
        return None
    return _valid(year, tok.month, tok.day)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def find_periods(text: str, default_year: int | None = None) -> list[PeriodMatch]:
    """Every period in ``text``, in text order.

    Forms: two dates joined by a dash or "til" ("1. marts – 31. marts 2025", "01.03.2025-31.03.2025",
    "1.3.2025 til 31.3.2025", the first date may leave out the year), two days of one month
    ("1.-31. marts 2025"), and a whole month ("marts 2025"). A period whose end is before its start is kept:
    reporting it is LC203's job, not the extractor's.
    """
    return list(_find_periods(text, default_year))


@functools.lru_cache(maxsize=8)
def _find_periods(text: str, default_year: int | None) -> tuple[PeriodMatch, ...]:
    """Cached per text: extraction, LC203 and the letter-date search all look at the same letter's periods."""
    out = list(_ranges(text, default_year))
    months = _months(text)
    if months:
        taken = SpanIndex(p.span for p in out)
        token_spans = SpanIndex((t.start, t.end) for t in _tokens(text))
        for start, end, mon, year, written in months:
            if taken.overlaps(start, end):
                continue
            # "31. marts 2025" is a day, not the month of March
            if token_spans.contains(start):
                continue
            # (not MONTHS[mon.lower()]: "ſeptember", which re.IGNORECASE matches, raised KeyError)
            month = _month_number(mon)
            if month is None:
                continue
            y = int(year)
            out.append(PeriodMatch(date(y, month, 1), _month_end(y, month), (start, end), written, "month"))
            taken.add(start, end)
    out.sort(key=lambda p: p.span)
    return tuple(out)


def _ranges(text: str, default_year: int | None) -> tuple[PeriodMatch, ...]:
    """The periods of ``text`` that are not whole months, in the order found: day ranges, then date pairs.

    The letter-date search needs only these (a whole month holds no date), so it does not pay for months.
    The default year only matters for a date written without one: when every date has its year, the letter
    date's search (no default) and the payment extractor's (the letter's year) share one answer.
    """
    if default_year is not None and all(t.year is not None for t in _tokens(text)):
        default_year = None
    return _year_ranges(text, default_year)


@functools.lru_cache(maxsize=8)
def _year_ranges(text: str, default_year: int | None) -> tuple[PeriodMatch, ...]:
    """:func:`_ranges`, cached per text and default year."""
    day_ranges = _day_ranges(text)
    out = list(day_ranges)
    tokens = _tokens(text)
    if len(tokens) < 2:
        return tuple(out)
    days = SpanIndex(p.span for p in day_ranges) if day_ranges else None
    # tokens do not overlap and are in text order, so of the pairs taken only the last (whose second date is
    # this pair's first) can overlap the next pair: where it ends is all that needs remembering
    last_end = -1
    # a date's own year is its year: the nearest-year search is needed only for one written without
    resolved = None if all(t.year is not None for t in tokens) else _resolve(tokens, default_year)
    connector = _CONNECTOR_RE()
    for i in range(len(tokens) - 1):
        t1, t2 = tokens[i], tokens[i + 1]
        y2 = t2.year if resolved is None else resolved[i + 1][1]
        if y2 is None or t1.start < last_end or (days is not None and days.overlaps(t1.start, t2.end)):
            continue
        if not connector.fullmatch(text, t1.end, t2.start):
            continue
        # "1. december – 31. januar 2026": a first date without a year is in the year before
        y1 = t1.year if t1.year is not None else y2 - 1 if (t1.month, t1.day) > (t2.month, t2.day) else y2
        a, b = _valid(y1, t1.month, t1.day), _valid(y2, t2.month, t2.day)
        if a and b:
            out.append(PeriodMatch(a, b, (t1.start, t2.end), text[t1.start : t2.end]))
            last_end = t2.end
    return tuple(out)


_MonthMention = tuple[int, int, str, str, str]  # start, end, month word, year, text


@functools.lru_cache(maxsize=8)
def _day_ranges(text: str) -> tuple[PeriodMatch, ...]:
    """The day ranges ("1.-31. marts 2025") written in ``text``: found once per text, whatever the year."""
    days: list[PeriodMatch] = []
    for m in matches_at(_DAY_RANGE_RE(), text, _date_candidates(text)[1]):
        month = _month_number(m.group("mon"))
        y = int(m.group("y"))
        if month is None:
            continue
        a, b = _valid(y, month, int(m.group("d1"))), _valid(y, month, int(m.group("d2")))
        if a and b:
            days.append(PeriodMatch(a, b, (m.start(), m.end()), m.group(0), "days"))
    return tuple(days)


@functools.lru_cache(maxsize=8)
def _months(text: str) -> tuple[_MonthMention, ...]:
    """The whole months ("marts 2025") written in ``text`` that may be periods: found once per text.

    A year inside a date token that starts before it ("3. marts 2025") is that date's: the month before it
    would start inside the token too (a token starts after a character that is not part of a word), and
    :func:`_find_periods` drops such a mention ("31. marts 2025" is a day, not March). So those years are
    not even looked at; only the mentions :func:`_find_periods` can keep are returned.
    """
    years = _date_candidates(text)[2]
    tokens = _tokens(text)
    if tokens and years:
        starts = [t.start for t in tokens]
        kept = []
        for s in years:
            i = bisect.bisect_left(starts, s) - 1  # the last token starting before the year
            if i < 0 or tokens[i].end <= s:
                kept.append(s)
        years = kept
    return tuple(
        (m.start(), m.end(), m.group("mon"), m.group("y"), m.group(0)) for m in _month_matches(text, years)
    )


def _month_matches(text: str, years: list[int]) -> list[re.Match[str]]:
    """What ``_MONTH_RE.finditer(text)`` gives, found from the years instead of at every position.

    "marts 2025" is a month word, whitespace and a year of exactly four digits; no two such mentions can
    overlap. So for each such year the word before the whitespace, if it is short enough to be a month name,
    is where the pattern is tried. A whitespace run longer than the window falls back to the full search
    (same result, linear either way).
    """
    rx = _MONTH_RE()
    classes = text_scan(text).classes
    out: list[re.Match[str]] = []
    for s in years:
        lo = max(0, s - _MONTH_WS_WINDOW)
        word_end = lo + len(text[lo:s].rstrip())
        if word_end == lo:
            if lo > 0:
                return list(rx.finditer(text))
            continue
        # the word before the whitespace starts after the last character that is not a word character
        # (classes: " " or "p"); a word longer than any month name is none
        far = max(0, word_end - _MONTH_MAX - 1)
        j = max(classes.rfind(b" ", far, word_end), classes.rfind(b"p", far, word_end)) + 1
        if j == 0 and far > 0:
            continue
        if j == word_end:
            continue
        m = rx.match(text, j)
        if m is not None:
            out.append(m)
    return out


# -- the letter's own date ---------------------------------------------------------------------------------

_LABEL_RE = _lazy(
    r"(?<!\w)(?:brevdato|udskriftsdato|udskrevet(?:\s+den)?|dateret|dato)\s*[:.]?\s*(?:den\s+)?",
    re.IGNORECASE,
)
#: where a label starts relative to a "dat" in it (dato, dateret; brevdato; udskriftsdato)
_LABEL_DAT_OFFSETS = (0, 4, 9)
_PLACE_RE = _lazy(r"^[ \t]*[A-ZÆØÅ][A-Za-zÆØÅæøåéü .'-]{1,40},[ \t]*(?:den[ \t]+)?$")
_WEEKDAY = r"(?:mandag|tirsdag|onsdag|torsdag|fredag|lørdag|søndag)"
_ALONE_PREFIX_RE = _lazy(rf"^[ \t]*(?:{_WEEKDAY}[ \t]+)?(?:den[ \t]+)?$", re.IGNORECASE)
# words that make a date near the top of a letter something other than the letter's date
_NOT_LETTER_DATE_RE = _lazy(
    r"(?<!\w)(?:af|fra|til|periode\w*|udbetal\w*|frist\w*|senest|indtil|født|virkning|pr\.|gældende|"
    r"nr\.|lov\w*|bekendtgørelse\w*|ansøgning\w*|modtaget|møde\w*|kl\.)(?:\W+(?:den|d\.))?\W*$",
    re.IGNORECASE,
)
_HEADER_LINES = 25


def _line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def find_letter_date(text: str) -> DateMatch | None:
    """The date the letter is written, or None when the text does not say it plainly.

    In order of trust: a labelled date ("Dato: 14. oktober 2025", "Dato 14.10.2025", also with the value on
    the next line as table-like PDFs give it); a letterhead date ("Aalborg, den 14. oktober 2025") on a line
    of its own; a date alone on a line among the first lines of the letter; and last, a date in the first
    lines that no word marks as something else (a period, a payment or deadline, a law's date "af 23. juni
    2016"). Body dates never win over a labelled or letterhead date, because they date events, not the
    letter, and the letter's date decides which law applies.
    """
    # only dates that carry their own year: a year borrowed from the body cannot date the letter
    tokens = [t for t in _tokens(text) if t.year is not None]
    if not tokens:
        return None
    # a range's dates are part of it and never the letter's: left out once here, not in every search below
    # (a whole month, "oktober 2025", holds no date token, so needs no care)
    ranges = _ranges(text, None)
    period_spans = SpanIndex(p.span for p in ranges) if ranges else None
    dates = [
        (t, v)
        for t in tokens
        if (v := _valid(t.year, t.month, t.day)) is not None  # type: ignore[arg-type]
        and (period_spans is None or not period_spans.covers(t.start, t.end))
    ]
    if not dates:
        return None
    found = _letter_date(text, dates)
    return None if found is None else DateMatch(found[1], found[0].start, found[0].end, found[0].text)


def _letter_date(text: str, dates: list[tuple[_Token, date]]) -> tuple[_Token, date] | None:
    """The first of :func:`find_letter_date`'s searches that finds one of ``dates`` (none part of a period)."""
    by_start = {d[0].start: d for d in dates}
    for m in _label_matches(text):
        d = by_start.get(m.end())
        if d is not None:
            return d

    # the dates that end their line, with the line's start: a letterhead's, or one alone on its line
    line_ends: list[tuple[tuple[_Token, date], int]] = []
    for d in dates:
        t = d[0]
        ls, le = _line_bounds(text, t.start)
        if text[t.end : le].strip(" \t.") == "":
            if _PLACE_RE().match(text[ls : t.start]):
                return d
            line_ends.append((d, ls))
    header_end = _header_end(text)
    for d, ls in line_ends:
        t = d[0]
        if t.start < header_end and _ALONE_PREFIX_RE().match(text[ls : t.start]):
            return d
    for d in dates:
        t = d[0]
        if t.start >= header_end:
            continue
        if _marked_as_other(text, t.start):
            continue
        return d
    return None


def _label_matches(text: str) -> list[re.Match[str]]:
    """What ``_LABEL_RE.finditer(text)`` gives, trying the pattern only where a label word can start.

    Every label holds "dat" or is "udskrevet"; in the case-folded text (:class:`TextScan`) a literal search
    finds those in C, and the pattern runs only at the few places a label could then start.
    """
    folded = text_scan(text).folded
    if folded is None:
        return list(_LABEL_RE().finditer(text))
    starts: list[int] = []
    i = folded.find(b"dat")
    while i >= 0:
        starts += [i - 1 - k for k in _LABEL_DAT_OFFSETS if i - 1 - k >= 0]
        i = folded.find(b"dat", i + 1)
    i = folded.find(b"udskrevet")
    while i >= 0:
        starts.append(i - 1)
        i = folded.find(b"udskrevet", i + 1)
    return matches_at(_LABEL_RE(), text, sorted(starts))


def _marked_as_other(text: str, pos: int) -> bool:
    """What ``_NOT_LETTER_DATE_RE.search`` says of the 40 characters before ``pos``, trying only two places.

    A match is one word ("af", "periode…", "pr."), maybe "den"/"d." after it, and then only what is no word
    character to the end; so it starts at the last or the last but one word of the piece. Those are found
    from the text's classes (:class:`TextScan`), and the pattern is tried there instead of at every position.
    """
    lo = max(0, pos - 40)
    piece = text[lo:pos]
    classes = text_scan(text).classes[lo:pos]  # one byte per character: word characters are "0" or "a"
    rx = _NOT_LETTER_DATE_RE()
    start = len(classes)
    for _ in range(2):  # the last word, then the one before it
        end = len(classes[:start].rstrip(b" p"))
        if end == 0:
            return False
        start = max(classes.rfind(b" ", 0, end), classes.rfind(b"p", 0, end)) + 1
        if rx.match(piece, start):
            return True
    return False


def _header_end(text: str) -> int:
    """Offset where the letter's first lines end (the letterhead area)."""
    if text.count("\n") < _HEADER_LINES:
        return len(text)  # (most XML letters: counting is cheaper than splitting the whole text)
    parts = text.split("\n", _HEADER_LINES)  # one C call instead of a find per line
    if len(parts) <= _HEADER_LINES:
        return len(text)
    pos = len(text) - len(parts[-1])
    return min(pos, max(1500, len(text) // 5))


# -- output ----------------------------------------------------------------------------------------------


def dates_to_dicts(letter: Letter, dates: list[DateMatch]) -> list[dict[str, Any]]:
    """Dates as ``lettercheck extract`` JSON: value (ISO), text, offsets, page and line."""
    out = []
    for d in dates:
        loc = letter.locate(d.start)
        out.append(
            {
                "value": d.value.isoformat(),
                "text": d.text,
                "start": d.start,
                "end": d.end,
                "page": loc.page,
                "line": loc.line,
            }
        )
    return out


def periods_to_dicts(letter: Letter, periods: list[PeriodMatch]) -> list[dict[str, Any]]:
    """Periods as ``lettercheck extract`` JSON: start and end (ISO), text, offsets, page and line."""
    out = []
    for p in periods:
        loc = letter.locate(p.span[0])
        out.append(
            {
                "start": p.start.isoformat(),
                "end": p.end.isoformat(),
                "text": p.text,
                "offset": p.span[0],
                "offset_end": p.span[1],
                "page": loc.page,
                "line": loc.line,
            }
        )
    return out
