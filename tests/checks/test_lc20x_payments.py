"""Payment rules LC201–LC206: each fires on a realistic defective letter and is silent on its corrected twin."""

from __future__ import annotations

import inspect
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lettercheck import registry
from lettercheck.checks.payments import (
    amount_above_statutory_rate,
    amounts_do_not_add_up,
    conflicting_payment_values,
    impossible_period_or_payment_date,
    malformed_amount,
    payment_field_missing,
)
from lettercheck.config import Config
from lettercheck.context import Context
from lettercheck.model import Finding, Letter, Severity
from tests.conftest import letter_from_text

LETTER = """\
Aalborg Kommune
Jobcenter Aalborg, Ydelsesservice
Boulevarden 13, 9000 Aalborg

Jens Testesen
Testvej 1, 9000 Aalborg
Aalborg, den 14. oktober 2025
Sagsnr.: 27.12.04-P19-1-25

Udbetalingsspecifikation
Her er en oversigt over din udbetaling af kontanthjælp for {month}.
Periode           {period}
Udbetalingsdato   {payment_date}
Bruttobeløb       {gross}
A-skat            {a_skat}
AM-bidrag         0,00 kr.
Til udbetaling    {net}
{summary}
Har du spørgsmål til udbetalingen, er du velkommen til at kontakte os på telefon 99 31 31 31.

Med venlig hilsen
Morten Kontorsen
"""
GOOD = {
    "month": "oktober 2025",
    "period": "1. oktober 2025 – 31. oktober 2025",
    "payment_date": "31.10.2025",
    "gross": "12.345,67 kr.",
    "a_skat": "3.210,00 kr.",
    "net": "9.135,67 kr.",
    "summary": "Beløbet bliver indsat på din NemKonto den 31. oktober 2025.",
}


def letter(letter_type: str | None = "udbetaling", text: str | None = None, **changes: str) -> Letter:
    fields = GOOD | changes
    lines = LETTER.format(**fields)
    if "drop" in changes:
        lines = "\n".join(ln for ln in lines.splitlines() if not ln.startswith(changes["drop"]))
    out = letter_from_text(text if text is not None else lines, letter_type=letter_type)
    out.date = date(2025, 10, 14)
    return out


def run(code: str, lt: Letter, config: Config | None = None, corpus: Any = None) -> list[Finding]:
    ctx = Context(lt, config or Config())
    if corpus is not None:
        ctx.__dict__["corpus"] = corpus
    check = registry.get(code).check
    assert check is not None
    return list(check(ctx))


def codes(lt: Letter, corpus: Any = None) -> list[str]:
    out = []
    for code in ("LC201", "LC202", "LC203", "LC204", "LC205", "LC206"):
        out += [f.code for f in run(code, lt, corpus=corpus)]
    return out


class NoRates:
    def rate_for(self, benefit: str, category: str | None, on: date) -> None:
        return None


def test_the_good_letter_is_clean() -> None:
    assert codes(letter(), corpus=NoRates()) == []
    assert codes(letter(letter_type=None), corpus=NoRates()) == []


def test_registered_with_severities_and_full_documentation() -> None:
    rules = registry.load_all()
    expected = {
        "LC201": ("payment-field-missing", Severity.ERROR),
        "LC202": ("amounts-do-not-add-up", Severity.ERROR),
        "LC203": ("impossible-period-or-payment-date", Severity.ERROR),
        "LC204": ("amount-above-statutory-rate", Severity.ERROR),
        "LC205": ("conflicting-payment-values", Severity.ERROR),
        "LC206": ("malformed-amount", Severity.ERROR),
    }
    for code, (name, sev) in expected.items():
        r = rules[code]
        assert (r.name, r.severity, r.family) == (name, sev, "payments")
        for section in ("## What it does", "## Why is this bad?", "## Example", "## How to fix"):
            assert section in r.doc, f"{code} lacks {section}"
    fns = [
        payment_field_missing,
        amounts_do_not_add_up,
        impossible_period_or_payment_date,
        amount_above_statutory_rate,
        conflicting_payment_values,
        malformed_amount,
    ]
    assert all(inspect.isgeneratorfunction(f) for f in fns)


# -- LC201 ----------------------------------------------------------------------------------------------


