"""Judge each goal on a given day: progress, overdue, due soon, stale, SMART gaps; and the weeks."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from journal_tools.activity import activity_dates, last_on
from journal_tools.git_facts import DeadlineMoves, GitFacts
from journal_tools.history import MetricHistory
from journal_tools.model import Due, Goal, Milestone, Vault
from journal_tools.note import PRIORITY_RANK
from journal_tools.problem import Problem
from journal_tools.progress import Current, Progress, ProgressCalculator
from journal_tools.review import WeekSummary, due_items, is_open, summarize_weeks
from journal_tools.settings import Settings
from journal_tools.weeks import IsoWeek


@dataclass(frozen=True, slots=True)
class SmartGap:
    """A SMART letter a goal misses, and the field that would satisfy it."""

    letter: str
    name: str
    fix: str


@dataclass(frozen=True, slots=True)
class MilestoneReport:
    """A milestone with its progress on the day."""

    milestone: Milestone
    progress: Progress
    overdue: bool


@dataclass(frozen=True, slots=True)
class GoalReport:
    """A goal judged on the day."""

    goal: Goal
    depth: int
    """0 for a goal without parent, 1 for its children, and so on."""
    progress: Progress
    current: Current
    measurements: int
    overdue: bool
    days_left: int | None
    last_activity: date | None
    stale: bool
    smart_missing: tuple[SmartGap, ...]
    milestones: tuple[MilestoneReport, ...]
    deadline: DeadlineMoves | None = None
    """How the due date moved over the git history (None: never, or no history)."""


@dataclass(frozen=True, slots=True)
class Analysis:
    """Everything the pages and the export show, for one vault on one day."""

    today: date
    week: IsoWeek
    vault: Vault
    goals: tuple[GoalReport, ...]
    """Depth-first through the goal tree."""
    overdue: tuple[Due, ...]
    due_soon: tuple[Due, ...]
    weeks: tuple[WeekSummary, ...]
    goal_titles: dict[str, str]
    problems: tuple[Problem, ...]
    activity: dict[str, list[date]]
    """Each goal's dated activity (its descendants' included), sorted, for reviews of past weeks."""
    history: MetricHistory
    """Each goal's metric over time (with the values committed to git)."""
    git: GitFacts
    """What the vault's git history tells (empty without one, or with ``history = false``)."""
    judged: dict[str, tuple[object, ...]] = field(default_factory=dict, compare=False, repr=False)
    """What each goal's report was made from, so that the next build can keep it while that is the same."""


_SMART = (
    SmartGap("S", "Specific", "add `metric:`, the one thing that will change"),
    SmartGap("M", "Measurable", "add a numeric `target:` (and `current:`)"),
    SmartGap("A", "Achievable", "break it down: add a milestone or a task"),
    SmartGap("R", "Relevant", "add `why:` or a `parent:` long-term goal"),
    SmartGap("T", "Time-bound", "add `due:` (YYYY-MM-DD)"),
)
"""Each SMART letter's gap (one object each, so two goals' reports compare them in no time)."""


def analyze(
    vault: Vault,
    today: date,
    settings: Settings,
    previous: Analysis | None = None,
    clean_before: IsoWeek | None = None,
    git: GitFacts | None = None,
) -> Analysis:
    """Judge the vault on ``today``, with what its ``git`` history tells.

    A watcher passes the ``previous`` analysis (made with the same settings) and the week from which
    dated facts may have changed (``clean_before``): what is dated before that week is taken over, not
    gathered again; on the same day, the due items too while no goal, milestone or dated task changed.
    A past week's summary does not change with the day, but for the week ``previous`` was made in
    (then the current one): from a later day, the weeks from that one on are summarised again.
    """
    git = git or GitFacts()
    if previous is None or previous.today > today:
        clean_before = None
    elif clean_before is not None:
        clean_before = min(clean_before, previous.week)
    since = clean_before.monday if previous is not None and clean_before is not None else None
    calc = ProgressCalculator(vault, today)
    titles = {goal.id: goal.title for goal in vault.goals}
    committed = git.point_days(goal.id for goal in vault.goals)
    activity = activity_dates(vault, previous.activity if previous and since else None, since, committed)
    latest = {goal: last_on(days, today) for goal, days in activity.items()}
    reports, judged = _judge(_tree(vault.goals), calc, latest, today, settings, git, previous)
    if previous is not None and _same_due(previous, vault, today):
        overdue, due_soon = previous.overdue, previous.due_soon
    else:
        items = due_items(vault)
        overdue = tuple(item for item in items if item.due < today)
        horizon = today + timedelta(days=settings.due_soon_days)
        due_soon = tuple(item for item in items if today <= item.due <= horizon)
    kept = previous.weeks if previous and since else ()
    weeks = summarize_weeks(vault, today, kept, clean_before, [day for _, day in committed])
    return Analysis(
        today,
        IsoWeek.of(today),
        vault,
        tuple(reports),
        overdue,
        due_soon,
        weeks,
        titles,
        vault.problems,
        activity,
        MetricHistory(vault, git.points),
        git,
        judged,
    )


