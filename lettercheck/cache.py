"""The findings cache: re-checking an unchanged letter costs a hash and a small file read.

Keyed like Ruff's cache but on content, not mtime — exported batches get fresh mtimes on every export, and a
letter's findings depend on more than its bytes. An entry's key is the SHA-256 of:

* the letter's bytes and its name (the name decides the format, ``templates`` and ``per-file-ignores``);
* the lettercheck version and a fingerprint of its own code (so an editable checkout never serves findings
  made by older code);
* the **corpus** (every bundled corpus file plus the configured overlays, by content) and the **rule packs**
  (every bundled ``rules/*.yaml`` plus ``rule-packs``) — every finding may depend on them, so a corpus update
  invalidates every entry, and nothing else does;
* the effective configuration (``Config.fingerprint()``, minus settings that cannot change a finding).

The corpus is hashed from its files' bytes, not loaded: a cache hit never pays for parsing the corpus.

Entries are JSON, never pickle (a cache directory is not a place to load code from), written atomically
(temporary file + ``os.replace``) so concurrent pre-commit runs and parallel workers never see half an entry.
They hold exactly what a report shows — findings (already CPR-masked by the pipeline, masked again here) and
the masked source lines of those findings — never the letter's text.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
import json
import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from lettercheck import __version__, cpr
from lettercheck.config import Config
from lettercheck.model import FileResult, Finding, Location, Severity

FORMAT = 1
#: marks a directory as ours: ``lettercheck clean`` only deletes directories that carry it
TAG_NAME = "CACHEDIR.TAG"
TAG = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by lettercheck.\n"
    "# For information about cache directory tags see https://bford.info/cachedir/\n"
)
PRUNE_AFTER_DAYS = 30


def _hash_files(h: Any, label: str, files: Iterable[Path]) -> None:
    for f in files:
        h.update(f"{label}:{f.name}\0".encode())
        try:
            h.update(hashlib.sha256(f.read_bytes()).digest())
        except OSError:
            h.update(b"missing")


def _tree_files(root: Path) -> list[Path]:
    if not root.is_dir():
        return []
    return sorted(
        (p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts),
        key=lambda p: p.relative_to(root).as_posix(),
    )


def _configured_files(paths: Iterable[str], root: str | None) -> list[Path]:
    """Overlay/pack files named in the config, resolved both from the working directory and the config root.

    Both candidates are hashed, so the key changes whichever of them the loader ends up reading.
    """
    out: list[Path] = []
    for p in paths:
        cands = [Path(p)]
        if root and not Path(p).is_absolute():
            cands.append(Path(root) / p)
        out.extend(cands)
    return out


def corpus_hash(config: Config) -> str:
    """SHA-256 over the bytes of the bundled corpus files and the configured overlays."""
    from lettercheck.resources import data_path

    h = hashlib.sha256()
    base = data_path("corpus")
    for f in _tree_files(base):
        h.update(f.relative_to(base).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    _hash_files(h, "overlay", _configured_files(config.corpus, config.root))
    return h.hexdigest()


def rule_pack_hash(config: Config) -> str:
    """SHA-256 over the bytes of the bundled rule packs and the configured extra packs."""
    from lettercheck.resources import data_path

    h = hashlib.sha256()
    base = data_path("rules")
    for f in _tree_files(base):
        h.update(f.relative_to(base).as_posix().encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest())
    _hash_files(h, "pack", _configured_files(config.rule_packs, config.root))
    return h.hexdigest()


def code_hash() -> str:
    """Name, size and mtime of lettercheck's own modules: cheap, and stale entries die with a code edit."""
    pkg = Path(__file__).resolve().parent
    h = hashlib.sha256(__version__.encode())
    for f in sorted(pkg.rglob("*.py")):
        try:
            st = f.stat()
        except OSError:
            continue
        h.update(f"{f.relative_to(pkg).as_posix()}:{st.st_size}:{st.st_mtime_ns}\0".encode())
    return h.hexdigest()


