"""Citation rules (LC101–LC109): judge every statute citation against the law in force on the letter's date.

The seed complaint was "the legal references in the system's standard letters are outdated". These rules
catch exactly that, and are built not to cry wolf: the corpus answers "unknown" when it does not know, and
"unknown" is never a finding; a fact the corpus marks ``likely`` never gives an error; a citation that the
letter ties to a period before a change (a repayment claim for 2024, "den dagældende § 25") is judged as of
that period.

One written reference is one finding per problem: "§§ 22-24 i lovbekendtgørelse nr. 269 af 21. marts 2017"
expands to three citations but gives one LC104 for the LBK.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, timedelta
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from lettercheck.context import Context
from lettercheck.danish import MONTH_NAMES
from lettercheck.model import Finding, Severity
from lettercheck.registry import rule

if TYPE_CHECKING:
    from lettercheck.corpus import DocumentStatus, SectionStatus, Version
    from lettercheck.extract.citations import Citation

_EN_MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
_SOURCE_WORDS = {
    "cli": "given with --as-of",
    "data": "from the letter's data",
    "text": "from the text",
    "pdf-metadata": "from the PDF's creation date",
    "today": "no date found in the letter; today's date used",
}
#: words before a citation that say the letter cites the law as it *was* ("den dagældende § 25")
_HISTORIC_RE = re.compile(
    r"(?:tidligere\s+gældende|dagældende|daværende|hidtil\s+gældende|indtil\s+\d)", re.I
)
#: a year the letter is about: r"\b(?:i|for|året|år|perioden|kalenderåret)\s+(20\d\d|19\d\d)\b" (re.I), found
#: from its year (see :func:`_named_years`): a scan for the words tries every "i", "f", "å", "p" and "k" of the
#: letter, one for the years only a few digits. Compiled on first use.
_YEAR_DIGITS = r"(?:20\d\d|19\d\d)\b"
_YEAR_WORD = r"\b(?:i|for|året|år|perioden|kalenderåret)\Z"


@cache
def _year_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    return re.compile(_YEAR_DIGITS), re.compile(_YEAR_WORD, re.I)


#: generic words an extractor may leave as act text; never worth an "unknown act" finding
_GENERIC = frozenset(
    {
        "loven",
        "lov",
        "lovens",
        "denne lov",
        "samme lov",
        "nævnte lov",
        "bekendtgørelsen",
        "reglerne",
        "regler",
    }
)


#: named instruments that are not acts (executive orders, guidance): the corpus does not hold them by title
_NOT_ACTS = ("bekendtgørelse", "vejledning", "cirkulære", "skrivelse", "forordning", "direktiv")


def _named_years(text: str) -> Iterator[tuple[int, int]]:
    """(year, offset) of each "for 2024", "i kalenderåret 2023" (the pattern above _YEAR_DIGITS), in text order.

    The same matches as a scan with that pattern: the words end where the whitespace before the year starts, and a
    match can only start at the one word that ends there, so the year and the word before it decide.
    """
    digits, word = _year_patterns()
    for m in digits.finditer(text):
        w0 = m.start()
        if w0 == 0 or not text[w0 - 1].isspace():
            continue
        while w0 > 0:  # back over the whitespace before the year, a slice at a time (runs can be long)
            lo = max(0, w0 - 64)
            kept = len(text[lo:w0].rstrip())
            if kept:
                w0 = lo + kept
                break
            w0 = lo
        if w0 == m.start():
            continue
        wm = word.search(text, max(0, w0 - 12), w0)
        if wm is not None:
            yield int(m.group()), wm.start()


def _long_date(d: date) -> str:
    return f"{d.day} {_EN_MONTHS[d.month - 1]} {d.year}"


def _act_label(act: Any) -> str:
    """How a message names an act: its popular name with the title ("persondataloven (Lov om …)")."""
    if act.names:
        return f"{act.names[0]} ({act.title})"
    return act.title


def letter_date_phrase(ctx: Context) -> str:
    """How a message names the date it judged by: "letter dated 14 October 2025 (from the text)"."""
    d = ctx.letter.date
    if d is None:
        return "no letter date"
    return f"letter dated {_long_date(d)} ({_SOURCE_WORDS.get(ctx.letter.date_source or '', 'date source unknown')})"


# -- periods the letter is about -----------------------------------------------------------------------------


class _Periods:
    """The periods a letter is about, from its structured data and its text, for the period exception."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    @cached_property
    def spans(self) -> list[tuple[date, date, int | None]]:
        """(start, end, offset in text or None for data) of every period the letter mentions."""
        data, years = self._cheap
        from lettercheck.extract.dates import find_periods

        return [*data, *((p.start, p.end, p.span[0]) for p in find_periods(self.ctx.letter.text)), *years]

    @cached_property
    def _cheap(self) -> tuple[list[tuple[date, date, int | None]], list[tuple[date, date, int | None]]]:
        """The periods of :attr:`spans` that cost next to nothing to find: the letter's data period, and the
        years the text names ("for 2024"). The text's periods (find_periods) are read only when they can
        change an answer."""
        data: list[tuple[date, date, int | None]] = []
        pay = self.ctx.letter.data.get("payment") or {}
        period = pay.get("period") if isinstance(pay, dict) else None
        if (
            isinstance(period, dict)
            and isinstance(period.get("start"), date)
            and isinstance(period.get("end"), date)
        ):
            data.append((period["start"], period["end"], None))
        years: list[tuple[date, date, int | None]] = []
        for y, offset in _named_years(self.ctx.letter.text):
            years.append((date(y, 1, 1), date(y, 12, 31), offset))
        return data, years

    def before(self, since: date, offset: int) -> bool:
        """Whether the letter ties the text at ``offset`` to a period that ended before ``since``."""
        text = self.ctx.letter.text
        lookback = text[max(0, offset - 80) : offset]
        if _HISTORIC_RE.search(lookback):
            return True
        if not self.spans:
            return False
        if all(end < since for _, end, _ in self.spans):
            return True
        line_start = text.rfind("\n", 0, offset) + 1
        line_end = text.find("\n", offset)
        line_end = len(text) if line_end < 0 else line_end
        return any(
            end < since and pos is not None and line_start <= pos < line_end for _, end, pos in self.spans
        )

    def overlaps(self, start: date, end: date | None) -> bool:
        """Whether the letter is only about periods inside [start, end) — a version valid for them all."""
        data, years = self._cheap
        for s, e, _ in (*data, *years):
            if not (s >= start and (end is None or e < end)):
                return False  # one period outside is enough: the text's periods cannot change that
        if not self.spans:
            return False
        return all(s >= start and (end is None or e < end) for s, e, _ in self.spans)


