"""Time-aware lookups against the bundled corpus, each on both sides of a change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lettercheck.corpus import (
    DocumentRef,
    normalize_name,
    normalize_section,
    parse_document_ref,
)


# --------------------------------------------------------------------------------------------- act names
@pytest.mark.parametrize(
    ("text", "on", "expected"),
    [
        ("lov om en aktiv beskæftigelsesindsats", date(2019, 12, 31), "lab_2003"),
        ("lov om en aktiv beskæftigelsesindsats", date(2020, 1, 1), "lab"),
        ("Bekendtgørelse af lov om en aktiv beskæftigelsesindsats", date(2016, 12, 1), "lab_2003"),
        ("LAB", date(2019, 12, 31), "lab_2003"),
        ("LAB", date(2020, 1, 1), "lab"),
        ("LAB", None, "lab"),  # without a date: the act still in force
        ("Lov om aktiv socialpolitik", None, "aktivloven"),
        ("loven om aktiv socialpolitik", None, "aktivloven"),
        ("Bekendtgørelse af lov om aktiv socialpolitik", None, "aktivloven"),
        ("aktivloven", None, "aktivloven"),
        ("aktivlovens", None, "aktivloven"),
        ("LAS", None, "aktivloven"),
        ("RSL", None, "retssikkerhedsloven"),
        ("forvaltningslovens", None, "forvaltningsloven"),
        ("Lov om organisering og understøttelse af beskæftigelsesindsatsen mv.", None, "lob"),
        ("Lov om integration af udlændinge i Danmark (integrationsloven)", None, "integrationsloven"),
        ("persondataloven", date(2010, 1, 1), "persondataloven"),
    ],
)
def test_act_by_name(corpus, text, on, expected):
    act = corpus.act_by_name(text, on)
    assert act is not None and act.id == expected


def test_unknown_name_and_case_sensitive_abbreviation(corpus):
    assert corpus.act_by_name("lov om månelandinger") is None
    assert corpus.act_by_name("las") is None  # "las" is a word; only the abbreviation "LAS" names the act
    assert [a.id for a in corpus.acts_by_name("lov om en aktiv beskæftigelsesindsats")] == ["lab", "lab_2003"]


def test_name_forms_include_genitives_for_extractors(corpus):
    forms = corpus.name_forms()
    assert forms["aktivlovens"] == ("aktivloven",)
    assert set(forms["lov om en aktiv beskæftigelsesindsats"]) == {"lab", "lab_2003"}
    assert corpus.abbreviation_forms()["FVL"] == ("forvaltningsloven",)


def test_normalize_helpers():
    assert normalize_name("  Lov om social service m.v. ") == "social service"
    assert normalize_section("§ 25 b.") == "25 b"
    assert normalize_section("7a") == "7 a"
    assert normalize_section("§§ 22-25") is None


# ---------------------------------------------------------------------------------------------- versions
def test_version_in_force_on_both_sides_of_a_new_lbk(corpus):
    assert corpus.version_in_force("sygedagpengeloven", date(2019, 1, 24)).number == 809
    assert corpus.version_in_force("sygedagpengeloven", date(2019, 1, 25)).number == 68


def test_lab_and_lab_2003_in_force_by_date(corpus):
    assert corpus.version_in_force("lab_2003", date(2019, 12, 31)).number == 1342
    assert corpus.version_in_force("lab_2003", date(2020, 1, 1)) is None
    assert corpus.version_in_force("lab", date(2019, 12, 31)) is None  # LOV 548/2019 not yet in force
    assert corpus.version_in_force("lab", date(2020, 1, 1)).key == ("LOV", 548, date(2019, 5, 7))


def test_find_document_by_number_and_date(corpus):
    assert [v.act for v in corpus.find_document("LBK", 1032)] == ["sygedagpengeloven"]
    assert corpus.find_document("LBK", 1032, date(2016, 6, 23))[0].act == "sygedagpengeloven"
    assert corpus.find_document("LBK", 1032, date(2016, 6, 24)) == []


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("LBK nr. 1032 af 23/06/2016", ("LBK", 1032, date(2016, 6, 23))),
        ("lovbekendtgørelse nr. 1004 af 30. juni 2025", ("LBK", 1004, date(2025, 6, 30))),
        ("lov nr. 548 af 7. maj 2019", ("LOV", 548, date(2019, 5, 7))),
        ("LOV nr 1655 af 2024-12-30", ("LOV", 1655, date(2024, 12, 30))),
        ("jf. LBK 1032/2016", ("LBK", 1032, None)),
    ],
)
def test_parse_document_ref(text, expected):
    ref = parse_document_ref(text)
    assert ref is not None and (ref.type, ref.number, ref.date) == expected


def test_parse_document_ref_rejects_non_references():
    assert parse_document_ref("bekendtgørelse nr. 12 af 1. januar 2020") is None
    assert parse_document_ref("LBK nr. 1 af 31/02/2020") is None


def _ref(text: str) -> DocumentRef:
    ref = parse_document_ref(text)
    assert ref is not None
    return ref


def test_lbk_current_then_superseded(corpus):
    ref = _ref("LBK nr. 1032 af 23/06/2016")
    before = corpus.document_status(ref, date(2018, 6, 19), act_id="sygedagpengeloven")
    after = corpus.document_status(ref, date(2018, 6, 20), act_id="sygedagpengeloven")
    assert before.status == "current"
    assert after.status == "superseded"
    assert after.since == date(2018, 6, 20)
    assert after.in_force.key == ("LBK", 809, date(2018, 6, 20))
    assert "LBK nr. 809 af 20/06/2018" in after.message


def test_document_status_accepts_any_object_with_type_number_date(corpus):
    class Cited:
        type = "LBK"
        number = 1032
        date = date(2016, 6, 23)

    assert corpus.document_status(Cited(), date(2017, 1, 1)).status == "current"


def test_lab_2003_lbk_after_the_new_act(corpus):
    ref = _ref("LBK nr. 1342 af 21/11/2016")
    assert corpus.document_status(ref, date(2019, 12, 31)).status == "current"
    after = corpus.document_status(ref, date(2020, 1, 1))
    assert after.status == "superseded"
    assert after.replaced_by == ("lab", date(2020, 1, 1))
    assert after.since == date(2020, 1, 1)


def test_same_title_predecessor_is_judged_as_replaced_not_as_another_act(corpus):
    # a 2020 letter resolves "LAB" to the new act but cites an LBK of the old one of the same title
    st = corpus.document_status(_ref("LBK nr. 1342 af 21/11/2016"), date(2020, 3, 1), act_id="lab")
    assert st.status == "superseded"
    assert st.act == "lab_2003" and st.replaced_by == ("lab", date(2020, 1, 1))


def test_not_yet_in_force(corpus):
    st = corpus.document_status(_ref("lov nr. 548 af 7. maj 2019"), date(2019, 12, 31))
    assert st.status == "not_yet_in_force"
    assert st.since == date(2020, 1, 1)
    assert corpus.document_status(_ref("lov nr. 548 af 7. maj 2019"), date(2020, 1, 1)).status == "current"


def test_other_act_wrong_date_wrong_number(corpus):
    on = date(2020, 6, 1)
    other = corpus.document_status(_ref("LBK nr. 1032 af 23/06/2016"), on, act_id="aktivloven")
    assert other.status == "other_act" and other.version.act == "sygedagpengeloven"
    wrong_day = corpus.document_status(_ref("LBK nr. 1032 af 24/06/2016"), on, act_id="sygedagpengeloven")
    assert wrong_day.status == "wrong_date" and wrong_day.mismatch == "date"
    assert wrong_day.version.date == date(2016, 6, 23)
    wrong_no = corpus.document_status(_ref("LBK nr. 1033 af 23/06/2016"), on, act_id="sygedagpengeloven")
    assert wrong_no.status == "wrong_date" and wrong_no.mismatch == "number"
    # without an act, a known number in the same year with another day still means a wrong date
    bare = corpus.document_status(_ref("LBK nr. 1032 af 24/06/2016"), on)
    assert bare.status == "wrong_date" and bare.act == "sygedagpengeloven"


def test_newer_than_newest_known_is_stale_not_wrong(corpus):
    st = corpus.document_status(_ref("LBK nr. 5 af 10/01/2026"), date(2026, 3, 1), act_id="aktivloven")
    assert st.status == "stale"
    assert "corpus may be stale" in st.message
    older_unknown = corpus.document_status(
        _ref("LBK nr. 5 af 10/01/2010"), date(2026, 3, 1), act_id="aktivloven"
    )
    assert older_unknown.status == "unknown"


def test_unknown_means_the_corpus_does_not_say(corpus):
    st = corpus.document_status(_ref("LBK nr. 77 af 01/02/2003"), date(2010, 1, 1))
    assert st.status == "unknown"
    assert st.message.startswith("the corpus does not know")


def test_current_beyond_verified_until_says_so(corpus):
    st = corpus.document_status(_ref("LBK nr. 1004 af 30/06/2025"), date(2026, 2, 1), act_id="aktivloven")
    assert st.status == "current"
    assert st.beyond_verified
    assert "newer version may exist" in st.message


def test_likely_facts_are_marked(corpus):
    st = corpus.document_status(_ref("LBK nr. 1460 af 12/12/2007"), date(2008, 1, 1), act_id="aktivloven")
    assert st.status == "current"
    assert st.confidence == "likely"
    assert "unconfirmed" in st.message


# ---------------------------------------------------------------------------------------------- sections
def test_aktivloven_section_25_moves_on_1_july_2025(corpus):
    before = corpus.section_status("aktivloven", "§ 25", date(2025, 6, 30))
    after = corpus.section_status("aktivloven", "25", date(2025, 7, 1))
    assert before.status == "exists"
    assert after.status == "moved"
    assert after.moved_to == "§§ 16-20"
    assert after.since == date(2025, 7, 1)
    assert after.source.startswith("https://")


def test_new_sections_exist_only_from_the_reform(corpus):
    assert corpus.section_status("aktivloven", "16", date(2025, 7, 1)).status == "exists"
    assert corpus.section_status("aktivloven", "16", date(2025, 6, 30)).status == "unknown"


def test_sections_the_corpus_has_no_fact_about_are_unknown(corpus):
    st = corpus.section_status("aktivloven", "34", date(2025, 10, 1))
    assert st.status == "unknown"  # § 34 is a known gap: no fact, so never "wrong"
    assert corpus.section_status("no_such_act", "1", date(2025, 1, 1)).status == "unknown"


# ------------------------------------------------------------------------------------------ bodies/terms
def test_beskaeftigelsesankenaevnet_abolished_1_july_2013(corpus):
    text = "Du kan klage til Beskæftigelsesankenævnet inden 4 uger."
    assert corpus.bodies_abolished(text, date(2013, 6, 30)) == []
    found = corpus.bodies_abolished(text, date(2013, 7, 1))
    assert [m.body.id for m in found] == ["beskaeftigelsesankenaevn"]
    assert text[found[0].start : found[0].end] == "Beskæftigelsesankenævnet"
    assert found[0].body.successor.startswith("Ankestyrelsen")


def test_body_variants_and_undated_bodies(corpus):
    text = "klage til Det Sociale\nNævn eller Statsforvaltningen; Arbejdsmarkedsstyrelsen har oplyst"
    found = corpus.bodies_abolished(text, date(2020, 1, 1))
    assert [m.body.id for m in found] == ["sociale_naevn", "statsforvaltningen"]
    # Arbejdsmarkedsstyrelsen is known but its abolition date is not: it is found, never flagged
    assert "arbejdsmarkedsstyrelsen" in [m.body.id for m in corpus.find_bodies(text)]


def test_terms_outdated_from_the_change(corpus):
    text = "Du modtager uddannelseshjælp og selvforsørgelses-\nog hjemrejseydelse efter 225-timers reglen."
    assert corpus.terms_outdated(text, date(2025, 6, 30)) == []
    ids = [m.term.id for m in corpus.terms_outdated(text, date(2025, 7, 1))]
    assert ids == ["uddannelseshjaelp", "selvforsoergelses_og_hjemrejseydelse", "timersregel_225"]


def test_integrationsydelse_date_is_only_an_upper_bound(corpus):
    term = corpus.term("integrationsydelse")
    assert term.changed == date(2025, 7, 1)
    assert term.changed_precision == "no_later_than"


# ------------------------------------------------------------------------------------------------- rates
def test_rate_for_by_period(corpus):
    r = corpus.rate_for("kontanthjaelp", "forsoerger", date(2016, 6, 1))
    assert r is not None and r.amount == Decimal("14575.00") and r.unit == "month"
    # the 2016 rate applies from 4 January 2016 (the source says so); before that the corpus has none
    assert corpus.rate_for("kontanthjaelp", "forsoerger", date(2016, 1, 3)) is None
    assert corpus.rate_for("kontanthjaelp", "forsoerger", date(2015, 6, 1)) is None  # gap year


def test_rate_without_category_only_when_unambiguous(corpus):
    assert corpus.rate_for("kontanthjaelp", None, date(2016, 6, 1)) is None
    week = corpus.rate_for("sygedagpenge_hoejeste_beloeb", "per_uge", date(2019, 3, 1))
    assert week is not None and week.amount == Decimal("4355.00") and week.unit == "week"


def test_every_fact_has_a_source(corpus):
    for act in corpus.acts.values():
        assert act.source.startswith("http")
        for v in act.versions:
            assert v.source.startswith("http"), v.label
            assert v.confidence in ("confirmed", "likely")
        for f in act.sections:
            assert f.source.startswith("http")
    for item in [*corpus.bodies, *corpus.terms, *corpus.rates]:
        assert item.source.startswith("http")


def test_required_acts_are_present(corpus):
    required = {
        "aktivloven", "sygedagpengeloven", "retssikkerhedsloven", "forvaltningsloven", "lab", "lab_2003", "lob",
        "pensionsloven", "foertidspensionsloven", "serviceloven", "integrationsloven", "barselsloven",
        "kompensationsloven", "offentlighedsloven", "databeskyttelsesloven",
    }  # fmt: skip
    assert required <= set(corpus.acts)
    assert corpus.acts["lab"].versions[0].key == ("LOV", 548, date(2019, 5, 7))
    assert corpus.acts["lab_2003"].replaced_by == ("lab", date(2020, 1, 1))
    assert corpus.acts["persondataloven"].replaced_by == ("databeskyttelsesloven", date(2018, 5, 25))
