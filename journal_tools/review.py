"""Summarise ISO weeks from dated facts: done, milestones reached, slipped, due next."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from journal_tools.model import DueItem, Milestone, PlacedTask, Reflection, Vault
from journal_tools.weeks import IsoWeek

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class WeekSummary:
    """What happened in one ISO week, from dated facts only."""

    week: IsoWeek
    done: tuple[PlacedTask, ...]
    milestones_reached: tuple[Milestone, ...]
    slipped: tuple[DueItem, ...]
    """Due in the week (before today) and not done by its Sunday."""
    due_next: tuple[DueItem, ...]
    """Due in the following week and not done by this week's Sunday."""
    reflection: Reflection | None


def is_open(status: str) -> bool:
    """Tell whether a goal or milestone status still asks for work."""
    return status in ("active", "paused")


def due_items(vault: Vault) -> list[DueItem]:
    """Return every open goal, milestone and task that has a due date, in due order."""
    items = [
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
    return sorted(items, key=lambda i: (i.due, i.path, i.line))


def _dated_items(vault: Vault) -> list[DueItem]:
    """Every milestone and task with a due date, open or not, with its done date if known."""
    items = [
        DueItem("milestone", m.title, m.due, m.path, m.line, m.goal, m.reached, is_open(m.status))
        for m in vault.milestones
        if m.due and not m.from_task and m.status != "dropped"
    ]
    items += vault.dated_tasks
    return sorted(items, key=lambda i: (i.due, i.path, i.line))


def _by_week(pairs: Iterable[tuple[date, T]]) -> dict[IsoWeek, list[T]]:
    """Group values by the ISO week of their date, keeping their order."""
    groups: dict[IsoWeek, list[T]] = defaultdict(list)
    for day, value in pairs:
        groups[IsoWeek.of(day)].append(value)
    return groups


def summarize_weeks(vault: Vault, today: date) -> tuple[WeekSummary, ...]:
    """Summarise every week with activity up to the current week, and the current week."""
    current = IsoWeek.of(today)
    done_tasks = sorted(
        ((p.done_on, p) for p in vault.tasks if p.done_on and not p.is_milestone), key=lambda pair: pair[0]
    )
    done = _by_week(done_tasks)
    reached = _by_week(
        (m.reached, m)
        for m in sorted(vault.milestones, key=lambda m: (m.reached or today, m.path, m.line))
        if m.reached
    )
    due = _by_week((item.due, item) for item in _dated_items(vault))
    days: set[date] = {today}
    days.update(p.done_on for p in vault.tasks if p.done_on)
    days.update(g.done_on for g in vault.goals if g.done_on and g.status == "done")
    days.update(n.day for n in vault.notes if n.day)
    days.update(m.day for m in vault.measurements)
    weeks = {IsoWeek.of(day) for day in days} | set(reached) | {r.week for r in vault.reflections}
    reflections: dict[IsoWeek, Reflection] = {}
    for reflection in vault.reflections:
        reflections.setdefault(reflection.week, reflection)
    summaries = []
    for week in sorted(w for w in weeks if w <= current):
        sunday = week.sunday
        summaries.append(
            WeekSummary(
                week=week,
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
