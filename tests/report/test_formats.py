"""JUnit XML, GitHub annotations, CSV, JSON lines and --statistics, read back the way their consumers read them."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

from lettercheck.model import FileResult, Finding, Location, Severity
from lettercheck.report.csv import safe_cell
from lettercheck.report.github import escape_data, escape_property
from tests.report.conftest import LBK, render


def test_junit_one_testcase_per_letter_and_failures_carry_the_findings():
    root = ET.fromstring(render("junit", fail_on="warning"))
    suite = root.find("testsuite")
    assert suite is not None
    cases = suite.findall("testcase")
    assert [c.get("name") for c in cases] == [
        "letters/brev 1.pdf",
        "letters/b.xml",
        "letters/c.txt",
        "batch.zip!mappe/d.pdf",
    ]
    assert root.get("tests") == suite.get("tests") == "4"
    assert root.get("failures") == suite.get("failures") == "3"
    pdf = cases[0]
    assert pdf.get("classname") == "lettercheck.kh_udbetaling"
    failure = pdf.find("failure")
    assert failure is not None and failure.get("type") == "LC104"
    assert failure.get("message") == "2 findings: LC104, LC304"
    assert LBK in failure.text and "letters/brev 1.pdf:1:3:21: LC104 [error]" in failure.text
    assert "suggestion: cite lovbekendtgørelse nr. 1004" in failure.text
    assert "LC001" in pdf.find("system-out").text  # info, below the fail level: shown, not failing
    assert cases[2].find("failure") is None and len(list(cases[2])) == 0
    assert "010190-xxxx" in cases[1].find("failure").text


def test_junit_fail_on_error_turns_warnings_into_output_only():
    root = ET.fromstring(render("junit", fail_on="error"))
    pdf = root.find("testsuite").findall("testcase")[0]
    assert pdf.find("failure").get("message") == "1 finding: LC104"
    assert "LC304" in pdf.find("system-out").text


def test_junit_survives_control_characters_from_a_pdf_text_layer():
    bad = FileResult("x.pdf", [Finding("LC401", Severity.ERROR, "odd \x0c\x01 text", "\x0b")])
    ET.fromstring(render("junit", [bad]))  # parses: no invalid XML characters


def test_github_annotations():
    lines = render("github").splitlines()
    assert lines[0].startswith("::error file=letters/brev 1.pdf,line=3,col=21,title=LC104::")
    assert "(page 1)" in lines[0] and "%0ASuggestion: cite lovbekendtgørelse nr. 1004" in lines[0]
    assert lines[1].startswith("::warning file=letters/brev 1.pdf,line=7,col=1,title=LC304::")
    assert lines[2].startswith("::notice file=letters/brev 1.pdf,title=LC001::")
    assert lines[3].startswith("::error file=letters/b.xml,line=12,title=LC401::")
    assert lines[4].startswith("::error file=batch.zip,title=LC906::") and "(mappe/d.pdf)" in lines[4]
    assert len(lines) == 5


def test_github_escaping():
    assert escape_data("50% af\r\nbeløbet") == "50%25 af%0D%0Abeløbet"
    assert escape_property("a:b,c") == "a%3Ab%2Cc"


def test_csv_rows_per_finding_and_formula_injection_guard():
    rows = list(csv.DictReader(io.StringIO(render("csv"))))
    assert len(rows) == 5
    assert rows[0]["path"] == "letters/brev 1.pdf" and rows[0]["page"] == "1" and rows[0]["code"] == "LC104"
    assert rows[0]["text"] == LBK and rows[0]["letter_type"] == "kh_udbetaling"
    assert rows[3]["xpath"] == "/letter/body/p[2]"
    assert safe_cell('=HYPERLINK("x")') == '\'=HYPERLINK("x")'
    assert safe_cell("+1") == "'+1" and safe_cell("@SUM") == "'@SUM"
    assert safe_cell("-1.234,00 kr.") == "-1.234,00 kr."  # a negative amount stays a number
    assert safe_cell("-cmd") == "'-cmd"
    assert safe_cell("010190-1234") == "010190-xxxx"


def test_json_lines_one_finding_per_line():
    lines = [json.loads(line) for line in render("json-lines").splitlines()]
    assert [(d["path"], d["code"]) for d in lines] == [
        ("letters/brev 1.pdf", "LC104"),
        ("letters/brev 1.pdf", "LC304"),
        ("letters/brev 1.pdf", "LC001"),
        ("letters/b.xml", "LC401"),
        ("batch.zip!mappe/d.pdf", "LC906"),
    ]


def test_statistics_counts_per_code_most_frequent_first():
    r = FileResult(
        "a.txt",
        [Finding("LC401", Severity.ERROR, "m", location=Location(line=i)) for i in range(3)]
        + [Finding("LC304", Severity.WARNING, "m")],
    )
    from lettercheck.report import StatisticsReporter, Summary

    out = io.StringIO()
    rep = StatisticsReporter(out)
    s = Summary()
    s.add(r)
    rep.finish(s)
    assert out.getvalue().splitlines() == ["3\tLC401\tunresolved-placeholder", "1\tLC304\tabolished-body"]
