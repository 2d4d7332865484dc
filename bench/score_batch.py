"""Precision and recall of lettercheck's findings on the committed fixture batch, per rule family.

    python bench/score_batch.py [--verbose]

The manifest (tests/fixtures/batch/manifest.yaml) says which codes a correct lettercheck reports for each
letter; it was written from the rule definitions and the generator's deliberate defects, not from lettercheck's
output. A code counts once per letter (expected vs reported), as the issue's acceptance is per letter.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lettercheck.config import Config  # noqa: E402
from lettercheck.pipeline import check_bytes  # noqa: E402

BATCH = ROOT / "tests" / "fixtures" / "batch"


def run(verbose: bool = False) -> dict[str, tuple[int, int, int]]:
    manifest = yaml.safe_load((BATCH / "manifest.yaml").read_text(encoding="utf-8"))
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for entry in manifest["letters"]:
        path = BATCH / entry["file"]
        got = {f.code for f in check_bytes(path.read_bytes(), str(path), Config()).findings}
        want = set(entry["expected"])
        for code in got | want:
            fam = code[:3]
            if code in got and code in want:
                tp[fam] += 1
            elif code in got:
                fp[fam] += 1
                if verbose:
                    print(f"FP {entry['file']}: {code}")
            else:
                fn[fam] += 1
                if verbose:
                    print(f"FN {entry['file']}: {code}")
    return {fam: (tp[fam], fp[fam], fn[fam]) for fam in sorted(set(tp) | set(fp) | set(fn))}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    scores = run(args.verbose)
    print(f"{'family':<8}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}")
    total = [0, 0, 0]
    for fam, (t, f, n) in scores.items():
        total = [total[0] + t, total[1] + f, total[2] + n]
        p = t / (t + f) if t + f else 1.0
        r = t / (t + n) if t + n else 1.0
        print(f"{fam + 'xx':<8}{t:>5}{f:>5}{n:>5}{p:>11.3f}{r:>8.3f}")
    t, f, n = total
    print(
        f"{'all':<8}{t:>5}{f:>5}{n:>5}{t / (t + f) if t + f else 1:>11.3f}{t / (t + n) if t + n else 1:>8.3f}"
    )


if __name__ == "__main__":
    main()
