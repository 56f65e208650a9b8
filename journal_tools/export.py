"""The model as JSON-ready data (documented in docs/export.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

from journal_tools.analysis import Analysis

EXPORT_VERSION = 1


def _day(value: date | None) -> str | None:
    """Format a date as ISO text, or None."""
    return value.isoformat() if value else None


def export(analysis: Analysis) -> dict[str, Any]:
    """Return the model as plain JSON data: goals, milestones, tasks, reflections, weeks, problems."""
    titles = analysis.goal_titles
    vault = analysis.vault
    milestones = {m.id: m.title for m in vault.milestones}
    return {
        "version": EXPORT_VERSION,
        "today": analysis.today.isoformat(),
        "week": str(analysis.week),
        "goals": [
            {
                "title": r.goal.title,
                "path": r.goal.path,
                "status": r.goal.status,
                "horizon": r.goal.horizon,
                "kind": r.goal.kind,
                "parent": titles.get(r.goal.parent) if r.goal.parent else None,
                "parent_path": r.goal.parent,
                "progress": round(r.progress.value, 4),
                "progress_rule": r.progress.rule,
                "progress_explanation": r.progress.explanation,
                "start": _day(r.goal.start),
                "due": _day(r.goal.due),
                "overdue": r.overdue,
                "stale": r.stale,
                "last_activity": _day(r.last_activity),
                "metric": r.goal.metric,
                "target": r.goal.target,
                "current": r.current.value,
                "baseline": r.goal.baseline,
                "unit": r.goal.unit,
                "updated": _day(r.goal.updated),
                "done": _day(r.goal.done_on),
                "weight": r.goal.weight,
                "why": r.goal.why,
                "tags": list(r.goal.tags),
                "priority": r.goal.priority,
                "partner": r.goal.partner,
                "smart_missing": [gap.letter for gap in r.smart_missing],
            }
            for r in analysis.goals
        ],
        "milestones": [
            {
                "title": m.title,
                "path": m.path,
                "line": m.line,
                "goal": titles.get(m.goal) if m.goal else None,
                "goal_path": m.goal,
                "status": m.status,
                "due": _day(m.due),
                "reached": _day(m.reached),
            }
            for m in sorted(vault.milestones, key=lambda m: (m.path, m.line))
        ],
        "tasks": [
            {
                "text": p.task.text,
                "path": p.path,
                "line": p.task.line,
                "status": p.task.status,
                "mark": p.task.mark,
                "due": _day(p.task.due),
                "done": _day(p.done_on),
                "done_inferred": p.done_inferred,
                "scheduled": _day(p.task.scheduled),
                "start": _day(p.task.start),
                "created": _day(p.task.created),
                "cancelled": _day(p.task.cancelled),
                "priority": p.task.priority,
                "recurrence": p.task.recurrence,
                "tags": list(p.task.tags),
                "goal": titles.get(p.goal) if p.goal else None,
                "goal_path": p.goal,
                "milestone": milestones.get(p.milestone) if p.milestone else None,
                "is_milestone": p.is_milestone,
            }
            for p in vault.tasks
        ],
        "measurements": [
            {
                "goal": titles.get(m.goal),
                "goal_path": m.goal,
                "date": m.day.isoformat(),
                "value": m.value,
                "path": m.path,
                "line": m.line,
            }
            for m in sorted(vault.measurements, key=lambda m: (m.goal, m.day, m.path, m.line))
        ],
        "reflections": [
            {"week": str(r.week), "rating": r.rating, "path": r.path}
            for r in sorted(vault.reflections, key=lambda r: (r.week, r.path))
        ],
        "problems": [
            {"path": p.path, "line": p.line, "severity": p.severity, "message": p.message}
            for p in analysis.problems
        ],
    }
