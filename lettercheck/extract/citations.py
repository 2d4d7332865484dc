"""Danish statute citations: find every reference to legislation in a letter and say what it points to.

Built the way eyecite is built for US law, in three steps:

1. **Clean** (:mod:`~lettercheck.extract.tokenize`): PDF text becomes single-spaced and de-hyphenated, with an
   offset map back to the letter, so the grammar never has to spell out a line break inside a citation.
2. **Tokenize and parse** (:mod:`~lettercheck.extract.citation_grammar` + :class:`_Parser`): a scan finds every
   place a citation can start (``§``, ``stk.``, ``kapitel``, a document type with a number, an act name from the
   corpus, a short form, an ELI URL) — literal search for a few anchors, then the trigger pattern at each word
   found; from each start, small anchored patterns read the written reference left to right — provisions with their lists and ranges, the act before ("aktivlovens § 34") or after
   ("§ 11 i lov om aktiv socialpolitik"), and a document that qualifies it (", jf. lovbekendtgørelse nr. …").
   One written reference is one *group*; lists and ranges expand to one citation per provision.
3. **Resolve** (:func:`_resolve`): short forms ("lovens § 24", "samme lov", "jf. stk. 2", a bare "§ 25" after an
   act was named) take their act or section from the nearest antecedent, in document order. Like eyecite, resolution fails closed: when the antecedent is ambiguous the citation is marked
   ``unresolved`` instead of guessed.

Every pattern is linear (see the grammar module), so hostile input costs time proportional to its length.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

from lettercheck.extract import citation_grammar as G
from lettercheck.extract.tokenize import CleanText, clean_text
from lettercheck.model import Letter
from lettercheck.records import field, record

if TYPE_CHECKING:
    from lettercheck.corpus import Corpus

__all__ = [
    "DOCUMENT_TYPES",
    "Citation",
    "DocumentRef",
    "extract_citations",
    "format_citation",
    "format_citation_dict",
]

DOCUMENT_TYPES = ("LOV", "LBK", "BEK", "VEJ", "CIR")

#: a range longer than this is kept as its two ends rather than expanded ("§§ 1-9999" in hostile input)
MAX_RANGE = 100


# ---------------------------------------------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------------------------------------------


@record(frozen=True, slots=True)
class DocumentRef:
    """A specific publication: an act (LOV), a consolidation (LBK), an order (BEK), guidance (VEJ), a circular.

    ``type`` is None when the text does not say (an ELI URL, "skrivelse nr. …").
    """

    type: str | None
    number: int
    date: _dt.date | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "number": self.number,
            "date": self.date.isoformat() if self.date else None,
        }

    def __str__(self) -> str:
        head = f"{self.type} nr. {self.number}" if self.type else f"nr. {self.number}"
        return f"{head} af {self.date.isoformat()}" if self.date else head


_DICT_KEYS = (
    "act",
    "act_text",
    "section",
    "stk",
    "nr",
    "pkt",
    "litra",
    "chapter",
    "document",
    "eli",
    "start",
    "end",
    "page",
    "line",
    "text",
    "short_form",
    "resolved_from",
    "unresolved",
)


@record(slots=True)
class Citation:
    """One cited provision (or one act or document named without a provision).

    ``start``/``end`` span the whole written reference the citation came from (provision words, act words and
    document words together); ``act_start``/``act_end`` and ``doc_start``/``doc_end`` span the words naming the act
    and the document. All offsets are in the letter text. Citations expanded from one written reference
    ("§§ 22-24") share ``group`` so a check can report one finding for the reference rather than one per provision.

    ``act_text`` is the act's name as the letter writes it ("aktivlovens", "LAS", "lov om aktiv socialpolitik"),
    also for an act the corpus does not know (then ``act`` is None). A resolved short form carries its
    antecedent's words and span (``short_form`` and ``resolved_from`` say so); an unresolved one has none. An act
    named by a consolidation's or act's title ("lov nr. 563 af … om sygedagpenge") gets "lov om sygedagpenge".
    """

    act: str | None = None
    act_text: str | None = None
    section: str | None = None
    stk: str | None = None
    nr: str | None = None
    pkt: str | None = None
    litra: str | None = None
    chapter: str | None = None
    document: DocumentRef | None = None
    eli: str | None = None
    start: int = 0
    end: int = 0
    page: int | None = None
    line: int | None = None
    text: str = ""
    short_form: bool = False
    resolved_from: int | None = None
    unresolved: bool = False
    act_start: int | None = None
    act_end: int | None = None
    doc_start: int | None = None
    doc_end: int | None = None
    group: int = 0

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: exactly the keys of the published schema (spans and group stay internal)."""
        d: dict[str, Any] = {}
        for k in _DICT_KEYS:
            v = getattr(self, k)
            d[k] = v.to_dict() if isinstance(v, DocumentRef) else v
        return d

    @property
    def provision(self) -> str:
        """The provision as Danish writes it: "§ 11, stk. 2, nr. 3, 2. pkt., litra a", "kapitel 4", or ""."""
        return _provision(self.to_dict())


def _provision(d: dict[str, Any]) -> str:
    parts: list[str] = []
    if d.get("chapter") is not None:
        parts.append(f"kapitel {d['chapter']}")
    if d.get("section") is not None:
        parts.append(f"§ {d['section']}")
    if d.get("stk") is not None:
        parts.append(f"stk. {d['stk']}")
    if d.get("nr") is not None:
        parts.append(f"nr. {d['nr']}")
    if d.get("pkt") is not None:
        parts.append(f"{d['pkt']}. pkt.")
    if d.get("litra") is not None:
        parts.append(f"litra {d['litra']}")
    return ", ".join(parts)


def format_citation(c: Citation) -> str:
    """One line for ``lettercheck extract --format text``: location, act, provision, document, cited words."""
    return format_citation_dict(c.to_dict())


def format_citation_dict(d: dict[str, Any]) -> str:
    """:func:`format_citation` for a citation already turned into its JSON form (``Citation.to_dict()``)."""
    if d.get("page") is not None:
        loc = f"p{d['page']}:{d['line'] if d.get('line') is not None else '?'}"
    elif d.get("line") is not None:
        loc = f"line {d['line']}"
    else:
        loc = f"@{d.get('start')}"
    if d.get("act"):
        act = str(d["act"])
    elif d.get("unresolved"):
        act = "(unresolved)"
    elif d.get("act_text"):
        act = f"?{d['act_text']}"
    else:
        act = "-"
    if d.get("short_form") and d.get("resolved_from") is not None:
        act += f" (from #{d['resolved_from']})"
    prov = _provision(d) or "-"
    ref = d.get("document")
    if isinstance(ref, DocumentRef):
        ref = ref.to_dict()
    if ref:
        head = f"{ref['type']} nr. {ref['number']}" if ref.get("type") else f"nr. {ref['number']}"
        doc = f"{head} af {ref['date']}" if ref.get("date") else head
    else:
        doc = d.get("eli") or "-"
    text = " ".join(str(d.get("text") or "").split())
    return f"{loc}  {act}  {prov}  {doc}  «{text}»"


# ---------------------------------------------------------------------------------------------------------------
# Parsing: cleaned text -> groups (one per written reference)
# ---------------------------------------------------------------------------------------------------------------

