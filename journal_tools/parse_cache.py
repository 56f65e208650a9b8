"""A cache of parsed notes in the vault's ``.journal-tools/`` folder (SQLite), checked, never trusted blindly.

A note is taken from the cache only when its path, size and modification time (in nanoseconds) are
those it had when it was parsed, by this version of the parser. A note saved within two seconds of
being cached may have changed again without its time changing (coarse file system clocks), so such
an entry is parsed again next time. A cache that is corrupt, locked by another process or from
another version is ignored and made again; no error in the cache ever stops a build.

Entries are pickles of the note's own dataclasses, read back by :mod:`journal_tools.note_pickle`, whose
loader refuses any other class. That module is loaded only to read or write notes: a build that its
stamp finds up to date reads the stamp alone.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from journal_tools import __version__
from journal_tools.scan import SourceFile
from journal_tools.setup import GITIGNORE, GITIGNORE_PATH

if TYPE_CHECKING:
    from journal_tools.note import Note

CACHE_PATH = ".journal-tools/cache.sqlite"
FORMAT = 3
"""Bumped whenever what a parsed note holds, or how it is pickled, changes."""
VERSION = f"{__version__}/{FORMAT}/{sys.version_info[0]}.{sys.version_info[1]}"
RACY_NS = 2_000_000_000
"""A note modified less than this long before it was cached is parsed again next time."""
FLUSH_EVERY = 2000
"""Notes put in the cache before they are written out: a cold build never holds every note's pickle."""
READ_BATCH = 2000
"""Entries read from the cache at once."""


