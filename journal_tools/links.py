"""Resolve wikilink targets to notes the way Obsidian does: by name, by path, through aliases."""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from journal_tools.note import Note


def link_key(text: str) -> str:
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
        self._anywhere: dict[str, Resolution] = {}
        """Answers that do not depend on the linking note's folder (no or a single candidate)."""
        self._memo: dict[tuple[str, str], Resolution] = {}
        """Answers for a folder: a name several notes share is resolved from where it is written."""
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_alias: dict[str, list[str]] = defaultdict(list)
        self._paths: dict[str, str] = {}
        for note in notes:
            self._index(note)

    def _index(self, note: Note) -> None:
        """Index one note's path, name and aliases."""
        self._paths[link_key(note.path.removesuffix(".md"))] = note.path
        self._by_name[link_key(note.name)].append(note.path)
        for alias in note.front.aliases:
            self._by_alias[link_key(alias)].append(note.path)

    def names_anything(self, name: str) -> bool:
        """Tell whether a note has this name or alias."""
        key = link_key(name)
        return key in self._by_name or key in self._by_alias

    def names_only(self, note: Note) -> bool:
        """Tell whether ``note`` is the only note of its name, and no note has that name as an alias."""
        key = link_key(note.name)
        return self._by_name.get(key) == [note.path] and key not in self._by_alias

    def remove(self, note: Note) -> None:
        """Forget a removed note, alone of its name (:meth:`names_only`), and the answers given so far."""
        del self._paths[link_key(note.path.removesuffix(".md"))], self._by_name[link_key(note.name)]
        self._anywhere.clear()
        self._memo.clear()

    def add(self, note: Note) -> None:
        """Index a note added to the vault, and forget the answers given so far."""
        self._index(note)
        self._anywhere.clear()
        self._memo.clear()

    def resolve(self, target: str, source: str) -> Resolution:
        """Resolve ``target`` as written in the note at ``source`` (the answer depends on its folder)."""
        found = self._anywhere.get(target)
        if found is not None:
            return found
        memo = (target, source.rpartition("/")[0])
        found = self._memo.get(memo)
        if found is None:
            candidates = self._candidates(target)
            found = _choose(candidates, source)
            if len(candidates) > 1:
                self._memo[memo] = found
            else:
                self._anywhere[target] = found
        return found

    def _candidates(self, target: str) -> list[str]:
        """Return the notes a target may name: its path, or the notes with that name or alias."""
        key = link_key(target.removesuffix(".md"))
        if "/" in key:
            if key in self._paths:
                return [self._paths[key]]
            return sorted(path for stem, path in self._paths.items() if stem.endswith("/" + key))
        if key in self._by_name:
            return self._by_name[key]
        return self._by_alias.get(key, [])


def _choose(candidates: list[str], source: str) -> Resolution:
    """Pick one of several notes with the same name: same folder first, then the shortest path."""
    if not candidates:
        return Resolution(None)
    if len(candidates) == 1:
        return Resolution(candidates[0])
    folder = source.rpartition("/")[0]
    ranked = sorted(candidates, key=lambda p: (p.rpartition("/")[0] != folder, p.count("/"), len(p), p))
    return Resolution(ranked[0], tuple(ranked[1:]))
