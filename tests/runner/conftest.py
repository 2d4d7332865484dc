"""Helpers for the runner tests: small text letters whose findings are known (LC401 placeholders)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from lettercheck.cli import main
from lettercheck.config import Config

#: the runner tests are about plumbing, not rules: only the placeholder rule and the input rules run, so
#: work in progress on other rules cannot change what these tests see
SELECT = ("LC401", "LC9")

#: a non-template letter with one unresolved placeholder (LC401), dated so no rule depends on today
PLACEHOLDER_LETTER = "Dato: 14. oktober 2025\nKære «Navn»\nDu får kontanthjælp fra kommunen.\n"
#: the same letter, fixed
CLEAN_LETTER = "Dato: 14. oktober 2025\nKære Jens Hansen\nDu får kontanthjælp fra kommunen.\n"


def write_letters(d: Path, n: int, bad_every: int = 2) -> list[Path]:
    """``n`` text letters in ``d``; every ``bad_every``-th has an LC401 placeholder."""
    d.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = d / f"brev_{i:03d}.txt"
        p.write_text(PLACEHOLDER_LETTER if i % bad_every == 0 else CLEAN_LETTER, encoding="utf-8")
        out.append(p)
    return out


def config(**kw: Any) -> Config:
    """A Config with the runner tests' rule selection."""
    return Config(select=SELECT, **kw)


def cli(*args: str, input: str | bytes | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input, catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(autouse=True)
def isolated_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own cache directory, so no test sees another's entries; and a config file
    selecting :data:`SELECT`, found by the CLI from any path under ``tmp_path``."""
    d = tmp_path / "_cache"
    monkeypatch.setenv("LETTERCHECK_CACHE_DIR", str(d))
    monkeypatch.delenv("CI", raising=False)
    (tmp_path / "lettercheck.toml").write_text(
        f"select = {list(SELECT)!r}\n".replace("'", '"'), encoding="utf-8"
    )
    return d
