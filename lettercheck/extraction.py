"""``lettercheck extract``: what the readers and extractors found, for debugging rules and mappings.

Everything a check would see is shown — text, date and where it came from, type and why, citations, amounts,
dates, payment — with CPR numbers masked like in every other output.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lettercheck import cpr
from lettercheck.config import Config
from lettercheck.context import Context
from lettercheck.pipeline import read_letter


def extract_file(path: str, config: Config) -> dict[str, Any]:
    """Everything lettercheck read from one file, with CPR numbers masked — the path included."""
    return cpr.mask_obj(_extract(path, config))  # type: ignore[return-value]


def _extract(path: str, config: Config) -> dict[str, Any]:
    try:
        data = Path(path).read_bytes() if path != "-" else __import__("sys").stdin.buffer.read()
    except OSError as e:
        return {"path": path, "error": {"code": "LC901", "message": f"cannot read file: {e.strerror or e}"}}
    letter, result = read_letter(data, path, config)
    if letter is None:
        f = result.findings[0] if result.findings else None
        return {
            "path": path,
            "error": {"code": f.code, "message": f.message} if f else None,
        }
    ctx = Context(letter, config)
    obj: dict[str, Any] = {
        "path": path,
        "letter": {
            "date": letter.date.isoformat() if letter.date else None,
            "date_source": letter.date_source,
            "type": letter.letter_type,
            "type_reason": letter.letter_type_reason,
            "format": letter.format,
            "template": letter.is_template,
            "metadata": letter.metadata,
            "data": letter.data,
        },
        "text": letter.text,
    }
    from lettercheck.extract.citations import extract_citations

    obj["citations"] = [c.to_dict() for c in extract_citations(letter, ctx.corpus)]
    from lettercheck.extract.payments import extraction_dicts

    obj.update(extraction_dicts(letter, ctx.payment))
    return obj


def format_text(obj: dict[str, Any]) -> str:
    lines = [f"== {obj['path']}"]
    if obj.get("error"):
        err = obj["error"]
        lines.append(f"  {err['code']}: {err['message']}")
        return "\n".join(lines) + "\n"
    letter = obj["letter"]
    lines.append(f"  format: {letter['format']}  date: {letter['date']} ({letter['date_source']})")
    lines.append(f"  type: {letter['type']} ({letter['type_reason']})")
    if obj.get("citations"):
        lines.append("  citations:")
        from lettercheck.extract.citations import format_citation_dict

        lines.extend(f"    {format_citation_dict(c)}" for c in obj["citations"])
    pay = obj.get("payment")
    if pay:
        lines.append("  payment:")
        for k, v in pay.items():
            if v not in (None, [], {}):
                lines.append(f"    {k}: {v}")
    lines.append("  text:")
    lines.extend(f"    {t}" for t in obj["text"].splitlines())
    return "\n".join(lines) + "\n"
