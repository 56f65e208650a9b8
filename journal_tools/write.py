"""Write generated pages into the output folder: atomically, only when changed, never over user files.

Whose a file is (:mod:`ownership`) decides whether it may be replaced: a file of the user's, or a
page edited by hand, is left alone and becomes a problem.
"""

from __future__ import annotations

import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from journal_tools.note import Problem
from journal_tools.ownership import Stamped, ownership, refusal
from journal_tools.scan import files_below

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

TEMP_SUFFIX = ".journal-tools.tmp"
WRITERS = 8
"""Threads that write pages at once when a build writes many."""
WAITING = 2 * WRITERS
"""Pages rendered and waiting for a writing thread, at most."""


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


@dataclass(slots=True)
class WriteCache:
    """Pages this process wrote or found unchanged: path -> (size, mtime_ns, checksum of the body).

    While a file's size and modification time still match, it still holds that page and need not
    be read again; any change on disk (an edit, a checkout) changes its stat and voids the entry.
    """

    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)

    def holds(self, rel: str, info: os.stat_result | None, checksum: str | None = None) -> bool:
        """Tell whether the file (by its lstat) still holds what was remembered (and it is ``checksum``)."""
        known = self.files.get(rel)
        return (
            known is not None
            and info is not None
            and stat.S_ISREG(info.st_mode)
            and known[:2] == (info.st_size, info.st_mtime_ns)
            and (checksum is None or known[2] == checksum)
        )

    def remember(self, rel: str, path: Path, checksum: str) -> None:
        """Remember that ``path`` now holds the page whose body has ``checksum``."""
        try:
            info = os.lstat(path)
        except OSError:
            self.files.pop(rel, None)
            return
        self.files[rel] = (info.st_size, info.st_mtime_ns, checksum)


def write_pages(
    vault: Path,
    output: str,
    pages: Iterable[Stamped],
    again: Callable[[str], bytes],
    *,
    dry_run: bool = False,
    cache: WriteCache | None = None,
) -> WriteReport:
    """Write ``pages`` as they come and remove the generated pages no longer made.

    A page comes without its bytes when it is the same as last rendered: when its file does not hold
    it, ``again`` gives them (from the page's path inside the output folder).
    """
    report = WriteReport()
    cache = cache if cache is not None else WriteCache()
    out_dir = vault / output
    if not _inside(out_dir, vault):
        report.problems.append(
            Problem(output, 1, "error", "output folder leads outside the vault; nothing written")
        )
        return report
    existing = _existing_files(out_dir, remove_temp_files=not dry_run)
    folders: dict[str, bool] = {}
    made: set[str] = set()
    writers = _Writers(report, cache, dry_run=dry_run)
    for page in pages:
        rel = page.rel
        made.add(rel)
        full, info, folder = f"{output}/{rel}", existing.get(rel), rel.rpartition("/")[0]
        if folder not in folders:
            folders[folder] = _inside(out_dir / folder, vault)
        if folders[folder] and cache.holds(full, info, page.checksum):
            report.unchanged.append(full)  # what this process last wrote or read there, untouched since
            continue
        path = out_dir / rel
        data = page.data if page.data is not None else again(rel)
        problem = refusal(path, data) if folders[folder] else "folder leads outside the vault"
        if problem == "unchanged":
            report.unchanged.append(full)
            cache.remember(full, path, page.checksum)
        elif problem:
            report.problems.append(Problem(full, 1, "error", problem))
        else:
            writers.add(_Page(path, full, data, page.checksum))
    writers.finish()
    for folder in sorted({page.rpartition("/")[0] for page in report.written}):
        if not dry_run:
            _fsync_folder(vault / folder)  # once per folder, after all its renames
    for rel, info in existing.items():
        full = f"{output}/{rel}"
        if rel in made or not rel.endswith(".md") or not _is_ours(out_dir / rel, full, info, cache):
            continue
        try:
            if not dry_run:
                (out_dir / rel).unlink()
        except OSError as exc:
            report.problems.append(Problem(full, 1, "error", f"cannot remove the old page: {exc}"))
            continue
        cache.files.pop(full, None)
        report.removed.append(full)
    for found in (report.written, report.unchanged, report.removed):
        found.sort()
    report.problems.sort(key=lambda p: (p.path, p.line, p.message))
    return report


