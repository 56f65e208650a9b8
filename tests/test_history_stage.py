"""The git history stage of a build: kept in the parse cache, read only when due, never fatal."""

from __future__ import annotations

import os
import pickle
import shutil
import sqlite3
import time
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from journal_tools.errors import SettingsError
from journal_tools.git_history import TaskHistory, read_history
from journal_tools.git_store import STATE, history_key, load, store
from journal_tools.outcome import run_build, up_to_date
from journal_tools.parse_cache import CACHE_PATH, NoteCache
from journal_tools.pipeline import NEW_COMMITS, Session, build
from journal_tools.settings import Settings, parse_settings
from tests.test_git_history import Repo
from tests.test_history_pages import DAY, goal, pages, vault_repo

PLAN = "- [{0}] Book the exam [[AWS]]\n- [{1}] Buy the practice tests [[AWS]]\n"


def _history_repo(tmp_path: Path, name: str = "vault") -> Repo:
    """Return a repository with a goal and a plan whose first task is ticked in the second commit."""
    repo = vault_repo(tmp_path, name)
    repo.commit("2026-10-01T09:00:00+02:00", {"Goals/AWS.md": goal(1), "Plan.md": PLAN.format(" ", " ")})
    repo.commit("2026-10-07T09:00:00+02:00", {"Goals/AWS.md": goal(2), "Plan.md": PLAN.format("x", " ")})
    return repo


def _fresh_pages(vault: Path, tmp_path: Path) -> dict[str, str]:
    """Build a copy of the vault from scratch (no cache, no pages) and return its pages."""
    copy = tmp_path / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(vault, copy, ignore=shutil.ignore_patterns("Reviews", ".journal-tools"))
    Session(copy, cache=False).build(DAY)
    return pages(copy)


def test_the_cached_pass_after_one_new_commit_equals_a_full_pass(tmp_path: Path) -> None:
    repo = _history_repo(tmp_path)
    vault = repo.top
    build(vault, DAY)
    stored = load(NoteCache(vault), history_key(vault, Settings()))
    assert stored is not None
    assert stored.head is not None
    repo.commit("2026-10-14T09:00:00+02:00", {"Plan.md": PLAN.format("x", "x"), "Goals/AWS.md": goal(3)})

    session = Session(vault)
    session.build(DAY)

    assert session.git.history == read_history(vault)
    assert pages(vault) == _fresh_pages(vault, tmp_path)
    again = load(NoteCache(vault), history_key(vault, Settings()))
    assert again is not None
    assert again.head == session.git.history.head != stored.head


def test_a_build_starts_from_the_cached_history_and_no_cache_reads_it_all(tmp_path: Path) -> None:
    repo = _history_repo(tmp_path)
    vault = repo.top
    build(vault, DAY)
    cache, key = NoteCache(vault), history_key(vault, Settings())
    stored = load(cache, key)
    assert stored is not None
    planted = TaskHistory("Planted.md", "only in the cache", date(2026, 10, 2))
    store(cache, key, replace(stored, tasks=(*stored.tasks, planted)))
    cache.flush()
    repo.commit("2026-10-14T09:00:00+02:00", {"Goals/AWS.md": goal(3)})

    cached = Session(vault)
    cached.analyze(DAY)
    uncached = Session(vault, cache=False)
    uncached.analyze(DAY)

    assert cached.git.history.task("Planted.md", "only in the cache") == planted  # only new commits read
    assert uncached.git.history == read_history(vault)


@pytest.mark.parametrize(
    "damage", ["garbage", "text of an earlier version", "a foreign class", "other version", "other settings"]
)
def test_a_damaged_or_foreign_cached_history_is_ignored(tmp_path: Path, damage: str) -> None:
    repo = _history_repo(tmp_path)
    vault = repo.top
    build(vault, DAY)
    with sqlite3.connect(vault / CACHE_PATH) as db:
        if damage == "garbage":
            db.execute("UPDATE meta SET value = ? WHERE key = ?", (b"\x80\x05not a pickle", STATE))
        elif damage == "text of an earlier version":  # base64 of a pickle, as kept before
            db.execute("UPDATE meta SET value = 'gAVub3QgYSBwaWNrbGU=' WHERE key = ?", (STATE,))
        elif damage == "a foreign class":
            planted = pickle.dumps((history_key(vault, Settings()), Settings()))
            db.execute("UPDATE meta SET value = ? WHERE key = ?", (planted, STATE))
        elif damage == "other version":
            db.execute("UPDATE meta SET value = 'old' WHERE key = 'version'")
    settings = Settings(milestone_heading="Key results") if damage == "other settings" else None

    session = Session(vault, settings)
    session.build(DAY)

    assert session.git.history == read_history(vault, settings)
    assert session.git.history.head is not None


