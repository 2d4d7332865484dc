"""LC302 (no klagevejledning) and LC303 (wrong or missing deadline, no authority).

The valid klagevejledninger below are paraphrased from how real municipalities and Ankestyrelsen word them
(sources in each case), so the rules are tested against the variety they meet in practice, not against one
house style.
"""

from __future__ import annotations

from datetime import date

import pytest

from lettercheck import registry
from lettercheck.config import Config
from lettercheck.context import Context
from lettercheck.lettertypes import classify
from lettercheck.model import Finding, Severity
from lettercheck.packs import packs_for_config
from tests.conftest import letter_from_text

LETTER_DATE = date(2025, 10, 14)

HEAD = """Vestby Kommune
Ydelsesservice, Rådhuspladsen 1, 9999 Vestby

Mette Testesen
Testvej 12
9999 Vestby

Dato: 14. oktober 2025
Sagsnr.: 2025-004711

{title}

Du har den 2. oktober 2025 søgt om hjælp til betaling af en tandlægeregning på 6.400 kr. Vi har besluttet
at give dig afslag.

Begrundelse
Vi har lagt vægt på, at du har en opsparing på 18.000 kr., som du kan bruge til at betale udgiften.
Afgørelsen er truffet efter § 82 i lov om aktiv socialpolitik.

"""
TAIL = """

Med venlig hilsen
Jens Jensen
Sagsbehandler
"""


def decision(klagevejledning: str, title: str = "Afgørelse om hjælp til tandbehandling") -> str:
    return HEAD.format(title=title) + klagevejledning.strip("\n") + TAIL


def run(
    code: str, text: str, *, letter_date: date | None = LETTER_DATE, config: Config | None = None
) -> list[Finding]:
    config = config or Config()
    letter = letter_from_text(text)
    letter.date = letter_date
    letter.letter_type, letter.letter_type_reason = classify(letter, packs_for_config(config))
    ctx = Context(letter, config)
    ctx.__dict__["citations"] = []
    check = registry.get(code).check
    assert check is not None
    return list(check(ctx))


# ---- at least five differently worded valid klagevejledninger pass ---------------------------------------

