"""Rule packs: loading, layering user packs over the bundled ones, and refusing broken packs with file:line."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from lettercheck import registry
from lettercheck.config import Config
from lettercheck.context import Context
from lettercheck.lettertypes import classify
from lettercheck.model import Finding
from lettercheck.packs import PackError, describe, load_packs, packs_for_config
from tests.conftest import letter_from_text


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return p


def run(code: str, text: str, config: Config) -> list[Finding]:
    letter = letter_from_text(text)
    letter.date = date(2025, 10, 14)
    letter.letter_type, letter.letter_type_reason = classify(letter, packs_for_config(config))
    ctx = Context(letter, config)
    ctx.__dict__["citations"] = []
    check = registry.get(code).check
    assert check is not None
    return list(check(ctx))


# ---- the bundled packs ------------------------------------------------------------------------------------


def test_bundled_packs_load_and_describe_themselves() -> None:
    packs = load_packs()
    d = describe(packs)
    types = {t["id"]: t for t in d["letter_types"]}
    assert set(types) == {"afgoerelse", "udbetaling", "partshoering", "tilbagebetaling", "orientering"}
    assert types["afgoerelse"]["requires"] == ["legal_basis", "begrundelse", "klagevejledning"]
    assert types["tilbagebetaling"]["requires"] == ["legal_basis", "begrundelse", "klagevejledning", "amount"]
    assert types["partshoering"]["requires"] == ["svarfrist"]
    elements = {e["id"]: e for e in d["elements"]}
    assert elements["klagevejledning"]["code"] == "LC302"
    assert "forvaltningsloven § 25" in elements["klagevejledning"]["legal_ground"]
    assert elements["legal_basis"]["required_by"] == ["tilbagebetaling", "afgoerelse"]
    assert {p["id"] for p in d["placeholders"]} >= {"mustache", "guillemets", "mergefield", "hash_field"}
    assert all(":" in t["source"] for t in d["letter_types"])  # file:line of each entry


def test_packs_are_parsed_once_per_process() -> None:
    assert load_packs() is load_packs()
    assert load_packs(()) is load_packs([])


def test_type_lookup_by_data_value_is_forgiving() -> None:
    packs = load_packs()
    assert packs.letter_type("Afgørelse").id == "afgoerelse"  # type: ignore[union-attr]
    assert packs.letter_type("AFGOERELSE").id == "afgoerelse"  # type: ignore[union-attr]
    assert packs.letter_type("repayment").id == "tilbagebetaling"  # type: ignore[union-attr]
    assert packs.letter_type("brev") is None


# ---- layering: a municipality's own phrasing and a new letter type, with no code change ------------------

KLAGE_OWN_WORDING = """Vestby Kommune

Afgørelse om hjælp til tandbehandling

Vi har lagt vægt på, at du har opsparing. Afgørelsen er truffet efter § 82 i lov om aktiv socialpolitik.

Dine rettigheder
Er du utilfreds med afgørelsen, så send en klage til os inden 4 uger, efter at du har modtaget brevet. Vi ser
på sagen igen, og ændrer vi den ikke, sender vi den til Ankestyrelsen.
"""


def test_a_municipality_adds_its_own_klagevejledning_heading(tmp_path: Path) -> None:
    assert [f.code for f in run("LC302", KLAGE_OWN_WORDING, Config())] == ["LC302"]
    pack = write(
        tmp_path,
        """elements:
  - id: klagevejledning
    headings: ['dine rettigheder']
""",
    )
    config = Config(rule_packs=(str(pack),))
    assert run("LC302", KLAGE_OWN_WORDING, config) == []
    assert run("LC303", KLAGE_OWN_WORDING, config) == []
    # the bundled headings are still there: lists extend, they are not replaced
    el = packs_for_config(config).elements["klagevejledning"]
    assert any(p.fullmatch("Klagevejledning") for p in el.headings)
    assert any(p.fullmatch("Dine rettigheder") for p in el.headings)


NEW_TYPE = """letter_types:
  - id: hjaelpemiddel
    name: Afgørelse om hjælpemiddel
    data_values: [hjælpemiddel, aid]
    priority: 50
    headings: ['(?:afgørelse om |bevilling af |afslag på )?hjælpemiddel\\b.*']
    requires: [legal_basis, klagevejledning, leverandoer]

elements:
  - id: leverandoer
    name: Leverandør
    code: LC306
    legal_ground: "the municipality's own requirement: name the supplier"
    patterns: ['\\bleverandør\\w*']
"""

AID_LETTER = """Vestby Kommune
Hjælpemiddelcentret

