"""Resolve wikilink targets to notes the way Obsidian does: by name, by path, through aliases."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from journal_tools.note import Note


def _key(text: str) -> str:
    """Normalise a name for comparison: Unicode NFC, case-insensitive."""
    return unicodedata.normalize("NFC", text).strip().casefold()


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a link leads: the note's path (None when nowhere) and the other candidates."""

    path: str | None
    others: tuple[str, ...] = ()
    """Other notes with the same name; not empty means the link was ambiguous."""


class LinkIndex:
    """An index of the vault's notes by name, path and alias."""

    def __init__(self, notes: Iterable[Note]) -> None:
        """Index the notes' names, paths and aliases."""
        self._memo: dict[tuple[str, str], Resolution] = {}
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_alias: dict[str, list[str]] = defaultdict(list)
        self._paths: dict[str, str] = {}
        for note in notes:
            stem = note.path.removesuffix(".md")
            self._paths[_key(stem)] = note.path
            self._by_name[_key(note.name)].append(note.path)
            for alias in note.front.aliases:
                self._by_alias[_key(alias)].append(note.path)

    def resolve(self, target: str, source: str) -> Resolution:
        """Resolve ``target`` as written in the note at ``source`` (the answer depends on its folder)."""
        memo = (target, source.rpartition("/")[0])
        found = self._memo.get(memo)
        if found is None:
            found = self._memo[memo] = self._resolve(target, source)
        return found

    def _resolve(self, target: str, source: str) -> Resolution:
        """Resolve without the memo."""
        key = _key(target.removesuffix(".md"))
        if "/" in key:
            if key in self._paths:
                return Resolution(self._paths[key])
            suffix = [path for stem, path in self._paths.items() if stem.endswith("/" + key)]
            return _choose(sorted(suffix), source)
        if key in self._by_name:
            return _choose(self._by_name[key], source)
        return _choose(self._by_alias.get(key, []), source)


def _choose(candidates: list[str], source: str) -> Resolution:
    """Pick one of several notes with the same name: same folder first, then the shortest path."""
    if not candidates:
        return Resolution(None)
    if len(candidates) == 1:
        return Resolution(candidates[0])
    folder = source.rpartition("/")[0]
    ranked = sorted(candidates, key=lambda p: (p.rpartition("/")[0] != folder, p.count("/"), len(p), p))
    return Resolution(ranked[0], tuple(ranked[1:]))
