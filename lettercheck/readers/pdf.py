"""PDF letters through pypdf: one text for the whole letter, every character traceable to page, line, column.

PDF text comes as visual lines. Checks need sentences: a citation broken over two lines ("§ 11, stk.\\n2")
or a word hyphenated at a line end ("social-\\npolitik") must read as written. So wrapped lines are joined with
a space, hyphenated words are joined without the hyphen, and lines that end deliberately (headings, table
rows, paragraph ends: visibly shorter than the page's text width) keep their line break. The source map keeps
the way back for every character.
"""

from __future__ import annotations

import contextlib
import functools
import io
import logging
import re
import zlib
from datetime import date, datetime
from itertools import count, repeat
from typing import Any

from lettercheck.config import Limits
from lettercheck.model import LazyMetadata, Letter, ReadError, TextBuilder

# words after which a trailing hyphen is a suspended compound ("selvforsørgelses- og hjemrejseydelse")
_SUSPENDED_JOINERS = frozenset({"og", "eller", "samt", "til", "såvel", "and", "or"})
# abbreviations whose full stop does not end a sentence
_ABBREVIATIONS = frozenset(
    {
        "stk",
        "nr",
        "pkt",
        "jf",
        "kr",
        "ca",
        "mv",
        "m.v",
        "bl.a",
        "f.eks",
        "evt",
        "inkl",
        "ekskl",
        "pga",
        "lbk",
        "bek",
    }
)
_FORCED_RATIO = 0.72

_DATE_RE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?")


@functools.cache
def _quiet_pypdf() -> None:
    # pypdf logs every recoverable oddity; a batch of thousands of letters must not flood stderr
    logging.getLogger("pypdf").setLevel(logging.CRITICAL)


def read_pdf(data: bytes, path: str, limits: Limits | None = None, engine: str = "pypdf") -> Letter:
    limits = limits or Limits()
    if engine == "pdfium":
        from lettercheck.readers.pdfium import extract_pages_pdfium

        pages, meta = extract_pages_pdfium(data, path, limits)
    else:
        pages, meta = _extract_pages_pypdf(data, limits)
    if not any(p.strip() for p in pages):
        raise ReadError(
            "LC902",
            f"PDF has no text layer ({len(pages)} page(s) of images or empty pages); OCR it or check the source",
        )
    letter = build_letter(pages, path)
    if isinstance(meta, LazyMetadata):
        letter.metadata = meta  # read from the PDF only if asked (the date is usually in the text)
    else:
        letter.metadata.update(meta)
    return letter


def _extract_pages_pypdf(data: bytes, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    _quiet_pypdf()
    from pypdf import PdfReader, errors
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    limit_reached = getattr(errors, "LimitReachedError", _NoLimitError)

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("LC901", "not a PDF (no %PDF header)")
    try:
        with _pypdf_limits(limits):
            return _pypdf_pages(PdfReader(io.BytesIO(data), strict=False), limits)
    except ReadError:
        raise
    except FileNotDecryptedError:
        raise ReadError("LC903", "PDF is encrypted; lettercheck cannot read it") from None
    except limit_reached as e:
        raise ReadError("LC906", _limit_message(str(e), limits)) from None
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        OSError,
        zlib.error,
    ) as e:
        raise ReadError("LC901", f"PDF is corrupt or truncated: {type(e).__name__}: {e}") from None
    except RecursionError:
        raise ReadError(
            "LC901", "PDF structure loops or nests too deeply (page tree or object cycle)"
        ) from None
    except MemoryError:
        raise ReadError(
            "LC906",
            "PDF needs more memory than allowed to decode (decompression bomb?); lower "
            "max-decompressed-size in [tool.lettercheck.limits] if this happens on legitimate letters",
        ) from None
    except Exception as e:  # pypdf raises many exception types on hostile input; none may escape
        raise ReadError("LC901", f"PDF could not be read: {type(e).__name__}: {e}") from None


