"""What writing did: the report of a build's pages and of its calendar.

Kept apart from :mod:`write`, so a build its stamp finds up to date can report without loading it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from journal_tools.problem import Problem


@dataclass(slots=True)
class WriteReport:
    """What the write stage did (or, in a dry run, would do), each list in path order."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class CalendarWrite:
    """What writing the calendar did (or, in a dry run, would do)."""

    path: str
    written: bool
    """True when the file was (or would be) written; False when unchanged or refused."""
    problem: Problem | None = None
