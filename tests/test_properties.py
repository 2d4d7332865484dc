"""Property tests (hypothesis) for every reader and extractor: never raise, spans inside the text, deterministic.

Readers get arbitrary bytes under every extension, and bytes that start like the format (``%PDF-``, a zip
header, ``<?xml``) so the examples get past the first check. Extractors get arbitrary Unicode and, more to the
point, text assembled from the pieces Danish benefit letters are made of (§, stk., amounts, month names,
whitespace runs), where the regular expressions have the most to chew on. No test measures time: a slow
extractor shows up as pytest-timeout's 120 s per test (``deadline=None`` keeps hypothesis from timing too).
"""

from __future__ import annotations

import functools
import os
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lettercheck.config import Limits
from lettercheck.model import Letter, ReadError
from lettercheck.readers import EXTENSIONS, read_bytes
from tests.conftest import letter_from_text

amounts = pytest.importorskip("lettercheck.extract.amounts")
dates = pytest.importorskip("lettercheck.extract.dates")
citations = pytest.importorskip("lettercheck.extract.citations")
payments = pytest.importorskip("lettercheck.extract.payments")

EXAMPLES = int(os.environ.get("LETTERCHECK_PROPERTY_EXAMPLES", "150"))
SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
LIMITS = Limits(
    max_file_size=1_000_000, max_pages=10, max_decompressed_size=5_000_000, max_text_chars=1_000_000
)

# ------------------------------------------------------------------------------------------- strategies

MAGIC = [
    b"",
    b"%PDF-1.7\n",
    b"PK\x03\x04",
    b'<?xml version="1.0"?>',
    b"<html><body>",
    b"\xef\xbb\xbf",
    b"\xff\xfe",
]
XML_PIECES = [
    b'<letter xmlns="urn:lettercheck:letter:1" id="x" date="2025-10-14"><body><p>',
    b"</p></body></letter>",
    b'<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1"><memo:MessageHeader>',
    b"<memo:label>010190-1234</memo:label></memo:MessageHeader><memo:MessageBody><memo:MainDocument>",
    b"<memo:File><memo:encodingFormat>text/plain</memo:encodingFormat><memo:content>QWZnw7hyZWxzZQ==",
    b"</memo:content></memo:File></memo:MainDocument></memo:MessageBody></memo:Message>",
    b"<!DOCTYPE a [",
    b'<!ENTITY e "x">',
    b"]>",
    b"&e;",
    b"<!-- lettercheck: ignore LC101 -- x -->",
    b"<p>",
    b"</p>",
    b"\xe6\xf8\xe5",
    b"\xc3\xa6",
]
TOKENS = [
    "§",
    "§§",
    " ",
    "  ",
    "\t",
    "\n",
    "\u00a0",
    ".",
    ",",
    "-",
    "–",
    ",-",
    "stk.",
    "nr.",
    "pkt.",
    "litra",
    "jf.",
    "og",
    "eller",
    "1",
    "2",
    "11",
    "31",
    "2025",
    "12.345,67",
    "1.234",
    "1,234.56",
    "9" * 30,
    "kr.",
    "kroner",
    "DKK",
    "lov om aktiv socialpolitik",
    "aktivlovens",
    "retssikkerhedsloven",
    "lovbekendtgørelse",
    "bekendtgørelse",
    "af",
    "januar",
    "okt.",
    "oktober",
    "den",
    "fra",
    "til",
    "Dato:",
    "Aalborg,",
    "perioden",
    "Til udbetaling",
    "A-skat",
    "Fradrag",
    "Beløb (kr.)",
    "010190-1234",
    "æøå",
]

letter_text = st.one_of(
    st.text(max_size=400),
    st.lists(st.one_of(st.sampled_from(TOKENS), st.text(max_size=5)), max_size=120).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=60).map(" ".join),
)


@st.composite
def format_bytes(draw: Any) -> bytes:
    head = draw(st.sampled_from(MAGIC))
    body = draw(
        st.one_of(
            st.binary(max_size=600),
            st.lists(st.one_of(st.sampled_from(XML_PIECES), st.binary(max_size=8)), max_size=40).map(
                b"".join
            ),
        )
    )
    return head + body


# ------------------------------------------------------------------------------------------- readers

NAMES = sorted({f"letter{ext}" for ext in EXTENSIONS} | {"letter", "letter.bin", "-"})


