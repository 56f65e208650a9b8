"""Tell, without reading a note, whether the pages the last build wrote are still up to date.

A build that wrote its pages leaves a stamp in the parse cache: a listing of everything its pages
are made from (journal-tools' own code and templates, the settings, the vault's templates, ``today``,
the commit its git history was read up to, and the path, size and modification time of every note),
the size and time of every file in the output folder, and what the build found (its counts and
problems). A build whose inputs and output folder are the same has nothing to do. The listing is kept
whole rather than as a digest: comparing it costs less than loading a hash function, and nothing can
collide. The stamp is trusted no more than the parse cache: a note modified within two seconds
before the stamp was made stops it being used. On a file system that keeps times in whole seconds
(FAT, some network drives), where a page edited right after it was written may keep its size and
time, a page written within those two seconds is also compared by its bytes.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from journal_tools.errors import GitError
from journal_tools.git_checkout import in_a_checkout
from journal_tools.parse_cache import RACY_NS, VERSION, NoteCache
from journal_tools.problem import Problem
from journal_tools.scan import BY_PATH, SourceFile, files_below, scan_vault
from journal_tools.settings import VAULT_TEMPLATES, Settings, default_template_dir

STAMP_KEY = "build"
INPUTS_KEY = "build inputs"
"""Where the stamp's inputs are kept: as they are, not inside the JSON of the rest (a second copy)."""
PACKAGE = Path(__file__).resolve().parent
FileStat = tuple[str, int, int]
"""(path, size, mtime_ns) of a file."""


@dataclass(frozen=True, slots=True)
class BuildStamp:
    """What the last build that wrote pages was made from, what it left, and what it found."""

    inputs: str
    """What the pages were made from: the text of :func:`input_listing`."""
    made_ns: int
    """When the stamp was made (wall clock), to tell which files were written just before."""
    outputs: tuple[FileStat, ...]
    """Every file of the output folder, vault-relative, in path order."""
    hashes: dict[str, str]
    """On a clock of whole seconds, the SHA-256 of each output file written within :data:`RACY_NS`
    before the stamp was made."""
    pages: tuple[str, ...]
    """The pages the build made (written or unchanged), vault-relative, in path order."""
    notes: int
    goals: int
    tasks: int
    problems: tuple[Problem, ...]


def input_listing(
    vault: Path,
    settings: Settings,
    today: date,
    sources: Iterable[SourceFile],
    problems: Iterable[Problem],
    head: str,
) -> str:
    """List everything a build's pages depend on, the notes by their path, size and time, as one text.

    ``head`` is the commit the build's git history was read up to ("" for none). Each note's path is
    preceded by its length, so no name can pass for another listing.
    """
    header = input_header(vault, settings, today, sorted(str(p) for p in problems), head)
    notes = [f"{len(s.path)}:{s.path}{s.size}:{s.mtime_ns};" for s in sorted(sources, key=BY_PATH)]
    return header + "\n" + "".join(notes)


def input_header(vault: Path, settings: Settings, today: date, problems: list[str], head: str) -> str:
    """Return the first line of :func:`input_listing`: all but the notes, as JSON."""
    parts: list[object] = [VERSION, repr(settings), today.isoformat(), problems, head]
    parts += [_listing(PACKAGE, "*.py"), _listing(default_template_dir(), "*")]
    parts.append(_files(vault / VAULT_TEMPLATES))
    return json.dumps(parts)


def listed_notes(listing: str) -> list[SourceFile]:
    """Return the notes of an :func:`input_listing` (after its first line); ValueError when damaged."""
    notes, at = [], 0
    while at < len(listing):
        colon = listing.index(":", at)
        end = colon + 1 + int(listing[at:colon])
        semicolon = listing.index(";", end)
        size, mtime_ns = listing[end:semicolon].split(":")
        notes.append(SourceFile(listing[colon + 1 : end], int(size), int(mtime_ns)))
        at = semicolon + 1
    return notes


def fresh_stamp(vault: Path, settings: Settings, today: date, cache: NoteCache) -> BuildStamp | None:
    """Return the last build's stamp when a build on ``today`` would write exactly what it wrote."""
    stamp = load_stamp(cache)
    if stamp is None:
        return None
    sources, problems = scan_vault(vault, settings)
    if any(stamp.made_ns - source.mtime_ns < RACY_NS for source in sources):
        return None
    if input_listing(vault, settings, today, sources, problems, git_head(vault, settings)) != stamp.inputs:
        return None
    return stamp if output_intact(vault, settings.output, stamp) else None