VALID = {
    # 3f.dk/fagforening/syg/klag-over-afgoerelse: complain to the kommune within four weeks; it reconsiders
    "3f": """Klagevejledning
Hvis du er utilfreds med afgørelsen, kan du klage til kommunen senest fire uger efter, at du har modtaget
den. Kommunen genvurderer afgørelsen inden fire uger fra klagen er modtaget. Fastholder kommunen
afgørelsen, bliver sagen sendt videre til Ankestyrelsen.""",
    # samsoe.dk klagevejledning: "klage til kommunen inden fire uger", genvurdering, then Ankestyrelsen
    "samsoe": """Hvis du vil klage
Er du ikke enig i afgørelsen, kan du klage til kommunen inden fire uger. Når vi modtager din klage,
skal vi genvurdere afgørelsen inden fire uger. Fastholder vi afgørelsen, sender vi din klage videre til
Ankestyrelsen, som tager stilling til sagen.""",
    # randers.dk psykiatri klagevejledning: the kommune must have it within 4 weeks; a note on Ankestyrelsen's
    # processing time (6 months) that is not a complaint deadline
    "randers": """Sådan klager du
Din klage skal sendes til Vestby Kommune, som først behandler din sag igen. Du skal klage, så kommunen
har modtaget din klage inden 4 uger fra den dag, du modtog afgørelsen. Du kan klage skriftligt eller
mundtligt. Hvis afgørelsen ikke bliver ændret, sender kommunen sagen til Ankestyrelsen. Det kan tage op
til 6 måneder, før du får svar fra Ankestyrelsen.""",
    # dinretshjaelp.dk forvaltningsafgørelser-klage: no heading, "inden der er gået 4 uger", the authority that
    # decided, "ikke direkte til Ankestyrelsen"
    "dinretshjaelp": """Du kan klage over afgørelsen. Klagen skal indleveres til den myndighed, der har truffet
afgørelsen, inden der er gået 4 uger fra den dag, du fik besked om afgørelsen. Myndigheden har pligt til
at genvurdere sagen, og fastholder den afgørelsen, videresendes klagen automatisk til Ankestyrelsen. Du
kan ikke klage direkte til Ankestyrelsen.""",
    # adhd.dk ankemuligheder: "må der højst gå 4 uger", the jobcenter "genbehandler", 4 weeks to decide
    "adhd": """Klagemuligheder
Fra du har modtaget afgørelsen, til vi skal have din klage, må der højst gå 4 uger. Alle klager sendes
til Jobcenter Vestby, der skal genbehandle sagen. Jobcentret har 4 uger til at tage stilling til
klagen. Giver vi dig ikke medhold, sender vi klagen videre til Ankestyrelsen.""",
    # ast.dk klagevejledning-og-tidsfrister: a brev, mail or phone call to the authority; an exact date
    "ast-date": """Klagevejledning
Du kan klage ved at sende et brev, en mail eller ringe til os. Vi skal have din klage senest den 11.
november 2025. Vi skal nemlig vurdere sagen igen, før vi sender din klage videre til Ankestyrelsen. Du
kan ikke klage direkte til Ankestyrelsen.""",
    # nyre.dk / ast.dk klagefrister: "klagefrist på 4 uger", the receipt rule for paper post (6 hverdage)
    "nyre-klagefrist": """Vil du klage?
Der er en klagefrist på 4 uger fra det tidspunkt, hvor du modtager afgørelsen. Du skal sende klagen til
Ydelsesservice i Vestby Kommune. Er afgørelsen sendt med almindelig post, regnes den for modtaget 6
hverdage efter, at den er sendt. Afgørelsen bliver herefter vurderet igen, og fastholdes den, bliver din
klage videresendt til Ankestyrelsen.""",
    # dukh.dk: "skal være modtaget af myndigheden", klagefristen 4 uger; plus a begrundelse request (14 dage)
    "dukh": """Klagevejledning
Din klage skal sendes til den myndighed, der har truffet afgørelsen, og skal være modtaget senest 4 uger
efter, at du har fået afgørelsen. Har du fået afgørelsen mundtligt, kan du inden 14 dage bede om en
skriftlig begrundelse, før du klager. Efter at vi har modtaget din klage, vurderer vi afgørelsen igen.
Fastholder vi den, sender vi klagen til Ankestyrelsen.""",
}


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_klagevejledning_wordings_pass(name: str) -> None:
    text = decision(VALID[name])
    assert run("LC302", text) == []
    assert run("LC303", text) == []


def test_at_least_five_wordings() -> None:
    assert len(VALID) >= 5


# ---- LC302 ----------------------------------------------------------------------------------------------


def test_lc302_fires_on_decision_without_klagevejledning() -> None:
    found = run("LC302", decision(""))
    assert [f.code for f in found] == ["LC302"]
    assert found[0].severity is Severity.ERROR
    assert "forvaltningsloven § 25" in found[0].message
    # it points at the heading that made the letter a decision
    assert found[0].text == "Afgørelse om hjælp til tandbehandling"
    assert found[0].location.line == 11


def test_lc302_fires_on_repayment_without_klagevejledning() -> None:
    text = decision("", title="Afgørelse om tilbagebetaling af kontanthjælp")
    found = run("LC302", text)
    assert [f.code for f in found] == ["LC302"]
    assert "tilbagebetaling" in found[0].message


def test_lc302_silent_on_full_approval() -> None:
    text = """Vestby Kommune

Afgørelse om enkeltydelse

Du har søgt om hjælp til en ny vaskemaskine. Vi har bevilget hjælpen som du har ansøgt om, og pengene
udbetales den 20. oktober 2025 efter § 81 i lov om aktiv socialpolitik.

Med venlig hilsen
Jens Jensen
"""
    assert run("LC302", text) == []


