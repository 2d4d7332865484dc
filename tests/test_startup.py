"""Start-up does only the work the command needs (issue 10).

pre-commit runs ``lettercheck check`` on every commit, usually on a handful of XML or text letters; importing
pypdf alone costs more than the whole 250 ms budget, so a run that checks no PDF must never import a PDF
library, and ``import lettercheck`` (the library API) must not load the corpus or the rule packs.

These tests check *which modules a process imports*, never how long it takes: timings are the benchmark's
business (bench/throughput.py), and wall-clock assertions fail at random on a busy machine. Imports are read
from ``python -X importtime``, which every process of a run reports, worker processes included.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

PDF_LIBRARIES = {"pypdf", "pypdfium2"}
XML_LETTER = FIXTURES / "letters" / "udbetaling_kontanthjaelp_2024.xml"
PDF_LETTER = FIXTURES / "letters" / "udbetaling_kontanthjaelp_2024.pdf"
_IMPORT_LINE = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|(\s+)(\S+)\s*$", re.M)


def imported_by(args: list[str], cwd: Path, site_hooks: bool = True) -> set[str]:
    """Every module (dotted name) imported by ``python -X importtime ARGS`` and the processes it starts.

    ``site_hooks=False`` starts the interpreter as a user's virtualenv would: without the ``.pth`` hooks a
    machine's site-packages may run at every start (this sandbox's imports certifi and importlib.resources),
    with the site-packages and lettercheck's source on the path as plain directories.
    """
    env = None
    pre = []
    if not site_hooks:
        import site

        pre = ["-S"]
        root = str(Path(__file__).resolve().parent.parent)
        env = dict(os.environ, PYTHONPATH=os.pathsep.join([root, *site.getsitepackages()]))
    proc = subprocess.run(
        [sys.executable, *pre, "-X", "importtime", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return {m.group(2) for m in _IMPORT_LINE.finditer(proc.stderr)}


def top_level(modules: set[str]) -> set[str]:
    return {m.split(".")[0] for m in modules}


def _copy(src: Path, tmp_path: Path) -> Path:
    # a private copy: no config file above it is found, and any cache is written under tmp_path
    if not src.exists():
        pytest.skip(f"fixture {src.name} not generated")
    dst = tmp_path / src.name
    shutil.copyfile(src, dst)
    return dst


def test_import_lettercheck_loads_no_pdf_library_corpus_or_rule_packs(tmp_path: Path) -> None:
    mods = imported_by(["-c", "import lettercheck"], tmp_path)
    assert "lettercheck" in mods
    assert not top_level(mods) & (PDF_LIBRARIES | {"yaml", "lxml", "click"})
    assert not mods & {"lettercheck.corpus", "lettercheck.packs", "lettercheck.registry"}
    assert not any(m.startswith("lettercheck.checks") for m in mods)


def test_public_api_names_resolve_lazily_without_a_pdf_library(tmp_path: Path) -> None:
    code = "import lettercheck; lettercheck.check_bytes; lettercheck.check_path"
    mods = imported_by(["-c", code], tmp_path)
    assert "lettercheck.pipeline" in mods
    assert not top_level(mods) & PDF_LIBRARIES


def test_check_of_an_xml_letter_imports_no_pdf_library(tmp_path: Path) -> None:
    letter = _copy(XML_LETTER, tmp_path)
    mods = imported_by(["-m", "lettercheck", "check", str(letter)], tmp_path)
    assert "lettercheck.readers.xml" in mods  # the letter was read ...
    assert not top_level(mods) & PDF_LIBRARIES  # ... and no PDF library came with it
    assert "lettercheck.readers.pdf" not in mods


def test_check_of_a_pdf_letter_imports_the_default_engine_only(tmp_path: Path) -> None:
    letter = _copy(PDF_LETTER, tmp_path)
    mods = imported_by(["-m", "lettercheck", "check", str(letter)], tmp_path)
    assert "pypdf" in mods
    assert "pypdfium2" not in top_level(mods)


def test_check_with_the_pdfium_engine_does_not_import_pypdf(tmp_path: Path) -> None:
    pytest.importorskip("pypdfium2")
    letter = _copy(PDF_LETTER, tmp_path)
    mods = imported_by(["-m", "lettercheck", "check", "--pdf-engine", "pdfium", str(letter)], tmp_path)
    assert "pypdfium2" in top_level(mods)
    assert "pypdf" not in top_level(mods)


def test_a_lone_letter_is_checked_without_a_process_pool(tmp_path: Path) -> None:
    """One XML letter — the pre-commit case — is checked in the CLI's own process: forking a worker and
    importing multiprocessing for it is pure start-up cost."""
    letter = _copy(XML_LETTER, tmp_path)
    mods = imported_by(["-m", "lettercheck", "check", str(letter)], tmp_path)
    assert "lettercheck.extract.citations" in mods  # the letter was checked ...
    assert not mods & {"multiprocessing", "concurrent.futures"}  # ... with no pool


def test_a_warm_start_reads_corpus_packs_and_vocabulary_from_the_compiled_cache(tmp_path: Path) -> None:
    """The second start (pre-commit's every start) parses no YAML: the corpus, the rule packs and the
    payment vocabulary come from the compiled cache the first start wrote."""
    letter = _copy(XML_LETTER, tmp_path)
    first = imported_by(["-m", "lettercheck", "check", str(letter)], tmp_path)
    assert "yaml" in first  # the cold cache: every file was parsed ...
    compiled = Path(os.environ["LETTERCHECK_CACHE_DIR"]) / "compiled"  # the suite's own cache (conftest)
    assert list(compiled.glob("payments-*.pickle")), list(compiled.iterdir())
    shutil.copyfile(letter, tmp_path / "second.xml")  # a new letter: the findings cache cannot answer
    mods = imported_by(["-m", "lettercheck", "check", "second.xml"], tmp_path)
    assert "lettercheck.extract.payments" in mods  # ... the payment letter was checked again ...
    assert "yaml" not in top_level(mods)  # ... from the compiled forms alone
    # writing its findings-cache entry needs no tempfile module (with shutil and random ~9 ms of a start)
    shutil.copyfile(letter, tmp_path / "third.xml")
    mods = imported_by(["-m", "lettercheck", "check", "third.xml"], tmp_path, site_hooks=False)
    assert "lettercheck.cache" in mods
    assert not mods & {"tempfile", "shutil"}
    # its records are lettercheck.records, not dataclasses (whose class processing cost ~40 ms of a start)
    assert "lettercheck.records" in mods
    assert "dataclasses" not in mods


def test_selectors_are_validated_without_importing_the_checks(tmp_path: Path) -> None:
    letter = _copy(XML_LETTER, tmp_path)
    args = [
        "-m",
        "lettercheck",
        "check",
        "--show-files",
        "--select",
        "LC1,LC304",
        "--ignore",
        "LC9",
        str(letter),
    ]
    mods = imported_by(args, tmp_path)
    # check modules are imported with importlib (which -X importtime does not report); what they import is
    assert not mods & {"lettercheck.extract.citations", "lettercheck.lettertypes", "lettercheck.corpus"}
    assert not mods & {"lettercheck.packs", "lettercheck.extract.payments"}


def test_the_declared_rule_codes_are_the_registered_rules() -> None:
    """``registry.CODES`` lets ``--select`` be checked without importing every check module; it must list
    exactly the rules the modules register, with the same default (opt-in rules are False)."""
    from lettercheck import registry

    rules = registry.load_all()
    assert {code: r.default for code, r in rules.items()} == registry.CODES
