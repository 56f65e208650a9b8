"""What the git history shows on the pages, built from real repositories with fixed commit dates."""

from __future__ import annotations

import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

from journal_tools.pipeline import Session, build
from tests.conftest import TODAY
from tests.test_git_history import Repo

ROOT = Path(__file__).resolve().parent.parent
DAY = date(2026, 10, 24)
"""The day the test vaults are built on (a Saturday, 2026-W43)."""


def goal(current: float | None = None, due: str = "2026-12-15", body: str = "", start: str = "") -> str:
    """Return a goal note with a metric (exams, 0 to 5), its ``current`` and ``due``, and a body."""
    value = f"current: {current}\n" if current is not None else ""
    begun = f"start: {start}\n" if start else ""
    return f"---\ntype: goal\nmetric: exams\nbaseline: 0\ntarget: 5\n{value}{begun}due: {due}\n---\n{body}"


def vault_repo(tmp_path: Path, name: str = "vault") -> Repo:
    """Return a repository whose first commit ignores the pages and the cache, as ``init`` advises."""
    repo = Repo(tmp_path / name)
    repo.commit("2026-09-01T08:00:00+02:00", {".gitignore": "Reviews/\n.journal-tools/\n"})
    return repo


def page(vault: Path, name: str) -> str:
    """Return a generated page's text."""
    return (vault / "Reviews" / name).read_text(encoding="utf-8")


def pages(vault: Path) -> dict[str, str]:
    """Return every generated page by its path in the output folder."""
    root = vault / "Reviews"
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.md")}


def test_a_metric_raised_over_four_commits_gives_four_points_in_the_model_and_on_the_page(
    tmp_path: Path,
) -> None:
    repo = vault_repo(tmp_path)
    for value, day in zip(range(1, 5), ("01", "06", "13", "20"), strict=True):
        repo.commit(f"2026-10-{day}T19:00:00+02:00", {"Goals/AWS.md": goal(value)})

    result = build(repo.top, DAY)

    aws = result.analysis.vault.goals[0]
    days = [date(2026, 10, d) for d in (1, 6, 13, 20)]
    assert result.analysis.history.until(aws, DAY) == list(zip(days, [1.0, 2.0, 3.0, 4.0], strict=True))
    monthly = page(repo.top, "Monthly/2026-10.md")
    assert 'x-axis ["2026-10-01", "2026-10-06", "2026-10-13", "2026-10-20"]' in monthly
    assert "line [1, 2, 3, 4]\n" in monthly
    assert 'title "AWS#58; burn-up"' in monthly
    assert "from its first commit on 2026-10-01 to its due date 2026-12-15" in monthly
    assert "| 2 → 3 |" in page(repo.top, "Weekly/2026-W42.md")  # a week with only a commit has its page
    assert result.problems == ()


def test_a_task_ticked_in_commit_3_gets_commit_3_s_date_and_counts_in_that_week(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path)
    plan = "# Plan\n- [{0}] Book the exam [[AWS]]\n- [{1}] Buy the practice tests [[AWS]]\n"
    steps = "## Milestones\n- [{0}] Pass exam 1\n"
    repo.commit("2026-10-01T09:00:00+02:00", {"Goals/AWS.md": goal(1, body=steps.format(" "))})
    repo.commit("2026-10-03T09:00:00+02:00", {"Plan.md": plan.format(" ", " ")})
    repo.commit(
        "2026-10-07T09:00:00+02:00",
        {"Plan.md": plan.format("x", " "), "Goals/AWS.md": goal(1, body=steps.format("x"))},
    )
    repo.commit("2026-10-14T09:00:00+02:00", {"Plan.md": plan.format("x", "x")})

    result = build(repo.top, DAY)

    placed = {p.task.text: p for p in result.analysis.vault.tasks}
    booked = placed["Book the exam [[AWS]]"]
    assert (booked.done_on, booked.done_inferred, booked.done_committed) == (date(2026, 10, 7), True, True)
    assert placed["Buy the practice tests [[AWS]]"].done_on == date(2026, 10, 14)
    assert [m.reached for m in result.analysis.vault.milestones] == [date(2026, 10, 7)]
    week = page(repo.top, "Weekly/2026-W41.md")
    assert "## Done (1)" in week
    assert "Book the exam [[AWS]] · done 2026-10-07 (first commit with it checked)" in week
    assert "- ◆ Pass exam 1 · 2026-10-07" in week
    assert "## Done (1)" in page(repo.top, "Weekly/2026-W42.md")


