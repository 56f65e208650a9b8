"""Chart data (gantt, rating and done-per-week lines, metric lines, streak, heatmap) and Mermaid escaping."""

from __future__ import annotations

import re
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from journal_tools.charts import heatmap, streak
from journal_tools.escape import mermaid
from journal_tools.model import Reflection
from journal_tools.pipeline import build
from journal_tools.settings import parse_settings
from journal_tools.weeks import IsoWeek
from tests.conftest import TODAY

HOSTILE = Path(__file__).resolve().parent / "fixtures" / "hostile_vault"
_RAW = re.compile(r'[#:;"%<>`{}\[\]\\|&]')
"""A character that may not stand raw in a gantt name or a quoted label, outside an entity code."""


def _raw(escaped: str) -> re.Match[str] | None:
    """Find a raw Mermaid character once the entity codes are taken out."""
    return _RAW.search(re.sub(r"#\d+;", "", escaped))


@pytest.mark.parametrize(
    "title",
    [
        'Q3: lead "Atlas"; #1',
        "%%{init: {'theme': 'dark'}}%% hi",
        "a #58; literal entity",
        "<script>alert(1)</script>",
        'x-axis ["a", "b"] --> 3',
        "line1\nline2\r\n  line3",
        "C# & F#; 100%",
        "back\\slash `code` | pipe",
    ],
)
def test_hostile_text_leaves_no_raw_mermaid_syntax(title: str) -> None:
    escaped = mermaid(title)
    assert "\n" not in escaped
    assert "\r" not in escaped
    assert _raw(escaped) is None, escaped
    decoded = re.sub(r"#(\d+);", lambda m: chr(int(m.group(1))), escaped)
    assert decoded == " ".join(title.split())


def test_the_example_title_becomes_entity_codes() -> None:
    assert mermaid('Q3: lead "Atlas"; #1') == "Q3#58; lead #34;Atlas#34;#59; #35;1"


@pytest.mark.parametrize(
    "title",
    ["section A", "Title page", "click me", "dateFormat X", "2026-12-01 launch", "todayMarker off", "gantt"],
)
def test_a_leading_keyword_or_date_is_not_read_as_a_statement(title: str) -> None:
    escaped = mermaid(title)
    assert re.match(r"#\d+;", escaped), escaped
    assert escaped[escaped.index(";") + 1 :] == title[1:]
    assert mermaid(title, quoted=True) == title.replace(":", "#58;")  # inside quotes, no statement


def test_plain_titles_stay_readable_and_empty_text_is_a_space() -> None:
    assert mermaid("Earn the AWS certification") == "Earn the AWS certification"
    assert mermaid("  ") == "#32;"


def _reflection(week: IsoWeek) -> Reflection:
    return Reflection(week, 3, f"Journal/Weekly/{week}.md", {})


def test_the_streak_counts_back_from_this_week_or_last_week() -> None:
    this = IsoWeek.of(TODAY)
    by_week = {this.shift(-n): _reflection(this.shift(-n)) for n in (1, 2, 3, 5)}
    assert streak(this, by_week).weeks == 3  # this week is still open: it counts from last week
    assert (streak(this, by_week).first, streak(this, by_week).last) == ("2026-W44", "2026-W46")
    by_week[this] = _reflection(this)
    assert streak(this, by_week).weeks == 4
    assert streak(this.shift(3), by_week).weeks == 0


def test_the_heatmap_has_a_row_per_weekday_and_leaves_the_future_blank() -> None:
    weeks = [IsoWeek.of(TODAY).shift(n) for n in (-1, 0)]
    days = Counter({date(2026, 11, 9): 1, date(2026, 11, 17): 2, date(2026, 11, 19): 5})
    lines = heatmap(weeks, days, TODAY)
    assert lines[0] == "    46 47"
    assert lines[1:8] == ("Mon ▒▒ ░░", "Tue ░░ ▓▓", "Wed ░░ ░░", "Thu ░░ ██", "Fri ░░ ░░", "Sat ░░", "Sun ░░")
    assert "nothing" in lines[-1]


def _build(tmp_path: Path, settings: str = "") -> str:
    vault = tmp_path / "hostile"
    shutil.copytree(HOSTILE, vault)
    if settings:
        (vault / ".journal-tools.toml").write_text(settings, encoding="utf-8")
    assert build(vault, TODAY).errors == 0
    return (vault / "Reviews" / "Dashboard.md").read_text(encoding="utf-8")


def test_the_dashboard_draws_a_gantt_with_done_and_overdue_milestones(tmp_path: Path) -> None:
    page = _build(tmp_path)
    gantt = page.split("\ngantt\n", 1)[1].split("```", 1)[0]
    assert "    #83;ection#58; kickoff#59; #35;2 #34;done#34; :done, 2026-09-01, 2026-10-01\n" in gantt
    assert "    #116;itle Sign-off#58; #37;#37; late #37;#37; :crit, 2026-10-01, 2026-11-13\n" in gantt
    for line in gantt.splitlines()[3:]:
        name = line.strip().removeprefix("section ").split(" :")[0]
        assert _raw(name) is None, line
    assert page.count("\nxychart-beta\n") == 2
    assert "Reflection streak: **3 weeks**" in page


def test_charts_false_turns_every_mermaid_block_off(tmp_path: Path) -> None:
    page = _build(tmp_path, "charts = false\n")
    assert "```mermaid" not in page
    assert "Reflection streak" in page
    assert "Mon ░░" in page
    assert "`█" in page
    assert "`·····▄▆█` 8 weeks" in page  # the ratings' sparkline, and a sparkline cell beside each rating:
    assert "| 2026-W44 | · |\n| 2026-W45 | `▄` [[Journal/Weekly/2026-W45\\|3 · steady]] |\n" in page
    assert "| 2026-W47 | `█` [[Journal/Weekly/2026-W47\\|5 · thriving]] |\n" in page
    weekly = (tmp_path / "hostile" / "Reviews" / "Weekly" / "2026-W47.md").read_text(encoding="utf-8")
    assert "```mermaid" not in weekly


def test_a_weekly_page_charts_each_goal_with_two_measurements(tmp_path: Path) -> None:
    _build(tmp_path)
    weekly = (tmp_path / "hostile" / "Reviews" / "Weekly" / "2026-W46.md").read_text(encoding="utf-8")
    assert weekly.count("\nxychart-beta\n") == 2
    assert '    x-axis ["2026-11-02", "2026-11-09"]\n    y-axis "teams#59; #35;" 0 --> 5\n' in weekly
    assert "    line [1, 2]\n    line [5, 5]\n" in weekly
    early = (tmp_path / "hostile" / "Reviews" / "Weekly" / "2026-W45.md").read_text(encoding="utf-8")
    assert "```mermaid" not in early  # one measurement by then


def test_the_charts_setting_is_true_or_false() -> None:
    assert parse_settings({}).charts is True
    assert parse_settings({"charts": False}).charts is False
    with pytest.raises(Exception, match="charts: expected true or false"):
        parse_settings({"charts": "no"})
