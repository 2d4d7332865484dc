"""Payment rules (LC2xx): is what a payment letter says it pays complete, consistent and possible?

Every rule reads ``ctx.payment`` (extracted once per letter by :mod:`lettercheck.extract.payments`). LC201–LC205
judge only payment letters (:func:`~lettercheck.extract.payments.is_payment_letter`): a decision letter that
mentions an amount in passing is not asked for a payment date. LC206 judges every letter, since a garbled
amount misleads whatever kind of letter it is in.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from datetime import date
from decimal import Decimal
from typing import Any

from lettercheck.context import Context
from lettercheck.extract.amounts import AmountMatch, find_amounts, format_danish
from lettercheck.extract.dates import MONTHS, find_invalid_dates, find_periods
from lettercheck.extract.payments import (
    DateRange,
    FieldValue,
    Payment,
    is_payment_letter,
    spec_for_config,
)
from lettercheck.model import Finding, Severity
from lettercheck.records import record
from lettercheck.registry import rule

_MONTHS = tuple(MONTHS)  # januar … december, in order


def _payment_letter(ctx: Context) -> Payment | None:
    """The letter's payment, if the payment rules apply to it (memoised on the context for the six rules)."""
    cached = ctx.__dict__.get("_lc2_payment_letter")
    if cached is None:
        cached = (is_payment_letter(ctx.letter, lambda: ctx.payment, ctx.config),)
        ctx.__dict__["_lc2_payment_letter"] = cached
    return ctx.payment if cached[0] else None


def _d(value: date) -> str:
    return f"{value.day}. {_MONTHS[value.month - 1]} {value.year}"


def _where(ctx: Context, v: FieldValue) -> str:
    if v.source == "data":
        return "in the letter's structured payment data"
    loc = ctx.letter.locate(v.start or 0)
    parts = []
    if loc.page is not None:
        parts.append(f"page {loc.page}")
    if loc.line is not None:
        parts.append(f"line {loc.line}")
    return ("on " + ", ".join(parts)) if parts else f"at offset {v.start}"


def _show(v: FieldValue) -> str:
    x = v.value
    if isinstance(x, Decimal):
        return format_danish(x)
    if isinstance(x, DateRange):
        return f"{_d(x.start)} – {_d(x.end)}"
    if isinstance(x, date):
        return _d(x)
    return str(x)


_ENGLISH = {
    "net": "amount to be paid",
    "gross": "gross amount",
    "payment_date": "payment date",
    "period": "period",
    "benefit": "benefit",
    "rate": "rate",
    "deduction": "deduction",
    "deductions": "deductions",
    "deductions_total": "total of deductions",
    "addition": "line item",
}


def _field_name(ctx: Context, fld: str) -> str:
    """The field in English and the Danish word the letter would use: "payment date (udbetalingsdato)"."""
    spec = spec_for_config(ctx.config)
    danish = spec.name("deduction" if fld == "deductions" else fld)
    english = _ENGLISH.get(fld, fld)
    return english if danish == english else f"{english} ({danish})"


def _span(v: FieldValue | None) -> tuple[int | None, int | None]:
    if v is None or v.start is None:
        return None, None
    return v.start, v.end


# ------------------------------------------------------------------------------------------------------
# LC201
# ------------------------------------------------------------------------------------------------------

_EXAMPLES = {
    "net": "Til udbetaling: 9.135,67 kr.",
    "period": "Periode: 1. oktober – 31. oktober 2025",
    "payment_date": "Udbetalingsdato: 31. oktober 2025",
    "gross": "Bruttobeløb: 12.345,67 kr.",
    "benefit": "Ydelse: kontanthjælp",
    "rate": "Sats: 12.345,67 kr. pr. måned",
    "deductions": "A-skat: 3.210,00 kr.",
}


