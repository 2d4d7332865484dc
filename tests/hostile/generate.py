"""Generators for hostile and broken letters: every case of issue 9, built in memory, never committed.

Each case is a small recipe (`Case`) that writes one file into a directory. The files are made at test time
(into pytest's ``tmp_path``) because several of them are deliberately enormous once unpacked, and a
repository must not carry a 2 GB decompression bomb even in compressed form. The tricks that keep them
cheap to *make* are the point of this module:

* deflate streams of repeated content are built once per 1 MiB block and then repeated: after a
  ``Z_FULL_FLUSH`` the compressor has forgotten everything, so each further block of the same input
  compresses to byte-identical output and a 2 GB bomb costs one 1 MiB compression plus concatenation;
* PDFs are written by hand (`pdf_document`) so that loops, bombs, 10,000 pages and hostile catalog entries
  can be expressed directly, which no PDF library would agree to produce.

Run it as a script to write every fast case into a directory (used to seed the fuzzers in bench/fuzz)::

    python -m tests.hostile.generate OUTDIR [--slow]
"""

from __future__ import annotations

import argparse
import base64
import functools
import io
import struct
import sys
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from lettercheck.config import Limits

# --------------------------------------------------------------------------------------------------------
# context every generator may use: a secret file XXE must not leak and a URL nobody may connect to


@dataclass(frozen=True)
class Env:
    """What a hostile file may point at.

    ``secret_file`` holds ``secret_marker``: an XXE that resolved it would put the marker in the output.
    ``canary_url`` points at a local listening socket: any connection to it (from Python or from C code
    such as libxml2's HTTP client) is seen by the test.
    """

    secret_file: Path
    secret_marker: str
    canary_url: str


def default_env(directory: Path) -> Env:
    """An Env for use outside tests (seed corpora): the URL points at a closed local port."""
    secret = directory / "secret.txt"
    marker = "HEMMELIG-KANARIE-0xC0FFEE"
    if not secret.exists():
        secret.write_text(marker + "\n", encoding="utf-8")
    return Env(secret, marker, "http://127.0.0.1:9/letter.dtd")


# --------------------------------------------------------------------------------------------------------
# a good letter: the text every "must be read" case carries, so tests can see it was read

GOOD_LINES = [
    "Aalborg Kommune, Boulevarden 13, 9000 Aalborg",
    "Dato: 14. oktober 2025",
    "Afgørelse om kontanthjælp",
    "Du har ret til kontanthjælp efter § 11, stk. 2, i lov om aktiv socialpolitik.",
    "Du får udbetalt 12.345,67 kr. den 31. oktober 2025 for perioden 1.-31. oktober 2025.",
    "Klagevejledning",
]
#: a phrase every readable case's text contains
GOOD_PHRASE = "Afgørelse om kontanthjælp"

#: a text letter that always yields a finding made by the pipeline itself (LC001, an unused suppression),
#: so a batch test can tell that the file after a hostile one was checked without depending on any rule
GOOD_BATCH_LETTER = (
    "lettercheck: ignore LC501 -- kontrolbrev til batchtesten\n" + "\n".join(GOOD_LINES) + "\n"
).encode("utf-8")
GOOD_BATCH_CODE = "LC001"

LETTER_NS = "urn:lettercheck:letter:1"
MEMO_NS = "https://DigitalPost.dk/MeMo-1"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def letter_xml(body_extra: str = "", root_attrs: str = "", encoding: str | None = "UTF-8") -> str:
    """A schema-valid lettercheck letter XML as text (encode it as the case needs)."""
    decl = f'<?xml version="1.0" encoding="{encoding}"?>\n' if encoding else ""
    paras = "".join(f"<p>{line}</p>" for line in GOOD_LINES)
    return (
        f'{decl}<letter xmlns="{LETTER_NS}" id="L-1" date="2025-10-14"{root_attrs}>'
        f"<title>{GOOD_PHRASE}</title><body>{paras}{body_extra}</body></letter>\n"
    )


def memo_xml(
    files: list[tuple[str, str, str]], label: str = GOOD_PHRASE, notification: str = "Du har post"
) -> bytes:
    """A Digital Post MeMo message with the given (filename, encodingFormat, base64 content) files."""
    docs = []
    for i, (name, fmt, b64) in enumerate(files):
        tag = "MainDocument" if i == 0 else "AdditionalDocument"
        docs.append(
            f"<memo:{tag}><memo:File><memo:encodingFormat>{fmt}</memo:encodingFormat>"
            f"<memo:filename>{name}</memo:filename><memo:language>da</memo:language>"
            f"<memo:content>{b64}</memo:content></memo:File></memo:{tag}>"
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<memo:Message xmlns:memo="{MEMO_NS}" memoVersion="1.1">'
        f"<memo:MessageHeader><memo:messageType>DIGITALPOST</memo:messageType>"
        f"<memo:messageUUID>8f0c7a52-3b9e-4c1e-9d0a-2f6f1d7e5a11</memo:messageUUID>"
        f"<memo:label>{label}</memo:label><memo:notification>{notification}</memo:notification>"
        f"<memo:Sender><memo:senderID>29189420</memo:senderID><memo:idType>CVR</memo:idType></memo:Sender>"
        f"<memo:Recipient><memo:recipientID>0000000000</memo:recipientID><memo:idType>CPR</memo:idType>"
        f"</memo:Recipient></memo:MessageHeader><memo:MessageBody>"
        f"<memo:createdDateTime>2025-10-14T09:00:00Z</memo:createdDateTime>{''.join(docs)}"
        f"</memo:MessageBody></memo:Message>\n"
    ).encode()


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --------------------------------------------------------------------------------------------------------
# deflate of repeated content without compressing it all


