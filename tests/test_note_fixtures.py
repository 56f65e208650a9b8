"""Golden tests: each ``tests/fixtures/notes/<case>.md`` parses to ``<case>.expected.json``.

The expected files say what docs/vault-format.md promises for the note. A note of a kind that keeps
no sections (a daily note, a goal) also lists, under ``sections_read``, the sections its body reader
found, so the fixtures check the reading of every body. A case whose expected file
reflects the doc while the code does something else is listed in ``DOC_DISAGREEMENTS`` and runs as a
strict xfail, so it turns into a failure the day the code is fixed (then remove it from the list).

To add a case, drop ``<case>.md`` in the folder and run this test: it fails with the JSON the code
produces; check it against the doc by hand and save it as ``<case>.expected.json``.
"""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from journal_tools import front_matter
from journal_tools.errors import NoteError
from journal_tools.markdown import read_body
from journal_tools.note import Note
from journal_tools.parse import KINDS_WITH_SECTIONS, decode, parse_note
from journal_tools.weeks import IsoWeek

FIXTURES = Path(__file__).parent / "fixtures" / "notes"

DOC_DISAGREEMENTS: dict[str, str] = {}
"""Fixture file name -> why the code does not (yet) do what docs/vault-format.md says."""


def to_json(value: object) -> Any:
    """Turn parsed values into plain JSON values.

    Dataclass fields that equal their declared default are left out (everywhere, so a missing key
    always means "the default"); dates become ISO strings, weeks ``2026-W47``, tuples lists.
    """
    if isinstance(value, IsoWeek):
        return str(value)
    if isinstance(value, date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for spec in dataclasses.fields(value):
            item = getattr(value, spec.name)
            if spec.default is not dataclasses.MISSING and item == spec.default:
                continue
            if spec.default_factory is not dataclasses.MISSING and item == spec.default_factory():
                continue
            out[spec.name] = to_json(item)
        return out
    if isinstance(value, list | tuple):
        return [to_json(item) for item in value]
    if isinstance(value, dict):
        return {str(key): to_json(item) for key, item in value.items()}
    if value is None or isinstance(value, str | int | float | bool):
        return value
    raise TypeError(f"cannot turn {type(value).__name__} into JSON")


def note_to_json(note: Note) -> dict[str, Any]:
    """Return a parsed note as plain JSON (see ``to_json``)."""
    result = to_json(note)
    assert isinstance(result, dict)
    return result


def parse_fixture(path: Path) -> dict[str, Any]:
    """Decode and parse a fixture file; a NoteError becomes ``{"error": ..., "line": ...}``."""
    try:
        text = decode(path.read_bytes())
        note = note_to_json(parse_note(path.name, text))
    except NoteError as exc:
        return {"error": exc.message, "line": exc.line}
    _, body, offset = front_matter.split(text)
    sections = read_body(body, offset).sections
    if note.get("kind") not in KINDS_WITH_SECTIONS and sections:
        note["sections_read"] = to_json(sections)
    return note


def dump(data: object) -> str:
    """Format JSON the way the expected files are written (lists of plain values on one line)."""
    return _format(data, 0) + "\n"


def _format(value: object, depth: int) -> str:
    inner, outer = "  " * (depth + 1), "  " * depth
    if isinstance(value, dict) and value:
        items = [f"{inner}{json.dumps(key)}: {_format(item, depth + 1)}" for key, item in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{outer}}}"
    if isinstance(value, list) and any(isinstance(item, list | dict) for item in value):
        items = [f"{inner}{_format(item, depth + 1)}" for item in value]
        return "[\n" + ",\n".join(items) + f"\n{outer}]"
    return json.dumps(value, ensure_ascii=False)


def _cases() -> list[Any]:
    cases = []
    for path in sorted(FIXTURES.glob("*.md")):
        reason = DOC_DISAGREEMENTS.get(path.name)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        cases.append(pytest.param(path, id=path.stem, marks=marks))
    return cases


def test_fixture_folder_has_cases() -> None:
    assert len(_cases()) >= 20


def test_every_expected_file_has_a_note() -> None:
    orphans = [
        path.name
        for path in FIXTURES.glob("*.expected.json")
        if not path.with_name(path.name.removesuffix(".expected.json") + ".md").exists()
    ]
    assert orphans == []


def test_disagreements_name_existing_fixtures() -> None:
    assert [name for name in DOC_DISAGREEMENTS if not (FIXTURES / name).exists()] == []


@pytest.mark.parametrize("path", _cases())
def test_note_fixture(path: Path) -> None:
    actual = parse_fixture(path)
    expected_path = path.with_name(path.stem + ".expected.json")
    if not expected_path.exists():
        pytest.fail(
            f"{expected_path.name} is missing. The code produces the JSON below; check it against "
            f"docs/vault-format.md and save it as {expected_path}:\n{dump(actual)}"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    assert actual == expected
