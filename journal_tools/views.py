"""Turn the analysis into page contexts: every figure computed here, templates only present them."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date
from functools import lru_cache

from journal_tools.analysis import Analysis, GoalReport, MilestoneReport
from journal_tools.escape import bar, spark
from journal_tools.git_facts import DeadlineMoves
from journal_tools.model import Due, PlacedTask, Reflection
from journal_tools.progress import number, percent
from journal_tools.review import WeekSummary, goals_done_by_week
from journal_tools.settings import Settings
from journal_tools.weeks import IsoWeek

SECTION_TITLES = {
    "highlights": "Highlights",
    "tough_spots": "Tough spots",
    "lessons": "Lessons",
    "next_steps": "Next steps",
    "wins": "Wins",
}
RATING_WORDS = {1: "stuck", 2: "struggling", 3: "steady", 4: "good", 5: "thriving"}

_FLAGS = {"overdue": ("overdue",), "done": ("reached",), "dropped": ("dropped",), "paused": ("paused",)}
"""The flags of a milestone on the dashboard, by its status (or "overdue")."""


@dataclass(frozen=True, slots=True)
class Row:
    """One goal, milestone or task on a page, with its figures formatted."""

    title: str
    path: str
    depth: int = 0
    percent: int | None = None
    bar: str = ""
    due: str = ""
    when: str = ""
    """Relative wording of the due date: "in 3 days", "5 days late"."""
    goal: str = ""
    goal_path: str = ""
    detail: str = ""
    line: int = 1
    flags: tuple[str, ...] = ()
    moved: str = ""
    """How a goal's deadline moved: ``deadline moved twice (+30 days)``; "" when it never did."""


@dataclass(frozen=True, slots=True)
class Group:
    """Rows under a heading (a goal, a section)."""

    title: str
    path: str
    rows: tuple[Row, ...]


@dataclass(frozen=True, slots=True)
class Rating:
    """One week's rating."""

    week: str
    rating: int | None
    word: str
    path: str
    spark: str
    """The rating drawn as one sparkline cell (``▆`` for 4), ``·`` when the week has none."""


def relative_day(due: date, today: date) -> str:
    """Say how far a due date is from today."""
    return _days_from_today((due - today).days)


@lru_cache(maxsize=1 << 14)
def _days_from_today(delta: int) -> str:
    """Say how far a day ``delta`` days from today is.

    One string for each distance: a watcher keeps every weekly page's rows (100,000 at 10,000 notes).
    """
    if delta == 0:
        return "today"
    if delta > 0:
        return f"in {delta} day{'s' if delta != 1 else ''}"
    return f"{-delta} day{'s' if delta != -1 else ''} late"


def goal_row(report: GoalReport, today: date) -> Row:
    """Format a goal with its progress, due date and flags."""
    goal = report.goal
    flags = []
    if report.overdue:
        flags.append("overdue")
    if report.stale:
        flags.append("stale")
    if goal.status != "active":
        flags.append(goal.status)
    metric = ""
    if goal.target is not None and report.current.value is not None:
        unit = f" {goal.unit}" if goal.unit else ""
        metric = f"{number(report.current.value)} → {number(goal.target)}{unit}"
    return Row(
        title=goal.title,
        path=goal.path,
        depth=report.depth,
        percent=percent(report.progress.value),
        bar=bar(report.progress.value),
        due=day_text(goal.due),
        when=relative_day(goal.due, today) if goal.due and goal.status == "active" else "",
        detail=metric,
        flags=tuple(flags),
        moved=deadline_moved(report.deadline),
    )


def deadline_moved(moves: DeadlineMoves | None) -> str:
    """Say how often and how far a deadline moved: ``deadline moved twice (+30 days)``."""
    if moves is None:
        return ""
    times = {1: "once", 2: "twice"}.get(moves.count, f"{moves.count} times")
    days = f"{'+' if moves.days > 0 else '−' if moves.days < 0 else '±'}{abs(moves.days)}"
    return f"deadline moved {times} ({days} day{'s' if abs(moves.days) != 1 else ''})"


@lru_cache(maxsize=1 << 14)
def day_text(day: date | None) -> str:
    """Write a day as ``YYYY-MM-DD`` ("" for none), one string for each day."""
    return day.isoformat() if day else ""


def item_row(item: Due, today: date, titles: dict[str, str]) -> Row:
    """Format a due goal, milestone or task."""
    return Row(
        title=item.title,
        path=item.path,
        due=day_text(item.due),
        when=relative_day(item.due, today),
        goal=titles.get(item.goal or "", ""),
        goal_path=item.goal or "",
        detail=item.kind,
        line=item.line,
    )


def task_row(placed: PlacedTask, titles: dict[str, str]) -> Row:
    """Format a done task (saying where an inferred done date comes from)."""
    inferred = " (first commit with it checked)" if placed.done_committed else ""
    inferred = inferred or (" (day of the note)" if placed.done_inferred else "")
    return Row(
        title=placed.task.text,
        path=placed.path,
        due=day_text(placed.done_on),
        detail=_done(placed.done_on, inferred),
        goal=titles.get(placed.goal or "", ""),
        goal_path=placed.goal or "",
        line=placed.task.line,
    )