@dataclass(frozen=True)
class Deflated:
    data: bytes  # the compressed stream
    size: int  # bytes it inflates to
    crc32: int  # of the inflated bytes (for zip members)


def repeated_deflate(
    head: bytes, block: bytes, count: int, tail: bytes, *, raw: bool, checksum: bool = True
) -> Deflated:
    """Deflate ``head + block * count + tail`` by compressing ``block`` once.

    ``raw`` gives a bare deflate stream (zip members), otherwise a zlib stream (PDF FlateDecode) whose
    Adler-32 trailer is computed incrementally. ``checksum=False`` skips the CRC-32 and Adler-32 passes over
    the inflated size (writing a wrong trailer) when nothing will ever read that far: generating a 2 GB bomb
    then costs milliseconds instead of seconds.
    """
    c = zlib.compressobj(9, zlib.DEFLATED, -15 if raw else 15)
    first = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    one = c.compress(block) + c.flush(zlib.Z_FULL_FLUSH)
    last = c.compress(tail) + c.flush(zlib.Z_FINISH)
    if not raw:
        last = last[:-4]  # drop the Adler-32 of what this compressor saw; ours follows
    crc, adler = 0, 1
    if checksum:
        crc = zlib.crc32(head)
        adler = zlib.adler32(head)
        for _ in range(count):
            crc = zlib.crc32(block, crc)
            adler = zlib.adler32(block, adler)
        crc = zlib.crc32(tail, crc)
        adler = zlib.adler32(tail, adler)
    stream = first + one * count + last
    if not raw:
        stream += struct.pack(">I", adler)
    return Deflated(stream, len(head) + len(block) * count + len(tail), crc & 0xFFFFFFFF)


# --------------------------------------------------------------------------------------------------------
# hand-written PDFs


def pdf_escape(text: str) -> bytes:
    raw = text.encode("cp1252", errors="replace")
    return raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")


def pdf_stream(data: bytes, extra: bytes = b"", *, flate: bool = False, length: int | None = None) -> bytes:
    filt = b" /Filter /FlateDecode" if flate else b""
    n = len(data) if length is None else length
    return b"<< /Length %d%s %s>>\nstream\n" % (n, filt, extra) + data + b"\nendstream"


def pdf_document(objects: list[bytes], *, root: int = 1, trailer_extra: bytes = b"") -> bytes:
    """A PDF whose object ``i`` (1-based) is ``objects[i-1]``, with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R %s>>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        trailer_extra,
        xref,
    )
    return bytes(out)


FONT = b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"


def text_content(lines: list[str]) -> bytes:
    ops = [b"BT /F1 11 Tf 14 TL 72 800 Td"]
    for line in lines:
        ops.append(b"(" + pdf_escape(line) + b") Tj T*")
    ops.append(b"ET")
    return b"\n".join(ops)


def pdf_letter(
    lines: list[str] | None = None, *, catalog_extra: bytes = b"", extra_objects: list[bytes] | None = None
) -> bytes:
    """A one-page text PDF (objects: 1 catalog, 2 pages, 3 page, 4 font, 5 content, then ``extra_objects``)."""
    content = text_content(lines or GOOD_LINES)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R %s>>" % catalog_extra,
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        FONT,
        pdf_stream(content),
        *(extra_objects or []),
    ]
    return pdf_document(objects)


def _encrypted(user_password: str) -> bytes:
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_letter())))
    w.encrypt(user_password=user_password, owner_password="ejer-kodeord", algorithm="AES-128")
    out = io.BytesIO()
    w.write(out)
    return out.getvalue()


def pdf_encrypted_with_password(env: Env) -> bytes:
    return _encrypted("hemmelig")


def pdf_encrypted_empty_password(env: Env) -> bytes:
    return _encrypted("")


def pdf_corrupt_xref(env: Env) -> bytes:
    """Every cross-reference offset points at the wrong place; pypdf can rebuild it by scanning."""
    data = pdf_letter()
    head, sep, rest = data.partition(b"xref\n")
    lines = rest.split(b"\n")
    for i, line in enumerate(lines):
        if line.endswith(b" n "):
            lines[i] = b"0000000007 00000 n "
    return head + sep + b"\n".join(lines)


def pdf_corrupt_beyond_repair(env: Env) -> bytes:
    """A header, a trailer and nothing in between that is an object."""
    return (
        b"%PDF-1.7\n"
        + bytes(range(256)) * 8
        + b"\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Root 1 0 R >>\n%%EOF"
    )


def pdf_truncated(env: Env) -> bytes:
    """Cut off in the middle of the page content stream: no xref, no trailer."""
    data = pdf_letter()
    return data[: data.index(b"stream\n") + 40]


def pdf_page_tree_loop(env: Env) -> bytes:
    """/Pages whose kid is a /Pages whose kid is the first again (and itself)."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R 2 0 R] /Count 2 >>",
        b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 4 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 3 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
        b"/Contents 6 0 R >>",
        FONT,
        pdf_stream(text_content(GOOD_LINES)),
    ]
    return pdf_document(objects)


