"""Summarise ISO weeks from dated facts: done, milestones reached, slipped, due next."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from journal_tools.model import Milestone, PlacedTask, Reflection, Vault
from journal_tools.weeks import IsoWeek

ItemKind = Literal["goal", "milestone", "task"]


@dataclass(frozen=True, slots=True)
class DueItem:
    """A goal, milestone or task with a due date."""

    kind: ItemKind
    title: str
    due: date
    path: str
    line: int
    goal: str | None
    """The title of the goal it serves."""
    done_on: date | None = None
    """When it was done, if it was (and the date is known)."""


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


def due_items(vault: Vault, titles: dict[str, str]) -> list[DueItem]:
    """Return every open goal, milestone and task that has a due date, in due order."""
    items = [
        DueItem("goal", g.title, g.due, g.id, 1, None) for g in vault.goals if g.due and g.status == "active"
    ]
    items += [
        DueItem("milestone", m.title, m.due, m.path, m.line, titles.get(m.goal or ""))
        for m in vault.milestones
        if m.due and is_open(m.status)
    ]
    items += [
        DueItem("task", p.task.text, p.task.due, p.path, p.task.line, titles.get(p.goal or ""))
        for p in vault.tasks
        if p.task.due and p.task.status in ("todo", "in_progress") and not p.is_milestone
    ]
    return sorted(items, key=lambda i: (i.due, i.path, i.line))


def _dated_items(vault: Vault, titles: dict[str, str]) -> list[DueItem]:
    """Every milestone and task with a due date, open or not, with its done date if known."""
    items = [
        DueItem("milestone", m.title, m.due, m.path, m.line, titles.get(m.goal or ""), m.reached)
        for m in vault.milestones
        if m.due and not m.from_task and m.status != "dropped"
    ]
    items += [
        DueItem(
            "milestone" if p.is_milestone else "task",
            p.task.text,
            p.task.due,
            p.path,
            p.task.line,
            titles.get(p.goal or ""),
            p.done_on,
        )
        for p in vault.tasks
        if p.task.due and p.task.status != "cancelled" and not (p.task.status == "done" and p.done_on is None)
    ]
    return sorted(items, key=lambda i: (i.due, i.path, i.line))


def summarize_weeks(vault: Vault, today: date, titles: dict[str, str]) -> tuple[WeekSummary, ...]:
    """Summarise every week with activity up to the current week, and the current week."""
    current = IsoWeek.of(today)
    days: set[date] = {today}
    days.update(p.done_on for p in vault.tasks if p.done_on)
    days.update(m.reached for m in vault.milestones if m.reached)
    days.update(g.done_on for g in vault.goals if g.done_on and g.status == "done")
    days.update(n.day for n in vault.notes if n.day)
    days.update(m.day for m in vault.measurements)
    weeks = {IsoWeek.of(day) for day in days} | {r.week for r in vault.reflections}
    reflections: dict[IsoWeek, Reflection] = {}
    for reflection in vault.reflections:
        reflections.setdefault(reflection.week, reflection)
    dated = _dated_items(vault, titles)
    summaries = []
    for week in sorted(w for w in weeks if w <= current):
        following = week.shift(1)
        summaries.append(
            WeekSummary(
                week=week,
                done=tuple(
                    sorted(
                        (p for p in vault.tasks if p.done_on in week and not p.is_milestone),
                        key=lambda p: (p.done_on or today, p.path, p.task.line),
                    )
                ),
                milestones_reached=tuple(
                    sorted(
                        (m for m in vault.milestones if m.reached in week),
                        key=lambda m: (m.reached or today, m.path, m.line),
                    )
                ),
                slipped=tuple(
                    item
                    for item in dated
                    if item.due in week
                    and item.due < today
                    and (item.done_on is None or item.done_on > week.sunday)
                ),
                due_next=tuple(
                    item
                    for item in dated
                    if item.due in following and (item.done_on is None or item.done_on > week.sunday)
                ),
                reflection=reflections.get(week),
            )
        )
    return tuple(summaries)
