"""Turn a week's review into page rows: goal movement, priorities, risks and partner updates."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from journal_tools.escape import bar
from journal_tools.history import metric_progress
from journal_tools.model import Goal, PlacedTask
from journal_tools.progress import number, percent
from journal_tools.views import Row, day_text
from journal_tools.weekly import GoalWeek, PartnerUpdate, WeekReview


@dataclass(frozen=True, slots=True)
class GoalMove:
    """One goal's line in "Progress this week"."""

    title: str
    path: str
    metric: str
    """``3 → 4 exams``, or "" without a metric."""
    progress: str
    """``60% → 80% (+20)``, or "" without a metric."""
    done: int
    reached: int
    moved: bool
    source: str
    """Where the figures come from: ``2 measurements this week``."""
    bar: str = ""
    """A progress bar of the progress at the end of the span ("" without a metric)."""


@dataclass(frozen=True, slots=True)
class PartnerBlock:
    """A plain-text update for one accountability partner, ready to paste."""

    partner: str
    lines: tuple[str, ...]


def metric_value(goal: Goal, value: float | None) -> str:
    """Format a metric value with its unit."""
    if value is None:
        return "?"
    unit = f" {goal.unit}" if goal.unit else ""
    return f"{number(value)}{unit}"


def describe_move(
    goal: Goal,
    values: tuple[float | None, float | None],
    measurements: int,
    counts: tuple[int, int],
    moved: bool,
    span: str,
) -> GoalMove:
    """Describe how a goal moved over a span ("week", "month"): metric and progress before → after."""
    before, after = values
    metric = progress = ""
    if goal.target is not None and (before is not None or after is not None):
        metric = f"{metric_value(goal, before)} → {metric_value(goal, after)}"
    closing, opening = metric_progress(goal, after), metric_progress(goal, before)
    if closing is not None:
        end = percent(closing)
        start = percent(opening) if opening is not None else None
        change = f" ({end - start:+d})" if start is not None else ""
        progress = f"{'?' if start is None else start}% → {end}%{change}"
    source = (
        f"{measurements} measurement{'s' if measurements != 1 else ''} this {span}" if measurements else ""
    )
    drawn = bar(closing) if closing is not None else ""
    return GoalMove(goal.title, goal.path, metric, progress, counts[0], counts[1], moved, source, drawn)


def goal_move(goal_week: GoalWeek) -> GoalMove:
    """Describe how a goal moved in the week."""
    values = (goal_week.before, goal_week.after)
    counts = (goal_week.done, goal_week.reached)
    return describe_move(goal_week.goal, values, goal_week.measurements, counts, goal_week.moved, "week")


def task_row(placed: PlacedTask, titles: dict[str, str]) -> Row:
    """Format an open task for "next week" lists."""
    task = placed.task
    when = f"due {task.due}" if task.due else f"scheduled {task.scheduled}" if task.scheduled else ""
    return Row(
        title=task.text,
        path=placed.path,
        due=when,
        goal=titles.get(placed.goal or "", ""),
        goal_path=placed.goal or "",
        detail=task.priority,
        line=task.line,
    )


def _plain(text: str) -> str:
    """Keep note text on one line and unable to close the code fence it is pasted from."""
    return " ".join(text.split()).replace("```", "'''")


def partner_block(update: PartnerUpdate) -> PartnerBlock:
    """Write the update for one partner: focus, done, next, where help is needed."""
    lines = [f"Update for {_plain(update.partner)}", "", "Focus:"]
    for move in update.goals:
        progress = f" ({percent(move.progress_after)}%)" if move.progress_after is not None else ""
        lines.append(f"- {_plain(move.goal.title)}{progress}")
    lines += ["", "Done this week:"]
    lines += [f"- {_plain(p.task.text)}" for p in update.done] or ["- nothing marked done yet"]
    lines += ["", "Next:"]
    lines += [f"- {_plain(p.task.text)}" for p in update.next] or ["- nothing due or scheduled yet"]
    lines += ["", "Where I could use help:"]
    lines += [f"- {_plain(item.text)}" for item in update.help] or ["- nothing this week"]
    return PartnerBlock(update.partner, tuple(lines))


def review_context(review: WeekReview, titles: dict[str, str]) -> dict[str, Any]:
    """Return the weekly page's coaching entries."""
    moves = [goal_move(g) for g in review.goals]
    return {
        "moves": moves,
        "moved_count": sum(1 for m in moves if m.moved),
        "carried": [Row(item.text, review.carried_from, line=item.line) for item in review.carried],
        "carried_from": review.carried_from,
        "priorities": [task_row(p, titles) for p in review.priorities],
        "scheduled": [task_row(p, titles) for p in review.scheduled],
        "stale": [Row(g.title, g.path, due=day_text(last)) for g, last in review.stale],
        "at_risk": [
            Row(r.goal.title, r.goal.path, due=day_text(r.projected), detail=r.reason) for r in review.at_risk
        ],
        "partners": [partner_block(update) for update in review.partners],
        "expected_reflection": review.expected_reflection,
    }
