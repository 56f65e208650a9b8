"""Self-assessment skill gaps, mentor feedback per goal and check-in tracking, for the dashboard."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from journal_tools.assessment import Assessment, Skill, assessments, skill_key, trends
from journal_tools.links import LinkIndex
from journal_tools.model import Goal, Vault, per_object
from journal_tools.problem import Problem
from journal_tools.settings import Settings
from journal_tools.views import Group, Row, relative_day


@dataclass(frozen=True, slots=True)
class SkillGap:
    """A skill of the latest assessment, with the goals that address it and its history."""

    skill: Skill
    path: str
    """The assessment it comes from."""
    gap: int | None
    """needed - level (None when either is unknown)."""
    goals: tuple[Goal, ...]
    """Active and paused ``kind: skill`` goals that address it."""
    trend: tuple[tuple[date, int], ...]
    """(date, level) in each assessment that rates it, oldest first."""


@dataclass(frozen=True, slots=True)
class Feedback:
    """A feedback note: when, from whom, about which goal, and its first line of text."""

    path: str
    day: date | None
    source: str
    goal: str | None
    """The goal's path (``goal: "[[...]]"`` resolved as Obsidian does)."""
    summary: str
    line: int


@dataclass(frozen=True, slots=True)
class CheckIn:
    """The last check-in (weekly reflection) and when the next is due."""

    last: date | None
    path: str
    """The last reflection's path ("" when there is none)."""
    due: date | None
    missed: bool


def addresses(goal: Goal, skill: str) -> bool:
    """Tell whether a ``kind: skill`` goal addresses a skill: named in ``skills:``, else in its title."""
    if goal.kind != "skill":
        return False
    if goal.skills:
        return any(skill_key(name) == skill_key(skill) for name in goal.skills)
    return skill_key(skill) in skill_key(goal.title)


def skill_gaps(found: tuple[Assessment, ...], goals: tuple[Goal, ...]) -> tuple[SkillGap, ...]:
    """Return the latest assessment's skills, largest gap first (unknown gaps last), with goals and trend."""
    if not found:
        return ()
    latest = found[-1]
    history = trends(found)
    open_goals = sorted(
        (g for g in goals if g.status in ("active", "paused")), key=lambda g: (g.title.casefold(), g.id)
    )
    gaps = [
        SkillGap(
            skill,
            latest.path,
            skill.needed - skill.level if skill.level is not None and skill.needed is not None else None,
            tuple(g for g in open_goals if addresses(g, skill.name)),
            history.get(skill_key(skill.name), ()),
        )
        for skill in latest.skills
    ]
    return tuple(sorted(gaps, key=lambda g: (g.gap is None, -(g.gap or 0), skill_key(g.skill.name))))


def unaddressed(gaps: tuple[SkillGap, ...]) -> tuple[SkillGap, ...]:
    """Return the skills with a gap above 0 that no goal addresses."""
    return tuple(g for g in gaps if g.gap is not None and g.gap > 0 and not g.goals)


def goal_problems(vault: Vault, found: tuple[Assessment, ...]) -> tuple[Problem, ...]:
    """Warn about ``skills:`` on a goal that is not a skill goal, or naming no assessed skill."""
    lines = {note.path: note.front.line_of("skills") for note in vault.of_kind("goal")}
    known = {skill_key(s.name) for s in found[-1].skills} if found else set()
    problems = [
        Problem(g.id, lines.get(g.id, 1), "warning", "skills: only a goal of 'kind: skill' addresses skills")
        for g in vault.goals
        if g.skills and g.kind != "skill"
    ]
    problems += [
        Problem(g.id, lines.get(g.id, 1), "warning", f"skills: '{name}' is not in the latest assessment")
        for g in vault.goals
        for name in g.skills
        if found and g.kind == "skill" and skill_key(name) not in known
    ]
    return tuple(problems)


@per_object
def feedback(vault: Vault) -> tuple[tuple[Feedback, ...], tuple[Problem, ...]]:
    """Return the feedback notes, newest first, with their goal links resolved."""
    index: LinkIndex | None = None  # made only when a feedback note links a goal
    goal_ids: set[str | None] = {goal.id for goal in vault.goals}
    found: list[Feedback] = []
    problems: list[Problem] = []
    for note in vault.of_kind("feedback"):
        front = note.front
        if front.goal and index is None:
            index = LinkIndex(vault.notes)
        goal = index.resolve(front.goal, note.path).path if front.goal and index else None
        if front.goal and goal not in goal_ids:
            why = "leads to no note" if goal is None else "is not a goal (no 'type: goal')"
            problems.append(
                Problem(note.path, front.line_of("goal"), "warning", f"goal: '[[{front.goal}]]' {why}")
            )
            goal = None
        first = next((item for section in note.sections for item in section.items), None)
        summary, line = (first.text, first.line) if first else ("", 1)
        found.append(Feedback(note.path, front.note_date, front.source or "", goal, summary, line))
    found.sort(key=lambda f: (f.day is None, -(f.day or date.min).toordinal(), f.path))
    return tuple(found), tuple(problems)


