"""Split a note into front matter and body, and load the front matter the way Obsidian reads it.

Most front matter is plain ``key: value`` lines, read without YAML (:mod:`front_matter_fast`); the
rest goes through PyYAML (:mod:`front_matter_yaml`), loaded then and not before.
"""

from __future__ import annotations

import re
from typing import Any

from journal_tools.errors import NoteError
from journal_tools.front_matter_fast import read_simple

MAX_FRONT_MATTER_BYTES = 64 * 1024

_FENCE = re.compile(r"^---[ \t]*$")


def split(text: str) -> tuple[str | None, str, int]:
    """Return (front matter text or None, body, number of lines before the body).

    Front matter exists only when the first line is ``---``; it ends at the next ``---`` line.
    Raises NoteError when it is never closed.
    """
    first_end = text.find("\n")
    first = text if first_end < 0 else text[:first_end]
    if not _FENCE.match(first):
        return None, text, 0
    pos = first_end + 1 if first_end >= 0 else len(text)
    line_count = 1
    while pos < len(text):
        end = text.find("\n", pos)
        line = text[pos:] if end < 0 else text[pos:end]
        line_count += 1
        if _FENCE.match(line):
            body_start = len(text) if end < 0 else end + 1
            return text[first_end + 1 : pos], text[body_start:], line_count
        if end < 0:
            break
        pos = end + 1
    raise NoteError("front matter opened by '---' on line 1 is never closed by a '---' line", 1)


def load(yaml_text: str) -> tuple[dict[str, Any], dict[str, int]]:
    """Load front matter YAML into a mapping and the file line of each top-level key.

    Raises NoteError with the line in the file (line 1 is the opening ``---``).
    """
    if len(yaml_text.encode("utf-8")) > MAX_FRONT_MATTER_BYTES:
        raise NoteError(f"front matter is larger than {MAX_FRONT_MATTER_BYTES // 1024} KB", 1)
    simple = read_simple(yaml_text)
    if simple is not None:
        return simple
    from journal_tools.front_matter_yaml import load_yaml  # PyYAML: about 10 ms to load

    return load_yaml(yaml_text)
