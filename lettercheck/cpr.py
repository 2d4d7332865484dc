"""CPR numbers: find them and mask them, everywhere lettercheck writes anything.

A CPR number is ddmmyy-nnnn (or ddmmyynnnn) with a valid calendar date. Masking keeps the birth date
(ddmmyy-xxxx) so a caseworker can still tell which person a finding is about, without the serial that
makes it a full identifier.
"""

from __future__ import annotations

import re
from datetime import date

# ddmmyy, optional dash/space, 4 digits; not part of a longer number. A dash or letter before it does not
# stop it: case systems embed the number in identifiers ("L-0101901234", "sag-010190-1234"), and masking
# one number too many is the safe side. Dashes and spaces as letters write them: -, ‐, ‑, ‒, –, —, space, NBSP.
#
# "Not preceded by a digit" is written after the first digit, ``[0-3](?<!\d[0-3])``, not before it as
# ``(?<!\d)[0-3]``: the same matches, but a pattern that starts with a character set lets the engine skip to
# the next 0-3 in C instead of trying every position — this scan runs on every message, text and context
# line of every finding, and on every letter's whole text (LC501), so it must cost next to nothing.
CPR_RE = re.compile(
    r"([0-3](?<!\d[0-3])\d)([01]\d)(\d\d)[\-\u2010\u2011\u2012\u2013\u2014 \u00a0]?(\d{4})(?!\d)"
)


def _valid(dd: str, mm: str, yy: str) -> bool:
    try:
        # the century does not matter for validity except 29 February; 2000 and 1900 differ, so try both
        date(2000 + int(yy), int(mm), int(dd))
        return True
    except ValueError:
        try:
            date(1900 + int(yy), int(mm), int(dd))
            return True
        except ValueError:
            return False


def find_cpr(text: str) -> list[re.Match[str]]:
    """Full CPR numbers in ``text`` (valid date, four-digit serial that is not already masked)."""
    return [m for m in CPR_RE.finditer(text) if _valid(m.group(1), m.group(2), m.group(3))]


def _repl(m: re.Match[str]) -> str:
    dd, mm, yy = m.group(1, 2, 3)
    if not _valid(dd, mm, yy):
        return m.group(0)
    return f"{dd}{mm}{yy}-xxxx"


def mask(text: str) -> str:
    """``text`` with every full CPR number replaced by ddmmyy-xxxx.

    One C-speed search decides the common case (no candidate at all: the text itself comes back); only a
    text with a candidate pays for the substitution.
    """
    if not text or CPR_RE.search(text) is None:
        return text
    return CPR_RE.sub(_repl, text)


def mask_obj(obj: object) -> object:
    """Mask every string inside a JSON-like structure."""
    if isinstance(obj, str):
        return mask(obj)
    if isinstance(obj, dict):
        # keys too: an embedded document's name keys its metadata
        return {(mask(k) if isinstance(k, str) else k): mask_obj(v) for k, v in obj.items()}
    if isinstance(obj, list | tuple):
        return [mask_obj(v) for v in obj]
    return obj
