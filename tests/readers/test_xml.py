"""Letter XML, mappings and the hardened parser (LC904 for entities, LC905 for unknown XML)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from lettercheck.model import ReadError
from lettercheck.readers import read_bytes

LETTER = """<?xml version="1.0" encoding="UTF-8"?>
<!-- lettercheck: ignore LC304 — citerer afgørelsen fra 2012 -->
<letter xmlns="urn:lettercheck:letter:1" id="L-1" date="2025-10-14" type="udbetaling">
  <sender><name>Aalborg Kommune</name></sender>
  <recipient><name>Jens Testesen</name><cpr>010190-xxxx</cpr></recipient>
  <title>Udbetalingsspecifikation</title>
  <body>
    <heading>Udbetaling af kontanthjælp</heading>
    <p>Du får udbetalt kontanthjælp efter § 16 i lov om aktiv socialpolitik.</p>
    <table><row><cell>Til udbetaling</cell><cell>9.135,67 kr.</cell></row></table>
  </body>
  <payment benefit="kontanthjælp">
    <period start="2025-10-01" end="2025-10-31"/>
    <paymentDate>2025-10-31</paymentDate>
    <gross>12345.67</gross>
    <deduction label="A-skat">3210.00</deduction>
    <net>9135.67</net>
  </payment>
</letter>
"""


def test_letter_xml_text_data_and_locations():
    letter = read_bytes(LETTER.encode(), "l.xml")
    assert letter.text.splitlines()[:2] == ["Udbetalingsspecifikation", "Udbetaling af kontanthjælp"]
    assert letter.date == date(2025, 10, 14) and letter.date_source == "data"
    assert letter.letter_type == "udbetaling"
    pay = letter.data["payment"]
    assert pay["gross"] == Decimal("12345.67") and pay["net"] == Decimal("9135.67")
    assert pay["deductions"] == [{"label": "A-skat", "value": Decimal("3210.00")}]
    assert pay["period"] == {"start": date(2025, 10, 1), "end": date(2025, 10, 31)}
    loc = letter.locate(letter.text.index("§ 16"))
    assert loc.line == 9 and loc.xpath == "/letter/body/p"
    loc = letter.locate(letter.text.index("9.135,67"))
    assert loc.xpath == "/letter/body/table/row"


def test_top_comment_is_a_whole_letter_suppression():
    letter = read_bytes(LETTER.encode(), "l.xml")
    (s,) = letter.suppressions
    assert s.codes == ("LC304",) and s.reason == "citerer afgørelsen fra 2012"


def test_letter_not_matching_the_schema_is_lc904_with_line():
    bad = LETTER.replace('date="2025-10-14"', 'date="14. oktober 2025"')
    with pytest.raises(ReadError) as e:
        read_bytes(bad.encode(), "l.xml")
    assert e.value.code == "LC904" and "letter.xsd" in e.value.message
    assert e.value.location.line == 3


XXE = b"""<?xml version="1.0"?>
<!DOCTYPE letter [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<letter>&xxe;</letter>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<lolz>&lol3;</lolz>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE letter SYSTEM "http://example.invalid/letter.dtd">
<letter/>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS, EXTERNAL_DTD], ids=["xxe", "billion-laughs", "external-dtd"])
def test_entities_and_external_dtds_are_refused_with_lc904(data):
    with pytest.raises(ReadError) as e:
        read_bytes(data, "evil.xml")
    assert e.value.code == "LC904"
    assert "root:" not in e.value.message  # nothing from /etc/passwd


def test_xxe_in_utf16_is_refused_too():
    with pytest.raises(ReadError) as e:
        read_bytes(
            XXE.decode().replace('version="1.0"', 'version="1.0" encoding="UTF-16"').encode("utf-16"), "e.xml"
        )
    assert e.value.code == "LC904"


def test_malformed_xml_is_lc901():
    with pytest.raises(ReadError) as e:
        read_bytes(b"<letter><p>unclosed</letter>", "bad.xml")
    assert e.value.code == "LC901"


def test_unknown_xml_is_lc905_pointing_to_mappings():
    with pytest.raises(ReadError) as e:
        read_bytes(b"<Brev><Afsnit>hej</Afsnit></Brev>", "vendor.xml")
    assert e.value.code == "LC905" and "mapping" in e.value.message


VENDOR = """<?xml version="1.0" encoding="UTF-8"?>
<Brev xmlns="urn:vendor:brev">
  <BrevID>77</BrevID><Brevdato>14.10.2025</Brevdato><Brevtype>afgoerelse</Brevtype>
  <Afsnit>Afgørelse om sygedagpenge</Afsnit>
  <Afsnit>Vi har truffet afgørelse efter sygedagpengelovens § 7.</Afsnit>
  <Brutto>12.345,67</Brutto><Netto>9.135,67</Netto><Udbetalingsdato>2025-10-31</Udbetalingsdato>
</Brev>
"""
MAPPING = {
    "vendor": {
        "root": "/*[local-name()='Brev']",
        "body": "//*[local-name()='Afsnit']",
        "date": "//*[local-name()='Brevdato']",
        "type": "//*[local-name()='Brevtype']",
        "id": "//*[local-name()='BrevID']",
        "payment.gross": "//*[local-name()='Brutto']",
        "payment.net": "//*[local-name()='Netto']",
        "payment.payment_date": "//*[local-name()='Udbetalingsdato']",
    }
}