@rule("LC201", "payment-field-missing", Severity.ERROR)
def payment_field_missing(ctx: Context) -> Iterator[Finding]:
    """A payment letter does not state a field it must state (amount to be paid, period, payment date).

    ## What it does
    For a payment letter (letter type `udbetaling`, or an untyped letter that reads like a payment
    specification), checks that each field `rules/payments.yaml` requires of its type is stated: by default the
    amount to be paid ("Til udbetaling"), the period paid for, and the payment date. A field counts as stated
    when the letter's structured data holds it or the text gives it under one of its labels.

    ## Why is this bad?
    The letter is the citizen's only account of what she is paid, for which period and when the money arrives.
    Without it she cannot check the payment or plan her month, and she calls the jobcenter instead — the
    "incomplete" payment letters of the seeds. A missing field is usually a template field the case system did
    not fill. Error, because a payment letter without these is not doing its job; if your letters use a
    wording lettercheck does not know, add it to the field's labels (a YAML edit) rather than lowering this.

    ## Example
    ```
    Udbetaling af kontanthjælp for oktober 2025
    Bruttobeløb 12.345,67 kr.   A-skat 3.210,00 kr.   Til udbetaling 9.135,67 kr.
    ```
    (no payment date)

    ## How to fix
    State the field with a label, e.g. "Udbetalingsdato: 31. oktober 2025"; or add your own label for it in a
    rule pack's `payments.fields.<field>.labels`.
    """
    payment = _payment_letter(ctx)
    spec = spec_for_config(ctx.config)
    ltype = ctx.letter.letter_type
    if payment is None and (ltype is None or ltype not in spec.required):
        return
    payment = payment if payment is not None else ctx.payment
    required = spec.required.get(ltype or "udbetaling") or spec.required.get("udbetaling", ())
    anchor = payment.anchor
    invalid_dates: bool | None = None  # looked for only when a date field is missing
    for fld in required:
        if payment.has(fld):
            continue
        if fld in ("payment_date", "period"):
            if invalid_dates is None:
                invalid_dates = bool(find_invalid_dates(ctx.letter.text))
            if invalid_dates:
                continue  # a date is written but cannot exist: LC203 reports it, "missing" would mislead
        name = _field_name(ctx, fld)
        yield ctx.finding(
            "LC201",
            f"payment letter does not state the {name}",
            anchor,
            anchor,
            suggestion=f"state it with a label, e.g. '{_EXAMPLES.get(fld, name)}'",
            field=fld,
        )


# ------------------------------------------------------------------------------------------------------
# LC202
# ------------------------------------------------------------------------------------------------------


def _blocking(payment: Payment, start: int, end: int, ignore: set[int]) -> list[AmountMatch]:
    """Unlabelled amounts between ``start`` and ``end``: maybe items we did not recognise, so no verdict."""
    return [a for a in payment.unclaimed if start <= a.start < end and a.start not in ignore]


def _sum_text(parts: list[tuple[str, Decimal]]) -> str:
    """ "12.345,67 − 3.210,00": the computation as a Danish reader writes it (zero terms left out)."""
    shown = [(op, v) for op, v in parts if v != 0] or parts[:1]
    s = ""
    for i, (op, v) in enumerate(shown):
        if i == 0:
            s = format_danish(v) if op == "+" else f"−{format_danish(v)}"
        else:
            s += f" {op} {format_danish(v)}"
    return s


@record(slots=True)
class _Sum:
    parts: list[tuple[str, Decimal]]
    expected: Decimal
    stated: FieldValue
    what: str


def _sums(payment: Payment, source: str) -> Iterator[_Sum]:
    gross_all = [v for v in payment.values("gross", source) if not v.malformed]
    nets = [v for v in payment.values("net", source) if not v.malformed]
    deds = payment.deductions_from(source)
    totals = [v for v in payment.values("deductions_total", source) if not v.malformed]
    adds = payment.values("addition", source) if source == "text" else []
    if any(v.malformed for v in [*deds, *adds]) or any(v.malformed for v in payment.values("net", source)):
        return
    # a table row's gross over one mentioned in prose: the table is the specification
    gross = min(gross_all, key=lambda v: (not v.row, v.start or 0), default=None)

    # line items → gross
    if gross is not None and gross.start is not None:
        items = [a for a in adds if a.start is not None and a.start < gross.start]
        if items:
            first = min(a.start or 0 for a in items)
            claimed = {a.start for a in items if a.start is not None}
            if not _blocking(payment, first, gross.start, claimed):
                parts = [("+", a.value) for a in items]
                yield _Sum(
                    parts,
                    sum((a.value for a in items), Decimal(0)),
                    gross,
                    f"the line items do not add up to the {gross.label or 'gross amount'}",
                )

    # deductions → deductions total
    total = totals[0] if totals else None
    if total is not None and deds:
        before = [d for d in deds if total.start is None or (d.start is not None and d.start < total.start)]
        if before:
            parts = [("+", abs(d.value)) for d in before]
            yield _Sum(
                parts,
                sum((abs(d.value) for d in before), Decimal(0)),
                total,
                f"the deductions do not add up to the {total.label or 'total'}",
            )

    # gross − deductions (+ items after the gross, e.g. an efterbetaling) → net
    if not nets or not (deds or total is not None):
        return
    later: list[FieldValue] = []
    if gross is not None:
        base_parts = [("+", gross.value)]
        base_start = gross.start
        if gross.start is not None:
            later = [a for a in adds if a.start is not None and a.start > gross.start]
    elif adds:
        base_parts = [("+", a.value) for a in adds]
        base_start = min(a.start or 0 for a in adds)
    else:
        return
    if deds:
        ded_parts = [("−", abs(d.value)) for d in deds]
    else:
        assert total is not None
        ded_parts = [("−", abs(total.value))]
    parts = base_parts + ded_parts + [("+", a.value) for a in later]
    expected = sum((v if op == "+" else -v for op, v in parts), Decimal(0))
    if any(n.value == expected for n in nets):
        return  # some statement of the net is right; a disagreeing one is LC205's to report
    net = nets[0]
    if source == "text" and base_start is not None:
        after = [n for n in nets if n.start is not None and n.start > base_start]
        net = after[0] if after else nets[-1]
        if net.start is not None and net.start > base_start:
            claimed = {v.start for v in [*deds, *adds, *totals] if v.start is not None}
            if _blocking(payment, base_start, net.start, claimed):
                return
    yield _Sum(parts, expected, net, "amounts do not add up")