def _tree(goals: tuple[Goal, ...]) -> list[tuple[Goal, int]]:
    """Order goals depth-first: by status, priority, due date and title at each level."""
    children: dict[str | None, list[Goal]] = defaultdict(list)
    for goal in goals:
        children[goal.parent].append(goal)
    status_rank = {"active": 0, "paused": 1, "done": 2, "dropped": 3}

    def key(goal: Goal) -> tuple[int, int, date, str, str]:
        return (
            status_rank[goal.status],
            PRIORITY_RANK[goal.priority],
            goal.due or date.max,
            goal.title.casefold(),
            goal.id,
        )

    ordered: list[tuple[Goal, int]] = []
    stack = [(goal, 0) for goal in sorted(children[None], key=key, reverse=True)]
    while stack:
        goal, depth = stack.pop()
        ordered.append((goal, depth))
        stack.extend((child, depth + 1) for child in sorted(children[goal.id], key=key, reverse=True))
    return ordered


def _judge(
    tree: list[tuple[Goal, int]],
    calc: ProgressCalculator,
    latest: dict[str, date | None],
    today: date,
    settings: Settings,
    git: GitFacts,
    previous: Analysis | None,
) -> tuple[list[GoalReport], dict[str, tuple[object, ...]]]:
    """Judge every goal of the ``tree``, keeping the ``previous`` report of a goal judged the same.

    A goal is made from its own facts (:meth:`ProgressCalculator.inputs`), its depth, its last
    activity and its children's reports. One made from the same as in the previous build (the same
    day, the same git facts) keeps its report without being judged again; one judged again keeps the
    previous report when the new one equals it. Children are judged first, so a goal whose subtree
    did not change keeps its report, the very same object: later stages tell it by identity.
    """
    before = {report.goal.id: report for report in previous.goals} if previous is not None else {}
    made_before: dict[str, tuple[object, ...]] = {}
    if previous is not None and previous.today == today and previous.git is git:
        made_before = previous.judged
    reports: dict[str, GoalReport] = {}
    judged: dict[str, tuple[object, ...]] = {}
    for goal, depth in reversed(tree):
        children = tuple(reports[child.id] for child in calc.children[goal.id] if child.id in reports)
        made_from = judged[goal.id] = (calc.inputs(goal), depth, latest.get(goal.id), children)
        report = before.get(goal.id)
        if report is None or made_before.get(goal.id) != made_from:
            new = _report(goal, depth, calc, latest, today, settings, git)
            report = report if report is not None and report == new else new
        reports[goal.id] = report
    return [reports[goal.id] for goal, _ in tree], judged


def _report(
    goal: Goal,
    depth: int,
    calc: ProgressCalculator,
    activity: dict[str, date | None],
    today: date,
    settings: Settings,
    git: GitFacts,
) -> GoalReport:
    """Judge one goal (and say how its deadline moved over the ``git`` history)."""
    active = goal.status == "active"
    last = activity.get(goal.id)
    milestones = tuple(
        MilestoneReport(m, calc.milestone(m), is_open(m.status) and m.due is not None and m.due < today)
        for m in sorted(calc.milestones[goal.id], key=lambda m: (m.due or date.max, m.path, m.line))
    )
    return GoalReport(
        goal=goal,
        depth=depth,
        progress=calc.goal(goal.id),
        current=calc.current(goal),
        measurements=len(calc.measurements[goal.id]),
        overdue=active and goal.due is not None and goal.due < today,
        days_left=(goal.due - today).days if goal.due else None,
        last_activity=last,
        stale=active and (last is None or (today - last).days > settings.stale_days),
        smart_missing=_smart(goal, bool(milestones) or goal.id in calc.tasks) if is_open(goal.status) else (),
        milestones=milestones,
        deadline=git.moves(goal.id, goal.due),
    )


def _same_due(previous: Analysis, vault: Vault, today: date) -> bool:
    """Tell whether the last analysis (of the same settings) has the due items this one would have.

    The dated tasks are compared by identity: the joined facts keep their tuple while no task changes.
    Of the goals, only what a due item shows counts: a new ``current`` does not change them.
    """
    before = previous.vault
    return (
        previous.today == today
        and vault.dated_tasks is before.dated_tasks
        and vault.milestones == before.milestones
        and (vault.goals is before.goals or _due_goals(vault.goals) == _due_goals(before.goals))
    )


def _due_goals(goals: tuple[Goal, ...]) -> list[tuple[str, str, date | None, str]]:
    """Return what :func:`due_items` takes from the goals."""
    return [(goal.id, goal.title, goal.due, goal.status) for goal in goals]


def _smart(goal: Goal, has_plan: bool) -> tuple[SmartGap, ...]:
    """Return the SMART letters a short-term goal misses (long-term goals are visions: none)."""
    if goal.horizon == "long":
        return ()
    present = {
        "S": goal.metric is not None,
        "M": goal.target is not None,
        "A": has_plan,
        "R": goal.why is not None or goal.parent is not None,
        "T": goal.due is not None,
    }
    return tuple(gap for gap in _SMART if not present[gap.letter])
