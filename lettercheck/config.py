"""Configuration: ``[tool.lettercheck]`` in pyproject.toml or a ``lettercheck.toml``, found as Ruff finds its own.

Command-line options override the file. Unknown keys are an error naming the key, because a misspelt
``ignore`` that silently does nothing is worse than a refusal to run.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from lettercheck.model import Severity
from lettercheck.records import asdict, field, fields, record, replace


class ConfigError(Exception):
    """A configuration problem; the CLI turns it into exit code 2."""


@record(frozen=True)
class Limits:
    """Resource limits per file; exceeding one gives LC906 naming the limit."""

    max_file_size: int = 50 * 1024 * 1024
    max_pages: int = 500
    max_decompressed_size: int = 200 * 1024 * 1024
    #: real letters are under 100k characters; 5M keeps a hostile text letter's memory under ~300 MB
    max_text_chars: int = 5_000_000
    max_xml_depth: int = 256
    timeout: float = 30.0


@record(frozen=True)
class Config:
    """Every setting of a run: the config file's, with the command line's on top (``replace``)."""

    #: empty = the default rule set (every rule except opt-in ones such as LC109)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    fail_on: Severity = Severity.WARNING
    exit_zero: bool = False
    as_of: date | None = None
    templates: tuple[str, ...] = ()
    force_template: bool = False
    exclude: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: tuple[tuple[str, Severity], ...] = ()
    corpus: tuple[str, ...] = ()
    rule_packs: tuple[str, ...] = ()
    mappings: tuple[tuple[str, tuple[tuple[str, Any], ...]], ...] = ()
    limits: Limits = field(default_factory=Limits)
    jobs: int | None = None
    cache_dir: str = ".lettercheck_cache"
    pdf_engine: str = "pypdf"
    #: directory the config file was found in (globs and relative paths are taken from there)
    root: str | None = None

    def replace(self, **changes: Any) -> Config:
        return replace(self, **changes)

    def severity_for(self, code: str, default: Severity) -> Severity:
        for sel, sev in self.severity:
            if code.startswith(sel):
                return sev
        return default

    def mapping_dict(self) -> dict[str, dict[str, Any]]:
        return {name: dict(items) for name, items in self.mappings}

    def fingerprint(self) -> str:
        """A stable string of every setting that can change a file's findings (for the cache key)."""
        d = asdict(self)
        for k in ("jobs", "cache_dir", "root", "exit_zero", "fail_on"):
            d.pop(k, None)
        return repr(sorted(d.items(), key=lambda kv: kv[0]))


_LIST_KEYS = {
    "select",
    "ignore",
    "extend-select",
    "templates",
    "exclude",
    "corpus",
    "rule-packs",
}
_KNOWN = _LIST_KEYS | {
    "fail-on",
    "per-file-ignores",
    "severity",
    "mappings",
    "limits",
    "jobs",
    "cache-dir",
    "pdf-engine",
    "as-of",
}
_LIMIT_KEYS = {f.name.replace("_", "-") for f in fields(Limits)}


def find_config_file(start: Path) -> Path | None:
    """Walk up from ``start`` to the first lettercheck.toml or pyproject.toml with a [tool.lettercheck]."""
    start = start.resolve()
    here = start if start.is_dir() else start.parent
    for d in (here, *here.parents):
        for name in ("lettercheck.toml", ".lettercheck.toml"):
            if (d / name).is_file():
                return d / name
        pp = d / "pyproject.toml"
        if pp.is_file():
            import tomllib  # here, not at start-up: most runs find no config file, or a lettercheck.toml

            try:
                text = pp.read_text(encoding="utf-8")
                # a project's pyproject.toml that never names lettercheck cannot configure it: not parsed
                data = tomllib.loads(text) if "lettercheck" in text else {}
            except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError):
                continue
            if "lettercheck" in data.get("tool", {}):
                return pp
    return None


