"""A progress bar on stderr for long interactive runs — and nothing at all anywhere else.

A batch of 50,000 letters takes minutes, and a silent terminal looks hung; but bar characters in a CI log, a
pipe or a redirected file are noise that other tools must strip. So the bar appears only when stderr is a
terminal, the ``CI`` environment variable is unset, and the batch has more than a few files.
"""

from __future__ import annotations

import os
import sys
import time
from typing import IO

#: batches this small finish before a bar would be worth reading
MIN_FILES = 5
_REDRAW_EVERY = 0.1  # seconds


def wanted(stream: IO[str] | None = None, quiet: bool = False) -> bool:
    """Whether to show a bar at all: a terminal, not CI, not ``--quiet``."""
    stream = stream if stream is not None else sys.stderr
    if quiet or os.environ.get("CI") or os.environ.get("TERM") == "dumb":
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _clock(seconds: float) -> str:
    seconds = round(seconds)
    h, rest = divmod(seconds, 3600)
    m, s = divmod(rest, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


class Progress:
    """``[#####.....]  120/1000 files  35.2 files/s  ETA 0:25``, redrawn at most ten times a second."""

    def __init__(self, stream: IO[str] | None = None, clock: object = time.monotonic) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self._now = clock
        self.total = 0
        self.done = 0
        self.active = False
        self._t0 = 0.0
        self._last = 0.0
        self._drawn = False

    def start(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.active = total > MIN_FILES
        self._t0 = self._now()  # type: ignore[operator]
        self._last = 0.0

    def line(self) -> str:
        """The bar as text (without the carriage return), for the current state."""
        elapsed = max(self._now() - self._t0, 1e-9)  # type: ignore[operator]
        rate = self.done / elapsed
        import shutil  # only for a progress bar on a terminal

        width = max(10, min(30, shutil.get_terminal_size((80, 20)).columns - 50))
        filled = int(width * self.done / self.total) if self.total else width
        eta = _clock((self.total - self.done) / rate) if rate > 0 and self.done < self.total else "0:00"
        return (
            f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} files  "
            f"{rate:.1f} files/s  ETA {eta}"
        )

    def advance(self, n: int = 1) -> None:
        self.done += n
        if not self.active:
            return
        now = self._now()  # type: ignore[operator]
        if now - self._last < _REDRAW_EVERY and self.done < self.total:
            return
        self._last = now
        self.stream.write("\r" + self.line() + "\x1b[K")
        self.stream.flush()
        self._drawn = True

    def clear(self) -> None:
        """Erase the bar so a report line written to the same terminal starts on a clean line."""
        if self._drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._drawn = False

    def close(self) -> None:
        self.clear()
        self.active = False
