"""Replace a file atomically: a temp file in the same folder, fsync, ``os.replace``, fsync the folder.

A crash at any moment leaves either the old file or the new one, never a mix; a temp file it leaves
behind is named with :data:`TEMP_SUFFIX`, so the next build knows it for its own and deletes it.
"""

from __future__ import annotations

import os
from pathlib import Path

TEMP_SUFFIX = ".journal-tools.tmp"


def atomic_write(path: Path, data: bytes, *, sync_folder: bool = True) -> None:
    """Replace ``path`` with ``data``: temp file in the same folder, fsync, ``os.replace``, fsync folder.

    A caller writing many files in a folder may sync the folder itself, once, after the last one
    (``sync_folder=False``): until then a crash can only leave the previous file in place.
    """
    import tempfile  # here: a build with nothing to write does without it (3 ms of start-up)

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
        fsync_folder(path.parent)


def fsync_folder(folder: Path) -> None:
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
