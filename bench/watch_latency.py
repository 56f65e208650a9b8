"""Measure `journal-tools watch`: time from a note's save to the dashboard holding the change.

    python bench/watch_latency.py [--notes 10000] [--saves 50] [--seed 1] [--git | --history]

Generates a vault, starts the watcher as a user would (a separate process), saves a goal note
``--saves`` times (an in-place write of a new ``current``), and for each save measures how long until
Reviews/Dashboard.md shows the new value (woken by the file's own events, not by polling, so the
measuring takes no CPU from the watcher). Prints the median and p95, and the watcher's resident
memory after the first and the last save. Then, once the watcher has stamped its last rebuild, it is
stopped and started again: that start, from the last build, is timed too.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_vault import make_vault  # noqa: E402

from journal_tools.watch import IDLE_AFTER  # noqa: E402

TODAY = "2026-11-20"
"""The day the watcher builds for (``--today``)."""
GOAL = "---\ntype: goal\ntitle: Bench goal\nmetric: saves\ntarget: 100000\ncurrent: {current}\n---\n"


def rss_mb(pid: int) -> float:
    """Return a process's resident memory in MB (Linux)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class PageWatch(FileSystemEventHandler):
    """Wakes a waiter whenever a file in a folder is written or moved into place (inotify, no polling).

    Polling the dashboard every millisecond would keep a core busy and slow the watcher it measures
    on a 2-core machine; waiting on events costs nothing between them.
    """

    def __init__(self) -> None:
        self.changed = threading.Event()

    def on_any_event(self, event: FileSystemEvent) -> None:
        """Wake the waiter."""
        self.changed.set()

    def wait_for(self, path: Path, needle: str, timeout: float = 120.0) -> float:
        """Wait until ``path`` contains ``needle``; return the time it was seen."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            self.changed.clear()
            try:
                if needle in path.read_text(encoding="utf-8"):
                    return time.perf_counter()
            except FileNotFoundError:
                pass
            self.changed.wait(timeout=0.5)
        raise TimeoutError(f"{needle!r} never appeared in {path}")


def commit_all(vault: Path) -> None:
    """Make the vault a git repository with everything in one commit (the history stage then runs)."""
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "vault"]):
        subprocess.run(["git", *args], cwd=vault, env=env, check=True)


EPOCH = "1970-01"
"""The first month git can date a commit in."""
_DATED = re.compile(r"(\d{4})-(\d{2})-\d{2}|(\d{4})-W(\d{2})")


def commit_history(vault: Path, today: date) -> int:
    """Commit the vault month by month, as a vault kept in git for years is; return the commits made.

    Each month's daily and weekly notes are committed at the month's end (those of ``today``'s month
    and later on its morning, those before 1970 at its first month's end); the other notes (goals,
    milestones, meetings) first, at the earliest month's start. A task committed checked is then
    dated by git near its note's day, not after today.
    """
    months: dict[str, list[str]] = defaultdict(list)
    last = f"{today.year}-{today.month:02d}"
    for path in sorted(vault.rglob("*.md")):
        rel = path.relative_to(vault).as_posix()
        found = _DATED.search(rel)
        if found is None:
            months[""].append(rel)
            continue
        if found.group(1):
            month = f"{found.group(1)}-{found.group(2)}"
        else:
            thursday = date.fromisocalendar(int(found.group(3)), int(found.group(4)), 4)
            month = f"{thursday.year}-{thursday.month:02d}"
        months[min(max(month, EPOCH), last)].append(rel)  # git takes no date before 1970
    first = min(month for month in months if month) if len(months) > 1 else last
    subprocess.run(["git", "init", "-q"], cwd=vault, check=True)
    for month in sorted(months):
        year, number = map(int, (month or first).split("-"))
        if not month:
            when = f"{first}-01T08:00:00+00:00"
        elif month == last:
            when = f"{today}T08:00:00+00:00"
        else:
            end = date(year + number // 12, number % 12 + 1, 1) - timedelta(days=1)
            when = f"{end}T20:00:00+00:00"
        env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.org"}
        env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.org"}
        env |= {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}
        paths = "\n".join(months[month]) + "\n"
        subprocess.run(
            ["git", "add", "--pathspec-from-file=-"], cwd=vault, input=paths, text=True, check=True
        )
        subprocess.run(["git", "commit", "-q", "-m", month or "notes"], cwd=vault, env=env, check=True)
    return len(months)


def start_watcher(vault: Path) -> tuple[subprocess.Popen[str], float]:
    """Start ``journal-tools watch`` on ``vault``; return it once it watches, and how long that took."""
    started = time.perf_counter()
    watcher = subprocess.Popen(
        [sys.executable, "-m", "journal_tools", "watch", str(vault), "--today", TODAY],
        stderr=subprocess.PIPE,
        text=True,
    )
    assert watcher.stderr is not None
    said: list[str] = []
    while not said or "watching for changes" not in said[-1]:  # the first build is done, events watched
        said.append(watcher.stderr.readline())
        if not said[-1]:
            sys.exit(f"the watcher stopped (exit {watcher.wait()}) before watching:\n{''.join(said)}")
    threading.Thread(target=watcher.stderr.read, daemon=True).start()  # keep the pipe from filling
    return watcher, time.perf_counter() - started


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between saves")
    parser.add_argument("--git", action="store_true", help="commit the vault to git first (history on)")
    parser.add_argument(
        "--history", action="store_true", help="commit the vault month by month first (history on)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        vault = Path(temp) / "vault"
        make_vault(args.notes, vault, args.seed)
        note = vault / "Goals" / "Bench goal.md"
        note.write_text(GOAL.format(current=0), encoding="utf-8")
        kind = "no git"
        if args.git:
            commit_all(vault)
            kind = "in a git repository (one commit)"
        elif args.history:
            commits = commit_history(vault, date.fromisoformat(TODAY))
            kind = f"in a git repository ({commits} commits, month by month)"
        watcher, start = start_watcher(vault)
        dashboard = vault / "Reviews" / "Dashboard.md"
        pages = PageWatch()
        observer = Observer()
        observer.schedule(pages, str(dashboard.parent), recursive=False)
        observer.start()
        print(f"vault: {args.notes} notes, {kind}; first build and watch start: {start:.1f} s")
        latencies = []
        memory = []
        for save in range(1, args.saves + 1):
            time.sleep(args.gap)
            value = 1000 + save
            begin = time.perf_counter()
            with note.open("w", encoding="utf-8") as handle:
                handle.write(GOAL.format(current=value))
            seen = pages.wait_for(dashboard, f" {value} → 100000 ")
            latencies.append((seen - begin) * 1000)
            if save in (1, args.saves):
                memory.append(rss_mb(watcher.pid))
        observer.stop()
        time.sleep(IDLE_AFTER + 1)  # saves paused: the watcher stamps its last rebuild
        watcher.terminate()
        watcher.wait(timeout=30)
        again, restart = start_watcher(vault)
        memory.append(rss_mb(again.pid))
        again.terminate()
        again.wait(timeout=30)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * len(latencies))) - 1)]
    print(
        f"save -> dashboard updated, {len(latencies)} saves: median {statistics.median(latencies):.0f} ms, "
        f"p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms"
    )
    print(f"watcher RSS: {memory[0]:.0f} MB after save 1, {memory[1]:.0f} MB after save {args.saves}")
    print(f"watch started again, from the last build: {restart:.1f} s, RSS {memory[2]:.0f} MB")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
