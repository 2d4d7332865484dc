"""The one XML parser every reader uses: no entities, no DTDs, no network, bounded size and depth.

Letters arrive from archives anyone may hand over. lxml's defaults resolve internal entities (billion laughs)
and can load external DTDs; this parser refuses both, and a document that *declares* entities is rejected
outright (LC904) rather than silently read without them, so the user learns the file is suspicious.
"""

from __future__ import annotations

import re
import threading

from lxml import etree

from lettercheck.model import Location, ReadError

_DOCTYPE_WINDOW = 4096
# the prolog: what may stand before the root element (BOM, XML declaration, comments, PIs, one DOCTYPE).
# Entity declarations can only live there, however far a long comment pushes them from the start.
# Single-character alternatives inside the star keep the scan linear (no nested quantifiers to backtrack).
_PROLOG_RE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?(?:\s|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^\[>]*(?:\[.*?\])?\s*>)*", re.DOTALL
)
# lxml without huge_tree refuses nesting deeper than this, whatever max-xml-depth says
_LIBXML_MAX_DEPTH = 256
_DEPTH_HINT = "(limit max-xml-depth; raise it in [tool.lettercheck.limits])"


_PARSERS = threading.local()


def _parser(huge: bool = False) -> etree.XMLParser:
    """The safe parser, made once per thread (lxml parsers must not be shared between threads)."""
    key = "huge" if huge else "normal"
    parser = getattr(_PARSERS, key, None)
    if parser is None:
        parser = etree.XMLParser(
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            huge_tree=huge,
            remove_comments=False,
            remove_pis=True,
            collect_ids=False,
        )
        setattr(_PARSERS, key, parser)
    return parser


def _declares_entities(data: bytes) -> bool:
    head = data[:_DOCTYPE_WINDOW]
    # UTF-16 input: look at the bytes with NULs removed so "<!ENTITY" is still seen
    if b"\x00" in head:
        data = data.replace(b"\x00", b"")
    elif b"<!ENTITY" not in data and b"<!DOCTYPE" not in data:
        # the prolog is a prefix of these very bytes, so neither is in it either: the answer below is False.
        # Two C-speed substring scans instead of the prolog pattern (most letters have no DOCTYPE at all)
        return False
    m = _PROLOG_RE.match(data)
    prolog = data[: max(m.end() if m else 0, _DOCTYPE_WINDOW)]
    return b"<!ENTITY" in prolog or (b"<!DOCTYPE" in prolog and (b"SYSTEM" in prolog or b"PUBLIC" in prolog))


def _refuse_doctype(tree: etree._ElementTree) -> None:
    """The parsed document's own account of its DOCTYPE: the safety net behind the byte scan above.

    The scan works on bytes in whatever encoding the file has; libxml2 knows exactly what it read. A DOCTYPE
    naming an external DTD or declaring any entity is refused even though nothing was loaded or expanded.
    """
    info = tree.docinfo
    if info.system_url or info.public_id:
        raise ReadError("LC904", "XML names an external DTD (possible XXE); not read")
    dtd = info.internalDTD
    if dtd is not None and any(True for _ in dtd.iterentities()):
        raise ReadError(
            "LC904",
            "XML declares entities or an external DTD (possible XXE or entity-expansion attack); not read",
        )


def _looks_undeclared_8bit(data: bytes) -> bool:
    head = data[:200].lstrip(b"\xef\xbb\xbf").lower()
    return not (head.startswith(b"<?xml") and b"encoding=" in head.split(b"?>", 1)[0])


def parse_xml(data: bytes, *, max_depth: int = 256, max_size: int | None = None) -> etree._ElementTree:
    """Parse ``data`` safely or raise ReadError(LC904 hostile / LC901 malformed / LC906 over a limit)."""
    if max_size is not None and len(data) > max_size:
        raise ReadError(
            "LC906",
            f"XML file is {len(data):,} bytes, over the limit max-file-size={max_size:,} "
            "(raise it with [tool.lettercheck.limits] max-file-size)",
        )
    if _declares_entities(data):
        raise ReadError(
            "LC904",
            "XML declares entities or an external DTD (possible XXE or entity-expansion attack); not read",
        )
    if not data.strip():
        raise ReadError("LC901", "empty XML file")
    try:
        # huge_tree only when the user asked for nesting past libxml2's own cap; entities stay refused
        tree = etree.ElementTree(etree.fromstring(data, _parser(huge=max_depth > _LIBXML_MAX_DEPTH)))
    except etree.XMLSyntaxError as e:
        msg = str(e)
        low = msg.lower()
        if "entity" in low or "amplification" in low:
            raise ReadError("LC904", f"XML refused: {msg}") from None
        if "excessive depth" in low:
            raise ReadError(
                "LC906", f"XML nesting deeper than {min(max_depth, _LIBXML_MAX_DEPTH)} levels {_DEPTH_HINT}"
            ) from None
        line = getattr(e, "lineno", None)
        if "encoding" in low and _looks_undeclared_8bit(data):
            msg += (
                "; the file is not UTF-8 and declares no encoding: if it is Latin-1 or Windows-1252, "
                'declare it (<?xml version="1.0" encoding="ISO-8859-1"?>)'
            )
        raise ReadError("LC901", f"malformed XML: {msg}", Location(line=line)) from None
    except ValueError as e:  # e.g. "Unicode strings with encoding declaration are not supported"
        raise ReadError("LC901", f"malformed XML: {e}") from None
    _refuse_doctype(tree)
    for node in tree.iter(etree.Entity):  # an entity reference left unresolved
        raise ReadError("LC904", f"XML uses an undeclared entity &{node.name}; not read")
    _check_depth(tree.getroot(), max_depth)
    return tree


