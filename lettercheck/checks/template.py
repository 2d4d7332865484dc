"""Template problems (LC4xx): unfilled merge fields, debris of the writing process, empty required sections.

Letters are generated from templates; what goes wrong there goes wrong in every letter made from them. The
syntaxes and debris patterns are data (``rules/placeholders.yaml``, ``rules/debris.yaml``), because every case
system has its own merge-field syntax and every municipality its own fill-in conventions.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterator, Sequence
from typing import Any

import regex

from lettercheck.context import Context
from lettercheck.lettertypes import Structure, context_packs, heading_text, is_empty_content, structure_of
from lettercheck.model import Finding, Letter, Location, Severity
from lettercheck.packs import Packs, live_patterns, match_spans
from lettercheck.registry import rule


def placeholder_spans(text: str, packs: Packs) -> list[tuple[int, int, str]]:
    """Non-overlapping placeholder matches ``(start, end, syntax name)``; the longest wins where they overlap."""
    live = live_patterns(_patterns(packs, "placeholders"), text)
    found = sorted(
        (
            (s, e, p.name)
            for p, ok in zip(packs.placeholders, live, strict=True)
            if ok
            for s, e in match_spans(p.pattern, text, checked=True)
        ),
        key=lambda x: (x[0], -(x[1] - x[0])),
    )
    out: list[tuple[int, int, str]] = []
    for s, e, name in found:
        if out and s < out[-1][1]:
            continue
        out.append((s, e, name))
    return out


@rule("LC401", "unresolved-placeholder", Severity.ERROR)
def unresolved_placeholder(ctx: Context) -> Iterator[Finding]:
    """Unresolved placeholder or merge field in a letter.

    ## What it does
    Finds merge fields that were never filled in: `{{ navn }}`, `«Fornavn»`, `${belob}`, `[[Sagsbehandler]]`,
    `[INDSÆT DATO]`, `#CPRNR#` and visible Word field codes (`{ MERGEFIELD Fornavn }`). The syntaxes are
    the `placeholders` in `rules/placeholders.yaml`; a case system's own syntax is one more entry in a pack.
    Templates (files matched by `templates = ["glob", …]` in the config, or checked with `--template`) are
    meant to contain placeholders and are skipped.

    ## Why is this bad?
    The citizen gets a letter where a name, an amount, a date or a deadline is missing. A decision whose
    amount or deadline is a placeholder does not state what was decided, and a klagevejledning with an
    unfilled date gives no deadline (forvaltningsloven §§ 22, 24 and 25 require the decision's content,
    reasons and complaint guidance to be given). It also shows the letter left the system before the merge
    finished.

    ## Example
    `Du skal betale {{ beloeb }} kr. tilbage senest [INDSÆT DATO].`

    ## How to fix
    Fix the merge (the field name, the data source) and produce the letter again. If the file is a template,
    add it to `templates` in the configuration.
    """
    if ctx.letter.is_template:
        return
    text = ctx.letter.text
    for s, e, name in _placeholders(ctx):
        yield ctx.finding(
            "LC401",
            f"unresolved placeholder {text[s:e]!r} ({name}) — the field was not filled in",
            s,
            e,
            suggestion="fill in the field and produce the letter again; if this file is a template, list it under "
            "`templates` in the configuration",
        )


def _patterns(packs: Packs, kind: str) -> tuple[regex.Pattern[str], ...]:
    """The patterns of the packs' placeholders or debris, as one group for ``live_patterns``."""
    found = packs.memo.get(kind)
    if found is None:
        found = packs.memo[kind] = tuple(x.pattern for x in getattr(packs, kind))
    return found  # type: ignore[no-any-return]


def _placeholders(ctx: Context) -> list[tuple[int, int, str]]:
    """The letter's placeholder spans, found once for LC401 and LC402."""
    found = ctx.__dict__.get("_template_placeholders")
    if found is None:
        found = ctx.__dict__["_template_placeholders"] = placeholder_spans(
            ctx.letter.text, context_packs(ctx)
        )
    return found  # type: ignore[no-any-return]


@functools.cache
def _blank_line() -> regex.Pattern[str]:
    return regex.compile(r"\n[ \t\r\f\v]*\n")


