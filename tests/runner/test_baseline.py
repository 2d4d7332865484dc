"""Baselines: known findings hidden, new ones shown, fixed ones reported — and no line numbers involved."""

from __future__ import annotations

import json
from pathlib import Path

from lettercheck.baseline import Baseline, BaselineWriter, normalise
from lettercheck.model import FileResult, Finding, Location, Severity
from tests.runner.conftest import cli

HEAD = "Dato: 14. oktober 2025\nKære Jens Hansen\n"


def letter(*body: str) -> str:
    return HEAD + "\n".join(body) + "\n"


def test_update_then_check_hides_known_findings(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    d = tmp_path / "samples"
    d.mkdir()
    (d / "a.txt").write_text(letter("Beløb: «Beløb»"), encoding="utf-8")
    code, _out, err = cli("check", "samples", "--baseline", "lc-baseline.json", "--update-baseline")
    assert code == 0 and "wrote 1 finding" in err
    doc = json.loads((tmp_path / "lc-baseline.json").read_text(encoding="utf-8"))
    assert doc["schema"] == "lettercheck.baseline/1"
    assert doc["entries"] == [{"path": "samples/a.txt", "code": "LC401", "text": "«beløb»", "count": 1}]
    code, out, _ = cli("check", "samples", "--baseline", "lc-baseline.json")
    assert code == 0
    assert "All checks passed" in out and "1 known finding hidden" in out


def test_edits_elsewhere_and_moved_lines_keep_the_fingerprint(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(letter("Beløb: «Beløb»"), encoding="utf-8")
    cli("check", "a.txt", "--baseline", "b.json", "--update-baseline")
    # three new paragraphs above it and different spacing around it: same finding
    (tmp_path / "a.txt").write_text(
        letter("Vi har modtaget din ansøgning.", "", "Du hører fra os.", "Beløb:   «Beløb»  "),
        encoding="utf-8",
    )
    code, out, _ = cli("check", "a.txt", "--baseline", "b.json")
    assert code == 0, out


def test_a_new_finding_and_one_more_occurrence_are_reported(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(letter("Beløb: «Beløb»"), encoding="utf-8")
    cli("check", "a.txt", "--baseline", "b.json", "--update-baseline")
    (tmp_path / "a.txt").write_text(
        letter("Beløb: «Beløb»", "Igen: «Beløb»", "Til: «Adresse»"), encoding="utf-8"
    )
    code, out, _ = cli("check", "a.txt", "--baseline", "b.json", "--format", "json")
    assert code == 1
    doc = json.loads(out)
    found = [(f["code"], f["text"], f["location"]["line"]) for f in doc["files"][0]["findings"]]
    # the first «Beløb» is the known one; the second is the surplus occurrence; «Adresse» is new
    assert found == [("LC401", "«Beløb»", 4), ("LC401", "«Adresse»", 5)]
    assert doc["baseline"]["hidden"] == 1 and doc["baseline"]["fixed"] == []


def test_fixed_entries_are_counted_and_listed(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(letter("«Navn»", "«Beløb»", "«Beløb»"), encoding="utf-8")
    (tmp_path / "gone.txt").write_text(letter("«Dato»"), encoding="utf-8")
    cli("check", "a.txt", "gone.txt", "--baseline", "b.json", "--update-baseline")
    (tmp_path / "a.txt").write_text(letter("Jens", "«Beløb»"), encoding="utf-8")
    (tmp_path / "gone.txt").unlink()
    code, out, _ = cli("check", "a.txt", "--baseline", "b.json")
    assert code == 0
    assert "3 baseline findings fixed" in out
    assert "a.txt: LC401 '«navn»'" in out and "a.txt: LC401 '«beløb»'" in out and "gone.txt: LC401" in out
    _code, out, _ = cli("check", "a.txt", "--baseline", "b.json", "--format", "json")
    fixed = json.loads(out)["baseline"]["fixed"]
    assert {(e["path"], e["text"], e["count"]) for e in fixed} == {
        ("a.txt", "«navn»", 1),
        ("a.txt", "«beløb»", 1),
        ("gone.txt", "«dato»", 1),
    }
    assert json.loads(out)["baseline"]["fixed_count"] == 3


def test_files_not_in_this_run_are_neither_fixed_nor_forgotten(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(letter("«Navn»"), encoding="utf-8")
    (tmp_path / "b.txt").write_text(letter("«Dato»"), encoding="utf-8")
    cli("check", "a.txt", "b.txt", "--baseline", "base.json", "--update-baseline")
    # pre-commit checks only a.txt: b.txt's entry is not "fixed"
    code, out, _ = cli("check", "a.txt", "--baseline", "base.json")
    assert code == 0 and "fixed" not in out
    # updating from a run over a.txt only keeps b.txt's entry
    (tmp_path / "a.txt").write_text(letter("Jens"), encoding="utf-8")
    cli("check", "a.txt", "--baseline", "base.json", "--update-baseline")
    doc = json.loads((tmp_path / "base.json").read_text(encoding="utf-8"))
    assert [e["path"] for e in doc["entries"]] == ["b.txt"]


def test_paths_are_relative_to_the_baseline_file_not_the_working_directory(tmp_path: Path, monkeypatch):
    (tmp_path / "repo" / "samples").mkdir(parents=True)
    (tmp_path / "repo" / "samples" / "a.txt").write_text(letter("«Navn»"), encoding="utf-8")
    monkeypatch.chdir(tmp_path / "repo")
    cli("check", "samples", "--baseline", "b.json", "--update-baseline")
    monkeypatch.chdir(tmp_path)
    code, out, _ = cli("check", "repo/samples", "--baseline", "repo/b.json")
    assert code == 0, out


def test_missing_or_malformed_baseline_is_exit_2(tmp_path: Path):
    (tmp_path / "a.txt").write_text(letter("x"), encoding="utf-8")
    code, _, err = cli("check", str(tmp_path / "a.txt"), "--baseline", str(tmp_path / "none.json"))
    assert code == 2 and "--update-baseline" in err
    (tmp_path / "bad.json").write_text('{"schema": "other"}', encoding="utf-8")
    code, _, err = cli("check", str(tmp_path / "a.txt"), "--baseline", str(tmp_path / "bad.json"))
    assert code == 2 and "not a lettercheck baseline" in err
    code, _, err = cli("check", str(tmp_path / "a.txt"), "--update-baseline")
    assert code == 2 and "--baseline FILE" in err


def test_normalisation_and_masking():
    assert normalise("  Lovbekendtgørelse\n nr. 269  ") == "lovbekendtgørelse nr. 269"
    assert normalise("CPR 010190-1234") == "cpr 010190-xxxx"


def test_baseline_api_occurrences_without_the_cli(tmp_path: Path):
    def result(*texts: str) -> FileResult:
        return FileResult(
            str(tmp_path / "x.txt"),
            [Finding("LC104", Severity.ERROR, "old", t, Location(line=i + 1)) for i, t in enumerate(texts)],
        )

    w = BaselineWriter(tmp_path / "b.json")
    w.observe(result("LBK 269", "LBK 269"))
    assert w.write() == 2
    b = Baseline.load(tmp_path / "b.json")
    kept = b.apply(result("LBK 269", "lbk  269", "LBK 269"))
    assert [f.location.line for f in kept.findings] == [3]
    assert b.report()["hidden"] == 2
