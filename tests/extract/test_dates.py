"""Danish dates, periods and the letter's own date (lettercheck/extract/dates.py)."""

from __future__ import annotations

from datetime import date

import pytest

from lettercheck.extract.dates import (
    dates_to_dicts,
    find_dates,
    find_invalid_dates,
    find_letter_date,
    find_periods,
    parse_danish_date,
    periods_to_dicts,
)
from tests.conftest import letter_from_text

D = date(2025, 3, 3)


@pytest.mark.parametrize(
    "written",
    [
        "3. marts 2025",
        "3. mar. 2025",
        "3. Marts 2025",
        "03.03.2025",
        "3.3.2025",
        "3/3-2025",
        "3/3 2025",
        "3/3/2025",
        "03-03-2025",
        "2025-03-03",
        "03.03.25",
    ],
)
def test_every_written_form_of_one_date(written: str) -> None:
    text = f"Vi modtog din ansøgning den {written}, og har nu behandlet den."
    found = find_dates(text)
    assert [d.value for d in found] == [D]
    assert found[0].text == written
    assert text[found[0].start : found[0].end] == written


def test_date_without_year_takes_the_default_year_or_the_nearest_year_in_the_text() -> None:
    assert [d.value for d in find_dates("Mødet er den 3. marts.", default_year=2025)] == [D]
    text = "Brev af 14. oktober 2024. Du skal møde den 3. marts."
    assert [d.value for d in find_dates(text)] == [date(2024, 10, 14), date(2024, 3, 3)]
    # no year anywhere: a guessed year would put the date in the wrong legal period, so none is given
    assert find_dates("Du skal møde den 3. marts.") == []


def test_numbers_that_are_not_dates() -> None:
    text = (
        "Sagsnr.: 32.18.02-G01-32-21 og 27.12.04-P19-1-25. Bruttobeløb 12.345,67 kr. kl. 10.30, "
        "§ 25, stk. 3, nr. 7 og 9, 1.234.567,00 kr."
    )
    assert find_dates(text) == []
    assert find_invalid_dates(text) == []


def test_invalid_dates_are_reported_with_the_reason() -> None:
    bad = find_invalid_dates("Periode: 1. september – 31. september 2025, betalt 29.02.2025.")
    assert [(b.text, b.reason) for b in bad] == [
        ("31. september 2025", "september 2025 has only 30 days"),
        ("29.02.2025", "februar 2025 has only 28 days"),
    ]
    assert find_invalid_dates("29.02.2024 er en skuddag.") == []
    # an impossible date is not returned as a date at all
    assert find_dates("31. september 2025") == []


