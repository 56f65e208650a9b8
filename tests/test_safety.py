"""Data safety: odd files are problems, not crashes; pages are never half written; user files never touched."""

from __future__ import annotations

import os
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from markdown_it import MarkdownIt

from journal_tools.pipeline import build
from journal_tools.writers import WAITING
from tests.conftest import TODAY, MakeVault

GOAL = "---\ntype: goal\ntitle: Ship it\ndue: 2026-12-31\n---\n- [ ] step 📅 2026-11-25\n"


def _messages(vault: Path) -> list[str]:
    return [str(p) for p in build(vault, TODAY).problems]


def test_a_symlink_to_a_note_outside_the_vault_is_not_followed(make_vault: MakeVault, tmp_path: Path) -> None:
    outside = tmp_path / "secret.md"
    outside.write_text(GOAL, encoding="utf-8")
    vault = make_vault({"Goals/real.md": GOAL})
    (vault / "Goals/link.md").symlink_to(outside)
    result = build(vault, TODAY)
    assert [n.path for n in result.analysis.vault.notes] == ["Goals/real.md"]
    assert "Goals/link.md:1: warning: symlink to a file outside the vault; not read" in [
        str(p) for p in result.problems
    ]


def test_a_folder_symlink_loop_is_not_followed(make_vault: MakeVault) -> None:
    vault = make_vault({"a/note.md": GOAL})
    (vault / "a/loop").symlink_to(vault / "a")
    result = build(vault, TODAY)
    assert [n.path for n in result.analysis.vault.notes] == ["a/note.md"]


def test_a_broken_symlink_is_a_problem(make_vault: MakeVault) -> None:
    vault = make_vault({"ok.md": GOAL})
    (vault / "gone.md").symlink_to(vault / "nowhere.md")
    assert any(m.startswith("gone.md:1: ") for m in _messages(vault))


@pytest.mark.parametrize(
    "name",
    [
        "My goal.md",
        "Ünïcödé.md",
        unicodedata.normalize("NFD", "Café.md"),
        "C# and F#.md",
        "a|b.md",
        "[draft] plan.md",
    ],
)
def test_odd_file_names_are_read_and_linked(make_vault: MakeVault, name: str) -> None:
    stem = name.removesuffix(".md")
    vault = make_vault(
        {f"Goals/{name}": GOAL.replace("Ship it", "Odd"), "2026-11-18.md": f"- [x] did [[{stem}]]\n"}
    )
    result = build(vault, TODAY)
    assert [g.goal.title for g in result.analysis.goals] == ["Odd"]
    dashboard = (vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")
    assert "Odd" in dashboard


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", None),
        (b"\xff\xfe-\x00-\x00-\x00", "note is UTF-16 encoded; save it as UTF-8"),
        (b"---\ntitle: x\n---\n\x00\x01binary", "not a text file (it contains NUL bytes)"),
        (b"caf\xe9\n", "not valid UTF-8 (byte 0xe9); save the note as UTF-8"),
        (b"x" * (2 * 1024 * 1024 + 1), "note is larger than 2 MB (2,097,153 bytes); not read"),
    ],
)
def test_files_that_are_not_notes_are_problems(
    make_vault: MakeVault, content: bytes, message: str | None
) -> None:
    vault = make_vault({"ok.md": GOAL, "odd.md": content})
    messages = _messages(vault)
    if message is None:
        assert messages == []
    else:
        assert any(m.startswith("odd.md:") and m.endswith(message) for m in messages), messages
    assert "[[ok|Ship it]]" in (vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")


def test_a_read_only_page_is_reported_not_replaced(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL})
    build(vault, TODAY)
    page = vault / "Reviews/Dashboard.md"
    page.chmod(0o444)
    (vault / "g.md").write_text(GOAL.replace("Ship it", "Ship it now"), encoding="utf-8")
    before = page.read_bytes()
    assert "Reviews/Dashboard.md:1: is read-only; not overwritten" in _messages(vault)  # even for root
    assert page.read_bytes() == before


def test_a_symlinked_page_is_reported_not_replaced(make_vault: MakeVault, tmp_path: Path) -> None:
    target = tmp_path / "elsewhere.md"
    target.write_text("mine\n", encoding="utf-8")
    vault = make_vault({"g.md": GOAL})
    (vault / "Reviews").mkdir()
    (vault / "Reviews/Dashboard.md").symlink_to(target)
    messages = _messages(vault)
    assert any(m.startswith("Reviews/Dashboard.md:1: is a symlink") for m in messages)
    assert target.read_text(encoding="utf-8") == "mine\n"


