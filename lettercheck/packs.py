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

import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import regex

from lettercheck.model import Severity
from lettercheck.records import field, record

if TYPE_CHECKING:
    import yaml

Pattern = regex.Pattern


def _yaml_loader() -> Any:
    """libyaml's loader when PyYAML was built with it: same nodes and marks, several times faster.

    PyYAML is imported only here and in the parser, when a pack is actually read: a process that finds
    the compiled packs in the cache (every run after the first) never imports it (~10 ms).
    """
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


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


@record(frozen=True, slots=True)
class Origin:
    """Where an entry was defined, for error messages and ``lettercheck rules`` listings."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@record(frozen=True, slots=True)
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


@record(frozen=True, slots=True)
class CitationExclusion:
    """Provisions that never count as a decision's legal basis (procedure: FVL § 24/25, RSL § 66, …)."""

    acts: frozenset[str]
    sections: frozenset[
        str
    ]  # as lettercheck.corpus.normalize_section writes them ("24", "11 a"); empty = all
    note: str


@record(frozen=True, slots=True)
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


@record(frozen=True, slots=True)
class Authority:
    """Who the klagevejledning must name: the klageinstans, and where the complaint is sent."""

    klageinstans: tuple[Pattern, ...]
    klageinstans_name: str
    recipient: tuple[Pattern, ...]
    recipient_name: str


@record(frozen=True, slots=True)
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


@record(frozen=True, slots=True)
class Section:
    """A heading the letter structure knows; ``terminator`` headings only end the section before them."""

    id: str
    name: str
    headings: tuple[Pattern, ...]
    terminator: bool
    origin: Origin


@record(frozen=True, slots=True)
class Placeholder:
    id: str
    name: str
    description: str
    pattern: Pattern
    origin: Origin


@record(frozen=True, slots=True)
class Debris:
    id: str
    name: str
    message: str
    pattern: Pattern
    #: whether the debris is also debris in a template (TODO is; "INDSÆT DATO" is a template's placeholder)
    templates: bool
    origin: Origin


@record(frozen=True, slots=True)
class Settings:
    #: how many lines from the top are looked at for the heading that decides the letter type
    heading_lines: int = 40
    #: a line longer than this is never a heading
    heading_max_chars: int = 100
    #: paragraphs shorter than this are not reported as duplicated (signatures, table rows)
    duplicate_min_chars: int = 40
    #: section content that counts as empty although it has characters ("-", "…", "N/A")
    empty_fillers: tuple[Pattern, ...] = ()


@record(frozen=True)
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
    #: answers derived from the packs alone (is this line a heading, and of what), kept for the process's
    #: next letters; never pickled, never compared
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["memo"] = {}
        return state

    def letter_type(self, value: str | None) -> LetterType | None:
        """The type named by an id or a data value (``"afgørelse"``, ``"decision"``), case-insensitively."""
        if not value:
            return None
        return self._by_value.get(_norm_value(value))

    def required_elements(self, type_id: str | None) -> tuple[Element, ...]:
        """The elements a letter type requires (asked by every LC3xx/LC4xx rule: kept per type)."""
        table = self.memo.setdefault("required_elements", {})
        found = table.get(type_id)
        if found is None:
            t = self.letter_type(type_id)
            found = () if t is None else tuple(self.elements[e] for e in t.requires if e in self.elements)
            if len(table) < 1024:
                table[type_id] = found
        return found  # type: ignore[no-any-return]

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
#: 2: the pickle is ``(digest, packs, prefilters)``, the patterns' literal prefilters computed with them.
#: 3: start literals of an alternation are no longer dropped for containing another (see _minimal_start).
_COMPILED_FORMAT = 3


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
    from lettercheck.compiled import cache_file

    return cache_file("packs", _COMPILED_FORMAT, digest, _CACHE_ENV, _CORPUS_CACHE_ENV)


def _cache_get(digest: str) -> Packs | None:
    from lettercheck.compiled import read_pickle

    found = read_pickle(_cache_file(digest))
    if not (
        isinstance(found, tuple)
        and len(found) == 3
        and found[0] == digest
        and isinstance(found[1], Packs)
        and isinstance(found[2], dict)
    ):
        return None
    for key, value in found[2].items():
        _PREFILTERS.setdefault(key, value)
    return found[1]


def _all_patterns(packs: Packs) -> Iterator[Pattern]:
    """Every compiled pattern of the packs, for computing their anchors once before they are pickled."""
    for t in packs.letter_types:
        yield from t.headings
        yield from t.phrases
    for e in packs.elements.values():
        yield from e.headings
        yield from e.patterns
        yield from e.exempt
        if e.deadline is not None:
            d = e.deadline
            yield from d.valid
            yield from (d.duration, d.sentence, d.cue)
            yield from d.exclude
        if e.authority is not None:
            yield from e.authority.klageinstans
            yield from e.authority.recipient
    for s in packs.sections:
        yield from s.headings
    for p in packs.placeholders:
        yield p.pattern
    for d in packs.debris:
        yield d.pattern
    yield from packs.settings.empty_fillers


def _cache_put(digest: str, packs: Packs) -> None:
    from lettercheck.compiled import write_pickle

    path = _cache_file(digest)
    if path is None:
        return
    found = {(p.pattern, p.flags, _engine(p)): prefilter(p) for p in _all_patterns(packs)}
    write_pickle(path, (digest, packs, found))


# ------------------------------------------------------------------------------------------------------
# Parsing one file, with a line for every value
# ------------------------------------------------------------------------------------------------------


@record(slots=True)
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


@record(slots=True)
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
    import yaml

    try:
        node = yaml.compose(text, Loader=_yaml_loader())
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
        import yaml

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
        import yaml

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
        import yaml

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
    import yaml

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


@functools.lru_cache(maxsize=1024)
def _norm_value(value: str) -> str:
    return " ".join(str(value).casefold().replace("ø", "oe").replace("æ", "ae").replace("å", "aa").split())


# ------------------------------------------------------------------------------------------------------
# Literal prefilters: most patterns cannot match most letters, and proving that is cheap
# ------------------------------------------------------------------------------------------------------

