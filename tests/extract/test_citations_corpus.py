"""The extractor with the bundled corpus, and the labelled benchmark (bench/citations, bench/score_citations.py)."""

from __future__ import annotations

import importlib.util
import sys
from datetime import date
from pathlib import Path
from types import ModuleType

import pytest

from lettercheck.corpus import load_corpus
from lettercheck.extract.citations import DocumentRef, extract_citations

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def corpus():  # type: ignore[no-untyped-def]
    return load_corpus()


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location("score_citations", ROOT / "bench" / "score_citations.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("score_citations", module)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("efter aktivlovens § 11, stk. 2", [("aktivloven", "11", "2")]),
        ("LAS § 34", [("aktivloven", "34", None)]),
        ("RSL § 67", [("retssikkerhedsloven", "67", None)]),
        ("FVL § 25", [("forvaltningsloven", "25", None)]),
        ("forvaltningslovens §§ 22-24", [("forvaltningsloven", s, None) for s in ("22", "23", "24")]),
        ("§ 7 i lov nr. 563 af 9. juni 2006 om sygedagpenge", [("sygedagpengeloven", "7", None)]),
        ("§ 42 i serviceloven", [("serviceloven", "42", None)]),
        ("Barnets lov § 90", [("barnets_lov", "90", None)]),
        ("efter lov om social pension", [("pensionsloven", None, None)]),
    ],
)
def test_forms_with_the_bundled_corpus(
    corpus, text: str, expected: list[tuple[str, str | None, str | None]]
) -> None:  # type: ignore[no-untyped-def]
    assert [(c.act, c.section, c.stk) for c in extract_citations(text, corpus)] == expected


def test_corpus_defaults_to_the_bundled_one() -> None:
    [c] = extract_citations("efter aktivlovens § 11")
    assert c.act == "aktivloven"


def test_lab_and_lab_2003_with_the_bundled_corpus(corpus) -> None:  # type: ignore[no-untyped-def]
    text = "tilbud efter lov om en aktiv beskæftigelsesindsats"
    assert extract_citations(text, corpus, on=date(2019, 6, 1))[0].act == "lab_2003"
    assert extract_citations(text, corpus, on=date(2021, 6, 1))[0].act == "lab"
    [c] = extract_citations(
        "lov om en aktiv beskæftigelsesindsats, jf. lovbekendtgørelse nr. 685 af 29. juni 2005", corpus
    )
    assert (c.act, c.document) == ("lab_2003", DocumentRef("LBK", 685, date(2005, 6, 29)))


def test_scorer_counts_multisets(tmp_path: Path) -> None:
    (tmp_path / "passages_x.yaml").write_text(
        """
- id: x1
  source: https://example.invalid
  kind: test
  text: "efter servicelovens § 102 og igen servicelovens § 102 samt § 5 i forvaltningsloven"
  citations:
    - {act: serviceloven, section: "102", stk: null, nr: null, document: null}
    - {act: serviceloven, section: "102", stk: null, nr: null, document: null}
    - {act: aktivloven, section: "5", stk: null, nr: null, document: null}
- id: x2
  source: https://example.invalid
  kind: test
  trap: true
  text: "Ring på 33 41 12 00 eller skriv til aktivloven@example.invalid"
  citations: []
""",
        encoding="utf-8",
    )
    scorer = _scorer()
    result = scorer.score(scorer.load_passages(tmp_path))
    overall = result["overall"]
    assert (overall["tp"], overall["predicted"], overall["expected"]) == (2, 3, 3)
    assert result["fields"]["section"]["tp"] == 3
    assert result["fields"]["act"]["tp"] == 2
    assert result["trap_false_positives"] == 0  # an act name in an e-mail address is not a citation
    assert [m["id"] for m in result["mismatches"]] == ["x1"]
    assert result["mismatches"][0]["missing"] == [["aktivloven", "5", None, None]]
    assert result["mismatches"][0]["extra"] == [["forvaltningsloven", "5", None, None]]


def test_benchmark_meets_the_targets() -> None:
    """bench/citations: precision ≥ 0.98 and recall ≥ 0.97 on (act, section, stk, nr), no trap hits."""
    scorer = _scorer()
    passages = scorer.load_passages()
    if not passages:
        pytest.skip("no labelled passages")
    result = scorer.score(passages)
    overall = result["overall"]
    assert overall["precision"] >= 0.98, result["mismatches"]
    assert overall["recall"] >= 0.97, result["mismatches"]
    assert result["trap_false_positives"] == 0
