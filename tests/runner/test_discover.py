"""Finding the letters: directories, globs, zip archives (never unpacked to disk), --files-from, excludes."""

from __future__ import annotations

import copy
import io
import json
import os
import zipfile
from pathlib import Path

import pytest

from lettercheck import runner
from lettercheck.config import Limits
from lettercheck.report import FORMATS, Summary, get_reporter
from tests.runner.conftest import CLEAN_LETTER, PLACEHOLDER_LETTER, cli, config, write_letters


def names(inputs) -> list[str]:
    return [i.path for i in inputs]


def make_zip(path: Path, members: dict[str, bytes | str]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data.encode() if isinstance(data, str) else data)
    return path


def test_directories_are_walked_sorted_skipping_hidden_tool_dirs_and_non_letters(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".lettercheck_cache").mkdir()
    for p in ("b/2.txt", "a/1.pdf", "a/notes.json", ".git/x.txt", ".lettercheck_cache/y.txt", "0.xml"):
        (tmp_path / p).write_text("x", encoding="utf-8")
    got = names(runner.discover([str(tmp_path)], config(root=str(tmp_path))))
    rel = [os.path.relpath(g, tmp_path) for g in got]
    assert rel == ["0.xml", "a/1.pdf", "b/2.txt"]


def test_each_file_once_even_when_named_twice(tmp_path: Path):
    write_letters(tmp_path / "d", 2)
    f = str(tmp_path / "d" / "brev_000.txt")
    got = names(runner.discover([f, str(tmp_path / "d"), f], config()))
    assert len(got) == 2 and len(set(got)) == 2


def test_globs_select_like_directories(tmp_path: Path):
    write_letters(tmp_path / "x", 3)
    (tmp_path / "x" / "data.csv").write_text("a,b", encoding="utf-8")
    got = names(runner.discover([str(tmp_path / "x" / "*")], config()))
    assert [Path(g).name for g in got] == ["brev_000.txt", "brev_001.txt", "brev_002.txt"]
    got = names(runner.discover([str(tmp_path / "**" / "brev_00[12].txt")], config()))
    assert [Path(g).name for g in got] == ["brev_001.txt", "brev_002.txt"]


def test_zip_members_are_read_from_the_archive_and_never_extracted(tmp_path: Path, monkeypatch):
    z = make_zip(
        tmp_path / "batch.zip",
        {
            "brev1.txt": PLACEHOLDER_LETTER,
            "mappe/brev2.txt": CLEAN_LETTER,
            "mappe/": "",
            "__MACOSX/._brev1.txt": "junk",
            "readme.json": "{}",
        },
    )

    def refuse(*a, **k):
        raise AssertionError("a zip member was extracted to disk")

    monkeypatch.setattr(zipfile.ZipFile, "extract", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "extractall", refuse)
    before = sorted(p.name for p in tmp_path.iterdir())
    code, out, _ = cli("check", str(z), "--format", "json", "--no-cache", "-j", "2")
    doc = json.loads(out)
    paths = [f["path"] for f in doc["files"]]
    assert paths == [f"{z}!brev1.txt", f"{z}!mappe/brev2.txt"]
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["LC401"]
    assert doc["files"][1]["findings"] == []
    assert code == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # nothing unpacked next to it


def test_zip_bomb_member_is_lc906_by_its_declared_size_without_reading(tmp_path: Path):
    z = make_zip(tmp_path / "bomb.zip", {"big.txt": b"0" * 2_000_000, "ok.txt": CLEAN_LETTER})
    assert z.stat().st_size < 50_000  # it really is a bomb: tiny archive, large member
    cfg = config(limits=Limits(max_decompressed_size=100_000))
    results = list(runner.execute(runner.discover([str(z)], cfg), cfg, jobs=1))
    assert [r.path for r in results] == [f"{z}!big.txt", f"{z}!ok.txt"]
    assert [f.code for f in results[0].findings] == ["LC906"]
    assert "decompresses to 2,000,000 bytes" in results[0].findings[0].message
    assert results[1].findings == []


