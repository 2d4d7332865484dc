"""Hostile and random text: the extractor is linear, never crashes, and its spans always point into the letter.

The 1 MB tests have no wall-clock assertion: a super-linear pattern would blow through pytest-timeout's default
(120 s, pyproject.toml), which is the bound. At linear speed they take a few seconds.
"""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from lettercheck.extract.citations import extract_citations
from lettercheck.extract.tokenize import clean_text
from tests.extract.test_citations_fakes import fake_corpus

CORPUS = fake_corpus()
MB = 1_000_000


def _check_spans(text: str) -> int:
    cits = extract_citations(text, CORPUS)
    for c in cits:
        assert 0 <= c.start <= c.end <= len(text)
        assert text[c.start : c.end] == c.text
        if c.resolved_from is not None:
            assert 0 <= c.resolved_from < len(cits)
    return len(cits)


def test_one_megabyte_of_section_signs_and_stk() -> None:
    unit = "§ § § stk. stk. 1 2 3 §§ 4-5, 6 og 7 stk. 2, nr. 3, litra a-c, 1.-3. pkt. "
    text = (unit * (MB // len(unit) + 1))[:MB]
    assert _check_spans(text) > 0


def test_one_megabyte_without_spaces() -> None:
    text = ("§§§§stk.stk.1234567890-" * (MB // 23 + 1))[:MB]
    _check_spans(text)


def test_one_megabyte_of_near_misses() -> None:
    """Everything that starts a citation but never finishes one, in one long run."""
    parts = [
        "lov nr. ",
        "lovbekendtgørelse nr. 12 af ",
        "aktivlovens ",
        "lov om ",
        "samme lovs ",
        "bekendtgørelse af lov om ",
        "retsinformation.dk/eli/",
        "kapitel ",
        "stk. ",
        "§§ 1, ",
        "(",
        "x" * 45,
        "loven ",
    ]
    rng = random.Random(4)
    out: list[str] = []
    size = 0
    while size < MB:
        p = rng.choice(parts)
        out.append(p)
        size += len(p)
    _check_spans("".join(out)[:MB])


def test_one_long_list() -> None:
    text = "§§ " + ", ".join(str(i % 999 + 1) for i in range(100_000)) + " i aktivloven"
    cits = extract_citations(text, CORPUS)
    assert len(cits) == 100_000
    assert {c.act for c in cits} == {"aktivloven"}


def test_many_acts_in_one_sentence() -> None:
    """Short-form resolution stays O(1) per citation however many acts one sentence names."""
    text = "".join(f"x{i}loven og § {i % 999 + 1} og " for i in range(40_000))
    cits = extract_citations(text, CORPUS)
    assert len(cits) == 80_000
    assert all(c.unresolved for c in cits[1::2][1:])  # every bare § after two or more acts is ambiguous


def test_character_whose_lowercase_is_longer() -> None:
    """ "İ" lowercases to two characters; offsets must not shift (and the scan stays fast on 1 MB)."""
    text = "İ efter aktivlovens § 11, stk. 2. " * (MB // 34)
    cits = extract_citations(text, CORPUS)
    assert len(cits) == MB // 34
    assert {(c.act, c.section, c.stk, c.text) for c in cits} == {
        ("aktivloven", "11", "2", "aktivlovens § 11, stk. 2")
    }


def test_many_enumeration_labels() -> None:
    _check_spans("§§ " + "1), " * 200_000)


def test_one_long_word_and_long_whitespace() -> None:
    _check_spans("a" * MB)
    _check_spans("§" + " \n\t\u00a0" * (MB // 4) + "11")
    _check_spans("lov" + "-\n" * (MB // 2))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "§",
                "§§",
                " ",
                "\n",
                "-",
                "\u00a0",
                "\u00ad",
                ", ",
                " og ",
                "stk.",
                "Stk.",
                "nr.",
                "pkt.",
                "litra",
                "kapitel",
                "1",
                "22",
                "a",
                "i",
                ".",
                "(",
                ")",
                "jf.",
                "aktivlovens",
                "lov om aktiv socialpolitik",
                "LAS",
                "lovens",
                "samme lov",
                "lov nr.",
                "LBK",
                "af",
                "9. juni 2006",
                "23/06/2016",
                "om ændring af",
                "https://www.retsinformation.dk/eli/lta/2020/241",
            ]
        ),
        max_size=40,
    )
)
def test_random_token_soup(tokens: list[str]) -> None:
    _check_spans("".join(tokens))


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_random_text(text: str) -> None:
    _check_spans(text)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \n\t\u00a0\u2009-\u00adabcæø§12.,", max_size=200))
def test_clean_text_maps_every_offset_back(text: str) -> None:
    ct = clean_text(text)
    assert "  " not in ct.text
    for i, ch in enumerate(ct.text):
        o = ct.original_offset(i)
        assert 0 <= o < len(text)
        assert text[o] == ch or (ch == " " and text[o].isspace())
    # offsets only ever move forward
    offsets = [ct.original_offset(i) for i in range(len(ct.text))]
    assert offsets == sorted(offsets)
