"""Write generated pages into the output folder: atomically, only when changed, never over user files.

Whose a file is (:mod:`ownership`) decides whether it may be replaced: a file of the user's, or a
page edited by hand, is left alone and becomes a problem.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from journal_tools.atomic import fsync_folder
from journal_tools.output_files import output_files
from journal_tools.ownership import Stamped, ownership
from journal_tools.problem import Problem
from journal_tools.write_report import WriteReport
from journal_tools.writers import PageFile, Writers


@dataclass(slots=True)
class WriteCache:
    """Pages this process wrote or found unchanged (size, mtime_ns, body checksum) by output path.

    While a file's size and modification time still match, it still holds that page and need not
    be read again; any change on disk (an edit, a checkout) changes its stat and voids the entry.
    """

    files: dict[str, tuple[int, int, str]] = field(default_factory=dict)
    listing: dict[str, os.stat_result] | None = None
    """The lstat of every file in the output folder (by path inside it) as the last build left them."""

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
        """Remember that ``path`` (``rel`` in the output folder) holds the page of body ``checksum``."""
        try:
            info = os.lstat(path)
        except OSError:
            self.forget(rel)
            return
        self.files[rel] = (info.st_size, info.st_mtime_ns, checksum)
        if self.listing is not None:
            self.listing[rel] = info

    def forget(self, rel: str) -> None:
        """Forget the file at ``rel`` in the output folder: it is gone."""
        self.files.pop(rel, None)
        if self.listing is not None:
            self.listing.pop(rel, None)


def write_pages(
    vault: Path,
    output: str,
    pages: Iterable[Stamped],
    again: Callable[[str], bytes],
    *,
    dry_run: bool = False,
    cache: WriteCache | None = None,
    touched: set[str] | None = None,
    kept: Iterable[str] = (),
) -> WriteReport:
    """Write ``pages`` as they come and remove the generated pages no longer made.

    The pages ``kept`` (paths inside the output folder) are made too: left as the last build wrote them.

    A page comes without its bytes when it is the same as last rendered: when its file does not hold
    it, ``again`` gives them (from the page's path inside the output folder). When ``touched`` names
    every path of the output folder changed since the last build (a watcher's events tell), only those
    files are looked at again; else the whole folder is listed.
    """
    report = WriteReport()
    cache = cache if cache is not None else WriteCache()
    out_dir = vault / output
    if not _inside(out_dir, vault):
        report.problems.append(
            Problem(output, 1, "error", "output folder leads outside the vault; nothing written")
        )
        return report
    existing = cache.listing = output_files(out_dir, cache.listing, touched, remove_temp_files=not dry_run)
    folders: dict[str, bool] = {}
    made = set(kept)
    report.unchanged += [f"{output}/{rel}" for rel in made]
    writers = Writers(dry_run=dry_run)
    for page in pages:
        rel = page.rel
        made.add(rel)
        full, info, folder = f"{output}/{rel}", existing.get(rel), rel.rpartition("/")[0]
        if folder not in folders:
            folders[folder] = _inside(out_dir / folder, vault)
        if folders[folder] and cache.holds(rel, info, page.checksum):
            report.unchanged.append(full)  # what this process last wrote or read there, untouched since
            continue
        if not folders[folder]:
            report.problems.append(Problem(full, 1, "error", "folder leads outside the vault"))
            continue
        data = page.data if page.data is not None else again(rel)
        writers.add(PageFile(out_dir / rel, rel, full, page.checksum), data)
    for written, (outcome, why) in writers.finish():
        if outcome == "refused":
            report.problems.append(Problem(written.rel, 1, "error", why))
        elif outcome == "failed":
            report.problems.append(Problem(written.rel, 1, "error", f"cannot write the page: {why}"))
        else:
            (report.written if outcome == "written" else report.unchanged).append(written.rel)
            if not dry_run:
                cache.remember(written.name, written.path, written.checksum)
    for folder in sorted({page.rpartition("/")[0] for page in report.written}):
        if not dry_run:
            fsync_folder(vault / folder)  # once per folder, after all its renames
    for rel, info in list(existing.items()):
        full = f"{output}/{rel}"
        if rel in made or not rel.endswith(".md") or not _is_ours(out_dir / rel, rel, info, cache):
            continue
        try:
            if not dry_run:
                (out_dir / rel).unlink()
        except OSError as exc:
            report.problems.append(Problem(full, 1, "error", f"cannot remove the old page: {exc}"))
            continue
        cache.forget(rel)
        report.removed.append(full)
    for found in (report.written, report.unchanged, report.removed):
        found.sort()
    report.problems.sort(key=lambda p: (p.path, p.line, p.message))
    return report


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
