"""Finding the files to check and feeding them through the pipeline to a reporter.

Kept apart from the pipeline so the same pure ``check_bytes`` serves the CLI, the pre-commit hook, nightly
jobs and distributed engines; this module is only the plumbing of one machine.
"""

from __future__ import annotations

import fnmatch
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from lettercheck.config import Config
from lettercheck.model import FileResult
from lettercheck.pipeline import check_path
from lettercheck.readers import EXTENSIONS
from lettercheck.report import Reporter, Summary

_SKIP_DIRS = frozenset({".git", ".hg", ".svn", "__pycache__", ".lettercheck_cache", "node_modules", ".venv"})


@dataclass(frozen=True)
class Input:
    """One letter to check: a path on disk (or ``-`` for standard input)."""

    path: str


def discover(paths: Iterable[str], config: Config) -> Iterator[Input]:
    """Files named explicitly are always checked; directories are searched for letter extensions."""
    seen: set[str] = set()
    for raw in paths:
        if raw == "-":
            yield Input("-")
            continue
        p = Path(raw)
        if p.is_dir():
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if d not in _SKIP_DIRS and not d.startswith("."))
                for name in sorted(files):
                    if os.path.splitext(name)[1].lower() not in EXTENSIONS:
                        continue
                    full = os.path.join(root, name)
                    if _excluded(full, config) or full in seen:
                        continue
                    seen.add(full)
                    yield Input(full)
        elif raw not in seen:
            seen.add(raw)
            yield Input(raw)


def _excluded(path: str, config: Config) -> bool:
    if not config.exclude:
        return False
    posix = Path(path).as_posix()
    return any(
        fnmatch.fnmatch(posix, g) or fnmatch.fnmatch(os.path.basename(path), g) for g in config.exclude
    )


def run(inputs: Iterable[Input], config: Config, reporter: Reporter) -> Summary:
    summary = Summary()
    reporter.start()
    for item in inputs:
        result: FileResult = check_path(item.path, config)
        summary.add(result)
        reporter.file(result)
    reporter.finish(summary)
    return summary
