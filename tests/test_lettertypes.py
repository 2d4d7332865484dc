"""Letter type classification (data first, then heading, then phrases) and heading/section detection."""

from __future__ import annotations

import pytest

from lettercheck.lettertypes import build_structure, classify, heading_text, is_empty_content, letter_lines
from lettercheck.model import Letter, TextBuilder
from lettercheck.packs import load_packs
from tests.conftest import letter_from_text


def pdf_like(lines: list[str], breaks_after: frozenset[int] = frozenset()) -> Letter:
    """A letter as the PDF reader builds it: wrapped source lines joined by a space, each mapped to its line.

    ``breaks_after`` are line numbers whose line break the reader keeps ("\\n").
    """
    b = TextBuilder()
    for n, line in enumerate(lines, start=1):
        b.lines[(None, 1, n)] = line
        b.append(line, page=1, line=n, column=1)
        if n < len(lines):
            b.append_synthetic("\n" if n in breaks_after else " ")
    return Letter.from_builder("letter.pdf", "pdf", b)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Afgørelse om kontanthjælp", "afgoerelse"),
        ("AFGØRELSE", "afgoerelse"),
        ("Afslag på enkeltydelse til tandbehandling", "afgoerelse"),
        ("Svar på din ansøgning om personligt tillæg", "afgoerelse"),
        ("Afgørelse om tilbagebetaling af sygedagpenge", "tilbagebetaling"),
        ("Krav om tilbagebetaling", "tilbagebetaling"),
        ("Partshøring – vi overvejer at stoppe din kontanthjælp", "partshoering"),
        ("Varsel om tilbagebetaling af kontanthjælp", "partshoering"),
        ("Vi påtænker at nedsætte din ydelse", "partshoering"),
        ("Udbetalingsspecifikation for oktober 2025", "udbetaling"),
        ("Udbetaling af kontanthjælp for november 2025", "udbetaling"),
        ("Orientering om nye regler for kontanthjælp", "orientering"),
        ("Information om det nye kontanthjælpssystem", "orientering"),
    ],
)
def test_type_from_heading(title: str, expected: str) -> None:
    letter = letter_from_text(
        f"Vestby Kommune\nRådhuspladsen 1\n\n14. oktober 2025\n\n{title}\n\nBrødtekst her.\n"
    )
    t, reason = classify(letter, load_packs())
    assert t == expected
    assert reason == f"heading {title!r} on line 6 matches letter type {expected!r}"


def test_type_from_the_letter_data_comes_first() -> None:
    letter = letter_from_text("Afgørelse om kontanthjælp\n", data={"type": "Udbetaling"})
    assert classify(letter) == ("udbetaling", "letter data: type 'Udbetaling'")


def test_type_set_by_the_reader_is_kept() -> None:
    letter = letter_from_text("Orientering\n", letter_type="repayment")
    assert classify(letter)[0] == "tilbagebetaling"
    letter = letter_from_text(
        "Orientering\n", letter_type="afgoerelse", letter_type_reason="MeMo ContentData"
    )
    assert classify(letter) == ("afgoerelse", "MeMo ContentData")


def test_unknown_data_value_falls_back_to_the_heading_and_says_so() -> None:
    letter = letter_from_text("Afgørelse om boligstøtte\n", data={"type": "brev-42"})
    t, reason = classify(letter)
    assert t == "afgoerelse"
    assert reason.startswith(
        "letter data type 'brev-42' is not a known letter type; heading 'Afgørelse om boligstøtte'"
    )


def test_type_from_phrases_when_no_heading() -> None:
    letter = letter_from_text(
        "Kære Mette\n\nVi har besluttet, at du ikke kan få hjælp. Du kan klage over afgørelsen inden 4 uger.\n"
    )
    t, reason = classify(letter)
    assert t == "afgoerelse"
    assert reason.startswith("no type heading; phrases 'Vi har besluttet'")