@rule("LC202", "amounts-do-not-add-up", Severity.ERROR)
def amounts_do_not_add_up(ctx: Context) -> Iterator[Finding]:
    """The amounts in a payment letter do not add up: gross − deductions ≠ net, or line items ≠ total.

    ## What it does
    Recomputes, to the øre and with exact decimals, the net amount from the gross amount and the deductions
    (A-skat, AM-bidrag, fradrag, modregning, træk), the gross amount from its line items (ydelse, tillæg),
    and a stated deductions total from the deductions — separately for the text and for the letter's
    structured data. The message shows the computation in Danish number format.

    It gives no verdict when it cannot be sure: when an amount it does not recognise stands between the items
    and the total (it may be a deduction with a label of your own — add it to `rules/payments.yaml`), or when
    the letter lists no deductions at all.

    ## Why is this bad?
    A specification that does not add up is wrong somewhere: either the citizen was paid a wrong amount, or
    she is told a wrong account of a right one. Either way she cannot check her payment, and a wrong payment
    may have to be corrected and paid back later (the seeds: the system "pulled wrong data").

    ## Example
    ```
    Bruttobeløb      12.345,67 kr.
    A-skat            3.210,00 kr.
    Til udbetaling    9.153,67 kr.
    ```
    → "12.345,67 − 3.210,00 = 9.135,67, but the letter says 9.153,67".

    ## How to fix
    Correct the wrong amount in the case system's data (usually a transposed digit or a stale field), then
    regenerate the letter.
    """
    payment = _payment_letter(ctx)
    if payment is None:
        return
    seen: set[str] = set()
    for source in ("text", "data"):
        for s in _sums(payment, source):
            stated = s.stated
            if stated.value == s.expected:
                continue
            computation = f"{_sum_text(s.parts)} = {format_danish(s.expected)}"
            if computation in seen:
                continue
            seen.add(computation)
            where = "" if source == "text" else " (in the letter's structured payment data)"
            start, end = _span(stated)
            yield ctx.finding(
                "LC202",
                f"{s.what}{where}: {computation}, but the letter says {format_danish(stated.value)}",
                start,
                end,
                suggestion=f"check the amounts; by the letter's own figures it should be {format_danish(s.expected)}",
            )


# ------------------------------------------------------------------------------------------------------
# LC203
# ------------------------------------------------------------------------------------------------------


