"""Every hostile or broken input of issue 9: the right finding, nothing escapes, the batch goes on.

Each case in ``generate.CASES`` is checked three ways:

* the reader alone (``read_bytes``): the LC9xx code it raises, with an LC906 message that names the limit and
  says how to raise it — or, for a file that must be read, the letter's text;
* the pipeline (``check_bytes``): never raises, gives exactly that LC9xx finding and never LC900 (a bug);
* the CLI in a subprocess (``lettercheck check --format json``) over a batch in which a good letter follows
  the hostile file: exit 0/1, valid JSON, no traceback, the good letter's findings present, peak memory under
  ``MEMORY_BOUND_MB``, no network connection attempted (from Python or from C), the XXE secret nowhere in the
  output.

For CI speed the fast cases share one CLI run (hostile and good letters interleaved, one worker, so the
memory bound holds for every file in it); the slow subset (``python -m pytest -m slow tests/hostile``) runs
every case in a CLI run of its own as well, and the slow cases themselves. docs/security.md lists both.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import pytest

from lettercheck.config import Config, Limits
from lettercheck.model import ReadError
from lettercheck.pipeline import check_bytes
from lettercheck.readers import read_bytes
from lettercheck.xmlsafe import parse_xml
from tests.hostile.conftest import MEMORY_BOUND_MB, Canary, CliRun, make_env, run_lettercheck
from tests.hostile.generate import (
    ATTACHMENT_MARKER,
    CASES,
    GOOD_BATCH_CODE,
    GOOD_BATCH_LETTER,
    GOOD_PHRASE,
    JS_MARKER,
    Case,
    Env,
    _zip,
    docx_good,
    pdf_many_pages,
    repeated_deflate,
)

#: slow cases may take longer than pytest-timeout's default 120 s; their bound is the subprocess timeout
SLOW_TIMEOUT = 600
_SLOW = [pytest.mark.slow, pytest.mark.timeout(SLOW_TIMEOUT + 60)]


def _params(cases: list[Case], *, with_bugs: bool, all_slow: bool = False) -> list:
    out = []
    for c in cases:
        marks = list(_SLOW) if (c.slow or all_slow) else []
        if with_bugs and c.known_bug:
            marks.append(pytest.mark.xfail(strict=True, reason=c.known_bug))
        out.append(pytest.param(c, id=c.name, marks=marks))
    return out


FAST = [c for c in CASES if not c.slow]


def _codes(findings: list) -> list[str]:
    return sorted(f["code"] if isinstance(f, dict) else f.code for f in findings)


def _lc9(codes: list[str]) -> list[str]:
    return sorted(c for c in codes if c.startswith("LC9"))


def _expected_lc9(case: Case) -> list[str]:
    return sorted(case.problems) if case.expect == "read" else [case.expect]


def _assert_limit_message(code: str, limit: str | None, message: str) -> None:
    if code == "LC906":
        # every limit is configurable but one: how deep documents may nest inside a MeMo, which says so
        assert "[tool.lettercheck.limits]" in message or "a fixed limit" in message, message
        if limit:
            assert limit in message, message


def _assert_no_leak(env: Env, *texts: str) -> None:
    for t in texts:
        assert env.secret_marker not in t, "the content of a local file reached the output (XXE)"


# ------------------------------------------------------------------------------------------- the reader


@pytest.mark.parametrize("case", _params(CASES, with_bugs=False))
def test_reader_gives_the_right_code(case: Case, hostile_env: Env) -> None:
    data = case.build(hostile_env)
    if case.expect == "read":
        letter = read_bytes(data, case.filename)
        if case.phrase:
            assert GOOD_PHRASE in letter.text
        assert sorted(p.code for p in letter.problems) == sorted(case.problems)
        for p in letter.problems:
            _assert_limit_message(p.code, None, p.message)
        _assert_no_leak(hostile_env, letter.text, *(p.message for p in letter.problems))
    else:
        with pytest.raises(ReadError) as e:
            read_bytes(data, case.filename)
        assert e.value.code == case.expect, e.value.message
        _assert_limit_message(case.expect, case.limit, e.value.message)
        _assert_no_leak(hostile_env, e.value.message)


# ----------------------------------------------------------------------------------------- the pipeline


@pytest.mark.parametrize("case", _params(CASES, with_bugs=True))
def test_pipeline_gives_a_finding_and_never_raises(case: Case, hostile_env: Env) -> None:
    result = check_bytes(case.build(hostile_env), case.filename, Config())
    codes = _codes(result.findings)
    assert "LC900" not in codes, [f.message for f in result.findings if f.code == "LC900"]
    assert _lc9(codes) == _expected_lc9(case)
    _assert_no_leak(hostile_env, *(f.message for f in result.findings), *(f.text for f in result.findings))


# ------------------------------------------------------------------------------------- the CLI, a batch


def _assert_run_sound(run: CliRun, env: Env, connections: int) -> None:
    assert not run.timed_out, "lettercheck did not finish within the subprocess timeout"
    assert run.rc in (0, 1), run.stderr
    assert "Traceback" not in run.stderr, run.stderr
    run.json()  # the whole report is one valid JSON document
    assert run.maxrss_mb < MEMORY_BOUND_MB, f"peak memory {run.maxrss_mb:.0f} MB"
    assert run.net_attempts == "", f"network access attempted: {run.net_attempts}"
    assert connections == 0, "something connected to the canary URL named in a hostile file"
    _assert_no_leak(env, run.stdout, run.stderr)


def _assert_case_in_run(case: Case, run: CliRun, hostile_name: str, good_name: str) -> None:
    hostile = run.file(hostile_name)
    codes = _codes(hostile["findings"])
    assert "LC900" not in codes, hostile
    assert _lc9(codes) == _expected_lc9(case), hostile
    for f in hostile["findings"]:
        _assert_limit_message(f["code"], case.limit if f["code"] == case.expect else None, f["message"])
    good = run.file(good_name)
    assert GOOD_BATCH_CODE in _codes(good["findings"]), "the letter after the hostile one was not checked"


@dataclass
class SharedRun:
    run: CliRun
    env: Env
    connections: int
    names: dict[str, tuple[str, str]]  # case name -> (hostile file, the good file after it)


@pytest.fixture(scope="module")
def shared_batch(tmp_path_factory: pytest.TempPathFactory, guard_dir: Path) -> SharedRun:
    """One CLI run over every fast case, each hostile file followed by a good letter, on one worker."""
    root = tmp_path_factory.mktemp("shared-batch")
    canary = Canary()
    try:
        env = make_env(root, canary)
        batch = root / "batch"
        batch.mkdir()
        names = {}
        for i, c in enumerate(FAST):
            names[c.name] = (f"{i:03d}a_{c.filename}", f"{i:03d}b_good.txt")
            (batch / names[c.name][0]).write_bytes(c.build(env))
            (batch / names[c.name][1]).write_bytes(GOOD_BATCH_LETTER)
        work = root / "work"
        work.mkdir()
        run = run_lettercheck(
            ["check", "--format", "json", "--jobs", "1", str(batch)], cwd=work, guard=guard_dir
        )
        return SharedRun(run, env, canary.connections(), names)
    finally:
        canary.close()


def test_shared_batch_run_is_sound(shared_batch: SharedRun) -> None:
    _assert_run_sound(shared_batch.run, shared_batch.env, shared_batch.connections)
    assert len(shared_batch.run.json()["files"]) == 2 * len(FAST)


@pytest.mark.parametrize("case", _params(FAST, with_bugs=True))
def test_cli_batch_goes_on(case: Case, shared_batch: SharedRun) -> None:
    hostile, good = shared_batch.names[case.name]
    _assert_case_in_run(case, shared_batch.run, hostile, good)


@pytest.mark.parametrize("case", _params(CASES, with_bugs=True, all_slow=True))
def test_cli_isolated_run_in_bounded_memory_without_network(
    case: Case, tmp_path: Path, canary: Canary, hostile_env: Env, lettercheck_cli
) -> None:
    """Each case in a CLI run of its own: its own peak memory, its own network check."""
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / f"a_{case.filename}").write_bytes(case.build(hostile_env))
    (batch / "z_good.txt").write_bytes(GOOD_BATCH_LETTER)
    work = tmp_path / "work"
    work.mkdir()
    run = lettercheck_cli(
        ["check", "--format", "json", "--jobs", "1", str(batch)], cwd=work, timeout=SLOW_TIMEOUT
    )
    _assert_run_sound(run, hostile_env, canary.connections())
    _assert_case_in_run(case, run, f"a_{case.filename}", "z_good.txt")


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT + 60)
def test_all_fast_cases_in_one_batch_with_two_workers(
    tmp_path: Path, canary: Canary, hostile_env: Env, lettercheck_cli
) -> None:
    """The fast cases again, checked in parallel: each gets its finding, none stops the run."""
    batch = tmp_path / "batch"
    batch.mkdir()
    for c in FAST:
        (batch / f"a_{c.filename}").write_bytes(c.build(hostile_env))
    (batch / "z_good.txt").write_bytes(GOOD_BATCH_LETTER)
    work = tmp_path / "work"
    work.mkdir()
    run = lettercheck_cli(
        ["check", "--format", "json", "--jobs", "2", str(batch)], cwd=work, timeout=SLOW_TIMEOUT
    )
    _assert_run_sound(run, hostile_env, canary.connections())
    for c in FAST:
        if c.known_bug:
            continue
        assert _lc9(_codes(run.file(f"a_{c.filename}")["findings"])) == _expected_lc9(c), c.name
    assert GOOD_BATCH_CODE in _codes(run.file("z_good.txt")["findings"])


@pytest.mark.slow
@pytest.mark.timeout(SLOW_TIMEOUT + 60)
def test_text_just_under_max_text_chars_stays_under_the_memory_bound(
    tmp_path: Path, canary: Canary, hostile_env: Env, lettercheck_cli
) -> None:
    sentence = "Du har ret til kontanthjælp efter § 11, stk. 2, i lov om aktiv socialpolitik, 1.234,56 kr. "
    body = (sentence * (19_000_000 // len(sentence) + 1))[:19_000_000]
    batch = tmp_path / "batch"
    batch.mkdir()
    lines = "\n".join(body[i : i + 80] for i in range(0, len(body), 80))
    (batch / "a_long.txt").write_text("Dato: 14. oktober 2025\n" + lines + "\n", encoding="utf-8")
    (batch / "z_good.txt").write_bytes(GOOD_BATCH_LETTER)
    run = lettercheck_cli(
        ["check", "--format", "json", "--jobs", "1", str(batch)], cwd=tmp_path, timeout=SLOW_TIMEOUT
    )
    _assert_run_sound(run, hostile_env, canary.connections())


# ------------------------------------------------------------------------------------ particular cases


def test_pdf_javascript_and_attachments_never_become_letter_text(hostile_env: Env) -> None:
    from tests.hostile.generate import pdf_javascript_and_files

    letter = read_bytes(pdf_javascript_and_files(hostile_env), "js.pdf")
    assert GOOD_PHRASE in letter.text
    assert JS_MARKER not in letter.text and ATTACHMENT_MARKER not in letter.text


def test_letter_xml_date_with_a_time_zone_is_the_date_written(hostile_env: Env) -> None:
    from datetime import date

    from tests.hostile.generate import xml_date_with_timezone

    assert read_bytes(xml_date_with_timezone(hostile_env), "tz.xml").date == date(2025, 10, 14)


def test_docx_member_names_with_traversal_write_nothing(
    tmp_path: Path, hostile_env: Env, lettercheck_cli
) -> None:
    """lettercheck reads zip members in memory; a ../ or absolute member name can never become a file."""
    from tests.hostile.generate import docx_path_traversal

    work = tmp_path / "deep" / "er" / "work"
    work.mkdir(parents=True)
    (work / "traversal.docx").write_bytes(docx_path_traversal(hostile_env))
    before = {p for p in tmp_path.rglob("*")}
    run = lettercheck_cli(["check", "--format", "json", "--no-cache", "traversal.docx"], cwd=work)
    assert run.rc in (0, 1) and "Traceback" not in run.stderr, run.stderr
    created = {p for p in tmp_path.rglob("*")} - before
    assert created == set(), created
    for name in (
        "lettercheck-evil.txt",
        "lettercheck-evil-abs.txt",
        "lettercheck-evil-win.txt",
        "escape.xml",
    ):
        assert not any(name in str(p) for p in tmp_path.rglob("*")), name
    assert not Path("/tmp/lettercheck-evil.txt").exists()
    assert not Path("/tmp/lettercheck-evil-abs.txt").exists()


def test_zip_batch_with_hostile_members(tmp_path: Path, hostile_env: Env, lettercheck_cli) -> None:
    """A .zip handed over as a batch: traversal names, a bomb (honest and lying), a nested zip, a good letter."""
    bomb = repeated_deflate(b"", b"x" * (1 << 20), 1024, b"", raw=True, checksum=False)
    archive = _zip(
        [
            ("../../../etc/a_traversal.txt", GOOD_BATCH_LETTER),
            ("/abs/b_absolute.txt", GOOD_BATCH_LETTER),
            ("c_bomb.txt", bomb),
            ("e_inner.zip", _zip([("x.txt", GOOD_BATCH_LETTER)])),
            ("f_word.docx", docx_good()),
            ("z_good.txt", GOOD_BATCH_LETTER),
        ]
    )
    lying = _lie_about_sizes(_zip([("d_lying_bomb.txt", bomb)]), "d_lying_bomb.txt", 4096)
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a.zip").write_bytes(archive)
    (batch / "b.zip").write_bytes(lying)
    work = tmp_path / "work"
    work.mkdir()
    before = set(tmp_path.rglob("*"))
    run = lettercheck_cli(["check", "--format", "json", "--no-cache", "--jobs", "1", str(batch)], cwd=work)
    assert run.rc in (0, 1) and "Traceback" not in run.stderr, run.stderr
    assert set(tmp_path.rglob("*")) - before == set(), "a zip member was written to disk"
    by_member = {f["path"].split("!", 1)[1]: f for f in run.json()["files"] if "!" in f["path"]}
    got = {member: _lc9(_codes(f["findings"])) for member, f in by_member.items()}
    assert got["../../../etc/a_traversal.txt"] == []
    assert got["/abs/b_absolute.txt"] == []
    assert got["c_bomb.txt"] == ["LC906"]
    assert got["d_lying_bomb.txt"] in (["LC901"], ["LC906"])
    assert got["e_inner.zip"] == ["LC905"]
    assert GOOD_BATCH_CODE in _codes(by_member["z_good.txt"]["findings"])
    assert run.maxrss_mb < MEMORY_BOUND_MB
    assert run.net_attempts == ""


def _lie_about_sizes(archive: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size of member ``name`` in its local and central headers."""
    import struct

    out = bytearray(archive)
    fname = name.encode()
    for sig, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        i = out.find(sig)
        while i != -1:
            if out[i + name_at : i + name_at + len(fname)] == fname:
                struct.pack_into("<I", out, i + size_at, size)
            i = out.find(sig, i + 1)
    return bytes(out)


