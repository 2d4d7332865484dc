"""Danish money amounts (lettercheck/extract/amounts.py): exact decimals, every written form, malformed ones."""

from __future__ import annotations

from decimal import Decimal

import pytest

from lettercheck.extract.amounts import (
    amounts_to_dicts,
    find_amounts,
    format_danish,
    parse_amount_text,
    parse_danish_amount,
)
from tests.conftest import letter_from_text


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("12.345,67 kr.", "12345.67"),
        ("12.345,67 kr", "12345.67"),
        ("12.345,67 kroner", "12345.67"),
        ("kr. 12.345,67", "12345.67"),
        ("Kr. 12.345,67", "12345.67"),
        ("12.345 kr.", "12345.00"),
        ("DKK 12.345,67", "12345.67"),
        ("12.345,67 DKK", "12345.67"),
        ("-1.234,00 kr.", "-1234.00"),
        ("kr. -1.234,00", "-1234.00"),
        ("÷ 1.234,00 kr.", "-1234.00"),
        ("1.234,-", "1234.00"),
        ("1.234,- kr.", "1234.00"),
        ("12 345,67 kr.", "12345.67"),
        ("12\u00a0345,67 kr.", "12345.67"),
        ("12\u202f345,67 kr.", "12345.67"),
        ("12\u2009345,67 kr.", "12345.67"),
        ("1.234.567,89 kr.", "1234567.89"),
        ("12345,67 kr.", "12345.67"),
        ("0,00 kr.", "0.00"),
    ],
)
def test_every_written_form_of_an_amount(written: str, value: str) -> None:
    text = f"Du får {written} i alt."
    (a,) = find_amounts(text)
    assert a.value == Decimal(value)
    assert type(a.value) is Decimal  # never a float: a payment is right to the øre or wrong
    assert a.text == written
    assert text[a.start : a.end] == written
    assert a.malformed is None


def test_two_amounts_in_a_row_do_not_share_one_kr() -> None:
    amounts = find_amounts("Bruttobeløb 12.345,67 kr. 3.210,00 kr. og kr. 100,00")
    assert [(a.text, a.value) for a in amounts] == [
        ("12.345,67 kr.", Decimal("12345.67")),
        ("3.210,00 kr.", Decimal("3210.00")),
        ("kr. 100,00", Decimal("100.00")),
    ]


def test_numbers_that_are_not_money_are_left_alone() -> None:
    text = (
        "Efter § 25, stk. 2, nr. 1, i 2025 får du 38 % i skat og 8,00 % AM-bidrag, dato 01.03.2025, 37 timer."
    )
    assert find_amounts(text) == []
    assert find_amounts(text, bare=True) == []


def test_bare_decimal_numbers_only_on_request() -> None:
    text = "Bruttobeløb 12.345,67\nA-skat (38 % af 8.447,00) 3.210,00"
    assert find_amounts(text) == []
    bare = find_amounts(text, bare=True)
    assert [(a.text, a.marker) for a in bare] == [
        ("12.345,67", "bare"),
        ("8.447,00", "bare"),
        ("3.210,00", "bare"),
    ]


def test_amounts_in_a_column_headed_kr() -> None:
    text = (
        "Specifikation\nTekst\nBeløb (kr.)\nKontanthjælp\n12.345,67\nA-skat\n-3.210,00\nTil udbetaling\n9.135,67\n"
        "\nDer er 2.000,00 i en anden sammenhæng.\n"
    )
    amounts = find_amounts(text)
    assert [(a.text, a.value, a.marker) for a in amounts] == [
        ("12.345,67", Decimal("12345.67"), "column"),
        ("-3.210,00", Decimal("-3210.00"), "column"),
        ("9.135,67", Decimal("9135.67"), "column"),
    ]


@pytest.mark.parametrize("header", ["Beløb i kr.", "Beløb kr.", "Beløb (DKK)", "kr."])
def test_kr_column_header_forms(header: str) -> None:
    text = f"Tekst\t{header}\nBruttobeløb 12.345,67\nTil udbetaling 9.135,67"
    assert [a.value for a in find_amounts(text)] == [Decimal("12345.67"), Decimal("9135.67")]


def test_kr_column_ends_at_running_prose() -> None:
    text = (
        "Beløb (kr.)\nBruttobeløb 12.345,67\n"
        "Har du spørgsmål til din udbetaling, er du velkommen til at kontakte os på telefon.\n"
        "Reference 1.234,56\n"
    )
    assert [a.text for a in find_amounts(text)] == ["12.345,67"]


@pytest.mark.parametrize(
    ("written", "value", "reason"),
    [
        ("12,345.67 kr.", "12345.67", "English number format"),
        ("DKK 12,345.67", "12345.67", "English number format"),
        ("kr. 12.345,6", "12345.6", "one decimal digit"),
        ("12345.67 kr.", "12345.67", "'.' used as decimal separator"),
        ("12,345 kr.", "12345", "English thousands separator or three decimals"),
        ("12.345,678 kr.", "12345.678", "more than two decimal digits"),
        ("1.23.456,00 kr.", "123456.00", "irregular thousands separators"),
    ],
)
def test_malformed_amounts_are_returned_with_the_reason(written: str, value: str, reason: str) -> None:
    text = f"Til udbetaling: {written} i alt."
    (a,) = find_amounts(text)
    assert a.text == written
    assert a.value == Decimal(value)
    assert a.malformed is not None and reason in a.malformed


def test_english_format_in_a_kr_column_is_malformed_too() -> None:
    (a,) = find_amounts("Beløb (kr.)\nBruttobeløb 12,345.67\n")
    assert a.malformed and "English" in a.malformed
    assert a.marker == "column"


@pytest.mark.parametrize(
    ("s", "value"),
    [
        ("12.345,67", "12345.67"),
        ("12 345,67", "12345.67"),
        ("kr. 12.345,67", "12345.67"),
        ("12.345,67 kr.", "12345.67"),
        ("1.234,-", "1234.00"),
        ("-3.210,00", "-3210.00"),
        ("12,345.67", None),
        ("12.345,6", None),
        ("abc", None),
    ],
)
def test_parse_danish_amount(s: str, value: str | None) -> None:
    assert parse_danish_amount(s) == (Decimal(value) if value else None)


@pytest.mark.parametrize(
    ("s", "value"),
    [("12345.67", "12345.67"), ("12345", "12345"), ("-5.5", "-5.5"), ("12.345,67", "12345.67"), ("x", None)],
)
def test_parse_amount_text_reads_machine_and_danish_values(s: str, value: str | None) -> None:
    assert parse_amount_text(s) == (Decimal(value) if value else None)


@pytest.mark.parametrize(
    ("value", "written"),
    [("9135.67", "9.135,67"), ("-1234567.1", "-1.234.567,10"), ("0", "0,00"), ("999", "999,00")],
)
def test_format_danish(value: str, written: str) -> None:
    assert format_danish(Decimal(value)) == written


def test_amounts_as_extract_json() -> None:
    letter = letter_from_text("Udbetaling\nTil udbetaling 9.135,67 kr.\nFejl: 9,135.67 kr.")
    dicts = amounts_to_dicts(letter, find_amounts(letter.text))
    start = letter.text.index("9.135")
    assert dicts[0] == {
        "value": "9135.67",
        "text": "9.135,67 kr.",
        "start": start,
        "end": start + len("9.135,67 kr."),
        "page": None,
        "line": 2,
    }
    assert isinstance(dicts[0]["value"], str)
    assert dicts[1]["line"] == 3 and "English" in dicts[1]["malformed"]
