"""Validation: the bundled corpus passes; each consistency error is reported with file, line and message."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from lettercheck.corpus import (
    CorpusError,
    bundled_path,
    compile_corpus,
    load_corpus,
    validate_corpus,
)
from lettercheck.resources import schema_path

DATA = Path(__file__).parent / "data"


def _messages(name: str) -> list[str]:
    return [f"{p.line}: {p.message}" for p in validate_corpus([DATA / name])]


def test_bundled_corpus_is_valid():
    assert validate_corpus() == []


def test_overlapping_in_force_intervals():
    assert _messages("bad_overlap.yaml") == [
        "14: overlapping in-force intervals in act 'test_overlap': LBK nr. 1 af 01/01/2020 is in force until "
        "2020-12-31, but LBK nr. 2 af 01/06/2020 starts 2020-06-01"
    ]


def test_superseded_by_pointing_nowhere():
    (msg,) = _messages("bad_superseded.yaml")
    assert msg.startswith("11: superseded_by points nowhere: LBK nr. 10 af 01/01/2019")
    assert "LBK nr. 99 af 2021-05-05, which is not a version in the corpus" in msg


def test_versions_out_of_date_order():
    assert _messages("bad_order.yaml") == [
        "13: act 'test_order': versions out of date order: LBK 19 af 2019-03-01 is listed after LBK 20 af 2021-03-01"
    ]


def test_name_and_abbreviation_claimed_by_two_acts():
    assert _messages("bad_name.yaml") == [
        "5: name 'aktivloven' is claimed by two acts: aktivloven and test_name_clash",
        "6: abbreviation 'LAS' is claimed by two acts: aktivloven and test_name_clash",
    ]


def test_facts_without_a_source():
    assert _messages("bad_nosource.yaml") == [
        "8: fact without a source: version LBK nr. 40 af 02/02/2018 of act 'test_nosource'",
        "13: fact without a source: section 3 of act 'test_nosource'",
        "17: fact without a source: body 'test_kildeloest_naevn'",
    ]


def test_schema_errors_carry_file_and_line():
    problems = validate_corpus([DATA / "bad_schema.yaml"])
    assert all(p.file.endswith("bad_schema.yaml") for p in problems)
    got = [(p.line, p.message) for p in problems]

    def has(line: int, text: str) -> bool:
        return any(n == line and text in m for n, m in got)

    assert has(7, "'type' must be one of LOV, LBK (got 'BEK')")
    assert has(9, "'date' must be a date \"YYYY-MM-DD\" (got '2020-13-45')")
    assert has(16, "unknown key 'colour'")
    assert has(12, "lacks required key 'confidence'")
    assert has(18, "'amount' must be a decimal string")


def test_lab_and_lab_2003_share_a_name_because_their_periods_do_not_overlap(tmp_path: Path):
    # the bundled corpus is valid although lab and lab_2003 share title, names and "LAB" ...
    assert validate_corpus() == []
    # ... but not if the periods overlap: lab_2003 then may not share its names
    overlay = tmp_path / "overlap.yaml"
    overlay.write_text('acts:\n  - id: lab_2003\n    in_force_to: "2020-06-30"\n', encoding="utf-8")
    messages = [p.message for p in validate_corpus([overlay])]
    assert "abbreviation 'LAB' is claimed by two acts: lab and lab_2003" in messages
    assert "name 'Lov om en aktiv beskæftigelsesindsats' is claimed by two acts: lab and lab_2003" in messages


def test_yaml_syntax_error_and_duplicate_keys(tmp_path: Path):
    broken = tmp_path / "broken.yaml"
    broken.write_text("acts:\n  - id: x\n    title: [unclosed\n", encoding="utf-8")
    (p,) = validate_corpus([broken])
    assert p.file == str(broken) and p.message.startswith("not valid YAML")
    dup = tmp_path / "dup.yaml"
    dup.write_text("bodies:\n  - id: a\n    id: b\n", encoding="utf-8")
    assert any(p.line == 3 and "duplicate key 'id'" in p.message for p in validate_corpus([dup]))


def test_unreadable_file_is_a_problem(tmp_path: Path):
    (p,) = validate_corpus([tmp_path / "missing.yaml"])
    assert "cannot read" in p.message


def test_standalone_validation_without_bundled():
    # on its own, an overlay that extends aktivloven lacks the act's title and source
    messages = [p.message for p in validate_corpus([DATA / "overlay_newer_lbk.yaml"], include_bundled=False)]
    assert messages == [
        "act 'aktivloven' has no title (a new act needs 'title')",
        "fact without a source: act 'aktivloven'",
    ]
    assert validate_corpus([DATA / "overlay_newer_lbk.yaml"]) == []


# -------------------------------------------------------------------------------------------- JSON Schema
def test_bundled_corpus_matches_the_shipped_json_schema():
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path("corpus.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = yaml.safe_load(bundled_path().read_text(encoding="utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    assert errors == []


@pytest.mark.parametrize("name", ["bad_schema.yaml"])
def test_json_schema_also_rejects_schema_errors(name):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(schema_path("corpus.schema.json").read_text(encoding="utf-8"))
    data = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(data))


# ---------------------------------------------------------------------------------------------- overlays
def test_overlay_adds_a_newer_version_and_a_body():
    base = load_corpus()
    layered = load_corpus([str(DATA / "overlay_newer_lbk.yaml")])
    assert layered is not base and layered.hash != base.hash
    assert layered.acts["aktivloven"].newest.number == 4711
    assert base.acts["aktivloven"].newest.number == 1004  # the bundled corpus is untouched
    assert layered.version_in_force("aktivloven", date(2099, 2, 1)).number == 4711
    assert layered.version_in_force("aktivloven", date(2098, 1, 1)).number == 1004
    found = layered.bodies_abolished("klage til Ydelsesnævnet", date(2024, 1, 1))
    assert [m.body.id for m in found] == ["test_lokalt_naevn"]


def test_load_corpus_is_cached_per_process():
    assert load_corpus() is load_corpus(())
    assert load_corpus([str(DATA / "overlay_newer_lbk.yaml")]) is load_corpus(
        (str(DATA / "overlay_newer_lbk.yaml"),)
    )


def test_invalid_overlay_raises_corpus_error_with_file_and_line():
    with pytest.raises(CorpusError) as e:
        load_corpus([str(DATA / "bad_overlap.yaml")])
    assert "bad_overlap.yaml:14: overlapping in-force intervals" in str(e.value)
    assert e.value.problems[0].line == 14


def test_compiled_cache_is_written_and_reused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from lettercheck import corpus as corpus_mod

    monkeypatch.setenv("LETTERCHECK_CORPUS_CACHE", str(tmp_path))
    corpus_mod._load_cached.cache_clear()
    try:
        first = load_corpus()
        (cached,) = tmp_path.glob("corpus-*.pickle")
        corpus_mod._load_cached.cache_clear()
        monkeypatch.setattr(corpus_mod, "_compile", lambda *a, **k: pytest.fail("parsed despite the cache"))
        second = load_corpus()
        assert second is not first and second.hash == first.hash
        assert second.act_by_name("LAB", date(2015, 1, 1)).id == "lab_2003"
        assert cached.stat().st_size > 0
    finally:
        corpus_mod._load_cached.cache_clear()


def test_hash_covers_every_loaded_file():
    built, _ = compile_corpus()
    layered, _ = compile_corpus([DATA / "overlay_newer_lbk.yaml"])
    assert built.hash != layered.hash
    assert len(built.hash) == 64
