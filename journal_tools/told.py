"""Tell a progress callback how far a long step has come, now and then, while its items are taken."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Progress = Callable[[str, int, int], None] | None
"""Told (stage, done, total) while a long step runs."""
PROGRESS_EVERY = 200
T = TypeVar("T")


def told(progress: Progress, stage: str, items: Iterable[T], total: int) -> Iterator[T]:
    """Yield ``items``, telling ``progress`` how many of ``total`` are done: now and then, and at the end."""
    for count, item in enumerate(items):
        if progress and count % PROGRESS_EVERY == 0:
            progress(stage, count, total)
        yield item
    if progress and total:
        progress(stage, total, total)
