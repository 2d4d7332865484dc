"""Short forms and their antecedents: resolved to the nearest one, as eyecite resolves id./supra, and never
guessed — an ambiguous antecedent leaves the citation ``unresolved``."""

from __future__ import annotations

from typing import Any

import pytest

from lettercheck.extract.citations import Citation, extract_citations
from tests.extract.test_citations_fakes import fake_corpus

CORPUS = fake_corpus()


def run(text: str) -> list[Citation]:
    return extract_citations(text, CORPUS)


def fields(c: Citation) -> tuple[Any, ...]:
    return (c.act, c.section, c.stk, c.short_form, c.resolved_from, c.unresolved)


def test_lovens_takes_the_act_named_before() -> None:
    got = run("Du får hjælp efter aktivlovens § 11. Efter lovens § 24 skal du oplyse om ændringer.")
    assert [fields(c) for c in got] == [
        ("aktivloven", "11", None, False, None, False),
        ("aktivloven", "24", None, True, 0, False),
    ]
    # the act words of a resolved short form are its antecedent's
    assert got[1].act_text == "aktivlovens"


def test_lovens_with_nothing_before_is_unresolved() -> None:
    [c] = run("Efter lovens § 24, stk. 1, skal du oplyse om ændringer.")
    assert fields(c) == (None, "24", "1", True, None, True)
    assert c.act_text is None


def test_ambiguous_antecedent_is_unresolved() -> None:
    got = run(
        "Efter § 24 i aktivloven og § 5 i sygedagpengeloven har du pligt. Efter lovens § 7 kan vi standse."
    )
    assert fields(got[-1]) == (None, "7", None, True, None, True)


def test_samme_lov_and_denne_lov() -> None:
    got = run(
        "Vi har truffet afgørelse efter sygedagpengelovens § 7. Efter § 9 i samme lov kan du klage. "
        "Kommunen skal efter denne lov følge op."
    )
    assert [fields(c) for c in got] == [
        ("sygedagpengeloven", "7", None, False, None, False),
        ("sygedagpengeloven", "9", None, True, 0, False),
        ("sygedagpengeloven", None, None, True, 1, False),
    ]


def test_samme_lovs() -> None:
    got = run("efter retssikkerhedslovens § 10 og samme lovs § 11")
    assert [(c.act, c.section, c.short_form) for c in got] == [
        ("retssikkerhedsloven", "10", False),
        ("retssikkerhedsloven", "11", True),
    ]


def test_jf_stk_takes_the_same_section() -> None:
    got = run("Du har ret til hjælp efter aktivlovens § 11, stk. 1, jf. stk. 2.")
    assert [fields(c) for c in got] == [
        ("aktivloven", "11", "1", False, None, False),
        ("aktivloven", "11", "2", True, 0, False),
    ]


def test_jf_section_inherits_the_act() -> None:
    got = run("Hjælpen er beregnet efter aktivlovens § 24, jf. § 25.")
    assert [fields(c) for c in got] == [
        ("aktivloven", "24", None, False, None, False),
        ("aktivloven", "25", None, True, 0, False),
    ]


def test_jf_inherits_from_the_reference_it_leans_on_not_an_earlier_one() -> None:
    got = run("efter aktivlovens § 11 og forvaltningslovens § 19, jf. § 20")
    assert [(c.act, c.section) for c in got][-1] == ("forvaltningsloven", "20")


def test_capitalised_stk_after_jf_is_a_reference_not_a_heading() -> None:
    got = run("Du har ret til hjælp efter aktivlovens § 11, stk. 1. Se også jf. Stk. 3.")
    assert [(c.section, c.stk, c.short_form) for c in got] == [("11", "1", False), ("11", "3", True)]


def test_stk_in_samme_bestemmelse() -> None:
    got = run(
        "Efter sygedagpengelovens § 7, stk. 1, er du uarbejdsdygtig. Se også stk. 3 i samme bestemmelse."
    )
    assert [fields(c) for c in got] == [
        ("sygedagpengeloven", "7", "1", False, None, False),
        ("sygedagpengeloven", "7", "3", True, 0, False),
    ]


