"""Payment fields (lettercheck/extract/payments.py): from text as PDF readers give it, from PDFs, from XML data."""

from __future__ import annotations

import importlib.util
import io
import sys
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lettercheck.config import Config
from lettercheck.extract.payments import (
    DateRange,
    PaymentSpecError,
    extract_payment,
    extraction_dicts,
    is_payment_letter,
    load_payment_spec,
    spec_for_config,
)
from lettercheck.model import Letter, TextBuilder
from tests.conftest import FIXTURES, letter_from_text

TABLE_ROWS = [
    ["Periode", "1. oktober 2025 – 31. oktober 2025"],
    ["Udbetalingsdato", "31.10.2025"],
    ["Bruttobeløb", "12.345,67 kr."],
    ["A-skat", "3.210,00 kr."],
    ["AM-bidrag", "0,00 kr."],
    ["Til udbetaling", "9.135,67 kr."],
]


def values(p: Any) -> dict[str, Any]:
    """The payment's values, for comparing with what the letter says."""
    return {
        "benefit": p.benefit.value if p.benefit else None,
        "period": (p.period.value.start, p.period.value.end) if p.period else None,
        "payment_date": p.payment_date.value if p.payment_date else None,
        "gross": p.gross.value if p.gross else None,
        "deductions": [(d.label, d.value) for d in p.deductions],
        "net": p.net.value if p.net else None,
    }


EXPECTED = {
    "benefit": "kontanthjaelp",
    "period": (date(2025, 10, 1), date(2025, 10, 31)),
    "payment_date": date(2025, 10, 31),
    "gross": Decimal("12345.67"),
    "deductions": [("A-skat", Decimal("3210.00")), ("AM-bidrag", Decimal("0.00"))],
    "net": Decimal("9135.67"),
}


def pay(text: str, **kw: Any) -> Any:
    return extract_payment(letter_from_text(text, **kw), Config())


# -- layouts of the same table, as different producers and readers give them -----------------------------

INTRO = "Udbetaling af kontanthjælp\n"


def test_label_and_value_on_one_line() -> None:
    text = INTRO + "\n".join(f"{a} {b}" for a, b in TABLE_ROWS)
    assert values(pay(text)) == EXPECTED


def test_label_and_value_with_colons_tabs_and_dot_leaders() -> None:
    text = INTRO + "\n".join(
        f"{a}:\t{b}" if i % 2 else f"{a} ........ {b}" for i, (a, b) in enumerate(TABLE_ROWS)
    )
    assert values(pay(text)) == EXPECTED


def test_label_and_value_on_separate_lines_as_pypdf_gives_table_cells() -> None:
    text = INTRO + "\n".join(f"{a}\n{b}" for a, b in TABLE_ROWS)
    assert values(pay(text)) == EXPECTED


def test_a_column_of_labels_then_a_column_of_values() -> None:
    text = INTRO + "\n".join(a for a, _ in TABLE_ROWS) + "\n" + "\n".join(b for _, b in TABLE_ROWS)
    assert values(pay(text)) == EXPECTED


def test_three_column_table_one_cell_per_line() -> None:
    text = (
        "Udbetalingsspecifikation\nYdelse\nPeriode\nBeløb (kr.)\n"
        "Kontanthjælp\n01.10.2025-31.10.2025\n11.000,00\n"
        "Børnetillæg\n01.10.2025-31.10.2025\n1.345,67\n"
        "Bruttobeløb\n12.345,67\nA-skat\n3.210,00\nTil udbetaling\n9.135,67\n"
    )
    p = pay(text)
    assert p.period is not None and p.period.value == DateRange(date(2025, 10, 1), date(2025, 10, 31))
    assert [(a.label, a.value) for a in p.additions] == [
        ("Kontanthjælp", Decimal("11000.00")),
        ("Børnetillæg", Decimal("1345.67")),
    ]
    assert p.gross is not None and p.gross.value == Decimal("12345.67")
    assert p.net is not None and p.net.value == Decimal("9135.67")
    assert p.benefit is not None and p.benefit.value == "kontanthjaelp"


