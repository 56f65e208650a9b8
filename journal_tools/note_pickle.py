"""Notes as pickles, for the parse cache and for worker processes, read back by a loader that trusts nothing.

Entries are pickles of the note's own dataclasses; the loader refuses any other class, so a cache
file planted in a vault cannot run code (``load_only`` is that loader, for other stages' pickles too).
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable, Mapping
from typing import Any

from journal_tools import shared
from journal_tools.note import NOTE_CLASSES, SHARED_FIELDS, Note
from journal_tools.weeks import IsoWeek

PICKLE_PROTOCOL = 5
"""The pickle protocol of the cached notes (worker processes send notes back in it too)."""
_ALLOWED: dict[tuple[str, str], Callable[..., Any]] = {
    ("datetime", "date"): shared.day,
    ("journal_tools.weeks", "IsoWeek"): IsoWeek,
    **{
        (kind.__module__, kind.__name__): shared.loader(kind, SHARED_FIELDS.get(kind, ()))
        for kind in NOTE_CLASSES
    },
}
"""The only classes a cached note may be made of, each made through a constructor that shares the
values many notes repeat."""


class _Only(pickle.Unpickler):
    """Unpickles only the classes it is given."""

    def __init__(self, data: bytes, allowed: Mapping[tuple[str, str], Callable[..., Any]], what: str) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = allowed
        self.what = what

    def find_class(self, module: str, name: str) -> Any:
        """Return an allowed class, or refuse."""
        found = self.allowed.get((module, name))
        if found is None:
            raise pickle.UnpicklingError(f"{module}.{name} is not part of {self.what}")
        return found


def load_only(
    data: bytes, allowed: Mapping[tuple[str, str], Callable[..., Any]], what: str = "a note"
) -> Any:
    """Unpickle ``data`` made of the ``allowed`` classes only, (module, name) -> class; refuse any other."""
    return _Only(data, allowed, what).load()


def load_note(data: bytes) -> Note:
    """Unpickle a note (from the cache or a worker process), sharing the values many notes repeat."""
    note = load_only(data, _ALLOWED)
    if not isinstance(note, Note):
        raise pickle.UnpicklingError(f"not a note: {type(note).__name__}")
    return note


def dump_note(note: Note) -> bytes:
    """Pickle a note as the parse cache keeps it."""
    return pickle.dumps(note, protocol=PICKLE_PROTOCOL)
