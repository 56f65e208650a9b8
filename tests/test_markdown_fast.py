"""The line reader agrees with the markdown-it token walk on every body it accepts (differential test)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from journal_tools import markdown
from journal_tools.body import Body
from journal_tools.export import export
from journal_tools.front_matter import split
from journal_tools.markdown import read_body_tokens
from journal_tools.markdown_fast import read_plain_body
from journal_tools.parse import decode
from journal_tools.pipeline import Session, build
from tests.conftest import TODAY

SAMPLE = Path(__file__).resolve().parent.parent / "sample_vault"

words = st.sampled_from(
    [
        "plan", "[[Goal A]]", "[[Goal B|the b]]", "#win", "#tag", "current:: 3", "[current:: 4]",
        "(current:: x)", "📅 2026-11-20", "✅ 2026-11-18", "⏳ 2026-11-19", "[due:: 2026-12-01]",
        "`code [[not a link]]`", "2026-11-17", "*em*", "<b>", "&amp;", "\\", ":", "#", "##", "[x]:", "|",
        "é", "  ", "a]b", "[", "]]", "-", "1.", "!", "~~", "``", "> q",
    ]
)  # fmt: skip
text = st.lists(words, min_size=0, max_size=5).map(" ".join)
line = st.one_of(
    text,
    st.builds(lambda i, m, t: " " * i + "- " + m + t, st.sampled_from([0, 2, 4, 6, 1, 3]),
              st.sampled_from(["", "[ ] ", "[x] ", "[/] ", "[-] ", "[>] "]), text),
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 7), text),
    st.builds(lambda q, t: q + t, st.sampled_from([">", "> ", ">  ", "> - ", "> - [ ] ", "> > ", ">- "]), text),
    st.sampled_from(
        ["", " ", "---", "***", "===", "- ", "-", "```", "~~~", "> quote", "    code", "1. one", "2) two",
         "* star", "+ plus", "<div>", "<!-- c -->", "[ref]: /url", "  lazy", "\t- tab", "#", "# #", "text #"]
    ),
)  # fmt: skip
bodies = st.lists(line, max_size=14).map("\n".join)
plain_words = st.sampled_from(
    ["plan", "[[Goal A]]", "#win", "current:: 3", "[current:: 4]", "📅 2026-11-20", "✅ 2026-11-18", "x"]
)
plain_text = st.lists(plain_words, min_size=1, max_size=4).map(" ".join)
plain_line = st.one_of(
    plain_text,
    st.just(""),
    st.builds(lambda n, t: "#" * n + " " + t, st.integers(1, 3), plain_text),
    st.builds(lambda i, m, t: " " * i + "- " + m + t, st.sampled_from([0, 0, 2, 2, 4]),
              st.sampled_from(["", "[ ] ", "[x] "]), plain_text),
    st.builds(lambda q, t: q + t, st.sampled_from(["> [!tip] ", "> ", ">", "> - [x] ", ">   - "]), plain_text),
)  # fmt: skip
plain_bodies = st.lists(plain_line, max_size=16).map("\n".join)
"""Bodies that are mostly plain, so that nesting, lazy lines and sections are exercised often."""


def _same(fast: Body, tokens: Body) -> None:
    assert fast.tasks == tokens.tasks
    assert fast.sections == tokens.sections
    assert fast.links == tokens.links
    assert fast.measurements == tokens.measurements
    assert fast.problems == tokens.problems


@settings(max_examples=300)
@given(st.one_of(bodies, plain_bodies), st.integers(0, 5))
@example("- [ ] a\n  - [x] b ✅ 2026-11-18\nlazy [[G]]\n- c", 0)
@example("# Wins\n- [x] shipped #win\n\ntext [[Goal A]]\n## Next\n- [ ] call", 3)
@example("- a\n\n  - b\n\nafter", 0)
@example("text\n- item\n# h", 0)
@example("> - ## plan\n- ### x", 0)
@example("> [!todo] Later\n> - [x] a [[G]] ✅ 2026-11-18\nlazy\n> - b\n\n## Next\n> q\n#tag", 0)
def test_the_line_reader_agrees_with_the_tokens(body: str, offset: int) -> None:
    fast = read_plain_body(body, offset)
    if fast is not None:
        _same(fast, read_body_tokens(body, offset))


def test_plain_notes_are_read_by_lines() -> None:
    """The fast path is taken for the sample vault's plain notes, and agrees there too."""
    read = 0
    notes = sorted(SAMPLE.rglob("*.md"))
    for path in notes:
        _, body, offset = split(decode(path.read_bytes()))
        fast = read_plain_body(body, offset)
        if fast is not None:
            read += 1
            _same(fast, read_body_tokens(body, offset))
    assert read >= len(notes) // 2


def test_the_sample_vault_exports_the_same_through_either_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The line reader with the cache, and markdown-it alone without it, give the same export."""
    vault = tmp_path / "vault"
    shutil.copytree(SAMPLE, vault, ignore=shutil.ignore_patterns(".journal-tools"))
    build(vault, TODAY)  # the cache, filled through the line reader
    fast = export(Session(vault).analyze(TODAY))
    monkeypatch.setattr(markdown, "read_plain_body", lambda body, offset: None)
    tokens = export(Session(vault, cache=False).analyze(TODAY))
    assert fast == tokens
