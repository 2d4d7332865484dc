"""The pre-commit hook as a template repository uses it: the real ``pre-commit`` installs the hook from this
checkout, and a commit of a letter with a finding fails with the finding shown; fixing it lets it through.

pre-commit clones ``repo:`` at ``rev:``, so it can only install committed code. To test the working tree as it
is (uncommitted work included), the test copies what the package needs into a temporary git repository and
commits it there; that commit is the hook's ``rev``. The hook environment (a virtualenv with lettercheck and its
dependencies from the package index) is built once per test session and shared by the tests below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytest.importorskip("pre_commit")

#: what ``pip install .`` needs from the checkout, plus the hook definitions
HOOK_SOURCE = ["lettercheck", "rules", "corpus", "pyproject.toml", "README.md", ".pre-commit-hooks.yaml"]
GIT_ENV = {
    "GIT_AUTHOR_NAME": "lettercheck tests",
    "GIT_AUTHOR_EMAIL": "tests@lettercheck.invalid",
    "GIT_COMMITTER_NAME": "lettercheck tests",
    "GIT_COMMITTER_EMAIL": "tests@lettercheck.invalid",
    "GIT_AUTHOR_DATE": "2025-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2025-01-01T00:00:00Z",
    "GIT_CONFIG_NOSYSTEM": "1",
}

PLACEHOLDER_BAD = "Aalborg, den 2. juni 2025\n\nKære «Navn»\n\nVi har modtaget din ansøgning.\n"
PLACEHOLDER_FIXED = "Aalborg, den 2. juni 2025\n\nKære Jens Hansen\n\nVi har modtaget din ansøgning.\n"
LC104_BAD = (
    "Aalborg, den 22. september 2025\n\nAfgørelse om kontanthjælp\n\n"
    "Du har ret til kontanthjælp efter § 11 i lov om aktiv socialpolitik, "
    "jf. lovbekendtgørelse nr. 269 af 21. marts 2017.\n"
)
LC104_FIXED = LC104_BAD.replace("nr. 269 af 21. marts 2017", "nr. 1004 af 30. juni 2025")


def sh(*cmd: str, cwd: Path, env: dict[str, str], check: bool = True) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)
    if check and proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return proc


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT", "LETTERCHECK_"))}
    e.update(GIT_ENV)
    e["PRE_COMMIT_HOME"] = str(tmp_path_factory.mktemp("pre-commit-home"))
    e["HOME"] = str(tmp_path_factory.mktemp("home"))  # no user git config leaks in
    e.pop("CI", None)
    # pre-commit must be the one installed for this interpreter
    e["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), e.get("PATH", "")])
    return e


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory, env: dict[str, str]) -> tuple[Path, str]:
    """This checkout's working tree, committed into a throwaway repository: (path, commit)."""
    src = tmp_path_factory.mktemp("lettercheck-hook-src")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "_data", ".lettercheck_cache")
    for name in HOOK_SOURCE:
        p = ROOT / name
        if p.is_dir():
            shutil.copytree(p, src / name, ignore=ignore)
        else:
            shutil.copy2(p, src / name)
    sh("git", "init", "-q", "-b", "main", cwd=src, env=env)
    sh("git", "add", "-A", cwd=src, env=env)
    sh("git", "commit", "-q", "-m", "lettercheck working tree", cwd=src, env=env)
    rev = sh("git", "rev-parse", "HEAD", cwd=src, env=env).stdout.strip()
    return src, rev


def template_repo(
    base: Path, hook: tuple[Path, str], env: dict[str, str], select: str, hook_id: str = "lettercheck"
) -> Path:
    repo = base / "skabeloner"
    repo.mkdir()
    src, rev = hook
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n  - repo: {src}\n    rev: {rev}\n    hooks:\n      - id: {hook_id}\n", encoding="utf-8"
    )
    # the rule under test only, so work on other rules cannot make the "fixed" letter fail
    (repo / "lettercheck.toml").write_text(f'select = ["{select}"]\n', encoding="utf-8")
    sh("git", "init", "-q", "-b", "main", cwd=repo, env=env)
    sh("git", "add", "-A", cwd=repo, env=env)
    sh("git", "commit", "-q", "-m", "setup", cwd=repo, env=env)
    sh(sys.executable, "-m", "pre_commit", "install", cwd=repo, env=env)
    return repo


