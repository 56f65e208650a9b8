"""Time the floor, and cold, warm and one-edit builds, with peak RSS: ``build_speed.py [--sizes N ...]``."""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from journal_tools.parse_cache import RACY_NS

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from floor import OUTPUT, list_notes  # noqa: E402

ROOT = BENCH.parent
TODAY = "2026-11-20"
"""The day make_vault's notes end on; every build is run as of it."""
CACHE_GLOB = "cache.sqlite*"
"""The parse cache in ``VAULT/.journal-tools/``, with its -wal, -shm or -journal files."""
WARM_RUNS = 5
"""Warm builds timed for each size; the median counts (one run of 80 ms swings by 10 ms or more)."""
EDIT_RUNS = 3
"""Builds timed right after a task is added to the newest daily note; the median counts."""
FLOOR_LINE = re.compile(r"^floor: (?P<seconds>[0-9.]+) s .*?, (?P<notes>\d+) notes$", re.MULTILINE)


class BenchError(Exception):
    """A step of the benchmark failed: the figures would mean nothing."""


@dataclass(frozen=True, slots=True)
class Build:
    """One build subprocess: wall time from start to exit, and peak resident memory (wait4's ru_maxrss)."""

    seconds: float
    rss_mb: float


@dataclass(frozen=True, slots=True)
class Row:
    """The figures for one vault size."""

    size: int
    notes: int
    vault_mb: float
    floor: float
    cold: Build
    warm: Build
    edit: Build
    """A build right after one task was added to the day's note: not a target, what a user meets most."""


def measure_floor(vault: Path) -> tuple[float, int]:
    """Run ``floor.py VAULT`` in a fresh process; return its median seconds and the note count it read."""
    done = subprocess.run(
        [sys.executable, str(BENCH / "floor.py"), str(vault)], capture_output=True, text=True, check=False
    )
    sys.stderr.write(done.stderr)
    found = FLOOR_LINE.search(done.stdout)
    if done.returncode != 0 or found is None:
        raise BenchError(f"floor.py exited {done.returncode}: {done.stdout}{done.stderr}".strip())
    return float(found["seconds"]), int(found["notes"])


def run_build(vault: Path) -> Build:
    """Run ``journal-tools build`` in a fresh process; exit 0 or 1 (problems in notes) counts as done."""
    command = [sys.executable, "-m", "journal_tools", "build", str(vault), "--today", TODAY]
    with tempfile.TemporaryFile() as log:  # a file, not a pipe: a full pipe would stall the child
        start = time.perf_counter()
        with subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT) as child:
            # wait4 reaps the child and returns its rusage, not RUSAGE_CHILDREN's mix of every child; on
            # Linux its ru_maxrss is the largest of the build and the workers it reaped (a pool is not summed)
            _, status, usage = os.wait4(child.pid, 0)
            seconds = time.perf_counter() - start
            child.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read().decode("utf-8", errors="replace")
        if child.returncode not in (0, 1) or "Traceback" in output:  # 1 is problems found, or a crash
            raise BenchError(f"{' '.join(command)} exited {child.returncode}:\n{output[-2000:]}")
    kib = usage.ru_maxrss / 1024 if sys.platform == "darwin" else usage.ru_maxrss  # bytes on macOS
    return Build(seconds, kib / 1024)


def make_cold(vault: Path) -> None:
    """Delete the parse cache and the output folder, so nothing is cached and every page is written."""
    for path in (vault / ".journal-tools").glob(CACHE_GLOB):
        path.unlink(missing_ok=True)
    shutil.rmtree(vault / OUTPUT, ignore_errors=True)


def measure(size: int, vault: Path, seed: int) -> Row:
    """Generate (or reuse) a vault of ``size`` notes and time the floor, a cold build and a warm one."""
    if vault.exists():
        progress(f"{size} notes: reusing {vault}")
    else:
        progress(f"{size} notes: generating {vault} (seed {seed})")
        # In its own process: a build started from this one would count this one's memory as its own
        # (Linux carries a forked process's resident memory into the ru_maxrss of what it executes).
        command = [sys.executable, str(BENCH / "make_vault.py"), str(size), str(vault), "--seed", str(seed)]
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        # A note saved within RACY_NS of a build is never trusted to the stamp or the cache (its time
        # may not show a second save): wait it out, as any vault not written a moment ago has.
        time.sleep(RACY_NS / 1e9)
    vault_mb = sum(path.stat().st_size for path in list_notes(vault)) / 1e6
    progress(f"{size} notes: floor")
    floor, notes = measure_floor(vault)
    make_cold(vault)
    progress(f"{size} notes: cold build")
    cold = run_build(vault)
    progress(f"{size} notes: warm builds")
    warm = median(run_build(vault) for _ in range(WARM_RUNS))
    progress(f"{size} notes: builds after one edit")
    note = max(vault.glob("Journal/Daily/*/*.md"))
    text = note.read_bytes()
    try:
        edits = []
        for run in range(EDIT_RUNS):
            note.write_bytes(text + f"- [ ] one more step {run}\n".encode())
            edits.append(run_build(vault))
    finally:
        note.write_bytes(text)
    return Row(size, notes, vault_mb, floor, cold, warm, median(edits))


