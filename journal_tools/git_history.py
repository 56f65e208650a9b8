"""How goals, milestones and tasks moved over the vault's git history, commit by commit."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from journal_tools.errors import GitError, NoteError
from journal_tools.git_log import BlobReader, Change, Commit, open_repository
from journal_tools.note import Note, NoteKind
from journal_tools.parse import decode, parse_note
from journal_tools.problem import Problem
from journal_tools.scan import is_note_path
from journal_tools.settings import Settings

_TRACKED_KINDS = ("goal", "milestone")


@dataclass(frozen=True, slots=True)
class DueChange:
    """A day on which a note's ``due`` ended different from the day before."""

    day: date
    old: date | None
    new: date | None

    @property
    def days(self) -> int | None:
        """How many days the deadline moved (negative: earlier); None when it was set or removed."""
        return (self.new - self.old).days if self.new is not None and self.old is not None else None


@dataclass(frozen=True, slots=True)
class NoteHistory:
    """A goal or milestone note over the history, under its latest path (renames followed)."""

    path: str
    kind: NoteKind | None
    """The note's kind at the last commit it was read in (a goal may stop being one)."""
    appeared: date
    """The date of the first commit in which the note was a goal or milestone."""
    points: tuple[tuple[date, float], ...] = ()
    """``current`` at the end of each day it changed on, oldest first; the first point is its first value."""
    due: date | None = None
    """``due`` at the last commit the note was read in."""
    due_changes: tuple[DueChange, ...] = ()
    """Each day ``due`` ended different from the day before (changes on the day it appeared not counted)."""
    deleted: date | None = None
    """When the note was deleted (None while it exists)."""

    @property
    def moves(self) -> tuple[DueChange, ...]:
        """The due changes from one date to another (not those that set or removed ``due``)."""
        return tuple(change for change in self.due_changes if change.days is not None)


@dataclass(frozen=True, slots=True)
class TaskHistory:
    """A task, known by its note's latest path and its text (lines move, texts mostly do not)."""

    path: str
    text: str
    seen: date
    """The date of the first commit in which the task was seen."""
    checked: date | None = None
    """The date of the first commit in which the task was seen checked (``[x]``)."""
    milestone: bool = False
    """Whether it stood, when last read, under the Milestones heading of a goal note (a milestone task)."""


@dataclass(frozen=True, slots=True)
class History:
    """What the vault's git history tells, up to one commit.

    Plain frozen data (str, float, date, tuples): it can be pickled or stored as it is, and given
    back to ``update_history`` to read only the commits after ``head``. It is only valid for the
    same vault folder and the same ``output``, ``exclude`` and ``milestone_heading`` settings.
    """

    head: str | None = None
    """The commit this history covers (None: no repository, no commits, or git failed)."""
    notes: tuple[NoteHistory, ...] = ()
    """Goal and milestone notes, by path."""
    tasks: tuple[TaskHistory, ...] = ()
    """Every task seen in a note, by path then text."""
    problems: tuple[Problem, ...] = ()
    """Why the history could not be read (of this pass only)."""

    def goals(self) -> tuple[NoteHistory, ...]:
        """Return the notes that were goals when last read."""
        return tuple(note for note in self.notes if note.kind == "goal")

    def note(self, path: str) -> NoteHistory | None:
        """Return the history of the goal or milestone note at ``path`` (its latest path)."""
        return next((note for note in self.notes if note.path == path), None)

    def task(self, path: str, text: str) -> TaskHistory | None:
        """Return the history of the task with ``text`` in the note at ``path``."""
        return next((task for task in self.tasks if (task.path, task.text) == (path, text)), None)


def read_history(vault: Path, settings: Settings | None = None) -> History:
    """Read the whole git history of the vault's notes (an empty History outside a repository)."""
    return update_history(vault, History(), settings)


def update_history(vault: Path, previous: History, settings: Settings | None = None) -> History:
    """Bring ``previous`` up to HEAD, reading only the commits after ``previous.head``.

    When ``previous.head`` is not an ancestor of HEAD (history rewritten, or a shallow clone that
    lacks it), the whole history is read again. A git that fails gives an empty History with a
    warning in ``problems``, never an exception.
    """
    settings = settings or Settings()
    try:
        repository = open_repository(vault)
        head = repository.head() if repository is not None else None
        if repository is None or head is None:
            return History()
        if previous.head == head:
            return replace(previous, problems=())
        keep = previous.head is not None and repository.is_ancestor(previous.head, head)
        start = previous if keep else History()
        commits = repository.commits(head, start.head)
        with BlobReader(repository) as reader:
            return _Walk(start, settings, reader).run(commits, head)
    except GitError as exc:
        return History(problems=(Problem(".", 1, "warning", f"git history not read: {exc}"),))


