"""Write generated pages into the output folder: atomically, only when changed, never over user files.

Whose a file is (:mod:`ownership`) decides whether it may be replaced: a file of the user's, or a
page edited by hand, is left alone and becomes a problem.
"""

from __future__ import annotations

import os
import stat
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from journal_tools.note import Problem
from journal_tools.ownership import ownership, refusal, stamp
from journal_tools.scan import files_below

TEMP_SUFFIX = ".journal-tools.tmp"
WRITERS = 8
"""Threads that write pages at once when a build writes many."""


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
    """Pages this process wrote or found unchanged: path -> (size, mtime_ns, bytes).

    While a file's size and modification time still match, it still holds those bytes and need not
    be read again; any change on disk (an edit, a checkout) changes its stat and voids the entry.
    """

    files: dict[str, tuple[int, int, bytes]] = field(default_factory=dict)
    stamps: dict[str, tuple[str, bytes]] = field(default_factory=dict)
    """The last body stamped for each page and its bytes, so an unchanged page is not hashed again."""

    def stamp(self, rel: str, body: str) -> bytes:
        """Return :func:`stamp` of ``body``, reusing the bytes made for ``rel`` when the body is the same."""
        known = self.stamps.get(rel)
        if known is None or known[0] != body:
            known = self.stamps[rel] = (body, stamp(body))
        return known[1]

    def holds(self, rel: str, info: os.stat_result | None, data: bytes | None = None) -> bool:
        """Tell whether the file (by its lstat) still holds what was remembered (and it is ``data``)."""
        known = self.files.get(rel)
        return (
            known is not None
            and info is not None
            and stat.S_ISREG(info.st_mode)
            and known[:2] == (info.st_size, info.st_mtime_ns)
            and (data is None or known[2] == data)
        )

    def remember(self, rel: str, path: Path, data: bytes) -> None:
        """Remember that ``path`` now holds ``data``."""
        try:
            info = os.lstat(path)
        except OSError:
            self.files.pop(rel, None)
            return
        self.files[rel] = (info.st_size, info.st_mtime_ns, data)


def write_pages(
    vault: Path,
    output: str,
    pages: dict[str, str],
    *,
    dry_run: bool = False,
    cache: WriteCache | None = None,
) -> WriteReport:
    """Write ``pages`` (path inside the output folder -> body) and remove generated pages no longer made."""
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
    wanted: list[_Page] = []
    for rel in sorted(pages):
        full, data, info = f"{output}/{rel}", cache.stamp(rel, pages[rel]), existing.get(rel)
        folder = rel.rpartition("/")[0]
        if folder not in folders:
            folders[folder] = _inside(out_dir / folder, vault)
        if folders[folder] and cache.holds(full, info, data):
            report.unchanged.append(full)  # what this process last wrote or read there, untouched since
            continue
        page = _Page(out_dir / rel, full, data, info)
        problem = refusal(page.path, page.data) if folders[folder] else "folder leads outside the vault"
        if problem == "unchanged":
            report.unchanged.append(full)
            cache.remember(full, page.path, data)
        elif problem:
            report.problems.append(Problem(full, 1, "error", problem))
        else:
            wanted.append(page)
    if dry_run:
        report.written += [page.rel for page in wanted]
    else:
        _write_all(wanted, report, cache)
    for folder in sorted({page.rpartition("/")[0] for page in report.written}):
        if not dry_run:
            _fsync_folder(vault / folder)  # once per folder, after all its renames
    for rel, info in existing.items():
        full = f"{output}/{rel}"
        if rel in pages or not rel.endswith(".md") or not _is_ours(out_dir / rel, full, info, cache):
            continue
        try:
            if not dry_run:
                (out_dir / rel).unlink()
        except OSError as exc:
            report.problems.append(Problem(full, 1, "error", f"cannot remove the old page: {exc}"))
            continue
        cache.files.pop(full, None)
        cache.stamps.pop(rel, None)
        report.removed.append(full)
    return report


@dataclass(frozen=True, slots=True)
class _Page:
    """A page to write: where, its vault-relative name, its bytes, and the lstat of what is there."""

    path: Path
    rel: str
    data: bytes
    info: os.stat_result | None


def _write_all(pages: list[_Page], report: WriteReport, cache: WriteCache) -> None:
    """Write pages, several at a time when there are many: each mostly waits on the disk.

    Creating a file and syncing it are system calls that let other threads run, so a cold build's
    thousand pages are written by :data:`WRITERS` threads; a watcher's one or two pages are not.
    """
    if len(pages) > WRITERS:
        from concurrent.futures import ThreadPoolExecutor  # not needed by a build with nothing to write

        with ThreadPoolExecutor(WRITERS) as pool:
            failures = list(pool.map(_write_page, pages))
    else:
        failures = [_write_page(page) for page in pages]
    for page, failure in zip(pages, failures, strict=True):
        if failure:
            report.problems.append(Problem(page.rel, 1, "error", f"cannot write the page: {failure}"))
        else:
            report.written.append(page.rel)
            cache.remember(page.rel, page.path, page.data)


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
