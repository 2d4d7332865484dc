"""atheris harness for one reader: ``python bench/fuzz/fuzz_reader.py KIND [libFuzzer flags] [corpus dirs]``.

KIND is pdf, xml, memo, docx, html or text. The fuzzed bytes are read as that kind (``read_bytes(...,
kind=KIND)``); ``memo`` wraps them as the base64 content of a MeMo message's document, with the format chosen
by the first byte, so the MeMo reader and every reader it delegates to are reached through it. ``docx``
reads half of its inputs as raw archives and packs the other half (first byte even) into a well-formed zip as
``word/document.xml`` and ``word/comments.xml``: random bytes almost never make a zip with valid CRCs, so
without the packing the fuzzer would never get past the archive into the paragraphs. Any exception other
than ReadError, and any broken invariant of the returned Letter, is a crash.
"""

from __future__ import annotations

import base64
import io
import sys
import zipfile

import _common  # noqa: F401  (sets sys.path and instruments lettercheck)
import atheris
from _common import read, run

KINDS = ("pdf", "xml", "memo", "docx", "html", "text")
NAMES = {"pdf": "f.pdf", "xml": "f.xml", "docx": "f.docx", "html": "f.html", "text": "f.txt"}
MEMO_FORMATS = ("application/pdf", "text/html", "text/plain", "application/xml", "image/png")


def memo_of(data: bytes) -> bytes:
    fdp = atheris.FuzzedDataProvider(data)
    fmt = MEMO_FORMATS[fdp.ConsumeIntInRange(0, len(MEMO_FORMATS) - 1)]
    label = fdp.ConsumeUnicodeNoSurrogates(40).replace("<", "").replace("&", "")
    content = base64.b64encode(fdp.ConsumeBytes(fdp.remaining_bytes())).decode()
    return (
        '<?xml version="1.0" encoding="UTF-8"?><memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1">'
        f"<memo:MessageHeader><memo:label>{label}</memo:label></memo:MessageHeader><memo:MessageBody>"
        f"<memo:createdDateTime>2025-10-14</memo:createdDateTime><memo:MainDocument><memo:File>"
        f"<memo:encodingFormat>{fmt}</memo:encodingFormat><memo:filename>d</memo:filename>"
        f"<memo:content>{content}</memo:content></memo:File></memo:MainDocument></memo:MessageBody>"
        "</memo:Message>"
    ).encode()


def docx_of(data: bytes) -> bytes:
    if not data or data[0] & 1:
        return data[1:]  # a raw archive
    document, _, comments = data[1:].partition(b"\x00COMMENTS\x00")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", b"<Types/>")
        z.writestr("word/document.xml", document)
        if comments:
            z.writestr("word/comments.xml", comments)
    return buf.getvalue()


def main() -> None:
    if len(sys.argv) < 2 or sys.argv[1] not in KINDS:
        sys.exit(f"usage: {sys.argv[0]} {{{','.join(KINDS)}}} [libFuzzer flags] [corpus dirs]")
    kind = sys.argv.pop(1)

    if kind == "memo":

        def one(data: bytes) -> None:
            read(memo_of(data), "f.memo")

    elif kind == "docx":

        def one(data: bytes) -> None:
            read(docx_of(data), "f.docx", kind="docx")

    else:

        def one(data: bytes) -> None:
            read(data, NAMES[kind], kind=kind)

    run(one)


if __name__ == "__main__":
    main()
