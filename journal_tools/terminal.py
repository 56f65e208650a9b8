"""The command line's progress bar (rich, on stderr) and the questions of ``new --interactive``.

Part of the CLI: the pipeline only reports counts through a callback, and this draws them.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.prompt import Prompt

from journal_tools.weeks import parse_iso_date

DELAY = 1.0
"""Seconds a build runs before its progress is shown: quick builds show nothing."""


class ProgressBar:
    """A callback for the pipeline's progress that draws a bar on stderr once a build is slow."""

    def __init__(self, enabled: bool = True, console: Console | None = None) -> None:
        """Prepare a bar, drawn only when ``enabled`` and on a terminal (stderr's, or ``console``)."""
        self.console = console or Console(stderr=True)
        self.enabled = enabled and (console is not None or sys.stderr.isatty())
        self.started = time.monotonic()
        self.progress: Progress | None = None
        self.tasks: dict[str, TaskID] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        """Show that ``done`` of ``total`` items of ``stage`` are done."""
        if not self.enabled:
            return
        if self.progress is None:
            if time.monotonic() - self.started < DELAY:
                return
            self.progress = Progress(
                TextColumn("{task.description:<16}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=self.console,
                transient=True,
            )
            self.progress.start()
        if stage not in self.tasks:
            self.tasks[stage] = self.progress.add_task(stage, total=total)
        self.progress.update(self.tasks[stage], completed=done, total=total)

    def __enter__(self) -> ProgressBar:
        """Start timing."""
        self.started = time.monotonic()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None:
        """Take the bar away."""
        if self.progress is not None:
            self.progress.stop()
            self.progress = None


def ask_smart(console: Console | None = None) -> dict[str, str]:
    """Ask for a new goal's metric, target, due date and why; an empty answer leaves a field for later."""
    console = console or Console()
    return {
        "metric": _ask(console, "Metric: what will change, in words", lambda text: True),
        "target": _ask(console, "Target: the number to reach", _is_number),
        "due": _ask(console, "Due: the day it is done by (YYYY-MM-DD)", _is_date),
        "why": _ask(console, "Why: what it is for", lambda text: True),
    }


def _ask(console: Console, question: str, valid: Callable[[str], bool]) -> str:
    """Ask until the answer is empty or valid."""
    while True:
        answer = Prompt.ask(question, console=console, default="", show_default=False).strip()
        if not answer or valid(answer):
            return answer
        console.print("  [red]not valid[/red]: leave it empty to fill it in later")


def _is_date(text: str) -> bool:
    """Tell whether text is a real day written YYYY-MM-DD."""
    return parse_iso_date(text) is not None


def _is_number(text: str) -> bool:
    """Tell whether text is a plain number."""
    try:
        float(text)
    except ValueError:
        return False
    return text.lower() not in ("nan", "inf", "-inf", "infinity", "-infinity")
