"""Digital Post MeMo messages (https://DigitalPost.dk/MeMo-1): a header plus embedded documents.

The header's label and notification are what the citizen sees in the inbox and in e-mail/SMS
notifications, outside the secure mailbox — so they are kept as separately addressable fields (LC501
checks them for CPR numbers). Each embedded File is decoded and read through the matching reader, and every
location it yields carries the embedded file's name.
"""

from __future__ import annotations

import base64
import binascii
from datetime import date
from typing import Any

from lxml import etree

from lettercheck import cpr
from lettercheck.config import Limits
from lettercheck.model import Letter, ReadError, TextBuilder
from lettercheck.xmlsafe import element_path, local_name

MEMO_NS = "https://DigitalPost.dk/MeMo-1"
_FORMATS = {
    "application/pdf": "pdf",
    "text/html": "html",
    "text/plain": "text",
    "application/xml": "xml",
    "text/xml": "xml",
}


def _child(el: etree._Element | None, name: str) -> etree._Element | None:
    if el is None:
        return None
    for c in el:
        if isinstance(c.tag, str) and local_name(c) == name:
            return c
    return None


def _children(el: etree._Element | None, name: str) -> list[etree._Element]:
    if el is None:
        return []
    return [c for c in el if isinstance(c.tag, str) and local_name(c) == name]


def _t(el: etree._Element | None) -> str | None:
    if el is None:
        return None
    t = " ".join("".join(el.itertext()).split())
    return t or None


def read_memo(
    tree: etree._ElementTree, path: str, limits: Limits, *, depth: int = 0, engine: str = "pypdf"
) -> Letter:
    from lettercheck.readers import read_bytes

    root = tree.getroot()
    header = _child(root, "MessageHeader")
    body = _child(root, "MessageBody")
    if header is None:
        raise ReadError("LC901", "MeMo message has no MessageHeader")
    b = TextBuilder()
    fields: dict[str, tuple[int, int]] = {}
    data: dict[str, Any] = {"memo": {}}
    memo = data["memo"]
    for name in ("label", "notification"):
        el = _child(header, name)
        text = _t(el)
        if el is not None and text:
            start = b.length
            b.append(text, line=el.sourceline, xpath=element_path(el))
            b.lines[(None, None, el.sourceline or 0)] = text
            fields[name] = (start, b.length)
            b.append_synthetic("\n")
            memo[name] = text
    for name in ("messageUUID", "messageID", "messageType"):
        if (t := _t(_child(header, name))) is not None:
            memo[name] = t
    sender = _child(header, "Sender")
    if sender is not None:
        data["sender"] = {local_name(c): _t(c) for c in sender if isinstance(c.tag, str)}
    recipient = _child(header, "Recipient")
    if recipient is not None:
        data["recipient"] = {local_name(c): _t(c) for c in recipient if isinstance(c.tag, str)}
    content = _child(header, "ContentData")
    if content is not None:
        data["content_data"] = {
            local_name(c): _t(c) for c in content.iter() if isinstance(c.tag, str) and len(c) == 0
        }
    created = _t(_child(body, "createdDateTime")) or _t(_child(header, "createdDateTime"))
    letter_date: date | None = None
    if created:
        try:
            letter_date = date.fromisoformat(created[:10])
            memo["createdDateTime"] = created
        except ValueError:
            pass

    problems: list[ReadError] = []
    documents: list[str] = []
    lines: dict = {}
    sub_dates: list[Letter] = []
    docs = _children(body, "MainDocument") + _children(body, "AdditionalDocument")
    for doc in docs:
        for i, f in enumerate(_children(doc, "File"), start=1):
            # the name travels into every location, message, cache entry and report of this letter, and
            # case systems name attachments after the citizen ("afgoerelse_0101901234.pdf"): mask it here once
            fname = cpr.mask(_t(_child(f, "filename")) or f"{local_name(doc)}-{i}")
            fmt = (_t(_child(f, "encodingFormat")) or "").lower()
            raw = "".join(_child(f, "content").itertext()) if _child(f, "content") is not None else ""
            documents.append(fname)
            if len(raw) * 3 // 4 > limits.max_file_size:
                problems.append(
                    ReadError(
                        "LC906",
                        f"embedded document {fname!r} is over max-file-size={limits.max_file_size:,} "
                        "(raise it with [tool.lettercheck.limits] max-file-size)",
                    )
                )
                continue
            try:
                blob = base64.b64decode("".join(raw.split()), validate=True)
            except (binascii.Error, ValueError):
                problems.append(
                    ReadError("LC901", f"embedded document {fname!r}: content is not valid base64")
                )
                continue
            kind = _FORMATS.get(fmt)
            if kind is None:
                problems.append(
                    ReadError(
                        "LC905",
                        f"embedded document {fname!r}: unsupported encodingFormat {fmt or '(none)'!r}",
                    )
                )
                continue
            try:
                sub = read_bytes(blob, fname, limits=limits, kind=kind, depth=depth + 1, engine=engine)
            except ReadError as e:
                e.location = type(e.location)(
                    e.location.page, e.location.line, e.location.column, e.location.xpath, fname
                )
                e.message = f"embedded document {fname!r}: {e.message}"
                problems.append(e)
                continue
            if b.length and not b.ends_with("\n"):
                b.append_synthetic("\n")
            b.append_synthetic("\n")
            b.extend_letter(sub, fname)
            sub_dates.append(sub)
            problems.extend(sub.problems)
    if not documents:
        problems.append(ReadError("LC901", "MeMo message has no MainDocument File"))
    letter = Letter.from_builder(path, "memo", b)
    letter.lines.update(lines)
    letter.fields = fields
    data["documents"] = documents
    data["documents_read"] = len(sub_dates)
    letter.data = data
    letter.problems = problems
    if letter_date:
        letter.date = letter_date
        letter.date_source = "data"
    for sub in sub_dates:
        if sub.metadata:
            letter.metadata.setdefault("embedded", {})[sub.path] = sub.metadata
    return letter
