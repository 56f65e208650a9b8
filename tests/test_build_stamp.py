"""The build stamp: a build with nothing changed does nothing, and anything a page depends on voids it."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal_tools.build_stamp import STAMP_KEY, load_stamp, make_stamp, save_stamp
from journal_tools.cli import main
from journal_tools.outcome import Rebuilds, run_build, up_to_date
from journal_tools.parse_cache import CACHE_PATH, NoteCache
from journal_tools.pipeline import Session
from tests.conftest import TODAY, MakeVault

GOAL = "---\ntype: goal\ntitle: Ship it\nmetric: releases\ntarget: 4\ncurrent: 1\ndue: 2026-12-31\n---\n"
DAILY = "# Day\n\n- [x] Wrote the plan [[Ship]] ✅ 2026-11-18\n- [ ] Review [[Nowhere]] 📅 2026-11-25\n"
HOUR_AGO_NS = time.time_ns() - 3600 * 10**9


def _age(vault: Path, pattern: str = "*.md") -> None:
    """Date files an hour back, as files are that were not just saved."""
    for path in vault.rglob(pattern):
        os.utime(path, ns=(HOUR_AGO_NS, HOUR_AGO_NS))


@pytest.fixture
def vault(make_vault: MakeVault) -> Path:
    """A small vault, built once, its notes and pages an hour old."""
    made = make_vault({"Goals/Ship.md": GOAL, "Journal/2026-11-18.md": DAILY})
    _age(made)
    run_build(Session(made), TODAY)
    return made


def test_a_build_with_nothing_changed_reads_no_note_and_says_what_the_last_one_did(vault: Path) -> None:
    done = up_to_date(vault, TODAY)
    assert done is not None
    full = run_build(Session(vault, cache=False), TODAY, dry_run=True)
    assert done.counts == full.counts == (2, 1, 2)
    assert done.problems == full.problems
    assert [str(p) for p in done.problems] == [
        "Journal/2026-11-18.md:4: warning: link: link to no note '[[Nowhere]]'"
    ]
    assert done.report.unchanged == full.report.unchanged
    assert done.written == ()
    assert done.stale == ()


def test_a_build_with_nothing_changed_loads_neither_the_writer_nor_hashing(vault: Path) -> None:
    """What ``journal-tools build`` loads when its stamp is fresh: a measured share of its time."""
    code = (
        "import sys\n"
        "from journal_tools.cli import main\n"
        "try:\n"
        f"    main(['build', {str(vault)!r}, '--today', {TODAY.isoformat()!r}, '--json'])\n"
        "except SystemExit:\n"
        "    print(' '.join(sorted(sys.modules)), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert json.loads(done.stdout)["pages"]["written"] == []
    loaded = set(done.stderr.split())
    assert "journal_tools.build_stamp" in loaded
    assert (
        loaded & {"hashlib", "journal_tools.write", "journal_tools.ownership", "journal_tools.writers"}
        == set()
    )
    if not any((folder / ".git").exists() for folder in (vault, *vault.parents)):
        assert loaded & {"subprocess", "journal_tools.git_log"} == set()  # no repository: no git


def test_the_command_line_says_the_same_with_and_without_the_stamp(vault: Path) -> None:
    runner = CliRunner()
    args = ["build", str(vault), "--today", TODAY.isoformat(), "--json"]
    stamped = runner.invoke(main, args)
    full = runner.invoke(main, [*args, "--no-cache"])
    assert stamped.exit_code == full.exit_code == 0
    assert json.loads(stamped.output) == json.loads(full.output)
    checked = runner.invoke(main, ["check", str(vault), "--today", TODAY.isoformat()])
    assert "Nowhere" in checked.output


@pytest.mark.parametrize(
    "change",
    [
        "edit a note",
        "add a note",
        "remove a note",
        "edit a page",
        "remove a page",
        "add a file to the output folder",
        "change the settings",
        "add a template",
    ],
)
def test_a_change_to_anything_a_page_depends_on_voids_the_stamp(vault: Path, change: str) -> None:
    if change == "edit a note":
        (vault / "Goals/Ship.md").write_text(GOAL.replace("current: 1", "current: 2"), encoding="utf-8")
    elif change == "add a note":
        (vault / "Goals/Two.md").write_text(GOAL, encoding="utf-8")
    elif change == "remove a note":
        (vault / "Journal/2026-11-18.md").unlink()
    elif change == "edit a page":
        page = vault / "Reviews/Dashboard.md"
        page.write_text(page.read_text(encoding="utf-8") + "\nmine\n", encoding="utf-8")
    elif change == "remove a page":
        (vault / "Reviews/Dashboard.md").unlink()
    elif change == "add a file to the output folder":
        (vault / "Reviews/Mine.md").write_text("# mine\n", encoding="utf-8")
    elif change == "change the settings":
        (vault / ".journal-tools.toml").write_text("stale_days = 7\n", encoding="utf-8")
    else:
        (vault / ".journal-tools/templates").mkdir(parents=True)
        (vault / ".journal-tools/templates/dashboard.md.j2").write_text("# mine\n", encoding="utf-8")
    _age(vault, "*")  # an old time does not hide the change
    assert up_to_date(vault, TODAY) is None


def test_another_day_voids_the_stamp(vault: Path) -> None:
    assert up_to_date(vault, TODAY.replace(day=21)) is None


def test_a_note_saved_just_before_the_stamp_voids_it(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})  # just written: a second save may keep its size and time
    run_build(Session(vault), TODAY)
    assert up_to_date(vault, TODAY) is None


def test_on_a_clock_of_whole_seconds_a_page_written_just_before_the_stamp_is_compared_by_its_bytes(
    make_vault: MakeVault,
) -> None:
    vault = make_vault({"Goals/Ship.md": GOAL})
    _age(vault)
    run_build(Session(vault), TODAY)
    stamp = load_stamp(NoteCache(vault))
    assert stamp is not None
    assert stamp.hashes == {}  # this file system keeps fine times: a later edit changes them
    now = time.time_ns() // 10**9 * 10**9
    for page in (vault / "Reviews").rglob("*"):
        if page.is_file():
            os.utime(page, ns=(now, now))  # as a FAT drive keeps them
    cache = NoteCache(vault)
    save_stamp(cache, make_stamp(vault, stamp.inputs, "Reviews", stamp.pages, (1, 1, 0), stamp.problems))
    cache.flush()
    assert up_to_date(vault, TODAY) is not None
    page = vault / "Reviews/Dashboard.md"
    page.write_text(page.read_text(encoding="utf-8").replace("Ship it", "Ship IT"), encoding="utf-8")
    os.utime(page, ns=(now, now))  # the same size and the same (whole) second
    assert up_to_date(vault, TODAY) is None


def test_a_build_that_cannot_write_a_page_leaves_no_stamp(vault: Path) -> None:
    (vault / "Reviews/Dashboard.md").write_text("# my own dashboard\n", encoding="utf-8")
    (vault / "Goals/Ship.md").write_text(GOAL.replace("current: 1", "current: 2"), encoding="utf-8")
    _age(vault, "*")
    done = run_build(Session(vault), TODAY)
    assert done.blocked
    assert up_to_date(vault, TODAY) is None


def test_a_damaged_stamp_is_ignored(vault: Path) -> None:
    with sqlite3.connect(vault / CACHE_PATH) as db:
        db.execute("UPDATE meta SET value = '{not json' WHERE key = ?", (STAMP_KEY,))
    db.close()
    assert up_to_date(vault, TODAY) is None
    result = CliRunner().invoke(main, ["build", str(vault), "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output


def test_a_dry_run_leaves_the_stamp_as_it_was(vault: Path) -> None:
    run_build(Session(vault), TODAY, dry_run=True)
    assert up_to_date(vault, TODAY) is not None


def test_watch_stamps_its_last_rebuild_once_saves_pause(vault: Path) -> None:
    session = Session(vault)
    said: list[str] = []
    rebuilds = Rebuilds(session, lambda: TODAY, said.append)
    (vault / "Goals/Ship.md").write_text(GOAL.replace("current: 1", "current: 3"), encoding="utf-8")
    _age(vault)  # saved a while ago, as when saves have paused
    assert rebuilds.on_change({"Goals/Ship.md"}) == ()
    assert said  # one line for the rebuild
    assert up_to_date(vault, TODAY) is None  # the pages changed since the last stamp
    rebuilds.on_idle()
    done = up_to_date(vault, TODAY)
    assert done is not None
    assert "Reviews/Dashboard.md" in done.report.unchanged


def test_watch_brings_its_pages_to_a_new_day_with_no_note_saved(vault: Path) -> None:
    session = Session(vault)
    days = [TODAY]
    said: list[str] = []
    rebuilds = Rebuilds(session, lambda: days[-1], said.append)
    run_build(session, TODAY)
    rebuilds.on_reconcile()
    assert said == []  # nothing changed, not even the day
    days.append(TODAY + timedelta(days=1))
    rebuilds.on_reconcile()
    assert said[0].split(" ", 1)[1].startswith(f"new day {days[-1]}: ")
    dashboard = (vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")
    assert f"As of **{days[-1]}**" in dashboard
    rebuilds.on_reconcile()
    assert len(said) == 1
    _age(vault)
    rebuilds.on_idle()  # the watcher calls it once quiet after a reconciliation too
    done = up_to_date(vault, days[-1])  # so a build --check in a pre-commit hook has nothing to do
    assert done is not None
    assert "Reviews/Dashboard.md" in done.report.unchanged