_LEVEL = {"sec": 0, "stk": 1, "nr": 2, "pkt": 3, "litra": 4}
_EMPTY: tuple[str | None, ...] = (None, None, None, None, None, None)  # section, stk, nr, pkt, litra, chapter
_LETTERS = "abcdefghijklmnopqrstuvwxyzæøå"
#: the first character (after one space) of anything that can continue a list of values: "-", ",", "/", "&",
#: or the words og, eller, samt, til
_SEP_START = frozenset("-–—‐‑,/&oest")
#: for :meth:`_Parser._lone_value`: the digits VALUE reads; the letters it may take as a value's letter; what
#: starts a VALUE_SEP after a space; the list words after a comma (LIST_SEP, VALUE_SEP); capitals that open a
#: sentence and cannot start "pkt" (VALUE's lookahead is case-insensitive); what ends a value and nothing else
_DIGITS = frozenset("0123456789")
_LOWER_SET = frozenset(_LETTERS)
_SEP_OPEN = frozenset("-–—‐‑,/&")
_SEP_WORDS = ("til ", "og ", "og/eller ", "eller ", "samt ")
_LIST_WORDS = ("og ", "eller ", "samt ")
_SENTENCE_OPEN = frozenset("ABCDEFGHIJKLMNOQRSTUVWXYZÆØÅ")
_CLOSE = frozenset(");:")
#: the first character after a provision of anything that can continue the reference (CONNECT)
_CONNECT_START = frozenset(" ,./")
#: the first character after a space of anything the chain can read next: a connector (", ", " og ", " / ", …)
#: or a part after CONNECT's plain space (see :meth:`_Parser._part`: §, stk., nr., a pkt. number, litra, kapitel)
_AFTER_SPACE = frozenset(",/oes§SnNlLkK0123456789")
#: the first character after one space of what may follow an act: "m.v.", "(", "også kaldet", "herefter …"
_ALIAS_START = frozenset("m(oihOIH")
#: the first character after ", " of an alias introduction (ALIAS_INTRO; "İ" is what re's "(?i:i)" also takes)
_ALIAS_AFTER_COMMA = frozenset("ohiOHI\u0130")
#: the first character of what attaches a document to an act: "(", "jf.", ":", "-", "og/der/som bygger på"
_BIND_START = frozenset("(jJ:-–odsb")
#: document words that name a publication only with its date ("vejledning nr. 9300 af 25. juni 2008")
_DATED_WORDS = frozenset(
    ("vejledning", "vejledningen", "vejl.", "skrivelse", "cirkulære", "cirkulæreskrivelse", "cirk.")
)
#: the first character of a document reference or an ELI
_DOC_START = frozenset("lLbBvVcCsShHwWrR")


@record(slots=True)
class _Act:
    """Words naming an act: known (``acts`` from the corpus), unknown (no ids), or a short form."""

    acts: tuple[str, ...]
    text: str
    start: int
    end: int
    base: str
    short: str | None = None  # "act" (lovens, samme lov) or "section" (samme bestemmelse)
    #: "law" for an act; "order" for an executive order's title, which "lovens" never refers back to
    kind: str = "law"


@record(slots=True)
class _Doc:
    ref: DocumentRef
    start: int
    end: int
    act: _Act | None = None  # the act its title names ("lov nr. 563 … om sygedagpenge")
    amending: bool = False
    eli: str | None = None


@record(slots=True)
class _Group:
    start: int
    end: int
    provs: list[tuple[str | None, ...]] = field(default_factory=list)
    act: _Act | None = None
    doc: _Doc | None = None


@record(slots=True)
class _Chain:
    provs: list[tuple[str | None, ...]]
    end: int
    #: where a later "§" starts a new item: (offset of the "§", end of the item before, provisions before it)
    splits: list[tuple[int, int, int]] = field(default_factory=list)


def _may_link(t: str, pos: int) -> bool:
    """Can a provision follow at ``pos`` (PRE_LINK: "§", " §", ", §", " kapitel")? A cheap test first."""
    c = t[pos : pos + 1]
    if c == "§":
        return True
    if c in (" ", ","):
        c = t[pos + 1 : pos + 2]
        if c == " ":
            c = t[pos + 2 : pos + 3]
        return c in ("§", "k", "K")
    return False


def _fmt_value(n: int, letter: str | None) -> str:
    return f"{n} {letter}" if letter else str(n)


def _expand(a: tuple[int, str | None], b: tuple[int | None, str | None]) -> list[str]:
    """Expand a written range to its members: 22-24, 11 a-11 c, 11 a-c, 11-11 c; endpoints only if odd or huge."""
    n1, l1 = a
    n2, l2 = b
    if n2 is None:
        n2 = n1
    first = _fmt_value(n1, l1)
    last = _fmt_value(n2, l2)
    if n1 == n2:
        if l2 and (l1 is None or l1 < l2) and l2 in _LETTERS and (l1 is None or l1 in _LETTERS):
            start = _LETTERS.index(l1) + 1 if l1 else 0
            stop = _LETTERS.index(l2)
            if stop - start <= MAX_RANGE:
                return [first] + [f"{n1} {ch}" for ch in _LETTERS[start : stop + 1]]
        return [first] if first == last else [first, last]
    if n1 < n2 and n2 - n1 <= MAX_RANGE:
        return [first] + [str(k) for k in range(n1 + 1, n2)] + [last]
    return [first, last]


def _title_act(m: Any) -> _Act:
    """An act the corpus does not know, named by its title: a law ("lov om …") or an order ("bekendtgørelse om …")."""
    order = m.group("head").lower().startswith("bekendtgørelse")
    return _Act((), m.group(), m.start(), m.end(), m.group(), kind="order" if order else "law")


#: :func:`_make_date` per matched date text ("9. juni 2006"): a few dates recur in every letter of a kind, and
#: reading a ``regex`` match's groups and building the date cost more than the lookup (bounded for hostile input)
_DATES: dict[str, _dt.date | None] = {}
_DATES_SIZE = 4096


def _make_date(m: Any) -> _dt.date | None:
    """The date a match of ``G.DATE`` names; None for an impossible one ("31. juni 2020").

    The matched text alone decides the groups (the four forms of DATE cannot read one text two ways), so the
    answer is remembered by that text.
    """
    key = m.group()
    if key in _DATES:
        return _DATES[key]
    day = _read_date(m)
    if len(_DATES) < _DATES_SIZE:
        _DATES[key] = day
    return day


def _read_date(m: Any) -> _dt.date | None:
    y, mon, mo, d = m.group("y", "mon", "m", "d")  # one call: each group() of a regex match costs as much
    try:
        year = int(y)
        month = G.MONTHS[mon.lower()] if mon else int(mo)
        return _dt.date(year, month, int(d))
    except (ValueError, KeyError, TypeError):
        return None


