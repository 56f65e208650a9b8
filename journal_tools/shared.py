"""One copy of each value that many notes repeat: a link target, a front matter key, a status, a date.

A vault names the same goals, keys and days in thousands of notes. Parsing makes a new string for
each, and so does unpickling a note from the parse cache or a worker process (pickle shares objects
only within one note). Passing such values through here keeps one copy of each in memory: notes
loaded from the cache take about 45% less. Only short, repeated values belong here, never a note's text.
The note classes pickle as a call with their fields (:func:`by_fields`), which :func:`loader` takes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import fields
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")
C = TypeVar("C", bound=type)


def by_fields(cls: C) -> C:
    """Pickle a frozen dataclass as a call with its fields: about twice as fast to load back."""
    names = tuple(f.name for f in fields(cls))
    assert all(f.init for f in fields(cls)), cls

    def reduce(self: Any) -> tuple[Callable[..., Any], tuple[Any, ...]]:
        return cls, tuple(getattr(self, name) for name in names)

    setattr(cls, "__reduce__", reduce)  # noqa: B010 (mypy refuses assigning a method)
    return cls


LIMIT = 1 << 17
"""The most values of one kind kept; beyond, the table starts afresh (a watcher sees new values for
weeks: half-typed links, renamed goals). Sharing saves memory, never changes an answer."""

_TEXTS: dict[str, str] = {}
_TUPLES: dict[tuple[Any, ...], tuple[Any, ...]] = {}
_DAYS: dict[Any, date] = {}


def text(value: str) -> str:
    """Return the shared copy of a string."""
    found = _TEXTS.get(value)
    return found if found is not None else _kept(_TEXTS, value, value)


def values(items: tuple[T, ...]) -> tuple[T, ...]:
    """Return the shared copy of a tuple of short values (strings, numbers, such tuples)."""
    return _value(items)  # type: ignore[no-any-return]


def _value(value: Any) -> Any:
    """Share a string or a tuple (made of shared values); other values are kept as they are."""
    if value.__class__ is str:
        found = _TEXTS.get(value)
        return found if found is not None else _kept(_TEXTS, value, value)
    if value.__class__ is tuple and value:
        made = tuple([_value(item) for item in value])
        kept = _TUPLES.get(made)
        return kept if kept is not None else _kept(_TUPLES, made, made)
    return value


def _kept(table: dict[Any, T], key: Any, value: T) -> T:
    """Keep a new value in its table (emptied first when full) and return it."""
    if len(table) >= LIMIT:
        table.clear()
    table[key] = value
    return value


def day(*state: Any) -> date:
    """Make a date from what pickle stored for it, as one shared copy for each day."""
    found = _DAYS.get(state)
    return found if found is not None else _kept(_DAYS, state, date(*state))


def loader(cls: Callable[..., T], names: Iterable[str]) -> Callable[..., T]:
    """Return a constructor of the dataclass ``cls`` that shares the values of the fields ``names``.

    It takes the fields in their order, as a note's pickle calls its class (:func:`by_fields`).
    """
    order = [spec.name for spec in fields(cls)]  # type: ignore[arg-type]
    positions = tuple(order.index(name) for name in names)
    if not positions:
        return cls

    def load(*values: Any) -> T:
        shared = list(values)
        for position in positions:
            if value := shared[position]:  # None and () are shared already
                shared[position] = _value(value)
        return cls(*shared)

    return load
