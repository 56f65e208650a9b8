"""The scan finds exactly the files ``is_note_path`` names notes, though it checks folders only once."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from journal_tools.scan import is_note_path, scan_vault
from journal_tools.settings import Settings

NAMES = [
    "Goal.md",
    ".hidden.md",
    "notes.txt",
    "Goal.sync-conflict-20261120-1.md",
    "Goal (conflicted copy 2026-11-20).md",
    "a.",
    "sync-conflict-x.md",
    "plain.MD",
]
FOLDERS = ["", "Journal", "Journal/2026", ".obsidian", "Reviews", "Reviews/Weekly", "Archive", "Archive/Old"]
FOLDERS += [".trash/deep", "x.sync-conflict-1", "Team (conflicted copy)", "a.", "a./b"]
SETTINGS = Settings(exclude=("Archive",))


def _write(root: Path, paths: set[str]) -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("# note\n", encoding="utf-8")


@settings(max_examples=40, deadline=None)
@given(st.sets(st.tuples(st.sampled_from(FOLDERS), st.sampled_from(NAMES)), min_size=1, max_size=25))
def test_the_scan_finds_the_notes_is_note_path_names(pairs: set[tuple[str, str]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        paths = {f"{d}/{n}" if d else n for d, n in pairs}
        paths = {
            p for p in paths if not any(p.startswith(f"{other}/") for other in paths)
        }  # a file is no folder
        _write(root, paths)
        found, problems = scan_vault(root, SETTINGS)
        assert problems == []
        assert [source.path for source in found] == sorted(p for p in paths if is_note_path(p, SETTINGS))
