"""Read one note file into a Note: decode, split front matter, convert fields, walk the body."""

from __future__ import annotations

import re
from pathlib import Path

from journal_tools import fields, front_matter
from journal_tools.errors import NoteError
from journal_tools.markdown import read_body
from journal_tools.note import FrontMatter, Note, NoteKind, note_name
from journal_tools.problem import Problem
from journal_tools.weeks import IsoWeek, parse_iso_date

MAX_NOTE_BYTES = 2 * 1024 * 1024
_DAILY_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_WEEKLY_NAME = re.compile(r"^\d{4}-W\d{2}$")
KINDS_WITH_SECTIONS: frozenset[NoteKind | None] = frozenset({"reflection", "assessment", "feedback"})
"""The kinds whose sections the model reads (a reflection's headings, an assessment's skills and
profile, a feedback note's first line); other notes keep none, which holds a daily note's text out of
memory (a quarter of a parsed vault's). Their tasks still carry their section's title."""


def decode(data: bytes) -> str:
    """Decode a note's bytes as UTF-8 (BOM dropped) with newline line endings; NoteError if not text."""
    if len(data) > MAX_NOTE_BYTES:
        raise NoteError(
            f"note is larger than {MAX_NOTE_BYTES // (1024 * 1024)} MB ({len(data):,} bytes); not read"
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise NoteError("note is UTF-16 encoded; save it as UTF-8")
    if b"\x00" in data:
        raise NoteError(
            "not a text file (it contains NUL bytes)", data[: data.index(b"\x00")].count(b"\n") + 1
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        bad = data[exc.start : exc.start + 1].hex()
        raise NoteError(f"not valid UTF-8 (byte 0x{bad}); save the note as UTF-8", line) from exc
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_note(root: Path, path: str) -> Note:
    """Read and parse the note at ``path`` (relative to ``root``); problems never raise."""
    try:
        data = (root / path).read_bytes()
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return _unreadable(path, NoteError(f"cannot read the note: {reason}"))
    try:
        return parse_note(path, decode(data))
    except NoteError as exc:
        return _unreadable(path, exc)


def _unreadable(path: str, error: NoteError) -> Note:
    """Return the Note of a file that could not be read, carrying the reason."""
    return Note(path=path, problems=(Problem(path, error.line, "error", error.message),), readable=False)


def parse_note(path: str, text: str) -> Note:
    """Parse decoded note text. Raises NoteError when the front matter cannot be read."""
    yaml_text, body, offset = front_matter.split(text)
    problems: list[Problem] = []
    front = FrontMatter()
    if yaml_text is not None:
        raw, lines = front_matter.load(yaml_text)
        if raw.get("generator") == "journal-tools" and raw.get("generated") is True:
            return Note(path=path, readable=False)  # a generated page (from an earlier output folder)
        front, problems = fields.convert(raw, lines, path)
    name = note_name(path)
    kind = _kind(front, name)
    day = (
        front.note_date
        if kind == "daily" and front.note_date
        else parse_iso_date(name)
        if _DAILY_NAME.match(name)
        else None
    )
    week = _week(front, name) if kind == "reflection" else None
    if kind == "reflection" and week is None:
        problems.append(
            Problem(
                path,
                1,
                "error",
                "reflection has no week: add 'week: 2026-W47' (or name the file 2026-W47.md)",
            )
        )
    content = read_body(body, offset)
    problems.extend(Problem(path, line, severity, message) for line, severity, message in content.problems)
    return Note(
        path=path,
        front=front,
        kind=kind,
        day=day,
        week=week,
        tasks=tuple(content.tasks),
        sections=tuple(content.sections) if kind in KINDS_WITH_SECTIONS else (),
        links=tuple(content.links),
        measurements=tuple(content.measurements),
        problems=tuple(problems),
    )


def _kind(front: FrontMatter, name: str) -> NoteKind | None:
    """Return the note kind from ``type``, else from a daily or weekly file name."""
    if front.type is not None:
        return front.type
    if front.lines and "type" in dict(front.lines):
        return None  # an unknown type: read as a plain note
    if _DAILY_NAME.match(name) and parse_iso_date(name):
        return "daily"
    if _WEEKLY_NAME.match(name) and IsoWeek.parse(name):
        return "reflection"
    return None


def _week(front: FrontMatter, name: str) -> IsoWeek | None:
    """Return a reflection's week: ``week``, else the file name, else the week of ``date``."""
    if front.week is not None:
        return front.week
    from_name = IsoWeek.parse(name)
    if from_name is not None:
        return from_name
    return IsoWeek.of(front.note_date) if front.note_date else None
