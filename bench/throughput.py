#!/usr/bin/env python3
"""lettercheck's speed and scale benchmark (issue 10): one run, the same files, every figure against its target.

Why it is built this way:

- **Ratios, not only times.** The machines are shared and noisy, so every PDF figure is also given as a ratio
  to bare pypdf text extraction of the *same* files measured in the *same* run — the floor no linter on pypdf
  can go below. In-process timings are CPU time, repeated (``--repeat``) and interleaved (floor, check,
  floor, check…) so that a burst of load hits both; the best round of each is kept.
- **Realistic letters.** The batch comes from the fixture generator (``tests/fixtures/generate.py``: ReportLab
  PDFs, letter XML, Digital Post MeMo, half of them with deliberate defects) plus copies of the LibreOffice and
  Chromium PDFs under ``tests/fixtures/producers/`` (each copy made distinct by a trailing PDF comment, so
  a content-keyed cache cannot collapse them), because pypdf's cost depends heavily on the producer's fonts.
- **What users run.** Throughput with ``--jobs``, cold start, peak memory and the cache are measured on the
  ``lettercheck`` command in subprocesses; peak RSS is ``getrusage(RUSAGE_CHILDREN).ru_maxrss`` of a fresh
  wrapper process, i.e. the largest lettercheck process of that run.

Usage::

    python bench/throughput.py --letters 1000 --seed 1          # writes bench/results.md
    python bench/throughput.py --profile --letters 1000          # writes bench/profile.md (pyinstrument)

Options the CLI does not have yet (``--jobs``, ``--no-cache``) are detected from ``lettercheck check --help``;
figures that need them are reported as not measured rather than guessed.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GENERATOR = REPO / "tests" / "fixtures" / "generate.py"
PRODUCERS = REPO / "tests" / "fixtures" / "producers"

TARGET_OVERHEAD = 0.15  # check time over bare pypdf extraction, single process
TARGET_JOBS2 = 1.8  # --jobs 2 speed-up over --jobs 1
TARGET_XML_PER_S = 1000.0  # XML letters per second per core
#: `lettercheck check one.xml` as pre-commit runs it (compiled corpus cache warm, a file not yet in the
#: results cache): CPU of the median of 10 starts
TARGET_COLD_XML_MS = 250.0
TARGET_RSS_MB = 200.0  # peak RSS of any lettercheck process
TARGET_RSS_FLAT = 1.15  # peak RSS at 20k letters ÷ at 1k letters: "flat"
TARGET_PDFIUM = 2.0  # pdfium extraction speed-up over pypdf


# ------------------------------------------------------------------------------------------------ batch
@dataclass
class Batch:
    """The files of one benchmark run, by kind; ``producer`` maps a PDF to who made it."""

    root: Path
    pdfs: list[Path] = field(default_factory=list)
    xmls: list[Path] = field(default_factory=list)
    memos: list[Path] = field(default_factory=list)
    producer: dict[Path, str] = field(default_factory=dict)

    @property
    def files(self) -> list[Path]:
        return sorted(self.pdfs + self.xmls + self.memos)


def load_generator() -> ModuleType:
    """The fixture generator, imported from its path (tests/ is not a package users install)."""
    spec = importlib.util.spec_from_file_location("lettercheck_fixture_generate", GENERATOR)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot load the fixture generator at {GENERATOR}")
    mod = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = mod  # dataclasses look the module up while the class body runs
    spec.loader.exec_module(mod)
    return mod


def producer_pdfs() -> dict[str, list[Path]]:
    """The committed PDFs of real producers, by producer (LibreOffice, Chromium)."""
    out: dict[str, list[Path]] = {}
    for p in sorted(PRODUCERS.glob("*.pdf")):
        out.setdefault(p.name.split("_", 1)[0], []).append(p)
    return out


def _variant(data: bytes, i: int) -> bytes:
    # bytes after %%EOF are ignored by PDF readers; the comment makes each copy a distinct file
    return data + f"\n%lettercheck-bench variant {i}\n".encode()


def build_batch(gen: ModuleType, root: Path, n: int, seed: int) -> Batch:
    """N letters: 10 % copies of the LibreOffice/Chromium PDFs (when committed), the rest from the generator."""
    root.mkdir(parents=True, exist_ok=True)
    prods = producer_pdfs()
    n_prod = n // 10 if prods else 0
    entries = gen.generate_batch(root, n - n_prod, seed, formats=("pdf", "xml", "memo"))
    batch = Batch(root)
    del entries
    for p in sorted(root.iterdir()):
        name = p.name.lower()
        if name.endswith(".pdf"):
            batch.pdfs.append(p)
            batch.producer[p] = "ReportLab"
        elif name.endswith(".memo") or name.endswith(".memo.xml"):
            batch.memos.append(p)
        elif name.endswith(".xml"):
            batch.xmls.append(p)
    sources = [(who, p) for who, ps in sorted(prods.items()) for p in ps]
    for i in range(n_prod):
        who, src = sources[i % len(sources)]
        dst = root / f"prod_{i:05d}_{src.name}"
        dst.write_bytes(_variant(src.read_bytes(), i))
        batch.pdfs.append(dst)
        batch.producer[dst] = {"libreoffice": "LibreOffice", "chromium": "Chromium"}.get(who, who)
    batch.pdfs.sort()
    return batch


def build_xml_set(gen: ModuleType, root: Path, n: int, seed: int) -> list[Path]:
    gen.generate_batch(root, n, seed + 1, formats=("xml",))
    return sorted(root.glob("*.xml"))


def link_copies(sources: Sequence[Path], root: Path, n: int) -> None:
    """``n`` files in ``root`` that are hard links (or copies) of ``sources`` in turn: a big batch for free."""
    root.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        src = sources[i % len(sources)]
        suffix = ".memo.xml" if src.name.endswith(".memo.xml") else src.suffix
        dst = root / f"c{i:06d}{suffix}"
        try:
            os.link(src, dst)
        except OSError:
            shutil.copyfile(src, dst)


# --------------------------------------------------------------------------------------------- in-process
def _pypdf_extract(data: bytes) -> int:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return sum(len(page.extract_text()) for page in reader.pages)


def _pdfium_extract(data: bytes) -> int:
    import pypdfium2 as pdfium

    doc = pdfium.PdfDocument(data)
    try:
        total = 0
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            total += len(textpage.get_text_range())
            textpage.close()
            page.close()
        return total
    finally:
        doc.close()


def _timed_each(fn: Callable[[bytes, str], Any], items: Sequence[tuple[str, bytes]]) -> dict[str, float]:
    """CPU seconds per item name for one pass of ``fn`` over ``items``.

    CPU time (``process_time``), not wall time: single-process throughput is CPU-bound, and on a machine
    shared with other jobs wall time measures their load as much as lettercheck.
    """
    out: dict[str, float] = {}
    clock = time.process_time
    for name, data in items:
        t = clock()
        fn(data, name)
        out[name] = clock() - t
    return out


def best_rounds(
    fns: dict[str, Callable[[bytes, str], Any]], items: Sequence[tuple[str, bytes]], repeat: int
) -> dict[str, dict[str, float]]:
    """Run every function over every item ``repeat`` times, interleaved; keep each one's fastest round."""
    best: dict[str, dict[str, float]] = {}
    for _ in range(repeat):
        for key, fn in fns.items():
            times = _timed_each(fn, items)
            if key not in best or sum(times.values()) < sum(best[key].values()):
                best[key] = times
    return best


