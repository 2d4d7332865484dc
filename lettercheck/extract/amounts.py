"""Danish money amounts in letter text, as exact decimals, with the malformed ones flagged.

A letter that tells a citizen what she is paid must get the number right to the øre, so values are
``decimal.Decimal`` from the digits as written, never ``float``. An amount is recognised when the text marks
it as money: "kr."/"kroner"/"DKK" before or after it, the Danish ",-" for whole kroner, or a table column whose
header says kr. ("Beløb (kr.)"), where cells carry no unit of their own.

Danish numbers group thousands with "." (or a space, a no-break space, a thin space) and write decimals after
",". An amount written the English way ("12,345.67 kr."), with one decimal ("kr. 12.345,6") or with odd
grouping is still returned — with the value read as best it can be and ``malformed`` saying what is wrong — so
LC206 can report it and the payment extractor does not mistake a present-but-garbled amount for a missing one.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable
from decimal import Context, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from lettercheck.records import record

if TYPE_CHECKING:
    from lettercheck.model import Letter

_SPACES = " \u00a0\u202f\u2009"
_SP = f"[{_SPACES}]"
_MINUS = "-−÷–"
_CENT = Decimal("0.01")
#: quantizing needs room beyond the default context's 28 digits for amounts parsed from data
_WIDE = Context(prec=100)


def _lazy(pattern: str | bytes, flags: int = 0) -> Callable[[], re.Pattern[Any]]:
    """A pattern compiled on first use: importing lettercheck must not pay for patterns a run never needs."""
    return functools.cache(lambda: re.compile(pattern, flags))


# A broad number token: digits with "." "," or (three-digit) space groups, optional sign and ",-". It starts
# at a digit after no word character, ".", "," or "/" (or at a sign before such a digit), which is how
# _find_amounts tries it only where text_scan found such a digit instead of at every position of the text.
_NUMBER_RE = _lazy(
    rf"""
    (?<![\w.,/])
    (?P<sign>[{_MINUS}][ \u00a0]?)?
    (?P<num>
        \d{{1,3}}(?:{_SP}\d{{3}})+(?!\d)(?:[.,]\d+)?
      | \d+(?:[.,]\d+)*
    )
    (?P<dash>,-{{1,2}}|,–)?
    (?![\w])
    """,
    re.VERBOSE,
)
_SUFFIX_RE = _lazy(r"[ \u00a0\u202f\u2009]*(?:kr\.?|kroner|dkk)(?![\wæøå])", re.IGNORECASE)
#: the letters a unit after a number can start with (U+212A, the Kelvin sign, is a "k" to re.IGNORECASE)
_SUFFIX_FIRST = frozenset("kKdD\u212a")
_SUFFIX_SPACES = frozenset(_SPACES)
_DECIMAL_MARKS = frozenset(".,")
_DASHES = frozenset("-–")
_PREFIX_RE = _lazy(r"(?<![\wæøå])(?:kr\.?|dkk)[ \u00a0\u202f\u2009]*$", re.IGNORECASE)
# after a bare number: not a percentage, a count of hours/days, or a multiplication operand
_NOT_MONEY_AFTER_RE = _lazy(
    r"\s*(?:%|pct\b|procent|timer|time\b|t\.|dage|dag\b|uger|uge\b|md\.|måneder|x\b|×|\*)",
    re.IGNORECASE,
)

_DANISH_INT = rf"\d{{1,3}}(?:\.\d{{3}})+|\d{{1,3}}(?:{_SP}\d{{3}})+|\d+"
_DANISH_RE = _lazy(rf"(?:{_DANISH_INT})(?:,\d{{2}})?")
_ENGLISH_RE = _lazy(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?")
_POINT_DECIMAL_RE = _lazy(r"\d+\.\d{1,2}")
_ONE_DECIMAL_RE = _lazy(rf"(?:{_DANISH_INT}),\d")
_MANY_DECIMALS_RE = _lazy(rf"(?:{_DANISH_INT}),\d{{3,}}")
_DANISH_INT_RE = _lazy(_DANISH_INT)
_MONEY_RE = _lazy(rf"(?:{_DANISH_INT}),\d{{2}}")
_MACHINE_RE = _lazy(r"-?\d+(?:\.\d{1,2})?")
_SP_RE = _lazy(_SP)
_SEP_RE = _lazy(r"[.,]")
_LAST_DECIMALS_RE = _lazy(r"(.*?)[.,](\d{1,2})")
_BLANK_LINE_RE = _lazy(r"\n[ \t]*\n")

# a table column whose header names the unit: "Beløb (kr.)", "Beløb i kr.", "Beløb kr.", a "kr." cell of its own
_KR_HEADER_RE = _lazy(
    r"(?:\(\s*(?:i\s+)?(?:kr\.?|dkk)\s*\)|(?<![\wæøå])i\s+(?:kr\.?|dkk)(?![\wæøå])|"
    r"beløb\s*(?:kr\.?|dkk)(?![\wæøå])|(?<![^\s])(?:kr\.?|dkk)[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
# The last alternative is a "kr." cell of its own at the end of a line. Whether it stands in a cell (after a
# tab, two spaces, or alone on its line) is checked in code (_own_cell): a pattern that also matched the
# whitespace in front of it would try every position of a long whitespace run (cubic on 1,000 spaces).
# a line of running prose ends a table: eight or more words and no digit
#: how far back from a unit the whitespace before it is looked at; a longer run is searched the slow way
_WS_WINDOW = 64
_PROSE_LINE_RE = _lazy(r"^(?=[^\d\n]*$)(?:[^\s\d]+[ \t]+){7,}[^\s\d]+[ \t]*$", re.MULTILINE)


# ------------------------------------------------------------------------------------------------------
# One cheap look at the whole text, shared by the amount, date and payment extractors
# ------------------------------------------------------------------------------------------------------
#
# Python's ``re`` tries a pattern that starts with a look-behind or a case-insensitive word at every position
# of the text: 30-150 µs per pattern for a 1,600-character letter, and the extractors had a dozen such scans.
# Instead the text is encoded once, one byte per character (Latin-1, "?" for anything else), and translated
# by two 256-byte tables, which C does at memory speed. The byte strings then say, for every character,
# what the patterns' first steps ask about it, and a literal search (the one fast search ``re`` has) finds the
# few places where a pattern can start. The full patterns run only there, so they match exactly what they
# matched when run over the whole text.

#: non-Latin-1 characters that re.IGNORECASE equates with a Latin-1 one ("ſ" is an "s", U+212A a "k");
#: tests/extract/test_amounts.py checks the list against every code point
FOLD_UNSAFE = "\u0130\u0131\u0178\u017f\u039c\u03bc\u1e9e\u212a\u212b"
#: up to how many "?" in the encoded text the characters outside Latin-1 are classified one by one
_FOREIGN_ONE_BY_ONE = 64


class TextScan:
    """Where numbers and words can start in a text, computed once per text (see :func:`text_scan`).

    ``digits``: offsets of the decimal digits that start a number — not preceded by a word character, ".",
    "," or "/" (the look-behind every number and date pattern begins with); ``digit_ends``: where each of those
    runs of digits ends.
    ``classes``: one byte per character: ``0`` a decimal digit, ``a`` another word character, ``p`` one of
    ".,/", a space for anything else.
    ``folded``: one byte per character, after a leading ``\\x01``: a word character as its Latin-1 lower
    case, "-" as itself, anything else as ``\\x01`` (characters outside Latin-1 too). A case-insensitive word
    list matches the text at offset ``i`` only if its folded form matches ``folded`` at ``i + 1`` after the
    ``\\x01`` at ``i`` — so ``folded`` finds the candidates, and the real pattern decides. None when the text
    holds a character (:data:`FOLD_UNSAFE`) that folding would hide from re.IGNORECASE.
    """

    __slots__ = ("classes", "digit_ends", "digits", "folded")

    def __init__(
        self, digits: tuple[int, ...], digit_ends: tuple[int, ...], classes: bytes, folded: bytes | None
    ) -> None:
        self.digits = digits
        self.digit_ends = digit_ends
        self.classes = classes
        self.folded = folded


@functools.cache
def _tables() -> tuple[bytes, bytes]:
    """(class table, fold table) for ``bytes.translate`` over Latin-1 text; see :class:`TextScan`."""
    cls = bytearray(256)
    fold = bytearray(256)
    for b in range(256):
        c = chr(b)
        word = c.isalnum() or c == "_"
        cls[b] = ord("0" if c.isdecimal() else "p" if c in ".,/" else "a" if word else " ")
        fold[b] = ord(c.lower()) if word else ord("-") if c == "-" else 1
    # "?" also stands for every character outside Latin-1; _patch_foreign corrects the classes of those
    return bytes(cls), bytes(fold)


# (" 00*", not " 0+": a literal prefix of two bytes lets ``re`` skip in C to where a number starts, where " 0+"
# would stop at every space of the text to try "0+")
_DIGIT_START_RE = _lazy(rb" 00*")
_DIGIT_RUN_RE = _lazy(rb"0+")
_FOREIGN_RUN_RE = _lazy(r"[^\x00-\xff]+")
_CLASS_RUN_RE = _lazy(r"(\d+)|([^\W\d]+)|(\W+)")


def _run_classes(m: re.Match[str]) -> str:
    n = m.end() - m.start()
    return ("0" if m.group(1) else "a" if m.group(2) else " ") * n


def _patch_foreign(text: str, enc: bytes, cls: bytes, marks: int) -> tuple[bytes, bool]:
    """Correct the classes of characters outside Latin-1 (encoded as "?"); and whether folding is safe.

    ``marks`` is the number of "?" in ``enc``: with few, each is looked at; with many (a hostile text), the
    runs of non-Latin-1 characters are classified by a pattern, so the cost stays linear and in C.
    """
    fixed = bytearray(cls)
    safe = True
    if marks <= _FOREIGN_ONE_BY_ONE:
        i = enc.find(b"?")
        while i >= 0:
            c = text[i]
            if c != "?":
                if c.isdecimal():
                    fixed[i] = 48  # "0"
                elif c.isalnum():
                    fixed[i] = 97  # "a"
                if c in FOLD_UNSAFE:
                    safe = False
            i = enc.find(b"?", i + 1)
    else:
        for m in _FOREIGN_RUN_RE().finditer(text):
            run = m.group()
            if safe and any(c in run for c in FOLD_UNSAFE):
                safe = False
            fixed[m.start() : m.end()] = _CLASS_RUN_RE().sub(_run_classes, run).encode("ascii")
    return bytes(fixed), safe


@functools.lru_cache(maxsize=8)
def text_scan(text: str) -> TextScan:
    """The :class:`TextScan` of ``text``; cached, since the amount, date and payment extractors all ask."""
    return scan_text(text)


def scan_text(text: str) -> TextScan:
    """The :class:`TextScan` of ``text``, not cached (for short strings that are not a letter's text)."""
    cls_table, fold_table = _tables()
    enc = text.encode("latin-1", "replace")
    cls = enc.translate(cls_table)
    marks = enc.count(b"?")
    safe = True
    if marks and marks != text.count("?"):
        cls, safe = _patch_foreign(text, enc, cls, marks)
    starts: list[int] = []
    ends: list[int] = []
    if cls[:1] == b"0":
        starts.append(0)
        ends.append(_DIGIT_RUN_RE().match(cls).end())  # type: ignore[union-attr]
    for m in _DIGIT_START_RE().finditer(cls):
        starts.append(m.start() + 1)
        ends.append(m.end())
    folded = b"\x01" + enc.translate(fold_table) if safe else None
    return TextScan(tuple(starts), tuple(ends), cls, folded)


def matches_at(
    rx: re.Pattern[str], text: str, starts: Iterable[int], pos: int = 0, endpos: int | None = None
) -> list[re.Match[str]]:
    """What ``rx.finditer(text, pos, endpos)`` gives, when a match of ``rx`` can only begin at one of ``starts``.

    ``starts`` in ascending order (repeats allowed). Trying them in order and skipping those inside the
    previous match is exactly what ``finditer`` does; the pattern's look-behind still sees the text before a
    start. ``rx`` must not match the empty string.
    """
    out: list[re.Match[str]] = []
    last = pos
    end = len(text) if endpos is None else endpos
    match = rx.match
    for s in starts:
        # a start past ``end`` cannot match (the pattern matches no empty string): no test needed for it
        if s >= last and (m := match(text, s, end)) is not None:
            out.append(m)
            last = m.end()
    return out


def fold_phrase(phrase: str) -> bytes:
    """A lower-case phrase as :attr:`TextScan.folded` writes it (outside Latin-1: ``\\x01``; " " stays " ")."""
    fold_table = _tables()[1]
    return bytes(32 if c == " " else fold_table[ord(c)] if ord(c) < 256 else 1 for c in phrase)


@record(frozen=True, slots=True)
class AmountMatch:
    """A money amount in the letter text.

    ``marker`` says how it was known to be money: ``kr`` (kr./kroner/DKK), ``dash`` (",-"), ``column`` (a
    table column headed kr.) or ``bare`` (a Danish decimal number found only on request, for labelled fields).
    """

    value: Decimal
    start: int
    end: int
    text: str
    malformed: str | None = None
    marker: str = "kr"


def parse_danish_amount(s: str) -> Decimal | None:
    """The value of a correctly written Danish amount ("12.345,67", "12 345", "1.234,-"), else None."""
    s = s.strip()
    for unit in ("kr.", "kr", "DKK", "kroner"):
        if s.lower().startswith(unit.lower()):
            s = s[len(unit) :].strip()
        if s.lower().endswith(unit.lower()):
            s = s[: -len(unit)].strip()
    neg = s[:1] in _MINUS
    if neg:
        s = s[1:].strip()
    if s.endswith((",-", ",--", ",–")):
        s = s[: s.rindex(",")]
        if _DANISH_INT_RE().fullmatch(s) is None:
            return None
    elif _DANISH_RE().fullmatch(s) is None:
        return None
    value = _to_decimal(s.replace(".", "").replace(",", "."))
    if value is None:
        return None
    return (-value if neg else value).quantize(_CENT, context=_WIDE)


def parse_amount_text(s: str) -> Decimal | None:
    """An amount from a structured field, machine ("12345.67") or Danish ("12.345,67 kr.") written; else None.

    Vendor XML exports (read through mappings) write amounts either way. A point followed by one or two digits
    is a machine decimal point; anything else is read as Danish.
    """
    t = s.strip().replace("\u2212", "-")
    if _MACHINE_RE().fullmatch(t):
        return Decimal(t)
    return parse_danish_amount(t)


#: no benefit letter pays a sum of more digits than this; a longer run of digits is not an amount
_MAX_DIGITS = 18


def _to_decimal(s: str) -> Decimal | None:
    if not s.isascii() or " " in s:
        s = _SP_RE().sub("", s)
    # a string no longer than the limit cannot hold more digits than it: count only longer ones
    if len(s) > _MAX_DIGITS and sum(c.isdigit() for c in s) > _MAX_DIGITS:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _classify(num: str, dash: bool) -> tuple[Decimal | None, str | None]:
    """Value and, when it is not written the Danish way, what is wrong with it."""
    if dash:
        if _DANISH_INT_RE().fullmatch(num):
            return _to_decimal(num.replace(".", "")), None
        return _to_decimal(_SEP_RE().sub("", num)), "irregular thousands separators before ',-'"
    if _DANISH_RE().fullmatch(num):
        return _to_decimal(num.replace(".", "").replace(",", ".")), None
    if _ENGLISH_RE().fullmatch(num):
        value = _to_decimal(num.replace(",", ""))
        if "." in num:
            return value, "English number format (',' between thousands and '.' before the øre)"
        return value, "',' followed by three digits: an English thousands separator or three decimals"
    if _POINT_DECIMAL_RE().fullmatch(num):
        return _to_decimal(num), "'.' used as decimal separator (Danish uses ',')"
    if _ONE_DECIMAL_RE().fullmatch(num):
        return _to_decimal(num.replace(".", "").replace(",", ".")), "one decimal digit (øre need two)"
    if _MANY_DECIMALS_RE().fullmatch(num):
        return _to_decimal(num.replace(".", "").replace(",", ".")), "more than two decimal digits"
    # odd grouping: take the last separator as the decimal point when one or two digits follow it
    m = _LAST_DECIMALS_RE().fullmatch(num)
    sep = _SEP_RE()
    digits = (sep.sub("", m.group(1)) + "." + m.group(2)) if m else sep.sub("", num)
    return _to_decimal(digits), "irregular thousands separators"


def _own_cell(text: str, pos: int) -> bool:
    """Whether the "kr." at ``pos`` is a cell of its own: at a line start or after a tab or two spaces."""
    k = pos
    while k > 0 and text[k - 1] in " \t":
        k -= 1
        if pos - k >= 2:  # two blanks: a tab or two spaces either way; no need to walk the whole run
            return True
    return k == 0 or text[k - 1] == "\n" or text[k:pos] == "\t"


def _kr_header_matches(text: str) -> list[re.Match[str]]:
    """What ``_KR_HEADER_RE.finditer(text)`` gives, trying the pattern only where a header can start.

    Every header holds "kr" or "dkk" (found in the folded text by a literal search) and starts at it, or
    before it at "(", "i" or "beløb" with only whitespace (and an "i") in between; those places are the
    candidates. A whitespace run longer than the window falls back to the full search.
    """
    folded = text_scan(text).folded
    rx = _KR_HEADER_RE()
    if folded is None:
        return list(rx.finditer(text))
    starts: list[int] = []
    for unit in (b"kr", b"dkk"):
        i = folded.find(unit)
        while i >= 0:
            q = i - 1  # the unit's offset in the text
            w = _ws_start(text, q)
            if w is None:
                return list(rx.finditer(text))
            starts += (q, w - 1, w - 5)  # the unit itself; "(" or "i" before it; "beløb" before it
            if w < q and folded[w] == 105:  # "i" (then maybe "(" before it): "(i kr.)"
                w2 = _ws_start(text, w - 1)
                if w2 is None:
                    return list(rx.finditer(text))
                starts.append(w2 - 1)
            i = folded.find(unit, i + 1)
    starts.sort()
    return matches_at(rx, text, [s for s in starts if s >= 0])


def _ws_start(text: str, pos: int) -> int | None:
    """Where the whitespace run that ends at ``pos`` starts (``pos`` if none); None past the window."""
    lo = max(0, pos - _WS_WINDOW)
    start = lo + len(text[lo:pos].rstrip())
    return None if start == lo and lo > 0 else start


def _kr_regions(text: str) -> list[tuple[int, int]]:
    """Stretches of text under a table header that names kr. as the unit, up to a blank or prose line."""
    regions: list[tuple[int, int]] = []
    for m in _kr_header_matches(text):
        if m.group(0)[:1].lower() in "kd" and not _own_cell(text, m.start()):
            continue
        start = m.end()
        if regions and start < regions[-1][1]:
            continue
        end = len(text)
        blank = _BLANK_LINE_RE().search(text, start)
        if blank:
            end = blank.start()
        prose = _PROSE_LINE_RE().search(text, start, end)
        if prose:
            end = prose.start()
        regions.append((start, end))
    return regions


def find_amounts(text: str, *, bare: bool = False) -> list[AmountMatch]:
    """Every money amount in ``text``, in text order.

    With ``bare=True`` also correctly written Danish decimal numbers with no unit ("12.345,67"), which the
    payment extractor accepts after a label such as "Til udbetaling"; a bare number is never reported as
    malformed, since without a unit it need not be money at all.
    """
    found = _find_amounts(text)
    return list(found) if bare else [a for a in found if a.marker != "bare"]


#: (start, start of the digits, end, sign, number, ",-") of one match of _NUMBER_RE
_Number = tuple[int, int, int, str | None, str, str | None]


def _numbers(text: str) -> list[_Number]:
    """What ``_NUMBER_RE.finditer(text)`` gives, trying the pattern only where a number can start, less the
    runs of bare digits that no unit is near (they can never be an amount).

    A match begins at a digit that :func:`text_scan` lists, or at a sign one or two characters before it
    ("-1.234,00", "÷ 3.210,00"); trying those in text order and skipping any inside the previous match is
    exactly what ``finditer`` does, without visiting the other 99 % of the text. A run of digits that neither
    a sign precedes nor ".", "," or a (thousands) space follows is the whole match — or, before a letter, no
    match — so most numbers (years, days, section numbers) need no pattern at all.
    """
    scan = text_scan(text)
    number = _NUMBER_RE()
    classes, folded = scan.classes, scan.folded
    out: list[_Number] = []
    last = 0
    # (the sets as locals: this loop runs for every number of every letter)
    minus, marks, spaces, dashes, unit_first = _MINUS, _DECIMAL_MARKS, _SUFFIX_SPACES, _DASHES, _SUFFIX_FIRST
    for s, e in zip(scan.digits, scan.digit_ends, strict=True):
        if s < last:
            continue
        sign = None
        if s:
            b = text[s - 1]
            if b in minus:
                sign = s - 1
            elif s > 1 and b in " \u00a0" and text[s - 2] in minus:
                sign = s - 2
        if sign is None:
            c = text[e : e + 1]
            # digits go on as a number only with "." or "," and a digit ("1.234,56"), ",-" (whole kroner) or,
            # after at most three, a space and a group of exactly three digits ("12 345"; not a telephone number's
            # "54 46 99 40"); otherwise they are the whole match
            digit_next = classes[e + 1 : e + 2] == b"0"
            if not (
                (
                    digit_next
                    and (c in marks or (e - s <= 3 and c in spaces and _three_digits(classes, e + 1)))
                )
                or (c == "," and text[e + 1 : e + 2] in dashes)
            ):
                if classes[e : e + 1] == b"a":
                    continue  # a word character after the digits: no number here
                last = e
                # bare digits are money only with a unit after or before them ("500 kr.", "kr. 500"); the
                # rest (years, days, section numbers) is left out here, which changes nothing downstream
                if c in spaces:  # most numbers: a blank, then a word that is not a unit
                    c = text[e + 1 : e + 2]
                    if c in spaces:
                        c = "k" if _unit_may_follow(text, e) else ""
                if c in unit_first or folded is None or folded.find(b"k", max(0, s - 8) + 1, s + 1) >= 0:
                    out.append((s, s, e, None, text[s:e], None))
                continue
        m = None
        if sign is not None and sign >= last:
            m = number.match(text, sign)
        if m is None:
            m = number.match(text, s)
            if m is None:
                continue
        sg, num, dash = m.group(1, 2, 3)
        out.append((m.start(), m.start(2), m.end(), sg, num, dash))
        last = m.end()
    return out


def _three_digits(classes: bytes, pos: int) -> bool:
    """Whether exactly three digits start at ``pos`` (:attr:`TextScan.classes`): a thousands group."""
    group = classes[pos : pos + 4]
    return group[:3] == b"000" and group[3:] != b"0"


@functools.lru_cache(maxsize=8)
def _find_amounts(text: str) -> tuple[AmountMatch, ...]:
    """All amounts, bare ones included; cached per text, since the payment extractor, LC206 and
    ``lettercheck extract`` all ask about the same letter."""
    out: list[AmountMatch] = []
    used_units: list[tuple[int, int]] = []
    # the kr. columns, found only when an unmarked number needs them
    regions: list[tuple[int, int]] | None = None
    suffix_re, prefix_re = _SUFFIX_RE(), _PREFIX_RE()
    folded = text_scan(text).folded

    for n_start, num_start, n_end, sign, num, dash in _numbers(text):
        start, end = n_start, n_end
        marker: str | None = None

        suffix = suffix_re.match(text, end) if _unit_may_follow(text, end) else None
        if suffix:
            end = suffix.end()
            used_units.append((suffix.start(), suffix.end()))
            marker = "kr"
        else:
            lo = max(0, n_start - 8)
            # a unit before the number needs "kr" or "dkk" in the 8 characters before it (folded: offset + 1)
            if folded is None or folded.find(b"k", lo + 1, n_start + 1) >= 0:
                prefix = prefix_re.search(text, lo, n_start)
                # only the amount just before can have taken this "kr." as its suffix
                if prefix and not (used_units and used_units[-1][0] <= prefix.start() < used_units[-1][1]):
                    start = prefix.start()
                    used_units.append((prefix.start(), prefix.end()))
                    marker = "kr"
        if marker is None and dash is not None:
            marker = "dash"

        if marker is None:
            # an unmarked number is kept only as a Danish amount with øre, or as an English-format one in a
            # kr. column: decide that from its shape before any decimal is built
            if "," not in num:
                continue  # the common case: a year, a day, a section number
            if _MONEY_RE().fullmatch(num):
                malformed = None
            elif "." in num and _ENGLISH_RE().fullmatch(num):
                malformed = "English number format (',' between thousands and '.' before the øre)"
            else:
                continue
            value = _to_decimal(
                num.replace(".", "").replace(",", ".") if malformed is None else num.replace(",", "")
            )
            if value is None:
                continue
            if regions is None:
                regions = _kr_regions(text)
            in_column = _in_regions(regions, num_start)
            if malformed is not None or in_column:
                if not in_column:
                    continue
                marker = "column"
            elif _NOT_MONEY_AFTER_RE().match(text, n_end):
                continue
            else:
                marker = "bare"
            if sign and sign.strip() in _MINUS:
                value = -value
        else:
            value, malformed = _classify(num, dash is not None)
            if value is None:
                continue
            if sign and sign.strip() in _MINUS:
                value = -value
        if malformed is None:
            value = value.quantize(_CENT, context=_WIDE)
        out.append(AmountMatch(value, start, end, text[start:end], malformed, marker))
    return tuple(out)


def _unit_may_follow(text: str, end: int) -> bool:
    """Whether "kr."/"kroner"/"DKK" can follow offset ``end`` (after spaces): a cheap test before the pattern."""
    c = text[end : end + 1]
    for _ in range(8):  # past a few blanks the pattern itself decides, in C, however long the run
        if c not in _SUFFIX_SPACES:
            return c in _SUFFIX_FIRST
        end += 1
        c = text[end : end + 1]
    return True


def _in_regions(regions: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(regions, (pos, float("inf"))) - 1
    return i >= 0 and regions[i][0] <= pos < regions[i][1]


def format_danish(value: Decimal) -> str:
    """``Decimal("-12345.6")`` → ``"-12.345,60"``: how a Danish letter writes an amount, for messages."""
    q = value.quantize(_CENT, context=_WIDE)
    sign = "-" if q < 0 else ""
    whole, _, cents = f"{abs(q):.2f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return f"{sign}{'.'.join(groups)},{cents}"


def amounts_to_dicts(letter: Letter, amounts: list[AmountMatch]) -> list[dict[str, Any]]:
    """Amounts as ``lettercheck extract`` JSON: value (a decimal string, never a float), text, offsets, page, line."""
    out = []
    for a in amounts:
        loc = letter.locate(a.start)
        d: dict[str, Any] = {
            "value": str(a.value),
            "text": a.text,
            "start": a.start,
            "end": a.end,
            "page": loc.page,
            "line": loc.line,
        }
        if a.malformed:
            d["malformed"] = a.malformed
        out.append(d)
    return out
