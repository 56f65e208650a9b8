"""The task field reader looks for a field only where the line allows one.

That is, where the line's last character is one the field can end with, and the line holds what the
field cannot be without (its emoji, ``::``, the ``^`` of a block id, the ``#`` of a tag). Checked
against the plain reading it replaced: every pattern searched at every step, in Obsidian Tasks'
order. Both must strip the same fields from any line, Hypothesis-generated.
"""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from journal_tools import tasks
from journal_tools.tasks import TaskFields, read_fields

_EACH_DATE = tuple(
    (name, re.compile(rf"[{chars}]{tasks._VS}\s*{tasks._DATE}$")) for name, chars in tasks._DATE_EMOJI
)


def _plain_match_one(rest: str, fields: TaskFields) -> int | None:
    """Every pattern, searched in order (the reading before the last-character check)."""
    for name, pattern in _EACH_DATE:
        if match := pattern.search(rest):
            tasks._set_date(fields, name, match.group(1))
            return match.start()
    if match := tasks._PRIORITY.search(rest):
        fields.priority = tasks._PRIORITY_EMOJI[match.group(1)]
        return match.start()
    if match := tasks._RECURRENCE.search(rest):
        fields.recurrence = match.group(1).strip()
        return match.start()
    if match := tasks._IGNORED.search(rest):
        return match.start()
    match = tasks._DATAVIEW.search(rest)
    if match and tasks._read_dataview(fields, match.group(1).lower(), match.group(2)):
        return match.start()
    return None


PIECES = st.sampled_from(
    [
        " ",
        "  ",
        "\u3000",
        "a",
        "Z",
        "7",
        "٣",
        "#",
        "#tag",
        "#2026",
        "^id-1",
        "^b1",
        ",",
        "!",
        "-",
        "_",
        "[",
        "]",
        "(",
        ")",
        "::",
        "due:: ",
        "completion:: ",
        "priority:: high",
        "repeat:: every week",
        "owner:: x",
        "2026-11-20",
        "2026-02-30",
        "📅",
        "📆",
        "🗓",
        "⏳",
        "⌛",
        "🛫",
        "➕",
        "✅",
        "❌",
        "🔺",
        "⏫",
        "🔼",
        "🔽",
        "⏬",
        "🔁",
        "🔁 every day",
        "🆔 abc",
        "⛔ x1, y2",
        "🏁 delete",
        "\ufe0f",
        "Ship it",
        "[[Goal]]",
    ]  # fmt: skip
)


def _plain_read_fields(line: str) -> TaskFields:
    """:func:`read_fields` with :func:`_plain_match_one`."""
    fields = TaskFields(text="")
    rest = line.rstrip()
    if block_id := tasks._BLOCK_ID.search(rest):
        rest = rest[: block_id.start()].rstrip()
    kept_tags: list[str] = []
    for _ in range(20):
        matched = _plain_match_one(rest, fields)
        if matched is not None:
            rest = rest[:matched].rstrip()
        elif tag := tasks._TRAILING_TAG.search(rest):
            kept_tags.insert(0, tag.group(1))
            rest = rest[: tag.start()].rstrip()
        else:
            break
    fields.text = " ".join([rest, *kept_tags]).strip()
    return fields


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=10).map("".join))
@example("Book 📅 2026-12-01 ⏳ 2026-11-30 🔁 every week #work ^b1")
@example("x 📅\ufe0f2026-12-01")
@example("x [due:: 2026-12-01] (priority:: high)")
@example("Water the plants 🔁 every day!")
@example("Deploy ⛔ a-1, b_2 🆔 x_1 🏁 keep")
@example("Call 🔼\ufe0f")
@example("Pay 📅 ٢٠٢٦-١١-٢٠")
def test_the_character_checks_strip_what_every_search_strips(line: str) -> None:
    assert read_fields(line) == _plain_read_fields(line)