BOMB_INFLATED = 2 * 1024**3  # 2 GiB of zeros


@functools.cache
def _zeros_bomb() -> Deflated:
    # zeros have a closed-form Adler-32 (a = 1, b = n mod 65521), so no pass over 2 GiB is needed
    d = repeated_deflate(b"", bytes(1 << 20), BOMB_INFLATED >> 20, b"", raw=False, checksum=False)
    adler = ((BOMB_INFLATED % 65521) << 16) | 1
    return Deflated(d.data[:-4] + struct.pack(">I", adler), d.size, 0)


def pdf_decompression_bomb(env: Env) -> bytes:
    """A ~2 MB page content stream that inflates to 2 GiB of zeros."""
    bomb = _zeros_bomb()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents [5 0 R 6 0 R] >>",
        FONT,
        pdf_stream(text_content(GOOD_LINES)),
        pdf_stream(bomb.data, flate=True),
    ]
    return pdf_document(objects)


def pdf_declared_length_bomb(env: Env) -> bytes:
    """A content stream whose /Length claims a terabyte."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        FONT,
        pdf_stream(text_content(GOOD_LINES), length=1 << 40),
    ]
    return pdf_document(objects)


def pdf_many_pages(n: int, declared: int | None = None) -> bytes:
    """``n`` pages sharing one content stream and font (objects: 1 catalog, 2 pages, 3 font, 4 content)."""
    first = 5
    kids = b" ".join(b"%d 0 R" % (first + i) for i in range(n))
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
        b"/Contents 4 0 R >>"
    )
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, n if declared is None else declared),
        FONT,
        pdf_stream(text_content(GOOD_LINES)),
        *([page] * n),
    ]
    return pdf_document(objects)


def pdf_10k_pages(env: Env) -> bytes:
    return pdf_many_pages(10_000)


def pdf_10k_pages_lying_count(env: Env) -> bytes:
    """10,000 pages whose page tree claims /Count 1: only the flattened tree tells."""
    return pdf_many_pages(10_000, declared=1)


def pdf_million_runs(env: Env) -> bytes:
    """One page whose content is a million one-character text runs, each positioned on its own."""
    head = text_content(GOOD_LINES[:3])[:-2] + b"\n"  # keep the text object open
    content = head + b"0.01 0 Td (a) Tj\n" * 1_000_000 + b"ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        FONT,
        pdf_stream(zlib.compress(content, 6), flate=True),
    ]
    return pdf_document(objects)


JS_MARKER = "JAVASCRIPT-MARKOER-4711"
ATTACHMENT_MARKER = "VEDHAEFTET-FIL-MARKOER-4712"


def pdf_javascript_and_files(env: Env) -> bytes:
    """An OpenAction JavaScript, a page-open action, a launch action and an embedded file: all ignored."""
    js = f"app.alert('{JS_MARKER}'); this.submitForm('{env.canary_url}');".encode()
    attached = f"Bilag: {ATTACHMENT_MARKER}".encode()
    catalog_extra = (
        b"/OpenAction 6 0 R /Names << /JavaScript << /Names [(a) 6 0 R] >> "
        b"/EmbeddedFiles << /Names [(bilag.txt) 8 0 R] >> >> /AA << /WC 9 0 R >> "
    )
    extra = [
        b"<< /S /JavaScript /JS 7 0 R >>",  # 6
        pdf_stream(js),  # 7
        b"<< /Type /Filespec /F (bilag.txt) /EF << /F 10 0 R >> >>",  # 8
        b"<< /S /Launch /F (" + str(env.secret_file).encode() + b") >>",  # 9
        pdf_stream(attached, b"/Type /EmbeddedFile "),  # 10
    ]
    return pdf_letter(catalog_extra=catalog_extra, extra_objects=extra)


# --------------------------------------------------------------------------------------------------------
# XML


def xml_xxe_local_file(env: Env) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE letter [<!ENTITY xxe SYSTEM "{env.secret_file.as_uri()}">]>\n'
        + letter_xml(body_extra="<p>&xxe;</p>", encoding=None)
    ).encode()


def xml_xxe_url(env: Env) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE letter [<!ENTITY xxe SYSTEM "{env.canary_url}">]>\n'
        + letter_xml(body_extra="<p>&xxe;</p>", encoding=None)
    ).encode()


def xml_parameter_entity(env: Env) -> bytes:
    """An out-of-band XXE through a parameter entity that loads a DTD from the canary URL."""
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE letter [<!ENTITY % remote SYSTEM "{env.canary_url}"> %remote;]>\n'
        + letter_xml(encoding=None)
    ).encode()


def xml_billion_laughs(env: Env) -> bytes:
    ents = ['<!ENTITY lol0 "lol">']
    for i in range(1, 10):
        ents.append(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">')
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE letter [{"".join(ents)}]>\n'
        + letter_xml(body_extra="<p>&lol9;</p>", encoding=None)
    ).encode()


def xml_quadratic_blowup(env: Env) -> bytes:
    """One 50 kB entity referenced 20,000 times: 1 GB of text from a 150 kB file."""
    big = "A" * 50_000
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE letter [<!ENTITY a "{big}">]>\n'
        + letter_xml(body_extra="<p>" + "&a;" * 20_000 + "</p>", encoding=None)
    ).encode()


def xml_external_dtd(env: Env) -> bytes:
    return (
        f'<?xml version="1.0"?>\n<!DOCTYPE letter SYSTEM "{env.canary_url}">\n' + letter_xml(encoding=None)
    ).encode()


def xml_doctype_after_padding(env: Env) -> bytes:
    """The entity declaration hidden behind a long comment, past any fixed-size look-ahead window."""
    pad = "<!--" + " lettercheck " * 2000 + "-->\n"
    return (
        f'<?xml version="1.0"?>\n{pad}<!DOCTYPE letter [<!ENTITY xxe SYSTEM "{env.secret_file.as_uri()}">]>\n'
        + letter_xml(body_extra="<p>&xxe;</p>", encoding=None)
    ).encode()


def xml_xinclude(env: Env) -> bytes:
    """XInclude of a local file: lettercheck never processes XInclude."""
    inc = f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="{env.secret_file.as_uri()}" parse="text"/>'
    return letter_xml(body_extra=f"<p>{inc}</p>").encode()


def xml_deep_nesting(env: Env) -> bytes:
    depth = 100_000
    return (
        f'<?xml version="1.0"?>\n<letter xmlns="{LETTER_NS}">'
        + "<p>" * depth
        + "x"
        + "</p>" * depth
        + "</letter>"
    ).encode()


def xml_big_attribute(env: Env) -> bytes:
    """A schema-valid letter whose id attribute is 1 MB long."""
    return letter_xml().replace('id="L-1"', 'id="' + "L" * 1_000_000 + '"').encode()


def xml_invalid_utf8(env: Env) -> bytes:
    """Declared UTF-8, carrying a stray continuation byte and a truncated sequence."""
    return letter_xml().encode().replace("kontanthjælp".encode(), b"kontanthj\x80\xc3lp", 1)


def xml_utf16_bom(env: Env) -> bytes:
    return letter_xml(encoding="UTF-16").encode("utf-16")  # Python writes the BOM


def xml_latin1_declared(env: Env) -> bytes:
    return letter_xml(encoding="ISO-8859-1").encode("latin-1")


def xml_latin1_undeclared(env: Env) -> bytes:
    return letter_xml(encoding=None).encode("latin-1")


def xml_date_year_20252(env: Env) -> bytes:
    """A valid xs:date no Python date can hold, in the letter date and in the payment period."""
    return letter_xml().replace('date="2025-10-14"', 'date="20252-10-14"').encode()


def xml_date_with_timezone(env: Env) -> bytes:
    """xs:date with a time zone: valid, and the letter's calendar date is the one written."""
    return letter_xml().replace('date="2025-10-14"', 'date="2025-10-14+02:00"').encode()


