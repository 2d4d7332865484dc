"""The pdfium engine (``--pdf-engine pdfium``) reads letters as the pypdf engine does: same text, same
locations, same findings, same LC9xx codes for broken files.

The engine is an optional extra, so the comparisons skip when pypdfium2 is not installed (CI installs it with
the test extra); what a user without it sees (a clear LC900 naming the extra) is tested either way.
"""

from __future__ import annotations

import gc
import importlib.util
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from click.testing import CliRunner

from lettercheck.config import Config, Limits
from lettercheck.model import FileResult, Letter, ReadError
from lettercheck.pipeline import check_bytes, read_letter
from tests.conftest import FIXTURES
from tests.readers.test_pdf import BODY, make_pdf

try:
    import pypdfium2  # noqa: F401

    HAVE_PDFIUM = True
except ImportError:  # pragma: no cover - CI installs it
    HAVE_PDFIUM = False

needs_pdfium = pytest.mark.skipif(not HAVE_PDFIUM, reason="pypdfium2 not installed (pip install pypdfium2)")

PYPDF, PDFIUM = Config(), Config(pdf_engine="pdfium")

_BAD = FIXTURES / "bad"
FIXTURE_PDFS = sorted(
    p for d in ("batch", "letters", "producers") for p in (FIXTURES / d).glob("*.pdf") if p.is_file()
) + ([FIXTURES / "hyphenation.pdf"] if (FIXTURES / "hyphenation.pdf").is_file() else [])
BAD_PDFS = sorted(_BAD.glob("*.pdf")) if _BAD.is_dir() else []
GENERATED_SEEDS = [1, 2, 3, 5, 8, 13]


def _generator() -> ModuleType:
    name = "lettercheck_fixture_generator"
    if name in sys.modules:
        return sys.modules[name]
    path = FIXTURES / "generate.py"
    if not path.is_file():
        pytest.skip("tests/fixtures/generate.py is not there")
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up while the class is created
    spec.loader.exec_module(mod)
    return mod


def _read(data: bytes, name: str, config: Config) -> Letter:
    letter, result = read_letter(data, name, config)
    assert letter is not None, [f.message for f in result.findings]
    return letter


def _findings(result: FileResult) -> list[tuple[Any, ...]]:
    return [(f.code, f.severity, f.message, f.text, f.location, f.suggestion) for f in result.findings]


def _assert_same_reading(data: bytes, name: str) -> None:
    a, b = _read(data, name, PYPDF), _read(data, name, PDFIUM)
    assert b.text == a.text
    assert b.lines == a.lines
    assert [b.locate(i) for i in range(len(b.text))] == [a.locate(i) for i in range(len(a.text))]
    assert (b.date, b.date_source, b.letter_type) == (a.date, a.date_source, a.letter_type)
    for key in ("title", "lang", "creation_date", "producer"):
        assert b.metadata.get(key) == a.metadata.get(key), key
    assert _findings(check_bytes(data, name, PDFIUM)) == _findings(check_bytes(data, name, PYPDF))


