"""Shared set-up for the atheris harnesses: instrumented imports, small limits, the invariants every run checks.

Every harness asserts the same contract the test suite states (tests/test_properties.py): a reader either
returns a Letter whose source map answers for every offset, or raises ReadError — anything else is a crash
libFuzzer records; an extractor returns spans that lie inside the text and reproduce it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import atheris

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Only modules imported inside this block are instrumented, and the readers import their modules lazily:
# import every one of them here, or the fuzzer runs blind. pypdf is pure Python: instrumenting it lets the
# PDF target feel its way into the parser's branches.
with atheris.instrument_imports(include=["lettercheck", "pypdf"]):
    import pypdf
    import pypdf.filters
    import pypdf.generic  # noqa: F401

    import lettercheck.readers.docx
    import lettercheck.readers.html
    import lettercheck.readers.memo
    import lettercheck.readers.pdf
    import lettercheck.readers.text
    import lettercheck.readers.xml
    import lettercheck.suppress
    import lettercheck.xmlsafe  # noqa: F401
    from lettercheck.config import Limits
    from lettercheck.model import Letter, ReadError
    from lettercheck.readers import read_bytes

#: small enough that one input cannot take the fuzzer's memory, large enough to reach every code path
FUZZ_LIMITS = Limits(
    max_file_size=2_000_000,
    max_pages=20,
    max_decompressed_size=20_000_000,
    max_text_chars=2_000_000,
    max_xml_depth=256,
    timeout=10.0,
)


def check_letter(letter: Letter) -> None:
    """A read letter's invariants: text is a str, every offset maps back to a location, fields lie inside."""
    assert isinstance(letter.text, str)
    n = len(letter.text)
    for off in (0, n // 2, max(n - 1, 0)):
        letter.locate(off)
    for start, end in letter.fields.values():
        assert 0 <= start <= end <= n, (start, end, n)
    for s in letter.suppressions:
        assert s.scope_start <= s.scope_end


def read(data: bytes, name: str, kind: str | None = None) -> None:
    try:
        letter = read_bytes(data, name, limits=FUZZ_LIMITS, kind=kind)
    except ReadError as e:
        assert e.code.startswith("LC9"), e.code
        return
    check_letter(letter)


def run(test_one_input, argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    atheris.Setup(argv, test_one_input)
    atheris.Fuzz()
