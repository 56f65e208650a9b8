"""The benchmark scripts run end to end on tiny vaults (their figures are printed, never asserted)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))

from floor import floor_seconds  # noqa: E402
from make_vault import make_vault as generate_vault  # noqa: E402


def test_floor_seconds_times_a_generated_vault(tmp_path: Path) -> None:
    generate_vault(30, tmp_path / "vault", seed=1)

    seconds = floor_seconds(tmp_path / "vault", runs=2)

    assert isinstance(seconds, float)
    assert seconds > 0


def test_build_speed_prints_the_table_and_the_targets(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH / "build_speed.py"), "--sizes", "40", "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )

    assert done.returncode == 0, done.stderr
    assert "floor s" in done.stdout
    assert "cold s (x floor)" in done.stdout
    assert "warm s (x floor)" in done.stdout
    assert "peak RSS MB cold / warm" in done.stdout
    row = re.search(
        r"^\s+40\s+[0-9.]+\s+(?P<floor>[0-9.]+)\s+(?P<cold>[0-9.]+) \([0-9.]+x\)\s+"
        r"(?P<warm>[0-9.]+) \([0-9.]+x\)\s+(?P<rss_cold>\d+) / (?P<rss_warm>\d+)$",
        done.stdout,
        re.MULTILINE,
    )
    assert row is not None, done.stdout
    assert "targets (issue 7):" in done.stdout
    assert "not measured" in done.stdout  # 10,000 and 50,000 were not in --sizes
    assert (tmp_path / "40" / "Reviews" / "Dashboard.md").is_file()  # --keep kept the built vault