def _check_letter(letter: Letter) -> None:
    n = len(letter.text)
    for off in {0, n // 3, n // 2, max(n - 1, 0)}:
        letter.locate(off)
    for start, end in letter.fields.values():
        assert 0 <= start <= end <= n
    for s in letter.suppressions:
        assert s.scope_start <= s.scope_end


def _read(data: bytes, name: str) -> tuple[str, Any]:
    try:
        letter = read_bytes(data, name, limits=LIMITS)
    except ReadError as e:
        assert e.code.startswith("LC9") and e.message
        return ("error", (e.code, e.message))
    _check_letter(letter)
    return ("letter", (letter.text, [(p.code, p.message) for p in letter.problems]))


@pytest.mark.parametrize("name", NAMES)
@SETTINGS
@given(data=st.one_of(st.binary(max_size=2000), format_bytes()))
def test_reader_raises_nothing_but_read_error_and_is_deterministic(name: str, data: bytes) -> None:
    assert _read(data, name) == _read(data, name)


@pytest.mark.parametrize("kind", sorted(set(EXTENSIONS.values())))
@SETTINGS
@given(data=format_bytes())
def test_every_reader_kind_on_foreign_bytes(kind: str, data: bytes) -> None:
    """Bytes of one format handed to another format's reader (a MeMo document with the wrong encodingFormat)."""
    try:
        letter = read_bytes(data, "x", limits=LIMITS, kind=kind)
    except ReadError:
        return
    _check_letter(letter)


# ------------------------------------------------------------------------------------------- extractors


def _spans(text: str, items: list, span: Any) -> None:
    for it in items:
        start, end, matched = span(it)
        assert 0 <= start <= end <= len(text), (start, end, len(text))
        assert text[start:end] == matched


@SETTINGS
@given(text=letter_text)
@example(text="9" * 30 + " kr.")  # raised decimal.InvalidOperation before the amounts fix
def test_find_amounts(text: str) -> None:
    for bare in (False, True):
        found = amounts.find_amounts(text, bare=bare)
        _spans(text, found, lambda a: (a.start, a.end, a.text))
        assert found == amounts.find_amounts(text, bare=bare)


@SETTINGS
@given(text=letter_text)
def test_parse_danish_amount_never_raises(text: str) -> None:
    assert amounts.parse_danish_amount(text) == amounts.parse_danish_amount(text)


@SETTINGS
@given(text=letter_text, year=st.one_of(st.none(), st.integers(1, 9999)))
def test_dates_periods_and_invalid_dates(text: str, year: int | None) -> None:
    found = dates.find_dates(text, year)
    _spans(text, found, lambda d: (d.start, d.end, d.text))
    periods = dates.find_periods(text, year)
    _spans(text, periods, lambda p: (p.span[0], p.span[1], p.text))
    for p in periods:
        assert p.start <= p.end
    invalid = dates.find_invalid_dates(text, year)
    _spans(text, invalid, lambda d: (d.start, d.end, d.text))
    assert (found, periods, invalid) == (
        dates.find_dates(text, year),
        dates.find_periods(text, year),
        dates.find_invalid_dates(text, year),
    )


@SETTINGS
@given(text=letter_text)
def test_letter_date(text: str) -> None:
    found = dates.find_letter_date(text)
    if found is not None:
        _spans(text, [found], lambda d: (d.start, d.end, d.text))
    assert found == dates.find_letter_date(text)
    assert dates.parse_danish_date(text) == dates.parse_danish_date(text)


@functools.cache
def _corpus() -> Any:
    from lettercheck.corpus import load_corpus

    return load_corpus()


@SETTINGS
@given(text=letter_text)
def test_citations(text: str) -> None:
    found = citations.extract_citations(text, _corpus())
    _spans(text, found, lambda c: (c.start, c.end, c.text))
    again = citations.extract_citations(text, _corpus())
    assert [c.to_dict() for c in found] == [c.to_dict() for c in again]
    for c in found:
        for a, b in ((c.act_start, c.act_end), (c.doc_start, c.doc_end)):
            if a is not None:
                assert 0 <= a <= b <= len(text)


@SETTINGS
@given(text=letter_text)
def test_payment_fields(text: str) -> None:
    letter = letter_from_text(text)
    pay = payments.extract_payment(letter)
    for values in pay.observed.values():
        for v in values:
            if v.source == "text":
                assert v.start is not None and v.end is not None
                assert 0 <= v.start <= v.end <= len(letter.text)
                assert letter.text[v.start : v.end] == v.text
    again = payments.extract_payment(letter_from_text(text))
    assert repr(pay.observed) == repr(again.observed)
