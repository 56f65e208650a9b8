"""Measure `journal-tools watch`: time from a note's save to the dashboard holding the change.

    python bench/watch_latency.py [--notes 10000] [--saves 50] [--seed 1] [--git]

Generates a vault, starts the watcher as a user would (a separate process), saves a goal note
``--saves`` times (an in-place write of a new ``current``), and for each save measures how long until
Reviews/Dashboard.md shows the new value (woken by the file's own events, not by polling, so the
measuring takes no CPU from the watcher). Prints the median and p95, and the watcher's resident
memory after the first and the last save.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_vault import make_vault  # noqa: E402

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


def main() -> None:
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--saves", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--gap", type=float, default=0.3, help="seconds between saves")
    parser.add_argument("--git", action="store_true", help="commit the vault to git first (history on)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temp:
        vault = Path(temp) / "vault"
        make_vault(args.notes, vault, args.seed)
        note = vault / "Goals" / "Bench goal.md"
        note.write_text(GOAL.format(current=0), encoding="utf-8")
        if args.git:
            commit_all(vault)
        started = time.perf_counter()
        watcher = subprocess.Popen(
            [sys.executable, "-m", "journal_tools", "watch", str(vault), "--today", "2026-11-20"],
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
        dashboard = vault / "Reviews" / "Dashboard.md"
        pages = PageWatch()
        observer = Observer()
        observer.schedule(pages, str(dashboard.parent), recursive=False)
        observer.start()
        kind = "in a git repository (one commit)" if args.git else "no git"
        print(
            f"vault: {args.notes} notes, {kind}; first build and watch start: "
            f"{time.perf_counter() - started:.1f} s"
        )
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
        watcher.terminate()
        watcher.wait(timeout=30)
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, int(round(0.95 * len(latencies))) - 1)]
    print(
        f"save -> dashboard updated, {len(latencies)} saves: median {statistics.median(latencies):.0f} ms, "
        f"p95 {p95:.0f} ms, max {latencies[-1]:.0f} ms"
    )
    print(f"watcher RSS: {memory[0]:.0f} MB after save 1, {memory[-1]:.0f} MB after save {args.saves}")
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
