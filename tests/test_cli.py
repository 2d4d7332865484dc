"""The CLI as a user runs it: exit codes, formats, selection, config, the JSON contract."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from click.testing import CliRunner
from pypdf import PdfWriter
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from lettercheck.cli import main
from lettercheck.resources import schema_path
from tests.readers.test_memo_docx_html_text import docx, memo
from tests.readers.test_pdf import BODY, make_pdf
from tests.readers.test_xml import LAUGHS, LETTER, XXE

CPR_LABEL = "Afgørelse om kontanthjælp til 010190-1234"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


def schema() -> dict:
    return json.loads(schema_path("findings.schema.json").read_text())


@pytest.fixture
def mixed_dir(tmp_path: Path) -> Path:
    """Every kind of letter lettercheck reads, and every kind of broken file it must survive."""
    d = tmp_path / "batch"
    d.mkdir()
    good_pdf = make_pdf([BODY])
    (d / "01-letter.pdf").write_bytes(good_pdf)
    (d / "02-letter.xml").write_text(LETTER, encoding="utf-8")
    (d / "03-memo.xml").write_bytes(memo([("brev.pdf", "application/pdf", good_pdf)]))
    (d / "04-template.docx").write_bytes(docx(["Afgørelse om kontanthjælp", "Kære modtager"]))
    (d / "05-letter.txt").write_text("Dato: 14. oktober 2025\nAfgørelse om sygedagpenge\n", encoding="utf-8")
    (d / "10-corrupt.pdf").write_bytes(good_pdf[: len(good_pdf) // 3])
    w = PdfWriter(clone_from=io.BytesIO(good_pdf))
    w.encrypt(user_password="hemmelig", owner_password="ejer", algorithm="RC4-128")
    buf = io.BytesIO()
    w.write(buf)
    (d / "11-encrypted.pdf").write_bytes(buf.getvalue())
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.rect(100, 100, 300, 300, fill=1)
    c.showPage()
    c.save()
    (d / "12-image-only.pdf").write_bytes(buf.getvalue())
    (d / "13-malformed.xml").write_bytes(b"<letter><body><p>unclosed</body></letter>")
    (d / "14-xxe.xml").write_bytes(XXE)
    (d / "15-laughs.xml").write_bytes(LAUGHS)
    return d


EXPECTED_BAD = {
    "10-corrupt.pdf": "LC901",
    "11-encrypted.pdf": "LC903",
    "12-image-only.pdf": "LC902",
    "13-malformed.xml": "LC901",
    "14-xxe.xml": "LC904",
    "15-laughs.xml": "LC904",
}


def test_mixed_directory_end_to_end(mixed_dir: Path):
    """Every file is reported, each bad one with exactly one LC9xx finding, no traceback, exit 1."""
    proc = subprocess.run(
        [sys.executable, "-m", "lettercheck", "check", str(mixed_dir), "--format", "json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    report = json.loads(proc.stdout)
    jsonschema.validate(report, schema())
    files = {Path(f["path"]).name: f for f in report["files"]}
    assert sorted(files) == sorted(p.name for p in mixed_dir.iterdir())
    for name, code in EXPECTED_BAD.items():
        lc9 = [f["code"] for f in files[name]["findings"] if f["code"].startswith("LC9")]
        assert lc9 == [code], (name, files[name]["findings"])
    for name in ("01-letter.pdf", "02-letter.xml", "03-memo.xml", "04-template.docx", "05-letter.txt"):
        assert not [f for f in files[name]["findings"] if f["code"].startswith("LC9")], name
    assert report["summary"]["files"] == len(files)


def memo_with_cpr(tmp_path: Path) -> Path:
    p = tmp_path / "m.xml"
    p.write_bytes(memo([("brev.pdf", "application/pdf", make_pdf([BODY]))], label=CPR_LABEL))
    return p


def test_text_output_location_caret_and_masking(tmp_path: Path):
    p = memo_with_cpr(tmp_path)
    code, out, _ = run("check", str(p), "--select", "LC501")
    assert code == 1
    first = out.splitlines()[0]
    assert first.startswith(f"{p}:6: LC501 [error] full CPR number in the Digital Post label")
    assert "010190-1234" not in out and "010190-xxxx" in out
    assert "Found 1 finding in 1 of 1 file (LC501 ×1)." in out


def test_json_output_matches_the_schema_and_contract(tmp_path: Path):
    p = memo_with_cpr(tmp_path)
    code, out, _ = run("check", str(p), "--format", "json", "--select", "LC501", "--as-of", "2025-11-01")
    assert code == 1
    report = json.loads(out)
    jsonschema.validate(report, schema())
    (f,) = report["files"]
    assert f["letter"] == {"date": "2025-11-01", "date_source": "cli", "type": f["letter"]["type"]}
    (finding,) = f["findings"]
    assert finding["code"] == "LC501" and finding["severity"] == "error"
    assert finding["text"] == "010190-xxxx"
    assert finding["location"]["xpath"] == "/Message/MessageHeader/label"
    assert report["summary"] == {"files": 1, "findings": 1, "by_code": {"LC501": 1}}


def test_select_ignore_exit_zero_and_fail_on(tmp_path: Path):
    p = memo_with_cpr(tmp_path)
    assert run("check", str(p), "--select", "LC501", "--ignore", "LC5")[0] == 0
    assert run("check", str(p), "--select", "LC501", "--exit-zero")[0] == 0
    assert run("check", str(p), "--select", "LC9")[0] == 0
    assert run("check", str(p), "--select", "LC501", "--fail-on", "error")[0] == 1


def test_unknown_selector_is_a_usage_error(tmp_path: Path):
    code, _, err = run("check", str(memo_with_cpr(tmp_path)), "--select", "LC77")
    assert code == 2 and "LC77" in err


def test_config_is_found_by_walking_up_and_cli_overrides_it(tmp_path: Path):
    (tmp_path / "pyproject.toml").write_text('[tool.lettercheck]\nignore = ["LC501"]\n')
    sub = tmp_path / "letters" / "2025"
    sub.mkdir(parents=True)
    p = memo_with_cpr(sub)
    assert run("check", str(p), "--select", "LC501")[0] == 0  # ignored by the config file
    (tmp_path / "lettercheck.toml").write_text('select = ["LC5"]\n')  # lettercheck.toml wins over pyproject
    assert run("check", str(p))[0] == 1


def test_unknown_config_key_names_the_key(tmp_path: Path):
    (tmp_path / "lettercheck.toml").write_text('selekt = ["LC1"]\n')
    p = memo_with_cpr(tmp_path)
    code, _, err = run("check", str(p))
    assert code == 2 and "unknown key 'selekt'" in err


def test_output_file_is_written_and_stdout_stays_empty(tmp_path: Path):
    p = memo_with_cpr(tmp_path)
    out_file = tmp_path / "reports" / "findings.json"
    code, out, _ = run("check", str(p), "--format", "json", "--select", "LC501", "-o", str(out_file))
    assert code == 1 and out == ""
    assert json.loads(out_file.read_text())["summary"]["findings"] == 1
    assert [x.name for x in out_file.parent.iterdir()] == ["findings.json"]  # no temp file left


def test_missing_file_is_a_finding_not_a_crash(tmp_path: Path):
    code, out, _ = run("check", str(tmp_path / "nope.pdf"), "--format", "json")
    assert code == 1
    assert json.loads(out)["files"][0]["findings"][0]["code"] == "LC901"


def test_rules_and_explain():
    code, out, _ = run("rules", "--format", "json")
    rules = {r["code"]: r for r in json.loads(out)["rules"]}
    assert rules["LC501"]["severity"] == "error" and rules["LC904"]["name"] == "hostile-xml"
    code, out, _ = run("explain", "lc501")
    assert code == 0 and out.startswith("# LC501 cpr-in-message-header (error)")
    assert "## Why is this bad?" in out and "databeskyttelsesloven" in out
    assert run("explain", "LC999")[0] == 2


def test_python_dash_m_and_version():
    proc = subprocess.run([sys.executable, "-m", "lettercheck", "--version"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("lettercheck, version ")


def test_date_from_the_letter_text(tmp_path: Path):
    p = tmp_path / "a.txt"
    p.write_text(
        "Aalborg Kommune\nAalborg, den 14. oktober 2025\nAfgørelse om kontanthjælp\n", encoding="utf-8"
    )
    _, out, _ = run("check", str(p), "--format", "json", "--select", "LC9")
    assert json.loads(out)["files"][0]["letter"]["date"] == "2025-10-14"
    assert json.loads(out)["files"][0]["letter"]["date_source"] == "text"


def test_extract_json_joined_text_and_location(tmp_path: Path):
    p = tmp_path / "a.pdf"
    p.write_bytes(make_pdf([BODY]))
    code, out, _ = run("extract", str(p))
    assert code == 0
    doc = json.loads(out)
    assert doc["schema"] == "lettercheck.extract/1"
    (f,) = doc["files"]
    assert "i lov om aktiv socialpolitik, jf. lovbekendtgørelse" in f["text"]
    assert f["letter"]["date"] == "2025-10-14" and f["letter"]["date_source"] == "text"
    assert f["letter"]["metadata"]["title"] == "Afgørelse"


def test_extract_on_the_hyphenation_fixture_joins_the_word_and_locates_the_part_after_the_hyphen():
    """tests/fixtures/hyphenation.README.md documents where the hyphenated word stands in the PDF."""
    from lettercheck.readers import read_bytes
    from tests.conftest import FIXTURES

    pdf = FIXTURES / "hyphenation.pdf"
    code, out, _ = run("extract", str(pdf))
    assert code == 0
    (f,) = json.loads(out)["files"]
    assert "i lov om aktiv socialpolitik, jf. lovbekendtgørelse nr. 1004 af 30. juni 2025" in f["text"]
    (cit,) = [c for c in f["citations"] if c["section"] == "16"]
    assert cit["act"] == "aktivloven" and cit["page"] == 1 and cit["line"] == 15
    letter = read_bytes(pdf.read_bytes(), str(pdf))
    after = letter.text.index("socialpolitik") + len("social")
    loc = letter.locate(after)
    assert (loc.page, loc.line, loc.column) == (1, 16, 1)
    loc = letter.locate(letter.text.index("socialpolitik"))
    assert (loc.page, loc.line, loc.column) == (1, 15, 88)


def test_standard_input_is_read_as_a_text_letter():
    result = CliRunner().invoke(
        main,
        ["check", "-", "--format", "json", "--select", "LC1"],
        input="Aalborg, den 14. oktober 2025\nAfgørelse om kontanthjælp\nEfter aktivlovens § 25 får du hjælp.\n",
    )
    assert result.exit_code == 1
    (f,) = json.loads(result.stdout)["files"]
    assert f["path"] == "-" and [x["code"] for x in f["findings"]] == ["LC103"]