def check_in(vault: Vault, today: date, settings: Settings) -> CheckIn:
    """Return the last check-in on or before today and when the next is due (``checkin_days`` later).

    A reflection counts on its note's ``date`` if set, else on the Sunday of its week; a reflection
    dated after today (or for a week that has not begun) is not counted.
    """
    dates = {note.path: note.front.note_date for note in vault.of_kind("reflection")}
    held = []
    for reflection in vault.reflections:
        written = dates.get(reflection.path)
        if (written or reflection.week.monday) <= today:
            held.append((written or reflection.week.sunday, reflection.path))
    if not held:
        return CheckIn(None, "", None, False)
    last, path = max(held)
    due = last + timedelta(days=settings.checkin_days)
    return CheckIn(last, path, due, due < today)


def skill_problems(vault: Vault) -> tuple[Problem, ...]:
    """Return every problem found in assessments, skill goals and feedback notes, sorted."""
    found, problems = assessments(vault)
    extra = goal_problems(vault, found) + feedback(vault)[1]
    return tuple(sorted({*problems, *extra}, key=lambda p: (p.path, p.line, p.message)))


@dataclass(frozen=True, slots=True)
class SkillRow:
    """A skill gap formatted for a page: every figure already text."""

    name: str
    path: str
    line: int
    level: str
    needed: str
    gap: str
    trend: str
    """``1 → 2 (since 2026-03-01)`` when more than one assessment rates it, else ""."""
    goals: tuple[Row, ...]


def _skill_row(gap: SkillGap) -> SkillRow:
    """Format a skill gap."""
    skill = gap.skill
    trend = ""
    if len(gap.trend) > 1:
        trend = " → ".join(str(level) for _, level in gap.trend) + f" (since {gap.trend[0][0]})"
    return SkillRow(
        name=skill.name,
        path=gap.path,
        line=skill.line,
        level=str(skill.level) if skill.level is not None else "?",
        needed=str(skill.needed) if skill.needed is not None else "?",
        gap=str(gap.gap) if gap.gap is not None else "",
        trend=trend,
        goals=tuple(Row(g.title, g.path) for g in gap.goals),
    )


def _feedback_groups(items: tuple[Feedback, ...], goals: tuple[Goal, ...]) -> list[Group]:
    """Group feedback by goal: goals by title, feedback without a goal last; newest first in each."""
    titles = {goal.id: goal.title for goal in goals}
    by_goal: dict[str, list[Row]] = defaultdict(list)
    for item in items:
        row = Row(
            title=item.summary,
            path=item.path,
            due=str(item.day or ""),
            detail=item.source,
            goal=titles.get(item.goal or "", ""),
            goal_path=item.goal or "",
            line=item.line,
        )
        by_goal[item.goal or ""].append(row)
    order = sorted(by_goal, key=lambda g: (g == "", titles.get(g, "").casefold(), g))
    return [Group(titles.get(g, "Not about a goal"), g, tuple(by_goal[g])) for g in order]


def skills_context(vault: Vault, today: date, settings: Settings) -> dict[str, object]:
    """Return the dashboard context of the Check-ins, Skill gaps and Feedback sections."""
    found = assessments(vault)[0]
    gaps = skill_gaps(found, vault.goals)
    latest = found[-1] if found else None
    checkin = check_in(vault, today, settings)
    return {
        "checkin_days": settings.checkin_days,
        "checkin_last": str(checkin.last or ""),
        "checkin_path": checkin.path,
        "checkin_due": str(checkin.due or ""),
        "checkin_when": relative_day(checkin.due, today) if checkin.due else "",
        "checkin_missed": checkin.missed,
        "assessment": latest.path if latest else "",
        "assessment_date": str(latest.day) if latest else "",
        "assessment_count": len(found),
        "skill_gaps": [_skill_row(gap) for gap in gaps],
        "skills_unaddressed": [_skill_row(gap) for gap in unaddressed(gaps)],
        "profile": [
            (heading, [Row(item.text, latest.path, line=item.line) for item in items])
            for heading, items in latest.profile
        ]
        if latest
        else [],
        "feedback": _feedback_groups(feedback(vault)[0], vault.goals),
    }