def output_intact(vault: Path, output: str, stamp: BuildStamp) -> bool:
    """Tell whether the output folder is as the stamped build left it (no file edited, added or removed)."""
    if output_files(vault, output) != stamp.outputs:
        return False
    return all(_hash(vault / path) == digest for path, digest in stamp.hashes.items())


def git_head(vault: Path, settings: Settings) -> str:
    """Return the commit a build would read the git history up to ("" without one, or with it off).

    A new commit changes the pages (done dates, metric values) without changing a note.
    """
    if not settings.history or not in_a_checkout(vault):
        return ""
    from journal_tools.git_log import open_repository  # not needed outside a repository

    try:
        repository = open_repository(vault)
        return (repository.head() or "") if repository is not None else ""
    except GitError as error:  # the build will say so; never the same as a history read
        return f"git failed: {error}"


def _listing(folder: Path, pattern: str) -> list[FileStat]:
    """Return the path, size and time of the files in ``folder`` matching ``pattern`` (none when absent)."""
    if not folder.is_dir():
        return []
    return [_stat(path, path.relative_to(folder).as_posix()) for path in sorted(folder.glob(pattern))]


def _stat(path: Path | str, name: str) -> FileStat:
    """Return (name, size, mtime_ns) of a file; (name, -1, -1) when it cannot be read."""
    try:
        info = os.lstat(path)
    except OSError:
        return (name, -1, -1)
    return (name, info.st_size, info.st_mtime_ns)


def _files(folder: Path, prefix: str = "") -> tuple[FileStat, ...]:
    """Return every file (and symlink) below ``folder``, named ``prefix`` + its path inside, in path order."""
    return tuple(sorted(_stat(entry.path, prefix + rel) for rel, entry in files_below(folder)))


def output_files(vault: Path, output: str) -> tuple[FileStat, ...]:
    """Return every file (and symlink) below the output folder, vault-relative, in path order."""
    return _files(vault / output, f"{output}/")


def make_stamp(
    vault: Path,
    inputs: str,
    output: str,
    pages: tuple[str, ...],
    counts: tuple[int, int, int],
    problems: tuple[Problem, ...],
) -> BuildStamp:
    """Stamp the output folder as a build just left it."""
    made = time.time_ns()  # only to judge how recent a file's time is; never "today"
    outputs = output_files(vault, output)
    coarse = all(mtime % 1_000_000_000 == 0 for _, _, mtime in outputs)
    hashes = {path: _hash(vault / path) for path, _, mtime in outputs if coarse and made - mtime < RACY_NS}
    return BuildStamp(inputs, made, outputs, hashes, pages, *counts, problems)


def _hash(path: Path) -> str:
    """Return the SHA-256 of a file's bytes ("" when it cannot be read)."""
    import hashlib  # only on a clock of whole seconds

    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def save_stamp(cache: NoteCache, stamp: BuildStamp | None) -> None:
    """Keep the stamp in the parse cache (with its next flush); None forgets the last one."""
    cache.put_meta(STAMP_KEY, json.dumps(_to_json(stamp)) if stamp else "")
    cache.put_meta(INPUTS_KEY, stamp.inputs if stamp else "")


def load_stamp(cache: NoteCache) -> BuildStamp | None:
    """Return the stamp the last build left, or None (none, damaged, or from another version)."""
    text, inputs = cache.get_metas(STAMP_KEY, INPUTS_KEY)
    if not isinstance(text, str) or not isinstance(inputs, str) or not text or not inputs:
        return None
    try:
        data = json.loads(text)
        problems = tuple(
            Problem(p, line, "error" if severity == "error" else "warning", message)
            for p, line, severity, message in data["problems"]
        )
        return BuildStamp(
            inputs,
            data["made_ns"],
            tuple((p, s, m) for p, s, m in data["outputs"]),
            dict(data["hashes"]),
            tuple(data["pages"]),
            data["notes"],
            data["goals"],
            data["tasks"],
            problems,
        )
    except (ValueError, KeyError, TypeError):
        return None


def _to_json(stamp: BuildStamp) -> dict[str, Any]:
    """Return the stamp as JSON data, but for its inputs."""
    return {
        "made_ns": stamp.made_ns,
        "outputs": stamp.outputs,
        "hashes": stamp.hashes,
        "pages": stamp.pages,
        "notes": stamp.notes,
        "goals": stamp.goals,
        "tasks": stamp.tasks,
        "problems": [(p.path, p.line, p.severity, p.message) for p in stamp.problems],
    }