def empty(env: Env) -> bytes:
    return b""


def memo_garbage_base64(env: Env) -> bytes:
    return memo_xml([("brev.pdf", "application/pdf", "!!! dette er ikke base64 ***" * 10)])


def memo_hostile_embedded(env: Env) -> bytes:
    """A MeMo whose embedded document is itself a billion-laughs XML and an XXE."""
    return memo_xml(
        [
            ("brev.txt", "text/plain", b64("\n".join(GOOD_LINES).encode())),
            ("bilag.xml", "application/xml", b64(xml_billion_laughs(env))),
            ("bilag2.xml", "text/xml", b64(xml_xxe_url(env))),
        ]
    )


def memo_embedded_pdf_bomb(env: Env) -> bytes:
    return memo_xml(
        [
            ("brev.txt", "text/plain", b64("\n".join(GOOD_LINES).encode())),
            ("bilag.pdf", "application/pdf", b64(pdf_decompression_bomb(env))),
        ]
    )


def memo_nested(env: Env) -> bytes:
    """MeMo inside MeMo inside MeMo ... deeper than any real message."""
    inner = memo_xml([("brev.txt", "text/plain", b64("\n".join(GOOD_LINES).encode()))])
    for _ in range(6):
        inner = memo_xml([("indre.xml", "application/xml", b64(inner))])
    return inner


# --------------------------------------------------------------------------------------------------------
# HTML


