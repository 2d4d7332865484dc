"""LC401 (unresolved placeholder), LC402 (template debris), LC403 (empty required section)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from lettercheck import registry
from lettercheck.config import Config
from lettercheck.context import Context
from lettercheck.lettertypes import classify
from lettercheck.model import Finding, Letter, Severity, TextBuilder
from lettercheck.packs import packs_for_config
from tests.conftest import letter_from_text


def run(code: str, text: str, config: Config | None = None, **kw: Any) -> list[Finding]:
    config = config or Config()
    letter = letter_from_text(text, **kw)
    letter.date = date(2025, 10, 14)
    letter.letter_type, letter.letter_type_reason = classify(letter, packs_for_config(config))
    ctx = Context(letter, config)
    ctx.__dict__["citations"] = []
    check = registry.get(code).check
    assert check is not None
    return list(check(ctx))


CLEAN = """Horsens Kommune
Jobcenter Horsens

Dato: 14. oktober 2025

Afgørelse om hjælp til flytning

Kære Mette Testesen

Du har søgt om hjælp til flytning til en billigere bolig. Vi bevilger 7.500,00 kr. efter § 85 i lov om
aktiv socialpolitik, men ikke de 2.000 kr. til nye møbler.

Begrundelse
Vi har lagt vægt på, at flytningen forbedrer dine boligforhold, og at møbler ikke er en flytteudgift.

Klagevejledning
Du kan klage til Jobcenter Horsens inden 4 uger, efter at du har modtaget afgørelsen. Fastholder vi
afgørelsen, sender vi klagen videre til Ankestyrelsen.

Med venlig hilsen
Jens Jensen
"""


@pytest.mark.parametrize("code", ["LC401", "LC402", "LC403"])
def test_clean_letter_has_no_template_findings(code: str) -> None:
    assert run(code, CLEAN) == []


# ---- LC401 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("placeholder", "syntax"),
    [
        ("{{ modtager.navn }}", "{{ … }}"),
        ("«Fornavn»", "«…»"),
        ("${borger_navn}", "${…}"),
        ("[[Modtager]]", "[[…]]"),
        ("[INDSÆT NAVN]", "[INDSÆT …]"),
        ("#FORNAVN#", "#FELT#"),
        ("{ MERGEFIELD Fornavn \\* MERGEFORMAT }", "MERGEFIELD"),
    ],
)
def test_lc401_each_syntax(placeholder: str, syntax: str) -> None:
    text = CLEAN.replace("Mette Testesen", placeholder)
    found = run("LC401", text)
    assert [f.text for f in found] == [placeholder]
    f = found[0]
    assert f.severity is Severity.ERROR
    assert syntax in f.message
    assert (f.location.line, f.location.column) == (8, 6)


def test_lc401_several_in_one_letter_in_order() -> None:
    text = CLEAN.replace("7.500,00 kr.", "{{ beloeb }} kr.").replace("inden 4 uger", "senest [INDSÆT DATO]")
    found = run("LC401", text)
    assert [f.text for f in found] == ["{{ beloeb }}", "[INDSÆT DATO]"]


def test_lc401_templates_may_have_placeholders() -> None:
    text = CLEAN.replace("Mette Testesen", "{{ modtager.navn }}")
    assert run("LC401", text, is_template=True) == []


def test_lc401_not_fooled_by_quotes_and_sections() -> None:
    text = CLEAN.replace("Kære Mette Testesen", "Kære Mette Testesen, jf. »aktivloven« og [bilag 1]")
    assert run("LC401", text) == []


def test_lc401_a_pack_adds_a_syntax(tmp_path: Path) -> None:
    pack = tmp_path / "vestby.yaml"
    pack.write_text(
        """placeholders:
  - id: percent-field
    name: "%FELT%"
    pattern: '%[A-Z_]{2,40}%'
    case_sensitive: true
    examples: {match: ["%FORNAVN%"], no_match: ["100 %"]}
