"""PDF letters through pypdf: one text for the whole letter, every character traceable to page, line, column.

PDF text comes as visual lines. Checks need sentences: a citation broken over two lines ("§ 11, stk.\\n2")
or a word hyphenated at a line end ("social-\\npolitik") must read as written. So wrapped lines are joined with
a space, hyphenated words are joined without the hyphen, and lines that end deliberately (headings, table
rows, paragraph ends: visibly shorter than the page's text width) keep their line break. The source map keeps
the way back for every character.
"""

from __future__ import annotations

import io
import logging
import re
from datetime import date, datetime
from typing import Any

from lettercheck.config import Limits
from lettercheck.model import Letter, ReadError, TextBuilder

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
    letter.metadata.update(meta)
    return letter


def _extract_pages_pypdf(data: bytes, limits: Limits) -> tuple[list[str], dict[str, Any]]:
    _quiet_pypdf()
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("LC901", "not a PDF (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception as e:  # unsupported algorithm, missing crypto library
                raise ReadError("LC903", f"PDF is encrypted and cannot be opened: {e}") from None
            if not ok:
                raise ReadError("LC903", "PDF is encrypted with a password; lettercheck cannot read it")
        n = len(reader.pages)
        if n > limits.max_pages:
            raise ReadError(
                "LC906",
                f"PDF has {n} pages, over the limit max-pages={limits.max_pages} "
                "(raise it with [tool.lettercheck.limits] max-pages)",
            )
        pages: list[str] = []
        total = 0
        for page in reader.pages:
            text = page.extract_text() or ""
            total += len(text)
            if total > limits.max_text_chars:
                raise ReadError(
                    "LC906",
                    f"PDF text is over the limit max-text-chars={limits.max_text_chars:,} "
                    "(raise it with [tool.lettercheck.limits] max-text-chars)",
                )
            pages.append(text)
        meta = _metadata(reader)
    except ReadError:
        raise
    except FileNotDecryptedError:
        raise ReadError("LC903", "PDF is encrypted; lettercheck cannot read it") from None
    except (
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        AssertionError,
        OSError,
    ) as e:
        raise ReadError("LC901", f"PDF is corrupt or truncated: {type(e).__name__}: {e}") from None
    except RecursionError:
        raise ReadError(
            "LC901", "PDF structure loops or nests too deeply (page tree or object cycle)"
        ) from None
    except MemoryError:
        raise ReadError(
            "LC906", "PDF needs more memory than allowed to decode (decompression bomb?)"
        ) from None
    except Exception as e:  # pypdf raises many exception types on hostile input; none may escape
        raise ReadError("LC901", f"PDF could not be read: {type(e).__name__}: {e}") from None
    return pages, meta


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
_CASE_NUMBER_RE = re.compile(r"\b(?:sagsnr|sagsnummer|j\.\s*nr|journalnr)\b", re.I)
_DIGITS_RE = re.compile(r"\d+")


def _furniture(pages: list[list[str]]) -> set[tuple[int, int]]:
    """(page, line) of running headers, footers and page numbers: page furniture, not letter text.

    Left in, "… jf. § 66 i lov om retssikkerhed og | Side 1 af 2 | Aalborg Kommune · Sagsnr. … |
    administration …" splits a citation across a page break. A line is furniture when it is a page number
    ("Side 1 af 2", "2/3"), when the same line (digits aside) stands at the top or bottom of two or more
    pages, or when a continuation page opens with the letterhead's first line or a case-number line.
    """
    out: set[tuple[int, int]] = set()
    if not pages:
        return out
    edges: dict[str, list[tuple[int, int]]] = {}
    first_line = next((ln.strip() for ln in pages[0] if ln.strip()), "")
    for p, lines in enumerate(pages, start=1):
        idx = [i for i, ln in enumerate(lines, start=1) if ln.strip()]
        for i in idx:
            if _PAGE_NUMBER_RE.match(lines[i - 1].strip()):
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


def build_letter(pages: list[str], path: str, fmt: str = "pdf") -> Letter:
    """Join visual lines into running text while mapping every character back to page, line and column."""
    b = TextBuilder()
    page_lines = [p.splitlines() for p in pages]
    skip = _furniture(page_lines)
    # one stream of (page, line, text, page width); None marks a blank line (a paragraph break)
    stream: list[tuple[int, int, str, int] | None] = []
    for page_no, raw_lines in enumerate(page_lines, start=1):
        for i, raw in enumerate(raw_lines, start=1):
            b.lines[(None, page_no, i)] = raw
        widths = [len(r.strip()) for r in raw_lines if r.strip()]
        width = max(widths) if widths else 0
        for i, raw in enumerate(raw_lines, start=1):
            if (page_no, i) in skip:
                continue
            stripped = raw.rstrip()
            if not stripped.strip():
                stream.append(None)
                continue
            stream.append((page_no, i, stripped, width))
    for k, entry in enumerate(stream):
        if entry is None:
            if b.length and not b.ends_with("\n"):
                b.append_synthetic("\n")
            continue
        page_no, i, stripped, width = entry
        lead = len(stripped) - len(stripped.lstrip())
        content = stripped.lstrip()
        nxt_entry = stream[k + 1] if k + 1 < len(stream) else None
        nxt = nxt_entry[2].strip() if nxt_entry is not None else None
        page_break = nxt_entry is not None and nxt_entry[0] != page_no
        hyphen_join = (
            len(content) >= 2
            and content.endswith("-")
            and content[-2].isalpha()
            and nxt is not None
            and nxt[:1].islower()
            and nxt.split(None, 1)[0].rstrip(".,;:") not in _SUSPENDED_JOINERS
        )
        body = content[:-1] if hyphen_join else content
        b.append(body, page=page_no, line=i, column=lead + 1)
        if hyphen_join or nxt is None:
            continue
        forced = width > 0 and len(content) < _FORCED_RATIO * width
        starts_new = nxt[:1].isupper() or nxt[:1] in "•-–"
        if page_break:
            # a sentence running over a page break continues; anything else starts a new line
            joins = not _sentence_end(content) and not starts_new
            b.append_synthetic(" " if joins else "\n")
        elif starts_new and (forced or _sentence_end(content)):
            b.append_synthetic("\n")
        else:
            b.append_synthetic(" ")
    return Letter.from_builder(path, fmt, b)
