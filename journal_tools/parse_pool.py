"""Parse many notes at once: this process and worker processes share the work when there are enough.

Parsing is pure CPU work on one file at a time, so a cold build of a large vault spreads it over the
machine's cores. Every chunk of notes is handed to the pool at once; the workers take them from the
front, and this process takes the ones no worker has claimed yet from the back, and parses them
itself. A flag per chunk in shared memory says who took it; no future is cancelled, since a worker
dying while one is makes Python 3.11's pool fail in its own thread (CPython gh-107219). A worker
sends its notes back pickled, as the parse cache stores them, so what a worker parsed is not pickled
a second time. It writes them to a file in a temporary folder rather than to the pool's pipe: a pipe
holds 64 KB, a chunk's notes about 200 KB, and the thread that empties it here waits for this
process's parsing to let it run, so a worker writing to it sat idle for a third of a cold build.
Small batches (and a watcher's single saves) are always parsed in this process.
"""

from __future__ import annotations

import os
import signal
import tempfile
from collections import deque
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from journal_tools.gc_pause import gc_deferred
from journal_tools.note import Note
from journal_tools.note_pickle import dump_note, load_note
from journal_tools.parse import read_note
from journal_tools.processes import process_context

if TYPE_CHECKING:  # the pool's modules are loaded only when a pool starts (7 ms of every run else)
    from concurrent.futures import Future
    from multiprocessing.sharedctypes import SynchronizedArray

POOL_MIN = 1500
"""The fewest notes worth starting worker processes for."""
CHUNK = 200
"""Notes per hand-over: large enough to keep it cheap, small enough to share the last ones out evenly."""
MAX_WORKERS = 8

Parsed: TypeAlias = tuple[str, Note, bytes | None]
"""A note's path, the note, and its pickle when a worker parsed it (else None)."""
Claims: TypeAlias = "SynchronizedArray[int]"
"""One flag per chunk, set by whoever (a worker or this process) parses it."""
_Sent: TypeAlias = deque[tuple[int, list[str], "Future[tuple[str, list[int]] | None]"]]
_claims: Claims | None = None
"""In a worker: the pool's claims."""


def read_notes(
    root: Path, paths: list[str], *, workers: int | None = None, minimum: int = POOL_MIN
) -> Iterator[Parsed]:
    """Yield each of ``paths`` parsed, in no particular order; with workers when ``minimum`` or more.

    ``workers`` is how many processes help this one (by default, one for each other core).
    """
    count = min((os.cpu_count() or 1) - 1 if workers is None else workers, MAX_WORKERS)
    if count < 1 or len(paths) < minimum:
        yield from _here(root, paths)
        return
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    chunks = [paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK)]
    context = process_context()
    try:
        claims = context.Array("b", len(chunks))
        temporary = tempfile.TemporaryDirectory(prefix="journal-tools-", ignore_cleanup_errors=True)
    except OSError:  # no shared memory, or no temporary folder to hand notes back in: all are parsed here
        yield from _here(root, paths)
        return
    sent: _Sent = deque()
    with (
        temporary as folder,
        ProcessPoolExecutor(count, context, initializer=_start_worker, initargs=(claims,)) as pool,
    ):
        try:
            for index, chunk in enumerate(chunks):
                try:
                    sent.append((index, chunk, pool.submit(_read_chunk, root, index, chunk, folder)))
                except (BrokenProcessPool, OSError):  # no worker could start: this process does the rest
                    yield from _here(root, [path for chunk in chunks[len(sent) :] for path in chunk])
                    break
            while sent and _claim(claims, sent[-1][0]):  # no worker took it: this process parses it
                yield from _here(root, sent.pop()[1])
                yield from _returned(root, sent, wait=False)
            yield from _returned(root, sent, wait=True)
        finally:  # stopped early (interrupted): the workers skip the chunks they have not started
            for index, _, _ in sent:
                _claim(claims, index)


def _here(root: Path, paths: list[str]) -> Iterator[Parsed]:
    """Parse notes in this process."""
    for path in paths:
        yield path, read_note(root, path), None


def _returned(root: Path, sent: _Sent, *, wait: bool) -> Iterator[Parsed]:
    """Yield the notes of the first chunks, as long as workers have finished them (all, when ``wait``).

    A chunk whose worker died (killed, out of memory) or could not write its file is parsed here.
    """
    from concurrent.futures.process import BrokenProcessPool  # loaded already: a pool is running

    while sent and (wait or sent[0][2].done()):
        _, chunk, future = sent.popleft()
        try:
            returned = future.result()
        except BrokenProcessPool:
            returned = None
        try:
            pickles = _take(*returned) if returned else None
        except OSError:
            pickles = None
        if pickles is None:
            yield from _here(root, chunk)
            continue
        for path, data in zip(chunk, pickles, strict=True):
            yield path, load_note(data), data


def _start_worker(claims: Claims) -> None:
    """Keep the pool's claims; leave Ctrl-C to the build, which stops the pool (in a worker, as it starts)."""
    global _claims
    _claims = claims
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _claim(claims: Claims, index: int) -> bool:
    """Claim chunk ``index``; tell whether it was still free."""
    with claims.get_lock():
        if claims[index]:
            return False
        claims[index] = 1
        return True


def _read_chunk(root: Path, index: int, paths: list[str], folder: str) -> tuple[str, list[int]] | None:
    """Parse a chunk of notes into a new file in ``folder``, one pickle after the other (in a worker).

    Return the file's path and the length of each pickle; None when the chunk was claimed already.
    """
    if _claims is None or not _claim(_claims, index):
        return None
    with gc_deferred():
        pickles = [dump_note(read_note(root, path)) for path in paths]
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".notes", delete=False) as file:
        file.write(b"".join(pickles))
    return file.name, [len(data) for data in pickles]


def _take(name: str, sizes: list[int]) -> list[bytes]:
    """Read back the pickles of a chunk from the file a worker wrote, and delete the file."""
    try:
        with open(name, "rb") as file:
            pickles = [file.read(size) for size in sizes]
    finally:
        os.unlink(name)
    if list(map(len, pickles)) != sizes:
        raise OSError(f"{name} is shorter than its worker wrote")
    return pickles
