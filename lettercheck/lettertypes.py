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
from itertools import compress, count, islice, repeat
from operator import itemgetter, ne, sub
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
from lettercheck.records import record

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


@record(frozen=True, slots=True)
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
    starts = letter.map.run_starts()
    if len(starts) < 2:
        return []
    if starts[-1] < n and _no_space_at(text, starts):
        return []  # no run starts next to a space (XML letters: blocks end in line breaks): nothing to split
    keys = letter.map.line_key_list()
    # where the source line changes inside a word (or at a line break), the letter has no break; each change
    # is the index of the run that starts it. The runs whose key differs from the previous one's are picked
    # in C (a PDF's separator run shares its line's key: half the runs), then their spaces are looked at
    changed = compress(count(1), map(ne, islice(keys, 1, None), keys))
    changes = [
        i
        for i in changed
        if ((b := starts[i]) < n and text[b] in space) or (0 < b <= n and text[b - 1] in space)
    ]
    if not changes:
        return []  # the usual case: source lines change only where the text has a line break
    breaks: list[tuple[int, int]] = []
    last = -1
    nruns = len(starts)
    for i in changes:
        b = starts[i]
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
        # the runs holding the characters before and after the span: mostly the changing run and the one
        # before it (runs start in strictly increasing order), else found by bisection
        if starts[i - 1] <= a - 1:
            before = keys[i - 1]
        else:
            before = keys[max(bisect.bisect_right(starts, a - 1) - 1, 0)]
        if i + 1 == nruns or e < starts[i + 1]:
            after = keys[i]
        else:
            after = keys[max(bisect.bisect_right(starts, e) - 1, 0)]
        if before != after:
            breaks.append((a, e))
    return breaks


def _no_space_at(text: str, starts: list[int]) -> bool:
    """Whether no run after the first starts at or just after a space: one C-level pass over the starts.

    ``starts`` has two or more strictly increasing offsets inside ``text``.
    """
    rest = starts[1:]
    at = itemgetter(*rest)(text)  # a string of one character when there is one start
    before = itemgetter(*map(sub, rest, repeat(1)))(text)
    return _SPACE.isdisjoint(at) and _SPACE.isdisjoint(before)


def letter_lines(letter: Letter, max_lines: int | None = None) -> list[Line]:
    """The letter's visual lines: split at line breaks in the text and where the source line changes.

    Readers join wrapped lines with a space; where that space separates two source lines, the letter had a
    line break there, and a heading may sit on its own line although the text runs on. ``max_lines`` keeps
    only the top lines (classification only looks at the top of the letter).
    """
    lines = _lines(letter, max_lines)[0]
    return lines if max_lines is not None else list(lines)


#: the last letter whose lines were found: (letter, its text, its map, number of runs, last run, lines, plain)
_LAST_LINES: tuple[Any, ...] = (None,)


def _lines(letter: Letter, max_lines: int | None = None) -> tuple[list[Line], bool]:
    """:func:`letter_lines`, and whether they are plain (see ``Structure.plain_lines``).

    Classification (the top lines) and the structure (all lines) ask for the same letter's lines one after
    the other, so the last letter's lines are kept: they are found once. The letter is recognised by
    identity, with its text, map and runs, so a letter changed since is read again. The list is shared:
    callers copy before changing it.
    """
    last = _LAST_LINES
    runs = letter.map._runs
    if (
        last[0] is letter
        and last[1] is letter.text
        and last[2] is letter.map
        and last[3] == len(runs)
        and (not runs or last[4] is runs[-1])
    ):
        lines, plain = last[5], last[6]
    else:
        lines, plain = _find_lines(letter)
        _remember_lines(letter, lines, plain)
    if max_lines is not None:
        return lines[:max_lines], False
    return lines, plain


def _remember_lines(letter: Letter, lines: list[Line], plain: bool) -> None:
    global _LAST_LINES
    runs = letter.map._runs
    _LAST_LINES = (letter, letter.text, letter.map, len(runs), runs[-1] if runs else None, lines, plain)


def _find_lines(letter: Letter) -> tuple[list[Line], bool]:
    """All of the letter's lines and whether they are plain (the work behind :func:`_lines`)."""
    text = letter.text
    lines: list[Line] = []
    breaks = _source_breaks(letter) if len(letter.map) else []
    if not breaks:
        return _plain_lines(text)
    nbreaks = len(breaks)
    blank = False
    j = 0
    pos = 0
    segs = text.split("\n")
    last = len(segs) - 1
    for k, seg in enumerate(segs):
        seg_start, seg_end = pos, pos + len(seg)
        pos = seg_end + 1
        if j < nbreaks and breaks[j][0] < seg_end:
            cut = seg_start
            while j < nbreaks and breaks[j][0] < seg_end:
                a, e = breaks[j]
                j += 1
                piece = text[cut:a]
                if piece and piece.strip() is piece:  # nothing to strip (the break took the spaces)
                    lines.append(_new(Line, (cut, a, piece)))
                else:
                    _add_line(lines, piece, cut)
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
    return lines, not breaks and not blank


def _plain_lines(text: str) -> tuple[list[Line], bool]:
    """:func:`_find_lines` for a letter without source breaks (most letters): the text's own lines.

    A line with nothing to strip (most are) is its own text: ``str.strip`` returns the very string then.
    """
    lines: list[Line] = []
    blank = False
    segs = text.split("\n")
    last = len(segs) - 1
    pos = 0
    for k, seg in enumerate(segs):
        body = seg.strip()
        if body is seg:
            if seg:
                lines.append(_new(Line, (pos, pos + len(seg), seg)))
            elif 0 < k < last:
                blank = True  # an empty line between two line breaks
        elif body:
            start = pos + len(seg) - len(seg.lstrip())
            lines.append(_new(Line, (start, start + len(body), body)))
        elif 0 < k < last and not seg.strip(" \t\r\f\v"):
            blank = True  # between two line breaks, nothing but spaces and tabs
        pos += len(seg) + 1
    return lines, not blank


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
    return _is_candidate_heading(heading_text(text), max_chars)


def _is_candidate_heading(t: str, max_chars: int) -> bool:
    """:func:`_is_candidate_text` for a line's heading text already made (``t = heading_text(line)``)."""
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
    t = heading_text(text)
    if not _is_candidate_heading(t, packs.settings.heading_max_chars):
        return None
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
    t = heading_text(text)
    if not _is_candidate_heading(t, packs.settings.heading_max_chars):
        return None
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