def test_a_broken_vault_template_is_a_problem_and_the_built_in_one_is_used(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL, ".journal-tools/templates/dashboard.md.j2": "{% for x in %}\n"})
    result = build(vault, TODAY)
    assert any(
        p.path == ".journal-tools/templates/dashboard.md.j2" and "the built-in template was used" in p.message
        for p in result.problems
    )
    assert "# Career dashboard" in (vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")


def test_vault_templates_run_in_the_sandbox(make_vault: MakeVault) -> None:
    escape = "{{ ''.__class__.__mro__[1].__subclasses__() }}\n"
    vault = make_vault({"g.md": GOAL, ".journal-tools/templates/dashboard.md.j2": escape})
    result = build(vault, TODAY)
    assert any("the built-in template was used" in p.message for p in result.problems)
    assert "subclasses" not in (vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")


def test_note_text_is_never_run_as_a_template(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL.replace("Ship it", '"{{ 7 * 7 }} {% raw %}"')})
    build(vault, TODAY)
    assert "{{ 7 * 7 }} {% raw %}" in (vault / "Reviews/Dashboard.md").read_text(encoding="utf-8")


# Fault injection: the real filesystem, with one chosen call made to fail.


def _fail_on(
    monkeypatch: pytest.MonkeyPatch, module: Any, name: str, call: int, within: Path | None = None
) -> None:
    """Make the ``call``-th call of ``module.name`` raise OSError (the others go through).

    With ``within``, only calls on a path inside that folder count (the template cache is elsewhere).
    """
    real: Callable[..., Any] = getattr(module, name)
    count = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        counted = within is None or Path(args[0]).is_relative_to(within)
        count["n"] += counted
        if counted and count["n"] == call:
            raise OSError(28, "No space left on device (injected)")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, failing)


def _pages(vault: Path) -> dict[str, bytes]:
    return {
        p.relative_to(vault).as_posix(): p.read_bytes()
        for p in sorted((vault / "Reviews").rglob("*"))
        if p.is_file()
    }


