"""Letter XML (lettercheck's own format) and vendor XML read through user-defined XPath mappings.

The letter's own structured data (date, type, payment) is taken as given and later cross-checked against
the text, because the data is what the case system *meant* and the text is what the citizen *reads*.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from operator import attrgetter
from typing import Any

from lxml import etree

from lettercheck.model import Letter, Location, ReadError, TextBuilder
from lettercheck.resources import schema_path
from lettercheck.suppress import parse_directive
from lettercheck.xmlsafe import PathIndex, local_name

LETTER_NS = "urn:lettercheck:letter:1"
_BLOCKS = ("heading", "p", "table")
_CELL = f"{{{LETTER_NS}}}cell"
_TAG = attrgetter("tag")


@cache
def _schema() -> etree.XMLSchema:
    with open(schema_path("letter.xsd"), "rb") as f:
        doc = etree.parse(f, etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False))
    return etree.XMLSchema(doc)


def _text(el: etree._Element) -> str:
    """The element's text with whitespace runs collapsed: what the citizen reads of it.

    An element without children (most paragraphs) is its own ``.text``; one with inline children or comments is
    serialised as text by libxml2 in one call, which gives what ``itertext()`` would (comments left out) faster.
    """
    if len(el):
        return " ".join(etree.tostring(el, method="text", encoding=str, with_tail=False).split())
    text = el.text
    return _collapse(text) if text else ""


def _collapse(text: str) -> str:
    """``" ".join(text.split())`` for a non-empty text, without splitting one that is collapsed already.

    Most paragraphs are: single spaces, none at either end. Every whitespace character but the ASCII space is
    non-printable (a control or separator character), so a printable text without two spaces in a row and
    without a space at either end is its own answer; ``isprintable`` and ``in`` scan it in C without making
    a string per word.
    """
    if text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " ":
        return text
    return " ".join(text.split())


class _LocalNames(dict):  # type: ignore[type-arg]
    """Full tag -> local name, worked out on the first meeting of a tag. A valid letter has few tags; past 256
    distinct ones (a hostile file's inline markup) they are worked out each time, so memory stays bounded."""

    def __missing__(self, tag: str) -> str:
        name = tag.rsplit("}", 1)[-1]
        if len(self) < 256:
            self[tag] = name
        return name


_LOCAL_NAMES = _LocalNames()
_local = _LOCAL_NAMES.__getitem__


#: (prefix, child names) -> the children's XPaths: letters made from one template repeat their body's shape.
#: Bounded (at most ~256 x 128 short strings, a few MB) so a batch of odd shapes cannot grow it
_PATHS: dict[tuple[str, tuple[str, ...]], list[str]] = {}
_PATHS_MAX_ENTRIES = 256
_PATHS_MAX_CHILDREN = 128


def _child_steps(parent: etree._Element, prefix: str = "") -> list[tuple[etree._Element, str, str]]:
    """Each element child with its local name and XPath step: "p[3]", or "title" when it is the only one.

    The same steps :class:`~lettercheck.xmlsafe.PathIndex` gives, for one parent in one pass; ``prefix`` is
    put before each step (the parent's path and "/", to make the whole path at once).
    """
    kids = list(parent.iterchildren(etree.Element))
    names = list(map(_local, map(_TAG, kids)))
    return list(zip(kids, names, _numbered(prefix, names), strict=True))


def _numbered(prefix: str, names: list[str]) -> list[str]:
    """``prefix`` + each child's step, for children of these local names in this order (see :func:`_child_steps`).

    Remembered by the names (a bounded memo of short lists): a batch's letters come from a few templates, and
    their bodies repeat the same sequence of paragraphs, headings and tables. The list is shared: do not change it.
    """
    key = (prefix, tuple(names))
    paths = _PATHS.get(key)
    if paths is not None:
        return paths
    if len(set(names)) == len(names):
        paths = [prefix + n for n in names]
    else:
        counts: dict[str, int] = {}
        for n in names:
            counts[n] = counts.get(n, 0) + 1
        seen = dict.fromkeys(counts, 0)
        paths = []
        for n in names:
            if counts[n] > 1:
                i = seen[n] = seen[n] + 1
                paths.append(f"{prefix}{n}[{i}]")
            else:
                paths.append(prefix + n)
    if len(names) <= _PATHS_MAX_CHILDREN:
        if len(_PATHS) >= _PATHS_MAX_ENTRIES:
            _PATHS.clear()
        _PATHS[key] = paths
    return paths


def read_letter_xml(tree: etree._ElementTree, path: str) -> Letter:
    root = tree.getroot()
    schema = _schema()
    if not schema.validate(tree):
        err = schema.error_log.last_error
        raise ReadError(
            "LC904",
            f"letter XML does not conform to letter.xsd: {err.message if err else 'invalid'}",
            Location(line=err.line if err else None),
        )
    b = TextBuilder()
    suppressions: list = []
    _top_comments(root, suppressions)
    # the schema fixes the shape: sender?, recipient?, caseNumber?, title?, body, payment? under the root, each
    # at most once, so each one's XPath step is its name
    root_path = "/" + local_name(root) + "/"
    top: dict[str, etree._Element] = {}
    for el in root.iterchildren(etree.Element):
        top.setdefault(_local(el.tag), el)
    # the blocks in text order: (text, source line, XPath) as the builder takes them, and their elements; each
    # block's source line is kept for context as it is met
    items: list[tuple[str, int | None, str]] = []
    els: list[etree._Element] = []
    lines = b.lines
    title = top.get("title")
    if title is not None:
        text = _text(title)
        if text:
            line = title.sourceline
            lines[(None, None, line or 0)] = text
            items.append((text, line, root_path + "title"))
            els.append(title)
    body = top.get("body")
    if body is not None:
        _body_blocks(body, root_path + "body/", items, els, lines)
    # directives inside blocks are looked for only when the letter has a comment at all (most have none)
    if next(root.iter(etree.Comment), None) is not None:
        _add_commented_blocks(b, items, els, suppressions)
    else:
        b.append_lines(items)
    data: dict[str, Any] = {"id": root.get("id")}
    for party in ("sender", "recipient"):
        el = top.get(party)
        if el is not None:
            data[party] = _fields(el)
    if "caseNumber" in top:
        data["case_number"] = _text(top["caseNumber"])
    if "payment" in top:
        data["payment"] = _payment(top["payment"])
    letter_date = _xs_date(root.get("date"), "date", root)
    letter_type = root.get("type") or None
    if letter_type:
        data["type"] = letter_type
    return Letter.from_builder(
        path,
        "xml",
        b,
        data=data,
        suppressions=suppressions,
        date=letter_date,
        date_source="data",
        letter_type=letter_type,
        letter_type_reason="letter XML type attribute" if letter_type else None,
        is_template=root.get("template") in ("true", "1"),
    )


def _fields(parent: etree._Element) -> dict[str, str]:
    """``{local name: _text(child)}`` of the parent's element children (a sender's name, unit, address ...)."""
    return {_local(child.tag): _text(child) for child in parent.iterchildren(etree.Element)}


def _body_blocks(
    body: etree._Element,
    prefix: str,
    items: list[tuple[str, int | None, str]],
    els: list[etree._Element],
    lines: dict[tuple[str | None, int | None, int], str],
) -> None:
    """Add the body's paragraphs, headings and table rows that have text: ``(text, source line, XPath)`` to
    ``items``, the element to ``els`` and the text to ``lines`` under its source line.

    The body of every letter goes through here, so :func:`_child_steps` and :func:`_text` are inlined for
    its children: a paragraph costs a handful of C calls.
    """
    kids = list(body.iterchildren(etree.Element))
    names = list(map(_local, map(_TAG, kids)))
    blocks = _BLOCKS
    for el, name, xpath in zip(kids, names, _numbered(prefix, names), strict=True):
        if name == "table":
            for row, rname, row_path in _child_steps(el, xpath + "/"):
                if rname == "row":
                    text = "  ".join(_cell_texts(row))
                    line = row.sourceline
                    lines[(None, None, line or 0)] = text
                    items.append((text, line, row_path))
                    els.append(row)
            continue
        if name not in blocks:
            continue
        if len(el):
            text = " ".join(etree.tostring(el, method="text", encoding=str, with_tail=False).split())
        else:
            text = el.text
            if not text:
                continue
            if not (text.isprintable() and "  " not in text and text[0] != " " and text[-1] != " "):
                text = " ".join(text.split())  # _collapse, inlined
        if text:
            line = el.sourceline
            lines[(None, None, line or 0)] = text
            items.append((text, line, xpath))
            els.append(el)


def _cell_texts(row: etree._Element) -> list[str]:
    """``_text`` of each of the row's cells."""
    return [_text(cell) for cell in row.iterchildren(_CELL)]


def _add_commented_blocks(
    b: TextBuilder,
    items: list[tuple[str, int | None, str]],
    els: list[etree._Element],
    suppressions: list,
) -> None:
    """Add the blocks of a letter with comments: a directive inside a block covers that block's text."""
    for (text, line, xpath), el in zip(items, els, strict=True):
        start = b.length
        end = start + len(text)
        for c in el.iter(etree.Comment):
            s = parse_directive(c.text or "", Location(line=c.sourceline, xpath=xpath), (start, end))
            if s:
                suppressions.append(s)
        b.append_line(text, line, xpath)


_XS_TIMEZONE_RE = re.compile(r"(?:Z|[+-]\d\d:\d\d)$")


def _xs_date(value: str | None, what: str, el: etree._Element) -> date:
    """An ``xs:date`` the schema accepted, as a Python date.

    The schema allows what Python's dates do not: a time zone ("2025-10-14+02:00", kept as the calendar date
    it names), and years past 9999 or before 1 ("20252-10-14", "-0001-01-01"), which no letter means: those
    become LC904 rather than an exception.
    """
    text = (value or "").strip()
    if ":" in text or text[-1:] == "Z":  # a time zone to drop (the pattern needs one of them to match)
        text = _XS_TIMEZONE_RE.sub("", text)
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ReadError(
            "LC904",
            f"letter XML {what} {value!r} is not a calendar date lettercheck can use (years 1-9999)",
            Location(line=el.sourceline),
        ) from None


def _top_comments(root: etree._Element, out: list) -> None:
    """Directives before the root element, or first among its children, cover the whole letter."""
    node = root.getprevious()
    while node is not None:
        if isinstance(node, etree._Comment):
            s = parse_directive(node.text or "", Location(line=node.sourceline))
            if s:
                out.append(s)
        node = node.getprevious()
    for child in root:
        if isinstance(child, etree._Comment):
            s = parse_directive(child.text or "", Location(line=child.sourceline))
            if s:
                out.append(s)
        elif isinstance(child.tag, str):
            break


def _amount(text: str | None) -> Decimal | None:
    if text is None or not text.strip():
        return None
    try:
        return Decimal(text.strip())
    except InvalidOperation:
        return None


_DEDUCTION = f"{{{LETTER_NS}}}deduction"


def _payment(pay: etree._Element) -> dict[str, Any]:
    """The payment data as given. Its children are looked at in one pass (the first of each kind counts, as
    ``find`` would give it); the schema fixes their order, so a bad date is still reported in document order.
    """
    out: dict[str, Any] = {
        "benefit": pay.get("benefit"),
        "category": pay.get("category"),
        "period": None,
        "payment_date": None,
        "gross": None,
        "deductions": [],
        "net": None,
        "rate": None,
    }
    first: dict[str, etree._Element] = {}
    deductions: list[etree._Element] = []
    for child in pay.iterchildren(etree.Element):
        tag = child.tag
        if tag == _DEDUCTION:
            deductions.append(child)
        elif tag not in first:
            first[tag] = child
    ns = "{" + LETTER_NS + "}"
    period = first.get(ns + "period")
    if period is not None:
        out["period"] = {
            "start": _xs_date(period.get("start"), "period start", period),
            "end": _xs_date(period.get("end"), "period end", period),
        }
    pd = first.get(ns + "paymentDate")
    if pd is not None and pd.text:
        out["payment_date"] = _xs_date(pd.text, "paymentDate", pd)
    for key in ("gross", "net", "rate"):
        el = first.get(ns + key)
        if el is not None:
            out[key] = _amount(el.text)
    out["deductions"] = [{"label": d.get("label"), "value": _amount(d.text)} for d in deductions]
    return out


# -- vendor XML via mappings -------------------------------------------------------------------------


def find_mapping(
    tree: etree._ElementTree, mappings: dict[str, dict[str, Any]]
) -> tuple[str, dict[str, Any]] | None:
    for name, m in mappings.items():
        root_xpath = m.get("root")
        if not root_xpath:
            continue
        try:
            if tree.xpath(root_xpath):
                return name, m
        except etree.XPathError:
            raise ReadError("LC905", f"mapping {name!r}: invalid XPath {root_xpath!r}") from None
    return None


def read_mapped_xml(tree: etree._ElementTree, path: str, name: str, mapping: dict[str, Any]) -> Letter:
    from lettercheck.extract.amounts import parse_danish_amount
    from lettercheck.extract.dates import parse_danish_date

    def xp(expr: str) -> list[Any]:
        try:
            res = tree.xpath(expr)
        except etree.XPathError:
            raise ReadError("LC905", f"mapping {name!r}: invalid XPath {expr!r}") from None
        return res if isinstance(res, list) else [res]

    def first_text(key: str) -> str | None:
        expr = mapping.get(key)
        if not expr:
            return None
        for r in xp(expr):
            t = _text(r) if isinstance(r, etree._Element) else str(r).strip()
            if t:
                return t
        return None

    b = TextBuilder()
    paths = PathIndex()
    body_expr = mapping.get("body")
    if not body_expr:
        raise ReadError("LC905", f"mapping {name!r} has no 'body' XPath")
    for el in xp(body_expr):
        if isinstance(el, etree._Element):
            text = _text(el)
            if text:
                b.append(text, line=el.sourceline, xpath=paths(el))
                b.lines[(None, None, el.sourceline or 0)] = text
                b.append_synthetic("\n")
        elif str(el).strip():
            b.append(str(el).strip())
            b.append_synthetic("\n")
    letter = Letter.from_builder(path, "xml", b)
    data: dict[str, Any] = {"mapping": name}
    if (lid := first_text("id")) is not None:
        data["id"] = lid
    if (d := first_text("date")) is not None:
        parsed = _parse_any_date(d, parse_danish_date)
        if parsed:
            letter.date = parsed
            letter.date_source = "data"
    if (t := first_text("type")) is not None:
        data["type"] = t
        letter.letter_type = t
        letter.letter_type_reason = f"mapping {name!r} type field"
    pay: dict[str, Any] = {}
    for key in mapping:
        if not key.startswith("payment."):
            continue
        raw = first_text(key)
        if raw is None:
            continue
        field = key[len("payment.") :]
        if field in ("gross", "net", "rate"):
            pay[field] = parse_danish_amount(raw)
        elif field == "payment_date":
            pay[field] = _parse_any_date(raw, parse_danish_date)
        elif field in ("period.start", "period.end"):
            pay.setdefault("period", {})[field.split(".")[1]] = _parse_any_date(raw, parse_danish_date)
        else:
            pay[field] = raw
    if pay:
        pay.setdefault("deductions", [])
        data["payment"] = pay
    letter.data = data
    return letter


def _parse_any_date(s: str, danish: Any) -> date | None:
    try:
        return date.fromisoformat(s.strip()[:10])
    except ValueError:
        return danish(s)
