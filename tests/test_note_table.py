"""A note table kept across edits, putting changed notes in place, holds what a table made anew holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from journal_tools.note import Note
from journal_tools.note_table import NoteTable
from journal_tools.problem import Problem

PATHS = [f"{folder}/{name}.md" for folder in ("Daily", "Goals", "Weekly") for name in ("a", "b", "c")]
notes = st.builds(
    Note,
    path=st.sampled_from(PATHS),
    kind=st.sampled_from([None, "daily", "goal", "reflection"]),
    problems=st.sampled_from([(), (Problem("x.md", 1, "warning", "odd"),)]),
    readable=st.booleans(),
)
edits = st.lists(
    st.one_of(
        st.tuples(st.just("put"), notes),
        st.tuples(st.just("drop"), st.sampled_from(PATHS)),
    ),
    min_size=1,
    max_size=12,
)


def _state(table: NoteTable) -> tuple[object, ...]:
    return table.ordered, table.readable, table.kinds, table.problems, table.where


@given(st.lists(notes, max_size=9), edits)
def test_a_kept_table_equals_one_made_anew(first: list[Note], changes: list[tuple[str, object]]) -> None:
    vault = {note.path: note for note in first}  # a session's notes: a new path goes last
    table = NoteTable()
    table.update(vault.values())
    for kind, value in changes:
        if kind == "put" and isinstance(value, Note):
            vault[value.path] = value
        elif isinstance(value, str):
            vault.pop(value, None)
        replaced = table.update(vault.values())
        fresh = NoteTable()
        fresh.update(vault.values())
        assert _state(table) == _state(fresh)
        if replaced is not None:
            assert all(table.readable[at] in vault.values() for at in replaced)


def test_a_like_replacement_is_put_in_place() -> None:
    old, other = Note("Daily/a.md", kind="daily"), Note("Goals/g.md", kind="goal")
    table = NoteTable()
    assert table.update([old, other]) is None  # the first update makes the table
    kept = table.kinds  # as the last build's vault model holds it
    new = Note("Daily/a.md", kind="daily", problems=(Problem("Daily/a.md", 2, "error", "bad"),))
    assert table.update([new, other]) == [0]
    assert table.kinds["daily"] == (new,)
    assert kept["daily"] == (old,)
    assert table.problems == {"Daily/a.md": new.problems}
    assert table.update([Note("Daily/a.md", kind="goal"), other]) is None  # another kind: made anew
