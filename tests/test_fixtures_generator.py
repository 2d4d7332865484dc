"""Tests of the letter generator and the committed fixtures it made.

Why: every other test and the benchmarks trust these letters and their manifest as ground truth. If the
generator stopped being deterministic, or a committed fixture drifted from the generator, or a "clean" letter
cited a version the facts file does not list as in force, rule tests would pass or fail for the wrong reason.
"""

from __future__ import annotations

import base64
import datetime as dt
import importlib.util
import io
import re
import sys
import unicodedata
import zipfile
from decimal import Decimal
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from lxml import etree
from pypdf import PdfReader

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPO = FIXTURES.parent.parent
MEMO = "{https://DigitalPost.dk/MeMo-1}"
LETTER = "{urn:lettercheck:letter:1}"


def _load_generator() -> ModuleType:
    """Import tests/fixtures/generate.py by path (tests/ is not a package)."""
    name = "lettercheck_fixture_generator"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, FIXTURES / "generate.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is created
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def gen() -> ModuleType:
    return _load_generator()


@pytest.fixture(scope="module")
def manifest() -> list[dict]:
    return yaml.safe_load((FIXTURES / "batch" / "manifest.yaml").read_text(encoding="utf-8"))["letters"]


def _pdf_text_lines(data: bytes) -> list[list[str]]:
    return [p.extract_text().splitlines() for p in PdfReader(io.BytesIO(data)).pages]


def _spec_text(spec) -> str:
    parts = [spec.title]
    for b in spec.blocks:
        parts.append(b.text if b.kind != "table" else " ".join(" ".join(r) for r in b.rows))
    return " ".join(parts).replace("\n", " ")


# ------------------------------------------------------------------------------------------- determinism
@pytest.mark.parametrize("seed", [0, 1, 42, 2025])
def test_same_seed_gives_same_bytes(gen, seed):
    a, b = gen.make_letter(seed), gen.make_letter(seed)
    for render in (gen.render_pdf, gen.render_xml, gen.render_memo, gen.render_docx, gen.render_text):
        assert render(a) == render(b), render.__name__


def test_different_seeds_give_different_letters(gen):
    assert gen.render_xml(gen.make_letter(1)) != gen.render_xml(gen.make_letter(2))


def test_generate_batch_is_reproducible(gen, tmp_path):
    e1 = gen.generate_batch(tmp_path / "a", 12, seed=3)
    e2 = gen.generate_batch(tmp_path / "b", 12, seed=3)
    assert e1 == e2
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files == sorted(p.name for p in (tmp_path / "b").iterdir())
    for name in files:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    assert {e["file"] for e in e1} | {"manifest.yaml"} == set(files)


def test_cli_writes_a_batch(gen, tmp_path):
    assert gen.main(["--out", str(tmp_path), "--letters", "5", "--seed", "9", "--formats", "pdf,xml"]) == 0
    entries = yaml.safe_load((tmp_path / "manifest.yaml").read_text(encoding="utf-8"))["letters"]
    assert len(entries) == 5
    assert all(e["file"].endswith((".pdf", ".xml")) and not e["file"].endswith(".memo.xml") for e in entries)


def test_twins_differ_only_in_the_defect(gen):
    """A defect letter and its clean twin (same seed) must differ only where the defect is."""
    kwargs = {"seed": 42, "stem": "twin"}
    clean = gen.build_letter("kh_udbetaling", dt.date(2025, 10, 24), (), **kwargs)
    bad = gen.build_letter("kh_udbetaling", dt.date(2025, 10, 24), ("LC104:269",), **kwargs)
    diff = [(a.text, b.text) for a, b in zip(clean.blocks, bad.blocks, strict=True) if a != b]
    assert len(diff) == 1
    assert "nr. 1004 af 30. juni 2025" in diff[0][0] and "nr. 269 af 21. marts 2017" in diff[0][1]


