"""Monthly and quarterly reviews, on vaults with known answers."""

from __future__ import annotations

from datetime import date
from typing import Any

from journal_tools.analysis import Analysis
from journal_tools.pages import Page, PageCache, plan_pages
from journal_tools.period_pages import PeriodCache, plan_period_pages
from journal_tools.periods import PeriodSummary, summarize_months, summarize_quarters
from journal_tools.pipeline import analyze_vault, build
from journal_tools.render import Renderer
from journal_tools.settings import Settings
from journal_tools.tough_spots import terms
from journal_tools.weeks import IsoWeek, Period
from tests.conftest import TODAY, MakeVault


def _goal(title: str, *lines: str, body: str = "") -> str:
    return "\n".join(["---", "type: goal", f"title: {title}", *lines, "---", body]) + "\n"


def _reflection(week: str, *lines: str, rating: int | None = None) -> str:
    front = ["---", "type: reflection", f"week: {week}"] + ([f"rating: {rating}"] if rating else [])
    return "\n".join([*front, "---", *lines]) + "\n"


def _analyze(make_vault: MakeVault, files: dict[str, str | bytes], today: date = TODAY) -> Analysis:
    return analyze_vault(make_vault(files), today)


def _by_name(summaries: tuple[PeriodSummary, ...]) -> dict[str, PeriodSummary]:
    return {str(s.period): s for s in summaries}


def _contexts(analysis: Analysis) -> dict[str, dict[str, Any]]:
    return {page.path: dict(page.values()) for page in plan_period_pages(analysis, Settings())}


def test_a_plan_counts_the_pages_it_yields_with_or_without_a_cache(make_vault: MakeVault) -> None:
    analysis = _analyze(
        make_vault,
        {
            "Goals/G.md": _goal("G", "start: 2026-08-01", "target: 4", body="- 2026-09-10 [current:: 2]\n"),
            "W/2026-W40.md": _reflection("2026-W40", rating=4),
            "W/2026-W45.md": _reflection("2026-W45", rating=3),
        },
    )
    plans = [
        (plan_pages(analysis, Settings(), PageCache()), plan_pages(analysis, Settings())),
        (plan_period_pages(analysis, Settings(), PeriodCache()), plan_period_pages(analysis, Settings())),
    ]
    for with_cache, without in plans:
        pages = list(with_cache)
        assert len(with_cache) == len(pages) > 2
        assert [p.path for p in without] == [p.path for p in pages]


def test_periods_name_their_days_and_shift_across_years() -> None:
    october = Period.containing(date(2026, 10, 31), 1)
    assert (str(october), october.first, october.last) == ("2026-10", date(2026, 10, 1), date(2026, 10, 31))
    assert str(october.shift(3)) == "2027-01"
    q1 = Period.containing(date(2026, 2, 28), 3)
    assert (str(q1), q1.first, q1.last) == ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31))
    assert str(q1.shift(-1)) == "2025-Q4"
    assert date(2026, 3, 31) in q1
    assert date(2026, 4, 1) not in q1


def test_month_boundaries_by_own_dates_and_weeks_by_their_thursday(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Daily/2026-10-31.md": "- [x] late on Saturday night\n",
        "tasks.md": "- [x] on Sunday ✅ 2026-11-01\n",
        "W/2026-W44.md": _reflection("2026-W44", "## Lessons", "- a lesson of W44", rating=3),
    }
    months = _by_name(summarize_months(_analyze(make_vault, files)))
    assert list(months) == ["2026-10", "2026-11"]
    october, november = months["2026-10"], months["2026-11"]
    assert (october.done, november.done) == (1, 1)
    # 2026-W44 runs from Oct 26 to Nov 1; its Thursday, Oct 29, puts it in October
    assert IsoWeek(2026, 44) in october.weeks
    assert IsoWeek(2026, 44) not in november.weeks
    assert [e.title for e in october.lessons] == ["a lesson of W44"]
    assert november.lessons == ()
    assert [w for w, _ in october.ratings] == [IsoWeek(2026, w) for w in (40, 41, 42, 43, 44)]
    # November's weeks go up to the current week only
    assert [w for w, _ in november.ratings] == [IsoWeek(2026, w) for w in (45, 46, 47)]
    assert (october.current, november.current) == (False, True)