@pytest.mark.parametrize(
    ("limits", "expect"),
    [
        (Limits(max_pages=10), "LC906"),
        (Limits(max_pages=20), None),
    ],
)
def test_max_pages_is_configurable(limits: Limits, expect: str | None) -> None:
    data = pdf_many_pages(12)
    if expect is None:
        assert GOOD_PHRASE in read_bytes(data, "p.pdf", limits=limits).text
    else:
        with pytest.raises(ReadError) as e:
            read_bytes(data, "p.pdf", limits=limits)
        assert e.value.code == expect and "max-pages=10" in e.value.message


def test_max_pages_from_a_config_file_reaches_the_cli(tmp_path: Path, lettercheck_cli) -> None:
    (tmp_path / "lettercheck.toml").write_text("[limits]\nmax-pages = 5\n", encoding="utf-8")
    (tmp_path / "p.pdf").write_bytes(pdf_many_pages(6))
    run = lettercheck_cli(["check", "--format", "json", "--no-cache", "p.pdf"], cwd=tmp_path)
    (finding,) = [f for f in run.file("p.pdf")["findings"] if f["code"].startswith("LC9")]
    assert finding["code"] == "LC906" and "max-pages=5" in finding["message"]


def test_per_file_timeout_gives_lc906_and_the_batch_goes_on(tmp_path: Path, lettercheck_cli) -> None:
    """A page of a million text runs keeps pypdf busy for many seconds: the runner stops it at the timeout."""
    from tests.hostile.generate import pdf_million_runs

    (tmp_path / "lettercheck.toml").write_text("[limits]\ntimeout = 2\n", encoding="utf-8")
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_runs.pdf").write_bytes(pdf_million_runs(Env(tmp_path, "", "")))
    (batch / "z_good.txt").write_bytes(GOOD_BATCH_LETTER)
    run = lettercheck_cli(["check", "--format", "json", "--no-cache", "--jobs", "1", "batch"], cwd=tmp_path)
    assert run.rc == 1 and "Traceback" not in run.stderr, run.stderr
    (finding,) = [f for f in run.file("a_runs.pdf")["findings"] if f["code"].startswith("LC9")]
    assert finding["code"] == "LC906" and "timeout" in finding["message"]
    assert "[tool.lettercheck.limits]" in finding["message"]
    assert GOOD_BATCH_CODE in _codes(run.file("z_good.txt")["findings"])