def test_lc201_missing_payment_date() -> None:
    lt = letter(drop="Udbetalingsdato", summary="")
    (f,) = run("LC201", lt)
    assert f.severity is Severity.ERROR
    assert f.message == "payment letter does not state the payment date (udbetalingsdato)"
    assert "Udbetalingsdato: 31. oktober 2025" in (f.suggestion or "")
    assert f.location.line == 12  # the first payment label in the letter ("Periode")
    assert run("LC201", letter()) == []


def test_lc201_missing_amount_and_period() -> None:
    text = LETTER.format(**GOOD | {"month": "din ydelse"})
    text = "\n".join(ln for ln in text.splitlines() if not ln.startswith(("Periode", "Til udbetaling")))
    assert sorted(f.extra["field"] for f in run("LC201", letter(text=text))) == ["net", "period"]


def test_lc201_a_whole_month_is_a_period() -> None:
    lt = letter(drop="Periode")
    assert run("LC201", lt) == []  # "for oktober 2025" states the period


def test_lc201_not_for_a_decision_letter_or_an_untyped_letter_without_payment() -> None:
    text = "Afgørelse om kontanthjælp\nDu er berettiget til kontanthjælp. Satsen er 12.326,00 kr.\n"
    assert run("LC201", letter(letter_type="afgoerelse", text=text)) == []
    assert run("LC201", letter(letter_type=None, text=text)) == []


def test_payment_rules_do_not_even_read_a_letter_of_another_type() -> None:
    ctx = Context(letter(letter_type="partshoering"), Config())
    for code in ("LC201", "LC202", "LC203", "LC204", "LC205"):
        check = registry.get(code).check
        assert check is not None and list(check(ctx)) == []
    assert "payment" not in ctx.__dict__  # no extraction was done for it


def test_lc201_untyped_letter_with_a_payment_table_is_a_payment_letter() -> None:
    lt = letter(letter_type=None, drop="Udbetalingsdato", summary="")
    assert [f.extra["field"] for f in run("LC201", lt)] == ["payment_date"]


def test_lc201_field_in_the_structured_data_counts() -> None:
    lt = letter(drop="Udbetalingsdato", summary="")
    lt.data = {"payment": {"payment_date": date(2025, 10, 31)}}
    assert run("LC201", lt) == []


def test_lc201_required_fields_per_letter_type_come_from_the_pack(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "payments:\n  required:\n    tilbagebetaling: [gross]\n", encoding="utf-8"
    )
    config = Config(rule_packs=("p.yaml",), root=str(tmp_path))
    text = "Afgørelse om tilbagebetaling\nDu skal betale hjælpen tilbage.\n"
    (f,) = run("LC201", letter(letter_type="tilbagebetaling", text=text), config)
    assert f.extra["field"] == "gross"


# -- LC202 ----------------------------------------------------------------------------------------------


def test_lc202_gross_minus_deductions_is_not_net() -> None:
    lt = letter(net="9.153,67 kr.", summary="")
    (f,) = run("LC202", lt)
    assert f.message == "amounts do not add up: 12.345,67 − 3.210,00 = 9.135,67, but the letter says 9.153,67"
    assert f.text == "9.153,67 kr." and f.location.line == 17
    assert "9.135,67" in (f.suggestion or "")
    assert run("LC202", letter()) == []


def test_lc202_deductions_printed_negative_or_with_division_sign() -> None:
    assert run("LC202", letter(a_skat="-3.210,00 kr.")) == []
    assert run("LC202", letter(a_skat="÷ 3.210,00 kr.")) == []
    assert len(run("LC202", letter(a_skat="-3.120,00 kr."))) == 1


def test_lc202_line_items_do_not_add_up_to_the_gross() -> None:
    table = (
        "Udbetalingsspecifikation\nBeløb (kr.)\nKontanthjælp 11.000,00\nBørnetillæg 1.354,67\n"
        "Bruttobeløb i alt 12.345,67\nA-skat 3.210,00\nTil udbetaling 9.135,67\n"
        "Periode: oktober 2025\nUdbetalingsdato: 31.10.2025\n"
    )
    (f,) = run("LC202", letter(text=table))
    assert f.message == (
        "the line items do not add up to the Bruttobeløb i alt: 11.000,00 + 1.354,67 = 12.354,67, "
        "but the letter says 12.345,67"
    )
    assert run("LC202", letter(text=table.replace("1.354,67", "1.345,67"))) == []


