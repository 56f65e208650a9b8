"""The coaching part of a weekly review: goal movement, carried-forward steps, priorities, risks, partners.

Everything is judged as of the week's Sunday from dated facts (measurements, done dates, due and
scheduled dates, reflections), so a past week's review never changes with ``today``.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import compress

from journal_tools.analysis import Analysis
from journal_tools.history import metric_progress, pace
from journal_tools.model import Goal, PlacedTask
from journal_tools.note import PRIORITY_RANK, SectionItem
from journal_tools.review import WeekSummary, reflections_by_week
from journal_tools.settings import Settings
from journal_tools.weeks import IsoWeek

PRIORITY_WINDOW = timedelta(weeks=4)
"""How far back an overdue task still competes for next week's top three."""


@dataclass(frozen=True, slots=True)
class GoalWeek:
    """How one goal moved in the week."""

    goal: Goal
    before: float | None
    """The metric at the end of the previous week (None when unknown)."""
    after: float | None
    """The metric at the end of this week."""
    progress_before: float | None
    progress_after: float | None
    measurements: int
    """Measurements taken this week."""
    done: int
    """Tasks of the goal done this week."""
    reached: int
    """Milestones of the goal reached this week."""

    @property
    def moved(self) -> bool:
        """Tell whether anything happened on the goal this week."""
        return bool(self.measurements or self.done or self.reached) or self.before != self.after


@dataclass(frozen=True, slots=True)
class Risk:
    """A goal whose pace so far will not reach its target by its due date."""

    goal: Goal
    projected: date | None
    """When the target would be reached at the pace so far (None: no progress yet)."""
    reason: str


@dataclass(frozen=True, slots=True)
class PartnerUpdate:
    """What to tell one accountability partner about the week."""

    partner: str
    goals: tuple[GoalWeek, ...]
    done: tuple[PlacedTask, ...]
    next: tuple[PlacedTask, ...]
    help: tuple[SectionItem, ...]


@dataclass(frozen=True, slots=True)
class WeekReview:
    """The coaching sections of one weekly review."""

    goals: tuple[GoalWeek, ...]
    carried: tuple[SectionItem, ...]
    """Unchecked Next steps of the previous week's reflection."""
    carried_from: str
    priorities: tuple[PlacedTask, ...]
    """The top three open tasks for next week."""
    scheduled: tuple[PlacedTask, ...]
    """Open tasks scheduled in the next week."""
    stale: tuple[tuple[Goal, date | None], ...]
    at_risk: tuple[Risk, ...]
    partners: tuple[PartnerUpdate, ...]
    expected_reflection: str
    """Where this week's reflection would go, when there is none."""


