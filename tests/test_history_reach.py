"""A new commit reaches the pages from the first day whose git facts it changes: builds that keep the
pages before that day write exactly what fresh builds do."""

from __future__ import annotations

import tempfile
from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from journal_tools.git_facts import history_reach
from journal_tools.git_history import DueChange, History, NoteHistory, TaskHistory
from journal_tools.outcome import run_build
from journal_tools.pipeline import Session
from tests.test_history_pages import DAY, goal, pages, vault_repo
from tests.test_history_stage import PLAN, _fresh_pages
from tests.test_prior_build import Clock

AWS = NoteHistory("Goals/AWS.md", "goal", date(2026, 10, 1), ((date(2026, 10, 1), 1.0),), date(2026, 12, 15))
BOOK = TaskHistory("Plan.md", "Book the exam", date(2026, 10, 1))
BEFORE = History("a", (AWS,), (BOOK,))


def test_a_history_reaches_from_the_first_day_whose_facts_changed() -> None:
    assert history_reach(BEFORE, replace(BEFORE, head="b")) == date.max  # a commit that changed no fact
    checked = replace(BEFORE, tasks=(replace(BOOK, checked=date(2026, 10, 9)),))
    assert history_reach(BEFORE, checked) == date(2026, 10, 9)
    new_task = TaskHistory("Plan.md", "Buy the tests", date(2026, 10, 12))
    assert history_reach(BEFORE, replace(BEFORE, tasks=(BOOK, new_task))) == date(2026, 10, 12)
    raised = replace(AWS, points=(*AWS.points, (date(2026, 10, 20), 2.0)))
    assert history_reach(BEFORE, replace(BEFORE, notes=(raised,))) == date(2026, 10, 20)
    moved = replace(
        AWS, due=date(2026, 12, 31), due_changes=(DueChange(date(2026, 10, 5), AWS.due, date(2026, 12, 31)),)
    )
    assert history_reach(BEFORE, replace(BEFORE, notes=(moved,))) == date(2026, 10, 5)


def test_what_git_does_not_date_reaches_every_day() -> None:
    other = NoteHistory("Goals/Other.md", "goal", date(2026, 10, 20))
    assert history_reach(BEFORE, replace(BEFORE, notes=(AWS, other))) is None  # a goal new to git
    assert history_reach(BEFORE, replace(BEFORE, notes=(replace(AWS, kind="milestone"),))) is None
    assert history_reach(BEFORE, replace(BEFORE, notes=(replace(AWS, deleted=date(2026, 10, 20)),))) is None
    assert history_reach(BEFORE, replace(BEFORE, notes=(replace(AWS, due=None),))) is None


COMMIT_DAYS = ["2026-09-20", "2026-10-02", "2026-10-09", "2026-10-16", "2026-10-22"]
steps = st.lists(
    st.tuples(
        st.one_of(
            st.tuples(
                st.just("goal"),
                st.sampled_from(["1", "2", "3"]),
                st.sampled_from(["2026-12-15", "2026-11-30"]),
            ),
            st.tuples(st.just("plan"), st.sampled_from([" ", "x"]), st.sampled_from([" ", "x"])),
            st.tuples(
                st.just("daily"), st.sampled_from(["2026-10-05", "2026-10-14"]), st.sampled_from([" ", "x"])
            ),
            st.tuples(st.just("other"), st.just(""), st.just("")),
            st.tuples(st.just("none"), st.just(""), st.just("")),
        ),
        st.one_of(st.none(), st.sampled_from(COMMIT_DAYS)),
    ),
    min_size=1,
    max_size=6,
)
"""Each step: a note changed (or none), then committed on a day (or not)."""


def _change(vault: Path, change: tuple[str, str, str]) -> set[str]:
    """Change one note on disk; return the paths changed."""
    kind, first, second = change
    if kind == "goal":
        path, text = "Goals/AWS.md", goal(float(first), due=second)
    elif kind == "plan":
        path, text = "Plan.md", PLAN.format(first, second)
    elif kind == "daily":
        path, text = f"Daily/{first}.md", f"- [{second}] Practice [[AWS]]\n"
    elif kind == "other":
        path, text = "Goals/Other.md", goal(1, start="2026-09-01")
    else:
        return set()
    (vault / path).parent.mkdir(parents=True, exist_ok=True)
    (vault / path).write_text(text, encoding="utf-8")
    return {path}


@given(steps, st.booleans())
def test_builds_after_new_commits_equal_fresh_builds(
    changes: list[tuple[tuple[str, str, str], str | None]], watching: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        repo = vault_repo(Path(folder))
        vault = repo.top
        repo.commit("2026-10-01T09:00:00+02:00", {"Goals/AWS.md": goal(1), "Plan.md": PLAN.format(" ", " ")})
        clock = Clock()
        clock.age(vault)
        session = Session(vault, resume=True) if watching else Session(vault, once=True)
        run_build(session, DAY)
        for change, day in changes:
            clock.age(vault, _change(vault, change))
            if day is not None:
                repo.commit(f"{day}T09:00:00+02:00")
            if watching:  # a watcher reads new commits and missed notes at its periodic check
                session.refresh()
                run_build(session, DAY, stamp=False)
            else:
                run_build(Session(vault, once=True), DAY)
            assert pages(vault) == _fresh_pages(vault, Path(folder))
