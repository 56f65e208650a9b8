"""The benchmark scripts run end to end on tiny vaults (their figures are printed, never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import date
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from floor import floor_seconds  # noqa: E402
from make_vault import make_vault as generate_vault  # noqa: E402
from watch_latency import commit_history  # noqa: E402


def test_floor_seconds_times_a_generated_vault(tmp_path: Path) -> None:
    generate_vault(30, tmp_path / "vault", seed=1)

    seconds = floor_seconds(tmp_path / "vault", runs=2)

    assert isinstance(seconds, float)
    assert seconds > 0


def run_script(name: str, *args: str) -> str:
    """Run ``bench/NAME`` with ``args`` in a fresh interpreter; return what it printed (it must exit 0)."""
    done = subprocess.run(
        [sys.executable, str(BENCH / name), *args], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_build_speed_prints_the_table_and_the_targets(tmp_path: Path) -> None:
    stdout = run_script("build_speed.py", "--sizes", "40", "--keep", str(tmp_path))

    assert "floor s" in stdout
    assert "cold s (x floor)" in stdout
    assert "warm s (x floor)" in stdout
    assert "one edit s" in stdout
    assert "peak RSS MB cold / warm / edit" in stdout
    row = re.search(
        r"^\s+40\s+[0-9.]+\s+(?P<floor>[0-9.]+)\s+(?P<cold>[0-9.]+) \([0-9.]+x\)\s+"
        r"(?P<warm>[0-9.]+) \([0-9.]+x\)\s+(?P<edit>[0-9.]+)\s+(?P<rss_cold>\d+) / (?P<rss_warm>\d+) / \d+$",
        stdout,
        re.MULTILINE,
    )
    assert row is not None, stdout
    assert "targets (issue 7):" in stdout
    assert "not measured" in stdout  # 10,000 and 50,000 were not in --sizes
    assert (tmp_path / "40" / "Reviews" / "Dashboard.md").is_file()  # --keep kept the built vault
    notes = (tmp_path / "40").glob("Journal/Daily/*/*.md")
    assert not any("one more step" in note.read_text(encoding="utf-8") for note in notes)  # edits undone


def test_the_git_history_bench_prints_both_passes(tmp_path: Path) -> None:
    stdout = run_script("git_history.py", "--commits", "40", "--keep", str(tmp_path / "r"))

    assert "full pass" in stdout
    assert "pass after one new commit" in stdout
    assert "equal to a full pass: yes" in stdout
    assert "after one new commit (one commit read, every page planned again)" in stdout


def test_the_month_by_month_history_dates_each_daily_note_at_its_month_s_end(tmp_path: Path) -> None:
    vault = tmp_path / "vault"
    generate_vault(60, vault, seed=1)
    commits = commit_history(vault, date(2026, 11, 20))
    log = subprocess.run(
        ["git", "log", "--format=@%ad %s", "--date=short", "--name-only"],
        cwd=vault, capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    blocks = [block.strip().split("\n") for block in log.split("@")[1:]]
    assert len(blocks) == commits > 2
    for header, *files in blocks:
        day, month = header.split(" ", 1)
        if month == "notes":
            continue  # the notes without a date come first, dated at the earliest month
        assert day[:7] == month
        assert day <= "2026-11-20"
        assert all(month in name or "-W" in name for name in files if name)