def test_a_date_written_with_the_task_or_its_daily_note_wins_over_git(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path)
    repo.commit(
        "2026-10-01T09:00:00+02:00",
        {"Goals/AWS.md": goal(1), "Plan.md": "- [ ] Dated [[AWS]]\n", "Daily/2026-09-28.md": "- [ ] Day\n"},
    )
    repo.commit(
        "2026-10-07T09:00:00+02:00",
        {"Plan.md": "- [x] Dated [[AWS]] ✅ 2026-10-02\n", "Daily/2026-09-28.md": "- [x] Day\n"},
    )

    result = build(repo.top, DAY)

    found = {p.task.text: (p.done_on, p.done_committed) for p in result.analysis.vault.tasks}
    assert found == {"Dated [[AWS]]": (date(2026, 10, 2), False), "Day": (date(2026, 9, 28), False)}


def test_a_burn_up_runs_from_the_start_to_today_against_the_line_to_the_due_date(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path)
    for value, stamp in ((0, "2025-12-20"), (2, "2025-12-26"), (4, "2026-01-02")):
        repo.commit(
            f"{stamp}T18:00:00+01:00", {"Goals/AWS.md": goal(value, due="2026-01-09", start="2025-12-20")}
        )

    build(repo.top, date(2026, 1, 12))

    january = page(repo.top, "Monthly/2026-01.md")
    days = (
        "Dec 20 '25",
        "Dec 22 '25",
        "Dec 24 '25",
        "Dec 26 '25",
        "Dec 28 '25",
        "Dec 30 '25",
        "Jan 2",
        "Jan 4",
    )
    assert 'x-axis ["' + '", "'.join((*days, "Jan 6", "Jan 8", "Jan 10", "Jan 12")) + '"]' in january
    assert "line [0, 0, 0, 40, 40, 40, 80, 80, 80, 80, 80, 80]\n" in january
    assert "line [0, 10, 20, 30, 40, 50, 65, 75, 85, 95, 100, 100]\n" in january
    assert (
        "[[Goals/AWS|AWS]]: progress (blue line) against the straight line from its start on 2025-12-20 to its "
        "due date 2026-01-09 (grey line); at the pace since 2025-12-20, the target is reached on 2026-01-06, "
        "by its due date." in january
    )
    assert "burn-up" in page(repo.top, "Monthly/2025-12.md")


def test_a_rename_keeps_the_goal_s_history_on_the_pages(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path)
    repo.commit("2026-10-01T09:00:00+02:00", {"Goals/AWS cert.md": goal(1, due="2026-12-01")})
    repo.commit("2026-10-05T09:00:00+02:00", {"Goals/AWS cert.md": goal(2, due="2026-12-10")})
    repo.git("mv", "Goals/AWS cert.md", "Goals/AWS.md")
    repo.commit("2026-10-08T09:00:00+02:00")
    repo.commit("2026-10-12T09:00:00+02:00", {"Goals/AWS.md": goal(3, due="2026-12-10")})

    build(repo.top, DAY)

    monthly = page(repo.top, "Monthly/2026-10.md")
    assert 'x-axis ["2026-10-01", "2026-10-05", "2026-10-12"]' in monthly
    assert "line [1, 2, 3]\n" in monthly
    assert "from its first commit on 2026-10-01 to its due date 2026-12-10" in monthly
    assert "[[Goals/AWS|AWS]]" in monthly
    assert "deadline moved once (+9 days)" in page(repo.top, "Dashboard.md")


