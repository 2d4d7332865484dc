"""What kind of letter this is, and where its headings and sections are.

The type decides which content rules apply (a decision needs a klagevejledning, a payment specification does
not), so a wrong type means wrong findings. The letter's own data is trusted first (the producing system
knows what it produced); only then the text is read: a heading near the top, then phrases. Every answer
comes with a reason, shown by ``lettercheck extract``, so a surprising type can be traced to its cause and
fixed in the rule pack.

Headings: PDF text has no markup, so a heading is recognised as a short line (its own source line, or a line
of its own in the text) that starts with a capital letter, does not end a sentence, and matches one of the
packs' heading patterns as a whole. Sections run from a heading to the next recognised heading.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, NamedTuple

import regex

from lettercheck.model import Letter
from lettercheck.packs import (
    AnyFullmatch,
    Element,
    LetterType,
    Packs,
    any_fullmatch,
    first_match,
    live_patterns,
    load_packs,
    packs_for_config,
)

if TYPE_CHECKING:
    from lettercheck.context import Context


# Line, Heading and Block are named tuples, not frozen dataclasses: a letter has dozens of them, and a
# frozen dataclass costs ~4 times as much to make (one object.__setattr__ per field).


class Line(NamedTuple):
    """A visual line of the letter: ``letter.text[start:end]`` (stripped)."""

    start: int
    end: int
    text: str


class Heading(NamedTuple):
    line: Line
    kind: str  # "element" or "section"
    id: str
    terminator: bool = False


class Block(NamedTuple):
    """A heading and the text under it, up to the next recognised heading."""

    heading: Heading
    content_start: int
    content_end: int


_new = tuple.__new__  # Line(...) without the Python-level __new__ of a named tuple
_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class Structure:
    lines: tuple[Line, ...]
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]
    #: the lines are the text's own lines (none split where the source line changes) and no line is blank
    #: (spaces and tabs at most): then the paragraphs of LC402 are the lines that are not headings
    plain_lines: bool = False

    def blocks_for(self, element_id: str) -> list[Block]:
        return [b for b in self.blocks if b.heading.kind == "element" and b.heading.id == element_id]


# ------------------------------------------------------------------------------------------------------
# lines and headings
# ------------------------------------------------------------------------------------------------------


@functools.cache
def _numbering() -> regex.Pattern[str]:
    """Leading list numbering ("1.", "2.3)", "B.", "iv)", "–"); compiled on first use, as every pattern here."""
    return regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[A-ZÆØÅ][.)]|[ivx]{1,4}[.)]|[-•–*▪])\s+")


#: characters that can start a numbering ``_numbering`` removes (besides digits and a letter before "." or ")")
_NUMBERING_START = frozenset("ivx-•–*▪")

# what regex ``\s`` matches inside a text line: str.isspace() less the line break and U+001C..U+001F
_SPACE = frozenset(
    "\t\x0b\x0c\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(map(chr, range(0x2000, 0x200B)))
)


def _source_breaks(letter: Letter) -> list[tuple[int, int]]:
    """The whitespace spans ``[a, e)`` inside a text line that separate two source lines, in text order.

    A span separates two source lines when the character before it and the one after it come from different
    source lines. Such a span holds a run start whose source line differs from the previous run's, so only
    the whitespace around those run starts is looked at (not every space of the letter): the runs are walked
    once, and each candidate span is then checked exactly.
    """
    text = letter.text
    n = len(text)
    space = _SPACE
    changes: list[int] = []
    prev: Any = _MISSING
    for b, k in letter.map.runs():
        # where the source line changes inside a word (or at a line break), the letter has no break
        if (
            k != prev
            and prev is not _MISSING
            and ((b < n and text[b] in space) or (0 < b <= n and text[b - 1] in space))
        ):
            changes.append(b)
        prev = k
    if not changes:
        return []  # the usual case: source lines change only where the text has a line break
    starts: list[int] = []
    keys: list[tuple[Any, ...]] = []
    for b, k in letter.map.runs():
        starts.append(b)
        keys.append(k)
    breaks: list[tuple[int, int]] = []
    last = -1
    for b in changes:
        a = b
        while a > 0 and text[a - 1] in space:
            a -= 1
        if a == last:
            continue  # the same span as the previous run start
        last = a
        e = b
        while e < n and text[e] in space:
            e += 1
        if a == 0 or text[a - 1] == "\n" or e == n or text[e] == "\n":
            continue  # at the start or end of a text line: no text to split off
        before = keys[max(bisect.bisect_right(starts, a - 1) - 1, 0)]
        after = keys[max(bisect.bisect_right(starts, e) - 1, 0)]
        if before != after:
            breaks.append((a, e))
    return breaks


def letter_lines(letter: Letter, max_lines: int | None = None) -> list[Line]:
    """The letter's visual lines: split at line breaks in the text and where the source line changes.

    Readers join wrapped lines with a space; where that space separates two source lines, the letter had a
    line break there, and a heading may sit on its own line although the text runs on. ``max_lines`` stops
    early (classification only looks at the top of the letter).
    """
    return _lines(letter, max_lines)[0]


def _lines(letter: Letter, max_lines: int | None = None) -> tuple[list[Line], bool]:
    """:func:`letter_lines`, and whether they are plain (see ``Structure.plain_lines``)."""
    text = letter.text
    lines: list[Line] = []
    breaks = _source_breaks(letter) if len(letter.map) else []
    nbreaks = len(breaks)
    blank = False
    j = 0
    pos = 0
    segs = text.split("\n")
    last = len(segs) - 1
    for k, seg in enumerate(segs):
        if max_lines is not None and len(lines) >= max_lines:
            break
        seg_start, seg_end = pos, pos + len(seg)
        pos = seg_end + 1
        if j < nbreaks and breaks[j][0] < seg_end:
            cut = seg_start
            while j < nbreaks and breaks[j][0] < seg_end:
                a, e = breaks[j]
                j += 1
                _add_line(lines, text[cut:a], cut)
                cut = e
            _add_line(lines, text[cut:seg_end], cut)
            continue
        body = seg.lstrip()  # _add_line, inlined for the usual line
        if body:
            start = seg_start + len(seg) - len(body)
            body = body.rstrip()
            lines.append(_new(Line, (start, start + len(body), body)))
        elif 0 < k < last and not seg.strip(" \t\r\f\v"):
            blank = True  # between two line breaks, nothing but spaces and tabs
    if max_lines is not None:
        return lines[:max_lines], False
    return lines, not breaks and not blank


def _add_line(lines: list[Line], seg: str, start: int) -> None:
    """Add ``seg`` (the text from ``start``) stripped, if anything is left."""
    body = seg.lstrip()  # str.strip() removes exactly the characters str.isspace() accepts
    if body:
        start += len(seg) - len(body)
        body = body.rstrip()
        lines.append(_new(Line, (start, start + len(body), body)))


def heading_text(line: str) -> str:
    """A line as heading patterns see it: no numbering, no trailing colon, single spaces."""
    t = " ".join(line.split())
    first = t[:1]
    if first and (first.isdigit() or first in _NUMBERING_START or t[1:2] in (".", ")")):
        t = _numbering().sub("", t)
    return t.rstrip(" :").strip()


def is_heading_candidate(line: Line, max_chars: int) -> bool:
    return _is_candidate_text(line.text, max_chars)


def _is_candidate_text(text: str, max_chars: int) -> bool:
    t = heading_text(text)
    if not t or len(t) > max_chars:
        return False
    if t[-1] in ".,;":
        return False  # a sentence (or the end of a wrapped one), not a heading
    first = t[0]
    return first.isupper() or first.isdigit()


def _matches(patterns: tuple[regex.Pattern, ...], text: str) -> bool:
    return any(p.fullmatch(text) for p in patterns)


def _ends_sentence(text: str) -> bool:
    """Whether the line's last character before trailing spaces and colons is ".", "," or ";".

    Such a line is never a heading (its heading text is empty or ends a sentence), and most lines of a
    letter are sentences: they are told apart here without building their heading text.
    """
    end = len(text)
    while end and (text[end - 1] == ":" or text[end - 1].isspace()):
        end -= 1
    return bool(end) and text[end - 1] in ".,;"


#: (kind, id, terminator) of a heading line, or None: what a line's text makes it, whatever letter it is in
_HeadingKind = tuple[str, str, bool] | None
#: lines longer than this are not remembered (nor headings: heading_max_chars is far below it)
_MEMO_MAX_CHARS = 1000
_MEMO_MAX_ENTRIES = 20000


def _memo(packs: Packs, name: str) -> dict[str, Any]:
    """A per-packs memo of line text -> answer; letters made from the same templates repeat their headings."""
    table = packs.memo.get(name)
    if table is None or len(table) >= _MEMO_MAX_ENTRIES:
        table = packs.memo[name] = {}
    return table


def find_headings(lines: list[Line], packs: Packs) -> list[Heading]:
    """Every line that is a heading of a known element or section (elements first)."""
    out: list[Heading] = []
    memo = _memo(packs, "heading")
    for line in lines:
        key = line.text
        kind = memo.get(key, _MISSING)
        if kind is _MISSING:
            if _ends_sentence(key):
                continue
            kind = _heading_kind(key, packs)
            if len(key) <= _MEMO_MAX_CHARS:
                memo[key] = kind
        if kind is not None:
            out.append(_new(Heading, (line, *kind)))
    return out


def _heading_kind(text: str, packs: Packs) -> _HeadingKind:
    if not _is_candidate_text(text, packs.settings.heading_max_chars):
        return None
    t = heading_text(text)
    if not _all_headings(packs)(t):
        return None  # most lines that are not sentences are not headings either: names, table rows
    for el in packs.elements.values():
        if _matches(el.headings, t):
            return ("element", el.id, False)
    for s in packs.sections:
        if _matches(s.headings, t):
            return ("section", s.id, s.terminator)
    return None


def _all_headings(packs: Packs) -> AnyFullmatch:
    """Every element and section heading pattern, as one test."""
    found = packs.memo.get("all_headings")
    if found is None:
        pats = [p for el in packs.elements.values() for p in el.headings]
        pats += [p for s in packs.sections for p in s.headings]
        found = packs.memo["all_headings"] = any_fullmatch(tuple(pats))
    return found  # type: ignore[no-any-return]


def _all_type_headings(packs: Packs) -> AnyFullmatch:
    """Every letter type's heading pattern, as one test."""
    found = packs.memo.get("all_type_headings")
    if found is None:
        pats = tuple(p for lt in packs.letter_types for p in lt.headings)
        found = packs.memo["all_type_headings"] = any_fullmatch(pats)
    return found  # type: ignore[no-any-return]


