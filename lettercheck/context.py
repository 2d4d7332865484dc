"""What a check sees of one letter: the letter, the config, and lazily computed extractions.

Extractions are computed on first use and shared by every rule, so a letter is tokenised for citations
once however many citation rules run, and not at all when only LC9xx/LC4xx rules are selected.
"""

from __future__ import annotations

from functools import cached_property
from typing import TYPE_CHECKING, Any

from lettercheck import registry
from lettercheck.config import Config
from lettercheck.model import Finding, Letter, Severity

if TYPE_CHECKING:
    from lettercheck.corpus import Corpus


class Context:
    def __init__(self, letter: Letter, config: Config) -> None:
        self.letter = letter
        self.config = config

    # -- shared, lazily computed extractions ---------------------------------------------------------
    @cached_property
    def corpus(self) -> Corpus:
        from lettercheck.corpus import load_corpus

        return load_corpus(self.config.corpus)

    @cached_property
    def citations(self) -> list[Any]:
        from lettercheck.extract.citations import extract_citations

        return extract_citations(self.letter, self.corpus)

    @cached_property
    def payment(self) -> Any:
        from lettercheck.extract.payments import extract_payment

        return extract_payment(self.letter, self.config)

    # -- building findings ---------------------------------------------------------------------------
    def finding(
        self,
        code: str,
        message: str,
        start: int | None = None,
        end: int | None = None,
        *,
        suggestion: str | None = None,
        severity: Severity | None = None,
        text: str | None = None,
        **extra: Any,
    ) -> Finding:
        """A finding for ``code`` at ``letter.text[start:end]``; location and text are filled in."""
        if severity is None:
            rule = registry.load_all().get(code)
            severity = rule.severity if rule is not None else registry.get(code).severity
        if self.config.severity:
            severity = self.config.severity_for(code, severity)
        loc = self.letter.locate(start if start is not None else 0)
        if text is None:
            text = self.letter.text[start:end] if start is not None and end is not None else ""
        return Finding(
            code=code,
            severity=severity,
            message=message,
            text=text,
            location=loc,
            suggestion=suggestion,
            start=start,
            end=end,
            extra=extra,
        )
