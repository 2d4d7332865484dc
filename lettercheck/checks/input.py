"""Rules the pipeline raises itself: unreadable, hostile or unsupported input (LC9xx) and suppressions (LC0xx).

They have no check function — the readers raise them — but they are registered so that ``lettercheck rules``,
``explain``, ``--select`` and SARIF know them like any other rule.
"""

from __future__ import annotations

from lettercheck.model import Severity
from lettercheck.registry import declare

_M = __name__

declare(
    "LC001",
    "unused-suppression",
    Severity.INFO,
    """A suppression comment matched no finding.

    ## What it does
    Reports a `lettercheck: ignore LCxxx -- reason` comment that suppressed nothing in this letter.

    ## Why is this bad?
    Stale suppressions pile up and later hide a real problem that happens to match them (Ruff's RUF100).

    ## How to fix
    Remove the comment, or correct the code it names.
    """,
    _M,
)
declare(
    "LC002",
    "suppression-without-reason",
    Severity.INFO,
    """A suppression comment gives no reason.

    ## What it does
    Reports `lettercheck: ignore LC304` without `-- reason`.

    ## Why is this bad?
    A suppressed finding is a decision about a citizen's letter; the next caseworker must be able to see why.

    ## Example
    `<!-- lettercheck: ignore LC304 -- quotes the 2012 decision verbatim -->`

    ## How to fix
    Add `-- why` after the codes.
    """,
    _M,
)
declare(
    "LC900",
    "internal-error",
    Severity.ERROR,
    """lettercheck itself failed on this file.

    ## What it does
    Reports a bug in lettercheck (a reader or rule raised an unexpected error) as a finding, so the rest of
    the batch is still checked and the exit code shows that this file was not fully checked.

    ## How to fix
    Report it to the lettercheck maintainers with the file (remove personal data first).
    """,
    _M,
)
declare(
    "LC901",
    "unreadable-file",
    Severity.ERROR,
    """The file is corrupt, truncated or malformed and cannot be read.

    ## What it does
    Reports a PDF with a broken cross-reference table or cut off mid-stream, malformed XML, a broken zip
    archive, or a MeMo message whose embedded content is not valid base64.

    ## Why is this bad?
    A letter the citizen's mail client cannot open is a letter that did not arrive. It also means none of
    the other checks ran on it.

    ## How to fix
    Regenerate the letter from the case system and check the export or transfer step that broke it.
    """,
    _M,
)
declare(
    "LC902",
    "no-text-layer",
    Severity.ERROR,
    """The PDF has no text layer (scanned or image-only) or the file is empty.

    ## What it does
    Reports a PDF whose pages yield no text, so no citation or payment field can be checked.

    ## Why is this bad?
    Screen readers cannot read it (accessibility), and lettercheck cannot check it. Generated letters
    should always carry text.

    ## How to fix
    Produce the letter with a text layer, or run OCR before checking.
    """,
    _M,
)
declare(
    "LC903",
    "encrypted-pdf",
    Severity.ERROR,
    """The PDF is encrypted with a password.

    ## What it does
    Reports a PDF that cannot be opened without a user password. A PDF encrypted with an empty user
    password (restrictions only) is read normally.

    ## Why is this bad?
    The citizen may not be able to open it, and it cannot be checked.

    ## How to fix
    Export the letter without a password; Digital Post protects it in transit.
    """,
    _M,
)
declare(
    "LC904",
    "hostile-xml",
    Severity.ERROR,
    """The XML declares entities or an external DTD, or does not conform to the letter schema.

    ## What it does
    Refuses XML with `<!ENTITY` declarations (billion laughs, XXE to local files or URLs) or an external
    DTD, without reading anything from disk or network; and letter XML that does not validate against
    `letter.xsd`.

    ## Why is this bad?
    Entity expansion can exhaust memory or leak files; letters never need entities.

    ## How to fix
    Export the letter without a DOCTYPE; fix the schema error named in the message.
    """,
    _M,
)
declare(
    "LC905",
    "unsupported-file",
    Severity.ERROR,
    """The file is not a format lettercheck reads.

    ## What it does
    Reports files that are not PDF, letter XML, MeMo, DOCX, HTML or text, and XML that matches no mapping.

    ## How to fix
    Exclude such files (`--exclude`, config `exclude`), or add a mapping for a vendor XML format.
    """,
    _M,
)
declare(
    "LC906",
    "resource-limit",
    Severity.ERROR,
    """The file exceeds a resource limit (size, pages, decompressed size, nesting, time).

    ## What it does
    Stops reading a file that is larger, deeper or slower than the configured limits, so one hostile or
    broken file cannot exhaust a batch run. The message names the limit.

    ## How to fix
    If the file is legitimate, raise the limit in `[tool.lettercheck.limits]` (max-file-size, max-pages,
    max-decompressed-size, max-text-chars, max-xml-depth, timeout).
    """,
    _M,
)