def settings_hash(config: Config) -> str:
    """Everything that decides what a letter's findings are, as one hash (the cache's namespace)."""
    relevant = config.replace(exclude=(), jobs=None, cache_dir=".lettercheck_cache")
    h = hashlib.sha256()
    for part in (
        f"lettercheck-cache/{FORMAT}",
        code_hash(),
        corpus_hash(config),
        rule_pack_hash(config),
        relevant.fingerprint(),
        str(config.root or ""),
    ):
        h.update(part.encode() + b"\0")
    return h.hexdigest()


def cache_root(config: Config) -> Path:
    """The cache directory: ``cache-dir`` from the config, relative to the project root (where the config is)."""
    d = Path(config.cache_dir).expanduser()
    if not d.is_absolute() and config.root:
        d = Path(config.root) / d
    return d


class Cache:
    """Per-file cached results under ``<cache-dir>/<version>/<settings hash>/``."""

    def __init__(self, directory: str | os.PathLike[str], namespace: str) -> None:
        self.root = Path(directory)
        self.namespace = namespace
        self.dir = self.root / __version__ / namespace[:20]
        self.writable = True

    @classmethod
    def for_config(cls, config: Config) -> Cache:
        return cls(cache_root(config), settings_hash(config))

    # -- keys
    def key(self, name: str, data: bytes) -> str:
        h = hashlib.sha256(self.namespace.encode())
        h.update(b"\0" + name.encode("utf-8", "surrogateescape") + b"\0")
        h.update(hashlib.sha256(data).digest())
        return h.hexdigest()

    def _entry(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key[2:]}.json"

    # -- reading and writing
    def get(self, key: str, name: str) -> FileResult | None:
        """The cached result for ``key``, reported under ``name``; ``None`` on a miss or a damaged entry."""
        try:
            raw = self._entry(key).read_bytes()
            obj = json.loads(raw)
            if obj.get("format") != FORMAT:
                return None
            valid_on = obj.get("valid_on")
            if valid_on is not None and valid_on != dt.date.today().isoformat():
                return None  # the letter had no date of its own and was judged as of that day
            result = _decode_result(obj, name)
        except (OSError, ValueError, KeyError, TypeError):
            return None
        result.from_cache = True
        return result

    def put(self, key: str, result: FileResult) -> None:
        """Store ``result`` atomically; silently does nothing when the directory is not writable."""
        if not self.writable:
            return
        try:
            payload = json.dumps(_encode_result(result), ensure_ascii=False, separators=(",", ":"))
        except (TypeError, ValueError):
            return  # something we cannot store faithfully: better no entry than a wrong one
        target = self._entry(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._tag()
            fd, tmp = _mkstemp(target.parent)
            try:
                with os.fdopen(fd, "w", encoding="utf-8") as fh:
                    fh.write(payload)
                os.replace(tmp, target)
            except BaseException:
                try:
                    os.unlink(tmp)
                except OSError:
                    pass
                raise
        except OSError:
            self.writable = False

    def _tag(self) -> None:
        """Mark the directory as a cache (backup tools skip it) and keep it out of git, as Ruff does."""
        tag = self.root / TAG_NAME
        if tag.exists():
            return
        self.root.mkdir(parents=True, exist_ok=True)
        for name, text in ((TAG_NAME, TAG), (".gitignore", "# Automatically created by lettercheck.\n*\n")):
            p = self.root / name
            if p.exists():
                continue
            fd, tmp = _mkstemp(self.root)
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, p)

    def touch(self) -> None:
        """Record that this namespace is in use (pruning removes namespaces unused for 30 days)."""
        try:
            self.dir.mkdir(parents=True, exist_ok=True)
            self._tag()
            os.utime(self.dir)
        except OSError:
            self.writable = False

    def prune(self, max_age_days: int = PRUNE_AFTER_DAYS) -> int:
        """Delete other namespaces and versions not used for ``max_age_days``; returns how many went."""
        cutoff = time.time() - max_age_days * 86400
        removed = 0
        if not self.root.is_dir():
            return 0
        for version_dir in self.root.iterdir():
            if not version_dir.is_dir():
                continue
            for ns in version_dir.iterdir():
                if ns == self.dir or not ns.is_dir():
                    continue
                try:
                    if ns.stat().st_mtime < cutoff:
                        _rmtree(ns, ignore_errors=True)
                        removed += 1
                except OSError:
                    pass
        return removed