def _check_depth(root: etree._Element, max_depth: int) -> None:
    """Refuse any node (element or comment) deeper than ``max_depth``; lxml without huge_tree caps at 256.

    At the default limit (256, libxml2's own cap) no *element* can be deeper than allowed, only a comment inside
    an element at the deepest level: then only the comments are looked at, which costs nothing for a letter
    without comments. Any other limit walks the tree level by level (linear, no recursion).
    """
    if max_depth == _LIBXML_MAX_DEPTH:
        _check_comment_depth(root, max_depth)
        return
    level = [root]
    depth = 1
    while level:
        if depth > max_depth:
            raise ReadError("LC906", f"XML nesting deeper than {max_depth} levels {_DEPTH_HINT}")
        level = [child for el in level for child in el]
        depth += 1


def _check_comment_depth(root: etree._Element, max_depth: int) -> None:
    """The depth check where libxml2 already refused every element deeper than ``max_depth``.

    Each comment's depth is its parent's plus one; parents' depths are remembered, so a hostile file with a
    million comments at the deepest level costs one walk up per distinct parent, not per comment.
    """
    depths: dict[etree._Element, int] = {root: 1}
    for comment in root.iter(etree.Comment):
        parent = comment.getparent()
        if parent is None:  # pragma: no cover - iter() yields only nodes under root
            continue
        if _depth_of(parent, depths) + 1 > max_depth:
            raise ReadError("LC906", f"XML nesting deeper than {max_depth} levels {_DEPTH_HINT}")


def _depth_of(el: etree._Element, depths: dict[etree._Element, int]) -> int:
    chain: list[etree._Element] = []
    node: etree._Element | None = el
    while node is not None and node not in depths:
        chain.append(node)
        node = node.getparent()
    depth = depths[node] if node is not None else 0
    for n in reversed(chain):
        depth += 1
        depths[n] = depth
    return depth


def local_name(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def element_path(el: etree._Element, index: PathIndex | None = None) -> str:
    """A readable XPath of the element, by local names and positions (``/letter/body/p[3]``).

    Pass a shared ``PathIndex`` when asking for many elements of one tree: without it each call counts the
    element's siblings, which is quadratic for a body of 100,000 paragraphs.
    """
    return (index or PathIndex())(el)


class PathIndex:
    """Readable XPaths for many elements of one tree, in linear total time.

    Each parent's children are numbered once (``p[1]``, ``p[2]`` ...) and each ancestor's path is
    remembered, so a reader that asks for the path of every block pays once per element. Elements are kept
    as keys (not ``id()``), so a proxy lxml recreates can never be confused with another element.
    """

    __slots__ = ("_paths", "_steps")

    def __init__(self) -> None:
        self._steps: dict[etree._Element, str] = {}
        self._paths: dict[etree._Element, str] = {}

    def _number_children(self, parent: etree._Element) -> None:
        counts: dict[str, int] = {}
        kids = [c for c in parent if isinstance(c.tag, str)]
        for c in kids:
            name = local_name(c)
            counts[name] = counts.get(name, 0) + 1
        seen: dict[str, int] = {}
        for c in kids:
            name = local_name(c)
            if counts[name] > 1:
                seen[name] = seen.get(name, 0) + 1
                self._steps[c] = f"{name}[{seen[name]}]"
            else:
                self._steps[c] = name

    def _step(self, node: etree._Element, parent: etree._Element | None) -> str:
        if parent is None:
            return local_name(node)
        if node not in self._steps:
            self._number_children(parent)
        return self._steps.get(node, local_name(node))

    def __call__(self, el: etree._Element) -> str:
        chain: list[etree._Element] = []
        node: etree._Element | None = el
        prefix = ""
        while node is not None and isinstance(node.tag, str):
            known = self._paths.get(node)
            if known is not None:
                prefix = known
                break
            chain.append(node)
            node = node.getparent()
        path = prefix
        for n in reversed(chain):
            path = (path if path else "") + "/" + self._step(n, n.getparent())
            self._paths[n] = path
        return path or "/"
