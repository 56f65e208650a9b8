"""What the output folder holds: listed anew, or the last listing with the files a watcher saw change."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from journal_tools.atomic import TEMP_SUFFIX
from journal_tools.scan import files_below


def output_files(
    out_dir: Path,
    last: dict[str, os.stat_result] | None,
    touched: set[str] | None,
    *,
    remove_temp_files: bool,
) -> dict[str, os.stat_result]:
    """Return the lstat of every file in the output folder, by path inside it.

    That is the ``last`` listing with the ``touched`` files looked at again (changed in place), or a
    new listing when what changed is not known or a folder changed.
    """
    if touched is not None and last is not None and _relist(out_dir, last, touched):
        return last
    return _list_files(out_dir, remove_temp_files=remove_temp_files)


def _list_files(out_dir: Path, *, remove_temp_files: bool) -> dict[str, os.stat_result]:
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


def _relist(out_dir: Path, listing: dict[str, os.stat_result], paths: Iterable[str]) -> bool:
    """Look at ``paths`` again in ``listing``; False when one may be a folder (whose files go unnamed)."""
    for rel in paths:
        if not rel:
            return False  # the output folder itself
        try:
            info = os.lstat(out_dir / rel)
        except OSError:
            if listing.pop(rel, None) is None and not rel.endswith(TEMP_SUFFIX):
                return False  # not a file listed before: perhaps a folder, moved or deleted
            continue
        if stat.S_ISDIR(info.st_mode):
            return False
        if not rel.endswith(TEMP_SUFFIX):  # a page being written is not listed
            listing[rel] = info
    return True
