"""No full CPR number leaves lettercheck, and lettercheck writes nowhere but where it says.

A batch of letters full of CPR numbers — in the body, in a MeMo label and notification, in the recipient data of
a MeMo and of a letter XML, in embedded document names, in file names, in a broken file's error — goes through
every report format the CLI offers, ``lettercheck extract`` (json and text), the report file, the baseline and
the cache directory. Every byte written is searched for any full CPR number (ddmmyy-nnnn or ddmmyynnnn with a
valid date), by a pattern written here rather than lettercheck's own, so the masking is not asked to check
itself.
"""

from __future__ import annotations

import base64
import importlib.util
import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from lettercheck.cli import main as cli_main

# every planted number: a valid date, four digits; in every way a letter writes one
PLANTED = [
    "010190-1234",
    "0101901234",
    "311299-4321",
    "2902004321",  # 29 February 2000
    "150575 5678",
    "070707\u20131111",  # en dash
    "121212\u20112222",  # non-breaking hyphen
    "1212121212",
    "0505051234",
]

_SEP = "[-\u2010\u2011\u2012\u2013\u2014 \u00a0]"
_CPR = re.compile(rf"(?<![0-9])([0-3][0-9])([01][0-9])([0-9]{{2}}){_SEP}?([0-9]{{4}})(?![0-9])")


_HEX = frozenset("0123456789abcdefABCDEF")


def _inside_digest(text: str, start: int, end: int) -> bool:
    """Whether the digits are part of a hex digest (a cache key): 16+ hex characters with a letter among them.

    Ten decimal digits in a row occur in about one sha256 hex digest in ten; they are not a person's number.
    """
    a, b = start, end
    while a > 0 and text[a - 1] in _HEX:
        a -= 1
    while b < len(text) and text[b] in _HEX:
        b += 1
    token = text[a:b]
    return len(token) >= 16 and any(c.isalpha() for c in token)


def full_cprs(text: str) -> list[str]:
    """Every full CPR number in ``text``: ten digits (optionally split 6+4) whose first six are a date."""
    out = []
    for m in _CPR.finditer(text):
        if _inside_digest(text, m.start(), m.end()):
            continue
        dd, mm, yy = int(m.group(1)), int(m.group(2)), int(m.group(3))
        for century in (1900, 2000):
            try:
                date(century + yy, mm, dd)
            except ValueError:
                continue
            start = max(m.start() - 40, 0)
            out.append(f"{m.group(0)!r} in …{text[start : m.end() + 40]!r}…")
            break
    return out


def test_the_pattern_finds_every_planted_number_and_no_masked_one() -> None:
    for cpr in PLANTED:
        assert full_cprs(f"CPR: {cpr}."), cpr
    assert not full_cprs("CPR: 010190-xxxx, beløb 12.345,67 kr., sag 2025-123456, 3112991234567")


# ------------------------------------------------------------------------------------------- the letters

TEXT_LETTER = f"""lettercheck: ignore LC501 -- borgeren {PLANTED[1]} bad selv om det
Aalborg Kommune, Boulevarden 13, 9000 Aalborg
Dato: 14. oktober 2025
Afgørelse om kontanthjælp
Kære {{{{navn}}}}, CPR-nr. {PLANTED[0]}
Vi har truffet afgørelse i din sag ({PLANTED[2]}) efter § 11, stk. 2, i lov om aktiv socialpolitik.
Din ægtefælle har CPR-nr. {PLANTED[3]} og {PLANTED[4]}; barnet {PLANTED[5]} og {PLANTED[6]}.
Du får udbetalt 12.345,67 kr. den 31. oktober 2025. Reference {PLANTED[7]}.
Klagevejledning
"""


