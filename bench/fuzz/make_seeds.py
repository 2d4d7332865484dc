"""Write seed inputs for the fuzzers into bench/out/fuzz/corpus/<target>/ (small files only; never committed).

Seeds are the hostile cases of tests/hostile/generate.py that are small enough to mutate (bombs and
10,000-page files are left out: libFuzzer runs with -max_len), plus well-formed letters of every kind, so the
fuzzer starts from inputs that already reach deep into each reader.
"""

from __future__ import annotations

import base64
import hashlib
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.hostile import generate as g  # noqa: E402

MAX_SEED = 64 * 1024
KIND_OF_EXT = {".pdf": "pdf", ".xml": "xml", ".memo": "xml", ".docx": "docx", ".html": "html", ".txt": "text"}

EXTRACT_SEEDS = [
    "Du har ret til kontanthjælp efter § 11, stk. 2, i lov om aktiv socialpolitik, jf. lovbekendtgørelse "
    "nr. 1004 af 30. juni 2025.",
    "Efter retssikkerhedslovens § 67 kan du klage. Aktivlovens §§ 22-24 og § 34, stk. 1, nr. 2, litra a.",
    "Til udbetaling: 12.345,67 kr.\nA-skat\t-3.210,00\nNetto til udbetaling\t9.135,67 kr.",
    "Beløb (kr.)\nKontanthjælp\t12.345,67\nFradrag\t1.234,00\n",
    "Udbetaling for perioden 1.-31. oktober 2025, udbetalt den 31. oktober 2025. Dato: 14. okt. 2025",
    "Aalborg, den 14. oktober 2025\nfra den 1. januar 2025 til den 31. december 2025; 31. september 2025",
    "1.000.000,- kr. 1,234.56 kr. 12 345,6 kr. −1.234,56 DKK kr. 99,999",
]


def _write(kind: str, data: bytes, out: Path) -> None:
    if len(data) > MAX_SEED:
        return
    d = out / kind
    d.mkdir(parents=True, exist_ok=True)
    (d / hashlib.sha1(data).hexdigest()).write_bytes(data)


def main(out: Path) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        env = g.default_env(Path(tmp))
        for case in g.CASES:
            if case.slow:
                continue
            data = case.build(env)
            ext = Path(case.filename).suffix
            kind = KIND_OF_EXT[ext]
            _write(kind, b"\x01" + data if kind == "docx" else data, out)
            if ext != ".memo" and len(data) < 8 * 1024:
                _write("memo", data, out)  # the memo target embeds its input as a document
    good_pdf = g.pdf_letter()
    for kind, data in [
        ("pdf", good_pdf),
        ("pdf", g.pdf_many_pages(3)),
        ("xml", g.letter_xml().encode()),
        ("xml", g.memo_xml([("brev.pdf", "application/pdf", base64.b64encode(good_pdf).decode())])),
        ("docx", b"\x01" + g.docx_good()),
        ("html", b"<html><body><h1>Afg\xc3\xb8relse</h1><p>Efter \xc2\xa7 11, stk. 2.</p></body></html>"),
        ("text", g.GOOD_BATCH_LETTER),
        ("memo", good_pdf),
        ("memo", g.GOOD_BATCH_LETTER),
    ]:
        _write(kind, data, out)
    # the docx target reads inputs with an odd first byte as raw archives and packs the others into a zip
    # as word/document.xml (+ word/comments.xml after a \0COMMENTS\0 marker): fuzz_reader.docx_of
    w = f'xmlns:w="{g.W_NS}"'
    fields = (
        f'<?xml version="1.0"?><w:document {w}><w:body><w:p><w:commentRangeStart w:id="0"/><w:r><w:t>Beløb: '
        '</w:t></w:r><w:fldSimple w:instr=" MERGEFIELD Beloeb "><w:r><w:t>x</w:t></w:r></w:fldSimple></w:p>'
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>MERGEFIELD Dato</w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>1. maj</w:t></w:r><w:r><w:fldChar '
        'w:fldCharType="end"/></w:r><w:r><w:tab/><w:t>§ 11</w:t></w:r><w:r><w:commentReference w:id="0"/>'
        "</w:r></w:p></w:body></w:document>"
    ).encode()
    comments = (
        f'<?xml version="1.0"?><w:comments {w}><w:comment w:id="0"><w:p><w:r><w:t>lettercheck: ignore '
        "LC401 -- skabelon</w:t></w:r></w:p></w:comment></w:comments>"
    ).encode()
    _write("docx", b"\x00" + g.document_xml(g.GOOD_LINES), out)
    _write("docx", b"\x00" + fields + b"\x00COMMENTS\x00" + comments, out)
    for text in EXTRACT_SEEDS + g.GOOD_LINES:
        _write("extract", text.encode(), out)
        _write("text", text.encode(), out)
    for kind in sorted(p.name for p in out.iterdir()):
        print(f"{kind:8} {len(list((out / kind).iterdir())):4} seeds")
    return 0


if __name__ == "__main__":
    # bench/out/ is git-ignored: the seeds include hostile files, and libFuzzer keeps adding to them
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "bench" / "out" / "fuzz" / "corpus"))