def _periods(ctx: Context) -> _Periods:
    p = ctx.__dict__.get("_lc1_periods")
    if p is None:
        p = ctx.__dict__["_lc1_periods"] = _Periods(ctx)
    return p


# -- shared helpers ------------------------------------------------------------------------------------------


def _corpus_obj(ctx: Context, act_id: str | None, version: Version | None) -> dict[str, Any]:
    act = ctx.corpus.acts.get(act_id) if act_id else None
    d: dict[str, Any] = {"act": act_id, "title": act.title if act else None}
    if version is not None:
        d["version_in_force"] = {
            "type": version.type,
            "number": version.number,
            "date": version.date.isoformat(),
            "source": version.source,
            "eli": version.eli,
            "confidence": version.confidence,
        }
    else:
        d["version_in_force"] = None
    d["eli"] = (version.eli if version is not None else None) or (act.eli if act else None)
    return d


def _severity(default: Severity, confidence: str | None) -> Severity:
    """A fact the corpus marks ``likely`` never gives an error."""
    if confidence == "likely" and default > Severity.WARNING:
        return Severity.WARNING
    return default


def _span(c: Citation, which: str) -> tuple[int, int]:
    if which == "doc" and c.doc_start is not None and c.doc_end is not None:
        return c.doc_start, c.doc_end
    if which == "act" and c.act_start is not None and c.act_end is not None:
        return c.act_start, c.act_end
    return c.start, c.end


def _finding(
    ctx: Context,
    code: str,
    message: str,
    c: Citation,
    span: tuple[int, int],
    *,
    severity: Severity | None = None,
    suggestion: str | None = None,
    corpus: dict[str, Any] | None = None,
) -> Finding:
    return ctx.finding(
        code,
        message,
        span[0],
        span[1],
        severity=severity,
        suggestion=suggestion,
        citation=c.to_dict(),
        corpus=corpus or _corpus_obj(ctx, c.act, None),
    )


