"""The fast searches of the payment, amount and date extractors find exactly what the plain patterns find.

For speed (issue 10) the extractors no longer run each pattern over the whole letter: one cheap pass
(:func:`~lettercheck.extract.amounts.text_scan`) lists where numbers and words can start, and the patterns
run only there, emulating ``finditer``. These tests hold the fast searches to the plain ``finditer`` over the
whole text, on hand-made hard cases and on generated letters full of what breaks shortcuts: signs, thousands
spaces, ",-", "kr." in every place, characters outside Latin-1 (also ones re.IGNORECASE folds onto ASCII
letters, like "ſ" and the Kelvin sign), Unicode digits, long whitespace runs and labels broken over lines.
"""

from __future__ import annotations

import random
import re

import pytest

from lettercheck.config import Config
from lettercheck.extract import amounts, dates, payments

FRAGMENTS = [
    "Til udbetaling",
    "Til\nudbetaling",
    "Bruttobeløb",
    "bruttobeløbet",
    "A-skat",
    "AM-bidrag",
    "Fradrag i alt",
    "fradrag for løn",
    "Periode",
    "perioden",
    "Udbetalingsdato",
    "udbetales den",
    "Du får udbetalt",
    "Sats",
    "Ydelse:",
    "Udbetaling af",
    "vedr.",
    "kontanthjælp",
    "Kontanthjælpen",
    "sygedagpenge",
    "ﬂekslønstilskud",
    "speciﬁkation",
    "Udbetalingsspecifikation",
    "forsørger over 30 år",
    "ikke-forsørger over 30 år",
    "under 25 år og udeboende",
    "Dato:",
    "Brevdato",
    "udskrevet den",
    "Aalborg, den",
    "Beløb (kr.)",
    "Beløb i kr.",
    "( i kr )",
    "BELØB DKK",
    "kr.",
    "kr",
    "Kr.",
    "DKK",
    "kroner",
    ",-",
    ",–",
    "12.345,67",
    "1.234,5",
    "9.135,678",
    "12,345.67",
    "1,234",
    "1 234 567,00",
    "12\u00a0345,67",
    "12\u202f345",
    "-3.210,00",
    "÷ 3.210,00",
    "− 500",
    "– 1.000,00",
    "74,00 timer",
    "38 % af 8.447,00",
    "3 x 1.000,00",
    "2025",
    "03.03.2025",
    "3/3-2025",
    "3/3 2025",
    "3-3-2025",
    "2025-03-03",
    "31.02.2025",
    "1.3.25",
    "den 3. marts",
    "3. marts 2025",
    "3 marts 2025",
    "3.marts",
    "31. september 2025",
    "1.-31. marts 2025",
    "1. til 31. marts 2025",
    "1. marts – 31. marts 2025",
    "1. december til og med 31. januar 2026",
    "marts 2025",
    "Marts\n2025",
    "-marts 2025",
    ".marts 2025",
    "ſeptember 2025",
    "\u212aontanthjælp",
    "udſkrevet",
    "ı alt",
    "İ alt",
    "٣٤٥ kr.",
    "１２ kr.",
    "²3",
    "§ 11, stk. 2",
    "nr. 1263 af 2. september 2022",
    "54 46 99 40",
    "pr. måned",
    "=",
    "\t",
    "  ",
    "\n",
    "\n\n",
    " " * 70,
    "\u2009",
    "?",
    "x",
    "abc1",
    "_7",
]


def _generated(n: int, seed: int = 7) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [rnd.choice(FRAGMENTS) for _ in range(rnd.randrange(1, 40))]
        seps = [rnd.choice([" ", " ", " ", "  ", "\n", "\t", "", ": ", ". ", ", "]) for _ in parts]
        out.append("".join(p + s for p, s in zip(parts, seps, strict=True)))
    return out


TEXTS = [
    "",
    # digit groups: a space starts a thousands group only before exactly three digits (a telephone number's
    # "54 46 99 40" is four bare numbers)
    "Ring på 54 46 99 40 eller skriv.",
    "Beløb 12 345 kr. og 1 234 567,89 kr., telefon 70 12 34 56, 12\u00a0345,00 kr.",
    "1 23 kr. 12 3456 kr. 123 456 kr. 12 345,5 kr. -12 345 kr. 1 234,- og 99 999\u202f999 kr.",
    "Tlf. 12 34 56 78 kr. 4 5678 1 234",
    "1",
    "12 kr.",
    "kr. 12",
    "Til udbetaling 9.135,67 kr.",
    "Periode\n1. oktober 2025 – 31. oktober 2025\nUdbetalingsdato\n31. oktober 2025",
    "oktober" + " " * 80 + "2025",
    "(" + " " * 80 + "kr)\n12.345,67",
    "ſeptember 2025 og marts 2025",
    "\u212ar. 500 og 600 \u212ar.",
    *_generated(400),
]


def _spans(matches) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group(0)) for m in matches]


@pytest.mark.parametrize("text", [pytest.param(t, id=str(i)) for i, t in enumerate(TEXTS)])
def test_number_starts_are_the_digits_the_patterns_can_start_at(text: str) -> None:
    scan = amounts.text_scan(text)
    expected = [m.start() for m in re.finditer(r"(?<![\w.,/])\d", text)]
    assert list(scan.digits) == expected
    for s, e in zip(scan.digits, scan.digit_ends, strict=True):
        assert re.match(r"\d+", text[s:]).end() == e - s  # type: ignore[union-attr]


