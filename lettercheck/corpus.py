"""The legal-reference corpus: load, validate and query ``corpus/legal_refs.yaml`` by date.

Every citation check is only as true as this corpus, so the module is built around three promises:

* **Time-aware answers.** A letter is judged against the law in force on its own date, so every lookup takes
  a date: which version of an act was in force, whether a section existed or had moved, whether a body was
  already abolished.
* **"Unknown" is not "wrong".** Where the corpus has no fact, lookups say ``unknown`` (or ``stale`` when a
  document is newer than anything the corpus knows) and never guess. Facts marked ``confidence: likely`` are
  passed through so callers can keep them below error level.
* **Facts are data.** The code holds no legal fact; the YAML does, each with a source URL. Users layer their own
  YAML files (overlays) on top, validated exactly like the bundled file, with errors that name file and line.

Loading parses YAML once per process (``functools.cache``). ``docs/corpus.md`` documents the schema.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from lettercheck.danish import MONTHS
from lettercheck.records import field, record
from lettercheck.resources import data_path

if TYPE_CHECKING:
    import yaml

__all__ = [
    "Act",
    "Body",
    "BodyMention",
    "Corpus",
    "CorpusError",
    "DocumentRef",
    "DocumentStatus",
    "LexDaniaDocument",
    "Problem",
    "Rate",
    "SectionFact",
    "SectionStatus",
    "Term",
    "TermMention",
    "Version",
    "bundled_path",
    "compile_corpus",
    "lexdania_overlay",
    "load_corpus",
    "normalize_name",
    "normalize_section",
    "parse_document_ref",
    "parse_lexdania",
    "validate_corpus",
]

CONFIRMED = "confirmed"
LIKELY = "likely"
CONFIDENCES = (CONFIRMED, LIKELY)
DOC_TYPES = ("LOV", "LBK")
SECTION_STATUSES = ("exists", "repealed", "moved")
RATE_UNITS = ("month", "week", "hour")
SCHEMA_VERSION = 1

#: Bumped whenever the compiled form changes shape, so stale pickles are never read back.
#: 2: the pickle is ``(corpus, prefilter seeds)``, the literal prefilters of its patterns computed with it.
_COMPILED_FORMAT = 2


# ====================================================================================================== values


@record(frozen=True)
class Problem:
    """One schema or consistency problem, located by file and line so an editor can jump to it."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class CorpusError(Exception):
    """The corpus (bundled or an overlay) cannot be used; the message names file and line of each problem."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        shown = "\n".join(str(p) for p in self.problems[:20])
        more = f"\n... and {len(self.problems) - 20} more" if len(self.problems) > 20 else ""
        super().__init__(f"invalid legal-reference corpus:\n{shown}{more}")


def _dmy(d: date) -> str:
    return d.strftime("%d/%m/%Y")


@record(frozen=True)
class Version:
    """One LOV or LBK of an act, with the interval a source gives for it (if any)."""

    act: str
    type: str
    number: int
    date: date
    in_force_from: date | None
    in_force_to: date | None
    superseded_by: tuple[str, int, date] | None
    source: str
    confidence: str
    eli: str | None
    consolidates: str | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()
    #: full section list from a LexDania import: (section, number of stk.)
    sections: tuple[tuple[str, int], ...] = ()
    #: True when ``sections`` is the act's complete list for this version (so absence means "not in the act")
    sections_complete: bool = False
    repealed_sections: tuple[str, ...] = ()
    accession: str | None = None
    status: str | None = None

    @property
    def key(self) -> tuple[str, int, date]:
        return (self.type, self.number, self.date)

    @property
    def start(self) -> date:
        """The day the version began to apply: ``in_force_from`` where a source gives it, else its own date."""
        return self.in_force_from or self.date

    @property
    def label(self) -> str:
        return f"{self.type} nr. {self.number} af {_dmy(self.date)}"

    def stk_count(self, section: str) -> int | None:
        sec = normalize_section(section)
        for name, count in self.sections:
            if name == sec:
                return count
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "act": self.act,
            "type": self.type,
            "number": self.number,
            "date": self.date.isoformat(),
            "label": self.label,
            "in_force_from": _iso(self.in_force_from),
            "in_force_to": _iso(self.in_force_to),
            "superseded_by": (
                {
                    "type": self.superseded_by[0],
                    "number": self.superseded_by[1],
                    "date": _iso(self.superseded_by[2]),
                }
                if self.superseded_by
                else None
            ),
            "source": self.source,
            "confidence": self.confidence,
            "eli": self.eli,
            "consolidates": self.consolidates,
            "note": self.note,
            "sections": dict(self.sections) if self.sections else None,
            "sections_complete": self.sections_complete,
        }


@record(frozen=True)
class SectionFact:
    """What a source says about one or more sections (§§) of an act during a period."""

    sections: tuple[str, ...]
    status: str
    from_: date | None
    to: date | None
    source: str
    confidence: str
    moved_to: str | None = None
    moved_to_act: str | None = None
    note: str | None = None

    def covers(self, on: date) -> bool:
        return (self.from_ is None or on >= self.from_) and (self.to is None or on <= self.to)


@record(frozen=True)
class Act:
    """An act as the corpus knows it: names, versions in date order, section facts, and its successor."""

    id: str
    title: str
    names: tuple[str, ...]
    abbreviations: tuple[str, ...]
    eli: str | None
    versions: tuple[Version, ...]
    in_force_from: date | None
    in_force_to: date | None
    replaced_by: tuple[str, date] | None
    source: str
    replaced_by_source: str | None = None
    replaced_by_confidence: str = CONFIRMED
    sections: tuple[SectionFact, ...] = ()
    verified_until: date | None = None
    note: str | None = None
    sources: tuple[str, ...] = ()

    def in_force_on(self, on: date) -> bool:
        return (self.in_force_from is None or on >= self.in_force_from) and (
            self.in_force_to is None or on <= self.in_force_to
        )

    @property
    def newest(self) -> Version | None:
        return self.versions[-1] if self.versions else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "names": list(self.names),
            "abbreviations": list(self.abbreviations),
            "eli": self.eli,
            "in_force_from": _iso(self.in_force_from),
            "in_force_to": _iso(self.in_force_to),
            "replaced_by": (
                {
                    "act": self.replaced_by[0],
                    "date": _iso(self.replaced_by[1]),
                    "source": self.replaced_by_source,
                    "confidence": self.replaced_by_confidence,
                }
                if self.replaced_by
                else None
            ),
            "verified_until": _iso(self.verified_until),
            "source": self.source,
            "note": self.note,
            "versions": [v.to_dict() for v in self.versions],
            "sections": [
                {
                    "sections": list(f.sections),
                    "status": f.status,
                    "from": _iso(f.from_),
                    "to": _iso(f.to),
                    "moved_to": f.moved_to,
                    "moved_to_act": f.moved_to_act,
                    "note": f.note,
                    "source": f.source,
                    "confidence": f.confidence,
                }
                for f in self.sections
            ],
        }


@record(frozen=True)
class Body:
    """An authority a letter may name, with the day it was abolished (``None``: not known)."""

    id: str
    name: str
    variants: tuple[str, ...]
    abolished: date | None
    successor: str | None
    source: str
    confidence: str
    note: str | None = None
    sources: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None


@record(frozen=True)
class Term:
    """A benefit or rule name that was abolished or renamed on ``changed`` (``None``: date not known)."""

    id: str
    term: str
    variants: tuple[str, ...]
    changed: date | None
    successor: str | None
    exceptions: str | None
    source: str
    confidence: str
    introduced: date | None = None
    #: "exact", or "no_later_than" when ``changed`` is only an upper bound of the real change
    changed_precision: str = "exact"
    note: str | None = None
    sources: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None


@record(frozen=True)
class BodyMention:
    """Where a known body is named in a text."""

    body: Body
    start: int
    end: int
    text: str
    #: whether the body was abolished on the date asked about (False when no date was given)
    abolished: bool = False


@record(frozen=True)
class TermMention:
    """Where a known benefit term is named in a text."""

    term: Term
    start: int
    end: int
    text: str
    outdated: bool = False


@record(frozen=True)
class Rate:
    """A benefit rate (sats) for one category in one period, as a source gives it."""

    benefit: str
    category: str
    year: int
    from_: date | None
    to: date | None
    amount: Decimal
    unit: str
    source: str
    confidence: str
    label: str | None = None
    legal_ref: str | None = None
    note: str | None = None

    @property
    def start(self) -> date:
        return self.from_ or date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return self.to or date(self.year, 12, 31)

    def to_dict(self) -> dict[str, Any]:
        return {
            "benefit": self.benefit,
            "category": self.category,
            "year": self.year,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "amount": str(self.amount),
            "unit": self.unit,
            "label": self.label,
            "legal_ref": self.legal_ref,
            "source": self.source,
            "confidence": self.confidence,
        }


@record(frozen=True)
class DocumentRef:
    """A LOV/LBK reference as written in a letter (the shape citation extractors also produce)."""

    type: str
    number: int
    date: date | None = None
    year: int | None = None
    text: str = ""


@record(frozen=True)
class DocumentStatus:
    """The verdict on one cited LOV/LBK on one date, with the facts a message needs.

    ``status`` is one of ``current``, ``superseded``, ``not_yet_in_force``, ``other_act``, ``wrong_date``,
    ``unknown`` (the corpus does not say) and ``stale`` (the document is newer than anything the corpus knows
    of the act: the corpus may be out of date, the letter is not known to be wrong).
    """

    status: str
    on: date
    ref: DocumentRef
    act: str | None = None
    act_title: str | None = None
    version: Version | None = None
    in_force: Version | None = None
    since: date | None = None
    confidence: str | None = None
    mismatch: str | None = None
    replaced_by: tuple[str, date] | None = None
    newest: Version | None = None
    verified_until: date | None = None

    @property
    def beyond_verified(self) -> bool:
        """The date lies after the point up to which the act's version chain is believed complete."""
        return self.verified_until is not None and self.on > self.verified_until

    @property
    def message(self) -> str:
        cited = _ref_label(self.ref)
        act = f"{self.act_title} ({self.act})" if self.act_title else (self.act or "the act")
        on = self.on.isoformat()
        unconfirmed = " (the corpus marks this fact as unconfirmed)" if self.confidence == LIKELY else ""
        if self.status == "current":
            extra = ""
            if self.beyond_verified and self.verified_until:
                extra = (
                    f"; the corpus is verified only until {self.verified_until.isoformat()}, "
                    "so a newer version may exist"
                )
            return f"{cited} is the version of {act} in force on {on}{extra}{unconfirmed}"
        if self.status == "superseded":
            if self.in_force is not None and self.since is not None:
                return (
                    f"{cited} of {act} was superseded on {self.since.isoformat()}; "
                    f"{self.in_force.label} is in force on {on}{unconfirmed}"
                )
            if self.replaced_by is not None:
                return (
                    f"{act} was replaced by {self.replaced_by[0]} on {self.replaced_by[1].isoformat()}; "
                    f"{cited} is not in force on {on}{unconfirmed}"
                )
            return f"{cited} of {act} is not in force on {on}{unconfirmed}"
        if self.status == "not_yet_in_force":
            since = self.since.isoformat() if self.since else "a later date"
            return f"{cited} of {act} was not yet in force on {on} (in force from {since}){unconfirmed}"
        if self.status == "other_act":
            other = self.version.act if self.version else "another act"
            return f"{cited} is a version of {other}, not of {self.act or 'the act named'}{unconfirmed}"
        if self.status == "wrong_date" and self.version is not None:
            if self.mismatch == "number":
                return (
                    f"the corpus knows {self.version.label} of {act} for that date, "
                    f"not number {self.ref.number}{unconfirmed}"
                )
            return f"the corpus knows {self.version.label} of {act}, not dated as cited{unconfirmed}"
        if self.status == "stale":
            newest = f" (newest known: {self.newest.label})" if self.newest else ""
            return f"{cited} is newer than any version of {act} the corpus knows{newest}: corpus may be stale"
        return f"the corpus does not know {cited}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "on": self.on.isoformat(),
            "cited": _ref_label(self.ref),
            "act": self.act,
            "act_title": self.act_title,
            "version": self.version.to_dict() if self.version else None,
            "in_force": self.in_force.to_dict() if self.in_force else None,
            "since": _iso(self.since),
            "confidence": self.confidence,
            "mismatch": self.mismatch,
            "replaced_by": (
                {"act": self.replaced_by[0], "date": self.replaced_by[1].isoformat()}
                if self.replaced_by
                else None
            ),
            "verified_until": _iso(self.verified_until),
            "beyond_verified": self.beyond_verified,
            "message": self.message,
        }