class _Parser:
    """Reads the written references of one cleaned text, left to right."""

    def __init__(self, ct: CleanText, grammar: G.Grammar) -> None:
        self.ct = ct
        self.t = ct.text
        self.g = grammar
        self._chain_start = 0
        self.low = G.lower_text(self.t)
        #: the text as act names are looked up in it (see :func:`~lettercheck.extract.citation_grammar.fold_text`)
        self.fold = G.fold_text(self.t, self.low)

    # -- the scan ------------------------------------------------------------------------------------------------
    def groups(self) -> list[_Group]:
        """Every written reference, in text order. A reference consumes its words: a trigger inside one (the
        "lov" of "i lov om aktiv socialpolitik" after a §) starts nothing of its own."""
        out: list[_Group] = []
        consumed = 0
        handlers = _Parser._HANDLERS
        match = self.g.trigger_match
        t = self.t
        fold = self.fold
        for k in self.g.candidates(t, self.low):
            if k < consumed:
                continue
            if t[k] == "§":
                # the trigger's "sec" alternative: nothing before it in the pattern can match at a "§"
                group = self._provision(k, False)
            else:
                m = match(t, fold, k)
                if m is None:
                    continue
                kind = m.lastgroup
                if kind is None:
                    continue
                group = handlers[kind](self, m)
            if group is None:
                continue
            if isinstance(group, int):  # read and discarded (an EU article, an unnumbered amending act)
                consumed = group
                continue
            out.append(group)
            consumed = group.end
        return out

    # -- provisions ----------------------------------------------------------------------------------------------
    def _value(self, pos: int) -> tuple[int, int, str | None] | None:
        """(number, end, letter) of a value at ``pos``; a spaced "i" is a letter only where "i" can't be the word."""
        m = G.VALUE.match(self.t, pos)
        if m is None:
            return None
        n, sp, letter = m.group("n", "sp", "l")
        end = m.end()
        if letter is not None and (
            G.word_at(self.t, end) or (letter == "i" and sp and not G.I_LETTER_OK.match(self.t, end))
        ):
            letter = None  # "11 april": a word, not a letter; "§ 11 i aktivloven": the preposition
            end = m.end("n")
        return int(n), end, letter

    def _letter(self, pos: int) -> Any:
        """A lone letter at ``pos`` ("a" of "litra a", "c" of "11 a-c"), not the first letter of a word."""
        m = G.LETTER.match(self.t, pos)
        if m is None or G.word_at(self.t, m.end()):
            return None
        return m

    def _values(self, pos: int, kind: str, plural: bool) -> tuple[list[str], int, bool] | None:
        """A list of values at one level: "22, 23 og 24", "4-6", "11 a-11 c", "a og b" (litra).

        Returns (values, end, climb); ``climb`` says the list stopped before a value that starts a new section
        ("stk. 2 og 64, stk. 2": 64 is a section).
        """
        t = self.t
        if kind == "litra":
            lm = self._letter(pos)
            if lm is None:
                return None
            vals = [lm.group("l")]
            end = lm.end()
            while True:
                r = G.RANGE_SEP.match(t, end)
                if r:
                    lm2 = self._letter(r.end())
                    if lm2 and lm2.group("l") > vals[-1]:
                        a, b = _LETTERS.find(vals[-1]), _LETTERS.find(lm2.group("l"))
                        if a >= 0 and b >= 0:
                            vals.extend(_LETTERS[a + 1 : b + 1])
                            end = lm2.end()
                            continue
                s = G.LIST_SEP.match(t, end)
                if s:
                    lm2 = self._letter(s.end())
                    if lm2:
                        vals.append(lm2.group("l"))
                        end = lm2.end()
                        continue
                break
            return vals, end, False

        if kind != "kap" and plural == (kind != "sec"):
            lone = self._lone_value(pos, kind)
            if lone is not None:
                return lone
        first = self._value(pos)
        if first is None:
            return None
        n, end, letter = first
        vals = [_fmt_value(n, letter)]
        prev: tuple[int, str | None] = (n, letter)
        while True:
            c = t[end : end + 1]
            if c == " ":
                c = t[end + 1 : end + 2]
            if not c or c not in _SEP_START:
                break
            r = G.VALUE_SEP.match(t, end)
            if r is None:
                break
            if r.lastgroup == "range":
                nxt = self._value(r.end())
                if nxt is not None and not G.UNIT_AFTER.match(t, nxt[1]):
                    n2, e2, l2 = nxt
                    vals.pop()
                    vals.extend(_expand(prev, (n2, l2)))
                    prev = (n2, l2)
                    end = e2
                    continue
                if nxt is None and prev[1] is not None:  # "§§ 11 a-c"
                    lm = self._letter(r.end())
                    if lm:
                        vals.pop()
                        vals.extend(_expand(prev, (None, lm.group("l"))))
                        prev = (prev[0], lm.group("l"))
                        end = lm.end()
                        continue
            else:
                if kind == "sec" and not plural and r.group().strip() == ",":
                    break  # "§ 11, 12 måneder": a bare comma list needs "§§"
                nxt = self._value(r.end())
                if nxt is not None and not G.UNIT_AFTER.match(t, nxt[1]) and not self._enumeration(nxt[1]):
                    if kind != "sec" and G.STK_AHEAD.match(t, nxt[1]):
                        return vals, end, True
                    n2, e2, l2 = nxt
                    vals.append(_fmt_value(n2, l2))
                    prev = (n2, l2)
                    end = e2
                    continue
                if nxt is None and prev[1] is not None:  # "§ 82 a og b"
                    lm = self._letter(r.end())
                    if lm and (lm.group("l") != "i" or G.I_LETTER_OK.match(t, lm.end())):
                        vals.append(_fmt_value(prev[0], lm.group("l")))
                        prev = (prev[0], lm.group("l"))
                        end = lm.end()
                        continue
            break
        return vals, end, False

    def _lone_value(self, pos: int, kind: str) -> tuple[list[str], int, bool] | None:
        """What :meth:`_values` returns for a single number that nothing continues, read by hand: "§ 66 i lov …",
        "§ 11, stk. 2", "stk. 2. Hvis …", "§ 13, og du" (``kind`` "sec", not plural; or "stk"/"nr", plural).

        None where the general reader must decide (a letter, a list, a range, a period before a digit, …). Each
        case below is the outcome of VALUE (a value with no letter), then of VALUE_SEP: no separator, or (for a
        lone "§") a bare comma, which ends the list.
        """
        t = self.t
        j = pos + 1 if t[pos : pos + 1] == " " else pos
        e = j
        stop = j + 5
        while e < stop and t[e : e + 1] in _DIGITS:
            e += 1
        if e in (j, stop):  # no number, or five digits: VALUE decides
            return None
        c = t[e : e + 1]
        if c == " ":
            x = t[e + 1 : e + 2]
            if x in _LOWER_SET:
                # VALUE reads " x" as the value's letter unless a word follows it ("§ 24 skal") or it is the
                # preposition "i" ("§ 66 i lov"); "-" after the letter is VALUE's own business
                after = t[e + 2 : e + 3]
                if after == "-":
                    return None
                if not G.word_at(t, e + 2) and (
                    x != "i" or after != " " or t.startswith((" og ", " eller ", " stk"), e + 2)
                ):
                    return None
            elif x in _SEP_OPEN:
                return None
            if t.startswith(_SEP_WORDS, e + 1):
                return None  # " og 12", " til 14": VALUE_SEP matches
        elif c == ",":
            q = e + 2 if t[e + 1 : e + 2] == " " else e + 1
            word = next((w for w in _LIST_WORDS if t.startswith(w, q)), None)
            if word is not None:
                q += len(word)  # ", og du": VALUE finds no value after the separator
            elif kind == "sec":
                return [str(int(t[j:e]))], e, False  # "§ 11, stk. 2": a bare comma ends a lone section's list
            if t[q : q + 1] in _DIGITS or t[q : q + 1] == " ":
                return None  # "stk. 2, 3", "§ 11, og 12": the list may go on
        elif c == ".":
            if t[e + 1 : e + 2] != " " or t[e + 2 : e + 3] not in _SENTENCE_OPEN:
                return None  # "§ 12.000", "stk. 2. pkt.": VALUE's lookaheads decide
        elif c and c not in _CLOSE:
            return None
        return [str(int(t[j:e]))], e, False

    def _enumeration(self, pos: int) -> bool:
        """ "… § 29, eller 4) lov om …": a number closed by ")" with no "(" open in the reference is a list label."""
        if self.t[pos : pos + 1] != ")":
            return False
        before = self.t[max(0, self._chain_start - 120, pos - 240) : pos]
        return before.count("(") <= before.count(")")

    def _part(
        self, pos: int, last: str | None, implicit_sec: bool
    ) -> tuple[str, list[str], int, bool] | None:
        t = self.t
        if implicit_sec:
            r = self._values(pos, "sec", True)
            return ("sec", *r) if r else None
        c = t[pos : pos + 1]  # dispatch on the first character: a failed regex call costs as much as a match
        if last != "kap":
            if c == "§":
                m = G.SEC_MARK.match(t, pos)
                if m:
                    r = self._values(m.end(), "sec", t[pos + 1 : pos + 2] == "§")
                    return ("sec", *r) if r else None
                return None
            if c in ("s", "S"):
                m = G.STK_MARK.match(t, pos)
                if m:
                    if last is not None and c == "S" and self._is_heading(pos):
                        return None
                    r = self._values(m.end(), "stk", True)
                    return ("stk", *r) if r else None
                return None
            if last is not None:
                if c in ("n", "N"):
                    m = G.NR_MARK.match(t, pos)
                    if m:
                        r = self._values(m.end(), "nr", True)
                        return ("nr", *r) if r else None
                    return None
                if c.isdigit():
                    m = G.PKT.match(t, pos)
                    if m:
                        return ("pkt", self._pkt_values(m), m.end(), False)
                    return None
                if c in ("l", "L"):
                    m = G.LITRA_MARK.match(t, pos)
                    if m:
                        r = self._values(m.end(), "litra", True)
                        return ("litra", *r) if r else None
                    return None
        if last in (None, "kap") and c in ("k", "K"):
            m = G.KAP_MARK.match(t, pos)
            if m:
                r = self._values(m.end(), "kap", True)
                return ("kap", *r) if r else None
        return None

    @staticmethod
    def _pkt_values(m: Any) -> list[str]:
        nums = [int(v) for v in m.captures("v")]
        seps = m.captures("sep")
        out = [str(nums[0])]
        for sep, v in zip(seps, nums[1:], strict=False):
            if sep in "-–" and v > int(out[-1]) and v - int(out[-1]) <= MAX_RANGE:
                out.extend(str(k) for k in range(int(out[-1]) + 1, v + 1))
            else:
                out.append(str(v))
        return out

    def _chain(self, pos: int) -> _Chain | None:
        """Read provisions from ``pos``: "§ 11, stk. 1, nr. 2", "§§ 22-24", "§ 26, stk. 1 og 2, § 26 a, stk. 1".

        A path (section, stk, nr, pkt, litra) is filled left to right; a value at a level already filled (or above
        one) closes the pending provision, and every value of a list but the last is a provision of its own. So
        "§ 11, stk. 1, nr. 2, og stk. 3" gives (11, 1, 2) and (11, 3); "§ 57 b, stk. 4-6" gives three.
        """
        t = self.t
        self._chain_start = pos
        path: list[str | None] = [None] * 5
        pending = False
        provs: list[tuple[str | None, ...]] = []
        splits: list[tuple[int, int, int]] = []
        last: str | None = None
        end = pos
        p = pos
        implicit = False
        while True:
            part = self._part(p, last, implicit)
            if part is None:
                break
            kind, vals, pend, climb = part
            if kind == "sec" and last is not None and not implicit and t[p : p + 1] == "§":
                splits.append((p, end, len(provs) + (1 if pending else 0)))
            if kind == "kap":
                provs.extend((None, None, None, None, None, v) for v in vals)
            else:
                level = _LEVEL[kind]
                if any(path[level:]):  # values are non-empty strings
                    if pending:
                        provs.append((*path, None))
                    for i in range(level, 5):
                        path[i] = None
                for v in vals[:-1]:
                    path[level] = v
                    provs.append((*path, None))
                path[level] = vals[-1]
                pending = True
            end = pend
            last = kind
            implicit = climb
            if climb:
                s = G.LIST_SEP.match(t, end)
                if s is None:
                    break
                p = s.end()
                continue
            c0 = t[end : end + 1]
            if c0 not in _CONNECT_START or end >= len(t):
                break
            if c0 == " " and t[end + 1 : end + 2] not in _AFTER_SPACE:
                break  # "§ 66 i lov …": only CONNECT's plain space fits, and no part starts after it
            if c0 == "." and t[end + 1 : end + 2] != "," and t[end + 1 : end + 3] != " ,":
                break  # "§ 11, stk. 2. Hvis …": CONNECT takes a period only before a comma
            c = G.CONNECT.match(t, end)
            if c is None:
                break
            p = c.end()
        if pending:
            provs.append((*path, None))
        if not provs:
            return None
        return _Chain(provs, end, splits)

    def _is_heading(self, pos: int) -> bool:
        """ "Stk. 3." opening a paragraph of statute text (a heading), as opposed to a reference "jf. Stk. 3"."""
        t = self.t
        if not G.STK_HEADING.match(t, pos):
            return False
        o = self.ct.original_offset(pos)
        orig = self.ct.original
        k = o
        while k > 0 and orig[k - 1] in " \t\u00a0":
            k -= 1
        if k == 0 or orig[k - 1] == "\n":
            return True
        before = t[max(0, pos - 14) : pos]
        return bool(G.HEADING_BEFORE.search(before)) and not G.ABBREV_BEFORE.search(before)

    # -- acts ----------------------------------------------------------------------------------------------------
    def _known_act(self, m: Any, start: int, end: int) -> tuple[_Act, str] | None:
        """An _Act for a match of the corpus act pattern, and its form kind (name, genitive, abbr)."""
        word = self.t[start:end]
        try:
            abbr = bool(m.group("abbr"))
        except IndexError:  # a pattern without the group (cheaper than asking m.re.groupindex, a fresh dict)
            abbr = False
        form = self.g.known_form(word, abbr)
        if form is None:
            return None
        return _Act(form.acts, word, start, end, form.base), form.kind

    def _act_at(self, pos: int) -> tuple[_Act, str] | None:
        m = self.g.act_match(self.t, self.fold, pos)
        if m is None:
            return None
        return self._known_act(m, m.start(), m.end())

    def _designation(self, pos: int) -> _Act | _Doc | None:
        """What may follow "§ 11 i": a document, a known act, a short form, an unknown popular name or title."""
        t = self.t
        d = self._doc(pos)
        if d is not None:
            return d
        known = self._act_at(pos)
        if known is not None:
            return known[0]
        m = G.LBK_OF_ACT.match(t, pos)
        if m:
            known = self._act_at(m.end())
            if known is not None:
                act = known[0]
                act.start, act.text = pos, t[pos : act.end]
                return act
        m = G.SHORT_SEC_POST.match(t, pos)
        if m:
            return _Act((), m.group("w"), pos, m.end(), m.group("w"), short="section")
        m = G.SHORT_ACT_POST.match(t, pos)
        if m:
            return _Act((), m.group("w"), pos, m.end(), m.group("w"), short="act")
        m = G.GENERIC_NAME.match(t, pos)
        if m:
            return _Act((), m.group("w"), pos, m.end(), m.group("w"))
        m = G.UNKNOWN_TITLE.match(t, pos)
        if m:
            return _title_act(m)
        return None

    def _alias(self, pos: int) -> int:
        """Skip another name for the act just cited: "(LAS)", "(sygedagpengeloven)", "(loven)",
        "(herefter serviceloven)", ", også kaldet serviceloven". It is the same act, not a second citation."""
        t = self.t
        c = t[pos : pos + 1]
        if c == " ":
            if t[pos + 1 : pos + 2] not in _ALIAS_START or pos + 1 >= len(t):
                return pos
        elif c == ",":
            # only ALIAS_INTRO's ", også kaldet", ", herefter …", ", i det følgende …" can start at a comma
            d = t[pos + 1 : pos + 2]
            if d == " ":
                d = t[pos + 2 : pos + 3]
            if not d or d not in _ALIAS_AFTER_COMMA:
                return pos
        elif c != "(":
            return pos
        mv = G.TITLE_MV.match(t, pos)  # "lov om individuel boligstøtte m.m."
        if mv:
            pos = mv.end()
        intro = G.ALIAS_INTRO.match(t, pos)
        paren = intro is not None and "(" in intro.group()
        if intro is None:
            intro = G.PAREN_OPEN.match(t, pos)
            paren = True
        if intro is None:
            return pos
        q = intro.end()
        m = self.g.act_match(t, self.fold, q) or G.GENERIC_NAME.match(t, q) or G.SHORT_ACT_POST.match(t, q)
        if m is None:
            return pos
        if not paren:
            return m.end()
        pc = G.PAREN_CLOSE.match(t, m.end())
        return pc.end() if pc else pos

    def _bind_doc(self, group: _Group, pos: int) -> int:
        """Attach the document that qualifies an act: ", jf. lovbekendtgørelse nr. 241 af 9. marts 2020"."""
        if group.doc is not None:
            return pos
        t = self.t
        c = t[pos : pos + 1]
        if c in (" ", ","):
            c = t[pos + 1 : pos + 2]
            if c == " ":
                c = t[pos + 2 : pos + 3]
        if not c or (c not in _BIND_START and c not in _DOC_START):
            return pos
        b = G.DOC_BIND.match(t, pos)
        if b is None or t[b.end() : b.end() + 1] not in _DOC_START or b.end() >= len(t):
            return pos
        if b.group() == " " and group.provs[0] != _EMPTY:
            # juxtaposed only for a title over its document ("Bekendtgørelse om …\n\nBekendtgørelse nr. 1110 af …")
            return pos
        d = self._doc(b.end())
        if d is None:
            em = G.ELI.match(t, b.end())
            if em is None:
                return pos
            d = self._eli_doc(em)
        if d.amending:
            return pos
        group.doc = d
        if group.act is None and d.act is not None and d.act.short is None:
            group.act = d.act
        end = d.end
        if b.group("paren"):
            pc = G.PAREN_CLOSE.match(t, end)
            if pc:
                end = pc.end()
        return self._alias(end) if group.act is not None else end

    def _after_act(
        self, act: _Act, start: int, pos: int, *, bare_ok: bool, genitive: bool = False
    ) -> _Group | None:
        """An act was named at ``start``: a provision may follow ("aktivlovens § 34"), else it is a bare mention.

        When the provisions end in "i <another act>", the last item belongs to that act: "integrationslovens
        § 49, stk. 2, eller § 11, stk. 2, i lov om retssikkerhed …" and "efter aktivloven, § 5 i
        forvaltningsloven" each name two acts.
        """
        t = self.t
        pos = self._alias(pos)
        pl = G.PRE_LINK.match(t, pos) if _may_link(t, pos) else None
        if pl:
            chain = self._chain(pl.end())
            if chain is not None and self._has_post_designation(chain.end):
                if chain.splits:
                    _, item_end, count = chain.splits[-1]
                    return _Group(start, item_end, chain.provs[:count], act)
                if not genitive:
                    chain = None  # "aktivlovens § 5" cannot be anything else; "aktivloven, § 5" can
            if chain is not None:
                group = _Group(start, chain.end, chain.provs, act)
                group.end = self._bind_doc(group, chain.end)
                return group
        if not bare_ok:
            return None
        group = _Group(start, pos, [_EMPTY], act)
        group.end = self._bind_doc(group, pos)
        return group

    def _post_i(self, pos: int) -> Any:
        """ " i " (or ", i ") after a provision: the act or document it belongs to follows."""
        t = self.t
        head = t[pos : pos + 3]
        if head not in (" i ", " I ", ", i", ",i ") and t[pos : pos + 4] != " , i" and head[:2] != " (":
            return None
        return G.POST_I.match(t, pos)

    def _has_post_designation(self, pos: int) -> bool:
        m = self._post_i(pos)
        return bool(m) and self._designation(m.end()) is not None

    # -- documents -----------------------------------------------------------------------------------------------
    def _doc(self, pos: int) -> _Doc | None:
        """A document reference at ``pos``: "lov nr. 563 af 9. juni 2006 om sygedagpenge", "LBK nr 1032 af …"."""
        t = self.t
        m = G.DOC_HEAD.match(t, pos)
        if m is None:
            return None
        word = m.group("word")
        nr = (m.group("nr") or "").lower()
        if word and "n" not in nr:  # the words need "nr."; the abbreviations may go without
            return None
        doc_type = G.DOC_WORDS[word.lower()] if word else m.group("abbr")
        end = m.end()
        day = None
        di = G.DOC_DATE_INTRO.match(t, end)
        if di:
            dm = G.DATE.match(t, di.end())
            if dm:
                day = _make_date(dm)
                end = dm.end()
        if day is None:
            ym = G.DOC_YEAR.match(t, end)
            if ym:
                end = ym.end()
            elif word and word.lower() in _DATED_WORDS:
                return None  # "se vejledning nr. 3", "vores skrivelse nr. 2": a letter's own papers, not a publication
        doc = _Doc(DocumentRef(doc_type, int(m.group("num")), day), pos, end)
        tail = G.DOC_TAIL.match(t, end)
        if tail:
            doc.end = end = tail.end()
        om = G.DOC_OM.match(t, end)
        if om:
            q = om.end()
            am = G.AMENDING.match(t, q)
            if am:
                doc.amending = True
                doc.end = self._amended_acts(am.end(), doc.end)
                return doc
            title = self._doc_title(q, doc_type)
            if title is not None:
                doc.act, doc.end = title, self._alias(title.end)
        return doc

    def _amended_acts(self, pos: int, end: int) -> int:
        """Read the acts an amending act lists ("lov om aktiv socialpolitik, integrationsloven og forskellige andre
        love (…)"): they are part of the amending act's title, not citations of their own."""
        t = self.t
        p = pos
        for _ in range(40):
            m = G.OTHER_ACTS.match(t, p)
            target: Any = m.end() if m else self._designation(p)
            if isinstance(target, _Act | _Doc):
                if isinstance(target, _Act) and target.short is not None:
                    break
                target = self._alias(target.end)
            if not isinstance(target, int):
                break
            end = target
            s = G.AMENDED_SEP.match(t, end)
            if s is None:
                break
            p = s.end()
        ps = G.PAREN_SKIP.match(t, end)
        return ps.end() if ps else end

    def _doc_title(self, pos: int, doc_type: str | None) -> _Act | None:
        """The title after a document's "om": an act for a LOV/LBK ("om sygedagpenge") or for guidance about an
        act ("vejledning … om lov om retssikkerhed …"); other titles are read (so the citation covers them) but
        name no act."""
        t = self.t
        if doc_type in ("LOV", "LBK"):
            m = self.g.om_title_at.match(t, pos)
            if m:
                words = m.group("t")
                acts = self.g.om_forms.get(" ".join(words.split()).casefold(), ())
                return _Act(acts, f"lov om {words}", pos, m.end(), f"lov om {words}")
        known = self._act_at(pos)
        if known is not None:
            return known[0]
        m = G.UNKNOWN_TITLE.match(t, pos)  # "om lov om …" (an act we do not know)
        if m:
            return _title_act(m)
        m = G.TITLE_WORDS.match(t, pos)
        if m:
            if doc_type in ("LOV", "LBK"):
                text = f"lov om {m.group()}"
                return _Act((), text, pos, m.end(), text)
            return _Act((), "", pos, m.end(), "", short="title")
        return None

    def _eli_doc(self, m: Any) -> _Doc:
        ref = DocumentRef(None, int(m.group("num")), None)
        return _Doc(ref, m.start(), m.end(), eli=m.group())

    # -- trigger handlers ----------------------------------------------------------------------------------------
    def _on_provision(self, m: Any) -> _Group | None:
        return self._provision(m.start(), m.lastgroup == "stk")

    def _provision(self, start: int, stk: bool) -> _Group | None:
        """A reference that starts with a provision ("§ 11 …", "stk. 2 …", "kapitel 4 …") at ``start``."""
        t = self.t
        if stk and self._is_heading(start):
            return None
        chain = self._chain(start)
        if chain is None:
            return None
        group = _Group(start, chain.end, chain.provs)
        end = chain.end
        pi = self._post_i(end)
        des = self._designation(pi.end()) if pi else None
        if des is None:
            # "§ 34 LAS" or "§ 42 (serviceloven)"
            if t[end : end + 1] == " ":
                m2 = self.g.act_match(t, self.fold, end + 1)
                if m2 and m2.group("abbr"):
                    des = self._known_act(m2, m2.start(), m2.end())[0]  # type: ignore[index]
            if des is None:
                po = G.PAREN_OPEN.match(t, end)
                if po:
                    m2 = self.g.act_match(t, self.fold, po.end())
                    if m2:
                        pc = G.PAREN_CLOSE.match(t, m2.end())
                        if pc:
                            found = self._known_act(m2, m2.start(), m2.end())
                            if found is not None:
                                des = found[0]
                                des.end = pc.end()
        if isinstance(des, _Doc):
            group.doc = des
            group.act = des.act
            end = des.end
        elif isinstance(des, _Act):
            group.act = des
            end = des.end
            if des.short is None:
                end = self._alias(end)
        group.end = self._bind_doc(group, end)
        return group

    def _on_doc(self, m: Any) -> _Group | None:
        d = self._doc(m.start())
        if d is None:
            return None
        act = d.act if d.act is not None and d.act.short is None else None
        t = self.t
        pos = d.end
        pp = G.PAREN_PROVISION.match(t, pos)
        if pp:  # "Lov nr. 434 af 8. maj 2006 (§ 11)"
            chain = self._chain(pp.end())
            if chain is not None:
                pc = G.PAREN_CLOSE.match(t, chain.end)
                return _Group(d.start, pc.end() if pc else chain.end, chain.provs, act, d)
        ps = G.PAREN_SKIP.match(t, pos)
        link = G.DOC_PRE_LINK.match(t, ps.end() if ps else pos)
        if link:
            chain = self._chain(link.end())
            if chain is not None:
                return _Group(d.start, chain.end, chain.provs, act, d)
        return _Group(d.start, d.end, [_EMPTY], act, d)

    def _on_lbk_of_act(self, m: Any) -> _Group | None:
        known = self._act_at(m.end())
        if known is not None:
            act = known[0]
            act.start = m.start()
            act.text = self.t[m.start() : act.end]
        else:
            um = G.UNKNOWN_TITLE.match(self.t, m.end())
            if um is None:
                return None
            act = _Act((), self.t[m.start() : um.end()], m.start(), um.end(), um.group())
        return self._after_act(act, m.start(), act.end, bare_ok=True)

    def _on_act(self, m: Any) -> _Group | None:
        found = self._known_act(m, m.start(), m.end())
        if found is None:
            return None
        act, kind = found
        bare_ok = kind != "abbr" or bool(G.ABBR_CONTEXT.search(self.t, max(0, m.start() - 12), m.start()))
        return self._after_act(
            act, m.start(), m.end(), bare_ok=bare_ok, genitive=kind in ("genitive", "abbr")
        )

    def _on_generic(self, m: Any) -> _Group | None:
        gm = G.GENERIC_NAME.match(self.t, m.start())
        if gm is None:
            return None
        act = _Act((), gm.group("w"), m.start(), gm.end(), gm.group("w"))
        return self._after_act(act, m.start(), gm.end(), bare_ok=True, genitive=bool(gm.group("gen")))

    def _on_unknown_title(self, m: Any) -> _Group | None:
        um = G.UNKNOWN_TITLE.match(self.t, m.start())
        if um is None:
            return None
        return self._after_act(_title_act(um), m.start(), um.end(), bare_ok=True)

    def _on_short(self, m: Any) -> _Group | None:
        t = self.t
        w = m.group("short")
        low = " ".join(w.lower().split())
        if low.endswith(("bestemmelsens", "bestemmelses", "paragraffens", "paragrafs")):
            pl = G.PRE_LINK_STK.match(t, m.end())
            if pl is None:
                return None
            chain = self._chain(pl.end())
            if chain is None:
                return None
            act = _Act((), w, m.start(), m.end(), w, short="section")
            return _Group(m.start(), chain.end, chain.provs, act)
        act = _Act((), w, m.start(), m.end(), w, short="act")
        # "lovens", "samme lovs" only before a provision; "samme lov", "denne lov" also alone
        return self._after_act(act, m.start(), m.end(), bare_ok=not low.endswith("s"), genitive=True)

    def _on_article(self, m: Any) -> int | None:
        """ "artikel 14, stk. 1" (EU law): read it so its "stk. 1" is not taken for a Danish subsection."""
        first = self._values(m.end(), "sec", True)
        if first is None:
            return None
        end = first[1]
        c = G.CONNECT.match(self.t, end)
        if c and G.STK_MARK.match(self.t, c.end()):
            chain = self._chain(c.end())
            if chain is not None:
                end = chain.end
        return end

    def _on_amending_title(self, m: Any) -> _Group | int | None:
        """ "Lov om ændring af lov om individuel boligstøtte m.m.: LOV nr. 1364 af …": the document is the
        amending act (act None); the acts it amends are part of its title, not citations of their own."""
        end = self._amended_acts(m.end(), m.end())
        if end == m.end():
            return None
        group = _Group(m.start(), end, [_EMPTY], None)
        bound = self._bind_doc(group, end)
        if group.doc is None:
            return end
        group.act = None
        group.end = bound
        group.doc.amending = True
        return group

    def _on_eli(self, m: Any) -> _Group | None:
        em = G.ELI.match(self.t, m.start())
        if em is None:
            return None
        d = self._eli_doc(em)
        return _Group(d.start, d.end, [_EMPTY], None, d)

    #: the handler of each trigger alternative, built once (binding twelve methods per letter cost more)
    _HANDLERS: ClassVar[dict[str, Callable[..., Any]]] = {
        "sec": _on_provision,
        "stk": _on_provision,
        "kap": _on_provision,
        "doc": _on_doc,
        "lbkof": _on_lbk_of_act,
        "act": _on_act,
        "gen": _on_generic,
        "utitle": _on_unknown_title,
        "short": _on_short,
        "eli": _on_eli,
        "art": _on_article,
        "amend": _on_amending_title,
    }