def restyle_document(written: str, old: Any, new: Version) -> str:
    """The corrected reference written the way the letter wrote the old one.

    "lovbekendtgørelse nr. 269 af 21. marts 2017" -> "lovbekendtgørelse nr. 1004 af 30. juni 2025";
    "LBK nr 269 af 21/03/2017" -> "LBK nr 1004 af 30/06/2025".
    """
    out = written
    # the document type word, when the new version is of another type (a LOV cited, an LBK in force)
    if getattr(old, "type", None) and old.type != new.type:
        words = {
            ("LOV", "LBK"): [(r"\blov\b", "lovbekendtgørelse"), (r"\bLOV\b", "LBK")],
            ("LBK", "LOV"): [(r"\blovbekendtgørelse\b", "lov"), (r"\bLBK\b", "LOV")],
        }.get((old.type, new.type), [])
        for pat, rep in words:
            out, n = re.subn(pat, rep, out, count=1, flags=0)
            if n:
                break
        else:
            out = re.sub(r"(?i)\blov(?=\s+nr)", "lovbekendtgørelse", out, count=1)
    out = re.sub(rf"\b{old.number}\b", str(new.number), out, count=1)
    d = new.date
    m = re.search(r"(\d{1,2})\.\s*([a-zæøå]+)\.?\s+(\d{4})", out, re.I)
    if m and m.group(2).lower()[:3] in {mm[:3] for mm in MONTH_NAMES}:
        month = MONTH_NAMES[d.month - 1]
        if m.group(2)[0].isupper():
            month = month.capitalize()
        out = out[: m.start()] + f"{d.day}. {month} {d.year}" + out[m.end() :]
        return out
    m = re.search(r"(\d{1,2})([./-])(\d{1,2})\2(\d{4})", out)
    if m:
        sep = m.group(2)
        dd = f"{d.day:02d}" if len(m.group(1)) == 2 else str(d.day)
        mm_ = f"{d.month:02d}" if len(m.group(3)) == 2 else str(d.month)
        out = out[: m.start()] + f"{dd}{sep}{mm_}{sep}{d.year}" + out[m.end() :]
        return out
    m = re.search(r"\b(19|20)\d\d\b", out)
    if m:
        out = out[: m.start()] + str(d.year) + out[m.end() :]
    return out


def _doc_groups(ctx: Context) -> Iterator[tuple[Citation, DocumentStatus]]:
    """One (first citation, status) per distinct document reference: a group shares its document."""
    on = ctx.letter.date
    if on is None:
        return
    seen: set[tuple[Any, ...]] = set()
    for c in ctx.citations:
        ref = c.document
        if ref is None or ref.type not in ("LOV", "LBK"):
            continue
        key = (c.doc_start, c.doc_end, ref.type, ref.number, ref.date)
        if key in seen:
            continue
        seen.add(key)
        yield c, ctx.corpus.document_status(ref, on, act_id=c.act)


def _section_status(ctx: Context, act: str, section: str, on: date) -> SectionStatus:
    """``corpus.section_status`` once per letter and cited section: LC102 and LC103 ask for every citation."""
    cache = ctx.__dict__.get("_lc1_sections")
    if cache is None:
        cache = ctx.__dict__["_lc1_sections"] = {}
    key = (act, section, on)
    st = cache.get(key)
    if st is None:
        st = cache[key] = ctx.corpus.section_status(act, section, on)
    return st


def _doc_status(ctx: Context) -> list[tuple[Citation, DocumentStatus]]:
    cached = ctx.__dict__.get("_lc1_docs")
    if cached is None:
        cached = ctx.__dict__["_lc1_docs"] = list(_doc_groups(ctx))
    return cached


# -- the rules -----------------------------------------------------------------------------------------------


@rule("LC101", "unknown-act", Severity.INFO)
def unknown_act(ctx: Context) -> Iterator[Finding]:
    """A citation names an act the corpus does not know.

    ## What it does
    Reports the words that name an act ("§ 3 i lov om hundehold") when the legal-reference corpus knows no act
    by that title, popular name or abbreviation. Generic words ("loven", "samme lov") are short forms, not
    acts (see LC108).

    ## Why is this bad?
    It may be a misspelt act name (the citation then points nowhere), an act the corpus does not cover yet
    (then none of the other citation checks can protect this letter), or a correct reference to an act
    outside benefit law. It is info by default because the last case is common.

    ## Example
    `efter § 5 i lov om hundehold` — not in the corpus.

    ## How to fix
    Check the act's name against Retsinformation. If the act is right and letters cite it often, add it to
    the corpus (`docs/corpus.md`) or to a local overlay (`--corpus`).
    """
    seen: set[tuple[int, int]] = set()
    for c in ctx.citations:
        if c.act is not None or not c.act_text or c.unresolved or c.short_form:
            continue
        words = " ".join(c.act_text.split())
        if words.lower() in _GENERIC or len(words) < 4 or words.lower().startswith(_NOT_ACTS):
            continue
        span = _span(c, "act")
        if span in seen:
            continue
        seen.add(span)
        yield _finding(ctx, "LC101", f"the corpus knows no act named {words!r}", c, span)


