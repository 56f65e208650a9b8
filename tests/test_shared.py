"""Values many notes repeat are held once: parsed, loaded from the cache, or sent by a worker."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
from hypothesis import given

from journal_tools import shared
from journal_tools.errors import NoteError
from journal_tools.note import Note
from journal_tools.note_pickle import PICKLE_PROTOCOL, load_note
from journal_tools.parse import parse_note, read_note
from tests.test_markdown_fast import bodies
from tests.test_properties import vaults

DAILY = """---
date: 2026-11-{day}
tags: [work, career]
---
## Log
- [ ] Draft the talk [[Tech forum talk]] #writing 🔼 📅 2026-11-30
- [x] Practice exam [[AWS certification]] ✅ 2026-11-{day}
"""


def _daily(day: int) -> Note:
    return parse_note(f"Journal/2026-11-{day}.md", DAILY.format(day=day))


def _round_trip(note: Note) -> Note:
    return load_note(pickle.dumps(note, protocol=PICKLE_PROTOCOL))


def _repeated(first: Note, second: Note) -> list[tuple[object, object]]:
    """The values the two daily notes have in common, one pair for each."""
    a, b = first.tasks[0], second.tasks[0]
    return [
        (a.links, b.links),
        (a.links[0], b.links[0]),
        (a.tags, b.tags),
        (a.section, b.section),
        (a.priority, b.priority),
        (a.status, b.status),
        (a.due, b.due),
        (first.links[0].target, second.links[0].target),
        (first.front.tags, second.front.tags),
        (first.front.lines, second.front.lines),
    ]


def test_parsed_notes_share_what_they_repeat() -> None:
    first, second = _daily(20), _daily(21)
    for one, other in _repeated(first, second):
        assert one == other
        assert one is other, one


def test_notes_loaded_back_share_what_they_repeat_and_are_equal() -> None:
    first, second = _daily(20), _daily(21)
    loaded = _round_trip(first), _round_trip(second)
    assert loaded == (first, second)
    for one, other in _repeated(*loaded):
        assert one is other, one


def test_a_pickle_of_anything_but_a_note_is_refused() -> None:
    with pytest.raises(pickle.UnpicklingError):
        load_note(pickle.dumps(["not", "a", "note"]))


@given(bodies)
def test_any_body_loads_back_equal(body: str) -> None:
    note = parse_note("Journal/2026-11-20.md", "---\ntype: reflection\nweek: 2026-W47\n---\n" + body)
    assert _round_trip(note) == note


@given(vaults())
def test_any_note_of_a_vault_loads_back_equal(files: dict[str, str]) -> None:
    for path, text in files.items():
        try:
            note = parse_note(path, text)
        except NoteError:
            continue
        assert _round_trip(note) == note


def test_the_sample_vault_loads_back_equal() -> None:
    root = Path(__file__).resolve().parent.parent / "sample_vault"
    for path in sorted(root.rglob("*.md")):
        note = read_note(root, path.relative_to(root).as_posix())
        assert _round_trip(note) == note, path


def test_the_tables_start_afresh_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shared, "LIMIT", 4)
    monkeypatch.setattr(shared, "_TEXTS", {})
    made = [shared.text(f"target {n}") for n in range(10)]
    assert made == [f"target {n}" for n in range(10)]
    assert len(shared._TEXTS) <= 4
    assert shared.text("target 9") is made[9]  # the newest are still shared
