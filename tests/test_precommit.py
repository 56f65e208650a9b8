"""The pre-commit hooks, run through pre-commit itself in a throwaway git repository."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("pre_commit")
if shutil.which("git") is None:  # pragma: no cover - git is on every machine the tests run on
    pytest.skip("git is not installed", allow_module_level=True)

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
JOURNAL_TOOLS = BIN / "journal-tools"
PRE_COMMIT = BIN / "pre-commit"
DAY = "2026-11-20"
GOAL = "---\ntype: goal\ntitle: G\ndue: 2026-12-01\n---\n- [ ] step 📅 2026-11-25 ⏫\n"
BROKEN = "---\ntype: goal\ntarget: five\n---\n"

CONFIG = f"""repos:
  - repo: local
    hooks:
      - id: journal-tools-check
        name: journal-tools check
        entry: {JOURNAL_TOOLS} check --today {DAY}
        language: system
        pass_filenames: false
        always_run: true
      - id: journal-tools-build-check
        name: journal-tools build --check
        entry: {JOURNAL_TOOLS} build --check --today {DAY}
        language: system
        pass_filenames: false
        always_run: true
"""


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the hooks installed and a vault at its root."""
    root = tmp_path / "repo"
    root.mkdir()
    _git(root, "init", "-q")
    _git(root, "config", "user.email", "test@example.com")
    _git(root, "config", "user.name", "Test")
    _git(root, "config", "commit.gpgsign", "false")
    (root / ".pre-commit-config.yaml").write_text(CONFIG, encoding="utf-8")
    _run(root, str(PRE_COMMIT), "install")
    return root


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env["PRE_COMMIT_HOME"] = str(root.parent / "pre-commit-home")
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    return env


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=root, env=_env(root), capture_output=True, text=True, timeout=120)


def _git(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return _run(root, "git", *args)


def _commit(root: Path, files: dict[str, str]) -> subprocess.CompletedProcess[str]:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    _git(root, "add", "-A")
    return _git(root, "commit", "-q", "-m", "notes")


def _build(root: Path) -> None:
    done = _run(root, str(JOURNAL_TOOLS), "build", "--today", DAY)
    assert done.returncode == 0, done.stderr


def test_a_clean_vault_commits(repo: Path) -> None:
    _build(repo)
    result = _commit(repo, {"Goals/G.md": GOAL})
    assert result.returncode == 1  # the pages do not know the new goal yet
    _build(repo)
    result = _commit(repo, {})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "journal-tools check" in result.stdout + result.stderr
    assert _git(repo, "log", "--oneline").stdout.count("\n") == 1


def test_a_bad_note_blocks_the_commit(repo: Path) -> None:
    _commit(repo, {"Goals/G.md": GOAL, "Goals/Bad.md": BROKEN})
    _build(repo)
    result = _commit(repo, {})
    assert result.returncode == 1
    assert "Goals/Bad.md:3: target: expected a number" in result.stdout + result.stderr
    assert _git(repo, "log").returncode != 0  # no commit yet


def test_a_stale_page_blocks_the_commit_until_build(repo: Path) -> None:
    result = _commit(repo, {"Goals/G.md": GOAL})
    assert result.returncode == 1
    assert "Reviews/Dashboard.md" in result.stdout + result.stderr
    assert "journal-tools build --check" in result.stdout + result.stderr
    _build(repo)
    result = _commit(repo, {})
    assert result.returncode == 0, result.stdout + result.stderr
    result = _commit(repo, {"Goals/G.md": GOAL.replace("title: G", "title: G2")})
    assert result.returncode == 1
    assert "Reviews/Dashboard.md" in result.stdout + result.stderr


def test_the_manifest_is_valid() -> None:
    result = subprocess.run(
        [str(PRE_COMMIT), "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_manifest_names_both_hooks() -> None:
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: journal-tools-check\n" in text
    assert "entry: journal-tools check\n" in text
    assert "id: journal-tools-build-check\n" in text
    assert "entry: journal-tools build --check\n" in text
    assert text.count("pass_filenames: false") == 2