@record(frozen=True)
class SectionStatus:
    """Whether a section (§) of an act exists on a date, as far as the corpus says.

    ``status``: ``exists``, ``repealed``, ``moved`` (``moved_to`` says where), ``unknown`` (the corpus does not
    say) or ``not_in_act`` (only where the corpus holds the act's complete section list for that date).
    """

    status: str
    act: str
    section: str
    on: date
    moved_to: str | None = None
    moved_to_act: str | None = None
    since: date | None = None
    until: date | None = None
    source: str | None = None
    confidence: str | None = None
    note: str | None = None
    version: Version | None = None
    stk: int | None = None

    @property
    def message(self) -> str:
        sec = f"§ {self.section}" if self.section else "the section"
        on = self.on.isoformat()
        if self.status == "moved":
            since = f" on {self.since.isoformat()}" if self.since else ""
            target = f" to {self.moved_to}" if self.moved_to else ""
            other = f" of {self.moved_to_act}" if self.moved_to_act else ""
            return f"{sec} of {self.act} moved{target}{other}{since}"
        if self.status == "repealed":
            since = f" on {self.since.isoformat()}" if self.since else ""
            return f"{sec} of {self.act} was repealed{since}"
        if self.status == "exists":
            return f"{sec} of {self.act} exists on {on}"
        if self.status == "not_in_act":
            where = f" ({self.version.label})" if self.version else ""
            return f"{self.act}{where} has no {sec} on {on}"
        return f"the corpus does not say whether {self.act} has {sec} on {on}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "status": self.status,
            "act": self.act,
            "section": self.section,
            "on": self.on.isoformat(),
            "moved_to": self.moved_to,
            "moved_to_act": self.moved_to_act,
            "since": _iso(self.since),
            "until": _iso(self.until),
            "source": self.source,
            "confidence": self.confidence,
            "note": self.note,
            "stk": self.stk,
            "message": self.message,
        }


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _ref_label(ref: Any) -> str:
    text = getattr(ref, "text", "") or ""
    if text:
        return text
    d = getattr(ref, "date", None)
    year = getattr(ref, "year", None)
    when = f" af {_dmy(d)}" if d else (f"/{year}" if year else "")
    return f"{getattr(ref, 'type', '?')} nr. {getattr(ref, 'number', '?')}{when}"


# ============================================================================================ name helpers


