"""Read a task line: its checkbox status and the Obsidian Tasks / Dataview fields at its end."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from journal_tools import shared
from journal_tools.note import PRIORITY_RANK, Priority, TaskStatus
from journal_tools.weeks import parse_iso_date

CHECKBOX = re.compile(r"^\[(.)\](?:[ \t]+|$)")
"""A task item's text starts with ``[c]`` and a space (or ends there)."""

STATUS_BY_MARK: dict[str, TaskStatus] = {
    " ": "todo",
    "x": "done",
    "X": "done",
    "/": "in_progress",
    "-": "cancelled",
}

_VS = "\ufe0f?"
_DATE = r"(\d{4}-\d{2}-\d{2})"
_DATE_EMOJI: tuple[tuple[str, str], ...] = (
    ("due", "📅📆🗓"),
    ("scheduled", "⏳⌛"),
    ("start", "🛫"),
    ("created", "➕"),
    ("done", "✅"),
    ("cancelled", "❌"),
)
_DATE_FIELD = re.compile(rf"([{''.join(chars for _, chars in _DATE_EMOJI)}]){_VS}\s*{_DATE}$")
"""Any emoji date field: the emoji's place before the date is unique, so one search finds which."""
_DATE_NAMES = {char: name for name, chars in _DATE_EMOJI for char in chars}
_PRIORITY_EMOJI: dict[str, Priority] = {
    "🔺": "highest",
    "⏫": "high",
    "🔼": "medium",
    "🔽": "low",
    "⏬": "lowest",
}
_PRIORITY = re.compile(rf"([🔺⏫🔼🔽⏬]){_VS}$")
_RECURRENCE = re.compile(rf"🔁{_VS}\s*([a-zA-Z0-9, !]+)$")
_IGNORED = re.compile(rf"(?:🆔{_VS}\s*[a-zA-Z0-9_-]+|⛔{_VS}\s*[a-zA-Z0-9_, -]+|🏁{_VS}\s*[a-zA-Z]+)$")
_DATAVIEW = re.compile(r"[\[(]([A-Za-z][A-Za-z_-]*)::\s*([^\[\]()]*?)\s*[\])]$")
_TRAILING_TAG = re.compile(r"(?:^|\s)(#[^\s!@#$%^&*(),.?\":{}|<>]+)$")
_BLOCK_ID = re.compile(r"\s\^[a-zA-Z0-9-]+$")
_PRIORITY_ENDS = frozenset("🔺⏫🔼🔽⏬\ufe0f")
_WORD_ENDS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_, !-")
"""The last characters a recurrence or an ignored field can end with."""
_DATAVIEW_DATES = {
    "due": "due",
    "scheduled": "scheduled",
    "start": "start",
    "created": "created",
    "completion": "done",
    "cancelled": "cancelled",
}
TAG = re.compile(
    r"(?:^|\s)#([^\s!@#$%^&*(),.?\":{}|<>]*[^\d\s!@#$%^&*(),.?\":{}|<>][^\s!@#$%^&*(),.?\":{}|<>]*)"
)
"""An inline tag as Obsidian Tasks reads it: ``#`` and at least one non-digit."""


@dataclass(slots=True)
class TaskFields:
    """What the end of a task line says (mutable while the line is read)."""

    text: str
    dates: dict[str, date] = field(default_factory=dict)
    priority: Priority = "normal"
    recurrence: str | None = None
    bad_dates: list[str] = field(default_factory=list)
    """Messages for dates that are not real days."""


def read_fields(line: str) -> TaskFields:
    """Strip the Tasks/Dataview fields from the end of a task's text, as Obsidian Tasks does."""
    fields = TaskFields(text="")
    rest = line.rstrip()
    block_id = _BLOCK_ID.search(rest) if "^" in rest else None  # a search tries every place in the line
    if block_id:
        rest = rest[: block_id.start()].rstrip()
    kept_tags: list[str] = []
    for _ in range(20):
        matched = _match_one(rest, fields)
        if matched is None:
            tag = _TRAILING_TAG.search(rest) if "#" in rest else None
            if tag is None:
                break
            kept_tags.insert(0, tag.group(1))
            rest = rest[: tag.start()].rstrip()
            continue
        rest = rest[:matched].rstrip()
    fields.text = " ".join([rest, *kept_tags]).strip()
    return fields


def _match_one(rest: str, fields: TaskFields) -> int | None:
    """Remove one field from the end of ``rest`` into ``fields``; return where it started.

    Each kind of field is looked for only when ``rest`` ends with a character it can end with and
    holds its emoji (or ``::``): a search for a pattern anchored at the end still tries every place in
    the line.
    """
    last = rest[-1:]
    if last.isdecimal() and (match := _DATE_FIELD.search(rest)):
        _set_date(fields, _DATE_NAMES[match.group(1)], match.group(2))
        return match.start()
    if last in _PRIORITY_ENDS and (match := _PRIORITY.search(rest)):
        fields.priority = _PRIORITY_EMOJI[match.group(1)]
        return match.start()
    if last in _WORD_ENDS:
        if "🔁" in rest and (match := _RECURRENCE.search(rest)):
            fields.recurrence = match.group(1).strip()
            return match.start()
        if ("🆔" in rest or "⛔" in rest or "🏁" in rest) and (match := _IGNORED.search(rest)):
            return match.start()
    match = _DATAVIEW.search(rest) if last in ("]", ")") and "::" in rest else None
    if match and _read_dataview(fields, match.group(1).lower(), match.group(2)):
        return match.start()
    return None


def _read_dataview(fields: TaskFields, key: str, value: str) -> bool:
    """Apply a Dataview ``[key:: value]`` field; False when the key is not a task field."""
    if key in _DATAVIEW_DATES:
        _set_date(fields, _DATAVIEW_DATES[key], value)
        return True
    if key == "priority" and value.lower() in PRIORITY_RANK:
        fields.priority = value.lower()  # type: ignore[assignment]
        return True
    if key == "repeat":
        fields.recurrence = value or None
        return True
    return False


def _set_date(fields: TaskFields, name: str, text: str) -> None:
    """Record a date field, or a message when it is not a real day."""
    day = parse_iso_date(text)
    if day is None:
        fields.bad_dates.append(f"{name} date {text!r} is not a valid date (YYYY-MM-DD)")
    elif name not in fields.dates:
        fields.dates[name] = day


def tags_in(text: str) -> tuple[str, ...]:
    """Return the inline ``#tags`` of a text, lower-cased, in order, without duplicates."""
    if "#" not in text:
        return ()
    return shared.values(tuple(dict.fromkeys(tag.lower() for tag in TAG.findall(text))))
