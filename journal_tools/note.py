"""Plain data for one parsed note: front matter, tasks, sections, links, measurements, problems."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from journal_tools.problem import Problem
from journal_tools.shared import by_fields
from journal_tools.weeks import IsoWeek

NoteKind = Literal["goal", "milestone", "reflection", "daily", "assessment", "feedback"]
TaskStatus = Literal["todo", "done", "in_progress", "cancelled"]
Priority = Literal["highest", "high", "medium", "normal", "low", "lowest"]

PRIORITY_RANK: dict[Priority, int] = {
    "highest": 0,
    "high": 1,
    "medium": 2,
    "normal": 3,
    "low": 4,
    "lowest": 5,
}
"""Sort key of each priority, most urgent first."""


@by_fields
@dataclass(frozen=True, slots=True)
class Link:
    """A wikilink ``[[target#heading|alias]]`` as written."""

    target: str
    """The note name or path, without ``.md``."""
    line: int


@by_fields
@dataclass(frozen=True, slots=True)
class Task:
    """A checkbox list item with its Obsidian Tasks / Dataview fields."""

    text: str
    """The description, without the checkbox and the trailing fields."""
    line: int
    status: TaskStatus
    mark: str
    """The character between the brackets, as written."""
    due: date | None = None
    scheduled: date | None = None
    start: date | None = None
    created: date | None = None
    done: date | None = None
    cancelled: date | None = None
    priority: Priority = "normal"
    recurrence: str | None = None
    links: tuple[str, ...] = ()
    """Link targets on the task's line, then on the lines of the list items around it."""
    section: str = ""
    """The text of the nearest heading above the task ("" before the first heading)."""
    parent_line: int | None = None
    """The line of the task this one is nested under, if any."""
    tags: tuple[str, ...] = ()

    @property
    def open(self) -> bool:
        """True while the task is to do or in progress."""
        return self.status in ("todo", "in_progress")


@by_fields
@dataclass(frozen=True, slots=True)
class SectionItem:
    """A list item or paragraph under a heading."""

    text: str
    line: int
    mark: str | None = None
    """The checkbox character when the item is a task, else None."""


@by_fields
@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the items directly under it (until the next heading)."""

    title: str
    line: int
    items: tuple[SectionItem, ...]


@by_fields
@dataclass(frozen=True, slots=True)
class Measurement:
    """A dated value of a goal's metric: ``[current:: 3]`` on a line with a date or in a dated note."""

    value: float
    line: int
    day: date | None
    """The date written on the line, if any."""
    links: tuple[str, ...]


@by_fields
@dataclass(frozen=True, slots=True)
class FrontMatter:
    """The front matter keys journal-tools understands, converted to their types."""

    type: NoteKind | None = None
    title: str | None = None
    aliases: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    horizon: str | None = None
    kind: str | None = None
    status: str | None = None
    start: date | None = None
    due: date | None = None
    done: date | None = None
    note_date: date | None = None
    """``date`` of a daily, assessment or feedback note."""
    updated: date | None = None
    metric: str | None = None
    target: float | None = None
    current: float | None = None
    baseline: float | None = None
    unit: str | None = None
    parent: str | None = None
    """Link target of ``parent``."""
    goal: str | None = None
    """Link target of ``goal``."""
    why: str | None = None
    priority: Priority | None = None
    partner: str | None = None
    weight: float | None = None
    week: IsoWeek | None = None
    rating: int | None = None
    source: str | None = None
    """``from`` of a feedback note."""
    skills: tuple[str, ...] = ()
    """``skills`` of a skill goal: the assessed skills it addresses."""
    lines: tuple[tuple[str, int], ...] = ()
    """The line of each key, for messages."""

    def line_of(self, key: str) -> int:
        """Return the file line of a front matter key (1 when absent)."""
        return dict(self.lines).get(key, 1)


@by_fields
@dataclass(frozen=True, slots=True)
class Note:
    """Everything read from one Markdown file."""

    path: str
    """Relative to the vault, with ``/``."""
    front: FrontMatter = field(default_factory=FrontMatter)
    kind: NoteKind | None = None
    """The note kind, from ``type`` or the file name."""
    day: date | None = None
    """The date of a daily note."""
    week: IsoWeek | None = None
    """The week of a weekly reflection."""
    tasks: tuple[Task, ...] = ()
    sections: tuple[Section, ...] = ()
    links: tuple[Link, ...] = ()
    measurements: tuple[Measurement, ...] = ()
    problems: tuple[Problem, ...] = ()
    readable: bool = True
    """False when the note could not be read at all (its problems say why)."""

    @property
    def name(self) -> str:
        """The file name without folder and ``.md``, as Obsidian links it."""
        return note_name(self.path)


def note_name(path: str) -> str:
    """Return the name of a note's path (or of a link's target): no folder, no ``.md``."""
    return path.rsplit("/", 1)[-1].removesuffix(".md")


NOTE_CLASSES = (Problem, Link, Task, SectionItem, Section, Measurement, FrontMatter, Note)
"""Every class a parsed note is made of (what the parse cache may load)."""

SHARED_FIELDS: dict[type, tuple[str, ...]] = {
    Task: ("status", "priority", "recurrence", "links", "section", "tags"),
    Link: ("target",),
    Measurement: ("links",),
    Section: ("title",),
    FrontMatter: ("type", "tags", "horizon", "kind", "status", "unit", "parent", "goal", "priority", "lines"),
    Note: ("kind",),
}
"""The fields whose values many notes repeat: a note loaded back keeps one shared copy of each value."""