@functools.cache
def _rx(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``pattern`` compiled on first use: importing the corpus module is part of every start-up, and most
    of its patterns serve validation, which a start from the compiled cache never runs."""
    return re.compile(pattern, flags)


_PREFIXES = (
    "bekendtgørelse af lov om ",
    "lovbekendtgørelse af lov om ",
    "lovbekendtgørelse om ",
    "bekendtgørelse af ",
    "loven om ",
    "lov om ",
)
_TRAILING_MV = r"\s*(?:m\.\s?v\.?|mv\.?)$"
_PAREN = r"\s*\(([^()]*)\)\s*$"


def normalize_name(text: str) -> str:
    """Fold an act title or name to the key lookups use: lowercase, no "lov om"/"bekendtgørelse af", no "m.v."."""
    t = " ".join(text.lower().split())
    t = t.strip(" ,;:«»\"'")
    t = _rx(_PAREN).sub("", t)
    t = _rx(_TRAILING_MV).sub("", t).rstrip(" .,")
    for prefix in _PREFIXES:
        if t.startswith(prefix):
            t = t[len(prefix) :]
            break
    return t.strip()


_SECTION = r"^\s*§?\s*(\d+)\s*([a-zæøå])?\s*\.?\s*$"


def normalize_section(section: str | int) -> str | None:
    """``"§ 25 b."``, ``"25b"`` and ``25`` become ``"25 b"``/``"25"``; anything that is not one section is None."""
    if type(section) is str and len(section) <= 32:
        # the citation checks ask for the same few sections over and over: remember the answers
        known = _SECTION_MEMO.get(section, _MISSING)
        if known is _MISSING:
            known = _normalize_section(section)
            if len(_SECTION_MEMO) < 4096:
                _SECTION_MEMO[section] = known
        return known  # type: ignore[return-value]
    return _normalize_section(section)


_MISSING = object()
_SECTION_MEMO: dict[str, str | None] = {}


def _normalize_section(section: str | int) -> str | None:
    m = _rx(_SECTION, re.IGNORECASE).match(str(section))
    if not m:
        return None
    return f"{int(m.group(1))} {m.group(2).lower()}" if m.group(2) else str(int(m.group(1)))


_DATE_WORDS = (
    r"(?P<d1>\d{1,2})\.?\s*(?P<m1>" + "|".join(MONTHS) + r")\s+(?P<y1>\d{4})"
    r"|(?P<d2>\d{1,2})[/.-](?P<m2>\d{1,2})[/.-](?P<y2>\d{4})"
    r"|(?P<y3>\d{4})-(?P<m3>\d{1,2})-(?P<d3>\d{1,2})"
)
_REF = (
    r"(?P<type>lovbekendtgørelse|lbk|lov)\.?\s*(?:nr\.?|nummer)?\s*(?P<number>\d+)"
    r"(?:\s*(?:af|of|fra)\s*(?:den\s+)?(?:" + _DATE_WORDS + r")|\s*/\s*(?P<year>\d{4}))?"
)


def parse_document_ref(text: str) -> DocumentRef | None:
    """Parse "LBK nr. 1032 af 23/06/2016", "lov nr. 548 af 7. maj 2019" or "LBK 1032/2016" into a DocumentRef.

    A deliberately small grammar for the CLI and tests; the citation extractor handles letters in full.
    """
    m = _rx(_REF, re.IGNORECASE).search(text)
    if not m:
        return None
    kind = m.group("type").lower()
    typ = "LOV" if kind == "lov" else "LBK"
    d: date | None = None
    try:
        if m.group("y1"):
            d = date(int(m.group("y1")), MONTHS[m.group("m1").lower()], int(m.group("d1")))
        elif m.group("y2"):
            d = date(int(m.group("y2")), int(m.group("m2")), int(m.group("d2")))
        elif m.group("y3"):
            d = date(int(m.group("y3")), int(m.group("m3")), int(m.group("d3")))
    except ValueError:
        return None
    year = d.year if d else (int(m.group("year")) if m.group("year") else None)
    return DocumentRef(type=typ, number=int(m.group("number")), date=d, year=year, text=m.group(0).strip())


def _variant_regex(variants: Iterable[str], patterns: Iterable[str] = ()) -> re.Pattern[str]:
    """One case-insensitive pattern matching any variant as whole words, tolerant of line-break whitespace."""
    alts: list[str] = []
    for v in sorted({" ".join(v.split()) for v in variants}, key=len, reverse=True):
        tokens = v.split(" ")
        out = re.escape(tokens[0])
        for prev, tok in itertools.pairwise(tokens):
            out += (r"\s*" if prev.endswith("-") else r"\s+") + re.escape(tok)
        alts.append(out)
    alts.extend(patterns)
    return re.compile(r"(?<![\w])(?:" + "|".join(alts) + r")(?![\w])", re.IGNORECASE)


# ================================================================================================== corpus


#: the Corpus attributes that :meth:`Corpus._index` builds on first use; never pickled
_LAZY_INDEXES = frozenset({"_idx_section_facts", "_idx_listed", "_idx_rates", "_idx_intervals"})


class Corpus:
    """The loaded corpus and its time-aware lookups. Build it with :func:`load_corpus`."""

    def __init__(
        self,
        acts: Mapping[str, Act],
        bodies: Sequence[Body],
        terms: Sequence[Term],
        rates: Sequence[Rate],
        meta: Mapping[str, Any],
        hash: str,
        files: Sequence[str] = (),
    ) -> None:
        self.acts: dict[str, Act] = dict(acts)
        self.bodies: list[Body] = list(bodies)
        self.terms: list[Term] = list(terms)
        self.rates: list[Rate] = list(rates)
        self.meta: dict[str, Any] = dict(meta)
        self.hash = hash
        self.files = tuple(files)
        self.verified_until: date | None = _as_date(self.meta.get("verified_until"))
        self._names: dict[str, list[str]] = {}
        self._abbrevs: dict[str, list[str]] = {}
        self._intervals: dict[str, list[tuple[date, date | None, Version]]] = {}
        self._docs: dict[tuple[str, int], list[Version]] = {}
        for act in self.acts.values():
            for key in {normalize_name(act.title), *(normalize_name(n) for n in act.names)}:
                if key:
                    self._names.setdefault(key, []).append(act.id)
            for ab in act.abbreviations:
                self._abbrevs.setdefault(ab, []).append(act.id)
            self._intervals[act.id] = _intervals(act)
            for v in act.versions:
                self._docs.setdefault((v.type, v.number), []).append(v)

    def __getstate__(self) -> dict[str, Any]:
        """The pickled corpus leaves out the lookup indexes built on first use (see :meth:`_index`)."""
        return {k: v for k, v in self.__dict__.items() if k not in _LAZY_INDEXES}

    def _index(self, name: str, build: Callable[[], dict[Any, Any]]) -> dict[Any, Any]:
        """A lookup index built on first use and kept on the corpus (a corpus read from the pickle cache, or
        built before the index existed, builds it then). The corpus never changes after loading."""
        idx = self.__dict__.get(name)
        if idx is None:
            idx = self.__dict__[name] = build()
        return idx

    def _section_facts(self) -> dict[str, dict[str, tuple[SectionFact, ...]]]:
        """act id -> section -> the act's facts naming that section, in the act's order."""

        def build() -> dict[str, dict[str, tuple[SectionFact, ...]]]:
            out: dict[str, dict[str, tuple[SectionFact, ...]]] = {}
            for act in self.acts.values():
                by_sec: dict[str, list[SectionFact]] = {}
                for f in act.sections:
                    for sec in dict.fromkeys(f.sections):
                        by_sec.setdefault(sec, []).append(f)
                out[act.id] = {k: tuple(v) for k, v in by_sec.items()}
            return out

        return self._index("_idx_section_facts", build)

    def _listed(self, v: Version) -> dict[str, int]:
        """``dict(v.sections)``, built once per version (by identity: versions live as long as the corpus)."""
        idx = self._index("_idx_listed", dict)
        entry = idx.get(id(v))
        if entry is None or entry[0] is not v:
            entry = idx[id(v)] = (v, dict(v.sections))
        return entry[1]  # type: ignore[no-any-return]

    def _rates_by_benefit(self) -> dict[str, tuple[tuple[date, date, Rate], ...]]:
        """benefit -> (start, end, rate) of its rates, in corpus order."""

        def build() -> dict[str, tuple[tuple[date, date, Rate], ...]]:
            out: dict[str, list[tuple[date, date, Rate]]] = {}
            for r in self.rates:
                out.setdefault(r.benefit, []).append((r.start, r.end, r))
            return {k: tuple(v) for k, v in out.items()}

        return self._index("_idx_rates", build)

    # ---------------------------------------------------------------------------------------------- acts
    def __repr__(self) -> str:
        return f"<Corpus {len(self.acts)} acts, hash {self.hash[:12]}>"

    def acts_by_name(self, text: str) -> list[Act]:
        """Every act the text names (title, popular name or abbreviation), whatever its dates."""
        stripped = text.strip().strip(".,;:")
        ids = list(self._abbrevs.get(stripped, ()))
        key = normalize_name(text)
        found = self._names.get(key)
        if found is None and key.endswith("s"):
            found = self._names.get(key[:-1])  # genitive: "aktivlovens", "forvaltningslovens"
        ids.extend(i for i in (found or ()) if i not in ids)
        return [self.acts[i] for i in ids]

    def act_by_name(self, text: str, on: date | None = None) -> Act | None:
        """The act the text names; two acts with one name (lab/lab_2003) are told apart by ``on``.

        Without a date, the act still in force (no ``in_force_to``) wins. Ambiguity gives None, never a guess.
        """
        cands = self.acts_by_name(text)
        if len(cands) <= 1:
            return cands[0] if cands else None
        pick = [a for a in cands if a.in_force_on(on)] if on else [a for a in cands if a.in_force_to is None]
        return pick[0] if len(pick) == 1 else None

    def name_forms(self) -> dict[str, tuple[str, ...]]:
        """Lowercase surface forms (titles with and without "lov om", popular names and their genitives) → act
        ids, for extractors that scan letter text for act names."""
        forms: dict[str, list[str]] = {}

        def add(form: str, act_id: str) -> None:
            form = " ".join(form.lower().split())
            if form and act_id not in forms.setdefault(form, []):
                forms[form].append(act_id)

        for act in self.acts.values():
            title = " ".join(act.title.lower().split())
            add(title, act.id)
            short = normalize_name(act.title)
            if title.startswith("lov om "):
                add("loven om " + short, act.id)
            for name in act.names:
                add(name, act.id)
                add(name + "s", act.id)
        return {k: tuple(v) for k, v in forms.items()}

    def abbreviation_forms(self) -> dict[str, tuple[str, ...]]:
        """Abbreviations (case-sensitive, e.g. ``LAS``) → act ids."""
        return {k: tuple(v) for k, v in self._abbrevs.items()}

    # ------------------------------------------------------------------------------------------ versions
    def version_in_force(self, act_id: str, on: date) -> Version | None:
        """The version of the act in force on the date, or None when the corpus knows of none."""
        for start, end, version in self._intervals.get(act_id, ()):
            if start <= on and (end is None or on <= end):
                return version
        return None

    def version_interval(self, version: Version) -> tuple[date, date | None]:
        """The (start, end) the corpus assigns the version; end None means still open."""
        found = self._interval_by_key().get(version.act, {}).get(version.key)
        if found is not None:
            return found
        return version.start, version.in_force_to

    def _interval_by_key(self) -> dict[str, dict[tuple[str, int, date], tuple[date, date | None]]]:
        """act id -> version key -> the first interval with that key (what a scan of the intervals finds)."""

        def build() -> dict[str, dict[tuple[str, int, date], tuple[date, date | None]]]:
            out: dict[str, dict[tuple[str, int, date], tuple[date, date | None]]] = {}
            for act_id, intervals in self._intervals.items():
                by_key = out[act_id] = {}
                for start, end, v in intervals:
                    by_key.setdefault(v.key, (start, end))
            return out

        return self._index("_idx_intervals", build)

    def find_document(self, type: str, number: int, doc_date: date | None = None) -> list[Version]:
        """Every known version with this type and number (and date, when given), across all acts."""
        found = self._docs.get((type.upper(), int(number)), [])
        return [v for v in found if doc_date is None or v.date == doc_date]

    def verified_until_for(self, act_id: str) -> date | None:
        act = self.acts.get(act_id)
        return (act.verified_until if act and act.verified_until else None) or self.verified_until

    def document_status(self, ref: Any, on: date, act_id: str | None = None) -> DocumentStatus:
        """Judge a cited LOV/LBK (anything with ``.type``, ``.number``, ``.date``) on a date.

        With ``act_id`` (the act the letter names alongside the document), a number that belongs to another
        act gives ``other_act`` and a right number with a wrong date (or the reverse) gives ``wrong_date``.
        """
        typ = str(getattr(ref, "type", "") or "").upper()
        typ = {"LOVBEKENDTGØRELSE": "LBK"}.get(typ, typ)
        number = getattr(ref, "number", None)
        ref_date: date | None = getattr(ref, "date", None)
        year = ref_date.year if ref_date else getattr(ref, "year", None)
        if not isinstance(ref, DocumentRef):
            ref = DocumentRef(
                type=typ,
                number=int(number or 0),
                date=ref_date,
                year=year,
                text=getattr(ref, "text", "") or "",
            )
        act = self.acts.get(act_id) if act_id else None
        base = {"on": on, "ref": ref}
        if typ not in DOC_TYPES or number is None:
            return DocumentStatus("unknown", act=act_id, act_title=act.title if act else None, **base)
        number = int(number)
        matches = [v for v in self.find_document(typ, number) if year is None or v.date.year == year]
        exact = [v for v in matches if ref_date is None or v.date == ref_date]

        if act_id is not None:
            own = [v for v in exact if v.act == act_id]
            if len(own) == 1:
                return self._judge(own[0], on, ref)
            if act is None or own:  # an act the corpus lacks, or the same number in several years: no verdict
                return DocumentStatus("unknown", act=act_id, act_title=act.title if act else None, **base)
            namesakes = [
                v for v in exact if normalize_name(self.acts[v.act].title) == normalize_name(act.title)
            ]
            if len(namesakes) == 1:
                # the letter's name also fits an earlier act of the same title (lab_2003 for "LAB"): the
                # document is that act's, so judge it there (superseded/replaced), not as another act's
                return self._judge(namesakes[0], on, ref)
            if exact:
                v = exact[0]
                return DocumentStatus(
                    "other_act", act=act_id, act_title=act.title, version=v, confidence=v.confidence, **base
                )
            same_year_other_day = [v for v in matches if v.act == act_id]
            if same_year_other_day:
                v = same_year_other_day[0]
                return DocumentStatus(
                    "wrong_date", act=act_id, act_title=act.title, version=v, mismatch="date",
                    confidence=v.confidence, **base,
                )  # fmt: skip
            if ref_date is not None:
                same_day = [v for v in act.versions if v.type == typ and v.date == ref_date]
                if same_day:
                    v = same_day[0]
                    return DocumentStatus(
                        "wrong_date", act=act_id, act_title=act.title, version=v, mismatch="number",
                        confidence=v.confidence, **base,
                    )  # fmt: skip
                # the act's own number with the right day and month but another year: a year typo
                # ("nr. 1004 af 30. juni 2024" for aktivloven's LBK 1004 of 30 June 2025)
                year_typo = [
                    v
                    for v in act.versions
                    if v.type == typ
                    and v.number == number
                    and (v.date.month, v.date.day) == (ref_date.month, ref_date.day)
                ]
                if len(year_typo) == 1:
                    v = year_typo[0]
                    return DocumentStatus(
                        "wrong_date", act=act_id, act_title=act.title, version=v, mismatch="date",
                        confidence=v.confidence, **base,
                    )  # fmt: skip
            return self._unknown_or_stale(act, ref, on)

        acts = {v.act for v in exact}
        if len(acts) == 1 and (ref_date is not None or len(exact) == 1):
            return self._judge(exact[0], on, ref)
        if not exact and ref_date is not None and len(matches) == 1:
            # Lovtidende numbers restart each year, so type + number + year names one document: a known one
            # with another day means the letter's date is wrong.
            v = matches[0]
            owner = self.acts[v.act]
            return DocumentStatus(
                "wrong_date", act=v.act, act_title=owner.title, version=v, mismatch="date",
                confidence=v.confidence, **base,
            )  # fmt: skip
        return DocumentStatus("unknown", **base)

    def _unknown_or_stale(self, act: Act, ref: DocumentRef, on: date) -> DocumentStatus:
        newest = act.newest
        when = ref.date or (date(ref.year, 12, 31) if ref.year else None)
        verified = self.verified_until_for(act.id)
        if newest is not None and when is not None and when > newest.date:
            return DocumentStatus(
                "stale",
                on=on,
                ref=ref,
                act=act.id,
                act_title=act.title,
                newest=newest,
                verified_until=verified,
            )
        return DocumentStatus("unknown", on=on, ref=ref, act=act.id, act_title=act.title, newest=newest)

    def _judge(self, v: Version, on: date, ref: DocumentRef) -> DocumentStatus:
        act = self.acts[v.act]
        start, _ = self.version_interval(v)
        common: dict[str, Any] = {
            "on": on,
            "ref": ref,
            "act": act.id,
            "act_title": act.title,
            "version": v,
            "newest": act.newest,
            "verified_until": self.verified_until_for(act.id),
        }
        cur = self.version_in_force(act.id, on)
        if on < start:
            conf = _worst(v.confidence)
            return DocumentStatus("not_yet_in_force", in_force=cur, since=start, confidence=conf, **common)
        if cur is not None and cur.key == v.key:
            return DocumentStatus(
                "current", in_force=cur, since=start, confidence=_worst(v.confidence), **common
            )
        if cur is not None:
            cur_start, _ = self.version_interval(cur)
            conf = _worst(v.confidence, cur.confidence)
            return DocumentStatus("superseded", in_force=cur, since=cur_start, confidence=conf, **common)
        # nothing in force on the date: the act was repealed/replaced, or the date lies outside what we know
        if act.in_force_to is not None and on > act.in_force_to:
            return DocumentStatus(
                "superseded",
                since=act.in_force_to + timedelta(days=1),
                replaced_by=act.replaced_by,
                confidence=_worst(v.confidence, act.replaced_by_confidence),
                **common,
            )
        return DocumentStatus(
            "unknown", **{k: common[k] for k in ("on", "ref", "act", "act_title", "version")}
        )

    # ------------------------------------------------------------------------------------------ sections
    def section_status(self, act_id: str, section: str, on: date) -> SectionStatus:
        """Whether ``§ section`` of the act exists, was repealed or moved on the date — or ``unknown``."""
        act = self.acts.get(act_id)
        sec = normalize_section(section)
        if act is None or sec is None:
            return SectionStatus("unknown", act=act_id, section=sec or str(section), on=on)
        facts = [  # SectionFact.covers, inline
            f
            for f in self._section_facts().get(act_id, {}).get(sec, ())
            if (f.from_ is None or on >= f.from_) and (f.to is None or on <= f.to)
        ]
        if len(facts) > 1:
            facts.sort(key=lambda f: f.status == "exists")  # a dated repeal/move outranks a general "exists"
        v = self.version_in_force(act_id, on)
        undated_exists = bool(facts) and facts[0].status == "exists" and not (facts[0].from_ or facts[0].to)
        if undated_exists and v is not None and v.sections_complete:
            facts = []  # an undated "exists" yields to the official section list of the version in force
        if facts:
            f = facts[0]
            listed = self._listed(v) if v is not None and f.status == "exists" else {}
            return SectionStatus(
                f.status,
                act=act_id,
                section=sec,
                on=on,
                moved_to=f.moved_to,
                moved_to_act=f.moved_to_act,
                since=f.from_,
                until=f.to,
                source=f.source,
                confidence=f.confidence,
                note=f.note,
                version=v if sec in listed else None,
                stk=listed.get(sec),
            )
        if v is not None and v.sections:
            listed = self._listed(v)
            if sec in listed:
                status = "repealed" if sec in v.repealed_sections else "exists"
                return SectionStatus(
                    status, act=act_id, section=sec, on=on, source=v.source, confidence=v.confidence,
                    version=v, stk=listed[sec],
                )  # fmt: skip
            if v.sections_complete:
                return SectionStatus(
                    "not_in_act",
                    act=act_id,
                    section=sec,
                    on=on,
                    source=v.source,
                    confidence=v.confidence,
                    version=v,
                )
        return SectionStatus("unknown", act=act_id, section=sec, on=on)

    # ---------------------------------------------------------------------------------------- bodies, terms
    def body(self, body_id: str) -> Body | None:
        return next((b for b in self.bodies if b.id == body_id), None)

    def term(self, term_id: str) -> Term | None:
        return next((t for t in self.terms if t.id == term_id), None)

    def find_bodies(self, text: str, on: date | None = None) -> list[BodyMention]:
        """Every mention of a known body in the text; ``abolished`` says whether it was gone on ``on``."""
        out: list[BodyMention] = []
        for b in self.bodies:
            if b.pattern is None:
                continue
            gone = bool(on and b.abolished and on >= b.abolished)
            out.extend(BodyMention(b, m.start(), m.end(), m.group(0), gone) for m in b.pattern.finditer(text))
        return _drop_nested(sorted(out, key=lambda m: (m.start, -m.end)))

    def bodies_abolished(self, text: str, on: date) -> list[BodyMention]:
        """Mentions of bodies already abolished on the date (bodies without a known date are never listed)."""
        return [m for m in self.find_bodies(text, on) if m.abolished]

    def find_terms(self, text: str, on: date | None = None) -> list[TermMention]:
        out: list[TermMention] = []
        for t in self.terms:
            if t.pattern is None:
                continue
            old = bool(on and t.changed and on >= t.changed)
            out.extend(TermMention(t, m.start(), m.end(), m.group(0), old) for m in t.pattern.finditer(text))
        return _drop_nested(sorted(out, key=lambda m: (m.start, -m.end)))

    def terms_outdated(self, text: str, on: date) -> list[TermMention]:
        """Mentions of terms abolished or renamed on or before the date (undated terms are never listed)."""
        return [m for m in self.find_terms(text, on) if m.outdated]

    # ---------------------------------------------------------------------------------------------- rates
    def rates_for(self, benefit: str, on: date) -> list[Rate]:
        return [r for start, end, r in self._rates_by_benefit().get(benefit, ()) if start <= on <= end]

    def rate_for(self, benefit: str, category: str | None, on: date) -> Rate | None:
        """The rate of the benefit for the category on the date. Without a category, only an unambiguous
        single rate is returned."""
        cands = [r for r in self.rates_for(benefit, on) if category is None or r.category == category]
        if not cands or len({(r.category, r.unit) for r in cands}) > 1:
            return None
        cands.sort(key=lambda r: r.confidence != CONFIRMED)
        return cands[0]


def _worst(*confidences: str | None) -> str:
    return LIKELY if LIKELY in confidences else CONFIRMED


def _drop_nested(mentions: list[Any]) -> list[Any]:
    out: list[Any] = []
    for m in mentions:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def _intervals(act: Act) -> list[tuple[date, date | None, Version]]:
    """Each version's (start, end): it runs until the next version starts unless a source ends it earlier."""
    vs = sorted(act.versions, key=lambda v: (v.date, v.start))
    out: list[tuple[date, date | None, Version]] = []
    for i, v in enumerate(vs):
        end = v.in_force_to
        if end is None and i + 1 < len(vs):
            end = vs[i + 1].start - timedelta(days=1)
        if end is None:
            end = act.in_force_to
        out.append((v.start, end, v))
    return out


def _as_date(value: Any) -> date | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


# ===================================================================================== YAML with line numbers


class _LDict(dict[Any, Any]):
    """A mapping that remembers the file and the line of itself and of each key, for messages."""

    file: str = ""
    line: int = 0

    def __init__(self) -> None:
        super().__init__()
        self.key_lines: dict[Any, int] = {}
        self.duplicates: list[tuple[Any, int]] = []

    def line_of(self, key: Any) -> int:
        return self.key_lines.get(key, self.line)


class _LList(list[Any]):
    file: str = ""
    line: int = 0


@functools.cache
def _line_loader() -> type:
    """Safe YAML loading that records line numbers on every mapping and sequence.

    Built on first use: PyYAML is imported only to compile the corpus from YAML, never when the compiled
    corpus comes from the pickle cache.
    """
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class _LineLoader(base):  # type: ignore[misc, valid-type]
        pass

    _LineLoader.add_constructor("tag:yaml.org,2002:map", _construct_map)
    _LineLoader.add_constructor("tag:yaml.org,2002:seq", _construct_seq)
    return _LineLoader


def _construct_map(loader: Any, node: yaml.MappingNode) -> _LDict:
    loader.flatten_mapping(node)
    d = _LDict()
    d.line = node.start_mark.line + 1
    for k_node, v_node in node.value:
        key = loader.construct_object(k_node, deep=True)
        try:
            hash(key)
        except TypeError:
            import yaml

            raise yaml.constructor.ConstructorError(
                None, None, "found an unhashable key", k_node.start_mark
            ) from None
        kline = k_node.start_mark.line + 1
        if key in d:
            d.duplicates.append((key, kline))
        d[key] = loader.construct_object(v_node, deep=True)
        d.key_lines[key] = kline
    return d


def _construct_seq(loader: Any, node: yaml.SequenceNode) -> _LList:
    lst = _LList(loader.construct_object(child, deep=True) for child in node.value)
    lst.line = node.start_mark.line + 1
    return lst


def _set_file(node: Any, file: str) -> None:
    if isinstance(node, _LDict):
        node.file = file
        for v in node.values():
            _set_file(v, file)
    elif isinstance(node, _LList):
        node.file = file
        for v in node:
            _set_file(v, file)


@record
class _RawFile:
    """One corpus YAML file as read: its bytes, its parsed tree and the problems met reading it."""

    path: str
    data: bytes
    tree: Any
    problems: list[Problem] = field(default_factory=list)


def _parse(path: str, data: bytes) -> _RawFile:
    import yaml

    try:
        tree = yaml.load(data, Loader=_line_loader())  # a SafeLoader
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 1
        return _RawFile(path, data, None, [Problem(path, line, f"not valid YAML: {e.problem or e}")])
    except yaml.YAMLError as e:
        return _RawFile(path, data, None, [Problem(path, 1, f"not valid YAML: {e}")])
    if tree is None:
        tree = _LDict()
        tree.line = 1
    _set_file(tree, path)
    return _RawFile(path, data, tree)


# ================================================================================================ schema

_ID = r"^[a-z][a-z0-9_]*$"
_URL = r"^https?://\S+$"
_AMOUNT = r"^\d+(?:\.\d{1,2})?$"


class _Checker:
    """Collects problems while walking one file's tree; every message carries file and line."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems

    def err(self, node: Any, message: str, key: Any = None) -> None:
        file = getattr(node, "file", "") or "<corpus>"
        line = node.line_of(key) if isinstance(node, _LDict) and key is not None else getattr(node, "line", 0)
        self.problems.append(Problem(file, line or 1, message))

    def mapping(self, node: Any, what: str, parent: Any = None) -> bool:
        if not isinstance(node, _LDict):
            self.err(parent if parent is not None else node, f"{what} must be a mapping")
            return False
        for key, line in node.duplicates:
            self.problems.append(Problem(node.file, line, f"duplicate key {key!r} in {what}"))
        return True

    def keys(self, node: _LDict, what: str, allowed: Iterable[str], required: Iterable[str] = ()) -> None:
        allowed = tuple(allowed)
        for key in node:
            if key not in allowed:
                self.err(node, f"unknown key {key!r} in {what} (known: {', '.join(allowed)})", key)
        for key in required:
            if key not in node:
                self.err(node, f"{what} lacks required key {key!r}")

    def str_(self, node: _LDict, key: str, what: str, *, nonempty: bool = True) -> None:
        if key in node and node[key] is not None:
            v = node[key]
            if not isinstance(v, str) or (nonempty and not v.strip()):
                self.err(node, f"{what}: {key!r} must be a non-empty string", key)

    def date_(self, node: _LDict, key: str, what: str) -> None:
        if key in node and node[key] is not None:
            v = node[key]
            if isinstance(v, date) or (isinstance(v, str) and _as_date(v) is not None and len(v) == 10):
                return
            self.err(node, f'{what}: {key!r} must be a date "YYYY-MM-DD" (got {v!r})', key)

    def int_(self, node: _LDict, key: str, what: str) -> None:
        if key in node:
            v = node[key]
            if not isinstance(v, int) or isinstance(v, bool) or v <= 0:
                self.err(node, f"{what}: {key!r} must be a positive integer (got {v!r})", key)

    def url(self, node: _LDict, key: str, what: str) -> None:
        if key in node and node[key] is not None:
            v = node[key]
            if not isinstance(v, str) or not _rx(_URL).match(v.strip()):
                self.err(node, f"{what}: {key!r} must be an http(s) URL (got {v!r})", key)

    def urls(self, node: _LDict, key: str, what: str) -> None:
        if key in node:
            v = node[key]
            if not isinstance(v, list) or not all(
                isinstance(u, str) and _rx(_URL).match(u.strip()) for u in v
            ):
                self.err(node, f"{what}: {key!r} must be a list of http(s) URLs", key)

    def enum(self, node: _LDict, key: str, what: str, values: Sequence[str]) -> None:
        if key in node and node[key] not in values:
            self.err(node, f"{what}: {key!r} must be one of {', '.join(values)} (got {node[key]!r})", key)

    def str_list(self, node: _LDict, key: str, what: str) -> None:
        if key in node:
            v = node[key]
            if not isinstance(v, list) or not all(isinstance(s, str) and s.strip() for s in v):
                self.err(node, f"{what}: {key!r} must be a list of non-empty strings", key)


_META_KEYS = (
    "schema_version",
    "compiled",
    "verified_until",
    "verified_until_basis",
    "sources",
    "gaps",
    "notes",
)
_ACT_KEYS = (
    "id", "title", "names", "abbreviations", "eli", "in_force_from", "in_force_to", "replaced_by", "source",
    "sources", "verified_until", "note", "notes", "versions", "sections", "confidence",
)  # fmt: skip
_VERSION_KEYS = (
    "type", "number", "date", "in_force_from", "in_force_to", "superseded_by", "consolidates", "source",
    "sources", "confidence", "note", "eli", "accession", "status", "sections", "sections_complete",
    "repealed_sections",
)  # fmt: skip
_SECTION_KEYS = (
    "section", "sections", "status", "from", "to", "moved_to", "moved_to_act", "source", "sources",
    "confidence", "note",
)  # fmt: skip
_BODY_KEYS = (
    "id",
    "name",
    "variants",
    "patterns",
    "abolished",
    "successor",
    "note",
    "source",
    "sources",
    "confidence",
)
_TERM_KEYS = (
    "id", "term", "variants", "patterns", "introduced", "changed", "changed_precision", "successor", "exceptions",
    "note", "source", "sources", "confidence",
)  # fmt: skip
_RATE_KEYS = (
    "benefit", "category", "year", "from", "to", "amount", "unit", "label", "legal_ref", "note", "source",
    "sources", "confidence",
)  # fmt: skip


def _check_file(raw: _RawFile) -> list[Problem]:
    """Schema checks for one file, plus the consistency checks that only make sense inside one file."""
    problems = list(raw.problems)
    tree = raw.tree
    if tree is None:
        return problems
    c = _Checker(problems)
    if not isinstance(tree, _LDict):
        problems.append(
            Problem(raw.path, 1, "the corpus file must be a mapping with meta/acts/bodies/terms/rates")
        )
        return problems
    c.mapping(tree, "the corpus file")
    c.keys(tree, "the corpus file", ("meta", "acts", "bodies", "terms", "rates"))
    meta = tree.get("meta")
    if meta is not None and c.mapping(meta, "meta", tree):
        c.keys(meta, "meta", _META_KEYS)
        if "schema_version" in meta and meta["schema_version"] != SCHEMA_VERSION:
            c.err(
                meta,
                f"meta: schema_version {meta['schema_version']!r} is not {SCHEMA_VERSION}",
                "schema_version",
            )
        c.date_(meta, "verified_until", "meta")
        c.date_(meta, "compiled", "meta")
        c.urls(meta, "sources", "meta")
        c.str_list(meta, "gaps", "meta")
        c.str_list(meta, "notes", "meta")
    for key, check in (
        ("acts", _check_act),
        ("bodies", _check_body),
        ("terms", _check_term),
        ("rates", _check_rate),
    ):
        items = tree.get(key)
        if items is None:
            continue
        if not isinstance(items, list):
            c.err(tree, f"{key!r} must be a list", key)
            continue
        seen: dict[Any, int] = {}
        for item in items:
            if not c.mapping(item, key[:-1], items):
                continue
            ident = check(c, item)
            if ident is not None and key != "rates":
                if ident in seen:
                    c.err(item, f"duplicate {key[:-1]} id {ident!r} (first at line {seen[ident]})", "id")
                else:
                    seen[ident] = item.line
    return problems


def _name_entries(c: _Checker, node: _LDict, key: str, what: str) -> None:
    if key not in node:
        return
    v = node[key]
    if not isinstance(v, list):
        c.err(node, f"{what}: {key!r} must be a list", key)
        return
    for entry in v:
        if isinstance(entry, str) and entry.strip():
            continue
        if isinstance(entry, _LDict) and isinstance(entry.get("name"), str) and entry["name"].strip():
            c.keys(entry, f"{what} {key}", ("name", "source"))
            c.url(entry, "source", f"{what} {key}")
            continue
        c.err(node, f"{what}: each of {key!r} must be a string or a mapping with 'name' and 'source'", key)


def _check_act(c: _Checker, act: _LDict) -> str | None:
    ident = act.get("id")
    what = f"act {ident!r}" if isinstance(ident, str) else "act"
    if not isinstance(ident, str) or not _rx(_ID).match(ident):
        c.err(act, f"{what}: 'id' must be lowercase letters, digits and _ (e.g. aktivloven)", "id")
        ident = None
    c.keys(act, what, _ACT_KEYS, ("id",))
    c.str_(act, "title", what)
    _name_entries(c, act, "names", what)
    _name_entries(c, act, "abbreviations", what)
    if isinstance(act.get("names"), list):
        for entry in act["names"]:
            name = (
                entry if isinstance(entry, str) else (entry.get("name") if isinstance(entry, dict) else None)
            )
            if isinstance(name, str) and name != name.lower():
                c.err(act, f"{what}: popular name {name!r} must be lowercase", "names")
    c.url(act, "eli", what)
    c.url(act, "source", what)
    c.urls(act, "sources", what)
    for k in ("in_force_from", "in_force_to", "verified_until"):
        c.date_(act, k, what)
    c.enum(act, "confidence", what, CONFIDENCES)
    c.str_list(act, "notes", what)
    rb = act.get("replaced_by")
    if rb is not None and c.mapping(rb, f"{what} replaced_by", act):
        c.keys(
            rb,
            f"{what} replaced_by",
            ("act", "date", "source", "sources", "confidence", "note"),
            ("act", "date"),
        )
        c.date_(rb, "date", f"{what} replaced_by")
        c.url(rb, "source", f"{what} replaced_by")
        c.enum(rb, "confidence", f"{what} replaced_by", CONFIDENCES)
    versions = act.get("versions")
    if versions is not None:
        if not isinstance(versions, list):
            c.err(act, f"{what}: 'versions' must be a list", "versions")
        else:
            prev: _LDict | None = None
            keys: dict[tuple[Any, ...], int] = {}
            for v in versions:
                if not c.mapping(v, f"{what} version", versions):
                    continue
                _check_version(c, v, what)
                k = (v.get("type"), v.get("number"), str(v.get("date")))
                if k in keys:
                    c.err(v, f"{what}: duplicate version {k[0]} {k[1]} af {k[2]} (first at line {keys[k]})")
                keys[k] = v.line
                if prev is not None:
                    d0, d1 = _as_date(prev.get("date")), _as_date(v.get("date"))
                    if d0 and d1 and d1 < d0:
                        c.err(
                            v,
                            f"{what}: versions out of date order: {v.get('type')} {v.get('number')} af "
                            f"{d1.isoformat()} is listed after {prev.get('type')} {prev.get('number')} af "
                            f"{d0.isoformat()}",
                        )
                prev = v
    sections = act.get("sections")
    if sections is not None:
        if not isinstance(sections, list):
            c.err(act, f"{what}: 'sections' must be a list", "sections")
        else:
            for s in sections:
                if c.mapping(s, f"{what} section", sections):
                    _check_section(c, s, what)
    return ident


def _check_version(c: _Checker, v: _LDict, act_what: str) -> None:
    what = f"{act_what} version {v.get('type', '?')} {v.get('number', '?')}"
    c.keys(v, what, _VERSION_KEYS, ("type", "number", "date", "confidence"))
    c.enum(v, "type", what, DOC_TYPES)
    c.int_(v, "number", what)
    for k in ("date", "in_force_from", "in_force_to"):
        c.date_(v, k, what)
    c.url(v, "source", what)
    c.urls(v, "sources", what)
    c.url(v, "eli", what)
    c.enum(v, "confidence", what, CONFIDENCES)
    for k in ("consolidates", "note", "accession", "status"):
        c.str_(v, k, what)
    if "sections_complete" in v and not isinstance(v["sections_complete"], bool):
        c.err(v, f"{what}: 'sections_complete' must be true or false", "sections_complete")
    sb = v.get("superseded_by")
    if sb is not None and c.mapping(sb, f"{what} superseded_by", v):
        c.keys(sb, f"{what} superseded_by", ("type", "number", "date", "basis"), ("number", "date"))
        c.enum(sb, "type", f"{what} superseded_by", DOC_TYPES)
        c.int_(sb, "number", f"{what} superseded_by")
        c.date_(sb, "date", f"{what} superseded_by")
    secs = v.get("sections")
    if secs is not None:
        ok = isinstance(secs, dict) and all(
            normalize_section(str(k)) is not None
            and isinstance(n, int)
            and not isinstance(n, bool)
            and n >= 0
            for k, n in secs.items()
        )
        if not ok:
            c.err(
                v, f'{what}: \'sections\' must map section numbers ("12", "12 a") to stk. counts', "sections"
            )
    rep = v.get("repealed_sections")
    if rep is not None and (
        not isinstance(rep, list) or not all(normalize_section(str(s)) is not None for s in rep)
    ):
        c.err(v, f"{what}: 'repealed_sections' must be a list of section numbers", "repealed_sections")


def _section_names(s: _LDict) -> list[str]:
    raw = s.get("sections") if "sections" in s else [s.get("section")]
    if not isinstance(raw, list):
        return []
    return [str(x) for x in raw if x is not None]


def _check_section(c: _Checker, s: _LDict, act_what: str) -> None:
    names = _section_names(s)
    what = f"{act_what} section {', '.join(names) or '?'}"
    c.keys(s, what, _SECTION_KEYS, ("status", "confidence"))
    if ("section" in s) == ("sections" in s):
        c.err(s, f"{what}: give exactly one of 'section' or 'sections'")
    elif not names or any(normalize_section(n) is None for n in names):
        c.err(
            s,
            f'{what}: section numbers must look like "25" or "7 a"',
            "sections" if "sections" in s else "section",
        )
    c.enum(s, "status", what, SECTION_STATUSES)
    c.enum(s, "confidence", what, CONFIDENCES)
    c.date_(s, "from", what)
    c.date_(s, "to", what)
    c.url(s, "source", what)
    c.urls(s, "sources", what)
    c.str_(s, "moved_to", what)
    if s.get("status") == "moved" and not s.get("moved_to"):
        c.err(s, f"{what}: a moved section needs 'moved_to'")
    if s.get("status") in ("moved", "repealed") and not s.get("from"):
        c.err(s, f"{what}: a {s.get('status')} section needs 'from' (the date of the change)")


def _check_patterns(c: _Checker, node: _LDict, what: str) -> None:
    c.str_list(node, "variants", what)
    if not node.get("variants") and not node.get("patterns"):
        c.err(node, f"{what}: needs at least one of 'variants' or 'patterns'")
    pats = node.get("patterns")
    if pats is not None:
        if not isinstance(pats, list):
            c.err(node, f"{what}: 'patterns' must be a list of regular expressions", "patterns")
        else:
            for p in pats:
                try:
                    re.compile(str(p))
                except re.error as e:
                    c.err(node, f"{what}: pattern {p!r} is not a valid regular expression: {e}", "patterns")


def _check_body(c: _Checker, b: _LDict) -> str | None:
    what = f"body {b.get('id')!r}"
    c.keys(b, what, _BODY_KEYS, ("id", "name", "confidence"))
    if not isinstance(b.get("id"), str) or not _rx(_ID).match(b["id"]):
        c.err(b, f"{what}: 'id' must be lowercase letters, digits and _", "id")
    c.str_(b, "name", what)
    _check_patterns(c, b, what)
    c.date_(b, "abolished", what)
    c.url(b, "source", what)
    c.urls(b, "sources", what)
    c.enum(b, "confidence", what, CONFIDENCES)
    return b.get("id") if isinstance(b.get("id"), str) else None


def _check_term(c: _Checker, t: _LDict) -> str | None:
    what = f"term {t.get('id')!r}"
    c.keys(t, what, _TERM_KEYS, ("id", "term", "confidence"))
    if not isinstance(t.get("id"), str) or not _rx(_ID).match(t["id"]):
        c.err(t, f"{what}: 'id' must be lowercase letters, digits and _", "id")
    c.str_(t, "term", what)
    _check_patterns(c, t, what)
    c.date_(t, "changed", what)
    c.date_(t, "introduced", what)
    c.enum(t, "changed_precision", what, ("exact", "no_later_than"))
    c.url(t, "source", what)
    c.urls(t, "sources", what)
    c.enum(t, "confidence", what, CONFIDENCES)
    return t.get("id") if isinstance(t.get("id"), str) else None


def _check_rate(c: _Checker, r: _LDict) -> None:
    what = f"rate {r.get('benefit')}/{r.get('category')}/{r.get('year')}"
    c.keys(r, what, _RATE_KEYS, ("benefit", "category", "year", "amount", "unit", "confidence"))
    for k in ("benefit", "category"):
        if k in r and (not isinstance(r[k], str) or not _rx(_ID).match(r[k])):
            c.err(r, f"{what}: {k!r} must be an id like 'kontanthjaelp'", k)
    c.int_(r, "year", what)
    c.date_(r, "from", what)
    c.date_(r, "to", what)
    if "amount" in r and not (isinstance(r["amount"], str) and _rx(_AMOUNT).match(r["amount"])):
        c.err(
            r, f"{what}: 'amount' must be a decimal string like \"12345.67\" (got {r['amount']!r})", "amount"
        )
    c.enum(r, "unit", what, RATE_UNITS)
    c.url(r, "source", what)
    c.urls(r, "sources", what)
    c.enum(r, "confidence", what, CONFIDENCES)


# ================================================================================================= merging


def _merge(files: Sequence[_RawFile]) -> _LDict:
    """Layer the files in order: later files add acts, versions, sections, bodies, terms and rates, or update
    those with the same key (act id, version type/number/date, body/term id, rate benefit/category/period)."""
    out = _LDict()
    out.line = 1
    meta = _LDict()
    acts: dict[str, _LDict] = {}
    lists: dict[str, dict[Any, _LDict]] = {"bodies": {}, "terms": {}, "rates": {}}
    for raw in files:
        tree = raw.tree
        if not isinstance(tree, _LDict):
            continue
        m = tree.get("meta")
        if isinstance(m, _LDict):
            if not meta.file:
                meta.file, meta.line = m.file, m.line
            for k, v in m.items():
                if k in ("gaps", "sources", "notes") and isinstance(v, list):
                    meta.setdefault(k, []).extend(v)
                else:
                    meta[k] = v
                meta.key_lines[k] = m.line_of(k)
        for act in tree.get("acts") or ():
            if not isinstance(act, _LDict) or not isinstance(act.get("id"), str):
                continue
            cur = acts.get(act["id"])
            if cur is None:
                acts[act["id"]] = _copy(act)
            else:
                _merge_act(cur, act)
        for key, keyfn in (("bodies", _id_key), ("terms", _id_key), ("rates", _rate_key)):
            for item in tree.get(key) or ():
                if not isinstance(item, _LDict):
                    continue
                k = keyfn(item)
                if k in lists[key]:
                    lists[key][k].update(item)
                    lists[key][k].key_lines.update(item.key_lines)
                else:
                    lists[key][k] = _copy(item)
    out["meta"] = meta
    out["acts"] = list(acts.values())
    for key, items in lists.items():
        out[key] = list(items.values())
    return out


def _copy(node: _LDict) -> _LDict:
    d = _LDict()
    d.update(node)
    d.file, d.line, d.key_lines = node.file, node.line, dict(node.key_lines)
    for k in ("versions", "sections", "names", "abbreviations"):
        if isinstance(d.get(k), list):
            d[k] = [_copy(x) if isinstance(x, _LDict) else x for x in d[k]]
    return d


def _id_key(item: _LDict) -> Any:
    return item.get("id")


def _rate_key(item: _LDict) -> Any:
    return (
        item.get("benefit"),
        item.get("category"),
        item.get("year"),
        str(item.get("from")),
        item.get("unit"),
    )


def _merge_act(cur: _LDict, new: _LDict) -> None:
    for k, v in new.items():
        if k == "versions" and isinstance(v, list):
            by_key = {_vkey(x): x for x in cur.get("versions", []) if isinstance(x, _LDict)}
            versions = list(cur.get("versions", []))
            for nv in v:
                if not isinstance(nv, _LDict):
                    continue
                old = by_key.get(_vkey(nv))
                if old is not None:
                    old.update(nv)
                    old.key_lines.update(nv.key_lines)
                    old.file, old.line = nv.file, nv.line
                else:
                    versions.append(_copy(nv))
            cur["versions"] = versions
        elif k in ("sections",) and isinstance(v, list):
            cur[k] = list(cur.get(k, [])) + [_copy(x) if isinstance(x, _LDict) else x for x in v]
        elif k in ("names", "abbreviations", "sources", "notes") and isinstance(v, list):
            existing = list(cur.get(k, []))
            seen = {_entry_name(x) for x in existing}
            existing.extend(x for x in v if _entry_name(x) not in seen)
            cur[k] = existing
        else:
            cur[k] = v
        cur.key_lines[k] = new.line_of(k)


def _vkey(v: _LDict) -> tuple[Any, ...]:
    return (v.get("type"), v.get("number"), str(_as_date(v.get("date"))))


def _entry_name(entry: Any) -> Any:
    return entry.get("name") if isinstance(entry, dict) else entry


# =========================================================================================== consistency


def _check_consistency(merged: _LDict) -> list[Problem]:
    """Checks across the layered corpus: intervals, pointers, names claimed twice, facts without a source."""
    problems: list[Problem] = []
    c = _Checker(problems)
    acts: list[_LDict] = [a for a in merged.get("acts", []) if isinstance(a, _LDict)]
    ids = {a["id"] for a in acts}
    all_versions = {
        _vkey(v) for a in acts for v in a.get("versions") or () if isinstance(v, _LDict)
    }  # every (type, number, date) the corpus knows
    spans: dict[str, tuple[date | None, date | None]] = {}
    for a in acts:
        what = f"act {a['id']!r}"
        if not a.get("title"):
            c.err(a, f"{what} has no title (a new act needs 'title')")
        if not a.get("source"):
            c.err(a, f"fact without a source: {what}")
        a_from, a_to = _as_date(a.get("in_force_from")), _as_date(a.get("in_force_to"))
        spans[a["id"]] = (a_from, a_to)
        if a_from and a_to and a_to < a_from:
            c.err(a, f"{what}: in_force_to {a_to} is before in_force_from {a_from}", "in_force_to")
        rb = a.get("replaced_by")
        if isinstance(rb, _LDict):
            if rb.get("act") not in ids:
                c.err(rb, f"{what}: replaced_by points to unknown act {rb.get('act')!r}", "act")
            if not rb.get("source"):
                c.err(rb, f"fact without a source: {what} replaced_by")
        versions = sorted(
            (v for v in a.get("versions") or () if isinstance(v, _LDict) and _as_date(v.get("date"))),
            key=lambda v: _as_date(v.get("date")),  # type: ignore[arg-type, return-value]
        )
        prev: _LDict | None = None
        for v in versions:
            label = f"{v.get('type')} nr. {v.get('number')} af {_dmy(_as_date(v['date']))}"  # type: ignore[arg-type]
            if not v.get("source"):
                c.err(v, f"fact without a source: version {label} of {what}")
            v_date = _as_date(v["date"])
            start = _as_date(v.get("in_force_from")) or v_date
            end = _as_date(v.get("in_force_to"))
            if end and start and end < start:
                c.err(v, f"{what}: {label} ends ({end}) before it starts ({start})", "in_force_to")
            if a_from and start and start < a_from and v.get("in_force_from"):
                c.err(
                    v, f"{what}: {label} is in force from {start}, before the act ({a_from})", "in_force_from"
                )
            if a_to and start and start > a_to:
                c.err(v, f"{what}: {label} starts {start}, after the act ended ({a_to})")
            if prev is not None and start is not None:
                p_date = _as_date(prev["date"])
                p_start = _as_date(prev.get("in_force_from")) or p_date
                p_end = _as_date(prev.get("in_force_to"))
                p_label = f"{prev.get('type')} nr. {prev.get('number')} af {_dmy(p_date)}"  # type: ignore[arg-type]
                if p_start and start <= p_start:
                    c.err(
                        v,
                        f"overlapping in-force intervals in {what}: {label} starts {start}, "
                        f"not after {p_label} (starts {p_start})",
                    )
                elif p_end and p_end >= start:
                    c.err(
                        v,
                        f"overlapping in-force intervals in {what}: {p_label} is in force until {p_end}, "
                        f"but {label} starts {start}",
                    )
            sb = v.get("superseded_by")
            if isinstance(sb, _LDict):
                target = (sb.get("type") or "LBK", sb.get("number"), str(_as_date(sb.get("date"))))
                if target not in all_versions:
                    c.err(
                        sb,
                        f"superseded_by points nowhere: {label} of {what} names {target[0]} nr. {target[1]} af "
                        f"{target[2]}, which is not a version in the corpus",
                    )
                else:
                    t_date = _as_date(sb.get("date"))
                    if t_date and v_date and t_date <= v_date:
                        c.err(sb, f"{what}: {label} is superseded_by an older or same-day version ({t_date})")
            prev = v
        _check_section_consistency(c, a, what, ids)
    _check_names(c, acts, spans)
    for key, what in (("bodies", "body"), ("terms", "term")):
        for item in merged.get(key, []):
            if isinstance(item, _LDict) and not item.get("source"):
                c.err(item, f"fact without a source: {what} {item.get('id')!r}")
    rates = [r for r in merged.get("rates", []) if isinstance(r, _LDict)]
    seen: dict[tuple[Any, ...], list[tuple[date, date, _LDict]]] = {}
    for r in rates:
        if not r.get("source"):
            c.err(r, f"fact without a source: rate {r.get('benefit')}/{r.get('category')}/{r.get('year')}")
        year = r.get("year")
        if not isinstance(year, int):
            continue
        start = _as_date(r.get("from")) or date(year, 1, 1)
        end = _as_date(r.get("to")) or date(year, 12, 31)
        if end < start:
            c.err(r, f"rate {r.get('benefit')}/{r.get('category')}/{year}: 'to' is before 'from'")
            continue
        k = (r.get("benefit"), r.get("category"), r.get("unit"))
        for s2, e2, other in seen.get(k, []):
            if start <= e2 and s2 <= end:
                c.err(
                    r,
                    f"overlapping rate periods for {k[0]}/{k[1]}: {start}..{end} overlaps {s2}..{e2} "
                    f"(line {other.line} of {other.file})",
                )
        seen.setdefault(k, []).append((start, end, r))
    return problems


def _check_section_consistency(c: _Checker, a: _LDict, what: str, ids: set[str]) -> None:
    facts = [s for s in a.get("sections") or () if isinstance(s, _LDict)]
    for s in facts:
        if not s.get("source"):
            c.err(s, f"fact without a source: section {', '.join(_section_names(s))} of {what}")
        if s.get("moved_to_act") is not None and s.get("moved_to_act") not in ids:
            c.err(s, f"{what}: moved_to_act points to unknown act {s.get('moved_to_act')!r}", "moved_to_act")
    for i, s in enumerate(facts):
        for t in facts[i + 1 :]:
            if s.get("status") == t.get("status"):
                continue
            common = {normalize_section(x) for x in _section_names(s)} & {
                normalize_section(x) for x in _section_names(t)
            }
            if not common:
                continue
            s0, s1 = _as_date(s.get("from")) or date.min, _as_date(s.get("to")) or date.max
            t0, t1 = _as_date(t.get("from")) or date.min, _as_date(t.get("to")) or date.max
            if s0 <= t1 and t0 <= s1:
                secs = ", ".join(sorted(x for x in common if x))
                c.err(
                    t,
                    f"{what}: section {secs} is both {s.get('status')!r} (line {s.line}) and {t.get('status')!r} "
                    "in overlapping periods",
                )


def _check_names(
    c: _Checker, acts: list[_LDict], spans: Mapping[str, tuple[date | None, date | None]]
) -> None:
    """A name or abbreviation may belong to one act only — except acts with the same title whose in-force
    periods do not overlap (lab/lab_2003), which lookups tell apart by the letter's date."""
    claims: dict[tuple[str, str], list[tuple[_LDict, str]]] = {}
    for a in acts:
        for kind in ("names", "abbreviations"):
            for entry in a.get(kind) or ():
                name = _entry_name(entry)
                if not isinstance(name, str):
                    continue
                key = normalize_name(name) if kind == "names" else name.strip()
                claims.setdefault((kind, key), []).append((a, name))
        if isinstance(a.get("title"), str):
            claims.setdefault(("names", normalize_name(a["title"])), []).append((a, a["title"]))
    for (kind, _key), owners in claims.items():
        ids = []
        for a, _ in owners:
            if a["id"] not in ids:
                ids.append(a["id"])
        if len(ids) < 2:
            continue
        by_id = {a["id"]: (a, n) for a, n in owners}
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                a1, _ = by_id[first]
                a2, name2 = by_id[second]
                same_title = normalize_name(str(a1.get("title", ""))) == normalize_name(
                    str(a2.get("title", ""))
                )
                if same_title and _disjoint(spans[first], spans[second]):
                    continue
                noun = "name" if kind == "names" else "abbreviation"
                c.err(a2, f"{noun} {name2!r} is claimed by two acts: {first} and {second}", kind)


def _disjoint(a: tuple[date | None, date | None], b: tuple[date | None, date | None]) -> bool:
    a0, a1 = a[0] or date.min, a[1] or date.max
    b0, b1 = b[0] or date.min, b[1] or date.max
    return a1 < b0 or b1 < a0


# ================================================================================================= build


def _build(merged: _LDict, digest: str, files: Sequence[str]) -> Corpus:
    acts: dict[str, Act] = {}
    for a in merged.get("acts", []):
        versions = tuple(
            sorted(
                (_build_version(a["id"], v) for v in a.get("versions") or ()),
                key=lambda v: (v.date, v.start),
            )
        )
        rb = a.get("replaced_by")
        acts[a["id"]] = Act(
            id=a["id"],
            title=" ".join(str(a.get("title", "")).split()),
            names=tuple(str(_entry_name(n)) for n in a.get("names") or ()),
            abbreviations=tuple(str(_entry_name(n)) for n in a.get("abbreviations") or ()),
            eli=a.get("eli"),
            versions=versions,
            in_force_from=_as_date(a.get("in_force_from")),
            in_force_to=_as_date(a.get("in_force_to")),
            replaced_by=(rb["act"], _as_date(rb["date"])) if rb else None,  # type: ignore[arg-type]
            source=str(a.get("source", "")),
            replaced_by_source=rb.get("source") if rb else None,
            replaced_by_confidence=rb.get("confidence", CONFIRMED) if rb else CONFIRMED,
            sections=tuple(_build_section(s) for s in a.get("sections") or ()),
            verified_until=_as_date(a.get("verified_until")),
            note=a.get("note"),
            sources=tuple(a.get("sources") or ()),
        )
    bodies = [
        Body(
            id=b["id"],
            name=b["name"],
            variants=tuple(b.get("variants") or ()),
            abolished=_as_date(b.get("abolished")),
            successor=b.get("successor"),
            source=str(b.get("source", "")),
            confidence=b.get("confidence", CONFIRMED),
            note=b.get("note"),
            sources=tuple(b.get("sources") or ()),
            pattern=_variant_regex(b.get("variants") or (), b.get("patterns") or ()),
        )
        for b in merged.get("bodies", [])
    ]
    terms = [
        Term(
            id=t["id"],
            term=t["term"],
            variants=tuple(t.get("variants") or ()),
            changed=_as_date(t.get("changed")),
            successor=t.get("successor"),
            exceptions=t.get("exceptions"),
            source=str(t.get("source", "")),
            confidence=t.get("confidence", CONFIRMED),
            introduced=_as_date(t.get("introduced")),
            changed_precision=t.get("changed_precision", "exact"),
            note=t.get("note"),
            sources=tuple(t.get("sources") or ()),
            pattern=_variant_regex(t.get("variants") or (), t.get("patterns") or ()),
        )
        for t in merged.get("terms", [])
    ]
    rates = [
        Rate(
            benefit=r["benefit"],
            category=r["category"],
            year=int(r["year"]),
            from_=_as_date(r.get("from")),
            to=_as_date(r.get("to")),
            amount=Decimal(r["amount"]),
            unit=r["unit"],
            source=str(r.get("source", "")),
            confidence=r.get("confidence", CONFIRMED),
            label=r.get("label"),
            legal_ref=r.get("legal_ref"),
            note=r.get("note"),
        )
        for r in merged.get("rates", [])
    ]
    meta = {k: v for k, v in (merged.get("meta") or {}).items()}
    return Corpus(acts, bodies, terms, rates, meta, digest, files)


def _build_version(act_id: str, v: Mapping[str, Any]) -> Version:
    sb = v.get("superseded_by")
    secs = v.get("sections") or {}
    return Version(
        act=act_id,
        type=v["type"],
        number=int(v["number"]),
        date=_as_date(v["date"]),  # type: ignore[arg-type]
        in_force_from=_as_date(v.get("in_force_from")),
        in_force_to=_as_date(v.get("in_force_to")),
        superseded_by=(sb.get("type", "LBK"), int(sb["number"]), _as_date(sb["date"])) if sb else None,  # type: ignore[arg-type]
        source=str(v.get("source", "")),
        confidence=v.get("confidence", CONFIRMED),
        eli=v.get("eli"),
        consolidates=v.get("consolidates"),
        note=v.get("note"),
        sources=tuple(v.get("sources") or ()),
        sections=tuple(
            sorted(
                ((normalize_section(str(k)) or str(k), int(n)) for k, n in secs.items()), key=_section_sort
            )
        ),
        sections_complete=bool(v.get("sections_complete", False)),
        repealed_sections=tuple(
            normalize_section(str(s)) or str(s) for s in v.get("repealed_sections") or ()
        ),
        accession=v.get("accession"),
        status=v.get("status"),
    )


def _section_sort(item: tuple[str, int]) -> tuple[int, str]:
    head, _, letter = item[0].partition(" ")
    return (int(head) if head.isdigit() else 0, letter)


def _build_section(s: Mapping[str, Any]) -> SectionFact:
    names = s.get("sections") if "sections" in s else [s.get("section")]
    return SectionFact(
        sections=tuple(normalize_section(str(n)) or str(n) for n in names or ()),
        status=s["status"],
        from_=_as_date(s.get("from")),
        to=_as_date(s.get("to")),
        source=str(s.get("source", "")),
        confidence=s.get("confidence", CONFIRMED),
        moved_to=s.get("moved_to"),
        moved_to_act=s.get("moved_to_act"),
        note=s.get("note"),
    )


# ========================================================================================= public loading


def bundled_path() -> Path:
    """The corpus file that ships with lettercheck."""
    return data_path("corpus/legal_refs.yaml")


def _read(paths: Sequence[str | os.PathLike[str]]) -> list[tuple[str, bytes | None, str | None]]:
    out: list[tuple[str, bytes | None, str | None]] = []
    for p in paths:
        name = os.fspath(p)
        try:
            out.append((name, Path(name).read_bytes(), None))
        except OSError as e:
            out.append((name, None, f"cannot read: {e.strerror or e}"))
    return out


def _compile(paths: Sequence[str | os.PathLike[str]]) -> tuple[Corpus | None, list[Problem], str]:
    return _compile_blobs(_read(paths))


def _compile_blobs(
    blobs: Sequence[tuple[str, bytes | None, str | None]],
) -> tuple[Corpus | None, list[Problem], str]:
    """Parse, check, layer and build; returns the corpus (None on any problem), the problems and the hash."""
    digest = _digest(blobs)
    problems: list[Problem] = []
    raws: list[_RawFile] = []
    for name, data, error in blobs:
        if data is None:
            problems.append(Problem(name, 1, error or "cannot read"))
            continue
        raw = _parse(name, data)
        problems.extend(_check_file(raw))
        raws.append(raw)
    if problems:
        return None, problems, digest
    merged = _merge(raws)
    problems.extend(_check_consistency(merged))
    if problems:
        return None, problems, digest
    return _build(merged, digest, [name for name, _, _ in blobs]), [], digest


def compile_corpus(
    paths: Sequence[str | os.PathLike[str]] = (),
    *,
    include_bundled: bool = True,
    extra: Sequence[tuple[str, bytes]] = (),
) -> tuple[Corpus | None, list[Problem]]:
    """Build a corpus from files (and in-memory ``(name, bytes)`` overlays) without any cache.

    Returns the corpus, or None with the problems. The CLI uses it to check an overlay before writing it.
    """
    blobs = _read([*([bundled_path()] if include_bundled else []), *paths])
    blobs.extend((name, data, None) for name, data in extra)
    if not blobs:
        return None, []
    corpus, problems, _ = _compile_blobs(blobs)
    return corpus, problems


def _digest(blobs: Sequence[tuple[str, bytes | None, str | None]]) -> str:
    h = hashlib.sha256()
    for _name, data, _ in blobs:
        payload = data or b""
        h.update(len(payload).to_bytes(8, "big"))
        h.update(payload)
    return h.hexdigest()


def validate_corpus(
    paths: Sequence[str | os.PathLike[str]] = (), *, include_bundled: bool = True
) -> list[Problem]:
    """Schema and consistency problems of the given files layered over the bundled corpus (or alone).

    An empty list means the files load. Used by ``lettercheck corpus validate`` and by CI.
    """
    _, problems = compile_corpus(paths, include_bundled=include_bundled)
    return problems


# -------------------------------------------------------------------------------- compiled cache (pickle)

#: Parsing the bundled YAML costs more than 20 ms (measured with time.perf_counter; see docs/corpus.md), so
#: the compiled corpus is cached on disk keyed by the sha256 of the files and the code's format version.
_CACHE_ENV = "LETTERCHECK_CORPUS_CACHE"


def _cache_file(digest: str) -> Path | None:
    from lettercheck.compiled import cache_file

    return cache_file("corpus", _COMPILED_FORMAT, digest, _CACHE_ENV)


def _cache_get(digest: str) -> Corpus | None:
    from lettercheck.compiled import PREFILTER_SEEDS, read_pickle

    found = read_pickle(_cache_file(digest))
    if not (isinstance(found, tuple) and len(found) == 2 and isinstance(found[1], dict)):
        return None
    corpus, seeds = found
    if not (isinstance(corpus, Corpus) and corpus.hash == digest):
        return None
    for key, seed in seeds.items():
        PREFILTER_SEEDS.setdefault(key, seed)
    return corpus


def _cache_put(corpus: Corpus) -> None:
    """The corpus, and the literal prefilters of its body and term patterns (see
    ``lettercheck.compiled.PREFILTER_SEEDS``), which every check of a letter would otherwise work out."""
    from lettercheck.compiled import write_pickle

    path = _cache_file(corpus.hash)
    if path is None:
        return
    from lettercheck.packs import prefilter_seed

    patterns = [x.pattern for x in (*corpus.bodies, *corpus.terms) if x.pattern is not None]
    write_pickle(path, (corpus, dict(prefilter_seed(p) for p in patterns)))


def load_corpus(overlays: Sequence[str | os.PathLike[str]] = ()) -> Corpus:
    """The bundled corpus with the overlay files layered on top, parsed once per process.

    Raises CorpusError (with file:line for every problem) when a file is unreadable, malformed or
    inconsistent: a check must never run against a corpus that says something it cannot mean.
    """
    return _load_cached(tuple(os.fspath(p) for p in overlays))


@functools.cache
def _load_cached(overlays: tuple[str, ...]) -> Corpus:
    files = [os.fspath(bundled_path()), *overlays]
    blobs = _read(files)
    digest = _digest(blobs)
    if all(data is not None for _, data, _ in blobs):
        cached = _cache_get(digest)
        if cached is not None:
            return cached
    corpus, problems, _ = _compile(files)
    if corpus is None:
        raise CorpusError(problems)
    _cache_put(corpus)
    return corpus


def measure_parse(path: str | os.PathLike[str] | None = None, repeat: int = 5) -> float:
    """Best-of-``repeat`` seconds to parse, check and build the corpus without any cache (for docs/benchmarks)."""
    files = [path or bundled_path()]
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        _compile(files)
        best = min(best, time.perf_counter() - t0)
    return best


# ================================================================================================ LexDania


@record(frozen=True)
class LexDaniaDocument:
    """What an import needs from a LexDania XML document (the format Retsinformation serves at ELI/xml)."""

    type: str
    number: int
    year: int
    date: date
    title: str
    accession: str | None
    status: str | None
    popular_title: str | None
    start_date: date | None
    end_date: date | None
    #: (section, stk. count) in document order
    sections: tuple[tuple[str, int], ...]
    repealed_sections: tuple[str, ...]

    @property
    def eli(self) -> str:
        return f"https://www.retsinformation.dk/eli/lta/{self.year}/{self.number}"


class LexDaniaError(ValueError):
    """The XML is not a LexDania LOV/LBK document lettercheck can import."""


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: Any, name: str) -> Any:
    return next((c for c in el if _local(c.tag) == name), None)