# ---------------------------------------------------------------------------------------------- commands
#: environment of every timed lettercheck process (set by ``use_bytecode_cache``)
ENV: dict[str, str] = dict(os.environ)


def use_bytecode_cache(work: Path) -> None:
    """Time processes as an installed lettercheck runs: with compiled bytecode.

    pip compiles a wheel's modules at install time; an editable checkout under PYTHONDONTWRITEBYTECODE=1
    (as on the machine this benchmark was written on) compiles every module on every start instead, which
    says nothing about lettercheck. The bytecode goes to a private prefix, never into the work tree.
    """
    ENV.pop("PYTHONDONTWRITEBYTECODE", None)
    ENV["PYTHONPYCACHEPREFIX"] = str(work / "pycache")


def lettercheck_cmd() -> list[str]:
    """The ``lettercheck`` console script of the interpreter running the benchmark.

    Taken from that interpreter's scripts directory rather than ``PATH``: a version manager's shim found on
    ``PATH`` (pyenv's is a bash script) adds its own start-up to every timed start, ~60 ms here, which a
    user of an installed lettercheck (a virtualenv, pipx) does not pay.
    """
    import sysconfig

    script = Path(sysconfig.get_path("scripts")) / "lettercheck"
    if script.is_file():
        return [str(script)]
    exe = shutil.which("lettercheck")
    return [exe] if exe else [sys.executable, "-m", "lettercheck"]


def check_options() -> set[str]:
    out = subprocess.run(
        [*lettercheck_cmd(), "check", "--help"], capture_output=True, text=True, env=ENV
    ).stdout
    return set(re.findall(r"(--[a-z][a-z-]+)", out))


_RSS_WRAPPER = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter()\n"
    "rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE).returncode\n"
    "t = time.perf_counter() - t\n"
    "ru = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(rc, t, ru.ru_maxrss, ru.ru_utime + ru.ru_stime)\n"
)


@dataclass
class Run:
    seconds: float  # wall time
    peak_rss_mb: float
    returncode: int
    cpu: float  # user + system seconds of every process of the run


