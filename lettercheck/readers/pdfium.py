"""The optional pdfium engine for PDF letters (``--pdf-engine pdfium``, ``pip install 'lettercheck[pdfium]'``).

Why a second engine: pypdf is pure Python, and extracting a letter's text is most of what checking a PDF costs
(5-60 ms a letter, depending on the producer's fonts). pdfium, Chrome's PDF library, through pypdfium2, reads
the same letters 4-20 times faster and imports in a third of the time, which matters for nightly batches of
tens of thousands of letters.

The contract is the pypdf engine's: per-page text whose lines are the lines pypdf gives, so that
:func:`lettercheck.readers.pdf.build_letter` joins them into the same text with the same page/line/column
locations, and the same findings follow. Three differences in pdfium's raw text are undone here:

- a hyphen that ends a line comes back as U+FFFE with the line break dropped: it becomes ``-`` and a line
  break again, so build_letter makes the same hyphenation decision as for pypdf;
- line breaks are ``\\r\\n``: they become ``\\n``;
- pdfium splits a ligature glyph into its letters ("ﬁ" → "fi"), whatever the PDF maps it to. Chromium maps
  it to the ligature character, which pypdf keeps and build_letter expands while the letters keep the
  glyph's one source column; so for Chromium's PDFs the ligature character is put back (found by the one
  origin pdfium gives every letter of a glyph), and columns agree. LibreOffice maps the glyph to its
  letters, which both engines then give as two columns.

Lines are pdfium's visual lines (one per baseline). For the producers letters come from (ReportLab with one
text object per page, LibreOffice, Chromium) they are pypdf's lines too: tests/test_pdfium.py holds every
fixture PDF to the same joined text and findings with both engines. Known differences, rare in generated
letters:

- a producer other than Chromium that maps ligature glyphs to ligature characters: the text is the same
  (build_letter expands them), columns after a ligature on its line are one further with pdfium;
- pdfium collapses a run of spaces inside a line, and a line's indentation made of spaces, to one space, so
  columns after such a place differ by the spaces collapsed;
- pypdf breaks the line wherever the content stream moves the pen down after a string, even with nothing
  drawn there. ReportLab's ``drawString`` does that (``Tj T*``), so two drawString calls on one baseline
  are two lines for pypdf and one for pdfium. pdfium does not expose content stream operators, and the same
  text objects drawn with ``textOut`` (no ``T*``) are one line for both, so this is not emulated.

pdfium is native code: a hostile PDF can in principle crash the process rather than raise. The default engine
stays pypdf; run pdfium on trusted batches, or with ``--jobs`` so that a crash costs one worker.
"""

from __future__ import annotations

import ctypes
import re
from typing import Any

from lettercheck.config import Limits
from lettercheck.model import ReadError

# pdfium's FPDF_GetLastError codes (fpdfview.h); kept here so the error mapping does not need the library
_ERR_SUCCESS, _ERR_UNKNOWN, _ERR_FILE, _ERR_FORMAT, _ERR_PASSWORD, _ERR_SECURITY, _ERR_PAGE = range(7)
_HYPHEN_MARK = "\ufffe"  # what FPDFText_GetText returns for a hyphen that ends a line
_LIGATURE_OF = {"ff": "\ufb00", "fi": "\ufb01", "fl": "\ufb02", "ffi": "\ufb03", "ffl": "\ufb04"}
_LIGATURE_CANDIDATE = re.compile("f(?=[fil])")
#: producers whose text layer maps a ligature glyph to one ligature character (U+FB00-FB04), as pypdf reads
#: it; LibreOffice maps the same glyphs to their letters, which is what pdfium gives for both
_LIGATURE_PRODUCERS = ("Skia/PDF",)


def pdfium_available() -> bool:
    """Whether the pdfium engine can run here (pypdfium2 installed and loadable).

    For a front end that wants to refuse ``--pdf-engine pdfium`` up front with one clear error, rather than
    an LC900 for every PDF of the batch.
    """
    try:
        import pypdfium2  # noqa: F401
    except Exception:  # ImportError, or OSError when the bundled pdfium library cannot load
        return False
    return True


