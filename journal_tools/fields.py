"""The one converter table from front matter values to typed fields (Obsidian's property types)."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from journal_tools import shared
from journal_tools.note import FrontMatter, NoteKind, Priority
from journal_tools.problem import Problem, Severity
from journal_tools.weeks import IsoWeek, parse_iso_date

NOTE_KINDS: dict[str, NoteKind] = {
    "goal": "goal",
    "milestone": "milestone",
    "reflection": "reflection",
    "weekly": "reflection",
    "daily": "daily",
    "assessment": "assessment",
    "feedback": "feedback",
}
HORIZONS = ("long", "short")
GOAL_KINDS = ("skill", "role", "network", "promotion", "balance", "other")
STATUSES = ("active", "done", "paused", "dropped")
PRIORITIES: dict[str, Priority] = {
    "highest": "highest",
    "high": "high",
    "medium": "medium",
    "normal": "normal",
    "low": "low",
    "lowest": "lowest",
    "1": "highest",
    "2": "high",
    "3": "medium",
    "4": "low",
    "5": "lowest",
}


class FieldError(ValueError):
    """A front matter value is not of the type its key needs."""

    severity: Severity = "error"


class UnknownKindError(FieldError):
    """``type`` names a kind journal-tools does not know; the note is read as a plain note."""

    severity: Severity = "warning"


def _describe(value: object) -> str:
    """Show a value in a message the way the user wrote it."""
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return str(value)


def to_text(value: object) -> str:
    """Read one line of text (numbers are accepted as text)."""
    if isinstance(value, bool) or value is None or isinstance(value, list | dict):
        raise FieldError(f"expected text, got {_describe(value)}")
    return str(value).strip()


def to_date(value: object) -> date:
    """Read ``YYYY-MM-DD`` (a trailing ``THH:MM[:SS]`` time is accepted and dropped)."""
    text = str(value).strip() if isinstance(value, str | int) else ""
    day = parse_iso_date(text[:10]) if len(text) == 10 or text[10:11] == "T" else None
    if day is None:
        raise FieldError(f"expected a date (YYYY-MM-DD), got {_describe(value)}")
    return day


def to_number(value: object) -> float:
    """Read a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise FieldError(f"expected a number, got {_describe(value)}")
    if not math.isfinite(value):
        raise FieldError(f"expected a finite number, got {value}")
    return float(value)


def to_weight(value: object) -> float:
    """Read a positive number."""
    number = to_number(value)
    if number <= 0:
        raise FieldError(f"expected a number above 0, got {value}")
    return number


def to_rating(value: object) -> int:
    """Read a whole number from 1 to 5."""
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 5:
        raise FieldError(f"expected a whole number from 1 to 5, got {_describe(value)}")
    return value


def to_link(value: object) -> str:
    """Read ``"[[Note]]"`` (or a plain note name) and return the link target."""
    if isinstance(value, list) and len(value) == 1 and isinstance(value[0], list):
        inner = value[0][0] if value[0] else ""
        raise FieldError(f'wikilinks must be quoted in YAML: write "[[{inner}]]"')
    text = to_text(value)
    if text.startswith("[[") and text.endswith("]]"):
        text = text[2:-2]
    target = text.split("|", 1)[0].split("#", 1)[0].strip()
    if not target:
        raise FieldError(f'expected a link such as "[[Note]]", got {_describe(value)}')
    return target


def to_text_list(value: object) -> tuple[str, ...]:
    """Read a list of text (a single value counts as a list of one)."""
    items = value if isinstance(value, list) else [value]
    return shared.values(tuple(to_text(item).lstrip("#") for item in items if item is not None))


def to_week(value: object) -> IsoWeek:
    """Read an ISO week ``GGGG-Www``."""
    week = IsoWeek.parse(value) if isinstance(value, str) else None
    if week is None:
        raise FieldError(f"expected an ISO week such as 2026-W47, got {_describe(value)}")
    return week


def to_kind(value: object) -> NoteKind:
    """Read ``type``; an unknown kind is a warning."""
    text = to_text(value).lower()
    if text not in NOTE_KINDS:
        known = ", ".join(sorted(NOTE_KINDS))
        raise UnknownKindError(f"unknown note type {_describe(value)} (known: {known})")
    return NOTE_KINDS[text]


def to_priority(value: object) -> Priority:
    """Read a priority name or 1 (highest) to 5 (lowest)."""
    text = str(value).strip().lower() if not isinstance(value, bool) else ""
    if text not in PRIORITIES:
        raise FieldError(
            f"expected highest, high, medium, normal, low, lowest or 1-5, got {_describe(value)}"
        )
    return PRIORITIES[text]


def _choice(*allowed: str) -> Callable[[object], str]:
    """Make a converter that accepts one of ``allowed`` (case-insensitive)."""

    def convert(value: object) -> str:
        text = to_text(value).lower()
        if text not in allowed:
            raise FieldError(f"expected one of {', '.join(allowed)}, got {_describe(value)}")
        return text

    return convert


CONVERTERS: Mapping[str, tuple[str, Callable[[object], Any]]] = {
    "type": ("type", to_kind),
    "title": ("title", to_text),
    "aliases": ("aliases", to_text_list),
    "tags": ("tags", to_text_list),
    "horizon": ("horizon", _choice(*HORIZONS)),
    "kind": ("kind", _choice(*GOAL_KINDS)),
    "status": ("status", _choice(*STATUSES)),
    "start": ("start", to_date),
    "due": ("due", to_date),
    "done": ("done", to_date),
    "date": ("note_date", to_date),
    "updated": ("updated", to_date),
    "metric": ("metric", to_text),
    "target": ("target", to_number),
    "current": ("current", to_number),
    "baseline": ("baseline", to_number),
    "unit": ("unit", to_text),
    "parent": ("parent", to_link),
    "goal": ("goal", to_link),
    "why": ("why", to_text),
    "priority": ("priority", to_priority),
    "partner": ("partner", to_text),
    "weight": ("weight", to_weight),
    "week": ("week", to_week),
    "rating": ("rating", to_rating),
    "from": ("source", to_text),
    "skills": ("skills", to_text_list),
}
"""Front matter key -> (FrontMatter attribute, converter). A key means the same in every note."""


def convert(
    raw: Mapping[str, object], lines: Mapping[str, int], path: str
) -> tuple[FrontMatter, list[Problem]]:
    """Convert known keys through the table; a bad value is a problem and is left out."""
    values: dict[str, Any] = {}
    problems: list[Problem] = []
    for key, (attribute, converter) in CONVERTERS.items():
        value = raw.get(key)
        if value is None or value == "":
            continue
        try:
            values[attribute] = converter(value)
        except FieldError as exc:
            problems.append(Problem(path, lines.get(key, 1), exc.severity, f"{key}: {exc}"))
    values["lines"] = shared.values(tuple(sorted(lines.items(), key=lambda item: item[1])))
    return FrontMatter(**values), problems
