"""The command line: exit codes, what goes to stdout and stderr, the export's keys."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from journal_tools.cli import main
from tests.conftest import MakeVault

GOAL = "---\ntype: goal\ntitle: G\ndue: 2026-12-01\n---\n- [ ] step 📅 2026-11-25 ⏫\n"
BROKEN = "---\ntype: goal\ntarget: five\n---\n"


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_lists_problems_and_exits_1(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL, "Goals/bad.md": BROKEN})
    code, out, err = _run("check", str(vault), "--today", "2026-11-20")
    assert code == 1
    assert out == "Goals/bad.md:3: target: expected a number, got 'five'\n"
    assert "1 problem (1 error) in 2 notes" in err


def test_check_is_quiet_and_0_on_a_clean_vault(make_vault: MakeVault) -> None:
    code, out, _ = _run("check", str(make_vault({"g.md": GOAL})), "--today", "2026-11-20")
    assert (code, out) == (0, "")


def test_check_json(make_vault: MakeVault) -> None:
    code, out, _ = _run("check", str(make_vault({"bad.md": BROKEN})), "--json", "--today", "2026-11-20")
    assert code == 1
    assert json.loads(out) == [
        {"path": "bad.md", "line": 3, "severity": "error", "message": "target: expected a number, got 'five'"}
    ]


def test_build_prints_one_summary_line(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL})
    code, out, err = _run("build", str(vault), "--today", "2026-11-20")
    assert code == 0
    assert out == (
        f"{vault}: 1 note, 1 goal, 1 task; pages: 2 written, 0 unchanged, 0 removed; 0 problems (0 errors)\n"
    )
    assert err == ""
    code, out, _ = _run("build", str(vault), "--today", "2026-11-20")
    assert "pages: 0 written, 2 unchanged" in out


def test_build_strict_fails_on_problems(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL, "bad.md": BROKEN})
    assert _run("build", str(vault), "--today", "2026-11-20")[0] == 0
    code, _, err = _run("build", str(vault), "--strict", "--today", "2026-11-20")
    assert code == 1
    assert "bad.md:3: target: expected a number" in err


def test_bad_settings_exit_2_with_every_error(make_vault: MakeVault) -> None:
    vault = make_vault({".journal-tools.toml": 'stale_days = "x"\ncolour = 1\n'})
    code, _, err = _run("build", str(vault))
    assert code == 2
    assert "stale_days: expected a whole number of at least 1, got 'x'" in err
    assert "unknown setting 'colour'" in err
    assert not (vault / "Reviews").exists()


def test_a_bad_today_is_a_usage_error(make_vault: MakeVault) -> None:
    code, _, err = _run("build", str(make_vault({})), "--today", "20-11-2026")
    assert code == 2
    assert "Invalid value for '--today'" in err


def test_export_has_the_documented_keys(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/g.md": GOAL, "2026-W47.md": "---\nrating: 4\n---\n", "bad.md": BROKEN})
    code, out, _ = _run("export", str(vault), "--today", "2026-11-20")
    assert code == 0
    data = json.loads(out)
    goal = data["goals"][0]
    assert {
        "title",
        "path",
        "status",
        "horizon",
        "parent",
        "progress",
        "progress_explanation",
        "due",
        "overdue",
        "smart_missing",
    } <= set(goal)
    assert goal["path"] == "Goals/g.md"
    assert goal["due"] == "2026-12-01"
    assert goal["smart_missing"] == ["S", "M", "R"]
    task = data["tasks"][0]
    assert {
        "text",
        "path",
        "line",
        "status",
        "due",
        "done",
        "scheduled",
        "start",
        "created",
        "cancelled",
        "priority",
        "recurrence",
        "goal",
    } <= set(task)
    assert (task["line"], task["status"], task["priority"], task["goal"]) == (6, "todo", "high", "G")
    assert data["reflections"] == [{"week": "2026-W47", "rating": 4, "path": "2026-W47.md"}]
    assert data["problems"][0] == {
        "path": "bad.md",
        "line": 3,
        "severity": "error",
        "message": "target: expected a number, got 'five'",
    }


def test_version(tmp_path: Path) -> None:
    code, out, _ = _run("--version")
    assert code == 0
    assert out.startswith("journal-tools, version ")
