"""LC101–LC109: each rule fires on a realistic letter and stays silent on the same letter corrected."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lettercheck.config import Config
from lettercheck.pipeline import check_bytes, check_letter, prepare_letter
from tests.conftest import letter_from_text
from tests.readers.test_pdf import make_pdf

HEAD = "Aalborg Kommune\nJobcenter Aalborg, Ydelsesservice\nAalborg, den {date}\nAfgørelse om kontanthjælp\n"
CONFIG = Config(select=("LC1",), extend_select=("LC109",))


def findings(text: str, letter_date: str = "14. oktober 2025", config: Config = CONFIG):
    letter = letter_from_text(HEAD.format(date=letter_date) + text)
    prepare_letter(letter, config, letter.path)
    return check_letter(letter, config).findings


def codes(text: str, letter_date: str = "14. oktober 2025") -> list[str]:
    return [f.code for f in findings(text, letter_date) if f.code != "LC109"]


# -- LC104 ----------------------------------------------------------------------------------------------------

OUTDATED = "Vi har truffet afgørelse efter § 11 i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 269 af 21. marts 2017.\n"
CURRENT = "Vi har truffet afgørelse efter § 11 i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 1004 af 30. juni 2025.\n"


def test_lc104_outdated_lbk_names_the_version_in_force_and_suggests_in_the_letters_style():
    (f,) = [f for f in findings(OUTDATED) if f.code == "LC104"]
    assert f.severity.name == "ERROR"
    assert "LBK nr. 1004 af 30/06/2025 is in force on 2025-10-14" in f.message
    assert "letter dated 14 October 2025 (from the text)" in f.message
    assert f.text == "lovbekendtgørelse nr. 269 af 21. marts 2017"
    assert f.suggestion == "lovbekendtgørelse nr. 1004 af 30. juni 2025"
    assert f.location.line == 5
    assert f.extra["corpus"]["version_in_force"]["number"] == 1004
    assert f.extra["citation"]["act"] == "aktivloven"


def test_lc104_silent_on_the_corrected_letter():
    assert codes(CURRENT) == []


def test_lc104_keeps_numeric_date_style():
    (f,) = [
        f for f in findings("Se LBK nr. 269 af 21/03/2017 om aktiv socialpolitik.\n") if f.code == "LC104"
    ]
    assert f.suggestion == "LBK nr. 1004 af 30/06/2025 om aktiv socialpolitik"


def test_lc104_one_finding_for_a_list_of_sections_citing_one_lbk():
    text = "Reglerne står i §§ 22-24 i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 269 af 21. marts 2017.\n"
    assert [c for c in codes(text, "14. januar 2023") if c == "LC104"] == ["LC104"]


def test_lc104_silent_when_the_letter_is_about_a_period_the_version_covered():
    text = (
        "Afgørelse om tilbagebetaling for perioden 1. januar 2018 – 31. december 2018.\n"
        "Du skal betale hjælpen tilbage efter § 91 i lov om aktiv socialpolitik, "
        "jf. lovbekendtgørelse nr. 269 af 21. marts 2017.\n"
    )
    assert "LC104" not in codes(text, "3. februar 2020")


# -- LC103 ----------------------------------------------------------------------------------------------------


def test_lc103_moved_section_after_the_reform_suggests_where_it_went():
    (f,) = [f for f in findings("Du får kontanthjælp efter aktivlovens § 25.\n") if f.code == "LC103"]
    assert "moved to §§ 16-20" in f.message and f.suggestion == "cite §§ 16-20 instead"
    assert f.text == "aktivlovens § 25"


def test_lc103_boundary_dates():
    text = "Du får kontanthjælp efter aktivlovens § 25.\n"
    assert "LC103" not in codes(text, "30. juni 2025")
    assert "LC103" in codes(text, "1. juli 2025")


def test_lc103_silent_on_the_corrected_letter_and_on_a_repayment_about_2024():
    assert "LC103" not in codes("Du får kontanthjælp efter aktivlovens § 16.\n")
    repayment = (
        "Afgørelse om tilbagebetaling af kontanthjælp for perioden 1. marts 2024 – 31. august 2024.\n"
        "Du fik kontanthjælp efter aktivlovens § 25 i perioden, og du skal betale 12.000,00 kr. tilbage.\n"
    )
    assert "LC103" not in codes(repayment)
    assert "LC103" not in codes("Hjælpen blev udbetalt efter den dagældende § 25 i aktivloven.\n")


# -- LC105 ----------------------------------------------------------------------------------------------------


def test_lc105_repealed_act_names_its_successor():
    fs = [
        f
        for f in findings("Vi behandler dine oplysninger efter persondataloven.\n", "3. marts 2023")
        if f.code == "LC105"
    ]
    (f,) = fs
    assert "replaced on 25 May 2018 by databeskyttelsesloven" in f.message
    assert f.suggestion.startswith("cite databeskyttelsesloven")


def test_lc105_silent_for_the_successor_and_before_the_change():
    assert "LC105" not in codes(
        "Vi behandler dine oplysninger efter databeskyttelsesloven.\n", "3. marts 2023"
    )
    assert "LC105" not in codes("Vi behandler dine oplysninger efter persondataloven.\n", "3. marts 2017")


def test_lab_title_resolves_by_letter_date_so_it_is_not_lc105():
    text = "Du skal deltage i tilbud efter lov om en aktiv beskæftigelsesindsats.\n"
    assert "LC105" not in codes(text, "31. december 2019")
    assert "LC105" not in codes(text, "2. januar 2020")


# -- LC106 / LC107 --------------------------------------------------------------------------------------------


def test_lc106_number_of_another_act():
    text = "Du får sygedagpenge efter lov om sygedagpenge, jf. lovbekendtgørelse nr. 1004 af 30. juni 2025.\n"
    (f,) = [f for f in findings(text) if f.code == "LC106"]
    assert "is a version of aktivloven, not of sygedagpengeloven" in f.message


def test_lc106_right_number_wrong_date():
    text = "Efter lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 1004 af 30. juni 2024.\n"
    (f,) = [f for f in findings(text) if f.code == "LC106"]
    assert f.suggestion == "lovbekendtgørelse nr. 1004 af 30. juni 2025"


def test_lc107_version_not_yet_in_force():
    assert "LC107" in codes(CURRENT, "1. marts 2025")
    assert "LC107" not in codes(CURRENT, "14. oktober 2025")


# -- LC101 / LC108 / LC109 ------------------------------------------------------------------------------------


def test_lc101_unknown_act_is_info_and_shows_the_words():
    (f,) = [f for f in findings("Efter § 3 i lov om hundehold skal hunden i snor.\n") if f.code == "LC101"]
    assert f.severity.name == "INFO" and "'lov om hundehold'" in f.message
    assert "LC101" not in codes("Efter § 3 i lov om aktiv socialpolitik.\n")


def test_lc108_unresolved_short_form():
    assert "LC108" in codes("Vi har lagt vægt på lovens § 24.\n")
    assert "LC108" not in codes("Efter aktivlovens § 13 skal du stå til rådighed. Se også lovens § 24.\n")


def test_lc109_once_per_letter_when_dated_after_the_corpus_is_verified():
    fs = [f for f in findings(CURRENT + "Se også aktivlovens § 13.\n") if f.code == "LC109"]
    assert len(fs) == 1 and fs[0].severity.name == "INFO"
    assert not [f for f in findings(CURRENT, "3. marts 2021") if f.code == "LC109"]


def test_likely_fact_is_never_an_error():
    # persondataloven's replacement is marked `likely` in the corpus: LC105 is lowered to a warning
    (f,) = [f for f in findings("Efter persondataloven.\n", "3. marts 2023") if f.code == "LC105"]
    assert f.severity.name == "WARNING"


# -- on real PDFs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (OUTDATED.strip(), ["LC104"]),
        (CURRENT.strip(), []),
    ],
    ids=["outdated", "corrected"],
)
def test_on_a_reportlab_pdf(body: str, expected: list[str]):
    lines = [
        "Aalborg Kommune",
        "Dato: 14. oktober 2025",
        "Afgørelse om kontanthjælp",
        body[:70],
        body[70:],
    ]
    result = check_bytes(make_pdf([lines]), "a.pdf", CONFIG)
    assert [f.code for f in result.findings if f.code != "LC109"] == expected
    assert result.letter_date == date(2025, 10, 14)


PRODUCERS = Path(__file__).resolve().parent.parent / "fixtures" / "producers"


def producer_pairs() -> list[tuple[Path, Path]]:
    pairs = []
    for bad in sorted(PRODUCERS.glob("*outdated*.pdf")):
        fixed = bad.with_name(bad.name.replace("outdated", "corrected"))
        if fixed.exists():
            pairs.append((bad, fixed))
    return pairs


def test_other_producers_outdated_and_corrected_twins():
    pairs = producer_pairs()
    assert len(pairs) >= 2, "LibreOffice and Chromium twins are committed under tests/fixtures/producers/"
    for bad, fixed in pairs:
        got = [f.code for f in check_bytes(bad.read_bytes(), str(bad), CONFIG).findings]
        assert "LC104" in got, bad.name
        got = [f.code for f in check_bytes(fixed.read_bytes(), str(fixed), CONFIG).findings]
        assert not [c for c in got if c in ("LC103", "LC104", "LC105", "LC106", "LC107")], fixed.name