@rule("LC102", "section-not-in-act", Severity.WARNING)
def section_not_in_act(ctx: Context) -> Iterator[Finding]:
    """The cited section does not exist in the act as in force on the letter's date.

    ## What it does
    Looks up the cited § in the corpus's section list for the version of the act in force on the letter's
    date. It reports only where the corpus holds that version's *complete* section list (for example after
    `lettercheck corpus import-lexdania`); otherwise it is silent.

    ## Why is this bad?
    A citation of a § that does not exist gives the citizen no legal basis to read, and usually means a
    typo or a template built from an older act.

    ## Example
    `aktivlovens § 999`

    ## How to fix
    Correct the section number; check the act on Retsinformation.
    """
    on = ctx.letter.date
    if on is None:
        return
    seen: set[tuple[str, str]] = set()
    for c in ctx.citations:
        if not c.act or not c.section or (c.act, c.section) in seen:
            continue
        seen.add((c.act, c.section))
        st = _section_status(ctx, c.act, c.section, on)
        if st.status != "not_in_act":
            continue
        version = st.version
        yield _finding(
            ctx,
            "LC102",
            f"{st.message} ({letter_date_phrase(ctx)})",
            c,
            (c.start, c.end),
            severity=_severity(Severity.WARNING, st.confidence),
            corpus=_corpus_obj(ctx, c.act, version),
        )


@rule("LC103", "section-repealed-or-moved", Severity.ERROR)
def section_repealed_or_moved(ctx: Context) -> Iterator[Finding]:
    """The cited provision was repealed or moved before the letter's date.

    ## What it does
    Asks the corpus whether the cited § of the act still exists on the letter's date. When it was repealed or
    moved (kontanthjælp moved from aktivloven §§ 22–25 to §§ 16–20 on 1 July 2025), the finding names where it
    went. A letter may rightly cite the old rule when it decides about a period before the change (a
    repayment claim for 2024, "den dagældende § 25"): when the letter's data or text ties the citation to
    such a period, it is not reported.

    ## Why is this bad?
    A decision must state its legal basis (forvaltningsloven § 22 and § 24, stk. 1). Citing a repealed
    provision gives the citizen a wrong legal basis and is a ground for complaint; Ankestyrelsen's practice
    reviews list outdated legal references as a recurring defect.

    ## Example
    `Du får kontanthjælp efter aktivlovens § 25` in a letter dated 1 October 2025.

    ## How to fix
    Cite the provision in force (the suggestion names it), or, if the letter concerns an earlier period, say
    so ("efter den dagældende § 25 …").
    """
    on = ctx.letter.date
    if on is None:
        return
    periods = _periods(ctx)
    for c in ctx.citations:
        if not c.act or not c.section:
            continue
        st = _section_status(ctx, c.act, c.section, on)
        if st.status not in ("repealed", "moved"):
            continue
        if st.since is not None and periods.before(st.since, c.start):
            continue
        target = None
        if st.status == "moved" and st.moved_to:
            target = st.moved_to if not st.moved_to_act else f"{st.moved_to} i {st.moved_to_act}"
        yield _finding(
            ctx,
            "LC103",
            f"{st.message}; {letter_date_phrase(ctx)}",
            c,
            (c.start, c.end),
            severity=_severity(Severity.ERROR, st.confidence),
            suggestion=f"cite {target} instead" if target else "remove or replace the repealed provision",
            corpus=_corpus_obj(ctx, c.act, ctx.corpus.version_in_force(c.act, on)),
        )


