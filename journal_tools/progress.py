"""Compute every goal's progress in [0, 1], with the rule and the numbers that gave it."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from journal_tools.model import Goal, GoalMeasurement, Milestone, TaskCount, Vault


@dataclass(frozen=True, slots=True)
class Progress:
    """A progress figure and how it was reached."""

    value: float
    rule: str
    """done, metric, children, tasks or none."""
    explanation: str


@dataclass(frozen=True, slots=True)
class Current:
    """The value of a goal's metric used for its progress, and where it came from."""

    value: float | None
    source: str


def number(value: float) -> str:
    """Format a number the way a person writes it: ``3``, ``2.5``, ``0.33``."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def percent(value: float) -> int:
    """Round a fraction to a whole percent, halves up."""
    return int(value * 100 + 0.5)


def current_value(goal: Goal, measurements: list[GoalMeasurement]) -> Current:
    """Choose the newest measurement when it is newer than the front matter's ``current``."""
    latest = max(measurements, key=lambda m: (m.day, m.path, m.line), default=None)
    if latest is not None and (goal.current is None or goal.updated is None or latest.day > goal.updated):
        return Current(latest.value, f"a measurement on {latest.day} ({latest.path}:{latest.line})")
    if goal.current is not None:
        dated = f" (updated {goal.updated})" if goal.updated else ""
        return Current(goal.current, f"the front matter{dated}")
    return Current(None, "")


class ProgressCalculator:
    """Computes progress for the goals of one vault, each goal once."""

    def __init__(self, vault: Vault, today: date) -> None:
        """Index the vault's goals, milestones, tasks and measurements (up to ``today``)."""
        self.goals = {goal.id: goal for goal in vault.goals}
        self.children: dict[str, list[Goal]] = defaultdict(list)
        for goal in vault.goals:
            if goal.parent is not None:
                self.children[goal.parent].append(goal)
        self.milestones: dict[str, list[Milestone]] = defaultdict(list)
        for milestone in vault.milestones:
            if milestone.goal is not None:
                self.milestones[milestone.goal].append(milestone)
        self.tasks = vault.goal_counts
        """The tasks serving each goal, counted."""
        self.steps = vault.step_counts
        self.measurements: dict[str, list[GoalMeasurement]] = defaultdict(list)
        for measurement in vault.measurements:
            if measurement.day <= today:
                self.measurements[measurement.goal].append(measurement)
        self._done: dict[str, Progress] = {}
        self._current: dict[str, Current] = {}

    def inputs(self, goal: Goal) -> tuple[object, ...]:
        """Return what a goal's own progress and current value are made from (its children's aside)."""
        milestones = tuple(self.milestones[goal.id])
        steps = tuple(self.steps.get(m.id) for m in milestones)
        return (goal, milestones, steps, self.tasks.get(goal.id), tuple(self.measurements[goal.id]))

    def current(self, goal: Goal) -> Current:
        """Return the metric value used for ``goal`` (chosen once: the progress and the report both ask)."""
        if goal.id not in self._current:
            self._current[goal.id] = current_value(goal, self.measurements[goal.id])
        return self._current[goal.id]

    def goal(self, goal_id: str) -> Progress:
        """Return a goal's progress (computed once)."""
        if goal_id not in self._done:
            self._done[goal_id] = self._compute(self.goals[goal_id])
        return self._done[goal_id]

    def milestone(self, milestone: Milestone) -> Progress:
        """Return a milestone's progress: 100% when reached, else its action steps done."""
        if milestone.status == "done":
            return Progress(1.0, "done", "reached")
        share = _task_share(self.steps.get(milestone.id))
        if share is None:
            return Progress(0.0, "none", "not reached; no action steps")
        value, text = share
        return Progress(value, "tasks", f"not reached; action steps {text}")

    def _compute(self, goal: Goal) -> Progress:
        """Apply the rules in order: done, metric, children and milestones, tasks, nothing."""
        if goal.status == "done":
            return Progress(1.0, "done", "status: done")
        metric = self._metric(goal)
        if metric is not None:
            return metric
        goals = [
            (g.title, g.weight, self.goal(g.id)) for g in self.children[goal.id] if g.status != "dropped"
        ]
        steps = [
            (m.title, m.weight, self.milestone(m)) for m in self.milestones[goal.id] if m.status != "dropped"
        ]
        parts = goals + steps
        if parts:
            total = sum(weight for _, weight, _ in parts)
            value = sum(weight * p.value for _, weight, p in parts) / total
            terms = "; ".join(
                f"{title} {percent(p.value)}%" + (f" ×{number(weight)}" if weight != 1 else "")
                for title, weight, p in parts
            )
            kinds = _count_words(len(goals), "child goal", len(steps), "milestone")
            return Progress(value, "children", f"weighted mean of {kinds}: {terms}")
        share = _task_share(self.tasks.get(goal.id))
        if share is not None:
            value, text = share
            return Progress(value, "tasks", f"tasks: {text}")
        return Progress(0.0, "none", "nothing to measure yet: add a metric, milestones or tasks")

    def _metric(self, goal: Goal) -> Progress | None:
        """Progress from the metric, or None when the goal has no usable metric."""
        current = self.current(goal)
        if goal.target is None or current.value is None:
            return None
        baseline = goal.baseline if goal.baseline is not None else 0.0
        if goal.target == baseline:
            return None
        raw = (current.value - baseline) / (goal.target - baseline)
        value = min(1.0, max(0.0, raw))
        unit = f" {goal.unit}" if goal.unit else ""
        what = goal.metric or "metric"
        text = (
            f"{what}: {number(current.value)} → {number(goal.target)}{unit} (from {number(baseline)}): "
            f"({number(current.value)} − {number(baseline)}) ÷ "
            f"({number(goal.target)} − {number(baseline)}) = {percent(raw)}%"
        )
        if raw != value:
            text += f", counted as {percent(value)}%"
        return Progress(value, "metric", f"{text}; current value from {current.source}")


def _task_share(count: TaskCount | None) -> tuple[float, str] | None:
    """Return done / (all − cancelled) and its wording, or None when nothing counts."""
    counted = count.done + count.open if count else 0
    if count is None or not counted:
        return None
    note = f" ({count.cancelled} cancelled not counted)" if count.cancelled else ""
    return count.done / counted, f"{count.done} of {counted} done{note}"


def _count_words(first: int, first_word: str, second: int, second_word: str) -> str:
    """Say ``2 child goals and 1 milestone``, leaving out a zero count."""
    words = [
        f"{count} {word}{'s' if count != 1 else ''}"
        for count, word in ((first, first_word), (second, second_word))
        if count
    ]
    return " and ".join(words)
