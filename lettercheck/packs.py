"""Rule packs: letter types, required content, placeholder syntaxes and template debris, as YAML data.

Municipalities word the same thing differently, add letter types, and retire phrasings; none of that should
need a code change. So everything the content (LC3xx) and template (LC4xx) rules recognise lives in
``rules/*.yaml`` (bundled) and in the user's own packs (``rule-packs = ["..."]`` in the config), layered over
the bundled ones by ``id``:

* a user entry with a new ``id`` adds an entry;
* a user entry with an existing ``id`` extends it: lists (phrases, headings, patterns) are appended, scalars
  and sub-fields are replaced — so a municipality adds its own phrasing without copying ours;
* ``replace: true`` on a user entry replaces the bundled entry outright; ``enabled: false`` switches one off.

A pack that is wrong is refused on load with ``file:line: what is wrong`` (every value keeps its YAML mark),
because a misspelt key that silently does nothing would make a rule quietly stop firing. Packs are parsed once
per process per set of paths (:func:`load_packs` is cached), so a batch of thousands of letters pays once.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import sys
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import regex
import yaml

from lettercheck.model import Severity

Pattern = regex.Pattern
# libyaml's loader when PyYAML was built with it: same nodes and marks, several times faster
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class PackError(Exception):
    """A rule pack that cannot be used; the message is ``file:line: what is wrong``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


# ------------------------------------------------------------------------------------------------------
# The resolved packs, as the rules see them
# ------------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an entry was defined, for error messages and ``lettercheck rules`` listings."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True, slots=True)
class LetterType:
    id: str
    name: str
    description: str
    #: values of the letter's own ``type`` field (letter XML, MeMo, mappings) that mean this type
    data_values: tuple[str, ...]
    #: regexes that must match a whole heading line near the top of the letter
    headings: tuple[Pattern, ...]
    #: regexes searched anywhere in the text when no heading decided the type
    phrases: tuple[Pattern, ...]
    #: ids of the elements a letter of this type must contain
    requires: tuple[str, ...]
    #: which type wins when one heading line matches several types (higher wins)
    priority: int
    origin: Origin


@dataclass(frozen=True, slots=True)
class CitationExclusion:
    """Provisions that never count as a decision's legal basis (procedure: FVL § 24/25, RSL § 66, …)."""

    acts: frozenset[str]
    sections: frozenset[
        str
    ]  # as lettercheck.corpus.normalize_section writes them ("24", "11 a"); empty = all
    note: str


@dataclass(frozen=True, slots=True)
class Deadline:
    """How a klagevejledning's deadline is recognised and what it must be."""

    expected: str
    valid: tuple[Pattern, ...]
    duration: Pattern
    sentence: Pattern
    cue: Pattern
    exclude: tuple[Pattern, ...]
    #: an explicit deadline date must be at least this many days after the letter's date
    min_days: int | None


@dataclass(frozen=True, slots=True)
class Authority:
    """Who the klagevejledning must name: the klageinstans, and where the complaint is sent."""

    klageinstans: tuple[Pattern, ...]
    klageinstans_name: str
    recipient: tuple[Pattern, ...]
    recipient_name: str


@dataclass(frozen=True, slots=True)
class Element:
    """A required part of a letter (legal basis, begrundelse, klagevejledning, answer deadline, amount)."""

    id: str
    name: str
    description: str
    legal_ground: str
    #: the rule that reports the element missing: LC301 (legal basis), LC302 (klagevejledning), LC306
    code: str
    severity: Severity | None
    headings: tuple[Pattern, ...]
    patterns: tuple[Pattern, ...]
    #: when any of these match, the element is not required (e.g. the decision gives full approval)
    exempt: tuple[Pattern, ...]
    #: the element is present when the letter cites a substantive provision (not one of the exclusions)
    citation: bool
    citation_exclude: tuple[CitationExclusion, ...]
    deadline: Deadline | None
    authority: Authority | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class Section:
    """A heading the letter structure knows; ``terminator`` headings only end the section before them."""

    id: str
    name: str
    headings: tuple[Pattern, ...]
    terminator: bool
    origin: Origin


