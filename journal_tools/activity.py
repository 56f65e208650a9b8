"""Each goal's dated activity: the days its tasks, milestones and measurements (its subgoals' too) moved."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from itertools import chain

from journal_tools.model import Facts, Vault, per_object


def activity_dates(
    vault: Vault,
    kept: dict[str, list[date]] | None = None,
    since: date | None = None,
    committed: Iterable[tuple[str, date]] = (),
) -> dict[str, list[date]]:
    """Return each goal's dated activity, its descendants' included, sorted and without repeats.

    With the activity ``kept`` from an earlier build whose goal tree was the same, the days before
    ``since`` are taken from it and only the facts from ``since`` on are gathered again. The days a
    goal's ``current`` was ``committed`` with a new value count as its activity too.
    """
    first = since if kept is not None and since is not None else date.min
    days: dict[str, list[date]] = defaultdict(list)
    for goal in vault.goals:
        days[goal.id].extend(d for d in (goal.start, goal.updated, goal.done_on) if d and d >= first)
    for milestone in vault.milestones:
        if milestone.goal and milestone.reached and milestone.reached >= first:
            days[milestone.goal].append(milestone.reached)
    for goal_id, day in committed:
        if day >= first:
            days[goal_id].append(day)
    parents = {goal.id: goal.parent for goal in vault.goals}
    result: dict[str, set[date]] = defaultdict(set)
    for goal_id, found in chain(days.items(), fact_days(vault.facts(first)).items()):
        node: str | None = goal_id
        seen: set[str] = set()
        while node is not None and node not in seen:
            seen.add(node)
            result[node].update(found)
            node = parents.get(node)
    before = kept or {}
    return {
        goal: before.get(goal, [])[: bisect.bisect_left(before.get(goal, []), first)] + sorted(found)
        for goal, found in result.items()
    }


@per_object
def fact_days(facts: Facts) -> dict[str, list[date]]:
    """Return the days of each goal's own tasks, measurements and daily notes among the facts.

    Those from the facts' first day on, unsorted. Remembered for the same facts: a watcher's builds
    keep them while no note among them changes.
    """
    first = facts.since
    days: dict[str, list[date]] = defaultdict(list)
    for placed in facts.tasks:
        if placed.goal:
            created, done = placed.task.created, placed.done_on
            if created and created >= first:
                days[placed.goal].append(created)
            if done and done >= first:
                days[placed.goal].append(done)
    for measurement in facts.measurements:
        if measurement.day >= first:
            days[measurement.goal].append(measurement.day)
    for day, goals in facts.activity:
        if day >= first:
            for goal_id in goals:
                days[goal_id].append(day)
    return days


def last_on(days: list[date], day: date) -> date | None:
    """Return the latest of sorted ``days`` on or before ``day``."""
    index = bisect.bisect_right(days, day)
    return days[index - 1] if index else None
