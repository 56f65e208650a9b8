"""What the last build left that a one-shot build may keep: its day, the notes it read, its pages.

A build after a few edits, or on a later day, changes the pages of the weeks the edits and the day
touch, seldom the others. When the last build's stamp (:mod:`build_stamp`) was made by the same code,
with the same settings and templates, and its output folder is as it left it, a build starts from the
notes as that build read them (from the parse cache) and reads the changed ones anew, as a watcher
would: the pages of the weeks before the first change stay on disk as they are. In a git vault, the
commits made since are read as changes too (:func:`git_facts.history_reach`).

A note the stamp lists as modified within two seconds before the stamp was made may have changed
since without its size or time changing (coarse clocks): it is read again, as a changed note. Any
doubt means no page is kept: a damaged stamp, a note missing from the cache, a template problem
(found only by rendering the page again).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal_tools.build_stamp import input_header, listed_notes, load_stamp, output_intact
from journal_tools.note import Note
from journal_tools.parse_cache import RACY_NS, NoteCache
from journal_tools.scan import SourceFile
from journal_tools.settings import VAULT_TEMPLATES, Settings


@dataclass(frozen=True, slots=True)
class PriorBuild:
    """The last build, as far as a build may start from it."""

    today: date
    """The day it was built for."""
    head: str
    """The commit its git history was read up to ("" for none)."""
    sources: dict[str, SourceFile]
    """The notes it read, by path; size and time -1 for those to be read again anyway."""
    notes: dict[str, Note]
    """Those notes as it read them, by path."""
    pages: dict[str, tuple[int, int]]
    """The pages it made, vault-relative: each is on disk as it left it, of this size and mtime_ns
    (-1, -1 for a page written so close to the stamp, on a clock of whole seconds, that its time
    cannot tell an edit since)."""


def prior_build(vault: Path, settings: Settings, cache: NoteCache) -> PriorBuild | None:
    """Return the last build, when its pages may be kept; None when anything is in doubt."""
    stamp = load_stamp(cache)
    if stamp is None or any(p.path.startswith(VAULT_TEMPLATES + "/") for p in stamp.problems):
        return None  # a template problem is found only by rendering the page again
    header, _, listing = stamp.inputs.partition("\n")
    try:
        _, _, day, problems, head, *_ = json.loads(header)
        today = date.fromisoformat(day)
        sources = {source.path: source for source in listed_notes(listing)}
    except (ValueError, TypeError):
        return None
    if input_header(vault, settings, today, problems, head) != header:
        return None  # other code, settings or templates
    if not output_intact(vault, settings.output, stamp):
        return None
    notes = cache.load(list(sources.values()), racy=True)
    if len(notes) != len(sources):
        return None
    for path, source in sources.items():
        if stamp.made_ns - source.mtime_ns < RACY_NS:
            sources[path] = SourceFile(path, -1, -1)
    made = set(stamp.pages)
    pages = {
        path: (size, mtime) if path not in stamp.hashes else (-1, -1)  # a coarse clock may hide an edit
        for path, size, mtime in stamp.outputs
        if path in made
    }
    return PriorBuild(today, head, sources, notes, pages)
