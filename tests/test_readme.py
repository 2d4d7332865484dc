"""The README's Quick start and CI must not drift apart: CI runs what the README tells a newcomer."""

from __future__ import annotations

import re

from tests.conftest import ROOT


def quick_start_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sh\n(.+?)\n```", section)


def test_quick_start_has_exactly_two_commands_install_and_test():
    cmds = quick_start_commands()
    assert len(cmds) == 2
    assert cmds[0].endswith("pip install . && lettercheck check examples/")
    assert "python -m pytest" in cmds[1]


def test_ci_runs_the_readme_test_command_in_a_fresh_venv():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    test_cmd = quick_start_commands()[1].split(". .venv/bin/activate && ", 1)[1]
    assert test_cmd in ci
    assert "python3 -m venv .ci-venv" in ci
