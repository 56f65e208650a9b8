"""Escape note text for the Markdown or Mermaid context it lands in; draw progress bars and sparklines."""

from __future__ import annotations

import re
from functools import lru_cache

_LINE_START = re.compile(r"^(\s*)(?:([#>+=*-])|(\d+)([.)]))")
_TAG = re.compile(r"(^|\s)#(?=[^\s#])")
"""A ``#tag``: escaped on pages so Obsidian's tag search does not count it twice."""
_PIPE = re.compile(r"(\\*)\|")
_LINK_UNSAFE = re.compile(r"[\[\]|#^<>]")
_EIGHTHS = " ▏▎▍▌▋▊▉"
_SPARKS = {1: "▁", 2: "▃", 3: "▄", 4: "▆", 5: "█"}
_MERMAID_UNSAFE = re.compile(r'[#:;"%<>`{}\[\]\\|&]')
"""Characters that end a gantt task name, a quoted label, or start a comment, directive or HTML."""
_MERMAID_KEYWORD = re.compile(
    r"^(?:gantt|title|section|click|call|href|dateformat|axisformat|tickinterval|includes|excludes|"
    r"todaymarker|weekday|weekend|inclusiveenddates|topaxis|accdescription|accdescr|acctitle|\d)",
    re.IGNORECASE,
)
"""A gantt line that starts with one of these is read as a statement, not as a task."""
_MEMO = lru_cache(maxsize=8192)
"""The same titles and links are escaped on many pages: each is worked out once. Most task texts
appear on one page only; a larger memo held them all (45 MB at 50,000 notes) for no gain."""


_PLAIN = re.compile(r"[A-Za-z][^\s<%:#|]*(?: [^\s<%:#|]+)*")
"""Text :func:`inline` and :func:`cell` give back as it is: words with single spaces, starting with a
letter, without ``<``, ``%``, ``:``, ``#`` or ``|`` (most task texts). ``tests/test_escape.py`` checks it."""


@_MEMO
def inline(text: str) -> str:
    """Make note text safe inside a Markdown line: one line, no HTML, no comment, no block marker.

    The user's own inline Markdown (links, emphasis) is kept.
    """
    return text if _PLAIN.fullmatch(text) else escape_inline(text)


def escape_inline(text: str) -> str:
    """Do what :func:`inline` says, whatever the text (without looking for plain text first)."""
    text = " ".join(text.split())
    text = text.replace("<", "&lt;").replace("%%", "\\%\\%").replace("::", "\\::")
    text = _TAG.sub(r"\1\\#", text)
    return _LINE_START.sub(_escape_marker, text, count=1)


def _escape_marker(match: re.Match[str]) -> str:
    """Backslash-escape a block marker at the start of a line (``#``, ``>``, ``-``, ``1.``)."""
    if match.group(2):
        return f"{match.group(1)}\\{match.group(2)}"
    return f"{match.group(1)}{match.group(3)}\\{match.group(4)}"


@_MEMO
def cell(text: str) -> str:
    """Make note text safe inside a table cell: as :func:`inline`, with every ``|`` escaped."""
    return escape_pipes(inline(text))


def escape_pipes(markdown: str) -> str:
    r"""Escape each ``|`` so a table keeps its columns (``[[a|b]]`` becomes ``[[a\|b]]``)."""
    if "|" not in markdown:
        return markdown
    return _PIPE.sub(lambda m: m.group(1) + ("" if len(m.group(1)) % 2 else "\\") + "|", markdown)


@_MEMO
def link(path: str, label: str) -> str:
    """Link a vault note by its path, shown as ``label``; a wikilink when both are plain."""
    target = path.removesuffix(".md")
    shown = " ".join(label.split())
    if not _LINK_UNSAFE.search(target) and not _LINK_UNSAFE.search(shown) and "%%" not in shown:
        return f"[[{target}|{shown}]]" if shown != target else f"[[{target}]]"
    escaped = re.sub(r"([\[\]\\`*_])", r"\\\1", shown).replace("%%", "\\%\\%").replace("<", "&lt;")
    destination = path.replace("<", "%3C").replace(">", "%3E")
    return f"[{escaped}](<{destination}>)"


@_MEMO
def source(path: str) -> str:
    """Link a vault note shown by its file name, e.g. ``[[Journal/Daily/2026-11-10|2026-11-10]]``."""
    return link(path, path.rsplit("/", 1)[-1].removesuffix(".md"))


@_MEMO
def cell_link(path: str, label: str) -> str:
    """Link a note inside a table cell (the alias pipe escaped)."""
    return escape_pipes(link(path, label))


@_MEMO
def mermaid(text: str, quoted: bool = False) -> str:
    """Make note text safe in a Mermaid diagram: a gantt task or section name, or a ``quoted`` label.

    One line; every character Mermaid's grammars give a meaning (``#:;"%<>`` and brackets) becomes an
    entity code (``#58;``), which Mermaid turns back into the character when it draws. Outside quotes, a
    leading keyword or digit is encoded too, so a gantt task is never read as a statement or a date.
    """
    text = " ".join(text.split())
    text = _MERMAID_UNSAFE.sub(lambda m: f"#{ord(m.group())};", text)
    if not quoted and _MERMAID_KEYWORD.match(text):
        text = f"#{ord(text[0])};{text[1:]}"
    return text or "#32;"


def bar(fraction: float, width: int = 10) -> str:
    """Draw a progress bar of ``width`` cells in eighths: ``██████▍░░░``."""
    return _bar(round(max(0.0, min(1.0, fraction)) * width * 8), width)


@lru_cache(maxsize=256)
def _bar(eighths: int, width: int) -> str:
    """Draw a bar of ``eighths`` eighths of a cell (one string for each: pages keep thousands of bars)."""
    full, part = divmod(eighths, 8)
    partial = _EIGHTHS[part].strip()
    return "█" * full + partial + "░" * (width - full - len(partial))


def spark(ratings: list[int | None]) -> str:
    """Draw ratings 1-5 as a sparkline; a week without a rating is ``·``."""
    return "".join(_SPARKS.get(r, "·") if r is not None else "·" for r in ratings)


def tidy(markdown: str) -> str:
    """Collapse runs of blank lines outside code fences into one, and end with exactly one newline."""
    lines: list[str] = []
    fence = ""
    for line in markdown.splitlines():
        marker = line.lstrip()[:3]
        if marker in ("```", "~~~") and (not fence or marker == fence):
            fence = "" if fence else marker
        if not fence and not line.strip() and (not lines or not lines[-1].strip()):
            continue
        lines.append(line.rstrip() if not fence else line)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"