def _memo() -> bytes:
    body = base64.b64encode(TEXT_LETTER.encode()).decode()
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<memo:Message xmlns:memo="https://DigitalPost.dk/MeMo-1" memoVersion="1.1">
 <memo:MessageHeader>
  <memo:messageType>DIGITALPOST</memo:messageType>
  <memo:label>Afgørelse om kontanthjælp til {PLANTED[0]}</memo:label>
  <memo:notification>Ny post om {PLANTED[1]} fra Aalborg Kommune</memo:notification>
  <memo:Recipient><memo:recipientID>{PLANTED[1]}</memo:recipientID><memo:idType>CPR</memo:idType>
   <memo:label>Borger {PLANTED[2]}</memo:label></memo:Recipient>
 </memo:MessageHeader>
 <memo:MessageBody>
  <memo:createdDateTime>2025-10-14T09:00:00Z</memo:createdDateTime>
  <memo:MainDocument><memo:File><memo:encodingFormat>text/plain</memo:encodingFormat>
   <memo:filename>afgoerelse_{PLANTED[0]}.txt</memo:filename><memo:content>{body}</memo:content></memo:File>
  </memo:MainDocument>
  <memo:AdditionalDocument><memo:File><memo:encodingFormat>application/pdf</memo:encodingFormat>
   <memo:filename>bilag_{PLANTED[8]}.pdf</memo:filename><memo:content>!!ikke base64 {PLANTED[3]}</memo:content>
  </memo:File></memo:AdditionalDocument>
 </memo:MessageBody>
</memo:Message>
""".encode()


def _letter_xml() -> bytes:
    paras = "".join(f"<p>{line}</p>" for line in TEXT_LETTER.splitlines()[1:] if line)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<letter xmlns="urn:lettercheck:letter:1" id="L-{PLANTED[1]}" date="2025-10-14" type="afgoerelse">
  <sender><name>Aalborg Kommune</name></sender>
  <recipient><name>Jens Testesen</name><cpr>{PLANTED[0]}</cpr><address>Vej 1, {PLANTED[2]}</address></recipient>
  <caseNumber>{PLANTED[7]}</caseNumber>
  <title>Afgørelse om kontanthjælp</title>
  <body>{paras}</body>
</letter>
""".encode()


def _write_batch(d: Path) -> list[str]:
    d.mkdir(parents=True, exist_ok=True)
    (d / "brev.txt").write_text(TEXT_LETTER, encoding="utf-8")
    (d / f"brev_{PLANTED[7]}.txt").write_text(TEXT_LETTER, encoding="utf-8")
    (d / "besked.memo").write_bytes(_memo())
    (d / "brev.xml").write_bytes(_letter_xml())
    (d / f"broken_{PLANTED[0]}.xml").write_bytes(f"<letter>{PLANTED[1]}</lett".encode())
    return [str(d), str(d / f"mangler_{PLANTED[4]}.txt")]  # a path that does not exist: an error message


# ----------------------------------------------------------------------------------------------- runs


#: the compiled corpus and packs are cached inside lettercheck's cache directory (lettercheck/compiled.py), never
#: in the home directory; test_nothing_is_written_to_home_by_default checks that with the switch left alone


def _env(tmp: Path, corpus_cache: bool = False) -> dict[str, str]:
    env = dict(os.environ)
    if not corpus_cache:
        env["LETTERCHECK_CORPUS_CACHE"] = "off"
    env["HOME"] = str(tmp / "home")
    env["XDG_CACHE_HOME"] = str(tmp / "home" / ".cache")
    env["TMPDIR"] = str(tmp / "tmpdir")
    env.pop("LETTERCHECK_CACHE_DIR", None)
    for k in ("HOME", "TMPDIR"):
        Path(env[k]).mkdir(parents=True, exist_ok=True)
    return env


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "lettercheck", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=100,
    )


def _choices(command: str) -> list[str]:
    for p in cli_main.commands[command].params:
        if p.name == "fmt":
            return list(p.type.choices)  # type: ignore[attr-defined]
    raise AssertionError(f"lettercheck {command} has no --format")


