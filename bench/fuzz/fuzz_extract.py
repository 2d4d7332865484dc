"""atheris harness for the extractors: ``python bench/fuzz/fuzz_extract.py [libFuzzer flags] [corpus dirs]``.

The fuzzed bytes, decoded as UTF-8 (invalid sequences replaced), are run through every extractor: amounts
(with and without bare numbers), dates, periods, invalid dates, the letter date, statute citations (against
the bundled corpus) and the payment fields. Each must return, and every span it reports must lie inside the
text and reproduce the matched text; an exception or a broken span is a crash.
"""

from __future__ import annotations

import _common  # noqa: F401  (sets sys.path and instruments lettercheck)
import atheris
from _common import run

with atheris.instrument_imports(include=["lettercheck"]):
    from lettercheck.corpus import load_corpus
    from lettercheck.extract import amounts, dates
    from lettercheck.extract.citations import extract_citations
    from lettercheck.extract.payments import extract_payment
    from lettercheck.model import Letter, TextBuilder

CORPUS = load_corpus()


def _letter(text: str) -> Letter:
    b = TextBuilder()
    for n, line in enumerate(text.split("\n"), start=1):
        b.append(line, line=n, column=1)
        b.append_synthetic("\n")
    return Letter.from_builder("fuzz.txt", "text", b)


def _span(text: str, start: int | None, end: int | None, matched: str | None) -> None:
    assert start is not None and end is not None
    assert 0 <= start <= end <= len(text), (start, end, len(text))
    if matched is not None:
        assert text[start:end] == matched, (text[start:end], matched)


def one(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")
    for bare in (False, True):
        for a in amounts.find_amounts(text, bare=bare):
            _span(text, a.start, a.end, a.text)
    for d in dates.find_dates(text):
        _span(text, d.start, d.end, d.text)
    for p in dates.find_periods(text):
        _span(text, p.span[0], p.span[1], p.text)
    for inv in dates.find_invalid_dates(text):
        _span(text, inv.start, inv.end, inv.text)
    ld = dates.find_letter_date(text)
    if ld is not None:
        _span(text, ld.start, ld.end, ld.text)
    for c in extract_citations(text, CORPUS):
        _span(text, c.start, c.end, c.text)
    letter = _letter(text)
    pay = extract_payment(letter)
    for values in pay.observed.values():
        for v in values:
            if v.source == "text":
                _span(letter.text, v.start, v.end, None)


if __name__ == "__main__":
    run(one)
