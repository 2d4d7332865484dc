"""Fixtures for the corpus tests: no on-disk compiled cache unless a test asks for one."""

from __future__ import annotations

from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
LEXDANIA = Path(__file__).parent.parent / "fixtures" / "lexdania"


@pytest.fixture(autouse=True)
def _no_corpus_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests must not read or write the user's ~/.cache; the cache test points it at tmp_path itself.
    monkeypatch.setenv("LETTERCHECK_CORPUS_CACHE", "off")


@pytest.fixture(scope="session")
def corpus():  # type: ignore[no-untyped-def]
    from lettercheck.corpus import compile_corpus

    built, problems = compile_corpus()
    assert problems == []
    assert built is not None
    return built
