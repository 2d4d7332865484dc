"""MeMo with embedded documents, DOCX templates with merge fields, HTML and plain text."""

from __future__ import annotations

import base64
import io
import zipfile

import pytest

from lettercheck.model import ReadError
from lettercheck.readers import read_bytes
from tests.readers.test_pdf import BODY, make_pdf


def memo(files: list[tuple[str, str, bytes | str]], label: str = "Afgørelse om kontanthjælp") -> bytes:
    docs = []
    for i, (name, fmt, content) in enumerate(files):
        b64 = content if isinstance(content, str) else base64.b64encode(content).decode()
        tag = "MainDocument" if i == 0 else "AdditionalDocument"
        docs.append(
            f"<memo:{tag}><memo:File><memo:encodingFormat>{fmt}</memo:encodingFormat>"
            f"<memo:filename>{name}</memo:filename><memo:language>da</memo:language>"
            f"<memo:content>{b64}</memo:content></memo:File></memo:{tag}>"
        )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.1" memoSchVersion="1.1.0">
 <memo:MessageHeader>
  <memo:messageType>DIGITALPOST</memo:messageType>
  <memo:messageUUID>8f0c7a52-3b9e-4c1e-9d0a-2f6f1d7e5a11</memo:messageUUID>
  <memo:label>{label}</memo:label>
  <memo:notification>Du har fået post fra Aalborg Kommune</memo:notification>
  <memo:Sender><memo:senderID>29189420</memo:senderID><memo:idType>CVR</memo:idType><memo:label>Aalborg Kommune</memo:label></memo:Sender>
  <memo:Recipient><memo:recipientID>0101900000</memo:recipientID><memo:idType>CPR</memo:idType></memo:Recipient>
 </memo:MessageHeader>
 <memo:MessageBody>
  <memo:createdDateTime>2025-10-14T09:00:00Z</memo:createdDateTime>
  {"".join(docs)}
 </memo:MessageBody>
</memo:Message>""".encode()


def test_memo_reads_header_and_embedded_pdf_with_document_names():
    letter = read_bytes(memo([("afgoerelse.pdf", "application/pdf", make_pdf([BODY]))]), "m.xml")
    assert letter.format == "memo"
    assert letter.text.startswith("Afgørelse om kontanthjælp\nDu har fået post")
    assert letter.data["memo"]["messageUUID"].startswith("8f0c7a52")
    assert letter.date.isoformat() == "2025-10-14" and letter.date_source == "data"
    i = letter.text.index("socialpolitik") + len("social")
    loc = letter.locate(i)
    assert (loc.document, loc.page, loc.line, loc.column) == ("afgoerelse.pdf", 1, 5, 1)
    s, e = letter.fields["label"]
    assert letter.text[s:e] == "Afgørelse om kontanthjælp"


def test_memo_with_several_documents_and_a_broken_one():
    letter = read_bytes(
        memo(
            [
                ("brev.pdf", "application/pdf", make_pdf([BODY])),
                ("bilag.txt", "text/plain", "Bilag: beregning af kontanthjælp".encode()),
                ("skade.pdf", "application/pdf", "!!!not base64!!!"),
            ]
        ),
        "m.xml",
    )
    assert "Bilag: beregning" in letter.text
    assert letter.locate(letter.text.index("Bilag")).document == "bilag.txt"
    (problem,) = letter.problems
    assert problem.code == "LC901" and "skade.pdf" in problem.message


def test_memo_with_hostile_embedded_xml_reports_lc904_for_that_document():
    evil = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>'
    letter = read_bytes(
        memo([("brev.pdf", "application/pdf", make_pdf([BODY])), ("evil.xml", "application/xml", evil)]),
        "m.xml",
    )
    assert [p.code for p in letter.problems] == ["LC904"]
    assert letter.problems[0].location.document == "evil.xml"


def docx(paragraphs: list[str], fields: list[str] = (), comment: str | None = None) -> bytes:
    W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    body = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    for f in fields:
        body += (
            '<w:p><w:r><w:t xml:space="preserve">Beløb: </w:t></w:r>'
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r><w:instrText xml:space="preserve"> MERGEFIELD {f} </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
            f"<w:r><w:t>«{f}»</w:t></w:r>"
            '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
        )
    if comment:
        body += (
            '<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Det Sociale Nævn behandlede sagen i 2012.</w:t></w:r>'
            '<w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>'
        )
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr(
            "word/document.xml", f'<?xml version="1.0"?><w:document {W}><w:body>{body}</w:body></w:document>'
        )
        if comment:
            z.writestr(
                "word/comments.xml",
                f'<?xml version="1.0"?><w:comments {W}><w:comment w:id="0"><w:p><w:r><w:t>{comment}</w:t>'
                "</w:r></w:p></w:comment></w:comments>",
            )
    return buf.getvalue()


def test_docx_keeps_merge_fields_visible_and_paragraph_locations():
    letter = read_bytes(docx(["Afgørelse om kontanthjælp", "Kære modtager"], fields=["Beloeb"]), "t.docx")
    assert not letter.is_template  # templates are named in the config, not guessed from the format
    assert "Beløb: { MERGEFIELD Beloeb }" in letter.text
    assert "«Beloeb»" not in letter.text  # the field result is not the template's text
    loc = letter.locate(letter.text.index("Kære"))
    assert loc.line == 2 and loc.xpath == "/document/body/p[2]"


def test_docx_comment_suppression_scopes_to_its_paragraph():
    letter = read_bytes(docx(["Afgørelse"], comment="lettercheck: ignore LC304 -- historisk citat"), "t.docx")
    (s,) = letter.suppressions
    assert s.codes == ("LC304",) and s.reason == "historisk citat"
    assert letter.text[s.scope_start : s.scope_end].startswith("Det Sociale Nævn")


def test_docx_zip_bomb_member_is_lc906():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"<a>" + b" " * 30_000_000 + b"</a>")
    from lettercheck.config import Limits

    with pytest.raises(ReadError) as e:
        read_bytes(buf.getvalue(), "bomb.docx", limits=Limits(max_decompressed_size=10_000_000))
    assert e.value.code == "LC906" and "max-decompressed-size" in e.value.message


def test_html_blocks_become_lines_and_scripts_are_ignored():
    html = b"""<!DOCTYPE html><html><head><title>x</title><script>var a = "\xc2\xa7 99";</script></head>
<body><h1>Afg\xc3\xb8relse om sygedagpenge</h1><!-- lettercheck: ignore LC101 -- lokal lov -->
<p>Vi har truffet afg\xc3\xb8relse efter
sygedagpengelovens \xc2\xa7 7.</p></body></html>"""
    letter = read_bytes(html, "a.html")
    assert letter.text.splitlines() == [
        "Afgørelse om sygedagpenge",
        "Vi har truffet afgørelse efter sygedagpengelovens § 7.",
    ]
    assert "99" not in letter.text
    assert letter.locate(letter.text.index("Vi har")).line == 3
    assert letter.suppressions[0].codes == ("LC101",)


@pytest.mark.parametrize(
    "data",
    [
        "Afgørelse efter § 11".encode(),
        "\ufeffAfgørelse efter § 11".encode(),
        "Afgørelse efter § 11".encode("utf-16"),
        "Afgørelse efter § 11".encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "latin1-undeclared"],
)
def test_text_encodings(data):
    letter = read_bytes(data, "a.txt")
    assert letter.text.strip() == "Afgørelse efter § 11"


def test_unsupported_file_is_lc905():
    with pytest.raises(ReadError) as e:
        read_bytes(b"\x89PNG\r\n\x1a\n....", "scan.png")
    assert e.value.code == "LC905"