def test_unrecognised_letter_has_no_type() -> None:
    letter = letter_from_text("Kære Mette\n\nTak for en god snak i dag.\n")
    t, reason = classify(letter)
    assert t is None
    assert reason == "no type in the letter's data, no type heading in its first 2 lines, no type phrase"


def test_headings_beyond_the_top_do_not_decide_the_type() -> None:
    body = "\n".join(f"Linje {i} i et langt brev." for i in range(60))
    letter = letter_from_text(f"Kære Mette\n{body}\nOrientering\n")
    assert classify(letter)[0] is None


def test_a_wrapped_sentence_ending_is_not_a_heading() -> None:
    letter = letter_from_text("Kære Mette\n\nDu kan læse mere om dine muligheder i\nklagevejledningen.\n")
    st = build_structure(letter, load_packs())
    assert st.headings == ()


def test_heading_on_its_own_source_line_in_joined_pdf_text() -> None:
    # the PDF reader kept no line break after the headings, but they sit on their own source lines
    letter = pdf_like(
        [
            "Afgørelse om hjælp til flytning",
            "Vi har besluttet at give dig afslag.",
            "Klagevejledning",
            "Du kan klage til kommunen inden 4 uger.",
        ]
    )
    assert "\n" not in letter.text
    assert [ln.text for ln in letter_lines(letter)] == [
        "Afgørelse om hjælp til flytning",
        "Vi har besluttet at give dig afslag.",
        "Klagevejledning",
        "Du kan klage til kommunen inden 4 uger.",
    ]
    assert classify(letter)[0] == "afgoerelse"
    st = build_structure(letter, load_packs())
    assert [(h.kind, h.id) for h in st.headings] == [("element", "klagevejledning")]
    block = st.blocks[0]
    assert (
        letter.text[block.content_start : block.content_end].strip()
        == "Du kan klage til kommunen inden 4 uger."
    )
    assert letter.locate(block.heading.line.start).line == 3


def test_sections_run_to_the_next_heading() -> None:
    letter = letter_from_text(
        "Afgørelse om kontanthjælp\n\n1. Begrundelse\nVi har lagt vægt på din indtægt.\n\n"
        "2. Klagevejledning:\nDu kan klage inden 4 uger.\n\nMed venlig hilsen\nJens\n"
    )
    st = build_structure(letter, load_packs())
    assert [(h.id, h.terminator) for h in st.headings] == [
        ("begrundelse", False),
        ("klagevejledning", False),
        ("closing", True),
    ]
    texts = [letter.text[b.content_start : b.content_end].strip() for b in st.blocks]
    assert texts == ["Vi har lagt vægt på din indtægt.", "Du kan klage inden 4 uger.", "Jens"]


@pytest.mark.parametrize(
    ("line", "text"),
    [
        ("1. Begrundelse", "Begrundelse"),
        ("Klagevejledning:", "Klagevejledning"),
        ("  A)  Lovgrundlag ", "Lovgrundlag"),
    ],
)
def test_heading_text(line: str, text: str) -> None:
    assert heading_text(line) == text


@pytest.mark.parametrize(
    ("content", "empty"),
    [
        ("", True),
        ("\n  \n", True),
        (" - ", True),
        ("…", True),
        ("N/A", True),
        ("Du kan klage.", False),
        ("4", False),
    ],
)
def test_empty_content(content: str, empty: bool) -> None:
    assert is_empty_content(content, load_packs()) is empty


def test_line_keys_are_the_run_starts_and_line_key_list() -> None:
    letter = pdf_like(["Afgørelse", "Du får", "kontanthjælp."], breaks_after=frozenset({1}))
    starts, keys = letter.map.line_keys()
    assert starts == letter.map.run_starts()
    assert (
        keys
        == letter.map.line_key_list()
        == [(None, 1, 1), (None, 1, 1), (None, 1, 2), (None, 1, 2), (None, 1, 3)]
    )
    assert [ln.text for ln in letter_lines(letter)] == ["Afgørelse", "Du får", "kontanthjælp."]
