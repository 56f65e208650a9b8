"""Burn-up charts for the monthly review: each goal's progress over time against a straight line to its due.

Progress on a past day follows the rules of the present progress, from what was dated by then: the
metric's value that day (measurements, ``updated`` and the values committed to git), the milestones
reached and the tasks done by then. A task counts from the first day it is known to exist (its
created date, its daily note's day, the first commit that has it, its done date); one with none of
these counts only today. Today's point is the present progress. Charts are drawn only for goals
that are in the vault's git history.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import filterfalse

from journal_tools.analysis import Analysis
from journal_tools.charts import XyChart
from journal_tools.history import metric_progress, pace
from journal_tools.joined import SPLICE_LIMIT, changed_at
from journal_tools.model import Goal, Milestone, PlacedTask, Placement
from journal_tools.progress import ProgressCalculator, percent

BURNUP_POINTS = 12
"""The most days a burn-up chart shows, evenly spaced from the line's start to the month's end."""
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class BurnUp:
    """One goal's burn-up chart and what to say under it."""

    chart: XyChart
    title: str
    path: str
    start: str
    start_from: str
    """Where the line's start comes from: ``start`` (the goal's) or ``first commit``."""
    due: str
    pace: str
    """Where the metric is heading at its pace so far ("" without a metric or a pace)."""


Owner = tuple[str, str]
"""("goal", id) or ("milestone", id): whose action steps a task is."""
Dated = tuple[Owner, date, date | None]
"""A counted task: its owner, the day it became known, the day it was done (None: not done)."""


@dataclass(slots=True)
class TimelineMemo:
    """What a watcher keeps between builds: each note's counted tasks, while the note and the history stay.

    ``known`` and ``done`` hold, for each owner, the days its tasks became known and were done, sorted;
    a build takes out the tasks of the notes that changed and puts in their new ones.
    """

    git: object = None
    given: tuple[Placement, ...] = ()
    """The placements of the last update, in the order given."""
    placements: dict[int, tuple[Placement, tuple[Dated, ...]]] = field(default_factory=dict)
    known: dict[Owner, list[date]] = field(default_factory=dict)
    done: dict[Owner, list[date]] = field(default_factory=dict)
    values: dict[tuple[str, date], float] = field(default_factory=dict)
    """The goals' progress on the past days the last build drew, with the day it was built on."""
    today: date | None = None
    charts: dict[str, tuple[tuple[object, ...], XyChart]] = field(default_factory=dict)
    """Each goal's last chart, with what it was drawn from (its title, days and values)."""

    def update(
        self, placements: Iterable[Placement], counted: Callable[[Placement], tuple[Dated, ...]]
    ) -> None:
        """Bring the sorted days up to these placements (``counted`` gives a new one's tasks).

        Placements are told apart by identity: a save changes one placement in tens of thousands, so
        the new placements are compared with the last ones place by place (in C), and only when many
        differ are they all looked up. An id stays unique while its placement is held here.
        """
        placements = tuple(placements)
        moved = changed_at(self.given, placements, SPLICE_LIMIT)
        if moved is not None and self.placements:
            gone = [id(self.given[i]) for i in moved]
            current = {id(placements[i]): placements[i] for i in moved}
        else:  # notes were added, removed, or moved in the order: every placement is looked up
            current = dict(zip(map(id, placements), placements, strict=True))
            gone = list(self.placements.keys() - current.keys())
        self.given = placements
        fresh = not self.placements
        for key in gone:
            for owner, day, done_on in self.placements.pop(key)[1]:
                _take(self.known, owner, day)
                if done_on is not None:
                    _take(self.done, owner, done_on)
        for key in list(filterfalse(self.placements.__contains__, current)):
            placement = current[key]
            entry = self.placements[key] = (placement, counted(placement))
            for owner, day, done_on in entry[1]:
                _put(self.known, owner, day, fresh)
                if done_on is not None:
                    _put(self.done, owner, done_on, fresh)
        if fresh:
            for days in (*self.known.values(), *self.done.values()):
                days.sort()


def _put(lists: dict[Owner, list[date]], owner: Owner, day: date, append: bool) -> None:
    """Add a day to an owner's sorted days (``append``: at the end, to be sorted once all are in)."""
    days = lists.setdefault(owner, [])
    if append:
        days.append(day)
    else:
        bisect.insort(days, day)