# ---------------------------------------------------------------------------------------------------------------
# Resolution: groups -> citations, short forms to their antecedents
# ---------------------------------------------------------------------------------------------------------------


def _has_version(act: Any, ref: DocumentRef) -> bool:
    for v in getattr(act, "versions", None) or ():
        number = v.get("number") if isinstance(v, dict) else getattr(v, "number", None)
        vtype = v.get("type") if isinstance(v, dict) else getattr(v, "type", None)
        if number == ref.number and (ref.type is None or vtype is None or vtype == ref.type):
            return True
    return False


class _ActChooser:
    """Picks the act for a form several acts share (lab and lab_2003 share a title): the cited document decides
    first, then its date, then the letter date, through ``corpus.act_by_name``."""

    def __init__(self, corpus: Any, on: _dt.date | None) -> None:
        self.corpus = corpus
        self.on = on

    def choose(self, act: _Act, doc: _Doc | None) -> str | None:
        if len(act.acts) == 1:
            return act.acts[0]
        if not act.acts:
            return None
        acts_table = getattr(self.corpus, "acts", {}) or {}
        if doc is not None:
            hits = [a for a in act.acts if a in acts_table and _has_version(acts_table[a], doc.ref)]
            if len(hits) == 1:
                return hits[0]
        day = doc.ref.date if doc is not None and doc.ref.date else self.on
        finder = getattr(self.corpus, "act_by_name", None)
        if finder is None:
            return None
        try:
            found = finder(act.base, on=day)
        except TypeError:
            found = finder(act.base)
        except Exception:  # a lookup problem must not lose the citation
            return None
        found_id = getattr(found, "id", found)
        return found_id if found_id in act.acts else None


