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
