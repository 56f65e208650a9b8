"""Tell which weeks an edit to a note can change, so a watcher re-reviews only those.

A note's dated facts (its day, week, task dates, measurement days, front matter dates) can change
the review of their week and of every later week (a measurement holds until the next one; stale and
rating windows look back). An edit that changes the vault's structure (a goal or milestone note
added or removed, or its settings changed, aliases, a note that takes a goal's name) can change any
week. Another note added or removed changes what its dated facts change.
"""

from __future__ import annotations

from datetime import date

from journal_tools.note import Note

STRUCTURAL_FIELDS = (
    "type",
    "title",
    "aliases",
    "horizon",
    "kind",
    "status",
    "start",
    "due",
    "done",
    "metric",
    "target",
    "baseline",
    "unit",
    "parent",
    "goal",
    "priority",
    "partner",
    "weight",
    "why",
)
"""Front matter of goal and milestone notes that weekly reviews read beyond dated facts."""
GOAL_KINDS = ("goal", "milestone")
"""The kinds of note that links place tasks under."""


def changed_days(old: Note | None, new: Note | None) -> set[date]:
    """Return the dates of the facts that differ between two versions of a note.

    Tasks and measurements that changed count with their dates; a changed front matter, section or
    link list counts with the note's own day, week and ``updated`` date. Fields that weekly reviews
    read beyond dates are judged by :func:`is_structural` instead.
    """
    days: set[date] = set()
    old_tasks = set(old.tasks) if old else set()
    new_tasks = set(new.tasks) if new else set()
    for task in old_tasks ^ new_tasks:
        days.update(
            d for d in (task.due, task.scheduled, task.start, task.created, task.done, task.cancelled) if d
        )
    old_measurements = set(old.measurements) if old else set()
    new_measurements = set(new.measurements) if new else set()
    changed_measurements = old_measurements ^ new_measurements
    days.update(m.day for m in changed_measurements if m.day)
    notes = [n for n in (old, new) if n is not None]
    anchors_changed = (
        old is None
        or new is None
        or (old.front, old.sections, old.links, old.day, old.week)
        != (new.front, new.sections, new.links, new.day, new.week)
    )
    if anchors_changed or old_tasks != new_tasks or changed_measurements:
        for note in notes:
            days.update(_anchor_days(note))
    return days


def _anchor_days(note: Note) -> set[date]:
    """Return the days a note itself stands for: its day, its week, its ``updated`` and ``date``."""
    days = {d for d in (note.day, note.front.updated, note.front.note_date) if d}
    if note.week is not None:
        days.update((note.week.monday, note.week.sunday))
    return days


def is_structural(old: Note | None, new: Note | None) -> bool:
    """Tell whether replacing ``old`` by ``new`` can change weeks beyond their dated facts.

    A note added or removed can when it is a goal or a milestone, or has aliases. Whether its name is
    one that links to a goal or a milestone use is for the caller to tell (:func:`links.link_key`).
    """
    if old is None or new is None:
        note = old or new
        return note is None or note.kind in GOAL_KINDS or bool(note.front.aliases)
    if old.kind != new.kind or old.front.aliases != new.front.aliases:
        return True
    if new.kind not in GOAL_KINDS:
        return False
    return any(getattr(old.front, name) != getattr(new.front, name) for name in STRUCTURAL_FIELDS)