@rule("LC203", "impossible-period-or-payment-date", Severity.ERROR)
def impossible_period_or_payment_date(ctx: Context) -> Iterator[Finding]:
    """An impossible period (end before start, a date that does not exist) or a payment date far from the period.

    ## What it does
    In a payment letter, reports a period whose end is before its start, a date that no calendar has
    ("31. september 2025"), and — as a warning — a payment date implausibly far from the period it pays for:
    more than `payment_date_days_before_period_start` days before the period starts or more than
    `payment_date_days_after_period_end` days after it ends (thresholds in `rules/payments.yaml`).

    ## Why is this bad?
    A period that cannot exist means the case system filled the letter with wrong or swapped data; the citizen
    cannot tell what she is paid for, and a payment date a year off is nearly always a wrong year or month in
    the data — and tells the citizen the money comes when it will not. Error for an impossible period or date;
    warning for the distance, since a late back-payment (efterbetaling) can be right.

    ## Example
    `Periode: 1. november 2025 – 31. oktober 2025` or `Udbetalingsdato: 31. oktober 2024` for October 2025.

    ## How to fix
    Correct the dates in the case system and regenerate the letter; if your benefit is paid further ahead or
    later than the thresholds allow, raise them in a rule pack's `payments.thresholds`.
    """
    payment = _payment_letter(ctx)
    if payment is None:
        return
    letter = ctx.letter
    default_year = letter.date.year if letter.date else None
    seen: set[tuple[int | None, str]] = set()
    periods: list[FieldValue] = [v for v in payment.values("period") if v.value.end < v.value.start]
    # (a period that ends after it starts has nothing to report: only the others are made into values)
    for pm in find_periods(letter.text, default_year):
        if pm.end < pm.start:
            periods.append(
                FieldValue("period", DateRange(pm.start, pm.end), "text", pm.span[0], pm.span[1], pm.text)
            )
    for v in periods:
        r = v.value
        if r.end < r.start and (v.start, "period") not in seen:
            seen.add((v.start, "period"))
            start, end = _span(v)
            where = "" if v.source == "text" else " in the letter's structured payment data"
            yield ctx.finding(
                "LC203",
                f"the period{where} ends before it starts: {_d(r.start)} – {_d(r.end)}",
                start,
                end,
                suggestion="check the period's start and end (swapped, or a wrong month or year)",
            )
    for bad in find_invalid_dates(letter.text, default_year):
        yield ctx.finding(
            "LC203",
            f"{bad.text!r} is not a date: {bad.reason}",
            bad.start,
            bad.end,
            suggestion="correct the date in the case system",
        )

    spec = spec_for_config(ctx.config)
    before = spec.thresholds["payment_date_days_before_period_start"]
    after = spec.thresholds["payment_date_days_after_period_end"]
    pd, period = payment.payment_date, payment.period
    if pd is None or period is None or period.value.end < period.value.start:
        return
    r = period.value
    days_before = (r.start - pd.value).days
    days_after = (pd.value - r.end).days
    start, end = _span(pd)
    if days_before > before:
        yield ctx.finding(
            "LC203",
            f"the payment date {_d(pd.value)} is {days_before} days before the period "
            f"{_d(r.start)} – {_d(r.end)} starts (more than {before})",
            start,
            end,
            suggestion="check the payment date's year and month",
            severity=Severity.WARNING,
        )
    elif days_after > after:
        yield ctx.finding(
            "LC203",
            f"the payment date {_d(pd.value)} is {days_after} days after the period "
            f"{_d(r.start)} – {_d(r.end)} ends (more than {after})",
            start,
            end,
            suggestion="check the payment date's year and month",
            severity=Severity.WARNING,
        )


# ------------------------------------------------------------------------------------------------------
# LC204
# ------------------------------------------------------------------------------------------------------


def _rate_attr(rate: Any, *names: str) -> Any:
    for n in names:
        v = getattr(rate, n, None)
        if v is not None:
            return v
    return None


#: each corpus's rate lookups, remembered: a batch asks the same few (benefit, category, day) again and again,
#: and each lookup scans all of the corpus's rates
_RATE_MEMO: weakref.WeakKeyDictionary[Any, dict[tuple[Any, ...], Any]] = weakref.WeakKeyDictionary()


def _rate_lookup(corpus: Any) -> Callable[[str, str | None, date], Any] | None:
    """``corpus.rate_for``, remembering its answers for as long as the corpus lives (None if it has none)."""
    rate_for = getattr(corpus, "rate_for", None)
    if rate_for is None:
        return None
    try:
        memo = _RATE_MEMO.setdefault(corpus, {})
    except TypeError:  # a corpus that cannot be weakly referenced: ask it every time
        return rate_for

    def lookup(benefit: str, category: str | None, on: date) -> Any:
        key = (benefit, category, on)
        if key not in memo:
            memo[key] = rate_for(benefit, category, on)
        return memo[key]

    return lookup