def _take(lists: dict[Owner, list[date]], owner: Owner, day: date) -> None:
    """Take one of a day out of an owner's sorted days."""
    days = lists[owner]
    del days[bisect.bisect_left(days, day)]


class ProgressTimeline:
    """Each goal's progress on past days (each day worked out once)."""

    def __init__(
        self, analysis: Analysis, memo: TimelineMemo | None = None, since: date | None = None
    ) -> None:
        """Index the analysis' goals, milestones and tasks (the present progress is taken from it).

        With a ``memo`` (kept by a watcher), only the notes that changed are walked for their tasks,
        and the progress of the days before ``since`` (no fact dated before it changed since the
        last build, the same day) is the last build's.
        """
        self.today = analysis.today
        self.history = analysis.history
        self.git = analysis.git
        self.present = {report.goal.id: report.progress.value for report in analysis.goals}
        self.calc = ProgressCalculator(analysis.vault, analysis.today)
        self.appeared: dict[str, date] = {}
        memo = memo if memo is not None else TimelineMemo()
        if memo.git is not self.git:
            memo.git, memo.given, memo.placements, memo.known, memo.done = self.git, (), {}, {}, {}
            memo.values = {}
        self.kept = memo.values
        self.kept_before = since if since is not None and memo.today == self.today else date.min
        self.done: dict[tuple[str, date], float] = {}
        """The progress of this build's days: what the next one keeps."""
        memo.values, memo.today = self.done, self.today
        memo.update(analysis.vault.by_latest, self._counted)
        self.known, self.done_days = memo.known, memo.done
        """For each goal's and milestone's tasks: the days each became known, and each was done, sorted."""

    def _counted(self, placement: Placement) -> tuple[Dated, ...]:
        """Return the counted tasks of one note (not cancelled; a milestone task is a milestone)."""
        found: list[Dated] = []
        note_day = placement.days[0] if placement.days else None
        for placed in placement.tasks:
            if placed.is_milestone or placed.task.status == "cancelled":
                continue
            day = self._exists(placed, note_day)
            done_on = placed.done_on if placed.task.status == "done" else None
            if placed.goal is not None:
                found.append((("goal", placed.goal), day, done_on))
            if placed.milestone is not None:
                found.append((("milestone", placed.milestone), day, done_on))
        return tuple(found)

    def goal(self, goal: Goal, day: date) -> float:
        """Return a goal's progress at the end of ``day`` (today and later: its present progress)."""
        if day >= self.today:
            return self.present[goal.id]
        key = (goal.id, day)
        if key not in self.done:
            kept = self.kept.get(key) if day < self.kept_before else None
            self.done[key] = kept if kept is not None else self._goal(goal, day)
        return self.done[key]

    def _goal(self, goal: Goal, day: date) -> float:
        """Apply the progress rules to what was dated by ``day``: done, metric, children, tasks."""
        if goal.status == "done" and goal.done_on is not None and goal.done_on <= day:
            return 1.0
        if metric_progress(goal, goal.target) is not None:  # a goal with a target goes by its metric
            return metric_progress(goal, self.history.value_at(goal, day)) or 0.0
        parts = [
            (child.weight, self.goal(child, day))
            for child in self.calc.children[goal.id]
            if child.status != "dropped" and self._started(child) <= day
        ]
        parts += [
            (milestone.weight, self._milestone(milestone, day))
            for milestone in self.calc.milestones[goal.id]
            if milestone.status != "dropped" and self._appeared(milestone) <= day
        ]
        if parts:
            return sum(weight * value for weight, value in parts) / sum(weight for weight, _ in parts)
        return self._share(("goal", goal.id), day)

    def _milestone(self, milestone: Milestone, day: date) -> float:
        """Return a milestone's progress on ``day``: reached, else its action steps done by then."""
        if milestone.status == "done" and milestone.reached is not None and milestone.reached <= day:
            return 1.0
        return self._share(("milestone", milestone.id), day)

    def _share(self, owner: Owner, day: date) -> float:
        """Return the share of the tasks known by ``day`` (not cancelled) that were done by then.

        A task done on a day was known by then (it is known from its done date at the latest), so the
        tasks done by ``day`` are counted among all of them: two bisections of sorted dates.
        """
        known = bisect.bisect_right(self.known.get(owner, ()), day)
        return bisect.bisect_right(self.done_days.get(owner, ()), day) / known if known else 0.0

    def _exists(self, placed: PlacedTask, note_day: date | None) -> date:
        """Return the first day a task is known to exist (``date.max`` when unknown)."""
        task, path = placed.task, placed.path
        days = (task.created, self.git.seen_on(path, task.text), placed.done_on, note_day)
        return min((d for d in days if d is not None), default=date.max)

    def _started(self, goal: Goal) -> date:
        """Return the day a goal started, or first appeared in git (``date.max`` when unknown)."""
        return goal.start or self.git.appeared(goal.id) or date.max

    def _appeared(self, milestone: Milestone) -> date:
        """Return the first day a milestone is known to exist (``date.max`` when unknown; worked out once)."""
        if milestone.id not in self.appeared:
            if milestone.from_task:
                days = (milestone.reached, self.git.seen_on(milestone.path, milestone.title))
            else:
                days = (milestone.reached, self.git.appeared(milestone.path))
            self.appeared[milestone.id] = min((d for d in days if d is not None), default=date.max)
        return self.appeared[milestone.id]