@dataclass(frozen=True, slots=True)
class Placeholder:
    id: str
    name: str
    description: str
    pattern: Pattern
    origin: Origin


@dataclass(frozen=True, slots=True)
class Debris:
    id: str
    name: str
    message: str
    pattern: Pattern
    #: whether the debris is also debris in a template (TODO is; "INDSÆT DATO" is a template's placeholder)
    templates: bool
    origin: Origin


@dataclass(frozen=True, slots=True)
class Settings:
    #: how many lines from the top are looked at for the heading that decides the letter type
    heading_lines: int = 40
    #: a line longer than this is never a heading
    heading_max_chars: int = 100
    #: paragraphs shorter than this are not reported as duplicated (signatures, table rows)
    duplicate_min_chars: int = 40
    #: section content that counts as empty although it has characters ("-", "…", "N/A")
    empty_fillers: tuple[Pattern, ...] = ()


@dataclass(frozen=True)
class Packs:
    """The merged result of the bundled packs and the user's packs."""

    files: tuple[str, ...]
    letter_types: tuple[LetterType, ...]  # in decision order: priority, then definition order
    elements: Mapping[str, Element]
    sections: tuple[Section, ...]
    placeholders: tuple[Placeholder, ...]
    debris: tuple[Debris, ...]
    settings: Settings
    _by_value: Mapping[str, LetterType] = field(default_factory=dict, repr=False)

    def letter_type(self, value: str | None) -> LetterType | None:
        """The type named by an id or a data value (``"afgørelse"``, ``"decision"``), case-insensitively."""
        if not value:
            return None
        return self._by_value.get(_norm_value(value))

    def required_elements(self, type_id: str | None) -> tuple[Element, ...]:
        t = self.letter_type(type_id)
        if t is None:
            return ()
        return tuple(self.elements[e] for e in t.requires if e in self.elements)

    def describe(self) -> dict[str, Any]:
        """The packs' own entries, for ``lettercheck rules --format json`` and docs."""
        return {
            "files": list(self.files),
            "letter_types": [
                {
                    "id": t.id,
                    "name": t.name,
                    "description": t.description,
                    "data_values": list(t.data_values),
                    "requires": list(t.requires),
                    "priority": t.priority,
                    "source": str(t.origin),
                }
                for t in self.letter_types
            ],
            "elements": [
                {
                    "id": e.id,
                    "name": e.name,
                    "code": e.code,
                    "severity": str(e.severity) if e.severity else None,
                    "legal_ground": e.legal_ground,
                    "required_by": [t.id for t in self.letter_types if e.id in t.requires],
                    "source": str(e.origin),
                }
                for e in self.elements.values()
            ],
            "sections": [{"id": s.id, "name": s.name, "source": str(s.origin)} for s in self.sections],
            "placeholders": [
                {"id": p.id, "name": p.name, "pattern": p.pattern.pattern, "source": str(p.origin)}
                for p in self.placeholders
            ],
            "debris": [
                {"id": d.id, "name": d.name, "templates": d.templates, "source": str(d.origin)}
                for d in self.debris
            ],
        }


# ------------------------------------------------------------------------------------------------------
# Loading
# ------------------------------------------------------------------------------------------------------


