"""A non-editable install, used from another folder, finds the built-in templates."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_wheel_ships_the_templates_and_builds_a_vault(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(dist),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = dist.glob("journal_tools-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert {"journal_tools/templates/dashboard.md.j2", "journal_tools/templates/weekly.md.j2"} <= set(names)
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    vault = tmp_path / "vault"
    vault.mkdir()
    (vault / "goal.md").write_text("---\ntype: goal\ntitle: G\n---\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(site)}
    code = "import journal_tools.settings as s; print(s.default_template_dir())"
    where = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, check=True, capture_output=True, text=True
    )
    assert Path(where.stdout.strip()).is_relative_to(site)
    run = subprocess.run(
        [sys.executable, "-m", "journal_tools", "build", str(vault), "--today", "2026-11-20"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert (vault / "Reviews/Dashboard.md").is_file()