def _text(el: Any) -> str:
    """An element's text without its tail, comments or processing instructions, whitespace folded."""
    if el is None:
        return ""
    parts: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node.tag, str) and node.text:
            parts.append(node.text)
        for child in node:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(el)
    return " ".join("".join(parts).split())


def _lex_type(value: str) -> str | None:
    head = re.split(r"[\s#]", value.strip())[0].upper() if value.strip() else ""
    if head in DOC_TYPES:
        return head
    low = value.strip().lower()
    if low.startswith("lovbekendtgørelse"):
        return "LBK"
    if low == "lov" or low.startswith("lov "):
        return "LOV"
    return None


def parse_lexdania(data: bytes) -> LexDaniaDocument:
    """Read a LexDania document's metadata and its sections (Paragraf) with their stk. counts.

    Element names (Dokument, Meta/DocumentType, AccessionNumber, Year, Number, DiesSigni, Status,
    DocumentTitle, DokumentIndhold, Kapitel, Paragraf, Explicatus, Stk) follow the XML Retsinformation serves;
    docs/corpus.md says where they were checked. The XML goes through lettercheck.xmlsafe like every other
    parse: entities, DTDs and network access are refused.
    """
    from lettercheck.model import ReadError
    from lettercheck.xmlsafe import parse_xml

    try:
        root = parse_xml(data).getroot()
    except ReadError as e:
        raise LexDaniaError(e.message) from None
    if _local(root.tag) != "Dokument":
        raise LexDaniaError(f"root element is {_local(root.tag)!r}, not 'Dokument'")
    meta = _child(root, "Meta")
    if meta is None:
        raise LexDaniaError("no Meta element")

    def field_(name: str) -> str:
        return _text(_child(meta, name))

    typ = _lex_type(field_("DocumentType"))
    if typ is None:
        raise LexDaniaError(f"DocumentType {field_('DocumentType')!r} is not a LOV or LBK")
    try:
        number = int(field_("Number"))
        signed = date.fromisoformat(field_("DiesSigni")[:10])
    except ValueError:
        raise LexDaniaError("Meta needs a numeric Number and a DiesSigni date (YYYY-MM-DD)") from None
    year_text = field_("Year")
    year = int(year_text) if year_text.isdigit() else signed.year

    def opt_date(name: str) -> date | None:
        d = _as_date(field_(name)[:10]) if field_(name) else None
        return d if d and d.year < 9999 else None

    content = _child(root, "DokumentIndhold")
    sections: list[tuple[str, int]] = []
    repealed: list[str] = []
    seen: set[str] = set()
    if content is not None:
        for para in content.iter():
            if _local(para.tag) != "Paragraf":
                continue
            sec = normalize_section(_text(_child(para, "Explicatus")).replace("§", "").strip())
            if sec is None or sec in seen:
                continue
            seen.add(sec)
            stks = [c for c in para if _local(c.tag) == "Stk"]
            body = " ".join(_text(c) for c in para if _local(c.tag) != "Explicatus").strip()
            if re.fullmatch(r"\(?\s*ophævet\s*\)?\.?", body, re.IGNORECASE):
                repealed.append(sec)
                sections.append((sec, 0))
            else:
                sections.append((sec, len(stks) or (1 if body else 0)))
    return LexDaniaDocument(
        type=typ,
        number=number,
        year=year,
        date=signed,
        title=field_("DocumentTitle"),
        accession=field_("AccessionNumber") or None,
        status=field_("Status") or None,
        popular_title=field_("PopularTitle") or None,
        start_date=opt_date("StartDate"),
        end_date=opt_date("EndDate"),
        sections=tuple(sections),
        repealed_sections=tuple(repealed),
    )


