"""Required and outdated content (LC3xx): legal basis, klagevejledning, abolished bodies and benefit terms.

What a letter type must contain, and how each part is recognised, is data (``rules/letter_types.yaml``,
``rules/content.yaml``, and the user's own packs); abolished bodies and renamed benefits come from the corpus.
These rules only apply that data to one letter, so a municipality's own wording or a new letter type never
needs a change here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from datetime import date, timedelta
from typing import Any

import regex

from lettercheck.context import Context
from lettercheck.corpus import normalize_section
from lettercheck.lettertypes import (
    Structure,
    context_packs,
    element_exempt,
    element_regions,
    find_pattern,
    heading_text,
    is_empty_content,
    is_heading_candidate,
    structure_of,
)
from lettercheck.model import Finding, Severity
from lettercheck.packs import Element, Packs, live_patterns, live_within, match_spans
from lettercheck.registry import rule

# ------------------------------------------------------------------------------------------------------
# shared helpers
# ------------------------------------------------------------------------------------------------------


def _required(ctx: Context, code: str) -> list[Element]:
    """The elements the letter's type requires that rule ``code`` reports."""
    return [e for e in context_packs(ctx).required_elements(ctx.letter.letter_type) if e.code == code]


def _type_name(ctx: Context) -> str:
    t = context_packs(ctx).letter_type(ctx.letter.letter_type)
    return t.name.lower() if t else "letter"


def _anchor(ctx: Context) -> tuple[int | None, int | None]:
    """Where a "missing" finding points: the heading that made the letter its type, else its first line."""
    packs = context_packs(ctx)
    st = structure_of(ctx)
    t = packs.letter_type(ctx.letter.letter_type)
    lines = st.lines[: packs.settings.heading_lines]
    if t is not None:
        for line in lines:
            if is_heading_candidate(line, packs.settings.heading_max_chars) and any(
                p.fullmatch(heading_text(line.text)) for p in t.headings
            ):
                return line.start, line.end
    if st.lines:
        return st.lines[0].start, st.lines[0].end
    return None, None


def is_present(el: Element, text: str, st: Structure) -> bool:
    """Present by heading or by phrase (citation elements are judged by LC301 from the citations)."""
    return bool(st.blocks_for(el.id)) or find_pattern(el.patterns, text) is not None


# Patterns are compiled on first use (functools.cache): compiling costs ~1 ms each, and a process that checks
# one letter should not pay for the rules' patterns that letter never needs.


@functools.cache
def _sentence_end() -> regex.Pattern[str]:
    return regex.compile(
        r"(?<!\b\d{1,2})(?<!\b(?:stk|nr|pkt|jf|kr|ca|bl\.a|f\.eks|evt|mv|m\.v|pga|inkl|ekskl))[.!?](?=\s+[A-ZÆØÅ\d«»\"(])|\n\s*\n"
    )


def sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in ``text[start:end]``: split at ``. `` before a capital and at blank lines.

    Dates ("1. juli 2025"), sections ("§ 11, stk. 2") and abbreviations do not end a sentence, so a date
    stays in the sentence that mentions it — the LC304/LC305 exceptions depend on that.
    """
    end = len(text) if end is None else end
    out = []
    pos = start
    for m_end in _sentence_ends(text, start, end):
        out.append((pos, m_end))
        pos = m_end
    if pos < end:
        out.append((pos, end))
    return [(s, e) for s, e in out if text[s:e].strip()]


def _sentence_ends(text: str, start: int, end: int) -> list[int]:
    """The ends of ``_sentence_end().finditer(text, start, end)``'s matches, trying the pattern only where
    one can start: at ".", "!", "?" or a line break followed by whitespace (its lookahead and the blank
    line both need it). ``match`` at a position finds what ``finditer`` finds there (the lookbehinds see
    the text before it), and matches never overlap."""
    match = _sentence_end().match
    ends = []
    pos = start
    for c in _sentence_end_candidates().finditer(text, start, end):
        i = c.start()
        if i < pos:
            continue
        m = match(text, i, end)
        if m is not None:
            pos = m.end()
            ends.append(pos)
    return ends


@functools.cache
def _sentence_end_candidates() -> Any:
    """Where ``_sentence_end`` can match: ".", "!", "?" or a line break before whitespace (``re``'s ``\\s``
    is ``str.isspace``, which accepts every ``\\s`` of ``regex``); a plain character scan."""
    import re

    return re.compile(r"[.!?\n](?=\s)")


def _sentence_at(text: str, pos: int) -> tuple[int, int]:
    """The sentence of ``sentences(text, pos - 600, pos + 600)`` that holds ``pos`` (that window if none
    does): the sentence ends are found as there, from the window's start."""
    lo = max(0, pos - 600)
    hi = min(len(text), pos + 600)
    seg = lo  # the start of the sentence so far
    for end in _sentence_ends(text, lo, hi):
        if end > pos:
            return _unless_blank(text, seg, end, lo, hi)
        seg = end
    return _unless_blank(text, seg, hi, lo, hi) if seg <= pos < hi else (lo, hi)


