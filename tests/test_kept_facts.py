"""The facts a watcher keeps between builds (joined, ordered by date) equal those made from scratch."""

from __future__ import annotations

from datetime import date, timedelta
from typing import cast

from hypothesis import given
from hypothesis import strategies as st

from journal_tools.joined import join
from journal_tools.model import GoalMeasurement, PlacedTask, Placement
from journal_tools.note import Note, Task, TaskStatus
from journal_tools.place import PlacementCache

DAY = date(2026, 1, 1)
NO_NOTE = cast(Note, None)
STATUSES: tuple[TaskStatus, ...] = ("done", "todo", "cancelled", "in_progress")
"""Ordering looks only at the placements, not at the notes they came from."""


def _placement(path: str, days: list[int]) -> Placement:
    """A placement with one task and one measurement per day offset (the offset sets the task's owners)."""
    tasks = tuple(
        PlacedTask(
            Task("x", line, STATUSES[n % 4], "x", done=DAY + timedelta(n)),
            path,
            f"g{n % 3}" if n % 5 else None,
            f"m{n % 2}" if n % 7 else None,
            None,
            False,
            n % 11 == 0,
        )
        for line, n in enumerate(days, 1)
    )
    measurements = tuple(GoalMeasurement("g", DAY + timedelta(n), n, path, i) for i, n in enumerate(days))
    latest = DAY + timedelta(max(days)) if days else None
    own = (DAY + timedelta(days[0]),) if days else ()
    return Placement(tasks, (), measurements, (), (), latest, own)


notes = st.lists(st.lists(st.integers(0, 400), max_size=4), min_size=1, max_size=12)
edits = st.lists(st.tuples(st.integers(0, 11), st.lists(st.integers(0, 400), max_size=4)), max_size=6)


@given(notes, edits)
def test_splicing_changed_placements_equals_joining_all(
    before: list[list[int]], changes: list[tuple[int, list[int]]]
) -> None:
    placements = [_placement(f"n{i}", days) for i, days in enumerate(before)]
    joined = join(placements)
    for index, days in changes:
        placements = list(placements)
        placements[index % len(placements)] = _placement(f"n{index % len(placements)}", days)
        joined = join(placements, joined)
        fresh = join(placements)
        assert joined.facts == fresh.facts
        assert joined.ends == fresh.ends
        assert joined.goal_counts == fresh.goal_counts
        assert joined.step_counts == fresh.step_counts


@given(notes, edits)
def test_placements_stay_ordered_by_their_newest_date(
    before: list[list[int]], changes: list[tuple[int, list[int]]]
) -> None:
    cache = PlacementCache()
    cache.entries = {f"n{i}": (NO_NOTE, _placement(f"n{i}", days)) for i, days in enumerate(before)}
    cache.reorder([])
    for index, days in changes:
        path = f"n{index % len(before)}"
        new = _placement(path, days)
        old = cache.entries[path][1]
        cache.entries[path] = (NO_NOTE, new)
        cache.reorder([(path, old, new)])
        fresh = PlacementCache(entries=dict(cache.entries))
        fresh.reorder([])
        assert cache.order == fresh.order
        assert cache.ordered == fresh.ordered
        assert [p.newest for p in cache.ordered] == [day for day, _ in fresh.order or ()]
