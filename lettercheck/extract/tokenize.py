"""Clean letter text for the citation grammar, and map offsets in the cleaned text back to the original.

Text extracted from PDFs breaks citations in ways a grammar should not have to spell out: a line break in the
middle of "lov om aktiv social-\\npolitik", a non-breaking or thin space between "§" and "11", two spaces after a
comma, a soft hyphen left by the typesetter. Like eyecite's ``clean_text``, we rewrite the text once so the
grammar sees single ASCII spaces and whole words, and keep an offset map so every span the grammar finds still
points at the exact characters of the letter (which the checks quote and locate).

The rewrite is built for speed, since it runs on every letter: each whitespace character becomes a plain space
(``str.replace``, which keeps every offset), and only then are characters *deleted* — the second and later spaces
of a run, the hyphen and spaces of a hyphenation, invisible characters. With deletions only, the map is a sorted
list of break points and a lookup is a binary search. The scans use the standard library's ``re`` on literal
patterns, which run at C speed; none of them can backtrack.
"""

from __future__ import annotations

import bisect
import re

from lettercheck.records import field, record

__all__ = ["CleanText", "clean_text"]

#: whitespace other than the plain space, each replaced by one space (offsets unchanged)
_WHITESPACE = (
    "\n",
    "\r",
    "\t",
    "\x0b",
    "\x0c",
    "\x85",
    "\xa0",
    "\u1680",
    *(chr(c) for c in range(0x2000, 0x200B)),
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
)
#: characters that are not there for a reader: soft hyphen, zero-width space/joiners, word joiner, BOM
_INVISIBLE = ("\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff")
_INVISIBLE_RUN = re.compile("[" + "".join(_INVISIBLE) + "]+")
_SPACE_RUN = re.compile("  +")
_HYPHEN_SPACE = re.compile("- +")
#: after "kontant- " these words show a shared word end ("kontant- og uddannelseshjælp"), not a hyphenation
_KEEP_HYPHEN_BEFORE = ("og ", "eller ", "samt ", "men ", "som ", "til ", "end ", "i ", "på ", "el. ")
_LOWER = frozenset("abcdefghijklmnopqrstuvwxyzæøåéüö")


@record(slots=True)
class CleanText:
    """The cleaned text and the way back: ``original_offset(i)`` for any offset ``i`` of ``text``."""

    text: str
    original: str
    #: cleaned offsets from which a new shift applies, and the shift (original - cleaned) from there on
    _starts: list[int] = field(default_factory=list)
    _shifts: list[int] = field(default_factory=list)
    #: the map of an earlier cleaning step (invisible characters removed first), applied after this one
    _inner: CleanText | None = None

    def original_offset(self, offset: int) -> int:
        """Where cleaned offset ``offset`` came from in the original text (start offsets)."""
        if self._starts:
            i = bisect.bisect_right(self._starts, offset) - 1
            offset += self._shifts[i] if i >= 0 else 0
        return self._inner.original_offset(offset) if self._inner is not None else offset

    def original_end(self, end: int) -> int:
        """Map an exclusive end offset: the character before it is mapped, so removed text after a span
        (a line break, a soft hyphen) never becomes part of the span."""
        if end <= 0:
            return 0
        return self.original_offset(end - 1) + 1

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """``(original_offset(start), original_end(end))``; the extractor maps a few spans per citation."""
        if self._inner is not None:
            return self.original_offset(start), self.original_end(end)
        if end <= 0:
            return self.original_offset(start), 0
        starts = self._starts
        if not starts:
            return start, end
        shifts = self._shifts
        i = bisect.bisect_right(starts, start) - 1
        j = bisect.bisect_right(starts, end - 1) - 1
        return start + (shifts[i] if i >= 0 else 0), end + (shifts[j] if j >= 0 else 0)


def _hyphenation(text: str, start: int, end: int) -> bool:
    """Is the hyphen at ``start`` followed by spaces up to ``end`` a word broken at a line end?"""
    if start == 0 or end >= len(text):
        return False
    if text[start - 1] not in _LOWER or text[end] not in _LOWER:
        return False
    return not text.startswith(_KEEP_HYPHEN_BEFORE, end)


def clean_text(text: str) -> CleanText:
    """Rewrite ``text`` to single-space, de-hyphenated form and remember how to map offsets back."""
    t = text
    for ch in _WHITESPACE:
        if ch in t:
            t = t.replace(ch, " ")
    if any(ch in t for ch in _INVISIBLE):
        # first drop the invisible characters (" \u00ad " must become one space, "akti\u00advloven" one word)
        inner = _delete(t, text, [m.span() for m in _INVISIBLE_RUN.finditer(t)])
        outer = _collapse(inner.text, inner.text)
        outer.original = text
        outer._inner = inner
        return outer
    return _collapse(t, text)


def _collapse(t: str, original: str) -> CleanText:
    """Collapse space runs and join hyphenated words in ``t`` (whose offsets are those of ``original``).

    The runs are found with the literal search (a run of spaces is rare: table cells, PDF columns) and measured
    with the pattern only where one starts; a scan with the pattern alone would test every character.
    """
    run = t.find("  ")
    hyphens = "-" in t and "- " in t
    if run < 0 and not hyphens:
        return CleanText(t, original)
    deletions: list[tuple[int, int]] = []
    if hyphens:
        for m in _HYPHEN_SPACE.finditer(t):
            if _hyphenation(t, m.start(), m.end()):
                deletions.append((m.start(), m.end()))
    if run >= 0:
        spaces = _SPACE_RUN.match
        find = t.find
        while run >= 0:
            end = spaces(t, run).end()  # type: ignore[union-attr]  # "  " is there
            deletions.append((run + 1, end))
            run = find("  ", end)
        if hyphens:
            deletions.sort()
    return _delete(t, original, deletions)


def _delete(t: str, original: str, deletions: list[tuple[int, int]]) -> CleanText:
    """``t`` without the (sorted, possibly overlapping) spans in ``deletions``, with the offset map."""
    if not deletions:
        return CleanText(t, original)
    parts: list[str] = []
    starts: list[int] = []
    shifts: list[int] = []
    pos = 0  # next offset of ``t`` not yet copied
    removed = 0
    for s, e in deletions:
        if e <= pos:
            continue  # inside a deletion already made (a hyphenation's spaces)
        s = max(s, pos)
        parts.append(t[pos:s])
        removed += e - s
        cleaned = s - (removed - (e - s))  # cleaned offset of the first character after the deletion
        if starts and starts[-1] == cleaned:
            shifts[-1] = removed
        else:
            starts.append(cleaned)
            shifts.append(removed)
        pos = e
    parts.append(t[pos:])
    return CleanText("".join(parts), original, starts, shifts)
