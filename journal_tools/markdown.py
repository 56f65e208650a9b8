"""Walk a note body's markdown-it block tokens for tasks, sections, links and measurements."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from journal_tools.body import Body, Item, read_item, scan_lines
from journal_tools.markdown_fast import read_plain_body
from journal_tools.note import Section, SectionItem

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token


@functools.cache
def _parser() -> MarkdownIt:
    """Return a parser of block structure only: inline tokens keep their text, not split further.

    markdown-it is loaded then, not before: most notes never need it (their body is plain,
    :func:`read_plain_body`), and loading it takes about 20 ms of a run's start.
    """
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").disable("inline")


def read_body(body: str, offset: int) -> Body:
    """Read a body whose first line is line ``offset + 1`` of the file (a plain body by lines)."""
    found = read_plain_body(body, offset)
    return found if found is not None else read_body_tokens(body, offset)


def read_body_tokens(body: str, offset: int) -> Body:
    """Read a body through markdown-it's block tokens (any CommonMark)."""
    result = Body()
    tokens = _parser().parse(body)
    stack: list[Item] = []
    title, title_line = "", 0
    items: list[SectionItem] = []
    for index, token in enumerate(tokens):
        if token.type == "list_item_open":
            stack.append(Item(line=_line(token, offset)))
        elif token.type == "list_item_close":
            stack.pop()
        elif token.type == "inline":
            line = _line(token, offset)
            links = scan_lines(token.content, line, result)
            if tokens[index - 1].type == "heading_open":
                if title:
                    result.sections.append(Section(title, title_line, tuple(items)))
                title, title_line, items = token.content.strip(), line, []
            elif _is_item_text(tokens, index) and stack:
                item = read_item(token.content, links, line, stack, title, result)
                if title and len(stack) == 1:
                    items.append(item)
            elif title and not stack and token.content.strip():
                items.append(SectionItem(token.content.split("\n", 1)[0].strip(), line))
    if title:
        result.sections.append(Section(title, title_line, tuple(items)))
    return result


def _line(token: Token, offset: int) -> int:
    """Return the file line where a token starts."""
    return (token.map[0] if token.map else 0) + offset + 1


def _is_item_text(tokens: list[Token], index: int) -> bool:
    """Tell whether an inline token is the first paragraph of a list item."""
    return (
        index >= 2
        and tokens[index - 1].type == "paragraph_open"
        and tokens[index - 2].type == "list_item_open"
    )