def _unless_blank(text: str, s: int, e: int, lo: int, hi: int) -> tuple[int, int]:
    """``(s, e)``, or the window ``(lo, hi)`` when that sentence is blank (``sentences`` leaves it out)."""
    return (s, e) if text[s:e].strip() else (lo, hi)


# ------------------------------------------------------------------------------------------------------
# LC301 legal basis
# ------------------------------------------------------------------------------------------------------


def _act_key(act: Any) -> str | None:
    if act is None:
        return None
    for attr in ("id", "name"):
        v = getattr(act, attr, None)
        if isinstance(v, str) and v:
            return v
    return str(act)


def _norm(s: str) -> str:
    return " ".join(s.casefold().replace("ø", "oe").replace("æ", "ae").replace("å", "aa").split())


def _excluded(el: Element, act: str, section: Any) -> bool:
    a = _norm(act)
    sec = normalize_section(section)
    return any(a in x.acts and (not x.sections or sec in x.sections) for x in el.citation_exclude)


def _cite_label(c: Any) -> str:
    act = _act_key(getattr(c, "act", None)) or "?"
    sec = getattr(c, "section", None)
    return f"{act} § {sec}" if sec is not None else act


@rule("LC301", "decision-without-legal-basis", Severity.ERROR)
def decision_without_legal_basis(ctx: Context) -> Iterator[Finding]:
    """A decision cites no legal basis: no provision of the act it is made under.

    ## What it does
    For a letter whose type requires a legal basis (afgørelse, tilbagebetaling — see
    `rules/letter_types.yaml`), looks at the statute citations the citation extractor found and requires at
    least one that names both an act and a section (`aktivlovens § 81`, `§ 91, stk. 1, i lov om aktiv
    socialpolitik`). These do **not** count:

    * procedural provisions that every decision cites: forvaltningsloven §§ 19, 21–26 (partshøring,
      begrundelse, klagevejledning) and retssikkerhedsloven §§ 60, 66, 67, 72 (klage, genvurdering,
      klagefrist, opsættende virkning) — a klagevejledning that cites only these says how to complain, not
      what the decision is made under (the list is `citation_exclude` in `rules/content.yaml`);
    * a whole act without a section ("efter aktivloven"): it does not tell the citizen which rule applied;
    * a bare "§ 12" the extractor could not tie to an act.

    A decision that gives full approval is exempt (forvaltningsloven § 22: no begrundelse is required then).

    ## Why is this bad?
    Forvaltningsloven § 24, stk. 1: the begrundelse must refer to the legal rules the decision is made under.
    Without it the citizen cannot check the decision or argue a complaint, and Ankestyrelsen and the
    Ombudsman treat a missing legal basis as a serious defect in the begrundelse.

    ## Example
    ```text
    Afgørelse om enkeltydelse
    Vi kan ikke bevilge hjælp til tandbehandling, fordi du selv kan betale udgiften.
    Klagevejledning: ... jf. retssikkerhedslovens § 66 ...
    ```

    ## How to fix
    Name the provision the decision is made under: "Afgørelsen er truffet efter § 82 i lov om aktiv
    socialpolitik."
    """
    for el in _required(ctx, "LC301"):
        if element_exempt(el, ctx.letter.text):
            continue
        cits = list(ctx.citations or [])
        procedural, act_only, no_act = [], [], []
        for c in cits:
            act = _act_key(getattr(c, "act", None))
            section = getattr(c, "section", None)
            if act is None:
                no_act.append(c)
            elif section is None:
                act_only.append(c)
            elif el.citation_exclude and _excluded(el, act, section):
                procedural.append(c)
            else:
                break  # a substantive provision: the decision has a legal basis
        else:
            start, end = _anchor(ctx)
            kind = _type_name(ctx)
            if procedural:
                shown = ", ".join(dict.fromkeys(_cite_label(c) for c in procedural))
                msg = f"the {kind} cites only procedural provisions ({shown}); none of the rules it is made under"
            elif act_only:
                shown = ", ".join(dict.fromkeys(_cite_label(c) for c in act_only))
                msg = f"the {kind} names {shown} but no provision (§) it is made under"
            elif no_act:
                msg = f"the {kind} cites a § but no act it belongs to, so its legal basis is unclear"
            else:
                msg = f"the {kind} cites no legal basis at all"
            yield ctx.finding(
                "LC301",
                f"{msg} ({_short_ground(el)})",
                start,
                end,
                suggestion='name the provision the decision is made under, e.g. "Afgørelsen er truffet efter '
                '§ … i lov om …"',
            )


def _short_ground(el: Element) -> str:
    g = " ".join(el.legal_ground.split())
    return g.split(":")[0] if ":" in g else g


# ------------------------------------------------------------------------------------------------------
# LC302 klagevejledning missing, LC306 other required elements
# ------------------------------------------------------------------------------------------------------


