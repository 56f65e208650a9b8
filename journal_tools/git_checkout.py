"""Tell, without running git, whether a folder lies in a git checkout: a ``.git`` at or above it."""

from __future__ import annotations

from pathlib import Path


def in_a_checkout(folder: Path) -> bool:
    """Tell whether ``folder`` or a folder above it holds ``.git`` (a folder, or a file in a worktree)."""
    found = folder.resolve()
    return any((parent / ".git").exists() for parent in (found, *found.parents))
