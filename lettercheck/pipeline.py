"""One letter in, findings out: the pure function every way of running lettercheck shares.

``check_bytes`` never raises for a bad letter: unreadable input becomes an LC9xx finding, a failing rule
becomes LC900 for that file, so one broken file cannot stop a batch of thousands.
"""

from __future__ import annotations

import fnmatch
import os
from datetime import date
from pathlib import Path, PurePosixPath

from lettercheck import cpr, registry
from lettercheck.config import Config
from lettercheck.context import Context
from lettercheck.model import FileResult, Finding, Letter, ReadError, Severity

_MAX_CONTEXT_LINE = 2000


def preflight(config: Config) -> None:
    """Load the corpus and rule packs the config names, once, before any letter.

    A broken overlay or pack is a configuration error (exit 2) for the whole run, not an LC900 on every
    letter; loading here also means worker processes inherit the parsed data instead of parsing it again.
    """
    from lettercheck.config import ConfigError
    from lettercheck.corpus import CorpusError, load_corpus
    from lettercheck.packs import PackError, packs_for_config

    try:
        load_corpus(config.corpus)
    except CorpusError as e:
        raise ConfigError(f"corpus overlay is invalid:\n{e}") from None
    try:
        packs_for_config(config)
    except PackError as e:
        raise ConfigError(f"rule pack is invalid: {e}") from None


def check_path(path: str | os.PathLike[str], config: Config | None = None) -> FileResult:
    """Check one file on disk."""
    p = Path(path)
    config = config or Config()
    try:
        data = p.read_bytes() if str(path) != "-" else _stdin_bytes()
    except OSError as e:
        return _unreadable(str(path), config, f"cannot read file: {e.strerror or e}")
    return check_bytes(data, str(path), config)


def _stdin_bytes() -> bytes:
    import sys

    return sys.stdin.buffer.read()


def check_bytes(data: bytes, name: str, config: Config | None = None) -> FileResult:
    """Check one letter given as bytes; ``name`` is its path (for the format, globs and reports)."""
    config = config or Config()
    letter, result = read_letter(data, name, config)
    if letter is None:
        return result
    return check_letter(letter, config)


def read_letter(data: bytes, name: str, config: Config) -> tuple[Letter | None, FileResult]:
    """Read and prepare the letter; on failure, the FileResult carries the LC9xx finding."""
    from lettercheck.readers import read_bytes

    try:
        letter = read_bytes(
            data, name, limits=config.limits, mappings=config.mapping_dict(), engine=config.pdf_engine
        )
    except ReadError as e:
        return None, _error_result(name, config, e.code, e.message, e.location)
    except RecursionError:
        return None, _error_result(name, config, "LC901", "file structure nests too deeply to read")
    except MemoryError:
        return None, _error_result(name, config, "LC906", "file needs more memory than allowed to read")
    except Exception as e:  # a reader bug must not stop the batch
        return None, _error_result(
            name, config, "LC900", f"lettercheck failed to read this file: {type(e).__name__}: {e}"
        )
    prepare_letter(letter, config, name)
    return letter, FileResult(name, [])


def prepare_letter(letter: Letter, config: Config, name: str, today: date | None = None) -> None:
    """Decide the letter's date, whether it is a template, and its type."""
    if config.as_of is not None:
        letter.date, letter.date_source = config.as_of, "cli"
    elif letter.date is None:
        found = None
        if letter.text:
            from lettercheck.extract.dates import find_letter_date

            found = find_letter_date(letter.text)
        if found is not None:
            letter.date, letter.date_source = found.value, "text"
        elif isinstance(letter.metadata.get("creation_date"), date):
            letter.date, letter.date_source = letter.metadata["creation_date"], "pdf-metadata"
        else:
            letter.date, letter.date_source = today or date.today(), "today"
    if config.force_template or _glob_match(name, config.templates, config.root):
        letter.is_template = True
    if letter.letter_type is None:
        from lettercheck.lettertypes import classify
        from lettercheck.packs import packs_for_config

        letter.letter_type, letter.letter_type_reason = classify(letter, packs_for_config(config))


def _glob_match(name: str, globs: tuple[str, ...], root: str | None) -> bool:
    if not globs:
        return False
    candidates = {PurePosixPath(name).as_posix(), os.path.basename(name)}
    if root:
        try:
            candidates.add(Path(name).resolve().relative_to(root).as_posix())
        except ValueError:
            pass
    return any(fnmatch.fnmatch(c, g) for c in candidates for g in globs)


def _ignored(config: Config, name: str) -> tuple[str, ...]:
    ignored = tuple(config.ignore)
    for glob, codes in config.per_file_ignores:
        if _glob_match(name, (glob,), config.root):
            ignored += tuple(codes)
    return ignored


class _Selection:
    """The rules a selection enables, in code order, and their codes: worked out once per selection.

    The selection of a letter is the config's ``select``/``extend-select`` plus its ``ignore`` with any
    ``per-file-ignores`` that match the letter — a handful of distinct values in a batch of any size, while
    the question "is this rule (this finding's code) enabled?" is asked per rule and per finding.
    """

    __slots__ = ("codes", "known", "rules")

    def __init__(self, rules: list[registry.Rule], known: dict[str, registry.Rule]) -> None:
        self.rules = rules
        self.codes = frozenset(r.code for r in rules)
        self.known = known

    def enabled(self, code: str) -> bool:
        """Whether findings of ``code`` are kept (a code no rule declares is never filtered out)."""
        return code in self.codes or code not in self.known