def test_vendor_xml_through_a_mapping():
    letter = read_bytes(VENDOR.encode(), "v.xml", mappings=MAPPING)
    assert letter.text.splitlines() == [
        "Afgørelse om sygedagpenge",
        "Vi har truffet afgørelse efter sygedagpengelovens § 7.",
    ]
    assert letter.date == date(2025, 10, 14)
    assert letter.letter_type == "afgoerelse"
    assert letter.data["id"] == "77"
    assert letter.data["payment"]["gross"] == Decimal("12345.67")
    assert letter.data["payment"]["payment_date"] == date(2025, 10, 31)
    assert letter.locate(letter.text.index("§ 7")).line == 5


SHAPED = """<?xml version="1.0" encoding="UTF-8"?>
<letter xmlns="urn:lettercheck:letter:1" id="L-2" date="2025-10-14+02:00">
  <sender><name>Aalborg  <!-- c -->Kommune</name><unit> Ydelser </unit></sender>
  <title>Om din sag</title>
  <body>
    <heading>Afgørelse</heading>
    <p>Første   afsnit.</p>
    <p>Andet <b>afsnit</b>.</p>
    <table><row><cell>a</cell><cell/><cell> b </cell></row><row><cell>c</cell></row></table>
    <p/>
    <table><row><cell>d</cell></row></table>
    <p>Tredje <!-- lettercheck: ignore LC304 — citat -->afsnit.</p>
  </body>
</letter>
"""


def test_block_texts_xpaths_and_lines_stay_the_same_when_the_shape_repeats():
    # the second reading of the same shape takes its XPaths from the reader's memo
    first, second = (read_bytes(SHAPED.encode(), "s.xml") for _ in range(2))
    for letter in (first, second):
        assert letter.text.splitlines() == [
            "Om din sag",
            "Afgørelse",
            "Første afsnit.",
            "Andet afsnit.",
            "a    b",
            "c",
            "d",
            "Tredje afsnit.",
        ]
        paths = [
            letter.locate(letter.text.index(t)).xpath for t in ("Om din", "Afg", "Første", "Andet", "a  ")
        ]
        assert paths == [
            "/letter/title",
            "/letter/body/heading",
            "/letter/body/p[1]",
            "/letter/body/p[2]",
            "/letter/body/table[1]/row[1]",
        ]
        assert letter.locate(letter.text.index("c\n")).xpath == "/letter/body/table[1]/row[2]"
        assert letter.locate(letter.text.index("d\n")).xpath == "/letter/body/table[2]/row"
        assert letter.locate(letter.text.index("Tredje")).xpath == "/letter/body/p[4]"
        assert letter.lines[(None, None, 7)] == "Første afsnit."
        assert letter.data["sender"] == {"name": "Aalborg Kommune", "unit": "Ydelser"}
        assert letter.date == date(2025, 10, 14)
        assert letter.letter_type is None and letter.letter_type_reason is None
        (s,) = letter.suppressions
        start = letter.text.index("Tredje")
        assert (s.scope_start, s.scope_end) == (start, start + len("Tredje afsnit."))
    assert first.map.line_keys() == second.map.line_keys()


def test_xpath_memo_keeps_prefixes_apart_and_stays_bounded():
    from lettercheck.readers import xml

    assert xml._numbered("/a/", ["p", "p", "x"]) == ["/a/p[1]", "/a/p[2]", "/a/x"]
    assert xml._numbered("/b/", ["p", "p", "x"]) == ["/b/p[1]", "/b/p[2]", "/b/x"]
    for i in range(xml._PATHS_MAX_ENTRIES + 10):
        xml._numbered(f"/c{i}/", ["p"])
    assert len(xml._PATHS) <= xml._PATHS_MAX_ENTRIES
    many = ["p"] * (xml._PATHS_MAX_CHILDREN + 1)
    assert xml._numbered("/d/", many)[-1] == f"/d/p[{len(many)}]"
    assert ("/d/", tuple(many)) not in xml._PATHS


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-10-14", date(2025, 10, 14)),
        ("2025-10-14Z", date(2025, 10, 14)),
        ("2025-10-14-05:00", date(2025, 10, 14)),
    ],
)
def test_letter_date_with_or_without_a_time_zone(value, expected):
    letter = read_bytes(LETTER.replace('date="2025-10-14"', f'date="{value}"').encode(), "l.xml")
    assert letter.date == expected


def test_entity_scan_looks_past_a_doctype_named_only_after_the_root():
    from lettercheck.xmlsafe import _declares_entities

    assert not _declares_entities(b"<a>plain</a>")
    # "<!DOCTYPE" in a comment far after the root's start is neither in the prolog nor in the window
    assert not _declares_entities(b"<a>" + b"x" * 5000 + b"</a><!-- <!DOCTYPE x SYSTEM 'y'> -->")
    long_comment = b"<!--" + b"x" * 5000 + b"-->"
    assert _declares_entities(long_comment + b'<!DOCTYPE a [<!ENTITY e "v">]><a/>')
    assert _declares_entities(b'<!DOCTYPE a SYSTEM "http://example.invalid/a.dtd"><a/>')