@needs_pdfium
@pytest.mark.parametrize("path", FIXTURE_PDFS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_fixture_pdfs_read_and_check_the_same_with_both_engines(path: Path) -> None:
    _assert_same_reading(path.read_bytes(), path.name)


@needs_pdfium
@pytest.mark.parametrize("seed", GENERATED_SEEDS)
def test_generated_letters_read_and_check_the_same_with_both_engines(seed: int) -> None:
    gen = _generator()
    _assert_same_reading(gen.render_pdf(gen.make_letter(seed=seed)), f"generated_{seed}.pdf")


@needs_pdfium
def test_the_fixture_set_covers_three_producers() -> None:
    """The comparison means little on one producer's PDFs; the engines differ most on real producers'."""
    producers = {p.name.split("_", 1)[0] for p in FIXTURE_PDFS if p.parent.name == "producers"}
    if not producers:
        pytest.skip("tests/fixtures/producers/*.pdf not generated yet")
    assert {"libreoffice", "chromium"} <= producers


@needs_pdfium
@pytest.mark.parametrize("path", BAD_PDFS, ids=lambda p: p.name)
def test_broken_pdfs_give_the_same_codes_with_both_engines(path: Path) -> None:
    data = path.read_bytes()
    codes = [f.code for f in check_bytes(data, path.name, PYPDF).findings if f.code.startswith("LC9")]
    assert [
        f.code for f in check_bytes(data, path.name, PDFIUM).findings if f.code.startswith("LC9")
    ] == codes


@needs_pdfium
@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("encrypted.pdf", "LC903"),
        ("corrupt.pdf", "LC901"),
        ("truncated.pdf", "LC901"),
        ("not_a_pdf.pdf", "LC901"),
        ("image_only.pdf", "LC902"),
    ],
)
def test_pdfium_maps_its_failures_to_the_lc9xx_codes(name: str, code: str) -> None:
    path = _BAD / name
    if not path.is_file():
        pytest.skip(f"tests/fixtures/bad/{name} not generated")
    assert code in [f.code for f in check_bytes(path.read_bytes(), name, PDFIUM).findings]


@needs_pdfium
def test_a_pdf_with_an_empty_user_password_is_read() -> None:
    path = _BAD / "encrypted_empty_password.pdf"
    if not path.is_file():
        pytest.skip("tests/fixtures/bad/encrypted_empty_password.pdf not generated")
    letter = _read(path.read_bytes(), path.name, PDFIUM)
    assert letter.text.strip()


@needs_pdfium
def test_limits_are_lc906_naming_the_limit() -> None:
    from lettercheck.readers.pdfium import extract_pages_pdfium

    data = make_pdf([BODY, BODY])
    with pytest.raises(ReadError) as e:
        extract_pages_pdfium(data, "a.pdf", Limits(max_pages=1))
    assert e.value.code == "LC906" and "max-pages=1" in e.value.message
    with pytest.raises(ReadError) as e:
        extract_pages_pdfium(data, "a.pdf", Limits(max_text_chars=100))
    assert e.value.code == "LC906" and "max-text-chars" in e.value.message


@needs_pdfium
def test_a_hyphen_ending_a_line_comes_back_as_hyphen_and_line_break() -> None:
    """pdfium reports it as U+FFFE and drops the line break; build_letter needs pypdf's "social-\\npolitik"."""
    from lettercheck.readers.pdfium import extract_pages_pdfium

    (page,), _ = extract_pages_pdfium(make_pdf([BODY]), "a.pdf", Limits())
    assert "aktiv social-\npolitik, jf." in page
    assert "\ufffe" not in page and "\r" not in page
    letter = _read(make_pdf([BODY]), "a.pdf", PDFIUM)
    assert "lov om aktiv socialpolitik" in letter.text
    loc = letter.locate(letter.text.index("socialpolitik") + len("social"))
    assert (loc.page, loc.line, loc.column) == (1, 5, 1)


@needs_pdfium
def test_chromium_ligatures_come_back_as_one_character_and_libreoffice_letters_stay() -> None:
    """pdfium splits every ligature glyph; pypdf keeps what the PDF maps it to, and the columns follow that."""
    from lettercheck.readers.pdfium import extract_pages_pdfium

    chromium = FIXTURES / "producers" / "chromium_udbetaling_corrected.pdf"
    libreoffice = FIXTURES / "producers" / "libreoffice_udbetaling_corrected.pdf"
    if not (chromium.is_file() and libreoffice.is_file()):
        pytest.skip("tests/fixtures/producers/*.pdf not generated")
    (page, *_), _ = extract_pages_pdfium(chromium.read_bytes(), chromium.name, Limits())
    assert "Udbetalingsspeci\ufb01kation" in page and "\ufb02ytter" in page
    (page, *_), _ = extract_pages_pdfium(libreoffice.read_bytes(), libreoffice.name, Limits())
    assert "Udbetalingsspecifikation" in page and not any("\ufb00" <= ch <= "\ufb06" for ch in page)
    letter = _read(chromium.read_bytes(), chromium.name, PDFIUM)
    assert "Udbetalingsspecifikation" in letter.text  # build_letter expands it, as for pypdf