def html_hostile(env: Env) -> bytes:
    """An HTML letter full of things that fetch: a DOCTYPE with an entity, images, frames, scripts."""
    u = env.canary_url
    return (
        f'<!DOCTYPE html SYSTEM "{u}" [<!ENTITY xxe SYSTEM "{env.secret_file.as_uri()}">]>'
        f'<html><head><link rel="stylesheet" href="{u}"><script src="{u}">fetch("{u}")</script>'
        f'<meta http-equiv="refresh" content="0;url={u}"></head><body>'
        + "".join(f"<p>{line}</p>" for line in GOOD_LINES)
        + f'<img src="{u}"><iframe src="{env.secret_file.as_uri()}"></iframe><p>&xxe;</p></body></html>'
    ).encode()


def html_deep_nesting(env: Env) -> bytes:
    depth = 100_000
    return (
        "<html><body><p>" + GOOD_PHRASE + "</p>" + "<div>" * depth + "x" + "</div>" * depth + "</body></html>"
    ).encode()


# --------------------------------------------------------------------------------------------------------
# DOCX / ZIP


def _zip(members: list[tuple[str, bytes | Deflated]], *, lie_size: int | None = None) -> bytes:
    """A zip archive written by hand, so member names and sizes can be anything (``Deflated`` = raw stream)."""
    out = bytearray()
    central = bytearray()
    for name, content in members:
        fname = name.encode("utf-8")
        if isinstance(content, Deflated):
            method, comp, size, crc = 8, content.data, content.size, content.crc32
        else:
            method, comp, size, crc = 0, content, len(content), zlib.crc32(content) & 0xFFFFFFFF
        if lie_size is not None and name == "word/document.xml":
            size = lie_size
        offset = len(out)
        out += struct.pack(
            "<IHHHHHIIIHH", 0x04034B50, 20, 0x800, method, 0, 0x21, crc, len(comp), size, len(fname), 0
        )
        out += fname + comp
        central += struct.pack(
            "<IHHHHHHIIIHHHHHII",
            0x02014B50,
            20,
            20,
            0x800,
            method,
            0,
            0x21,
            crc,
            len(comp),
            size,
            len(fname),
            0,
            0,
            0,
            0,
            0,
            offset,
        )
        central += fname
    cd_offset = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), cd_offset, 0)
    return bytes(out)


def document_xml(paragraphs: list[str]) -> bytes:
    ps = "".join(f"<w:p><w:r><w:t>{p}</w:t></w:r></w:p>" for p in paragraphs)
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>{ps}</w:body></w:document>'.encode()


CONTENT_TYPES = (
    b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
)


def docx_good(extra: list[tuple[str, bytes | Deflated]] | None = None) -> bytes:
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", document_xml(GOOD_LINES)),
            *(extra or []),
        ]
    )


ZIP_BOMB_INFLATED = 1024**3  # 1 GiB


@functools.cache
def _docx_bomb_member() -> Deflated:
    head = f'<?xml version="1.0"?><w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>'.encode()
    tail = b"</w:t></w:r></w:p></w:body></w:document>"
    return repeated_deflate(head, b" " * (1 << 20), ZIP_BOMB_INFLATED >> 20, tail, raw=True, checksum=False)


def docx_zip_bomb(env: Env) -> bytes:
    """document.xml inflates to 1 GiB; the zip header says so honestly."""
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", _docx_bomb_member())])


def docx_zip_bomb_lying_header(env: Env) -> bytes:
    """The same bomb with a header that claims 4 kB: only the inflated bytes themselves can tell."""
    return _zip(
        [("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", _docx_bomb_member())], lie_size=4096
    )


def docx_path_traversal(env: Env) -> bytes:
    """Members named with ../ and absolute paths (never extracted: lettercheck reads members in memory)."""
    evil = b"evil"
    return docx_good(
        [
            ("../../../../tmp/lettercheck-evil.txt", evil),
            ("/tmp/lettercheck-evil-abs.txt", evil),
            ("..\\..\\lettercheck-evil-win.txt", evil),
            ("word/../../escape.xml", evil),
        ]
    )


def docx_traversal_only(env: Env) -> bytes:
    """The document itself only exists under a traversal name: no word/document.xml."""
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("../word/document.xml", document_xml(GOOD_LINES))])


def docx_external_relationships(env: Env) -> bytes:
    u = env.canary_url
    rels = (
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="{u}" TargetMode="External"/>'
        f'<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject" Target="{env.secret_file.as_uri()}" TargetMode="External"/>'
        f'<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate" Target="{u}" TargetMode="External"/>'
        "</Relationships>"
    ).encode()
    settings = f'<?xml version="1.0"?><w:settings xmlns:w="{W_NS}"><w:attachedTemplate r:id="rId3" xmlns:r="r"/></w:settings>'.encode()
    doc = document_xml(GOOD_LINES).replace(
        b"</w:body>",
        f'<w:p><w:r><w:fldSimple w:instr="INCLUDETEXT &quot;{u}&quot;"/></w:r></w:p></w:body>'.encode(),
    )
    return _zip(
        [
            ("[Content_Types].xml", CONTENT_TYPES),
            ("word/document.xml", doc),
            ("word/_rels/document.xml.rels", rels),
            ("word/settings.xml", settings),
        ]
    )


