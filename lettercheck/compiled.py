"""Where the compiled (pickled) corpus, rule packs and payment vocabulary may be cached on disk — and by
default, nowhere; and the one way they are read and written.

Parsing the corpus and the packs costs ~150 ms per process; unpickling them ~3 ms. But lettercheck promises to
write nothing outside the report, its cache directory and the baseline (docs/security.md). So the compiled
forms live in the findings cache directory (``.lettercheck_cache/compiled``), which the CLI names here unless
``--no-cache`` is given; library users get no disk cache unless they ask for one. The environment variables
``LETTERCHECK_CORPUS_CACHE`` / ``LETTERCHECK_PACKS_CACHE`` (a directory, or ``off``) override it (the packs'
variable also covers the payment vocabulary, which is a rule-pack section).
"""

from __future__ import annotations

import contextlib
import os
import pickle
import sys
from pathlib import Path
from typing import Any

_OFF = ("", "0", "off", "false")
_dir: Path | None = None

#: literal prefilters (see ``lettercheck.packs.prefilter``) that travel in a compiled cache other than the
#: packs' — the corpus's body and term patterns — by ``(source, flags, engine)``, as the plain tuples of
#: ``packs.prefilter_seed``: reading a pattern costs ~0.3 ms, and every check of a letter asks about the
#: corpus's thirty-odd patterns. Filled when a cache is read, taken by the packs module on first use, so
#: neither module imports the other for it.
PREFILTER_SEEDS: dict[tuple[str, int, str], tuple[Any, ...] | None] = {}


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


def cache_file(kind: str, version: int, digest: str, *env_vars: str) -> Path | None:
    """The pickle for ``kind`` ("corpus", "packs", "payments") keyed by its source ``digest``, or None when
    there is no disk cache. The name carries the compiled form's ``version`` and the Python version (pickles
    of compiled patterns are not portable between them), so a changed shape is never read back."""
    d = compiled_cache_dir(*env_vars)
    if d is None:
        return None
    return d / f"{kind}-{version}-{sys.version_info[0]}{sys.version_info[1]}-{digest[:32]}.pickle"


def read_pickle(path: Path | None) -> Any:
    """The object in our own cache file, or None when it is missing, unreadable or from other code.

    The caller still checks the object's type and key: a pickle is trusted only because lettercheck wrote it
    into its own cache directory, and a half-written or foreign file must cost a rebuild, never a crash.
    """
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            return pickle.load(fh)  # our own cache file, keyed by content hash
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None


def write_pickle(path: Path | None, obj: Any) -> None:
    """Store ``obj`` atomically (parallel workers never read half a file); a cache that cannot be written
    is only a slower next start, never an error."""
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PickleError, TypeError, AttributeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as fh:
                pickle.dump(obj, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
