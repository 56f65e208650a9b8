"""Load the vault's optional ``.journal-tools.toml``; every key has a default."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from journal_tools.errors import SettingsError

SETTINGS_FILE = ".journal-tools.toml"
VAULT_TEMPLATES = ".journal-tools/templates"


def default_template_dir() -> Path:
    """Return the built-in templates: inside the installed package, or ``templates/`` in a checkout."""
    package = Path(__file__).resolve().parent
    packaged = package / "templates"
    return packaged if packaged.is_dir() else package.parent / "templates"


DEFAULT_SECTIONS: Mapping[str, tuple[str, ...]] = {
    "highlights": ("Highlights",),
    "tough_spots": ("Tough spots", "Challenges", "Lowlights"),
    "lessons": ("Lessons", "Lessons learned", "Learnings"),
    "next_steps": ("Next steps", "Next week"),
    "wins": ("Wins", "Celebrate"),
}


@dataclass(frozen=True, slots=True)
class Settings:
    """The vault's settings, validated."""

    output: str = "Reviews"
    """The folder, relative to the vault, that journal-tools owns and writes its pages into."""
    exclude: tuple[str, ...] = ()
    """Folders (relative to the vault) whose notes are not read."""
    stale_days: int = 21
    due_soon_days: int = 14
    rating_weeks: int = 8
    """How many weeks of ratings the pages show."""
    milestone_heading: str = "Milestones"
    checkin_days: int = 14
    """How many days after the last weekly reflection the next check-in is due (14: twice a month)."""
    sections: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(DEFAULT_SECTIONS))
    """Reflection section -> the heading names that mean it (matched case-insensitively)."""
    calendar: str = ""
    """The iCalendar file (vault-relative, inside ``output``) every build writes; "" for none."""
    charts: bool = True
    """Whether the pages draw Mermaid diagrams (the Unicode bars, sparklines and heatmap stay)."""
    history: bool = True
    """Whether the vault's git history is read (burn-ups, deadline moves, done dates from commits)."""


def load_settings(vault: Path) -> Settings:
    """Read ``.journal-tools.toml`` at the vault root; defaults when it does not exist."""
    path = vault / SETTINGS_FILE
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError) as exc:
        raise SettingsError(f"{SETTINGS_FILE}: cannot read: {exc}") from exc
    import tomllib  # only for a vault that has settings: every command starts here

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"{SETTINGS_FILE}: {exc}") from exc
    return parse_settings(raw)


def parse_settings(raw: Mapping[str, Any]) -> Settings:
    """Validate a settings mapping; report every bad key at once."""
    errors: list[str] = []
    values: dict[str, Any] = {}
    known = set(Settings.__dataclass_fields__)
    for key, value in raw.items():
        if key not in known:
            errors.append(f"unknown setting '{key}' (known: {', '.join(sorted(known))})")
            continue
        try:
            values[key] = _CHECKS[key](value)
        except (TypeError, ValueError) as exc:
            errors.append(f"{key}: {exc}")
    calendar = values.get("calendar", "")
    output = values.get("output", Settings().output)
    output_ok = "output" in values or "output" not in raw
    if calendar and output_ok and not calendar.startswith(output + "/"):
        errors.append(
            f"calendar: '{calendar}' must be inside the output folder '{output}' (the only folder "
            f"journal-tools writes into), for example '{output}/journal.ics'"
        )
    if errors:
        raise SettingsError("\n".join(f"{SETTINGS_FILE}: {message}" for message in errors))
    return Settings(**values)


def _folder(value: Any, what: str = "a folder") -> str:
    """Check a folder (or file) inside the vault; return it written with ``/``."""
    if not isinstance(value, str) or not value.strip():
        raise TypeError(f"expected {what} name")
    path = PurePosixPath(value.strip().replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or str(path) in ("", "."):
        raise ValueError(f"'{value}' must be {what} inside the vault")
    return str(path)


def _folders(value: Any) -> tuple[str, ...]:
    """Check a list of folders inside the vault."""
    if not isinstance(value, list):
        raise TypeError("expected a list of folder names")
    return tuple(_folder(item) for item in value)


def _calendar(value: Any) -> str:
    """Check the path of an ``.ics`` file inside the vault ("" turns the calendar off)."""
    if not isinstance(value, str):
        raise TypeError('expected a file name such as "Reviews/journal.ics", or "" for none')
    if not value.strip():
        return ""
    path = _folder(value, "a file")
    if not path.lower().endswith(".ics"):
        raise ValueError(f"'{value}' must name an .ics file")
    return path


def _days(value: Any) -> int:
    """Check a whole number of days, at least 1."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"expected a whole number of at least 1, got {value!r}")
    return value


def _flag(value: Any) -> bool:
    """Check a true/false value."""
    if not isinstance(value, bool):
        raise TypeError(f"expected true or false, got {value!r}")
    return value


def _text(value: Any) -> str:
    """Check a non-empty text."""
    if not isinstance(value, str) or not value.strip():
        raise TypeError("expected text")
    return value.strip()


def _sections(value: Any) -> dict[str, tuple[str, ...]]:
    """Heading names for each reflection section; unnamed sections keep their defaults."""
    if not isinstance(value, dict):
        raise TypeError('expected a table such as [sections] lessons = ["Lessons"]')
    sections = dict(DEFAULT_SECTIONS)
    for name, headings in value.items():
        if name not in DEFAULT_SECTIONS:
            raise ValueError(f"unknown section '{name}' (known: {', '.join(DEFAULT_SECTIONS)})")
        if isinstance(headings, str):
            headings = [headings]
        if not isinstance(headings, list) or not headings:
            raise TypeError(f"{name}: expected a list of heading names")
        sections[name] = tuple(_text(heading) for heading in headings)
    return sections


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "output": _folder,
    "exclude": _folders,
    "stale_days": _days,
    "due_soon_days": _days,
    "rating_weeks": _days,
    "milestone_heading": _text,
    "sections": _sections,
    "checkin_days": _days,
    "calendar": _calendar,
    "charts": _flag,
    "history": _flag,
}
