"""The one XML parser every reader uses: no entities, no DTDs, no network, bounded size and depth.

Letters arrive from archives anyone may hand over. lxml's defaults resolve internal entities (billion laughs)
and can load external DTDs; this parser refuses both, and a document that *declares* entities is rejected
outright (LC904) rather than silently read without them, so the user learns the file is suspicious.
"""

from __future__ import annotations

from lxml import etree

from lettercheck.model import Location, ReadError

_DOCTYPE_WINDOW = 4096


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=False,
        remove_pis=True,
        collect_ids=False,
    )


def _declares_entities(data: bytes) -> bool:
    head = data[:_DOCTYPE_WINDOW]
    # UTF-16 input: look at the bytes with NULs removed so "<!ENTITY" is still seen
    if b"\x00" in head:
        head = head.replace(b"\x00", b"")
    return b"<!ENTITY" in head or (b"<!DOCTYPE" in head and (b"SYSTEM" in head or b"PUBLIC" in head))


def parse_xml(data: bytes, *, max_depth: int = 256, max_size: int | None = None) -> etree._ElementTree:
    """Parse ``data`` safely or raise ReadError(LC904 hostile / LC901 malformed)."""
    if max_size is not None and len(data) > max_size:
        raise ReadError(
            "LC906", f"XML file is {len(data):,} bytes, over the limit max-file-size={max_size:,}"
        )
    if _declares_entities(data):
        raise ReadError(
            "LC904",
            "XML declares entities or an external DTD (possible XXE or entity-expansion attack); not read",
        )
    if not data.strip():
        raise ReadError("LC901", "empty XML file")
    try:
        tree = etree.ElementTree(etree.fromstring(data, _parser()))
    except etree.XMLSyntaxError as e:
        msg = str(e)
        if "entity" in msg.lower() or "amplification" in msg.lower():
            raise ReadError("LC904", f"XML refused: {msg}") from None
        line = getattr(e, "lineno", None)
        raise ReadError("LC901", f"malformed XML: {msg}", Location(line=line)) from None
    except ValueError as e:  # e.g. "Unicode strings with encoding declaration are not supported"
        raise ReadError("LC901", f"malformed XML: {e}") from None
    for node in tree.iter(etree.Entity):  # an entity reference left unresolved
        raise ReadError("LC904", f"XML uses an undeclared entity &{node.name}; not read")
    _check_depth(tree.getroot(), max_depth)
    return tree


def _check_depth(root: etree._Element, max_depth: int) -> None:
    # iterative walk; lxml itself caps nesting at 256 without huge_tree, this makes the limit configurable
    stack = [(root, 1)]
    while stack:
        el, depth = stack.pop()
        if depth > max_depth:
            raise ReadError(
                "LC906",
                f"XML nesting deeper than {max_depth} levels (limit max-xml-depth; raise it in [tool.lettercheck.limits])",
            )
        stack.extend((child, depth + 1) for child in el)


def local_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def element_path(el: etree._Element) -> str:
    """A readable XPath of the element, by local names and positions (``/letter/body/p[3]``)."""
    parts = []
    node: etree._Element | None = el
    while node is not None and isinstance(node.tag, str):
        parent = node.getparent()
        name = local_name(node)
        if parent is not None:
            same = [c for c in parent if isinstance(c.tag, str) and local_name(c) == name]
            if len(same) > 1:
                name = f"{name}[{same.index(node) + 1}]"
        parts.append(name)
        node = parent
    return "/" + "/".join(reversed(parts))
