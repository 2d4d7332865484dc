"""Where the compiled (pickled) corpus and rule packs may be cached on disk — and by default, nowhere.

Parsing the corpus and the packs costs ~150 ms per process; unpickling them ~3 ms. But lettercheck promises to
write nothing outside the report, its cache directory and the baseline (docs/security.md). So the compiled
forms live in the findings cache directory (``.lettercheck_cache/compiled``), which the CLI names here unless
``--no-cache`` is given; library users get no disk cache unless they ask for one. The environment variables
``LETTERCHECK_CORPUS_CACHE`` / ``LETTERCHECK_PACKS_CACHE`` (a directory, or ``off``) override both.
"""

from __future__ import annotations

import os
from pathlib import Path

_OFF = ("", "0", "off", "false")
_dir: Path | None = None


def set_compiled_cache_dir(path: str | os.PathLike[str] | None) -> None:
    """Name the directory compiled caches may be written to (None: no disk cache)."""
    global _dir
    _dir = Path(path) if path is not None else None


def compiled_cache_dir(*env_vars: str) -> Path | None:
    for var in env_vars:
        setting = os.environ.get(var)
        if setting is not None:
            return None if setting.strip().lower() in _OFF else Path(setting)
    return _dir
