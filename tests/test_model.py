"""The model: each progress rule, overdue / due soon / stale, SMART gaps, ISO weeks, links."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from journal_tools.analysis import Analysis, GoalReport
from journal_tools.links import LinkIndex
from journal_tools.note import Note
from journal_tools.pipeline import analyze_vault
from journal_tools.weeks import IsoWeek
from tests.conftest import TODAY, MakeVault


def _goal(title: str, **fields: object) -> str:
    """Write a goal note's text with the given front matter fields."""
    lines = ["---", "type: goal", f"title: {title}"]
    lines += [f"{key}: {value}" for key, value in fields.items() if key != "body"]
    return "\n".join([*lines, "---", str(fields.get("body", ""))]) + "\n"


def _analyze(make_vault: MakeVault, files: dict[str, str | bytes], today: date = TODAY) -> Analysis:
    return analyze_vault(make_vault(files), today)


def _report(analysis: Analysis, title: str) -> GoalReport:
    return next(r for r in analysis.goals if r.goal.title == title)


def test_metric_progress(make_vault: MakeVault) -> None:
    a = _analyze(make_vault, {"g.md": _goal("G", metric="exams passed", target=5, current=2)})
    progress = _report(a, "G").progress
    assert progress.rule == "metric"
    assert progress.value == pytest.approx(0.4)
    assert "(2 − 0) ÷ (5 − 0) = 40%" in progress.explanation


def test_decreasing_metric_progress(make_vault: MakeVault) -> None:
    text = _goal("Overtime", metric="overtime", baseline=50, target=40, current=45, unit="h")
    progress = _report(_analyze(make_vault, {"g.md": text}), "Overtime").progress
    assert progress.value == pytest.approx(0.5)
    assert progress.explanation.startswith("overtime: 45 → 40 h (from 50)")


def test_metric_progress_is_clamped(make_vault: MakeVault) -> None:
    a = _analyze(make_vault, {"g.md": _goal("G", target=5, current=7)})
    assert _report(a, "G").progress.value == 1.0
    assert "counted as 100%" in _report(a, "G").progress.explanation


def test_the_newest_measurement_wins_over_an_older_current(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal("G", target=10, current=2, updated="2026-11-01"),
        "Daily/2026-11-10.md": "- Ran again [[G]] [current:: 6]\n",
        "Daily/2026-11-30.md": "- future [[G]] [current:: 9]\n",
    }
    report = _report(_analyze(make_vault, files), "G")
    assert report.current.value == 6
    assert report.current.source == "a measurement on 2026-11-10 (Daily/2026-11-10.md:1)"
    assert report.measurements == 1


def test_front_matter_current_wins_when_it_is_newer(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal("G", target=10, current=2, updated="2026-11-15"),
        "Daily/2026-11-10.md": "- [[G]] [current:: 6]\n",
    }
    assert _report(_analyze(make_vault, files), "G").current.value == 2


def test_weighted_children_and_milestones(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Vision.md": _goal("Vision", horizon="long"),
        "A.md": _goal("A", parent='"[[Vision]]"', status="done", weight=3),
        "B.md": _goal("B", parent='"[[Vision]]"', target=4, current=1),
        "C.md": _goal("C", parent='"[[Vision]]"', status="dropped"),
        "M.md": '---\ntype: milestone\ngoal: "[[B]]"\n---\n- [x] one\n- [ ] two\n- [-] three\n',
    }
    a = _analyze(make_vault, files)
    vision = _report(a, "Vision").progress
    assert vision.rule == "children"
    assert vision.value == pytest.approx((3 * 1.0 + 1 * 0.25) / 4)
    assert "weighted mean of 2 child goals" in vision.explanation
    assert [r.goal.title for r in a.goals] == ["Vision", "B", "A", "C"]
    assert [r.depth for r in a.goals] == [0, 1, 1, 1]


def test_milestone_notes_count_their_action_steps(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "G.md": _goal("G"),
        "M1.md": '---\ntype: milestone\ngoal: "[[G]]"\nstatus: done\n---\n',
        "M2.md": '---\ntype: milestone\ngoal: "[[G]]"\n---\n- [x] one\n- [ ] two\n- [-] three\n',
    }
    progress = _report(_analyze(make_vault, files), "G").progress
    assert progress.rule == "children"
    assert progress.value == pytest.approx(0.75)


def test_milestone_tasks_in_the_goal_note(make_vault: MakeVault) -> None:
    body = "## Milestones\n- [x] first\n- [ ] second\n  - [x] step\n  - [ ] step 2\n## Action steps\n- [ ] other\n"
    a = _analyze(make_vault, {"G.md": _goal("G", body=body)})
    report = _report(a, "G")
    assert [m.milestone.title for m in report.milestones] == ["first", "second"]
    assert [m.progress.explanation for m in report.milestones] == [
        "reached",
        "not reached; action steps 1 of 2 done",
    ]
    assert report.progress.value == pytest.approx(0.75)


def test_task_progress_leaves_cancelled_out(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "G.md": _goal("G", body="- [x] a\n- [ ] b\n- [-] c\n"),
        "2026-11-12.md": "- [x] linked [[G]]\n",
    }
    progress = _report(_analyze(make_vault, files), "G").progress
    assert progress.rule == "tasks"
    assert progress.value == pytest.approx(2 / 3)
    assert progress.explanation == "tasks: 2 of 3 done (1 cancelled not counted)"


