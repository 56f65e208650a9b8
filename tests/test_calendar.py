"""The iCalendar file: events parsed back with icalendar, stable UIDs and bytes, the setting, ownership."""

from __future__ import annotations

import hashlib
from datetime import date, datetime
from pathlib import Path
from typing import Any

import icalendar
import pytest
from click.testing import CliRunner

from journal_tools.calendar_ics import calendar_bytes, ownership
from journal_tools.cli import main
from journal_tools.errors import SettingsError
from journal_tools.pipeline import Session
from journal_tools.settings import parse_settings
from tests.conftest import MakeVault

GOAL = """---
type: goal
title: Learn Rust
due: 2027-03-01
---
## Milestones
- [ ] Finish the book 📅 2026-12-15
- [x] Install the toolchain 📅 2026-11-01 ✅ 2026-10-30

## Steps
- [ ] Write a CLI in Rust 📅 2026-12-01
- [-] Cancelled idea 📅 2026-12-02
"""
PAUSED = "---\ntype: goal\ntitle: Someday\nstatus: paused\ndue: 2027-01-01\n---\n"
MILESTONE = "---\ntype: milestone\ntitle: Ship the tool\ngoal: '[[Learn Rust]]'\ndue: 2027-02-01\n---\n"
REFLECTION = "---\nrating: 4\n---\n## Highlights\n- good week\n"
FILES: dict[str, str | bytes] = {
    "Goals/Learn Rust.md": GOAL,
    "Goals/Someday.md": PAUSED,
    "Milestones/Ship the tool.md": MILESTONE,
    "Journal/Weekly/2026-W46.md": REFLECTION,
}
TODAY = date(2026, 11, 20)
SETTINGS = 'calendar = "Reviews/journal.ics"\n'


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _ics(vault: Path, today: date = TODAY) -> bytes:
    session = Session(vault)
    return calendar_bytes(session.analyze(today), session.settings, "vault")


def _events(data: bytes) -> dict[str, Any]:
    """Parse the events back with icalendar, by summary (Any: icalendar types a property as a union)."""
    calendar = icalendar.Calendar.from_ical(data)
    return {str(event["SUMMARY"]): event for event in calendar.walk("VEVENT")}


def test_the_events_parse_back_with_icalendar(make_vault: MakeVault) -> None:
    data = _ics(make_vault(FILES))
    calendar = icalendar.Calendar.from_ical(data)
    assert str(calendar["PRODID"]) == "-//journal-tools//EN"
    assert str(calendar["VERSION"]) == "2.0"
    events = _events(data)
    assert set(events) == {
        "Goal due: Learn Rust",
        "Milestone due: Finish the book",
        "Milestone due: Ship the tool",
        "Task due: Write a CLI in Rust",
        "Check-in: write your weekly reflection",
    }  # not the paused goal, the done milestone or the cancelled task
    goal = events["Goal due: Learn Rust"]
    assert goal["DTSTART"].dt == date(2027, 3, 1)  # a date, not a datetime: an all-day event
    assert not isinstance(goal["DTSTART"].dt, datetime)
    assert goal["DTEND"].dt == date(2027, 3, 2)
    assert goal["DTSTAMP"].dt == datetime.fromisoformat("2026-11-20T00:00:00+00:00")
    assert b"DTSTART;VALUE=DATE:20270301" in data
    task = events["Task due: Write a CLI in Rust"]
    assert str(task["DESCRIPTION"]) == "Goals/Learn Rust.md, line 11\nGoal: Learn Rust"
    assert all(str(event["UID"]).endswith("@journal-tools") for event in events.values())
    assert len({str(event["UID"]) for event in events.values()}) == len(events)


def test_the_next_check_in_recurs_every_checkin_days(make_vault: MakeVault) -> None:
    vault = make_vault(FILES)
    checkin = _events(_ics(vault))["Check-in: write your weekly reflection"]
    assert checkin["DTSTART"].dt == date(2026, 11, 29)  # W46's Sunday, 2026-11-15, + 14 days
    rule = checkin["RRULE"]
    assert (rule["FREQ"], rule["INTERVAL"]) == (["WEEKLY"], [2])
    (vault / ".journal-tools.toml").write_text("checkin_days = 10\n", encoding="utf-8")
    checkin = _events(_ics(vault))["Check-in: write your weekly reflection"]
    assert checkin["DTSTART"].dt == date(2026, 11, 25)
    assert (checkin["RRULE"]["FREQ"], checkin["RRULE"]["INTERVAL"]) == (["DAILY"], [10])


