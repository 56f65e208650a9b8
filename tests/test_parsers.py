"""Unit tests of the note readers: task fields, front matter, field types, ISO weeks and decoding.

Expectations come from docs/vault-format.md. Where the code does something else, the test states what
the doc says and is a strict xfail (it fails loudly once the code is fixed).
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journal_tools import fields, front_matter
from journal_tools.errors import NoteError
from journal_tools.note import FrontMatter, Note
from journal_tools.parse import MAX_NOTE_BYTES, decode, parse_note
from journal_tools.problem import Problem
from journal_tools.tasks import TaskFields, read_fields
from journal_tools.weeks import IsoWeek

VS = "\ufe0f"
"""The invisible variation selector some keyboards add after an emoji."""

# --- tasks.read_fields -------------------------------------------------------------------------


DATE_EMOJI = [
    ("📅", "due"),
    ("📆", "due"),
    ("🗓", "due"),
    ("⏳", "scheduled"),
    ("⌛", "scheduled"),
    ("🛫", "start"),
    ("➕", "created"),
    ("✅", "done"),
    ("❌", "cancelled"),
]


@pytest.mark.parametrize("selector", ["", VS], ids=["plain", "fe0f"])
@pytest.mark.parametrize(("emoji", "name"), DATE_EMOJI)
def test_emoji_date_field(emoji: str, name: str, selector: str) -> None:
    fields_ = read_fields(f"Book the exam {emoji}{selector} 2026-12-01")
    assert fields_.text == "Book the exam"
    assert fields_.dates == {name: date(2026, 12, 1)}
    assert fields_.bad_dates == []


@pytest.mark.parametrize("selector", ["", VS], ids=["plain", "fe0f"])
@pytest.mark.parametrize(
    ("emoji", "priority"),
    [("🔺", "highest"), ("⏫", "high"), ("🔼", "medium"), ("🔽", "low"), ("⏬", "lowest")],
)
def test_emoji_priority(emoji: str, priority: str, selector: str) -> None:
    fields_ = read_fields(f"Call Dana {emoji}{selector}")
    assert fields_.text == "Call Dana"
    assert fields_.priority == priority


def test_no_priority_is_normal() -> None:
    assert read_fields("Call Dana").priority == "normal"


@pytest.mark.parametrize("selector", ["", VS], ids=["plain", "fe0f"])
def test_emoji_recurrence(selector: str) -> None:
    fields_ = read_fields(f"Weekly review 🔁{selector} every week 📅 2026-11-20")
    assert fields_.text == "Weekly review"
    assert fields_.recurrence == "every week"
    assert fields_.dates == {"due": date(2026, 11, 20)}


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("due", "due"),
        ("scheduled", "scheduled"),
        ("start", "start"),
        ("created", "created"),
        ("completion", "done"),
        ("cancelled", "cancelled"),
    ],
)
@pytest.mark.parametrize("brackets", ["[]", "()"], ids=["square", "round"])
def test_dataview_date_field(field: str, name: str, brackets: str) -> None:
    fields_ = read_fields(f"Book the exam {brackets[0]}{field}:: 2026-12-01{brackets[1]}")
    assert fields_.text == "Book the exam"
    assert fields_.dates == {name: date(2026, 12, 1)}


@pytest.mark.parametrize("priority", ["highest", "high", "medium", "normal", "low", "lowest"])
def test_dataview_priority(priority: str) -> None:
    fields_ = read_fields(f"Call Dana [priority:: {priority}]")
    assert fields_.text == "Call Dana"
    assert fields_.priority == priority


def test_dataview_repeat() -> None:
    fields_ = read_fields("Weekly review [repeat:: every week]")
    assert fields_.text == "Weekly review"
    assert fields_.recurrence == "every week"


def test_unknown_dataview_field_is_text() -> None:
    fields_ = read_fields("Ask [owner:: Dana]")
    assert fields_.text == "Ask [owner:: Dana]"
    assert fields_.dates == {}


def test_fields_in_any_order_mixed_formats() -> None:
    fields_ = read_fields(
        "Ship it ⏫ [created:: 2026-11-01] 🛫 2026-11-02 (scheduled:: 2026-11-03) 📅 2026-11-04 ✅ 2026-11-05"
    )
    assert fields_.text == "Ship it"
    assert fields_.priority == "high"
    assert fields_.dates == {
        "created": date(2026, 11, 1),
        "start": date(2026, 11, 2),
        "scheduled": date(2026, 11, 3),
        "due": date(2026, 11, 4),
        "done": date(2026, 11, 5),
    }


def test_tag_between_fields_is_kept_in_text() -> None:
    fields_ = read_fields("Passed exam 3 📅 2026-11-14 #win ✅ 2026-11-13")
    assert fields_.text == "Passed exam 3 #win"
    assert fields_.dates == {"due": date(2026, 11, 14), "done": date(2026, 11, 13)}


def test_text_after_fields_ends_the_field_list() -> None:
    fields_ = read_fields("Renew 📅 2026-12-01 passport")
    assert fields_.text == "Renew 📅 2026-12-01 passport"
    assert fields_.dates == {}


def test_only_fields_after_the_last_text_are_read() -> None:
    fields_ = read_fields("Renew ⏫ passport 📅 2026-12-01")
    assert fields_.text == "Renew ⏫ passport"
    assert fields_.priority == "normal"
    assert fields_.dates == {"due": date(2026, 12, 1)}


@pytest.mark.parametrize("written", ["📅 2026-02-30", "[due:: 2026-02-30]"])
def test_invalid_date_is_reported(written: str) -> None:
    fields_ = read_fields(f"Leap day that is not {written}")
    assert fields_.text == "Leap day that is not"
    assert fields_.dates == {}
    assert len(fields_.bad_dates) == 1
    assert "2026-02-30" in fields_.bad_dates[0]
    assert "not a valid date" in fields_.bad_dates[0]


def test_block_id_is_dropped_before_fields() -> None:
    fields_ = read_fields("Draft the memo 📅 2026-12-01 ^memo-1")
    assert fields_.text == "Draft the memo"
    assert fields_.dates == {"due": date(2026, 12, 1)}


def test_empty_line() -> None:
    assert read_fields("") == TaskFields(text="")


@given(st.text())
def test_read_fields_never_raises_and_never_grows(line: str) -> None:
    fields_ = read_fields(line)
    assert len(fields_.text) <= len(line)
    assert all(word in line for word in fields_.text.split())
    assert set(fields_.dates) <= {"due", "scheduled", "start", "created", "done", "cancelled"}


@given(st.text(alphabet=st.characters(codec="ascii", exclude_characters="#[]()^")))
def test_read_fields_keeps_plain_text(line: str) -> None:
    assert read_fields(line).text == line.strip()


# --- front_matter.split ------------------------------------------------------------------------


def test_split_without_front_matter() -> None:
    assert front_matter.split("# Title\n---\n") == (None, "# Title\n---\n", 0)


def test_split_front_matter_must_start_on_line_1() -> None:
    text = "\n---\ntype: goal\n---\n"
    assert front_matter.split(text) == (None, text, 0)


def test_split_returns_yaml_body_and_offset() -> None:
    assert front_matter.split("---\ntype: goal\ndue: 2026-12-01\n---\n- [ ] x\n") == (
        "type: goal\ndue: 2026-12-01\n",
        "- [ ] x\n",
        4,
    )


def test_split_empty_front_matter() -> None:
    assert front_matter.split("---\n---\nbody") == ("", "body", 2)


def test_split_front_matter_without_body() -> None:
    assert front_matter.split("---\na: 1\n---") == ("a: 1\n", "", 3)


@pytest.mark.parametrize("text", ["---", "---\n", "---\ntype: goal\n", "---\ntype: goal\n----\n"])
def test_split_unterminated(text: str) -> None:
    with pytest.raises(NoteError, match="never closed") as info:
        front_matter.split(text)
    assert info.value.line == 1


def test_split_closing_line_may_have_trailing_spaces() -> None:
    assert front_matter.split("---\na: 1\n--- \t\nbody\n") == ("a: 1\n", "body\n", 3)


# --- front_matter.load -------------------------------------------------------------------------


def test_load_yaml_1_2_scalars() -> None:
    raw, lines = front_matter.load(
        "country: NO\nanswer: on\nflag: yes\noff_: off\nzip: 012345\ncode: 012\ntime: 10:00\n"
        "yes_: true\nno_: false\nday: 2026-12-01\nstamp: 2026-12-01T10:00:00\nnumber: 5\n"
        "real: 1.5\nnothing: ~\nempty:\n"
    )
    assert raw == {
        "country": "NO",
        "answer": "on",
        "flag": "yes",
        "off_": "off",
        "zip": "012345",
        "code": "012",
        "time": "10:00",
        "yes_": True,
        "no_": False,
        "day": "2026-12-01",
        "stamp": "2026-12-01T10:00:00",
        "number": 5,
        "real": 1.5,
        "nothing": None,
        "empty": None,
    }
    assert type(raw["number"]) is int
    assert lines["country"] == 2
    assert lines["empty"] == 16


def test_load_lines_are_file_lines_with_comments_and_blank_lines() -> None:
    _, lines = front_matter.load("# a comment\n\ntype: goal\ntags:\n  - a\n  - b\ndue: 2026-12-01\n")
    assert lines == {"type": 4, "tags": 5, "due": 8}


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_load_empty(text: str) -> None:
    assert front_matter.load(text) == ({}, {})


def test_load_exponent_is_a_number() -> None:
    assert front_matter.load("target: 1e3\n")[0] == {"target": 1000.0}


def _load_error(yaml_text: str) -> NoteError:
    with pytest.raises(NoteError) as info:
        front_matter.load(yaml_text)
    return info.value


DEEP = "[" * 30 + "]" * 30


@pytest.mark.parametrize(
    ("yaml_text", "line", "words"),
    [
        pytest.param("type: goal\ntitle: A\ntitle: B\n", 4, "duplicate key 'title'", id="duplicate-key"),
        pytest.param("a: 1\nnested:\n  x: 1\n  x: 2\n", 5, "duplicate key 'x'", id="duplicate-nested"),
        # The anchored value is reported (line 2): the anchor is what the alias reuses.
        pytest.param("owner: &me Dana\npartner: *me\n", 2, "alias", id="alias"),
        pytest.param("a: 1\nb: 2\nowner: &me Dana\npartner: *me\n", 4, "alias", id="alias-later"),
        pytest.param("a: 1\ntags:\n\t- x\n", 4, "tab", id="tab-indent"),
        pytest.param("a: 1\nb: 2\n\tc: 3\n", 4, "tab", id="tab-after-key"),
        pytest.param("type: goal\ntitle: A: B\n", 3, "quote", id="colon-in-value"),
        pytest.param("type: goal\ntitle: {{title}}\n", 3, "template", id="template"),
        pytest.param("{{title}}\n", 2, "template", id="template-key"),
        pytest.param("a: 1\nb: !!python/object:os.system x\n", 3, "tag", id="python-tag"),
        pytest.param("a: !!python/name:os.system\n", 2, "tag", id="python-name"),
        pytest.param("a: !custom x\n", 2, "tag", id="local-tag"),
        pytest.param("a: 1\nbig: " + "9" * 5000 + "\n", 3, "too large", id="5000-digits"),
        pytest.param("a: 1\nbig: -" + "9" * 31 + "\n", 3, "too large", id="31-digits"),
        pytest.param("a: 1\ndeep: " + DEEP + "\n", 3, "nested deeper than 20", id="30-deep"),
        pytest.param("- a\n- b\n", 2, "found a list", id="list"),
        pytest.param("\njust some text\n", 3, "found a single value", id="scalar"),
        pytest.param("a: [1, 2\n", 2, "bracket is not closed", id="unclosed-bracket"),
    ],
)
def test_load_rejects(yaml_text: str, line: int, words: str) -> None:
    error = _load_error(yaml_text)
    assert words.lower() in error.message.lower()
    assert error.line == line


def test_load_30_digit_number_is_fine() -> None:
    assert front_matter.load("big: " + "9" * 30 + "\n")[0] == {"big": int("9" * 30)}


def test_load_20_levels_are_fine() -> None:
    assert front_matter.load("a: " + "[" * 19 + "]" * 19 + "\n")[1] == {"a": 2}


def test_load_too_large() -> None:
    error = _load_error("a: " + "x" * (64 * 1024) + "\n")
    assert "64 KB" in error.message
    assert error.line == 1


def test_load_unclosed_quote_is_a_note_error() -> None:
    error = _load_error('type: goal\ntitle: "Earn the cert\ndue: 2026-12-01\n')
    assert "not closed" in error.message
    assert 3 <= error.line <= 5


def test_load_unclosed_quote_names_its_line() -> None:
    assert _load_error('type: goal\ntitle: "Earn the cert\n\nwhy: x\ndue: 2026-12-01\n').line == 3


@pytest.mark.parametrize("tag", ["!!timestamp", "!<tag:yaml.org,2002:timestamp>"])
def test_load_timestamp_tag_stays_text_for_the_date_converter(tag: str) -> None:
    assert front_matter.load(f"due: {tag} 2026-12-01\n")[0] == {"due": "2026-12-01"}


def test_load_accepts_an_anchor_nothing_reuses() -> None:
    assert front_matter.load("type: goal\nowner: &me Dana\n")[0] == {"type": "goal", "owner": "Dana"}


# --- fields.convert ----------------------------------------------------------------------------


def _convert(yaml_text: str) -> tuple[FrontMatter, list[Problem]]:
    raw, lines = front_matter.load(yaml_text)
    return fields.convert(raw, lines, "Goals/Certification.md")


def test_convert_goal() -> None:
    front, problems = _convert(
        "type: goal\ntitle: Earn the cert\nhorizon: Short\nstatus: active\ndue: 2026-12-15\n"
        "target: 5\ncurrent: 2.5\nparent: '[[Become a manager#Why|manager]]'\npriority: 1\n"
        "tags: cloud\nweight: 2\n"
    )
    assert problems == []
    assert front.type == "goal"
    assert front.horizon == "short"
    assert front.due == date(2026, 12, 15)
    assert front.target == 5.0
    assert front.current == 2.5
    assert front.parent == "Become a manager"
    assert front.priority == "highest"
    assert front.tags == ("cloud",)
    assert front.weight == 2.0
    assert front.line_of("due") == 6


@pytest.mark.parametrize(
    ("yaml_text", "words"),
    [
        pytest.param('type: goal\ntarget: "five"\n', "target: expected a number, got 'five'", id="target"),
        pytest.param("type: goal\ntarget: 012\n", "target: expected a number", id="target-leading-0"),
        pytest.param("type: goal\ntarget: true\n", "target: expected a number", id="target-bool"),
        pytest.param("type: goal\ndue: soon\n", "due: expected a date", id="due"),
        pytest.param("type: goal\ndue: 2026-02-30\n", "due:", id="due-not-a-day"),
        pytest.param("type: goal\ndue: 2026-12-1\n", "due: expected a date", id="due-short"),
        pytest.param("type: reflection\nrating: 7\n", "from 1 to 5", id="rating-7"),
        pytest.param("type: reflection\nrating: 3.5\n", "from 1 to 5", id="rating-3.5"),
        pytest.param("type: goal\nparent: [[Become a manager]]\n", "must be quoted", id="parent-unquoted"),
        pytest.param("type: milestone\ngoal: [[Earn the cert]]\n", "must be quoted", id="goal-unquoted"),
        pytest.param("type: goal\nweight: 0\n", "above 0", id="weight-0"),
        pytest.param("type: goal\nstatus: finished\n", "expected one of active", id="status"),
        pytest.param("type: goal\npriority: urgent\n", "priority: expected highest", id="priority"),
        pytest.param("type: reflection\nweek: 2026-W60\n", "ISO week", id="week"),
        pytest.param("type: goal\ntitle: [a, b]\n", "expected text", id="title-list"),
    ],
)
def test_convert_wrong_type_is_a_problem(yaml_text: str, words: str) -> None:
    front, problems = _convert(yaml_text)
    assert len(problems) == 1
    problem = problems[0]
    assert words in problem.message
    assert problem.severity == "error"
    assert problem.line == 3
    assert problem.path == "Goals/Certification.md"
    key = problem.message.split(":", 1)[0]
    assert dict(front.lines)[key] == 3


def test_convert_problem_formats_like_the_doc() -> None:
    _, problems = _convert("type: goal\n# seven lines like the doc's example\n\n\n\ntarget: five\n")
    assert [str(problem) for problem in problems] == [
        "Goals/Certification.md:7: target: expected a number, got 'five'"
    ]


def test_convert_unknown_type_is_a_warning() -> None:
    front, problems = _convert("type: project\n")
    assert front.type is None
    assert [(p.severity, p.line) for p in problems] == [("warning", 2)]
    assert "project" in problems[0].message


def test_convert_weekly_is_a_reflection() -> None:
    front, problems = _convert("type: weekly\nweek: 2026-W47\n")
    assert problems == []
    assert front.type == "reflection"
    assert front.week == IsoWeek(2026, 47)


def test_convert_keys_are_case_sensitive_and_unknown_keys_ignored() -> None:
    front, problems = _convert("Type: goal\nTitle: X\ncountry: NO\n")
    assert problems == []
    assert front.type is None
    assert front.title is None


def test_convert_yaml_1_1_words_on_known_text_keys() -> None:
    front, problems = _convert("title: NO\npartner: on\nunit: 012\nmetric: 10:00\nwhy: yes\n")
    assert problems == []
    assert (front.title, front.partner, front.unit, front.metric, front.why) == (
        "NO",
        "on",
        "012",
        "10:00",
        "yes",
    )


# --- weeks.IsoWeek -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2024, 12, 30), IsoWeek(2025, 1)),
        (date(2021, 1, 1), IsoWeek(2020, 53)),
        (date(2026, 11, 14), IsoWeek(2026, 46)),
        (date(2026, 11, 16), IsoWeek(2026, 47)),
        (date(2027, 1, 3), IsoWeek(2026, 53)),
    ],
)
def test_week_of(day: date, week: IsoWeek) -> None:
    assert IsoWeek.of(day) == week
    assert day in week


def test_week_days() -> None:
    week = IsoWeek(2025, 1)
    assert week.monday == date(2024, 12, 30)
    assert week.sunday == date(2025, 1, 5)
    assert str(week) == "2025-W01"
    assert date(2025, 1, 6) not in week


@pytest.mark.parametrize(
    ("text", "week"),
    [
        ("2026-W47", IsoWeek(2026, 47)),
        (" 2026-W01 ", IsoWeek(2026, 1)),
        ("2020-W53", IsoWeek(2020, 53)),
        # 2026 starts on a Thursday, so it has 53 ISO weeks (2026-W53 is 2026-12-28 .. 2027-01-03).
        ("2026-W53", IsoWeek(2026, 53)),
        ("2025-W53", None),
        ("2021-W53", None),
        ("2026-W00", None),
        ("2026-W7", None),
        ("2026-w47", None),
        ("2026-11-14", None),
        ("", None),
    ],
)
def test_week_parse(text: str, week: IsoWeek | None) -> None:
    assert IsoWeek.parse(text) == week


@pytest.mark.parametrize(
    ("week", "weeks", "expected"),
    [
        (IsoWeek(2026, 52), 1, IsoWeek(2026, 53)),
        (IsoWeek(2026, 53), 1, IsoWeek(2027, 1)),
        (IsoWeek(2025, 52), 1, IsoWeek(2026, 1)),
        (IsoWeek(2025, 1), -1, IsoWeek(2024, 52)),
        (IsoWeek(2021, 1), -1, IsoWeek(2020, 53)),
        (IsoWeek(2026, 47), -52, IsoWeek(2025, 47)),
        (IsoWeek(2026, 47), 0, IsoWeek(2026, 47)),
    ],
)
def test_week_shift(week: IsoWeek, weeks: int, expected: IsoWeek) -> None:
    assert week.shift(weeks) == expected


def test_weeks_sort_in_time_order() -> None:
    assert sorted([IsoWeek(2026, 1), IsoWeek(2025, 52), IsoWeek(2026, 47)]) == [
        IsoWeek(2025, 52),
        IsoWeek(2026, 1),
        IsoWeek(2026, 47),
    ]


# --- parse.decode ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbf---\ntype: goal\n---\n", "---\ntype: goal\n---\n"),
        (b"a\r\nb\r\n", "a\nb\n"),
        (b"a\rb\r", "a\nb\n"),
        (b"a\r\r\nb", "a\n\nb"),
        ("caf\u00e9 \U0001f4c5".encode(), "caf\u00e9 \U0001f4c5"),
        (b"", ""),
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert decode(data) == text


@pytest.mark.parametrize("bom", [b"\xff\xfe", b"\xfe\xff"], ids=["utf-16-le", "utf-16-be"])
def test_decode_utf16_is_refused(bom: bytes) -> None:
    body = "- [ ] task\n".encode("utf-16-le" if bom == b"\xff\xfe" else "utf-16-be")
    with pytest.raises(NoteError, match="UTF-16"):
        decode(bom + body)


def test_decode_nul_bytes() -> None:
    with pytest.raises(NoteError, match="NUL") as info:
        decode(b"line 1\nline 2\nli\x00ne 3\n")
    assert info.value.line == 3


def test_decode_latin1_byte_names_its_line() -> None:
    with pytest.raises(NoteError, match="not valid UTF-8") as info:
        decode(b"---\ntitle: ok\n---\n- [ ] caf\xe9\n")
    assert "0xe9" in info.value.message
    assert info.value.line == 4


def test_decode_size_limit() -> None:
    assert len(decode(b"a" * MAX_NOTE_BYTES)) == MAX_NOTE_BYTES
    with pytest.raises(NoteError, match="2 MB"):
        decode(b"a" * (MAX_NOTE_BYTES + 1))


def test_decode_then_parse_crlf_lines() -> None:
    note = parse_note("n.md", decode(b"---\r\ntype: goal\r\n---\r\n\r\n- [ ] task\r\n"))
    assert note.kind == "goal"
    assert [task.line for task in note.tasks] == [5]


# --- parse_note: properties --------------------------------------------------------------------

SNIPPETS = [
    "---",
    "type: goal",
    "type: daily",
    "type: reflection",
    "week: 2026-W47",
    "date: 2026-11-14",
    "due: 2026-02-30",
    "title: A: B",
    "target: five",
    "parent: [[X]]",
    "tags:",
    "  - a",
    "a: &x 1",
    "b: *x",
    "c: !!python/object x",
    "{{title}}",
    "\t",
    "- [ ] task",
    "- [x] done ✅ 2026-11-01",
    "* [/] star 📅 2026-12-01 ⏫",
    "1) [-] numbered [due:: 2026-12-01]",
    "  - [?] nested [[Goal]]",
    "    - [ ] deep",
    "> - [ ] quoted",
    "> [!todo] callout",
    "```",
    "~~~",
    "    - [ ] indented code",
    "# Heading",
    "## Next steps",
    "Setext",
    "===",
    "[current:: 3]",
    "current:: x [[Goal]]",
    "`[[code]]`",
    "[[Link|alias]]",
    "",
]

markdownish = st.lists(st.one_of(st.sampled_from(SNIPPETS), st.text(max_size=12)), max_size=25).map("\n".join)


def _line_count(text: str) -> int:
    """Count lines the way an editor does (\\n, \\r\\n and a lone \\r each end a line)."""
    return len(re.split(r"\r\n?|\n", text))


def _check_note(text: str) -> None:
    """Parse ``text``: a Note or a NoteError, and every line it names is a line of the text."""
    lines = _line_count(text)
    try:
        note: Note | None = parse_note("Notes/n.md", text)
        error_line = None
    except NoteError as exc:
        note, error_line = None, exc.line
    if note is None:
        assert error_line is not None
        assert 1 <= error_line <= lines
        return
    for task in note.tasks:
        assert 1 <= task.line <= lines
        assert task.parent_line is None or 1 <= task.parent_line < task.line
    other_lines = [
        *(link.line for link in note.links),
        *(measurement.line for measurement in note.measurements),
        *(problem.line for problem in note.problems),
        *(section.line for section in note.sections),
    ]
    assert all(1 <= line <= lines for line in other_lines)


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_parse_note_on_any_text(text: str) -> None:
    _check_note(text)


@settings(max_examples=200, deadline=None)
@given(markdownish)
def test_parse_note_on_markdownish_text(text: str) -> None:
    _check_note(text)
