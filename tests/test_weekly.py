"""The coaching sections of a weekly review, on vaults with known answers."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from journal_tools import weekly
from journal_tools.model import Goal
from journal_tools.pipeline import Session, build
from journal_tools.settings import Settings
from journal_tools.weekly import WeekIndex, WeekReview
from journal_tools.weeks import IsoWeek
from tests.conftest import TODAY, MakeVault


def _review(
    make_vault: MakeVault, files: dict[str, str | bytes], week: str, today: date = TODAY
) -> WeekReview:
    analysis = Session(make_vault(files)).analyze(today)
    summary = next(s for s in analysis.weeks if str(s.week) == week)
    return WeekIndex(analysis, Settings()).review(summary)


def _goal(title: str, *lines: str, body: str = "") -> str:
    return "\n".join(["---", "type: goal", f"title: {title}", *lines, "---", body]) + "\n"


def test_unchecked_next_steps_of_last_week_are_carried_forward(make_vault: MakeVault) -> None:
    last = "---\nweek: 2026-W46\n---\n## Next steps\n- [ ] call Ana\n- [x] book room\n- [/] draft memo\n- [-] dropped\n"
    review = _review(
        make_vault, {"W/2026-W46.md": last, "W/2026-W47.md": "---\nweek: 2026-W47\n---\n"}, "2026-W47"
    )
    assert [item.text for item in review.carried] == ["call Ana", "draft memo"]
    assert review.carried_from == "W/2026-W46.md"


def test_top_three_by_priority_then_date_then_goal_priority(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/High.md": _goal("High", "priority: high"),
        "Goals/Low.md": _goal("Low", "priority: low"),
        "tasks.md": (
            "- [ ] normal, early 📅 2026-11-23\n"
            "- [ ] high, late ⏫ 📅 2026-11-29\n"
            "- [ ] high, early ⏫ 📅 2026-11-24\n"
            "- [ ] normal for low goal [[Low]] 📅 2026-11-23\n"
            "- [ ] normal for high goal [[High]] 📅 2026-11-23\n"
            "- [ ] far away ⏫ 📅 2026-12-20\n"
            "- [x] done already ⏫ 📅 2026-11-23 ✅ 2026-11-18\n"
            "- [ ] scheduled ⏳ 2026-11-26\n"
        ),
    }
    review = _review(make_vault, files, "2026-W47")
    assert [p.task.text for p in review.priorities] == [
        "high, early",
        "high, late",
        "normal for high goal [[High]]",
    ]
    assert [p.task.text for p in review.scheduled] == ["scheduled"]


def test_a_goal_behind_its_pace_is_at_risk_with_the_projected_date(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal(
            "G", "start: 2026-10-01", "due: 2026-12-31", "target: 100", body="- 2026-11-10 [current:: 20]\n"
        ),
        "Goals/OK.md": _goal(
            "OK", "start: 2026-10-01", "due: 2026-12-31", "target: 10", body="- 2026-11-10 [current:: 8]\n"
        ),
        "Goals/Flat.md": _goal(
            "Flat", "start: 2026-10-01", "due: 2026-12-31", "target: 10", body="- 2026-11-10 [current:: 0]\n"
        ),
    }
    review = _review(make_vault, files, "2026-W47")
    risks = {r.goal.title: r for r in review.at_risk}
    # 20 in 40 days is 0.5 a day; 80 more take 160 days from 2026-11-10
    assert risks["G"].projected == date(2027, 4, 19)
    assert risks["Flat"].projected is None
    assert risks["Flat"].reason == "no progress toward the target since 2026-10-01"
    assert "OK" not in risks


def test_goal_movement_this_week_from_measurements(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal(
            "G",
            "start: 2026-10-01",
            "target: 10",
            body="- 2026-11-10 [current:: 2]\n- 2026-11-18 [current:: 5]\n",
        ),
        "Goals/Still.md": _goal(
            "Still", "start: 2026-10-01", "target: 10", body="- 2026-11-10 [current:: 4]\n"
        ),
    }
    moves = {m.goal.title: m for m in _review(make_vault, files, "2026-W47").goals}
    assert (moves["G"].before, moves["G"].after, moves["G"].measurements, moves["G"].moved) == (2, 5, 1, True)
    assert (moves["Still"].before, moves["Still"].after, moves["Still"].moved) == (4, 4, False)


def test_one_accountability_update_per_partner(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/A.md": _goal("A", "partner: Dana"),
        "Goals/B.md": _goal("B", "partner: Priya"),
        "Goals/C.md": _goal("C", "partner: Dana"),
        "2026-11-18.md": "- [x] did A [[A]]\n- [ ] next for B [[B]] 📅 2026-11-25\n",
        "W/2026-W47.md": "---\nweek: 2026-W47\n---\n## Tough spots\n- stuck on the budget\n",
    }
    review = _review(make_vault, files, "2026-W47")
    assert [(u.partner, [g.goal.title for g in u.goals]) for u in review.partners] == [
        ("Dana", ["A", "C"]),
        ("Priya", ["B"]),
    ]
    dana, priya = review.partners
    assert [p.task.text for p in dana.done] == ["did A [[A]]"]
    assert [p.task.text for p in priya.next] == ["next for B [[B]]"]
    assert [i.text for i in dana.help] == ["stuck on the budget"]


def test_a_past_weeks_page_does_not_change_with_today(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal(
            "G",
            "start: 2026-10-01",
            "due: 2026-12-31",
            "target: 10",
            "partner: Dana",
            body="- 2026-11-10 [current:: 2]\n",
        ),
        "W/2026-W46.md": "---\nweek: 2026-W46\nrating: 3\n---\n## Next steps\n- [ ] a\n",
        "2026-11-12.md": "- [ ] open [[G]] 📅 2026-11-13\n- [x] done [[G]]\n",
    }
    vault = make_vault(files)
    build(vault, TODAY)
    page = (vault / "Reviews/Weekly/2026-W46.md").read_bytes()
    build(vault, date(2026, 12, 24))
    assert (vault / "Reviews/Weekly/2026-W46.md").read_bytes() == page


def test_a_week_without_reflection_asks_the_questions_and_says_where(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Journal/Weekly/2026-W46.md": "---\nrating: 4\n---\n",
        "2026-11-18.md": "- [x] t\n",
    }
    vault = make_vault(files)
    build(vault, TODAY)
    page = (vault / "Reviews/Weekly/2026-W47.md").read_text(encoding="utf-8")
    assert "Write it at `Journal/Weekly/2026-W47.md` with `type: reflection` and `week: 2026-W47`" in page
    assert "- **Tough spots**: what was hard?" in page
    assert str(IsoWeek.of(TODAY)) == "2026-W47"


def _goal_of(start: date | None, status: str, done_on: date | None) -> Goal:
    return Goal(
        "Goals/g.md", "g", "short", "outcome", status, start, None, None, None, None, None, None, None,
        done_on, None, None, "normal", None, (), 1.0, (),
    )  # fmt: skip


@given(
    st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2026, 12, 31))),
    st.sampled_from(["active", "done", "dropped", "paused"]),
    st.one_of(st.none(), st.dates(date(2026, 1, 1), date(2026, 12, 31))),
    st.dates(date(2026, 1, 1), date(2026, 12, 31)),
)
def test_a_goal_is_in_play_in_the_weeks_the_pages_say(
    start: date | None, status: str, done_on: date | None, day: date
) -> None:
    week = IsoWeek.of(day)
    first, last = weekly._play_span(_goal_of(start, status, done_on))
    started = start is None or start <= week.sunday
    pursued = status == "active" or (status == "done" and done_on is not None and done_on >= week.monday)
    assert (first <= week.sunday.toordinal() and last >= week.monday.toordinal()) == (started and pursued)


def test_what_slipped_in_the_week_of_today_was_due_before_today(make_vault: MakeVault) -> None:
    vault = make_vault({"2026-11-16.md": "- [ ] call Ana 📅 2026-11-17\n"})
    page = vault / "Reviews/Weekly/2026-W47.md"
    session = Session(vault)  # a watcher's: the week's page is kept between builds
    session.build(date(2026, 11, 20))  # the Friday of 2026-W47
    assert "Due this week before today and not done yet:" in page.read_text(encoding="utf-8")
    session.build(date(2026, 11, 23))  # the Monday after: the week is over
    assert "Due this week and not done by its end:" in page.read_text(encoding="utf-8")


def test_a_reflection_with_empty_sections_is_said_to_have_nothing_written(make_vault: MakeVault) -> None:
    reflection = "---\ntype: reflection\nweek: 2026-W47\n---\n## Highlights\n\n## Lessons\n\n## Wins\n"
    vault = make_vault({"W/2026-W47.md": reflection})
    build(vault, TODAY)
    page = (vault / "Reviews/Weekly/2026-W47.md").read_text(encoding="utf-8")
    assert "The reflection [[W/2026-W47|2026-W47]] has nothing written under Highlights" in page
