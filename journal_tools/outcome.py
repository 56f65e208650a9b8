"""A build and its calendar as one outcome, and what the command line says about it: text and JSON."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from journal_tools.build_stamp import fresh_stamp, input_listing, make_stamp, save_stamp
from journal_tools.errors import JournalError
from journal_tools.parse_cache import NoteCache
from journal_tools.problem import Problem, count_errors
from journal_tools.settings import load_settings
from journal_tools.write_report import CalendarWrite, WriteReport

if TYPE_CHECKING:
    from journal_tools.pipeline import Session


@dataclass(frozen=True, slots=True)
class Outcome:
    """What a build did (or, in a dry run, would do): its pages and the calendar the settings name."""

    today: date
    counts: tuple[int, int, int]
    """The notes, goals and tasks read."""
    report: WriteReport
    found: tuple[Problem, ...]
    """The problems the build found in notes, templates and pages, in path order."""
    calendar: CalendarWrite | None

    @property
    def problems(self) -> tuple[Problem, ...]:
        """Every problem, the calendar's too, in path order."""
        extra = (self.calendar.problem,) if self.calendar and self.calendar.problem else ()
        return tuple(sorted({*self.found, *extra}, key=lambda p: (p.path, p.line, p.message)))

    @property
    def blocked(self) -> tuple[Problem, ...]:
        """The files the build cannot write: pages and the calendar."""
        extra = (self.calendar.problem,) if self.calendar and self.calendar.problem else ()
        return (*self.report.problems, *extra)

    @property
    def written(self) -> tuple[str, ...]:
        """The files the build wrote (would write, in a dry run), the calendar last."""
        calendar = (self.calendar.path,) if self.calendar and self.calendar.written else ()
        return (*self.report.written, *calendar)

    @property
    def stale(self) -> tuple[str, ...]:
        """The files the build wrote or removed (would, in a dry run), in path order."""
        return tuple(sorted([*self.written, *self.report.removed]))


def run_build(session: Session, today: date, *, dry_run: bool = False, stamp: bool = True) -> Outcome:
    """Build the pages of the session's vault, then its calendar (when the settings name one).

    A build that wrote its pages and the calendar stamps them (:mod:`build_stamp`), so the next
    build with nothing changed has nothing to do; ``watch`` stamps only once saves have paused.
    """
    from journal_tools.calendar_ics import update_calendar  # not needed by a build the stamp skips

    result = session.build(today, dry_run=dry_run)
    calendar = update_calendar(session.vault, session.settings, result.analysis, dry_run=dry_run)
    vault = result.analysis.vault
    done = Outcome(
        today,
        (len(vault.notes), len(vault.goals), len(vault.tasks)),
        result.report,
        result.problems,
        calendar,
    )
    if stamp and not dry_run:
        stamp_build(session, done)
    return done


def stamp_build(session: Session, done: Outcome) -> None:
    """Leave the stamp of ``done``, the session's last build; a build that could not write leaves none."""
    if session.cache is None:
        return
    stamp = None
    if not done.blocked:
        pages = tuple(sorted([*done.report.written, *done.report.unchanged]))
        sources, problems, head = session.sources.values(), session.scan_problems, session.git.history.head
        inputs = input_listing(session.vault, session.settings, done.today, sources, problems, head or "")
        stamp = make_stamp(session.vault, inputs, session.settings.output, pages, done.counts, done.found)
    save_stamp(session.cache, stamp)
    session.cache.flush()


def up_to_date(vault: Path, today: date) -> Outcome | None:
    """Return what the last build did, when a build on ``today`` would write exactly the same; else None.

    Reads no note: the notes' sizes and times, the settings and the templates are compared with the
    stamp the last build left in the parse cache.
    """
    settings = load_settings(vault)
    stamp = fresh_stamp(vault, settings, today, NoteCache(vault))
    if stamp is None:
        return None
    calendar = CalendarWrite(settings.calendar, written=False) if settings.calendar else None
    report = WriteReport(unchanged=list(stamp.pages))
    return Outcome(today, (stamp.notes, stamp.goals, stamp.tasks), report, stamp.problems, calendar)


def make_calendar(vault: Path, today: date, output: Path | None) -> tuple[bytes, CalendarWrite | None]:
    """Return a vault's calendar, and write it to ``output`` when given (only over a calendar of ours)."""
    from journal_tools.calendar_ics import calendar_bytes, write_calendar
    from journal_tools.pipeline import Session

    session = Session(vault, write_cache=False)
    data = calendar_bytes(session.analyze(today), session.settings, vault.resolve().name)
    return data, None if output is None else write_calendar(output, str(output), data)


def plural(count: int, word: str) -> str:
    """Say ``1 note`` or ``3 notes``."""
    return f"{count} {word}{'' if count == 1 else 's'}"


def _counts(outcome: Outcome) -> str:
    """Say how many notes, goals and tasks a build read."""
    notes, goals, tasks = outcome.counts
    return f"{plural(notes, 'note')}, {plural(goals, 'goal')}, {plural(tasks, 'task')}"


def summary_line(outcome: Outcome) -> str:
    """Say in one line what a build read, wrote and found (``watch`` prints it)."""
    report, problems = outcome.report, outcome.problems
    return (
        f"{_counts(outcome)}; pages: {len(report.written)} written, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; "
        f"{plural(len(problems), 'problem')} ({plural(count_errors(problems), 'error')})"
    )


