"""Keep a vault's notes in path order and by kind between builds, putting only changed notes in place.

A watcher's save changes one note of tens of thousands: walking them all again to sort them, split
them by kind and gather their problems costs more than everything done with the note that changed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress, repeat
from operator import attrgetter, eq

from journal_tools.joined import changed_at
from journal_tools.note import Note
from journal_tools.problem import Problem

PATCH_LIMIT = 64
"""Up to this many changed notes are put in place; more, and the table is made again."""


@dataclass(slots=True)
class NoteTable:
    """A vault's notes: every one by path, the readable ones, those of each kind, and their problems."""

    given: tuple[Note, ...] = ()
    """The notes in the order they were last given (a session's: the order it first read them in)."""
    ordered: tuple[Note, ...] = ()
    """Every note, by path."""
    readable: tuple[Note, ...] = ()
    """The notes that could be read, by path."""
    kinds: dict[str, tuple[Note, ...]] = field(default_factory=dict)
    """The readable notes of each kind, by path, the kinds in name order."""
    problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    """The problems of each note that has some."""
    where: dict[str, tuple[int, int, int]] = field(default_factory=dict)
    """Each note's index in ``ordered``, in ``readable`` and among its kind's notes (-1: not there)."""

    def update(self, notes: Iterable[Note]) -> list[int] | None:
        """Take the notes as they are now; return where ``readable`` holds other notes, or None if made again.

        A note replaced by one of the same path, readability and kind is put in place. Anything else
        (a note added, removed or renamed, another kind, many changes) makes the table again.
        """
        before, given = self.given, tuple(notes)
        changed = changed_at(before, given, PATCH_LIMIT)
        self.given = given
        if changed is not None:
            replaced = self._patch([(before[i], given[i]) for i in changed])
            if replaced is not None:
                return replaced
        self._make(given)
        return None

    def _patch(self, pairs: list[tuple[Note, Note]]) -> list[int] | None:
        """Put each (old, new) note in place; None (nothing changed) when one is not a like replacement."""
        if any(
            (old.path, old.readable, old.kind) != (new.path, new.readable, new.kind) for old, new in pairs
        ):
            return None
        ordered, readable = list(self.ordered), list(self.readable)
        kinds: dict[str, list[Note]] = {}
        replaced = []
        for _, note in pairs:
            at, at_readable, at_kind = self.where[note.path]
            ordered[at] = note
            if at_readable >= 0:
                readable[at_readable] = note
                replaced.append(at_readable)
            if note.kind is not None and at_kind >= 0:
                kinds.setdefault(note.kind, list(self.kinds[note.kind]))[at_kind] = note
            if note.problems:
                self.problems[note.path] = note.problems
            else:
                self.problems.pop(note.path, None)
        self.ordered, self.readable = tuple(ordered), tuple(readable)
        # a new dict, not the old one updated: the last build's vault model holds the old one
        self.kinds = self.kinds | {kind: tuple(notes) for kind, notes in kinds.items()}
        return sorted(replaced)

    def _make(self, given: tuple[Note, ...]) -> None:
        """Sort, filter and group every note."""
        self.ordered = tuple(sorted(given, key=attrgetter("path")))
        self.readable = tuple(compress(self.ordered, map(attrgetter("readable"), self.ordered)))
        kinds = list(map(attrgetter("kind"), self.readable))  # in C: tens of thousands of notes
        self.kinds = {
            kind: tuple(compress(self.readable, map(eq, kinds, repeat(kind))))
            for kind in sorted(found for found in set(kinds) if found is not None)
        }
        self.problems = {note.path: note.problems for note in self.ordered if note.problems}
        readable_at = {note.path: i for i, note in enumerate(self.readable)}
        kind_at = {note.path: i for notes in self.kinds.values() for i, note in enumerate(notes)}
        self.where = {
            note.path: (i, readable_at.get(note.path, -1), kind_at.get(note.path, -1))
            for i, note in enumerate(self.ordered)
        }
