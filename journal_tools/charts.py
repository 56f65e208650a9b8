"""Chart data for the pages: a goal gantt, rating and done-per-week lines, metric lines, streak, heatmap."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from journal_tools.analysis import Analysis, GoalReport
from journal_tools.history import MetricHistory
from journal_tools.model import Goal, Reflection
from journal_tools.progress import number
from journal_tools.weeks import IsoWeek

CHART_WEEKS = 12
"""How many weeks the dashboard's charts, streak and heatmap cover."""
METRIC_POINTS = 12
"""The most measurements a goal's metric chart shows (the newest)."""
WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
HEAT = ("░░", "▒▒", "▓▓", "██")
"""Heatmap cells: no activity, 1 fact, 2-3 facts, 4 or more; a day after today is blank."""


@dataclass(frozen=True, slots=True)
class GanttTask:
    """One bar of a gantt: a goal or a milestone from its start to its due date."""

    name: str
    tags: tuple[str, ...]
    """Mermaid task tags: ``done``, ``crit`` (overdue)."""
    start: str
    end: str


@dataclass(frozen=True, slots=True)
class GanttSection:
    """A goal and its milestones."""

    name: str
    tasks: tuple[GanttTask, ...]


@dataclass(frozen=True, slots=True)
class XyChart:
    """An ``xychart-beta``: categories on x, one or more series of the same kind on y."""

    title: str
    kind: str
    """``line`` or ``bar``."""
    labels: tuple[str, ...]
    series: tuple[tuple[str, ...], ...]
    """Each series' values, formatted, one per label."""
    y_title: str
    y_min: str
    y_max: str


@dataclass(frozen=True, slots=True)
class Streak:
    """Consecutive weeks with a reflection, ending this week (or last week while this one is open)."""

    weeks: int
    first: str
    last: str


def dashboard_charts(
    analysis: Analysis, by_week: Mapping[IsoWeek, Reflection], mermaid: bool, rating_weeks: int
) -> dict[str, Any]:
    """Return the dashboard's chart context; without ``mermaid`` the diagrams are empty.

    The ratings chart covers the ``rating_weeks`` weeks the ratings line and table show.
    """
    weeks = [analysis.week.shift(back) for back in range(-CHART_WEEKS + 1, 1)]
    rated = [analysis.week.shift(back) for back in range(-rating_weeks + 1, 1)]
    return {
        "gantt": tuple(gantt(analysis.goals, analysis.today)) if mermaid else (),
        "rating_chart": rating_chart(rated, by_week) if mermaid else None,
        "done_chart": done_chart(weeks, analysis) if mermaid else None,
        "streak": streak(analysis.week, by_week),
        "heatmap": heatmap(weeks, activity_days(analysis, weeks[0].monday), analysis.today),
        "chart_weeks": CHART_WEEKS,
    }


def gantt(reports: Iterable[GoalReport], today: date) -> list[GanttSection]:
    """Lay out each active goal with a due date, and its milestones, from start to due."""
    sections = []
    for report in reports:
        goal = report.goal
        if goal.status != "active" or goal.due is None:
            continue
        start = goal.start or min(today, goal.due)
        tasks = [_task(goal.title, ("crit",) if report.overdue else (), start, goal.due)]
        previous = start
        dated = [m for m in report.milestones if m.milestone.due and m.milestone.status != "dropped"]
        for m in sorted(dated, key=lambda m: (m.milestone.due, m.milestone.line)):
            due = m.milestone.due
            assert due is not None
            tags = ("done",) if m.milestone.status == "done" else ("crit",) if m.overdue else ()
            tasks.append(_task(m.milestone.title, tags, min(previous, due), due))
            previous = due
        sections.append(GanttSection(_short(goal.title), tuple(tasks)))
    return sections


def _short(title: str, width: int = 30) -> str:
    """Shorten a section name to what fits left of the bars."""
    title = " ".join(title.split())
    return title if len(title) <= width else title[: width - 1].rstrip() + "…"


def _task(name: str, tags: tuple[str, ...], start: date, due: date) -> GanttTask:
    """Make a bar at least one day long."""
    return GanttTask(name, tags, str(min(start, due - timedelta(days=1))), str(due))


