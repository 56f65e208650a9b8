"""The dated values of each goal's metric: its measurements, and ``current`` when ``updated`` dates it."""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from datetime import date

from journal_tools.model import Goal, Vault


def metric_progress(goal: Goal, value: float | None) -> float | None:
    """Return the progress a metric value means for a goal, clamped to [0, 1] (None without a metric)."""
    if value is None or goal.target is None:
        return None
    baseline = goal.baseline if goal.baseline is not None else 0.0
    if goal.target == baseline:
        return None
    return min(1.0, max(0.0, (value - baseline) / (goal.target - baseline)))


class MetricHistory:
    """Each goal's metric over time, looked up by date."""

    def __init__(self, vault: Vault) -> None:
        """Gather every dated value of every goal's metric, in date order."""
        self.points: dict[str, list[tuple[date, float]]] = defaultdict(list)
        for m in vault.measurements:
            self.points[m.goal].append((m.day, m.value))
        for goal in vault.goals:
            if goal.updated and goal.current is not None:
                self.points[goal.id].append((goal.updated, goal.current))
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