_SELECTIONS: dict[tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]], _Selection] = {}
_SELECTIONS_OF: dict[str, registry.Rule] | None = None


def _selection(config: Config, ignored: tuple[str, ...]) -> _Selection:
    global _SELECTIONS_OF
    rules = registry.load_all()
    if rules is not _SELECTIONS_OF:  # a rule was registered since: start afresh
        _SELECTIONS.clear()
        _SELECTIONS_OF = rules
    key = (tuple(config.select), tuple(config.extend_select), ignored)
    sel = _SELECTIONS.get(key)
    if sel is None:
        if len(_SELECTIONS) >= 256:
            _SELECTIONS.clear()
        enabled = [r for r in rules.values() if registry.selected(r, key[0], key[1], key[2])]
        sel = _SELECTIONS[key] = _Selection(enabled, rules)
    return sel


def enabled_rules(config: Config, name: str) -> list[registry.Rule]:
    return list(_selection(config, _ignored(config, name)).rules)


def is_enabled(code: str, config: Config, name: str) -> bool:
    return _selection(config, _ignored(config, name)).enabled(code)


def check_letter(letter: Letter, config: Config) -> FileResult:
    """Run every enabled rule on a prepared letter and return its findings, masked and in order."""
    ctx = Context(letter, config)
    findings: list[Finding] = []
    for problem in letter.problems:
        findings.append(_finding(problem.code, problem.message, config, problem.location))
    # a message whose documents could not be read has only its header left: check that, not the rest
    header_only = letter.format == "memo" and letter.data.get("documents_read") == 0
    selection = _selection(config, _ignored(config, letter.path))
    for r in selection.rules:
        if r.check is None or (header_only and r.family != "privacy"):
            continue
        try:
            findings.extend(r.check(ctx))
        except Exception as e:  # one failing rule must not cost the other rules or the batch
            findings.append(
                _finding("LC900", f"rule {r.code} failed on this letter: {type(e).__name__}: {e}", config)
            )
    findings = _apply_suppressions(letter, findings, config)
    findings = [f for f in findings if selection.enabled(f.code)]
    findings.sort(key=Finding.sort_key)
    result = FileResult(
        path=letter.path,
        findings=[_masked(f) for f in findings],
        letter_date=letter.date,
        date_source=letter.date_source,
        letter_type=letter.letter_type,
    )
    for f in result.findings:
        key = (f.location.document, f.location.page, f.location.line or 0)
        if key in result.context:
            continue
        line = letter.source_line(f.location)
        # a caret under a 10 MB line helps nobody; such findings are shown with their text only
        if line is not None and len(line) <= _MAX_CONTEXT_LINE:
            result.context[key] = cpr.mask(line)
    return result


def _apply_suppressions(letter: Letter, findings: list[Finding], config: Config) -> list[Finding]:
    if not letter.suppressions:
        return findings
    used: set[int] = set()
    kept: list[Finding] = []
    for f in findings:
        hit = None
        for i, s in enumerate(letter.suppressions):
            if s.codes and not any(f.code.startswith(c) for c in s.codes):
                continue
            whole = s.scope_start == 0 and s.scope_end >= 2**62
            pos = f.start
            if whole or (pos is not None and s.scope_start <= pos < s.scope_end):
                hit = i
                break
        if hit is None:
            kept.append(f)
        else:
            used.add(hit)
    for i, s in enumerate(letter.suppressions):
        codes = ", ".join(s.codes) or "all codes"
        if i not in used:
            kept.append(
                _finding("LC001", f"suppression of {codes} matched no finding; remove it", config, s.location)
            )
        if s.reason is None:
            kept.append(
                _finding(
                    "LC002",
                    f"suppression of {codes} gives no reason; write `lettercheck: ignore {codes} -- why`",
                    config,
                    s.location,
                )
            )
    return kept


def _masked(f: Finding) -> Finding:
    f.message = cpr.mask(f.message)
    f.text = cpr.mask(f.text)
    if f.suggestion:
        f.suggestion = cpr.mask(f.suggestion)
    if f.extra:
        f.extra = cpr.mask_obj(f.extra)  # type: ignore[assignment]
    return f


def _finding(code: str, message: str, config: Config, location=None) -> Finding:
    from lettercheck.model import Location

    rule = registry.load_all().get(code)
    default = rule.severity if rule is not None else Severity.ERROR
    return Finding(
        code=code,
        severity=config.severity_for(code, default),
        message=cpr.mask(message),
        location=location or Location(),
    )


def _error_result(name: str, config: Config, code: str, message: str, location=None) -> FileResult:
    findings = [_finding(code, message, config, location)]
    findings = [f for f in findings if is_enabled(f.code, config, name)]
    return FileResult(name, findings, letter_date=config.as_of, date_source="cli" if config.as_of else None)


def _unreadable(name: str, config: Config, message: str) -> FileResult:
    return _error_result(name, config, "LC901", message)
