"""What a payment letter says it pays: benefit, period, payment date, gross, deductions, net and rate.

Payment letters in the seeds were "incomplete, wrong, or did not arrive", and the case system "pulled wrong
data". To check a letter we must first read it the way a citizen does: find each labelled field ("Til
udbetaling", "A-skat", "Udbetalingsdato") and the value that goes with it, whether the value sits on the same
line, on the next line (how pypdf gives a LibreOffice or Chromium table, one cell per line), or after a whole
column of labels. The vocabulary is data (``rules/payments.yaml``), so a municipality's own wording is a YAML
edit, not a code change.

Letters that carry structured payment data (letter XML, mappings: ``letter.data["payment"]``) are not
re-derived from text: the data is used as given, and every value the text states is kept next to it, so
LC205 can report where the text and the data disagree. Every value keeps where it was found.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import os
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lettercheck.config import ConfigError
from lettercheck.extract.amounts import (
    FOLD_UNSAFE,
    AmountMatch,
    _lazy,
    amounts_to_dicts,
    find_amounts,
    fold_phrase,
    matches_at,
    parse_amount_text,
    text_scan,
)
from lettercheck.extract.dates import (
    DateMatch,
    PeriodMatch,
    SpanIndex,
    dates_to_dicts,
    find_dates,
    find_periods,
    parse_danish_date,
    periods_to_dicts,
)
from lettercheck.model import Letter
from lettercheck.records import field, fields, record

if TYPE_CHECKING:
    import yaml

__all__ = [
    "AMOUNT_FIELDS",
    "DateRange",
    "FieldValue",
    "Payment",
    "PaymentSpec",
    "PaymentSpecError",
    "amounts_to_dicts",
    "dates_to_dicts",
    "extract_payment",
    "extraction_dicts",
    "is_payment_letter",
    "load_payment_spec",
    "spec_for_config",
]

#: fields whose values are amounts
AMOUNT_FIELDS = ("gross", "deduction", "deductions_total", "addition", "net", "rate")
_LABEL_FIELDS = (*AMOUNT_FIELDS, "payment_date", "period")
_REQUIRABLE = ("benefit", "period", "payment_date", "gross", "net", "rate", "deductions")
_THRESHOLDS = ("payment_date_days_before_period_start", "payment_date_days_after_period_end")
_SPEC_KEYS = (
    "fields",
    "benefit_labels",
    "benefits",
    "categories",
    "payment_letter_markers",
    "required",
    "thresholds",
    "rate_lookup",
)
_UNITS = ("month", "week", "day", "hour")

# a Danish definite or plural ending on a label: "bruttobeløbet", "satsen", "trækket", "A-skatten"
_ENDING = r"(?:e?[nt]|ne|ene|erne|ten|ket|get)?"
# how far after its label a value may stand on the same line
_WINDOW = 60


def _start_of(v: Any) -> int:
    return v.start


# how many lines a label waiting for its value (one cell per line) keeps waiting
_PENDING_LINES = 14
_UNIT_WORDS = (
    ("month", r"pr\.?\s*måned|om\s+måneden|månedlig\w*|pr\.?\s*md\.?|/\s*md\.?"),
    ("week", r"pr\.?\s*uge|om\s+ugen|ugentlig\w*|ugesats|/\s*uge"),
    ("day", r"pr\.?\s*dag|om\s+dagen|dagsats|/\s*dag"),
    ("hour", r"pr\.?\s*time|timesats|/\s*time"),
)


class PaymentSpecError(ConfigError):
    """``rules/payments.yaml`` (or a user pack's ``payments`` section) is wrong: ``file:line: what``."""

    def __init__(self, file: str, line: int | None, message: str) -> None:
        self.file = file
        self.line = line
        self.message = message
        super().__init__(f"{file}:{line}: {message}" if line else f"{file}: {message}")


# ------------------------------------------------------------------------------------------------------
# The vocabulary
# ------------------------------------------------------------------------------------------------------


@record(frozen=True)
class PaymentSpec:
    """The payment vocabulary, compiled: which words label which field, and what each letter type needs."""

    files: tuple[str, ...]
    #: normalised label -> field
    labels: dict[str, str]
    #: the labels that are running-text phrases ("du får udbetalt"), not table or heading labels
    prose: frozenset[str]
    #: field -> the name used in messages ("bruttobeløb")
    names: dict[str, str]
    benefit_labels: tuple[str, ...]
    #: normalised benefit name -> benefit id
    benefits: dict[str, str]
    #: category id -> phrases
    categories: dict[str, tuple[str, ...]]
    markers: tuple[str, ...]
    required: dict[str, tuple[str, ...]]
    thresholds: dict[str, int]
    #: benefit id -> (corpus benefit id, {rate unit: corpus category})
    rate_lookup: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)

    @functools.cached_property
    def label_re(self) -> re.Pattern[str]:
        return _alternation(self.labels)

    @functools.cached_property
    def benefit_re(self) -> re.Pattern[str]:
        return _alternation(self.benefits)

    @functools.cached_property
    def benefit_label_re(self) -> re.Pattern[str]:
        alt = _alternation(self.benefit_labels).pattern
        return re.compile(alt + r"[ \t]*[:\-–]?[ \t]*", re.IGNORECASE)

    @functools.cached_property
    def category_re(self) -> re.Pattern[str] | None:
        phrases = [p for ps in self.categories.values() for p in ps]
        return _alternation(phrases, ending=False) if phrases else None

    @functools.cached_property
    def category_of(self) -> dict[str, str]:
        return {_norm(p): cid for cid, ps in self.categories.items() for p in ps}

    @functools.cached_property
    def marker_re(self) -> re.Pattern[str] | None:
        return _alternation(self.markers) if self.markers else None

    @functools.cached_property
    def _word_lists(self) -> tuple[list[str], ...]:
        """The phrases of each word list (labels, benefits, categories, markers, benefit labels)."""
        return (
            list(self.labels),
            list(self.benefits),
            [p for ps in self.categories.values() for p in ps],
            list(self.markers),
            list(self.benefit_labels),
        )

    @functools.cached_property
    def starts_re(self) -> re.Pattern[bytes] | None:
        """Where a phrase can start, in :attr:`TextScan.folded <lettercheck.extract.amounts.TextScan>`.

        A literal ``\\x01`` (a character that is not part of a word) followed by any phrase folded the same
        way: ``re`` finds the ``\\x01`` bytes at memory speed and tries the phrases only there; each word
        list's own pattern then decides at those few places. None when a phrase holds a character that
        folding cannot stand for (:attr:`starts_text_re` then finds the starts).
        """
        variants = {v for ps in self._word_lists for p in ps for v in _variants(p)}
        if any(c in FOLD_UNSAFE for v in variants for c in v):
            return None
        return re.compile(b"\x01(?=" + _byte_trie({fold_phrase(v) for v in variants}) + b")")

    @functools.cached_property
    def starts_text_re(self) -> re.Pattern[str]:
        """Where any phrase can start, found in the text itself (when folding cannot be trusted)."""
        phrases = [p for ps in self._word_lists for p in ps]
        return re.compile(rf"(?<![\w\-])(?={_trie_pattern(phrases)})", re.IGNORECASE)

    def name(self, fld: str) -> str:
        return self.names.get(fld, fld.replace("_", " "))

    def benefit_id(self, name: str) -> str | None:
        """The benefit id for a name as written ("Kontanthjælpen") or an id itself ("kontanthjaelp")."""
        key = _norm(name)
        if key in self.benefits:
            return self.benefits[key]
        if key in self.benefits.values():
            return key
        m = self.benefit_re.fullmatch(name.strip())
        return self.benefits.get(_norm(m.group("w"))) if m else None