@record(slots=True)
class _Antecedent:
    """What a later short form can take from an earlier citation."""

    index: int
    act: str | None
    act_text: str | None
    act_start: int | None
    act_end: int | None
    #: False for an executive order's title: "lovens § 3" never means "the order's § 3"
    law: bool = True


class _Scope:
    """The acts named so far, by sentence: where a short form looks for its antecedent.

    The nearest antecedent is in the current sentence if an act was named there, else in the last sentence that
    named one; within that sentence, more than one act makes the reference ambiguous.
    """

    __slots__ = ("previous", "previous_law", "sentence", "sentence_law")

    def __init__(self) -> None:
        # every operation is O(1), whatever a hostile text puts in one "sentence"
        self.sentence: dict[Any, _Antecedent] = {}
        self.sentence_law: dict[Any, _Antecedent] = {}
        self.previous: dict[Any, _Antecedent] = {}
        self.previous_law: dict[Any, _Antecedent] = {}

    def add(self, key: Any, ante: _Antecedent) -> None:
        self.sentence[key] = ante
        if ante.law:
            self.sentence_law[key] = ante

    def new_sentence(self) -> None:
        if self.sentence:
            self.previous = self.sentence
            if self.sentence_law:
                self.previous_law = self.sentence_law
            self.sentence = {}
            self.sentence_law = {}

    def window(self, *, law_only: bool) -> dict[Any, _Antecedent]:
        if law_only:
            return self.sentence_law or self.previous_law
        return self.sentence or self.previous