def rating_chart(weeks: list[IsoWeek], by_week: Mapping[IsoWeek, Reflection]) -> XyChart | None:
    """Draw the rated weeks' ratings as a line, when at least two weeks are rated."""
    rated = [(w, r.rating) for w in weeks if (r := by_week.get(w)) is not None and r.rating is not None]
    if len(rated) < 2:
        return None
    labels = tuple(f"W{w.week:02d}" for w, _ in rated)
    values = tuple(str(rating) for _, rating in rated)
    return XyChart("Weekly rating (rated weeks)", "line", labels, (values,), "Rating", "1", "5")


def done_chart(weeks: list[IsoWeek], analysis: Analysis) -> XyChart | None:
    """Draw the tasks done in each week as bars, when any was done."""
    done = {summary.week: len(summary.done) for summary in analysis.weeks}
    counts = [done.get(week, 0) for week in weeks]
    if not any(counts):
        return None
    labels = tuple(f"W{w.week:02d}" for w in weeks)
    values = tuple(str(c) for c in counts)
    return XyChart("Tasks done per week", "bar", labels, (values,), "Tasks", "0", str(max(counts)))


def streak(week: IsoWeek, by_week: Mapping[IsoWeek, Reflection]) -> Streak:
    """Count the weeks in a row with a reflection, back from this week (or from last week)."""
    last = week if week in by_week else week.shift(-1)
    mondays = {reflected.monday.toordinal() for reflected in by_week}
    count = 0
    while last.monday.toordinal() - 7 * count in mondays:
        count += 1
    return Streak(count, str(last.shift(-count + 1)) if count else "", str(last) if count else "")


def activity_days(analysis: Analysis, since: date = date.min) -> Counter[date]:
    """Count the dated facts of each day from ``since`` on.

    Tasks done, daily notes, measurements, milestones reached and goals done count; only the notes
    with a fact that recent are walked.
    """
    vault = analysis.vault
    facts = vault.facts(since)
    days: Counter[date] = Counter()
    days.update(p.done_on for p in facts.tasks if p.done_on and p.done_on >= since)
    days.update(day for day in facts.days if day >= since)
    days.update(m.day for m in facts.measurements if m.day >= since)
    days.update(m.reached for m in vault.milestones if m.reached and m.reached >= since)
    days.update(g.done_on for g in vault.goals if g.done_on and g.status == "done" and g.done_on >= since)
    return days


def heatmap(weeks: list[IsoWeek], days: Counter[date], today: date) -> tuple[str, ...]:
    """Draw a grid of days, one row per weekday and one column per week, with a header and a key."""
    lines = ["    " + " ".join(f"{w.week:02d}" for w in weeks)]
    for weekday, name in enumerate(WEEKDAYS):
        cells = []
        for week in weeks:
            day = week.monday + timedelta(days=weekday)
            count = days.get(day, 0)
            level = 0 if not count else 1 if count == 1 else 2 if count <= 3 else 3
            cells.append("  " if day > today else HEAT[level])
        lines.append(f"{name} {' '.join(cells)}".rstrip())
    lines += [
        "",
        f"{HEAT[0]} nothing  {HEAT[1]} 1  {HEAT[2]} 2-3  {HEAT[3]} 4+ dated facts (columns: ISO weeks)",
    ]
    return tuple(lines)


def metric_charts(goals: Iterable[Goal], history: MetricHistory, last: date, mermaid: bool) -> list[XyChart]:
    """Draw each goal's metric up to ``last`` with its target, for goals with 2+ dated values."""
    if not mermaid:
        return []
    charts = []
    for goal in goals:
        if goal.target is None:
            continue
        until = history.until(goal, last)
        if len(until) >= 2 and (chart := _metric_chart(goal, tuple(until))) is not None:
            charts.append(chart)
    return charts


@functools.lru_cache(maxsize=4096)
def _metric_chart(goal: Goal, until: tuple[tuple[date, float], ...]) -> XyChart | None:
    """Draw one goal's metric from its dated values (remembered: most goals' values did not change)."""
    assert goal.target is not None
    points = dict(until)  # the last value of a day wins
    newest = sorted(points.items())[-METRIC_POINTS:]
    if len(newest) < 2:
        return None
    values = [v for _, v in newest]
    low = min([*values, goal.target, goal.baseline if goal.baseline is not None else 0.0])
    high = max([*values, goal.target])
    unit = goal.unit or goal.metric or "value"
    return XyChart(
        goal.title,
        "line",
        tuple(str(day) for day, _ in newest),
        (tuple(number(v) for v in values), tuple(number(goal.target) for _ in newest)),
        unit,
        number(low),
        number(high if high > low else low + 1),
    )
