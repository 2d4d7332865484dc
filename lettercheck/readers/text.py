"""Plain-text letters (.txt, and ``-`` for standard input).

Encodings are tried in the order Danish systems produce them: UTF-8 (with or without BOM), UTF-16 with a
BOM, then Windows-1252, which also covers Latin-1's printable range.
"""

from __future__ import annotations

import codecs

from lettercheck.model import Letter, Location, ReadError, TextBuilder
from lettercheck.suppress import parse_directive


def decode_text(data: bytes) -> str:
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_text(data: bytes, path: str, max_chars: int = 5_000_000) -> Letter:
    text = decode_text(data)
    if len(text) > max_chars:
        raise ReadError(
            "LC906",
            f"text is {len(text):,} characters, over max-text-chars={max_chars:,} "
            "(raise it with [tool.lettercheck.limits] max-text-chars)",
        )
    b = TextBuilder()
    suppressions = []
    for n, line in enumerate(text.splitlines(), start=1):
        b.lines[(None, None, n)] = line
        if n <= 10 and "lettercheck:" in line:
            s = parse_directive(line, Location(line=n, column=1))
            if s:
                suppressions.append(s)
        b.append(line, line=n, column=1)
        b.append_synthetic("\n")
    if not text.strip():
        raise ReadError("LC902", "text file is empty")
    letter = Letter.from_builder(path, "text", b)
    letter.suppressions = suppressions
    return letter