def bundled_pack_files() -> list[Path]:
    from lettercheck.resources import data_path

    root = data_path("rules")
    return sorted(p for p in root.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def load_packs(extra_paths: Sequence[str] = (), root: str | None = None) -> Packs:
    """The bundled packs with ``extra_paths`` (files or directories of ``*.yaml``) layered over them, in order.

    Relative paths are taken from ``root`` (the directory of the config file) or the working directory.
    Cached per process for each distinct list of paths.
    """
    resolved = tuple(_resolve(p, root) for p in extra_paths)
    return _load_cached(resolved)


def packs_for_config(config: Any) -> Packs:
    """The packs a :class:`~lettercheck.config.Config` asks for (``rule-packs``, relative to its root)."""
    return load_packs(tuple(getattr(config, "rule_packs", ()) or ()), root=getattr(config, "root", None))


def describe(packs: Packs | None = None) -> dict[str, Any]:
    """``Packs.describe()`` of the given packs, or of the bundled ones."""
    return (packs or load_packs()).describe()


def _resolve(path: str, root: str | None) -> str:
    p = Path(os.path.expanduser(path))
    if not p.is_absolute() and root:
        p = Path(root) / p
    return str(p.resolve())


@functools.lru_cache(maxsize=32)
def _load_cached(extra: tuple[str, ...]) -> Packs:
    files: list[Path] = list(bundled_pack_files())
    for e in extra:
        p = Path(e)
        if p.is_dir():
            found = sorted(q for q in p.iterdir() if q.suffix in (".yaml", ".yml") and q.is_file())
            if not found:
                raise PackError(str(p), None, "rule pack directory contains no .yaml files")
            files.extend(found)
        elif p.is_file():
            files.append(p)
        else:
            raise PackError(str(p), None, "rule pack not found")
    digest = _digest(files)
    if digest is not None:
        cached = _cache_get(digest)
        if cached is not None:
            return cached
    merged = _Merged()
    for f in files:
        st = f.stat()
        merged.add_file(_parse_file_cached(str(f), st.st_mtime_ns, st.st_size))
    packs = merged.build(tuple(str(f) for f in files))
    if digest is not None:
        _cache_put(digest, packs)
    return packs


@functools.lru_cache(maxsize=128)
def _parse_file_cached(path: str, mtime_ns: int, size: int) -> _File:
    # the bundled packs are shared by every set of user packs: parse each file version once
    return _parse_file(Path(path))


def clear_cache() -> None:
    """Forget parsed packs (tests that rewrite a pack file between loads)."""
    _load_cached.cache_clear()
    _parse_file_cached.cache_clear()


# ------------------------------------------------------------------------------------------------------
# Compiled cache (pickle), like the corpus's
# ------------------------------------------------------------------------------------------------------

#: Parsing and checking the packs (YAML with a mark for every value, every pattern compiled and tried on its
#: examples) costs ~100 ms per process; unpickling the result ~2 ms. The pickle is keyed by the sha256 of the
#: pack files' paths and contents, lettercheck's version and this format version, so an edited pack or a new
#: lettercheck never reads a stale one. ``LETTERCHECK_PACKS_CACHE`` moves it (a directory) or turns it off
#: (``off``); when unset, ``LETTERCHECK_CORPUS_CACHE`` decides, so one switch covers both compiled caches.
_CACHE_ENV = "LETTERCHECK_PACKS_CACHE"
_CORPUS_CACHE_ENV = "LETTERCHECK_CORPUS_CACHE"
#: Bumped whenever the compiled form changes shape, so stale pickles are never read back.
_COMPILED_FORMAT = 1


def _cache_dir() -> Path | None:
    from lettercheck.compiled import compiled_cache_dir

    return compiled_cache_dir(_CACHE_ENV, _CORPUS_CACHE_ENV)


def _digest(files: Sequence[Path]) -> str | None:
    """The cache key of a list of pack files, or None when one cannot be read (the parser then says why)."""
    from lettercheck import __version__

    h = hashlib.sha256(f"packs {_COMPILED_FORMAT} {__version__}\0".encode())
    for f in files:
        try:
            data = f.read_bytes()
        except OSError:
            return None
        name = str(f).encode("utf-8", "surrogateescape")
        h.update(b"%d:%s%d:" % (len(name), name, len(data)))
        h.update(data)
    return h.hexdigest()


def _cache_file(digest: str) -> Path | None:
    d = _cache_dir()
    if d is None:
        return None
    tag = f"{_COMPILED_FORMAT}-{sys.version_info[0]}{sys.version_info[1]}"
    return d / f"packs-{tag}-{digest[:32]}.pickle"


def _cache_get(digest: str) -> Packs | None:
    path = _cache_file(digest)
    if path is None:
        return None
    try:
        with path.open("rb") as fh:
            found = pickle.load(fh)  # our own cache file, keyed by content hash
    except (OSError, pickle.PickleError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    if not (
        isinstance(found, tuple) and len(found) == 2 and found[0] == digest and isinstance(found[1], Packs)
    ):
        return None
    return found[1]


def _cache_put(digest: str, packs: Packs) -> None:
    path = _cache_file(digest)
    if path is None:
        return
    with contextlib.suppress(OSError, pickle.PickleError, TypeError, AttributeError):
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as fh:
                pickle.dump((digest, packs), fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)  # atomic: parallel workers never read half a file
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()


# ------------------------------------------------------------------------------------------------------
# Parsing one file, with a line for every value
# ------------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _V:
    """A parsed scalar with the place it came from."""

    value: Any
    origin: Origin


_Entry = dict[str, Any]  # field -> _V | list[_V] | _Entry, plus "__origin__" -> Origin

_STR, _INT, _BOOL, _REGEX, _STRS, _REGEXES, _SEVERITY, _CODE = (
    "str",
    "int",
    "bool",
    "regex",
    "str list",
    "regex list",
    "severity",
    "code",
)

_DEADLINE = {
    "expected": _STR,
    "valid": _REGEXES,
    "duration": _REGEX,
    "sentence": _REGEX,
    "cue": _REGEX,
    "exclude": _REGEXES,
    "min_days": _INT,
}
_AUTHORITY = {
    "klageinstans": _REGEXES,
    "klageinstans_name": _STR,
    "recipient": _REGEXES,
    "recipient_name": _STR,
}
_EXCLUSION = {"act": _STRS, "sections": _STRS, "note": _STR}
_EXAMPLES = {"match": _STRS, "no_match": _STRS}

_SCHEMAS: dict[str, dict[str, Any]] = {
    "letter_types": {
        "id": _STR,
        "name": _STR,
        "description": _STR,
        "data_values": _STRS,
        "headings": _REGEXES,
        "phrases": _REGEXES,
        "requires": _STRS,
        "priority": _INT,
        "replace": _BOOL,
        "enabled": _BOOL,
    },
    "elements": {
        "id": _STR,
        "name": _STR,
        "description": _STR,
        "legal_ground": _STR,
        "code": _CODE,
        "severity": _SEVERITY,
        "headings": _REGEXES,
        "patterns": _REGEXES,
        "exempt": _REGEXES,
        "citation": _BOOL,
        "citation_exclude": [_EXCLUSION],
        "deadline": _DEADLINE,
        "authority": _AUTHORITY,
        "replace": _BOOL,
        "enabled": _BOOL,
    },
    "sections": {
        "id": _STR,
        "name": _STR,
        "headings": _REGEXES,
        "terminator": _BOOL,
        "replace": _BOOL,
        "enabled": _BOOL,
    },
    "placeholders": {
        "id": _STR,
        "name": _STR,
        "description": _STR,
        "pattern": _REGEX,
        "case_sensitive": _BOOL,
        "examples": _EXAMPLES,
        "replace": _BOOL,
        "enabled": _BOOL,
    },
    "debris": {
        "id": _STR,
        "name": _STR,
        "message": _STR,
        "pattern": _REGEX,
        "case_sensitive": _BOOL,
        "templates": _BOOL,
        "examples": _EXAMPLES,
        "replace": _BOOL,
        "enabled": _BOOL,
    },
}
_SETTINGS = {
    "heading_lines": _INT,
    "heading_max_chars": _INT,
    "duplicate_min_chars": _INT,
    "empty_fillers": _REGEXES,
}
_TOP = {"pack", "settings", *_SCHEMAS}
#: top-level sections of the same rule packs read by other loaders (extract/payments.py reads `payments`)
_OTHER_LOADERS = {"payments"}
_RULE_CODES = {"LC301", "LC302", "LC306"}


@dataclass(slots=True)
class _File:
    path: str
    settings: _Entry
    sections: dict[str, list[_Entry]]


def _parse_file(path: Path) -> _File:
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise PackError(name, None, f"cannot read rule pack: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise PackError(name, None, "rule pack is not UTF-8 text") from None
    try:
        node = yaml.compose(text, Loader=_LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else None
        raise PackError(name, line, f"not valid YAML: {e.problem or e.context}") from None
    except yaml.YAMLError as e:
        raise PackError(name, None, f"not valid YAML: {e}") from None
    p = _Parser(name)
    out = _File(name, {}, {})
    if node is None:
        return out  # an empty pack is allowed (a placeholder file)
    top = p.mapping(node, "the pack")
    for key, (knode, vnode) in top.items():
        if key.startswith("x-") or key in _OTHER_LOADERS:
            continue  # extension keys hold YAML anchors (&full_approval); other sections have their own loader
        if key not in _TOP:
            known = ", ".join(sorted(_TOP | _OTHER_LOADERS))
            raise p.err(knode, f"unknown top-level key {key!r} (known: {known}, or x-… for anchors)")
        if key == "pack":
            p.entry(vnode, {"name": _STR, "description": _STR, "version": _STR}, "pack")
        elif key == "settings":
            out.settings = p.entry(vnode, _SETTINGS, "settings")
        else:
            seq = p.sequence(vnode, key)
            entries = []
            seen: dict[str, int] = {}
            for item in seq:
                entry = p.entry(item, _SCHEMAS[key], f"{key} entry")
                if "id" not in entry:
                    raise p.err(item, f"{key} entry has no 'id'")
                ident = entry["id"].value
                if not regex.fullmatch(r"[a-z][a-z0-9_\-]*", ident):
                    raise p.err(
                        item,
                        f"{key} id {ident!r} must be lower-case letters, digits, '_' or '-' (e.g. afgoerelse)",
                    )
                if ident in seen:
                    raise p.err(item, f"duplicate {key} id {ident!r} (first defined on line {seen[ident]})")
                seen[ident] = entry["id"].origin.line
                entries.append(entry)
            out.sections[key] = entries
    return out


class _Parser:
    def __init__(self, file: str) -> None:
        self.file = file

    def origin(self, node: yaml.Node) -> Origin:
        return Origin(self.file, node.start_mark.line + 1)

    def err(self, node: yaml.Node, message: str) -> PackError:
        return PackError(self.file, node.start_mark.line + 1, message)

    def mapping(self, node: yaml.Node, what: str) -> dict[str, tuple[yaml.Node, yaml.Node]]:
        if not isinstance(node, yaml.MappingNode):
            raise self.err(node, f"{what} must be a mapping (key: value), not {_kind(node)}")
        out: dict[str, tuple[yaml.Node, yaml.Node]] = {}
        for k, v in node.value:
            if not isinstance(k, yaml.ScalarNode):
                raise self.err(k, f"keys in {what} must be plain names")
            if k.value in out:
                raise self.err(k, f"duplicate key {k.value!r} in {what}")
            out[k.value] = (k, v)
        return out

    def sequence(self, node: yaml.Node, what: str) -> list[yaml.Node]:
        if not isinstance(node, yaml.SequenceNode):
            raise self.err(node, f"{what!r} must be a list (- item), not {_kind(node)}")
        return list(node.value)

    def entry(self, node: yaml.Node, schema: Mapping[str, Any], what: str) -> _Entry:
        fields = self.mapping(node, what)
        out: _Entry = {"__origin__": self.origin(node)}
        for key, (knode, vnode) in fields.items():
            spec = schema.get(key)
            if spec is None:
                known = ", ".join(sorted(schema))
                raise self.err(knode, f"unknown key {key!r} in {what} (known: {known})")
            out[key] = self.value(vnode, spec, f"{what}.{key}" if "." in what else key)
        return out

    def value(self, node: yaml.Node, spec: Any, what: str) -> Any:
        if isinstance(spec, dict):
            return self.entry(node, spec, what)
        if isinstance(spec, list):
            return [self.entry(n, spec[0], what) for n in self.sequence(node, what)]
        if spec in (_STRS, _REGEXES):
            if isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:str":
                items = [node]  # a single string where a list is expected: accept it as a list of one
            else:
                items = self.sequence(node, what)
            return [self.value(n, _REGEX if spec == _REGEXES else _STR, what) for n in items]
        if not isinstance(node, yaml.ScalarNode):
            raise self.err(node, f"{what!r} must be a {spec}, not {_kind(node)}")
        tag, raw = node.tag, node.value
        origin = self.origin(node)
        if spec == _BOOL:
            if tag != "tag:yaml.org,2002:bool":
                raise self.err(node, f"{what!r} must be true or false, not {raw!r}")
            return _V(raw.lower() in ("true", "yes", "on", "y"), origin)
        if spec == _INT:
            if tag != "tag:yaml.org,2002:int":
                raise self.err(node, f"{what!r} must be a whole number, not {raw!r}")
            return _V(int(raw), origin)
        # everything else is text; numbers written for text (sections: [19, 22]) are read as their text
        if tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:int"):
            raise self.err(node, f"{what!r} must be text, not {raw!r}")
        if spec == _REGEX:
            if not raw.strip():
                raise self.err(node, f"{what!r}: empty pattern (it would match everywhere)")
            try:
                regex.compile(raw)
            except regex.error as e:
                raise self.err(node, f"{what!r}: invalid regular expression {raw!r}: {e}") from None
            if regex.fullmatch(regex.compile(raw, regex.IGNORECASE), ""):
                raise self.err(node, f"{what!r}: pattern {raw!r} matches the empty string")
        elif spec == _SEVERITY:
            try:
                return _V(Severity.parse(raw), origin)
            except ValueError as e:
                raise self.err(node, f"{what!r}: {e}") from None
        elif spec == _CODE and raw.upper() not in _RULE_CODES:
            raise self.err(node, f"{what!r} must be one of {', '.join(sorted(_RULE_CODES))}, not {raw!r}")
        return _V(raw, origin)


def _kind(node: yaml.Node) -> str:
    if isinstance(node, yaml.MappingNode):
        return "a mapping"
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    return f"{node.value!r}"


# ------------------------------------------------------------------------------------------------------
# Layering files and building the typed packs
# ------------------------------------------------------------------------------------------------------


def _merge(base: _Entry, over: _Entry) -> _Entry:
    """Lists extend (without repeats), sub-entries merge, scalars replace."""
    out = dict(base)
    for key, val in over.items():
        if key == "__origin__":
            continue
        old = out.get(key)
        if isinstance(val, list) and isinstance(old, list) and (not val or isinstance(val[0], _V)):
            have = {v.value for v in old}
            out[key] = old + [v for v in val if v.value not in have]
        elif isinstance(val, dict) and isinstance(old, dict):
            out[key] = _merge(old, val)
        else:
            out[key] = val
    return out


class _Merged:
    def __init__(self) -> None:
        self.settings: _Entry = {}
        self.entries: dict[str, dict[str, _Entry]] = {k: {} for k in _SCHEMAS}

    def add_file(self, f: _File) -> None:
        self.settings = _merge(self.settings, f.settings)
        for key, entries in f.sections.items():
            table = self.entries[key]
            for e in entries:
                ident = e["id"].value
                replace = e.get("replace")
                if ident in table and not (replace and replace.value):
                    table[ident] = _merge(table[ident], e)
                else:
                    table[ident] = e

    def build(self, files: tuple[str, ...]) -> Packs:
        settings = Settings(
            heading_lines=_get(self.settings, "heading_lines", 40),
            heading_max_chars=_get(self.settings, "heading_max_chars", 100),
            duplicate_min_chars=_get(self.settings, "duplicate_min_chars", 40),
            empty_fillers=_patterns(self.settings.get("empty_fillers", [])),
        )
        elements = {i: _element(e) for i, e in self.entries["elements"].items() if _get(e, "enabled", True)}
        types = []
        by_value: dict[str, LetterType] = {}
        claimed: dict[str, tuple[str, Origin]] = {}
        for order, (ident, e) in enumerate(self.entries["letter_types"].items()):
            if not _get(e, "enabled", True):
                continue
            for ref in e.get("requires", []):
                if ref.value not in elements:
                    known = ", ".join(sorted(elements))
                    raise PackError(
                        ref.origin.file,
                        ref.origin.line,
                        f"letter type {ident!r} requires unknown element {ref.value!r} (known: {known})",
                    )
            t = LetterType(
                id=ident,
                name=_get(e, "name", ident),
                description=_get(e, "description", ""),
                data_values=tuple(v.value for v in e.get("data_values", [])),
                headings=_patterns(e.get("headings", [])),
                phrases=_patterns(e.get("phrases", [])),
                requires=tuple(dict.fromkeys(v.value for v in e.get("requires", []))),
                priority=_get(e, "priority", 0),
                origin=e["__origin__"],
            )
            if not t.headings and not t.phrases and not t.data_values:
                raise PackError(
                    t.origin.file,
                    t.origin.line,
                    f"letter type {ident!r} has no data_values, headings or phrases to recognise it by",
                )
            for value, origin in [(ident, t.origin)] + [
                (v.value, v.origin) for v in e.get("data_values", [])
            ]:
                key = _norm_value(value)
                if key in claimed and claimed[key][0] != ident:
                    other, where = claimed[key]
                    raise PackError(
                        origin.file,
                        origin.line,
                        f"data value {value!r} of letter type {ident!r} already means {other!r} ({where})",
                    )
                claimed[key] = (ident, origin)
                by_value[key] = t
            types.append((-t.priority, order, t))
        sections = tuple(
            Section(
                id=i,
                name=_get(e, "name", i),
                headings=_patterns(e.get("headings", [])),
                terminator=_get(e, "terminator", False),
                origin=e["__origin__"],
            )
            for i, e in self.entries["sections"].items()
            if _get(e, "enabled", True)
        )
        placeholders = tuple(
            Placeholder(
                id=i,
                name=_get(e, "name", i),
                description=_get(e, "description", ""),
                pattern=_checked_pattern(e),
                origin=e["__origin__"],
            )
            for i, e in self.entries["placeholders"].items()
            if _get(e, "enabled", True)
        )
        debris = tuple(
            Debris(
                id=i,
                name=_get(e, "name", i),
                message=_get(e, "message", _get(e, "name", i)),
                pattern=_checked_pattern(e),
                templates=_get(e, "templates", True),
                origin=e["__origin__"],
            )
            for i, e in self.entries["debris"].items()
            if _get(e, "enabled", True)
        )
        return Packs(
            files=files,
            letter_types=tuple(t for _, _, t in sorted(types, key=lambda x: (x[0], x[1]))),
            elements=elements,
            sections=sections,
            placeholders=placeholders,
            debris=debris,
            settings=settings,
            _by_value=by_value,
        )


def _get(entry: _Entry, key: str, default: Any) -> Any:
    v = entry.get(key)
    return v.value if isinstance(v, _V) else default


def _flags(case_sensitive: bool = False) -> int:
    return 0 if case_sensitive else regex.IGNORECASE


def _patterns(vals: Iterable[_V], case_sensitive: bool = False) -> tuple[Pattern, ...]:
    return tuple(regex.compile(v.value, _flags(case_sensitive)) for v in vals)


def _checked_pattern(e: _Entry) -> Pattern:
    if "pattern" not in e:
        o = e["__origin__"]
        raise PackError(o.file, o.line, f"entry {e['id'].value!r} has no 'pattern'")
    pat = regex.compile(e["pattern"].value, _flags(_get(e, "case_sensitive", False)))
    examples = e.get("examples") or {}
    for ex in examples.get("match", []):
        if not pat.search(ex.value):
            raise PackError(
                ex.origin.file,
                ex.origin.line,
                f"example {ex.value!r} does not match pattern of {e['id'].value!r}",
            )
    for ex in examples.get("no_match", []):
        if pat.search(ex.value):
            raise PackError(
                ex.origin.file,
                ex.origin.line,
                f"example {ex.value!r} matches pattern of {e['id'].value!r} but is listed under no_match",
            )
    return pat


def _element(e: _Entry) -> Element:
    ident = e["id"].value
    origin: Origin = e["__origin__"]
    deadline = None
    if "deadline" in e:
        d = e["deadline"]
        missing = [k for k in ("expected", "valid", "duration", "sentence") if k not in d]
        if missing:
            o = d["__origin__"]
            raise PackError(o.file, o.line, f"deadline of {ident!r} lacks {', '.join(missing)}")
        deadline = Deadline(
            expected=d["expected"].value,
            valid=_patterns(d["valid"]),
            duration=regex.compile(d["duration"].value, regex.IGNORECASE),
            sentence=regex.compile(d["sentence"].value, regex.IGNORECASE),
            cue=regex.compile(_get(d, "cue", r"."), regex.IGNORECASE),
            exclude=_patterns(d.get("exclude", [])),
            min_days=_get(d, "min_days", None),
        )
    authority = None
    if "authority" in e:
        a = e["authority"]
        authority = Authority(
            klageinstans=_patterns(a.get("klageinstans", [])),
            klageinstans_name=_get(a, "klageinstans_name", "klageinstansen"),
            recipient=_patterns(a.get("recipient", [])),
            recipient_name=_get(a, "recipient_name", "den myndighed, der har truffet afgørelsen"),
        )
    from lettercheck.corpus import normalize_section

    for x in e.get("citation_exclude", []):
        for v in x.get("sections", []):
            if normalize_section(v.value) is None:
                raise PackError(
                    v.origin.file, v.origin.line, f"{v.value!r} is not a section number (e.g. 25, 11 a)"
                )
    exclusions = tuple(
        CitationExclusion(
            acts=frozenset(_norm_value(v.value) for v in x.get("act", [])),
            sections=frozenset(str(normalize_section(v.value)) for v in x.get("sections", [])),
            note=_get(x, "note", ""),
        )
        for x in e.get("citation_exclude", [])
    )
    el = Element(
        id=ident,
        name=_get(e, "name", ident),
        description=_get(e, "description", ""),
        legal_ground=_get(e, "legal_ground", ""),
        code=str(_get(e, "code", "LC306")).upper(),
        severity=_get(e, "severity", None),
        headings=_patterns(e.get("headings", [])),
        patterns=_patterns(e.get("patterns", [])),
        exempt=_patterns(e.get("exempt", [])),
        citation=_get(e, "citation", False),
        citation_exclude=exclusions,
        deadline=deadline,
        authority=authority,
        origin=origin,
    )
    if not (el.headings or el.patterns or el.citation):
        raise PackError(origin.file, origin.line, f"element {ident!r} has no headings, patterns or citation")
    return el


def _norm_value(value: str) -> str:
    return " ".join(str(value).casefold().replace("ø", "oe").replace("æ", "ae").replace("å", "aa").split())
