"""Plan the generated pages: which pages exist and the context each template is given."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from operator import attrgetter
from typing import Any

from journal_tools.analysis import Analysis, GoalReport
from journal_tools.charts import dashboard_charts
from journal_tools.escape import spark
from journal_tools.model import Reflection
from journal_tools.page_paths import DASHBOARD, link_target, weekly_path
from journal_tools.review import WeekSummary, reflections_by_week
from journal_tools.settings import Settings
from journal_tools.skills import skills_context
from journal_tools.views import (
    GoalRows,
    average,
    goal_rows,
    item_row,
    ratings,
    wins,
)
from journal_tools.week_context import Settled, SettledWeeks, WeekInputs, week_inputs
from journal_tools.weekly import WeekIndex
from journal_tools.weeks import IsoWeek

TABLE_ROWS = 50
"""The most rows a dashboard table shows; the rest are counted ("and 12 more")."""
WINS_WEEKS = 4
"""How many weeks back the dashboard's recent wins reach."""


@dataclass(frozen=True, slots=True)
class Page:
    """A page to render: its path inside the output folder, its template and its context.

    A weekly, monthly or quarterly page holds the function that makes its context rather than the
    context itself: the context is made when the page is rendered and let go after, so the pages a
    watcher keeps (thousands in a large vault) cost their inputs alone.
    """

    path: str
    template: str
    context: Mapping[str, Any] | Callable[[], Mapping[str, Any]]

    def values(self) -> Mapping[str, Any]:
        """Return the page's context (made now, when the page holds the function that makes it)."""
        return self.context() if callable(self.context) else self.context


@dataclass(frozen=True, slots=True)
class Planned:
    """Pages to render, each planned as it is taken (so it can be dropped once written), and how many."""

    count: int
    pages: Iterator[Page]
    kept: tuple[str, ...] = ()
    """Pages left out, to be left as the last build wrote them (paths inside the output folder)."""

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Page]:
        return self.pages


@dataclass(slots=True)
class PageCache:
    """Weekly pages kept between builds with the inputs they were planned from."""

    key: object = None
    weekly: dict[IsoWeek, tuple[WeekInputs | Settled, Page]] = field(default_factory=dict)
    order: tuple[list[IsoWeek], list[IsoWeek], list[Page]] = ([], [], [])
    """The last build's weeks, active weeks and weekly pages, in order."""
    goals: dict[str, tuple[GoalReport, date, GoalRows]] = field(default_factory=dict)
    """Each goal's dashboard rows, with the report and the day they were made from."""
    analysis: Analysis | None = None
    """The analysis of the build at hand: a weekly page makes its context from it when rendered."""
    settled: SettledWeeks = field(default_factory=SettledWeeks)
    """The weeks a watcher started with as the last build left them (:class:`Settled`)."""


def plan_pages(
    analysis: Analysis,
    settings: Settings,
    cache: PageCache | None = None,
    clean_before: IsoWeek | None = None,
) -> Planned:
    """Plan the dashboard and one weekly page per week with activity, in a stable order.

    With a ``cache`` (kept by a watcher), a weekly page whose inputs did not change is reused; weeks
    before ``clean_before`` are known to be unchanged and are not reviewed again. Without one, no
    page is kept once taken, and the weeks before ``clean_before`` are not planned, but for those from
    the last active one (their next-week link may change): :attr:`Planned.kept` names their pages.
    Take every page: the cache is brought up to date as they are planned.
    """
    keep = cache is not None
    cache = cache if cache is not None else PageCache()
    key = (tuple(sorted(analysis.goal_titles.items())), settings)
    if cache.key != key:
        cache.key, cache.weekly, cache.order = key, {}, ([], [], [])
    cache.analysis, cache.settled.made = analysis, None
    by_week = reflections_by_week(analysis.weeks)
    dashboard = Page(DASHBOARD, "dashboard.md.j2", _dashboard(analysis, settings, by_week, cache.goals))
    skip = 0 if keep or clean_before is None else unchanged_weeks(analysis.weeks, clean_before)
    weekly = _weekly_pages(analysis, settings, by_week, cache, clean_before, keep=keep, skip=skip)
    kept = tuple(weekly_path(summary.week) for summary in analysis.weeks[:skip])
    return Planned(1 + len(analysis.weeks) - skip, itertools.chain([dashboard], weekly), kept)


def unchanged_weeks(weeks: Sequence[WeekSummary], clean_before: IsoWeek) -> int:
    """Count the weeks before ``clean_before`` that come before the last active one."""
    cut = bisect.bisect_left(weeks, clean_before, key=attrgetter("week"))
    while cut and not weeks[cut - 1].active:
        cut -= 1
    return max(cut - 1, 0)


