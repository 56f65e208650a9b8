"""Where ``new`` puts a note and what its template is given: file names, folders, the reflection prefill."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from journal_tools.settings import Settings
from journal_tools.weeks import IsoWeek

if TYPE_CHECKING:  # the command line imports this module for KINDS; the model is not needed for that
    from journal_tools.model import Due, Reflection

KINDS = ("goal", "milestone", "reflection", "assessment", "feedback")
FOLDERS = {
    "goal": "Goals",
    "milestone": "Milestones",
    "reflection": "Journal/Weekly",
    "assessment": "Self",
    "feedback": "Feedback",
}
NEEDS_TITLE = ("goal", "milestone")
_ILLEGAL = set('/\\:*?"<>|#^[]')
_OPEN_MARKS = (" ", "/")
_WIKILINK = re.compile(r"\[\[([^\]|#]*)(?:#[^\]|]*)?(?:\|([^\]]*))?\]\]")


def unlink(text: str) -> str:
    """Replace each ``[[Note|shown]]`` by its shown text, so a copied line does not count for a goal."""
    return " ".join(_WIKILINK.sub(lambda m: m.group(2) or m.group(1), text).split())


def file_name(title: str) -> str:
    """Return ``title`` without the characters that file names (or Obsidian links) cannot hold."""
    cleaned = "".join(" " if char in "\t\r\n" else char for char in title if char not in _ILLEGAL)
    return " ".join(cleaned.split()).lstrip(".").strip()


def note_path(kind: str, title: str | None, today: date) -> str:
    """Return the vault-relative path of a new note; ValueError when the title cannot name a file."""
    if kind == "reflection":
        return f"{FOLDERS[kind]}/{IsoWeek.of(today)}.md"
    if kind in NEEDS_TITLE and not (title or "").strip():
        raise ValueError(f'a {kind} needs a title: journal-tools new {kind} "TITLE"')
    default = "Self-assessment" if kind == "assessment" else "Feedback"
    name = file_name(title or "") if title is not None else f"{default} {today.isoformat()}"
    if not name:
        raise ValueError(f"'{title}' has no character a file name can hold")
    return f"{FOLDERS[kind]}/{name}.md"


SMART_FIELDS = ("metric", "target", "due", "why")
"""The fields ``new goal --interactive`` asks for."""


def yaml_text(value: str) -> str:
    """Quote text for YAML front matter (a JSON string is a YAML 1.2 double-quoted scalar)."""
    return json.dumps(value, ensure_ascii=False)


def carried_steps(reflections: Iterable[Reflection], week: IsoWeek) -> list[dict[str, str]]:
    """Return the open Next steps of the latest reflection before ``week``: mark and text of each."""
    earlier = [r for r in reflections if r.week < week]
    if not earlier:
        return []
    latest = max(earlier, key=lambda r: (r.week, r.path))
    return [
        {"mark": item.mark or " ", "text": item.text}
        for item in latest.sections.get("next_steps", ())
        if item.mark in _OPEN_MARKS and item.text
    ]


def due_this_week(items: Iterable[Due], week: IsoWeek) -> list[dict[str, str]]:
    """Return the open goals, milestones and tasks due in ``week``: title (links made plain), kind, due."""
    return [
        {"title": unlink(item.title), "kind": item.kind, "due": item.due.isoformat()}
        for item in items
        if item.open and item.due in week
    ]


def context(
    kind: str,
    title: str | None,
    today: date,
    settings: Settings,
    *,
    carried: list[dict[str, str]] | None = None,
    due: list[dict[str, str]] | None = None,
    smart: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Return what the template of a new note of ``kind`` is rendered with.

    ``smart`` holds a goal's answers to ``new --interactive`` (metric, target, due, why; empty when
    skipped): text is quoted for YAML, the number and the date are written as given.
    """
    week = IsoWeek.of(today)
    text = (title or "").strip()
    answers = {name: (smart or {}).get(name, "").strip() for name in SMART_FIELDS}
    for name in ("metric", "why"):
        answers[name] = yaml_text(answers[name]) if answers[name] else ""
    return {
        "smart": answers,
        "kind": kind,
        "title": text,
        "title_yaml": yaml_text(text) if text else "",
        "today": today.isoformat(),
        "week": str(week),
        "week_number": week.week,
        "monday": week.monday.isoformat(),
        "sunday": week.sunday.isoformat(),
        "milestone_heading": settings.milestone_heading,
        "headings": _headings(settings.sections),
        "next_steps": carried or [],
        "due": due or [],
    }


def _headings(sections: Mapping[str, tuple[str, ...]]) -> dict[str, str]:
    """Return the first heading name of each reflection section."""
    return {name: names[0] for name, names in sections.items() if names}