def test_prose_summary_and_label_endings() -> None:
    text = (
        "Du får udbetalt sygedagpenge for perioden 4. november – 17. november 2025.\n"
        "Bruttobeløbet er 8.122,24 kr., og A-skatten udgør 2.565,00 kr.\n"
        "Du får 5.557,24 kr. til udbetaling. Beløbet udbetales den 21. november 2025.\n"
    )
    p = pay(text)
    assert values(p) == {
        "benefit": "sygedagpenge",
        "period": (date(2025, 11, 4), date(2025, 11, 17)),
        "payment_date": date(2025, 11, 21),
        "gross": Decimal("8122.24"),
        "deductions": [("A-skatten udgør", Decimal("2565.00"))],
        "net": Decimal("5557.24"),
    }


def test_percentage_base_and_row_label_text() -> None:
    text = (
        "Bruttobeløb 12.345,67 kr.\n"
        "A-skat (38 % af 8.447,00 kr.) 3.210,00 kr.\n"
        "Fradrag for løn 1.000,00 kr.\n"
        "Husleje betalt direkte til udlejer -4.500,00 kr.\n"
        "Til udbetaling 3.635,67 kr.\n"
    )
    p = pay(text)
    assert [(d.label, d.value) for d in p.deductions] == [
        ("A-skat", Decimal("3210.00")),
        ("Fradrag for løn", Decimal("1000.00")),
        ("Husleje betalt direkte til udlejer", Decimal("4500.00")),  # a deduction is what is taken off
    ]


def test_rate_unit_and_recipient_category() -> None:
    p = pay("Du får kontanthjælp som forsørger over 30 år.\nSats: 16.382,00 kr. pr. måned\n")
    assert p.rate is not None and (p.rate.value, p.rate.unit) == (Decimal("16382.00"), "month")
    assert p.category is not None and p.category.value == "forsoerger"
    p = pay("Du er enlig forsørger under 30 år.\nTimesats 117,70 kr.")
    assert p.category is not None and p.category.value == "enlig_forsoerger_under_30"
    assert p.rate is not None and p.rate.unit == "hour"


def test_benefit_named_by_a_label_outranks_a_mention() -> None:
    p = pay("Du har tidligere fået sygedagpenge.\nYdelse: Kontanthjælp\nTil udbetaling 100,00 kr.")
    assert p.benefit is not None and p.benefit.value == "kontanthjaelp" and p.benefit.label == "Ydelse"


def test_table_row_outranks_prose_and_every_value_is_kept() -> None:
    text = "Du får udbetalt 9.153,67 kr.\n" + "\n".join(f"{a} {b}" for a, b in TABLE_ROWS)
    p = pay(text)
    assert p.net is not None and p.net.value == Decimal("9135.67") and p.net.row
    assert [v.value for v in p.values("net")] == [Decimal("9153.67"), Decimal("9135.67")]


def test_a_month_is_a_coarse_period_an_exact_one_wins() -> None:
    p = pay("Udbetaling for oktober 2025\nPeriode 03.10.2025 – 31.10.2025\nTil udbetaling 1,00 kr.")
    assert p.period is not None and p.period.value.start == date(2025, 10, 3)
    p = pay("Specifikation af udbetaling\nHer er din udbetaling af kontanthjælp for oktober 2025.")
    assert p.period is not None and p.period.value == DateRange(date(2025, 10, 1), date(2025, 10, 31))
    assert not p.period.labelled


def test_malformed_amount_is_still_the_field() -> None:
    p = pay("Til udbetaling: 9,135.67 kr.")
    assert p.net is not None and p.net.value == Decimal("9135.67") and p.net.malformed


def test_a_dotless_i_is_not_the_vocabularys_i() -> None:
    # The label patterns match case-insensitively, and for the Turkish dotless "ı" that is wider than the
    # casefold() the vocabulary is keyed by: such a word used to crash every payment rule (KeyError, LC900).
    # It is not the vocabulary's phrase, as "ſeptember" is not a month; the rest of the table still reads.
    text = INTRO + "\n".join(f"{a} {b}" for a, b in TABLE_ROWS) + "\nı alt fradrag 3.210,00 kr."
    assert values(pay(text)) == EXPECTED
    p = pay("Ydelse: Revalıderingsydelse\nTil udbetaling 100,00 kr.")
    assert p.benefit is None and p.net is not None and p.net.value == Decimal("100.00")