def clean(directory: str | os.PathLike[str]) -> bool:
    """Remove a cache directory if it is one of ours (it carries our CACHEDIR.TAG); returns whether it did."""
    d = Path(directory)
    tag = d / TAG_NAME
    try:
        if not tag.is_file() or "lettercheck" not in tag.read_text(encoding="utf-8", errors="replace"):
            return False
    except OSError:
        return False
    _rmtree(d)
    return True


# ---------------------------------------------------------------------------------------- (de)serialising


def _enc(obj: Any) -> Any:
    """JSON with tags for the few non-JSON values findings carry; anything else refuses to be cached."""
    if obj is None or isinstance(obj, bool | int | float):
        return obj
    if isinstance(obj, str):
        return cpr.mask(obj)
    if isinstance(obj, dt.datetime):
        return {"$datetime": obj.isoformat()}
    if isinstance(obj, dt.date):
        return {"$date": obj.isoformat()}
    if isinstance(obj, decimal.Decimal):
        return {"$decimal": str(obj)}
    if isinstance(obj, tuple):
        return {"$tuple": [_enc(v) for v in obj]}
    if isinstance(obj, list):
        return [_enc(v) for v in obj]
    if isinstance(obj, dict):
        if not all(isinstance(k, str) for k in obj) or any(k.startswith("$") for k in obj):
            raise TypeError("dict keys must be plain strings")
        return {cpr.mask(k): _enc(v) for k, v in obj.items()}
    raise TypeError(f"cannot cache a {type(obj).__name__}")


def _dec(obj: Any) -> Any:
    if isinstance(obj, list):
        return [_dec(v) for v in obj]
    if isinstance(obj, dict):
        if len(obj) == 1:
            ((k, v),) = obj.items()
            if k == "$datetime":
                return dt.datetime.fromisoformat(v)
            if k == "$date":
                return dt.date.fromisoformat(v)
            if k == "$decimal":
                return decimal.Decimal(v)
            if k == "$tuple":
                return tuple(_dec(x) for x in v)
        return {k: _dec(v) for k, v in obj.items()}
    return obj


def _encode_result(result: FileResult) -> dict[str, Any]:
    findings = []
    for f in result.findings:
        findings.append(
            {
                "code": f.code,
                "severity": int(f.severity),
                "message": _enc(f.message),
                "text": _enc(f.text),
                "location": _enc(f.location.to_dict()),
                "suggestion": _enc(f.suggestion),
                "start": f.start,
                "end": f.end,
                "extra": _enc(f.extra),
            }
        )
    return {
        "format": FORMAT,
        "findings": findings,
        "letter_date": _enc(result.letter_date),
        "date_source": result.date_source,
        "letter_type": result.letter_type,
        "context": [[doc, page, line, _enc(text)] for (doc, page, line), text in result.context.items()],
        "valid_on": dt.date.today().isoformat() if result.date_source == "today" else None,
    }


def _decode_result(obj: dict[str, Any], name: str) -> FileResult:
    findings = [
        Finding(
            code=d["code"],
            severity=Severity(d["severity"]),
            message=d["message"],
            text=d["text"],
            location=Location(**d["location"]),
            suggestion=d["suggestion"],
            start=d["start"],
            end=d["end"],
            extra=_dec(d["extra"]),
        )
        for d in obj["findings"]
    ]
    return FileResult(
        path=name,
        findings=findings,
        letter_date=_dec(obj["letter_date"]),
        date_source=obj["date_source"],
        letter_type=obj["letter_type"],
        context={(doc, page, line): text for doc, page, line, text in obj["context"]},
    )


def _mkstemp(directory: Path) -> tuple[int, str]:
    """``tempfile.mkstemp(prefix=".tmp-", dir=directory)`` without importing tempfile, which with shutil and
    random costs ~9 ms of every pre-commit start: a new file (O_EXCL, never following a link) readable by
    its owner only, under a random name."""
    flags = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
    for _ in range(100):
        name = os.path.join(directory, f".tmp-{os.urandom(8).hex()}")
        try:
            return os.open(name, flags, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(f"no unused temporary name in {directory}")


def _rmtree(path: Any, ignore_errors: bool = False) -> None:
    import shutil  # only when pruning or clearing the cache

    shutil.rmtree(path, ignore_errors=ignore_errors)