@rule("LC204", "amount-above-statutory-rate", Severity.ERROR)
def amount_above_statutory_rate(ctx: Context) -> Iterator[Finding]:
    """The rate (sats) a payment letter states is above the statutory rate in force for the period.

    ## What it does
    Where the letter's benefit is known (from its data or text) and the corpus holds a rate for that benefit
    and the recipient's category (from the letter's data, or exactly one category phrase in its text;
    category-less benefits such as the sygedagpenge maximum need none), compares the rate the letter states
    with the statutory rate in force on the period's first and last day (the letter's date when no period is
    given). Where the letter and the corpus both say per what the rate is (month, week, hour) and they differ,
    nothing is compared. Error when the corpus fact is `confirmed`; info when it is only `likely`.

    The gross amount is not compared: it may rightly exceed the base rate by supplements (børnetillæg, særligt
    ungetillæg) that a letter need not itemise.

    ## Why is this bad?
    A rate above the statutory one means the citizen is paid too much — and a later repayment claim
    (tilbagebetaling) against her for the municipality's own error — or the letter states a wrong rate. The
    rates themselves come from the corpus with a source for each; lettercheck holds none in code.

    ## Example
    `Sats: 16.500,00 kr. pr. måned` for kontanthjælp to a forsørger over 30 in 2024 (statutory 16.382 kr.).

    ## How to fix
    Check the rate and category in the case system; if the corpus is out of date, update it (or layer your
    own corpus file with `--corpus`).
    """
    payment = _payment_letter(ctx)
    if payment is None or payment.benefit is None:
        return
    rates = [v for v in payment.values("rate") if not v.malformed and isinstance(v.value, Decimal)]
    if not rates:
        return
    try:
        corpus = ctx.corpus
    except ImportError:
        return  # no corpus module in this installation: nothing to compare with
    rate_for = _rate_lookup(corpus)
    if rate_for is None:
        return
    if payment.period is not None and payment.period.value.end >= payment.period.value.start:
        days = list(dict.fromkeys([payment.period.value.start, payment.period.value.end]))
    elif ctx.letter.date is not None:
        days = [ctx.letter.date]
    else:
        return
    spec = spec_for_config(ctx.config)
    benefit = payment.benefit.value
    corpus_benefit, by_unit = spec.rate_lookup.get(benefit, (benefit, {}))
    category = payment.category.value if payment.category is not None else None
    for v in rates:
        cat = category or (by_unit.get(v.unit) if v.unit else None)
        found = [(d, r) for d in days if (r := rate_for(corpus_benefit, cat, d)) is not None]
        if not found:
            continue  # the corpus does not know this benefit/category then: unknown, never wrong
        on, statutory = max(found, key=lambda dr: dr[1].amount)
        limit = Decimal(statutory.amount)
        unit = _rate_attr(statutory, "unit", "per")
        if unit and v.unit and str(unit).lower() != v.unit:
            continue  # a monthly rate is not comparable with an hourly one
        if v.value <= limit:
            continue
        likely = str(_rate_attr(statutory, "confidence") or "").lower() == "likely"
        source = _rate_attr(statutory, "source")
        who = f"{benefit} ({cat})" if cat else benefit
        per = f" per {unit}" if unit else ""
        start, end = _span(v)
        where = "" if v.source == "text" else " in the letter's structured payment data"
        yield ctx.finding(
            "LC204",
            f"the rate {format_danish(v.value)} kr.{where} is above the statutory rate for {who} in force on "
            f"{_d(on)}: {format_danish(limit)} kr.{per}"
            + (" (the corpus marks this rate as likely, not confirmed)" if likely else ""),
            start,
            end,
            suggestion="check the rate and the recipient's category"
            + (f"; the rate's source: {source}" if source else ""),
            severity=Severity.INFO if likely else None,
            corpus={
                "benefit": corpus_benefit,
                "category": cat,
                "on": on.isoformat(),
                "amount": str(limit),
                "unit": unit,
                "confidence": _rate_attr(statutory, "confidence"),
                "source": source,
            },
        )


# ------------------------------------------------------------------------------------------------------
# LC205
# ------------------------------------------------------------------------------------------------------

_SCALARS = ("gross", "net", "payment_date", "period", "benefit", "deductions_total")


def _comparable(v: Any) -> Any:
    return abs(v) if isinstance(v, Decimal) else v


def _agree(a: FieldValue, b: FieldValue) -> bool:
    """Equal values; or a whole month ("for oktober 2025") and an exact period inside it."""
    if _comparable(a.value) == _comparable(b.value):
        return True
    if isinstance(a.value, DateRange) and isinstance(b.value, DateRange) and (a.coarse or b.coarse):
        outer, inner = (a.value, b.value) if a.coarse else (b.value, a.value)
        return outer.start <= inner.start and inner.end <= outer.end
    return False