@rule("LC302", "decision-without-klagevejledning", Severity.ERROR)
def decision_without_klagevejledning(ctx: Context) -> Iterator[Finding]:
    """A decision has no klagevejledning.

    ## What it does
    For a letter whose type requires a klagevejledning (afgørelse, tilbagebetaling, or any type a pack gives
    the element `klagevejledning`), looks for it by heading ("Klagevejledning", "Hvis du vil klage",
    "Sådan klager du", …) and by phrase ("du kan klage over afgørelsen", "klagefrist", …). The wordings are
    in `rules/content.yaml`; a municipality adds its own in its pack. A decision that gives full approval is
    exempt (forvaltningsloven § 25, stk. 1, last sentence).

    ## Why is this bad?
    Forvaltningsloven § 25, stk. 1: a written decision that can be appealed must come with a klagevejledning
    naming the klageinstans and how to complain, including any deadline. Without it the citizen may not
    know they can complain, or miss the deadline.

    ## Example
    An "Afgørelse om kontanthjælp" that ends after the begrundelse with "Med venlig hilsen".

    ## How to fix
    Add the municipality's standard klagevejledning: complain to the kommune within 4 weeks of receiving the
    decision; the kommune reconsiders it and, if it keeps it, sends the complaint on to Ankestyrelsen.
    """
    text = ctx.letter.text
    for el in _required(ctx, "LC302"):
        if element_exempt(el, text):
            continue
        if is_present(el, text, structure_of(ctx)):
            continue
        start, end = _anchor(ctx)
        yield ctx.finding(
            "LC302",
            f"the {_type_name(ctx)} has no {el.name.lower()} ({_short_ground(el)})",
            start,
            end,
            suggestion="add a klagevejledning: where to complain (the kommune, which reconsiders and forwards to "
            "Ankestyrelsen) and the deadline",
            severity=el.severity,
        )


@rule("LC306", "missing-required-element", Severity.WARNING)
def missing_required_element(ctx: Context) -> Iterator[Finding]:
    """A letter lacks an element its type requires (begrundelse, answer deadline, amount, …).

    ## What it does
    Checks every required element of the letter's type that has no rule of its own (code `LC306` in
    `rules/content.yaml`): the begrundelse of a decision, the answer deadline of a partshøring, the amount of
    a repayment claim, and any element a rule pack adds. An element is present when one of its headings is
    a heading line of the letter or one of its phrases occurs. The default severity is a warning because
    phrase recognition can miss unusual wording; an element may set its own severity in the pack (the amount
    of a repayment claim is an error).

    ## Why is this bad?
    Each element carries its legal ground in the pack, shown in the message: a decision without a
    begrundelse breaks forvaltningsloven § 22; a partshøring without an answer deadline leaves the citizen
    unsure until when they can answer (§ 19); a repayment decision that does not state the amount does not
    tell the citizen the decisive fact (§ 24).

    ## Example
    "Partshøring: vi overvejer at stoppe din kontanthjælp. Du er velkommen til at komme med bemærkninger."
    (no date or period for the answer).

    ## How to fix
    Add the element, e.g. "Vi skal have dit svar senest den 14. november 2025."
    """
    text = ctx.letter.text
    for el in _required(ctx, "LC306"):
        if element_exempt(el, text):
            continue
        if is_present(el, text, structure_of(ctx)):
            continue
        start, end = _anchor(ctx)
        yield ctx.finding(
            "LC306",
            f"the {_type_name(ctx)} has no {el.name.lower()} ({_short_ground(el)})",
            start,
            end,
            suggestion=f"add the {el.name.lower()} to the letter",
            severity=el.severity,
        )


# ------------------------------------------------------------------------------------------------------
# LC303 klagevejledning content
# ------------------------------------------------------------------------------------------------------


@functools.cache
def _deadline_date_cue() -> regex.Pattern[str]:
    return regex.compile(
        r"(?:senest|inden|før|udløber|frist\w*(?:\s+(?:er|udløber))?)\s*(?:den|d\.)?\s*$", regex.IGNORECASE
    )


