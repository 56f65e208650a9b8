"""Skill gaps from self-assessments, goals that address skills, feedback per goal, check-ins."""

from __future__ import annotations

from datetime import date

import pytest

from journal_tools.assessment import assessments
from journal_tools.errors import SettingsError
from journal_tools.model import Vault
from journal_tools.pipeline import analyze_vault, build
from journal_tools.render import make_environment
from journal_tools.settings import Settings, default_template_dir, parse_settings
from journal_tools.skills import (
    SkillGap,
    check_in,
    feedback,
    skill_gaps,
    skill_problems,
    skills_context,
    unaddressed,
)
from tests.conftest import TODAY, MakeVault

MARCH = """---
type: assessment
date: 2026-03-01
---
## Skills
- Cloud architecture [level:: 1] [needed:: 4]
- Public speaking [level:: 3] [needed:: 4]
"""

SEPTEMBER = """---
type: assessment
date: 2026-09-01
---
## Strengths
- Clear writing
## Weaknesses
- Delegating
## Interests
- Distributed systems
## Values
- Craft
## Skills
- Cloud architecture [level:: 2] [needed:: 4]
- Public speaking [level:: 3] [needed:: 4]
- Budgeting (level:: 1) (needed:: 4)
- Code review [level:: 4] [needed:: 4]
"""


