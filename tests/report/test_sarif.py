"""SARIF 2.1.0: valid against the official OASIS schema, every rule with its documentation and help URI."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import jsonschema
import pytest

from lettercheck import registry
from lettercheck.report.sarif import artifact_uri
from lettercheck.resources import schema_path
from tests.report.conftest import LBK, render


@pytest.fixture(scope="module")
def sarif_schema() -> dict:
    schema = json.loads(schema_path("sarif-2.1.0.json").read_text(encoding="utf-8"))
    assert schema["title"] == "Static Analysis Results Format (SARIF) Version 2.1.0 JSON Schema"
    return schema


def validate(doc: dict, schema: dict) -> None:
    jsonschema.validate(
        doc, schema, cls=jsonschema.Draft4Validator, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER
    )


def test_output_validates_against_the_official_schema(sarif_schema):
    doc = json.loads(render("sarif"))
    validate(doc, sarif_schema)
    assert doc["version"] == "2.1.0"


def test_an_empty_run_validates_too(sarif_schema):
    doc = json.loads(render("sarif", []))
    validate(doc, sarif_schema)
    assert doc["runs"][0]["results"] == []


def test_every_rule_carries_its_full_documentation_and_an_absolute_help_uri():
    doc = json.loads(render("sarif"))
    rules = doc["runs"][0]["tool"]["driver"]["rules"]
    registered = registry.load_all()
    assert [r["id"] for r in rules] == list(registered)
    for r in rules:
        rule = registered[r["id"]]
        assert r["name"] == rule.name
        assert r["shortDescription"]["text"] == rule.summary
        assert "## What it does" in r["help"]["markdown"] or r["help"]["text"] == rule.summary
        uri = urlparse(r["helpUri"])
        assert uri.scheme == "https" and uri.path.endswith(r["id"])
        assert r["defaultConfiguration"]["level"] in ("error", "warning", "note")


def test_results_point_at_file_line_column_with_snippet_and_suggestion():
    doc = json.loads(render("sarif"))
    results = doc["runs"][0]["results"]
    first = results[0]
    assert first["ruleId"] == "LC104" and first["level"] == "error"
    loc = first["locations"][0]["physicalLocation"]
    assert loc["artifactLocation"] == {"uri": "letters/brev%201.pdf", "uriBaseId": "%SRCROOT%"}
    assert loc["region"]["startLine"] == 3 and loc["region"]["startColumn"] == 21
    assert loc["region"]["snippet"]["text"] == LBK
    assert "page 1" in first["message"]["text"] and "lovbekendtgørelse nr. 1004" in first["message"]["text"]
    assert first["properties"]["page"] == 1
    levels = [r["level"] for r in results]
    assert levels == ["error", "warning", "note", "error", "error"]
    xml = results[3]
    assert xml["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "/letter/body/p[2]"
    member = results[4]
    assert member["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "batch.zip"
    assert member["properties"]["member"] == "mappe/d.pdf"
    # stable fingerprints for GitHub code scanning, distinct per finding
    prints = [r["partialFingerprints"]["lettercheckFindingHash/v1"] for r in results]
    assert len(set(prints)) == len(prints)
    assert prints == [
        r["partialFingerprints"]["lettercheckFindingHash/v1"]
        for r in json.loads(render("sarif"))["runs"][0]["results"]
    ]


def test_cpr_numbers_are_masked_everywhere():
    text = render("sarif")
    assert "010190-1234" not in text and "010190-xxxx" in text


def test_absolute_paths_under_the_working_directory_become_relative(tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert artifact_uri(str(tmp_path / "a b" / "x.pdf")) == ("a%20b/x.pdf", "%SRCROOT%", None)
    uri, base, _ = artifact_uri("/elsewhere/x.pdf", cwd=str(tmp_path))
    assert uri == "file:///elsewhere/x.pdf" and base is None