@lru_cache(maxsize=1 << 14)
def _done(day: date | None, inferred: str) -> str:
    """Say when a task was done, and how that is known (one string for each)."""
    return f"done {day}{inferred}" if day else "done"


def ratings(by_week: Mapping[IsoWeek, Reflection], last: IsoWeek, count: int) -> tuple[Rating, ...]:
    """Return the ratings of the ``count`` weeks that end with ``last``, oldest first."""
    weeks = (last.shift(-back) for back in range(count - 1, -1, -1))
    return tuple(rating_of(week, by_week.get(week)) for week in weeks)


def rating_of(week: IsoWeek, reflection: Reflection | None) -> Rating:
    """Describe a week's rating: the number, its word, the reflection, its sparkline cell."""
    rating = reflection.rating if reflection else None
    path = reflection.path if reflection else ""
    return Rating(str(week), rating, RATING_WORDS.get(rating or 0, ""), path, spark([rating]))


def average(values: list[int]) -> str:
    """Format the mean of ratings, or "" when there are none."""
    return number(sum(values) / len(values)) if values else ""


def done_by_goal(summary: WeekSummary, titles: dict[str, str]) -> tuple[Group, ...]:
    """Group a week's done tasks by goal, goals in title order, tasks without goal last."""
    groups: dict[str, list[Row]] = defaultdict(list)
    for placed in summary.done:
        groups[placed.goal or ""].append(task_row(placed, titles))
    ordered = sorted(groups, key=lambda g: (g == "", titles.get(g, "").casefold(), g))
    return tuple(Group(titles.get(g, "Not linked to a goal"), g, tuple(groups[g])) for g in ordered)


def settings_sections(settings: Settings) -> tuple[tuple[str, str], ...]:
    """Return (section key, heading shown) for the reflection sections, in page order."""
    return tuple((key, SECTION_TITLES[key]) for key in SECTION_TITLES if key in settings.sections)


@dataclass(frozen=True, slots=True)
class GoalRows:
    """What the dashboard shows of one goal: its row, its milestones', and its stale and SMART rows."""

    row: Row
    milestones: tuple[Row, ...]
    stale: Row | None
    smart: Row | None
    explained: Row


def goal_rows(
    report: GoalReport, today: date, cache: dict[str, tuple[GoalReport, date, GoalRows]]
) -> GoalRows:
    """Make the dashboard's rows of one goal, or reuse those made of the very same report and day."""
    hit = cache.get(report.goal.id)
    if hit is not None and hit[0] is report and hit[1] == today:
        return hit[2]
    goal, row = report.goal, goal_row(report, today)
    milestones = tuple(
        Row(
            title=m.milestone.title,
            path="" if m.milestone.from_task else m.milestone.path,
            percent=int(m.progress.value * 100 + 0.5),
            bar=bar(m.progress.value),
            due=day_text(m.milestone.due),
            flags=_milestone_flags(m),
            line=m.milestone.line,
        )
        for m in report.milestones
    )
    last = report.last_activity
    stale = Row(
        title=goal.title,
        path=goal.path,
        due=day_text(last),
        when=f"{(today - last).days} days ago" if last else "never",
    )
    smart = Row(
        title=goal.title,
        path=goal.path,
        detail=" ".join(gap.letter for gap in report.smart_missing),
        flags=tuple(f"{gap.name}: {gap.fix}" for gap in report.smart_missing),
    )
    explained = replace(row, detail=report.progress.explanation)
    made = GoalRows(
        row, milestones, stale if report.stale else None, smart if report.smart_missing else None, explained
    )
    cache[report.goal.id] = (report, today, made)
    return made


def _milestone_flags(report: MilestoneReport) -> tuple[str, ...]:
    """Mark a milestone overdue, reached, dropped or paused."""
    return _FLAGS.get("overdue" if report.overdue else report.milestone.status, ())


def wins(analysis: Analysis, summaries: list[WeekSummary]) -> list[Row]:
    """Collect the wins of some weeks: milestones reached, goals done, Wins items, #win tasks."""
    found: list[Row] = []
    for summary in summaries:
        week = str(summary.week)
        found += [
            Row(m.title, m.path, due=day_text(m.reached), detail="milestone reached")
            for m in summary.milestones_reached
        ]
        found += [
            Row(g.title, g.path, due=day_text(g.done_on), detail="goal done")
            for _, g in goals_done_by_week(analysis.vault).get(summary.week, ())
        ]
        found += [
            Row(p.task.text, p.path, due=day_text(p.done_on), detail="win", line=p.task.line)
            for p in summary.done
            if "win" in p.task.tags
        ]
        if summary.reflection:
            found += [
                Row(
                    item.text, summary.reflection.path, due=week, detail="from the reflection", line=item.line
                )
                for item in summary.reflection.sections.get("wins", ())
            ]
    return found