@functools.lru_cache(maxsize=4096)
def _norm(s: str) -> str:
    """A phrase as the vocabulary keys it; cached, since letters repeat the same few labels as written."""
    # NFKC folds the ligatures Chromium leaves in a PDF's text layer ("speciﬁkation")
    return " ".join(unicodedata.normalize("NFKC", s).casefold().split())


_LIGATURES = (("ff", "ﬀ"), ("fi", "ﬁ"), ("fl", "ﬂ"))


def _variants(phrase: str) -> set[str]:
    """The phrase, and the phrase as a PDF with typographic ligatures in its text layer writes it."""
    out = {" ".join(phrase.lower().split())}
    for plain, lig in _LIGATURES:
        out |= {v.replace(plain, lig) for v in out}
    return out


def _trie_pattern(phrases: Iterable[str]) -> str:
    """Many phrases as one regex factored by common prefixes ("fradrag(?:\\s+i\\s+alt)?").

    Python's ``re`` tries the branches of a plain alternation one by one at every position of the text; with
    a hundred labels that made label search the slowest part of checking a letter. A prefix tree lets the
    first character decide. Greedy optional tails keep the longest phrase that fits.
    """
    trie: dict[str, Any] = {}
    for phrase in phrases:
        for v in _variants(phrase):
            node = trie
            for ch in v:
                node = node.setdefault(ch, {})
            node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [
            (r"\s+" if ch == " " else re.escape(ch)) + emit(child) for ch, child in node.items() if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?" if len(branches) > 1 or len(body) > 1 else f"{body}?"
        return body

    return emit(trie)


def _byte_trie(phrases: Iterable[bytes]) -> bytes:
    """Folded phrases as one bytes pattern factored by common prefixes; a space matches any separator run."""
    trie: dict[int, Any] = {}
    for phrase in phrases:
        node = trie
        for b in phrase:
            node = node.setdefault(b, {})
        node[-1] = {}

    def emit(node: dict[int, Any]) -> bytes:
        if -1 in node:
            return b""  # a whole phrase: in a look-ahead, whatever might follow it changes nothing
        branches = [
            (b"\x01+" if b == 32 else re.escape(bytes([b]))) + emit(child) for b, child in node.items()
        ]
        return branches[0] if len(branches) == 1 else b"(?:" + b"|".join(branches) + b")"

    return emit(trie)


def _alternation(words: Iterable[str], ending: bool = True) -> re.Pattern[str]:
    """One regex for many phrases: whole words, any whitespace between words, group ``w`` = the phrase."""
    end = _ENDING if ending else ""
    return re.compile(rf"(?<![\w\-])(?P<w>{_trie_pattern(words)}){end}(?![\w])", re.IGNORECASE)


@functools.cache
def _load(paths: tuple[str, ...]) -> PaymentSpec:
    from lettercheck.resources import data_path

    bundled = str(data_path("rules/payments.yaml"))
    digest = _digest((bundled, *paths))
    if digest is not None:
        cached = _cache_get(digest)
        if cached is not None:
            return cached
    sections: list[tuple[str, dict[str, _Node]]] = [(bundled, _parse(bundled, required=True) or {})]
    for p in paths:
        section = _parse(p, required=False)
        if section is not None:
            sections.append((p, section))
    spec = _build(sections)
    if digest is not None:
        _cache_put(digest, spec)
    return spec


# -- compiled cache -----------------------------------------------------------------------------------------
#: Parsing and checking the vocabulary (YAML with a line for every value) costs ~15 ms per process and is
#: the only reason a warm pre-commit start would import PyYAML; the built vocabulary is kept beside the
#: compiled rule packs, keyed by the files' names and contents, lettercheck's version and this format.
_COMPILED_FORMAT = 1
_CACHE_ENVS = ("LETTERCHECK_PACKS_CACHE", "LETTERCHECK_CORPUS_CACHE")  # one switch for every compiled cache


def _digest(files: Sequence[str]) -> str | None:
    """The cache key of the vocabulary files, or None when one cannot be read (the parser then says why)."""
    import hashlib

    from lettercheck import __version__

    h = hashlib.sha256(f"payments {_COMPILED_FORMAT} {__version__}\0".encode())
    for f in files:
        try:
            data = Path(f).read_bytes()
        except OSError:
            return None
        name = f.encode("utf-8", "surrogateescape")
        h.update(b"%d:%s%d:" % (len(name), name, len(data)))
        h.update(data)
    return h.hexdigest()


def _cache_get(digest: str) -> PaymentSpec | None:
    from lettercheck.compiled import cache_file, read_pickle

    found = read_pickle(cache_file("payments", _COMPILED_FORMAT, digest, *_CACHE_ENVS))
    if not (
        isinstance(found, tuple) and len(found) == 2 and found[0] == digest and isinstance(found[1], dict)
    ):
        return None
    try:
        return PaymentSpec(**found[1])
    except TypeError:  # fields renamed without a format bump
        return None


def _cache_put(digest: str, spec: PaymentSpec) -> None:
    """Only the fields are stored, not the patterns compiled from them on first use."""
    from lettercheck.compiled import cache_file, write_pickle

    values = {f.name: getattr(spec, f.name) for f in fields(PaymentSpec)}
    write_pickle(cache_file("payments", _COMPILED_FORMAT, digest, *_CACHE_ENVS), (digest, values))


def load_payment_spec(extra_paths: Sequence[str] = ()) -> PaymentSpec:
    """The bundled vocabulary with the ``payments`` sections of ``extra_paths`` (files or directories) merged in.

    Parsed once per process for each list of paths: a batch of thousands of letters reads the YAML once.
    """
    files: list[str] = []
    for p in extra_paths:
        path = Path(p)
        if path.is_dir():
            files.extend(str(q) for q in sorted(path.iterdir()) if q.suffix in (".yaml", ".yml"))
        else:
            files.append(str(path))
    return _load(tuple(files))


def spec_for_config(config: Any) -> PaymentSpec:
    """The vocabulary for a :class:`~lettercheck.config.Config`: bundled plus its ``rule-packs``."""
    packs = tuple(getattr(config, "rule_packs", ()) or ())
    if not packs:
        return _load(())  # the common case, asked by every payment rule of every letter
    root = getattr(config, "root", None)
    resolved = []
    for p in packs:
        path = Path(os.path.expanduser(p))
        if not path.is_absolute() and root:
            path = Path(root) / path
        resolved.append(str(path))
    return load_payment_spec(tuple(resolved))


class _Node:
    """A YAML value and the line it is on. (Private helpers are plain classes: a dataclass costs ~1 ms of
    import time each, which every ``lettercheck`` start would pay.)"""

    __slots__ = ("line", "value")

    def __init__(self, value: Any, line: int) -> None:
        self.value = value
        self.line = line


def _parse(path: str, required: bool) -> dict[str, _Node] | None:
    """The file's ``payments`` mapping as nodes that remember their line, or None when it has none."""
    import yaml  # only when a vocabulary file is read: a cold start must not pay for it

    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as e:
        raise PaymentSpecError(path, None, f"cannot read: {e.strerror or e}") from None
    except UnicodeDecodeError:
        raise PaymentSpecError(path, None, "not UTF-8 text") from None
    try:
        root = _compose(text)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        raise PaymentSpecError(
            path, mark.line + 1 if mark else None, f"not valid YAML: {e.problem}"
        ) from None
    if root is None or not isinstance(root, yaml.MappingNode):
        if required:
            raise PaymentSpecError(path, None, "must be a mapping with a 'payments' section")
        return None
    for k, v in root.value:
        if isinstance(k, yaml.ScalarNode) and k.value == "payments":
            return _mapping(path, v, "payments")
    if required:
        raise PaymentSpecError(path, root.start_mark.line + 1, "has no 'payments' section")
    return None


def _compose(text: str) -> yaml.Node | None:
    """The YAML node tree of ``text``: libyaml's parser (~1 ms instead of ~12 ms for payments.yaml, a cost every
    start paid), and for a document it rejects, PyYAML's own parser, whose error and mark we report."""
    import yaml

    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        try:
            return yaml.compose(text, Loader=fast)
        except yaml.YAMLError:
            pass
    return yaml.compose(text, Loader=yaml.SafeLoader)


def _err(path: str, node: yaml.Node, what: str) -> PaymentSpecError:
    return PaymentSpecError(path, node.start_mark.line + 1, what)


def _mapping(path: str, node: yaml.Node, where: str) -> dict[str, _Node]:
    import yaml

    if not isinstance(node, yaml.MappingNode):
        raise _err(path, node, f"{where} must be a mapping")
    out: dict[str, _Node] = {}
    for k, v in node.value:
        if not isinstance(k, yaml.ScalarNode):
            raise _err(path, k, f"keys of {where} must be plain words")
        if k.value in out:
            raise _err(path, k, f"duplicate key {k.value!r} in {where}")
        out[str(k.value)] = _Node(v, k.start_mark.line + 1)
    return out


def _strings(path: str, node: yaml.Node, where: str) -> list[tuple[str, int]]:
    import yaml

    if isinstance(node, yaml.ScalarNode) and node.tag.endswith(":str") and node.value.strip():
        return [(node.value.strip(), node.start_mark.line + 1)]
    if not isinstance(node, yaml.SequenceNode):
        raise _err(path, node, f"{where} must be a list of words")
    out = []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not item.tag.endswith(":str") or not item.value.strip():
            raise _err(path, item, f"{where}: every entry must be a non-empty text")
        out.append((item.value.strip(), item.start_mark.line + 1))
    return out


def _build(sections: list[tuple[str, dict[str, _Node]]]) -> PaymentSpec:
    """The files' ``payments`` sections layered in order: lists are added to, scalars replaced."""
    import yaml

    files = tuple(path for path, _ in sections)
    labels: dict[str, str] = {}
    label_lines: dict[str, tuple[str, int]] = {}
    prose: set[str] = set()
    names: dict[str, str] = {}
    benefit_labels: list[str] = []
    benefits: dict[str, str] = {}
    categories: dict[str, list[str]] = {}
    markers: list[str] = []
    required: dict[str, tuple[str, ...]] = {}
    thresholds: dict[str, int] = {}
    rate_lookup: dict[str, tuple[str, dict[str, str]]] = {}

    for path, section in sections:
        for key, node in section.items():
            if key not in _SPEC_KEYS and key not in ("version",):
                raise PaymentSpecError(
                    path, node.line, f"unknown key {key!r} in payments (known: {', '.join(_SPEC_KEYS)})"
                )
        if "fields" in section:
            for fld, fnode in _mapping(path, section["fields"].value, "payments.fields").items():
                if fld not in _LABEL_FIELDS:
                    raise PaymentSpecError(
                        path, fnode.line, f"unknown payment field {fld!r} (known: {', '.join(_LABEL_FIELDS)})"
                    )
                entry = _mapping(path, fnode.value, f"payments.fields.{fld}")
                for k, n in entry.items():
                    if k not in ("name", "labels", "phrases"):
                        raise PaymentSpecError(
                            path, n.line, f"unknown key {k!r} in field {fld!r} (use name, labels, phrases)"
                        )
                if "name" in entry:
                    names[fld] = _strings(path, entry["name"].value, f"name of {fld!r}")[0][0]
                for kind in ("labels", "phrases"):
                    if kind not in entry:
                        continue
                    for label, line in _strings(path, entry[kind].value, f"{kind} of {fld!r}"):
                        key = _norm(label)
                        if key in labels and labels[key] != fld and label_lines[key][0] == path:
                            first = label_lines[key]
                            raise PaymentSpecError(
                                path,
                                line,
                                f"label {label!r} of field {fld!r} already labels field {labels[key]!r} "
                                f"({first[0]}:{first[1]})",
                            )
                        labels[key] = fld
                        label_lines[key] = (path, line)
                        if kind == "phrases":
                            prose.add(key)
                        else:
                            prose.discard(key)
        if "benefit_labels" in section:
            benefit_labels += [
                w for w, _ in _strings(path, section["benefit_labels"].value, "benefit_labels")
            ]
        if "benefits" in section:
            for bid, bnode in _mapping(path, section["benefits"].value, "payments.benefits").items():
                if not re.fullmatch(r"[a-z][a-z0-9_+\-]*", bid):
                    raise PaymentSpecError(
                        path, bnode.line, f"benefit id {bid!r} must be lower-case ASCII (e.g. kontanthjaelp)"
                    )
                for name, line in _strings(path, bnode.value, f"names of benefit {bid!r}"):
                    key = _norm(name)
                    if key in benefits and benefits[key] != bid:
                        raise PaymentSpecError(
                            path, line, f"benefit name {name!r} already means {benefits[key]!r}"
                        )
                    benefits[key] = bid
        if "categories" in section:
            for cid, cnode in _mapping(path, section["categories"].value, "payments.categories").items():
                categories.setdefault(cid, []).extend(
                    w for w, _ in _strings(path, cnode.value, f"phrases of category {cid!r}")
                )
        if "payment_letter_markers" in section:
            markers += [w for w, _ in _strings(path, section["payment_letter_markers"].value, "markers")]
        if "required" in section:
            for ltype, rnode in _mapping(path, section["required"].value, "payments.required").items():
                fields = []
                for f, line in _strings(path, rnode.value, f"required fields of {ltype!r}"):
                    if f not in _REQUIRABLE:
                        raise PaymentSpecError(
                            path, line, f"unknown required field {f!r} (known: {', '.join(_REQUIRABLE)})"
                        )
                    fields.append(f)
                required[ltype] = tuple(dict.fromkeys(fields))
        if "thresholds" in section:
            for k, tnode in _mapping(path, section["thresholds"].value, "payments.thresholds").items():
                if k not in _THRESHOLDS:
                    raise PaymentSpecError(
                        path, tnode.line, f"unknown threshold {k!r} (known: {', '.join(_THRESHOLDS)})"
                    )
                n = tnode.value
                if not (isinstance(n, yaml.ScalarNode) and n.tag.endswith(":int")) or int(n.value) < 0:
                    raise _err(path, n, f"threshold {k!r} must be a whole number of days, 0 or more")
                thresholds[k] = int(n.value)
        if "rate_lookup" in section:
            for bid, lnode in _mapping(path, section["rate_lookup"].value, "payments.rate_lookup").items():
                entry = _mapping(path, lnode.value, f"rate_lookup of {bid!r}")
                for k, n in entry.items():
                    if k not in ("corpus_benefit", "category_by_unit"):
                        raise PaymentSpecError(
                            path,
                            n.line,
                            f"unknown key {k!r} in rate_lookup of {bid!r} (use corpus_benefit, "
                            "category_by_unit)",
                        )
                corpus_benefit = (
                    _strings(path, entry["corpus_benefit"].value, "corpus_benefit")[0][0]
                    if "corpus_benefit" in entry
                    else bid
                )
                by_unit: dict[str, str] = {}
                if "category_by_unit" in entry:
                    for unit, unode in _mapping(
                        path, entry["category_by_unit"].value, "category_by_unit"
                    ).items():
                        if unit not in _UNITS:
                            raise PaymentSpecError(
                                path, unode.line, f"unknown rate unit {unit!r} (known: {', '.join(_UNITS)})"
                            )
                        by_unit[unit] = _strings(path, unode.value, f"category for unit {unit!r}")[0][0]
                rate_lookup[bid] = (corpus_benefit, by_unit)
    missing = [f for f in ("gross", "net", "payment_date", "period") if f not in set(labels.values())]
    if missing:
        raise PaymentSpecError(files[0], None, f"no labels for field(s) {', '.join(missing)}")
    for k in _THRESHOLDS:
        if k not in thresholds:
            raise PaymentSpecError(files[0], None, f"threshold {k!r} is not set")
    return PaymentSpec(
        files=files,
        labels=labels,
        prose=frozenset(prose),
        names=names,
        benefit_labels=tuple(dict.fromkeys(benefit_labels)),
        benefits=benefits,
        categories={k: tuple(dict.fromkeys(v)) for k, v in categories.items()},
        markers=tuple(dict.fromkeys(markers)),
        required=required,
        thresholds=thresholds,
        rate_lookup=rate_lookup,
    )


load_payment_spec.cache_clear = _load.cache_clear  # type: ignore[attr-defined]


# ------------------------------------------------------------------------------------------------------
# Values
# ------------------------------------------------------------------------------------------------------


@record(frozen=True, slots=True)
class DateRange:
    """A payment period, both ends inclusive."""

    start: date
    end: date


@record(frozen=True, slots=True)
class FieldValue:
    """One value of one payment field, as the letter states it, and where.

    ``source`` is ``"text"`` (found in the letter text; ``start``/``end`` are offsets in it) or ``"data"``
    (the letter's structured data; no offsets). ``value`` is a ``Decimal`` for amounts, a ``date`` for the
    payment date, a :class:`DateRange` for the period and a benefit id (``"kontanthjaelp"``) for the benefit.
    ``label`` is the label as written ("A-skat", "Fradrag for løn"), ``labelled`` whether a label led to the
    value (False for the benefit or period guessed from an unlabelled mention).
    """

    field: str
    value: Any
    source: str
    start: int | None = None
    end: int | None = None
    text: str = ""
    label: str | None = None
    label_start: int | None = None
    labelled: bool = True
    #: the label starts its line: a table row, which outranks the same field mentioned in prose
    row: bool = False
    #: a whole month ("for oktober 2025"): a more exact period inside it does not contradict it
    coarse: bool = False
    malformed: str | None = None
    #: for rates: "month", "week", "day" or "hour" when the letter says which
    unit: str | None = None

    @property
    def label_key(self) -> str:
        return _norm(self.label or self.field)

    def value_json(self) -> Any:
        v = self.value
        if isinstance(v, DateRange):
            return {"start": v.start.isoformat(), "end": v.end.isoformat()}
        if isinstance(v, date):
            return v.isoformat()
        if isinstance(v, Decimal):
            return str(v)
        return v

    def to_dict(self, letter: Letter | None = None) -> dict[str, Any]:
        d: dict[str, Any] = {}
        v = self.value_json()
        if isinstance(v, dict):
            d.update(v)
        else:
            d["value"] = v
        if self.field == "deduction" or self.field == "addition":
            d = {"label": self.label, **d}
        d.update(
            {
                "text": self.text,
                "source": self.source,
                "span": {"start": self.start, "end": self.end} if self.start is not None else None,
            }
        )
        if self.malformed:
            d["malformed"] = self.malformed
        if self.unit:
            d["unit"] = self.unit
        if letter is not None and self.start is not None:
            loc = letter.locate(self.start)
            d["location"] = {"page": loc.page, "line": loc.line, "column": loc.column, "xpath": loc.xpath}
        return d


@record
class Payment:
    """Every payment field of one letter: the value that counts, and every value seen (for LC205).

    The value that counts is the structured data's where the letter has it, else the first labelled value in
    the text. ``observed[field]`` holds every value of a field, text and data, in order.
    """

    benefit: FieldValue | None = None
    category: FieldValue | None = None
    period: FieldValue | None = None
    payment_date: FieldValue | None = None
    gross: FieldValue | None = None
    deductions: list[FieldValue] = field(default_factory=list)
    deductions_total: FieldValue | None = None
    additions: list[FieldValue] = field(default_factory=list)
    net: FieldValue | None = None
    rate: FieldValue | None = None
    observed: dict[str, list[FieldValue]] = field(default_factory=dict)
    #: amounts in the text that no label claimed (LC202 will not judge a sum with unknown amounts inside it)
    unclaimed: list[AmountMatch] = field(default_factory=list)
    #: offset of the first payment label in the text (where LC201 points)
    anchor: int | None = None

    def values(self, fld: str, source: str | None = None) -> list[FieldValue]:
        return [v for v in self.observed.get(fld, []) if source is None or v.source == source]

    def deductions_from(self, source: str) -> list[FieldValue]:
        """The deductions of one source, each label once (a summary repeating a table row is not a second one)."""
        seen: dict[str, FieldValue] = {}
        for v in self.values("deduction", source):
            seen.setdefault(v.label_key, v)
        return list(seen.values())

    def has(self, fld: str) -> bool:
        if fld == "deductions":
            return bool(self.deductions)
        return getattr(self, fld, None) is not None

    def to_dict(self, letter: Letter | None = None) -> dict[str, Any]:
        """The ``payment`` object of ``lettercheck extract`` JSON; with ``letter``, each value's page and line."""

        def one(v: FieldValue | None) -> dict[str, Any] | None:
            return v.to_dict(letter) if v is not None else None

        return {
            "benefit": one(self.benefit),
            "category": one(self.category),
            "period": one(self.period),
            "payment_date": one(self.payment_date),
            "gross": one(self.gross),
            "additions": [v.to_dict(letter) for v in self.additions],
            "deductions": [v.to_dict(letter) for v in self.deductions],
            "deductions_total": one(self.deductions_total),
            "net": one(self.net),
            "rate": one(self.rate),
        }


# ------------------------------------------------------------------------------------------------------
# Extraction from text
# ------------------------------------------------------------------------------------------------------


class _Label:
    """A label found in the text: a payment field's, or a benefit name used as a table row's label."""

    __slots__ = ("end", "extra", "field", "prose", "start", "text")

    def __init__(
        self, field: str, start: int, end: int, text: str, extra: str | None = None, prose: bool = False
    ) -> None:
        self.field = field  # a payment field, or "benefit" for a benefit name used as a table row's label
        self.start = start
        self.end = end
        self.text = text
        self.extra = extra  # the benefit id of a benefit name
        self.prose = prose  # a running-text phrase, not a table label


class _Value:
    """A value found in the text (an amount, a date or a period) that a label may take."""

    __slots__ = ("claimed", "end", "kind", "obj", "start")

    def __init__(self, kind: str, start: int, end: int, obj: AmountMatch | DateMatch | PeriodMatch) -> None:
        self.kind = kind  # "amount" | "date" | "period"
        self.start = start
        self.end = end
        self.obj = obj
        self.claimed = False


_ACCEPTS = {f: "amount" for f in AMOUNT_FIELDS} | {
    "payment_date": "date",
    "period": "period",
    "benefit": "amount",
}
_PERCENT_BASE_RE = _lazy(r"(?:\baf|\bx|×|\*|à)\s*$", re.IGNORECASE)
_FILLER_RE = _lazy(r"[\s:.\-–—=()/|*•]*")
_NOT_FILLER_RE = _lazy(r"[^\s:.\-–—=()/|*•]")
_WORD_RE = _lazy(r"[^\W\d_]{2,}")
_CURRENCY_WORDS_RE = _lazy(r"(?<![\w])(?:kr\.?|kroner|dkk)(?![\w])", re.IGNORECASE)
_ROW_SPLIT_RE = _lazy(r"\s[\-–=]\s|\s{2,}|\t|:")
_ROW_END_RE = _lazy(r"[\s:.,\-–=(]+$")
_ROW_PERCENT_RE = _lazy(r"\s*\(?\d[\d,.]*\s*%.*$")
_BEFORE_LABEL_RE = _lazy(r"[\s,]{0,3}")
#: every character _PERCENT_BASE_RE can begin a match with, as re.IGNORECASE reads it (checked against all
#: code points): a text with none of them needs no search
_PERCENT_MARKS = frozenset("aAxX×*àÀ")


def _percent_base(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` ends with the mark of a percentage's base ("38 % af", "× ")."""
    part = text[start:end]
    return not _PERCENT_MARKS.isdisjoint(part) and _PERCENT_BASE_RE().search(part) is not None


def _only_punct(rest: str) -> bool:
    """Whether a line, its labels and values blanked, holds nothing but punctuation and currency words.

    The same as ``_FILLER_RE.fullmatch(_CURRENCY_WORDS_RE.sub(" ", rest))``: walk from one non-filler
    character to the next, each of which must start a currency word. A line of prose stops at its first word.
    """
    not_filler, currency = _NOT_FILLER_RE(), _CURRENCY_WORDS_RE()
    pos = 0
    while (m := not_filler.search(rest, pos)) is not None:
        c = currency.match(rest, m.start())
        if c is None:
            return False
        pos = c.end()
    return True


#: every character _CURRENCY_WORDS_RE can begin a match with, as re.IGNORECASE reads it (checked against all
#: code points, the Kelvin sign included)
_CURRENCY_MARKS = frozenset("kKdD\u212a")
#: and every character that can follow the first: "r" of "kr", "kroner"; "k" of "dkk"
_CURRENCY_SECOND = frozenset("rRkK\u212a")


def _line_only_punct(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """``_only_punct(_blank(text, start, end, spans))``, mostly without blanking the line.

    A line of prose with a label in it is the common case: its first character outside the spans that is not
    filler cannot begin a currency word ("Du", "Den": nor can its second character continue one), and that
    decides it. Only when it can is the line blanked and walked.
    """
    not_filler = _NOT_FILLER_RE()
    pos = start
    first = -1
    for s, e in sorted(spans):
        if s > pos:
            m = not_filler.search(text, pos, min(s, end))
            if m is not None:
                first = m.start()
                break
        if e > pos:
            pos = e
        if pos >= end:
            return True
    else:
        m = not_filler.search(text, pos, end)
        if m is None:
            return True
        first = m.start()
    if text[first] not in _CURRENCY_MARKS or first + 1 >= end or text[first + 1] not in _CURRENCY_SECOND:
        return False  # (blanked or not, the next character cannot continue "kr", "kroner" or "dkk")
    return _only_punct(_blank(text, start, end, spans))


def _prose(rest: str) -> bool:
    """Whether a line without labels reads as running prose (four or more words besides currency words)."""
    return len(_WORD_RE().findall(_CURRENCY_WORDS_RE().sub(" ", rest))) >= 4


class _TextExtractor:
    def __init__(self, text: str, spec: PaymentSpec, default_year: int | None) -> None:
        self.text = text
        self.spec = spec
        self.amounts = find_amounts(text, bare=True)
        self.periods = find_periods(text, default_year)
        dates = find_dates(text, default_year)
        if self.periods:
            period_spans = SpanIndex(p.span for p in self.periods)
            dates = [d for d in dates if not period_spans.covers(d.start, d.end)]
        values = [_Value("period", p.span[0], p.span[1], p) for p in self.periods]
        values += [_Value("date", d.start, d.end, d) for d in dates]
        if values:
            taken = SpanIndex((v.start, v.end) for v in values)
            values += [
                _Value("amount", a.start, a.end, a)
                for a in self.amounts
                if not taken.overlaps(a.start, a.end)
            ]
        else:
            values = [_Value("amount", a.start, a.end, a) for a in self.amounts]
        self.values = sorted(values, key=_start_of)
        self.vstarts = [v.start for v in self.values]
        #: where a phrase of the vocabulary can start; every word-list pattern is tried only there
        self.starts = _phrase_starts(text, spec)
        # a case-insensitive match that casefold() does not confirm (see _labels) is not a benefit's name
        self.benefit_matches = [
            m for m in matches_at(spec.benefit_re, text, self.starts) if _norm(m.group("w")) in spec.benefits
        ]
        self.labels = self._labels()
        self.found: list[FieldValue] = []

    def _labels(self) -> list[_Label]:
        labels, prose = self.spec.labels, self.spec.prose
        out = []
        for m in matches_at(self.spec.label_re, self.text, self.starts):
            key = _norm(m.group("w"))
            kind = labels.get(key)
            if kind is None:
                # the pattern's case-insensitive match is wider than casefold() for a few letters (the
                # dotless "ı" matches "i"): such a word is not the vocabulary's phrase, as the date parser
                # treats "ſeptember"
                continue
            out.append(_Label(kind, m.start(), m.end(), m.group(0), None, key in prose))
        if self.benefit_matches:
            # the label matches do not overlap and come in text order, so their ends ascend as their starts do:
            # a name overlaps a label when the last label starting before the name's end reaches past its start
            lstarts = [lab.start for lab in out]
            for m in self.benefit_matches:
                i = bisect.bisect_left(lstarts, m.end())
                if i and out[i - 1].end > m.start():
                    continue
                bid = self.spec.benefits[_norm(m.group("w"))]
                out.append(_Label("benefit", m.start(), m.end(), m.group(0), bid))
        if not out:
            return out
        values = self.values
        if values:
            # a label inside a value ("kr." is never one, but a date's month could be) does not count. A
            # position lies inside a value when the values starting at or before it reach past it: the running
            # maximum of their ends answers that with one binary search, without merging the spans first.
            reach = list(itertools.accumulate([v.end for v in values], max))
            vstarts = self.vstarts
            out = [
                lab
                for lab in out
                if (i := bisect.bisect_right(vstarts, lab.start)) == 0 or reach[i - 1] <= lab.start
            ]
        return sorted(out, key=_start_of)

    # -- assignment ---------------------------------------------------------------------------------------
    def run(self) -> list[FieldValue]:
        """Give each label its value, line by line.

        A label with a value after it on its line takes that value. A label alone on its line waits
        ("pending") for the next line that holds only values — how pypdf gives a table one cell per line, and a
        column of labels followed by a column of values; each waiting label takes the first value of its kind.
        Running prose, or fourteen lines without a value, ends the wait.

        Only the lines that hold a label or a value are read, and the lines between them only while a label
        waits: a line with neither can do nothing but end a wait.
        """
        text = self.text
        n = len(text)
        labels, values, vstarts = self.labels, self.values, self.vstarts
        nlab = len(labels)
        pending: list[tuple[_Label, int]] = []
        li = 0
        pos = 0  # the start of the first line not read yet
        line_no = 0  # its number
        while True:
            if not pending:
                # nothing waits: go straight to the next line with a label
                while li < nlab and labels[li].start < pos:
                    li += 1
                if li == nlab:
                    return self.found
                ls = text.rfind("\n", pos, labels[li].start) + 1 or pos
                if ls > pos:
                    line_no += text.count("\n", pos, ls)
            else:
                ls = pos  # labels wait: every line counts, for the values it holds or the prose that ends the wait
                pending = [(lab, k) for lab, k in pending if line_no - k <= _PENDING_LINES]
            nl = text.find("\n", ls)
            le = n if nl < 0 else nl
            while li < nlab and labels[li].start < ls:
                li += 1
            j = li
            while j < nlab and labels[j].start < le:
                j += 1
            a = bisect.bisect_left(vstarts, ls)
            b = bisect.bisect_left(vstarts, le, a)
            self._line(ls, le, labels[li:j], values[a:b], vstarts[a:b], pending, line_no)
            if nl < 0:
                return self.found
            li = j
            line_no += 1
            pos = nl + 1

    def _line(
        self,
        ls: int,
        le: int,
        labels: list[_Label],
        values: list[_Value],
        vstarts: list[int],
        pending: list[tuple[_Label, int]],
        line_no: int,
    ) -> None:
        text = self.text
        if not labels:
            if not pending:
                return  # values with no label waiting for them, or prose that has nothing to end
            rest = _blank(text, ls, le, [(v.start, v.end) for v in values])
            if values and _only_punct(rest):
                # a line of values only: they belong to labels waiting on the lines above (one cell per line)
                for v in values:
                    for k, (lab, _n) in enumerate(pending):
                        if _ACCEPTS[lab.field] == v.kind and not v.claimed:
                            self._assign(lab, v, same_line=False)
                            del pending[k]
                            break
            elif _prose(rest):
                pending.clear()  # running prose ends any table whose cells we were waiting for
            return
        only_punct: bool | None = None
        last = len(labels) - 1
        for i, lab in enumerate(labels):
            seg_end = labels[i + 1].start if i < last else le
            v = self._pick(lab, seg_end, values, vstarts, ls) if values else None
            if v is not None:
                self._assign(lab, v, same_line=True)
                continue
            before = self._preceding(lab, values, vstarts) if values else None
            if before is not None:
                self._assign(lab, before, same_line=True)
                continue
            if only_punct is None:
                spans = [(v.start, v.end) for v in values] + [(x.start, x.end) for x in labels]
                only_punct = _line_only_punct(text, ls, le, spans)
            if only_punct:
                pending.append((lab, line_no))

    def _pick(
        self, lab: _Label, seg_end: int, values: list[_Value], vstarts: list[int], ls: int
    ) -> _Value | None:
        kind = _ACCEPTS[lab.field]
        # values are in text order: look only at those starting within the window after the label, so a
        # line with thousands of values costs a binary search per label, not a scan
        lo = bisect.bisect_left(vstarts, lab.end)
        hi = bisect.bisect_left(vstarts, min(seg_end, lab.end + _WINDOW + 1), lo)
        if lo == hi:
            return None
        # (so every value in values[lo:hi] starts after the label, before seg_end and within the window)
        text = self.text
        benefit = lab.field == "benefit"
        # the first candidate at or after the segment's last "=", else the first candidate: without an "=" the
        # first candidate ends the search (no list of candidates is built for the common case)
        eq = -1 if benefit else text.rfind("=", lab.end, seg_end)
        first: _Value | None = None
        for v in values[lo:hi]:
            if v.kind != kind or v.claimed:
                continue
            part = text[max(lab.end, v.start - 6) : v.start]
            if not _PERCENT_MARKS.isdisjoint(part) and _PERCENT_BASE_RE().search(part) is not None:
                continue  # (as _percent_base: the base of a percentage is not the value)
            if first is None:
                first = v
                if eq < 0:
                    break
            if v.start >= eq:
                return v
        if first is None or not benefit:
            return first
        # a benefit name is a row label only at the start of a row with nothing but values after it
        if _FILLER_RE().fullmatch(text[ls : lab.start]) is None:
            return None
        gap = _blank(text, lab.end, first.start, [(x.start, x.end) for x in values])
        if len(_WORD_RE().findall(gap)) > 1:
            return None
        return first

    def _preceding(self, lab: _Label, values: list[_Value], vstarts: list[int]) -> _Value | None:
        """The value right before a label ("9.135,67 kr. til udbetaling"), when nothing follows the label."""
        if _ACCEPTS[lab.field] != "amount" or lab.field == "benefit":
            return None
        i = bisect.bisect_right(vstarts, lab.start)
        for v in reversed(values[max(0, i - 4) : i]):
            if v.end <= lab.start:
                if (
                    v.kind == "amount"
                    and not v.claimed
                    and _BEFORE_LABEL_RE().fullmatch(self.text[v.end : lab.start])
                ):
                    return v
                return None
        return None

    def _assign(self, lab: _Label, v: _Value, same_line: bool) -> None:
        v.claimed = True
        text = self.text
        label_text = lab.text
        if same_line and lab.field in ("deduction", "addition", "rate") and v.start - lab.start <= 50:
            # the whole row label: "Fradrag for løn", "Sats, børnetillæg"
            row = text[lab.start : v.start]
            row = _ROW_SPLIT_RE().split(row)[0]
            row = _ROW_END_RE().sub("", row)
            if row and not _percent_base(row, 0, len(row)):
                label_text = row
            if "%" in label_text:  # (what _ROW_PERCENT_RE removes holds one)
                label_text = _ROW_PERCENT_RE().sub("", label_text)
            label_text = label_text.strip() or lab.text
        label_text = " ".join(label_text.split())
        o = v.obj
        if lab.prose:
            row = False
        else:
            # (a label that starts its line, the common case, needs no look at what comes before it)
            line_start = text.rfind("\n", 0, lab.start) + 1
            row = line_start == lab.start or _FILLER_RE().fullmatch(text, line_start, lab.start) is not None
        if isinstance(o, AmountMatch):
            fld = "addition" if lab.field == "benefit" else lab.field
            unit = _unit(text, lab.start, v.end) if fld == "rate" else None
            # a deduction is an amount taken off, however it is printed ("-3.210,00", "÷ 3.210,00")
            value = abs(o.value) if fld in ("deduction", "deductions_total") else o.value
            self.found.append(
                FieldValue(
                    fld,
                    value,
                    "text",
                    o.start,
                    o.end,
                    o.text,
                    label_text,
                    lab.start,
                    row=row,
                    malformed=o.malformed,
                    unit=unit,
                )
            )
        elif isinstance(o, PeriodMatch):
            self.found.append(
                FieldValue(
                    "period",
                    DateRange(o.start, o.end),
                    "text",
                    o.span[0],
                    o.span[1],
                    o.text,
                    label_text,
                    lab.start,
                    row=row,
                    coarse=o.kind == "month",
                )
            )
        elif isinstance(o, DateMatch):
            self.found.append(
                FieldValue(
                    "payment_date", o.value, "text", o.start, o.end, o.text, label_text, lab.start, row=row
                )
            )

    def unclaimed(self) -> list[AmountMatch]:
        """Amounts no label took, except the base of a percentage ("38 % af 8.447,00 kr."): not an item."""
        return [
            v.obj  # type: ignore[misc]
            for v in self.values
            if v.kind == "amount"
            and not v.claimed
            and (
                _PERCENT_MARKS.isdisjoint(self.text[max(0, v.start - 6) : v.start])
                or not _PERCENT_BASE_RE().search(self.text, max(0, v.start - 6), v.start)
            )
        ]

    def benefits(self) -> tuple[list[FieldValue], FieldValue | None]:
        """Benefit names introduced by a label ("Ydelse: kontanthjælp"), and the first mention at all."""
        labelled: list[FieldValue] = []
        first: FieldValue | None = None
        starts = self.starts
        for m in self.benefit_matches:
            bid = self.spec.benefits[_norm(m.group("w"))]
            if first is None:
                first = FieldValue("benefit", bid, "text", m.start(), m.end(), m.group(0), labelled=False)
            # the last benefit label in the 40 characters before the name, as finditer over them finds it
            lo, hi = max(0, m.start() - 40), m.start()
            near = starts[bisect.bisect_left(starts, lo) : bisect.bisect_left(starts, hi)]
            found = matches_at(self.spec.benefit_label_re, self.text, near, lo, hi) if near else []
            lm = found[-1] if found else None
            if lm is not None and lm.end() == m.start():
                labelled.append(
                    FieldValue(
                        "benefit",
                        bid,
                        "text",
                        m.start(),
                        m.end(),
                        m.group(0),
                        lm.group(0).strip(" :-–"),
                        lm.start(),
                    )
                )
        return labelled, first

    def category(self) -> list[FieldValue]:
        """Recipient-category phrases in the text, longest first where they overlap."""
        rx = self.spec.category_re
        if rx is None:
            return []
        return [
            FieldValue(
                "category", self.spec.category_of[_norm(m.group("w"))], "text", m.start(), m.end(), m.group(0)
            )
            for m in matches_at(rx, self.text, self.starts)
        ]


def _blank(text: str, start: int, end: int, spans: list[tuple[int, int]]) -> str:
    """``text[start:end]`` with every character inside one of ``spans`` (clipped to it) made a space."""
    parts: list[str] = []
    pos = start
    for s, e in sorted(spans):
        s, e = max(s, pos), min(e, end)
        if e <= s:
            continue
        parts += (text[pos:s], " " * (e - s))
        pos = e
    parts.append(text[pos:end])
    return "".join(parts)


def _phrase_starts(text: str, spec: PaymentSpec) -> tuple[int, ...]:
    """Offsets where a phrase of the vocabulary (labels, benefits, categories, markers) can start."""
    rx = spec.starts_re
    if rx is not None and text_scan(text).folded is not None:
        return _starts(text, rx)
    # only now is the pattern over the text itself compiled (~6 ms): a start that never needs it skips that
    return _text_starts(text, spec.starts_text_re)


@functools.lru_cache(maxsize=8)
def _starts(text: str, rx: re.Pattern[bytes]) -> tuple[int, ...]:
    return tuple([m.start() for m in rx.finditer(text_scan(text).folded or b"")])


@functools.lru_cache(maxsize=8)
def _text_starts(text: str, text_rx: re.Pattern[str]) -> tuple[int, ...]:
    return tuple([m.start() for m in text_rx.finditer(text)])


@functools.cache
def _unit_res() -> tuple[tuple[str, re.Pattern[str]], ...]:
    return tuple((unit, re.compile(rx, re.IGNORECASE)) for unit, rx in _UNIT_WORDS)


def _unit(text: str, start: int, end: int) -> str | None:
    window = text[max(0, start - 20) : min(len(text), end + 30)]
    line_end = window.find("\n", end - max(0, start - 20))
    if line_end >= 0:
        window = window[:line_end]
    for unit, rx in _unit_res():
        if rx.search(window):
            return unit
    return None


# ------------------------------------------------------------------------------------------------------
# Extraction from structured data
# ------------------------------------------------------------------------------------------------------


def _decimal(v: Any) -> Decimal | None:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, Decimal):
        return v
    if isinstance(v, int):
        return Decimal(v)
    if isinstance(v, str):
        return parse_amount_text(v)
    try:
        return Decimal(str(v))
    except InvalidOperation:
        return None


def _date(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    if isinstance(v, str) and v.strip():
        try:
            return date.fromisoformat(v.strip()[:10])
        except ValueError:
            return parse_danish_date(v)
    return None


def _from_data(pay: Any, spec: PaymentSpec) -> list[FieldValue]:
    if not isinstance(pay, dict):
        return []
    out: list[FieldValue] = []
    if isinstance(pay.get("benefit"), str) and pay["benefit"].strip():
        raw = pay["benefit"].strip()
        out.append(
            FieldValue("benefit", spec.benefit_id(raw) or _norm(raw), "data", text=raw, label="benefit")
        )
    if isinstance(pay.get("category"), str) and pay["category"].strip():
        out.append(
            FieldValue("category", pay["category"].strip(), "data", text=pay["category"], label="category")
        )
    period = pay.get("period")
    if isinstance(period, dict):
        a, b = _date(period.get("start")), _date(period.get("end"))
        if a and b:
            out.append(FieldValue("period", DateRange(a, b), "data", text=f"{a} – {b}", label="period"))
    if (pd := _date(pay.get("payment_date"))) is not None:
        out.append(FieldValue("payment_date", pd, "data", text=pd.isoformat(), label="payment_date"))
    for key in ("gross", "net", "rate"):
        if (d := _decimal(pay.get(key))) is not None:
            out.append(FieldValue(key, d, "data", text=str(pay.get(key)), label=key))
    for item in pay.get("deductions") or []:
        if not isinstance(item, dict):
            continue
        d = _decimal(item.get("value"))
        if d is None:
            continue
        label = str(item.get("label") or "fradrag")
        out.append(FieldValue("deduction", d, "data", text=str(item.get("value")), label=label))
    return out


# ------------------------------------------------------------------------------------------------------
# Putting it together
# ------------------------------------------------------------------------------------------------------


def _text_order(v: FieldValue) -> int:
    return v.start or 0


def _rank(v: FieldValue) -> tuple[bool, bool, bool, int]:
    """Which value of a field counts: the data's, else a table row's (the specification), else the first
    mention in prose (the smallest key wins; a module function, not a lambda made per field and letter)."""
    return (v.source != "data", v.coarse, not v.row, v.start or 0)


def extract_payment(letter: Letter, config: Any = None) -> Payment:
    """The payment fields of ``letter``: structured data first, then what the text states."""
    spec = spec_for_config(config)
    default_year = letter.date.year if letter.date else None
    ex = _TextExtractor(letter.text, spec, default_year)
    text_values = ex.run()
    benefit_labelled, benefit_first = ex.benefits()
    data_values = _from_data(letter.data.get("payment"), spec)

    observed: dict[str, list[FieldValue]] = {}
    for v in [*data_values, *sorted([*text_values, *benefit_labelled], key=_text_order)]:
        observed.setdefault(v.field, []).append(v)

    def primary(fld: str) -> FieldValue | None:
        vals = observed.get(fld)
        return min(vals, key=_rank) if vals else None

    p = Payment(observed=observed, unclaimed=ex.unclaimed())
    p.benefit = primary("benefit") or benefit_first
    categories = ex.category()
    data_cat = [v for v in data_values if v.field == "category"]
    if data_cat:
        p.category = data_cat[0]
    elif len({c.value for c in categories}) == 1:
        p.category = categories[0]
    p.period = primary("period")
    if p.period is None:
        # an unlabelled period ("Udbetaling af kontanthjælp for oktober 2025" has one, labelled or not)
        ranked = sorted(ex.periods, key=lambda x: (x.kind == "month", x.span[0]))
        if ranked:
            pm = ranked[0]
            p.period = FieldValue(
                "period",
                DateRange(pm.start, pm.end),
                "text",
                pm.span[0],
                pm.span[1],
                pm.text,
                labelled=False,
                coarse=pm.kind == "month",
            )
    p.payment_date = primary("payment_date")
    p.gross = primary("gross")
    p.net = primary("net")
    p.rate = primary("rate")
    p.deductions_total = primary("deductions_total")
    data_deductions = [v for v in data_values if v.field == "deduction"]
    has_data_deductions = isinstance(letter.data.get("payment"), dict) and bool(
        letter.data["payment"].get("deductions")
    )
    p.deductions = data_deductions if has_data_deductions else p.deductions_from("text")
    p.additions = p.values("addition", "text")
    starts = [v.label_start for v in text_values if v.label_start is not None]
    p.anchor = min(starts) if starts else None
    return p


def is_payment_letter(
    letter: Letter, payment: Payment | Callable[[], Payment] | None = None, config: Any = None
) -> bool:
    """Whether the payment rules (LC201–LC205) judge this letter.

    A letter is a payment letter when its type is ``udbetaling``; when it carries structured payment data
    (the case system says it pays something, whatever the letter's type); or, when its type is unknown, when
    its text reads like one: a payment heading from ``payment_letter_markers``, a labelled amount to be paid
    ("Til udbetaling 9.135,67 kr."), or two or more kinds of labelled amounts (a payment table). A decision
    letter that mentions an amount in passing is not one: LC201 demanding a payment date of it would be noise.

    ``payment`` may be the letter's extracted payment, or a function giving it: it is only needed when the
    text must decide, so a letter of another type is never tokenised for this question.
    """
    if letter.letter_type is not None and _norm(letter.letter_type) == "udbetaling":
        return True
    if isinstance(letter.data.get("payment"), dict) and any(
        letter.data["payment"].get(k) for k in ("gross", "net", "deductions", "period", "payment_date")
    ):
        return True
    if letter.letter_type is not None:
        return False
    spec = spec_for_config(config)
    marker = spec.marker_re
    if marker is not None and any(marker.match(letter.text, s) for s in _phrase_starts(letter.text, spec)):
        return True
    if callable(payment):
        payment = payment()
    elif payment is None:
        payment = extract_payment(letter, config)
    text_fields = {f for f in ("gross", "deduction", "deductions_total", "net") if payment.values(f, "text")}
    return "net" in text_fields or len(text_fields) >= 2


def extraction_dicts(letter: Letter, payment: Payment | None = None, config: Any = None) -> dict[str, Any]:
    """``amounts``, ``dates``, ``periods`` and ``payment`` for ``lettercheck extract`` JSON."""
    default_year = letter.date.year if letter.date else None
    payment = payment if payment is not None else extract_payment(letter, config)
    return {
        "amounts": amounts_to_dicts(letter, find_amounts(letter.text)),
        "dates": dates_to_dicts(letter, find_dates(letter.text, default_year)),
        "periods": periods_to_dicts(letter, find_periods(letter.text, default_year)),
        "payment": payment.to_dict(letter),
    }
