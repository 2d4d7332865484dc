"""The Danish statute-citation grammar: the fixed patterns, and the act names compiled from a corpus.

Like eyecite's tokenizers, the grammar is data-driven where the data lives elsewhere: every act title, popular
name and abbreviation comes from the corpus (``corpus.acts``), and the forms the grammar needs — the genitive
"aktivlovens" of "aktivloven", "sygedagpenge" after "lov nr. 563 af … om" for the title "Lov om sygedagpenge",
"(LAS)" after a title — are derived here, so an act added to the YAML is recognised at once with no code change.

Everything here works on text cleaned by :mod:`lettercheck.extract.tokenize` (single spaces, no hyphenation), so
a pattern writes one optional space as ``" ?"``. All patterns are linear: alternations of literals, single
character classes, and repetitions with a fixed upper bound; nothing nests two unbounded quantifiers. Act names
are not in any pattern: they are looked up in a table on the lowercased text (:class:`_NameTable`), which gives
the matches the ``regex`` module's named list (``\\L<names>``) gave, without its ~10 ms compile at every start.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from typing import Any

import regex

from lettercheck.danish import MONTHS as DANISH_MONTHS
from lettercheck.records import record

__all__ = ["DATE", "MONTHS", "ActForm", "Grammar", "grammar_for"]  # noqa: F822 (DATE is compiled on first use)

# ---------------------------------------------------------------------------------------------------------------
# Fixed pieces (no corpus data)
# ---------------------------------------------------------------------------------------------------------------

#: The fixed patterns below are compiled on first use, not at import (~40 ms per process start): a command or
#: process that never extracts a citation never pays, and a forked worker inherits them once compiled.
#: ``_lazy("NAME", *args)`` records ``regex.compile(*args)``, ``_lazy_re("NAME", pattern)`` the standard library's
#: ``re.compile`` of the same pattern (see :func:`re_source`); the module attribute ``NAME`` compiles it when
#: first read (:func:`__getattr__`) and then stays a plain module attribute.
#:
#: Most patterns use nothing but literals, simple classes and lookarounds, and match the same in both engines:
#: those go to ``re``, which compiles them about three times faster and matches twice as fast. A pattern that
#: needs ``regex`` (named lists, repeated group names, ``captures()``) or ``\w`` (whose Unicode definition
#: differs between the engines: "²" is a word character for ``re``, a combining accent for ``regex``) stays
#: with ``regex``.
_LAZY: dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]] = {}


def _lazy(name: str, *args: Any, **kwargs: Any) -> None:
    _LAZY[name] = ("regex", args, kwargs)


def _lazy_re(name: str, pattern: str) -> None:
    if "\\w" in pattern or "\\L<" in pattern:
        raise ValueError(f"{name}: \\w and named lists match differently in re; use _lazy")
    _LAZY[name] = ("re", (pattern,), {})


def __getattr__(name: str) -> Any:
    spec = _LAZY.get(name)
    if spec is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    engine, args, kwargs = spec
    pattern = re.compile(re_source(args[0])) if engine == "re" else regex.compile(*args, **kwargs)
    globals()[name] = pattern  # later reads find it directly, without calling __getattr__
    return pattern


def compile_all() -> None:
    """Compile every fixed pattern now (a parent process warming up before it forks its workers)."""
    for name in _LAZY:
        if name not in globals():
            __getattr__(name)


_WORD_CACHE: dict[str, bool] = {}


def word_at(text: str, i: int) -> bool:
    """Is ``text[i]`` a word character as ``regex`` reads ``[\\wæøåÆØÅ]`` (False past the end)?

    The ``_NOT_W`` check of the patterns matched by ``re``, done after the match; remembered per character.
    """
    if i >= len(text):
        return False
    ch = text[i]
    known = _WORD_CACHE.get(ch)
    if known is None:
        known = _word_char().match(ch) is not None
        if len(_WORD_CACHE) < 4096:
            _WORD_CACHE[ch] = known
    return known


#: what ``(?i:i)`` matches in ``regex``: i, I and "İ" — ``re`` adds the dotless "ı"
_RE_I = "(?-i:[iI\u0130])"


def re_source(pattern: str) -> str:
    """A pattern written for ``regex`` as ``re`` must read it to match exactly the same.

    The engines agree on case-insensitive letters except one: ``re`` lets "i" match the Turkish dotless "ı",
    ``regex`` does not. Each "i" inside a ``(?i:…)`` scope becomes ``(?-i:[iIİ])``. Group names, escapes and
    classes are copied as they are (a class inside a case-insensitive scope must not hold an "i").
    """
    out: list[str] = []
    scopes: list[bool] = []  # case-insensitive or not, per open group
    i = 0
    n = len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < n and pattern[j] == "^":
                j += 1
            if j < n and pattern[j] == "]":
                j += 1
            while pattern[j] != "]":
                j += 2 if pattern[j] == "\\" else 1
            cls = pattern[i : j + 1]
            if scopes and scopes[-1] and ("i" in cls or "I" in cls):
                raise ValueError(f"class {cls!r} in a case-insensitive scope: write it out for re")
            out.append(cls)
            i = j + 1
            continue
        if c == "(":
            inherited = bool(scopes and scopes[-1])
            if pattern.startswith("(?i:", i):
                scopes.append(True)
                out.append("(?i:")
                i += 4
                continue
            if pattern.startswith("(?P<", i) or pattern.startswith("(?P=", i):
                j = pattern.index(">" if pattern[i + 3] == "<" else ")", i)
                if pattern[i + 3] == "=":
                    out.append(pattern[i : j + 1])
                    i = j + 1
                    continue
                scopes.append(inherited)
                out.append(pattern[i : j + 1])
                i = j + 1
                continue
            scopes.append(inherited)
            out.append(c)
            i += 1
            continue
        if c == ")":
            scopes.pop()
            out.append(c)
            i += 1
            continue
        if c == "I" and scopes and scopes[-1]:
            raise ValueError("an upper-case I in a case-insensitive scope: regex and re differ on it")
        out.append(_RE_I if c == "i" and scopes and scopes[-1] else c)
        i += 1
    return "".join(out)


#: word characters for Danish text; ``\w`` already covers æ, ø, å in Unicode mode, spelled out for readers
_W = r"[\wæøåÆØÅ]"
_NOT_W = r"(?![\wæøåÆØÅ])"
_NOT_W_BEFORE = r"(?<![\wæøåÆØÅ])"


@functools.cache
def _word_char() -> regex.Pattern[str]:
    return regex.compile(_W)


MONTHS: dict[str, int] = {
    **DANISH_MONTHS,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "okt": 10,
    "nov": 11,
    "dec": 12,
    # English month names turn up in machine-made pages ("12. February 2021")
    "january": 1,
    "february": 2,
    "march": 3,
    "may": 5,
    "june": 6,
    "july": 7,
    "october": 10,
}

#: a date as Danish documents write it after "af": "9. juni 2006", "25. April 2022", "23/06/2016",
#: "23.06.2016", "16/5 1984", "2016-06-23"
_lazy(
    "DATE",
    r"(?:(?P<d>[0-9]{1,2})\.? ?(?P<mon>(?i:\L<months>))\.? ?(?P<y>[0-9]{4})"
    r"|(?P<d>[0-9]{1,2})(?P<s>[./-])(?P<m>[0-9]{1,2})(?P=s)(?P<y>[0-9]{4})"
    r"|(?P<d>[0-9]{1,2})/(?P<m>[0-9]{1,2}) (?P<y>[0-9]{4})"
    r"|(?P<y>[0-9]{4})-(?P<m>[0-9]{2})-(?P<d>[0-9]{2}))"
    # a footnote number glued to the year ("30. august 20151)") is not part of it
    r"(?:(?![0-9])|(?=[0-9]\)))",
    months=sorted(MONTHS, key=len, reverse=True),
)

#: a section, subsection or item value: "11", "11 a", "40a"; never part of a longer number ("12.000", "12345").
#: The letter counts only if no word character follows it ("11 a" but not "11 april"): the caller checks that
#: with :func:`word_at`, as ``regex`` reads ``\w`` (this pattern is matched by ``re``).
_lazy_re(
    "VALUE",
    r" ?(?P<n>[0-9]{1,4})(?![0-9])(?!\.[0-9])"
    # "2. pkt." (and "1. og 2. pkt.", "1.-3. pkt.") is a sentence number, not this level's value
    r"(?!\.(?: ?(?:,|og|eller|[-–]) ?[0-9]{1,2}\.){0,6} ?(?i:pkt))"
    r"(?:(?P<sp> ?)(?P<l>[a-zæøå])(?!-[a-zæøå]{2}))?",
)
#: a lone letter, for "§§ 11 a-c" and "litra a og b" (again: no word character may follow; see word_at)
_lazy_re("LETTER", r" ?(?P<l>[a-zæøå])")
#: what may follow a space-separated "i" for it to be a section letter ("§ 11 i, stk. 2") and not the
#: preposition ("§ 11 i aktivloven")
_lazy_re("I_LETTER_OK", r"(?:[,;:)\]]| og | eller | stk|[-–]|$)")

#: numbers followed by a unit are quantities ("§ 11 og 12 måneder"), not the next value of a list
_lazy(
    "UNIT_AFTER",
    r" ?(?i:måned|uge|dag|år" + _NOT_W + r"|time|kr\.|kr" + _NOT_W + r"|procent|pct|%|gang|person|barn|børn"
    r"|mio|mia|arbejdsdag|point|km" + _NOT_W + r"|kilometer|timer)",
)

#: markers of the provision levels
_lazy_re("SEC_MARK", r"§(?P<pl>§)?")
_lazy_re("STK_MARK", r"(?P<w>(?i:stk))(?:\.|(?= ?[0-9])) ?(?=[0-9])")
_lazy_re("NR_MARK", r"(?i:nr)(?:\.|(?= ?[0-9])) ?(?=[0-9])")
_lazy("LITRA_MARK", r"(?i:litra) ?(?=[a-zæøå]" + _NOT_W + ")")
#: "KAPITEL 3" in capitals is a document's own heading (tables of contents), not a reference
_lazy_re("KAP_MARK", r"(?:kapitel|Kapitel|kap\.|Kap\.) ?(?=[0-9])")
_lazy(
    "PKT",
    r"(?P<v>[0-9]{1,2})\.(?: ?(?P<sep>,|og|eller|[-–]) ?(?P<v>[0-9]{1,2})\.){0,6} ?(?i:pkt)(?:\.|"
    + _NOT_W
    + ")",
)

#: between two parts of one provision: ", " or a plain space (missing comma), a list word, or a slash;
#: "26 a., stk. 1" carries a stray period
_lazy_re("CONNECT", r"(?:\.(?= ?,))?(?: ?, ?(?:(?:og|eller|samt) )?| (?:og/eller|og|eller|samt) | ?/ ?| )")
#: between values of one level
_lazy_re("LIST_SEP", r"(?: ?, ?(?:(?:og|eller|samt) )?| (?:og/eller|og|eller|samt) | ?/ ?| ?& ?)")
_lazy_re("COMMA_SEP", r" ?,")
_lazy_re("RANGE_SEP", r" ?[-–—‐‑] ?| til ")
#: either, in one call: a range dash (group ``range``) or a list separator
_lazy_re(
    "VALUE_SEP",
    r"(?P<range> ?[-–—‐‑] ?| til )"
    r"|(?: ?, ?(?:(?:og|eller|samt) )?| (?:og/eller|og|eller|samt) | ?/ ?| ?& ?)",
)
#: a value followed by "stk." belongs to the section level: "§§ 60, stk. 2 og 64, stk. 2"
_lazy_re("STK_AHEAD", r",? ?(?i:stk)(?:\.|(?= ?[0-9]))")

#: "Stk. 3." opening a paragraph of quoted statute text is a heading, not a reference
_lazy_re("STK_HEADING", r"Stk\. ?[0-9]{1,3}(?: ?[a-z])?(?:\.(?= |$)| (?=[A-ZÆØÅ]))")
_lazy_re("HEADING_BEFORE", r"(?:^|[.!?:»«\"”]) ?$")
#: words after which ". " does not end a sentence
_lazy_re("ABBREV_BEFORE", r"(?i:jf|nr|stk|pkt|bl\.a|f\.eks|m\.v|mv|ca|evt|jævnfør|kap|lovbek|bek|vejl)\. ?$")

#: "i" introducing the act a provision belongs to: "§ 11 i aktivloven"
#: a short remark in parentheses may stand between: "§§ 22-25 (tidligere gældende) i lov om aktiv socialpolitik"
_lazy_re("POST_I", r"(?: \([^()]{1,60}\))?(?: ?,)? (?i:i) ")
#: an act named in parentheses after the provision or after a title: "(LAS)", "(sygedagpengeloven)", "(loven)"
_lazy_re("PAREN_OPEN", r" ?\( ?")
_lazy_re("PAREN_CLOSE", r" ?\)")
#: after an act: ", jf. lovbekendtgørelse nr. …", " (LBK nr. …)", ": LBK nr. …", " og bygger på lovbekendtgørelse …"
_lazy_re(
    "DOC_BIND",
    r"(?: ?, ?| )?(?:(?P<paren>\( ?)(?:(?i:jf|jævnfør)\.? )?|(?i:jf|jævnfør)\.? |: |[-–] |(?i:(?:og |der |som )?bygger på ))"
    # a heading directly over its document: "Bekendtgørelse om inddrivelse af gæld …\nBekendtgørelse nr. 1110 af …"
    r"| ",
)
#: a name given to the act just cited: "(herefter serviceloven)", ", også kaldet serviceloven"
_lazy_re(
    "ALIAS_INTRO",
    r"(?: ?, ?| )(?i:også kaldet|herefter kaldet|i det følgende kaldet|i det følgende benævnt) "
    r"| ?\( ?(?i:herefter|i det følgende|i det følgende kaldet|herefter kaldet|også kaldet) ",
)
#: before a provision: "aktivlovens § 34", "Serviceloven § 101", "Lov om …, § 3", "LAS § 34", "lovens kapitel 4"
_lazy_re("PRE_LINK", r",? ?(?=§|(?i:kapitel|kap\.) ?[0-9])")
_lazy_re("PRE_LINK_STK", r",? ?(?=(?i:stk)\.? ?[0-9])")
#: "jf." between two references: the second leans on the first (inherits its act)
_lazy_re(
    "LINK_GAP", r"(?: ?,)? ?\(?(?i:jf|jævnfør)\.?(?: (?i:dog|også|tillige|herved|endvidere|i øvrigt))?,? ?\(?"
)
#: a sentence ends between two references
_lazy_re("SENTENCE_END", r"[.!?][\"”»)]? (?=[A-ZÆØÅ§])")
_lazy_re("PARAGRAPH_BREAK", r"\n[ \t\u00a0]*\r?\n")
#: a preposition right before a bare abbreviation makes it a reference ("efter LAS"); alone it may be anything
_lazy_re("ABBR_CONTEXT", r"(?i:i|efter|jf\.?|jævnfør|ifølge|iht\.?|af|under|til) $")

#: document types, as words and as Retsinformation abbreviations
DOC_WORDS: dict[str, str | None] = {
    "lovbekendtgørelse": "LBK",
    "lovbekendtgørelsen": "LBK",
    "lovbek.": "LBK",
    "lbk.": "LBK",
    "bekendtgørelse": "BEK",
    "bekendtgørelsen": "BEK",
    "bek.": "BEK",
    "vejledning": "VEJ",
    "vejledningen": "VEJ",
    "vejl.": "VEJ",
    "cirkulæreskrivelse": "CIR",
    "cirkulære": "CIR",
    "cirk.": "CIR",
    "skrivelse": None,
    "lov": "LOV",
}
DOC_ABBRS = ("LBK", "BEK", "LOV", "VEJ", "CIR")
_lazy_re(
    "DOC_HEAD",
    # the words longest first, as a named list tries them
    r"(?:(?P<word>(?i:" + "|".join(re.escape(w) for w in sorted(DOC_WORDS, key=len, reverse=True)) + "))"
    r"|(?P<abbr>" + "|".join(DOC_ABBRS) + r")(?![A-Za-z]))"
    r"(?P<nr> ?(?i:nr\.?|nummer)(?= ?[0-9])| ?(?=[0-9]))? ?(?P<num>[0-9]{1,5})(?![0-9])(?!\.[0-9])",
)
#: "bekendtgørelse af lov om …": a consolidation named by its act, without number
_lazy_re("LBK_OF_ACT", r"(?i:bekendtgørelse) (?i:af) (?=(?i:lov|loven) )")
_lazy_re("DOC_DATE_INTRO", r" (?i:af|fra)(?: (?i:den))? ")
_lazy_re("DOC_YEAR", r"(?: (?i:af|fra) |/)(?P<y>(?:19|20)[0-9]{2})(?![0-9])")
_lazy_re("DOC_OM", r" (?i:om) ")
_lazy_re("AMENDING", r"(?i:ændring) (?i:af) ")
#: "som ændret (bl.a./senest) ved lov nr. …": the documents that follow are amending acts, not the act itself
_lazy(
    "AMENDED_BY",
    r"(?i:ændret|ændringer|ændringslove?)(?: [\wæøå.]{1,12}){0,3} (?i:ved|i|med)(?: (?i:hhv\.))? ?$",
)
#: what joins the items of one list of references: ", ", " og ", " samt ", " og senest ved "
_lazy_re("LIST_GAP", r"(?: ?, ?(?:(?:og|samt|senest|og senest) )?| (?:og|samt|og senest|senest) )(?:ved )?")
#: between the acts an amending act lists: "om ændring af lov om aktiv socialpolitik, lov om …, integrationsloven og
#: forskellige andre love"
_lazy_re("AMENDED_SEP", r"(?: ?, ?(?:og |samt )?| (?:og|samt) )")
_lazy("OTHER_ACTS", r"(?i:(?:forskellige|flere|visse) )?(?i:andre love)" + _NOT_W)
#: a provision in parentheses after a document: "Lov nr. 434 af 8. maj 2006 (§ 11)"
_lazy_re("PAREN_PROVISION", r" ?\( ?(?=§)")
_lazy_re(
    "ELI",
    r"(?i:https?://)?(?:www\.)?retsinformation\.dk/eli/(?P<series>[a-z]+)/(?P<y>[0-9]{4})/(?P<num>[0-9]{1,6})"
    r"(?:/[a-z]+)?",
)
#: an ELI that is not Retsinformation's still has /eli/ in it; we only read Retsinformation's

_lazy(
    "SHORT_ACT_POST",
    r"(?P<w>(?i:loven|lovens|(?:samme|denne|nævnte|ovennævnte|førnævnte|sidstnævnte|den nævnte) lov))"
    + _NOT_W,
)
_lazy(
    "SHORT_SEC_POST",
    r"(?P<w>(?i:samme bestemmelse|bestemmelsen|samme paragraf|paragraffen|denne bestemmelse))" + _NOT_W,
)

#: a popular name the corpus does not know: "arbejdsskadesikringslovens", "CPR-loven", "lovtidendeloven"
_lazy("GENERIC_NAME", r"(?P<w>" + _W + r"[\wæøåÆØÅ-]{1,40}?(?i:loven)(?P<gen>s)?)" + _NOT_W)
#: a title the corpus does not know: "lov om lån til betaling af ejendomsskatter", "bekendtgørelse om …";
#: up to 14 words, stopping at punctuation, "§", or a word that cannot be part of a title
_TITLE_STOP = (
    r"(?:som|der|at|hvis|når|hvor|hvorefter|men|så|er|var|har|havde|skal|kan|vil|må|blev|bliver|foretages|"
    r"træder|trådte|jf|jævnfør|samt|herunder|bygger|gælder|fastsætter|finder|nr|stk|pkt|kapitel|indsættes|"
    r"ændres|affattes|udgår|ophæves|foreskrevet|medfører|fastlagt|står|fremgår|siger|bestemmer|indeholder|"
    r"regulerer|omfatter|giver|kræver|betyder|angiver|følger|hedder|også|herefter)"
)
#: "… eller lov om …", "… og skrivelse nr. …": the next reference starts, this title ends
_NEXT_REF = (
    r"(?:(?:og|eller|samt) )?(?:lov|loven|lovbekendtgørelse|bekendtgørelse|bekendtgørelsen|vejledning|skrivelse"
    r"|cirkulære|cirkulæreskrivelse|LBK|BEK|LOV|VEJ|CIR)" + _NOT_W
)
_TITLE_WORD = _W + r"[\wæøåÆØÅ-]{0,40}(?!\.[\wæøå])"  # "m" of "m.v." is not a word of its own
_TITLE_WORDS = (
    r"(?!(?i:"
    + _TITLE_STOP
    + r")"
    + _NOT_W
    + r")"
    + _TITLE_WORD
    + r"(?: (?!(?i:"
    + _TITLE_STOP
    + r")"
    + _NOT_W
    + r")(?!(?i:"
    + _NEXT_REF
    + r"))(?![0-9])"
    + _TITLE_WORD
    + r"){0,13}"
    r"(?: (?i:m\.v\.|mv\.|m\.m\.))?"
)
#: the words of a title on their own (after "lov nr. 1672 af … om")
_lazy("TITLE_WORDS", _TITLE_WORDS)
_lazy(
    "UNKNOWN_TITLE",
    r"(?P<head>(?i:lov|loven|bekendtgørelse|bekendtgørelsen)) (?i:om) (?!(?i:ændring) )(?P<words>"
    + _TITLE_WORDS
    + ")",
)
#: a parenthesis after a document, before its provision: "lov nr. 831 af 14/6 2022 (Ingen modregning …) § 1"
_lazy_re("PAREN_SKIP", r" ?\([^()]{1,300}\)")
_lazy_re("DOC_PRE_LINK", r" ?(?=§)")
_lazy_re("TITLE_MV", r" (?i:m\. ?v\.|mv\.|m\. ?m\.)")
#: "lovbekendtgørelse nr. 988 af 17. august 2017 med senere ændringer"
_lazy_re("DOC_TAIL", r",? (?i:med (?:de )?senere ændringer|m\. ?sen\. ?ændr\.)")


# ---------------------------------------------------------------------------------------------------------------
# Act names from the corpus
# ---------------------------------------------------------------------------------------------------------------


@record(frozen=True, slots=True)
class ActForm:
    """One way of writing an act: which acts it may mean and what kind of form it is.

    ``kind`` is ``"name"`` (nominative popular name or title), ``"genitive"`` ("aktivlovens"), or ``"abbr"``
    ("LAS"); ``base`` is the nominative form handed to ``corpus.act_by_name`` when two acts share the form.
    """

    acts: tuple[str, ...]
    kind: str
    base: str


def _text_list(value: Any) -> list[str]:
    """Names and abbreviations as plain strings, whether the corpus gives strings, dicts or objects."""
    out: list[str] = []
    if value is None:
        return out
    if isinstance(value, str):
        return [value]
    for item in value:
        if isinstance(item, str):
            out.append(item)
        elif isinstance(item, dict):
            name = item.get("name")
            if isinstance(name, str):
                out.append(name)
        else:
            name = getattr(item, "name", None)
            if isinstance(name, str):
                out.append(name)
    return out


def _norm(s: str) -> str:
    return " ".join(s.split()).casefold()


def genitive(name: str) -> str:
    """Danish genitive of a name: "aktivloven" → "aktivlovens", "barnets lov" → "barnets lovs", "LAS" → "LAS'"."""
    if name[-1:].lower() in ("s", "x", "z"):
        return name + "'"
    return name + "s"


_PAREN = regex.compile(r"\s*\((?P<inner>[^()]{1,200})\)\s*")
_MV_TAIL = regex.compile(r"\s+(?:m\.\s?v\.|mv\.|m\.m\.)$", regex.IGNORECASE)


def _title_variants(title: str) -> tuple[list[str], list[str]]:
    """Nominative title forms and extra names hidden in parentheses ("Lov om … (integrationsloven)")."""
    extra: list[str] = []
    inner = [m.group("inner") for m in _PAREN.finditer(title)]
    base = _PAREN.sub(" ", title).strip()
    for part in inner:
        words = part.split()
        if words and (len(words) == 1 or part.lower().startswith("lov ")):
            extra.append(part.strip())
    forms = [base]
    stripped = _MV_TAIL.sub("", base)
    if stripped != base:
        forms.append(stripped)
    return forms, extra


class Grammar:
    """The compiled act-name patterns for one corpus, plus the tables to turn a match into act ids."""

    def __init__(self, acts: Iterable[Any]) -> None:
        forms: dict[str, set[str]] = {}
        kinds: dict[str, str] = {}
        bases: dict[str, str] = {}
        abbrs: dict[str, set[str]] = {}
        om_forms: dict[str, set[str]] = {}

        def add(form: str, act_id: str, kind: str, base: str) -> None:
            key = _norm(form)
            if len(key) < 3:
                return
            forms.setdefault(key, set()).add(act_id)
            # a form that is both a name and a genitive of another name keeps the first kind seen
            kinds.setdefault(key, kind)
            bases.setdefault(key, base)

        for act in acts:
            act_id = getattr(act, "id", None)
            if not isinstance(act_id, str):
                continue
            title = getattr(act, "title", None)
            names = _text_list(getattr(act, "names", None))
            if not names:
                names = _text_list(getattr(act, "popular_names", None))
            if isinstance(title, str) and title.strip():
                title_forms, extra = _title_variants(title)
                names = [*names, *extra]
                for tf in title_forms:
                    add(tf, act_id, "name", tf)
                    low = _norm(tf)
                    if low.startswith("lov om "):
                        om_forms.setdefault(low[len("lov om ") :], set()).add(act_id)
                        add("loven om " + tf[len("lov om ") :], act_id, "name", tf)  # "§ 11 i loven om …"
                    if " " not in low:  # a one-word title is a popular name ("Forvaltningsloven")
                        add(genitive(tf), act_id, "genitive", tf)
            for n in names:
                n = n.strip()
                if not n:
                    continue
                variants = [n]
                if n.lower().endswith("loven") and len(n) > len("loven"):
                    variants.append(n[:-2])  # indefinite: "den danske pensionslov"
                for v in list(variants):
                    if "-" in v:  # "LAB-\nloven" reaches the grammar as "LAB- loven"
                        variants.append(v.replace("-", "- "))
                for v in variants:
                    add(v, act_id, "name", n)
                    add(genitive(v), act_id, "genitive", n)
            for a in _text_list(getattr(act, "abbreviations", None)):
                a = a.strip()
                if len(a) >= 2:
                    abbrs.setdefault(a, set()).add(act_id)

        self.forms: dict[str, ActForm] = {
            k: ActForm(tuple(sorted(v)), kinds[k], bases[k]) for k, v in forms.items()
        }
        self.abbrs: dict[str, ActForm] = {k: ActForm(tuple(sorted(v)), "abbr", k) for k, v in abbrs.items()}
        self.om_forms: dict[str, tuple[str, ...]] = {k: tuple(sorted(v)) for k, v in om_forms.items()}

        names_list = sorted(self.forms, key=len, reverse=True) or ["\x00no-act\x00"]
        abbr_list = sorted(self.abbrs, key=len, reverse=True) or ["\x00NO-ABBR\x00"]
        self._names_list = names_list
        self._abbr_list = abbr_list
        self._om_list = sorted(self.om_forms, key=len, reverse=True) or ["\x00no-title\x00"]
        self._names = _NameTable(names_list)
        self._abbr_set = frozenset(abbr_list)
        self._abbr_lengths = tuple(sorted({len(a) for a in abbr_list}, reverse=True))

        # Every place a citation can start, in the order the alternatives are tried. An act name (the trigger's
        # ``act`` alternative, between ``lbkof`` and ``short``) is looked up in a table by :meth:`_act_end`, not
        # matched by the pattern: a named list of ~160 act names costs ~10 ms to compile at every start, the
        # lookup nothing. So the trigger is two patterns, the alternatives before ``act`` and those after it.
        self._trigger_head = regex.compile(
            r"(?P<eli>(?i:https?://)?(?:www\.)?(?i:retsinformation)\.dk/eli/)"
            r"|(?P<sec>§)"
            r"|" + _NOT_W_BEFORE + r"(?:"
            r"(?P<stk>(?i:stk)(?:\.|(?= ?[0-9])) ?(?=[0-9]))"
            r"|(?P<kap>(?:kapitel|Kapitel|kap\.|Kap\.) ?(?=[0-9]))"
            r"|(?P<art>(?i:artikel|artiklerne|art\.) ?(?=[0-9]))"
            r"|(?P<amend>(?i:lov|loven|lovforslag) (?i:om) (?i:ændring) (?i:af) )"
            r"|(?P<doc>(?:(?i:\L<docwords>)|\L<docabbrs>" + _NOT_W + r")(?= ?(?i:nr\.?|nummer)? ?[0-9]))"
            r"|(?P<lbkof>(?i:bekendtgørelse) (?i:af) (?=(?i:lov|loven) ))"
            r")",
            docwords=sorted(DOC_WORDS, key=len, reverse=True),
            docabbrs=list(DOC_ABBRS),
        )
        self._trigger_tail = regex.compile(
            _NOT_W_BEFORE + r"(?:"
            r"(?P<short>(?i:lovens|bestemmelsens|paragraffens|(?:samme|denne|nævnte|ovennævnte|førnævnte"
            r"|sidstnævnte|den nævnte) (?:lovs?|bestemmelses|paragrafs))" + _NOT_W + ")"
            r"|(?P<gen>" + _W + r"[\wæøåÆØÅ-]{1,40}?(?i:lovens?)" + _NOT_W + "(?!@))"
            r"|(?P<utitle>(?i:lov|loven|bekendtgørelse|bekendtgørelsen) (?i:om) (?=" + _W + "))"
            r")"
        )

        # The prefilter. A case-insensitive alternation over a whole letter is slow in any regex engine, so the
        # scan looks for a few lowercase literals that every trigger contains ("§", "stk", "lov", "bek", …, and
        # the first word of any act name without "lov" in it) in the lowercased text with the standard library's
        # literal search, and tries the full trigger pattern only at the start of each word found.
        anchors = {
            "stk",
            "kap",
            "arti",
            "art.",
            "lov",
            "bek",
            "lbk",
            "vej",
            "cir",
            "skriv",
            "samme ",
            "denne ",
        }
        anchors |= {"nævnte ", "bestemmelse", "paragraf"}
        for form in self.forms:
            first = form.split(" ", 1)[0]
            if "lov" not in first and not any(a in first for a in anchors):
                anchors.add(first)
        # drop anchors that contain another anchor: their words are found anyway
        self._anchors = tuple(sorted(a for a in anchors if not any(b != a and b in a for b in anchors)))
        self._abbr_literals = tuple(sorted(self.abbrs))
        self._openings = _openings(names_list, abbr_list)
        #: :meth:`known_form` per (words, abbreviation match): the same few act names recur in every letter
        self._known: dict[tuple[str, bool], ActForm | None] = {}

    @functools.cached_property
    def om_title_at(self) -> regex.Pattern[str]:
        """The words after "lov nr. 563 af 9. juni 2006 om": a title without its leading "lov" (compiled on first
        use; most letters never name a document by its title)."""
        return regex.compile(r"(?P<t>(?i:\L<omtitles>))" + _NOT_W, omtitles=self._om_list)

    def trigger_match(self, text: str, fold: str, pos: int) -> Any:
        """The match of the trigger at ``pos`` (None if none): a citation may start here, and ``lastgroup`` says
        how. ``fold`` is :func:`fold_text` of ``text``.

        The alternatives in the order the one pattern they replace had them: ``eli``, ``sec``, then, with no
        word character before ``pos``, ``stk`` … ``lbkof``, ``act`` (:meth:`_act_end`), ``short``, ``gen``,
        ``utitle``. The first that matches is the match, as in an alternation.
        """
        m = self._trigger_head.match(text, pos)
        if m is not None:
            return m
        if pos > 0 and word_at(text, pos - 1):
            return None  # every later alternative wants no word character before it
        act = self._act_end(text, fold, pos, True)
        if act is not None:
            return act
        return self._trigger_tail.match(text, pos)

    def act_match(self, text: str, fold: str, pos: int) -> ActMatch | None:
        """A known act at ``pos``: a name (case-insensitively) or an abbreviation (exactly, "LAS", "LAS's"), not
        followed by a word character or a hyphenated word ("LAS-sag"). ``fold`` is :func:`fold_text` of ``text``.
        """
        return self._act_end(text, fold, pos, False)

    def _act_end(self, text: str, fold: str, pos: int, no_at: bool) -> ActMatch | None:
        """The trigger's ``act`` alternative at ``pos``, as its pattern read it:
        ``(?:(?i:\\L<names>)|(?P<abbr>\\L<abbrs>)(?:'s?)?)(?![\\wæøåÆØÅ])(?!-[\\wæøåÆØÅ])``, and (``no_at``)
        ``(?!@)``.

        A named list tries its items longest first and, when what follows fails, the next shorter one: so do
        the lengths here. A name matches where the folded text equals it (see :func:`fold_text`); an
        abbreviation where the text does.
        """
        names = self._names
        end = names.longest(text, fold, pos, no_at) if names.safe else self._names_at(text, pos, no_at)
        if end is not None:
            return ActMatch(pos, end, None)
        room = len(text) - pos
        for n in self._abbr_lengths:
            abbr = text[pos : pos + n]
            if n <= room and abbr in self._abbr_set:
                e = pos + n
                if text.startswith("'s", e) and _act_tail(text, e + 2, no_at):
                    return ActMatch(pos, e + 2, abbr)
                if text.startswith("'", e) and _act_tail(text, e + 1, no_at):
                    return ActMatch(pos, e + 1, abbr)
                if _act_tail(text, e, no_at):
                    return ActMatch(pos, e, abbr)
        return None

    def _names_at(self, text: str, pos: int, no_at: bool) -> int | None:
        """The end of the longest act name at ``pos`` by the named-list pattern itself: for a corpus whose names
        hold a character :func:`fold_text` was not verified for (see _FOLD_CHARS)."""
        pattern = self._names_patterns[no_at]
        m = pattern.match(text, pos)
        return m.end() if m is not None else None

    @functools.cached_property
    def _names_patterns(self) -> tuple[regex.Pattern[str], regex.Pattern[str]]:
        tail = _NOT_W + r"(?!-" + _W + ")"
        return (
            regex.compile(r"(?i:\L<names>)(?=" + tail + ")", names=self._names_list),
            regex.compile(r"(?i:\L<names>)(?=" + tail + "(?!@))", names=self._names_list),
        )

    def _may_open(self, low: str, k: int) -> bool:
        """Can the trigger match at word start ``k``? False only where it surely cannot (see :func:`_openings`):
        no alternative's opening words start there, and no "lov" follows within the reach of ``gen``."""
        openings = self._openings
        if openings is None:
            return True
        heads = openings.get(low[k : k + 2])
        if heads is not None and low.startswith(heads, k):
            return True
        return low.find("lov", k, k + _GEN_REACH) >= 0

    def candidates(self, text: str, low: str | None = None) -> list[int]:
        """Sorted offsets where a trigger may match; :meth:`trigger_match` at each offset decides.

        Every offset where the trigger matches is among them, so trying these gives the same matches as trying
        every offset, much faster. ``low`` is :func:`lower_text` of ``text`` if the caller has it.
        """
        if low is None:
            low = lower_text(text)
        starts: set[int] = set()
        find = text.find
        i = find("§")
        while i >= 0:
            starts.add(i)
            i = find("§", i + 1)
        i = low.find("eli/")
        while i >= 0:
            for head in ("http", "www.", "retsinformation"):
                j = low.rfind(head, max(0, i - 40), i)
                if j >= 0:
                    starts.add(j)
            i = low.find("eli/", i + 1)
        lfind = low.find
        # a word start where the trigger surely fails is dropped here, which saves the trigger's full attempt;
        # "ſ" and "İ" match "s" and "i" case-insensitively but do not lowercase to them: no dropping then
        may_open = self._may_open if "ſ" not in text and "İ" not in text else None
        dropped: set[int] = set()
        for lit in self._anchors:
            i = lfind(lit)
            while i >= 0:
                k = _word_start(text, i)
                if k not in starts and k not in dropped:
                    # a "lov" close enough to the word start always passes _may_open
                    if may_open is None or (lit == "lov" and i - k <= _GEN_REACH - 3) or may_open(low, k):
                        starts.add(k)
                    else:
                        dropped.add(k)
                i = lfind(lit, i + 1)
        for lit in self._abbr_literals:
            i = find(lit)
            while i >= 0:
                if i == 0 or not text[i - 1].isalnum():
                    starts.add(i)
                i = find(lit, i + 1)
        return sorted(starts)

    def known_form(self, word: str, abbr: bool) -> ActForm | None:
        """The act form for the words of an act match: as matched (``abbr`` for an abbreviation), else read the
        other way. Remembered per words (bounded, for hostile input): normalising a long title costs more than
        the lookup, and letters name the same few acts over and over."""
        key = (word, abbr)
        found = self._known.get(key, _UNKNOWN)
        if found is not _UNKNOWN:
            return found  # type: ignore[return-value]
        form = self.form(word, abbr=abbr)
        if form is None:
            form = self.form(word, abbr=True) or self.form(word)
        if len(self._known) < _KNOWN_SIZE:
            self._known[key] = form
        return form

    def form(self, text: str, *, abbr: bool = False) -> ActForm | None:
        """The act form for matched words (``abbr`` for an exact-case abbreviation match)."""
        if abbr:
            for tail in ("'s", "'"):
                if text.endswith(tail):
                    text = text[: -len(tail)]
                    break
            return self.abbrs.get(text)
        return self.forms.get(_norm(text))


def _word_start(text: str, i: int) -> int:
    """Where the word holding ``text[i]`` starts: back over letters, digits and "-", at most 48 characters."""
    if i == 0 or text[i - 1] == " ":
        return i  # the common case, an anchor at a word start
    stop = i - 48 if i > 48 else 0
    space = text.rfind(" ", stop, i)
    j = space + 1 if space >= 0 else stop
    run = text[j:i]
    # all of the run between the space and the anchor is word: the walk below would stop at the space (or stop)
    if run.isalnum() or run.replace("-", "").isalnum():
        return j
    k = i
    while k > stop and (text[k - 1].isalnum() or text[k - 1] == "-"):
        k -= 1
    return k


def lower_text(text: str) -> str:
    """``text.lower()`` with its offsets: a character whose lower case is longer ("İ") is kept as it is.

    A text within Latin-1 (most letters: only an en dash or a curly quote takes one out) is lowered as bytes, one
    table lookup a character, four times faster than ``str.lower`` on Danish text; each of the 256 characters
    lowers to one Latin-1 character, so the result is ``text.lower()`` (checked by a test).
    """
    try:
        return text.encode("latin-1").translate(_LATIN1_LOWER).decode("latin-1")
    except UnicodeEncodeError:
        pass
    low = text.lower()
    if len(low) != len(text):
        low = "".join(ch if len(lc := ch.lower()) != 1 else lc for ch in text)
    return low


def fold_text(text: str, low: str | None = None) -> str:
    """``text`` as ``regex`` compares it with a lowercase act name case-insensitively, one character for one.

    For every character of :data:`_FOLD_CHARS`, ``(?i:c)`` matches exactly the characters whose lower case is
    ``c``, and "ſ" for "s" and "İ" for "i" (checked over all of Unicode by a test): a name matches at a position
    if and only if the folded text holds it there. ``low`` is :func:`lower_text` of ``text`` if known.
    """
    if low is None:
        low = lower_text(text)
    if "ſ" in text or "İ" in text:
        return low.translate(_FOLD_EXTRA)
    return low


_LATIN1_LOWER = bytes(ord(chr(c).lower()) for c in range(256))
_FOLD_EXTRA = {ord("ſ"): "s", ord("İ"): "i"}
#: the characters act names may hold for :class:`_NameTable` to look them up (see :func:`fold_text`); a name
#: with another character sends the corpus to the named-list pattern
_FOLD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789æøåéü ,-.'/:()&")
#: names at least this long are found by their first characters; shorter ones by their first three
_NAME_KEY = 10


def _act_tail(text: str, end: int, no_at: bool) -> bool:
    """What must follow an act's words: no word character, no hyphenated word, and (``no_at``) no "@"."""
    if end >= len(text):
        return True
    c = text[end]
    if c == "-":
        return not word_at(text, end + 1)
    if no_at and c == "@":
        return False
    return not word_at(text, end)


class _NameTable:
    """The act names by the characters they start with, for the longest name at a position that may end there.

    ``safe`` is False when a name holds a character outside :data:`_FOLD_CHARS`: the table is not used then.
    """

    __slots__ = ("long", "names", "safe", "short")

    def __init__(self, names: list[str]) -> None:
        self.names = frozenset(names)
        self.safe = all(set(n) <= _FOLD_CHARS for n in names) and min(map(len, names), default=3) >= 3
        long: dict[str, set[int]] = {}
        short: dict[str, set[int]] = {}
        for n in names:
            if len(n) >= _NAME_KEY:
                long.setdefault(n[:_NAME_KEY], set()).add(len(n))
            else:
                short.setdefault(n[:3], set()).add(len(n))
        #: lengths of the names with these first characters, longest first
        self.long = {k: tuple(sorted(v, reverse=True)) for k, v in long.items()}
        self.short = {k: tuple(sorted(v, reverse=True)) for k, v in short.items()}

    def longest(self, text: str, fold: str, pos: int, no_at: bool) -> int | None:
        """The end of the longest name at ``pos`` followed by what :func:`_act_tail` allows, or None."""
        names = self.names
        room = len(fold) - pos  # a slice past the end is shorter than the name it is compared with
        lengths = self.long.get(fold[pos : pos + _NAME_KEY])
        if lengths is not None:
            for n in lengths:  # every one longer than the short names below
                if n <= room and fold[pos : pos + n] in names and _act_tail(text, pos + n, no_at):
                    return pos + n
        lengths = self.short.get(fold[pos : pos + 3])
        if lengths is not None:
            for n in lengths:
                if n <= room and fold[pos : pos + n] in names and _act_tail(text, pos + n, no_at):
                    return pos + n
        return None


class ActMatch:
    """An act found at a position, read like the ``regex`` match it replaces: ``start()``, ``end()``, and
    ``group("abbr")``, the abbreviation (without "'s") or None for a name."""

    __slots__ = ("_abbr", "_end", "_start")
    lastgroup = "act"

    def __init__(self, start: int, end: int, abbr: str | None) -> None:
        self._start = start
        self._end = end
        self._abbr = abbr

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, name: str) -> str | None:
        if name != "abbr":
            raise IndexError(name)
        return self._abbr


#: :meth:`Grammar.known_form`'s "not looked up yet", and how many answers it keeps
_UNKNOWN = object()
_KNOWN_SIZE = 4096
#: the ``gen`` alternative ("arbejdsskadesikringslovens") has its "lov" within this many characters of its start
_GEN_REACH = 48
#: the characters an opening may consist of: for each, a text character that ``regex`` matches to it
#: case-insensitively lowercases to it — except "ſ" (matches "s") and "İ" (matches "i"), which
#: :meth:`Grammar.candidates` checks for (verified over all of Unicode when this was written)
_OPENING_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789æøåéü ,-.'/:()&")


def _openings(names: list[str], abbrs: list[str]) -> dict[str, tuple[str, ...]] | None:
    """The words every match of the trigger's alternatives (but ``sec`` and ``gen``) opens with, lowercase, by
    their first two characters: a match at a word start opens with one of them. Kept in step with
    :meth:`Grammar.trigger_match` by hand. None (no dropping) if a name holds a character outside _OPENING_CHARS.
    """
    words = {"http", "www.", "retsinformation", "stk", "kap", "art", "lov", "bek", "lovens"}
    words |= {"bestemmelsens", "paragraffens"}
    words |= {
        f"{w} {x}"
        for w in ("samme", "denne", "nævnte", "ovennævnte", "førnævnte", "sidstnævnte", "den nævnte")
        for x in ("lov", "bestemmelses", "paragrafs")
    }
    words |= {w.lower() for w in DOC_WORDS} | {a.lower() for a in DOC_ABBRS}
    words |= {n.lower() for n in names} | {a.lower() for a in abbrs}
    if any(len(w) < 2 or not set(w) <= _OPENING_CHARS for w in words):
        return None
    # a word that starts with another is found through that one
    ordered = sorted(words)
    kept: list[str] = []
    for w in ordered:
        if kept and w.startswith(kept[-1]):
            continue
        kept.append(w)
    out: dict[str, list[str]] = {}
    for w in kept:
        out.setdefault(w[:2], []).append(w)
    return {k: tuple(v) for k, v in out.items()}


_CACHE: dict[int, tuple[Any, Grammar]] = {}
_CACHE_LOCK = threading.Lock()
_CACHE_SIZE = 8


def grammar_for(corpus: Any) -> Grammar:
    """The grammar for ``corpus``, built once per corpus object.

    Keyed by identity and holding a reference to the corpus, so an id is never reused for another corpus while
    its entry lives; the few corpora a process uses (bundled, bundled + a user overlay, test fakes) fit the
    small cache.
    """
    key = id(corpus)
    entry = _CACHE.get(key)
    if entry is not None and entry[0] is corpus:
        return entry[1]
    acts = getattr(corpus, "acts", {}) or {}
    values = acts.values() if isinstance(acts, dict) else acts
    grammar = Grammar(list(values))
    with _CACHE_LOCK:
        if len(_CACHE) >= _CACHE_SIZE:
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = (corpus, grammar)
    return grammar