""",
        encoding="utf-8",
    )
    text = CLEAN.replace("Mette Testesen", "%FORNAVN%")
    assert run("LC401", text) == []
    found = run("LC401", text, config=Config(rule_packs=(str(pack),)))
    assert [f.text for f in found] == ["%FORNAVN%"]


# ---- LC402 ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("debris", "message"),
    [
        ("Lorem ipsum dolor sit amet.", "lorem ipsum"),
        ("TODO: tjek beløbet med økonomi.", "TODO"),
        ("Dato for udbetaling: INDSÆT DATO.", "fill-in instruction"),
        ("Vi udbetaler den <indsæt dato>.", "fill-in instruction"),
        ("Udbetalingsdato: XX.XX.XXXX.", "X's"),
        ("Klik eller tryk her for at skrive tekst.", "content-control"),
        ("Se afsnit Fejl! Referencekilde ikke fundet.", "cross-reference"),
    ],
)
def test_lc402_debris(debris: str, message: str) -> None:
    text = CLEAN.replace("Kære Mette Testesen", f"Kære Mette Testesen\n\n{debris}")
    found = run("LC402", text)
    assert len(found) == 1, found
    assert message in found[0].message
    assert found[0].severity is Severity.WARNING
    assert found[0].location.line == 10


def test_lc402_bracketed_placeholder_is_left_to_lc401() -> None:
    text = CLEAN.replace("inden 4 uger", "senest [INDSÆT DATO]")
    assert run("LC402", text) == []
    assert len(run("LC401", text)) == 1


def test_lc402_unclosed_bracket_leftover() -> None:
    text = CLEAN.replace("Kære Mette Testesen", "Kære [INDSÆT NAVN")
    found = run("LC402", text)
    assert [f.text for f in found] == ["[INDSÆT NAVN"]
    assert run("LC401", text) == []


def test_lc402_in_templates_fill_ins_are_allowed_but_todo_is_not() -> None:
    text = CLEAN.replace("Kære Mette Testesen", "Kære INDSÆT NAVN\n\nTODO: ret satsen")
    found = run("LC402", text, is_template=True)
    assert [f.text for f in found] == ["TODO"]
    assert len(run("LC402", text)) == 2


def test_lc402_heading_with_empty_section() -> None:
    text = CLEAN.replace("Med venlig hilsen", "Har du spørgsmål?\n\nMed venlig hilsen")
    found = run("LC402", text)
    assert [f.message for f in found] == ["heading 'Har du spørgsmål?' has an empty section"]
    filled = CLEAN.replace(
        "Med venlig hilsen", "Har du spørgsmål?\nRing til os på 70 10 10 10.\n\nMed venlig hilsen"
    )
    assert run("LC402", filled) == []


def test_lc402_duplicated_paragraph() -> None:
    para = "Vi har lagt vægt på, at flytningen forbedrer dine boligforhold, og at møbler ikke er en flytteudgift."
    text = CLEAN.replace("Klagevejledning", para + "\n\nKlagevejledning")
    found = run("LC402", text)
    assert len(found) == 1
    assert found[0].message == "paragraph repeats the one on line 14 word for word"
    assert found[0].location.line == 16


def test_lc402_short_repeats_are_not_duplicates() -> None:
    text = CLEAN.replace("Med venlig hilsen\nJens Jensen", "Med venlig hilsen\nJens Jensen\n\nJens Jensen")
    assert run("LC402", text) == []


# ---- LC403 ----------------------------------------------------------------------------------------------


def test_lc403_empty_klagevejledning() -> None:
    text = CLEAN.replace(
        "Du kan klage til Jobcenter Horsens inden 4 uger, efter at du har modtaget afgørelsen. Fastholder vi\n"
        "afgørelsen, sender vi klagen videre til Ankestyrelsen.\n",
        "",
    )
    found = run("LC403", text)
    assert len(found) == 1
    f = found[0]
    assert f.severity is Severity.ERROR
    assert f.text == "Klagevejledning"
    assert "forvaltningsloven § 25" in f.message
    # the heading counts as "present", so LC302 is silent and LC303 does not pile on
    assert run("LC302", text) == []
    assert run("LC303", text) == []
    assert run("LC402", text) == []  # a required section: LC403's, not LC402's


def test_lc403_filler_content_is_empty() -> None:
    text = CLEAN.replace(
        "Vi har lagt vægt på, at flytningen forbedrer dine boligforhold, og at møbler ikke er en flytteudgift.",
        "-",
    )
    found = run("LC403", text)
    assert [f.text for f in found] == ["Begrundelse"]


def test_lc403_only_for_sections_the_type_requires() -> None:
    # in an information letter a klagevejledning is not required: an empty one is LC402 debris
    text = "Vestby Kommune\n\nOrientering om nye regler\n\nFra 1. juli 2025 gælder nye regler.\n\nKlagevejledning\n"
    assert run("LC403", text) == []
    assert [f.message for f in run("LC402", text)] == ["heading 'Klagevejledning' has an empty section"]


def _paged(pages: list[list[str]]) -> Letter:
    """A PDF-like letter: each page's lines mapped to (page, line), one line break kept per line."""
    b = TextBuilder()
    for p, lines in enumerate(pages, start=1):
        for n, line in enumerate(lines, start=1):
            b.lines[(None, p, n)] = line
            b.append(line, page=p, line=n, column=1)
            b.append_synthetic("\n")
    return Letter.from_builder("letter.pdf", "pdf", b)


def test_lc402_running_page_headers_are_not_duplicates() -> None:
    header = "Randers Kommune · Sagsnr. 32.18.16-P19-15-25 · Ydelser"
    body = "Du har pligt til at give os besked om ændringer i din indtægt og formue."
    one = [f"Linje {i} på side 1 af brevets tekst om din sag og dine muligheder." for i in range(10)]
    two = [f"Linje {i} på side 2 af brevets tekst om din sag og dine muligheder." for i in range(10)]
    pages = [
        ["Randers Kommune", "Afgørelse om tilbagebetaling", *one, body],
        [header, *two[:3], body, *two[3:], "Side 2 af 3"],
        [header, "Med venlig hilsen", "Morten Kontorsen", "Side 3 af 3"],
    ]
    letter = _paged(pages)
    letter.date = date(2025, 11, 3)
    letter.letter_type, letter.letter_type_reason = classify(letter, packs_for_config(Config()))
    found = list(registry.get("LC402").check(Context(letter, Config())))  # type: ignore[misc]
    # the body paragraph repeated mid-page is reported; the running header is not
    assert [(f.location.page, f.location.line) for f in found] == [(2, 5)]
    assert found[0].message == "paragraph repeats the one on line 13 (page 1) word for word"