def build_structure(letter: Letter, packs: Packs) -> Structure:
    lines, plain = _lines(letter)
    headings = find_headings(lines, packs)
    blocks = []
    for i, h in enumerate(headings):
        end = headings[i + 1].line.start if i + 1 < len(headings) else len(letter.text)
        blocks.append(_new(Block, (h, h.line.end, end)))
    return Structure(tuple(lines), tuple(headings), tuple(blocks), plain)


def context_packs(ctx: Context) -> Packs:
    """The packs for a check's configuration (bundled + ``rule-packs``), parsed once per process and
    looked up once per letter (every LC3xx/LC4xx rule asks)."""
    packs = ctx.__dict__.get("_lettertypes_packs")
    if packs is None:
        packs = ctx.__dict__["_lettertypes_packs"] = packs_for_config(ctx.config)
    return packs  # type: ignore[no-any-return]


def structure_of(ctx: Context) -> Structure:
    """The letter's structure, computed once per letter and shared by the LC3xx/LC4xx rules."""
    cached = ctx.__dict__.get("_lettertypes_structure")
    if cached is None:
        cached = build_structure(ctx.letter, context_packs(ctx))
        ctx.__dict__["_lettertypes_structure"] = cached
    return cached


def is_empty_content(text: str, packs: Packs) -> bool:
    """Whether a section's text says nothing: only whitespace, punctuation or filler ("-", "…", "N/A")."""
    head = text.split(None, 8)  # a section that says something mostly says so in its first words
    if len(head) <= 8:
        return _all_filler(head, packs)
    return _all_filler(head[:8], packs) and _all_filler(text.split(), packs)


