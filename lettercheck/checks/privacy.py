"""Privacy rules (LC5xx): personal data where it does not belong."""

from __future__ import annotations

from collections.abc import Iterator

from lettercheck.context import Context
from lettercheck.cpr import find_cpr
from lettercheck.model import Finding, Severity
from lettercheck.registry import rule


@rule("LC501", "cpr-in-message-header", Severity.ERROR)
def cpr_in_message_header(ctx: Context) -> Iterator[Finding]:
    """A full CPR number in a Digital Post message's label or notification.

    ## What it does
    Looks for a CPR number (ddmmyy-nnnn or ddmmyynnnn with a valid date) in the MeMo `label` (the subject
    shown in the inbox list) and `notification` (the text sent by e-mail or SMS).

    ## Why is this bad?
    The label and notification are shown outside the secure mailbox: in inbox overviews, in notification
    e-mails and text messages, on lock screens. A CPR number there is a personal-data breach under the
    GDPR (databeskyttelsesforordningen art. 5 and 32) and databeskyttelsesloven § 11. The letter body
    itself, inside Digital Post, may carry the CPR number.

    ## Example
    `<memo:label>Afgørelse om kontanthjælp 010190-1234</memo:label>`

    ## How to fix
    Remove the CPR number from the label and notification; refer to the case number instead.
    """
    for name in ("label", "notification"):
        span = ctx.letter.fields.get(name)
        if span is None:
            continue
        start, end = span
        for m in find_cpr(ctx.letter.text[start:end]):
            yield ctx.finding(
                "LC501",
                f"full CPR number in the Digital Post {name}, which is shown outside the secure mailbox",
                start + m.start(),
                start + m.end(),
                suggestion="remove the CPR number; refer to the case number instead",
            )
