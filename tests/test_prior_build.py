"""A one-shot build that keeps the last build's pages of the weeks no change reached writes exactly what
a fresh build does, and keeps them only when nothing is in doubt."""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

from hypothesis import given

from journal_tools.outcome import run_build
from journal_tools.pipeline import ALL_CLEAN, Session, build
from journal_tools.problem import Problem
from journal_tools.weeks import IsoWeek
from tests.conftest import TODAY, MakeVault
from tests.test_history_pages import DAY, goal
from tests.test_history_pages import pages as git_pages
from tests.test_history_stage import PLAN, _fresh_pages, _history_repo
from tests.test_incremental import _apply, _pages, edits
from tests.test_properties import vaults

OUT = "Reviews"


class Clock:
    """Gives each file written a modification time of its own, long enough before any build."""

    def __init__(self) -> None:
        self.next_ns = time.time_ns() - 3600 * 1_000_000_000

    def age(self, vault: Path, paths: set[str] | None = None) -> None:
        """Set the time of ``paths`` (every note when None) to one no file had before."""
        found = [p for p in vault.rglob("*.md") if OUT not in p.parts] if paths is None else []
        found += [vault / rel for rel in paths or () if (vault / rel).exists()]
        for path in found:
            self.next_ns += 1_000_000
            os.utime(path, ns=(self.next_ns, self.next_ns))


def _once(vault: Path, today: date) -> tuple[Problem, ...]:
    """Build ``vault`` as the command line does (stamping it); return its problems."""
    return run_build(Session(vault, once=True), today).found


def _fresh(vault: Path, temp: Path, today: date) -> tuple[dict[str, bytes], tuple[Problem, ...]]:
    """Build a copy of ``vault``'s notes from nothing; return its pages and its problems."""
    fresh = temp / "fresh"
    shutil.rmtree(fresh, ignore_errors=True)
    shutil.copytree(vault, fresh, ignore=shutil.ignore_patterns(OUT, ".journal-tools"))
    problems = build(fresh, today).problems
    return _pages(fresh / OUT), problems


def built_vault(temp: Path, files: dict[str, str]) -> tuple[Path, Clock]:
    """Write ``files`` into ``temp/vault``, long enough ago, and build it as the command line does."""
    vault = temp / "vault"
    vault.mkdir()
    for rel, text in files.items():
        (vault / rel).parent.mkdir(parents=True, exist_ok=True)
        (vault / rel).write_text(text, encoding="utf-8")
    clock = Clock()
    clock.age(vault)
    _once(vault, TODAY)
    return vault, clock