class NoteCache:
    """The parse cache of one vault: looked up in bulk, written back in one transaction."""

    def __init__(self, vault: Path, *, writable: bool = True) -> None:
        """Open (or plan to create) the cache of ``vault``; nothing is read yet.

        A cache that is not ``writable`` is only read: what is put in it is not kept.
        """
        self.writable = writable
        self.path = vault / CACHE_PATH
        self.gitignore = vault / GITIGNORE_PATH
        self.pending: dict[str, tuple[SourceFile, Note, bytes | None]] = {}
        self.gone: set[str] = set()
        self.meta: dict[str, str | bytes] = {}
        self.usable = True

    def load(self, sources: list[SourceFile], *, racy: bool = False) -> dict[str, Note]:
        """Return the cached notes that match these files (by path, size and modification time).

        With ``racy``, also those cached within :data:`RACY_NS` of their file's last change: what was
        read then, which the file may no longer hold.

        Entries are read :data:`READ_BATCH` at a time, in path order, and unpickled between reads: a
        vault's pickles are never all in memory at once, and another process writing the cache meanwhile
        is kept waiting for one batch at most.
        """
        if not self.path.exists():
            return {}
        from journal_tools.note_pickle import load_note  # the note classes, only when notes are read

        wanted = {source.path: source for source in sources}
        loaded: dict[str, Note] = {}
        try:
            with _connect(self.path) as db:
                version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
                if version != (VERSION,):
                    return {}
                for path, size, mtime_ns, blob, was_racy in _batches(db):
                    source = wanted.get(path)
                    if source is None or (size, mtime_ns) != (source.size, source.mtime_ns):
                        continue
                    if was_racy and not racy:
                        continue
                    try:
                        note = load_note(blob)
                    except Exception:  # a damaged entry is a miss, whatever the damage
                        continue
                    if note.path == path:
                        loaded[path] = note
        except sqlite3.Error:  # not a database, damaged, or locked: parse every note this time
            return {}
        return {source.path: loaded[source.path] for source in sources if source.path in loaded}

    def get_meta(self, key: str) -> str | bytes | None:
        """Return a value kept beside the notes (by this version), or None."""
        return self.get_metas(key)[0]

    def get_metas(self, *keys: str) -> tuple[str | bytes | None, ...]:
        """Return values kept beside the notes (by this version), read at once; None for each one absent."""
        absent = (None,) * len(keys)
        if not self.path.exists():
            return absent
        query = f"SELECT key, value FROM meta WHERE key IN ('version', {', '.join('?' * len(keys))})"
        try:
            with _connect(self.path) as db:
                rows = dict(db.execute(query, keys))
        except sqlite3.Error:
            return absent
        return tuple(rows.get(key) for key in keys) if rows.get("version") == VERSION else absent

    def put_meta(self, key: str, value: str | bytes) -> None:
        """Keep a value (text, or bytes as they are) beside the notes, from the next :meth:`flush` on."""
        self.meta[key] = value

    def put(self, source: SourceFile, note: Note, pickled: bytes | None = None) -> None:
        """Remember a freshly parsed note (with its pickle, if made) for the next :meth:`flush`.

        Every :data:`FLUSH_EVERY` notes are written out at once; a cache given up on keeps none.
        """
        if not self.usable or not self.writable:
            return
        self.pending[source.path] = (source, note, pickled)
        self.gone.discard(source.path)
        if len(self.pending) >= FLUSH_EVERY:
            self.flush()

    def forget(self, path: str) -> None:
        """Drop a note that no longer exists, at the next :meth:`flush`."""
        self.pending.pop(path, None)
        self.gone.add(path)

    def flush(self) -> None:
        """Write what changed in one transaction; a cache that cannot be written is given up on."""
        if not self.usable or not self.writable or not (self.pending or self.gone or self.meta):
            return
        from journal_tools.note_pickle import dump_note  # the note classes, only when notes are written

        now = time.time_ns()  # only to judge how recent a file's time is; never "today"
        rows = [
            (
                path,
                s.size,
                s.mtime_ns,
                data or dump_note(note),
                int(now - s.mtime_ns < RACY_NS),
            )
            for path, (s, note, data) in self.pending.items()
        ]
        try:
            try:
                self._write(rows)
            except sqlite3.DatabaseError as exc:
                if _busy(exc):
                    raise
                self._remove()  # damaged, or not a database at all: made again from scratch
                self._write(rows)
        except (sqlite3.Error, OSError):
            self.usable = False  # locked by another process, or a read-only folder: no cache this time
            return
        self.pending.clear()
        self.gone.clear()
        self.meta.clear()

    def _write(self, rows: list[tuple[str, int, int, bytes, int]]) -> None:
        """Create the folder, its .gitignore and the tables if needed, then write the rows."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        if not self.gitignore.exists():
            self.gitignore.write_text(GITIGNORE, encoding="utf-8")
        with _connect(self.path) as db:
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT)")
            db.execute(
                "CREATE TABLE IF NOT EXISTS notes "
                "(path TEXT PRIMARY KEY, size INTEGER, mtime_ns INTEGER, note BLOB, racy INTEGER)"
            )
            version = db.execute("SELECT value FROM meta WHERE key = 'version'").fetchone()
            if version != (VERSION,):
                db.execute("DELETE FROM notes")
                db.execute("DELETE FROM meta")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('version', ?)", (VERSION,))
            db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)", sorted(self.meta.items()))
            db.executemany("DELETE FROM notes WHERE path = ?", [(path,) for path in sorted(self.gone)])
            db.executemany("INSERT OR REPLACE INTO notes VALUES (?, ?, ?, ?, ?)", rows)

    def _remove(self) -> None:
        """Delete a cache that could not be written (corrupt, or from a program that is not ours)."""
        for suffix in ("", "-journal", "-wal", "-shm"):
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)


def _batches(db: sqlite3.Connection) -> Iterator[tuple[str, int, int, bytes, int]]:
    """Yield every entry, read :data:`READ_BATCH` at a time (each read a statement of its own)."""
    after = ""
    while rows := db.execute(
        "SELECT path, size, mtime_ns, note, racy FROM notes WHERE path > ? ORDER BY path LIMIT ?",
        (after, READ_BATCH),
    ).fetchall():
        yield from rows
        after = rows[-1][0]


@contextmanager
def _connect(path: Path) -> Iterator[sqlite3.Connection]:
    """Open the cache database for one transaction, waiting briefly while another process holds it."""
    db = sqlite3.connect(path, timeout=0.2)
    try:
        db.execute("PRAGMA synchronous = OFF")  # a cache lost to a crash is only made again
        with db:
            yield db
    finally:
        db.close()


def _busy(error: sqlite3.Error) -> bool:
    """Tell whether an error means another process holds the database (it is not damaged)."""
    return isinstance(error, sqlite3.OperationalError) and ("locked" in str(error) or "busy" in str(error))
