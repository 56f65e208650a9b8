"""Make a monthly or quarterly page's context: progress, lessons, feedback, ratings, reassessment."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from journal_tools.analysis import Analysis
from journal_tools.burnup import BurnUps
from journal_tools.charts import metric_charts
from journal_tools.escape import spark
from journal_tools.page_paths import DASHBOARD, label, link_target, monthly_path, quarterly_path, weekly_path
from journal_tools.periods import Entry, GoalPeriod, PeriodSummary
from journal_tools.progress import number, percent
from journal_tools.settings import Settings
from journal_tools.skills import Feedback
from journal_tools.views import Group, Row, average, rating_of
from journal_tools.week_view import GoalMove, describe_move, metric_value
from journal_tools.weeks import Period

WIN_KINDS = {"wins": "from the reflection"}
"""How a win's kind is shown, when not as it is."""


@dataclass(frozen=True, slots=True)
class AtHand:
    """What a period page's context is made from besides its summary and neighbours, in one build."""

    analysis: Analysis
    settings: Settings
    with_page: set[Period]
    feedback: tuple[Feedback, ...]
    burnups: BurnUps


@dataclass(frozen=True, slots=True)
class Reassessment:
    """The questions of a quarterly reassessment for one goal, every answer already text."""

    title: str
    path: str
    why: str
    timeline: str
    """How the due date stands against the quarter: ``due 2026-12-18, within the quarter``."""
    progress: str
    """How far it got, by its metric or else by its tasks and milestones."""
    gaps: tuple[str, ...]
    """One ``S (Specific): add `metric:`...`` text per missing SMART letter."""


class HoldsAtHand(Protocol):
    """What a period page holds to make its context: the build at hand's inputs (a page outlives a build)."""

    at_hand: AtHand | None


def period_context(
    cache: HoldsAtHand, summary: PeriodSummary, neighbours: tuple[Period | None, Period | None]
) -> dict[str, Any]:
    """Make a monthly or quarterly page's context (a month's with the burn-ups of its active goals)."""
    now = cache.at_hand
    assert now is not None  # set by _pages before any page is taken
    analysis, settings = now.analysis, now.settings
    if summary.period.size == 1:
        context = _common(analysis, settings, summary, neighbours, monthly_path, now.feedback)
        context |= _monthly(settings, summary, neighbours[0])
        context["burnups"] = now.burnups.charts((c.goal for c in summary.active), summary.period.last)
        return context
    context = _common(analysis, settings, summary, neighbours, quarterly_path, now.feedback)
    return context | _quarterly(settings, summary, now.with_page)


def _common(
    analysis: Analysis,
    settings: Settings,
    summary: PeriodSummary,
    neighbours: tuple[Period | None, Period | None],
    path: Callable[[Period], str],
    feedback: tuple[Feedback, ...],
) -> dict[str, Any]:
    """Build the header, the goal progress, lessons and feedback shared by both pages."""
    period = summary.period
    previous, following = neighbours
    word = "month" if period.size == 1 else "quarter"
    moves = [_move(change, word) for change in summary.goals]
    return {
        "title": label(period),
        "period": str(period),
        "first": str(period.first),
        "last": str(period.last),
        "current": summary.current,
        "today": str(analysis.today) if summary.current else "",
        "dashboard": link_target(settings, DASHBOARD),
        "previous": link_target(settings, path(previous)) if previous else "",
        "previous_label": label(previous) if previous else "",
        "next": link_target(settings, path(following)) if following else "",
        "next_label": label(following) if following else "",
        "weeks": [(str(week), link_target(settings, weekly_path(week))) for week in summary.weeks],
        "moves": moves,
        "metric_charts": metric_charts(
            (c.goal for c in summary.goals), analysis.history, period.last, settings.charts
        ),
        "moved_count": sum(1 for move in moves if move.moved),
        "still": [Row(move.title, move.path) for move in moves if not move.moved],
        "lessons": [_entry(entry) for entry in summary.lessons],
        "feedback": [
            Row(
                f.summary,
                f.path,
                due=str(f.day),
                detail=f.source,
                goal=analysis.goal_titles.get(f.goal or "", ""),
                goal_path=f.goal or "",
                line=f.line,
            )
            for f in feedback
            if f.day and f.day in period
        ],
    }