@functools.cache
def _blank_line_fast() -> Any:
    """``_blank_line`` in ``re``: the same match, as it names its characters (no class either engine reads
    its own way), found by a C scan (the pattern starts with a literal)."""
    import re

    return re.compile(r"\n[ \t\r\f\v]*\n")


@functools.cache
def _stripped_run() -> Any:
    """A run of text without line breaks, less the whitespace (``str.isspace``, which is ``re``'s ``\\s``)
    at its ends: from its first to its last character that is not whitespace."""
    import re

    return re.compile(r"\S(?:[^\n]*\S)?")


def _line_paragraphs(text: str, cuts: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """``paragraphs`` of a text without blank lines: every line, stripped, less the cuts. A cut is written
    over with line breaks (positions stay), so the paragraphs are the stripped runs between line breaks:
    one C scan instead of a Python step per line."""
    hay = text
    if cuts:
        pieces = []
        pos = 0
        for a, b in sorted(cuts):
            if b <= pos:
                continue
            a = max(a, pos)
            pieces += (text[pos:a], "\n" * (b - a))
            pos = b
        pieces.append(text[pos:])
        hay = "".join(pieces)
    n = len(text)
    return [m.span() for m in _stripped_run().finditer(hay, 0, n)]


def _line_breaks(text: str) -> list[int]:
    out = []
    i = text.find("\n")
    while i >= 0:
        out.append(i)
        i = text.find("\n", i + 1)
    return out


def _has_blank_line(text: str, breaks: list[int]) -> bool:
    """Whether two line breaks have only spaces and tabs between them (``_blank_line`` would match)."""
    return any(not text[a + 1 : b].strip(" \t\r\f\v") for a, b in itertools.pairwise(breaks))


def paragraphs(text: str, cuts: Sequence[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Paragraph spans: blocks between blank lines (or lines, where the text has none, as in PDF text),
    with the ``cuts`` (heading lines) taken out, so a heading glued to its paragraph does not hide a repeat.
    """
    if _blank_line_fast().search(text) is None and all(a < b for a, b in cuts):
        return _line_paragraphs(text, cuts)
    breaks = _line_breaks(text)
    if _has_blank_line(text, breaks):
        bounds = [m.span() for m in _blank_line().finditer(text)]
    else:
        bounds = [(i, i + 1) for i in breaks]
    bounds += cuts
    bounds.sort()
    out = []
    pos = 0
    for a, b in bounds:
        if a >= pos:
            out.append((pos, a))
        pos = max(pos, b)
    out.append((pos, len(text)))
    result = []
    for s, e in out:
        seg = text[s:e]
        body = seg.lstrip()  # str.strip() removes exactly what str.isspace() accepts
        if body:
            s += len(seg) - len(body)
            result.append((s, s + len(body.rstrip())))
    return result


@rule("LC402", "template-debris", Severity.WARNING)
def template_debris(ctx: Context) -> Iterator[Finding]:
    """Template debris: dummy text, author notes, fill-in leftovers, empty sections, duplicated paragraphs.

    ## What it does
    Finds what belongs to the making of a letter rather than the letter:

    * the `debris` patterns of `rules/debris.yaml`: lorem ipsum, TODO/FIXME/XXX, fill-in instructions that
      lost their brackets ("INDSÆT DATO", "<indsæt navn>", an unclosed "[INDSÆT"), values written as X's
      ("XX.XX.XXXX"), Word's "Klik eller tryk her for at skrive tekst" and "Fejl! Referencekilde ikke
      fundet"; bracketed placeholders are LC401's and are not reported twice;
    * a known heading (from the packs' `sections` and elements) with nothing under it, unless it is a
      section the letter's type requires — that is LC403;
    * a paragraph (40+ characters) that repeats an earlier one in the same document word for word.

    In templates, fill-in conventions (`templates: false` in the pack) are allowed; TODOs, dummy text and
    duplicated paragraphs are reported there too, because every letter made from the template inherits them.
    A warning: debris rarely changes what a letter decides, but it shows the letter was not finished.

    ## Why is this bad?
    A letter with "TODO: tjek beløb" or a paragraph printed twice looks careless and can confuse the citizen
    about what applies; an author's note may even reveal internal doubt about the decision.

    ## Example
    ```text
    Begrundelse
    TODO: indsæt begrundelse fra sagen
    ```

    ## How to fix
    Remove the leftover, or write the missing text; fix the template so future letters are clean.
    """
    letter = ctx.letter
    text = letter.text
    packs = context_packs(ctx)
    taken = [(s, e) for s, e, _ in _placeholders(ctx)]

    def free(s: int, e: int) -> bool:
        return all(e <= a or s >= b for a, b in taken)

    live = live_patterns(_patterns(packs, "debris"), text)
    for d, ok in zip(packs.debris, live, strict=True):
        if not ok or (letter.is_template and not d.templates):
            continue
        for s, e in match_spans(d.pattern, text, checked=True):
            if not free(s, e):
                continue
            taken.append((s, e))
            yield ctx.finding("LC402", f"{d.message}: {text[s:e]!r}", s, e, suggestion=None)

    required = {e.id for e in packs.required_elements(letter.letter_type)}
    st = structure_of(ctx)
    for b in st.blocks:
        h = b.heading
        if h.terminator or (h.kind == "element" and h.id in required):
            continue
        if is_empty_content(text[b.content_start : b.content_end], packs):
            yield ctx.finding(
                "LC402",
                f"heading {heading_text(h.line.text)!r} has an empty section",
                h.line.start,
                h.line.end,
                suggestion="write the section's text or remove the heading",
            )

    yield from _duplicated_paragraphs(ctx, packs, st)


def _paragraphs_of(text: str, st: Structure) -> list[tuple[int, int, str]]:
    """``paragraphs(text, heading lines)`` with their text. Where the structure's lines are the text's own
    and none is blank, the paragraphs are exactly the lines that are not headings (a heading line and the
    spaces around it are cut out of its line, leaving nothing), so they need not be worked out again."""
    if st.plain_lines:
        cut = {h.line.start for h in st.headings}
        return [line for line in st.lines if line.start not in cut]
    return [(s, e, text[s:e]) for s, e in paragraphs(text, [(h.line.start, h.line.end) for h in st.headings])]


def _duplicated_paragraphs(ctx: Context, packs: Packs, st: Structure) -> Iterator[Finding]:
    """Paragraphs that repeat an earlier one of the same document word for word.

    A paragraph's document is only looked up when its text was seen before: repeats are rare, and a
    letter whose paragraphs are all different (most) is done once their normalised texts are known.
    """
    letter = ctx.letter
    text = letter.text
    min_chars = packs.settings.duplicate_min_chars
    paras = _paragraphs_of(text, st)
    norms = _normalised_all(paras, min_chars, _paragraph_memo(packs))
    distinct = set(norms)
    if len(distinct) - (None in distinct) == len(norms) - norms.count(None):
        return  # no paragraph repeats another (most letters)
    firsts: dict[str, list[int]] = {}  # text -> start of its first paragraph in each document, in order
    last_line: dict[tuple[str | None, int | None], int] | None = None
    for (s, e, _para), norm in zip(paras, norms, strict=True):
        if norm is None:
            continue
        starts = firsts.get(norm)
        if starts is None:
            firsts[norm] = [s]
            continue
        doc = letter.locate(s).document
        first = next((f for f in starts if letter.locate(f).document == doc), None)
        if first is None:
            starts.append(s)
            continue
        where = letter.locate(first)
        here = letter.locate(s)
        if last_line is None:
            last_line = _last_line_per_page(letter)
        if where.page != here.page and _in_margin(where, last_line) and _in_margin(here, last_line):
            continue  # a running page header or footer ("Vestby Kommune · Sagsnr. …") repeats by design
        at = f" on line {where.line}" if where.line is not None else ""
        if where.page is not None:
            at += f" (page {where.page})"
        yield ctx.finding(
            "LC402",
            f"paragraph repeats the one{at} word for word",
            s,
            min(e, s + 200),
            suggestion="remove the repeated paragraph",
        )


def _normalised(para: str, min_chars: int) -> str | None:
    """The paragraph as compared for repeats (case-folded, whitespace runs as one space), or None when
    that is shorter than ``min_chars``."""
    if len(para) < min_chars and (para.isascii() or len(para.casefold()) < min_chars):
        return None  # normalising only shortens it further (ASCII keeps its length when case-folded)
    folded = para.casefold()
    # a stripped paragraph whose only whitespace is single spaces is already normalised once folded
    norm = folded if para.isprintable() and "  " not in para else " ".join(folded.split())
    return norm if len(norm) >= min_chars else None


def _normalised_all(
    paras: Sequence[tuple[int, int, str]], min_chars: int, memo: dict[str, str | None]
) -> list[str | None]:
    """:func:`_normalised` of each paragraph, from the memo where it has been seen before."""
    get = memo.get
    norms = [get(para, _UNSET) for _s, _e, para in paras]
    if _UNSET not in norms:
        return norms  # the usual case in a batch: every paragraph seen before
    for i, norm in enumerate(norms):
        if norm is _UNSET:
            para = paras[i][2]
            norm = norms[i] = _normalised(para, min_chars)
            if len(para) <= _MEMO_MAX_CHARS:
                memo[para] = norm
    return norms


def _paragraph_memo(packs: Packs) -> dict[str, str | None]:
    """Paragraph text -> :func:`_normalised`, per packs (``min_chars`` is theirs): letters made from the
    same templates repeat most of their paragraphs, and case-folding one costs more than looking it up."""
    table = packs.memo.get("paragraph_norms")
    if table is None or len(table) >= _MEMO_MAX_ENTRIES:
        table = packs.memo["paragraph_norms"] = {}
    return table  # type: ignore[no-any-return]


_UNSET: Any = object()
#: paragraphs longer than this are normalised afresh each time (a hostile letter's one long line is not kept)
_MEMO_MAX_CHARS = 2000
#: distinct paragraphs kept before the memo starts afresh
_MEMO_MAX_ENTRIES = 4096

_MARGIN_LINES = 3


def _last_line_per_page(letter: Letter) -> dict[tuple[str | None, int | None], int]:
    last: dict[tuple[str | None, int | None], int] = {}
    for doc, page, line in letter.lines:
        if page is not None:
            last[(doc, page)] = max(line, last.get((doc, page), 0))
    return last


def _in_margin(loc: Location, last_line: dict[tuple[str | None, int | None], int]) -> bool:
    """Whether a location is among the first or last lines of its page, where running headers sit."""
    if loc.page is None or loc.line is None:
        return False
    end = last_line.get((loc.document, loc.page))
    return loc.line <= _MARGIN_LINES or (end is not None and loc.line > end - _MARGIN_LINES)


@rule("LC403", "empty-required-section", Severity.ERROR)
def empty_required_section(ctx: Context) -> Iterator[Finding]:
    """A required section's heading is present but its content is empty.

    ## What it does
    For each element the letter's type requires (`requires` in `rules/letter_types.yaml`), finds its
    heading ("Klagevejledning", "Begrundelse", "Lovgrundlag", …) and reports it when nothing but whitespace,
    punctuation or a filler ("-", "…", "N/A") stands between it and the next heading.

    ## Why is this bad?
    The heading promises the element, so the checks for a missing element stay silent, yet the citizen gets
    no begrundelse (forvaltningsloven § 22), no legal basis (§ 24) or no klagevejledning (§ 25). Typically a
    template's text block was empty or failed to merge. An error, as a missing element is.

    ## Example
    ```text
    Klagevejledning

    Med venlig hilsen
    ```

    ## How to fix
    Fill the section (check the template's text block for this letter type) or, if the element is truly not
    needed for this letter, remove the heading.
    """
    letter = ctx.letter
    packs = context_packs(ctx)
    required = {e.id: e for e in packs.required_elements(letter.letter_type)}
    if not required:
        return
    st = structure_of(ctx)
    for b in st.blocks:
        h = b.heading
        if h.kind != "element" or h.id not in required:
            continue
        if is_empty_content(letter.text[b.content_start : b.content_end], packs):
            el = required[h.id]
            yield ctx.finding(
                "LC403",
                f"the {el.name.lower()} section {heading_text(h.line.text)!r} has a heading but no content "
                f"({el.legal_ground.split(':')[0].strip()})",
                h.line.start,
                h.line.end,
                suggestion=f"write the {el.name.lower()} under the heading",
            )