@dataclass(frozen=True, slots=True)
class _Page:
    """A page to write: where, its vault-relative name, its bytes, and its body's checksum."""

    path: Path
    rel: str
    data: bytes
    checksum: str


class _Writers:
    """Writes pages as they come: in this thread while they are few, by :data:`WRITERS` threads beyond.

    Creating a file and syncing it are system calls that let other threads run, so a cold build's
    thousand pages are written by threads while the next ones render; a watcher's one or two pages
    are not. At most :data:`WAITING` pages wait for a thread, so a build never holds every page's bytes.
    """

    def __init__(self, report: WriteReport, cache: WriteCache, *, dry_run: bool) -> None:
        self.report, self.cache, self.dry_run = report, cache, dry_run
        self.first: list[_Page] = []
        """The pages before there were more than :data:`WRITERS`: written in this thread if no more come."""
        self.pool: ThreadPoolExecutor | None = None
        self.slots = threading.BoundedSemaphore(WAITING)
        self.started: list[tuple[str, Path, str, Future[str]]] = []

    def add(self, page: _Page) -> None:
        """Write ``page`` now or soon (in a dry run, only count it)."""
        if self.dry_run:
            self.report.written.append(page.rel)
        elif self.pool is not None:
            self._start(page)
        elif len(self.first) < WRITERS:
            self.first.append(page)
        else:
            from concurrent.futures import ThreadPoolExecutor  # not needed by a build writing a few pages

            self.pool = ThreadPoolExecutor(WRITERS)
            for waiting in [*self.first, page]:
                self._start(waiting)
            self.first = []

    def finish(self) -> None:
        """Wait for every page, then tell the report and the cache what was written."""
        done = [(page.rel, page.path, page.checksum, _write_page(page)) for page in self.first]
        if self.pool is not None:
            self.pool.shutdown(wait=True)
            done += [(rel, path, checksum, future.result()) for rel, path, checksum, future in self.started]
        for rel, path, checksum, failure in done:
            if failure:
                self.report.problems.append(Problem(rel, 1, "error", f"cannot write the page: {failure}"))
            else:
                self.report.written.append(rel)
                self.cache.remember(rel, path, checksum)

    def _start(self, page: _Page) -> None:
        """Hand ``page`` to a thread, once fewer than :data:`WAITING` pages wait for one."""
        assert self.pool is not None
        self.slots.acquire()
        future = self.pool.submit(_write_page, page)
        future.add_done_callback(lambda _: self.slots.release())
        self.started.append((page.rel, page.path, page.checksum, future))


def _write_page(page: _Page) -> str:
    """Write one page; return why it could not be written, or ""."""
    try:
        atomic_write(page.path, page.data, sync_folder=False)
    except OSError as exc:
        return str(exc.strerror or exc)
    return ""


def atomic_write(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, ``os.replace``, fsync folder.

    A caller writing many files in a folder may sync the folder itself, once, after the last one
    (``sync_folder=False``): until then a crash can only leave the previous file in place.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=TEMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
    if sync_folder:
        _fsync_folder(path.parent)


def _fsync_folder(folder: Path) -> None:
    """Make a rename durable by syncing its folder (where the platform allows it)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def _existing_files(out_dir: Path, *, remove_temp_files: bool) -> dict[str, os.stat_result]:
    """Return the lstat of every file in the output folder, by path inside it, in order.

    Temp files an interrupted run left behind (only journal-tools' own) are deleted on the way.
    """
    found: dict[str, os.stat_result] = {}
    for rel, entry in files_below(out_dir):
        if entry.name.startswith(".") and entry.name.endswith(TEMP_SUFFIX):
            if remove_temp_files:
                Path(entry.path).unlink(missing_ok=True)
            continue
        try:
            found[rel] = entry.stat(follow_symlinks=False)
        except OSError:
            continue
    return dict(sorted(found.items()))


def _is_ours(path: Path, rel: str, info: os.stat_result, cache: WriteCache) -> bool:
    """Tell whether a file in the output folder is an unedited generated page."""
    if cache.holds(rel, info):
        return True
    if not stat.S_ISREG(info.st_mode):
        return False
    try:
        return ownership(path.read_bytes()) == "ours"
    except OSError:
        return False


def _inside(path: Path, root: Path) -> bool:
    """Tell whether ``path`` (resolved) lies inside ``root``."""
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True
