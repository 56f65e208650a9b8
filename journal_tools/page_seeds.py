"""Take the pages the last build left on disk as rendered already, when no change since reaches them.

A watcher keeps every page's checksum to tell which ones a save changes. Rendering them all to learn
those checksums made its start take as long as a cold build's rendering. When the session started
from the last build (:mod:`prior_build`), the pages of the weeks and periods before the first change
are as that build left them: each file's header names its body's checksum, which is what rendering
the page would give. Only a file whose size and time are still those the build left is taken so.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

from journal_tools.analysis import Analysis
from journal_tools.ownership import HEADER_SIZE, written_checksum
from journal_tools.page_paths import period_path, weekly_path
from journal_tools.pages import Page, unchanged_weeks
from journal_tools.period_pages import PeriodCache, ended_periods
from journal_tools.render import Renderer
from journal_tools.weeks import IsoWeek
from journal_tools.write import WriteCache


def settled_pages(analysis: Analysis, periods: PeriodCache, clean_before: IsoWeek) -> set[str]:
    """Return the pages (paths inside the output folder) no change since the last build reaches.

    They are those a one-shot build leaves out (:func:`pages.plan_pages`); ``periods`` holds the
    months and quarters as this build planned them.
    """
    weeks = analysis.weeks[: unchanged_weeks(analysis.weeks, clean_before)]
    ended = ended_periods(periods.lists, clean_before)
    return {weekly_path(summary.week) for summary in weeks} | set(map(period_path, ended))


def seeded(
    pages: Iterable[Page],
    settled: set[str],
    files: Mapping[str, tuple[int, int]],
    vault: Path,
    output: str,
    renderer: Renderer,
    written: WriteCache,
) -> Iterator[Page]:
    """Yield ``pages``, each ``settled`` one taken as its file holds it.

    ``files`` gives the size and time the last build left each page with, by vault-relative path.
    The renderer takes such a page as rendered to the checksum its file names, and the write cache
    as held by its file: neither renders it, unless the file changes before it is written.
    """
    for page in pages:
        known = files.get(f"{output}/{page.path}") if page.path in settled else None
        checksum = _checksum(vault / output / page.path, known) if known else None
        if known and checksum:
            renderer.seed(page, checksum)
            written.files[page.path] = (*known, checksum)
        yield page


def _checksum(path: Path, known: tuple[int, int]) -> str | None:
    """Return the checksum a page's file names, if its size and time are still ``known``; else None."""
    try:
        with open(path, "rb") as file:
            info = os.fstat(file.fileno())
            if (info.st_size, info.st_mtime_ns) != known:
                return None
            return written_checksum(file.read(HEADER_SIZE))
    except OSError:
        return None