class BurnUps:
    """The burn-up charts of one build's monthly pages (the timeline is made when first needed)."""

    def __init__(
        self, analysis: Analysis, mermaid: bool, memo: TimelineMemo | None = None, since: date | None = None
    ) -> None:
        """Draw nothing without ``mermaid``, or when no goal is in the git history.

        ``since`` is the first day whose facts may have changed since the last build (the same day).
        """
        self.analysis = analysis
        self.wanted = mermaid and bool(analysis.git.notes)
        self.timeline: ProgressTimeline | None = None
        self.memo, self.since = memo, since

    def charts(self, goals: Iterable[Goal], last: date) -> list[BurnUp]:
        """Draw each goal's burn-up up to ``last`` (or today, if sooner), for the goals git knows."""
        if not self.wanted:
            return []
        found = []
        for goal in goals:
            drawn = self._chart(goal, last) if goal.id in self.analysis.git.notes else None
            if drawn is not None:
                found.append(drawn)
        return found

    def _chart(self, goal: Goal, last: date) -> BurnUp | None:
        """Draw one goal's burn-up, when it has a start, a due date after it, and days to show."""
        today, git = self.analysis.today, self.analysis.git
        start = goal.start or git.appeared(goal.id)
        due = goal.due if last >= today else git.due_on(goal.id, last) or goal.due
        end = min(last, today)
        if start is None or due is None or due <= start or end <= start:
            return None
        self.timeline = self.timeline or ProgressTimeline(self.analysis, self.memo, self.since)
        span = (end - start).days
        count = min(BURNUP_POINTS, span + 1)
        days = [start + timedelta(days=round(k * span / (count - 1))) for k in range(count)]
        values = tuple(self.timeline.goal(goal, day) for day in days)
        drawn_from = (goal.title, start, due, end, values)
        charts = self.memo.charts if self.memo is not None else {}
        if goal.id not in charts or charts[goal.id][0] != drawn_from:
            actual = tuple(str(percent(value)) for value in values)
            line = tuple(str(percent(min(1.0, (day - start) / (due - start)))) for day in days)
            labels = tuple(_label(day, end.year) for day in days)
            title = f"{goal.title}: burn-up"
            chart = XyChart(title, "line", labels, (actual, line), "Progress %", "0", "100")
            charts[goal.id] = (drawn_from, chart)
        chart = charts[goal.id][1]
        where = "start" if goal.start else "first commit"
        return BurnUp(chart, goal.title, goal.path, str(start), where, str(due), self._pace(goal, end, due))

    def _pace(self, goal: Goal, end: date, due: date) -> str:
        """Say when a metric goal reaches its target at its pace up to ``end``, against its ``due`` date."""
        found = pace(goal, self.analysis.history.until(goal, end))
        if found is None:
            return ""
        if found.projected is None:
            return f"no progress toward the target since {found.since}"
        late = (found.projected - due).days
        when = f"{late} day{'s' if late != 1 else ''} after" if late > 0 else "by"
        reached = f"the target is reached on {found.projected}, {when} its due date"
        return f"at the pace since {found.since}, {reached}"


def _label(day: date, year: int) -> str:
    """Name a day on the x axis, short enough for 12 to fit: ``Sep 7``, or ``Dec 28 '25`` in another year."""
    label = f"{MONTHS[day.month - 1]} {day.day}"
    return label if day.year == year else f"{label} '{day.year % 100:02d}"
