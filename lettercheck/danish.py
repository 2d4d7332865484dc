"""The Danish month names, kept once for every module that reads or writes a Danish date.

Dates are read in four places (letter dates and periods, the act dates of citations, the corpus's dates,
and the dates LC1xx messages write); one table keeps them from drifting apart. No imports: the corpus and
the extractors load this at start.
"""

from __future__ import annotations

#: the months in order, as Danish writes them (lower case)
MONTH_NAMES: tuple[str, ...] = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

#: month name -> number
MONTHS: dict[str, int] = {name: n for n, name in enumerate(MONTH_NAMES, 1)}