@pytest.mark.parametrize(
    ("written", "start", "end"),
    [
        ("perioden 1. marts – 31. marts 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("perioden 1. marts 2025 - 31. marts 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("01.03.2025-31.03.2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("01.03.2025 – 31.03.2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("1.3.2025 til 31.3.2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("fra den 1. marts til den 31. marts 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("1/3-2025 - 31/3-2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("2025-03-01 – 2025-03-31", date(2025, 3, 1), date(2025, 3, 31)),
        ("1.-31. marts 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("marts 2025", date(2025, 3, 1), date(2025, 3, 31)),
        ("februar 2024", date(2024, 2, 1), date(2024, 2, 29)),
        ("1. december – 31. januar 2026", date(2025, 12, 1), date(2026, 1, 31)),
    ],
)
def test_every_written_form_of_a_period(written: str, start: date, end: date) -> None:
    text = f"Du får udbetalt kontanthjælp for {written}."
    periods = find_periods(text)
    assert [(p.start, p.end) for p in periods] == [(start, end)]
    s, e = periods[0].span
    assert written.endswith(text[s:e])


def test_a_period_that_ends_before_it_starts_is_kept_for_lc203() -> None:
    (p,) = find_periods("Periode: 1. november 2025 – 31. oktober 2025")
    assert (p.start, p.end) == (date(2025, 11, 1), date(2025, 10, 31))


def test_a_day_is_not_a_month_period_and_a_month_is_coarse() -> None:
    periods = find_periods("Udbetalingsdato 31. marts 2025. Udbetaling for april 2025.")
    assert [(p.text, p.kind) for p in periods] == [("april 2025", "month")]
    (p,) = find_periods("1.10.2025-31.10.2025")
    assert p.kind == "range"


def test_two_unrelated_dates_are_not_a_period() -> None:
    assert find_periods("Dato: 14.10.2025. Lov nr. 1655 af 30. december 2024.") == []


@pytest.mark.parametrize(
    ("s", "expected"),
    [
        ("3. marts 2025", D),
        ("den 3. marts 2025", D),
        (" 03.03.2025 ", D),
        ("2025-03-03", D),
        ("3/3-2025", D),
        ("3. marts", D),
        ("31. september 2025", None),
        ("3. marts 2025 og mere", None),
        ("ikke en dato", None),
        ("", None),
    ],
)
def test_parse_danish_date_takes_one_whole_date(s: str, expected: date | None) -> None:
    assert parse_danish_date(s, default_year=2025) == expected


def test_parse_danish_date_without_any_year_is_none() -> None:
    assert parse_danish_date("3. marts") is None


# -- the letter's own date -------------------------------------------------------------------------------


def test_letter_date_labelled_wins_over_every_body_date() -> None:
    text = (
        "Aalborg Kommune\nJobcenter Aalborg\nBoulevarden 13, 9000 Aalborg\n\n"
        "Afgørelse efter lov nr. 1655 af 30. december 2024 for perioden 1. oktober – 31. oktober 2025\n"
        "Dato: 14. oktober 2025\n"
        "Beløbet udbetales den 31. oktober 2025.\n"
    )
    d = find_letter_date(text)
    assert d is not None and d.value == date(2025, 10, 14)
    assert text[d.start : d.end] == "14. oktober 2025"


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Dato: 14. oktober 2025", date(2025, 10, 14)),
        ("Dato 14.10.2025", date(2025, 10, 14)),
        ("Brevdato: 2025-10-14", date(2025, 10, 14)),
        ("Dato\n14.10.2025", date(2025, 10, 14)),
        ("Aalborg, den 14. oktober 2025", date(2025, 10, 14)),
        ("Aalborg, 14. oktober 2025", date(2025, 10, 14)),
        ("Høje-Taastrup, den 3/3-2025", D),
        ("14. oktober 2025", date(2025, 10, 14)),
        ("Den 14. oktober 2025", date(2025, 10, 14)),
        ("Tirsdag den 14. oktober 2025", date(2025, 10, 14)),
    ],
)
def test_letter_date_forms(header: str, expected: date) -> None:
    text = (
        f"Aalborg Kommune\nJobcenter\n{header}\n\nAfgørelse om kontanthjælp\n"
        "Du har søgt den 1. september 2025 efter LBK nr. 1004 af 30. juni 2025. "
        "Periode: 1. oktober – 31. oktober 2025.\n"
    )
    d = find_letter_date(text)
    assert d is not None and d.value == expected


def test_letter_date_ignores_law_dates_periods_and_payment_dates() -> None:
    text = (
        "Afgørelse om kontanthjælp\n"
        "Efter lov nr. 1655 af 30. december 2024 har du ret til hjælp.\n"
        "Periode 1. oktober 2025 – 31. oktober 2025\n"
        "Udbetales den 31. oktober 2025\n"
        "Svar senest 3. november 2025.\n"
    )
    assert find_letter_date(text) is None


def test_letter_date_of_a_letter_with_no_dates() -> None:
    assert find_letter_date("Kære Jens\nDu får et svar snart.") is None
    assert find_letter_date("") is None


def test_dates_and_periods_as_extract_json_carry_page_and_line() -> None:
    letter = letter_from_text("Brev\nDato: 14.10.2025\nPeriode 1.10.2025-31.10.2025")
    dates = dates_to_dicts(letter, find_dates(letter.text))
    assert dates[0] == {
        "value": "2025-10-14",
        "text": "14.10.2025",
        "start": letter.text.index("14.10"),
        "end": letter.text.index("14.10") + 10,
        "page": None,
        "line": 2,
    }
    (p,) = periods_to_dicts(letter, find_periods(letter.text))
    assert (p["start"], p["end"], p["line"]) == ("2025-10-01", "2025-10-31", 3)