@rule("LC104", "outdated-version", Severity.ERROR)
def outdated_version(ctx: Context) -> Iterator[Finding]:
    """The cited lovbekendtgørelse (or lov) was superseded before the letter's date.

    ## What it does
    For every cited LBK/LOV ("lovbekendtgørelse nr. 269 af 21. marts 2017"), finds the version of the act in
    force on the letter's date. When the cited one was superseded by then, the message names the version in
    force and since when, and the suggestion is the corrected reference written in the letter's own style.
    A letter about a period when the cited version was in force (a repayment claim for that period) is not
    reported. A number newer than anything the corpus knows is not reported either: the corpus may be stale
    (see LC109).

    ## Why is this bad?
    Standard letters that cite an outdated consolidation were the seed complaint behind lettercheck. The
    citizen (and the complaints body) reads a legal basis that is no longer the law; forvaltningsloven § 24
    requires the decision to refer to the rules it is made under.

    ## Example
    `jf. lovbekendtgørelse nr. 269 af 21. marts 2017` in a letter dated 14 October 2025.

    ## How to fix
    Update the template to the version in force (the suggestion), and check the provisions cited with it.
    """
    periods = _periods(ctx)
    for c, st in _doc_status(ctx):
        if st.status != "superseded" or st.in_force is None:
            continue
        v = st.version
        if v is not None and periods.overlaps(v.start, st.since):
            continue
        span = _span(c, "doc")
        written = ctx.letter.text[span[0] : span[1]]
        yield _finding(
            ctx,
            "LC104",
            f"outdated: {st.message}; {letter_date_phrase(ctx)}",
            c,
            span,
            severity=_severity(
                Severity.ERROR, st.confidence or (st.in_force.confidence if st.in_force else None)
            ),
            suggestion=restyle_document(written, c.document, st.in_force),
            corpus=_corpus_obj(ctx, st.act or c.act, st.in_force),
        )


@rule("LC105", "act-repealed", Severity.ERROR)
def act_repealed(ctx: Context) -> Iterator[Finding]:
    """The cited act itself was repealed or replaced before the letter's date.

    ## What it does
    Reports a citation of an act that was no longer in force on the letter's date, naming its successor:
    lov om en aktiv beskæftigelsesindsats of 2003 (replaced by LOV 548/2019 from 1 January 2020),
    persondataloven (replaced by databeskyttelsesloven from 25 May 2018). Two acts with one title are told
    apart by the letter's date, so a 2024 letter citing "lov om en aktiv beskæftigelsesindsats" by title is
    read as the 2019 act and not reported; one that cites the old act's lovbekendtgørelse is.

    ## Why is this bad?
    The letter's legal basis is an act that no longer exists.

    ## Example
    `efter persondataloven` in a letter dated 2023.

    ## How to fix
    Cite the successor act (the suggestion names it) and the corresponding provision.
    """
    on = ctx.letter.date
    if on is None:
        return
    periods = _periods(ctx)
    seen: set[Any] = set()
    for c in ctx.citations:
        if not c.act:
            continue
        act = ctx.corpus.acts.get(c.act)
        if act is None or act.in_force_on(on):
            continue
        # the first day the act no longer applied
        if act.replaced_by:
            until = act.replaced_by[1]
        elif act.in_force_to:
            until = act.in_force_to + timedelta(days=1)
        else:
            continue
        if on < until:
            continue
        if periods.before(until, c.start):
            continue
        key = c.group if c.group else (c.start, c.end)
        if key in seen:
            continue
        seen.add(key)
        succ = None
        if act.replaced_by:
            successor = ctx.corpus.acts.get(act.replaced_by[0])
            succ = _act_label(successor) if successor else act.replaced_by[0]
        span = _span(c, "act") if c.act_start is not None else _span(c, "doc")
        yield _finding(
            ctx,
            "LC105",
            f"{_act_label(act)} was {'replaced' if succ else 'repealed'} on {_long_date(until)}"
            f"{f' by {succ}' if succ else ''}; {letter_date_phrase(ctx)}",
            c,
            span,
            severity=_severity(Severity.ERROR, act.replaced_by_confidence),
            suggestion=f"cite {succ}" if succ else None,
            corpus=_corpus_obj(ctx, act.replaced_by[0] if act.replaced_by else c.act, None),
        )


@rule("LC106", "inconsistent-document-reference", Severity.ERROR)
def inconsistent_document(ctx: Context) -> Iterator[Finding]:
    """The document reference does not fit: the number belongs to another act, or number and date disagree.

    ## What it does
    Compares a cited LBK/LOV with the corpus: "lov om sygedagpenge, jf. lovbekendtgørelse nr. 1004 af 30. juni
    2025" names aktivloven's LBK under the wrong act; "lovbekendtgørelse nr. 1004 af 30. juni 2024" has the
    right number and the wrong date (or the other way round). The message says which act and date the corpus
    has for it.

    ## Why is this bad?
    The citizen cannot find the cited text, and a template with a mixed-up reference usually has other
    outdated parts.

    ## How to fix
    Correct the number or date to the version the corpus names.
    """
    for c, st in _doc_status(ctx):
        if st.status not in ("other_act", "wrong_date"):
            continue
        if st.status == "other_act" and c.short_form:
            # the act was inherited from an earlier mention, not written with the document: no contradiction
            continue
        v = st.version
        suggestion = None
        if v is not None:
            span = _span(c, "doc")
            suggestion = restyle_document(ctx.letter.text[span[0] : span[1]], c.document, v)
        yield _finding(
            ctx,
            "LC106",
            st.message,
            c,
            _span(c, "doc"),
            severity=_severity(Severity.ERROR, st.confidence),
            suggestion=suggestion,
            corpus=_corpus_obj(ctx, v.act if v else c.act, v),
        )


