"""LC304 (abolished body) and LC305 (outdated benefit term), with a fake corpus injected into the Context.

The fake entries mirror corpus/legal_refs.yaml (bodies and terms with dates, successors and variants), so
the rules are tested on the time logic: after the change, unless the mention is about the time before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest

from lettercheck import registry
from lettercheck.config import Config
from lettercheck.context import Context
from lettercheck.lettertypes import classify
from lettercheck.model import Finding, Severity
from lettercheck.packs import packs_for_config
from tests.conftest import letter_from_text


@dataclass(frozen=True)
class Body:
    name: str
    variants: tuple[str, ...]
    abolished: Any
    successor: str
    source: str = "https://ast.dk/"


@dataclass(frozen=True)
class Term:
    term: str
    variants: tuple[str, ...]
    changed: Any
    successor: str
    exceptions: str = "Right in a decision about a period before 1 July 2025."
    source: str = "https://star.dk/"


@dataclass
class FakeCorpus:
    bodies: list[Body] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)


CORPUS = FakeCorpus(
    bodies=[
        Body(
            "De sociale nævn (Det Sociale Nævn)",
            ("det sociale nævn", "de sociale nævn", "sociale nævn"),
            date(2013, 7, 1),
            "Ankestyrelsen",
        ),
        Body("Statsforvaltningen", ("statsforvaltningen",), "2019-04-01", "Familieretshuset"),
        Body("Beskæftigelsesankenævnet", ("beskæftigelsesankenævnet",), date(2013, 7, 1), "Ankestyrelsen"),
        Body("Den Sociale Sikringsstyrelse", ("den sociale sikringsstyrelse",), "not found", "not found"),
    ],
    terms=[
        Term(
            "uddannelseshjælp",
            ("uddannelseshjælp", "uddannelseshjælpen"),
            date(2025, 7, 1),
            "kontanthjælp (lov om aktiv socialpolitik §§ 16-20)",
        ),
        Term(
            "selvforsørgelses- og hjemrejseydelse",
            ("selvforsørgelses- og hjemrejseydelse",),
            "2025-07-01",
            "kontanthjælp (lov om aktiv socialpolitik §§ 16-20)",
        ),
    ],
)


def run(code: str, text: str, letter_date: date | None = date(2025, 10, 14), **kw: Any) -> list[Finding]:
    config = Config()
    letter = letter_from_text(text, **kw)
    letter.date = letter_date
    letter.letter_type, letter.letter_type_reason = classify(letter, packs_for_config(config))
    ctx = Context(letter, config)
    ctx.__dict__["corpus"] = CORPUS
    check = registry.get(code).check
    assert check is not None
    return list(check(ctx))


# ---- LC304 ----------------------------------------------------------------------------------------------

DECISION = """Vestby Kommune

Dato: 14. oktober 2025

Afgørelse om hjælp til tandbehandling

Vi har besluttet at give dig afslag efter § 82 i lov om aktiv socialpolitik, fordi du har opsparing.

Klagevejledning
Du kan klage til kommunen inden 4 uger. Fastholder vi afgørelsen, sender vi klagen videre til {body}.
"""


def test_lc304_abolished_body_in_klagevejledning_is_an_error() -> None:
    found = run("LC304", DECISION.format(body="Det Sociale Nævn"))
    assert len(found) == 1
    f = found[0]
    assert f.text == "Det Sociale Nævn"
    assert f.severity is Severity.ERROR
    assert f.suggestion == "Ankestyrelsen"
    assert "abolished on 2013-07-01" in f.message and "klagevejledning" in f.message
    assert f.extra["corpus"]["body"].startswith("De sociale nævn")
    assert run("LC304", DECISION.format(body="Ankestyrelsen")) == []


def test_lc303_leaves_an_abolished_klageinstans_to_lc304() -> None:
    # one defect, one finding: the klageinstans is named, but it no longer exists (LC304, with the successor)
    text = DECISION.format(body="Det Sociale Nævn")
    assert run("LC303", text) == []
    assert [f.code for f in run("LC304", text)] == ["LC304"]
    assert run("LC303", DECISION.format(body="vores juridiske afdeling"))[0].message == (
        "the klagevejledning names no klageinstans (Ankestyrelsen)"
    )


def test_lc304_abolished_body_elsewhere_is_a_warning() -> None:
    text = """Vestby Kommune

Orientering om dit samvær