#: A literal a match may contain: ``(literal, ignorecase)``; an ignorecase literal is lower-case and is looked
#: for in the lower-cased text.
Anchor = tuple[str, bool]
#: Literals of which every match contains at least one.
Clause = frozenset[Anchor]

#: How many strings an exact run of literals may expand to ("[Xx]{2}" is four) before it is cut.
_MAX_EXACT = 16
#: How many clauses are kept per pattern (the most selective ones).
_MAX_CLAUSES = 3
#: Matches longer than this are not looked for around their anchors, but by running the pattern.
_MAX_WINDOW = 64
#: Flags under which a pattern's literals are matched as plain or simply case-folded characters.
_RE_FLAGS_OK = 2 | 8 | 16 | 32 | 64 | 256  # re: IGNORECASE MULTILINE DOTALL UNICODE VERBOSE ASCII
_REGEX_FLAGS_OK = (
    regex.IGNORECASE | regex.MULTILINE | regex.DOTALL | regex.UNICODE | regex.VERBOSE | regex.ASCII | regex.V0
)


@record(frozen=True, slots=True)
class Prefilter:
    """What is known of every match of a pattern without running it."""

    #: every match contains a literal of each clause ("sociale" and "nævn" for "det sociale nævn")
    clauses: tuple[tuple[Anchor, ...], ...]
    #: the longest a match can be, when that is short (None: unbounded or long)
    width: int | None
    #: for a pattern that is an alternation ("a|b|c"): the clauses of each alternative, of which one
    #: alternative's must all hold — sharper than ``clauses``, which hold whichever alternative matched
    options: tuple[tuple[tuple[Anchor, ...], ...], ...] = ()
    #: literals of which every match starts with one (None: not known)
    starts: tuple[Anchor, ...] | None = None


def prefilter(pattern: Any) -> Prefilter | None:
    """The literals every match of ``pattern`` (a ``regex`` or ``re`` pattern) contains, or None if unknown.

    Searching a letter for a few literals (C string search) costs a fraction of running a case-insensitive
    pattern over every position of it, which is what most patterns cost, and most letters contain none of
    most patterns' literals.
    """
    try:
        return _BY_PATTERN[pattern]
    except KeyError:
        pass
    found = _prefilter_of(pattern.pattern, pattern.flags, _engine(pattern))
    if len(_BY_PATTERN) >= 8192:
        _BY_PATTERN.clear()
    _BY_PATTERN[pattern] = found  # patterns are equal (and hash alike) when source and flags are
    return found


_BY_PATTERN: dict[Any, Prefilter | None] = {}


def _engine(pattern: Any) -> str:
    import re

    return "re" if isinstance(pattern, re.Pattern) else "regex"


def may_match(pattern: Any, text: str) -> bool:
    """False only when ``pattern`` certainly has no match in ``text`` (a clause none of whose literals occurs)."""
    return _index((pattern,)).live(text)[0]


class LiteralIndex:
    """The prefilters of several patterns, decided together for a text.

    Rules ask about a group of patterns at a time (an element's phrases, the debris, the corpus's bodies),
    and often about the same group again (four rules ask whether a decision gives full approval): the last
    text's answer is kept. The decision is compiled into a Python function of plain ``in`` tests joined by
    ``and``/``or`` (see :func:`_compile_plans`): interpreting the clauses instead costs several times as
    much as the string searches themselves. But compiling one costs ~0.7 ms, more than interpreting the
    clauses for a few texts: a process that checks one letter (pre-commit) would spend ~15 ms compiling
    functions it calls once. So the first :attr:`WARM_UP` texts are answered by :func:`_holds` (the same
    ``in`` tests, so the same answers) and the function is compiled for the next.
    """

    __slots__ = ("_all", "_last", "_one", "_plans", "_uses", "patterns", "prefilters")
    #: texts answered by interpreting the prefilters before they are compiled into a function
    WARM_UP = 8

    def __init__(self, patterns: Sequence[Any]) -> None:
        self.patterns = tuple(patterns)
        self.prefilters = [prefilter(p) for p in self.patterns]
        self._all: Any = None
        self._one: _OnePlans | None = None
        self._plans: list[_Plan | None] | None = None
        self._uses = 0
        self._last: tuple[str | None, list[bool]] = (None, [])

    def live(self, text: str) -> list[bool]:
        """For each pattern: False when it certainly has no match in ``text``."""
        last = self._last
        if last[0] is text:
            return last[1]
        state = _state(text)
        decide = self._all
        if decide is None:
            self._uses += 1
            if self._uses > self.WARM_UP:
                decide = self._all = self.one_plans().define_all()
        if decide is not None:
            out: list[bool] = decide(text, state.low_fast, state.get_low)
        else:
            low, get_low = state.low_fast, state.get_low
            out = [plan is None or _holds(plan, text, low, get_low) for plan in self.plans()]
        self._last = (text, out)
        return out

    def within(self, text: str, start: int, end: int) -> _Within:
        """The same question for ``text[start:end]`` (a sentence of a letter), answered pattern by pattern
        as asked: the rules stop at the first pattern that fails."""
        return _Within(self, text, start, end)

    def plans(self) -> list[_Plan | None]:
        """Each pattern's prefilter as :func:`_holds` reads it (None: no prefilter, always live)."""
        plans = self._plans
        if plans is None:
            plans = self._plans = [_plan(f) if f is not None else None for f in self.prefilters]
        return plans

    def one_plans(self) -> _OnePlans:
        one = self._one
        if one is None:
            one = self._one = _OnePlans(self)
        return one


class _Within:
    """:meth:`LiteralIndex.live` for a part of a text, lazily: ``within[k]`` for pattern ``k``."""

    __slots__ = ("_end", "_index", "_low", "_start", "_state", "_text")

    def __init__(self, index: LiteralIndex, text: str, start: int, end: int) -> None:
        self._index = index
        self._state = state = _state(text)  # the letter's, already made: its lower-cased text is sliced
        self._text = text[start:end]
        low = state.low_fast
        self._low = low[start:end] if low is not None else None
        self._start, self._end = start, end

    def __getitem__(self, k: int) -> bool:
        return self._index.one_plans()[k](self._text, self._low, self._true_low)  # type: ignore[no-any-return]

    def _true_low(self) -> str | None:
        low = self._state.get_low()
        return low[self._start : self._end] if low is not None else None


