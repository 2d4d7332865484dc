#!/usr/bin/env python3
"""Cache speed-up (issue 8): re-running an unchanged batch of 1,000 PDF letters must be ≥ 10× faster.

Runs the ``lettercheck check`` command as a user does — a fresh process each time, all cores, its own cache
directory — three times over the same batch: cold cache, warm cache, and warm cache after a corpus overlay
appears (which must invalidate every entry, so that run costs as much as a cold one). Wall-clock time, best of
``--repeat`` rounds for the warm run; the machine is shared, so the figures are printed with the core count.

    python bench/cache_speed.py                     # 1,000 PDFs, seed 8 (generated once into bench/out/)
    python bench/cache_speed.py --letters 200       # a quick look
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def make_batch(n: int, seed: int) -> Path:
    """``n`` realistic PDF letters from the fixture generator, generated once and reused."""
    out = HERE / "out" / f"pdf-batch-{n}-{seed}"
    if out.is_dir() and len(list(out.glob("*.pdf"))) == n:
        return out
    spec = importlib.util.spec_from_file_location("lc_generate", ROOT / "tests" / "fixtures" / "generate.py")
    assert spec and spec.loader
    gen = importlib.util.module_from_spec(spec)
    sys.modules["lc_generate"] = gen
    spec.loader.exec_module(gen)
    shutil.rmtree(out, ignore_errors=True)
    gen.generate_batch(out, n=n, seed=seed, formats=("pdf",))
    return out


def snapshot(dest: Path) -> str:
    """A frozen copy of the working tree's package and data, to put first on PYTHONPATH.

    The cache key includes a fingerprint of lettercheck's own modules (so a code edit never serves stale
    findings); benchmarking the live checkout while someone edits it would measure cache misses.
    """
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_data")
    for name in ("lettercheck", "rules", "corpus"):
        shutil.copytree(ROOT / name, dest / name, ignore=ignore)
    return str(dest)


def timed(cmd: list[str], env: dict[str, str], cwd: Path | None = None) -> float:
    """Wall-clock seconds of one command (run outside the checkout, so PYTHONPATH's snapshot is imported)."""
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return elapsed


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--letters", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=8)
    ap.add_argument("--repeat", type=int, default=3, help="warm runs (the best is kept)")
    ap.add_argument("--jobs", type=int, default=None, help="passed to lettercheck (default: all cores)")
    args = ap.parse_args()

    batch = make_batch(args.letters, args.seed)
    work = Path(tempfile.mkdtemp(prefix="lc-cache-bench-"))
    env = {k: v for k, v in os.environ.items() if k != "LETTERCHECK_CACHE_DIR"}
    env["CI"] = "1"  # no progress bar
    env["PYTHONPATH"] = os.pathsep.join([snapshot(work / "src"), env.get("PYTHONPATH", "")])
    base = [sys.executable, "-m", "lettercheck", "check", str(batch), "--format", "json", "-o", os.devnull]
    base += ["--cache-dir", str(work / "cache")]
    if args.jobs:
        base += ["--jobs", str(args.jobs)]
    try:
        cold = timed(base, env, work)
        warm = min(timed(base, env, work) for _ in range(args.repeat))
        overlay = work / "overlay.yaml"
        overlay.write_text("# an empty overlay: its bytes still change the corpus hash\nacts: []\n")
        invalidated = timed([*base, "--corpus", str(overlay)], env, work)
        entries = sum(1 for _ in (work / "cache").rglob("*.json"))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print(
        f"batch: {args.letters} PDF letters (seed {args.seed}), {os.cpu_count()} cores, jobs={args.jobs or 'all'}"
    )
    print(f"cold cache:                 {cold:7.2f} s  ({args.letters / cold:6.1f} letters/s)")
    print(f"warm cache (best of {args.repeat}):    {warm:7.2f} s  ({args.letters / warm:6.1f} letters/s)")
    print(f"after a corpus overlay:     {invalidated:7.2f} s  (every entry invalidated)")
    print(f"speed-up warm vs cold:      {cold / warm:7.1f}×  (target ≥ 10×)")
    print(f"cache entries written:      {entries}")
    return 0 if cold / warm >= 10 else 1


if __name__ == "__main__":
    sys.exit(main())