def _act_title_from(document_title: str) -> str:
    t = " ".join(document_title.split())
    t = re.sub(r"^bekendtgørelse af\s+", "", t, flags=re.IGNORECASE)
    return t[:1].upper() + t[1:]


def lexdania_overlay(
    doc: LexDaniaDocument,
    corpus: Corpus,
    *,
    act_id: str | None = None,
    source: str | None = None,
    existing: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The overlay (plain YAML-ready data) that adds or updates ``doc``'s version with its full section list.

    The act is ``act_id`` or, failing that, the corpus act named by the document title on its date. An
    ``act_id`` the corpus does not know creates a new act. ``existing`` is a previous overlay to update.
    """
    act = corpus.acts.get(act_id) if act_id else corpus.act_by_name(doc.title, on=doc.date)
    if act is None and not act_id:
        raise LexDaniaError(
            f"no act in the corpus is named {doc.title!r}; pass --act ID to add it as a new act"
        )
    target = act.id if act else str(act_id)
    if not _rx(_ID).match(target):
        raise LexDaniaError(f"act id {target!r} must be lowercase letters, digits and _")
    src = source or doc.eli
    version: dict[str, Any] = {
        "type": doc.type,
        "number": doc.number,
        "date": doc.date.isoformat(),
    }
    if doc.start_date:
        version["in_force_from"] = doc.start_date.isoformat()
    if doc.end_date:
        version["in_force_to"] = doc.end_date.isoformat()
    version.update(
        {
            "eli": doc.eli,
            "accession": doc.accession,
            "status": doc.status,
            "source": src,
            "confidence": CONFIRMED,
            "note": f"Imported from LexDania XML ({doc.title}).",
            "sections": {sec: count for sec, count in doc.sections},
            "sections_complete": True,
        }
    )
    if doc.repealed_sections:
        version["repealed_sections"] = list(doc.repealed_sections)
    version = {k: v for k, v in version.items() if v is not None}

    data: dict[str, Any] = {k: v for k, v in (existing or {}).items()}
    acts = [dict(a) for a in data.get("acts") or [] if isinstance(a, Mapping)]
    entry = next((a for a in acts if a.get("id") == target), None)
    if entry is None:
        entry = {"id": target}
        if act is None:
            entry["title"] = _act_title_from(doc.title)
            if doc.popular_title:
                entry["names"] = [doc.popular_title.lower()]
            entry["source"] = src
        acts.append(entry)
    versions = [dict(v) for v in entry.get("versions") or [] if isinstance(v, Mapping)]
    key = (doc.type, doc.number, doc.date.isoformat())
    versions = [v for v in versions if (v.get("type"), v.get("number"), str(v.get("date"))) != key]
    versions.append(version)
    versions.sort(key=lambda v: str(v.get("date")))
    entry["versions"] = versions
    data["acts"] = acts
    return data


def iter_sections(version: Version) -> Iterator[tuple[str, int, bool]]:
    """(section, stk. count, repealed) for a version with an imported section list."""
    repealed = set(version.repealed_sections)
    for sec, count in version.sections:
        yield sec, count, sec in repealed