@rule("LC303", "klagevejledning-incomplete", Severity.ERROR)
def klagevejledning_deadline_or_authority(ctx: Context) -> Iterator[Finding]:
    """The klagevejledning gives a wrong deadline or none, or names no authority.

    ## What it does
    In the klagevejledning of a letter whose type requires one (the section under its heading, or from its
    first phrase to the next heading):

    * **wrong deadline** (error): a sentence about complaining that sets a limit ("inden", "senest",
      "klagefristen er", …) with a duration other than 4 weeks — "8 uger", "14 dage", "1 måned" — or with a
      deadline date less than 4 weeks after the letter's date. Sentences about the kommune's own handling
      ("kommunen genvurderer afgørelsen inden fire uger"), the receipt rule for post, and requests for a
      written begrundelse are not complaint deadlines;
    * **no deadline** (error): no complaint deadline at all;
    * **no klageinstans** (error): Ankestyrelsen (or another klageinstans the pack lists) is not named;
    * **no recipient** (warning): it does not say where to send the complaint — the kommune ("til os",
      "Jobcentret", "den myndighed, der har truffet afgørelsen").

    The deadline, the accepted wordings and the authorities are data (`deadline` and `authority` of the
    element in `rules/content.yaml`), so another area's deadline is a pack entry, not a code change.

    ## Why is this bad?
    Forvaltningsloven § 25, stk. 1 requires the klagevejledning to name the klageinstans and the procedure,
    including any deadline. On the social and employment area the complaint goes to the kommune, which must
    reconsider the decision before sending it to Ankestyrelsen (retssikkerhedsloven § 66), and the deadline
    is 4 weeks from when the citizen received the decision (retssikkerhedsloven; Ankestyrelsen cites § 67 —
    the shared facts file marks that section number as second-hand). A wrong deadline makes citizens
    complain too late, or believe they have more time than they have.

    ## Example
    ```text
    Klagevejledning
    Du kan klage over afgørelsen inden 8 uger.
    ```

    ## How to fix
    "Hvis du vil klage, skal du sende klagen til kommunen, så vi har den senest 4 uger efter, at du har
    modtaget afgørelsen. Vi vurderer afgørelsen igen, og fastholder vi den, sender vi din klage videre til
    Ankestyrelsen."
    """
    letter = ctx.letter
    text = letter.text
    packs = context_packs(ctx)
    st = structure_of(ctx)
    for el in packs.required_elements(letter.letter_type):
        if el.deadline is None and el.authority is None:
            continue
        if element_exempt(el, text):
            continue
        regions = element_regions(el, letter, st)
        if not regions:
            continue  # LC302 reports the missing klagevejledning
        body = [(s, e) for s, e in regions if not _region_empty(st, s, e, text, packs)]
        if not body:
            continue  # LC403 reports the empty klagevejledning section
        if el.deadline is not None:
            yield from _check_deadline(ctx, el, body)
        if el.authority is not None:
            yield from _check_authority(ctx, el, body)


def _region_empty(st: Structure, s: int, e: int, text: str, packs: Packs) -> bool:
    for b in st.blocks:
        if b.heading.line.start == s:
            return is_empty_content(text[b.content_start : b.content_end], packs)
    return False


def _check_deadline(ctx: Context, el: Element, regions: list[tuple[int, int]]) -> Iterator[Finding]:
    dl = el.deadline
    assert dl is not None
    text = ctx.letter.text
    letter_date = ctx.letter.date
    ok = False
    wrong: list[Finding] = []
    pats, memo = _deadline_patterns(dl)
    for rs, re_ in regions:
        for s, e in sentences(text, rs, re_):
            sent = text[s:e]
            durations = memo.get(sent, _UNKNOWN)
            if durations is _UNKNOWN:
                durations = _complaint_durations(dl, pats, text, s, e)
                if len(sent) <= _MEMO_MAX_CHARS:
                    if len(memo) >= _MEMO_MAX_ENTRIES:
                        memo.clear()
                    memo[sent] = durations
            if durations is None:
                continue
            for said, ms, me, valid in durations:
                if valid:
                    ok = True
                    continue
                wrong.append(
                    ctx.finding(
                        "LC303",
                        f"the klagevejledning gives a complaint deadline of {said!r}; the klagefrist is "
                        f"{dl.expected} from receiving the decision",
                        s + ms,
                        s + me,
                        suggestion=dl.expected,
                    )
                )
            for d_start, d_end, d_text, d_value in _cued_dates(
                sent, letter_date.year if letter_date else None
            ):
                if letter_date is not None and dl.min_days and d_value < letter_date + timedelta(dl.min_days):
                    wrong.append(
                        ctx.finding(
                            "LC303",
                            f"the klagevejledning's deadline {d_text!r} is less than {dl.expected} after the "
                            f"letter's date ({letter_date.isoformat()})",
                            s + d_start,
                            s + d_end,
                            suggestion=f"{dl.expected} after the citizen received the decision, at the earliest "
                            f"{(letter_date + timedelta(dl.min_days)).isoformat()}",
                        )
                    )
                else:
                    ok = True
    yield from wrong
    if not ok and not wrong:
        s = regions[0][0]
        yield ctx.finding(
            "LC303",
            f"the klagevejledning gives no complaint deadline (the klagefrist is {dl.expected})",
            s,
            _line_end(ctx.letter.text, s),
            suggestion=f"state the deadline: the complaint must be received within {dl.expected} of receiving "
            "the decision",
        )


def _cued_dates(sent: str, year: int | None) -> tuple[tuple[int, int, str, date], ...]:
    """The dates of a complaint sentence that a deadline word leads up to ("senest den 3. marts 2025"):
    ``(start, end, as written, value)``. Kept per sentence and year, as the durations are."""
    key = (sent, year)
    found = _CUED_DATES.get(key)
    if found is None:
        from lettercheck.extract.dates import find_dates

        cue = _deadline_date_cue().search
        found = tuple(
            (d.start, d.end, d.text, d.value)
            for d in find_dates(sent, default_year=year)
            if cue(sent[max(0, d.start - 30) : d.start])
        )
        if len(sent) <= _MEMO_MAX_CHARS:
            if len(_CUED_DATES) >= _MEMO_MAX_ENTRIES:
                _CUED_DATES.clear()
            _CUED_DATES[key] = found
    return found


_CUED_DATES: dict[tuple[str, int | None], tuple[tuple[int, int, str, date], ...]] = {}