def test_lc202_deductions_total() -> None:
    table = (
        "Bruttobeløb 12.345,67 kr.\nA-skat 3.210,00 kr.\nModregning 500,00 kr.\nFradrag i alt 3.610,00 kr.\n"
        "Til udbetaling 8.635,67 kr.\n"
    )
    (f,) = run("LC202", letter(text=table))
    assert "the deductions do not add up to the Fradrag i alt: 3.210,00 + 500,00 = 3.710,00" in f.message
    fixed = table.replace("3.610,00", "3.710,00")
    assert run("LC202", letter(text=fixed)) == []


def test_lc202_an_addition_after_the_gross_counts() -> None:
    table = "Bruttobeløb 12.000,00 kr.\nA-skat 3.000,00 kr.\nEfterbetaling 500,00 kr.\nTil udbetaling 9.500,00 kr.\n"
    assert run("LC202", letter(text=table)) == []
    assert len(run("LC202", letter(text=table.replace("9.500,00", "9.000,00")))) == 1


def test_lc202_no_verdict_with_an_unknown_amount_in_between() -> None:
    # "Daginstitution" is no deduction label we know: it might be one, so the sum is not judged
    table = "Bruttobeløb 12.000,00 kr.\nA-skat 3.000,00 kr.\nDaginstitution 1.000,00 kr.\nTil udbetaling 8.000,00 kr.\n"
    assert run("LC202", letter(text=table)) == []


def test_lc202_no_verdict_without_any_deduction() -> None:
    assert run("LC202", letter(text="Bruttobeløb 12.000,00 kr.\nTil udbetaling 8.000,00 kr.\n")) == []


def test_lc202_in_the_structured_data() -> None:
    lt = letter()
    lt.data = {
        "payment": {
            "gross": Decimal("12345.67"),
            "deductions": [{"label": "A-skat", "value": Decimal("3210.00")}],
            "net": Decimal("9153.67"),
        }
    }
    (f,) = run("LC202", lt)
    assert "(in the letter's structured payment data)" in f.message
    assert "12.345,67 − 3.210,00 = 9.135,67, but the letter says 9.153,67" in f.message
    lt.data["payment"]["net"] = Decimal("9135.67")
    assert run("LC202", lt) == []


def test_lc202_reports_a_sum_once_and_leaves_a_disagreeing_repeat_to_lc205() -> None:
    lt = letter(summary="Du får udbetalt 9.153,67 kr.")
    assert run("LC202", lt) == []
    assert [f.code for f in run("LC205", lt)] == ["LC205"]


# -- LC203 ----------------------------------------------------------------------------------------------


def test_lc203_period_ends_before_it_starts() -> None:
    lt = letter(period="1. november 2025 – 31. oktober 2025", month="perioden")
    (f,) = run("LC203", lt)
    assert f.severity is Severity.ERROR
    assert f.message == "the period ends before it starts: 1. november 2025 – 31. oktober 2025"
    assert f.text == "1. november 2025 – 31. oktober 2025" and f.location.line == 12
    assert run("LC203", letter()) == []


def test_lc203_a_date_that_does_not_exist() -> None:
    lt = letter(period="1. september 2025 – 31. september 2025", month="september 2025")
    (f,) = run("LC203", lt)
    assert f.message == "'31. september 2025' is not a date: september 2025 has only 30 days"
    assert run("LC201", lt) == []  # written but impossible is LC203's, not "missing"


def test_lc203_payment_date_far_from_the_period_is_a_warning() -> None:
    lt = letter(payment_date="31.10.2024", summary="")
    (f,) = run("LC203", lt)
    assert f.severity is Severity.WARNING
    assert f.message == (
        "the payment date 31. oktober 2024 is 335 days before the period 1. oktober 2025 – 31. oktober 2025 "
        "starts (more than 45)"
    )
    late = letter(payment_date="31.10.2026", summary="")
    (g,) = run("LC203", late)
    assert "365 days after the period" in g.message and "(more than 180)" in g.message


def test_lc203_paid_ahead_or_after_within_the_thresholds() -> None:
    assert run("LC203", letter(payment_date="25.09.2025", summary="")) == []  # 6 days ahead
    assert run("LC203", letter(payment_date="15.01.2026", summary="")) == []  # a late back-payment


def test_lc203_thresholds_from_a_pack(tmp_path: Path) -> None:
    (tmp_path / "p.yaml").write_text(
        "payments:\n  thresholds:\n    payment_date_days_before_period_start: 400\n", encoding="utf-8"
    )
    config = Config(rule_packs=("p.yaml",), root=str(tmp_path))
    assert run("LC203", letter(payment_date="31.10.2024", summary=""), config) == []


