"""The dated values of each goal's metric: its measurements, ``current`` when ``updated`` dates it, and git's.

Values committed to git fill in the days the notes leave undated: a measurement or an ``updated``
date on the same day wins over them.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from journal_tools.model import Goal, Vault


def metric_progress(goal: Goal, value: float | None) -> float | None:
    """Return the progress a metric value means for a goal, clamped to [0, 1] (None without a metric)."""
    if value is None or goal.target is None:
        return None
    baseline = goal.baseline if goal.baseline is not None else 0.0
    if goal.target == baseline:
        return None
    return min(1.0, max(0.0, (value - baseline) / (goal.target - baseline)))


@dataclass(frozen=True, slots=True)
class Pace:
    """Where a goal's metric is heading at the pace it has moved so far."""

    since: date
    """The day the pace is measured from: the goal's start at its baseline, or its first value."""
    projected: date | None
    """The day the target is reached at that pace (None: no progress toward it)."""


Committed = Callable[[str], Sequence[tuple[date, float]]]
"""A goal's committed ``current`` values by day, from git (by the goal's path)."""


class MetricHistory:
    """Each goal's metric over time, looked up by date."""

    def __init__(self, vault: Vault, committed: Committed | None = None) -> None:
        """Gather every dated value of every goal's metric (and its ``committed`` ones), in date order."""
        self.points: dict[str, list[tuple[date, float]]] = defaultdict(list)
        for m in vault.measurements:
            self.points[m.goal].append((m.day, m.value))
        for goal in vault.goals:
            if goal.updated and goal.current is not None:
                self.points[goal.id].append((goal.updated, goal.current))
        for goal in vault.goals:
            if committed is not None and (extra := committed(goal.id)):
                noted = {day for day, _ in self.points.get(goal.id, ())}
                self.points[goal.id] += [(day, value) for day, value in extra if day not in noted]
        for points in self.points.values():
            points.sort()

    def value_at(self, goal: Goal, day: date) -> float | None:
        """Return the metric on ``day``: the newest value on or before it, else the baseline once started."""
        points = self.points.get(goal.id, [])
        index = bisect.bisect_right(points, (day, math.inf))
        if index:
            return points[index - 1][1]
        if goal.start and goal.start <= day and goal.target is not None:
            return goal.baseline if goal.baseline is not None else 0.0
        return None

    def count(self, goal: Goal, first: date, last: date) -> int:
        """Return how many values were recorded from ``first`` to ``last``, both included."""
        points = self.points.get(goal.id, [])
        return bisect.bisect_right(points, (last, math.inf)) - bisect.bisect_left(points, (first,))

    def until(self, goal: Goal, day: date) -> list[tuple[date, float]]:
        """Return the values recorded on or before ``day``."""
        points = self.points.get(goal.id, [])
        return points[: bisect.bisect_right(points, (day, math.inf))]


def pace(goal: Goal, points: Sequence[tuple[date, float]]) -> Pace | None:
    """Project when a metric goal reaches its target at its pace over ``points`` (dated values).

    The pace runs from the goal's start at its baseline (or from its first value) to its last
    value. None when the target is reached, unknown, or the values span no time.
    """
    if goal.target is None:
        return None
    baseline = goal.baseline if goal.baseline is not None else 0.0
    origin = (goal.start, baseline) if goal.start and (not points or goal.start < points[0][0]) else None
    if origin is None and len(points) >= 2:
        origin = points[0]
    if origin is None or not points:
        return None
    (first_day, first_value), (last_day, value) = origin, points[-1]
    direction = 1.0 if goal.target >= baseline else -1.0
    remaining = (goal.target - value) * direction
    if remaining <= 0 or last_day <= first_day:
        return None
    rate = (value - first_value) * direction / (last_day - first_day).days
    if rate <= 0:
        return Pace(first_day, None)
    return Pace(first_day, last_day + timedelta(days=math.ceil(remaining / rate)))