#: a prefilter as :func:`_holds` reads it: its clauses and its alternatives' clauses, each literal with
#: where it is looked for (0: the text, 1: ``low_fast``, 2: ``get_low()``), as :func:`_compile_plans` has it
_Clauses = tuple[tuple[tuple[str, int], ...], ...]
_Plan = tuple[_Clauses, tuple[_Clauses, ...]]


def _plan(f: Prefilter) -> _Plan:
    def where(anchor: Anchor) -> tuple[str, int]:
        text, ci = anchor
        return text, (0 if not ci else 1 if all(ord(c) < 256 for c in text) else 2)

    def clauses(cs: tuple[tuple[Anchor, ...], ...]) -> _Clauses:
        return tuple(tuple(where(a) for a in c) for c in cs)

    return clauses(f.clauses), tuple(clauses(o) for o in f.options)


def _holds(plan: _Plan, t: str, low: str | None, get_low: Callable[[], str | None]) -> bool:
    """What the compiled function of :func:`_compile_plans` answers for one pattern, interpreted: every
    clause has a literal in the text and, for an alternation, every clause of one alternative has. The
    compiled form's gates and :func:`_near` only spare searches: ``gate in hay and N(hay, literal, ...)``
    is ``literal in hay``."""
    joint, options = plan
    if not _all_clauses(joint, t, low, get_low):
        return False
    return not options or any(_all_clauses(o, t, low, get_low) for o in options)


def _all_clauses(clauses: _Clauses, t: str, low: str | None, get_low: Callable[[], str | None]) -> bool:
    for clause in clauses:
        for lit, where in clause:
            if where == 0:
                if lit in t:
                    break
            elif where == 1:
                if low is None or lit in low:
                    break
            else:
                w = get_low()
                if w is None or lit in w:
                    break
        else:
            return False
    return True


def _compile_plans(found: list[Prefilter | None]) -> tuple[list[str], list[str]]:
    """The sources of functions ``(text, low_fast, get_low)`` deciding the prefilters, one expression per
    pattern and the literal searches they share (:func:`_function` joins them): compiled by
    :class:`_OnePlans` into one function for all patterns (a list of bools) and one per pattern.

    A pattern may match when every joint clause has a literal in the text and, for an alternation, every
    clause of one alternative has. A literal is looked for in the text (case-sensitive), in ``low_fast``
    (case-insensitive, Latin-1; None for a text with unusual case mappings, which is then always
    searched) or in ``get_low()`` (case-insensitive with other characters). Its rarest character is
    looked for first: a one-character search (memchr) that, when the character is missing, spares the
    search for the literal (short literals like "{{" cost as much as a pass of the text). The literals
    are written into the source as ``repr`` string constants. Clauses cheap to decide come first (see
    :func:`_clause_cost`), and a longer literal that a function tests in several places (an alternation's
    options repeat the joint clauses' literals) is searched for once, its answer kept in a local.
    """
    tests: list[str] = []  # the search of each longer literal, by its number in the markers
    numbers: dict[tuple[str, str], int] = {}

    def lit(anchor: Anchor) -> str:
        text, ci = anchor
        if ci and not all(ord(c) < 256 for c in text):
            return f"(W() is None or {text!r} in W())"
        hay = "L" if ci else "t"
        gate = _gate(text)
        if 1 < len(text) <= _NEAR_MAX_CHARS and not _common(gate):
            test = f"({gate!r} in {hay} and N({hay}, {text!r}, {gate!r}, {text.index(gate)}))"
        else:
            test = _in(gate, text, hay)
        if len(text) > 1:
            k = numbers.setdefault((hay, text), len(numbers))
            if k == len(tests):
                tests.append(test)
            test = f"\x00{k}\x00"  # a marker: repr never writes a NUL, so no literal contains one
        return f"(L is None or {test})" if ci else test

    def conj(clauses: tuple[tuple[Anchor, ...], ...]) -> str:
        ordered = sorted((sorted(c, key=_anchor_cost) for c in clauses), key=_clause_cost)
        return " and ".join("(" + " or ".join(lit(a) for a in clause) + ")" for clause in ordered)

    exprs = []
    for f in found:
        if f is None:
            exprs.append("True")
        elif f.options:
            options = sorted(f.options, key=lambda o: min(map(_clause_cost, o)))
            joint, alternatives = conj(f.clauses), f"({' or '.join(f'({conj(o)})' for o in options)})"
            # the alternatives first when each is cheap to rule out and the joint clauses are not: the
            # joint clauses of a pattern like "xx.xx.xxxx|kr. X" ("kr", "kr.") are in most letters
            if sum(min(map(_clause_cost, o)) for o in options) < sum(map(_clause_cost, f.clauses)):
                exprs.append(f"({alternatives} and {joint})")
            else:
                exprs.append(f"({joint} and {alternatives})")
        else:
            exprs.append(f"({conj(f.clauses)})")
    return exprs, tests


class _OnePlans:
    """The per-pattern functions of :func:`_compile_plans`, ``plans[k]``, each compiled after
    :attr:`WARM_UP` uses (interpreted until then, see :class:`LiteralIndex`): only a rule that asks about
    part of a text (LC303, sentence by sentence) needs them, and compiling them all would cost a process
    that checks one letter a few ms."""

    __slots__ = ("_fns", "_index", "_sources", "_uses")
    #: calls of a pattern's decision answered by interpreting it before it is compiled
    WARM_UP = 32

    def __init__(self, index: LiteralIndex) -> None:
        self._index = index
        self._sources: tuple[list[str], list[str]] | None = None
        n = len(index.patterns)
        self._fns: list[Any] = [None] * n
        self._uses = [0] * n

    def _source(self) -> tuple[list[str], list[str]]:
        sources = self._sources
        if sources is None:
            sources = self._sources = _compile_plans(self._index.prefilters)
        return sources

    def define_all(self) -> Any:
        """The function deciding every pattern at once."""
        exprs, tests = self._source()
        return _define("all_", f"[{', '.join(exprs)}]", tests)

    def __getitem__(self, k: int) -> Any:
        fn = self._fns[k]
        if fn is None:
            self._uses[k] += 1
            if self._uses[k] <= self.WARM_UP:
                plan = self._index.plans()[k]
                if plan is None:
                    return _always
                return functools.partial(_holds, plan)
            exprs, tests = self._source()
            fn = self._fns[k] = _define("one_", exprs[k], tests)
        return fn


