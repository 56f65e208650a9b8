"""What a session's build and its taking in of changed paths tell: plain results."""

from __future__ import annotations

from dataclasses import dataclass

from journal_tools.analysis import Analysis
from journal_tools.problem import Problem, count_errors
from journal_tools.write_report import WriteReport


@dataclass(frozen=True, slots=True)
class BuildResult:
    """The outcome of a build: the analysis, what was written, and every problem."""

    analysis: Analysis
    report: WriteReport
    problems: tuple[Problem, ...]
    """Problems in notes, templates and pages, in path order."""

    @property
    def errors(self) -> int:
        """How many problems are errors."""
        return count_errors(self.problems)


@dataclass(frozen=True, slots=True)
class Update:
    """What applying a set of changed paths did."""

    changed: tuple[str, ...]
    """Notes read again, added or removed (or ``*`` after a full reload)."""
    retry: tuple[str, ...]
    """Notes found empty right after being non-empty: probably mid-save, to be read again later."""