def test_a_save_runs_no_git_and_the_reconciliation_reads_new_commits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = _history_repo(tmp_path)
    vault = repo.top
    session = Session(vault)
    session.build(DAY)
    first = session.git.history.head
    repo.commit("2026-10-14T09:00:00+02:00", {"Plan.md": PLAN.format("x", "x")})
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))  # any git command would now fail

    (vault / "Daily").mkdir()
    (vault / "Daily/2026-10-20.md").write_text("- [x] Lab [[AWS]]\n", encoding="utf-8")
    update = session.apply({"Daily/2026-10-20.md"})
    saved = session.build(DAY)

    assert update.changed == ("Daily/2026-10-20.md",)
    assert saved.problems == ()
    assert session.git.history.head == first
    monkeypatch.undo()
    assert session.refresh() == ("Plan.md", NEW_COMMITS)  # written by the commit, behind its back
    session.build(DAY)
    assert session.git.history.head != first
    assert pages(vault) == _fresh_pages(vault, tmp_path)
    assert session.refresh() == ()


def test_edits_to_tasks_dated_by_git_rebuild_what_a_fresh_build_would(tmp_path: Path) -> None:
    repo = _history_repo(tmp_path)
    vault = repo.top
    session = Session(vault)
    session.build(DAY)

    (vault / "Plan.md").write_text(PLAN.format(" ", " "), encoding="utf-8")  # unticked, not committed
    session.apply({"Plan.md"})
    session.build(DAY)
    assert pages(vault) == _fresh_pages(vault, tmp_path)

    (vault / "Plan.md").write_text(PLAN.format("x", " "), encoding="utf-8")  # ticked again
    session.apply({"Plan.md"})
    session.build(DAY)
    assert "## Done (1)" in pages(vault)["Weekly/2026-W41.md"]
    assert pages(vault) == _fresh_pages(vault, tmp_path)


def test_a_new_commit_voids_the_build_stamp(tmp_path: Path) -> None:
    repo = _history_repo(tmp_path)
    hour_ago = time.time_ns() - 3600 * 10**9
    for note in repo.top.rglob("*.md"):
        os.utime(note, ns=(hour_ago, hour_ago))
    run_build(Session(repo.top), DAY)
    assert up_to_date(repo.top, DAY) is not None  # nothing changed: the stamp holds

    repo.commit("2026-10-14T09:00:00+02:00")  # a commit that changes no note: HEAD moves

    assert up_to_date(repo.top, DAY) is None
    run_build(Session(repo.top), DAY)
    assert up_to_date(repo.top, DAY) is not None
    (repo.top / ".journal-tools.toml").write_text("history = false\n", encoding="utf-8")
    run_build(Session(repo.top), DAY)
    repo.commit("2026-10-15T09:00:00+02:00", {".journal-tools.toml": "history = false\n"})
    assert up_to_date(repo.top, DAY) is not None  # with history = false, commits change nothing


def test_a_broken_repository_or_no_git_is_a_warning_not_a_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = _history_repo(tmp_path, "broken").top
    (broken / ".git" / "HEAD").write_text("garbage\n", encoding="utf-8")
    missing = _history_repo(tmp_path, "missing").top
    plain = tmp_path / "plain"
    shutil.copytree(missing, plain, ignore=shutil.ignore_patterns(".git"))

    damaged = build(broken, DAY)
    monkeypatch.setenv("PATH", str(tmp_path / "no-programs"))
    without = build(missing, DAY)
    outside = build(plain, DAY)

    assert [str(p) for p in damaged.problems] == [
        ".:1: warning: git history not read: git cannot read the repository: fatal: not a git repository "
        "(or any of the parent directories): .git"
    ]
    assert [str(p) for p in without.problems] == [
        ".:1: warning: git history not read: git is not installed (or not on PATH)"
    ]
    assert outside.problems == ()  # no repository, no git: nothing to miss
    assert "- .:1: warning: git history not read: git is not installed" in pages(missing)["Dashboard.md"]
    reviews = [{k: v for k, v in pages(vault).items() if k != "Dashboard.md"} for vault in (broken, missing)]
    assert reviews[0] == reviews[1] == {k: v for k, v in pages(plain).items() if k != "Dashboard.md"}


def test_the_history_setting() -> None:
    assert Settings().history is True
    assert parse_settings({"history": False}) == Settings(history=False)
    with pytest.raises(SettingsError, match="history: expected true or false"):
        parse_settings({"history": "no"})
