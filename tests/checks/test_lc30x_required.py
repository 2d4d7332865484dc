"""LC301 (decision without legal basis) and LC306 (other required elements: begrundelse, svarfrist, amount).

Citations are injected into the Context (``ctx.__dict__["citations"]``) so these rules are tested on their own
logic, independent of the citation extractor's grammar.
"""

from __future__ import annotations

from dataclasses import dataclass
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
class Cite:
    """The shape of lettercheck.extract.citations.Citation that LC301 reads."""

    act: Any
    section: str | None
    stk: str | None = None
    start: int = 0
    end: int = 0


@dataclass(frozen=True)
class Act:
    id: str


def run(code: str, text: str, citations: list[Any] | None = None, **kw: Any) -> list[Finding]:
    config = Config()
    letter = letter_from_text(text, **kw)
    letter.date = date(2025, 10, 14)
    letter.letter_type, letter.letter_type_reason = classify(letter, packs_for_config(config))
    ctx = Context(letter, config)
    ctx.__dict__["citations"] = list(citations or [])
    check = registry.get(code).check
    assert check is not None
    return list(check(ctx))


DECISION = """Københavns Kommune
Borgerservice

Dato: 14. oktober 2025

Afgørelse om enkeltydelse til briller

Vi har behandlet din ansøgning af 30. september 2025 om hjælp til nye briller til 3.200 kr.

Vi kan ikke bevilge hjælpen, fordi udgiften ikke er opstået som følge af en ændring i dine forhold.

Klagevejledning
Du kan klage til os inden 4 uger efter, at du har modtaget afgørelsen. Vi genvurderer afgørelsen, og
fastholder vi den, sender vi klagen videre til Ankestyrelsen, jf. retssikkerhedslovens § 66.
"""

REPAYMENT = """Aalborg Kommune
Jobcenter Aalborg

Aalborg, den 14. oktober 2025

Afgørelse om tilbagebetaling af kontanthjælp

Du skal betale 4.850,00 kr. tilbage, fordi du har haft lønindtægt i september 2025, som du ikke oplyste os
om. Vi har lagt vægt på lønsedlen fra din arbejdsgiver.

Hvis du vil klage
Du skal sende din klage til Jobcenter Aalborg, så vi har den senest 4 uger efter, at du har modtaget
brevet. Fastholder vi afgørelsen, sender vi den videre til Ankestyrelsen.
"""


# ---- LC301 ----------------------------------------------------------------------------------------------


def test_lc301_no_citation_at_all() -> None:
    found = run("LC301", DECISION)
    assert len(found) == 1
    f = found[0]
    assert f.code == "LC301" and f.severity is Severity.ERROR
    assert "cites no legal basis at all" in f.message
    assert "forvaltningsloven § 24" in f.message
    assert f.text == "Afgørelse om enkeltydelse til briller"


def test_lc301_only_procedural_provisions_do_not_count() -> None:
    found = run(
        "LC301", DECISION, [Cite("retssikkerhedsloven", "66"), Cite(Act("forvaltningsloven"), "25", stk="1")]
    )
    assert len(found) == 1
    assert "only procedural provisions" in found[0].message
    assert "retssikkerhedsloven § 66" in found[0].message and "forvaltningsloven § 25" in found[0].message


def test_lc301_act_without_section() -> None:
    found = run("LC301", DECISION, [Cite("aktivloven", None)])
    assert len(found) == 1
    assert "names aktivloven but no provision" in found[0].message


def test_lc301_section_without_act() -> None:
    found = run("LC301", DECISION, [Cite(None, "81")])
    assert len(found) == 1
    assert "no act it belongs to" in found[0].message


@pytest.mark.parametrize(
    "cites",
    [
        [Cite("aktivloven", "81")],
        [Cite(Act("aktivloven"), "81", stk="1")],
        [Cite("retssikkerhedsloven", "66"), Cite("aktivloven", "81")],
        # forvaltningsloven is the legal basis of some decisions (aktindsigt, § 9): only the procedural
        # sections are excluded, not the act
        [Cite("forvaltningsloven", "9")],
        # a provision of retssikkerhedsloven outside the complaint procedure counts (§ 11 a, oplysninger)
        [Cite("retssikkerhedsloven", "11 a")],
    ],
)
def test_lc301_silent_with_a_substantive_provision(cites: list[Cite]) -> None:
    assert run("LC301", DECISION, cites) == []