def _boundary(ct: CleanText, a: int, b: int) -> bool:
    """Does a sentence or paragraph end between cleaned offsets ``a`` and ``b``?"""
    t = ct.text
    if t.find(".", a, b) >= 0 or t.find("!", a, b) >= 0 or t.find("?", a, b) >= 0:
        for m in G.SENTENCE_END.finditer(t, a, b + 1 if b < len(t) else b):
            if not G.ABBREV_BEFORE.search(t, max(a, m.start() - 10), m.start() + 1):
                return True
    if ct.original.find("\n", ct.original_offset(a), ct.original_offset(b)) < 0:
        return False
    if ct.original is not t:
        oa, ob = ct.original_offset(a), ct.original_offset(b)
        return G.PARAGRAPH_BREAK.search(ct.original, oa, ob) is not None
    return G.PARAGRAPH_BREAK.search(t, a, b) is not None


def _act_key(act_id: str | None, act_text: str | None) -> Any:
    if act_id is not None:
        return act_id
    if act_text:
        return ("?", " ".join(act_text.split()).casefold())
    return None


def _taken(
    ante: _Antecedent, span: tuple[int, int] | None
) -> tuple[str | None, str | None, tuple[int, int] | None]:
    """The act, act words and act span a short form takes from its antecedent (the span only if it has one)."""
    if ante.act_start is not None and ante.act_end is not None:
        span = (ante.act_start, ante.act_end)
    return ante.act, ante.act_text, span