# ------------------------------------------------------------------------------------------- formats
@pytest.mark.parametrize("seed", range(8))
def test_pdf_is_parseable_and_lines_are_as_laid_out(gen, seed):
    spec = gen.make_letter(seed)
    lines = _pdf_text_lines(gen.render_pdf(spec))
    assert spec.title in lines[0]
    assert lines == gen.pdf_lines(spec)  # the generator knows where every line and column is
    assert 1 <= len(lines) <= 3


@pytest.mark.parametrize("seed", range(8))
def test_letter_xml_parses_and_follows_the_doc(gen, seed):
    spec = gen.make_letter(seed)
    root = etree.fromstring(gen.render_xml(spec))
    assert root.tag == LETTER + "letter"
    assert root.get("date") == spec.date.isoformat() and root.get("id")
    assert root.find(LETTER + "body") is not None
    xsd = REPO / "lettercheck" / "schemas" / "letter.xsd"
    if xsd.exists():
        schema = etree.XMLSchema(etree.parse(str(xsd)))
        assert schema.validate(root), schema.error_log


@pytest.mark.parametrize("seed", range(4))
def test_memo_wraps_a_readable_pdf(gen, seed):
    spec = gen.make_letter(seed)
    root = etree.fromstring(gen.render_memo(spec))
    assert root.tag == MEMO + "Message" and root.get("memoVersion") == "1.1"
    assert root.findtext(f"{MEMO}MessageHeader/{MEMO}label") == spec.title
    assert root.findtext(f"{MEMO}MessageHeader/{MEMO}Sender/{MEMO}senderID") == spec.sender.cvr
    content = root.findtext(f".//{MEMO}MainDocument/{MEMO}File/{MEMO}content")
    pdf = base64.b64decode(content, validate=True)
    assert pdf.startswith(b"%PDF")
    assert spec.title in _pdf_text_lines(pdf)[0]


