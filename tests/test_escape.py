"""The escaping filters: plain text passes as it is, exactly when the full escaping would leave it so."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from journal_tools.escape import _PLAIN, cell, escape_inline, escape_pipes, inline

TRICKY = " \t\n\r\x0b\x0c\x1c\x1f\x85\xa0\u2028\u3000#<>%:|-+=*.)`[]\\1aZé"
"""Characters the escaping looks at, every kind of space among them, and a few plain ones."""

texts = st.text(alphabet=st.sampled_from(TRICKY), max_size=12) | st.text(max_size=20)


@given(texts)
@example("Review the plan for Q3 (draft) [[Goal 00174]]")
@example("Ship it: today")
@example("a  b")
@example("a\u00a0b")
@example("1. first")
@example("x #tag")
def test_the_plain_text_shortcut_gives_what_the_escaping_gives(text: str) -> None:
    assert inline(text) == escape_inline(text)
    assert cell(text) == escape_pipes(escape_inline(text))
    if _PLAIN.fullmatch(text):
        assert escape_inline(text) == text


def test_most_task_texts_take_the_shortcut() -> None:
    assert _PLAIN.fullmatch("Delegation promotion architecture estimate [[Goal 00174]]")
    assert not _PLAIN.fullmatch("- not a list")
    assert escape_inline("- not a list") == "\\- not a list"
    assert escape_pipes("[[a|b]]") == "[[a\\|b]]"
