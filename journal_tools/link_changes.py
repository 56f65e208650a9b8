"""Tell which notes' links a change in the vault's notes can lead elsewhere, so the others keep their places.

A note's tasks and measurements are placed under goals by their links. When notes are only added or
removed, and each is a plain note (not a goal or a milestone, no aliases) whose name no other note
has, a link can change its answer only if it names one of them: a link to an added note led nowhere
(its note has a problem to lose), a link to a removed one will lead nowhere. Anything else (a note
renamed, aliases changed, a name shared) leaves the link index to be made again and every note placed.
"""

from __future__ import annotations

from collections.abc import Iterable

from journal_tools.dirty import GOAL_KINDS, is_structural
from journal_tools.links import LinkIndex, link_key
from journal_tools.note import Note, note_name


def plain_change(
    before: tuple[Note, ...], after: tuple[Note, ...], index: LinkIndex
) -> tuple[list[Note], list[Note]] | None:
    """Return the notes (added, removed) when that is all that changed, each a plain note of its own name.

    None when any note kept its path but not its aliases, or one added or removed is not such a note.
    """
    known = {note.path: note.front.aliases for note in before}
    present = {note.path for note in after}
    added = [note for note in after if note.path not in known]
    removed = [note for note in before if note.path not in present]
    if any(known.get(note.path, note.front.aliases) != note.front.aliases for note in after):
        return None
    if any(is_structural(None, note) for note in added) or any(is_structural(note, None) for note in removed):
        return None  # a goal, a milestone, or a note with aliases
    names = [link_key(note.name) for note in added]
    if len(set(names)) < len(names) or any(index.names_anything(note.name) for note in added):
        return None
    return (added, removed) if all(index.names_only(note) for note in removed) else None


def linking(notes: tuple[Note, ...], removed: list[Note]) -> set[str]:
    """Return the notes with a task or measurement link that may name one of the ``removed`` notes."""
    names = {link_name(note.path) for note in removed}
    if not names:
        return set()

    def names_one(links: tuple[str, ...]) -> bool:
        return any(link_name(link) in names for link in links)

    def has_one(note: Note) -> bool:
        return any(names_one(task.links) for task in note.tasks) or any(
            names_one(item.links) for item in note.measurements
        )

    return {note.path for note in notes if has_one(note)}


def goal_names(notes: Iterable[Note]) -> set[str]:
    """Return the names and aliases of the goal and milestone notes, as links name them."""
    goals = (note for note in notes if note.kind in GOAL_KINDS)
    return {link_key(name) for note in goals for name in (note.name, *note.front.aliases)}


def link_name(path: str) -> str:
    """Return the name of a note's path, or of a link's target, as links name it (no folder, no ``.md``)."""
    return link_key(note_name(path))
