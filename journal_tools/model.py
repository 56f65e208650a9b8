"""Plain data for the vault model: goals, milestones, placed tasks, measurements, reflections."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import chain
from operator import attrgetter
from typing import Literal, Protocol, TypeVar

from journal_tools.note import Note, NoteKind, Priority, SectionItem, Task
from journal_tools.problem import Problem
from journal_tools.weeks import IsoWeek

ItemKind = Literal["goal", "milestone", "task"]
T = TypeVar("T")
A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class Goal:
    """A career goal note."""

    id: str
    """The note's path; stable within one build."""
    title: str
    horizon: str
    kind: str
    status: str
    start: date | None
    due: date | None
    metric: str | None
    target: float | None
    current: float | None
    baseline: float | None
    unit: str | None
    updated: date | None
    done_on: date | None
    """When the goal was done (front matter ``done``)."""
    parent: str | None
    """The parent goal's id, after link resolution (None at the top)."""
    why: str | None
    priority: Priority
    partner: str | None
    tags: tuple[str, ...]
    weight: float
    skills: tuple[str, ...]
    """The assessed skills a skill goal names in ``skills:`` (matched case-insensitively)."""

    @property
    def path(self) -> str:
        """The goal note's path."""
        return self.id


@dataclass(frozen=True, slots=True)
class Milestone:
    """A milestone: a milestone note, or a task under the Milestones heading of a goal note."""

    id: str
    """The note's path, or ``path#Lline`` for a milestone task."""
    title: str
    path: str
    line: int
    goal: str | None
    due: date | None
    status: str
    """active, done, paused or dropped."""
    reached: date | None
    """When it was reached, if known."""
    weight: float
    from_task: bool


@dataclass(frozen=True, slots=True)
class PlacedTask:
    """A task with where it stands and which goal and milestone it serves."""

    task: Task
    path: str
    goal: str | None
    milestone: str | None
    done_on: date | None
    """Its done date: written with the task, or the day of the daily note it stands in."""
    done_inferred: bool
    """True when ``done_on`` is not written with the task: the daily note's day, or from git."""
    is_milestone: bool
    """True for a milestone task (counted as a milestone, not as an action step)."""
    done_committed: bool = False
    """True when ``done_on`` is the day of the first commit in which the task was checked."""


@dataclass(frozen=True, slots=True)
class DatedTask(PlacedTask):
    """A placed task whose due date counts (not cancelled, nor done on an unknown day).

    It is its own due item (:class:`Due`): a vault holds one object for such a task, not two
    (166,000 of them in a vault of 50,000 notes).
    """

    due: date = field(kw_only=True)
    """The task's due date."""

    @property
    def kind(self) -> ItemKind:
        """A milestone task counts as a milestone."""
        return "milestone" if self.is_milestone else "task"

    @property
    def title(self) -> str:
        """The task's text."""
        return self.task.text

    @property
    def line(self) -> int:
        """The task's line."""
        return self.task.line

    @property
    def open(self) -> bool:
        """True while the task is to do or in progress."""
        return self.task.open