def test_memo_attachment_decodes(gen):
    spec = gen._split_klagevejledning(gen.build_letter("kh_afgoerelse", dt.date(2025, 11, 10), (), seed=3))
    root = etree.fromstring(gen.render_memo(spec))
    (att,) = root.findall(f".//{MEMO}AdditionalDocument")
    pdf = base64.b64decode(att.findtext(f"{MEMO}File/{MEMO}content"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert "Klagevejledning" in text and "Ankestyrelsen" in text


def test_docx_template_has_placeholders_and_merge_fields(gen):
    spec = gen.build_letter("kh_afgoerelse", dt.date(2025, 10, 14), (), seed=11, with_payment=True)
    for mode, must in (
        ("template", ["«Navn»", "{{ cpr }}", 'w:instr=" MERGEFIELD Beloeb']),
        ("leftover", ["<w:instrText", "MERGEFIELD Beloeb", "«Na</w:t>"]),
        ("none", []),
    ):
        z = zipfile.ZipFile(io.BytesIO(gen.render_docx(spec, placeholders=mode)))
        assert {"[Content_Types].xml", "_rels/.rels", "word/document.xml"} <= set(z.namelist())
        doc = z.read("word/document.xml").decode("utf-8")
        etree.fromstring(doc.encode("utf-8"))
        for m in must:
            assert m in doc, (mode, m)
        if mode == "none":
            assert "MERGEFIELD" not in doc and "«" not in doc


def test_wrap_hyphenates_only_at_soft_hyphens(gen):
    text = gen._hyphenate("lov om aktiv socialpolitik og A-skat og AM-bidrag")
    for width in range(40, 200, 3):
        for line in gen.wrap(text, width):
            assert not line.endswith(("A-", "AM-")), line
            assert "\u00ad" not in line


# ------------------------------------------------------------------------------------------- committed fixtures
def test_manifest_lists_every_batch_file(manifest):
    on_disk = {p.name for p in (FIXTURES / "batch").iterdir() if p.name not in ("manifest.yaml", "README.md")}
    listed = [e["file"] for e in manifest]
    assert len(listed) == len(set(listed))
    assert set(listed) == on_disk
    assert len(listed) >= 48


def test_manifest_shape_and_balance(gen, manifest):
    clean = [e for e in manifest if not e["expected"]]
    assert len(clean) * 2 >= len(manifest)
    seen: set[str] = set()
    for e in manifest:
        assert set(e) >= {"file", "letter_date", "type", "expected", "notes"}
        dt.date.fromisoformat(e["letter_date"])
        assert len(e["expected"]) <= 2 and set(e["expected"]) <= set(gen.CODES), e
        seen |= set(e["expected"])
        pay = e.get("payment")
        if pay and not e["expected"]:
            gross = Decimal(pay["gross"])
            assert gross - sum(Decimal(d["value"]) for d in pay["deductions"]) == Decimal(pay["net"]), e[
                "file"
            ]
            assert pay["period"]["start"] <= pay["period"]["end"] and pay["payment_date"]
    assert seen == set(gen.CODES)  # every rule the batch is designed for has a letter
    years = {e["letter_date"][:4] for e in manifest}
    assert years >= {str(y) for y in range(2019, 2027)}
    formats = {e["file"].split(".", 1)[1] for e in manifest}
    assert formats == {"pdf", "xml", "memo.xml"}


def test_committed_batch_matches_the_generator(gen, manifest, tmp_path):
    """The committed batch is what `generate.py --batch` makes now (PDFs compared by their text)."""
    fresh = gen.write_batch(tmp_path)
    assert fresh == manifest
    for e in manifest:
        old, new = (FIXTURES / "batch" / e["file"]).read_bytes(), (tmp_path / e["file"]).read_bytes()
        if e["file"].endswith(".pdf"):
            assert _pdf_text_lines(old) == _pdf_text_lines(new), e["file"]
        elif not e["file"].endswith(".memo.xml"):  # MeMo embeds a PDF; XML is pure Python, byte-stable
            assert old == new, e["file"]


def test_xml_payment_matches_manifest(manifest):
    for e in manifest:
        if not e["file"].endswith(".xml") or e["file"].endswith(".memo.xml") or "payment" not in e:
            continue
        root = etree.parse(str(FIXTURES / "batch" / e["file"])).getroot()
        pay = root.find(LETTER + "payment")
        truth = e["payment"]
        assert pay.get("benefit") == truth["benefit"]
        assert pay.findtext(LETTER + "gross") == truth["gross"]
        assert pay.findtext(LETTER + "net") == truth["net"]
        assert pay.findtext(LETTER + "paymentDate") == truth["payment_date"]
        deds = [{"label": d.get("label"), "value": d.text} for d in pay.findall(LETTER + "deduction")]
        assert deds == truth["deductions"]


_LBK = re.compile(
    r"(?:lovbekendtgørelse|LBK) nr\. (\d+) af (\d{1,2})\. (\w+) (\d{4})|LBK nr\. (\d+) af (\d\d)/(\d\d)/(\d{4})"
)


def test_clean_letters_cite_only_versions_in_force(gen):
    """Clean letters cite only LBKs the facts file lists, inside the window where each is the newest."""
    months = {m: i for i, m in enumerate(gen.MONTHS, 1)}
    specs = [s for s, _ in gen.batch_specs()] + [gen.make_letter(i, defect_rate=0) for i in range(60)]
    for spec in specs:
        if spec.expected:
            continue
        for m in _LBK.finditer(_spec_text(spec)):
            if m.group(1):
                number, cited = int(m.group(1)), dt.date(int(m.group(4)), months[m.group(3)], int(m.group(2)))
            else:
                number, cited = int(m.group(5)), dt.date(int(m.group(8)), int(m.group(7)), int(m.group(6)))
            ok = [
                v
                for vs in gen.VERSIONS.values()
                for v in vs
                if v.number == number and v.date == cited and v.safe_from <= spec.date <= v.safe_until
            ]
            assert ok, (spec.stem, spec.date, m.group(0))


def test_hyphenation_fixture_location(gen, tmp_path):
    info = gen.write_hyphenation_fixture(tmp_path / "hyphenation.pdf")
    committed = (FIXTURES / "hyphenation.pdf").read_bytes()
    assert _pdf_text_lines((tmp_path / "hyphenation.pdf").read_bytes()) == _pdf_text_lines(committed)
    lines = _pdf_text_lines((FIXTURES / "hyphenation.pdf").read_bytes())[info["page"] - 1]
    hyph, cont = lines[info["hyphen_line"] - 1], lines[info["continuation_line"] - 1]
    assert hyph.endswith("social-") and len(hyph) == info["hyphen_column"]
    assert hyph[info["first_part_column"] - 1 :] == "social-"
    assert cont.startswith("politik,") and info["continuation_column"] == 1
    readme = (FIXTURES / "hyphenation.README.md").read_text(encoding="utf-8")
    row = f"| {info['page']} | {info['continuation_line']} | {info['continuation_column']} |"
    assert row in readme


def test_bad_fixtures(gen):
    bad = FIXTURES / "bad"
    enc = PdfReader(bad / "encrypted.pdf")
    assert enc.is_encrypted and not enc.decrypt("")
    empty = PdfReader(bad / "encrypted_empty_password.pdf")
    assert empty.is_encrypted and empty.decrypt("")
    assert "Udbetaling" in empty.pages[0].extract_text()
    assert not PdfReader(bad / "image_only.pdf").pages[0].extract_text().strip()
    assert b"file:///etc/passwd" in (bad / "xxe.xml").read_bytes()
    assert b"&lol9;" in (bad / "billion_laughs.xml").read_bytes()
    assert (bad / "unsupported.png").read_bytes().startswith(b"\x89PNG\r\n\x1a\n")
    with pytest.raises(etree.XMLSyntaxError):
        etree.fromstring((bad / "malformed.xml").read_bytes())
    good_len = len(gen.render_pdf(gen.build_letter("kh_udbetaling", dt.date(2025, 10, 24), (), seed=5)))
    assert 0 < (bad / "truncated.pdf").stat().st_size < good_len


def test_examples_are_documented():
    readme = (REPO / "examples" / "README.md").read_text(encoding="utf-8")
    files = [p.name for p in (REPO / "examples").iterdir() if p.name != "README.md"]
    assert len(files) >= 8
    for name in files:
        assert f"`{name}`" in readme


def test_letters_fixtures_are_documented():
    readme = (FIXTURES / "letters" / "README.md").read_text(encoding="utf-8")
    for p in (FIXTURES / "letters").iterdir():
        if p.name != "README.md":
            assert f"`{p.name}`" in readme


def test_producer_pdfs_exist_and_carry_the_letters(gen):
    """Each producer PDF holds its letter's text: catches PDFs not remade (make.sh) after the sources changed."""
    entries = yaml.safe_load((FIXTURES / "producers" / "manifest.yaml").read_text(encoding="utf-8"))[
        "letters"
    ]
    specs = gen.producer_specs()
    assert {e["file"] for e in entries} == set(specs)
    producers = set()
    for e in entries:
        reader = PdfReader(FIXTURES / "producers" / e["file"])
        producers.add(str(reader.metadata.get("/Producer", "")).split()[0])
        text = "\n".join(p.extract_text() for p in reader.pages)
        text = unicodedata.normalize("NFKC", text)  # Chromium keeps ligatures: ﬀ ﬁ ﬂ
        text = re.sub(r"\s+", " ", text)
        for b in specs[e["file"]].blocks:
            if b.kind == "p" and not b.keep:
                assert re.sub(r"\s+", " ", b.text) in text, (e["file"], b.text[:60])
        if "outdated" in e["file"]:
            assert "nr. 269 af 21. marts 2017" in text and e["expected"] == ["LC104"]
        if "corrected" in e["file"]:
            assert "nr. 1004 af 30. juni 2025" in text and e["expected"] == []
    assert {"LibreOffice", "Skia/PDF"} <= producers
