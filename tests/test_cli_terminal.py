"""Terminal manners: ``build --json``, exit codes 0/1/2, NO_COLOR, --version and shell completion."""

from __future__ import annotations

import io
import json

from click.testing import CliRunner
from rich.console import Console

from journal_tools import __version__
from journal_tools.cli import main
from journal_tools.pipeline import Session
from journal_tools.terminal import DELAY, ProgressBar
from tests.conftest import TODAY, MakeVault

GOAL = "---\ntype: goal\ntitle: G\ndue: 2026-12-01\n---\n- [ ] step 📅 2026-11-25 ⏫\n"
BROKEN = "---\ntype: goal\ntarget: five\n---\n"
WARNED = "---\ntype: milestone\ntitle: M\n---\n"


def _run(*args: str, env: dict[str, str | None] | None = None, color: bool = False) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), env=env, color=color)
    return result.exit_code, result.stdout, result.stderr


def test_build_json(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL, "bad.md": BROKEN})
    code, out, err = _run("build", str(vault), "--json", "--today", "2026-11-20")
    assert (code, err) == (0, "")
    data = json.loads(out)
    assert data == {
        "vault": str(vault),
        "today": "2026-11-20",
        "check": False,
        "notes": 2,
        "goals": 2,
        "tasks": 1,
        "pages": {
            "written": [
                "Reviews/Dashboard.md",
                "Reviews/Monthly/2026-11.md",
                "Reviews/Quarterly/2026-Q4.md",
                "Reviews/Weekly/2026-W47.md",
            ],
            "unchanged": [],
            "removed": [],
        },
        "calendar": None,
        "problems": [
            {
                "path": "bad.md",
                "line": 3,
                "severity": "error",
                "message": "target: expected a number, got 'five'",
            }
        ],
        "errors": 1,
    }
    code, out, _ = _run("build", str(vault), "--json", "--strict", "--today", "2026-11-20")
    assert code == 1
    assert json.loads(out)["pages"]["unchanged"] == data["pages"]["written"]


def test_build_check_json(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL, ".journal-tools.toml": 'calendar = "Reviews/j.ics"\n'})
    code, out, err = _run("build", str(vault), "--check", "--json", "--today", "2026-11-20")
    assert (code, err) == (1, "")
    data = json.loads(out)
    assert data["check"] is True
    assert len(data["pages"]["written"]) == 4
    assert data["calendar"] == {"path": "Reviews/j.ics", "written": True}
    assert not (vault / "Reviews").exists()
    assert _run("build", str(vault), "--today", "2026-11-20")[0] == 0
    code, out, _ = _run("build", str(vault), "--check", "--json", "--today", "2026-11-20")
    assert code == 0
    assert json.loads(out)["calendar"] == {"path": "Reviews/j.ics", "written": False}


def test_exit_codes(make_vault: MakeVault) -> None:
    clean = make_vault({"g.md": GOAL})
    assert _run("build", str(clean), "--today", "2026-11-20")[0] == 0
    assert _run("check", str(clean), "--today", "2026-11-20")[0] == 0
    assert _run("build", str(clean), "--strict", "--today", "2026-11-20")[0] == 0
    (clean / "bad.md").write_text(BROKEN, encoding="utf-8")
    assert _run("check", str(clean), "--today", "2026-11-20")[0] == 1
    assert _run("build", str(clean), "--strict", "--today", "2026-11-20")[0] == 1
    (clean / ".journal-tools.toml").write_text("stale_days = 0\n", encoding="utf-8")
    for command in ("build", "check", "export", "calendar"):
        assert _run(command, str(clean))[0] == 2, command
    assert _run("build", "--no-such-option")[0] == 2
    assert _run("no-such-command")[0] == 2
    assert _run("service", "restart")[0] == 2
    assert _run("calendar", str(clean / "missing"))[0] == 2


def test_warnings_fail_only_strict_builds(make_vault: MakeVault) -> None:
    vault = make_vault({"w.md": WARNED})
    assert _run("check", str(vault), "--today", "2026-11-20")[0] == 0
    code, _, err = _run("build", str(vault), "--strict", "--today", "2026-11-20")
    assert code == 1
    assert "w.md:1: warning: milestone has no goal" in err


def test_problems_are_coloured_on_a_terminal_unless_no_color(make_vault: MakeVault) -> None:
    vault = make_vault({"bad.md": BROKEN, "w.md": WARNED})
    code, out, _ = _run("check", str(vault), "--today", "2026-11-20", color=True)
    assert code == 1
    assert "\x1b[31mbad.md:3: target" in out  # red error
    assert "\x1b[33mw.md:1: warning" in out  # yellow warning
    for value in ("1", "yes"):
        code, out, err = _run(
            "check", str(vault), "--today", "2026-11-20", env={"NO_COLOR": value}, color=True
        )
        assert code == 1
        assert "\x1b[" not in out + err
    code, out, err = _run("check", str(vault), "--today", "2026-11-20", env={"NO_COLOR": ""}, color=True)
    assert "\x1b[31m" in out  # an empty NO_COLOR does not count (no-color.org)
    code, _, err = _run("build", str(vault), "--today", "2026-11-20")
    assert "\x1b[" not in err  # never colour when the output is not a terminal


def test_version() -> None:
    code, out, _ = _run("--version")
    assert (code, out) == (0, f"journal-tools, version {__version__}\n")


def test_shell_completion_scripts() -> None:
    runner = CliRunner()
    for shell in ("bash", "zsh", "fish"):
        env = {"_JOURNAL_TOOLS_COMPLETE": f"{shell}_source"}
        result = runner.invoke(main, [], env=env, prog_name="journal-tools")
        assert result.exit_code == 0, shell
        assert "_JOURNAL_TOOLS_COMPLETE" in result.stdout, shell
    env = {"_JOURNAL_TOOLS_COMPLETE": "bash_complete", "COMP_WORDS": "journal-tools ca", "COMP_CWORD": "1"}
    result = runner.invoke(main, [], env=env, prog_name="journal-tools")
    assert result.stdout.splitlines() == ["plain,calendar"]


def test_a_session_reports_its_progress(make_vault: MakeVault) -> None:
    vault = make_vault({f"Daily/2026-11-{day:02d}.md": "- [x] a\n" for day in range(1, 21)})
    seen: list[tuple[str, int, int]] = []
    Session(vault, progress=lambda stage, done, total: seen.append((stage, done, total))).build(TODAY)
    assert ("reading notes", 0, 20) in seen
    assert any(stage == "rendering pages" for stage, _, _ in seen)


def test_the_progress_bar_shows_only_once_a_build_is_slow() -> None:
    out = io.StringIO()
    with ProgressBar(console=Console(file=out, force_terminal=True, width=80)) as bar:
        bar("reading notes", 1, 10)  # within the first second: nothing drawn
        assert bar.progress is None
        bar.started -= DELAY
        bar("reading notes", 5, 10)
        assert bar.progress is not None
    assert "reading notes" in out.getvalue()
    assert bar.progress is None
