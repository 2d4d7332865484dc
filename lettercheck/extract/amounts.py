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
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lettercheck.model import Letter

_SPACES = " \u00a0\u202f\u2009"
_SP = f"[{_SPACES}]"
_MINUS = "-−÷–"
_CENT = Decimal("0.01")

# A broad number token: digits with "." "," or (three-digit) space groups, optional sign and ",-".
_NUMBER_RE = re.compile(
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
_SUFFIX_RE = re.compile(r"[ \u00a0\u202f\u2009]*(?:kr\.?|kroner|dkk)(?![\wæøå])", re.IGNORECASE)
_PREFIX_RE = re.compile(r"(?<![\wæøå])(?:kr\.?|dkk)[ \u00a0\u202f\u2009]*$", re.IGNORECASE)
# after a bare number: not a percentage, a count of hours/days, or a multiplication operand
_NOT_MONEY_AFTER_RE = re.compile(
    r"\s*(?:%|pct\b|procent|timer|time\b|t\.|dage|dag\b|uger|uge\b|md\.|måneder|x\b|×|\*)",
    re.IGNORECASE,
)

_DANISH_INT = rf"\d{{1,3}}(?:\.\d{{3}})+|\d{{1,3}}(?:{_SP}\d{{3}})+|\d+"
_DANISH_RE = re.compile(rf"(?:{_DANISH_INT})(?:,\d{{2}})?")
_ENGLISH_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?")
_POINT_DECIMAL_RE = re.compile(r"\d+\.\d{1,2}")
_ONE_DECIMAL_RE = re.compile(rf"(?:{_DANISH_INT}),\d")
_MANY_DECIMALS_RE = re.compile(rf"(?:{_DANISH_INT}),\d{{3,}}")
_DANISH_INT_RE = re.compile(_DANISH_INT)
#: quantizing needs room beyond the default context's 28 digits for amounts parsed from data
_WIDE = Context(prec=100)
_MONEY_RE = re.compile(rf"(?:{_DANISH_INT}),\d{{2}}")
_MACHINE_RE = re.compile(r"-?\d+(?:\.\d{1,2})?")
_SP_RE = re.compile(_SP)
_SEP_RE = re.compile(r"[.,]")
_LAST_DECIMALS_RE = re.compile(r"(.*?)[.,](\d{1,2})")
_BLANK_LINE_RE = re.compile(r"\n[ \t]*\n")

# a table column whose header names the unit: "Beløb (kr.)", "Beløb i kr.", "Beløb kr.", a "kr." cell of its own
_KR_HEADER_RE = re.compile(
    r"(?:\(\s*(?:i\s+)?(?:kr\.?|dkk)\s*\)|(?<![\wæøå])i\s+(?:kr\.?|dkk)(?![\wæøå])|"
    r"beløb\s*(?:kr\.?|dkk)(?![\wæøå])|(?<![^\s])(?:kr\.?|dkk)[ \t]*$)",
    re.IGNORECASE | re.MULTILINE,
)
# The last alternative is a "kr." cell of its own at the end of a line. Whether it stands in a cell (after a
# tab, two spaces, or alone on its line) is checked in code (_own_cell): a pattern that also matched the
# whitespace in front of it would try every position of a long whitespace run (cubic on 1,000 spaces).
# a line of running prose ends a table: eight or more words and no digit
_PROSE_LINE_RE = re.compile(r"^(?=[^\d\n]*$)(?:[^\s\d]+[ \t]+){7,}[^\s\d]+[ \t]*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
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
        if _DANISH_INT_RE.fullmatch(s) is None:
            return None
    elif _DANISH_RE.fullmatch(s) is None:
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
    if _MACHINE_RE.fullmatch(t):
        return Decimal(t)
    return parse_danish_amount(t)


#: no benefit letter pays a sum of more digits than this; a longer run of digits is not an amount
_MAX_DIGITS = 18


def _to_decimal(s: str) -> Decimal | None:
    s = _SP_RE.sub("", s)
    if sum(c.isdigit() for c in s) > _MAX_DIGITS:
        return None
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _classify(num: str, dash: bool) -> tuple[Decimal | None, str | None]:
    """Value and, when it is not written the Danish way, what is wrong with it."""
    if dash:
        if _DANISH_INT_RE.fullmatch(num):
            return _to_decimal(num.replace(".", "")), None
        return _to_decimal(_SEP_RE.sub("", num)), "irregular thousands separators before ',-'"
    if _DANISH_RE.fullmatch(num):
        return _to_decimal(num.replace(".", "").replace(",", ".")), None
    if _ENGLISH_RE.fullmatch(num):
        value = _to_decimal(num.replace(",", ""))
        if "." in num:
            return value, "English number format (',' between thousands and '.' before the øre)"
        return value, "',' followed by three digits: an English thousands separator or three decimals"
    if _POINT_DECIMAL_RE.fullmatch(num):
        return _to_decimal(num), "'.' used as decimal separator (Danish uses ',')"
    if _ONE_DECIMAL_RE.fullmatch(num):
        return _to_decimal(num.replace(".", "").replace(",", ".")), "one decimal digit (øre need two)"
    if _MANY_DECIMALS_RE.fullmatch(num):
        return _to_decimal(num.replace(".", "").replace(",", ".")), "more than two decimal digits"
    # odd grouping: take the last separator as the decimal point when one or two digits follow it
    m = _LAST_DECIMALS_RE.fullmatch(num)
    digits = (_SEP_RE.sub("", m.group(1)) + "." + m.group(2)) if m else _SEP_RE.sub("", num)
    return _to_decimal(digits), "irregular thousands separators"


def _own_cell(text: str, pos: int) -> bool:
    """Whether the "kr." at ``pos`` is a cell of its own: at a line start or after a tab or two spaces."""
    k = pos
    while k > 0 and text[k - 1] in " \t":
        k -= 1
        if pos - k >= 2:  # two blanks: a tab or two spaces either way; no need to walk the whole run
            return True
    return k == 0 or text[k - 1] == "\n" or text[k:pos] == "\t"


def _kr_regions(text: str) -> list[tuple[int, int]]:
    """Stretches of text under a table header that names kr. as the unit, up to a blank or prose line."""
    regions: list[tuple[int, int]] = []
    for m in _KR_HEADER_RE.finditer(text):
        if m.group(0)[:1].lower() in "kd" and not _own_cell(text, m.start()):
            continue
        start = m.end()
        if regions and start < regions[-1][1]:
            continue
        end = len(text)
        blank = _BLANK_LINE_RE.search(text, start)
        if blank:
            end = blank.start()
        prose = _PROSE_LINE_RE.search(text, start, end)
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


@functools.lru_cache(maxsize=8)
def _find_amounts(text: str) -> tuple[AmountMatch, ...]:
    """All amounts, bare ones included; cached per text, since the payment extractor, LC206 and
    ``lettercheck extract`` all ask about the same letter."""
    out: list[AmountMatch] = []
    used_units: list[tuple[int, int]] = []
    regions = _kr_regions(text)

    for m in _NUMBER_RE.finditer(text):
        num = m.group("num")
        dash = m.group("dash") is not None
        sign = m.group("sign")
        n_start = m.start("sign") if sign else m.start("num")
        start, end = n_start, m.end()
        marker: str | None = None

        suffix = _SUFFIX_RE.match(text, m.end())
        if suffix:
            end = suffix.end()
            used_units.append((suffix.start(), suffix.end()))
            marker = "kr"
        else:
            prefix = _PREFIX_RE.search(text, max(0, n_start - 8), n_start)
            # only the amount just before can have taken this "kr." as its suffix
            if prefix and not (used_units and used_units[-1][0] <= prefix.start() < used_units[-1][1]):
                start = prefix.start()
                used_units.append((prefix.start(), prefix.end()))
                marker = "kr"
        if marker is None and dash:
            marker = "dash"

        if sign and marker is None:
            # a leading "-" on an unmarked number is as likely a dash between two numbers
            start = m.start("num")
        value, malformed = _classify(num, dash)
        if value is None:
            continue
        if sign and marker is not None and sign.strip() in _MINUS:
            value = -value

        if marker is None:
            in_column = _in_regions(regions, m.start("num"))
            if malformed is not None:
                # an unmarked number in a kr. column written the English way is still a wrong amount
                if in_column and _ENGLISH_RE.fullmatch(num) and "." in num:
                    marker = "column"
                else:
                    continue
            elif in_column and _looks_like_money(num):
                marker = "column"
            elif _looks_like_money(num) and not _NOT_MONEY_AFTER_RE.match(text, m.end()):
                marker = "bare"
            else:
                continue
            if sign:
                start = n_start
                if sign.strip() in _MINUS:
                    value = -value
        if malformed is None:
            value = value.quantize(_CENT, context=_WIDE)
        out.append(AmountMatch(value, start, end, text[start:end], malformed, marker))
    return tuple(out)


def _in_regions(regions: list[tuple[int, int]], pos: int) -> bool:
    i = bisect.bisect_right(regions, (pos, float("inf"))) - 1
    return i >= 0 and regions[i][0] <= pos < regions[i][1]


def _looks_like_money(num: str) -> bool:
    """A unit-less number that reads as an amount: it has øre (",00") — integers could be days, hours, §§."""
    return _MONEY_RE.fullmatch(num) is not None


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