Afslag på hjælpemiddel (el-scooter)

Vi har lagt vægt på, at du kan klare dig med den rollator, du har.
{extra}
"""


def test_a_new_letter_type_in_a_pack_is_recognised_and_checked(tmp_path: Path) -> None:
    config = Config(rule_packs=(str(write(tmp_path, NEW_TYPE)),))
    text = AID_LETTER.format(extra="")
    letter = letter_from_text(text)
    t, reason = classify(letter, packs_for_config(config))
    assert t == "hjaelpemiddel"
    assert "Afslag på hjælpemiddel (el-scooter)" in reason and "line 4" in reason
    # without the pack the same letter is a plain decision (the bundled 'afslag på …' heading)
    assert classify(letter, load_packs())[0] == "afgoerelse"

    assert [f.code for f in run("LC302", text, config)] == ["LC302"]
    lc306 = run("LC306", text, config)
    assert [f.message for f in lc306] == [
        "the afgørelse om hjælpemiddel has no leverandør (the municipality's own requirement)"
    ]
    complete = AID_LETTER.format(
        extra="Hjælpemidlet leveres af leverandøren Testfirma A/S.\n\nKlagevejledning\n"
        "Du kan klage til kommunen inden 4 uger. Fastholder vi afgørelsen, går klagen til Ankestyrelsen.\n"
    )
    assert run("LC302", complete, config) == []
    assert run("LC306", complete, config) == []


def test_a_new_type_from_the_letter_data(tmp_path: Path) -> None:
    config = Config(rule_packs=(str(write(tmp_path, NEW_TYPE)),))
    letter = letter_from_text("Et brev uden overskrift.", data={"type": "aid"})
    assert classify(letter, packs_for_config(config)) == ("hjaelpemiddel", "letter data: type 'aid'")


def test_replace_and_disable(tmp_path: Path) -> None:
    pack = write(
        tmp_path,
        """placeholders:
  - id: guillemets
    replace: true
    name: "«FELT»"
    pattern: '«[A-ZÆØÅ_]{2,40}»'
    case_sensitive: true
debris:
  - id: todo
    enabled: false