def test_no_period_after_the_current_one(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {"tasks.md": "- [x] planned ahead ✅ 2027-01-05\n"}
    # Monday 2026-11-30: its week (Thursday 2026-12-03) belongs to December, which is not here yet
    analysis = _analyze(make_vault, files, date(2026, 11, 30))
    assert [str(s.period) for s in summarize_months(analysis)] == ["2026-11"]
    assert [str(s.period) for s in summarize_quarters(analysis)] == ["2026-Q4"]


def test_metric_change_over_a_month_from_measurements(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/Talks.md": _goal(
            "Talks",
            "start: 2026-09-01",
            "target: 10",
            "unit: talks",
            body="- 2026-09-20 [current:: 2]\n- 2026-10-05 [current:: 4]\n- 2026-10-25 [current:: 5]\n",
        ),
        "Goals/Late.md": _goal("Late", "start: 2026-10-10", "baseline: 1", "target: 5"),
        "Goals/Idle.md": _goal("Idle", "start: 2026-09-01"),
        "Daily/2026-10-12.md": "- [x] rehearsed [[Talks]]\n",
    }
    analysis = _analyze(make_vault, files)
    october = _by_name(summarize_months(analysis))["2026-10"]
    talks, late, idle = (
        next(g for g in october.goals if g.goal.title == t) for t in ("Talks", "Late", "Idle")
    )
    assert (talks.opening, talks.closing, talks.measurements, len(talks.done)) == (2, 5, 2, 1)
    assert (talks.progress(talks.opening), talks.progress(talks.closing)) == (0.2, 0.5)
    assert (late.opening, late.closing, late.moved) == (1, 1, False)  # the baseline from its start
    assert (idle.opening, idle.closing, idle.moved) == (None, None, False)
    context = _contexts(analysis)["Monthly/2026-10.md"]
    move = next(m for m in context["moves"] if m.title == "Talks")
    assert (move.metric, move.progress, move.source) == (
        "2 talks → 5 talks",
        "20% → 50% (+30)",
        "2 measurements this month",
    )
    assert context["moved_count"] == 1
    assert [r.title for r in context["still"]] == ["Idle", "Late"]
    november = _by_name(summarize_months(analysis))["2026-11"]
    assert next(g for g in november.goals if g.goal.title == "Talks").opening == 5


def test_lessons_are_gathered_from_the_months_reflections(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "W/2026-W45.md": _reflection("2026-W45", "## Lessons", "- first #focus", "- second"),
        "W/2026-W46.md": _reflection("2026-W46", "## Learnings", "- third"),
        "W/2026-W40.md": _reflection("2026-W40", "## Lessons", "- in October"),
    }
    analysis = _analyze(make_vault, files)
    november = _by_name(summarize_months(analysis))["2026-11"]
    assert [(str(e.week), e.title, e.path) for e in november.lessons] == [
        ("2026-W45", "first #focus", "W/2026-W45.md"),
        ("2026-W45", "second", "W/2026-W45.md"),
        ("2026-W46", "third", "W/2026-W46.md"),
    ]
    quarter = _by_name(summarize_quarters(analysis))["2026-Q4"]
    assert [e.title for e in quarter.lessons] == ["in October", "first #focus", "second", "third"]