def test_without_a_reflection_the_first_check_in_is_today(make_vault: MakeVault) -> None:
    checkin = _events(_ics(make_vault({"Goals/Learn Rust.md": GOAL})))[
        "Check-in: write your weekly reflection"
    ]
    assert checkin["DTSTART"].dt == TODAY
    assert "No weekly reflection yet" in str(checkin["DESCRIPTION"])


def test_same_notes_and_day_give_the_same_bytes_and_uids(make_vault: MakeVault) -> None:
    vault = make_vault(FILES)
    first = _ics(vault)
    assert _ics(vault) == first
    uids = {summary: str(event["UID"]) for summary, event in _events(first).items()}
    (vault / "Goals/Other.md").write_text("---\ntype: goal\ntitle: Other\ndue: 2026-12-24\n---\n")
    later = _events(_ics(vault, date(2026, 11, 21)))
    assert {summary: str(later[summary]["UID"]) for summary in uids} == uids
    assert "Goal due: Other" in later


def test_a_uid_is_the_hash_of_kind_path_and_line(make_vault: MakeVault) -> None:
    events = _events(_ics(make_vault(FILES)))

    def uid(key: str) -> str:
        return hashlib.sha1(key.encode()).hexdigest() + "@journal-tools"

    assert str(events["Goal due: Learn Rust"]["UID"]) == uid("goal:Goals/Learn Rust.md")
    assert str(events["Milestone due: Ship the tool"]["UID"]) == uid("milestone:Milestones/Ship the tool.md")
    assert str(events["Milestone due: Finish the book"]["UID"]) == uid("milestone:Goals/Learn Rust.md:7")
    assert str(events["Task due: Write a CLI in Rust"]["UID"]) == uid("task:Goals/Learn Rust.md:11")
    assert str(events["Check-in: write your weekly reflection"]["UID"]) == uid("checkin")


def test_lines_are_folded_and_text_escaped(make_vault: MakeVault) -> None:
    title = "A very long goal title, with commas; semicolons and é accents " + "x" * 60
    vault = make_vault({"Goals/Long.md": f"---\ntype: goal\ntitle: '{title}'\ndue: 2027-01-01\n---\n"})
    data = _ics(vault)
    assert all(len(line) <= 75 for line in data.split(b"\r\n"))
    unfolded = data.replace(b"\r\n ", b"")
    assert b"title\\, with commas\\; semicolons" in unfolded  # RFC 5545 escapes , and ;
    assert any(line.startswith(b" ") for line in data.split(b"\r\n"))  # a long line was folded
    assert f"Goal due: {title}" in _events(data)


def test_ownership_of_an_ics_file(make_vault: MakeVault) -> None:
    data = _ics(make_vault(FILES))
    assert ownership(data) == "ours"
    assert ownership(data.replace(b"\r\n", b"\n")) == "ours"  # git may check it out with LF ends
    assert ownership(data.replace(b"Learn Rust", b"Learn Go")) == "edited"
    assert ownership(b"BEGIN:VCALENDAR\r\nPRODID:-//Someone//EN\r\nEND:VCALENDAR\r\n") == "user"
    assert ownership(b"not a calendar") == "user"


def test_build_writes_the_calendar_the_settings_name(make_vault: MakeVault) -> None:
    vault = make_vault({**FILES, ".journal-tools.toml": SETTINGS})
    code, out, _ = _run("build", str(vault), "--today", "2026-11-20")
    assert code == 0
    assert "calendar  Reviews/journal.ics written" in out
    path = vault / "Reviews/journal.ics"
    data = path.read_bytes()
    assert data == _ics(vault)
    mtime = path.stat().st_mtime_ns
    code, out, _ = _run("build", str(vault), "--today", "2026-11-20")
    assert "calendar  Reviews/journal.ics unchanged" in out
    assert path.stat().st_mtime_ns == mtime
    assert _run("build", "--check", str(vault), "--today", "2026-11-20")[0] == 0
    code, out, _ = _run("build", "--check", str(vault), "--today", "2026-11-21")
    assert code == 1
    assert "Reviews/journal.ics" in out.splitlines()
    assert path.read_bytes() == data  # --check writes nothing