def test_xml_depth_limit_is_configurable_past_libxml2s_own_cap() -> None:
    doc = b"<a>" * 300 + b"x" + b"</a>" * 300
    with pytest.raises(ReadError) as e:
        parse_xml(doc)
    assert e.value.code == "LC906" and "max-xml-depth" in e.value.message
    assert parse_xml(doc, max_depth=400).getroot().tag == "a"
    with pytest.raises(ReadError) as e:
        parse_xml(doc, max_depth=280)
    assert e.value.code == "LC906" and "280" in e.value.message


def test_lower_decompression_limit_applies_to_pdf_streams(hostile_env: Env) -> None:
    """A 2 MB content stream that inflates to 2 GiB is refused at whatever limit the config sets."""
    from tests.hostile.generate import pdf_decompression_bomb

    with pytest.raises(ReadError) as e:
        read_bytes(
            pdf_decompression_bomb(hostile_env), "b.pdf", limits=Limits(max_decompressed_size=10_000_000)
        )
    assert e.value.code == "LC906" and "max-decompressed-size=10,000,000" in e.value.message


def test_html_scoped_suppression_does_not_spill_into_p10() -> None:
    """A suppression inside p[1] covers p[1] only, not p[10]..p[19] whose paths merely start alike."""
    paras = "".join(f"<p>Afsnit {i}</p>" for i in range(1, 12))
    html = f"<html><body><div>{paras.replace('</p>', '<!-- lettercheck: ignore LC101 -- x --></p>', 1)}</div></body></html>"
    letter = read_bytes(html.encode(), "a.html")
    (s,) = letter.suppressions
    assert letter.text[s.scope_start : s.scope_end].strip() == "Afsnit 1"


