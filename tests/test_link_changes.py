"""Which changes in the notes keep the link index and the other notes' placements, and which do not."""

from __future__ import annotations

import pytest

from journal_tools.link_changes import linking, plain_change
from journal_tools.links import LinkIndex
from journal_tools.note import Note
from journal_tools.parse import parse_note

BEFORE = {
    "Goals/Ship.md": "---\ntype: goal\naliases: [Launch]\n---\n",
    "Daily/2026-11-16.md": "- [ ] plan [[Ideas]] for [[Ship]]\n",
    "Daily/2026-11-17.md": "- [x] done [[Ship]]\n[current:: 3] [[ideas.md]]\n",
    "Notes/Ideas.md": "someday\n",
    "Notes/Twin.md": "one\n",
    "Archive/Twin.md": "two\n",
}


def _notes(files: dict[str, str]) -> tuple[Note, ...]:
    return tuple(parse_note(path, text) for path, text in sorted(files.items()))


@pytest.mark.parametrize(
    ("change", "plain"),
    [
        ({"Daily/2026-11-18.md": "- [ ] new\n"}, True),  # a new daily note
        ({"Notes/Ideas.md": None}, True),  # a plain note of its own name removed
        ({"Notes/Ideas.md": None, "Daily/2026-11-18.md": "x\n"}, True),
        ({"Notes/Ship.md": "x\n"}, False),  # the name of a goal
        ({"Notes/Launch.md": "x\n"}, False),  # a goal's alias
        ({"Notes/Twin.md": None}, False),  # a name another note has
        ({"Goals/New.md": "---\ntype: goal\n---\n"}, False),
        ({"Goals/Ship.md": None}, False),
        ({"Notes/Other.md": "---\naliases: [Other idea]\n---\n"}, False),
        ({"Notes/Ideas.md": None, "Notes/More ideas.md": "someday\n"}, True),  # renamed: each side plain
        ({"Notes/Ideas.md": "---\naliases: [Thoughts]\n---\n", "Daily/2026-11-18.md": "x\n"}, False),
    ],
)
def test_plain_changes(change: dict[str, str | None], plain: bool) -> None:
    before = _notes(BEFORE)
    after_files = {**BEFORE, **{p: t for p, t in change.items() if t is not None}}
    after = _notes({p: t for p, t in after_files.items() if change.get(p, "") is not None})
    assert (plain_change(before, after, LinkIndex(before)) is not None) == plain


def test_the_notes_linking_a_removed_note_by_name_or_path_in_any_case() -> None:
    notes = _notes(BEFORE)
    removed = [note for note in notes if note.path == "Notes/Ideas.md"]
    assert linking(notes, removed) == {"Daily/2026-11-16.md", "Daily/2026-11-17.md"}
    assert linking(notes, []) == set()
