"""What the git history adds to the present notes: done dates, metric points, deadline moves, start days.

The present notes always win: a date from git only fills in what a note leaves out (a task that is
checked now but carries no done date), and a note's present ``due`` counts as one more move when it
differs from the last committed one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

from journal_tools.git_history import History, NoteHistory, TaskHistory
from journal_tools.place import NO_DATES


@dataclass(frozen=True, slots=True)
class DeadlineMoves:
    """How often a due date moved from one date to another, and by how many days in all."""

    count: int
    days: int
    """The sum of the moves (negative: earlier in all)."""


@dataclass(frozen=True, slots=True)
class GitFacts:
    """A git history, indexed by note path for the stages that look things up in it."""

    history: History = field(default_factory=History)
    notes: Mapping[str, NoteHistory] = field(default_factory=dict)
    """The goal and milestone notes that exist at the last commit, by path."""
    done: Mapping[str, Mapping[str, date]] = field(default_factory=dict)
    """Note path -> task text -> the day of the first commit in which the task was checked."""
    seen: Mapping[str, Mapping[str, date]] = field(default_factory=dict)
    """Note path -> task text -> the day of the first commit in which the task was."""

    @property
    def known(self) -> bool:
        """Tell whether the history has any goal, milestone or task of the notes."""
        return bool(self.notes or self.seen)

    def seen_on(self, path: str, text: str) -> date | None:
        """Return the day of the first commit that had the task with ``text`` in the note at ``path``."""
        return self.seen.get(path, NO_DATES).get(text)

    def task_days(self, path: str, texts: Iterable[str]) -> set[date]:
        """Return the days git saw these tasks of a note first, and first checked (what they change)."""
        seen, done = self.seen.get(path, NO_DATES), self.done.get(path, NO_DATES)
        return {day for text in texts for day in (seen.get(text), done.get(text)) if day is not None}

    def points(self, path: str) -> tuple[tuple[date, float], ...]:
        """Return the committed values of a goal's ``current``, one per day, oldest first."""
        note = self.notes.get(path)
        return note.points if note is not None else ()

    def point_days(self, paths: Iterable[str]) -> list[tuple[str, date]]:
        """Return (path, day) for each day a committed ``current`` of these goals changed on."""
        return [(path, day) for path in paths for day, _ in self.points(path)]

    def appeared(self, path: str) -> date | None:
        """Return the day of the first commit in which the note was a goal or milestone."""
        note = self.notes.get(path)
        return note.appeared if note is not None else None

    def due_on(self, path: str, day: date) -> date | None:
        """Return the note's committed ``due`` at the end of ``day`` (its first one before it appeared)."""
        note = self.notes.get(path)
        if note is None:
            return None
        due = note.due_changes[0].old if note.due_changes else note.due
        for change in note.due_changes:
            if change.day > day:
                break
            due = change.new
        return due

    def moves(self, path: str, present: date | None) -> DeadlineMoves | None:
        """Return how the due date moved: each committed move, then the present note's if it differs."""
        note = self.notes.get(path)
        if note is None:
            return None
        days = [change.days for change in note.moves if change.days is not None]
        if present is not None and note.due is not None and present != note.due:
            days.append((present - note.due).days)  # moved in the working tree, not committed yet
        return DeadlineMoves(len(days), sum(days)) if days else None


def git_facts(history: History) -> GitFacts:
    """Index a history by note path."""
    notes = {note.path: note for note in history.notes if note.deleted is None}
    done: dict[str, dict[str, date]] = defaultdict(dict)
    seen: dict[str, dict[str, date]] = defaultdict(dict)
    for task in history.tasks:
        seen[task.path][task.text] = task.seen
        if task.checked is not None:
            done[task.path][task.text] = task.checked
    return GitFacts(history, notes, dict(done), dict(seen))


def history_reach(old: History, new: History) -> date | None:
    """Return the first day whose facts differ from ``old`` to ``new`` (None: any day's may).

    Each fact git tells is dated: a task first seen or first checked on a day, a metric's value at
    the end of a day, a deadline changed on a day. A change of such facts reaches the pages from the
    earliest day among them (:data:`date.max` when none changed). What is not dated reaches every
    page: a note entering or leaving the history, renamed, deleted, made another kind, or first seen
    on another day; a last committed ``due`` that changed with no dated change.
    """
    days: set[date] = set()
    old_notes = {note.path: note for note in old.notes}
    new_notes = {note.path: note for note in new.notes}
    if old_notes.keys() != new_notes.keys():
        return None
    for path, before in old_notes.items():
        after = new_notes[path]
        if before == after:
            continue
        if (before.kind, before.appeared, before.deleted) != (after.kind, after.appeared, after.deleted):
            return None
        if before.due != after.due and before.due_changes == after.due_changes:
            return None
        days.update(day for day, _ in set(before.points) ^ set(after.points))
        days.update(change.day for change in set(before.due_changes) ^ set(after.due_changes))
    old_tasks, new_tasks = _unshared(old.tasks, new.tasks), _unshared(new.tasks, old.tasks)
    for key in old_tasks.keys() | new_tasks.keys():
        pairs = zip(_task_days(old_tasks.get(key)), _task_days(new_tasks.get(key)), strict=True)
        days.update(day for pair in pairs if pair[0] != pair[1] for day in pair if day is not None)
    return min(days, default=date.max)


def _task_days(task: TaskHistory | None) -> tuple[date | None, date | None]:
    """Return the days a task was first seen and first checked ((None, None) when git never saw it)."""
    return (task.seen, task.checked) if task is not None else (None, None)


def _unshared(
    tasks: tuple[TaskHistory, ...], other: tuple[TaskHistory, ...]
) -> dict[tuple[str, str], TaskHistory]:
    """Return the ``tasks`` that are not the very objects of ``other``, by (path, text).

    A history brought up to date keeps the objects of the tasks no new commit touched: those can be
    passed over without comparing their facts (at 54,000 tasks, 15 ms instead of 117).
    """
    shared = set(map(id, other))
    return {(task.path, task.text): task for task in tasks if id(task) not in shared}