def user_venv(work: Path) -> Path | None:
    """A virtual environment like a user's install of lettercheck, for the cold-start figures: its own
    interpreter, lettercheck and its dependencies importable, and nothing else run at start.

    The benchmark's interpreter may run ``.pth`` hooks of its machine at every start (this sandbox's imports
    certifi to patch CA certificates, ~35 ms CPU) that no user's virtualenv has. The environment is built
    without pip: a ``.pth`` names the running interpreter's site-packages and lettercheck's source as plain
    path lines (a path line adds a directory; it runs none of the ``.pth`` files inside it), and the
    ``lettercheck`` script is the one pip writes. None when no venv can be made here.
    """
    import site
    import venv

    import lettercheck

    home = work / "user-venv"
    try:
        if not home.exists():
            venv.EnvBuilder(with_pip=False, symlinks=True).create(home)
        py = home / "bin" / "python"
        found = subprocess.run(
            [str(py), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        paths = [*site.getsitepackages(), str(Path(lettercheck.__file__).resolve().parent.parent)]
        Path(found, "lettercheck_bench.pth").write_text("\n".join(paths) + "\n", encoding="utf-8")
        script = home / "bin" / "lettercheck"
        script.write_text(
            f"#!{py}\nimport sys\nfrom lettercheck.cli import main\nif __name__ == '__main__':\n"
            "    sys.exit(main())\n",
            encoding="utf-8",
        )
        script.chmod(0o755)
        subprocess.run([str(script), "--version"], capture_output=True, check=True)
    except (OSError, subprocess.CalledProcessError):
        return None
    return home


def run_cli(args: Sequence[str], cwd: Path) -> Run:
    """One ``lettercheck`` run in a fresh wrapper process: wall time and the peak RSS of its processes."""
    return run_program([*lettercheck_cmd(), *args], cwd)


#: bare pypdf text extraction as a program: the floor for ``lettercheck check --jobs 1`` over a folder, paying
#: what the CLI pays besides checking (the interpreter's start, importing pypdf, reading every file)
FLOOR_PROGRAM = (
    "import io, os, sys\n"
    "from pypdf import PdfReader\n"
    "top = sys.argv[1]\n"
    "for name in sorted(os.listdir(top)):\n"
    "    with open(os.path.join(top, name), 'rb') as f:\n"
    "        data = f.read()\n"
    "    for page in PdfReader(io.BytesIO(data)).pages:\n"
    "        page.extract_text()\n"
)


def run_program(cmd: Sequence[str], cwd: Path) -> Run:
    """One run of ``cmd`` in a fresh wrapper process: wall time, CPU and the peak RSS of its processes."""
    out = subprocess.run(
        [sys.executable, "-c", _RSS_WRAPPER, *cmd],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
        env=ENV,
    ).stdout.split()
    rc, seconds, kib, cpu = int(out[0]), float(out[1]), int(out[2]), float(out[3])
    if rc not in (0, 1):
        raise RuntimeError(f"{' '.join(cmd)} exited {rc}")
    return Run(seconds, kib / 1024, rc, cpu)


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def median_start(
    cmd: Sequence[str],
    cwd: Path,
    n: int = 10,
    env: dict[str, str] | None = None,
    fresh: Callable[[], list[str]] | None = None,
) -> tuple[float, float]:
    """Median wall and CPU milliseconds of ``n`` process starts (after one warm-up start).

    The CPU time (user + system of the process and any worker it waits for) is what the start costs on an
    idle machine; the wall time is what a user waits here, and grows with the machine's load. ``fresh``, if
    given, makes the arguments each start adds (the warm-up start's too): a new file per start, so a
    results cache can never answer it.
    """
    env = env or ENV

    def start() -> None:
        extra = fresh() if fresh else []
        subprocess.run([*cmd, *extra], cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)

    start()
    walls, cpus = [], []
    for _ in range(n):
        c, t = _children_cpu(), time.perf_counter()
        start()
        walls.append(time.perf_counter() - t)
        cpus.append(_children_cpu() - c)
    return statistics.median(walls) * 1000, statistics.median(cpus) * 1000


def fresh_copies(src: Path, prefix: str) -> Callable[[], list[str]]:
    """A maker of distinct copies of the letter ``src`` next to it (a trailing XML comment makes each copy new
    content under a new name): what pre-commit hands lettercheck after an edit — a file it has not seen."""
    template = src.read_bytes()
    made = 0

    def make() -> list[str]:
        nonlocal made
        made += 1
        p = src.parent / f"{prefix}_{made:03d}{src.suffix}"
        p.write_bytes(template + f"<!-- lettercheck-bench start {made} -->\n".encode())
        return [p.name]

    return make


def imported_modules(args: Sequence[str], cwd: Path) -> set[str]:
    """Top-level packages a lettercheck run imports (from ``python -X importtime``)."""
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "lettercheck", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env=ENV,
    ).stderr
    return {m.group(1).split(".")[0] for m in re.finditer(r"^import time:.*\|\s+(\S+)$", err, re.M)}


# ------------------------------------------------------------------------------------------------ report
@dataclass
class Row:
    figure: str
    value: str
    target: str
    met: bool | None
    how: str


def _mark(ok: bool | None) -> str:
    return "—" if ok is None else ("yes" if ok else "**no**")


def _ms(seconds: float, n: int) -> str:
    return f"{seconds / max(n, 1) * 1000:.2f} ms"


def machine_line() -> str:
    import pypdf

    try:
        import pypdfium2

        pdfium_version = getattr(pypdfium2, "PYPDFIUM_INFO", "installed")
    except ImportError:
        pdfium_version = "not installed"
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}, pypdf {pypdf.__version__}, "
        f"pypdfium2 {pdfium_version}"
    )