def _complaint_durations(
    dl: Any, pats: tuple[regex.Pattern[str], ...], text: str, s: int, e: int
) -> tuple[tuple[str, int, int, bool], ...] | None:
    """For the sentence ``text[s:e]``: None when it does not set a complaint limit (no complaint word, no
    cue, or an exclusion), else its durations ``(as said, start, end, valid)``, relative to ``s``.

    A pattern whose literals the sentence lacks is not run on it: each of these case-insensitive searches
    costs ~150 instructions a character, looking for their literals a few. The answer depends on the
    sentence's text alone, so it is kept per text (``_check_deadline``)."""
    live = live_within(pats, text, s, e)
    sent = text[s:e]
    if not (live[0] and dl.sentence.search(sent)) or not (live[1] and dl.cue.search(sent)):
        return None
    if any(live[k] and x.search(sent) for k, x in enumerate(dl.exclude, 3)):
        return None
    out = []
    for m in dl.duration.finditer(sent) if live[2] else ():
        said = " ".join(m.group(0).split())
        out.append((said, m.start(), m.end(), any(v.fullmatch(said) for v in dl.valid)))
    return tuple(out)


def _deadline_patterns(
    dl: Any,
) -> tuple[tuple[regex.Pattern[str], ...], dict[str, tuple[tuple[str, int, int, bool], ...] | None]]:
    """A deadline's patterns as one group for ``live_within`` (sentence, cue, duration, exclusions), and
    its answers by sentence text (:func:`_complaint_durations`).

    Letters made from one template share their klagevejledning word for word, less a date or a name, so
    most of its sentences have been judged before: a batch judges each distinct sentence once.
    """
    hit = _DEADLINE_PATTERNS.get(id(dl))
    if hit is None or hit[0] is not dl:
        if len(_DEADLINE_PATTERNS) >= 64:
            _DEADLINE_PATTERNS.clear()
        hit = _DEADLINE_PATTERNS[id(dl)] = (dl, (dl.sentence, dl.cue, dl.duration, *dl.exclude), {})
    return hit[1], hit[2]


_DEADLINE_PATTERNS: dict[int, tuple[Any, tuple[regex.Pattern[str], ...], dict[str, Any]]] = {}
_UNKNOWN: Any = object()
#: sentences longer than this are judged afresh each time (a hostile letter's one long line is not kept)
_MEMO_MAX_CHARS = 1000
#: distinct sentences kept per deadline before the memo starts afresh
_MEMO_MAX_ENTRIES = 4096


def _check_authority(ctx: Context, el: Element, regions: list[tuple[int, int]]) -> Iterator[Finding]:
    au = el.authority
    assert au is not None
    text = ctx.letter.text
    body = " \n".join(text[s:e] for s, e in regions)
    s = regions[0][0]
    if (
        au.klageinstans
        and not _any_match(au.klageinstans, text, regions, body)
        and not _names_abolished_body(ctx, body)
    ):
        yield ctx.finding(
            "LC303",
            f"the klagevejledning names no klageinstans ({au.klageinstans_name})",
            s,
            _line_end(text, s),
            suggestion=f"name {au.klageinstans_name} as the klageinstans",
        )
    if au.recipient and not _any_match(au.recipient, text, regions, body):
        yield ctx.finding(
            "LC303",
            f"the klagevejledning does not say where to send the complaint: {au.recipient_name}",
            s,
            _line_end(text, s),
            suggestion=f"say that the complaint is sent to {au.recipient_name}",
            severity=Severity.WARNING,
        )


def _any_match(
    patterns: tuple[regex.Pattern[str], ...], text: str, regions: list[tuple[int, int]], body: str
) -> bool:
    """Whether one of ``patterns`` matches ``body`` (the regions' text). For one region (the usual case)
    the prefilter looks at the letter's text in place, and no lower-cased copy of the body is made."""
    if len(regions) == 1:
        live = live_within(patterns, text, *regions[0])
        return any(live[k] and p.search(body) for k, p in enumerate(patterns))
    return find_pattern(patterns, body) is not None


def _names_abolished_body(ctx: Context, body: str) -> bool:
    """Whether the text names a body that no longer exists: then the klageinstans is named, but wrongly,
    and that one defect is LC304's to report (with the successor), not a second finding here."""
    letter_date = ctx.letter.date
    if letter_date is None:
        return False
    bodies = getattr(ctx.corpus, "bodies", None) or ()
    found: list[list[tuple[int, int]]] | None = None
    for i, _b, abolished in _dated(bodies, "abolished"):
        if letter_date >= abolished:
            if found is None:
                found = _mentions(bodies, "name", body)
            if found[i]:
                return True
    return False


def _line_end(text: str, start: int) -> int:
    nl = text.find("\n", start)
    return len(text) if nl < 0 else nl


# ------------------------------------------------------------------------------------------------------
# LC304 abolished bodies, LC305 outdated benefit terms
# ------------------------------------------------------------------------------------------------------


def _as_date(v: Any) -> date | None:
    if isinstance(v, date):
        return v
    if isinstance(v, str):
        try:
            return date.fromisoformat(v.strip()[:10])
        except ValueError:
            return None
    return None


