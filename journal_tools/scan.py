"""Find the note files of a vault: every ``*.md`` outside hidden, excluded and output folders."""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from operator import attrgetter
from pathlib import Path
from stat import S_ISLNK
from typing import NamedTuple

from journal_tools.problem import Problem
from journal_tools.settings import SETTINGS_FILE, VAULT_TEMPLATES, Settings


class SourceFile(NamedTuple):
    """A note file found in the vault.

    A named tuple rather than a dataclass: every build makes one per note, even a build with nothing
    to do, and a tuple is made in half the time.
    """

    path: str
    """Relative to the vault, with ``/``, as named on disk."""
    size: int
    mtime_ns: int


BY_PATH = attrgetter("path")
"""The order of note files: by path."""
_BY_DESCRIPTOR = os.stat in os.supports_dir_fd and os.stat in os.supports_follow_symlinks
"""Whether the platform looks a name up from a folder's descriptor without following a link."""
_SYNC_CONFLICT = re.compile(r"\.sync-conflict-|conflicted copy", re.IGNORECASE)
"""Copies that Syncthing, Dropbox or Nextcloud leave beside a note when two edits collide."""


def is_note_path(path: str, settings: Settings) -> bool:
    """Tell whether a vault-relative ``/`` path names a note journal-tools reads."""
    if not path.endswith(".md") or _SYNC_CONFLICT.search(path):
        return False
    folder, _, name = path.rpartition("/")
    if name.startswith(".") or any(part.startswith(".") for part in folder.split("/") if part):
        return False
    return not (folder and is_skipped_folder(folder, settings))


def is_skipped_folder(path: str, settings: Settings) -> bool:
    """Tell whether a vault-relative folder is never read (hidden, output or excluded)."""
    if path.rsplit("/", 1)[-1].startswith("."):
        return True
    return any(is_inside(path, folder) for folder in (settings.output, *settings.exclude))


def is_inside(path: str, folder: str) -> bool:
    """Tell whether a vault-relative path is ``folder`` or lies in it."""
    return path == folder or path.startswith(folder + "/")


def scan_vault(root: Path, settings: Settings) -> tuple[list[SourceFile], list[Problem]]:
    """List the vault's notes in a stable order; symlinks leaving the vault are not followed."""
    found: list[SourceFile] = []
    problems: list[Problem] = []
    real_root = root.resolve()
    visited: set[tuple[int, int]] = set()
    lstat, stat_at, conflict = os.lstat, os.stat, _SYNC_CONFLICT.search

    def on_error(error: OSError) -> None:
        where = Path(error.filename or root).resolve()
        rel = _relative(where, real_root) or "."
        problems.append(Problem(rel, 1, "warning", f"cannot read folder: {error.strerror}"))

    for folder, dirs, files in os.walk(real_root, onerror=on_error, followlinks=True):
        here = Path(folder)
        stat = here.stat()
        key = (stat.st_dev, stat.st_ino)
        if key in visited or _relative(here.resolve(), real_root) is None:
            dirs[:] = []
            continue
        visited.add(key)
        prefix = "" if here == real_root else (_relative(here, real_root) or "") + "/"
        dirs[:] = sorted(d for d in dirs if not is_skipped_folder(prefix + d, settings))
        if _SYNC_CONFLICT.search(prefix):
            continue  # the folders walked into are neither hidden nor skipped: only their names are left
        # what is_note_path says of a file in a folder that is read:
        names = sorted(n for n in files if n.endswith(".md") and not n.startswith(".") and not conflict(n))
        with _opened(folder) as here_fd:
            for name in names:
                rel = prefix + name
                try:
                    if here_fd is None:
                        info = lstat(f"{folder}/{name}")  # folder: absolute, without a trailing slash
                    else:
                        info = stat_at(name, dir_fd=here_fd, follow_symlinks=False)
                    if S_ISLNK(info.st_mode):  # only a link can lead out of a folder that is inside
                        full = f"{folder}/{name}"
                        if _relative(Path(full).resolve(), real_root) is None:
                            problems.append(
                                Problem(rel, 1, "warning", "symlink to a file outside the vault; not read")
                            )
                            continue
                        info = os.stat(full)
                except OSError as exc:
                    problems.append(Problem(rel, 1, "error", f"cannot read the note: {exc.strerror}"))
                    continue
                found.append(SourceFile(rel, info.st_size, info.st_mtime_ns))
    found.sort(key=BY_PATH)
    return found, problems


@contextmanager
def _opened(folder: str) -> Iterator[int | None]:
    """Open a folder to look up the names in it (None where that cannot be done).

    Naming a file by its folder's descriptor spares the system walking the whole path again for
    each file: a fifth of the time it takes to look at every note of a vault.
    """
    if not _BY_DESCRIPTOR:
        yield None
        return
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)


def files_below(folder: Path) -> Iterator[tuple[str, os.DirEntry[str]]]:
    """Yield (path inside ``folder`` with ``/``, entry) for every file and symlink below it, unordered.

    Links to folders are not followed; a folder that cannot be listed (or is absent) is passed over.
    """
    folders = [("", str(folder))]
    while folders:
        prefix, here = folders.pop()
        try:
            with os.scandir(here) as entries:
                listed = list(entries)
        except OSError:
            continue
        for entry in listed:
            if entry.is_dir(follow_symlinks=False):
                folders.append((f"{prefix}{entry.name}/", entry.path))
            else:
                yield prefix + entry.name, entry


def is_watched(path: str, is_folder: bool, settings: Settings) -> bool:
    """Tell whether a change at ``path`` matters to a session that keeps a vault's notes in memory.

    That is a note or a folder of notes, the settings, a template, and anything in the output
    folder (to know which pages to look at again).
    """
    if any(is_inside(path, extra) for extra in (SETTINGS_FILE, VAULT_TEMPLATES, settings.output)):
        return True
    if is_folder:
        return not any(is_skipped_folder(prefix, settings) for prefix in _prefixes(path))
    return is_note_path(path, settings)


def _prefixes(path: str) -> list[str]:
    """Return ``a``, ``a/b``, ``a/b/c`` for ``a/b/c``."""
    parts = path.split("/")
    return ["/".join(parts[: i + 1]) for i in range(len(parts))]


def stat_note(root: Path, path: str) -> SourceFile | None:
    """Return the note file at ``path`` when it exists inside the vault (links followed), else None."""
    real_root = root.resolve()
    full = real_root / path
    try:
        if _relative(full.resolve(), real_root) is None or not full.is_file():
            return None
        info = full.stat()
    except OSError:
        return None
    return SourceFile(path, info.st_size, info.st_mtime_ns)


def _relative(path: Path, root: Path) -> str | None:
    """Return ``path`` relative to ``root`` with ``/``, or None when it is outside."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return None
