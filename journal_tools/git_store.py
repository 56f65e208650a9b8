"""Keep the vault's git history between builds in the parse cache, so a build reads only new commits.

The stored history is a pickle of plain dataclasses, read back by a loader that refuses any other
class, and it is used only for the vault folder and settings it was read with. One that is missing,
damaged, from another version or for other settings is ignored: the history is then read in full.
"""

from __future__ import annotations

import json
import pickle
from dataclasses import replace
from datetime import date
from pathlib import Path

from journal_tools.git_history import DueChange, History, NoteHistory, TaskHistory, update_history
from journal_tools.note_pickle import PICKLE_PROTOCOL, load_only
from journal_tools.parse_cache import NoteCache
from journal_tools.settings import Settings

STATE = "git_history"
"""The key the history is kept under in the parse cache's ``meta`` table."""
FORMAT = 2
"""Bumped whenever what a History holds, or how it is kept, changes."""
_ALLOWED: dict[tuple[str, str], type] = {
    ("datetime", "date"): date,
    **{("journal_tools.git_history", kind.__name__): kind for kind in (History, NoteHistory, TaskHistory)},
    ("journal_tools.git_history", "DueChange"): DueChange,
}
"""The only classes a stored history may be made of."""

Kept = tuple[str, History]
"""A history and the key it is valid for."""


def history_key(vault: Path, settings: Settings) -> str:
    """Return what a history is valid for: this format, the vault folder, and the settings it read with."""
    return json.dumps(
        [FORMAT, str(vault.resolve()), settings.output, list(settings.exclude), settings.milestone_heading]
    )


def load(cache: NoteCache, key: str) -> History | None:
    """Return the stored history if it was read with ``key``; None when there is none, or it is unusable."""
    data = cache.get_meta(STATE)
    if not isinstance(data, bytes) or not data:  # none, or kept as base64 text by an earlier version
        return None
    try:
        stored_key, history = load_only(data, _ALLOWED, "a git history")
    except Exception:  # a damaged entry is as good as none, whatever the damage
        return None
    return history if stored_key == key and isinstance(history, History) else None


def store(cache: NoteCache, key: str, history: History) -> None:
    """Keep a history in the cache (written with the notes, at the end of the build), pickled."""
    cache.put_meta(STATE, pickle.dumps((key, replace(history, problems=())), protocol=PICKLE_PROTOCOL))


def stored_history(vault: Path, settings: Settings, cache: NoteCache) -> Kept:
    """Return the history the cache keeps for this vault and settings (an empty one when none is)."""
    key = history_key(vault, settings)
    return key, (load(cache, key) if settings.history else None) or History()


def refresh_history(
    vault: Path, settings: Settings, previous: Kept | None = None, cache: NoteCache | None = None
) -> Kept:
    """Bring the history up to HEAD from the one kept in memory, else the cached one, else from scratch.

    Without the ``history`` setting the history is empty and git is not run.
    """
    key = history_key(vault, settings)
    if not settings.history:
        return key, History()
    start = previous[1] if previous is not None and previous[0] == key else None
    if start is None and cache is not None:
        start = load(cache, key)
    history = update_history(vault, start or History(), settings)
    if cache is not None and history.head != (start.head if start else None):
        store(cache, key, history)
    return key, history
