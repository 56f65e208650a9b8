"""A session that applies edits path by path, with its caches, builds exactly what a fresh build does
(on the same day, and on later days)."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, timedelta
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from journal_tools.model import Facts, Placement
from journal_tools.pipeline import Session, build
from journal_tools.place import PlacementCache
from tests.conftest import TODAY, MakeVault
from tests.test_properties import titles, vaults

edits = st.lists(
    st.one_of(
        st.tuples(st.just("retitle"), st.integers(0, 3), titles),
        st.tuples(st.just("task"), st.integers(0, 3), st.sampled_from([" ", "x"])),
        st.tuples(st.just("delete"), st.integers(0, 3), st.just("")),
        st.tuples(st.just("rename"), st.integers(0, 3), st.just("")),
        st.tuples(st.just("daily"), st.integers(0, 30), st.sampled_from(["g0", "g1", "nowhere", "a0", "n0"])),
        st.tuples(st.just("rating"), st.integers(0, 5), st.integers(1, 5).map(str)),
        st.tuples(st.just("current"), st.integers(0, 3), st.sampled_from(["", "2026-09-01", "2026-11-19"])),
        st.tuples(st.just("old"), st.integers(1, 28), st.sampled_from(["g0", "g1", "g2"])),
        st.tuples(st.just("why"), st.integers(0, 3), titles),
        st.tuples(st.just("undated"), st.integers(0, 3), st.sampled_from([" ", "x", "-"])),
        st.tuples(st.just("milestone"), st.integers(0, 3), st.sampled_from(["g0", "g1", "nowhere", ""])),
        st.tuples(st.just("milestones"), st.integers(0, 3), st.sampled_from([" ", "x", "-"])),
        st.tuples(st.just("later"), st.integers(1, 40), st.just("")),
        st.tuples(st.just("ahead"), st.integers(1, 28), st.sampled_from(["g0", "g1"])),
        st.tuples(st.just("forget"), st.integers(0, 30), st.just("")),
        st.tuples(st.just("namesake"), st.integers(0, 3), st.sampled_from(["g", "a", "n"])),
        st.tuples(st.just("unname"), st.integers(0, 3), st.sampled_from(["g", "a", "n"])),
        st.tuples(st.just("alias"), st.integers(0, 3), st.just("")),
        st.tuples(st.just("feedback"), st.integers(1, 28), st.sampled_from(["g0", "g1"])),
    ),
    min_size=1,
    max_size=6,
)


def _write(vault: Path, rel: str, text: str) -> set[str]:
    """Write a note, making its folder; return its path."""
    (vault / rel).parent.mkdir(parents=True, exist_ok=True)
    (vault / rel).write_text(text, encoding="utf-8")
    return {rel}


def _delete(vault: Path, rel: str) -> set[str]:
    """Delete a note if it is there; return its path."""
    (vault / rel).unlink(missing_ok=True)
    return {rel}


def _replace(vault: Path, rel: str, old: str, new: str) -> set[str]:
    """Replace the first ``old`` in a note with ``new``; return its path."""
    path = vault / rel
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return {rel}


def _append(vault: Path, rel: str, text: str) -> set[str]:
    """Add lines at the end of a note; return its path."""
    with (vault / rel).open("a", encoding="utf-8") as handle:
        handle.write(text)
    return {rel}


def _apply(vault: Path, edit: tuple[str, int, str]) -> set[str]:
    """Make one edit on disk; return the vault-relative paths it touched."""
    kind, number, value = edit
    goal = f"Goals/g{number}.md"
    path = vault / goal
    if kind == "retitle" and path.exists():
        return _replace(vault, goal, "title:", f"title: {value!r}\nold_title:")
    if kind == "task" and path.exists():
        return _append(vault, goal, f"- [{value}] more ✅ 2026-11-18\n")
    if kind == "delete" and path.exists():
        return _delete(vault, goal)
    if kind == "rename" and path.exists():
        path.rename(vault / f"Goals/renamed{number}.md")
        return {goal, f"Goals/renamed{number}.md"}
    if kind == "daily":
        text = f"- [x] did [[{value}]]\n- [[{value}]] [current:: {number}]\n"
        return _write(vault, f"Daily/2026-10-{number + 1:02d}.md", text)
    if kind == "current" and path.exists():
        updated = f"updated: {value}\n" if value else ""
        return _replace(vault, goal, "type: goal\n", f"type: goal\ncurrent: 7\n{updated}")
    if kind == "old":
        due = f"2025-03-{number:02d}"
        text = f"- [x] long ago [[{value}]] 📅 {due}\n- [[{value}]] [current:: {number}]\n"
        return _write(vault, f"Daily/{due}.md", text)
    if kind == "why" and path.exists():
        return _replace(vault, goal, "type: goal\n", f"type: goal\nwhy: {value!r}\n")
    if kind == "ahead":  # a daily note dated after today: its week has activity once a later day comes
        return _write(vault, f"Daily/2026-12-{number:02d}.md", f"- [x] planned ahead [[{value}]]\n")
    if kind == "forget":  # a daily note deleted
        return _delete(vault, f"Daily/2026-10-{number + 1:02d}.md")
    if kind == "namesake":  # a note named as a goal, its alias (links may now lead to it), or a link to none
        text = f"- [x] namesake [[{value}{number}]] ✅ 2026-11-10\n"
        return _write(vault, f"Notes/{value}{number}.md", text)
    if kind == "unname":  # a namesake deleted: links to its name lead elsewhere, or nowhere, again
        return _delete(vault, f"Notes/{value}{number}.md")
    if kind == "alias" and path.exists():
        return _replace(vault, goal, "type: goal\n", f"type: goal\naliases: [a{number}]\n")
    if kind == "feedback":
        front = f'type: feedback\ndate: 2026-10-{number:02d}\nfrom: Priya\ngoal: "[[{value}]]"\n'
        return _write(vault, f"Feedback/f{number}.md", f"---\n{front}---\n## Notes\n- good work\n")
    if kind == "undated":
        (vault / "Notes").mkdir(exist_ok=True)
        return _append(vault, "Notes/ideas.md", f"- [{value}] someday [[g{number}]]\n")
    if kind == "milestone":  # a milestone note of a goal, of none, or of a goal that is not there
        goal_line = f'goal: "[[{value}]]"\n' if value else ""
        text = f"---\ntype: milestone\n{goal_line}due: 2026-11-25\n---\n"
        return _write(vault, f"Milestones/m{number}.md", text)
    if kind == "milestones" and path.exists():  # a milestone task of the goal
        return _append(vault, goal, f"## Milestones\n- [{value}] step\n")
    if kind == "rating":
        text = f"---\nrating: {value}\n---\n## Wins\n- w\n"
        return _write(vault, f"Weekly/2026-W{40 + number:02d}.md", text)
    return set()


def _pages(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


@given(vaults(), edits)
@example(  # found by the deep profile: a task added to a goal changed a past quarter's SMART gaps
    files={"Goals/g0.md": '---\ntitle: "a | b"\ntype: goal\n---\n'},
    changes=[
        ("retitle", 0, "a | b"),
        ("task", 2, " "),
        ("old", 18, "g2"),
        ("task", 0, "x"),
        ("rating", 4, "3"),
    ],
)
@example(  # an undated task from an undated note, and a new why: facts that are not dated
    files={"Goals/g0.md": "---\ntitle: G\ntype: goal\n---\n"},
    changes=[("old", 3, "g0"), ("undated", 0, " "), ("why", 0, "because")],
)
@example(  # a milestone note whose goal is renamed away and back, and milestone tasks checked
    files={
        "Goals/g0.md": "---\ntitle: G\ntype: goal\n---\n",
        "Goals/g1.md": "---\ntitle: H\ntype: goal\n---\n",
    },
    changes=[("milestone", 0, "g0"), ("milestones", 1, " "), ("rename", 0, ""), ("milestones", 1, "x")],
)
def test_incremental_builds_equal_fresh_builds(
    files: dict[str, str], changes: list[tuple[str, int, str]]
) -> None:
    with tempfile.TemporaryDirectory() as temp:
        vault = Path(temp) / "vault"
        vault.mkdir()
        for rel, text in files.items():
            (vault / rel).parent.mkdir(parents=True, exist_ok=True)
            (vault / rel).write_text(text, encoding="utf-8")
        session = Session(vault)
        session.build(TODAY)
        today = TODAY
        for change in changes:
            if change[0] == "later":  # a build on a later day (the watcher keeps running overnight)
                today += timedelta(days=change[1])
            session.apply(_apply(vault, change))
            incremental = session.build(today)
            fresh_vault = Path(temp) / "fresh"
            shutil.copytree(vault, fresh_vault, ignore=shutil.ignore_patterns("Reviews"))
            fresh = build(fresh_vault, today)
            assert incremental.problems == fresh.problems
            assert _pages(vault / "Reviews") == _pages(fresh_vault / "Reviews")
            shutil.rmtree(fresh_vault)


def test_a_rebuild_keeps_the_report_of_a_goal_no_edit_changed(make_vault: MakeVault) -> None:
    vault = make_vault(
        {
            "Goals/a.md": "---\ntype: goal\ndue: 2026-12-31\n---\n- [ ] step\n",
            "Goals/b.md": "---\ntype: goal\nmetric: posts\ntarget: 4\ncurrent: 1\n---\n",
        }
    )
    session = Session(vault)
    session.build(TODAY)
    assert session.analysis is not None
    before = {report.goal.id: report for report in session.analysis.goals}
    (vault / "Goals/b.md").write_text(
        "---\ntype: goal\nmetric: posts\ntarget: 4\ncurrent: 2\n---\n", encoding="utf-8"
    )
    session.apply(["Goals/b.md"])
    session.build(TODAY)
    after = {report.goal.id: report for report in session.analysis.goals}
    assert after["Goals/a.md"] is before["Goals/a.md"]  # the dashboard reuses its rows
    assert after["Goals/b.md"] is not before["Goals/b.md"]
    assert after["Goals/b.md"].current.value == 2


def test_a_goals_due_items_are_kept_while_only_its_value_changes(make_vault: MakeVault) -> None:
    goal = "---\ntype: goal\ntitle: {title}\ndue: 2026-11-25\nmetric: posts\ntarget: 4\ncurrent: {current}\n---\n"
    vault = make_vault({"Goals/g.md": goal.format(title="Old", current=1)})
    session = Session(vault)
    seen = [session.build(TODAY).analysis.due_soon]
    for title, current in (("Old", 2), ("New", 2)):
        (vault / "Goals/g.md").write_text(goal.format(title=title, current=current), encoding="utf-8")
        session.apply(["Goals/g.md"])
        seen.append(session.build(TODAY).analysis.due_soon)
    assert seen[1] is seen[0]  # not gathered again
    assert [item.title for item in seen[2]] == ["New"]


def test_a_parent_goal_is_judged_again_when_only_its_child_changed(make_vault: MakeVault) -> None:
    child = "---\ntype: goal\ntitle: Child\nparent: '[[Parent]]'\ntarget: 4\ncurrent: {current}\n---\n"
    vault = make_vault({"Goals/Parent.md": "---\ntype: goal\ntitle: Parent\n---\n", "Goals/Child.md": child})
    (vault / "Goals/Child.md").write_text(child.format(current=1), encoding="utf-8")
    session = Session(vault)
    session.build(TODAY)
    (vault / "Goals/Child.md").write_text(child.format(current=3), encoding="utf-8")
    session.apply(["Goals/Child.md"])
    reports = {report.goal.title: report for report in session.build(TODAY).analysis.goals}
    assert (reports["Parent"].progress.value, reports["Child"].progress.value) == (0.75, 0.75)


def test_facts_kept_from_the_last_build_leave_out_only_unchanged_notes(make_vault: MakeVault) -> None:
    goal = "---\ntype: goal\ntitle: G\nwhy: {why}\n---\n"
    monday = "Daily/2026-11-16.md"  # the Monday of TODAY's week: the first day of its facts
    vault = make_vault(
        {
            "Goals/g.md": goal.format(why="growth"),
            monday: "- [ ] call [[g]]\n",
            "Daily/2026-10-01.md": "- [x] [[g]]\n",
        }
    )
    session = Session(vault)
    session.build(TODAY)
    kept = dict(session.placements.recent)
    assert kept  # the facts of the current week and quarter, kept for the next build
    (vault / "Goals/g.md").write_text(goal.format(why="impact"), encoding="utf-8")
    session.apply(["Goals/g.md"])  # a note with no dated fact: every kept fact still holds
    session.build(TODAY)
    assert all(session.placements.recent[since] is facts for since, facts in kept.items())
    (vault / monday).write_text("- [x] call [[g]]\n", encoding="utf-8")
    session.apply([monday])  # its newest day is the Monday: the week's facts are gathered again
    assert session.build(TODAY).report.written  # the week's page shows the task done
    fresh_vault = vault.parent / "fresh"
    shutil.copytree(vault, fresh_vault, ignore=shutil.ignore_patterns("Reviews", ".journal-tools"))
    build(fresh_vault, TODAY)
    assert _pages(vault / "Reviews") == _pages(fresh_vault / "Reviews")


def test_kept_facts_are_those_from_after_every_changed_placement() -> None:
    def placed(day: date | None) -> Placement:
        return Placement((), (), (), (), (), day)

    old = placed(date(2026, 11, 2))
    cache = PlacementCache(order=[(old.newest, "Daily/2026-11-16.md")], ordered=[old])
    days = [date(2026, 11, 9), date(2026, 11, 16), date(2026, 11, 17)]
    cache.recent = {day: Facts((), (), (), ()) for day in days}
    cache.reorder([("Daily/2026-11-16.md", old, placed(date(2026, 11, 16)))])
    assert list(cache.recent) == [date(2026, 11, 17)]  # the facts from the 16th on hold the new note
    cache.reorder([("Goals/g.md", None, placed(None))])  # nothing dated: every fact still holds
    assert list(cache.recent) == [date(2026, 11, 17)]


def test_a_kept_page_holds_no_context_and_is_written_again_when_deleted(make_vault: MakeVault) -> None:
    days = [f"2026-{month:02d}-{day:02d}" for month in (9, 10) for day in (7, 14, 21, 28)]
    vault = make_vault(
        {
            "Goals/a.md": "---\ntype: goal\ndue: 2026-12-31\n---\n- [ ] step\n",
            **{f"Daily/{day}.md": f"- [x] done on {day} [[a]] #win\n" for day in days},
        }
    )
    session = Session(vault)
    session.build(TODAY)
    assert session.pages is not None
    assert session.periods is not None
    kept = [page for _, page in (*session.pages.weekly.values(), *session.periods.pages.values())]
    assert len(kept) > len(session.pages.weekly)
    assert all(callable(page.context) for page in kept)  # the recipe, not the values
    old = vault / "Reviews/Weekly/2026-W37.md"
    before = old.read_bytes()
    old.unlink()
    (vault / "Goals/a.md").write_text("---\ntype: goal\ndue: 2026-12-30\n---\n- [ ] step\n", encoding="utf-8")
    session.apply(["Goals/a.md", "Reviews/Weekly/2026-W37.md"])
    assert "Reviews/Weekly/2026-W37.md" in session.build(TODAY).report.written
    assert old.read_bytes() == before  # made again from this build's analysis: the same page


def test_a_note_added_or_removed_places_again_only_the_notes_whose_links_it_takes_or_leaves(
    make_vault: MakeVault,
) -> None:
    vault = make_vault(
        {
            "Goals/g.md": "---\ntitle: G\ntype: goal\n---\n",
            "Daily/2026-11-16.md": "- [ ] plan [[Someday]] then [[g]]\n",
            "Daily/2026-11-17.md": "- [x] done [[g]]\n",
        }
    )
    session = Session(vault)
    first = session.build(TODAY)
    assert any("link to no note '[[Someday]]'" in p.message for p in first.problems)
    placed = dict(session.placements.entries)
    (vault / "Notes").mkdir()
    (vault / "Notes/Someday.md").write_text("ideas\n", encoding="utf-8")
    session.apply({"Notes/Someday.md"})
    second = session.build(TODAY)
    assert not any("Someday" in p.message for p in second.problems)
    entries = session.placements.entries
    assert entries["Daily/2026-11-17.md"] is placed["Daily/2026-11-17.md"]  # not placed again
    assert entries["Daily/2026-11-16.md"] is not placed["Daily/2026-11-16.md"]  # its link leads somewhere now
    assert [t.goal for t in entries["Daily/2026-11-16.md"][1].tasks] == ["Goals/g.md"]

    placed = dict(entries)
    (vault / "Notes/Someday.md").unlink()
    session.apply({"Notes/Someday.md"})
    third = session.build(TODAY)
    assert any("link to no note '[[Someday]]'" in p.message for p in third.problems)
    assert entries["Daily/2026-11-17.md"] is placed["Daily/2026-11-17.md"]
    assert entries["Daily/2026-11-16.md"] is not placed["Daily/2026-11-16.md"]  # its link leads nowhere again
    assert "Notes/Someday.md" not in entries