def test_rating_trend_compares_with_the_previous_month(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "W/2026-W40.md": _reflection("2026-W40", rating=2),
        "W/2026-W41.md": _reflection("2026-W41", rating=4),
        "W/2026-W45.md": _reflection("2026-W45", rating=5),
        "W/2026-W46.md": _reflection("2026-W46", rating=4),
    }
    analysis = _analyze(make_vault, files)
    november = _by_name(summarize_months(analysis))["2026-11"]
    assert [(str(w), r.rating if r else None) for w, r in november.ratings] == [
        ("2026-W45", 5),
        ("2026-W46", 4),
        ("2026-W47", None),
    ]
    assert november.previous_ratings == (2, 4)
    context = _contexts(analysis)["Monthly/2026-11.md"]
    assert (context["spark"], context["average"], context["previous_average"]) == ("█▆·", "4.5", "3")
    assert [(r.rating, r.spark) for r in context["ratings"]] == [(5, "█"), (4, "▆"), (None, "·")]
    assert (context["rating_change"], context["previous_month"]) == ("+1.5", "October 2026")
    assert context["previous_month_page"] == "Reviews/Monthly/2026-10"


def test_quarterly_roll_up_across_a_year_boundary(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal(
            "G",
            "start: 2025-11-01",
            "target: 10",
            body="- 2025-12-15 [current:: 3]\n- 2026-02-01 [current:: 6]\n",
        ),
        "tasks.md": "- [x] last of the year [[G]] ✅ 2025-12-31\n- [x] first of the year [[G]] ✅ 2026-01-01\n",
    }
    analysis = _analyze(make_vault, files)
    quarters = _by_name(summarize_quarters(analysis))
    assert list(quarters) == ["2025-Q4", "2026-Q1", "2026-Q4"]
    q4, q1 = quarters["2025-Q4"], quarters["2026-Q1"]
    g4, g1 = q4.goals[0], q1.goals[0]
    assert ([p.task.text for p in g4.done], g4.opening, g4.closing) == (["last of the year [[G]]"], 0, 3)
    assert ([p.task.text for p in g1.done], g1.opening, g1.closing) == (["first of the year [[G]]"], 3, 6)
    # 2026-W01 runs from 2025-12-29 to 2026-01-04: its Thursday is New Year's Day
    assert (q4.weeks, q1.weeks[0]) == ((IsoWeek(2025, 51),), IsoWeek(2026, 1))
    assert [str(g.title) for g in q4.started] == ["G"]
    contexts = _contexts(analysis)
    assert contexts["Quarterly/2025-Q4.md"]["next"] == "Reviews/Quarterly/2026-Q1"
    assert contexts["Quarterly/2026-Q1.md"]["previous_label"] == "Q4 2025"
    assert contexts["Quarterly/2026-Q1.md"]["months"] == [
        ("January 2026", "Reviews/Monthly/2026-01"),
        ("February 2026", "Reviews/Monthly/2026-02"),
    ]
    assert "Monthly/2025-12.md" in contexts


def test_terms_are_lower_cased_long_words_and_tags() -> None:
    text = "Overtime AGAIN on Thu, 2026-11-15 #Stress [[Reduce overtime]] [current:: 45] don't"
    assert terms(text) == {"overtime", "#stress", "reduce"}


def test_recurring_tough_spots_across_weeks(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "W/2026-W44.md": _reflection("2026-W44", "## Tough spots", "- Overtime again on Thursday #stress"),
        "W/2026-W45.md": _reflection("2026-W45", "## Challenges", "- overtime crept up", "- More overtime"),
        "W/2026-W46.md": _reflection("2026-W46", "## Tough spots", "- Skipped the gym #Stress"),
        "W/2026-W38.md": _reflection("2026-W38", "## Tough spots", "- Thursday fire drill"),
    }
    analysis = _analyze(make_vault, files)
    q4 = _by_name(summarize_quarters(analysis))["2026-Q4"]
    assert [(s.term, [str(w) for w in s.weeks]) for s in q4.tough_spots] == [
        ("#stress", ["2026-W44", "2026-W46"]),
        ("overtime", ["2026-W44", "2026-W45"]),
    ]
    group = _contexts(analysis)["Quarterly/2026-Q4.md"]["tough_spots"][1]
    assert [(r.title, r.path) for r in group.rows] == [
        ("2026-W44", "Reviews/Weekly/2026-W44"),
        ("2026-W45", "Reviews/Weekly/2026-W45"),
    ]