def _reporter_exists(fmt: str) -> bool:
    from lettercheck.report import FORMATS

    target = FORMATS.get(fmt)
    return target is not None and importlib.util.find_spec(target.split(":")[0]) is not None


def _all_text_under(d: Path) -> str:
    parts = []
    for p in sorted(d.rglob("*")):
        if p.is_file():
            parts.append(f"\n### {p}\n" + p.read_bytes().decode("utf-8", errors="replace"))
    return "".join(parts)


@pytest.mark.parametrize("fmt", _choices("check"))
def test_no_full_cpr_in_any_report_format(fmt: str, tmp_path: Path) -> None:
    if not _reporter_exists(fmt):
        pytest.skip(f"the {fmt} reporter is not written yet")
    paths = _write_batch(tmp_path / "letters")
    work = tmp_path / "work"
    work.mkdir()
    env = _env(tmp_path)
    out = _run(["check", "--format", fmt, "--jobs", "1", *paths], work, env)
    assert out.returncode in (0, 1), out.stderr
    assert "Traceback" not in out.stderr
    assert out.stdout.strip(), "the report is empty"
    report_file = _run(["check", "--format", fmt, "--jobs", "1", "-o", "out/report", *paths], work, env)
    assert report_file.returncode in (0, 1), report_file.stderr
    leaks = full_cprs(out.stdout) + full_cprs(out.stderr) + full_cprs(report_file.stderr)
    leaks += full_cprs(_all_text_under(work))  # the report file and the cache directory
    assert leaks == []


def test_the_report_really_contains_the_cpr_findings(tmp_path: Path) -> None:
    """The privacy scan is only worth something if the CPR-bearing parts were reported: check they were."""
    import json

    paths = _write_batch(tmp_path / "letters")
    work = tmp_path / "work"
    work.mkdir()
    out = _run(["check", "--format", "json", "--jobs", "1", *paths], work, _env(tmp_path))
    report = json.loads(out.stdout)
    codes = {f["code"] for file in report["files"] for f in file["findings"]}
    assert {"LC501", "LC901"} <= codes
    masked = [f["text"] for file in report["files"] for f in file["findings"] if f["code"] == "LC501"]
    assert "010190-xxxx" in masked and "010190-xxxx" in str(report)


@pytest.mark.parametrize("fmt", _choices("extract"))
def test_no_full_cpr_in_extract_output_of_readable_letters(fmt: str, tmp_path: Path) -> None:
    paths = _write_batch(tmp_path / "letters")
    readable = [str(p) for p in Path(paths[0]).iterdir() if not p.name.startswith("broken_")]
    work = tmp_path / "work"
    work.mkdir()
    out = _run(["extract", "--format", fmt, *readable], work, _env(tmp_path))
    assert "Traceback" not in out.stderr, out.stderr
    assert "Afgørelse om kontanthjælp" in out.stdout  # the letters' text is there, masked
    assert full_cprs(out.stdout) + full_cprs(out.stderr) + full_cprs(_all_text_under(work)) == []


@pytest.mark.parametrize("fmt", _choices("extract"))
def test_no_full_cpr_in_extract_output(fmt: str, tmp_path: Path) -> None:
    paths = _write_batch(tmp_path / "letters")
    work = tmp_path / "work"
    work.mkdir()
    out = _run(["extract", "--format", fmt, *paths], work, _env(tmp_path))
    assert "Traceback" not in out.stderr, out.stderr
    assert "Afgørelse om kontanthjælp" in out.stdout  # the letters' text is there, masked
    assert full_cprs(out.stdout) + full_cprs(out.stderr) + full_cprs(_all_text_under(work)) == []