Har du spørgsmål om samvær, kan du kontakte Statsforvaltningen.
"""
    found = run("LC304", text)
    assert [(f.text, f.severity, f.suggestion) for f in found] == [
        ("Statsforvaltningen", Severity.WARNING, "Familieretshuset")
    ]
    assert run("LC304", text.replace("Statsforvaltningen", "Familieretshuset")) == []


def test_lc304_silent_before_the_abolition() -> None:
    assert run("LC304", DECISION.format(body="Det Sociale Nævn"), letter_date=date(2012, 3, 1)) == []


def test_lc304_silent_without_a_letter_date() -> None:
    assert run("LC304", DECISION.format(body="Det Sociale Nævn"), letter_date=None) == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Det Sociale Nævn stadfæstede den 3. maj 2012 kommunens afgørelse om din førtidspension.",
        "Sagen blev i sin tid behandlet af det tidligere Beskæftigelsesankenævnet.",
        "Afgørelsen blev truffet af Statsforvaltningen (nu Familieretshuset).",
        "Kommunerne skulle dengang indsende sagerne til de daværende sociale nævn.",
    ],
)
def test_lc304_silent_on_historical_mentions(sentence: str) -> None:
    text = f"Vestby Kommune\n\nOrientering om din sag\n\n{sentence}\n"
    assert run("LC304", text) == []


def test_lc304_skips_bodies_without_a_usable_date() -> None:
    text = "Vestby Kommune\n\nOrientering\n\nDen Sociale Sikringsstyrelse har skrevet til os.\n"
    assert run("LC304", text) == []


# ---- LC305 ----------------------------------------------------------------------------------------------


def test_lc305_term_used_as_current() -> None:
    text = """Vestby Kommune

Afgørelse om uddannelseshjælp

Du får uddannelseshjælp fra 1. november 2025 efter lov om aktiv socialpolitik.
"""
    found = run("LC305", text)
    assert [f.text for f in found] == ["uddannelseshjælp", "uddannelseshjælp"]
    assert all(f.severity is Severity.WARNING for f in found)
    assert found[0].suggestion == "kontanthjælp (lov om aktiv socialpolitik §§ 16-20)"
    assert "replaced on 2025-07-01" in found[0].message
    assert found[0].extra["corpus"]["exceptions"].startswith("Right in a decision")
    fixed = text.replace("uddannelseshjælp", "kontanthjælp")
    assert run("LC305", fixed) == []


def test_lc305_date_after_the_change_in_the_sentence_wins() -> None:
    text = """Vestby Kommune

Afgørelse om din ydelse

Du modtog uddannelseshjælp indtil den 30. juni 2025, og fra 1. august 2025 får du igen
selvforsørgelses- og hjemrejseydelse.
"""
    found = run("LC305", text)
    assert [f.text.replace("\n", " ") for f in found] == ["selvforsørgelses- og hjemrejseydelse"]


def test_lc305_repayment_about_a_period_before_the_change() -> None:
    text = """Vestby Kommune

Dato: 14. oktober 2025

Afgørelse om tilbagebetaling af uddannelseshjælp

Du skal betale 3.200,00 kr. tilbage for perioden 1. marts 2025 – 30. juni 2025, fordi du havde
lønindtægt, mens du fik uddannelseshjælp. Beløbet er for meget udbetalt uddannelseshjælpen.
"""
    assert run("LC305", text) == []


def test_lc305_payment_period_in_the_letter_data() -> None:
    text = "Vestby Kommune\n\nUdbetaling af uddannelseshjælp\n\nUddannelseshjælp 6.010,00 kr.\n"
    data = {"payment": {"period": {"start": date(2025, 6, 1), "end": date(2025, 6, 30)}}}
    assert run("LC305", text, data=data) == []
    later = {"payment": {"period": {"start": date(2025, 9, 1), "end": date(2025, 9, 30)}}}
    assert len(run("LC305", text, data=later)) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Uddannelseshjælp er afskaffet fra 1. juli 2025 og erstattet af kontanthjælp.",
        "Du fik tidligere uddannelseshjælp.",
        "Den ydelse, du fik før, uddannelseshjælp (nu kontanthjælp), er ændret.",
        "I juni 2025 modtog du uddannelseshjælp.",
    ],
)
def test_lc305_silent_on_historical_mentions(sentence: str) -> None:
    text = f"Vestby Kommune\n\nOrientering om nye regler\n\n{sentence}\n"
    assert run("LC305", text) == []


def test_lc305_silent_before_the_change_and_without_date() -> None:
    text = "Vestby Kommune\n\nAfgørelse om uddannelseshjælp\n\nDu får uddannelseshjælp.\n"
    assert run("LC305", text, letter_date=date(2025, 5, 1)) == []
    assert run("LC305", text, letter_date=None) == []