def _pypdf_pages(reader: Any, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """Each page's text and the document's metadata; the caller turns pypdf's exceptions into findings."""
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")
        except Exception as e:  # unsupported algorithm, missing crypto library
            raise ReadError("LC903", f"PDF is encrypted and cannot be opened: {e}") from None
        if not ok:
            raise ReadError("LC903", "PDF is encrypted with a password; lettercheck cannot read it")
    _check_page_count(_declared_page_count(reader), limits)  # before pypdf flattens the page tree
    _check_page_count(len(reader.pages), limits)
    pages: list[str] = []
    total = 0
    for page in reader.pages:
        _check_content_streams(page, limits)
        text = page.extract_text() or ""
        total += len(text)
        if total > limits.max_text_chars:
            raise ReadError(
                "LC906",
                f"PDF text is over the limit max-text-chars={limits.max_text_chars:,} "
                "(raise it with [tool.lettercheck.limits] max-text-chars)",
            )
        pages.append(text)
    return pages, LazyMetadata(functools.partial(_metadata_within_limits, reader, limits))


class _NoLimitError(Exception):
    """Stands in for pypdf's LimitReachedError in pypdf versions that have no resource limits."""


# pypdf's decoding limits that lettercheck's max-decompressed-size tightens (never loosens: a stream that
# inflates in one piece costs about twice its size in memory, so pypdf's own ceilings stay in force)
_PYPDF_OUTPUT_LIMITS = (
    "zlib_maximum_output_length",
    "lzw_maximum_output_length",
    "run_length_maximum_output_length",
    "brotli_maximum_output_length",
    "jbig2_maximum_output_length",
    "array_based_stream_maximum_output_length",
    "maximum_declared_stream_length",
)
_INFLATE_STEP = 1 << 20
#: deflate's largest possible expansion: a 258-byte match coded in two bits, 1032 bytes out per byte in
_DEFLATE_MAX_RATIO = 1032


def _pypdf_limits(limits: Limits) -> contextlib.AbstractContextManager[Any]:
    """pypdf's own limits, tightened to lettercheck's for this read only (pypdf keeps them per context).

    The tightened configuration is built once per (pypdf configuration, limit) and then only switched in and
    out: building one copies pypdf's ~40 settings, which cost more than reading a small letter's metadata.
    """
    try:
        from pypdf import apply_configuration, get_configuration
    except ImportError:  # pypdf < 7 has fixed module-level limits; they apply as they are
        return contextlib.nullcontext()
    current = get_configuration()
    key = (id(current), limits.max_decompressed_size)
    entry = _TIGHTENED.get(key)
    if entry is None or entry[0] is not current:
        changes = {
            name: min(getattr(current, name), limits.max_decompressed_size)
            for name in _PYPDF_OUTPUT_LIMITS
            if isinstance(getattr(current, name, None), int) and getattr(current, name) > 0
        }
        var = _configuration_var()
        if var is None:
            return apply_configuration(**changes)
        if len(_TIGHTENED) >= 16:
            _TIGHTENED.clear()
        entry = _TIGHTENED[key] = (current, current.with_overwrites(**changes), var)
    return _Configured(entry[2], entry[1])


#: (pypdf configuration, lettercheck limit) -> (that configuration, the tightened one, pypdf's context variable)
_TIGHTENED: dict[tuple[int, int], tuple[Any, Any, Any]] = {}


def _configuration_var() -> Any:
    """pypdf's context variable holding the current configuration, if this pypdf has it where we expect."""
    try:
        from pypdf._configuration import CURRENT_CONFIGURATION
    except ImportError:  # pragma: no cover - a pypdf that moved it: apply_configuration does the same, slower
        return None
    return CURRENT_CONFIGURATION


class _Configured:
    """``apply_configuration(config)`` for a configuration built already: set it on enter, restore on exit."""

    __slots__ = ("_config", "_token", "_var")

    def __init__(self, var: Any, config: Any) -> None:
        self._var = var
        self._config = config
        self._token: Any = None

    def __enter__(self) -> Any:
        self._token = self._var.set(self._config)
        return self._config

    def __exit__(self, *exc: object) -> None:
        self._var.reset(self._token)


def _limit_message(detail: str, limits: Limits) -> str:
    low = detail.lower()
    if "decompress" in low or "length" in low or "output" in low:
        return (
            f"a PDF stream inflates past max-decompressed-size={limits.max_decompressed_size:,} "
            f"(decompression bomb?; raise it with [tool.lettercheck.limits] max-decompressed-size): {detail}"
        )
    return (
        "PDF is too complex for the PDF library's safety limits (a fixed limit of pypdf, not a lettercheck "
        f"setting; the page content is probably generated badly or maliciously): {detail}"
    )


def _check_page_count(n: object, limits: Limits) -> None:
    if isinstance(n, int) and n > limits.max_pages:
        raise ReadError(
            "LC906",
            f"PDF has {n} pages, over the limit max-pages={limits.max_pages} "
            "(raise it with [tool.lettercheck.limits] max-pages)",
        )


def _declared_page_count(reader: Any) -> object:
    """The page tree's own /Count (it may lie; the real count is checked again after flattening)."""
    try:
        return reader.trailer["/Root"].get_object()["/Pages"].get_object().get("/Count")
    except Exception:  # a broken catalog is pypdf's to report when the pages are read
        return None


def _check_content_streams(page: Any, limits: Limits) -> None:
    """Refuse a page whose Flate content stream inflates past max-decompressed-size, in bounded memory.

    pypdf inflates a stream in one piece up to its limit, holding it all (twice, briefly). Counting the
    inflated bytes here in 1 MiB steps, and throwing them away, stops a bomb after reading as much as the
    limit allows without ever holding more than one step.
    """
    contents = page.get("/Contents")
    if contents is None:
        return
    contents = contents.get_object()
    streams = list(contents) if isinstance(contents, list) else [contents]
    for ref in streams:
        stream = ref.get_object()
        raw = getattr(stream, "_data", None)
        if not isinstance(raw, bytes) or not hasattr(stream, "get"):
            continue
        filters = stream.get("/Filter")
        first = filters[0] if isinstance(filters, list) and filters else filters
        if first not in ("/FlateDecode", "/Fl"):
            continue
        if len(raw) * _DEFLATE_MAX_RATIO <= limits.max_decompressed_size:
            continue  # cannot inflate past the limit: no need to inflate it twice (pypdf will, for the text)
        if _inflates_past(raw, limits.max_decompressed_size):
            raise ReadError(
                "LC906",
                f"a page content stream inflates past max-decompressed-size={limits.max_decompressed_size:,} "
                "(decompression bomb?; raise it with [tool.lettercheck.limits] max-decompressed-size)",
            )


def _inflates_past(raw: bytes, limit: int) -> bool:
    inflater = zlib.decompressobj()
    total = 0
    pending = raw
    try:
        while pending:
            total += len(inflater.decompress(pending, _INFLATE_STEP))
            if total > limit:
                return True
            if inflater.eof:
                break
            pending = inflater.unconsumed_tail
    except zlib.error:
        return False  # damaged data is pypdf's to recover or report
    return False


def _metadata_within_limits(reader: Any, limits: Limits) -> dict[str, Any]:
    """The metadata, read later (see LazyMetadata) under the same pypdf limits as the pages were."""
    with _pypdf_limits(limits):
        return _metadata(reader)


def _metadata(reader: Any) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    try:
        info = reader.metadata or {}
        title = info.get("/Title")
        if title:
            meta["title"] = str(title)
        created = info.get("/CreationDate")
        if created:
            d = parse_pdf_date(str(created))
            if d:
                meta["creation_date"] = d
        producer = info.get("/Producer")
        if producer:
            meta["producer"] = str(producer)
        root = reader.trailer.get("/Root")
        if root is not None:
            lang = root.get_object().get("/Lang")
            if lang:
                meta["lang"] = str(lang)
    except Exception:  # metadata is a nicety; a broken info dict must not cost the letter
        pass
    return meta


def parse_pdf_date(value: str) -> date | None:
    m = _DATE_RE.search(value)
    if not m:
        return None
    try:
        return datetime(int(m.group(1)), int(m.group(2) or 1), int(m.group(3) or 1)).date()
    except ValueError:
        return None


def _sentence_end(line: str) -> bool:
    if not line:
        return True
    last = line[-1]
    if last in "!?:;":
        return True
    if last != ".":
        return False
    word = line.rsplit(None, 1)[-1].rstrip(".").lower()
    return not (word in _ABBREVIATIONS or word.isdigit())


_PAGE_NUMBER_RE = re.compile(
    r"^(?:side|page|s\.)\s*\d+\s*(?:af|of|/|ud af)\s*\d+$|^\d+\s*/\s*\d+$|^-\s*\d+\s*-$", re.I
)
#: what a page number line can start with (besides a digit): "side", "page", "s." case-insensitively, "-"
_PAGE_NUMBER_FIRST = frozenset("sS\u017fpP-")
_CASE_NUMBER_RE = re.compile(r"\b(?:sagsnr|sagsnummer|j\.\s*nr|journalnr)\b", re.I)
_DIGITS_RE = re.compile(r"\d+")


def _furniture(pages: list[list[str]], stripped_pages: list[list[str]] | None = None) -> set[tuple[int, int]]:
    """(page, line) of running headers, footers and page numbers: page furniture, not letter text.

    Left in, "… jf. § 66 i lov om retssikkerhed og | Side 1 af 2 | Aalborg Kommune · Sagsnr. … |
    administration …" splits a citation across a page break. A line is furniture when it is a page number
    ("Side 1 af 2", "2/3"), when the same line (digits aside) stands at the top or bottom of two or more
    pages, or when a continuation page opens with the letterhead's first line or a case-number line.
    ``stripped_pages`` (each line stripped) saves stripping again when the caller has them.
    """
    out: set[tuple[int, int]] = set()
    if not pages:
        return out
    edges: dict[str, list[tuple[int, int]]] = {}
    first_line = next((ln.strip() for ln in pages[0] if ln.strip()), "")
    if stripped_pages is None:
        stripped_pages = [[ln.strip() for ln in lines] for lines in pages]
    for p, (lines, stripped) in enumerate(zip(pages, stripped_pages, strict=True), start=1):
        idx = [i for i, ln in enumerate(stripped, start=1) if ln]
        for i in idx:
            ln = stripped[i - 1]
            # the pattern needs "side"/"page"/"s." or a digit or "-" first: skip the call for other lines
            if (ln[0] in _PAGE_NUMBER_FIRST or ln[0].isdecimal()) and _PAGE_NUMBER_RE.match(ln):
                out.add((p, i))
        if len(pages) < 2:
            continue
        for i in idx[:2] + idx[-2:]:
            key = _DIGITS_RE.sub("#", " ".join(lines[i - 1].split()))
            edges.setdefault(key, []).append((p, i))
        if p > 1 and idx:
            top = lines[idx[0] - 1].strip()
            if (first_line and top.startswith(first_line) and top != first_line) or _CASE_NUMBER_RE.search(
                top
            ):
                out.add((p, idx[0]))
    for places in edges.values():
        if len({p for p, _ in places}) >= 2:
            out.update(places)
    return out


#: typographic ligatures some producers (Chromium) leave in the text layer: "ﬁ" must read as "fi"
_LIGATURES = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
_LIGATURE_RE = re.compile("[\ufb00-\ufb06]")


def _append_source(b: TextBuilder, text: str, page: int, line: int, column: int) -> None:
    """Append one source line, expanding ligatures while every character keeps its source column."""
    pos = 0
    for m in _LIGATURE_RE.finditer(text):
        b.append(text[pos : m.start()], page=page, line=line, column=column + pos)
        # the expanded letters all point at the ligature's column
        b.append(_LIGATURES[m.group(0)], page=page, line=line, column=column + m.start(), advances=False)
        pos = m.end()
    b.append(text[pos:], page=page, line=line, column=column + pos)


def build_letter(pages: list[str], path: str, fmt: str = "pdf") -> Letter:
    """Join visual lines into running text while mapping every character back to page, line and column."""
    b = TextBuilder()
    lines = b.lines
    page_lines = [p.splitlines() for p in pages]
    page_stripped = [[r.strip() for r in raw_lines] for raw_lines in page_lines]
    skip = _furniture(page_lines, page_stripped)
    # seven ``in`` tests per page: each is answered without a scan when the page holds only Latin-1 characters
    ligatures = any(lig in p for p in pages for lig in _LIGATURES)
    # one stream of (page, line, text without the spaces around it, its column, page width); None marks a
    # blank line (a paragraph break)
    stream: list[tuple[int, int, str, int, int] | None] = []
    for page_no, (raw_lines, stripped_lines) in enumerate(
        zip(page_lines, page_stripped, strict=True), start=1
    ):
        lines.update(zip(zip(repeat(None), repeat(page_no), count(1)), raw_lines, strict=False))
        width = max(map(len, stripped_lines), default=0)
        for i, content in enumerate(stripped_lines, start=1):
            if skip and (page_no, i) in skip:
                continue
            if not content:
                stream.append(None)
                continue
            raw = raw_lines[i - 1]
            # a line with no spaces around it is its own stripped text (str.strip returns the very string)
            column = 1 if raw is content else len(raw) - len(raw.lstrip()) + 1
            stream.append((page_no, i, content, column, width))
    if ligatures:
        _emit_with_ligatures(b, stream)
    else:
        b.append_source_lines(_joined(stream))
    return Letter.from_builder(path, fmt, b)


def _joined(
    stream: list[tuple[int, int, str, int, int] | None],
) -> list[tuple[str, int | None, int | None, int, str | None]]:
    """Each visual line's ``(text, page, line, column, separator)`` for ``TextBuilder.append_source_lines``.

    A blank line gives the line before it a line break as separator, unless the text is empty so far or the
    line before already ends with one: what appending a synthetic "\\n" at the blank line would give.
    """
    out: list[tuple[str, int | None, int | None, int, str | None]] = []
    last = len(stream) - 1
    for k, entry in enumerate(stream):
        if entry is None:
            if out and out[-1][4] is None:
                prev = out[-1]
                out[-1] = (prev[0], prev[1], prev[2], prev[3], "\n")
            continue
        page_no, i, content, column, width = entry
        nxt_entry = stream[k + 1] if k < last else None
        if nxt_entry is None:
            out.append((content, page_no, i, column, None))
            continue
        nxt = nxt_entry[2]
        if _hyphenated(content, nxt):
            out.append(
                (content[:-1], page_no, i, column, None)
            )  # a hyphenated word: joined without the hyphen
        else:
            out.append(
                (content, page_no, i, column, _separator(content, nxt, width, nxt_entry[0] != page_no))
            )
    return out


def _hyphenated(content: str, nxt: str) -> bool:
    """Whether a line ends in a word hyphenated at the line end ("social-" + "politik"), to be joined without
    the hyphen — not a suspended compound ("selvforsørgelses- og hjemrejseydelse") nor a dash."""
    return (
        len(content) >= 2
        and content[-1] == "-"
        and content[-2].isalpha()
        and nxt[:1].islower()
        and nxt.split(None, 1)[0].rstrip(".,;:") not in _SUSPENDED_JOINERS
    )


def _emit_with_ligatures(b: TextBuilder, stream: list[tuple[int, int, str, int, int] | None]) -> None:
    """Append the stream of a letter with ligatures: each one expanded, keeping its source column."""
    last = len(stream) - 1
    for k, entry in enumerate(stream):
        if entry is None:
            if b.length and not b.ends_with("\n"):
                b.append_synthetic("\n")
            continue
        page_no, i, content, column, width = entry
        nxt_entry = stream[k + 1] if k < last else None
        if nxt_entry is None:
            sep = None
            body = content
        else:
            nxt = nxt_entry[2]
            if _hyphenated(content, nxt):
                sep = None  # a hyphenated word: joined without the hyphen
                body = content[:-1]
            else:
                body = content
                sep = _separator(content, nxt, width, nxt_entry[0] != page_no)
        _append_source(b, body, page_no, i, column)
        if sep is not None:
            b.append_synthetic(sep)


def _separator(content: str, nxt: str, width: int, page_break: bool) -> str:
    """What joins a visual line to the next: a space (a wrapped sentence) or a line break (a line that ends)."""
    starts_new = nxt[:1].isupper() or nxt[:1] in "•-–"
    if page_break:
        # a sentence running over a page break continues; anything else starts a new line
        return " " if not _sentence_end(content) and not starts_new else "\n"
    forced = width > 0 and len(content) < _FORCED_RATIO * width
    if starts_new and (forced or _sentence_end(content)):
        return "\n"
    return " "