def test_zip_member_whose_header_lies_about_its_size_is_still_bounded(tmp_path: Path):
    """A forged header (small declared size, large data) never gets more than the limit into memory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("liar.txt", b"A" * 500_000)
    raw = bytearray(buf.getvalue())
    # patch the uncompressed size in the central directory entry (offset 24 from its signature)
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = (1000).to_bytes(4, "little")
    z = tmp_path / "liar.zip"
    z.write_bytes(bytes(raw))
    cfg = config(limits=Limits(max_decompressed_size=100_000))
    (result,) = list(runner.execute(runner.discover([str(z)], cfg), cfg, jobs=1))
    assert [f.code for f in result.findings] in (["LC901"], ["LC906"])  # refused either way, never read whole


def test_broken_zip_and_nested_zip_are_findings(tmp_path: Path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really a zip")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("x.txt", CLEAN_LETTER)
    make_zip(tmp_path / "outer.zip", {"inner.zip": inner.getvalue()})
    cfg = config()
    results = list(runner.execute(runner.discover([str(tmp_path)], cfg), cfg, jobs=1))
    by_name = {
        Path(r.path.split("!")[0]).name + ("!" + r.path.split("!")[1] if "!" in r.path else ""): r
        for r in results
    }
    assert [f.code for f in by_name["broken.zip"].findings] == ["LC901"]
    assert [f.code for f in by_name["outer.zip!inner.zip"].findings] == ["LC905"]


def test_exclude_globs_from_config_and_cli_and_force_exclude(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write_letters(tmp_path / "letters", 2)
    write_letters(tmp_path / "archive" / "2019", 2)
    (tmp_path / "lettercheck.toml").write_text('exclude = ["archive"]\n', encoding="utf-8")
    code, out, _ = cli("check", ".", "--show-files")
    assert code == 0
    assert sorted(out.split()) == ["./letters/brev_000.txt", "./letters/brev_001.txt"]
    code, out, _ = cli("check", ".", "--show-files", "--exclude", "*_001.txt")
    assert out.split() == ["./letters/brev_000.txt"]
    # explicitly named files are checked anyway, unless --force-exclude (what pre-commit needs)
    code, out, _ = cli("check", "archive/2019/brev_000.txt", "letters/brev_001.txt", "--show-files")
    assert out.split() == ["archive/2019/brev_000.txt", "letters/brev_001.txt"]
    code, out, _ = cli(
        "check", "archive/2019/brev_000.txt", "letters/brev_001.txt", "--show-files", "--force-exclude"
    )
    assert out.split() == ["letters/brev_001.txt"]


def test_files_from_a_file_and_from_stdin(tmp_path: Path):
    files = write_letters(tmp_path / "l", 4)
    listing = tmp_path / "list.txt"
    listing.write_text(f"{files[2]}\n\n{files[0]}\n", encoding="utf-8")
    code, out, _ = cli("check", "--files-from", str(listing), "--format", "json", "--no-cache")
    assert [f["path"] for f in json.loads(out)["files"]] == [str(files[2]), str(files[0])]
    code, out, _ = cli(
        "check", "--files-from", "-", "--format", "json", "--no-cache", input=f"{files[1]}\n{files[3]}\n"
    )
    assert [f["path"] for f in json.loads(out)["files"]] == [str(files[1]), str(files[3])]
    assert code == 0  # both clean
    code, _, err = cli("check", "-", "--files-from", "-")
    assert code == 2 and "standard input" in err


def test_letter_on_stdin_is_checked_by_a_worker(tmp_path: Path):
    _code, out, _ = cli(
        "check", "-", "--format", "json", "--no-cache", "--select", "LC401", input=PLACEHOLDER_LETTER
    )
    doc = json.loads(out)
    assert doc["files"][0]["path"] == "-"
    assert [f["code"] for f in doc["files"][0]["findings"]] == ["LC401"]


def test_missing_path_is_a_finding_for_that_path(tmp_path: Path):
    _code, out, _ = cli("check", str(tmp_path / "nope.pdf"), "--format", "json", "--no-cache")
    assert [f["code"] for f in json.loads(out)["files"][0]["findings"]] == ["LC901"]


def test_file_names_with_cpr_numbers_are_masked_in_reports(tmp_path: Path):
    p = tmp_path / "brev_020285-4711.txt"
    p.write_text(PLACEHOLDER_LETTER, encoding="utf-8")
    cfg = config()
    results = list(runner.execute(runner.discover([str(p)], cfg), cfg, jobs=1))
    for fmt in FORMATS:
        out = io.StringIO()
        reporter = get_reporter(fmt, out)
        summary = Summary()
        reporter.start()
        for r in results:
            r = copy.deepcopy(r)
            runner.mask_result(r)
            summary.add(r)
            reporter.file(r)
        reporter.finish(summary)
        text = out.getvalue()
        assert "4711" not in text, fmt
        assert "020285-xxxx" in text, fmt


@pytest.mark.parametrize("bad", ["--jobs", "-j"])
def test_jobs_must_be_positive(tmp_path: Path, bad: str):
    code, _, _err = cli("check", str(tmp_path), bad, "0")
    assert code == 2


def _lying_zip(path: Path, member: str, size: int, declared: int) -> Path:
    """A zip whose member inflates to ``size`` bytes while its central directory says ``declared``."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(member, b"\0" * size)
    raw = bytearray(buf.getvalue())
    cd = raw.rfind(b"PK\x01\x02")
    raw[cd + 24 : cd + 28] = declared.to_bytes(4, "little")
    path.write_bytes(bytes(raw))
    return path


def test_zip_member_is_inflated_in_small_steps_whatever_its_header_says(tmp_path: Path):
    """A header that declares 1,000 bytes passes the size check; the member behind it (40 MB of zeros) must
    still never be inflated in one piece — one ``read(limit + 1)`` would allocate up to the whole limit."""
    import tracemalloc

    z = _lying_zip(tmp_path / "liar.zip", "liar.txt", 40_000_000, 1000)
    assert z.stat().st_size < 200_000
    limits = Limits(max_decompressed_size=100_000_000, max_file_size=100_000_000)
    runner._OPEN_ARCHIVES.clear()
    tracemalloc.start()
    try:
        with pytest.raises(runner.ReadError) as e:
            runner._read_member(str(z), "liar.txt", limits)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        for zf in runner._OPEN_ARCHIVES.values():
            zf.close()
        runner._OPEN_ARCHIVES.clear()
    assert e.value.code in ("LC901", "LC906")
    assert peak < 8_000_000, f"peak {peak:,} bytes: the member was inflated in one piece"


def test_oversize_zip_member_is_lc906_through_the_cli(tmp_path: Path):
    _lying_zip(tmp_path / "big.zip", "brev.txt", 3_000_000, 3_000_000)  # honest header, over the limit
    (tmp_path / "lettercheck.toml").write_text(
        'select = ["LC401", "LC9"]\n[limits]\nmax-decompressed-size = 1000000\n', encoding="utf-8"
    )
    code, out, _ = cli("check", str(tmp_path / "big.zip"), "--format", "json", "--no-cache")
    (f,) = json.loads(out)["files"][0]["findings"]
    assert f["code"] == "LC906" and "3,000,000 bytes" in f["message"]
    assert code == 1