def test_lc203_impossible_period_in_the_structured_data() -> None:
    lt = letter()
    lt.data = {"payment": {"period": {"start": date(2025, 11, 1), "end": date(2025, 10, 1)}}}
    (f,) = run("LC203", lt)
    assert "in the letter's structured payment data" in f.message


# -- LC204 ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FakeRate:
    amount: Decimal
    confidence: str
    source: str
    unit: str = "month"
    from_: date = date(2024, 1, 1)
    to: date = date(2024, 12, 31)


class FakeCorpus:
    """Rates as the corpus would give them: per benefit, category and day."""

    def __init__(self, confidence: str = "confirmed") -> None:
        self.confidence = confidence
        self.calls: list[tuple[str, str | None, date]] = []

    def rate_for(self, benefit: str, category: str | None, on: date) -> FakeRate | None:
        self.calls.append((benefit, category, on))
        if date(2024, 1, 1) <= on <= date(2024, 12, 31):
            if (benefit, category) == ("kontanthjaelp", "forsoerger"):
                return FakeRate(Decimal("16382.00"), self.confidence, "https://example.org/satser-2024")
            if (benefit, category) == ("sygedagpenge_hoejeste_beloeb", "per_time"):
                return FakeRate(
                    Decimal("126.89"), self.confidence, "https://example.org/sdp-2024", unit="hour"
                )
        return None


KH_2024 = """\
Udbetaling af kontanthjælp
Du får kontanthjælp som forsørger over 30 år.
Periode: 1. oktober 2024 – 31. oktober 2024
Udbetalingsdato: 31.10.2024
Sats: {rate} pr. måned
Bruttobeløb 16.382,00 kr.
A-skat 5.000,00 kr.
Til udbetaling 11.382,00 kr.
"""


def test_lc204_rate_above_the_statutory_rate() -> None:
    corpus = FakeCorpus()
    (f,) = run("LC204", letter(text=KH_2024.format(rate="16.832,00 kr.")), corpus=corpus)
    assert f.severity is Severity.ERROR
    assert f.message == (
        "the rate 16.832,00 kr. is above the statutory rate for kontanthjaelp (forsoerger) in force on "
        "1. oktober 2024: 16.382,00 kr. per month"
    )
    assert f.text == "16.832,00 kr." and f.location.line == 5
    assert f.extra["corpus"]["source"] == "https://example.org/satser-2024"
    assert ("kontanthjaelp", "forsoerger", date(2024, 10, 1)) in corpus.calls
    assert run("LC204", letter(text=KH_2024.format(rate="16.382,00 kr.")), corpus=FakeCorpus()) == []


def test_lc204_is_info_when_the_rate_is_only_likely() -> None:
    (f,) = run("LC204", letter(text=KH_2024.format(rate="16.832,00 kr.")), corpus=FakeCorpus("likely"))
    assert f.severity is Severity.INFO
    assert "likely" in f.message


def test_lc204_silent_when_the_category_or_benefit_is_unknown() -> None:
    no_category = KH_2024.format(rate="16.832,00 kr.").replace("som forsørger over 30 år", "")
    corpus = FakeCorpus()
    assert run("LC204", letter(text=no_category), corpus=corpus) == []
    assert corpus.calls and all(c[1] is None for c in corpus.calls)
    no_benefit = KH_2024.format(rate="16.832,00 kr.").replace("kontanthjælp", "hjælp")
    assert run("LC204", letter(text=no_benefit), corpus=FakeCorpus()) == []


def test_lc204_category_from_the_structured_data() -> None:
    text = KH_2024.format(rate="16.832,00 kr.").replace("som forsørger over 30 år", "")
    lt = letter(text=text)
    lt.data = {"payment": {"category": "forsoerger", "benefit": "kontanthjælp"}}
    assert len(run("LC204", lt, corpus=FakeCorpus())) == 1


def test_lc204_does_not_compare_a_rate_per_hour_with_one_per_month() -> None:
    text = KH_2024.format(rate="16.832,00 kr.").replace("pr. måned", "pr. time")
    assert run("LC204", letter(text=text), corpus=FakeCorpus()) == []