class WeekIndex:
    """Indexes of one analysis that every week's review looks things up in."""

    def __init__(self, analysis: Analysis, settings: Settings) -> None:
        """Index measurements and activity by goal; dated tasks are indexed at the first review."""
        self.analysis = analysis
        self.settings = settings
        self.history = analysis.history
        self.activity = analysis.activity
        self.by_week: dict[int, list[PlacedTask]] | None = None
        self.first_week: IsoWeek | None = None
        self.goals = {goal.id: goal for goal in analysis.vault.goals}
        self.goal_list = list(self.goals.values())
        self.by_priority = sorted(range(len(self.goal_list)), key=lambda i: _rank(self.goal_list[i]))
        """The goals' places in ``goal_list``, most urgent first: sorted once, not for every week."""
        self.spans = [_play_span(goal) for goal in self.goal_list]
        """The first and last day (ordinals) of each goal's weeks in play, compared for every week."""
        self.reflections = reflections_by_week(analysis.weeks)
        latest = max(analysis.vault.reflections, key=lambda r: (r.week, r.path), default=None)
        self.reflection_folder = latest.path.rpartition("/")[0] if latest else ""

    def _index_tasks(self, first_week: IsoWeek) -> dict[int, list[PlacedTask]]:
        """Index tasks by the Monday of their due and scheduled dates, from ``first_week``'s window on.

        Weeks are reviewed in order, so the first week reviewed needs the oldest tasks.
        """
        if self.by_week is None:
            self.by_week = defaultdict(list)
            first = first_week.monday - PRIORITY_WINDOW - timedelta(weeks=1)
            for placed in self.analysis.vault.facts(first).tasks:
                due, scheduled = placed.task.due, placed.task.scheduled
                if due and due >= first:
                    self.by_week[_monday(due)].append(placed)
                if scheduled and scheduled >= first and (not due or _monday(scheduled) != _monday(due)):
                    self.by_week[_monday(scheduled)].append(placed)
            self.first_week = first_week
        assert self.first_week is not None
        assert first_week >= self.first_week, "weeks are reviewed in order"
        return self.by_week

    def start(self, first_week: IsoWeek) -> None:
        """Get ready to review weeks from ``first_week`` on, in any order."""
        self._index_tasks(first_week)

    def review(self, summary: WeekSummary) -> WeekReview:
        """Review one week as of its Sunday (weeks in ascending order, or from :meth:`start`'s on)."""
        week = summary.week
        sunday = week.sunday
        monday, last = week.monday.toordinal(), sunday.toordinal()
        playing = [start <= last and end >= monday for start, end in self.spans]
        in_play = list(compress(self.goal_list, playing))
        done_by_goal: dict[str, int] = defaultdict(int)
        for placed in summary.done:
            done_by_goal[placed.goal or ""] += 1
        reached_by_goal: dict[str, int] = defaultdict(int)
        for milestone in summary.milestones_reached:
            reached_by_goal[milestone.goal or ""] += 1
        moves = tuple(
            self._goal_week(goal, week, done_by_goal[goal.id], reached_by_goal[goal.id])
            for goal in (self.goal_list[i] for i in self.by_priority if playing[i])
        )
        previous = self.reflections.get(week.shift(-1))
        carried = (
            tuple(i for i in previous.sections.get("next_steps", ()) if i.mark in (" ", "/"))
            if previous
            else ()
        )
        candidates = self._open_tasks(week)
        following = week.shift(1)
        current = self.reflections.get(week)
        help_items = current.sections.get("tough_spots", ()) if current else ()
        return WeekReview(
            goals=moves,
            carried=carried,
            carried_from=previous.path if previous else "",
            priorities=tuple(candidates[:3]),
            scheduled=tuple(p for p in candidates if p.task.scheduled in following),
            stale=self._stale(in_play, sunday),
            at_risk=tuple(r for r in (self._risk(g, sunday) for g in in_play) if r is not None),
            partners=self._partners(moves, summary, candidates, help_items),
            expected_reflection="/".join(p for p in (self.reflection_folder, f"{week}.md") if p),
        )

    def _goal_week(self, goal: Goal, week: IsoWeek, done: int, reached: int) -> GoalWeek:
        """Say how a goal moved between the previous Sunday and this one."""
        before = self.history.value_at(goal, week.monday - timedelta(days=1))
        after = self.history.value_at(goal, week.sunday)
        taken = self.history.count(goal, week.monday, week.sunday)
        progress = (metric_progress(goal, before), metric_progress(goal, after))
        return GoalWeek(goal, before, after, *progress, taken, done, reached)

    def _open_tasks(self, week: IsoWeek) -> list[PlacedTask]:
        """Open tasks due or scheduled from four weeks back to the end of next week, most urgent first."""
        sunday = week.sunday
        last = week.shift(1).sunday
        first = week.monday - PRIORITY_WINDOW
        found: dict[tuple[str, int], PlacedTask] = {}
        by_week = self._index_tasks(week)
        monday = first.toordinal() - first.weekday()
        while monday <= last.toordinal():
            for placed in by_week.get(monday, ()):
                when = placed.task.due or placed.task.scheduled
                if when and first <= when <= last and _open_on(placed, sunday) and not placed.is_milestone:
                    found[(placed.path, placed.task.line)] = placed
            monday += 7

        def urgency(placed: PlacedTask) -> tuple[int, date, int, str, int]:
            goal = self.goals.get(placed.goal or "")
            return (
                PRIORITY_RANK[placed.task.priority],
                placed.task.due or placed.task.scheduled or date.max,
                PRIORITY_RANK[goal.priority] if goal else len(PRIORITY_RANK),
                placed.path,
                placed.task.line,
            )

        return sorted(found.values(), key=urgency)

    def _stale(self, goals: list[Goal], sunday: date) -> tuple[tuple[Goal, date | None], ...]:
        """Return the goals with no dated activity in the stale period before ``sunday``."""
        stale = []
        for goal in goals:
            days = self.activity.get(goal.id, [])
            index = bisect.bisect_right(days, sunday)
            last = days[index - 1] if index else None
            if goal.status == "active" and (last is None or (sunday - last).days > self.settings.stale_days):
                stale.append((goal, last))
        return tuple(stale)

    def _risk(self, goal: Goal, sunday: date) -> Risk | None:
        """Project when a metric goal reaches its target at its pace so far; a risk when after due."""
        if goal.target is None or goal.due is None or goal.status != "active":
            return None
        found = pace(goal, self.history.until(goal, sunday))
        if found is None:
            return None
        if found.projected is None:
            return Risk(goal, None, f"no progress toward the target since {found.since}")
        if found.projected <= goal.due:
            return None
        reason = f"at the pace since {found.since}, the target is reached on {found.projected}"
        return Risk(goal, found.projected, reason)

    def _partners(
        self,
        moves: tuple[GoalWeek, ...],
        summary: WeekSummary,
        candidates: list[PlacedTask],
        help_items: tuple[SectionItem, ...],
    ) -> tuple[PartnerUpdate, ...]:
        """Make one update per accountability partner named by the goals in play."""
        partners = sorted({m.goal.partner for m in moves if m.goal.partner}, key=str.casefold)
        updates = []
        for partner in partners:
            goals = tuple(m for m in moves if m.goal.partner == partner)
            ids = {m.goal.id for m in goals}
            updates.append(
                PartnerUpdate(
                    partner,
                    goals,
                    tuple(p for p in summary.done if p.goal in ids),
                    tuple(p for p in candidates if p.goal in ids)[:3],
                    help_items,
                )
            )
        return tuple(updates)


def _monday(day: date) -> int:
    """Return the ordinal of the Monday of a day's week."""
    return day.toordinal() - day.weekday()


def _rank(goal: Goal) -> tuple[int, str, str]:
    """Sort key of the goals in a week's review: priority, then title, then path."""
    return (PRIORITY_RANK[goal.priority], goal.title.casefold(), goal.id)


def _play_span(goal: Goal) -> tuple[int, int]:
    """Return the days (ordinals) a goal is pursued from and until, as weeks are judged.

    A goal is in play in a week that ends on or after its start (any week without one), while it is
    active, or until the week it was done; never when dropped or paused.
    """
    start = goal.start.toordinal() if goal.start else 0
    if goal.status == "active":
        return start, date.max.toordinal()
    if goal.status == "done" and goal.done_on is not None:
        return start, goal.done_on.toordinal()
    return start, -1


def _open_on(placed: PlacedTask, day: date) -> bool:
    """Tell whether a task was still open at the end of ``day`` (done later counts as open then)."""
    if placed.task.status == "cancelled":
        return False
    if placed.done_on is not None:
        return placed.done_on > day
    return placed.task.open
