"""The findings cache: hits give the same report, exactly the right inputs invalidate it, it never holds a
CPR number or the letter's text, and concurrent writers never corrupt it."""

from __future__ import annotations

import json
import multiprocessing
import os
from datetime import date
from pathlib import Path

import pytest

from lettercheck import cache as cache_mod
from lettercheck import runner
from lettercheck.cache import Cache
from lettercheck.config import Config
from lettercheck.model import FileResult, Finding, Location, Severity
from tests.runner.conftest import PLACEHOLDER_LETTER, cli, config, write_letters


def run(paths: list[Path], cfg: Config, cache: Cache | None) -> list[FileResult]:
    return list(runner.execute([runner.Input(str(p)) for p in paths], cfg, jobs=2, cache=cache))


def comparable(results: list[FileResult]) -> list:
    return [(r.path, [f.to_dict() for f in r.findings], r.letter_dict(), r.context) for r in results]


def test_second_run_is_answered_from_the_cache_with_identical_results(tmp_path: Path):
    files = write_letters(tmp_path / "l", 6)
    cfg = config(root=str(tmp_path), cache_dir=str(tmp_path / "c"))
    first = run(files, cfg, Cache.for_config(cfg))
    second = run(files, cfg, Cache.for_config(cfg))
    assert not any(r.from_cache for r in first)
    assert all(r.from_cache for r in second)
    assert comparable(first) == comparable(second)


def test_cli_text_report_is_the_same_from_the_cache(tmp_path: Path):
    write_letters(tmp_path / "l", 3)
    a = cli("check", str(tmp_path / "l"))
    b = cli("check", str(tmp_path / "l"))
    assert a == b and a[0] == 1 and "LC401" in a[1]


def test_a_changed_letter_misses_an_unchanged_one_hits(tmp_path: Path):
    files = write_letters(tmp_path / "l", 2, bad_every=1)
    cfg = config(root=str(tmp_path), cache_dir=str(tmp_path / "c"))
    run(files, cfg, Cache.for_config(cfg))
    files[1].write_text("Dato: 14. oktober 2025\nKære Ib\n", encoding="utf-8")
    again = run(files, cfg, Cache.for_config(cfg))
    assert [r.from_cache for r in again] == [True, False]
    assert again[1].findings == []


def test_a_corpus_overlay_change_invalidates_and_an_unrelated_file_does_not(tmp_path: Path):
    files = write_letters(tmp_path / "l", 2)
    overlay = tmp_path / "overlay.yaml"
    overlay.write_text("# local guidance\nacts: []\n", encoding="utf-8")
    unrelated = tmp_path / "notes.yaml"
    unrelated.write_text("a: 1\n", encoding="utf-8")
    cfg = config(root=str(tmp_path), cache_dir=str(tmp_path / "c"), corpus=(str(overlay),))
    ns = cache_mod.settings_hash(cfg)
    unrelated.write_text("a: 2\n", encoding="utf-8")
    files[0].write_text(PLACEHOLDER_LETTER + "\n", encoding="utf-8")  # another letter changing
    assert cache_mod.settings_hash(cfg) == ns
    overlay.write_text("# local guidance, revised\nacts: []\n", encoding="utf-8")
    assert cache_mod.settings_hash(cfg) != ns
    # and every entry is in that namespace, so all of them go
    c1 = Cache.for_config(cfg)
    assert c1.key("x.txt", b"x") != Cache(c1.root, ns).key("x.txt", b"x")


def test_bundled_corpus_and_rule_pack_bytes_are_in_the_key(tmp_path: Path, monkeypatch):
    root = tmp_path / "data"
    (root / "corpus").mkdir(parents=True)
    (root / "rules").mkdir()
    (root / "corpus" / "legal_refs.yaml").write_text("acts: []\n", encoding="utf-8")
    (root / "rules" / "content.yaml").write_text("x: 1\n", encoding="utf-8")
    from lettercheck import resources

    monkeypatch.setattr(resources, "data_path", lambda rel: root / rel)
    cfg = config()
    a = cache_mod.settings_hash(cfg)
    (root / "rules" / "content.yaml").write_text("x: 2\n", encoding="utf-8")
    b = cache_mod.settings_hash(cfg)
    (root / "corpus" / "legal_refs.yaml").write_text("acts: [1]\n", encoding="utf-8")
    c = cache_mod.settings_hash(cfg)
    assert len({a, b, c}) == 3


def test_settings_that_change_findings_change_the_key_and_others_do_not():
    base = cache_mod.settings_hash(config())
    assert cache_mod.settings_hash(config(ignore=("LC401",))) != base
    assert cache_mod.settings_hash(config(as_of=date(2024, 1, 1))) != base
    assert cache_mod.settings_hash(config(jobs=7, exclude=("x/*",), cache_dir="elsewhere")) == base


def test_cache_files_hold_no_cpr_number_and_no_letter_text(tmp_path: Path):
    letter = tmp_path / "brev.txt"
    letter.write_text(
        "Dato: 14. oktober 2025\nSagen vedrører CPR 010190-1234 og Hemmeligvej 7.\nKære «Navn»\n",
        encoding="utf-8",
    )
    cfg = config(root=str(tmp_path), cache_dir=str(tmp_path / "c"))
    (r,) = run([letter], cfg, Cache.for_config(cfg))
    assert [f.code for f in r.findings] == ["LC401"]
    blob = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "c").rglob("*") if p.is_file())
    assert "1234" not in blob
    assert "Hemmeligvej" not in blob  # a line without a finding is not stored
    assert "«Navn»" in blob  # the finding itself is


