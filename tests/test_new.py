"""``journal-tools new``: a note of each kind from its template, the reflection prefill, no overwriting."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from journal_tools.cli import main
from journal_tools.new_note import file_name, note_path, unlink
from journal_tools.parse import read_note
from tests.conftest import MakeVault

DAY = "2026-11-20"
GOAL = "---\ntype: goal\ntitle: G\ndue: 2026-12-01\n---\n- [ ] step [[G]] 📅 2026-11-18\n- [x] done 📅 2026-11-17\n"
LAST_WEEK = """---
type: reflection
week: 2026-W46
rating: 3
---
## Next steps
- [ ] Carry me
- [/] Half done
- [x] Finished
- [-] Dropped
- plain text
"""
FOLDERS = {
    "goal": "Goals",
    "milestone": "Milestones",
    "assessment": "Self",
    "feedback": "Feedback",
}


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("kind", ["goal", "milestone", "assessment", "feedback"])
def test_new_writes_a_note_of_each_kind(make_vault: MakeVault, kind: str) -> None:
    vault = make_vault({})
    code, out, err = _run("new", kind, 'My "big" goal: v2?', "--vault", str(vault), "--today", DAY)
    assert (code, err) == (0, "")
    path = f"{FOLDERS[kind]}/My big goal v2.md"
    assert out == f"{path}\n"
    note = read_note(vault, path)
    assert note.problems == ()
    assert note.front.type == kind
    text = (vault / path).read_text(encoding="utf-8")
    if kind in ("goal", "milestone"):
        assert 'title: "My \\"big\\" goal: v2?"\n' in text
        assert note.front.title == 'My "big" goal: v2?'
    if kind in ("assessment", "feedback"):
        assert f"date: {DAY}\n" in text
    code, _, err = _run("check", str(vault), "--today", DAY)
    assert code == 0, err


def test_goal_has_every_field_and_the_sections(make_vault: MakeVault) -> None:
    vault = make_vault({})
    assert _run("new", "goal", "Lead", "--vault", str(vault), "--today", DAY)[0] == 0
    text = (vault / "Goals/Lead.md").read_text(encoding="utf-8")
    for key in ("type", "title", "horizon", "kind", "status", "start", "due", "metric", "baseline", "target"):
        assert f"\n{key}:" in text, key
    for key in ("current", "unit", "parent", "why", "priority", "partner", "tags", "weight", "updated"):
        assert f"\n{key}:" in text, key
    assert "\n## Milestones\n" in text
    assert "\n## Action steps\n" in text
    assert f"start: {DAY}\n" in text


def test_the_milestone_heading_follows_the_settings(make_vault: MakeVault) -> None:
    vault = make_vault({".journal-tools.toml": 'milestone_heading = "Stages"\n'})
    assert _run("new", "goal", "Lead", "--vault", str(vault), "--today", DAY)[0] == 0
    assert "\n## Stages\n" in (vault / "Goals/Lead.md").read_text(encoding="utf-8")


def test_new_refuses_to_overwrite(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/Lead.md": "mine\n"})
    code, out, err = _run("new", "goal", "Lead", "--vault", str(vault))
    assert code == 1
    assert out == ""
    assert err == "journal-tools: Goals/Lead.md already exists; not overwritten\n"
    assert (vault / "Goals/Lead.md").read_text(encoding="utf-8") == "mine\n"


def test_reflection_is_named_by_the_week_and_prefilled(make_vault: MakeVault) -> None:
    vault = make_vault({"Goals/G.md": GOAL, "Journal/Weekly/2026-W46.md": LAST_WEEK})
    code, out, _ = _run("new", "reflection", "--vault", str(vault), "--today", DAY)
    assert (code, out) == (0, "Journal/Weekly/2026-W47.md\n")
    text = (vault / "Journal/Weekly/2026-W47.md").read_text(encoding="utf-8")
    assert "week: 2026-W47\n" in text
    assert "## Next steps\n- [ ] Carry me\n- [/] Half done\n\n" in text
    assert "Finished" not in text
    assert "Dropped" not in text
    assert "## Due this week\n- [ ] step G (due 2026-11-18)\n\n" in text
    assert "done (due" not in text
    for heading in ("Highlights", "Tough spots", "Lessons", "Wins"):
        assert f"\n## {heading}\n" in text
    assert read_note(vault, "Journal/Weekly/2026-W47.md").problems == ()
    code, _, err = _run("new", "reflection", "--vault", str(vault), "--today", "2026-11-22")
    assert code == 1
    assert "Journal/Weekly/2026-W47.md already exists" in err


def test_reflection_without_an_earlier_one_has_empty_next_steps(make_vault: MakeVault) -> None:
    vault = make_vault({})
    assert _run("new", "reflection", "--vault", str(vault), "--today", DAY)[0] == 0
    text = (vault / "Journal/Weekly/2026-W47.md").read_text(encoding="utf-8")
    assert "## Next steps\n\n## Wins\n" in text
    assert "Due this week" not in text


def test_reflection_uses_the_configured_headings(make_vault: MakeVault) -> None:
    vault = make_vault({".journal-tools.toml": '[sections]\nwins = ["Celebrate"]\n'})
    assert _run("new", "reflection", "--vault", str(vault), "--today", DAY)[0] == 0
    assert "\n## Celebrate\n" in (vault / "Journal/Weekly/2026-W47.md").read_text(encoding="utf-8")


def test_a_vault_template_takes_precedence(make_vault: MakeVault) -> None:
    vault = make_vault(
        {".journal-tools/templates/new/goal.md.j2": "---\ntype: goal\n---\n# {{ title }} mine\n"}
    )
    assert _run("new", "goal", "Lead", "--vault", str(vault), "--today", DAY)[0] == 0
    assert (vault / "Goals/Lead.md").read_text(encoding="utf-8") == "---\ntype: goal\n---\n# Lead mine\n"


def test_a_broken_vault_template_is_an_error_not_a_traceback(make_vault: MakeVault) -> None:
    vault = make_vault({".journal-tools/templates/new/goal.md.j2": "{{ title.__class__.__mro__ }}{% if %}"})
    code, _, err = _run("new", "goal", "Lead", "--vault", str(vault))
    assert code == 1
    assert err.startswith("journal-tools: .journal-tools/templates/new/goal.md.j2: TemplateSyntaxError")
    assert not (vault / "Goals/Lead.md").exists()


def test_a_goal_needs_a_title(make_vault: MakeVault) -> None:
    vault = make_vault({})
    code, _, err = _run("new", "goal", "--vault", str(vault))
    assert code == 2
    assert 'a goal needs a title: journal-tools new goal "TITLE"' in err
    code, _, err = _run("new", "goal", "[[#]]", "--vault", str(vault))
    assert code == 2
    assert "no character a file name can hold" in err


def test_an_unknown_kind_is_a_usage_error(make_vault: MakeVault) -> None:
    code, _, err = _run("new", "task", "x", "--vault", str(make_vault({})))
    assert code == 2
    assert "Invalid value for '{goal|milestone|reflection|assessment|feedback}'" in err


def test_file_names_and_default_paths() -> None:
    assert file_name(' a/b\\c:d*e?f"g<h>i|j#k^l[m]n ') == "abcdefghijklmn"
    assert file_name("..hidden  name\n") == "hidden name"
    assert note_path("assessment", None, date(2026, 11, 20)) == "Self/Self-assessment 2026-11-20.md"
    assert note_path("feedback", None, date(2026, 11, 20)) == "Feedback/Feedback 2026-11-20.md"
    assert note_path("reflection", "ignored", date(2024, 12, 30)) == "Journal/Weekly/2025-W01.md"
    assert unlink("ask [[Priya|her]] about [[Atlas#Plan]]") == "ask her about Atlas"


def test_new_folder_must_exist(tmp_path: Path) -> None:
    code, _, _ = _run("new", "goal", "x", "--vault", str(tmp_path / "missing"))
    assert code == 2


def test_interactive_goal_asks_for_the_smart_fields_and_names_what_is_missing(make_vault: MakeVault) -> None:
    vault = make_vault({})
    answers = "shipped talks\nmany\n4\n2026-13-01\n2026-12-31\nTo be known for it: yes\n"
    result = CliRunner().invoke(
        main, ["new", "goal", "Speak", "-i", "--vault", str(vault), "--today", DAY], input=answers
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.count("not valid") == 2  # "many" is no number, 2026-13-01 no day
    note = read_note(vault, "Goals/Speak.md")
    assert note.problems == ()
    front = note.front
    assert (front.metric, front.target, front.due, front.why) == (
        "shipped talks",
        4.0,
        date(2026, 12, 31),
        "To be known for it: yes",
    )
    assert "still missing A (Achievable): break it down: add a milestone or a task" in result.stdout
    assert "still missing S" not in result.stdout


def test_interactive_answers_left_empty_keep_the_template_as_it_is(make_vault: MakeVault) -> None:
    vault = make_vault({})
    plain = make_vault({}).parent / "plain"
    plain.mkdir()
    CliRunner().invoke(
        main, ["new", "goal", "Lead", "-i", "--vault", str(vault), "--today", DAY], input="\n\n\n\n"
    )
    CliRunner().invoke(main, ["new", "goal", "Lead", "--vault", str(plain), "--today", DAY])
    assert (vault / "Goals/Lead.md").read_bytes() == (plain / "Goals/Lead.md").read_bytes()