def test_nothing_found_in_a_letter_without_payment() -> None:
    p = pay("Kære Jens\nVi har modtaget din ansøgning og vender tilbage.\n")
    assert values(p) == dict.fromkeys(EXPECTED, None) | {"deductions": []}
    assert p.anchor is None


# -- structured data ------------------------------------------------------------------------------------


def data_letter(text: str, payment: dict[str, Any]) -> Letter:
    letter = letter_from_text(text, letter_type="udbetaling")
    letter.data = {"payment": payment}
    return letter


DATA = {
    "benefit": "kontanthjælp",
    "category": None,
    "period": {"start": date(2025, 10, 1), "end": date(2025, 10, 31)},
    "payment_date": date(2025, 10, 31),
    "gross": Decimal("12345.67"),
    "deductions": [
        {"label": "A-skat", "value": Decimal("3210.00")},
        {"label": "AM-bidrag", "value": Decimal(0)},
    ],
    "net": Decimal("9135.67"),
    "rate": Decimal("12345.67"),
}


def test_structured_data_is_used_directly_and_the_text_kept_beside_it() -> None:
    letter = data_letter("Til udbetaling 9.153,67 kr.", DATA)
    p = extract_payment(letter, Config())
    assert p.net is not None and p.net.source == "data" and p.net.value == Decimal("9135.67")
    assert [(v.source, v.value) for v in p.values("net")] == [
        ("data", Decimal("9135.67")),
        ("text", Decimal("9153.67")),
    ]
    assert p.benefit is not None and p.benefit.value == "kontanthjaelp"
    assert [(d.label, d.value, d.source) for d in p.deductions] == [
        ("A-skat", Decimal("3210.00"), "data"),
        ("AM-bidrag", Decimal("0"), "data"),
    ]


def test_structured_data_from_a_mapping_may_be_text() -> None:
    data = {
        "gross": "12.345,67",
        "net": "9135.67",
        "payment_date": "31.10.2025",
        "period": {"start": "2025-10-01", "end": "2025-10-31"},
        "benefit": "sygedagpenge",
    }
    p = extract_payment(data_letter("", data), Config())
    assert values(p) == {
        "benefit": "sygedagpenge",
        "period": (date(2025, 10, 1), date(2025, 10, 31)),
        "payment_date": date(2025, 10, 31),
        "gross": Decimal("12345.67"),
        "deductions": [],
        "net": Decimal("9135.67"),
    }


def test_to_dict_is_the_extract_json_shape() -> None:
    letter = data_letter(INTRO + "\n".join(f"{a} {b}" for a, b in TABLE_ROWS), DATA)
    d = extraction_dicts(letter, extract_payment(letter, Config()))
    assert set(d) == {"amounts", "dates", "periods", "payment"}
    payment = d["payment"]
    assert payment["period"]["start"] == "2025-10-01" and payment["period"]["end"] == "2025-10-31"
    assert payment["deductions"][0]["label"] == "A-skat" and payment["deductions"][0]["value"] == "3210.00"
    assert payment["net"]["value"] == "9135.67" and payment["net"]["source"] == "data"
    assert payment["benefit"]["value"] == "kontanthjaelp"
    # text values carry offsets and where they are
    text_letter = letter_from_text(INTRO + "\n".join(f"{a} {b}" for a, b in TABLE_ROWS))
    tp = extract_payment(text_letter, Config()).to_dict(text_letter)
    s, e = tp["gross"]["span"]["start"], tp["gross"]["span"]["end"]
    assert text_letter.text[s:e] == "12.345,67 kr."
    assert tp["gross"]["location"]["line"] == 4
    assert [a["value"] for a in d["amounts"]][:2] == ["12345.67", "3210.00"]
    assert d["dates"][0]["value"] == "2025-10-01"


