"""Read a plain note body line by line, as the markdown-it token walk would, about ten times faster.

A plain body has only blank lines, ATX headings, paragraphs at the left margin and ``- `` list items
nested at their parent's content column, at the margin or in a quote (``> [!tip]`` callouts). For
anything else (code, nested quotes, HTML, tabs, other list markers, indented text, setext headings,
rules, reference definitions) :func:`read_plain_body` returns None and the caller walks markdown-it's
tokens. ``tests/test_markdown_fast.py`` checks, on generated Markdown, that both readers give the
same tasks, sections, links and measurements whenever this one answers.
"""

from __future__ import annotations

import re

from journal_tools.body import Body, Item, read_item, scan_lines
from journal_tools.note import Section, SectionItem

_ITEM = re.compile(r"( *)- (\S.*)\Z")
_HEADING = re.compile(r"(#{1,6})(?: (.*))?\Z")
_REFUSED_START = re.compile(r"[ \t*+_=><~`|-]|\d+[.)]|\[[^\]]*\]:|#(?:#{0,6}(?:[ \t]|\Z)|#{6})")
"""A line that may start a block other than a paragraph: left to markdown-it."""
_REFUSED_ITEM = re.compile(r"[<>]|#+(?:[ \t]|\Z)|[*+=~`-](?:[ \t]|\Z)|[-*_=~`]{2}|\d+[.)]|\[[^\]]*\]:")
"""List item text that may hold another block (a nested list, quote, heading, fence, HTML)."""
_RULE = re.compile(r"[-=*_ ]+\Z")
_EXOTIC = re.compile(
    "[\t\r\0\x0b\x0c\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]"
)
"""Tabs, carriage returns and unusual spaces, whose handling differs in subtle ways: left to markdown-it."""


class _NotPlainError(Exception):
    """The body is not plain."""


def read_plain_body(body: str, offset: int) -> Body | None:
    """Read a plain body whose first line is line ``offset + 1`` of the file; None when not plain."""
    if _EXOTIC.search(body):
        return None
    try:
        return _Reader(offset).read(body.split("\n"))
    except _NotPlainError:
        return None


class _Reader:
    """Walks the lines, holding the open list items and the paragraph being gathered."""

    def __init__(self, offset: int) -> None:
        self.offset = offset
        self.result = Body()
        self.stack: list[Item] = []
        self.indents: list[int] = []
        self.title, self.title_line = "", 0
        self.items: list[SectionItem] = []
        self.lines: list[str] = []
        """The paragraph being gathered (the first line of a list item's, or one at the margin)."""
        self.start = 0
        self.in_item = False
        self.quoted = False
        """Inside a block quote (a run of ``>`` lines and the lazy lines that continue its text)."""

    def read(self, lines: list[str]) -> Body:
        """Read every line, then close what is open."""
        blank = True
        for number, line in enumerate(lines):
            if line.startswith(">"):
                if not self.quoted:  # a quote starts: it ends whatever list or paragraph was open
                    self._flush()
                    self._close_lists()
                    self.quoted, blank = True, True
                inner = line[2:] if line.startswith("> ") else line[1:]
                blank = self._line(number, inner, blank)
                continue
            if self.quoted and (not line.strip(" ") or not self.lines or not self._is_text(line)):
                self._flush()  # the quote ends: a blank line, or a line that cannot continue its text
                self._close_lists()
                self.quoted, blank = False, True
            blank = self._line(number, line, blank)
        self._flush()
        if self.title:
            self.result.sections.append(Section(self.title, self.title_line, tuple(self.items)))
        return self.result

    @staticmethod
    def _is_text(line: str) -> bool:
        """Tell whether a line is plain paragraph text (no block starts on it)."""
        return not any(pattern.match(line) for pattern in (_ITEM, _HEADING, _REFUSED_START, _RULE))

    def _line(self, number: int, line: str, blank: bool) -> bool:
        """Read one line (inside a quote: without its ``>``); return whether it was blank."""
        if not line.strip(" "):
            self._flush()
            return True
        item = _ITEM.match(line)
        if item:
            self._item(number, len(item.group(1)), item.group(2))
        elif line.startswith("#") and (heading := _HEADING.match(line)):
            self._flush()
            self._close_lists()
            self._heading(number, (heading.group(2) or "").strip())
        elif _REFUSED_START.match(line) or _RULE.match(line):
            raise _NotPlainError
        elif self.lines:
            self.lines.append(line)  # continues the paragraph (lazily, in a list item or a quote)
        else:
            if blank:
                self._close_lists()
            elif self.stack:
                raise _NotPlainError  # text right after a list item's paragraph ended: not plain
            self.lines, self.start, self.in_item = [line], number, False
        return False

    def _item(self, number: int, indent: int, text: str) -> None:
        """Open a list item: a sibling, a child at its parent's content column, or a new list."""
        if _REFUSED_ITEM.match(text):
            raise _NotPlainError
        self._flush()
        while self.indents and self.indents[-1] >= indent:
            self.indents.pop()
            self.stack.pop()
        expected = self.indents[-1] + 2 if self.indents else 0
        if indent != expected:
            raise _NotPlainError
        self.stack.append(Item(line=number + self.offset + 1))
        self.indents.append(indent)
        self.lines, self.start, self.in_item = [text], number, True

    def _heading(self, number: int, title: str) -> None:
        """Start a section (an ATX heading's text, as markdown-it gives it)."""
        if title.endswith("#"):
            raise _NotPlainError  # a closing sequence, which markdown-it strips
        line = number + self.offset + 1
        scan_lines(title, line, self.result)
        if self.title:
            self.result.sections.append(Section(self.title, self.title_line, tuple(self.items)))
        self.title, self.title_line, self.items = title, line, []

    def _close_lists(self) -> None:
        """End every open list."""
        self.stack.clear()
        self.indents.clear()

    def _flush(self) -> None:
        """Hand the gathered paragraph over, as its inline token would be."""
        if not self.lines:
            return
        content = "\n".join(self.lines).strip()
        line = self.start + self.offset + 1
        self.lines = []
        links = scan_lines(content, line, self.result)
        if self.in_item:
            item = read_item(content, links, line, self.stack, self.title, self.result)
            if self.title and len(self.stack) == 1:
                self.items.append(item)
        elif self.title and not self.stack and content.strip():
            self.items.append(SectionItem(content.split("\n", 1)[0].strip(), line))
