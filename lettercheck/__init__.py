"""lettercheck — a linter for generated Danish benefit letters.

The public API is small and lazy: importing ``lettercheck`` loads neither the PDF library nor the corpus,
so ``lettercheck check one.xml`` starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["__version__", "check_bytes", "check_path", "load_corpus"]

if TYPE_CHECKING:
    from lettercheck.corpus import load_corpus
    from lettercheck.pipeline import check_bytes, check_path


def __getattr__(name: str) -> Any:
    if name in ("check_bytes", "check_path"):
        from lettercheck import pipeline

        return getattr(pipeline, name)
    if name == "load_corpus":
        from lettercheck.corpus import load_corpus

        return load_corpus
    raise AttributeError(name)
