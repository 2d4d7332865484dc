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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import regex

from lettercheck.model import Letter
from lettercheck.packs import Element, LetterType, Packs, load_packs, packs_for_config

if TYPE_CHECKING:
    from lettercheck.context import Context


@dataclass(frozen=True, slots=True)
class Line:
    """A visual line of the letter: ``letter.text[start:end]`` (stripped)."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Heading:
    line: Line
    kind: str  # "element" or "section"
    id: str
    terminator: bool = False


@dataclass(frozen=True, slots=True)
class Block:
    """A heading and the text under it, up to the next recognised heading."""

    heading: Heading
    content_start: int
    content_end: int


@dataclass(frozen=True, slots=True)
class Structure:
    lines: tuple[Line, ...]
    headings: tuple[Heading, ...]
    blocks: tuple[Block, ...]

    def blocks_for(self, element_id: str) -> list[Block]:
        return [b for b in self.blocks if b.heading.kind == "element" and b.heading.id == element_id]


# ------------------------------------------------------------------------------------------------------
# lines and headings
# ------------------------------------------------------------------------------------------------------

_WS = regex.compile(r"\s+")
_NUMBERING = regex.compile(r"^(?:\d{1,2}(?:\.\d{1,2})*[.)]|[A-ZÆØÅ][.)]|[ivx]{1,4}[.)]|[-•–*▪])\s+")


# what ``_WS`` (regex ``\s``) matches inside a text line: str.isspace() less the line break and U+001C..U+001F
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
    starts: list[int] = []
    keys: list[tuple[Any, ...]] = []
    changes: list[int] = []
    for b, k in letter.map.runs():
        if keys and k != keys[-1]:
            changes.append(b)
        starts.append(b)
        keys.append(k)
    space = _SPACE
    breaks: list[tuple[int, int]] = []
    last = -1
    for b in changes:
        if not ((b < n and text[b] in space) or (0 < b <= n and text[b - 1] in space)):
            continue  # the source line changes inside a word: not a line break of the letter
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
    text = letter.text
    lines: list[Line] = []
    breaks = _source_breaks(letter) if len(letter.map) else []
    nbreaks = len(breaks)
    j = 0
    pos = 0
    for seg in text.split("\n"):
        if max_lines is not None and len(lines) >= max_lines:
            break
        seg_start, seg_end = pos, pos + len(seg)
        pos = seg_end + 1
        cut = seg_start
        while j < nbreaks and breaks[j][0] < seg_end:
            a, e = breaks[j]
            j += 1
            _add_line(lines, text, cut, a)
            cut = e
        _add_line(lines, text, cut, seg_end)
    return lines if max_lines is None else lines[:max_lines]


def _add_line(lines: list[Line], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        lines.append(Line(start, end, text[start:end]))


def heading_text(line: str) -> str:
    """A line as heading patterns see it: no numbering, no trailing colon, single spaces."""
    t = " ".join(line.split())
    t = _NUMBERING.sub("", t)
    return t.rstrip(" :").strip()


def is_heading_candidate(line: Line, max_chars: int) -> bool:
    t = heading_text(line.text)
    if not t or len(t) > max_chars:
        return False
    if t[-1] in ".,;":
        return False  # a sentence (or the end of a wrapped one), not a heading
    first = t[0]
    return first.isupper() or first.isdigit()


def _matches(patterns: tuple[regex.Pattern, ...], text: str) -> bool:
    return any(p.fullmatch(text) for p in patterns)


def find_headings(lines: list[Line], packs: Packs) -> list[Heading]:
    """Every line that is a heading of a known element or section (elements first)."""
    out: list[Heading] = []
    limit = packs.settings.heading_max_chars
    for line in lines:
        if not is_heading_candidate(line, limit):
            continue
        t = heading_text(line.text)
        h = _heading_for(t, line, packs)
        if h is not None:
            out.append(h)
    return out


def _heading_for(t: str, line: Line, packs: Packs) -> Heading | None:
    for el in packs.elements.values():
        if _matches(el.headings, t):
            return Heading(line, "element", el.id)
    for s in packs.sections:
        if _matches(s.headings, t):
            return Heading(line, "section", s.id, s.terminator)
    return None


def build_structure(letter: Letter, packs: Packs) -> Structure:
    lines = letter_lines(letter)
    headings = find_headings(lines, packs)
    blocks = []
    for i, h in enumerate(headings):
        end = headings[i + 1].line.start if i + 1 < len(headings) else len(letter.text)
        blocks.append(Block(h, h.line.end, end))
    return Structure(tuple(lines), tuple(headings), tuple(blocks))


def context_packs(ctx: Context) -> Packs:
    """The packs for a check's configuration (bundled + ``rule-packs``), parsed once per process."""
    return packs_for_config(ctx.config)


def structure_of(ctx: Context) -> Structure:
    """The letter's structure, computed once per letter and shared by the LC3xx/LC4xx rules."""
    cached = ctx.__dict__.get("_lettertypes_structure")
    if cached is None:
        cached = build_structure(ctx.letter, context_packs(ctx))
        ctx.__dict__["_lettertypes_structure"] = cached
    return cached


def is_empty_content(text: str, packs: Packs) -> bool:
    """Whether a section's text says nothing: only whitespace, punctuation or filler ("-", "…", "N/A")."""
    fillers = packs.settings.empty_fillers
    for w in text.split():
        if any(ch.isalnum() for ch in w) and not any(p.fullmatch(w) for p in fillers):
            return False  # a word that says something
    return True


# ------------------------------------------------------------------------------------------------------
# element presence (shared by LC301–LC306 and LC403)
# ------------------------------------------------------------------------------------------------------


def find_pattern(patterns: tuple[regex.Pattern, ...], text: str) -> regex.Match[str] | None:
    """The earliest match of any pattern."""
    best: regex.Match[str] | None = None
    for p in patterns:
        m = p.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


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
    limit = packs.settings.heading_max_chars
    for line in lines[: packs.settings.heading_lines]:
        if not is_heading_candidate(line, limit):
            continue
        t = heading_text(line.text)
        for lt in packs.letter_types:  # already in priority order
            if _matches(lt.headings, t):
                return lt, line
    return None


def _by_phrases(text: str, packs: Packs) -> tuple[LetterType, list[str]] | None:
    best: tuple[int, LetterType, list[str]] | None = None
    for lt in packs.letter_types:
        found = [m.group(0) for m in _first_matches(lt.phrases, text)]
        if found and (best is None or len(found) > best[0]):
            best = (len(found), lt, found)
    return (best[1], best[2]) if best else None


def _first_matches(patterns: tuple[regex.Pattern, ...], text: str) -> Iterator[regex.Match[str]]:
    for p in patterns:
        m = p.search(text)
        if m:
            yield m