def _weekly_pages(
    analysis: Analysis,
    settings: Settings,
    by_week: Mapping[IsoWeek, Reflection],
    cache: PageCache,
    clean_before: IsoWeek | None,
    *,
    keep: bool,
    skip: int = 0,
) -> Iterator[Page]:
    """Yield one weekly page per week, oldest first (see :func:`plan_pages`).

    While the weeks and the active ones are those of the last build, the pages of the weeks before
    ``clean_before`` are the last build's, taken at once. Without ``keep``, none is kept.
    """
    weeks = [summary.week for summary in analysis.weeks]
    active = [summary.week for summary in analysis.weeks if summary.active]
    kept = cache.weekly if keep else {}
    made: list[Page] = []
    if keep and clean_before is not None and cache.order[:2] == (weeks, active):
        made = cache.order[2][: bisect.bisect_left(weeks, clean_before)]
        yield from made
    index = WeekIndex(analysis, settings)
    for summary in analysis.weeks[max(len(made), skip) :]:
        week = summary.week
        place = bisect.bisect_left(active, week)
        previous = active[place - 1] if place else None
        following = next((w for w in active[place : place + 2] if w > week), None)
        hit = kept.get(week)
        clean = clean_before is not None and week < clean_before
        if keep and hit is None and clean:  # a watcher's start: the last build's page stands
            cache.settled.add(week)
            settled = Settled(previous, following)
            hit = (settled, Page(weekly_path(week), "weekly.md.j2", settled.maker(cache, settings, week)))
        elif hit is None or not clean or (hit[0].previous, hit[0].following) != (previous, following):
            inputs = week_inputs(analysis, settings, index, by_week, summary, previous, following)
            if hit is None or hit[0] != inputs:
                hit = (inputs, Page(weekly_path(week), "weekly.md.j2", inputs.maker(cache, settings)))
        if keep:
            kept[week] = hit
            made.append(hit[1])
        yield hit[1]
    if keep:
        cache.order = (weeks, active, made)
    for gone in set(kept) - set(weeks):
        del kept[gone]


def _dashboard(
    analysis: Analysis,
    settings: Settings,
    by_week: Mapping[IsoWeek, Reflection],
    goals: dict[str, tuple[GoalReport, date, GoalRows]],
) -> dict[str, Any]:
    """Build the dashboard's context (with the check-ins, skills and feedback of skills.py).

    ``goals`` keeps each goal's rows between builds (:func:`goal_rows`); the goals gone are dropped.
    """
    today = analysis.today
    made = {report.goal.id: goal_rows(report, today, goals) for report in analysis.goals}
    for gone in set(goals) - set(made):
        del goals[gone]
    active = [made[r.goal.id].row for r in analysis.goals if r.goal.status in ("active", "paused")]
    finished = [made[r.goal.id].row for r in analysis.goals if r.goal.status in ("done", "dropped")]
    recent = ratings(by_week, analysis.week, settings.rating_weeks)
    rated = [r.rating for r in recent if r.rating is not None]
    return skills_context(analysis.vault, today, settings) | {
        "today": str(today),
        "week": str(analysis.week),
        "week_page": link_target(settings, weekly_path(analysis.week)),
        "notes": len(analysis.vault.notes),
        "goal_count": len(analysis.goals),
        "task_count": len(analysis.vault.tasks),
        "goals": active,
        "milestones": {goal: rows.milestones for goal, rows in made.items()},
        "finished": finished,
        "overdue": [item_row(i, today, analysis.goal_titles) for i in analysis.overdue[:TABLE_ROWS]],
        "overdue_more": max(0, len(analysis.overdue) - TABLE_ROWS),
        "due_soon": [item_row(i, today, analysis.goal_titles) for i in analysis.due_soon[:TABLE_ROWS]],
        "due_soon_more": max(0, len(analysis.due_soon) - TABLE_ROWS),
        "due_soon_days": settings.due_soon_days,
        "stale": [rows.stale for rows in made.values() if rows.stale],
        "stale_days": settings.stale_days,
        "smart": [rows.smart for rows in made.values() if rows.smart],
        "wins": wins(analysis, [s for s in analysis.weeks if s.week >= analysis.week.shift(-WINS_WEEKS + 1)]),
        "ratings": recent,
        "spark": spark([r.rating for r in recent]),
        "average": average(rated),
        "explained": [rows.explained for rows in made.values()],
        "weeks": [
            (str(s.week), link_target(settings, weekly_path(s.week)))
            for s in reversed(analysis.weeks[-settings.rating_weeks :])
        ],
        "problems": [str(p) for p in analysis.problems],
        **dashboard_charts(analysis, by_week, settings.charts, settings.rating_weeks),
    }
