"""What a note body holds, and how one item or line of it is read (shared by both Markdown readers)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from journal_tools import shared
from journal_tools.note import Link, Measurement, Section, SectionItem, Task
from journal_tools.problem import Severity
from journal_tools.tasks import CHECKBOX, STATUS_BY_MARK, read_fields, tags_in
from journal_tools.weeks import parse_iso_date

WIKILINK = re.compile(r"(!?)\[\[([^\[\]|#^]*)(?:[#^][^\[\]|]*)?(?:\\?\|[^\[\]]*)?\]\]")
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_MEASURE = re.compile(r"(?:^|[\[(])[ \t]*current::[ \t]*([^\]\)\s]*)")
_NUMBER = re.compile(r"^[-+]?(?:\d+(?:\.\d*)?|\.\d+)$")
_DAY = re.compile(r"(?<!\d)(\d{4}-\d{2}-\d{2})(?!\d)")


@dataclass(slots=True)
class Body:
    """What a note body holds."""

    tasks: list[Task] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    measurements: list[Measurement] = field(default_factory=list)
    problems: list[tuple[int, Severity, str]] = field(default_factory=list)


@dataclass(slots=True)
class Item:
    """A list item being walked: its line, its task line (if a task) and its links."""

    line: int
    task_line: int | None = None
    links: tuple[str, ...] = ()


def link_targets(text: str) -> tuple[str, ...]:
    """Return the targets of the wikilinks in a line of text, code spans and embeds left out."""
    if "[[" not in text:
        return ()
    text = _CODE_SPAN.sub("", text)
    targets = []
    for embed, target in WIKILINK.findall(text):
        name = target.strip().removesuffix("\\").strip()
        if not embed and name:
            targets.append(shared.text(name.removesuffix(".md")))
    return tuple(targets)


def read_item(
    content: str, links: tuple[str, ...], line: int, stack: list[Item], section: str, result: Body
) -> SectionItem:
    """Record a list item's links, and its task when it has a checkbox.

    ``links`` are the link targets of its first line, as :func:`scan_lines` returned them.
    """
    first = content.split("\n", 1)[0]
    item = stack[-1]
    item.links = links
    match = CHECKBOX.match(first)
    if match is None:
        return SectionItem(first.strip(), line)
    mark = match.group(1)
    fields = read_fields(first[match.end() :])
    for message in fields.bad_dates:
        result.problems.append((line, "error", f"task: {message}"))
    item.task_line = line
    parent_line = None
    if len(stack) > 1:  # a nested task: its parent task, and the links of every item it is under
        ancestors = stack[:-1]
        parent_line = next((a.task_line for a in reversed(ancestors) if a.task_line), None)
        links += tuple(t for a in reversed(ancestors) for t in a.links)
    links = shared.values(tuple(dict.fromkeys(links))) if links else links
    dates = fields.dates
    result.tasks.append(
        Task(
            text=fields.text,
            line=line,
            status=STATUS_BY_MARK.get(mark, "todo"),
            mark=mark,
            due=dates.get("due"),
            scheduled=dates.get("scheduled"),
            start=dates.get("start"),
            created=dates.get("created"),
            done=dates.get("done"),
            cancelled=dates.get("cancelled"),
            priority=fields.priority,
            recurrence=fields.recurrence,
            links=links,
            section=shared.text(section),
            parent_line=parent_line,
            tags=tags_in(fields.text),
        )
    )
    return SectionItem(fields.text, line, mark)


def scan_lines(content: str, first_line: int, result: Body) -> tuple[str, ...]:
    """Collect the links and ``current::`` measurements of each line of an inline token.

    Return the link targets of its first line (a list item's own links).
    """
    if "[[" not in content and "current::" not in content:
        return ()  # most lines have neither: no need to look closer
    first: tuple[str, ...] | None = None
    for number, text in enumerate(content.split("\n"), start=first_line):
        targets = link_targets(text)
        if first is None:
            first = targets
        result.links.extend(Link(target, number) for target in targets)
        if "current::" not in text:
            continue
        for match in _MEASURE.finditer(_CODE_SPAN.sub("", text)):
            value = match.group(1)
            if not _NUMBER.match(value):
                result.problems.append((number, "error", f"current:: expected a number, got '{value}'"))
                continue
            day_match = _DAY.search(text)
            day = parse_iso_date(day_match.group(1)) if day_match else None
            result.measurements.append(Measurement(float(value), number, day, targets))
    return first or ()