@pytest.mark.parametrize("text", [pytest.param(t, id=str(i)) for i, t in enumerate(TEXTS)])
def test_numbers_are_the_number_matches_that_can_be_amounts(text: str) -> None:
    full = [
        (m.start(), m.start("num"), m.end(), m.group("sign"), m.group("num"), m.group("dash"))
        for m in amounts._NUMBER_RE().finditer(text)
    ]
    found = amounts._numbers(text)
    assert set(found) <= set(full)
    # what is left out is bare digits with no unit anywhere near
    for n in set(full) - set(found):
        assert n[3] is None and n[5] is None
        assert not any(c in n[4] for c in ", .\u00a0\u202f")  # no grouped or decimal number is left out
        assert not amounts._SUFFIX_RE().match(text, n[2])
        assert not amounts._PREFIX_RE().search(text, max(0, n[0] - 8), n[0])


@pytest.mark.parametrize("text", [pytest.param(t, id=str(i)) for i, t in enumerate(TEXTS)])
def test_date_searches_match_the_full_pattern_searches(text: str) -> None:
    dates._tokens.cache_clear()
    full_tokens = dates._to_tokens(dates._DATE_RE().finditer(text))
    assert dates._tokens(text) == full_tokens
    dr = dates._DAY_RANGE_RE()
    assert _spans(amounts.matches_at(dr, text, dates._date_candidates(text)[1])) == _spans(dr.finditer(text))
    mo = dates._MONTH_RE()
    assert _spans(dates._month_matches(text, dates._date_candidates(text)[2])) == _spans(mo.finditer(text))
    assert _spans(dates._label_matches(text)) == _spans(dates._LABEL_RE().finditer(text))


@pytest.mark.parametrize("text", [pytest.param(t, id=str(i)) for i, t in enumerate(TEXTS)])
def test_kr_column_headers_match_the_full_pattern_search(text: str) -> None:
    assert _spans(amounts._kr_header_matches(text)) == _spans(amounts._KR_HEADER_RE().finditer(text))


@pytest.mark.parametrize("text", [pytest.param(t, id=str(i)) for i, t in enumerate(TEXTS)])
def test_phrase_starts_hold_every_start_of_every_word_list(text: str) -> None:
    spec = payments.spec_for_config(Config())
    starts = set(payments._phrase_starts(text, spec))
    for rx in (spec.label_re, spec.benefit_re, spec.category_re, spec.marker_re, spec.benefit_label_re):
        assert rx is not None
        for m in rx.finditer(text):
            assert m.start() in starts, (rx.pattern[:40], m.group(0))


def test_matches_at_is_finditer_within_a_window() -> None:
    text = "Ydelse: kontanthjælp, vedr. kontanthjælp og ydelse kontanthjælp"
    spec = payments.spec_for_config(Config())
    starts = payments._phrase_starts(text, spec)
    for lo, hi in [(0, len(text)), (5, 30), (8, 21), (0, 6), (40, 52)]:
        got = amounts.matches_at(spec.benefit_label_re, text, [s for s in starts if lo <= s < hi], lo, hi)
        assert _spans(got) == _spans(spec.benefit_label_re.finditer(text, lo, hi))


def test_fold_unsafe_lists_every_character_ignorecase_folds_onto_latin1() -> None:
    """Folding maps characters outside Latin-1 to "\\x01"; one that re.IGNORECASE equates with a Latin-1
    character ("ſ" with "s") would then hide a match, so its text is searched the slow way."""
    latin1 = re.compile("[\x00-\xff]", re.IGNORECASE)
    folds = {chr(c) for c in range(256, 0x110000) if latin1.fullmatch(chr(c))}
    assert folds <= set(amounts.FOLD_UNSAFE)


def test_text_with_a_fold_unsafe_character_is_not_folded() -> None:
    assert amounts.scan_text("ſeptember").folded is None
    assert amounts.scan_text("september").folded is not None
    # and its labels are still found ("ſ" is an "s" to re.IGNORECASE)
    letter_text = "Bruttobeløb 12.345,67 kr.\nA-ſkat 3.210,00 kr.\nTil udbetaling 9.135,67 kr."
    spec = payments.spec_for_config(Config())
    starts = set(payments._phrase_starts(letter_text, spec))
    assert {m.start() for m in spec.label_re.finditer(letter_text)} <= starts


def test_classes_of_characters_outside_latin1() -> None:
    # one by one (few "?") and run by run (many): the same classes
    text = "a–b ٣ ﬁ x?"
    few = amounts.scan_text(text).classes
    many = amounts.scan_text(text + " " + "–" * 100).classes
    assert few == b"a a 0 a a "
    assert many[: len(text)] == few
    assert amounts.scan_text("12 ٣٤ kr.").digits == (0, 3)


def test_a_long_whitespace_run_before_a_year_still_finds_the_month() -> None:
    text = "marts" + " " * 200 + "2025 og april 2025"
    assert [p.text for p in dates.find_periods(text)] == ["marts" + " " * 200 + "2025", "april 2025"]


def test_a_month_word_re_ignorecase_matches_but_no_month_name_spells_is_not_a_month() -> None:
    """ "ſeptember 2025" matches the month pattern (re.IGNORECASE: "ſ" is "s"); it raised KeyError, now it
    is simply not a month, as the date tokens already treated it."""
    assert dates.find_periods("ſeptember 2025") == []
    assert dates.find_letter_date("Dato: 3. marts 2025\nſeptember 2025") is not None
