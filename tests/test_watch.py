"""The watcher on a real filesystem with a real watchdog observer: editor saves, bursts, no loops."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from journal_tools.build_result import BuildResult
from journal_tools.pipeline import Session
from journal_tools.scan import is_watched
from journal_tools.settings import SETTINGS_FILE
from journal_tools.watch import IDLE_AFTER, Watcher
from tests.conftest import TODAY, MakeVault

DEBOUNCE = 0.05
QUIET = 0.6
"""How long a test waits to be sure no further rebuild comes."""


def goal(title: str, current: int = 1) -> str:
    return f"---\ntype: goal\ntitle: {title}\ntarget: 10\ncurrent: {current}\n---\n"


class Harness:
    """A session and a watcher running in a thread; every rebuild lands in a queue."""

    def __init__(self, vault: Path) -> None:
        self.vault = vault
        self.session = Session(vault)
        self.session.build(TODAY)
        self.builds: queue.Queue[tuple[tuple[str, ...], BuildResult]] = queue.Queue()
        self.retried = threading.Event()
        self.fail_next = False
        self.watcher = Watcher(
            vault,
            self.on_change,
            ignore=lambda path, is_folder: not is_watched(path, is_folder, self.session.settings),
            debounce=DEBOUNCE,
            reconcile_every=3600,
        )
        self.watcher.start()
        self.session.pages_watched = True  # as the watch command does
        self.thread = threading.Thread(target=self.watcher.run, daemon=True)
        self.thread.start()

    def on_change(self, paths: set[str]) -> tuple[str, ...]:
        if self.fail_next:
            self.fail_next = False
            raise RuntimeError("boom")
        update = self.session.apply(paths)
        if update.changed:
            self.builds.put((update.changed, self.session.build(TODAY)))
        if update.retry:
            self.retried.set()
        return update.retry

    def next_build(self) -> tuple[tuple[str, ...], BuildResult]:
        return self.builds.get(timeout=10)

    def assert_one_rebuild_showing(self, text: str) -> None:
        """Exactly one rebuild, of Goals/A.md, after which the dashboard shows ``text``."""
        changed, _ = self.next_build()
        assert changed == ("Goals/A.md",)
        assert text in self.dashboard()
        self.assert_quiet()

    def assert_quiet(self) -> None:
        with pytest.raises(queue.Empty):
            self.builds.get(timeout=QUIET)

    def dashboard(self) -> str:
        return (self.vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")

    def close(self) -> None:
        self.watcher.stop()
        self.thread.join(timeout=5)


@pytest.fixture
def harness(make_vault: MakeVault) -> Iterator[Harness]:
    vault = make_vault({"Goals/A.md": goal("Alpha"), "Goals/B.md": goal("Beta")})
    running = Harness(vault)
    yield running
    running.close()


def test_in_place_write_gives_one_rebuild(harness: Harness) -> None:
    (harness.vault / "Goals/A.md").write_text(goal("Alpha", 7), encoding="utf-8")
    harness.assert_one_rebuild_showing("**70%**")


def test_truncate_then_write_later_reads_the_new_content_once(harness: Harness) -> None:
    path = harness.vault / "Goals/A.md"
    with path.open("w", encoding="utf-8") as handle:
        handle.truncate(0)
        handle.flush()
        assert harness.retried.wait(timeout=10)  # the empty read was put off, not built
        handle.write(goal("Alpha", 5))
    harness.assert_one_rebuild_showing("**50%**")


def test_vim_save_rename_to_backup_then_create(harness: Harness) -> None:
    path = harness.vault / "Goals/A.md"
    backup = harness.vault / "Goals/A.md~"
    os.rename(path, backup)
    path.write_text(goal("Alpha", 3), encoding="utf-8")
    backup.unlink()
    harness.assert_one_rebuild_showing("**30%**")


def test_vim_swap_and_probe_files_are_ignored(harness: Harness) -> None:
    (harness.vault / "Goals/.A.md.swp").write_bytes(b"swap")
    (harness.vault / "Goals/4913").write_bytes(b"")
    (harness.vault / "Goals/4913").unlink()
    (harness.vault / ".#A.md").write_text("lock", encoding="utf-8")
    (harness.vault / ".obsidian").mkdir()
    (harness.vault / ".obsidian/workspace.json").write_text("{}", encoding="utf-8")
    (harness.vault / ".git").mkdir()
    (harness.vault / ".git/index").write_bytes(b"x")
    (harness.vault / "Goals/A.sync-conflict-20261120-120000-ABC.md").write_text(goal("X"), encoding="utf-8")
    harness.assert_quiet()


def test_jetbrains_safe_write(harness: Harness) -> None:
    path = harness.vault / "Goals/A.md"
    temp = harness.vault / "Goals/A.md___jb_tmp___"
    old = harness.vault / "Goals/A.md___jb_old___"
    temp.write_text(goal("Alpha", 4), encoding="utf-8")
    os.rename(path, old)
    os.rename(temp, path)
    old.unlink()
    harness.assert_one_rebuild_showing("**40%**")


def test_write_temp_then_rename(harness: Harness) -> None:
    temp = harness.vault / "Goals/.A.md.tmp"
    temp.write_text(goal("Alpha", 9), encoding="utf-8")
    os.replace(temp, harness.vault / "Goals/A.md")
    harness.assert_one_rebuild_showing("**90%**")


def test_a_burst_of_300_notes_gives_few_rebuilds_and_a_consistent_result(harness: Harness) -> None:
    folder = harness.vault / "Daily"
    folder.mkdir()
    for day in range(300):
        (folder / f"note-{day:03d}.md").write_text(f"- [x] task {day} [[A]]\n", encoding="utf-8")
    rebuilds = 0
    while True:
        rebuilds += 1
        _, result = harness.next_build()
        if len(result.analysis.vault.notes) == 302:
            break
    assert rebuilds <= 5
    harness.assert_quiet()


def test_writing_the_output_folder_triggers_nothing(harness: Harness) -> None:
    page = harness.vault / "Reviews/Dashboard.md"
    page.write_bytes(page.read_bytes())
    (harness.vault / "Reviews/mine.md").write_text("my own page\n", encoding="utf-8")
    harness.assert_quiet()
    (harness.vault / "Goals/B.md").write_text(goal("Beta", 2), encoding="utf-8")
    harness.next_build()
    assert (harness.vault / "Reviews/mine.md").read_text(encoding="utf-8") == "my own page\n"
    harness.assert_quiet()


def test_pages_deleted_or_edited_while_watching_are_noticed_at_the_next_save(harness: Harness) -> None:
    monthly, weekly = (
        harness.vault / "Reviews/Monthly/2026-11.md",
        harness.vault / "Reviews/Weekly/2026-W47.md",
    )
    before = monthly.read_bytes()
    monthly.unlink()
    weekly.write_bytes(weekly.read_bytes() + b"my own line\n")
    harness.assert_quiet()  # the pages' events are taken in, and trigger nothing
    (harness.vault / "Goals/B.md").write_text(goal("Beta", 2), encoding="utf-8")
    _, result = harness.next_build()
    assert "Reviews/Monthly/2026-11.md" in result.report.written
    assert monthly.read_bytes() == before  # unchanged by the save: rendered again, as no text was kept
    assert [p.path for p in result.problems] == ["Reviews/Weekly/2026-W47.md"]
    assert weekly.read_bytes().endswith(b"my own line\n")


def test_a_page_folder_moved_while_watching_is_written_again(harness: Harness) -> None:
    os.rename(harness.vault / "Reviews/Weekly", harness.vault / "Reviews/Old")
    harness.assert_quiet()
    (harness.vault / "Goals/B.md").write_text(goal("Beta", 2), encoding="utf-8")
    _, result = harness.next_build()
    assert "Reviews/Weekly/2026-W47.md" in result.report.written
    assert "Reviews/Old/2026-W47.md" in result.report.removed  # a page of ours no longer made


def test_a_broken_note_appears_then_disappears_as_a_problem(harness: Harness) -> None:
    path = harness.vault / "Goals/A.md"
    path.write_text("---\ntitle: a: b\n---\n", encoding="utf-8")
    _, result = harness.next_build()
    assert [p.path for p in result.problems] == ["Goals/A.md"]
    assert "Goals/A.md:2: invalid YAML" in harness.dashboard()
    path.write_text(goal("Alpha"), encoding="utf-8")
    _, result = harness.next_build()
    assert result.problems == ()
    assert "invalid YAML" not in harness.dashboard()


def test_delete_and_rename_of_a_goal(harness: Harness) -> None:
    os.rename(harness.vault / "Goals/A.md", harness.vault / "Goals/Renamed.md")
    changed, _ = harness.next_build()
    assert changed == ("Goals/A.md", "Goals/Renamed.md")
    assert "[[Goals/Renamed|Alpha]]" in harness.dashboard()
    assert "Goals/A|" not in harness.dashboard()
    (harness.vault / "Goals/B.md").unlink()
    harness.next_build()
    assert "Beta" not in harness.dashboard()


def test_a_moved_folder_is_rescanned(harness: Harness) -> None:
    os.rename(harness.vault / "Goals", harness.vault / "Archive")
    _, result = harness.next_build()
    assert sorted(n.path for n in result.analysis.vault.notes) == ["Archive/A.md", "Archive/B.md"]


def test_a_settings_change_reloads_everything(harness: Harness) -> None:
    (harness.vault / SETTINGS_FILE).write_text("stale_days = 5\n", encoding="utf-8")
    changed, _ = harness.next_build()
    assert changed == ("*",)
    assert harness.session.settings.stale_days == 5


def test_a_failing_rebuild_is_logged_and_watching_goes_on(harness: Harness) -> None:
    harness.fail_next = True
    (harness.vault / "Goals/A.md").write_text(goal("Alpha", 2), encoding="utf-8")
    harness.assert_quiet()
    (harness.vault / "Goals/A.md").write_text(goal("Alpha", 6), encoding="utf-8")
    harness.next_build()
    assert "**60%**" in harness.dashboard()


def test_reconcile_finds_changes_the_events_missed(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/A.md": goal("Alpha")})
    session = Session(vault)
    (vault / "Goals/A.md").write_text(goal("Alpha", 8) + "\n", encoding="utf-8")
    (vault / "Goals/C.md").write_text(goal("Gamma"), encoding="utf-8")
    assert session.reconcile() == ("Goals/A.md", "Goals/C.md")
    assert session.reconcile() == ()


def test_a_page_deleted_without_an_event_is_written_again_at_the_reconciliation(
    make_vault: MakeVault,
) -> None:
    vault = make_vault({"Goals/A.md": goal("Alpha")})
    session = Session(vault)
    session.pages_watched = True  # from the next build on, only the pages named by events are looked at
    session.build(TODAY)
    page = vault / "Reviews/Monthly/2026-11.md"
    page.unlink()  # and its event is lost
    session.apply(["Goals/A.md"])
    assert "Reviews/Monthly/2026-11.md" not in session.build(TODAY).report.written
    session.refresh()
    assert "Reviews/Monthly/2026-11.md" in session.build(TODAY).report.written


def test_the_watch_command_stops_cleanly_on_interrupt(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/A.md": goal("Alpha")})
    process = subprocess.Popen(
        [sys.executable, "-m", "journal_tools", "watch", str(vault), "--today", "2026-11-20"],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    first = process.stderr.readline()
    assert "watching for changes" in first
    process.send_signal(signal.SIGINT)
    assert process.wait(timeout=10) == 0
    assert "stopped watching" in process.stderr.read()


def test_on_idle_is_called_once_when_saves_pause(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/A.md": goal("Alpha")})
    first, second = threading.Event(), threading.Event()
    calls: list[float] = []
    delivered: list[float] = []

    def on_change(paths: set[str]) -> tuple[str, ...]:
        delivered.append(time.monotonic())
        return ()

    def on_idle() -> None:
        calls.append(time.monotonic())
        (second if first.is_set() else first).set()

    watcher = Watcher(vault, on_change, ignore=lambda path, is_folder: False, on_idle=on_idle)
    thread = threading.Thread(target=watcher.run, daemon=True)
    watcher.start()
    thread.start()
    try:
        assert not first.wait(timeout=1.5)  # no batch yet: nothing to be idle after
        (vault / "Goals/A.md").write_text(goal("Alpha", 2), encoding="utf-8")
        assert first.wait(timeout=10)
        assert calls[0] - delivered[-1] >= IDLE_AFTER
        assert not second.wait(timeout=1.5)  # once, until the next batch
    finally:
        watcher.stop()
        thread.join(timeout=5)


def test_on_idle_follows_a_reconciliation(make_vault: MakeVault) -> None:
    """A reconciliation can rebuild with no save (a new day): its pages are stamped once quiet too."""
    vault = make_vault({"Goals/A.md": goal("Alpha")})
    reconciled: list[float] = []
    idle = threading.Event()
    idle_at: list[float] = []

    def on_idle() -> None:
        idle_at.append(time.monotonic())
        idle.set()

    watcher = Watcher(
        vault,
        lambda paths: (),
        ignore=lambda path, is_folder: False,
        on_reconcile=lambda: reconciled.append(time.monotonic()),
        on_idle=on_idle,
        reconcile_every=0.5,
    )
    thread = threading.Thread(target=watcher.run, daemon=True)
    watcher.start()
    thread.start()
    try:
        assert idle.wait(timeout=10)
        assert idle_at[0] - reconciled[0] >= IDLE_AFTER
    finally:
        watcher.stop()
        thread.join(timeout=5)


def test_a_note_saved_as_it_was_or_read_already_changes_nothing(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/A.md": goal("Alpha")})
    session = Session(vault)
    session.build(TODAY)
    note = vault / "Goals/A.md"
    note.write_text(note.read_text(encoding="utf-8"), encoding="utf-8")  # a save with no change
    assert session.apply({"Goals/A.md"}).changed == ()
    note.write_text(goal("Alpha", current=2), encoding="utf-8")
    assert session.apply({"Goals/A.md"}).changed == ("Goals/A.md",)
    assert session.apply({"Goals/A.md"}).changed == ()  # the same save told twice