class Due(Protocol):
    """What the pages ask of a goal, milestone or task with a due date.

    A :class:`DueItem` (a goal or milestone) or a :class:`DatedTask`.
    """

    @property
    def kind(self) -> ItemKind: ...
    @property
    def title(self) -> str: ...
    @property
    def due(self) -> date: ...
    @property
    def path(self) -> str: ...
    @property
    def line(self) -> int: ...
    @property
    def goal(self) -> str | None: ...
    @property
    def done_on(self) -> date | None: ...
    @property
    def open(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class DueItem:
    """A goal or milestone with a due date."""

    kind: ItemKind
    title: str
    due: date
    path: str
    line: int
    goal: str | None
    """The id (path) of the goal it serves."""
    done_on: date | None = None
    """When it was done, if it was (and the date is known)."""
    open: bool = False
    """True while it still asks for work (a task to do or in progress, an active milestone or goal)."""


@dataclass(frozen=True, slots=True)
class GoalMeasurement:
    """A dated value of a goal's metric."""

    goal: str
    day: date
    value: float
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Reflection:
    """A weekly reflection: its week, rating and sections by their configured names."""

    week: IsoWeek
    rating: int | None
    path: str
    sections: Mapping[str, tuple[SectionItem, ...]]


@dataclass(frozen=True, slots=True)
class Placement:
    """What one note contributes to the model."""

    tasks: tuple[PlacedTask, ...]
    dated_tasks: tuple[DatedTask, ...]
    """The note's tasks with a due date, not cancelled nor done on an unknown day."""
    measurements: tuple[GoalMeasurement, ...]
    activity: tuple[tuple[date, tuple[str, ...]], ...]
    """(day, goal ids) when a dated note links goals: at most one entry (a tuple, as the other facts)."""
    problems: tuple[Problem, ...]
    latest: date | None = None
    """The newest date of any of these facts (None when none is dated)."""
    days: tuple[date, ...] = ()
    """The note's own day (a daily note's date), if it has one."""

    @property
    def newest(self) -> int:
        """The ordinal of ``latest``; 0 when no fact is dated."""
        return self.latest.toordinal() if self.latest else 0


@dataclass(frozen=True, slots=True)
class TaskCount:
    """How many of the action steps toward one goal or milestone are done, open or cancelled."""

    done: int = 0
    open: int = 0
    cancelled: int = 0


@dataclass(frozen=True, slots=True)
class Facts:
    """Dated facts gathered from notes, in note order."""

    tasks: tuple[PlacedTask, ...]
    dated_tasks: tuple[DatedTask, ...]
    measurements: tuple[GoalMeasurement, ...]
    activity: tuple[tuple[date, tuple[str, ...]], ...]
    days: tuple[date, ...] = ()
    """The days of the notes that have one (daily notes), in note order."""
    since: date = field(default=date.min, kw_only=True)
    """The facts are those of the notes with a fact from this day on (:meth:`Vault.facts`)."""


FACT_FIELDS = ("tasks", "dated_tasks", "measurements", "activity", "days")
"""What the facts take from each placement, in the order of :class:`Facts`' fields."""
_PARTS = tuple(map(attrgetter, FACT_FIELDS))


def gather_facts(placements: Sequence[Placement], since: date = date.min) -> Facts:
    """Join the facts of placements, in their order (those of the notes with a fact from ``since`` on)."""
    return Facts(*(tuple(chain.from_iterable(map(part, placements))) for part in _PARTS), since=since)


@dataclass(frozen=True, slots=True)
class Vault:
    """Everything the pages are made from, gathered from all notes."""

    notes: tuple[Note, ...]
    goals: tuple[Goal, ...]
    milestones: tuple[Milestone, ...]
    tasks: tuple[PlacedTask, ...]
    measurements: tuple[GoalMeasurement, ...]
    reflections: tuple[Reflection, ...]
    activity: tuple[tuple[date, tuple[str, ...]], ...]
    """(day, goal ids) for each daily note that links goals, in note order."""
    problems: tuple[Problem, ...]
    dated_tasks: tuple[DatedTask, ...] = ()
    """Every task with a due date that is not cancelled (nor done on an unknown day), in note order."""
    by_latest: tuple[Placement, ...] = ()
    """Each note's placement, ordered by its newest fact's date."""
    goal_counts: Mapping[str, TaskCount] = field(default_factory=dict)
    """The tasks serving each goal (milestone tasks not counted), by goal id."""
    step_counts: Mapping[str, TaskCount] = field(default_factory=dict)
    """The action steps of each milestone, by milestone id."""
    days: tuple[date, ...] = ()
    """The days of the notes that have one (daily notes), in note order."""
    kinds: Mapping[str, tuple[Note, ...]] = field(default_factory=dict)
    """The notes of each kind (``type``), in path order; notes of no kind are not listed."""
    recent: dict[date, Facts] = field(default_factory=dict, compare=False, repr=False)
    """The facts :meth:`facts` gathered, by ``since`` (several stages of a build ask for the same; a
    watcher's next build starts with those no changed note is among)."""

    def of_kind(self, kind: NoteKind) -> tuple[Note, ...]:
        """Return the notes of one kind, in path order."""
        return self.kinds.get(kind, ())

    def facts(self, since: date = date.min) -> Facts:
        """Return the facts of the notes with a fact dated from ``since`` on (every fact by default).

        It is a superset of the facts dated from ``since`` on: callers still compare dates.
        """
        if since == date.min:
            return Facts(self.tasks, self.dated_tasks, self.measurements, self.activity, self.days)
        if since not in self.recent:
            start = bisect.bisect_left(
                self.by_latest, since.toordinal(), key=lambda placement: placement.newest
            )
            self.recent[since] = gather_facts(self.by_latest[start:], since)
        return self.recent[since]


def per_object(function: Callable[[A], T]) -> Callable[[A], T]:
    """Remember a function's answer for the last object it was asked about (that very object).

    For the steps several pages ask for within one build (about its vault, its weeks); a new build
    makes new objects.
    """
    last: list[tuple[A, T]] = []

    @functools.wraps(function)
    def remembered(argument: A) -> T:
        if not last or last[0][0] is not argument:
            last[:] = [(argument, function(argument))]
        return last[0][1]

    return remembered
