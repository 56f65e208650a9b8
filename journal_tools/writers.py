"""Write pages as a build renders them: here while they are few, then by threads, then by a helper process.

Looking at the file a page replaces, creating a file and syncing it are system calls that let other
threads run, so a cold build's pages are written while the next ones render; the first few pages, such
as a watcher's one or two, are written here at once. Each page's file is looked at
(:func:`ownership.refusal`) right before it is written. But a thread needs Python's lock back after
each system call, and the thread rendering pages holds it: beyond a few hundred pages the hand-overs
cost more than the writing (3 of the 14 seconds a cold build of 50,000 notes took after reading them).
From :data:`PROCESS_AFTER` pages on, a helper process takes each page's path and bytes through a pipe
and writes them with threads of its own, where nothing else wants the lock. At most :data:`WAITING`
pages wait for a thread, here or there, so a build never holds every page's bytes.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from journal_tools.atomic import atomic_write
from journal_tools.ownership import refusal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor
    from multiprocessing.connection import Connection
    from multiprocessing.process import BaseProcess

WRITERS = 8
"""Threads that write pages at once when a build writes many (in this process or the helper)."""
WAITING = 2 * WRITERS
"""Pages rendered and waiting for a writing thread, at most."""
PROCESS_AFTER = 256
"""Pages handed to threads of this process before the rest go to a helper process."""
Outcome: TypeAlias = tuple[str, str]
"""What happened to a page (``written``, ``unchanged``, ``refused`` or ``failed``), and why."""
STOPPED: Outcome = ("failed", "the process writing pages stopped before it told what it did")


@dataclass(frozen=True, slots=True)
class PageFile:
    """A page to write: where, its path inside the output folder and in the vault, its body's checksum."""

    path: Path
    name: str
    rel: str
    checksum: str


def write_page(path: Path, data: bytes, *, dry_run: bool = False) -> Outcome:
    """Write one page unless its file must not be replaced (nothing is written in a ``dry_run``)."""
    problem = refusal(path, data)
    if problem:
        return ("unchanged", "") if problem == "unchanged" else ("refused", problem)
    try:
        if not dry_run:
            atomic_write(path, data, sync_folder=False)
    except OSError as exc:
        return "failed", str(exc.strerror or exc)
    return "written", ""


class Writers:
    """Writes pages as they come and tells, at the end, what happened to each."""

    def __init__(self, *, dry_run: bool) -> None:
        self.dry_run = dry_run
        self.threads = _Threads()
        self.helper: _Helper | None = None
        self.handed = 0
        self.done: list[tuple[PageFile, Outcome]] = []

    def add(self, page: PageFile, data: bytes) -> None:
        """Write ``data`` to ``page`` now or soon (in a dry run, only look at the file it would replace)."""
        self.handed += 1
        if self.dry_run:
            self.done.append((page, write_page(page.path, data, dry_run=True)))
            return
        if self.handed == PROCESS_AFTER + 1:
            self.helper = _Helper.start()
        if self.helper is not None and self.helper.send(page, data):
            return
        if self.handed <= WRITERS:
            # The first few at once, in this thread: the page a save changed shows without waiting
            # for the thousands planned after it, and a build writing few pages starts no thread.
            self.done.append((page, write_page(page.path, data)))
            return
        self.done += self.threads.write(page, data)

    def finish(self) -> list[tuple[PageFile, Outcome]]:
        """Wait for every page; return what happened to each."""
        done = self.done + self.threads.finish()
        return done + (self.helper.finish() if self.helper is not None else [])


class _Threads:
    """Threads of this process that write pages, at most :data:`WAITING` waiting for one."""

    def __init__(self) -> None:
        self.pool: ThreadPoolExecutor | None = None
        self.slots = threading.BoundedSemaphore(WAITING)
        self.started: deque[tuple[PageFile, Future[Outcome]]] = deque()

    def write(self, page: PageFile, data: bytes) -> list[tuple[PageFile, Outcome]]:
        """Hand a page to a thread; return the pages finished since the last call."""
        if self.pool is None:
            from concurrent.futures import ThreadPoolExecutor  # not needed by a build writing a few pages

            self.pool = ThreadPoolExecutor(WRITERS)
        self.slots.acquire()
        future = self.pool.submit(write_page, page.path, data)
        future.add_done_callback(lambda _: self.slots.release())
        self.started.append((page, future))
        finished = []
        while self.started and self.started[0][1].done():  # each future holds a lock: keep the unfinished
            done_page, future = self.started.popleft()
            finished.append((done_page, future.result()))
        return finished

    def finish(self) -> list[tuple[PageFile, Outcome]]:
        """Wait for the pages handed out; return what happened to each."""
        if self.pool is not None:
            self.pool.shutdown(wait=True)
        return [(page, future.result()) for page, future in self.started]


class _Helper:
    """A helper process writing the pages sent to it; it tells what happened to each at the end."""

    def __init__(self, connection: Connection, process: BaseProcess) -> None:
        self.connection, self.process = connection, process
        self.sent: list[PageFile] = []
        self.alive = True

    @classmethod
    def start(cls) -> _Helper | None:
        """Start a helper; None when none can start (the threads of this process write every page)."""
        from journal_tools.processes import process_context  # loads multiprocessing: only for many pages

        try:
            context = process_context()
            connection, end = context.Pipe()
            process = context.Process(target=serve, args=(end,), daemon=True)
            process.start()
        except Exception:  # no process, whatever the reason (none allowed here): this one writes them
            return None
        end.close()
        return cls(connection, process)

    def send(self, page: PageFile, data: bytes) -> bool:
        """Send a page to be written; False when the helper is gone (this process writes it)."""
        if not self.alive:
            return False
        name = os.fsencode(page.path)
        try:
            self.connection.send_bytes(b"".join((len(name).to_bytes(4, "little"), name, data)))
        except (OSError, ValueError):
            self.alive = False
            return False
        self.sent.append(page)
        return True

    def finish(self) -> list[tuple[PageFile, Outcome]]:
        """Wait for the helper to write every page sent; what happened to each (failed, if it stopped)."""
        outcomes: list[Outcome] = []
        try:
            if self.alive:
                self.connection.send_bytes(b"")
                outcomes = self.connection.recv()
        except (OSError, EOFError, ValueError):
            outcomes = []
        finally:
            self.connection.close()
            self.process.join()
        if len(outcomes) != len(self.sent):  # it died: which pages it wrote is not known
            outcomes = [STOPPED] * len(self.sent)
        return list(zip(self.sent, outcomes, strict=True))


def serve(connection: Connection) -> None:
    """Write every page received until an empty message, then send back their outcomes (in the helper).

    Ctrl-C is the build's to handle: the helper writes on until the build closes the pipe or goes.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threads = _Threads()
    done: list[Outcome] = []
    try:
        while message := connection.recv_bytes():
            size = int.from_bytes(message[:4], "little")
            page = PageFile(Path(os.fsdecode(message[4 : 4 + size])), "", "", "")
            done += [outcome for _, outcome in threads.write(page, message[4 + size :])]
    except (EOFError, OSError):
        pass  # the build stopped: the pages it sent are still written, each whole
    done += [outcome for _, outcome in threads.finish()]
    with contextlib.suppress(OSError):
        connection.send(done)
    connection.close()
