"""Shared test helpers: build letters and run the CLI the way a user does."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from lettercheck.model import Letter, TextBuilder

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


def letter_from_text(text: str, path: str = "letter.txt", **kw) -> Letter:
    """A Letter from plain text with line/column locations, as the text reader makes it."""
    b = TextBuilder()
    for n, line in enumerate(text.splitlines(), start=1):
        b.lines[(None, None, n)] = line
        b.append(line, line=n, column=1)
        b.append_synthetic("\n")
    letter = Letter.from_builder(path, "text", b)
    for k, v in kw.items():
        setattr(letter, k, v)
    return letter


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """lettercheck never touches the network: any connection attempt in any test fails it."""

    def guard(*args, **kwargs):
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", guard)
    monkeypatch.setattr(socket.socket, "connect_ex", guard)
    monkeypatch.setattr(socket, "create_connection", guard)


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test gets its own findings cache, so no test can read results another test cached."""
    monkeypatch.setenv("LETTERCHECK_CACHE_DIR", str(tmp_path_factory.mktemp("lettercheck-cache")))