def _all_filler(words: list[str], packs: Packs) -> bool:
    memo = _memo(packs, "filler")
    for w in words:
        said = memo.get(w)
        if said is None:
            said = any(ch.isalnum() for ch in w) and not any_fullmatch(packs.settings.empty_fillers)(w)
            if len(w) <= _MEMO_MAX_CHARS:
                memo[w] = said
        if said:
            return False  # a word that says something
    return True


# ------------------------------------------------------------------------------------------------------
# element presence (shared by LC301–LC306 and LC403)
# ------------------------------------------------------------------------------------------------------


def find_pattern(patterns: tuple[regex.Pattern, ...], text: str) -> regex.Match[str] | None:
    """The earliest match of any pattern (patterns whose literals the text lacks are not run)."""
    return first_match(patterns, text)  # type: ignore[no-any-return]


def element_exempt(el: Element, text: str) -> regex.Match[str] | None:
    return find_pattern(el.exempt, text) if el.exempt else None


def element_regions(el: Element, letter: Letter, st: Structure, cap: int = 3000) -> list[tuple[int, int]]:
    """Where an element is in the letter: its headed sections, else from its first phrase to the next heading."""
    regions = [(b.heading.line.start, b.content_end) for b in st.blocks_for(el.id)]
    if regions:
        return regions
    m = find_pattern(el.patterns, letter.text)
    if m is None:
        return []
    start = m.start()
    for line in st.lines:
        if line.start <= m.start() < line.end or line.start > m.start():
            start = min(line.start, m.start())
            break
    end = len(letter.text)
    for h in st.headings:
        if h.line.start > m.start():
            end = h.line.start
            break
    return [(start, min(end, start + cap))]