def test_lc204_sygedagpenge_hourly_rate_against_the_maximum() -> None:
    text = (
        "Udbetaling af sygedagpenge\nPeriode: 4.11.2024 - 15.11.2024\nUdbetalingsdato: 20.11.2024\n"
        "Timesats: {rate}\nBruttobeløb 9.620,00 kr.\nA-skat 3.000,00 kr.\nTil udbetaling 6.620,00 kr.\n"
    )
    (f,) = run("LC204", letter(text=text.format(rate="130,00 kr.")), corpus=FakeCorpus())
    assert "sygedagpenge (per_time)" in f.message and "126,89 kr. per hour" in f.message
    assert run("LC204", letter(text=text.format(rate="120,00 kr.")), corpus=FakeCorpus()) == []


def test_lc204_with_the_bundled_corpus() -> None:
    """Against the real corpus: 2024 kontanthjælp for a forsørger over 30 is a `likely` fact, so info."""
    (f,) = run("LC204", letter(text=KH_2024.format(rate="16.832,00 kr.")))
    assert f.extra["corpus"]["amount"] == "16382.00"
    assert f.severity is (Severity.INFO if f.extra["corpus"]["confidence"] == "likely" else Severity.ERROR)


def test_lc204_without_a_corpus_rate_lookup() -> None:
    assert run("LC204", letter(text=KH_2024.format(rate="16.832,00 kr.")), corpus=object()) == []


# -- LC205 ----------------------------------------------------------------------------------------------


def test_lc205_summary_and_table_disagree() -> None:
    lt = letter(summary="Du får udbetalt 9.153,67 kr. til din NemKonto.")
    (f,) = run("LC205", lt)
    assert (
        f.message == "the amount to be paid (beløb til udbetaling) is 9.153,67 here, but 9.135,67 on line 17"
    )
    assert f.text == "9.153,67 kr." and f.location.line == 18
    assert run("LC205", letter(summary="Du får udbetalt 9.135,67 kr. til din NemKonto.")) == []


def test_lc205_text_and_structured_data_disagree() -> None:
    lt = letter()
    lt.data = {
        "payment": {"net": Decimal("9153.67"), "payment_date": date(2025, 10, 30), "benefit": "kontanthjælp"}
    }
    found = run("LC205", lt)
    assert sorted(f.message for f in found) == [
        "the amount to be paid (beløb til udbetaling) is 9.135,67 here, but 9.153,67 in the letter's "
        "structured payment data",
        "the payment date (udbetalingsdato) is 31. oktober 2025 here, but 30. oktober 2025 in the letter's "
        "structured payment data",
        "the payment date (udbetalingsdato) is 31. oktober 2025 here, but 30. oktober 2025 in the letter's "
        "structured payment data",
    ]
    lt.data = {
        "payment": {"net": Decimal("9135.67"), "payment_date": date(2025, 10, 31), "benefit": "kontanthjælp"}
    }
    assert run("LC205", lt) == []


def test_lc205_two_periods_but_a_month_does_not_contradict_a_period_inside_it() -> None:
    assert run("LC205", letter(period="3. oktober 2025 – 31. oktober 2025")) == []
    (f,) = run("LC205", letter(month="perioden 1. september – 30. september 2025"))
    assert f.message.startswith("the period (periode) is 1. september 2025 – 30. september 2025 here")


def test_lc205_one_deduction_listed_twice_with_two_amounts() -> None:
    lt = letter(summary="Der er trukket A-skat: 3.120,00 kr.")
    (f,) = run("LC205", lt)
    assert f.message == "the deduction 'A-skat' is 3.120,00 here, but 3.210,00 on line 15"


def test_lc205_benefit_named_twice() -> None:
    lt = letter(summary="Ydelse: sygedagpenge")
    (f,) = run("LC205", lt)
    assert "the benefit is sygedagpenge here, but kontanthjaelp" in f.message


# -- LC206 ----------------------------------------------------------------------------------------------


def test_lc206_english_number_format_is_an_error() -> None:
    lt = letter(gross="12,345.67 kr.")
    (f,) = run("LC206", lt)
    assert f.severity is Severity.ERROR
    assert f.message.startswith("malformed amount '12,345.67 kr.': English number format")
    assert f.suggestion == "write it the Danish way: 12.345,67 kr."
    assert f.location.line == 14
    assert run("LC206", letter()) == []


def test_lc206_one_decimal_is_a_warning() -> None:
    (f,) = run("LC206", letter(a_skat="kr. 3.210,0"))
    assert f.severity is Severity.WARNING
    assert "one decimal digit" in f.message