@rule("LC205", "conflicting-payment-values", Severity.ERROR)
def conflicting_payment_values(ctx: Context) -> Iterator[Finding]:
    """The same payment field has two different values in one letter.

    ## What it does
    Compares every value a payment letter states for one field: the summary and the table ("Du får 9.153,67
    kr. til udbetaling" above, "Til udbetaling 9.135,67" below), the text and the letter's structured data
    (XML, mappings), two statements of the period, the payment date or the benefit, and a deduction with one
    label listed twice with different amounts. Each value that differs from the first one (the structured
    data's, where there is some) is reported where it stands.

    ## Why is this bad?
    A letter that says two things says nothing reliable: the citizen does not know which amount she gets or
    when, and at least one of the values is wrong. A text that disagrees with the data the case system holds
    shows the template pulled a wrong or stale field — the seeds' "pulled wrong data".

    ## Example
    The XML data says `<net>9135.67</net>`; the letter text says "Til udbetaling 9.153,67 kr.".

    ## How to fix
    Make the template take every statement of a field from the same data field; correct the data.
    """
    payment = _payment_letter(ctx)
    if payment is None:
        return
    # (field, its values); the field's name is made only for a group that holds a conflict
    groups: list[tuple[str, list[FieldValue]]] = []
    observed = payment.observed
    for fld in _SCALARS:
        vals = [v for v in observed.get(fld, ()) if not v.malformed and v.labelled]
        if fld == "period":
            vals = [v for v in vals if v.value.end >= v.value.start]  # an impossible one is LC203's
        if len(vals) > 1:
            groups.append((fld, vals))
    for fld in ("deduction", "rate"):
        by_label: dict[str, list[FieldValue]] = {}
        for v in observed.get(fld, ()):
            if not v.malformed:
                by_label.setdefault(v.label_key, []).append(v)
        for vals in by_label.values():
            if len(vals) > 1:
                groups.append((fld, vals))
    for fld, vals in groups:
        if len({_comparable(v.value) for v in vals}) < 2:
            continue
        name = _field_name(ctx, fld) if fld in _SCALARS else f"{_ENGLISH[fld]} '{vals[0].label}'"
        ref = min(vals, key=lambda v: (v.source != "data", v.coarse, not v.row, v.start or 0))
        for v in vals:
            if v is ref or _agree(v, ref):
                continue
            start, end = _span(v)
            yield ctx.finding(
                "LC205",
                f"the {name} is {_show(v)} here, but {_show(ref)} {_where(ctx, ref)}",
                start,
                end,
                suggestion="state the field from one data source; correct the value that is wrong",
            )


# ------------------------------------------------------------------------------------------------------
# LC206
# ------------------------------------------------------------------------------------------------------

_AMBIGUOUS = ("English", "three digits")


@rule("LC206", "malformed-amount", Severity.ERROR)
def malformed_amount(ctx: Context) -> Iterator[Finding]:
    """An amount not written the Danish way ("12,345.67 kr.", "kr. 12.345,6").

    ## What it does
    Finds amounts marked as money (kr., kroner, DKK, or in a column headed kr.) whose number is not Danish:
    English format with "," between thousands and "." before the øre, "." as the decimal separator, one
    decimal digit, more than two, or thousands separators not every three digits. It judges every letter,
    not only payment letters.

    ## Why is this bad?
    A Danish reader reads "12,345.67 kr." as twelve kroner and some øre, not twelve thousand: the letter
    tells her a wrong amount (error). "kr. 12.345,6" is readable but shows a number formatted by code that
    did not know Danish conventions — often the same code that produces the ambiguous forms (warning).

    ## Example
    `Til udbetaling: 9,135.67 kr.`

    ## How to fix
    Format amounts in the template with the Danish locale (da_DK): "." between thousands, "," and two digits
    for øre — "9.135,67 kr.".
    """
    for a in find_amounts(ctx.letter.text):
        if a.malformed is None:
            continue
        ambiguous = any(w in a.malformed for w in _AMBIGUOUS)
        yield ctx.finding(
            "LC206",
            f"malformed amount {a.text!r}: {a.malformed}",
            a.start,
            a.end,
            suggestion=f"write it the Danish way: {format_danish(a.value)} kr."
            + (" (if that is the amount meant)" if "three digits" in a.malformed else ""),
            severity=None if ambiguous else Severity.WARNING,
        )