# ------------------------------------------------------------------------------------------------------
# classification
# ------------------------------------------------------------------------------------------------------


def classify(letter: Letter, packs: Packs | None = None) -> tuple[str | None, str]:
    """The letter's type and why: from its data first, then from a heading near the top, then from phrases.

    Returns ``(None, reason)`` when nothing recognises it; such a letter gets no type-specific rules.
    """
    packs = packs or load_packs()
    notes: list[str] = []
    preset = letter.letter_type
    if preset:
        t = packs.letter_type(preset)
        if t is not None:
            return t.id, letter.letter_type_reason or f"set by the {letter.format} reader ({preset!r})"
        notes.append(f"the reader's type {preset!r} is not a known letter type")
    value = letter.data.get("type") if isinstance(letter.data, dict) else None
    if value:
        t = packs.letter_type(str(value))
        if t is not None:
            return t.id, f"letter data: type {value!r}"
        notes.append(f"letter data type {value!r} is not a known letter type")
    prefix = "; ".join(notes) + "; " if notes else ""

    lines = letter_lines(letter, max_lines=packs.settings.heading_lines)
    found = _by_heading(letter, lines, packs)
    if found is not None:
        t, line = found
        where = letter.locate(line.start)
        at = f" on line {where.line}" if where.line is not None else ""
        return t.id, f"{prefix}heading {line.text!r}{at} matches letter type {t.id!r}"

    scored = _by_phrases(letter.text, packs)
    if scored is not None:
        t, phrases = scored
        shown = ", ".join(repr(p) for p in phrases[:3])
        return t.id, f"{prefix}no type heading; phrases {shown} match letter type {t.id!r}"
    n = min(len(lines), packs.settings.heading_lines)
    return (
        None,
        f"{prefix}no type in the letter's data, no type heading in its first {n} lines, no type phrase",
    )


def _by_heading(letter: Letter, lines: list[Line], packs: Packs) -> tuple[LetterType, Line] | None:
    memo = _memo(packs, "type_heading")
    for line in lines[: packs.settings.heading_lines]:
        key = line.text
        found = memo.get(key, _MISSING)
        if found is _MISSING:
            if _ends_sentence(key):
                continue
            found = _type_of_heading(key, packs)
            if len(key) <= _MEMO_MAX_CHARS:
                memo[key] = found
        if found is not None:
            return found, line
    return None


def _type_of_heading(text: str, packs: Packs) -> LetterType | None:
    if not _is_candidate_text(text, packs.settings.heading_max_chars):
        return None
    t = heading_text(text)
    if not _all_type_headings(packs)(t):
        return None
    for lt in packs.letter_types:  # already in priority order
        if _matches(lt.headings, t):
            return lt
    return None


def _by_phrases(text: str, packs: Packs) -> tuple[LetterType, list[str]] | None:
    best: tuple[int, LetterType, list[str]] | None = None
    for lt in packs.letter_types:
        found = [m.group(0) for m in _first_matches(lt.phrases, text)]
        if found and (best is None or len(found) > best[0]):
            best = (len(found), lt, found)
    return (best[1], best[2]) if best else None


def _first_matches(patterns: tuple[regex.Pattern, ...], text: str) -> Iterator[regex.Match[str]]:
    for p, ok in zip(patterns, live_patterns(patterns, text), strict=True):
        if not ok:
            continue
        m = p.search(text)
        if m:
            yield m