def _dated(items: Any, attr: str) -> tuple[tuple[int, Any, date], ...]:
    """The corpus entries (bodies, terms) with a date in ``attr``: ``(index, entry, date)`` in order.

    Worked out once per list of entries: every letter asks, and reading the dates costs more than the
    rest of the rule for a letter that names none of the entries."""
    entries = tuple(items or ())
    key = (id(items), attr)
    hit = _DATED.get(key)
    if hit is not None and hit[0] == entries:
        return hit[1]
    found = []
    for i, item in enumerate(entries):
        when = _as_date(getattr(item, attr, None))
        if when is not None:
            found.append((i, item, when))
    if len(_DATED) >= 64:
        _DATED.clear()
    _DATED[key] = (entries, tuple(found))
    return tuple(found)


_DATED: dict[tuple[int, str], tuple[tuple[Any, ...], tuple[tuple[int, Any, date], ...]]] = {}


_REGEX_CHARS = set("\\()[]?*+|^${}")


@functools.lru_cache(maxsize=1024)
def _compile(p: str, literal: bool) -> regex.Pattern[str]:
    if literal:
        words = [regex.escape(w) for w in p.split()]
        return regex.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", regex.IGNORECASE)
    return regex.compile(p, regex.IGNORECASE)


def _mentions(items: Any, name_attr: str, text: str) -> list[list[tuple[int, int]]]:
    """For each corpus entry (body, term): its ``_matches`` in ``text``.

    The entries' patterns are prefiltered together (``live_patterns``), so a letter that names none of
    them costs one search per distinct literal, not a pass of each pattern.
    """
    pats, owners = _grouped_patterns(items, name_attr)
    out: list[list[tuple[int, int]]] = [[] for _ in owners]
    if not pats:
        return out
    live = live_patterns(pats, text)
    if not any(live):
        return out
    for i, own in enumerate(owners):
        mine = [p for p, ok in zip(pats[own[0] : own[1]], live[own[0] : own[1]], strict=True) if ok]
        if mine:
            out[i] = _matches(mine, text, checked=True)
    return out


def _grouped_patterns(items: Any, name_attr: str) -> tuple[tuple[Any, ...], list[tuple[int, int]]]:
    """All entries' patterns in one tuple, and each entry's slice of it; kept per list of entries."""
    entries = tuple(items or ())
    key = (id(items), name_attr)
    hit = _GROUPED.get(key)
    if hit is not None and hit[0] == entries:
        return hit[1], hit[2]
    pats: list[Any] = []
    owners: list[tuple[int, int]] = []
    for item in entries:
        start = len(pats)
        pats.extend(_patterns_of(item, name_attr))
        owners.append((start, len(pats)))
    if len(_GROUPED) >= 64:
        _GROUPED.clear()
    _GROUPED[key] = (entries, tuple(pats), owners)
    return tuple(pats), owners


_GROUPED: dict[tuple[int, str], tuple[tuple[Any, ...], tuple[Any, ...], list[tuple[int, int]]]] = {}


def _patterns_of(item: Any, name_attr: str) -> list[regex.Pattern[str]]:
    """An entry's patterns: the corpus's compiled ``pattern``, else ``patterns`` (regex), ``variants``
    (literal words) or the name itself."""
    single = getattr(item, "pattern", None)
    if single is not None and hasattr(single, "finditer"):
        return [single]
    out: list[regex.Pattern[str]] = []
    for attr, literal in (("patterns", None), ("variants", True)):
        for p in getattr(item, attr, None) or ():
            if hasattr(p, "finditer"):
                out.append(p)
            elif isinstance(p, str) and p.strip():
                lit = literal if literal is not None else not (set(p) & _REGEX_CHARS)
                out.append(_compile(p, lit))
    if not out:
        name = getattr(item, name_attr, None)
        if isinstance(name, str) and name.strip():
            out.append(_compile(name, True))
    return out


def _matches(
    patterns: Iterable[regex.Pattern[str]], text: str, checked: bool = False
) -> list[tuple[int, int]]:
    """Non-overlapping match spans, longest first where they overlap.

    A pattern is only run where its literals occur (``match_spans``): the corpus's body and term patterns
    are case-insensitive alternations that cost ~50 µs a letter each, and few letters name any of them.
    """
    spans = sorted(
        {span for p in patterns for span in match_spans(p, text, checked)},
        key=lambda s: (s[0], -(s[1] - s[0])),
    )
    out: list[tuple[int, int]] = []
    for s, e in spans:
        if out and s < out[-1][1]:
            continue
        out.append((s, e))
    return out


@functools.cache
def _historical_before() -> regex.Pattern[str]:
    return regex.compile(
        r"(?:tidligere|daværende|dav\.|forhenværende|nu nedlagte|nedlagte|afskaffede|ophævede|gamle|indtil|før)"
        r"\s+(?:\S+\s+){0,2}$",
        regex.IGNORECASE,
    )


@functools.cache
def _historical_after() -> regex.Pattern[str]:
    return regex.compile(
        r"^\s*(?:\(\s*)?(?:,\s*)?(?:nu|i dag|som nu hedder|der nu hedder|nu kaldet|senere|nu:)\b",
        regex.IGNORECASE,
    )