@rule("LC107", "version-not-yet-in-force", Severity.ERROR)
def version_not_yet_in_force(ctx: Context) -> Iterator[Finding]:
    """The cited version was not yet in force on the letter's date.

    ## What it does
    Reports a cited LBK/LOV that came into force after the letter's date — usually a letter back-dated, a
    template updated too early, or a wrong letter date.

    ## Why is this bad?
    The decision rests on rules that did not apply when it was made.

    ## How to fix
    Cite the version in force on the letter's date, or correct the letter's date.
    """
    for c, st in _doc_status(ctx):
        if st.status != "not_yet_in_force":
            continue
        on = ctx.letter.date
        in_force = ctx.corpus.version_in_force(st.act or c.act, on) if (st.act or c.act) and on else None
        span = _span(c, "doc")
        yield _finding(
            ctx,
            "LC107",
            f"{st.message}; {letter_date_phrase(ctx)}",
            c,
            span,
            severity=_severity(Severity.ERROR, st.confidence),
            suggestion=(
                restyle_document(ctx.letter.text[span[0] : span[1]], c.document, in_force)
                if in_force
                else None
            ),
            corpus=_corpus_obj(ctx, st.act or c.act, in_force),
        )


@rule("LC108", "unresolved-short-form", Severity.WARNING)
def unresolved_short_form(ctx: Context) -> Iterator[Finding]:
    """A short form ("lovens § 24", "samme lov") has no act to refer back to.

    ## What it does
    Reports short forms the extractor could not resolve to one antecedent: no act was named before them, or
    more than one could be meant. Like eyecite, lettercheck refuses to guess.

    ## Why is this bad?
    The citizen cannot tell which act "lovens § 24" is in; in a generated letter it usually means a text
    block was reused without the paragraph that named the act.

    ## How to fix
    Name the act the first time ("§ 24 i lov om aktiv socialpolitik").
    """
    seen: set[Any] = set()
    for c in ctx.citations:
        if not c.unresolved:
            continue
        key = c.group if c.group else (c.start, c.end)
        if key in seen:
            continue
        seen.add(key)
        words = " ".join(c.text.split())
        yield _finding(ctx, "LC108", f"short form {words!r} has no act to refer back to", c, (c.start, c.end))


@rule("LC109", "corpus-may-be-stale", Severity.INFO, default=False)
def corpus_may_be_stale(ctx: Context) -> Iterator[Finding]:
    """The letter is dated after the corpus was last verified, or cites a version newer than the corpus knows.

    ## What it does
    Adds one note per letter when its date lies after the date up to which the corpus's version chains are
    believed complete (`meta.verified_until`), or when it cites a LBK/LOV number newer than any version the
    corpus knows of that act. Such citations are never reported as wrong.

    ## Why is this bad?
    It is not: it says that the other citation checks may miss a newer consolidation, so the corpus should be
    updated (`lettercheck corpus import-lexdania`, or a local overlay).

    LC109 is opt-in (enable it with `--extend-select LC109`): it says something about the corpus, not the
    letter, and would otherwise appear on every letter dated after the corpus was last verified.

    ## How to fix
    Update the corpus, or a local overlay.
    """
    on = ctx.letter.date
    if on is None or not ctx.citations:
        return
    for c, st in _doc_status(ctx):
        if st.status == "stale":
            yield _finding(ctx, "LC109", st.message, c, _span(c, "doc"))
            return
    for c in ctx.citations:
        if not c.act:
            continue
        verified = ctx.corpus.verified_until_for(c.act)
        if verified is not None and on > verified:
            act = ctx.corpus.acts[c.act]
            yield _finding(
                ctx,
                "LC109",
                f"the corpus's versions of {act.names[0] if act.names else act.id} are verified until "
                f"{_long_date(verified)}; a newer version may exist ({letter_date_phrase(ctx)})",
                c,
                (c.start, c.end),
            )
            return
