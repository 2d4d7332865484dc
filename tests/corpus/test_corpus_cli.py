"""The ``corpus`` Click group: validate, show, lookup and the LexDania import round trip."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import yaml
from click.testing import CliRunner

from lettercheck.cli_corpus import corpus as corpus_group
from lettercheck.corpus import compile_corpus

DATA = Path(__file__).parent / "data"
LEXDANIA = Path(__file__).parent.parent / "fixtures" / "lexdania"


def run(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(corpus_group, list(args), catch_exceptions=False)


# ---------------------------------------------------------------------------------------------- validate
def test_validate_bundled_passes_with_a_summary():
    res = run("validate")
    assert res.exit_code == 0
    assert res.output.startswith("ok: ")
    assert " acts, " in res.output and " rates" in res.output


def test_validate_reports_file_line_message_and_exits_1():
    path = DATA / "bad_superseded.yaml"
    res = run("validate", str(path))
    assert res.exit_code == 1
    assert f"{path}:11: superseded_by points nowhere" in res.output


def test_validate_each_consistency_error_file_fails():
    for name, fragment in [
        ("bad_overlap.yaml", "overlapping in-force intervals"),
        ("bad_order.yaml", "versions out of date order"),
        ("bad_name.yaml", "is claimed by two acts"),
        ("bad_nosource.yaml", "fact without a source"),
    ]:
        res = run("validate", str(DATA / name))
        assert res.exit_code == 1, name
        assert fragment in res.output, name


def test_validate_no_bundled_needs_a_path():
    assert run("validate", "--no-bundled").exit_code == 2


# -------------------------------------------------------------------------------------------- show/lookup
def test_show_marks_the_version_in_force():
    res = run("show", "sygedagpengeloven", "--as-of", "2019-02-01")
    assert res.exit_code == 0
    assert "in force on 2019-02-01: LBK nr. 68 af 25/01/2019" in res.output
    assert "  * LBK nr. 68 af 25/01/2019" in res.output


def test_show_resolves_lab_by_date_and_prints_json():
    old = json.loads(run("show", "LAB", "--as-of", "2019-12-31", "--format", "json").output)
    new = json.loads(run("show", "LAB", "--as-of", "2020-01-01", "--format", "json").output)
    assert old["id"] == "lab_2003" and old["in_force"]["number"] == 1342
    assert new["id"] == "lab" and new["in_force"]["number"] == 548


def test_show_unknown_act_exits_2():
    res = run("show", "månelandingsloven")
    assert res.exit_code == 2
    assert "knows no act" in res.output


def test_lookup_reports_act_version_and_status():
    res = run("lookup", "LBK nr. 1032 af 23/06/2016", "--as-of", "2020-01-01")
    assert res.exit_code == 0
    assert "act: sygedagpengeloven" in res.output
    assert "status on 2020-01-01: superseded" in res.output
    assert "in force on 2020-01-01: LBK nr. 68 af 25/01/2019" in res.output


def test_lookup_json_with_act_and_unparseable_reference():
    data = json.loads(
        run("lookup", "LBK nr. 1032 af 23/06/2016", "--act", "aktivloven", "--format", "json").output
    )
    assert data["status"] == "other_act" and data["version"]["act"] == "sygedagpengeloven"
    assert run("lookup", "paragraf tolv").exit_code == 2


def test_lookup_with_overlay():
    overlay = str(DATA / "overlay_newer_lbk.yaml")
    res = run("lookup", "LBK nr. 1004 af 30/06/2025", "--as-of", "2099-02-01", "--corpus", overlay)
    assert "status on 2099-02-01: superseded" in res.output
    assert "LBK nr. 4711 af 15/01/2099" in res.output


def test_broken_overlay_is_a_usage_error():
    res = run("show", "aktivloven", "--corpus", str(DATA / "bad_overlap.yaml"))
    assert res.exit_code == 2
    assert "bad_overlap.yaml:14" in res.output


# ----------------------------------------------------------------------------------------- import-lexdania
def test_import_lexdania_round_trip(tmp_path: Path):
    overlay = tmp_path / "overlay.yaml"
    res = run(
        "import-lexdania",
        str(LEXDANIA / "lbk_eksempelloven_2099.xml"),
        "-o",
        str(overlay),
        "--act",
        "eksempelloven",
    )
    assert res.exit_code == 0, res.output
    data = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    (act,) = data["acts"]
    assert act["id"] == "eksempelloven" and act["title"] == "Lov om eksempelydelse"
    (version,) = act["versions"]
    assert version["sections"] == {"1": 2, "2": 1, "3": 0, "3 a": 3, "4": 1}
    assert version["repealed_sections"] == ["3"]
    assert version["eli"] == "https://www.retsinformation.dk/eli/lta/2099/4242"
    assert version["in_force_from"] == "2099-03-03"

    shown = run("show", "eksempelloven", "--corpus", str(overlay), "--as-of", "2099-04-01")
    assert shown.exit_code == 0
    assert "sections of LBK nr. 4242 af 01/03/2099 (complete list, 5 sections):" in shown.output
    for line in ("§ 1: 2 stk.", "§ 2: 1 stk.", "§ 3: repealed", "§ 3 a: 3 stk.", "§ 4: 1 stk."):
        assert line in shown.output

    built, problems = compile_corpus([overlay])
    assert problems == []
    on = date(2099, 4, 1)
    assert built.section_status("eksempelloven", "3 a", on).stk == 3
    assert built.section_status("eksempelloven", "3", on).status == "repealed"
    assert built.section_status("eksempelloven", "5", on).status == "not_in_act"
    assert built.act_by_name("eksempelloven").id == "eksempelloven"


def test_import_into_an_existing_act_by_title_and_update_in_place(tmp_path: Path):
    overlay = tmp_path / "overlay.yaml"
    xml = str(LEXDANIA / "lbk_aktivloven_2099.xml")
    assert run("import-lexdania", xml, "-o", str(overlay)).exit_code == 0
    assert run("import-lexdania", xml, "-o", str(overlay)).exit_code == 0  # again: replaced, not duplicated
    eks = str(LEXDANIA / "lbk_eksempelloven_2099.xml")
    assert run("import-lexdania", eks, "-o", str(overlay), "--act", "eksempelloven").exit_code == 0
    data = yaml.safe_load(overlay.read_text(encoding="utf-8"))
    ids = [a["id"] for a in data["acts"]]
    assert ids == ["aktivloven", "eksempelloven"]
    assert len(data["acts"][0]["versions"]) == 1
    assert "title" not in data["acts"][0]  # the bundled act keeps its own title and sources

    built, problems = compile_corpus([overlay])
    assert problems == []
    on = date(2099, 7, 1)
    assert built.version_in_force("aktivloven", on).number == 9999
    assert built.section_status("aktivloven", "16", on).stk == 2
    # the complete list of the version in force outranks an undated "exists" fact
    assert built.section_status("aktivloven", "13", on).status == "not_in_act"
    # before the imported version, the bundled facts still answer
    assert built.section_status("aktivloven", "13", date(2025, 10, 1)).status == "exists"


def test_import_prints_to_stdout_without_output():
    res = run("import-lexdania", str(LEXDANIA / "lbk_eksempelloven_2099.xml"), "--act", "eksempelloven")
    assert res.exit_code == 0
    assert yaml.safe_load(res.output)["acts"][0]["versions"][0]["number"] == 4242


def test_import_needs_act_for_an_unknown_title():
    res = run("import-lexdania", str(LEXDANIA / "lbk_eksempelloven_2099.xml"))
    assert res.exit_code == 2
    assert "pass --act ID" in res.output


def test_import_refuses_hostile_xml(tmp_path: Path):
    res = run("import-lexdania", str(LEXDANIA / "hostile_entity.xml"), "-o", str(tmp_path / "o.yaml"))
    assert res.exit_code == 2
    assert "entities" in res.output
    assert not (tmp_path / "o.yaml").exists()


def test_import_refuses_documents_that_are_not_lov_or_lbk(tmp_path: Path):
    bek = tmp_path / "bek.xml"
    bek.write_text(
        "<Dokument><Meta><DocumentType>BEK H#LOKDOK04</DocumentType><Number>1</Number>"
        "<DiesSigni>2099-01-01</DiesSigni><DocumentTitle>Bekendtgørelse om noget</DocumentTitle></Meta></Dokument>",
        encoding="utf-8",
    )
    res = run("import-lexdania", str(bek), "--act", "noget")
    assert res.exit_code == 2
    assert "is not a LOV or LBK" in res.output
