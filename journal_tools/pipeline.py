"""Compose the stages: scan -> parse -> git history -> assemble -> analyze -> plan -> render -> write.

A Session keeps the parsed notes between builds, so the watcher can hand it the paths that changed
and only those notes are read again. The git history is read at the first build after the session
(re)loads and when :meth:`Session.refresh` asks, never for a changed note: a save runs no git command.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from journal_tools.analysis import Analysis, analyze
from journal_tools.assemble import assemble
from journal_tools.build_result import BuildResult, Update
from journal_tools.dirty import changed_days, is_structural
from journal_tools.git_facts import GitFacts, git_facts, history_reach
from journal_tools.git_store import Kept, refresh_history, stored_history
from journal_tools.link_changes import goal_names, link_name
from journal_tools.note import Note
from journal_tools.ownership import Stamped
from journal_tools.page_order import first_then_all
from journal_tools.page_seeds import seeded, settled_pages
from journal_tools.pages import Page, PageCache, Planned, plan_pages
from journal_tools.parse import read_note
from journal_tools.parse_cache import NoteCache
from journal_tools.parse_pool import read_notes
from journal_tools.period_pages import PeriodCache, plan_period_pages
from journal_tools.place import PlacementCache
from journal_tools.prior_build import prior_build
from journal_tools.render import Renderer
from journal_tools.scan import SourceFile, is_inside, is_note_path, scan_vault, stat_note
from journal_tools.settings import SETTINGS_FILE, VAULT_TEMPLATES, Settings, load_settings
from journal_tools.skills import skill_problems
from journal_tools.told import Progress, told
from journal_tools.weeks import IsoWeek
from journal_tools.write import WriteCache, write_pages

ALL_CLEAN = IsoWeek(9999, 52)
"""``clean_before`` right after a build: every week is up to date."""
NEW_COMMITS = "git history"
"""What :meth:`Session.refresh` names among the changes when the git history changed."""


class Session:
    """The notes of one vault, kept in memory between builds."""

    def __init__(
        self,
        vault: Path,
        settings: Settings | None = None,
        *,
        cache: bool = True,
        progress: Progress = None,
        once: bool = False,
        write_cache: bool = True,
        resume: bool | None = None,
    ) -> None:
        """Read the settings and every note of ``vault`` (unchanged notes from its parse cache).

        ``progress`` is told, now and then, how many notes were read and pages rendered of how many.
        A session that builds ``once`` keeps no page for a next build: each is dropped once written.
        Without ``write_cache``, the parse cache is only read (a dry run, an export). A session that may
        ``resume`` (by default one that builds once) starts from the last build (:meth:`resume`).
        """
        self.vault = vault
        self.once = once
        self.resumes = once if resume is None else resume
        self.write_cache = write_cache
        self._fixed_settings = settings
        self.use_cache = cache
        self.progress = progress
        self.kept_history: Kept | None = None
        """The git history last read, and what it is valid for (kept across reloads)."""
        self.pages_watched = False
        """Whether :meth:`apply` is told of every change in the output folder (a watcher's events)."""
        self.touched: set[str] | None = None
        """Paths in the output folder changed since the last build (None: not known; list it anew)."""
        self.reload()

    def reload(self) -> None:
        """Read the settings, the templates and every note again."""
        self.settings = self._fixed_settings or load_settings(self.vault)
        self.renderer = Renderer(self.vault, keep=not self.once, cache=self.use_cache)
        self.notes: dict[str, Note] = {}
        self.sources: dict[str, SourceFile] = {}
        self.clean_before: IsoWeek | None = None
        """Weeks before this one are unchanged since the last build (None: none is)."""
        self.built_for: date | None = None
        self.analysis: Analysis | None = None
        """The analysis of the last build, whose facts before ``clean_before`` still hold."""
        self.placements = PlacementCache()
        self.pages = None if self.once else PageCache()
        self.periods = None if self.once else PeriodCache()
        self.written = WriteCache()
        self.cache = NoteCache(self.vault, writable=self.write_cache) if self.use_cache else None
        self.git = GitFacts()
        self.git_read = False
        """Whether the git history was read since the last reload (it is, at the next build)."""
        self.kept_pages: dict[str, tuple[int, int]] = {}
        """The pages the last build left, by vault-relative path, that this one may keep (:meth:`resume`)."""
        self.goal_names: set[str] | None = None
        """The names and aliases of the goal and milestone notes, as links name them (made when asked)."""
        if self.resumes and self.cache:
            self.resume()
        self.reconcile()

    def resume(self) -> None:
        """Start from the notes as the last build read them, when its pages may be kept (:mod:`prior_build`).

        The notes changed since are then read as a watcher reads a save, and the commits made since
        as a watcher reads them: each marks the weeks it changes.
        """
        if self.cache is None or (prior := prior_build(self.vault, self.settings, self.cache)) is None:
            return
        self.notes, self.sources = prior.notes, dict(prior.sources)
        self.kept_history = kept = stored_history(self.vault, self.settings, self.cache)
        if (kept[1].head or "") == prior.head:  # what the last build knew of git
            self.git, self.kept_pages = git_facts(kept[1]), prior.pages
            self.clean_before, self.built_for = ALL_CLEAN, prior.today
        self.read_history()  # before the changed notes: git dates the tasks they add or remove

    def read_history(self) -> bool:
        """Bring the git history up to HEAD (reading only new commits); tell whether it changed.

        The weeks from the first day whose facts changed (done dates, metric values, deadlines) are
        planned again; every week when what changed is not dated (:func:`history_reach`).
        """
        self.kept_history = refresh_history(self.vault, self.settings, self.kept_history, self.cache)
        history = self.kept_history[1]
        self.git_read = True
        if history == self.git.history:
            return False
        self._reaches(history_reach(self.git.history, history))
        self.git = git_facts(history)
        return True

    def refresh(self) -> tuple[str, ...]:
        """Look for what a watcher may have missed: notes changed on disk, new commits, pages changed."""
        self.touched = None  # the next build lists the output folder anew
        changed = self.reconcile()
        return (*changed, NEW_COMMITS) if self.read_history() else changed

    def reconcile(self) -> tuple[str, ...]:
        """Scan the vault and read the notes whose size or time changed; drop the ones gone."""
        sources, self.scan_problems = scan_vault(self.vault, self.settings)
        found = {source.path: source for source in sources}
        changed = sorted(set(self.sources) - set(found))
        changed += [path for path, source in found.items() if self.sources.get(path) != source]
        cached = self.cache.load([found[p] for p in changed if p in found]) if self.cache and changed else {}
        for path in changed:
            if path in cached or path not in found:
                self._read(path, found.get(path), cached.get(path), cached=True)
        misses = [path for path in changed if path in found and path not in cached]
        for path, note, pickled in told(
            self.progress, "reading notes", read_notes(self.vault, misses), len(misses)
        ):
            self._read(path, found[path], note, pickled=pickled)
        return tuple(sorted(changed))

    def apply(self, paths: Iterable[str]) -> Update:
        """Take in changed vault-relative paths: notes are read again, settings or templates reload all."""
        changed: list[str] = []
        retry: list[str] = []
        rescan = False
        output = self.settings.output
        for path in sorted(set(paths)):
            if path == SETTINGS_FILE or path.startswith(VAULT_TEMPLATES + "/"):
                self.reload()
                return Update(("*",), ())
            if is_inside(path, output):
                if self.touched is not None:
                    self.touched.add(path.removeprefix(output).removeprefix("/"))
                continue
            if not path.endswith(".md"):
                rescan = True  # a folder moved or removed: its notes are not named one by one
                continue
            if not is_note_path(path, self.settings):
                continue
            source = stat_note(self.vault, path)
            previous = self.sources.get(path)
            if source is not None and source.size == 0 and previous is not None and previous.size > 0:
                retry.append(path)
                self.sources[path] = source
                continue
            if self._read(path, source):  # not when saved unchanged, or read already (a late event)
                changed.append(path)
        if rescan:
            changed += self.reconcile()
        return Update(tuple(sorted(set(changed))), tuple(retry))

    def _read(
        self,
        path: str,
        source: SourceFile | None,
        note: Note | None = None,
        *,
        cached: bool = False,
        pickled: bytes | None = None,
    ) -> bool:
        """Read one note into the session, or forget it when it is gone; tell whether it changed.

        ``note`` is the note already parsed, if it is at hand (taken from the parse cache when
        ``cached``; any other is put into it, with its ``pickled`` form when a worker made one).
        The weeks the change touches are marked for the next build.
        """
        old = self.notes.get(path)
        if source is None:
            self.notes.pop(path, None)
            self.sources.pop(path, None)
            if self.cache:
                self.cache.forget(path)
        else:
            self.sources[path] = source
            self.notes[path] = note or read_note(self.vault, path)
            if self.cache and not cached:
                self.cache.put(source, self.notes[path], pickled)
        new = self.notes.get(path)
        if self.clean_before is None or new == old:
            return new != old  # every week is to be reviewed anyway, or none
        days = changed_days(old, new)
        if self.git.known:  # git dates the tasks it saw: what changing them changes
            changed = set(old.tasks if old else ()) ^ set(new.tasks if new else ())
            days |= self.git.task_days(path, {task.text for task in changed})
        came_or_went = old is None or new is None
        if came_or_went and self.goal_names is None:  # links to a goal could lead to a namesake instead
            self.goal_names = goal_names(self.notes.values())
        structural = is_structural(old, new) or (came_or_went and link_name(path) in (self.goal_names or ()))
        self._reaches(None if structural else min(days, default=date.max))
        return True

    def _reaches(self, day: date | None) -> None:
        """Mark the weeks a change reaches: from the one before ``day``'s on; every week when None."""
        if day is None or self.clean_before is None:
            self.clean_before = None
        elif day < date.max:
            self.clean_before = min(self.clean_before, IsoWeek.of(day).shift(-1))

    def analyze(self, today: date, clean_before: IsoWeek | None = None) -> Analysis:
        """Judge the notes in memory on ``today`` (reusing the last build's facts before ``clean_before``)."""
        if not self.git_read and self.read_history():
            clean_before = None  # the weeks new commits reach are marked on the session, not here
        notes, found = self.notes.values(), self.scan_problems
        vault = assemble(notes, self.settings, found, self.placements, self.git.done)
        if self.once:  # nothing is placed again: the link index and the placements' order can go
            self.placements = PlacementCache()
        analysis = analyze(vault, today, self.settings, self.analysis, clean_before, self.git)
        problems = {*analysis.problems, *skill_problems(vault), *self.git.history.problems}
        return replace(analysis, problems=tuple(sorted(problems, key=lambda p: (p.path, p.line, p.message))))

    def build(self, today: date, *, dry_run: bool = False) -> BuildResult:
        """Gather everything, then render and write page by page (write nothing when ``dry_run``)."""
        if not self.git_read:
            self.read_history()
        last, clean_before = self.built_for, None
        if last is not None and last <= today and self.clean_before is not None:
            # the weeks and periods current then (and now) show more than dated facts: the day's view
            clean_before = min(self.clean_before, IsoWeek.of(last))
        analysis = self.analysis = self.analyze(today, clean_before)
        problems = list(analysis.problems)
        planned = self._plan(analysis, clean_before)
        kept = [page for plan in planned for page in plan.kept]
        out = self.settings.output
        if not self.kept_pages.keys() >= {f"{out}/{page}" for page in kept}:
            planned, kept = self._plan(analysis, None), []  # not left by the last build: plan them all
        pages: Iterable[Page] = itertools.chain.from_iterable(planned)
        if not self.once:
            pages = first_then_all(pages)
        if self.kept_pages and clean_before is not None and self.periods is not None:
            settled = settled_pages(analysis, self.periods, clean_before)  # a watcher's start
            pages = seeded(pages, settled, self.kept_pages, self.vault, out, self.renderer, self.written)

        def rendered() -> Iterator[Stamped]:
            """Render the pages one by one, as the write stage takes them."""
            for page in told(self.progress, "rendering pages", pages, sum(map(len, planned))):
                made, template_problems = self.renderer.stamped(page)
                problems.extend(template_problems)
                yield made

        self.clean_before, self.built_for, self.kept_pages = ALL_CLEAN, today, {}
        self.goal_names = None  # made again when next asked: goals may come and go before then
        again, touched = self.renderer.again, self.touched
        self.touched = set() if self.pages_watched else None  # what changes from now on
        report = write_pages(
            self.vault,
            out,
            rendered(),
            again,
            dry_run=dry_run,
            cache=self.written,
            touched=touched,
            kept=kept,
        )
        if self.cache and not dry_run:
            self.cache.flush()
        problems += report.problems
        ordered = sorted(set(problems), key=lambda p: (p.path, p.line, p.message))
        return BuildResult(analysis, report, tuple(ordered))

    def _plan(self, analysis: Analysis, clean_before: IsoWeek | None) -> tuple[Planned, Planned]:
        """Plan the dashboard and the weekly pages, then the monthly and quarterly ones."""
        return (
            plan_pages(analysis, self.settings, self.pages, clean_before),
            plan_period_pages(analysis, self.settings, self.periods, clean_before),
        )


def analyze_vault(vault: Path, today: date, settings: Settings | None = None) -> Analysis:
    """Read every note and judge the vault on ``today`` (writes nothing)."""
    return Session(vault, settings, write_cache=False).analyze(today)


def build(
    vault: Path, today: date, *, settings: Settings | None = None, dry_run: bool = False
) -> BuildResult:
    """Read every note, then render and write every page."""
    return Session(vault, settings, once=True, write_cache=not dry_run).build(today, dry_run=dry_run)
