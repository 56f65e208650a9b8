"""Turn filesystem events under a folder into debounced batches of changed paths.

This module knows nothing of notes: it reports vault-relative paths that an ``ignore`` callback
did not reject, waits until events have been quiet for ``debounce`` seconds (``settle`` seconds
after an event that usually ends a save: a file closed after writing, moved or deleted), and hands
the batch to ``on_change``. Events are hints: moves count for both their ends, duplicates collapse,
and a periodic ``on_reconcile`` call catches whatever the operating system dropped. Python's cyclic
garbage collector waits until a callback has returned.
"""

from __future__ import annotations

import errno
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from watchdog.events import (
    DirCreatedEvent,
    DirDeletedEvent,
    DirMovedEvent,
    FileClosedEvent,
    FileCreatedEvent,
    FileDeletedEvent,
    FileModifiedEvent,
    FileMovedEvent,
    FileSystemEvent,
    FileSystemEventHandler,
)
from watchdog.observers import Observer
from watchdog.observers.api import BaseObserver
from watchdog.observers.polling import PollingObserver

from journal_tools.gc_pause import gc_deferred

log = logging.getLogger(__name__)
IDLE_AFTER = 2.5
"""Seconds without a batch after which ``on_idle`` is called (longer than the caches' 2 s racy window)."""

IGNORED_EVENTS = {"opened", "closed_no_write"}
"""Reading a file changes nothing."""
WATCHED_EVENTS: list[type[FileSystemEvent]] = [
    FileCreatedEvent,
    FileModifiedEvent,
    FileClosedEvent,
    FileMovedEvent,
    FileDeletedEvent,
    DirCreatedEvent,
    DirMovedEvent,
    DirDeletedEvent,
]
"""The events asked of the operating system: a file opened or read, or a folder's times, are not asked
for at all (every note read, by an editor or by the rebuild itself, would be two events to sort out)."""
FINISHING_EVENTS = {"closed", "moved", "deleted"}
"""Events that usually end a save: after one, a shorter quiet period is enough."""

INOTIFY_LIMIT = (
    "inotify limit reached; watching by polling instead (raise fs.inotify.max_user_watches "
    "and fs.inotify.max_user_instances with sysctl to watch by events)"
)