def _resolve(
    groups: list[_Group], ct: CleanText, chooser: _ActChooser
) -> Iterator[tuple[_Group, list[Citation]]]:
    """Turn groups into citations, resolving short forms in document order (eyecite's resolve, fail closed).

    - A short act form ("lovens § 24", "samme lov", "denne lov", "§ 5 i loven") takes the act of the nearest
      earlier reference that named a law (see :class:`_Scope`); two candidate acts make it ``unresolved``.
    - A provision with no act words, joined by "jf." to the reference before ("§ 24, jf. § 25"), takes that
      reference's act.
    - Any other provision with no act words takes the act of the nearest earlier reference that named one, in the
      same way ("Aktivloven § 13 … efter § 11"); with no act named before it, it is a plain citation without act.
    - A provision with no section ("jf. stk. 2", "stk. 3 i samme bestemmelse") takes section and act from the
      nearest earlier reference with a section, if that reference has exactly one section.
    - A reference to a document only ("lov nr. 1559 af 27. december 2019") names no act and takes none.
    Resolved citations are ``short_form`` with ``resolved_from`` = index of the antecedent citation.
    """
    t = ct.text
    scope = _Scope()
    last_sections: tuple[str | None, _Antecedent] | None = None
    prev_group: _Group | None = None
    prev_key: Any = None
    prev_amending = False
    index = 0
    for gi, g in enumerate(groups):
        if prev_group is not None and _boundary(ct, prev_group.end, g.start):
            scope.new_sentence()
        linked = (
            prev_group is not None
            and g.start - prev_group.end < 40
            and G.LINK_GAP.fullmatch(t, prev_group.end, g.start) is not None
        )
        # "som ændret ved § 4 i lov nr. 701 …, lov nr. 551 … og lov nr. 1386 …": amending acts, act None
        amending = False
        if g.doc is not None:
            gap_start = prev_group.end if prev_group is not None else 0
            amending = g.doc.amending or (
                G.AMENDED_BY.search(t, max(gap_start, g.start - 80), g.start) is not None
                or (
                    prev_amending
                    and prev_group is not None
                    and G.LIST_GAP.fullmatch(t, prev_group.end, g.start) is not None
                )
            )

        act_id: str | None = None
        act_text: str | None = None
        act_span: tuple[int, int] | None = None  # original offsets
        short = False
        resolved: _Antecedent | None = None
        unresolved = False
        law = True
        a = g.act
        first = g.provs[0]
        has_provision = first != _EMPTY
        needs_section = (
            first[0] is None
            and has_provision
            and all(p[0] is None and p[5] is None for p in g.provs)
            and any(p[1] is not None or p[2] is not None for p in g.provs)
        )

        if a is not None and a.short is None:
            act_id = chooser.choose(a, g.doc)
            act_text = a.text
            act_span = ct.original_span(a.start, a.end)
            law = a.kind == "law"
        elif a is not None and a.short == "act":
            short = True
            window = scope.window(law_only=True)
            if len(window) == 1:
                resolved = next(iter(window.values()))
                act_id, act_text, act_span = _taken(resolved, act_span)
            else:
                unresolved = True
        elif (
            a is None
            and g.doc is not None
            and not has_provision
            and not amending
            and g.doc.ref.type in ("LOV", "LBK")
            and g.doc.eli is None
        ):
            # "Lov nr. 548 af 7. maj 2019, jf. lovbekendtgørelse nr. 280 af 1. marts 2024" under the act's name:
            # the act's own documents. Only an unambiguous antecedent is taken; otherwise no act, no finding.
            window = scope.window(law_only=True)
            if len(window) == 1:
                short = True
                resolved = next(iter(window.values()))
                act_id, act_text, act_span = _taken(resolved, act_span)
        elif g.doc is None and has_provision and not needs_section and a is None:
            if linked and prev_key is not None and prev_key in scope.sentence:
                short = True
                resolved = scope.sentence[prev_key]
                act_id, act_text, act_span = _taken(resolved, act_span)
            else:
                window = scope.window(law_only=False)
                if len(window) == 1:
                    short = True
                    resolved = next(iter(window.values()))
                    act_id, act_text, act_span = _taken(resolved, act_span)
                elif len(window) > 1:
                    short = True
                    unresolved = True

        # "jf. stk. 2", "stk. 3 i samme bestemmelse": the section comes from the nearest reference with one
        inherited_section: str | None = None
        if needs_section or (a is not None and a.short == "section"):
            short = True
            if last_sections is not None and last_sections[0] is not None:
                inherited_section = last_sections[0]
                if g.doc is None and (a is None or a.short is not None):
                    resolved = last_sections[1]
                    act_id, act_text, act_span = _taken(resolved, act_span)
                    unresolved = False
                elif resolved is None:
                    resolved = last_sections[1]
            else:
                unresolved = True
        if unresolved:
            act_id, act_text, act_span, resolved = None, None, None, None
        key = None if unresolved else _act_key(act_id, act_text)

        ostart, oend = ct.original_span(g.start, g.end)
        doc_span = ct.original_span(g.doc.start, g.doc.end) if g.doc is not None else None
        text = ct.original[ostart:oend]
        cits: list[Citation] = []
        document = g.doc.ref if g.doc is not None else None
        eli = g.doc.eli if g.doc is not None else None
        resolved_index = resolved.index if resolved is not None else None
        act_start, act_end = act_span if act_span else (None, None)
        doc_start, doc_end = doc_span if doc_span else (None, None)
        for p in g.provs:
            section = p[0]
            if section is None and p[5] is None and (p[1] is not None or p[2] is not None):
                section = inherited_section
            # positional: a citation per provision is the extractor's innermost allocation
            cits.append(
                Citation(
                    act_id,
                    act_text,
                    section,
                    p[1],
                    p[2],
                    p[3],
                    p[4],
                    p[5],
                    document,
                    eli,
                    ostart,
                    oend,
                    None,
                    None,
                    text,
                    short,
                    resolved_index,
                    unresolved,
                    act_start,
                    act_end,
                    doc_start,
                    doc_end,
                    gi,
                )
            )
        span = act_span or (None, None)
        if key is not None:
            scope.add(key, _Antecedent(index + len(cits) - 1, act_id, act_text, *span, law=law))
        if len(cits) == 1:  # the common case, without the lists below
            if cits[0].section is not None:
                last_sections = (cits[0].section, _Antecedent(index, act_id, act_text, *span, law=law))
        else:
            with_section = [i for i, c in enumerate(cits) if c.section is not None]
            if with_section:
                sections = {cits[i].section for i in with_section}
                one = next(iter(sections)) if len(sections) == 1 else None
                last_sections = (one, _Antecedent(index + with_section[-1], act_id, act_text, *span, law=law))
        index += len(cits)
        prev_group = g
        prev_key = key
        prev_amending = amending
        yield g, cits