def test_build_never_overwrites_a_foreign_or_edited_calendar(make_vault: MakeVault) -> None:
    mine = b"BEGIN:VCALENDAR\r\nPRODID:-//Me//EN\r\nEND:VCALENDAR\r\n"
    vault = make_vault({**FILES, ".journal-tools.toml": SETTINGS, "Reviews/journal.ics": mine})
    code, out, err = _run("build", str(vault), "--today", "2026-11-20")
    assert code == 0
    assert "Reviews/journal.ics:1: was not written by journal-tools" in err
    assert "calendar  Reviews/journal.ics not written" in out
    assert (vault / "Reviews/journal.ics").read_bytes() == mine
    assert _run("build", "--strict", str(vault), "--today", "2026-11-20")[0] == 1
    code, _, err = _run("build", "--check", str(vault), "--today", "2026-11-20")
    assert (code, "cannot write" in err) == (1, True)
    code, out, _ = _run("check", str(vault), "--today", "2026-11-20")
    assert code == 1
    assert "Reviews/journal.ics:1: was not written by journal-tools" in out
    edited = _ics(vault).replace(b"Learn Rust", b"Learn Go")
    (vault / "Reviews/journal.ics").write_bytes(edited)
    _, _, err = _run("build", str(vault), "--today", "2026-11-20")
    assert "Reviews/journal.ics:1: was changed since journal-tools wrote it" in err
    assert (vault / "Reviews/journal.ics").read_bytes() == edited


def test_the_calendar_setting_is_checked() -> None:
    assert parse_settings({"calendar": ""}).calendar == ""
    assert parse_settings({"calendar": "Reviews/Cal/journal.ics"}).calendar == "Reviews/Cal/journal.ics"
    assert parse_settings({"output": "Out", "calendar": "Out/j.ics"}).calendar == "Out/j.ics"
    for value, message in [
        ("journal.ics", "must be inside the output folder 'Reviews'"),
        ("Notes/journal.ics", "must be inside the output folder 'Reviews'"),
        ("Reviews/journal.txt", "must name an .ics file"),
        ("../journal.ics", "must be a file inside the vault"),
        (3, "expected a file name"),
    ]:
        with pytest.raises(SettingsError, match=message):
            parse_settings({"calendar": value})


def test_a_calendar_outside_the_output_folder_exits_2(make_vault: MakeVault) -> None:
    vault = make_vault({**FILES, ".journal-tools.toml": 'calendar = "Goals/journal.ics"\n'})
    code, _, err = _run("build", str(vault), "--today", "2026-11-20")
    assert code == 2
    assert "calendar: 'Goals/journal.ics' must be inside the output folder 'Reviews'" in err
    assert not (vault / "Goals/journal.ics").exists()


def test_the_calendar_command(make_vault: MakeVault, tmp_path: Path) -> None:
    vault = make_vault(FILES)
    printed = CliRunner().invoke(main, ["calendar", str(vault), "--today", "2026-11-20"])
    assert printed.exit_code == 0
    assert printed.stdout_bytes == _ics(vault)  # the CRLF line ends of RFC 5545, byte for byte
    target = tmp_path / "out" / "journal.ics"
    code, out, _ = _run("calendar", str(vault), "-o", str(target), "--today", "2026-11-20")
    assert (code, out) == (0, f"{target}: 5 events, written\n")
    data = target.read_bytes()
    code, out, _ = _run("calendar", str(vault), "-o", str(target), "--today", "2026-11-20")
    assert (code, out) == (0, f"{target}: 5 events, unchanged\n")
    assert target.read_bytes() == data
    foreign = tmp_path / "mine.ics"
    foreign.write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    code, _, err = _run("calendar", str(vault), "-o", str(foreign))
    assert code == 1
    assert "was not written by journal-tools" in err
    assert foreign.read_bytes() == b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n"