def test_goals_started_done_and_dropped_in_a_quarter(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/New.md": _goal("New", "start: 2026-10-05"),
        "Goals/Finished.md": _goal("Finished", "start: 2026-07-01", "status: done", "done: 2026-11-02"),
        "Goals/Earlier.md": _goal("Earlier", "start: 2026-07-01", "status: done", "done: 2026-08-01"),
        "Goals/Dropped.md": _goal("Dropped", "start: 2026-07-15", "status: dropped"),
        "Goals/Forgotten.md": _goal(
            "Forgotten", "start: 2026-08-03", "status: dropped", "updated: 2026-08-20"
        ),
        "tasks.md": "- [x] one last try [[Dropped]] ✅ 2026-10-10\n",
    }
    quarters = _by_name(summarize_quarters(_analyze(make_vault, files)))
    q3, q4 = quarters["2026-Q3"], quarters["2026-Q4"]
    assert [g.title for g in q4.started] == ["New"]
    assert [g.title for g in q4.finished] == ["Finished"]
    assert [g.title for g in q4.dropped] == ["Dropped"]  # no done or updated date: the current quarter
    assert sorted(g.title for g in q3.started) == ["Dropped", "Earlier", "Finished", "Forgotten"]
    assert [g.title for g in q3.finished] == ["Earlier"]
    assert [g.title for g in q3.dropped] == ["Forgotten"]
    assert [c.goal.title for c in q4.goals] == ["New", "Finished", "Dropped"]  # Dropped moved in Q4


def test_reassess_prompts_with_smart_gaps(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/Vague.md": _goal("Vague", "start: 2026-10-01"),
        "Goals/Solid.md": _goal(
            "Solid",
            "start: 2026-10-01",
            "metric: posts",
            "target: 10",
            "due: 2026-12-31",
            "why: to be known for it",
            body="- 2026-11-02 [current:: 3]\n- [ ] write\n",
        ),
        "Goals/Later.md": _goal("Later", "start: 2026-10-01", "due: 2027-01-30", "why: w", "horizon: long"),
        "Goals/Unmeasured.md": _goal(
            "Unmeasured", "metric: talks", "target: 3", body="- [x] a talk ✅ 2026-11-03\n"
        ),
    }
    context = _contexts(_analyze(make_vault, files))["Quarterly/2026-Q4.md"]
    prompts = {p.title: p for p in context["reassess"]}
    assert prompts["Vague"].why == ""
    assert prompts["Vague"].timeline == "no due date"
    assert (
        prompts["Vague"].progress
        == "no metric to measure; 0 tasks done and 0 milestones reached this quarter"
    )
    assert [gap.split(" ")[0] for gap in prompts["Vague"].gaps] == ["S", "M", "A", "R", "T"]
    assert prompts["Solid"].timeline == "due 2026-12-31, within the quarter"
    assert prompts["Solid"].progress == "30% done so far (3, target 10)"
    assert prompts["Solid"].gaps == ()
    assert prompts["Later"].timeline == "due 2027-01-30, 30 days after the quarter's end"
    assert prompts["Unmeasured"].progress == (  # neither a start (with its baseline) nor a value
        "no value of its metric yet; 1 task done and 0 milestones reached this quarter"
    )


