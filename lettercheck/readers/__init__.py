"""Readers turn bytes into a Letter; the format is chosen by extension, then by the file's first bytes.

Readers import their libraries lazily so that checking XML never imports pypdf (start-up time matters for
pre-commit, where lettercheck runs on every commit).
"""

from __future__ import annotations

import functools
import os
from typing import Any

from lettercheck.config import Limits
from lettercheck.model import Letter, ReadError

EXTENSIONS = {
    ".pdf": "pdf",
    ".xml": "xml",
    ".memo": "xml",
    ".docx": "docx",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
}
_MAX_EMBED_DEPTH = 3


def sniff(data: bytes, name: str) -> str | None:
    ext = os.path.splitext(name)[1].lower()
    if ext in EXTENSIONS:
        return EXTENSIONS[ext]
    if name == "-":
        return "text"
    head = data[:512].lstrip()
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") and b"word/" in data[:4096]:
        return "docx"
    low = head.lower()
    if low.startswith((b"<!doctype html", b"<html")):
        return "html"
    if head.startswith((b"<?xml", b"<")):
        return "xml"
    return None


def read_bytes(
    data: bytes,
    name: str,
    *,
    limits: Limits | None = None,
    mappings: dict | None = None,
    kind: str | None = None,
    depth: int = 0,
    engine: str = "pypdf",
) -> Letter:
    """Read ``data`` as a letter or raise ReadError carrying the LC9xx code it becomes."""
    limits = limits or Limits()
    if len(data) > limits.max_file_size:
        raise ReadError(
            "LC906",
            f"file is {len(data):,} bytes, over max-file-size={limits.max_file_size:,} "
            "(raise it with [tool.lettercheck.limits] max-file-size)",
        )
    if depth > _MAX_EMBED_DEPTH:
        raise ReadError(
            "LC906",
            f"documents nested more than {_MAX_EMBED_DEPTH} levels deep (a fixed limit: no real letter "
            "embeds a message in a message in a message)",
        )
    letter = _read(data, name, limits, mappings, kind, depth, engine)
    if len(letter.text) > limits.max_text_chars:
        # the text reader and the PDF reader stop early; this catches every other format too
        raise ReadError(
            "LC906",
            f"letter text is {len(letter.text):,} characters, over max-text-chars={limits.max_text_chars:,} "
            "(raise it with [tool.lettercheck.limits] max-text-chars)",
        )
    return letter


def _read(
    data: bytes,
    name: str,
    limits: Limits,
    mappings: dict | None,
    kind: str | None,
    depth: int,
    engine: str,
) -> Letter:
    kind = kind or sniff(data, name)
    if kind == "pdf":
        from lettercheck.readers.pdf import read_pdf

        return read_pdf(data, name, limits, engine=engine)
    if kind == "xml":
        return _read_xml(data, name, limits, mappings or {}, depth, engine)
    if kind == "docx":
        from lettercheck.readers.docx import read_docx

        return read_docx(data, name, limits)
    if kind == "html":
        from lettercheck.readers.html import read_html

        return read_html(data, name)
    if kind == "text":
        from lettercheck.readers.text import read_text

        return read_text(data, name, limits.max_text_chars)
    ext = os.path.splitext(name)[1] or "(no extension)"
    raise ReadError(
        "LC905", f"unsupported file type {ext}: lettercheck reads PDF, XML, MeMo, DOCX, HTML and text"
    )


@functools.cache
def _xml_modules() -> tuple[Any, Any, Any]:
    """The XML readers and the safe parser, imported on the first XML file (not at start-up) and then kept:
    an ``import`` statement per file costs more than the rest of sniffing it."""
    from lettercheck.readers import memo, xml
    from lettercheck.xmlsafe import parse_xml

    return memo, xml, parse_xml


def _read_xml(data: bytes, name: str, limits: Limits, mappings: dict, depth: int, engine: str) -> Letter:
    memo, xml, parse_xml = _xml_modules()
    tree = parse_xml(data, max_depth=limits.max_xml_depth, max_size=limits.max_file_size)
    root = tree.getroot()
    ns = root.tag.split("}", 1)[0][1:] if isinstance(root.tag, str) and root.tag.startswith("{") else ""
    if ns == memo.MEMO_NS:
        return memo.read_memo(tree, name, limits, depth=depth, engine=engine)
    if ns == xml.LETTER_NS:
        return xml.read_letter_xml(tree, name)
    found = xml.find_mapping(tree, mappings)
    if found:
        return xml.read_mapped_xml(tree, name, *found)
    local = root.tag.rsplit("}", 1)[-1] if isinstance(root.tag, str) else "?"
    raise ReadError(
        "LC905",
        f"XML with root <{local}>{f' in namespace {ns}' if ns else ''} is neither a lettercheck letter nor a "
        "MeMo message, and no configured mapping matches it (see docs/letter-xml.md#mappings)",
    )