# -- which letters are payment letters ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "letter_type", "expected"),
    [
        ("Kære Jens\nDu har fået et brev.", "udbetaling", True),
        ("Udbetalingsspecifikation\nOktober 2025", None, True),
        ("Bruttobeløb 12.345,67 kr.\nA-skat 3.210,00 kr.", None, True),
        ("Til udbetaling 9.135,67 kr.", None, True),
        ("Vi har besluttet at bevilge kontanthjælp. Satsen er 12.000,00 kr.", None, False),
        ("Bruttobeløb 12.345,67 kr.\nTil udbetaling 9.135,67 kr.", "afgoerelse", False),
        ("Kære Jens\nVi vender tilbage.", None, False),
    ],
)
def test_is_payment_letter(text: str, letter_type: str | None, expected: bool) -> None:
    letter = letter_from_text(text, letter_type=letter_type)
    assert is_payment_letter(letter, config=Config()) is expected


def test_a_letter_with_structured_payment_data_is_a_payment_letter_whatever_its_type() -> None:
    letter = data_letter("Afgørelse", DATA)
    letter.letter_type = "afgoerelse"
    assert is_payment_letter(letter)


# -- the vocabulary -------------------------------------------------------------------------------------


def test_bundled_vocabulary_loads_once_and_knows_the_issue_labels() -> None:
    spec = load_payment_spec()
    assert spec is load_payment_spec()
    for label, fld in [
        ("bruttobeløb", "gross"),
        ("beregnet ydelse", "gross"),
        ("a-skat", "deduction"),
        ("am-bidrag", "deduction"),
        ("fradrag", "deduction"),
        ("modregning", "deduction"),
        ("træk", "deduction"),
        ("til udbetaling", "net"),
        ("udbetalt beløb", "net"),
        ("nettobeløb", "net"),
        ("udbetalingsdato", "payment_date"),
        ("udbetales den", "payment_date"),
        ("dispositionsdato", "payment_date"),
        ("periode", "period"),
        ("sats", "rate"),
    ]:
        assert spec.labels[label] == fld
    for name, bid in [
        ("kontanthjælp", "kontanthjaelp"),
        ("sygedagpenge", "sygedagpenge"),
        ("uddannelseshjælp", "uddannelseshjaelp"),
        ("ledighedsydelse", "ledighedsydelse"),
        ("ressourceforløbsydelse", "ressourceforloebsydelse"),
        ("revalideringsydelse", "revalideringsydelse"),
        ("flekslønstilskud", "fleksloenstilskud"),
        ("enkeltydelse", "enkeltydelse"),
    ]:
        assert spec.benefits[name] == bid
    assert spec.required["udbetaling"] == ("net", "period", "payment_date")
    assert spec.benefit_id("Kontanthjælp") == "kontanthjaelp"
    assert spec.benefit_id("kontanthjaelp") == "kontanthjaelp"