def test_a_due_date_moved_twice_is_reported_as_moved_twice_on_the_dashboard(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path)
    repo.commit("2026-09-01T09:00:00+02:00", {"Goals/AWS.md": goal(1, due="2026-10-01")})
    repo.commit("2026-09-20T09:00:00+02:00", {"Goals/AWS.md": goal(1, due="2026-10-15")})
    repo.commit("2026-10-10T09:00:00+02:00", {"Goals/AWS.md": goal(2, due="2026-11-01")})

    build(repo.top, DAY)

    dashboard = page(repo.top, "Dashboard.md")
    line = next(line for line in dashboard.splitlines() if "[[Goals/AWS|AWS]]" in line)
    assert line.endswith("· due 2026-11-01 (in 8 days) · deadline moved twice (+31 days)")
    september = page(repo.top, "Monthly/2026-09.md")
    assert "to its due date 2026-10-15 (grey line)" in september  # the due date as it stood then


def test_the_working_tree_wins_over_the_last_commit(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path)
    repo.commit("2026-10-01T09:00:00+02:00", {"Goals/AWS.md": goal(1), "Plan.md": "- [ ] Book [[AWS]]\n"})
    repo.commit("2026-10-06T09:00:00+02:00", {"Goals/AWS.md": goal(2), "Plan.md": "- [x] Book [[AWS]]\n"})
    repo.write("Plan.md", "- [ ] Book [[AWS]]\n")  # unticked again, not committed
    repo.write("Goals/AWS.md", goal(4, due="2026-12-25"))  # raised and moved, not committed

    result = build(repo.top, DAY)

    assert [p.done_on for p in result.analysis.vault.tasks] == [None]
    assert "## Done (0)" in page(repo.top, "Weekly/2026-W41.md")
    assert result.analysis.goals[0].current.value == 4
    dashboard = page(repo.top, "Dashboard.md")
    assert "**80%** · 4 → 5 · due 2026-12-25 (in 62 days) · deadline moved once (+10 days)" in dashboard


def test_a_vault_without_git_and_history_false_build_as_before(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path)
    repo.commit("2026-09-01T09:00:00+02:00", {"Goals/AWS.md": goal(1, due="2026-10-01", start="2026-09-01")})
    repo.commit(
        "2026-09-20T09:00:00+02:00",
        {"Goals/AWS.md": goal(2, due="2026-11-01", start="2026-09-01"), "Plan.md": "- [x] Book [[AWS]]\n"},
    )
    plain = tmp_path / "plain"
    shutil.copytree(repo.top, plain, ignore=shutil.ignore_patterns(".git"))
    off = tmp_path / "off"
    shutil.copytree(repo.top, off)
    (off / ".journal-tools.toml").write_text("history = false\n", encoding="utf-8")

    without_git = build(plain, DAY)
    switched_off = build(off, DAY)
    with_git = build(repo.top, DAY)

    assert without_git.problems == switched_off.problems == ()
    assert pages(plain) == pages(off)
    assert pages(repo.top) != pages(plain)
    assert not any("burn-up" in text or "deadline moved" in text for text in pages(plain).values())
    assert [p.done_on for p in without_git.analysis.vault.tasks] == [None]
    assert [p.done_on for p in with_git.analysis.vault.tasks] == [date(2026, 9, 20)]


def test_a_shallow_clone_and_a_detached_head_build(tmp_path: Path) -> None:
    repo = vault_repo(tmp_path, "origin")
    first = repo.commit("2026-10-01T09:00:00+02:00", {"Goals/AWS.md": goal(1)})
    repo.commit("2026-10-06T09:00:00+02:00", {"Goals/AWS.md": goal(2)})
    repo.commit("2026-10-13T09:00:00+02:00", {"Goals/AWS.md": goal(3, due="2026-12-31")})
    shallow = tmp_path / "shallow"
    repo.git("clone", "-q", "--depth", "1", f"file://{repo.top}", str(shallow))
    repo.git("checkout", "-q", "--detach", first)

    cloned = build(shallow, DAY)
    detached = build(repo.top, DAY)

    assert cloned.problems == detached.problems == ()
    assert "deadline moved" not in page(shallow, "Dashboard.md")  # the clone saw one commit
    assert "burn-up" in page(shallow, "Monthly/2026-10.md")
    assert [g.current for g in detached.analysis.vault.goals] == [1.0]
    assert "burn-up" in page(repo.top, "Monthly/2026-10.md")