def test_a_past_month_does_not_change_with_today(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal("G", "start: 2026-09-01", "target: 10", body="- 2026-10-05 [current:: 4]\n"),
        "W/2026-W41.md": _reflection("2026-W41", "## Wins", "- shipped", rating=4),
        "tasks.md": "- [x] done [[G]] ✅ 2026-10-07\n- [x] later [[G]] ✅ 2026-12-10\n",
        "Daily/2026-11-03.md": "- [[G]] [current:: 6]\n",
    }
    vault = make_vault(files)
    now = {s.period: s for s in summarize_months(analyze_vault(vault, TODAY))}
    later = {s.period: s for s in summarize_months(analyze_vault(vault, date(2027, 3, 1)))}
    october = Period(2026, 10, 1)
    assert now[october] == later[october]
    page_now = _contexts(analyze_vault(vault, TODAY))["Monthly/2026-10.md"]
    page_later = _contexts(analyze_vault(vault, date(2027, 3, 1)))["Monthly/2026-10.md"]
    assert page_now == page_later


def test_wins_of_the_month(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/G.md": _goal(
            "G", "status: done", "done: 2026-11-04", body="## Milestones\n- [x] M1 ✅ 2026-11-02\n"
        ),
        "tasks.md": "- [x] big deal #win ✅ 2026-11-03\n- [x] routine ✅ 2026-11-03\n- [x] old #win ✅ 2026-10-30\n",
        "W/2026-W45.md": _reflection("2026-W45", "## Wins", "- shipped it"),
    }
    november = _by_name(summarize_months(_analyze(make_vault, files)))["2026-11"]
    assert [(w.kind, w.title) for w in november.wins] == [
        ("milestone reached", "M1"),
        ("win", "big deal #win"),
        ("goal done", "G"),
        ("wins", "shipped it"),
    ]


def _render(make_vault: MakeVault, files: dict[str, str | bytes], today: date = TODAY) -> dict[str, str]:
    vault = make_vault(files)
    renderer = Renderer(vault)
    pages: dict[str, str] = {}
    for page in plan_period_pages(analyze_vault(vault, today), Settings()):
        assert isinstance(page, Page)
        text, problems = renderer.render(page)
        assert problems == []
        pages[page.path] = text
    return pages


def test_pages_render_with_the_expected_lines(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/Pipe.md": _goal(
            "A | B goal", "start: 2026-10-01", "target: 4", "unit: posts", body="- 2026-11-10 [current:: 2]\n"
        ),
        "W/2026-W45.md": _reflection(
            "2026-W45",
            "## Tough spots",
            "- deadline crunch #deadline",
            "## Lessons",
            "- [ ] try mornings #focus",
            "## Wins",
            "- [x] shipped",
            rating=4,
        ),
        "W/2026-W46.md": _reflection("2026-W46", "## Tough spots", "- another deadline #deadline", rating=3),
        "W/2026-W44.md": _reflection("2026-W44", rating=2),
    }
    pages = _render(make_vault, files)
    assert sorted(pages) == ["Monthly/2026-10.md", "Monthly/2026-11.md", "Quarterly/2026-Q4.md"]
    monthly = pages["Monthly/2026-11.md"]
    assert monthly.startswith("# November 2026\n\n2026-11-01 to 2026-11-30 (so far, as of 2026-11-20) · ")
    assert "[[Reviews/Monthly/2026-10|← October 2026]] · [[Reviews/Dashboard|Dashboard]]" in monthly
    assert "[[Reviews/Quarterly/2026-Q4|Q4 2026]]" in monthly
    assert "[[Reviews/Weekly/2026-W45|2026-W45]] · [[Reviews/Weekly/2026-W46|2026-W46]]" in monthly
    assert (
        "| [A \\| B goal](<Goals/Pipe.md>) | 0 posts → 2 posts | `█████░░░░░` 0% → 50% (+50) | 0 | 0 | moved"
        in monthly
    )
    assert "- 2026-W45 · try mornings \\#focus · [[W/2026-W45|2026-W45]]" in monthly
    assert "- 2026-W45 · shipped · from the reflection · [[W/2026-W45|2026-W45]]" in monthly
    assert "`▆▄·` 3 weeks, 2026-W45 to 2026-W47; average **3.5** over 2 rated weeks." in monthly
    assert "[[Reviews/Monthly/2026-10|October 2026]]: average **2** (+1.5 this month)." in monthly
    assert "**no why written**" in monthly
    quarterly = pages["Quarterly/2026-Q4.md"]
    assert quarterly.startswith("# Q4 2026\n\n2026-10-01 to 2026-12-31 (so far, as of 2026-11-20) · ")
    assert (
        "Monthly reviews: [[Reviews/Monthly/2026-10|October 2026]] · [[Reviews/Monthly/2026-11|November 2026]]"
        in quarterly
    )
    assert "- [A | B goal](<Goals/Pipe.md>) · started 2026-10-01" in quarterly
    assert "No goal was dropped in this quarter." in quarterly
    assert (
        "- **deadline** in 2 weeks: [[Reviews/Weekly/2026-W45|2026-W45]], [[Reviews/Weekly/2026-W46|2026-W46]]"
        in quarterly
    )
    assert "- **\\#deadline** in 2 weeks: " in quarterly
    assert "- **Still relevant?** No `why:` written: why does this goal matter to you now?" in quarterly
    assert (
        "- **Is the timeline realistic?** no due date; 50% done so far (2 posts, target 4 posts)."
        in quarterly
    )
    assert "  - T (Time-bound): add `due:` (YYYY-MM-DD)" in quarterly
    for text in pages.values():
        assert "- [ ]" not in text
        assert "- [x]" not in text
        assert "\n\n\n" not in text