@functools.cache
def _change_words() -> regex.Pattern[str]:
    return regex.compile(
        r"\b(?:afskaffe[ts]?|nedlag(?:t|de)|ophør(?:er|te|t)|ophæve[ts]?|erstatte[ts]?|afløs(?:er|t|es)|"
        r"hedder nu|er blevet til|blev til|omdøbt|samlet i (?:én|en) ydelse|ændret til)\b",
        regex.IGNORECASE,
    )


def _historical(
    ctx: Context, start: int, end: int, changed: date, letter_periods_before: Callable[[], bool]
) -> bool:
    """Whether a mention at ``text[start:end]`` speaks of the time before ``changed`` (so it is right).

    ``letter_periods_before`` (whether the whole letter is about the time before, :func:`_letter_about_before`)
    is asked only when the mention's own words and sentence do not decide: it reads every period of the
    letter."""
    text = ctx.letter.text
    if _historical_before().search(text[max(0, start - 40) : start]):
        return True
    if _historical_after().search(text[end : end + 40]):
        return True
    s, e = _sentence_at(text, start)
    sent = text[s:e]
    year = ctx.letter.date.year if ctx.letter.date else None
    key = (sent, start - s, end - s, year, changed)
    said = _SENTENCE_SAYS.get(key, _UNKNOWN)
    if said is _UNKNOWN:
        said = _sentence_says(sent, start - s, end - s, year, changed)
        if len(sent) <= _MEMO_MAX_CHARS:
            if len(_SENTENCE_SAYS) >= _MEMO_MAX_ENTRIES:
                _SENTENCE_SAYS.clear()
            _SENTENCE_SAYS[key] = said
    return letter_periods_before() if said is None else said


def _sentence_says(sent: str, ms: int, me: int, year: int | None, changed: date) -> bool | None:
    """Whether the sentence of a mention at ``sent[ms:me]`` places it before ``changed``; None when it
    does not say. Kept per sentence (``_SENTENCE_SAYS``): a template's sentence recurs in every letter."""
    from lettercheck.extract.dates import find_dates, find_periods

    if _change_words().search(sent):
        return True  # the sentence tells of the change itself ("uddannelseshjælp er afskaffet")
    # the date nearest the mention in the same sentence places it in time
    dated = [(p.span[0], p.span[1], p.end) for p in find_periods(sent, default_year=year)]
    dated += [(d.start, d.end, d.value) for d in find_dates(sent, default_year=year)]
    if dated:
        nearest = min(dated, key=lambda x: max(x[0] - me, ms - x[1], 0))
        return nearest[2] < changed  # type: ignore[no-any-return]
    return None


_SENTENCE_SAYS: dict[tuple[str, int, int, int | None, date], bool | None] = {}


def _about_before(ctx: Context, changed: date) -> Callable[[], bool]:
    """:func:`_letter_about_before`, worked out on first call and kept for the next."""
    kept: list[bool] = []

    def answer() -> bool:
        if not kept:
            kept.append(_letter_about_before(ctx, changed))
        return kept[0]

    return answer


def _letter_about_before(ctx: Context, changed: date) -> bool:
    """The letter is about a period before ``changed``: its payment period, or every period it names."""
    payment = ctx.letter.data.get("payment") if isinstance(ctx.letter.data, dict) else None
    if isinstance(payment, dict):
        period = payment.get("period") or {}
        end = _as_date(period.get("end")) if isinstance(period, dict) else None
        if end is not None:
            return end < changed
    periods = _letter_periods(ctx)
    return bool(periods) and all(p.end < changed for p in periods)


def _letter_periods(ctx: Context) -> list[Any]:
    """The periods the letter is about: date ranges, or a month introduced as "perioden"/"for"; a month
    named in passing ("din ansøgning fra juni 2025") does not make a current decision historical. Read
    once per letter (LC304 and LC305 both ask)."""
    found = ctx.__dict__.get("_content_periods")
    if found is None:
        from lettercheck.extract.dates import find_periods

        text = ctx.letter.text
        year = ctx.letter.date.year if ctx.letter.date else None
        found = ctx.__dict__["_content_periods"] = [
            p
            for p in find_periods(text, default_year=year)
            if _range().search(p.text) or _period_word().search(text[max(0, p.span[0] - 20) : p.span[0]])
        ]
    return found  # type: ignore[no-any-return]


@functools.cache
def _range() -> regex.Pattern[str]:
    return regex.compile(r"\d\s*(?:-|–|—|til)\s*\d|\btil\b")


@functools.cache
def _period_word() -> regex.Pattern[str]:
    return regex.compile(r"(?:perioden|for|i|måned(?:en)?)\s*$", regex.IGNORECASE)


def _in_klagevejledning(ctx: Context, pos: int) -> bool:
    packs = context_packs(ctx)
    st = structure_of(ctx)
    for el in packs.elements.values():
        if el.authority is None:
            continue
        for s, e in element_regions(el, ctx.letter, st):
            if s <= pos < e:
                return True
    return False


