"""The iCalendar file of due dates and check-ins: its bytes, who owns a file, and writing it safely.

A calendar journal-tools writes names it in ``PRODID`` and carries a checksum of everything else in
``X-JOURNAL-TOOLS-CHECKSUM``: an .ics file cannot hold the front matter that marks generated pages, so
this is how a file of ours is told from one of the user's (never replaced) or one edited since.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

from journal_tools.analysis import Analysis
from journal_tools.atomic import atomic_write
from journal_tools.model import Due
from journal_tools.new_note import unlink
from journal_tools.ownership import refusal
from journal_tools.problem import Problem
from journal_tools.review import due_items
from journal_tools.settings import Settings
from journal_tools.skills import check_in
from journal_tools.write_report import CalendarWrite

PRODID = "-//journal-tools//EN"
CHECKSUM = "X-JOURNAL-TOOLS-CHECKSUM"
UID_DOMAIN = "journal-tools"
_LABELS = {"goal": "Goal due", "milestone": "Milestone due", "task": "Task due"}
_FOLDED = re.compile(rb"\n[ \t]")


@dataclass(frozen=True, slots=True)
class CalendarEvent:
    """One all-day event; ``every_days`` makes it recur."""

    key: str
    """What the UID is made from: kind and vault-relative path (and line for a task)."""
    summary: str
    day: date
    description: str
    category: str
    every_days: int | None = None

    @property
    def uid(self) -> str:
        """A UID that stays the same while the item stays where it is, so re-imports update it."""
        return f"{hashlib.sha1(self.key.encode('utf-8')).hexdigest()}@{UID_DOMAIN}"


def _key(item: Due) -> str:
    """Return the stable key of a due item: a note by its path, a task also by its line."""
    if item.kind == "goal" or (item.kind == "milestone" and item.line == 1):
        return f"{item.kind}:{item.path}"
    return f"{item.kind}:{item.path}:{item.line}"


def _due_event(item: Due, goal_titles: dict[str, str]) -> CalendarEvent:
    """Make the event of an open goal, milestone or task on its due day."""
    where = item.path if item.line == 1 else f"{item.path}, line {item.line}"
    lines = [where] + ([f"Goal: {goal_titles[item.goal]}"] if item.goal in goal_titles else [])
    return CalendarEvent(
        _key(item), f"{_LABELS[item.kind]}: {unlink(item.title)}", item.due, "\n".join(lines), item.kind
    )


def calendar_events(analysis: Analysis, settings: Settings) -> tuple[CalendarEvent, ...]:
    """Return the events: open goals, milestones and tasks on their due days, and the next check-ins."""
    titles = analysis.goal_titles
    events = [_due_event(item, titles) for item in due_items(analysis.vault)]
    checkin = check_in(analysis.vault, analysis.today, settings)
    every = f"one every {settings.checkin_days} days"
    said = (
        f"Last check-in: {checkin.path} ({checkin.last}); {every}."
        if checkin.last
        else f"No weekly reflection yet: write one to start your check-ins, {every}."
    )
    summary = "Check-in: write your weekly reflection"
    day = checkin.due or analysis.today
    events.append(CalendarEvent("checkin", summary, day, said, "check-in", settings.checkin_days))
    return tuple(sorted(events, key=lambda event: (event.day, event.key)))


def _recurrence(days: int) -> dict[str, str | int]:
    """Say "every ``days`` days" as an RRULE, in weeks when it is a whole number of weeks."""
    if days % 7 == 0:
        return {"FREQ": "WEEKLY", "INTERVAL": days // 7}
    return {"FREQ": "DAILY", "INTERVAL": days}


def calendar_bytes(analysis: Analysis, settings: Settings, name: str) -> bytes:
    """Return the .ics file: the same bytes for the same notes, settings and day (DTSTAMP is today)."""
    from icalendar import Calendar, Event

    stamp = datetime.combine(analysis.today, time(0, 0), tzinfo=UTC)
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"journal-tools: {name}" if name else "journal-tools")
    for item in calendar_events(analysis, settings):
        event = Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("dtstart", item.day)
        event.add("dtend", item.day + timedelta(days=1))
        event.add("summary", item.summary)
        event.add("description", item.description)
        event.add("categories", [item.category])
        event.add("transp", "TRANSPARENT")
        if item.every_days:
            event.add("rrule", _recurrence(item.every_days))
        calendar.add_component(event)
    calendar.add(CHECKSUM, _digest(calendar.to_ical()))
    return bytes(calendar.to_ical())


def _content_lines(data: bytes) -> tuple[list[bytes], bytes | None]:
    """Return the unfolded lines without the checksum line, and the checksum (None when absent)."""
    unfolded = _FOLDED.sub(b"", data.replace(b"\r\n", b"\n"))
    lines: list[bytes] = []
    checksum = None
    for line in unfolded.split(b"\n"):
        if line.upper().startswith(CHECKSUM.encode() + b":"):
            checksum = line.partition(b":")[2].strip()
        else:
            lines.append(line)
    return lines, checksum


def _digest(data: bytes) -> str:
    """Return the checksum of a calendar: everything but its checksum line, unfolded, with LF ends."""
    return hashlib.sha256(b"\n".join(_content_lines(data)[0])).hexdigest()


def ownership(data: bytes) -> str:
    """Tell who owns an .ics file: ``ours``, ``edited`` (ours, changed since) or ``user``."""
    lines, checksum = _content_lines(data)
    if f"PRODID:{PRODID}".encode() not in lines:
        return "user"
    return "ours" if checksum == _digest(data).encode() else "edited"


NOT_OURS = (
    f"was not written by journal-tools (no PRODID:{PRODID}); not overwritten. "
    "Move it away to let journal-tools write the calendar"
)
EDITED = "was changed since journal-tools wrote it; not overwritten. Delete it to write it again"


def write_calendar(
    path: Path, name: str, data: bytes, *, dry_run: bool = False, root: Path | None = None
) -> CalendarWrite:
    """Write ``data`` to ``path`` (shown as ``name``) unless unchanged or not ours (and inside ``root``)."""
    if root is not None and not path.parent.resolve().is_relative_to(root.resolve()):
        problem = "folder leads outside the vault; nothing written"
    else:
        problem = refusal(path, data, ownership, NOT_OURS, EDITED)
    if problem == "unchanged":
        return CalendarWrite(name, False)
    if problem:
        return CalendarWrite(name, False, Problem(name, 1, "error", problem))
    if not dry_run:
        try:
            atomic_write(path, data)
        except OSError as exc:
            message = f"cannot write the calendar: {exc.strerror or exc}"
            return CalendarWrite(name, False, Problem(name, 1, "error", message))
    return CalendarWrite(name, True)


def update_calendar(
    vault: Path, settings: Settings, analysis: Analysis, *, dry_run: bool = False
) -> CalendarWrite | None:
    """Write the ``calendar`` the settings name, if any, as builds write pages: only ours, only changes."""
    if not settings.calendar:
        return None
    data = calendar_bytes(analysis, settings, vault.resolve().name)
    return write_calendar(vault / settings.calendar, settings.calendar, data, dry_run=dry_run, root=vault)
