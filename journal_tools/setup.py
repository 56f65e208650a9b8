"""The files ``init`` writes: commented settings, git attributes, and hints from Obsidian's settings."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass

from journal_tools.settings import SETTINGS_FILE, Settings

GITIGNORE_PATH = ".journal-tools/.gitignore"
GITIGNORE = "*\n!.gitignore\n!templates/\n"
GITATTRIBUTES_PATH = ".gitattributes"

DAILY_NOTES = ".obsidian/daily-notes.json"
PERIODIC_NOTES = ".obsidian/plugins/periodic-notes/data.json"
TEMPLATES = ".obsidian/templates.json"
OBSIDIAN_FILES = (DAILY_NOTES, PERIODIC_NOTES, TEMPLATES)
"""The Obsidian settings files ``init`` looks at, relative to the vault."""

_DAILY_FORMATS = ("", "YYYY-MM-DD")
_WEEKLY_FORMATS = ("gggg-[W]ww", "GGGG-[W]WW")

_EXPLANATIONS = {
    "output": "The folder journal-tools writes its pages into; it owns this folder.",
    "exclude": "Folders whose notes are not read, for example your templates folder.",
    "stale_days": "An active goal is stale after this many days without dated activity.",
    "due_soon_days": "The dashboard lists what is due from today to today + this many days.",
    "rating_weeks": "How many weeks of ratings (and weekly pages) the pages show.",
    "checkin_days": "A check-in (weekly reflection) is due this many days after the last one.",
    "milestone_heading": "In a goal note, the heading whose tasks are milestones.",
    "calendar": "Every build writes due dates and check-ins to this .ics file, e.g. Reviews/journal.ics.",
    "charts": "Draw Mermaid charts on the pages; false keeps only the Unicode bars, sparklines and heatmap.",
    "history": "Read the vault's git history: burn-ups, deadline moves, done dates of ticked tasks.",
}


@dataclass(frozen=True, slots=True)
class ObsidianHints:
    """What Obsidian's settings say: lines to print, and commented suggestions for the settings file."""

    found: tuple[str, ...]
    suggestions: tuple[str, ...]


def _toml(value: object) -> str:
    """Write a default value in TOML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return json.dumps(value)
    if isinstance(value, tuple | list):
        return "[" + ", ".join(_toml(item) for item in value) + "]"
    return str(value)


def settings_text(hints: ObsidianHints | None = None) -> str:
    """Return a ``.journal-tools.toml`` with every setting commented out at its default, explained."""
    defaults = Settings()
    lines = [
        f"# {SETTINGS_FILE}: journal-tools settings (see docs/settings.md).",
        "# Every setting is optional and shown here with its default. Remove the '# ' in front of",
        "# a setting to change it.",
    ]
    for key, explanation in _EXPLANATIONS.items():
        lines += ["", f"# {explanation}", f"# {key} = {_toml(getattr(defaults, key))}"]
        if key == "exclude" and hints and hints.suggestions:
            lines += ["#", "# Suggested by your Obsidian settings:"]
            lines += [f"# {suggestion}" for suggestion in hints.suggestions]
    lines += [
        "",
        "# The heading names of the sections of a weekly reflection (any level, any case).",
        "# [sections]",
    ]
    lines += [f"# {name} = {_toml(headings)}" for name, headings in defaults.sections.items()]
    return "\n".join(lines) + "\n"


def gitattributes_line(output: str) -> str:
    """Return the line that marks the generated pages as generated for GitHub."""
    return f"{output}/** linguist-generated=true"


def gitattributes_text(existing: str | None, output: str) -> str | None:
    """Return the new ``.gitattributes`` (the old text with the line added), or None when it has it."""
    line = gitattributes_line(output)
    if existing is None:
        return line + "\n"
    if line in (item.strip() for item in existing.splitlines()):
        return None
    separator = "" if existing == "" or existing.endswith(("\n", "\r")) else "\n"
    return existing + separator + line + "\n"


def _load(text: str | None) -> dict[str, object] | None:
    """Read a JSON object; None when there is none or it cannot be read."""
    if text is None:
        return None
    try:
        data = json.loads(text)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def _text(data: Mapping[str, object], key: str) -> str:
    """Return a text value of a settings object, stripped of slashes ("" when absent)."""
    value = data.get(key)
    return value.strip().strip("/") if isinstance(value, str) else ""


def _template_folder(template: str) -> str:
    """Return the folder of a template note named in a daily or weekly notes setting."""
    return template.rpartition("/")[0]


def obsidian_hints(texts: Mapping[str, str | None]) -> ObsidianHints:
    """Read Obsidian's settings files (path -> text, None when missing) and say what they mean."""
    found: list[str] = []
    excludes: list[str] = []
    notes: list[str] = []
    for path in OBSIDIAN_FILES:
        if texts.get(path) is not None and _load(texts.get(path)) is None:
            found.append(f"{path}: not a JSON object; ignored")
    daily = _load(texts.get(DAILY_NOTES))
    if daily is not None:
        folder, fmt = _text(daily, "folder"), _text(daily, "format")
        found.append(
            f"daily notes (core plugin): folder '{folder or '/'}', file names '{fmt or 'YYYY-MM-DD'}'"
        )
        notes += _daily_notes(fmt)
        excludes.append(_template_folder(_text(daily, "template")))
    periodic = _load(texts.get(PERIODIC_NOTES))
    if periodic is not None:
        for period, defaults, reads in (
            ("daily", _DAILY_FORMATS, "YYYY-MM-DD"),
            ("weekly", _WEEKLY_FORMATS, "GGGG-[W]WW"),
        ):
            item = periodic.get(period)
            if not isinstance(item, dict) or item.get("enabled") is False:
                continue
            folder, fmt = _text(item, "folder"), _text(item, "format")
            found.append(
                f"{period} notes (Periodic Notes): folder '{folder or '/'}', file names '{fmt or reads}'"
            )
            if fmt and fmt not in defaults:
                notes += _other_format(period, fmt, reads)
            excludes.append(_template_folder(_text(item, "template")))
    templates = _load(texts.get(TEMPLATES))
    if templates is not None and _text(templates, "folder"):
        found.append(f"templates folder (core plugin): '{_text(templates, 'folder')}'")
        excludes.insert(0, _text(templates, "folder"))
    folders = list(dict.fromkeys(folder for folder in excludes if folder))
    suggestions = [f"Obsidian's templates folder: consider exclude = {_toml(folders)}"] if folders else []
    return ObsidianHints(tuple(found), tuple(suggestions + notes))


def _daily_notes(fmt: str) -> list[str]:
    """Say what to do when the daily notes are not named YYYY-MM-DD."""
    return [] if fmt in _DAILY_FORMATS else _other_format("daily", fmt, "YYYY-MM-DD")


def _other_format(period: str, fmt: str, reads: str) -> list[str]:
    """Explain that notes named another way need their kind and date in the front matter."""
    keys = "type: daily and date: YYYY-MM-DD" if period == "daily" else "type: reflection and week: GGGG-Www"
    return [
        f"Your {period} notes are named '{fmt}'; journal-tools recognises {reads} names by themselves:",
        f"put {keys} in the front matter of your {period} note template.",
    ]
