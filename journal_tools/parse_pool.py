"""Parse many notes at once: this process and worker processes share the work when there are enough.

Parsing is pure CPU work on one file at a time, so a cold build of a large vault spreads it over the
machine's cores. This process parses too: the workers take chunks from the front of the list, it
takes them from the back, and they meet wherever the workers' start-up and speed put them (on 2
cores, with one worker: 10,000 notes in about 1.5 s instead of 2.2 s). A worker sends its notes back
pickled, as the parse cache stores them, so what a worker parsed is not pickled a second time.
Small batches (and a watcher's single saves) are always parsed in this process.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TypeAlias

from journal_tools.gc_pause import gc_deferred
from journal_tools.note import Note
from journal_tools.parse import read_note
from journal_tools.parse_cache import PICKLE_PROTOCOL, load_note

POOL_MIN = 1500
"""The fewest notes worth starting worker processes for."""
CHUNK = 200
"""Notes per hand-over: large enough to keep it cheap, small enough to share the last ones out evenly."""
AHEAD = 2
"""Chunks queued per worker, so that a worker never waits for this process to hand it the next one."""
MAX_WORKERS = 8

Parsed: TypeAlias = tuple[str, Note, bytes | None]
"""A note's path, the note, and its pickle when a worker parsed it (else None)."""
_Sent: TypeAlias = list[tuple[list[str], "Future[list[bytes]]"]]


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
    chunks = deque(paths[i : i + CHUNK] for i in range(0, len(paths), CHUNK))
    sent: _Sent = []
    with ProcessPoolExecutor(max_workers=count, mp_context=_context()) as pool:
        while chunks:
            if sum(1 for _, future in sent if not future.done()) < count * AHEAD:
                try:
                    sent.append((chunks[0], pool.submit(_read_chunk, root, chunks[0])))
                    chunks.popleft()
                    continue
                except (BrokenProcessPool, OSError):  # no worker could start: this process does it all
                    yield from _here(root, [path for chunk in chunks for path in chunk])
                    break
            yield from _here(root, chunks.pop())  # this process's share, from the back
            yield from _returned(root, sent, wait=False)
        yield from _returned(root, sent, wait=True)


def _here(root: Path, paths: list[str]) -> Iterator[Parsed]:
    """Parse notes in this process."""
    for path in paths:
        yield path, read_note(root, path), None


def _returned(root: Path, sent: _Sent, *, wait: bool) -> Iterator[Parsed]:
    """Yield the notes of the chunks workers have finished (of every chunk sent, when ``wait``).

    A chunk whose worker died (killed, out of memory) is parsed in this process instead.
    """
    for entry in [entry for entry in sent if wait or entry[1].done()]:
        sent.remove(entry)
        chunk, future = entry
        try:
            pickles = future.result()
        except BrokenProcessPool:
            yield from _here(root, chunk)
            continue
        for path, data in zip(chunk, pickles, strict=True):
            yield path, load_note(data), data


def _read_chunk(root: Path, paths: list[str]) -> list[bytes]:
    """Parse a chunk of notes and pickle them (in a worker process)."""
    with gc_deferred():
        return [pickle.dumps(read_note(root, path), protocol=PICKLE_PROTOCOL) for path in paths]


def _context() -> BaseContext:
    """Start workers from a clean server process where the platform has one (a watcher has threads)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else None)
