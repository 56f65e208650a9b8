"""Join the placements' facts in note order; from the last join, splice in only those that changed."""

from __future__ import annotations

from array import array
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate, compress
from operator import is_not
from typing import Any

from journal_tools.model import FACT_FIELDS, Facts, Placement, TaskCount, gather_facts

SPLICE_LIMIT = 32
"""Up to this many changed placements are spliced into the joined facts; more, and all are joined."""


Counts = dict[str, TaskCount]
_SLOT = {"done": 0, "cancelled": 2}
"""Where a task's status is counted in :class:`TaskCount` (any other status: open)."""


@dataclass(frozen=True, slots=True)
class Joined:
    """The placements' facts joined in note order, and where each placement's facts end."""

    placements: list[Placement]
    facts: Facts
    ends: tuple[array[int], ...]
    """For each of :data:`FACT_FIELDS`, the running total of the placements' facts (machine integers:
    an int object each would take 36 bytes, five per note)."""
    goal_counts: Counts
    """The tasks serving each goal, counted (milestone tasks not included)."""
    step_counts: Counts
    """The action steps of each milestone, counted."""


def changed_at(
    before: Sequence[object], after: Sequence[object], limit: int | None = None
) -> list[int] | None:
    """Return where two sequences of the same length hold other objects.

    None when their lengths differ, or when more than ``limit`` places do (the caller then does the
    whole of its work rather than a piece per change). The comparison runs in C (``map``,
    ``compress``): a save changes one note in tens of thousands.
    """
    if len(before) != len(after):
        return None
    changed = list(compress(range(len(after)), map(is_not, before, after)))
    return changed if limit is None or len(changed) <= limit else None


def join(placements: list[Placement], previous: Joined | None = None) -> Joined:
    """Join the placements' facts; from ``previous``, only the placements that changed are spliced in."""
    if previous is not None:
        changed = changed_at(previous.placements, placements, SPLICE_LIMIT)
        if changed is not None:
            return _splice(previous, placements, changed)
    facts = gather_facts(placements)
    ends = tuple(array("q", accumulate(len(getattr(p, name)) for p in placements)) for name in FACT_FIELDS)
    goals: dict[str, list[int]] = {}
    steps: dict[str, list[int]] = {}
    _count(placements, 1, goals, steps)
    return Joined(placements, facts, ends, _counts({}, goals), _counts({}, steps))


def _count(
    placements: list[Placement], sign: int, goals: dict[str, list[int]], steps: dict[str, list[int]]
) -> None:
    """Add (``sign`` 1) or take away (-1) the placements' tasks to the goals' and milestones' tallies."""
    for placement in placements:
        for placed in placement.tasks:
            if placed.is_milestone:
                continue
            slot = _SLOT.get(placed.task.status, 1)
            if placed.goal is not None:
                goals.setdefault(placed.goal, [0, 0, 0])[slot] += sign
            if placed.milestone is not None:
                steps.setdefault(placed.milestone, [0, 0, 0])[slot] += sign


def _counts(before: Counts, deltas: dict[str, list[int]]) -> Counts:
    """Return ``before`` with ``deltas`` added; a key left with no task is removed."""
    after = dict(before)
    for key, (done, open_, cancelled) in deltas.items():
        old = after.pop(key, TaskCount())
        new = TaskCount(old.done + done, old.open + open_, old.cancelled + cancelled)
        if new != TaskCount():
            after[key] = new
    return after


def _splice(previous: Joined, placements: list[Placement], changed: list[int]) -> Joined:
    """Replace the facts of the placements at the ``changed`` positions."""
    if not changed:
        return Joined(placements, previous.facts, previous.ends, previous.goal_counts, previous.step_counts)
    goals: dict[str, list[int]] = {}
    steps: dict[str, list[int]] = {}
    _count([previous.placements[i] for i in changed], -1, goals, steps)
    _count([placements[i] for i in changed], 1, goals, steps)
    values: list[tuple[Any, ...]] = [getattr(previous.facts, name) for name in FACT_FIELDS]
    ends = tuple(array("q", column) for column in previous.ends)
    for index in changed:
        for k, name in enumerate(FACT_FIELDS):
            start, stop = ends[k][index - 1] if index else 0, ends[k][index]
            new = getattr(placements[index], name)
            if new == values[k][start:stop]:
                continue  # the same facts: the joined tuple stays the same object
            values[k] = values[k][:start] + new + values[k][stop:]
            if delta := len(new) - (stop - start):
                ends[k][index:] = array("q", [end + delta for end in ends[k][index:]])
    return Joined(
        placements,
        Facts(*values),
        ends,
        _counts(previous.goal_counts, goals),
        _counts(previous.step_counts, steps),
    )
