"""The command line's progress bar (rich, on stderr), shown only when a build takes over a second.

Part of the CLI: the pipeline only reports counts through a callback, and this draws them.
"""

from __future__ import annotations

import sys
import time
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

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