def test_lc301_repayment_decision() -> None:
    assert len(run("LC301", REPAYMENT)) == 1
    assert run("LC301", REPAYMENT, [Cite("aktivloven", "91")]) == []


def test_lc301_full_approval_is_exempt() -> None:
    text = DECISION.replace(
        "Vi kan ikke bevilge hjælpen, fordi udgiften ikke er opstået som følge af en ændring i dine forhold.",
        "Du får fuldt ud medhold i din ansøgning.",
    )
    assert run("LC301", text) == []


def test_lc301_not_for_payment_or_information_letters() -> None:
    spec = "Udbetalingsspecifikation for november 2025\n\nKontanthjælp 12.326,00 kr.\nTil udbetaling 8.126,00 kr.\n"
    info = "Orientering om nye regler for kontanthjælp\n\nFra 1. juli 2025 gælder nye regler.\n"
    assert run("LC301", spec) == []
    assert run("LC301", info) == []


# ---- LC306 ----------------------------------------------------------------------------------------------

HEARING = """Odense Kommune
Ydelsesafdelingen

Dato: 14. oktober 2025

Partshøring – vi overvejer at stoppe din kontanthjælp

Vi har fået oplysninger fra Skattestyrelsen om, at du har haft lønindtægt i august og september 2025.
Inden vi træffer afgørelse, vil vi give dig mulighed for at komme med dine bemærkninger.
{deadline}
Med venlig hilsen
Ydelsesafdelingen
"""


def test_lc306_hearing_without_answer_deadline() -> None:
    found = run("LC306", HEARING.format(deadline=""))
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.WARNING
    assert "partshøring has no svarfrist" in f.message
    assert "forvaltningsloven § 19" in f.message
    assert f.text.startswith("Partshøring")


@pytest.mark.parametrize(
    "deadline",
    [
        "Vi skal have dit svar senest den 28. oktober 2025.\n",
        "Send os dine bemærkninger inden 14 dage fra i dag.\n",
        "Svarfristen er 28.10.2025.\n",
        "Du kan svare os før den 28/10-2025.\n",
    ],
)
def test_lc306_hearing_with_answer_deadline(deadline: str) -> None:
    assert run("LC306", HEARING.format(deadline=deadline)) == []


def test_lc306_repayment_without_amount_is_an_error() -> None:
    text = REPAYMENT.replace(
        "Du skal betale 4.850,00 kr. tilbage", "Du skal betale det for meget udbetalte tilbage"
    )
    found = run("LC306", text)
    assert [f.severity for f in found] == [Severity.ERROR]
    assert "has no beløb" in found[0].message
    assert run("LC306", REPAYMENT) == []


def test_lc306_decision_without_begrundelse() -> None:
    text = """Vestby Kommune

Afgørelse om hjælp til flytning

Vi giver dig afslag på hjælp til flytning efter § 85 i lov om aktiv socialpolitik.

Klagevejledning
Du kan klage til kommunen inden 4 uger. Fastholder vi afgørelsen, går klagen til Ankestyrelsen.
"""
    found = run("LC306", text)
    assert len(found) == 1
    assert "has no begrundelse" in found[0].message
    fixed = text.replace(
        "Vi giver dig afslag", "Vi har lagt vægt på, at din nuværende bolig er passende. Vi giver dig afslag"
    )
    assert run("LC306", fixed) == []


def test_lc306_begrundelse_heading_counts() -> None:
    text = """Vestby Kommune

Afgørelse om hjælp til flytning

Vores vurdering
Din nuværende bolig er passende til din familie, og flytningen forbedrer ikke dine boligforhold.
"""
    assert run("LC306", text) == []


def test_lc301_end_to_end_with_the_citation_extractor() -> None:
    """Through the whole pipeline: the real extractor's citations decide, not an injected list."""
    pytest.importorskip("lettercheck.extract.citations")
    from lettercheck.pipeline import check_bytes

    config = Config(select=("LC301",), as_of=date(2025, 10, 14))
    result = check_bytes(DECISION.encode(), "afgoerelse.txt", config)
    assert [f.code for f in result.findings] == ["LC301"]
    assert "only procedural provisions (retssikkerhedsloven § 66)" in result.findings[0].message
    fixed = DECISION.replace("i dine forhold.", "i dine forhold, jf. § 81 i lov om aktiv socialpolitik.")
    assert check_bytes(fixed.encode(), "afgoerelse.txt", config).findings == []
