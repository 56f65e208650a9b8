"""The program ends its process as soon as a command returns: the same status, output and pages."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

from journal_tools.__main__ import _alone
from journal_tools.parse_pool import POOL_MIN
from journal_tools.processes import process_context
from tests.conftest import TODAY, MakeVault

GOAL = "---\ntype: goal\ntitle: G\ndue: 2026-12-01\n---\n- [ ] step 📅 2026-11-25 ⏫\n"
BROKEN = "---\ntype: goal\ntarget: five\n---\n"


def _program(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``python -m journal_tools`` in a process of its own, as a user runs ``journal-tools``."""
    return subprocess.run(
        [sys.executable, "-m", "journal_tools", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "NO_COLOR": "1", **(env or {})},
        check=False,
    )


def test_exit_statuses_and_output_are_the_commands(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL, "bad.md": BROKEN})
    day = TODAY.isoformat()
    built = _program("build", str(vault), "--json", "--today", day)
    assert (built.returncode, built.stderr) == (0, "")
    data = json.loads(built.stdout)
    assert (data["errors"], len(data["pages"]["written"])) == (1, 4)
    assert _program("build", str(vault), "--strict", "--today", day).returncode == 1
    checked = _program("check", str(vault), "--today", day)
    assert checked.returncode == 1
    assert checked.stdout == "bad.md:3: target: expected a number, got 'five'\n"
    wrong = _program("build", str(vault / "nowhere"))
    assert wrong.returncode == 2
    assert "does not exist" in wrong.stderr
    assert _program("--version").stdout.startswith("journal-tools, version ")


def test_a_build_with_helper_processes_ends_clean(tmp_path: Path) -> None:
    """Worker processes parse the notes and a helper writes the pages; none is left, nothing leaks."""
    vault = tmp_path / "vault"
    (vault / "Journal").mkdir(parents=True)
    first = date(1990, 1, 1)
    for week in range(POOL_MIN):  # a note a week: as many weekly pages, enough for the writing helper
        day = first + timedelta(weeks=week)
        text = f"---\ntype: daily\ndate: {day}\n---\n- [x] step {week} ✅ {day}\n"
        (vault / "Journal" / f"{day}.md").write_text(text, encoding="utf-8")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    built = _program(
        "build", str(vault), "--json", "--today", TODAY.isoformat(), env={"TMPDIR": str(temporary)}
    )
    assert (built.returncode, built.stderr) == (0, "")  # no warning of leaked semaphores, no traceback
    data = json.loads(built.stdout)
    assert data["notes"] == POOL_MIN
    written = data["pages"]["written"]
    assert len(written) > POOL_MIN
    assert all((vault / page).is_file() for page in written)
    # the workers' folders are gone (the notes', the server's); the template cache is meant to stay
    assert [path.name for path in temporary.iterdir()] == [f"_jinja2-cache-{os.getuid()}"]
    again = _program("build", str(vault), "--json", "--today", TODAY.isoformat())
    assert json.loads(again.stdout)["pages"]["unchanged"] == sorted(written)


def test_the_process_ends_as_usual_while_something_else_runs() -> None:
    assert _alone()
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert not _alone()
    finally:
        stop.set()
        thread.join()
    assert _alone()
    child = process_context().Process(target=time.sleep, args=(30,))
    child.start()
    try:
        assert not _alone()
    finally:
        child.terminate()
        child.join()
    assert _alone()