def rebuild_lines(
    changed: tuple[str, ...], outcome: Outcome, took_ms: float, clock: str, verbose: bool
) -> list[str]:
    """Say what one rebuild of ``watch`` did at ``clock``: the notes that changed, pages written, problems.

    ``verbose`` adds the pages written and the problems, one a line.
    """
    names = ", ".join(changed) if len(changed) <= 3 else f"{len(changed)} notes"
    lines = [
        f"{clock} {names}: {plural(len(outcome.written), 'page')} written, "
        f"{plural(len(outcome.problems), 'problem')}, {took_ms:.0f} ms"
    ]
    if verbose:
        lines += [f"  wrote {page}" for page in outcome.written] + [str(p) for p in outcome.problems]
    return lines


class Rebuilds:
    """What ``watch`` does when notes change: take them in, build, and say so in one line (``say``)."""

    def __init__(
        self,
        session: Session,
        today: Callable[[], date],
        say: Callable[[str], None],
        *,
        quiet: bool = False,
        verbose: bool = False,
    ) -> None:
        """Rebuild ``session`` on the day ``today`` returns; ``say`` prints a line (none when ``quiet``).

        ``verbose`` adds the pages written and the problems, one a line.
        """
        self.session, self.today, self.say = session, today, say
        self.quiet, self.verbose = quiet, verbose
        self.unstamped: Outcome | None = None
        """The last rebuild, until it is stamped."""

    def on_change(self, paths: set[str]) -> tuple[str, ...]:
        """Take in changed paths and rebuild; return the notes to look at again after a pause."""
        started = time.perf_counter()
        try:
            update = self.session.apply(paths)
            if update.changed:
                self._rebuild(update.changed, started)
            if update.changed == ("*",):
                gc.freeze()  # the notes read again live as long as the watcher
        except JournalError as error:
            self.say(f"journal-tools: {error}")
            return ()
        return update.retry

    def on_reconcile(self) -> None:
        """Look at every note's size and time, and for new commits; rebuild when any changed, or the day.

        This is the only time ``watch`` runs git after its first build: a save never does. A watcher
        left running overnight brings its pages to the new day here, with no note saved.
        """
        started = time.perf_counter()
        changed = self.session.refresh()
        today, built_for = self.today(), self.session.built_for
        if not changed and built_for is not None and today != built_for:
            changed = (f"new day {today}",)
        if changed:
            self._rebuild(changed, started)

    def on_idle(self) -> None:
        """Stamp the last rebuild once saves have paused (a stamp made right after a save is never used)."""
        if self.unstamped is not None:
            stamp_build(self.session, self.unstamped)
            self.unstamped = None

    def _rebuild(self, changed: tuple[str, ...], started: float) -> None:
        """Build and say what changed, what was written and how long it took since ``started``."""
        done = self.unstamped = run_build(self.session, self.today(), stamp=False)
        took = (time.perf_counter() - started) * 1000
        clock = time.strftime("%H:%M:%S")  # when it happened, for the log line only
        for line in () if self.quiet else rebuild_lines(changed, done, took, clock, self.verbose):
            self.say(line)


def check_summary(outcome: Outcome) -> str:
    """Say how many problems ``check`` found, how many are errors, in how many notes."""
    problems = outcome.problems
    notes = plural(outcome.counts[0], "note")
    return f"{plural(len(problems), 'problem')} ({plural(count_errors(problems), 'error')}) in {notes}"


def summary_table(vault: str, outcome: Outcome) -> str:
    """Say in a small table what a build read, wrote and found (``build`` prints it)."""
    report, problems = outcome.report, outcome.problems
    rows = [
        ("vault", vault),
        ("read", _counts(outcome)),
        ("pages", f"{len(report.written)} written, {len(report.unchanged)} unchanged, "
         f"{len(report.removed)} removed"),
    ]  # fmt: skip
    if outcome.calendar:
        done = (
            "written"
            if outcome.calendar.written
            else "not written"
            if outcome.calendar.problem
            else "unchanged"
        )
        rows.append(("calendar", f"{outcome.calendar.path} {done}"))
    rows.append(("problems", f"{len(problems)} ({plural(count_errors(problems), 'error')})"))
    return "\n".join(f"{name:<9} {value}" for name, value in rows)


def check_message(outcome: Outcome) -> str | None:
    """Say why ``build --check`` fails: files out of date, files it cannot write; None when it passes."""
    stale, blocked = len(outcome.stale), len(outcome.blocked)
    said = [f"{plural(stale, 'page')} out of date (run journal-tools build)"] if stale else []
    said += [f"{plural(blocked, 'page')} that build cannot write"] if blocked else []
    return "; ".join(said) or None


def problem_data(problems: tuple[Problem, ...]) -> list[dict[str, Any]]:
    """Return problems as JSON objects: path, line, severity, message."""
    return [{"path": p.path, "line": p.line, "severity": p.severity, "message": p.message} for p in problems]


def build_data(vault: str, outcome: Outcome, *, check: bool) -> dict[str, Any]:
    """Return what ``build --json`` prints: what was read, written, removed, and every problem."""
    report, calendar = outcome.report, outcome.calendar
    notes, goals, tasks = outcome.counts
    return {
        "vault": vault,
        "today": outcome.today.isoformat(),
        "check": check,
        "notes": notes,
        "goals": goals,
        "tasks": tasks,
        "pages": {"written": report.written, "unchanged": report.unchanged, "removed": report.removed},
        "calendar": {"path": calendar.path, "written": calendar.written} if calendar else None,
        "problems": problem_data(outcome.problems),
        "errors": count_errors(outcome.problems),
    }
