#!/usr/bin/env python3
"""Check a national batch of letters on a Dask cluster (or on this machine's cores).

Millions of letters in object storage do not fit the CLI's one-machine process pool. lettercheck's core is a
pure function, ``lettercheck.check_bytes(data, name, config) -> FileResult``, with picklable arguments and
results and no state beyond the corpus each process loads once — so a distributed engine only has to hand each
worker a list of paths. This script does that with ``dask.bag`` (see docs/scale.md for Spark).

    pip install 'lettercheck[dask]'            # plus s3fs / gcsfs / adlfs for object storage
    python examples/dask_batch.py 's3://kommune-breve/2026/**/*.pdf' --out findings/
    python examples/dask_batch.py letters/ --out findings/ --scheduler processes --workers 8
    python examples/dask_batch.py letters/ --out findings/ --scheduler tcp://scheduler:8786

Output: ``findings/part-*.jsonl``, one JSON object per letter (the ``files`` entries of ``--format json``:
path, letter date/type, findings — CPR numbers masked), and a summary on stdout. Partitions are checked
independently, so a crashed worker only costs a retry of its partition; a broken letter is a finding (LC9xx),
never a failed task.

(This file is not a letter: ``lettercheck check examples/`` skips it.)
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

LETTER_EXTENSIONS = (".pdf", ".xml", ".memo", ".docx", ".html", ".htm", ".txt")


def list_letters(sources: list[str]) -> tuple[Any, list[str]]:
    """(filesystem, sorted letter paths) for local paths, directories, globs or fsspec URLs."""
    import fsspec

    fs, _token, paths = fsspec.core.get_fs_token_paths(sources[0] if len(sources) == 1 else sources)
    found: list[str] = []
    for p in paths:
        if fs.isdir(p):
            found.extend(f for f in fs.find(p) if f.lower().endswith(LETTER_EXTENSIONS))
        elif p.lower().endswith(LETTER_EXTENSIONS):
            found.append(p)
    return fs, sorted(set(found))


def check_partition(paths: Iterable[str], fs: Any, config: Any) -> Iterator[dict[str, Any]]:
    """Check one partition's letters; runs on a worker. Imports here, so the worker loads lettercheck once."""
    from lettercheck import check_bytes
    from lettercheck.pipeline import _error_result
    from lettercheck.report.json import file_dict

    limit = config.limits.max_file_size
    for path in paths:
        try:
            size = fs.size(path)
            if size is not None and size > limit:
                result = _error_result(
                    path, config, "LC906", f"file is {size:,} bytes, over max-file-size={limit:,}"
                )
            else:
                with fs.open(path, "rb") as fh:
                    result = check_bytes(fh.read(limit + 1), path, config)
        except OSError as e:  # a vanished object, a permission problem: a finding, not a failed task
            result = _error_result(path, config, "LC901", f"cannot read file: {e}")
        yield file_dict(result)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "sources", nargs="+", help="paths, directories, globs or URLs (s3://bucket/letters/**/*.pdf)"
    )
    ap.add_argument("--out", required=True, help="directory for part-*.jsonl")
    ap.add_argument("--config", help="lettercheck.toml / pyproject.toml to use (default: built-in defaults)")
    ap.add_argument("--corpus", action="append", default=[], help="corpus overlay YAML (repeatable)")
    ap.add_argument(
        "--scheduler",
        default="processes",
        help="processes | threads | synchronous | the address of a dask.distributed scheduler",
    )
    ap.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="local workers (processes/threads)"
    )
    ap.add_argument("--partition-size", type=int, default=200, help="letters per task")
    args = ap.parse_args(argv)

    import dask
    import dask.bag as db

    from lettercheck.config import Config, load_config_file

    config = load_config_file(Path(args.config)) if args.config else Config()
    if args.corpus:
        config = config.replace(corpus=tuple(str(Path(c).resolve()) for c in args.corpus))

    fs, paths = list_letters(args.sources)
    if not paths:
        print("no letters found", file=sys.stderr)
        return 2
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    files = db.from_sequence(paths, partition_size=args.partition_size)
    results = files.map_partitions(check_partition, fs, config)
    written = results.map(json.dumps, ensure_ascii=False).to_textfiles(
        str(out / "part-*.jsonl"), compute=False
    )
    by_code = results.pluck("findings").flatten().pluck("code").frequencies()

    if "://" in args.scheduler:
        from dask.distributed import Client  # needs `pip install distributed`

        with Client(args.scheduler):
            _, freq = dask.compute(written, by_code)
    else:
        with dask.config.set(scheduler=args.scheduler, num_workers=args.workers):
            _, freq = dask.compute(written, by_code)
    counts = dict(sorted(freq))
    print(json.dumps({"files": len(paths), "findings": sum(counts.values()), "by_code": counts}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