def test_no_full_cpr_in_the_baseline_or_cache(tmp_path: Path) -> None:
    paths = _write_batch(tmp_path / "letters")
    work = tmp_path / "work"
    work.mkdir()
    env = _env(tmp_path)
    out = _run(
        ["check", "--jobs", "1", "--baseline", "baseline.json", "--update-baseline", *paths], work, env
    )
    assert out.returncode == 0, out.stderr
    again = _run(["check", "--jobs", "1", "--baseline", "baseline.json", *paths], work, env)  # a cache hit
    assert again.returncode in (0, 1), again.stderr
    assert (work / "baseline.json").is_file()
    assert full_cprs(out.stdout + out.stderr + again.stdout + again.stderr) == []
    assert full_cprs(_all_text_under(work)) == []


def test_no_full_cpr_in_error_messages(tmp_path: Path) -> None:
    """Errors that name a path or a file's content: a missing file, a bad config, an unknown rule."""
    work = tmp_path / "work"
    work.mkdir()
    env = _env(tmp_path)
    (work / f"broken_{PLANTED[1]}.pdf").write_bytes(b"%PDF-1.7 " + PLANTED[1].encode())
    runs = [
        _run(["check", f"mangler_{PLANTED[0]}.txt"], work, env),
        _run(["check", "--format", "text", f"broken_{PLANTED[1]}.pdf"], work, env),
        _run(["check", "--format", "json", f"broken_{PLANTED[1]}.pdf"], work, env),
    ]
    (work / "lettercheck.toml").write_text(f'[limits]\nmax-pages = "{PLANTED[3]}"\n', encoding="utf-8")
    runs.append(_run(["check", "x.txt"], work, env))
    for r in runs:
        assert "Traceback" not in r.stderr, r.stderr
        assert full_cprs(r.stdout) + full_cprs(r.stderr) == []


# ------------------------------------------------------------------------- what lettercheck writes, and where


def _snapshot(root: Path) -> set[str]:
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def test_lettercheck_writes_only_the_report_the_cache_and_the_baseline(tmp_path: Path) -> None:
    """A run in a fresh directory creates the -o report, the cache directory and the baseline, and nothing else:
    not next to the letters, not in HOME, not in TMPDIR, no stray temporary file."""
    letters = tmp_path / "letters"
    _write_batch(letters)
    work = tmp_path / "work"
    work.mkdir()
    env = _env(tmp_path)
    before = _snapshot(tmp_path)
    runs = [
        _run(["check", "--jobs", "2", "-o", "out/report.json", "--format", "json", str(letters)], work, env),
        _run(["check", "--baseline", "baseline.json", "--update-baseline", str(letters)], work, env),
        _run(["extract", "-o", "out/extract.json", str(letters)], work, env),
        _run(["check", str(letters / "brev.txt")], work, env),
    ]
    for r in runs:
        assert r.returncode in (0, 1), r.stderr
    created = _snapshot(tmp_path) - before
    allowed = {"work/out/report.json", "work/out/extract.json", "work/baseline.json"}
    unexpected = {p for p in created if p not in allowed and not p.startswith("work/.lettercheck_cache/")}
    assert unexpected == set()
    assert any(p.startswith("work/.lettercheck_cache/") for p in created), "the cache was not written at all"
    assert allowed <= created


def test_no_cache_writes_nothing_but_the_report(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    _write_batch(letters)
    work = tmp_path / "work"
    work.mkdir()
    before = _snapshot(tmp_path)
    r = _run(["check", "--no-cache", "-o", "report.txt", str(letters)], work, _env(tmp_path))
    assert r.returncode in (0, 1), r.stderr
    assert _snapshot(tmp_path) - before == {"work/report.txt"}


def test_nothing_is_written_to_home_by_default(tmp_path: Path) -> None:
    letters = tmp_path / "letters"
    _write_batch(letters)
    work = tmp_path / "work"
    work.mkdir()
    env = _env(tmp_path, corpus_cache=True)
    before = _snapshot(tmp_path / "home")
    r = _run(["check", "--no-cache", str(letters)], work, env)
    assert r.returncode in (0, 1), r.stderr
    assert _snapshot(tmp_path / "home") - before == set()
