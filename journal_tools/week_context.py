"""What a weekly page is made from, and its context: worked out when planned, or when first rendered."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from operator import attrgetter
from typing import Any, Protocol

from journal_tools.analysis import Analysis
from journal_tools.charts import XyChart, metric_charts
from journal_tools.escape import spark
from journal_tools.model import Reflection
from journal_tools.page_paths import DASHBOARD, link_target, weekly_path
from journal_tools.review import WeekSummary, reflections_by_week
from journal_tools.settings import Settings
from journal_tools.views import (
    RATING_WORDS,
    Rating,
    Row,
    average,
    day_text,
    done_by_goal,
    item_row,
    ratings,
    settings_sections,
    wins,
)
from journal_tools.week_view import review_context
from journal_tools.weekly import WeekIndex, WeekReview
from journal_tools.weeks import IsoWeek


@dataclass(slots=True)
class SettledWeeks:
    """The weeks planned :class:`Settled`, and what their inputs are worked out from if one is rendered.

    That is made once for the build at hand, for all of them: the index of tasks from the window of
    the oldest such week on (reviews of later weeks can use it), and the reflections by week.
    """

    first: IsoWeek | None = None
    """The oldest week planned settled."""
    made: tuple[Analysis, WeekIndex, Mapping[IsoWeek, Reflection]] | None = None
    """Made from the analysis of the build at hand; dropped when a build plans its pages."""

    def add(self, week: IsoWeek) -> None:
        """Count ``week`` among those planned settled."""
        self.first = week if self.first is None or week < self.first else self.first

    def tools(self, analysis: Analysis, settings: Settings) -> tuple[WeekIndex, Mapping[IsoWeek, Reflection]]:
        """Return the index and the reflections by week of ``analysis``, made at the first call."""
        if self.made is None or self.made[0] is not analysis:
            assert self.first is not None  # a settled page was planned
            index = WeekIndex(analysis, settings)
            index.start(self.first)
            self.made = (analysis, index, reflections_by_week(analysis.weeks))
        return self.made[1], self.made[2]


class HoldsAnalysis(Protocol):
    """What a weekly page holds to make its context: the analysis of the build at hand."""

    analysis: Analysis | None
    settled: SettledWeeks


@dataclass(frozen=True, slots=True)
class WeekInputs:
    """What a weekly page is made from besides the analysis: the page is kept while they stay the same."""

    summary: WeekSummary
    review: WeekReview
    recent: tuple[Rating, ...]
    previous: IsoWeek | None
    following: IsoWeek | None
    charts: list[XyChart]

    def maker(self, cache: HoldsAnalysis, settings: Settings) -> Callable[[], dict[str, Any]]:
        """Return the function that makes the page's context from the analysis of the build at hand.

        Any build's analysis makes the same context from the same inputs; reading it from the cache
        rather than holding one build's analysis keeps no old analysis alive.
        """

        def make() -> dict[str, Any]:
            assert cache.analysis is not None  # set by plan_pages before any page is taken
            return weekly_context(cache.analysis, settings, self)

        return make


@dataclass(frozen=True, slots=True)
class Settled:
    """A weekly page a watcher starts with as the last build wrote it, planned without its inputs.

    Working out every week's inputs took a third of a watcher's start; a week no change has reached
    since the last build needs them only if its page is rendered (edited or deleted since), or when
    a later change reaches it: then they are worked out, and the page counts as changed.
    """

    previous: IsoWeek | None
    following: IsoWeek | None

    def maker(self, cache: HoldsAnalysis, settings: Settings, week: IsoWeek) -> Callable[[], dict[str, Any]]:
        """Return the function that works out the week's inputs, then makes the page's context."""

        def make() -> dict[str, Any]:
            analysis = cache.analysis
            assert analysis is not None  # set by plan_pages before any page is taken
            at = bisect.bisect_left(analysis.weeks, week, key=attrgetter("week"))
            index, by_week = cache.settled.tools(analysis, settings)
            summary = analysis.weeks[at]
            inputs = week_inputs(analysis, settings, index, by_week, summary, self.previous, self.following)
            return weekly_context(analysis, settings, inputs)

        return make


def week_inputs(
    analysis: Analysis,
    settings: Settings,
    index: WeekIndex,
    by_week: Mapping[IsoWeek, Reflection],
    summary: WeekSummary,
    previous: IsoWeek | None,
    following: IsoWeek | None,
) -> WeekInputs:
    """Work out what a week's page is made from; ``previous`` and ``following`` are the weeks it links to."""
    week = summary.week
    recent = ratings(by_week, week, settings.rating_weeks)
    review = index.review(summary)
    charts = metric_charts((g.goal for g in review.goals), analysis.history, week.sunday, settings.charts)
    return WeekInputs(summary, review, recent, previous, following, charts)


def weekly_context(analysis: Analysis, settings: Settings, inputs: WeekInputs) -> dict[str, Any]:
    """Build one weekly page's context."""
    summary, recent, previous, following = inputs.summary, inputs.recent, inputs.previous, inputs.following
    week = summary.week
    reflection = summary.reflection
    rated = [r.rating for r in recent if r.rating is not None]
    sections = []
    if reflection:
        for key, title in settings_sections(settings):
            items = [
                Row(
                    item.text,
                    reflection.path,
                    line=item.line,
                    flags=(item.mark,) if item.mark is not None else (),
                )
                for item in reflection.sections.get(key, ())
            ]
            sections.append((title, items))
        if not any(items for _, items in sections):
            sections = []
    return {
        "week": str(week),
        "monday": str(week.monday),
        "sunday": str(week.sunday),
        "current": summary.current,
        "previous": link_target(settings, weekly_path(previous)) if previous else "",
        "previous_week": str(previous or ""),
        "next": link_target(settings, weekly_path(following)) if following else "",
        "next_week": str(following or ""),
        "following_week": str(week.shift(1)),
        "dashboard": link_target(settings, DASHBOARD),
        "reflection": reflection.path if reflection else "",
        "rating": reflection.rating if reflection and reflection.rating else None,
        "rating_word": RATING_WORDS.get(reflection.rating or 0, "") if reflection else "",
        "ratings": recent,
        "spark": spark([r.rating for r in recent]),
        "average": average(rated),
        "sections": sections,
        "done": done_by_goal(summary, analysis.goal_titles),
        "done_count": len(summary.done),
        "milestones": [
            Row(
                m.title,
                m.path,
                due=day_text(m.reached),
                goal=analysis.goal_titles.get(m.goal or "", ""),
                goal_path=m.goal or "",
                line=m.line,
            )
            for m in summary.milestones_reached
        ],
        "wins": wins(analysis, [summary]),
        "slipped": [
            item_row(i, week.sunday + timedelta(days=1), analysis.goal_titles) for i in summary.slipped
        ],
        "due_next": [
            item_row(i, week.sunday + timedelta(days=1), analysis.goal_titles) for i in summary.due_next
        ],
        **review_context(inputs.review, analysis.goal_titles),
        "metric_charts": inputs.charts,
    }
