"""Suppression comments: ``lettercheck: ignore LC304 -- reason``, as users of Ruff's noqa and Vale expect.

XML forbids ``--`` inside a comment, so the reason may also follow an em dash, en dash or single hyphen
(``<!-- lettercheck: ignore LC304 — reason -->``).

A reason is asked for (its absence is reported, LC002) because a suppression without one is a decision
nobody can review later; a suppression that matched nothing is reported too (LC001), so stale ones go.
"""

from __future__ import annotations

import re

from lettercheck.model import Location, Suppression

DIRECTIVE_RE = re.compile(
    r"lettercheck:\s*ignore\b(?P<codes>[\sA-Za-z0-9,]*?)(?:\s+(?:--|—|–|-)\s*(?P<reason>.*?))?\s*$",
    re.IGNORECASE,
)
_CODE_RE = re.compile(r"\b(?:LC\d{1,3}|ALL)\b", re.IGNORECASE)


def parse_directive(
    comment: str, location: Location, scope: tuple[int, int] | None = None
) -> Suppression | None:
    """A Suppression from one comment's text, or None if the comment is not a lettercheck directive."""
    text = " ".join(comment.split())
    m = DIRECTIVE_RE.search(text)
    if not m:
        return None
    codes = tuple(c.upper() for c in _CODE_RE.findall(m.group("codes") or ""))
    if "ALL" in codes:
        codes = ()
    reason = (m.group("reason") or "").strip() or None
    start, end = scope if scope is not None else (0, 2**62)
    return Suppression(codes=codes, reason=reason, location=location, scope_start=start, scope_end=end)
