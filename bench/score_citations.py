"""Score the citation extractor against the hand-labelled passages in bench/citations/passages_*.yaml.

For each passage the extracted and the expected citations are compared as multisets (a passage that cites
"§ 102" twice must yield it twice), on the tuple (act, section, stk, nr) — the figure the targets are set on
(precision ≥ 0.98, recall ≥ 0.97) — and per field. A per-field figure compares the multisets of that field's
non-null values (for ``document``: type, number and date together), so it says how well the extractor finds
acts, sections, subsections, items and documents, independent of the other fields. Trap passages (``trap: true``)
expect nothing; every citation found in one is counted as a trap false positive.

    python bench/score_citations.py            # summary
    python bench/score_citations.py --verbose  # plus every passage with a mismatch
    python bench/score_citations.py --json     # machine-readable
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from lettercheck.corpus import load_corpus  # noqa: E402
from lettercheck.extract.citations import Citation, extract_citations  # noqa: E402

FIELDS = ("act", "section", "stk", "nr", "document")
Key = tuple[Any, ...]


def _norm_value(v: Any) -> str | None:
    """ "11a", "11 a", 11 → one spelling; None stays None."""
    if v is None:
        return None
    s = " ".join(str(v).split()).lower().removeprefix("§").strip()
    if s and s[-1].isalpha() and len(s) > 1 and s[-2].isdigit():
        s = f"{s[:-1]} {s[-1]}"
    return s


def _norm_doc(d: Any) -> Key | None:
    if d is None:
        return None
    if hasattr(d, "to_dict"):
        d = d.to_dict()
    date = d.get("date")
    return (
        d.get("type"),
        int(d["number"]) if d.get("number") is not None else None,
        str(date) if date else None,
    )


def _fields(c: Citation | dict[str, Any]) -> dict[str, Any]:
    get = c.get if isinstance(c, dict) else (lambda k: getattr(c, k, None))
    return {
        "act": get("act"),
        "section": _norm_value(get("section")),
        "stk": _norm_value(get("stk")),
        "nr": _norm_value(get("nr")),
        "document": _norm_doc(get("document")),
    }


def _tuple(f: dict[str, Any]) -> Key:
    return (f["act"], f["section"], f["stk"], f["nr"])


def load_passages(directory: Path = HERE / "citations") -> list[dict[str, Any]]:
    passages: list[dict[str, Any]] = []
    for path in sorted(directory.glob("passages_*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
        for p in data:
            p.setdefault("_file", path.name)
            passages.append(p)
    return passages


def _pr(tp: int, npred: int, nexp: int) -> dict[str, Any]:
    return {
        "tp": tp,
        "predicted": npred,
        "expected": nexp,
        "precision": tp / npred if npred else 1.0,
        "recall": tp / nexp if nexp else 1.0,
    }


def _overlap(a: Counter[Any], b: Counter[Any]) -> int:
    return sum((a & b).values())


def score(passages: Iterable[dict[str, Any]], corpus: Any = None) -> dict[str, Any]:
    corpus = corpus if corpus is not None else load_corpus()
    tot = {"tp": 0, "pred": 0, "exp": 0}
    per_field = {f: {"tp": 0, "pred": 0, "exp": 0} for f in FIELDS}
    trap_fp = 0
    trap_passages = 0
    mismatches: list[dict[str, Any]] = []
    n = 0
    for p in passages:
        n += 1
        found = [_fields(c) for c in extract_citations(p["text"], corpus)]
        expected = [_fields(c) for c in (p.get("citations") or [])]
        pt, et = Counter(map(_tuple, found)), Counter(map(_tuple, expected))
        tp = _overlap(pt, et)
        tot["tp"] += tp
        tot["pred"] += sum(pt.values())
        tot["exp"] += sum(et.values())
        for f in FIELDS:
            pf = Counter(x[f] for x in found if x[f] is not None)
            ef = Counter(x[f] for x in expected if x[f] is not None)
            per_field[f]["tp"] += _overlap(pf, ef)
            per_field[f]["pred"] += sum(pf.values())
            per_field[f]["exp"] += sum(ef.values())
        if p.get("trap"):
            trap_passages += 1
            trap_fp += len(found)
        pd = Counter(x["document"] for x in found if x["document"])
        ed = Counter(x["document"] for x in expected if x["document"])
        if pt != et or pd != ed:
            mismatches.append(
                {
                    "id": p.get("id"),
                    "file": p.get("_file"),
                    "text": p["text"],
                    "missing": sorted(map(list, (et - pt).elements()), key=str),
                    "extra": sorted(map(list, (pt - et).elements()), key=str),
                    "missing_documents": [list(d) for d in (ed - pd).elements()],
                    "extra_documents": [list(d) for d in (pd - ed).elements()],
                }
            )
    return {
        "passages": n,
        "trap_passages": trap_passages,
        "overall": _pr(tot["tp"], tot["pred"], tot["exp"]),
        "fields": {f: _pr(v["tp"], v["pred"], v["exp"]) for f, v in per_field.items()},
        "trap_false_positives": trap_fp,
        "mismatches": mismatches,
    }


def _print(result: dict[str, Any], verbose: bool) -> None:
    o = result["overall"]
    print(f"passages: {result['passages']} ({result['trap_passages']} traps)")
    print(
        f"(act, section, stk, nr): precision {o['precision']:.4f}  recall {o['recall']:.4f}  "
        f"(tp {o['tp']}, found {o['predicted']}, expected {o['expected']})"
    )
    for f, v in result["fields"].items():
        print(
            f"  {f:<9} precision {v['precision']:.4f}  recall {v['recall']:.4f}  "
            f"(tp {v['tp']}, found {v['predicted']}, expected {v['expected']})"
        )
    print(f"trap false positives: {result['trap_false_positives']}")
    print(f"passages with a mismatch: {len(result['mismatches'])}")
    if verbose:
        for m in result["mismatches"]:
            print(f"\n--- {m['id']} ({m['file']})")
            print("    " + " ".join(m["text"].split())[:400])
            for k in ("missing", "extra", "missing_documents", "extra_documents"):
                for item in m[k]:
                    print(f"    {k}: {tuple(item)}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", "-v", action="store_true", help="list every passage with a mismatch")
    ap.add_argument("--json", action="store_true", help="print the result as JSON")
    ap.add_argument("--dir", type=Path, default=HERE / "citations", help="directory of passages_*.yaml")
    args = ap.parse_args(argv)
    result = score(load_passages(args.dir))
    if args.json:
        if not args.verbose:
            result = {k: v for k, v in result.items() if k != "mismatches"} | {
                "mismatch_ids": [m["id"] for m in result["mismatches"]]
            }
        json.dump(result, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        _print(result, args.verbose)
    return 0


if __name__ == "__main__":
    sys.exit(main())