class _Walk:
    """Applies commits, oldest first, to the history so far."""

    def __init__(self, start: History, settings: Settings, reader: BlobReader) -> None:
        self.notes = {note.path: note for note in start.notes}
        self.tasks = {(task.path, task.text): task for task in start.tasks}
        self.settings = settings
        self.heading = settings.milestone_heading.casefold()
        self.reader = reader

    def run(self, commits: list[Commit], head: str) -> History:
        """Apply every commit and return the frozen result."""
        for commit in commits:
            for change in commit.changes:
                self.apply(change, commit.day)
        return History(
            head,
            tuple(self.notes[path] for path in sorted(self.notes)),
            tuple(self.tasks[key] for key in sorted(self.tasks)),
        )

    def apply(self, change: Change, day: date) -> None:
        """Apply one changed path: follow a rename, mark a deletion, read the new content."""
        old = change.old_path
        if old is not None and is_note_path(old, self.settings):
            if is_note_path(change.path, self.settings):
                self.rename(old, change.path)
            else:
                self.delete(old, day)
        if not is_note_path(change.path, self.settings):
            return
        if change.blob is None:
            self.delete(change.path, day)
            return
        note = self.parse(change.path, change.blob)
        if note is not None:
            self.record(note, day)

    def rename(self, old: str, new: str) -> None:
        """Carry the history of ``old`` (the note and its tasks) over to ``new``."""
        if old in self.notes:
            self.notes[new] = replace(self.notes.pop(old), path=new)
        for key in [key for key in self.tasks if key[0] == old]:
            task = replace(self.tasks.pop(key), path=new)
            earlier = self.tasks.get((new, task.text))
            if earlier is not None:
                task = _merged(earlier, task)
            self.tasks[(new, task.text)] = task

    def delete(self, path: str, day: date) -> None:
        """Mark a goal or milestone note deleted (its history is kept)."""
        if path in self.notes and self.notes[path].deleted is None:
            self.notes[path] = replace(self.notes[path], deleted=day)

    def parse(self, path: str, blob: str) -> Note | None:
        """Read and parse a note's content at a commit; None when it is missing or unreadable."""
        data = self.reader.read(blob)
        if data is None:
            return None
        try:
            note = parse_note(path, decode(data))
        except NoteError:
            return None  # a note that could not be read at that commit tells nothing
        return note if note.readable else None

    def record(self, note: Note, day: date) -> None:
        """Record the state of a note at a commit made on ``day``."""
        self.record_tasks(note, day)
        known = self.notes.get(note.path)
        if known is None and note.kind not in _TRACKED_KINDS:
            return
        front = note.front
        if known is None:
            known = NoteHistory(note.path, note.kind, day, due=front.due)
        points = _with_point(known.points, day, front.current) if front.current is not None else known.points
        changes = known.due_changes
        if front.due != known.due and day != known.appeared:
            changes = _with_due_change(changes, day, known.due, front.due)
        self.notes[note.path] = replace(
            known, kind=note.kind, points=points, due=front.due, due_changes=changes, deleted=None
        )

    def record_tasks(self, note: Note, day: date) -> None:
        """Record each task's first sighting and first sighting checked."""
        for task in note.tasks:
            key = (note.path, task.text)
            milestone = (
                note.kind == "goal" and task.section.casefold() == self.heading and task.parent_line is None
            )
            known = self.tasks.get(key) or TaskHistory(note.path, task.text, day)
            checked = known.checked or (day if task.status == "done" else None)
            if (checked, milestone) != (known.checked, known.milestone) or key not in self.tasks:
                self.tasks[key] = replace(known, checked=checked, milestone=milestone)


def _with_point(
    points: tuple[tuple[date, float], ...], day: date, value: float
) -> tuple[tuple[date, float], ...]:
    """Set the value at the end of ``day`` (a day before the last point counts as the last point's day)."""
    if points and points[-1][0] >= day:
        day, points = points[-1][0], points[:-1]
    if points and points[-1][1] == value:
        return points  # back to the value of the day before: no change on this day
    return (*points, (day, value))


def _with_due_change(
    changes: tuple[DueChange, ...], day: date, old: date | None, new: date | None
) -> tuple[DueChange, ...]:
    """Record ``due`` going from ``old`` to ``new`` on ``day``; changes on one day make one change."""
    if changes and changes[-1].day >= day:
        day, old, changes = changes[-1].day, changes[-1].old, changes[:-1]
    return changes if old == new else (*changes, DueChange(day, old, new))


def _merged(first: TaskHistory, second: TaskHistory) -> TaskHistory:
    """Merge two histories of one task (a rename onto a note that had the same task)."""
    checked = [day for day in (first.checked, second.checked) if day is not None]
    return replace(second, seen=min(first.seen, second.seen), checked=min(checked) if checked else None)