@needs_pdfium
def test_metadata_title_language_date_and_producer() -> None:
    from lettercheck.readers.pdfium import extract_pages_pdfium

    _, meta = extract_pages_pdfium(make_pdf([BODY], title="Afgørelse", lang="da-DK"), "a.pdf", Limits())
    assert meta["title"] == "Afgørelse"
    assert meta["lang"] == "da-DK"
    assert meta["creation_date"] == date(2000, 1, 1)  # reportlab invariant=1
    assert meta["producer"].startswith("ReportLab")
    _, meta = extract_pages_pdfium(make_pdf([BODY], lang=None), "a.pdf", Limits())
    assert "lang" not in meta


def test_without_pypdfium2_the_letter_is_lc900_naming_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pypdfium2", None)  # import now raises ImportError
    monkeypatch.setitem(sys.modules, "pypdfium2.raw", None)
    result = check_bytes(make_pdf([BODY]), "a.pdf", PDFIUM)
    (finding,) = [f for f in result.findings if f.code.startswith("LC9")]
    assert finding.code == "LC900"
    assert "lettercheck[pdfium]" in finding.message


def test_pdf_engine_is_read_from_the_config_file(tmp_path: Path) -> None:
    from lettercheck.config import load_config_file

    cfg_file = tmp_path / "lettercheck.toml"
    cfg_file.write_text('pdf-engine = "pdfium"\n')
    assert load_config_file(cfg_file).pdf_engine == "pdfium"


@pytest.fixture
def letters_dir(tmp_path: Path) -> Iterator[Path]:
    d = tmp_path / "letters"
    d.mkdir()
    (d / "a.pdf").write_bytes(make_pdf([BODY]))
    for p in [p for p in FIXTURE_PDFS if p.parent.name in ("batch", "producers")][:6]:
        (d / p.name).write_bytes(p.read_bytes())
    yield d


@needs_pdfium
@pytest.mark.parametrize("command", ["check", "extract"])
def test_cli_pdf_engine_option_gives_the_same_report(letters_dir: Path, command: str) -> None:
    from lettercheck.cli import main

    def run(*extra: str) -> tuple[int, str]:
        args = [command, *extra, str(letters_dir)]
        if command == "check":
            args[1:1] = ["--no-cache", "--format", "json"]
        r = CliRunner().invoke(main, args, catch_exceptions=False)
        return r.exit_code, r.stdout

    default, pdfium = run(), run("--pdf-engine", "pdfium")
    assert pdfium == default
    assert run("--pdf-engine", "pypdf") == default


@needs_pdfium
def test_pdfium_does_not_keep_documents_open() -> None:
    """A batch of thousands must not grow: every document, page and text page is closed after reading."""
    from lettercheck.readers.pdfium import extract_pages_pdfium

    data = make_pdf([BODY, BODY])
    extract_pages_pdfium(data, "a.pdf", Limits())
    gc.collect()
    before = _open_pdfium_objects()
    for _ in range(20):
        extract_pages_pdfium(data, "a.pdf", Limits())
    gc.collect()
    assert _open_pdfium_objects() <= before


def _open_pdfium_objects() -> int:
    import pypdfium2 as pdfium

    kinds = (pdfium.PdfDocument, pdfium.PdfPage, pdfium.PdfTextPage)
    return sum(1 for o in gc.get_objects() if isinstance(o, kinds) and getattr(o, "raw", None) is not None)


def test_pdfium_available_says_whether_the_engine_can_run(monkeypatch: pytest.MonkeyPatch) -> None:
    from lettercheck.readers.pdfium import pdfium_available

    assert pdfium_available() is HAVE_PDFIUM
    monkeypatch.setitem(sys.modules, "pypdfium2", None)
    assert pdfium_available() is False