def _goal(title: str, **fields: object) -> str:
    lines = ["---", "type: goal", f"title: {title}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    return "\n".join([*lines, "---", ""]) + "\n"


def _vault(make_vault: MakeVault, files: dict[str, str | bytes], today: date = TODAY) -> Vault:
    return analyze_vault(make_vault(files), today).vault


def _gaps(vault: Vault) -> tuple[SkillGap, ...]:
    return skill_gaps(assessments(vault)[0], vault.goals)


def _by_name(gaps: tuple[SkillGap, ...]) -> dict[str, SkillGap]:
    return {gap.skill.name: gap for gap in gaps}


SKILL_FILES: dict[str, str | bytes] = {
    "Self/Assessment 2026-03.md": MARCH,
    "Self/Assessment 2026-09.md": SEPTEMBER,
    "Goals/AWS.md": _goal("Earn the AWS certification", kind="skill", skills="[cloud ARCHITECTURE]"),
    "Goals/Talk.md": _goal("Give a talk on public speaking habits", kind="skill"),
    "Goals/Done talk.md": _goal("Public speaking course", kind="skill", status="done"),
    "Goals/Manager.md": _goal("Budgeting for managers", kind="role"),
}


def test_the_latest_assessment_wins_and_keeps_the_trend(make_vault: MakeVault) -> None:
    gaps = _by_name(_gaps(_vault(make_vault, SKILL_FILES)))
    cloud = gaps["Cloud architecture"]
    assert (cloud.skill.level, cloud.skill.needed, cloud.gap) == (2, 4, 2)
    assert cloud.path == "Self/Assessment 2026-09.md"
    assert cloud.trend == ((date(2026, 3, 1), 1), (date(2026, 9, 1), 2))
    assert gaps["Budgeting"].trend == ((date(2026, 9, 1), 1),)
    assert set(gaps) == {"Cloud architecture", "Public speaking", "Budgeting", "Code review"}


def test_the_latest_is_by_date_not_by_file_order(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {"A later name.md": MARCH, "An earlier name.md": SEPTEMBER}
    gaps = _by_name(_gaps(_vault(make_vault, files)))
    assert gaps["Cloud architecture"].path == "An earlier name.md"
    assert "Budgeting" in gaps


def test_largest_gap_first(make_vault: MakeVault) -> None:
    gaps = _gaps(_vault(make_vault, SKILL_FILES))
    assert [(g.skill.name, g.gap) for g in gaps] == [
        ("Budgeting", 3),
        ("Cloud architecture", 2),
        ("Public speaking", 1),
        ("Code review", 0),
    ]


def test_goals_address_skills_by_skills_key_and_by_title(make_vault: MakeVault) -> None:
    gaps = _by_name(_gaps(_vault(make_vault, SKILL_FILES)))
    assert [g.title for g in gaps["Cloud architecture"].goals] == ["Earn the AWS certification"]
    # by title, case-insensitively; the done goal and the role goal do not count
    assert [g.title for g in gaps["Public speaking"].goals] == ["Give a talk on public speaking habits"]
    assert gaps["Budgeting"].goals == ()


def test_a_skills_key_replaces_title_matching(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Self/A.md": SEPTEMBER,
        "Goals/G.md": _goal("Budgeting and public speaking", kind="skill", skills="Code review"),
    }
    gaps = _by_name(_gaps(_vault(make_vault, files)))
    assert [g.title for g in gaps["Code review"].goals] == ["Budgeting and public speaking"]
    assert gaps["Budgeting"].goals == ()
    assert gaps["Public speaking"].goals == ()


def test_unaddressed_skills_have_a_gap_and_no_goal(make_vault: MakeVault) -> None:
    gaps = _gaps(_vault(make_vault, SKILL_FILES))
    assert [g.skill.name for g in unaddressed(gaps)] == ["Budgeting"]


def test_a_bad_level_is_a_problem_with_its_line(make_vault: MakeVault) -> None:
    text = "---\ntype: assessment\ndate: 2026-09-01\n---\n## Skills\n- Cloud [level:: 2] [needed:: 4]\n"
    text += "- Kotlin [level:: 7] [needed:: 3]\n- Go [level:: high] [needed:: 3]\n"
    vault = _vault(make_vault, {"Self/A.md": text})
    problems = [p for p in skill_problems(vault) if p.severity == "error"]
    assert [(p.path, p.line) for p in problems] == [("Self/A.md", 7), ("Self/A.md", 8)]
    assert problems[0].message == "level:: expected a whole number from 1 to 5, got '7'"
    assert "got 'high'" in problems[1].message
    gaps = _by_name(_gaps(vault))
    assert gaps["Kotlin"].skill.level is None
    assert gaps["Kotlin"].gap is None
    assert [g.skill.name for g in _gaps(vault)] == ["Cloud", "Go", "Kotlin"]  # unknown gaps last


def test_feedback_is_listed_per_goal(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/Atlas project.md": _goal("Lead the Atlas project", kind="role"),
        "Feedback/Priya.md": (
            '---\ntype: feedback\ndate: 2026-10-30\nfrom: Priya (mentor)\ngoal: "[[atlas PROJECT]]"\n---\n'
            "Strong facilitation.\nSecond line.\n\nMore text.\n"
        ),
        "Feedback/Lee.md": (
            '---\ntype: feedback\ndate: 2026-11-06\nfrom: Lee\ngoal: "[[Atlas project|Atlas]]"\n---\n'
            "# From Lee\n\nWrite the decision record first.\n"
        ),
        "Feedback/Sam.md": "---\ntype: feedback\ndate: 2026-11-01\nfrom: Sam\n---\n## Notes\n- Good talk\n",
    }
    vault = _vault(make_vault, files)
    items, problems = feedback(vault)
    assert problems == ()
    assert [(f.path, f.goal, f.source) for f in items] == [
        ("Feedback/Lee.md", "Goals/Atlas project.md", "Lee"),
        ("Feedback/Sam.md", None, "Sam"),
        ("Feedback/Priya.md", "Goals/Atlas project.md", "Priya (mentor)"),
    ]
    assert items[0].summary == "Write the decision record first."
    groups = skills_context(vault, TODAY, Settings())["feedback"]
    assert isinstance(groups, list)
    assert [(g.title, g.path, [r.path for r in g.rows]) for g in groups] == [
        ("Lead the Atlas project", "Goals/Atlas project.md", ["Feedback/Lee.md", "Feedback/Priya.md"]),
        ("Not about a goal", "", ["Feedback/Sam.md"]),
    ]


def test_feedback_about_no_goal_is_a_warning(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Feedback/X.md": '---\ntype: feedback\ndate: 2026-10-30\ngoal: "[[Nowhere]]"\n---\n## A\n- text\n'
    }
    items, problems = feedback(_vault(make_vault, files))
    assert items[0].goal is None
    assert [(p.line, p.severity, p.message) for p in problems] == [
        (4, "warning", "goal: '[[Nowhere]]' leads to no note")
    ]


REFLECTION = "---\ntype: reflection\nrating: 4\n---\n## Highlights\n- ok\n"


def test_check_in_is_due_two_weeks_after_the_last_reflection(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Weekly/2026-W44.md": REFLECTION,
        "Weekly/2026-W45.md": REFLECTION,  # Sunday 2026-11-08
    }
    vault = _vault(make_vault, files)
    on_time = check_in(vault, TODAY, Settings())
    assert (on_time.last, on_time.path) == (date(2026, 11, 8), "Weekly/2026-W45.md")
    assert on_time.due == date(2026, 11, 22)
    assert not on_time.missed
    assert not check_in(vault, date(2026, 11, 22), Settings()).missed  # due today is not missed
    assert check_in(vault, date(2026, 11, 23), Settings()).missed
    weekly = parse_settings({"checkin_days": 7})
    assert check_in(vault, TODAY, weekly).missed  # due 2026-11-15


def test_check_in_uses_the_reflection_date_and_skips_future_weeks(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Weekly/2026-W43.md": "---\ntype: reflection\ndate: 2026-10-23\n---\n",  # a Friday of W43
        "Weekly/2026-W50.md": REFLECTION,  # not begun yet
    }
    checkin = check_in(_vault(make_vault, files), TODAY, Settings())
    assert (checkin.last, checkin.due, checkin.missed) == (date(2026, 10, 23), date(2026, 11, 6), True)


def test_no_reflection_no_check_in(make_vault: MakeVault) -> None:
    checkin = check_in(_vault(make_vault, {"a.md": "# nothing\n"}), TODAY, Settings())
    assert (checkin.last, checkin.due, checkin.missed, checkin.path) == (None, None, False, "")


def test_checkin_days_setting_is_checked() -> None:
    assert Settings().checkin_days == 14
    with pytest.raises(SettingsError, match="checkin_days: expected a whole number of at least 1"):
        parse_settings({"checkin_days": 0})


def _render(context: dict[str, object]) -> str:
    env = make_environment([default_template_dir()], sandboxed=False)
    return env.get_template("skills.md.j2").render(context)


def test_render_the_skills_sections(make_vault: MakeVault) -> None:
    files = dict(SKILL_FILES)
    files["Weekly/2026-W45.md"] = REFLECTION
    files["Goals/Pipe.md"] = _goal("Pipes | and <b>", kind="skill", skills="Cloud architecture")
    files["Feedback/F.md"] = (
        '---\ntype: feedback\ndate: 2026-11-01\nfrom: Dana\ngoal: "[[AWS]]"\n---\n'
        "## Notes\n- #tag a <b>bold</b> claim | with a pipe\n"
    )
    vault = _vault(make_vault, files)
    page = _render(skills_context(vault, TODAY, Settings()))
    assert "## Check-ins" in page
    assert "## Skill gaps" in page
    assert "## Feedback" in page
    assert "Next check-in due **2026-11-22** (in 2 days)" in page
    assert "**Missed:**" not in page
    assert "[[Self/Assessment 2026-09|Assessment 2026-09]] (2026-09-01), the latest of 2 assessments" in page
    table = [line for line in page.splitlines() if line.startswith("| ")]
    assert table[0] == "| Skill | Level | Needed | Gap | Trend | Goals |"
    cloud = next(line for line in table if line.startswith("| Cloud architecture |"))
    assert "| 2 | 4 | 2 | 1 → 2 (since 2026-03-01) |" in cloud
    assert "[[Goals/AWS\\|Earn the AWS certification]]" in cloud
    assert "[Pipes \\| and &lt;b>](<Goals/Pipe.md>)" in cloud
    for line in table:  # every row keeps its six columns
        assert line.replace("\\|", "").count("|") == 7, line
    assert "| Budgeting | 1 | 4 | 3 |  | none |" in page
    assert "- **Budgeting**: level 1, needed 4" in page
    assert "**Strengths:** Clear writing" in page
    assert "**Interests:** Distributed systems" in page
    assert "- 2026-11-01 · Dana: \\#tag a &lt;b>bold&lt;/b> claim | with a pipe · [[Feedback/F|F]]" in page
    assert "<b>" not in page
    assert "- [" not in page  # never a checkbox


def test_render_when_missed_and_empty(make_vault: MakeVault) -> None:
    vault = _vault(make_vault, {"Weekly/2026-W44.md": REFLECTION})
    page = _render(skills_context(vault, TODAY, Settings()))
    assert "**Missed:** the check-in due 2026-11-15 has not happened yet." in page
    assert "(5 days late)" in page
    assert "No self-assessment yet." in page
    assert "No feedback notes yet." in page


def test_render_without_reflections(make_vault: MakeVault) -> None:
    page = _render(skills_context(_vault(make_vault, {"a.md": "x\n"}), TODAY, Settings()))
    assert "No weekly reflection yet. Write one to start your check-ins (one every 14 days)." in page


def test_skill_problems_are_vault_problems(make_vault: MakeVault) -> None:
    text = "---\ntype: assessment\ndate: 2026-09-01\n---\n## Skills\n- Go [level:: 9] [needed:: 3]\n"
    vault = make_vault({"Self/A.md": text})
    result = build(vault, TODAY)
    assert "Self/A.md:6: level:: expected a whole number from 1 to 5, got '9'" in [
        str(p) for p in result.problems
    ]
    dashboard = (vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")
    assert "| Go | ? | 3 |  |  | none |" in dashboard
    assert "- Self/A.md:6: level\\:: expected a whole number from 1 to 5, got '9'" in dashboard


def test_skills_key_warnings(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Self/A.md": SEPTEMBER,
        "Goals/Role.md": _goal("Lead", kind="role", skills="Budgeting"),
        "Goals/Typo.md": _goal("Cloud", kind="skill", skills="[Cloud architcture, code REVIEW]"),
    }
    problems = skill_problems(_vault(make_vault, files))
    assert [(p.path, p.line, p.severity, p.message) for p in problems] == [
        ("Goals/Role.md", 5, "warning", "skills: only a goal of 'kind: skill' addresses skills"),
        ("Goals/Typo.md", 5, "warning", "skills: 'Cloud architcture' is not in the latest assessment"),
    ]
