"""Summarise ISO weeks from dated facts: done, milestones reached, slipped, due next."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from operator import attrgetter
from typing import Any, TypeVar

from journal_tools.model import (
    DatedTask,
    Due,
    DueItem,
    Goal,
    Milestone,
    PlacedTask,
    Reflection,
    Vault,
    per_object,
)
from journal_tools.weeks import IsoWeek

T = TypeVar("T")
K = TypeVar("K")


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """What happened in one ISO week, from dated facts only."""

    week: IsoWeek
    current: bool
    """True for the week of today (still going on: what slipped is what was due before today)."""
    active: bool
    """True when dated facts fall in the week (the current week has a page even without)."""
    done: tuple[PlacedTask, ...]
    milestones_reached: tuple[Milestone, ...]
    slipped: tuple[Due, ...]
    """Due in the week (before today) and not done by its Sunday."""
    due_next: tuple[Due, ...]
    """Due in the following week and not done by this week's Sunday."""
    reflection: Reflection | None


def is_open(status: str) -> bool:
    """Tell whether a goal or milestone status still asks for work."""
    return status in ("active", "paused")


def due_items(vault: Vault) -> list[Due]:
    """Return every open goal, milestone and task that has a due date, in due order."""
    items: list[Due] = [
        DueItem("goal", g.title, g.due, g.id, 1, None, open=True)
        for g in vault.goals
        if g.due and g.status == "active"
    ]
    items += [
        DueItem("milestone", m.title, m.due, m.path, m.line, m.goal, open=True)
        for m in vault.milestones
        if m.due and is_open(m.status)
    ]
    items += [item for item in vault.dated_tasks if item.open and item.kind == "task"]
    return sorted(items, key=attrgetter("due", "path", "line"))


def _dated_items(vault: Vault, dated_tasks: tuple[DatedTask, ...]) -> list[Due]:
    """Every milestone and task (of ``dated_tasks``) with a due date, open or not, and its done date."""
    items: list[Due] = [
        DueItem("milestone", m.title, m.due, m.path, m.line, m.goal, m.reached, is_open(m.status))
        for m in vault.milestones
        if m.due and not m.from_task and m.status != "dropped"
    ]
    return items + list(dated_tasks)


def _by_week(pairs: Iterable[tuple[date, T]], order: Callable[[T], Any]) -> dict[IsoWeek, list[T]]:
    """Group values by the ISO week of their date; each week's values sorted by ``order``."""
    groups: dict[int, list[T]] = defaultdict(list)
    for day, value in pairs:
        groups[day.toordinal() - day.weekday()].append(value)  # keyed by the week's Monday
    return {
        IsoWeek.of(date.fromordinal(monday)): sorted(values, key=order) for monday, values in groups.items()
    }


def summarize_weeks(
    vault: Vault,
    today: date,
    kept: tuple[WeekSummary, ...] = (),
    clean_before: IsoWeek | None = None,
    committed: Iterable[date] = (),
) -> tuple[WeekSummary, ...]:
    """Summarise every week with activity up to the current week, and the current week.

    A week has activity when a task was done or a milestone reached in it, a goal was done, a daily
    note or a measurement is dated in it, a goal's ``current`` was ``committed`` to git with a new
    value in it, or it has a reflection. The summaries ``kept`` from an earlier build on the same day
    are reused for the weeks before ``clean_before``, whose facts did not change; only facts dated
    from that week on are grouped again.
    """
    current = IsoWeek.of(today)
    old = [s for s in kept if clean_before is not None and s.week < clean_before]
    start = clean_before.monday if clean_before is not None and old else date.min
    facts = vault.facts(start)
    done = _by_week(
        ((p.done_on, p) for p in facts.tasks if p.done_on and p.done_on >= start and not p.is_milestone),
        attrgetter("done_on", "path", "task.line"),
    )
    reached = _by_week(
        ((m.reached, m) for m in vault.milestones if m.reached and m.reached >= start),
        attrgetter("reached", "path", "line"),
    )
    due = _by_week(
        ((item.due, item) for item in _dated_items(vault, facts.dated_tasks) if item.due >= start),
        attrgetter("due", "path", "line"),
    )
    days: set[date] = set()
    days.update(g.done_on for g in vault.goals if g.done_on and g.status == "done")
    days.update(facts.days)
    days.update(m.day for m in facts.measurements)
    days.update(committed)
    weeks = {IsoWeek.of(day) for day in days if day >= start}
    weeks |= set(done) | set(reached) | {r.week for r in vault.reflections if r.week.monday >= start}
    reflections: dict[IsoWeek, Reflection] = {}
    for reflection in vault.reflections:
        reflections.setdefault(reflection.week, reflection)
    summaries = old
    for week in sorted(w for w in weeks | {current} if w <= current and w.monday >= start):
        sunday = week.sunday
        summaries.append(
            WeekSummary(
                week=week,
                current=week == current,
                active=week in weeks,
                done=tuple(done.get(week, ())),
                milestones_reached=tuple(reached.get(week, ())),
                slipped=tuple(
                    item
                    for item in due.get(week, ())
                    if item.due < today and (item.done_on is None or item.done_on > sunday)
                ),
                due_next=tuple(
                    item
                    for item in due.get(week.shift(1), ())
                    if item.done_on is None or item.done_on > sunday
                ),
                reflection=reflections.get(week),
            )
        )
    return tuple(summaries)


@per_object
def reflections_by_week(weeks: tuple[WeekSummary, ...]) -> Mapping[IsoWeek, Reflection]:
    """Return each summarised week's reflection (the first one, by path, when a week has two)."""
    return {summary.week: summary.reflection for summary in weeks if summary.reflection}


def goals_by_day(
    goals: Iterable[Goal], day_of: Callable[[Goal], date | None], key: Callable[[date], K]
) -> dict[K, list[tuple[date, Goal]]]:
    """Group goals (with the day) by the week or period ``key`` gives one of their days, in order.

    Each goal is placed once, instead of every goal being asked about every week or period.
    """
    found: dict[K, list[tuple[date, Goal]]] = {}
    for goal in goals:
        day = day_of(goal)
        if day is not None:
            found.setdefault(key(day), []).append((day, goal))
    return found


def done_day(goal: Goal) -> date | None:
    """Return the day a done goal was done (None for a goal not done)."""
    return goal.done_on if goal.status == "done" else None


@per_object
def goals_done_by_week(vault: Vault) -> dict[IsoWeek, list[tuple[date, Goal]]]:
    """Return the goals done in each week, with their day, in the vault's order."""
    return goals_by_day(vault.goals, done_day, IsoWeek.of)