def test_the_current_month_and_quarter_always_have_a_page(make_vault: MakeVault) -> None:
    pages = _render(make_vault, {"note.md": "nothing dated\n"})
    assert sorted(pages) == ["Monthly/2026-11.md", "Quarterly/2026-Q4.md"]
    monthly, quarterly = pages["Monthly/2026-11.md"], pages["Quarterly/2026-Q4.md"]
    for line in (
        "Weekly reviews: [[Reviews/Weekly/2026-W47|2026-W47]]",
        "No goal was in play this month.",
        "None recorded. Tag a done task `#win` or list them under **Wins** in the weekly reflections.",
        "No lessons written in this month's reflections.",
        "No week of this month is rated yet: add `rating:` (1 to 5) to the weekly reflections.",
        "No active goal was in play this month.",
    ):
        assert f"\n{line}\n" in monthly
    for line in (
        "No goal has a `start:` date in this quarter.",
        "No goal was marked done (`status: done` with a `done:` date) in this quarter.",
        "No goal was dropped in this quarter.",
        "No goal was in play this quarter.",
        "No lessons written in this quarter's reflections.",
        "No word or tag comes back in the Tough spots of two or more weeks.",
        "No active goal was in play this quarter.",
    ):
        assert f"\n{line}\n" in quarterly


def test_feedback_is_listed_in_the_month_and_quarter_of_its_date(make_vault: MakeVault) -> None:
    files: dict[str, str | bytes] = {
        "Goals/Atlas.md": _goal("Lead Atlas", "start: 2026-09-01"),
        "Feedback/priya.md": '---\ntype: feedback\ndate: 2026-10-30\nfrom: Priya\ngoal: "[[Atlas]]"\n---\n## Notes\nWrite the decision record first.\n',
    }
    vault = make_vault(files)
    build(vault, TODAY)
    line = "- 2026-10-30 · Priya: Write the decision record first. · [[Goals/Atlas|Lead Atlas]] · [[Feedback/priya|priya]]"
    assert line in (vault / "Reviews/Monthly/2026-10.md").read_text(encoding="utf-8")
    assert line in (vault / "Reviews/Quarterly/2026-Q4.md").read_text(encoding="utf-8")
    assert "No feedback notes dated in this month." in (vault / "Reviews/Monthly/2026-11.md").read_text(
        encoding="utf-8"
    )