def _always(t: str, low: str | None, get_low: Callable[[], str | None]) -> bool:
    return True


def _define(name: str, expr: str, tests: list[str]) -> Any:
    """The function :func:`_function` writes, compiled."""
    namespace: dict[str, Any] = {"N": _near}
    exec(compile(_function(name, expr, tests), "<lettercheck literal prefilter>", "exec"), namespace)
    return namespace[name]


def _function(name: str, expr: str, tests: list[str]) -> str:
    """The source of ``def name(t, L, W): return expr``, its literal markers replaced by their searches:
    inline where a literal is tested once, else through a local that keeps the first answer (the tests
    have no side effects, so which place asks first does not change any answer)."""
    parts = expr.split("\x00")  # text, number, text, number, ..., text
    uses: dict[str, int] = {}
    for k in parts[1::2]:
        uses[k] = uses.get(k, 0) + 1
    local: dict[str, str] = {}
    out = []
    for i, part in enumerate(parts):
        if i % 2 == 0:
            out.append(part)
        elif uses[part] < 2:
            out.append(tests[int(part)])
        else:
            v = local.setdefault(part, f"m{len(local)}")
            out.append(f"({v} if {v} is not None else ({v} := {tests[int(part)]}))")
    init = f"    {' = '.join(local.values())} = None\n" if local else ""
    return f"def {name}(t, L, W):\n{init}    return {''.join(out)}\n"


def _in(gate: str, text: str, hay: str) -> str:
    if gate == text:
        return f"{text!r} in {hay}"
    return f"({gate!r} in {hay} and {text!r} in {hay})"


#: literals this short whose gate is rare are looked for at the gate's occurrences (:func:`_near`)
_NEAR_MAX_CHARS = 3
#: occurrences of the gate :func:`_near` tries before it searches for the literal itself
_NEAR_TRIES = 4


def _near(hay: str, literal: str, gate: str, offset: int) -> bool:
    """``literal in hay``, for a literal of two or three characters whose rarest character ``gate`` is at
    ``offset`` in it: at the gate's first few occurrences (one-character searches, memchr), else by the
    search for the literal, which for so short a literal costs about a pass of the text (~1 ns a character:
    its skips are short) however rare it is."""
    i = hay.find(gate, offset)
    for _ in range(_NEAR_TRIES):
        if i < 0:
            return False
        if hay.startswith(literal, i - offset):
            return True
        i = hay.find(gate, i + 1)
    return i >= 0 and literal in hay


def _common(c: str) -> bool:
    """Whether a character is in most letters (lower-case letters, punctuation, digits, the line break)."""
    return 0 <= _BY_FREQUENCY.find(c) < _COMMON_RANK


@functools.lru_cache(maxsize=4096)
def _anchor_cost(anchor: Anchor) -> int:
    """What looking for a literal costs, roughly, in one-character searches (memchr, ~1/20 of a pass).

    A literal of one character is one such search; a longer one is one more (its gate) and, when the
    gate is a common character and so usually present, a search for the literal: about a pass of the text
    for two or three characters, less for longer ones (the search skips ahead by its length). One outside
    Latin-1 needs the text lower-cased by ``str.lower``.
    """
    text, ci = anchor
    if ci and not all(ord(c) < 256 for c in text):
        return 60
    if len(text) == 1:
        return 1
    if not _common(_gate(text)):
        return 3  # a rare gate: the literal is seldom searched for
    return 1 + (30 if len(text) <= 3 else 16 if len(text) <= 8 else 8)


def _clause_cost(clause: Sequence[Anchor]) -> int:
    """A clause (any of its literals) that is cheap to decide goes first in a conjunction: the ``and``
    stops at the first clause without a literal in the text, and ``in`` tests have no side effects, so
    the order changes what is searched, never the answer."""
    return sum(_anchor_cost(a) for a in clause)


#: characters by how often they occur in Danish letters, most often first; others are rarer still
_BY_FREQUENCY = " enrtasdilgokmvfubhpæjyøå.,c\n-0123456789ENRTASDILGOKMVFUBHPÆJYØÅC"
#: the characters of ``_BY_FREQUENCY`` before this rank are in most letters (all but the capitals)
_COMMON_RANK = _BY_FREQUENCY.index("E")


@functools.lru_cache(maxsize=4096)
def _gate(literal: str) -> str:
    """The literal's rarest character: a one-character search (memchr) that, when the character is
    missing, spares the search for the literal (short literals like "{{" cost as much as a pass of the
    text, a character ~1/20 of it)."""
    rare = len(_BY_FREQUENCY)
    return max(literal, key=lambda c: _BY_FREQUENCY.find(c) % (rare + 1))  # find: -1 (absent) -> rarest


def _index(patterns: Sequence[Any]) -> LiteralIndex:
    """The index of a group of patterns (a tuple), built once per group.

    Found by the tuple's identity first (the packs' tuples live as long as the packs; hashing a tuple of
    patterns hashes every pattern), then by its value, so equal groups share one index and its answer.
    """
    hit = _INDEX_OF_TUPLE.get(id(patterns))
    if hit is not None and hit[0] is patterns:
        return hit[1]
    try:
        found = _INDEXES.get(patterns)
    except TypeError:  # a list: not kept
        return LiteralIndex(patterns)
    if found is None:
        if len(_INDEXES) >= 4096:
            _INDEXES.clear()
        found = _INDEXES[patterns] = LiteralIndex(patterns)
    if len(_INDEX_OF_TUPLE) >= 4096:
        _INDEX_OF_TUPLE.clear()
    _INDEX_OF_TUPLE[id(patterns)] = (patterns, found)  # the tuple is kept, so its id is not reused
    return found