# ---------------------------------------------------------------------------------------------------------------
# Public entry point
# ---------------------------------------------------------------------------------------------------------------


def extract_citations(
    letter_or_text: Letter | str,
    corpus: Corpus | None = None,
    on: _dt.date | None = None,
) -> list[Citation]:
    """Every statute citation in a letter (or a plain string), in text order, short forms resolved.

    ``corpus`` supplies the act names (``load_corpus()`` when None); ``on`` (default: the letter's date) picks
    between acts that share a name. For a Letter, ``page`` and ``line`` come from its source map.
    """
    if corpus is None:
        from lettercheck.corpus import load_corpus

        corpus = load_corpus()
    if isinstance(letter_or_text, Letter):
        letter: Letter | None = letter_or_text
        text = letter_or_text.text
        if on is None:
            on = letter_or_text.date
    else:
        letter = None
        text = letter_or_text
    if not text:
        return []
    grammar = G.grammar_for(corpus)
    ct = clean_text(text)
    groups = _Parser(ct, grammar).groups()
    chooser = _ActChooser(corpus, on)
    out: list[Citation] = []
    for _, cits in _resolve(groups, ct, chooser):
        out.extend(cits)
    if letter is not None:
        # the citations of one written reference share its start: locate each start once
        last_start = -1
        page: int | None = None
        line: int | None = None
        for c in out:
            if c.start != last_start:
                last_start = c.start
                loc = letter.locate(last_start)
                page, line = loc.page, loc.line
            c.page = page
            c.line = line
    return out
