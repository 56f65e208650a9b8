"""A problem found in the vault: a file, a line and a message, as ``check`` and the dashboard list it.

Every stage reports what it could not understand this way, the scan and the settings as well as the
parser; this module holds nothing else, so that a build its stamp finds up to date loads no note class.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from journal_tools.shared import by_fields

Severity = Literal["error", "warning"]


@by_fields
@dataclass(frozen=True, slots=True)
class Problem:
    """Something in the vault journal-tools could not understand, at a file and line."""

    path: str
    """The file, relative to the vault, with ``/``."""
    line: int
    """1-based line in the file (front matter included)."""
    severity: Severity
    message: str

    def __str__(self) -> str:
        """Format as ``path:line: message`` (warnings say so)."""
        prefix = "warning: " if self.severity == "warning" else ""
        return f"{self.path}:{self.line}: {prefix}{self.message}"


def count_errors(problems: Iterable[Problem]) -> int:
    """Count the problems that are errors."""
    return sum(1 for p in problems if p.severity == "error")