def load_config_file(path: Path) -> Config:
    import tomllib

    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise ConfigError(f"{path}: cannot read: {e.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ConfigError(f"{path}: not valid TOML: {e}") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("lettercheck", {})
    return config_from_dict(data, source=str(path), root=str(path.parent.resolve()))


def config_from_dict(data: dict[str, Any], source: str = "config", root: str | None = None) -> Config:
    unknown = sorted(set(data) - _KNOWN)
    if unknown:
        raise ConfigError(f"{source}: unknown key {unknown[0]!r} (known keys: {', '.join(sorted(_KNOWN))})")
    kw: dict[str, Any] = {"root": root}
    for key in _LIST_KEYS:
        if key in data:
            val = data[key]
            if isinstance(val, str):
                val = [val]
            if not isinstance(val, list) or not all(isinstance(v, str) for v in val):
                raise ConfigError(f"{source}: {key!r} must be a list of strings")
            kw[key.replace("-", "_")] = tuple(val)
    if root:
        # paths in a config file are relative to the file, wherever lettercheck is run from
        for key in ("corpus", "rule_packs"):
            if key in kw:
                kw[key] = tuple(p if Path(p).is_absolute() else str(Path(root) / p) for p in kw[key])
    if "fail-on" in data:
        try:
            kw["fail_on"] = Severity.parse(str(data["fail-on"]))
        except ValueError as e:
            raise ConfigError(f"{source}: 'fail-on': {e}") from None
    if "as-of" in data:
        try:
            kw["as_of"] = date.fromisoformat(str(data["as-of"]))
        except ValueError:
            raise ConfigError(f"{source}: 'as-of' must be a date YYYY-MM-DD") from None
    if "per-file-ignores" in data:
        pfi = data["per-file-ignores"]
        if not isinstance(pfi, dict):
            raise ConfigError(f"{source}: 'per-file-ignores' must be a table of glob = [codes]")
        kw["per_file_ignores"] = tuple((g, tuple(c if isinstance(c, list) else [c])) for g, c in pfi.items())
    if "severity" in data:
        sev = data["severity"]
        if not isinstance(sev, dict):
            raise ConfigError(f"{source}: 'severity' must be a table of code = level")
        try:
            kw["severity"] = tuple((k.upper(), Severity.parse(v)) for k, v in sev.items())
        except ValueError as e:
            raise ConfigError(f"{source}: 'severity': {e}") from None
    if "mappings" in data:
        maps = data["mappings"]
        if not isinstance(maps, dict) or not all(isinstance(v, dict) for v in maps.values()):
            raise ConfigError(
                f"{source}: 'mappings' must be a table of tables ([tool.lettercheck.mappings.NAME])"
            )
        kw["mappings"] = tuple((name, tuple(sorted(m.items()))) for name, m in maps.items())
    if "limits" in data:
        lim = data["limits"]
        if not isinstance(lim, dict):
            raise ConfigError(f"{source}: 'limits' must be a table")
        bad = sorted(set(lim) - _LIMIT_KEYS)
        if bad:
            raise ConfigError(
                f"{source}: unknown key 'limits.{bad[0]}' (known: {', '.join(sorted(_LIMIT_KEYS))})"
            )
        try:
            kw["limits"] = Limits(
                **{
                    k.replace("-", "_"): type(getattr(Limits(), k.replace("-", "_")))(v)
                    for k, v in lim.items()
                }
            )
        except (TypeError, ValueError):
            raise ConfigError(f"{source}: 'limits' values must be numbers") from None
    if "jobs" in data:
        if not isinstance(data["jobs"], int) or data["jobs"] < 1:
            raise ConfigError(f"{source}: 'jobs' must be a positive integer")
        kw["jobs"] = data["jobs"]
    if "cache-dir" in data:
        kw["cache_dir"] = str(data["cache-dir"])
    if "pdf-engine" in data:
        if data["pdf-engine"] not in ("pypdf", "pdfium"):
            raise ConfigError(f"{source}: 'pdf-engine' must be 'pypdf' or 'pdfium'")
        kw["pdf_engine"] = data["pdf-engine"]
    return Config(**kw)
