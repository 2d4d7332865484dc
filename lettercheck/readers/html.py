"""HTML letters (and HTML documents inside MeMo messages).

Block elements become lines, so headings stay recognisable; scripts and styles are not letter text.
Parsed by lxml's HTML parser with the network off; HTML has no entity declarations to expand.
"""

from __future__ import annotations

import re

from lxml import etree, html

from lettercheck.model import Letter, Location, ReadError, Suppression, TextBuilder
from lettercheck.readers.text import decode_text
from lettercheck.suppress import parse_directive
from lettercheck.xmlsafe import PathIndex

_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "tr",
        "table",
        "section",
        "article",
        "header",
        "footer",
        "address",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "td",
        "th",
        "br",
    ]
)
_CHARSET_RE = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.IGNORECASE)
_XML_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>")
_SKIP = frozenset({"script", "style", "noscript", "template", "head"})


def _decode(data: bytes) -> str:
    """Honour a declared charset; otherwise UTF-8, falling back to Windows-1252 (never lxml's latin-1 guess)."""
    m = _CHARSET_RE.search(data[:2048])
    if m:
        try:
            text = data.decode(m.group(1).decode("ascii", "replace"), errors="replace")
        except LookupError:
            text = decode_text(data)
    else:
        text = decode_text(data)
    # lxml refuses str input that still carries an XML encoding declaration
    return _XML_DECL_RE.sub("", text, count=1)


def read_html(data: bytes, path: str) -> Letter:
    parser = html.HTMLParser(no_network=True, remove_comments=False, remove_pis=True, default_doctype=False)
    try:
        root = html.document_fromstring(_decode(data), parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise ReadError("LC901", f"HTML could not be parsed: {e}") from None
    b = TextBuilder()
    paths = PathIndex()
    suppressions: list[Suppression] = []
    buf: list[str] = []
    buf_el: list[etree._Element] = []

    def flush() -> None:
        text = " ".join("".join(buf).split())
        if text:
            el = buf_el[0] if buf_el else root
            b.append(text, line=el.sourceline, xpath=paths(el))
            b.lines[(None, None, el.sourceline or 0)] = text
            b.append_synthetic("\n")
        buf.clear()
        buf_el.clear()

    def walk(el: etree._Element) -> None:
        if isinstance(el, etree._Comment):
            s = parse_directive(el.text or "", Location(line=el.sourceline))
            if s:
                parent = el.getparent()
                scope = None if parent is None or parent.tag in ("html", "body", "head") else parent
                suppressions.append(s if scope is None else _scoped(s, scope))
            return
        if not isinstance(el.tag, str) or el.tag in _SKIP:
            if el.tail and isinstance(el.tag, str):
                buf.append(el.tail)
            return
        block = el.tag in _BLOCK
        if block:
            flush()
            buf_el.append(el)
        if el.text:
            if not buf_el:
                buf_el.append(el)
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail and not isinstance(child, etree._Comment):
                buf.append(child.tail)
        if block:
            flush()

    # scoped suppressions are resolved to text spans after the walk
    pending: dict[int, etree._Element] = {}

    def _scoped(s: Suppression, scope_el: etree._Element) -> Suppression:
        pending[id(s)] = scope_el
        return s

    walk(root)
    flush()
    letter = Letter.from_builder(path, "html", b)
    runs = letter.map._runs
    spans = _run_spans(runs, {paths(el) for el in pending.values()})
    resolved: list[Suppression] = []
    for s in suppressions:
        scope_el = pending.get(id(s))
        if scope_el is None:
            resolved.append(s)
            continue
        span = spans.get(paths(scope_el))
        if span is None:
            resolved.append(s)
            continue
        first, last = span
        end = runs[last + 1].start if last + 1 < len(runs) else len(letter.text)
        resolved.append(
            Suppression(s.codes, s.reason, s.location, scope_start=runs[first].start, scope_end=end)
        )
    letter.suppressions = resolved
    return letter


def _run_spans(runs: list, scopes: set[str]) -> dict[str, tuple[int, int]]:
    """For each scope element's path, the first and last run that comes from it or from inside it.

    One pass over the runs, looking up each run's ancestor paths (one per path step), so a letter with many
    scoped suppressions stays linear; comparing whole path steps also keeps ``p[1]`` from matching ``p[10]``.
    """
    spans: dict[str, tuple[int, int]] = {}
    if not scopes:
        return spans
    for i, r in enumerate(runs):
        xp = r.xpath
        if not xp:
            continue
        cut = len(xp)
        while cut > 0:
            prefix = xp[:cut]
            if prefix in scopes:
                first = spans[prefix][0] if prefix in spans else i
                spans[prefix] = (first, i)
            cut = xp.rfind("/", 0, cut)
    return spans