def extract_pages_pdfium(data: bytes, path: str, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    """Text of every page as pypdf would give it, and the metadata (title, lang, creation_date, producer).

    Raises ReadError with the same codes as the pypdf engine: LC901 unreadable, LC903 encrypted with a
    password, LC906 over a limit. ``path`` (the letter's name) is part of the signature ``read_pdf`` calls;
    the messages do not need it, since every finding already carries the file.
    """
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("LC901", "not a PDF (no %PDF header)")
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except Exception:
        raise ReadError(
            "LC900",
            "pdf-engine 'pdfium' needs pypdfium2, which is not installed: "
            "pip install 'lettercheck[pdfium]', or use the default engine (pdf-engine = 'pypdf')",
        ) from None
    try:
        doc = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        code = getattr(e, "err_code", None)
        if code == _ERR_SUCCESS:
            # opened, but no pages: an empty PDF is "no text layer", as with pypdf
            return [], {}
        raise _open_error(code) from None
    try:
        return _extract(doc, raw, limits)
    except ReadError:
        raise
    except MemoryError:
        raise ReadError(
            "LC906", "PDF needs more memory than allowed to decode (decompression bomb?)"
        ) from None
    except Exception as e:  # pdfium raises PdfiumError on a page it cannot load; nothing may escape
        raise ReadError("LC901", f"PDF could not be read: {type(e).__name__}: {e}") from None
    finally:
        doc.close()


def _open_error(code: int | None) -> ReadError:
    if code == _ERR_PASSWORD:
        return ReadError("LC903", "PDF is encrypted with a password; lettercheck cannot read it")
    if code == _ERR_SECURITY:
        return ReadError(
            "LC903", "PDF is encrypted with an unsupported security handler and cannot be opened"
        )
    if code == _ERR_FILE:
        return ReadError("LC901", "PDF could not be opened (file error)")
    return ReadError("LC901", "PDF is corrupt or truncated: pdfium cannot parse it")


def _extract(doc: Any, raw: Any, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    n = len(doc)
    if n > limits.max_pages:
        raise ReadError(
            "LC906",
            f"PDF has {n} pages, over the limit max-pages={limits.max_pages} "
            "(raise it with [tool.lettercheck.limits] max-pages)",
        )
    meta = _metadata(doc, raw)
    ligatures = str(meta.get("producer", "")).startswith(_LIGATURE_PRODUCERS)
    pages: list[str] = []
    total = 0
    for i in range(n):
        page = doc[i]
        try:
            textpage = page.get_textpage()
            try:
                text = _page_text(textpage, raw, ligatures)
            finally:
                textpage.close()
        finally:
            page.close()
        total += len(text)
        if total > limits.max_text_chars:
            raise ReadError(
                "LC906",
                f"PDF text is over the limit max-text-chars={limits.max_text_chars:,} "
                "(raise it with [tool.lettercheck.limits] max-text-chars)",
            )
        pages.append(text)
    return pages, meta


def _page_text(textpage: Any, raw: Any, ligatures: bool) -> str:
    """One page's text with pypdf's line breaks, hyphens and ligatures (see the module docstring)."""
    text: str = textpage.get_text_range()
    if ligatures and "f" in text:
        text = _recompose_ligatures(text, textpage, raw)
    return text.replace("\r\n", "\n").replace(_HYPHEN_MARK, "-\n")


def _recompose_ligatures(text: str, textpage: Any, raw: Any) -> str:
    """Put back the ligature characters pdfium split into letters ("fi" → "ﬁ") where one glyph drew them.

    pdfium gives the letters of a ligature glyph one shared origin (the glyph's), while letters drawn as
    separate glyphs each have their own; that tells the two apart. Only the ligatures Chromium uses (ff, fi,
    fl, ffi, ffl) are candidates, so this costs two native calls per "f" followed by f, i or l.
    """
    origin = getattr(raw, "FPDFText_GetCharOrigin", None)
    to_char = getattr(raw, "FPDFText_GetCharIndexFromTextIndex", None)
    if origin is None or to_char is None:  # an old pdfium: keep its letters
        return text
    x, y = ctypes.c_double(), ctypes.c_double()

    def at(i: int) -> tuple[float, float] | None:
        ci = to_char(textpage, i)
        if ci < 0 or not origin(textpage, ci, x, y):
            return None
        return (round(x.value, 3), round(y.value, 3))

    out: list[str] = []
    pos = 0
    for m in _LIGATURE_CANDIDATE.finditer(text):
        start = m.start()
        if start < pos:
            continue
        first = at(start)
        for length in (3, 2):
            seq = text[start : start + length]
            if seq in _LIGATURE_OF and first is not None and at(start + length - 1) == first:
                out += (text[pos:start], _LIGATURE_OF[seq])
                pos = start + length
                break
    if not out:
        return text
    out.append(text[pos:])
    return "".join(out)


def _metadata(doc: Any, raw: Any) -> dict[str, Any]:
    """Title, producer, creation date and catalog language, as the pypdf engine reports them."""
    from lettercheck.readers.pdf import parse_pdf_date

    meta: dict[str, Any] = {}
    try:
        # only the three keys lettercheck uses: each is two native calls, the whole dictionary sixteen
        title, created, producer = (doc.get_metadata_value(k) for k in ("Title", "CreationDate", "Producer"))
    except Exception:  # metadata is a nicety; a broken info dict must not cost the letter
        title = created = producer = ""
    if title:
        meta["title"] = title
    if created:
        d = parse_pdf_date(created)
        if d:
            meta["creation_date"] = d
    if producer:
        meta["producer"] = producer
    lang = _language(doc, raw)
    if lang:
        meta["lang"] = lang
    return meta


def _language(doc: Any, raw: Any) -> str | None:
    """The catalog's /Lang (what screen readers use); None when absent or when pdfium is too old to say."""
    get_language = getattr(raw, "FPDFCatalog_GetLanguage", None)
    if get_language is None:
        return None
    try:
        size = get_language(doc, None, 0)
        if size <= 2:  # nothing, or only the UTF-16 terminator
            return None
        buf = (ctypes.c_ushort * (size // 2))()
        get_language(doc, buf, size)
        value = bytes(buf).decode("utf-16-le", errors="ignore").rstrip("\x00")
    except Exception:
        return None
    return value or None