def test_docx_with_many_paragraphs_reads_in_linear_time(hostile_env: Env) -> None:
    """20,000 paragraphs: each paragraph's XPath is found without recounting its siblings.

    Counting siblings per paragraph (as element_path did) is 2 x 10^8 steps here, far past pytest-timeout.
    """
    from tests.hostile.generate import docx_many_paragraphs

    letter = read_bytes(docx_many_paragraphs(hostile_env), "many.docx")
    loc = letter.locate(letter.text.index("Afsnit 19999:"))
    assert loc.xpath == "/document/body/p[20000]" and loc.line == 20_000


def test_socket_guard_in_the_subprocess_works(tmp_path: Path, guard_dir: Path) -> None:
    """The guard itself: a child that connects is refused and recorded (else the no-network checks prove nothing)."""
    import subprocess
    import sys

    marker = tmp_path / "attempts"
    env = dict(os.environ, PYTHONPATH=str(guard_dir), LETTERCHECK_NET_MARKER=str(marker))
    code = (
        "import socket\n"
        "for attempt in (lambda: socket.create_connection(('127.0.0.1', 9), timeout=1),\n"
        "                lambda: socket.socket(socket.AF_INET, socket.SOCK_STREAM)):\n"
        "    try:\n"
        "        attempt()\n"
        "    except OSError as e:\n"
        "        print(e)\n"
        "a, b = socket.socketpair()  # local sockets, as multiprocessing uses, stay allowed\n"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("network access refused") == 2
    recorded = marker.read_text()
    assert "create_connection" in recorded and " socket " in recorded


def test_canary_sees_a_connection_from_c_code(canary) -> None:
    """The canary itself: a connection made outside Python's socket module still shows in its backlog."""
    import subprocess

    subprocess.run(["bash", "-c", f"exec 3<>/dev/tcp/127.0.0.1/{canary.port}"], timeout=30, check=False)
    assert canary.connections() == 1


# ----------------------------------------------------------------------- crashes found by the fuzzers

#: bench/fuzz docx target, first minutes: a zip whose central directory asks for "version 9.7" made
#: zipfile.ZipFile raise NotImplementedError, which escaped the DOCX reader (LC900 instead of LC901)
FUZZ_DOCX_ZIP_VERSION = (
    "UEsDBBQAbWF0cy5vcmcvcGFja2FnZS8yMDA2L2NvbnRlbnQtdHlwZXMiLzx3OnQ+RHUgaGFyIHJldCB0aWwga29udGFudGhq"
    "w6ZscCBlZnRlciDCpyAxMSwgc3RrLiAyLCBpIGxvdiBvbSBha3RpdiBzb2NpYWxwb2xpdGlrLjwvdzp0PjwvdzpyPjwvdzpw"
    "Pjx3OnA+PHc6cj48dzp0PkR1IGbDpXIgdWRiZXRhbHQgMTIuMzQ1LDY3IGtyLiBkZW4gMzEuIG9rdG9iZXIgMjAyNSBmb3Ig"
    "cGVyaW9kZW4gMS4tMzEuIG9rdG9iZXIgMjAyNS48L3c6dD48L3c6cj48L3c6cD48dzpwPjx3OnI+PHc6dD5LbGFnZXZlamxl"
    "ZG5pbmc8L3c6dD48L3c6cj48L3c6cD48L3c6Ym9keT48L3c6ZG9jdW1lbnQ+UEsBAhQAYWNrYWdlLzIwMDYvY29udGVudC10"
    "eXBlcyIvPlBLAwQUAAAIAAAAACEAdbnvs24CAABuAgAAEQAAAHdvcmQvZG9jdW1lbnQueG1sPD94bWwgdmVycwAAEQAAAAAA"
    "AAAAAAAAAACTAAAAd29yZC9kb2N1bWVudC54bWxQSwUGAAAAAAIAAgCAAAAAMAMAAAAA"
)


def test_fuzz_regression_docx_zip_version() -> None:
    import base64

    data = base64.b64decode(FUZZ_DOCX_ZIP_VERSION)
    with pytest.raises(ReadError) as e:
        read_bytes(data, "crash.docx")
    assert e.value.code == "LC901" and "zip" in e.value.message
    assert _lc9(_codes(check_bytes(data, "crash.docx", Config()).findings)) == ["LC901"]


#: bench/fuzz xml target: a letter XML whose date is "20252-10-14" (a valid xs:date, so the schema accepted
#: it) made date.fromisoformat raise ValueError out of the letter XML reader (LC900 instead of LC904)
FUZZ_XML_YEAR_20252 = (
    "PD94bWwgdmVyc2lvbj0iMS4wIiBlbmNvZGluZz0iSVNPLTg4NTktMSI/Pgo8bGV0dGVyIHhtbG5zPSJ1cm46bGV0dGVyY2hl"
    "Y2s6bGV0dGVyOjEiIGlkPSJMLTEiIGRhdGU9IjIwMjUyLTEwLTE0Ij48dGl0bGU+QWZn+HJlbHNlIG9tIGtvbnRhbnRoauZs"
    "cDwvdGl0bGU+PGJvZHk+PHA+QWZn+HJlbHNlIG9tIGtvbnRhbnRoauZscDwvcD48cD5EdSBoYXIgcmV0IHRpbCBrb250YW50"
    "aGrmbHAgZWZ0ZXIgpyAxMSwgc3RrLiAyLCBpIGxzdiBvbSBha3RpdiBzb2NpYWxwb2xpdGlrLjwvcD48cD5EdSBm5XIgdWRi"
    "ZXRhbHQgMTIuMzRpbmc8L3A+PC9ib2R5PjwvbGV0dGVyPgo="
)


def test_fuzz_regression_xml_year_20252() -> None:
    import base64

    data = base64.b64decode(FUZZ_XML_YEAR_20252)
    with pytest.raises(ReadError) as e:
        read_bytes(data, "crash.xml")
    assert e.value.code == "LC904" and "20252-10-14" in e.value.message
    assert _lc9(_codes(check_bytes(data, "crash.xml", Config()).findings)) == ["LC904"]


# ------------------------------------------------- bugs these cases found in the extractors (now fixed)


def _bounded_subprocess(code: str, timeout: float) -> bool:
    """Whether ``code`` finishes in a fresh interpreter within ``timeout`` seconds (no wall-clock assert).

    A failure other than the timeout raises, so a slow run cannot be mistaken for a broken one.
    """
    import subprocess
    import sys

    try:
        subprocess.run([sys.executable, "-c", code], timeout=timeout, check=True, capture_output=True)
    except subprocess.TimeoutExpired:
        return False
    return True


def test_find_amounts_on_a_30_digit_amount() -> None:
    """Raised decimal.InvalidOperation (Decimal.quantize past the context precision): LC900 for the letter."""
    from lettercheck.extract.amounts import find_amounts

    text = "9" * 30 + " kr."
    for a in find_amounts(text):
        assert text[a.start : a.end] == a.text


def test_find_amounts_is_linear_on_whitespace_runs() -> None:
    """3,000 spaces and 100,000 tabs: the kr.-column header pattern was cubic in spaces (1,000 spaces took
    10 s, 2,000 took 55 s) and quadratic in tabs; linear code takes milliseconds."""
    code = "from lettercheck.extract.amounts import find_amounts\nfind_amounts(' ' * 3000 + '\\n' + '\\t' * 100000)"
    assert _bounded_subprocess(code, timeout=10)