def test_lc206_in_any_letter() -> None:
    text = "Afgørelse om tilbagebetaling\nDu skal betale 4,500.00 kr. tilbage.\n"
    (f,) = run("LC206", letter(letter_type="tilbagebetaling", text=text))
    assert f.text == "4,500.00 kr."


def test_lc206_a_malformed_amount_is_not_also_a_sum_error() -> None:
    lt = letter(net="9,135.67 kr.")
    assert codes(lt, corpus=NoRates()) == ["LC206"]


# -- severity override and end to end -------------------------------------------------------------------


def test_configured_severity_overrides_the_rule_default() -> None:
    config = Config(severity=(("LC202", Severity.WARNING),))
    (f,) = run("LC202", letter(net="9.153,67 kr.", summary=""), config)
    assert f.severity is Severity.WARNING


def _pdf(rows: list[tuple[str, str]]) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table

    buf = io.BytesIO()
    ss = getSampleStyleSheet()
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(
        [
            Paragraph("Aalborg Kommune", ss["Normal"]),
            Paragraph("Dato: 14. oktober 2025", ss["Normal"]),
            Paragraph("Udbetalingsspecifikation", ss["Heading1"]),
            Paragraph("Her er din udbetaling af kontanthjælp.", ss["Normal"]),
            Table([["Tekst", "Beløb"], *rows]),
        ]
    )
    return buf.getvalue()


@pytest.fixture
def defective_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "udbetaling.pdf"
    path.write_bytes(
        _pdf(
            [
                ("Periode", "01.10.2025 - 31.10.2025"),
                ("Udbetalingsdato", "31.10.2025"),
                ("Bruttobeløb", "12.345,67 kr."),
                ("A-skat", "3.210,00 kr."),
                ("Til udbetaling", "9.153,67 kr."),
            ]
        )
    )
    return path


def test_end_to_end_on_a_pdf_points_at_page_and_line(defective_pdf: Path) -> None:
    from lettercheck.pipeline import check_bytes

    result = check_bytes(defective_pdf.read_bytes(), str(defective_pdf), Config(select=("LC2",)))
    lc202 = [f for f in result.findings if f.code == "LC202"]
    assert len(lc202) == 1
    assert "12.345,67 − 3.210,00 = 9.135,67, but the letter says 9.153,67" in lc202[0].message
    assert lc202[0].location.page == 1 and lc202[0].location.line is not None
    assert [f.code for f in result.findings] == ["LC202"]


# -- the fixture letters: exactly the LC2xx codes their manifests expect ---------------------------------


def _manifest_entries() -> list[tuple[Path, dict[str, Any]]]:
    import yaml

    from tests.conftest import FIXTURES

    out = []
    for manifest in (FIXTURES / "batch" / "manifest.yaml", FIXTURES / "producers" / "manifest.yaml"):
        if manifest.is_file():
            for e in yaml.safe_load(manifest.read_text(encoding="utf-8"))["letters"]:
                out.append((manifest.parent / e["file"], e))
    return out


@pytest.mark.parametrize(("path", "entry"), _manifest_entries(), ids=lambda x: getattr(x, "name", ""))
def test_fixture_letters_get_exactly_the_expected_payment_findings(path: Path, entry: dict[str, Any]) -> None:
    from lettercheck.pipeline import check_bytes

    result = check_bytes(path.read_bytes(), str(path), Config(select=("LC2",)))
    got = sorted({f.code for f in result.findings})
    expected = sorted({c.split(":")[0] for c in entry["expected"] if c.startswith("LC2")})
    assert got == expected, [f.message for f in result.findings]


def test_lc204_bundled_2023_sygedagpenge_maximum_is_confirmed() -> None:
    """The 2023 maximum comes from the ministry's Vejledning om satser 2023, so exceeding it is an error."""
    text = (
        "Udbetaling af sygedagpenge\nPeriode: 6.11.2023 - 17.11.2023\nUdbetalingsdato: 22.11.2023\n"
        "Timesats: {rate}\nBruttobeløb 9.620,00 kr.\nA-skat 3.000,00 kr.\nTil udbetaling 6.620,00 kr.\n"
    )
    (f,) = run("LC204", letter(text=text.format(rate="130,00 kr.")))
    assert f.severity is Severity.ERROR
    assert f.extra["corpus"]["amount"] == "122.97" and "socialjura.dk" in f.extra["corpus"]["source"]
    assert run("LC204", letter(text=text.format(rate="122,97 kr."))) == []