@given(vaults(), edits)
def test_one_shot_builds_that_keep_pages_equal_fresh_builds(
    files: dict[str, str], changes: list[tuple[str, int, str]]
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        temp = Path(folder)
        vault, clock = built_vault(temp, files)
        today = TODAY
        for change in changes:
            if change[0] == "later":
                today += timedelta(days=change[1])
            clock.age(vault, _apply(vault, change))
            problems = _once(vault, today)
            pages, fresh_problems = _fresh(vault, temp, today)
            assert problems == fresh_problems
            assert _pages(vault / OUT) == pages


def _old_and_new(make_vault: MakeVault) -> tuple[Path, Clock]:
    """A vault with weeks of activity long ago and one this week, built and stamped on TODAY."""
    vault = make_vault(
        {
            "Goals/g.md": "---\ntitle: G\ntype: goal\n---\n",
            "Daily/2026-02-03.md": "- [x] long ago [[g]] ✅ 2026-02-03\n",
            "Daily/2026-03-02.md": "- [x] long ago [[g]] ✅ 2026-03-02\n",
            "Daily/2026-03-10.md": "- [x] a week later [[g]] ✅ 2026-03-10\n",
            "Daily/2026-11-18.md": "- [x] lately [[g]] ✅ 2026-11-18\n",
        }
    )
    clock = Clock()
    clock.age(vault)
    _once(vault, TODAY)
    return vault, clock


def edited_this_week(make_vault: MakeVault) -> tuple[Path, Path, int]:
    """:func:`_old_and_new`'s vault, a task then added this week; its W10 page and that page's time."""
    vault, clock = _old_and_new(make_vault)
    old_page = vault / OUT / "Weekly/2026-W10.md"
    note = vault / "Daily/2026-11-18.md"
    note.write_text(note.read_text(encoding="utf-8") + "- [ ] next [[g]] 📅 2026-11-27\n", encoding="utf-8")
    clock.age(vault, {"Daily/2026-11-18.md"})
    return vault, old_page, old_page.stat().st_mtime_ns


def test_an_edit_this_week_keeps_the_old_weeks_pages(make_vault: MakeVault) -> None:
    vault, old_page, before = edited_this_week(make_vault)
    session = Session(vault, once=True)
    assert session.built_for == TODAY  # started from the last build
    planned = session._plan(session.analyze(TODAY), session.clean_before)
    assert planned[0].kept == ("Weekly/2026-W06.md", "Weekly/2026-W10.md")  # W11 links to W47
    assert planned[1].kept == ("Monthly/2026-02.md",)  # March links to November
    outcome = run_build(Session(vault, once=True), TODAY)
    assert f"{OUT}/Weekly/2026-W10.md" in outcome.report.unchanged
    assert f"{OUT}/Weekly/2026-W47.md" in outcome.report.written
    assert old_page.stat().st_mtime_ns == before
    assert _pages(vault / OUT) == _fresh(vault, vault.parent, TODAY)[0]


def test_nothing_is_kept_when_in_doubt(make_vault: MakeVault) -> None:
    vault, _ = _old_and_new(make_vault)
    page = vault / OUT / "Weekly/2026-W10.md"
    page.write_text(page.read_text(encoding="utf-8") + "my own words\n", encoding="utf-8")
    assert Session(vault, once=True).built_for is None  # a page edited by hand: the output is not as left
    page.unlink()
    assert Session(vault, once=True).built_for is None  # a page deleted
    run_build(Session(vault, once=True), TODAY)
    assert page.exists()
    assert Session(vault, once=True).built_for == TODAY
    assert Session(vault, once=True, cache=False).built_for is None  # --no-cache reads every note
    (vault / ".journal-tools.toml").write_text("stale_days = 3\n", encoding="utf-8")
    assert Session(vault, once=True).built_for is None  # other settings


def test_a_note_saved_just_before_the_stamp_is_read_again(make_vault: MakeVault) -> None:
    vault, _ = _old_and_new(make_vault)
    note = vault / "Daily/2026-11-19.md"
    note.write_text("- [x] just now [[g]]\n", encoding="utf-8")
    run_build(Session(vault, once=True), TODAY)  # within two seconds of the save
    info = note.stat()
    note.write_text("- [x] jest now [[g]]\n", encoding="utf-8")  # same size, and on a coarse clock,
    os.utime(note, ns=(info.st_mtime_ns, info.st_mtime_ns))  # the same time
    session = Session(vault, once=True)
    assert session.built_for == TODAY
    run_build(session, TODAY)
    assert "jest now" in (vault / OUT / "Weekly/2026-W47.md").read_text(encoding="utf-8")
    assert _pages(vault / OUT) == _fresh(vault, vault.parent, TODAY)[0]


def test_a_git_vault_keeps_the_pages_before_a_new_commits_day(tmp_path: Path) -> None:
    repo = _history_repo(tmp_path)
    vault = repo.top
    clock = Clock()
    clock.age(vault)
    run_build(Session(vault, once=True), DAY)
    (vault / "Plan.md").write_text(PLAN.format(" ", " "), encoding="utf-8")  # git dated the tick: undone
    clock.age(vault, {"Plan.md"})
    session = Session(vault, once=True)
    assert session.built_for == DAY
    run_build(session, DAY)
    assert "## Done (1)" not in git_pages(vault)["Weekly/2026-W41.md"]
    assert git_pages(vault) == _fresh_pages(vault, tmp_path)
    repo.commit("2026-10-13T09:00:00+02:00")  # the untick committed: git still saw the task checked first
    session = Session(vault, once=True)
    assert (session.built_for, session.clean_before) == (DAY, ALL_CLEAN)  # no fact changed
    run_build(session, DAY)
    assert git_pages(vault) == _fresh_pages(vault, tmp_path)
    # a commit whose facts are dated 2026-10-14 (W42): the weeks from the one before it are made again
    repo.commit(
        "2026-10-14T09:00:00+02:00", {"Daily/2026-10-14.md": "- [x] Passed a practice test [[AWS]]\n"}
    )
    clock.age(vault, {"Daily/2026-10-14.md"})
    session = Session(vault, once=True)
    assert (session.built_for, session.clean_before) == (DAY, IsoWeek(2026, 41))
    run_build(session, DAY)
    assert git_pages(vault) == _fresh_pages(vault, tmp_path)
    # a goal first committed: whether git knows a goal shows on every page that charts it
    repo.commit("2026-10-20T09:00:00+02:00", {"Goals/Other.md": goal(1, start="2026-09-01")})
    clock.age(vault, {"Goals/Other.md"})
    session = Session(vault, once=True)
    assert (session.built_for, session.clean_before) == (DAY, None)
    run_build(session, DAY)
    assert git_pages(vault) == _fresh_pages(vault, tmp_path)
