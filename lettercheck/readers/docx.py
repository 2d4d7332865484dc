"""DOCX templates: word/document.xml read from the zip with the hardened parser, merge fields kept visible.

Templates are where outdated wording is born, so they are checked before they generate thousands of letters.
A DOCX is not assumed to be a template: a merged letter exported as DOCX must not carry placeholders, so
templates are named in the config (``templates``) or with ``--template``.
A merge field's *code* (``MERGEFIELD Beloeb``) is what the template holds, so it is shown as Word does with
field codes on (``{ MERGEFIELD Beloeb }``), letting LC401 see it.
"""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from lettercheck.config import Limits
from lettercheck.model import Letter, Location, ReadError, Suppression, TextBuilder
from lettercheck.suppress import parse_directive
from lettercheck.xmlsafe import PathIndex, local_name, parse_xml

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


_CHUNK = 1 << 20


def _read_member(zf: zipfile.ZipFile, name: str, limits: Limits) -> bytes | None:
    """A member's bytes, refusing one that unpacks past the limits before or while inflating it.

    The header's size is checked first (an honest zip bomb costs nothing); the member is then inflated in
    1 MiB steps, because the header may lie and ``ZipExtFile.read(n)`` would inflate all ``n`` bytes in one
    call. The XML parts of a DOCX are held to max-file-size as well, like any XML file: lxml needs several
    times a document's size in memory.
    """
    try:
        info = zf.getinfo(name)
    except KeyError:
        return None
    cap = min(limits.max_decompressed_size, limits.max_file_size)
    _check_member_size(name, info.file_size, limits)
    parts: list[bytes] = []
    total = 0
    with zf.open(info) as f:
        while True:
            chunk = f.read(_CHUNK)
            if not chunk:
                break
            total += len(chunk)
            if total > cap:
                _check_member_size(name, total, limits, lied=True)
            parts.append(chunk)
    return b"".join(parts)


def _check_member_size(name: str, size: int, limits: Limits, lied: bool = False) -> None:
    grew = " (more than its zip header says)" if lied else ""
    if size > limits.max_decompressed_size:
        raise ReadError(
            "LC906",
            f"DOCX member {name} unpacks to {'over ' if lied else ''}{size:,} bytes{grew}, over "
            f"max-decompressed-size={limits.max_decompressed_size:,} (possible zip bomb; raise it with "
            "[tool.lettercheck.limits] max-decompressed-size)",
        )
    if size > limits.max_file_size:
        raise ReadError(
            "LC906",
            f"DOCX member {name} is {'over ' if lied else ''}{size:,} bytes unpacked{grew}, over "
            f"max-file-size={limits.max_file_size:,} (raise it with [tool.lettercheck.limits] max-file-size)",
        )


def read_docx(data: bytes, path: str, limits: Limits) -> Letter:
    # zipfile raises a different exception for each way an archive can be broken: BadZipFile, EOFError,
    # NotImplementedError ("zip file version 9.7", an unknown compression), RuntimeError (an encrypted
    # member), zlib.error, struct.error, ValueError... Every one of them means "not a readable DOCX".
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except Exception as e:
        raise ReadError("LC901", f"DOCX is not a valid zip archive: {type(e).__name__}: {e}") from None
    with zf:
        try:
            doc = _read_member(zf, "word/document.xml", limits)
            comments_xml = _read_member(zf, "word/comments.xml", limits)
        except ReadError:
            raise
        except Exception as e:
            raise ReadError("LC901", f"DOCX archive is corrupt: {type(e).__name__}: {e}") from None
        if doc is None:
            raise ReadError("LC901", "DOCX has no word/document.xml")
    tree = parse_xml(doc, max_depth=limits.max_xml_depth, max_size=limits.max_decompressed_size)
    del doc
    comments: dict[str, str] = {}
    if comments_xml:
        ctree = parse_xml(comments_xml, max_depth=limits.max_xml_depth)
        for c in ctree.getroot():
            if isinstance(c.tag, str) and local_name(c) == "comment":
                comments[c.get(f"{{{W}}}id", "")] = "".join(c.itertext())
    b = TextBuilder()
    paths = PathIndex()
    suppressions: list[Suppression] = []
    body = tree.getroot().find(f"{{{W}}}body")
    if body is None:
        raise ReadError("LC901", "DOCX document.xml has no w:body")
    for n, p in enumerate(body.iter(f"{{{W}}}p"), start=1):
        text, refs = _paragraph_text(p)
        start = b.length
        if text.strip():
            b.append(text, line=n, column=1, xpath=paths(p))
        b.lines[(None, None, n)] = text
        end = b.length
        for ref in refs:
            s = parse_directive(comments.get(ref, ""), Location(line=n, xpath=paths(p)), (start, end))
            if s:
                suppressions.append(s)
        b.append_synthetic("\n")
        if b.length > limits.max_text_chars:
            raise ReadError(
                "LC906",
                f"DOCX text is over max-text-chars={limits.max_text_chars:,} "
                "(raise it with [tool.lettercheck.limits] max-text-chars)",
            )
    letter = Letter.from_builder(path, "docx", b)
    letter.suppressions = suppressions
    return letter


def _paragraph_text(p: etree._Element) -> tuple[str, list[str]]:
    """Text of one paragraph with field codes visible, and the ids of comments anchored in it."""
    parts: list[str] = []
    refs: list[str] = []
    in_field_result = False
    in_instr = False
    for el in p.iter():
        if not isinstance(el.tag, str):
            continue
        name = local_name(el)
        if name == "fldSimple":
            parts.append("{ " + " ".join((el.get(f"{{{W}}}instr") or "").split()) + " }")
        elif name == "fldChar":
            kind = el.get(f"{{{W}}}fldCharType")
            if kind == "begin":
                parts.append("{ ")
                in_instr = True
            elif kind in ("separate", "end"):
                if in_instr:
                    parts.append(" }")
                    in_instr = False
                in_field_result = kind == "separate"
        elif name == "instrText":
            parts.append(" ".join((el.text or "").split()))
        elif name == "t":
            if in_field_result or _inside_fldsimple(el):
                continue
            parts.append(el.text or "")
        elif name == "tab":
            parts.append("\t")
        elif name in ("commentReference", "commentRangeStart"):
            cid = el.get(f"{{{W}}}id")
            if cid is not None and cid not in refs:
                refs.append(cid)
    return "".join(parts), refs


def _inside_fldsimple(el: etree._Element) -> bool:
    node = el.getparent()
    while node is not None:
        if isinstance(node.tag, str) and local_name(node) == "fldSimple":
            return True
        node = node.getparent()
    return False
