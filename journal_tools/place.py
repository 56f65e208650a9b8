"""Place one note's tasks, measurements and goal links under the vault's goals and milestones.

Placing a note depends only on the note and on the vault's topology (which notes exist, their
aliases, the goal and milestone notes, the milestones' goals), so a watcher can keep each note's
placement until the note or the topology changes.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from journal_tools import shared
from journal_tools.joined import Joined
from journal_tools.links import LinkIndex
from journal_tools.model import (
    DatedTask,
    Facts,
    Goal,
    GoalMeasurement,
    Milestone,
    PlacedTask,
    Placement,
    Reflection,
)
from journal_tools.note import Note
from journal_tools.note_table import NoteTable
from journal_tools.problem import Problem


@dataclass(slots=True)
class Topology:
    """The vault's shape that placing a note depends on."""

    index: LinkIndex
    goal_notes: set[str]
    milestone_notes: set[str]
    milestone_goal: dict[str, str | None] = field(default_factory=dict)
    milestone_ids: set[str] = field(default_factory=set)
    """Milestone tasks, as ``path#Lline``."""

    def resolve(self, target: str, source: str, line: int, what: str, problems: list[Problem]) -> str | None:
        """Resolve a checked link; a link to no note or an ambiguous link is a warning."""
        found = self.index.resolve(target, source)
        if found.path is None:
            problems.append(Problem(source, line, "warning", f"{what}: link to no note '[[{target}]]'"))
        elif found.others:
            others = ", ".join(found.others)
            message = f"{what}: '[[{target}]]' is ambiguous; using {found.path} (also: {others})"
            problems.append(Problem(source, line, "warning", message))
        return found.path


@dataclass(slots=True)
class PlacementCache:
    """Placements kept between builds, valid while the topology stays the same."""

    key: object = None
    entries: dict[str, tuple[Note, Placement]] = field(default_factory=dict)
    dates: dict[str, Mapping[str, date]] = field(default_factory=dict)
    """The done dates from git each entry was placed with (none: no entry)."""
    index: LinkIndex | None = None
    names: object = None
    """A new token each time ``index`` is made again: the notes' names and aliases changed."""
    reflections: dict[str, tuple[Note, Reflection]] = field(default_factory=dict)
    """Each reflection note's reflection, kept while the note is the same object."""
    order: list[tuple[int, str]] | None = None
    """(ordinal of the newest date, path) of each placement, sorted; None when to be made again."""
    ordered: list[Placement] = field(default_factory=list)
    """The placements in ``order``."""
    joined: Joined | None = None
    table: NoteTable = field(default_factory=NoteTable)
    """The notes of the last build, in path order and by kind (``index`` was made from them)."""
    checked: Mapping[str, Mapping[str, date]] | None = None
    """The done dates from git the last build was given (the same object: no note's changed)."""
    problems: dict[str, tuple[Problem, ...]] = field(default_factory=dict)
    """The problems of each placement that has some, by note path."""
    goals: dict[str, tuple[Note, str | None, Goal]] = field(default_factory=dict)
    """Each goal with the note and the parent it was made from."""
    milestones: dict[str, tuple[Note, object, tuple[Milestone, ...]]] = field(default_factory=dict)
    """Each note's milestones with the note and the goal or the git dates they were made from."""
    recent: dict[date, Facts] = field(default_factory=dict)
    """The last build's facts by ``since`` (:meth:`Vault.facts`), those no changed note is among."""

    def reorder(self, changes: list[tuple[str, Placement | None, Placement | None]]) -> None:
        """Keep the placements ordered by newest date: move those in ``changes`` (path, old, new).

        Of the last build's facts (:attr:`recent`), those from a day after every changed placement's
        newest are kept: the same placements in the same order.
        """
        if self.order is None:
            pairs = sorted((p.newest, path) for path, (_, p) in self.entries.items())
            self.order = pairs
            self.ordered = [self.entries[path][1] for _, path in pairs]
            self.recent = {}
            return
        newest = max((p.newest for _, old, new in changes for p in (old, new) if p is not None), default=-1)
        # facts from a later day than any changed placement's newest do not hold it: they are the same
        self.recent = {since: facts for since, facts in self.recent.items() if since.toordinal() > newest}
        for path, old, new in changes:
            if old is not None:
                index = bisect.bisect_left(self.order, (old.newest, path))
                del self.order[index], self.ordered[index]
            if new is not None:
                index = bisect.bisect_left(self.order, (new.newest, path))
                self.order.insert(index, (new.newest, path))
                self.ordered.insert(index, new)


NO_DATES: Mapping[str, date] = MappingProxyType({})
"""The done dates from git of a note git knows nothing about."""
NO_CHECKED: Mapping[str, Mapping[str, date]] = MappingProxyType({})
"""The done dates from git of a vault without a history (one object, so builds can tell it is the same)."""