def test_a_cpr_number_inside_a_finding_is_masked_on_write(tmp_path: Path):
    c = Cache(tmp_path / "c", "ns")
    result = FileResult(
        "x.txt",
        [Finding("LC401", Severity.ERROR, "about 010190-1234", "010190-1234", Location(line=1, column=1))],
        context={(None, None, 1): "CPR 010190-1234"},
    )
    c.put("ab" * 32, result)
    raw = next((tmp_path / "c").rglob("*.json")).read_text(encoding="utf-8")
    assert "1234" not in raw and "010190-xxxx" in raw


def test_results_without_a_date_of_their_own_are_only_valid_today(tmp_path: Path, monkeypatch):
    c = Cache(tmp_path / "c", "ns")
    c.put("cd" * 32, FileResult("x.txt", [], letter_date=date.today(), date_source="today"))
    assert c.get("cd" * 32, "x.txt") is not None

    class Tomorrow(date):
        @classmethod
        def today(cls):
            return date(2999, 1, 1)

    monkeypatch.setattr(cache_mod.dt, "date", Tomorrow)
    assert c.get("cd" * 32, "x.txt") is None


def test_damaged_entries_are_misses_not_crashes(tmp_path: Path):
    c = Cache(tmp_path / "c", "ns")
    c.put("ef" * 32, FileResult("x.txt", []))
    entry = next((tmp_path / "c").rglob("*.json"))
    entry.write_text("{not json", encoding="utf-8")
    assert c.get("ef" * 32, "x.txt") is None


def _hammer(root: str, n: int) -> None:
    c = Cache(root, "ns")
    for i in range(n):
        c.put("12" * 32, FileResult("x.txt", [Finding("LC401", Severity.ERROR, f"m{i % 3}")]))


def test_concurrent_writers_never_leave_a_torn_entry(tmp_path: Path):
    """What two pre-commit runs in one repository do: write the same entries at the same time."""
    root = str(tmp_path / "c")
    procs = [multiprocessing.get_context("fork").Process(target=_hammer, args=(root, 200)) for _ in range(4)]
    for p in procs:
        p.start()
    c = Cache(root, "ns")
    seen = 0
    while any(p.is_alive() for p in procs):
        got = c.get("12" * 32, "x.txt")
        seen += got is not None
        if got is not None:
            assert got.findings[0].message in ("m0", "m1", "m2")
    for p in procs:
        p.join()
        assert p.exitcode == 0
    files = [p for p in Path(root).rglob("*") if p.is_file()]
    assert not [p for p in files if p.name.startswith(".tmp-")]  # no temporary file left behind
    assert json.loads(next(Path(root).rglob("*.json")).read_text())["format"] == cache_mod.FORMAT


def test_no_cache_writes_nothing_and_cache_dir_is_tagged(tmp_path: Path, isolated_cache: Path):
    write_letters(tmp_path / "l", 2)
    cli("check", str(tmp_path / "l"), "--no-cache")
    assert not isolated_cache.exists()
    cli("check", str(tmp_path / "l"))
    assert (
        (isolated_cache / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (isolated_cache / ".gitignore").read_text().strip().endswith("*")


def test_clean_removes_our_cache_and_nothing_else(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("LETTERCHECK_CACHE_DIR")
    monkeypatch.chdir(tmp_path)
    write_letters(tmp_path / "l", 2)
    cli("check", "l")
    write_letters(tmp_path / "sub" / "l", 1)
    (tmp_path / "sub" / "lettercheck.toml").write_text('select = ["LC401"]\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path / "sub")
    cli("check", "l")  # another project below this one: its cache sits next to its config
    monkeypatch.chdir(tmp_path)
    assert (tmp_path / ".lettercheck_cache").is_dir() and (tmp_path / "sub" / ".lettercheck_cache").is_dir()
    impostor = tmp_path / "precious"
    impostor.mkdir()
    (impostor / "data.txt").write_text("keep me", encoding="utf-8")
    code, _out, _err = cli("clean")
    assert code == 0
    assert not (tmp_path / ".lettercheck_cache").exists()
    assert not (tmp_path / "sub" / ".lettercheck_cache").exists()
    code, _out, err = cli("clean", "--cache-dir", str(impostor))
    assert (impostor / "data.txt").exists() and "not a lettercheck cache" in err


def test_stale_namespaces_are_pruned(tmp_path: Path):
    old = Cache(tmp_path / "c", "old-namespace-0000000000")
    old.put("aa" * 32, FileResult("x.txt", []))
    past = 1_000_000_000
    os.utime(old.dir, (past, past))
    new = Cache(tmp_path / "c", "new-namespace-1111111111")
    new.touch()
    assert new.prune() == 1
    assert not old.dir.exists() and new.dir.exists()


@pytest.mark.parametrize("value", [Path("x"), {1, 2}, object()])
def test_values_that_cannot_round_trip_are_not_cached(tmp_path: Path, value):
    """Better no entry than one that comes back different from what the pipeline produced."""
    c = Cache(tmp_path / "c", "ns")
    f = Finding("LC401", Severity.ERROR, "m", extra={"odd": value})
    c.put("77" * 32, FileResult("x.txt", [f]))
    assert c.get("77" * 32, "x.txt") is None


def test_decimal_and_date_values_round_trip(tmp_path: Path):
    from decimal import Decimal

    c = Cache(tmp_path / "c", "ns")
    extra = {"amount": Decimal("1234.50"), "on": date(2025, 7, 1), "pair": (1, "a"), "n": [1, None]}
    c.put("78" * 32, FileResult("x.txt", [Finding("LC202", Severity.ERROR, "m", extra=extra)]))
    assert c.get("78" * 32, "x.txt").findings[0].extra == extra