def docx_hostile_document_xml(env: Env) -> bytes:
    """word/document.xml is an XXE."""
    doc = (
        f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{env.secret_file.as_uri()}">]>'
        f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>'
    ).encode()
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", doc)])


def docx_many_paragraphs(env: Env) -> bytes:
    """A large but legitimate template: 20,000 paragraphs under one body (about 1.2 MB unpacked)."""
    paras = [f"Afsnit {i}: Du har ret til kontanthjælp efter § 11." for i in range(20_000)]
    doc = document_xml(paras)
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    member = Deflated(c.compress(doc) + c.flush(), len(doc), zlib.crc32(doc) & 0xFFFFFFFF)
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", member)])


def _docx_of_size(mib: int) -> bytes:
    para = (
        "<w:p><w:r><w:t>" + "Du har ret til kontanthjælp efter § 11, stk. 2. " * 20 + "</w:t></w:r></w:p>"
    ).encode()
    head = f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{W_NS}"><w:body>'.encode()
    block = para * ((1 << 20) // len(para) + 1)
    count = mib * (1 << 20) // len(block)
    member = repeated_deflate(head, block, count, b"</w:body></w:document>", raw=True)
    return _zip([("[Content_Types].xml", CONTENT_TYPES), ("word/document.xml", member)])


def docx_huge_document(env: Env) -> bytes:
    """document.xml of ~150 MB: under max-decompressed-size, over max-file-size (XML is held to it)."""
    return _docx_of_size(150)


def docx_text_over_max_chars(env: Env) -> bytes:
    """document.xml of ~45 MB, every limit on bytes met, carrying ~40 million characters of text."""
    return _docx_of_size(45)


def _patch_headers(archive: bytes, *, local: dict[int, int], central: dict[int, int]) -> bytes:
    """Overwrite 16-bit fields (offset -> value) of every local and central file header."""
    out = bytearray(archive)
    for sig, fields in ((b"PK\x03\x04", local), (b"PK\x01\x02", central)):
        i = out.find(sig)
        while i != -1:
            for off, value in fields.items():
                struct.pack_into("<H", out, i + off, value)
            i = out.find(sig, i + 4)
    return bytes(out)


def docx_unsupported_zip_version(env: Env) -> bytes:
    """Central directory says "version 9.7 needed to extract": zipfile refuses the whole archive."""
    return _patch_headers(docx_good(), local={}, central={6: 97})


def docx_encrypted_member(env: Env) -> bytes:
    """Every member flagged as encrypted: zipfile raises RuntimeError when a member is opened."""
    return _patch_headers(docx_good(), local={6: 0x801}, central={8: 0x801})


def docx_unknown_compression(env: Env) -> bytes:
    """Every member compressed with method 99 (AE-x): zipfile raises NotImplementedError."""
    return _patch_headers(docx_good(), local={8: 99}, central={10: 99})


def zip_not_docx(env: Env) -> bytes:
    """A zip with a .docx name and nothing of Word inside."""
    return _zip([("hello.txt", b"hello")])


# --------------------------------------------------------------------------------------------------------
# text


def text_50mb(env: Env) -> bytes:
    line = (
        "Du har ret til kontanthjælp efter § 11, stk. 2, i lov om aktiv socialpolitik. " * 2 + "\n"
    ).encode()
    return (line * (50_000_000 // len(line) + 1))[:50_000_000]


def text_over_file_size(env: Env) -> bytes:
    return b"x" * (50 * 1024 * 1024 + 1)


def text_long_line(env: Env) -> bytes:
    """One line of citations, amounts and dates just under the default max-text-chars (5,000,000): the
    longest text lettercheck accepts, with no line break for line-based code to split on."""
    sentence = "Du har ret til kontanthjælp efter § 11, stk. 2, i lov om aktiv socialpolitik, 1.234,56 kr. den 1. maj 2025. "
    size = Limits().max_text_chars - 100
    line = (sentence * (size // len(sentence) + 1))[:size]
    return ("Dato: 14. oktober 2025\n" + GOOD_PHRASE + "\n" + line + "\n").encode()


#: inputs crafted to make backtracking regular expressions take exponential or quadratic time, per
#: extractor; each is 100-400 kB, so linear code reads it in about a second and quadratic code does not
#: finish within the test's timeout
REGEX_BAIT: dict[str, str] = {
    "citations": (
        "§ " * 4_000
        + "§§ 1, 2, 3, " * 1_000
        + "stk. 2, " * 4_000
        + "nr. 1 " * 4_000
        + "lov om " * 4_000
        + "lovbekendtgørelse nr. 1 af " * 1_000
        + "jf. § 1, jf. " * 2_000
        + "lovens lovens lovens " * 1_000
        + "§ 1, stk. 2, nr. 3, litra a, 2. pkt., " * 1_000
        + "1" * 20_000
    ),
    "amounts": (
        "1." * 20_000
        + "1 " * 20_000
        + "1.000.000" * 2_000
        + "1,000,000" * 2_000
        + ",-" * 10_000
        + "kr. " * 10_000
        + "-" * 20_000
        + "1 000 000 000 " * 2_000
        + "9" * 40
        + " kr.\n"
        + "\t" * 2_000
        + "\n"
        + " " * 300
        + "\n"
    ),
    "dates": (
        "1. " * 20_000
        + "1.1." * 10_000
        + "januar " * 4_000
        + "1. januar 1. januar " * 2_000
        + "1.-2. " * 4_000
        + "fra den 1. til den " * 2_000
        + "den den den " * 4_000
        + "Dato: " * 4_000
        + "01-01-" * 10_000
    ),
    "payments": (
        "Til udbetaling " * 4_000
        + "Til udbetaling: kr. " * 2_000
        + "A-skat " * 4_000
        + "Fradrag: " * 4_000
        + "perioden " * 4_000
        + "1.234,56\t" * 4_000
        + "\nNetto til udbetaling\t1.234,56\n" * 2_000
    ),
    "mixed-whitespace": ((" \u00a0\u202f\u2009\t" * 10_000) + "\n" * 10_000 + "Aalborg, den " * 4_000),
}


def text_regex_bait(kind: str) -> Callable[[Env], bytes]:
    def build(env: Env) -> bytes:
        return ("Dato: 14. oktober 2025\n" + GOOD_PHRASE + "\n" + REGEX_BAIT[kind] + "\n").encode()

    build.__name__ = f"text_regex_bait_{kind}"
    return build


def text_binary_garbage(env: Env) -> bytes:
    return bytes(range(256)) * 1000


# --------------------------------------------------------------------------------------------------------
# the catalogue


#: bugs found by these cases in modules the hostile-input work does not own, by regex-bait kind; their
#: pipeline and CLI tests are strict xfails until the owner fixes them (none open at the moment)
KNOWN_BUGS: dict[str, str] = {}


@dataclass(frozen=True)
class Case:
    """One hostile input: how to build it and what lettercheck must make of it.

    ``expect`` is the LC9xx code the file's result must carry, or ``"read"`` when the letter must be read
    (its text reaches the checks: ``GOOD_PHRASE`` in ``lettercheck extract``, no LC9xx finding except the
    listed ``problems``, which are findings about an *embedded* part). ``limit`` names the limit an LC906
    message must mention. ``slow`` cases are deselected in CI (``-m slow`` runs them).
    """

    name: str
    filename: str
    build: Callable[[Env], bytes]
    expect: str
    limit: str | None = None
    problems: tuple[str, ...] = ()
    slow: bool = False
    phrase: bool = True  # a letter that must be read has GOOD_PHRASE in its text
    #: a bug outside the readers that makes the pipeline fail on this case (its tests are strict xfails)
    known_bug: str | None = None
    note: str = ""
    tags: tuple[str, ...] = field(default=())


CASES: list[Case] = [
    # XML
    Case("xml-xxe-local-file", "xxe_file.xml", xml_xxe_local_file, "LC904"),
    Case("xml-xxe-url", "xxe_url.xml", xml_xxe_url, "LC904"),
    Case("xml-parameter-entity", "xxe_param.xml", xml_parameter_entity, "LC904"),
    Case("xml-billion-laughs", "laughs.xml", xml_billion_laughs, "LC904"),
    Case("xml-quadratic-blowup", "quadratic.xml", xml_quadratic_blowup, "LC904"),
    Case("xml-external-dtd", "external_dtd.xml", xml_external_dtd, "LC904"),
    Case("xml-doctype-after-padding", "padded_doctype.xml", xml_doctype_after_padding, "LC904"),
    Case(
        "xml-xinclude",
        "xinclude.xml",
        xml_xinclude,
        "LC904",
        note="schema rejects xi:include; never processed",
    ),
    Case("xml-deep-nesting", "deep.xml", xml_deep_nesting, "LC906", limit="max-xml-depth"),
    Case("xml-1mb-attribute", "big_attr.xml", xml_big_attribute, "read"),
    Case("xml-invalid-utf8", "bad_utf8.xml", xml_invalid_utf8, "LC901"),
    Case("xml-utf16-bom", "utf16.xml", xml_utf16_bom, "read"),
    Case("xml-latin1-declared", "latin1.xml", xml_latin1_declared, "read"),
    Case("xml-latin1-undeclared", "latin1_undeclared.xml", xml_latin1_undeclared, "LC901"),
    Case("xml-empty", "empty.xml", empty, "LC901"),
    Case("xml-date-year-20252", "year20252.xml", xml_date_year_20252, "LC904"),
    Case("xml-date-with-timezone", "datetz.xml", xml_date_with_timezone, "read"),
    Case("memo-garbage-base64", "garbage.memo", memo_garbage_base64, "read", problems=("LC901",)),
    Case(
        "memo-hostile-embedded",
        "hostile_embedded.memo",
        memo_hostile_embedded,
        "read",
        problems=("LC904", "LC904"),
    ),
    Case("memo-embedded-pdf-bomb", "embedded_bomb.memo", memo_embedded_pdf_bomb, "read", problems=("LC906",)),
    Case("memo-nested", "nested.memo", memo_nested, "read", problems=("LC906",)),
    # HTML
    Case("html-hostile-references", "hostile.html", html_hostile, "read"),
    Case("html-deep-nesting", "deep.html", html_deep_nesting, "read"),
    # PDF
    Case("pdf-encrypted-password", "encrypted.pdf", pdf_encrypted_with_password, "LC903"),
    Case("pdf-encrypted-empty-password", "encrypted_empty.pdf", pdf_encrypted_empty_password, "read"),
    Case("pdf-corrupt-xref", "corrupt_xref.pdf", pdf_corrupt_xref, "read", note="pypdf rebuilds the xref"),
    Case("pdf-corrupt-beyond-repair", "corrupt.pdf", pdf_corrupt_beyond_repair, "LC901"),
    Case("pdf-truncated", "truncated.pdf", pdf_truncated, "LC901"),
    Case("pdf-page-tree-loop", "loop.pdf", pdf_page_tree_loop, "LC901"),
    Case(
        "pdf-decompression-bomb", "bomb.pdf", pdf_decompression_bomb, "LC906", limit="max-decompressed-size"
    ),
    Case(
        "pdf-declared-length-bomb",
        "length_bomb.pdf",
        pdf_declared_length_bomb,
        "LC906",
        limit="max-decompressed-size",
    ),
    Case("pdf-10k-pages", "pages10k.pdf", pdf_10k_pages, "LC906", limit="max-pages"),
    Case(
        "pdf-10k-pages-lying-count",
        "pages10k_lying.pdf",
        pdf_10k_pages_lying_count,
        "LC906",
        limit="max-pages",
    ),
    Case(
        "pdf-million-runs",
        "million_runs.pdf",
        pdf_million_runs,
        "LC906",
        slow=True,
        note="pypdf's parse budget",
    ),
    Case("pdf-javascript-and-files", "javascript.pdf", pdf_javascript_and_files, "read"),
    Case("pdf-empty", "empty.pdf", empty, "LC901"),
    # DOCX / ZIP
    Case("docx-zip-bomb", "bomb.docx", docx_zip_bomb, "LC906", limit="max-decompressed-size"),
    Case("docx-zip-bomb-lying-header", "bomb_lying.docx", docx_zip_bomb_lying_header, "LC901"),
    Case("docx-path-traversal", "traversal.docx", docx_path_traversal, "read"),
    Case("docx-traversal-only", "traversal_only.docx", docx_traversal_only, "LC901"),
    Case("docx-external-relationships", "external_rels.docx", docx_external_relationships, "read"),
    Case("docx-hostile-document-xml", "xxe.docx", docx_hostile_document_xml, "LC904"),
    Case("docx-many-paragraphs", "many_paragraphs.docx", docx_many_paragraphs, "read", phrase=False),
    Case("docx-huge-document", "huge.docx", docx_huge_document, "LC906", limit="max-file-size"),
    Case(
        "docx-text-over-max-chars",
        "long.docx",
        docx_text_over_max_chars,
        "LC906",
        limit="max-text-chars",
        slow=True,
    ),
    Case("docx-not-a-docx", "notword.docx", zip_not_docx, "LC901"),
    Case("docx-unsupported-zip-version", "zipversion.docx", docx_unsupported_zip_version, "LC901"),
    Case("docx-encrypted-member", "encrypted.docx", docx_encrypted_member, "LC901"),
    Case("docx-unknown-compression", "compression.docx", docx_unknown_compression, "LC901"),
    Case("docx-empty", "empty.docx", empty, "LC901"),
    # text
    Case("text-50mb", "big.txt", text_50mb, "LC906", limit="max-text-chars", slow=True),
    Case(
        "text-over-max-file-size", "huge.txt", text_over_file_size, "LC906", limit="max-file-size", slow=True
    ),
    Case("text-long-line", "long_line.txt", text_long_line, "read", slow=True),
    *(
        Case(f"text-regex-bait-{k}", f"bait_{k}.txt", text_regex_bait(k), "read", known_bug=KNOWN_BUGS.get(k))
        for k in REGEX_BAIT
    ),
    Case("text-binary-garbage", "garbage.txt", text_binary_garbage, "read", phrase=False),
    Case("text-empty", "empty.txt", empty, "LC902"),
]

CASES_BY_NAME = {c.name: c for c in CASES}


def write_case(case: Case, directory: Path, env: Env) -> Path:
    path = directory / case.filename
    path.write_bytes(case.build(env))
    return path


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--slow", action="store_true", help="also write the slow (large) cases")
    ap.add_argument("--only", action="append", default=[], help="case name (repeatable)")
    args = ap.parse_args(argv)
    args.outdir.mkdir(parents=True, exist_ok=True)
    env = default_env(args.outdir)
    for case in CASES:
        if args.only and case.name not in args.only:
            continue
        if case.slow and not args.slow and not args.only:
            continue
        path = write_case(case, args.outdir, env)
        print(f"{case.name:34} {path.stat().st_size:>12,} bytes  {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