""",
    )
    packs = load_packs([str(pack)])
    guillemets = next(p for p in packs.placeholders if p.id == "guillemets")
    assert guillemets.pattern.search("«FORNAVN»") and not guillemets.pattern.search("«Fornavn»")
    assert "todo" not in {d.id for d in packs.debris}
    assert "todo" in {d.id for d in load_packs().debris}


def test_a_directory_of_packs_and_paths_relative_to_the_config(tmp_path: Path) -> None:
    d = tmp_path / "packs"
    d.mkdir()
    write(d, NEW_TYPE, "10-types.yaml")
    write(d, "letter_types:\n  - id: hjaelpemiddel\n    data_values: [hjm]\n", "20-more.yaml")
    packs = packs_for_config(Config(rule_packs=("packs",), root=str(tmp_path)))
    t = packs.letter_type("hjm")
    assert t is not None and t.id == "hjaelpemiddel" and "aid" in t.data_values


# ---- broken packs are refused with file:line -------------------------------------------------------------

BROKEN = [
    ("letter_type:\n  - id: x\n", 1, "unknown top-level key 'letter_type'"),
    ("letter_types:\n  - id: x\n    heading: ['x']\n", 3, "unknown key 'heading' in letter_types entry"),
    ("elements:\n  - id: x\n    name: X\n    patterns: ['(unclosed']\n", 4, "invalid regular expression"),
    ("elements:\n  - id: x\n    patterns: ['.*']\n", 3, "matches the empty string"),
    (
        "letter_types:\n  - id: x\n    phrases: [a]\n  - id: x\n    phrases: [b]\n",
        4,
        "duplicate letter_types id 'x' (first defined on line 2)",
    ),
    (
        "letter_types:\n  - id: x\n    phrases: [a]\n    requires: [nope]\n",
        4,
        "requires unknown element 'nope'",
    ),
    (
        "letter_types:\n  - id: x\n    phrases: [a]\n    priority: high\n",
        4,
        "'priority' must be a whole number",
    ),
    ("letter_types:\n  - id: x\n    phrases: [a\n", 4, "not valid YAML"),
    ("letter_types:\n  - id: x\n", 2, "has no data_values, headings or phrases"),
    ("letter_types:\n  - name: x\n    phrases: [a]\n", 2, "has no 'id'"),
    ("letter_types:\n  - id: Bad Id\n    phrases: [a]\n", 2, "must be lower-case"),
    ("letter_types:\n  - id: x\n    data_values: [decision]\n", 3, "already means 'afgoerelse'"),
    ("elements:\n  - id: x\n    code: LC999\n    patterns: [a]\n", 3, "must be one of LC301, LC302, LC306"),
    ("elements:\n  - id: x\n    severity: fatal\n    patterns: [a]\n", 3, "unknown severity 'fatal'"),
    ("elements:\n  - id: x\n    name: X\n", 2, "has no headings, patterns or citation"),
    (
        "placeholders:\n  - id: p\n    pattern: 'x+'\n    examples:\n      match: ['yyy']\n",
        5,
        "example 'yyy' does not match",
    ),
    ("debris:\n  - id: d\n    pattern: 'x'\n    templates: maybe\n", 4, "must be true or false"),
    (
        "elements:\n  - id: x\n    citation: true\n    citation_exclude:\n      - act: [fvl]\n        sections: [stk]\n",
        6,
        "'stk' is not a section number",
    ),
    ("letter_types: {id: x}\n", 1, "'letter_types' must be a list"),
    ("- just\n- a list\n", 1, "the pack must be a mapping"),
    ("letter_types:\n  - id: x\n    phrases: [a]\n    phrases: [b]\n", 4, "duplicate key 'phrases'"),
]


@pytest.mark.parametrize(("text", "line", "what"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_broken_pack_is_refused_with_file_and_line(tmp_path: Path, text: str, line: int, what: str) -> None:
    pack = write(tmp_path, text)
    with pytest.raises(PackError) as exc:
        load_packs([str(pack)])
    err = exc.value
    assert err.file == str(pack.resolve())
    assert err.line == line
    assert str(err).startswith(f"{pack.resolve()}:{line}: ")
    assert what in str(err)


def test_missing_pack(tmp_path: Path) -> None:
    with pytest.raises(PackError, match="rule pack not found"):
        load_packs([str(tmp_path / "nope.yaml")])


def test_empty_pack_and_other_loaders_sections_are_fine(tmp_path: Path) -> None:
    load_packs([str(write(tmp_path, "", "empty.yaml"))])
    load_packs([str(write(tmp_path, "payments:\n  fields: {}\nx-anchor: &a [1]\n", "other.yaml"))])


def test_error_in_a_later_file_names_that_file(tmp_path: Path) -> None:
    good = write(tmp_path, NEW_TYPE, "a.yaml")
    bad = write(tmp_path, "elements:\n  - id: leverandoer\n    patterns: ['[']\n", "b.yaml")
    with pytest.raises(PackError) as exc:
        load_packs([str(good), str(bad)])
    assert exc.value.file.endswith("b.yaml") and exc.value.line == 3


def test_the_worked_example_in_docs_rules_md(tmp_path: Path) -> None:
    """docs/rules.md promises its worked example works; run it so the documentation cannot drift."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "rules.md").read_text(encoding="utf-8")
    example = doc.split("## Worked example", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    config = Config(rule_packs=(str(write(tmp_path, example, "vestby.yaml")),))
    text = (
        "Vestby Kommune\nHjælpemiddelcentret\n\nAfslag på hjælpemiddel (el-scooter)\n\n"
        "Kære %FORNAVN%\n\nVi har lagt vægt på, at du kan klare dig med din rollator.\n\n"
        "Dine rettigheder\nDu kan klage til kommunen inden 4 uger. Fastholder vi afgørelsen, går klagen til "
        "Ankestyrelsen.\n"
    )
    letter = letter_from_text(text)
    assert classify(letter, packs_for_config(config)) == (
        "hjaelpemiddel",
        "heading 'Afslag på hjælpemiddel (el-scooter)' on line 4 matches letter type 'hjaelpemiddel'",
    )
    assert [f.code for f in run("LC301", text, config)] == ["LC301"]
    assert run("LC302", text, config) == []  # "Dine rettigheder" is a klagevejledning heading in Vestby
    assert run("LC303", text, config) == []
    assert [f.message for f in run("LC306", text, config)] == [
        "the afgørelse om hjælpemiddel has no leverandør (Vestby Kommunes egen regel)"
    ]
    assert [f.text for f in run("LC401", text, config)] == ["%FORNAVN%"]
    hearing = "Vestby Kommune\n\nPartshøring\n\nVi overvejer at stoppe din hjælp. Svar os inden udgangen af uge 44.\n"
    assert run("LC306", hearing, config) == []
    assert [f.code for f in run("LC306", hearing, Config())] == ["LC306"]