def loadavg() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "n/a"


# ---------------------------------------------------------------------------------------------- measure
def measure(args: argparse.Namespace) -> str:
    from lettercheck.config import Config
    from lettercheck.pipeline import check_bytes

    load_before = loadavg()
    started = time.perf_counter()
    gen = load_generator()
    work = Path(args.work) if args.work else Path(tempfile.mkdtemp(prefix="lettercheck-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    use_bytecode_cache(work)
    print(f"generating in {work} …", file=sys.stderr)
    batch = build_batch(gen, work / "batch", args.letters, args.seed)
    xml_set = build_xml_set(gen, work / "xml", args.xml_letters, args.seed)
    pdf_items = [(str(p), p.read_bytes()) for p in batch.pdfs]
    xml_items = [(str(p), p.read_bytes()) for p in xml_set]
    all_items = [(str(p), p.read_bytes()) for p in batch.files]
    one_dir = work / "one"
    one_dir.mkdir(exist_ok=True)
    clean = gen.make_letter(seed=args.seed, defect_rate=0.0)
    (one_dir / "one.xml").write_bytes(gen.render_xml(clean))
    (one_dir / "one.pdf").write_bytes(gen.render_pdf(clean))

    try:
        import pypdfium2  # noqa: F401

        have_pdfium = True
    except ImportError:
        have_pdfium = False

    cfg = Config()
    cfg_pdfium = Config(pdf_engine="pdfium")
    # process-lifetime work (imports, corpus, rule packs) belongs to start-up, not to per-letter throughput
    for name, data in pdf_items[:1] + xml_items[:1]:
        check_bytes(data, name, cfg)
        _pypdf_extract(data) if name.endswith(".pdf") else None
    if have_pdfium and pdf_items:
        _pdfium_extract(pdf_items[0][1])
        check_bytes(pdf_items[0][1], pdf_items[0][0], cfg_pdfium)

    print("in-process timings …", file=sys.stderr)
    fns: dict[str, Callable[[bytes, str], Any]] = {
        "floor": lambda d, n: _pypdf_extract(d),
        "check": lambda d, n: check_bytes(d, n, cfg),
    }
    if have_pdfium:
        fns["pdfium_floor"] = lambda d, n: _pdfium_extract(d)
        fns["check_pdfium"] = lambda d, n: check_bytes(d, n, cfg_pdfium)
    pdf_t = best_rounds(fns, pdf_items, args.repeat)
    xml_t = best_rounds({"check": lambda d, n: check_bytes(d, n, cfg)}, xml_items, args.repeat)["check"]
    all_t = best_rounds({"check": lambda d, n: check_bytes(d, n, cfg)}, all_items, 1)["check"]

    n_pdf = len(pdf_items)
    floor = sum(pdf_t["floor"].values())
    check = sum(pdf_t["check"].values())
    rows: list[Row] = []
    rows.append(
        Row(
            "bare pypdf extraction (the floor)",
            f"{_ms(floor, n_pdf)} per PDF letter ({floor:.2f} s for {n_pdf})",
            "—",
            None,
            "`PdfReader(...).pages[i].extract_text()` for every page, in-process",
        )
    )
    overhead = check / floor - 1
    rows.append(
        Row(
            "check, single process (library) ÷ floor",
            f"{check / floor:.2f}× = overhead {overhead:+.0%} ({_ms(check, n_pdf)} per PDF letter)",
            f"overhead ≤ {TARGET_OVERHEAD:.0%}",
            overhead <= TARGET_OVERHEAD,
            "`lettercheck.pipeline.check_bytes` over the same PDFs, in-process",
        )
    )
    xml_rate = len(xml_items) / sum(xml_t.values())
    rows.append(
        Row(
            "XML letters per second, one core (library)",
            f"{xml_rate:,.0f}/s ({_ms(sum(xml_t.values()), len(xml_items))} per letter)",
            f"≥ {TARGET_XML_PER_S:,.0f}/s",
            xml_rate >= TARGET_XML_PER_S,
            f"`check_bytes` over {len(xml_items)} generated letter XML files, in-process",
        )
    )
    rows.append(
        Row(
            "whole batch, single process (library)",
            f"{len(all_items) / sum(all_t.values()):,.0f} letters/s "
            f"({len(batch.pdfs)} PDF, {len(batch.xmls)} XML, {len(batch.memos)} MeMo)",
            "—",
            None,
            "`check_bytes` over every file of the batch, one pass",
        )
    )
    if have_pdfium:
        pf = sum(pdf_t["pdfium_floor"].values())
        cp = sum(pdf_t["check_pdfium"].values())
        rows.append(
            Row(
                "pdfium extraction vs pypdf extraction",
                f"{_ms(pf, n_pdf)} vs {_ms(floor, n_pdf)} per letter = {floor / pf:.1f}× faster",
                f"≥ {TARGET_PDFIUM:.0f}×",
                floor / pf >= TARGET_PDFIUM,
                "`PdfDocument(data)[i].get_textpage().get_text_range()` vs the floor, same PDFs",
            )
        )
        rows.append(
            Row(
                "check with `--pdf-engine pdfium` ÷ floor",
                f"{cp / floor:.2f}× ({_ms(cp, n_pdf)} per PDF letter; {check / cp:.1f}× faster than pypdf engine)",
                "—",
                None,
                "`check_bytes(..., Config(pdf_engine='pdfium'))`, same PDFs",
            )
        )

    opts = check_options()
    base = ["check", "--exit-zero"]
    if "--no-cache" in opts:
        base.append("--no-cache")
    pdf_dir = work / "pdfs"
    if not pdf_dir.exists():
        pdf_dir.mkdir()
        for p in batch.pdfs:
            os.link(p, pdf_dir / p.name)

    print("CLI runs …", file=sys.stderr)
    cli: dict[str, Run] = {}
    variants = {"floor": [sys.executable, "-c", FLOOR_PROGRAM, str(pdf_dir)]}
    if "--jobs" in opts:
        for jobs in ("1", "2"):
            variants[f"j{jobs}"] = [*lettercheck_cmd(), *base, "--jobs", jobs, str(pdf_dir)]
    else:
        variants["j1"] = [*lettercheck_cmd(), *base, str(pdf_dir)]
    for _ in range(args.repeat_cli):  # interleaved, so a change in the machine's load hits every variant
        for key, cmd in variants.items():
            r = run_program(cmd, work)
            if key not in cli or r.seconds < cli[key].seconds:
                cli[key] = r
    fp, j1, c1 = cli["floor"].seconds, cli["j1"].seconds, cli["j1"].cpu
    jobs1 = "--jobs 1 " if "--jobs" in opts else ""
    rows.append(
        Row(
            "bare pypdf extraction as a program (the CLI's floor)",
            f"{fp:.2f} s wall, {cli['floor'].cpu:.2f} s CPU for {n_pdf} PDFs",
            "—",
            None,
            "`python -c '<import pypdf; read each file of pdfs/; extract_text() of every page>' pdfs/`",
        )
    )
    rows.append(
        Row(
            f"`lettercheck check {jobs1}pdfs/` ÷ that program",
            f"{j1 / fp:.2f}× = overhead {j1 / fp - 1:+.0%} ({j1:.2f} s vs {fp:.2f} s wall; CPU {c1:.2f} s vs "
            f"{cli['floor'].cpu:.2f} s; {j1 / floor:.2f}× the in-process floor)",
            f"overhead ≤ {TARGET_OVERHEAD:.0%}",
            j1 / fp - 1 <= TARGET_OVERHEAD,
            f"`lettercheck {' '.join(base)} {jobs1}pdfs/`: start-up, reading and reporting included on both sides",
        )
    )
    if "j2" in cli:
        j2, c2 = cli["j2"].seconds, cli["j2"].cpu
        rows.append(
            Row(
                "`--jobs 2` speed-up over `--jobs 1`",
                f"{j1 / j2:.2f}× ({j2:.2f} s vs {j1:.2f} s wall; CPU {c2:.2f} s vs {c1:.2f} s, so on two "
                f"idle cores about {2 * c1 / c2:.2f}×)",
                f"≥ {TARGET_JOBS2}×",
                j1 / j2 >= TARGET_JOBS2,
                f"`lettercheck {' '.join(base)} --jobs 2 pdfs/`",
            )
        )
    else:
        rows.append(Row("`--jobs 2` speed-up", "not measured: no `--jobs` option", "≥ 1.8×", None, ""))

    print("cold starts …", file=sys.stderr)
    # What pre-commit runs on every commit: the default command (no --no-cache) on a letter it has not seen.
    # The compiled corpus and rule packs are in the cache directory from the warm-up start, as after any
    # earlier commit; the letter is a new file each start, so the results cache misses.
    precommit = ["check", "--exit-zero"]
    if "--cache-dir" in opts:
        precommit += ["--cache-dir", str(work / "cold_cache")]
    venv_home = user_venv(work)
    interpreters = [("this interpreter", lettercheck_cmd(), [sys.executable])]
    if venv_home is not None:  # the target row: what a user's install pays
        interpreters.insert(
            0,
            ("a user's venv", [str(venv_home / "bin" / "lettercheck")], [str(venv_home / "bin" / "python")]),
        )
    for k, (where, cmd, _py) in enumerate(interpreters):
        shutil.rmtree(work / "cold_cache", ignore_errors=True)
        wall, cpu = median_start(
            [*cmd, *precommit], one_dir, fresh=fresh_copies(one_dir / "one.xml", "precommit")
        )
        target = k == 0
        rows.append(
            Row(
                f"cold start `lettercheck check one.xml` as pre-commit runs it ({where})",
                f"{cpu:.0f} ms CPU, {wall:.0f} ms wall (medians of 10)",
                f"≤ {TARGET_COLD_XML_MS:.0f} ms CPU" if target else "—",
                cpu <= TARGET_COLD_XML_MS if target else None,
                f"`lettercheck {' '.join(precommit[:2])} <new copy of one.xml>`: corpus, rule packs and payment "
                "vocabulary from the compiled cache (warm), results cache miss (a new file each start); "
                "CPU = user + system"
                + (
                    "; a venv holding only lettercheck and its dependencies (see `user_venv`)"
                    if where == "a user's venv"
                    else "; this interpreter's site-packages run the machine's `.pth` hooks at every start"
                ),
            )
        )
        for p in one_dir.glob("precommit_*.xml"):
            p.unlink()
    starts: list[tuple[list[str], dict[str, str] | None]] = [(["one.xml"], None), (["one.pdf"], None)]
    if have_pdfium:
        starts.append((["--pdf-engine", "pdfium", "one.pdf"], None))
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        no_pyc = dict(os.environ)
        no_pyc.pop("PYTHONPYCACHEPREFIX", None)
        starts.append((["one.xml"], no_pyc))
    for extra, env in starts:
        wall, cpu = median_start([*lettercheck_cmd(), *base, *extra], one_dir, env=env)
        label = " ".join([*base[2:], *extra])
        note = " — without cached bytecode, as this machine's environment runs" if env else ""
        rows.append(
            Row(
                f"cold start `lettercheck check {label}`{note}",
                f"{cpu:.0f} ms CPU, {wall:.0f} ms wall (medians of 10)",
                "—",
                None,
                f"`lettercheck {' '.join([*base, *extra])}`"
                + (
                    ": no compiled cache, so the corpus and rule packs are parsed from YAML"
                    if "--no-cache" in base
                    else ""
                )
                + "; CPU = user + system of all its processes",
            )
        )
    for where, _cmd, py in interpreters:
        wall, cpu = median_start([*py, "-c", "pass"], one_dir)
        rows.append(
            Row(
                f"start of the interpreter alone ({where}, for scale)",
                f"{wall:.0f} ms wall, {cpu:.0f} ms CPU",
                "—",
                None,
                "`python -c pass`"
                + (
                    " (this machine's site-packages import certifi at every start)"
                    if where == "this interpreter"
                    else ""
                ),
            )
        )
    mods = imported_modules([*base, "one.xml"], one_dir)
    heavy = sorted(mods & {"pypdf", "pypdfium2", "reportlab", "docx"})
    rows.append(
        Row(
            "PDF libraries imported by `check one.xml`",
            ", ".join(heavy) if heavy else "none",
            "none",
            not heavy,
            "`python -X importtime -m lettercheck check one.xml`",
        )
    )

    print("peak RSS …", file=sys.stderr)
    small, big = work / "rss_1k", work / "rss_big"
    pdf_sources = batch.pdfs[:20]
    if not small.exists():
        link_copies(pdf_sources, small / "pdf", 100)
        link_copies(xml_set, small / "xml", 900)
    jobs1 = ["--jobs", "1"] if "--jobs" in opts else []
    r1 = run_cli([*base, *jobs1, str(small)], work)
    rows.append(
        Row(
            "peak RSS, 1,000 letters",
            f"{r1.peak_rss_mb:.0f} MB ({r1.seconds:.1f} s)",
            f"≤ {TARGET_RSS_MB:.0f} MB",
            r1.peak_rss_mb <= TARGET_RSS_MB,
            f"`lettercheck {' '.join([*base, *jobs1])} rss_1k/` (100 PDF + 900 XML); ru_maxrss of children",
        )
    )
    if args.big:
        if not big.exists():
            link_copies(pdf_sources, big / "pdf", args.big // 10)
            link_copies(xml_set, big / "xml", args.big - args.big // 10)
        r2 = run_cli([*base, *jobs1, str(big)], work)
        flat = r2.peak_rss_mb / r1.peak_rss_mb
        rows.append(
            Row(
                f"peak RSS, {args.big:,} letters",
                f"{r2.peak_rss_mb:.0f} MB = {flat:.2f}× the 1k run ({r2.seconds:.1f} s)",
                f"≤ {TARGET_RSS_MB:.0f} MB and ≤ {TARGET_RSS_FLAT}× the 1k run",
                r2.peak_rss_mb <= TARGET_RSS_MB and flat <= TARGET_RSS_FLAT,
                f"same, on {args.big:,} letters (10 % PDF, 90 % XML, hard-linked copies)",
            )
        )

    if "--no-cache" in opts or "--cache-dir" in opts:
        cache_dir = work / "cache"
        shutil.rmtree(cache_dir, ignore_errors=True)
        cached = ["check", "--exit-zero", *jobs1]
        if "--cache-dir" in opts:
            cached += ["--cache-dir", str(cache_dir)]
        first = run_cli([*cached, str(batch.root)], work)
        # best of two re-runs: one slow start on a busy machine should not decide the figure
        second = min((run_cli([*cached, str(batch.root)], work) for _ in range(2)), key=lambda r: r.seconds)
        rows.append(
            Row(
                "cache re-run (second run, same batch, best of 2)",
                f"{second.seconds:.2f} s vs {first.seconds:.2f} s first run = {first.seconds / second.seconds:.0f}× faster",
                "—",
                None,
                f"`lettercheck {' '.join(cached)} batch/`, twice",
            )
        )
    else:
        rows.append(Row("cache re-run", "not measured: no cache options yet", "—", None, ""))

    # per producer: where the floor's time goes
    by_prod: dict[str, list[str]] = {}
    for p in batch.pdfs:
        by_prod.setdefault(batch.producer[p], []).append(str(p))
    prod_lines = []
    for who, names in sorted(by_prod.items()):
        f = sum(pdf_t["floor"][n] for n in names)
        c = sum(pdf_t["check"][n] for n in names)
        line = f"| {who} | {len(names)} | {_ms(f, len(names))} | {_ms(c, len(names))} | {c / f:.2f}× |"
        if have_pdfium:
            pf = sum(pdf_t["pdfium_floor"][n] for n in names)
            cp = sum(pdf_t["check_pdfium"][n] for n in names)
            line += f" {_ms(pf, len(names))} ({f / pf:.1f}× faster) | {_ms(cp, len(names))} |"
        prod_lines.append(line)

    elapsed = time.perf_counter() - started
    cmd = f"python bench/throughput.py --letters {args.letters} --seed {args.seed}"
    if args.big != 20000:
        cmd += f" --big {args.big}"
    if args.repeat != 3:
        cmd += f" --repeat {args.repeat}"
    out = [
        "# lettercheck throughput — results",
        "",
        f"Fresh table from one run of `{cmd}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
        f"({elapsed:.0f} s). Machine: {machine_line()}. Load average before {load_before}, after {loadavg()} "
        "(the machine is shared: read the ratios, which compare figures measured side by side in this run).",
        "",
        f"Batch: {len(batch.files)} letters — {len(batch.pdfs)} PDF "
        f"({', '.join(f'{len(v)} {k}' for k, v in sorted(by_prod.items()))}), {len(batch.xmls)} letter XML, "
        f"{len(batch.memos)} MeMo; plus {len(xml_set)} letter XML for the XML rate. In-process figures are CPU time, the "
        f"best of {args.repeat} interleaved rounds; CLI throughput the best of {args.repeat_cli}.",
        "",
        "| figure | measured | target | met | how |",
        "| --- | --- | --- | --- | --- |",
        *(f"| {r.figure} | {r.value} | {r.target} | {_mark(r.met)} | {r.how} |" for r in rows),
        "",
        "## PDF time by producer (per letter, in-process)",
        "",
        "| producer | PDFs | pypdf floor | check (pypdf) | check ÷ floor |"
        + (" pdfium extraction | check (pdfium) |" if have_pdfium else ""),
        "| --- | --- | --- | --- | --- |" + (" --- | --- |" if have_pdfium else ""),
        *prod_lines,
        "",
    ]
    if not args.keep and not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------- profile
def profile(args: argparse.Namespace) -> str:
    """pyinstrument over single-process checking of ~200 PDF and ~1000 XML letters; the top of each tree."""
    from pyinstrument import Profiler

    from lettercheck.config import Config
    from lettercheck.pipeline import check_bytes

    gen = load_generator()
    work = Path(tempfile.mkdtemp(prefix="lettercheck-profile-"))
    use_bytecode_cache(work)
    try:
        batch = build_batch(gen, work / "batch", max(args.letters, 400), args.seed)
        xml_set = build_xml_set(gen, work / "xml", args.xml_letters, args.seed)
        cfg = Config()
        sections = []
        for title, files in (
            (f"{min(200, len(batch.pdfs))} PDF letters", batch.pdfs[:200]),
            (f"{len(xml_set)} letter XML files", xml_set),
        ):
            items = [(str(p), p.read_bytes()) for p in files]
            check_bytes(items[0][1], items[0][0], cfg)  # start-up work is profiled separately below
            prof = Profiler(interval=0.0005)
            prof.start()
            for name, data in items:
                check_bytes(data, name, cfg)
            prof.stop()
            sections.append((title, _top(prof.output_text(unicode=True, color=False), args.lines)))
            flat = prof.output_text(unicode=True, color=False, flat=True)
            sections.append((title + " — flat, by self time", _top(flat, 25)))
            costs = rule_costs(items, cfg)
            total = sum(v for _k, v in costs)
            table = [f"{'phase or rule':<58} {'CPU ms/letter':>13} {'share':>6}"]
            table += [f"{k:<58} {v:>13.3f} {v / total:>6.0%}" for k, v in costs[:25]]
            table.append(f"{'total':<58} {total:>13.3f}")
            sections.append((title + " — CPU per phase and rule", "\n".join(table)))
        # what `lettercheck check one.xml` pays before and besides its one letter: imports, corpus, packs
        one = work / "one.xml"
        one.write_bytes(gen.render_xml(gen.make_letter(seed=args.seed, defect_rate=0.0)))
        start = subprocess.run(
            [
                sys.executable,
                "-m",
                "pyinstrument",
                "-i",
                "0.0005",
                "--no-color",
                "--unicode",
                "-m",
                "lettercheck",
                "check",
                "--exit-zero",
                str(one),
            ],
            cwd=work,
            capture_output=True,
            text=True,
            env=ENV,
        ).stdout
        sections.append(("cold start of `lettercheck check one.xml`", _top(start, args.lines)))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# lettercheck — profile (pyinstrument)",
        "",
        f"`python bench/throughput.py --profile --letters {args.letters} --seed {args.seed}` on "
        f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {machine_line()}. Single process, "
        "`check_bytes` over the files after one warm-up letter (start-up costs are in the cold-start figures).",
        "",
    ]
    for title, text in sections:
        lines += [f"## {title}", "", "```", text, "```", ""]
    return "\n".join(lines)


def rule_costs(items: Sequence[tuple[str, bytes]], config: Any) -> list[tuple[str, float]]:
    """CPU milliseconds per letter of each phase and each rule, largest first.

    The shared extractions (payment fields, citations, the letter's structure) are computed before the rules
    so that their cost shows once, under its own name, instead of on whichever rule happens to ask first.
    CPU time (``process_time``), not wall time, so a busy machine does not shift the split.
    """
    from lettercheck.context import Context
    from lettercheck.pipeline import enabled_rules, read_letter

    try:
        from lettercheck.lettertypes import structure_of
    except ImportError:  # pragma: no cover - lettertypes is part of the package
        structure_of = None
    clock = time.process_time
    cost: dict[str, float] = {}

    def timed(key: str, fn: Callable[..., Any], *args: Any) -> None:
        t = clock()
        try:
            fn(*args)
        except Exception:  # a failing extraction or rule is LC900 in the pipeline; here it just costs time
            pass
        cost[key] = cost.get(key, 0.0) + clock() - t

    for name, data in items:
        t = clock()
        letter, _ = read_letter(data, name, config)
        cost["read + prepare (date, type)"] = cost.get("read + prepare (date, type)", 0.0) + clock() - t
        if letter is None:
            continue
        ctx = Context(letter, config)
        timed("extract: payment fields", getattr, ctx, "payment")
        timed("extract: citations", getattr, ctx, "citations")
        if structure_of is not None:
            timed("extract: structure (lines, headings)", structure_of, ctx)
        for r in enabled_rules(config, name):
            if r.check is not None:
                timed(f"rule {r.code} {r.name}", _drain, r.check, ctx)
    n = max(len(items), 1)
    return sorted(((k, v / n * 1000) for k, v in cost.items()), key=lambda kv: -kv[1])


def _drain(check: Callable[[Any], Iterable[Any]], ctx: Any) -> None:
    for _finding in check(ctx):
        pass


KEEP_MARK = "<!-- kept by --profile: everything below this line survives a re-run -->"


def _kept_sections(path: Path) -> str:
    """The hand-kept part of an existing profile.md (the profile before optimising, the plan)."""
    try:
        old = path.read_text(encoding="utf-8")
    except OSError:
        return ""
    i = old.find(KEEP_MARK)
    return "\n" + old[i:] if i >= 0 else ""


def _top(text: str, n: int) -> str:
    """The first ``n`` lines of a pyinstrument report, its ASCII-art banner reduced to the timing it holds."""
    out = []
    for ln in text.splitlines():
        if not ln.strip() or ln.startswith(("  _ ", "/   _/")):
            continue
        if ln.startswith(" /_//"):
            m = re.search(r"Duration:\s*([\d.]+)\s+CPU time:\s*([\d.]+)", ln)
            if m:
                out.append(f"(wall {m.group(1)} s, CPU {m.group(2)} s)")
            continue
        out.append(ln.rstrip())
    return "\n".join(out[:n])


# ------------------------------------------------------------------------------------------------- main
def main(argv: Iterable[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--letters", type=int, default=1000, help="letters in the batch (default 1000)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--xml-letters", type=int, default=1000, help="letter XML files for the XML rate")
    ap.add_argument("--big", type=int, default=20000, help="letters for the second RSS figure (0: skip)")
    ap.add_argument("--repeat", type=int, default=3, help="interleaved in-process rounds; the best is kept")
    ap.add_argument(
        "--repeat-cli", type=int, default=2, help="rounds of the CLI runs (floor program, --jobs 1, --jobs 2)"
    )
    ap.add_argument("--work", help="generate here and keep the files (default: a temporary directory)")
    ap.add_argument("--keep", action="store_true", help="keep the temporary directory")
    ap.add_argument("--profile", action="store_true", help="write bench/profile.md instead of results.md")
    ap.add_argument("--lines", type=int, default=45, help="lines of each profile tree to keep")
    ap.add_argument("-o", "--output", help="write here instead of bench/results.md (or bench/profile.md)")
    args = ap.parse_args(list(argv) if argv is not None else None)
    if args.profile:
        target = Path(args.output or REPO / "bench" / "profile.md")
        text = profile(args) + _kept_sections(target)
    else:
        text = measure(args)
        target = Path(args.output or REPO / "bench" / "results.md")
    target.write_text(text, encoding="utf-8")
    print(text)
    print(f"\nwritten to {target}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