def commit(repo: Path, env: dict[str, str], name: str, text: str) -> subprocess.CompletedProcess[str]:
    path = repo / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    sh("git", "add", name, cwd=repo, env=env)
    return sh("git", "commit", "-m", f"update {name}", cwd=repo, env=env, check=False)


def assert_blocked_then_allowed(
    repo: Path, env: dict[str, str], name: str, bad: str, fixed: str, code: str, shown: str
) -> None:
    proc = commit(repo, env, name, bad)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "lettercheck" in out and "Failed" in out
    assert code in out and name in out and shown in out
    head = sh("git", "log", "--oneline", cwd=repo, env=env).stdout
    assert f"update {name}" not in head  # the commit did not happen
    proc = commit(repo, env, name, fixed)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0, out
    assert "Passed" in out
    assert f"update {name}" in sh("git", "log", "--oneline", cwd=repo, env=env).stdout


def test_commit_with_an_unresolved_placeholder_is_blocked_until_fixed(tmp_path, hook_repo, env):
    repo = template_repo(tmp_path, hook_repo, env, "LC401")
    assert_blocked_then_allowed(
        repo, env, "breve/partshoering.txt", PLACEHOLDER_BAD, PLACEHOLDER_FIXED, "LC401", "«Navn»"
    )


def test_commit_citing_a_superseded_lbk_is_blocked_until_fixed(tmp_path, hook_repo, env):
    repo = template_repo(tmp_path, hook_repo, env, "LC104")
    assert_blocked_then_allowed(
        repo,
        env,
        "breve/kontanthjaelp.txt",
        LC104_BAD,
        LC104_FIXED,
        "LC104",
        "lovbekendtgørelse nr. 1004 af 30. juni 2025",  # the suggestion names the version in force
    )


def test_files_the_hook_does_not_own_are_not_passed(tmp_path, hook_repo, env):
    repo = template_repo(tmp_path, hook_repo, env, "LC401")
    proc = commit(repo, env, "noter.md", "«Navn» is fine in a markdown note\n")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no files to check" in proc.stdout + proc.stderr


OVERLAY_OK = """\
acts:
  - id: aktivloven
    versions:
      - type: LBK
        number: 9001
        date: "2099-02-15"
        source: "https://example.invalid/fictional/lbk-9001-2099"
        confidence: confirmed
"""


def test_corpus_hook_blocks_an_invalid_overlay_until_fixed(tmp_path, hook_repo, env):
    repo = template_repo(tmp_path, hook_repo, env, "LC401", hook_id="lettercheck-corpus")
    bad = OVERLAY_OK.replace("        confidence: confirmed\n", "")
    proc = commit(repo, env, "corpus/lokal.yaml", bad)
    out = proc.stdout + proc.stderr
    assert proc.returncode != 0, out
    assert "corpus/lokal.yaml:4:" in out and "confidence" in out
    proc = commit(repo, env, "corpus/lokal.yaml", OVERLAY_OK)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_hook_definitions():
    import re

    import yaml

    hooks = {
        h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    }
    assert hooks["lettercheck"]["entry"] == "lettercheck check --force-exclude"
    assert hooks["lettercheck-corpus"]["entry"] == "lettercheck corpus validate"
    assert all(h["language"] == "python" and h["require_serial"] is True for h in hooks.values())
    letters = re.compile(hooks["lettercheck"]["files"])
    for name in ("breve/a.pdf", "B.PDF", "x.xml", "m.memo", "t.docx", "p.html", "p.htm", "l.txt"):
        assert letters.search(name), name
    for name in ("a.yaml", "a.py", "a.pdf.bak", "README.md"):
        assert not letters.search(name), name
    corpus = re.compile(hooks["lettercheck-corpus"]["files"])
    for name in ("corpus/lokal.yaml", "data/corpus/x.yml", "aalborg-overlay.yaml", "corpus_2026.yaml"):
        assert corpus.search(name), name
    for name in (".pre-commit-config.yaml", ".gitlab-ci.yml", "rules/content.yaml", "lettercheck.toml"):
        assert not corpus.search(name), name