def test_stk_after_several_sections_is_unresolved() -> None:
    got = run("Efter §§ 22-24 i aktivloven, jf. stk. 2, har du ret til hjælp.")
    assert fields(got[-1]) == (None, None, "2", True, None, True)


def test_orphan_stk_with_nothing_before_is_unresolved() -> None:
    [c] = run("Hjælp, der efterbetales som følge af stk. 2, er ikke formue.")
    assert fields(c) == (None, None, "2", True, None, True)


def test_bare_section_takes_the_act_named_before() -> None:
    got = run(
        "Aktivloven § 13\nDet er en betingelse for at få kontanthjælp efter § 11, at du står til rådighed."
    )
    assert [fields(c) for c in got] == [
        ("aktivloven", "13", None, False, None, False),
        ("aktivloven", "11", None, True, 0, False),
    ]


def test_bare_section_with_no_act_before_is_a_plain_citation() -> None:
    [c] = run("En person kan få fleksløntilskud efter § 123.")
    assert fields(c) == (None, "123", None, False, None, False)


def test_bare_section_after_two_acts_is_unresolved() -> None:
    got = run("Efter offentlighedsloven og forvaltningsloven skal du have svar, jf. dog § 36.")
    assert fields(got[-1]) == (None, "36", None, True, None, True)


def test_short_form_refers_to_a_law_not_to_an_order() -> None:
    got = run(
        "Efter lov om social pension § 13 skal der sendes meddelelse. I § 2 i bekendtgørelse om social pension "
        "står der noget andet. Derfor er lovens § 13 ikke overholdt."
    )
    assert [(c.act, c.section) for c in got] == [
        ("pensionsloven", "13"),
        (None, "2"),
        ("pensionsloven", "13"),
    ]
    assert got[-1].resolved_from == 0


def test_unknown_act_is_a_valid_antecedent() -> None:
    got = run(
        "revision af lov om etablering af en ordning for borgerforslag (borgerforslagsloven), jf. lovens § 4."
    )
    assert [(c.act, c.section, c.short_form, c.unresolved) for c in got] == [
        (None, None, False, False),
        (None, "4", True, False),
    ]
    assert got[1].act_text == got[0].act_text == "lov om etablering af en ordning for borgerforslag"


def test_documents_under_their_act() -> None:
    got = run(
        "Lov om en aktiv beskæftigelsesindsats § 100\n\nLov nr. 548 af 7. maj 2019,\njf. lovbekendtgørelse nr. 280 af 1. marts 2024"
    )
    assert [(c.act, c.section, c.document.number if c.document else None) for c in got] == [
        ("lab", "100", None),
        ("lab", None, 548),
        ("lab", None, 280),
    ]


def test_amending_documents_do_not_take_the_act() -> None:
    got = run(
        "I lov om aktiv socialpolitik foretages ændringer, som ændret ved lov nr. 701 af 8. juni 2018 og lov nr. 551 af 7. maj 2019."
    )
    assert [c.act for c in got] == ["aktivloven", None, None]


@pytest.mark.parametrize("text", ["§ 24 i loven", "lovens § 24", "samme lovs § 24", "§ 24 i denne lov"])
def test_every_short_act_form_is_short(text: str) -> None:
    got = run(f"Efter aktivlovens § 11 og {text} har du ret til hjælp.")
    assert (got[-1].act, got[-1].section, got[-1].short_form, got[-1].resolved_from) == (
        "aktivloven",
        "24",
        True,
        0,
    )


def test_resolved_from_points_into_the_returned_list() -> None:
    got = run("Efter §§ 22-24 i aktivloven og forvaltningslovens § 19. Se lovens § 20.")
    last = got[-1]
    assert last.unresolved  # two acts in the antecedent sentence
    got = run("Efter §§ 22-24 i aktivloven. Se lovens § 20.")
    assert got[-1].resolved_from == 2 and got[2].section == "24"