def test_lc302_silent_on_letter_types_without_klagevejledning() -> None:
    text = """Vestby Kommune

Udbetalingsspecifikation for november 2025

Kontanthjælp 12.326,00 kr.
A-skat -4.200,00 kr.
Til udbetaling 8.126,00 kr.
"""
    assert run("LC302", text) == []


# ---- LC303 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "wrong"),
    [
        ("Du kan klage over afgørelsen inden 8 uger.", "8 uger"),
        ("Klagefristen er 14 dage fra du har modtaget afgørelsen.", "14 dage"),
        ("Du har 1 måned til at klage over afgørelsen.", "1 måned"),
        ("Vil du klage, skal vi have din klage senest otte uger efter, at du har fået brevet.", "otte uger"),
    ],
)
def test_lc303_wrong_deadline(sentence: str, wrong: str) -> None:
    kv = f"Klagevejledning\n{sentence} Klagen sendes til kommunen, som genvurderer den og sender den til Ankestyrelsen."
    found = run("LC303", decision(kv))
    assert [f.text for f in found] == [wrong]
    assert found[0].severity is Severity.ERROR
    assert found[0].suggestion == "4 uger"
    # corrected twin
    fixed = kv.replace(wrong, "4 uger")
    assert run("LC303", decision(fixed)) == []


def test_lc303_deadline_date_too_early() -> None:
    kv = """Klagevejledning
Vi skal have din klage senest den 24. oktober 2025. Vi vurderer afgørelsen igen og sender den videre til
Ankestyrelsen, hvis vi fastholder den."""
    found = run("LC303", decision(kv))
    assert len(found) == 1
    assert "24. oktober 2025" in found[0].text
    assert "2025-11-11" in (found[0].suggestion or "")
    assert run("LC303", decision(kv.replace("24. oktober", "11. november"))) == []


def test_lc303_no_deadline() -> None:
    kv = """Klagevejledning
Du kan klage over afgørelsen til kommunen. Vi vurderer sagen igen, og fastholder vi afgørelsen, sender
vi klagen videre til Ankestyrelsen."""
    found = run("LC303", decision(kv))
    assert [f.message for f in found] == [
        "the klagevejledning gives no complaint deadline (the klagefrist is 4 uger)"
    ]
    assert found[0].location.line == 20  # the heading
    fixed = kv.replace("til kommunen.", "til kommunen inden 4 uger, efter at du har modtaget afgørelsen.")
    assert run("LC303", decision(fixed)) == []


def test_lc303_no_klageinstans() -> None:
    kv = """Klagevejledning
Hvis du vil klage, skal du sende klagen til kommunen inden 4 uger, efter at du har modtaget afgørelsen."""
    found = run("LC303", decision(kv))
    assert len(found) == 1
    assert "names no klageinstans (Ankestyrelsen)" in found[0].message
    assert found[0].severity is Severity.ERROR
    assert run("LC303", decision(kv + " Kommunen genvurderer sagen og sender den til Ankestyrelsen.")) == []


def test_lc303_no_recipient_is_a_warning() -> None:
    kv = """Klagevejledning
Du kan klage til Ankestyrelsen inden 4 uger, efter at du har modtaget afgørelsen."""
    found = run("LC303", decision(kv))
    assert len(found) == 1
    assert "where to send the complaint" in found[0].message
    assert found[0].severity is Severity.WARNING
    fixed = kv.replace("klage til Ankestyrelsen", "klage til Ankestyrelsen via kommunen")
    assert run("LC303", decision(fixed)) == []


def test_lc303_silent_when_klagevejledning_missing_or_empty() -> None:
    # LC302 and LC403 report those; LC303 must not add noise about a deadline in text that is not there
    assert run("LC303", decision("")) == []
    assert run("LC303", decision("Klagevejledning\n")) == []


def test_lc303_applies_to_repayment_decisions() -> None:
    kv = "Klagevejledning\nDu kan klage til kommunen inden 14 dage. Fastholder vi afgørelsen, går klagen til Ankestyrelsen."
    found = run("LC303", decision(kv, title="Afgørelse om tilbagebetaling af kontanthjælp"))
    assert [f.text for f in found] == ["14 dage"]
