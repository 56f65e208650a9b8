"""Simple front matter read without YAML gives exactly what the YAML loader gives, or is left to it."""

from __future__ import annotations

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from journal_tools.errors import NoteError
from journal_tools.front_matter_fast import read_simple
from journal_tools.front_matter_yaml import load_yaml

KEYS = ["type", "title", "tags", "due", "a", "A_b-c", "true", "null", "Null", "x y", "1a", "_k", "é"]
SEPARATORS = [": ", ":", ":  ", " : ", ":\t", ": \t"]
VALUES = [
    "goal", "Goal 0: x", '"Goal 0: x"', '"a \\" b"', "'it''s'", "'x # y'", '"[[Goal 1]]"', '""',
    "[a, b]", '[ a b , "c, d" ]', "[]", "[ ]", "[a,]", "[a, [b]]", "[[Goal]]", "[a b]", "[5, 5.9, true]",
    "2026-11-20", "5", "5.9", "-5", "+5", ".5", "5.", "1e3", "1E+3", "012", "0x1f", "0o7", "1_000",
    ".inf", "true", "True", "TRUE", "tRUE", "yes", "NO", "on", "~", "null", "Null", "", "a #c", "a#b",
    "10:00", "a: b", "x:", "x\u00a0y", "x\u2028y", "x\x85y", "x\ufeffy", "émoji 🎯", "&a x", "*a",
    "!!str x", "| x", "> x", "%x", "@x", "`x`", "\\x", "1" * 31, "1" * 30, "a   ", "(x)", "/x", "$x",
    "...", "---", "-", "- x", "? x", "C++", "a, b", "x]", "{a: b}", "a\tb", "=x", "<x>",
]  # fmt: skip
RAW_LINES = ["", "   ", "# comment", "  indented: x", "- item", "...", "---", "key: >", "  folded"]
TRICKY = "ab1 .:#-[]{},\"'&*!|>%@`\\\t~_+/\u00a0\u2028\x85é"

values = st.sampled_from(VALUES) | st.text(alphabet=st.sampled_from(TRICKY), max_size=8)
pairs = st.tuples(st.sampled_from(KEYS), st.sampled_from(SEPARATORS), values).map("".join)
lines = st.lists(pairs | st.sampled_from(RAW_LINES), max_size=8)

words = st.text(alphabet=st.sampled_from("ab1 .-+~_/()eE0é\u00a0"), min_size=1, max_size=8)
"""Values most of which are plain, numbers among them (``1e0``, ``.5``, ``+1``, ``01``)."""
quoted = st.text(alphabet=st.sampled_from("ab :#[],'&*!é\u00a0"), max_size=6).map(lambda v: f'"{v}"')
flow = st.lists(words | quoted, max_size=3).map(lambda items: "[" + ", ".join(items) + "]")
simple_pairs = st.tuples(
    st.sampled_from(["type", "title", "tags", "a", "A_b-c", "k1", "true"]),
    st.just(": "),
    words | quoted | flow,
).map("".join)
simple_lines = st.lists(simple_pairs | st.just(""), min_size=1, max_size=6)
"""Front matter that is mostly simple, so that both readers are compared on it."""


def _yaml(text: str) -> tuple[object, ...] | None:
    """What the YAML loader makes of it (None when it refuses it)."""
    try:
        return load_yaml(text)
    except NoteError:
        return None


@settings(max_examples=1000, deadline=None)
@given(lines.map(lambda found: "\n".join(found) + "\n"))
@example('type: goal\ntitle: "Goal 0: Postmortem roadmap"\nstart: 2025-04-19\ncurrent: 3\n')
@example("date: 2006-06-12\ntags: [daily, journal]\nmood: 2\nsleep: 5.9\n")
@example("a: 1\na: 2\n")
@example("true: x\n")
@example("n: " + "9" * 31 + "\n")
def test_simple_front_matter_reads_as_yaml_does(text: str) -> None:
    simple = read_simple(text)
    if simple is not None:
        assert repr(simple) == repr(_yaml(text))  # repr: True is not 1, nor 1.0, nor "1"


@settings(max_examples=1000, deadline=None)
@given(simple_lines.map(lambda found: "\n".join(found) + "\n"))
def test_mostly_simple_front_matter_reads_as_yaml_does(text: str) -> None:
    simple = read_simple(text)
    if simple is not None:
        assert repr(simple) == repr(_yaml(text))


unicode = st.text(
    alphabet=st.characters(blacklist_categories=["Cs", "Cc"], blacklist_characters="#:[]{}\"'&*!|>%@`\\,"),
    max_size=8,
)
"""Any text without the characters a plain value may not hold: every kind of space, mark and symbol."""
unicode_values = st.one_of(
    st.tuples(st.sampled_from("aZ09_.~+(/$"), unicode).map("".join),
    unicode.map(lambda text: f'"{text}"'),
    st.lists(st.tuples(st.sampled_from("aZ09"), unicode).map("".join), max_size=3).map(
        lambda items: "[" + ", ".join(items) + "]"
    ),
)


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["a", "key", "x_y", "k-2"]), unicode_values), min_size=1, max_size=4)
)
def test_unicode_values_read_as_yaml_reads_them(pairs: list[tuple[str, str]]) -> None:
    text = "".join(f"{key}: {value}\n" for key, value in pairs)
    simple = read_simple(text)
    if simple is not None:
        assert repr(simple) == repr(_yaml(text))


@pytest.mark.parametrize(
    "text",
    [
        'type: goal\ntitle: "Goal 0: Postmortem roadmap"\nstart: 2025-04-19\ncurrent: 3\n',
        "date: 2006-06-12\ntags: [daily, journal]\nmood: 2\nsleep: 5.9\n",
        'type: milestone\ngoal: "[[Goal 00070]]"\ndue: 2023-03-17\nstatus: done\n',
        "created: 2020-11-03\ntags: [meeting]\nattendees: [Migration, One-on-one]\n\n",
    ],
)
def test_usual_front_matter_is_read_without_yaml(text: str) -> None:
    assert read_simple(text) is not None


@pytest.mark.parametrize(
    "text", ["a: 1\na: 2\n", "true: x\n", "a: b # note\n", "a:\n  - x\n", "a: [[Goal]]\n", "a: &x 1\n"]
)
def test_the_rest_is_left_to_yaml(text: str) -> None:
    assert read_simple(text) is None