_INDEXES: dict[Any, LiteralIndex] = {}
_INDEX_OF_TUPLE: dict[int, tuple[Any, LiteralIndex]] = {}


class AnyFullmatch:
    """Whether a text fullmatches any of several patterns (all with the same flags): after a few uses, by
    one alternation of them all, which fullmatches exactly where one of them does (the engine backtracks
    into the next alternative when one cannot reach the end). Compiling it costs ~10 ms, one pattern
    call ~1/20 of trying each: a process that checks one letter never compiles it."""

    __slots__ = ("combined", "patterns", "uses")
    #: calls answered pattern by pattern before the alternation is compiled
    WARM_UP = 64

    def __init__(self, patterns: Sequence[Any]) -> None:
        self.patterns = tuple(patterns)
        self.uses = 0
        self.combined: Any = None  # None: not yet; False: cannot be combined

    def __call__(self, text: str) -> bool:
        combined = self.combined
        if combined is None:
            self.uses += 1
            if self.uses > self.WARM_UP:
                combined = self.combined = _alternation(self.patterns)
        if combined:
            return combined.fullmatch(text) is not None
        return any(p.fullmatch(text) for p in self.patterns)


#: what makes a pattern mean something else inside a larger one: backreferences and group calls (their
#: numbers move), conditionals, and global inline flags
_NOT_COMBINABLE = r"\\(?:[1-9]|g)|\(\?(?:P?[=>&]|R\)|[-+]?\d|\(|[a-zA-Z0-9^-]*\))"


def _alternation(patterns: tuple[Any, ...]) -> Any:
    """One pattern ``(?:p1)|(?:p2)|…`` with their flags, or False when they cannot be joined safely."""
    if not patterns or len({(type(p), p.flags) for p in patterns}) != 1 or patterns[0].flags & regex.VERBOSE:
        return False  # mixed flags; or verbose, where a comment would swallow the joining ")|(?:"
    if any(regex.search(_NOT_COMBINABLE, p.pattern) for p in patterns):
        return False
    source = "|".join(f"(?:{p.pattern})" for p in patterns)
    try:
        if _engine(patterns[0]) == "re":
            import re

            return re.compile(source, patterns[0].flags)
        return regex.compile(source, patterns[0].flags)
    except Exception:  # duplicate group names and the like: keep trying them one by one
        return False


def any_fullmatch(patterns: Sequence[Any]) -> AnyFullmatch:
    """The :class:`AnyFullmatch` of a group of patterns (a tuple), made once per group."""
    try:
        return _FULLMATCHERS[patterns]
    except KeyError:
        pass
    if len(_FULLMATCHERS) >= 1024:
        _FULLMATCHERS.clear()
    found = _FULLMATCHERS[patterns] = AnyFullmatch(patterns)
    return found


_FULLMATCHERS: dict[Any, AnyFullmatch] = {}


def live_patterns(patterns: Sequence[Any], text: str) -> list[bool]:
    """For each of ``patterns`` (a tuple, for the answer to be kept): False when it cannot match ``text``."""
    return _index(patterns).live(text)


def live_within(patterns: Sequence[Any], text: str, start: int, end: int) -> _Within:
    """Like :func:`live_patterns` for ``text[start:end]``, asked pattern by pattern (``result[k]``)."""
    return _index(patterns).within(text, start, end)