class _Collector(FileSystemEventHandler):
    """Collects the relative paths of events, under a condition the watch loop waits on."""

    def __init__(self, root: Path, ignore: Callable[[str, bool], bool]) -> None:
        self.root = str(root)
        self.ignore = ignore
        self.pending: set[str] = set()
        self.last_event = 0.0
        self.finished = False
        """Whether the last event ended a save (a file closed after writing, moved or deleted)."""
        self.condition = threading.Condition()

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Record the paths an event touched (both ends of a move)."""
        if event.event_type in IGNORED_EVENTS or (event.is_directory and event.event_type == "modified"):
            return
        found = set()
        for raw in (event.src_path, event.dest_path):
            text = os.fsdecode(raw) if raw else ""
            if not text:
                continue
            rel = os.path.relpath(text, self.root).replace(os.sep, "/")
            if rel.startswith("../") or rel == "." or self.ignore(rel, event.is_directory):
                continue
            found.add(rel)
        if found:
            self.add(found, finished=event.event_type in FINISHING_EVENTS)

    def add(self, paths: Iterable[str], *, finished: bool = False) -> None:
        """Queue paths and restart the quiet period (the short one when the event ``finished`` a save)."""
        with self.condition:
            self.pending.update(paths)
            self.last_event = time.monotonic()
            self.finished = finished
            self.condition.notify_all()


class Watcher:
    """Watches a folder and calls back with batches of changed paths until stopped."""

    def __init__(
        self,
        root: Path,
        on_change: Callable[[set[str]], Iterable[str]],
        *,
        ignore: Callable[[str, bool], bool],
        on_reconcile: Callable[[], object] | None = None,
        on_idle: Callable[[], object] | None = None,
        debounce: float = 0.05,
        settle: float = 0.01,
        reconcile_every: float = 300.0,
        poll: bool = False,
        notice: Callable[[str], None] = log.warning,
    ) -> None:
        """Prepare to watch ``root``; ``on_change`` returns paths to look at again after a pause."""
        self.root = root.resolve()
        self.on_change = on_change
        self.on_reconcile = on_reconcile
        self.on_idle = on_idle
        """Called once when no batch came for :data:`IDLE_AFTER` seconds after one was delivered."""
        self.debounce = debounce
        """The quiet period before a batch is handed over."""
        self.settle = settle
        """The shorter quiet period after an event that usually ends a save."""
        self.reconcile_every = reconcile_every
        self.poll = poll
        self.notice = notice
        self.collector = _Collector(self.root, ignore)
        self.stopping = threading.Event()
        self.observer: BaseObserver | None = None

    def start(self) -> None:
        """Start the observer thread (polling when asked, or when inotify's limits are hit)."""
        try:
            self.observer = self._observe(PollingObserver() if self.poll else Observer())
        except OSError as exc:
            if self.poll or exc.errno not in (errno.ENOSPC, errno.EMFILE):
                raise
            self.notice(INOTIFY_LIMIT)
            self.poll = True
            self.observer = self._observe(PollingObserver())

    def _observe(self, observer: BaseObserver) -> BaseObserver:
        """Schedule and start an observer on the root, recursively."""
        observer.schedule(self.collector, str(self.root), recursive=True, event_filter=WATCHED_EVENTS)
        observer.start()
        return observer

    def stop(self) -> None:
        """Stop the loop and the observer thread."""
        self.stopping.set()
        with self.collector.condition:
            self.collector.condition.notify_all()
        if self.observer is not None:
            self.observer.stop()
            if self.observer.is_alive():
                self.observer.join(timeout=5)

    def run(self) -> None:
        """Deliver batches until :meth:`stop`; a failing callback is logged and watching goes on."""
        if self.observer is None:
            self.start()
        next_reconcile = time.monotonic() + self.reconcile_every
        idle_at: float | None = None
        while not self.stopping.is_set():
            batch = self._next_batch(min(next_reconcile, time.monotonic() + 1.0))
            if self.stopping.is_set():
                break
            if batch:
                self._deliver(batch)
                idle_at = time.monotonic() + IDLE_AFTER
            elif idle_at is not None and time.monotonic() >= idle_at:
                idle_at = None
                self._call(self.on_idle, "stamping the pages")
            self._revive_observer()
            if time.monotonic() >= next_reconcile:
                next_reconcile = time.monotonic() + self.reconcile_every
                self._call(self.on_reconcile, "reconciliation")
                if idle_at is None:  # what it rebuilt (on a new day, say) is stamped too, once quiet
                    idle_at = time.monotonic() + IDLE_AFTER

    def _next_batch(self, deadline: float) -> set[str]:
        """Wait for events until ``deadline``, then for a quiet period; return the batch (maybe empty)."""
        collector = self.collector
        with collector.condition:
            while not collector.pending and not self.stopping.is_set():
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return set()
                collector.condition.wait(timeout=remaining)
            while not self.stopping.is_set():
                wanted = self.settle if collector.finished else self.debounce
                quiet = time.monotonic() - collector.last_event
                if quiet >= wanted:
                    break
                collector.condition.wait(timeout=wanted - quiet)
            batch, collector.pending = collector.pending, set()
        return batch

    def _deliver(self, batch: set[str]) -> None:
        """Hand a batch to the callback; queue what it asks to see again."""
        try:
            with gc_deferred():
                again = set(self.on_change(batch))
        except Exception:
            log.exception("rebuild failed; still watching")
            return
        if again:
            self.collector.add(again)

    def _call(self, callback: Callable[[], object] | None, what: str) -> None:
        """Run a callback (if any), logging a failure."""
        if callback is None:
            return
        try:
            with gc_deferred():
                callback()
        except Exception:
            log.exception("%s failed; still watching", what)

    def _revive_observer(self) -> None:
        """Restart an observer thread that died, and look at everything again."""
        if self.observer is None or self.observer.is_alive() or self.stopping.is_set():
            return
        self.notice("the file watcher stopped; restarting it")
        self.start()
        self._call(self.on_reconcile, "reconciliation")
