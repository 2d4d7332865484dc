"""The Danish statute citation extractor: every written form, with its full structured result.

Each case states the whole ``Citation.to_dict()`` the extractor must return, so a change in any field shows.
The corpus is a small fake (test_citations_fakes.py) so the grammar's tests do not move when the real corpus
grows; tests at the end run the same forms against the bundled corpus.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from lettercheck.extract.citations import (
    Citation,
    DocumentRef,
    extract_citations,
    format_citation,
    format_citation_dict,
)
from lettercheck.model import Letter, TextBuilder
from tests.extract.test_citations_fakes import FakeAct, fake_corpus

CORPUS = fake_corpus()

KEYS = [
    "act",
    "act_text",
    "section",
    "stk",
    "nr",
    "pkt",
    "litra",
    "chapter",
    "document",
    "eli",
    "start",
    "end",
    "page",
    "line",
    "text",
    "short_form",
    "resolved_from",
    "unresolved",
]


def doc(type_: str | None, number: int, day: str | None = None) -> dict[str, Any]:
    return {"type": type_, "number": number, "date": day}


def cite(source: str, cited: str, occurrence: int = 0, **fields: Any) -> dict[str, Any]:
    """The full dict for a citation whose words are ``cited`` (the ``occurrence``-th time they appear)."""
    start = -1
    for _ in range(occurrence + 1):
        start = source.index(cited, start + 1)
    d: dict[str, Any] = dict.fromkeys(KEYS)
    d.update(short_form=False, unresolved=False, start=start, end=start + len(cited), text=cited)
    d.update(fields)
    return d


def run(text: str, **kw: Any) -> list[dict[str, Any]]:
    return [c.to_dict() for c in extract_citations(text, CORPUS, **kw)]


# ---------------------------------------------------------------------------------------------- provisions

PROVISIONS = [
    ("§ 11", [{"section": "11"}]),
    ("§11", [{"section": "11"}]),
    ("§ 11 a", [{"section": "11 a"}]),
    ("§ 11a", [{"section": "11 a"}]),
    ("§ 11 c, stk. 2", [{"section": "11 c", "stk": "2"}]),
    ("§ 11, stk. 1, nr. 2", [{"section": "11", "stk": "1", "nr": "2"}]),
    ("§ 11, stk. 1, 2. pkt.", [{"section": "11", "stk": "1", "pkt": "2"}]),
    ("§ 11, stk. 1, nr. 2, litra a", [{"section": "11", "stk": "1", "nr": "2", "litra": "a"}]),
    ("§ 2, nr. 2", [{"section": "2", "nr": "2"}]),
    (
        "§ 7, stk. 5, 1. og 2. pkt.",
        [{"section": "7", "stk": "5", "pkt": "1"}, {"section": "7", "stk": "5", "pkt": "2"}],
    ),
    ("kapitel 4", [{"chapter": "4"}]),
    ("kapitel 3 a", [{"chapter": "3 a"}]),
]


@pytest.mark.parametrize(("written", "expected"), PROVISIONS, ids=[p[0] for p in PROVISIONS])
def test_provision_forms(written: str, expected: list[dict[str, Any]]) -> None:
    source = f"Det følger af {written}, at du har ret til hjælp."
    assert run(source) == [cite(source, written, **e) for e in expected]


def test_stk_and_nr_after_a_section_take_that_section() -> None:
    source = "Efter § 11, stk. 1, har du ret til hjælp. Betingelserne i stk. 2, nr. 3, er opfyldt."
    got = run(source)
    assert got == [
        cite(source, "§ 11, stk. 1", section="11", stk="1"),
        cite(source, "stk. 2, nr. 3", section="11", stk="2", nr="3", short_form=True, resolved_from=0),
    ]


def test_chapter_with_act_before_it() -> None:
    source = "Reglerne står i aktivlovens kapitel 4."
    assert run(source) == [
        cite(source, "aktivlovens kapitel 4", act="aktivloven", act_text="aktivlovens", chapter="4")
    ]


# ---------------------------------------------------------------------------------------- lists and ranges

LISTS = [
    ("§§ 22-24", [("22", None), ("23", None), ("24", None)]),
    ("§§ 22 og 24", [("22", None), ("24", None)]),
    ("§§ 22, 23 og 24", [("22", None), ("23", None), ("24", None)]),
    ("§ 57 b, stk. 4-6", [("57 b", "4"), ("57 b", "5"), ("57 b", "6")]),
    ("§§ 11 a-11 c", [("11 a", None), ("11 b", None), ("11 c", None)]),
    ("§§ 11 a-c", [("11 a", None), ("11 b", None), ("11 c", None)]),
    ("§ 82 a og b", [("82 a", None), ("82 b", None)]),
    ("§ 44/84", [("44", None), ("84", None)]),
    ("§ 26, stk. 1 og 2, og § 26 a, stk. 1", [("26", "1"), ("26", "2"), ("26 a", "1")]),
    ("§§ 60, stk. 2 og 64, stk. 2", [("60", "2"), ("64", "2")]),
]


@pytest.mark.parametrize(("written", "expected"), LISTS, ids=[p[0] for p in LISTS])
def test_lists_and_ranges_expand_to_one_citation_per_provision(
    written: str, expected: list[tuple[str, str | None]]
) -> None:
    source = f"Hjælpen gives efter {written}."
    got = extract_citations(source, CORPUS)
    assert [c.to_dict() for c in got] == [cite(source, written, section=s, stk=k) for s, k in expected]
    assert len({c.group for c in got}) == 1  # one written reference: one group


def test_nr_range() -> None:
    source = "jf. § 11, stk. 1, nr. 1-3."
    written = "§ 11, stk. 1, nr. 1-3"
    assert run(source) == [cite(source, written, section="11", stk="1", nr=n) for n in ("1", "2", "3")]


def test_litra_list() -> None:
    source = "efter § 5, nr. 2, litra a og b"
    written = "§ 5, nr. 2, litra a og b"
    assert run(source) == [cite(source, written, section="5", nr="2", litra=x) for x in ("a", "b")]


def test_huge_range_keeps_its_ends() -> None:
    source = "§§ 1-5000 gælder ikke"
    assert [c.section for c in extract_citations(source, CORPUS)] == ["1", "5000"]


def test_a_list_stops_at_a_quantity() -> None:
    source = "efter § 11 og 12 måneder efter"
    assert [c.section for c in extract_citations(source, CORPUS)] == ["11"]


# ------------------------------------------------------------------------------------------ acts after §

ACT_AFTER = [
    ("§ 11 i lov om aktiv socialpolitik", "aktivloven", "lov om aktiv socialpolitik", None),
    ("§ 11 i aktivloven", "aktivloven", "aktivloven", None),
    ("§ 11 i LAS", "aktivloven", "LAS", None),
    (
        "§ 7 i lov nr. 563 af 9. juni 2006 om sygedagpenge",
        "sygedagpengeloven",
        "lov om sygedagpenge",
        doc("LOV", 563, "2006-06-09"),
    ),
    ("§ 7 i lovbekendtgørelse nr. 1032 af 23. juni 2016", None, None, doc("LBK", 1032, "2016-06-23")),
    (
        "§ 11 i bekendtgørelse af lov om aktiv socialpolitik",
        "aktivloven",
        "bekendtgørelse af lov om aktiv socialpolitik",
        None,
    ),
    ("§ 42 i Lov om Social Service", "serviceloven", "Lov om Social Service", None),
    ("§ 11 i loven om aktiv socialpolitik", "aktivloven", "loven om aktiv socialpolitik", None),
    ("§ 11 (tidligere gældende) i aktivloven", "aktivloven", "aktivloven", None),
]


@pytest.mark.parametrize(("written", "act", "act_text", "document"), ACT_AFTER, ids=[a[0] for a in ACT_AFTER])
def test_act_named_after_the_provision(
    written: str, act: str | None, act_text: str | None, document: dict[str, Any] | None
) -> None:
    source = f"Du får hjælp efter {written}. Det er besluttet."
    section = "7" if "§ 7" in written else ("42" if "§ 42" in written else "11")
    assert run(source) == [
        cite(source, written, act=act, act_text=act_text, section=section, document=document)
    ]


ACT_BEFORE = [
    ("aktivlovens § 34", "aktivloven", "aktivlovens", ["34"]),
    ("sygedagpengelovens § 7", "sygedagpengeloven", "sygedagpengelovens", ["7"]),
    ("forvaltningslovens §§ 22-24", "forvaltningsloven", "forvaltningslovens", ["22", "23", "24"]),
    ("retssikkerhedslovens § 67", "retssikkerhedsloven", "retssikkerhedslovens", ["67"]),
    ("LAS § 34", "aktivloven", "LAS", ["34"]),
    ("RSL § 67", "retssikkerhedsloven", "RSL", ["67"]),
    ("FVL § 25", "forvaltningsloven", "FVL", ["25"]),
    ("Serviceloven § 101", "serviceloven", "Serviceloven", ["101"]),
    ("lov om social service §112", "serviceloven", "lov om social service", ["112"]),
    (
        "Lov om retssikkerhed og administration på det sociale område, § 3",
        "retssikkerhedsloven",
        "Lov om retssikkerhed og administration på det sociale område",
        ["3"],
    ),
    ("Barnets lov § 90", "barnets_lov", "Barnets lov", ["90"]),
]


@pytest.mark.parametrize(
    ("written", "act", "act_text", "sections"), ACT_BEFORE, ids=[a[0] for a in ACT_BEFORE]
)
def test_act_named_before_the_provision(written: str, act: str, act_text: str, sections: list[str]) -> None:
    source = f"Det følger af {written} at du skal oplyse det."
    assert run(source) == [cite(source, written, act=act, act_text=act_text, section=s) for s in sections]


def test_two_acts_in_one_sentence() -> None:
    source = (
        "oplysninger som krævet efter integrationslovens § 49, stk. 2, eller § 11, stk. 2, i lov om "
        "retssikkerhed og administration på det sociale område."
    )
    got = extract_citations(source, CORPUS)
    assert [(c.act_text, c.section, c.stk) for c in got] == [
        ("integrationslovens", "49", "2"),
        ("lov om retssikkerhed og administration på det sociale område", "11", "2"),
    ]
    assert [c.act for c in got] == [None, "retssikkerhedsloven"]


def test_names_come_from_the_corpus() -> None:
    """An act added to the data is recognised at once, with its genitive, indefinite form and abbreviation."""
    source = "efter ferielovens § 7 og FL § 9, jf. den danske ferielov"
    assert [c.act for c in extract_citations(source, CORPUS)] == [None, None]  # unknown act: no id
    corpus = fake_corpus(FakeAct("ferieloven", "Lov om ferie", ("ferieloven",), ("FL",)))
    got = extract_citations(source, corpus)
    assert [(c.act, c.act_text, c.section) for c in got] == [
        ("ferieloven", "ferielovens", "7"),
        ("ferieloven", "FL", "9"),
        ("ferieloven", "ferielov", None),
    ]


def test_unknown_acts_keep_their_words() -> None:
    source = "efter arbejdsskadesikringslovens § 40 a og § 10 i lov om retssikkerhed ved forvaltningens anvendelse af tvangsindgreb."
    got = extract_citations(source, CORPUS)
    assert [(c.act, c.act_text, c.section) for c in got] == [
        (None, "arbejdsskadesikringslovens", "40 a"),
        (None, "lov om retssikkerhed ved forvaltningens anvendelse af tvangsindgreb", "10"),
    ]


# ----------------------------------------------------------------------------------------------- documents

DOCUMENTS = [
    ("lovbekendtgørelse nr. 1032 af 23. juni 2016", None, doc("LBK", 1032, "2016-06-23")),
    ("LBK nr. 1032 af 23/06/2016", None, doc("LBK", 1032, "2016-06-23")),
    ("LBK nr 1032 af 23.06.2016", None, doc("LBK", 1032, "2016-06-23")),
    ("lov nr. 563 af 9. juni 2006", None, doc("LOV", 563, "2006-06-09")),
    ("bekendtgørelse nr. 665 af 20. juni 2006 om sygedagpenge", None, doc("BEK", 665, "2006-06-20")),
    ("BEK nr. 1510 af 08/12/2016", None, doc("BEK", 1510, "2016-12-08")),
    ("vejledning nr. 9300 af 25. juni 2008", None, doc("VEJ", 9300, "2008-06-25")),
    ("lov nr. 217 af 16/5 1984", None, doc("LOV", 217, "1984-05-16")),
    ("lovbekendtgørelse nr. 241 af 12. February 2021", None, doc("LBK", 241, "2021-02-12")),
    ("cirkulære nr. 12 af 1. marts 2001", None, doc("CIR", 12, "2001-03-01")),
    ("skrivelse nr. 10057 af 25. november 2019", None, doc(None, 10057, "2019-11-25")),
]


@pytest.mark.parametrize(("written", "act", "document"), DOCUMENTS, ids=[d[0] for d in DOCUMENTS])
def test_document_references_on_their_own(written: str, act: str | None, document: dict[str, Any]) -> None:
    source = f"Reglerne findes i {written}. Se også borger.dk."
    assert run(source) == [cite(source, written, act=act, document=document)]


def test_eli_url() -> None:
    source = "Se https://www.retsinformation.dk/eli/lta/2020/241 for den gældende tekst."
    url = "https://www.retsinformation.dk/eli/lta/2020/241"
    assert run(source) == [cite(source, url, document=doc(None, 241), eli=url)]


def test_document_title_names_the_act() -> None:
    source = "I lov nr. 563 af 9. juni 2006 om sygedagpenge foretages følgende ændringer:"
    written = "lov nr. 563 af 9. juni 2006 om sygedagpenge"
    assert run(source) == [
        cite(
            source,
            written,
            act="sygedagpengeloven",
            act_text="lov om sygedagpenge",
            document=doc("LOV", 563, "2006-06-09"),
        )
    ]


def test_guidance_about_an_act_names_it() -> None:
    source = "vejledning nr. 21 af 24. februar 2004 om lov om retssikkerhed og administration på det sociale område."
    [c] = extract_citations(source, CORPUS)
    assert (c.act, c.document) == ("retssikkerhedsloven", DocumentRef("VEJ", 21, date(2004, 2, 24)))


def test_document_qualifying_a_provision_is_its_document() -> None:
    source = (
        "efter § 11 i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 241 af 9. marts 2020, har du ret"
    )
    written = "§ 11 i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 241 af 9. marts 2020"
    got = extract_citations(source, CORPUS)
    assert [c.to_dict() for c in got] == [
        cite(
            source,
            written,
            act="aktivloven",
            act_text="lov om aktiv socialpolitik",
            section="11",
            document=doc("LBK", 241, "2020-03-09"),
        )
    ]
    c = got[0]
    assert source[c.act_start : c.act_end] == "lov om aktiv socialpolitik"
    assert source[c.doc_start : c.doc_end] == "lovbekendtgørelse nr. 241 af 9. marts 2020"


def test_one_reference_one_group_for_its_document() -> None:
    source = "§§ 22-24 i lovbekendtgørelse nr. 269 af 21. marts 2017"
    got = extract_citations(source, CORPUS)
    assert [c.section for c in got] == ["22", "23", "24"]
    assert {c.group for c in got} == {0}
    assert {c.document for c in got} == {DocumentRef("LBK", 269, date(2017, 3, 21))}


def test_act_with_its_consolidation() -> None:
    source = "I lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 981 af 23. september 2019, foretages ændringer"
    written = "lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 981 af 23. september 2019"
    assert run(source) == [
        cite(
            source,
            written,
            act="aktivloven",
            act_text="lov om aktiv socialpolitik",
            document=doc("LBK", 981, "2019-09-23"),
        )
    ]


def test_heading_with_its_document() -> None:
    source = "Lov om sygedagpenge (sygedagpengeloven): LBK nr. 1032 af 23/06/2016"
    assert run(source) == [
        cite(
            source,
            source,
            act="sygedagpengeloven",
            act_text="Lov om sygedagpenge",
            document=doc("LBK", 1032, "2016-06-23"),
        )
    ]


def test_amending_act_has_no_act() -> None:
    source = "Ændringen følger af lov nr. 1000 af 30. august 2015 om ændring af lov om aktiv socialpolitik, integrationsloven og forskellige andre love."
    written = "lov nr. 1000 af 30. august 2015 om ændring af lov om aktiv socialpolitik, integrationsloven og forskellige andre love"
    assert run(source) == [cite(source, written, document=doc("LOV", 1000, "2015-08-30"))]


def test_as_amended_by_gives_separate_document_citations() -> None:
    source = (
        "I lov om sygedagpenge, jf. lovbekendtgørelse nr. 68 af 25. januar 2019, som ændret ved § 3 i lov nr. 701 "
        "af 8. juni 2018 og lov nr. 495 af 1. maj 2019, foretages følgende ændringer:"
    )
    got = extract_citations(source, CORPUS)
    assert [(c.act, c.section, c.document) for c in got] == [
        ("sygedagpengeloven", None, DocumentRef("LBK", 68, date(2019, 1, 25))),
        (None, "3", DocumentRef("LOV", 701, date(2018, 6, 8))),
        (None, None, DocumentRef("LOV", 495, date(2019, 5, 1))),
    ]


def test_document_with_provision_in_parentheses() -> None:
    source = "Lov nr. 434 af 8. maj 2006 (§ 11) er ikke indarbejdet."
    [c] = extract_citations(source, CORPUS)
    assert (c.section, c.document) == ("11", DocumentRef("LOV", 434, date(2006, 5, 8)))


def test_invalid_date_keeps_the_document_without_a_date() -> None:
    [c] = extract_citations("LBK nr. 12 af 31/02/2016", CORPUS)
    assert c.document == DocumentRef("LBK", 12, None)


# ---------------------------------------------------------------------------------------------- bare acts


@pytest.mark.parametrize(
    ("written", "act"),
    [
        ("efter lov om aktiv socialpolitik", "aktivloven"),
        ("efter aktivloven", "aktivloven"),
        ("i forvaltningslovens forstand", "forvaltningsloven"),
        ("efter offentlighedsloven", None),
        ("efter LAS", "aktivloven"),
    ],
)
def test_bare_act_mention_is_one_citation_without_section(written: str, act: str | None) -> None:
    source = f"Du har ret til hjælp {written}."
    [c] = extract_citations(source, CORPUS)
    assert c.act == act and c.section is None and c.chapter is None and c.document is None
    assert c.act_text is not None and c.act_text in written


def test_act_name_inside_a_provision_citation_is_not_a_separate_citation() -> None:
    source = "jf. §§ 36 og 37 i lov om aktiv socialpolitik (LAS)."
    assert [(c.act, c.section) for c in extract_citations(source, CORPUS)] == [
        ("aktivloven", "36"),
        ("aktivloven", "37"),
    ]


def test_alias_after_an_act_is_the_same_act() -> None:
    source = "§ 100 i lov om social service, jf. lovbekendtgørelse nr. 988 af 17. august 2017 med senere ændringer (herefter serviceloven)."
    assert [(c.act, c.section) for c in extract_citations(source, CORPUS)] == [("serviceloven", "100")]


def test_abbreviation_alone_needs_context() -> None:
    assert extract_citations("LAS holder møde i morgen.", CORPUS) == []


# -------------------------------------------------------------------------------------- lab / lab_2003


@pytest.mark.parametrize(
    ("on", "expected"),
    [(date(2019, 12, 31), "lab_2003"), (date(2020, 1, 1), "lab"), (None, "lab")],
)
def test_two_acts_with_one_title_are_told_apart_by_the_date(on: date | None, expected: str) -> None:
    source = "tilbud efter lov om en aktiv beskæftigelsesindsats"
    [c] = extract_citations(source, CORPUS, on=on)
    assert c.act == expected


def test_the_letter_date_is_the_default() -> None:
    letter = _letter(
        "tilbud efter § 32 i lov om en aktiv beskæftigelsesindsats", letter_date=date(2018, 5, 1)
    )
    [c] = extract_citations(letter, CORPUS)
    assert c.act == "lab_2003"


def test_a_cited_document_tells_the_act_apart() -> None:
    source = "lov om en aktiv beskæftigelsesindsats, jf. lovbekendtgørelse nr. 685 af 29. juni 2005"
    [c] = extract_citations(source, CORPUS, on=date(2025, 1, 1))
    assert c.act == "lab_2003"


# ------------------------------------------------------------------------------------ PDF text as it comes

PDF = [
    ("§\n11, stk.\n2, i lov om aktiv\nsocialpolitik", "11", "2", "aktivloven"),
    ("§ 11, stk. 2, i lov om aktiv social-\npolitik", "11", "2", "aktivloven"),
    ("§\u00a011,\u2009stk.\u202f2, i aktivloven", "11", "2", "aktivloven"),
    ("§ 11, stk.2, i aktivloven", "11", "2", "aktivloven"),
    ("§ 11 stk. 2 i aktivloven", "11", "2", "aktivloven"),
    ("§ 11, Stk. 2, i aktivloven", "11", "2", "aktivloven"),
    ("aktiv-\nlovens § 11,  stk.  2", "11", "2", "aktivloven"),
    ("akti\u00advlovens § 11, stk. 2", "11", "2", "aktivloven"),
    ("§ 11, stk. 2, i lov om aktiv social- politik", "11", "2", "aktivloven"),
]


@pytest.mark.parametrize(("written", "section", "stk", "act"), PDF, ids=[repr(p[0]) for p in PDF])
def test_pdf_text(written: str, section: str, stk: str, act: str) -> None:
    source = f"Du har ret til hjælp efter {written}.\nVi har lagt vægt på din økonomi."
    [c] = extract_citations(source, CORPUS)
    assert (c.act, c.section, c.stk) == (act, section, stk)
    # the span is the written words, exactly as they stand in the letter
    assert c.text == written
    assert source[c.start : c.end] == written


def test_stk_heading_is_not_a_reference() -> None:
    source = "§ 5. Kommunen yder hjælp.\nStk. 2. Hjælpen ydes efter ansøgning, jf. stk. 1.\nStk. 3 Hjælpen bortfalder."
    got = extract_citations(source, CORPUS)
    assert [(c.section, c.stk, c.short_form) for c in got] == [("5", None, False), ("5", "1", True)]


# ---------------------------------------------------------------------------------------------------- traps

TRAPS = [
    "Vi har købt 2 stk. æbler og 3 stk. pærer.",
    "Du bor på Vejnavn nr. 3, 2. sal.",
    "Ring på tlf. 33 41 12 00 eller 70 12 34 56 mellem kl. 9-15.",
    "Vi modtog din ansøgning den 23. juni 2016 og svarede af 9. marts 2020.",
    "Sagsnr. 2016-1032, j.nr. 27.15.00, sag nr. 20/04089 (J.nr. 1996-0489-025).",
    "Du får udbetalt 12.544 kr. den 1. november, i alt 1.032,50 kr.",
    "Ændringsforslag nr. 1, 11, 14-15 og 26-31 blev vedtaget.",
    "Ifølge loven skal vi svare inden 4 uger; loven gælder for alle.",
    "EF-forordning nr. 1408/71 og artikel 14, stk. 1, i forordningen.",
    "Den gældende bestemmelse i § … i lov om … medfører, at …",
    "Overblikkets afsnit 2.2 er opdateret (U 2023.2221 Ø) og KAPITEL 3 er nyt.",
    "Vi forventer svar i uge 28, 29 og 30.",
    "Se vejledning nr. 3 på side 2 og vores skrivelse nr. 2 om din sag.",
    "Vi har modtaget din lønseddel nr. 3 og kontoudtog nr. 12.",
]


@pytest.mark.parametrize("text", TRAPS)
def test_traps_give_nothing(text: str) -> None:
    assert extract_citations(text, CORPUS) == []


# ----------------------------------------------------------------------------------- output and locations


def _letter(text: str, letter_date: date | None = None) -> Letter:
    b = TextBuilder()
    for n, line in enumerate(text.split("\n"), start=1):
        b.append(line, page=1, line=n, column=1)
        b.append_synthetic("\n")
    return Letter.from_builder("letter.pdf", "pdf", b, date=letter_date)


def test_letter_gives_page_and_line() -> None:
    letter = _letter("Kære borger\nDu får hjælp efter\naktivlovens § 11, stk. 2.")
    [c] = extract_citations(letter, CORPUS)
    assert (c.page, c.line) == (1, 3)
    assert letter.text[c.start : c.end] == c.text == "aktivlovens § 11, stk. 2"


def test_plain_text_has_no_location() -> None:
    [c] = extract_citations("efter aktivlovens § 11", CORPUS)
    assert (c.page, c.line) == (None, None)


def test_to_dict_has_exactly_the_published_keys() -> None:
    [c] = extract_citations("efter aktivlovens § 11, jf. LBK nr. 241 af 12/02/2021", CORPUS)
    d = c.to_dict()
    assert list(d) == KEYS
    assert d["document"] == doc("LBK", 241, "2021-02-12")


def test_format_citation_is_one_line_with_location_act_provision_document() -> None:
    letter = _letter("Du får hjælp efter\naktivlovens § 11, stk. 2, jf. LBK nr. 241 af 12/02/2021.")
    [c] = extract_citations(letter, CORPUS)
    line = format_citation(c)
    assert "\n" not in line
    assert line.startswith("p1:2")
    assert "aktivloven" in line and "§ 11, stk. 2" in line and "LBK nr. 241 af 2021-02-12" in line


def test_format_citation_of_unresolved_short_form() -> None:
    [c] = extract_citations("efter lovens § 24", CORPUS)
    assert "(unresolved)" in format_citation(c)


def test_empty_text() -> None:
    assert extract_citations("", CORPUS) == []


def test_citation_provision_property() -> None:
    c = Citation(section="11", stk="1", nr="2", pkt="3", litra="a")
    assert c.provision == "§ 11, stk. 1, nr. 2, 3. pkt., litra a"
    assert Citation(chapter="4").provision == "kapitel 4"


def test_format_citation_dict_matches_format_citation() -> None:
    letter = _letter("efter aktivlovens § 11, stk. 2, jf. LBK nr. 241 af 12/02/2021, og lovens § 12")
    for c in extract_citations(letter, CORPUS):
        assert format_citation_dict(c.to_dict()) == format_citation(c)
