"""Plan the files ``init`` and ``new`` write: read what is there, render, and write nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from journal_tools import new_note, setup
from journal_tools.analysis import SmartGap
from journal_tools.errors import JournalError, TemplateError
from journal_tools.pipeline import Session
from journal_tools.render import make_environment
from journal_tools.review import due_items
from journal_tools.settings import (
    SETTINGS_FILE,
    VAULT_TEMPLATES,
    Settings,
    default_template_dir,
    load_settings,
)
from journal_tools.weeks import IsoWeek


@dataclass(frozen=True, slots=True)
class PlannedFile:
    """A file ``init`` writes, appends to, or leaves alone because it exists."""

    path: str
    data: bytes
    action: str
    """``write`` (a new file), ``append`` (the old bytes, then more) or ``keep`` (left alone)."""


@dataclass(frozen=True, slots=True)
class InitPlan:
    """What ``init`` found in Obsidian's settings and the files it writes."""

    found: tuple[str, ...]
    files: tuple[PlannedFile, ...]


def _read(path: Path) -> str | None:
    """Read a UTF-8 text file; None when it does not exist."""
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise JournalError(f"{path.name}: cannot read: {exc}") from exc


def plan_init(vault: Path) -> InitPlan:
    """Plan ``init`` in ``vault`` (which may not exist yet); SettingsError for a bad settings file."""
    settings = load_settings(vault) if vault.is_dir() else Settings()
    hints = setup.obsidian_hints({path: _read(vault / path) for path in setup.OBSIDIAN_FILES})
    files = [
        _new(vault, SETTINGS_FILE, setup.settings_text(hints)),
        _new(vault, setup.GITIGNORE_PATH, setup.GITIGNORE),
    ]
    existing = _read(vault / setup.GITATTRIBUTES_PATH)
    attributes = setup.gitattributes_text(existing, settings.output)
    if attributes is None:
        files.append(PlannedFile(setup.GITATTRIBUTES_PATH, b"", "keep"))
    else:
        action = "write" if existing is None else "append"
        files.append(PlannedFile(setup.GITATTRIBUTES_PATH, attributes.encode("utf-8"), action))
    return InitPlan(hints.found, tuple(sorted(files, key=lambda f: f.path)))


def _new(vault: Path, path: str, text: str) -> PlannedFile:
    """Plan a file that is written only when nothing is at its path."""
    there = (vault / path).exists() or (vault / path).is_symlink()
    return PlannedFile(path, b"" if there else text.encode("utf-8"), "keep" if there else "write")


def plan_note(
    vault: Path, kind: str, title: str | None, today: date, smart: dict[str, str] | None = None
) -> tuple[str, str]:
    """Return the path and text of a new note of ``kind``; ValueError for a title that names no file.

    ``smart`` holds a goal's answers to ``new --interactive``.
    """
    path = new_note.note_path(kind, title, today)
    if kind == "reflection":
        session = Session(vault, write_cache=False)
        analysis = session.analyze(today)
        week = IsoWeek.of(today)
        carried = new_note.carried_steps(analysis.vault.reflections, week)
        due = new_note.due_this_week(due_items(analysis.vault), week)
        values = new_note.context(kind, title, today, session.settings, carried=carried, due=due)
    else:
        values = new_note.context(kind, title, today, load_settings(vault), smart=smart)
    return path, _render(vault, f"new/{kind}.md.j2", values)


def _render(vault: Path, name: str, values: dict[str, object]) -> str:
    """Render a note template: the vault's own (sandboxed) when it has one, else the built-in one."""
    own = vault / VAULT_TEMPLATES
    if (own / name).is_file():
        env = make_environment([own, default_template_dir()], sandboxed=True, cache=True)
        where = f"{VAULT_TEMPLATES}/{name}"
    else:
        env = make_environment([default_template_dir()], sandboxed=False, cache=True)
        where = f"built-in template {name}"
    try:
        return env.get_template(name).render(values)
    except Exception as exc:  # Jinja's errors and sandbox violations alike
        raise TemplateError(f"{where}: {type(exc).__name__}: {exc}") from exc


def smart_gaps(vault: Path, path: str, today: date) -> tuple[SmartGap, ...]:
    """Return the SMART letters the goal note at ``path`` still misses, as the dashboard judges them."""
    analysis = Session(vault, write_cache=False).analyze(today)
    return next((r.smart_missing for r in analysis.goals if r.goal.id == path), ())
