"""Summarise calendar months and quarters from dated facts: goal progress, wins, lessons, ratings."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from operator import attrgetter, itemgetter
from typing import Any, TypeAlias, TypeVar

from journal_tools.analysis import Analysis, SmartGap
from journal_tools.history import metric_progress
from journal_tools.model import Facts, Goal, Milestone, PlacedTask, Reflection, per_object
from journal_tools.review import done_day, goals_by_day, reflections_by_week
from journal_tools.tough_spots import ToughSpot, recurring
from journal_tools.weeks import IsoWeek, Period

T = TypeVar("T")
_DAY = itemgetter(0)
_DONE_ON = attrgetter("done_on")


@dataclass(frozen=True, slots=True)
class GoalPeriod:
    """How one goal moved over a period, from the end of the period before to the end of this one."""

    goal: Goal
    opening: float | None
    """The metric at the end of the period before (None when unknown, or without a target)."""
    closing: float | None
    measurements: int
    done: tuple[PlacedTask, ...]
    reached: tuple[Milestone, ...]
    gaps: tuple[SmartGap, ...]

    @property
    def moved(self) -> bool:
        """Tell whether anything happened on the goal in the period."""
        return bool(self.measurements or self.done or self.reached) or self.opening != self.closing

    def progress(self, value: float | None) -> float | None:
        """Return the metric progress of a value of the goal, clamped to [0, 1] (None without a metric)."""
        return metric_progress(self.goal, value)


@dataclass(frozen=True, slots=True)
class Entry:
    """A line of a note to show: a win (milestone, goal done, ``#win`` task) or a reflection's item."""

    title: str
    path: str
    line: int
    kind: str
    """``milestone reached``, ``goal done``, ``win``, or the reflection section's key (``lessons``)."""
    day: date
    """Its date; a reflection's item is dated by its week's Sunday."""
    week: IsoWeek | None = None


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """One calendar month or quarter, from dated facts only (``today`` says only which is current)."""

    period: Period
    current: bool
    weeks: tuple[IsoWeek, ...]
    """The weeks that belong to the period and have a weekly page."""
    goals: tuple[GoalPeriod, ...]
    """The goals in play, in the analysis' order."""
    done: int
    """Tasks done in the period, for any goal or none."""
    wins: tuple[Entry, ...]
    lessons: tuple[Entry, ...]
    ratings: tuple[tuple[IsoWeek, Reflection | None], ...]
    """Each week of the period up to the current week, with its reflection."""
    previous_ratings: tuple[int, ...]
    """The ratings given in the period before."""
    started: tuple[Goal, ...]
    finished: tuple[Goal, ...]
    dropped: tuple[Goal, ...]
    """Dropped goals whose last dated activity is in the period (the current one when none is)."""
    tough_spots: tuple[ToughSpot, ...]
    active: tuple[GoalPeriod, ...]
    """The active goals in play: whys to revisit, goals to reassess."""


MonthSummary: TypeAlias = PeriodSummary
QuarterSummary: TypeAlias = PeriodSummary


class PeriodFacts:
    """The dated facts of one analysis, indexed by goal and by week.

    Only the periods from ``first`` on can be summarised: done tasks dated before it are left out.
    """

    def __init__(self, analysis: Analysis, first: date = date.min) -> None:
        self.analysis = analysis
        self.history = analysis.history
        self.done, self.won = done_steps(analysis.vault.facts(first))
        """The done action steps by day (tasks, not pairs: 230,000 at 50,000 notes), and the #win ones."""
        self.reached = [(m.reached, m) for m in analysis.vault.milestones if m.reached]
        self.reached.sort(key=lambda pair: (pair[0], pair[1].path, pair[1].line))
        self.reflections = reflections_by_week(analysis.weeks)
        self.pages = {s.week for s in analysis.weeks}
        self.gaps = {report.goal.id: report.smart_missing for report in analysis.goals}
        self._groups: dict[Period, tuple[dict[str, list[PlacedTask]], dict[str, list[Milestone]]]] = {}
        self._done_goals: dict[int, dict[Period, list[tuple[date, Goal]]]] = {}

    def grouped(self, period: Period) -> tuple[dict[str, list[PlacedTask]], dict[str, list[Milestone]]]:
        """Return the period's done tasks and reached milestones by goal (computed once a period)."""
        if period not in self._groups:
            done: dict[str, list[PlacedTask]] = defaultdict(list)
            reached: dict[str, list[Milestone]] = defaultdict(list)
            for placed in _within(self.done, period, _DONE_ON):
                done[placed.goal or ""].append(placed)
            for _, milestone in _within(self.reached, period, _DAY):
                reached[milestone.goal or ""].append(milestone)
            self._groups[period] = (done, reached)
        return self._groups[period]

    def change(self, goal: Goal, period: Period) -> GoalPeriod:
        """Say how a goal moved between the end of the previous period and the end of this one."""
        opening = self.history.value_at(goal, period.first - timedelta(days=1))
        if opening is None and goal.target is not None and goal.start in period:
            opening = goal.baseline or 0.0
        closing = self.history.value_at(goal, period.last)
        taken = self.history.count(goal, period.first, period.last)
        return GoalPeriod(
            goal,
            opening,
            closing,
            taken,
            tuple(self.grouped(period)[0].get(goal.id, ())),
            tuple(self.grouped(period)[1].get(goal.id, ())),
            self.gaps.get(goal.id, ()) if period.last >= self.analysis.today else (),
        )

    def weeks(self, period: Period) -> tuple[IsoWeek, ...]:
        """Return the weeks whose Thursday falls in the period (the ISO rule), up to the current week."""
        thursday = period.first + timedelta(days=(3 - period.first.weekday()) % 7)
        found = (
            IsoWeek.of(thursday + timedelta(weeks=n)) for n in range((period.last - thursday).days // 7 + 1)
        )
        return tuple(w for w in found if w <= self.analysis.week)

    def noted(self, period: Period, section: str) -> tuple[Entry, ...]:
        """Return the items of one section of the period's reflections, in week order."""
        found = [self.reflections[w] for w in self.weeks(period) if w in self.reflections]
        return tuple(
            Entry(i.text, r.path, i.line, section, r.week.sunday, r.week)
            for r in found
            for i in r.sections.get(section, ())
        )

    def in_play(self, period: Period) -> tuple[GoalPeriod, ...]:
        """Return every goal pursued in the period, or that moved in it, in the analysis' order."""
        last = period.last
        goals = [r.goal for r in self.analysis.goals if not (r.goal.start and r.goal.start > last)]
        changes = [self.change(goal, period) for goal in goals]
        return tuple(c for c in changes if c.moved or _pursued(c.goal, period))

    def wins(self, period: Period) -> tuple[Entry, ...]:
        """Return the milestones reached, goals done, ``#win`` tasks and Wins items of the period."""
        wins = [
            Entry(m.title, m.path, m.line, "milestone reached", d)
            for d, m in _within(self.reached, period, _DAY)
        ]
        wins += [Entry(g.title, g.path, 1, "goal done", day) for day, g in self._done_in(period)]
        won = _within(self.won, period, _DAY)
        wins += [Entry(p.task.text, p.path, p.task.line, "win", d) for d, p in won]
        return tuple(sorted([*wins, *self.noted(period, "wins")], key=lambda w: w.day))

    def _done_in(self, period: Period) -> list[tuple[date, Goal]]:
        """Return the goals done in a period with their day, in the vault's order (placed once each)."""
        if period.size not in self._done_goals:
            self._done_goals[period.size] = goals_by_day(
                self.analysis.vault.goals, done_day, lambda day: Period.containing(day, period.size)
            )
        return self._done_goals[period.size].get(period, [])


@per_object
def done_steps(facts: Facts) -> tuple[list[PlacedTask], list[tuple[date, PlacedTask]]]:
    """Return the done action steps among the facts and (day, task) of those tagged ``#win``.

    The steps dated from the facts' first day on, by (day, path, line). Remembered for the same facts:
    a watcher's builds keep them while no note among them changes.
    """
    first = facts.since
    done = sorted(
        (p for p in facts.tasks if p.done_on and p.done_on >= first and not p.is_milestone),
        key=lambda p: (p.done_on, p.path, p.task.line),
    )
    return done, [(p.done_on, p) for p in done if p.done_on and "win" in p.task.tags]


def _within(items: list[T], period: Period, day: Callable[[T], Any]) -> list[T]:
    """Return the items dated in the period, from items sorted by their ``day``."""
    return items[
        bisect.bisect_left(items, period.first, key=day) : bisect.bisect_right(items, period.last, key=day)
    ]


def _pursued(goal: Goal, period: Period) -> bool:
    """Tell whether a goal was pursued in a period: active, or done during or after it."""
    return goal.status == "active" or (goal.status == "done" and (goal.done_on or date.min) >= period.first)


def summarize_months(analysis: Analysis) -> tuple[MonthSummary, ...]:
    """Summarise every month with activity up to the current month, and the current month."""
    return tuple(summarize_periods(analysis, 1, period_list(analysis, 1)))


def summarize_quarters(analysis: Analysis) -> tuple[QuarterSummary, ...]:
    """Summarise every quarter (Q1 = January to March) with activity up to the current one, and it."""
    return tuple(summarize_periods(analysis, 3, period_list(analysis, 3)))


def _dropped_in(goal: Goal, current: Period, size: int) -> Period:
    """Return the period listing a dropped goal: that of its ``done`` or ``updated``, else the current."""
    day = goal.done_on or goal.updated
    return min(Period.containing(day, size), current) if day else current


def period_list(analysis: Analysis, size: int) -> list[Period]:
    """Return the periods with a week or a dated fact in them, up to and with the current one, in order."""
    return period_lists(analysis)[0 if size == 1 else 1]


def period_lists(
    analysis: Analysis, kept: tuple[list[Period], ...] = (), since: date | None = None
) -> tuple[list[Period], ...]:
    """Return :func:`period_list` for months and quarters, gathering the dated facts once.

    With the lists ``kept`` from an earlier build of the same day, the periods that end before the
    quarter of ``since`` are taken from them: only the facts from that quarter on are gathered again.
    """
    vault = analysis.vault
    first = Period.containing(since, 3).first if since is not None and kept else date.min
    facts = vault.facts(first)
    days = {p.done_on for p in facts.tasks if p.done_on and p.done_on >= first and not p.is_milestone}
    days.update(m.day for m in facts.measurements if m.day >= first)
    days.update(day for _, day in analysis.git.point_days(g.id for g in vault.goals) if day >= first)
    days.update(m.reached for m in vault.milestones if m.reached and m.reached >= first)
    weeks = analysis.weeks[bisect.bisect_left(analysis.weeks, IsoWeek.of(first), key=attrgetter("week")) :]
    days.update(s.week.monday + timedelta(days=3) for s in weeks)  # the week's Thursday
    days.update(g.done_on for g in vault.goals if g.done_on)
    dated_notes = (*vault.of_kind("feedback"), *vault.of_kind("assessment"))
    days.update(n.front.note_date for n in dated_notes if n.front.note_date)
    months = {(day.year, day.month) for day in days if day}
    found = []
    for index, size in enumerate((1, 3)):
        current = Period.containing(analysis.today, size)
        periods = {Period(year, (month - 1) // size * size + 1, size) for year, month in months} | {current}
        periods |= {_dropped_in(g, current, size) for g in vault.goals if g.status == "dropped"}
        periods |= {p for p in (kept[index] if first > date.min else ()) if p.last < first}
        found.append(sorted(p for p in periods if p <= current))
    return tuple(found)


def summarize_periods(
    analysis: Analysis, size: int, periods: list[Period], facts: PeriodFacts | None = None
) -> Iterator[PeriodSummary]:
    """Summarise the given periods (of ``size`` months) from the analysis' dated facts, one by one.

    Each summary is made when it is taken, so a build that drops a page once written never holds
    them all. ``facts`` may be shared between calls on the same analysis (months, then quarters).
    """
    if not periods:
        return
    facts = facts or PeriodFacts(analysis)
    current = Period.containing(analysis.today, size)
    goals = [report.goal for report in analysis.goals]
    started = goals_by_day(goals, attrgetter("start"), lambda day: Period.containing(day, size))
    finished = goals_by_day(goals, done_day, lambda day: Period.containing(day, size))
    dropped: dict[Period, list[Goal]] = defaultdict(list)
    for goal in goals:
        if goal.status == "dropped":
            dropped[_dropped_in(goal, current, size)].append(goal)
    for period in periods:
        changes = facts.in_play(period)
        before = [facts.reflections.get(w) for w in facts.weeks(period.shift(-1))]
        spots = facts.noted(period, "tough_spots")
        yield PeriodSummary(
            period=period,
            current=period == current,
            weeks=tuple(w for w in facts.weeks(period) if w in facts.pages),
            goals=changes,
            done=len(_within(facts.done, period, _DONE_ON)),
            wins=facts.wins(period),
            lessons=facts.noted(period, "lessons"),
            ratings=tuple((w, facts.reflections.get(w)) for w in facts.weeks(period)),
            previous_ratings=tuple(r.rating for r in before if r is not None and r.rating is not None),
            started=tuple(goal for _, goal in started.get(period, ())),
            finished=tuple(goal for _, goal in finished.get(period, ())),
            dropped=tuple(dropped.get(period, ())),
            tough_spots=recurring((e.title, e.week or IsoWeek.of(e.day)) for e in spots),
            active=tuple(c for c in changes if c.goal.status == "active"),
        )
