"""Where the bundled data lives, in a checkout and in an installed wheel.

The top-level ``rules/`` and ``corpus/`` folders are where people edit facts; the wheel copies them to
``lettercheck/_data/``. Looking in both places lets the same code run from an editable install, a plain
checkout and a non-editable ``pip install .`` with no checkout at all.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


@cache
def data_root() -> Path:
    installed = _PACKAGE / "_data"
    if (installed / "corpus").is_dir():
        return installed
    checkout = _PACKAGE.parent
    if (checkout / "corpus").is_dir() and (checkout / "rules").is_dir():
        return checkout
    raise FileNotFoundError("lettercheck's bundled rules/ and corpus/ are missing from the installation")


def data_path(relative: str) -> Path:
    """Path of a bundled data file, e.g. ``data_path("rules/placeholders.yaml")``."""
    return data_root() / relative


def schema_path(name: str) -> Path:
    """Path of a JSON Schema / XSD shipped in ``lettercheck/schemas``."""
    return _PACKAGE / "schemas" / name