@pytest.mark.parametrize(
    ("name", "call"),
    # fsync 1 and 3 sync the two pages' temp files (2 syncs the folder after a rename and may fail quietly)
    [("fsync", 1), ("fsync", 3), ("replace", 1), ("replace", 2), ("fdopen", 1), ("fdopen", 2)],
)
def test_a_failing_write_leaves_every_page_old_or_new(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, name: str, call: int
) -> None:
    vault = make_vault({"g.md": GOAL, "2026-11-18.md": "- [x] a\n"})
    build(vault, TODAY)
    old = _pages(vault)
    (vault / "g.md").write_text(GOAL.replace("Ship it", "Ship it better"), encoding="utf-8")
    (vault / "2026-11-18.md").write_text("- [x] a\n- [x] b\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        _fail_on(patch, os, name, call)
        result = build(vault, TODAY)
    assert any("cannot write the page" in p.message for p in result.problems)
    middle = _pages(vault)
    assert not [p for p in (vault / "Reviews").rglob("*") if p.name.endswith(".tmp")]
    new = _pages(_fresh(vault))
    for page, data in middle.items():
        assert data in (old.get(page), new.get(page)), f"{page} is neither old nor new"
    build(vault, TODAY)
    assert _pages(vault) == new


@pytest.mark.parametrize("call", [1, 7, 15])
def test_a_failing_write_among_many_pages_written_at_once_leaves_each_old_or_new(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch, call: int
) -> None:
    days = [f"2026-{month:02d}-{day:02d}" for month in (7, 8, 9, 10) for day in (6, 13, 20, 27)]
    vault = make_vault({"g.md": GOAL, **{f"{day}.md": "- [x] a [[g]]\n" for day in days}})
    build(vault, TODAY)
    old = _pages(vault)
    for day in days:  # every weekly page changes: more pages than may wait for the writing threads
        (vault / f"{day}.md").write_text("- [x] a [[g]]\n- [x] b [[g]]\n", encoding="utf-8")
    with monkeypatch.context() as patch:
        _fail_on(patch, os, "fsync", call)
        result = build(vault, TODAY)
    assert len(result.report.written) > WAITING
    assert [p.message for p in result.problems if "cannot write the page" in p.message]
    new = _pages(_fresh(vault))
    for page, data in _pages(vault).items():
        assert data in (old.get(page), new.get(page)), f"{page} is neither old nor new"
    build(vault, TODAY)
    assert _pages(vault) == new


def test_files_not_ours_among_many_pages_written_at_once_are_left_alone(make_vault: MakeVault) -> None:
    days = [f"2026-{month:02d}-{day:02d}" for month in (7, 8, 9, 10) for day in (6, 13, 20, 27)]
    vault = make_vault({"g.md": GOAL, **{f"{day}.md": "- [x] a [[g]]\n" for day in days}})
    build(vault, TODAY)
    weekly = sorted((vault / "Reviews/Weekly").glob("*.md"))
    mine, edited = weekly[WAITING], weekly[-2]  # pages that writing threads take, not this one
    mine.write_text("my own notes\n", encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8") + "a line of mine\n", encoding="utf-8")
    kept = {mine: mine.read_bytes(), edited: edited.read_bytes()}
    for day in days:  # every weekly page changes
        (vault / f"{day}.md").write_text("- [x] a [[g]]\n- [x] b [[g]]\n", encoding="utf-8")
    for dry_run in (True, False):
        result = build(vault, TODAY, dry_run=dry_run)
        assert len(result.report.written) > WAITING
        refused = {p.path for p in result.problems if "not overwritten" in p.message}
        assert refused == {path.relative_to(vault).as_posix() for path in kept}
        assert {path: path.read_bytes() for path in kept} == kept


def test_a_failing_folder_creation_is_a_problem(
    make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = make_vault({"g.md": GOAL})
    with monkeypatch.context() as patch:
        _fail_on(patch, os, "mkdir", 1, within=vault)
        result = build(vault, TODAY)
    assert "Reviews/Dashboard.md" not in result.report.written
    assert "Reviews/Dashboard.md:1: cannot write the page: No space left on device (injected)" in [
        str(p) for p in result.problems
    ]
    build(vault, TODAY)
    assert (vault / "Reviews/Dashboard.md").exists()


def test_a_run_killed_between_temp_file_and_rename_is_cleaned_up(make_vault: MakeVault) -> None:
    vault = make_vault({"g.md": GOAL})
    build(vault, TODAY)
    old = (vault / "Reviews/Dashboard.md").read_bytes()
    leftover = vault / "Reviews/.Dashboard.md.x1y2.journal-tools.tmp"
    leftover.write_bytes(old[:10])  # what a kill after the temp file's first write leaves
    build(vault, TODAY)
    assert not leftover.exists()
    assert (vault / "Reviews/Dashboard.md").read_bytes() == old


def _fresh(vault: Path) -> Path:
    """Build a copy of the vault's notes from scratch, for the expected new pages."""
    import shutil

    copy = vault.parent / "fresh"
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(vault, copy, ignore=shutil.ignore_patterns("Reviews"))
    build(copy, TODAY)
    return copy


def test_an_unreadable_note_is_a_problem(make_vault: MakeVault, monkeypatch: pytest.MonkeyPatch) -> None:
    vault = make_vault({"ok.md": GOAL, "locked.md": GOAL})
    real = Path.read_bytes

    def read_bytes(path: Path) -> bytes:
        if path.name == "locked.md":
            raise PermissionError(13, "Permission denied")
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)  # root reads anything: inject the refusal
    result = build(vault, TODAY)
    assert "locked.md:1: cannot read the note: Permission denied" in [str(p) for p in result.problems]
    assert [g.goal.path for g in result.analysis.goals] == ["ok.md"]


HOSTILE_TITLES = [
    "a | b",
    "[[x|y]] inside",
    "<script>alert(1)</script>",
    "<!-- open comment",
    "%% hidden %%",
    "# heading",
    "> quote",
    "- dash",
    "1. numbered",
    "`tick",
    'Q3: lead "Atlas"; #1',
    "line\\nbreak",
]


def test_hostile_titles_keep_every_table_intact(make_vault: MakeVault) -> None:
    from tests.test_properties import tables_keep_their_columns

    files: dict[str, str | bytes] = {}
    for number, title in enumerate(HOSTILE_TITLES):
        quoted = title.replace('"', '\\"')
        files[f"Goals/g{number}.md"] = (
            f'---\ntype: goal\ntitle: "{quoted}"\ndue: 2026-11-{number + 1:02d}\npartner: "{quoted}"\n---\n'
            f"## Milestones\n- [ ] {title} 📅 2026-11-{number + 10:02d}\n"
        )
    files["W/2026-W47.md"] = "---\nweek: 2026-W47\nrating: 2\n---\n## Tough spots\n" + "".join(
        f"- {t}\n" for t in HOSTILE_TITLES
    )
    vault = make_vault(files)
    result = build(vault, TODAY)
    assert result.errors == 0
    parser = MarkdownIt("commonmark").enable("table")
    for page in (vault / "Reviews").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        tables_keep_their_columns(text)
        tokens = parser.parse(text)
        children = [child for token in tokens for child in (token.children or [])]
        assert not [t for t in tokens + children if t.type in ("html_block", "html_inline")], page.name