def test_the_sample_history_script_gives_burn_ups_on_the_monthly_review(tmp_path: Path) -> None:
    dest = tmp_path / "sample"
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "sample_history.py"), str(dest)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    notes = sorted(p.relative_to(ROOT / "sample_vault") for p in (ROOT / "sample_vault").rglob("*.md"))
    notes = [p for p in notes if p.parts[0] != "Reviews"]
    assert all((dest / p).read_bytes() == (ROOT / "sample_vault" / p).read_bytes() for p in notes)
    log = subprocess.run(
        ["git", "-C", str(dest), "log", "--format=%ad", "--date=short"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert len(log.stdout.split()) > 20
    assert min(log.stdout.split()) == "2026-08-01"
    assert (
        subprocess.run(
            ["git", "-C", str(dest), "status", "--porcelain"], capture_output=True, text=True
        ).stdout
        == ""
    )

    result = build(dest, TODAY)

    assert result.errors == 0
    november = page(dest, "Monthly/2026-11.md")
    assert november.count("burn-up") == 5
    assert 'title "Lead the Atlas cross-functional project#58; burn-up"' in november
    assert "to its due date 2026-12-18 (grey line); at the pace since 2026-09-01" in november
    dashboard = page(dest, "Dashboard.md")
    assert "· due 2026-12-18 (in 28 days) · deadline moved twice (+21 days)" in dashboard
    assert "burn-up" in page(dest, "Monthly/2026-09.md")
    assert "burn-up" not in page(dest, "Monthly/2026-08.md")


def test_a_watcher_s_burn_ups_after_edits_equal_a_fresh_build_s(tmp_path: Path) -> None:
    """The burn-ups keep each note's counted tasks between builds; edits must give what a fresh build gives."""
    repo = vault_repo(tmp_path)
    lead = "---\ntype: goal\nstart: 2026-09-01\ndue: 2026-12-15\n---\nProgress by its tasks.\n"
    repo.commit("2026-09-10T09:00:00+02:00", {"Goals/Lead.md": lead})
    daily = "# Day\n\n- [x] Read a chapter [[Lead]]\n- [ ] Book the exam [[Lead]]\n"
    repo.commit("2026-10-02T09:00:00+02:00", {"Journal/2026-10-02.md": daily})
    session = Session(repo.top)
    session.build(DAY)
    later = "# Day\n\n- [x] Mock exam [[Lead]] ✅ 2026-10-05\n- [-] Skip it [[Lead]]\n"
    edits = [
        ("Journal/2026-10-02.md", daily.replace("- [ ] Book", "- [x] Book")),
        ("Journal/2026-10-05.md", later),
        (
            "Journal/2026-10-05.md",
            later + "\nA line that changes no fact: the days before keep their progress.\n",
        ),
        ("Journal/2026-10-02.md", daily),  # an earlier day's facts change again
    ]
    for number, (path, text) in enumerate(edits):
        (repo.top / path).write_text(text, encoding="utf-8")
        session.apply([path])
        session.build(DAY)
        watched = pages(repo.top)
        fresh_copy = tmp_path / f"fresh-{number}"
        shutil.copytree(repo.top, fresh_copy, ignore=shutil.ignore_patterns("Reviews", ".journal-tools"))
        build(fresh_copy, DAY)
        assert watched == pages(fresh_copy)
    (repo.top / "Journal/2026-10-05.md").unlink()
    session.apply(["Journal/2026-10-05.md"])
    session.build(DAY)
    assert "burn-up" in page(repo.top, "Monthly/2026-10.md")