def test_nothing_to_measure(make_vault: MakeVault) -> None:
    progress = _report(_analyze(make_vault, {"G.md": _goal("G")}), "G").progress
    assert (progress.value, progress.rule) == (0.0, "none")


def test_overdue_due_soon_and_stale(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Late.md": _goal("Late", due="2026-11-19", start="2026-11-01"),
        "Soon.md": _goal("Soon", due="2026-12-04", start="2026-10-01"),
        "Later.md": _goal("Later", due="2026-12-05", start="2026-10-30"),
        "tasks.md": "- [ ] overdue task 📅 2026-11-19\n- [x] done late 📅 2026-11-01\n- [ ] today 📅 2026-11-20\n",
    }
    a = _analyze(make_vault, files)
    assert [(i.kind, i.title) for i in a.overdue] == [("goal", "Late"), ("task", "overdue task")]
    assert [i.title for i in a.due_soon] == ["today", "Soon"]
    assert _report(a, "Soon").stale  # last activity 2026-10-01, 50 days before
    assert not _report(a, "Later").stale  # 21 days is not more than 21
    assert not _report(a, "Late").stale


def test_smart_gaps_name_the_missing_fields(make_vault: MakeVault) -> None:
    a = _analyze(make_vault, {"G.md": _goal("G"), "V.md": _goal("V", horizon="long")})
    gaps = _report(a, "G").smart_missing
    assert [g.letter for g in gaps] == ["S", "M", "A", "R", "T"]
    assert gaps[4].fix == "add `due:` (YYYY-MM-DD)"
    assert _report(a, "V").smart_missing == ()
    full = _goal("F", metric="m", target=1, why="w", due="2027-01-01", body="- [ ] t\n")
    assert _report(_analyze(make_vault, {"F.md": full}), "F").smart_missing == ()


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2024, 12, 30), "2025-W01"),
        (date(2021, 1, 1), "2020-W53"),
        (date(2026, 11, 22), "2026-W47"),
        (date(2026, 11, 23), "2026-W48"),
    ],
)
def test_iso_weeks(day: date, week: str) -> None:
    assert str(IsoWeek.of(day)) == week


def test_a_task_done_late_on_sunday_belongs_to_that_week(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "tasks.md": "- [x] sunday ✅ 2026-11-15\n- [x] monday ✅ 2026-11-16\n- [ ] due sunday 📅 2026-11-15\n",
    }
    weeks = {str(s.week): s for s in _analyze(make_vault, files).weeks}
    assert [p.task.text for p in weeks["2026-W46"].done] == ["sunday"]
    assert [p.task.text for p in weeks["2026-W47"].done] == ["monday"]
    assert [i.title for i in weeks["2026-W46"].slipped] == ["due sunday"]


def test_a_task_done_in_a_daily_note_without_date_counts_on_the_notes_day(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {"2026-11-10.md": "- [x] did it\n"}
    task = _analyze(make_vault, files).vault.tasks[0]
    assert (task.done_on, task.done_inferred) == (date(2026, 11, 10), True)


def test_a_parent_cycle_is_a_problem_not_a_crash(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "A.md": _goal("A", parent='"[[B]]"'),
        "B.md": _goal("B", parent='"[[A]]"'),
    }
    a = _analyze(make_vault, files)
    assert sorted(str(p) for p in a.problems) == [
        "A.md:4: parent: goals form a cycle; parent ignored",
        "B.md:4: parent: goals form a cycle; parent ignored",
    ]
    assert all(r.goal.parent is None for r in a.goals)


def test_links_resolve_like_obsidian(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/Get Certified.md": _goal("Earn the cert", aliases="[AWS]"),
        "Daily/2026-11-10.md": "- [x] a [[get certified]]\n- [x] b [[AWS|the cert]]\n- [x] c [[Goals/Get Certified#Plan]]\n"
        "- [x] d [[Nowhere]]\n",
    }
    a = _analyze(make_vault, files)
    goals = [t.goal for t in a.vault.tasks]
    assert goals == ["Goals/Get Certified.md"] * 3 + [None]
    assert [str(p) for p in a.problems] == [
        "Daily/2026-11-10.md:4: warning: link: link to no note '[[Nowhere]]'"
    ]


def test_two_notes_with_one_name_prefer_the_same_folder(make_vault: MakeVault, tmp_path: Path) -> None:
    files: dict[str, str | bytes] = {
        "A/Plan.md": _goal("Plan A"),
        "B/Plan.md": _goal("Plan B"),
        "B/2026-11-10.md": "- [x] t [[Plan]]\n",
    }
    a = _analyze(make_vault, files)
    assert a.vault.tasks[0].goal == "B/Plan.md"
    assert "is ambiguous; using B/Plan.md (also: A/Plan.md)" in str(a.problems[0])


def test_a_name_is_resolved_from_each_folder_that_links_it() -> None:
    notes = [Note("A/Plan.md"), Note("B/Plan.md"), Note("C/Ship.md")]
    index = LinkIndex(notes)
    for _ in range(2):  # the second time from the memo
        assert index.resolve("Plan", "A/2026-11-10.md").path == "A/Plan.md"
        assert index.resolve("Plan", "B/2026-11-10.md").path == "B/Plan.md"
        assert index.resolve("Ship", "A/2026-11-10.md").path == "C/Ship.md"
        assert index.resolve("Ship", "B/2026-11-10.md").path == "C/Ship.md"
        assert index.resolve("Nowhere", "B/2026-11-10.md").path is None