def first_match(patterns: Sequence[Any], text: str) -> Any:
    """The earliest match of any of ``patterns`` in ``text`` (the first pattern's at a tie), or None."""
    best = None
    for p, ok in zip(patterns, _index(patterns).live(text), strict=True):
        if not ok:
            continue
        m = search(p, text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def search(pattern: Any, text: str) -> Any:
    """``pattern.search(text)``; where its matches are short or start with a literal, the pattern is only
    tried where one can start (see :func:`match_spans`): ``match`` at the first such place that matches
    finds what ``search`` finds, as no match starts before it. A case-insensitive pattern that starts with
    common letters ("senest|inden|før") costs ~25 µs a search of a letter, a try ~0.5 µs."""
    found = prefilter(pattern)
    starts = _candidate_starts(found, text) if found is not None else None
    if starts is None:
        return pattern.search(text)
    match = pattern.match
    for s in starts:
        m = match(text, s)
        if m is not None:
            return m
    return None


def match_spans(pattern: Any, text: str, checked: bool = False) -> list[tuple[int, int]]:
    """The spans of ``pattern.finditer(text)``'s non-empty matches; where its matches are short, the
    pattern is only tried where one can start: from its width before an anchor up to the anchor.

    A match contains an anchor ``[a, a + n)`` of the clause and is at most ``width`` long, so it starts in
    ``[a + n - width, a]``; ``pattern.match`` there finds what ``finditer`` finds there (lookbehinds and
    ``\\b`` see the text before the position). Matches are taken leftmost first and never overlap, as
    ``finditer`` takes them; a pattern with anchors never matches the empty string. ``checked``: the
    caller already knows the pattern may match (``live_patterns``).
    """
    found = prefilter(pattern)
    if found is not None and not checked and not may_match(pattern, text):
        return []
    starts = _candidate_starts(found, text) if found is not None else None
    if starts is None:
        return [m.span() for m in pattern.finditer(text) if m.end() > m.start()]
    out: list[tuple[int, int]] = []
    pos = 0
    match = pattern.match
    for s in starts:
        if s < pos:
            continue
        m = match(text, s)
        if m is not None:
            out.append(m.span())
            pos = m.end()
    return out


def _candidate_starts(found: Prefilter, text: str) -> list[int] | None:
    """Where a match can start (sorted): where one of its start literals occurs, or up to its width before
    an anchor of the clause that occurs least; None when one pass of the pattern is cheaper than trying
    it at each of those places (a try costs about as much as a pass over 16 characters)."""
    budget = len(text) // 16 + 1
    best: set[int] | None = None
    if found.starts is not None:
        at = _occurrences(found.starts, text, budget)
        if at is not None:
            best = {a for a, _ in at}
    width = found.width
    if width is not None:
        for clause in found.clauses:
            at = _occurrences(clause, text, budget // width)
            if at is not None and (best is None or len(at) * width < len(best)):
                best = set()
                for a, n in at:
                    best.update(range(max(0, a + n - width), a + 1))
    return sorted(best) if best is not None else None


def _occurrences(literals: tuple[Anchor, ...], text: str, limit: int) -> list[tuple[int, int]] | None:
    """Every ``(position, length)`` where one of ``literals`` occurs, or None past ``limit`` of them."""
    out: list[tuple[int, int]] = []
    state = _state(text)
    for lit, ci in literals:
        hay = (state.low_fast if all(ord(c) < 256 for c in lit) else state.low) if ci else text
        if hay is None:
            return None
        i = hay.find(lit)
        while i >= 0:
            if len(out) >= limit:
                return None
            out.append((i, len(lit)))
            i = hay.find(lit, i + 1)
    return out


class _TextState:
    """What the prefilters know of one text: its lower-cased forms, when they decide case-insensitive
    literal matches (every character Latin-1 but µ, or without case: see :func:`folded`).

    ``low_fast`` is the text lower-cased by a byte table, every character beyond Latin-1 turned into "?"
    (``str.lower`` of a Danish text costs ~80 instructions a character, the table ~1). Positions are the
    text's. A lower-cased Latin-1 literal occurs in it wherever it occurs case-insensitively in the text,
    since every character of such an occurrence is Latin-1; the "?"s can only add occurrences (of
    literals with a "?"), never lose one. ``low`` (``str.lower``) is made on first use.
    """

    __slots__ = ("_low", "low_fast", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        try:
            data = text.encode("latin-1")
            plain = 0xB5 not in data  # all Latin-1: only µ is unusual
        except UnicodeEncodeError:
            data = text.encode("latin-1", "replace")
            plain = 0xB5 not in data and all(_plain_char(c) for c in _beyond_latin1(text, data))
        self.low_fast: str | None = data.translate(_LATIN1_LOWER).decode("latin-1") if plain else None
        self._low: Any = _UNSET if plain else None

    @property
    def low(self) -> str | None:
        return self.get_low()

    def get_low(self) -> str | None:
        if self._low is _UNSET:
            self._low = self.text.lower()
        return self._low  # type: ignore[no-any-return]


_UNSET: Any = object()
_LATIN1_LOWER = bytes(ord(chr(i).lower()) for i in range(256))


#: the last texts asked about, most recent first: the letter, and a section or two that a rule asked about
#: in between (the next rule asks about the letter again)
_STATES: list[_TextState] = []
_KEPT_STATES = 3


def _state(text: str) -> _TextState:
    for state in _STATES:
        if state.text is text:
            return state
    state = _TextState(text)
    _STATES.insert(0, state)
    del _STATES[_KEPT_STATES:]
    return state


def folded(text: str) -> str | None:
    """``text.lower()``, when that decides every case-insensitive literal match; else None.

    That holds when every character of the text is Latin-1 (but µ) or has no case at all: there both
    ``re`` and ``regex`` (V0, simple case folding) match a literal case-insensitively exactly where the
    lower-cased strings are equal. Letters with ı, ſ, the Kelvin sign, Greek or Cyrillic letters are not
    prefiltered. The last answers are kept, as all rules ask about the same letter in turn.
    """
    return _state(text).low


def _beyond_latin1(text: str, data: bytes) -> set[str]:
    """The characters of ``text`` beyond Latin-1, given ``data``, its Latin-1 encoding with a "?" for
    each of them (one byte a character, so positions agree): where ``data`` has a "?" that ``text`` has
    not. Letters have a few (dashes, €, quotes), found by one-character searches; a text with many "?"
    is read by one pass of a pattern instead (~10 ns a character, the searches ~1/20 of that)."""
    found: set[str] = set()
    i = data.find(b"?")
    for _ in range(_BEYOND_LATIN1_TRIES):
        if i < 0:
            return found
        c = text[i]
        if c != "?":
            found.add(c)
        i = data.find(b"?", i + 1)
    return set(_unusual_chars().findall(text)) - {"µ"} if i >= 0 else found


#: "?"s :func:`_beyond_latin1` looks at before it reads the whole text
_BEYOND_LATIN1_TRIES = 32


@functools.cache
def _unusual_chars() -> Any:
    import re

    return re.compile("[^\x00-\xb4\xb6-\xff]")


@functools.lru_cache(maxsize=4096)
def _plain_char(c: str) -> bool:
    """Latin-1 but µ, or an assigned character without case (its case mappings and folding are itself)."""
    if ord(c) < 256:
        return c != "µ"
    import unicodedata

    return c.lower() == c and c.upper() == c and c.casefold() == c and unicodedata.category(c) != "Cn"


def _prefilter_of(source: str, flags: int, engine: str) -> Prefilter | None:
    key = (source, flags, engine)
    try:
        return _PREFILTERS[key]
    except KeyError:
        pass
    from lettercheck.compiled import PREFILTER_SEEDS

    seed = PREFILTER_SEEDS.pop(key, _UNSEEDED)
    found = _find_prefilter(source, flags, engine) if seed is _UNSEEDED else _from_seed(seed)
    if len(_PREFILTERS) >= 8192:
        _PREFILTERS.clear()
    _PREFILTERS[key] = found
    return found


_UNSEEDED: Any = object()


def prefilter_seed(pattern: Any) -> tuple[tuple[str, int, str], tuple[Any, ...] | None]:
    """The key and plain-tuple form of ``pattern``'s prefilter, for another module's compiled cache to
    carry (see ``lettercheck.compiled.PREFILTER_SEEDS``)."""
    found = prefilter(pattern)
    key = (pattern.pattern, pattern.flags, _engine(pattern))
    return key, None if found is None else (found.clauses, found.width, found.options, found.starts)


def _from_seed(seed: tuple[Any, ...] | None) -> Prefilter | None:
    return None if seed is None else Prefilter(*seed)


#: prefilters by (source, flags, engine); reading a pattern (sre's parser, in Python) costs ~0.1 ms, so the
#: packs' prefilters travel in the compiled packs cache and a process that unpickles them parses none
_PREFILTERS: dict[tuple[str, int, str], Prefilter | None] = {}


def _find_prefilter(source: str, flags: int, engine: str) -> Prefilter | None:
    if engine == "regex":
        sre_source = _as_sre(source) if not flags & ~_REGEX_FLAGS_OK else None
        if sre_source is None:
            return None  # V1, full case folding, fuzzy matching or nested sets: sre cannot read it
        source = sre_source
    elif flags & ~_RE_FLAGS_OK:
        return None
    import re._constants as C
    import re._parser as P

    try:
        parsed = P.parse(source, 64 if flags & 64 else 0)  # only VERBOSE changes how the source reads
    except Exception:  # anything sre cannot read is simply not prefiltered
        return None
    if parsed.state.flags & C.SRE_FLAG_LOCALE:
        return None
    ci = bool((flags | parsed.state.flags) & C.SRE_FLAG_IGNORECASE)
    anchors = _Anchors(C)
    items = list(parsed)
    clauses = anchors.seq(items, ci)
    if not clauses:
        return None
    alternatives = anchors.alternatives(items)
    options: list[list[Clause]] = []
    if alternatives is not None and len(alternatives) <= _MAX_EXACT:
        options = [anchors.seq(alt, ci) for alt in alternatives]
        if not all(options):
            options = []  # an alternative without literals: only the joint clauses are known
    widest = parsed.getwidth()[1]
    starts = anchors.prefix(items, ci)
    return Prefilter(
        _sorted_clauses(clauses),
        widest if widest <= _MAX_WINDOW else None,
        tuple(_sorted_clauses(o) for o in options),
        tuple(sorted(starts)) if starts else None,
    )


def _sorted_clauses(clauses: list[Clause]) -> tuple[tuple[Anchor, ...], ...]:
    return tuple(tuple(sorted(c)) for c in clauses)


def _as_sre(source: str) -> str | None:
    """``source`` as sre's parser can read it with the meaning ``regex`` gives it, or None.

    ``regex`` reads more than ``re``: nested and POSIX sets and fuzzy ``{e<=1}`` read differently, so they
    are refused; ``\\p{L}``-style properties (one character of a class) become ``\\w``, which is as wide
    and, like them, no literal. What sre cannot parse is refused by the parser itself.
    """
    out: list[str] = []
    i, n, in_set = 0, len(source), False
    while i < n:
        c = source[i]
        if c == "\\":
            if source[i + 1 : i + 2] in ("p", "P"):
                end = source.find("}", i) + 1 if source[i + 2 : i + 3] == "{" else i + 3
                if end <= i:
                    return None
                out.append("\\w")
                i = end
                continue
            out.append(source[i : i + 2])
            i += 2
            continue
        if in_set:
            if c == "[":
                return None
            if c == "]":
                in_set = False
        elif c == "[":
            in_set = True
            j = i + 1
            if source[j : j + 1] == "^":
                j += 1
            if source[j : j + 1] == "]":
                j += 1  # a leading ] is a literal
            out.append(source[i:j])
            i = j
            continue
        elif c == "{" and not regex.match(r"\{\d*(?:,\d*)?\}", source[i : i + 24]):
            return None
        out.append(c)
        i += 1
    return "".join(out)


class _Anchors:
    """Required literals of a parsed (sre) pattern, as clauses: every match contains a literal of each."""

    def __init__(self, C: Any) -> None:
        self.C = C
        self.zero_width = {C.AT, C.ASSERT, C.ASSERT_NOT}
        self.repeats = {C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT}

    def seq(self, items: list[tuple[Any, Any]], ci: bool) -> list[Clause]:
        """All items are required: the clauses of its exact literal runs and of its items."""
        clauses: list[Clause | None] = []
        run: set[str] = {""}
        for op, av in items:
            if op in self.zero_width:
                continue  # consumes nothing: the literals before and after stay adjacent
            ex = self.exact(op, av)
            if ex is not None and len(run) * len(ex) <= _MAX_EXACT:
                if len(ex) > 1:  # also fewer literals, if shorter ones: cheaper to look for
                    clauses.append(_clause(run, ci))
                    clauses.extend(self.item(op, av, ci))
                run = {a + b for a in run for b in ex}
                continue
            clauses.append(_clause(run, ci))
            run = set(ex) if ex is not None else {""}
            if ex is None:
                clauses.extend(self.item(op, av, ci))
        clauses.append(_clause(run, ci))
        return _best(clauses)

    def prefix(self, items: list[tuple[Any, Any]], ci: bool) -> Clause | None:
        """Literals of which every match of ``items`` starts with one ("de", "sociale" for
        "(?<!\\w)(?:det\\s+sociale|sociale)"), or None: the exact run at the start, or the starts of a
        first item that is an alternation, group or repeat."""
        C = self.C
        run: set[str] = {""}
        for op, av in items:
            if op in self.zero_width:
                continue
            ex = self.exact(op, av)
            if ex is not None and len(run) * len(ex) <= _MAX_EXACT:
                run = {a + b for a in run for b in ex}
                continue
            if run != {""}:
                break  # the run so far starts every match
            if op is C.BRANCH:
                out: set[Anchor] = set()
                for alt in av[1]:
                    p = self.prefix(list(alt), ci)
                    if p is None:
                        return None
                    out |= p
                return _minimal_start(out)
            if op is C.SUBPATTERN and not av[1] and not av[2]:
                return self.prefix(list(av[3]), ci)
            if op in self.repeats and av[0] >= 1:
                return self.prefix(list(av[2]), ci)
            return None
        return _clause(run, ci, _minimal_start)

    def alternatives(self, items: list[tuple[Any, Any]]) -> list[list[tuple[Any, Any]]] | None:
        """The alternatives of a pattern that is one alternation (around zero-width items), else None."""
        C = self.C
        rest = [(op, av) for op, av in items if op not in self.zero_width]
        if len(rest) != 1:
            return None
        op, av = rest[0]
        if op is C.BRANCH:
            return [list(alt) for alt in av[1]]
        if op is C.SUBPATTERN and not av[1] and not av[2]:
            return self.alternatives(list(av[3]))
        return None

    def item(self, op: Any, av: Any, ci: bool) -> list[Clause]:
        C = self.C
        if op is C.SUBPATTERN:
            _group, add, remove, sub = av
            if (add | remove) & C.SRE_FLAG_LOCALE:
                return []
            if add & C.SRE_FLAG_IGNORECASE:
                ci = True
            if remove & C.SRE_FLAG_IGNORECASE:
                ci = False
            return self.seq(list(sub), ci)
        if op is C.BRANCH:
            alts = [self.seq(list(alt), ci) for alt in av[1]]
            if not all(alts):
                return []  # an alternative can match without any known literal
            # the k-th clause of each alternative, joined: one of them holds whichever alternative matched
            return _best(
                [
                    _minimal(set().union(*(a[min(k, len(a) - 1)] for a in alts)))
                    for k in range(max(len(a) for a in alts))
                ]
            )
        if op in self.repeats:
            lo, _hi, sub = av
            return self.seq(list(sub), ci) if lo >= 1 else []
        if op is C.ATOMIC_GROUP:
            return self.seq(list(av), ci)
        return []

    def exact(self, op: Any, av: Any) -> set[str] | None:
        """The strings an item consumes, when it is made of literals only (a, [Xx], (?:ab|cd), x{2})."""
        C = self.C
        if op is C.LITERAL:
            return {chr(av)}
        if op is C.IN:
            if av and all(o is C.LITERAL for o, _ in av):
                return {chr(v) for _, v in av}
            return None
        if op is C.SUBPATTERN:
            _group, add, remove, sub = av
            return None if add or remove else self.exact_seq(list(sub))
        if op is C.BRANCH:
            out: set[str] = set()
            for alt in av[1]:
                r = self.exact_seq(list(alt))
                if r is None or len(out | r) > _MAX_EXACT:
                    return None
                out |= r
            return out
        if op in self.repeats:
            lo, hi, sub = av
            r = self.exact_seq(list(sub))
            if r is None or lo != hi or len(r) ** lo > _MAX_EXACT:
                return None
            out = {""}
            for _ in range(lo):
                out = {a + b for a in out for b in r}
            return out
        if op is C.ATOMIC_GROUP:
            return self.exact_seq(list(av))
        return None

    def exact_seq(self, items: list[tuple[Any, Any]]) -> set[str] | None:
        out = {""}
        for op, av in items:
            if op in self.zero_width:
                continue
            r = self.exact(op, av)
            if r is None or len(out) * len(r) > _MAX_EXACT:
                return None
            out = {a + b for a in out for b in r}
        return out


def _clause(
    strings: set[str], ci: bool, minimal: Callable[[set[Anchor]], Clause] | None = None
) -> Clause | None:
    """The literals ``strings`` as a clause (every match contains one of them); ``minimal``: how literals
    implied by others are dropped (:func:`_minimal_start` for literals every match starts with)."""
    minimal = minimal or _minimal
    if not strings or "" in strings:
        return None
    if ci:
        if not all(_plain_char(c) for s in strings for c in s):
            return None  # ſ, K, Greek … in the pattern: the lower-cased text cannot decide it
        return minimal({(s.lower(), True) for s in strings})
    return minimal(_case_variants_joined(strings))


def _case_variants_joined(strings: set[str]) -> set[Anchor]:
    """Case-sensitive literals, where every case variant of a word is there ("xx", "xX", "Xx", "XX"), as
    that word looked for case-insensitively: one search instead of four, for the same texts."""
    groups: dict[str, set[str]] = {}
    for s in strings:
        groups.setdefault(s.lower(), set()).add(s)
    out: set[Anchor] = set()
    for low, variants in groups.items():
        if len(variants) > 1 and all(_plain_char(c) for c in low) and len(variants) == _n_variants(low):
            out.add((low, True))
        else:
            out.update((v, False) for v in variants)
    return out


def _n_variants(low: str) -> int:
    n = 1
    for c in low:
        if c.upper() != c and len(c.upper()) == 1 and c.upper().lower() == c:
            n *= 2
    return n


def _minimal(found: set[Anchor]) -> Clause:
    """Drop literals that contain another one: the shorter one is found anyway (a case-insensitive one is
    also found where a case-sensitive literal containing it in lower case occurs)."""
    return frozenset(a for a in found if not any(b != a and _implies(a, b) for b in found))


def _minimal_start(found: set[Anchor]) -> Clause:
    """Drop start literals that begin with another one: a match that starts with the longer one starts
    with the shorter one. (Not :func:`_minimal`: "svarfrist" contains "frist", but a match starting at
    "svarfrist" does not start at its "frist".)"""
    return frozenset(a for a in found if not any(b != a and _starts_with(a, b) for b in found))


def _starts_with(a: Anchor, b: Anchor) -> bool:
    """Whether every text starting with literal ``a`` starts with literal ``b``."""
    if b[1]:
        return (a[0].lower() if not a[1] else a[0]).startswith(b[0])
    return not a[1] and a[0].startswith(b[0])


def _implies(a: Anchor, b: Anchor) -> bool:
    """Whether every text containing literal ``a`` contains literal ``b``."""
    if b[1]:
        return b[0] in (a[0].lower() if not a[1] else a[0])
    return not a[1] and b[0] in a[0]


def _best(clauses: list[Clause | None]) -> list[Clause]:
    """The most useful distinct clauses, best first: literals of four characters or more (shorter ones are
    in most letters), then fewer literals (each is a search of the text), then longer ones."""
    distinct = {c for c in clauses if c}
    ranked = sorted(
        distinct,
        key=lambda c: (-min(4, *(len(s) for s, _ in c)), len(c), -min(len(s) for s, _ in c), sorted(c)),
    )
    return ranked[:_MAX_CLAUSES]
