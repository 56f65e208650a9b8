"""Read self-assessment notes: the Skills section's levels and the profile sections."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from journal_tools.model import Vault, per_object
from journal_tools.note import Note, SectionItem
from journal_tools.problem import Problem

SKILLS_HEADING = "Skills"
PROFILE_HEADINGS = ("Strengths", "Weaknesses", "Interests", "Values")
"""The plain-list sections of an assessment, in page order."""
_FIELD = re.compile(r"[\[(][ \t]*(level|needed)[ \t]*::[ \t]*([^\])]*?)[ \t]*[\])]", re.IGNORECASE)
_LEVEL = re.compile(r"^[1-5]$")


@dataclass(frozen=True, slots=True)
class Skill:
    """One line of an assessment's Skills section: ``- Cloud architecture [level:: 2] [needed:: 4]``."""

    name: str
    level: int | None
    """The current level, 1-5 (None when missing or not 1-5)."""
    needed: int | None
    """The level needed, 1-5 (None when missing or not 1-5)."""
    line: int


@dataclass(frozen=True, slots=True)
class Assessment:
    """A dated self-assessment note."""

    path: str
    day: date
    skills: tuple[Skill, ...]
    profile: tuple[tuple[str, tuple[SectionItem, ...]], ...]
    """(heading, items) for Strengths, Weaknesses, Interests and Values, those present only."""


def skill_key(name: str) -> str:
    """Return the key skill names are compared by: case-folded, whitespace collapsed."""
    return " ".join(name.split()).casefold()


def parse_skill(item: SectionItem, path: str) -> tuple[Skill | None, list[Problem]]:
    """Read one Skills item; a level that is not 1-5 is an error and is left out."""
    problems: list[Problem] = []
    values: dict[str, int] = {}
    written: set[str] = set()
    for match in _FIELD.finditer(item.text):
        key, value = match.group(1).lower(), match.group(2)
        written.add(key)
        if _LEVEL.match(value):
            values.setdefault(key, int(value))
        else:
            message = f"{key}:: expected a whole number from 1 to 5, got '{value}'"
            problems.append(Problem(path, item.line, "error", message))
    name = " ".join(_FIELD.sub(" ", item.text).split())
    if not name:
        problems.append(Problem(path, item.line, "error", "skill has no name before its fields"))
        return None, problems
    missing = [key for key in ("level", "needed") if key not in written]
    if missing:
        fields = " ".join(f"[{key}:: 1-5]" for key in missing)
        problems.append(Problem(path, item.line, "warning", f"skill '{name}' has no {fields}"))
    return Skill(name, values.get("level"), values.get("needed"), item.line), problems


def read_assessment(note: Note) -> tuple[Assessment | None, list[Problem]]:
    """Read an assessment note's skills and profile sections; None when it has no date."""
    problems: list[Problem] = []
    skills: dict[str, Skill] = {}
    profile: dict[str, tuple[SectionItem, ...]] = {}
    headings = {heading.casefold(): heading for heading in PROFILE_HEADINGS}
    for section in note.sections:
        title = section.title.casefold()
        if title in headings:
            profile[headings[title]] = profile.get(headings[title], ()) + section.items
        if title != SKILLS_HEADING.casefold():
            continue
        for item in section.items:
            skill, found = parse_skill(item, note.path)
            problems += found
            if skill is not None and skill_key(skill.name) in skills:
                first = skills[skill_key(skill.name)].line
                message = f"skill '{skill.name}' is listed twice (first on line {first}); this one is ignored"
                problems.append(Problem(note.path, item.line, "warning", message))
            elif skill is not None:
                skills[skill_key(skill.name)] = skill
    if note.front.note_date is None:
        if "date" not in dict(note.front.lines):
            message = "assessment has no date: add 'date: YYYY-MM-DD' (it is left out of skill gaps)"
            problems.append(Problem(note.path, 1, "warning", message))
        return None, problems
    ordered = tuple((h, profile[h]) for h in PROFILE_HEADINGS if h in profile)
    return Assessment(note.path, note.front.note_date, tuple(skills.values()), ordered), problems


@per_object
def assessments(vault: Vault) -> tuple[tuple[Assessment, ...], tuple[Problem, ...]]:
    """Return the dated assessments, oldest first (by date, then path), and their problems."""
    found: list[Assessment] = []
    problems: list[Problem] = []
    for note in vault.of_kind("assessment"):
        assessment, errors = read_assessment(note)
        problems += errors
        if assessment is not None:
            found.append(assessment)
    return tuple(sorted(found, key=lambda a: (a.day, a.path))), tuple(problems)


def trends(found: tuple[Assessment, ...]) -> dict[str, tuple[tuple[date, int], ...]]:
    """Return each skill's (date, level) in successive assessments, by case-folded name."""
    history: dict[str, list[tuple[date, int]]] = defaultdict(list)
    for assessment in found:
        for skill in assessment.skills:
            if skill.level is not None:
                history[skill_key(skill.name)].append((assessment.day, skill.level))
    return {name: tuple(points) for name, points in history.items()}