def write_pack(tmp_path: Path, body: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_municipality_adds_its_own_wording_in_a_rule_pack(tmp_path: Path) -> None:
    write_pack(
        tmp_path,
        "payments:\n  fields:\n    net:\n      labels: [overføres til din konto]\n"
        "    payment_date:\n      phrases: [pengene er på kontoen]\n",
    )
    text = "Overføres til din konto: 9.135,67 kr.\nPengene er på kontoen 31.10.2025\n"
    config = Config(rule_packs=("pack.yaml",), root=str(tmp_path))
    p = extract_payment(letter_from_text(text), config)
    assert p.net is not None and p.net.value == Decimal("9135.67")
    assert p.payment_date is not None and p.payment_date.value == date(2025, 10, 31)
    # the bundled vocabulary is still there
    assert spec_for_config(config).labels["til udbetaling"] == "net"
    assert extract_payment(letter_from_text(text), Config()).net is None


def test_a_pack_without_a_payments_section_is_passed_over(tmp_path: Path) -> None:
    write_pack(tmp_path, "pack:\n  name: other\n")
    spec = spec_for_config(Config(rule_packs=("pack.yaml",), root=str(tmp_path)))
    assert len(spec.files) == 1 and spec.files[0].endswith("payments.yaml")
    assert spec.labels == load_payment_spec().labels


def test_packs_layer_in_order_lists_added_scalars_replaced(tmp_path: Path) -> None:
    a = write_pack(
        tmp_path, "payments:\n  thresholds:\n    payment_date_days_after_period_end: 365\n", "a.yaml"
    )
    b = write_pack(tmp_path, "payments: {}\n", "b.yaml")
    c = write_pack(
        tmp_path,
        "payments:\n  thresholds:\n    payment_date_days_after_period_end: 400\n"
        "  required:\n    udbetaling: [net]\n  benefits:\n    kontanthjaelp: [hjælp til forsørgelse]\n",
        "c.yaml",
    )
    spec = load_payment_spec((str(a), str(b), str(c)))
    assert spec.files[1:] == (str(a), str(b), str(c))
    assert spec.thresholds["payment_date_days_after_period_end"] == 400
    assert spec.thresholds["payment_date_days_before_period_start"] == 45  # bundled, untouched
    assert spec.required["udbetaling"] == ("net",)
    assert spec.benefits["hjælp til forsørgelse"] == "kontanthjaelp"
    assert spec.benefits["kontanthjælp"] == "kontanthjaelp"


@pytest.mark.parametrize(
    ("body", "line", "message"),
    [
        ("payments:\n  fields:\n    brutto:\n      labels: [x]\n", 3, "unknown payment field 'brutto'"),
        ("payments:\n  fields:\n    net:\n      labels: [x, 3]\n", 4, "every entry must be a non-empty text"),
        (
            "payments:\n  fields:\n    net:\n      labels: [skatten]\n    gross:\n      labels: [skatten]\n",
            6,
            "label 'skatten' of field 'gross' already labels field 'net'",
        ),
        ("payments:\n  thresholds:\n    payment_date_days_after_period_end: -3\n", 3, "whole number of days"),
        ("payments:\n  thresholds:\n    days: 3\n", 3, "unknown threshold 'days'"),
        ("payments:\n  required:\n    udbetaling: [net, beløb]\n", 3, "unknown required field 'beløb'"),
        ("payments:\n  labels: [x]\n", 2, "unknown key 'labels' in payments"),
        ("payments:\n  benefits:\n    Kontanthjælp: [x]\n", 3, "must be lower-case ASCII"),
        ("payments:\n  fields: [net]\n", 2, "payments.fields must be a mapping"),
        ("payments:\n  fields:\n    net: {labels: [a], name: b, extra: c}\n", 3, "unknown key 'extra'"),
        ("payments:\n  rate_lookup:\n    x: {category_by_unit: {year: y}}\n", 3, "unknown rate unit 'year'"),
        ("payments: [\n", 2, "not valid YAML"),
    ],
)
def test_a_wrong_pack_is_refused_with_file_line_and_what(
    tmp_path: Path, body: str, line: int, message: str
) -> None:
    path = write_pack(tmp_path, body, name=f"bad{abs(hash(body))}.yaml")
    with pytest.raises(PaymentSpecError) as e:
        load_payment_spec((str(path),))
    assert e.value.file == str(path)
    assert e.value.line == line
    assert message in e.value.message
    assert str(e.value).startswith(f"{path}:{line}: ")


# -- real PDFs: reportlab-made, read back through lettercheck's PDF reader and through bare pypdf ---------


def _platypus_pdf(rows: list[list[str]], intro: str) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    buf = io.BytesIO()
    ss = getSampleStyleSheet()
    story = [
        Paragraph("Aalborg Kommune, Jobcenter Aalborg, Ydelsesservice", ss["Normal"]),
        Paragraph("Aalborg, den 14. oktober 2025", ss["Normal"]),
        Paragraph("Udbetalingsspecifikation", ss["Heading1"]),
        Paragraph(intro, ss["Normal"]),
        Spacer(1, 12),
        Table([["Tekst", "Beløb (kr.)"], *rows]),
        Spacer(1, 12),
        Paragraph("Har du spørgsmål til udbetalingen, er du velkommen til at kontakte os.", ss["Normal"]),
    ]
    SimpleDocTemplate(buf, pagesize=A4, invariant=1).build(story)
    return buf.getvalue()


def _canvas_pdf(rows: list[list[str]], intro: str) -> bytes:
    """Labels and values drawn as separate strings, as a case system's own PDF engine does."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    y = 780
    for line in ("Aalborg Kommune", "Dato: 14.10.2025", "", intro):
        c.drawString(60, y, line)
        y -= 16
    y -= 10
    for label, value in rows:
        c.drawString(60, y, label)
        c.drawRightString(400, y, value)
        y -= 16
    c.showPage()
    c.save()
    return buf.getvalue()


PDF_ROWS = [
    ["Periode", "01.10.2025 - 31.10.2025"],
    ["Udbetalingsdato", "31.10.2025"],
    ["Bruttobeløb", "12.345,67"],
    ["A-skat", "-3.210,00"],
    ["AM-bidrag", "0,00"],
    ["Til udbetaling", "9.135,67"],
]
PDF_INTRO = "Her er en oversigt over din udbetaling af kontanthjælp."


def _pypdf_letter(data: bytes, name: str) -> Letter:
    """The text exactly as pypdf extracts it (table cells one per line), with page/line locations."""
    from pypdf import PdfReader

    b = TextBuilder()
    for page_no, page in enumerate(PdfReader(io.BytesIO(data)).pages, start=1):
        for n, line in enumerate((page.extract_text() or "").splitlines(), start=1):
            b.lines[(None, page_no, n)] = line
            b.append(line, page=page_no, line=n, column=1)
            b.append_synthetic("\n")
    return Letter.from_builder(name, "pdf", b)


def _reader_letter(data: bytes, name: str) -> Letter:
    from lettercheck.readers import read_bytes

    return read_bytes(data, name)


@pytest.fixture(params=["platypus", "canvas"])
def payment_pdf(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    make: Callable[[list[list[str]], str], bytes] = (
        _platypus_pdf if request.param == "platypus" else _canvas_pdf
    )
    path = tmp_path / f"udbetaling_{request.param}.pdf"
    path.write_bytes(make(PDF_ROWS, PDF_INTRO))
    return path


@pytest.mark.parametrize("read", [_reader_letter, _pypdf_letter], ids=["lettercheck-reader", "bare-pypdf"])
def test_payment_from_a_real_pdf(payment_pdf: Path, read: Callable[[bytes, str], Letter]) -> None:
    letter = read(payment_pdf.read_bytes(), payment_pdf.name)
    p = extract_payment(letter, Config())
    assert values(p) == EXPECTED
    # every value points back to page 1 of the PDF
    assert p.net is not None and p.net.start is not None
    assert letter.locate(p.net.start).page == 1
    assert letter.text[p.net.start : p.net.end] == "9.135,67"


def test_pdf_table_cells_come_one_per_line_from_pypdf(tmp_path: Path) -> None:
    """Guards the premise of the separate-lines layout test: pypdf really splits a reportlab table's cells."""
    letter = _pypdf_letter(_platypus_pdf(PDF_ROWS, PDF_INTRO), "x.pdf")
    assert "Bruttobeløb\n12.345,67\n" in letter.text


# -- the generated fixture batch: every payment field against its manifest --------------------------------


def _generator() -> Any:
    path = FIXTURES / "generate.py"
    if not path.is_file():
        pytest.skip("tests/fixtures/generate.py is not there")
    spec = importlib.util.spec_from_file_location("lettercheck_fixture_generator", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod
    spec.loader.exec_module(mod)
    return mod


def _field_results(letter: Letter, manifest: dict[str, Any]) -> dict[str, bool]:
    p = extract_payment(letter, Config())
    spec = load_payment_spec()
    got = values(p)
    want_period = (
        date.fromisoformat(manifest["period"]["start"]),
        date.fromisoformat(manifest["period"]["end"]),
    )
    want_pd = date.fromisoformat(manifest["payment_date"]) if manifest.get("payment_date") else None
    return {
        "benefit": got["benefit"] == spec.benefit_id(manifest["benefit"]),
        "period": got["period"] == want_period,
        "payment_date": got["payment_date"] == want_pd,
        "gross": got["gross"] == Decimal(manifest["gross"]),
        "net": got["net"] == Decimal(manifest["net"]),
        "deductions": [(lab.casefold(), v) for lab, v in got["deductions"]]
        == [(d["label"].casefold(), Decimal(d["value"])) for d in manifest["deductions"]],
    }


def test_every_payment_field_of_the_fixture_batch_matches_its_manifest() -> None:
    from lettercheck.pipeline import read_letter

    gen = _generator()
    results: dict[str, list[bool]] = {}
    wrong: list[str] = []
    letters = 0
    for spec, fmt in gen.batch_specs():
        if spec.payment is None:
            continue
        render, ext = gen.RENDER[fmt]
        letter, _ = read_letter(render(spec), spec.stem + ext, Config())
        assert letter is not None, spec.stem
        letters += 1
        for fld, ok in _field_results(letter, spec.payment.manifest()).items():
            results.setdefault(fld, []).append(ok)
            if not ok:
                wrong.append(f"{spec.stem}: {fld}")
    assert letters >= 20
    accuracy = {f: sum(v) / len(v) for f, v in results.items()}
    print(f"field-level accuracy over {letters} payment letters: {accuracy}")
    assert wrong == []


def test_committed_batch_manifest_if_present() -> None:
    manifest_path = FIXTURES / "batch" / "manifest.yaml"
    if not manifest_path.is_file():
        pytest.skip("no committed fixture batch yet")
    import yaml

    from lettercheck.pipeline import read_letter

    entries = yaml.safe_load(manifest_path.read_text(encoding="utf-8"))["letters"]
    wrong = []
    for e in entries:
        if not e.get("payment"):
            continue
        path = manifest_path.parent / e["file"]
        letter, _ = read_letter(path.read_bytes(), str(path), Config())
        assert letter is not None, e["file"]
        wrong += [f"{e['file']}: {f}" for f, ok in _field_results(letter, e["payment"]).items() if not ok]
    assert wrong == []


PRODUCERS = FIXTURES / "producers"


def _producer_entries() -> list[dict[str, Any]]:
    manifest = PRODUCERS / "manifest.yaml"
    if not manifest.is_file():
        return []
    import yaml

    return [e for e in yaml.safe_load(manifest.read_text(encoding="utf-8"))["letters"] if e.get("payment")]


@pytest.mark.parametrize("entry", _producer_entries(), ids=lambda e: e["file"])
def test_payment_letters_made_by_libreoffice_and_chromium(entry: dict[str, Any]) -> None:
    """Real producers' PDFs through lettercheck's reader: every payment field as the manifest says."""
    from lettercheck.pipeline import read_letter

    path = PRODUCERS / entry["file"]
    letter, _ = read_letter(path.read_bytes(), str(path), Config())
    assert letter is not None
    assert is_payment_letter(letter, config=Config())
    assert _field_results(letter, entry["payment"]) == dict.fromkeys(
        ("benefit", "period", "payment_date", "gross", "net", "deductions"), True
    )


@pytest.mark.parametrize("entry", _producer_entries(), ids=lambda e: e["file"])
def test_producer_pdfs_through_bare_pypdf(entry: dict[str, Any]) -> None:
    """The same PDFs as bare pypdf gives their text (LibreOffice's trailing spaces, Chromium's ligatures)."""
    path = PRODUCERS / entry["file"]
    letter = _pypdf_letter(path.read_bytes(), path.name)
    assert _field_results(letter, entry["payment"]) == dict.fromkeys(
        ("benefit", "period", "payment_date", "gross", "net", "deductions"), True
    )


def test_ligatures_in_a_pdf_text_layer_still_match_labels() -> None:
    letter = letter_from_text("Udbetalingsspeciﬁkation\nUdbetaling af ﬂekslønstilskud\nNettobeløb 100,00 kr.")
    assert is_payment_letter(letter, config=Config())
    p = extract_payment(letter, Config())
    assert p.benefit is not None and p.benefit.value == "fleksloenstilskud"
