"""PDF reader: joined text, locations back to page/line/column, metadata, and the LC90x failures."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from lettercheck.model import ReadError
from lettercheck.readers import read_bytes
from lettercheck.readers.pdf import build_letter

BODY = [
    "Aalborg Kommune, Boulevarden 13, 9000 Aalborg",
    "Dato: 14. oktober 2025",
    "Afgørelse om kontanthjælp",
    "Du har ret til kontanthjælp efter § 11, stk. 2, i lov om aktiv social-",
    "politik, jf. lovbekendtgørelse nr. 1004 af 30. juni 2025. Kommunen har lagt",
    "vægt på, at du opfylder betingelserne for hjælp efter aktivlovens § 16,",
    "stk. 2, og at du står til rådighed for arbejdsmarkedet i hele perioden.",
    "Klagevejledning",
]


def make_pdf(pages: list[list[str]], title: str = "Afgørelse", lang: str | None = "da-DK") -> bytes:
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.setTitle(title)
    for lines in pages:
        y = 800
        for line in lines:
            c.drawString(72, y, line)
            y -= 14
        c.showPage()
    c.save()
    data = buf.getvalue()
    if lang:
        w = PdfWriter(clone_from=io.BytesIO(data))
        from pypdf.generic import NameObject, TextStringObject

        w._root_object[NameObject("/Lang")] = TextStringObject(lang)
        out = io.BytesIO()
        w.write(out)
        data = out.getvalue()
    return data


def test_hyphenated_word_is_joined_and_maps_back_to_its_line():
    letter = read_bytes(make_pdf([BODY]), "a.pdf")
    assert "lov om aktiv socialpolitik, jf. lovbekendtgørelse" in letter.text
    assert "social-" not in letter.text
    # "politik" after the hyphen is on page 1, line 5, column 1 of the PDF
    i = letter.text.index("socialpolitik") + len("social")
    loc = letter.locate(i)
    assert (loc.page, loc.line, loc.column) == (1, 5, 1)
    # and the part before the hyphen is on line 4
    loc = letter.locate(letter.text.index("socialpolitik"))
    assert (loc.page, loc.line) == (1, 4)


def test_wrapped_lines_inside_a_sentence_become_spaces_and_headings_stay_lines():
    letter = read_bytes(make_pdf([BODY]), "a.pdf")
    assert "aktivlovens § 16, stk. 2, og at du" in letter.text
    lines = letter.text.split("\n")
    assert "Afgørelse om kontanthjælp" in lines
    assert "Klagevejledning" in lines


def test_columns_count_within_the_source_line():
    letter = read_bytes(make_pdf([BODY]), "a.pdf")
    i = letter.text.index("§ 11")
    loc = letter.locate(i)
    src = letter.source_line(loc)
    assert src is not None and src[loc.column - 1 :].startswith("§ 11")


def test_second_page_locations():
    letter = read_bytes(make_pdf([BODY, ["Side 2", "Med venlig hilsen", "Ydelsesservice"]]), "a.pdf")
    loc = letter.locate(letter.text.index("Ydelsesservice"))
    assert (loc.page, loc.line, loc.column) == (2, 3, 1)


def test_metadata_title_lang_creation_date():
    letter = read_bytes(make_pdf([BODY]), "a.pdf")
    assert letter.metadata["title"] == "Afgørelse"
    assert letter.metadata["lang"] == "da-DK"
    assert letter.metadata["creation_date"].year == 2000  # reportlab's invariant mode date


def test_suspended_compound_keeps_its_hyphen():
    letter = build_letter(
        ["Du modtager selvforsørgelses-\nog hjemrejseydelse fra kommunen i hele perioden."], "x"
    )
    assert "selvforsørgelses- og hjemrejseydelse" in letter.text


def test_image_only_pdf_is_lc902():
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.rect(100, 100, 300, 300, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(ReadError) as e:
        read_bytes(buf.getvalue(), "scan.pdf")
    assert e.value.code == "LC902"


def test_encrypted_pdf_is_lc903_but_empty_password_is_read():
    plain = make_pdf([BODY], lang=None)
    w = PdfWriter(clone_from=io.BytesIO(plain))
    w.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    w.write(out)
    with pytest.raises(ReadError) as e:
        read_bytes(out.getvalue(), "locked.pdf")
    assert e.value.code == "LC903"

    w = PdfWriter(clone_from=io.BytesIO(plain))
    w.encrypt(user_password="", owner_password="ejer", algorithm="RC4-128")
    out = io.BytesIO()
    w.write(out)
    letter = read_bytes(out.getvalue(), "restricted.pdf")
    assert "Afgørelse om kontanthjælp" in letter.text


@pytest.mark.parametrize("cut", [200, 600])
def test_truncated_or_corrupt_pdf_is_lc901(cut):
    data = make_pdf([BODY])
    with pytest.raises(ReadError) as e:
        read_bytes(data[:cut], "broken.pdf")
    assert e.value.code in ("LC901", "LC902")


def test_garbage_with_pdf_extension_is_lc901():
    with pytest.raises(ReadError) as e:
        read_bytes(b"this is not a pdf at all", "x.pdf")
    assert e.value.code == "LC901"


def test_page_limit_is_lc906_naming_the_limit():
    from lettercheck.config import Limits

    with pytest.raises(ReadError) as e:
        read_bytes(make_pdf([["a"], ["b"], ["c"]]), "x.pdf", limits=Limits(max_pages=2))
    assert e.value.code == "LC906" and "max-pages" in e.value.message


def test_running_headers_footers_and_page_numbers_are_not_letter_text():
    page1 = [
        "Aalborg Kommune",
        "Dato: 14. oktober 2025",
        "Når vi modtager din klage, vurderer vi afgørelsen igen,",
        "jf. § 66 i lov om retssikkerhed og",
        "Side 1 af 2",
    ]
    page2 = [
        "Aalborg Kommune · Sagsnr. 32.18.02-P19-18-25",
        "administration på det sociale område.",
        "Med venlig hilsen",
        "Side 2 af 2",
    ]
    letter = build_letter(["\n".join(page1), "\n".join(page2)], "x.pdf")
    assert "jf. § 66 i lov om retssikkerhed og administration på det sociale område." in letter.text
    assert "Side 1 af 2" not in letter.text and "Sagsnr" not in letter.text
    loc = letter.locate(letter.text.index("administration"))
    assert (loc.page, loc.line, loc.column) == (2, 2, 1)
    assert letter.source_line(loc) == "administration på det sociale område."


def test_ligatures_are_expanded_and_keep_their_columns():
    letter = build_letter(["Vi har modtaget din ansøgning om ﬁnansiering og ﬂytning af sagen."], "x.pdf")
    assert "om finansiering og flytning af sagen" in letter.text
    loc = letter.locate(letter.text.index("og flytning"))
    assert loc.column == letter.lines[(None, 1, 1)].index("og ﬂytning") + 1
    loc = letter.locate(letter.text.index("af sagen"))
    assert loc.column == letter.lines[(None, 1, 1)].index("af sagen") + 1
