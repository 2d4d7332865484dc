"""Letter XML (lettercheck's own format) and vendor XML read through user-defined XPath mappings.

The letter's own structured data (date, type, payment) is taken as given and later cross-checked against
the text, because the data is what the case system *meant* and the text is what the citizen *reads*.
"""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import cache
from typing import Any

from lxml import etree

from lettercheck.model import Letter, Location, ReadError, TextBuilder
from lettercheck.resources import schema_path
from lettercheck.suppress import parse_directive
from lettercheck.xmlsafe import PathIndex, local_name

LETTER_NS = "urn:lettercheck:letter:1"
_BLOCKS = ("heading", "p", "table")


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
    return " ".join(text.split()) if text else ""


def _child_steps(parent: etree._Element) -> list[tuple[etree._Element, str, str]]:
    """Each element child with its local name and XPath step: "p[3]", or "title" when it is the only one.

    The same steps :class:`~lettercheck.xmlsafe.PathIndex` gives, for one parent in one pass.
    """
    kids = list(parent.iterchildren(etree.Element))
    names = [k.tag.rsplit("}", 1)[-1] for k in kids]
    counts: dict[str, int] = {}
    for n in names:
        counts[n] = counts.get(n, 0) + 1
    if len(counts) == len(names):
        return list(zip(kids, names, names, strict=True))
    seen: dict[str, int] = {}
    out: list[tuple[etree._Element, str, str]] = []
    for k, n in zip(kids, names, strict=True):
        if counts[n] > 1:
            i = seen[n] = seen.get(n, 0) + 1
            out.append((k, n, f"{n}[{i}]"))
        else:
            out.append((k, n, n))
    return out


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
    ns = {"l": LETTER_NS}
    b = TextBuilder()
    lines = b.lines
    suppressions: list = []
    _top_comments(root, suppressions)
    # directives inside blocks are looked for only when the letter has a comment at all (most have none)
    comments = next(root.iter(etree.Comment), None) is not None

    def add_block(el: etree._Element, text: str, xpath: str) -> None:
        line = el.sourceline
        lines[(None, None, line or 0)] = text
        if comments:
            start = b.length
            end = start + len(text)
            for c in el.iter(etree.Comment):
                s = parse_directive(c.text or "", Location(line=c.sourceline, xpath=xpath), (start, end))
                if s:
                    suppressions.append(s)
        b.append_line(text, line, xpath)

    # the schema fixes the shape: sender?, recipient?, caseNumber?, title?, body, payment? under the root
    root_path = "/" + local_name(root)
    top = {name: (el, step) for el, name, step in reversed(_child_steps(root))}
    if "title" in top:
        title, step = top["title"]
        text = _text(title)
        if text:
            add_block(title, text, f"{root_path}/{step}")
    if "body" in top:
        body, step = top["body"]
        body_path = f"{root_path}/{step}"
        for el, name, step in _child_steps(body):
            if name == "table":
                table_path = f"{body_path}/{step}"
                for row, rname, rstep in _child_steps(el):
                    if rname == "row":
                        cells = [_text(c) for c in row.findall("l:cell", ns)]
                        add_block(row, "  ".join(cells), f"{table_path}/{rstep}")
            elif name in _BLOCKS:
                text = _text(el)
                if text:
                    add_block(el, text, f"{body_path}/{step}")
    data: dict[str, Any] = {"id": root.get("id")}
    for party in ("sender", "recipient"):
        if party in top:
            data[party] = {local_name(c): _text(c) for c in top[party][0].iterchildren(etree.Element)}
    if "caseNumber" in top:
        data["case_number"] = _text(top["caseNumber"][0])
    if "payment" in top:
        data["payment"] = _payment(top["payment"][0], ns)
    letter = Letter.from_builder(path, "xml", b)
    letter.data = data
    letter.suppressions = suppressions
    letter.date = _xs_date(root.get("date"), "date", root)
    letter.date_source = "data"
    if root.get("type"):
        letter.letter_type = root.get("type")
        letter.letter_type_reason = "letter XML type attribute"
        data["type"] = root.get("type")
    letter.is_template = root.get("template") in ("true", "1")
    return letter


_XS_TIMEZONE_RE = re.compile(r"(?:Z|[+-]\d\d:\d\d)$")


def _xs_date(value: str | None, what: str, el: etree._Element) -> date:
    """An ``xs:date`` the schema accepted, as a Python date.

    The schema allows what Python's dates do not: a time zone ("2025-10-14+02:00", kept as the calendar date
    it names), and years past 9999 or before 1 ("20252-10-14", "-0001-01-01"), which no letter means: those
    become LC904 rather than an exception.
    """
    text = _XS_TIMEZONE_RE.sub("", (value or "").strip())
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


def _payment(pay: etree._Element, ns: dict[str, str]) -> dict[str, Any]:
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
    period = pay.find("l:period", ns)
    if period is not None:
        out["period"] = {
            "start": _xs_date(period.get("start"), "period start", period),
            "end": _xs_date(period.get("end"), "period end", period),
        }
    pd = pay.find("l:paymentDate", ns)
    if pd is not None and pd.text:
        out["payment_date"] = _xs_date(pd.text, "paymentDate", pd)
    for key, tag in (("gross", "gross"), ("net", "net"), ("rate", "rate")):
        el = pay.find(f"l:{tag}", ns)
        if el is not None:
            out[key] = _amount(el.text)
    out["deductions"] = [
        {"label": d.get("label"), "value": _amount(d.text)} for d in pay.findall("l:deduction", ns)
    ]
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