def median(builds: Iterable[Build]) -> Build:
    """Return the median time of ``builds``, with the highest peak memory of them all."""
    ordered = sorted(builds, key=lambda build: build.seconds)
    return Build(ordered[len(ordered) // 2].seconds, max(build.rss_mb for build in ordered))


def progress(message: str) -> None:
    """Say on stderr what is being measured (a 50,000-note run takes minutes)."""
    print(f"build_speed: {message}", file=sys.stderr, flush=True)


def ratio(seconds: float, floor: float) -> str:
    """Return ``seconds`` as a multiple of the floor, such as ``1.32x``."""
    return f"{seconds / floor:.2f}x" if floor > 0 else "n/a"


def table(rows: list[Row]) -> list[str]:
    """Return the figures as a table, each time with its ratio to the floor."""
    head = (
        f"{'notes':>7}  {'vault MB':>8}  {'floor s':>7}  {'cold s (x floor)':>17}  "
        f"{'warm s (x floor)':>17}  {'one edit s':>10}  {'peak RSS MB cold / warm / edit':>30}"
    )
    lines = [head]
    for row in rows:
        cold = f"{row.cold.seconds:.3f} ({ratio(row.cold.seconds, row.floor)})"
        warm = f"{row.warm.seconds:.3f} ({ratio(row.warm.seconds, row.floor)})"
        rss = f"{row.cold.rss_mb:.0f} / {row.warm.rss_mb:.0f} / {row.edit.rss_mb:.0f}"
        lines.append(
            f"{row.notes:>7,}  {row.vault_mb:>8.1f}  {row.floor:>7.3f}  {cold:>17}  {warm:>17}  "
            f"{row.edit.seconds:>10.3f}  {rss:>30}"
        )
    return lines


@dataclass(frozen=True, slots=True)
class Target:
    """One of the issue's targets: the vault size it applies to, what it says, the figure and the test."""

    size: int
    text: str
    figure: Callable[[Row], str]
    met: Callable[[Row], bool]


TARGETS = [
    Target(
        10_000,
        "cold build <= 1.5x floor",
        lambda r: ratio(r.cold.seconds, r.floor),
        lambda r: r.cold.seconds <= 1.5 * r.floor,
    ),
    Target(
        10_000, "warm build <= 0.3 s", lambda r: f"{r.warm.seconds:.3f} s", lambda r: r.warm.seconds <= 0.3
    ),
    Target(
        10_000,
        "warm build <= 0.2x floor",
        lambda r: ratio(r.warm.seconds, r.floor),
        lambda r: r.warm.seconds <= 0.2 * r.floor,
    ),
    Target(
        50_000,
        "cold build <= 1.5x floor",
        lambda r: ratio(r.cold.seconds, r.floor),
        lambda r: r.cold.seconds <= 1.5 * r.floor,
    ),
    Target(
        50_000,
        "peak RSS <= 250 MB",
        lambda r: f"{max(r.cold.rss_mb, r.warm.rss_mb, r.edit.rss_mb):.0f} MB",
        lambda r: max(r.cold.rss_mb, r.warm.rss_mb, r.edit.rss_mb) <= 250,
    ),
]
"""The targets of issue 7 (the watcher's p95 at 50,000 notes is watch_latency.py's to measure)."""


def verdicts(rows: list[Row]) -> list[str]:
    """Return one line a target: met, not met, or not measured when its size was not in this run."""
    by_size = {row.size: row for row in rows}
    lines = ["targets (issue 7):"]
    for target in TARGETS:
        row = by_size.get(target.size)
        if row is None:
            mark = "not measured (size not in --sizes)"
        else:
            mark = f"{'met' if target.met(row) else 'NOT MET'} ({target.figure(row)})"
        lines.append(f"  {target.size:>6,} notes: {target.text:<26} {mark}")
    return lines


def compile_package() -> None:
    """Compile journal-tools to bytecode, as installing its wheel does, so that no timed build compiles it.

    Where ``PYTHONDONTWRITEBYTECODE`` is set (as on the project's machines), a checkout's modules would
    otherwise be compiled from source by every build: 30 ms of a warm build that a user never pays.
    """
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "journal_tools")], check=True)


def main() -> None:
    """Measure every size, then print the machine, the table and the targets."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 50_000], metavar="N")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--keep", type=Path, metavar="DIR", help="generate vaults into DIR/N and keep them; reuse any found"
    )
    args = parser.parse_args()
    rows: list[Row] = []
    compile_package()
    with tempfile.TemporaryDirectory() as temp:
        parent = args.keep.resolve() if args.keep else Path(temp)
        try:
            for size in args.sizes:
                rows.append(measure(size, parent / str(size), args.seed))
        except BenchError as error:
            sys.exit(f"build_speed: {error}")
    print(
        f"machine: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{platform.system()} {platform.machine()}, {time.strftime('%Y-%m-%d')}"
    )
    print(
        f"each build: a fresh `python -m journal_tools build VAULT --today {TODAY}`, wall time from start to "
        "exit (interpreter start-up included); the floor: median of 3 passes in one process"
    )
    print()
    print("\n".join(table(rows)))
    print()
    print("\n".join(verdicts(rows)))


if __name__ == "__main__":
    main()