def place_note(note: Note, topology: Topology, checked: Mapping[str, date] = NO_DATES) -> Placement:
    """Place the tasks and measurements of one note; links that lead nowhere are problems.

    ``checked`` gives, by task text, the day git first saw a task checked: the done date of a task
    that is done and has no other (neither its own nor its daily note's day).
    """
    problems: list[Problem] = []
    tasks: list[PlacedTask] = []
    for task in note.tasks:
        goal, milestone = _owner(note, task.links, task.line, task.parent_line, topology, problems)
        undated = task.status == "done" and task.done is None
        committed = checked.get(task.text) if undated and note.day is None else None
        done_on = task.done or (note.day if undated else None) or committed
        fields = (
            task,
            note.path,
            goal,
            milestone,
            done_on,
            undated and (note.day is not None or committed is not None),
            f"{note.path}#L{task.line}" in topology.milestone_ids,
            committed is not None,
        )
        # a due date counts unless the task is cancelled, or done on a day nobody knows
        if task.due is not None and task.status != "cancelled" and (task.status != "done" or done_on):
            tasks.append(DatedTask(*fields, due=task.due))
        else:
            tasks.append(PlacedTask(*fields))
    measurements = []
    for item in note.measurements:
        day = item.day or note.day or (note.week.sunday if note.week else None)
        goal, _ = _owner(note, item.links, item.line, None, topology, problems)
        if day is None:
            problems.append(
                Problem(note.path, item.line, "error", "current:: has no date: write the date on the line")
            )
        elif goal is None:
            problems.append(
                Problem(note.path, item.line, "error", "current:: names no goal: link the goal on the line")
            )
        else:
            measurements.append(GoalMeasurement(goal, day, item.value, note.path, item.line))
    linked: set[str] = set()
    if note.day is not None:
        for link in note.links:
            path = topology.index.resolve(link.target, note.path).path
            if path in topology.goal_notes:
                linked.add(path)
    dated = tuple(placed for placed in tasks if type(placed) is DatedTask)
    days = [d for placed in tasks for d in _days(placed) if d]
    days += [m.day for m in measurements]
    own = (note.day,) if note.day is not None else ()
    latest = max([*days, *own], default=None)
    # daily notes link the same few goals again and again: one tuple of them for all
    found = ((note.day, shared.values(tuple(sorted(linked)))),) if note.day is not None and linked else ()
    return Placement(tuple(tasks), dated, tuple(measurements), found, tuple(problems), latest, own)


def _days(placed: PlacedTask) -> tuple[date | None, ...]:
    """Return every date a placed task carries."""
    task = placed.task
    return (task.created, task.start, task.scheduled, task.due, task.done, task.cancelled, placed.done_on)


def _owner(
    note: Note,
    links: tuple[str, ...],
    line: int,
    parent_line: int | None,
    topology: Topology,
    problems: list[Problem],
) -> tuple[str | None, str | None]:
    """Return the (goal, milestone) a task or measurement in ``note`` serves."""
    if note.kind == "goal":
        milestone = None
        by_line = {t.line: t for t in note.tasks}
        chain = parent_line
        while chain is not None:
            if f"{note.path}#L{chain}" in topology.milestone_ids:
                milestone = f"{note.path}#L{chain}"
            parent = by_line.get(chain)
            chain = parent.parent_line if parent else None
        return note.path, milestone
    if note.kind == "milestone":
        return topology.milestone_goal.get(note.path), note.path
    for target in links:
        path = topology.resolve(target, note.path, line, "link", problems)
        if path in topology.goal_notes:
            return path, None
        if path in topology.milestone_notes:
            return topology.milestone_goal.get(path), path
    return None, None


def place_notes(
    notes: tuple[Note, ...],
    replaced: list[int] | None,
    topology: Topology,
    checked: Mapping[str, Mapping[str, date]],
    cache: PlacementCache,
    key: object,
    again: frozenset[str] = frozenset(),
) -> tuple[list[Placement], list[tuple[str, Placement | None, Placement | None]]]:
    """Place the notes, reusing the placements of the notes that are the same objects with the same dates.

    ``replaced`` says where ``notes`` differ from the last build's (None: anywhere); the placements
    of the others are taken over whole while the topology ``key`` and the git dates stay the same.
    The notes at the paths ``again`` are placed again all the same. Returns the placements and the
    changes (path, old placement, new placement).
    """
    kept = cache.key == key and checked is cache.checked
    if cache.key != key:
        cache.key, cache.entries, cache.dates, cache.order = key, {}, {}, None
    cache.checked = checked
    changes: list[tuple[str, Placement | None, Placement | None]] = []

    def placed(note: Note) -> Placement:
        """Place a note, or take its placement from the cache while the note and its dates are the same."""
        entry = cache.entries.get(note.path)
        dates = checked.get(note.path, NO_DATES)
        placed_with = cache.dates.get(note.path, NO_DATES)
        if (
            entry is None
            or entry[0] is not note
            or note.path in again
            or (placed_with is not dates and placed_with != dates)
        ):
            old = entry[1] if entry else None
            entry = cache.entries[note.path] = (note, place_note(note, topology, dates))
            cache.dates[note.path] = dates
            changes.append((note.path, old, entry[1]))
        return entry[1]

    if kept and replaced is not None and cache.joined is not None:  # the others are placed as they were
        placements = list(cache.joined.placements)
        for at in replaced:
            placements[at] = placed(notes[at])
        for path, _, new in changes:
            cache.problems.pop(path, None)
            if new is not None and new.problems:
                cache.problems[path] = new.problems
    else:
        placements = list(map(placed, notes))
        cache.problems = {
            note.path: p.problems for note, p in zip(notes, placements, strict=True) if p.problems
        }
    return placements, changes