def _move(change: GoalPeriod, word: str) -> GoalMove:
    """Describe how a goal moved over the period."""
    counts = (len(change.done), len(change.reached))
    values = (change.opening, change.closing)
    return describe_move(change.goal, values, change.measurements, counts, change.moved, word)


def _entry(entry: Entry) -> Row:
    """Format a win or a reflection's item, dated by its day or its week."""
    return Row(
        entry.title,
        entry.path,
        due=str(entry.week) if entry.week else str(entry.day),
        detail=WIN_KINDS.get(entry.kind, entry.kind),
        line=entry.line,
    )


def _monthly(settings: Settings, summary: PeriodSummary, previous: Period | None) -> dict[str, Any]:
    """Build the monthly page's own entries: tasks done, wins, ratings, whys."""
    ratings = [rating_of(week, r) for week, r in summary.ratings]
    rated = [r.rating for r in ratings if r.rating is not None]
    before = summary.period.shift(-1)
    change = ""
    if rated and summary.previous_ratings:
        delta = sum(rated) / len(rated) - sum(summary.previous_ratings) / len(summary.previous_ratings)
        change = "no change" if abs(delta) < 0.005 else f"{'+' if delta > 0 else '−'}{number(abs(delta))}"
    quarter = Period.containing(summary.period.first, 3)
    return {
        "quarter": link_target(settings, quarterly_path(quarter)),
        "quarter_label": label(quarter),
        "done_count": summary.done,
        "wins": [_entry(entry) for entry in summary.wins],
        "ratings": ratings,
        "rated": len(rated),
        "spark": spark([r.rating for r in ratings]),
        "average": average(rated),
        "previous_average": average(list(summary.previous_ratings)),
        "rating_change": change,
        "previous_month": label(before),
        "previous_month_page": link_target(settings, monthly_path(before)) if before == previous else "",
        "whys": [Row(g.title, g.path, detail=g.why or "") for g in (c.goal for c in summary.active)],
    }


def _quarterly(settings: Settings, summary: PeriodSummary, with_page: set[Period]) -> dict[str, Any]:
    """Build the quarterly page's own entries: goals started, done, dropped, tough spots, reassessment."""
    first = summary.period
    months = [Period(first.year, first.month + n, 1) for n in range(3)]
    return {
        "months": [(label(m), link_target(settings, monthly_path(m))) for m in months if m in with_page],
        "started": [
            Row(g.title, g.path, due=str(g.start), flags=(g.status,) if g.status != "active" else ())
            for g in summary.started
        ],
        "finished": [Row(g.title, g.path, due=str(g.done_on)) for g in summary.finished],
        "dropped": [Row(g.title, g.path, due=str(g.start or "")) for g in summary.dropped],
        "tough_spots": [
            Group(
                spot.term,
                "",
                tuple(Row(str(week), link_target(settings, weekly_path(week))) for week in spot.weeks),
            )
            for spot in summary.tough_spots
        ],
        "reassess": [_reassess(summary, change) for change in summary.active],
    }


def _reassess(summary: PeriodSummary, change: GoalPeriod) -> Reassessment:
    """Put the questions of a quarterly reassessment for one goal: why, timeline, SMART gaps."""
    goal, period = change.goal, summary.period
    if goal.due is None:
        timeline = "no due date"
    elif goal.due < period.first:
        timeline = f"was due {goal.due}, before the quarter began"
    elif goal.due <= period.last:
        timeline = f"due {goal.due}, within the quarter"
    else:
        timeline = f"due {goal.due}, {(goal.due - period.last).days} days after the quarter's end"
    when = "so far" if summary.current else "at the quarter's end"
    closing = change.progress(change.closing)
    if closing is not None and goal.target is not None:
        value, target = metric_value(goal, change.closing), metric_value(goal, goal.target)
        progress = f"{percent(closing)}% done {when} ({value}, target {target})"
    else:
        done, reached = len(change.done), len(change.reached)
        measure = "no metric to measure" if goal.target is None else "no value of its metric yet"
        progress = (
            f"{measure}; {done} task{'s' if done != 1 else ''} done and {reached} "
            f"milestone{'s' if reached != 1 else ''} reached this quarter"
        )
    return Reassessment(
        goal.title,
        goal.path,
        goal.why or "",
        timeline,
        progress,
        tuple(f"{gap.letter} ({gap.name}): {gap.fix}" for gap in change.gaps),
    )