@rule("LC304", "abolished-body", Severity.WARNING)
def abolished_body(ctx: Context) -> Iterator[Finding]:
    """An abolished public body is named as if it still existed.

    ## What it does
    Looks for the bodies in the corpus's `bodies` list (Det Sociale Nævn, Beskæftigelsesankenævnet,
    Statsforvaltningen, …, each with its abolition date and successor) in a letter dated on or after the
    abolition date. A mention that speaks of the past is left alone: "det tidligere Sociale Nævn",
    "Statsforvaltningen (nu Familieretshuset)", a sentence dated before the abolition ("Det Sociale Nævn
    stadfæstede afgørelsen den 3. maj 2012"), or a letter whose periods all lie before it.

    A warning in general; an **error** when the body is named inside the klagevejledning, because there it
    sends the complaint to an authority that does not exist (forvaltningsloven § 25, stk. 1 requires the
    right klageinstans).

    ## Why is this bad?
    A citizen told to complain to, or contact, a body that was abolished years ago cannot do so; a letter
    naming it also shows that its template has not been maintained since.

    ## Example
    "Hvis kommunen fastholder afgørelsen, sendes klagen videre til Det Sociale Nævn." (letter of 2025; the
    sociale nævn were abolished on 1 July 2013, their tasks taken over by Ankestyrelsen).

    ## How to fix
    Name the successor from the suggestion (here: Ankestyrelsen).
    """
    letter_date = ctx.letter.date
    if letter_date is None:
        return
    text = ctx.letter.text
    bodies = getattr(ctx.corpus, "bodies", None) or ()
    found: list[list[tuple[int, int]]] | None = None
    for i, body, abolished in _dated(bodies, "abolished"):
        if letter_date < abolished:
            continue
        if found is None:
            found = _mentions(bodies, "name", text)
        if not found[i]:
            continue
        name = getattr(body, "name", None) or "?"
        successor = getattr(body, "successor", None)
        about_before = _about_before(ctx, abolished)
        for s, e in found[i]:
            if _historical(ctx, s, e, abolished, about_before):
                continue
            in_kv = _in_klagevejledning(ctx, s)
            where = " in the klagevejledning" if in_kv else ""
            yield ctx.finding(
                "LC304",
                f"{text[s:e]!r}{where} names {name}, abolished on {abolished.isoformat()}",
                s,
                e,
                suggestion=successor,
                severity=Severity.ERROR if in_kv else None,
                corpus={
                    "body": name,
                    "abolished": abolished.isoformat(),
                    "source": getattr(body, "source", None),
                },
            )


@rule("LC305", "outdated-benefit-term", Severity.WARNING)
def outdated_benefit_term(ctx: Context) -> Iterator[Finding]:
    """An abolished or renamed benefit is named as current after the change.

    ## What it does
    Looks for the terms in the corpus's `terms` list (uddannelseshjælp, selvforsørgelses- og
    hjemrejseydelse, overgangsydelse, integrationsydelse — replaced by kontanthjælp from 1 July 2025 — and
    others, each with its change date and successor) in a letter dated on or after the change. The term is
    right where the letter speaks of the time before the change, so these are left alone:

    * a sentence that dates the mention before the change ("uddannelseshjælp for perioden 1. januar – 30.
      juni 2025"), or tells of the change itself ("uddannelseshjælp er afskaffet");
    * "den tidligere uddannelseshjælp", "overgangsydelse (nu kontanthjælp)";
    * a letter about a period before the change: its payment period ends before it, or every period it
      names does (typically a repayment claim).

    A sentence that dates the mention after the change ("fra 1. august 2025 får du uddannelseshjælp") is
    always reported. Warning: the term may be deliberate in contexts these checks cannot see.

    ## Why is this bad?
    After the kontanthjælp reform (LOV nr. 1655 af 30/12/2024, in effect 1 July 2025) the benefit a citizen
    receives is kontanthjælp under aktivloven §§ 16-20; a letter that calls it uddannelseshjælp points to
    rules that no longer apply and confuses the citizen about what they receive and on which legal basis.

    ## Example
    "Du får uddannelseshjælp fra 1. august 2025." in a letter of August 2025.

    ## How to fix
    Use the successor from the suggestion (here: kontanthjælp, aktivloven §§ 16-20).
    """
    letter_date = ctx.letter.date
    if letter_date is None:
        return
    text = ctx.letter.text
    terms = getattr(ctx.corpus, "terms", None) or ()
    found: list[list[tuple[int, int]]] | None = None
    for i, term, changed in _dated(terms, "changed"):
        if letter_date < changed:
            continue
        if found is None:
            found = _mentions(terms, "term", text)
        if not found[i]:
            continue
        label = getattr(term, "term", None) or getattr(term, "name", None) or "?"
        note = getattr(term, "exceptions_note", None) or getattr(term, "exceptions", None)
        about_before = _about_before(ctx, changed)
        for s, e in found[i]:
            if _historical(ctx, s, e, changed, about_before):
                continue
            yield ctx.finding(
                "LC305",
                f"{text[s:e]!r} is used as current, but {label} was replaced on {changed.isoformat()}",
                s,
                e,
                suggestion=getattr(term, "successor", None),
                corpus={
                    "term": label,
                    "changed": changed.isoformat(),
                    "exceptions": note,
                    "source": getattr(term, "source", None),
                },
            )
